//! The finance role (issue 6): what the factory's dealers owe, largest
//! first, a debt with no payment for 30 days marked overdue, and any
//! dealer's statement — the same figures and file as the dealer's own.

mod common;

use common::*;
use dealerdesk_testkit::TestApp;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

async fn get(app: &TestApp, s: &Session, path: &str) -> (StatusCode, Vec<u8>) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.bytes().await.expect("body").to_vec())
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn closing(html: &str) -> String {
    html.split("id=\"closing\">")
        .nth(1)
        .and_then(|r| r.split('<').next())
        .unwrap_or_default()
        .to_owned()
}

both_backends_app! {
    async fn finance_sees_what_every_dealer_owes(app) {
        plant(&app.app).await;
        let f = session(&app, who::FINANCE).await;
        let (status, html) = get(&app, &f, "/staff/finance").await;
        assert_eq!(status, StatusCode::OK);
        let html = text(&html);
        // KH-D1 owes 2,500.00 since June 2026 and never paid: overdue.
        assert!(html.contains("/staff/finance/KH-D1"), "{html}");
        assert!(html.contains("2\u{202f}500,00"), "{html}");
        assert!(html.contains("recl-item overdue"), "{html}");
        assert!(!html.contains("/staff/finance/KH-D2"), "owes nothing: not a debtor");
        assert!(!html.contains("PL-D1"), "another factory");
        let (_, all) = get(&app, &f, "/staff/finance?all=1").await;
        assert!(text(&all).contains("/staff/finance/KH-D2"), "every dealer on the other tab");
        let (status, _) = get(&app, &f, "/staff/finance?page=0").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

        // Any dealer's statement: the same closing balance and the same
        // CSV as the dealer's own.
        let d = session(&app, who::DEALER_ADMIN).await;
        let period = "from=2026-01-01&to=2026-12-31";
        let (status, theirs) = get(&app, &f, &format!("/staff/finance/KH-D1?{period}")).await;
        assert_eq!(status, StatusCode::OK);
        let (_, own) = get(&app, &d, &format!("/finance?{period}")).await;
        assert_eq!(closing(&text(&theirs)), closing(&text(&own)));
        assert!(!closing(&text(&own)).is_empty());
        // The downloads are the dealer's under this route.
        assert!(text(&theirs).contains("href=\"/staff/finance/KH-D1/statement.csv?from=2026-01-01"));
        let (status, csv) = get(&app, &f, &format!("/staff/finance/KH-D1/statement.csv?{period}")).await;
        assert_eq!(status, StatusCode::OK);
        let (_, own_csv) = get(&app, &d, &format!("/finance/statement.csv?{period}")).await;
        assert_eq!(csv, own_csv);

        // The dealer's manager reaches it from the card; a colleague's dealer is not there.
        let m = session(&app, who::MANAGER).await;
        let (_, card) = get(&app, &m, "/staff/dealers/KH-D1").await;
        assert!(text(&card).contains("href=\"/staff/finance/KH-D1\""));
        let (status, _) = get(&app, &m, "/staff/finance/KH-D2").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
