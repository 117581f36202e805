//! What dealers owe, the lead funnel, the norms, tasks, the plant's
//! reclamation views and the live stream.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // What dealers owe: the factory's finance people and the administrator;
    // any dealer's statement for those the policy lets see its money.
    m.add(
        Method::GET,
        "/staff/finance",
        vec![probe(
            "/staff/finance",
            [303, 403, 403, 403, 403, 403, 200, 403, 200, 403, 403, 303],
        )],
    );
    for route in [
        "/staff/finance/{code}",
        "/staff/finance/{code}/orders",
        "/staff/finance/{code}/statement.csv",
        "/staff/finance/{code}/statement.xlsx",
    ] {
        let (own, other): (&'static str, &'static str) = match route {
            "/staff/finance/{code}" => ("/staff/finance/KH-D1", "/staff/finance/KH-D2"),
            "/staff/finance/{code}/orders" => (
                "/staff/finance/KH-D1/orders?page=2",
                "/staff/finance/KH-D2/orders",
            ),
            "/staff/finance/{code}/statement.csv" => (
                "/staff/finance/KH-D1/statement.csv",
                "/staff/finance/KH-D2/statement.csv",
            ),
            _ => (
                "/staff/finance/KH-D1/statement.xlsx",
                "/staff/finance/KH-D2/statement.xlsx",
            ),
        };
        m.add(
            Method::GET,
            route,
            vec![
                probe(
                    own,
                    [303, 403, 403, 200, 200, 404, 200, 404, 200, 403, 404, 303],
                ),
                probe(
                    other,
                    [303, 403, 403, 404, 200, 404, 200, 404, 200, 403, 404, 303],
                ),
            ],
        );
    }
    // The lead funnel: managers, heads of sales and the administrator.
    m.add(
        Method::GET,
        "/staff/leads",
        vec![probe(
            "/staff/leads",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    m.add(
        Method::GET,
        "/staff/analytics",
        vec![
            probe(
                "/staff/analytics",
                [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
            ),
            probe(
                "/staff/analytics?from=2026-13",
                [303, 403, 403, 422, 422, 403, 403, 403, 422, 403, 422, 303],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/analytics/export",
        vec![
            probe(
                "/staff/analytics/export?table=dealers&format=csv&from=2026-01&to=2026-12",
                [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
            ),
            probe(
                "/staff/analytics/export?table=secrets&format=csv",
                [303, 403, 403, 422, 422, 403, 403, 403, 422, 403, 422, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/leads",
        vec![post(
            "/staff/leads",
            vec![("company", "Вікна Поділля"), ("phone", "+380671112233")],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 303, 401],
        )],
    );
    // Lead 1 came from the website to factory KH (set up in `run`): the
    // manager marks it lost; after that it cannot be lost again (422); the
    // other factory's head is told it does not exist.
    m.add(
        Method::POST,
        "/staff/leads/{id}/move",
        vec![
            post(
                "/staff/leads/1/move",
                vec![("to", "lost"), ("reason", "Обрали іншого виробника")],
                [401, 403, 403, 303, 422, 403, 403, 403, 422, 403, 404, 401],
            ),
            post(
                "/staff/leads/999999/move",
                vec![("to", "qualified")],
                [401, 403, 403, 404, 404, 403, 403, 403, 404, 403, 404, 401],
            ),
        ],
    );
    // The website form is public, whoever asks; five per address in ten
    // minutes, and every asker here comes from 127.0.0.1.
    m.add(
        Method::POST,
        "/api/v1/leads",
        vec![post(
            "/api/v1/leads",
            vec![
                ("company", "ФОП Петренко"),
                ("email", "petrenko@example.com"),
            ],
            [201, 201, 201, 201, 201, 429, 429, 429, 429, 429, 429, 429],
        )],
    );
    m.add(
        Method::GET,
        "/staff/attention",
        vec![probe(
            "/staff/attention",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    // The norms are the plant's: heads of sales and the administrator.
    m.add(
        Method::POST,
        "/staff/attention/norms",
        vec![post(
            "/staff/attention/norms",
            vec![
                ("accepted", "2"),
                ("in_production", "10"),
                ("manufactured", "3"),
                ("ready", "5"),
                ("shipped", "3"),
            ],
            [401, 403, 403, 403, 303, 403, 403, 403, 303, 403, 303, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/tasks",
        vec![probe(
            "/staff/tasks",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    // Another factory's head of sales is told the dealer is not theirs.
    m.add(
        Method::POST,
        "/staff/tasks",
        vec![post(
            "/staff/tasks",
            vec![
                ("title", "Передзвонити"),
                ("due", "2099-01-01T10:00"),
                ("dealer", "KH-D1"),
            ],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 422, 401],
        )],
    );
    // Task 1 is the manager's own (set up in `run`): the manager marks it
    // done, after that it is "already done" to those who may see it; a
    // task that does not exist is not found.
    m.add(
        Method::POST,
        "/staff/tasks/{id}/done",
        vec![
            post(
                "/staff/tasks/1/done",
                vec![],
                [401, 403, 403, 303, 409, 403, 403, 403, 409, 403, 404, 401],
            ),
            post(
                "/staff/tasks/999999/done",
                vec![],
                [401, 403, 403, 404, 404, 403, 403, 403, 404, 403, 404, 401],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/reclamations",
        vec![probe(
            "/staff/reclamations",
            [303, 403, 403, 403, 403, 200, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::GET,
        "/staff/reclamations/stats",
        vec![probe(
            "/staff/reclamations/stats",
            [303, 403, 403, 403, 403, 200, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/reclamations/norms",
        vec![post(
            "/staff/reclamations/norms",
            vec![("category", "glass"), ("days", "5")],
            [401, 403, 403, 403, 403, 303, 403, 403, 303, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/live",
        // Everyone's own stream; API tokens are for /api/v1 only.
        vec![probe(
            "/live",
            [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        )],
    );
    m.add(
        Method::POST,
        "/notifications/read",
        vec![post(
            "/notifications/read",
            vec![],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    m.add(
        Method::GET,
        "/api/v1/me",
        vec![probe(
            "/api/v1/me",
            [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        )],
    );
    m.add(
        Method::GET,
        "/api/v1/orders/{factory_code}/{number}",
        vec![
            // An order of dealer KH-D1 (managed by `manager`).
            probe(
                "/api/v1/orders/KH/KH-1",
                [401, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 200],
            ),
            // An order of KH-D2 (another manager's dealer).
            probe(
                "/api/v1/orders/KH/KH-2",
                [401, 404, 404, 404, 200, 404, 404, 404, 200, 200, 404, 404],
            ),
            // An order of the other factory.
            probe(
                "/api/v1/orders/PL/PL-1",
                [401, 404, 404, 404, 404, 404, 404, 404, 200, 404, 200, 404],
            ),
            // No such order: the same answer as someone else's.
            probe(
                "/api/v1/orders/KH/NOPE",
                [401, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404],
            ),
        ],
    );
}
