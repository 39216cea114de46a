//! Poverty, inequality and MPI benchmark (the "Poverty alleviation" issue).
//!
//! Part (a), monetary measures: 10^7 synthetic, seeded persons in 2,000
//! PSUs (5,000 each, rows sorted by PSU as survey files are) nested in
//! 100 strata of 20; welfare is lognormal, log y = 7 + 0.3 u_psu + 0.8 e
//! (Gini ≈ 0.45); the weight is the PSU's (uniform 1–50) times a person
//! factor (0.8–1.25), kept within 1–50. Timed: [`Distribution::new`] (the
//! one sort), the line z = 0.6 × the weighted median, then 12 measures,
//! each with its design-based SE: FGT(0, 1, 2), Watts, the mean, Gini,
//! GE(0, 1, 2) and Atkinson(0.5, 1, 2) — once one at a time through
//! [`SurveyDesign::estimate_statistic`] (each line's time is its own; the
//! `total` is sort, line and all 12), and once all together through
//! [`Distribution::estimate`] (`batch_total`: sort, line and the 12; the
//! two give the same estimates, which is checked). The target is ≤ 1 s.
//!
//! Part (b), the Alkire–Foster MPI: 10^6 persons in 1,000 PSUs (1,000
//! each) nested in 100 strata, 20 subgroups (regions of 5 strata each),
//! 10 binary indicators with the global MPI's nested weights (health and
//! education 1/6 each for 2 indicators, living standards 1/18 each for 6)
//! and k = 1/3. Deprivations are correlated through a Gaussian copula
//! (latent x_ij = √0.4 L_i + √0.6 e_ij, L_i = √0.3 u_psu + √0.7 v_i,
//! deprived when x_ij is above the indicator's quantile; marginal rates
//! 8–50%), which makes ≈ 30% poor with an intensity ≈ 0.51. Timed:
//! [`MpiTable::new`] and [`MpiTable::figures`] for everyone alone
//! (`mpi_national`), then for everyone and each of the 20 subgroups
//! (`mpi_table`, `mpi_figures`, `mpi_total`): H, A, M0, the 10 uncensored
//! and 10 censored headcounts, each with its SE, and the contributions.
//! The target is ≤ 0.1 s.
//!
//! ```sh
//! cargo bench -p clusterdx-poverty --bench poverty [-- --quick] [--runs N] [--write DIR]
//! ```
//!
//! - `--quick`: 10^5 persons in both parts (PSUs and strata as above).
//! - `--runs N`: timed runs (default 5); every time is the median over
//!   the runs of its own (so the steps need not add up to the total).
//! - `--write DIR`: before timing, write the data for the Python peers of
//!   `tools/bench_poverty.sh`: `DIR/poverty.csv` (`y,w`) and `DIR/mpi.csv`
//!   (`d_1,…,d_10,w,group,stratum,psu`; group 1–20 as numbered in the
//!   MPI table, PSU codes unique across strata), numbers in Rust's shortest
//!   round-trip form.
//! - `--poverty-rows N`, `--mpi-rows N`: other sizes (PSUs and strata
//!   fixed).
//!
//! Stdout: `#` lines (the machine, each part's data and design build),
//! then one `name seconds` line per timed step and a `peak_rss_mib` line
//! per part (the process's VmHWM, reset between the parts, the synthetic
//! data included).
//! Stderr: every estimate at full precision (`value NAME b se df`; `mpi
//! GROUP NAME b se`, group 0 everyone), and the unweighted Gini and FGT at
//! 0.6 × the unweighted median (`unweighted NAME b`), for the peers'
//! cross-check.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterdx_poverty::{Distribution, Linearized, Measure, MpiTable};
use clusterdx_survey::{Design, LonelyPsu, SurveyDesign};

#[path = "../../../benches/support.rs"]
mod support;
use support::{Rng, cpu_model, median, peak_rss_mib};

struct Args {
    poverty_rows: usize,
    mpi_rows: usize,
    runs: usize,
    write: Option<PathBuf>,
}

fn parse_args() -> Args {
    let mut a = Args {
        poverty_rows: 10_000_000,
        mpi_rows: 1_000_000,
        runs: 5,
        write: None,
    };
    let mut it = std::env::args().skip(1);
    let number = |flag: &str, v: Option<String>| -> usize {
        match v.and_then(|n| n.replace('_', "").parse::<f64>().ok()) {
            Some(n) if n >= 1.0 => n as usize,
            _ => {
                eprintln!("{flag} needs a positive number");
                std::process::exit(2);
            }
        }
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => {
                a.poverty_rows = 100_000;
                a.mpi_rows = 100_000;
            }
            "--runs" => a.runs = number("--runs", it.next()),
            "--poverty-rows" => a.poverty_rows = number("--poverty-rows", it.next()),
            "--mpi-rows" => a.mpi_rows = number("--mpi-rows", it.next()),
            "--write" => match it.next() {
                Some(dir) => a.write = Some(PathBuf::from(dir)),
                None => {
                    eprintln!("--write needs a folder");
                    std::process::exit(2);
                }
            },
            // Anything else (cargo passes `--bench`) is ignored.
            _ => {}
        }
    }
    a
}

/// Strata and PSU codes of `rows` rows sorted by PSU: `psus` PSUs of
/// (nearly) equal size, `psus / strata` consecutive PSUs per stratum.
fn layout(rows: usize, psus: usize, strata: usize) -> (Vec<u32>, Vec<u32>) {
    let per_stratum = psus / strata;
    let psu: Vec<u32> = (0..rows).map(|i| (i * psus / rows) as u32).collect();
    let stratum = psu.iter().map(|&p| p / per_stratum as u32).collect();
    (stratum, psu)
}

/// Weights: the PSU's (uniform 1–50) times a person factor (0.8–1.25),
/// kept within 1–50.
fn weights(rng: &mut Rng, psu: &[u32], psus: usize) -> Vec<f64> {
    let base: Vec<f64> = (0..psus).map(|_| 1.0 + 49.0 * rng.unit()).collect();
    psu.iter()
        .map(|&p| (base[p as usize] * (0.8 + 0.45 * rng.unit())).clamp(1.0, 50.0))
        .collect()
}

// ------------------------------------------------------------ part (a)

struct Welfare {
    y: Vec<f64>,
    w: Vec<f64>,
    stratum: Vec<u32>,
    psu: Vec<u32>,
}

const POVERTY_PSUS: usize = 2_000;
const POVERTY_STRATA: usize = 100;

fn synthesise_welfare(rows: usize) -> Welfare {
    let mut rng = Rng(20_261_201);
    let (stratum, psu) = layout(rows, POVERTY_PSUS, POVERTY_STRATA);
    let w = weights(&mut rng, &psu, POVERTY_PSUS);
    let effect: Vec<f64> = (0..POVERTY_PSUS).map(|_| rng.normal()).collect();
    let y = psu
        .iter()
        .map(|&p| (7.0 + 0.3 * effect[p as usize] + 0.8 * rng.normal()).exp())
        .collect();
    Welfare { y, w, stratum, psu }
}

/// The measures, by name, at line `z`.
fn measures(z: f64) -> Vec<(&'static str, Measure)> {
    vec![
        ("FGT0", Measure::Fgt { z, alpha: 0.0 }),
        ("FGT1", Measure::Fgt { z, alpha: 1.0 }),
        ("FGT2", Measure::Fgt { z, alpha: 2.0 }),
        ("Watts", Measure::Watts { z }),
        ("mean", Measure::Mean),
        ("Gini", Measure::Gini),
        ("GE0", Measure::GeneralisedEntropy { theta: 0.0 }),
        ("GE1", Measure::GeneralisedEntropy { theta: 1.0 }),
        ("GE2", Measure::GeneralisedEntropy { theta: 2.0 }),
        ("Atkinson0.5", Measure::Atkinson { epsilon: 0.5 }),
        ("Atkinson1", Measure::Atkinson { epsilon: 1.0 }),
        ("Atkinson2", Measure::Atkinson { epsilon: 2.0 }),
    ]
}

fn bench_poverty(args: &Args) {
    let data = synthesise_welfare(args.poverty_rows);
    if let Some(dir) = &args.write
        && let Err(e) = write_poverty_csv(dir, &data)
    {
        eprintln!("writing {}: {e}", dir.join("poverty.csv").display());
        std::process::exit(1);
    }
    let t = Instant::now();
    let design = Design::from_codes(
        data.w.clone(),
        Some(&data.stratum),
        Some(&data.psu),
        None,
        LonelyPsu::Adjust,
    )
    .unwrap_or_else(|e| panic!("poverty design: {e}"));
    let build = t.elapsed().as_secs_f64();
    let (n_psus, n_strata) = (design.n_psus(), design.n_strata());
    let design = SurveyDesign::Taylor(design);
    let w = &data.w;
    println!(
        "# poverty: {} persons, {n_psus} PSUs in {n_strata} strata; design build {build:.3} s; peak RSS with the data and design {:.0} MiB",
        args.poverty_rows,
        peak_rss_mib()
    );

    let names: Vec<&str> = measures(0.0).iter().map(|(n, _)| *n).collect();
    let mut sort_s = Vec::new();
    let mut line_s = Vec::new();
    let mut each_s = vec![Vec::new(); names.len()];
    let mut total_s = Vec::new();
    let (mut batch_sort_s, mut batch_s, mut batch_total_s) = (Vec::new(), Vec::new(), Vec::new());
    let mut last = Vec::new();
    let mut batch = Vec::new();
    let mut z = f64::NAN;
    for _ in 0..args.runs {
        // One measure at a time through the survey engine.
        let start = Instant::now();
        let d = Distribution::new(&data.y, None);
        sort_s.push(start.elapsed().as_secs_f64());
        let t = Instant::now();
        z = 0.6 * d.quantile(w, 0.5);
        line_s.push(t.elapsed().as_secs_f64());
        last.clear();
        for (k, (_, m)) in measures(z).into_iter().enumerate() {
            let t = Instant::now();
            let e = design.estimate_statistic(&Linearized {
                dist: &d,
                measure: m,
            });
            each_s[k].push(t.elapsed().as_secs_f64());
            last.push(e);
        }
        total_s.push(start.elapsed().as_secs_f64());
        std::hint::black_box(&last);
        drop(d);
        // All measures together.
        let start = Instant::now();
        let d = Distribution::new(&data.y, None);
        batch_sort_s.push(start.elapsed().as_secs_f64());
        let zb = 0.6 * d.quantile(w, 0.5);
        let t = Instant::now();
        let ms: Vec<Measure> = measures(zb).into_iter().map(|(_, m)| m).collect();
        batch = d.estimate(&design, &ms);
        batch_s.push(t.elapsed().as_secs_f64());
        batch_total_s.push(start.elapsed().as_secs_f64());
        std::hint::black_box(&batch);
    }
    println!("sort {:.4}", median(sort_s));
    println!("line {:.4}", median(line_s));
    for (name, s) in names.iter().zip(each_s) {
        println!("{name} {:.4}", median(s));
    }
    println!("total {:.4}", median(total_s));
    println!("batch_sort {:.4}", median(batch_sort_s));
    println!("batch_measures {:.4}", median(batch_s));
    println!("batch_total {:.4}", median(batch_total_s));
    println!("peak_rss_mib {:.0}", peak_rss_mib());
    // The two ways give the same estimates.
    for ((name, a), b) in names.iter().zip(&last).zip(&batch) {
        assert!(
            a.value == b.value && a.se() == b.se() && a.df == b.df,
            "{name}: {a:?} vs {b:?}"
        );
    }

    eprintln!("line z {z}");
    for (name, e) in names.iter().zip(&last) {
        eprintln!("value {name} {} {} {}", e.value, e.se(), e.df);
    }
    // The unweighted point measures at the unweighted line, as apode
    // computes them (outside the timing).
    let d = Distribution::new(&data.y, None);
    let ones = vec![1.0; data.y.len()];
    let z1 = 0.6 * d.quantile(&ones, 0.5);
    eprintln!("unweighted line {z1}");
    eprintln!("unweighted Gini {}", d.gini(&ones));
    for alpha in [0.0, 1.0, 2.0] {
        eprintln!("unweighted FGT{alpha} {}", d.fgt(&ones, z1, alpha));
    }
}

fn write_poverty_csv(dir: &Path, data: &Welfare) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(dir.join("poverty.csv"))?);
    writeln!(out, "y,w")?;
    for (y, w) in data.y.iter().zip(&data.w) {
        writeln!(out, "{y},{w}")?;
    }
    out.flush()
}

// ------------------------------------------------------------ part (b)

const MPI_PSUS: usize = 1_000;
const MPI_STRATA: usize = 100;
const GROUPS: usize = 20;
/// Global MPI weights: nutrition, child mortality; years of schooling,
/// attendance; cooking fuel, sanitation, water, electricity, housing,
/// assets.
const MPI_WEIGHTS: [f64; 10] = [
    1.0 / 6.0,
    1.0 / 6.0,
    1.0 / 6.0,
    1.0 / 6.0,
    1.0 / 18.0,
    1.0 / 18.0,
    1.0 / 18.0,
    1.0 / 18.0,
    1.0 / 18.0,
    1.0 / 18.0,
];
/// Standard normal quantiles at 1 − the deprivation rates 25, 8, 20, 12,
/// 50, 45, 25, 30, 35 and 30%.
const THRESHOLDS: [f64; 10] = [
    0.67449, 1.405072, 0.841621, 1.174987, 0.0, 0.125661, 0.67449, 0.524401, 0.38532, 0.524401,
];

struct Persons {
    deprivations: Vec<Vec<Option<f64>>>,
    w: Vec<f64>,
    group: Vec<Option<u32>>,
    stratum: Vec<u32>,
    psu: Vec<u32>,
}

fn synthesise_persons(rows: usize) -> Persons {
    let mut rng = Rng(20_261_202);
    let (stratum, psu) = layout(rows, MPI_PSUS, MPI_STRATA);
    let w = weights(&mut rng, &psu, MPI_PSUS);
    let effect: Vec<f64> = (0..MPI_PSUS).map(|_| rng.normal()).collect();
    let mut deprivations = vec![Vec::with_capacity(rows); MPI_WEIGHTS.len()];
    let (rho, psu_share) = (0.4f64, 0.3f64);
    for &p in &psu {
        let latent =
            psu_share.sqrt() * effect[p as usize] + (1.0 - psu_share).sqrt() * rng.normal();
        for (col, c) in deprivations.iter_mut().zip(THRESHOLDS) {
            let x = rho.sqrt() * latent + (1.0 - rho).sqrt() * rng.normal();
            col.push(Some(if x > c { 1.0 } else { 0.0 }));
        }
    }
    let per_group = (MPI_STRATA / GROUPS) as u32;
    let group = stratum.iter().map(|&h| Some(h / per_group)).collect();
    Persons {
        deprivations,
        w,
        group,
        stratum,
        psu,
    }
}

fn write_mpi_csv(dir: &Path, data: &Persons) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = BufWriter::with_capacity(1 << 20, File::create(dir.join("mpi.csv"))?);
    for j in 1..=MPI_WEIGHTS.len() {
        write!(out, "d_{j},")?;
    }
    writeln!(out, "w,group,stratum,psu")?;
    for i in 0..data.w.len() {
        for col in &data.deprivations {
            write!(out, "{},", col[i].map_or(f64::NAN, |d| d))?;
        }
        let g = data.group[i].map_or(0, |g| g + 1);
        writeln!(out, "{},{g},{},{}", data.w[i], data.stratum[i], data.psu[i])?;
    }
    out.flush()
}

fn bench_mpi(args: &Args) {
    // The part's own peak: the high-water mark back to the current RSS
    // (Linux ≥ 4.0; where refused, the peak stays the process's).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let data = synthesise_persons(args.mpi_rows);
    if let Some(dir) = &args.write
        && let Err(e) = write_mpi_csv(dir, &data)
    {
        eprintln!("writing {}: {e}", dir.join("mpi.csv").display());
        std::process::exit(1);
    }
    let t = Instant::now();
    let design = Design::from_codes(
        data.w.clone(),
        Some(&data.stratum),
        Some(&data.psu),
        None,
        LonelyPsu::Adjust,
    )
    .unwrap_or_else(|e| panic!("MPI design: {e}"));
    let build = t.elapsed().as_secs_f64();
    let (n_psus, n_strata) = (design.n_psus(), design.n_strata());
    let design = SurveyDesign::Taylor(design);
    println!(
        "# mpi: {} persons × {} indicators, {n_psus} PSUs in {n_strata} strata, {GROUPS} subgroups, k = 1/3; design build {build:.3} s; peak RSS with the data and design {:.0} MiB",
        args.mpi_rows,
        MPI_WEIGHTS.len(),
        peak_rss_mib()
    );
    let (mut table_s, mut figures_s, mut total_s) = (Vec::new(), Vec::new(), Vec::new());
    let mut national_s = Vec::new();
    let mut out = Vec::new();
    for _ in 0..args.runs {
        // Everyone only, then everyone and the 20 subgroups.
        let start = Instant::now();
        let table = MpiTable::new(
            &design,
            &data.deprivations,
            &MPI_WEIGHTS,
            1.0 / 3.0,
            None,
            0,
            None,
        );
        std::hint::black_box(table.figures(0));
        national_s.push(start.elapsed().as_secs_f64());
        drop(table);
        let start = Instant::now();
        let table = MpiTable::new(
            &design,
            &data.deprivations,
            &MPI_WEIGHTS,
            1.0 / 3.0,
            Some(&data.group),
            GROUPS,
            None,
        );
        let t_table = start.elapsed().as_secs_f64();
        out = (0..=GROUPS as u32).map(|g| table.figures(g)).collect();
        let t_total = start.elapsed().as_secs_f64();
        std::hint::black_box(&out);
        table_s.push(t_table);
        figures_s.push(t_total - t_table);
        total_s.push(t_total);
    }
    println!("mpi_national {:.4}", median(national_s));
    println!("mpi_table {:.4}", median(table_s));
    println!("mpi_figures {:.4}", median(figures_s));
    println!("mpi_total {:.4}", median(total_s));
    println!("peak_rss_mib {:.0}", peak_rss_mib());
    for (g, f) in out.iter().enumerate() {
        let Some(f) = f else {
            eprintln!("mpi {g} empty");
            continue;
        };
        eprintln!("mpi {g} H {} {}", f.h.value, f.h.se());
        if let Some(a) = &f.a {
            eprintln!("mpi {g} A {} {}", a.value, a.se());
        }
        eprintln!("mpi {g} M0 {} {}", f.m0.value, f.m0.se());
        if g > 0 {
            continue;
        }
        for (j, (hd, hdk)) in f.hd.iter().zip(&f.hdk).enumerate() {
            eprintln!("mpi {g} hd_{} {} {}", j + 1, hd.value, hd.se());
            eprintln!("mpi {g} hdk_{} {} {}", j + 1, hdk.value, hdk.se());
        }
    }
}

fn main() {
    let args = parse_args();
    println!(
        "# machine: {} × {}; runs {}, medians",
        std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get),
        cpu_model(),
        args.runs
    );
    bench_poverty(&args);
    bench_mpi(&args);
}
