//! The OpenAPI 3.1 document of the JSON APIs (`/api/openapi.json`) and a
//! readable page of it (`/api/docs`, rendered here: no scripts from a CDN).
//! The event schemas come from `dealerdesk_sync::schema`, the same module
//! the schema tests check against real events.

use crate::AppState;
use axum::Json;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{Map, Value, json};

fn error_responses(codes: &[(&str, &str)]) -> Map<String, Value> {
    codes.iter().map(|(c, d)| ((*c).to_owned(), json!({"description": d, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}))).collect()
}

fn op(
    summary: &str,
    description: &str,
    security: &str,
    ok: (&str, &str, Value),
    errors: &[(&str, &str)],
    body: Option<Value>,
) -> Value {
    let mut responses = error_responses(errors);
    responses.insert(
        ok.0.to_owned(),
        json!({"description": ok.1, "content": {"application/json": {"schema": ok.2}}}),
    );
    let mut o = json!({"summary": summary, "description": description, "security": [{security: []}], "responses": responses});
    if let Some(b) = body {
        o["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": b}}});
    }
    o
}

/// The document.
pub fn document() -> Value {
    let mut schemas = Map::new();
    let mut one_of = Vec::new();
    for (name, schema) in dealerdesk_sync::schema::all() {
        let key = format!("event.{name}");
        one_of.push(json!({"$ref": format!("#/components/schemas/{key}")}));
        schemas.insert(key, schema);
    }
    schemas.insert("Event".into(), json!({"oneOf": one_of}));
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "array"}}}}}),
    );
    schemas.insert(
        "IngestResponse".into(),
        json!({"type": "object", "required": ["accepted", "duplicates", "rejected", "results"], "properties": {
            "accepted": {"type": "integer"}, "duplicates": {"type": "integer"}, "rejected": {"type": "integer"},
            "results": {"type": "array", "items": {"type": "object", "required": ["index", "status"], "properties": {
                "index": {"type": "integer"}, "event_id": {"type": "string"}, "status": {"enum": ["accepted", "duplicate", "rejected"]},
                "error": {"type": "object", "properties": {
                    "code": {"enum": ["invalid_json_shape", "unknown_event_type", "forbidden_event_type", "missing_field", "invalid_field", "too_long", "conflicting_duplicate"]},
                    "path": {"type": "string", "description": "JSON pointer into the event"}, "message": {"type": "string"}}}}}}}}),
    );
    schemas.insert(
        "SyncStatus".into(),
        json!({"type": "object", "properties": {"accepted": {"type": "integer"}, "applied": {"type": "integer"}, "waiting": {"type": "integer"},
            "quarantined": {"type": "integer"}, "oldest_unapplied_age_ms": {"type": "integer"}}}),
    );
    schemas.insert(
        "Snapshot".into(),
        json!({"type": "object", "additionalProperties": false, "properties": {
            "dealers": {"type": "array", "maxItems": 5000, "items": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}, "balance_minor": {"type": "integer"}, "orders": {"type": "integer"}}}},
            "orders": {"type": "array", "maxItems": 5000, "items": {"type": "object", "required": ["number"], "properties": {"number": {"type": "string"}, "status": {"type": "string"}, "total_minor": {"type": "integer"}, "trip": {"type": "string"}}}}}}),
    );
    schemas.insert(
        "Report".into(),
        json!({"type": "object", "properties": {"dealers_checked": {"type": "integer"}, "orders_checked": {"type": "integer"},
            "drift": {"type": "array", "items": {"type": "object", "properties": {"entity": {"type": "string"}, "key": {"type": "string"}, "field": {"type": "string"}, "expected": {}, "actual": {}}}}}}),
    );
    let sync_errors = [
        ("400", "the body is not a JSON object with an events array"),
        ("401", "no key, or an unknown or revoked key"),
        ("413", "over the size or event-count limit"),
        ("415", "not application/json"),
        ("429", "over the source's rate limit; see Retry-After"),
        (
            "503",
            "the unapplied backlog is over its limit; see Retry-After",
        ),
    ];
    let api_errors = [
        ("401", "not logged in"),
        ("404", "no such object, or not yours"),
    ];
    json!({
        "openapi": "3.1.0",
        "info": {"title": "DealerDesk", "version": env!("CARGO_PKG_VERSION"),
                 "description": "The dealer portal's JSON API (v1) and the sync API the plant's production and accounting systems push events to."},
        "paths": {
            "/api/sync/v1/events": {"post": op("Push events", "Each event is validated on its own; accepted events are committed before the answer. A repeated event_id with the same content is a duplicate; with different content it is rejected (conflicting_duplicate).", "sourceKey",
                ("202", "per-event results", json!({"$ref": "#/components/schemas/IngestResponse"})), &sync_errors,
                Some(json!({"type": "object", "required": ["events"], "properties": {"events": {"type": "array", "maxItems": 1000, "items": {"$ref": "#/components/schemas/Event"}}}})))},
            "/api/sync/v1/status": {"get": op("This source's counters", "Once the backlog is empty, applied + quarantined == accepted.", "sourceKey",
                ("200", "counters", json!({"$ref": "#/components/schemas/SyncStatus"})), &sync_errors[1..2], None)},
            "/api/sync/v1/reconcile": {"post": op("Compare a snapshot", "Lists every difference between the source's view and DealerDesk's.", "sourceKey",
                ("200", "the differences", json!({"$ref": "#/components/schemas/Report"})), &sync_errors[..2], Some(json!({"$ref": "#/components/schemas/Snapshot"})))},
            "/api/v1/me": {"get": op("Who is asking", "The user, their role, and their dealer with its balance_minor and currency (balance null without finance access).", "personalToken",
                ("200", "the user", json!({"type": "object"})), &api_errors[..1], None)},
            "/api/v1/orders": {"get": {
                "summary": "The dealer's orders",
                "description": "Filters: status, q (an order number's beginning, or words of the customer reference and constructions), from/to (accepted, inclusive dates), sort (accepted, changed, number, amount). Keyset paging: pass next_cursor back as cursor.",
                "parameters": [
                    {"name": "status", "in": "query", "schema": {"enum": ["accepted", "in_production", "manufactured", "ready", "shipped", "delivered", "cancelled"]}},
                    {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "sort", "in": "query", "schema": {"enum": ["accepted", "changed", "number", "amount"]}},
                    {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 200, "default": 50}}],
                "security": [{"personalToken": []}],
                "responses": {"200": {"description": "a page", "content": {"application/json": {"schema": {"type": "object", "required": ["items", "next_cursor"],
                    "properties": {"items": {"type": "array", "items": {"type": "object"}}, "next_cursor": {"type": ["string", "null"]}}}}}},
                    "401": {"description": "not logged in"}, "403": {"description": "not a dealer's person"}, "422": {"description": "a filter is not valid; error.details names it"}}}},
            "/api/v1/orders/{factory_code}/{number}": {"get": {
                "parameters": [{"name": "factory_code", "in": "path", "required": true, "schema": {"type": "string"}}, {"name": "number", "in": "path", "required": true, "schema": {"type": "string"}}],
                "summary": "One order", "description": "With constructions (position, status) and shipment (trip, driver_name, driver_phone) or null.",
                "security": [{"personalToken": []}],
                "responses": {"200": {"description": "the order", "content": {"application/json": {"schema": {"type": "object"}}}}, "401": {"description": "not logged in"}, "404": {"description": "no such order, or not yours"}}}},
            "/api/v1/statement": statement_path(),
            "/api/v1/leads": {"post": {
                "summary": "The website form: a prospective dealer",
                "description": "Public: no login and no CSRF token. At most 5 submissions per address in ten minutes (429 with Retry-After after that). Leave `website` empty: it is a honeypot, and a lead that fills it in is thanked and dropped. A phone or an e-mail is required. `factory` is a factory's code (the plant's first factory when empty). Also accepted as application/x-www-form-urlencoded with the same fields.",
                "security": [],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["company"], "properties": {
                    "company": {"type": "string", "maxLength": 200}, "contact_name": {"type": "string", "maxLength": 200},
                    "phone": {"type": "string"}, "email": {"type": "string", "format": "email"},
                    "city": {"type": "string", "maxLength": 100}, "region": {"type": "string", "maxLength": 100},
                    "note": {"type": "string", "maxLength": 2000}, "factory": {"type": "string"}, "website": {"type": "string", "description": "honeypot: leave empty"}}}}}},
                "responses": {"201": {"description": "received", "content": {"application/json": {"schema": {"type": "object", "properties": {"received": {"const": true}}}}}},
                    "422": {"description": "a field is not valid; error.details names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                    "429": {"description": "too many submissions from this address; see Retry-After", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}},
            "/api/v1/sync/health": {"get": op("Sync health (administrators)", "Per source counters and lag, the oldest waiting event, the quarantine.", "personalToken",
                ("200", "health", json!({"type": "object"})), &[("401", "not logged in"), ("403", "administrators only")], None)}
        },
        "components": {
            "securitySchemes": {
                "sourceKey": {"type": "http", "scheme": "bearer", "description": "a source's key (dealerdesk source add)"},
                "personalToken": {"type": "http", "scheme": "bearer", "description": "a personal API token (dealerdesk user token), or the session cookie"}
            },
            "schemas": schemas
        }
    })
}

/// Its own function: one `json!` for the whole document outgrows the
/// macro's recursion limit.
fn statement_path() -> Value {
    let entry = json!({"type": "object", "required": ["entry_id", "posted_on", "kind", "amount_minor", "running_minor", "voided"],
        "properties": {"entry_id": {"type": "string"}, "posted_on": {"type": "string", "format": "date"},
            "kind": {"enum": ["charge", "payment", "compensation", "delivery_charge", "refund", "adjustment"]},
            "amount_minor": {"type": "integer"}, "effect_minor": {"type": "integer"}, "running_minor": {"type": "integer"},
            "order_number": {"type": ["string", "null"]}, "description": {"type": ["string", "null"]},
            "voided": {"type": "boolean"}, "void_reason": {"type": ["string", "null"]}}});
    json!({"get": {
                "summary": "The statement of account of your dealer",
                "description": "Opening balance at `from`, every entry posted in [from, to] with the running balance after it (a voided entry is listed with voided: true and leaves the balance unchanged), debit and credit totals, the closing balance, and what each order's entries did. Without dates: the current month and the two before it. Positive balances are owed to the plant. Dealer users need their admin's finance grant.",
                "parameters": [
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}],
                "security": [{"personalToken": []}],
                "responses": {"200": {"description": "the statement", "content": {"application/json": {"schema": {"type": "object",
                    "required": ["currency", "from", "to", "opening_minor", "entries", "closing_minor"],
                    "properties": {
                        "dealer_code": {"type": "string"}, "currency": {"type": "string"},
                        "from": {"type": "string", "format": "date"}, "to": {"type": "string", "format": "date"},
                        "opening_minor": {"type": "integer"}, "debit_minor": {"type": "integer"}, "credit_minor": {"type": "integer"}, "closing_minor": {"type": "integer"},
                        "entries": {"type": "array", "items": entry},
                        "orders": {"type": "array", "items": {"type": "object"}}}}}}},
                    "401": {"description": "not logged in"}, "403": {"description": "not a dealer's person, or finance not allowed"}, "422": {"description": "a date is not valid or from is after to; error.details names it"}}}})
}

pub async fn json_document() -> Response {
    (
        [(header::CACHE_CONTROL, "public, max-age=300")],
        Json(document()),
    )
        .into_response()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A readable page of the document: every operation with its answers and
/// schemas, rendered on the server.
pub async fn page(axum::extract::State(_): axum::extract::State<AppState>) -> Response {
    let doc = document();
    let mut html = String::from(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>DealerDesk API</title><link rel=\"stylesheet\" href=\"/assets/app.css\"></head><body><main class=\"content\"><h1>DealerDesk API</h1><p><a href=\"/api/openapi.json\">openapi.json</a></p>",
    );
    if let Some(paths) = doc["paths"].as_object() {
        for (path, ops) in paths {
            for (method, op) in ops.as_object().into_iter().flatten() {
                html.push_str(&format!(
                    "<section class=\"card wide\"><h2><code>{} {}</code></h2><p><strong>{}</strong></p><p>{}</p><ul>",
                    method.to_uppercase(),
                    escape(path),
                    escape(op["summary"].as_str().unwrap_or("")),
                    escape(op["description"].as_str().unwrap_or(""))
                ));
                for (code, r) in op["responses"].as_object().into_iter().flatten() {
                    html.push_str(&format!(
                        "<li><code>{}</code> {}</li>",
                        escape(code),
                        escape(r["description"].as_str().unwrap_or(""))
                    ));
                }
                html.push_str("</ul></section>");
            }
        }
    }
    html.push_str("<h2>Schemas</h2>");
    for (name, schema) in doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
    {
        html.push_str(&format!(
            "<details><summary><code>{}</code></summary><pre>{}</pre></details>",
            escape(name),
            escape(&serde_json::to_string_pretty(schema).unwrap_or_default())
        ));
    }
    html.push_str("</main></body></html>");
    Html(html).into_response()
}
