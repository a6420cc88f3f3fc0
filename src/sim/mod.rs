//! Monte Carlo simulation: one replication ([`engine`]), many in parallel ([`runner`]),
//! accumulated into a [`Tally`].

pub mod engine;
pub mod runner;
pub mod tally;

pub use engine::{Engine, Observation, Window};
pub use runner::{DesignTallies, RunConfig, RunError, Streams, simulate, simulate_designs};
pub use tally::{ComponentTally, StandbyTally, Tally};
