//! The roles of SPEC section 2. The string forms are a contract: the CLI's
//! `--role`, the database and the API all use them.

use crate::InvalidValue;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    DealerAdmin,
    DealerUser,
    Manager,
    HeadOfSales,
    ReclamationSpecialist,
    Finance,
    ContentManager,
    Admin,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::DealerAdmin,
        Role::DealerUser,
        Role::Manager,
        Role::HeadOfSales,
        Role::ReclamationSpecialist,
        Role::Finance,
        Role::ContentManager,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::DealerAdmin => "dealer_admin",
            Role::DealerUser => "dealer_user",
            Role::Manager => "manager",
            Role::HeadOfSales => "head_of_sales",
            Role::ReclamationSpecialist => "reclamation_specialist",
            Role::Finance => "finance",
            Role::ContentManager => "content_manager",
            Role::Admin => "admin",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == raw)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|r| r.as_str()).collect();
                InvalidValue::new("role", format!("must be one of: {}", names.join(", ")))
            })
    }

    /// People of a dealer company; they belong to exactly one dealer.
    pub fn is_dealer_side(self) -> bool {
        matches!(self, Role::DealerAdmin | Role::DealerUser)
    }

    /// The plant's people; they belong to one factory (the administrator to none).
    pub fn is_staff(self) -> bool {
        !self.is_dealer_side()
    }

    /// Whether a user of this role must name a factory (`--factory`).
    pub fn needs_factory(self) -> bool {
        self.is_staff() && self != Role::Admin
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert!(Role::parse("root").is_err());
    }
}
