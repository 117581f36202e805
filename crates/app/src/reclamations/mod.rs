//! Reclamations, the dealer's side and the shared page (SPEC 4.1): filing
//! one from an order (constructions, a defect category, a description, 1–10
//! photos checked by their content), reading it with its photos, thread and
//! history, and talking inside it. The specialists' work is in [`review`].
//!
//! Every change is one transaction with its history row, its audit entry
//! and its outbox event, so the notifications (and later analytics) see
//! exactly what happened. A reclamation of another dealer is `NotFound`,
//! like a missing one.

pub mod review;
pub mod texts;

use crate::{App, AppError, FieldError, Result};
use dealerdesk_domain::model::{Construction, Reclamation};
use dealerdesk_domain::photo::{MAX_PHOTO_BYTES, MAX_PHOTOS, sniff_image};
use dealerdesk_domain::{
    Actor, DealerRef, DealerScope, OrderStatus, Purpose, ReclamationStatus, Timestamp,
};
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::blobs::{NewFile, StoredFile};
use dealerdesk_store::reclamations::{Comment, HistoryRow, NewReclamation, QueueFilter, QueueRow};
use dealerdesk_store::{Conn, Repos};
use serde_json::json;

/// Longest description or comment, in characters.
pub const MAX_TEXT: usize = 4000;

pub use crate::uploads::Upload;

/// A reclamation's photos: 1–10 images of at most 10 MB.
const PHOTOS: crate::uploads::Rules = crate::uploads::Rules {
    field: "photos",
    min: 1,
    max: MAX_PHOTOS,
    max_bytes: MAX_PHOTO_BYTES,
    sniff: |bytes, _| sniff_image(bytes),
    too_few: "add at least one photo",
    plural: "photos",
    what: "a photo (JPEG, PNG, GIF, WebP or HEIC)",
    fallback: "photo",
};

/// What a dealer files.
#[derive(Debug, Clone, Default)]
pub struct Filing {
    /// The positions (1, 2, …) of the order's constructions it concerns.
    pub constructions: Vec<i64>,
    pub category: String,
    pub description: String,
    pub photos: Vec<Upload>,
}

/// The filing form: the order's constructions and the categories.
#[derive(Debug, Clone)]
pub struct FilingForm {
    pub factory_code: String,
    pub order_number: String,
    pub constructions: Vec<Construction>,
    pub categories: Vec<String>,
}

/// A reclamation as its page shows it.
#[derive(Debug, Clone)]
pub struct ReclamationView {
    pub reclamation: Reclamation,
    pub factory_code: String,
    pub order_number: String,
    pub dealer_name: String,
    pub assigned_name: Option<String>,
    pub constructions: Vec<Construction>,
    pub photos: Vec<StoredFile>,
    pub comments: Vec<Comment>,
    pub history: Vec<HistoryRow>,
    /// The person may move it and decide (a specialist of its factory).
    pub can_review: bool,
    /// The person may write in its thread (not once it is closed).
    pub can_comment: bool,
}

/// A description or comment: trimmed, 1..=MAX_TEXT characters, line
/// breaks and tabs allowed, no other control characters.
pub fn text(field: &str, raw: &str) -> std::result::Result<String, FieldError> {
    let v = raw.trim().replace("\r\n", "\n");
    let err = |m: String| FieldError {
        field: field.to_owned(),
        message: m,
    };
    let n = v.chars().count();
    if n == 0 {
        return Err(err("must not be empty".into()));
    }
    if n > MAX_TEXT {
        return Err(err(format!("must be at most {MAX_TEXT} characters")));
    }
    if v.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(err("must not contain control characters".into()));
    }
    Ok(v)
}

/// The reclamation named in a URL, with the scope to work on it.
pub(crate) async fn locate(
    c: &mut Conn,
    actor: &Actor,
    number: &str,
) -> Result<(Reclamation, DealerRef, DealerScope)> {
    let (r, dref) = c
        .reclamations()
        .find(number)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dref, Purpose::Reclamations)
        .ok_or(AppError::NotFound)?;
    Ok((r, dref, scope))
}

/// Whether `number` appears in `text` as a whole (not as the start of a
/// longer number).
pub fn mentions(text: &str, number: &str) -> bool {
    text.match_indices(number).any(|(i, _)| {
        let after = text[i + number.len()..].chars().next();
        let before = text[..i].chars().next_back();
        !after.is_some_and(|c| c.is_ascii_alphanumeric())
            && !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

impl App {
    /// The filing form of an order of the person's own dealer.
    pub async fn reclamation_form(
        &self,
        actor: &Actor,
        factory_code: &str,
        number: &str,
    ) -> Result<FilingForm> {
        if actor.own_dealer().is_none() {
            return Err(AppError::Forbidden);
        }
        let mut c = self.store.read().await?;
        let (order, _, scope) =
            crate::scope::order_row(&mut c, actor, factory_code, number, Purpose::Reclamations)
                .await?;
        let constructions = c.orders().constructions(&scope, order.id).await?;
        let categories = c
            .reclamations()
            .categories()
            .await?
            .into_iter()
            .map(|n| n.code)
            .collect();
        Ok(FilingForm {
            factory_code: factory_code.to_owned(),
            order_number: order.number,
            constructions,
            categories,
        })
    }

    /// Files a reclamation; returns its number. Every bad input is named
    /// (all at once) and nothing is stored.
    pub async fn file_reclamation(
        &self,
        actor: &Actor,
        factory_code: &str,
        number: &str,
        f: Filing,
    ) -> Result<String> {
        if actor.own_dealer().is_none() {
            return Err(AppError::Forbidden);
        }
        let mut c = self.store.read().await?;
        let (order, _, scope) =
            crate::scope::order_row(&mut c, actor, factory_code, number, Purpose::Reclamations)
                .await?;
        let constructions = c.orders().constructions(&scope, order.id).await?;
        let categories = c.reclamations().categories().await?;
        drop(c);
        let mut errors = Vec::new();
        let mut err = |field: &str, message: String| {
            errors.push(FieldError {
                field: field.to_owned(),
                message,
            })
        };
        if order.status == OrderStatus::Cancelled {
            err(
                "order",
                "a cancelled order cannot have a reclamation".into(),
            );
        }
        let mut chosen: Vec<i64> = f.constructions.clone();
        chosen.sort_unstable();
        chosen.dedup();
        if chosen.is_empty() {
            err("constructions", "choose at least one construction".into());
        }
        let ids: Vec<dealerdesk_domain::ConstructionId> = chosen
            .iter()
            .filter_map(|p| {
                constructions
                    .iter()
                    .find(|k| k.position == *p)
                    .map(|k| k.id)
            })
            .collect();
        if ids.len() != chosen.len() {
            err(
                "constructions",
                "is not a construction of this order".into(),
            );
        }
        let norm = categories.iter().find(|n| n.code == f.category);
        if norm.is_none() {
            let all: Vec<&str> = categories.iter().map(|n| n.code.as_str()).collect();
            err("category", format!("must be one of: {}", all.join(", ")));
        }
        let description = text("description", &f.description);
        if let Err(e) = &description {
            err(&e.field, e.message.clone());
        }
        let typed = crate::uploads::check(&PHOTOS, &f.photos, &mut errors);
        let (Some(norm), Ok(description), true) = (norm, description, errors.is_empty()) else {
            return Err(AppError::Invalid(errors));
        };
        // The files first, made durable before the rows that name them.
        let stored = crate::uploads::store(&self.store, &typed).await?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (id, rec_number) = tx
            .reclamations()
            .insert(
                &scope,
                &NewReclamation {
                    factory_id: order.factory_id,
                    order_id: order.id,
                    number_prefix: format!("{factory_code}-R-"),
                    category: norm.code.clone(),
                    description: description.clone(),
                    created_by: actor.user_id,
                    deadline_at: Some(now.plus_seconds(norm.deadline_days * 86_400)),
                },
                now,
            )
            .await?;
        for k in &ids {
            tx.reclamations().add_construction(&scope, id, *k).await?;
        }
        for (p, sha) in typed.iter().zip(&stored) {
            tx.reclamations()
                .add_photo(
                    &scope,
                    id,
                    &NewFile {
                        sha256: sha,
                        content_type: p.content_type,
                        size_bytes: p.bytes.len() as i64,
                        file_name: &p.file_name,
                    },
                    now,
                )
                .await?;
        }
        tx.reclamations()
            .add_history(
                &scope,
                id,
                None,
                ReclamationStatus::Submitted,
                actor.user_id,
                now,
            )
            .await?;
        let dealer_name = tx
            .dealers()
            .by_id(scope.dealer())
            .await?
            .map(|d| d.name)
            .unwrap_or_default();
        tx.outbox()
            .append(
                "reclamation_filed",
                Some(order.factory_id),
                Some(scope.dealer()),
                &json!({"number": rec_number, "order_number": order.number, "category": norm.code,
                        "dealer_name": dealer_name, "author_id": actor.user_id.0}),
            )
            .await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "reclamation.filed",
                object_type: "reclamation",
                object_id: rec_number.clone(),
                after: Some(
                    json!({"order": order.number, "category": norm.code, "constructions": chosen, "photos": stored.len()})
                        .to_string(),
                ),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(rec_number)
    }

    /// One reclamation with everything its page shows.
    pub async fn reclamation(&self, actor: &Actor, number: &str) -> Result<ReclamationView> {
        let mut c = self.store.read().await?;
        let (r, dref, scope) = locate(&mut c, actor, number).await?;
        let order = c
            .orders()
            .get(&scope, r.order_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let chosen = c.reclamations().construction_ids(&scope, r.id).await?;
        let constructions = c
            .orders()
            .constructions(&scope, r.order_id)
            .await?
            .into_iter()
            .filter(|k| chosen.contains(&k.id))
            .collect();
        let photos = c.reclamations().photos(&scope, r.id).await?;
        let comments = c.reclamations().comments(&scope, r.id).await?;
        let history = c.reclamations().history(&scope, r.id).await?;
        let dealer_name = c
            .dealers()
            .by_id(dref.id)
            .await?
            .map(|d| d.name)
            .unwrap_or_default();
        let assigned_name = match r.assigned_to {
            Some(u) => c.users().by_id(u).await?.map(|u| u.display_name),
            None => None,
        };
        let factory_code = self.factory_on(&mut c, r.factory_id).await?.code;
        Ok(ReclamationView {
            can_review: review::may_review(actor),
            can_comment: r.status != ReclamationStatus::Closed,
            factory_code,
            order_number: order.number,
            dealer_name,
            assigned_name,
            constructions,
            photos,
            comments,
            history,
            reclamation: r,
        })
    }

    /// A photo of a reclamation the person may see: its type and bytes.
    pub async fn reclamation_photo(
        &self,
        actor: &Actor,
        number: &str,
        photo: i64,
    ) -> Result<(StoredFile, Vec<u8>)> {
        let mut c = self.store.read().await?;
        let (r, _, scope) = locate(&mut c, actor, number).await?;
        let p = c
            .reclamations()
            .photos(&scope, r.id)
            .await?
            .into_iter()
            .find(|p| p.id == photo)
            .ok_or(AppError::NotFound)?;
        drop(c);
        let bytes = self
            .store
            .blobs()
            .get(&p.sha256)
            .await
            .map_err(|e| AppError::Internal(format!("reading a photo: {e}")))?;
        Ok((p, bytes))
    }

    /// Writes in the reclamation's thread. A dealer's answer to a question
    /// puts it back in review.
    pub async fn comment_reclamation(&self, actor: &Actor, number: &str, body: &str) -> Result<()> {
        let body = text("body", body).map_err(|e| AppError::Invalid(vec![e]))?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (r, _, scope) = locate(&mut tx, actor, number).await?;
        if r.status == ReclamationStatus::Closed {
            return Err(AppError::Conflict("this reclamation is closed".into()));
        }
        let from_dealer = actor.role.is_dealer_side();
        tx.reclamations()
            .add_comment(&scope, r.id, actor.user_id, &body, now)
            .await?;
        if from_dealer && r.status == ReclamationStatus::WaitingForDealer {
            review::record_move(
                &mut tx,
                &scope,
                &r,
                ReclamationStatus::InReview,
                actor,
                now,
                json!({}),
            )
            .await?;
        }
        let excerpt: String = body.chars().take(200).collect();
        let author = tx
            .users()
            .by_id(actor.user_id)
            .await?
            .map(|u| u.display_name)
            .unwrap_or_default();
        tx.outbox()
            .append(
                "reclamation_comment",
                Some(r.factory_id),
                Some(scope.dealer()),
                &json!({"number": r.number, "author": author, "author_id": actor.user_id.0,
                        "from_dealer": from_dealer, "excerpt": excerpt,
                        "assigned_to": r.assigned_to.map(|u| u.0)}),
            )
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The person's own dealer's reclamations, open ones first.
    pub async fn my_reclamations(&self, actor: &Actor) -> Result<Vec<QueueRow>> {
        let mut c = self.store.read().await?;
        let (_, scope) = crate::scope::own_dealer(&mut c, actor, Purpose::Reclamations).await?;
        Ok(c.reclamations()
            .queue(&QueueFilter {
                dealer: Some(scope),
                limit: 500,
                ..QueueFilter::default()
            })
            .await?)
    }

    /// Compensations decided for the dealer that the accounting system has
    /// not posted yet: no live ledger entry of the dealer mentions the
    /// reclamation's number. Only for people who see the dealer's finance.
    pub async fn pending_compensations(&self, actor: &Actor) -> Result<Vec<Reclamation>> {
        let mut c = self.store.read().await?;
        let (_, scope) = crate::scope::own_dealer(&mut c, actor, Purpose::ViewFinance).await?;
        let mut out = Vec::new();
        for r in c.reclamations().compensations(&scope).await? {
            // Accounting posts after the filing; a day's margin for the
            // factory's time zone.
            let since = dealerdesk_domain::time::format_date(
                r.created_at.plus_seconds(-86_400).to_datetime().date(),
            );
            let posted = c
                .reclamations()
                .ledger_mentions(&scope, &r.number, &since)
                .await?
                .iter()
                .any(|d| mentions(d, &r.number));
            if !posted {
                out.push(r);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_is_mentioned_only_whole() {
        assert!(mentions(
            "Компенсація за рекламацією KH-R-00012, замовлення KH-1",
            "KH-R-00012"
        ));
        assert!(mentions("KH-R-00012", "KH-R-00012"));
        assert!(!mentions("Компенсація KH-R-000123", "KH-R-00012"));
        assert!(!mentions("XKH-R-00012", "KH-R-00012"));
        assert!(!mentions("PL-KH-R-00012", "KH-R-00012"));
        assert!(!mentions("nothing here", "KH-R-00012"));
    }

    #[test]
    fn texts_keep_their_lines() {
        assert_eq!(
            text("d", "  line one\r\nline two \t").as_deref().ok(),
            Some("line one\nline two")
        );
        assert!(text("d", "   ").is_err());
        assert!(text("d", "bell\u{7}").is_err());
        assert!(text("d", &"я".repeat(MAX_TEXT + 1)).is_err());
        assert!(text("d", &"я".repeat(MAX_TEXT)).is_ok());
    }
}
