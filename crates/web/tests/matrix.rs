//! The permission matrix: every route the router has, asked by every kind
//! of person, answers exactly what the policy of SPEC section 2 says. The
//! routes come from the router's own table, so a new route without a row
//! here fails this test.

mod common;

use common::*;
use dealerdesk_testkit::fixtures::{PASSWORD, content, plant, who};
use dealerdesk_testkit::{TestApp, TestBackend, spawn_app};
use reqwest::Method;
use std::collections::BTreeMap;

/// The people asking, in the column order of the expectations.
#[derive(Clone, Copy, Debug)]
enum Who {
    Anonymous,
    DealerAdmin,
    DealerUser,
    Manager,
    HeadOfSales,
    Specialist,
    Finance,
    Content,
    Admin,
    /// The admin of another dealer of the same factory.
    OtherDealer,
    /// A head of sales of another factory.
    OtherFactory,
    /// The dealer admin through a personal API token instead of a session.
    DealerAdminToken,
}

const WHO: [Who; 12] = [
    Who::Anonymous,
    Who::DealerAdmin,
    Who::DealerUser,
    Who::Manager,
    Who::HeadOfSales,
    Who::Specialist,
    Who::Finance,
    Who::Content,
    Who::Admin,
    Who::OtherDealer,
    Who::OtherFactory,
    Who::DealerAdminToken,
];

fn email(w: Who) -> Option<&'static str> {
    Some(match w {
        Who::Anonymous => return None,
        Who::DealerAdmin | Who::DealerAdminToken => who::DEALER_ADMIN,
        Who::DealerUser => who::DEALER_USER,
        Who::Manager => who::MANAGER,
        Who::HeadOfSales => who::HEAD_OF_SALES,
        Who::Specialist => who::SPECIALIST,
        Who::Finance => who::FINANCE,
        Who::Content => who::CONTENT,
        Who::Admin => who::ADMIN,
        Who::OtherDealer => who::OTHER_DEALER_ADMIN,
        Who::OtherFactory => who::OTHER_FACTORY_HEAD,
    })
}

/// One request and the status each person must get, in `WHO` order.
struct Probe {
    path: &'static str,
    form: Vec<(&'static str, &'static str)>,
    expect: [u16; 12],
}

fn probe(path: &'static str, expect: [u16; 12]) -> Probe {
    Probe {
        path,
        form: Vec::new(),
        expect,
    }
}

fn post(path: &'static str, form: Vec<(&'static str, &'static str)>, expect: [u16; 12]) -> Probe {
    Probe { path, form, expect }
}

/// The policy, route by route.
///            anon  dAdm  dUsr  mgr  head  spec  fin  cont  adm  othD  othF  token
fn matrix() -> BTreeMap<(Method, &'static str), Vec<Probe>> {
    let all = |s: u16| [s; 12];
    let mut m: BTreeMap<(Method, &'static str), Vec<Probe>> = BTreeMap::new();
    let mut add = |method: Method, route: &'static str, probes: Vec<Probe>| {
        assert!(
            m.insert((method, route), probes).is_none(),
            "{route} listed twice"
        );
    };
    add(Method::GET, "/healthz", vec![probe("/healthz", all(200))]);
    add(Method::GET, "/readyz", vec![probe("/readyz", all(200))]);
    add(Method::GET, "/metrics", vec![probe("/metrics", all(200))]);
    add(
        Method::GET,
        "/assets/{name}",
        vec![
            probe("/assets/app.css", all(200)),
            probe("/assets/nope.css", all(404)),
        ],
    );
    add(
        Method::GET,
        "/brand.css",
        vec![probe("/brand.css", all(200))],
    );
    add(
        Method::GET,
        "/brand/login-background",
        vec![probe("/brand/login-background", all(200))],
    );
    // Public like the stylesheet; none is set when the matrix asks.
    add(
        Method::GET,
        "/brand/logo",
        vec![probe("/brand/logo", all(404))],
    );
    add(
        Method::GET,
        "/login",
        vec![probe(
            "/login",
            [200, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 200],
        )],
    );
    add(
        Method::POST,
        "/login",
        vec![post(
            "/login",
            vec![("email", who::DEALER_USER), ("password", PASSWORD)],
            all(303),
        )],
    );
    add(
        Method::POST,
        "/logout",
        vec![post(
            "/logout",
            vec![],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    add(
        Method::GET,
        "/invite/{token}",
        vec![probe("/invite/bogus-token", all(410))],
    );
    add(
        Method::POST,
        "/invite/{token}",
        vec![post(
            "/invite/bogus-token",
            vec![("password", "long-enough-pw")],
            all(410),
        )],
    );
    add(
        Method::GET,
        "/",
        vec![probe(
            "/",
            [303, 200, 200, 303, 303, 303, 303, 303, 303, 200, 303, 303],
        )],
    );
    add(
        Method::GET,
        "/staff",
        vec![probe(
            "/staff",
            [303, 403, 403, 200, 200, 200, 200, 200, 200, 403, 200, 303],
        )],
    );
    add(
        Method::GET,
        "/profile",
        vec![probe(
            "/profile",
            [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303],
        )],
    );
    add(
        Method::POST,
        "/profile/password",
        vec![post(
            "/profile/password",
            vec![
                ("current_password", "wrong-one"),
                ("new_password", "whatever-long"),
            ],
            [401, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422, 401],
        )],
    );
    add(
        Method::POST,
        "/profile/language",
        vec![post(
            "/profile/language",
            vec![("language", "ru")],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    add(
        Method::POST,
        "/profile/notifications",
        vec![
            // Everyone can choose how to hear about news…
            post(
                "/profile/notifications",
                vec![("on", "news_published.email")],
                [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
            ),
            // …but task reminders are the plant's people's only.
            post(
                "/profile/notifications",
                vec![("on", "task_reminder.in_app")],
                [401, 422, 422, 303, 303, 303, 303, 303, 303, 422, 303, 401],
            ),
        ],
    );
    add(
        Method::GET,
        "/notifications",
        vec![probe(
            "/notifications",
            [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303],
        )],
    );
    // Reclamations: the dealer's side, the shared page, the specialists'.
    add(
        Method::GET,
        "/reclamations",
        vec![probe(
            "/reclamations",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    add(
        Method::GET,
        "/orders/{factory_code}/{number}/reclamation",
        vec![probe(
            "/orders/KH/KH-1/reclamation",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 404, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/orders/{factory_code}/{number}/reclamation",
        vec![post(
            "/orders/KH/KH-1/reclamation",
            vec![
                ("_multipart", "photos"),
                ("constructions", "1"),
                ("category", "glass"),
                ("description", "Подряпина"),
            ],
            [401, 303, 303, 403, 403, 403, 403, 403, 403, 404, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/reclamations/{number}",
        vec![
            probe(
                "/reclamations/KH-R-00001",
                [303, 200, 200, 200, 200, 200, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/reclamations/KH-R-99999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    add(
        Method::GET,
        "/reclamations/{number}/photos/{id}",
        vec![
            probe(
                "/reclamations/KH-R-00001/photos/1",
                [303, 200, 200, 200, 200, 200, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/reclamations/KH-R-00001/photos/999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    add(
        Method::POST,
        "/reclamations/{number}/comments",
        vec![post(
            "/reclamations/KH-R-00001/comments",
            vec![("body", "Перевірте, будь ласка")],
            [401, 303, 303, 303, 303, 303, 404, 404, 303, 404, 404, 401],
        )],
    );
    add(
        Method::POST,
        "/reclamations/{number}/status",
        // Closing a submitted one is not a move: whoever may review hears
        // 409 and nothing changes; the others may not review at all.
        vec![post(
            "/reclamations/KH-R-00001/status",
            vec![("to", "closed")],
            [401, 403, 403, 403, 403, 409, 403, 403, 409, 403, 403, 401],
        )],
    );
    add(
        Method::POST,
        "/reclamations/{number}/assign",
        vec![post(
            "/reclamations/KH-R-00001/assign",
            vec![("to", "")],
            [401, 403, 403, 403, 403, 303, 403, 403, 303, 403, 403, 401],
        )],
    );
    // Messages: a dealer's threads, a manager's inbox. Thread 1 is the
    // one the dealer admin starts with the POST row below.
    add(
        Method::GET,
        "/messages",
        vec![probe(
            "/messages",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/messages",
        vec![post(
            "/messages",
            vec![
                ("_multipart", "files"),
                ("subject", "Питання"),
                ("body", "Коли відвантаження?"),
            ],
            [401, 303, 303, 403, 403, 403, 403, 403, 403, 303, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/messages/{id}",
        vec![probe(
            "/messages/1",
            [303, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 303],
        )],
    );
    add(
        Method::POST,
        "/messages/{id}",
        vec![post(
            "/messages/1",
            vec![("_multipart", "files"), ("body", "Відповідь")],
            [401, 303, 303, 303, 303, 404, 404, 404, 303, 404, 404, 401],
        )],
    );
    // File 1 is the photo the dealer admin's first message carries.
    add(
        Method::GET,
        "/messages/{id}/files/{file}",
        vec![
            probe(
                "/messages/1/files/1",
                [303, 200, 200, 200, 200, 404, 404, 404, 200, 404, 404, 303],
            ),
            probe(
                "/messages/1/files/999999",
                [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
            ),
        ],
    );
    add(
        Method::GET,
        "/staff/inbox",
        vec![probe(
            "/staff/inbox",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    // The managers' CRM: a manager their own dealers (KH-D1 is theirs,
    // KH-D2 a colleague's), a head of sales the whole factory.
    add(
        Method::GET,
        "/staff/dealers",
        vec![probe(
            "/staff/dealers",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    add(
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
    add(
        Method::POST,
        "/staff/dealers/{code}/contacts",
        vec![post(
            "/staff/dealers/KH-D1/contacts",
            vec![("name", "Олена Коваль"), ("phone", "+380501234567")],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    add(
        Method::POST,
        "/staff/dealers/{code}/points",
        vec![post(
            "/staff/dealers/KH-D1/points",
            vec![("name", "Салон на Сумській"), ("city", "Харків")],
            [401, 403, 403, 303, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    add(
        Method::POST,
        "/staff/dealers/{code}/activities",
        vec![post(
            "/staff/dealers/KH-D2/activities",
            vec![("kind", "call"), ("body", "Передзвонити в середу")],
            [401, 403, 403, 404, 303, 403, 403, 403, 303, 403, 404, 401],
        )],
    );
    add(
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
    add(
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
    add(
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
    add(
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
    add(
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
    add(
        Method::GET,
        "/staff/admin/factories",
        vec![probe(
            "/staff/admin/factories",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/admin/factories",
        vec![post(
            "/staff/admin/factories",
            vec![("code", ""), ("name", "")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/admin/sources",
        vec![probe(
            "/staff/admin/sources",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/admin/sources",
        vec![post(
            "/staff/admin/sources",
            vec![("factory", "KH"), ("kind", "telepathy"), ("action", "add")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    add(
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
    add(
        Method::POST,
        "/staff/admin/brand/picture",
        vec![post(
            "/staff/admin/brand/picture",
            vec![("_multipart", "file"), ("which", "logo")],
            [401, 403, 403, 403, 403, 403, 403, 403, 303, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/admin/templates",
        vec![probe(
            "/staff/admin/templates",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/admin/templates",
        vec![post(
            "/staff/admin/templates",
            vec![("key", "notify.title.delivered"), ("en", "{nope}")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/admin/brand",
        vec![probe(
            "/staff/admin/brand",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/admin/brand",
        vec![post(
            "/staff/admin/brand",
            vec![("primary", "red"), ("accent", "#e36209")],
            [401, 403, 403, 403, 403, 403, 403, 403, 422, 403, 403, 401],
        )],
    );
    // Import from a file: heads of sales and the administrator. The probe
    // uploads a photo, which is no CSV or XLSX: refused, nothing imported.
    add(
        Method::GET,
        "/staff/import",
        vec![probe(
            "/staff/import",
            [303, 403, 403, 403, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/import",
        vec![post(
            "/staff/import",
            vec![("_multipart", "file"), ("kind", "leads")],
            [401, 403, 403, 403, 422, 403, 403, 403, 422, 403, 422, 401],
        )],
    );
    // The news desk: content managers (their factory's news and news for
    // all) and the administrator. News 4 is a KH draft, 2 is PL's, 1 is
    // published; draft 5 is set up in `run` for publishing.
    let content_only = [303, 403, 403, 403, 403, 403, 403, 200, 200, 403, 403, 303];
    // The information pages' desk: page 4 is KH's draft `kh-draft`, page 2
    // PL's `pl-products` (fixtures). The content manager attaches file 1 to
    // page 4 and publishes it; readers then fetch it through the page.
    add(
        Method::GET,
        "/staff/info",
        vec![probe("/staff/info", content_only)],
    );
    add(
        Method::POST,
        "/staff/info",
        vec![post(
            "/staff/info",
            vec![
                ("title", "Графік на свята"),
                ("slug", "holidays"),
                ("section", "schedule"),
                ("body", "Завод працює до **30 грудня**."),
            ],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/info/{id}",
        vec![
            probe("/staff/info/4", content_only),
            probe(
                "/staff/info/2",
                [303, 403, 403, 403, 403, 403, 403, 404, 200, 403, 403, 303],
            ),
        ],
    );
    add(
        Method::POST,
        "/staff/info/{id}",
        vec![
            post(
                "/staff/info/4",
                vec![
                    ("title", "Прайс KH"),
                    ("slug", "kh-draft"),
                    ("section", "reference"),
                    ("audience", "KH"),
                    ("body", "Ціни з 1 січня."),
                ],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/info/2",
                vec![
                    ("title", "x"),
                    ("slug", "Not valid!"),
                    ("section", "reference"),
                ],
                [401, 403, 403, 403, 403, 403, 403, 404, 422, 403, 403, 401],
            ),
        ],
    );
    add(
        Method::POST,
        "/staff/info/{id}/publish",
        vec![post(
            "/staff/info/4/publish",
            vec![("publish", "1")],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    add(
        Method::POST,
        "/staff/info/{id}/files",
        vec![
            post(
                "/staff/info/4/files",
                vec![("_multipart", "files")],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/info/2/files",
                vec![("_multipart", "files")],
                [401, 403, 403, 403, 403, 403, 403, 404, 303, 403, 403, 401],
            ),
        ],
    );
    add(
        Method::GET,
        "/staff/info/{id}/files/{file}",
        vec![
            probe("/staff/info/4/files/1", content_only),
            probe(
                "/staff/info/2/files/1",
                [303, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 303],
            ),
        ],
    );
    add(
        Method::POST,
        "/staff/info/{id}/files/{file}/remove",
        vec![post(
            "/staff/info/4/files/999/remove",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 404, 404, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/news",
        vec![probe("/staff/news", content_only)],
    );
    add(
        Method::POST,
        "/staff/news",
        vec![post(
            "/staff/news",
            vec![
                ("title", "Графік на свята"),
                ("body", "Завод працює до **30 грудня**."),
            ],
            [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/staff/news/{id}",
        vec![
            probe("/staff/news/4", content_only),
            probe(
                "/staff/news/2",
                [303, 403, 403, 403, 403, 403, 403, 404, 200, 403, 403, 303],
            ),
        ],
    );
    add(
        Method::POST,
        "/staff/news/{id}",
        vec![
            post(
                "/staff/news/4",
                vec![("title", "Чернетка KH"), ("body", "Новий текст.")],
                [401, 403, 403, 403, 403, 403, 403, 303, 303, 403, 403, 401],
            ),
            post(
                "/staff/news/1",
                vec![("title", "x"), ("body", "y")],
                [401, 403, 403, 403, 403, 403, 403, 422, 422, 403, 403, 401],
            ),
        ],
    );
    add(
        Method::POST,
        "/staff/news/{id}/publish",
        vec![post(
            "/staff/news/5/publish",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 303, 422, 403, 403, 401],
        )],
    );
    // What dealers owe: the factory's finance people and the administrator;
    // any dealer's statement for those the policy lets see its money.
    add(
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
        add(
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
    add(
        Method::GET,
        "/staff/leads",
        vec![probe(
            "/staff/leads",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    add(
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
    add(
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
    add(
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
    add(
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
    add(
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
    add(
        Method::GET,
        "/staff/attention",
        vec![probe(
            "/staff/attention",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    // The norms are the plant's: heads of sales and the administrator.
    add(
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
    add(
        Method::GET,
        "/staff/tasks",
        vec![probe(
            "/staff/tasks",
            [303, 403, 403, 200, 200, 403, 403, 403, 200, 403, 200, 303],
        )],
    );
    // Another factory's head of sales is told the dealer is not theirs.
    add(
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
    add(
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
    add(
        Method::GET,
        "/staff/reclamations",
        vec![probe(
            "/staff/reclamations",
            [303, 403, 403, 403, 403, 200, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::GET,
        "/staff/reclamations/stats",
        vec![probe(
            "/staff/reclamations/stats",
            [303, 403, 403, 403, 403, 200, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/reclamations/norms",
        vec![post(
            "/staff/reclamations/norms",
            vec![("category", "glass"), ("days", "5")],
            [401, 403, 403, 403, 403, 303, 403, 403, 303, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/live",
        // Everyone's own stream; API tokens are for /api/v1 only.
        vec![probe(
            "/live",
            [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 401],
        )],
    );
    add(
        Method::POST,
        "/notifications/read",
        vec![post(
            "/notifications/read",
            vec![],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    add(
        Method::GET,
        "/api/v1/me",
        vec![probe(
            "/api/v1/me",
            [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
        )],
    );
    add(
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
    // The dealer portal's orders: own dealer only; the plant's people by
    // the same policy as the order API.
    add(
        Method::GET,
        "/orders",
        vec![probe(
            "/orders",
            [303, 200, 200, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    add(
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
    add(
        Method::GET,
        "/orders/{factory_code}/{number}/files/{id}",
        vec![probe(
            "/orders/KH/KH-1/files/999999",
            [303, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 303],
        )],
    );
    add(
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
    add(
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
    add(
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
    add(
        Method::GET,
        "/finance/statement.csv",
        vec![probe("/finance/statement.csv", finance)],
    );
    add(
        Method::GET,
        "/finance/statement.xlsx",
        vec![probe("/finance/statement.xlsx?from=2026-01-01", finance)],
    );
    add(
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
    add(
        Method::GET,
        "/company",
        vec![probe(
            "/company",
            [303, 200, 403, 403, 403, 403, 403, 403, 403, 200, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/company/invite",
        vec![post(
            "/company/invite",
            vec![("email", "not-an-address"), ("name", "X")],
            [401, 422, 403, 403, 403, 403, 403, 403, 403, 422, 403, 401],
        )],
    );
    add(
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
    add(
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
    add(
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
    add(
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
    add(Method::GET, "/info", vec![probe("/info", signed_in)]);
    add(
        Method::GET,
        "/info/schedule",
        vec![probe("/info/schedule", signed_in)],
    );
    add(
        Method::GET,
        "/info/contacts",
        vec![probe("/info/contacts", signed_in)],
    );
    add(
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
    add(
        Method::GET,
        "/info/{slug}/files/{file}",
        vec![
            probe("/info/kh-draft/files/1", kh_only),
            probe("/info/kh-products/files/1", nobody),
            probe("/info/pl-products/files/1", nobody),
        ],
    );
    add(
        Method::GET,
        "/api/openapi.json",
        vec![probe("/api/openapi.json", all(200))],
    );
    add(Method::GET, "/api/docs", vec![probe("/api/docs", all(200))]);
    // Sync health: administrators only.
    add(
        Method::GET,
        "/staff/sync",
        vec![probe(
            "/staff/sync",
            [303, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 303],
        )],
    );
    add(
        Method::POST,
        "/staff/sync/quarantine/{id}/retry",
        vec![post(
            "/staff/sync/quarantine/999999/retry",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 401],
        )],
    );
    add(
        Method::POST,
        "/staff/sync/quarantine/{id}/discard",
        vec![post(
            "/staff/sync/quarantine/999999/discard",
            vec![],
            [401, 403, 403, 403, 403, 403, 403, 403, 404, 403, 403, 401],
        )],
    );
    add(
        Method::GET,
        "/api/v1/sync/health",
        vec![probe(
            "/api/v1/sync/health",
            [401, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403],
        )],
    );
    // The sync API answers only a source's key: no person, session or
    // personal token gets in (the matrix's people hold none).
    add(
        Method::POST,
        "/api/sync/v1/events",
        vec![post("/api/sync/v1/events", vec![], all(401))],
    );
    add(
        Method::GET,
        "/api/sync/v1/status",
        vec![probe("/api/sync/v1/status", all(401))],
    );
    add(
        Method::POST,
        "/api/sync/v1/reconcile",
        vec![post("/api/sync/v1/reconcile", vec![], all(401))],
    );
    m
}

async fn ask(app: &TestApp, w: Who, method: &Method, p: &Probe) -> (u16, String) {
    // A fresh session per request: logging out must not spoil the next row.
    let anon = app
        .http
        .get(app.url("/login"))
        .send()
        .await
        .expect("login page");
    let anon_cookie = set_cookie(&anon, "dd_csrf")
        .map(|c| c.split(';').next().unwrap_or("").to_owned())
        .unwrap_or_default();
    let anon_token = csrf_field(&anon.text().await.expect("html")).unwrap_or_default();
    let mut req = app.http.request(method.clone(), app.url(p.path));
    let mut token = anon_token;
    let mut cookies = vec![anon_cookie];
    match (w, email(w)) {
        (Who::DealerAdminToken, Some(e)) => {
            req = req.bearer_auth(
                app.app
                    .create_personal_token(e, "matrix")
                    .await
                    .expect("token"),
            );
        }
        (_, Some(e)) => {
            let s = session(app, e).await;
            cookies.push(cookie(&s));
            token = s.csrf;
        }
        _ => {}
    }
    req = req.header("cookie", cookies.join("; "));
    if let (true, Some(&("_multipart", file_field))) = (*method == Method::POST, p.form.first()) {
        // An upload form: fields and a photo (in the field named by
        // `_multipart`) as multipart, the token in the query.
        let mut parts = reqwest::multipart::Form::new();
        for (k, v) in p.form.iter().skip(1) {
            parts = parts.text(*k, *v);
        }
        let photo = reqwest::multipart::Part::bytes(dealerdesk_testkit::fixtures::PNG.to_vec())
            .file_name("photo.png");
        parts = parts.part(file_field, photo);
        let url = format!("{}?_csrf={}", app.url(p.path), token);
        req = app.http.request(method.clone(), url).multipart(parts);
        req = match (w, email(w)) {
            (Who::DealerAdminToken, Some(e)) => req.bearer_auth(
                app.app
                    .create_personal_token(e, "matrix")
                    .await
                    .expect("token"),
            ),
            _ => req,
        };
        req = req.header("cookie", cookies.join("; "));
    } else if *method == Method::POST {
        let mut form = p.form.clone();
        form.push(("_csrf", token.as_str()));
        req = req.form(&form);
    }
    let resp = req.send().await.expect("request");
    let status = resp.status().as_u16();
    // A live stream never ends: its status is the answer.
    let streaming = resp
        .headers()
        .get("content-type")
        .is_some_and(|v| v.as_bytes().starts_with(b"text/event-stream"));
    if streaming {
        return (status, String::new());
    }
    (status, resp.text().await.unwrap_or_default())
}

async fn run(backend: TestBackend) {
    let app = spawn_app(backend).await;
    plant(&app.app).await;
    dealerdesk_testkit::fixtures::reclamation(&app.app).await;
    let manager = actor_of(&app, who::MANAGER).await;
    let task = dealerdesk_app::tasks::TaskInput {
        title: "Передзвонити дилеру".into(),
        due: "2099-01-01T10:00".into(),
        dealer_code: "KH-D1".into(),
        assignee: String::new(),
    };
    let id = app.app.create_task(&manager, &task).await.expect("task");
    assert_eq!(id.0, 1, "the matrix probes task 1");
    let lead = dealerdesk_app::leads::PublicLead {
        fields: dealerdesk_domain::lead::LeadFields {
            company: "ТОВ «Нові вікна»".into(),
            phone: "+380501112233".into(),
            ..Default::default()
        },
        factory: "KH".into(),
        website: String::new(),
    };
    let id = app.app.submit_public_lead(&lead, None).await.expect("lead");
    assert_eq!(id, Some(1), "the matrix probes lead 1");
    let draft = dealerdesk_app::content::NewsDraft {
        title: "Для публікації".into(),
        body: "Текст.".into(),
        audience: String::new(),
    };
    let news = app
        .app
        .save_news_draft(&actor_of(&app, who::CONTENT).await, None, &draft)
        .await
        .expect("draft");
    assert_eq!(news.0, 5, "the matrix publishes news 5");
    let mut expected = matrix();
    let mut failures = Vec::new();
    for route in dealerdesk_web::route_list() {
        let method = Method::from_bytes(route.method.as_str().as_bytes()).expect("method");
        let Some(probes) = expected.remove(&(method.clone(), route.path)) else {
            failures.push(format!(
                "{} {} has no row in the permission matrix",
                route.method, route.path
            ));
            continue;
        };
        for p in &probes {
            for (i, w) in WHO.iter().enumerate() {
                let (got, _) = ask(&app, *w, &method, p).await;
                if got != p.expect[i] {
                    let (_, body) = ask(&app, *w, &method, p).await;
                    eprintln!(
                        "{} as {w:?} said: {}",
                        p.path,
                        body.split("role=\"alert\">")
                            .nth(1)
                            .unwrap_or("")
                            .split("</p>")
                            .next()
                            .unwrap_or("")
                    );
                    failures.push(format!(
                        "{method} {} as {w:?}: expected {}, got {got}",
                        p.path, p.expect[i]
                    ));
                }
            }
        }
    }
    for ((m, path), _) in expected {
        failures.push(format!(
            "the matrix lists {m} {path}, which the router does not have"
        ));
    }
    assert!(
        failures.is_empty(),
        "permission matrix violations:\n{}",
        failures.join("\n")
    );

    // A foreign order and a missing one are indistinguishable.
    let (_, foreign) = ask(
        &app,
        Who::DealerAdmin,
        &Method::GET,
        &probe("/api/v1/orders/KH/KH-2", all404()),
    )
    .await;
    let (_, missing) = ask(
        &app,
        Who::DealerAdmin,
        &Method::GET,
        &probe("/api/v1/orders/KH/NOPE", all404()),
    )
    .await;
    assert_eq!(foreign, missing);
    assert!(!foreign.contains("KH-D2"));
}

fn all404() -> [u16; 12] {
    [404; 12]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_sqlite() {
    run(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_postgres() {
    run(TestBackend::Postgres).await;
}
