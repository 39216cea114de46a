//! `clusterdx`: the command-line edge. Parses arguments into one validated
//! configuration per subcommand, calls the library crates, and owns the
//! terminal (stdout for results, stderr for diagnostics and progress).
//!
//! Exit codes: 0 clean, 1 study or data errors, 2 usage errors.

mod cmd;
mod progress;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Cluster diagnostics, local participation and poverty from field surveys.
#[derive(Debug, Parser)]
#[command(name = "clusterdx", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a study file and its data; report every problem with its position.
    Validate(cmd::validate::Args),
    /// Validate, run the enabled analyses and write the outputs.
    Run(cmd::run::Args),
    /// Print the JSON Schema of the study file (for editor completion).
    Schema(cmd::schema::Args),
    /// Write a bundled example study (synthetic data) to a folder.
    Example(cmd::example::Args),
    /// Write the study's survey instruments as XLSForms (KoboToolbox, ODK).
    Instrument(cmd::instrument::Args),
    /// Write a study file for the exports of forms made by `instrument`.
    Init(cmd::init::Args),
}

/// Exit status: data/study errors.
pub const EXIT_ERRORS: u8 = 1;
/// Exit status: usage errors.
pub const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Validate(a) => cmd::validate::exec(a),
        Command::Run(a) => cmd::run::exec(a),
        Command::Schema(a) => cmd::schema::exec(a),
        Command::Example(a) => cmd::example::exec(a),
        Command::Instrument(a) => cmd::instrument::exec(a),
        Command::Init(a) => cmd::init::exec(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(EXIT_ERRORS)
        }
    }
}
