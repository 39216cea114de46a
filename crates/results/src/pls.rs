//! Structural-model results (`[[analyses.pls]]`, PLS-SEM).

use serde::{Deserialize, Serialize};

/// One estimated model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsModel {
    /// The model's name.
    pub name: String,
    /// The dataset.
    pub dataset: String,
    /// Respondents used.
    pub n: u64,
    /// Rows with a missing item: `listwise` (left out) or `mean` (imputed).
    pub missing_rule: String,
    /// Rows left out (listwise) or with an imputed item (mean).
    pub rows_with_missing: u64,
    /// Missing values per item (items with none are not listed).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub missing_by_item: Vec<ItemCount>,
    /// `path`, `factorial` or `centroid`.
    pub scheme: String,
    /// Iterations until Σ|Δw| fell below the tolerance (seminr reports
    /// this minus one).
    pub iterations: u64,
    /// Consistent PLS: the reflective constructs' correlations, paths,
    /// R² and loadings are corrected for measurement error (ρC and AVE
    /// from the corrected loadings; construct correlations below are the
    /// scores', uncorrected).
    pub consistent: bool,
    /// SRMR of the saturated model (construct correlations as
    /// estimated).
    pub srmr_saturated: f64,
    /// SRMR of the estimated model (construct correlations implied by the
    /// paths).
    pub srmr_estimated: f64,
    /// Constructs with their measurement quality.
    pub constructs: Vec<PlsConstruct>,
    /// Path coefficients.
    pub paths: Vec<PlsPath>,
    /// Total effects between constructs joined by a directed route.
    pub total_effects: Vec<PlsEffect>,
    /// Specific indirect effects (mediation), each along one route of
    /// three or more constructs.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub indirect_effects: Vec<PlsIndirect>,
    /// HTMT of every pair of constructs.
    pub htmt: Vec<PlsPair>,
    /// HTMT2 (geometric means) of every pair, without bootstrap.
    pub htmt2: Vec<PlsPair>,
    /// Construct (score) correlations, for the Fornell–Larcker criterion
    /// with each construct's √AVE.
    pub construct_correlations: Vec<PlsPair>,
    /// The first stage of a two-stage model (higher-order constructs'
    /// dimensions, interaction terms' constituents): its constructs'
    /// measurement, without bootstrap.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub first_stage: Vec<PlsConstruct>,
    /// The multigroup comparison, when asked for.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub multigroup: Option<PlsMultigroup>,
    /// PLSpredict, when run.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub predict: Option<PlsPredict>,
    /// The bootstrap, when run.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bootstrap: Option<PlsBootstrap>,
    /// What to look at: thresholds crossed, inadmissible values.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
}

/// A count for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemCount {
    /// The item.
    pub item: String,
    /// The count.
    pub count: u64,
}

/// A construct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsConstruct {
    /// Name.
    pub name: String,
    /// `A`, `B` or `unit`.
    pub mode: String,
    /// Its items.
    pub items: Vec<PlsItem>,
    /// Cronbach's α (standardised items).
    pub alpha: f64,
    /// Dijkstra–Henseler ρA.
    pub rho_a: f64,
    /// Composite reliability ρC.
    pub rho_c: f64,
    /// Average variance extracted.
    pub ave: f64,
    /// R² (endogenous constructs).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub r_squared: Option<PlsEstimate>,
    /// Adjusted R².
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub adjusted_r_squared: Option<f64>,
}

/// An item of a construct.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsItem {
    /// The variable.
    pub name: String,
    /// Its label, when the data have one.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Loading.
    pub loading: PlsEstimate,
    /// Outer weight (scores of unit variance).
    pub weight: PlsEstimate,
    /// VIF within the block.
    pub vif: f64,
    /// Correlations with the other constructs' scores (cross-loadings), in
    /// the order of `constructs`.
    pub cross_loadings: Vec<f64>,
}

/// A path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsPath {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// The coefficient.
    pub coefficient: PlsEstimate,
    /// Effect size f² (the model re-estimated without the path).
    pub f_squared: Option<f64>,
    /// VIF of the predecessor among the target's predecessors (two or
    /// more).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub vif: Option<f64>,
}

/// A total effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsEffect {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// The effect.
    pub effect: PlsEstimate,
}

/// A specific indirect effect.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsIndirect {
    /// The route, first to last construct.
    pub route: Vec<String>,
    /// The product of its paths.
    pub effect: PlsEstimate,
}

/// A pair of constructs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsPair {
    /// One.
    pub a: String,
    /// The other.
    pub b: String,
    /// The value.
    pub value: PlsEstimate,
}

/// A point estimate with its bootstrap summary (when bootstrapped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsEstimate {
    /// The estimate.
    pub value: f64,
    /// Bootstrap SE (SD of the resamples).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub se: Option<f64>,
    /// value / SE.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub t: Option<f64>,
    /// Two-sided p-value of t (B − 1 df).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub p: Option<f64>,
    /// Percentile interval.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci_percentile: Option<[f64; 2]>,
    /// BCa interval.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci_bca: Option<[f64; 2]>,
    /// value ± t × SE.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci_t: Option<[f64; 2]>,
    /// Studentized (bootstrap-t) interval, from a double bootstrap.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub ci_studentized: Option<[f64; 2]>,
}

/// How the bootstrap went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsBootstrap {
    /// Resamples asked for.
    pub resamples: u64,
    /// Resamples whose estimation failed (left out).
    pub failed: u64,
    /// Inadmissible resamples (left out).
    pub inadmissible: u64,
    /// The seed (resample b: PCG-64 stream b).
    pub seed: u64,
    /// Confidence level.
    pub level: f64,
}

/// PLSpredict: k-fold cross-validated predictions of the endogenous
/// constructs' items, against a linear-model benchmark.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsPredict {
    /// Folds.
    pub folds: u64,
    /// Repetitions (a new shuffle each).
    pub repetitions: u64,
    /// `earliest` or `direct` antecedents.
    pub technique: String,
    /// Each endogenous item.
    pub items: Vec<PlsItemPrediction>,
    /// Each endogenous construct's predictive power (Shmueli et al.
    /// 2019): `high` when PLS has the lower RMSE on every item, `medium`
    /// on most, `low` on a minority, `none` on none (or a Q²predict ≤ 0).
    pub power: Vec<PlsPower>,
}

/// One item's out-of-sample errors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsItemPrediction {
    /// The item.
    pub item: String,
    /// Its construct.
    pub construct: String,
    /// PLS RMSE.
    pub rmse: f64,
    /// PLS MAE.
    pub mae: f64,
    /// Q²predict (against the training mean).
    pub q2_predict: f64,
    /// Linear-model RMSE.
    pub lm_rmse: f64,
    /// Linear-model MAE.
    pub lm_mae: f64,
}

/// A construct's predictive power.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsPower {
    /// The construct.
    pub construct: String,
    /// Items where PLS's RMSE is below the benchmark's.
    pub better_than_lm: u64,
    /// Its items.
    pub items: u64,
    /// `high`, `medium`, `low` or `none`.
    pub power: String,
}

/// Two groups' paths compared by a permutation test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsMultigroup {
    /// The grouping (a variable, or `sector_class`).
    pub by: String,
    /// Group a, in words.
    pub a: String,
    /// Group b.
    pub b: String,
    /// Respondents in a.
    pub n_a: u64,
    /// Respondents in b.
    pub n_b: u64,
    /// Permutations asked for.
    pub permutations: u64,
    /// Permutations left out (a group's estimation failed).
    pub failed: u64,
    /// Each path.
    pub paths: Vec<PlsPathDifference>,
}

/// A path in two groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlsPathDifference {
    /// From.
    pub from: String,
    /// To.
    pub to: String,
    /// Group a's coefficient.
    pub a: f64,
    /// Group b's.
    pub b: f64,
    /// a − b.
    pub difference: f64,
    /// Two-sided permutation p-value, (1 + #{|d*| ≥ |d|})/(1 + R).
    pub p: f64,
}
