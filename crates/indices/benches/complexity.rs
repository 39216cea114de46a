//! Economic-complexity benchmark: a synthetic, seeded 5,000 regions × 1,000
//! industries matrix with a nested structure (capable regions make the
//! complex products: log value = 4(a − d) − 4 max(0, d − a) + noise for a
//! region's ability a and a product's difficulty d, both uniform on 0–1;
//! M then has a clear second eigenvalue, 0.195 against 0.034 for the
//! third, and ECI correlates 0.99 with a), then RCA, M, diversity,
//! ubiquity, ECI, PCI, proximity, density, COI and COG. Prints
//! `regions industries threads seconds peak_rss_mib share_of_M`.
//!
//! ```sh
//! cargo bench -p clusterdx-indices --bench complexity [-- REGIONS INDUSTRIES THREADS] [--write DIR] [--print N]
//! ```
//!
//! - `--write DIR`: after generating, write the matrix as a long CSV
//!   `DIR/trade.csv` with the header `year,loc,prod,val` and one row per
//!   cell (year 2000, locations `r0`…, products `i0`…, values at full
//!   precision), for the Python peers of `tools/bench_complexity.sh`.
//!   Timing is unaffected: the file is written before the clock starts.
//! - `--print N`: write the first N regions' `region r{c}: eci E, coi K`
//!   and the first N products' `product i{p}: pci P` to stderr at full
//!   precision (shortest round-trip; default 3), for cross-checking.
//!
//! The one stdout line is unchanged by either option; everything else goes
//! to stderr.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterdx_indices::{RegionIndustry, complexity};

#[path = "../../../benches/support.rs"]
mod support;
use support::{Rng, peak_rss_mib};

/// Command line: up to three bare numbers (regions, industries, threads);
/// `--write DIR`, `--print N`; anything else (cargo passes `--bench`) is
/// ignored.
struct Args {
    regions: usize,
    industries: usize,
    threads: usize,
    write: Option<PathBuf>,
    print: usize,
}

fn parse_args() -> Args {
    let mut numbers = Vec::new();
    let mut write = None;
    let mut print = 3;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--write" => match it.next() {
                Some(dir) => write = Some(PathBuf::from(dir)),
                None => {
                    eprintln!("--write needs a folder");
                    std::process::exit(2);
                }
            },
            "--print" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) => print = n,
                None => {
                    eprintln!("--print needs a number");
                    std::process::exit(2);
                }
            },
            _ => {
                if let Ok(n) = a.parse::<usize>() {
                    numbers.push(n);
                }
            }
        }
    }
    Args {
        regions: numbers.first().copied().unwrap_or(5_000),
        industries: numbers.get(1).copied().unwrap_or(1_000),
        threads: numbers.get(2).copied().unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
        }),
        write,
        print,
    }
}

/// Writes `values` (row-major regions × industries) as `dir/trade.csv`:
/// `year,loc,prod,val`, one row per cell, values in Rust's shortest
/// round-trip form (read back exactly by a correctly rounded parser).
fn write_csv(dir: &Path, n_p: usize, values: &[f64]) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(dir.join("trade.csv"))?);
    writeln!(out, "year,loc,prod,val")?;
    for (c, row) in values.chunks(n_p.max(1)).enumerate() {
        for (p, v) in row.iter().enumerate() {
            writeln!(out, "2000,r{c},i{p},{v}")?;
        }
    }
    out.flush()
}

fn main() {
    let args = parse_args();
    let (n_c, n_p, threads) = (args.regions, args.industries, args.threads);
    let mut rng = Rng(20_241_127);
    let ability: Vec<f64> = (0..n_c).map(|_| rng.unit()).collect();
    let difficulty: Vec<f64> = (0..n_p).map(|_| rng.unit()).collect();
    let mut values = Vec::with_capacity(n_c * n_p);
    for a in &ability {
        for d in &difficulty {
            let noise = rng.unit() + rng.unit() + rng.unit() - 1.5;
            // The kink at d = a is the nesting: a region's value falls
            // twice as fast past its ability. (Without it log x would be
            // a row term plus a column term plus noise, which RCA divides
            // away: M would be pure noise, and its second eigenvalue
            // within 0.1% of the third.)
            let beyond = (d - a).max(0.0);
            values.push((4.0 * (a - d) - 4.0 * beyond + 2.0 * noise).exp());
        }
    }
    if let Some(dir) = &args.write
        && let Err(e) = write_csv(dir, n_p, &values)
    {
        eprintln!("writing {}: {e}", dir.join("trade.csv").display());
        std::process::exit(1);
    }
    let regions = (0..n_c).map(|c| format!("r{c}")).collect();
    let industries = (0..n_p).map(|p| format!("i{p}")).collect();
    let matrix = match RegionIndustry::new(regions, industries, values) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    let start = Instant::now();
    let result = complexity(&matrix, 1.0, threads);
    let seconds = start.elapsed().as_secs_f64();
    let share = result.m.iter().filter(|m| **m).count() as f64 / result.m.len() as f64;
    let peak = peak_rss_mib();
    for c in 0..args.print.min(n_c) {
        eprintln!("region r{c}: eci {}, coi {}", result.eci[c], result.coi[c]);
    }
    for p in 0..args.print.min(n_p) {
        eprintln!("product i{p}: pci {}", result.pci[p]);
    }
    println!("{n_c} {n_p} {threads} {seconds:.3} {peak:.0} {share:.3}");
}
