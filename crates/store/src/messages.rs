use crate::Result;
use crate::blobs::{NewFile, StoredFile};
use crate::row::RowExt;
use dealerdesk_domain::model::{Message, MessageThread};
use dealerdesk_domain::{
    DealerId, DealerScope, FactoryId, MessageId, OrderId, ThreadId, Timestamp, UserId,
};
use sqlx::AnyConnection;

pub struct Messages<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// A thread as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreadRow {
    pub thread: MessageThread,
    pub factory_id: FactoryId,
    pub dealer_name: String,
    pub order_number: Option<String>,
    /// Messages from others the reader has not read.
    pub unread: i64,
}

/// Whose threads a list shows.
#[derive(Debug, Clone, Copy)]
pub enum ThreadsOf<'a> {
    Dealer(&'a DealerScope),
    /// The dealers this manager looks after.
    Manager(UserId),
    /// Every dealer of a factory (a head of sales), or of all (`None`).
    Factory(Option<FactoryId>),
    /// One thread of this dealer.
    Thread(&'a DealerScope, ThreadId),
}

/// One message with its author, for a thread's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MessageRow {
    pub message: Message,
    pub author_name: String,
    /// The author is one of the dealer's people (not the plant's).
    pub from_dealer: bool,
}

impl Messages<'_> {
    pub async fn create_thread(
        &mut self,
        scope: &DealerScope,
        factory: FactoryId,
        order: Option<OrderId>,
        subject: &str,
        by: UserId,
    ) -> Result<ThreadId> {
        let now = Timestamp::now().0;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO message_threads (factory_id, dealer_id, order_id, subject, created_by, created_at, last_message_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(factory.0)
        .bind(scope.dealer().0)
        .bind(order.map(|o| o.0))
        .bind(subject)
        .bind(by.0)
        .bind(now)
        .fetch_one(&mut *self.c)
        .await?;
        Ok(ThreadId(id))
    }

    /// Adds a message to a thread of this dealer; `NotFound` if the thread
    /// is not the dealer's.
    pub async fn post(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
        author: UserId,
        body: &str,
    ) -> Result<MessageId> {
        let now = Timestamp::now().0;
        let n = sqlx::query(
            "UPDATE message_threads SET last_message_at = $3 WHERE id = $1 AND dealer_id = $2",
        )
        .bind(thread.0)
        .bind(scope.dealer().0)
        .bind(now)
        .execute(&mut *self.c)
        .await?
        .rows_affected();
        if n == 0 {
            return Err(crate::StoreError::NotFound);
        }
        let id: i64 = sqlx::query_scalar("INSERT INTO messages (thread_id, dealer_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(thread.0)
            .bind(scope.dealer().0)
            .bind(author.0)
            .bind(body)
            .bind(now)
            .fetch_one(&mut *self.c)
            .await?;
        self.mark_read(thread, author, MessageId(id)).await?;
        Ok(MessageId(id))
    }

    pub async fn mark_read(
        &mut self,
        thread: ThreadId,
        user: UserId,
        upto: MessageId,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO thread_reads (thread_id, user_id, last_read_message_id) VALUES ($1, $2, $3) \
             ON CONFLICT (thread_id, user_id) DO UPDATE SET last_read_message_id = excluded.last_read_message_id \
             WHERE thread_reads.last_read_message_id < excluded.last_read_message_id",
        )
        .bind(thread.0)
        .bind(user.0)
        .bind(upto.0)
        .execute(&mut *self.c)
        .await?;
        Ok(())
    }

    pub async fn threads(&mut self, scope: &DealerScope, limit: i64) -> Result<Vec<MessageThread>> {
        let rows = sqlx::query("SELECT id, dealer_id, order_id, subject, created_at, last_message_at FROM message_threads WHERE dealer_id = $1 ORDER BY last_message_at DESC, id DESC LIMIT $2")
            .bind(scope.dealer().0)
            .bind(limit)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MessageThread {
                    id: ThreadId(r.i64("id")?),
                    dealer_id: DealerId(r.i64("dealer_id")?),
                    order_id: r.opt_i64("order_id")?.map(OrderId),
                    subject: r.string("subject")?,
                    created_at: r.ts("created_at")?,
                    last_message_at: r.ts("last_message_at")?,
                })
            })
            .collect()
    }

    pub async fn messages(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
    ) -> Result<Vec<Message>> {
        let rows = sqlx::query("SELECT id, thread_id, author_id, body, created_at FROM messages WHERE thread_id = $1 AND dealer_id = $2 ORDER BY id")
            .bind(thread.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Message {
                    id: MessageId(r.i64("id")?),
                    thread_id: ThreadId(r.i64("thread_id")?),
                    author_id: UserId(r.i64("author_id")?),
                    body: r.string("body")?,
                    created_at: r.ts("created_at")?,
                })
            })
            .collect()
    }

    /// Messages from others that `user` has not read, in the threads of one
    /// dealer (a dealer's people) or of every dealer a manager looks after.
    pub async fn unread(&mut self, user: UserId, dealer: Option<&DealerScope>) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM messages m JOIN message_threads t ON t.id = m.thread_id JOIN dealers d ON d.id = t.dealer_id \
             LEFT JOIN thread_reads r ON r.thread_id = t.id AND r.user_id = $1 \
             WHERE m.author_id <> $1 AND m.id > COALESCE(r.last_read_message_id, 0) \
             AND (CASE WHEN $2 = 0 THEN d.manager_id = $1 ELSE t.dealer_id = $2 END)",
        )
        .bind(user.0)
        .bind(dealer.map(|d| d.dealer().0).unwrap_or(0))
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// Threads with their unread counts for `reader`, latest first.
    pub async fn list(
        &mut self,
        of: ThreadsOf<'_>,
        reader: UserId,
        limit: i64,
    ) -> Result<Vec<ThreadRow>> {
        let (mode, id, dealer) = match of {
            ThreadsOf::Dealer(s) => (1, s.dealer().0, 0),
            ThreadsOf::Manager(u) => (2, u.0, 0),
            ThreadsOf::Factory(f) => (3, f.map(|f| f.0).unwrap_or(0), 0),
            ThreadsOf::Thread(s, t) => (4, t.0, s.dealer().0),
        };
        let rows = sqlx::query(
            "SELECT t.id, t.dealer_id, t.order_id, t.subject, t.created_at, t.last_message_at, t.factory_id, d.name AS dealer_name, o.number AS order_number, \
             (SELECT COUNT(*) FROM messages m WHERE m.thread_id = t.id AND m.author_id <> $3 \
                AND m.id > COALESCE((SELECT r.last_read_message_id FROM thread_reads r WHERE r.thread_id = t.id AND r.user_id = $3), 0)) AS unread \
             FROM message_threads t JOIN dealers d ON d.id = t.dealer_id LEFT JOIN orders o ON o.id = t.order_id \
             WHERE ($1 = 1 AND t.dealer_id = $2) OR ($1 = 2 AND d.manager_id = $2) OR ($1 = 3 AND ($2 = 0 OR t.factory_id = $2)) \
             OR ($1 = 4 AND t.id = $2 AND t.dealer_id = $5) \
             ORDER BY t.last_message_at DESC, t.id DESC LIMIT $4",
        )
        .bind(mode)
        .bind(id)
        .bind(reader.0)
        .bind(limit)
        .bind(dealer)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ThreadRow {
                    thread: MessageThread {
                        id: ThreadId(r.i64("id")?),
                        dealer_id: DealerId(r.i64("dealer_id")?),
                        order_id: r.opt_i64("order_id")?.map(OrderId),
                        subject: r.string("subject")?,
                        created_at: r.ts("created_at")?,
                        last_message_at: r.ts("last_message_at")?,
                    },
                    factory_id: FactoryId(r.i64("factory_id")?),
                    dealer_name: r.string("dealer_name")?,
                    order_number: r.opt_string("order_number")?,
                    unread: r.i64("unread")?,
                })
            })
            .collect()
    }

    /// A thread's dealer, for the policy (any thread; the caller authorises).
    pub async fn dealer_of(&mut self, thread: ThreadId) -> Result<Option<DealerId>> {
        Ok(
            sqlx::query_scalar::<_, i64>("SELECT dealer_id FROM message_threads WHERE id = $1")
                .bind(thread.0)
                .fetch_optional(&mut *self.c)
                .await?
                .map(DealerId),
        )
    }

    /// One thread of this dealer as lists show it.
    pub async fn thread(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
        reader: UserId,
    ) -> Result<Option<ThreadRow>> {
        Ok(self
            .list(ThreadsOf::Thread(scope, thread), reader, 1)
            .await?
            .into_iter()
            .next())
    }

    /// A thread's messages with their authors, oldest first.
    pub async fn with_authors(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
    ) -> Result<Vec<MessageRow>> {
        let rows = sqlx::query("SELECT m.id, m.thread_id, m.author_id, m.body, m.created_at, u.display_name, \
             CASE WHEN u.dealer_id IS NULL THEN 0 ELSE 1 END AS from_dealer \
             FROM messages m JOIN users u ON u.id = m.author_id WHERE m.thread_id = $1 AND m.dealer_id = $2 ORDER BY m.id")
            .bind(thread.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(MessageRow {
                    message: Message {
                        id: MessageId(r.i64("id")?),
                        thread_id: ThreadId(r.i64("thread_id")?),
                        author_id: UserId(r.i64("author_id")?),
                        body: r.string("body")?,
                        created_at: r.ts("created_at")?,
                    },
                    author_name: r.string("display_name")?,
                    from_dealer: r.flag("from_dealer")?,
                })
            })
            .collect()
    }

    /// (thread, from the dealer's side, when) of every message in these
    /// threads, oldest first: the response times are measured from it.
    pub async fn turns(
        &mut self,
        threads: &[ThreadId],
    ) -> Result<Vec<(ThreadId, bool, Timestamp)>> {
        let mut out = Vec::new();
        for chunk in threads.chunks(500) {
            if chunk.is_empty() {
                continue;
            }
            let list = (0..chunk.len())
                .map(|i| format!("${}", i + 1))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!(
                "SELECT m.thread_id, CASE WHEN u.dealer_id IS NULL THEN 0 ELSE 1 END AS from_dealer, m.created_at \
                 FROM messages m JOIN users u ON u.id = m.author_id WHERE m.thread_id IN ({list}) ORDER BY m.thread_id, m.id"
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for t in chunk {
                q = q.bind(t.0);
            }
            for r in q.fetch_all(&mut *self.c).await? {
                out.push((
                    ThreadId(r.i64("thread_id")?),
                    r.flag("from_dealer")?,
                    r.ts("created_at")?,
                ));
            }
        }
        Ok(out)
    }

    /// Names a stored blob as a file of this message.
    pub async fn add_file(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
        message: MessageId,
        f: &NewFile<'_>,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO message_files (message_id, thread_id, dealer_id, sha256, content_type, size_bytes, file_name, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(message.0)
        .bind(thread.0)
        .bind(scope.dealer().0)
        .bind(f.sha256)
        .bind(f.content_type)
        .bind(f.size_bytes)
        .bind(f.file_name)
        .bind(Timestamp::now().0)
        .fetch_one(&mut *self.c)
        .await?)
    }

    /// Every file of a thread of this dealer with the message carrying it,
    /// in the order they were sent.
    pub async fn files(
        &mut self,
        scope: &DealerScope,
        thread: ThreadId,
    ) -> Result<Vec<(MessageId, StoredFile)>> {
        let rows = sqlx::query(
            "SELECT id, message_id, sha256, content_type, size_bytes, file_name FROM message_files \
             WHERE thread_id = $1 AND dealer_id = $2 ORDER BY message_id, id",
        )
        .bind(thread.0)
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    MessageId(r.i64("message_id")?),
                    StoredFile {
                        id: r.i64("id")?,
                        sha256: r.string("sha256")?,
                        content_type: r.string("content_type")?,
                        size_bytes: r.i64("size_bytes")?,
                        file_name: r.string("file_name")?,
                    },
                ))
            })
            .collect()
    }
}
