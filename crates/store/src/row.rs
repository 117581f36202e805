//! Reading typed values out of `AnyRow`s. Every decode goes through the
//! domain's constructors, so a bad stored value is reported as `Corrupt`
//! with the column named instead of panicking or passing through.

use crate::{Result, StoreError};
use dealerdesk_domain::{Currency, Email, LedgerKind, OrderStatus, Role, Timestamp};
use sqlx::Row;
use sqlx::any::AnyRow;

pub(crate) trait RowExt {
    fn i64(&self, col: &str) -> Result<i64>;
    fn opt_i64(&self, col: &str) -> Result<Option<i64>>;
    fn string(&self, col: &str) -> Result<String>;
    fn opt_string(&self, col: &str) -> Result<Option<String>>;
    fn flag(&self, col: &str) -> Result<bool> {
        Ok(self.i64(col)? != 0)
    }
    fn ts(&self, col: &str) -> Result<Timestamp> {
        self.i64(col).map(Timestamp)
    }
    fn opt_ts(&self, col: &str) -> Result<Option<Timestamp>> {
        Ok(self.opt_i64(col)?.map(Timestamp))
    }
    fn currency(&self, col: &str) -> Result<Currency> {
        Ok(Currency::parse(&self.string(col)?)?)
    }
    fn email(&self, col: &str) -> Result<Email> {
        Ok(Email::parse(&self.string(col)?)?)
    }
    fn role(&self, col: &str) -> Result<Role> {
        Ok(Role::parse(&self.string(col)?)?)
    }
    fn order_status(&self, col: &str) -> Result<OrderStatus> {
        Ok(OrderStatus::parse(&self.string(col)?)?)
    }
    fn ledger_kind(&self, col: &str) -> Result<LedgerKind> {
        Ok(LedgerKind::parse(&self.string(col)?)?)
    }
}

fn corrupt(col: &str, e: sqlx::Error) -> StoreError {
    StoreError::Corrupt(format!("column {col}: {e}"))
}

impl RowExt for AnyRow {
    fn i64(&self, col: &str) -> Result<i64> {
        self.try_get::<i64, _>(col).map_err(|e| corrupt(col, e))
    }
    fn opt_i64(&self, col: &str) -> Result<Option<i64>> {
        self.try_get::<Option<i64>, _>(col)
            .map_err(|e| corrupt(col, e))
    }
    fn string(&self, col: &str) -> Result<String> {
        self.try_get::<String, _>(col).map_err(|e| corrupt(col, e))
    }
    fn opt_string(&self, col: &str) -> Result<Option<String>> {
        self.try_get::<Option<String>, _>(col)
            .map_err(|e| corrupt(col, e))
    }
}
