//! The statement in the browser: the period, the pages, and the CSV and
//! XLSX downloads carrying exactly the page's numbers.

use super::*;

/// "6290.00" / "-12.50" (the CSV's numbers) in minor units.
fn minor_from_decimal(text: &str) -> Option<i64> {
    let t = text.trim();
    let negative = t.starts_with('-');
    let (whole, frac) = t.trim_start_matches('-').split_once('.')?;
    let v = whole.parse::<i64>().ok()? * 100 + frac.parse::<i64>().ok()?;
    Some(if negative { -v } else { v })
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
