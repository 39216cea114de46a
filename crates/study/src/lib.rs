//! The study: `study.toml` parsed into a [`Study`], the data it names loaded
//! and checked ([`validate`]), and the [`run`] that turns them into
//! [`clusterdx_results::Results`].
//!
//! Every finding is a [`Diagnostic`] that points at the study file's line
//! and column, and at the data file, rows and column concerned. This crate
//! never prints.

mod cluster;
mod concentration;
mod estimate;
mod hrd;
mod load;
mod located;
mod mpi;
mod mpi_template;
mod network;
mod pls;
mod poverty;
mod resolve;
mod run;
pub mod spec;
mod survey_design;
mod validate;

pub use clusterdx_results::{Diagnostic, Severity};
pub use load::{Study, StudyLoadError};
pub use located::{Located, line_col};
pub use resolve::{resolve_column, resolve_column_hiding};
pub use run::{NoProgress, Progress, dataset_summaries, ingest_summary, run, run_with_progress};
pub use survey_design::{BuiltDesign, CalibrationInfo, ReplicateInfo};
pub use validate::{LoadedDataset, LoadedStudy, Validation, validate};

/// The cluster framework the study asks for: its base (the default, or a
/// file) with the study's drops, cut-offs, added indicators and rule
/// changes (what the instruments must ask).
///
/// # Errors
/// Diagnostics with study-file positions.
pub fn cluster_framework(study: &Study) -> Result<clusterdx_cluster::Framework, Vec<Diagnostic>> {
    cluster::framework(study)
}

/// Each construct of a PLS model with the item columns written for it
/// (none for a construct given by `prefix`, or measured by constructs).
///
/// # Errors
/// What is wrong with the model as written.
pub fn pls_items(spec: &spec::PlsSpec) -> Result<Vec<(String, Vec<String>)>, String> {
    let (constructs, _) = pls::written(spec)?;
    let names: Vec<&str> = constructs.iter().map(|c| c.name.as_str()).collect();
    Ok(constructs
        .iter()
        .map(|c| {
            let items = c
                .items
                .iter()
                .filter(|i| !names.contains(&i.as_str()))
                .cloned()
                .collect();
            (c.name.clone(), items)
        })
        .collect())
}

/// The definition of an MPI indicator in the study's template (the
/// source's deprivation in words), when it uses one and names it.
pub fn mpi_definition(spec: &spec::MpiSpec, indicator: &str) -> Option<&'static str> {
    let t = mpi_template::template(spec.template?);
    t.indicator(indicator).map(|i| i.definition)
}

/// The JSON Schema of the study file, for editor completion.
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(spec::StudyFile);
    serde_json::to_value(schema).unwrap_or(serde_json::Value::Null)
}

/// The closest candidate to `word` by Jaro–Winkler similarity, if close enough
/// to be a plausible misspelling.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(s, _)| *s >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
