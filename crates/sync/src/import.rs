//! Import of dealers, contact people and leads from CSV or XLSX (SPEC 4.2,
//! `dealerdesk import`). The first row names the columns. Every row is
//! checked and every bad one reported with its line and reason; nothing is
//! imported unless every row is good, and a dry run imports nothing at all.
//!
//! The whole import runs in one transaction that a dry run or a bad row
//! rolls back, so the checks are exactly those of the real import —
//! including what only the database can say (a dealer code that does not
//! exist, a manager's login that is unknown). Dealer rows become
//! `dealer.upserted` events, checked by the sync API's own validator and
//! applied by its appliers: the one path dealer data takes.

use crate::apply::{Outcome, Target, apply_batch};
use crate::events::Event;
use crate::validate::{Limits, validate_event};
use dealerdesk_app::App;
use dealerdesk_domain::crm::NewContact;
use dealerdesk_domain::lead::{LeadFields, LeadSource, NewLead};
use dealerdesk_domain::model::{Factory, SourceKind};
use dealerdesk_domain::{DealerScope, Timestamp};
use dealerdesk_store::Repos;
use dealerdesk_store::audit::NewAudit;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Dealers,
    Contacts,
    Leads,
}

impl ImportKind {
    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "dealers" => Some(Self::Dealers),
            "contacts" => Some(Self::Contacts),
            "leads" => Some(Self::Leads),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dealers => "dealers",
            Self::Contacts => "contacts",
            Self::Leads => "leads",
        }
    }

    /// The columns a file may have, and which must be there.
    fn columns(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            Self::Dealers => (
                &[
                    "code",
                    "name",
                    "short_name",
                    "tax_id",
                    "region",
                    "city",
                    "address",
                    "phone",
                    "email",
                    "manager_email",
                    "active",
                ],
                &["code", "name"],
            ),
            Self::Contacts => (
                &["dealer_code", "name", "position", "phone", "email"],
                &["dealer_code", "name"],
            ),
            Self::Leads => (
                &[
                    "company",
                    "contact_name",
                    "phone",
                    "email",
                    "city",
                    "region",
                    "source",
                    "note",
                ],
                &["company"],
            ),
        }
    }
}

/// A file's rows under its column names; `line` is the row's line in the
/// file (the header is line 1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<(usize, Vec<String>)>,
}

/// Reads CSV or XLSX (by the content: an XLSX is a zip), the first sheet.
/// Blank rows are skipped.
pub fn read_table(bytes: &[u8]) -> Result<Table, String> {
    let mut all: Vec<(usize, Vec<String>)> = Vec::new();
    if bytes.starts_with(b"PK\x03\x04") {
        use calamine::{Reader, Xlsx};
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
            .map_err(|e| format!("not a readable XLSX file: {e}"))?;
        let range = book
            .worksheet_range_at(0)
            .ok_or("the workbook has no sheet")?
            .map_err(|e| format!("the first sheet cannot be read: {e}"))?;
        let first_row = range.start().map(|(r, _)| r as usize).unwrap_or(0);
        for (i, row) in range.rows().enumerate() {
            let cells = row.iter().map(cell_text).collect();
            all.push((first_row + i + 1, cells));
        }
    } else {
        let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
            .map_err(|_| "not UTF-8 text: save the CSV as UTF-8".to_owned())?;
        let delimiter = sniff_delimiter(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        for record in reader.records() {
            let record = record.map_err(|e| format!("not a readable CSV file: {e}"))?;
            let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
            all.push((line, record.iter().map(str::to_owned).collect()));
        }
    }
    let mut rows = all
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (_, headers) = rows.next().ok_or("the file is empty")?;
    let headers = headers
        .into_iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    Ok(Table {
        headers,
        rows: rows.collect(),
    })
}

/// `;` when the header line has more of them than commas (spreadsheets
/// in Ukrainian and Russian locales save CSV with `;`).
fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    }
}

fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        // Whole numbers (codes, phones typed as numbers) without ".0".
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: usize,
    pub reason: String,
}

/// What an import found and did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub kind: ImportKind,
    pub rows: usize,
    pub bad: Vec<BadRow>,
    /// Rows written; 0 on a dry run or when any row was bad.
    pub imported: usize,
    pub dry_run: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be imported (its columns, the factory).
    #[error("{0}")]
    File(String),
    #[error(transparent)]
    App(#[from] dealerdesk_app::AppError),
    #[error(transparent)]
    Store(#[from] dealerdesk_store::StoreError),
    #[error("applying the dealers failed: {0}")]
    Apply(String),
}

/// Checks the header against the kind's columns.
fn check_columns(kind: ImportKind, t: &Table) -> Result<(), ImportError> {
    let (known, required) = kind.columns();
    let unknown: Vec<&str> = t
        .headers
        .iter()
        .map(String::as_str)
        .filter(|h| !known.contains(h))
        .collect();
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|r| !t.headers.iter().any(|h| h == r))
        .collect();
    if unknown.is_empty() && missing.is_empty() {
        return Ok(());
    }
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("missing columns: {}", missing.join(", ")));
    }
    if !unknown.is_empty() {
        parts.push(format!("unknown columns: {}", unknown.join(", ")));
    }
    Err(ImportError::File(format!(
        "{}; the columns for {} are: {} (required: {})",
        parts.join("; "),
        kind.as_str(),
        known.join(", "),
        required.join(", ")
    )))
}

fn row_map<'a>(t: &'a Table, cells: &'a [String]) -> HashMap<&'a str, &'a str> {
    t.headers
        .iter()
        .zip(cells.iter())
        .map(|(h, c)| (h.as_str(), c.trim()))
        .collect()
}

/// Imports `table` as `kind` into `factory_code` (the plant's first
/// factory when `None`). `actor` is recorded in the audit log (`None`: the
/// command line).
pub async fn import(
    app: &App,
    kind: ImportKind,
    table: &Table,
    factory_code: Option<&str>,
    dry_run: bool,
    actor: Option<dealerdesk_domain::UserId>,
) -> Result<Report, ImportError> {
    check_columns(kind, table)?;
    let mut tx = app.store.begin().await?;
    let factory: Factory = match factory_code {
        Some(code) => tx.factories().by_code(code).await?,
        None => tx.factories().list().await?.into_iter().next(),
    }
    .ok_or_else(|| ImportError::File("no such factory".into()))?;
    let mut bad = Vec::new();
    match kind {
        ImportKind::Dealers => dealers(app, &mut tx, &factory, table, &mut bad).await?,
        ImportKind::Contacts => contacts(&mut tx, &factory, table, &mut bad).await?,
        ImportKind::Leads => leads(&mut tx, &factory, table, &mut bad).await?,
    }
    let rows = table.rows.len();
    if dry_run || !bad.is_empty() {
        // Dropping the transaction rolls it back: nothing was imported.
        drop(tx);
        return Ok(Report {
            kind,
            rows,
            bad,
            imported: 0,
            dry_run,
        });
    }
    tx.audit()
        .record(&NewAudit {
            actor_id: actor,
            action: "import",
            object_type: kind.as_str(),
            object_id: factory.code.clone(),
            after: Some(json!({"rows": rows}).to_string()),
            ..Default::default()
        })
        .await?;
    tx.commit()
        .await
        .map_err(dealerdesk_store::StoreError::from)?;
    Ok(Report {
        kind,
        rows,
        bad,
        imported: rows,
        dry_run,
    })
}

async fn dealers(
    app: &App,
    tx: &mut dealerdesk_store::Conn,
    factory: &Factory,
    t: &Table,
    bad: &mut Vec<BadRow>,
) -> Result<(), ImportError> {
    let limits = Limits::default();
    let now = Timestamp::now().rfc3339();
    let mut events: Vec<Event> = Vec::with_capacity(t.rows.len());
    let mut lines = Vec::with_capacity(t.rows.len());
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, cells) in &t.rows {
        let m = row_map(t, cells);
        let mut data = Map::new();
        for (k, v) in &m {
            if k == &"active" || v.is_empty() {
                continue;
            }
            data.insert((*k).to_owned(), Value::String((*v).to_owned()));
        }
        let active = match m.get("active").map(|v| v.to_lowercase()).as_deref() {
            None | Some("") | Some("1") | Some("true") | Some("yes") | Some("так") | Some("да") => {
                true
            }
            Some("0") | Some("false") | Some("no") | Some("ні") | Some("нет") => false,
            Some(_) => {
                bad.push(BadRow {
                    line: *line,
                    reason: "active: must be 1 or 0 (true or false)".into(),
                });
                continue;
            }
        };
        data.insert("active".into(), Value::Bool(active));
        let code = m.get("code").copied().unwrap_or_default().to_owned();
        if let Some(first) = seen.insert(code.clone(), *line) {
            bad.push(BadRow {
                line: *line,
                reason: format!("code: {code} is also on line {first}"),
            });
            continue;
        }
        let raw = json!({
            "event_id": format!("import-{line}-{}", code.chars().take(64).collect::<String>()),
            "type": "dealer.upserted",
            "occurred_at": now,
            "version": 1,
            "data": data,
        });
        match validate_event(&raw, SourceKind::Production, &limits) {
            Ok(e) => {
                events.push(e);
                lines.push(*line);
            }
            Err(r) => bad.push(BadRow {
                line: *line,
                reason: format!(
                    "{}: {}",
                    r.path.trim_start_matches("/data/").trim_start_matches('/'),
                    r.message
                ),
            }),
        }
    }
    let target = Target {
        factory,
        blobs: app.store.blobs(),
    };
    let outcomes = apply_batch(tx, &target, &events)
        .await
        .map_err(|e| ImportError::Apply(e.to_string()))?;
    for (outcome, line) in outcomes.iter().zip(lines) {
        match outcome {
            Outcome::Applied | Outcome::Stale => {}
            Outcome::Rejected(why) | Outcome::Waiting(why) => bad.push(BadRow {
                line,
                reason: why.clone(),
            }),
        }
    }
    bad.sort_by_key(|b| b.line);
    Ok(())
}

async fn contacts(
    tx: &mut dealerdesk_store::Conn,
    factory: &Factory,
    t: &Table,
    bad: &mut Vec<BadRow>,
) -> Result<(), ImportError> {
    let mut dealers: HashMap<String, Option<DealerScope>> = HashMap::new();
    let mut good = Vec::with_capacity(t.rows.len());
    for (line, cells) in &t.rows {
        let m = row_map(t, cells);
        let get = |k: &str| m.get(k).copied().unwrap_or_default();
        let code = get("dealer_code");
        let scope = match dealers.get(code) {
            Some(s) => *s,
            None => {
                let s = tx
                    .dealers()
                    .by_code(code)
                    .await?
                    .filter(|d| d.factory_id == factory.id)
                    .map(|d| DealerScope::system(d.id));
                dealers.insert(code.to_owned(), s);
                s
            }
        };
        let contact = NewContact::parse(get("name"), get("position"), get("phone"), get("email"));
        let mut reasons = Vec::new();
        if scope.is_none() {
            reasons.push(format!(
                "dealer_code: {code} is not a dealer of factory {}",
                factory.code
            ));
        }
        if let Err(errors) = &contact {
            reasons.extend(errors.iter().map(|e| e.to_string()));
        }
        match (scope, contact) {
            (Some(s), Ok(c)) if reasons.is_empty() => good.push((s, c)),
            _ => bad.push(BadRow {
                line: *line,
                reason: reasons.join("; "),
            }),
        }
    }
    if bad.is_empty() {
        tx.sync_batch().insert_contacts(&good).await?;
    }
    Ok(())
}

async fn leads(
    tx: &mut dealerdesk_store::Conn,
    factory: &Factory,
    t: &Table,
    bad: &mut Vec<BadRow>,
) -> Result<(), ImportError> {
    let mut good = Vec::with_capacity(t.rows.len());
    for (line, cells) in &t.rows {
        let m = row_map(t, cells);
        let get = |k: &str| m.get(k).copied().unwrap_or_default().to_owned();
        let fields = LeadFields {
            company: get("company"),
            contact_name: get("contact_name"),
            phone: get("phone"),
            email: get("email"),
            city: get("city"),
            region: get("region"),
            note: get("note"),
        };
        let source = match get("source").as_str() {
            "" => Ok(LeadSource::Import),
            s => LeadSource::parse(s),
        };
        let lead = NewLead::parse(&fields);
        let mut reasons: Vec<String> = Vec::new();
        if let Err(e) = &source {
            reasons.push(e.to_string());
        }
        if let Err(errors) = &lead {
            reasons.extend(errors.iter().map(|e| e.to_string()));
        }
        match (lead, source) {
            (Ok(lead), Ok(source)) if reasons.is_empty() => good.push((lead, source)),
            _ => bad.push(BadRow {
                line: *line,
                reason: reasons.join("; "),
            }),
        }
    }
    if bad.is_empty() {
        tx.sync_batch().insert_leads(factory.id, &good).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_and_a_bom_reads() {
        let t = read_table(
            "\u{feff}Company;Phone\n\"Вікна; Двері\";0501234567\n\n;\nДругий;0671112233\n"
                .as_bytes(),
        )
        .expect("table");
        assert_eq!(t.headers, vec!["company", "phone"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(
            t.rows[0],
            (2, vec!["Вікна; Двері".to_owned(), "0501234567".to_owned()])
        );
        assert_eq!(t.rows[1].0, 5, "lines count blank ones");
        assert!(read_table(b"").is_err());
        assert!(read_table(&[0xff, 0xfe, 0x00]).is_err());
    }

    #[test]
    fn columns_are_checked_by_name() {
        let t = Table {
            headers: vec!["company".into(), "fax".into()],
            rows: vec![],
        };
        let e = check_columns(ImportKind::Leads, &t)
            .expect_err("refused")
            .to_string();
        assert!(e.starts_with("unknown columns: fax"), "{e}");
        let t = Table {
            headers: vec!["name".into()],
            rows: vec![],
        };
        let e = check_columns(ImportKind::Contacts, &t)
            .expect_err("refused")
            .to_string();
        assert!(e.starts_with("missing columns: dealer_code"), "{e}");
    }
}
