#!/usr/bin/env python3
"""Convert a CSV plus a JSON of metadata into an SPSS .sav file.

Used to produce the committed example file examples/sindh/data/households.sav
(no Rust crate writes .sav with value labels). The inputs come from
`clusterdx_example::write_households_sav_source`; the regeneration test
`cargo test -p clusterdx-example -- --ignored regenerate` runs this script.

Usage:
    python3 tools/sav_from_csv.py DATA.csv META.json OUT.sav

Setup (once):
    python3 -m venv .venv && .venv/bin/pip install pyreadstat

DATA.csv: UTF-8, header row; an empty cell is missing; user-missing codes
appear as their raw value; dates as ISO YYYY-MM-DD.

META.json:
    {
      "file_label": "text (truncated to SPSS's 64 bytes)",
      "columns": [
        {
          "name": "health_access",
          "type": "numeric" | "string" | "date",
          "label": "variable label or null",
          "value_labels": {"1": "Under 30 minutes", "98": "Don't know"},
          "missing": [98]            # discrete user-missing values
        }
      ]
    }

Every CSV column must be described, in the same order. The output uses SPSS's
standard bytecode (row) compression and is written to a temporary file beside
OUT.sav, then renamed into place.
"""

import csv
import datetime
import json
import os
import sys

import pandas as pd
import pyreadstat


def fail(msg):
    sys.stderr.write(f"sav_from_csv: {msg}\n")
    sys.exit(1)


def truncate_utf8(text, limit):
    raw = text.encode("utf-8")[:limit]
    return raw.decode("utf-8", errors="ignore")


def main(argv):
    if len(argv) != 4:
        fail("usage: sav_from_csv.py DATA.csv META.json OUT.sav")
    data_path, meta_path, out_path = argv[1:]
    with open(meta_path, encoding="utf-8") as f:
        meta = json.load(f)
    with open(data_path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows:
        fail(f"{data_path}: empty file")
    header, body = rows[0], rows[1:]
    columns = meta["columns"]
    names = [c["name"] for c in columns]
    if header != names:
        fail(f"{data_path}: header {header} does not match {meta_path} columns {names}")

    frame = {}
    for j, col in enumerate(columns):
        cells = [r[j] if j < len(r) else "" for r in body]
        kind = col["type"]
        if kind == "numeric":
            try:
                frame[col["name"]] = pd.Series(
                    [float(x) if x != "" else float("nan") for x in cells], dtype="float64"
                )
            except ValueError as e:
                fail(f"{data_path}: column {col['name']}: {e}")
        elif kind == "string":
            frame[col["name"]] = pd.Series(cells, dtype="object")
        elif kind == "date":
            frame[col["name"]] = pd.Series(
                [datetime.date.fromisoformat(x) if x else None for x in cells], dtype="object"
            )
        else:
            fail(f"{meta_path}: column {col['name']}: unknown type {kind!r}")
    df = pd.DataFrame(frame, columns=names)

    column_labels = {c["name"]: c["label"] for c in columns if c.get("label")}
    value_labels = {
        c["name"]: {float(k): v for k, v in c["value_labels"].items()}
        for c in columns
        if c["type"] == "numeric" and c.get("value_labels")
    }
    missing = {c["name"]: list(c["missing"]) for c in columns if c.get("missing")}
    measure = {}
    for c in columns:
        if c["type"] == "string":
            measure[c["name"]] = "nominal"
        elif c["type"] == "numeric":
            measure[c["name"]] = "nominal" if c.get("value_labels") else "scale"

    tmp = os.path.join(
        os.path.dirname(os.path.abspath(out_path)), f".{os.path.basename(out_path)}.tmp{os.getpid()}"
    )
    try:
        pyreadstat.write_sav(
            df,
            tmp,
            file_label=truncate_utf8(meta.get("file_label") or "", 64),
            row_compress=True,  # standard bytecode compression (.sav, not .zsav)
            column_labels=column_labels,
            variable_value_labels=value_labels,
            missing_ranges=missing,
            variable_measure=measure,
        )
        os.replace(tmp, out_path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


if __name__ == "__main__":
    main(sys.argv)
