//! From a plan (constructs by name, higher-order constructs, interaction
//! terms) to the engine's [`Pipeline`]: the raw item columns (each
//! variable once), the derived columns, the first-stage model of the
//! two-stage approaches, and the model.
//!
//! - Higher-order constructs, `two_stage` (default; the disjoint two-stage
//!   approach, as seminr's `higher_composite`): the first stage replaces
//!   the higher-order construct by its dimensions (its predecessors point
//!   to each dimension, each dimension to its successors); the second
//!   measures it by the dimensions' first-stage scores. `repeated`: it is
//!   measured by all its dimensions' items, and explains them (`=~`) or
//!   is formed by them (`<~`).
//! - Interaction terms `X:M`, `two_stage` (default): the product of X's
//!   and M's first-stage scores (the model without interactions), a
//!   single item; `product_indicator`: every product of X's and M's
//!   standardised items; `orthogonal`: those products less their fit on
//!   X's and M's items (Henseler and Chin 2010).

use clusterdx_data::Column;
use clusterdx_pls::pipeline::{Derived, Pipeline};
use clusterdx_pls::{Construct, Mode, Model};

use super::Plan;
use crate::spec::{PlsHocMethod, PlsInteractionMethod, PlsSpec};

/// The pipeline with its columns' names.
pub(crate) struct Built<'a> {
    pub pipeline: Pipeline,
    /// The raw columns, in order.
    pub raw: Vec<&'a Column>,
    /// Every column's name (raw, then derived) and label.
    pub names: Vec<String>,
    pub labels: Vec<Option<String>>,
}

/// Builds the pipeline, or says what is wrong.
pub(crate) fn build<'a>(plan: &Plan<'a>, spec: &PlsSpec) -> Result<Built<'a>, String> {
    // Raw columns: each variable once.
    let mut raw: Vec<&Column> = Vec::new();
    let mut items: Vec<Vec<usize>> = Vec::new();
    for (_, cols, _, _) in &plan.constructs {
        items.push(
            cols.iter()
                .map(|c| match raw.iter().position(|r| r.name == c.name) {
                    Some(k) => k,
                    None => {
                        raw.push(c);
                        raw.len() - 1
                    }
                })
                .collect(),
        );
    }
    let mut names: Vec<String> = raw.iter().map(|c| c.name.clone()).collect();
    let mut labels: Vec<Option<String>> = raw.iter().map(|c| c.label.clone()).collect();
    let n_raw = raw.len();
    let measured = |n: &str| plan.constructs.iter().position(|c| c.0 == n);
    let hoc = |n: &str| plan.hocs.iter().position(|h| h.0 == n);
    let two_stage_hoc = !plan.hocs.is_empty() && spec.hoc == PlsHocMethod::TwoStage;
    let interactions: Vec<(String, String)> = plan
        .paths
        .iter()
        .filter_map(|(a, _)| {
            a.split_once(':')
                .map(|(x, m)| (x.to_string(), m.to_string()))
        })
        .fold(Vec::new(), |mut acc, p| {
            if !acc.contains(&p) {
                acc.push(p);
            }
            acc
        });
    let two_stage_int =
        !interactions.is_empty() && spec.interaction == PlsInteractionMethod::TwoStage;
    for (x, m) in &interactions {
        for part in [x, m] {
            if measured(part).is_none() {
                return Err(format!(
                    "interaction `{x}:{m}`: `{part}` must be a construct measured by items"
                ));
            }
        }
        for (a, b) in plan.paths.iter().filter(|(a, _)| *a == format!("{x}:{m}")) {
            let _ = a;
            for part in [x, m] {
                if !plan.paths.contains(&(part.clone(), b.clone())) {
                    return Err(format!(
                        "interaction `{x}:{m}` → `{b}` needs the main effect `{part}` → `{b}` too"
                    ));
                }
            }
        }
    }
    if two_stage_hoc && two_stage_int {
        return Err(
            "two-stage higher-order constructs with two-stage interactions are not supported together: use `hoc = \"repeated\"` or `interaction = \"product_indicator\"`"
                .into(),
        );
    }
    let loc_of_two_stage = |k: usize| two_stage_hoc && plan.hocs.iter().any(|h| h.1.contains(&k));
    // The first stage: the measured constructs, higher-order constructs
    // replaced by their dimensions, no interactions.
    let first = if two_stage_hoc || two_stage_int {
        let expand = |n: &str| -> Vec<usize> {
            match (measured(n), hoc(n)) {
                (Some(k), _) => vec![k],
                (None, Some(h)) => plan.hocs[h].1.clone(),
                _ => Vec::new(),
            }
        };
        let mut paths = Vec::new();
        for (a, b) in plan.paths.iter().filter(|(a, _)| !a.contains(':')) {
            for x in expand(a) {
                for y in expand(b) {
                    if !paths.contains(&(x, y)) {
                        paths.push((x, y));
                    }
                }
            }
        }
        let constructs = plan
            .constructs
            .iter()
            .zip(&items)
            .map(|(c, it)| Construct {
                name: c.0.clone(),
                items: it.clone(),
                mode: c.2,
                factor: c.3,
            })
            .collect();
        Some(Model::new(constructs, paths, n_raw).map_err(|e| format!("first stage: {e}"))?)
    } else {
        None
    };
    // The model's constructs.
    let mut derived: Vec<Derived> = Vec::new();
    let mut constructs: Vec<Construct> = Vec::new();
    let mut push_derived = |d: Derived, name: String| {
        derived.push(d);
        names.push(name);
        labels.push(None);
        n_raw + derived.len() - 1
    };
    for (k, c) in plan.constructs.iter().enumerate() {
        if loc_of_two_stage(k) {
            if let Some((a, b)) = plan.paths.iter().find(|(a, b)| a == &c.0 || b == &c.0) {
                return Err(format!(
                    "`{}` is a dimension of a two-stage higher-order construct and cannot be in a path (`{a} -> {b}`); use `hoc = \"repeated\"`",
                    c.0
                ));
            }
            continue;
        }
        constructs.push(Construct {
            name: c.0.clone(),
            items: items[k].clone(),
            mode: c.2,
            factor: c.3,
        });
    }
    let mut extra_paths: Vec<(String, String)> = Vec::new();
    for (name, parts, mode, factor) in &plan.hocs {
        let it: Vec<usize> = if two_stage_hoc {
            parts
                .iter()
                .map(|&k| {
                    push_derived(
                        Derived::Score(k),
                        format!("{} (score)", plan.constructs[k].0),
                    )
                })
                .collect()
        } else {
            let mut it: Vec<usize> = parts.iter().flat_map(|&k| items[k].clone()).collect();
            it.sort_unstable();
            it.dedup();
            for &k in parts {
                let loc = plan.constructs[k].0.clone();
                extra_paths.push(if *factor || *mode == Mode::A {
                    (name.clone(), loc)
                } else {
                    (loc, name.clone())
                });
            }
            it
        };
        constructs.push(Construct {
            name: name.clone(),
            items: it,
            mode: *mode,
            factor: *factor && !two_stage_hoc,
        });
    }
    for (x, m) in &interactions {
        let (kx, km) = (measured(x).expect("checked"), measured(m).expect("checked"));
        let it: Vec<usize> = match spec.interaction {
            PlsInteractionMethod::TwoStage => {
                vec![push_derived(
                    Derived::ScoreProduct(kx, km),
                    format!("{x}×{m}"),
                )]
            }
            PlsInteractionMethod::ProductIndicator | PlsInteractionMethod::Orthogonal => {
                let mut on: Vec<usize> = items[kx].iter().chain(&items[km]).copied().collect();
                on.sort_unstable();
                on.dedup();
                let mut it = Vec::new();
                for &a in &items[kx] {
                    for &b in &items[km] {
                        let d = if spec.interaction == PlsInteractionMethod::Orthogonal {
                            Derived::Orthogonal {
                                a,
                                b,
                                on: on.clone(),
                            }
                        } else {
                            Derived::Product(a, b)
                        };
                        let nm = format!("{}×{}", raw[a].name, raw[b].name);
                        it.push(push_derived(d, nm));
                    }
                }
                it
            }
        };
        constructs.push(Construct {
            name: format!("{x}:{m}"),
            items: it,
            mode: Mode::A,
            factor: false,
        });
    }
    let index = |n: &str| constructs.iter().position(|c| c.name == n);
    let mut paths = Vec::new();
    for (a, b) in plan.paths.iter().chain(&extra_paths) {
        let (Some(x), Some(y)) = (index(a), index(b)) else {
            return Err(format!(
                "path `{a} -> {b}`: a construct is missing from the model"
            ));
        };
        paths.push((x, y));
    }
    let n_cols = n_raw + derived.len();
    let model = Model::new(constructs, paths, n_cols).map_err(|e| e.to_string())?;
    Ok(Built {
        pipeline: Pipeline {
            first,
            derived,
            model,
        },
        raw,
        names,
        labels,
    })
}
