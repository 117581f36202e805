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
use serde_json::{Value, json};

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

    async fn events_reach_the_right_people_once(app) {
        plant(&app.app).await;
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let acc = app.app.add_source("KH", "accounting").await.expect("source").key;
        let admin = session(&app, who::DEALER_ADMIN).await;
        let user = session(&app, who::DEALER_USER).await;
        let finance_user = session(&app, who::DEALER_USER_FINANCE).await;
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        let manager = session(&app, who::MANAGER).await;
        // Before the events: the plain user wants no status changes in the
        // app; the other dealer reads English.
        let r = app.http.post(app.url("/profile/notifications")).header("cookie", cookie(&user))
            .form(&[("_csrf", user.csrf.as_str()), ("on", "shipment_scheduled.in_app"), ("on", "payment_posted.in_app")]).send().await.expect("prefs");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let r = app.http.post(app.url("/profile/language")).header("cookie", cookie(&other))
            .form(&[("_csrf", other.csrf.as_str()), ("language", "en")]).send().await.expect("lang");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);

        let send = |key: String, events: Vec<Value>| {
            let http = app.http.clone();
            let url = app.url("/api/sync/v1/events");
            async move {
                let r = http.post(url).bearer_auth(key).json(&json!({"events": events})).send().await.expect("send");
                assert_eq!(r.status(), StatusCode::ACCEPTED);
            }
        };
        send(prod.clone(), vec![
            json!({"event_id": "s1", "type": "order.status_changed", "occurred_at": "2026-11-21T08:00:00Z", "version": 2,
                "data": {"number": "KH-1", "status": "in_production", "at": "2026-11-21T08:00:00Z"}}),
            json!({"event_id": "s2", "type": "order.status_changed", "occurred_at": "2026-11-21T08:00:00Z", "version": 2,
                "data": {"number": "KH-2", "status": "in_production", "at": "2026-11-21T08:00:00Z"}}),
            json!({"event_id": "t1", "type": "shipment.upserted", "occurred_at": "2026-11-22T08:00:00Z", "version": 1, "data": {"trip": "R-501", "vehicle": "AX 1234 KI",
                "driver_name": "Петро Коваль", "driver_phone": "+380671112233", "planned_delivery_date": "2026-11-25", "orders": ["KH-1"]}}),
        ]).await;
        send(acc, vec![json!({"event_id": "p1", "type": "ledger.entry_posted", "occurred_at": "2026-11-21T08:00:00Z", "version": 1,
            "data": {"entry_id": "PAY-1", "dealer_code": "KH-D1", "kind": "payment", "amount_minor": 1_000_000, "currency": "UAH", "posted_on": "2026-11-21", "order_number": "KH-1"}})]).await;
        app.settle().await;
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}

        let centre = |s: Session| {
            let http = app.http.clone();
            let url = app.url("/notifications");
            async move {
                let r = http.get(url).header("cookie", cookie(&s)).send().await.expect("centre");
                assert_eq!(r.status(), StatusCode::OK);
                r.text().await.expect("html")
            }
        };
        let a = centre(admin.clone()).await;
        assert!(a.contains("Заказ KH-1: Запущен в производство"), "{a}");
        assert!(a.contains("href=\"/orders/KH/KH-1\""));
        assert!(a.contains("Заказ KH-1: рейс R-501") && a.contains("Петро Коваль"));
        assert!(a.contains("Поступила оплата 10\u{202f}000,00\u{a0}₴"), "{a}");
        assert!(!a.contains("KH-2"), "another dealer's order");
        assert!(a.contains("id=\"unread\">Непрочитанных: 3"), "{a}");

        let u = centre(user.clone()).await;
        assert!(!u.contains("Запущен в производство"), "turned off");
        assert!(u.contains("рейс R-501"));
        assert!(!u.contains("Поступила оплата"), "no finance grant, no payments");
        let f = centre(finance_user).await;
        assert!(f.contains("Поступила оплата") && f.contains("Запущен в производство"));
        let o = centre(other).await;
        assert!(o.contains("Order KH-2: In production"), "{o}");
        assert!(!o.contains("KH-1"));
        let m = centre(manager).await;
        assert!(m.contains("Уведомлений пока нет"), "dealers' events are not the plant's");

        // Exactly once: fanning out again adds nothing.
        let count = || async {
            let mut c = app.app.store.read().await.expect("conn");
            sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM notifications").fetch_one(&mut *c).await.expect("count")
        };
        let before = count().await;
        assert_eq!(app.app.fan_out_notifications().await.expect("again"), 0);
        assert_eq!(count().await, before);

        // Mark all read: only the admin's.
        let r = app.http.post(app.url("/notifications/read")).header("cookie", cookie(&admin))
            .form(&[("_csrf", admin.csrf.as_str())]).send().await.expect("read");
        assert_eq!(r.status(), StatusCode::SEE_OTHER);
        let a = centre(admin).await;
        assert!(!a.contains("id=\"unread\"") && !a.contains("class=\"card notification unread"), "{a}");
        assert!(centre(user).await.contains("id=\"unread\">Непрочитанных: 1"));
    }

    async fn published_news_reach_the_factorys_dealers_once(app) {
        plant(&app.app).await;
        let origin = dealerdesk_app::auth::Origin::default();
        let actor = |email: &'static str| {
            let app = app.app.clone();
            let origin = origin.clone();
            async move {
                app.login(email, dealerdesk_testkit::fixtures::PASSWORD, &origin).await.expect("login").user.actor().expect("an actor")
            }
        };
        let draft = dealerdesk_domain::NewsId(4); // a KH draft (fixtures::content)
        // Only the content manager (or the administrator) publishes; a
        // dealer cannot, another factory's content manager sees no draft.
        let dealer = actor(who::DEALER_ADMIN).await;
        assert!(matches!(app.app.publish_news(&dealer, draft).await, Err(dealerdesk_app::AppError::Forbidden)));
        let content = actor(who::CONTENT).await;
        app.app.publish_news(&content, draft).await.expect("publish");
        assert!(matches!(app.app.publish_news(&content, draft).await, Err(dealerdesk_app::AppError::Invalid(_))), "announced once");
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}

        let centre = |email: &'static str| {
            let app = &app;
            async move {
                let s = session(app, email).await;
                app.http.get(app.url("/notifications")).header("cookie", cookie(&s)).send().await.expect("centre").text().await.expect("html")
            }
        };
        for email in [who::DEALER_ADMIN, who::DEALER_USER, who::OTHER_DEALER_ADMIN] {
            let c = centre(email).await;
            assert!(c.contains("Новость: Чернетка KH") && c.contains("href=\"/news/4\""), "{email}: {c}");
            assert!(c.contains("Текст Чернетка KH."), "{email}: the excerpt, plain: {c}");
        }
        assert!(!centre(who::OTHER_FACTORY_DEALER).await.contains("Чернетка KH"), "another factory's dealer");
        assert!(!centre(who::MANAGER).await.contains("Чернетка KH"), "news are for the dealers");
        // The news page itself is now open to the dealer.
        let s = session(&app, who::DEALER_USER).await;
        let r = app.http.get(app.url("/news/4")).header("cookie", cookie(&s)).send().await.expect("news");
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'news.published'").await, 1);
    }
}
