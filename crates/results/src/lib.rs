//! The results of a clusterdx run as plain data.
//!
//! Analyses fill these structs; renderers (JSON, terminal, and later HTML
//! and XLSX) read them and never compute. The JSON form is `results.json`,
//! documented in `docs/results.md`; [`SCHEMA_VERSION`] follows semantic
//! versioning: a new field is a minor bump, a removed or changed one a major.

mod diagnostic;

pub use diagnostic::{Diagnostic, Severity, StudyPosition};

use serde::{Deserialize, Serialize};

/// Version of the `results.json` schema.
pub const SCHEMA_VERSION: &str = "1.2.0";

/// Notice carried by every output of a synthetic study.
pub const SYNTHETIC_NOTICE: &str = "SYNTHETIC DATA: generated for demonstration; not observations of real firms, workers or households.";

/// Everything a run produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Results {
    /// Schema version of this document.
    pub schema_version: String,
    /// The tool that wrote it.
    pub tool: Tool,
    /// The study.
    pub study: StudySummary,
    /// Each dataset read.
    pub datasets: Vec<DatasetSummary>,
    /// Warnings from reading and validation (errors stop a run before results).
    pub warnings: Vec<Diagnostic>,
    /// Ingest summary: units per dataset and sector, and design summaries.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ingest_summary: Option<IngestSummary>,
    /// Design-based estimates (`[[analyses.estimate]]`), in study order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub estimates: Vec<EstimateTable>,
}

/// One requested estimate: overall, then one row per domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateTable {
    /// Dataset.
    pub dataset: String,
    /// `mean`, `total`, `proportion`, `ratio` or `quantile`.
    pub statistic: String,
    /// Variable (column name).
    pub variable: String,
    /// Denominator of a ratio.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub denominator: Option<String>,
    /// Category counted by a proportion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub category: Option<String>,
    /// Quantile probability.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p: Option<f64>,
    /// Interval method of a proportion: `logit`, `wald`, `beta`, `asin`.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interval: Option<String>,
    /// Domain column, when by domain.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub by: Option<String>,
    /// Confidence level of the intervals.
    pub level: f64,
    /// How the variance was estimated: `taylor` (with `, two-stage`),
    /// `replicate: METHOD, R replicates`, `srs` without a design; `,
    /// raked` or `, post-stratified` when calibrated.
    pub variance: String,
    /// The overall estimate first, then the domains in code order.
    pub rows: Vec<EstimateRow>,
    /// Differences between domains, or with another survey round.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub differences: Vec<DifferenceRow>,
}

/// A difference of two estimates with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DifferenceRow {
    /// Domain code of the first term (`None`: overall).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<String>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// What is subtracted: `domain 1` (another domain of the same sample)
    /// or `dataset baseline` (the same domain in an independent sample).
    pub versus: String,
    /// The difference.
    pub value: f64,
    /// Its standard error.
    pub se: f64,
    /// Confidence limits on t with `df`.
    pub ci: [f64; 2],
    /// Degrees of freedom (design df; Welch–Satterthwaite across samples).
    pub df: f64,
    /// Two-sided p-value of no difference.
    pub p_value: f64,
}

/// One estimate with its uncertainty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EstimateRow {
    /// Domain code (`None` for the overall estimate).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub domain: Option<String>,
    /// Domain label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Point estimate.
    pub value: f64,
    /// Standard error.
    pub se: f64,
    /// Confidence limits (t with `df`; logit for proportions).
    pub ci: [f64; 2],
    /// Degrees of freedom (the domain's own for domains).
    pub df: f64,
    /// Coefficient of variation.
    pub cv: f64,
    /// Rows used.
    pub n: u64,
    /// Rows left out for a missing value.
    pub n_missing: u64,
    /// Design effect vs SRS with replacement.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deff_wr: Option<f64>,
    /// Design effect vs SRS without replacement (R's form).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub deff_wor: Option<f64>,
}

/// Name and version of the writing tool.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tool {
    /// `clusterdx`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// The study's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudySummary {
    /// Title.
    pub name: String,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// True for synthetic data.
    pub synthetic: bool,
    /// [`SYNTHETIC_NOTICE`] when synthetic.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notice: Option<String>,
    /// Seed of random steps.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seed: Option<u64>,
}

/// One dataset as read. Personal columns are counted, never listed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetSummary {
    /// Study name of the dataset (`firms`, or `firms/roster` for a repeat group).
    pub name: String,
    /// Source file, as written in the study file.
    pub source: String,
    /// Format read.
    pub format: String,
    /// Unit kind, when declared.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub unit: Option<String>,
    /// Parent dataset of a repeat group.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub parent: Option<String>,
    /// Number of rows.
    pub rows: u64,
    /// Non-personal columns.
    pub columns: Vec<ColumnSummary>,
    /// How many personal columns were read and withheld from outputs.
    pub personal_columns_withheld: u64,
}

/// One column's metadata and data quality.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnSummary {
    /// Name.
    pub name: String,
    /// Logical type (`float`, `integer`, `categorical`, `text`, `date`, `date_time`, `boolean`).
    #[serde(rename = "type")]
    pub kind: String,
    /// Variable label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// What the study file maps it to: `id`, `weights`, `strata`, `psu`,
    /// `fpc`, `ssu`, `fpc2`, concepts and variable names.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub roles: Vec<String>,
    /// Missing values.
    pub missing: u64,
    /// Missing share (0–1).
    pub missing_share: f64,
    /// Values outside the declared range.
    #[serde(skip_serializing_if = "is_zero", default)]
    pub out_of_range: u64,
}

fn is_zero(x: &u64) -> bool {
    *x == 0
}

/// Units per dataset and sector; design summaries.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IngestSummary {
    /// One entry per dataset.
    pub datasets: Vec<DatasetUnits>,
}

/// Units of one dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetUnits {
    /// Dataset name.
    pub dataset: String,
    /// Rows.
    pub units: u64,
    /// Sum of weights (the estimated population), when weighted.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weighted_units: Option<f64>,
    /// Per sector, when a sector is mapped (directly or through a link).
    pub by_sector: Vec<SectorUnits>,
    /// The design, when declared.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub design: Option<DesignSummary>,
}

/// Units of one sector in one dataset.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorUnits {
    /// Sector code.
    pub code: String,
    /// Sector label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Rows.
    pub units: u64,
    /// Sum of weights.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weighted_units: Option<f64>,
}

/// A survey design at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DesignSummary {
    /// Weight column, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weights: Option<String>,
    /// Number of strata (1 when unstratified).
    pub strata: u64,
    /// Number of PSUs (rows when unclustered).
    pub psus: u64,
    /// Strata with a single PSU.
    pub single_psu_strata: Vec<String>,
    /// Lonely-PSU policy.
    pub lonely_psu: String,
    /// True when a finite-population correction is given.
    pub fpc: bool,
    /// Weight range and coefficient of variation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight_stats: Option<WeightStats>,
    /// How variances are computed (as in [`EstimateTable::variance`]), when
    /// the design could be built.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub variance: Option<String>,
    /// Replicate weights, when the design has them.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub replicates: Option<ReplicatesSummary>,
    /// The calibration, when one is declared.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub calibration: Option<CalibrationSummary>,
}

/// Replicate weights at a glance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicatesSummary {
    /// `brr`, `fay`, `jk1`, `jkn` or `bootstrap`.
    pub method: String,
    /// Number of replicates.
    pub count: u64,
    /// True when made from the design (not read from columns).
    pub made: bool,
    /// Seed of a made bootstrap.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seed: Option<u64>,
}

/// How a calibration went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationSummary {
    /// `rake` or `poststratify`.
    pub method: String,
    /// Margin columns.
    pub margins: Vec<String>,
    /// Raking passes (1 for post-stratification).
    pub iterations: u64,
    /// Largest relative gap left between a calibrated count and its target.
    pub max_relative_gap: f64,
    /// Smallest ratio of calibrated to initial weight.
    pub adjustment_min: f64,
    /// Largest ratio of calibrated to initial weight.
    pub adjustment_max: f64,
}

/// Weight distribution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeightStats {
    /// Smallest weight.
    pub min: f64,
    /// Largest weight.
    pub max: f64,
    /// Sum.
    pub sum: f64,
    /// Coefficient of variation (population sd / mean).
    pub cv: f64,
    /// Kish's approximate design effect due to weighting, 1 + cv².
    pub kish_deff: f64,
}
