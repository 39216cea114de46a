//! Seeded random streams and the few distributions the generator needs.
//!
//! Every component of the example (firms, workers, households, …) draws from
//! its own stream, derived from the study seed and the component's name, so
//! that changing one component never shifts the numbers of another. Only
//! `next_u64` of the PCG generator is used; uniform, normal and the other
//! draws are computed here, so the values do not depend on the distribution
//! code of a particular `rand` release.

use rand::{Rng as _, SeedableRng};
use rand_pcg::Pcg64;

/// One seeded stream.
pub(crate) struct Rng {
    inner: Pcg64,
    spare_normal: Option<f64>,
}

/// SplitMix64 finaliser (Steele, Lea & Flood 2014), used to spread seeds.
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a hash of a stream name (stable across platforms and releases).
fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl Rng {
    /// The stream `name` of study seed `seed`.
    pub(crate) fn new(seed: u64, name: &str) -> Self {
        let s = splitmix64(seed ^ splitmix64(fnv1a(name)));
        Self {
            inner: Pcg64::seed_from_u64(s),
            spare_normal: None,
        }
    }

    /// A raw 64-bit draw.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.inner.next_u64()
    }

    /// Uniform on [0, 1) with 53 random bits.
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on [lo, hi).
    pub(crate) fn uniform_in(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Integer uniform on `lo..=hi` (Lemire-free modulo with rejection).
    pub(crate) fn int_in(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo) as u64 + 1;
        let zone = u64::MAX - (u64::MAX % span);
        loop {
            let x = self.next_u64();
            if x < zone {
                return lo + (x % span) as i64;
            }
        }
    }

    /// Index uniform on `0..n` (`n > 0`).
    pub(crate) fn index(&mut self, n: usize) -> usize {
        self.int_in(0, n as i64 - 1) as usize
    }

    /// True with probability `p`.
    pub(crate) fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal, by the Box–Muller transform (Box & Muller 1958).
    pub(crate) fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare_normal.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform(); // (0, 1]
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let t = 2.0 * std::f64::consts::PI * u2;
        self.spare_normal = Some(r * t.sin());
        r * t.cos()
    }

    /// Normal with mean `mu` and standard deviation `sd`.
    pub(crate) fn normal_with(&mut self, mu: f64, sd: f64) -> f64 {
        mu + sd * self.normal()
    }

    /// Log-normal: `exp(N(mu, sigma))`.
    pub(crate) fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        self.normal_with(mu, sigma).exp()
    }

    /// Poisson by inversion (small means) or a rounded normal (large means).
    pub(crate) fn poisson(&mut self, mean: f64) -> i64 {
        if mean <= 0.0 {
            return 0;
        }
        if mean > 40.0 {
            return self.normal_with(mean, mean.sqrt()).round().max(0.0) as i64;
        }
        let l = (-mean).exp();
        let mut k = 0;
        let mut p = 1.0;
        loop {
            p *= self.uniform();
            if p <= l {
                return k;
            }
            k += 1;
        }
    }

    /// Index drawn with probability proportional to `weights` (non-negative,
    /// not all zero).
    pub(crate) fn weighted_index(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// One item of `(item, weight)` pairs, proportional to weight.
    pub(crate) fn pick<T: Copy>(&mut self, items: &[(T, f64)]) -> T {
        let w: Vec<f64> = items.iter().map(|(_, w)| *w).collect();
        items[self.weighted_index(&w)].0
    }

    /// One item uniformly.
    pub(crate) fn choose<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.index(i + 1);
            v.swap(i, j);
        }
    }

    /// `k` distinct indices of `0..n`, by simple random sampling without
    /// replacement, in increasing order.
    pub(crate) fn srs(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + self.index(n - i);
            idx.swap(i, j);
        }
        let mut out = idx[..k].to_vec();
        out.sort_unstable();
        out
    }

    /// A random lowercase hexadecimal string of `n` digits.
    pub(crate) fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        (0..n)
            .map(|_| HEX[(self.next_u64() >> 60) as usize] as char)
            .collect()
    }
}

/// Moves a weighted share of a yes/no variable toward `target` by flipping
/// randomly chosen answers, so that the design-weighted share
/// `Σ w·y / Σ w` over the rows where `y` is `Some` lands within `tol` of
/// the target. Rows with `None` are left alone. Flips that would overshoot
/// the band are avoided where possible.
pub(crate) fn calibrate_share(
    rng: &mut Rng,
    y: &mut [Option<bool>],
    w: &[f64],
    target: f64,
    tol: f64,
) {
    let total: f64 = y
        .iter()
        .zip(w)
        .filter(|(v, _)| v.is_some())
        .map(|(_, w)| *w)
        .sum();
    if total <= 0.0 {
        return;
    }
    let share = |y: &[Option<bool>]| -> f64 {
        y.iter()
            .zip(w)
            .filter(|(v, _)| **v == Some(true))
            .map(|(_, w)| *w)
            .sum::<f64>()
            / total
    };
    for _ in 0..(20 * y.len() + 20) {
        let cur = share(y);
        let gap = target - cur;
        if gap.abs() <= tol {
            return;
        }
        let want = gap < 0.0; // flip a `want` answer to `!want`
        let cands: Vec<usize> = (0..y.len()).filter(|&i| y[i] == Some(want)).collect();
        if cands.is_empty() {
            return;
        }
        // Prefer flips that land inside the band or at least do not overshoot it.
        let good: Vec<usize> = cands
            .iter()
            .copied()
            .filter(|&i| w[i] / total <= gap.abs() + tol)
            .collect();
        let i = if good.is_empty() {
            *cands
                .iter()
                .min_by(|&&a, &&b| w[a].total_cmp(&w[b]))
                .unwrap_or(&cands[0])
        } else {
            good[rng.index(good.len())]
        };
        y[i] = Some(!want);
    }
}

/// Moves the weighted mean of a 1–5 item toward `target` by nudging
/// randomly chosen valid answers up or down by one point, until the
/// weighted mean over valid answers (`Some(1..=5)`) is within `tol`.
/// Codes outside 1–5 (e.g. 98 "don't know") are left alone.
pub(crate) fn calibrate_mean(
    rng: &mut Rng,
    y: &mut [Option<i64>],
    w: &[f64],
    target: f64,
    tol: f64,
) {
    let valid = |v: Option<i64>| matches!(v, Some(1..=5));
    let total: f64 = y
        .iter()
        .zip(w)
        .filter(|(v, _)| valid(**v))
        .map(|(_, w)| *w)
        .sum();
    if total <= 0.0 {
        return;
    }
    for _ in 0..(40 * y.len() + 40) {
        let cur: f64 = y
            .iter()
            .zip(w)
            .filter(|(v, _)| valid(**v))
            .map(|(v, w)| v.unwrap_or(0) as f64 * w)
            .sum::<f64>()
            / total;
        let gap = target - cur;
        if gap.abs() <= tol {
            return;
        }
        let up = gap > 0.0;
        let cands: Vec<usize> = (0..y.len())
            .filter(|&i| match y[i] {
                Some(v @ 1..=5) => {
                    if up {
                        v < 5
                    } else {
                        v > 1
                    }
                }
                _ => false,
            })
            .filter(|&i| w[i] / total <= gap.abs() + tol)
            .collect();
        if cands.is_empty() {
            return;
        }
        let i = cands[rng.index(cands.len())];
        if let Some(v) = y[i].as_mut() {
            *v += if up { 1 } else { -1 };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_deterministic_and_distinct() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7, "x").next_u64()).collect();
        assert!(a.windows(2).all(|p| p[0] == p[1]));
        let mut x = Rng::new(7, "x");
        let mut y = Rng::new(7, "y");
        assert_ne!(x.next_u64(), y.next_u64());
    }

    #[test]
    fn normal_moments() {
        let mut r = Rng::new(1, "normal");
        let n = 20_000;
        let xs: Vec<f64> = (0..n).map(|_| r.normal()).collect();
        let m = xs.iter().sum::<f64>() / n as f64;
        let v = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.03, "{m}");
        assert!((v - 1.0).abs() < 0.04, "{v}");
    }

    #[test]
    fn calibration_hits_band() {
        let mut r = Rng::new(3, "cal");
        let w: Vec<f64> = (0..200).map(|i| 1.0 + (i % 7) as f64).collect();
        let mut y: Vec<Option<bool>> = (0..200).map(|i| Some(i % 2 == 0)).collect();
        calibrate_share(&mut r, &mut y, &w, 0.12, 0.005);
        let tot: f64 = w.iter().sum();
        let s: f64 = y
            .iter()
            .zip(&w)
            .filter(|(v, _)| **v == Some(true))
            .map(|(_, w)| w)
            .sum::<f64>()
            / tot;
        assert!((s - 0.12).abs() <= 0.005, "{s}");
    }
}
