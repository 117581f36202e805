//! The dealer portal: orders, finance, company users, factory
//! information and the API documents.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // The dealer portal's orders: own dealer only; the plant's people by
    // the same policy as the order API.
    m.add(
        Method::GET,
        "/orders",
        vec![probe(
            "/orders",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    m.add(
        Method::GET,
        "/orders/{factory_code}/{number}",
        vec![
            probe(
                "/orders/KH/KH-1",
                [303, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/orders/KH/KH-2",
                [303, 404, 404, 404, 200, 404, 404, 404, 200, 200, 404, 303],
            ),
            probe(
                "/orders/PL/PL-1",
                [303, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 303],
            ),
            probe(
                "/orders/KH/NOPE",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/orders/{factory_code}/{number}/files/{id}",
        vec![probe(
            "/orders/KH/KH-1/files/999999",
            [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
        )],
    );
    m.add(
        Method::GET,
        "/api/v1/orders",
        vec![probe(
            "/api/v1/orders",
            [401, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 200],
        )],
    );
    // Finance: a dealer's own people, dealer users only with the grant
    // (the fixture's dealer user has none); staff use the dealer card.
    let finance = [303, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403, 303];
    m.add(
        Method::GET,
        "/finance",
        vec![
            probe("/finance", finance),
            probe(
                "/finance?from=2026-02-30",
                [303, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/finance/orders",
        vec![
            probe("/finance/orders?from=2026-01-01", finance),
            probe(
                "/finance/orders?page=0",
                [303, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/finance/statement.csv",
        vec![probe("/finance/statement.csv", finance)],
    );
    m.add(
        Method::GET,
        "/finance/statement.xlsx",
        vec![probe("/finance/statement.xlsx?from=2026-01-01", finance)],
    );
    m.add(
        Method::GET,
        "/api/v1/statement",
        vec![
            probe(
                "/api/v1/statement",
                [401, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403, 200],
            ),
            probe(
                "/api/v1/statement?from=2026-11-02&to=2026-11-01",
                [401, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403, 422],
            ),
        ],
    );
    // Company users: a dealer's admins, for their own company only. The
    // probes change nothing: a refused e-mail, flags set to what they are
    // (user 4 is KH-D1's dealer user: active, finance hidden).
    m.add(
        Method::GET,
        "/company",
        vec![probe(
            "/company",
            [303, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/company/invite",
        vec![post(
            "/company/invite",
            vec![("email", "not-an-address"), ("name", "X")],
            [401, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/company/users/{id}/active",
        vec![
            post(
                "/company/users/4/active",
                vec![("value", "1")],
                [401, 303, 403, 403, 403, 403, 403, 403, 403, 404, 403, 401],
            ),
            post(
                "/company/users/999999/active",
                vec![("value", "1")],
                [401, 404, 403, 403, 403, 403, 403, 403, 403, 404, 403, 401],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/company/users/{id}/finance",
        vec![post(
            "/company/users/4/finance",
            vec![("value", "0")],
            [401, 303, 403, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        )],
    );
    // Factory information: everyone signed in reads their own factory's
    // published items and those for every factory (pages, not the API:
    // a bearer token is sent to log in).
    let signed_in = [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303];
    let kh_only = [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 404, 303];
    let pl_only = [303, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 303];
    let nobody = [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303];
    m.add(
        Method::GET,
        "/news",
        vec![
            probe("/news", signed_in),
            probe(
                "/news?after=damaged",
                [303, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/news/{id}",
        vec![
            probe(content::NEWS_KH, kh_only),
            probe(content::NEWS_PL, pl_only),
            probe(content::NEWS_ALL, signed_in),
            probe(content::NEWS_DRAFT, nobody),
            probe("/news/not-a-number", nobody),
        ],
    );
    m.add(Method::GET, "/info", vec![probe("/info", signed_in)]);
    m.add(
        Method::GET,
        "/info/schedule",
        vec![probe("/info/schedule", signed_in)],
    );
    m.add(
        Method::GET,
        "/info/contacts",
        vec![probe("/info/contacts", signed_in)],
    );
    m.add(
        Method::GET,
        "/info/{slug}",
        vec![
            probe("/info/kh-products", kh_only),
            probe("/info/pl-products", pl_only),
            probe("/info/schedule-all", signed_in),
            // Published by the content desk's probes above (a draft is
            // nobody's: tests/info_desk.rs).
            probe("/info/kh-draft", kh_only),
            probe("/info/nope", nobody),
        ],
    );
    m.add(
        Method::GET,
        "/info/{slug}/files/{file}",
        vec![
            probe("/info/kh-draft/files/1", kh_only),
            probe("/info/kh-products/files/1", nobody),
            probe("/info/pl-products/files/1", nobody),
        ],
    );
    m.add(
        Method::GET,
        "/api/openapi.json",
        vec![probe("/api/openapi.json", all(200))],
    );
    m.add(Method::GET, "/api/docs", vec![probe("/api/docs", all(200))]);
}
