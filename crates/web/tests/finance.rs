//! The statement of account: opening balance, entries with the running
//! balance (voided ones listed, not counted; corrected ones moved), closing
//! balance, per-order settlement and the chart — and the same numbers in the
//! page, the CSV, the XLSX and `/api/v1/statement`, on both databases.

mod common;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use common::*;
use dealerdesk_app::finance::page::PAGE_LINES;
use dealerdesk_app::finance::settlement::PAGE_ORDERS;
use dealerdesk_testkit::fixtures::{plant, who};
use dealerdesk_testkit::{TestApp, both_backends_app};
use reqwest::StatusCode;
use serde_json::{Value, json};

fn entry(id: &str, kind: &str, amount: i64, day: &str, order: Option<&str>, version: i64) -> Value {
    json!({"event_id": format!("{id}-v{version}"), "type": "ledger.entry_posted", "occurred_at": "2026-11-20T08:00:00Z", "version": version,
        "data": {"entry_id": id, "dealer_code": "KH-D1", "kind": kind, "amount_minor": amount, "currency": "UAH", "posted_on": day,
            "order_number": order, "description": format!("{kind} {id}")}})
}

/// KH-D1's account: the fixture's charge of 2,500.00 on 2026-06-01, an
/// opening balance, a year of entries, one voided, one corrected to another
/// day and amount. Returns nothing: the tests compute what they expect.
async fn accounts(app: &TestApp) -> String {
    plant(&app.app).await;
    let acc = app
        .app
        .add_source("KH", "accounting")
        .await
        .expect("source")
        .key;
    let events = vec![
        json!({"event_id": "ob", "type": "ledger.opening_balance", "occurred_at": "2026-01-01T00:00:00Z", "version": 1,
            "data": {"dealer_code": "KH-D1", "as_of": "2026-01-01", "amount_minor": 100_000, "currency": "UAH"}}),
        entry("C-1", "charge", 500_000, "2026-10-05", Some("KH-1"), 1),
        entry("P-1", "payment", 200_000, "2026-10-10", Some("KH-1"), 1),
        entry(
            "D-1",
            "delivery_charge",
            15_000,
            "2026-11-03",
            Some("KH-1"),
            1,
        ),
        entry("K-1", "compensation", 5_000, "2026-11-04", Some("KH-1"), 1),
        entry("R-1", "refund", 1_000, "2026-11-05", Some("KH-1"), 1),
        entry("A-1", "adjustment", -2_000, "2026-11-06", None, 1),
        entry("P-2", "payment", 70_000, "2026-11-07", None, 1),
        json!({"event_id": "void-P-2", "type": "ledger.entry_voided", "occurred_at": "2026-11-20T09:00:00Z", "version": 2,
            "data": {"entry_id": "P-2", "reason": "posted twice"}}),
        // Posted on 2026-09-30 for 40,000, corrected to 2026-11-08 for 30,000.
        entry("P-3", "payment", 40_000, "2026-09-30", None, 1),
        entry("P-3", "payment", 30_000, "2026-11-08", None, 2),
    ];
    app.sync(&acc, events).await;
    acc
}

/// 260 more entries for KH-D1 from 2026-10-01, seven a day (so pages start
/// and end inside a day), a few voided and a few corrected to a later day.
async fn busy_month(app: &TestApp, acc: &str) {
    let kinds = [
        "charge",
        "payment",
        "adjustment",
        "delivery_charge",
        "payment",
        "refund",
        "compensation",
    ];
    let mut events = Vec::new();
    let day = |n: i64| {
        jiff::civil::date(2026, 10, 1)
            .checked_add(jiff::Span::new().days(n))
            .expect("day")
            .to_string()
    };
    for i in 0..260i64 {
        let id = format!("B-{i}");
        let kind = kinds[(i % 7) as usize];
        let amount = if kind == "adjustment" && i % 2 == 0 {
            -(300 + i)
        } else {
            1_000 + i * 37
        };
        let order = (i % 5 == 0).then_some("KH-1");
        events.push(entry(&id, kind, amount, &day(i / 7), order, 1));
        if i % 17 == 0 {
            events.push(json!({"event_id": format!("void-{id}"), "type": "ledger.entry_voided", "occurred_at": "2026-11-20T09:00:00Z",
                "version": 2, "data": {"entry_id": id, "reason": "a mistake"}}));
        } else if i % 23 == 0 {
            events.push(entry(&id, kind, amount + 5, &day(i / 7 + 3), order, 2));
        }
    }
    app.sync(acc, events).await;
}

/// The text of every element that starts with `marker`, in page order.
fn cells(html: &str, marker: &str) -> Vec<String> {
    html.match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &html[i..];
            let start = rest.find('>')? + 1;
            let end = rest[start..].find('<')? + start;
            Some(rest[start..end].to_owned())
        })
        .collect()
}

/// The `href` of the link carrying `marker` (or `rel="marker"`).
fn link(html: &str, marker: &str) -> Option<String> {
    let marker = if marker.contains('=') {
        marker.to_owned()
    } else {
        format!("rel=\"{marker}\"")
    };
    let at = html.find(&marker)?;
    let open = html[..at].rfind("href=\"")? + 6;
    let close = html[open..].find('"')? + open;
    Some(html[open..close].replace("&#38;", "&"))
}

async fn get(app: &TestApp, s: &Session, path: &str) -> reqwest::Response {
    app.http
        .get(app.url(path))
        .header("cookie", cookie(s))
        .send()
        .await
        .expect("get")
}

async fn json_of(app: &TestApp, s: &Session, path: &str) -> Value {
    let r = get(app, s, path).await;
    assert_eq!(r.status(), StatusCode::OK, "{path}");
    r.json().await.expect("json")
}

/// Excel's serial day number of a `YYYY-MM-DD` date.
fn serial(ymd: &str) -> f64 {
    let d: jiff::civil::Date = ymd.parse().expect("date");
    let base = jiff::civil::date(1899, 12, 30);
    f64::from(base.until(d).expect("span").get_days())
}

fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

both_backends_app! {
    async fn the_statement_adds_up(app) {
        accounts(&app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let st = json_of(&app, &s, "/api/v1/statement?from=2026-10-06&to=2026-11-30").await;
        // Before the period: opening 1,000.00 + fixture charge 2,500.00 +
        // C-1 5,000.00. P-3's first version (2026-09-30) no longer counts.
        assert_eq!(st["opening_minor"], 850_000, "{st}");
        let rows: Vec<(String, i64, bool, i64)> = st["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .map(|e| (
                e["entry_id"].as_str().expect("id").to_owned(),
                e["effect_minor"].as_i64().expect("effect"),
                e["voided"].as_bool().expect("voided"),
                e["running_minor"].as_i64().expect("running"),
            ))
            .collect();
        let expected = [
            ("P-1", -200_000, false, 650_000),
            ("D-1", 15_000, false, 665_000),
            ("K-1", -5_000, false, 660_000),
            ("R-1", 1_000, false, 661_000),
            ("A-1", -2_000, false, 659_000),
            ("P-2", 0, true, 659_000),
            ("P-3", -30_000, false, 629_000),
        ];
        assert_eq!(
            rows,
            expected.iter().map(|(i, e, v, r)| ((*i).to_owned(), *e, *v, *r)).collect::<Vec<_>>()
        );
        assert_eq!(st["closing_minor"], 629_000);
        assert_eq!(st["debit_minor"], 16_000);
        assert_eq!(st["credit_minor"], 237_000);
        assert_eq!(st["entries"][5]["void_reason"], "posted twice");
        // Per order: KH-1's entries in the period.
        assert_eq!(
            st["orders"],
            json!([{"order_number": "KH-1", "charged_minor": 15_000, "paid_minor": 199_000, "compensated_minor": 5_000,
                "net_minor": -189_000, "outstanding_now_minor": 1_000_000 + 15_000 - 199_000 - 5_000}])
        );

        // Up to today the closing balance is the dealer's balance.
        let me = json_of(&app, &s, "/api/v1/me").await;
        let all = json_of(&app, &s, "/api/v1/statement?from=2026-01-01").await;
        assert_eq!(all["opening_minor"], 100_000);
        assert_eq!(all["closing_minor"], me["dealer"]["balance_minor"], "{me}");
        assert_eq!(all["closing_minor"], 629_000);

        // The per-day table the opening balance comes from matches the entries.
        let mut c = app.app.store.read().await.expect("conn");
        let daily: Vec<(String, i64)> = sqlx::query_as(
            "SELECT day, CAST(delta AS BIGINT) FROM ledger_daily d JOIN dealers x ON x.id = d.dealer_id WHERE x.code = 'KH-D1' AND delta <> 0 ORDER BY day",
        )
        .fetch_all(&mut *c)
        .await
        .expect("daily");
        assert_eq!(
            daily,
            vec![
                ("2026-06-01".to_owned(), 250_000),
                ("2026-10-05".to_owned(), 500_000),
                ("2026-10-10".to_owned(), -200_000),
                ("2026-11-03".to_owned(), 15_000),
                ("2026-11-04".to_owned(), -5_000),
                ("2026-11-05".to_owned(), 1_000),
                ("2026-11-06".to_owned(), -2_000),
                ("2026-11-08".to_owned(), -30_000),
            ]
        );
    }

    async fn files_carry_the_page_numbers(app) {
        accounts(&app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let period = "from=2026-10-06&to=2026-11-30";
        let st = json_of(&app, &s, &format!("/api/v1/statement?{period}")).await;
        let entries = st["entries"].as_array().expect("entries").clone();

        // The page: every running balance, opening and closing, voided marked.
        let r = get(&app, &s, &format!("/finance?{period}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let html = r.text().await.expect("html");
        for (label, minor) in [("opening", 850_000), ("closing", 629_000)] {
            assert!(html.contains(&format!("id=\"{label}\">{}", money_ru(minor))), "{label}");
        }
        for e in &entries {
            assert!(html.contains(&money_ru(e["running_minor"].as_i64().expect("r"))));
        }
        assert!(html.contains("class=\"voided\"") && html.contains("<del>700,00"), "voided entry struck");
        assert!(html.contains("<svg class=\"chart\""));
        assert!(html.contains("href=\"/orders/KH/KH-1\""));
        assert!(html.contains("href=\"/finance/statement.csv?from=2026-10-06&#38;to=2026-11-30\""));

        // CSV: a header, the opening row, one row per entry, the closing row.
        let r = get(&app, &s, &format!("/finance/statement.csv?{period}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(r.headers()["content-type"].to_str().expect("ct").starts_with("text/csv"));
        assert!(r.headers()["content-disposition"].to_str().expect("cd").contains("statement-KH-D1-2026-10-06-2026-11-30.csv"));
        let body = r.text().await.expect("csv");
        let body = body.trim_start_matches('\u{feff}');
        let mut rdr = csv::Reader::from_reader(body.as_bytes());
        let records: Vec<csv::StringRecord> = rdr.records().collect::<Result<_, _>>().expect("records");
        assert_eq!(records.len(), entries.len() + 2);
        assert_eq!(&records[0][6], "8500.00");
        for (rec, e) in records[1..].iter().zip(&entries) {
            assert_eq!(&rec[0], e["posted_on"].as_str().expect("d"));
            assert_eq!(&rec[6], decimal(e["running_minor"].as_i64().expect("r")));
            let effect = e["effect_minor"].as_i64().expect("e");
            let (debit, credit) = (
                if effect > 0 { decimal(effect) } else { String::new() },
                if effect < 0 { decimal(-effect) } else { String::new() },
            );
            assert_eq!((&rec[4], &rec[5]), (debit.as_str(), credit.as_str()));
            if e["voided"] == true {
                assert_eq!(&rec[7], "700.00");
                assert_eq!(&rec[8], "posted twice");
            }
        }
        let last = records.last().expect("closing");
        assert_eq!((&last[4], &last[5], &last[6]), ("160.00", "2370.00", "6290.00"));

        // XLSX: date cells and number cells, the same values.
        let r = get(&app, &s, &format!("/finance/statement.xlsx?{period}")).await;
        assert_eq!(r.status(), StatusCode::OK);
        let bytes = r.bytes().await.expect("xlsx").to_vec();
        let mut wb: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).expect("a workbook");
        let names = wb.sheet_names();
        assert_eq!(names.len(), 2, "{names:?}");
        let sheet = wb.worksheet_range(&names[0]).expect("sheet");
        let first_row = 4; // title, period, blank, header
        let num = |r: usize, c: usize| match sheet.get((r, c)) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        };
        let date = |r: usize| match sheet.get((r, 0)) {
            Some(Data::DateTime(d)) => Some(d.as_f64()),
            other => panic!("row {r}: not a date cell: {other:?}"),
        };
        assert_eq!(num(first_row, 6), Some(8500.0));
        assert_eq!(date(first_row), Some(serial("2026-10-06")));
        for (i, e) in entries.iter().enumerate() {
            let r = first_row + 1 + i;
            assert_eq!(date(r), Some(serial(e["posted_on"].as_str().expect("d"))));
            assert_eq!(num(r, 6), Some(e["running_minor"].as_i64().expect("r") as f64 / 100.0), "row {r}");
        }
        let close = first_row + 1 + entries.len();
        assert_eq!((num(close, 4), num(close, 5), num(close, 6)), (Some(160.0), Some(2370.0), Some(6290.0)));
        let by_order = wb.worksheet_range(&names[1]).expect("orders sheet");
        assert_eq!(by_order.get((1, 0)), Some(&Data::String("KH-1".into())));
        assert_eq!(by_order.get((1, 5)), Some(&Data::Float(8110.0)));
    }

    async fn the_pages_walk_the_whole_statement(app) {
        let acc = accounts(&app).await;
        busy_month(&app, &acc).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let period = "from=2026-10-02&to=2026-11-30";
        let st = json_of(&app, &s, &format!("/api/v1/statement?{period}")).await;
        let entries = st["entries"].as_array().expect("entries");
        let want: Vec<String> = entries
            .iter()
            .map(|e| money_ru(e["running_minor"].as_i64().expect("running")))
            .collect();
        assert!(want.len() > 250, "{}", want.len());

        // Forwards, following "next": every line once, with the running
        // balance of the whole statement; totals on every page.
        let (mut got, mut pages) = (Vec::new(), Vec::new());
        let mut path = Some(format!("/finance?{period}"));
        while let Some(p) = path {
            let r = get(&app, &s, &p).await;
            assert_eq!(r.status(), StatusCode::OK, "{p}");
            let html = r.text().await.expect("html");
            let running = cells(&html, "class=\"num running\"");
            assert!(running.len() <= PAGE_LINES, "{p}: {} lines", running.len());
            assert!(html.contains(&format!("id=\"closing\">{}", money_ru(st["closing_minor"].as_i64().expect("c")))));
            assert!(html.contains(&format!("id=\"debit\">{}", money_ru(st["debit_minor"].as_i64().expect("d")))));
            let shown = cells(&html, "id=\"lines-shown\"");
            assert_eq!(
                shown,
                vec![format!("Строки {}–{} из {}", got.len() + 1, got.len() + running.len(), want.len())],
                "{p}"
            );
            if got.is_empty() {
                assert!(cells(&html, "id=\"brought-forward\"").is_empty() && link(&html, "prev").is_none());
            } else {
                // A later page starts from the balance the previous one ended on.
                assert_eq!(cells(&html, "id=\"brought-forward\""), vec![got.last().cloned().expect("last")], "{p}");
            }
            path = link(&html, "next");
            assert_eq!(html.contains("id=\"closing-row\""), path.is_none(), "{p}: closing row only at the end");
            got.extend(running);
            pages.push(html);
        }
        assert_eq!(got, want);
        assert_eq!(pages.len(), want.len().div_ceil(PAGE_LINES));

        // Backwards from "Last", following "prev": the same pages.
        let end = link(&pages[0], "id=\"page-last\"").expect("a link to the last page");
        assert!(end.contains("before="), "{end}");
        let mut back = Vec::new();
        let mut path = Some(end);
        while let Some(p) = path {
            let html = get(&app, &s, &p).await.text().await.expect("html");
            let mut running = cells(&html, "class=\"num running\"");
            running.reverse();
            back.extend(running);
            path = link(&html, "prev");
        }
        back.reverse();
        assert_eq!(back, want);

        // The page leads to the settlement by order of the same period.
        assert_eq!(
            link(&pages[0], "id=\"to-settlement\"").as_deref(),
            Some("/finance/orders?from=2026-10-02&to=2026-11-30")
        );

        // A cursor the page did not give out is explained, not guessed at.
        for bad in ["after=yesterday", "before=2026-10-05.x", "after=2026-10-05.1&before=2026-10-06.1"] {
            let r = get(&app, &s, &format!("/finance?{period}&{bad}")).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(r.text().await.expect("html").contains("role=\"alert\""));
        }
    }

    async fn the_settlement_pages_walk_every_order(app) {
        let acc = accounts(&app).await;
        // 120 more orders of KH-D1 with money in the period: a charge each,
        // a payment on every third, one charge voided, one order's only
        // entry before the period.
        let prod = app.app.add_source("KH", "production").await.expect("source").key;
        let orders: Vec<Value> = (100..220)
            .map(|i| json!({"event_id": format!("o{i}"), "type": "order.upserted", "occurred_at": "2026-11-20T08:00:00Z", "version": 1, "data": {
                "number": format!("KH-{i}"), "dealer_code": "KH-D1", "accepted_at": "2026-10-01T08:00:00Z", "currency": "UAH", "total_minor": 100_000,
                "constructions": [{"position": 1, "kind": "door", "name": "Двері", "width_mm": 900, "height_mm": 2000, "quantity": 1, "price_minor": 100_000}]}}))
            .collect();
        let mut money = Vec::new();
        for i in 100..220i64 {
            let number = format!("KH-{i}");
            let day = if i == 101 { "2026-09-15".to_owned() } else { format!("2026-10-{:02}", 2 + i % 28) };
            money.push(entry(&format!("S-{i}"), "charge", 10_000 + i, &day, Some(&number), 1));
            if i % 3 == 0 {
                money.push(entry(&format!("SP-{i}"), "payment", 5_000 + i, "2026-11-02", Some(&number), 1));
            }
        }
        money.push(json!({"event_id": "void-S-150", "type": "ledger.entry_voided", "occurred_at": "2026-11-20T09:00:00Z", "version": 2,
            "data": {"entry_id": "S-150", "reason": "a mistake"}}));
        app.sync(&prod, orders).await;
        app.sync(&acc, money).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let period = "from=2026-10-02&to=2026-11-30";
        // The full statement (the API) settles the period's orders itself;
        // the pages must show the same, by order number.
        let st = json_of(&app, &s, &format!("/api/v1/statement?{period}")).await;
        let mut want: Vec<(String, Vec<String>)> = st["orders"]
            .as_array()
            .expect("orders")
            .iter()
            .map(|o| {
                let cells = ["charged_minor", "paid_minor", "compensated_minor", "outstanding_now_minor"]
                    .iter()
                    .map(|k| money_ru(o[*k].as_i64().expect("minor")))
                    .collect();
                (o["order_number"].as_str().expect("number").to_owned(), cells)
            })
            .collect();
        want.sort();
        // KH-1 and 119 of the new ones (KH-101's money is before the period;
        // KH-150 keeps its payment, its charge voided).
        assert_eq!(want.len(), 120, "{want:?}");
        assert!(!want.iter().any(|(n, _)| n == "KH-101"));
        let sum = |k: &str| -> i64 { st["orders"].as_array().expect("orders").iter().map(|o| o[k].as_i64().expect("minor")).sum() };

        let (mut got, mut pages) = (Vec::new(), 0);
        let mut path = Some(format!("/finance/orders?{period}"));
        while let Some(p) = path {
            let r = get(&app, &s, &p).await;
            assert_eq!(r.status(), StatusCode::OK, "{p}");
            let html = r.text().await.expect("html");
            let mut on_page = 0;
            for (at, _) in html.match_indices("<td><a href=\"/orders/KH/") {
                let row = &html[at..at + html[at..].find("</tr>").expect("row end")];
                let number = cells(row, "<a href=")[0].clone();
                got.push((number, cells(row, "<td class=\"num\"")));
                on_page += 1;
            }
            assert!(on_page <= PAGE_ORDERS, "{p}");
            assert_eq!(
                cells(&html, "id=\"orders-shown\""),
                vec![format!("Заказы {}–{} из {}", got.len() - on_page + 1, got.len(), want.len())],
                "{p}"
            );
            for (id, key) in [("total-charged", "charged_minor"), ("total-paid", "paid_minor"), ("total-compensated", "compensated_minor")] {
                assert_eq!(cells(&html, &format!("id=\"{id}\"")), vec![money_ru(sum(key))], "{p}: {id}");
            }
            assert_eq!(
                link(&html, "id=\"to-statement\"").as_deref(),
                Some("/finance?from=2026-10-02&to=2026-11-30")
            );
            if pages == 0 {
                assert!(link(&html, "prev").is_none());
            }
            path = link(&html, "next");
            pages += 1;
        }
        assert_eq!(got, want);
        assert_eq!(pages, want.len().div_ceil(PAGE_ORDERS));

        // Past the end is the last page; a page that is not a number is explained.
        let last = get(&app, &s, &format!("/finance/orders?{period}&page=99")).await.text().await.expect("html");
        assert!(last.contains(&format!("из {}", want.len())) && link(&last, "next").is_none() && link(&last, "prev").is_some());
        for bad in ["page=0", "page=x", "from=2026-12-01&to=2026-11-01"] {
            let r = get(&app, &s, &format!("/finance/orders?{bad}")).await;
            assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
            assert!(r.text().await.expect("html").contains("role=\"alert\""), "{bad}");
        }
        // A period without order entries says so.
        let empty = get(&app, &s, "/finance/orders?from=2026-02-01&to=2026-02-28").await.text().await.expect("html");
        assert!(empty.contains("За этот период нет операций по заказам"));
    }

    async fn who_sees_which_statement(app) {
        accounts(&app).await;
        // A dealer user with the grant sees the same statement as the admin.
        let admin = session(&app, who::DEALER_ADMIN).await;
        let user = session(&app, who::DEALER_USER_FINANCE).await;
        let a = json_of(&app, &admin, "/api/v1/statement?from=2026-01-01&to=2026-11-30").await;
        let u = json_of(&app, &user, "/api/v1/statement?from=2026-01-01&to=2026-11-30").await;
        assert_eq!(a, u);
        let menu = get(&app, &user, "/").await.text().await.expect("html");
        assert!(menu.contains("href=\"/finance\""));
        // Without the grant: refused, and no menu entry.
        let plain = session(&app, who::DEALER_USER).await;
        let r = get(&app, &plain, "/api/v1/statement").await;
        assert_eq!(r.status(), StatusCode::FORBIDDEN);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["error"]["code"], "forbidden");
        let menu = get(&app, &plain, "/").await.text().await.expect("html");
        assert!(!menu.contains("href=\"/finance\""));
        assert_eq!(get(&app, &plain, "/finance/statement.csv").await.status(), StatusCode::FORBIDDEN);
        // Another dealer sees its own, empty account: none of KH-D1's entries.
        let other = session(&app, who::OTHER_DEALER_ADMIN).await;
        let o = json_of(&app, &other, "/api/v1/statement?from=2026-01-01&to=2026-11-30").await;
        assert_eq!(o["dealer_code"], "KH-D2");
        assert_eq!(o["entries"], json!([]));
        assert_eq!(o["closing_minor"], 0);
        let csv = get(&app, &other, "/finance/statement.csv?from=2026-01-01&to=2026-11-30").await.text().await.expect("csv");
        assert!(!csv.contains("C-1") && !csv.contains("KH-1"));
    }

    async fn bad_periods_are_explained(app) {
        accounts(&app).await;
        let s = session(&app, who::DEALER_ADMIN).await;
        let r = get(&app, &s, "/api/v1/statement?from=2026-11-31&to=soon").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = r.json().await.expect("json");
        assert_eq!(body["error"]["code"], "invalid_input");
        let fields: Vec<&str> = body["error"]["details"].as_array().expect("details").iter().map(|d| d["field"].as_str().expect("f")).collect();
        assert_eq!(fields, vec!["from", "to"]);
        let r = get(&app, &s, "/finance?from=2026-11-30&to=2026-11-01").await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let html = r.text().await.expect("html");
        assert!(html.contains("role=\"alert\"") && html.contains("Дата начала"), "{html}");
        assert_eq!(get(&app, &s, "/finance/statement.xlsx?from=1990-01-01&to=2026-01-01").await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
}

/// `8 500,00 ₴` as the Russian pages write it.
fn money_ru(minor: i64) -> String {
    let sign = if minor < 0 { "−" } else { "" };
    let whole = (minor.abs() / 100).to_string();
    let mut grouped = String::new();
    for (i, ch) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i).is_multiple_of(3) {
            grouped.push('\u{202f}');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped},{:02}\u{a0}₴", minor.abs() % 100)
}
