//! The managers' CRM (SPEC 4.2): "my dealers" with segments and search,
//! the dealer card with its whole communication history on one timeline,
//! and what a manager writes down (contact people, points of sale, calls,
//! meetings, notes). A manager sees only their own dealers, a head of sales
//! every dealer of the factory, the administrator all; anyone else is
//! refused, and someone else's dealer is "not found".

use crate::{App, AppError, Result};
use dealerdesk_domain::crm::{Activity, Contact, NewActivity, NewContact, NewPoint, Point, Task};
use dealerdesk_domain::model::{Dealer, DealerStats, Order, Reclamation};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, DealerScope, InvalidValue, Money, Purpose, Role, Timestamp};
use dealerdesk_store::audit::NewAudit;
use dealerdesk_store::crm::{DealerFilter, DealerLine, DealerSort, Segment, TimelineMessage};
use dealerdesk_store::{Conn, Repos};

/// Dealers on one page of the list.
pub const PAGE_SIZE: i64 = 50;
/// "Active" means an order within this many days.
pub const ACTIVE_DAYS: i64 = 90;
const DAY_SECS: i64 = 86_400;

/// The list's query string, as typed.
#[derive(Debug, Clone, Default)]
pub struct DealerListQuery {
    pub q: String,
    pub region: String,
    pub segment: String,
    pub sort: String,
    pub page: String,
}

#[derive(Debug, Clone)]
pub struct DealerList {
    pub lines: Vec<DealerLine>,
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    pub regions: Vec<String>,
}

/// One entry of a dealer's history, newest first on the card.
#[derive(Debug, Clone)]
pub enum TimelineItem {
    Activity(Activity),
    Message(TimelineMessage),
}

impl TimelineItem {
    pub fn at(&self) -> Timestamp {
        match self {
            TimelineItem::Activity(a) => a.happened_at,
            TimelineItem::Message(m) => m.at,
        }
    }
}

/// Everything the card shows about one dealer.
#[derive(Debug, Clone)]
pub struct DealerCard {
    pub dealer: Dealer,
    pub stats: DealerStats,
    pub manager_name: Option<String>,
    pub turnover: Money,
    pub contacts: Vec<Contact>,
    pub points: Vec<Point>,
    pub recent_orders: Vec<Order>,
    pub reclamations: Vec<Reclamation>,
    pub open_reclamations: i64,
    pub timeline: Vec<TimelineItem>,
    pub tasks: Vec<Task>,
}

/// Entries of each kind read for the timeline.
const TIMELINE: i64 = 60;

fn segment(raw: &str) -> std::result::Result<Segment, InvalidValue> {
    Ok(match raw {
        "" | "all" => Segment::All,
        "debt" => Segment::InDebt,
        "active" => Segment::Active,
        "dormant" => Segment::Dormant,
        _ => {
            return Err(InvalidValue::new(
                "segment",
                "must be one of: all, debt, active, dormant",
            ));
        }
    })
}

fn sort(raw: &str) -> std::result::Result<DealerSort, InvalidValue> {
    Ok(match raw {
        "" | "name" => DealerSort::Name,
        "turnover" => DealerSort::Turnover,
        "balance" => DealerSort::Balance,
        "last_order" => DealerSort::LastOrder,
        _ => {
            return Err(InvalidValue::new(
                "sort",
                "must be one of: name, turnover, balance, last_order",
            ));
        }
    })
}

/// A list's page number as typed (empty: the first).
pub(crate) fn page(raw: &str) -> std::result::Result<i64, InvalidValue> {
    if raw.trim().is_empty() {
        return Ok(1);
    }
    match raw.trim().parse::<i64>() {
        Ok(n) if (1..=100_000).contains(&n) => Ok(n),
        _ => Err(InvalidValue::new("page", "must be between 1 and 100000")),
    }
}

/// Only the people who work with dealers have a CRM.
fn crm_user(actor: &Actor) -> Result<()> {
    if actor.can(Capability::DealerCrm) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// The dealer by code with the CRM scope, or "not found" for a dealer
/// that is not the actor's.
pub(crate) async fn crm_dealer(
    c: &mut Conn,
    actor: &Actor,
    code: &str,
) -> Result<(Dealer, DealerScope)> {
    crm_user(actor)?;
    let dealer = c.dealers().by_code(code).await?.ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer.as_ref(), Purpose::Crm)
        .ok_or(AppError::NotFound)?;
    Ok((dealer, scope))
}

impl App {
    /// "My dealers": a manager's own, a head of sales' whole factory.
    pub async fn crm_dealers(&self, actor: &Actor, q: &DealerListQuery) -> Result<DealerList> {
        crm_user(actor)?;
        let mut errors = Vec::new();
        let segment = segment(&q.segment).map_err(|e| errors.push(e)).ok();
        let sort = sort(&q.sort).map_err(|e| errors.push(e)).ok();
        let page = page(&q.page).map_err(|e| errors.push(e)).ok();
        let (Some(segment), Some(sort), Some(page)) = (segment, sort, page) else {
            return Err(errors.into());
        };
        let manager = (actor.role == Role::Manager).then_some(actor.user_id);
        let now = Timestamp::now();
        let this_month = self.this_month(actor.factory()).await?;
        self.catch_up_sales().await;
        let filter = DealerFilter {
            factory: actor.factory(),
            manager,
            text: Some(q.q.clone()),
            region: Some(q.region.trim().to_owned()).filter(|r| !r.is_empty()),
            segment,
            sort,
            turnover_from: crate::analytics::Period::last_year(&this_month).from,
            active_since: now.plus_seconds(-ACTIVE_DAYS * DAY_SECS),
            limit: PAGE_SIZE,
            offset: (page - 1) * PAGE_SIZE,
        };
        let mut c = self.store.read().await?;
        let (lines, total) = c.crm().dealers(&filter).await?;
        let regions = c.crm().regions(actor.factory(), manager).await?;
        Ok(DealerList {
            lines,
            total,
            page,
            pages: ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1),
            regions,
        })
    }

    /// The dealer card.
    pub async fn dealer_card(&self, actor: &Actor, code: &str) -> Result<DealerCard> {
        let mut c = self.store.read().await?;
        let (dealer, scope) = crm_dealer(&mut c, actor, code).await?;
        let dref = dealer.as_ref();
        let stats = c
            .dealers()
            .with_stats(dealer.id)
            .await?
            .map(|(_, s)| s)
            .ok_or(AppError::NotFound)?;
        let manager_name = match dealer.manager_id {
            Some(m) => c.users().by_id(m).await?.map(|u| u.display_name),
            None => None,
        };
        let since = Timestamp::now().plus_seconds(-365 * DAY_SECS);
        let turnover = Money::new(c.crm().turnover(&scope, since).await?, dealer.currency);
        let contacts = c.crm().contacts(&scope).await?;
        let points = c.crm().points(&scope).await?;
        let recent_orders = match actor.dealer_scope(&dref, Purpose::ViewOrders) {
            Some(s) => c.orders().recent_changes(&s, 8).await?,
            None => Vec::new(),
        };
        let (reclamations, open_reclamations) =
            match actor.dealer_scope(&dref, Purpose::Reclamations) {
                Some(s) => (
                    c.reclamations().of_dealer(&s, 10).await?,
                    c.reclamations().count_open(None, Some(&s)).await?,
                ),
                None => (Vec::new(), 0),
            };
        let mut timeline: Vec<TimelineItem> = c
            .crm()
            .activities(&scope, TIMELINE)
            .await?
            .into_iter()
            .map(TimelineItem::Activity)
            .collect();
        if let Some(s) = actor.dealer_scope(&dref, Purpose::Messages) {
            timeline.extend(
                c.crm()
                    .messages(&s, TIMELINE)
                    .await?
                    .into_iter()
                    .map(TimelineItem::Message),
            );
        }
        timeline.sort_by_key(|i| std::cmp::Reverse(i.at()));
        timeline.truncate(TIMELINE as usize);
        let tasks = c.tasks().open_of_dealer(&scope).await?;
        Ok(DealerCard {
            dealer,
            stats,
            manager_name,
            turnover,
            contacts,
            points,
            recent_orders,
            reclamations,
            open_reclamations,
            timeline,
            tasks,
        })
    }

    /// Adds a contact person to the dealer's card.
    pub async fn add_dealer_contact(
        &self,
        actor: &Actor,
        code: &str,
        input: [&str; 4],
    ) -> Result<()> {
        let [name, position, phone, email] = input;
        let mut tx = self.store.begin().await?;
        let (dealer, scope) = crm_dealer(&mut tx, actor, code).await?;
        let contact = NewContact::parse(name, position, phone, email).map_err(AppError::from)?;
        let id = tx
            .crm()
            .add_contact(&scope, &contact, Some(actor.user_id))
            .await?;
        record(
            &mut tx,
            actor,
            "crm.contact_added",
            "dealer_contact",
            id.0,
            &dealer,
            &contact.name,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Adds a point of sale to the dealer's card.
    pub async fn add_dealer_point(
        &self,
        actor: &Actor,
        code: &str,
        input: [&str; 4],
    ) -> Result<()> {
        let [name, city, address, phone] = input;
        let mut tx = self.store.begin().await?;
        let (dealer, scope) = crm_dealer(&mut tx, actor, code).await?;
        let point = NewPoint::parse(name, city, address, phone).map_err(AppError::from)?;
        let id = tx
            .crm()
            .add_point(&scope, &point, Some(actor.user_id))
            .await?;
        record(
            &mut tx,
            actor,
            "crm.point_added",
            "dealer_point",
            id.0,
            &dealer,
            &point.name,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Logs a call, a meeting or a note on the dealer's history, as of now.
    pub async fn log_dealer_activity(
        &self,
        actor: &Actor,
        code: &str,
        kind: &str,
        body: &str,
    ) -> Result<()> {
        let mut tx = self.store.begin().await?;
        let (dealer, scope) = crm_dealer(&mut tx, actor, code).await?;
        let activity = NewActivity::parse(kind, body).map_err(AppError::from)?;
        let id = tx
            .crm()
            .add_activity(&scope, &activity, actor.user_id, Timestamp::now())
            .await?;
        record(
            &mut tx,
            actor,
            "crm.activity_logged",
            "crm_activity",
            id.0,
            &dealer,
            activity.kind.as_str(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The audit line of a CRM change: who added what to which dealer.
async fn record(
    tx: &mut Conn,
    actor: &Actor,
    action: &str,
    object_type: &str,
    id: i64,
    dealer: &Dealer,
    what: &str,
) -> Result<()> {
    tx.audit()
        .record(&NewAudit {
            actor_id: Some(actor.user_id),
            action,
            object_type,
            object_id: id.to_string(),
            before: None,
            after: Some(serde_json::json!({"dealer": dealer.code, "what": what}).to_string()),
            ..Default::default()
        })
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_parameters_are_checked() {
        assert_eq!(segment(""), Ok(Segment::All));
        assert_eq!(segment("dormant"), Ok(Segment::Dormant));
        assert!(segment("vip").is_err());
        assert_eq!(sort("turnover"), Ok(DealerSort::Turnover));
        assert!(sort("random").is_err());
        assert_eq!(page(""), Ok(1));
        assert_eq!(page("3"), Ok(3));
        assert!(page("0").is_err());
        assert!(page("x").is_err());
    }
}
