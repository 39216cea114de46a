//! The region × industry matrix every concentration index starts from.

use std::collections::HashMap;

/// Why a matrix cannot be built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MatrixError {
    /// A value that is negative or not finite.
    #[error(
        "region `{region}`, industry `{industry}`: value {value} is not a finite non-negative number"
    )]
    Value {
        region: String,
        industry: String,
        value: f64,
    },
    /// No positive value at all.
    #[error("the matrix has no positive value")]
    Empty,
}

/// Employment (or firms, or output) E_ri of region r in industry i, dense,
/// row-major. Regions and industries keep their order of first appearance.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionIndustry {
    regions: Vec<String>,
    industries: Vec<String>,
    /// E_ri at `r * industries.len() + i`.
    values: Vec<f64>,
}

impl RegionIndustry {
    /// A matrix from (region, industry, value) records; repeated pairs are
    /// summed, absent pairs are 0.
    ///
    /// # Errors
    /// [`MatrixError`] for a negative or non-finite value, or no positive
    /// value at all.
    pub fn from_records<'a>(
        records: impl IntoIterator<Item = (&'a str, &'a str, f64)>,
    ) -> Result<Self, MatrixError> {
        let mut regions: Vec<String> = Vec::new();
        let mut industries: Vec<String> = Vec::new();
        let mut region_index: HashMap<&str, usize> = HashMap::new();
        let mut industry_index: HashMap<&str, usize> = HashMap::new();
        let mut cells: Vec<(usize, usize, f64)> = Vec::new();
        for (region, industry, value) in records {
            if !(value.is_finite() && value >= 0.0) {
                return Err(MatrixError::Value {
                    region: region.to_string(),
                    industry: industry.to_string(),
                    value,
                });
            }
            let r = *region_index.entry(region).or_insert_with(|| {
                regions.push(region.to_string());
                regions.len() - 1
            });
            let i = *industry_index.entry(industry).or_insert_with(|| {
                industries.push(industry.to_string());
                industries.len() - 1
            });
            cells.push((r, i, value));
        }
        let mut values = vec![0.0; regions.len() * industries.len()];
        for (r, i, v) in cells {
            values[r * industries.len() + i] += v;
        }
        Self::new(regions, industries, values)
    }

    /// A matrix from its names and row-major values.
    ///
    /// # Errors
    /// As [`RegionIndustry::from_records`].
    ///
    /// # Panics
    /// When `values.len()` is not regions × industries (caller's contract).
    pub fn new(
        regions: Vec<String>,
        industries: Vec<String>,
        values: Vec<f64>,
    ) -> Result<Self, MatrixError> {
        assert_eq!(values.len(), regions.len() * industries.len());
        let n_i = industries.len();
        if let Some(k) = values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
            return Err(MatrixError::Value {
                region: regions[k / n_i].clone(),
                industry: industries[k % n_i].clone(),
                value: values[k],
            });
        }
        if !values.iter().any(|v| *v > 0.0) {
            return Err(MatrixError::Empty);
        }
        Ok(Self {
            regions,
            industries,
            values,
        })
    }

    /// Region names.
    pub fn regions(&self) -> &[String] {
        &self.regions
    }

    /// Industry names.
    pub fn industries(&self) -> &[String] {
        &self.industries
    }

    /// E_ri.
    pub fn get(&self, r: usize, i: usize) -> f64 {
        self.values[r * self.industries.len() + i]
    }

    /// Row r: E_r· over industries.
    pub fn row(&self, r: usize) -> &[f64] {
        let n = self.industries.len();
        &self.values[r * n..(r + 1) * n]
    }

    /// E_r, each region's total.
    pub fn region_totals(&self) -> Vec<f64> {
        (0..self.regions.len())
            .map(|r| self.row(r).iter().sum())
            .collect()
    }

    /// E_i, each industry's total.
    pub fn industry_totals(&self) -> Vec<f64> {
        let mut t = vec![0.0; self.industries.len()];
        for r in 0..self.regions.len() {
            for (ti, v) in t.iter_mut().zip(self.row(r)) {
                *ti += v;
            }
        }
        t
    }

    /// E, the grand total.
    pub fn total(&self) -> f64 {
        self.values.iter().sum()
    }

    /// The matrix without regions and industries whose total is 0 (their
    /// shares would divide by zero), with the names of those left out.
    /// `None` when nothing is left.
    pub fn trimmed(&self) -> Option<(RegionIndustry, Vec<String>, Vec<String>)> {
        let (rt, it) = (self.region_totals(), self.industry_totals());
        let keep_r: Vec<usize> = (0..rt.len()).filter(|&r| rt[r] > 0.0).collect();
        let keep_i: Vec<usize> = (0..it.len()).filter(|&i| it[i] > 0.0).collect();
        let dropped = |totals: &[f64], names: &[String]| {
            totals
                .iter()
                .zip(names)
                .filter(|(t, _)| **t <= 0.0)
                .map(|(_, n)| n.clone())
                .collect::<Vec<_>>()
        };
        let values = keep_r
            .iter()
            .flat_map(|&r| keep_i.iter().map(move |&i| (r, i)))
            .map(|(r, i)| self.get(r, i))
            .collect();
        let m = RegionIndustry::new(
            keep_r.iter().map(|&r| self.regions[r].clone()).collect(),
            keep_i.iter().map(|&i| self.industries[i].clone()).collect(),
            values,
        )
        .ok()?;
        Some((
            m,
            dropped(&rt, &self.regions),
            dropped(&it, &self.industries),
        ))
    }

    /// Column i: E_·i over regions.
    pub fn column(&self, i: usize) -> Vec<f64> {
        (0..self.regions.len()).map(|r| self.get(r, i)).collect()
    }
}
