//! Notification texts the administrator rewrites (SPEC 4.2). Each text of
//! a notification (`notify.title.*`, `notify.body.*` in the i18n table)
//! may be replaced per language; a replacement may use only the
//! placeholders its default uses (`{number}`, `{to}`, …), so it can never
//! ask for a value the event does not carry. Kept in settings as
//! `template.<lang>.<key>`; removing one brings the default back.

use crate::notifications::fill;
use crate::{App, AppError, Result};
use dealerdesk_domain::Actor;
use dealerdesk_domain::model::Language;
use dealerdesk_domain::policy::Capability;
use dealerdesk_i18n::Tr;
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use std::collections::{BTreeSet, HashMap};

/// The longest replacement text, in characters.
pub const MAX_TEMPLATE_CHARS: usize = 1_000;
const PREFIX: &str = "template.";
const LANGUAGES: [Language; 3] = [Language::Ru, Language::Uk, Language::En];

/// The replacements in force, read once per fan-out round.
#[derive(Debug, Clone, Default)]
pub struct Templates {
    map: HashMap<(Language, String), String>,
}

impl Templates {
    /// The text of `key` for the reader's language with the values filled in.
    pub fn fill(&self, t: Tr, key: &str, values: &[(&str, String)]) -> String {
        let template = self
            .map
            .get(&(t.0, key.to_owned()))
            .map(String::as_str)
            .unwrap_or_else(|| t.get(key));
        fill(template, values)
    }
}

/// The keys that may be rewritten.
pub fn editable_keys() -> Vec<&'static str> {
    let mut keys = dealerdesk_i18n::keys_with_prefix("notify.title.");
    keys.extend(dealerdesk_i18n::keys_with_prefix("notify.body."));
    keys
}

/// `{name}` placeholders of a text.
pub fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    out.insert(name.to_owned());
                }
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// One text on the administrator's screen: the default and the
/// replacement (if any) in each language, ru, uk, en.
#[derive(Debug, Clone)]
pub struct TemplateLine {
    pub key: &'static str,
    pub defaults: [&'static str; 3],
    pub replacements: [Option<String>; 3],
}

fn admin_only(actor: &Actor) -> Result<()> {
    if actor.can(Capability::Administration) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

impl App {
    /// The replacements in force.
    pub async fn templates(&self) -> Result<Templates> {
        let mut c = self.store.read().await?;
        self.templates_on(&mut c).await
    }

    /// [`App::templates`] on a connection the caller holds (the
    /// notification fan-out reads them inside its transaction).
    pub async fn templates_on(&self, c: &mut dealerdesk_store::Conn) -> Result<Templates> {
        let mut map = HashMap::new();
        for (k, v) in c.settings().all().await? {
            let Some(rest) = k.strip_prefix(PREFIX) else {
                continue;
            };
            if let Some((lang, key)) = rest.split_once('.')
                && let Some(lang) = Language::parse(lang)
            {
                map.insert((lang, key.to_owned()), v);
            }
        }
        Ok(Templates { map })
    }

    /// Every text that may be rewritten, for the administrator.
    pub async fn template_lines(&self, actor: &Actor) -> Result<Vec<TemplateLine>> {
        admin_only(actor)?;
        let t = self.templates().await?;
        Ok(editable_keys()
            .into_iter()
            .map(|key| TemplateLine {
                key,
                defaults: LANGUAGES.map(|l| Tr(l).get(key)),
                replacements: LANGUAGES.map(|l| t.map.get(&(l, key.to_owned())).cloned()),
            })
            .collect())
    }

    /// Sets the replacements of one text (ru, uk, en; empty: the default).
    pub async fn set_template(&self, actor: &Actor, key: &str, texts: [&str; 3]) -> Result<()> {
        admin_only(actor)?;
        let key = editable_keys()
            .into_iter()
            .find(|k| *k == key)
            .ok_or_else(|| AppError::invalid("key", "is not a notification text"))?;
        let mut errors = Vec::new();
        let mut chosen: [Option<String>; 3] = [None, None, None];
        for (i, lang) in LANGUAGES.iter().enumerate() {
            let field = lang.as_str();
            let text = texts[i].trim();
            if text.is_empty() {
                continue;
            }
            if text.chars().count() > MAX_TEMPLATE_CHARS {
                errors.push(crate::FieldError {
                    field: field.to_owned(),
                    message: format!("must be at most {MAX_TEMPLATE_CHARS} characters"),
                });
                continue;
            }
            let allowed = placeholders(Tr(*lang).get(key));
            let unknown: Vec<String> = placeholders(text)
                .into_iter()
                .filter(|p| !allowed.contains(p))
                .collect();
            if !unknown.is_empty() {
                let list = |set: Vec<String>| {
                    set.into_iter()
                        .map(|p| format!("{{{p}}}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                errors.push(crate::FieldError {
                    field: field.to_owned(),
                    message: format!(
                        "{} cannot be filled in here; this text can use: {}",
                        list(unknown),
                        list(allowed.into_iter().collect())
                    ),
                });
                continue;
            }
            chosen[i] = Some(text.to_owned());
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        let before = self.templates().await?;
        let mut tx = self.store.begin().await?;
        for (i, lang) in LANGUAGES.iter().enumerate() {
            let name = format!("{PREFIX}{}.{key}", lang.as_str());
            let old = before.map.get(&(*lang, key.to_owned()));
            if old == chosen[i].as_ref() {
                continue;
            }
            match &chosen[i] {
                Some(text) => tx.settings().set(&name, text).await?,
                None => tx.settings().remove(&name).await?,
            }
            tx.audit()
                .record(&NewAudit {
                    actor_id: Some(actor.user_id),
                    action: "settings.notification_template",
                    object_type: "settings",
                    object_id: name,
                    before: old.cloned(),
                    after: chosen[i].clone(),
                    ..Default::default()
                })
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_named_braces() {
        let p = placeholders("Order {number}: {from} → {to}. {} {Bad} {x");
        assert_eq!(
            p.into_iter().collect::<Vec<_>>(),
            vec!["from", "number", "to"]
        );
    }

    #[test]
    fn a_replacement_wins_in_its_language_only() {
        let mut t = Templates::default();
        t.map.insert(
            (Language::En, "notify.title.delivered".to_owned()),
            "Delivered: {number}!".to_owned(),
        );
        let v = [("number", "KH-1".to_owned())];
        assert_eq!(
            t.fill(Tr(Language::En), "notify.title.delivered", &v),
            "Delivered: KH-1!"
        );
        assert_eq!(
            t.fill(Tr(Language::Uk), "notify.title.delivered", &v),
            "Замовлення KH-1 доставлено"
        );
        assert!(editable_keys().contains(&"notify.body.shipment_scheduled"));
        assert!(!editable_keys().contains(&"notify.kind.delivered"));
    }
}
