#!/usr/bin/env python3
"""Side by side: clusterdx's economic complexity against py-ecomplexity (and a
numpy symmetric reformulation), for `docs/performance.md` (run through
`tools/bench_complexity.sh`, which makes the venv).

The task: from a regions × industries value matrix, RCA, M (RCA ≥ 1),
diversity, ubiquity, ECI, PCI, proximity, density, COI and COG, on the seeded
synthetic matrix of `crates/indices/benches/complexity.rs` (5,000 regions ×
1,000 industries, nested). The Rust bench writes it as a long CSV
(`--write DIR`: `DIR/trade.csv`, `year,loc,prod,val`, one row per cell); each
peer then runs in its own process on that file, so its peak RSS is its own.

    python tools/bench_complexity.py compare --bench BIN [--regions N] [--industries N]
                                             [--threads 1,2] [--peers ecomplexity,numpy]
                                             [--runs R] [--slow-runs R] [--dir DIR] [--keep]
    python tools/bench_complexity.py peer TOOL DIR     # one peer, prints one JSON line

Peers:
- `ecomplexity`: py-ecomplexity (the Growth Lab's package, `from ecomplexity
  import ecomplexity`) with its defaults (RCA threshold 1, discrete symmetric
  proximity, its log-supermodularity check on a 10^4-cell sample), on the
  DataFrame as `pandas.read_csv` gives it.
- `numpy`: the same measures with Stata's conventions (those clusterdx
  follows) in a few dense numpy steps, the eigenproblem in its symmetric form
  S = D_p^-1/2 Mᵀ D_c^-1 M D_p^-1/2 solved by `numpy.linalg.eigh` (where
  py-ecomplexity calls the non-symmetric `numpy.linalg.eig` on
  D_p^-1 Mᵀ D_c^-1 M).

Times: `load` reads the CSV (and, for numpy, makes the dense matrix); it is
not counted. `seconds` is the complexity call alone (clusterdx:
`clusterdx_indices::complexity` on the generated matrix). Peak MiB is the
process's VmHWM during the call, the input it holds included: each peer
resets its high-water mark after loading (`/proc/self/clear_refs`), so the
parse's transient memory is not counted; the load's own peak is printed
separately.

Cross-check: ECI and PCI of every region and product against clusterdx
(`--print` of the bench, full precision). py-ecomplexity standardises by
numpy's population sd over locations, clusterdx (like Stata's `ecomplexity`)
by the sample sd over the panel of location × product rows, so
py-ecomplexity's ECI and PCI are clusterdx's times sqrt(CP / (CP − 1)) (C
locations, P products: 1.0017 for the 1995 Stata fixture of
shared/reference/cluster, 1 + 1e-7 here); the check divides by that factor.
"""
import argparse
import contextlib
import gc
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time

CSV = "trade.csv"


def status_mib(field):
    """VmHWM (peak) or VmRSS (current) of this process in MiB (VmHWM, unlike
    ru_maxrss, is not inherited through fork and exec)."""
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


# ---------------------------------------------------------------- the peers


def load_frame(directory):
    import pandas as pd

    # The values exactly as the bench wrote them: before pandas 3 the default
    # parser may be off by an ulp (which could move a cell across RCA = 1);
    # pandas 3 parses exactly by default and deprecates the option.
    exact = {} if int(pd.__version__.split(".")[0]) >= 3 else {"float_precision": "round_trip"}
    return pd.read_csv(os.path.join(directory, CSV), **exact)


def run_ecomplexity(directory):
    """py-ecomplexity on the long DataFrame. Returns (load_s, load_peak,
    held_mib, seconds, cpu_s, steps, eci, pci, coi) with eci/coi keyed by
    location, pci by product."""
    from ecomplexity import ecomplexity

    # The module (the package's `ecomplexity` attribute is the function).
    ecm = sys.modules["ecomplexity.ecomplexity"]

    t = time.perf_counter()
    data = load_frame(directory)
    load_s = time.perf_counter() - t
    load_peak = status_mib("VmHWM")
    gc.collect()
    reset_peak()
    held = status_mib("VmRSS")

    # Time its steps by wrapping the functions its module calls by name (the
    # wrappers cost nothing measurable next to the steps).
    steps = {}

    def timed(name, fn):
        def wrapper(*a, **k):
            s = time.perf_counter()
            try:
                return fn(*a, **k)
            finally:
                steps[name] = steps.get(name, 0.0) + time.perf_counter() - s

        return wrapper

    for name in ("calc_eci_pci", "calc_discrete_proximity", "calc_density", "calc_coi_cog",
                 "get_frac_logsupermodular", "reshape_output_to_data", "conform_to_original_data"):
        setattr(ecm, name, timed(name, getattr(ecm, name)))
    cls = ecm.ComplexityData
    for name in ("__init__", "create_full_df", "calculate_rca", "calculate_mcp"):
        setattr(cls, name, timed(f"ComplexityData.{name}", getattr(cls, name)))
    eig = __import__("numpy").linalg.eig
    __import__("numpy").linalg.eig = timed("numpy.linalg.eig (inside calc_eci_pci)", eig)

    cols = {"time": "year", "loc": "loc", "prod": "prod", "val": "val"}
    t, c = time.perf_counter(), time.process_time()
    with contextlib.redirect_stdout(sys.stderr):  # it prints the year and the log-supermodularity share
        out = ecomplexity(data, cols)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    __import__("numpy").linalg.eig = eig
    by_loc = out.groupby("loc", sort=False).first()
    by_prod = out.groupby("prod", sort=False).first()
    eci = {str(k): float(v) for k, v in by_loc["eci"].items()}
    coi = {str(k): float(v) for k, v in by_loc["coi"].items()}
    pci = {str(k): float(v) for k, v in by_prod["pci"].items()}
    return load_s, load_peak, held, seconds, cpu, steps, eci, pci, coi


def numpy_complexity(x):
    """ECI, PCI, COI (and proximity, density, COG) of the C × P value matrix
    x with Stata's conventions, as clusterdx: M = RCA ≥ 1; the second
    eigenvector of the symmetric S on the product side; sign by covariance
    with diversity; ECI's panel mean and sample sd for both indices;
    proximity Σ_c M_cp M_cp' / max(k_p, k_p'), diagonal 0; density
    M φ / Σφ; COI Σ_p (1 − M) d PCI/sd, standardised over the panel;
    COG (1 − M_cp) Σ_p' (1 − M_cp') φ_p'p PCI_p'/(sd Φ_p')."""
    import numpy as np

    rows = x.sum(axis=1)
    cols = x.sum(axis=0)
    rca = (x / rows[:, None]) / (cols / cols.sum())[None, :]
    m = (rca >= 1.0).astype(np.float64)
    kc, kp = m.sum(axis=1), m.sum(axis=0)
    locs, prods = kc > 0, kp > 0
    mv = m[locs][:, prods]
    kcv, kpv = kc[locs], kp[prods]
    a = mv / np.sqrt(kcv)[:, None] / np.sqrt(kpv)[None, :]
    s = a.T @ a  # D_p^-1/2 Mᵀ D_c^-1 M D_p^-1/2, P × P
    _, vecs = np.linalg.eigh(s)
    w = vecs[:, -2] / np.sqrt(kpv)
    f = (mv @ w) / kcv
    if np.sum((f - f.mean()) * (kcv - kcv.mean())) < 0:
        f, w = -f, -w
    n_c, n_p = f.shape[0], w.shape[0]

    def panel(v):
        mean = v.mean()
        return mean, math.sqrt(n_p * np.sum((v - mean) ** 2) / (n_c * n_p - 1))

    mean, sd = panel(f)
    eci = np.full(x.shape[0], np.nan)
    pci = np.full(x.shape[1], np.nan)
    scaled = np.zeros(x.shape[1])
    eci[locs] = (f - mean) / sd
    pci[prods] = (w - mean) / sd
    scaled[prods] = w / sd
    phi = m.T @ m / np.maximum(kp[:, None], kp[None, :])
    np.fill_diagonal(phi, 0.0)
    phi = np.nan_to_num(phi)
    phi_sum = phi.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        density = np.nan_to_num((m @ phi) / phi_sum[None, :])
        weight = np.where(phi_sum > 0, scaled / phi_sum, 0.0)
    absent = 1.0 - m
    coi = (absent * density) @ scaled
    coi_mean, coi_sd = panel(coi)
    coi = (coi - coi_mean) / coi_sd
    cog = absent * (absent @ (phi * weight[:, None]))
    return eci, pci, coi, phi, density, cog


def run_numpy(directory):
    import numpy as np
    import pandas as pd

    t = time.perf_counter()
    data = load_frame(directory)
    locs = pd.unique(data["loc"])
    prods = pd.unique(data["prod"])
    li = pd.Index(locs).get_indexer(data["loc"])
    pi = pd.Index(prods).get_indexer(data["prod"])
    x = np.zeros((len(locs), len(prods)))
    np.add.at(x, (li, pi), data["val"].to_numpy(dtype=np.float64))
    del data, li, pi
    load_s = time.perf_counter() - t
    load_peak = status_mib("VmHWM")
    gc.collect()
    reset_peak()
    held = status_mib("VmRSS")
    t, c = time.perf_counter(), time.process_time()
    eci, pci, coi, *_ = numpy_complexity(x)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    return (
        load_s, load_peak, held, seconds, cpu, {},
        {str(k): float(v) for k, v in zip(locs, eci)},
        {str(k): float(v) for k, v in zip(prods, pci)},
        {str(k): float(v) for k, v in zip(locs, coi)},
    )


PEERS = {"ecomplexity": run_ecomplexity, "numpy": run_numpy}


def peer(tool, directory):
    load_s, load_peak, held, seconds, cpu, steps, eci, pci, coi = PEERS[tool](directory)
    print(
        json.dumps(
            {
                "tool": tool,
                "load_s": load_s,
                "load_peak_mib": load_peak,
                "held_mib": held,
                "seconds": seconds,
                "cpu_s": cpu,
                "peak_mib": status_mib("VmHWM"),
                "steps": steps,
                "eci": eci,
                "pci": pci,
                "coi": coi,
            }
        )
    )


def versions():
    from importlib.metadata import PackageNotFoundError, version

    out = [f"Python {sys.version.split()[0]}"]
    for name in ("ecomplexity", "numpy", "pandas", "scipy", "scikit-learn"):
        try:
            out.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            pass
    try:
        import numpy  # noqa: F401  (loads its BLAS)
        from threadpoolctl import threadpool_info

        for lib in threadpool_info():
            if lib.get("user_api") == "blas":
                out.append(f"{lib['internal_api']} {lib['version']} ({lib.get('architecture')} kernels, {lib['num_threads']} threads)")
    except ImportError:
        pass
    return ", ".join(out)


# ---------------------------------------------------------------- the driver


def run_clusterdx(bench, regions, industries, threads, write_dir=None):
    cmd = [bench, str(regions), str(industries), str(threads), "--print", str(max(regions, industries))]
    if write_dir:
        cmd += ["--write", write_dir]
    p = subprocess.run(cmd, capture_output=True, text=True, check=True)
    n_c, n_p, t, seconds, peak, share = p.stdout.split()
    eci, pci, coi = {}, {}, {}
    for line in p.stderr.splitlines():
        # region r0: eci E, coi K  /  product i0: pci P
        parts = line.replace(",", "").replace(":", "").split()
        if parts[:1] == ["region"]:
            eci[parts[1]] = float(parts[3])
            coi[parts[1]] = float(parts[5])
        elif parts[:1] == ["product"]:
            pci[parts[1]] = float(parts[3])
    assert len(eci) == regions and len(pci) == industries, p.stderr[-2000:]
    return {
        "tool": "clusterdx",
        "threads": int(t),
        "seconds": float(seconds),
        "peak_mib": float(peak),
        "share_m": float(share),
        "eci": eci,
        "pci": pci,
        "coi": coi,
    }


def run_peer(tool, directory):
    t = time.perf_counter()
    p = subprocess.run(
        [sys.executable, os.path.abspath(__file__), "peer", tool, directory],
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
    """Each time and peak as its median over the runs (lower median for an
    even count); the indices of the first run."""
    out = dict(runs[0])
    for key in ("seconds", "peak_mib", "load_s"):
        if key in out:
            values = sorted(r[key] for r in runs)
            out[key] = values[(len(values) - 1) // 2]
    return out


def agreement(peer_values, ref_values, factor):
    """(n, correlation, max |a/factor − b|, max relative difference, sign
    disagreements) over the keys both have, finite on both sides."""
    keys = [k for k in ref_values if k in peer_values
            and math.isfinite(ref_values[k]) and math.isfinite(peer_values[k])]
    a = [peer_values[k] / factor for k in keys]
    b = [ref_values[k] for k in keys]
    n = len(keys)
    ma, mb = sum(a) / n, sum(b) / n
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    corr = cov / math.sqrt(sum((x - ma) ** 2 for x in a) * sum((y - mb) ** 2 for y in b))
    abs_diff = max(abs(x - y) for x, y in zip(a, b))
    rel_diff = max(abs(x - y) / abs(y) for x, y in zip(a, b) if y != 0)
    signs = sum(1 for x, y in zip(a, b) if (x > 0) != (y > 0))
    return n, corr, abs_diff, rel_diff, signs


def fitted_factor(peer_values, ref_values):
    keys = [k for k in ref_values if k in peer_values
            and math.isfinite(ref_values[k]) and math.isfinite(peer_values[k])]
    return sum(peer_values[k] * ref_values[k] for k in keys) / sum(ref_values[k] ** 2 for k in keys)


def compare(args):
    peers = [p for p in args.peers.split(",") if p]
    for p in peers:
        if p not in PEERS:
            sys.exit(f"unknown peer {p} (known: {', '.join(PEERS)})")
    threads = [int(t) for t in args.threads.split(",") if t] or [os.cpu_count() or 1]
    directory = args.dir or tempfile.mkdtemp(prefix="bench_complexity_")
    size = f"{args.regions:,} × {args.industries:,}"
    print(f"# data: {size} in {os.path.join(directory, CSV)}", flush=True)
    print(f"# {versions()}", flush=True)

    runs = {t: [] for t in threads}
    runs[threads[0]].append(run_clusterdx(args.bench, args.regions, args.industries, threads[0], write_dir=directory))
    os.sync()  # the CSV on disk, so no write-back competes with the timings
    for t in threads:
        while len(runs[t]) < args.runs:
            runs[t].append(run_clusterdx(args.bench, args.regions, args.industries, t))
    ref_by_threads = {}
    for t, rs in runs.items():
        for r in rs:
            print(f"clusterdx threads={t} seconds={r['seconds']:.3f} peak={r['peak_mib']:.0f}MiB share_of_M={r['share_m']:.3f}", flush=True)
        ref_by_threads[t] = median_run(rs)
    ref_threads = max(threads)
    ref = ref_by_threads[ref_threads]

    results = []
    for tool in peers:
        tool_runs = []
        for _ in range(args.runs if tool == "numpy" else args.slow_runs):
            r = run_peer(tool, directory)
            print(
                f"{tool} load={r['load_s']:.1f}s (peak {r['load_peak_mib']:.0f}MiB) held={r['held_mib']:.0f}MiB "
                f"seconds={r['seconds']:.2f} peak={r['peak_mib']:.0f}MiB wall={r['wall_s']:.1f}s "
                f"cpu/seconds={r['cpu_s'] / max(r['seconds'], 1e-9):.2f}",
                flush=True,
            )
            if r["steps"]:
                steps = sorted(r["steps"].items(), key=lambda kv: -kv[1])
                print("  steps: " + ", ".join(f"{k} {v:.2f}s" for k, v in steps), flush=True)
            tool_runs.append(r)
        results.append(median_run(tool_runs))

    # py-ecomplexity's standardisation against the panel's (see the docstring).
    cp = sum(1 for v in ref["eci"].values() if math.isfinite(v)) * sum(1 for v in ref["pci"].values() if math.isfinite(v))
    py_factor = math.sqrt(cp / (cp - 1))
    print()
    print("Cross-check against clusterdx (every region's ECI, every product's PCI):")
    for t, r in ref_by_threads.items():
        if t != ref_threads:
            same = r["eci"] == ref["eci"] and r["pci"] == ref["pci"] and r["coi"] == ref["coi"]
            print(f"- clusterdx with {t} thread(s) vs {ref_threads}: {'identical' if same else 'DIFFERENT'}")
    for r in results:
        factor = py_factor if r["tool"] == "ecomplexity" else 1.0
        if r["tool"] == "ecomplexity":
            print(
                f"- ecomplexity's scale over clusterdx's: expected sqrt(CP/(CP-1)) = {py_factor:.9f}; "
                f"fitted ECI {fitted_factor(r['eci'], ref['eci']):.9f}, PCI {fitted_factor(r['pci'], ref['pci']):.9f}"
            )
        names = ("ECI", "PCI", "COI")
        for name in names:
            n, corr, abs_diff, rel_diff, signs = agreement(r[name.lower()], ref[name.lower()], factor)
            note = ""
            if r["tool"] == "ecomplexity" and name == "COI":
                note = " (not comparable to 1e-15: py-ecomplexity's proximity has a diagonal of 1, Stata's 0)"
            print(
                f"- {r['tool']} {name} (n={n}{', divided by the factor' if factor != 1.0 else ''}): "
                f"correlation {corr:.12f}, max abs diff {abs_diff:.1e}, max rel diff {rel_diff:.1e}, "
                f"sign disagreements {signs}{note}"
            )

    print()
    print("| tool | size | threads | load s | seconds | peak MiB | ratio to clusterdx |")
    print("|---|---|---|---|---|---|---|")

    def ratio(x, y):
        q = x / y
        return f"{q:,.0f}×" if q >= 10 else f"{q:.1f}×"

    def secs(x):
        return f"{x:.1f}" if x >= 10 else f"{x:.3f}"

    for t in sorted(threads, reverse=True):
        r = ref_by_threads[t]
        b = "**" if t == ref_threads else ""
        print(f"| {b}clusterdx{b} | {size} | {t} | – | {b}{secs(r['seconds'])}{b} | {b}{r['peak_mib']:.0f}{b} | {ratio(r['seconds'], ref['seconds'])} |")
    blas = os.environ.get("OPENBLAS_NUM_THREADS") or str(os.cpu_count() or 1)
    for r in results:
        print(
            f"| {r['tool']} | {size} | BLAS {blas} | {r['load_s']:.1f} | {secs(r['seconds'])} | {r['peak_mib']:.0f} "
            f"| {ratio(r['seconds'], ref['seconds'])} |"
        )
    print()
    print(f"Medians of {args.runs} runs for clusterdx and numpy, {args.slow_runs} for ecomplexity. Ratios are against")
    print(f"clusterdx with {ref_threads} thread(s). Load (the CSV, not counted) is the peers' own. Peak MiB is each process's")
    print("VmHWM during the call (the peers reset it after loading), the data it holds included.")
    if not args.dir and not args.keep:
        os.remove(os.path.join(directory, CSV))
        os.rmdir(directory)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compare")
    c.add_argument("--bench", required=True, help="the complexity bench binary")
    c.add_argument("--regions", type=lambda s: int(float(s)), default=5_000)
    c.add_argument("--industries", type=lambda s: int(float(s)), default=1_000)
    c.add_argument("--threads", default=f"1,{os.cpu_count() or 1}", help="clusterdx thread counts, e.g. 1,2 (ratios use the largest)")
    c.add_argument("--peers", default="ecomplexity,numpy")
    c.add_argument("--runs", type=int, default=5, help="runs of clusterdx and numpy (medians)")
    c.add_argument("--slow-runs", type=int, default=1, help="runs of ecomplexity")
    c.add_argument("--dir", help="where trade.csv goes (default: a temporary folder, removed)")
    c.add_argument("--keep", action="store_true", help="keep the temporary folder")
    p = sub.add_parser("peer")
    p.add_argument("tool", choices=sorted(PEERS))
    p.add_argument("dir")
    args = ap.parse_args()
    if args.cmd == "peer":
        peer(args.tool, args.dir)
    else:
        compare(args)


if __name__ == "__main__":
    main()
