//! The interface's translations live in `dealerdesk-i18n` (pages, e-mails
//! and notifications share them); this module re-exports them and checks
//! that every key the templates and pages ask for exists.

pub use dealerdesk_i18n::{Tr, has_key};

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `t.get("…")` and `t.with_n("…"` in the templates and every key
    /// the code builds from a status or role exists.
    #[test]
    fn every_used_key_exists() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut missing = Vec::new();
        for entry in std::fs::read_dir(&dir).expect("templates") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("read");
            for marker in ["t.get(\"", "t.with_n(\""] {
                for piece in text.split(marker).skip(1) {
                    let key = piece.split('"').next().unwrap_or("");
                    if !has_key(key) {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
        let dashboard = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src/dashboard.rs"),
        )
        .expect("dashboard.rs");
        for piece in dashboard.split("q(\"").skip(1) {
            let key = format!("queue.{}", piece.split('"').next().unwrap_or(""));
            if !has_key(&key) {
                missing.push(key);
            }
        }
        for s in dealerdesk_domain::OrderStatus::ALL {
            if !has_key(&format!("status.{}", s.as_str())) {
                missing.push(format!("status.{s}"));
            }
        }
        for r in dealerdesk_domain::Role::ALL {
            if !has_key(&format!("role.{}", r.as_str())) {
                missing.push(format!("role.{r}"));
            }
        }
        // The statement files' labels and every entry kind.
        use dealerdesk_app::finance::export::{KEYS, kind_key};
        let kinds = dealerdesk_domain::LedgerKind::ALL.map(kind_key);
        for key in KEYS.iter().chain(kinds.iter()) {
            if !has_key(key) {
                missing.push((*key).to_owned());
            }
        }
        // Factory information: its tabs and the reference directory's groups.
        let sections =
            dealerdesk_domain::model::InfoSection::ALL.map(|s| format!("info.{}", s.as_str()));
        let topics = crate::pages::info::TOPICS.map(|t| format!("info.topic.{t}"));
        for key in sections.iter().chain(topics.iter()) {
            if !has_key(key) {
                missing.push(key.clone());
            }
        }
        // Error lines name the field: `finance.field.*`, `orders.field.*`.
        for key in ["finance.field.from", "finance.field.to"] {
            if !has_key(key) {
                missing.push(key.to_owned());
            }
        }
        assert!(missing.is_empty(), "missing translations: {missing:?}");
    }
}
