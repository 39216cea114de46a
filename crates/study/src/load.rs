//! Reading `study.toml`: syntax and unknown keys (with "did you mean"), then
//! the checks that need no data (references between sections).

use std::ops::Range;
use std::path::{Path, PathBuf};

use clusterdx_results::{Diagnostic, StudyPosition};

use crate::did_you_mean;
use crate::spec::StudyFile;

/// A parsed study file.
#[derive(Debug, Clone)]
pub struct Study {
    /// Path of the study file.
    pub path: PathBuf,
    /// Its text (for positions).
    pub source: String,
    /// The parsed content.
    pub spec: StudyFile,
    /// Warnings about the study file itself (options that do not apply).
    pub warnings: Vec<Diagnostic>,
}

/// The study file could not be used: every finding, each with its position.
#[derive(Debug, Clone)]
pub struct StudyLoadError {
    /// The findings (at least one error).
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for StudyLoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for d in &self.diagnostics {
            writeln!(f, "{}", d.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for StudyLoadError {}

impl Study {
    /// Reads and checks a study file.
    ///
    /// # Errors
    /// [`StudyLoadError`] when the file cannot be read, is not valid TOML,
    /// has unknown keys or wrong value types, or refers to datasets or value
    /// sets it does not declare.
    pub fn load(path: &Path) -> Result<Study, StudyLoadError> {
        let source = std::fs::read_to_string(path).map_err(|e| StudyLoadError {
            diagnostics: vec![
                Diagnostic::error(
                    "study-unreadable",
                    format!("{}: cannot read the study file ({e})", path.display()),
                )
                .with_expected("a readable UTF-8 TOML file"),
            ],
        })?;
        Self::from_source(path, source)
    }

    /// Parses study-file text; `path` is used for positions and as the base
    /// of relative data paths.
    ///
    /// # Errors
    /// As [`Study::load`].
    pub fn from_source(path: &Path, source: String) -> Result<Study, StudyLoadError> {
        let spec = match toml::from_str::<StudyFile>(&source) {
            Ok(spec) => spec,
            Err(e) => {
                let diag = toml_error(path, &source, &e);
                return Err(StudyLoadError {
                    diagnostics: vec![diag],
                });
            }
        };
        let mut study = Study {
            path: path.to_path_buf(),
            source,
            spec,
            warnings: Vec::new(),
        };
        let diagnostics = study.check_references();
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(StudyLoadError { diagnostics });
        }
        study.warnings = diagnostics;
        Ok(study)
    }

    /// The folder relative paths are resolved against.
    pub fn base_dir(&self) -> PathBuf {
        match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        }
    }

    /// Line and column of a span in the study file (`None` for an empty span,
    /// i.e. a value not parsed from the file).
    pub fn position(&self, span: Range<usize>) -> Option<StudyPosition> {
        if span.is_empty() {
            return None;
        }
        let (line, column) = crate::line_col(&self.source, span.start);
        Some(StudyPosition {
            file: self.file_name(),
            line,
            column,
        })
    }

    /// The study file's name. Positions and data paths in findings are
    /// relative to the study file's folder, so that results do not depend on
    /// the folder clusterdx was started from.
    pub fn file_name(&self) -> String {
        self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    }

    /// Prefix `study.toml:LINE:COL: ` for a span, or the file name alone.
    pub fn locate(&self, span: Range<usize>) -> String {
        match self.position(span) {
            Some(p) => format!("{}:{}:{}", p.file, p.line, p.column),
            None => self.file_name(),
        }
    }

    fn check_references(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let spec = &self.spec;
        let names: Vec<&str> = spec.datasets.keys().map(String::as_str).collect();
        let sets: Vec<&str> = spec.value_sets.keys().map(String::as_str).collect();
        let unknown = |what: &str, name: &str, span: Range<usize>, known: &[&str]| {
            let mut d = Diagnostic::error(
                &format!("unknown-{}", what.replace(' ', "-")),
                format!(
                    "{}: no {what} `{name}` is declared",
                    self.locate(span.clone())
                ),
            )
            .with_position(self.position(span))
            .with_expected(format!(
                "one of: {}",
                known
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            if let Some(s) = did_you_mean(name, known.iter().copied()) {
                d = d.with_help(format!("did you mean `{s}`?"));
            }
            d
        };
        if spec.study.name.trim().is_empty() {
            out.push(
                Diagnostic::error(
                    "empty-name",
                    format!("{}: `study.name` is empty", self.path.display()),
                )
                .with_expected("a title for the study"),
            );
        }
        for (name, ds) in &spec.datasets {
            match (&ds.path, &ds.parent, &ds.repeat) {
                (Some(_), None, None) => {}
                (None, Some(parent), Some(_)) => {
                    if !spec.datasets.contains_key(parent.get()) {
                        out.push(unknown("dataset", parent, parent.span(), &names));
                    }
                }
                (Some(p), _, _) => out.push(
                    Diagnostic::error(
                        "dataset-source",
                        format!(
                            "{}: dataset `{name}` has both `path` and `parent`/`repeat`",
                            self.locate(p.span())
                        ),
                    )
                    .with_position(self.position(p.span()))
                    .with_expected(
                        "either `path` (a file) or `parent` and `repeat` (a repeat group)",
                    ),
                ),
                (None, parent, repeat) => out.push(
                    Diagnostic::error(
                        "dataset-source",
                        match (parent, repeat) {
                            (Some(p), None) => format!(
                                "{}: dataset `{name}` has `parent` but no `repeat`",
                                self.locate(p.span())
                            ),
                            (None, Some(r)) => format!(
                                "{}: dataset `{name}` has `repeat` but no `parent`",
                                self.locate(r.span())
                            ),
                            _ => format!("{}: dataset `{name}` has no `path`", self.path.display()),
                        },
                    )
                    .with_dataset(name, None)
                    .with_expected(
                        "`path = \"data/file.csv\"`, or `parent` and `repeat` for a repeat group",
                    ),
                ),
            }
            if let Some(d) = &ds.delimiter {
                let ok = d.get() == "tab" || d.get().len() == 1 && d.get().is_ascii();
                if !ok {
                    out.push(
                        Diagnostic::error(
                            "bad-delimiter",
                            format!(
                                "{}: delimiter `{}` is not one character",
                                self.locate(d.span()),
                                d.get()
                            ),
                        )
                        .with_position(self.position(d.span()))
                        .with_expected("one ASCII character such as \",\" \";\" \"|\", or \"tab\""),
                    );
                }
            }
            out.extend(self.inapplicable_options(name, ds));
            for link in &ds.links {
                if !spec.datasets.contains_key(link.to.get()) {
                    out.push(unknown("dataset", &link.to, link.to.span(), &names));
                }
            }
            for set in ds.codes.values() {
                if !spec.value_sets.contains_key(set.get()) {
                    out.push(unknown("value set", set, set.span(), &sets));
                }
            }
        }
        out
    }
}

impl Study {
    /// Reading options that the dataset's format ignores (a warning each), and
    /// `header_row = 0` (an error: rows are counted from 1).
    fn inapplicable_options(&self, name: &str, ds: &crate::spec::DatasetSpec) -> Vec<Diagnostic> {
        use crate::spec::FormatSpec as F;
        let mut out = Vec::new();
        let format = ds.format.or_else(|| {
            let path = ds.path.as_ref()?;
            let inferred = clusterdx_ingest::Format::from_path(Path::new(path.get())).ok()?;
            Some(F::from(inferred))
        });
        let text = matches!(format, Some(F::Csv | F::Kobo | F::OdkCentral));
        let sheets = matches!(format, Some(F::Xlsx | F::Kobo));
        let repeat_group = ds.path.is_none();
        let ignored = |key: &str, why: &str| {
            Diagnostic::warning(
                "option-ignored",
                format!(
                    "{}: dataset `{name}`: `{key}` is ignored ({why})",
                    self.file_name()
                ),
            )
            .with_dataset(name, ds.path.as_ref().map(|p| p.get().clone()))
        };
        if ds.sheet.is_some() && (repeat_group || (format.is_some() && !sheets)) {
            out.push(ignored("sheet", "only workbooks have sheets"));
        }
        if let Some(d) = &ds.delimiter
            && (repeat_group || (format.is_some() && !text))
        {
            out.push(
                ignored("delimiter", "only text files have delimiters")
                    .with_position(self.position(d.span())),
            );
        }
        if repeat_group && ds.header_row.is_some() {
            out.push(ignored(
                "header_row",
                "a repeat group is read with its parent",
            ));
        }
        if repeat_group && !ds.na_values.is_empty() {
            out.push(ignored(
                "na_values",
                "a repeat group is read with its parent; set it on the parent",
            ));
        }
        if ds.header_row == Some(0) {
            out.push(
                Diagnostic::error(
                    "bad-header-row",
                    format!("{}: dataset `{name}`: `header_row = 0`", self.file_name()),
                )
                .with_dataset(name, None)
                .with_expected("the 1-based row of the column names (1 = the first row)"),
            );
        }
        out
    }
}

/// Turns a TOML/serde error into a positioned diagnostic, adding a "did you
/// mean" for unknown keys and values.
fn toml_error(path: &Path, source: &str, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().to_string();
    let position = e.span().map(|s| {
        let (line, column) = crate::line_col(source, s.start);
        StudyPosition {
            file: path.display().to_string(),
            line,
            column,
        }
    });
    let prefix = match &position {
        Some(p) => format!("{}:{}:{}", p.file, p.line, p.column),
        None => path.display().to_string(),
    };
    let mut d =
        Diagnostic::error("study-syntax", format!("{prefix}: {message}")).with_position(position);
    // serde: "unknown field `x`, expected one of `a`, `b`" / "unknown variant …"
    if let Some(rest) = message
        .strip_prefix("unknown field `")
        .or_else(|| message.strip_prefix("unknown variant `"))
    {
        let word = rest.split('`').next().unwrap_or("");
        let what = if message.starts_with("unknown field") {
            "key"
        } else {
            "value"
        };
        d.code = format!("unknown-{what}");
        d.message = format!("{prefix}: unknown {what} `{word}`");
        let expected: Vec<&str> = rest
            .split('`')
            .skip(1)
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        if let Some(s) = did_you_mean(word, expected.iter().copied()) {
            d = d.with_help(format!("did you mean `{s}`?"));
        }
        if expected.is_empty() {
            d = d.with_expected("no keys here in this version of clusterdx");
        } else {
            d = d.with_expected(format!(
                "one of: {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The annotated example in docs/study-file.md parses as it stands.
    #[test]
    fn documented_example_parses() {
        let doc = include_str!("../../../docs/study-file.md");
        let start = doc.find("```toml\n").expect("a toml block") + 8;
        let end = start + doc[start..].find("```").expect("closed");
        let study = Study::from_source(Path::new("study.toml"), doc[start..end].to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<&str> = study.spec.datasets.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "firms",
                "roster",
                "workers",
                "households",
                "panel",
                "firms_boot",
                "employment"
            ]
        );
        assert_eq!(study.spec.study.seed, Some(20240201));
        let households = &study.spec.datasets["households"];
        let calibration = households
            .design
            .as_ref()
            .and_then(|d| d.calibration.as_ref())
            .expect("a calibration");
        assert_eq!(calibration.margins.len(), 2);
        let panel = study.spec.datasets["panel"].design.as_ref();
        assert!(panel.and_then(|d| d.replicates.as_ref()).is_some());
    }

    #[test]
    fn unknown_key_in_nested_table_has_position_and_suggestion() {
        let src = "[study]\nname = \"x\"\n[datasets.a]\npath = \"a.csv\"\n[datasets.a.design]\nwieghts = \"w\"\n";
        let err = Study::from_source(Path::new("s.toml"), src.into()).unwrap_err();
        let d = &err.diagnostics[0];
        assert_eq!(d.code, "unknown-key");
        assert!(
            d.message.starts_with("s.toml:6:1: unknown key `wieghts`"),
            "{}",
            d.message
        );
        assert_eq!(d.help.as_deref(), Some("did you mean `weights`?"));
    }

    #[test]
    fn reference_errors_are_collected() {
        let src = "[study]\nname = \"x\"\n[datasets.a]\npath = \"a.csv\"\ncodes = { q = \"levls\" }\n[[datasets.a.links]]\nto = \"b\"\ncolumn = \"k\"\n[value_sets.levels]\nlabels = { \"1\" = \"x\" }\n[datasets.c]\nparent = \"a\"\n";
        let err = Study::from_source(Path::new("s.toml"), src.into()).unwrap_err();
        let codes: Vec<&str> = err.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(
            codes,
            ["unknown-dataset", "unknown-value-set", "dataset-source"],
            "{err}"
        );
        assert!(
            err.diagnostics[2]
                .message
                .contains("`parent` but no `repeat`"),
            "{err}"
        );
        assert_eq!(
            err.diagnostics[1].help.as_deref(),
            Some("did you mean `levels`?")
        );
    }
}
