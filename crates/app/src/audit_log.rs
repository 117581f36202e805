//! The administrator's audit log (SPEC 4.2): every change a person made,
//! with before and after, newest first, filtered by who, what kind of
//! change, which object and when. Days are the plant's days (the first
//! factory's time zone for the administrator).

use crate::{App, AppError, Result};
use dealerdesk_domain::model::AuditEntry;
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, AuditId, Email, InvalidValue, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::AuditFilter;

/// Entries per page.
pub const PAGE: i64 = 50;

/// The filters as typed.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    /// A person's e-mail.
    pub who: String,
    /// The start of an action's name: `lead.` or `lead.moved`.
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// `YYYY-MM-DD`, inclusive both.
    pub from: String,
    pub to: String,
    /// The id the previous page ended at.
    pub before: String,
}

#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<(AuditEntry, Option<String>)>,
    /// Where the next (older) page starts, if there is one.
    pub older: Option<i64>,
}

/// The start of a day in `tz`, in ms.
fn day_start(
    raw: &str,
    field: &'static str,
    tz: &str,
) -> std::result::Result<Timestamp, InvalidValue> {
    let bad = || InvalidValue::new(field, "must be a date in the form YYYY-MM-DD");
    let date: jiff::civil::Date = raw.trim().parse().map_err(|_| bad())?;
    let zone = jiff::tz::TimeZone::get(tz).unwrap_or(jiff::tz::TimeZone::UTC);
    let z = date.to_zoned(zone).map_err(|_| bad())?;
    Ok(Timestamp(z.timestamp().as_millisecond()))
}

impl App {
    pub async fn audit_log(&self, actor: &Actor, q: &AuditQuery) -> Result<AuditPage> {
        if !actor.can(Capability::Administration) {
            return Err(AppError::Forbidden);
        }
        let tz = self.timezone(actor.factory()).await?;
        let mut errors = Vec::new();
        let mut c = self.store.read().await?;
        let person = match q.who.trim() {
            "" => None,
            raw => match Email::parse(raw) {
                Ok(e) => match c.users().by_email(&e).await? {
                    Some(u) => Some(u.id),
                    None => {
                        errors.push(InvalidValue::new("who", "is nobody's e-mail here"));
                        None
                    }
                },
                Err(e) => {
                    errors.push(InvalidValue::new("who", e.message));
                    None
                }
            },
        };
        let from = match q.from.trim() {
            "" => None,
            raw => day_start(raw, "from", &tz).map_err(|e| errors.push(e)).ok(),
        };
        let to = match q.to.trim() {
            "" => None,
            raw => day_start(raw, "to", &tz)
                .map(|t| t.plus_seconds(86_400))
                .map_err(|e| errors.push(e))
                .ok(),
        };
        let before = match q.before.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(n) if n > 0 => Some(AuditId(n)),
                _ => {
                    errors.push(InvalidValue::new(
                        "before",
                        "is not a page this list gave out",
                    ));
                    None
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors.into());
        }
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        let filter = AuditFilter {
            actor: person,
            action_prefix: text(&q.action),
            object_type: text(&q.object_type),
            object_id: text(&q.object_id),
            from,
            to,
        };
        let mut entries = c.audit().search(&filter, before, PAGE + 1).await?;
        let older = if entries.len() as i64 > PAGE {
            entries.truncate(PAGE as usize);
            entries.last().map(|(e, _)| e.id.0)
        } else {
            None
        };
        Ok(AuditPage { entries, older })
    }
}
