//! The cluster diagnostic analysis (`[analyses.cluster]`): the framework
//! the study asks for, each sector's evidence computed from the study's
//! data through the survey engine, then the scores, classes, changes and
//! sensitivity of `clusterdx-cluster`.
//!
//! Evidence sources find their dataset by unit kind (`firm`,
//! `stakeholder`, `linkage`, `employment`) and their columns through the
//! study's concepts and variables, so the same framework runs on any study
//! whose columns are mapped. No code path here knows a sector's name.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::rc::Rc;
use std::sync::Arc;

use clusterdx_cluster::{
    Evidence, Framework, SectorEvidence, Source, SourceKind, diagnose, stability,
    threshold_sensitivity,
};
use clusterdx_data::{Column, ValueLabels, compare_codes};
use clusterdx_indices::{RegionIndustry, location_quotients};
use clusterdx_results::{
    ClusterDiagnostic, Diagnostic, Dimension, EvidenceInfo, IndicatorInfo, IndicatorResult,
    QualitativeInfo, RaiseInfo, RuleInfo, SectorDiagnosis, SegmentInfo, SourceInfo, ThresholdInfo,
};
use clusterdx_survey::{Estimator, ProportionInterval, SurveyDesign};

use crate::estimate::column;
use crate::spec::UnitKind;
use crate::survey_design::BuiltDesign;
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, concept_codes, personal_refused};
use crate::{Study, did_you_mean};

/// Default bootstrap replicates for the stability of classes.
pub const DEFAULT_REPLICATES: usize = 200;
/// Default multipliers of the cut-offs for the threshold sensitivity.
pub const DEFAULT_FACTORS: [f64; 2] = [0.8, 1.2];

/// The framework a study asks for: its base (the default, or a file) with
/// the study's drops, cut-offs, added indicators and rule changes.
///
/// # Errors
/// Diagnostics with study-file positions.
pub(crate) fn framework(study: &Study) -> Result<Framework, Vec<Diagnostic>> {
    let spec = study.spec.frameworks.cluster.clone().unwrap_or_default();
    let error = |span: std::ops::Range<usize>, message: String, expected: &str| {
        Diagnostic::error(
            "framework",
            format!("{}: {message}", study.locate(span.clone())),
        )
        .with_position(study.position(span))
        .with_expected(expected)
    };
    let mut f = match spec.base.as_ref().map(|b| (b, b.get().as_str())) {
        None | Some((_, "default")) => Framework::default_framework(),
        Some((b, path)) => {
            let full = study.base_dir().join(path);
            let text = std::fs::read_to_string(&full).map_err(|e| {
                vec![error(
                    b.span(),
                    format!("framework file `{path}`: {e}"),
                    "`default`, or a framework file relative to the study file",
                )]
            })?;
            Framework::from_toml(&text).map_err(|e| {
                vec![error(
                    b.span(),
                    format!("framework file `{path}`: {e}"),
                    "a framework in the format of docs/frameworks.md",
                )]
            })?
        }
    };
    let mut errors = Vec::new();
    let ids = |f: &Framework| {
        f.indicators
            .iter()
            .map(|i| i.id.clone())
            .collect::<Vec<_>>()
    };
    for d in &spec.drop {
        let known = ids(&f);
        if !known.contains(d.get()) {
            let mut diag = error(
                d.span(),
                format!("drop: no indicator `{}`", d.get()),
                "an indicator id of the framework",
            );
            if let Some(s) = did_you_mean(d.get(), known.iter().map(String::as_str)) {
                diag = diag.with_help(format!("did you mean `{s}`?"));
            }
            errors.push(diag);
        }
        f.indicators.retain(|i| &i.id != d.get());
    }
    // Added indicators first, so that cut-offs and weights can name them.
    f.indicators.extend(spec.indicators.iter().cloned());
    for c in &spec.cutoffs {
        let Some(ind) = f.indicators.iter_mut().find(|i| &i.id == c.indicator.get()) else {
            errors.push(error(
                c.indicator.span(),
                format!("cutoffs: no indicator `{}`", c.indicator.get()),
                "an indicator id of the framework",
            ));
            continue;
        };
        let k = c.source.unwrap_or(1);
        let n = ind.sources.len();
        let Some(source) = k.checked_sub(1).and_then(|k| ind.sources.get_mut(k)) else {
            errors.push(error(
                c.indicator.span(),
                format!(
                    "cutoffs: indicator `{}` has {n} source(s), not a source {k}",
                    c.indicator.get()
                ),
                "source = 1 … the number of the indicator's sources",
            ));
            continue;
        };
        // Sector-specific cut-offs apply per sector (`sector_framework`).
        if !c.sectors.is_empty() {
            continue;
        }
        if c.present.is_some() {
            source.present = c.present;
        }
        if c.partial.is_some() {
            source.partial = c.partial;
        }
    }
    for (id, w) in &spec.weights {
        match f.indicators.iter_mut().find(|i| &i.id == id.get()) {
            Some(ind) => ind.weight = Some(*w),
            None => errors.push(error(
                id.span(),
                format!("weights: no indicator `{}`", id.get()),
                "an indicator id of the framework",
            )),
        }
    }
    if let Some(t) = spec.typology {
        f.typology = t;
    }
    if let Some(r) = &spec.rule {
        let rule = &mut f.rule;
        if let Some(v) = &r.gate_all {
            rule.gate_all = v.clone();
        }
        if let Some(v) = &r.gate_any {
            rule.gate_any = v.clone();
        }
        if let Some(v) = &r.interaction {
            rule.interaction = v.clone();
        }
        if let Some(v) = r.functional {
            rule.functional = v;
        }
        if let Some(v) = &r.functional_all {
            rule.functional_all = v.clone();
        }
        if let Some(v) = &r.functional_any {
            rule.functional_any = v.clone();
        }
        if let Some(v) = r.potential {
            rule.potential = v;
        }
        if let Some(v) = &r.dimension_weights {
            rule.dimension_weights = v.clone();
        }
    }
    if let Err(e) = f.check() {
        let span = spec.base.as_ref().map_or(0..0, |b| b.span());
        errors.push(
            Diagnostic::error("framework", format!("{}: {e}", study.file_name()))
                .with_position(study.position(span))
                .with_expected("a framework whose rule names its indicators and dimensions"),
        );
    }
    if errors.is_empty() {
        Ok(f)
    } else {
        Err(errors)
    }
}

/// The framework for sector `s`: `base` with the cut-offs the study sets
/// for that sector (`[[frameworks.cluster.cutoffs]] sectors = [...]`), and
/// a description of each one applied.
fn sector_framework(study: &Study, base: &Framework, s: &str) -> (Framework, Vec<String>) {
    let mut f = base.clone();
    let mut applied = Vec::new();
    let Some(spec) = &study.spec.frameworks.cluster else {
        return (f, applied);
    };
    for c in &spec.cutoffs {
        if !c.sectors.iter().any(|code| code.key() == s) {
            continue;
        }
        let k = c.source.unwrap_or(1);
        let Some(source) = f
            .indicators
            .iter_mut()
            .find(|i| &i.id == c.indicator.get())
            .and_then(|i| k.checked_sub(1).and_then(|k| i.sources.get_mut(k)))
        else {
            continue; // reported by `framework`
        };
        if c.present.is_some() {
            source.present = c.present;
        }
        if c.partial.is_some() {
            source.partial = c.partial;
        }
        applied.push(format!(
            "{} source {k}: present {}, partial {}",
            c.indicator.get(),
            source.present.map_or("–".into(), |x| x.to_string()),
            source.partial.map_or("–".into(), |x| x.to_string())
        ));
    }
    (f, applied)
}

/// The variables and items a source reads.
fn names(source: &Source) -> Vec<&str> {
    source
        .variable
        .iter()
        .map(String::as_str)
        .chain(source.variables.iter().map(String::as_str))
        .chain(source.items.iter().map(String::as_str))
        .collect()
}

/// The concepts a source needs in its dataset besides `sector`.
fn concepts_of(kind: SourceKind) -> &'static [&'static str] {
    match kind {
        SourceKind::LocationQuotient => &["region", "count"],
        SourceKind::NetworkDensity => &["from_actor", "to_actor"],
        SourceKind::Qualitative => &["code"],
        _ => &[],
    }
}

/// Validation: the framework builds, and each source finds its dataset,
/// sector concept and variables — a missing one leaves the source without
/// evidence, which is a warning (the report shows it as no evidence).
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    if study.spec.analyses.cluster.is_none() {
        return;
    }
    let f = match framework(study) {
        Ok(f) => f,
        Err(errors) => {
            diags.extend(errors);
            return;
        }
    };
    if let Some(level) = study.spec.analyses.cluster.as_ref().and_then(|c| c.level)
        && !(level > 0.0 && level < 1.0)
    {
        diags.push(Diagnostic::error(
            "cluster-spec",
            format!(
                "{}: [analyses.cluster] level = {level} is outside (0, 1)",
                study.file_name()
            ),
        ));
    }
    // Sector-specific cut-offs must name sectors of the study.
    if let Some(spec) = &study.spec.frameworks.cluster
        && let Some(codes) =
            by_unit(loaded, UnitKind::Firm.name()).and_then(|ds| sectors_of(loaded, ds))
    {
        let known: BTreeSet<String> = codes.into_iter().flatten().collect();
        for c in &spec.cutoffs {
            for code in &c.sectors {
                let key = code.key();
                if !known.contains(&key) {
                    let mut d = Diagnostic::error(
                        "framework",
                        format!(
                            "{}: cutoffs for indicator `{}`: no sector `{key}` in the firm survey",
                            study.locate(c.indicator.span()),
                            c.indicator.get()
                        ),
                    )
                    .with_position(study.position(c.indicator.span()))
                    .with_expected(format!(
                        "one of: {}",
                        known.iter().cloned().collect::<Vec<_>>().join(", ")
                    ));
                    if let Some(s) = did_you_mean(&key, known.iter().map(String::as_str)) {
                        d = d.with_help(format!("did you mean `{s}`?"));
                    }
                    diags.push(d);
                }
            }
        }
    }
    let mut reported = BTreeSet::new();
    let sources = f
        .indicators
        .iter()
        .flat_map(|i| i.sources.iter().map(move |s| (i.id.as_str(), s)))
        .chain(f.policy_flag.iter().map(|s| ("policy_flag", s)));
    for (id, source) in sources {
        let Some(ds) = by_unit(loaded, &source.unit) else {
            if reported.insert(format!("unit {}", source.unit)) {
                diags.push(Diagnostic::warning(
                    "cluster-evidence",
                    format!(
                        "{}: no dataset of unit `{}`: indicators with evidence from it (first {id}) have none",
                        study.file_name(),
                        source.unit
                    ),
                ).with_expected(format!("a dataset with `unit = \"{}\"`", source.unit)));
            }
            continue;
        };
        let mut needed: Vec<&str> = vec!["sector"];
        needed.extend(concepts_of(source.kind));
        for concept in &needed {
            if let Some((_, true)) = concept_codes(loaded, ds, concept)
                && reported.insert(format!("personal {} {concept}", ds.name))
            {
                diags.push(
                    personal_refused(ds, format!(
                            "dataset `{}`: the `{concept}` concept is a personal column, which the cluster diagnostic would publish",
                            ds.name
                        )),
                );
            }
        }
        for concept in needed {
            if concept_codes(loaded, ds, concept).is_none()
                && reported.insert(format!("{} {concept}", ds.name))
            {
                diags.push(
                    Diagnostic::warning(
                        "cluster-evidence",
                        format!(
                            "dataset `{}` maps no `{concept}` concept: indicators with evidence from it (first {id}) have none",
                            ds.name
                        ),
                    )
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected(format!("[datasets.{}.concepts] {concept} = \"column\"", ds.name)),
                );
            }
        }
        let variables = if source.kind == SourceKind::Qualitative {
            Vec::new()
        } else {
            names(source)
        };
        for name in variables {
            if let Some(c) = column(ds, name)
                && ds.columns.is_personal(&c.name)
                && reported.insert(format!("personal {} {name}", ds.name))
            {
                diags.push(personal_refused(
                    ds,
                    format!(
                        "dataset `{}`: variable `{name}` of indicator {id} is a personal column",
                        ds.name
                    ),
                ));
            }
            if column(ds, name).is_none() && reported.insert(format!("{} {name}", ds.name)) {
                diags.push(
                    Diagnostic::warning(
                        "cluster-evidence",
                        format!(
                            "dataset `{}` has no variable `{name}` for indicator {id}: that source has no evidence",
                            ds.name
                        ),
                    )
                    .with_dataset(&ds.name, Some(ds.source.clone()))
                    .with_expected(format!(
                        "a column `{name}`, or [datasets.{}.variables] {name} = \"column\"",
                        ds.name
                    )),
                );
            }
        }
    }
}

/// Yes-like answers (`yes`, `1`, `true`), no-like (`no`, `0`, `false`).
fn yes_no(code: &str) -> Option<bool> {
    match code.to_ascii_lowercase().as_str() {
        "yes" | "1" | "true" | "y" => Some(true),
        "no" | "0" | "false" | "n" => Some(false),
        _ => None,
    }
}

/// A yes/no answer in row `i` of `c`: yes/no words, else a number (yes
/// when positive); other answers ("don't know" texts) are `None`.
pub(crate) fn answer(c: &Column, i: usize) -> Option<bool> {
    let code = c.code_at(i)?;
    yes_no(&code).or_else(|| c.f64_at(i).map(|x| x > 0.0))
}

/// Each row's sector code in `ds`.
fn sectors_of(loaded: &[LoadedDataset], ds: &LoadedDataset) -> Option<Vec<Option<String>>> {
    concept_codes(loaded, ds, "sector").map(|(codes, _)| codes)
}

/// Per-row values of a survey source: a share's 0/1, a mean's per-unit mean
/// of its answered items, a total's 1.
fn survey_values(ds: &LoadedDataset, source: &Source) -> Option<Vec<Option<f64>>> {
    let n = ds.dataset.n_rows();
    match source.kind {
        SourceKind::Share => {
            let c = column(ds, source.variable.as_deref()?)?;
            let equals: Vec<String> = source
                .equals
                .iter()
                .map(|e| match e.parse::<f64>() {
                    Ok(x) => clusterdx_data::code_key(x),
                    Err(_) => e.clone(),
                })
                .collect();
            Some(
                (0..n)
                    .map(|i| {
                        let code = c.code_at(i)?;
                        // A numeric threshold; listed codes; else yes/no
                        // words or a positive number. Other answers
                        // ("don't know" texts) are left out, not "no".
                        let yes = if let Some(k) = source.at_least {
                            c.f64_at(i)? >= k
                        } else if !equals.is_empty() {
                            equals.contains(&code)
                        } else {
                            answer(c, i)?
                        };
                        Some(f64::from(u8::from(yes)))
                    })
                    .collect(),
            )
        }
        SourceKind::Mean => {
            let cols: Vec<&Column> = source
                .variables
                .iter()
                .map(|v| column(ds, v))
                .collect::<Option<_>>()?;
            Some(
                (0..n)
                    .map(|i| {
                        let answered: Vec<f64> = cols.iter().filter_map(|c| c.f64_at(i)).collect();
                        (!answered.is_empty())
                            .then(|| answered.iter().sum::<f64>() / answered.len() as f64)
                    })
                    .collect(),
            )
        }
        SourceKind::Total => Some(vec![Some(1.0); n]),
        _ => None,
    }
}

/// A survey source's evidence for one sector, with SE and interval.
fn survey_evidence(
    design: &SurveyDesign,
    kind: SourceKind,
    values: &[Option<f64>],
    domain: &[bool],
    level: f64,
) -> Option<Evidence> {
    let e = match kind {
        SourceKind::Share => {
            let flags: Vec<Option<bool>> = values.iter().map(|v| v.map(|x| x > 0.5)).collect();
            design.estimate(Estimator::Proportion(&flags), Some(domain))
        }
        SourceKind::Mean => design.estimate(Estimator::Mean(values), Some(domain)),
        _ => design.estimate(Estimator::Total(values), Some(domain)),
    };
    if e.n == 0 || !e.value.is_finite() {
        return None;
    }
    let ci = if kind == SourceKind::Share {
        e.ci_proportion(level, ProportionInterval::Logit)
    } else {
        e.ci(level)
    };
    Some(Evidence {
        value: e.value,
        se: Some(e.se()),
        ci: Some(ci),
        n: e.n,
    })
}

/// The same point estimate with other weights (a replicate's).
fn survey_value(
    kind: SourceKind,
    weights: &[f64],
    values: &[Option<f64>],
    domain: &[bool],
) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for ((w, v), d) in weights.iter().zip(values).zip(domain) {
        if let (true, Some(v)) = (*d, v) {
            num += w * v;
            den += w;
        }
    }
    match kind {
        SourceKind::Total => Some(num),
        _ => (den > 0.0).then(|| num / den),
    }
}

/// Rows of `ds` in sector `s`.
fn rows_in(sectors: &[Option<String>], s: &str) -> Vec<bool> {
    sectors.iter().map(|c| c.as_deref() == Some(s)).collect()
}

/// Key-informant evidence: checklist counts and choices.
fn informant_evidence(ds: &LoadedDataset, source: &Source, domain: &[bool]) -> Option<Evidence> {
    match source.kind {
        SourceKind::Checklist => {
            let cols: Vec<&Column> = source
                .items
                .iter()
                .map(|v| column(ds, v))
                .collect::<Option<_>>()?;
            let mut present = 0usize;
            let mut informants = BTreeSet::new();
            for c in &cols {
                let (mut yes, mut no) = (0usize, 0usize);
                for (i, _) in domain.iter().enumerate().filter(|(_, d)| **d) {
                    match c.code_at(i).as_deref().and_then(yes_no) {
                        Some(true) => {
                            yes += 1;
                            informants.insert(i);
                        }
                        Some(false) => {
                            no += 1;
                            informants.insert(i);
                        }
                        None => {}
                    }
                }
                // An item counts when at least half of those who answered say yes.
                if yes > 0 && yes >= no {
                    present += 1;
                }
            }
            (!informants.is_empty()).then_some(Evidence {
                value: present as f64,
                se: None,
                ci: None,
                n: informants.len(),
            })
        }
        SourceKind::Choice => {
            let c = column(ds, source.variable.as_deref()?)?;
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for (i, _) in domain.iter().enumerate().filter(|(_, d)| **d) {
                if let Some(code) = c.code_at(i)
                    && source.scores.contains_key(&code)
                {
                    *counts.entry(code).or_default() += 1;
                }
            }
            let n: usize = counts.values().sum();
            // The most common answer; a tie goes to the higher score.
            let best = counts.iter().max_by(|a, b| {
                a.1.cmp(b.1).then_with(|| {
                    let (sa, sb) = (source.scores[a.0], source.scores[b.0]);
                    sa.total_cmp(&sb)
                })
            })?;
            Some(Evidence {
                value: source.scores[best.0],
                se: None,
                ci: None,
                n,
            })
        }
        _ => None,
    }
}

/// The location quotient of sector `s` (its employment rows together, as
/// the European Cluster Observatory treats a cluster category) in the
/// region where it is largest, among `home` — the regions where the
/// sector's surveyed firms are (FRAMEWORKS.md: "district vs country") — or
/// among all regions when none of those appears in the employment data.
/// Only `counted` rows count: those the concentration analysis's filter
/// keeps. Negative counts give no evidence.
fn lq_evidence(
    ds: &LoadedDataset,
    counted: &[bool],
    s: &str,
    home: &BTreeSet<String>,
) -> Option<Evidence> {
    let data = &ds.dataset;
    let col = |concept: &str| data.column(ds.columns.concepts.get(concept)?);
    let (region, sector, count) = (col("region")?, col("sector")?, col("count")?);
    let mut records: Vec<(String, String, f64)> = Vec::new();
    for i in (0..data.n_rows()).filter(|&i| counted[i]) {
        let (Some(r), Some(v)) = (region.code_at(i), count.f64_at(i)) else {
            continue;
        };
        let industry = match sector.code_at(i) {
            Some(code) if code == s => "sector",
            _ => "rest",
        };
        if v < 0.0 {
            return None;
        }
        records.push((r, industry.to_string(), v));
    }
    let m =
        RegionIndustry::from_records(records.iter().map(|(r, i, v)| (r.as_str(), i.as_str(), *v)))
            .ok()?;
    let k = m.industries().iter().position(|i| i == "sector")?;
    let lq = location_quotients(&m);
    let restrict = m.regions().iter().any(|r| home.contains(r));
    let best = lq
        .iter()
        .zip(m.regions())
        .filter(|(_, r)| !restrict || home.contains(*r))
        .map(|(row, _)| row[k])
        .filter(|x| x.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    best.is_finite().then(|| Evidence {
        value: best,
        se: None,
        ci: None,
        n: m.regions().len(),
    })
}

/// Density of sector `s`'s stakeholder network: ties of positive strength
/// among its actors (the stakeholder dataset's actors of the sector when
/// there is one, so that isolates count; else the tied actors).
fn density_evidence(
    links: &LoadedDataset,
    actors: Option<&LoadedDataset>,
    s: &str,
) -> Option<Evidence> {
    let net = crate::network::sector_network(links, actors, s, false)?;
    let n = net.ids.len();
    if n < 2 {
        return None;
    }
    Some(Evidence {
        value: net.network()?.density(),
        se: None,
        ci: None,
        n,
    })
}

/// One coded segment, as it may be shown.
struct Segment {
    code: String,
    stance: Stance,
    interview: Option<String>,
    stakeholder: Option<String>,
    quote: Option<String>,
}

/// What a coded segment says of its code.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stance {
    Supports,
    Contradicts,
    /// No stance recorded (an empty cell; a REFI-QDA selection without a
    /// stance code): shown, counted neither way.
    Unstated,
}

impl Stance {
    /// `contradicts`, `against`, `no`, `-`, `negative`, `0` contradict; an
    /// empty or missing cell is unstated; anything else supports.
    fn of(cell: Option<&str>) -> Self {
        match cell.map(|c| c.trim().to_ascii_lowercase()).as_deref() {
            None | Some("") => Stance::Unstated,
            Some(
                "contradicts" | "contradict" | "contradicting" | "against" | "no" | "-"
                | "negative" | "0",
            ) => Stance::Contradicts,
            Some(_) => Stance::Supports,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Stance::Supports => "supports",
            Stance::Contradicts => "contradicts",
            Stance::Unstated => "unstated",
        }
    }
}

/// A code name as matched against a framework's codes: lower case, every
/// run of other characters than letters and digits one `_` (`Joint action`
/// and `joint-action` are `joint_action`; `Trust / social capital` is
/// `trust_social_capital`).
fn code_name_key(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    for c in code.trim().chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// Segments of sector `s` whose code, any level of its code path
/// (`Cluster indicators > Joint action`) or any of a level's names written
/// `A / B` (`Trust / social capital`) is one of `codes` as matched by
/// [`code_name_key`], personal columns withheld. A segment's sector and actor
/// type may come through a link (the informant the interview was with).
fn segments(
    loaded: &[LoadedDataset],
    ds: &LoadedDataset,
    s: &str,
    codes: &[String],
) -> Vec<Segment> {
    let col = |concept: &str| concept_codes(loaded, ds, concept);
    let (Some((code, _)), Some((sector, _))) = (col("code"), col("sector")) else {
        return Vec::new();
    };
    let wanted: BTreeSet<String> = codes.iter().map(|c| code_name_key(c)).collect();
    let matches = |c: &str| {
        c.split(" > ")
            .flat_map(|level| std::iter::once(level).chain(level.split('/')))
            .any(|name| wanted.contains(&code_name_key(name)))
    };
    let shown = |c: &Option<(Vec<Option<String>>, bool)>, i: usize| match c {
        Some((values, false)) => values[i].clone(),
        _ => None,
    };
    let (stance, interview, stakeholder, quote) = (
        col("stance"),
        col("interview"),
        col("actor_type"),
        col("quote"),
    );
    (0..ds.dataset.n_rows())
        .filter(|&i| sector[i].as_deref() == Some(s))
        .filter_map(|i| {
            let c = code[i].clone()?;
            matches(&c).then(|| Segment {
                stance: Stance::of(stance.as_ref().and_then(|(st, _)| st[i].as_deref())),
                interview: shown(&interview, i),
                stakeholder: shown(&stakeholder, i),
                quote: shown(&quote, i),
                code: c,
            })
        })
        .collect()
}

/// The joint display of an indicator for a sector: the segments coded with
/// its codes or its id.
fn qualitative_info(
    loaded: &[LoadedDataset],
    indicator: &clusterdx_cluster::Indicator,
    s: &str,
    score: Option<f64>,
) -> Option<QualitativeInfo> {
    let ds = by_unit(loaded, UnitKind::Segment.name())?;
    let mut codes = indicator.codes.clone();
    codes.push(indicator.id.clone());
    let found = segments(loaded, ds, s, &codes);
    if found.is_empty() {
        return None;
    }
    let count = |st: Stance| found.iter().filter(|g| g.stance == st).count();
    let (supports, contradicts) = (count(Stance::Supports), count(Stance::Contradicts));
    let agrees = score.and_then(|x| match supports.cmp(&contradicts) {
        std::cmp::Ordering::Greater => Some(x >= 0.5),
        std::cmp::Ordering::Less => Some(x < 0.5),
        std::cmp::Ordering::Equal => None,
    });
    Some(QualitativeInfo {
        supports: supports as u64,
        contradicts: contradicts as u64,
        unstated: count(Stance::Unstated) as u64,
        agrees,
        segments: found
            .into_iter()
            .map(|g| SegmentInfo {
                code: g.code,
                stance: g.stance.name().to_string(),
                interview: g.interview,
                stakeholder: g.stakeholder,
                quote: g.quote,
            })
            .collect(),
    })
}

/// A survey source's value per row (`None`: the row does not count).
type RowValues = Rc<Vec<Option<f64>>>;

/// Everything needed to compute a sector's evidence, and to recompute its
/// survey part with replicate weights.
struct Inputs<'a> {
    study: &'a Study,
    loaded: &'a [LoadedDataset],
    /// Per survey dataset name: its design and row sectors.
    surveys: BTreeMap<String, (Arc<BuiltDesign>, Vec<Option<String>>)>,
    level: f64,
    /// Each survey source's per-row values, computed once: they do not
    /// depend on the sector or the replicate (keyed by what defines them).
    values: RefCell<HashMap<String, Option<RowValues>>>,
}

impl Inputs<'_> {
    /// The per-row values of a survey source (see [`survey_values`]).
    fn values_of(&self, ds: &LoadedDataset, source: &Source) -> Option<RowValues> {
        let key = format!(
            "{}|{:?}|{:?}|{:?}|{:?}|{:?}",
            ds.name, source.kind, source.variable, source.variables, source.equals, source.at_least
        );
        self.values
            .borrow_mut()
            .entry(key)
            .or_insert_with(|| survey_values(ds, source).map(Rc::new))
            .clone()
    }

    /// The evidence of `source` for sector `s`; `weights` replaces the
    /// design's for a replicate (point estimate only).
    fn evidence(&self, source: &Source, s: &str, weights: Option<&[f64]>) -> Option<Evidence> {
        let ds = by_unit(self.loaded, &source.unit)?;
        match source.kind {
            SourceKind::Share | SourceKind::Mean | SourceKind::Total => {
                let (design, sectors) = self.surveys.get(&ds.name)?;
                let values = self.values_of(ds, source)?;
                let domain = rows_in(sectors, s);
                match weights {
                    None => {
                        survey_evidence(&design.design, source.kind, &values, &domain, self.level)
                    }
                    Some(w) => {
                        survey_value(source.kind, w, &values, &domain).map(|value| Evidence {
                            value,
                            se: None,
                            ci: None,
                            n: 0,
                        })
                    }
                }
            }
            SourceKind::Checklist | SourceKind::Choice => {
                let sectors = sectors_of(self.loaded, ds)?;
                informant_evidence(ds, source, &rows_in(&sectors, s))
            }
            SourceKind::LocationQuotient => {
                let counted = crate::concentration::counted_rows(self.study, self.loaded, ds);
                lq_evidence(ds, &counted, s, &self.home(s))
            }
            SourceKind::NetworkDensity => {
                density_evidence(ds, by_unit(self.loaded, UnitKind::Stakeholder.name()), s)
            }
            SourceKind::Qualitative => {
                let segments = segments(self.loaded, ds, s, &source.items);
                (!segments.is_empty()).then(|| {
                    let net: i64 = segments
                        .iter()
                        .map(|g| match g.stance {
                            Stance::Supports => 1,
                            Stance::Contradicts => -1,
                            Stance::Unstated => 0,
                        })
                        .sum();
                    Evidence {
                        value: net as f64,
                        se: None,
                        ci: None,
                        n: segments.len(),
                    }
                })
            }
        }
    }

    /// The districts of the sector's surveyed firms (the firm dataset's
    /// `district` concept).
    fn home(&self, s: &str) -> BTreeSet<String> {
        let Some(firms) = by_unit(self.loaded, UnitKind::Firm.name()) else {
            return BTreeSet::new();
        };
        let (Some(sectors), Some(district)) = (
            sectors_of(self.loaded, firms),
            firms
                .columns
                .concepts
                .get("district")
                .and_then(|c| firms.dataset.column(c)),
        ) else {
            return BTreeSet::new();
        };
        sectors
            .iter()
            .enumerate()
            .filter(|(_, c)| c.as_deref() == Some(s))
            .filter_map(|(i, _)| district.code_at(i))
            .collect()
    }

    fn sector_evidence(&self, f: &Framework, s: &str, weights: Option<&[f64]>) -> SectorEvidence {
        SectorEvidence {
            indicators: f
                .indicators
                .iter()
                .map(|ind| {
                    (
                        ind.id.clone(),
                        ind.sources
                            .iter()
                            .map(|src| self.evidence(src, s, weights))
                            .collect(),
                    )
                })
                .collect(),
            policy: f
                .policy_flag
                .as_ref()
                .and_then(|src| self.evidence(src, s, weights)),
        }
    }
}

/// Runs the diagnostic.
pub(crate) fn run(loaded: &LoadedStudy) -> Result<Option<ClusterDiagnostic>, Vec<Diagnostic>> {
    let Some(spec) = &loaded.study.spec.analyses.cluster else {
        return Ok(None);
    };
    let f = framework(&loaded.study)?;
    let level = spec.level.unwrap_or(0.95);
    let factors = spec
        .factors
        .clone()
        .unwrap_or_else(|| DEFAULT_FACTORS.to_vec());
    let datasets = &loaded.datasets;
    // Survey datasets used by the framework, with their designs.
    let mut surveys = BTreeMap::new();
    let units: BTreeSet<&str> = f
        .indicators
        .iter()
        .flat_map(|i| &i.sources)
        .chain(f.policy_flag.iter())
        .filter(|s| {
            matches!(
                s.kind,
                SourceKind::Share | SourceKind::Mean | SourceKind::Total
            )
        })
        .map(|s| s.unit.as_str())
        .collect();
    for unit in units {
        let Some(ds) = by_unit(datasets, unit) else {
            continue;
        };
        let Some(sectors) = sectors_of(datasets, ds) else {
            continue;
        };
        let design = match &ds.survey {
            Some(b) => Arc::clone(b),
            None => Arc::new(crate::survey_design::srs(ds).map_err(|e| vec![*e])?),
        };
        surveys.insert(ds.name.clone(), (design, sectors));
    }
    let inputs = Inputs {
        study: &loaded.study,
        loaded: datasets,
        surveys,
        level,
        values: RefCell::new(HashMap::new()),
    };
    // Sectors: those of the firm survey, else of every dataset the
    // framework reads and of the coded interviews.
    let firm = by_unit(datasets, UnitKind::Firm.name());
    let mut sectors: Vec<String> = match firm.and_then(|ds| sectors_of(datasets, ds)) {
        Some(codes) => codes.into_iter().flatten().collect(),
        None => f
            .indicators
            .iter()
            .flat_map(|i| &i.sources)
            .chain(f.policy_flag.iter())
            .filter_map(|src| by_unit(datasets, &src.unit))
            .chain(by_unit(datasets, UnitKind::Segment.name()))
            .filter_map(|ds| sectors_of(datasets, ds))
            .flatten()
            .flatten()
            .collect(),
    };
    sectors.sort_by(|a, b| compare_codes(a, b));
    sectors.dedup();
    let labels: Option<ValueLabels> = firm.and_then(|ds| {
        let col = ds.columns.concepts.get("sector")?;
        ds.columns
            .value_sets
            .get(col)
            .cloned()
            .or_else(|| ds.dataset.column(col)?.value_labels.clone())
    });
    // Replicate weights of the firm survey for the stability of classes.
    let replicates = spec.replicates.unwrap_or(DEFAULT_REPLICATES);
    let seed = spec.seed.or(loaded.study.spec.study.seed).unwrap_or(1);
    let mut notes = Vec::new();
    let replicate_sets: Vec<ReplicateSet> = if replicates == 0 {
        Vec::new()
    } else {
        inputs
            .surveys
            .iter()
            .filter_map(|(name, (design, _))| {
                let rep = match &design.design {
                    SurveyDesign::Taylor(d) => match d.bootstrap(replicates, seed) {
                        Ok(r) => r,
                        Err(e) => {
                            notes.push(format!(
                                "dataset `{name}` cannot be resampled ({e}): its evidence is held fixed in the stability"
                            ));
                            return None;
                        }
                    },
                    SurveyDesign::Replicate(r) => r.clone(),
                };
                // Each replicate's deviation from the full sample, scaled so
                // that its spread is the estimate's sampling spread: the
                // replicate variance is scale Σ rscale_r (θ_r − θ̂)², so
                // θ̂ + √(scale · rscale_r · R)(θ_r − θ̂) has that variance
                // (a jackknife or Fay replicate deviates far less than a
                // draw would).
                let (scale, rscales) = rep.coefficients();
                let r_count = rep.n_replicates() as f64;
                Some(ReplicateSet {
                    dataset: name.clone(),
                    weights: (0..rep.n_replicates())
                        .map(|r| rep.replicate_weights(r))
                        .collect(),
                    spread: rscales
                        .iter()
                        .map(|c| (scale * c * r_count).sqrt())
                        .collect(),
                })
            })
            .collect()
    };
    let n_rep = replicate_sets
        .iter()
        .map(|r| r.weights.len())
        .min()
        .unwrap_or(0);
    let mut out = Vec::new();
    let base = f;
    for s in &sectors {
        let (f, sector_cutoffs) = sector_framework(&loaded.study, &base, s);
        let evidence = inputs.sector_evidence(&f, s, None);
        let d = diagnose(&f, &evidence)
            .map_err(|e| vec![Diagnostic::error("framework", e.to_string())])?;
        let effects = threshold_sensitivity(&f, &evidence, &factors)
            .map_err(|e| vec![Diagnostic::error("framework", e.to_string())])?;
        let stability_share = if n_rep == 0 {
            None
        } else {
            let reps: Vec<SectorEvidence> = (0..n_rep)
                .map(|r| replicate_evidence(&inputs, &f, s, &evidence, &replicate_sets, r))
                .collect();
            Some(
                stability(&f, d.classification.class, &reps)
                    .map_err(|e| vec![Diagnostic::error("framework", e.to_string())])?,
            )
        };
        out.push(sector_result(
            datasets,
            &f,
            s,
            labels.as_ref(),
            &d,
            &evidence,
            effects,
            stability_share,
        ));
        if let Some(last) = out.last_mut() {
            last.sector_cutoffs = sector_cutoffs;
        }
    }
    let f = base;
    Ok(Some(ClusterDiagnostic {
        framework: f.name.clone(),
        typology: match f.typology {
            clusterdx_cluster::Typology::Default => "default",
            clusterdx_cluster::Typology::Enright => "enright",
        }
        .to_string(),
        dimensions: f
            .dimensions
            .iter()
            .map(|(id, name)| Dimension {
                id: id.clone(),
                name: name.clone(),
            })
            .collect(),
        indicators: f
            .indicators
            .iter()
            .map(|i| IndicatorInfo {
                id: i.id.clone(),
                dimension: i.dimension.clone(),
                name: i.name.clone(),
                sources: i
                    .sources
                    .iter()
                    .map(|s| SourceInfo {
                        kind: s.kind.name().to_string(),
                        unit: s.unit.clone(),
                        present: s.present,
                        partial: s.partial,
                        note: s.note.clone(),
                    })
                    .collect(),
            })
            .collect(),
        rule: RuleInfo {
            gate_all: f.rule.gate_all.clone(),
            gate_any: f.rule.gate_any.clone(),
            interaction: f.rule.interaction.clone(),
            functional: f.rule.functional,
            functional_all: f.rule.functional_all.clone(),
            functional_any: f.rule.functional_any.clone(),
            potential: f.rule.potential,
            dimension_weights: f.rule.dimension_weights.clone(),
            indicator_weights: f
                .indicators
                .iter()
                .filter_map(|i| i.weight.map(|w| (i.id.clone(), w)))
                .collect(),
        },
        sectors: out,
        replicates: n_rep as u64,
        seed: (n_rep > 0).then_some(seed),
        factors,
        notes,
    }))
}

/// A sector's evidence with replicate `r`'s weights for the survey sources
/// (the other sources do not vary with the firm sample).
/// Replicate weights of one survey dataset and the factor that brings each
/// replicate's deviation to the sampling spread.
struct ReplicateSet {
    dataset: String,
    weights: Vec<Vec<f64>>,
    spread: Vec<f64>,
}

fn replicate_evidence(
    inputs: &Inputs<'_>,
    f: &Framework,
    s: &str,
    full: &SectorEvidence,
    sets: &[ReplicateSet],
    r: usize,
) -> SectorEvidence {
    let mut ev = full.clone();
    for ind in &f.indicators {
        let Some(slots) = ev.indicators.get_mut(&ind.id) else {
            continue;
        };
        for (slot, source) in slots.iter_mut().zip(&ind.sources) {
            if !matches!(
                source.kind,
                SourceKind::Share | SourceKind::Mean | SourceKind::Total
            ) {
                continue;
            }
            let Some(ds) = by_unit(inputs.loaded, &source.unit) else {
                continue;
            };
            let Some(set) = sets.iter().find(|set| set.dataset == ds.name) else {
                continue;
            };
            let base = slot.as_ref().map(|e| e.value);
            *slot = inputs
                .evidence(source, s, Some(&set.weights[r]))
                .map(|mut e| {
                    if let Some(b) = base {
                        e.value = b + set.spread[r] * (e.value - b);
                    }
                    e
                });
        }
    }
    ev
}

#[allow(clippy::too_many_arguments)]
fn sector_result(
    loaded: &[LoadedDataset],
    f: &Framework,
    s: &str,
    labels: Option<&ValueLabels>,
    d: &clusterdx_cluster::Diagnosis,
    evidence: &SectorEvidence,
    effects: Vec<clusterdx_cluster::ThresholdEffect>,
    stability: Option<f64>,
) -> SectorDiagnosis {
    let partial: Vec<String> = f
        .indicators
        .iter()
        .filter(|i| {
            d.scores[&i.id]
                .score
                .is_some_and(|x| x > 1e-12 && x < 1.0 - 1e-12)
        })
        .map(|i| i.id.clone())
        .collect();
    SectorDiagnosis {
        sector: s.to_string(),
        label: labels.and_then(|l| l.get(s)).map(str::to_string),
        class: d.classification.class.label(f.typology).to_string(),
        class_id: d.classification.class.name().to_string(),
        gate: d.classification.gate,
        interaction: d.classification.interaction,
        dimensions: d.classification.dimensions.clone(),
        present: d.with_score(f, Some(1.0)),
        partial,
        missing: d.with_score(f, Some(0.0)),
        no_evidence: d.with_score(f, None),
        policy_flag: d.policy,
        indicators: f
            .indicators
            .iter()
            .map(|ind| {
                let sc = &d.scores[&ind.id];
                let evs = evidence.indicators.get(&ind.id);
                IndicatorResult {
                    id: ind.id.clone(),
                    score: sc.score,
                    uncertain: sc.uncertain,
                    evidence: ind
                        .sources
                        .iter()
                        .enumerate()
                        .map(|(k, src)| {
                            evs.and_then(|v| v.get(k))
                                .and_then(Option::as_ref)
                                .map(|ev| evidence_info(src, ev))
                        })
                        .collect(),
                    qualitative: qualitative_info(loaded, ind, s, sc.score),
                }
            })
            .collect(),
        to_next_class: d
            .to_next_class
            .iter()
            .map(|set| {
                set.iter()
                    .map(|r| RaiseInfo {
                        indicator: r.indicator.clone(),
                        from: r.from,
                        to: r.to,
                    })
                    .collect()
            })
            .collect(),
        stability,
        sector_cutoffs: Vec::new(),
        threshold_effects: effects
            .into_iter()
            .map(|e| ThresholdInfo {
                indicator: e.indicator,
                source: e.source as u64 + 1,
                factor: e.factor,
                score_before: e.score.0,
                score_after: e.score.1,
                class: e.class.label(f.typology).to_string(),
                class_changed: e.class_changed,
            })
            .collect(),
    }
}

/// Evidence values with their source scores for the results.
pub(crate) fn evidence_info(source: &Source, ev: &Evidence) -> EvidenceInfo {
    EvidenceInfo {
        value: ev.value,
        score: source.score(ev.value),
        se: ev.se,
        ci: ev.ci.map(|(a, b)| [a, b]),
        n: ev.n as u64,
    }
}
