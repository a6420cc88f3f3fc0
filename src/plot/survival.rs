//! The two charts of laws fitted to durations: the fitted survival curves over the Kaplan–Meier
//! estimate, and Weibull probability paper.
//!
//! Both read a [`FitSet`] but trust none of it: the set may be hand-edited or degenerate, so a
//! step, a time or a law that cannot be drawn is left out and counted in a note. Above all, a
//! law's survival function is only called where it is known not to panic or spin (see
//! [`Evaluable`]): `LawFit::survival` indexes its coordinates, and statrs's incomplete gamma
//! function panics on an infinite argument and iterates on the order of √shape times per value.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::combinators::{BindKeyPoints, IntoLogRange};
use plotters::coord::ranged1d::{KeyPointHint, NoDefaultFormatting, ValueFormatter};
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;

use super::render::{Failure, Figure};
use super::scale::{Ticks, linear_range, linear_tick_labels, log_key_points, log_range_around, loggable, usable};
use super::style::{
    Areas, AxisSpec, CurvePoint, INK, Interval, LABELS, PALETTE, chart_builder, draw_legend, draw_mesh, draw_no_data, draw_notes,
    not_shown, steps,
};
use crate::stats::fit::{FitSet, KaplanMeierStep, Law, LawFit};
use crate::units::fmt;

/// The survival axis: a little beyond 0 and 1, so that a curve at S = 1 or a step down to 0 is
/// not hidden in the frame.
const SURVIVAL_AXIS: Range<f64> = -0.02..1.04;
/// Room right of the last observation, as a fraction of the time axis.
const PAD: f64 = 0.04;
/// Shown when nothing gives the time axis a scale.
const FALLBACK: Range<f64> = 0.0..1.0;
/// Shown on the log time axis of probability paper when nothing gives it a scale.
const FALLBACK_LOG: Range<f64> = 1.0..1e3;
/// Points on a fitted curve spread evenly along the time axis...
const LINEAR_SAMPLES: usize = 300;
/// ...and geometrically over its first four decades, where a lognormal or a Weibull law with a
/// shape below 1 drops steeply.
const GEOMETRIC_SAMPLES: usize = 100;
/// Points of a fitted line on probability paper (log-spaced).
const PAPER_SAMPLES: usize = 300;
/// Failures drawn on probability paper at most; the others are counted in a note.
const MAX_POINTS: usize = 5000;
/// Fitted lines on probability paper reach this factor beyond the first and last failure...
const LINE_REACH: f64 = 1.3;
/// ...and its time axis a little further.
const AXIS_REACH: f64 = 1.6;
/// Gamma shapes above this are not drawn: statrs's incomplete gamma function takes on the order
/// of √shape iterations per value, and no fit to incident data comes near.
const MAX_GAMMA_SHAPE: f64 = 1e6;
/// Largest |coordinate| and, for the gamma law, largest |ln(t / scale)| evaluated: statrs panics
/// when t × rate overflows to ∞ or underflows to 0 (at e^±709); the margin covers the perturbed
/// coordinates of the numerical gradient behind `LawFit::survival_band`.
const LOG_LIMIT: f64 = 690.0;
/// A survival value this far outside [0, 1] is rounding; further out it is invalid.
const ROUNDING: f64 = 1e-9;

/// Probabilities that may be labelled on probability paper, most wanted first: 63.2 % (where a
/// Weibull law reaches its scale η), the round ones, then the tails.
const PAPER_PROBABILITIES: [f64; 16] =
    [0.632_120_558_828_557_7, 0.1, 0.5, 0.9, 0.01, 0.99, 0.05, 0.2, 0.3, 0.8, 0.95, 0.02, 0.999, 0.001, 0.7, 0.4];
/// Labels on probability paper are at least this fraction of the axis apart (about 17 pixels).
const LABEL_GAP: f64 = 1.0 / 20.0;
/// Light grid lines are at least this fraction of the axis apart.
const LIGHT_GAP: f64 = 1.0 / 48.0;

/// ln(−ln(1 − F)): the y coordinate of F on Weibull probability paper, on which a Weibull
/// F(t) = 1 − exp(−(t/η)^k) is the straight line k·ln t − k·ln η.
fn weibull_y(f: f64) -> f64 {
    (-(-f).ln_1p()).ln()
}

/// Each law in its own colour, the same in both charts and in every report (red is kept for
/// limits).
fn law_color(law: Law) -> RGBColor {
    match law {
        Law::Weibull => PALETTE[0],
        Law::Exponential => PALETTE[1],
        Law::Lognormal => PALETTE[2],
        Law::Gamma => PALETTE[4],
    }
}

/// A fitted law whose survival function is safe to call: as many finite coordinates as the law
/// has parameters (`LawFit::survival` indexes them), none beyond [`LOG_LIMIT`], and a gamma
/// shape within [`MAX_GAMMA_SHAPE`].
#[derive(Clone, Copy)]
struct Evaluable<'a>(&'a LawFit);

impl<'a> Evaluable<'a> {
    fn new(fit: &'a LawFit) -> Option<Self> {
        let c = &fit.coordinates;
        let sane = c.len() == fit.law.parameter_count() && c.iter().all(|v| v.is_finite() && v.abs() < LOG_LIMIT);
        let gamma_ok = fit.law != Law::Gamma || c.first().is_some_and(|&ln_shape| ln_shape < MAX_GAMMA_SHAPE.ln());
        (sane && gamma_ok).then_some(Self(fit))
    }

    /// Whether S(t) may be computed at `t` (for the gamma law, t × rate within statrs's range).
    fn defined_at(self, t: f64) -> bool {
        let gamma_ok = || self.0.coordinates.get(1).is_some_and(|&ln_scale| (t.ln() - ln_scale).abs() < LOG_LIMIT);
        usable(t) && t >= 0.0 && (self.0.law != Law::Gamma || t == 0.0 || gamma_ok())
    }

    fn survival(self, t: f64) -> Option<f64> {
        self.defined_at(t).then(|| self.0.survival(t)).filter(|s| s.is_finite()).map(|s| s.clamp(0.0, 1.0))
    }

    /// The pointwise 95 % band, when the coordinates' standard deviations and correlation are
    /// there to give one (`LawFit::survival_band` indexes the deviations too).
    fn band(self, t: f64) -> Option<(f64, f64)> {
        let fit = self.0;
        let spread = fit.coordinate_sd.len() >= fit.coordinates.len()
            && fit.coordinate_sd.iter().all(|v| v.is_finite())
            && fit.correlation.is_finite();
        if !(spread && self.defined_at(t)) {
            return None;
        }
        let [a, b] = fit.survival_band(t);
        (a.is_finite() && b.is_finite()).then(|| (a.min(b).clamp(0.0, 1.0), a.max(b).clamp(0.0, 1.0)))
    }
}

/// A fitted law as both charts show it.
struct Ranked<'a> {
    /// From 0, best first.
    rank: usize,
    law: Law,
    /// `None` when its survival function cannot be evaluated.
    fit: Option<Evaluable<'a>>,
    /// "1. weibull (best)", "2. lognormal (ΔAICc 1.3)".
    label: String,
    best: bool,
}

/// The fits in the order the fitting ranked them (by AICc, best first).
fn ranked(set: &FitSet) -> Vec<Ranked<'_>> {
    let Some(best) = set.fits.first() else { return Vec::new() };
    set.fits
        .iter()
        .enumerate()
        .map(|(rank, fit)| Ranked { rank, law: fit.law, fit: Evaluable::new(fit), label: law_label(rank, fit, best), best: rank == 0 })
        .collect()
}

/// The legend name of the fit ranked `rank` (from 0): its rank, its law, and how far behind the
/// best it is (ΔAICc; ΔBIC where either AICc is undefined, as the ranking does).
fn law_label(rank: usize, fit: &LawFit, best: &LawFit) -> String {
    let name = fit.law.name();
    if rank == 0 {
        return format!("1. {name} (best)");
    }
    let (criterion, delta) = match (fit.aicc, best.aicc) {
        (Some(a), Some(b)) => ("ΔAICc", a - b),
        _ => ("ΔBIC", fit.bic - best.bic),
    };
    if !delta.is_finite() {
        return format!("{}. {name}", rank + 1);
    }
    let delta = if delta.abs() < 1e5 { format!("{delta:.1}") } else { fmt::number(delta) };
    format!("{}. {name} ({criterion} {delta})", rank + 1)
}

/// A fitted law's curve, ready to draw: the runs of points where it could be evaluated.
struct LawLine {
    rank: usize,
    label: String,
    color: RGBColor,
    best: bool,
    segments: Vec<Vec<(f64, f64)>>,
}

impl LawLine {
    /// `law`'s curve `value(t)` at each of `times`, broken where it is `None`; `None` when no
    /// point at all could be computed.
    fn sample(law: &Ranked<'_>, times: &[f64], value: impl Fn(Evaluable<'_>, f64) -> Option<f64>) -> Option<Self> {
        let fit = law.fit?;
        let segments = runs(times.iter().map(|&t| value(fit, t).map(|v| (t, v))));
        (!segments.is_empty()).then(|| Self {
            rank: law.rank,
            label: law.label.clone(),
            color: law_color(law.law),
            best: law.best,
            segments,
        })
    }

    fn draw<DB, X, Y>(&self, chart: &mut ChartContext<'_, DB, Cartesian2d<X, Y>>) -> Result<(), Failure>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = f64>,
        Y: Ranged<ValueType = f64>,
    {
        for segment in &self.segments {
            if self.best {
                chart.draw_series(LineSeries::new(segment.iter().copied(), self.color.stroke_width(3)))?;
            } else {
                // Every point lies inside the axes: plotters dashes a path by stepping along it in
                // f32 pixels, and never reaches the end of one that runs far outside them.
                chart.draw_series(DashedLineSeries::new(segment.iter().copied(), 9, 5, self.color.stroke_width(2)))?;
            }
        }
        Ok(())
    }
}

/// The runs of consecutive `Some` items.
fn runs<T>(items: impl Iterator<Item = Option<T>>) -> Vec<Vec<T>> {
    let mut out: Vec<Vec<T>> = vec![Vec::new()];
    for item in items {
        match item {
            Some(v) => {
                if let Some(run) = out.last_mut() {
                    run.push(v);
                }
            }
            None => out.push(Vec::new()),
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

/// The notes both charts share: no failure (with the mean's lower bound), laws that could not
/// be drawn or fitted.
fn law_notes(set: &FitSet, drawn: &[LawLine], unit: &str) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(bound) = set.mean_lower_bound.filter(|&b| usable(b) && b > 0.0) {
        let bound = fmt::number(bound);
        notes.push(format!("the mean is at least {bound} {unit} (one-sided 95% lower bound with no failure, exponential law)"));
    }
    let undrawn: Vec<String> = set
        .fits
        .iter()
        .enumerate()
        .filter(|(rank, _)| !drawn.iter().any(|l| l.rank == *rank))
        .map(|(_, fit)| {
            let why = if Evaluable::new(fit).is_some() { "off the chart" } else { "invalid parameters" };
            format!("{} ({why})", fit.law.name())
        })
        .collect();
    if !undrawn.is_empty() {
        notes.push(format!("fitted but not drawn: {}", undrawn.join(", ")));
    }
    if !set.skipped.is_empty() {
        let names: Vec<&str> = set.skipped.iter().map(|s| s.law.name()).collect();
        notes.push(format!("not fitted: {}", names.join(", ")));
    }
    notes
}

/// The Kaplan–Meier steps that can be drawn, by time (a time ≥ 0 and a survival in [0, 1]), and
/// how many could not.
fn usable_steps(set: &FitSet) -> (Vec<&KaplanMeierStep>, usize) {
    let probability = |s: f64| usable(s) && (-ROUNDING..=1.0 + ROUNDING).contains(&s);
    let mut kept: Vec<&KaplanMeierStep> =
        set.kaplan_meier.iter().filter(|s| usable(s.time) && s.time >= 0.0 && probability(s.survival)).collect();
    kept.sort_by(|a, b| a.time.total_cmp(&b.time));
    let dropped = set.kaplan_meier.len() - kept.len();
    (kept, dropped)
}

/// Adds a legend entry drawn by `glyph` (pixel offsets from the entry's left middle) for a
/// series drawn by other means.
fn legend<'a, DB, X, Y, E>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    label: &str,
    glyph: impl Fn((i32, i32)) -> E + 'a,
) -> Result<(), Failure>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
    E: IntoDynElement<'a, DB, (i32, i32)>,
{
    chart.draw_series(std::iter::empty::<Circle<(f64, f64), i32>>())?.label(label).legend(glyph);
    Ok(())
}

/// A fitted law's legend entry: a thick solid line over its band for the best, dashed for the
/// others, as drawn.
fn law_legend<'a, DB, X, Y>(chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>, line: &LawLine, band: bool) -> Result<(), Failure>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64>,
    Y: Ranged<ValueType = f64>,
{
    let color = line.color;
    if line.best && band {
        legend(chart, &format!("{}, 95% band", line.label), move |(x, y)| {
            EmptyElement::at((x, y))
                + Rectangle::new([(0, -7), (22, 7)], color.mix(0.15).filled())
                + PathElement::new(vec![(0, 0), (22, 0)], color.stroke_width(3))
        })
    } else if line.best {
        legend(chart, &line.label, move |(x, y)| EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (22, 0)], color.stroke_width(3)))
    } else {
        legend(chart, &line.label, move |(x, y)| {
            let style = color.stroke_width(2);
            EmptyElement::at((x, y)) + PathElement::new(vec![(0, 0), (8, 0)], style) + PathElement::new(vec![(13, 0), (22, 0)], style)
        })
    }
}

/// Fitted survival curves over the Kaplan–Meier estimate.
pub(super) struct SurvivalFit {
    x_desc: String,
    x_range: Range<f64>,
    /// The Kaplan–Meier estimate as steps from (0, 1) with its band; empty when not drawn.
    km: Vec<CurvePoint>,
    /// Whether the estimate has a band to speak of (not with no failure, where it is S = 1).
    km_band: bool,
    /// Censored observations at (t, Ŝ(t)).
    censored: Vec<(f64, f64)>,
    /// Worst first, so that the best is drawn on top.
    laws: Vec<LawLine>,
    /// The best law's band as runs of (t, lo, hi).
    best_band: Vec<Vec<(f64, f64, f64)>>,
    /// Whether the curves leave the lower left free for the legend (else the upper right).
    legend_lower_left: bool,
    notes: Vec<String>,
}

/// Times at which a fitted curve is evaluated over [0, `end`].
fn time_grid(end: f64) -> Vec<f64> {
    let linear = (0..=LINEAR_SAMPLES).map(|i| end * i as f64 / LINEAR_SAMPLES as f64);
    let geometric = (0..GEOMETRIC_SAMPLES).map(|i| end * 10f64.powf(-4.0 * (1.0 - i as f64 / GEOMETRIC_SAMPLES as f64)));
    let mut grid: Vec<f64> = linear.chain(geometric).filter(|&t| usable(t) && (0.0..=end).contains(&t)).collect();
    grid.sort_by(f64::total_cmp);
    grid.dedup();
    grid
}

impl SurvivalFit {
    pub(super) fn new(set: &FitSet, censored: &[f64], unit: &str) -> Self {
        let (steps_kept, bad_steps) = usable_steps(set);
        let mut censored_kept: Vec<f64> = censored.iter().copied().filter(|&t| usable(t) && t >= 0.0).collect();
        let bad_censored = censored.len() - censored_kept.len();
        censored_kept.sort_by(f64::total_cmp);
        let last = steps_kept.iter().map(|s| s.time).chain(censored_kept.iter().copied()).fold(0.0, f64::max);
        let laws = ranked(set);

        // A set with no observed time at all (hand-built) takes its scale from the laws' means.
        let means = laws.iter().filter(|_| last == 0.0).filter_map(|l| l.fit).map(|f| 2.5 * f.0.mean.value);
        let x_range = linear_range([0.0, last].into_iter().chain(means), PAD, 0.0..f64::INFINITY, FALLBACK);

        let km_value = |t: f64| {
            let before = steps_kept.partition_point(|s| s.time <= t);
            before.checked_sub(1).map_or(1.0, |i| steps_kept[i].survival.clamp(0.0, 1.0))
        };
        // With no failure at all the estimate is S = 1 as far as the data go, which is worth
        // drawing when the censored times say how far that is.
        let draw_km = !steps_kept.is_empty() || (set.kaplan_meier.is_empty() && !censored_kept.is_empty());
        let km = if draw_km {
            let start = CurvePoint { x: 0.0, y: 1.0, band: Some(Interval { lo: 1.0, hi: 1.0, clipped_low: false }) };
            let mut points = vec![start];
            points.extend(steps_kept.iter().map(|s| CurvePoint { x: s.time, y: s.survival.clamp(0.0, 1.0), band: km_band(s.ci95) }));
            if let Some(&end) = points.last().filter(|p| last > p.x) {
                points.push(CurvePoint { x: last, ..end });
            }
            steps(&points)
        } else {
            Vec::new()
        };
        let censored_marks = if draw_km { censored_kept.iter().map(|&t| (t, km_value(t))).collect() } else { Vec::new() };

        let grid = time_grid(x_range.end);
        let mut lines: Vec<LawLine> = laws.iter().filter_map(|l| LawLine::sample(l, &grid, |fit, t| fit.survival(t))).collect();
        let best_band = laws
            .first()
            .and_then(|l| l.fit)
            .map(|fit| runs(grid.iter().map(|&t| fit.band(t).map(|(lo, hi)| (t, lo, hi)))))
            .unwrap_or_default();

        // Survival curves fall from the top left: the upper right is free once they have fallen
        // by mid-axis, the lower left while they stay high.
        let probe = 0.6 * x_range.end;
        let level = if draw_km { Some(km_value(probe)) } else { laws.first().and_then(|l| l.fit).and_then(|f| f.survival(probe)) };
        let legend_lower_left = level.is_some_and(|s| s > 0.5);

        let mut notes = Vec::new();
        if set.kaplan_meier.is_empty() {
            notes.push(if draw_km {
                "no failures: every observation was censored, so the Kaplan–Meier S(t) stays at 1".to_string()
            } else {
                "no failures in the data: no Kaplan–Meier estimate".to_string()
            });
        }
        notes.extend(not_shown(bad_steps, "Kaplan–Meier step with an invalid value", "Kaplan–Meier steps with an invalid value"));
        notes.extend(not_shown(bad_censored, "censored time with an invalid value", "censored times with an invalid value"));
        notes.extend(law_notes(set, &lines, unit));
        lines.reverse();
        Self {
            x_desc: format!("duration ({unit})"),
            x_range,
            km_band: km.iter().any(|p| p.band.is_some_and(|b| b.hi > b.lo)),
            km,
            censored: censored_marks,
            laws: lines,
            best_band,
            legend_lower_left,
            notes,
        }
    }
}

/// A Kaplan–Meier step's interval as drawn, when both ends are known.
fn km_band([a, b]: [f64; 2]) -> Option<Interval> {
    (usable(a) && usable(b)).then(|| Interval { lo: a.min(b).clamp(0.0, 1.0), hi: a.max(b).clamp(0.0, 1.0), clipped_low: false })
}

impl Figure for SurvivalFit {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let (x_ticks, y_ticks) = (Ticks::linear(&self.x_range, LABELS), Ticks::linear(&SURVIVAL_AXIS, LABELS));
        let areas = Areas::fitting(root, &linear_tick_labels(&SURVIVAL_AXIS, LABELS, y_ticks));
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(self.x_range.clone(), SURVIVAL_AXIS)?;
        draw_mesh(&mut chart, &AxisSpec::new(&self.x_desc, x_ticks), &AxisSpec::new("survival S(t) = P(duration > t)", y_ticks))?;

        // Bands under every line; the estimate's grey, the best law's in its colour.
        for run in self.km.split(|p| p.band.is_none()).filter(|run| run.len() > 1) {
            let upper = run.iter().filter_map(|p| p.band.map(|b| (p.x, b.hi)));
            let lower = run.iter().rev().filter_map(|p| p.band.map(|b| (p.x, b.lo)));
            chart.draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), INK.mix(0.16).filled())))?;
        }
        let best = self.laws.iter().find(|l| l.best);
        if let Some(best) = best {
            for run in self.best_band.iter().filter(|run| run.len() > 1) {
                let upper = run.iter().map(|&(t, _, hi)| (t, hi));
                let lower = run.iter().rev().map(|&(t, lo, _)| (t, lo));
                chart.draw_series(std::iter::once(Polygon::new(upper.chain(lower).collect::<Vec<_>>(), best.color.mix(0.15).filled())))?;
            }
        }
        for line in &self.laws {
            line.draw(&mut chart)?;
        }
        if !self.km.is_empty() {
            chart.draw_series(LineSeries::new(self.km.iter().map(|p| (p.x, p.y)), INK.stroke_width(2)))?;
        }
        chart.draw_series(self.censored.iter().map(|&(t, s)| {
            let style = INK.stroke_width(2);
            EmptyElement::at((t, s)) + PathElement::new(vec![(-5, 0), (5, 0)], style) + PathElement::new(vec![(0, -5), (0, 5)], style)
        }))?;

        // Legend: the data first, then the laws best first.
        if !self.km.is_empty() {
            let label = if self.km_band { "Kaplan–Meier estimate, 95% band" } else { "Kaplan–Meier estimate" };
            legend(&mut chart, label, |(x, y)| {
                EmptyElement::at((x, y))
                    + Rectangle::new([(0, -7), (22, 7)], INK.mix(0.16).filled())
                    + PathElement::new(vec![(0, 3), (11, 3), (11, -3), (22, -3)], INK.stroke_width(2))
            })?;
        }
        if !self.censored.is_empty() {
            legend(&mut chart, "censored observation", |(x, y)| {
                let style = INK.stroke_width(2);
                EmptyElement::at((x, y)) + PathElement::new(vec![(6, 0), (16, 0)], style) + PathElement::new(vec![(11, -5), (11, 5)], style)
            })?;
        }
        for line in self.laws.iter().rev() {
            law_legend(&mut chart, line, line.best && !self.best_band.is_empty())?;
        }
        if !self.km.is_empty() || !self.laws.is_empty() {
            let position = if self.legend_lower_left { SeriesLabelPosition::LowerLeft } else { SeriesLabelPosition::UpperRight };
            draw_legend(&mut chart, position)?;
        } else {
            draw_no_data(chart.plotting_area())?;
        }
        draw_notes(root, &self.notes)
    }
}

/// Plotting positions of failures on probability paper, (t, F).
#[derive(Debug, Default, PartialEq)]
pub(super) struct Positions {
    pub(super) points: Vec<(f64, f64)>,
    /// Failures that cannot be placed: t ≤ 0 or not finite, F not strictly between 0 and 1.
    pub(super) invalid: usize,
    /// Failures past [`MAX_POINTS`].
    pub(super) beyond: usize,
}

/// Plotting positions of the failures with right censoring: Johnson's adjusted ranks with
/// Benard's approximation of the median rank, F = (i − 0.3)/(n + 0.4), n counting every
/// observation, censored ones included.
///
/// Johnson's adjusted rank of a failure is i = i′ + (n + 1 − i′)/(1 + r), i′ the previous
/// failure's and r its reverse rank: the observations at or beyond its time, itself included,
/// which is a Kaplan–Meier step's `at_risk` less the failures of a tie already ranked (censored
/// observations at a failure's time count as beyond it, as the Kaplan–Meier estimate counts
/// them at risk). For the j-th failure of a step with a at risk this telescopes to
/// n + 1 − i = (n + 1 − i′)·(a + 1 − j)/(a + 1), so a tie of any size costs nothing extra.
/// Without censoring the ranks are 1, 2, …, n: Benard's median ranks. Unlike 1 − Ŝ_KM, the
/// last failure never sits at F = 1.
///
/// Sources: L. G. Johnson, *The Statistical Treatment of Fatigue Experiments* (Elsevier, 1964);
/// A. Benard and E. C. Bos-Levenbach, *Statistica Neerlandica* 7 (1953) 163–173;
/// R. B. Abernethy, *The New Weibull Handbook*, 5th ed. (2006), §2.4 and §2.9.
pub(super) fn median_ranks(steps: &[KaplanMeierStep], observations: usize) -> Positions {
    // A hand-built set may count fewer observations than are at risk: n is at least that many.
    let n = steps.iter().map(|s| s.at_risk).fold(observations, usize::max) as f64;
    let mut sorted: Vec<&KaplanMeierStep> = steps.iter().collect();
    sorted.sort_by(|a, b| a.time.total_cmp(&b.time));
    let mut positions = Positions::default();
    // n + 1 − i′, where i′ is the last adjusted rank given.
    let mut remaining = n + 1.0;
    for step in sorted {
        let a = step.at_risk as f64;
        let shown = step.events.min(MAX_POINTS.saturating_sub(positions.points.len() + positions.invalid));
        for j in 1..=shown {
            let rank = n + 1.0 - remaining * ((a + 1.0 - j as f64).max(0.0) / (a + 1.0));
            let f = (rank - 0.3) / (n + 0.4);
            if loggable(step.time) && f > 0.0 && f < 1.0 && weibull_y(f).is_finite() {
                positions.points.push((step.time, f));
            } else {
                positions.invalid += 1;
            }
        }
        positions.beyond = positions.beyond.saturating_add(step.events - shown);
        remaining *= (a + 1.0 - step.events as f64).max(0.0) / (a + 1.0);
    }
    positions
}

/// Weibull probability paper: the failures at their plotting positions and each law's F(t).
pub(super) struct ProbabilityPaper {
    x_desc: String,
    x_range: Range<f64>,
    y_range: Range<f64>,
    /// y of the labelled probabilities, and of those with a light grid line only.
    labelled: Vec<f64>,
    light: Vec<f64>,
    /// (t, y) of the failures.
    points: Vec<(f64, f64)>,
    /// Worst first, so that the best is drawn on top.
    laws: Vec<LawLine>,
    notes: Vec<String>,
}

/// The probabilities labelled on probability paper over `y_range` (as y), most wanted first
/// and at least [`LABEL_GAP`] of the axis apart, then those left for light grid lines.
fn paper_ticks(y_range: &Range<f64>) -> (Vec<f64>, Vec<f64>) {
    let tails = (4..=300).map(|k| 10f64.powi(-k)).zip((4..=15).map(|k| 1.0 - 10f64.powi(-k)).chain(std::iter::repeat(f64::NAN)));
    let candidates = PAPER_PROBABILITIES.iter().copied().chain(tails.flat_map(|(low, high)| [low, high]));
    let span = y_range.end - y_range.start;
    let (mut labelled, mut light): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for y in candidates.map(weibull_y).filter(|y| y_range.contains(y)) {
        let apart = |taken: &[f64], gap: f64| taken.iter().all(|t| (t - y).abs() >= gap * span);
        if apart(&labelled, LABEL_GAP) {
            labelled.push(y);
        } else if apart(&labelled, LIGHT_GAP) && apart(&light, LIGHT_GAP) {
            light.push(y);
        }
    }
    labelled.sort_by(f64::total_cmp);
    light.sort_by(f64::total_cmp);
    (labelled, light)
}

/// The parts of a polyline that lie within `y_range`, cut where it crosses an edge (linearly in
/// (ln t, y), as the line is drawn on a log time axis).
fn clip(points: &[(f64, f64)], y_range: &Range<f64>) -> Vec<Vec<(f64, f64)>> {
    let inside = |y: f64| (y_range.start..=y_range.end).contains(&y);
    let edge_towards = |y: f64| if y < y_range.start { y_range.start } else { y_range.end };
    // Where the segment from a point inside to one outside (or back) meets the edge.
    let crossing = |(t0, y0): (f64, f64), (t1, y1): (f64, f64), edge: f64| {
        let s = (edge - y0) / (y1 - y0);
        ((t0.ln() + s * (t1.ln() - t0.ln())).exp(), edge)
    };
    let (mut out, mut run) = (Vec::new(), Vec::new());
    let mut previous: Option<(f64, f64)> = None;
    for &p in points {
        match previous {
            Some(q) if inside(p.1) && !inside(q.1) => {
                run.push(crossing(q, p, edge_towards(q.1)));
                run.push(p);
            }
            _ if inside(p.1) => run.push(p),
            Some(q) if inside(q.1) => {
                run.push(crossing(q, p, edge_towards(p.1)));
                out.push(std::mem::take(&mut run));
            }
            _ => {}
        }
        previous = Some(p);
    }
    out.push(run);
    out.retain(|run| run.len() > 1);
    out
}

impl ProbabilityPaper {
    pub(super) fn new(set: &FitSet, unit: &str) -> Self {
        let positions = median_ranks(&set.kaplan_meier, set.observations);
        let points: Vec<(f64, f64)> = positions.points.iter().map(|&(t, f)| (t, weibull_y(f))).collect();
        let laws = ranked(set);

        let means = laws.iter().filter(|_| points.is_empty()).filter_map(|l| l.fit).map(|f| f.0.mean.value);
        let x_range =
            log_range_around(points.iter().map(|p| p.0).chain(means.flat_map(|m| [m / 10.0, m * 10.0])), AXIS_REACH, FALLBACK_LOG);

        let base = [weibull_y(0.01), weibull_y(0.99)];
        let (y_lo, y_hi) =
            points.iter().map(|p| p.1).chain(base).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), y| (lo.min(y), hi.max(y)));
        let pad = 0.04 * (y_hi - y_lo);
        let y_range = (y_lo - pad)..(y_hi + pad);

        // Lines over the failures' range (a little beyond, and at least a decade, so that one
        // failure still shows the line's slope), or the whole axis without failures.
        let reach = log_range_around(points.iter().map(|p| p.0), LINE_REACH, x_range.clone());
        let (from, to) = (reach.start.max(x_range.start), reach.end.min(x_range.end));
        let times: Vec<f64> = (0..=PAPER_SAMPLES).map(|i| from * (to / from).powf(i as f64 / PAPER_SAMPLES as f64)).collect();
        let weibull_scale = |fit: Evaluable<'_>, t: f64| fit.survival(t).map(|s| (-s.ln()).ln()).filter(|y| y.is_finite());
        let mut lines: Vec<LawLine> = laws.iter().filter_map(|l| LawLine::sample(l, &times, weibull_scale)).collect();
        for line in &mut lines {
            line.segments = line.segments.iter().flat_map(|s| clip(s, &y_range)).collect();
        }
        lines.retain(|l| !l.segments.is_empty());

        let mut notes = vec!["a straight line means Weibull fits (slope = shape k; the exponential law is a line of slope 1)".to_string()];
        if set.kaplan_meier.is_empty() {
            notes.push("no failures in the data: nothing to plot".to_string());
        }
        notes.extend(not_shown(
            positions.invalid,
            "failure with t ≤ 0, F = 0 or F = 1 (or invalid)",
            "failures with t ≤ 0, F = 0 or F = 1 (or invalid)",
        ));
        notes.extend(not_shown(
            positions.beyond,
            &format!("failure past the first {MAX_POINTS}"),
            &format!("failures past the first {MAX_POINTS}"),
        ));
        notes.extend(law_notes(set, &lines, unit));
        let (labelled, light) = paper_ticks(&y_range);
        lines.reverse();
        Self { x_desc: format!("duration ({unit}, log scale)"), x_range, y_range, labelled, light, points, laws: lines, notes }
    }
}

impl Figure for ProbabilityPaper {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>, title: &str) -> Result<(), Failure> {
        let y_labels: Vec<String> = self.labelled.iter().map(|&y| Ticks::WeibullPercent.label(y)).collect();
        let areas = Areas::fitting(root, &y_labels);
        let y = PaperAxis { inner: self.y_range.clone().into(), labelled: self.labelled.clone(), light: self.light.clone() };
        let (bold, light) = log_key_points(&self.x_range);
        let x = self.x_range.clone().log_scale().with_key_points(bold).with_light_points(light);
        let mut chart = chart_builder(root, title, areas, self.notes.len()).build_cartesian_2d(x, y)?;
        self.plot(&mut chart)?;
        draw_notes(root, &self.notes)
    }
}

/// The y axis of probability paper: linear in y = ln(−ln(1 − F)), its ticks at chosen
/// probabilities and written as percentages (plotters' own key points would fall at round y).
struct PaperAxis {
    inner: RangedCoordf64,
    labelled: Vec<f64>,
    light: Vec<f64>,
}

impl Ranged for PaperAxis {
    type ValueType = f64;
    type FormatOption = NoDefaultFormatting;

    fn range(&self) -> Range<f64> {
        self.inner.range()
    }

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.inner.map(value, limit)
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        if hint.weight().allow_light_points() { self.light.clone() } else { self.labelled.clone() }
    }

    fn axis_pixel_range(&self, limit: (i32, i32)) -> Range<i32> {
        self.inner.axis_pixel_range(limit)
    }
}

impl ValueFormatter<f64> for PaperAxis {
    fn format_ext(&self, value: &f64) -> String {
        Ticks::WeibullPercent.label(*value)
    }
}

impl ProbabilityPaper {
    fn plot<'a, DB, X, Y>(&self, chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>) -> Result<(), Failure>
    where
        DB: DrawingBackend + 'a,
        X: Ranged<ValueType = f64> + ValueFormatter<f64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        draw_mesh(
            chart,
            &AxisSpec::new(&self.x_desc, Ticks::log(&self.x_range)),
            &AxisSpec::new("cumulative F(t), Weibull scale", Ticks::WeibullPercent),
        )?;
        for line in &self.laws {
            line.draw(chart)?;
        }
        chart.draw_series(self.points.iter().map(|&p| Circle::new(p, 4, INK.filled())))?;
        if !self.points.is_empty() {
            legend(chart, "failures (median ranks, Johnson–Benard)", |(x, y)| {
                EmptyElement::at((x, y)) + Circle::new((11, 0), 4, INK.filled())
            })?;
        }
        for line in self.laws.iter().rev() {
            law_legend(chart, line, false)?;
        }
        if self.points.is_empty() && self.laws.is_empty() {
            draw_no_data(chart.plotting_area())?;
        } else {
            // The data rise to the right: the upper left is free.
            draw_legend(chart, SeriesLabelPosition::UpperLeft)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::fit::{IntervalMethod, Parameter};

    fn step(time: f64, at_risk: usize, events: usize) -> KaplanMeierStep {
        KaplanMeierStep { time, at_risk, events, survival: 0.5, ci95: [0.4, 0.6] }
    }

    fn law(law: Law, coordinates: &[f64]) -> LawFit {
        let parameter = Parameter { name: "p".to_string(), value: 1.0, ci95: [0.5, 2.0] };
        LawFit {
            law,
            parameters: vec![parameter.clone()],
            mean: parameter,
            interval_method: IntervalMethod::ProfileLikelihood,
            log_likelihood: -10.0,
            aicc: Some(24.0),
            bic: 25.0,
            anderson_darling: None,
            coordinates: coordinates.to_vec(),
            coordinate_sd: vec![0.1; coordinates.len()],
            correlation: 0.2,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn censored_failures_take_johnsons_adjusted_ranks() {
        // Five units: failures at 10, 45 and 82 h, suspensions at 30 and 49 h. Johnson's ranks
        // are 1, 1 + (6 − 1)/(1 + 3) = 2.25 and 2.25 + (6 − 2.25)/(1 + 1) = 4.125.
        let positions = median_ranks(&[step(45.0, 3, 1), step(10.0, 5, 1), step(82.0, 1, 1)], 5);
        let expected = [(10.0, 1.0), (45.0, 2.25), (82.0, 4.125)].map(|(t, i)| (t, (i - 0.3) / 5.4));
        assert_eq!(positions.points.len(), 3);
        for ((t, f), (te, fe)) in positions.points.iter().zip(expected) {
            assert!(*t == te && close(*f, fe), "{:?}", positions.points);
        }
        assert_eq!((positions.invalid, positions.beyond), (0, 0));
    }

    #[test]
    fn complete_samples_take_benards_median_ranks_and_ties_one_each() {
        let positions = median_ranks(&[step(10.0, 4, 1), step(20.0, 3, 2), step(30.0, 1, 1)], 4);
        let times: Vec<f64> = positions.points.iter().map(|p| p.0).collect();
        assert_eq!(times, [10.0, 20.0, 20.0, 30.0]);
        for (i, (_, f)) in positions.points.iter().enumerate() {
            assert!(close(*f, (i as f64 + 1.0 - 0.3) / 4.4), "{:?}", positions.points);
        }
        // The last failure stays below F = 1, unlike 1 − Ŝ_KM.
        assert!(positions.points[3].1 < 0.85);
    }

    #[test]
    fn failures_that_cannot_be_placed_are_counted() {
        let positions = median_ranks(&[step(-1.0, 3, 1), step(f64::NAN, 2, 1), step(5.0, 0, 1), step(7.0, usize::MAX, usize::MAX)], 3);
        assert_eq!(positions.points.len() + positions.invalid, MAX_POINTS);
        assert!(positions.invalid >= 3, "{:?}", positions.invalid);
        assert_eq!(positions.beyond, usize::MAX - (MAX_POINTS - 3));
        assert_eq!(median_ranks(&[], 0), Positions::default());
    }

    #[test]
    fn a_weibull_law_is_straight_on_probability_paper_with_its_shape_as_slope() {
        let fit = law(Law::Weibull, &[1.7f64.ln(), 300f64.ln()]);
        let fit = Evaluable::new(&fit).expect("evaluable");
        let y = |t: f64| fit.survival(t).map(|s| (-s.ln()).ln()).expect("defined");
        for (a, b) in [(10.0, 100.0), (100.0, 1000.0), (1.0, 300.0)] {
            let slope = (y(b) - y(a)) / (f64::ln(b) - f64::ln(a));
            assert!((slope - 1.7).abs() < 1e-9, "{slope}");
        }
        // At its scale η a Weibull law has failed with probability 1 − 1/e, at y = 0.
        assert!(y(300.0).abs() < 1e-12);
        assert!(close(weibull_y(PAPER_PROBABILITIES[0]), 0.0));
    }

    #[test]
    fn laws_are_evaluated_only_where_that_is_safe() {
        assert!(Evaluable::new(&law(Law::Weibull, &[0.5])).is_none(), "too few coordinates");
        assert!(Evaluable::new(&law(Law::Lognormal, &[f64::NAN, 0.0])).is_none());
        assert!(Evaluable::new(&law(Law::Gamma, &[1e7f64.ln(), 0.0])).is_none(), "statrs would iterate for ever");
        let gamma = law(Law::Gamma, &[2f64.ln(), 500f64.ln()]);
        let gamma = Evaluable::new(&gamma).expect("evaluable");
        // statrs panics when t × rate overflows or underflows: these are refused instead.
        assert_eq!(gamma.survival(1e-300), None);
        let tiny_scale = law(Law::Gamma, &[2f64.ln(), -100.0]);
        assert_eq!(Evaluable::new(&tiny_scale).and_then(|f| f.survival(1e300)), None);
        assert_eq!(gamma.survival(0.0), Some(1.0));
        let s = gamma.survival(1000.0).expect("defined");
        // Gamma(2, 500): S(1000) = e^−2 (1 + 2).
        assert!((s - 3.0 * (-2f64).exp()).abs() < 1e-9, "{s}");
        let (lo, hi) = gamma.band(1000.0).expect("a band");
        assert!(lo < s && s < hi, "{lo} {s} {hi}");
        let mut no_spread = law(Law::Exponential, &[-5.0]);
        no_spread.coordinate_sd.clear();
        assert!(Evaluable::new(&no_spread).and_then(|f| f.band(10.0)).is_none());
    }

    #[test]
    fn lines_are_cut_where_they_leave_the_axis() {
        let line = [(1.0, -3.0), (10.0, -1.0), (100.0, 1.0), (1000.0, 3.0), (10000.0, 1.0)];
        let runs = clip(&line, &(-2.0..2.0));
        assert_eq!(runs.len(), 2, "{runs:?}");
        let first = &runs[0];
        // Entering at y = −2 halfway (in ln t) between 1 and 10, leaving at y = 2 likewise.
        assert!(close(first[0].0, 10f64.sqrt()) && first[0].1 == -2.0, "{first:?}");
        assert!((first.last().expect("points").0 - 1000f64.sqrt() * 10.0).abs() < 1e-9);
        assert_eq!(runs[1].last(), Some(&(10000.0, 1.0)));
        assert!(clip(&[(1.0, 5.0), (2.0, 6.0)], &(-2.0..2.0)).is_empty());
    }

    #[test]
    fn probability_paper_labels_the_usual_probabilities_apart() {
        let range = weibull_y(0.005)..weibull_y(0.995);
        let (labelled, light) = paper_ticks(&range);
        let percent: Vec<String> = labelled.iter().map(|&y| Ticks::WeibullPercent.label(y)).collect();
        for wanted in ["1%", "5%", "10%", "50%", "63.2%", "90%", "99%"] {
            assert!(percent.iter().any(|p| p == wanted), "{wanted} not in {percent:?}");
        }
        let gap = LABEL_GAP * (range.end - range.start);
        assert!(labelled.windows(2).all(|w| w[1] - w[0] >= gap - 1e-12), "{percent:?}");
        assert!(light.iter().all(|y| range.contains(y) && !labelled.contains(y)));
        // Far tails get labels of their own.
        let (labelled, _) = paper_ticks(&(weibull_y(1e-9)..weibull_y(0.5)));
        assert!(labelled.iter().any(|&y| Ticks::WeibullPercent.label(y) == "1e-5%"), "{labelled:?}");
    }

    #[test]
    fn labels_give_the_rank_and_the_distance_from_the_best() {
        let best = law(Law::Weibull, &[0.0, 0.0]);
        let mut second = law(Law::Gamma, &[0.0, 0.0]);
        second.aicc = Some(25.34);
        assert_eq!(law_label(0, &best, &best), "1. weibull (best)");
        assert_eq!(law_label(1, &second, &best), "2. gamma (ΔAICc 1.3)");
        second.aicc = None;
        second.bic = 31.0;
        assert_eq!(law_label(2, &second, &best), "3. gamma (ΔBIC 6.0)");
        second.bic = f64::NAN;
        assert_eq!(law_label(2, &second, &best), "3. gamma");
    }
}
