//! The default framework and rule (FRAMEWORKS.md §1–2) on hand-made score
//! tables.

use std::collections::BTreeMap;

use clusterdx_cluster::{
    Class, Classifier, DEFAULT_FRAMEWORK, Evidence, Framework, FrameworkError, SectorEvidence,
    diagnose, stability, threshold_sensitivity,
};

/// Scores B1 … D4 as in the rule's examples, A1–A3 present, E absent.
fn scores(b: [f64; 3], c: [f64; 3], d: [f64; 4]) -> BTreeMap<String, Option<f64>> {
    let mut s = BTreeMap::new();
    for (id, v) in [("A1", 1.0), ("A2", 1.0), ("A3", 1.0)] {
        s.insert(id.to_string(), Some(v));
    }
    for (k, v) in b.iter().enumerate() {
        s.insert(format!("B{}", k + 1), Some(*v));
    }
    for (k, v) in c.iter().enumerate() {
        s.insert(format!("C{}", k + 1), Some(*v));
    }
    for (k, v) in d.iter().enumerate() {
        s.insert(format!("D{}", k + 1), Some(*v));
    }
    for id in ["E1", "E2", "E3"] {
        s.insert(id.to_string(), Some(0.0));
    }
    s
}

#[test]
fn the_default_framework_is_valid() {
    let f = Framework::default_framework();
    assert_eq!(f.indicators.len(), 16);
    assert_eq!(f.dimensions.len(), 5);
    assert!(f.policy_flag.is_some());
    assert_eq!(Framework::from_toml(DEFAULT_FRAMEWORK).unwrap(), f);
}

#[test]
fn enright_rule_on_the_seed_patterns() {
    let c = Classifier::new(&Framework::default_framework()).unwrap();
    let class = |s| c.classify(&s, false).class;
    // I = (mean B + mean C + mean D)/3.
    let potential = scores([1.0, 1.0, 0.5], [0.0, 0.5, 0.0], [1.0, 0.5, 1.0, 0.0]);
    let r = c.classify(&potential, false);
    assert_eq!(r.class, Class::Potential);
    assert!((r.interaction.unwrap() - (2.5 / 3.0 + 0.5 / 3.0 + 2.5 / 4.0) / 3.0).abs() < 1e-12);
    // High interaction without joint action: still potential.
    assert_eq!(
        class(scores(
            [0.5, 1.0, 1.0],
            [0.0, 0.5, 0.5],
            [0.0, 1.0, 1.0, 1.0]
        )),
        Class::Potential
    );
    // With joint action and an association: functional.
    assert_eq!(
        class(scores(
            [0.5, 1.0, 1.0],
            [1.0, 0.5, 0.5],
            [1.0, 1.0, 1.0, 1.0]
        )),
        Class::Functional
    );
    assert_eq!(
        class(scores(
            [0.5, 0.5, 0.0],
            [0.0, 0.0, 0.0],
            [0.5, 0.0, 0.0, 0.0]
        )),
        Class::Agglomeration
    );
    // The gate: without critical mass, not a cluster — or policy-driven.
    let mut small = scores([1.0, 1.0, 1.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0, 1.0]);
    small.insert("A1".into(), Some(0.0));
    assert_eq!(class(small.clone()), Class::NotACluster);
    assert_eq!(c.classify(&small, true).class, Class::PolicyDriven);
    // A2 or A3 may carry the second gate condition; without evidence an
    // indicator meets no condition.
    let mut only_a3 = scores([0.0; 3], [0.0; 3], [0.0; 4]);
    only_a3.insert("A2".into(), None);
    assert!(c.classify(&only_a3, false).gate);
    only_a3.insert("A3".into(), Some(0.5));
    assert!(!c.classify(&only_a3, false).gate);
}

#[test]
fn what_would_move_a_sector_up() {
    let c = Classifier::new(&Framework::default_framework()).unwrap();
    // A potential cluster with high interaction and no joint action: raising
    // C1 to 1 alone makes it functional.
    let thar = scores([0.5, 1.0, 1.0], [0.0, 0.5, 0.5], [0.0, 1.0, 1.0, 1.0]);
    let changes = c.what_would_change(&thar, false, 4, 3);
    assert_eq!(changes[0].len(), 1);
    assert_eq!(changes[0][0].indicator, "C1");
    assert_eq!(changes[0][0].to, 1.0);
    // No suggestion raises an indicator higher than another one does.
    let marble_like = scores([0.5, 0.5, 0.5], [0.0, 0.5, 0.0], [0.5, 0.0, 0.0, 0.0]);
    let changes = c.what_would_change(&marble_like, false, 4, 3);
    for (a, set) in changes.iter().enumerate() {
        for (b, other) in changes.iter().enumerate() {
            if a != b {
                let same_ids = set
                    .iter()
                    .all(|r| other.iter().any(|o| o.indicator == r.indicator));
                let higher = set.iter().all(|r| {
                    other
                        .iter()
                        .any(|o| o.indicator == r.indicator && o.to <= r.to)
                });
                assert!(!(same_ids && higher), "{set:?} is dominated by {other:?}");
            }
        }
    }
    // An agglomeration needs its interaction score raised to 0.35: every
    // suggestion is a smallest set that works.
    let marble = scores([0.5, 0.5, 0.0], [0.0, 0.0, 0.0], [0.5, 0.0, 0.0, 0.0]);
    let changes = c.what_would_change(&marble, false, 4, 3);
    assert!(!changes.is_empty());
    let size = changes[0].len();
    for set in &changes {
        assert_eq!(set.len(), size);
        let mut trial = marble.clone();
        for r in set {
            trial.insert(r.indicator.clone(), Some(r.to));
        }
        assert_eq!(c.classify(&trial, false).class, Class::Potential);
    }
}

fn share(value: f64, ci: (f64, f64)) -> Option<Evidence> {
    Some(Evidence {
        value,
        se: None,
        ci: Some(ci),
        n: 100,
    })
}

/// Evidence for a simple framework: one share indicator per dimension.
const SMALL: &str = r#"
name = "small"
[dimensions]
A = "Mass"
B = "Links"
[[indicators]]
id = "A1"
dimension = "A"
name = "mass"
sources = [{ kind = "total", unit = "firm", present = 100, partial = 50 }]
[[indicators]]
id = "B1"
dimension = "B"
name = "joint action"
sources = [{ kind = "share", unit = "firm", variable = "ja", present = 0.3, partial = 0.1 }]
[rule]
gate_all = ["A1 >= 0.5"]
interaction = ["B"]
functional = 0.9
functional_all = ["B1 >= 1"]
potential = 0.4
"#;

#[test]
fn uncertain_scores_and_fragile_classes() {
    let f = Framework::from_toml(SMALL).unwrap();
    let mut ev = SectorEvidence::default();
    ev.indicators.insert(
        "A1".into(),
        vec![Some(Evidence {
            value: 400.0,
            se: None,
            ci: None,
            n: 40,
        })],
    );
    // A share of 0.31 whose interval straddles the 0.3 cut-off.
    ev.indicators
        .insert("B1".into(), vec![share(0.31, (0.25, 0.37))]);
    let d = diagnose(&f, &ev).unwrap();
    assert_eq!(d.classification.class, Class::Functional);
    assert!(d.scores["B1"].uncertain);
    assert!(!d.scores["A1"].uncertain);
    assert_eq!(d.with_score(&f, Some(1.0)), vec!["A1", "B1"]);
    // Raising the cut-off by 20% turns it into a potential cluster.
    let all = threshold_sensitivity(&f, &ev, &[0.8, 1.2]).unwrap();
    // The rule's functional cut-off raised by 20% (0.9 → 1.08) is out of
    // reach too.
    assert!(
        all.iter()
            .any(|e| e.indicator == "rule.functional" && e.factor == 1.2 && e.class_changed)
    );
    let effects: Vec<_> = all.into_iter().filter(|e| e.indicator == "B1").collect();
    assert_eq!(effects.len(), 1);
    assert_eq!(effects[0].indicator, "B1");
    assert_eq!(effects[0].factor, 1.2);
    assert_eq!(effects[0].score, (Some(1.0), Some(0.5)));
    assert_eq!(effects[0].class, Class::Potential);
    assert!(effects[0].class_changed);
    // Resampled evidence on both sides of the cut-off: a fragile class.
    let replicates: Vec<SectorEvidence> = [0.28, 0.33, 0.35, 0.29]
        .iter()
        .map(|v| {
            let mut r = ev.clone();
            r.indicators.insert("B1".into(), vec![share(*v, (*v, *v))]);
            r
        })
        .collect();
    assert_eq!(stability(&f, Class::Functional, &replicates).unwrap(), 0.5);
}

#[test]
fn bad_frameworks_are_refused() {
    let bad = SMALL.replace(r#"gate_all = ["A1 >= 0.5"]"#, r#"gate_all = ["A1 > 0.5"]"#);
    assert_eq!(
        Framework::from_toml(&bad).unwrap_err(),
        FrameworkError::Condition("A1 > 0.5".into())
    );
    let bad = SMALL.replace(r#"gate_all = ["A1 >= 0.5"]"#, r#"gate_all = ["Z9 >= 0.5"]"#);
    assert!(matches!(
        Framework::from_toml(&bad),
        Err(FrameworkError::Unknown { .. })
    ));
    let bad = SMALL.replace(r#"variable = "ja", "#, "");
    assert!(
        Framework::from_toml(&bad)
            .unwrap_err()
            .to_string()
            .contains("a share source needs a `variable`")
    );
    let bad = SMALL.replace(r#"id = "B1""#, r#"id = "A1""#);
    assert_eq!(
        Framework::from_toml(&bad).unwrap_err(),
        FrameworkError::Duplicate("A1".into())
    );
}

#[test]
fn weights_and_typologies() {
    let mut f = Framework::default_framework();
    let s = scores([1.0, 1.0, 0.5], [0.0, 0.5, 0.0], [1.0, 0.5, 1.0, 0.0]);
    let base = Classifier::new(&f).unwrap().classify(&s, false);
    // C1 (0) weighted 3 in C: C = (0·3 + 0.5)/(3 + 1 + 1) = 0.1.
    f.indicators
        .iter_mut()
        .find(|i| i.id == "C1")
        .unwrap()
        .weight = Some(3.0);
    let weighted = Classifier::new(&f).unwrap().classify(&s, false);
    assert!((weighted.dimensions["C"] - 0.1).abs() < 1e-12);
    assert!(weighted.interaction.unwrap() < base.interaction.unwrap());
    // Dimension weights in the interaction score.
    f.rule.dimension_weights.insert("B".into(), 2.0);
    let i = Classifier::new(&f)
        .unwrap()
        .classify(&s, false)
        .interaction
        .unwrap();
    let (b, c, d) = (2.5 / 3.0, 0.1, 2.5 / 4.0);
    assert!((i - (2.0 * b + c + d) / 4.0).abs() < 1e-12);
    f.rule.dimension_weights.insert("B".into(), -1.0);
    assert!(matches!(f.check(), Err(FrameworkError::Weight { .. })));
    // Enright's names for the same outcomes.
    use clusterdx_cluster::Typology;
    assert_eq!(
        Class::Functional.label(Typology::Enright),
        "working cluster"
    );
    assert_eq!(
        Class::Agglomeration.label(Typology::Enright),
        "latent cluster"
    );
    assert_eq!(
        Class::Agglomeration.label(Typology::Default),
        "agglomeration"
    );
    let enright = DEFAULT_FRAMEWORK.replace(
        "name = \"default\"",
        "name = \"default\"\ntypology = \"enright\"",
    );
    assert_eq!(
        Framework::from_toml(&enright).unwrap().typology,
        Typology::Enright
    );
}

#[test]
fn sources_combine_by_mean_max_or_min() {
    use clusterdx_cluster::{Combine, score_indicator};
    let f = Framework::default_framework();
    let mut b1 = f.indicators.iter().find(|i| i.id == "B1").unwrap().clone();
    let ev = |v: f64| {
        Some(Evidence {
            value: v,
            se: None,
            ci: None,
            n: 10,
        })
    };
    // Share 0.6 (present), checklist 1 of 4 (absent).
    let evidence = [ev(0.6), ev(1.0)];
    assert_eq!(score_indicator(&b1, &evidence).score, Some(0.5));
    b1.combine = Combine::Max;
    assert_eq!(score_indicator(&b1, &evidence).score, Some(1.0));
    b1.combine = Combine::Min;
    assert_eq!(score_indicator(&b1, &evidence).score, Some(0.0));
}

#[test]
fn the_change_search_stays_bounded_for_large_frameworks() {
    // 48 indicators: four-change sets would be C(96, 4) ≈ 3.3 million
    // trials without the budget.
    let mut f = Framework::default_framework();
    let extra: Vec<_> = (0..32)
        .map(|k| {
            let mut ind = f.indicators[6].clone(); // a C indicator
            ind.id = format!("X{k}");
            ind
        })
        .collect();
    f.indicators.extend(extra);
    let c = Classifier::new(&f).unwrap();
    let mut s = scores([0.0; 3], [0.0; 3], [0.0; 4]);
    for k in 0..32 {
        s.insert(format!("X{k}"), Some(0.0));
    }
    let start = std::time::Instant::now();
    let changes = c.what_would_change(&s, false, 4, 3);
    // Done quickly, with whatever the budget allows (possibly nothing).
    assert!(start.elapsed().as_secs() < 60);
    assert!(changes.len() <= 3);
}
