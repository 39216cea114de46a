//! `clusterdx validate STUDY.toml`: check the study file and its data.
//!
//! Prints every finding (errors and warnings) with its position, then a
//! data-quality summary of the mapped columns. `--json` prints one JSON
//! document instead. Exit 0 when there is no error, 1 otherwise.

use std::path::PathBuf;

use anyhow::Result;
use clusterdx_render::diagnostics_text;

use crate::EXIT_ERRORS;

/// Arguments of `validate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The study file.
    study: PathBuf,
    /// Print a JSON document (diagnostics and data quality) instead of text.
    #[arg(long)]
    json: bool,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
}

/// Runs `validate`.
pub fn exec(args: Args) -> Result<u8> {
    let validation = super::load_and_validate(&args.study, args.quiet);
    if let Some(code) = super::usage_error(&validation) {
        return Ok(code);
    }
    let clean = validation.is_clean();
    let quality = validation
        .loaded
        .as_ref()
        .map(clusterdx_study::dataset_summaries)
        .unwrap_or_default();
    if args.json {
        let doc = serde_json::json!({
            "study": args.study.display().to_string(),
            "clean": clean,
            "errors": validation.diagnostics.iter().filter(|d| d.is_error()).count(),
            "warnings": validation.diagnostics.iter().filter(|d| !d.is_error()).count(),
            "diagnostics": validation.diagnostics,
            "datasets": quality,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        if !validation.diagnostics.is_empty() {
            eprint!("{}", diagnostics_text(&validation.diagnostics));
        }
        if !quality.is_empty() {
            print!("{}", clusterdx_render::quality_text(&quality));
        }
        if clean {
            println!("{}: valid", args.study.display());
        }
    }
    Ok(if clean { 0 } else { EXIT_ERRORS })
}
