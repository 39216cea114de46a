//! The poverty analysis (`[analyses.poverty]`): household welfare per adult
//! equivalent (or per capita), in the poverty line's prices; FGT, Watts,
//! Sen and SST at each line; inequality; by domain; and each sector's
//! worker households against non-worker households of the same districts.
//! The measures are in [`clusterdx_poverty`].

use std::collections::BTreeSet;

use clusterdx_data::Column;
use clusterdx_hrd::{Kind, figure};
use clusterdx_poverty::{Distribution, Linearized, Measure};
use clusterdx_results::{
    ClusterDiagnostic, Diagnostic, Inequality, LineMeasures, NamedRatio, Parametrised, Poverty,
    PovertyChange, PovertyComparison, PovertyContrast, PovertyDomain, PovertyLine,
    SensitivityPoint,
};
use clusterdx_survey::{Difference, Estimate, Estimator, Linearizable, SurveyDesign};

use crate::Study;
use crate::cluster::answer;
use crate::estimate::column;
use crate::spec::{LineSpec, PovertySpec, RelativeTo, UnitKind, WelfareUnit};
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, personal_refused};

/// Pakistan's official poverty line: Rs 3,030.32 per adult equivalent per
/// month at 2013-14 prices (Planning Commission, cost of basic needs).
const OFFICIAL: (f64, &str) = (3030.32, "2013-14");

/// The household dataset.
fn dataset<'a>(spec: &PovertySpec, loaded: &'a [LoadedDataset]) -> Option<&'a LoadedDataset> {
    match &spec.dataset {
        Some(n) => loaded.iter().find(|d| &d.name == n.get()),
        None => by_unit(loaded, UnitKind::Household.name()),
    }
}

/// The columns the analysis reads, resolved.
struct Inputs<'a> {
    ds: &'a LoadedDataset,
    welfare: &'a Column,
    /// Household size (capita, and person weights).
    size: Option<&'a Column>,
    adults: Option<&'a Column>,
    children: Option<&'a Column>,
    deflator: Option<&'a Column>,
    welfare_name: String,
}

fn inputs<'a>(
    study: &Study,
    spec: &PovertySpec,
    loaded: &'a [LoadedDataset],
) -> Result<Inputs<'a>, Vec<Diagnostic>> {
    let err = |m: String| {
        vec![Diagnostic::error(
            "poverty",
            format!("{}: [analyses.poverty]: {m}", study.file_name()),
        )]
    };
    let ds = dataset(spec, loaded).ok_or_else(|| {
        err(match &spec.dataset {
            Some(n) => format!("no dataset `{}`", n.get()),
            None => "no dataset with `unit = \"household\"`".to_string(),
        })
    })?;
    let (welfare_name, welfare) = match &spec.welfare {
        Some(w) => (w.clone(), column(ds, w)),
        None => ["consumption", "income"]
            .iter()
            .find_map(|c| column(ds, c).map(|col| (c.to_string(), Some(col))))
            .unwrap_or(("consumption".to_string(), None)),
    };
    let welfare = welfare.ok_or_else(|| {
        err(format!(
            "dataset `{}` has no `{welfare_name}` (map the `consumption` or `income` concept, or set `welfare`)",
            ds.name
        ))
    })?;
    let mut diags = Vec::new();
    for c in [Some(welfare)] {
        if let Some(c) = c
            && ds.columns.is_personal(&c.name)
        {
            diags.push(personal_refused(
                ds,
                format!("poverty: welfare column `{}` is personal", c.name),
            ));
        }
    }
    let size = column(ds, "household_size");
    let named = |explicit: &Option<String>,
                 default: &str,
                 what: &str|
     -> Result<Option<&'a Column>, Vec<Diagnostic>> {
        match explicit {
            Some(n) => column(ds, n)
                .map(Some)
                .ok_or_else(|| err(format!("{what}: dataset `{}` has no `{n}`", ds.name))),
            None => Ok(column(ds, default)),
        }
    };
    let adults = named(&spec.adults, "adults", "adults")?;
    let children = named(&spec.children, "children", "children")?;
    let deflator = named(&spec.deflator, "deflator", "deflator")?;
    match spec.per {
        WelfareUnit::AdultEquivalent if adults.is_none() || children.is_none() => {
            return Err(err(format!(
                "per adult equivalent needs `adults` and `children` variables in `{}` (or set `per = \"capita\"`)",
                ds.name
            )));
        }
        WelfareUnit::Capita if size.is_none() => {
            return Err(err(format!(
                "per capita needs the `household_size` concept of `{}`",
                ds.name
            )));
        }
        _ => {}
    }
    if spec.person_weighted.unwrap_or(true) && size.is_none() {
        return Err(err(format!(
            "person weights need the `household_size` concept of `{}` (or set `person_weighted = false`)",
            ds.name
        )));
    }
    let lines_need_deflator = spec.lines.is_empty()
        || spec
            .lines
            .iter()
            .any(|l| l.value.is_some() && l.base_year.is_some());
    if lines_need_deflator && deflator.is_none() {
        return Err(err(format!(
            "the poverty line is in {} prices: give a `deflator` variable taking survey prices to them",
            spec.lines
                .iter()
                .find_map(|l| l.base_year.clone())
                .unwrap_or(OFFICIAL.1.to_string())
        )));
    }
    for l in &spec.lines {
        let ok = match (l.value, l.relative, l.share) {
            (Some(v), None, None) => v > 0.0 && v.is_finite(),
            (None, Some(_), Some(s)) => s > 0.0 && s.is_finite(),
            _ => false,
        };
        if !ok {
            return Err(err(format!(
                "line `{}`: give either `value` (> 0) or `relative` (median or mean) with `share` (> 0)",
                l.name
            )));
        }
    }
    for &[top, bottom] in &spec.share_ratios {
        if !(top > 0.0 && bottom > 0.0 && top + bottom <= 1.0) {
            return Err(err(format!(
                "share_ratios: [{top}, {bottom}]: expected two population shares above 0 that add up to at most 1"
            )));
        }
    }
    for &[upper, lower] in &spec.quantile_ratios {
        if !(0.0 < lower && lower < upper && upper < 1.0) {
            return Err(err(format!(
                "quantile_ratios: [{upper}, {lower}]: expected 0 < lower < upper < 1"
            )));
        }
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(Inputs {
        ds,
        welfare,
        size,
        adults,
        children,
        deflator,
        welfare_name,
    })
}

/// Validation.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    if let Some(spec) = &study.spec.analyses.poverty
        && let Err(e) = inputs(study, spec, loaded)
    {
        diags.extend(e);
    }
}

/// A statistic on person weights: household weights × size.
struct PersonWeighted<'s> {
    inner: &'s dyn Linearizable,
    size: &'s [f64],
}

impl Linearizable for PersonWeighted<'_> {
    fn value(&self, w: &[f64]) -> f64 {
        let wp: Vec<f64> = w.iter().zip(self.size).map(|(a, b)| a * b).collect();
        self.inner.value(&wp)
    }
    fn influence(&self, w: &[f64]) -> Vec<f64> {
        let wp: Vec<f64> = w.iter().zip(self.size).map(|(a, b)| a * b).collect();
        self.inner
            .influence(&wp)
            .into_iter()
            .zip(self.size)
            .map(|(z, m)| z * m)
            .collect()
    }
    fn used(&self) -> Option<&[bool]> {
        self.inner.used()
    }
}

/// Computes the analysis.
pub(crate) fn run(
    loaded: &LoadedStudy,
    cluster: Option<&ClusterDiagnostic>,
) -> Result<Option<Poverty>, Vec<Diagnostic>> {
    let Some(spec) = &loaded.study.spec.analyses.poverty else {
        return Ok(None);
    };
    let inp = inputs(&loaded.study, spec, &loaded.datasets)?;
    let ds = inp.ds;
    let n = ds.dataset.n_rows();
    let level = spec.level.unwrap_or(0.95);
    let person = spec.person_weighted.unwrap_or(true);
    let child_weight = spec.child_weight.unwrap_or(0.8);
    // Welfare per unit, in base prices; NaN when it cannot be formed.
    let mut left_out = 0u64;
    let y: Vec<f64> = (0..n)
        .map(|i| {
            let total = inp.welfare.f64_at(i);
            let units = match spec.per {
                WelfareUnit::AdultEquivalent => inp
                    .adults
                    .and_then(|a| a.f64_at(i))
                    .zip(inp.children.and_then(|c| c.f64_at(i)))
                    .map(|(a, c)| a + child_weight * c),
                WelfareUnit::Capita => inp.size.and_then(|s| s.f64_at(i)),
                WelfareUnit::Household => Some(1.0),
            };
            let deflate = match inp.deflator {
                Some(d) => d.f64_at(i),
                None => Some(1.0),
            };
            match (total, units, deflate) {
                (Some(t), Some(u), Some(d)) if u > 0.0 && d > 0.0 => t / u / d,
                _ => {
                    left_out += 1;
                    f64::NAN
                }
            }
        })
        .collect();
    let size: Vec<f64> = (0..n)
        .map(|i| {
            if person {
                inp.size.and_then(|s| s.f64_at(i)).unwrap_or(0.0)
            } else {
                1.0
            }
        })
        .collect();
    let built = crate::estimate::design_of(ds).map_err(|e| vec![*e])?;
    let design = &built.design;
    let pw: Vec<f64> = design
        .weights()
        .iter()
        .zip(&size)
        .map(|(w, m)| w * m)
        .collect();
    // Lines, in welfare units.
    let everyone = Distribution::new(&y, None);
    let specs: Vec<LineSpec> = if spec.lines.is_empty() {
        vec![LineSpec {
            name: "official".into(),
            value: Some(OFFICIAL.0),
            base_year: Some(OFFICIAL.1.into()),
            relative: None,
            share: None,
        }]
    } else {
        spec.lines.clone()
    };
    let lines: Vec<PovertyLine> = specs
        .iter()
        .map(|l| match (l.value, l.relative, l.share) {
            (Some(v), _, _) => PovertyLine {
                name: l.name.clone(),
                value: v,
                base_year: l.base_year.clone(),
                relative: None,
            },
            (None, Some(r), Some(s)) => {
                let (stat, of) = match r {
                    RelativeTo::Median => (everyone.quantile(&pw, 0.5), "median"),
                    RelativeTo::Mean => (everyone.mean_of(&pw, |y| y), "mean"),
                };
                PovertyLine {
                    name: l.name.clone(),
                    value: s * stat,
                    base_year: None,
                    relative: Some(format!("{s} × {of}")),
                }
            }
            _ => unreachable!("checked in validation"),
        })
        .collect();
    let alphas = spec.alphas.clone().unwrap_or_else(|| vec![0.0, 1.0, 2.0]);
    let epsilons = spec.epsilons.clone().unwrap_or_else(|| vec![0.5, 1.0, 2.0]);
    let thetas = spec.thetas.clone().unwrap_or_else(|| vec![0.0, 1.0, 2.0]);
    let measures = Measures {
        design,
        size: &size,
        pw: &pw,
        lines: &lines,
        alphas: &alphas,
        epsilons: &epsilons,
        thetas: &thetas,
        share_ratios: &spec.share_ratios,
        quantile_ratios: &spec.quantile_ratios,
        level,
    };
    let mut domains = vec![measures.domain(&y, None, None)];
    let rounds_by = spec.rounds.iter().filter(|r| !spec.by.contains(r));
    for by in spec.by.iter().chain(rounds_by) {
        let Some(c) = column(ds, by) else {
            return Err(vec![Diagnostic::error(
                "poverty",
                format!("[analyses.poverty] by: dataset `{}` has no `{by}`", ds.name),
            )]);
        };
        let (codes, distinct) = crate::validate::domain_codes(ds, c);
        for (code, label) in distinct {
            let mask: Vec<bool> = codes
                .iter()
                .map(|x| x.as_deref() == Some(code.as_str()))
                .collect();
            domains.push(measures.domain(&y, Some((by, &code, label)), Some(&mask)));
        }
    }
    let comparisons = comparisons(spec, ds, &y, &measures);
    let mut notes = Vec::new();
    let changes = match &spec.rounds {
        Some(r) => changes(ds, r, &y, &measures, &mut notes)?,
        None => Vec::new(),
    };
    let contrasts = contrasts(loaded, spec, ds, &y, &measures, cluster, &mut notes);
    let sensitivity = match lines.first() {
        Some(l) => (5..=15)
            .map(|k| {
                let z = l.value * k as f64 / 10.0;
                SensitivityPoint {
                    line: z,
                    headcount: figure(
                        &measures.estimate(&everyone, Measure::Fgt { z, alpha: 0.0 }),
                        Kind::Share,
                        level,
                    ),
                }
            })
            .collect(),
        None => Vec::new(),
    };
    let unit = match spec.per {
        WelfareUnit::AdultEquivalent => "per adult equivalent",
        WelfareUnit::Capita => "per capita",
        WelfareUnit::Household => "per household",
    };
    let prices = match (
        &inp.deflator,
        lines.iter().find_map(|l| l.base_year.clone()),
    ) {
        (Some(_), Some(year)) => format!(", in {year} prices"),
        (Some(_), None) => ", deflated".to_string(),
        _ => String::new(),
    };
    Ok(Some(Poverty {
        dataset: ds.name.clone(),
        welfare: format!("{} {unit}{prices}", inp.welfare_name),
        person_weighted: person,
        level,
        lines,
        left_out,
        domains,
        comparisons,
        contrasts,
        rounds: spec.rounds.clone(),
        changes,
        sensitivity,
        notes,
    }))
}

/// What every domain's measures need.
struct Measures<'a> {
    design: &'a SurveyDesign,
    size: &'a [f64],
    pw: &'a [f64],
    lines: &'a [PovertyLine],
    alphas: &'a [f64],
    epsilons: &'a [f64],
    thetas: &'a [f64],
    share_ratios: &'a [[f64; 2]],
    quantile_ratios: &'a [[f64; 2]],
    level: f64,
}

/// A population share in percent, for a ratio's name (0.1 → `10`).
fn pct(p: f64) -> String {
    let v = (p * 1000.0).round() / 10.0;
    format!("{v}")
}

impl Measures<'_> {
    fn estimate(&self, d: &Distribution<'_>, m: Measure) -> Estimate {
        let inner = Linearized {
            dist: d,
            measure: m,
        };
        self.estimate_person_weighted(&inner)
    }

    /// A statistic of households' welfare, on person weights when asked.
    fn estimate_person_weighted(&self, inner: &dyn Linearizable) -> Estimate {
        self.design.estimate_statistic(&PersonWeighted {
            inner,
            size: self.size,
        })
    }

    /// The measures whose changes between rounds are reported, each with
    /// its line (poverty measures) and name.
    fn for_changes(&self) -> Vec<(Option<&str>, String, Measure)> {
        let mut out = Vec::new();
        for l in self.lines {
            let z = l.value;
            let line = Some(l.name.as_str());
            for &alpha in self.alphas {
                out.push((line, format!("FGT({alpha})"), Measure::Fgt { z, alpha }));
            }
            out.push((line, "Watts".into(), Measure::Watts { z }));
            out.push((line, "Sen".into(), Measure::Sen { z }));
            out.push((line, "SST".into(), Measure::Sst { z }));
        }
        out.push((None, "mean".into(), Measure::Mean));
        out.push((None, "median".into(), Measure::Quantile { p: 0.5 }));
        out.push((None, "Gini".into(), Measure::Gini));
        for &theta in self.thetas {
            out.push((
                None,
                format!("GE({theta})"),
                Measure::GeneralisedEntropy { theta },
            ));
        }
        for &epsilon in self.epsilons {
            out.push((
                None,
                format!("Atkinson({epsilon})"),
                Measure::Atkinson { epsilon },
            ));
        }
        out.push((
            None,
            "Palma".into(),
            Measure::ShareRatio {
                top: 0.1,
                bottom: 0.4,
            },
        ));
        out
    }

    fn domain(
        &self,
        y: &[f64],
        at: Option<(&String, &String, Option<String>)>,
        mask: Option<&[bool]>,
    ) -> PovertyDomain {
        let d = Distribution::new(y, mask);
        let fig = |m: Measure, kind: Kind| figure(&self.estimate(&d, m), kind, self.level);
        let par = |p: f64, m: Measure, kind: Kind| Parametrised {
            parameter: p,
            figure: fig(m, kind),
        };
        let gini = fig(Measure::Gini, Kind::Total);
        let share = |top, bottom| Measure::ShareRatio { top, bottom };
        let quantiles = |upper, lower| Measure::QuantileRatio { upper, lower };
        let n = d.len();
        PovertyDomain {
            by: at.as_ref().map(|a| a.0.clone()),
            code: at.as_ref().map(|a| a.1.clone()),
            label: at.and_then(|a| a.2),
            n: n as u64,
            mean: fig(Measure::Mean, Kind::Total),
            median: fig(Measure::Quantile { p: 0.5 }, Kind::Total),
            lines: self
                .lines
                .iter()
                .map(|l| LineMeasures {
                    line: l.name.clone(),
                    fgt: self
                        .alphas
                        .iter()
                        .map(|&a| {
                            par(
                                a,
                                Measure::Fgt {
                                    z: l.value,
                                    alpha: a,
                                },
                                if a == 0.0 { Kind::Share } else { Kind::Total },
                            )
                        })
                        .collect(),
                    watts: Some(fig(Measure::Watts { z: l.value }, Kind::Total))
                        .filter(|f| f.value.is_finite()),
                    sen: fig(Measure::Sen { z: l.value }, Kind::Total),
                    sst: fig(Measure::Sst { z: l.value }, Kind::Total),
                })
                .collect(),
            inequality: Inequality {
                gini_sample: if n > 1 {
                    gini.value * n as f64 / (n as f64 - 1.0)
                } else {
                    f64::NAN
                },
                gini,
                generalised_entropy: self
                    .thetas
                    .iter()
                    .map(|&t| par(t, Measure::GeneralisedEntropy { theta: t }, Kind::Total))
                    .collect(),
                atkinson: self
                    .epsilons
                    .iter()
                    .map(|&e| par(e, Measure::Atkinson { epsilon: e }, Kind::Total))
                    .collect(),
                palma: fig(share(0.1, 0.4), Kind::Total),
                s80_s20: fig(share(0.2, 0.2), Kind::Total),
                p90_p10: fig(quantiles(0.9, 0.1), Kind::Total),
                other_ratios: self
                    .share_ratios
                    .iter()
                    .map(|&[t, b]| (format!("S{}/S{}", pct(1.0 - t), pct(b)), share(t, b)))
                    .chain(
                        self.quantile_ratios
                            .iter()
                            .map(|&[u, l]| (format!("P{}/P{}", pct(u), pct(l)), quantiles(u, l))),
                    )
                    .map(|(name, m)| NamedRatio {
                        name,
                        figure: fig(m, Kind::Total),
                    })
                    .collect(),
                lorenz: (1..10)
                    .map(|k| d.lorenz(self.pw, k as f64 / 10.0))
                    .collect(),
            },
        }
    }
}

/// Every measure's change between consecutive rounds of `by`, from the
/// difference of the two rounds' influence values on the one design.
fn changes(
    ds: &LoadedDataset,
    by: &str,
    y: &[f64],
    m: &Measures<'_>,
    notes: &mut Vec<String>,
) -> Result<Vec<PovertyChange>, Vec<Diagnostic>> {
    let Some(c) = column(ds, by) else {
        return Err(vec![Diagnostic::error(
            "poverty",
            format!(
                "[analyses.poverty] rounds: dataset `{}` has no `{by}`",
                ds.name
            ),
        )]);
    };
    let (codes, rounds) = crate::validate::domain_codes(ds, c);
    if rounds.len() < 2 {
        notes.push(format!(
            "rounds: `{by}` has {} round(s) with data; no change to estimate",
            rounds.len()
        ));
        return Ok(Vec::new());
    }
    let dists: Vec<Distribution<'_>> = rounds
        .iter()
        .map(|(code, _)| {
            let mask: Vec<bool> = codes.iter().map(|x| x.as_deref() == Some(code)).collect();
            Distribution::new(y, Some(&mask))
        })
        .collect();
    let measures = m.for_changes();
    let mut out = Vec::new();
    for (r, pair) in dists.windows(2).enumerate() {
        for (line, name, measure) in &measures {
            let later = Linearized {
                dist: &pair[1],
                measure: *measure,
            };
            let earlier = Linearized {
                dist: &pair[0],
                measure: *measure,
            };
            let e = m.estimate_person_weighted(&Difference::new(&later, &earlier));
            out.push(PovertyChange {
                from: rounds[r].0.clone(),
                to: rounds[r + 1].0.clone(),
                line: line.map(str::to_string),
                measure: name.clone(),
                figure: figure(&e, Kind::Total, m.level),
            });
        }
    }
    Ok(out)
}

/// A sector's worker households and the non-worker households of the
/// districts where they live.
pub(crate) struct WorkerGroups {
    pub sector: String,
    pub label: Option<String>,
    pub districts: Vec<String>,
    pub workers: Vec<bool>,
    pub others: Vec<bool>,
}

/// For each sector named by the worker-sector variable, among the rows
/// `usable`: its worker households, and the households without a member
/// in a studied sector in the same districts. Empty when the dataset has
/// no worker flag, worker sector or district.
pub(crate) fn worker_groups(
    ds: &LoadedDataset,
    worker_household: Option<&str>,
    worker_sector: Option<&str>,
    usable: impl Fn(usize) -> bool,
) -> Vec<WorkerGroups> {
    let worker = column(ds, worker_household.unwrap_or("worker_household"));
    let sector = column(ds, worker_sector.unwrap_or("worker_sector"));
    let district = column(ds, "district");
    let (Some(worker), Some(sector), Some(district)) = (worker, sector, district) else {
        return Vec::new();
    };
    let n = ds.dataset.n_rows();
    let (codes, sectors) = crate::validate::domain_codes(ds, sector);
    sectors
        .into_iter()
        .map(|(s, label)| {
            let workers: Vec<bool> = (0..n)
                .map(|i| {
                    usable(i)
                        && answer(worker, i) == Some(true)
                        && codes[i].as_deref() == Some(s.as_str())
                })
                .collect();
            let districts: BTreeSet<String> = (0..n)
                .filter(|&i| workers[i])
                .filter_map(|i| district.code_at(i))
                .collect();
            let others: Vec<bool> = (0..n)
                .map(|i| {
                    usable(i)
                        && answer(worker, i) == Some(false)
                        && district.code_at(i).is_some_and(|d| districts.contains(&d))
                })
                .collect();
            WorkerGroups {
                sector: s,
                label,
                districts: districts.into_iter().collect(),
                workers,
                others,
            }
        })
        .collect()
}

/// Each sector's worker households against non-worker households of the
/// districts where those worker households live, at the first line.
fn comparisons(
    spec: &PovertySpec,
    ds: &LoadedDataset,
    y: &[f64],
    m: &Measures<'_>,
) -> Vec<PovertyComparison> {
    worker_groups(
        ds,
        spec.worker_household.as_deref(),
        spec.worker_sector.as_deref(),
        |i| y[i].is_finite(),
    )
    .into_iter()
    .filter_map(|g| {
        let c = contrast(m, y, "", ("workers", &g.workers), ("others", &g.others))?;
        Some(PovertyComparison {
            label: g.label,
            sector: g.sector,
            districts: g.districts,
            line: c.line,
            headcount_workers: c.headcount_a,
            headcount_others: c.headcount_b,
            headcount_difference: c.headcount_difference,
            mean_difference: c.mean_difference,
        })
    })
    .collect()
}

/// Two groups of usable households at the first line: headcounts, their
/// difference and the difference of mean welfare (person-weighted).
fn contrast(
    m: &Measures<'_>,
    y: &[f64],
    what: &str,
    a: (&str, &[bool]),
    b: (&str, &[bool]),
) -> Option<PovertyContrast> {
    let line = m.lines.first()?;
    if !a.1.contains(&true) || !b.1.contains(&true) {
        return None;
    }
    let n = y.len();
    let usable = |i: usize| y[i].is_finite();
    let poor: Vec<Option<f64>> = (0..n)
        .map(|i| usable(i).then(|| m.size[i] * f64::from(u8::from(y[i] < line.value))))
        .collect();
    let welfare: Vec<Option<f64>> = (0..n)
        .map(|i| usable(i).then(|| m.size[i] * y[i]))
        .collect();
    let persons: Vec<Option<f64>> = (0..n).map(|i| usable(i).then(|| m.size[i])).collect();
    let headcount = Estimator::Ratio {
        numerator: &poor,
        denominator: &persons,
    };
    let mean = Estimator::Ratio {
        numerator: &welfare,
        denominator: &persons,
    };
    Some(PovertyContrast {
        what: what.to_string(),
        a: a.0.to_string(),
        b: b.0.to_string(),
        line: line.name.clone(),
        headcount_a: figure(
            &m.design.estimate(headcount, Some(a.1)),
            Kind::Share,
            m.level,
        ),
        headcount_b: figure(
            &m.design.estimate(headcount, Some(b.1)),
            Kind::Share,
            m.level,
        ),
        headcount_difference: figure(
            &m.design
                .difference((headcount, Some(a.1)), (headcount, Some(b.1))),
            Kind::Total,
            m.level,
        ),
        mean_difference: figure(
            &m.design.difference((mean, Some(a.1)), (mean, Some(b.1))),
            Kind::Total,
            m.level,
        ),
    })
}

/// Worker households by the linked worker's origin (local: the first code
/// of the worker survey's origin, its nearest tier), and by the class of
/// the worker's sector (clusters, functional or potential, against
/// agglomerations).
fn contrasts(
    loaded: &LoadedStudy,
    spec: &PovertySpec,
    ds: &LoadedDataset,
    y: &[f64],
    m: &Measures<'_>,
    cluster: Option<&ClusterDiagnostic>,
    notes: &mut Vec<String>,
) -> Vec<PovertyContrast> {
    let n = y.len();
    let usable = |i: usize| y[i].is_finite();
    let mut out = Vec::new();
    // The worker's origin, through the household → worker link.
    if let Some((origin, _)) = crate::validate::concept_codes(&loaded.datasets, ds, "origin")
        && let Some(target) = ds.columns.links.iter().find_map(|l| {
            loaded
                .datasets
                .iter()
                .find(|d| d.name == l.to && d.columns.concepts.contains_key("origin"))
        })
        && let Some(seen) = crate::validate::concept_codes(&loaded.datasets, target, "origin")
        && let Some(local) =
            crate::hrd::ordered_codes(&loaded.study, target, "origin", &seen.0).first()
    {
        let a: Vec<bool> = (0..n)
            .map(|i| usable(i) && origin[i].as_deref() == Some(local.as_str()))
            .collect();
        let b: Vec<bool> = (0..n)
            .map(|i| usable(i) && origin[i].as_ref().is_some_and(|o| o != local))
            .collect();
        match contrast(
            m,
            y,
            "households of surveyed workers, by the worker's origin",
            ("local worker", &a),
            ("migrant worker", &b),
        ) {
            Some(c) => out.push(c),
            None => notes.push(format!(
                "local vs migrant workers' households: not compared ({} households of local and {} of migrant workers linked)",
                a.iter().filter(|x| **x).count(),
                b.iter().filter(|x| **x).count()
            )),
        }
    }
    // The class of the worker's sector.
    if let (Some(c), Some(sector)) = (
        cluster,
        column(ds, spec.worker_sector.as_deref().unwrap_or("worker_sector")),
    ) {
        let class_of = |s: &str| {
            c.sectors
                .iter()
                .find(|d| d.sector == s)
                .map(|d| d.class_id.as_str())
        };
        let is = |i: usize, classes: &[&str]| {
            usable(i)
                && sector
                    .code_at(i)
                    .and_then(|s| class_of(&s).map(|k| classes.contains(&k)))
                    == Some(true)
        };
        let a: Vec<bool> = (0..n)
            .map(|i| is(i, &["functional cluster", "potential cluster"]))
            .collect();
        let b: Vec<bool> = (0..n).map(|i| is(i, &["agglomeration"])).collect();
        out.extend(contrast(
            m,
            y,
            "worker households, by the class of the worker's sector",
            ("cluster (functional or potential)", &a),
            ("agglomeration", &b),
        ));
    }
    out
}
