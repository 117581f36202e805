//! Who is making a request. A layer resolves the session cookie (or, on
//! `/api/v1`, a personal token in `Authorization: Bearer`) once per
//! request and puts the [`Principal`] in the request's extensions; handlers
//! take [`Authenticated`] to require a person.

use crate::AppState;
use crate::error::WebError;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;
use dealerdesk_app::AppError;
use dealerdesk_app::auth::SessionPrincipal;
use dealerdesk_domain::Actor;
use dealerdesk_domain::model::User;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub enum Principal {
    Anonymous,
    /// Logged in through the login page; forms must carry its CSRF token.
    Session(Arc<SessionPrincipal>),
    /// A personal API token; no cookies are involved, so no CSRF.
    Bearer(Arc<(User, Actor)>),
}

impl Principal {
    pub fn user(&self) -> Option<&User> {
        match self {
            Principal::Anonymous => None,
            Principal::Session(s) => Some(&s.user),
            Principal::Bearer(b) => Some(&b.0),
        }
    }

    pub fn actor(&self) -> Option<&Actor> {
        match self {
            Principal::Anonymous => None,
            Principal::Session(s) => Some(&s.actor),
            Principal::Bearer(b) => Some(&b.1),
        }
    }
}

fn bearer_token(parts: &axum::http::HeaderMap) -> Option<&str> {
    let v = parts.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// The layer. A bad bearer token is refused outright (401): an API client
/// that sends a wrong token must hear so, not be served as anonymous.
pub async fn resolve(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/v1/") || req.uri().path() == "/api/v1";
    let principal = if let (true, Some(token)) = (is_api, bearer_token(req.headers())) {
        match state.app.bearer(token).await {
            Ok(Some(found)) => Principal::Bearer(Arc::new(found)),
            Ok(None) => {
                return axum::response::IntoResponse::into_response(WebError(
                    AppError::Unauthenticated,
                ));
            }
            Err(e) => return axum::response::IntoResponse::into_response(WebError(e)),
        }
    } else if let Some(token) = crate::cookies::get(req.headers(), crate::cookies::SESSION) {
        match state.app.session(token).await {
            Ok(Some(s)) => Principal::Session(Arc::new(s)),
            Ok(None) => Principal::Anonymous,
            Err(e) => return axum::response::IntoResponse::into_response(WebError(e)),
        }
    } else {
        Principal::Anonymous
    };
    req.extensions_mut().insert(principal);
    next.run(req).await
}

/// A handler argument that requires a logged-in person.
#[derive(Clone, Debug)]
pub struct Authenticated {
    pub user: User,
    pub actor: Actor,
    /// The session, when logged in through the login page (not a token).
    pub session: Option<Arc<SessionPrincipal>>,
}

impl<S: Send + Sync> FromRequestParts<S> for Authenticated {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        match parts.extensions.get::<Principal>() {
            Some(Principal::Session(s)) => Ok(Authenticated {
                user: s.user.clone(),
                actor: s.actor.clone(),
                session: Some(s.clone()),
            }),
            Some(Principal::Bearer(b)) => Ok(Authenticated {
                user: b.0.clone(),
                actor: b.1.clone(),
                session: None,
            }),
            _ => Err(WebError(AppError::Unauthenticated)),
        }
    }
}

/// The principal, whoever it is (pages that also serve visitors).
#[derive(Clone, Debug)]
pub struct Visitor(pub Principal);

impl<S: Send + Sync> FromRequestParts<S> for Visitor {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Visitor(
            parts
                .extensions
                .get::<Principal>()
                .cloned()
                .unwrap_or(Principal::Anonymous),
        ))
    }
}

/// The client's address when the server was started with connect info
/// (always in production; tests may skip it): the peer's, or behind a
/// trusted reverse proxy the one it forwarded ([`crate::proxy`]).
#[derive(Clone, Copy, Debug)]
pub struct PeerAddr(pub Option<std::net::SocketAddr>);

impl FromRequestParts<crate::AppState> for PeerAddr {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0);
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok());
        Ok(PeerAddr(peer.map(|p| {
            std::net::SocketAddr::new(state.proxies.client(p.ip(), forwarded), p.port())
        })))
    }
}
