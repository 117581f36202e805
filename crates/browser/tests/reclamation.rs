//! The loop between a dealer and the plant in a real browser (issue 5): the
//! dealer files a reclamation with a photo from an order's page, the
//! plant's specialist decides it, and the decision arrives on the dealer's
//! open page without a reload (Server-Sent Events → a toast and the menu's
//! unread badge). At a desktop's and a phone's width; screenshots land in
//! `target/browser-artifacts/`.

mod common;

use common::*;
use dealerdesk_domain::Role;
use fantoccini::Locator;

/// A 1×1 PNG.
const PNG: &[u8] = dealerdesk_testkit::fixtures::PNG;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dealer_files_a_reclamation_and_sees_the_decision_arrive() {
    if !browser_wanted("a_dealer_files_a_reclamation_and_sees_the_decision_arrive") {
        return;
    }
    let portal = portal().await;
    portal.app.run_notifications();
    let (email, password) = credentials(&portal);
    // The specialist of the dealer's factory, from the demo's logins.
    let dealer_user = portal
        .app
        .app
        .login(email, password, &dealerdesk_app::auth::Origin::default())
        .await
        .expect("the demo dealer logs in")
        .user;
    let factory = portal
        .app
        .app
        .factory(dealer_user.factory_id.expect("a dealer's factory"))
        .await
        .expect("factory");
    let specialist = format!("reclamations@{}.demo", factory.code.to_lowercase());
    let photo = artifacts_dir().join("crack.png");
    std::fs::write(&photo, PNG).expect("write the photo");
    // chromedriver wants a path without `..` in it.
    let photo = photo.canonicalize().expect("the photo's path");

    for (width, height) in [(1440, 900), (360, 800)] {
        let b = Browser::open(&portal, (width, height)).await;
        b.log_in(email, password).await;
        // An order of the dealer: the first in its list.
        b.goto("/orders").await;
        let link =
            b.c.find(Locator::Css("ul.order-list a.order-number"))
                .await
                .expect("an order");
        let order = link.attr("href").await.expect("href").expect("an href");
        b.goto(&format!("{order}/reclamation")).await;
        assert!(
            b.path().await.ends_with("/reclamation"),
            "{width}px: the filing form"
        );
        // Every control of the form is labelled; nothing scrolls sideways.
        let mut problems = Problems::default();
        b.check_labels("reclamation-new", &mut problems).await;
        b.check_no_overflow("reclamation-new", &mut problems).await;
        problems.assert_none("the filing form");
        let first =
            b.c.find(Locator::Css("input[name=constructions]"))
                .await
                .expect("a construction");
        let checked = first.prop("checked").await.ok().flatten();
        if checked.as_deref() != Some("true") {
            first.click().await.expect("choose the construction");
        }
        b.c.find(Locator::Css("select#category"))
            .await
            .expect("categories")
            .select_by_value("glass")
            .await
            .expect("choose glass");
        b.c.find(Locator::Css("textarea#description"))
            .await
            .expect("description")
            .send_keys("Тріщина склопакета в правій стулці")
            .await
            .expect("type");
        b.c.find(Locator::Css("input#photos"))
            .await
            .expect("the photo input")
            .send_keys(photo.to_str().expect("a path"))
            .await
            .expect("attach the photo");
        b.screenshot("reclamation-form").await;
        b.c.find(Locator::Css(
            "form[enctype='multipart/form-data'] button[type=submit]",
        ))
        .await
        .expect("submit")
        .click()
        .await
        .expect("file it");
        eventually("the reclamation's page", || async {
            b.path().await.starts_with("/reclamations/")
        })
        .await;
        let path = b.path().await;
        let number = path
            .trim_start_matches("/reclamations/")
            .split('?')
            .next()
            .expect("number")
            .to_owned();
        assert!(number.contains("-R-"), "{width}px: {path}");
        assert!(
            !b.text(".notice").await.is_empty(),
            "{width}px: filed, and the page says so"
        );
        // The photo shows, through the authorised route.
        let loaded = b
            .js("const i = document.querySelector('.photo-grid img'); return i && i.complete && i.naturalWidth")
            .await;
        assert_eq!(loaded.as_u64(), Some(1), "{width}px: the photo is shown");
        let mut problems = Problems::default();
        b.check_no_overflow("reclamation", &mut problems).await;
        problems.assert_none("the reclamation's page");
        // Give the page's live stream a moment to connect, then the
        // specialist decides (over HTTP, as the plant's browser would).
        eventually("the live stream's first message", || async {
            b.js("return document.body.getAttribute('data-unread') !== null")
                .await
                .as_bool()
                == Some(true)
        })
        .await;
        let s = portal
            .app
            .app
            .login(
                &specialist,
                PASSWORD,
                &dealerdesk_app::auth::Origin::default(),
            )
            .await
            .expect("the specialist logs in");
        assert_eq!(s.user.role, Role::ReclamationSpecialist);
        for fields in [
            vec![("to", "in_review")],
            vec![("to", "decided"), ("decision", "repair")],
        ] {
            let mut form = vec![("_csrf", s.csrf_token.as_str())];
            form.extend(fields);
            let r = portal
                .app
                .http
                .post(portal.app.url(&format!("/reclamations/{number}/status")))
                .header("cookie", format!("dd_session={}", s.token))
                .form(&form)
                .send()
                .await
                .expect("decide");
            assert_eq!(r.status().as_u16(), 303, "{width}px: the specialist's move");
        }
        // The decision arrives on the open page: a toast naming it, and the
        // unread badge in the menu.
        eventually("the decision's toast", || async {
            b.js("return [...document.querySelectorAll('.toast')].some(t => t.textContent.includes(arguments[0]) && t.textContent.includes('Ремонт'))"
                .replace("arguments[0]", &format!("'{number}'"))
                .as_str())
            .await
            .as_bool()
                == Some(true)
        })
        .await;
        let unread = b
            .js("return document.body.getAttribute('data-unread')")
            .await;
        assert!(
            unread.as_str().and_then(|n| n.parse::<i64>().ok()) >= Some(1),
            "{width}px: the badge counts it: {unread:?}"
        );
        b.screenshot("reclamation-decided").await;
        // Reloaded, the page shows the decision itself.
        b.goto(&path).await;
        assert!(
            b.text("#decision").await.contains("Ремонт"),
            "{width}px: the decision on the page"
        );
        b.close().await;
    }
}
