#!/usr/bin/env python3
"""Benchmark data and the Python peers for `docs/performance.md`.

    python tools/bench_ingest.py generate DIR [ROWS]   # DIR/bench.csv and DIR/bench.dta
    python tools/bench_ingest.py pandas FILE.csv       # time pandas.read_csv
    python tools/bench_ingest.py pyreadstat FILE.dta   # time pyreadstat.read_dta

Each timing prints one line `tool wall_s peak_rss_mib rows cols` and runs in its
own process, so the peak resident memory is that reader's alone. Needs
numpy, pandas and pyreadstat (a dev venv; never a runtime dependency).
"""
import resource
import sys
import time


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def generate(out_dir, rows):
    import numpy as np
    import pandas as pd
    import pyreadstat

    rng = np.random.default_rng(20240201)
    cols = {}
    for i in range(10):  # integers
        cols[f"int{i}"] = rng.integers(0, 100_000, rows, dtype=np.int64)
    for i in range(20):  # floats, 2% missing
        x = rng.normal(1000.0, 250.0, rows).round(4)
        x[rng.random(rows) < 0.02] = np.nan
        cols[f"num{i}"] = x
    for i in range(5):  # coded answers 1-5
        cols[f"code{i}"] = rng.integers(1, 6, rows, dtype=np.int64)
    words = np.array(["Thatta", "Badin", "Karachi", "Khairpur", "Tharparkar", "Matiari", "Sanghar", "Hala"])
    for i in range(5):  # short text
        cols[f"text{i}"] = words[rng.integers(0, len(words), rows)]
    df = pd.DataFrame(cols)
    df.to_csv(f"{out_dir}/bench.csv", index=False)
    labels = {f"code{i}": {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"} for i in range(5)}
    for i in range(10):
        df[f"int{i}"] = df[f"int{i}"].astype(np.int32)
    for i in range(5):
        df[f"code{i}"] = df[f"code{i}"].astype(np.int8)
    pyreadstat.write_dta(df, f"{out_dir}/bench.dta", variable_value_labels=labels, version=15)


def main():
    cmd = sys.argv[1]
    if cmd == "generate":
        generate(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000)
        return
    path = sys.argv[2]
    if cmd == "pandas":
        import pandas as pd

        t = time.perf_counter()
        df = pd.read_csv(path)
    elif cmd == "pyreadstat":
        import pyreadstat

        t = time.perf_counter()
        df, _meta = pyreadstat.read_dta(path)
    else:
        raise SystemExit(f"unknown command {cmd}")
    wall = time.perf_counter() - t
    print(f"{cmd} {wall:.3f} {peak_mib():.0f} {df.shape[0]} {df.shape[1]}")


if __name__ == "__main__":
    main()
