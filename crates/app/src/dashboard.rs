//! The first page each role sees: a dealer's balance and orders by status;
//! the plant's people, the counts of their queues.

use crate::{App, AppError, Result};
use dealerdesk_domain::model::{Dealer, News, Order};
use dealerdesk_domain::policy::Capability;
use dealerdesk_domain::{Actor, Money, OrderStatus, Purpose, Role};
use dealerdesk_store::Repos;

#[derive(Debug, Clone)]
pub struct DealerDashboard {
    pub dealer: Dealer,
    /// `None` when the person may not see finance.
    pub balance: Option<Money>,
    pub counts: Vec<(OrderStatus, i64)>,
    pub recent: Vec<Order>,
    pub open_reclamations: i64,
    pub unread_messages: i64,
    pub news: Vec<News>,
}

/// One count on a staff dashboard. `key` names it for translation and
/// `link` says where the queue is worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueCount {
    pub key: &'static str,
    pub count: i64,
}

#[derive(Debug, Clone)]
pub struct StaffDashboard {
    pub role: Role,
    pub queues: Vec<QueueCount>,
    pub orders_by_status: Vec<(OrderStatus, i64)>,
    pub news: Vec<News>,
}

impl App {
    pub async fn dealer_dashboard(&self, actor: &Actor) -> Result<DealerDashboard> {
        let mut c = self.store.read().await?;
        let (dealer, stats, scope) =
            crate::scope::own_dealer_stats(&mut c, actor, Purpose::ViewOrders).await?;
        let balance = actor
            .dealer_scope(&dealer.as_ref(), Purpose::ViewFinance)
            .map(|_| stats.balance);
        let recent = c.orders().recent_changes(&scope, 8).await?;
        let open_reclamations = match actor.dealer_scope(&dealer.as_ref(), Purpose::Reclamations) {
            Some(s) => c.reclamations().count_open(None, Some(&s)).await?,
            None => 0,
        };
        let unread_messages = match actor.dealer_scope(&dealer.as_ref(), Purpose::Messages) {
            Some(s) => c.messages().unread(actor.user_id, Some(&s)).await?,
            None => 0,
        };
        let news = c.news().published(Some(dealer.factory_id), 5).await?;
        Ok(DealerDashboard {
            dealer,
            balance,
            counts: stats.counts,
            recent,
            open_reclamations,
            unread_messages,
            news,
        })
    }

    pub async fn staff_dashboard(&self, actor: &Actor) -> Result<StaffDashboard> {
        if !actor.can(Capability::StaffWorkspace) {
            return Err(AppError::Forbidden);
        }
        let factory = actor.factory();
        let mut c = self.store.read().await?;
        let q = |key, count| QueueCount { key, count };
        let mut queues = Vec::new();
        let manager = (actor.role == Role::Manager).then_some(actor.user_id);
        match actor.role {
            Role::Manager | Role::HeadOfSales => {
                queues.push(q("my_dealers", c.dealers().count(factory, manager).await?));
                queues.push(q(
                    "overdue_tasks",
                    c.tasks()
                        .count_overdue(actor.user_id, dealerdesk_domain::Timestamp::now())
                        .await?,
                ));
                queues.push(q(
                    "stuck_orders",
                    self.count_needing_attention(actor).await?,
                ));
                queues.push(q(
                    "unread_messages",
                    c.messages().unread(actor.user_id, None).await?,
                ));
                if actor.role == Role::HeadOfSales {
                    queues.push(q(
                        "open_reclamations",
                        c.reclamations().count_open(factory, None).await?,
                    ));
                }
            }
            Role::ReclamationSpecialist => {
                queues.push(q(
                    "open_reclamations",
                    c.reclamations().count_open(factory, None).await?,
                ));
            }
            Role::Finance => {
                queues.push(q(
                    "dealers_in_debt",
                    c.dealers().count_in_debt(factory, 0).await?,
                ));
                queues.push(q(
                    "receivable_minor",
                    c.dealers().total_receivable(factory).await?,
                ));
            }
            Role::ContentManager => {
                queues.push(q("news_drafts", c.news().count_drafts(factory).await?));
            }
            Role::Admin => {
                queues.push(q("users", c.users().count().await?));
                queues.push(q("dealers", c.dealers().count(None, None).await?));
                queues.push(q(
                    "open_reclamations",
                    c.reclamations().count_open(None, None).await?,
                ));
            }
            Role::DealerAdmin | Role::DealerUser => return Err(AppError::Forbidden),
        }
        let orders_by_status = match actor.role {
            Role::Manager | Role::HeadOfSales | Role::Admin => {
                c.dealers().sum_counts(factory, manager).await?
            }
            _ => Vec::new(),
        };
        let news = c.news().published(factory, 5).await?;
        Ok(StaffDashboard {
            role: actor.role,
            queues,
            orders_by_status,
            news,
        })
    }
}
