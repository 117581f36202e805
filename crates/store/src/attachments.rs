use crate::Result;
use crate::row::RowExt;
use dealerdesk_domain::model::Attachment;
use dealerdesk_domain::{AttachmentId, DealerId, DealerScope, OrderId};
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
