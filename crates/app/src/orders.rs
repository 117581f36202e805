//! Reading one order, with everything the order page and the API show.

use crate::{App, AppError, Result};
use dealerdesk_domain::model::{Attachment, Construction, Dealer, Order, Shipment, User};
use dealerdesk_domain::{Actor, Money, Purpose};
use dealerdesk_store::Repos;

#[derive(Debug, Clone)]
pub struct OrderView {
    pub factory_code: String,
    pub order: Order,
    pub constructions: Vec<Construction>,
    pub shipment: Option<Shipment>,
    /// Drawings, photos, documents (of the order or of one construction).
    pub attachments: Vec<Attachment>,
    /// Present only for people who may see the dealer's finance.
    pub money: Option<OrderMoneyView>,
    /// Its reclamations, for people who may see them.
    pub reclamations: Vec<dealerdesk_domain::model::Reclamation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderMoneyView {
    pub total: Money,
    pub paid: Money,
    pub outstanding: Money,
    pub delivery_charge: Money,
    pub compensation: Money,
}

/// Who is asking, as the `/api/v1/me` answer shows it.
#[derive(Debug, Clone)]
pub struct Me {
    pub user: User,
    pub dealer: Option<Dealer>,
    pub balance: Option<Money>,
}

impl App {
    /// An order by its factory's code and its number. Someone else's order
    /// answers `NotFound`, exactly like a missing one.
    pub async fn order(
        &self,
        actor: &Actor,
        factory_code: &str,
        number: &str,
    ) -> Result<OrderView> {
        let mut c = self.store.read().await?;
        let (order, dealer, scope) =
            crate::scope::order_row(&mut c, actor, factory_code, number, Purpose::ViewOrders)
                .await?;
        let id = order.id;
        let constructions = c.orders().constructions(&scope, id).await?;
        let shipment = c.shipments().for_order(&scope, id).await?;
        let attachments = c.attachments().of_order(&scope, id).await?;
        let reclamations = match actor.dealer_scope(&dealer, Purpose::Reclamations) {
            Some(rs) => c.reclamations().of_order(&rs, id).await?,
            None => Vec::new(),
        };
        let money = actor.dealer_scope(&dealer, Purpose::ViewFinance).map(|_| {
            let m = |minor| Money::new(minor, order.currency);
            OrderMoneyView {
                total: m(order.total_minor),
                paid: m(order.paid_minor),
                outstanding: m(order.outstanding_minor()),
                delivery_charge: m(order.delivery_charge_minor),
                compensation: m(order.compensation_minor),
            }
        });
        Ok(OrderView {
            factory_code: factory_code.to_owned(),
            order,
            constructions,
            shipment,
            attachments,
            money,
            reclamations,
        })
    }

    pub async fn me(&self, user: &User, actor: &Actor) -> Result<Me> {
        let Some(dealer_id) = actor.own_dealer() else {
            return Ok(Me {
                user: user.clone(),
                dealer: None,
                balance: None,
            });
        };
        let mut c = self.store.read().await?;
        let dealer = c
            .dealers()
            .by_id(dealer_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let balance = match actor.dealer_scope(&dealer.as_ref(), Purpose::ViewFinance) {
            Some(scope) => Some(c.dealers().stats(&scope).await?.balance),
            None => None,
        };
        Ok(Me {
            user: user.clone(),
            dealer: Some(dealer),
            balance,
        })
    }
}

impl App {
    /// One file of an order, with its bytes; someone else's is `NotFound`.
    pub async fn order_file(
        &self,
        actor: &Actor,
        factory_code: &str,
        number: &str,
        id: dealerdesk_domain::AttachmentId,
    ) -> Result<(Attachment, Vec<u8>)> {
        let mut c = self.store.read().await?;
        let (order, _, scope) =
            crate::scope::order(&mut c, actor, factory_code, number, Purpose::ViewOrders).await?;
        let file = c
            .attachments()
            .get(&scope, id)
            .await?
            .filter(|a| a.order_id == order)
            .ok_or(AppError::NotFound)?;
        drop(c);
        let bytes = self
            .store
            .blobs()
            .get(&file.sha256)
            .await
            .map_err(|e| AppError::Internal(format!("reading {}: {e}", file.sha256)))?;
        Ok((file, bytes))
    }
}
