//! A simulated window/door plant: its dealers, orders, production, shipments
//! and money, as the plant's production and accounting systems would push
//! them to DealerDesk (SYNC_API.md). Deterministic for a seed, lazy (events
//! are produced in time order as they are consumed), and with a cheap
//! reference of the expected end state to compare DealerDesk against.

pub mod content;
pub mod demo;
pub mod demo_crm;
pub mod demo_reclamations;
pub mod files;
pub mod generator;
pub mod names;
pub mod namespace;
pub mod rng;
pub mod simulate;

pub use generator::{
    ConfigError, ExpectedDealer, ExpectedOrder, FactoryPlan, PlantConfig, PlantEvents,
    PlantGenerator, Reference, Sent, SentCounts,
};
