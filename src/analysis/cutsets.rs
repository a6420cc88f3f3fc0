//! Minimal cut sets and minimal path sets, up to a given order.
//!
//! A cut set is a set of components whose joint failure brings the system down; it is minimal
//! when no proper subset does. Path sets are the dual: components whose being up keeps the
//! system up. Both come from one top-down expansion of the block tree (MOCUS, Fussell & Vesely
//! 1972): a block "happens" (fails, for cuts; works, for paths) when `need` of its children do:
//!
//! | block      | cut sets: need   | path sets: need |
//! |------------|------------------|-----------------|
//! | series     | 1                | n               |
//! | parallel   | n                | 1               |
//! | k-of-n     | n − k + 1        | k               |
//!
//! so each block's sets are the unions of one set from each of `need` chosen children. Sets larger
//! than the order limit are dropped as soon as they appear: a union only grows, and every minimal
//! set of order ≤ m is a union of children's sets of order ≤ m, so truncation loses nothing of
//! order ≤ m. A component shared by several blocks can make unions overlap; the final
//! minimisation removes every set that contains another.

use std::collections::HashSet;

use super::AnalysisError;
use crate::model::{BlockKind, Node, System};

/// Most sets one block may produce before minimisation: bounds the memory (≈ 100 MB).
const MAX_SETS: usize = 1_000_000;

/// A set of component indices, sorted.
pub type ComponentSet = Vec<u32>;

/// Which sets to find.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    /// Minimal cut sets.
    Cut,
    /// Minimal path sets.
    Path,
}

/// Minimal sets of order at most `max_order`, smallest first (then in component order).
/// Fails when the expansion would visit more than `max_work` partial sets.
pub fn minimal_sets(system: &System, kind: SetKind, max_order: usize, max_work: u64) -> Result<Vec<ComponentSet>, AnalysisError> {
    super::structure::check_depth(system)?;
    let mut work = Work { done: 0, limit: max_work };
    let mut sets = expand(system, system.root(), kind, max_order, &mut work)?;
    minimise(&mut sets);
    Ok(sets)
}

struct Work {
    done: u64,
    limit: u64,
}

impl Work {
    fn tick(&mut self) -> Result<(), AnalysisError> {
        self.done += 1;
        if self.done > self.limit {
            return Err(AnalysisError::TooLarge {
                what: "partial sets in the cut/path set expansion (lower the order)",
                limit: self.limit as usize,
            });
        }
        Ok(())
    }
}

fn expand(system: &System, node: Node, kind: SetKind, max_order: usize, work: &mut Work) -> Result<Vec<ComponentSet>, AnalysisError> {
    let block = match node {
        Node::Component(c) => return Ok(if max_order >= 1 { vec![vec![c]] } else { Vec::new() }),
        Node::Block(b) => &system.blocks()[b as usize],
    };
    let n = block.children.len();
    let children = block.children.iter().map(|&child| expand(system, child, kind, max_order, work)).collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::new();
    if block.kind == BlockKind::Capacity {
        // A weighted vote: the children whose weights together reach `need` (paths), or exceed
        // total − need, so that the rest fall short (cuts).
        let total: u64 = block.weights.iter().sum();
        let need = match kind {
            SetKind::Cut => total - block.need + 1,
            SetKind::Path => block.need,
        };
        choose(&children, &block.weights, need, max_order, &mut out, work)?;
        minimise(&mut out);
        return Ok(out);
    }
    let need = match (kind, block.kind) {
        (SetKind::Cut, BlockKind::Series) | (SetKind::Path, BlockKind::Parallel | BlockKind::Standby(_)) => 1,
        (SetKind::Cut, BlockKind::Parallel | BlockKind::Standby(_)) | (SetKind::Path, BlockKind::Series) => n,
        (SetKind::Cut, BlockKind::KOfN(k)) => n + 1 - k as usize,
        (SetKind::Path, BlockKind::KOfN(k)) => k as usize,
        (_, BlockKind::Capacity) => unreachable!("handled above"),
    };
    choose(&children, &vec![1; n], need as u64, max_order, &mut out, work)?;
    minimise(&mut out);
    Ok(out)
}

/// Adds to `out` every union of one set from each of some children whose `weights` add up to
/// `need` (1 each outside a capacity vote: `need` children), keeping only unions of order ≤
/// `max_order`. Depth-first on an explicit stack: the choice is as deep as `need` (60,000 for
/// the cut set of a 60,000-wide parallel when components are shared), which a recursion would
/// not survive.
fn choose(
    children: &[Vec<ComponentSet>],
    weights: &[u64],
    need: u64,
    max_order: usize,
    out: &mut Vec<ComponentSet>,
    work: &mut Work,
) -> Result<(), AnalysisError> {
    /// Choosing children of weight `need` more from `children[j..]`, next trying set `k` of
    /// child `j`.
    struct Frame {
        need: u64,
        j: usize,
        k: usize,
        current: ComponentSet,
    }
    // left[j]: the weight of children j…, what can still be chosen.
    let mut left = vec![0u64; children.len() + 1];
    for j in (0..children.len()).rev() {
        left[j] = left[j + 1] + weights[j];
    }
    let mut stack = vec![Frame { need, j: 0, k: 0, current: Vec::new() }];
    while let Some(top) = stack.last_mut() {
        if top.need == 0 {
            if out.len() >= MAX_SETS {
                return Err(AnalysisError::TooLarge { what: "minimal sets (lower the order)", limit: MAX_SETS });
            }
            if let Some(done) = stack.pop() {
                out.push(done.current);
            }
            continue;
        }
        // Not enough children left to choose from.
        if left[top.j] < top.need {
            stack.pop();
            continue;
        }
        let Some(set) = children[top.j].get(top.k) else {
            top.j += 1;
            top.k = 0;
            continue;
        };
        top.k += 1;
        work.tick()?;
        let union = union_sorted(&top.current, set);
        if union.len() > max_order {
            continue;
        }
        let (need, j) = (top.need.saturating_sub(weights[top.j]), top.j + 1);
        stack.push(Frame { need, j, k: 0, current: union });
    }
    Ok(())
}

fn union_sorted(a: &[u32], b: &[u32]) -> ComponentSet {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => {
                out.push(a[i]);
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                out.push(b[j]);
                j += 1;
            }
            std::cmp::Ordering::Equal => {
                out.push(a[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out.extend_from_slice(&a[i..]);
    out.extend_from_slice(&b[j..]);
    out
}

/// Removes duplicates and every set that contains another, and sorts smallest first.
fn minimise(sets: &mut Vec<ComponentSet>) {
    sets.sort_unstable_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    sets.dedup();
    let mut kept: HashSet<ComponentSet> = HashSet::new();
    let mut kept_list: Vec<ComponentSet> = Vec::new();
    for set in sets.drain(..) {
        if !has_kept_subset(&set, &kept, &kept_list) {
            kept.insert(set.clone());
            kept_list.push(set);
        }
    }
    *sets = kept_list;
}

/// Whether a proper subset of `set` was kept: by looking up every proper subset when the set
/// is small (2^len lookups), else by scanning the kept sets.
fn has_kept_subset(set: &[u32], kept: &HashSet<ComponentSet>, kept_list: &[ComponentSet]) -> bool {
    let len = set.len();
    if len <= 12 && (1usize << len) < kept_list.len() {
        let full = (1u32 << len) - 1;
        (1..full).any(|mask| {
            let subset: ComponentSet = (0..len).filter(|&i| mask & (1 << i) != 0).map(|i| set[i]).collect();
            kept.contains(&subset)
        })
    } else {
        kept_list.iter().any(|k| k.len() < len && is_subset(k, set))
    }
}

fn is_subset(small: &[u32], big: &[u32]) -> bool {
    let mut j = 0;
    for &x in small {
        while j < big.len() && big[j] < x {
            j += 1;
        }
        if j == big.len() || big[j] != x {
            return false;
        }
        j += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subsets_and_unions() {
        assert_eq!(union_sorted(&[1, 3, 5], &[2, 3, 6]), vec![1, 2, 3, 5, 6]);
        assert!(is_subset(&[1, 5], &[1, 2, 5]));
        assert!(!is_subset(&[1, 4], &[1, 2, 5]));
        let mut sets = vec![vec![1, 2], vec![1], vec![2, 3], vec![1, 2, 3], vec![2, 3]];
        minimise(&mut sets);
        assert_eq!(sets, vec![vec![1], vec![2, 3]]);
    }
}
