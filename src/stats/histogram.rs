//! A sparse log-bucketed histogram for durations: constant memory per distinct bucket, exact
//! integer counts (so merging in any order gives the same result), and quantiles within half a
//! bucket (±0.5%) of the exact sample quantile. Minimum and maximum are kept exactly.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Relative bucket width: bucket i holds [γ^i, γ^(i+1)).
const GAMMA: f64 = 1.01;

/// Mergeable histogram of non-negative durations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LogHistogram {
    buckets: BTreeMap<i32, u64>,
    zeros: u64,
    count: u64,
    min: f64,
    max: f64,
}

impl LogHistogram {
    /// Records one duration (negative or non-finite values are ignored).
    pub fn record(&mut self, x: f64) {
        self.record_n(x, 1);
    }

    /// Records `n` observations of the duration `x` at once (negative or non-finite values are
    /// ignored).
    pub fn record_n(&mut self, x: f64, n: u64) {
        if !(x >= 0.0 && x.is_finite()) || n == 0 {
            return;
        }
        if self.count == 0 {
            self.min = x;
            self.max = x;
        } else {
            self.min = self.min.min(x);
            self.max = self.max.max(x);
        }
        self.count += n;
        if x == 0.0 {
            self.zeros += n;
        } else {
            *self.buckets.entry(bucket(x)).or_insert(0) += n;
        }
    }

    /// Adds every observation of `other`.
    pub fn merge(&mut self, other: &Self) {
        if other.count == 0 {
            return;
        }
        if self.count == 0 {
            self.min = other.min;
            self.max = other.max;
        } else {
            self.min = self.min.min(other.min);
            self.max = self.max.max(other.max);
        }
        self.count += other.count;
        self.zeros += other.zeros;
        for (&b, &n) in &other.buckets {
            *self.buckets.entry(b).or_insert(0) += n;
        }
    }

    /// The observations regrouped into at most `n` bins of equal width on a log scale between
    /// the smallest and the largest (zeros go into the first bin): (low, high, count), for a
    /// histogram chart.
    pub fn bins(&self, n: usize) -> Vec<(f64, f64, u64)> {
        self.binned(n, true)
    }

    /// Like [`LogHistogram::bins`], with the zeros left out (a chart that shows them apart);
    /// empty when every observation is zero.
    pub fn positive_bins(&self, n: usize) -> Vec<(f64, f64, u64)> {
        if self.buckets.is_empty() { Vec::new() } else { self.binned(n, false) }
    }

    fn binned(&self, n: usize, with_zeros: bool) -> Vec<(f64, f64, u64)> {
        if self.count == 0 || n == 0 {
            return Vec::new();
        }
        let lo = if self.min > 0.0 { self.min } else { self.buckets.keys().next().map_or(self.max, |&b| GAMMA.powi(b)) };
        let hi = self.max.max(lo * GAMMA);
        let step = (hi / lo).ln() / n as f64;
        let mut bins: Vec<(f64, f64, u64)> =
            (0..n).map(|i| (lo * (step * i as f64).exp(), lo * (step * (i + 1) as f64).exp(), 0)).collect();
        if with_zeros {
            bins[0].2 += self.zeros;
        }
        for (&b, &count) in &self.buckets {
            // The bucket's geometric centre decides its bin.
            let centre = GAMMA.powf(f64::from(b) + 0.5).clamp(lo, hi);
            let i = (((centre / lo).ln() / step) as usize).min(n - 1);
            bins[i].2 += count;
        }
        bins
    }

    /// Number of observations.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Number of observations that were exactly zero.
    pub fn zeros(&self) -> u64 {
        self.zeros
    }

    /// Largest observation (`None` when empty).
    pub fn max(&self) -> Option<f64> {
        (self.count > 0).then_some(self.max)
    }

    /// Smallest observation (`None` when empty).
    pub fn min(&self) -> Option<f64> {
        (self.count > 0).then_some(self.min)
    }

    /// The q-quantile (0 ≤ q ≤ 1): the geometric centre of the bucket holding the
    /// ⌈q·n⌉-th smallest observation, clamped to [min, max].
    pub fn quantile(&self, q: f64) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let rank = ((q.clamp(0.0, 1.0) * self.count as f64).ceil() as u64).max(1);
        if rank <= self.zeros {
            return Some(0.0);
        }
        let mut seen = self.zeros;
        for (&b, &n) in &self.buckets {
            seen += n;
            if seen >= rank {
                let centre = GAMMA.powf(f64::from(b) + 0.5);
                return Some(centre.clamp(self.min, self.max));
            }
        }
        Some(self.max)
    }
}

impl LogHistogram {
    /// The empirical distribution function at the bucket edges: (t, observations ≤ t) for
    /// each non-empty bucket's upper edge (and 0 for zeros), for survival curves. Exact at
    /// the edges, since every observation in a bucket lies below its upper edge.
    pub fn cumulative(&self) -> Vec<(f64, u64)> {
        let mut out = Vec::with_capacity(self.buckets.len() + 1);
        let mut seen = self.zeros;
        if self.zeros > 0 {
            out.push((0.0, self.zeros));
        }
        for (&b, &n) in &self.buckets {
            seen += n;
            out.push((GAMMA.powi(b + 1).min(self.max), seen));
        }
        out
    }
}

fn bucket(x: f64) -> i32 {
    (x.ln() / GAMMA.ln()).floor() as i32
}

#[cfg(test)]
mod tests {

    #[test]
    fn positive_bins_leave_the_zeros_out() {
        let mut h = LogHistogram::default();
        h.record_n(0.0, 7);
        for x in [1.0, 2.0, 5.0] {
            h.record(x);
        }
        let with: u64 = h.bins(4).iter().map(|b| b.2).sum();
        let without: u64 = h.positive_bins(4).iter().map(|b| b.2).sum();
        assert_eq!((with, without), (10, 3));
        assert_eq!(
            h.bins(4).iter().map(|b| (b.0, b.1)).collect::<Vec<_>>(),
            h.positive_bins(4).iter().map(|b| (b.0, b.1)).collect::<Vec<_>>()
        );
        let mut zeros = LogHistogram::default();
        zeros.record_n(0.0, 3);
        assert!(zeros.positive_bins(4).is_empty());
        assert_eq!(zeros.bins(4)[0].2, 3, "bins keep them");
    }

    use super::*;

    #[test]
    fn quantiles_are_within_half_a_bucket() {
        let mut h = LogHistogram::default();
        for i in 1..=1000 {
            h.record(i as f64);
        }
        for (q, exact) in [(0.5, 500.0), (0.9, 900.0), (0.99, 990.0)] {
            let got = h.quantile(q).unwrap();
            assert!((got / exact - 1.0).abs() < 0.006, "q{q}: {got} vs {exact}");
        }
        assert_eq!(h.max(), Some(1000.0));
    }

    #[test]
    fn constant_durations_give_exact_quantiles() {
        let mut h = LogHistogram::default();
        (0..10).for_each(|_| h.record(0.02));
        assert_eq!(h.quantile(0.5), Some(0.02));
        assert_eq!(h.quantile(0.99), Some(0.02));
    }

    #[test]
    fn merge_is_order_independent() {
        let (mut a, mut b) = (LogHistogram::default(), LogHistogram::default());
        [1.0, 5.0, 0.0].iter().for_each(|&x| a.record(x));
        [3.0, 7.0].iter().for_each(|&x| b.record(x));
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        assert_eq!(ab.count(), 5);
    }
}
