//! The statement as files: CSV for machines, XLSX for people. Both carry
//! exactly the page's numbers: the same [`Statement`], the same columns,
//! amounts in major units (exact decimals in CSV, number cells in XLSX).
//! Labels come from the caller's translator, so a file is in the reader's
//! language like the page it was downloaded from.

use super::{Statement, StatementLine};
use crate::analytics::export::text_cell;
use crate::{AppError, Result};
use dealerdesk_domain::{LedgerKind, Money};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, XlsxError};

/// Every label key the files use; the web layer's i18n test checks each is
/// translated.
pub const KEYS: &[&str] = &[
    "finance.title",
    "finance.period",
    "finance.opening",
    "finance.closing",
    "finance.total",
    "finance.by_order",
    "finance.col.date",
    "finance.col.kind",
    "finance.col.order",
    "finance.col.description",
    "finance.col.debit",
    "finance.col.credit",
    "finance.col.balance",
    "finance.col.voided_amount",
    "finance.col.void_reason",
    "finance.col.charged",
    "finance.col.paid",
    "finance.col.compensated",
    "finance.col.net",
    "finance.col.outstanding_now",
    "ledger.charge",
    "ledger.payment",
    "ledger.compensation",
    "ledger.delivery_charge",
    "ledger.refund",
    "ledger.adjustment",
];

/// The label key of an entry kind.
pub fn kind_key(kind: LedgerKind) -> &'static str {
    match kind {
        LedgerKind::Charge => "ledger.charge",
        LedgerKind::Payment => "ledger.payment",
        LedgerKind::Compensation => "ledger.compensation",
        LedgerKind::DeliveryCharge => "ledger.delivery_charge",
        LedgerKind::Refund => "ledger.refund",
        LedgerKind::Adjustment => "ledger.adjustment",
    }
}

/// The columns of a line, shared by both files: debit and credit hold only
/// what counted; a voided entry's amount goes to its own column, so the
/// columns still add up to the closing balance.
pub struct Cells<'a> {
    pub date: &'a str,
    pub kind: LedgerKind,
    pub order: &'a str,
    pub description: &'a str,
    pub debit: Option<i64>,
    pub credit: Option<i64>,
    pub running: i64,
    pub voided_amount: Option<i64>,
    pub void_reason: &'a str,
}

impl StatementLine {
    pub fn cells(&self) -> Cells<'_> {
        let e = &self.entry;
        Cells {
            date: &e.posted_on,
            kind: e.kind,
            order: e.order_number.as_deref().unwrap_or(""),
            description: e.description.as_deref().unwrap_or(""),
            debit: (self.effect_minor > 0).then_some(self.effect_minor),
            credit: (self.effect_minor < 0).then_some(-self.effect_minor),
            running: self.running_minor,
            voided_amount: e.voided.then_some(e.amount_minor),
            void_reason: if e.voided {
                e.void_reason.as_deref().unwrap_or("")
            } else {
                ""
            },
        }
    }
}

const LINE_COLUMNS: [&str; 9] = [
    "finance.col.date",
    "finance.col.kind",
    "finance.col.order",
    "finance.col.description",
    "finance.col.debit",
    "finance.col.credit",
    "finance.col.balance",
    "finance.col.voided_amount",
    "finance.col.void_reason",
];

/// A UTF-8 CSV with a header row; the opening balance first, the closing
/// balance last, amounts like `-1234.50`.
/// Text from the plant goes through [`text_cell`] (no formulas).
pub fn csv(s: &Statement, t: &dyn Fn(&str) -> String) -> Result<Vec<u8>> {
    let m = |minor: i64| Money::new(minor, s.currency).decimal_string();
    let opt = |minor: Option<i64>| minor.map(m).unwrap_or_default();
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    w.write_record(LINE_COLUMNS.iter().map(|k| t(k)))
        .map_err(fail)?;
    let opening = [
        s.from.clone(),
        t("finance.opening"),
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        m(s.opening_minor),
        String::new(),
        String::new(),
    ];
    w.write_record(&opening).map_err(fail)?;
    for l in &s.lines {
        let c = l.cells();
        w.write_record([
            c.date.to_owned(),
            t(kind_key(c.kind)),
            text_cell(c.order),
            text_cell(c.description),
            opt(c.debit),
            opt(c.credit),
            m(c.running),
            opt(c.voided_amount),
            text_cell(c.void_reason),
        ])
        .map_err(fail)?;
    }
    let closing = [
        s.to.clone(),
        t("finance.closing"),
        String::new(),
        String::new(),
        m(s.debit_minor),
        m(s.credit_minor),
        m(s.closing_minor),
        String::new(),
        String::new(),
    ];
    w.write_record(&closing).map_err(fail)?;
    w.into_inner()
        .map_err(|e| AppError::Internal(format!("csv: {e}")))
}

fn xlsx_err(e: XlsxError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// An `.xlsx` workbook: the statement sheet (date cells, number cells with
/// the currency's decimals, voided lines struck through) and a sheet of the
/// per-order settlement.
pub fn xlsx(s: &Statement, t: &dyn Fn(&str) -> String) -> Result<Vec<u8>> {
    build_xlsx(s, t).map_err(xlsx_err)
}

fn date_cell(raw: &str) -> Option<ExcelDateTime> {
    let d: jiff::civil::Date = raw.parse().ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(u16::try_from(d.year()).ok()?, month, day).ok()
}

fn build_xlsx(
    s: &Statement,
    t: &dyn Fn(&str) -> String,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let digits = s.currency.minor_digits();
    let scale = 10f64.powi(digits as i32);
    let num = |minor: i64| minor as f64 / scale;
    let pattern = if digits == 0 {
        "#,##0".to_owned()
    } else {
        format!("#,##0.{}", "0".repeat(digits as usize))
    };
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let money = Format::new().set_num_format(&pattern);
    let money_bold = money.clone().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let date_bold = date.clone().set_bold();
    let struck = Format::new().set_font_strikethrough();
    let struck_money = money.clone().set_font_strikethrough();
    let struck_date = date.clone().set_font_strikethrough();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&t("finance.title")))?;
    ws.write_string_with_format(
        0,
        0,
        format!(
            "{} — {} ({})",
            t("finance.title"),
            s.dealer.name,
            s.dealer.code
        ),
        &bold,
    )?;
    ws.write_string(
        1,
        0,
        format!("{}: {} — {}", t("finance.period"), s.from, s.to),
    )?;
    ws.write_string(1, 4, s.currency.as_str())?;
    let header = 3u32;
    for (i, k) in LINE_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(header, i as u16, t(k), &head)?;
    }
    let mut row = header + 1;
    let write_date =
        |ws: &mut rust_xlsxwriter::Worksheet, row: u32, raw: &str, f: &Format| match date_cell(raw)
        {
            Some(d) => ws.write_datetime_with_format(row, 0, &d, f).map(|_| ()),
            None => ws.write_string(row, 0, raw).map(|_| ()),
        };
    write_date(ws, row, &s.from, &date_bold)?;
    ws.write_string_with_format(row, 1, t("finance.opening"), &bold)?;
    ws.write_number_with_format(row, 6, num(s.opening_minor), &money_bold)?;
    row += 1;
    for l in &s.lines {
        let c = l.cells();
        let voided = c.voided_amount.is_some();
        let (txt, mon, dat) = if voided {
            (&struck, &struck_money, &struck_date)
        } else {
            (&Format::new(), &money, &date)
        };
        write_date(ws, row, c.date, dat)?;
        ws.write_string_with_format(row, 1, t(kind_key(c.kind)), txt)?;
        ws.write_string_with_format(row, 2, c.order, txt)?;
        ws.write_string_with_format(row, 3, c.description, txt)?;
        if let Some(v) = c.debit {
            ws.write_number_with_format(row, 4, num(v), mon)?;
        }
        if let Some(v) = c.credit {
            ws.write_number_with_format(row, 5, num(v), mon)?;
        }
        ws.write_number_with_format(row, 6, num(c.running), mon)?;
        if let Some(v) = c.voided_amount {
            ws.write_number_with_format(row, 7, num(v), &struck_money)?;
            ws.write_string(row, 8, c.void_reason)?;
        }
        row += 1;
    }
    write_date(ws, row, &s.to, &date_bold)?;
    ws.write_string_with_format(row, 1, t("finance.closing"), &bold)?;
    ws.write_number_with_format(row, 4, num(s.debit_minor), &money_bold)?;
    ws.write_number_with_format(row, 5, num(s.credit_minor), &money_bold)?;
    ws.write_number_with_format(row, 6, num(s.closing_minor), &money_bold)?;
    for (col, width) in [12, 18, 14, 40, 14, 14, 14, 14, 30].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(header + 1, 0)?;

    let ws = wb.add_worksheet();
    ws.set_name(sheet_name(&t("finance.by_order")))?;
    let cols = [
        "finance.col.order",
        "finance.col.charged",
        "finance.col.paid",
        "finance.col.compensated",
        "finance.col.net",
        "finance.col.outstanding_now",
    ];
    for (i, k) in cols.iter().enumerate() {
        ws.write_string_with_format(0, i as u16, t(k), &head)?;
    }
    for (i, o) in s.orders.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, &o.order_number)?;
        ws.write_number_with_format(r, 1, num(o.charged_minor), &money)?;
        ws.write_number_with_format(r, 2, num(o.paid_minor), &money)?;
        ws.write_number_with_format(r, 3, num(o.compensated_minor), &money)?;
        ws.write_number_with_format(r, 4, num(o.net_minor), &money)?;
        if let Some(v) = o.outstanding_now_minor {
            ws.write_number_with_format(r, 5, num(v), &money)?;
        }
    }
    for (col, width) in [16, 14, 14, 14, 14, 16].into_iter().enumerate() {
        ws.set_column_width(col as u16, width)?;
    }
    ws.set_freeze_panes(1, 0)?;
    wb.save_to_buffer()
}

/// Excel refuses sheet names over 31 characters or with `[]:*?/\`.
pub(crate) fn sheet_name(raw: &str) -> String {
    raw.chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect()
}
