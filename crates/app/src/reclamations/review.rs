//! Reclamations, the specialists' side (SPEC 4.2): the queue with filters,
//! assignment, the status moves and decisions, the deadline norms per
//! category, and statistics by defect category and kind of product.
//!
//! Moves follow `ReclamationStatus::can_move` and are made with the status
//! they started from, so two specialists deciding at once cannot both win:
//! the second gets a conflict and changes nothing.

use super::{locate, text};
use crate::{App, AppError, Result};
use dealerdesk_domain::model::Reclamation;
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{
    Actor, DealerScope, Money, ReclamationDecision, ReclamationStatus, Role, Timestamp, UserId,
};
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::reclamations::{Assigned, CategoryNorm, QueueFilter, QueueRow, StatRow};
use dealerdesk_store::{Conn, Repos};
use serde_json::{Value, json};

/// Whether the person works the queue (a specialist, the administrator).
pub fn may_review(actor: &Actor) -> bool {
    actor.can(Capability::ReclamationQueue)
}

fn require_review(actor: &Actor) -> Result<()> {
    if may_review(actor) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// A specialist's move as the form sends it.
#[derive(Debug, Clone, Default)]
pub struct Move {
    pub to: String,
    /// With `to = decided`: remake, repair, compensation or rejected.
    pub decision: String,
    /// A compensation's amount, like `1250.50` or `1 250,50`.
    pub amount: String,
    /// A rejection's reason.
    pub reason: String,
    /// With `to = waiting_for_dealer`: what the dealer is asked.
    pub question: String,
}

/// The queue's filters as the page sends them.
#[derive(Debug, Clone, Default)]
pub struct QueueQuery {
    /// `open` (default), `all`, or one status.
    pub status: String,
    pub category: String,
    /// `me`, `nobody`, or anything else for anyone.
    pub assigned: String,
    pub overdue: bool,
}

/// Statistics of a period.
#[derive(Debug, Clone)]
pub struct Stats {
    pub by_category: Vec<StatRow>,
    pub by_kind: Vec<StatRow>,
}

/// An amount in major units with two decimals at most: `1250`, `1250.5`,
/// `1 250,50`. Returns minor units (> 0).
pub fn parse_amount(raw: &str) -> std::result::Result<i64, String> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let bad = || "must be an amount like 1250.50".to_owned();
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 12 {
        return Err(bad());
    }
    if frac.len() > 2 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let frac: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let minor = whole * 100 + frac;
    if minor <= 0 {
        return Err("must be more than zero".into());
    }
    Ok(minor)
}

/// Applies a move in the caller's transaction: the status (only from the
/// one it had), the history row, the outbox event for the dealer.
pub(crate) async fn record_move(
    tx: &mut Conn,
    scope: &DealerScope,
    r: &Reclamation,
    to: ReclamationStatus,
    actor: &Actor,
    now: Timestamp,
    extra: Value,
) -> Result<()> {
    if !r.status.can_move(to) {
        return Err(AppError::Conflict(
            "this move is not possible from the reclamation's current status".into(),
        ));
    }
    if !tx
        .reclamations()
        .set_status(scope, r.id, r.status, to, now)
        .await?
    {
        return Err(AppError::Conflict(
            "someone else changed this reclamation; reload the page".into(),
        ));
    }
    tx.reclamations()
        .add_history(scope, r.id, Some(r.status), to, actor.user_id, now)
        .await?;
    let mut payload = json!({"number": r.number, "from": r.status.as_str(), "to": to.as_str(),
                             "author_id": actor.user_id.0});
    if let (Value::Object(p), Value::Object(x)) = (&mut payload, extra) {
        p.extend(x);
    }
    tx.outbox()
        .append(
            "reclamation_status_changed",
            Some(r.factory_id),
            Some(scope.dealer()),
            &payload,
        )
        .await?;
    Ok(())
}

impl App {
    /// The queue of the person's factory (every factory for the
    /// administrator), open ones first by deadline.
    pub async fn reclamation_queue(&self, actor: &Actor, q: &QueueQuery) -> Result<Vec<QueueRow>> {
        require_review(actor)?;
        let (status, open_only) = match q.status.as_str() {
            "" | "open" => (None, true),
            "all" => (None, false),
            s => (
                Some(
                    ReclamationStatus::parse(s)
                        .map_err(|e| AppError::invalid("status", e.message))?
                        .as_str()
                        .to_owned(),
                ),
                false,
            ),
        };
        let assigned = match q.assigned.as_str() {
            "me" => Assigned::To(actor.user_id),
            "nobody" => Assigned::Nobody,
            _ => Assigned::Anyone,
        };
        let mut c = self.store.read().await?;
        Ok(c.reclamations()
            .queue(&QueueFilter {
                factory: actor.factory(),
                dealer: None,
                status,
                open_only,
                category: (!q.category.is_empty()).then(|| q.category.clone()),
                assigned,
                overdue_at: q.overdue.then(Timestamp::now),
                limit: 500,
            })
            .await?)
    }

    /// A specialist moves a reclamation (and decides it).
    pub async fn move_reclamation(&self, actor: &Actor, number: &str, m: &Move) -> Result<()> {
        require_review(actor)?;
        let to = ReclamationStatus::parse(&m.to).map_err(|e| AppError::invalid("to", e.message))?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (r, _, scope) = locate(&mut tx, actor, number).await?;
        let mut extra = json!({});
        match to {
            ReclamationStatus::Decided => {
                let currency = tx
                    .orders()
                    .get(&scope, r.order_id)
                    .await?
                    .ok_or(AppError::NotFound)?
                    .currency;
                let d = match m.decision.as_str() {
                    "remake" => ReclamationDecision::Remake,
                    "repair" => ReclamationDecision::Repair,
                    "compensation" => ReclamationDecision::Compensation {
                        amount: Money::new(
                            parse_amount(&m.amount).map_err(|e| AppError::invalid("amount", e))?,
                            currency,
                        ),
                    },
                    "rejected" => ReclamationDecision::Rejected {
                        reason: text("reason", &m.reason)
                            .map_err(|e| AppError::Invalid(vec![e]))?,
                    },
                    _ => {
                        return Err(AppError::invalid(
                            "decision",
                            "must be one of: remake, repair, compensation, rejected",
                        ));
                    }
                };
                tx.reclamations().set_decision(&scope, r.id, &d).await?;
                extra = json!({"decision": d.kind_str()});
                if let ReclamationDecision::Compensation { amount } = &d {
                    extra["amount_minor"] = json!(amount.minor);
                    extra["currency"] = json!(amount.currency.as_str());
                }
                if let ReclamationDecision::Rejected { reason } = &d {
                    extra["reason"] = json!(reason);
                }
            }
            ReclamationStatus::WaitingForDealer => {
                let q = text("question", &m.question).map_err(|e| AppError::Invalid(vec![e]))?;
                tx.reclamations()
                    .add_comment(&scope, r.id, actor.user_id, &q, now)
                    .await?;
                extra = json!({"question": q.chars().take(200).collect::<String>()});
            }
            _ => {}
        }
        record_move(&mut tx, &scope, &r, to, actor, now, extra.clone()).await?;
        // Taking it into review without an owner makes it yours.
        if to == ReclamationStatus::InReview && r.assigned_to.is_none() {
            tx.reclamations()
                .assign(&scope, r.id, Some(actor.user_id), now)
                .await?;
        }
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "reclamation.moved",
                object_type: "reclamation",
                object_id: r.number.clone(),
                before: Some(json!({"status": r.status.as_str()}).to_string()),
                after: Some(json!({"status": to.as_str(), "details": extra}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Gives a reclamation to a specialist of its factory (or to nobody).
    pub async fn assign_reclamation(
        &self,
        actor: &Actor,
        number: &str,
        to: Option<UserId>,
    ) -> Result<()> {
        require_review(actor)?;
        let now = Timestamp::now();
        let mut tx = self.store.begin().await?;
        let (r, _, scope) = locate(&mut tx, actor, number).await?;
        if let Some(u) = to {
            let ok = tx.users().by_id(u).await?.is_some_and(|u| {
                u.active
                    && (u.role == Role::Admin
                        || (u.role == Role::ReclamationSpecialist
                            && u.factory_id == Some(r.factory_id)))
            });
            if !ok {
                return Err(AppError::invalid(
                    "assignee",
                    "is not a reclamation specialist of this factory",
                ));
            }
        }
        tx.reclamations().assign(&scope, r.id, to, now).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "reclamation.assigned",
                object_type: "reclamation",
                object_id: r.number.clone(),
                before: Some(json!({"assigned_to": r.assigned_to.map(|u| u.0)}).to_string()),
                after: Some(json!({"assigned_to": to.map(|u| u.0)}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The specialists of a factory, for the assignment list.
    pub async fn reclamation_specialists(
        &self,
        actor: &Actor,
        factory: dealerdesk_domain::FactoryId,
    ) -> Result<Vec<dealerdesk_domain::model::User>> {
        require_review(actor)?;
        let mut c = self.store.read().await?;
        Ok(c.users()
            .staff(factory, Role::ReclamationSpecialist)
            .await?
            .into_iter()
            .filter(|u| u.active)
            .collect())
    }

    /// Statistics of reclamations filed in `[from, to)`.
    pub async fn reclamation_stats(
        &self,
        actor: &Actor,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Stats> {
        require_review(actor)?;
        let mut c = self.store.read().await?;
        let (by_category, by_kind) = c
            .reclamations()
            .stats(actor.factory(), from, to, Timestamp::now())
            .await?;
        Ok(Stats {
            by_category,
            by_kind,
        })
    }

    pub async fn reclamation_norms(&self, actor: &Actor) -> Result<Vec<CategoryNorm>> {
        require_review(actor)?;
        let mut c = self.store.read().await?;
        Ok(c.reclamations().categories().await?)
    }

    /// Changes a category's deadline norm (1–365 days); applies to
    /// reclamations filed from now on.
    pub async fn set_reclamation_norm(&self, actor: &Actor, code: &str, days: &str) -> Result<()> {
        require_review(actor)?;
        let days: i64 = days
            .trim()
            .parse()
            .ok()
            .filter(|d| (1..=365).contains(d))
            .ok_or_else(|| AppError::invalid("days", "must be between 1 and 365"))?;
        let mut tx = self.store.begin().await?;
        let before = tx
            .reclamations()
            .categories()
            .await?
            .into_iter()
            .find(|n| n.code == code)
            .ok_or_else(|| AppError::invalid("category", "is not a defect category"))?;
        tx.reclamations().set_deadline_days(code, days).await?;
        tx.audit()
            .record(&NewAudit {
                actor_id: Some(actor.user_id),
                action: "reclamation.norm_changed",
                object_type: "reclamation_category",
                object_id: code.to_owned(),
                before: Some(json!({"deadline_days": before.deadline_days}).to_string()),
                after: Some(json!({"deadline_days": days}).to_string()),
                ..Default::default()
            })
            .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(parse_amount("1250"), Ok(125_000));
        assert_eq!(parse_amount("1 250,5"), Ok(125_050));
        assert_eq!(parse_amount("0.01"), Ok(1));
        assert!(parse_amount("0").is_err());
        assert!(parse_amount("-5").is_err());
        assert!(parse_amount("1.234").is_err());
        assert!(parse_amount("abc").is_err());
        assert!(parse_amount("").is_err());
        assert!(parse_amount("9999999999999").is_err());
    }
}
