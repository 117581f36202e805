//! Helpers for the browser tests: chromedriver started on a free port and
//! killed when the test ends, one headless Chromium session per screen
//! width, the demo plant to look at, screenshots, and the page checks
//! (labels, status pill contrast, horizontal overflow) written in the
//! page's own JavaScript (`checks.rs`).
#![allow(dead_code)]

mod checks;
pub use checks::*;

use dealerdesk_sim::demo::{DEMO_PASSWORD, DemoOptions};
use dealerdesk_testkit::net::{free_port, listening};
use dealerdesk_testkit::{TestApp, TestBackend, spawn_app};
use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::key::Key;
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Phone, tablet, desktop: (width, height) in CSS pixels.
pub const SCREENS: [(u32, u32); 3] = [(360, 800), (768, 1024), (1440, 900)];

/// One Chromium at a time is plenty on a small machine: each test holds
/// this while its browser runs, so the tests of this file take turns.
static ONE_BROWSER_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Whether the browser tests run here. `DEALERDESK_SKIP_BROWSER=1` skips
/// them (saying so); otherwise a missing Chromium or chromedriver fails the
/// test with what to install.
pub fn browser_wanted(test: &str) -> bool {
    if std::env::var("DEALERDESK_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("{test}: SKIPPED (DEALERDESK_SKIP_BROWSER=1): no browser test ran");
        return false;
    }
    let missing: Vec<&str> = [CHROMIUM, CHROMEDRIVER]
        .into_iter()
        .filter(|p| !Path::new(p).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "the browser tests need headless Chromium and chromedriver, missing: {}. \
         Install them with `apt-get install -y chromium chromium-driver` (Debian; .ci/run does), \
         or set DEALERDESK_SKIP_BROWSER=1 to skip these tests",
        missing.join(", ")
    );
    true
}

/// Where screenshots go: `target/browser-artifacts` of the workspace.
pub fn artifacts_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/browser-artifacts");
    std::fs::create_dir_all(&dir).expect("create target/browser-artifacts");
    dir
}

/// What a test needs: the server with the demo plant, a dealer admin's
/// login, and chromedriver. Holding it keeps the other browser tests
/// waiting; dropping it stops chromedriver and the server.
pub struct Portal {
    pub app: TestApp,
    pub email: String,
    pub driver: Driver,
    _turn: tokio::sync::MutexGuard<'static, ()>,
}

/// The server on SQLite only: the storage is covered on both engines by the
/// HTTP tests of `dealerdesk-web`; here the browser is what is tested.
/// The data is the demo plant, small: 2 factories with 3 dealers each and
/// 300 orders over 40 days (orders in many statuses, with
/// constructions, trips, files and ledger entries), the same generator and
/// apply path as `dealerdesk serve --demo`. The login is factory KH's
/// busiest dealer's administrator.
pub async fn portal() -> Portal {
    let turn = ONE_BROWSER_AT_A_TIME.lock().await;
    let app = spawn_app(TestBackend::Sqlite).await;
    let report = dealerdesk_sim::demo::seed(
        &app.app,
        &DemoOptions {
            dealers_per_factory: 3,
            orders: 300,
            days: 40,
            ..DemoOptions::default()
        },
        &|_, _| {},
    )
    .await
    .expect("seed the demo plant");
    let email = report
        .logins
        .iter()
        .find(|l| l.role == dealerdesk_domain::Role::DealerAdmin)
        .map(|l| l.email.clone())
        .expect("the demo names a dealer administrator");
    let driver = Driver::start().await;
    Portal {
        app,
        email,
        driver,
        _turn: turn,
    }
}

pub const PASSWORD: &str = DEMO_PASSWORD;

/// chromedriver on a free port, in a process group of its own so that the
/// Chromium it started goes with it.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    pub async fn start() -> Driver {
        use std::os::unix::process::CommandExt;
        let port = free_port();
        let log = std::fs::File::create(artifacts_dir().join("chromedriver.log"))
            .expect("chromedriver log file");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log)
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {CHROMEDRIVER}: {e}"));
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!(
                    "chromedriver exited at start ({status}); see target/browser-artifacts/chromedriver.log"
                );
            }
            if listening(port).await {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on port {port} within 20 s"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium a failed test left.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One headless Chromium session at one screen size.
pub struct Browser {
    pub c: Client,
    pub width: u32,
    pub height: u32,
    base: String,
}

impl Browser {
    pub async fn open(portal: &Portal, (width, height): (u32, u32)) -> Browser {
        let mut options = json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                format!("--window-size={width},{height}"),
            ],
        });
        // Chromium's windows are never narrower than 500 px, even headless:
        // a phone is emulated (its viewport, touch and mobile layout), as
        // the browser's device mode does.
        if width < 500 {
            options["mobileEmulation"] = json!({"deviceMetrics": {
                "width": width, "height": height, "pixelRatio": 1.0, "mobile": true, "touch": true,
            }});
        }
        let caps = json!({"browserName": "chrome", "goog:chromeOptions": options});
        let caps = match caps {
            Value::Object(m) => m,
            _ => unreachable!("a JSON object"),
        };
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let c = ClientBuilder::new(connector)
            .capabilities(caps)
            .connect(&portal.driver.url)
            .await
            .unwrap_or_else(|e| panic!("start headless Chromium through chromedriver: {e}"));
        let b = Browser {
            c,
            width,
            height,
            base: portal.app.base.clone(),
        };
        // A page with the portal's viewport meta (a blank page lays out a
        // phone at 980 px).
        b.goto("/login").await;
        let inner = b.js("return window.innerWidth").await;
        assert_eq!(
            inner.as_u64(),
            Some(u64::from(width)),
            "the viewport is {width} px wide"
        );
        b
    }

    pub async fn close(self) {
        let _ = self.c.close().await;
    }

    pub async fn goto(&self, path: &str) {
        self.c
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    /// The current address without the origin: path and query.
    pub async fn path(&self) -> String {
        let url = self.c.current_url().await.expect("current url");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Waits (up to 10 s) until the address's path is `path`.
    pub async fn wait_path(&self, path: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let now = self.path().await;
            if now.split('?').next() == Some(path) && self.ready().await {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "expected to arrive at {path}, still at {now} ({} px)",
                self.width
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn ready(&self) -> bool {
        self.js("return document.readyState").await == "complete"
    }

    pub async fn js(&self, script: &str) -> Value {
        self.c
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.c
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn text(&self, css: &str) -> String {
        self.c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} on {}: {e}", self.path_now()))
            .text()
            .await
            .expect("text")
    }

    fn path_now(&self) -> String {
        format!("the page at {} px", self.width)
    }

    pub async fn lang(&self) -> String {
        self.js("return document.documentElement.lang")
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The label of the menu entry that leads to `href`.
    pub async fn menu_label(&self, href: &str) -> String {
        let v = self
            .js_with(
                "const a = [...document.querySelectorAll('nav.sidebar li a')].find(a => a.getAttribute('href') === arguments[0]); \
                 return a ? a.textContent.trim() : null",
                vec![Value::String(href.to_owned())],
            )
            .await;
        v.as_str()
            .unwrap_or_else(|| panic!("no menu entry for {href}"))
            .to_owned()
    }

    /// Logs in through the real form: the labelled inputs, the submit
    /// button; the form's CSRF token is the page's own.
    pub async fn log_in(&self, email: &str, password: &str) {
        self.log_in_to(email, password, "/").await;
    }

    /// Logs in and waits for the page the person lands on (`/staff` for
    /// the plant's people).
    pub async fn log_in_to(&self, email: &str, password: &str, lands: &str) {
        self.goto("/login").await;
        let email_input = self.labelled_input("email").await;
        email_input.send_keys(email).await.expect("type the e-mail");
        let pw = self.labelled_input("password").await;
        pw.send_keys(password).await.expect("type the password");
        self.c
            .find(Locator::Css("form[action='/login'] button[type=submit]"))
            .await
            .expect("the sign-in button")
            .click()
            .await
            .expect("click sign in");
        self.wait_path(lands).await;
    }

    /// The input a `<label for>` names, found through the label.
    pub async fn labelled_input(&self, id: &str) -> fantoccini::elements::Element {
        let label = self
            .c
            .find(Locator::Css(&format!("label[for='{id}']")))
            .await
            .unwrap_or_else(|e| panic!("a label for #{id}: {e}"));
        let text = label.text().await.expect("label text");
        assert!(!text.trim().is_empty(), "the label of #{id} has text");
        self.c
            .find(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("the input #{id}: {e}"))
    }

    /// Presses Tab once.
    pub async fn tab(&self) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down {
                value: Key::Tab.into(),
            })
            .then(KeyAction::Up {
                value: Key::Tab.into(),
            });
        self.c.perform_actions(keys).await.expect("press Tab");
    }

    /// Presses a key once.
    pub async fn press(&self, key: Key) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key.into() })
            .then(KeyAction::Up { value: key.into() });
        self.c.perform_actions(keys).await.expect("press a key");
    }

    /// A PNG of the page beyond the window's height (its first 6,000 px:
    /// the statement of a busy dealer is far longer), in
    /// `target/browser-artifacts/<name>-<width>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        let height = self
            .js("return document.documentElement.scrollHeight")
            .await
            .as_u64()
            .unwrap_or(u64::from(self.height))
            .min(6000);
        let shot = self
            .cdp(
                "Page.captureScreenshot",
                json!({"format": "png", "captureBeyondViewport": true,
                    "clip": {"x": 0, "y": 0, "width": self.width, "height": height, "scale": 1}}),
            )
            .await;
        let png = base64_decode(shot["data"].as_str().expect("screenshot data"));
        let path = artifacts_dir().join(format!("{name}-{}.png", self.width));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// A Chrome DevTools command through chromedriver.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Value {
        self.c
            .issue_cmd(Cdp { cmd, params })
            .await
            .unwrap_or_else(|e| panic!("{cmd}: {e}"))
    }

    pub async fn check_labels(&self, page: &str, problems: &mut Problems) {
        let unlabelled = self.js(UNLABELLED_JS).await;
        for u in strings(&unlabelled) {
            problems.add(page, self.width, format!("control without a label: {u}"));
        }
    }

    /// Returns how many pills were measured.
    pub async fn check_pill_contrast(&self, page: &str, problems: &mut Problems) -> usize {
        let pills = self.js(PILL_CONTRAST_JS).await;
        let pills = pills.as_array().cloned().unwrap_or_default();
        for p in &pills {
            let ratio = p["ratio"].as_f64().unwrap_or(0.0);
            if ratio < 4.5 {
                problems.add(
                    page,
                    self.width,
                    format!(
                        "status pill {:?} ({}) contrast {ratio:.2}:1 < 4.5:1 (text {}, background {})",
                        p["text"].as_str().unwrap_or(""),
                        p["class"].as_str().unwrap_or(""),
                        p["fg"],
                        p["bg"]
                    ),
                );
            }
        }
        pills.len()
    }

    pub async fn check_no_overflow(&self, page: &str, problems: &mut Problems) {
        let v = self
            .js_with(OVERFLOW_JS, vec![Value::from(self.width)])
            .await;
        let scroll = v["scroll"].as_u64().unwrap_or(0);
        let inner = v["inner"].as_u64().unwrap_or(0);
        if scroll > inner {
            problems.add(
                page,
                self.width,
                format!(
                    "scrolls sideways: document {scroll} px wide in a {inner} px window; widest: {}",
                    v["culprits"]
                ),
            );
        }
    }

    /// Reloads the page (so the keyboard starts from its top: a blur
    /// alone leaves Chromium's starting point where the focus was), then
    /// presses Tab up to `max` times and returns what got the focus each
    /// time (see [`FOCUS_JS`]), stopping when it comes back to the page.
    pub async fn tab_through(&self, max: usize) -> Vec<Value> {
        self.c.refresh().await.expect("reload");
        let mut seen = Vec::new();
        for _ in 0..max {
            self.tab().await;
            let f = self.js(FOCUS_JS).await;
            let back_at_start = f["tag"] == "body";
            seen.push(f);
            if back_at_start {
                break;
            }
        }
        seen
    }
}

/// chromedriver's `goog/cdp/execute`: one Chrome DevTools command.
#[derive(Debug)]
pub struct Cdp {
    cmd: &'static str,
    params: Value,
}

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base: &url::Url,
        session: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base.join(&format!(
            "session/{}/goog/cdp/execute",
            session.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(json!({"cmd": self.cmd, "params": self.params}).to_string()),
        )
    }
}

pub fn base64_decode(s: &str) -> Vec<u8> {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(s)
        .expect("base64 from the browser")
}

/// Findings of the soft checks: every one is listed when the test ends,
/// rather than the first only.
#[derive(Default)]
pub struct Problems(Vec<String>);

impl Problems {
    pub fn add(&mut self, page: &str, width: u32, what: String) {
        let line = format!("{page} @ {width}px: {what}");
        eprintln!("PROBLEM {line}");
        self.0.push(line);
    }

    pub fn assert_none(self, test: &str) {
        assert!(
            self.0.is_empty(),
            "{test}: {} problem(s):\n{}",
            self.0.len(),
            self.0.join("\n")
        );
    }
}

pub fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| match x {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The dealer's demo login with its password.
pub fn credentials(portal: &Portal) -> (&str, &str) {
    (&portal.email, PASSWORD)
}

/// Waits until `check` returns true or 10 s pass.
pub async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(10);
    while !check().await {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
