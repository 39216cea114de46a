//! The indicator framework as data: dimensions, indicators with their
//! evidence sources and cut-offs, the classification rule. The built-in
//! default (`frameworks/default.toml`) follows FRAMEWORKS.md §1–2; a study
//! can change any number, drop or add indicators, or replace it.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The default framework's text.
pub const DEFAULT_FRAMEWORK: &str = include_str!("../frameworks/default.toml");

/// A cluster-indicator framework.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// Its name.
    pub name: String,
    /// What it is.
    #[serde(default)]
    pub description: Option<String>,
    /// Dimension id → name (A … E in the default).
    pub dimensions: BTreeMap<String, String>,
    /// The indicators, in report order.
    pub indicators: Vec<Indicator>,
    /// Evidence of a government designation (policy-driven clusters).
    #[serde(default)]
    pub policy_flag: Option<Source>,
    /// The classification rule.
    pub rule: Rule,
    /// The names given to the classes.
    #[serde(default)]
    pub typology: Typology,
}

/// Names of the classes the rule gives: the same five outcomes, in the
/// vocabulary of a typology.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Typology {
    /// Functional cluster, potential cluster, agglomeration, policy-driven,
    /// not a cluster (FRAMEWORKS.md §2).
    #[default]
    Default,
    /// Enright (2003), *Regional clusters: what we know and what we should
    /// know*: working cluster, potential cluster, latent cluster (firms in
    /// place, little interaction), policy-driven cluster (designated, short
    /// of critical mass), and no cluster.
    Enright,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Short id (`C1`).
    pub id: String,
    /// Dimension id.
    pub dimension: String,
    /// What it is.
    pub name: String,
    /// Evidence sources; the indicator's score is the mean of theirs (of
    /// those with evidence).
    pub sources: Vec<Source>,
    /// How the sources' scores combine: `mean` (default), `max` (any
    /// source establishes it: FRAMEWORKS.md's "or") or `min` (all must).
    #[serde(default)]
    pub combine: Combine,
    /// Weight of the indicator in its dimension's mean (default 1).
    #[serde(default)]
    pub weight: Option<f64>,
    /// Qualitative codes that bear on the indicator (coded interview
    /// segments with these codes, or with the indicator's id, are shown
    /// beside its numbers).
    #[serde(default)]
    pub codes: Vec<String>,
}

/// How an indicator's sources combine into its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// The mean of the sources' scores.
    #[default]
    Mean,
    /// The highest: one source suffices.
    Max,
    /// The lowest: every source must agree.
    Min,
}

/// How one source's evidence is computed, and its cut-offs.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The kind of evidence.
    pub kind: SourceKind,
    /// Dataset by its declared unit kind (`firm`, `stakeholder`, `linkage`,
    /// `employment`).
    pub unit: String,
    /// The variable (share, choice).
    #[serde(default)]
    pub variable: Option<String>,
    /// Several variables (mean: averaged per unit).
    #[serde(default)]
    pub variables: Vec<String>,
    /// Checklist items (each 1 yes / 0 no).
    #[serde(default)]
    pub items: Vec<String>,
    /// Codes that count for a share (default: yes / 1 / true, or any
    /// positive number).
    #[serde(default)]
    pub equals: Vec<String>,
    /// For a share of a numeric variable: values at or above this count
    /// (`at_least = 1` for "at least one joint action").
    #[serde(default)]
    pub at_least: Option<f64>,
    /// Score of each code (choice).
    #[serde(default)]
    pub scores: BTreeMap<String, f64>,
    /// Evidence ≥ this: present (score 1).
    #[serde(default)]
    pub present: Option<f64>,
    /// Evidence ≥ this: partial (score 0.5); below: absent.
    #[serde(default)]
    pub partial: Option<f64>,
    /// What the evidence is, for the report.
    #[serde(default)]
    pub note: Option<String>,
}

/// Kinds of evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// Design-weighted share of units whose `variable` is one of `equals`.
    Share,
    /// Design-weighted mean of `variables` (each unit's mean of its
    /// answered items), e.g. Likert items.
    Mean,
    /// Design-weighted number of units (estimated population).
    Total,
    /// Number of checklist `items` the key informants report (an item
    /// counts when most informants who answered it say yes).
    Checklist,
    /// The most common answer of `variable` among informants, scored by
    /// `scores`.
    Choice,
    /// The sector's location quotient (its industries together) in the
    /// region where it is largest, against all regions (employment data;
    /// Delgado, Porter & Stern 2014; European Cluster Observatory).
    LocationQuotient,
    /// Density of the sector's stakeholder network, 2E/(n(n − 1)).
    NetworkDensity,
    /// Coded qualitative segments with one of `items` as code: those that
    /// support it minus those that contradict it.
    Qualitative,
}

impl SourceKind {
    /// The kind's name as frameworks write it.
    pub fn name(self) -> &'static str {
        match self {
            SourceKind::Share => "share",
            SourceKind::Mean => "mean",
            SourceKind::Total => "total",
            SourceKind::Checklist => "checklist",
            SourceKind::Choice => "choice",
            SourceKind::LocationQuotient => "location_quotient",
            SourceKind::NetworkDensity => "network_density",
            SourceKind::Qualitative => "qualitative",
        }
    }
}

impl Source {
    /// The score of an evidence value: 1 at or above `present`, 0.5 at or
    /// above `partial`, else 0. A choice's value is already its score.
    pub fn score(&self, value: f64) -> f64 {
        if self.kind == SourceKind::Choice {
            return value;
        }
        match (self.present, self.partial) {
            (Some(p), _) if value >= p => 1.0,
            (_, Some(q)) if value >= q => 0.5,
            _ => 0.0,
        }
    }

    /// The cut-offs that matter for a score, highest first.
    pub fn cutoffs(&self) -> Vec<f64> {
        self.present.into_iter().chain(self.partial).collect()
    }
}

/// The classification rule (FRAMEWORKS.md §2); conditions are written
/// `"ID >= value"`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Gate: all of these …
    #[serde(default)]
    pub gate_all: Vec<String>,
    /// … and at least one of these (when any are given).
    #[serde(default)]
    pub gate_any: Vec<String>,
    /// Dimensions whose means make the interaction score.
    pub interaction: Vec<String>,
    /// Weights of those dimensions in the interaction score (default equal).
    #[serde(default)]
    pub dimension_weights: BTreeMap<String, f64>,
    /// Interaction score of a functional cluster …
    pub functional: f64,
    /// … with all of these …
    #[serde(default)]
    pub functional_all: Vec<String>,
    /// … and one of these.
    #[serde(default)]
    pub functional_any: Vec<String>,
    /// Interaction score of a potential cluster; below: an agglomeration.
    pub potential: f64,
}

/// A parsed condition `ID >= value`.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Indicator id.
    pub indicator: String,
    /// Least score.
    pub at_least: f64,
}

/// Why a framework is unusable.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameworkError {
    /// TOML that does not parse as a framework.
    #[error("framework: {0}")]
    Syntax(String),
    /// A condition that is not `ID >= number`.
    #[error("rule condition `{0}` is not `ID >= number`")]
    Condition(String),
    /// A reference to an indicator or dimension that does not exist.
    #[error("{what} `{id}` is not in the framework")]
    Unknown { what: &'static str, id: String },
    /// A weight that is negative or not finite.
    #[error("weight of `{id}` is {weight}, not a finite non-negative number")]
    Weight { id: String, weight: f64 },
    /// Two indicators with one id.
    #[error("indicator `{0}` is defined twice")]
    Duplicate(String),
    /// A source without what its kind needs.
    #[error("indicator `{indicator}`: a {kind} source needs {needs}")]
    Source {
        indicator: String,
        kind: &'static str,
        needs: &'static str,
    },
}

/// Parses a condition.
///
/// # Errors
/// [`FrameworkError::Condition`] when it is not `ID >= number`.
pub fn condition(text: &str) -> Result<Condition, FrameworkError> {
    let (id, value) = text
        .split_once(">=")
        .ok_or_else(|| FrameworkError::Condition(text.to_string()))?;
    let at_least = value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| FrameworkError::Condition(text.to_string()))?;
    let id = id.trim();
    if id.is_empty() {
        return Err(FrameworkError::Condition(text.to_string()));
    }
    Ok(Condition {
        indicator: id.to_string(),
        at_least,
    })
}

impl Framework {
    /// The built-in default.
    ///
    /// # Panics
    /// Never in a released build: a test parses and checks the embedded
    /// default.
    pub fn default_framework() -> Self {
        Self::from_toml(DEFAULT_FRAMEWORK).expect("the embedded default framework is valid")
    }

    /// A framework from TOML text, checked.
    ///
    /// # Errors
    /// [`FrameworkError`] for syntax, duplicate or unknown ids, bad
    /// conditions, or sources missing what their kind needs.
    pub fn from_toml(text: &str) -> Result<Self, FrameworkError> {
        let f: Framework =
            toml::from_str(text).map_err(|e| FrameworkError::Syntax(e.to_string()))?;
        f.check()?;
        Ok(f)
    }

    /// Checks ids, conditions and sources.
    ///
    /// # Errors
    /// As [`Framework::from_toml`].
    pub fn check(&self) -> Result<(), FrameworkError> {
        let mut seen = std::collections::BTreeSet::new();
        for ind in &self.indicators {
            if !seen.insert(ind.id.as_str()) {
                return Err(FrameworkError::Duplicate(ind.id.clone()));
            }
            if !self.dimensions.contains_key(&ind.dimension) {
                return Err(FrameworkError::Unknown {
                    what: "dimension",
                    id: ind.dimension.clone(),
                });
            }
            for s in &ind.sources {
                check_source(&ind.id, s)?;
            }
        }
        if let Some(s) = &self.policy_flag {
            check_source("policy_flag", s)?;
        }
        if !(self.rule.functional.is_finite() && self.rule.potential.is_finite()) {
            return Err(FrameworkError::Condition(
                "the rule's `functional` and `potential` must be numbers".into(),
            ));
        }
        for c in self.conditions()? {
            if !seen.contains(c.indicator.as_str()) {
                return Err(FrameworkError::Unknown {
                    what: "indicator",
                    id: c.indicator,
                });
            }
        }
        for (id, w) in self
            .indicators
            .iter()
            .filter_map(|i| i.weight.map(|w| (&i.id, w)))
            .chain(self.rule.dimension_weights.iter().map(|(d, w)| (d, *w)))
        {
            if !(w.is_finite() && w >= 0.0) {
                return Err(FrameworkError::Weight {
                    id: id.clone(),
                    weight: w,
                });
            }
        }
        for d in self
            .rule
            .interaction
            .iter()
            .chain(self.rule.dimension_weights.keys())
        {
            if !self.dimensions.contains_key(d) {
                return Err(FrameworkError::Unknown {
                    what: "dimension",
                    id: d.clone(),
                });
            }
        }
        Ok(())
    }

    /// Every condition of the rule, parsed.
    fn conditions(&self) -> Result<Vec<Condition>, FrameworkError> {
        let r = &self.rule;
        r.gate_all
            .iter()
            .chain(&r.gate_any)
            .chain(&r.functional_all)
            .chain(&r.functional_any)
            .map(|c| condition(c))
            .collect()
    }
}

fn check_source(indicator: &str, s: &Source) -> Result<(), FrameworkError> {
    let missing = |needs: &'static str| FrameworkError::Source {
        indicator: indicator.to_string(),
        kind: s.kind.name(),
        needs,
    };
    let needs_cutoff = s.kind != SourceKind::Choice;
    if needs_cutoff && s.present.is_none() {
        return Err(missing("a `present` cut-off"));
    }
    let numbers = s
        .present
        .iter()
        .chain(&s.partial)
        .chain(&s.at_least)
        .chain(s.scores.values());
    if numbers.clone().any(|x| !x.is_finite()) {
        return Err(missing("finite cut-offs and scores"));
    }
    if s.scores.values().any(|x| !(0.0..=1.0).contains(x)) {
        return Err(missing("choice `scores` between 0 and 1"));
    }
    match s.kind {
        SourceKind::Share if s.variable.is_none() => Err(missing("a `variable`")),
        SourceKind::Choice if s.variable.is_none() || s.scores.is_empty() => {
            Err(missing("a `variable` and `scores`"))
        }
        SourceKind::Mean if s.variables.is_empty() => Err(missing("`variables`")),
        SourceKind::Checklist | SourceKind::Qualitative if s.items.is_empty() => {
            Err(missing("`items`"))
        }
        _ => Ok(()),
    }
}
