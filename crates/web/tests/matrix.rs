//! The permission matrix: every route the router has, asked by every kind
//! of person, answers exactly what the policy of SPEC section 2 says. The
//! routes come from the router's own table, so a new route without a row
//! here fails this test.

mod common;
/// The rows of the matrix, an area a file.
#[path = "matrix/mod.rs"]
mod rows;

use common::*;
use dealerdesk_testkit::fixtures::{PASSWORD, content, plant, who};
use dealerdesk_testkit::{TestApp, TestBackend, spawn_app};
use reqwest::Method;
use rows::{all, matrix};
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
        &probe("/api/v1/orders/KH/KH-2", all(404)),
    )
    .await;
    let (_, missing) = ask(
        &app,
        Who::DealerAdmin,
        &Method::GET,
        &probe("/api/v1/orders/KH/NOPE", all(404)),
    )
    .await;
    assert_eq!(foreign, missing);
    assert!(!foreign.contains("KH-D2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_sqlite() {
    run(TestBackend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_matrix_postgres() {
    run(TestBackend::Postgres).await;
}
