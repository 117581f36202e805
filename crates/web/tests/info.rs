//! Factory information as a dealer reads it: news (own factory and all
//! factories, never drafts or another factory's), pages in Markdown with
//! raw HTML defused, the reference directory grouped by topic, the contacts
//! with the dealer's own manager — on both databases.

mod common;

use common::*;
use dealerdesk_domain::model::InfoSection;
use dealerdesk_domain::{Timestamp, UserId};
use dealerdesk_store::Repos;
use dealerdesk_store::info::NewInfoPage;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;

async fn page(app: &TestApp, s: &Session, path: &str) -> (StatusCode, String) {
    let r = app
        .http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get");
    (r.status(), r.text().await.expect("body"))
}

/// Links to news items in a list page, in order.
fn news_links(html: &str) -> Vec<String> {
    html.split("<h2><a href=\"/news/")
        .skip(1)
        .map(|p| p.split('"').next().unwrap_or_default().to_owned())
        .collect()
}

both_backends_app! {
    async fn news_are_paged_newest_first_and_scoped(app) {
        plant(&app.app).await;
        let mut c = app.app.store.read().await.expect("conn");
        let author = UserId(1);
        let kh = c.factories().by_code("KH").await.expect("f").expect("KH").id;
        // 45 more KH news, published a minute apart.
        for i in 0..45 {
            let id = c.news().insert_draft(Some(kh), &format!("Новина {i}"), "Текст", author).await.expect("news");
            c.news().publish(id, Timestamp(1_800_000_000_000 + i * 60_000)).await.expect("publish");
        }
        drop(c);
        let s = session(&app, who::DEALER_USER).await;
        let mut seen = Vec::new();
        let mut path = "/news".to_owned();
        loop {
            let (st, html) = page(&app, &s, &path).await;
            assert_eq!(st, StatusCode::OK);
            seen.extend(news_links(&html));
            match html.split("<a href=\"/news?after=").nth(1) {
                Some(rest) => path = format!("/news?after={}", rest.split('"').next().expect("cursor")),
                None => break,
            }
        }
        // 45 + the fixture's KH item (1) and the one for all factories (3);
        // never PL's (2) or the draft (4). Newest first, no repeats.
        assert_eq!(seen.len(), 47, "{seen:?}");
        assert_eq!(seen[0], "49", "the newest first: {seen:?}");
        assert_eq!(&seen[45..], ["3", "1"]);
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len());
        assert!(!seen.contains(&"2".to_owned()) && !seen.contains(&"4".to_owned()));
        // The other factory's dealer sees PL's and the common one only.
        let other = session(&app, who::OTHER_FACTORY_DEALER).await;
        let (_, html) = page(&app, &other, "/news").await;
        assert_eq!(news_links(&html), ["3", "2"]);
        // The dashboard lists the latest and links to them.
        let (_, html) = page(&app, &s, "/").await;
        assert!(html.contains("href=\"/news/49\""), "dashboard links the newest");
        assert!(html.contains("href=\"/news\""));
    }

    async fn markdown_is_rendered_and_defused(app) {
        plant(&app.app).await;
        let mut c = app.app.store.read().await.expect("conn");
        let id = c.news().insert_draft(None,
            "Новий колір <b>Антрацит</b>",
            "## Що нового\n\nКолір **антрацит** доступний з [прайсом](https://plant.example/price.pdf).\n\n<script>alert('x')</script>\n\n[клік](javascript:alert(1))",
            UserId(1)).await.expect("news");
        c.news().publish(id, Timestamp::now()).await.expect("publish");
        drop(c);
        let s = session(&app, who::DEALER_ADMIN).await;
        let (st, html) = page(&app, &s, &format!("/news/{}", id.0)).await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("<h1>Новий колір &#60;b&#62;Антрацит&#60;/b&#62;</h1>"), "the title is text: {html}");
        assert!(html.contains("<h3>Що нового</h3>") && html.contains("<strong>антрацит</strong>"));
        assert!(html.contains("<a href=\"https://plant.example/price.pdf\">прайсом</a>"));
        assert!(!html.contains("<script>alert"), "raw HTML shown as text");
        assert!(html.contains("&lt;script&gt;"));
        assert!(!html.contains("javascript:alert"));
    }

    async fn dates_are_in_the_factorys_time_zone(app) {
        plant(&app.app).await;
        let mut c = app.app.store.read().await.expect("conn");
        sqlx::query("UPDATE factories SET timezone = 'America/New_York' WHERE code = 'KH'").execute(&mut *c).await.expect("zone");
        // 2026-11-27 03:00 UTC: still the 26th in New York, the 27th in Kyiv.
        let id = c.news().insert_draft(None, "Опівночі", "Текст", UserId(1)).await.expect("news");
        c.news().publish(id, Timestamp(1_795_748_400_000)).await.expect("publish");
        drop(c);
        let kh = session(&app, who::DEALER_USER).await;
        let (_, html) = page(&app, &kh, &format!("/news/{}", id.0)).await;
        assert!(html.contains("<time>26.11.2026</time>"), "{html}");
        let pl = session(&app, who::OTHER_FACTORY_DEALER).await;
        let (_, html) = page(&app, &pl, &format!("/news/{}", id.0)).await;
        assert!(html.contains("<time>27.11.2026</time>"), "{html}");
    }

    async fn reference_schedule_and_contacts(app) {
        plant(&app.app).await;
        let mut c = app.app.store.read().await.expect("conn");
        let kh = c.factories().by_code("KH").await.expect("f").expect("KH").id;
        for (topic, slug, title, position) in [
            (Some("colours"), "colours-ral", "Кольори RAL", 1),
            (Some("profile_systems"), "rehau-70", "REHAU Synego 70", 2),
            (Some("profile_systems"), "rehau-60", "REHAU Euro 60", 1),
            (Some("warranty"), "warranty", "Гарантія", 1),
        ] {
            c.info().insert(&NewInfoPage { factory_id: Some(kh), section: InfoSection::Reference, topic, slug, title,
                body_markdown: "| Артикул | Назва |\n|---|---|\n| 1 | Біла |", position, published_at: Some(Timestamp::now()), author_id: None }).await.expect("page");
        }
        c.info().insert(&NewInfoPage { factory_id: Some(kh), section: InfoSection::Contacts, topic: None, slug: "kh-contacts", title: "Відділ продажу",
            body_markdown: "Телефон: [+380 57 700 00 01](tel:+380577000001)", position: 0, published_at: Some(Timestamp::now()), author_id: None }).await.expect("page");
        drop(c);
        let s = session(&app, who::DEALER_USER).await;
        let (st, html) = page(&app, &s, "/info").await;
        assert_eq!(st, StatusCode::OK);
        // Groups in the fixed order (products, profile systems, colours),
        // then the plant's own topic under its own name; pages by position.
        let at = |needle: &str| html.find(needle).unwrap_or_else(|| panic!("{needle} in {html}"));
        assert!(at("<h2>Продукция</h2>") < at("<h2>Профильные системы</h2>"));
        assert!(at("<h2>Профильные системы</h2>") < at("REHAU Euro 60"));
        assert!(at("REHAU Euro 60") < at("REHAU Synego 70"));
        assert!(at("REHAU Synego 70") < at("<h2>Цвета и ламинация</h2>"));
        assert!(at("<h2>Цвета и ламинация</h2>") < at("<h2>warranty</h2>"));
        assert!(!html.contains("pl-products") && !html.contains("kh-draft"));
        let (st, html) = page(&app, &s, "/info/colours-ral").await;
        assert_eq!(st, StatusCode::OK);
        assert!(html.contains("<table>") && html.contains("<td>Біла</td>"));
        let (_, html) = page(&app, &s, "/info/schedule").await;
        assert!(html.contains("schedule-all"), "the schedule for all factories");
        let (_, html) = page(&app, &s, "/info/contacts").await;
        assert!(html.contains("Ваш менеджер") && html.contains(">manager<"), "the dealer's manager: {html}");
        assert!(html.contains("href=\"mailto:manager@kh.test\""));
        assert!(html.contains("href=\"tel:+380577000001\""));
        // Staff have no manager card, but read the same pages.
        let head = session(&app, who::HEAD_OF_SALES).await;
        let (_, html) = page(&app, &head, "/info/contacts").await;
        assert!(!html.contains("Ваш менеджер") && html.contains("Відділ продажу"));
    }
}
