//! `results.json`: the whole result set, pretty-printed, schema in `docs/results.md`.

use std::path::Path;

use clusterdx_results::Results;

use crate::{WriteError, write_atomic};

/// The results as pretty JSON text (stable key order: struct field order).
pub fn results_json(results: &Results) -> String {
    // Serialising plain structs of strings and numbers cannot fail; NaN and
    // infinities become `null`, as serde_json does.
    serde_json::to_string_pretty(results).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
        + "\n"
}

/// Writes `results.json` into `dir`, atomically.
///
/// # Errors
/// [`WriteError`] when the file cannot be written.
pub fn write_results_json(results: &Results, dir: &Path) -> Result<std::path::PathBuf, WriteError> {
    let path = dir.join("results.json");
    write_atomic(&path, results_json(results).as_bytes())?;
    Ok(path)
}
