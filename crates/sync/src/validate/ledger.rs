//! The accounting system's events: `ledger.opening_balance`,
//! `ledger.entry_posted` and `ledger.entry_voided`. Amount signs follow the
//! domain's ledger rules (`LedgerKind::check_amount`).

use super::Res;
use super::fields::{Lines, NUMBER_MAX, Obj, domain_message};
use crate::events::*;
use dealerdesk_domain::LedgerKind;

pub(super) fn opening(o: &Obj) -> Res<LedgerOpeningBalance> {
    o.only(&["dealer_code", "as_of", "amount_minor", "currency"])?;
    Ok(LedgerOpeningBalance {
        dealer_code: o.code("dealer_code")?,
        as_of: o.date("as_of")?,
        amount_minor: o.int("amount_minor")?,
        currency: o.currency("currency")?,
    })
}

pub(super) fn entry_posted(o: &Obj) -> Res<LedgerEntryPosted> {
    o.only(&[
        "entry_id",
        "dealer_code",
        "kind",
        "amount_minor",
        "currency",
        "posted_on",
        "order_number",
        "description",
    ])?;
    let max = o.limits.max_string_chars;
    let entry_id = o.text("entry_id", max, Lines::One)?;
    let dealer_code = o.code("dealer_code")?;
    let kind = o.parsed("kind", LedgerKind::parse)?;
    let amount_minor = o.int("amount_minor")?;
    kind.check_amount(amount_minor)
        .map_err(|e| o.invalid("amount_minor", domain_message("amount_minor", &e)))?;
    if amount_minor == i64::MIN {
        return Err(o.invalid("amount_minor", "amount_minor is out of range"));
    }
    Ok(LedgerEntryPosted {
        entry_id,
        dealer_code,
        kind,
        amount_minor,
        currency: o.currency("currency")?,
        posted_on: o.date("posted_on")?,
        order_number: o.opt_text("order_number", NUMBER_MAX, Lines::One)?,
        description: o.opt_text("description", max, Lines::Many)?,
    })
}

pub(super) fn entry_voided(o: &Obj) -> Res<LedgerEntryVoided> {
    o.only(&["entry_id", "reason"])?;
    let max = o.limits.max_string_chars;
    Ok(LedgerEntryVoided {
        entry_id: o.text("entry_id", max, Lines::One)?,
        reason: o.text("reason", max, Lines::Many)?,
    })
}
