//! # ninesim
//!
//! A discrete-event Monte Carlo availability simulator. A model (JSON) says which components
//! exist, how they fail and get repaired, and which combinations keep the service up; ninesim
//! simulates many independent lives of the system in parallel and reports availability with a
//! confidence interval, the nines, downtime per year, failure frequency, MTBF, MUT, MDT, MTTFF,
//! outage durations, where the downtime comes from, and the single points of failure.
//!
//! ```text
//! model::load ─► model::System ─► sim::simulate (rayon) ─► sim::Tally ─► RunResult ─► report
//!                      └────────► analysis (exact: BDD, cut sets, importance, Markov chains)
//! ```
//!
//! Where the maths allows, [`analysis`] gives the exact answer beside the simulated one:
//! [`run`] attaches it to the result with a verdict, and [`analysis::analyze`] reports it alone.
//!
//! Guarantees:
//! - Events at equal times are processed in the order they were scheduled.
//! - The same model and seed give bit-identical results for any thread count: replication `i`
//!   of component `c` draws from its own `Xoshiro256PlusPlus` stream seeded from
//!   (seed, i, name of c), and tallies are merged in replication order.
//! - The library never prints, exits, or reads files other than the model in [`model::load`].
//!
//! ```
//! let model = ninesim::model::parse_str(r#"{
//!     "name": "one server",
//!     "components": [{ "id": "server",
//!         "failure": { "dist": "exponential", "mean": 1000 },
//!         "repair":  { "dist": "exponential", "mean": 10 } }],
//!     "system": "server"
//! }"#, "inline.json").unwrap();
//! let mut config = ninesim::RunConfig::from_model(&model.system);
//! config.replications = 100;
//! let result = ninesim::run(&model, &config, &|_| {}).unwrap();
//! let exact = 1000.0 / 1010.0;
//! assert!((result.availability.mean - exact).abs() < 1e-3);
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod model;
pub mod plot;
pub mod rare;
pub mod report;
pub mod sim;
pub mod stats;
pub mod study;
pub mod units;

pub use model::{Model, ModelError, System, load};
pub use sim::{RunConfig, RunError};
pub use study::plan::{Method, Plan, Request};
pub use study::results::{Outcome, RunResult};
pub use study::{compare, results, shard, sweep};
pub use study::{run, run_failure_biasing, run_to_precision, summarize};
pub use units::{HOURS_PER_YEAR, MINUTES_PER_YEAR};
