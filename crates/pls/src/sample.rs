//! The item data and their moments: means, n − 1 standard deviations and
//! the correlation matrix every PLS computation starts from, for the whole
//! sample or a bootstrap resample (rows weighted by how often they are
//! drawn).

use nalgebra::DMatrix;

/// Item data, complete cases, row-major.
#[derive(Debug, Clone)]
pub struct Sample {
    n: usize,
    p: usize,
    /// Row i's values at `i * p .. (i + 1) * p`.
    values: Vec<f64>,
}

/// Means, standard deviations (n − 1) and correlations of the items.
#[derive(Debug, Clone)]
pub struct Moments {
    /// Rows (the resample's size for a resample).
    pub n: usize,
    /// Item means.
    pub means: Vec<f64>,
    /// Item standard deviations (n − 1 denominator).
    pub sds: Vec<f64>,
    /// Item correlations (p × p).
    pub corr: DMatrix<f64>,
}

impl Sample {
    /// Data from columns of equal length (one per item).
    ///
    /// # Panics
    /// When the columns differ in length (caller's contract).
    pub fn from_columns(columns: &[Vec<f64>]) -> Self {
        let p = columns.len();
        let n = columns.first().map_or(0, Vec::len);
        assert!(
            columns.iter().all(|c| c.len() == n),
            "columns differ in length"
        );
        let mut values = vec![0.0; n * p];
        for (j, c) in columns.iter().enumerate() {
            for (i, &x) in c.iter().enumerate() {
                values[i * p + j] = x;
            }
        }
        Self { n, p, values }
    }

    /// Rows.
    pub fn n(&self) -> usize {
        self.n
    }

    /// Items.
    pub fn p(&self) -> usize {
        self.p
    }

    /// Row i.
    pub fn row(&self, i: usize) -> &[f64] {
        &self.values[i * self.p..(i + 1) * self.p]
    }

    /// The rows `rows` (in that order) as a sample of their own.
    pub fn subset(&self, rows: &[usize]) -> Self {
        let mut values = Vec::with_capacity(rows.len() * self.p);
        for &i in rows {
            values.extend_from_slice(self.row(i));
        }
        Self {
            n: rows.len(),
            p: self.p,
            values,
        }
    }

    /// The moments of the sample, or with `counts` of the resample that
    /// draws row i `counts[i]` times: means first, then the centred cross
    /// products (two passes, for accuracy).
    pub fn moments(&self, counts: Option<&[u32]>) -> Moments {
        let (n, p) = (self.n, self.p);
        let count = |i: usize| counts.map_or(1.0, |c| f64::from(c[i]));
        let total: f64 = (0..n).map(count).sum();
        let mut means = vec![0.0; p];
        for i in 0..n {
            let c = count(i);
            if c == 0.0 {
                continue;
            }
            for (m, &x) in means.iter_mut().zip(self.row(i)) {
                *m += c * x;
            }
        }
        for m in &mut means {
            *m /= total;
        }
        // Upper triangle of Σ c (x − m)(x − m)', four rows a pass (each
        // accumulator loaded and stored once for four rows: the pass is
        // bound by those loads, not by the multiplications).
        let mut cross = vec![0.0; p * p];
        let mut d = vec![0.0; 4 * p];
        let mut w = [0.0; 4];
        let mut filled = 0;
        let flush = |cross: &mut [f64], d: &[f64], w: &[f64; 4]| {
            let (d0, rest) = d.split_at(p);
            let (d1, rest) = rest.split_at(p);
            let (d2, d3) = rest.split_at(p);
            for a in 0..p {
                let (c0, c1, c2, c3) = (w[0] * d0[a], w[1] * d1[a], w[2] * d2[a], w[3] * d3[a]);
                let row = &mut cross[a * p..(a + 1) * p];
                for b in a..p {
                    row[b] += c0 * d0[b] + c1 * d1[b] + c2 * d2[b] + c3 * d3[b];
                }
            }
        };
        for i in 0..n {
            let c = count(i);
            if c == 0.0 {
                continue;
            }
            let slot = &mut d[filled * p..(filled + 1) * p];
            for ((dv, &x), &m) in slot.iter_mut().zip(self.row(i)).zip(&means) {
                *dv = x - m;
            }
            w[filled] = c;
            filled += 1;
            if filled == 4 {
                flush(&mut cross, &d, &w);
                filled = 0;
            }
        }
        if filled > 0 {
            // The last rows, the unused slots weighted 0.
            for k in filled..4 {
                w[k] = 0.0;
                d[k * p..(k + 1) * p].fill(0.0);
            }
            flush(&mut cross, &d, &w);
        }
        let sds: Vec<f64> = (0..p)
            .map(|a| (cross[a * p + a] / (total - 1.0)).sqrt())
            .collect();
        let mut corr = DMatrix::zeros(p, p);
        for a in 0..p {
            corr[(a, a)] = 1.0;
            for b in a + 1..p {
                let r = cross[a * p + b] / (cross[a * p + a] * cross[b * p + b]).sqrt();
                corr[(a, b)] = r;
                corr[(b, a)] = r;
            }
        }
        Moments {
            n: total as usize,
            means,
            sds,
            corr,
        }
    }
}
