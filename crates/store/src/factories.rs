use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Factory;
use dealerdesk_domain::{FactoryId, Timestamp};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Factories<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

macro_rules! cols {
    () => {
        "id, code, name, timezone"
    };
}

fn from_row(r: &AnyRow) -> Result<Factory> {
    Ok(Factory {
        id: FactoryId(r.i64("id")?),
        code: r.string("code")?,
        name: r.string("name")?,
        timezone: r.string("timezone")?,
    })
}

impl Factories<'_> {
    /// Adds a factory; `Conflict` if the code is taken.
    pub async fn insert(&mut self, code: &str, name: &str, timezone: &str) -> Result<Factory> {
        let row = sqlx::query(concat!("INSERT INTO factories (code, name, timezone, created_at) VALUES ($1, $2, $3, $4) RETURNING ", cols!()))
            .bind(code)
            .bind(name)
            .bind(timezone)
            .bind(Timestamp::now().0)
            .fetch_one(&mut *self.c)
            .await?;
        from_row(&row)
    }

    pub async fn by_code(&mut self, code: &str) -> Result<Option<Factory>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM factories WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }

    pub async fn by_id(&mut self, id: FactoryId) -> Result<Option<Factory>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM factories WHERE id = $1"))
            .bind(id.0)
            .fetch_optional(&mut *self.c)
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    pub async fn list(&mut self) -> Result<Vec<Factory>> {
        sqlx::query(concat!("SELECT ", cols!(), " FROM factories ORDER BY code"))
            .fetch_all(&mut *self.c)
            .await?
            .iter()
            .map(from_row)
            .collect()
    }
}
