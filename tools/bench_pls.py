#!/usr/bin/env python3
"""Side by side: clusterdx's PLS-SEM engine against the Python peers, for
`docs/performance.md` (run through `tools/bench_pls.sh`, which makes the
venv and builds the bench).

The data: mobi (`../shared/reference/pls/mobi.csv`, 250 respondents × 24
items) with the full ECSI model (7 Mode A composites, 12 paths, path
weighting), and the seeded synthetic survey of
`crates/pls/benches/pls.rs` (5,000 respondents × 30 items × 6
constructs, 9 paths), written by the bench (`--write DIR`:
`synthetic.csv`, `synthetic_model.json`, `mobi_model.json`). The bench
times clusterdx (medians of its runs, in one process); each peer task then
runs in its own process.

    python tools/bench_pls.py compare --bench BIN [--runs R] [--peer-runs R] [--reps K]
                                      [--peers seminr,plspm] [--seminr-5000 run|skip] [--seminr-cores C]
                                      [--plspm-resamples B1,B2] [--plspm-syn-resamples B1,B2]
                                      [--dir DIR] [--keep]
    python tools/bench_pls.py peer TOOL TASK DIR [--reps K] [--resamples B] [--cores C]
                                                # one peer task, prints one JSON line

Peers and what is timed (reading the CSV with pandas is not counted; a
first, untimed call warms imports and caches):
- `seminr` (PyPI 0.2.1, the Python port of R seminr): `estimate_pls(df,
  mm, sm)` (path weighting, 300 iterations, 1e-7, as clusterdx), the
  median of `--reps` calls (N = 5,000: a tenth, at least 3); then
  `estimate_pls` + `bootstrap_model(model, B, seed=123, cores=C)` (paths,
  loadings, weights, HTMT and total effects resampled) for B = 1,000,
  once with C = 1 (sequential) and once with C = the cores (its
  spawn-based process pool, start-up included); mobi also with B = 5,000
  and C = the cores, once (`--seminr-5000 skip`: 5 × the 1,000-resample
  time instead, labelled extrapolated).
- `plspm` (PyPI 0.5.7): `Plspm(df, config, Scheme.PATH, 300, 1e-7)`, the
  median of `--reps` / 10 calls (at least 3); then `Plspm(...,
  bootstrap=True, bootstrap_iterations=B, processes=2)` (its own
  estimation included) at two small B (mobi `--plspm-resamples`, default
  20 and 100; N = 5,000 `--plspm-syn-resamples`, default 10 and 50), each
  once, extrapolated to 1,000 resamples along the slope between the two
  (so its fixed costs — starting the processes, a 1 s polling sleep — are
  counted once) and labelled so. plspm 0.5.7 needs pandas < 3.

Cross-checks (printed): each peer's path coefficients against clusterdx's
(max abs difference), and seminr's bootstrap SDs of the paths against
clusterdx's (1,000 resamples each; different random resamples, so they
agree only statistically).
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOBI = os.path.join(ROOT, "..", "shared", "reference", "pls", "mobi.csv")

# The marks for Python seminr on a 2-core machine, seconds.
MARKS = {
    "mobi_estimate": "0.012–0.017",
    "mobi_boot1000": "≈ 31",
    "mobi_boot5000": "140–195",
    "syn_boot1000": "≈ 81",
}
TARGETS = {
    "mobi_estimate": 0.0002,
    "mobi_boot5000": 1.0,
    "syn_boot1000": 2.0,
}


def peak_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def lower_median(xs):
    xs = sorted(xs)
    return xs[(len(xs) - 1) // 2]


def load(case, directory):
    """(data frame, model description) of `mobi` or `syn`."""
    import pandas as pd

    if case == "mobi":
        df = pd.read_csv(MOBI)
        with open(os.path.join(directory, "mobi_model.json")) as f:
            model = json.load(f)
    else:
        df = pd.read_csv(os.path.join(directory, "synthetic.csv"))
        with open(os.path.join(directory, "synthetic_model.json")) as f:
            model = json.load(f)
    return df.astype(float), model


# ---------------------------------------------------------------- seminr


def seminr_spec(model):
    from seminr.specify import composite, constructs, paths, relationships

    mm = constructs(*[composite(c["name"], c["items"]) for c in model["constructs"]])
    sm = relationships(*[paths(a, b) for a, b in model["paths"]])
    return mm, sm


def seminr_paths(fit, model):
    pc = fit.path_coef
    rows, cols = list(pc.rows), list(pc.cols)
    return {f"{a}->{b}": float(pc.values[rows.index(a), cols.index(b)]) for a, b in model["paths"]}


def seminr_boot_sd(boot, model):
    """The bootstrap SD of each path: row `from`, column `"{to} Boot SD"`
    of seminr's path descriptives."""
    d = boot.paths_descriptives
    rows, cols = list(d.rows), list(d.cols)
    return {f"{a}->{b}": float(d.values[rows.index(a), cols.index(f"{b} Boot SD")]) for a, b in model["paths"]}


def run_seminr(task, directory, reps, resamples, cores):
    from seminr import bootstrap_model, estimate_pls

    case = task.split("_")[0]
    df, model = load(case, directory)
    mm, sm = seminr_spec(model)
    fit = estimate_pls(df, mm, sm)  # warm-up, untimed
    times, values = {}, {"paths": seminr_paths(fit, model)}
    if task.endswith("_estimate"):
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            estimate_pls(df, mm, sm)
            ts.append(time.perf_counter() - t)
        times["estimate"] = lower_median(ts)
    else:
        t = time.perf_counter()
        fit = estimate_pls(df, mm, sm)
        boot = bootstrap_model(fit, resamples, seed=123, cores=cores)
        times["boot"] = time.perf_counter() - t
        values["boot_sd"] = seminr_boot_sd(boot, model)
        values["boots"] = int(boot.boots)
    return times, values


# ---------------------------------------------------------------- plspm


def plspm_config(df, model):
    import plspm.config as c
    from plspm.mode import Mode

    s = c.Structure()
    for a, b in model["paths"]:
        s.add_path([a], [b])
    cfg = c.Config(s.path(), scaled=True)
    for con in model["constructs"]:
        cfg.add_lv(con["name"], Mode.A, *[c.MV(i) for i in con["items"]])
    return cfg


def run_plspm(task, directory, reps, resamples, cores):
    from plspm.plspm import Plspm
    from plspm.scheme import Scheme

    warnings.simplefilter("ignore")
    case = task.split("_")[0]
    df, model = load(case, directory)
    cfg = plspm_config(df, model)
    fit = Plspm(df, cfg, Scheme.PATH, 300, 1e-7)  # warm-up, untimed
    pc = fit.path_coefficients()  # rows: to, columns: from
    times = {}
    values = {"paths": {f"{a}->{b}": float(pc.loc[b, a]) for a, b in model["paths"]}}
    if task.endswith("_estimate"):
        ts = []
        for _ in range(reps):
            t = time.perf_counter()
            Plspm(df, cfg, Scheme.PATH, 300, 1e-7)
            ts.append(time.perf_counter() - t)
        times["estimate"] = lower_median(ts)
    else:
        t = time.perf_counter()
        Plspm(df, cfg, Scheme.PATH, 300, 1e-7)
        times["estimate_once"] = time.perf_counter() - t
        t = time.perf_counter()
        Plspm(df, cfg, Scheme.PATH, 300, 1e-7, bootstrap=True, bootstrap_iterations=resamples, processes=cores)
        times["boot"] = time.perf_counter() - t
    return times, values


PEERS = {"seminr": run_seminr, "plspm": run_plspm}


def peer(args):
    times, values = PEERS[args.tool](args.task, args.dir, args.reps, args.resamples, args.cores)
    print(json.dumps({"tool": args.tool, "task": args.task, "times": times, "values": values, "peak_mib": peak_mib()}))


def versions():
    from importlib.metadata import PackageNotFoundError, version

    out = [f"Python {sys.version.split()[0]}"]
    for name in ("seminr", "plspm", "numpy", "scipy", "pandas"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


def installed(tool):
    from importlib.util import find_spec

    return find_spec(tool) is not None


# ---------------------------------------------------------------- the driver


def run_clusterdx(bench, args, directory):
    cmd = [bench, "--runs", str(args.runs), "--write", directory]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit(f"the bench failed (exit {p.returncode})")
    times, peaks, notes = {}, [], []
    for line in p.stdout.splitlines():
        if line.startswith("#"):
            notes.append(line)
            continue
        name, value = line.split()
        if name == "peak_rss_mib":
            peaks.append(float(value))
        else:
            times[name] = float(value)
    paths = {"mobi": {}, "synthetic": {}}
    sds = {"mobi": {}, "synthetic": {}}
    for line in p.stderr.splitlines():
        f = line.split()
        if f[:1] == ["path"]:
            paths[f[1]][f"{f[2]}->{f[3]}"] = float(f[4])
        elif f[:1] == ["boot_sd"]:
            sds[f[1]][f"{f[2]}->{f[3]}"] = float(f[4])
    return {"times": times, "peak": max(peaks) if peaks else float("nan"), "notes": notes, "paths": paths, "sds": sds}


def run_peer(tool, task, directory, reps=1, resamples=0, cores=1):
    cmd = [sys.executable, os.path.abspath(__file__), "peer", tool, task, directory, "--reps", str(reps)]
    cmd += ["--resamples", str(resamples), "--cores", str(cores)]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-4000:])
        print(f"{tool} {task}: failed (exit {p.returncode})", flush=True)
        return None
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["wall_s"] = wall
    shown = " ".join(f"[{k}]={v:.4f}s" for k, v in r["times"].items())
    print(
        f"{time.strftime('%H:%M:%S')} {tool} {task} B={resamples} cores={cores}: {shown} "
        f"peak={r['peak_mib']:.0f}MiB wall={wall:.1f}s",
        flush=True,
    )
    return r


def repeated(n, tool, task, directory, **kw):
    """Median of n runs (each its own process): (times, values of the last, peak)."""
    runs = [r for r in (run_peer(tool, task, directory, **kw) for _ in range(n)) if r is not None]
    if not runs:
        return None
    times = {k: lower_median([r["times"][k] for r in runs]) for k in runs[0]["times"]}
    return {"times": times, "values": runs[-1]["values"], "peak_mib": lower_median([r["peak_mib"] for r in runs])}


def sizes(spec):
    """Resample counts from "20,100"."""
    return [int(x) for x in str(spec).split(",") if x]


def max_diff(a, b):
    keys = [k for k in a if k in b]
    return max(abs(a[k] - b[k]) for k in keys) if keys else float("nan"), len(keys)


def secs(x):
    if x < 0.001:
        return f"{x * 1e6:.1f} µs"
    if x < 0.1:
        return f"{x * 1000:.1f} ms"
    if x < 1:
        return f"{x:.3f} s"
    return f"{x:.2f} s" if x < 10 else f"{x:.1f} s"


def ratio(x, y):
    q = x / y
    return f"{q:,.0f}×" if q >= 10 else f"{q:.1f}×"


def run_peers(args, directory, peers, cores):
    """Every peer task; {key: median result}."""
    res = {}
    k = args.peer_runs
    if "seminr" in peers:
        res["seminr mobi_estimate"] = repeated(k, "seminr", "mobi_estimate", directory, reps=args.reps)
        res["seminr mobi_boot1000 seq"] = repeated(k, "seminr", "mobi_boot", directory, resamples=1000, cores=1)
        res["seminr mobi_boot1000"] = repeated(k, "seminr", "mobi_boot", directory, resamples=1000, cores=cores)
        if args.seminr_5000 == "run":
            res["seminr mobi_boot5000"] = repeated(1, "seminr", "mobi_boot", directory, resamples=5000, cores=cores)
        res["seminr syn_estimate"] = repeated(k, "seminr", "syn_estimate", directory, reps=max(3, args.reps // 10))
        res["seminr syn_boot1000 seq"] = repeated(1, "seminr", "syn_boot", directory, resamples=1000, cores=1)
        res["seminr syn_boot1000"] = repeated(1, "seminr", "syn_boot", directory, resamples=1000, cores=cores)
    if "plspm" in peers:
        res["plspm mobi_estimate"] = repeated(k, "plspm", "mobi_estimate", directory, reps=max(3, args.reps // 10))
        for b in sizes(args.plspm_resamples):
            res[f"plspm mobi_boot {b}"] = repeated(1, "plspm", "mobi_boot", directory, resamples=b, cores=2)
        res["plspm syn_estimate"] = repeated(1, "plspm", "syn_estimate", directory, reps=3)
        for b in sizes(args.plspm_syn_resamples):
            res[f"plspm syn_boot {b}"] = repeated(1, "plspm", "syn_boot", directory, resamples=b, cores=2)
    return {k: v for k, v in res.items() if v is not None}


def cross_check(ref, res):
    print()
    print("Cross-check against clusterdx (path coefficients; bootstrap SDs of the paths):")
    for key, case in (("mobi", "mobi"), ("syn", "synthetic")):
        for tool in ("seminr", "plspm"):
            r = res.get(f"{tool} {key}_estimate")
            if r:
                d, n = max_diff(r["values"]["paths"], ref["paths"][case])
                print(f"- {tool} {case}: {n} paths, max abs diff {d:.1e}")
        r = res.get(f"seminr {key}_boot1000")
        if r and "boot_sd" in r["values"]:
            mine, theirs = ref["sds"][case], r["values"]["boot_sd"]
            rels = sorted(theirs[p] / mine[p] for p in theirs if p in mine and mine[p] > 0)
            if rels:
                print(
                    f"- seminr {case} bootstrap SDs of the paths (1,000 resamples each) / clusterdx's: "
                    f"{rels[0]:.3f}–{rels[-1]:.3f}, median {lower_median(rels):.3f}"
                )


def table(args, ref, res, cores):
    ct = ref["times"]
    nc = os.cpu_count()
    print()
    print("| task | tool | what | time | ratio to clusterdx | target / issue's seminr mark |")
    print("|---|---|---|---|---|---|")

    def row(task, tool, what, t, base, note=""):
        print(f"| {task} | {tool} | {what} | {secs(t)} | {ratio(t, base) if base else ''} | {note} |")

    def target(name, t):
        lim = TARGETS[name]
        return f"target ≤ {secs(lim)}: **{'met' if t <= lim else 'NOT met'}**"

    def mark(name):
        return f"issue: {MARKS[name]} s"

    def seminr_boot(key, base, b, note):
        r = res.get(f"seminr {key} seq")
        if r:
            row("", "seminr", f"`estimate_pls` + `bootstrap_model(…, {b})`, sequential", r["times"]["boot"], base, note)
        r = res.get(f"seminr {key}")
        if r:
            row("", "seminr", f"the same, `cores={cores}` (process pool)", r["times"]["boot"], base)

    def plspm_rows(case, spec, base):
        """plspm's measured bootstraps and the extrapolation to 1,000: the
        slope between the two sizes (its fixed costs, process start and a
        1 s polling sleep, cancel), or from one size, (time − one
        estimation) × 1000 / B + one estimation."""
        got = [(b, res[f"plspm {case}_boot {b}"]["times"]) for b in sizes(spec) if f"plspm {case}_boot {b}" in res]
        for b, t in got:
            row("", "plspm", f"estimation + {b} resamples, 2 processes, measured", t["boot"], None)
        if len(got) >= 2:
            (b0, t0), (bn, tn) = got[0], got[-1]
            ext = tn["boot"] + (tn["boot"] - t0["boot"]) / (bn - b0) * (1000 - bn)
            how = f"from the slope between {b0} and {bn}"
        elif got:
            b0, t0 = got[0]
            ext = t0["estimate_once"] + (t0["boot"] - t0["estimate_once"]) * 1000 / b0
            how = f"× {1000 / b0:g} from {b0}"
        else:
            return
        row("", "plspm", f"estimation + 1,000 resamples, **extrapolated** ({how})", ext, base)

    e = ct["mobi_estimate"]
    row("mobi, one estimation", "**clusterdx**", "`estimate` from the correlation matrix", e, e, target("mobi_estimate", e))
    row("", "clusterdx", "`Sample::from_columns` + moments + `estimate`", ct["mobi_data_estimate"], e)
    for tool, what in (("seminr", "`estimate_pls(df, …)`"), ("plspm", "`Plspm(df, …)`")):
        r = res.get(f"{tool} mobi_estimate")
        if r:
            row("", tool, what, r["times"]["estimate"], e, mark("mobi_estimate") if tool == "seminr" else "")
    b1 = ct["mobi_boot1000"]
    row("mobi, estimation + 1,000 resamples", "**clusterdx**", f"all statistics, {nc} threads", b1, b1)
    if "mobi_boot1000_1t" in ct:
        row("", "clusterdx", "the same, 1 thread", ct["mobi_boot1000_1t"], b1)
    seminr_boot("mobi_boot1000", b1, 1000, mark("mobi_boot1000"))
    plspm_rows("mobi", args.plspm_resamples, b1)
    b5 = ct["mobi_boot5000"]
    row("mobi, estimation + 5,000 resamples", "**clusterdx**", f"all statistics, {nc} threads", b5, b5, target("mobi_boot5000", b5))
    r = res.get("seminr mobi_boot5000")
    if r:
        row("", "seminr", f"`bootstrap_model(…, 5000, cores={cores})`", r["times"]["boot"], b5, mark("mobi_boot5000"))
    elif res.get("seminr mobi_boot1000"):
        t = 5 * res["seminr mobi_boot1000"]["times"]["boot"]
        row("", "seminr", f"5 × its 1,000 (cores={cores}), **extrapolated**", t, b5, mark("mobi_boot5000"))
    ne = ct["syn_estimate"]
    row("N = 5,000 × 30 items, one estimation", "**clusterdx**", "`estimate` from the correlation matrix", ne, ne)
    row("", "clusterdx", "`Sample::from_columns` + moments + `estimate`", ct["syn_data_estimate"], ne)
    for tool in ("seminr", "plspm"):
        r = res.get(f"{tool} syn_estimate")
        if r:
            row("", tool, "from the data frame", r["times"]["estimate"], ne)
    s1 = ct["syn_boot1000"]
    row("N = 5,000, estimation + 1,000 resamples", "**clusterdx**", f"all statistics, {nc} threads", s1, s1, target("syn_boot1000", s1))
    if "syn_boot1000_1t" in ct:
        row("", "clusterdx", "the same, 1 thread", ct["syn_boot1000_1t"], s1)
    seminr_boot("syn_boot1000", s1, 1000, mark("syn_boot1000"))
    plspm_rows("syn", args.plspm_syn_resamples, s1)
    print()
    print(
        f"clusterdx: medians of {args.runs} runs in one process (one-estimation figures: time per call "
        f"over many calls), peak RSS {ref['peak']:.0f} MiB; peers: medians of {args.peer_runs} runs "
        "(5,000 resamples, N = 5,000 bootstraps and plspm's bootstraps: 1 run), each in its own process; "
        "reading the CSV not counted."
    )


def compare(args):
    peers = [p for p in args.peers.split(",") if p]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"unknown peer {p} (known: {', '.join(PEERS)})")
    directory = args.dir or tempfile.mkdtemp(prefix="bench_pls_")
    os.makedirs(directory, exist_ok=True)
    cores = args.seminr_cores or os.cpu_count() or 1
    print(f"# data in {directory}", flush=True)
    print(f"# {versions()}", flush=True)
    ref = run_clusterdx(args.bench, args, directory)
    for n in ref["notes"]:
        print(n, flush=True)
    print("clusterdx " + " ".join(f"{k}={v:.6g}" for k, v in ref["times"].items()), flush=True)
    missing = [p for p in peers if not installed(p)]
    for p in missing:
        print(f"{p}: not installed in this venv, skipped", flush=True)
    res = run_peers(args, directory, [p for p in peers if p not in missing], cores)
    cross_check(ref, res)
    table(args, ref, res, cores)
    if missing:
        print(f"Not run (not installed): {', '.join(missing)}.")
    if not args.dir and not args.keep:
        shutil.rmtree(directory)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--bench", required=True, help="the pls bench binary")
    c.add_argument("--runs", type=int, default=5, help="clusterdx runs (medians, inside the bench)")
    c.add_argument("--peer-runs", type=int, default=3, help="runs of the peers' short tasks (medians)")
    c.add_argument("--reps", type=int, default=30, help="seminr calls per one-estimation run (plspm: a tenth, ≥ 3)")
    c.add_argument("--peers", default="seminr,plspm")
    c.add_argument("--seminr-5000", choices=["run", "skip"], default="run", help="run seminr's 5,000 resamples once, or extrapolate from 1,000")
    c.add_argument("--seminr-cores", type=int, default=0, help="seminr's bootstrap cores (default: all)")
    c.add_argument("--plspm-resamples", default="20,100", help="plspm's resamples on mobi: one or two even counts")
    c.add_argument("--plspm-syn-resamples", default="10,50", help="plspm's resamples on N = 5,000: one or two even counts")
    c.add_argument("--dir", help="where the data go (default: a temporary folder, removed)")
    c.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p = sub.add_parser("peer")
    p.add_argument("tool", choices=sorted(PEERS))
    p.add_argument("task", choices=["mobi_estimate", "mobi_boot", "syn_estimate", "syn_boot"])
    p.add_argument("dir")
    p.add_argument("--reps", type=int, default=1)
    p.add_argument("--resamples", type=int, default=0)
    p.add_argument("--cores", type=int, default=1)
    args = ap.parse_args()
    if args.cmd == "peer":
        peer(args)
    else:
        compare(args)


if __name__ == "__main__":
    main()
