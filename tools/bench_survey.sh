#!/usr/bin/env bash
# Survey engine side by side for docs/performance.md: clusterdx's
# means_by_group (crates/survey/benches/by_domain.rs) against a vectorised
# numpy single pass, samplics and svy, on the same seeded data (100 domain
# means with Taylor SEs), each tool in its own process. Prints every run,
# the cross-check of means, SEs and df against clusterdx, and a markdown
# table.
#   tools/bench_survey.sh [--rows N] [--peers numpy,samplics,svy]
#                         [--peer-rows samplics=1000000,svy=1000000]
#                         [--runs R] [--slow-runs R] [--dir DIR] [--keep]
# --peer-rows runs a slow peer on the first N rows (clusterdx is then also
# timed at N for its ratio); the table names each line's rows. Defaults:
# 10^7 rows, all three peers at 10^7 (samplics then takes ~15 minutes and
# svy ~9 GB on a 2-core machine). BENCH_BIN=path uses a prebuilt bench
# binary instead of building it.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=target/bench-survey-venv
if [ ! -x "$venv/bin/python" ]; then
  mkdir -p target
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install -q --disable-pip-version-check numpy polars pandas samplics svy
bench=${BENCH_BIN:-}
if [ -z "$bench" ]; then
  bench=$(cargo bench -p clusterdx-survey --bench by_domain --no-run --message-format=json 2>/dev/null |
    "$venv/bin/python" -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("target", {}).get("name") == "by_domain" and m.get("executable"):
        print(m["executable"])')
fi
if [ -z "$bench" ] || [ ! -x "$bench" ]; then
  echo "could not build the by_domain bench (cargo bench -p clusterdx-survey --bench by_domain --no-run)" >&2
  exit 1
fi
echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM; $(rustc --version)"
exec "$venv/bin/python" tools/bench_survey.py compare --bench "$bench" "$@"
