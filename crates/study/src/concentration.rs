//! The concentration analysis (`[analyses.concentration]`): specialisation
//! of each region and localisation and complexity of each industry, from a
//! region × industry table of counts (employment, firms or output).

use clusterdx_indices::{
    RegionIndustry, complexity, ellison_glaeser, entropy, geographic_hhi, hachman,
    hoover_localisation, hoover_specialisation, industrial_hhi, krugman, location_quotients,
    locational_gini, maurel_sedillot, plant_hhi, raw_concentration,
};
use clusterdx_results::{Concentration, Diagnostic, IndustryIndices, RegionIndices};

use crate::Study;
use crate::spec::UnitKind;
use crate::validate::{LoadedDataset, LoadedStudy, by_unit, personal_refused};

/// The dataset the analysis reads: named, or the employment dataset.
fn dataset<'a>(study: &Study, loaded: &'a [LoadedDataset]) -> Option<&'a LoadedDataset> {
    let spec = study.spec.analyses.concentration.as_ref()?;
    match &spec.dataset {
        Some(name) => loaded.iter().find(|d| &d.name == name.get()),
        None => by_unit(loaded, UnitKind::Employment.name()),
    }
}

/// Which rows of `ds` the concentration analysis counts: those its
/// `filter` keeps when `ds` is the analysis's dataset (a year of a panel),
/// else all. Indicator A2's location quotients count the same rows, so the
/// two never disagree about which table they describe.
pub(crate) fn counted_rows(
    study: &Study,
    loaded: &[LoadedDataset],
    ds: &LoadedDataset,
) -> Vec<bool> {
    let n = ds.dataset.n_rows();
    let filter = study
        .spec
        .analyses
        .concentration
        .as_ref()
        .and_then(|spec| spec.filter.as_ref())
        .filter(|_| dataset(study, loaded).is_some_and(|d| d.name == ds.name))
        .and_then(|f| {
            let c = crate::estimate::column(ds, f.column.get())?;
            let keep: Vec<String> = f.equals.iter().map(crate::spec::CodeSpec::key).collect();
            Some((c, keep))
        });
    match filter {
        Some((c, keep)) => (0..n)
            .map(|i| c.code_at(i).is_some_and(|code| keep.contains(&code)))
            .collect(),
        None => vec![true; n],
    }
}

/// Validation: the dataset exists and maps `region`, `industry`, `count`.
pub(crate) fn check(study: &Study, loaded: &[LoadedDataset], diags: &mut Vec<Diagnostic>) {
    let Some(spec) = &study.spec.analyses.concentration else {
        return;
    };
    let Some(ds) = dataset(study, loaded) else {
        let at = spec.dataset.as_ref();
        diags.push(
            Diagnostic::error(
                "concentration",
                format!(
                    "{}: concentration: {}",
                    at.map_or(study.file_name(), |d| study.locate(d.span())),
                    at.map_or("no dataset with `unit = \"employment\"`".to_string(), |d| {
                        format!("no dataset `{}`", d.get())
                    })
                ),
            )
            .with_position(at.and_then(|d| study.position(d.span())))
            .with_expected(
                "a region × industry table (unit = \"employment\"), or `dataset = \"…\"`",
            ),
        );
        return;
    };
    if let Some(f) = &spec.filter
        && crate::estimate::column(ds, f.column.get()).is_none()
    {
        diags.push(
            Diagnostic::error(
                "concentration",
                format!(
                    "{}: concentration filter: dataset `{}` has no column `{}`",
                    study.locate(f.column.span()),
                    ds.name,
                    f.column.get()
                ),
            )
            .with_position(study.position(f.column.span()))
            .with_dataset(&ds.name, Some(ds.source.clone()))
            .with_expected("a column or concept of the dataset"),
        );
    }
    if let Some(l) = &spec.industry_labels
        && let Some(c) = ds
            .dataset
            .column(l.get())
            .or_else(|| crate::estimate::column(ds, l.get()))
        && ds.columns.is_personal(&c.name)
    {
        diags.push(
            personal_refused(
                ds,
                format!(
                    "{}: concentration industry_labels is a personal column",
                    study.locate(l.span())
                ),
            )
            .with_position(study.position(l.span())),
        );
    }
    if let Some(l) = &spec.industry_labels
        && crate::estimate::column(ds, l.get()).is_none()
        && ds.dataset.column(l.get()).is_none()
    {
        diags.push(
            Diagnostic::error(
                "concentration",
                format!(
                    "{}: concentration industry_labels: dataset `{}` has no column `{}`",
                    study.locate(l.span()),
                    ds.name,
                    l.get()
                ),
            )
            .with_position(study.position(l.span()))
            .with_dataset(&ds.name, Some(ds.source.clone())),
        );
    }
    if let Some(p) = &spec.plants {
        match loaded.iter().find(|d| &d.name == p.get()) {
            None => diags.push(
                Diagnostic::error(
                    "concentration",
                    format!(
                        "{}: concentration plants: no dataset `{}`",
                        study.locate(p.span()),
                        p.get()
                    ),
                )
                .with_position(study.position(p.span()))
                .with_expected("a dataset of plants with `industry` and `count` concepts"),
            ),
            Some(pd) => {
                for concept in ["industry", "count"] {
                    if !pd.columns.concepts.contains_key(concept) {
                        diags.push(
                            Diagnostic::error(
                                "concentration",
                                format!(
                                    "{}: concentration plants: dataset `{}` maps no `{concept}` concept",
                                    study.locate(p.span()),
                                    pd.name
                                ),
                            )
                            .with_position(study.position(p.span()))
                            .with_dataset(&pd.name, Some(pd.source.clone()))
                            .with_expected(format!("[datasets.{}.concepts] {concept} = \"column\"", pd.name)),
                        );
                    }
                }
            }
        }
    }
    for concept in ["region", "industry", "count"] {
        if let Some(col) = ds.columns.concepts.get(concept)
            && ds.columns.is_personal(col)
        {
            diags.push(personal_refused(
                ds,
                format!(
                    "concentration: the `{concept}` concept of dataset `{}` is a personal column",
                    ds.name
                ),
            ));
        }
        if !ds.columns.concepts.contains_key(concept) {
            diags.push(
                Diagnostic::error(
                    "concentration",
                    format!(
                        "concentration: dataset `{}` maps no `{concept}` concept",
                        ds.name
                    ),
                )
                .with_dataset(&ds.name, Some(ds.source.clone()))
                .with_expected(format!(
                    "[datasets.{}.concepts] {concept} = \"column\"",
                    ds.name
                )),
            );
        }
    }
}

/// Computes the indices.
pub(crate) fn run(loaded: &LoadedStudy) -> Result<Option<Concentration>, Vec<Diagnostic>> {
    let Some(spec) = &loaded.study.spec.analyses.concentration else {
        return Ok(None);
    };
    let Some(ds) = dataset(&loaded.study, &loaded.datasets) else {
        return Ok(None);
    };
    let data = &ds.dataset;
    let col = |concept: &str| {
        ds.columns
            .concepts
            .get(concept)
            .and_then(|c| data.column(c))
    };
    let (Some(region), Some(industry), Some(count)) =
        (col("region"), col("industry"), col("count"))
    else {
        return Ok(None);
    };
    let counted = counted_rows(&loaded.study, &loaded.datasets, ds);
    let mut records = Vec::new();
    for i in (0..data.n_rows()).filter(|&i| counted[i]) {
        if let (Some(r), Some(k), Some(v)) =
            (region.code_at(i), industry.code_at(i), count.f64_at(i))
        {
            records.push((r, k, v));
        }
    }
    let matrix =
        RegionIndustry::from_records(records.iter().map(|(r, k, v)| (r.as_str(), k.as_str(), *v)))
            .map_err(|e| {
                vec![
                    Diagnostic::error("concentration", format!("{}: {e}", ds.source))
                        .with_dataset(&ds.name, Some(ds.source.clone()))
                        .with_expected("non-negative counts with at least one positive"),
                ]
            })?;
    // Regions and industries without any count have no shares: left out,
    // and listed.
    let Some((matrix, dropped_regions, dropped_industries)) = matrix.trimmed() else {
        return Ok(None);
    };
    let threshold = spec.threshold.unwrap_or(1.0);
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let cx = complexity(&matrix, threshold, threads);
    let (kr, ho, hh, en, ha) = (
        krugman(&matrix),
        hoover_specialisation(&matrix),
        industrial_hhi(&matrix),
        entropy(&matrix),
        hachman(&matrix),
    );
    let region_totals = matrix.region_totals();
    let regions = matrix
        .regions()
        .iter()
        .enumerate()
        .map(|(r, name)| RegionIndices {
            region: name.clone(),
            total: region_totals[r],
            krugman: kr[r],
            hoover: ho[r],
            hhi: hh[r],
            entropy: en[r],
            hachman: ha[r],
            diversity: cx.diversity[r] as u64,
            eci: cx.eci[r].is_finite().then_some(cx.eci[r]),
            coi: cx.coi[r].is_finite().then_some(cx.coi[r]),
        })
        .collect();
    let (hl, gh, lg, rg) = (
        hoover_localisation(&matrix),
        geographic_hhi(&matrix),
        locational_gini(&matrix, spec.gini.into()),
        raw_concentration(&matrix),
    );
    // Plant Herfindahls from the plants dataset, per industry of the table.
    let plant_h: Vec<Option<f64>> = match plants(loaded, spec) {
        Some(by_industry) => matrix
            .industries()
            .iter()
            .map(|i| {
                by_industry
                    .get(i)
                    .map(|e| plant_hhi(e))
                    .filter(|h| h.is_finite())
            })
            .collect(),
        None => vec![None; matrix.industries().len()],
    };
    let h_or_nan: Vec<f64> = plant_h.iter().map(|h| h.unwrap_or(f64::NAN)).collect();
    let (eg, ms) = (
        ellison_glaeser(&matrix, &h_or_nan),
        maurel_sedillot(&matrix, &h_or_nan),
    );
    let industry_totals = matrix.industry_totals();
    let labels = industry.value_labels.as_ref();
    // Labels from a naming column: the first name seen for each code.
    let mut named: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // A column of that exact name first: `industry` may also be a concept.
    if let Some(c) = spec.industry_labels.as_ref().and_then(|l| {
        data.column(l.get())
            .or_else(|| crate::estimate::column(ds, l.get()))
    }) {
        for i in 0..data.n_rows() {
            if let (Some(code), Some(name)) = (industry.code_at(i), c.code_at(i)) {
                named.entry(code).or_insert(name);
            }
        }
    }
    let industries = matrix
        .industries()
        .iter()
        .enumerate()
        .map(|(k, name)| IndustryIndices {
            industry: name.clone(),
            label: named
                .get(name)
                .cloned()
                .or_else(|| labels.and_then(|l| l.get(name)).map(str::to_string)),
            total: industry_totals[k],
            hoover: hl[k],
            hhi: gh[k],
            locational_gini: lg[k],
            raw_concentration: rg[k],
            plant_hhi: plant_h[k],
            ellison_glaeser: eg[k].is_finite().then_some(eg[k]),
            maurel_sedillot: ms[k].is_finite().then_some(ms[k]),
            ubiquity: cx.ubiquity[k] as u64,
            pci: cx.pci[k].is_finite().then_some(cx.pci[k]),
        })
        .collect();
    // The matrices, unless asked not to or too large for a results file.
    const MAX_CELLS: usize = 1_000_000;
    let (n_r, n_i) = (matrix.regions().len(), matrix.industries().len());
    let mut notes = Vec::new();
    let write_matrices = spec.matrices.unwrap_or(true)
        && if (n_r * n_i).max(n_i * n_i) > MAX_CELLS {
            notes.push(format!(
                "proximity, density and COG matrices ({n_r} × {n_i}) are not written: over {MAX_CELLS} cells"
            ));
            false
        } else {
            true
        };
    let (proximity, density, cog) = if write_matrices {
        (
            cx.proximity.chunks(n_i).map(<[f64]>::to_vec).collect(),
            cx.density.chunks(n_i).map(<[f64]>::to_vec).collect(),
            cx.cog
                .chunks(n_i)
                .map(|row| row.iter().map(|x| x.is_finite().then_some(*x)).collect())
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let location_quotients = location_quotients(&matrix)
        .into_iter()
        .map(|row| {
            row.into_iter()
                .map(|x| x.is_finite().then_some(x))
                .collect()
        })
        .collect();
    Ok(Some(Concentration {
        dataset: ds.name.clone(),
        threshold,
        gini: spec.gini.name().to_string(),
        regions,
        industries,
        location_quotients,
        second_eigenvalue: cx.eigen.second.is_finite().then_some(cx.eigen.second),
        eigen_gap: cx.eigen.gap().is_finite().then_some(cx.eigen.gap()),
        complexity_warning: cx.eigen.problem(),
        proximity,
        density,
        cog,
        notes,
        dropped_regions,
        dropped_industries,
    }))
}

/// Employment of each plant, by industry, from the `plants` dataset's
/// `industry` and `count` concepts.
fn plants(
    loaded: &LoadedStudy,
    spec: &crate::spec::ConcentrationSpec,
) -> Option<std::collections::BTreeMap<String, Vec<f64>>> {
    let ds = loaded.dataset(spec.plants.as_ref()?.get())?;
    let col = |concept: &str| {
        ds.columns
            .concepts
            .get(concept)
            .and_then(|c| ds.dataset.column(c))
    };
    let (industry, count) = (col("industry")?, col("count")?);
    let mut out: std::collections::BTreeMap<String, Vec<f64>> = std::collections::BTreeMap::new();
    for i in 0..ds.dataset.n_rows() {
        if let (Some(k), Some(e)) = (industry.code_at(i), count.f64_at(i))
            && e > 0.0
        {
            out.entry(k).or_default().push(e);
        }
    }
    Some(out)
}
