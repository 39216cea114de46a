//! PLS-SEM benchmark (the issue's targets against Python seminr and
//! plspm).
//!
//! Part (a), one estimation: the full ECSI model (Model 1 of
//! `../shared/reference/pls`: 7 Mode A composites, 24 items, 12 paths,
//! path weighting) on mobi (250 respondents). Timed, each over `--reps`
//! calls per run (the figure is the run's time over the calls, median over
//! the runs): `mobi_corr` (`Sample::moments(None)`, the correlation
//! matrix), `mobi_estimate` (`estimate` from that matrix) and
//! `mobi_data_estimate` (`Sample::from_columns`, the moments and
//! `estimate`: from the data's columns, as a peer starts). Target: one
//! estimation ≤ 0.2 ms.
//!
//! Part (b), the bootstrap on mobi: the moments, `estimate` and
//! `inference::infer` with every statistic (paths, loadings, weights, R²,
//! HTMT, total and specific indirect effects; percentile and t intervals,
//! no BCa) for 1,000 (`mobi_boot1000`) and 5,000 (`mobi_boot5000`)
//! resamples on all cores, and 1,000 on one thread (`mobi_boot1000_1t`).
//! Target: 5,000 resamples ≤ 1 s on 2 cores.
//!
//! Part (c), a synthetic survey: 5,000 respondents × 30 items × 6
//! constructs (5 items each, Mode A, path weighting), seeded. Latent
//! variables with unit variance: a chain LV1 → LV2 → … → LV6 (0.45 each)
//! and direct paths LV1 → LV3 (0.25), LV2 → LV5 (0.2), LV1 → LV6 (0.15) and
//! LV3 → LV6 (0.2); items x = λ η + √(1 − λ²) e with λ from 0.60 to 0.85,
//! cut into a 7-point Likert scale at ±0.4, ±1.0 and ±1.6. Timed:
//! `syn_corr`, `syn_estimate`, `syn_data_estimate` (over `--reps` / 10
//! calls), and the moments, estimation and 1,000 resamples with every
//! statistic on all cores (`syn_boot1000`) and on one thread
//! (`syn_boot1000_1t`). Target ≤ 2 s.
//!
//! ```sh
//! cargo bench -p clusterdx-pls --bench pls [-- --runs N] [--reps N] [--write DIR] [--no-single]
//! ```
//!
//! - `--runs N`: timed runs (default 5); every figure is the median of
//!   its runs (the lower middle one of an even count).
//! - `--reps N`: calls per run for the one-estimation figures (default
//!   2,000; the synthetic model's a tenth of it).
//! - `--write DIR`: before timing, write what the Python peers of
//!   `tools/bench_pls.sh` need: `DIR/synthetic.csv` (the synthetic items,
//!   `LV1_1,…,LV6_5`, Likert codes 1–7), `DIR/synthetic_model.json` and
//!   `DIR/mobi_model.json` (`{"constructs": [{"name", "items"}], "paths":
//!   [[from, to]]}`, by name; mobi's data is
//!   `../shared/reference/pls/mobi.csv`).
//! - `--no-single`: skip the one-thread bootstrap runs.
//!
//! Stdout: `#` lines (the machine, each part's data), then one `name
//! seconds` line per timed figure and a `peak_rss_mib` line (VmHWM of the
//! process, its data included). Stderr, for the peers' cross-check: each
//! model's path coefficients (`path MODEL FROM TO value`) and the
//! bootstrap SDs of its paths from the 1,000-resample run (`boot_sd MODEL
//! FROM TO sd`), at full precision.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use clusterdx_pls::inference::{Inference, Resampling, Statistic, infer};
use clusterdx_pls::{Construct, Fit, Mode, Model, Sample, Settings, estimate};

#[path = "../../../benches/support.rs"]
mod support;
use support::{Rng, cpu_model, median, peak_rss_mib};

struct Args {
    runs: usize,
    reps: usize,
    write: Option<PathBuf>,
    single: bool,
}

fn parse_args() -> Args {
    let mut a = Args {
        runs: 5,
        reps: 2_000,
        write: None,
        single: true,
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
            "--runs" => a.runs = number("--runs", it.next()),
            "--reps" => a.reps = number("--reps", it.next()),
            "--no-single" => a.single = false,
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

fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

/// Data and model of one part.
struct Case {
    label: &'static str,
    names: Vec<String>,
    columns: Vec<Vec<f64>>,
    model: Model,
}

fn build_model(names: &[String], blocks: &[(&str, Vec<usize>)], paths: &[(usize, usize)]) -> Model {
    let constructs = blocks
        .iter()
        .map(|(n, items)| Construct {
            name: (*n).to_string(),
            items: items.clone(),
            mode: Mode::A,
            factor: false,
        })
        .collect();
    Model::new(constructs, paths.to_vec(), names.len()).unwrap_or_else(|e| panic!("model: {e}"))
}

// ------------------------------------------------------------ mobi

fn mobi_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference/pls/mobi.csv")
}

/// mobi and the full ECSI model (as `tests/common`).
fn mobi() -> Case {
    let path = mobi_path();
    let mut rdr =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let names: Vec<String> = rdr
        .headers()
        .expect("mobi's header")
        .iter()
        .map(str::to_string)
        .collect();
    let mut columns = vec![Vec::new(); names.len()];
    for r in rdr.records() {
        let r = r.expect("a mobi row");
        for (c, v) in columns.iter_mut().zip(r.iter()) {
            c.push(v.parse().expect("a number"));
        }
    }
    let items = |prefix: &str| -> Vec<usize> {
        names
            .iter()
            .enumerate()
            .filter(|(_, n)| n.starts_with(prefix))
            .map(|(i, _)| i)
            .collect()
    };
    let blocks = [
        ("Image", items("IMAG")),
        ("Expectation", items("CUEX")),
        ("Quality", items("PERQ")),
        ("Value", items("PERV")),
        ("Satisfaction", items("CUSA")),
        ("Complaints", items("CUSCO")),
        ("Loyalty", items("CUSL")),
    ];
    let paths = [
        (0, 1),
        (0, 4),
        (0, 6),
        (1, 2),
        (1, 3),
        (1, 4),
        (2, 3),
        (2, 4),
        (3, 4),
        (4, 5),
        (4, 6),
        (5, 6),
    ];
    let model = build_model(&names, &blocks, &paths);
    Case {
        label: "mobi",
        names,
        columns,
        model,
    }
}

// ------------------------------------------------------------ synthetic

const SYN_ROWS: usize = 5_000;
const SYN_CONSTRUCTS: usize = 6;
const SYN_ITEMS: usize = 5;
/// (from, to, β): the chain and four direct paths.
const SYN_PATHS: [(usize, usize, f64); 9] = [
    (0, 1, 0.45),
    (1, 2, 0.45),
    (2, 3, 0.45),
    (3, 4, 0.45),
    (4, 5, 0.45),
    (0, 2, 0.25),
    (1, 4, 0.2),
    (0, 5, 0.15),
    (2, 5, 0.2),
];
/// Likert cut points: codes 1–7.
const CUTS: [f64; 6] = [-1.6, -1.0, -0.4, 0.4, 1.0, 1.6];

/// The seeded synthetic survey: unit-variance latent variables from the
/// paths (each disturbance's variance 1 − its explained variance), items
/// λ η + √(1 − λ²) e, cut into 7 codes.
fn synthetic(rows: usize) -> Case {
    let m = SYN_CONSTRUCTS;
    // Latent covariances, construct by construct (the paths go from lower
    // to higher index): cov(η_j, η_k) = Σ_i β_ij cov(η_i, η_k), k < j.
    let beta = |i: usize, j: usize| {
        SYN_PATHS
            .iter()
            .find(|&&(a, b, _)| a == i && b == j)
            .map_or(0.0, |p| p.2)
    };
    let mut phi = vec![vec![0.0; m]; m];
    let mut psi = vec![1.0; m];
    for j in 0..m {
        let row: Vec<f64> = (0..j)
            .map(|k| (0..j).map(|i| beta(i, j) * phi[i][k]).sum())
            .collect();
        for (k, v) in row.into_iter().enumerate() {
            phi[j][k] = v;
            phi[k][j] = v;
        }
        let explained: f64 = (0..j).map(|i| beta(i, j) * phi[i][j]).sum();
        psi[j] = 1.0 - explained;
        assert!(psi[j] > 0.1, "LV{}: explained variance {explained}", j + 1);
        phi[j][j] = 1.0;
    }
    let loadings: Vec<f64> = (0..SYN_ITEMS).map(|k| 0.85 - 0.0625 * k as f64).collect();
    let mut rng = Rng(20_261_127);
    let p = m * SYN_ITEMS;
    let mut columns = vec![Vec::with_capacity(rows); p];
    let mut eta = vec![0.0; m];
    for _ in 0..rows {
        for j in 0..m {
            let inner: f64 = (0..j).map(|i| beta(i, j) * eta[i]).sum();
            eta[j] = inner + psi[j].sqrt() * rng.normal();
        }
        for j in 0..m {
            for (k, &l) in loadings.iter().enumerate() {
                let x = l * eta[j] + (1.0 - l * l).sqrt() * rng.normal();
                let code = 1 + CUTS.iter().filter(|&&c| x > c).count();
                columns[j * SYN_ITEMS + k].push(code as f64);
            }
        }
    }
    let names: Vec<String> = (0..p)
        .map(|c| format!("LV{}_{}", c / SYN_ITEMS + 1, c % SYN_ITEMS + 1))
        .collect();
    let labels: Vec<String> = (1..=m).map(|j| format!("LV{j}")).collect();
    let blocks: Vec<(&str, Vec<usize>)> = labels
        .iter()
        .enumerate()
        .map(|(j, n)| (n.as_str(), (j * SYN_ITEMS..(j + 1) * SYN_ITEMS).collect()))
        .collect();
    let paths: Vec<(usize, usize)> = SYN_PATHS.iter().map(|&(a, b, _)| (a, b)).collect();
    let model = build_model(&names, &blocks, &paths);
    Case {
        label: "synthetic",
        names,
        columns,
        model,
    }
}

fn write_model(path: &Path, case: &Case) -> io::Result<()> {
    let constructs: Vec<serde_json::Value> = case
        .model
        .constructs()
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c.name,
                "items": c.items.iter().map(|&i| case.names[i].as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let cname = |j: usize| case.model.constructs()[j].name.as_str();
    let paths: Vec<[&str; 2]> = case
        .model
        .paths()
        .iter()
        .map(|&(a, b)| [cname(a), cname(b)])
        .collect();
    let json = serde_json::json!({ "constructs": constructs, "paths": paths });
    std::fs::write(path, serde_json::to_string_pretty(&json)? + "\n")
}

fn write_csv(path: &Path, case: &Case) -> io::Result<()> {
    let mut out = BufWriter::with_capacity(1 << 20, File::create(path)?);
    writeln!(out, "{}", case.names.join(","))?;
    let n = case.columns.first().map_or(0, Vec::len);
    for i in 0..n {
        for (k, c) in case.columns.iter().enumerate() {
            if k > 0 {
                out.write_all(b",")?;
            }
            write!(out, "{}", c[i])?;
        }
        writeln!(out)?;
    }
    out.flush()
}

fn write_peer_files(dir: &Path, mobi: &Case, syn: &Case) -> io::Result<()> {
    std::fs::create_dir_all(dir)?;
    write_model(&dir.join("mobi_model.json"), mobi)?;
    write_model(&dir.join("synthetic_model.json"), syn)?;
    write_csv(&dir.join("synthetic.csv"), syn)
}

// ------------------------------------------------------------ timing

/// The median over `runs` of the time per call of `reps` calls of `f`.
fn per_call<T>(runs: usize, reps: usize, mut f: impl FnMut() -> T) -> f64 {
    let times = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..reps {
                std::hint::black_box(f());
            }
            t.elapsed().as_secs_f64() / reps as f64
        })
        .collect();
    median(times)
}

/// The moments, the estimation and `resamples` resamples of every
/// statistic on `threads` threads, from the sample.
fn boot(case: &Case, sample: &Sample, resamples: usize, threads: usize) -> (Fit, Inference) {
    let settings = Settings::default();
    let corr = sample.moments(None).corr;
    let fit =
        estimate(&case.model, &corr, &settings).unwrap_or_else(|e| panic!("{}: {e}", case.label));
    let pipeline = clusterdx_pls::pipeline::Pipeline::plain(case.model.clone());
    let inf = infer(
        &pipeline,
        sample,
        &settings,
        &fit,
        &Resampling {
            resamples,
            seed: 20_261_127,
            threads,
            bca: false,
            studentized: None,
            level: 0.95,
        },
        &|_| {},
    );
    (fit, inf)
}

fn timed_boot(
    case: &Case,
    sample: &Sample,
    runs: usize,
    resamples: usize,
    threads: usize,
) -> (f64, Inference) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let (_, inf) = boot(case, sample, resamples, threads);
        times.push(t.elapsed().as_secs_f64());
        last = Some(inf);
    }
    (median(times), last.expect("one run at least"))
}

/// Times one case: the one-estimation figures over `reps` calls, then the
/// bootstraps of `resamples` (all cores; the first also on one thread).
fn bench_case(case: &Case, prefix: &str, args: &Args, reps: usize, resamples: &[usize]) {
    let settings = Settings::default();
    let sample = Sample::from_columns(&case.columns);
    let corr = sample.moments(None).corr;
    let fit =
        estimate(&case.model, &corr, &settings).unwrap_or_else(|e| panic!("{}: {e}", case.label));
    let m = case.model.constructs().len();
    let n_stats = clusterdx_pls::inference::statistics(&case.model).len();
    println!(
        "# {}: {} respondents × {} items, {m} constructs, {} paths; {} iterations; {n_stats} bootstrapped statistics",
        case.label,
        sample.n(),
        sample.p(),
        case.model.paths().len(),
        fit.iterations,
    );
    let runs = args.runs;
    println!(
        "{prefix}_corr {:.9}",
        per_call(runs, reps, || sample.moments(None).corr)
    );
    println!(
        "{prefix}_estimate {:.9}",
        per_call(runs, reps, || estimate(&case.model, &corr, &settings))
    );
    println!(
        "{prefix}_data_estimate {:.9}",
        per_call(runs, reps, || {
            let s = Sample::from_columns(&case.columns);
            estimate(&case.model, &s.moments(None).corr, &settings)
        })
    );
    let cores = threads();
    let mut first = None;
    for &b in resamples {
        let (t, inf) = timed_boot(case, &sample, runs, b, cores);
        println!("{prefix}_boot{b} {t:.4}");
        if first.is_none() {
            first = Some(inf);
            if args.single && cores > 1 {
                let (t1, _) = timed_boot(case, &sample, runs, b, 1);
                println!("{prefix}_boot{b}_1t {t1:.4}");
            }
        }
    }
    println!("peak_rss_mib {:.0}", peak_rss_mib());

    // Cross-check lines.
    let name = |j: usize| case.model.constructs()[j].name.as_str();
    for &(a, b) in case.model.paths() {
        eprintln!(
            "path {} {} {} {}",
            case.label,
            name(a),
            name(b),
            fit.paths[(a, b)]
        );
    }
    if let Some(inf) = first {
        eprintln!(
            "boot {} admissible {} failed {}",
            case.label,
            inf.draws.values.len(),
            inf.draws.failed
        );
        for (st, s) in inf.statistics.iter().zip(&inf.summaries) {
            if let Statistic::Path(a, b) = st {
                eprintln!("boot_sd {} {} {} {}", case.label, name(*a), name(*b), s.sd);
            }
        }
    }
}

fn main() {
    let args = parse_args();
    println!(
        "# machine: {} × {}; runs {}, medians",
        threads(),
        cpu_model(),
        args.runs
    );
    let mobi = mobi();
    let t = Instant::now();
    let syn = synthetic(SYN_ROWS);
    println!(
        "# synthetic data generated in {:.3} s",
        t.elapsed().as_secs_f64()
    );
    if let Some(dir) = &args.write
        && let Err(e) = write_peer_files(dir, &mobi, &syn)
    {
        eprintln!("writing {}: {e}", dir.display());
        std::process::exit(1);
    }
    bench_case(&mobi, "mobi", &args, args.reps, &[1_000, 5_000]);
    bench_case(&syn, "syn", &args, (args.reps / 10).max(1), &[1_000]);
}
