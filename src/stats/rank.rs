//! Order statistics of a sample: quantiles without interpolation, ranks with ties, and
//! Spearman's rank correlation. Deterministic: the same values give the same bits in any order
//! they were produced in, once sorted.

/// The p-quantile of a sample sorted increasingly: its ⌈p·n⌉-th smallest value (1-based,
/// at least the first), the inverse of the empirical distribution function, with no
/// interpolation (Hyndman & Fan 1996, definition 1). Its distribution is that of an order
/// statistic, so a test can give it an exact interval. `None` for an empty sample.
pub fn quantile_of_sorted(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let rank = (p.clamp(0.0, 1.0) * n as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, n) - 1])
}

/// The rank of each value (1-based), ties sharing the mean of the ranks they span; values are
/// compared with `total_cmp`.
pub fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]).then(a.cmp(&b)));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let tied = order[start..].iter().take_while(|&&i| values[i].total_cmp(&values[order[start]]).is_eq()).count();
        // Ranks start+1 ..= start+tied share their mean.
        let mean = start as f64 + (tied as f64 + 1.0) / 2.0;
        for &i in &order[start..start + tied] {
            ranks[i] = mean;
        }
        start += tied;
    }
    ranks
}

/// Spearman's rank correlation of two samples of one length: Pearson's correlation of their
/// ranks (ties at their mean rank). `None` when a sample has fewer than two distinct values
/// (the correlation is undefined) or the lengths differ.
pub fn spearman(x: &[f64], y: &[f64]) -> Option<f64> {
    if x.len() != y.len() || x.len() < 2 {
        return None;
    }
    let (rx, ry) = (ranks(x), ranks(y));
    let n = x.len() as f64;
    // Both rank vectors have mean (n + 1)/2.
    let centre = (n + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        let (a, b) = (a - centre, b - centre);
        sxy += a * b;
        sxx += a * a;
        syy += b * b;
    }
    (sxx > 0.0 && syy > 0.0).then(|| (sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quantile_is_the_order_statistic_at_the_ceiling_of_p_n() {
        let sorted: Vec<f64> = (1..=20).map(f64::from).collect();
        assert_eq!(quantile_of_sorted(&sorted, 0.05), Some(1.0));
        assert_eq!(quantile_of_sorted(&sorted, 0.5), Some(10.0));
        assert_eq!(quantile_of_sorted(&sorted, 0.95), Some(19.0));
        assert_eq!(quantile_of_sorted(&sorted, 0.951), Some(20.0));
        assert_eq!(quantile_of_sorted(&sorted, 0.0), Some(1.0));
        assert_eq!(quantile_of_sorted(&[], 0.5), None);
    }

    #[test]
    fn ties_share_their_mean_rank() {
        assert_eq!(ranks(&[3.0, 1.0, 3.0, 2.0]), [3.5, 1.0, 3.5, 2.0]);
    }

    #[test]
    fn spearman_is_one_for_any_increasing_relation_and_undefined_for_a_constant() {
        let x = [1.0, 2.0, 3.0, 4.0, 5.0];
        let y: Vec<f64> = x.iter().map(|v: &f64| v.exp()).collect();
        assert_eq!(spearman(&x, &y), Some(1.0));
        let down: Vec<f64> = x.iter().map(|v| -v).collect();
        assert_eq!(spearman(&x, &down), Some(-1.0));
        assert_eq!(spearman(&x, &[2.0; 5]), None);
        // 1 − 6Σd²/(n(n²−1)) without ties: d = (0, 0, 1, −1, 0) → 1 − 12/120.
        assert!((spearman(&x, &[1.0, 2.0, 4.0, 3.0, 5.0]).unwrap() - 0.9).abs() < 1e-12);
    }
}
