//! The interface in Russian (the default), Ukrainian and English. Every
//! string a page, an e-mail or a notification shows comes from the table
//! in `table.rs`; the web crate's tests check that each key a template asks
//! for exists, so a missing translation fails the tests rather than showing
//! a raw key.
//! Its own crate because pages (web), notifications (app) and e-mails
//! (notify) all speak to people in their language.

pub mod fmt;
mod table;

use dealerdesk_domain::model::Language;
use table::TABLE;

/// Where each key is in [`TABLE`]. A page looks up hundreds of strings
/// (a label per cell of a 100-line statement); a binary search over some
/// 800 keys compared strings about ten times per lookup, 8 % of the
/// statement page's CPU.
static INDEX: std::sync::LazyLock<std::collections::HashMap<&'static str, usize>> =
    std::sync::LazyLock::new(|| {
        TABLE
            .iter()
            .enumerate()
            .map(|(i, (k, _))| (*k, i))
            .collect()
    });

/// The translations for one language, handed to templates as `t`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tr(pub Language);

impl Tr {
    pub fn get(&self, key: &str) -> &'static str {
        let col = match self.0 {
            Language::Ru => 0,
            Language::Uk => 1,
            Language::En => 2,
        };
        match INDEX.get(key) {
            Some(&i) => TABLE[i].1[col],
            None => {
                tracing::warn!(key, "missing translation");
                "?"
            }
        }
    }

    /// `get` with `{n}` replaced.
    pub fn with_n(&self, key: &str, n: impl std::fmt::Display) -> String {
        self.get(key).replace("{n}", &n.to_string())
    }

    pub fn lang(&self) -> &'static str {
        self.0.as_str()
    }

    /// The language to greet an anonymous visitor in: a `lang` cookie if
    /// set, else the first of ours in `Accept-Language`, else Russian.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Self {
        if let Some(l) = cookie.and_then(Language::parse) {
            return Tr(l);
        }
        let found = accept_language
            .into_iter()
            .flat_map(|h| h.split(','))
            .find_map(|part| {
                let tag = part
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                Language::parse(tag.split('-').next().unwrap_or(""))
            });
        Tr(found.unwrap_or_default())
    }
}

/// Every key starting with `prefix`, in order (the administrator's list
/// of notification texts).
pub fn keys_with_prefix(prefix: &str) -> Vec<&'static str> {
    TABLE
        .iter()
        .map(|(k, _)| *k)
        .filter(|k| k.starts_with(prefix))
        .collect()
}

pub fn has_key(key: &str) -> bool {
    INDEX.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_found_by_the_index() {
        assert_eq!(INDEX.len(), TABLE.len());
        for (k, v) in TABLE {
            assert_eq!(Tr(Language::Uk).get(k), v[1], "{k}");
        }
        assert_eq!(Tr(Language::En).get("no.such.key"), "?");
    }

    #[test]
    fn table_is_sorted_and_complete() {
        for w in TABLE.windows(2) {
            assert!(w[0].0 < w[1].0, "{} must come before {}", w[1].0, w[0].0);
        }
        for (k, v) in TABLE {
            assert!(
                v.iter().all(|s| !s.is_empty()),
                "{k} has an empty translation"
            );
        }
    }

    #[test]
    fn negotiation() {
        assert_eq!(
            Tr::negotiate(None, Some("uk-UA,uk;q=0.9,en;q=0.8")).0,
            Language::Uk
        );
        assert_eq!(Tr::negotiate(Some("en"), Some("uk")).0, Language::En);
        assert_eq!(Tr::negotiate(None, Some("de-DE, en;q=0.5")).0, Language::En);
        assert_eq!(Tr::negotiate(None, None).0, Language::Ru);
    }
}
