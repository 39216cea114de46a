//! Delimited text files: comma, semicolon, tab or pipe, detected from the
//! first records; RFC 4180 quoting (quoted fields may hold the delimiter,
//! doubled quotes and newlines); UTF-8 with or without a byte-order mark,
//! falling back to Windows-1252 with a warning when the file is not UTF-8.
//!
//! The file is streamed once into typed columns (see [`crate::infer`]). Only
//! when a column turns out to be text after it held other values are the
//! earlier rows of that column read again; and only when the file proves not
//! to be UTF-8 is it read again as Windows-1252. Nothing but the typed
//! columns is held in memory.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use clusterdx_data::{Dataset, MissingReason};
use encoding_rs::WINDOWS_1252;

use crate::infer::AdaptiveColumn;
use crate::{ErrorKind, IngestError, Ingested, ReadOptions, Warning};

/// Delimiters tried, in order of preference on a tie.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
const SAMPLE_BYTES: usize = 256 * 1024;
const SAMPLE_RECORDS: usize = 50;

/// How a file's bytes become text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Windows1252,
}

/// Where the first non-UTF-8 field is: record, line, column index.
type BadUtf8 = (u64, u64, usize);

/// Reads a delimited text file into one dataset.
///
/// # Errors
/// [`ErrorKind::Io`] when the file cannot be read; [`ErrorKind::Empty`] when
/// it has no header; [`ErrorKind::Malformed`] for an empty column name or
/// UTF-16 text; [`ErrorKind::DuplicateColumn`]; [`ErrorKind::Ragged`] for a
/// record with the wrong number of fields (with its record and line).
pub fn read(path: &Path, options: &ReadOptions) -> Result<Ingested, IngestError> {
    let mut file = File::open(path).map_err(|e| IngestError::io(path, &e))?;
    let mut sample = Vec::with_capacity(SAMPLE_BYTES);
    (&mut file)
        .take(SAMPLE_BYTES as u64)
        .read_to_end(&mut sample)
        .map_err(|e| IngestError::io(path, &e))?;
    let whole_file_sampled = sample.len() < SAMPLE_BYTES;
    if sample.starts_with(&[0xFF, 0xFE]) || sample.starts_with(&[0xFE, 0xFF]) {
        return Err(IngestError::malformed(
            path,
            "UTF-8 or Windows-1252 text",
            "UTF-16 text (save the file as UTF-8 CSV)",
        ));
    }
    let bom = if sample.starts_with(&[0xEF, 0xBB, 0xBF]) {
        3
    } else {
        0
    };
    if sample[bom..].iter().all(u8::is_ascii_whitespace) {
        return Err(IngestError::new(path, ErrorKind::Empty));
    }
    let reader = Reader {
        path,
        options,
        delimiter: match options.delimiter {
            Some(d) => d,
            None => detect_delimiter(&sample[bom..], whole_file_sampled),
        },
        header_row: options.header_row.unwrap_or(1).max(1),
        bom: bom as u64,
    };
    match reader.pass(&mut file, Encoding::Utf8)? {
        Ok(table) => reader.finish(&mut file, table, Encoding::Utf8, None),
        Err(bad) => {
            let table = match reader.pass(&mut file, Encoding::Windows1252)? {
                Ok(table) => table,
                Err(_) => unreachable_utf8(path)?,
            };
            reader.finish(&mut file, table, Encoding::Windows1252, Some(bad))
        }
    }
}

/// Windows-1252 decodes every byte, so a second encoding failure cannot happen.
fn unreachable_utf8(path: &Path) -> Result<Table, IngestError> {
    Err(IngestError::malformed(
        path,
        "Windows-1252 text",
        "undecodable bytes",
    ))
}

/// Records handed from the splitting thread to the typing workers.
const BATCH: usize = 4096;

/// A run of consecutive records, with the data row of the first and the
/// line of each.
#[derive(Default)]
struct Batch {
    first_row: u64,
    /// Records in use: `records[..len]` (the rest are buffers kept for reuse).
    len: usize,
    records: Vec<csv::ByteRecord>,
    lines: Vec<u64>,
}

/// Header and typed columns after one pass.
struct Table {
    names: Vec<String>,
    columns: Vec<AdaptiveColumn>,
}

struct Reader<'a> {
    path: &'a Path,
    options: &'a ReadOptions,
    delimiter: u8,
    header_row: usize,
    bom: u64,
}

impl Reader<'_> {
    fn open(&self, file: &mut File) -> Result<csv::Reader<BufReader<File>>, IngestError> {
        file.seek(SeekFrom::Start(self.bom))
            .map_err(|e| IngestError::io(self.path, &e))?;
        let clone = file
            .try_clone()
            .map_err(|e| IngestError::io(self.path, &e))?;
        Ok(csv::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(BufReader::with_capacity(1 << 16, clone)))
    }

    /// Reads the whole file into typed columns. `Ok(Err(at))` when a field is
    /// not UTF-8 and `encoding` is UTF-8 (the caller retries as Windows-1252).
    fn pass(
        &self,
        file: &mut File,
        encoding: Encoding,
    ) -> Result<Result<Table, BadUtf8>, IngestError> {
        let path = self.path;
        let mut reader = self.open(file)?;
        let mut record = csv::ByteRecord::new();
        let mut scratch = String::new();
        // The header.
        let mut physical = 0usize;
        let names = loop {
            if !reader
                .read_byte_record(&mut record)
                .map_err(|e| csv_error(path, &e, self.header_row))?
            {
                return Err(IngestError::new(path, ErrorKind::Empty));
            }
            physical += 1;
            if physical < self.header_row {
                continue;
            }
            let line = record.position().map_or(0, |p| p.line());
            let mut names = Vec::with_capacity(record.len());
            for (j, field) in record.iter().enumerate() {
                match decode(field, encoding, &mut scratch) {
                    Some(t) => names.push(t.trim().to_string()),
                    None => return Ok(Err((0, line, j))),
                }
            }
            check_names(path, &names, line)?;
            break names;
        };
        // The records: this thread splits them and checks their shape;
        // workers, each owning every k-th column, type the cells. Columns
        // are independent, so the result does not depend on the number of
        // workers.
        let n_cols = names.len();
        let workers = self
            .options
            .threads
            .unwrap_or_else(|| {
                std::thread::available_parallelism()
                    .map_or(1, |n| n.get())
                    .min(4)
            })
            .max(1)
            .min(n_cols.max(1));
        let outcome = std::thread::scope(|scope| -> Result<_, IngestError> {
            let mut senders = Vec::with_capacity(workers);
            let mut handles = Vec::with_capacity(workers);
            for w in 0..workers {
                let (tx, rx) = std::sync::mpsc::sync_channel::<std::sync::Arc<Batch>>(2);
                senders.push(tx);
                handles
                    .push(scope.spawn(move || self.type_columns(rx, w, workers, n_cols, encoding)));
            }
            // Batches come back for reuse once every worker is done with
            // them, so record buffers are allocated only a few times.
            let mut sent: Vec<std::sync::Arc<Batch>> = Vec::new();
            let next_batch = |sent: &mut Vec<std::sync::Arc<Batch>>| {
                let free = sent
                    .iter()
                    .position(|b| std::sync::Arc::strong_count(b) == 1);
                free.and_then(|i| std::sync::Arc::try_unwrap(sent.swap_remove(i)).ok())
                    .unwrap_or_default()
            };
            let send = |batch: Batch, sent: &mut Vec<std::sync::Arc<Batch>>| {
                let batch = std::sync::Arc::new(batch);
                for tx in &senders {
                    // A worker only stops receiving when it panicked; its
                    // join below reports that.
                    let _ = tx.send(batch.clone());
                }
                sent.push(batch);
            };
            let mut batch = next_batch(&mut sent);
            batch.len = 0;
            let mut rows = 0u64;
            loop {
                if batch.len == batch.records.len() {
                    batch.records.push(csv::ByteRecord::new());
                    batch.lines.push(0);
                }
                let record = &mut batch.records[batch.len];
                let more = reader
                    .read_byte_record(record)
                    .map_err(|e| csv_error(path, &e, self.header_row))?;
                if !more {
                    break;
                }
                if record.len() == 1 && record[0].is_empty() && n_cols > 1 {
                    continue; // blank line
                }
                rows += 1;
                let line = record.position().map_or(0, |p| p.line());
                if record.len() != n_cols {
                    return Err(IngestError::new(
                        path,
                        ErrorKind::Ragged {
                            expected: n_cols,
                            found: record.len(),
                        },
                    )
                    .at_record(rows, Some(line)));
                }
                if batch.len == 0 {
                    batch.first_row = rows;
                }
                batch.lines[batch.len] = line;
                batch.len += 1;
                if batch.len == BATCH {
                    send(batch, &mut sent);
                    batch = next_batch(&mut sent);
                    batch.len = 0;
                }
            }
            if batch.len > 0 {
                send(batch, &mut sent);
            }
            drop(sent);
            drop(senders);
            let mut columns: Vec<Option<AdaptiveColumn>> = (0..n_cols).map(|_| None).collect();
            let mut first_bad: Option<BadUtf8> = None;
            for h in handles {
                let (cols, bad) = h.join().map_err(|_| {
                    IngestError::malformed(
                        path,
                        "a readable table",
                        "an internal failure while typing columns",
                    )
                })?;
                for (j, c) in cols {
                    columns[j] = Some(c);
                }
                if let Some(b) = bad
                    && first_bad.is_none_or(|f| (b.0, b.2) < (f.0, f.2))
                {
                    first_bad = Some(b);
                }
            }
            Ok((columns, first_bad))
        })?;
        let (columns, first_bad) = outcome;
        if let Some(bad) = first_bad {
            return Ok(Err(bad));
        }
        let columns = columns.into_iter().map(Option::unwrap_or_default).collect();
        Ok(Ok(Table { names, columns }))
    }

    /// A worker: types columns `w, w + k, w + 2k, …` of every batch it
    /// receives. Returns them with the first field that is not valid text
    /// in `encoding`, if any (after which it only drains the channel).
    fn type_columns(
        &self,
        rx: std::sync::mpsc::Receiver<std::sync::Arc<Batch>>,
        w: usize,
        k: usize,
        n_cols: usize,
        encoding: Encoding,
    ) -> (Vec<(usize, AdaptiveColumn)>, Option<BadUtf8>) {
        let mut cols: Vec<(usize, AdaptiveColumn)> = (w..n_cols)
            .step_by(k)
            .map(|j| (j, AdaptiveColumn::with_capacity(1 << 16)))
            .collect();
        let mut scratch = String::new();
        let mut bad: Option<BadUtf8> = None;
        let no_na = self.options.na_values.is_empty();
        for batch in rx {
            if bad.is_some() {
                continue;
            }
            'records: for (r, record) in batch.records[..batch.len].iter().enumerate() {
                for (j, col) in cols.iter_mut() {
                    let field = record.get(*j).unwrap_or_default();
                    let raw = field.trim_ascii();
                    if raw.is_empty() {
                        col.push_missing(MissingReason::System);
                        continue;
                    }
                    // Numbers straight from bytes (unless the cell is an NA text).
                    if (no_na || !self.is_na_bytes(raw)) && col.try_push_number(raw) {
                        continue;
                    }
                    let Some(text) = decode(field, encoding, &mut scratch) else {
                        bad = Some((batch.first_row + r as u64, batch.lines[r], *j));
                        break 'records;
                    };
                    let t = text.trim();
                    match self.missing_trimmed(t) {
                        Some(reason) => col.push_missing(reason),
                        None => col.push_trimmed(text, t),
                    }
                }
            }
        }
        (cols, bad)
    }

    /// Missing reason of a cell, `None` when it holds a value.
    fn missing(&self, text: &str) -> Option<MissingReason> {
        self.missing_trimmed(text.trim())
    }

    /// True when trimmed bytes are one of the declared NA texts.
    fn is_na_bytes(&self, t: &[u8]) -> bool {
        self.options.na_values.iter().any(|na| na.as_bytes() == t)
    }

    /// As [`Reader::missing`], for a trimmed cell.
    fn missing_trimmed(&self, t: &str) -> Option<MissingReason> {
        if t.is_empty() {
            Some(MissingReason::System)
        } else if self.options.na_values.iter().any(|na| na == t) {
            Some(MissingReason::UserCode { raw: t.to_string() })
        } else {
            None
        }
    }

    /// Re-reads the earlier rows of columns that widened to text, and
    /// assembles the dataset.
    fn finish(
        &self,
        file: &mut File,
        table: Table,
        encoding: Encoding,
        bad: Option<BadUtf8>,
    ) -> Result<Ingested, IngestError> {
        let path = self.path;
        let Table { names, columns } = table;
        let reread: Vec<usize> = columns.iter().map(AdaptiveColumn::reread_rows).collect();
        let max = reread.iter().copied().max().unwrap_or(0);
        let mut earlier: Vec<Vec<Option<String>>> =
            reread.iter().map(|&n| Vec::with_capacity(n)).collect();
        if max > 0 {
            let mut reader = self.open(file)?;
            let mut record = csv::ByteRecord::new();
            let mut physical = 0usize;
            let mut seen = 0usize;
            let mut scratch = String::new();
            while seen < max
                && reader
                    .read_byte_record(&mut record)
                    .map_err(|e| csv_error(path, &e, self.header_row))?
            {
                physical += 1;
                if physical <= self.header_row
                    || (record.len() == 1 && record[0].is_empty() && names.len() > 1)
                {
                    continue;
                }
                for (j, field) in record.iter().enumerate() {
                    if seen < reread.get(j).copied().unwrap_or(0) {
                        let text = decode(field, encoding, &mut scratch).unwrap_or("");
                        let value = self.missing(text).is_none().then(|| text.to_string());
                        earlier[j].push(value);
                    }
                }
                seen += 1;
            }
        }
        let mut warnings = Vec::new();
        if let Some((rec, line, j)) = bad {
            let at = if rec == 0 {
                format!("the header (line {line})")
            } else {
                format!("record {rec}, line {line}")
            };
            let mut w = Warning::new(
                path,
                format!(
                    "not valid UTF-8 (first at {at}); read as Windows-1252 — check non-ASCII text, or re-save the file as UTF-8"
                ),
            );
            if rec > 0 {
                w = w.with_record(rec);
            }
            if let Some(name) = names.get(j) {
                w = w.with_column(name.clone());
            }
            warnings.push(w);
        }
        let columns = columns
            .into_iter()
            .zip(names)
            .zip(earlier)
            .map(|((c, n), e)| c.finish(n, &e))
            .collect();
        let dataset = Dataset::new(self.options.name.clone(), columns)
            .map_err(|e| IngestError::malformed(path, "a rectangular table", e.to_string()))?;
        Ok(Ingested {
            dataset,
            children: Vec::new(),
            warnings,
        })
    }
}

/// A field as text: UTF-8 borrowed, or Windows-1252 decoded into `scratch`.
#[inline]
fn decode<'a>(field: &'a [u8], encoding: Encoding, scratch: &'a mut String) -> Option<&'a str> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(field).ok(),
        Encoding::Windows1252 => {
            scratch.clear();
            scratch.push_str(&WINDOWS_1252.decode_without_bom_handling(field).0);
            Some(scratch.as_str())
        }
    }
}

/// A parser error, positioned on the data record (header rows excluded).
fn csv_error(path: &Path, e: &csv::Error, header_row: usize) -> IngestError {
    let err = IngestError::malformed(path, "delimited text", e.to_string());
    match e.position() {
        Some(p) => err.at_record(
            (p.record() + 1).saturating_sub(header_row as u64),
            Some(p.line()),
        ),
        None => err,
    }
}

/// Column names must be non-empty and unique.
fn check_names(path: &Path, names: &[String], line: u64) -> Result<(), IngestError> {
    let mut seen = std::collections::HashSet::new();
    for (j, n) in names.iter().enumerate() {
        if n.is_empty() {
            return Err(IngestError::malformed(
                path,
                "a name for every column in the header",
                format!("an empty name in field {}", j + 1),
            )
            .at(crate::Position {
                line: Some(line),
                column: Some(format!("#{}", j + 1)),
                ..Default::default()
            }));
        }
        if !seen.insert(n.as_str()) {
            return Err(
                IngestError::new(path, ErrorKind::DuplicateColumn { name: n.clone() }).at(
                    crate::Position {
                        line: Some(line),
                        column: Some(n.clone()),
                        ..Default::default()
                    },
                ),
            );
        }
    }
    Ok(())
}

/// Picks the delimiter that splits the sampled records into the same number
/// (> 1) of fields most consistently; among equally consistent candidates,
/// the one giving more fields; `,` when nothing splits.
pub fn detect_delimiter(sample: &[u8], complete: bool) -> u8 {
    let mut best = (b',', 0usize, 0usize); // (delimiter, consistent records, fields)
    for &d in &CANDIDATES {
        let mut rdr = csv::ReaderBuilder::new()
            .delimiter(d)
            .has_headers(false)
            .flexible(true)
            .from_reader(sample);
        let mut counts = Vec::new();
        let mut rec = csv::ByteRecord::new();
        while counts.len() < SAMPLE_RECORDS {
            match rdr.read_byte_record(&mut rec) {
                Ok(true) => counts.push(rec.len()),
                _ => break,
            }
        }
        if !complete && counts.len() > 1 {
            counts.pop(); // the last record may be cut by the sample's end
        }
        let Some(&first) = counts.first() else {
            continue;
        };
        if first < 2 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == first).count();
        if consistent > best.1 || (consistent == best.1 && first > best.2) {
            best = (d, consistent, first);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_delimiters() {
        assert_eq!(detect_delimiter(b"a,b,c\n1,2,3\n", true), b',');
        assert_eq!(
            detect_delimiter(b"\"a\";\"b\"\n\"1,5\";\"2\"\n", true),
            b';'
        );
        assert_eq!(detect_delimiter(b"a\tb\n1\t2\n", true), b'\t');
        assert_eq!(detect_delimiter(b"a|b|c\n1|2|3\n", true), b'|');
        assert_eq!(detect_delimiter(b"a;b\n\"x\ny\";2\n", true), b';');
        assert_eq!(detect_delimiter(b"single\n1\n", true), b',');
    }
}
