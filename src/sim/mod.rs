//! Monte Carlo simulation: one replication ([`engine`]), many in parallel ([`runner`]),
//! accumulated into a [`Tally`].

pub mod engine;
pub mod runner;
pub mod tally;

pub use engine::{Engine, Observation, Window};
pub use runner::{DesignTallies, RunConfig, RunError, Streams, merge_shards, simulate, simulate_designs, simulate_shard};
pub use tally::{ComponentTally, StandbyTally, Tally};
