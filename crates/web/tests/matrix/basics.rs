//! The service's own routes, signing in and out, invitations, the
//! start pages, the profile and notifications.

use super::*;

pub(super) fn rows(m: &mut Rows) {
    m.add(Method::GET, "/healthz", vec![probe("/healthz", all(200))]);
    m.add(Method::GET, "/readyz", vec![probe("/readyz", all(200))]);
    m.add(Method::GET, "/metrics", vec![probe("/metrics", all(200))]);
    m.add(
        Method::GET,
        "/assets/{name}",
        vec![
            probe("/assets/app.css", all(200)),
            probe("/assets/nope.css", all(404)),
        ],
    );
    m.add(
        Method::GET,
        "/brand.css",
        vec![probe("/brand.css", all(200))],
    );
    m.add(
        Method::GET,
        "/brand/login-background",
        vec![probe("/brand/login-background", all(200))],
    );
    // Public like the stylesheet; none is set when the matrix asks.
    m.add(
        Method::GET,
        "/brand/logo",
        vec![probe("/brand/logo", all(404))],
    );
    m.add(
        Method::GET,
        "/login",
        vec![probe(
            "/login",
            [200, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 200],
        )],
    );
    m.add(
        Method::POST,
        "/login",
        vec![post(
            "/login",
            vec![("email", who::DEALER_USER), ("password", PASSWORD)],
            all(303),
        )],
    );
    m.add(
        Method::POST,
        "/logout",
        vec![post(
            "/logout",
            vec![],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    m.add(
        Method::GET,
        "/invite/{token}",
        vec![probe("/invite/bogus-token", all(410))],
    );
    m.add(
        Method::POST,
        "/invite/{token}",
        vec![post(
            "/invite/bogus-token",
            vec![("password", "long-enough-pw")],
            all(410),
        )],
    );
    m.add(
        Method::GET,
        "/",
        vec![probe(
            "/",
            [303, 200, 200, 303, 303, 303, 303, 303, 303, 200, 303, 303],
        )],
    );
    m.add(
        Method::GET,
        "/staff",
        vec![probe(
            "/staff",
            [303, 403, 403, 200, 200, 200, 200, 200, 200, 403, 200, 303],
        )],
    );
    m.add(
        Method::GET,
        "/profile",
        vec![probe(
            "/profile",
            [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303],
        )],
    );
    m.add(
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
    m.add(
        Method::POST,
        "/profile/language",
        vec![post(
            "/profile/language",
            vec![("language", "ru")],
            [401, 303, 303, 303, 303, 303, 303, 303, 303, 303, 303, 401],
        )],
    );
    m.add(
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
    m.add(
        Method::GET,
        "/notifications",
        vec![probe(
            "/notifications",
            [303, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 303],
        )],
    );
}
