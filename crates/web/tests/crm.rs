//! The managers' CRM (issue 6): "my dealers" with search and segments, the
//! dealer card with its history on one timeline, contact people and points
//! of sale, and tasks with reminders that reach the assignee once. Every
//! refused form says why and stores nothing.

mod common;

use common::*;
use common::{form_post as post, page_get as get};
use dealerdesk_app::tasks::TaskInput;
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

both_backends_app! {
    async fn a_manager_sees_and_searches_only_their_dealers(app) {
        plant(&app.app).await;
        let m = session(&app, who::MANAGER).await;
        let (status, html) = get(&app, &m, "/staff/dealers").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("/staff/dealers/KH-D1"), "{html}");
        assert!(!html.contains("KH-D2"), "a colleague's dealer is not listed");
        assert!(!html.contains("PL-D1"));

        // Case does not matter, in Cyrillic too ("ТОВ «Дилер KH-D1»").
        let (_, html) = get(&app, &m, "/staff/dealers?q=%D0%B4%D0%B8%D0%BB%D0%B5%D1%80").await;
        assert!(html.contains("/staff/dealers/KH-D1"), "{html}");
        let (_, html) = get(&app, &m, "/staff/dealers?q=nothing-like-it").await;
        assert!(!html.contains("/staff/dealers/KH-D1"));
        // A wildcard typed is a character, not "anything".
        let (_, html) = get(&app, &m, "/staff/dealers?q=%25").await;
        assert!(!html.contains("/staff/dealers/KH-D1"));

        // The head of sales sees the whole factory, with the managers.
        let h = session(&app, who::HEAD_OF_SALES).await;
        let (_, html) = get(&app, &h, "/staff/dealers?sort=turnover").await;
        assert!(html.contains("/staff/dealers/KH-D1") && html.contains("/staff/dealers/KH-D2"));
        assert!(!html.contains("PL-D1"), "another factory's dealer");
        assert!(html.contains("manager2"), "the manager is named: {html}");
        // The fixture's orders were accepted in May 2026, long over 90 days
        // ago: every dealer is dormant, none active.
        let (_, html) = get(&app, &h, "/staff/dealers?segment=active").await;
        assert!(!html.contains("/staff/dealers/KH-D"), "{html}");
        let (_, html) = get(&app, &h, "/staff/dealers?segment=dormant&region=%D0%A5%D0%B0%D1%80%D0%BA%D1%96%D0%B2%D1%81%D1%8C%D0%BA%D0%B0%20%D0%BE%D0%B1%D0%BB%D0%B0%D1%81%D1%82%D1%8C").await;
        assert!(html.contains("/staff/dealers/KH-D1") && html.contains("/staff/dealers/KH-D2"));

        // A segment that does not exist is refused, in the reader's language.
        let (status, html) = get(&app, &h, "/staff/dealers?segment=vip").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Сегмент: Допустимые значения: all, debt, active, dormant"), "{html}");
    }

    async fn the_card_gathers_the_history_and_refusals_store_nothing(app) {
        plant(&app.app).await;
        // A dealer's message is part of the history.
        let dealer = actor_of(&app, who::DEALER_ADMIN).await;
        app.app
            .start_thread(&dealer, "Доставка", None, "Коли привезете вікна?", &[])
            .await
            .expect("thread");
        let m = session(&app, who::MANAGER).await;
        let (status, location, _) = post(&app, &m, "/staff/dealers/KH-D1/activities",
            &[("kind", "call"), ("body", "Обговорили знижку.\nЗамовлять 20 вікон.")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        assert_eq!(location, "/staff/dealers/KH-D1?done=activity#activity");
        let (status, _, _) = post(&app, &m, "/staff/dealers/KH-D1/contacts",
            &[("name", "Олена Коваль"), ("position", "Директор"), ("phone", "+380 50 123-45-67"), ("email", "olena@d1.test")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, _, _) = post(&app, &m, "/staff/dealers/KH-D1/points",
            &[("name", "Салон на Сумській"), ("city", "Харків"), ("address", "вул. Сумська, 1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);

        let (status, html) = get(&app, &m, "/staff/dealers/KH-D1").await;
        assert_eq!(status, StatusCode::OK);
        let call = html.find("Обговорили знижку.").expect("the call is on the timeline");
        let message = html.find("Коли привезете вікна?").expect("the message is on the timeline");
        assert!(call < message, "newest first");
        assert!(html.contains("href=\"tel:+380501234567\""), "a contact's phone dials");
        assert!(html.contains("Салон на Сумській"));
        assert!(html.contains("/orders/KH/KH-1"), "the dealer's orders link to the order page");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'crm.%'").await, 3);

        // Refused: each says why, keeps what was typed, stores nothing.
        let before = count(&app, "SELECT COUNT(*) FROM dealer_contacts").await;
        let (status, _, html) = post(&app, &m, "/staff/dealers/KH-D1/contacts",
            &[("name", " "), ("phone", "call me"), ("email", "olena")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Имя: Заполните это поле"), "{html}");
        assert!(html.contains("Телефон: Только цифры"), "{html}");
        assert!(html.contains("value=\"call me\""), "what was typed stays");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM dealer_contacts").await, before);
        let (status, _, _) = post(&app, &m, "/staff/dealers/KH-D1/activities", &[("kind", "fax"), ("body", "")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM crm_activities").await, 1);

        // A colleague's dealer does not exist for this manager, to read or to write.
        let (status, _) = get(&app, &m, "/staff/dealers/KH-D2").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, _) = post(&app, &m, "/staff/dealers/KH-D2/activities", &[("kind", "note"), ("body", "x")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM crm_activities").await, 1);
    }

    async fn a_task_reminds_its_assignee_once(app) {
        plant(&app.app).await;
        let m = session(&app, who::MANAGER).await;
        let (status, location, _) = post(&app, &m, "/staff/tasks",
            &[("title", "Передзвонити щодо договору"), ("due", "2099-03-02T10:00"), ("dealer", "KH-D1")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
        let (_, html) = get(&app, &m, "/staff/tasks").await;
        assert!(html.contains("Передзвонити щодо договору") && html.contains("02.03.2099 10:00"), "{html}");
        assert!(!html.contains("recl-item overdue"));
        let (_, card) = get(&app, &m, "/staff/dealers/KH-D1").await;
        assert!(card.contains("Передзвонити щодо договору"), "the card lists the dealer's open tasks");

        // Refused: the past, a dealer not theirs, a colleague as assignee.
        for (form, text) in [
            (vec![("title", "x"), ("due", "2001-01-01T10:00")], "Срок: Срок не может быть в прошлом"),
            (vec![("title", "x"), ("due", "2099-01-01T10:00"), ("dealer", "KH-D2")], "Дилер: Это не ваш дилер"),
            (vec![("title", "x"), ("due", "завтра")], "Срок: Нужны дата и время"),
            (vec![("title", ""), ("due", "2099-01-01T10:00")], "Что сделать: Заполните это поле"),
        ] {
            let (status, _, html) = post(&app, &m, "/staff/tasks", &form).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{form:?}");
            assert!(html.contains(text), "{text}: {html}");
        }
        let manager2 = actor_of(&app, who::MANAGER2).await;
        let (status, _, html) = post(&app, &m, "/staff/tasks",
            &[("title", "x"), ("due", "2099-01-01T10:00"), ("assignee", &manager2.user_id.0.to_string())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Менеджер ставит задачи только себе"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM tasks").await, 1);

        // A head of sales may set one for a manager of the factory.
        let head = actor_of(&app, who::HEAD_OF_SALES).await;
        let input = TaskInput {
            title: "Зустріч з дилером".into(),
            due: "2099-01-01T09:00".into(),
            dealer_code: "KH-D2".into(),
            assignee: manager2.user_id.0.to_string(),
        };
        app.app.create_task(&head, &input).await.expect("set for a manager");

        // Both fall due: each assignee is reminded once, in their language.
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query("UPDATE tasks SET due_at = 1000").execute(&mut *c).await.expect("due");
        drop(c);
        let (_, html) = get(&app, &m, "/staff/tasks").await;
        assert!(html.contains("recl-item overdue"), "an overdue task is marked");
        assert_eq!(app.app.remind_due_tasks().await.expect("remind"), 2);
        assert_eq!(app.app.remind_due_tasks().await.expect("again"), 0, "never twice");
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
        let mine = count(&app, &format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'task_reminder' AND user_id = {}",
            actor_of(&app, who::MANAGER).await.user_id.0)).await;
        assert_eq!(mine, 1);
        let theirs = count(&app, &format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'task_reminder' AND user_id = {}",
            manager2.user_id.0)).await;
        assert_eq!(theirs, 1);
        let (_, centre) = get(&app, &m, "/notifications").await;
        assert!(centre.contains("Напоминание: Передзвонити щодо договору"), "{centre}");
        assert!(centre.contains("/staff/dealers/KH-D1"), "the reminder links to the dealer");

        // Done: off the open list, onto "done this week"; done twice is refused.
        let id: i64 = {
            let mut c = app.app.store.read().await.expect("conn");
            sqlx::query_scalar("SELECT id FROM tasks WHERE title = 'Передзвонити щодо договору'")
                .fetch_one(&mut *c).await.expect("id")
        };
        let (status, location, _) = post(&app, &m, &format!("/staff/tasks/{id}/done"), &[]).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/staff/tasks?done=done"));
        let (_, html) = get(&app, &m, "/staff/tasks").await;
        assert!(!html.contains("recl-item overdue") && html.contains("Выполнено за неделю"), "{html}");
        let (status, _, _) = post(&app, &m, &format!("/staff/tasks/{id}/done"), &[]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        // Someone else's task is not there for this manager.
        let other: i64 = {
            let mut c = app.app.store.read().await.expect("conn");
            sqlx::query_scalar("SELECT id FROM tasks WHERE title = 'Зустріч з дилером'")
                .fetch_one(&mut *c).await.expect("id")
        };
        let (status, _, _) = post(&app, &m, &format!("/staff/tasks/{other}/done"), &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    async fn orders_stuck_past_their_norm_need_attention(app) {
        plant(&app.app).await;
        let m = session(&app, who::MANAGER).await;
        let h = session(&app, who::HEAD_OF_SALES).await;
        // The fixture's orders have been "accepted" since May 2026: past
        // the two-day norm.
        let (status, html) = get(&app, &m, "/staff/attention").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("/orders/KH/KH-1"), "{html}");
        assert!(!html.contains("KH-2"), "a colleague's dealer's order");
        let (_, html) = get(&app, &h, "/staff/attention").await;
        assert!(html.contains("/orders/KH/KH-1") && html.contains("/orders/KH/KH-2"));
        assert!(!html.contains("PL-1"), "another factory's order");
        let (_, dash) = get(&app, &m, "/staff").await;
        assert!(dash.contains("href=\"/staff/attention\""), "the dashboard links the queue: {dash}");

        // One order just moved: within its norm, it leaves the list.
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status_at = {} WHERE number = 'KH-1'",
            dealerdesk_domain::Timestamp::now().0
        )))
        .execute(&mut *c)
        .await
        .expect("fresh");
        drop(c);
        let (_, html) = get(&app, &m, "/staff/attention").await;
        assert!(!html.contains("/orders/KH/KH-1"), "{html}");

        // The norms: a manager may not change them; a bad value changes nothing.
        let norms = |accepted: &'static str| vec![("accepted", accepted), ("in_production", "10"),
            ("manufactured", "3"), ("ready", "5"), ("shipped", "3")];
        let (status, _, _) = post(&app, &m, "/staff/attention/norms", &norms("4")).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, _, html) = post(&app, &h, "/staff/attention/norms", &norms("0")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Принят: От 1 до 365"), "{html}");
        assert!(html.contains("value=\"0\""), "what was typed stays");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM settings WHERE key = 'order_status_norms'").await, 0);
        let (status, location, _) = post(&app, &h, "/staff/attention/norms", &norms("365")).await;
        assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/staff/attention?done=norms"));
        // KH-2 "accepted" 100 days ago: past two days, within 365.
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE orders SET status_at = {} WHERE number = 'KH-2'",
            dealerdesk_domain::Timestamp::now().plus_seconds(-100 * 86_400).0
        )))
        .execute(&mut *c)
        .await
        .expect("older");
        drop(c);
        let (_, html) = get(&app, &h, "/staff/attention").await;
        assert!(!html.contains("/orders/KH/KH-2"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM audit_log WHERE action = 'settings.status_norms'").await, 1);
    }
}
