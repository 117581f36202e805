//! One error type for every handler. A handler returns `WebError`; its
//! response carries the error in an extension, and [`render`] (a layer
//! that knows the request) turns it into a JSON body for the APIs or a page
//! for people. A 5xx logs the whole cause and shows only a plain message.

use crate::i18n::Tr;
use crate::pages::chrome::Chrome;
use crate::principal::Principal;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use dealerdesk_app::AppError;
use std::sync::Arc;

#[derive(Debug)]
pub struct WebError(pub AppError);

impl From<AppError> for WebError {
    fn from(e: AppError) -> Self {
        WebError(e)
    }
}

impl From<dealerdesk_store::StoreError> for WebError {
    fn from(e: dealerdesk_store::StoreError) -> Self {
        WebError(e.into())
    }
}

impl From<askama::Error> for WebError {
    fn from(e: askama::Error) -> Self {
        WebError(AppError::Internal(format!("template: {e}")))
    }
}

/// A CSRF check failed (its own code, not one of the use cases').
#[derive(Debug, Clone, Copy)]
pub struct CsrfFailed;

#[derive(Clone)]
struct Carried(Arc<AppError>);

pub fn status_of(e: &AppError) -> StatusCode {
    match e {
        AppError::Unauthenticated | AppError::BadCredentials => StatusCode::UNAUTHORIZED,
        AppError::Deactivated | AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::Throttled { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Gone => StatusCode::GONE,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut r = status_of(&self.0).into_response();
        if let AppError::Throttled { retry_after_secs } = &self.0
            && let Ok(v) = retry_after_secs.to_string().parse()
        {
            r.headers_mut().insert(header::RETRY_AFTER, v);
        }
        r.extensions_mut().insert(Carried(Arc::new(self.0)));
        r
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    message: String,
}

/// Whether the caller wants JSON: API paths always do.
fn wants_json(path: &str, accept: Option<&str>) -> bool {
    path.starts_with("/api/")
        || accept.is_some_and(|a| a.contains("application/json") && !a.contains("text/html"))
}

/// The layer that renders errors for the request that caused them.
pub async fn render(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| path.clone());
    let json = wants_json(
        &path,
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok()),
    );
    let is_get = req.method() == axum::http::Method::GET;
    let principal = req.extensions().get::<Principal>().cloned();
    let tr = Tr::negotiate(
        crate::cookies::get(req.headers(), crate::cookies::LANG),
        req.headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    );
    let mut resp = next.run(req).await;
    let csrf = resp.extensions_mut().remove::<CsrfFailed>();
    let Some(Carried(err)) = resp.extensions_mut().remove::<Carried>() else {
        if csrf.is_some() {
            return finish(
                resp.status(),
                json,
                "csrf_failed",
                "the CSRF token is missing or wrong; reload the page",
                &principal,
                tr,
                "error.csrf",
                &[],
            );
        }
        return resp;
    };
    let status = resp.status();
    if let AppError::Internal(cause) = err.as_ref() {
        tracing::error!(%path, cause, "request failed");
    }
    // A page asked for without a session goes to the login page; the live
    // stream is not a page (a browser's EventSource cannot follow there).
    if matches!(err.as_ref(), AppError::Unauthenticated) && !json && is_get && path != "/live" {
        let next = form_urlencoded::byte_serialize(path_and_query.as_bytes()).collect::<String>();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }
    let key = match err.as_ref() {
        AppError::NotFound => "error.not_found",
        AppError::Forbidden => "error.forbidden",
        AppError::Internal(_) => "error.internal",
        _ => "",
    };
    let details = match err.as_ref() {
        AppError::Invalid(fields) => fields.clone(),
        _ => Vec::new(),
    };
    let message = match err.as_ref() {
        AppError::Internal(_) => "internal error".to_owned(),
        other => other.to_string(),
    };
    let mut out = finish(
        status,
        json,
        err.code(),
        &message,
        &principal,
        tr,
        key,
        &details,
    );
    if let Some(v) = resp.headers().get(header::RETRY_AFTER).cloned() {
        out.headers_mut().insert(header::RETRY_AFTER, v);
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn finish(
    status: StatusCode,
    json: bool,
    code: &str,
    message: &str,
    principal: &Option<Principal>,
    tr: Tr,
    key: &str,
    details: &[dealerdesk_app::FieldError],
) -> Response {
    if json {
        let body =
            serde_json::json!({"error": {"code": code, "message": message, "details": details}});
        return (status, axum::Json(body)).into_response();
    }
    let chrome = match principal {
        Some(p) if p.user().is_some() => Chrome::for_principal(p, "", ""),
        _ => Chrome::anonymous(tr, ""),
    };
    let text = if key.is_empty() {
        message.to_owned()
    } else {
        chrome.t.get(key).to_owned()
    };
    let page = ErrorPage {
        chrome,
        message: text,
    };
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(_) => (status, message.to_owned()).into_response(),
    }
}
