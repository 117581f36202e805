//! HTML pages. Each module renders one screen from one use case.

pub mod chrome;
pub mod company;
pub mod dashboard;
pub mod finance;
pub mod info;
pub mod invite;
pub mod login;
pub mod orders;
pub mod profile;
pub mod sync;

use crate::WebError;
use askama::Template;
use axum::response::{Html, IntoResponse, Response};

/// Renders a template into a response.
pub fn render<T: Template>(t: &T) -> Result<Response, WebError> {
    Ok(Html(t.render()?).into_response())
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
