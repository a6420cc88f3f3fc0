//! Reliability block diagrams: a format-neutral description of the structure ([`Diagram`]),
//! laid out by our own series/parallel geometry ([`layout`]) and drawn with the same embedded
//! font as the charts, to SVG and to PNG.
//!
//! The description is plain text and flags: what a box says is decided by the caller (the
//! report layer builds it from a model), so the drawing and the text renderers (DOT, Mermaid)
//! show the same boxes with the same words.

mod draw;
pub mod layout;

pub use draw::{chart, measure, png, svg};
pub use layout::{Layout, layout};

/// A block diagram: a title, the structure, a dependency layer and a legend.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagram {
    /// The title at the top (the model's name).
    pub title: String,
    /// Lines under the title (the system's availability with --annotate).
    pub subtitle: Vec<String>,
    /// The structure, drawn left to right between an entry and an exit terminal.
    pub root: Shape,
    /// Components that others depend on (`depends_on`): each drawn once in a layer under the
    /// structure, in its own colour, which the boxes that need it repeat.
    pub dependencies: Vec<Unit>,
    /// Legend lines under everything (single points of failure, shared components, common
    /// causes, crews, where the figures come from).
    pub notes: Vec<String>,
}

/// A part of the structure.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// One box: a component, or a collapsed group of instances.
    Unit(Unit),
    /// All of these, left to right.
    Series(Vec<Shape>),
    /// Branches stacked between a split and a join, under a label ("2 of 3").
    Branches(Branches),
}

/// Stacked branches: a parallel block, a vote or a standby block.
#[derive(Debug, Clone, PartialEq)]
pub struct Branches {
    /// What kind of block (it sets the frame's colour).
    pub kind: BranchKind,
    /// The label's lines ("2 of 3", "A = 0.99998").
    pub label: Vec<String>,
    /// The branches, top to bottom.
    pub children: Vec<Shape>,
}

/// Kinds of stacked blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BranchKind {
    /// Any one branch suffices.
    Parallel,
    /// A count or a capacity vote.
    Vote,
    /// One serving unit, the others spares.
    Standby,
}

/// One box.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// The first line, in bold: the component ("db-a", "app × 3").
    pub name: String,
    /// Further lines ("serving", "A = 0.99977", "12 % of downtime").
    pub details: Vec<String>,
    /// A single point of failure: drawn in red.
    pub spof: bool,
    /// One component used in several places: drawn in purple, every use alike.
    pub shared: bool,
    /// Indices into [`Diagram::dependencies`] of what this box needs ("needs zone[1]" lines in
    /// the dependency's colour).
    pub needs: Vec<usize>,
}

impl Unit {
    /// A plain box named `name`.
    pub fn named(name: impl Into<String>) -> Self {
        Self { name: name.into(), details: Vec::new(), spof: false, shared: false, needs: Vec::new() }
    }
}

impl Diagram {
    /// Every box of the structure, depth first, top to bottom (then the dependency layer's).
    pub fn units(&self) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut stack = vec![&self.root];
        while let Some(shape) = stack.pop() {
            match shape {
                Shape::Unit(u) => out.push(u),
                Shape::Series(children) => stack.extend(children.iter().rev()),
                Shape::Branches(b) => stack.extend(b.children.iter().rev()),
            }
        }
        out.extend(&self.dependencies);
        out
    }
}
