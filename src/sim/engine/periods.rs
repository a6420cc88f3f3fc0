//! Service-level objectives judged period by period: one replication's life after the warm-up
//! is cut into consecutive periods of each objective (the partial last period is left out), and
//! each complete period's downtime, outages and credit are recorded.
//!
//! The log is fed the system's outages as they end (`Engine::system_changed`, and the one still
//! running at the horizon), never per event, so an objective costs nothing between outages.
//! Runs of identical periods (no downtime between two outages, or wholly inside a long outage)
//! are closed in bulk, so the work per life is proportional to its outages, not its periods.
//! The one allocation is the histograms' (a map node for a new bucket of downtime), at an
//! outage's end, never between events.

use crate::model::Objective;
use crate::model::system::credit_owed as credit;
use crate::stats::LogHistogram;

/// Outage counts per period are kept exactly up to this; more fall into the last class.
pub const MAX_OUTAGES_PER_PERIOD: usize = 20;
/// The most classes of the distribution of the moment a breaching period exhausts its budget.
pub const MAX_EXHAUSTION_BINS: usize = 400;

/// One objective's record of one replication, with the settings it judges by.
#[derive(Debug, Clone, Default)]
pub struct PeriodLog {
    // Settings.
    /// The window [start, horizon) it was made for: the warm-up to the horizon.
    start: f64,
    horizon: f64,
    period: f64,
    allowed: f64,
    counts_planned: bool,
    credits: Vec<(f64, f64)>,
    long: Vec<f64>,
    /// Periods per span of "the worst period in N years" (0: the life is shorter than one span).
    span: u64,
    /// Width of the classes of `exhausted_on`.
    bin: f64,
    /// Complete periods in the window.
    pub periods: u64,
    // The period being filled.
    current: u64,
    down: f64,
    outages: u64,
    longest: f64,
    exhausted_at: Option<f64>,
    span_filled: u64,
    span_max: f64,
    // What the closed periods showed.
    /// Periods closed so far (all of them, `periods`, after the replication).
    pub closed: u64,
    /// Periods whose downtime exceeded the allowance.
    pub breaches: u64,
    /// Credits owed over the closed periods.
    pub credits_owed: f64,
    /// Σ downtime over the closed periods.
    pub downtime: f64,
    /// Σ outages that began in the closed periods.
    pub outage_count: u64,
    /// Downtime of each closed period.
    pub period_downtime: LogHistogram,
    /// Closed periods by their number of outages (the last class: that many or more).
    pub outages_per_period: Vec<u64>,
    /// Per long-outage length X: closed periods in which an outage longer than X began.
    pub long_outage_periods: Vec<u64>,
    /// Breaching periods by the class (of width `bin`) of the moment their budget ran out.
    pub exhausted_on: Vec<u64>,
    /// The worst period downtime of each complete span of N years.
    pub worst: LogHistogram,
}

/// The width of the classes of the moment a budget runs out, and what they are: days where a
/// period holds two or more (and at most [`MAX_EXHAUSTION_BINS`]), else hours likewise, else
/// equal shares of the period.
pub fn exhaustion_bin(period: f64, hours_per_unit: f64) -> (f64, ExhaustionClass) {
    let (day, hour) = (24.0 / hours_per_unit, 1.0 / hours_per_unit);
    let fewest = period / MAX_EXHAUSTION_BINS as f64;
    if period >= 2.0 * day && day >= fewest {
        (day, ExhaustionClass::Day)
    } else if period >= 2.0 * hour && hour >= fewest {
        (hour, ExhaustionClass::Hour)
    } else {
        // A period too long for days in MAX_EXHAUSTION_BINS classes, or shorter than two hours.
        (if period >= 2.0 * hour { fewest } else { period / 20.0 }, ExhaustionClass::Share)
    }
}

/// What the classes of [`exhaustion_bin`] are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExhaustionClass {
    /// Days of the period.
    Day,
    /// Hours of the period.
    Hour,
    /// Equal shares of the period: a twentieth of one shorter than two hours, a
    /// [`MAX_EXHAUSTION_BINS`]th of one too long to count in days.
    Share,
}

impl PeriodLog {
    /// A log for `objective` over the window [warmup, horizon), emptied for a new replication.
    pub fn new(objective: &Objective, warmup: f64, horizon: f64, hours_per_unit: f64) -> Self {
        let period = objective.period;
        let periods = ((horizon - warmup) / period).floor().max(0.0) as u64;
        let year = crate::units::HOURS_PER_YEAR / hours_per_unit;
        let span = ((objective.worst_in_years * year / period).round() as u64).max(1);
        let (bin, _) = exhaustion_bin(period, hours_per_unit);
        let bins = ((period / bin).ceil() as usize).clamp(1, MAX_EXHAUSTION_BINS);
        Self {
            start: warmup,
            horizon,
            period,
            allowed: objective.max_downtime,
            counts_planned: objective.counts_planned,
            credits: objective.credits.clone(),
            long: objective.long_outages.clone(),
            span: if span <= periods { span } else { 0 },
            bin,
            periods,
            outages_per_period: vec![0; MAX_OUTAGES_PER_PERIOD + 1],
            long_outage_periods: vec![0; objective.long_outages.len()],
            exhausted_on: vec![0; bins],
            ..Self::default()
        }
    }

    /// Whether it was made for the window [warmup, horizon).
    pub fn is_for(&self, warmup: f64, horizon: f64) -> bool {
        (self.start, self.horizon) == (warmup, horizon)
    }

    /// Empties the record (keeping the settings) for the next replication.
    pub fn clear(&mut self) {
        self.current = 0;
        self.down = 0.0;
        self.outages = 0;
        self.longest = 0.0;
        self.exhausted_at = None;
        self.span_filled = 0;
        self.span_max = 0.0;
        self.closed = 0;
        self.breaches = 0;
        self.credits_owed = 0.0;
        self.downtime = 0.0;
        self.outage_count = 0;
        self.period_downtime = LogHistogram::default();
        self.outages_per_period.fill(0);
        self.long_outage_periods.fill(0);
        self.exhausted_on.fill(0);
        self.worst = LogHistogram::default();
    }

    /// The period's length.
    pub fn period(&self) -> f64 {
        self.period
    }

    /// Σ over the closed periods of the share of the allowance each used.
    pub fn budget_used(&self) -> f64 {
        self.downtime / self.allowed
    }

    /// The width of the classes of [`PeriodLog::exhausted_on`].
    pub fn bin(&self) -> f64 {
        self.bin
    }

    /// The system was down over [a, b) (`planned`: an outage that maintenance began).
    pub fn outage(&mut self, a: f64, b: f64, planned: bool) {
        if planned && !self.counts_planned {
            return;
        }
        let end = self.start + self.periods as f64 * self.period;
        let (a0, b0) = (a.max(self.start), b.min(end));
        if a0 >= end {
            return;
        }
        let first = self.index(a0);
        self.close_until(first);
        if a >= self.start {
            self.outages += 1;
            self.longest = self.longest.max(b - a);
        }
        if b0 <= a0 {
            return;
        }
        // The outage's share of its first period, then any periods it covers whole, then its
        // share of the period it ends in.
        let first_end = self.period_start(first + 1).min(b0);
        self.add_down(a0, (first_end - a0).max(0.0));
        if b0 <= self.period_start(first + 1) {
            return;
        }
        let last = self.index_of_end(b0).max(first + 1);
        self.close_one();
        let whole = last - first - 1;
        self.close_whole(whole);
        self.current = last;
        let from = self.period_start(last);
        self.add_down(from, (b0 - from).max(0.0));
    }

    /// Closes what remains of the window after the replication's last outage.
    pub fn finish(&mut self) {
        self.close_until(self.periods);
    }

    fn period_start(&self, i: u64) -> f64 {
        self.start + i as f64 * self.period
    }

    /// The period holding instant `t` (within the complete periods): the last i with
    /// `period_start(i) ≤ t`. The boundaries are `period_start`'s products; the quotient that
    /// guesses i can round across one (36.66 − 6.66 over 10 is 2.9999999999999996), so the guess
    /// is corrected against them.
    fn index(&self, t: f64) -> u64 {
        let last = self.periods.saturating_sub(1);
        let mut i = (((t - self.start) / self.period).floor().max(0.0) as u64).min(last);
        while i < last && self.period_start(i + 1) <= t {
            i += 1;
        }
        while i > 0 && self.period_start(i) > t {
            i -= 1;
        }
        i
    }

    /// The period an interval ending at `b` (exclusive) ends in.
    fn index_of_end(&self, b: f64) -> u64 {
        let i = self.index(b);
        if i > 0 && self.period_start(i) >= b { i - 1 } else { i }
    }

    /// `length` of downtime from `from`, inside the current period.
    fn add_down(&mut self, from: f64, length: f64) {
        if self.exhausted_at.is_none() && self.down + length > self.allowed {
            let at = from + (self.allowed - self.down).max(0.0) - self.period_start(self.current);
            self.exhausted_at = Some(at.clamp(0.0, self.period));
        }
        self.down += length;
    }

    /// Closes the periods before `i` (the current one with what it holds, the rest clean).
    fn close_until(&mut self, i: u64) {
        if i <= self.current {
            return;
        }
        self.close_one();
        let clean = i - self.current;
        self.close_clean(clean);
        self.current = i;
    }

    /// Closes the current period (the next becomes current, empty); `current` is left for the
    /// caller to move.
    fn close_one(&mut self) {
        let down = self.down.min(self.period);
        let availability = 1.0 - down / self.period;
        self.closed += 1;
        self.downtime += down;
        if down > self.allowed {
            self.breaches += 1;
            let at = self.exhausted_at.unwrap_or(0.0);
            let last = self.exhausted_on.len() - 1;
            self.exhausted_on[((at / self.bin) as usize).min(last)] += 1;
        }
        self.credits_owed += credit(&self.credits, availability);
        self.period_downtime.record(down);
        self.outages_per_period[(self.outages as usize).min(MAX_OUTAGES_PER_PERIOD)] += 1;
        self.outage_count += self.outages;
        for (count, &x) in self.long_outage_periods.iter_mut().zip(&self.long) {
            *count += u64::from(self.longest > x);
        }
        self.span_add(down, 1);
        self.current += 1;
        self.down = 0.0;
        self.outages = 0;
        self.longest = 0.0;
        self.exhausted_at = None;
    }

    /// Closes `n` periods without downtime or outages.
    fn close_clean(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        self.closed += n;
        self.credits_owed += n as f64 * credit(&self.credits, 1.0);
        self.period_downtime.record_n(0.0, n);
        self.outages_per_period[0] += n;
        self.span_add(0.0, n);
    }

    /// Closes `n` periods down from start to end (inside one outage that began earlier).
    fn close_whole(&mut self, n: u64) {
        if n == 0 {
            return;
        }
        self.closed += n;
        self.breaches += n;
        self.downtime += n as f64 * self.period;
        let last = self.exhausted_on.len() - 1;
        self.exhausted_on[((self.allowed / self.bin) as usize).min(last)] += n;
        self.credits_owed += n as f64 * credit(&self.credits, 0.0);
        self.period_downtime.record_n(self.period, n);
        self.outages_per_period[0] += n;
        self.span_add(self.period, n);
    }

    /// `n` consecutive periods of downtime `down` each, into the spans of N years.
    fn span_add(&mut self, down: f64, mut n: u64) {
        if self.span == 0 {
            return;
        }
        while n > 0 {
            if self.span_filled == 0 && n >= self.span {
                // Whole spans of these periods alone.
                let spans = n / self.span;
                self.worst.record_n(down, spans);
                n -= spans * self.span;
                continue;
            }
            let take = n.min(self.span - self.span_filled);
            self.span_max = self.span_max.max(down);
            self.span_filled += take;
            n -= take;
            if self.span_filled == self.span {
                self.worst.record(self.span_max);
                self.span_filled = 0;
                self.span_max = 0.0;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn objective(period: f64, max_downtime: f64) -> Objective {
        Objective {
            id: "o".into(),
            period,
            period_name: format!("{period} h"),
            max_downtime,
            target: 1.0 - max_downtime / period,
            counts_planned: true,
            fee: None,
            credits: vec![(0.99, 10.0), (0.9, 25.0)],
            long_outages: vec![0.5, 3.0],
            worst_in_years: 20.0 / crate::units::HOURS_PER_YEAR,
        }
    }

    #[test]
    fn outages_are_cut_into_periods_by_hand() {
        // Periods of 10 h over [0, 45): four complete ones, [40, 45) left out. Allowed 0.5 h.
        let mut log = PeriodLog::new(&objective(10.0, 0.5), 0.0, 45.0, 1.0);
        assert_eq!(log.periods, 4);
        log.outage(2.0, 2.25, false); // period 0: 0.25 h, no breach
        log.outage(8.0, 31.0, false); // 2 h in period 0, all of period 1, 1 h of period 2... to 31
        log.outage(42.0, 44.0, false); // in the left-out partial period
        log.finish();
        assert_eq!(log.closed, 4);
        // Period downtimes: 2.25, 10, 10, 1 (the outage [8, 31) ends 1 h into period 3).
        assert_eq!(log.downtime, 2.25 + 10.0 + 10.0 + 1.0);
        assert_eq!(log.breaches, 4);
        assert_eq!(log.outage_count, 2, "the left-out period's outage is not counted");
        assert_eq!(log.outages_per_period[2], 1);
        assert_eq!(log.outages_per_period[0], 3);
        // The 23 h outage began in period 0: longer than 0.5 and 3.
        assert_eq!(log.long_outage_periods, [1, 1]);
        // Credits: availabilities 0.775, 0, 0, 0.9 → 25 each except 0.9 (< 0.99, not < 0.9) → 10.
        assert_eq!(log.credits_owed, 25.0 * 3.0 + 10.0);
        // Budget runs out at 8.25 h into period 0, at 0.5 h into periods 1 and 2, at 0.5 h in 3.
        let bin = log.bin();
        assert_eq!(bin, 1.0, "hours, in a period of 10 h");
        assert_eq!(log.exhausted_on[8], 1);
        assert_eq!(log.exhausted_on[0], 3);
        assert_eq!(log.exhausted_on.iter().sum::<u64>(), log.breaches);
        // Spans of 20 h: periods {0, 1} and {2, 3}: worst 10 each.
        assert_eq!(log.worst.count(), 2);
        assert_eq!(log.worst.max(), Some(10.0));
    }

    #[test]
    fn an_outage_on_a_boundary_belongs_to_the_period_it_opens() {
        // (36.66 − 6.66) / 10 rounds to 2.9999999999999996, but 6.66 + 3 · 10 is 36.66: the
        // outage begins period 3 and all its downtime is there.
        let mut log = PeriodLog::new(&objective(10.0, 0.5), 6.66, 56.66, 1.0);
        assert!((std::hint::black_box(36.66f64) - 6.66) / 10.0 < 3.0, "the quotient this test is about");
        assert_eq!((log.index(36.66), log.index(36.659999), log.index_of_end(36.66), log.index_of_end(36.67)), (3, 2, 2, 3));
        log.outage(36.66, 39.16, false);
        log.outage(46.66, 46.66 + 10.0, false);
        log.finish();
        assert_eq!(log.closed, 5);
        assert_eq!(log.outages_per_period, {
            let mut v = vec![0; MAX_OUTAGES_PER_PERIOD + 1];
            v[0] = 3;
            v[1] = 2;
            v
        });
        assert_eq!(log.breaches, 2, "periods 3 and 4");
        assert!((log.downtime - 12.5).abs() < 1e-9, "{}", log.downtime);
        assert_eq!(log.period_downtime.count(), 5);
    }

    #[test]
    fn clean_periods_close_in_bulk() {
        let mut log = PeriodLog::new(&objective(1.0, 0.1), 0.0, 1000.0, 1.0);
        log.outage(500.5, 500.75, false);
        log.finish();
        assert_eq!(log.closed, 1000);
        assert_eq!(log.breaches, 1);
        assert_eq!(log.period_downtime.count(), 1000);
        assert_eq!(log.worst.count(), 50, "spans of 20 periods");
        assert_eq!(log.worst.max(), Some(0.25));
        assert_eq!(log.worst.quantile(0.5), Some(0.0));
    }

    #[test]
    fn planned_outages_count_only_when_the_objective_says_so() {
        let mut o = objective(10.0, 0.5);
        o.counts_planned = false;
        let mut log = PeriodLog::new(&o, 0.0, 20.0, 1.0);
        log.outage(1.0, 3.0, true);
        log.finish();
        assert_eq!((log.breaches, log.downtime, log.outage_count), (0, 0.0, 0));
    }

    #[test]
    fn the_warm_up_is_not_judged() {
        // Window [5, 25): periods [5, 15) and [15, 25); the outage [3, 6) counts 1 h, no outage.
        let mut log = PeriodLog::new(&objective(10.0, 0.5), 5.0, 25.0, 1.0);
        log.outage(3.0, 6.0, false);
        log.finish();
        assert_eq!((log.closed, log.breaches, log.downtime, log.outage_count), (2, 1, 1.0, 0));
    }
}
