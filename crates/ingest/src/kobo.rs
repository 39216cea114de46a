//! KoboToolbox exports in the "XML values and headers" shape.
//!
//! - **CSV**: `;`-separated, every cell quoted, one row per submission. Read
//!   by [`crate::csv`] with `;` as the delimiter (unless the header line
//!   holds no `;`, or [`ReadOptions::delimiter`] says otherwise). CSV exports
//!   carry no repeat groups.
//! - **XLSX**: the first worksheet holds the submissions (the main dataset,
//!   named [`ReadOptions::name`]); every further worksheet is a repeat group
//!   and becomes a child dataset named after its sheet, linked to its parent
//!   by `_parent_index` → `_index`. The parent is the sheet named in the
//!   child's `_parent_table_name` column (nested repeats), else the main sheet.
//!   Every `_parent_index` must exist in the parent's `_index`.
//!
//! Column names are kept exactly as exported (`firm/sector`,
//! `linkages/support_used/tvet`): the study layer resolves group paths.
//! Typing is that of [`crate::csv`] and [`crate::xlsx`]: a select_multiple
//! column (`smeda chamber`) stays text, its `question/choice` 0/1 columns are
//! integers, `_submission_time` is a datetime, empty cells are missing.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use clusterdx_data::{Dataset, Link};

use crate::xlsx::{SheetTable, Workbook, read_sheet_table};
use crate::{ErrorKind, Format, IngestError, Ingested, ReadOptions, Warning};

/// The child column holding the parent row's `_index`.
pub const PARENT_INDEX: &str = "_parent_index";
/// The row key of every Kobo sheet.
pub const INDEX: &str = "_index";
/// The child column naming the parent sheet.
pub const PARENT_TABLE: &str = "_parent_table_name";

/// Reads a KoboToolbox export (CSV or XLSX; a workbook is recognised by its
/// `.xlsx`/`.xlsm` extension or its zip signature). In a workbook,
/// [`ReadOptions::sheet`] may name the main sheet when it is not the first;
/// [`ReadOptions::header_row`] applies to every sheet.
///
/// # Errors
/// Those of [`crate::csv::read`] for CSV exports. For workbooks, those of
/// [`crate::xlsx::read_sheet`], and [`ErrorKind::OrphanChild`] (with the
/// sheet, record and column) when a repeat row's `_parent_index` is absent
/// from its parent's `_index`; [`ErrorKind::Malformed`] when a repeat row has
/// no `_parent_index`, the parent sheet has no `_index` column, or
/// `_parent_table_name` names no sheet of the workbook.
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    if is_workbook(path)? {
        read_workbook(path, options)
    } else {
        read_csv(path, options)
    }
}

/// True for a workbook: by extension as [`Format::from_path`] reads it
/// (`.xlsx`/`.xlsm`; `.csv`, `.txt`… are text), else by the zip signature.
fn is_workbook(path: &Path) -> Result<bool, IngestError> {
    match Format::from_extension(&crate::common::extension(path)) {
        Some(Format::Xlsx) => Ok(true),
        Some(Format::Csv) => Ok(false),
        _ => {
            let file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
            let mut magic = Vec::with_capacity(4);
            file.take(4)
                .read_to_end(&mut magic)
                .map_err(|e| IngestError::io(path, &e))?;
            Ok(magic == b"PK\x03\x04")
        }
    }
}

fn read_csv(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut opts = options.clone();
    opts.format = Some(Format::Csv);
    if opts.delimiter.is_none() && header_has_semicolon(path)? {
        opts.delimiter = Some(b';');
    }
    let mut got = crate::csv::read(path, &opts)?;
    got.dataset.name = options.name.clone();
    Ok(got)
}

/// True when the first line has a `;` (Kobo's default separator). Other
/// separators (an export made with `,`) are left to detection.
fn header_has_semicolon(path: &Path) -> Result<bool, IngestError> {
    let file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
    let mut line = Vec::new();
    BufReader::new(file)
        .take(1 << 20)
        .read_until(b'\n', &mut line)
        .map_err(|e| IngestError::io(path, &e))?;
    Ok(line.contains(&b';'))
}

fn read_workbook(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut workbook = Workbook::open(path)?;
    let main_sheet = workbook.resolve(options.sheet.as_ref())?;
    let header_row = options.header_row.unwrap_or(1);
    let mut warnings = Vec::new();
    let mut main = read_sheet_table(
        &mut workbook,
        &main_sheet,
        header_row,
        &options.na_values,
        &mut warnings,
    )?;
    main.dataset.name = options.name.clone();

    // (sheet, table) of each repeat group.
    let mut repeats: Vec<(String, SheetTable)> = Vec::new();
    for sheet in workbook.worksheet_names() {
        if sheet == main_sheet {
            continue;
        }
        let table = match read_sheet_table(
            &mut workbook,
            &sheet,
            header_row,
            &options.na_values,
            &mut warnings,
        ) {
            Ok(t) => t,
            Err(e) if *e.kind() == ErrorKind::Empty => {
                warnings.push(skipped(path, &sheet, "it is empty"));
                continue;
            }
            Err(e) => return Err(e),
        };
        if table.dataset.column(PARENT_INDEX).is_none() {
            warnings.push(skipped(
                path,
                &sheet,
                &format!("it has no `{PARENT_INDEX}` column, so it is not a repeat group"),
            ));
            continue;
        }
        repeats.push((sheet, table));
    }

    let sheet_names = workbook.sheet_names();
    let mut links = Vec::with_capacity(repeats.len());
    for (sheet, table) in &repeats {
        let parent_sheet = parent_sheet(path, sheet, table, &main_sheet, &sheet_names)?;
        let parent = if parent_sheet == main_sheet {
            &main
        } else {
            match repeats.iter().find(|(s, _)| *s == parent_sheet) {
                Some((_, t)) => t,
                None => {
                    return Err(IngestError::malformed(
                        path,
                        format!(
                            "`{PARENT_TABLE}` to name a repeat-group sheet with a `{PARENT_INDEX}` column"
                        ),
                        format!("`{parent_sheet}`, which is not one"),
                    )
                    .in_sheet(sheet.as_str())
                    .in_column(PARENT_TABLE));
                }
            }
        };
        check_links(path, sheet, table, &parent_sheet, parent)?;
        links.push(Link {
            parent: parent.dataset.name.clone(),
            child_column: PARENT_INDEX.into(),
            parent_column: INDEX.into(),
        });
    }

    let children = repeats
        .into_iter()
        .zip(links)
        .map(|((_, table), link)| {
            let mut d = table.dataset;
            d.parent = Some(link);
            d
        })
        .collect();
    Ok(Ingested {
        dataset: main.dataset,
        children,
        warnings,
    })
}

fn skipped(path: &Path, sheet: &str, why: &str) -> Warning {
    Warning::new(path, format!("sheet `{sheet}` skipped: {why}"))
}

/// The sheet a repeat sheet links to: the one its `_parent_table_name`
/// names (Excel cuts sheet names to 31 characters, so a cut name matches
/// too), else the main sheet.
fn parent_sheet(
    path: &Path,
    sheet: &str,
    table: &SheetTable,
    main_sheet: &str,
    sheet_names: &[String],
) -> Result<String, IngestError> {
    let Some(col) = table.dataset.column(PARENT_TABLE) else {
        return Ok(main_sheet.to_string());
    };
    let mut parent: Option<String> = None;
    for i in 0..table.dataset.n_rows() {
        let Some(name) = col.code_at(i) else {
            continue;
        };
        let at = |e: IngestError| {
            e.in_sheet(sheet)
                .at_record(table.record(i), None)
                .in_column(PARENT_TABLE)
        };
        match &parent {
            Some(p) if *p == name => continue,
            Some(p) => {
                return Err(at(IngestError::malformed(
                    path,
                    format!("the same parent table on every row (`{p}` above)"),
                    format!("`{name}`"),
                )));
            }
            None => parent = Some(name),
        }
    }
    let Some(name) = parent else {
        return Ok(main_sheet.to_string());
    };
    let cut: String = name.chars().take(31).collect();
    sheet_names
        .iter()
        .find(|s| **s == name)
        .or_else(|| sheet_names.iter().find(|s| **s == cut))
        .cloned()
        .ok_or_else(|| {
            IngestError::malformed(
                path,
                format!(
                    "`{PARENT_TABLE}` to name a sheet of the workbook ({})",
                    sheet_names
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                format!("`{name}`"),
            )
            .in_sheet(sheet)
            .in_column(PARENT_TABLE)
        })
}

/// Every `_parent_index` of `child` must be an `_index` of `parent`.
fn check_links(
    path: &Path,
    sheet: &str,
    child: &SheetTable,
    parent_sheet: &str,
    parent: &SheetTable,
) -> Result<(), IngestError> {
    let Some(keys) = parent.dataset.column(INDEX) else {
        return Err(IngestError::malformed(
            path,
            format!("an `{INDEX}` column, which the rows of repeat sheet `{sheet}` link to"),
            format!("columns {}", list_columns(&parent.dataset)),
        )
        .in_sheet(parent_sheet));
    };
    let keys: HashSet<String> = (0..parent.dataset.n_rows())
        .filter_map(|i| keys.code_at(i))
        .collect();
    let Some(links) = child.dataset.column(PARENT_INDEX) else {
        return Ok(());
    };
    for i in 0..child.dataset.n_rows() {
        let at = |e: IngestError| {
            e.in_sheet(sheet)
                .at_record(child.record(i), None)
                .in_column(PARENT_INDEX)
        };
        match links.code_at(i) {
            None => {
                let blank = child
                    .dataset
                    .columns()
                    .iter()
                    .all(|c| !c.validity.is_valid(i));
                let found = if blank {
                    format!(
                        "a blank row (sheet row {}; delete it or fill it in)",
                        child.sheet_row(i)
                    )
                } else {
                    "an empty cell".to_string()
                };
                return Err(at(IngestError::malformed(
                    path,
                    format!("the `{INDEX}` of a row of sheet `{parent_sheet}`"),
                    found,
                )));
            }
            Some(k) if !keys.contains(&k) => {
                return Err(at(IngestError::new(
                    path,
                    ErrorKind::OrphanChild {
                        key: k,
                        parent: parent_sheet.to_string(),
                    },
                )));
            }
            Some(_) => {}
        }
    }
    Ok(())
}

fn list_columns(d: &Dataset) -> String {
    let names: Vec<String> = d.column_names().take(8).map(|n| format!("`{n}`")).collect();
    let more = if d.columns().len() > 8 { ", …" } else { "" };
    format!("{}{more}", names.join(", "))
}
