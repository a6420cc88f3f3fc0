//! Monte Carlo simulation: one replication ([`engine`]), many in parallel ([`runner`]),
//! accumulated into a [`Tally`].

pub mod costs;
pub(crate) mod engine;
pub(crate) mod runner;
pub(crate) mod tally;

pub use engine::{Engine, Observation, Window};
pub use runner::{
    DesignTallies, Precision, RunConfig, RunError, StoppedBy, Streams, merge_shards, relative_half_width, simulate, simulate_designs,
    simulate_designs_to_precision, simulate_shard, simulate_to_precision,
};
pub use tally::{ComponentTally, ObjectiveTally, ServiceTally, StandbyTally, Tally};
