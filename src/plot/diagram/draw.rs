//! Drawing a [`Layout`] with plotters' primitives, once for SVG and once for PNG, in the
//! embedded DejaVu Sans that also measured the text.

use image::ImageEncoder;
use image::codecs::png::PngEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontDesc, FontFamily, FontStyle};

use super::layout::{BoxStyle, Font, Ink, Item, Layout, layout};
use super::{BranchKind, Diagram};
use crate::plot::render::{Failure, register_fonts};
use crate::plot::style::{BLUE, FAMILY, INK, ORANGE, PALETTE, RED};
use crate::plot::{Chart, PlotError};

/// The largest PNG drawn, in pixels (about 150 MB of memory while drawing): a bigger diagram
/// is refused with advice rather than exhausting memory.
const MAX_PNG_PIXELS: i64 = 50_000_000;

const BOX_FILL: RGBColor = RGBColor(234, 242, 251);
const SPOF_FILL: RGBColor = RGBColor(253, 226, 226);
const SHARED: RGBColor = RGBColor(148, 103, 189);
const SHARED_FILL: RGBColor = RGBColor(239, 231, 248);
const GREY: RGBColor = RGBColor(100, 100, 100);
const FRAME: RGBColor = RGBColor(160, 160, 160);

fn font(f: Font) -> FontDesc<'static> {
    let style = if f.bold() { FontStyle::Bold } else { FontStyle::Normal };
    FontDesc::new(FontFamily::Name(FAMILY), f.size(), style)
}

/// The width and height of `text` in `f`, as the drawing sets it.
pub fn measure(text: &str, f: Font) -> (i32, i32) {
    if register_fonts().is_err() {
        return (0, 0);
    }
    font(f).box_size(text).map_or((0, 0), |(w, h)| (i32::try_from(w).unwrap_or(i32::MAX), i32::try_from(h).unwrap_or(i32::MAX)))
}

/// The colour of dependency `i` (the palette without red, which marks single points of
/// failure, and without the box blue).
fn dependency_colour(i: usize) -> RGBColor {
    const PICKS: [usize; 7] = [1, 2, 4, 5, 6, 8, 9];
    PALETTE[PICKS[i % PICKS.len()]]
}

fn ink(i: Ink) -> RGBColor {
    match i {
        Ink::Black => BLACK,
        Ink::Grey => GREY,
        Ink::Dependency(i) => dependency_colour(i),
    }
}

fn draw_layout<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, l: &Layout) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    for item in &l.items {
        match item {
            Item::Frame(r, kind) => {
                let colour = match kind {
                    BranchKind::Standby => ORANGE,
                    BranchKind::Parallel | BranchKind::Vote => FRAME,
                };
                root.draw(&Rectangle::new([(r.x, r.y), (r.x + r.w, r.y + r.h)], RGBColor(250, 250, 250).filled()))?;
                root.draw(&Rectangle::new([(r.x, r.y), (r.x + r.w, r.y + r.h)], colour.stroke_width(1)))?;
            }
            Item::Wire(points) => root.draw(&PathElement::new(points.clone(), INK.stroke_width(2)))?,
            Item::Terminal(at) => {
                root.draw(&Circle::new(*at, 5, WHITE.filled()))?;
                root.draw(&Circle::new(*at, 5, INK.stroke_width(2)))?;
            }
            Item::Box(r, style) => {
                let (fill, stroke, width) = match style {
                    BoxStyle::Plain => (BOX_FILL, BLUE, 1),
                    BoxStyle::Spof => (SPOF_FILL, RED, 3),
                    BoxStyle::Shared => (SHARED_FILL, SHARED, 2),
                    BoxStyle::Dependency(i) => (WHITE, dependency_colour(*i), 2),
                };
                let corners = [(r.x, r.y), (r.x + r.w, r.y + r.h)];
                root.draw(&Rectangle::new(corners, fill.filled()))?;
                if let BoxStyle::Dependency(i) = style {
                    root.draw(&Rectangle::new([(r.x, r.y), (r.x + 5, r.y + r.h)], dependency_colour(*i).filled()))?;
                }
                root.draw(&Rectangle::new(corners, stroke.stroke_width(width)))?;
            }
            Item::Text(label) => {
                let colour = ink(label.ink);
                let style = TextStyle::from(font(label.font)).color(&colour).pos(Pos::new(HPos::Left, VPos::Center));
                root.draw(&Text::new(label.text.clone(), (label.rect.x, label.rect.y + label.rect.h / 2), style))?;
            }
        }
    }
    root.present()?;
    Ok(())
}

fn laid_out(diagram: &Diagram) -> Result<Layout, PlotError> {
    register_fonts().map_err(|message| PlotError::Draw { chart: "diagram".into(), message })?;
    Ok(layout(diagram, &measure))
}

fn failed(f: Failure) -> PlotError {
    PlotError::Draw { chart: "diagram".into(), message: f.0 }
}

fn size(l: &Layout) -> (u32, u32) {
    (u32::try_from(l.width.max(1)).unwrap_or(1), u32::try_from(l.height.max(1)).unwrap_or(1))
}

/// The diagram as an SVG document.
pub fn svg(diagram: &Diagram) -> Result<String, PlotError> {
    let l = laid_out(diagram)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size(&l)).into_drawing_area();
        draw_layout(&root, &l).map_err(failed)?;
    }
    Ok(svg)
}

/// The diagram as a PNG image, refused when it would be larger than 50 million pixels.
pub fn png(diagram: &Diagram) -> Result<Vec<u8>, PlotError> {
    let l = laid_out(diagram)?;
    let (w, h) = size(&l);
    if i64::from(w) * i64::from(h) > MAX_PNG_PIXELS {
        return Err(PlotError::Draw {
            chart: "diagram".into(),
            message: format!("it would be {w}×{h} pixels, too large for a PNG; collapse replicated components or draw it as SVG"),
        });
    }
    let mut rgb = vec![0u8; w as usize * h as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut rgb, (w, h)).into_drawing_area();
        draw_layout(&root, &l).map_err(failed)?;
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&rgb, w, h, image::ColorType::Rgb8)
        .map_err(|e| failed(Failure(format!("could not encode the PNG: {e}"))))?;
    Ok(png)
}

/// The diagram as both, named `diagram`.
pub fn chart(diagram: &Diagram) -> Result<Chart, PlotError> {
    Ok(Chart { name: "diagram".into(), title: diagram.title.clone(), svg: svg(diagram)?, png: png(diagram)? })
}
