//! Ingest benchmark: reads one file with `clusterdx_ingest::read` and prints
//! `clusterdx wall_s peak_rss_mib rows cols data_mib`, where `data_mib` is
//! the heap size of the typed dataset. Run in its own process per file so
//! the peak resident memory (Linux `VmHWM`) is the reader's alone:
//!
//! ```sh
//! cargo bench -p clusterdx-ingest --bench ingest -- target/bench/bench.csv
//! ```
//!
//! `tools/bench_ingest.sh` generates the data, runs this and the Python
//! peers, and prints the table recorded in `docs/performance.md`.

use std::path::PathBuf;
use std::time::Instant;

#[path = "../../../benches/support.rs"]
mod support;
use support::peak_rss_mib;

fn main() {
    let files: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .collect();
    if files.is_empty() {
        eprintln!("usage: cargo bench -p clusterdx-ingest --bench ingest -- FILE");
        return;
    }
    for path in files {
        let options = clusterdx_ingest::ReadOptions {
            name: "bench".into(),
            ..Default::default()
        };
        let t = Instant::now();
        match clusterdx_ingest::read(&path, &options) {
            Ok(ingested) => {
                let wall = t.elapsed().as_secs_f64();
                let d = &ingested.dataset;
                println!(
                    "clusterdx {wall:.3} {:.0} {} {} {:.0}",
                    peak_rss_mib(),
                    d.n_rows(),
                    d.columns().len(),
                    d.heap_bytes() as f64 / (1024.0 * 1024.0)
                );
            }
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    }
}
