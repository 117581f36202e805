//! The two ways a use case finds the dealer it acts on: the person's own
//! dealer (the portal), or the dealer of an order named in the URL. Both
//! end in a [`DealerScope`] from the policy, so no use case repeats the
//! lookup-then-authorise dance.

use crate::{AppError, Result};
use dealerdesk_domain::model::{Dealer, DealerStats, Order};
use dealerdesk_domain::{Actor, DealerScope, OrderId, Purpose};
use dealerdesk_store::{Conn, Repos};

/// The actor's own dealer, for one purpose. Someone without a dealer (the
/// plant's people) or without the grant (a dealer user and finance) is
/// refused with `Forbidden`: the page exists, it is not theirs to see.
pub(crate) async fn own_dealer(
    c: &mut Conn,
    actor: &Actor,
    purpose: Purpose,
) -> Result<(Dealer, DealerScope)> {
    let id = actor.own_dealer().ok_or(AppError::Forbidden)?;
    let dealer = c.dealers().by_id(id).await?.ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer.as_ref(), purpose)
        .ok_or(AppError::Forbidden)?;
    Ok((dealer, scope))
}

/// [`own_dealer`] with the dealer's `dealer_stats` row (balance, order
/// counts, opening balance), read in the same statement.
pub(crate) async fn own_dealer_stats(
    c: &mut Conn,
    actor: &Actor,
    purpose: Purpose,
) -> Result<(Dealer, DealerStats, DealerScope)> {
    let id = actor.own_dealer().ok_or(AppError::Forbidden)?;
    let (dealer, stats) = c
        .dealers()
        .with_stats(id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer.as_ref(), purpose)
        .ok_or(AppError::Forbidden)?;
    Ok((dealer, stats, scope))
}

/// [`order`] with the whole order row, read in the same statement.
pub(crate) async fn order_row(
    c: &mut Conn,
    actor: &Actor,
    factory_code: &str,
    number: &str,
    purpose: Purpose,
) -> Result<(Order, dealerdesk_domain::DealerRef, DealerScope)> {
    let (order, dealer) = c
        .orders()
        .find(factory_code, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer, purpose)
        .ok_or(AppError::NotFound)?;
    Ok((order, dealer, scope))
}

/// An order by its factory's code and number, with the scope to read it
/// (and the policy's facts about its dealer). Someone else's order is
/// `NotFound`, exactly like a missing one.
pub(crate) async fn order(
    c: &mut Conn,
    actor: &Actor,
    factory_code: &str,
    number: &str,
    purpose: Purpose,
) -> Result<(OrderId, dealerdesk_domain::DealerRef, DealerScope)> {
    let (id, dealer) = c
        .orders()
        .locate(factory_code, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = actor
        .dealer_scope(&dealer, purpose)
        .ok_or(AppError::NotFound)?;
    Ok((id, dealer, scope))
}
