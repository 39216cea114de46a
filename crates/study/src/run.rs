//! A run: from a validated study to [`Results`]. Writes nothing.

use std::collections::{BTreeMap, HashMap};

use clusterdx_results::{
    CalibrationSummary, ColumnSummary, DatasetSummary, DatasetUnits, DesignSummary, Diagnostic,
    IngestSummary, ReplicatesSummary, Results, SCHEMA_VERSION, SYNTHETIC_NOTICE, SectorUnits,
    StudySummary, Tool, WeightStats,
};

use crate::Validation;
use clusterdx_data::{ValueLabels, compare_codes};

use crate::validate::{LoadedDataset, LoadedStudy, design_structure};

/// How a long step reports its progress (the caller draws it; analyses
/// never print). Called from any thread.
pub trait Progress: Sync {
    /// A step of `total` units begins.
    fn start(&self, what: &str, total: u64);
    /// `done` units of it are finished.
    fn advance(&self, done: u64);
    /// The step is over.
    fn finish(&self);
}

/// Progress that is not shown.
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: &str, _: u64) {}
    fn advance(&self, _: u64) {}
    fn finish(&self) {}
}

/// Runs the enabled analyses on a validated study.
///
/// # Errors
/// The validation's diagnostics when it found errors (a run never proceeds
/// on data that failed validation).
pub fn run(validation: Validation, tool_version: &str) -> Result<Results, Vec<Diagnostic>> {
    run_with_progress(validation, tool_version, &NoProgress)
}

/// [`run`], reporting the long steps (bootstraps) to `progress`.
///
/// # Errors
/// As [`run`].
pub fn run_with_progress(
    validation: Validation,
    tool_version: &str,
    progress: &dyn Progress,
) -> Result<Results, Vec<Diagnostic>> {
    let clean = validation.is_clean();
    let Validation {
        diagnostics,
        loaded,
    } = validation;
    let loaded = match loaded {
        Some(l) if clean => l,
        _ => return Err(diagnostics),
    };
    let spec = &loaded.study.spec;
    let estimates = crate::estimate::run(&loaded)?;
    let cluster = crate::cluster::run(&loaded)?;
    let concentration = crate::concentration::run(&loaded)?;
    let hrd = crate::hrd::run(&loaded)?;
    let poverty = crate::poverty::run(&loaded, cluster.as_ref())?;
    let mpi = crate::mpi::run(&loaded)?;
    let pls = crate::pls::run(&loaded, cluster.as_ref(), progress)?;
    let results = Results {
        schema_version: SCHEMA_VERSION.to_string(),
        tool: Tool {
            name: "clusterdx".into(),
            version: tool_version.to_string(),
        },
        study: StudySummary {
            name: spec.study.name.clone(),
            description: spec.study.description.clone(),
            synthetic: spec.study.synthetic,
            notice: spec.study.synthetic.then(|| SYNTHETIC_NOTICE.to_string()),
            seed: spec.study.seed,
        },
        datasets: dataset_summaries(&loaded),
        warnings: diagnostics,
        ingest_summary: spec
            .analyses
            .ingest_summary
            .then(|| ingest_summary(&loaded)),
        estimates,
        cluster,
        concentration,
        hrd,
        poverty,
        mpi,
        pls,
    };
    Ok(results)
}

/// Column metadata and data quality of every dataset; personal columns are
/// counted, never listed.
pub fn dataset_summaries(loaded: &LoadedStudy) -> Vec<DatasetSummary> {
    loaded
        .datasets
        .iter()
        .map(|ds| {
            let personal = &ds.columns.personal;
            let roles = ds.columns.roles();
            let n = ds.dataset.n_rows();
            let columns = ds
                .dataset
                .columns()
                .iter()
                .filter(|c| !personal.contains(&c.name))
                .map(|c| {
                    let missing = c.missing_count() as u64;
                    let out_of_range = ds
                        .columns
                        .ranges
                        .iter()
                        .filter(|(name, _, _)| *name == c.name)
                        .map(|(_, r, _)| {
                            (0..c.len())
                                .filter(|&i| {
                                    c.f64_at(i).is_some_and(|x| {
                                        r.min.is_some_and(|m| x < m) || r.max.is_some_and(|m| x > m)
                                    })
                                })
                                .count() as u64
                        })
                        .sum();
                    ColumnSummary {
                        name: c.name.clone(),
                        kind: c.logical_type().name().to_string(),
                        label: c.label.clone(),
                        roles: roles
                            .get(c.name.as_str())
                            .map(|r| r.iter().map(|s| s.to_string()).collect())
                            .unwrap_or_default(),
                        missing,
                        missing_share: if n == 0 {
                            0.0
                        } else {
                            missing as f64 / n as f64
                        },
                        out_of_range,
                    }
                })
                .collect();
            DatasetSummary {
                name: ds.name.clone(),
                source: ds.source.clone(),
                format: ds.format.clone(),
                unit: ds.unit.map(|u| u.name().to_string()),
                parent: ds.parent.clone(),
                rows: n as u64,
                columns,
                personal_columns_withheld: personal.len() as u64,
            }
        })
        .collect()
}

/// Sector of every row of `ds`: its own sector column, else the sector of
/// the parent row (repeat groups) or of the first linked dataset that has
/// one, following links at most once per dataset (`visited`). The codes of
/// a personal sector column are withheld.
fn row_sectors(
    ds: &LoadedDataset,
    loaded: &LoadedStudy,
    visited: &mut Vec<String>,
) -> Option<(Vec<Option<String>>, Option<ValueLabels>)> {
    if visited.contains(&ds.name) {
        return None;
    }
    visited.push(ds.name.clone());
    let data = &ds.dataset;
    if let Some(col) = ds
        .columns
        .concepts
        .get("sector")
        .and_then(|c| data.column(c))
    {
        if ds.columns.is_personal(&col.name) {
            let withheld = Some(crate::validate::WITHHELD.to_string());
            return Some((vec![withheld; data.n_rows()], None));
        }
        let labels = ds
            .columns
            .value_sets
            .get(&col.name)
            .cloned()
            .or_else(|| col.value_labels.clone());
        return Some(((0..data.n_rows()).map(|i| col.code_at(i)).collect(), labels));
    }
    // Through the parent (repeat group) or a declared link:
    // (target, local column, target key column).
    let mut hops: Vec<(String, String, Option<String>)> = Vec::new();
    if let Some(link) = &data.parent {
        hops.push((
            ds.parent.clone().unwrap_or(link.parent.clone()),
            link.child_column.clone(),
            Some(link.parent_column.clone()),
        ));
    }
    for l in &ds.columns.links {
        let Some(t) = loaded.dataset(&l.to) else {
            continue;
        };
        if let Ok(key) = crate::validate::target_key(&loaded.study, t, l.to_column.as_ref()) {
            hops.push((l.to.clone(), l.column.clone(), Some(key)));
        }
    }
    for (target, local, key) in hops {
        let Some(t) = loaded.dataset(&target) else {
            continue;
        };
        let Some(key) = key.or_else(|| t.columns.id.clone()) else {
            continue;
        };
        let (Some(kc), Some(lc)) = (t.dataset.column(&key), data.column(&local)) else {
            continue;
        };
        let Some((target_sectors, labels)) = row_sectors(t, loaded, visited) else {
            continue;
        };
        let mut index: HashMap<String, Option<String>> = HashMap::with_capacity(kc.len());
        for (i, sector) in target_sectors.iter().enumerate().take(kc.len()) {
            if let Some(k) = kc.code_at(i) {
                index.entry(k).or_insert_with(|| sector.clone());
            }
        }
        let sectors = (0..data.n_rows())
            .map(|i| lc.code_at(i).and_then(|k| index.get(&k).cloned().flatten()))
            .collect();
        return Some((sectors, labels));
    }
    None
}

/// Code under which rows without a sector are counted (missing sector, or
/// no linked unit that has one).
pub const NO_SECTOR: &str = "(none)";

/// Units per dataset and sector, with design summaries.
pub fn ingest_summary(loaded: &LoadedStudy) -> IngestSummary {
    let datasets = loaded
        .datasets
        .iter()
        .map(|ds| {
            let data = &ds.dataset;
            let weights: Option<Vec<f64>> = ds
                .columns
                .weights
                .as_ref()
                .and_then(|w| data.column(w))
                .map(|c| (0..c.len()).map(|i| c.f64_at(i).unwrap_or(0.0)).collect());
            let mut by_sector = Vec::new();
            if let Some((sectors, labels)) = row_sectors(ds, loaded, &mut Vec::new()) {
                let mut acc: BTreeMap<String, (u64, f64)> = BTreeMap::new();
                for (i, s) in sectors.iter().enumerate() {
                    let key = s.clone().unwrap_or_else(|| NO_SECTOR.into());
                    let e = acc.entry(key).or_default();
                    e.0 += 1;
                    e.1 += weights.as_ref().map_or(0.0, |w| w[i]);
                }
                // Code order: numeric codes numerically, then text codes.
                let mut rows: Vec<(String, (u64, f64))> = acc.into_iter().collect();
                rows.sort_by(|a, b| compare_codes(&a.0, &b.0));
                by_sector = rows
                    .into_iter()
                    .map(|(code, (n, w))| SectorUnits {
                        label: labels
                            .as_ref()
                            .and_then(|l| l.get(&code))
                            .map(str::to_string),
                        code,
                        units: n,
                        weighted_units: weights.as_ref().map(|_| w),
                    })
                    .collect();
            }
            let design = ds.spec.as_ref().and_then(|s| s.design.as_ref()).map(|d| {
                let st = design_structure(ds);
                DesignSummary {
                    weights: ds.columns.weights.clone(),
                    strata: st.psus_per_stratum.len() as u64,
                    psus: st.n_psu,
                    single_psu_strata: st
                        .single_psu
                        .iter()
                        .map(|s| match &ds.columns.strata {
                            Some(col) => ds.columns.shown(col, s),
                            None => s.clone(),
                        })
                        .collect(),
                    lonely_psu: d.lonely_psu.name().to_string(),
                    fpc: ds.columns.fpc.is_some(),
                    weight_stats: weights.as_ref().and_then(|w| weight_stats(w)),
                    variance: ds.survey.as_ref().map(|b| b.variance.clone()),
                    replicates: ds.survey.as_ref().and_then(|b| {
                        b.replicates.as_ref().map(|r| ReplicatesSummary {
                            method: r.method.clone(),
                            count: r.count as u64,
                            made: r.made,
                            seed: r.seed,
                        })
                    }),
                    calibration: ds.survey.as_ref().and_then(|b| {
                        b.calibration.as_ref().map(|c| CalibrationSummary {
                            method: c.method.clone(),
                            margins: c.margins.clone(),
                            iterations: c.report.iterations as u64,
                            max_relative_gap: c.report.max_relative_gap,
                            adjustment_min: c.report.adjustment_range.0,
                            adjustment_max: c.report.adjustment_range.1,
                        })
                    }),
                }
            });
            DatasetUnits {
                dataset: ds.name.clone(),
                units: data.n_rows() as u64,
                weighted_units: weights.as_ref().map(|w| w.iter().sum()),
                by_sector,
                design,
            }
        })
        .collect();
    IngestSummary { datasets }
}

/// Range, sum, coefficient of variation (population form) and Kish's
/// design effect due to unequal weighting, deff = 1 + cv² (Kish 1965, §11.7),
/// over the positive weights (zero weights mark units out of scope).
fn weight_stats(w: &[f64]) -> Option<WeightStats> {
    let w: Vec<f64> = w.iter().copied().filter(|x| *x > 0.0).collect();
    if w.is_empty() {
        return None;
    }
    let n = w.len() as f64;
    let sum: f64 = w.iter().sum();
    let mean = sum / n;
    let var = w.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n;
    let cv = if mean > 0.0 {
        var.sqrt() / mean
    } else {
        f64::NAN
    };
    Some(WeightStats {
        min: w.iter().copied().fold(f64::INFINITY, f64::min),
        max: w.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        sum,
        cv,
        kish_deff: 1.0 + cv * cv,
    })
}
