//! Poverty and inequality results (`[analyses.poverty]`).

use serde::{Deserialize, Serialize};

use crate::Figure;

/// Poverty and inequality of household welfare.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Poverty {
    /// The household dataset.
    pub dataset: String,
    /// What welfare is, in words (`consumption per adult equivalent, in
    /// 2013-14 prices`).
    pub welfare: String,
    /// True when households are weighted by their size (measures of
    /// persons).
    pub person_weighted: bool,
    /// Confidence level.
    pub level: f64,
    /// The poverty lines, in welfare units.
    pub lines: Vec<PovertyLine>,
    /// Households left out: no welfare, or no household size or adult
    /// equivalents.
    pub left_out: u64,
    /// Everyone first, then each domain.
    pub domains: Vec<PovertyDomain>,
    /// Worker households of each sector against non-worker households of
    /// the same districts: descriptive contrasts, not causal effects.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub comparisons: Vec<PovertyComparison>,
    /// Other contrasts between groups of households: worker households by
    /// the worker's origin (local or migrant), and by the class of the
    /// worker's sector (clusters or agglomerations). Descriptive.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub contrasts: Vec<PovertyContrast>,
    /// The round variable, when the study has rounds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rounds: Option<String>,
    /// Each measure's change between consecutive rounds (later − earlier).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub changes: Vec<PovertyChange>,
    /// The headcount at the first line scaled by 0.5, 0.6, … 1.5 (a
    /// poverty-line sensitivity curve).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub sensitivity: Vec<SensitivityPoint>,
    /// What could not be estimated, and why.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// A measure's change from one round to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PovertyChange {
    /// The earlier round's code.
    pub from: String,
    /// The later round's code.
    pub to: String,
    /// The poverty line, for poverty measures.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<String>,
    /// The measure: `FGT(0)`, `Watts`, `Sen`, `SST`, `mean`, `median`,
    /// `Gini`, `GE(1)`, `Atkinson(0.5)`, `Palma`.
    pub measure: String,
    /// Later − earlier, with the SE of the difference.
    pub figure: Figure,
}

/// Two groups of households compared at the first line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PovertyContrast {
    /// What is compared.
    pub what: String,
    /// The first group.
    pub a: String,
    /// The second group.
    pub b: String,
    /// The poverty line.
    pub line: String,
    /// Headcount of the first group's members.
    pub headcount_a: Figure,
    /// Headcount of the second group's members.
    pub headcount_b: Figure,
    /// a − b, with the covariance through shared PSUs.
    pub headcount_difference: Figure,
    /// Mean welfare, a − b.
    pub mean_difference: Figure,
}

/// The headcount at one scaled line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityPoint {
    /// The line.
    pub line: f64,
    /// The headcount ratio there.
    pub headcount: Figure,
}

/// A poverty line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PovertyLine {
    /// Name.
    pub name: String,
    /// Value in welfare units (a relative line: as computed).
    pub value: f64,
    /// The prices the value is in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub base_year: Option<String>,
    /// For a relative line: `0.6 × median`, and so on.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub relative: Option<String>,
}

/// The measures of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PovertyDomain {
    /// The domain variable (`None`: everyone).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub by: Option<String>,
    /// The domain's code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<String>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Households.
    pub n: u64,
    /// Mean welfare.
    pub mean: Figure,
    /// Median welfare (SE through a kernel density estimate at the median).
    pub median: Figure,
    /// Per poverty line.
    pub lines: Vec<LineMeasures>,
    /// Inequality.
    pub inequality: Inequality,
}

/// Poverty at one line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LineMeasures {
    /// The line's name.
    pub line: String,
    /// FGT(α) for each α, in order.
    pub fgt: Vec<Parametrised>,
    /// Watts index.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub watts: Option<Figure>,
    /// Sen's index.
    pub sen: Figure,
    /// Sen–Shorrocks–Thon index.
    pub sst: Figure,
}

/// A measure at one parameter value (α, θ or ε).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parametrised {
    /// The parameter.
    pub parameter: f64,
    /// The measure.
    pub figure: Figure,
}

/// Inequality of one domain.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Inequality {
    /// Gini, population form.
    pub gini: Figure,
    /// Gini × n/(n − 1), the sample form some peers report.
    pub gini_sample: f64,
    /// Generalised entropy GE(θ).
    pub generalised_entropy: Vec<Parametrised>,
    /// Atkinson(ε).
    pub atkinson: Vec<Parametrised>,
    /// Income share of the richest 10% ÷ the poorest 40%.
    pub palma: Figure,
    /// Richest 20% ÷ poorest 20%.
    pub s80_s20: Figure,
    /// 90th ÷ 10th percentile.
    pub p90_p10: Figure,
    /// The study file's other share and quantile ratios.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub other_ratios: Vec<NamedRatio>,
    /// The Lorenz curve at 0.1, 0.2, …, 0.9.
    pub lorenz: Vec<f64>,
}

/// A share or quantile ratio the study file asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedRatio {
    /// `S90/S10` (income share of the richest 10% ÷ the poorest 10%) or
    /// `P75/P25` (quantile ratio).
    pub name: String,
    /// The ratio.
    pub figure: Figure,
}

/// Worker households of a sector against comparable non-worker
/// households.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PovertyComparison {
    /// The sector.
    pub sector: String,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// The districts the comparison households are drawn from.
    pub districts: Vec<String>,
    /// The poverty line.
    pub line: String,
    /// Headcount of the worker households' members.
    pub headcount_workers: Figure,
    /// Headcount of the comparison households' members.
    pub headcount_others: Figure,
    /// Workers − others, with the covariance through shared PSUs.
    pub headcount_difference: Figure,
    /// Mean welfare, workers − others.
    pub mean_difference: Figure,
}

/// The Alkire–Foster multidimensional poverty index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mpi {
    /// The household dataset.
    pub dataset: String,
    /// The built-in structure used, with its source.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub template: Option<String>,
    /// The poverty cut-off.
    pub k: f64,
    /// True when households are weighted by their size (measures of
    /// persons).
    pub person_weighted: bool,
    /// Confidence level.
    pub level: f64,
    /// The indicators, in order.
    pub indicators: Vec<MpiIndicator>,
    /// Households with every indicator.
    pub complete: u64,
    /// Households left out for a missing indicator (never counted as
    /// non-poor).
    pub missing: u64,
    /// Everyone first, then each subgroup.
    pub groups: Vec<MpiGroup>,
    /// H, A and M0 of everyone at other cut-offs.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub other_k: Vec<MpiAtK>,
    /// Share of everyone with a score in [0, 0.1), [0.1, 0.2), … [0.9, 1].
    pub intensity: Vec<f64>,
    /// Worker households of each sector against non-worker households of
    /// the same districts: descriptive contrasts, not causal effects.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub comparisons: Vec<MpiComparison>,
    /// The round variable, when the study has rounds.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub rounds: Option<String>,
    /// H, A and M0's changes between consecutive rounds (later − earlier).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub changes: Vec<PovertyChange>,
    /// What could not be estimated, and why.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub notes: Vec<String>,
}

/// A sector's worker households against comparable non-worker households,
/// at the MPI's k.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpiComparison {
    /// The sector.
    pub sector: String,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// The districts the comparison households are drawn from.
    pub districts: Vec<String>,
    /// H of the worker households' members.
    pub h_workers: Figure,
    /// H of the other households' members.
    pub h_others: Figure,
    /// Workers − others, with the covariance through shared PSUs.
    pub h_difference: Figure,
    /// M0 of the worker households' members.
    pub m0_workers: Figure,
    /// M0 of the other households' members.
    pub m0_others: Figure,
    /// Workers − others.
    pub m0_difference: Figure,
}

/// An indicator as weighted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpiIndicator {
    /// Name.
    pub name: String,
    /// Dimension.
    pub dimension: String,
    /// Weight.
    pub weight: f64,
    /// The deprivation, as the template defines it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub definition: Option<String>,
}

/// The MPI of everyone or of one subgroup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpiGroup {
    /// The subgroup variable (`None`: everyone).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub by: Option<String>,
    /// Its code.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub code: Option<String>,
    /// Its label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Headcount ratio H.
    pub h: Figure,
    /// Intensity A among the poor.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub a: Option<Figure>,
    /// Adjusted headcount ratio M0 = H × A.
    pub m0: Figure,
    /// Uncensored headcount of each indicator.
    pub uncensored: Vec<Figure>,
    /// Censored headcount of each indicator.
    pub censored: Vec<Figure>,
    /// Each indicator's share of M0.
    pub contributions: Vec<Option<f64>>,
    /// The group's share of everyone (subgroups only).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub population_share: Option<f64>,
    /// The group's share of everyone's M0: population share × M0 of the
    /// group ÷ M0 of everyone (subgroups only; they sum to 1 over a
    /// variable's groups).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub share_of_m0: Option<f64>,
}

/// H, A and M0 at one cut-off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MpiAtK {
    /// The cut-off.
    pub k: f64,
    /// Headcount ratio.
    pub h: Figure,
    /// Intensity.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub a: Option<Figure>,
    /// Adjusted headcount ratio.
    pub m0: Figure,
}
