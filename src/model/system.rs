//! The compiled model: index-based, checked, and the only thing the engine and the analysis see.

use super::distribution::Distribution;
use super::spec::{SimulationSpec, TimeUnit};

/// One component instance (a `count: 3` component gives three).
#[derive(Debug, Clone)]
pub struct Component {
    /// Instance name: the id, or `id[i]` (1-based) for replicated components.
    pub name: String,
    /// The id of the component kind in the model file.
    pub kind_id: String,
    /// Time to failure from the moment the component is (again) up.
    pub failure: Distribution,
    /// Time to repair; `None` for a non-repairable component.
    pub repair: Option<Distribution>,
    /// Key of this component's own random stream: a hash of its instance name, so the same
    /// component draws the same numbers in two designs that share it (common random numbers).
    pub stream_key: u64,
}

impl Component {
    /// Mean time to failure (the failure distribution's mean).
    pub fn mttf(&self) -> f64 {
        self.failure.mean()
    }

    /// Mean time to repair, `None` when non-repairable.
    pub fn mttr(&self) -> Option<f64> {
        self.repair.as_ref().map(Distribution::mean)
    }
}

/// A node of the structure: a component or a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    /// Index into [`System::components`].
    Component(u32),
    /// Index into [`System::blocks`].
    Block(u32),
}

/// How a block combines its children.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// All children up.
    Series,
    /// Any child up.
    Parallel,
    /// At least `k` children up.
    KOfN(u32),
}

/// A `series`, `parallel` or `k_of_n` block.
#[derive(Debug, Clone)]
pub struct Block {
    /// How the children combine.
    pub kind: BlockKind,
    /// The children, in file order (a child may repeat if the file lists it twice).
    pub children: Vec<Node>,
    /// Enclosing block, `None` for the root. Blocks form a tree; only components are shared.
    pub parent: Option<u32>,
    /// JSON path of the block in the model file, for messages.
    pub path: String,
}

impl Block {
    /// Number of children that must be up for the block to be up.
    pub fn threshold(&self) -> u32 {
        match self.kind {
            BlockKind::Series => self.children.len() as u32,
            BlockKind::Parallel => 1,
            BlockKind::KOfN(k) => k,
        }
    }
}

/// A checked system: components, the structure over them, and the model's run defaults.
#[derive(Debug, Clone)]
pub struct System {
    /// Model name.
    pub name: String,
    /// Model description.
    pub description: Option<String>,
    /// Unit of every duration.
    pub time_unit: TimeUnit,
    /// Run defaults from the model file.
    pub simulation: SimulationSpec,
    pub(crate) components: Vec<Component>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) root: Node,
    /// For component c, its parent blocks are `parents[parent_start[c]..parent_start[c + 1]]`
    /// (one entry per occurrence, so a component listed twice in a block counts twice).
    pub(crate) parent_start: Vec<u32>,
    pub(crate) parents: Vec<u32>,
}

impl System {
    pub(crate) fn new(
        name: String,
        description: Option<String>,
        time_unit: TimeUnit,
        simulation: SimulationSpec,
        components: Vec<Component>,
        blocks: Vec<Block>,
        root: Node,
    ) -> Self {
        let mut per_component: Vec<Vec<u32>> = vec![Vec::new(); components.len()];
        for (b, block) in blocks.iter().enumerate() {
            for child in &block.children {
                if let Node::Component(c) = *child {
                    per_component[c as usize].push(b as u32);
                }
            }
        }
        let mut parent_start = Vec::with_capacity(components.len() + 1);
        let mut parents = Vec::new();
        parent_start.push(0);
        for list in per_component {
            parents.extend(list);
            parent_start.push(parents.len() as u32);
        }
        Self { name, description, time_unit, simulation, components, blocks, root, parent_start, parents }
    }

    /// The component instances.
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The blocks of the structure.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The top of the structure.
    pub fn root(&self) -> Node {
        self.root
    }

    /// Length of a year in the model's time unit (a year is 8766 h).
    pub fn year(&self) -> f64 {
        crate::HOURS_PER_YEAR / self.time_unit.hours()
    }

    /// The blocks that list component `c` directly.
    pub(crate) fn parents_of(&self, c: usize) -> &[u32] {
        &self.parents[self.parent_start[c] as usize..self.parent_start[c + 1] as usize]
    }

    /// The structure function φ: is the system up when component `c` is up exactly when `up[c]`?
    pub fn is_up(&self, up: &[bool]) -> bool {
        self.node_up(self.root, up)
    }

    fn node_up(&self, node: Node, up: &[bool]) -> bool {
        match node {
            Node::Component(c) => up[c as usize],
            Node::Block(b) => {
                let block = &self.blocks[b as usize];
                let k = block.threshold() as usize;
                block.children.iter().filter(|&&child| self.node_up(child, up)).take(k).count() == k
            }
        }
    }

    /// Single points of failure, found from the structure (not by sampling): the components
    /// whose failure alone, with every other component up, brings the system down. Each test
    /// walks up only through the blocks that flip (block counters, as in the engine), so all n
    /// tests cost O(n × depth), not O(n²).
    pub fn single_points_of_failure(&self) -> Vec<usize> {
        if let Node::Component(root) = self.root {
            return vec![root as usize];
        }
        let all_up: Vec<u32> = self.blocks.iter().map(|b| b.children.len() as u32).collect();
        let mut up_children = all_up.clone();
        let mut touched = Vec::new();
        (0..self.components.len())
            .filter(|&c| {
                let mut root_down = false;
                let mut pending: Vec<u32> = self.parents_of(c).to_vec();
                while let Some(b) = pending.pop() {
                    let block = &self.blocks[b as usize];
                    let count = &mut up_children[b as usize];
                    let was_up = *count >= block.threshold();
                    *count -= 1;
                    touched.push(b);
                    if was_up && *count < block.threshold() {
                        match block.parent {
                            Some(parent) => pending.push(parent),
                            None => root_down = true,
                        }
                    }
                }
                for b in touched.drain(..) {
                    up_children[b as usize] = all_up[b as usize];
                }
                root_down
            })
            .collect()
    }

    /// Components that no block uses (they cannot affect the system).
    pub fn unused_components(&self) -> Vec<usize> {
        (0..self.components.len()).filter(|&c| self.parents_of(c).is_empty() && self.root != Node::Component(c as u32)).collect()
    }
}
