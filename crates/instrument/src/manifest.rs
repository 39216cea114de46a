//! The study's side of the forms: what the forms cannot carry (the study's
//! name, value sets, frameworks, analyses and their settings, each
//! dataset's options such as `lonely_psu`, the datasets no form collects
//! such as employment counts or coded interviews) saved beside them as
//! `clusterdx-study.toml`, so that `clusterdx init --from-forms` writes a
//! study file that runs the same analyses on the exports.

use std::path::Path;

/// The manifest's file name in a forms folder.
pub const FILE: &str = "clusterdx-study.toml";

/// The manifest of a study file (`text`, read from `dir`): the study as
/// written, every dataset's `path` and framework file made absolute (the
/// manifest lives in another folder).
///
/// # Errors
/// The study file's TOML error.
pub fn from_study(text: &str, dir: &Path) -> Result<String, String> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    if let Some(toml::Value::Table(datasets)) = table.get_mut("datasets") {
        for (_, d) in datasets.iter_mut() {
            if let toml::Value::Table(d) = d
                && let Some(toml::Value::String(p)) = d.get_mut("path")
            {
                let full = dir.join(&*p);
                let full = full.canonicalize().unwrap_or(full);
                *p = full.display().to_string();
            }
        }
    }
    // A framework file is relative to the study too.
    if let Some(toml::Value::Table(f)) = table.get_mut("frameworks") {
        for (_, fw) in f.iter_mut() {
            if let toml::Value::Table(fw) = fw
                && let Some(toml::Value::String(b)) = fw.get_mut("base")
                && b != "default"
            {
                let full = dir.join(&*b);
                let full = full.canonicalize().unwrap_or(full);
                *b = full.display().to_string();
            }
        }
    }
    let body = toml::to_string(&table).map_err(|e| e.to_string())?;
    Ok(format!(
        "# The study these forms were generated from (clusterdx instrument):\n\
         # its analyses, value sets and dataset options. `clusterdx init\n\
         # --from-forms` merges it with the datasets the forms define.\n\
         # Dataset paths are absolute.\n\n{body}"
    ))
}
