//! Orders the designs of a comparison: as given (the default) or by expected total cost per
//! year, cheapest first.

use crate::sim::RunError;

use super::compare::Comparison;

/// How a comparison orders its designs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rank {
    /// In the order given.
    #[default]
    Given,
    /// By expected total cost per year, cheapest first (every design needs costs).
    Cost,
}

/// Ranks `c`'s designs by `rank`, recording the order in [`Comparison::ranked_by_cost`]. Ranking
/// by cost refuses a comparison in which some design has no costs.
pub fn rank(c: &mut Comparison, rank: Rank) -> Result<(), RunError> {
    match rank {
        Rank::Given => c.ranked_by_cost = None,
        Rank::Cost => {
            let mut costs = Vec::with_capacity(c.designs.len());
            for d in &c.designs {
                match d.cost_per_year() {
                    Some(e) => costs.push(e.mean),
                    None => {
                        return Err(RunError::Config(format!(
                            "ranking by cost needs costs in every design, and `{}` ({}) has none",
                            d.model.name, d.model.file
                        )));
                    }
                }
            }
            let mut order: Vec<usize> = (0..costs.len()).collect();
            order.sort_by(|&a, &b| costs[a].total_cmp(&costs[b]).then(a.cmp(&b)));
            c.ranked_by_cost = Some(order);
        }
    }
    Ok(())
}
