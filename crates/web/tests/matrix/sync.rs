//! Sync health and the sync API.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // Sync health: administrators only.
    m.add(
        Method::GET,
        "/staff/sync",
        vec![probe(
            "/staff/sync",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/sync/quarantine/{id}/retry",
        vec![post(
            "/staff/sync/quarantine/999999/retry",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/sync/quarantine/{id}/discard",
        vec![post(
            "/staff/sync/quarantine/999999/discard",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/api/v1/sync/health",
        vec![probe(
            "/api/v1/sync/health",
            [401, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403],
        )],
    );
    // The sync API answers only a source's key: no person, session or
    // personal token gets in (the matrix's people hold none).
    m.add(
        Method::POST,
        "/api/sync/v1/events",
        vec![post("/api/sync/v1/events", vec![], all(401))],
    );
    m.add(
        Method::GET,
        "/api/sync/v1/status",
        vec![probe("/api/sync/v1/status", all(401))],
    );
    m.add(
        Method::POST,
        "/api/sync/v1/reconcile",
        vec![post("/api/sync/v1/reconcile", vec![], all(401))],
    );
}
