//! A continuous-time Markov chain solved in the tests themselves: the independent exact answer
//! the simulator and ninesim's own chain are checked against.

/// Stationary distribution of a CTMC given as (from, to, rate) transitions over `n` states,
/// by Gaussian elimination (with partial pivoting) of πQ = 0 with one equation replaced by Σπ = 1.
pub fn stationary(n: usize, transitions: &[(usize, usize, f64)]) -> Vec<f64> {
    // Rows: the balance equations Σ_i π_i Q_ij = 0 for j < n − 1, and Σ π = 1.
    let mut q = vec![vec![0.0; n]; n];
    for &(from, to, rate) in transitions {
        q[from][to] += rate;
        q[from][from] -= rate;
    }
    let mut a = vec![vec![0.0; n + 1]; n];
    for j in 0..n - 1 {
        for i in 0..n {
            a[j][i] = q[i][j];
        }
    }
    a[n - 1] = vec![1.0; n + 1];
    for col in 0..n {
        let pivot = (col..n).max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs())).expect("rows");
        a.swap(col, pivot);
        let pivot_row = a[col].clone();
        for (r, row) in a.iter_mut().enumerate() {
            if r != col {
                let f = row[col] / pivot_row[col];
                for (x, p) in row.iter_mut().zip(&pivot_row).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    (0..n).map(|i| a[i][n] / a[i][i]).collect()
}
