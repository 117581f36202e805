//! The managers' CRM (SPEC 4.2): what a manager writes down about a dealer
//! (contact people, points of sale, calls, meetings, notes) and the tasks
//! that remind them to call back. The input types check everything once,
//! so the store only ever sees a valid contact, point, activity or task.

use crate::text::{bounded, multiline, optional};
use crate::{
    ActivityId, ActivityKind, ContactId, DealerId, Email, InvalidValue, Phone, PointId, TaskId,
    Timestamp, UserId,
};

/// Longest text a manager may log in one activity.
pub const MAX_ACTIVITY_CHARS: usize = 4000;
/// Longest task title.
pub const MAX_TASK_TITLE_CHARS: usize = 200;

/// Keeps a field's value, or its problem for the form's list.
pub(crate) fn keep<T>(r: Result<T, InvalidValue>, errors: &mut Vec<InvalidValue>) -> Option<T> {
    r.map_err(|e| errors.push(e)).ok()
}

/// A phone that may be left empty.
pub(crate) fn optional_phone(raw: &str) -> Result<Option<Phone>, InvalidValue> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Phone::parse(raw).map(Some)
    }
}

/// An e-mail address that may be left empty.
pub(crate) fn optional_email(raw: &str) -> Result<Option<Email>, InvalidValue> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        Email::parse(raw).map(Some)
    }
}

/// A contact person of a dealer as typed on the card or imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub name: String,
    pub position: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
}

impl NewContact {
    /// Every field's problem at once, so a form shows them all together.
    pub fn parse(
        name: &str,
        position: &str,
        phone: &str,
        email: &str,
    ) -> Result<Self, Vec<InvalidValue>> {
        let mut errors = Vec::new();
        let name = keep(bounded("name", name, 1, 200), &mut errors);
        let position = keep(optional("position", position, 200), &mut errors);
        let phone = keep(optional_phone(phone), &mut errors);
        let email = keep(optional_email(email), &mut errors);
        match (name, position, phone, email) {
            (Some(name), Some(position), Some(phone), Some(email)) => Ok(Self {
                name,
                position,
                phone,
                email,
            }),
            _ => Err(errors),
        }
    }
}

/// A point of sale (a dealer's shop or showroom).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewPoint {
    pub name: String,
    pub city: Option<String>,
    pub address: Option<String>,
    pub phone: Option<Phone>,
}

impl NewPoint {
    pub fn parse(
        name: &str,
        city: &str,
        address: &str,
        phone: &str,
    ) -> Result<Self, Vec<InvalidValue>> {
        let mut errors = Vec::new();
        let name = keep(bounded("name", name, 1, 200), &mut errors);
        let city = keep(optional("city", city, 100), &mut errors);
        let address = keep(optional("address", address, 300), &mut errors);
        let phone = keep(optional_phone(phone), &mut errors);
        match (name, city, address, phone) {
            (Some(name), Some(city), Some(address), Some(phone)) => Ok(Self {
                name,
                city,
                address,
                phone,
            }),
            _ => Err(errors),
        }
    }
}

/// A logged call, meeting or note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub kind: ActivityKind,
    pub body: String,
}

impl NewActivity {
    pub fn parse(kind: &str, body: &str) -> Result<Self, Vec<InvalidValue>> {
        let mut errors = Vec::new();
        let kind = keep(ActivityKind::parse(kind), &mut errors);
        let body = keep(multiline("body", body, 1, MAX_ACTIVITY_CHARS), &mut errors);
        match (kind, body) {
            (Some(kind), Some(body)) => Ok(Self { kind, body }),
            _ => Err(errors),
        }
    }
}

/// A checked task title.
pub fn task_title(raw: &str) -> Result<String, InvalidValue> {
    bounded("title", raw, 1, MAX_TASK_TITLE_CHARS)
}

/// A stored contact person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub dealer_id: DealerId,
    pub name: String,
    pub position: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A stored point of sale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Point {
    pub id: PointId,
    pub dealer_id: DealerId,
    pub name: String,
    pub city: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
}

/// A stored activity with its author's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activity {
    pub id: ActivityId,
    pub dealer_id: DealerId,
    pub kind: ActivityKind,
    pub body: String,
    pub author_id: UserId,
    pub author_name: String,
    pub happened_at: Timestamp,
}

/// A task as its lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub id: TaskId,
    pub title: String,
    pub due_at: Timestamp,
    pub done_at: Option<Timestamp>,
    pub assignee_id: UserId,
    pub assignee_name: String,
    pub author_id: UserId,
    /// The dealer it is about, if any: id, code and name.
    pub dealer: Option<(DealerId, String, String)>,
}

impl Task {
    /// Open and past its due time.
    pub fn overdue(&self, now: Timestamp) -> bool {
        self.done_at.is_none() && self.due_at < now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contact_reports_every_bad_field() {
        let errs = NewContact::parse(" ", "", "12ab", "nope").expect_err("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["name", "phone", "email"]);
        let ok = NewContact::parse(" Олена ", "", "+380 50 123-45-67", "").expect("valid");
        assert_eq!(ok.name, "Олена");
        assert_eq!(ok.phone.as_ref().map(Phone::as_str), Some("+380501234567"));
        assert_eq!(ok.position, None);
    }

    #[test]
    fn an_activity_keeps_its_lines() {
        let a = NewActivity::parse("call", "  Called.\r\nWill order 20 windows.  ").expect("ok");
        assert_eq!(a.kind, ActivityKind::Call);
        assert_eq!(a.body, "Called.\nWill order 20 windows.");
        let errs = NewActivity::parse("fax", "\u{7}").expect_err("refused");
        assert_eq!(errs.len(), 2);
        assert!(NewActivity::parse("note", &"x".repeat(MAX_ACTIVITY_CHARS + 1)).is_err());
    }

    #[test]
    fn overdue_only_when_open_and_late() {
        let t = Task {
            id: TaskId(1),
            title: "t".into(),
            due_at: Timestamp(100),
            done_at: None,
            assignee_id: UserId(1),
            assignee_name: "m".into(),
            author_id: UserId(1),
            dealer: None,
        };
        assert!(t.overdue(Timestamp(101)));
        assert!(!t.overdue(Timestamp(100)));
        let done = Task {
            done_at: Some(Timestamp(150)),
            ..t
        };
        assert!(!done.overdue(Timestamp(200)));
    }
}
