//! Survey-engine benchmark: 10^7 rows, 50 strata, 2,000 PSUs (40 per
//! stratum), 100 domains; weighted mean of one variable with Taylor SEs in
//! every domain. Prints `rows build_s estimate_s peak_rss_mib input_mib`:
//! the time to build the design (codes → nested PSU index), the time of
//! the one-pass estimation for all domains, the process's peak resident
//! memory, and the bytes of the input columns.
//!
//! ```sh
//! cargo bench -p clusterdx-survey --bench by_domain [-- ROWS]
//! ```

use std::time::Instant;

use clusterdx_survey::{Design, LonelyPsu, means_by_group};

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

/// A small, fast, seeded generator (SplitMix64).
struct SplitMix(u64);

impl SplitMix {
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
    let rows: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000_000);
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
    eprintln!(
        "domain 0: mean {:.4}, se {:.4}, df {}",
        est[0].value,
        est[0].se(),
        est[0].df
    );
    println!(
        "{rows} {build:.3} {estimate:.3} {:.0} {input_mib:.0}",
        peak_rss_mib()
    );
}
