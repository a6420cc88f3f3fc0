//! Charts of a run's results, each rendered both as SVG (for reports and browsers) and as PNG
//! (for places that cannot show SVG), 900×540, entirely in memory.
//!
//! Inputs come straight from simulations, so nothing here panics on them: empty input gives a
//! chart that says "no data"; values a chart cannot show (a zero or negative value on a log
//! axis, NaN) are left out and a note under the plot says how many; an unknown confidence
//! interval end drops the bar or band but keeps the point. Text is set in DejaVu Sans embedded
//! in the binary, so no system library or font file is needed.

mod categories;
mod curves;
pub mod diagram;
mod histogram;
mod render;
mod scale;
mod scatter;
mod style;
mod survival;
mod typeset;

use crate::stats::Estimate;
use crate::stats::fit::FitSet;

/// A rendered chart.
#[derive(Debug, Clone)]
pub struct Chart {
    /// File stem, e.g. "unavailability".
    pub name: String,
    /// The title drawn at the top of the chart.
    pub title: String,
    /// The chart as an SVG document.
    pub svg: String,
    /// The chart as a PNG image.
    pub png: Vec<u8>,
}

/// Why a chart could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    /// The drawing backend or the PNG encoder failed.
    #[error("could not draw the chart `{chart}`: {message}")]
    Draw {
        /// The chart's name.
        chart: String,
        /// What went wrong.
        message: String,
    },
}

/// The time unit of a chart's input: its symbol as the model writes it (`h`), and how many hours
/// it holds. Time axes are drawn in the unit that reads best for their range (years, days,
/// hours, minutes, seconds), whatever the model's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TimeAxis<'a> {
    /// The unit's symbol, used when `hours_per_unit` is not a positive number.
    pub unit: &'a str,
    /// Hours in one unit.
    pub hours_per_unit: f64,
}

/// An exact value drawn across a chart as a dashed red line, with its label.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reference<'a> {
    /// The value, on the chart's y axis.
    pub value: f64,
    /// What it is ("exact steady-state A 0.9999870").
    pub label: &'a str,
}

/// "`subject` — `what`": a chart's title names the model or design it shows.
fn titled(subject: &str, what: &str) -> String {
    let subject = label(subject);
    if subject.trim().is_empty() { what.to_string() } else { format!("{subject} — {what}") }
}

/// Downtime in minutes per year of each design with its 95% CI as error bars, on a log-scale y
/// axis, the same axis read as unavailability on the right; each point labelled with its value
/// (and interval where there is room). `designs` are (name, downtime in minutes per year). A
/// design with no downtime keeps its slot and is named in a note; a lower CI end at or below
/// zero runs the bar off the bottom of the axis without a cap.
pub fn downtime_by_design(designs: &[(String, Estimate)]) -> Result<Chart, PlotError> {
    let designs: Vec<(String, Estimate)> = designs.iter().map(|(name, e)| (label(name), *e)).collect();
    render::render("downtime-by-design", "Downtime by design (95% CI)", &categories::DowntimeByDesign::new(&designs))
}

/// Pareto of downtime contributions of `subject` (the model's name, in the title): bars of
/// minutes per year sorted largest first (at most 15 bars, the rest summed into "others"),
/// read on the right as the share of the system's downtime (`system_downtime`, minutes per
/// year) during which the component was critical, each bar's share written above it.
pub fn downtime_pareto(subject: &str, components: &[(String, f64)], system_downtime: f64) -> Result<Chart, PlotError> {
    let components: Vec<(String, f64)> = components.iter().map(|(id, x)| (label(id), *x)).collect();
    render::render(
        "downtime-pareto",
        &titled(subject, "where the downtime comes from"),
        &categories::Pareto::new(&components, system_downtime),
    )
}

/// Histogram of the outage durations of `subject` from bins (low, high, count) in the unit of
/// `axis`, on a log-scale x axis ticked at round durations (seconds, minutes, hours, days).
pub fn outage_durations(subject: &str, bins: &[(f64, f64, u64)], axis: TimeAxis<'_>) -> Result<Chart, PlotError> {
    render::render("outage-durations", &titled(subject, "outage durations"), &histogram::Durations::new(bins, axis))
}

/// Point availability A(t) of `subject` with its 95% CI as a shaded band, and the exact
/// steady-state availability as a dashed line when known. The y axis is fitted to the data
/// (availabilities are often 0.999…, which an axis from 0 would flatten into a line); the time
/// axis reads in years, days, hours… as its range suits.
pub fn availability_over_time(
    subject: &str,
    points: &[(f64, Estimate)],
    axis: TimeAxis<'_>,
    exact: Option<Reference<'_>>,
) -> Result<Chart, PlotError> {
    render::render(
        "availability-over-time",
        &titled(subject, "point availability A(t) (95% CI)"),
        &curves::Curve::availability(points, axis, exact),
    )
}

/// Reliability R(t) of `subject`, the survival function of the time to first system failure,
/// as a step line with its 95% band; `points` are (t, r, lo, hi).
pub fn reliability(subject: &str, points: &[(f64, f64, f64, f64)], axis: TimeAxis<'_>) -> Result<Chart, PlotError> {
    render::render("reliability", &titled(subject, "reliability R(t), no system failure by t"), &curves::Curve::reliability(points, axis))
}

/// Convergence of `subject`'s run: the running unavailability estimate with its 95% CI band
/// against the number of replications, and the exact value it converges to as a dashed line
/// when known.
pub fn convergence(subject: &str, points: &[(u64, Estimate)], exact: Option<Reference<'_>>) -> Result<Chart, PlotError> {
    render::render(
        "convergence",
        &titled(subject, "convergence of the unavailability estimate"),
        &curves::Curve::convergence(points, exact),
    )
}

/// A parameter sweep: for each series (label, points (x, U estimate)) a line with markers and a
/// CI band on a log-scale y axis, with a legend when there is more than one series. A point that
/// cannot be shown (U = 0, NaN) breaks its line.
pub fn sweep(parameter: &str, series: &[(String, Vec<(f64, Estimate)>)]) -> Result<Chart, PlotError> {
    let parameter = label(parameter);
    let series: Vec<(String, Vec<(f64, Estimate)>)> = series.iter().map(|(name, points)| (label(name), points.clone())).collect();
    let title = format!("Unavailability against {parameter}");
    render::render("sweep", &title, &curves::Sweep::new(&parameter, &series))
}

/// What the histogram of an objective's period downtime shows.
#[derive(Debug, Clone, Copy)]
pub struct PeriodHistogram<'a> {
    /// The periods with some downtime as (low, high, count) bins, in the unit of `axis`.
    pub bins: &'a [(f64, f64, u64)],
    /// The share of periods with no downtime (a log axis has no place for them; a note says it).
    pub no_downtime_share: f64,
    /// The downtime a period may have, drawn as a vertical line.
    pub allowed: f64,
    /// The line's label ("target 99.95 %").
    pub allowed_label: &'a str,
    /// The x axis's description ("downtime per month (log scale)"); its ticks are durations.
    pub axis: &'a str,
    /// Hours in the unit of `bins` and `allowed` (1/60 for minutes).
    pub hours_per_unit: f64,
}

/// The distribution of an objective's period downtime: bars between log-scale bin edges, the
/// allowed downtime as a red vertical line with its label, breaching bins in red. `name` is the
/// file stem and `title` the title (both from the caller: a run has one chart per objective).
pub fn period_downtime(name: &str, title: &str, periods: &PeriodHistogram<'_>) -> Result<Chart, PlotError> {
    let label = label(periods.allowed_label);
    let periods = PeriodHistogram { allowed_label: &label, ..*periods };
    render::render(name, &self::label(title), &histogram::PeriodDowntime::new(&periods))
}

/// "The price of each nine": each design's expected cost per year (y) against its downtime in
/// minutes per year (x), both with their 95% intervals as error bars, one labelled point per
/// design (name, downtime, cost). An axis whose values span two decades or more is drawn on a
/// log scale; the y axis names `currency` when there is one.
pub fn cost_against_downtime(designs: &[(String, Estimate, Estimate)], currency: Option<&str>) -> Result<Chart, PlotError> {
    let designs: Vec<(String, Estimate, Estimate)> = designs.iter().map(|(n, x, y)| (label(n), *x, *y)).collect();
    let currency = currency.map(label);
    render::render(
        "cost-vs-downtime",
        "The price of each nine: cost against downtime (95% CI)",
        &scatter::CostScatter::new(&designs, currency.as_deref()),
    )
}

/// P(breach) of a period per objective (one group of bars per objective, labelled by
/// `objectives`) and per design (one bar of each design's colour, in a legend), with the 95%
/// intervals as error bars. A design's list has one entry per objective, `None` where it lacks
/// that objective.
pub fn breach_by_design(objectives: &[String], designs: &[(String, Vec<Option<Estimate>>)]) -> Result<Chart, PlotError> {
    let objectives: Vec<String> = objectives.iter().map(|o| label(o)).collect();
    let designs: Vec<(String, Vec<Option<Estimate>>)> = designs.iter().map(|(n, v)| (label(n), v.clone())).collect();
    render::render("breach-by-design", "P(breach) per period by design (95% CI)", &categories::Breach::new(&objectives, &designs))
}

/// Laws fitted to durations, against the data: the Kaplan–Meier estimate of the survival
/// function S(t) as a dark step line with its 95% band (Greenwood's, shaded grey) from t = 0 to
/// the last observation; each right-censored observation as a "+" on it; and each fitted law's
/// S(t) in its own colour, named in the legend with its AICc rank and how far behind the best
/// it is ("1. weibull (best)", "2. lognormal (ΔAICc 1.3)"), the best drawn solid with its
/// pointwise 95% band lightly shaded, the others dashed.
///
/// `censored` holds the times of the censored observations, in the unit of `set`: a [`FitSet`]
/// keeps only how many there are, and the marks need the times (`&[]` draws none). `unit`
/// names that unit on the x axis, which runs linearly from 0 to a little beyond the last
/// observation. With no failure there is no Kaplan–Meier step and no law: a note says so, with
/// the mean's lower bound when the set has one, and the estimate S = 1 is drawn out to the last
/// censored time.
pub fn survival_fit(name: &str, title: &str, set: &FitSet, censored: &[f64], unit: &str) -> Result<Chart, PlotError> {
    render::render(name, &label(title), &survival::SurvivalFit::new(set, censored, &label(unit)))
}

/// Weibull probability paper: time on a log axis, y = ln(−ln(1 − F)) labelled with F as a
/// percentage (1%, 10%, 63.2%, 99%…), on which a Weibull law is a straight line (a note under
/// the plot says so). The failures are drawn at Johnson's adjusted ranks for right-censored
/// data with Benard's median-rank approximation (i − 0.3)/(n + 0.4), computed from the
/// Kaplan–Meier steps' numbers at risk, so the last failure never sits at F = 1; each fitted
/// law's F(t) = 1 − S(t) is a line over the failures' range, coloured and named as in
/// [`survival_fit`]. Failures that cannot be placed (t ≤ 0, F = 0 or 1) are counted in a note.
pub fn probability_plot(name: &str, title: &str, set: &FitSet, unit: &str) -> Result<Chart, PlotError> {
    render::render(name, &label(title), &survival::ProbabilityPaper::new(set, &label(unit)))
}

/// A name from a model as a chart label: controls written out visibly. XML 1.0 allows no C0
/// control but tab and line breaks, even as a character reference, so one in a label would
/// make the whole SVG unreadable; a bidi override would reorder the label. (`<`, `&` and
/// quotes are escaped by plotters' SVG backend.)
fn label(name: &str) -> String {
    crate::units::fmt::visible(name).into_owned()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    const NAN: f64 = f64::NAN;
    const HOURS: TimeAxis<'static> = TimeAxis { unit: "h", hours_per_unit: 1.0 };

    fn est(mean: f64, half_width: f64) -> Estimate {
        Estimate { mean, std_error: half_width / 1.96, ci95: [mean - half_width, mean + half_width], dof: 999.0 }
    }

    /// Checks what every chart must have: its title and axis labels as text in the SVG, a
    /// well-formed SVG document, and a PNG of the right size.
    fn check(chart: &Chart, name: &str, title: &str, labels: &[&str]) {
        assert_eq!(chart.name, name);
        assert_eq!(chart.title, title);
        assert!(chart.svg.starts_with("<svg") && chart.svg.trim_end().ends_with("</svg>"), "not an SVG document");
        for text in std::iter::once(&title).chain(labels) {
            assert!(chart.svg.contains(text), "`{text}` is not in the SVG of {name}");
        }
        let png = image::load_from_memory(&chart.png).expect("the PNG decodes");
        assert_eq!((png.width(), png.height()), (900, 540));
        // A chart is never blank: at least the title and axes are darker than the background.
        assert!(png.to_rgb8().pixels().any(|p| p.0.iter().all(|&c| c < 100)), "the PNG of {name} is blank");
    }

    fn designs() -> Vec<(String, Estimate)> {
        vec![
            ("single server".to_string(), est(1.2e-3, 1e-4)),
            ("active-passive".to_string(), est(3.4e-6, 8e-7)),
            ("active-active (2 zones)".to_string(), est(2.1e-8, 3e-8)),
            ("N+2 cluster".to_string(), est(5.5e-9, 1e-9)),
        ]
    }

    #[test]
    fn downtime_by_design_has_title_labels_values_and_png() {
        let chart = downtime_by_design(&designs()).expect("drawn");
        check(
            &chart,
            "downtime-by-design",
            "Downtime by design (95% CI)",
            &["design", "downtime (min/year, log scale)", "unavailability (log scale)", "active-passive", "1e-8", "3.400e-6 min/yr"],
        );
        // Two designs leave room for the interval beside each value.
        let two = downtime_by_design(&[("two zones".to_string(), est(36.26, 0.77)), ("three zones".to_string(), est(19.22, 0.5))])
            .expect("drawn");
        assert!(two.svg.contains("36.26 min/yr [35.49, 37.03]"), "{}", two.svg);
    }

    #[test]
    fn downtime_pareto_has_title_labels_and_png() {
        let components: Vec<(String, f64)> = (0..25).map(|i| (format!("component-{i}"), 100.0 / f64::from(i + 1))).collect();
        let total: f64 = components.iter().map(|c| c.1).sum();
        let chart = downtime_pareto("web-service", &components, total).expect("drawn");
        check(
            &chart,
            "downtime-pareto",
            "web-service — where the downtime comes from",
            &["component", "downtime contribution (min/year)", "share of system downtime while critical (%)", "others (11)"],
        );
        // The share the text reports print as "critical": contribution over system downtime.
        let chart = downtime_pareto("web-service", &[("dns".to_string(), 5.954), ("db".to_string(), 0.4587)], 6.814).expect("drawn");
        assert!(chart.svg.contains("87.4 %"), "the share of dns is not 87.4 %");
    }

    #[test]
    fn outage_durations_has_title_labels_and_png() {
        let bins: Vec<(f64, f64, u64)> = (0..30)
            .map(|i| {
                let lo = 0.01 * 1.4f64.powi(i);
                (lo, lo * 1.4, (200.0 * (-(f64::from(i) - 12.0).powi(2) / 30.0).exp()) as u64)
            })
            .collect();
        let chart = outage_durations("web-service", &bins, HOURS).expect("drawn");
        check(
            &chart,
            "outage-durations",
            "web-service — outage durations",
            &["outage duration (log scale)", "outages", ">\n1 min\n<", ">\n1 h\n<", ">\n10 h\n<"],
        );
        assert!(!chart.svg.contains("1e-2"), "ticks in powers of ten of hours");
    }

    #[test]
    fn availability_over_time_has_title_labels_and_png() {
        let points: Vec<(f64, Estimate)> =
            (0..200).map(|i| (f64::from(i) * 50.0, est(1.0 - 4e-4 * (1.0 - (-f64::from(i) / 20.0).exp()), 6e-5))).collect();
        let exact = Reference { value: 0.99962, label: "exact steady-state A 0.99962" };
        let chart = availability_over_time("web-service", &points, HOURS, Some(exact)).expect("drawn");
        check(
            &chart,
            "availability-over-time",
            "web-service — point availability A(t) (95% CI)",
            &["time (days)", "availability A(t)", "exact steady-state A 0.99962"],
        );
    }

    #[test]
    fn reliability_has_title_labels_and_png() {
        let points: Vec<(f64, f64, f64, f64)> = (0..60)
            .map(|i| {
                let t = f64::from(i) * 100.0;
                let r = (-t / 2000.0).exp();
                (t, r, (r - 0.03).max(0.0), (r + 0.03).min(1.0))
            })
            .collect();
        let chart = reliability("web-service", &points, HOURS).expect("drawn");
        check(&chart, "reliability", "web-service — reliability R(t), no system failure by t", &["time (days)", "R(t)"]);
    }

    #[test]
    fn convergence_has_title_labels_and_png() {
        let points: Vec<(u64, Estimate)> =
            (1..=100).map(|i| (i * 100, est(2e-4 * (1.0 + 0.5 / (i as f64).sqrt()), 3e-4 / (i as f64).sqrt()))).collect();
        let chart = convergence("web-service", &points, Some(Reference { value: 2e-4, label: "exact U 2.000e-4" })).expect("drawn");
        check(
            &chart,
            "convergence",
            "web-service — convergence of the unavailability estimate",
            &["replications", "unavailability", "exact U 2.000e-4", "10,000"],
        );
    }

    #[test]
    fn sweep_has_title_labels_legend_and_png() {
        let series: Vec<(String, Vec<(f64, Estimate)>)> = ["1 replica", "2 replicas", "3 replicas"]
            .iter()
            .enumerate()
            .map(|(k, label)| {
                let points = (1..=10).map(|x| (f64::from(x) * 4.0, est((f64::from(x) * 4e-3).powi(k as i32 + 1), 1e-7))).collect();
                (label.to_string(), points)
            })
            .collect();
        let chart = sweep("MTTR (hours)", &series).expect("drawn");
        check(&chart, "sweep", "Unavailability against MTTR (hours)", &["MTTR (hours)", "unavailability (log scale)", "2 replicas"]);
    }

    fn periods<'a>(bins: &'a [(f64, f64, u64)], share: f64) -> PeriodHistogram<'a> {
        PeriodHistogram {
            bins,
            no_downtime_share: share,
            allowed: 21.9,
            allowed_label: "target 99.95 % (21.9 min)",
            axis: "downtime per month (log scale)",
            hours_per_unit: 1.0 / 60.0,
        }
    }

    #[test]
    fn period_downtime_has_title_target_zero_share_and_png() {
        let bins: Vec<(f64, f64, u64)> = (0..30).map(|i| (0.1 * 1.4f64.powi(i), 0.1 * 1.4f64.powi(i + 1), (i * 7 % 40) as u64)).collect();
        let chart =
            period_downtime("objective-1-downtime", "web-service — monthly: downtime per month", &periods(&bins, 0.6)).expect("drawn");
        check(
            &chart,
            "objective-1-downtime",
            "web-service — monthly: downtime per month",
            &["target 99.95 % (21.9 min)", "downtime per month (log scale)", "periods", "60.00% of periods had no downtime", ">\n1 h\n<"],
        );
        // Every period without downtime: the target and the note, no "no data".
        let none = period_downtime("p", "t", &periods(&[], 1.0)).expect("drawn");
        assert!(none.svg.contains("100.0% of periods had no downtime") && !none.svg.contains("no data"));
    }

    #[test]
    fn cost_against_downtime_has_title_names_currency_and_png() {
        let designs = vec![
            ("single server".to_string(), est(1073.0, 30.0), est(36_990.0, 1000.0)),
            ("active-active pair".to_string(), est(1.9, 0.8), est(2_506.0, 30.0)),
        ];
        let chart = cost_against_downtime(&designs, Some("EUR")).expect("drawn");
        check(
            &chart,
            "cost-vs-downtime",
            "The price of each nine: cost against downtime (95% CI)",
            &["downtime (min/year), log scale", "cost per year (EUR)", "single server", "active-active pair"],
        );
        let plain = cost_against_downtime(&designs[..1], None).expect("drawn");
        assert!(plain.svg.contains("cost per year") && !plain.svg.contains("log scale"));
    }

    #[test]
    fn breach_by_design_has_title_groups_legend_and_png() {
        let objectives = vec!["monthly (per month)".to_string(), "weekly (per week)".to_string()];
        let designs = vec![
            ("single server".to_string(), vec![Some(est(0.29, 0.006)), Some(est(0.1, 0.01))]),
            ("pair".to_string(), vec![Some(est(1.3e-3, 4e-4)), None]),
        ];
        let chart = breach_by_design(&objectives, &designs).expect("drawn");
        check(
            &chart,
            "breach-by-design",
            "P(breach) per period by design (95% CI)",
            &["objective", "P(breach) of a period", "monthly (per month)", "weekly (per week)", "single server", "pair", "29.00%"],
        );
    }

    #[test]
    fn empty_inputs_give_charts_that_say_no_data() {
        let charts = [
            downtime_by_design(&[]),
            downtime_pareto("m", &[], 0.0),
            outage_durations("m", &[], HOURS),
            availability_over_time("m", &[], HOURS, None),
            reliability("m", &[], HOURS),
            convergence("m", &[], None),
            sweep("MTTR", &[]),
            sweep("MTTR", &[("empty".to_string(), vec![])]),
            period_downtime("p", "t", &periods(&[], 0.0)),
            cost_against_downtime(&[], None),
            breach_by_design(&[], &[]),
        ];
        for chart in charts {
            let chart = chart.expect("drawn");
            check(&chart, &chart.name.clone(), &chart.title.clone(), &["no data"]);
        }
    }

    #[test]
    fn zeros_on_a_log_axis_are_left_out_with_a_note() {
        let mut with_zero = designs();
        with_zero.push(("perfect".to_string(), est(0.0, 0.0)));
        let chart = downtime_by_design(&with_zero).expect("drawn");
        check(&chart, "downtime-by-design", &chart.title.clone(), &["no downtime (not shown)", "perfect"]);

        let all_zero = downtime_by_design(&[("a".to_string(), est(0.0, 0.0))]).expect("drawn");
        assert!(all_zero.svg.contains("no downtime (not shown)"));

        let series = vec![("a".to_string(), vec![(1.0, est(1e-5, 1e-6)), (2.0, est(0.0, 0.0)), (3.0, est(2e-5, 1e-6))])];
        let chart = sweep("spares", &series).expect("drawn");
        assert!(chart.svg.contains("U = 0 (not shown)"));

        let bins = [(0.0, 1.0, 3), (-1.0, 2.0, 1), (1.0, 10.0, 4)];
        let chart = outage_durations("m", &bins, HOURS).expect("drawn");
        assert!(chart.svg.contains("2 bins with an invalid range not shown"));
    }

    #[test]
    fn unknown_interval_ends_keep_the_point() {
        let nan_ci = Estimate { mean: 1e-4, std_error: NAN, ci95: [NAN, NAN], dof: NAN };
        let inf_ci = Estimate { mean: 0.9999, std_error: f64::INFINITY, ci95: [f64::NEG_INFINITY, f64::INFINITY], dof: 0.0 };
        downtime_by_design(&[("a".to_string(), nan_ci), ("b".to_string(), est(2e-4, 5e-4))]).expect("drawn");
        availability_over_time("m", &[(0.0, inf_ci), (1.0, est(0.9998, 1e-4)), (2.0, inf_ci), (3.0, inf_ci)], HOURS, None).expect("drawn");
        convergence("m", &[(10, nan_ci), (20, est(1e-4, 2e-4)), (30, nan_ci)], None).expect("drawn");
        reliability("m", &[(0.0, 1.0, NAN, NAN), (5.0, 0.9, 0.8, f64::INFINITY), (9.0, 0.5, 0.4, 0.6)], HOURS).expect("drawn");
        sweep("x", &[("a".to_string(), vec![(1.0, nan_ci), (2.0, est(1e-4, 1e-3))])]).expect("drawn");
    }

    #[test]
    fn single_points_and_constant_values_are_drawn() {
        downtime_by_design(&[("only".to_string(), est(1e-9, 0.0))]).expect("drawn");
        downtime_pareto("m", &[("only".to_string(), 12.5)], 12.5).expect("drawn");
        outage_durations("m", &[(2.0, 2.0001, 7)], TimeAxis { unit: "min", hours_per_unit: 1.0 / 60.0 }).expect("drawn");
        availability_over_time("m", &[(100.0, est(1.0, 0.0))], HOURS, None).expect("drawn");
        availability_over_time("m", &[(0.0, est(0.999, 0.0)), (1.0, est(0.999, 0.0))], HOURS, None).expect("drawn");
        reliability("m", &[(0.0, 1.0, 1.0, 1.0)], HOURS).expect("drawn");
        convergence("m", &[(1, est(0.0, 0.0))], None).expect("drawn");
        convergence("m", &[(5, est(3e-5, 0.0)), (5, est(3e-5, 0.0))], None).expect("drawn");
        sweep("x", &[("a".to_string(), vec![(3.0, est(1e-7, 0.0))])]).expect("drawn");
    }

    #[test]
    fn hostile_values_never_panic() {
        let weird = [NAN, f64::INFINITY, f64::NEG_INFINITY, 0.0, -0.0, -1.0, f64::MIN_POSITIVE, 5e-324, 1e-300, 1e300, f64::MAX, 1.0];
        let estimates: Vec<Estimate> = weird
            .iter()
            .flat_map(|&m| weird.iter().map(move |&w| Estimate { mean: m, std_error: w, ci95: [m - w, m + w], dof: w }))
            .collect();
        let named: Vec<(String, Estimate)> = estimates.iter().take(40).enumerate().map(|(i, e)| (format!("d{i}"), *e)).collect();
        downtime_by_design(&named).expect("drawn");
        for &total in &weird {
            downtime_pareto("m", &weird.iter().map(|&v| ("c".to_string(), v)).collect::<Vec<_>>(), total).expect("drawn");
        }
        let bins: Vec<(f64, f64, u64)> = weird.iter().flat_map(|&a| weird.iter().map(move |&b| (a, b, u64::MAX))).collect();
        outage_durations("m", &bins, HOURS).expect("drawn");
        let timed: Vec<(f64, Estimate)> = weird.iter().zip(estimates.iter().step_by(7)).map(|(&t, e)| (t, *e)).collect();
        availability_over_time("m", &timed, HOURS, None).expect("drawn");
        let quads: Vec<(f64, f64, f64, f64)> = weird.iter().zip(weird.iter().rev()).map(|(&a, &b)| (a, b, a, b)).collect();
        reliability("m", &quads, HOURS).expect("drawn");
        convergence("m", &estimates.iter().enumerate().map(|(i, e)| (i as u64 * 1_000_000_007, *e)).collect::<Vec<_>>(), None)
            .expect("drawn");
        sweep("x", &[("a".to_string(), timed.clone()), (String::new(), timed)]).expect("drawn");
        for &share in &weird {
            period_downtime("p", "t", &PeriodHistogram { allowed: share, ..periods(&bins, share) }).expect("drawn");
        }
        let pairs: Vec<(String, Estimate, Estimate)> =
            estimates.iter().zip(estimates.iter().rev()).map(|(a, b)| ("d".to_string(), *a, *b)).collect();
        cost_against_downtime(&pairs, Some("")).expect("drawn");
        for chunk in pairs.chunks(3) {
            cost_against_downtime(chunk, None).expect("drawn");
        }
        let per_design: Vec<(String, Vec<Option<Estimate>>)> =
            estimates.chunks(3).map(|c| ("d".to_string(), c.iter().map(|e| Some(*e)).chain([None]).collect())).collect();
        breach_by_design(&["a".to_string(), "b".to_string(), "c".to_string(), "d".to_string()], &per_design).expect("drawn");
    }

    /// Any f64 a simulation might produce, the awkward ones often.
    fn number() -> impl Strategy<Value = f64> {
        prop_oneof![
            prop::num::f64::ANY,
            (-12.0..0.0f64).prop_map(|e| 10f64.powf(e)),
            0.0..1.0f64,
            Just(0.0),
            Just(NAN),
            Just(f64::INFINITY),
        ]
    }

    fn estimate() -> impl Strategy<Value = Estimate> {
        (number(), number(), number()).prop_map(|(mean, lo, hi)| Estimate { mean, std_error: hi - lo, ci95: [lo, hi], dof: 9.0 })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn any_input_gives_a_chart(
            estimates in prop::collection::vec(estimate(), 0..12),
            xs in prop::collection::vec(number(), 12),
            counts in prop::collection::vec(any::<u64>(), 12),
        ) {
            let named: Vec<(String, Estimate)> = estimates.iter().enumerate().map(|(i, e)| (format!("d{i}"), *e)).collect();
            let timed: Vec<(f64, Estimate)> = xs.iter().zip(&estimates).map(|(x, e)| (*x, *e)).collect();
            prop_assert!(downtime_by_design(&named).is_ok());
            prop_assert!(downtime_pareto("m", &xs.iter().map(|x| ("c".to_string(), *x)).collect::<Vec<_>>(), xs[0]).is_ok());
            let bins: Vec<(f64, f64, u64)> = xs.windows(2).zip(&counts).map(|(w, n)| (w[0], w[1], *n)).collect();
            let (odd, exact_a, exact_u) = (TimeAxis { unit: "h", hours_per_unit: xs[4] }, Reference { value: xs[1], label: "exact" }, Reference { value: xs[3], label: "exact" });
            prop_assert!(outage_durations("m", &bins, odd).is_ok());
            prop_assert!(availability_over_time("m", &timed, HOURS, Some(exact_a)).is_ok());
            let quads: Vec<(f64, f64, f64, f64)> = timed.iter().map(|(t, e)| (*t, e.mean, e.ci95[0], e.ci95[1])).collect();
            let other = TimeAxis { hours_per_unit: xs[2], ..odd };
            prop_assert!(reliability("m", &quads, other).is_ok());
            let running: Vec<(u64, Estimate)> = counts.iter().zip(&estimates).map(|(n, e)| (*n, *e)).collect();
            prop_assert!(convergence("m", &running, Some(exact_u)).is_ok());
            prop_assert!(sweep("x", &[("a".to_string(), timed.clone()), ("b".to_string(), timed)]).is_ok());
        }
    }

    #[test]
    fn titles_name_the_model_and_fit_the_chart() {
        let long = "A very long model name that goes on and on, far past what a chart title can hold in one line";
        let chart = downtime_pareto(long, &[("a".to_string(), 1.0)], 1.0).expect("drawn");
        assert!(chart.title.starts_with("A very long model name") && chart.title.ends_with("where the downtime comes from"));
        // The title as drawn is shortened with an ellipsis rather than run off the chart.
        assert!(chart.svg.contains("…"), "the drawn title is not shortened");
        assert_eq!(titled("", "outage durations"), "outage durations");
    }

    #[test]
    fn special_characters_in_names_are_escaped() {
        let chart = downtime_by_design(&[("a & b <primary>".to_string(), est(1e-4, 1e-5))]).expect("drawn");
        assert!(chart.svg.contains("a &amp; b &lt;primary&gt;"));
        assert!(!chart.svg.contains("<primary>"));
    }
}
