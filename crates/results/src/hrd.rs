//! Human-resource development results (`[analyses.hrd]`): who holds which
//! jobs, by origin, in each sector.

use serde::{Deserialize, Serialize};

/// A design-based figure: value, standard error, confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Point estimate.
    pub value: f64,
    /// Standard error.
    pub se: f64,
    /// Confidence limits (logit for shares, t otherwise; df below).
    pub ci: [f64; 2],
    /// Degrees of freedom (the sector's own PSUs − strata).
    pub df: f64,
    /// Rows (workers, or roster lines) entering the figure.
    pub n: u64,
}

/// The HRD analysis of a study.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hrd {
    /// Confidence level of the intervals.
    pub level: f64,
    /// Job levels, lowest first.
    pub levels: Vec<String>,
    /// Skill buckets, lowest first.
    pub skills: Vec<String>,
    /// Origin tiers, nearest first.
    pub tiers: Vec<String>,
    /// Training providers, in order.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub providers: Vec<String>,
    /// The definitions of "local": each a name and the tiers it counts.
    pub definitions: Vec<LocalDefinition>,
    /// Each source: its rows left out, and how its occupation codes mapped
    /// to skill buckets.
    pub sources: Vec<SourceReport>,
    /// Per sector.
    pub sectors: Vec<HrdSector>,
}

/// A definition of "local".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalDefinition {
    /// `district` or `province`.
    pub name: String,
    /// The origin tiers counted as local.
    pub tiers: Vec<String>,
}

/// What one source's rows said.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceReport {
    /// `roster` or `workers`.
    pub source: String,
    /// The dataset.
    pub dataset: String,
    /// Rows in the tables.
    pub used: u64,
    /// Rows left out: no sector, an unknown or missing job level or
    /// origin, or no head count.
    pub left_out: u64,
    /// The classification (`isco08`, `psco2015`).
    pub scheme: String,
    /// Rows whose code mapped to a skill bucket.
    pub mapped: u64,
    /// Rows with a code that is not a valid 4-digit code of the scheme.
    pub invalid: u64,
    /// Rows without a code.
    pub missing: u64,
    /// The first invalid codes with their 1-based rows.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub invalid_examples: Vec<InvalidCode>,
}

/// An occupation code that maps to no skill level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InvalidCode {
    /// 1-based data row.
    pub row: u64,
    /// The code as written.
    pub code: String,
}

/// One sector's HRD results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HrdSector {
    /// Sector code.
    pub sector: String,
    /// Sector label.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub label: Option<String>,
    /// Participation by source (the roster and/or the worker survey).
    pub participation: Vec<Participation>,
    /// Worker-survey minus roster estimates of the same shares, when both
    /// sources exist.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub source_differences: Vec<SourceDifference>,
    /// Capacity building, when training data exist.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub capacity: Option<Capacity>,
    /// Stakeholder linkages, when a linkage dataset exists.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub linkages: Option<Linkages>,
    /// The sector in brief: the HRD index and the facts behind it.
    pub summary: HrdSummary,
}

impl HrdSector {
    /// The local share of the top job level (management), from the first
    /// source and definition of local that estimate it, with where it
    /// comes from (`roster, district definition`).
    pub fn managerial_local_share(&self) -> Option<(&Figure, String)> {
        self.participation.iter().find_map(|p| {
            p.local.first().and_then(|l| {
                l.levels
                    .last()
                    .and_then(|c| c.local_share.as_ref())
                    .map(|f| (f, format!("{}, {} definition", p.source, l.definition)))
            })
        })
    }
}

/// Participation from one source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participation {
    /// `roster` (the firm survey's employment roster, firm design) or
    /// `workers` (the worker survey, worker design).
    pub source: String,
    /// The dataset.
    pub dataset: String,
    /// Estimated employees of the sector (population of its firms).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub employees: Option<Figure>,
    /// Per definition of local.
    pub local: Vec<LocalParticipation>,
    /// Each level's employees by origin tier: shares of the level.
    pub origin_by_level: Vec<OriginShares>,
}

/// Local participation under one definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LocalParticipation {
    /// The definition's name.
    pub definition: String,
    /// Locals ÷ all employees of the sector.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub overall: Option<Figure>,
    /// Local share of every level above the lowest together (supervisory
    /// and managerial jobs).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub above_lowest: Option<Figure>,
    /// Per job level (all skills).
    pub levels: Vec<ShareCell>,
    /// Per job level × skill bucket.
    pub cells: Vec<ShareCell>,
}

/// The shares of one job level (or level × skill cell).
///
/// Two different shares, never to be confused: `local_share` is the share
/// of the cell's employees who are local (local supervisors ÷ all
/// supervisors); `share_of_locals` is the share of all local employees who
/// work in the cell (local supervisors ÷ all local employees).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareCell {
    /// Job level.
    pub level: String,
    /// Skill bucket (`None`: all skills).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub skill: Option<String>,
    /// Estimated employees in the cell.
    pub employees: f64,
    /// Estimated local employees in the cell.
    pub locals: f64,
    /// Local share of the cell; `None` when the cell has no employees.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub local_share: Option<Figure>,
    /// Share of all locals in the cell; `None` when there are no locals.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub share_of_locals: Option<Figure>,
    /// Representation ratio: local share of the cell ÷ local share
    /// overall (1 = locals as present as in the whole sector).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub representation: Option<Figure>,
}

/// A level's employees by origin tier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OriginShares {
    /// Job level.
    pub level: String,
    /// Share of the level from each tier, in tier order (`None`: the
    /// level has no employees).
    pub tiers: Vec<Option<Figure>>,
}

/// The worker-survey estimate minus the roster estimate of one local share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceDifference {
    /// Definition of local.
    pub definition: String,
    /// Job level (`None`: all levels).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub level: Option<String>,
    /// Workers − roster, with a standard error that treats the two
    /// samples as independent (conservative when they are positively
    /// correlated, as workers sampled in the roster's firms are).
    pub difference: Figure,
    /// True when the two confidence intervals overlap.
    pub intervals_overlap: bool,
}

/// Capacity building in one sector (FRAMEWORKS.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Capacity {
    /// Share of firms that gave formal training (firm design).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub firms_training: Option<Figure>,
    /// Training places ÷ employees (a person trained twice counts twice).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub participants_per_employee: Option<Figure>,
    /// Hours per participant.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hours_per_participant: Option<Figure>,
    /// Training hours per employee.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hours_per_employee: Option<Figure>,
    /// Per provider, in provider order.
    pub providers: Vec<ProviderTraining>,
    /// Worker survey: the share of workers trained in 12 months, per job
    /// level, locals and others (district definition).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub workers_trained: Vec<TrainedShare>,
    /// Programmes and trainees the stakeholders report, per actor type.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub stakeholder_programmes: Vec<StakeholderProgrammes>,
    /// Who no training reaches.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub gaps: Vec<TrainingGap>,
}

/// Training by one provider.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProviderTraining {
    /// The provider.
    pub provider: String,
    /// Estimated training places.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub participants: Option<Figure>,
    /// Share of all training places.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub share: Option<Figure>,
    /// Hours per participant of the provider's programmes.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub hours_per_participant: Option<Figure>,
    /// Per job level: places ÷ employees of the level.
    pub by_level: Vec<LevelCoverage>,
}

/// A provider's reach at one job level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LevelCoverage {
    /// Job level.
    pub level: String,
    /// Estimated training places at the level.
    pub participants: f64,
    /// Places ÷ employees of the level.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub per_employee: Option<Figure>,
}

/// The share of workers trained at a level, locals or others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainedShare {
    /// Job level.
    pub level: String,
    /// True for local workers (district definition), false for others.
    pub local: bool,
    /// Share trained in 12 months.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub trained: Option<Figure>,
    /// Share trained by each provider, in provider order.
    pub by_provider: Vec<Option<Figure>>,
}

/// Training programmes reported by a sector's stakeholders of one type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StakeholderProgrammes {
    /// Actor type.
    pub actor_type: String,
    /// Actors of the type that answered.
    pub actors: u64,
    /// Programmes in 12 months.
    pub programmes: f64,
    /// Trainees in 12 months.
    pub trainees: f64,
}

/// A level (and provider) that no training reaches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingGap {
    /// Job level.
    pub level: String,
    /// The provider (`None`: no provider at all).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub provider: Option<String>,
    /// `employees` (the firms' training records) or `local workers` (the
    /// worker survey).
    pub who: String,
}

/// A sector's stakeholder linkages (FRAMEWORKS.md §3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Linkages {
    /// Actors (the sector's stakeholders and any actor a tie names).
    pub actors: u64,
    /// Ties of positive strength.
    pub ties: u64,
    /// Whether ties are directed.
    pub directed: bool,
    /// 2E/(n(n − 1)) undirected, E/(n(n − 1)) directed.
    pub density: f64,
    /// Mean strength of the ties.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mean_strength: Option<f64>,
    /// Linkage-strength index: the ties' strengths summed over the
    /// strongest possible (every pair at the largest strength seen in the
    /// linkage data), in [0, 1].
    pub strength_index: f64,
    /// Actors without any tie.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub isolates: Vec<String>,
    /// Per actor, in id order.
    pub centrality: Vec<ActorCentrality>,
    /// The ties, for drawing the network: actor ids and strength (from
    /// the lower id first when undirected).
    pub edges: Vec<Edge>,
    /// The links between actor types the study expects, and whether each
    /// exists.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub expected_links: Vec<ExpectedLink>,
}

/// One actor's position in its sector's network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ActorCentrality {
    /// Actor id.
    pub actor: String,
    /// Actor type.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub actor_type: Option<String>,
    /// Ties (out-ties when directed).
    pub degree: u64,
    /// Degree ÷ (n − 1).
    pub degree_centrality: f64,
    /// Betweenness, normalised by the pairs of other actors.
    pub betweenness: f64,
    /// Closeness (Wasserman–Faust correction for unreached actors).
    pub closeness: f64,
    /// Eigenvector centrality (unit length); absent when not defined (no
    /// ties, or a directed network without a dominant eigenvector).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub eigenvector: Option<f64>,
}

/// An expected link between two actor types.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExpectedLink {
    /// The two actor types.
    pub between: [String; 2],
    /// Actors of each type in the sector.
    pub actors: [u64; 2],
    /// Ties between actors of the two types.
    pub ties: u64,
}

/// A sector's HRD in brief.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HrdSummary {
    /// The HRD index: the weighted mean of the components that have a
    /// value, in [0, 1]; absent when none has. Descriptive: its components
    /// come from different samples, so it carries no standard error.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub index: Option<f64>,
    /// The components, each in [0, 1].
    pub components: Vec<IndexComponent>,
    /// The level × skill cells with the lowest local share (first
    /// definition of local; the roster when there is one), lowest first.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub fewest_locals: Vec<ShareCell>,
    /// The provider of the most training places.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub main_trainer: Option<String>,
    /// Expected links between actor types that have no tie.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub absent_links: Vec<[String; 2]>,
}

/// One component of the HRD index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexComponent {
    /// `local_management`, `training`, `trained_workers` or `linkages`.
    pub name: String,
    /// Its weight.
    pub weight: f64,
    /// Its value in [0, 1]; absent without the data.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub value: Option<f64>,
}

/// A tie between two actors.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// From (or the first of the two, undirected).
    pub from: String,
    /// To.
    pub to: String,
    /// Strength (1 without a strength concept).
    pub strength: f64,
}
