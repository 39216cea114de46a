#!/usr/bin/env python3
"""Side by side: clusterdx's poverty, inequality and MPI estimates against
the Python peers, for `docs/performance.md` (run through
`tools/bench_poverty.sh`, which makes the venv and builds the bench).

The data: the seeded synthetic samples of
`crates/poverty/benches/poverty.rs`, written by the bench (`--write DIR`):
`DIR/poverty.csv` (`y,w`: 10^7 persons, lognormal welfare, weights 1–50)
and `DIR/mpi.csv` (`d_1,…,d_10,w,group,stratum,psu`: 10^6 persons, 10
binary indicators, 20 subgroups, 1,000 PSUs in 100 strata). The bench
itself times clusterdx (medians of its runs, in one process); each peer
then runs in its own process on those files, so its peak RSS is its own.

    python tools/bench_poverty.py compare --bench BIN [--quick] [--runs R] [--peer-runs R]
                                          [--peers apode,ineqpy,mpitb] [--dir DIR] [--keep]
    python tools/bench_poverty.py peer TOOL DIR [--line Z]   # one peer, prints one JSON line

Peers and what is timed (each call on its own; `load`, reading the CSV
with pandas, is not counted):
- `apode` (0.1.0): `ApodeData(df, income_column="y")`, then
  `inequality.gini()` and `poverty.fgt(pline="median", factor=0.6,
  alpha=a)` for a = 0, 1, 2 (each call sorts y and, for FGT, takes the
  median again). Unweighted: apode has no weights and no SEs.
- `ineqpy` (0.4.1): `inequality.gini(income=y, weights=w)` (weighted) and
  `inequality.gini(income=y)`; no SEs.
- `mpitb` (0.2, the Python package): `svyset(psu, weight, strata)`, the
  global MPI's three equally weighted dimensions, `est(df, ..., klist=[33],
  weights="equal", svy=True)` for everyone, then with `over=["group"]`
  (everyone and the 20 subgroups). k = 33% poor-classifies exactly as
  clusterdx's k = 1/3 here (scores are multiples of 1/18). Its SEs ignore
  strata and PSUs (binomial and Kish-effective-n formulas).

Cross-checks (printed): apode's Gini and FGT (at clusterdx's unweighted
line) against clusterdx's unweighted ones; ineqpy's weighted Gini against
clusterdx's weighted Gini; mpitb's H, A and M0 for everyone and every
subgroup against clusterdx's, and the ratio of its SEs to clusterdx's
design-based ones.
"""
import argparse
import gc
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings


def status_mib(field):
    """VmHWM (peak) or VmRSS (current) of this process in MiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reset_peak():
    """Resets VmHWM to the current RSS (Linux ≥ 4.0); False where refused."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def read_csv(path, **kw):
    import pandas as pd

    # The values exactly as the bench wrote them (pandas 3 parses exactly by
    # default and deprecates the option).
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(path, **exact, **kw)


def loaded(directory, name, **kw):
    """(frame, load seconds, load peak MiB, held MiB after a peak reset)."""
    t = time.perf_counter()
    df = read_csv(os.path.join(directory, name), **kw)
    load_s = time.perf_counter() - t
    load_peak = status_mib("VmHWM")
    gc.collect()
    reset_peak()
    return df, load_s, load_peak, status_mib("VmRSS")


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


# ---------------------------------------------------------------- the peers


def run_apode(directory, line):
    from apode import ApodeData

    df, load_s, load_peak, held = loaded(directory, "poverty.csv", usecols=["y"])
    ad = ApodeData(df, income_column="y")
    times, values = {}, {}
    values["gini"], times["gini"] = timed(ad.inequality.gini)
    fgt_s = 0.0
    for a in (0, 1, 2):
        v, s = timed(lambda: ad.poverty.fgt(pline="median", factor=0.6, alpha=a))
        values[f"fgt{a}"] = float(v)
        fgt_s += s
    times["fgt0-2"] = fgt_s
    peak = status_mib("VmHWM")
    import numpy as np

    values["line"] = float(0.6 * np.median(df["y"].to_numpy()))
    if line is not None:  # untimed: at clusterdx's line, for the cross-check
        for a in (0, 1, 2):
            values[f"fgt{a}_at_line"] = float(ad.poverty.fgt(pline=line, alpha=a))
    values["gini"] = float(values["gini"])
    return load_s, load_peak, held, times, peak, values


def run_ineqpy(directory, line):
    from ineqpy import inequality

    df, load_s, load_peak, held = loaded(directory, "poverty.csv")
    y, w = df["y"].to_numpy(), df["w"].to_numpy()
    times, values = {}, {}
    values["gini_weighted"], times["gini weighted"] = timed(lambda: inequality.gini(income=y, weights=w))
    values["gini"], times["gini"] = timed(lambda: inequality.gini(income=y))
    peak = status_mib("VmHWM")
    return load_s, load_peak, held, times, peak, {k: float(v) for k, v in values.items()}


def run_mpitb(directory, line):
    from mpitb import mpi

    df, load_s, load_peak, held = loaded(directory, "mpi.csv")
    inds = [f"d_{j}" for j in range(1, 11)]
    mpi.svyset(psu="psu", weight="w", strata="stratum")
    mpi.set(
        name="gmpi",
        dimensions=[(inds[0:2], "health"), (inds[2:4], "education"), (inds[4:10], "living")],
        replace=True,
    )
    times, values = {}, {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas' chained-assignment warnings inside mpitb
        a = df.copy()
        national, times["national"] = timed(lambda: mpi.est(a, "gmpi", klist=[33], weights="equal", svy=True))
        del a
        b = df.copy()
        over, times["national + 20 subgroups"] = timed(
            lambda: mpi.est(b, "gmpi", klist=[33], weights="equal", svy=True, over=["group"])
        )
        del b
    peak = status_mib("VmHWM")
    for r in over:
        if r.get("indicator") is None and r["measure"] in ("H", "A", "M0"):
            g = 0 if r["loa"] == "nat" else int(r["subg"])
            values[f"{g} {r['measure']}"] = [float(r["b"]), float(r["se"])]
    return load_s, load_peak, held, times, peak, values


PEERS = {"apode": run_apode, "ineqpy": run_ineqpy, "mpitb": run_mpitb}


def peer(tool, directory, line):
    load_s, load_peak, held, times, peak, values = PEERS[tool](directory, line)
    print(
        json.dumps(
            {
                "tool": tool,
                "load_s": load_s,
                "load_peak_mib": load_peak,
                "held_mib": held,
                "times": times,
                "peak_mib": peak,
                "values": values,
            }
        )
    )


def versions():
    from importlib.metadata import PackageNotFoundError, version

    out = [f"Python {sys.version.split()[0]}"]
    for name in ("apode", "ineqpy", "mpitb", "numpy", "pandas", "numba"):
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
    if args.quick:
        cmd.append("--quick")
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit(f"the bench failed (exit {p.returncode})")
    times, peaks, notes = {}, [], []
    part = "poverty"
    for line in p.stdout.splitlines():
        if line.startswith("#"):
            notes.append(line)
            if line.startswith("# mpi"):
                part = "mpi"
            continue
        name, value = line.split()
        if name == "peak_rss_mib":
            peaks.append((part, float(value)))
        else:
            times[name] = float(value)
    values = {"mpi": {}}
    for line in p.stderr.splitlines():
        f = line.split()
        if f[:1] == ["value"]:
            values[f[1]] = (float(f[2]), float(f[3]), float(f[4]))
        elif f[:1] == ["unweighted"]:
            values["unweighted " + f[1]] = float(f[2])
        elif f[:2] == ["line", "z"]:
            values["line"] = float(f[2])
        elif f[:1] == ["mpi"] and f[2] in ("H", "A", "M0"):
            values["mpi"][f"{f[1]} {f[2]}"] = [float(f[3]), float(f[4])]
    return {"times": times, "peaks": dict(peaks), "notes": notes, "values": values}


def run_peer(tool, directory, line):
    cmd = [sys.executable, os.path.abspath(__file__), "peer", tool, directory]
    if line is not None:
        cmd += ["--line", repr(line)]
    t = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if p.returncode != 0:
        sys.stderr.write(p.stderr[-4000:])
        raise SystemExit(f"{tool} failed (exit {p.returncode})")
    r = json.loads(p.stdout.strip().splitlines()[-1])
    r["wall_s"] = wall
    return r


def lower_median(xs):
    xs = sorted(xs)
    return xs[(len(xs) - 1) // 2]


def rel(a, b):
    return abs(a - b) / abs(b) if b else abs(a - b)


def compare(args):
    peers = [p for p in args.peers.split(",") if p]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"unknown peer {p} (known: {', '.join(PEERS)})")
    directory = args.dir or tempfile.mkdtemp(prefix="bench_poverty_")
    os.makedirs(directory, exist_ok=True)
    print(f"# data in {directory}", flush=True)
    print(f"# {versions()}", flush=True)
    ref = run_clusterdx(args.bench, args, directory)
    for n in ref["notes"]:
        print(n, flush=True)
    ct = ref["times"]
    print("clusterdx " + " ".join(f"{k}={v:.3f}" for k, v in ct.items()), flush=True)
    os.sync()  # the CSVs on disk, so no write-back competes with the timings
    vals = ref["values"]

    results = {}
    for tool in peers:
        if not installed(tool):
            print(f"{tool}: not installed in this venv, skipped", flush=True)
            continue
        runs = []
        for _ in range(args.peer_runs):
            r = run_peer(tool, directory, vals.get("unweighted line"))
            print(
                f"{tool} load={r['load_s']:.1f}s held={r['held_mib']:.0f}MiB "
                + " ".join(f"[{k}]={v:.3f}s" for k, v in r["times"].items())
                + f" peak={r['peak_mib']:.0f}MiB wall={r['wall_s']:.1f}s",
                flush=True,
            )
            runs.append(r)
        med = dict(runs[0])
        med["times"] = {k: lower_median([r["times"][k] for r in runs]) for k in runs[0]["times"]}
        med["load_s"] = lower_median([r["load_s"] for r in runs])
        med["peak_mib"] = lower_median([r["peak_mib"] for r in runs])
        results[tool] = med

    print()
    print("Cross-check against clusterdx:")
    if "apode" in results:
        v = results["apode"]["values"]
        print(
            f"- apode Gini {v['gini']:.12f} vs clusterdx unweighted {vals['unweighted Gini']:.12f} "
            f"(rel diff {rel(v['gini'], vals['unweighted Gini']):.1e})"
        )
        print(
            f"- apode line 0.6 × np.median = {v['line']:.6f}, clusterdx unweighted 0.6 × inverse-CDF median "
            f"= {vals['unweighted line']:.6f}"
        )
        for a in (0, 1, 2):
            got, want = v.get(f"fgt{a}_at_line"), vals[f"unweighted FGT{a}"]
            if got is not None:
                print(f"- apode FGT{a} at clusterdx's line {got:.12f} vs {want:.12f} (rel diff {rel(got, want):.1e})")
    if "ineqpy" in results:
        v = results["ineqpy"]["values"]
        g = vals["Gini"][0]
        print(
            f"- ineqpy weighted Gini {v['gini_weighted']:.12f} vs clusterdx {g:.12f} (rel diff "
            f"{rel(v['gini_weighted'], g):.1e}); unweighted {v['gini']:.12f} vs "
            f"{vals['unweighted Gini']:.12f} (rel diff {rel(v['gini'], vals['unweighted Gini']):.1e})"
        )
    if "mpitb" in results:
        v = results["mpitb"]["values"]
        keys = [k for k in vals["mpi"] if k in v]
        worst = max(rel(v[k][0], vals["mpi"][k][0]) for k in keys)
        ratios = sorted(v[k][1] / vals["mpi"][k][1] for k in keys if vals["mpi"][k][1] > 0)
        print(
            f"- mpitb H, A, M0 for everyone and the subgroups ({len(keys)} figures): max rel diff {worst:.1e}; "
            f"its SE / clusterdx's design SE: median {lower_median(ratios):.2f}, range "
            f"{ratios[0]:.2f}–{ratios[-1]:.2f}"
        )
        for k in ("0 H", "0 A", "0 M0"):
            if k in v:
                print(
                    f"  everyone {k.split()[1]}: {vals['mpi'][k][0]:.6f}, SE clusterdx {vals['mpi'][k][1]:.6f}, "
                    f"mpitb {v[k][1]:.6f}"
                )

    # Table.
    rows_p = "10^5" if args.quick else "10^7"
    rows_m = "10^5" if args.quick else "10^6"
    fgt = ct["sort"] + ct["line"] + ct["FGT0"] + ct["FGT1"] + ct["FGT2"]
    gini = ct["sort"] + ct["Gini"]
    print()
    print("| task | rows | tool | what | seconds | peak MiB | ratio to clusterdx |")
    print("|---|---|---|---|---|---|---|")

    def secs(x):
        return f"{x:.1f}" if x >= 10 else f"{x:.3f}" if x < 1 else f"{x:.2f}"

    def ratio(x, y):
        q = x / y
        return f"{q:,.0f}×" if q >= 10 else f"{q:.1f}×"

    pk = ref["peaks"]
    print(f"| Gini | {rows_p} | **clusterdx** | sort + weighted Gini with design SE | **{secs(gini)}** | {pk.get('poverty', float('nan')):.0f} | 1 |")
    if "apode" in results:
        r = results["apode"]
        print(f"| | | apode | unweighted Gini (sorts), no SE | {secs(r['times']['gini'])} | {r['peak_mib']:.0f} | {ratio(r['times']['gini'], gini)} |")
    if "ineqpy" in results:
        r = results["ineqpy"]
        for k, what in (("gini weighted", "weighted Gini, no SE"), ("gini", "unweighted Gini, no SE")):
            print(f"| | | ineqpy | {what} | {secs(r['times'][k])} | {r['peak_mib']:.0f} | {ratio(r['times'][k], gini)} |")
    print(f"| FGT0–2 at 0.6 × median | {rows_p} | **clusterdx** | sort + line + 3 weighted FGT with design SEs | **{secs(fgt)}** | | 1 |")
    if "apode" in results:
        r = results["apode"]
        print(f"| | | apode | 3 unweighted FGT (each sorts, takes the median), no SE | {secs(r['times']['fgt0-2'])} | {r['peak_mib']:.0f} | {ratio(r['times']['fgt0-2'], fgt)} |")
    print(f"| 12 measures (FGT0–2, Watts, mean, Gini, GE0–2, Atkinson 0.5/1/2) | {rows_p} | **clusterdx** | sort + line + all 12 with design SEs, together (`Distribution::estimate`) | **{secs(ct['batch_total'])}** | | – |")
    print(f"| | | clusterdx | the same, one `estimate_statistic` at a time | {secs(ct['total'])} | | – |")
    print(f"| MPI, everyone | {rows_m} | **clusterdx** | H, A, M0, 10 hd, 10 hdk, design SEs | **{secs(ct['mpi_national'])}** | {pk.get('mpi', float('nan')):.0f} | 1 |")
    if "mpitb" in results:
        r = results["mpitb"]
        print(f"| | | mpitb | H, A, M0, hdk, contributions, hd; SEs ignore the design | {secs(r['times']['national'])} | {r['peak_mib']:.0f} | {ratio(r['times']['national'], ct['mpi_national'])} |")
    print(f"| MPI, everyone + 20 subgroups | {rows_m} | **clusterdx** | the same for 21 groups | **{secs(ct['mpi_total'])}** | | 1 |")
    if "mpitb" in results:
        r = results["mpitb"]
        k = "national + 20 subgroups"
        print(f"| | | mpitb | the same for 21 groups | {secs(r['times'][k])} | | {ratio(r['times'][k], ct['mpi_total'])} |")
    print()
    print(f"clusterdx: medians of {args.runs} runs in one process (peak RSS: the bench process after each part,")
    print(f"its synthetic data included); peers: medians of {args.peer_runs} runs, each in its own process,")
    print("peak RSS = VmHWM after loading the CSV (reset after the load), the data included; load not counted.")
    missing = [p for p in peers if p not in results]
    if missing:
        print(f"Not run (not installed): {', '.join(missing)}.")
    if not args.dir and not args.keep:
        shutil.rmtree(directory)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--bench", required=True, help="the poverty bench binary")
    c.add_argument("--quick", action="store_true", help="10^5 rows in both parts")
    c.add_argument("--runs", type=int, default=5, help="clusterdx runs (medians, inside the bench)")
    c.add_argument("--peer-runs", type=int, default=3, help="runs of each peer (medians)")
    c.add_argument("--peers", default="apode,ineqpy,mpitb")
    c.add_argument("--dir", help="where the CSVs go (default: a temporary folder, removed)")
    c.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p = sub.add_parser("peer")
    p.add_argument("tool", choices=sorted(PEERS))
    p.add_argument("dir")
    p.add_argument("--line", type=float, help="clusterdx's unweighted line (apode's cross-check)")
    args = ap.parse_args()
    if args.cmd == "peer":
        peer(args.tool, args.dir, args.line)
    else:
        compare(args)


if __name__ == "__main__":
    main()
