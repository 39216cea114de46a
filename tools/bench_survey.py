#!/usr/bin/env python3
"""Side by side: clusterdx's survey engine against Python peers, for
`docs/performance.md` (run through `tools/bench_survey.sh`, which makes the venv).

The task: the weighted mean of y with its Taylor-linearised SE (ultimate
clusters, strata, domain df) in each of 100 domains, on the seeded synthetic
data of `crates/survey/benches/by_domain.rs` (10^7 rows, 50 strata × 40 PSUs,
1% of y missing). The Rust bench writes its columns as .npy (`--write DIR`);
each peer then runs in its own process on the same columns, so its peak RSS
is its own.

    python tools/bench_survey.py compare --bench BIN [--rows N] [--peers numpy,samplics,svy]
                                         [--peer-rows svy=1000000,samplics=1000000]
                                         [--runs R] [--slow-runs R] [--dir DIR] [--keep]
    python tools/bench_survey.py peer TOOL DIR ROWS      # one peer, prints one JSON line

`--peer-rows` runs a peer on the first N rows only (the generator is
sequential, so they are exactly the data of the Rust bench at N rows);
clusterdx is then also run at N, for the ratio and the cross-check, and the
table says which rows each line used.

Times: `load` reads the .npy columns (and, for svy, makes the polars
DataFrame it needs); `design` builds what the tool needs from the design
columns before estimating (clusterdx: codes → nested PSU index; numpy: a
dense PSU index; svy: `svy.Sample`; samplics has no separate step: its
estimate includes it); `estimate` computes the domain means with SEs. The table gives the ratio to clusterdx (at the same rows) of the
estimate alone (a design is built once and serves every estimate on it) and
of design + estimate; peak RSS is the process's, input data included.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

COLUMNS = ("weights", "stratum", "psu", "y", "group")
DOMAINS = 100


def peak_mib():
    """This process's peak resident memory (VmHWM: unlike ru_maxrss, it does
    not inherit the parent's high-water mark through fork and exec)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# ---------------------------------------------------------------- the peers


def load(directory, rows):
    """The first `rows` rows of each column, as ordinary in-memory arrays."""
    import numpy as np

    cols = {}
    for name in COLUMNS:
        a = np.load(os.path.join(directory, f"{name}.npy"), mmap_mode="r")
        if rows > a.shape[0]:
            sys.exit(f"{name}.npy has {a.shape[0]} rows, fewer than {rows}")
        cols[name] = np.array(a[:rows])
    return cols


def numpy_design(stratum, psu):
    """Dense PSU index 0..P (PSUs nested in strata) and each PSU's stratum.

    Codes are small non-negative integers here, so a lookup table over the
    (stratum, psu) code range replaces a sort; np.unique otherwise.
    """
    import numpy as np

    s = stratum.astype(np.int64)
    p = psu.astype(np.int64)
    n_psu_codes = int(p.max()) + 1
    key = s * n_psu_codes + p
    span = int(key.max()) + 1
    if span <= 50_000_000:
        present = np.bincount(key, minlength=span) > 0
        dense = np.cumsum(present) - 1
        psu_index = dense[key]
        keys = np.flatnonzero(present)
    else:
        keys, psu_index = np.unique(key, return_inverse=True)
    stratum_of_psu = keys // n_psu_codes
    _, stratum_of_psu = np.unique(stratum_of_psu, return_inverse=True)
    return psu_index, stratum_of_psu


def numpy_means(w, y, group, psu_index, stratum_of_psu, n_groups):
    """One pass: per (domain, PSU) sums Y_dp, N_dp by np.bincount; the PSU
    totals of the influence values are z_dp = (Y_dp − r_d N_dp)/N_d; the
    variance is Σ_h n_h/(n_h − 1) Σ_i (z_hi − z̄_h)² (no fpc; strata with one
    PSU are refused); df = active PSUs − active strata, per domain."""
    import numpy as np

    n_psu = int(stratum_of_psu.shape[0])
    n_strata = int(stratum_of_psu.max()) + 1
    ok = ~np.isnan(y)
    w_ok = np.where(ok, w, 0.0)
    wy = w_ok * np.where(ok, y, 0.0)
    cell = group.astype(np.int64) * n_psu + psu_index
    size = n_groups * n_psu
    Y = np.bincount(cell, weights=wy, minlength=size).reshape(n_groups, n_psu)
    N = np.bincount(cell, weights=w_ok, minlength=size).reshape(n_groups, n_psu)
    Yd, Nd = Y.sum(axis=1), N.sum(axis=1)
    r = Yd / Nd
    z = (Y - r[:, None] * N) / Nd[:, None]
    onehot = np.zeros((n_psu, n_strata))
    onehot[np.arange(n_psu), stratum_of_psu] = 1.0
    n_h = onehot.sum(axis=0)
    if (n_h < 2).any():
        raise ValueError("a stratum with one PSU")
    zbar = (z @ onehot) / n_h
    dev = z - zbar[:, stratum_of_psu]
    var = ((dev * dev) @ onehot) @ (n_h / (n_h - 1.0))
    active = N > 0
    df = active.sum(axis=1) - ((active.astype(np.float64) @ onehot) > 0).sum(axis=1)
    return r, np.sqrt(var), df.astype(np.float64)


class Clock:
    """Wall and CPU (all threads) seconds between laps."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def lap(self):
        wall, cpu = time.perf_counter(), time.process_time()
        out = (wall - self.wall, cpu - self.cpu)
        self.wall, self.cpu = wall, cpu
        return out


# Each run_* returns (prepare_s, design_s, estimate_s, cpu_s of design +
# estimate, means, SEs, dfs), the domains in order 0..100.


def run_numpy(cols):
    clock = Clock()
    psu_index, stratum_of_psu = numpy_design(cols["stratum"], cols["psu"])
    design, cpu_design = clock.lap()
    mean, se, df = numpy_means(cols["weights"], cols["y"], cols["group"], psu_index, stratum_of_psu, DOMAINS)
    estimate, cpu_estimate = clock.lap()
    return 0.0, design, estimate, cpu_design + cpu_estimate, list(mean), list(se), list(df)


def run_samplics(cols):
    import warnings

    warnings.filterwarnings("ignore", category=FutureWarning)  # "samplics is archived"
    from samplics import PopParam, TaylorEstimator

    clock = Clock()
    # TaylorEstimator(param) takes the PopParam enum (a "mean" string is not
    # converted and fails later); domain= keeps the whole design for each
    # domain (by= would subset the data); remove_nan drops the rows with a
    # missing y (their influence is zero, and every PSU keeps rows here).
    est = TaylorEstimator(PopParam.mean)
    est.estimate(
        y=cols["y"],
        samp_weight=cols["weights"],
        stratum=cols["stratum"],
        psu=cols["psu"],
        domain=cols["group"],
        remove_nan=True,
    )
    estimate, cpu = clock.lap()
    keys = sorted(est.point_est)
    mean = [float(est.point_est[k]) for k in keys]
    se = [float(est.stderror[k]) for k in keys]
    # samplics reports one design df (PSUs − strata over the whole sample),
    # not the domain's own.
    df = [float(est.degree_of_freedom)] * len(keys)
    return 0.0, 0.0, estimate, cpu, mean, se, df


def run_svy(cols):
    import polars as pl
    import svy

    clock = Clock()
    data = pl.DataFrame(
        {
            "w": cols["weights"],
            "stratum": cols["stratum"],
            "psu": cols["psu"],
            # svy wants a missing y as null (NaN is a value to polars).
            "y": pl.Series("y", cols["y"], nan_to_null=True),
            "group": cols["group"],
        }
    )
    to_polars, _ = clock.lap()
    sample = svy.Sample(data, svy.Design(stratum="stratum", psu="psu", wgt="w"))
    design, cpu_design = clock.lap()
    # Without drop_nulls=True a null y raises; with it those rows leave the
    # estimate but stay in the design.
    out = sample.estimation.mean("y", by="group", drop_nulls=True).to_polars()
    estimate, cpu_estimate = clock.lap()
    out = out.sort("group")
    df = [float(d) for d in out["df"].to_list()]
    return to_polars, design, estimate, cpu_design + cpu_estimate, out["est"].to_list(), out["se"].to_list(), df


PEERS = {"numpy": run_numpy, "samplics": run_samplics, "svy": run_svy}


def peer(tool, directory, rows):
    t = time.perf_counter()
    cols = load(directory, rows)
    load_s = time.perf_counter() - t
    prepare, design, estimate, cpu, mean, se, df = PEERS[tool](cols)
    print(
        json.dumps(
            {
                "tool": tool,
                "rows": rows,
                "load_s": load_s + prepare,
                "design_s": design,
                "estimate_s": estimate,
                "cpu_s": cpu,
                "peak_mib": peak_mib(),
                "mean": mean,
                "se": se,
                "df": df,
            }
        )
    )


def versions():
    from importlib.metadata import PackageNotFoundError, version

    out = [f"Python {sys.version.split()[0]}"]
    for name in ("numpy", "polars", "pandas", "samplics", "svy", "svy-rs"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    return ", ".join(out)


# ---------------------------------------------------------------- the driver


def run_clusterdx(bench, rows, write_dir=None):
    cmd = [bench, str(rows), "--print", str(DOMAINS)]
    if write_dir:
        cmd += ["--write", write_dir]
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    rows_, build, estimate, peak, _input = p.stdout.split()
    mean, se, df = [], [], []
    for line in p.stderr.splitlines():
        if line.startswith("domain "):
            # domain g: mean M, se S, df D
            parts = line.replace(",", "").split()
            mean.append(float(parts[3]))
            se.append(float(parts[5]))
            df.append(float(parts[7]))
    assert len(mean) == DOMAINS, p.stderr
    return {
        "tool": "clusterdx",
        "rows": int(rows_),
        "load_s": float("nan"),
        "design_s": float(build),
        "estimate_s": float(estimate),
        "peak_mib": float(peak),
        "mean": mean,
        "se": se,
        "df": df,
    }


def run_peer(tool, directory, rows):
    t = time.perf_counter()
    p = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "peer", tool, directory, str(rows)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.stderr.write(p.stderr)
        raise SystemExit(f"{tool} failed (exit {p.returncode})")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["wall_s"] = wall
    return r


def median_run(runs):
    """Each time and the peak RSS as its median over the runs (lower median
    for an even count); the estimates of the first run."""
    out = dict(runs[0])
    for key in ("load_s", "design_s", "estimate_s", "peak_mib"):
        values = sorted(r[key] for r in runs)
        out[key] = values[(len(values) - 1) // 2]
    return out


def max_rel(a, b):
    return max(abs(x - y) / abs(y) for x, y in zip(a, b))


def fmt_rows(n):
    return f"10^{len(str(n)) - 1}" if str(n).strip("0") == "1" else f"{n:,}"


def compare(args):
    peers = [p for p in args.peers.split(",") if p]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"unknown peer {p} (known: {', '.join(PEERS)})")
    peer_rows = {p: args.rows for p in peers}
    for item in filter(None, args.peer_rows.split(",")):
        name, n = item.split("=")
        if name not in peer_rows:
            sys.exit(f"--peer-rows names {name}, which is not in --peers")
        peer_rows[name] = int(float(n))
    max_rows = max([args.rows, *peer_rows.values()])
    directory = args.dir or tempfile.mkdtemp(prefix="bench_survey_")
    print(f"# data: {max_rows:,} rows in {directory}", flush=True)
    print(f"# {versions()}", flush=True)

    ref = {}  # clusterdx at each row count
    first = run_clusterdx(args.bench, max_rows, write_dir=directory)
    os.sync()  # the .npy files on disk, so no write-back competes with the timings
    runs = {max_rows: [first]}
    for n in sorted({args.rows, *peer_rows.values()}):
        runs.setdefault(n, [])
        while len(runs[n]) < args.runs:
            runs[n].append(run_clusterdx(args.bench, n))
    for n, rs in runs.items():
        for r in rs:
            print(f"clusterdx rows={n} design={r['design_s']:.3f}s estimate={r['estimate_s']:.3f}s peak={r['peak_mib']:.0f}MiB", flush=True)
        ref[n] = median_run(rs)

    results = [ref[args.rows]]
    for tool in peers:
        n = peer_rows[tool]
        tool_runs = []
        for _ in range(args.runs if tool == "numpy" else args.slow_runs):
            r = run_peer(tool, directory, n)
            print(
                f"{tool} rows={n} load={r['load_s']:.2f}s design={r['design_s']:.3f}s "
                f"estimate={r['estimate_s']:.3f}s peak={r['peak_mib']:.0f}MiB wall={r['wall_s']:.1f}s "
                f"cpu/(design+estimate)={r['cpu_s'] / max(r['design_s'] + r['estimate_s'], 1e-9):.2f}",
                flush=True,
            )
            tool_runs.append(r)
        results.append(median_run(tool_runs))

    print()
    print("Cross-check against clusterdx at the same rows (max relative difference over the 100 domains):")
    for r in results[1:]:
        c = ref[r["rows"]]
        df_note = "same" if r["df"] == c["df"] else f"differs (e.g. domain 0: {r['df'][0]:.0f} vs {c['df'][0]:.0f})"
        print(f"- {r['tool']} ({fmt_rows(r['rows'])} rows): mean {max_rel(r['mean'], c['mean']):.1e}, SE {max_rel(r['se'], c['se']):.1e}, df {df_note}")

    print()
    print("| tool | rows | load s | design s | estimate s | peak MiB | ratio: estimate | ratio: design + estimate |")
    print("|---|---|---|---|---|---|---|---|")

    def ratio(x, y):
        q = x / y
        return f"{q:,.0f}×" if q >= 10 else f"{q:.1f}×"

    def line(r, bold):
        c = ref[r["rows"]]
        b = "**" if bold else ""
        load_s = "–" if r["tool"] == "clusterdx" else f"{r['load_s']:.2f}"
        design_s = "–" if r["tool"] == "samplics" else f"{r['design_s']:.3f}"
        print(
            f"| {b}{r['tool']}{b} | {fmt_rows(r['rows'])} | {load_s} | {design_s} | {b}{r['estimate_s']:.3f}{b} "
            f"| {b}{r['peak_mib']:.0f}{b} | {ratio(r['estimate_s'], c['estimate_s'])} "
            f"| {ratio(r['design_s'] + r['estimate_s'], c['design_s'] + c['estimate_s'])} |"
        )

    for r in results:
        line(r, r["tool"] == "clusterdx")
    for n in sorted(ref):
        if n != args.rows:
            line(ref[n], False)
    print()
    print(f"Medians of {args.runs} runs for clusterdx and numpy, {args.slow_runs} for samplics and svy. Ratios are against")
    print("clusterdx at the same rows (its line for those rows). samplics has no separate design step: its estimate")
    print("time includes it. Peak MiB is each process's VmHWM, the input columns included.")
    if not args.dir and not args.keep:
        for name in COLUMNS:
            os.remove(os.path.join(directory, f"{name}.npy"))
        os.rmdir(directory)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--bench", required=True, help="the by_domain bench binary")
    c.add_argument("--rows", type=lambda s: int(float(s)), default=10_000_000)
    c.add_argument("--peers", default="numpy,samplics,svy")
    c.add_argument("--peer-rows", default="", help="e.g. svy=1000000,samplics=1000000")
    c.add_argument("--runs", type=int, default=5, help="runs of clusterdx and numpy (medians)")
    c.add_argument("--slow-runs", type=int, default=1, help="runs of samplics and svy")
    c.add_argument("--dir", help="where the .npy files go (default: a temporary folder, removed)")
    c.add_argument("--keep", action="store_true", help="keep the temporary .npy folder")
    p = sub.add_parser("peer")
    p.add_argument("tool", choices=sorted(PEERS))
    p.add_argument("dir")
    p.add_argument("rows", type=int)
    args = ap.parse_args()
    if args.cmd == "peer":
        peer(args.tool, args.dir, args.rows)
    else:
        compare(args)


if __name__ == "__main__":
    main()
