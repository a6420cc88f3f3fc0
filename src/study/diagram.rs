//! The figures a block diagram carries with `--annotate`: each block's and each component's
//! availability and each component's share of the downtime, exact where the structure
//! function gives them, else from a simulation of the same model.

use serde::{Deserialize, Serialize};

use crate::analysis::{self, AnalysisConfig, ExactMethod};
use crate::model::Model;
use crate::sim::{self, RunConfig, RunError};
use crate::study::results::RunResult;

/// Where a diagram's figures come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FigureSource {
    /// The exact steady state (independent components).
    Exact,
    /// A simulation of this many lives over the run's window.
    Simulated {
        /// Replications run.
        replications: u64,
    },
    /// The run a report shows: its own simulated figures, beside its tables.
    Run {
        /// Replications run.
        replications: u64,
    },
}

/// Per block and per component figures for a diagram (plain data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiagramFigures {
    /// Where they come from.
    pub source: FigureSource,
    /// The system's availability.
    pub system: Option<f64>,
    /// Each block's availability, in block order.
    pub blocks: Vec<Option<f64>>,
    /// Each component instance's availability, in model order.
    pub components: Vec<Option<f64>>,
    /// Each instance's share of the system's downtime: the probability that it is down and
    /// critical given the system is down (exact: criticality importance; simulated: its
    /// downtime contribution over the unavailability).
    pub downtime_share: Vec<Option<f64>>,
}

/// The figures of `model`: exact when its components are independent and repairable (the
/// structure function), else simulated with `config` (to `precision`, when given).
pub fn diagram_figures(
    model: &Model,
    config: &RunConfig,
    precision: Option<sim::Precision>,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<DiagramFigures, RunError> {
    if let Some(exact) = exact_figures(model) {
        return Ok(exact);
    }
    let tally = match precision {
        None => sim::simulate(&model.system, config, progress)?,
        Some(p) => sim::simulate_to_precision(&model.system, config, p, progress)?.0,
    };
    let finite = |x: f64| x.is_finite().then_some(x);
    let u = tally.unavailability.estimate().mean;
    Ok(DiagramFigures {
        source: FigureSource::Simulated { replications: tally.replications() },
        system: finite(1.0 - u),
        blocks: tally.blocks.iter().map(|b| finite(1.0 - b.estimate().mean)).collect(),
        components: tally.components.iter().map(|c| finite(1.0 - c.unavailability.estimate().mean)).collect(),
        downtime_share: tally.components.iter().map(|c| (u > 0.0).then(|| finite(c.contribution.estimate().mean / u)).flatten()).collect(),
    })
}

/// The figures of a finished run, for the diagram in its report: the run's own availability of
/// the system and of each component, and each component's share of the system's downtime (its
/// "critical" share, as the report's table gives it). Blocks carry no figure: a run does not
/// tally them into its result.
pub fn run_figures(result: &RunResult) -> DiagramFigures {
    let finite = |x: f64| x.is_finite().then_some(x);
    DiagramFigures {
        source: FigureSource::Run { replications: result.replications },
        system: finite(result.availability.mean),
        blocks: Vec::new(),
        components: result.components.iter().map(|c| finite(1.0 - c.unavailability.mean)).collect(),
        downtime_share: result.components.iter().map(|c| finite(c.criticality)).collect(),
    }
}

/// The exact figures of `model`, when its components are independent and repairable (the
/// structure function); `None` otherwise.
pub fn exact_figures(model: &Model) -> Option<DiagramFigures> {
    let system = &model.system;
    let ExactMethod::Structure(expanded) = analysis::solvable(system).ok()? else { return None };
    let config = AnalysisConfig::from_model(system);
    let blocks = analysis::block_availabilities(&expanded, system.blocks().len(), config.max_nodes).ok()??;
    let (p, _) = analysis::component_probabilities(system)?;
    let whole = analysis::analyze(system, &model.file.display().to_string(), &config).ok()?;
    let share: Vec<Option<f64>> = whole.importance.iter().map(|i| i.criticality.is_finite().then_some(i.criticality)).collect();
    Some(DiagramFigures {
        source: FigureSource::Exact,
        system: whole.availability,
        blocks: blocks.into_iter().map(Some).collect(),
        components: p.into_iter().map(Some).collect(),
        downtime_share: if share.len() == system.components().len() { share } else { vec![None; system.components().len()] },
    })
}
