//! Reader errors that carry their position: file, record/line, column, and
//! what was expected.

use std::path::{Path, PathBuf};

/// Where in a file a problem is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Position {
    /// 1-based data record (row) number, not counting the header.
    pub record: Option<u64>,
    /// 1-based physical line in a text file.
    pub line: Option<u64>,
    /// Byte offset in the file.
    pub byte: Option<u64>,
    /// Column name (or letter/index where no name is known).
    pub column: Option<String>,
    /// Sheet name for workbooks.
    pub sheet: Option<String>,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts = Vec::new();
        if let Some(s) = &self.sheet {
            parts.push(format!("sheet `{s}`"));
        }
        match (self.record, self.line) {
            (Some(r), Some(l)) => parts.push(format!("record {r} (line {l})")),
            (Some(r), None) => parts.push(format!("record {r}")),
            (None, Some(l)) => parts.push(format!("line {l}")),
            (None, None) => {}
        }
        if let (Some(b), None, None) = (self.byte, self.record, self.line) {
            parts.push(format!("byte {b}"));
        }
        if let Some(c) = &self.column {
            parts.push(format!("column `{c}`"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// What went wrong.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io { message: String },
    /// The format could not be inferred from the file name.
    UnknownFormat { extension: String },
    /// The file is not valid for its format (damaged header, truncated data…).
    Malformed { expected: String, found: String },
    /// A row has a different number of fields from the header.
    Ragged { expected: usize, found: usize },
    /// The named sheet does not exist.
    NoSuchSheet {
        requested: String,
        available: Vec<String>,
    },
    /// The file has no header row or no columns.
    Empty,
    /// Two columns share a name.
    DuplicateColumn { name: String },
    /// Text that is not valid in any supported encoding.
    Encoding { message: String },
    /// A repeat group's parent key is absent from the parent data.
    OrphanChild { key: String, parent: String },
}

/// An error from a reader: the file, the position in it and the problem.
///
/// Boxed so that `Result<T, IngestError>` stays one pointer wide.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestError(Box<Inner>);

#[derive(Debug, Clone, PartialEq)]
struct Inner {
    path: PathBuf,
    position: Position,
    kind: ErrorKind,
}

impl IngestError {
    /// A new error about `path`.
    pub fn new(path: impl AsRef<Path>, kind: ErrorKind) -> Self {
        Self(Box::new(Inner {
            path: path.as_ref().to_path_buf(),
            position: Position::default(),
            kind,
        }))
    }

    /// Shorthand for [`ErrorKind::Malformed`].
    pub fn malformed(
        path: impl AsRef<Path>,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Self::new(
            path,
            ErrorKind::Malformed {
                expected: expected.into(),
                found: found.into(),
            },
        )
    }

    /// Shorthand for an I/O error.
    pub fn io(path: impl AsRef<Path>, e: &std::io::Error) -> Self {
        Self::new(
            path,
            ErrorKind::Io {
                message: e.to_string(),
            },
        )
    }

    /// Sets the position.
    pub fn at(mut self, position: Position) -> Self {
        self.0.position = position;
        self
    }

    /// Sets the record (1-based, header excluded) and line.
    pub fn at_record(mut self, record: u64, line: Option<u64>) -> Self {
        self.0.position.record = Some(record);
        self.0.position.line = line;
        self
    }

    /// Sets the column.
    pub fn in_column(mut self, column: impl Into<String>) -> Self {
        self.0.position.column = Some(column.into());
        self
    }

    /// Sets the sheet.
    pub fn in_sheet(mut self, sheet: impl Into<String>) -> Self {
        self.0.position.sheet = Some(sheet.into());
        self
    }

    /// The file concerned.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// Where in the file.
    pub fn position(&self) -> &Position {
        &self.0.position
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.path.display())?;
        let pos = self.0.position.to_string();
        if !pos.is_empty() {
            write!(f, ", {pos}")?;
        }
        f.write_str(": ")?;
        match &self.0.kind {
            ErrorKind::Io { message } => write!(f, "cannot read the file ({message})"),
            ErrorKind::UnknownFormat { extension } => write!(
                f,
                "cannot tell the format from the extension `{extension}`; expected .csv, .tsv, .txt, .xlsx, .dta, .sav, .zsav, .qdpx or .qde, or set `format` in the study file"
            ),
            ErrorKind::Malformed { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::Ragged { expected, found } => write!(
                f,
                "expected {expected} fields as in the header, found {found} (check the delimiter and quoting)"
            ),
            ErrorKind::NoSuchSheet {
                requested,
                available,
            } => write!(
                f,
                "no sheet `{requested}`; expected one of: {}",
                available
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            ErrorKind::Empty => {
                f.write_str("expected a header row and data, found nothing to read")
            }
            ErrorKind::DuplicateColumn { name } => {
                write!(f, "expected unique column names, found `{name}` twice")
            }
            ErrorKind::Encoding { message } => {
                write!(f, "expected UTF-8 or Windows-1252 text: {message}")
            }
            ErrorKind::OrphanChild { key, parent } => write!(
                f,
                "expected every row to link to a row of `{parent}`, found parent key `{key}` that is not there"
            ),
        }
    }
}

impl std::error::Error for IngestError {}

/// A non-fatal remark from a reader (an encoding fallback, a coerced value).
///
/// The column is kept apart from the message, which never names it: the
/// study layer composes the text and withholds the names of personal columns.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Warning {
    /// The file concerned.
    pub path: PathBuf,
    /// What was noticed (without the column's name).
    pub message: String,
    /// The column concerned, if one.
    pub column: Option<String>,
    /// The 1-based data record concerned, if one.
    pub record: Option<u64>,
}

impl Warning {
    /// A warning about `path`.
    pub fn new(path: impl AsRef<Path>, message: impl Into<String>) -> Self {
        Self {
            path: path.as_ref().to_path_buf(),
            message: message.into(),
            column: None,
            record: None,
        }
    }

    /// Sets the column.
    pub fn with_column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Sets the data record (1-based).
    pub fn with_record(mut self, record: u64) -> Self {
        self.record = Some(record);
        self
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(r) = self.record {
            write!(f, ", record {r}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", column `{c}`")?;
        }
        write!(f, ": {}", self.message)
    }
}
