//! Findings of validation: errors stop a run, warnings travel with the results.

use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; the run goes on.
    Warning,
    /// The study cannot run until it is fixed.
    Error,
}

/// A place in the study file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StudyPosition {
    /// The study file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
}

/// One finding: what, where (study file position, data file, rows, column),
/// what was expected, and how to fix it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// Stable machine-readable kind (`missing-column`, `duplicate-id` …).
    pub code: String,
    /// One-sentence description.
    pub message: String,
    /// Where in the study file the problem is declared.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub study_position: Option<StudyPosition>,
    /// Data file concerned.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub file: Option<String>,
    /// Dataset concerned.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub dataset: Option<String>,
    /// Column concerned.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub column: Option<String>,
    /// 1-based data rows (records, header excluded), the first 20.
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub rows: Vec<u64>,
    /// How many rows are affected in all.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub count: Option<u64>,
    /// What was expected.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub expected: Option<String>,
    /// A suggestion.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub help: Option<String>,
}

impl Diagnostic {
    /// A new finding with just a severity, code and message.
    pub fn new(severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Self {
            severity,
            code: code.to_string(),
            message: message.into(),
            study_position: None,
            file: None,
            dataset: None,
            column: None,
            rows: Vec::new(),
            count: None,
            expected: None,
            help: None,
        }
    }

    /// An error.
    pub fn error(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning.
    pub fn warning(code: &str, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// Sets the study-file position.
    pub fn with_position(mut self, position: Option<StudyPosition>) -> Self {
        self.study_position = position;
        self
    }

    /// Sets the dataset and its file.
    pub fn with_dataset(mut self, dataset: &str, file: Option<String>) -> Self {
        self.dataset = Some(dataset.to_string());
        self.file = file;
        self
    }

    /// Sets the column.
    pub fn with_column(mut self, column: &str) -> Self {
        self.column = Some(column.to_string());
        self
    }

    /// Sets the affected rows (keeps the first 20) and their total count.
    pub fn with_rows(mut self, rows: &[u64], count: u64) -> Self {
        self.rows = rows.iter().take(20).copied().collect();
        self.count = Some(count);
        self
    }

    /// Sets what was expected.
    pub fn with_expected(mut self, expected: impl Into<String>) -> Self {
        self.expected = Some(expected.into());
        self
    }

    /// Sets a suggestion.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
