//! A manager's working day in a real browser (issue 6): the dashboard's
//! queues, "my dealers" searched, the dealer card with a call logged onto
//! its history, a task set from the card and marked done, the orders that
//! need attention and the lead funnel — at a desktop's and a phone's width,
//! every control labelled and nothing scrolling sideways. Screenshots land
//! in `target/browser-artifacts/`.

mod common;

use common::*;
use fantoccini::Locator;

async fn check(b: &Browser, page: &str) {
    let mut problems = Problems::default();
    b.check_labels(page, &mut problems).await;
    b.check_no_overflow(page, &mut problems).await;
    b.check_pill_contrast(page, &mut problems).await;
    problems.assert_none(page);
    b.screenshot(page).await;
}

/// The text of the first element matching `css`, or nothing yet.
async fn text_of(b: &Browser, css: &str) -> String {
    b.js_with(
        "const e = document.querySelector(arguments[0]); return e ? e.innerText : '';",
        vec![serde_json::Value::String(css.to_owned())],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

async fn submit(b: &Browser, form: &str) {
    let button = format!("{form} button[type=submit]");
    // Into the middle of the screen, clear of the sticky top bar.
    b.js_with(
        "const e = document.querySelector(arguments[0]); if (e) e.scrollIntoView({block: 'center', behavior: 'instant'}); return true;",
        vec![serde_json::Value::String(button.clone())],
    )
    .await;
    b.c.find(Locator::Css(&button))
        .await
        .unwrap_or_else(|e| panic!("the button of {form}: {e}"))
        .click()
        .await
        .expect("submit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_managers_day() {
    if !browser_wanted("a_managers_day") {
        return;
    }
    let portal = portal().await;
    // A demo manager with dealers of their own.
    let (manager, dealer_name) = {
        use dealerdesk_store::Repos;
        let mut c = portal.app.app.store.read().await.expect("conn");
        let mut found = None;
        for f in c.factories().list().await.expect("factories") {
            for m in c
                .users()
                .staff(f.id, dealerdesk_domain::Role::Manager)
                .await
                .expect("managers")
            {
                let theirs = c
                    .dealers()
                    .of_factory(f.id, Some(m.id), 1)
                    .await
                    .expect("dealers");
                if let (None, Some(d)) = (&found, theirs.into_iter().next()) {
                    found = Some((m.email.to_string(), d.name));
                }
            }
        }
        found.expect("a demo manager with a dealer")
    };
    let word = dealer_name
        .split_whitespace()
        .last()
        .expect("a word of the name")
        .to_lowercase();

    for (width, height) in [(1440, 900), (360, 800)] {
        let b = Browser::open(&portal, (width, height)).await;
        b.log_in_to(&manager, PASSWORD, "/staff").await;
        check(&b, &format!("staff-dashboard-{width}")).await;

        // "My dealers", searched by a word of the name in lower case.
        b.goto("/staff/dealers").await;
        b.labelled_input("q")
            .await
            .send_keys(&word)
            .await
            .expect("type the search");
        submit(&b, "form[role=search]").await;
        b.wait_path("/staff/dealers").await;
        check(&b, &format!("crm-dealers-{width}")).await;
        let link =
            b.c.find(Locator::Css("ul.dealer-list a.recl-number"))
                .await
                .expect("the dealer found");
        assert_eq!(link.text().await.expect("text").trim(), dealer_name);
        link.click().await.expect("open the card");

        // The card: log a call; it tops the history.
        let note = format!("Дзвінок з {width}px: замовлять 12 вікон");
        b.labelled_input("activity-body")
            .await
            .send_keys(&note)
            .await
            .expect("type the note");
        submit(&b, "form[action$='/activities']").await;
        eventually("the call on the timeline", || async {
            text_of(&b, "ol.crm-timeline li:first-child")
                .await
                .contains(&note)
        })
        .await;
        check(&b, &format!("crm-card-{width}")).await;

        // A task about this dealer, from the card's link.
        let href =
            b.c.find(Locator::Css("#tasks a[href^='/staff/tasks?dealer=']"))
                .await
                .expect("the new task link")
                .attr("href")
                .await
                .expect("href")
                .expect("an href");
        b.goto(&href).await;
        b.wait_path("/staff/tasks").await;
        let title = format!("Передзвонити ({width}px)");
        b.labelled_input("task-title")
            .await
            .send_keys(&title)
            .await
            .expect("type the title");
        // A datetime-local input takes its value from script in every
        // Chromium alike; typing into it depends on the locale.
        b.js("document.getElementById('task-due').value = '2099-03-02T10:00'; return true")
            .await;
        submit(&b, "form[action='/staff/tasks']").await;
        eventually("the task on the list", || async {
            text_of(&b, "ul.task-list").await.contains(&title)
        })
        .await;
        check(&b, &format!("tasks-{width}")).await;
        b.c.find(Locator::Css("ul.task-list form[action$='/done'] button"))
            .await
            .expect("mark done")
            .click()
            .await
            .expect("done");
        eventually("the task done", || async {
            b.path().await.contains("done=done")
        })
        .await;

        b.goto("/staff/attention").await;
        check(&b, &format!("attention-{width}")).await;
        b.goto("/staff/leads").await;
        check(&b, &format!("leads-{width}")).await;
        // Their own sales and work, charts drawn by the server.
        b.goto("/staff/analytics").await;
        assert!(!text_of(&b, "#turnover").await.is_empty());
        assert!(
            !text_of(&b, "ul.work").await.is_empty(),
            "their own row of work"
        );
        check(&b, &format!("analytics-manager-{width}")).await;
        b.close().await;
    }
}

/// The administrator's day: a new colleague added and given a role, a
/// plant system connected and its key rotated, the brand's colours, the
/// analytics of every factory and the audit log of it all — at a desktop's
/// and a phone's width.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_administrators_day() {
    if !browser_wanted("an_administrators_day") {
        return;
    }
    let portal = portal().await;
    for (width, height) in [(1440, 900), (360, 800)] {
        let b = Browser::open(&portal, (width, height)).await;
        b.log_in_to("admin@dealerdesk.demo", PASSWORD, "/staff")
            .await;
        assert!(!b.menu_label("/staff/admin/users").await.is_empty());
        b.goto("/staff/admin/users").await;
        check(&b, &format!("admin-users-{width}")).await;

        // A new manager of KH: the one-time link is on the page.
        let email = format!("olha-{width}@kh.demo");
        b.labelled_input("email")
            .await
            .send_keys(&email)
            .await
            .expect("type the e-mail");
        b.labelled_input("name")
            .await
            .send_keys("Ольга Петренко")
            .await
            .expect("type the name");
        b.js("document.getElementById('role').value = 'manager'; document.getElementById('factory').value = 'KH'; return true")
            .await;
        submit(&b, "#new form").await;
        eventually("the invitation link", || async {
            b.js("const i = document.querySelector('#invite-link input'); return i ? i.value : ''")
                .await
                .as_str()
                .is_some_and(|v| v.contains("/invite/"))
        })
        .await;
        check(&b, &format!("admin-user-added-{width}")).await;

        // Open them and make them finance instead.
        b.c.find(Locator::Css("ul.recl-list a.recl-number"))
            .await
            .expect("the newest person first")
            .click()
            .await
            .expect("open");
        eventually("the person's page", || async {
            b.path().await.starts_with("/staff/admin/users/")
        })
        .await;
        b.js("document.getElementById('role').value = 'finance'; return true")
            .await;
        submit(&b, "form[action^='/staff/admin/users/']").await;
        eventually("saved", || async { b.path().await.contains("saved=1") }).await;
        check(&b, &format!("admin-user-{width}")).await;

        // The production system of KH: connected once, then a new key.
        b.goto("/staff/admin/sources").await;
        let connected = !text_of(&b, "ul.recl-list").await.is_empty();
        if connected {
            submit(&b, "ul.recl-list form[action='/staff/admin/sources']").await;
        } else {
            b.js("document.getElementById('factory').value = 'KH'; document.getElementById('kind').value = 'production'; return true").await;
            submit(&b, "#new form").await;
        }
        eventually("the key shown once", || async {
            b.js("const i = document.querySelector('#issued-key input'); return i ? i.value : ''")
                .await
                .as_str()
                .is_some_and(|v| v.starts_with("dds_"))
        })
        .await;
        check(&b, &format!("admin-sources-{width}")).await;

        b.goto("/staff/admin/brand").await;
        submit(&b, "form[action='/staff/admin/brand']").await;
        eventually("the brand saved", || async {
            b.path().await.contains("saved=1")
        })
        .await;
        check(&b, &format!("admin-brand-{width}")).await;
        b.goto("/staff/admin/factories").await;
        check(&b, &format!("admin-factories-{width}")).await;

        // Leads from a spreadsheet export: sent with a progress line, then
        // the server's report replaces the page.
        let csv = std::env::temp_dir().join(format!(
            "dealerdesk-leads-{width}-{}.csv",
            std::process::id()
        ));
        std::fs::write(
            &csv,
            format!("company,phone,city\nВікна {width} Плюс,+380671234567,Київ\nДвері {width},+380501234567,Львів\n"),
        )
        .expect("write the CSV");
        b.goto("/staff/import").await;
        b.labelled_input("import-file")
            .await
            .send_keys(&csv.display().to_string())
            .await
            .expect("choose the file");
        submit(&b, "form[data-progress]").await;
        eventually("the import's report", || async {
            text_of(&b, "#report").await.contains('2')
        })
        .await;
        check(&b, &format!("import-{width}")).await;
        let _ = std::fs::remove_file(&csv);

        b.goto("/staff/analytics").await;
        assert!(!text_of(&b, "#turnover").await.is_empty());
        check(&b, &format!("analytics-admin-{width}")).await;
        b.goto("/staff/audit").await;
        let audit = text_of(&b, "main").await;
        assert!(
            audit.contains("user.changed") || audit.contains("user.created"),
            "{audit}"
        );
        check(&b, &format!("audit-{width}")).await;
        b.close().await;
    }
}

/// The content manager's and the finance person's day: a reference page
/// written, previewed and published, then read as a dealer reads it; what
/// the dealers owe and one dealer's statement — at a desktop's and a
/// phone's width.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn content_and_finance_days() {
    if !browser_wanted("content_and_finance_days") {
        return;
    }
    let portal = portal().await;
    for (width, height) in [(1440, 900), (360, 800)] {
        let b = Browser::open(&portal, (width, height)).await;
        b.log_in_to("content@kh.demo", PASSWORD, "/staff").await;
        b.goto("/staff/news").await;
        check(&b, &format!("news-desk-{width}")).await;
        b.goto("/staff/info").await;
        check(&b, &format!("info-desk-{width}")).await;
        let slug = format!("warranty-{width}");
        for (id, text) in [
            ("page-title", format!("Гарантія ({width})")),
            ("page-slug", slug.clone()),
            ("page-body", "Гарантія на вікна — **10 років**.".to_owned()),
        ] {
            b.labelled_input(id)
                .await
                .send_keys(&text)
                .await
                .expect("type");
        }
        submit(&b, "#page-form form[action='/staff/info']").await;
        eventually("the page saved", || async {
            b.path().await.contains("done=saved")
        })
        .await;
        assert!(
            text_of(&b, "article.prose").await.contains("10 років"),
            "the preview"
        );
        submit(&b, "#publish-form").await;
        eventually("published", || async {
            b.path().await.contains("done=published")
        })
        .await;
        check(&b, &format!("info-page-edit-{width}")).await;
        b.goto(&format!("/info/{slug}")).await;
        assert!(text_of(&b, "article.prose").await.contains("10 років"));
        check(&b, &format!("info-page-read-{width}")).await;
        b.close().await;

        let b = Browser::open(&portal, (width, height)).await;
        b.log_in_to("finance@kh.demo", PASSWORD, "/staff").await;
        b.goto("/staff/finance?all=1").await;
        check(&b, &format!("receivables-{width}")).await;
        b.c.find(Locator::Css("ul.recl-list a.recl-number"))
            .await
            .expect("a dealer")
            .click()
            .await
            .expect("open its statement");
        eventually("the statement", || async {
            b.path().await.starts_with("/staff/finance/")
        })
        .await;
        check(&b, &format!("staff-statement-{width}")).await;
        b.close().await;
    }
}
