//! The cluster diagnostic: is a concentration of firms a real cluster?
//!
//! A [`Framework`] (data, not code: the default is FRAMEWORKS.md's 16
//! indicators and Enright-based rule) says which evidence each indicator
//! uses and where its cut-offs lie. Given each sector's evidence (computed
//! by the caller through the survey engine, with SEs and intervals), this
//! crate scores the indicators (present 1, partial 0.5, absent 0; flagged
//! uncertain when an interval straddles a cut-off), classifies the sectors,
//! finds the smallest changes that would move a sector up a class, and
//! measures how stable each class is when the cut-offs move or the sample
//! is resampled.
//!
//! This crate never prints and has no I/O.

mod classify;
mod framework;

use std::collections::BTreeMap;

pub use classify::{Class, Classification, Classifier, Raise};
pub use framework::{
    Combine, Condition, DEFAULT_FRAMEWORK, Framework, FrameworkError, Indicator, Rule, Source,
    SourceKind, Typology, condition,
};

/// The evidence of one source for one sector.
#[derive(Debug, Clone, PartialEq)]
pub struct Evidence {
    /// The value compared with the cut-offs (a share, a mean, a count …).
    pub value: f64,
    /// Its standard error, for survey estimates.
    pub se: Option<f64>,
    /// Its confidence interval, for survey estimates.
    pub ci: Option<(f64, f64)>,
    /// Units behind it (firms, informants, ties).
    pub n: usize,
}

/// A sector's evidence: per indicator, one entry per source (`None`: no
/// evidence for that source), and the policy flag's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SectorEvidence {
    /// Indicator id → evidence per source, in the framework's order.
    pub indicators: BTreeMap<String, Vec<Option<Evidence>>>,
    /// Evidence of the policy flag.
    pub policy: Option<Evidence>,
}

impl SectorEvidence {
    /// The evidence of indicator `id`'s sources (none when absent).
    pub fn of(&self, id: &str) -> &[Option<Evidence>] {
        self.indicators.get(id).map_or(&[][..], Vec::as_slice)
    }
}

/// An indicator's score for one sector.
#[derive(Debug, Clone, PartialEq)]
pub struct IndicatorScore {
    /// Mean of the sources' scores (`None`: no evidence at all).
    pub score: Option<f64>,
    /// Each source's score.
    pub sources: Vec<Option<f64>>,
    /// True when a source's interval straddles one of its cut-offs: the
    /// score could differ in another sample.
    pub uncertain: bool,
}

/// Scores `indicator` from its sources' evidence.
pub fn score_indicator(indicator: &Indicator, evidence: &[Option<Evidence>]) -> IndicatorScore {
    let mut uncertain = false;
    let sources: Vec<Option<f64>> = indicator
        .sources
        .iter()
        .zip(evidence.iter().chain(std::iter::repeat(&None)))
        .map(|(source, ev)| {
            let ev = ev.as_ref()?;
            if let Some((lo, hi)) = ev.ci
                && source.cutoffs().iter().any(|c| lo < *c && *c <= hi)
            {
                uncertain = true;
            }
            Some(source.score(ev.value))
        })
        .collect();
    let known: Vec<f64> = sources.iter().flatten().copied().collect();
    let score = (!known.is_empty()).then(|| match indicator.combine {
        Combine::Mean => known.iter().sum::<f64>() / known.len() as f64,
        Combine::Max => known.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        Combine::Min => known.iter().copied().fold(f64::INFINITY, f64::min),
    });
    IndicatorScore {
        score,
        sources,
        uncertain,
    }
}

/// Whether the policy flag is set by its evidence.
fn policy_set(framework: &Framework, evidence: &SectorEvidence) -> bool {
    match (&framework.policy_flag, &evidence.policy) {
        (Some(source), Some(ev)) => source.score(ev.value) >= 1.0,
        _ => false,
    }
}

/// One sector's diagnosis.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnosis {
    /// Scores by indicator id.
    pub scores: BTreeMap<String, IndicatorScore>,
    /// The classification.
    pub classification: Classification,
    /// Whether the policy flag is set.
    pub policy: bool,
    /// The smallest sets of raises that would move the sector up a class.
    pub to_next_class: Vec<Vec<Raise>>,
}

impl Diagnosis {
    /// Indicator ids whose score is `level` (1, 0.5 or 0), in framework
    /// order; `None` lists those without evidence.
    pub fn with_score(&self, framework: &Framework, level: Option<f64>) -> Vec<String> {
        framework
            .indicators
            .iter()
            .filter(|i| {
                let s = self.scores.get(&i.id).and_then(|s| s.score);
                match (s, level) {
                    (None, None) => true,
                    (Some(s), Some(l)) => (s - l).abs() < 1e-12,
                    _ => false,
                }
            })
            .map(|i| i.id.clone())
            .collect()
    }
}

/// The plain scores of a sector, for the classifier.
fn plain(scores: &BTreeMap<String, IndicatorScore>) -> BTreeMap<String, Option<f64>> {
    scores.iter().map(|(k, v)| (k.clone(), v.score)).collect()
}

/// Diagnoses one sector.
///
/// # Errors
/// [`FrameworkError`] for a rule that does not parse.
pub fn diagnose(
    framework: &Framework,
    evidence: &SectorEvidence,
) -> Result<Diagnosis, FrameworkError> {
    let classifier = Classifier::new(framework)?;
    let scores: BTreeMap<String, IndicatorScore> = framework
        .indicators
        .iter()
        .map(|ind| {
            let ev = evidence.of(&ind.id);
            (ind.id.clone(), score_indicator(ind, ev))
        })
        .collect();
    let policy = policy_set(framework, evidence);
    let plain = plain(&scores);
    Ok(Diagnosis {
        classification: classifier.classify(&plain, policy),
        to_next_class: classifier.what_would_change(&plain, policy, 4, 3),
        scores,
        policy,
    })
}

/// How a sector responds when one source's cut-offs move.
#[derive(Debug, Clone, PartialEq)]
pub struct ThresholdEffect {
    /// Indicator id.
    pub indicator: String,
    /// Source index within the indicator.
    pub source: usize,
    /// The multiplier applied to its cut-offs.
    pub factor: f64,
    /// The indicator's score before and after the move.
    pub score: (Option<f64>, Option<f64>),
    /// The sector's class with the moved cut-offs.
    pub class: Class,
    /// True when the class differs from the unmoved one.
    pub class_changed: bool,
}

/// Moves every source's cut-offs by each of `factors` (e.g. 0.8 and 1.2),
/// one source at a time, and reports the moves that change the
/// indicator's score — and whether they change the sector's class; then
/// moves the rule's interaction cut-offs the same way and reports those
/// that change the class.
///
/// # Errors
/// [`FrameworkError`] for a rule that does not parse.
pub fn threshold_sensitivity(
    framework: &Framework,
    evidence: &SectorEvidence,
    factors: &[f64],
) -> Result<Vec<ThresholdEffect>, FrameworkError> {
    let base = diagnose(framework, evidence)?.classification.class;
    let mut out = Vec::new();
    for (i, ind) in framework.indicators.iter().enumerate() {
        for s in 0..ind.sources.len() {
            if ind.sources[s].kind == SourceKind::Choice {
                continue;
            }
            for &factor in factors {
                let mut moved = framework.clone();
                let source = &mut moved.indicators[i].sources[s];
                source.present = source.present.map(|p| p * factor);
                source.partial = source.partial.map(|p| p * factor);
                let ev = evidence.of(&ind.id);
                let before = score_indicator(ind, ev).score;
                let after = score_indicator(&moved.indicators[i], ev).score;
                if before == after {
                    continue;
                }
                let class = classify_only(&moved, evidence)?;
                out.push(ThresholdEffect {
                    indicator: ind.id.clone(),
                    source: s,
                    factor,
                    score: (before, after),
                    class,
                    class_changed: class != base,
                });
            }
        }
    }
    // The rule's own cut-offs: the functional and potential interaction
    // scores (reported as indicator `rule.functional` / `rule.potential`).
    for (name, pick) in [("rule.functional", 0usize), ("rule.potential", 1usize)] {
        for &factor in factors {
            let mut moved = framework.clone();
            let value = if pick == 0 {
                &mut moved.rule.functional
            } else {
                &mut moved.rule.potential
            };
            *value *= factor;
            let class = classify_only(&moved, evidence)?;
            if class != base {
                out.push(ThresholdEffect {
                    indicator: name.to_string(),
                    source: 0,
                    factor,
                    score: (None, None),
                    class,
                    class_changed: true,
                });
            }
        }
    }
    Ok(out)
}

/// The class alone (no search for changes).
fn classify_only(
    framework: &Framework,
    evidence: &SectorEvidence,
) -> Result<Class, FrameworkError> {
    let classifier = Classifier::new(framework)?;
    let scores: BTreeMap<String, Option<f64>> = framework
        .indicators
        .iter()
        .map(|ind| {
            let ev = evidence.of(&ind.id);
            (ind.id.clone(), score_indicator(ind, ev).score)
        })
        .collect();
    Ok(classifier
        .classify(&scores, policy_set(framework, evidence))
        .class)
}

/// The share of `replicates` (the sector's evidence recomputed with each
/// replicate's weights) in which the sector keeps `class`.
///
/// # Errors
/// [`FrameworkError`] for a rule that does not parse.
pub fn stability(
    framework: &Framework,
    class: Class,
    replicates: &[SectorEvidence],
) -> Result<f64, FrameworkError> {
    if replicates.is_empty() {
        return Ok(f64::NAN);
    }
    let mut kept = 0usize;
    for r in replicates {
        if classify_only(framework, r)? == class {
            kept += 1;
        }
    }
    Ok(kept as f64 / replicates.len() as f64)
}
