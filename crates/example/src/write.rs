//! File writers: KoboToolbox XLSX export, CSV, and atomic placement of
//! every file (the Stata and SPSS writers are in `stata` and `spss`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clusterdx_data::{Dataset, MissingReason, Value, format_date, format_datetime};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};

use crate::ExampleError;

/// Writes `bytes` to `path` through a temporary file in the same directory,
/// renamed into place, so a reader never sees a half-written file.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExampleError> {
    let io = |source| ExampleError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(io(e));
    }
    Ok(())
}

/// A cell as text for CSV (empty when missing; a declared user-missing
/// code keeps its raw value).
fn csv_cell(v: Value<'_>) -> String {
    match v {
        Value::Missing(MissingReason::UserCode { raw }) => raw,
        Value::Missing(_) => String::new(),
        Value::Float(x) => format!("{x}"),
        Value::Int(i) => i.to_string(),
        Value::Text(s) => s.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Date(d) => format_date(d),
        Value::DateTime(t) => format_datetime(t),
    }
}

/// The bytes of `ds` as UTF-8 CSV with a header row.
pub(crate) fn csv_bytes(ds: &Dataset, path: &Path) -> Result<Vec<u8>, ExampleError> {
    let err = |e: csv::Error| ExampleError::Format {
        path: path.to_path_buf(),
        format: "CSV",
        message: e.to_string(),
    };
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(ds.column_names()).map_err(err)?;
    for i in 0..ds.n_rows() {
        w.write_record(ds.columns().iter().map(|c| csv_cell(c.get(i))))
            .map_err(err)?;
    }
    w.into_inner().map_err(|e| ExampleError::Format {
        path: path.to_path_buf(),
        format: "CSV",
        message: e.to_string(),
    })
}

/// Kobo's text form of a datetime: with milliseconds and the UTC offset of
/// Pakistan for the device clock (`start`, `end`), plain for server times.
fn kobo_datetime(ms: i64, with_offset: bool) -> String {
    let base = format_datetime(ms - ms.rem_euclid(1000));
    if with_offset {
        format!("{base}.{:03}+05:00", ms.rem_euclid(1000))
    } else {
        base
    }
}

/// The bytes of a KoboToolbox "XML values and headers" XLSX export: the
/// main sheet named after the form, one sheet per repeat group. Numbers
/// are numeric cells except select_one answers (columns with value labels),
/// which Kobo writes as text; empty answers are blank cells.
pub(crate) fn kobo_xlsx_bytes(
    path: &Path,
    form: &str,
    main: &Dataset,
    children: &[&Dataset],
    device_clock: &[&str],
) -> Result<Vec<u8>, ExampleError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExampleError::Format {
        path: path.to_path_buf(),
        format: "XLSX",
        message: e.to_string(),
    };
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 2, 1).map_err(err)?;
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheets: Vec<(&str, &Dataset)> = std::iter::once((form, main))
        .chain(children.iter().map(|d| (d.name.as_str(), *d)))
        .collect();
    for (sheet, ds) in sheets {
        let ws = wb.add_worksheet();
        ws.set_name(sheet).map_err(err)?;
        for (j, c) in ds.columns().iter().enumerate() {
            let col = j as u16;
            ws.write_string(0, col, &c.name).map_err(err)?;
            let select_one = c.value_labels.is_some();
            let offset = device_clock.contains(&c.name.as_str());
            for i in 0..ds.n_rows() {
                let row = i as u32 + 1;
                match c.get(i) {
                    Value::Missing(_) => {}
                    Value::Int(v) if select_one => {
                        ws.write_string(row, col, v.to_string()).map_err(err)?;
                    }
                    Value::Int(v) => {
                        ws.write_number(row, col, v as f64).map_err(err)?;
                    }
                    Value::Float(x) => {
                        ws.write_number(row, col, x).map_err(err)?;
                    }
                    Value::Text(s) => {
                        ws.write_string(row, col, s).map_err(err)?;
                    }
                    Value::Bool(b) => {
                        ws.write_string(row, col, if b { "true" } else { "false" })
                            .map_err(err)?;
                    }
                    Value::Date(d) => {
                        ws.write_string(row, col, format_date(d)).map_err(err)?;
                    }
                    Value::DateTime(t) => {
                        ws.write_string(row, col, kobo_datetime(t, offset))
                            .map_err(err)?;
                    }
                }
            }
        }
    }
    wb.save_to_buffer().map_err(err)
}

/// Joins `dir` and `name`.
pub(crate) fn file(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}
