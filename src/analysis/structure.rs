//! The structure function as a BDD, with one diagram node per block so that every block's
//! exact availability can be read off (for `explain`).

use super::AnalysisError;
use super::bdd::{Bdd, NodeId};
use crate::model::{BlockKind, Node, System};

/// The compiled structure function of a system.
#[derive(Debug)]
pub struct Structure {
    pub(crate) bdd: Bdd,
    /// The system's function ("the system is up").
    pub(crate) root: NodeId,
    /// Each block's function ("the block is up"), in [`System::blocks`] order.
    pub(crate) blocks: Vec<NodeId>,
}

impl Structure {
    /// Builds the BDD bottom-up: series = ∧, parallel = ∨, k-of-n = the threshold programme,
    /// a capacity vote = its weighted threshold, a standby block = ∨ of its units.
    /// Variables are ordered by first appearance in the structure, which keeps the components
    /// of one block next to each other (a good order for series–parallel systems).
    pub fn compile(system: &System, max_nodes: usize) -> Result<Self, AnalysisError> {
        check_depth(system)?;
        let n = system.components().len();
        let mut order = Vec::with_capacity(n);
        let mut seen = vec![false; n];
        first_appearance(system, system.root(), &mut order, &mut seen);
        order.extend((0..n as u32).filter(|&c| !seen[c as usize]));
        let mut bdd = Bdd::new(order, max_nodes);
        let mut blocks = vec![super::bdd::TRUE; system.blocks().len()];
        let root = build(system, system.root(), &mut bdd, &mut blocks)?;
        Ok(Self { bdd, root, blocks })
    }

    /// Number of nodes of the system's diagram (terminals included; not the intermediate
    /// results the manager also keeps).
    pub fn size(&self) -> usize {
        self.bdd.reachable(self.root).len() + 2
    }

    /// P(block up) and P(block down) of block `b` ([`System::blocks`] order).
    pub fn block_availability(&self, b: usize, p: &[f64], q: &[f64]) -> (f64, f64) {
        self.bdd.probability(self.blocks[b], p, q)
    }

    /// Birnbaum importance of every component, ∂A/∂A_i.
    pub fn birnbaum(&self, p: &[f64], q: &[f64]) -> Vec<f64> {
        self.bdd.birnbaum(self.root, p, q)
    }

    /// P(system up) and P(system down) when component i is up with probability `p[i]` and
    /// down with probability `q[i]`.
    pub fn availability(&self, p: &[f64], q: &[f64]) -> (f64, f64) {
        self.bdd.probability(self.root, p, q)
    }
}

/// Most levels of nested blocks the analysis walks. The walks over the block tree recurse once
/// per level, and a test thread has 2 MiB of stack; model files nest at most 128 levels (the
/// JSON reader's limit), but `depends_on` written into the structure adds one per dependency.
pub(crate) const MAX_DEPTH: usize = 1000;

/// Refuses, before any recursive walk, a block tree deeper than [`MAX_DEPTH`]. The depth is
/// measured on an explicit stack.
pub(crate) fn check_depth(system: &System) -> Result<(), AnalysisError> {
    let mut stack = vec![(system.root(), 1usize)];
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            return Err(AnalysisError::TooLarge {
                what: "levels of nested blocks (`depends_on` chains count as levels)",
                limit: MAX_DEPTH,
            });
        }
        if let Node::Block(b) = node {
            stack.extend(system.blocks()[b as usize].children.iter().map(|&child| (child, depth + 1)));
        }
    }
    Ok(())
}

fn first_appearance(system: &System, node: Node, order: &mut Vec<u32>, seen: &mut [bool]) {
    match node {
        Node::Component(c) => {
            if !seen[c as usize] {
                seen[c as usize] = true;
                order.push(c);
            }
        }
        Node::Block(b) => {
            for &child in &system.blocks()[b as usize].children {
                first_appearance(system, child, order, seen);
            }
        }
    }
}

fn build(system: &System, node: Node, bdd: &mut Bdd, blocks: &mut [NodeId]) -> Result<NodeId, AnalysisError> {
    match node {
        Node::Component(c) => bdd.variable(c),
        Node::Block(b) => {
            let block = &system.blocks()[b as usize];
            let children = block.children.iter().map(|&child| build(system, child, bdd, blocks)).collect::<Result<Vec<_>, _>>()?;
            let f = match block.kind {
                // Folded from the last child: later children sit deeper in the variable order, so
                // each step only walks the new child's diagram (O(size), not O(size²)).
                BlockKind::Series => children.iter().rev().try_fold(super::bdd::TRUE, |acc, &f| bdd.and(f, acc))?,
                BlockKind::Parallel => children.iter().rev().try_fold(super::bdd::FALSE, |acc, &f| bdd.or(f, acc))?,
                BlockKind::KOfN(k) => bdd.at_least(k as usize, &children)?,
                BlockKind::Capacity => bdd.at_least_weighted(block.need, &block.weights, &children)?,
                // Structurally a standby block is up while some unit is (switchover time and
                // switch failures are dynamics the structure function leaves out; `solvable`
                // never sends one here for an exact answer).
                BlockKind::Standby(_) => children.iter().rev().try_fold(super::bdd::FALSE, |acc, &f| bdd.or(f, acc))?,
            };
            blocks[b as usize] = f;
            Ok(f)
        }
    }
}
