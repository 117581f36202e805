//! The checks every page of the portal must pass at every width: no
//! sideways scrolling, every control labelled, status pills readable, and
//! the keyboard reaching every link and control in a sensible order.

use super::*;

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
