//! A prospective dealer (SPEC 4.2): who they are, where the lead came from,
//! and the checks a lead passes before it is stored, whether it was typed
//! by a manager, imported, or sent by the plant's website form.

use crate::crm::{keep, optional_email, optional_phone};
use crate::text::{bounded, multiline, optional};
use crate::{Email, InvalidValue, LeadStage, Phone, Timestamp, UserId};

/// Where a lead came from; conversion is reported per source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LeadSource {
    Website,
    Import,
    Manual,
}

impl LeadSource {
    pub const ALL: [LeadSource; 3] = [LeadSource::Website, LeadSource::Import, LeadSource::Manual];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadSource::Website => "website",
            LeadSource::Import => "import",
            LeadSource::Manual => "manual",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|s| s.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("source", "must be one of: website, import, manual"))
    }
}

/// A checked lead: a company and at least one way to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLead {
    pub company: String,
    pub contact_name: Option<String>,
    pub phone: Option<Phone>,
    pub email: Option<Email>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub note: Option<String>,
}

/// The fields of a lead as typed (form, JSON or a file's row).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct LeadFields {
    pub company: String,
    pub contact_name: String,
    pub phone: String,
    pub email: String,
    pub city: String,
    pub region: String,
    #[serde(alias = "message")]
    pub note: String,
}

impl NewLead {
    /// Every field's problem at once.
    pub fn parse(f: &LeadFields) -> Result<Self, Vec<InvalidValue>> {
        let mut errors = Vec::new();
        let company = keep(bounded("company", &f.company, 1, 200), &mut errors);
        let contact_name = keep(optional("contact_name", &f.contact_name, 200), &mut errors);
        let phone = keep(optional_phone(&f.phone), &mut errors);
        let email = keep(optional_email(&f.email), &mut errors);
        if f.phone.trim().is_empty() && f.email.trim().is_empty() {
            errors.push(InvalidValue::new("phone", "give a phone or an e-mail"));
        }
        let city = keep(optional("city", &f.city, 100), &mut errors);
        let region = keep(optional("region", &f.region, 100), &mut errors);
        let note = if f.note.trim().is_empty() {
            Some(None)
        } else {
            keep(multiline("note", &f.note, 1, 2000).map(Some), &mut errors)
        };
        match (company, contact_name, phone, email, city, region, note) {
            (
                Some(company),
                Some(contact_name),
                Some(phone),
                Some(email),
                Some(city),
                Some(region),
                Some(note),
            ) if errors.is_empty() => Ok(NewLead {
                company,
                contact_name,
                phone,
                email,
                city,
                region,
                note,
            }),
            _ => Err(errors),
        }
    }
}

/// A stored lead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub id: i64,
    pub company: String,
    pub contact_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub note: Option<String>,
    pub source: LeadSource,
    pub stage: LeadStage,
    pub lost_reason: Option<String>,
    pub manager_id: Option<UserId>,
    pub dealer_code: Option<String>,
    pub created_at: Timestamp,
    pub stage_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_needs_a_company_and_a_way_to_reach_it() {
        let f = LeadFields {
            company: "  ".into(),
            ..Default::default()
        };
        let errs = NewLead::parse(&f).expect_err("refused");
        let fields: Vec<&str> = errs.iter().map(|e| e.field).collect();
        assert_eq!(fields, vec!["company", "phone"]);
        let f = LeadFields {
            company: "Вікна Поділля".into(),
            email: "Sales@Podillia.ua".into(),
            note: "Хочемо стати дилером.\r\nМаємо салон.".into(),
            ..Default::default()
        };
        let lead = NewLead::parse(&f).expect("valid");
        assert_eq!(
            lead.note.as_deref(),
            Some("Хочемо стати дилером.\nМаємо салон.")
        );
        assert_eq!(LeadSource::parse("website"), Ok(LeadSource::Website));
        assert!(LeadSource::parse("fax").is_err());
    }
}
