//! Economic complexity by the eigenvector method (Hidalgo and Hausmann
//! 2009; Hausmann et al. 2014, *The Atlas of Economic Complexity*), with the
//! conventions of Stata's `ecomplexity` (Bustos and Yildirim), which
//! `shared/reference/cluster` reproduces to 1e-15:
//!
//! - M_cp = 1 when RCA_cp ≥ the threshold (1), RCA the location quotient;
//!   diversity k_c = Σ_p M_cp, ubiquity k_p = Σ_c M_cp.
//! - ECI: the eigenvector of M̃ = D_c⁻¹ M D_p⁻¹ Mᵀ for its second-largest
//!   eigenvalue, signed to correlate positively with diversity and
//!   standardised over the panel of location × product rows (each ECI
//!   counted once per product, sample sd: Stata's `egen` on its long data;
//!   the sd over locations alone would be √((CP − 1)/(P(C − 1))) larger). PCI: likewise for
//!   D_p⁻¹ Mᵀ D_c⁻¹ M, signed so that a product's PCI rises with the mean
//!   ECI of the locations making it.
//! - Proximity φ_pp' = Σ_c M_cp M_cp' / max(k_p, k_p'), diagonal 0.
//! - Density d_cp = Σ_p' M_cp' φ_pp' / Σ_p' φ_pp'.
//! - COI_c = Σ_p (1 − M_cp) d_cp PCĨ_p, standardised over the panel.
//! - COG_cp = (1 − M_cp) Σ_p' (1 − M_cp') φ_pp' PCĨ_p' / Σ_p'' φ_p''p',
//!   PCĨ the PCI before its mean shift (Stata's `cog`; no
//!   "− (1 − d_cp) PCI_p" term, which the Atlas adds).
//!
//! Speed: the two eigenproblems are similar to symmetric ones,
//! S = D^{-1/2} M D^{-1} Mᵀ D^{-1/2}, solved on the smaller side only (the
//! other side's eigenvector follows by one product with M). The leading
//! eigenvector of S is known (√k, eigenvalue 1), so the second is the
//! leading one of S deflated, found by Lanczos iteration with full
//! reorthogonalisation (a dense symmetric solver for small sides).

use nalgebra::{DMatrix, DVector, SymmetricEigen};

use crate::{RegionIndustry, location_quotients};

/// Complexity measures of one region × product matrix (one year).
#[derive(Debug, Clone, PartialEq)]
pub struct Complexity {
    /// RCA_cp (the location quotient), row-major c × p.
    pub rca: Vec<f64>,
    /// M_cp, row-major.
    pub m: Vec<bool>,
    /// k_c.
    pub diversity: Vec<usize>,
    /// k_p.
    pub ubiquity: Vec<usize>,
    /// ECI per location (`NaN` for locations with no product).
    pub eci: Vec<f64>,
    /// PCI per product (`NaN` for products no location has).
    pub pci: Vec<f64>,
    /// φ_pp', row-major p × p, diagonal 0.
    pub proximity: Vec<f64>,
    /// d_cp, row-major c × p.
    pub density: Vec<f64>,
    /// COI per location.
    pub coi: Vec<f64>,
    /// COG_cp, row-major c × p.
    pub cog: Vec<f64>,
    /// Number of products (row length of the c × p matrices).
    pub n_products: usize,
    /// The eigenvalues behind ECI and PCI, to judge how well they are
    /// determined.
    pub eigen: Eigen,
}

/// λ₂ and λ₃ of the similar symmetric matrix (λ₁ = 1), and whether the
/// solver converged. ECI and PCI are the λ₂ eigenvector: well determined
/// only when λ₂ is clearly below 1 (else the regions fall apart into
/// disconnected groups) and clearly above λ₃ (else any mix of the two
/// eigenvectors is as good).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Eigen {
    /// λ₂.
    pub second: f64,
    /// λ₃.
    pub third: f64,
    /// Whether the eigensolver reached its tolerance.
    pub converged: bool,
}

impl Eigen {
    fn none() -> Self {
        Self {
            second: f64::NAN,
            third: f64::NAN,
            converged: true,
        }
    }

    /// The relative gap (λ₂ − λ₃)/λ₂.
    pub fn gap(&self) -> f64 {
        (self.second - self.third) / self.second
    }

    /// Why ECI/PCI are ill-determined, if they are: a λ₂ of 1 (disconnected
    /// support), a relative gap below 10⁻³, or an iteration that did not
    /// converge.
    pub fn problem(&self) -> Option<String> {
        if !self.second.is_finite() {
            return None;
        }
        if !self.converged {
            return Some("the eigensolver did not converge".to_string());
        }
        if self.second > 1.0 - 1e-9 {
            return Some(
                "λ₂ = 1: regions and industries fall apart into groups with no specialisation in common"
                    .to_string(),
            );
        }
        if self.gap() < 1e-3 {
            return Some(format!(
                "λ₂ = {:.6} and λ₃ = {:.6} are within 0.1%: the ordering is not determined by the data",
                self.second, self.third
            ));
        }
        None
    }
}

impl Complexity {
    /// d_cp.
    pub fn density_at(&self, c: usize, p: usize) -> f64 {
        self.density[c * self.n_products + p]
    }

    /// COG_cp.
    pub fn cog_at(&self, c: usize, p: usize) -> f64 {
        self.cog[c * self.n_products + p]
    }

    /// φ_pp'.
    pub fn proximity_at(&self, p: usize, q: usize) -> f64 {
        self.proximity[p * self.n_products + q]
    }
}

/// Computes every measure of [`Complexity`] with the RCA `threshold` for
/// M (1 by convention). Locations and products outside the matrix's
/// support (no M) get `NaN` ECI/PCI and are left out of the eigenproblem.
/// `threads` splits density and COG by locations (results do not depend on
/// it).
pub fn complexity(matrix: &RegionIndustry, threshold: f64, threads: usize) -> Complexity {
    let (n_c, n_p) = (matrix.regions().len(), matrix.industries().len());
    let rca: Vec<f64> = location_quotients(matrix).into_iter().flatten().collect();
    let m: Vec<bool> = rca.iter().map(|r| *r >= threshold).collect();
    let mut diversity = vec![0usize; n_c];
    let mut ubiquity = vec![0usize; n_p];
    // Products of each location (sparse rows of M).
    let mut products_of: Vec<Vec<u32>> = vec![Vec::new(); n_c];
    for c in 0..n_c {
        for p in 0..n_p {
            if m[c * n_p + p] {
                diversity[c] += 1;
                ubiquity[p] += 1;
                products_of[c].push(p as u32);
            }
        }
    }
    let (eci, pci, scaled, eigen) = eci_pci(&products_of, &diversity, &ubiquity, threads);
    let proximity = proximity(&products_of, &ubiquity);
    let (density, cog) = density_cog(&products_of, &proximity, &scaled, n_p, threads);
    // COI of the locations with an ECI, standardised over them (the panel
    // of active products); NaN for the others.
    let mut coi: Vec<f64> = (0..n_c)
        .map(|c| {
            if !eci[c].is_finite() {
                return f64::NAN;
            }
            (0..n_p)
                .filter(|&p| !m[c * n_p + p] && scaled[p].is_finite())
                .map(|p| density[c * n_p + p] * scaled[p])
                .sum()
        })
        .collect();
    let active: Vec<f64> = coi.iter().copied().filter(|x| x.is_finite()).collect();
    let active_products = scaled.iter().filter(|x| x.is_finite()).count();
    if active.len() > 1 {
        let (mean, sd) = panel_moments(&active, active_products);
        coi.iter_mut()
            .filter(|x| x.is_finite())
            .for_each(|x| *x = (*x - mean) / sd);
    }
    Complexity {
        rca,
        m,
        diversity,
        ubiquity,
        eci,
        pci,
        proximity,
        density,
        coi,
        cog,
        n_products: n_p,
        eigen,
    }
}

/// Pearson-style sign: Σ (a − ā)(b − b̄) over finite pairs.
fn covariance_sign(a: &[f64], b: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> = a
        .iter()
        .zip(b)
        .filter(|(x, y)| x.is_finite() && y.is_finite())
        .map(|(x, y)| (*x, *y))
        .collect();
    let n = pairs.len() as f64;
    let (ma, mb) = pairs
        .iter()
        .fold((0.0, 0.0), |(s, t), (x, y)| (s + x / n, t + y / n));
    pairs.iter().map(|(x, y)| (x - ma) * (y - mb)).sum()
}

/// ECI per location, PCI per product, and the PCI before its shift (the
/// scale COI and COG use).
fn eci_pci(
    products_of: &[Vec<u32>],
    diversity: &[usize],
    ubiquity: &[usize],
    threads: usize,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Eigen) {
    eci_pci_solved(products_of, diversity, ubiquity, None, DENSE_LIMIT, threads)
}

/// Sides up to this size are solved densely; larger ones by Lanczos.
const DENSE_LIMIT: usize = 400;

/// As [`eci_pci`], with the side (`Some(true)`: products) and the dense
/// solver's size limit chosen, for tests that compare the routes.
fn eci_pci_solved(
    products_of: &[Vec<u32>],
    diversity: &[usize],
    ubiquity: &[usize],
    product_side: Option<bool>,
    dense_limit: usize,
    threads: usize,
) -> (Vec<f64>, Vec<f64>, Vec<f64>, Eigen) {
    let (n_c, n_p) = (diversity.len(), ubiquity.len());
    // Active locations and products, densely renumbered.
    let locs: Vec<usize> = (0..n_c).filter(|&c| diversity[c] > 0).collect();
    let mut prod_index = vec![usize::MAX; n_p];
    let prods: Vec<usize> = (0..n_p).filter(|&p| ubiquity[p] > 0).collect();
    for (k, &p) in prods.iter().enumerate() {
        prod_index[p] = k;
    }
    let mut eci = vec![f64::NAN; n_c];
    let mut pci = vec![f64::NAN; n_p];
    let mut scaled = vec![f64::NAN; n_p];
    if locs.len() < 2 || prods.len() < 2 {
        return (eci, pci, scaled, Eigen::none());
    }
    let kc: Vec<f64> = locs.iter().map(|&c| diversity[c] as f64).collect();
    let kp: Vec<f64> = prods.iter().map(|&p| ubiquity[p] as f64).collect();
    let rows: Vec<Vec<usize>> = locs
        .iter()
        .map(|&c| {
            products_of[c]
                .iter()
                .map(|&p| prod_index[p as usize])
                .collect()
        })
        .collect();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); prods.len()];
    for (c, row) in rows.iter().enumerate() {
        for &p in row {
            members[p].push(c);
        }
    }
    // D_c⁻¹ M x and D_p⁻¹ Mᵀ y.
    let to_locations = |x: &[f64]| -> Vec<f64> {
        rows.iter()
            .zip(&kc)
            .map(|(row, k)| row.iter().map(|&p| x[p]).sum::<f64>() / k)
            .collect()
    };
    let to_products = |y: &[f64]| -> Vec<f64> {
        members
            .iter()
            .zip(&kp)
            .map(|(col, k)| col.iter().map(|&c| y[c]).sum::<f64>() / k)
            .collect()
    };
    // w: an eigenvector of D_p⁻¹ Mᵀ D_c⁻¹ M for the second eigenvalue,
    // from the symmetric problem on the smaller side.
    let spectrum: Spectrum;
    let w: Vec<f64> = if product_side.unwrap_or(prods.len() <= locs.len()) {
        let s = symmetric(&rows, &kc, &kp, threads);
        spectrum = second_eigenvector(&s, &kp, dense_limit);
        spectrum
            .vector
            .iter()
            .zip(&kp)
            .map(|(u, k)| u / k.sqrt())
            .collect()
    } else {
        let s = symmetric(&members, &kp, &kc, threads);
        spectrum = second_eigenvector(&s, &kc, dense_limit);
        let v: Vec<f64> = spectrum
            .vector
            .iter()
            .zip(&kc)
            .map(|(u, k)| u / k.sqrt())
            .collect();
        to_products(&v)
    };
    // f = D_c⁻¹ M w is then the locations' eigenvector on the same scale.
    let mut w = w;
    let mut f = to_locations(&w);
    if covariance_sign(&f, &kc) < 0.0 {
        f.iter_mut().for_each(|x| *x = -*x);
        w.iter_mut().for_each(|x| *x = -*x);
    }
    // Stata's normalisation: ECI's panel mean and sd, for both indices.
    let (mean, sd) = panel_moments(&f, prods.len());
    for (k, &c) in locs.iter().enumerate() {
        eci[c] = (f[k] - mean) / sd;
    }
    for (k, &p) in prods.iter().enumerate() {
        pci[p] = (w[k] - mean) / sd;
        scaled[p] = w[k] / sd;
    }
    let eigen = Eigen {
        second: spectrum.second,
        third: spectrum.third,
        converged: spectrum.converged,
    };
    (eci, pci, scaled, eigen)
}

/// S = D_a^-1/2 (Σ_g m_g m_gᵀ / k_g) D_a^-1/2 over groups `by` (each an
/// ascending list of a-indices) of sizes `k_by`, `k_a` the a-side degrees.
/// The upper triangle is accumulated row-block by row-block on `threads`
/// threads; each cell sums the groups in order, so the result does not
/// depend on the thread count.
fn symmetric(by: &[Vec<usize>], k_by: &[f64], k_a: &[f64], threads: usize) -> DMatrix<f64> {
    let n = k_a.len();
    let mut flat = vec![0.0; n * n];
    let threads = threads.clamp(1, n.max(1));
    let block = n.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for (t, chunk) in flat.chunks_mut(block * n).enumerate() {
            let (lo, hi) = (t * block, ((t + 1) * block).min(n));
            scope.spawn(move || {
                for (group, k) in by.iter().zip(k_by) {
                    let inv = 1.0 / k;
                    for (ia, &a) in group.iter().enumerate() {
                        if a < lo || a >= hi {
                            continue;
                        }
                        let row = &mut chunk[(a - lo) * n..(a - lo + 1) * n];
                        for &b in &group[ia..] {
                            row[b] += inv;
                        }
                    }
                }
            });
        }
    });
    let root: Vec<f64> = k_a.iter().map(|k| k.sqrt()).collect();
    DMatrix::from_fn(n, n, |a, b| {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        flat[lo * n + hi] / (root[a] * root[b])
    })
}

/// Mean and sd of values each repeated `repeat` times (the rows of Stata's
/// long dataset, one per location × product), sd with n·repeat − 1.
fn panel_moments(v: &[f64], repeat: usize) -> (f64, f64) {
    let n = v.len() as f64;
    let r = repeat as f64;
    let mean = v.iter().sum::<f64>() / n;
    let sd = (r * v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n * r - 1.0)).sqrt();
    (mean, sd)
}

/// The second eigenpair of S and how well it is determined.
#[derive(Debug, Clone)]
struct Spectrum {
    /// The eigenvector.
    vector: Vec<f64>,
    /// λ₂ (the largest eigenvalue after the trivial 1).
    second: f64,
    /// λ₃.
    third: f64,
    /// False when the iteration stopped without reaching its tolerance.
    converged: bool,
}

/// Iterations of Lanczos before falling back to the dense solver.
const LANCZOS_STEPS: usize = 300;
/// The largest side solved densely when Lanczos does not converge.
const DENSE_FALLBACK: usize = 4000;

/// The eigenvector of symmetric `s` for its second-largest eigenvalue,
/// knowing the largest is 1 with eigenvector ∝ √k.
fn second_eigenvector(s: &DMatrix<f64>, k: &[f64], dense_limit: usize) -> Spectrum {
    let n = s.nrows();
    let norm = k.iter().sum::<f64>().sqrt();
    let u1 = DVector::from_iterator(n, k.iter().map(|x| x.sqrt() / norm));
    if n <= dense_limit {
        return dense_second(s, &u1);
    }
    let lanczos = lanczos_top(s, &u1);
    if !lanczos.converged && n <= DENSE_FALLBACK {
        return dense_second(s, &u1);
    }
    lanczos
}

/// The top eigenpair of s − u1 u1ᵀ by a dense symmetric solver.
fn dense_second(s: &DMatrix<f64>, u1: &DVector<f64>) -> Spectrum {
    let n = s.nrows();
    let deflated = s - u1 * u1.transpose();
    let eig = SymmetricEigen::new(deflated);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let best = order.first().copied().unwrap_or(0);
    Spectrum {
        vector: eig.eigenvectors.column(best).iter().copied().collect(),
        second: eig.eigenvalues[best],
        third: order.get(1).map_or(f64::NAN, |&i| eig.eigenvalues[i]),
        converged: true,
    }
}

/// The leading eigenpair of s − u1 u1ᵀ (u1 unit), by Lanczos with full
/// reorthogonalisation against u1 and the Krylov basis; converged when the
/// Ritz residual is below 1e-12.
fn lanczos_top(s: &DMatrix<f64>, u1: &DVector<f64>) -> Spectrum {
    let n = s.nrows();
    let max_steps = n.min(LANCZOS_STEPS);
    let project = |x: &mut DVector<f64>, basis: &[DVector<f64>]| {
        let c = u1.dot(x);
        x.axpy(-c, u1, 1.0);
        for b in basis {
            let c = b.dot(x);
            x.axpy(-c, b, 1.0);
        }
    };
    // A deterministic start: alternating signs, orthogonal to u1.
    let mut q = DVector::from_iterator(n, (0..n).map(|i| if i % 2 == 0 { 1.0 } else { -0.5 }));
    project(&mut q, &[]);
    q /= q.norm();
    let mut basis: Vec<DVector<f64>> = Vec::new();
    let (mut alphas, mut betas): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for step in 0..max_steps {
        basis.push(q.clone());
        let mut r = s * &q;
        let c = u1.dot(&r);
        r.axpy(-c, u1, 1.0);
        let alpha = q.dot(&r);
        alphas.push(alpha);
        project(&mut r, &basis);
        let beta = r.norm();
        // Ritz pairs of the tridiagonal matrix so far.
        let m = alphas.len();
        let mut t = DMatrix::<f64>::zeros(m, m);
        for i in 0..m {
            t[(i, i)] = alphas[i];
            if i + 1 < m {
                t[(i, i + 1)] = betas[i];
                t[(i + 1, i)] = betas[i];
            }
        }
        let eig = SymmetricEigen::new(t);
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
        let top = order[0];
        let y = eig.eigenvectors.column(top);
        let residual = (beta * y[m - 1]).abs();
        let converged = residual < 1e-12 || beta < 1e-14;
        if converged || step + 1 == max_steps {
            let mut x = DVector::zeros(n);
            for (b, yi) in basis.iter().zip(y.iter()) {
                x.axpy(*yi, b, 1.0);
            }
            return Spectrum {
                vector: x.iter().copied().collect(),
                second: eig.eigenvalues[top],
                third: order.get(1).map_or(f64::NAN, |&i| eig.eigenvalues[i]),
                converged,
            };
        }
        betas.push(beta);
        q = r / beta;
    }
    Spectrum {
        vector: vec![f64::NAN; n],
        second: f64::NAN,
        third: f64::NAN,
        converged: false,
    }
}

/// φ_pp' = co-occurrences / max(k_p, k_p'), diagonal 0, from bitsets of
/// the locations of each product.
fn proximity(products_of: &[Vec<u32>], ubiquity: &[usize]) -> Vec<f64> {
    let n_p = ubiquity.len();
    let words = products_of.len().div_ceil(64);
    let mut bits = vec![0u64; n_p * words];
    for (c, row) in products_of.iter().enumerate() {
        for &p in row {
            bits[p as usize * words + c / 64] |= 1 << (c % 64);
        }
    }
    let mut phi = vec![0.0; n_p * n_p];
    for a in 0..n_p {
        let ba = &bits[a * words..(a + 1) * words];
        for b in a + 1..n_p {
            let bb = &bits[b * words..(b + 1) * words];
            let both: u32 = ba.iter().zip(bb).map(|(x, y)| (x & y).count_ones()).sum();
            let denominator = ubiquity[a].max(ubiquity[b]);
            if both > 0 && denominator > 0 {
                let v = f64::from(both) / denominator as f64;
                phi[a * n_p + b] = v;
                phi[b * n_p + a] = v;
            }
        }
    }
    phi
}

/// Density and COG, row-major c × p, computed location by location on
/// `threads` threads (each location independently: identical results).
fn density_cog(
    products_of: &[Vec<u32>],
    phi: &[f64],
    pci: &[f64],
    n_p: usize,
    threads: usize,
) -> (Vec<f64>, Vec<f64>) {
    let n_c = products_of.len();
    // Φ_p = Σ_p' φ_pp' (φ is symmetric); a_p = PCI_p / Φ_p.
    let phi_sum: Vec<f64> = (0..n_p)
        .map(|p| phi[p * n_p..(p + 1) * n_p].iter().sum())
        .collect();
    let pci0: Vec<f64> = pci
        .iter()
        .map(|x| if x.is_finite() { *x } else { 0.0 })
        .collect();
    let a: Vec<f64> = (0..n_p)
        .map(|p| {
            if phi_sum[p] > 0.0 {
                pci0[p] / phi_sum[p]
            } else {
                0.0
            }
        })
        .collect();
    // b_p = Σ_p' φ_pp' a_p'.
    let b: Vec<f64> = (0..n_p)
        .map(|p| {
            phi[p * n_p..(p + 1) * n_p]
                .iter()
                .zip(&a)
                .map(|(f, x)| f * x)
                .sum()
        })
        .collect();
    let mut density = vec![0.0; n_c * n_p];
    let mut cog = vec![0.0; n_c * n_p];
    let one = |c: usize, d_row: &mut [f64], g_row: &mut [f64]| {
        let row = &products_of[c];
        let mut num = vec![0.0; n_p];
        let mut owned = vec![0.0; n_p];
        let mut has = vec![false; n_p];
        for &q in row {
            let q = q as usize;
            has[q] = true;
            let phi_q = &phi[q * n_p..(q + 1) * n_p];
            let aq = a[q];
            for ((n, o), f) in num.iter_mut().zip(owned.iter_mut()).zip(phi_q) {
                *n += f;
                *o += f * aq;
            }
        }
        for p in 0..n_p {
            let d = if phi_sum[p] > 0.0 {
                num[p] / phi_sum[p]
            } else {
                0.0
            };
            d_row[p] = d;
            g_row[p] = if has[p] { 0.0 } else { b[p] - owned[p] };
        }
    };
    let threads = threads.clamp(1, n_c.max(1));
    let chunk = n_c.div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for ((k, d_chunk), g_chunk) in density
            .chunks_mut(chunk * n_p)
            .enumerate()
            .zip(cog.chunks_mut(chunk * n_p))
        {
            let one = &one;
            scope.spawn(move || {
                for (j, (d_row, g_row)) in d_chunk
                    .chunks_mut(n_p)
                    .zip(g_chunk.chunks_mut(n_p))
                    .enumerate()
                {
                    one(k * chunk + j, d_row, g_row);
                }
            });
        }
    });
    (density, cog)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A nested random M of `n_c` × `n_p` (capable locations make the
    /// difficult products), as sparse rows with degrees.
    fn nested(n_c: usize, n_p: usize) -> (Vec<Vec<u32>>, Vec<usize>, Vec<usize>) {
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut unit = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let ability: Vec<f64> = (0..n_c).map(|_| unit()).collect();
        let difficulty: Vec<f64> = (0..n_p).map(|_| unit()).collect();
        let mut rows = vec![Vec::new(); n_c];
        let (mut kc, mut kp) = (vec![0; n_c], vec![0; n_p]);
        for c in 0..n_c {
            for p in 0..n_p {
                if ability[c] - difficulty[p] + 0.3 * unit() > 0.2 {
                    rows[c].push(p as u32);
                    kc[c] += 1;
                    kp[p] += 1;
                }
            }
        }
        (rows, kc, kp)
    }

    #[track_caller]
    fn same(a: &[f64], b: &[f64]) {
        for (x, y) in a.iter().zip(b) {
            assert!(
                (x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-8 * y.abs().max(1.0),
                "{x} vs {y}"
            );
        }
    }

    /// Solving on either side, densely or by Lanczos, gives one answer.
    #[test]
    fn every_route_gives_the_same_indices() {
        let (rows, kc, kp) = nested(160, 120);
        let dense = eci_pci_solved(&rows, &kc, &kp, Some(true), usize::MAX, 1);
        for (side, limit) in [(true, 0), (false, 0), (false, usize::MAX)] {
            let other = eci_pci_solved(&rows, &kc, &kp, Some(side), limit, 2);
            same(&other.0, &dense.0);
            same(&other.1, &dense.1);
            same(&other.2, &dense.2);
            assert!(other.3.converged && other.3.problem().is_none());
            assert!((other.3.second - dense.3.second).abs() < 1e-9);
        }
    }
}
