//! Economic-complexity benchmark: a synthetic, seeded 5,000 regions × 1,000
//! industries matrix with a nested structure (capable regions make the
//! complex products), then RCA, M, diversity, ubiquity, ECI, PCI,
//! proximity, density, COI and COG. Prints
//! `regions industries threads seconds peak_rss_mib share_of_M`.
//!
//! ```sh
//! cargo bench -p clusterdx-indices --bench complexity [-- REGIONS INDUSTRIES THREADS]
//! ```

use std::time::Instant;

use clusterdx_indices::{RegionIndustry, complexity};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_c = args.first().copied().unwrap_or(5_000);
    let n_p = args.get(1).copied().unwrap_or(1_000);
    let threads = args.get(2).copied().unwrap_or_else(|| {
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
    });
    let mut rng = Rng(20_241_127);
    let ability: Vec<f64> = (0..n_c).map(|_| rng.unit()).collect();
    let difficulty: Vec<f64> = (0..n_p).map(|_| rng.unit()).collect();
    let mut values = Vec::with_capacity(n_c * n_p);
    for a in &ability {
        for d in &difficulty {
            let noise = rng.unit() + rng.unit() + rng.unit() - 1.5;
            values.push((4.0 * (a - d) + 2.0 * noise).exp());
        }
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
    eprintln!("ECI of the first regions: {:?}", &result.eci[..3.min(n_c)]);
    println!(
        "{n_c} {n_p} {threads} {seconds:.3} {:.0} {share:.3}",
        peak_rss_mib()
    );
}
