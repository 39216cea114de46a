//! One module per subcommand, its help text beside its code.

pub mod example;
pub mod init;
pub mod instrument;
pub mod run;
pub mod schema;
pub mod validate;

use std::path::Path;

use clusterdx_study::{Study, Validation};

use crate::progress;

/// A study file that cannot be read at all is a usage error (exit 2): the
/// command was pointed at the wrong path. Prints it and returns the code.
pub fn usage_error(validation: &Validation) -> Option<u8> {
    let unreadable = validation
        .diagnostics
        .iter()
        .any(|d| d.code == "study-unreadable");
    unreadable.then(|| {
        eprint!(
            "{}",
            clusterdx_render::diagnostics_text(&validation.diagnostics)
        );
        crate::EXIT_USAGE
    })
}

/// Loads and validates a study, with a progress bar over its datasets.
/// Returns the study-file errors as diagnostics when the file itself is unusable.
pub fn load_and_validate(path: &Path, quiet: bool) -> Validation {
    let study = match Study::load(path) {
        Ok(s) => s,
        Err(e) => {
            return Validation {
                diagnostics: e.diagnostics,
                loaded: None,
            };
        }
    };
    let files = study
        .spec
        .datasets
        .values()
        .filter(|d| d.path.is_some())
        .count() as u64;
    let bar = progress::bar(files, quiet);
    let validation = clusterdx_study::validate(study, &mut |name| {
        bar.set_message(name.to_string());
        bar.inc(1);
    });
    bar.finish_and_clear();
    validation
}
