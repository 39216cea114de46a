//! Cell-table ratios against the row-wise engine: the same value, variance
//! and df as `estimate` with `Estimator::Ratio` on the group's domain, for
//! single-stage designs under every lonely-PSU policy, a two-stage design
//! and a replicate design; the representation ratio's gradient against
//! finite differences.

mod common;

use clusterdx_survey::{
    CellStatistic, CellTable, Design, Estimator, LonelyPsu, SurveyDesign, estimate,
};
use common::Rng;

const GROUPS: usize = 3;
const CELLS: usize = 6;

struct Sample {
    weights: Vec<f64>,
    strata: Vec<String>,
    psu: Vec<String>,
    ssu: Vec<String>,
    fpc: Vec<f64>,
    fpc2: Vec<f64>,
    place: Vec<Option<(u32, u32)>>,
    y: Vec<f64>,
}

/// 14 strata (two with a single PSU), 2–6 PSUs each, 1–9 rows per PSU; a
/// PSU's rows mostly in one group; counts 1–20 (a roster's head counts).
fn sample(seed: u64) -> Sample {
    let mut rng = Rng(seed);
    let mut s = Sample {
        weights: vec![],
        strata: vec![],
        psu: vec![],
        ssu: vec![],
        fpc: vec![],
        fpc2: vec![],
        place: vec![],
        y: vec![],
    };
    for h in 0..14 {
        let n_psu = if h < 2 {
            1
        } else {
            2 + (rng.next() % 5) as usize
        };
        for p in 0..n_psu {
            let home = (rng.next() % GROUPS as u64) as u32;
            let m = 1 + (rng.next() % 9) as usize;
            let w = 1.0 + 20.0 * rng.unit();
            for k in 0..m {
                s.weights.push(w * (1.0 + 0.2 * rng.unit()));
                s.strata.push(format!("h{h}"));
                s.psu.push(format!("h{h}p{p}"));
                s.ssu.push(format!("h{h}p{p}s{k}"));
                s.fpc.push((n_psu * 4) as f64);
                s.fpc2.push((m * 3) as f64);
                let g = if rng.unit() < 0.85 {
                    home
                } else {
                    (rng.next() % GROUPS as u64) as u32
                };
                s.place
                    .push((rng.unit() < 0.95).then(|| (g, (rng.next() % CELLS as u64) as u32)));
                s.y.push((1 + rng.next() % 20) as f64);
            }
        }
    }
    s
}

/// The numerator and denominator of a ratio as row variables.
fn ratio_vars(
    s: &Sample,
    g: u32,
    num: &[u32],
    den: &[u32],
) -> (Vec<Option<f64>>, Vec<Option<f64>>, Vec<bool>) {
    let pick = |cells: &[u32]| {
        s.place
            .iter()
            .zip(&s.y)
            .map(|(p, y)| match p {
                Some((pg, c)) if *pg == g => Some(if cells.contains(c) { *y } else { 0.0 }),
                _ => Some(0.0),
            })
            .collect::<Vec<_>>()
    };
    let domain = s
        .place
        .iter()
        .map(|p| p.is_some_and(|(pg, c)| pg == g && den.contains(&c)))
        .collect();
    (pick(num), pick(den), domain)
}

fn assert_close(a: f64, b: f64, what: &str) {
    assert!(
        (a - b).abs() <= 1e-10 * b.abs().max(1e-300),
        "{what}: {a} vs {b}"
    );
}

fn check(design: SurveyDesign, s: &Sample, what: &str) {
    let table = CellTable::new(&design, &s.place, &s.y, GROUPS, CELLS);
    let (num, den): (&[u32], &[u32]) = (&[1, 4], &[0, 1, 2, 4]);
    for g in 0..GROUPS as u32 {
        let got = table
            .estimate(
                g,
                &CellStatistic::Ratio {
                    numerator: num,
                    denominator: den,
                },
            )
            .unwrap();
        let (y, x, domain) = ratio_vars(s, g, num, den);
        let want = design.estimate(
            Estimator::Ratio {
                numerator: &y,
                denominator: &x,
            },
            None,
        );
        assert_close(got.value, want.value, &format!("{what} group {g} value"));
        assert_close(
            got.variance,
            want.variance,
            &format!("{what} group {g} variance"),
        );
        let rows = domain.iter().filter(|d| **d).count();
        assert_eq!(got.n, rows, "{what} group {g} n");
        // A total is the same through both engines.
        let t = table.estimate(g, &CellStatistic::Total(num)).unwrap();
        let want = design.estimate(Estimator::Total(&y), None);
        assert_close(
            t.variance,
            want.variance,
            &format!("{what} group {g} total variance"),
        );
    }
}

#[test]
fn ratios_match_the_row_engine_under_every_lonely_psu_policy() {
    let s = sample(7);
    for lonely in [
        LonelyPsu::Adjust,
        LonelyPsu::Average,
        LonelyPsu::Remove,
        LonelyPsu::Certainty,
    ] {
        let d = Design::new(
            s.weights.clone(),
            Some(&s.strata),
            Some(&s.psu),
            Some(&s.fpc),
            lonely,
        )
        .unwrap();
        check(SurveyDesign::Taylor(d), &s, &format!("{lonely:?}"));
    }
}

#[test]
fn ratios_match_under_two_stage_and_replicate_designs() {
    let s = sample(11);
    let two = Design::multistage(
        s.weights.clone(),
        Some(&s.strata),
        &s.psu,
        &s.fpc,
        &s.ssu,
        &s.fpc2,
        LonelyPsu::Adjust,
    )
    .unwrap();
    check(SurveyDesign::Taylor(two), &s, "two-stage");
    let one = Design::new(
        s.weights.clone(),
        Some(&s.strata),
        Some(&s.psu),
        None,
        LonelyPsu::Remove,
    )
    .unwrap();
    let jk = one.jackknife().unwrap();
    check(SurveyDesign::Replicate(jk), &s, "jackknife");
}

#[test]
fn group_df_counts_its_own_psus_and_strata() {
    let s = sample(3);
    let d = Design::new(
        s.weights.clone(),
        Some(&s.strata),
        Some(&s.psu),
        None,
        LonelyPsu::Adjust,
    )
    .unwrap();
    let design = SurveyDesign::Taylor(d.clone());
    let table = CellTable::new(&design, &s.place, &s.y, GROUPS, CELLS);
    for g in 0..GROUPS as u32 {
        let e = table
            .estimate(g, &CellStatistic::Total(&[0, 1, 2, 3, 4, 5]))
            .unwrap();
        let in_group: Vec<bool> = s
            .place
            .iter()
            .map(|p| p.is_some_and(|(pg, _)| pg == g))
            .collect();
        assert_eq!(e.df, d.domain_df(&in_group), "group {g}");
        let want = estimate(
            &d,
            Estimator::Total(&vec![Some(1.0); s.y.len()]),
            Some(&in_group),
        );
        assert_eq!(e.df, want.df);
    }
}

#[test]
fn undefined_figures_are_none_and_ratio_of_ratios_linearises() {
    let s = sample(5);
    let d = Design::new(
        s.weights.clone(),
        Some(&s.strata),
        Some(&s.psu),
        None,
        LonelyPsu::Adjust,
    )
    .unwrap();
    let design = SurveyDesign::Taylor(d);
    // Cell 5 is left empty.
    let place: Vec<Option<(u32, u32)>> =
        s.place.iter().map(|p| p.filter(|(_, c)| *c != 5)).collect();
    let table = CellTable::new(&design, &place, &s.y, GROUPS, CELLS);
    let empty = CellStatistic::Ratio {
        numerator: &[5],
        denominator: &[5],
    };
    assert!(table.estimate(0, &empty).is_none());
    // θ = (T1/(T0+T1)) / ((T1+T3)/(T0+T1+T2+T3)): its variance equals the
    // variance of the total of its influence values, z = Σ_c ∂θ/∂T_c y.
    let rr = CellStatistic::RatioOfRatios {
        a: &[1],
        b: &[0, 1],
        c: &[1, 3],
        d: &[0, 1, 2, 3],
    };
    let got = table.estimate(1, &rr).unwrap();
    let t: Vec<f64> = (0..CELLS as u32).map(|c| table.total(1, c)).collect();
    let f = |t: &[f64]| (t[1] / (t[0] + t[1])) / ((t[1] + t[3]) / (t[0] + t[1] + t[2] + t[3]));
    assert_close(got.value, f(&t), "value");
    let grad: Vec<f64> = (0..CELLS)
        .map(|c| {
            let h = 1e-6 * t[c].abs().max(1.0);
            let (mut up, mut down) = (t.clone(), t.clone());
            up[c] += h;
            down[c] -= h;
            (f(&up) - f(&down)) / (2.0 * h)
        })
        .collect();
    let z: Vec<Option<f64>> = place
        .iter()
        .zip(&s.y)
        .map(|(p, y)| {
            Some(match p {
                Some((1, c)) => grad[*c as usize] * y,
                _ => 0.0,
            })
        })
        .collect();
    let want = design.estimate(Estimator::Total(&z), None);
    assert!(
        (got.variance - want.variance).abs() <= 1e-6 * want.variance,
        "{} vs {}",
        got.variance,
        want.variance
    );
}

/// A roster: each design row (a firm) has several lines, each a head count
/// in one cell. The ratio equals the row engine's ratio of the firms'
/// summed counts, under a single-stage, a two-stage and a replicate design.
#[test]
fn roster_entries_equal_the_ratio_of_summed_counts() {
    use clusterdx_survey::Entry;
    let s = sample(13);
    let mut rng = Rng(99);
    let entries: Vec<Entry> = (0..s.y.len())
        .flat_map(|i| {
            let g = s.place[i].map_or(0, |(g, _)| g);
            let lines = (rng.next() % 4) as usize;
            (0..lines)
                .map(|_| Entry {
                    row: i as u32,
                    group: g,
                    cell: (rng.next() % CELLS as u64) as u32,
                    y: (1 + rng.next() % 30) as f64,
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let (num, den): (&[u32], &[u32]) = (&[2], &[2, 3, 5]);
    let summed = |g: u32, cells: &[u32]| -> Vec<Option<f64>> {
        let mut v = vec![0.0; s.y.len()];
        for e in entries
            .iter()
            .filter(|e| e.group == g && cells.contains(&e.cell))
        {
            v[e.row as usize] += e.y;
        }
        v.into_iter().map(Some).collect()
    };
    let one = Design::new(
        s.weights.clone(),
        Some(&s.strata),
        Some(&s.psu),
        Some(&s.fpc),
        LonelyPsu::Adjust,
    )
    .unwrap();
    let two = Design::multistage(
        s.weights.clone(),
        Some(&s.strata),
        &s.psu,
        &s.fpc,
        &s.ssu,
        &s.fpc2,
        LonelyPsu::Adjust,
    )
    .unwrap();
    let jk = Design::new(
        s.weights.clone(),
        Some(&s.strata),
        Some(&s.psu),
        None,
        LonelyPsu::Remove,
    )
    .unwrap()
    .jackknife()
    .unwrap();
    for (name, design) in [
        ("single-stage", SurveyDesign::Taylor(one)),
        ("two-stage", SurveyDesign::Taylor(two)),
        ("jackknife", SurveyDesign::Replicate(jk)),
    ] {
        let table = CellTable::from_entries(&design, entries.iter().copied(), GROUPS, CELLS);
        for g in 0..GROUPS as u32 {
            let got = table
                .estimate(
                    g,
                    &CellStatistic::Ratio {
                        numerator: num,
                        denominator: den,
                    },
                )
                .unwrap();
            let (y, x) = (summed(g, num), summed(g, den));
            let want = design.estimate(
                Estimator::Ratio {
                    numerator: &y,
                    denominator: &x,
                },
                None,
            );
            assert_close(got.value, want.value, &format!("{name} group {g} value"));
            assert_close(
                got.variance,
                want.variance,
                &format!("{name} group {g} variance"),
            );
        }
    }
}

/// A take-all stratum (its single PSU is its whole population, fpc = 1) is
/// not lonely: accepted under `fail`, it adds no variance, and `average`
/// does not give it the other strata's mean.
#[test]
fn take_all_strata_are_not_lonely() {
    let strata: Vec<String> = ["a", "a", "a", "a", "b", "b"].map(String::from).to_vec();
    let psu: Vec<String> = ["1", "1", "2", "3", "9", "9"].map(String::from).to_vec();
    let fpc = [10.0, 10.0, 10.0, 10.0, 1.0, 1.0];
    let w = vec![3.0, 3.0, 4.0, 2.0, 1.0, 1.0];
    let y = [
        Some(1.0),
        Some(2.0),
        Some(5.0),
        Some(3.0),
        Some(40.0),
        Some(7.0),
    ];
    let y_a: Vec<Option<f64>> = y
        .iter()
        .enumerate()
        .map(|(i, v)| if i < 4 { *v } else { Some(0.0) })
        .collect();
    for lonely in [LonelyPsu::Fail, LonelyPsu::Average, LonelyPsu::Adjust] {
        let d = Design::new(w.clone(), Some(&strata), Some(&psu), Some(&fpc), lonely).unwrap();
        assert_eq!(d.n_single_psu_strata(), 0);
        let all = estimate(&d, Estimator::Total(&y), None).variance;
        let a_only = estimate(&d, Estimator::Total(&y_a), None).variance;
        assert!(all > 0.0);
        assert_close(all, a_only, &format!("{lonely:?}"));
        // The cell engine agrees.
        let design = SurveyDesign::Taylor(d);
        let place: Vec<Option<(u32, u32)>> = (0..6).map(|_| Some((0, 0))).collect();
        let ys: Vec<f64> = y.iter().map(|v| v.unwrap()).collect();
        let t = CellTable::new(&design, &place, &ys, 1, 1);
        assert_close(
            t.estimate(0, &CellStatistic::Total(&[0])).unwrap().variance,
            all,
            "cells",
        );
    }
    // The same stratum with a fraction below 1 is lonely.
    let fpc_lonely = [10.0, 10.0, 10.0, 10.0, 3.0, 3.0];
    assert!(
        Design::new(
            w.clone(),
            Some(&strata),
            Some(&psu),
            Some(&fpc_lonely),
            LonelyPsu::Fail
        )
        .is_err()
    );
}

/// `overall_and_subgroups` (dense row vectors, everyone plus a subgroup,
/// read in blocks) gives the same tables as the same values given as
/// entries: totals, rows and every ratio's value and variance, under a
/// single-stage design (100,000 rows: several blocks, merged), a two-stage
/// design and a replicate design.
#[test]
fn overall_and_subgroups_equals_the_entries() {
    let mut rng = Rng(77);
    let n = 100_000;
    let (mut w, mut strata, mut psu, mut ssu, mut fpc, mut fpc2) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    let mut sub = vec![];
    let mut vals: Vec<[f64; CELLS]> = vec![];
    for i in 0..n {
        let p = i / 500;
        w.push(1.0 + 9.0 * rng.unit());
        strata.push(format!("h{}", p / 4));
        psu.push(format!("p{p}"));
        ssu.push(format!("p{p}s{}", i % 50));
        fpc.push(40.0);
        fpc2.push(5000.0);
        sub.push((rng.unit() < 0.9).then(|| (rng.next() % GROUPS as u64) as u32));
        let mut v = [0.0; CELLS];
        v[0] = 1.0;
        for x in v.iter_mut().skip(1) {
            if rng.unit() < 0.4 {
                *x = (1 + rng.next() % 5) as f64;
            }
        }
        // Some rows count nowhere.
        if rng.unit() < 0.02 {
            v = [f64::NAN; CELLS];
        }
        vals.push(v);
    }
    let row = |i: usize, out: &mut [f64]| {
        if vals[i][0].is_nan() {
            return None;
        }
        out.copy_from_slice(&vals[i]);
        Some(sub[i])
    };
    let mut entries = vec![];
    for i in 0..n {
        if vals[i][0].is_nan() {
            continue;
        }
        for g in std::iter::once(0).chain(sub[i].map(|s| s + 1)) {
            for (c, &y) in vals[i].iter().enumerate() {
                if y != 0.0 {
                    entries.push(clusterdx_survey::Entry {
                        row: i as u32,
                        group: g,
                        cell: c as u32,
                        y,
                    });
                }
            }
        }
    }
    let one = Design::new(
        w.clone(),
        Some(&strata),
        Some(&psu),
        Some(&fpc),
        LonelyPsu::Adjust,
    )
    .unwrap();
    let two = Design::multistage(
        w.clone(),
        Some(&strata),
        &psu,
        &fpc,
        &ssu,
        &fpc2,
        LonelyPsu::Adjust,
    )
    .unwrap();
    let jk = Design::new(
        w.clone(),
        Some(&strata),
        Some(&psu),
        None,
        LonelyPsu::Remove,
    )
    .unwrap()
    .jackknife()
    .unwrap();
    for (name, design) in [
        ("single-stage", SurveyDesign::Taylor(one)),
        ("two-stage", SurveyDesign::Taylor(two)),
        ("jackknife", SurveyDesign::Replicate(jk)),
    ] {
        let a = CellTable::overall_and_subgroups(&design, GROUPS, CELLS, row);
        let b = CellTable::from_entries(&design, entries.iter().copied(), GROUPS + 1, CELLS);
        for g in 0..=GROUPS as u32 {
            for c in 0..CELLS as u32 {
                assert_close(
                    a.total(g, c),
                    b.total(g, c),
                    &format!("{name} total {g} {c}"),
                );
                assert_eq!(a.rows(g, c), b.rows(g, c), "{name} rows {g} {c}");
            }
            for (num, den) in [(&[1u32][..], &[0u32][..]), (&[2, 3][..], &[1, 4][..])] {
                let stat = CellStatistic::Ratio {
                    numerator: num,
                    denominator: den,
                };
                let (x, y) = (a.estimate(g, &stat).unwrap(), b.estimate(g, &stat).unwrap());
                assert_close(x.value, y.value, &format!("{name} value {g}"));
                assert_close(x.variance, y.variance, &format!("{name} variance {g}"));
                assert_eq!((x.df, x.n), (y.df, y.n), "{name} df, n {g}");
            }
        }
    }
}
