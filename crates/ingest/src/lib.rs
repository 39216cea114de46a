//! Readers for the survey files researchers actually have, into the
//! [`clusterdx_data`] model.
//!
//! [`read`] takes a path and [`ReadOptions`] and returns [`Ingested`]: the
//! main dataset, any child datasets (repeat groups, linked to their parent),
//! and warnings. Every error is an [`IngestError`] naming the file, the
//! position (record, line, column, sheet) and what was expected.
//!
//! Formats: delimited text ([`csv`](mod@csv)), Excel workbooks ([`xlsx`]), Stata
//! `.dta` ([`stata`]), SPSS `.sav`/`.zsav` ([`spss`]), and the export shapes of
//! KoboToolbox ([`kobo`]) and ODK Central ([`odk`]), and coded interviews in
//! the REFI-QDA exchange format ([`qdpx`]). This crate never prints.

mod common;
pub mod csv;
mod error;
pub mod infer;
pub mod kobo;
pub mod odk;
pub mod qdpx;
pub mod spss;
pub mod stata;
pub mod xlsx;

pub use error::{ErrorKind, IngestError, Position, Warning};

use std::path::Path;

use clusterdx_data::Dataset;

/// A file format clusterdx reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// Delimited text (`,` `;` tab `|`, detected).
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Stata `.dta`, releases 113–119.
    Stata,
    /// SPSS `.sav` or compressed `.zsav`.
    Spss,
    /// KoboToolbox export ("XML values and headers"), CSV or XLSX.
    Kobo,
    /// ODK Central CSV export (main file; repeat files found beside it).
    OdkCentral,
    /// REFI-QDA project (`.qdpx` zip or `.qde` XML): coded text segments.
    Qdpx,
}

impl Format {
    /// The format's name as the study file writes it (`csv`, `odk_central` …).
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Stata => "stata",
            Format::Spss => "spss",
            Format::Kobo => "kobo",
            Format::OdkCentral => "odk_central",
            Format::Qdpx => "qdpx",
        }
    }

    /// Infers the format from a file extension (Kobo and ODK exports must be
    /// declared, as their extensions are plain `.csv`/`.xlsx`).
    ///
    /// # Errors
    /// [`ErrorKind::UnknownFormat`] for any other extension.
    pub fn from_path(path: &Path) -> Result<Self, IngestError> {
        let ext = common::extension(path);
        Self::from_extension(&ext)
            .ok_or_else(|| IngestError::new(path, ErrorKind::UnknownFormat { extension: ext }))
    }

    /// The plain format of a lower-cased extension (never Kobo or ODK).
    pub(crate) fn from_extension(ext: &str) -> Option<Self> {
        match ext {
            "csv" | "tsv" | "txt" | "tab" => Some(Format::Csv),
            "xlsx" | "xlsm" => Some(Format::Xlsx),
            "dta" => Some(Format::Stata),
            "sav" | "zsav" => Some(Format::Spss),
            "qdpx" | "qde" => Some(Format::Qdpx),
            _ => None,
        }
    }
}

/// Which sheet of a workbook to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SheetRef {
    /// By name.
    Name(String),
    /// By 0-based index.
    Index(usize),
}

/// How to read one file. The defaults suit most files.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReadOptions {
    /// The format; inferred from the extension when `None`.
    pub format: Option<Format>,
    /// Workbook sheet (default: the first).
    pub sheet: Option<SheetRef>,
    /// 1-based row holding the column names (default 1).
    pub header_row: Option<usize>,
    /// Field delimiter for text files (default: detected).
    pub delimiter: Option<u8>,
    /// Cell texts that mean "missing" besides the empty cell (e.g. `NA`).
    pub na_values: Vec<String>,
    /// Name given to the main dataset.
    pub name: String,
    /// Worker threads for readers that parallelise (CSV); `None`: one per
    /// core, at most 4. Results are identical for any value.
    pub threads: Option<usize>,
    /// What the text positions of a REFI-QDA project count.
    pub qdpx_offsets: qdpx::OffsetUnit,
}

/// What a reader returns.
#[derive(Debug, Clone, PartialEq)]
pub struct Ingested {
    /// The main dataset.
    pub dataset: Dataset,
    /// Child datasets (repeat groups), each with [`Dataset::parent`] set.
    pub children: Vec<Dataset>,
    /// Non-fatal remarks.
    pub warnings: Vec<Warning>,
}

impl Ingested {
    /// A result with one dataset and no warnings.
    pub fn single(dataset: Dataset) -> Self {
        Self {
            dataset,
            children: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// Reads one file.
///
/// # Errors
/// Any [`IngestError`]: unreadable file, unknown format, malformed content,
/// missing sheet, ragged rows, bad encoding, orphan repeat rows.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let format = match options.format {
        Some(f) => f,
        None => Format::from_path(path)?,
    };
    match format {
        Format::Csv => csv::read(path, options),
        Format::Xlsx => xlsx::read(path, options),
        Format::Stata => stata::read(path, options),
        Format::Spss => spss::read(path, options),
        Format::Kobo => kobo::read(path, options),
        Format::OdkCentral => odk::read(path, options),
        Format::Qdpx => qdpx::read(path, options),
    }
}
