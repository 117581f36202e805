//! An analytics table as a file: CSV for machines, XLSX for people. The
//! web layer builds the [`Table`] from the same report the page shows, in
//! the reader's language, so a file holds exactly the page's numbers.

use crate::finance::export::sheet_name;
use crate::{AppError, Result};
use rust_xlsxwriter::{Format, FormatBorder, Workbook, XlsxError};

/// A cell: text, a whole number, or money in minor units with the
/// currency's number of decimals.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    Money {
        minor: i64,
        digits: u32,
    },
    /// A share (0.0–1.0), written as a percentage.
    Share(f64),
    Empty,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    /// What the table covers (period, factory), written above it.
    pub subtitle: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

fn decimal(minor: i64, digits: u32) -> String {
    if digits == 0 {
        return minor.to_string();
    }
    let scale = 10i64.pow(digits);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale as u64,
        abs % scale as u64,
        width = digits as usize
    )
}

/// A text cell as a CSV cell: text that a spreadsheet would take for a
/// formula (it starts with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a leading `'`, so a dealer's name or an entry's description from
/// the plant can never run as a formula on a manager's computer. Numbers
/// are written by us and never pass through here.
pub(crate) fn text_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

pub fn csv(t: &Table) -> Result<Vec<u8>> {
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&t.columns).map_err(fail)?;
    for row in &t.rows {
        w.write_record(row.iter().map(|c| match c {
            Cell::Text(s) => text_cell(s),
            Cell::Int(n) => n.to_string(),
            Cell::Money { minor, digits } => decimal(*minor, *digits),
            Cell::Share(x) => format!("{:.1}%", x * 100.0),
            Cell::Empty => String::new(),
        }))
        .map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}

pub fn xlsx(t: &Table) -> Result<Vec<u8>> {
    build(t).map_err(|e: XlsxError| AppError::Internal(format!("xlsx: {e}")))
}

fn build(t: &Table) -> std::result::Result<Vec<u8>, XlsxError> {
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let share = Format::new().set_num_format("0.0%");
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&t.title))?;
    ws.write_string_with_format(0, 0, &t.title, &bold)?;
    ws.write_string(1, 0, &t.subtitle)?;
    let header = 3u32;
    for (i, c) in t.columns.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, c, &head)?;
        ws.set_column_width(i as u16, if i == 0 { 28 } else { 16 })?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let r = header + 1 + r as u32;
        for (i, c) in row.iter().enumerate() {
            let col = i as u16;
            match c {
                Cell::Text(s) => {
                    ws.write_string(r, col, s)?;
                }
                Cell::Int(n) => {
                    ws.write_number(r, col, *n as f64)?;
                }
                Cell::Money { minor, digits } => {
                    let pattern = if *digits == 0 {
                        "#,##0".to_owned()
                    } else {
                        format!("#,##0.{}", "0".repeat(*digits as usize))
                    };
                    let f = Format::new().set_num_format(&pattern);
                    ws.write_number_with_format(
                        r,
                        col,
                        *minor as f64 / 10f64.powi(*digits as i32),
                        &f,
                    )?;
                }
                Cell::Share(x) => {
                    ws.write_number_with_format(r, col, *x, &share)?;
                }
                Cell::Empty => {}
            }
        }
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            title: "Sales: by month".into(),
            subtitle: "2026-01 — 2026-02".into(),
            columns: vec![
                "Month".into(),
                "Orders".into(),
                "Turnover".into(),
                "Share".into(),
            ],
            rows: vec![
                vec![
                    Cell::Text("2026-01".into()),
                    Cell::Int(3),
                    Cell::Money {
                        minor: 123_456,
                        digits: 2,
                    },
                    Cell::Share(0.25),
                ],
                vec![
                    Cell::Text("2026-02, \"late\"".into()),
                    Cell::Int(0),
                    Cell::Money {
                        minor: -5,
                        digits: 2,
                    },
                    Cell::Empty,
                ],
            ],
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_is_defused() {
        assert_eq!(text_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text_cell("+380 44"), "'+380 44");
        assert_eq!(text_cell("-"), "'-");
        assert_eq!(text_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text_cell("ТОВ Вікна"), "ТОВ Вікна");
        assert_eq!(text_cell(""), "");
    }

    #[test]
    fn csv_holds_exact_decimals_and_quotes_text() {
        let out = String::from_utf8(csv(&table()).expect("csv")).expect("utf-8");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "Month,Orders,Turnover,Share");
        assert_eq!(lines[1], "2026-01,3,1234.56,25.0%");
        assert_eq!(lines[2], "\"2026-02, \"\"late\"\"\",0,-0.05,");
    }

    #[test]
    fn xlsx_is_a_zip_workbook() {
        let bytes = xlsx(&table()).expect("xlsx");
        assert!(bytes.starts_with(b"PK"), "an XLSX file is a zip archive");
        assert!(bytes.len() > 1_000);
    }
}
