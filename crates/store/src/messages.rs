use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::{Message, MessageThread};
use dealerdesk_domain::{
    DealerId, DealerScope, FactoryId, MessageId, OrderId, ThreadId, Timestamp, UserId,
};
use sqlx::AnyConnection;

pub struct Messages<'c> {
    pub(crate) c: &'c mut AnyConnection,
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
}
