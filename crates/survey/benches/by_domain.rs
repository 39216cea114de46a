//! Survey-engine benchmark: 10^7 rows, 50 strata, 2,000 PSUs (40 per
//! stratum), 100 domains; weighted mean of one variable with Taylor SEs in
//! every domain. Prints `rows build_s estimate_s peak_rss_mib input_mib`:
//! the time to build the design (codes → nested PSU index), the time of
//! the one-pass estimation for all domains, the process's peak resident
//! memory, and the bytes of the input columns.
//!
//! ```sh
//! cargo bench -p clusterdx-survey --bench by_domain [-- ROWS] [--write DIR] [--print N]
//! ```
//!
//! - `--write DIR`: after generating, write the columns as NumPy `.npy`
//!   files (format 1.0, little-endian) into DIR, for the Python peers of
//!   `tools/bench_survey.sh`: `weights.npy` (`<f8`), `stratum.npy` (`<u4`,
//!   0..50), `psu.npy` (`<u4`, a PSU id unique across strata:
//!   stratum × 40 + PSU-in-stratum), `y.npy` (`<f8`, NaN where missing),
//!   `group.npy` (`<u4`, the domain 0..100). Timing is unaffected: the
//!   files are written before the clock starts.
//! - `--print N`: write the first N domains' `domain g: mean M, se S, df D`
//!   to stderr with full precision (default 3), for cross-checking.
//!
//! The one stdout line is unchanged by either option; everything else goes
//! to stderr.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterdx_survey::{Design, LonelyPsu, means_by_group};

#[path = "../../../benches/support.rs"]
mod support;
use support::{Rng as SplitMix, peak_rss_mib};

/// Command line: a bare number is the row count; `--write DIR`,
/// `--print N`; anything else (cargo passes `--bench`) is ignored.
struct Args {
    rows: usize,
    write: Option<PathBuf>,
    print: usize,
}

fn parse_args() -> Args {
    let mut args = Args {
        rows: 10_000_000,
        write: None,
        print: 3,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--write" => args.write = it.next().map(PathBuf::from),
            "--print" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => args.print = n,
                None => {
                    eprintln!("--print needs a number");
                    std::process::exit(2);
                }
            },
            _ => {
                if let Ok(n) = a.parse() {
                    args.rows = n;
                }
            }
        }
    }
    args
}

/// Writes one column as a NumPy `.npy` file, format version 1.0: magic,
/// version, little-endian u16 header length, the header dict padded with
/// spaces and ending in a newline so the data starts at a multiple of 64.
fn write_npy<T: Copy, const N: usize>(
    path: &Path,
    descr: &str,
    values: &[T],
    le_bytes: impl Fn(T) -> [u8; N],
) -> io::Result<()> {
    let mut header = format!(
        "{{'descr': '{descr}', 'fortran_order': False, 'shape': ({},), }}",
        values.len()
    );
    let unpadded = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - unpadded % 64) % 64));
    header.push('\n');
    let header_len = u16::try_from(header.len())
        .map_err(|_| io::Error::other("npy header longer than 65535 bytes"))?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    out.write_all(b"\x93NUMPY\x01\x00")?;
    out.write_all(&header_len.to_le_bytes())?;
    out.write_all(header.as_bytes())?;
    for &v in values {
        out.write_all(&le_bytes(v))?;
    }
    out.flush()
}

fn write_columns(
    dir: &Path,
    weights: &[f64],
    stratum: &[u32],
    psu: &[u32],
    psus_per_stratum: u32,
    y: &[Option<f64>],
    group: &[Option<u32>],
) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let f8 = f64::to_le_bytes;
    let u4 = u32::to_le_bytes;
    write_npy(&dir.join("weights.npy"), "<f8", weights, f8)?;
    write_npy(&dir.join("stratum.npy"), "<u4", stratum, u4)?;
    let unique_psu: Vec<u32> = stratum
        .iter()
        .zip(psu)
        .map(|(h, p)| h * psus_per_stratum + p)
        .collect();
    write_npy(&dir.join("psu.npy"), "<u4", &unique_psu, u4)?;
    drop(unique_psu);
    write_npy(&dir.join("y.npy"), "<f8", y, |v: Option<f64>| {
        v.unwrap_or(f64::NAN).to_le_bytes()
    })?;
    write_npy(&dir.join("group.npy"), "<u4", group, |g: Option<u32>| {
        g.unwrap_or(u32::MAX).to_le_bytes()
    })
}

fn main() {
    let args = parse_args();
    let rows = args.rows;
    let (strata, psus_per_stratum, domains) = (50u32, 40u32, 100u32);
    let mut rng = SplitMix(20_240_201);
    let mut weights = Vec::with_capacity(rows);
    let mut stratum = Vec::with_capacity(rows);
    let mut psu = Vec::with_capacity(rows);
    let mut y = Vec::with_capacity(rows);
    let mut group = Vec::with_capacity(rows);
    for _ in 0..rows {
        let h = (rng.next() % u64::from(strata)) as u32;
        stratum.push(h);
        psu.push((rng.next() % u64::from(psus_per_stratum)) as u32);
        weights.push(50.0 + 100.0 * rng.unit());
        y.push(if rng.unit() < 0.01 {
            None
        } else {
            Some(1000.0 * rng.unit() + f64::from(h))
        });
        group.push(Some((rng.next() % u64::from(domains)) as u32));
    }
    if let Some(dir) = &args.write {
        let t = Instant::now();
        if let Err(e) = write_columns(dir, &weights, &stratum, &psu, psus_per_stratum, &y, &group) {
            eprintln!("writing {}: {e}", dir.display());
            std::process::exit(1);
        }
        eprintln!(
            "wrote {rows} rows as .npy to {} in {:.2} s",
            dir.display(),
            t.elapsed().as_secs_f64()
        );
    }
    let input_mib = (rows * (8 + 4 + 4 + 16 + 8)) as f64 / (1024.0 * 1024.0);
    let t = Instant::now();
    let design =
        match Design::from_codes(weights, Some(&stratum), Some(&psu), None, LonelyPsu::Fail) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        };
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let est = means_by_group(&design, &y, &group, domains as usize);
    let estimate = t.elapsed().as_secs_f64();
    assert_eq!(est.len(), domains as usize);
    for (g, e) in est.iter().enumerate().take(args.print) {
        eprintln!("domain {g}: mean {}, se {}, df {}", e.value, e.se(), e.df);
    }
    println!(
        "{rows} {build:.3} {estimate:.3} {:.0} {input_mib:.0}",
        peak_rss_mib()
    );
}
