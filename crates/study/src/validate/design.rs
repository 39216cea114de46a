//! The structure of a dataset's design: strata and their PSUs.

use std::collections::{BTreeMap, HashSet};

use super::LoadedDataset;

/// The stratum key of rows in an unstratified design.
pub(crate) const ONE_STRATUM: &str = "(all)";

/// Strata and PSU counts of a dataset's design.
#[derive(Debug, Clone, Default)]
pub(crate) struct DesignStructure {
    /// Stratum key → number of distinct PSUs.
    pub psus_per_stratum: BTreeMap<String, u64>,
    /// Strata with one PSU that is not the stratum's whole population
    /// (an fpc of 1 PSU, or a fraction of 1, makes a take-all stratum,
    /// which has no variance to estimate and is not lonely).
    pub single_psu: Vec<String>,
    /// PSUs in all.
    pub n_psu: u64,
}

/// The stratum key of row `i` ([`ONE_STRATUM`] when unstratified, `None`
/// when the stratum is missing).
pub(crate) fn stratum_of(ds: &LoadedDataset, i: usize) -> Option<String> {
    match ds
        .columns
        .strata
        .as_ref()
        .and_then(|s| ds.dataset.column(s))
    {
        Some(c) => c.code_at(i),
        None => Some(ONE_STRATUM.to_string()),
    }
}

/// Counts PSUs per stratum (PSU ids nested in strata). Rows without a
/// stratum or PSU value are skipped (they are reported separately).
pub(crate) fn design_structure(ds: &LoadedDataset) -> DesignStructure {
    let data = &ds.dataset;
    let psu = ds.columns.psu.as_ref().and_then(|s| data.column(s));
    let fpc = ds.columns.fpc.as_ref().and_then(|s| data.column(s));
    let mut sets: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut take_all: BTreeMap<String, bool> = BTreeMap::new();
    for i in 0..data.n_rows() {
        let Some(s) = stratum_of(ds, i) else { continue };
        let all = fpc.and_then(|c| c.f64_at(i)).is_some_and(|f| f == 1.0);
        *take_all.entry(s.clone()).or_insert(true) &= all;
        let p = match psu {
            Some(c) => match c.code_at(i) {
                Some(p) => p,
                None => continue,
            },
            None => format!("row{i}"),
        };
        sets.entry(s).or_default().insert(p);
    }
    let psus_per_stratum: BTreeMap<String, u64> = sets
        .iter()
        .map(|(s, p)| (s.clone(), p.len() as u64))
        .collect();
    DesignStructure {
        single_psu: psus_per_stratum
            .iter()
            .filter(|(s, n)| **n == 1 && !take_all.get(*s).copied().unwrap_or(false))
            .map(|(s, _)| s.clone())
            .collect(),
        n_psu: psus_per_stratum.values().sum(),
        psus_per_stratum,
    }
}
