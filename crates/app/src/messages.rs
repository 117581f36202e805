//! Messages between a dealer and the plant (SPEC 4.1, 4.2): threads,
//! general or about an order, with unread counts per reader; the dealer's
//! list, a manager's single inbox across the dealers they look after (a
//! head of sales: every dealer of the factory), and each thread's response
//! time — how long the plant took to answer the dealer, turn by turn.
//!
//! A new message is one transaction with its outbox event, which the
//! fan-out turns into a notification for the other side (the dealer's
//! people, or the dealer's manager) and a live push.

use crate::uploads::{Accepted, Upload};
use crate::{App, AppError, FieldError, Result};
use dealerdesk_domain::file::{MAX_FILE_BYTES, MAX_FILES, sniff_file};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, DealerScope, MessageId, Purpose, Role, ThreadId, Timestamp};
use dealerdesk_store::blobs::{NewFile, StoredFile};
use dealerdesk_store::messages::{MessageRow, ThreadRow, ThreadsOf};
use dealerdesk_store::{Conn, Repos};
use serde_json::json;
use std::collections::HashMap;

/// Threads a list shows at most.
const LIST: i64 = 200;
/// Longest subject.
const MAX_SUBJECT: usize = 200;

/// A thread in a list, with its response time.
#[derive(Debug, Clone)]
pub struct ThreadItem {
    pub row: ThreadRow,
    pub response: Response,
}

/// How the plant answered a thread: the average time from a dealer's
/// message to the plant's next one, over the answered turns, and since
/// when the dealer's last message waits (if it does).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Response {
    pub answered: i64,
    pub average_ms: Option<i64>,
    pub waiting_since: Option<Timestamp>,
}

/// Measures one thread from its messages in order: `(from_dealer, at)`.
pub fn response(turns: &[(bool, Timestamp)]) -> Response {
    let (mut asked, mut answered, mut total) = (None::<Timestamp>, 0i64, 0i64);
    for (from_dealer, at) in turns {
        match (from_dealer, asked) {
            (true, None) => asked = Some(*at),
            (false, Some(q)) => {
                answered += 1;
                total += at.0 - q.0;
                asked = None;
            }
            _ => {}
        }
    }
    Response {
        answered,
        average_ms: (answered > 0).then(|| total / answered),
        waiting_since: asked,
    }
}

/// A thread with its messages.
#[derive(Debug, Clone)]
pub struct ThreadView {
    pub item: ThreadItem,
    pub factory_code: String,
    pub messages: Vec<MessageRow>,
    /// Every message's files, with the message carrying each.
    pub files: Vec<(MessageId, StoredFile)>,
}

/// A message's files: up to 5 photos, PDFs, Office documents or text
/// files of at most 10 MB each (by their content).
const FILES: crate::uploads::Rules = crate::uploads::Rules {
    field: "files",
    min: 0,
    max: MAX_FILES,
    max_bytes: MAX_FILE_BYTES,
    sniff: sniff_file,
    too_few: "",
    plural: "files",
    what: "a file a message can carry (a photo, PDF, Office document or text)",
    fallback: "file",
};

/// A message's text and files, checked together: the text may be empty
/// only when files carry the message.
fn checked<'a>(
    raw: &str,
    files: &'a [Upload],
    errors: &mut Vec<FieldError>,
) -> (String, Vec<Accepted<'a>>) {
    let body = if files.is_empty() || !raw.trim().is_empty() {
        crate::reclamations::text("body", raw).unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        })
    } else {
        String::new()
    };
    (body, crate::uploads::check(&FILES, files, errors))
}

/// What a notification quotes: the text, or the files' names.
fn excerpt(body: &str, files: &[Accepted<'_>]) -> String {
    let text = if body.is_empty() {
        files
            .iter()
            .map(|f| f.file_name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        body.to_owned()
    };
    text.chars().take(200).collect()
}

async fn measured(c: &mut Conn, rows: Vec<ThreadRow>) -> Result<Vec<ThreadItem>> {
    let ids: Vec<ThreadId> = rows.iter().map(|r| r.thread.id).collect();
    let mut by_thread: HashMap<ThreadId, Vec<(bool, Timestamp)>> = HashMap::new();
    for (t, from_dealer, at) in c.messages().turns(&ids).await? {
        by_thread.entry(t).or_default().push((from_dealer, at));
    }
    Ok(rows
        .into_iter()
        .map(|row| ThreadItem {
            response: by_thread
                .get(&row.thread.id)
                .map(|t| response(t))
                .unwrap_or_default(),
            row,
        })
        .collect())
}

/// What a new message says in notifications and e-mails.
pub fn describe(
    p: &serde_json::Value,
    lang: dealerdesk_domain::model::Language,
    tpl: &crate::templates::Templates,
) -> Option<crate::notifications::Text> {
    let t = dealerdesk_i18n::Tr(lang);
    let s = |k: &str| {
        p.get(k)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    let thread = p.get("thread_id").and_then(serde_json::Value::as_i64)?;
    let values = [
        ("subject", s("subject")),
        ("author", s("author")),
        ("excerpt", s("excerpt")),
    ];
    Some(crate::notifications::Text {
        title: tpl.fill(t, "notify.title.new_message", &values),
        body: tpl.fill(t, "notify.body.new_message", &values),
        link: Some(format!("/messages/{thread}")),
    })
}

/// The thread named in a URL with the scope to work on it; someone else's
/// is `NotFound`.
async fn locate(c: &mut Conn, actor: &Actor, id: ThreadId) -> Result<DealerScope> {
    let dealer = c
        .messages()
        .dealer_of(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let dref = c
        .dealers()
        .policy_ref(dealer)
        .await?
        .ok_or(AppError::NotFound)?;
    actor
        .dealer_scope(&dref, Purpose::Messages)
        .ok_or(AppError::NotFound)
}

impl App {
    /// The person's own dealer's threads.
    pub async fn dealer_threads(&self, actor: &Actor) -> Result<Vec<ThreadItem>> {
        let mut c = self.store.read().await?;
        let (_, scope) = crate::scope::own_dealer(&mut c, actor, Purpose::Messages).await?;
        let rows = c
            .messages()
            .list(ThreadsOf::Dealer(&scope), actor.user_id, LIST)
            .await?;
        measured(&mut c, rows).await
    }

    /// A manager's inbox: the threads of every dealer they look after; a
    /// head of sales sees the factory's, the administrator all.
    pub async fn inbox(&self, actor: &Actor) -> Result<Vec<ThreadItem>> {
        let of = match actor.role {
            Role::Manager => ThreadsOf::Manager(actor.user_id),
            Role::HeadOfSales | Role::Admin if actor.can(Capability::AllDealersOfFactory) => {
                ThreadsOf::Factory(actor.factory())
            }
            _ => return Err(AppError::Forbidden),
        };
        let mut c = self.store.read().await?;
        let rows = c.messages().list(of, actor.user_id, LIST).await?;
        measured(&mut c, rows).await
    }

    /// A dealer starts a thread, general or about one of its orders.
    pub async fn start_thread(
        &self,
        actor: &Actor,
        subject: &str,
        order: Option<(&str, &str)>,
        first: &str,
        files: &[Upload],
    ) -> Result<ThreadId> {
        let mut errors: Vec<FieldError> = Vec::new();
        let subject = dealerdesk_domain::text::bounded("subject", subject, 1, MAX_SUBJECT)
            .unwrap_or_else(|e| {
                errors.push(e.into());
                String::new()
            });
        let (first, accepted) = checked(first, files, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let mut c = self.store.read().await?;
        let (dealer, scope) = crate::scope::own_dealer(&mut c, actor, Purpose::Messages).await?;
        let order_id = match order {
            Some((f, n)) => Some(
                crate::scope::order(&mut c, actor, f, n, Purpose::Messages)
                    .await?
                    .0,
            ),
            None => None,
        };
        drop(c);
        let stored = crate::uploads::store(&self.store, &accepted).await?;
        let mut tx = self.store.begin().await?;
        let id = tx
            .messages()
            .create_thread(&scope, dealer.factory_id, order_id, &subject, actor.user_id)
            .await?;
        let m = tx
            .messages()
            .post(&scope, id, actor.user_id, &first)
            .await?;
        attach(&mut tx, &scope, id, m, &accepted, &stored).await?;
        self.message_event(
            &mut tx,
            actor,
            &scope,
            dealer.factory_id,
            id,
            &subject,
            &excerpt(&first, &accepted),
            m.0,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Writes in a thread (either side), with files or without.
    pub async fn reply(
        &self,
        actor: &Actor,
        id: ThreadId,
        text: &str,
        files: &[Upload],
    ) -> Result<()> {
        let mut errors = Vec::new();
        let (text, accepted) = checked(text, files, &mut errors);
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        // Someone else's thread is refused before anything is stored.
        let mut c = self.store.read().await?;
        locate(&mut c, actor, id).await?;
        drop(c);
        let stored = crate::uploads::store(&self.store, &accepted).await?;
        let mut tx = self.store.begin().await?;
        let scope = locate(&mut tx, actor, id).await?;
        let t = tx
            .messages()
            .thread(&scope, id, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = tx.messages().post(&scope, id, actor.user_id, &text).await?;
        attach(&mut tx, &scope, id, m, &accepted, &stored).await?;
        self.message_event(
            &mut tx,
            actor,
            &scope,
            t.factory_id,
            id,
            &t.thread.subject,
            &excerpt(&text, &accepted),
            m.0,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    async fn message_event(
        &self,
        tx: &mut Conn,
        actor: &Actor,
        scope: &DealerScope,
        factory: dealerdesk_domain::FactoryId,
        thread: ThreadId,
        subject: &str,
        excerpt: &str,
        message: i64,
    ) -> Result<()> {
        let author = tx
            .users()
            .by_id(actor.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        tx.outbox()
            .append(
                "new_message",
                Some(factory),
                Some(scope.dealer()),
                &json!({"thread_id": thread.0, "message_id": message, "subject": subject, "author": author,
                        "author_id": actor.user_id.0, "from_dealer": actor.role.is_dealer_side(),
                        "excerpt": excerpt}),
            )
            .await?;
        Ok(())
    }

    /// A thread with its messages; reading it marks it read for the person.
    pub async fn thread(&self, actor: &Actor, id: ThreadId) -> Result<ThreadView> {
        let mut c = self.store.read().await?;
        let scope = locate(&mut c, actor, id).await?;
        let row = c
            .messages()
            .thread(&scope, id, actor.user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let messages = c.messages().with_authors(&scope, id).await?;
        let files = c.messages().files(&scope, id).await?;
        drop(c);
        if let Some(last) = messages.last().filter(|_| row.unread > 0) {
            let mut tx = self.store.begin().await?;
            tx.messages()
                .mark_read(id, actor.user_id, last.message.id)
                .await?;
            tx.commit().await?;
        }
        let turns: Vec<(bool, Timestamp)> = messages
            .iter()
            .map(|m| (m.from_dealer, m.message.created_at))
            .collect();
        let factory_code = self.factory(row.factory_id).await?.code;
        Ok(ThreadView {
            item: ThreadItem {
                response: response(&turns),
                row,
            },
            factory_code,
            messages,
            files,
        })
    }

    /// A file of a thread the person may read: its row and bytes.
    pub async fn message_file(
        &self,
        actor: &Actor,
        thread: ThreadId,
        file: i64,
    ) -> Result<(StoredFile, Vec<u8>)> {
        let mut c = self.store.read().await?;
        let scope = locate(&mut c, actor, thread).await?;
        let (_, f) = c
            .messages()
            .files(&scope, thread)
            .await?
            .into_iter()
            .find(|(_, f)| f.id == file)
            .ok_or(AppError::NotFound)?;
        drop(c);
        let bytes = self
            .store
            .blobs()
            .get(&f.sha256)
            .await
            .map_err(|e| AppError::Internal(format!("reading a file: {e}")))?;
        Ok((f, bytes))
    }
}

/// Names the stored files as the message's.
async fn attach(
    tx: &mut Conn,
    scope: &DealerScope,
    thread: ThreadId,
    message: MessageId,
    files: &[Accepted<'_>],
    stored: &[String],
) -> Result<()> {
    for (f, sha) in files.iter().zip(stored) {
        tx.messages()
            .add_file(
                scope,
                thread,
                message,
                &NewFile {
                    sha256: sha,
                    content_type: f.content_type,
                    size_bytes: f.bytes.len() as i64,
                    file_name: &f.file_name,
                },
            )
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_times_are_measured_turn_by_turn() {
        let t = |s: i64| Timestamp(s * 1000);
        // Asked at 0 and again at 10 (one turn), answered at 60; asked at
        // 100, answered at 400 and again at 500 (one turn); asked at 900.
        let r = response(&[
            (true, t(0)),
            (true, t(10)),
            (false, t(60)),
            (true, t(100)),
            (false, t(400)),
            (false, t(500)),
            (true, t(900)),
        ]);
        assert_eq!(r.answered, 2);
        assert_eq!(r.average_ms, Some((60_000 + 300_000) / 2));
        assert_eq!(r.waiting_since, Some(t(900)));
        assert_eq!(response(&[]), Response::default());
        assert_eq!(
            response(&[(false, t(5))]).average_ms,
            None,
            "the plant wrote first"
        );
    }
}
