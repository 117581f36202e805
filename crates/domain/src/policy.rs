//! Who may see and do what (SPEC section 2).
//!
//! An [`Actor`] is the person behind a request, built by the web layer from
//! the session or API token. Dealer-owned data is reached only through a
//! [`DealerScope`], and the only way for a person to get one is to ask this
//! policy with a [`Purpose`]. The store's dealer-owned queries take a scope,
//! so a query that forgot to authorise does not compile.

use crate::{DealerId, FactoryId, Role, UserId};

/// Where a person belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Home {
    /// Dealer staff: one dealer company (of one factory).
    Dealer {
        dealer: DealerId,
        factory: FactoryId,
    },
    /// The plant's people: one factory.
    Factory(FactoryId),
    /// The administrator sees every factory.
    Everywhere,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: UserId,
    pub role: Role,
    pub home: Home,
    /// A dealer admin's grant to a dealer user (SPEC: finance only if the
    /// dealer admin allows it). Ignored for other roles.
    pub finance_allowed: bool,
}

/// What an actor wants to do with a dealer's data. The policy answers per
/// purpose because, say, a reclamation specialist reads reclamations but not
/// the statement, and a dealer user may be refused finance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Orders, constructions, shipments, attachments.
    ViewOrders,
    /// Statement, balance, per-order money.
    ViewFinance,
    /// Reclamations and their comments.
    Reclamations,
    /// Message threads with the plant.
    Messages,
    /// The dealer company's own users (invite, deactivate, finance grant).
    ManageCompanyUsers,
    /// The CRM side of a dealer: card, contact history, tasks.
    Crm,
}

/// The few facts about a dealer that the policy needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealerRef {
    pub id: DealerId,
    pub factory: FactoryId,
    pub manager: Option<UserId>,
}

/// Proof that someone may touch one dealer's data for one purpose. It can be
/// made only by [`Actor::dealer_scope`] or, for background work that acts on
/// behalf of the plant itself (sync appliers, the CLI, the demo generator),
/// by [`DealerScope::system`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DealerScope {
    dealer: DealerId,
    purpose: Option<Purpose>,
}

impl DealerScope {
    pub fn dealer(&self) -> DealerId {
        self.dealer
    }

    /// The purpose it was granted for; `None` for the system.
    pub fn purpose(&self) -> Option<Purpose> {
        self.purpose
    }

    /// A scope for work no person asked for. Named loudly so that a use of it
    /// in a request path stands out in review.
    pub fn system(dealer: DealerId) -> Self {
        Self {
            dealer,
            purpose: None,
        }
    }
}

impl Actor {
    pub fn factory(&self) -> Option<FactoryId> {
        match self.home {
            Home::Dealer { factory, .. } | Home::Factory(factory) => Some(factory),
            Home::Everywhere => None,
        }
    }

    pub fn own_dealer(&self) -> Option<DealerId> {
        match self.home {
            Home::Dealer { dealer, .. } => Some(dealer),
            _ => None,
        }
    }

    /// Whether this person works in the given factory (the administrator
    /// works in all of them).
    pub fn in_factory(&self, factory: FactoryId) -> bool {
        match self.home {
            Home::Everywhere => true,
            _ => self.factory() == Some(factory),
        }
    }

    /// The heart of the policy. `None` means "not yours": callers answer 404
    /// so the dealer's existence does not leak.
    pub fn dealer_scope(&self, dealer: &DealerRef, purpose: Purpose) -> Option<DealerScope> {
        let grant = Some(DealerScope {
            dealer: dealer.id,
            purpose: Some(purpose),
        });
        if self.role == Role::Admin {
            return grant;
        }
        if !self.in_factory(dealer.factory) {
            return None;
        }
        let allowed = match self.role {
            Role::DealerAdmin | Role::DealerUser => {
                self.own_dealer() == Some(dealer.id)
                    && match purpose {
                        Purpose::ViewFinance => {
                            self.role == Role::DealerAdmin || self.finance_allowed
                        }
                        Purpose::ManageCompanyUsers => self.role == Role::DealerAdmin,
                        Purpose::Crm => false,
                        _ => true,
                    }
            }
            Role::Manager => {
                dealer.manager == Some(self.user_id) && purpose != Purpose::ManageCompanyUsers
            }
            Role::HeadOfSales => purpose != Purpose::ManageCompanyUsers,
            Role::ReclamationSpecialist => purpose == Purpose::Reclamations,
            Role::Finance => purpose == Purpose::ViewFinance,
            Role::ContentManager => false,
            Role::Admin => true,
        };
        if allowed { grant } else { None }
    }

    /// Factory-wide work that is not about one dealer.
    pub fn can(&self, what: Capability) -> bool {
        use Capability::*;
        match what {
            Portal => self.role.is_dealer_side(),
            StaffWorkspace => self.role.is_staff(),
            AllDealersOfFactory => {
                matches!(self.role, Role::HeadOfSales | Role::Finance | Role::Admin)
            }
            ReclamationQueue => matches!(self.role, Role::ReclamationSpecialist | Role::Admin),
            FinanceOverview => matches!(self.role, Role::Finance | Role::Admin),
            Content => matches!(self.role, Role::ContentManager | Role::Admin),
            Import => matches!(self.role, Role::HeadOfSales | Role::Admin),
            Leads | DealerCrm | Analytics => {
                matches!(self.role, Role::Manager | Role::HeadOfSales | Role::Admin)
            }
            Administration => self.role == Role::Admin,
        }
    }
}

/// Capabilities that are not tied to one dealer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capability {
    Portal,
    StaffWorkspace,
    AllDealersOfFactory,
    ReclamationQueue,
    FinanceOverview,
    Content,
    Leads,
    /// "My dealers", dealer cards, tasks.
    DealerCrm,
    /// Importing dealers, contact people and leads from a file.
    Import,
    /// Sales and managers' work: a manager their own, a head of sales the
    /// factory's, the administrator every factory's.
    Analytics,
    Administration,
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const F1: FactoryId = FactoryId(1);
    const F2: FactoryId = FactoryId(2);
    const D1: DealerId = DealerId(10);
    const D2: DealerId = DealerId(20);

    fn actor(role: Role, finance_allowed: bool) -> Actor {
        let home = match role {
            Role::DealerAdmin | Role::DealerUser => Home::Dealer {
                dealer: D1,
                factory: F1,
            },
            Role::Admin => Home::Everywhere,
            _ => Home::Factory(F1),
        };
        Actor {
            user_id: UserId(7),
            role,
            home,
            finance_allowed,
        }
    }

    const PURPOSES: [Purpose; 6] = [
        Purpose::ViewOrders,
        Purpose::ViewFinance,
        Purpose::Reclamations,
        Purpose::Messages,
        Purpose::ManageCompanyUsers,
        Purpose::Crm,
    ];

    #[test]
    fn dealer_user_finance_needs_the_grant() {
        let own = DealerRef {
            id: D1,
            factory: F1,
            manager: None,
        };
        assert!(
            actor(Role::DealerUser, false)
                .dealer_scope(&own, Purpose::ViewFinance)
                .is_none()
        );
        assert!(
            actor(Role::DealerUser, true)
                .dealer_scope(&own, Purpose::ViewFinance)
                .is_some()
        );
        assert!(
            actor(Role::DealerAdmin, false)
                .dealer_scope(&own, Purpose::ViewFinance)
                .is_some()
        );
        assert!(
            actor(Role::DealerUser, true)
                .dealer_scope(&own, Purpose::ManageCompanyUsers)
                .is_none()
        );
    }

    #[test]
    fn manager_sees_only_assigned_dealers() {
        let mine = DealerRef {
            id: D2,
            factory: F1,
            manager: Some(UserId(7)),
        };
        let theirs = DealerRef {
            id: D2,
            factory: F1,
            manager: Some(UserId(8)),
        };
        assert!(
            actor(Role::Manager, false)
                .dealer_scope(&mine, Purpose::ViewOrders)
                .is_some()
        );
        assert!(
            actor(Role::Manager, false)
                .dealer_scope(&theirs, Purpose::ViewOrders)
                .is_none()
        );
        assert!(
            actor(Role::HeadOfSales, false)
                .dealer_scope(&theirs, Purpose::ViewOrders)
                .is_some()
        );
    }

    proptest! {
        /// Nobody but the administrator reaches a dealer of another factory,
        /// whatever the purpose and whatever the manager field says.
        #[test]
        fn factories_are_walls(r in prop::sample::select(&Role::ALL[..]), p in prop::sample::select(&PURPOSES[..]), fin in any::<bool>(), mgr in any::<bool>()) {
            let foreign = DealerRef { id: D2, factory: F2, manager: mgr.then_some(UserId(7)) };
            let got = actor(r, fin).dealer_scope(&foreign, p);
            prop_assert_eq!(got.is_some(), r == Role::Admin);
        }

        /// Dealer people never reach another dealer, even in their own factory.
        #[test]
        fn dealers_are_walls(r in prop::sample::select(&[Role::DealerAdmin, Role::DealerUser][..]), p in prop::sample::select(&PURPOSES[..]), fin in any::<bool>()) {
            let neighbour = DealerRef { id: D2, factory: F1, manager: Some(UserId(7)) };
            prop_assert!(actor(r, fin).dealer_scope(&neighbour, p).is_none());
        }

        /// A granted scope is for the dealer and purpose asked about.
        #[test]
        fn scope_matches_request(r in prop::sample::select(&Role::ALL[..]), p in prop::sample::select(&PURPOSES[..])) {
            let own = DealerRef { id: D1, factory: F1, manager: Some(UserId(7)) };
            if let Some(s) = actor(r, true).dealer_scope(&own, p) {
                prop_assert_eq!(s.dealer(), D1);
                prop_assert_eq!(s.purpose(), Some(p));
            }
        }
    }
}
