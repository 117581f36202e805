//! The content manager's news desk (issue 6): a Markdown draft with its
//! preview (raw HTML defused), unseen by dealers until published, then
//! announced to them; a published item is not rewritten, another
//! factory is not the writer's to address, a refused draft stores nothing.

mod common;

use common::*;
use common::{form_post as post, page_get as get};
use dealerdesk_testkit::both_backends_app;
use dealerdesk_testkit::fixtures::{plant, who};
use reqwest::StatusCode;

both_backends_app! {
    async fn news_is_written_previewed_and_published(app) {
        plant(&app.app).await;
        let c = session(&app, who::CONTENT).await;
        let d = session(&app, who::DEALER_ADMIN).await;
        let before = count(&app, "SELECT COUNT(*) FROM news").await;

        // Refused: no title; another factory's audience. Nothing stored.
        let (status, _, html) = post(&app, &c, "/staff/news", &[("title", " "), ("body", "x")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Заголовок: Заполните это поле"), "{html}");
        let (status, _, html) = post(&app, &c, "/staff/news", &[("title", "x"), ("body", "x"), ("audience", "PL")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Выберите свой завод или все заводы"), "{html}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM news").await, before);

        // A draft for the writer's factory, with a preview.
        let body = "Новий профіль **Steko S500**.\n\n<script>alert(1)</script>";
        let (status, location, _) = post(&app, &c, "/staff/news", &[("title", "Новинка: S500"), ("body", body)]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let id: i64 = location.trim_start_matches("/staff/news/").split('?').next().expect("id").parse().expect("an id");
        let (_, html) = get(&app, &c, &location).await;
        assert!(html.contains("<strong>Steko S500</strong>"), "{html}");
        assert!(!html.contains("<script>alert(1)</script>"), "raw HTML is defused");
        let (_, list) = get(&app, &d, "/news").await;
        assert!(!list.contains("Новинка: S500"), "a draft is not the dealers' yet");
        let (status, _) = get(&app, &d, &format!("/news/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);

        // Rewritten, then published: the dealers read it and are told.
        let (status, _, _) = post(&app, &c, &format!("/staff/news/{id}"), &[("title", "Новинка: профіль S500"), ("body", body), ("audience", "KH")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let (status, location, _) = post(&app, &c, &format!("/staff/news/{id}/publish"), &[]).await;
        assert_eq!((status, location), (StatusCode::SEE_OTHER, format!("/staff/news/{id}?done=published")));
        let (_, list) = get(&app, &d, "/news").await;
        assert!(list.contains("Новинка: профіль S500"), "{list}");
        while app.app.fan_out_notifications().await.expect("fan out") > 0 {}
        assert!(count(&app, "SELECT COUNT(*) FROM notifications WHERE kind = 'news_published' AND title LIKE '%S500%'").await >= 1);

        // Published is final: not rewritten, not published twice.
        let (status, _, html) = post(&app, &c, &format!("/staff/news/{id}"), &[("title", "x"), ("body", "y")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Эта новость уже опубликована"), "{html}");
        let (status, _, _) = post(&app, &c, &format!("/staff/news/{id}/publish"), &[]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM audit_log WHERE object_type = 'news' AND object_id = '{id}'")).await, 3);
    }
}

both_backends_app! {
    async fn the_audit_log_shows_who_changed_what(app) {
        plant(&app.app).await;
        let c = session(&app, who::CONTENT).await;
        let (status, _, _) = post(&app, &c, "/staff/news", &[("title", "Графік на свята"), ("body", "Текст.")]).await;
        assert_eq!(status, StatusCode::SEE_OTHER);
        let a = session(&app, who::ADMIN).await;
        let (status, html) = get(&app, &a, "/staff/audit?action=news.&who=content%40kh.test").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("news.drafted") && html.contains("Графік на свята"), "{html}");
        assert!(!html.contains("user.created"), "filtered by action");
        let (_, html) = get(&app, &a, "/staff/audit?action=nothing.").await;
        assert!(html.contains("Записей нет."), "{html}");
        let (status, html) = get(&app, &a, "/staff/audit?who=nobody%40nowhere.test&from=2026-13-01").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(html.contains("Такого пользователя нет"), "{html}");
        let (status, _) = get(&app, &c, "/staff/audit").await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
}
