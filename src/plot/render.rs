//! Rendering one drawing twice, to SVG and to PNG, entirely in memory.
//!
//! Each chart is a [`Figure`]: drawing code generic over the plotters backend, so the SVG and
//! the PNG cannot drift apart. Text is set in DejaVu Sans embedded in the binary, so the output
//! is the same on every machine and no font file is read at run time; the SVG names DejaVu Sans
//! first in its font stack, at the size the PNG uses ([`super::typeset`]).

use std::error::Error;
use std::sync::OnceLock;

use image::ImageEncoder;
use image::codecs::png::PngEncoder;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::{FontStyle, register_font};

use super::style::FAMILY;
use super::typeset::{Output, Typeset};
use super::{Chart, PlotError};

/// Width of every chart, in pixels.
pub(super) const WIDTH: u32 = 900;
/// Height of every chart, in pixels.
pub(super) const HEIGHT: u32 = 540;

/// Why drawing failed, as text: plotters' errors are generic over the backend, and the two
/// renderings must end in one error type.
#[derive(Debug)]
pub(super) struct Failure(pub(super) String);

impl<E: Error + Send + Sync> From<DrawingAreaErrorKind<E>> for Failure {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        Failure(e.to_string())
    }
}

/// A chart's drawing, for any backend.
pub(super) trait Figure {
    /// Draws the chart titled `title` onto `root`, already filled white.
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure>;
}

/// Registers the embedded fonts under [`FAMILY`], once: plotters looks fonts up by name and
/// has none of its own with only the `ab_glyph` feature.
pub(super) fn register_fonts() -> Result<(), String> {
    static REGISTERED: OnceLock<Result<(), String>> = OnceLock::new();
    REGISTERED
        .get_or_init(|| {
            for (style, bytes) in [(FontStyle::Normal, dejavu::sans::regular()), (FontStyle::Bold, dejavu::sans::bold())] {
                register_font(FAMILY, style, bytes)
                    .map_err(|_| format!("the embedded DejaVu Sans ({}) is not a valid font", style.as_str()))?;
            }
            Ok(())
        })
        .clone()
}

/// Renders `figure` to SVG and PNG as the chart `name`.
pub(super) fn render(name: &str, title: &str, figure: &impl Figure) -> Result<Chart, PlotError> {
    let failed = |message: String| PlotError::Draw { chart: name.to_string(), message };
    register_fonts().map_err(failed)?;
    let svg = svg(figure, title).map_err(|f| failed(f.0))?;
    let png = png(figure, title).map_err(|f| failed(f.0))?;
    Ok(Chart { name: name.to_string(), title: title.to_string(), svg, png })
}

fn draw_on<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, figure: &impl Figure, title: &str) -> Result<(), Failure> {
    root.fill(&WHITE)?;
    figure.draw(root, title)?;
    root.present()?;
    Ok(())
}

fn svg(figure: &impl Figure, title: &str) -> Result<String, Failure> {
    let mut svg = String::new();
    {
        let root = Typeset::new(SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)), Output::Vector).into_drawing_area();
        draw_on(&root, figure, title)?;
    }
    Ok(svg)
}

fn png(figure: &impl Figure, title: &str) -> Result<Vec<u8>, Failure> {
    let mut rgb = vec![0u8; WIDTH as usize * HEIGHT as usize * 3];
    {
        let root = Typeset::new(BitMapBackend::with_buffer(&mut rgb, (WIDTH, HEIGHT)), Output::Raster).into_drawing_area();
        draw_on(&root, figure, title)?;
    }
    let mut png = Vec::new();
    PngEncoder::new(&mut png)
        .write_image(&rgb, WIDTH, HEIGHT, image::ColorType::Rgb8)
        .map_err(|e| Failure(format!("could not encode the PNG: {e}")))?;
    Ok(png)
}
