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

/// "6290.00" / "-12.50" (the CSV's numbers) in minor units.
fn minor_from_decimal(text: &str) -> Option<i64> {
    let t = text.trim();
    let negative = t.starts_with('-');
    let (whole, frac) = t.trim_start_matches('-').split_once('.')?;
    let v = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
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
async fn downloads_the_statement() {
    if !browser_wanted("downloads_the_statement") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;
        b.log_in(email, password).await;
        // Through the menu, opened with its button on phones and tablets.
        if w < 900 {
            b.c.find(Locator::Css(".menu-button"))
                .await
                .expect("menu button")
                .click()
                .await
                .expect("open the menu");
            eventually("the menu to slide in", || async {
                b.js("return document.querySelector('nav.sidebar').getBoundingClientRect().left")
                    .await
                    .as_f64()
                    .unwrap_or(-1.0)
                    >= 0.0
            })
            .await;
        }
        b.c.find(Locator::Css("nav.sidebar a[href='/finance']"))
            .await
            .expect("the finance menu entry")
            .click()
            .await
            .expect("go to finance");
        b.wait_path("/finance").await;
        let whole = minor_from_page(&b.text("#closing").await).expect("closing balance");
        // The last two weeks through the period form, so the statement
        // opens with a balance: the date pickers take ISO dates whatever
        // the browser's locale.
        let from = b
            .js("const d = new Date(document.querySelector('#to').value); d.setDate(d.getDate() - 14); \
                 const from = d.toISOString().slice(0, 10); document.querySelector('#from').value = from; return from")
            .await;
        let from = from.as_str().expect("a start date").to_owned();
        b.labelled_input("from").await;
        b.c.find(Locator::Css("form.period button[type=submit]"))
            .await
            .expect("the period's button")
            .click()
            .await
            .expect("show the period");
        eventually("the period", || async {
            b.path().await.contains(&format!("from={from}"))
        })
        .await;
        b.wait_path("/finance").await;
        let opening = minor_from_page(&b.text("#opening").await).expect("opening balance");
        assert_ne!(opening, 0, "{w}px: the dealer owed something on {from}");
        assert_eq!(
            minor_from_page(&b.text("#closing").await),
            Some(whole),
            "{w}px: the period ends today, as the default one"
        );
        let closing = minor_from_page(&b.text("#closing").await).expect("closing balance");
        // The page shows the first lines; the files carry them all.
        let on_page = b.js("return document.querySelectorAll('table.statement:not(.settlement) tbody tr:not(.edge)').length").await;
        let on_page = on_page.as_u64().unwrap_or(0);
        let entries = b.js("const e = document.querySelector('#lines-shown'); return e ? Number(e.dataset.total) : 0").await;
        let entries = entries.as_u64().unwrap_or(0);
        assert!(entries > 0, "{w}px: the period has entries");
        assert_eq!(
            on_page,
            entries.min(PAGE_LINES as u64),
            "{w}px: a page of the statement"
        );
        let links = b
            .js("return [...document.querySelectorAll('.downloads a')].map(a => [a.textContent.trim(), a.getAttribute('href'), a.hasAttribute('download')])")
            .await;
        let links = links.as_array().cloned().unwrap_or_default();
        let link = |kind: &str| -> String {
            links
                .iter()
                .find(|l| l[0] == kind)
                .filter(|l| l[2] == true)
                .and_then(|l| l[1].as_str())
                .map(str::to_owned)
                .unwrap_or_else(|| panic!("{w}px: a {kind} download link: {links:?}"))
        };
        let (csv_href, xlsx_href) = (link("CSV"), link("XLSX"));
        assert!(
            csv_href.starts_with("/finance/statement.csv?from="),
            "{csv_href}"
        );
        assert!(
            xlsx_href.starts_with("/finance/statement.xlsx?from="),
            "{xlsx_href}"
        );
        b.screenshot("finance").await;

        // Download both as the browser would (its session cookie, the
        // links' own addresses) and read them.
        let got = fetch(&b, "CSV").await;
        assert_eq!(got["status"], 200, "{w}px: {got}");
        assert!(
            got["type"]
                .as_str()
                .is_some_and(|t| t.starts_with("text/csv")),
            "{got}"
        );
        assert!(
            got["disposition"]
                .as_str()
                .is_some_and(|d| d.contains("attachment") && d.contains(".csv")),
            "{got}"
        );
        let body = got["text"]
            .as_str()
            .expect("csv text")
            .trim_start_matches('\u{feff}')
            .to_owned();
        let mut rdr = csv::Reader::from_reader(body.as_bytes());
        let records: Vec<csv::StringRecord> = rdr
            .records()
            .collect::<Result<_, _>>()
            .expect("the CSV parses");
        assert_eq!(
            records.len() as u64,
            entries + 2,
            "{w}px: opening, {entries} entries, closing"
        );
        let balance = |r: &csv::StringRecord| r.get(6).and_then(minor_from_decimal);
        assert_eq!(
            records.first().and_then(balance),
            Some(opening),
            "{w}px: the CSV opens with the page's opening balance"
        );
        assert_eq!(
            records.last().and_then(balance),
            Some(closing),
            "{w}px: the CSV closes with the page's closing balance"
        );

        let got = fetch(&b, "XLSX").await;
        assert_eq!(got["status"], 200, "{w}px: {got}");
        assert!(
            got["type"]
                .as_str()
                .is_some_and(|t| t.contains("spreadsheetml")),
            "{got}"
        );
        let bytes = base64_decode(got["base64"].as_str().expect("xlsx bytes"));
        let mut wb: Xlsx<_> =
            open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("the XLSX opens");
        let first = wb.sheet_names().first().cloned().expect("a sheet");
        let sheet = wb.worksheet_range(&first).expect("the statement sheet");
        let last_balance = sheet
            .rows()
            .filter_map(|r| match r.get(6) {
                Some(Data::Float(f)) => Some(*f),
                Some(Data::Int(i)) => Some(*i as f64),
                _ => None,
            })
            .next_back();
        assert_eq!(
            last_balance.map(|f| (f * 100.0).round() as i64),
            Some(closing),
            "{w}px: the XLSX closes with the page's closing balance"
        );

        // The settlement by order of the same period, one link away.
        b.c.find(Locator::Css("#to-settlement"))
            .await
            .expect("the settlement link")
            .click()
            .await
            .expect("open the settlement");
        b.wait_path("/finance/orders").await;
        assert!(
            b.path().await.contains(&format!("from={from}")),
            "{w}px: the settlement keeps the period"
        );
        let rows = b
            .js("return document.querySelectorAll('table.settlement tbody tr:not(.edge)').length")
            .await
            .as_u64()
            .unwrap_or(0);
        assert!(rows > 0, "{w}px: the period's orders are listed");
        b.screenshot("finance-orders").await;
        b.close().await;
    }
}

/// Fetches the page's download link named `kind` from inside the page.
async fn fetch(b: &Browser, kind: &str) -> Value {
    b.c.execute_async(
        r#"
const [kind, done] = arguments;
const a = [...document.querySelectorAll('.downloads a')].find(a => a.textContent.trim() === kind);
fetch(a.href, {credentials: 'same-origin'}).then(async r => {
  const out = {status: r.status, type: r.headers.get('content-type'), disposition: r.headers.get('content-disposition')};
  if (kind === 'CSV') {
    out.text = await r.text();
  } else {
    const bytes = new Uint8Array(await r.arrayBuffer());
    let s = '';
    for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    out.base64 = btoa(s);
  }
  done(out);
}).catch(e => done({error: String(e)}));
"#,
        vec![Value::String(kind.to_owned())],
    )
    .await
    .unwrap_or_else(|e| panic!("download {kind}: {e}"))
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

/// Every page of the dealer portal the checks visit: (name for the
/// report, path); the order is the newest in the list.
async fn pages(b: &Browser) -> Vec<(&'static str, String)> {
    b.goto("/orders").await;
    let order = b
        .js("return document.querySelector('.order-list a.order-number').getAttribute('href')")
        .await
        .as_str()
        .expect("an order link")
        .to_owned();
    vec![
        ("dashboard", "/".to_owned()),
        ("orders", "/orders".to_owned()),
        ("order", order),
        ("finance", "/finance".to_owned()),
        ("finance-orders", "/finance/orders".to_owned()),
        ("news", "/news".to_owned()),
        ("info", "/info".to_owned()),
        ("schedule", "/info/schedule".to_owned()),
        ("contacts", "/info/contacts".to_owned()),
        ("reference-page", "/info/colours".to_owned()),
        ("company", "/company".to_owned()),
        ("profile", "/profile".to_owned()),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways() {
    if !browser_wanted("no_page_scrolls_sideways") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    let mut problems = Problems::default();
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        b.goto("/login").await;
        b.check_no_overflow("login", &mut problems).await;
        b.log_in(email, password).await;
        for (name, path) in pages(&b).await {
            b.goto(&path).await;
            b.check_no_overflow(name, &mut problems).await;
        }
        b.close().await;
    }
    problems.assert_none("no_page_scrolls_sideways");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn controls_are_labelled_and_pills_readable() {
    if !browser_wanted("controls_are_labelled_and_pills_readable") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    let mut problems = Problems::default();
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;
        b.goto("/login").await;
        b.check_labels("login", &mut problems).await;
        b.log_in(email, password).await;
        let mut pills = 0;
        let mut visited = pages(&b).await;
        visited.push(("orders-filtered", "/orders?status=delivered".to_owned()));
        for (name, path) in visited {
            b.goto(&path).await;
            b.check_labels(name, &mut problems).await;
            pills += b.check_pill_contrast(name, &mut problems).await;
        }
        assert!(pills > 20, "{w}px: status pills were measured ({pills})");
        b.close().await;
    }
    problems.assert_none("controls_are_labelled_and_pills_readable");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_navigation() {
    if !browser_wanted("keyboard_navigation") {
        return;
    }
    let portal = portal().await;
    let (email, password) = credentials(&portal);
    let mut problems = Problems::default();
    for screen in SCREENS {
        let b = Browser::open(&portal, screen).await;
        let w = b.width;
        b.log_in(email, password).await;

        // Tab from the top of /orders reaches the search field, then the
        // first order; every stop on the way is where the eye can see it.
        b.goto("/orders").await;
        let first_order = b
            .js("return document.querySelector('.order-list a.order-number').getAttribute('href')")
            .await;
        let stops = b.tab_through(120).await;
        let at = |pred: &dyn Fn(&Value) -> bool| stops.iter().position(pred);
        let search = at(&|f| f["id"] == "q");
        let order = at(&|f| f["tag"] == "a" && f["href"] == first_order);
        match (search, order) {
            (Some(s), Some(o)) => assert!(s < o, "{w}px: the search field comes before the list"),
            _ => problems.add(
                "orders",
                w,
                format!("Tab does not reach the search field ({search:?}) and the first order ({order:?}): {stops:?}"),
            ),
        }
        let hidden: Vec<String> = stops
            .iter()
            .take(order.map_or(stops.len(), |o| o + 1))
            .filter(|f| f["tag"] != "body" && f["on_screen"] != true)
            .map(|f| {
                format!(
                    "{} {:?}",
                    f["tag"].as_str().unwrap_or(""),
                    f["text"].as_str().unwrap_or("")
                )
            })
            .collect();
        if !hidden.is_empty() {
            problems.add(
                "orders",
                w,
                format!(
                    "{} Tab stops are not on screen (focus invisible): {}",
                    hidden.len(),
                    hidden.join(", ")
                ),
            );
        }
        // Enter on the focused first order opens it (this is also what
        // shows that the key presses below reach the page).
        if let Some(o) = order {
            b.tab_through(o + 1).await;
            b.press(Key::Enter).await;
            b.wait_path(first_order.as_str().unwrap_or("/orders/"))
                .await;
            b.goto("/orders").await;
        }
        // The search form works from the keyboard: type, Enter.
        b.tab_through(search.map_or(0, |s| s + 1)).await;
        let focused = b.js(FOCUS_JS).await;
        if focused["id"] == "q" {
            b.c.active_element()
                .await
                .expect("focus")
                .send_keys(&format!("zzz-nothing{}", Key::Enter))
                .await
                .expect("type");
            eventually("the search", || async {
                b.path().await.contains("q=zzz-nothing")
            })
            .await;
            b.wait_path("/orders").await;
            let rows = b
                .js("return document.querySelectorAll('.order-list .order-item').length")
                .await;
            assert_eq!(rows, 0, "{w}px: nothing matches");
        }

        // Phones and tablets: the menu button opens the menu from the
        // keyboard too (Enter or Space, as for any button).
        if w < 900 {
            b.goto("/orders").await;
            let stops = b.tab_through(120).await;
            match stops.iter().position(|f| {
                f["class"]
                    .as_str()
                    .is_some_and(|c| c.contains("menu-button"))
            }) {
                None => problems.add("orders", w, "Tab does not reach the menu button (☰)".into()),
                Some(i) => {
                    b.tab_through(i + 1).await;
                    let focused = b.js(FOCUS_JS).await;
                    assert!(
                        focused["class"]
                            .as_str()
                            .is_some_and(|c| c.contains("menu-button")),
                        "{w}px: the menu button has the focus: {focused}"
                    );
                    let open = || async {
                        b.js("return document.querySelector('nav.sidebar').getBoundingClientRect().left").await.as_f64().unwrap_or(-1.0) >= 0.0
                    };
                    let mut opened = false;
                    for key in [Key::Enter, Key::Space] {
                        b.press(key).await;
                        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                        if open().await {
                            opened = true;
                            break;
                        }
                    }
                    if !opened {
                        problems.add("orders", w, "the focused menu button (☰) does not open the menu with Enter or Space".into());
                    }
                }
            }
        }
        b.close().await;
    }
    problems.assert_none("keyboard_navigation");
}
