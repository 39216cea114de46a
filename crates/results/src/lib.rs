//! The results of a clusterdx run as plain data.
//!
//! Analyses fill these structs; renderers (JSON, terminal, and later HTML
//! and XLSX) read them and never compute. The JSON form is `results.json`,
//! documented in `docs/results.md`; [`SCHEMA_VERSION`] follows semantic
//! versioning: a new field is a minor bump, a removed or changed one a major.

mod diagnostic;
mod hrd;
mod pls;
mod poverty;

pub use diagnostic::{Diagnostic, Severity, StudyPosition};
pub use hrd::{
    ActorCentrality, Capacity, Edge, ExpectedLink, Figure, Hrd, HrdSector, HrdSummary,
    IndexComponent, InvalidCode, LevelCoverage, Linkages, LocalDefinition, LocalParticipation,
    OriginShares, Participation, ProviderTraining, ShareCell, SourceDifference, SourceReport,
    StakeholderProgrammes, TrainedShare, TrainingGap,
};
pub use pls::{
    ItemCount, PlsBootstrap, PlsConstruct, PlsEffect, PlsEstimate, PlsIndirect, PlsItem,
    PlsItemPrediction, PlsModel, PlsMultigroup, PlsPair, PlsPath, PlsPathDifference, PlsPower,
    PlsPredict,
};
pub use poverty::{
    Inequality, LineMeasures, Mpi, MpiAtK, MpiComparison, MpiGroup, MpiIndicator, NamedRatio,
    Parametrised, Poverty, PovertyChange, PovertyComparison, PovertyContrast, PovertyDomain,
    PovertyLine, SensitivityPoint,
};

use serde::{Deserialize, Serialize};

/// Version of the `results.json` schema.
pub const SCHEMA_VERSION: &str = "2.0.0";

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
    /// The cluster diagnostic, when `[analyses.cluster]` is requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cluster: Option<ClusterDiagnostic>,
    /// Concentration, specialisation and complexity indices, when
    /// `[analyses.concentration]` is requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub concentration: Option<Concentration>,
    /// Human-resource development by sector, when `[analyses.hrd]` is
    /// requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hrd: Option<Hrd>,
    /// Monetary poverty and inequality, when `[analyses.poverty]` is
    /// requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub poverty: Option<Poverty>,
    /// The multidimensional poverty index, when `[analyses.mpi]` is
    /// requested.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mpi: Option<Mpi>,
    /// Structural models (PLS-SEM), when requested.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub pls: Vec<PlsModel>,
}

/// Indices of a region × industry table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Concentration {
    /// The dataset.
    pub dataset: String,
    /// RCA threshold of the complexity measures.
    pub threshold: f64,
    /// Convention of `locational_gini`: `lorenz`, `half_lorenz`,
    /// `unweighted_lq`.
    pub gini: String,
    /// Per region, in order of first appearance.
    pub regions: Vec<RegionIndices>,
    /// Per industry, in order of first appearance.
    pub industries: Vec<IndustryIndices>,
    /// Location quotients, regions × industries (`null` where undefined).
    pub location_quotients: Vec<Vec<Option<f64>>>,
    /// λ₂ of the complexity eigenproblem (λ₁ = 1).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub second_eigenvalue: Option<f64>,
    /// Relative gap (λ₂ − λ₃)/λ₂: ECI and PCI are well determined only
    /// when it is clearly positive.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eigen_gap: Option<f64>,
    /// Why ECI and PCI are ill-determined, when they are.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub complexity_warning: Option<String>,
    /// Proximity φ between industries (industries × industries, diagonal
    /// 0), when the matrices are written.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub proximity: Vec<Vec<f64>>,
    /// Density of each industry around each region (regions × industries).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub density: Vec<Vec<f64>>,
    /// Complexity outlook gain (regions × industries).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub cog: Vec<Vec<Option<f64>>>,
    /// What was left out, and why (large matrices).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
    /// Regions left out because their total is 0.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dropped_regions: Vec<String>,
    /// Industries left out because their total is 0.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub dropped_industries: Vec<String>,
}

/// Specialisation and complexity of one region.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegionIndices {
    /// Region code.
    pub region: String,
    /// Total count.
    pub total: f64,
    /// Krugman specialisation Σ|s_ri − s_i|.
    pub krugman: f64,
    /// Hoover specialisation (half of Krugman's).
    pub hoover: f64,
    /// Industrial Herfindahl Σ s_ri².
    pub hhi: f64,
    /// Shannon entropy (natural log).
    pub entropy: f64,
    /// Hachman index.
    pub hachman: f64,
    /// Industries with RCA ≥ threshold.
    pub diversity: u64,
    /// Economic complexity index.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eci: Option<f64>,
    /// Complexity outlook index.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub coi: Option<f64>,
}

/// Localisation and complexity of one industry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndustryIndices {
    /// Industry code.
    pub industry: String,
    /// Label, when the column has value labels.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Total count.
    pub total: f64,
    /// Hoover localisation ½Σ|q_ri − x_r|.
    pub hoover: f64,
    /// Geographic Herfindahl Σ q_ri².
    pub hhi: f64,
    /// Locational Gini, in the convention of [`Concentration::gini`].
    pub locational_gini: f64,
    /// Ellison–Glaeser raw concentration G = Σ (q_ri − x_r)².
    pub raw_concentration: f64,
    /// Plant Herfindahl H = Σ z_k² of the industry's plants (with plant
    /// data).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub plant_hhi: Option<f64>,
    /// Ellison–Glaeser γ (with plant data).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ellison_glaeser: Option<f64>,
    /// Maurel–Sédillot γ (with plant data).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub maurel_sedillot: Option<f64>,
    /// Regions with RCA ≥ threshold.
    pub ubiquity: u64,
    /// Product (industry) complexity index.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub pci: Option<f64>,
}

/// The cluster diagnostic: the indicator × sector matrix with evidence,
/// each sector's class, what would move it up, and how stable it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterDiagnostic {
    /// Framework name (`default`, or the study's).
    pub framework: String,
    /// Vocabulary of the class names (`default`, `enright`).
    pub typology: String,
    /// Dimensions (id, name).
    pub dimensions: Vec<Dimension>,
    /// Indicators with their evidence sources and cut-offs.
    pub indicators: Vec<IndicatorInfo>,
    /// The classification rule as applied.
    pub rule: RuleInfo,
    /// One entry per sector, in code order.
    pub sectors: Vec<SectorDiagnosis>,
    /// Replicates behind `stability` (0: none): made by bootstrap from the
    /// firm survey's strata and PSUs, or its own replicate weights.
    pub replicates: u64,
    /// Seed of the bootstrap.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub seed: Option<u64>,
    /// Multipliers applied to each cut-off for `threshold_effects`.
    pub factors: Vec<f64>,
    /// What could not be done as asked (a design that cannot be resampled).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// A dimension of the framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dimension {
    /// Id (`B`).
    pub id: String,
    /// Name.
    pub name: String,
}

/// An indicator of the framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorInfo {
    /// Id (`C1`).
    pub id: String,
    /// Dimension id.
    pub dimension: String,
    /// Name.
    pub name: String,
    /// Its evidence sources.
    pub sources: Vec<SourceInfo>,
}

/// An evidence source and its cut-offs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceInfo {
    /// `share`, `mean`, `total`, `checklist`, `choice`, `location_quotient`,
    /// `network_density`.
    pub kind: String,
    /// Dataset unit kind it reads.
    pub unit: String,
    /// Cut-off for present.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub present: Option<f64>,
    /// Cut-off for partial.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partial: Option<f64>,
    /// What the evidence is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// The classification rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleInfo {
    /// Gate conditions that must all hold.
    pub gate_all: Vec<String>,
    /// Gate conditions of which one must hold.
    pub gate_any: Vec<String>,
    /// Dimensions of the interaction score.
    pub interaction: Vec<String>,
    /// Interaction score of a functional cluster.
    pub functional: f64,
    /// Conditions a functional cluster meets, all …
    pub functional_all: Vec<String>,
    /// … and one of these.
    pub functional_any: Vec<String>,
    /// Interaction score of a potential cluster.
    pub potential: f64,
    /// Weights of the interaction dimensions (empty: equal).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty", default)]
    pub dimension_weights: std::collections::BTreeMap<String, f64>,
    /// Indicator weights other than 1.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty", default)]
    pub indicator_weights: std::collections::BTreeMap<String, f64>,
}

/// One sector's diagnosis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectorDiagnosis {
    /// Sector code.
    pub sector: String,
    /// Sector label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// `functional cluster`, `potential cluster`, `agglomeration`,
    /// `policy-driven`, `not a cluster` (in the typology's words).
    pub class: String,
    /// The class in the default typology's words, whatever the typology
    /// (for grouping sectors: `functional cluster`, `potential cluster`,
    /// `agglomeration`, `policy-driven`, `not a cluster`).
    #[serde(default)]
    pub class_id: String,
    /// Whether the critical-mass gate passed.
    pub gate: bool,
    /// The interaction score.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interaction: Option<f64>,
    /// Mean score per dimension.
    pub dimensions: std::collections::BTreeMap<String, f64>,
    /// Indicators present (score 1).
    pub present: Vec<String>,
    /// Indicators partial (0.5, or between 0 and 1 when sources disagree).
    pub partial: Vec<String>,
    /// Indicators absent (0).
    pub missing: Vec<String>,
    /// Indicators without evidence.
    pub no_evidence: Vec<String>,
    /// The policy flag (a government designation).
    pub policy_flag: bool,
    /// Each indicator's score and evidence.
    pub indicators: Vec<IndicatorResult>,
    /// The smallest sets of indicator raises that would move the sector up
    /// a class (fewest indicators first).
    pub to_next_class: Vec<Vec<RaiseInfo>>,
    /// Share of bootstrap replicates in which the class holds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stability: Option<f64>,
    /// Cut-offs set for this sector in the study file.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sector_cutoffs: Vec<String>,
    /// Cut-off moves that change an indicator's score (and maybe the class).
    pub threshold_effects: Vec<ThresholdInfo>,
}

/// One indicator for one sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorResult {
    /// Indicator id.
    pub id: String,
    /// Score (mean of the sources'), none without evidence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score: Option<f64>,
    /// True when a source's interval straddles a cut-off.
    pub uncertain: bool,
    /// Evidence per source, in the framework's order.
    pub evidence: Vec<Option<EvidenceInfo>>,
    /// Coded interview segments bearing on the indicator (a joint display).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub qualitative: Option<QualitativeInfo>,
}

/// The qualitative evidence on one indicator for one sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QualitativeInfo {
    /// Segments supporting the indicator.
    pub supports: u64,
    /// Segments contradicting it.
    pub contradicts: u64,
    /// Segments coded with it whose stance is not recorded: shown, counted
    /// neither way.
    #[serde(default)]
    pub unstated: u64,
    /// Whether most segments agree with the score (support and ≥ 0.5, or
    /// contradict and < 0.5); none without a score or on a tie.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agrees: Option<bool>,
    /// The segments, in file order.
    pub segments: Vec<SegmentInfo>,
}

/// One coded segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentInfo {
    /// Its code.
    pub code: String,
    /// `supports`, `contradicts` or `unstated`.
    pub stance: String,
    /// The interview or document (withheld when personal).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub interview: Option<String>,
    /// The informant's stakeholder type.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stakeholder: Option<String>,
    /// The quote (withheld when its column is personal).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub quote: Option<String>,
}

/// The evidence of one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceInfo {
    /// The value compared with the cut-offs.
    pub value: f64,
    /// The source's score.
    pub score: f64,
    /// Standard error (survey estimates).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub se: Option<f64>,
    /// Confidence interval (survey estimates).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci: Option<[f64; 2]>,
    /// Units behind it.
    pub n: u64,
}

/// Raise an indicator to a score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaiseInfo {
    /// Indicator id.
    pub indicator: String,
    /// Score now.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub from: Option<f64>,
    /// Score needed.
    pub to: f64,
}

/// A cut-off move that changes an indicator's score for a sector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThresholdInfo {
    /// Indicator id.
    pub indicator: String,
    /// Source (1 = first).
    pub source: u64,
    /// Multiplier applied to its cut-offs.
    pub factor: f64,
    /// The indicator's score before the move.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score_before: Option<f64>,
    /// Its score after.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub score_after: Option<f64>,
    /// The sector's class after the move.
    pub class: String,
    /// True when the class changes.
    pub class_changed: bool,
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
