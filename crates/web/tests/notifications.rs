//! Notification settings (issue 5): each person chooses, per event type and
//! channel, what reaches them; everything is on until turned off; a choice
//! their role cannot make is refused and changes nothing.

mod common;

use common::*;
use dealerdesk_domain::model::NotificationKind;
use dealerdesk_domain::notification::Channel;
use dealerdesk_store::Repos;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

/// The checkbox values of the profile page's settings form, ticked or not.
fn boxes(html: &str) -> Vec<(String, bool)> {
    html.split("name=\"on\" value=\"")
        .skip(1)
        .map(|rest| {
            let value = rest.split('"').next().unwrap_or_default().to_owned();
            let tag = rest.split('>').next().unwrap_or_default();
            (value, tag.contains("checked"))
        })
        .collect()
}

both_backends_app! {
    async fn people_choose_what_reaches_them(app) {
        plant(&app.app).await;
        let s = session(&app, who::DEALER_USER).await;
        let profile = || async {
            let r = app.http.get(app.url("/profile")).header("cookie", cookie(&s)).send().await.expect("profile");
            assert_eq!(r.status(), StatusCode::OK);
            r.text().await.expect("html")
        };
        // A dealer's events, both channels, all on.
        let all = boxes(&profile().await);
        assert_eq!(all.len(), 7 * 2, "{all:?}");
        assert!(all.iter().all(|(_, on)| *on));
        assert!(all.iter().any(|(v, _)| v == "payment_posted.email"));
        assert!(!all.iter().any(|(v, _)| v.starts_with("task_reminder")), "not a dealer's event");

        // Tick only two boxes: everything else goes off.
        let post = |on: Vec<&'static str>| {
            let mut form: Vec<(&str, &str)> = vec![("_csrf", s.csrf.as_str())];
            form.extend(on.into_iter().map(|v| ("on", v)));
            app.http.post(app.url("/profile/notifications")).header("cookie", cookie(&s)).form(&form).send()
        };
        let r = post(vec!["order_status_changed.in_app", "payment_posted.email"]).await.expect("save");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        assert_eq!(r.headers()["location"], "/profile?done=notifications");
        let html = profile().await;
        let ticked: Vec<String> = boxes(&html).into_iter().filter(|(_, on)| *on).map(|(v, _)| v).collect();
        assert_eq!(ticked, vec!["order_status_changed.in_app", "payment_posted.email"]);

        // What the notification worker will read.
        let user = app.app.store.read().await.expect("conn").users().by_email(&dealerdesk_domain::Email::parse(who::DEALER_USER).expect("email")).await.expect("user").expect("found");
        let prefs = app.app.store.read().await.expect("conn").notifications().prefs(user.id).await.expect("prefs");
        assert!(prefs.enabled(NotificationKind::PaymentPosted, Channel::Email));
        assert!(!prefs.enabled(NotificationKind::PaymentPosted, Channel::InApp));
        assert!(!prefs.enabled(NotificationKind::Delivered, Channel::Email));

        // A choice this role cannot make: refused, explained, nothing changed.
        let r = post(vec!["delivered.email", "task_reminder.email"]).await.expect("refused");
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("html");
        assert!(html.contains("role=\"alert\"") && html.contains("task_reminder/email"), "{html}");
        let ticked: Vec<String> = boxes(&profile().await).into_iter().filter(|(_, on)| *on).map(|(v, _)| v).collect();
        assert_eq!(ticked, vec!["order_status_changed.in_app", "payment_posted.email"]);
        for junk in ["nonsense", "delivered.fax", "delivered"] {
            let r = post(vec![junk]).await.expect("junk");
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{junk}");
        }

        // Someone else's settings are their own.
        let other = session(&app, who::DEALER_ADMIN).await;
        let r = app.http.get(app.url("/profile")).header("cookie", cookie(&other)).send().await.expect("other");
        assert!(boxes(&r.text().await.expect("html")).iter().all(|(_, on)| *on));

        // Turning everything back on leaves no rows; the change is audited.
        let r = post(vec![
            "order_status_changed.in_app", "order_status_changed.email", "shipment_scheduled.in_app", "shipment_scheduled.email",
            "delivered.in_app", "delivered.email", "payment_posted.in_app", "payment_posted.email",
            "reclamation_status_changed.in_app", "reclamation_status_changed.email", "new_message.in_app", "new_message.email",
            "news_published.in_app", "news_published.email",
        ]).await.expect("all on");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let mut c = app.app.store.read().await.expect("conn");
        let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notification_prefs").fetch_one(&mut *c).await.expect("count");
        assert_eq!(rows, 0);
        let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'user.notification_settings_changed'").fetch_one(&mut *c).await.expect("audit");
        assert_eq!(audited, 2, "two changes, the refused one not among them");
    }
}
