//! `/staff/import` (heads of sales, administrators): dealers, contact
//! people or leads from a CSV or XLSX file, the same import as `dealerdesk
//! import`. A dry run checks every row and imports nothing; an import with
//! any bad row imports nothing either; the page lists every bad row with
//! its line and reason.

use super::chrome::Chrome;
use super::render;
use crate::principal::Authenticated;
use crate::{AppState, WebError};
use askama::Template;
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use dealerdesk_app::AppError;
use dealerdesk_domain::policy::Capability;
use dealerdesk_sync::import::{ImportError, ImportKind, import, read_table};

/// The largest file taken (20,000 rows of dealers are about 3 MB).
const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// Bad rows listed on the page (the count says how many there are).
const SHOWN_BAD: usize = 200;

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    chrome: Chrome,
    kinds: Vec<(&'static str, String, bool)>,
    dry_run: bool,
    error: Option<String>,
    /// After a run: rows read, bad rows (line, reason), how many not shown.
    report: Option<Shown>,
}

struct Shown {
    /// "3 of 20 rows are bad; nothing was imported".
    message: String,
    rows: usize,
    imported: usize,
    dry_run: bool,
    bad: Vec<(usize, String)>,
    more: usize,
}

fn allowed(who: &Authenticated) -> Result<(), WebError> {
    if who.actor.can(Capability::Import) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

fn page_of(who: &Authenticated, kind: String, dry_run: bool) -> ImportPage {
    let mut chrome = Chrome::for_user(who, "import", "");
    let t = chrome.t;
    chrome.title = t.get("import.title").to_owned();
    let kinds = ["leads", "contacts", "dealers"]
        .into_iter()
        .map(|k| (k, t.get(&format!("import.kind.{k}")).to_owned(), k == kind))
        .collect();
    ImportPage {
        chrome,
        kinds,
        dry_run,
        error: None,
        report: None,
    }
}

/// A row's reasons (`field: message; …`, in English from the checks) with
/// each message in the reader's language.
fn translate_reason(t: crate::i18n::Tr, reason: &str) -> String {
    reason
        .split("; ")
        .map(|part| match part.split_once(": ") {
            Some((field, message)) => {
                format!("{field}: {}", crate::messages::translate(t, message))
            }
            None => crate::messages::translate(t, part),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// `GET /staff/import`.
pub async fn page(who: Authenticated) -> Result<Response, WebError> {
    allowed(&who)?;
    render(&page_of(&who, "leads".into(), true))
}

/// `POST /staff/import` (multipart, the CSRF token in the query).
pub async fn run(
    State(state): State<AppState>,
    who: Authenticated,
    req: Request,
) -> Result<Response, WebError> {
    allowed(&who)?;
    let mut m = Multipart::from_request(req, &())
        .await
        .map_err(|e| AppError::invalid("form", format!("the upload was broken: {e}")))?;
    let (mut kind, mut dry_run, mut file) = (String::new(), false, None);
    while let Some(field) = m.next_field().await.map_err(super::upload::broken)? {
        match field.name().unwrap_or_default() {
            "kind" => kind = field.text().await.map_err(super::upload::broken)?,
            "dry_run" => dry_run = field.text().await.map_err(super::upload::broken)? == "1",
            "file" => file = super::upload::file(field, MAX_FILE_BYTES).await?,
            _ => {}
        }
    }
    let mut page = page_of(&who, kind.clone(), dry_run);
    let t = page.chrome.t;
    let refuse = |mut page: ImportPage, message: String| {
        page.error = Some(message);
        let mut r = render(&page)?;
        *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        Ok::<Response, WebError>(r)
    };
    let Some(kind) = ImportKind::parse(&kind) else {
        return refuse(page, t.get("import.choose_kind").to_owned());
    };
    let Some(file) = file else {
        return refuse(page, t.get("import.choose_file").to_owned());
    };
    if file.bytes.len() > MAX_FILE_BYTES {
        return refuse(page, t.get("import.too_large").to_owned());
    }
    let table = match read_table(&file.bytes) {
        Ok(t) => t,
        Err(e) => return refuse(page, format!("{}: {e}", file.file_name)),
    };
    let factory = match who.actor.factory() {
        Some(f) => Some(state.app.factory(f).await?.code),
        None => None,
    };
    let report = match import(
        &state.app,
        kind,
        &table,
        factory.as_deref(),
        dry_run,
        Some(who.actor.user_id),
    )
    .await
    {
        Ok(r) => r,
        Err(ImportError::File(e)) => return refuse(page, e),
        Err(ImportError::App(e)) => return Err(e.into()),
        Err(e) => return Err(AppError::Internal(e.to_string()).into()),
    };
    let bad_count = report.bad.len();
    page.report = Some(Shown {
        message: t
            .get("import.bad")
            .replace("{bad}", &bad_count.to_string())
            .replace("{rows}", &report.rows.to_string()),
        rows: report.rows,
        imported: report.imported,
        dry_run: report.dry_run,
        bad: report
            .bad
            .into_iter()
            .take(SHOWN_BAD)
            .map(|b| (b.line, translate_reason(t, &b.reason)))
            .collect(),
        more: bad_count.saturating_sub(SHOWN_BAD),
    });
    let status = if bad_count > 0 {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let mut r = render(&page)?;
    *r.status_mut() = status;
    Ok(r)
}
