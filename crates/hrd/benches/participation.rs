//! Participation benchmark: 10^6 synthetic, seeded worker records in 20
//! sectors; firms are the PSUs (about 80,000, each 1–40 workers, each in
//! one sector), strata are sector × 4 districts (80), the weight is the
//! firm's (1–50) times a within-firm factor (0.8–1.25). Each worker has a
//! job level (3), a skill bucket (3; 2% invalid → unknown) and an origin
//! tier (4). Timed: one [`CellTable`] pass and [`participation`] (every
//! figure with its SE and 95% interval, two definitions of local) for all
//! 20 sectors — once under a single-stage design (the PSU-block path; the
//! target is ≤ 0.5 s) and once under a two-stage design (SSU = worker,
//! fpc = 3 × the stratum's firms, fpc2 = 2 × the firm's workers), which
//! takes the row path (no target).
//!
//! ```sh
//! cargo bench -p clusterdx-hrd --bench participation [-- --quick] [-- ROWS] [--runs N]
//! ```
//!
//! `--quick`: 10^5 rows, for a smoke run. Prints the machine, then one
//! line per design: `design rows psus build_s table_s figures_s
//! estimate_s peak_rss_mib` — the design build, then the medians over the
//! runs of the cell-table pass, of the 20 sectors' figures, and of the two
//! together (each a median of its own, so the parts need not add up), and
//! the process's peak resident memory so far (the machine line gives it
//! after synthesis: the label columns alone). A check line per design
//! (sector 0's employees and local share) goes to stderr.

use std::time::Instant;

use clusterdx_hrd::{Layout, SectorParticipation, participation};
use clusterdx_survey::{CellTable, Design, LonelyPsu, SurveyDesign};

#[path = "../../../benches/support.rs"]
mod support;
use support::{Rng, cpu_model, median, peak_rss_mib};

impl Rng {
    /// An index drawn with the given probabilities (summing to 1).
    fn pick(&mut self, p: &[f64]) -> usize {
        let u = self.unit();
        let mut acc = 0.0;
        for (k, &pk) in p.iter().enumerate() {
            acc += pk;
            if u < acc {
                return k;
            }
        }
        p.len() - 1
    }
}

const SECTORS: usize = 20;
const DISTRICTS: usize = 4;

/// The synthetic survey: design columns and each worker's place.
struct Workers {
    weights: Vec<f64>,
    strata: Vec<String>,
    firm: Vec<String>,
    worker: Vec<String>,
    /// First-stage fpc: 3 × the firms of the row's stratum.
    fpc: Vec<f64>,
    /// Second-stage fpc: 2 × the workers of the row's firm.
    fpc2: Vec<f64>,
    place: Vec<Option<(u32, u32)>>,
    firms: usize,
}

fn synthesise(rows: usize, layout: &Layout) -> Workers {
    let mut rng = Rng(20_260_301);
    // Origin tiers by level: locals thin out up the ladder.
    let tier_p = [
        [0.50, 0.25, 0.20, 0.05],
        [0.40, 0.25, 0.25, 0.10],
        [0.25, 0.20, 0.35, 0.20],
    ];
    let mut w = Workers {
        weights: Vec::with_capacity(rows),
        strata: Vec::with_capacity(rows),
        firm: Vec::with_capacity(rows),
        worker: Vec::with_capacity(rows),
        fpc: Vec::with_capacity(rows),
        fpc2: Vec::with_capacity(rows),
        place: Vec::with_capacity(rows),
        firms: 0,
    };
    let mut stratum_of_row = Vec::with_capacity(rows);
    let mut firms_in_stratum = [0usize; SECTORS * DISTRICTS];
    while w.weights.len() < rows {
        // Sizes 1–40, skewed small (mean ≈ 12.6: ~80,000 firms per 10^6).
        let size = (1 + (40.0 * rng.unit().powf(2.3)) as usize).min(rows - w.weights.len());
        let (sector, district) = (rng.below(SECTORS as u64), rng.below(DISTRICTS as u64));
        let h = sector * DISTRICTS + district;
        firms_in_stratum[h] += 1;
        let firm_weight = 1.0 + 49.0 * rng.unit();
        let (stratum, firm) = (format!("s{sector}-d{district}"), format!("f{}", w.firms));
        for _ in 0..size {
            let level = rng.pick(&[0.6, 0.3, 0.1]);
            let skill = (rng.unit() >= 0.02).then(|| rng.below(3));
            let tier = rng.pick(&tier_p[level]);
            w.weights.push(firm_weight * (0.8 + 0.45 * rng.unit()));
            w.strata.push(stratum.clone());
            w.firm.push(firm.clone());
            w.worker.push(format!("w{}", w.worker.len()));
            w.fpc2.push(2.0 * size as f64);
            w.place
                .push(Some((sector as u32, layout.cell(level, skill, tier))));
            stratum_of_row.push(h);
        }
        w.firms += 1;
    }
    w.fpc = stratum_of_row
        .iter()
        .map(|&h| 3.0 * firms_in_stratum[h] as f64)
        .collect();
    w
}

/// Times `runs` full estimations: (table, figures, total) medians and the
/// last run's output.
fn time_estimation(
    design: &SurveyDesign,
    place: &[Option<(u32, u32)>],
    y: &[f64],
    layout: &Layout,
    runs: usize,
) -> ([f64; 3], Vec<SectorParticipation>) {
    let (mut table_s, mut figures_s, mut total_s) = (Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let table = CellTable::new(design, place, y, SECTORS, layout.n_cells());
        let t_table = t.elapsed().as_secs_f64();
        out = (0..SECTORS as u32)
            .map(|g| participation(&table, g, layout, 0.95))
            .collect();
        let t_total = t.elapsed().as_secs_f64();
        std::hint::black_box(&out);
        table_s.push(t_table);
        figures_s.push(t_total - t_table);
        total_s.push(t_total);
    }
    ([median(table_s), median(figures_s), median(total_s)], out)
}

fn report(name: &str, rows: usize, psus: usize, build: f64, est: [f64; 3]) {
    println!(
        "{name:<12} {rows:>8} {psus:>6} {build:>8.3} {:>8.3} {:>9.3} {:>10.3} {:>12.0}",
        est[0],
        est[1],
        est[2],
        peak_rss_mib()
    );
}

fn check(name: &str, out: &[SectorParticipation]) {
    let s = &out[0];
    let e = s.employees.as_ref().expect("sector 0 has employees");
    let l = s.local[0].overall.as_ref().expect("sector 0 has locals");
    eprintln!(
        "{name}: sector 0 employees {:.1} (se {:.1}), district local share {:.4} (se {:.4}, ci {:.4}–{:.4}, df {})",
        e.value, e.se, l.value, l.se, l.ci[0], l.ci[1], l.df
    );
}

fn main() {
    let mut rows = 1_000_000;
    let mut runs = 5;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--quick" => rows = 100_000,
            "--runs" => match it.next().and_then(|n| n.parse().ok()) {
                Some(n) if n > 0 => runs = n,
                _ => {
                    eprintln!("--runs needs a positive number");
                    std::process::exit(2);
                }
            },
            // Anything else (cargo passes `--bench`) is ignored.
            _ => {
                if let Ok(n) = a.parse() {
                    rows = n;
                }
            }
        }
    }
    let names = |v: &[&str]| v.iter().map(|s| (*s).to_string()).collect::<Vec<_>>();
    let layout = Layout {
        levels: names(&["entry", "supervisory", "managerial"]),
        skills: names(&["low", "medium", "high"]),
        tiers: names(&["district", "rest_of_province", "other_provinces", "foreign"]),
        definitions: vec![
            ("district".into(), vec![0]),
            ("province".into(), vec![0, 1]),
        ],
    };
    let w = synthesise(rows, &layout);
    let y = vec![1.0; rows];
    println!(
        "machine: {} × {}; runs {runs}, medians; peak RSS after synthesis {:.0} MiB",
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        cpu_model(),
        peak_rss_mib()
    );
    println!(
        "{:<12} {:>8} {:>6} {:>8} {:>8} {:>9} {:>10} {:>12}",
        "design", "rows", "psus", "build_s", "table_s", "figures_s", "estimate_s", "peak_rss_mib"
    );

    let t = Instant::now();
    let single = Design::new(
        w.weights.clone(),
        Some(&w.strata),
        Some(&w.firm),
        None,
        LonelyPsu::Adjust,
    )
    .unwrap_or_else(|e| panic!("single-stage design: {e}"));
    let build = t.elapsed().as_secs_f64();
    let psus = single.n_psus();
    assert_eq!(psus, w.firms);
    let single = SurveyDesign::Taylor(single);
    let (est, out1) = time_estimation(&single, &w.place, &y, &layout, runs);
    report("single-stage", rows, psus, build, est);
    check("single-stage", &out1);
    drop(single);

    let t = Instant::now();
    let two = Design::multistage(
        w.weights.clone(),
        Some(&w.strata),
        &w.firm,
        &w.fpc,
        &w.worker,
        &w.fpc2,
        LonelyPsu::Adjust,
    )
    .unwrap_or_else(|e| panic!("two-stage design: {e}"));
    let build = t.elapsed().as_secs_f64();
    let two = SurveyDesign::Taylor(two);
    let (est, out2) = time_estimation(&two, &w.place, &y, &layout, runs);
    report("two-stage", rows, psus, build, est);
    check("two-stage", &out2);
    // Same cell totals under both designs: the same point estimates.
    for (a, b) in out1.iter().zip(&out2) {
        let (a, b) = (a.local[1].overall.as_ref(), b.local[1].overall.as_ref());
        assert_eq!(a.map(|f| f.value), b.map(|f| f.value));
    }
}
