//! The measures that depend on ranks, with their influence values: Sen,
//! Sen–Shorrocks–Thon, income-share ratios (Palma, S80/S20), quantiles and
//! quantile ratios.
//!
//! Sen = P1 + (H − P1) G_p and SST = P1 (1 + G_x) are smooth in the
//! weights given the line, so their influence values are exact
//! derivatives through those of H, P1 and the Gini (of the poor, of the
//! poverty-gap ratios). An income share is a partial total S(p) = Σ w y
//! over the poorest p of the weight; its influence is y_k − q (1 − p)
//! below the p-quantile q and q p from it on, with no density (Langel and
//! Tillé 2011, *J. R. Statist. Soc. A* 174(1); the derivative of the
//! fractional-split estimator). A quantile's influence
//! −(1{y_k ≤ q} − p)/(W f(q)) needs the density f at q (Deville 1999;
//! Osier 2009): a Gaussian kernel estimate with Silverman's robust
//! bandwidth 0.9 min(σ, IQR/1.34) n^(−1/5) (Silverman 1986, eq. 3.31),
//! σ and the IQR weighted, n the rows that count.

use super::{Distribution, fgt_term, gini_influence_in_place, gini_lorenz};

impl Distribution<'_> {
    /// Sen's index P1 + (H − P1) G_p (= H [I + (1 − I) G_p], Sen 1976) and,
    /// with `out`, its influence values u_P1 + (u_H − u_P1) G_p + (H −
    /// P1) u_Gp, u_Gp the Gini influence among the poor (0 for the rest).
    pub(crate) fn sen_with_influence(&self, w: &[f64], z: f64, out: Option<&mut [f64]>) -> f64 {
        let (sw, [h, p1]) =
            self.weighted_sums(w, |_, y| [fgt_term(y, z, 0.0), fgt_term(y, z, 1.0)]);
        let (h, p1) = (h / sw, p1 / sw);
        if h == 0.0 {
            if let Some(out) = out {
                out.fill(0.0);
            }
            return 0.0;
        }
        let np = self.n_poor(z);
        let mut ws = self.sorted_weights(w);
        let poor = &self.sorted[..np];
        let (wp, yp) = ws[..np]
            .iter()
            .zip(poor)
            .fold((0.0, 0.0), |(a, b), (w, y)| (a + w, b + w * y));
        let gp = gini_lorenz(wp, yp, ws[..np].iter().copied().zip(poor.iter().copied()));
        let value = p1 + (h - p1) * gp;
        let Some(out) = out else {
            return value;
        };
        gini_influence_in_place(poor, &mut ws[..np], wp, yp, gp);
        for (k, v) in ws.iter_mut().enumerate() {
            let y = self.sorted[k];
            let uh = (fgt_term(y, z, 0.0) - h) / sw;
            let up1 = (fgt_term(y, z, 1.0) - p1) / sw;
            let ugp = if k < np { *v } else { 0.0 };
            *v = up1 + (uh - up1) * gp + (h - p1) * ugp;
        }
        self.scatter_sorted(ws, out);
        value
    }

    /// Sen–Shorrocks–Thon P1 (1 + G_x), G_x the Gini of the poverty-gap
    /// ratios x = max(0, (z − y)/z) over everyone (Shorrocks 1995), and
    /// with `out` its influence values u_P1 (1 + G_x) + P1 u_Gx.
    pub(crate) fn sst_with_influence(&self, w: &[f64], z: f64, out: Option<&mut [f64]>) -> f64 {
        let (sw, [sx]) = self.weighted_sums(w, |_, y| [fgt_term(y, z, 1.0)]);
        let p1 = sx / sw;
        if p1 == 0.0 {
            if let Some(out) = out {
                out.fill(0.0);
            }
            return 0.0;
        }
        // The gaps ascend as y descends: the order reversed.
        let mut ws = self.sorted_weights(w);
        ws.reverse();
        let xs: Vec<f64> = self
            .sorted
            .iter()
            .rev()
            .map(|&y| fgt_term(y, z, 1.0))
            .collect();
        let gx = gini_lorenz(sw, sx, ws.iter().copied().zip(xs.iter().copied()));
        let value = p1 * (1.0 + gx);
        let Some(out) = out else {
            return value;
        };
        gini_influence_in_place(&xs, &mut ws, sw, sx, gx);
        for (v, x) in ws.iter_mut().zip(&xs) {
            *v = (x - p1) / sw * (1.0 + gx) + p1 * *v;
        }
        ws.reverse();
        self.scatter_sorted(ws, out);
        value
    }

    /// The partial total S(p) of Σ w·y over the poorest p of the weight
    /// (the unit at the boundary split fractionally) and the p-quantile q
    /// there.
    fn partial_total(&self, w: &[f64], sw: f64, sy: f64, p: f64) -> (f64, f64) {
        match self.first_reaching(w, p * sw) {
            Some((k, cw, cy)) => {
                let q = self.sorted[k];
                (cy + (p * sw - cw).max(0.0) * q, q)
            }
            None => (sy, self.sorted.last().copied().unwrap_or(f64::NAN)),
        }
    }

    /// The income share of the richest `top` ÷ that of the poorest
    /// `bottom` (Palma: 0.1 and 0.4; S80/S20: 0.2 and 0.2) and, with
    /// `out`, its influence values (u_T − R u_B)/B, T = Y − S(1 − top), B
    /// = S(bottom).
    pub(crate) fn share_ratio_with_influence(
        &self,
        w: &[f64],
        top: f64,
        bottom: f64,
        out: Option<&mut [f64]>,
    ) -> f64 {
        let (sw, sy) = self.totals(w);
        let (s_top, q_top) = self.partial_total(w, sw, sy, 1.0 - top);
        let (b, q_b) = self.partial_total(w, sw, sy, bottom);
        let t = sy - s_top;
        let r = t / b;
        if let Some(out) = out {
            let u_s = |y: f64, q: f64, p: f64| if y < q { y - q * (1.0 - p) } else { q * p };
            self.fill(out, |_, y| {
                let u_t = y - u_s(y, q_top, 1.0 - top);
                (u_t - r * u_s(y, q_b, bottom)) / b
            });
        }
        r
    }

    /// The density of the values at `x`: a Gaussian kernel estimate
    /// Σ w φ((x − y)/h) / (h W), h Silverman's robust bandwidth.
    fn density_at(&self, w: &[f64], sw: f64, sy: f64, x: f64) -> f64 {
        let mean = sy / sw;
        let (_, [ss]) = self.weighted_sums(w, |_, y| [(y - mean) * (y - mean)]);
        let sd = (ss / sw).sqrt();
        let iqr = self.quantile(w, 0.75) - self.quantile(w, 0.25);
        let spread = if iqr > 0.0 { sd.min(iqr / 1.34) } else { sd };
        let h = 0.9 * spread * (self.len() as f64).powf(-0.2);
        if h.is_nan() || h <= 0.0 {
            return f64::NAN;
        }
        let c = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
        let (_, [s]) = self.weighted_sums(w, |_, y| {
            let u = (x - y) / h;
            [c * (-0.5 * u * u).exp()]
        });
        s / (h * sw)
    }

    /// The p-quantile and the weight of its influence −(1{y ≤ q} − p)/(W
    /// f(q)): (q, 1/(W f(q))).
    fn quantile_and_scale(&self, w: &[f64], p: f64, with_scale: bool) -> (f64, f64) {
        let q = self.quantile(w, p);
        if !with_scale {
            return (q, f64::NAN);
        }
        let (sw, sy) = self.totals(w);
        (q, 1.0 / (sw * self.density_at(w, sw, sy, q)))
    }

    /// The p-quantile and, with `out`, its influence values.
    pub(crate) fn quantile_with_influence(
        &self,
        w: &[f64],
        p: f64,
        out: Option<&mut [f64]>,
    ) -> f64 {
        let (q, a) = self.quantile_and_scale(w, p, out.is_some());
        if let Some(out) = out {
            self.fill(out, |_, y| -a * (f64::from(u8::from(y <= q)) - p));
        }
        q
    }

    /// The ratio of the `upper` to the `lower` quantile (P90/P10) and,
    /// with `out`, its influence values (u_upper − R u_lower)/q_lower.
    pub(crate) fn quantile_ratio_with_influence(
        &self,
        w: &[f64],
        upper: f64,
        lower: f64,
        out: Option<&mut [f64]>,
    ) -> f64 {
        let (qu, au) = self.quantile_and_scale(w, upper, out.is_some());
        let (ql, al) = self.quantile_and_scale(w, lower, out.is_some());
        let r = qu / ql;
        if let Some(out) = out {
            let ind = |y: f64, q: f64| f64::from(u8::from(y <= q));
            self.fill(out, |_, y| {
                let uu = -au * (ind(y, qu) - upper);
                let ul = -al * (ind(y, ql) - lower);
                (uu - r * ul) / ql
            });
        }
        r
    }
}
