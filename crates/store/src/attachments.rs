use crate::Result;
use crate::dealers::Upserted;
use crate::row::RowExt;
use dealerdesk_domain::model::Attachment;
use dealerdesk_domain::{AttachmentId, DealerId, DealerScope, FactoryId, OrderId, Timestamp};
use sqlx::AnyConnection;
use sqlx::any::AnyRow;

pub struct Attachments<'c> {
    pub(crate) c: &'c mut AnyConnection,
}

/// An attachment's metadata; its bytes are in the blob store under `sha256`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    pub source_attachment_id: String,
    pub dealer_id: DealerId,
    pub order_id: OrderId,
    pub position: Option<i64>,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub size_bytes: i64,
}

macro_rules! cols {
    () => {
        "id, order_id, position, kind, file_name, content_type, sha256, size_bytes, created_at"
    };
}

fn from_row(r: &AnyRow) -> Result<Attachment> {
    Ok(Attachment {
        id: AttachmentId(r.i64("id")?),
        order_id: OrderId(r.i64("order_id")?),
        position: r.opt_i64("position")?,
        kind: r.string("kind")?,
        file_name: r.string("file_name")?,
        content_type: r.string("content_type")?,
        sha256: r.string("sha256")?,
        size_bytes: r.i64("size_bytes")?,
        created_at: r.ts("created_at")?,
    })
}

impl Attachments<'_> {
    /// Records an attachment from the production system if `version` is
    /// newer than what is stored under its id.
    pub async fn upsert(
        &mut self,
        factory: FactoryId,
        a: &NewAttachment,
        version: i64,
    ) -> Result<Upserted<AttachmentId>> {
        let existing = sqlx::query("SELECT id, version FROM attachments WHERE factory_id = $1 AND source_attachment_id = $2")
            .bind(factory.0)
            .bind(&a.source_attachment_id)
            .fetch_optional(&mut *self.c)
            .await?;
        match existing {
            Some(r) if version <= r.i64("version")? => Ok(Upserted::Stale),
            Some(r) => {
                let id = r.i64("id")?;
                sqlx::query(
                    "UPDATE attachments SET dealer_id = $2, order_id = $3, position = $4, kind = $5, file_name = $6, content_type = $7, sha256 = $8, \
                     size_bytes = $9, version = $10 WHERE id = $1",
                )
                .bind(id)
                .bind(a.dealer_id.0)
                .bind(a.order_id.0)
                .bind(a.position)
                .bind(&a.kind)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(&a.sha256)
                .bind(a.size_bytes)
                .bind(version)
                .execute(&mut *self.c)
                .await?;
                Ok(Upserted::Updated(AttachmentId(id)))
            }
            None => {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO attachments (factory_id, dealer_id, order_id, position, source_attachment_id, kind, file_name, content_type, sha256, \
                     size_bytes, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                )
                .bind(factory.0)
                .bind(a.dealer_id.0)
                .bind(a.order_id.0)
                .bind(a.position)
                .bind(&a.source_attachment_id)
                .bind(&a.kind)
                .bind(&a.file_name)
                .bind(&a.content_type)
                .bind(&a.sha256)
                .bind(a.size_bytes)
                .bind(version)
                .bind(Timestamp::now().0)
                .fetch_one(&mut *self.c)
                .await?;
                Ok(Upserted::Inserted(AttachmentId(id)))
            }
        }
    }

    pub async fn of_order(
        &mut self,
        scope: &DealerScope,
        order: OrderId,
    ) -> Result<Vec<Attachment>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM attachments WHERE order_id = $1 AND dealer_id = $2 ORDER BY position, id"
        ))
        .bind(order.0)
        .bind(scope.dealer().0)
        .fetch_all(&mut *self.c)
        .await?
        .iter()
        .map(from_row)
        .collect()
    }

    pub async fn get(
        &mut self,
        scope: &DealerScope,
        id: AttachmentId,
    ) -> Result<Option<Attachment>> {
        sqlx::query(concat!(
            "SELECT ",
            cols!(),
            " FROM attachments WHERE id = $1 AND dealer_id = $2"
        ))
        .bind(id.0)
        .bind(scope.dealer().0)
        .fetch_optional(&mut *self.c)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
    }
}
