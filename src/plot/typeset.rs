//! Text set the same way in the PNG and the SVG.
//!
//! Plotters' own rasteriser (ab_glyph feature, 0.3.7) places each glyph's ink at the pen
//! position, ignoring its left side bearing, so letters with a wide bearing (`l`, `i`, `t`)
//! are pulled left and gaps open before narrow-bearing ones: a bold title read
//! "availabilit y". Its SVG backend, for its part, writes a font size about 6 % smaller than
//! the glyphs it rasterises and puts the baseline elsewhere. [`Typeset`] wraps either backend
//! and sets text itself: in the PNG every glyph at its pen position plus bearing, with the
//! font's kerning, and the baseline where an SVG renderer puts it (`dy` of 0.76 em at the top,
//! half an ex below the middle, half an ex above the bottom); in the SVG the font size in ems
//! that the PNG uses. Everything else goes to the wrapped backend unchanged.

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind, FontFamily, FontStyle, FontTransform,
};

/// The embedded faces, parsed once.
struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Option<&'static Faces> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let regular = FontRef::try_from_slice(dejavu::sans::regular()).ok()?;
            let bold = FontRef::try_from_slice(dejavu::sans::bold()).ok()?;
            Some(Faces { regular, bold })
        })
        .as_ref()
}

/// The face plotters would pick for `style` (it has only these two).
fn face(style: FontStyle) -> Option<&'static FontRef<'static>> {
    faces().map(|f| if matches!(style, FontStyle::Bold) { &f.bold } else { &f.regular })
}

/// Plotters scales a font so that `size` pixels span its ascent to descent; this is the em
/// that gives, in pixels.
fn em(font: &FontRef<'_>, size: f64) -> f64 {
    let units = font.units_per_em().map_or(2048.0, f64::from);
    size * units / f64::from(font.height_unscaled())
}

/// The height of a lowercase `x` (an SVG renderer's `ex`), in ems.
fn ex(font: &FontRef<'_>) -> f64 {
    let units = font.units_per_em().map_or(2048.0, f64::from);
    // ab_glyph keeps the outline bounds of a glyph with its y axis flipped (max above min is
    // negative): the height of an `x`, which stands on the baseline, is the span either way.
    font.outline(font.glyph_id('x')).map_or(0.5, |o| f64::from(o.bounds.max.y - o.bounds.min.y).abs() / units)
}

/// Which output the wrapped backend makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Output {
    /// Pixels: glyphs are rasterised here.
    Raster,
    /// SVG: text stays text, at the PNG's size.
    Vector,
}

/// A backend whose text reads the same in the PNG and the SVG; see the module's comment.
pub(super) struct Typeset<DB> {
    inner: DB,
    output: Output,
}

impl<DB> Typeset<DB> {
    pub(super) fn new(inner: DB, output: Output) -> Self {
        Self { inner, output }
    }
}

/// A text style at another size (for the SVG: plotters writes `size / 1.24` as the font size).
struct Resized<'a, S> {
    inner: &'a S,
    size: f64,
}

impl<S: BackendTextStyle> BackendTextStyle for Resized<'_, S> {
    type FontError = S::FontError;

    fn color(&self) -> BackendColor {
        self.inner.color()
    }
    fn size(&self) -> f64 {
        self.size
    }
    fn transform(&self) -> FontTransform {
        self.inner.transform()
    }
    fn style(&self) -> FontStyle {
        self.inner.style()
    }
    fn anchor(&self) -> plotters_backend::text_anchor::Pos {
        self.inner.anchor()
    }
    fn family(&self) -> FontFamily<'_> {
        self.inner.family()
    }
    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.inner.layout_box(text)
    }
    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.inner.draw(text, pos, draw)
    }
}

/// The coverage of `text` set in `font` at `size` (plotters' meaning), as (x, y, coverage) with
/// the pen starting at x = 0 and the baseline at y = `baseline`.
fn glyph_pixels(font: &FontRef<'_>, size: f64, text: &str, baseline: f32, mut put: impl FnMut(i32, i32, f32)) {
    let scale = PxScale::from(size as f32);
    let scaled = font.as_scaled(scale);
    let mut pen = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            pen += scaled.kern(p, id);
        }
        previous = Some(id);
        if let Some(outline) = font.outline_glyph(id.with_scale_and_position(scale, point(pen, baseline))) {
            let bounds = outline.px_bounds();
            outline.draw(|x, y, coverage| put(bounds.min.x as i32 + x as i32, bounds.min.y as i32 + y as i32, coverage));
        }
        pen += scaled.h_advance(id);
    }
}

impl<DB: DrawingBackend> DrawingBackend for Typeset<DB> {
    type ErrorType = DB::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.fill_polygon(vert, style)
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        self.inner.estimate_text_size(text, style)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), DrawingErrorKind<Self::ErrorType>> {
        let Some(font) = face(style.style()) else { return self.inner.draw_text(text, style, pos) };
        let em = em(font, style.size());
        if self.output == Output::Vector {
            return self.inner.draw_text(text, &Resized { inner: style, size: em * 1.24 }, pos);
        }
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((x0, _), (x1, _)) = style.layout_box(text).map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let width = x1 - x0;
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        // The baselines of plotters' SVG backend (`dy` of its <text>), so both outputs agree.
        let baseline = match style.anchor().v_pos {
            VPos::Top => 0.76 * em,
            VPos::Center => 0.5 * ex(font) * em,
            VPos::Bottom => -0.5 * ex(font) * em,
        };
        let transform = style.transform();
        let (w, h) = self.inner.get_size();
        let mut result = Ok(());
        glyph_pixels(font, style.size(), text, baseline as f32, |x, y, coverage| {
            let (x, y) = transform.transform(x + dx, y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if result.is_ok() && x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                result = self.inner.draw_pixel((x, y), color.mix(f64::from(coverage)));
            }
        });
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The columns of ink of `text` in the bold face, left to right.
    fn ink_columns(text: &str) -> Vec<bool> {
        let font = face(FontStyle::Bold).expect("the embedded font parses");
        let mut columns = vec![false; 40 * text.len()];
        glyph_pixels(font, 28.0, text, 20.0, |x, _, coverage| {
            if coverage > 0.3 && x >= 0 && (x as usize) < columns.len() {
                columns[x as usize] = true;
            }
        });
        columns
    }

    /// The widest run of blank columns between the first and the last ink.
    fn widest_gap(columns: &[bool]) -> usize {
        let first = columns.iter().position(|&c| c).unwrap_or(0);
        let last = columns.iter().rposition(|&c| c).unwrap_or(0);
        columns[first..=last].split(|&c| c).map(<[bool]>::len).max().unwrap_or(0)
    }

    #[test]
    fn letters_of_a_word_sit_at_their_bearing_with_no_gap_wider_than_a_space_between_words() {
        // "availability" has no space; set by plotters 0.3.7, "t" and "y" stood apart by
        // the bearing of "t" and more.
        let word = widest_gap(&ink_columns("availability"));
        let space = widest_gap(&ink_columns("a a"));
        assert!(word * 2 < space, "a gap of {word} px inside the word, {space} px between words");
    }

    #[test]
    fn the_svg_font_size_is_the_em_of_the_png() {
        let font = face(FontStyle::Normal).expect("the embedded font parses");
        // DejaVu Sans: 2048 units to the em, 1901 + 483 from ascent to descent.
        assert!((em(font, 23.84) - 20.48).abs() < 0.01, "{}", em(font, 23.84));
        // The x-height of DejaVu Sans is 1120 units; its `x` overshoots it a little.
        assert!((ex(font) - 1120.0 / 2048.0).abs() < 0.02, "{}", ex(font));
    }
}
