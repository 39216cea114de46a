//! `clusterdx run STUDY.toml [--out DIR] [--csv]`: validate, run the
//! enabled analyses, write `results.json`, `report.html` and `tables.xlsx`
//! (each atomically; with `--csv` the tables as CSV too) and print a
//! summary.
//!
//! The output folder is `--out`, else the study's `[output] dir` (relative
//! to the study file), else `out` in the current folder. Nothing is written
//! when validation finds an error.

use std::path::PathBuf;

use anyhow::{Context, Result};
use clusterdx_render::{
    diagnostics_text, results_text, write_report_html, write_results_json, write_tables_csv,
    write_tables_xlsx,
};

use crate::EXIT_ERRORS;

/// Arguments of `run`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The study file.
    study: PathBuf,
    /// Output folder.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// No progress bar and no summary on stdout (warnings and errors still
    /// go to stderr).
    #[arg(long, short)]
    quiet: bool,
    /// Also write every table of the report as `OUT/tables/NAME.csv`.
    #[arg(long)]
    csv: bool,
}

/// Runs `run`.
pub fn exec(args: Args) -> Result<u8> {
    let validation = super::load_and_validate(&args.study, args.quiet);
    if let Some(code) = super::usage_error(&validation) {
        return Ok(code);
    }
    let out_dir = args.out.clone().unwrap_or_else(|| {
        validation
            .loaded
            .as_ref()
            .and_then(|l| {
                l.study
                    .spec
                    .output
                    .dir
                    .as_ref()
                    .map(|d| l.study.base_dir().join(d))
            })
            .unwrap_or_else(|| PathBuf::from("out"))
    });
    let steps = crate::progress::Steps::new(args.quiet);
    let results =
        match clusterdx_study::run_with_progress(validation, env!("CARGO_PKG_VERSION"), &steps) {
            Ok(r) => r,
            Err(diags) => {
                eprint!("{}", diagnostics_text(&diags));
                eprintln!("nothing written: fix the errors above, then run again");
                return Ok(EXIT_ERRORS);
            }
        };
    if !results.warnings.is_empty() {
        eprint!("{}", diagnostics_text(&results.warnings));
    }
    let path = write_results_json(&results, &out_dir).context("writing the results")?;
    let report = write_report_html(&results, &out_dir).context("writing the report")?;
    let tables = write_tables_xlsx(&results, &out_dir).context("writing the tables")?;
    let csv = if args.csv {
        Some(write_tables_csv(&results, &out_dir).context("writing the CSV tables")?)
    } else {
        None
    };
    if !args.quiet {
        print!("{}", results_text(&results));
        println!(
            "\nwrote {}, {} and {}",
            path.display(),
            report.display(),
            tables.display()
        );
        if let Some(c) = csv {
            println!("wrote the tables as CSV in {}", c.display());
        }
    }
    Ok(0)
}
