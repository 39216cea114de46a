//! ODK Central CSV exports.
//!
//! Central exports a form as one CSV of submissions (`<form>.csv`, the main
//! dataset, named [`ReadOptions::name`]) plus one CSV per repeat group named
//! `<form>-<repeat>.csv` beside it. Give the main file; the repeat files are
//! found in the same directory and each becomes a child dataset named
//! `<repeat>`, linked by its `PARENT_KEY` to the `KEY` of whichever dataset
//! holds that key: the submissions, or for a nested repeat the enclosing
//! repeat. Every `PARENT_KEY` must exist there.
//!
//! Headers are kept as exported (`firm-sector`, groups joined by `-`); the
//! study layer resolves group paths. Files are read by [`crate::csv`]
//! (comma-separated unless [`ReadOptions::delimiter`] says otherwise).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clusterdx_data::{Dataset, Link};

use crate::{ErrorKind, Format, IngestError, Ingested, ReadOptions, Warning};

/// Key column of every ODK Central file.
pub const KEY: &str = "KEY";
/// Column of a repeat file holding the parent row's `KEY`.
pub const PARENT_KEY: &str = "PARENT_KEY";

/// Reads an ODK Central export: the main CSV and the repeat CSVs beside it.
///
/// # Errors
/// Those of [`crate::csv::read`] for each file; [`ErrorKind::Io`] when the
/// directory cannot be listed; [`ErrorKind::Malformed`] when there are repeat
/// files but the main file has no `KEY` column, or a repeat row has an empty
/// `PARENT_KEY`; [`ErrorKind::OrphanChild`] (with the repeat file, record and
/// column) when a `PARENT_KEY` is not the `KEY` of any row it could belong to.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let delimiter = Some(options.delimiter.unwrap_or(b','));
    let mut opts = options.clone();
    opts.format = Some(Format::Csv);
    opts.delimiter = delimiter;
    let mut got = crate::csv::read(path, &opts)?;
    got.dataset.name = options.name.clone();

    let mut files: Vec<(PathBuf, Dataset)> = Vec::new();
    for (repeat, file) in repeat_files(path)? {
        let child_opts = ReadOptions {
            format: Some(Format::Csv),
            delimiter,
            na_values: options.na_values.clone(),
            name: repeat.clone(),
            ..Default::default()
        };
        let child = crate::csv::read(&file, &child_opts)?;
        got.warnings.extend(child.warnings);
        let mut dataset = child.dataset;
        dataset.name = repeat;
        if dataset.column(PARENT_KEY).is_none() {
            got.warnings.push(Warning::new(
                file,
                format!(
                    "skipped: its name makes it a repeat file of `{}`, but it has no `{PARENT_KEY}` column",
                    file_name(path)
                ),
            ));
            continue;
        }
        files.push((file, dataset));
    }
    if files.is_empty() {
        return Ok(got);
    }
    if got.dataset.column(KEY).is_none() {
        return Err(IngestError::malformed(
            path,
            format!(
                "a `{KEY}` column, which the rows of {} link to",
                files
                    .iter()
                    .map(|(f, _)| format!("`{}`", file_name(f)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "no such column",
        ));
    }

    // Which dataset holds each KEY: 0 = main, j + 1 = files[j].
    let mut holder: HashMap<String, usize> = HashMap::new();
    let all: Vec<&Dataset> = std::iter::once(&got.dataset)
        .chain(files.iter().map(|(_, d)| d))
        .collect();
    for (k, d) in all.iter().enumerate() {
        if let Some(col) = d.column(KEY) {
            for i in 0..d.n_rows() {
                if let Some(key) = col.code_at(i) {
                    holder.entry(key).or_insert(k);
                }
            }
        }
    }
    let file_of = |k: usize| -> &Path {
        match k {
            0 => path,
            _ => files.get(k - 1).map_or(path, |(f, _)| f.as_path()),
        }
    };

    let mut links = Vec::with_capacity(files.len());
    for (j, (file, child)) in files.iter().enumerate() {
        let Some(parents) = child.column(PARENT_KEY) else {
            continue;
        };
        let mut parent: Option<usize> = None;
        for i in 0..child.n_rows() {
            let at = |e: IngestError| e.at_record(i as u64 + 1, None).in_column(PARENT_KEY);
            let Some(key) = parents.code_at(i) else {
                return Err(at(IngestError::malformed(
                    file,
                    "the `KEY` of the enclosing submission or repeat",
                    "an empty cell",
                )));
            };
            let found = holder.get(&key).copied().filter(|&k| k != j + 1);
            match (found, parent) {
                (Some(k), None) => parent = Some(k),
                (Some(k), Some(p)) if k == p => {}
                (_, p) => {
                    let expected = p.unwrap_or_else(|| guess_parent(&key, &all));
                    return Err(at(IngestError::new(
                        file,
                        ErrorKind::OrphanChild {
                            key,
                            parent: file_name(file_of(expected)),
                        },
                    )));
                }
            }
        }
        let parent = parent.unwrap_or(0);
        links.push((
            j,
            Link {
                parent: all
                    .get(parent)
                    .map_or_else(|| options.name.clone(), |d| d.name.clone()),
                child_column: PARENT_KEY.into(),
                parent_column: KEY.into(),
            },
        ));
    }
    for (j, link) in links {
        if let Some((_, d)) = files.get_mut(j) {
            d.parent = Some(link);
        }
    }
    got.children = files.into_iter().map(|(_, d)| d).collect();
    Ok(got)
}

/// The repeat files of a main export `<stem>.csv`: `<stem>-<repeat>.csv` in
/// the same directory, as `(repeat, path)` sorted by name.
///
/// # Errors
/// [`ErrorKind::Io`] when the directory cannot be listed.
pub fn repeat_files(path: &Path) -> Result<Vec<(String, PathBuf)>, IngestError> {
    let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
        return Ok(Vec::new());
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let prefix = format!("{stem}-");
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::io(dir, &e))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| IngestError::io(dir, &e))?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        let Some(rest) = name.strip_prefix(&prefix) else {
            continue;
        };
        let Some(repeat) = rest
            .len()
            .checked_sub(4)
            .filter(|&n| {
                n > 0 && rest.is_char_boundary(n) && rest[n..].eq_ignore_ascii_case(".csv")
            })
            .map(|n| &rest[..n])
        else {
            continue;
        };
        if entry.path().is_file() {
            out.push((repeat.to_string(), entry.path()));
        }
    }
    out.sort();
    Ok(out)
}

/// The dataset a key that is nowhere to be found should have been in: a
/// nested key (`uuid:…/outer[1]`) belongs to repeat `outer`, a plain one to
/// the submissions.
fn guess_parent(key: &str, all: &[&Dataset]) -> usize {
    let Some((_, last)) = key.rsplit_once('/') else {
        return 0;
    };
    let repeat = last.split('[').next().unwrap_or(last);
    all.iter()
        .enumerate()
        .skip(1)
        .find(|(_, d)| d.name == repeat)
        .map_or(0, |(k, _)| k)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}
