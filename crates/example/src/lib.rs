//! The synthetic Sindh example study of clusterdx: a seeded, documented
//! generator of firm, worker, household, stakeholder and employment data for
//! six trade sectors of Sindh (sugar, handicraft, fisheries, marble, the
//! Khairpur special economic zone with date palm, Thar coal and power).
//!
//! **SYNTHETIC — not real data.** Every dataset's label starts with
//! `SYNTHETIC`. The generator plants the structure described in the
//! project's example-study design (cluster-indicator evidence, local
//! participation by job level, skill mixes, thin capacity building except in
//! Thar, weak stakeholder linkages, poverty and multidimensional poverty);
//! the analyses must recover it from the microdata. Nothing outside this
//! crate may read the planted parameters, and no analysis may branch on a
//! sector's name.
//!
//! [`generate`] returns the datasets in memory ([`SindhExample`]); the
//! same seed always gives identical data. [`write()`] writes the files:
//!
//! | file | dataset(s) | format |
//! |---|---|---|
//! | `firms.xlsx` | `firms`, `roster`, `training` | KoboToolbox "XML values and headers" XLSX export; repeat groups on their own sheets joined by `_index` / `_parent_index` |
//! | `workers.dta` | `workers` | Stata release 118 with variable and value labels |
//! | `households.sav` | `households` | SPSS (bytecode-compressed `.sav`) with variable and value labels and user-missing 98 |
//! | `stakeholders.csv` | `stakeholders` | UTF-8 CSV |
//! | `linkages.csv` | `linkages` | UTF-8 CSV |
//! | `employment.csv` | `employment` | UTF-8 CSV |
//! | `kii_segments.csv` | `segments` | UTF-8 CSV |
//!
//! Every file is written by Rust crates (`rust_xlsxwriter`, `dta`, `ambers`,
//! `csv`), for any seed, and is byte-for-byte reproducible: the same seed
//! always gives the same bytes (the workbook's and the SPSS file's creation
//! dates are fixed, never the clock's).
//! The committed `examples/sindh/data/` is the output for [`DEFAULT_SEED`].
//!
//! The crate never prints.

#![warn(missing_docs)]

mod codebook;
mod firms;
mod households;
mod params;
mod rng;
mod spss;
mod stakeholders;
mod stata;
mod tables;
mod text;
mod workers;
mod write;

use std::path::{Path, PathBuf};

use clusterdx_data::Dataset;

pub use codebook::codebook;
pub use params::{CHILD_AE, DEFLATOR, POVERTY_LINE_2013_14};
pub use tables::names;

/// The seed of the committed example data.
pub const DEFAULT_SEED: u64 = 20_241_007;

/// File names written by [`write()`].
pub mod files {
    /// Firm survey, KoboToolbox XLSX export (sheets `sindh_firm_survey`,
    /// `roster`, `training`).
    pub const FIRMS: &str = "firms.xlsx";
    /// Worker survey, Stata 118.
    pub const WORKERS: &str = "workers.dta";
    /// Household survey, SPSS `.sav`.
    pub const HOUSEHOLDS: &str = "households.sav";
    /// Stakeholders and key-informant checklists, CSV.
    pub const STAKEHOLDERS: &str = "stakeholders.csv";
    /// Linkage edge list, CSV.
    pub const LINKAGES: &str = "linkages.csv";
    /// Employment by region × industry, CSV.
    pub const EMPLOYMENT: &str = "employment.csv";
    /// Coded key-informant interview segments, CSV.
    pub const SEGMENTS: &str = "kii_segments.csv";
    /// Every file [`write()`](crate::write()) writes, in its order.
    pub const ALL: [&str; 7] = [
        FIRMS,
        WORKERS,
        HOUSEHOLDS,
        STAKEHOLDERS,
        LINKAGES,
        EMPLOYMENT,
        SEGMENTS,
    ];
    /// Name of the main sheet of the Kobo export (the form id).
    pub const KOBO_MAIN_SHEET: &str = crate::tables::KOBO_FORM;
}

/// The generated example study, one [`Dataset`] per survey file or sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct SindhExample {
    /// The seed the data were generated from.
    pub seed: u64,
    /// Firm survey (Kobo main sheet): one row per sampled principal unit.
    pub firms: Dataset,
    /// Employment roster: one row per firm × job level × ISCO-08 code ×
    /// origin tier with a head count; child of `firms`.
    pub roster: Dataset,
    /// Training programmes given by firms; child of `firms`.
    pub training: Dataset,
    /// Worker survey: employees sampled within the sampled firms.
    pub workers: Dataset,
    /// Household survey: area sample of the sectors' districts.
    pub households: Dataset,
    /// Stakeholders of each sector with key-informant checklists.
    pub stakeholders: Dataset,
    /// Stakeholder linkages (undirected edge list with strength 0–3).
    pub linkages: Dataset,
    /// Employment by region × industry.
    pub employment: Dataset,
    /// Coded key-informant interview segments.
    pub segments: Dataset,
}

impl SindhExample {
    /// All datasets, in the order firms, roster, training, workers,
    /// households, stakeholders, linkages, employment, segments.
    pub fn datasets(&self) -> [&Dataset; 9] {
        [
            &self.firms,
            &self.roster,
            &self.training,
            &self.workers,
            &self.households,
            &self.stakeholders,
            &self.linkages,
            &self.employment,
            &self.segments,
        ]
    }
}

/// Generates the example study from `seed`. Deterministic: the same seed
/// gives identical datasets on every platform.
pub fn generate(seed: u64) -> SindhExample {
    let firm_units = firms::generate(seed);
    let worker_units = workers::generate(seed, &firm_units);
    let household_units = households::generate(seed, &firm_units, &worker_units);
    let actors = stakeholders::actors(seed);
    let links = stakeholders::linkages(seed, &actors);
    let employment = stakeholders::employment(seed);
    let segments = stakeholders::segments(seed, &actors);
    let (firms, roster, training) = tables::firm_tables(&firm_units);
    SindhExample {
        seed,
        firms,
        roster,
        training,
        workers: tables::worker_table(&worker_units, &firm_units),
        households: tables::household_table(&household_units),
        stakeholders: tables::stakeholder_table(&actors),
        linkages: tables::linkage_table(&links),
        employment: tables::employment_table(&employment),
        segments: tables::segment_table(&segments),
    }
}

/// Why writing the example failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExampleError {
    /// A file could not be written or renamed into place.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// A file's content could not be encoded.
    #[error("{}: cannot write {format}: {message}", path.display())]
    Format {
        /// The file concerned.
        path: PathBuf,
        /// The format being written.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}

/// Writes the example's seven files for `seed` into `dir` (which must exist)
/// and returns their paths, in the order of [`files::ALL`]. Each file goes
/// to a temporary file in `dir` first and is renamed into place.
///
/// # Errors
/// [`ExampleError::Io`] when a file cannot be written or renamed;
/// [`ExampleError::Format`] when content cannot be encoded.
pub fn write(dir: &Path, seed: u64) -> Result<Vec<PathBuf>, ExampleError> {
    let ex = generate(seed);
    let mut out = Vec::new();

    let path = write::file(dir, files::FIRMS);
    let bytes = write::kobo_xlsx_bytes(
        &path,
        files::KOBO_MAIN_SHEET,
        &ex.firms,
        &[&ex.roster, &ex.training],
        &["start", "end"],
    )?;
    write::write_atomic(&path, &bytes)?;
    out.push(path);

    let path = write::file(dir, files::WORKERS);
    let bytes = stata::dta_bytes(&ex.workers).map_err(|message| ExampleError::Format {
        path: path.clone(),
        format: "Stata .dta",
        message,
    })?;
    write::write_atomic(&path, &bytes)?;
    out.push(path);

    let path = write::file(dir, files::HOUSEHOLDS);
    let bytes = spss::sav_bytes(&ex.households).map_err(|message| ExampleError::Format {
        path: path.clone(),
        format: "SPSS .sav",
        message,
    })?;
    write::write_atomic(&path, &bytes)?;
    out.push(path);

    for (name, ds) in [
        (files::STAKEHOLDERS, &ex.stakeholders),
        (files::LINKAGES, &ex.linkages),
        (files::EMPLOYMENT, &ex.employment),
        (files::SEGMENTS, &ex.segments),
    ] {
        let path = write::file(dir, name);
        let bytes = write::csv_bytes(ds, &path)?;
        write::write_atomic(&path, &bytes)?;
        out.push(path);
    }
    Ok(out)
}
