//! The managers' CRM and the administrator's screens.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    // The managers' CRM: a manager their own dealers (KH-D1 is theirs,
    // KH-D2 a colleague's), a head of sales the whole factory.
    m.add(
        Method::GET,
        "/staff/dealers",
        vec![probe(
            "/staff/dealers",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    m.add(
        Method::GET,
        "/staff/dealers/{code}",
        vec![
            probe(
                "/staff/dealers/KH-D1",
                [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 404, 303],
            ),
            probe(
                "/staff/dealers/KH-D2",
                [303, 403, 403, 404, 200, 403, 403, 403, 200, 403, 404, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/dealers/{code}/contacts",
        vec![post(
            "/staff/dealers/KH-D1/contacts",
            vec![("name", "Олена Коваль"), ("phone", "+380501234567")],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/dealers/{code}/points",
        vec![post(
            "/staff/dealers/KH-D1/points",
            vec![("name", "Салон на Сумській"), ("city", "Харків")],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/dealers/{code}/activities",
        vec![post(
            "/staff/dealers/KH-D2/activities",
            vec![("kind", "call"), ("body", "Передзвонити в середу")],
            [401, 403, 403, 404, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/audit",
        vec![
            probe(
                "/staff/audit",
                [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
            ),
            probe(
                "/staff/audit?from=yesterday",
                [303, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 303],
            ),
        ],
    );
    // The administrator's screens: nobody else, whatever they ask.
    m.add(
        Method::GET,
        "/staff/admin/users",
        vec![
            probe(
                "/staff/admin/users",
                [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
            ),
            probe(
                "/staff/admin/users?role=pilot",
                [303, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/admin/users",
        vec![
            post(
                "/staff/admin/users",
                vec![
                    ("email", "new-person@kh.test"),
                    ("role", "manager"),
                    ("factory", "KH"),
                ],
                [401, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 401],
            ),
            post(
                "/staff/admin/users",
                vec![
                    ("email", "not-an-email"),
                    ("role", "manager"),
                    ("factory", "KH"),
                ],
                [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/admin/users/{id}",
        vec![
            probe(
                "/staff/admin/users/1",
                [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
            ),
            probe(
                "/staff/admin/users/999999",
                [303, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 303],
            ),
        ],
    );
    m.add(
        Method::POST,
        "/staff/admin/users/{id}",
        vec![
            post(
                "/staff/admin/users/1",
                vec![("role", "dealer_admin"), ("active", "1")],
                [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
            ),
            post(
                "/staff/admin/users/999999",
                vec![("role", "manager"), ("factory", "KH"), ("active", "1")],
                [401, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 401],
            ),
        ],
    );
    m.add(
        Method::GET,
        "/staff/admin/factories",
        vec![probe(
            "/staff/admin/factories",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/factories",
        vec![post(
            "/staff/admin/factories",
            vec![("code", ""), ("name", "")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/admin/sources",
        vec![probe(
            "/staff/admin/sources",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/sources",
        vec![post(
            "/staff/admin/sources",
            vec![("factory", "KH"), ("kind", "telepathy"), ("action", "add")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/sources/revoke",
        vec![post(
            "/staff/admin/sources/revoke",
            vec![
                ("factory", "KH"),
                ("kind", "production"),
                ("prefix", "dds_nope"),
            ],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/brand/picture",
        vec![post(
            "/staff/admin/brand/picture",
            vec![("_multipart", "file"), ("which", "logo")],
            [401, 403, 403, 403, 403, 403, 403, 403, 303, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/admin/templates",
        vec![probe(
            "/staff/admin/templates",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/templates",
        vec![post(
            "/staff/admin/templates",
            vec![("key", "notify.title.delivered"), ("en", "{nope}")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    m.add(
        Method::GET,
        "/staff/admin/brand",
        vec![probe(
            "/staff/admin/brand",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    m.add(
        Method::POST,
        "/staff/admin/brand",
        vec![post(
            "/staff/admin/brand",
            vec![("primary", "red"), ("accent", "#e36209")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
}
