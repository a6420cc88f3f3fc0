//! The look shared by every chart (fonts, colours, frame, mesh, notes) and the pieces several
//! charts draw: error bars, estimate curves with their bands, category labels.
//!
//! Keeping these in one place is what makes the charts read alike: the same title, the same
//! axis text, the same grey "not shown" notes under the plot.

use plotters::chart::DualCoordChartContext;
use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle, FontTransform};

use super::render::{Failure, HEIGHT, WIDTH};
use super::scale::Ticks;

/// The one font family: the embedded DejaVu Sans is registered under this name, which the SVG
/// writes as its `font-family`: a browser with DejaVu Sans (or Bitstream Vera Sans, its
/// origin) sets the SVG as the PNG is set; one without falls back to Verdana, which is as wide.
pub(super) const FAMILY: &str = "DejaVu Sans, Bitstream Vera Sans, Verdana, sans-serif";
const TITLE_SIZE: f64 = 28.0;
/// A title too wide for the chart is set smaller, down to this, then shortened.
const MIN_TITLE_SIZE: f64 = 20.0;
const DESC_SIZE: f64 = 18.0;
const TICK_SIZE: f64 = 15.0;
const NOTE_SIZE: f64 = 15.0;
const NO_DATA_SIZE: f64 = 22.0;

/// Blank space around the chart, in pixels.
const MARGIN: u32 = 16;
/// Extra room on the right so that the last x tick label is not cut off.
const MARGIN_RIGHT: u32 = 30;
/// Height of one line of the notes under the plot.
const NOTE_LINE: u32 = 20;
/// Notes past this many are dropped rather than squeezing the plot.
const MAX_NOTES: usize = 4;
/// Length of the axis tick marks; plotters puts labels twice this far from the axis.
const TICK_MARK: i32 = 5;
/// Half-width of an error bar cap, in pixels.
const CAP: i32 = 6;
/// Rotated category names longer than this (in pixels) are shortened with an ellipsis.
const MAX_CATEGORY_LABEL: u32 = 130;

/// Tableau 10: distinguishable, colour-blind-friendlier than the primary colours, and print-safe.
pub(super) const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];
/// The main data colour.
pub(super) const BLUE: RGBColor = PALETTE[0];
/// The second colour of the palette (standby frames in the block diagram).
pub(super) const ORANGE: RGBColor = PALETTE[1];
/// Past a limit (a breaching period, a target line).
pub(super) const RED: RGBColor = PALETTE[3];
/// Error bars: darker than the points so that the point stays visible on top.
pub(super) const INK: RGBColor = RGBColor(60, 60, 60);
const NOTE_GREY: RGBColor = RGBColor(100, 100, 100);

fn font(size: f64, style: FontStyle) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(FontFamily::Name(FAMILY), size, style)).color(&BLACK)
}

/// The chart title.
pub(super) fn title_style() -> TextStyle<'static> {
    font(TITLE_SIZE, FontStyle::Bold)
}

/// Axis descriptions ("unavailability (log scale)").
pub(super) fn desc_style() -> TextStyle<'static> {
    font(DESC_SIZE, FontStyle::Normal)
}

/// Tick labels, category names and legend entries.
pub(super) fn tick_style() -> TextStyle<'static> {
    font(TICK_SIZE, FontStyle::Normal)
}

/// Notes on what is not shown, and small annotations inside the plot.
pub(super) fn note_style() -> TextStyle<'static> {
    font(NOTE_SIZE, FontStyle::Normal).color(&NOTE_GREY)
}

/// Width and height of `text` in `style`; zero when the font cannot say (the layout then
/// merely gets tighter).
pub(super) fn text_size<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, text: &str, style: &TextStyle) -> (u32, u32) {
    root.estimate_text_size(text, style).unwrap_or((0, 0))
}

/// Sizes of the label areas around the plot, in pixels.
#[derive(Debug, Clone, Copy)]
pub(super) struct Areas {
    /// Below the plot: x tick labels and description.
    pub(super) bottom: u32,
    /// Left of the plot: y tick labels and description.
    pub(super) left: u32,
    /// Right of the plot: the secondary y axis, if any.
    pub(super) right: u32,
}

impl Areas {
    /// Room for the given y tick labels and no secondary axis; x labels on one line.
    pub(super) fn fitting<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, y_labels: &[String]) -> Self {
        Self { bottom: bottom_area(root, text_size(root, "0", &tick_style()).1), left: side_area(root, y_labels), right: 0 }
    }

    /// The width of the plot itself, before it is built (to decide how category names fit).
    pub(super) fn plot_width(&self) -> u32 {
        WIDTH.saturating_sub(MARGIN + MARGIN_RIGHT + self.left + self.right)
    }
}

/// Room for a side axis with these tick labels and a rotated description.
pub(super) fn side_area<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, labels: &[String]) -> u32 {
    let style = tick_style();
    let widest = labels.iter().map(|l| text_size(root, l, &style).0).max().unwrap_or(0);
    let desc = text_size(root, "Ag", &desc_style()).1;
    (2 * TICK_MARK as u32 + widest + 10 + desc).min(WIDTH / 4)
}

/// Room under the plot for tick labels `label_height` tall and the x description.
fn bottom_area<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, label_height: u32) -> u32 {
    let desc = text_size(root, "Ag", &desc_style()).1;
    (2 * TICK_MARK as u32 + label_height + 10 + desc).min(HEIGHT / 3)
}

/// The builder every chart starts from: title, margins, label areas and room for `notes` lines
/// of notes under the plot.
pub(super) fn chart_builder<'a, 'b, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    title: &'b str,
    areas: Areas,
    notes: usize,
) -> ChartBuilder<'a, 'b, DB> {
    let (title, style) = fitted_title(root, title);
    let mut builder = ChartBuilder::on(root);
    builder
        .caption(title, style)
        .margin(MARGIN)
        .margin_right(MARGIN_RIGHT)
        .margin_bottom(MARGIN + NOTE_LINE * notes.min(MAX_NOTES) as u32)
        .x_label_area_size(areas.bottom)
        .y_label_area_size(areas.left)
        .right_y_label_area_size(areas.right);
    builder
}

/// The title as drawn: in the title style when it fits the chart's width, else smaller (down
/// to [`MIN_TITLE_SIZE`]), and shortened with an ellipsis if even that is too wide (a model's
/// name can be long).
fn fitted_title<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, title: &str) -> (String, TextStyle<'static>) {
    let room = WIDTH - 2 * MARGIN;
    let width = text_size(root, title, &title_style()).0;
    if width <= room {
        return (title.to_string(), title_style());
    }
    let style = font((TITLE_SIZE * f64::from(room) / f64::from(width)).max(MIN_TITLE_SIZE), FontStyle::Bold);
    (shorten(root, title, room, &style), style)
}

/// One axis of the mesh: its description and how its ticks read.
pub(super) struct AxisSpec<'s> {
    pub(super) desc: &'s str,
    pub(super) ticks: Ticks,
    /// The most tick labels to draw.
    pub(super) labels: usize,
    /// Grid lines across the plot at the ticks (off for categories, where they cut the bars).
    pub(super) grid: bool,
}

impl<'s> AxisSpec<'s> {
    /// An axis with grid lines and ten labels at most.
    pub(super) fn new(desc: &'s str, ticks: Ticks) -> Self {
        Self { desc, ticks, labels: LABELS, grid: true }
    }
}

/// How many tick labels an axis asks for.
pub(super) const LABELS: usize = 10;

/// Draws the axes, tick labels, descriptions and a light grid.
pub(super) fn draw_mesh<DB, X, Y>(chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>, x: &AxisSpec, y: &AxisSpec) -> Result<(), Failure>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let x_label = |v: &f64| x.ticks.label(*v);
    let y_label = |v: &f64| y.ticks.label(*v);
    let mut mesh = chart.configure_mesh();
    mesh.x_desc(x.desc)
        .y_desc(y.desc)
        .x_labels(x.labels)
        .y_labels(y.labels)
        .x_label_formatter(&x_label)
        .y_label_formatter(&y_label)
        .label_style(tick_style())
        .axis_desc_style(desc_style())
        .axis_style(BLACK.mix(0.8))
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(BLACK.mix(0.04))
        .set_all_tick_mark_size(TICK_MARK);
    if !x.grid {
        mesh.disable_x_mesh();
    }
    if !y.grid {
        mesh.disable_y_mesh();
    }
    mesh.draw()?;
    Ok(())
}

/// Draws the secondary y axis (on the right) in the style of [`draw_mesh`]; it has no grid of
/// its own, which would clash with the primary one.
pub(super) fn draw_secondary_y_axis<DB, X, Y, SX, SY>(
    chart: &mut DualCoordChartContext<'_, DB, Cartesian2d<X, Y>, Cartesian2d<SX, SY>>,
    y: &AxisSpec,
) -> Result<(), Failure>
where
    DB: DrawingBackend,
    X: Ranged,
    Y: Ranged,
    SX: Ranged<ValueType = f64> + ValueFormatter<f64>,
    SY: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let y_label = |v: &f64| y.ticks.label(*v);
    chart
        .configure_secondary_axes()
        .y_desc(y.desc)
        .y_labels(y.labels)
        .y_label_formatter(&y_label)
        .label_style(tick_style())
        .axis_desc_style(desc_style())
        .axis_style(BLACK.mix(0.8))
        .set_all_tick_mark_size(TICK_MARK)
        .draw()?;
    Ok(())
}

/// Writes `notes` (what the chart leaves out, and why) in grey under the plot, in the room
/// [`chart_builder`] kept for them.
pub(super) fn draw_notes<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, notes: &[String]) -> Result<(), Failure> {
    let shown = notes.len().min(MAX_NOTES);
    let style = note_style().pos(Pos::new(HPos::Left, VPos::Bottom));
    for (i, note) in notes.iter().take(shown).enumerate() {
        let y = HEIGHT as i32 - MARGIN as i32 / 2 - ((shown - 1 - i) as u32 * NOTE_LINE) as i32;
        root.draw(&Text::new(note.as_str(), (MARGIN as i32, y), style.clone()))?;
    }
    Ok(())
}

/// Writes "no data" across the middle of the plot, so that an empty chart says it is empty
/// rather than looking broken.
pub(super) fn draw_no_data<DB: DrawingBackend, CT: CoordTranslate>(plot: &DrawingArea<DB, CT>) -> Result<(), Failure> {
    let (xs, ys) = plot.get_pixel_range();
    let centre = ((xs.end - xs.start) / 2, (ys.end - ys.start) / 2);
    let style = font(NO_DATA_SIZE, FontStyle::Normal).color(&NOTE_GREY).pos(Pos::new(HPos::Center, VPos::Center));
    plot.strip_coord_spec().draw(&Text::new("no data", centre, style))?;
    Ok(())
}

/// A note on values left out: "`count` `what` not shown", with the noun in the plural as needed.
pub(super) fn not_shown(count: usize, one: &str, many: &str) -> Option<String> {
    match count {
        0 => None,
        1 => Some(format!("1 {one} not shown")),
        n => Some(format!("{n} {many} not shown")),
    }
}

/// Names under a categorical x axis (category `i` at x = `i`), drawn by hand with their tick
/// marks because a plotters `f64` axis picks its own tick positions (the categorical axis asks
/// it for none). Horizontal when every name fits its slot; otherwise turned to read upwards and
/// shortened past [`MAX_CATEGORY_LABEL`] pixels, and when even that crowds, only every
/// `stride`-th name is written.
pub(super) struct CategoryLabels {
    names: Vec<String>,
    rotated: bool,
    stride: usize,
    /// Room the names need below the axis (their width when rotated).
    extent: u32,
}

impl CategoryLabels {
    /// Lays out `names` for slots `slot` pixels wide.
    pub(super) fn new<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, names: &[String], slot: f64) -> Self {
        let style = tick_style();
        let widest = names.iter().map(|n| text_size(root, n, &style).0).max().unwrap_or(0);
        let height = text_size(root, "Ag", &style).1.max(1);
        if f64::from(widest) + 8.0 <= slot {
            return Self { names: names.to_vec(), rotated: false, stride: 1, extent: height };
        }
        let names: Vec<String> = names.iter().map(|n| shorten(root, n, MAX_CATEGORY_LABEL, &style)).collect();
        let extent = names.iter().map(|n| text_size(root, n, &style).0).max().unwrap_or(0);
        let stride = (f64::from(height + 2) / slot.max(1.0)).ceil().max(1.0) as usize;
        Self { names, rotated: true, stride, extent }
    }

    /// The bottom label area these names need, with the axis description under them.
    pub(super) fn area<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> u32 {
        bottom_area(root, self.extent)
    }

    /// Draws the names under the plot of `chart`, category `i` at x = `i`.
    pub(super) fn draw<DB, X, Y>(
        &self,
        root: &DrawingArea<DB, Shift>,
        chart: &ChartContext<'_, DB, Cartesian2d<X, Y>>,
    ) -> Result<(), Failure>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64>,
        Y: Ranged<ValueType = f64>,
    {
        let axis = chart.plotting_area().get_pixel_range().1.end;
        let top = axis + 2 * TICK_MARK;
        let y = chart.y_range().start;
        let style = if self.rotated {
            tick_style().transform(FontTransform::Rotate270).pos(Pos::new(HPos::Right, VPos::Center))
        } else {
            tick_style().pos(Pos::new(HPos::Center, VPos::Top))
        };
        for (i, name) in self.names.iter().enumerate().step_by(self.stride) {
            let (x, _) = chart.backend_coord(&(i as f64, y));
            root.draw(&PathElement::new(vec![(x, axis), (x, axis + TICK_MARK)], BLACK.mix(0.8)))?;
            root.draw(&Text::new(name.as_str(), (x, top), style.clone()))?;
        }
        Ok(())
    }
}

/// `text` cut with an ellipsis to fit `max` pixels.
fn shorten<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, text: &str, max: u32, style: &TextStyle) -> String {
    if text_size(root, text, style).0 <= max {
        return text.to_string();
    }
    let mut chars: Vec<char> = text.chars().take(200).collect();
    while !chars.is_empty() {
        chars.pop();
        let candidate: String = chars.iter().chain(std::iter::once(&'…')).collect();
        if text_size(root, &candidate, style).0 <= max {
            return candidate;
        }
    }
    "…".to_string()
}

/// A confidence interval as drawn: `clipped_low` when the true lower end lies below the axis
/// (a negative end on a log axis), so the bar runs off the axis without a cap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Interval {
    pub(super) lo: f64,
    pub(super) hi: f64,
    pub(super) clipped_low: bool,
}

/// Draws an error bar from `interval.lo` to `interval.hi` at `x`, with caps.
pub(super) fn draw_error_bar<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    x: f64,
    interval: Interval,
    color: RGBColor,
) -> Result<(), Failure>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let style = color.stroke_width(2);
    chart.draw_series(std::iter::once(PathElement::new(vec![(x, interval.lo), (x, interval.hi)], style)))?;
    let cap = |y: f64| EmptyElement::at((x, y)) + PathElement::new(vec![(-CAP, 0), (CAP, 0)], style);
    chart.draw_series(std::iter::once(cap(interval.hi)))?;
    if !interval.clipped_low {
        chart.draw_series(std::iter::once(cap(interval.lo)))?;
    }
    Ok(())
}

/// A point of an estimate curve, with its interval when both ends are known.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct CurvePoint {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) band: Option<Interval>,
}

/// Turns a curve into steps (hold each value until the next x), for a survival curve.
pub(super) fn steps(points: &[CurvePoint]) -> Vec<CurvePoint> {
    let mut out = Vec::with_capacity(2 * points.len());
    for (i, p) in points.iter().enumerate() {
        if let Some(prev) = i.checked_sub(1).map(|j| points[j]) {
            out.push(CurvePoint { x: p.x, ..prev });
        }
        out.push(*p);
    }
    out
}

/// Draws an estimate curve: each line segment (a gap in the data separates segments), its
/// confidence band as a shaded area over the runs of points whose interval is known (an error
/// bar for a run of one), and markers on the points if asked (or for a lone point, which has no
/// line to show it).
pub(super) fn draw_curve<DB, X, Y>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>,
    segments: &[Vec<CurvePoint>],
    color: RGBColor,
    markers: bool,
) -> Result<(), Failure>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    for segment in segments {
        for run in segment.split(|p| p.band.is_none()).filter(|run| !run.is_empty()) {
            if let [p] = run {
                if let Some(band) = p.band {
                    draw_error_bar(chart, p.x, band, color)?;
                }
                continue;
            }
            let upper = run.iter().filter_map(|p| p.band.map(|b| (p.x, b.hi)));
            let lower = run.iter().rev().filter_map(|p| p.band.map(|b| (p.x, b.lo)));
            chart.draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), color.mix(0.2).filled())))?;
        }
    }
    for segment in segments {
        chart.draw_series(LineSeries::new(segment.iter().map(|p| (p.x, p.y)), color.stroke_width(2)))?;
        if markers || segment.len() == 1 {
            chart.draw_series(segment.iter().map(|p| Circle::new((p.x, p.y), 4, color.filled())))?;
        }
    }
    Ok(())
}

/// Adds a legend entry (a line with a marker in `color`) for a series drawn by other means.
pub(super) fn legend_entry<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    label: &str,
    color: RGBColor,
) -> Result<(), Failure>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?.label(label).legend(move |(x, y)| {
        EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (20, 0)], color.stroke_width(2)) + Circle::new((10, 0), 4, color.filled())
    });
    Ok(())
}

/// Draws the legend: white box, thin frame, so that it stays legible over the data.
pub(super) fn draw_legend<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    position: SeriesLabelPosition,
) -> Result<(), Failure>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    chart
        .configure_series_labels()
        .position(position)
        .background_style(WHITE.mix(0.92))
        .border_style(BLACK.mix(0.5))
        .label_font(tick_style())
        .margin(12)
        .draw()?;
    Ok(())
}
