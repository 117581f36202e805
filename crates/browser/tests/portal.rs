//! The dealer portal in a real browser: headless Chromium driven through
//! chromedriver (Debian's `chromium` and `chromium-driver`; `.ci/run`
//! installs them), at a phone's, a tablet's and a desktop's width.
//!
//! Each test starts the real server on SQLite with the small demo plant
//! (see `common::portal`; the storage itself is covered on SQLite and
//! PostgreSQL by the HTTP tests of `dealerdesk-web`), starts chromedriver,
//! and drives one Chromium at a time through the pages as a dealer's
//! administrator does: sign in, filter and search the orders, open one,
//! download the statement, switch the language. Every page is also checked
//! for the basics of accessibility (labelled controls, keyboard
//! navigation, status pill contrast) and for sideways scrolling.
//! Screenshots land in `target/browser-artifacts/<page>-<width>.png`.
//!
//! `DEALERDESK_SKIP_BROWSER=1` skips these tests; without it a missing
//! browser fails them.

mod common;
/// Every page at every width: no sideways scrolling, labelled controls,
/// readable pills, keyboard navigation.
#[path = "portal/every_page.rs"]
mod every_page;
/// The statement and its downloads.
#[path = "portal/statement.rs"]
mod statement;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;
use dealerdesk_app::finance::page::PAGE_LINES;
use fantoccini::Locator;
use fantoccini::key::Key;
use serde_json::Value;

/// A money amount as a page shows it ("−6 290,00 ₴", "1,234.50 ₴") in
/// minor units; `None` if it has no digits.
fn minor_from_page(text: &str) -> Option<i64> {
    let negative = text.contains('−') || text.trim_start().starts_with('-');
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return None;
    }
    // Every format the pages use has two decimals.
    let v: i64 = digits.parse().ok()?;
    Some(if negative { -v } else { v })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signs_in_and_lands_on_the_dashboard() {
    if !browser_wanted("signs_in_and_lands_on_the_dashboard") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;

        // A wrong password: the form says so and stays.
        b.goto("/login").await;
        b.screenshot("login").await;
        b.labelled_input("email")
            .await
            .send_keys(email)
            .await
            .expect("type");
        b.labelled_input("password")
            .await
            .send_keys("not-the-password")
            .await
            .expect("type");
        b.c.find(Locator::Css("form[action='/login'] button[type=submit]"))
            .await
            .expect("button")
            .click()
            .await
            .expect("click");
        b.wait_path("/login").await;
        // The path is /login before the answer arrives too: wait for it.
        eventually("the wrong password explained", || async {
            b.js("return document.querySelector('[role=alert]') !== null")
                .await
                .as_bool()
                .unwrap_or(false)
        })
        .await;
        let alert = b.text("[role=alert]").await;
        assert!(
            !alert.trim().is_empty(),
            "{w}px: a wrong password is explained"
        );

        // The right one, through the same form.
        b.log_in(email, password).await;
        let h1 = b.text("main h1").await;
        assert!(
            !h1.trim().is_empty(),
            "{w}px: the dashboard names the dealer"
        );
        let cards =
            b.c.find_all(Locator::Css("main .cards .card"))
                .await
                .expect("cards");
        assert_eq!(
            cards.len(),
            4,
            "{w}px: balance, orders, reclamations, messages"
        );
        let total = b.text("main .cards .card:nth-child(2) .big").await;
        assert!(
            total
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse::<u32>()
                .unwrap_or(0)
                > 10,
            "{w}px: the dealer has orders ({total})"
        );
        let pills =
            b.c.find_all(Locator::Css(".status-counts .pill"))
                .await
                .expect("pills");
        assert!(pills.len() >= 6, "{w}px: orders by status");
        let current = b.js("return document.querySelector('nav.sidebar a[aria-current=page]').getAttribute('href')").await;
        assert_eq!(current, "/", "{w}px: the menu marks the dashboard");
        b.screenshot("dashboard").await;

        // Phones and tablets: the menu is behind the button; desktops
        // show it beside the page.
        let sidebar_left = || async {
            b.js("return document.querySelector('nav.sidebar').getBoundingClientRect().left")
                .await
                .as_f64()
                .unwrap_or(f64::NAN)
        };
        if w < 900 {
            assert!(sidebar_left().await < 0.0, "{w}px: the menu starts closed");
            b.c.find(Locator::Css(".menu-button"))
                .await
                .expect("menu button")
                .click()
                .await
                .expect("open the menu");
            eventually("the menu to slide in", || async {
                sidebar_left().await >= 0.0
            })
            .await;
            b.screenshot("dashboard-menu").await;
        } else {
            assert!(sidebar_left().await >= 0.0, "{w}px: the menu is shown");
            let button_shown = b
                .js("return getComputedStyle(document.querySelector('.menu-button')).display")
                .await;
            assert_eq!(button_shown, "none", "{w}px: no menu button on a desktop");
        }
        b.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filters_searches_and_opens_an_order() {
    if !browser_wanted("filters_searches_and_opens_an_order") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;
        b.log_in(email, password).await;
        b.goto("/orders").await;
        let all_rows = b
            .js("return document.querySelectorAll('.order-list .order-item:not(.heading)').length")
            .await;
        let all_rows = all_rows.as_u64().unwrap_or(0);
        assert!(
            all_rows > 10,
            "{w}px: the dealer's orders are listed ({all_rows})"
        );
        b.screenshot("orders").await;

        // Filter by a status through the form: the status whose orders
        // are neither none nor all (in production if there are some).
        let options = b
            .js("return [...document.querySelectorAll('#status option')].filter(o => o.value).map(o => [o.value, o.textContent])")
            .await;
        let options: Vec<(String, String)> = options
            .as_array()
            .expect("status options")
            .iter()
            .map(|o| {
                (
                    o[0].as_str().unwrap_or("").to_owned(),
                    o[1].as_str().unwrap_or("").to_owned(),
                )
            })
            .collect();
        assert_eq!(
            options.len(),
            7,
            "{w}px: every status is offered: {options:?}"
        );
        let count = |label: &str| -> u64 {
            label
                .rsplit('(')
                .next()
                .unwrap_or("")
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0)
        };
        let (status, label) = options
            .iter()
            .filter(|(_, l)| count(l) > 0)
            .min_by_key(|(code, l)| (code != "in_production", count(l)))
            .cloned()
            .expect("a status with orders");
        let expected = count(&label);
        let select = b.labelled_input("status").await;
        select
            .select_by_value(&status)
            .await
            .expect("choose the status");
        b.c.find(Locator::Css("form.filters button[type=submit]"))
            .await
            .expect("the filter button")
            .click()
            .await
            .expect("filter");
        eventually("the filtered list", || async {
            b.path().await.contains(&format!("status={status}"))
        })
        .await;
        b.wait_path("/orders").await;
        let pills = b
            .js("return [...document.querySelectorAll('.order-list .order-item:not(.heading) .pill')].map(p => p.className)")
            .await;
        let pills = strings(&pills);
        assert!(!pills.is_empty(), "{w}px: orders in {status}");
        assert!(
            pills
                .iter()
                .all(|c| c.split_whitespace().any(|k| k == format!("st-{status}"))),
            "{w}px: only {status} orders after filtering: {pills:?}"
        );
        assert_eq!(
            pills.len() as u64,
            expected.min(50),
            "{w}px: as many rows as the filter's count says"
        );
        let chosen = b.js("return document.querySelector('#status').value").await;
        assert_eq!(chosen, status.as_str(), "{w}px: the filter stays chosen");
        b.screenshot("orders-filtered").await;

        // Search by an order number (of the filtered list), every status.
        let numbers = strings(&b.js("return [...document.querySelectorAll('.order-list a.order-number')].map(a => a.textContent.trim())").await);
        let number = numbers.last().cloned().expect("an order number");
        b.labelled_input("status")
            .await
            .select_by_value("")
            .await
            .expect("every status");
        let q = b.labelled_input("q").await;
        q.clear().await.expect("clear");
        q.send_keys(&number).await.expect("type the number");
        q.send_keys(&Key::Enter.to_string())
            .await
            .expect("submit with Enter");
        eventually("the search result", || async {
            b.path().await.contains("q=")
        })
        .await;
        b.wait_path("/orders").await;
        let found = strings(&b.js("return [...document.querySelectorAll('.order-list a.order-number')].map(a => a.textContent.trim())").await);
        assert!(
            found.contains(&number),
            "{w}px: searching {number} finds it: {found:?}"
        );
        assert!(
            found.len() < all_rows as usize && found.iter().all(|n| n.contains(&number)),
            "{w}px: searching {number} finds only matching orders: {found:?}"
        );
        b.screenshot("orders-search").await;

        // Open it by clicking its number.
        let link =
            b.c.find(Locator::XPath(&format!(
                "//ul[contains(@class,'order-list')]//a[normalize-space()='{number}']"
            )))
            .await
            .expect("the order's link");
        let href = link.attr("href").await.expect("href").expect("an href");
        link.click().await.expect("open the order");
        b.wait_path(&href).await;
        assert_eq!(
            b.text(".order-head h1").await,
            number,
            "{w}px: the order page's heading"
        );
        let head_pill = b.text(".order-head .pill").await;
        assert!(
            !head_pill.is_empty(),
            "{w}px: the order's status in the header"
        );
        let (accepted, total) = (
            b.text(".cards .card:nth-child(1) p").await,
            b.text(".cards .card:nth-child(4) p").await,
        );
        assert!(
            accepted.chars().any(|c| c.is_ascii_digit()),
            "{w}px: accepted date {accepted:?}"
        );
        assert!(
            minor_from_page(&total).is_some_and(|m| m > 0),
            "{w}px: the amount {total:?}"
        );
        let blocks = b
            .js(
                "return [...document.querySelectorAll('.constructions .construction')].map(c => ({
                    title: c.querySelector('h3').textContent.trim(),
                    pill: (c.querySelector('.pill') || {}).className || '',
                    facts: c.querySelectorAll('dl dt').length,
                    width: c.getBoundingClientRect().width}))",
            )
            .await;
        let blocks = blocks.as_array().cloned().unwrap_or_default();
        assert!(
            !blocks.is_empty(),
            "{w}px: the order has construction blocks"
        );
        let heading = b.text("section:has(.constructions) h2").await;
        assert!(
            heading.contains(&format!("({})", blocks.len())),
            "{w}px: {heading:?} counts {} blocks",
            blocks.len()
        );
        for c in &blocks {
            assert!(
                c["title"]
                    .as_str()
                    .is_some_and(|t| t.starts_with(|ch: char| ch.is_ascii_digit())),
                "{w}px: numbered block {c}"
            );
            assert!(
                c["pill"].as_str().is_some_and(|p| p.contains("st-")),
                "{w}px: block status {c}"
            );
            assert_eq!(
                c["facts"], 8,
                "{w}px: kind, size, profile, glass, colour, fittings, quantity, price: {c}"
            );
            assert!(
                c["width"].as_f64().unwrap_or(0.0) <= f64::from(w),
                "{w}px: block fits the screen {c}"
            );
        }
        let timeline =
            b.c.find_all(Locator::Css("ol.timeline li"))
                .await
                .expect("timeline");
        assert!(timeline.len() >= 5, "{w}px: the order's progress");
        b.screenshot("order").await;
        b.close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switches_the_language() {
    if !browser_wanted("switches_the_language") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    // The strings of crates/web/src/i18n.rs.
    let languages = [
        (
            "en",
            ["Dashboard", "Orders", "Finance", "Profile"],
            "Profile",
            "Language saved.",
            "Sign out",
            "Orders",
        ),
        (
            "uk",
            ["Головна", "Замовлення", "Фінанси", "Профіль"],
            "Профіль",
            "Мову збережено.",
            "Вийти",
            "Замовлення",
        ),
    ];
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;
        b.log_in(email, password).await;
        assert_eq!(
            b.lang().await,
            "uk",
            "{w}px: demo dealers start in Ukrainian"
        );
        for (lang, menu, title, saved, logout, orders) in &languages {
            b.goto("/profile").await;
            let select = b.labelled_input("language").await;
            select
                .select_by_value(lang)
                .await
                .expect("choose the language");
            b.c.find(Locator::Css(
                "form[action='/profile/language'] button[type=submit]",
            ))
            .await
            .expect("the save button")
            .click()
            .await
            .expect("save");
            eventually("the language to be saved", || async {
                b.path().await.contains("done=language")
            })
            .await;
            b.wait_path("/profile").await;
            assert_eq!(b.lang().await, *lang, "{w}px: <html lang>");
            for (href, label) in ["/", "/orders", "/finance", "/profile"]
                .into_iter()
                .zip(menu)
            {
                assert_eq!(
                    b.menu_label(href).await,
                    *label,
                    "{w}px: the menu in {lang}"
                );
            }
            assert_eq!(
                b.text("main h1").await,
                *title,
                "{w}px: the heading in {lang}"
            );
            assert_eq!(
                b.text("[role=status]").await,
                *saved,
                "{w}px: the notice in {lang}"
            );
            let button = b
                .js("return document.querySelector('form.logout button').textContent.trim()")
                .await;
            assert_eq!(button, *logout, "{w}px: sign out in {lang}");
            let selected = b
                .js("return document.querySelector('#language').value")
                .await;
            assert_eq!(selected, *lang, "{w}px: the choice is kept");
            b.screenshot(&format!("profile-{lang}")).await;
            // Other pages follow.
            b.goto("/orders").await;
            assert_eq!(b.lang().await, *lang, "{w}px: /orders in {lang}");
            assert_eq!(
                b.text("main h1").await,
                *orders,
                "{w}px: /orders heading in {lang}"
            );
        }
        b.close().await;
    }
}
