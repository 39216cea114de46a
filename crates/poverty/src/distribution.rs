//! A welfare distribution sorted once, and every point measure computed
//! from it with any set of weights (the full sample's or a replicate's).
//!
//! Conventions (`docs/methods/poverty.md`): poor means y < z (strict);
//! weighted Gini = Σ_ij w_i w_j |y_i − y_j| / (2 W² μ) (population form);
//! quantiles are the inverse of the weighted CDF (the smallest y whose
//! cumulative weight share reaches p); income shares split the unit at a
//! boundary fractionally.

/// Welfare values of the rows that count (a domain, values present), in
/// ascending order.
#[derive(Debug, Clone)]
pub struct Distribution<'a> {
    y: &'a [f64],
    /// Rows that count, by ascending y.
    order: Vec<u32>,
    /// Whether each row counts.
    used: Vec<bool>,
}

impl<'a> Distribution<'a> {
    /// The rows of `y` with `Some` value and in `domain` (all when `None`).
    /// Non-finite values are left out.
    pub fn new(y: &'a [f64], domain: Option<&[bool]>) -> Self {
        let used: Vec<bool> = (0..y.len())
            .map(|i| y[i].is_finite() && domain.is_none_or(|d| d[i]))
            .collect();
        let mut order: Vec<u32> = (0..y.len() as u32).filter(|&i| used[i as usize]).collect();
        order.sort_unstable_by(|&a, &b| y[a as usize].total_cmp(&y[b as usize]));
        Self { y, order, used }
    }

    /// The rows that count.
    pub fn used(&self) -> &[bool] {
        &self.used
    }

    /// The values.
    pub fn values(&self) -> &[f64] {
        self.y
    }

    /// Number of rows that count.
    pub fn len(&self) -> usize {
        self.order.len()
    }

    /// True when no row counts.
    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// (W, Y) = (Σ w, Σ w·y) over the rows that count.
    pub fn totals(&self, w: &[f64]) -> (f64, f64) {
        self.order.iter().fold((0.0, 0.0), |(a, b), &i| {
            let i = i as usize;
            (a + w[i], b + w[i] * self.y[i])
        })
    }

    /// Σ w·g(y) / Σ w over the rows that count.
    pub fn mean_of(&self, w: &[f64], g: impl Fn(f64) -> f64) -> f64 {
        let (mut num, mut den) = (0.0, 0.0);
        for &i in &self.order {
            let i = i as usize;
            num += w[i] * g(self.y[i]);
            den += w[i];
        }
        num / den
    }

    /// FGT(α) = Σ w [y < z] ((z − y)/z)^α / Σ w (Foster, Greer and
    /// Thorbecke 1984); α = 0 is the headcount ratio.
    pub fn fgt(&self, w: &[f64], z: f64, alpha: f64) -> f64 {
        self.mean_of(w, |y| fgt_term(y, z, alpha))
    }

    /// Watts = Σ w [y < z] ln(z/y) / Σ w (Watts 1968); infinite when a
    /// poor value is 0 or negative.
    pub fn watts(&self, w: &[f64], z: f64) -> f64 {
        self.mean_of(w, |y| watts_term(y, z))
    }

    /// Weighted Gini, population form Σ_ij w_i w_j |y_i − y_j| / (2 W² μ),
    /// from the Lorenz curve: 1 − Σ_k p_k (L_k + L_{k−1}).
    pub fn gini(&self, w: &[f64]) -> f64 {
        gini_sorted(
            self.order
                .iter()
                .map(|&i| (w[i as usize], self.y[i as usize])),
        )
    }

    /// The Gini among the rows with y < z.
    pub fn gini_of_poor(&self, w: &[f64], z: f64) -> f64 {
        gini_sorted(
            self.order
                .iter()
                .map(|&i| (w[i as usize], self.y[i as usize]))
                .filter(|(_, y)| *y < z),
        )
    }

    /// Sen's index H [I + (1 − I) G_p], I = (z − μ_p)/z the income-gap
    /// ratio of the poor and G_p the Gini among the poor (Sen 1976).
    pub fn sen(&self, w: &[f64], z: f64) -> f64 {
        let h = self.fgt(w, z, 0.0);
        if h == 0.0 {
            return 0.0;
        }
        let i = self.fgt(w, z, 1.0) / h;
        h * (i + (1.0 - i) * self.gini_of_poor(w, z))
    }

    /// Sen–Shorrocks–Thon: FGT(1) (1 + G(x)), G(x) the Gini of the
    /// poverty-gap ratios x = max(0, (z − y)/z) over everyone (Shorrocks
    /// 1995).
    pub fn sst(&self, w: &[f64], z: f64) -> f64 {
        let p1 = self.fgt(w, z, 1.0);
        if p1 == 0.0 {
            return 0.0;
        }
        // Gaps are largest for the poorest: descending order of y.
        let gaps = self
            .order
            .iter()
            .rev()
            .map(|&i| (w[i as usize], fgt_term(self.y[i as usize], z, 1.0)));
        p1 * (1.0 + gini_sorted(gaps))
    }

    /// Generalised entropy GE(θ) (Shorrocks 1980): θ = 0 the mean log
    /// deviation, θ = 1 Theil's T, else (mean((y/μ)^θ) − 1)/(θ(θ − 1)).
    pub fn generalised_entropy(&self, w: &[f64], theta: f64) -> f64 {
        let (sw, sy) = self.totals(w);
        let mu = sy / sw;
        if theta == 0.0 {
            -self.mean_of(w, |y| (y / mu).ln())
        } else if theta == 1.0 {
            self.mean_of(w, |y| {
                let r = y / mu;
                if r > 0.0 { r * r.ln() } else { 0.0 }
            })
        } else {
            (self.mean_of(w, |y| (y / mu).powf(theta)) - 1.0) / (theta * (theta - 1.0))
        }
    }

    /// Atkinson's index 1 − ξ_ε/μ, ξ the equally distributed equivalent:
    /// (mean y^(1−ε))^(1/(1−ε)), and for ε = 1 the geometric mean
    /// exp(mean ln y) (Atkinson 1970).
    pub fn atkinson(&self, w: &[f64], eps: f64) -> f64 {
        let (sw, sy) = self.totals(w);
        let mu = sy / sw;
        let ede = if eps == 1.0 {
            self.mean_of(w, f64::ln).exp()
        } else {
            self.mean_of(w, |y| y.powf(1.0 - eps))
                .powf(1.0 / (1.0 - eps))
        };
        1.0 - ede / mu
    }

    /// The weighted quantile: the smallest y whose cumulative weight share
    /// reaches p (the inverse of the weighted CDF).
    pub fn quantile(&self, w: &[f64], p: f64) -> f64 {
        let (sw, _) = self.totals(w);
        let target = p * sw;
        let mut cum = 0.0;
        for &i in &self.order {
            cum += w[i as usize];
            if cum >= target * (1.0 - 1e-12) {
                return self.y[i as usize];
            }
        }
        self.order.last().map_or(f64::NAN, |&i| self.y[i as usize])
    }

    /// The Lorenz curve at population share p: the share of Σ w·y held by
    /// the poorest p of the weight, the unit at the boundary split
    /// fractionally.
    pub fn lorenz(&self, w: &[f64], p: f64) -> f64 {
        let (sw, sy) = self.totals(w);
        let target = p * sw;
        let (mut cw, mut cy) = (0.0, 0.0);
        for &i in &self.order {
            let (wi, yi) = (w[i as usize], self.y[i as usize]);
            if cw + wi >= target {
                return (cy + (target - cw).max(0.0) * yi) / sy;
            }
            cw += wi;
            cy += wi * yi;
        }
        1.0
    }

    /// Share ratio: income share of the richest `top` ÷ the poorest
    /// `bottom` (Palma: top 0.1, bottom 0.4; S80/S20: 0.2 and 0.2).
    pub fn share_ratio(&self, w: &[f64], top: f64, bottom: f64) -> f64 {
        (1.0 - self.lorenz(w, 1.0 - top)) / self.lorenz(w, bottom)
    }

    /// For each row that counts, Σ_j w_j |y_i − y_j| over the rows that
    /// count (0 elsewhere): the Gini's linearised variable needs it.
    pub(crate) fn abs_deviation_sums(&self, w: &[f64]) -> Vec<f64> {
        let (sw, sy) = self.totals(w);
        let mut out = vec![0.0; self.y.len()];
        let (mut below_w, mut below_y) = (0.0, 0.0);
        let mut k = 0;
        while k < self.order.len() {
            let y = self.y[self.order[k] as usize];
            let mut end = k;
            let (mut tie_w, mut tie_y) = (0.0, 0.0);
            while end < self.order.len() && self.y[self.order[end] as usize] == y {
                let i = self.order[end] as usize;
                tie_w += w[i];
                tie_y += w[i] * y;
                end += 1;
            }
            let (above_w, above_y) = (sw - below_w - tie_w, sy - below_y - tie_y);
            let s = y * below_w - below_y + (above_y - y * above_w);
            for &i in &self.order[k..end] {
                out[i as usize] = s;
            }
            below_w += tie_w;
            below_y += tie_y;
            k = end;
        }
        out
    }
}

/// ((z − y)/z)^α for y < z, else 0 (0^0 = 1 for the poor).
pub(crate) fn fgt_term(y: f64, z: f64, alpha: f64) -> f64 {
    if y < z {
        if alpha == 0.0 {
            1.0
        } else {
            ((z - y) / z).powf(alpha)
        }
    } else {
        0.0
    }
}

/// ln(z/y) for y < z, else 0.
pub(crate) fn watts_term(y: f64, z: f64) -> f64 {
    if y < z { (z / y).ln() } else { 0.0 }
}

/// The population-form Gini of (weight, value) pairs in ascending order
/// of value: 1 − Σ_k p_k (L_k + L_{k−1}).
fn gini_sorted(pairs: impl Iterator<Item = (f64, f64)> + Clone) -> f64 {
    let (sw, sy) = pairs
        .clone()
        .fold((0.0, 0.0), |(a, b), (w, y)| (a + w, b + w * y));
    if sw.is_nan() || sw <= 0.0 || sy == 0.0 {
        return f64::NAN;
    }
    let (mut l_prev, mut area) = (0.0, 0.0);
    for (w, y) in pairs {
        let l = l_prev + w * y / sy;
        area += w / sw * (l + l_prev);
        l_prev = l;
    }
    1.0 - area
}
