//! The route table. The router is built from this one list, and the
//! permission-matrix test reads the same list, so a route added here
//! without an entry in the matrix fails the tests.

use crate::{AppState, api, assets, csrf, error, health, observe, pages, principal, sync_api};
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::routing::{MethodFilter, MethodRouter, on};
use std::time::Duration;
use tower_http::LatencyUnit;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};

/// One route as the matrix test sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteInfo {
    pub method: Method,
    pub path: &'static str,
}

struct Route {
    info: RouteInfo,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(method: Method, path: &'static str, handler: H) -> Route
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = MethodFilter::try_from(method.clone()).unwrap_or(MethodFilter::GET);
    Route {
        info: RouteInfo { method, path },
        handler: on(filter, handler),
    }
}

fn table() -> Vec<Route> {
    use Method as M;
    vec![
        route(M::GET, "/healthz", health::healthz),
        route(M::GET, "/readyz", health::readyz),
        route(M::GET, "/metrics", health::metrics),
        route(M::GET, "/assets/{name}", assets::asset),
        route(M::GET, "/brand.css", assets::brand_css),
        route(M::GET, "/brand/login-background", assets::login_background),
        route(M::GET, "/brand/logo", assets::logo),
        route(M::GET, "/login", pages::login::page),
        route(M::POST, "/login", pages::login::submit),
        route(M::POST, "/logout", pages::login::logout),
        route(M::GET, "/invite/{token}", pages::invite::page),
        route(M::POST, "/invite/{token}", pages::invite::submit),
        route(M::GET, "/", pages::dashboard::home),
        route(M::GET, "/staff", pages::dashboard::staff),
        route(M::GET, "/profile", pages::profile::page),
        route(
            M::POST,
            "/profile/password",
            pages::profile::change_password,
        ),
        route(M::POST, "/profile/language", pages::profile::set_language),
        route(M::GET, "/notifications", pages::notifications::page),
        route(M::GET, "/live", pages::live::stream),
        route(
            M::POST,
            "/notifications/read",
            pages::notifications::mark_read,
        ),
        route(
            M::POST,
            "/profile/notifications",
            pages::profile::set_notifications,
        ),
        route(M::GET, "/api/v1/me", api::me::me),
        route(
            M::GET,
            "/api/v1/orders/{factory_code}/{number}",
            api::orders::one,
        ),
        route(M::GET, "/orders", pages::orders::list),
        route(
            M::GET,
            "/orders/{factory_code}/{number}",
            pages::orders::one,
        ),
        route(
            M::GET,
            "/orders/{factory_code}/{number}/files/{id}",
            pages::orders::file,
        ),
        route(M::GET, "/api/v1/orders", api::orders::list),
        route(M::POST, "/api/v1/leads", api::leads::submit),
        route(M::GET, "/reclamations", pages::reclamations::list),
        route(M::GET, "/messages", pages::messages::list),
        route(M::POST, "/messages", pages::messages::start),
        route(M::GET, "/messages/{id}", pages::messages::thread),
        route(M::POST, "/messages/{id}", pages::messages::reply),
        route(M::GET, "/messages/{id}/files/{file}", pages::messages::file),
        route(M::GET, "/staff/inbox", pages::messages::inbox),
        route(M::GET, "/staff/dealers", pages::crm::list),
        route(M::GET, "/staff/dealers/{code}", pages::crm::card),
        route(
            M::POST,
            "/staff/dealers/{code}/contacts",
            pages::crm::add_contact,
        ),
        route(
            M::POST,
            "/staff/dealers/{code}/points",
            pages::crm::add_point,
        ),
        route(
            M::POST,
            "/staff/dealers/{code}/activities",
            pages::crm::log_activity,
        ),
        route(M::GET, "/staff/audit", pages::audit::page),
        route(M::GET, "/staff/admin/users", pages::admin::users),
        route(M::POST, "/staff/admin/users", pages::admin::create),
        route(M::GET, "/staff/admin/users/{id}", pages::admin::user),
        route(M::POST, "/staff/admin/users/{id}", pages::admin::change),
        route(
            M::GET,
            "/staff/admin/factories",
            pages::admin_setup::factories,
        ),
        route(
            M::POST,
            "/staff/admin/factories",
            pages::admin_setup::add_factory,
        ),
        route(M::GET, "/staff/admin/sources", pages::admin_setup::sources),
        route(
            M::POST,
            "/staff/admin/sources",
            pages::admin_setup::issue_key,
        ),
        route(
            M::POST,
            "/staff/admin/sources/revoke",
            pages::admin_setup::revoke_key,
        ),
        route(
            M::GET,
            "/staff/admin/templates",
            pages::admin_setup::templates,
        ),
        route(
            M::POST,
            "/staff/admin/templates",
            pages::admin_setup::set_template,
        ),
        route(M::GET, "/staff/admin/brand", pages::admin_setup::brand),
        route(M::POST, "/staff/admin/brand", pages::admin_setup::set_brand),
        route(
            M::POST,
            "/staff/admin/brand/picture",
            pages::admin_setup::set_picture,
        ),
        route(M::GET, "/staff/import", pages::import::page),
        route(M::POST, "/staff/import", pages::import::run),
        route(M::GET, "/staff/info", pages::info_desk::desk),
        route(M::POST, "/staff/info", pages::info_desk::create),
        route(M::GET, "/staff/info/{id}", pages::info_desk::edit),
        route(M::POST, "/staff/info/{id}", pages::info_desk::update),
        route(
            M::POST,
            "/staff/info/{id}/publish",
            pages::info_desk::publish,
        ),
        route(M::POST, "/staff/info/{id}/files", pages::info_desk::attach),
        route(
            M::GET,
            "/staff/info/{id}/files/{file}",
            pages::info_desk::desk_file,
        ),
        route(
            M::POST,
            "/staff/info/{id}/files/{file}/remove",
            pages::info_desk::remove,
        ),
        route(M::GET, "/staff/news", pages::news_desk::desk),
        route(M::POST, "/staff/news", pages::news_desk::create),
        route(M::GET, "/staff/news/{id}", pages::news_desk::edit),
        route(M::POST, "/staff/news/{id}", pages::news_desk::update),
        route(
            M::POST,
            "/staff/news/{id}/publish",
            pages::news_desk::publish,
        ),
        route(M::GET, "/staff/finance", pages::receivables::page),
        route(M::GET, "/staff/finance/{code}", pages::finance::dealer_page),
        route(
            M::GET,
            "/staff/finance/{code}/orders",
            pages::settlement::dealer_page,
        ),
        route(
            M::GET,
            "/staff/finance/{code}/statement.csv",
            pages::finance::dealer_csv,
        ),
        route(
            M::GET,
            "/staff/finance/{code}/statement.xlsx",
            pages::finance::dealer_xlsx,
        ),
        route(M::GET, "/staff/leads", pages::leads::page),
        route(M::GET, "/staff/analytics", pages::analytics::page),
        route(M::GET, "/staff/analytics/export", pages::analytics::export),
        route(M::POST, "/staff/leads", pages::leads::create),
        route(M::POST, "/staff/leads/{id}/move", pages::leads::move_lead),
        route(M::GET, "/staff/attention", pages::attention::page),
        route(
            M::POST,
            "/staff/attention/norms",
            pages::attention::set_norms,
        ),
        route(M::GET, "/staff/tasks", pages::tasks::list),
        route(M::POST, "/staff/tasks", pages::tasks::create),
        route(M::POST, "/staff/tasks/{id}/done", pages::tasks::done),
        route(
            M::GET,
            "/orders/{factory_code}/{number}/reclamation",
            pages::reclamations::new,
        ),
        route(
            M::POST,
            "/orders/{factory_code}/{number}/reclamation",
            pages::reclamations::file,
        ),
        route(M::GET, "/reclamations/{number}", pages::reclamations::page),
        route(
            M::GET,
            "/reclamations/{number}/photos/{id}",
            pages::reclamations::photo,
        ),
        route(
            M::POST,
            "/reclamations/{number}/comments",
            pages::reclamations::comment,
        ),
        route(
            M::POST,
            "/reclamations/{number}/status",
            pages::reclamation_queue::set_status,
        ),
        route(
            M::POST,
            "/reclamations/{number}/assign",
            pages::reclamation_queue::assign,
        ),
        route(
            M::GET,
            "/staff/reclamations",
            pages::reclamation_queue::queue,
        ),
        route(
            M::GET,
            "/staff/reclamations/stats",
            pages::reclamation_queue::stats,
        ),
        route(
            M::POST,
            "/staff/reclamations/norms",
            pages::reclamation_queue::set_norm,
        ),
        route(M::GET, "/finance", pages::finance::page),
        route(M::GET, "/finance/orders", pages::settlement::page),
        route(M::GET, "/finance/statement.csv", pages::finance::csv),
        route(M::GET, "/finance/statement.xlsx", pages::finance::xlsx),
        route(M::GET, "/api/v1/statement", api::finance::statement),
        route(M::GET, "/company", pages::company::page),
        route(M::POST, "/company/invite", pages::company::invite),
        route(
            M::POST,
            "/company/users/{id}/active",
            pages::company::set_active,
        ),
        route(
            M::POST,
            "/company/users/{id}/finance",
            pages::company::set_finance,
        ),
        route(M::GET, "/news", pages::info::news_list),
        route(M::GET, "/news/{id}", pages::info::news_item),
        route(M::GET, "/info", pages::info::reference),
        route(M::GET, "/info/schedule", pages::info::schedule),
        route(M::GET, "/info/contacts", pages::info::contacts),
        route(M::GET, "/info/{slug}", pages::info::page),
        route(
            M::GET,
            "/info/{slug}/files/{file}",
            pages::info_desk::reader_file,
        ),
        route(M::GET, "/api/openapi.json", api::openapi::json_document),
        route(M::GET, "/api/docs", api::openapi::page),
        route(M::GET, "/staff/sync", pages::sync::page),
        route(
            M::POST,
            "/staff/sync/quarantine/{id}/retry",
            pages::sync::retry,
        ),
        route(
            M::POST,
            "/staff/sync/quarantine/{id}/discard",
            pages::sync::discard,
        ),
        route(M::GET, "/api/v1/sync/health", api::sync_health::health),
        route(M::POST, "/api/sync/v1/events", sync_api::events),
        route(M::GET, "/api/sync/v1/status", sync_api::status),
        route(M::POST, "/api/sync/v1/reconcile", sync_api::reconcile),
    ]
}

/// Every route the router serves.
pub fn route_list() -> Vec<RouteInfo> {
    table().into_iter().map(|r| r.info).collect()
}

pub fn router(state: AppState) -> Router {
    let mut r = Router::new();
    for route in table() {
        r = r.route(route.info.path, route.handler);
    }
    r.fallback(fallback)
        // Innermost first: CSRF needs the principal, errors need both.
        .layer(axum::middleware::from_fn(csrf::protect))
        .layer(axum::middleware::from_fn_with_state(state.clone(), principal::resolve))
        .layer(axum::middleware::from_fn(error::render))
        .layer(axum::middleware::from_fn(observe::security_headers))
        .layer(axum::middleware::from_fn(observe::record))
        // The sync API answers oversized bodies itself (its limit is a
        // setting); this is the hard ceiling for everything.
        // A reclamation carries up to ten 10 MB photos.
        .layer(axum::extract::DefaultBodyLimit::max(112 * 1024 * 1024))
        .layer(RequestBodyLimitLayer::new(112 * 1024 * 1024))
        .layer(TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, Duration::from_secs(30)))
        .layer(CatchPanicLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<axum::body::Body>| {
                    let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("");
                    tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path())
                })
                // One line per request, at info, carrying the span's request id.
                .on_request(())
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO).latency_unit(LatencyUnit::Micros)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(observe::MakeId))
        .with_state(state)
}

async fn fallback() -> crate::WebError {
    crate::WebError(dealerdesk_app::AppError::NotFound)
}
