//! Notifications by e-mail: gathering and retrying (SPEC 4.4).
//!
//! The fan-out queues each notification a person wants by e-mail in the
//! same transaction as their centre entry. [`App::gather_emails`] turns a
//! person's waiting notifications into ONE e-mail once the oldest has
//! waited the coalescing window — fifty status changes in a minute are one
//! message listing them — rendered then, in the person's language, and
//! stored. The mail worker (in `dealerdesk-notify`) claims due e-mails with
//! [`App::claim_emails`], sends them with a Message-ID made from the
//! e-mail's id ([`message_id`]), and reports back: sent, or failed and
//! tried again after a doubling delay, or given up for good. A delivered
//! e-mail is marked sent and never claimed again; only a crash between the
//! server's "250" and that mark can repeat one, and then with the same
//! Message-ID, which mail systems recognise as the same message.

use crate::{App, Result};
use dealerdesk_domain::Timestamp;
use dealerdesk_i18n::Tr;
use dealerdesk_store::Repos;
use dealerdesk_store::mail_queue::{Email, MailItem, NewEmail};
use std::time::Duration;

/// People gathered per transaction.
const PEOPLE_PER_ROUND: i64 = 100;
/// Notifications listed in one e-mail at most; more go in the next one.
const ITEMS_PER_EMAIL: i64 = 200;

/// The Message-ID of a notification e-mail: the same on every attempt.
pub fn message_id(email_id: i64, domain: &str) -> String {
    format!("<notification-{email_id}@{domain}>")
}

fn later(t: Timestamp, d: Duration) -> Timestamp {
    Timestamp(t.0.saturating_add(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
}

fn earlier(t: Timestamp, d: Duration) -> Timestamp {
    Timestamp(t.0.saturating_sub(i64::try_from(d.as_millis()).unwrap_or(i64::MAX)))
}

/// An e-mail's subject and text in the reader's language.
pub fn render(t: Tr, name: &str, items: &[MailItem], public_url: &str) -> (String, String) {
    let base = public_url.trim_end_matches('/');
    let subject = match items {
        [one] => format!("DealerDesk: {}", one.title),
        many => t
            .get("mail.notify.subject_many")
            .replace("{count}", &many.len().to_string()),
    };
    let mut text = t.get("mail.notify.greeting").replace("{name}", name);
    text.push_str("\n\n");
    for i in items {
        text.push_str("* ");
        text.push_str(&i.title);
        text.push('\n');
        text.push_str("  ");
        text.push_str(&i.body);
        text.push('\n');
        if let Some(link) = &i.link {
            text.push_str("  ");
            text.push_str(base);
            text.push_str(link);
            text.push('\n');
        }
        text.push('\n');
    }
    text.push_str("-- \n");
    text.push_str(
        &t.get("mail.notify.footer")
            .replace("{url}", &format!("{base}/profile")),
    );
    text.push('\n');
    (subject, text)
}

impl App {
    /// Gathers the waiting notifications of every person whose oldest one
    /// was queued at least the window before `now` into e-mails; returns
    /// how many e-mails it made.
    pub async fn gather_emails(&self, now: Timestamp) -> Result<usize> {
        let policy = &self.config.email;
        let mut tx = self.store.begin().await?;
        let people = tx
            .mail_queue()
            .people_due(earlier(now, policy.window), PEOPLE_PER_ROUND)
            .await?;
        let mut made = 0;
        for user_id in people {
            let items = tx.mail_queue().waiting(user_id, ITEMS_PER_EMAIL).await?;
            let (Some(first), Some(last)) = (items.first(), items.last()) else {
                continue;
            };
            let (first, last) = (first.id, last.id);
            let user = tx.users().by_id(user_id).await?;
            let Some(user) = user.filter(|u| u.active) else {
                // Nobody to write to any more: the centre still has them.
                tx.mail_queue().drop_waiting(user_id, last).await?;
                continue;
            };
            let (subject, body) = render(
                Tr(user.language),
                &user.display_name,
                &items,
                &self.config.public_url,
            );
            tx.mail_queue()
                .insert_email(
                    &NewEmail {
                        user_id,
                        to_address: user.email.as_str(),
                        subject: &subject,
                        body: &body,
                        items: items.len() as i64,
                    },
                    first,
                    last,
                    now,
                )
                .await?;
            made += 1;
        }
        tx.commit().await?;
        Ok(made)
    }

    /// Claims up to `limit` e-mails due at `now` for one attempt each.
    pub async fn claim_emails(&self, now: Timestamp, limit: i64) -> Result<Vec<Email>> {
        let mut tx = self.store.begin().await?;
        let due = tx
            .mail_queue()
            .claim_due(now, later(now, self.config.email.lease), limit)
            .await?;
        tx.commit().await?;
        Ok(due)
    }

    pub async fn email_sent(&self, id: i64, now: Timestamp) -> Result<()> {
        let mut tx = self.store.begin().await?;
        tx.mail_queue().mark_sent(id, now).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a failed attempt of a claimed e-mail: tried again after the
    /// backoff, or given up when the refusal is permanent or the attempts
    /// are spent. Returns when it will be tried again (`None`: given up).
    pub async fn email_failed(
        &self,
        e: &Email,
        error: &str,
        permanent: bool,
        now: Timestamp,
    ) -> Result<Option<Timestamp>> {
        let policy = &self.config.email;
        let retry_at = (!permanent && e.attempts < policy.max_attempts).then(|| {
            later(
                now,
                backoff(policy.retry_base, policy.retry_max, e.attempts),
            )
        });
        let mut tx = self.store.begin().await?;
        tx.mail_queue()
            .mark_failed(e.id, error, retry_at, now)
            .await?;
        tx.commit().await?;
        Ok(retry_at)
    }
}

/// The delay before attempt `attempts + 1`: the base, doubled per attempt
/// made, up to the cap.
pub fn backoff(base: Duration, max: Duration, attempts: i64) -> Duration {
    let doublings = u32::try_from(attempts.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
    base.saturating_mul(1u32 << doublings).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use dealerdesk_domain::UserId;
    use dealerdesk_domain::model::Language;

    fn item(id: i64, title: &str, link: Option<&str>) -> MailItem {
        MailItem {
            id,
            user_id: UserId(1),
            kind: "order_status_changed".into(),
            title: title.into(),
            body: "The status changed: Ready → Shipped.".into(),
            link: link.map(str::to_owned),
            event_at: Timestamp(0),
            queued_at: Timestamp(0),
        }
    }

    #[test]
    fn one_notification_is_its_own_subject_many_are_counted() {
        let one = [item(1, "Order KH-1: Shipped", Some("/orders/KH/KH-1"))];
        let (s, t) = render(Tr(Language::En), "Olena", &one, "https://dd.example/");
        assert_eq!(s, "DealerDesk: Order KH-1: Shipped");
        assert!(
            t.starts_with("Hello Olena,\n\n* Order KH-1: Shipped\n"),
            "{t}"
        );
        assert!(t.contains("  https://dd.example/orders/KH/KH-1\n"), "{t}");
        assert!(t.contains("https://dd.example/profile"), "{t}");
        let many: Vec<_> = (1..=50)
            .map(|i| item(i, &format!("Order KH-{i}: Shipped"), None))
            .collect();
        let (s, t) = render(Tr(Language::Uk), "Олена", &many, "https://dd.example");
        assert_eq!(s, "Нові сповіщення DealerDesk (50)");
        assert_eq!(t.matches("\n* Order KH-").count(), 50);
        assert!(t.starts_with("Вітаємо, Олена!"));
    }

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let (b, m) = (Duration::from_secs(30), Duration::from_secs(3600));
        let got: Vec<u64> = (1..=9).map(|a| backoff(b, m, a).as_secs()).collect();
        assert_eq!(got, vec![30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(backoff(b, m, 1_000).as_secs(), 3600);
    }

    #[test]
    fn message_ids_are_stable() {
        assert_eq!(message_id(42, "plant.test"), "<notification-42@plant.test>");
        assert_eq!(message_id(42, "plant.test"), message_id(42, "plant.test"));
    }
}
