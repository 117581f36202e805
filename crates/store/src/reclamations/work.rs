//! What hangs off one reclamation: its constructions, photos, comment
//! thread and history. Every read takes the dealer's scope, like the
//! reclamation itself.

use super::Reclamations;
use crate::Result;
use crate::blobs::{NewFile, StoredFile};
use crate::row::RowExt;
use dealerdesk_domain::{
    ConstructionId, DealerScope, ReclamationId, ReclamationStatus, Role, Timestamp, UserId,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub id: i64,
    pub author_id: UserId,
    pub author_name: String,
    pub author_role: Role,
    pub body: String,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryRow {
    pub from: Option<ReclamationStatus>,
    pub to: ReclamationStatus,
    pub actor_name: String,
    pub at: Timestamp,
}

impl Reclamations<'_> {
    pub async fn add_construction(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        construction: ConstructionId,
    ) -> Result<()> {
        sqlx::query("INSERT INTO reclamation_constructions (reclamation_id, construction_id, dealer_id) VALUES ($1, $2, $3)")
            .bind(id.0)
            .bind(construction.0)
            .bind(scope.dealer().0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    /// The positions of the constructions it concerns.
    pub async fn construction_ids(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
    ) -> Result<Vec<ConstructionId>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT construction_id FROM reclamation_constructions WHERE reclamation_id = $1 AND dealer_id = $2 ORDER BY construction_id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        Ok(ids.into_iter().map(ConstructionId).collect())
    }

    pub async fn add_photo(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        p: &NewFile<'_>,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar("INSERT INTO reclamation_photos (reclamation_id, dealer_id, sha256, content_type, size_bytes, file_name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(p.sha256)
            .bind(p.content_type)
            .bind(p.size_bytes)
            .bind(p.file_name)
            .bind(now.0)
            .fetch_one(&mut *self.c)
            .await?)
    }

    pub async fn photos(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
    ) -> Result<Vec<StoredFile>> {
        let rows = sqlx::query("SELECT id, sha256, content_type, size_bytes, file_name FROM reclamation_photos WHERE reclamation_id = $1 AND dealer_id = $2 ORDER BY id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StoredFile {
                    id: r.i64("id")?,
                    sha256: r.string("sha256")?,
                    content_type: r.string("content_type")?,
                    size_bytes: r.i64("size_bytes")?,
                    file_name: r.string("file_name")?,
                })
            })
            .collect()
    }

    pub async fn add_comment(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        author: UserId,
        body: &str,
        now: Timestamp,
    ) -> Result<i64> {
        Ok(sqlx::query_scalar("INSERT INTO reclamation_comments (reclamation_id, dealer_id, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(author.0)
            .bind(body)
            .bind(now.0)
            .fetch_one(&mut *self.c)
            .await?)
    }

    pub async fn comments(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
    ) -> Result<Vec<Comment>> {
        let rows = sqlx::query("SELECT c.id, c.author_id, u.display_name, u.role, c.body, c.created_at FROM reclamation_comments c JOIN users u ON u.id = c.author_id \
             WHERE c.reclamation_id = $1 AND c.dealer_id = $2 ORDER BY c.id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Comment {
                    id: r.i64("id")?,
                    author_id: UserId(r.i64("author_id")?),
                    author_name: r.string("display_name")?,
                    author_role: Role::parse(&r.string("role")?)?,
                    body: r.string("body")?,
                    created_at: r.ts("created_at")?,
                })
            })
            .collect()
    }

    pub async fn add_history(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
        from: Option<ReclamationStatus>,
        to: ReclamationStatus,
        actor: UserId,
        now: Timestamp,
    ) -> Result<()> {
        sqlx::query("INSERT INTO reclamation_history (reclamation_id, dealer_id, from_status, to_status, actor_id, at) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(id.0)
            .bind(scope.dealer().0)
            .bind(from.map(|s| s.as_str()))
            .bind(to.as_str())
            .bind(actor.0)
            .bind(now.0)
            .execute(&mut *self.c)
            .await?;
        Ok(())
    }

    pub async fn history(
        &mut self,
        scope: &DealerScope,
        id: ReclamationId,
    ) -> Result<Vec<HistoryRow>> {
        let rows = sqlx::query("SELECT h.from_status, h.to_status, u.display_name, h.at FROM reclamation_history h JOIN users u ON u.id = h.actor_id \
             WHERE h.reclamation_id = $1 AND h.dealer_id = $2 ORDER BY h.id")
            .bind(id.0)
            .bind(scope.dealer().0)
            .fetch_all(&mut *self.c)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(HistoryRow {
                    from: r
                        .opt_string("from_status")?
                        .map(|s| ReclamationStatus::parse(&s))
                        .transpose()?,
                    to: ReclamationStatus::parse(&r.string("to_status")?)?,
                    actor_name: r.string("display_name")?,
                    at: r.ts("at")?,
                })
            })
            .collect()
    }
}
