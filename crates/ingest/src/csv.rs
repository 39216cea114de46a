//! Delimited text files: comma, semicolon, tab or pipe, detected from the
//! first records; RFC 4180 quoting (quoted fields may hold the delimiter,
//! doubled quotes and newlines); UTF-8 with or without a byte-order mark,
//! falling back to Windows-1252 with a warning when the file is not UTF-8.
//!
//! The file is streamed twice (see [`crate::infer`]): once to check the
//! shape, the encoding and settle each column's type, once to parse into
//! typed columns. Nothing but the typed columns is held in memory.

use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use clusterdx_data::{Dataset, MissingReason};
use encoding_rs::WINDOWS_1252;

use crate::infer::{ColumnBuilder, TypeSniffer};
use crate::{ErrorKind, IngestError, Ingested, ReadOptions, Warning};

/// Delimiters tried, in order of preference on a tie.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
const SAMPLE_BYTES: usize = 256 * 1024;
const SAMPLE_RECORDS: usize = 50;

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
    let delimiter = match options.delimiter {
        Some(d) => d,
        None => detect_delimiter(&sample[bom..], whole_file_sampled),
    };
    let header_row = options.header_row.unwrap_or(1).max(1);

    let open = |file: &mut File| -> Result<csv::Reader<BufReader<File>>, IngestError> {
        file.seek(SeekFrom::Start(bom as u64))
            .map_err(|e| IngestError::io(path, &e))?;
        let clone = file.try_clone().map_err(|e| IngestError::io(path, &e))?;
        Ok(csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(BufReader::with_capacity(1 << 16, clone)))
    };

    // Pass one: header, shape, encoding, types.
    let mut reader = open(&mut file)?;
    let mut record = csv::ByteRecord::new();
    let mut header: Option<Vec<Vec<u8>>> = None;
    let mut header_line = 0;
    let mut sniffers: Vec<TypeSniffer> = Vec::new();
    let mut rows = 0usize;
    let mut first_bad_utf8: Option<(u64, u64, usize)> = None;
    let mut physical = 0usize;
    loop {
        let more = reader
            .read_byte_record(&mut record)
            .map_err(|e| csv_error(path, &e))?;
        if !more {
            break;
        }
        physical += 1;
        let line = record.position().map_or(0, |p| p.line());
        let Some(names) = &header else {
            if physical == header_row {
                header = Some(record.iter().map(<[u8]>::to_vec).collect());
                header_line = line;
                sniffers = vec![TypeSniffer::default(); record.len()];
            }
            continue;
        };
        if record.len() == 1 && record[0].is_empty() && names.len() > 1 {
            continue; // blank line
        }
        rows += 1;
        if record.len() != names.len() {
            return Err(IngestError::new(
                path,
                ErrorKind::Ragged {
                    expected: names.len(),
                    found: record.len(),
                },
            )
            .at_record(rows as u64, Some(line)));
        }
        for (j, field) in record.iter().enumerate() {
            let text = match std::str::from_utf8(field) {
                Ok(t) => t,
                Err(_) => {
                    first_bad_utf8.get_or_insert((rows as u64, line, j));
                    // Non-UTF-8 bytes are never numbers or dates.
                    sniffers[j].observe("\u{fffd}");
                    continue;
                }
            };
            if !is_na(text, options) {
                sniffers[j].observe(text);
            }
        }
    }
    let Some(raw_names) = header else {
        return Err(IngestError::new(path, ErrorKind::Empty));
    };
    let windows_1252 =
        first_bad_utf8.is_some() || std::str::from_utf8(&raw_names.concat()).is_err();
    let decode = |bytes: &[u8]| -> String {
        if windows_1252 {
            WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
                .into_owned()
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    let names: Vec<String> = raw_names
        .iter()
        .map(|n| decode(n).trim().to_string())
        .collect();
    check_names(path, &names, header_line)?;

    let mut warnings = Vec::new();
    if let Some((rec, line, j)) = first_bad_utf8 {
        warnings.push(Warning {
            path: path.to_path_buf(),
            message: format!(
                "not valid UTF-8 (first at record {rec}, line {line}, column `{}`); read as Windows-1252 — check non-ASCII text, or re-save the file as UTF-8",
                names[j]
            ),
        });
    }

    // Pass two: typed columns.
    let mut builders: Vec<ColumnBuilder> = sniffers
        .iter()
        .map(|s| ColumnBuilder::new(s.settle(), rows))
        .collect();
    let mut reader = open(&mut file)?;
    let mut physical = 0usize;
    let mut seen = 0usize;
    let mut scratch = String::new();
    while reader
        .read_byte_record(&mut record)
        .map_err(|e| csv_error(path, &e))?
    {
        physical += 1;
        if physical <= header_row {
            continue;
        }
        if record.len() == 1 && record[0].is_empty() && names.len() > 1 {
            continue;
        }
        seen += 1;
        if record.len() != names.len() || seen > rows {
            return Err(IngestError::malformed(
                path,
                "a file that does not change while it is read",
                "different content on the second pass",
            ));
        }
        for (b, field) in builders.iter_mut().zip(record.iter()) {
            let text: &str = if windows_1252 {
                scratch.clear();
                scratch.push_str(&WINDOWS_1252.decode_without_bom_handling(field).0);
                &scratch
            } else {
                std::str::from_utf8(field).unwrap_or("")
            };
            if text.is_empty() || text.trim().is_empty() {
                b.push_missing(MissingReason::System);
            } else if options.na_values.iter().any(|na| na == text.trim()) {
                b.push_missing(MissingReason::UserCode {
                    raw: text.trim().to_string(),
                });
            } else {
                b.push(text);
            }
        }
    }
    if seen != rows {
        return Err(IngestError::malformed(
            path,
            "a file that does not change while it is read",
            "different content on the second pass",
        ));
    }
    let columns = builders
        .into_iter()
        .zip(names)
        .map(|(b, n)| b.finish(n))
        .collect();
    let dataset = Dataset::new(options.name.clone(), columns)
        .map_err(|e| IngestError::malformed(path, "a rectangular table", e.to_string()))?;
    Ok(Ingested {
        dataset,
        children: Vec::new(),
        warnings,
    })
}

fn is_na(text: &str, options: &ReadOptions) -> bool {
    let t = text.trim();
    t.is_empty() || options.na_values.iter().any(|na| na == t)
}

fn csv_error(path: &Path, e: &csv::Error) -> IngestError {
    let err = IngestError::malformed(path, "delimited text", e.to_string());
    match e.position() {
        Some(p) => err.at_record(p.record(), Some(p.line())),
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
