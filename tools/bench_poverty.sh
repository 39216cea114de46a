#!/usr/bin/env bash
# Poverty, inequality and MPI side by side for docs/performance.md:
# clusterdx (crates/poverty/benches/poverty.rs: the sort, the line and 12
# measures with design SEs on 10^7 persons; the MPI of everyone and 20
# subgroups with design SEs on 10^6) against apode, ineqpy and mpitb on the
# same seeded data written as CSV, each peer in its own process. Prints
# every run, the cross-checks and a markdown table.
#   tools/bench_poverty.sh [--quick] [--runs R] [--peer-runs R]
#                          [--peers apode,ineqpy,mpitb] [--dir DIR] [--keep]
# A peer that does not install is skipped (and said so). apode 0.1.0 is an
# sdist whose setup.py would download an old setuptools (ez_setup): it is
# built against the venv's own setuptools instead.
# BENCH_BIN=path uses a prebuilt bench binary instead of building it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-poverty-venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p target
  python3 -m venv "$venv"
fi
pip=("$venv/bin/pip" install -q --disable-pip-version-check)
"${pip[@]}" "setuptools<81" wheel numpy pandas
for p in ineqpy mpitb; do
  "${pip[@]}" "$p" || echo "# $p did not install: skipped" >&2
done
"${pip[@]}" --no-build-isolation apode || echo "# apode did not install: skipped" >&2
bench=${BENCH_BIN:-}
if [ -z "$bench" ]; then
  bench=$(cargo bench -p clusterdx-poverty --bench poverty --no-run --message-format=json 2>/dev/null |
    "$venv/bin/python" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "poverty" and m.get("executable"):
        print(m["executable"])')
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
  echo "could not build the poverty bench (cargo bench -p clusterdx-poverty --bench poverty --no-run)" >&2
  exit 1
fi
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(rustc --version)"
exec "$venv/bin/python" tools/bench_poverty.py compare --bench "$bench" "$@"
