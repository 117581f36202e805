//! The plant's public configuration ([`PlantConfig`]) and why a
//! configuration can be refused ([`ConfigError`]).

/// One factory of the plant. Its code prefixes every identifier it sends
/// (dealer codes, order numbers, trips, ledger entries, event ids).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FactoryPlan {
    pub code: String,
}

impl FactoryPlan {
    pub fn new(code: impl Into<String>) -> Self {
        Self { code: code.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlantConfig {
    pub seed: u64,
    pub factories: Vec<FactoryPlan>,
    pub dealers_per_factory: usize,
    /// Orders accepted over the whole period, across all factories.
    pub orders: usize,
    /// First day of the history (dealers and opening balances are sent then).
    pub start: time::Date,
    /// Last day of the history, which ends at 13:00 Kyiv time that day: the
    /// morning's trips are on the road, orders accepted in the last days are
    /// in production, so the end state has orders in every status.
    pub end: time::Date,
}

impl PlantConfig {
    /// Two factories (Kharkiv and Poltava), 30 dealers each, 1,500 orders
    /// over 2025: a plant a demo can be run against.
    pub fn demo(seed: u64) -> Self {
        Self {
            seed,
            factories: vec![FactoryPlan::new("KH"), FactoryPlan::new("PL")],
            dealers_per_factory: 30,
            orders: 1500,
            start: time::macros::date!(2025 - 01 - 01),
            end: time::macros::date!(2025 - 12 - 31),
        }
    }
}

/// Reshapes a plant for load tests ([`PlantGenerator::with_scale`](super::PlantGenerator::with_scale)).
/// The default changes nothing: the same seed gives the same history.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScaleOptions {
    /// The first dealer of the first factory (`KH-D0001` in the demo)
    /// receives exactly this many orders (at most the factory's share),
    /// spread evenly over the history; its ledger follows its orders. The
    /// factory's other orders go to its other dealers as usual, and the
    /// heavy dealer never closes.
    pub heavy_dealer_orders: Option<usize>,
    /// Attachment files only for every `n`-th order (by acceptance) and for
    /// all of the heavy dealer's orders: at millions of orders the files
    /// would otherwise dominate the build time and the disk. `None` (or 1):
    /// every order may get files, as usual.
    pub files_every: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("the plant needs at least one factory")]
    NoFactories,
    #[error("each factory needs at least one dealer")]
    NoDealers,
    #[error("the end date {end} is before the start date {start}")]
    EndBeforeStart { start: time::Date, end: time::Date },
    #[error(
        "factory code {0:?} must be 1–40 Latin letters, digits or '-', and usable in an e-mail domain"
    )]
    BadFactoryCode(String),
    #[error("factory code {0:?} appears twice (codes are compared ignoring case)")]
    DuplicateFactory(String),
    #[error("at most 9999 dealers per factory")]
    TooManyDealers,
}
