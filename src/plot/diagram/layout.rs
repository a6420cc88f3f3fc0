//! Where everything of a [`Diagram`] goes: pure geometry over measured text, so tests can
//! check it without drawing (no two labels overlap, everything lies on the canvas).
//!
//! Each shape gets a rectangle of its own and a port (the height where wires attach). A
//! series puts its children side by side with their ports on one line, joined by wires;
//! branches stack their children between a split rail and a join rail, inside a frame whose
//! top row holds the label. Since a shape's label lies in its own rectangle and outside its
//! children's, no label can overlap another.

use super::{BranchKind, Diagram, Shape, Unit};

/// The kinds of text, each in its own size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Font {
    /// The diagram's title.
    Title,
    /// A box's first line (bold).
    Name,
    /// A box's other lines.
    Detail,
    /// A frame's label ("2 of 3") and the dependency layer's heading.
    Label,
    /// Subtitle and legend lines.
    Note,
}

impl Font {
    /// The size in pixels.
    pub fn size(self) -> f64 {
        match self {
            Font::Title => 22.0,
            Font::Name => 15.0,
            Font::Detail | Font::Label => 13.0,
            Font::Note => 14.0,
        }
    }

    /// Whether the text is bold.
    pub fn bold(self) -> bool {
        matches!(self, Font::Title | Font::Name)
    }
}

/// A text's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ink {
    /// Black.
    Black,
    /// Grey, for labels and notes.
    Grey,
    /// The colour of dependency `i` (an index into [`Diagram::dependencies`]).
    Dependency(usize),
}

/// A rectangle in pixels, y down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rect {
    /// Left.
    pub x: i32,
    /// Top.
    pub y: i32,
    /// Width.
    pub w: i32,
    /// Height.
    pub h: i32,
}

impl Rect {
    /// Whether the two share some area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.x + other.w && other.x < self.x + self.w && self.y < other.y + other.h && other.y < self.y + self.h
    }

    /// Whether `other` lies wholly inside.
    pub fn contains(&self, other: &Rect) -> bool {
        other.x >= self.x && other.y >= self.y && other.x + other.w <= self.x + self.w && other.y + other.h <= self.y + self.h
    }
}

/// A line of text: drawn left-aligned and vertically centred in `rect`, its bounding box.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The text as drawn (long names shortened with an ellipsis).
    pub text: String,
    /// Its size and weight.
    pub font: Font,
    /// Its colour.
    pub ink: Ink,
    /// Where it goes: its measured width and its line's height.
    pub rect: Rect,
}

/// How a box is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoxStyle {
    /// An ordinary component.
    Plain,
    /// A single point of failure.
    Spof,
    /// One component used in several places.
    Shared,
    /// A dependency in the dependency layer, with a bar in its colour.
    Dependency(usize),
}

/// One thing to draw.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A component's box.
    Box(Rect, BoxStyle),
    /// The frame around stacked branches.
    Frame(Rect, BranchKind),
    /// A wire through these points.
    Wire(Vec<(i32, i32)>),
    /// The entry or the exit of the structure.
    Terminal((i32, i32)),
    /// A line of text.
    Text(Label),
}

/// A laid-out diagram: the canvas size and what to draw on it, in drawing order.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    /// Canvas width in pixels.
    pub width: i32,
    /// Canvas height in pixels.
    pub height: i32,
    /// Frames first, then wires, boxes and texts.
    pub items: Vec<Item>,
}

impl Layout {
    /// Every line of text.
    pub fn labels(&self) -> impl Iterator<Item = &Label> {
        self.items.iter().filter_map(|i| if let Item::Text(l) = i { Some(l) } else { None })
    }
}

/// Blank space around the drawing.
const MARGIN: i32 = 20;
/// Space inside a box around its text.
const PAD: i32 = 8;
/// Narrowest box.
const MIN_BOX: i32 = 56;
/// Length of the wire between two shapes in series.
const H_GAP: i32 = 30;
/// Space between stacked branches.
const V_GAP: i32 = 14;
/// Space inside a frame around its contents.
const FRAME_PAD: i32 = 6;
/// Width of the wiring between a frame's edge and its branches (the rail is in the middle).
const RAIL: i32 = 24;
/// Wire from a terminal to the structure.
const TERMINAL_WIRE: i32 = 24;
/// Space between the blocks of the page (title, structure, layer, notes).
const SECTION_GAP: i32 = 18;
/// Longest line of text in characters; longer ones are shortened with an ellipsis.
const MAX_CHARS: usize = 60;
/// The same for the title, subtitle and legend lines, which have the page's width.
const MAX_NOTE_CHARS: usize = 180;
/// The dependency layer wraps into rows no wider than this (or the structure, if wider).
const LAYER_WIDTH: i32 = 900;

/// Measures a text in a font: (width, height) in pixels.
pub type Measure<'a> = &'a dyn Fn(&str, Font) -> (i32, i32);

/// A shape with its size, before it is placed.
struct Sized<'a> {
    shape: &'a Shape,
    w: i32,
    h: i32,
    /// Height of the wires, from the top.
    port: i32,
    children: Vec<Sized<'a>>,
    /// The label's height (branches).
    label_h: i32,
}

struct Context<'a> {
    measure: Measure<'a>,
    diagram: &'a Diagram,
}

impl Context<'_> {
    fn text(&self, text: &str, font: Font) -> (String, i32, i32) {
        let text = shorten(text, if matches!(font, Font::Title | Font::Note) { MAX_NOTE_CHARS } else { MAX_CHARS });
        let (w, h) = (self.measure)(&text, font);
        // A line is at least as tall as the font's size with some leading, whatever the glyphs.
        let line = (font.size() * 1.3).ceil() as i32;
        (text, w.max(0), h.max(line))
    }

    /// The lines of a box: its name, its details, then what it needs.
    fn unit_lines(&self, unit: &Unit) -> Vec<(String, Font, Ink)> {
        let mut lines = vec![(unit.name.clone(), Font::Name, Ink::Black)];
        lines.extend(unit.details.iter().map(|d| (d.clone(), Font::Detail, Ink::Black)));
        for &i in &unit.needs {
            if let Some(dep) = self.diagram.dependencies.get(i) {
                lines.push((format!("needs {}", dep.name), Font::Detail, Ink::Dependency(i)));
            }
        }
        lines
    }

    fn unit_size(&self, unit: &Unit) -> (i32, i32) {
        let (mut w, mut h) = (0, 0);
        for (text, font, _) in self.unit_lines(unit) {
            let (_, tw, th) = self.text(&text, font);
            w = w.max(tw);
            h += th;
        }
        ((w + 2 * PAD).max(MIN_BOX), h + 2 * PAD)
    }

    fn size<'s>(&self, shape: &'s Shape) -> Sized<'s> {
        match shape {
            Shape::Unit(unit) => {
                let (w, h) = self.unit_size(unit);
                Sized { shape, w, h, port: h / 2, children: Vec::new(), label_h: 0 }
            }
            Shape::Series(children) => {
                let children: Vec<Sized> = children.iter().map(|c| self.size(c)).collect();
                let port = children.iter().map(|c| c.port).max().unwrap_or(0);
                let h = children.iter().map(|c| port - c.port + c.h).max().unwrap_or(0);
                let w = children.iter().map(|c| c.w).sum::<i32>() + H_GAP * (children.len() as i32 - 1).max(0);
                Sized { shape, w: w.max(if children.is_empty() { H_GAP } else { 0 }), h, port, children, label_h: 0 }
            }
            Shape::Branches(b) => {
                let children: Vec<Sized> = b.children.iter().map(|c| self.size(c)).collect();
                let (mut label_w, mut label_h) = (0, 0);
                for line in &b.label {
                    let (_, w, h) = self.text(line, Font::Label);
                    label_w = label_w.max(w);
                    label_h += h;
                }
                let inner_w = children.iter().map(|c| c.w).max().unwrap_or(0);
                let inner_h = children.iter().map(|c| c.h).sum::<i32>() + V_GAP * (children.len() as i32 - 1).max(0);
                let w = (inner_w + 2 * RAIL).max(label_w) + 2 * FRAME_PAD;
                let h = FRAME_PAD + label_h + FRAME_PAD + inner_h + FRAME_PAD;
                let top = FRAME_PAD + label_h + FRAME_PAD;
                let port = match (children.first(), children.last()) {
                    (Some(first), Some(last)) => (top + first.port + top + inner_h - last.h + last.port) / 2,
                    _ => h / 2,
                };
                Sized { shape, w, h, port, children, label_h }
            }
        }
    }

    /// Places `s` with its top-left corner at (x, y), appending what to draw.
    fn place(&self, s: &Sized, x: i32, y: i32, out: &mut Parts) {
        match s.shape {
            Shape::Unit(unit) => {
                let style = if unit.spof {
                    BoxStyle::Spof
                } else if unit.shared {
                    BoxStyle::Shared
                } else {
                    BoxStyle::Plain
                };
                self.place_unit(unit, Rect { x, y, w: s.w, h: s.h }, style, out);
            }
            Shape::Series(_) => {
                let mut cx = x;
                for (i, c) in s.children.iter().enumerate() {
                    if i > 0 {
                        out.wires.push(vec![(cx - H_GAP, y + s.port), (cx, y + s.port)]);
                    }
                    self.place(c, cx, y + s.port - c.port, out);
                    cx += c.w + H_GAP;
                }
                if s.children.is_empty() {
                    out.wires.push(vec![(x, y + s.port), (x + s.w, y + s.port)]);
                }
            }
            Shape::Branches(b) => {
                out.frames.push(Item::Frame(Rect { x, y, w: s.w, h: s.h }, b.kind));
                let mut ly = y + FRAME_PAD;
                for line in &b.label {
                    ly += self.push_text(line, Font::Label, Ink::Grey, x + FRAME_PAD, ly, out);
                }
                let (left, right) = (x + FRAME_PAD + RAIL / 2, x + s.w - FRAME_PAD - RAIL / 2);
                let mut cy = y + FRAME_PAD + s.label_h + FRAME_PAD;
                let mut ports = Vec::new();
                for c in &s.children {
                    let cx = x + (s.w - c.w) / 2;
                    self.place(c, cx, cy, out);
                    let py = cy + c.port;
                    out.wires.push(vec![(left, py), (cx, py)]);
                    out.wires.push(vec![(cx + c.w, py), (right, py)]);
                    ports.push(py);
                    cy += c.h + V_GAP;
                }
                let port = y + s.port;
                let top = ports.first().copied().unwrap_or(port).min(port);
                let bottom = ports.last().copied().unwrap_or(port).max(port);
                out.wires.push(vec![(left, top), (left, bottom)]);
                out.wires.push(vec![(right, top), (right, bottom)]);
                out.wires.push(vec![(x, port), (left, port)]);
                out.wires.push(vec![(right, port), (x + s.w, port)]);
            }
        }
    }

    fn place_unit(&self, unit: &Unit, rect: Rect, style: BoxStyle, out: &mut Parts) {
        out.boxes.push(Item::Box(rect, style));
        let mut ly = rect.y + PAD;
        for (text, font, ink) in self.unit_lines(unit) {
            ly += self.push_text(&text, font, ink, rect.x + PAD, ly, out);
        }
    }

    /// Adds a line of text at (x, y), returning its height.
    fn push_text(&self, text: &str, font: Font, ink: Ink, x: i32, y: i32, out: &mut Parts) -> i32 {
        let (text, w, h) = self.text(text, font);
        out.texts.push(Item::Text(Label { text, font, ink, rect: Rect { x, y, w, h } }));
        h
    }
}

/// What to draw, by kind, so that frames go under wires and boxes under texts.
#[derive(Default)]
struct Parts {
    frames: Vec<Item>,
    wires: Vec<Vec<(i32, i32)>>,
    terminals: Vec<(i32, i32)>,
    boxes: Vec<Item>,
    texts: Vec<Item>,
}

/// `text` cut to `max` characters with an ellipsis.
fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut short: String = text.chars().take(max - 1).collect();
    short.push('…');
    short
}

/// Lays out `diagram`, measuring text with `measure`.
pub fn layout(diagram: &Diagram, measure: Measure<'_>) -> Layout {
    let cx = Context { measure, diagram };
    let mut parts = Parts::default();
    let mut y = MARGIN;
    let mut width = 0;
    y += cx.push_text(&diagram.title, Font::Title, Ink::Black, MARGIN, y, &mut parts);
    for line in &diagram.subtitle {
        y += cx.push_text(line, Font::Note, Ink::Grey, MARGIN, y, &mut parts);
    }
    for t in &parts.texts {
        if let Item::Text(l) = t {
            width = width.max(l.rect.w);
        }
    }
    y += SECTION_GAP;

    // The structure between its terminals.
    let root = cx.size(&diagram.root);
    let port = y + root.port;
    parts.terminals.push((MARGIN, port));
    parts.wires.push(vec![(MARGIN, port), (MARGIN + TERMINAL_WIRE, port)]);
    cx.place(&root, MARGIN + TERMINAL_WIRE, y, &mut parts);
    let end = MARGIN + TERMINAL_WIRE + root.w;
    parts.wires.push(vec![(end, port), (end + TERMINAL_WIRE, port)]);
    parts.terminals.push((end + TERMINAL_WIRE, port));
    width = width.max(2 * TERMINAL_WIRE + root.w);
    y += root.h + SECTION_GAP;

    // The dependency layer, in rows.
    if !diagram.dependencies.is_empty() {
        y += cx.push_text("Depends on (a box is down while what it needs is down):", Font::Label, Ink::Grey, MARGIN, y, &mut parts);
        y += FRAME_PAD;
        let row_width = width.max(LAYER_WIDTH);
        let (mut x, mut row_h) = (MARGIN, 0);
        for (i, dep) in diagram.dependencies.iter().enumerate() {
            let (w, h) = cx.unit_size(dep);
            if x > MARGIN && x - MARGIN + w > row_width {
                (x, y) = (MARGIN, y + row_h + V_GAP);
                row_h = 0;
            }
            let style = if dep.spof { BoxStyle::Spof } else { BoxStyle::Dependency(i) };
            cx.place_unit(dep, Rect { x, y, w, h }, style, &mut parts);
            width = width.max(x - MARGIN + w);
            x += w + H_GAP;
            row_h = row_h.max(h);
        }
        y += row_h + SECTION_GAP;
    }

    for line in &diagram.notes {
        let h = cx.push_text(line, Font::Note, Ink::Grey, MARGIN, y, &mut parts);
        y += h;
    }
    for t in &parts.texts {
        if let Item::Text(l) = t {
            width = width.max(l.rect.x + l.rect.w - MARGIN);
        }
    }

    let mut items = parts.frames;
    items.extend(parts.wires.into_iter().map(Item::Wire));
    items.extend(parts.terminals.into_iter().map(Item::Terminal));
    items.extend(parts.boxes);
    items.extend(parts.texts);
    Layout { width: width + 2 * MARGIN, height: y + MARGIN, items }
}

#[cfg(test)]
mod tests {
    use super::super::Branches;
    use super::*;

    /// A crude monospace measure: 8 px per character, the font's size tall.
    fn mono(text: &str, font: Font) -> (i32, i32) {
        (8 * text.chars().count() as i32, font.size() as i32)
    }

    fn unit(name: &str) -> Shape {
        Shape::Unit(Unit::named(name))
    }

    fn diagram(root: Shape) -> Diagram {
        Diagram { title: "t".into(), subtitle: vec![], root, dependencies: vec![], notes: vec!["note".into()] }
    }

    fn boxes(l: &Layout) -> Vec<Rect> {
        l.items.iter().filter_map(|i| if let Item::Box(r, _) = i { Some(*r) } else { None }).collect()
    }

    fn assert_readable(l: &Layout) {
        let canvas = Rect { x: 0, y: 0, w: l.width, h: l.height };
        let labels: Vec<&Label> = l.labels().collect();
        for (i, a) in labels.iter().enumerate() {
            assert!(canvas.contains(&a.rect), "{:?} is off the canvas", a.text);
            for b in &labels[i + 1..] {
                assert!(!a.rect.overlaps(&b.rect), "{:?} overlaps {:?}", a.text, b.text);
            }
        }
        let boxes = boxes(l);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.overlaps(b), "boxes {a:?} and {b:?} overlap");
            }
        }
    }

    #[test]
    fn series_runs_left_to_right_on_one_line() {
        let l = layout(&diagram(Shape::Series(vec![unit("a"), unit("bbbbbbbbbbbb"), unit("c")])), &mono);
        let b = boxes(&l);
        assert_eq!(b.len(), 3);
        assert!(b[0].x + b[0].w < b[1].x && b[1].x + b[1].w < b[2].x);
        assert!(b.iter().all(|r| r.y + r.h / 2 == b[0].y + b[0].h / 2), "ports on one line");
        assert_readable(&l);
    }

    #[test]
    fn branches_stack_under_their_label() {
        let branches = Branches { kind: BranchKind::Vote, label: vec!["2 of 3".into()], children: vec![unit("a"), unit("b"), unit("c")] };
        let l = layout(&diagram(Shape::Branches(branches)), &mono);
        let b = boxes(&l);
        assert!(b[0].y + b[0].h < b[1].y && b[1].y + b[1].h < b[2].y);
        let label = l.labels().find(|t| t.text == "2 of 3").expect("label");
        assert!(label.rect.y + label.rect.h <= b[0].y);
        assert_readable(&l);
    }

    #[test]
    fn a_wide_label_widens_its_frame() {
        let label = "a label much wider than the only branch it has".to_string();
        let branches = Branches { kind: BranchKind::Parallel, label: vec![label], children: vec![unit("a")] };
        let l = layout(&diagram(Shape::Series(vec![unit("x"), Shape::Branches(branches), unit("y")])), &mono);
        assert_readable(&l);
    }

    #[test]
    fn long_names_are_shortened() {
        let name = "n".repeat(500);
        let mut d = diagram(unit(&name));
        d.title = name.clone();
        let l = layout(&d, &mono);
        assert!(l.labels().all(|t| t.text.chars().count() <= MAX_NOTE_CHARS));
        assert!(l.labels().filter(|t| t.font == Font::Name).all(|t| t.text.chars().count() <= MAX_CHARS));
        assert_readable(&l);
    }

    #[test]
    fn nested_and_empty_shapes_lay_out() {
        let inner = Shape::Branches(Branches {
            kind: BranchKind::Standby,
            label: vec!["standby".into(), "switchover 6 min".into()],
            children: vec![Shape::Series(vec![unit("p"), unit("q")]), Shape::Series(vec![])],
        });
        let root = Shape::Series(vec![
            Shape::Branches(Branches { kind: BranchKind::Parallel, label: vec![], children: vec![inner.clone(), unit("r")] }),
            Shape::Branches(Branches { kind: BranchKind::Parallel, label: vec!["empty".into()], children: vec![] }),
            inner,
        ]);
        assert_readable(&layout(&diagram(root), &mono));
    }
}
