//! The Alkire–Foster multidimensional poverty measures (Alkire and Foster
//! 2011, *Journal of Public Economics* 95(7–8); Alkire et al. 2015,
//! *Multidimensional Poverty Measurement and Analysis*, ch. 5).
//!
//! Each person has deprivations d_ij ∈ {0, 1} in J indicators with weights
//! w_j (Σ w_j = 1). The score is c_i = Σ_j w_j d_ij; a person is poor when
//! c_i ≥ k (compared with a tolerance of 1e-9: k = 1/3 is not exact in
//! floating point). Then
//!
//! - H = Σ w [poor] / Σ w, the headcount ratio;
//! - A = Σ w c [poor] / Σ w [poor], the intensity (a ratio estimator);
//! - M0 = Σ w c [poor] / Σ w = H × A, the adjusted headcount ratio;
//! - hd_j = Σ w d_j / Σ w (uncensored) and hdk_j = Σ w d_j [poor] / Σ w
//!   (censored headcounts); the contribution of indicator j is
//!   w_j hdk_j / M0 (they sum to 1).
//!
//! A person with a missing indicator is left out (complete cases) and
//! counted, never taken as non-deprived. Every figure is a ratio of
//! weighted totals, estimated with [`clusterdx_survey::CellTable`] in one
//! pass for the whole population and every subgroup, with design-based
//! SEs and each group's own df.

use clusterdx_survey::{CellStatistic, CellTable, Estimate, SurveyDesign};

/// Tolerance of the poverty cut-off comparison c ≥ k.
pub const K_TOLERANCE: f64 = 1e-9;

/// The cells of the MPI table: Σ c·poor, Σ poor, Σ 1, then per indicator
/// Σ d and Σ d·poor.
fn cell_sum_c_poor() -> u32 {
    0
}
fn cell_poor() -> u32 {
    1
}
fn cell_all() -> u32 {
    2
}
fn cell_d(j: usize) -> u32 {
    3 + 2 * j as u32
}
fn cell_d_poor(j: usize) -> u32 {
    4 + 2 * j as u32
}

/// The MPI of every group (group 0: everyone; 1..: the subgroups).
pub struct MpiTable<'d> {
    table: CellTable<'d>,
    weights: Vec<f64>,
    /// Persons left out for a missing indicator.
    pub n_missing: usize,
    /// Persons with a complete deprivation profile.
    pub n_complete: usize,
    /// Each row's deprivation score (`None`: a missing indicator).
    pub scores: Vec<Option<f64>>,
}

/// The figures of one group.
#[derive(Debug, Clone)]
pub struct MpiFigures {
    /// Headcount ratio.
    pub h: Estimate,
    /// Intensity among the poor (`None` without poor persons).
    pub a: Option<Estimate>,
    /// Adjusted headcount ratio.
    pub m0: Estimate,
    /// Uncensored headcount of each indicator.
    pub hd: Vec<Estimate>,
    /// Censored headcount of each indicator.
    pub hdk: Vec<Estimate>,
    /// Each indicator's share of M0 (w_j hdk_j / M0; `None` when M0 = 0).
    pub contributions: Vec<Option<f64>>,
}

impl<'d> MpiTable<'d> {
    /// Scores every person and collects the cell totals. `deprivations[j][i]`
    /// is person i's deprivation in indicator j (any positive value is
    /// deprived; `None` missing); `weights` the indicator weights; `k` the
    /// poverty cut-off; `group[i]` person i's subgroup (0-based, `None`: in
    /// none) out of `n_groups`; `size[i]` the persons row i stands for (a
    /// household's size, so that household rows give person measures;
    /// `None`: 1).
    ///
    /// # Panics
    /// When the lengths disagree with the design (caller's contract).
    pub fn new(
        design: &'d SurveyDesign,
        deprivations: &[Vec<Option<f64>>],
        weights: &[f64],
        k: f64,
        group: Option<&[Option<u32>]>,
        n_groups: usize,
        size: Option<&[f64]>,
    ) -> Self {
        let n = design.len();
        let j_count = weights.len();
        let cells = 3 + 2 * j_count as u32;
        // Each row's score and deprivations (row-major), read once.
        let mut deprived = vec![false; n * j_count];
        let scores: Vec<Option<f64>> = (0..n)
            .map(|i| {
                let d = &mut deprived[i * j_count..(i + 1) * j_count];
                let mut c = 0.0;
                for (j, col) in deprivations.iter().enumerate() {
                    d[j] = col[i]? > 0.0;
                    if d[j] {
                        c += weights[j];
                    }
                }
                Some(c)
            })
            .collect();
        let n_complete = scores.iter().filter(|c| c.is_some()).count();
        let table = CellTable::overall_and_subgroups(design, n_groups, cells as usize, |i, v| {
            let c = scores[i]?;
            let m = size.map_or(1.0, |s| s[i]);
            let poor = c >= k - K_TOLERANCE;
            v[cell_all() as usize] = m;
            if poor {
                v[cell_poor() as usize] = m;
                v[cell_sum_c_poor() as usize] = m * c;
            }
            for (j, _) in deprived[i * j_count..(i + 1) * j_count]
                .iter()
                .enumerate()
                .filter(|(_, d)| **d)
            {
                v[cell_d(j) as usize] = m;
                if poor {
                    v[cell_d_poor(j) as usize] = m;
                }
            }
            Some(group.and_then(|g| g[i]))
        });
        Self {
            table,
            weights: weights.to_vec(),
            n_missing: n - n_complete,
            n_complete,
            scores,
        }
    }

    /// The estimated population of group `g` (0: everyone).
    pub fn population(&self, g: u32) -> f64 {
        self.table.total(g, cell_all())
    }

    /// The figures of group `g` (0: everyone), `None` for an empty group.
    pub fn figures(&self, g: u32) -> Option<MpiFigures> {
        // n: the persons' rows of the denominator (the group's complete
        // rows; for A its poor rows).
        let ratio = |num: u32, den: u32| {
            let mut e = self.table.estimate(
                g,
                &CellStatistic::Ratio {
                    numerator: &[num],
                    denominator: &[den],
                },
            )?;
            e.n = self.table.rows(g, den);
            Some(e)
        };
        let h = ratio(cell_poor(), cell_all())?;
        let m0 = ratio(cell_sum_c_poor(), cell_all())?;
        let hdk: Vec<Estimate> = (0..self.weights.len())
            .map(|j| ratio(cell_d_poor(j), cell_all()))
            .collect::<Option<_>>()?;
        Some(MpiFigures {
            a: ratio(cell_sum_c_poor(), cell_poor()),
            hd: (0..self.weights.len())
                .map(|j| ratio(cell_d(j), cell_all()))
                .collect::<Option<_>>()?,
            contributions: hdk
                .iter()
                .zip(&self.weights)
                .map(|(e, w)| (m0.value > 0.0).then(|| w * e.value / m0.value))
                .collect(),
            hdk,
            h,
            m0,
        })
    }
}
