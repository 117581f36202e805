//! From domain events to the people who should hear about them.
//!
//! The appliers (and, later, people's actions) append events to the outbox
//! in the same transaction as the change. [`App::fan_out_notifications`]
//! reads the next events after the `notifications` cursor and, in one
//! transaction with the cursor's move, writes a notification-centre entry
//! for every person of the event's dealer who may see that kind of thing
//! (payments only to those who see finance) and has not turned it off. So
//! an event becomes each person's entry exactly once, whatever crashes in
//! between. Texts are written in each person's language when the event
//! arrives, like an e-mail would be.

use crate::Result;
use crate::templates::Templates;
use dealerdesk_domain::model::{Language, Notification, NotificationKind, User};
use dealerdesk_domain::notification::{Channel, NotificationPrefs};
use dealerdesk_domain::{
    Actor, Currency, DealerId, DealerRef, DealerScope, FactoryId, Money, OrderStatus, Purpose,
    Timestamp, UserId,
};
use dealerdesk_i18n::{Tr, fmt};
use dealerdesk_store::outbox::{NOTIFICATIONS, OutboxEvent};
use dealerdesk_store::{Conn, Repos};
use serde_json::Value;
use std::collections::HashMap;

use crate::App;

/// Events read per transaction.
const BATCH: i64 = 500;

/// A person of the event's dealer, with what they may see and want.
struct Recipient {
    user: User,
    actor: Actor,
    prefs: NotificationPrefs,
}

/// One notification's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub title: String,
    pub body: String,
    pub link: Option<String>,
}

pub(crate) fn fill(template: &str, values: &[(&str, String)]) -> String {
    values.iter().fold(template.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// The text of an event for a reader of `lang`; `None` for an event this
/// code does not describe (it is skipped, not guessed at).
pub fn describe(
    event: &str,
    payload: &Value,
    lang: Language,
    factory_code: &str,
    tpl: &Templates,
) -> Option<Text> {
    if event.starts_with("reclamation_") {
        return crate::reclamations::texts::describe(event, payload, lang, tpl);
    }
    if event == "new_message" {
        return crate::messages::describe(payload, lang, tpl);
    }
    let kind = NotificationKind::parse(event)?;
    let t = Tr(lang);
    let s = |k: &str| payload.get(k).and_then(Value::as_str);
    let or_unknown = |v: Option<&str>| {
        v.filter(|v| !v.is_empty())
            .map(str::to_owned)
            .unwrap_or_else(|| t.get("notify.unknown").to_owned())
    };
    let status = |k: &str| {
        s(k).and_then(|v| OrderStatus::parse(v).ok())
            .map(|st| t.get(&format!("status.{}", st.as_str())).to_owned())
            .unwrap_or_else(|| t.get("notify.unknown").to_owned())
    };
    let order_link = |n: &str| {
        let enc = |v: &str| form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
        format!("/orders/{}/{}", enc(factory_code), enc(n))
    };
    let number = s("number").map(str::to_owned);
    let key = kind.as_str();
    let (values, link): (Vec<(&str, String)>, Option<String>) = match kind {
        NotificationKind::OrderStatusChanged => (
            vec![
                ("number", number.clone()?),
                ("from", status("from")),
                ("to", status("to")),
            ],
            number.as_deref().map(order_link),
        ),
        NotificationKind::Delivered => (
            vec![("number", number.clone()?)],
            number.as_deref().map(order_link),
        ),
        NotificationKind::ShipmentScheduled => (
            vec![
                ("number", number.clone()?),
                ("trip", or_unknown(s("trip"))),
                ("driver", or_unknown(s("driver_name"))),
                ("phone", or_unknown(s("driver_phone"))),
                ("vehicle", or_unknown(s("vehicle"))),
                (
                    "date",
                    s("planned_delivery_date")
                        .map(|d| fmt::day(lang, d))
                        .unwrap_or_else(|| t.get("notify.unknown").to_owned()),
                ),
            ],
            number.as_deref().map(order_link),
        ),
        NotificationKind::PaymentPosted => {
            let currency = s("currency").and_then(|c| Currency::parse(c).ok())?;
            let amount = payload.get("amount_minor").and_then(Value::as_i64)?;
            let order = s("order_number").map(str::to_owned);
            let body_key = if order.is_some() {
                "notify.body.payment_posted_order"
            } else {
                "notify.body.payment_posted"
            };
            let values = vec![
                ("amount", fmt::money(lang, Money::new(amount, currency))),
                (
                    "date",
                    s("posted_on")
                        .map(|d| fmt::day(lang, d))
                        .unwrap_or_default(),
                ),
                ("number", order.unwrap_or_default()),
            ];
            return Some(Text {
                title: tpl.fill(t, "notify.title.payment_posted", &values),
                body: tpl.fill(t, body_key, &values),
                link: Some("/finance".to_owned()),
            });
        }
        NotificationKind::TaskReminder => {
            let due = payload.get("due_at").and_then(Value::as_i64)?;
            let tz = s("tz").unwrap_or("UTC");
            let values = vec![
                ("title", s("title")?.to_owned()),
                ("due", fmt::datetime(lang, Timestamp(due), tz)),
                ("dealer", s("dealer_name").unwrap_or_default().to_owned()),
            ];
            let body_key = if s("dealer_name").is_some() {
                "notify.body.task_reminder_dealer"
            } else {
                "notify.body.task_reminder"
            };
            return Some(Text {
                title: tpl.fill(t, "notify.title.task_reminder", &values),
                body: tpl.fill(t, body_key, &values),
                link: Some(match s("dealer_code") {
                    Some(code) => format!(
                        "/staff/dealers/{}",
                        form_urlencoded::byte_serialize(code.as_bytes()).collect::<String>()
                    ),
                    None => "/staff/tasks".to_owned(),
                }),
            });
        }
        NotificationKind::NewsPublished => {
            let id = payload.get("news_id").and_then(Value::as_i64)?;
            (
                vec![
                    ("title", s("title")?.to_owned()),
                    ("excerpt", s("excerpt").unwrap_or_default().to_owned()),
                ],
                Some(format!("/news/{id}")),
            )
        }
        _ => return None,
    };
    Some(Text {
        title: tpl.fill(t, &format!("notify.title.{key}"), &values),
        body: tpl.fill(t, &format!("notify.body.{key}"), &values),
        link,
    })
}

/// What a kind of event is about, for the policy.
fn purpose(kind: NotificationKind) -> Purpose {
    match kind {
        NotificationKind::PaymentPosted => Purpose::ViewFinance,
        NotificationKind::ReclamationStatusChanged => Purpose::Reclamations,
        NotificationKind::NewMessage => Purpose::Messages,
        _ => Purpose::ViewOrders,
    }
}

/// Who hears about an event: the people of its dealer, or the plant's
/// reclamation specialists of the dealer's factory (only the assigned one
/// when there is one).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Audience {
    Dealer,
    Specialists {
        only: Option<UserId>,
    },
    /// The dealer's manager (without one: the factory's heads of sales).
    Manager,
}

/// The notification kind (for the person's settings) and the audience of
/// an outbox event; `None` for events nobody is told about.
fn route(e: &OutboxEvent) -> Option<(NotificationKind, Audience)> {
    let assigned = e
        .payload
        .get("assigned_to")
        .and_then(Value::as_i64)
        .map(UserId);
    match e.kind.as_str() {
        "reclamation_filed" => Some((
            NotificationKind::ReclamationStatusChanged,
            Audience::Specialists { only: None },
        )),
        "reclamation_comment" => {
            let from_dealer = e
                .payload
                .get("from_dealer")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let audience = if from_dealer {
                Audience::Specialists { only: assigned }
            } else {
                Audience::Dealer
            };
            Some((NotificationKind::ReclamationStatusChanged, audience))
        }
        "new_message" => {
            let from_dealer = e
                .payload
                .get("from_dealer")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let audience = if from_dealer {
                Audience::Manager
            } else {
                Audience::Dealer
            };
            Some((NotificationKind::NewMessage, audience))
        }
        other => NotificationKind::parse(other).map(|k| (k, Audience::Dealer)),
    }
}

async fn recipients(
    c: &mut Conn,
    dealer: DealerId,
    audience: Audience,
) -> Result<(Option<DealerRef>, Vec<Recipient>)> {
    let Some(dref) = c.dealers().policy_ref(dealer).await? else {
        return Ok((None, Vec::new()));
    };
    let users = match audience {
        Audience::Dealer => c.users().of_dealer(&DealerScope::system(dealer)).await?,
        Audience::Specialists { only: Some(u) } => c.users().by_id(u).await?.into_iter().collect(),
        Audience::Manager => match dref.manager {
            Some(m) => c.users().by_id(m).await?.into_iter().collect(),
            None => {
                c.users()
                    .staff(dref.factory, dealerdesk_domain::Role::HeadOfSales)
                    .await?
            }
        },
        Audience::Specialists { only: None } => {
            c.users()
                .staff(dref.factory, dealerdesk_domain::Role::ReclamationSpecialist)
                .await?
        }
    };
    let mut out = Vec::new();
    for user in users {
        if !user.active {
            continue;
        }
        let Some(actor) = user.actor() else { continue };
        let prefs = c.notifications().prefs(user.id).await?;
        out.push(Recipient { user, actor, prefs });
    }
    Ok((Some(dref), out))
}

/// Every active person of every dealer of a factory (`None`: all), for
/// the factory's news.
async fn dealer_people(c: &mut Conn, factory: Option<FactoryId>) -> Result<Vec<Recipient>> {
    let mut out = Vec::new();
    for user in c.users().dealer_people(factory).await? {
        let Some(actor) = user.actor() else { continue };
        let prefs = c.notifications().prefs(user.id).await?;
        out.push(Recipient { user, actor, prefs });
    }
    Ok(out)
}

/// Writes one event for one person as they want it: a centre entry (and a
/// live push after commit) and/or a queued e-mail, in their language. The
/// person who caused the event is not told.
async fn deliver(
    tx: &mut Conn,
    r: &Recipient,
    kind: NotificationKind,
    e: &OutboxEvent,
    factory_code: &str,
    ctx: &Round,
    reached: &mut Vec<(UserId, dealerdesk_domain::NotificationId)>,
) -> Result<()> {
    let author = e.payload.get("author_id").and_then(Value::as_i64);
    if author == Some(r.user.id.0) {
        return Ok(());
    }
    let (in_app, email) = (
        r.prefs.enabled(kind, Channel::InApp),
        r.prefs.enabled(kind, Channel::Email),
    );
    if !in_app && !email {
        return Ok(());
    }
    let Some(text) = describe(
        &e.kind,
        &e.payload,
        r.user.language,
        factory_code,
        &ctx.templates,
    ) else {
        return Ok(());
    };
    if in_app {
        let id = tx
            .notifications()
            .insert_at(
                r.user.id,
                kind,
                &text.title,
                &text.body,
                text.link.as_deref(),
                e.created_at,
            )
            .await?;
        reached.push((r.user.id, id));
    }
    if email {
        tx.mail_queue()
            .queue(
                r.user.id,
                kind,
                &text.title,
                &text.body,
                text.link.as_deref(),
                e.created_at,
                ctx.now,
            )
            .await?;
    }
    Ok(())
}

/// What every delivery of one fan-out round shares.
struct Round {
    now: Timestamp,
    templates: Templates,
}

impl App {
    /// Turns the next batch of outbox events into notification-centre
    /// entries; returns how many events it read (0: nothing new).
    pub async fn fan_out_notifications(&self) -> Result<usize> {
        let mut tx = self.store.begin().await?;
        let cursor = tx.outbox().cursor_for_update(NOTIFICATIONS).await?;
        let events = tx.outbox().after(cursor, BATCH).await?;
        let Some(last) = events.last().map(|e| e.id) else {
            return Ok(0);
        };
        let ctx = Round {
            now: Timestamp::now(),
            templates: self.templates_on(&mut tx).await?,
        };
        let mut reached = Vec::new();
        type People = (Option<DealerRef>, Vec<Recipient>);
        let mut known: HashMap<(DealerId, Audience), People> = HashMap::new();
        let mut news_readers: HashMap<Option<FactoryId>, Vec<Recipient>> = HashMap::new();
        for e in &events {
            if e.kind == "task_reminder" {
                let assignee = e.payload.get("assignee_id").and_then(Value::as_i64);
                let user = match assignee {
                    Some(id) => tx.users().by_id(UserId(id)).await?,
                    None => None,
                };
                if let Some(user) = user.filter(|u| u.active)
                    && let Some(actor) = user.actor()
                {
                    let prefs = tx.notifications().prefs(user.id).await?;
                    let r = Recipient { user, actor, prefs };
                    let kind = NotificationKind::TaskReminder;
                    deliver(&mut tx, &r, kind, e, "", &ctx, &mut reached).await?;
                }
                continue;
            }
            if e.kind == "news_published" {
                let factory_code = self.factory_code_of(&mut tx, e).await?;
                if let std::collections::hash_map::Entry::Vacant(slot) =
                    news_readers.entry(e.factory_id)
                {
                    slot.insert(dealer_people(&mut tx, e.factory_id).await?);
                }
                for r in news_readers.get(&e.factory_id).into_iter().flatten() {
                    let kind = NotificationKind::NewsPublished;
                    deliver(&mut tx, r, kind, e, &factory_code, &ctx, &mut reached).await?;
                }
                continue;
            }
            let (Some((kind, audience)), Some(dealer)) = (route(e), e.dealer_id) else {
                continue;
            };
            if let std::collections::hash_map::Entry::Vacant(slot) = known.entry((dealer, audience))
            {
                slot.insert(recipients(&mut tx, dealer, audience).await?);
            }
            let factory_code = self.factory_code_of(&mut tx, e).await?;
            let Some((Some(dref), people)) = known.get(&(dealer, audience)) else {
                continue;
            };
            // Those who may see this kind of thing of this dealer.
            for r in people {
                if r.actor.dealer_scope(dref, purpose(kind)).is_some() {
                    deliver(&mut tx, r, kind, e, &factory_code, &ctx, &mut reached).await?;
                }
            }
        }
        tx.outbox().set_cursor(NOTIFICATIONS, last).await?;
        tx.commit().await?;
        self.announce(&reached).await;
        Ok(events.len())
    }

    /// On the fan-out's own transaction: a cache miss must not wait for a
    /// second connection while this one is held (on PostgreSQL both come
    /// from one pool).
    async fn factory_code_of(
        &self,
        tx: &mut dealerdesk_store::Conn,
        e: &OutboxEvent,
    ) -> Result<String> {
        match e.factory_id {
            Some(id) => Ok(self.factory_on(tx, id).await?.code),
            None => Ok(String::new()),
        }
    }
}

/// The person's notification centre.
#[derive(Debug, Clone)]
pub struct Centre {
    pub items: Vec<Notification>,
    pub unread: i64,
}

/// One step of a live stream.
#[derive(Debug, Clone)]
pub struct LiveUpdate {
    pub items: Vec<Notification>,
    /// The id the stream has reached (its next `Last-Event-ID`).
    pub last: i64,
    pub unread: i64,
}

/// Entries the centre shows.
const CENTRE_SIZE: i64 = 50;

impl App {
    /// The person's latest notifications, newest first, and how many are
    /// unread. Only their own: the store reads by their user id.
    pub async fn notification_centre(&self, actor: &Actor) -> Result<Centre> {
        let mut c = self.store.read().await?;
        let items = c.notifications().latest(actor.user_id, CENTRE_SIZE).await?;
        let unread = c.notifications().unread(actor.user_id).await?;
        Ok(Centre { items, unread })
    }

    /// What a live stream sends next: the person's notifications after
    /// `after` (oldest first, at most `limit`) and their unread count now.
    /// With `after` unknown (a new stream), nothing old: only where the
    /// stream starts and the count.
    pub async fn notifications_after(
        &self,
        actor: &Actor,
        after: Option<i64>,
        limit: i64,
    ) -> Result<LiveUpdate> {
        let mut c = self.store.read().await?;
        let (items, last) = match after {
            Some(a) => {
                let items = c.notifications().after(actor.user_id, a, limit).await?;
                let last = items.last().map(|n| n.id.0).unwrap_or(a);
                (items, last)
            }
            None => (Vec::new(), c.notifications().last_id(actor.user_id).await?),
        };
        let unread = c.notifications().unread(actor.user_id).await?;
        Ok(LiveUpdate {
            items,
            last,
            unread,
        })
    }

    /// Marks all of the person's notifications read.
    pub async fn mark_notifications_read(&self, actor: &Actor) -> Result<u64> {
        let mut tx = self.store.begin().await?;
        let n = tx.notifications().mark_all_read(actor.user_id).await?;
        tx.commit().await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn texts_in_each_language() {
        let p = json!({"number": "KH-26-0001", "from": "ready", "to": "shipped"});
        let ru = describe(
            "order_status_changed",
            &p,
            Language::Ru,
            "KH",
            &Templates::default(),
        )
        .expect("text");
        assert_eq!(ru.title, "Заказ KH-26-0001: Отгружен");
        assert_eq!(ru.body, "Статус изменился: Готов к отгрузке → Отгружен.");
        assert_eq!(ru.link.as_deref(), Some("/orders/KH/KH-26-0001"));
        let en = describe(
            "order_status_changed",
            &p,
            Language::En,
            "KH",
            &Templates::default(),
        )
        .expect("text");
        assert_eq!(en.title, "Order KH-26-0001: Shipped");
        let pay = json!({"amount_minor": 1_234_500, "currency": "UAH", "posted_on": "2026-11-20", "order_number": null});
        let uk = describe(
            "payment_posted",
            &pay,
            Language::Uk,
            "KH",
            &Templates::default(),
        )
        .expect("text");
        assert_eq!(uk.title, "Надійшла оплата 12\u{202f}345,00\u{a0}₴");
        assert_eq!(uk.body, "Оплату від 20.11.2026 враховано у вашому балансі.");
        // Missing facts are said to be missing, not invented.
        let ship = json!({"number": "KH-1", "trip": "T-9"});
        let s = describe(
            "shipment_scheduled",
            &ship,
            Language::En,
            "KH",
            &Templates::default(),
        )
        .expect("text");
        assert_eq!(
            s.body,
            "Driver not given, phone not given, vehicle not given. Planned delivery: not given."
        );
        assert!(
            describe(
                "order_status_changed",
                &json!({}),
                Language::En,
                "KH",
                &Templates::default()
            )
            .is_none()
        );
    }

    #[test]
    fn placeholders_are_filled_once() {
        assert_eq!(
            fill("{a} and {b}", &[("a", "x".into()), ("b", "{a}".into())]),
            "x and {a}"
        );
    }
}
