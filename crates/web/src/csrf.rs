//! CSRF protection for every state-changing request made with cookies.
//!
//! Two independent checks: the browser's own word (`Sec-Fetch-Site` must
//! not be `cross-site`, and an `Origin`, when sent, must be this host), and
//! a token the attacker cannot read: the session's CSRF token, or for
//! visitors not yet logged in (the login and invitation forms) a
//! double-submit cookie. The token comes in the `X-CSRF-Token` header
//! (htmx, scripts), a `_csrf` form field, or — for multipart uploads, too
//! big to read twice — a `_csrf` query parameter in the form's action. Requests authenticated by a
//! bearer token carry no cookies and are exempt; so are the machine APIs
//! under `/api/sync/` and the public website form `POST /api/v1/leads`.

use crate::cookies;
use crate::error::CsrfFailed;
use crate::principal::Principal;
use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use dealerdesk_app::secret::constant_time_eq;
use http_body_util::BodyExt;

/// Forms are small; anything bigger is not a form we render.
const MAX_FORM_BYTES: usize = 1024 * 1024;

fn is_safe(m: &Method) -> bool {
    matches!(
        *m,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE
    )
}

fn refuse() -> Response {
    let mut r = StatusCode::FORBIDDEN.into_response();
    r.extensions_mut().insert(CsrfFailed);
    r
}

fn same_origin(headers: &HeaderMap) -> bool {
    if headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) == Some("cross-site") {
        return false;
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    if origin == "null" {
        return false;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let origin_host = origin
        .split_once("://")
        .map(|(_, rest)| rest)
        .unwrap_or(origin);
    let forwarded = headers
        .get("x-forwarded-host")
        .and_then(|v| v.to_str().ok());
    origin_host.eq_ignore_ascii_case(host)
        || forwarded.is_some_and(|f| origin_host.eq_ignore_ascii_case(f))
}

pub async fn protect(req: Request, next: Next) -> Response {
    // The website's lead form is public by design and posted from the
    // plant's own site (another origin); it reads no session and changes
    // nothing of anyone's, and it has its own limit per address.
    if is_safe(req.method())
        || req.uri().path().starts_with("/api/sync/")
        || req.uri().path() == "/api/v1/leads"
    {
        return next.run(req).await;
    }
    let principal = req
        .extensions()
        .get::<Principal>()
        .cloned()
        .unwrap_or(Principal::Anonymous);
    let expected: String = match &principal {
        Principal::Bearer(_) => return next.run(req).await,
        Principal::Session(s) => s.csrf_token.clone(),
        Principal::Anonymous => match cookies::get(req.headers(), cookies::LOGIN_CSRF) {
            Some(v) => v.to_owned(),
            None => return refuse(),
        },
    };
    if !same_origin(req.headers()) {
        return refuse();
    }
    if let Some(h) = req
        .headers()
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
    {
        return if constant_time_eq(h, &expected) {
            next.run(req).await
        } else {
            refuse()
        };
    }
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // An upload form (photos) is too big to read twice: its token rides in
    // the action's query (`?_csrf=`), which only pages of this site write.
    if content_type.starts_with("multipart/form-data") {
        let provided = req.uri().query().and_then(|q| {
            form_urlencoded::parse(q.as_bytes())
                .find(|(k, _)| k == "_csrf")
                .map(|(_, v)| v.into_owned())
        });
        return match provided {
            Some(p) if constant_time_eq(&p, &expected) => next.run(req).await,
            _ => refuse(),
        };
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
        return refuse();
    }
    let (parts, body) = req.into_parts();
    let bytes: Bytes = match http_body_util::Limited::new(body, MAX_FORM_BYTES)
        .collect()
        .await
    {
        Ok(c) => c.to_bytes(),
        Err(_) => return StatusCode::PAYLOAD_TOO_LARGE.into_response(),
    };
    let provided = form_urlencoded::parse(&bytes)
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.into_owned());
    match provided {
        Some(p) if constant_time_eq(&p, &expected) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        _ => refuse(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn origins() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert!(same_origin(&h));
        h.insert(
            header::ORIGIN,
            HeaderValue::from_static("https://evil.example"),
        );
        assert!(!same_origin(&h));
        h.remove(header::ORIGIN);
        h.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert!(!same_origin(&h));
    }
}
