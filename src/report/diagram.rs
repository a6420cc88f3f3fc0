//! A model's reliability block diagram: the format-neutral [`Diagram`] built once from the
//! compiled system (what each box and frame says), and its text renderings for docs and
//! wikis, Graphviz DOT and Mermaid. The drawing (SVG, PNG) is [`crate::plot::diagram`]'s.
//!
//! Every name from the model goes through [`shown`] first (controls and bidi overrides written
//! out, characters XML cannot carry escaped), then through each format's own escaping.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

use crate::model::spec::StandbyMode;
use crate::model::{BlockKind, Node, System};
use crate::plot::diagram::{BranchKind, Branches, Diagram, Shape, Unit};
use crate::study::diagram::{DiagramFigures, FigureSource};
use crate::units::fmt::{duration, percent, probability, trimmed, visible};

/// Names listed in a legend line before "and N more".
const MAX_LISTED: usize = 12;

/// A name from a model as diagram text: [`visible`], and the noncharacters U+FFFE and U+FFFF
/// (which no XML document may contain) written out as well.
pub fn shown(text: &str) -> String {
    visible(text).chars().fold(String::with_capacity(text.len()), |mut out, c| {
        if matches!(c, '\u{FFFE}' | '\u{FFFF}') {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
        out
    })
}

/// The block diagram of `system`. `collapse`: consecutive instances of one component kind in
/// a block are one box ("app × 3"). `figures`: the availabilities and downtime shares that
/// `--annotate` adds.
pub fn block_diagram(system: &System, figures: Option<&DiagramFigures>, collapse: bool) -> Diagram {
    let builder = Builder::new(system, figures, collapse);
    let root = builder.shape(system.root());
    let dependencies = builder.dependencies.iter().map(|&c| builder.unit(&[c], false)).collect();
    let mut subtitle = Vec::new();
    if let Some(a) = figures.and_then(|f| f.system) {
        subtitle.push(format!("System availability A = {}", probability(a)));
    }
    Diagram { title: shown(&system.name), subtitle, root, dependencies, notes: builder.notes() }
}

struct Builder<'a> {
    system: &'a System,
    figures: Option<&'a DiagramFigures>,
    collapse: bool,
    spofs: HashSet<usize>,
    /// Places each component is used in the structure.
    places: Vec<usize>,
    /// Components something depends on, in model order.
    dependencies: Vec<usize>,
    /// Component → its index in `dependencies`.
    dependency_index: BTreeMap<usize, usize>,
}

impl<'a> Builder<'a> {
    fn new(system: &'a System, figures: Option<&'a DiagramFigures>, collapse: bool) -> Self {
        let n = system.components().len();
        let mut places: Vec<usize> = (0..n).map(|c| system.parents_of(c).len()).collect();
        if let Node::Component(c) = system.root() {
            places[c as usize] += 1;
        }
        let mut dependencies: Vec<usize> = system.components().iter().flat_map(|c| c.depends_on.iter().map(|&d| d as usize)).collect();
        dependencies.sort_unstable();
        dependencies.dedup();
        let dependency_index = dependencies.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        Self {
            system,
            figures,
            collapse,
            spofs: system.single_points_of_failure().into_iter().collect(),
            places,
            dependencies,
            dependency_index,
        }
    }

    /// The box of the instances `group` (one component, or a collapsed run of one kind).
    fn unit(&self, group: &[usize], in_capacity_vote: bool) -> Unit {
        let comps = self.system.components();
        let first = &comps[group[0]];
        let name = if group.len() > 1 { format!("{} × {}", shown(&first.kind_id), group.len()) } else { shown(&first.name) };
        let mut unit = Unit::named(name);
        unit.spof = group.iter().any(|c| self.spofs.contains(c));
        unit.shared = group.iter().any(|&c| self.places[c] > 1);
        if unit.shared {
            unit.details.push(format!("shared ({} places)", self.places[group[0]]));
        }
        if in_capacity_vote {
            let each = if group.len() > 1 { " each" } else { "" };
            unit.details.push(format!("capacity {}{each}", trimmed(first.capacity)));
        }
        let mut needs: Vec<usize> = group
            .iter()
            .flat_map(|&c| comps[c].depends_on.iter().filter_map(|d| self.dependency_index.get(&(*d as usize)).copied()))
            .collect();
        needs.sort_unstable();
        needs.dedup();
        unit.needs = needs;
        if let Some(f) = self.figures {
            if let Some(Some(a)) = f.components.get(group[0]) {
                let each = if group.len() > 1 { " each" } else { "" };
                unit.details.push(format!("A = {}{each}", probability(*a)));
            }
            let shares: Option<f64> = group.iter().map(|&c| f.downtime_share.get(c).copied().flatten()).sum();
            if let Some(share) = shares {
                unit.details.push(format!("{} of downtime", percent(share)));
            }
        }
        unit
    }

    fn shape(&self, node: Node) -> Shape {
        let b = match node {
            Node::Component(c) => return Shape::Unit(self.unit(&[c as usize], false)),
            Node::Block(b) => b as usize,
        };
        let block = &self.system.blocks()[b];
        let capacity = block.kind == BlockKind::Capacity;
        let mut children = Vec::new();
        let groups = self.groups(&block.children, !matches!(block.kind, BlockKind::Standby(_)));
        for (k, group) in groups.iter().enumerate() {
            let mut shape = match group {
                Group::Node(n) => self.shape(*n),
                Group::Run(run) => Shape::Unit(self.unit(run, capacity)),
            };
            if let (Group::Node(Node::Component(c)), true, Shape::Unit(u)) = (group, capacity, &mut shape) {
                u.details.insert(0, format!("capacity {}", trimmed(self.system.components()[*c as usize].capacity)));
            }
            if let (BlockKind::Standby(_), Shape::Unit(u)) = (block.kind, &mut shape) {
                u.details.insert(0, if k == 0 { "serving".into() } else { format!("spare {k}") });
            }
            children.push(shape);
        }
        let n = block.children.len();
        let (kind, mut label) = match block.kind {
            BlockKind::Series => return Shape::Series(self.annotated_series(b, children)),
            BlockKind::Parallel => (BranchKind::Parallel, vec![format!("any 1 of {n}")]),
            BlockKind::KOfN(k) => (BranchKind::Vote, vec![format!("{k} of {n}")]),
            BlockKind::Capacity => (BranchKind::Vote, self.capacity_label(b)),
            BlockKind::Standby(s) => (BranchKind::Standby, self.standby_label(s as usize)),
        };
        if let Some(a) = self.block_figure(b) {
            label.push(a);
        }
        Shape::Branches(Branches { kind, label, children })
    }

    /// A series block's children; with figures, a series block other than the whole system
    /// (whose figure is the subtitle) is framed to carry its availability.
    fn annotated_series(&self, b: usize, children: Vec<Shape>) -> Vec<Shape> {
        match self.block_figure(b) {
            Some(a) if self.system.root() != Node::Block(b as u32) => {
                vec![Shape::Branches(Branches {
                    kind: BranchKind::Parallel,
                    label: vec!["all of".into(), a],
                    children: vec![Shape::Series(children)],
                })]
            }
            _ => children,
        }
    }

    fn block_figure(&self, b: usize) -> Option<String> {
        let a = self.figures?.blocks.get(b).copied().flatten()?;
        Some(format!("A = {}", probability(a)))
    }

    fn capacity_label(&self, b: usize) -> Vec<String> {
        let block = &self.system.blocks()[b];
        let total_weight: u64 = block.weights.iter().sum();
        let total: f64 = block
            .children
            .iter()
            .map(|c| match c {
                Node::Component(c) => self.system.components()[*c as usize].capacity,
                Node::Block(_) => 0.0,
            })
            .sum();
        let share = if total_weight > 0 { block.need as f64 / total_weight as f64 } else { f64::NAN };
        let need = share * total;
        vec![
            format!("≥ {} % capacity", trimmed((100.0 * share).round())),
            format!("({} of {})", trimmed((need * 1e6).round() / 1e6), trimmed(total)),
        ]
    }

    fn standby_label(&self, s: usize) -> Vec<String> {
        let standby = &self.system.standbys[s];
        let mode = match standby.mode {
            StandbyMode::Hot => "hot".to_string(),
            StandbyMode::Warm => format!("warm (spares age at {}×)", trimmed(standby.dormant_factor)),
            StandbyMode::Cold => "cold".to_string(),
        };
        let mut label = vec![format!("standby, {mode}")];
        if let Some(switch) = &standby.switchover {
            label.push(format!("switchover ≈ {}", duration(switch.mean() * self.system.time_unit.hours())));
        }
        if standby.switch_failure_prob > 0.0 {
            label.push(format!("{} % of failovers fail", trimmed((standby.switch_failure_prob * 1e6).round() / 1e4)));
        }
        if standby.failback {
            label.push("fails back when repaired".into());
        }
        label
    }

    /// A block's children, with consecutive instances of one kind grouped when collapsing
    /// (never a shared component, and only instances alike in being a single point of failure
    /// and in what they depend on).
    fn groups(&self, children: &[Node], may_collapse: bool) -> Vec<Group> {
        let comps = self.system.components();
        let mut groups: Vec<Group> = Vec::new();
        for &child in children {
            if let (Node::Component(c), true, true) = (child, self.collapse, may_collapse) {
                let c = c as usize;
                if let Some(Group::Run(run)) = groups.last_mut() {
                    let last = run[run.len() - 1];
                    let alike = comps[last].kind_id == comps[c].kind_id
                        && c == last + 1
                        && self.places[c] == 1
                        && self.spofs.contains(&c) == self.spofs.contains(&last)
                        && comps[c].depends_on == comps[last].depends_on
                        && comps[c].capacity == comps[last].capacity;
                    if alike {
                        run.push(c);
                        continue;
                    }
                }
                if self.places[c] == 1 {
                    groups.push(Group::Run(vec![c]));
                    continue;
                }
            }
            groups.push(Group::Node(child));
        }
        groups
            .into_iter()
            .map(
                |g| if let Group::Run(run) = &g { if run.len() == 1 { Group::Node(Node::Component(run[0] as u32)) } else { g } } else { g },
            )
            .collect()
    }

    /// `names` of instances, listed with runs of one kind collapsed, at most [`MAX_LISTED`].
    fn list(&self, members: &[usize]) -> String {
        let comps = self.system.components();
        let mut items: Vec<String> = Vec::new();
        let mut i = 0;
        while i < members.len() {
            let mut j = i + 1;
            while self.collapse
                && j < members.len()
                && members[j] == members[j - 1] + 1
                && comps[members[j]].kind_id == comps[members[i]].kind_id
            {
                j += 1;
            }
            items.push(if j - i > 1 {
                format!("{} × {}", shown(&comps[members[i]].kind_id), j - i)
            } else {
                shown(&comps[members[i]].name)
            });
            i = j;
        }
        if items.len() > MAX_LISTED {
            let more = items.len() - MAX_LISTED;
            items.truncate(MAX_LISTED);
            items.push(format!("and {more} more"));
        }
        items.join(", ")
    }

    fn notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        let mut spofs: Vec<usize> = self.spofs.iter().copied().collect();
        spofs.sort_unstable();
        notes.push(if spofs.is_empty() {
            "No single point of failure.".to_string()
        } else {
            format!("Single points of failure (red): {}.", self.list(&spofs))
        });
        let shared: Vec<usize> = (0..self.places.len()).filter(|&c| self.places[c] > 1).collect();
        if !shared.is_empty() {
            notes.push(format!("Shared (purple): {}: each is one component, drawn in every place it is used.", self.list(&shared)));
        }
        for cc in &self.system.common_causes {
            let members: Vec<usize> = cc.members.iter().map(|&m| m as usize).collect();
            let every = duration(cc.every.mean() * self.system.time_unit.hours());
            notes.push(format!("Common cause {}: strikes {} at once, about every {every}.", shown(&cc.id), self.list(&members)));
        }
        for (k, crew) in self.system.crews.iter().enumerate() {
            let members: Vec<usize> =
                (0..self.system.components().len()).filter(|&c| self.system.components()[c].crew == Some(k as u32)).collect();
            if !members.is_empty() {
                notes.push(format!("Crew {} ({} at a time) repairs {}.", shown(&crew.id), crew.size, self.list(&members)));
            }
        }
        match self.figures.map(|f| f.source) {
            Some(FigureSource::Exact) => notes.push("Figures: exact steady state; shares of downtime are criticality importances.".into()),
            Some(FigureSource::Simulated { replications }) => {
                notes.push(format!("Figures: simulated, {replications} lives (no exact block-by-block answer for this model)."));
            }
            Some(FigureSource::Run { replications }) => notes.push(format!(
                "Figures: this run's simulated values ({replications} lives); shares of downtime are the \"critical\" shares of its table."
            )),
            None => {}
        }
        notes
    }
}

enum Group {
    Node(Node),
    Run(Vec<usize>),
}

/// Names the nodes of a text rendering and collects its statements.
struct Graph {
    next: usize,
    out: String,
    /// (box id, dependency index) of every "needs".
    needs: Vec<(String, usize)>,
    /// (box id, class) of every styled box.
    classes: Vec<(String, &'static str)>,
}

impl Graph {
    fn id(&mut self, prefix: &str) -> String {
        self.next += 1;
        format!("{prefix}{}", self.next)
    }
}

fn class_of(unit: &Unit) -> Option<&'static str> {
    if unit.spof {
        Some("spof")
    } else if unit.shared {
        Some("shared")
    } else {
        None
    }
}

fn unit_lines(unit: &Unit, diagram: &Diagram) -> Vec<String> {
    let mut lines = vec![unit.name.clone()];
    lines.extend(unit.details.iter().cloned());
    lines.extend(unit.needs.iter().filter_map(|&i| diagram.dependencies.get(i)).map(|d| format!("needs {}", d.name)));
    lines
}

/// Text in a DOT double-quoted string: backslashes and quotes escaped.
fn dot_text(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn dot_lines(lines: &[String]) -> String {
    lines.iter().map(|l| dot_text(l)).collect::<Vec<_>>().join("\\n")
}

/// The diagram in Graphviz DOT: boxes left to right, each stacked block a labelled cluster
/// between a split and a join point, dependencies as dashed edges to a cluster of their own.
pub fn dot(diagram: &Diagram) -> String {
    let mut g = Graph { next: 0, out: String::new(), needs: Vec::new(), classes: Vec::new() };
    let mut title = vec![diagram.title.clone()];
    title.extend(diagram.subtitle.iter().cloned());
    let _ = writeln!(g.out, "digraph block_diagram {{");
    let _ = writeln!(g.out, "  graph [rankdir=LR, fontname=\"DejaVu Sans\", labelloc=t, label=\"{}\"];", dot_lines(&title));
    let _ = writeln!(
        g.out,
        "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eaf2fb\", color=\"#1f77b4\", fontname=\"DejaVu Sans\"];"
    );
    let _ = writeln!(g.out, "  edge [arrowhead=none, color=\"#3c3c3c\"];");
    let _ = writeln!(g.out, "  entry [shape=circle, label=\"\", width=0.15, style=solid];");
    let _ = writeln!(g.out, "  exit [shape=circle, label=\"\", width=0.15, style=solid];");
    let (first, last) = dot_shape(&diagram.root, diagram, &mut g, "  ");
    let _ = writeln!(g.out, "  entry -> {first};");
    let _ = writeln!(g.out, "  {last} -> exit;");
    if !diagram.dependencies.is_empty() {
        let _ = writeln!(g.out, "  subgraph cluster_dependencies {{");
        let _ = writeln!(g.out, "    label=\"depends on\"; style=dashed; color=\"#a0a0a0\";");
        for (i, dep) in diagram.dependencies.iter().enumerate() {
            let style = if dep.spof { ", fillcolor=\"#fde2e2\", color=\"#d62728\", penwidth=3" } else { ", fillcolor=white" };
            let _ = writeln!(g.out, "    d{i} [label=\"{}\"{style}];", dot_lines(&unit_lines(dep, diagram)));
        }
        let _ = writeln!(g.out, "  }}");
        for (id, i) in std::mem::take(&mut g.needs) {
            let _ = writeln!(g.out, "  {id} -> d{i} [style=dashed, constraint=false, color=\"#7f7f7f\"];");
        }
    }
    if !diagram.notes.is_empty() {
        let notes: String = diagram.notes.iter().map(|n| format!("{}\\l", dot_text(n))).collect();
        let _ = writeln!(g.out, "  legend [shape=note, style=filled, fillcolor=white, color=\"#a0a0a0\", label=\"{notes}\"];");
    }
    let _ = writeln!(g.out, "}}");
    g.out
}

/// Writes `shape`, returning the ids where wires enter and leave it.
fn dot_shape(shape: &Shape, diagram: &Diagram, g: &mut Graph, indent: &str) -> (String, String) {
    match shape {
        Shape::Unit(unit) => {
            let id = g.id("n");
            let style = match class_of(unit) {
                Some("spof") => ", fillcolor=\"#fde2e2\", color=\"#d62728\", penwidth=3",
                Some(_) => ", fillcolor=\"#efe7f8\", color=\"#9467bd\", penwidth=2",
                None => "",
            };
            let _ = writeln!(g.out, "{indent}{id} [label=\"{}\"{style}];", dot_lines(&unit_lines(unit, diagram)));
            for &i in &unit.needs {
                g.needs.push((id.clone(), i));
            }
            (id.clone(), id)
        }
        Shape::Series(children) => {
            if children.is_empty() {
                let id = g.id("p");
                let _ = writeln!(g.out, "{indent}{id} [shape=point];");
                return (id.clone(), id);
            }
            let ends: Vec<(String, String)> = children.iter().map(|c| dot_shape(c, diagram, g, indent)).collect();
            for pair in ends.windows(2) {
                let _ = writeln!(g.out, "{indent}{} -> {};", pair[0].1, pair[1].0);
            }
            (ends[0].0.clone(), ends[ends.len() - 1].1.clone())
        }
        Shape::Branches(b) => {
            let cluster = g.id("cluster_");
            let colour = if b.kind == BranchKind::Standby { "#ff7f0e" } else { "#a0a0a0" };
            let _ = writeln!(g.out, "{indent}subgraph {cluster} {{");
            let inner = format!("{indent}  ");
            let _ = writeln!(g.out, "{inner}label=\"{}\"; style=rounded; color=\"{colour}\";", dot_lines(&b.label));
            let (split, join) = (g.id("s"), g.id("j"));
            let _ = writeln!(g.out, "{inner}{split} [shape=point];");
            let _ = writeln!(g.out, "{inner}{join} [shape=point];");
            for child in &b.children {
                let (a, z) = dot_shape(child, diagram, g, &inner);
                let _ = writeln!(g.out, "{inner}{split} -> {a};");
                let _ = writeln!(g.out, "{inner}{z} -> {join};");
            }
            let _ = writeln!(g.out, "{indent}}}");
            (split, join)
        }
    }
}

/// Text in a Mermaid quoted label: the characters Mermaid or its HTML labels would act on
/// written as Mermaid's entity codes (`#quot;`, `#35;`…).
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            c => out.push(c),
        }
    }
    out
}

fn mermaid_lines(lines: &[String]) -> String {
    lines.iter().map(|l| mermaid_text(l)).collect::<Vec<_>>().join("<br/>")
}

/// The diagram as a Mermaid flowchart (left to right): boxes, each stacked block a labelled
/// subgraph between a split and a join point, dependencies as dotted links, and the legend as
/// a note box.
pub fn mermaid(diagram: &Diagram) -> String {
    let mut g = Graph { next: 0, out: String::new(), needs: Vec::new(), classes: Vec::new() };
    let _ = writeln!(g.out, "flowchart LR");
    let _ = writeln!(g.out, "  t_in((\" \"))");
    let _ = writeln!(g.out, "  t_out((\" \"))");
    let (first, last) = mermaid_shape(&diagram.root, diagram, &mut g, "  ");
    let _ = writeln!(g.out, "  t_in --- {first}");
    let _ = writeln!(g.out, "  {last} --- t_out");
    if !diagram.dependencies.is_empty() {
        let _ = writeln!(g.out, "  subgraph g_dependencies[\"depends on\"]");
        for (i, dep) in diagram.dependencies.iter().enumerate() {
            let _ = writeln!(g.out, "    d{i}[\"{}\"]", mermaid_lines(&unit_lines(dep, diagram)));
            if dep.spof {
                g.classes.push((format!("d{i}"), "spof"));
            }
        }
        let _ = writeln!(g.out, "  end");
        for (id, i) in std::mem::take(&mut g.needs) {
            let _ = writeln!(g.out, "  {id} -.- d{i}");
        }
    }
    let mut legend = vec![diagram.title.clone()];
    legend.extend(diagram.subtitle.iter().cloned());
    legend.extend(diagram.notes.iter().cloned());
    let _ = writeln!(g.out, "  legend[\"{}\"]", mermaid_lines(&legend));
    let _ = writeln!(g.out, "  classDef spof fill:#fde2e2,stroke:#d62728,stroke-width:3px");
    let _ = writeln!(g.out, "  classDef shared fill:#efe7f8,stroke:#9467bd,stroke-width:2px");
    let _ = writeln!(g.out, "  classDef junction fill:#3c3c3c,stroke:#3c3c3c");
    let _ = writeln!(g.out, "  classDef note fill:#ffffff,stroke:#a0a0a0");
    let _ = writeln!(g.out, "  class legend note");
    for class in ["spof", "shared", "junction"] {
        let ids: Vec<&str> = g.classes.iter().filter(|(_, c)| *c == class).map(|(id, _)| id.as_str()).collect();
        for chunk in ids.chunks(50) {
            let _ = writeln!(g.out, "  class {} {class}", chunk.join(","));
        }
    }
    g.out
}

fn mermaid_shape(shape: &Shape, diagram: &Diagram, g: &mut Graph, indent: &str) -> (String, String) {
    match shape {
        Shape::Unit(unit) => {
            let id = g.id("n");
            let _ = writeln!(g.out, "{indent}{id}[\"{}\"]", mermaid_lines(&unit_lines(unit, diagram)));
            if let Some(class) = class_of(unit) {
                g.classes.push((id.clone(), class));
            }
            for &i in &unit.needs {
                g.needs.push((id.clone(), i));
            }
            (id.clone(), id)
        }
        Shape::Series(children) => {
            if children.is_empty() {
                let id = g.id("p");
                let _ = writeln!(g.out, "{indent}{id}((\" \"))");
                g.classes.push((id.clone(), "junction"));
                return (id.clone(), id);
            }
            let ends: Vec<(String, String)> = children.iter().map(|c| mermaid_shape(c, diagram, g, indent)).collect();
            for pair in ends.windows(2) {
                let _ = writeln!(g.out, "{indent}{} --- {}", pair[0].1, pair[1].0);
            }
            (ends[0].0.clone(), ends[ends.len() - 1].1.clone())
        }
        Shape::Branches(b) => {
            let sub = g.id("g");
            let label = if b.label.is_empty() { " ".to_string() } else { mermaid_lines(&b.label) };
            let _ = writeln!(g.out, "{indent}subgraph {sub}[\"{label}\"]");
            let inner = format!("{indent}  ");
            let (split, join) = (g.id("s"), g.id("j"));
            let _ = writeln!(g.out, "{inner}{split}((\" \"))");
            let _ = writeln!(g.out, "{inner}{join}((\" \"))");
            g.classes.push((split.clone(), "junction"));
            g.classes.push((join.clone(), "junction"));
            for child in &b.children {
                let (a, z) = mermaid_shape(child, diagram, g, &inner);
                let _ = writeln!(g.out, "{inner}{split} --- {a}");
                let _ = writeln!(g.out, "{inner}{z} --- {join}");
            }
            let _ = writeln!(g.out, "{indent}end");
            (split, join)
        }
    }
}
