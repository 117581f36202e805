//! HTML pages. Each module renders one screen from one use case.

pub mod admin;
pub mod admin_setup;
pub mod analytics;
pub mod attention;
pub mod audit;
pub mod chrome;
pub mod company;
pub mod crm;
pub mod dashboard;
pub mod finance;
pub mod import;
pub mod info;
pub mod info_desk;
pub mod invite;
pub mod leads;
pub mod live;
pub mod login;
pub mod messages;
pub mod news_desk;
pub mod notifications;
pub mod orders;
pub mod profile;
pub mod receivables;
pub mod reclamation_queue;
pub mod reclamations;
pub mod settlement;
pub mod sync;
pub mod tasks;
pub mod upload;

use crate::WebError;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// Renders a template into a response.
pub fn render<T: Template>(t: &T) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
}

/// A refused form in the reader's language, one line: each field's label
/// (`{labels}.field.{name}`) and its message; with `labels: None`, the
/// messages alone (a form of one field).
pub fn field_errors(
    t: crate::i18n::Tr,
    labels: Option<&str>,
    fields: &[dealerdesk_app::FieldError],
) -> String {
    fields
        .iter()
        .map(|f| {
            let message = crate::messages::translate(t, &f.message);
            match labels {
                Some(prefix) => format!(
                    "{}: {message}",
                    t.get(&format!("{prefix}.field.{}", f.field))
                ),
                None => message,
            }
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// A `next` parameter is followed only to a path on this site, never to
/// another host (an open redirect would help phishing).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n,
        _ => "/",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn next_stays_on_site() {
        assert_eq!(super::safe_next(Some("/profile")), "/profile");
        assert_eq!(super::safe_next(Some("//evil.example")), "/");
        assert_eq!(super::safe_next(Some("https://evil.example")), "/");
        assert_eq!(super::safe_next(None), "/");
    }
}
