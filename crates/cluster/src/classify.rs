//! Scores, classification by the framework's rule, and what would move a
//! sector up a class.

use std::collections::BTreeMap;

use crate::framework::{Condition, Framework, FrameworkError, Indicator, Typology, condition};

/// Trial classifications the search for changes may make (the default
/// framework needs at most about 36,000 for four changes).
const SEARCH_BUDGET: usize = 100_000;

/// A sector's class, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Fails the critical-mass gate.
    NotACluster,
    /// Fails the gate but is designated by government (SEZ, state project).
    PolicyDriven,
    /// Passes the gate; little interaction.
    Agglomeration,
    /// Passes the gate; some interaction, or much without joint action.
    Potential,
    /// Passes the gate; strong interaction with joint action and
    /// institutions.
    Functional,
}

impl Class {
    /// The class's name in results.
    pub fn name(self) -> &'static str {
        match self {
            Class::NotACluster => "not a cluster",
            Class::PolicyDriven => "policy-driven",
            Class::Agglomeration => "agglomeration",
            Class::Potential => "potential cluster",
            Class::Functional => "functional cluster",
        }
    }

    /// The class's name in `typology`.
    pub fn label(self, typology: Typology) -> &'static str {
        match typology {
            Typology::Default => self.name(),
            Typology::Enright => match self {
                Class::NotACluster => "no cluster",
                Class::PolicyDriven => "policy-driven cluster",
                Class::Agglomeration => "latent cluster",
                Class::Potential => "potential cluster",
                Class::Functional => "working cluster",
            },
        }
    }

    /// Rank for "moving up" (not a cluster and policy-driven share one).
    fn rank(self) -> u8 {
        match self {
            Class::NotACluster | Class::PolicyDriven => 0,
            Class::Agglomeration => 1,
            Class::Potential => 2,
            Class::Functional => 3,
        }
    }
}

/// The parsed rule, ready to apply.
#[derive(Debug, Clone)]
pub struct Classifier {
    gate_all: Vec<Condition>,
    gate_any: Vec<Condition>,
    interaction: Vec<String>,
    functional: f64,
    functional_all: Vec<Condition>,
    functional_any: Vec<Condition>,
    potential: f64,
    /// Indicator id → (dimension, weight).
    dimension_of: BTreeMap<String, (String, f64)>,
    /// Dimension weights in the interaction score.
    dimension_weights: BTreeMap<String, f64>,
    /// Indicator ids in framework order.
    order: Vec<String>,
}

/// A sector's classification.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The class.
    pub class: Class,
    /// Whether the critical-mass gate passed.
    pub gate: bool,
    /// Interaction score: mean of the interaction dimensions' means.
    pub interaction: Option<f64>,
    /// Mean score of each dimension (of its indicators with evidence).
    pub dimensions: BTreeMap<String, f64>,
}

/// One change that moves a sector up: raise `indicator` to `to`.
#[derive(Debug, Clone, PartialEq)]
pub struct Raise {
    /// Indicator id.
    pub indicator: String,
    /// Its score now (`None`: no evidence).
    pub from: Option<f64>,
    /// The score it would need.
    pub to: f64,
}

impl Classifier {
    /// The rule of `framework`.
    ///
    /// # Errors
    /// [`FrameworkError`] for a condition that does not parse.
    pub fn new(framework: &Framework) -> Result<Self, FrameworkError> {
        let parse = |v: &[String]| {
            v.iter()
                .map(|c| condition(c))
                .collect::<Result<Vec<_>, _>>()
        };
        let r = &framework.rule;
        Ok(Self {
            gate_all: parse(&r.gate_all)?,
            gate_any: parse(&r.gate_any)?,
            interaction: r.interaction.clone(),
            functional: r.functional,
            functional_all: parse(&r.functional_all)?,
            functional_any: parse(&r.functional_any)?,
            potential: r.potential,
            dimension_of: framework
                .indicators
                .iter()
                .map(|i: &Indicator| (i.id.clone(), (i.dimension.clone(), i.weight.unwrap_or(1.0))))
                .collect(),
            dimension_weights: r.dimension_weights.clone(),
            order: framework.indicators.iter().map(|i| i.id.clone()).collect(),
        })
    }

    /// Classifies one sector from its indicator scores (`None`: no
    /// evidence; such an indicator meets no condition and is left out of
    /// its dimension's mean) and its policy flag.
    pub fn classify(&self, scores: &BTreeMap<String, Option<f64>>, policy: bool) -> Classification {
        let meets = |c: &Condition| {
            scores
                .get(&c.indicator)
                .copied()
                .flatten()
                .is_some_and(|s| s >= c.at_least - 1e-12)
        };
        // Weighted means: Σ w·score / Σ w over indicators with evidence.
        let mut sums: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for (id, score) in scores {
            if let (Some((d, w)), Some(s)) = (self.dimension_of.get(id), score) {
                let e = sums.entry(d.clone()).or_default();
                e.0 += w * s;
                e.1 += w;
            }
        }
        let dimensions: BTreeMap<String, f64> = sums
            .into_iter()
            .filter(|(_, (_, w))| *w > 0.0)
            .map(|(d, (s, w))| (d, s / w))
            .collect();
        let (mut num, mut den) = (0.0, 0.0);
        for d in &self.interaction {
            if let Some(m) = dimensions.get(d) {
                let w = self.dimension_weights.get(d).copied().unwrap_or(1.0);
                num += w * m;
                den += w;
            }
        }
        let interaction = (den > 0.0).then(|| num / den);
        let gate = self.gate_all.iter().all(meets)
            && (self.gate_any.is_empty() || self.gate_any.iter().any(meets));
        let class = if !gate {
            if policy {
                Class::PolicyDriven
            } else {
                Class::NotACluster
            }
        } else {
            let i = interaction.unwrap_or(0.0);
            let functional = i >= self.functional - 1e-12
                && self.functional_all.iter().all(meets)
                && (self.functional_any.is_empty() || self.functional_any.iter().any(meets));
            if functional {
                Class::Functional
            } else if i >= self.potential - 1e-12 {
                Class::Potential
            } else {
                Class::Agglomeration
            }
        };
        Classification {
            class,
            gate,
            interaction,
            dimensions,
        }
    }

    /// The smallest sets of indicator raises (fewest indicators, then the
    /// least total raise) that would move the sector up at least one
    /// class: the practical to-do list for a cluster programme. Searches
    /// sets of up to `max_changes` indicators within a budget of 100,000
    /// trial classifications (ample for the default framework); at most
    /// `limit` sets.
    pub fn what_would_change(
        &self,
        scores: &BTreeMap<String, Option<f64>>,
        policy: bool,
        max_changes: usize,
        limit: usize,
    ) -> Vec<Vec<Raise>> {
        let now = self.classify(scores, policy).class;
        if now == Class::Functional {
            return Vec::new();
        }
        // Candidate raises: each indicator below 1, to 0.5 (when below) or 1.
        let candidates: Vec<(usize, f64)> = self
            .order
            .iter()
            .enumerate()
            .flat_map(|(k, id)| {
                let s = scores.get(id).copied().flatten().unwrap_or(0.0);
                [0.5, 1.0]
                    .into_iter()
                    .filter(move |t| *t > s + 1e-12)
                    .map(move |t| (k, t))
            })
            .collect();
        // At most SEARCH_BUDGET trial classifications in all: a large
        // framework then gets the smallest sets found within it.
        let mut budget = SEARCH_BUDGET;
        for size in 1..=max_changes {
            let mut found: Vec<(f64, Vec<(usize, f64)>)> = Vec::new();
            let mut chosen = Vec::with_capacity(size);
            self.search(
                scores,
                policy,
                now,
                &candidates,
                0,
                size,
                &mut chosen,
                &mut found,
                &mut budget,
            );
            if !found.is_empty() {
                // A set is dominated when another raises the same
                // indicators no higher (C1 → 1 when C1 → 0.5 suffices).
                let all = found.clone();
                let dominated = |a: &[(usize, f64)]| {
                    all.iter().any(|(_, b)| {
                        b != a
                            && b.iter()
                                .all(|(k, t)| a.iter().any(|(j, u)| j == k && t <= u))
                    })
                };
                found.retain(|(_, set)| !dominated(set));
                found.sort_by(|a, b| {
                    a.0.total_cmp(&b.0)
                        .then_with(|| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
                });
                return found
                    .into_iter()
                    .take(limit)
                    .map(|(_, set)| {
                        set.into_iter()
                            .map(|(k, to)| {
                                let id = self.order[k].clone();
                                Raise {
                                    from: scores.get(&id).copied().flatten(),
                                    indicator: id,
                                    to,
                                }
                            })
                            .collect()
                    })
                    .collect();
            }
        }
        Vec::new()
    }

    #[allow(clippy::too_many_arguments)]
    fn search(
        &self,
        scores: &BTreeMap<String, Option<f64>>,
        policy: bool,
        now: Class,
        candidates: &[(usize, f64)],
        start: usize,
        size: usize,
        chosen: &mut Vec<(usize, f64)>,
        found: &mut Vec<(f64, Vec<(usize, f64)>)>,
        budget: &mut usize,
    ) {
        if *budget == 0 {
            return;
        }
        if chosen.len() == size {
            *budget -= 1;
            let mut trial = scores.clone();
            let mut raise = 0.0;
            for &(k, t) in chosen.iter() {
                let id = &self.order[k];
                raise += t - trial.get(id).copied().flatten().unwrap_or(0.0);
                trial.insert(id.clone(), Some(t));
            }
            if self.classify(&trial, policy).class.rank() > now.rank() {
                found.push((raise, chosen.clone()));
            }
            return;
        }
        for j in start..candidates.len() {
            let (k, _) = candidates[j];
            if chosen.iter().any(|(c, _)| *c == k) {
                continue;
            }
            chosen.push(candidates[j]);
            self.search(
                scores,
                policy,
                now,
                candidates,
                j + 1,
                size,
                chosen,
                found,
                budget,
            );
            chosen.pop();
        }
    }
}
