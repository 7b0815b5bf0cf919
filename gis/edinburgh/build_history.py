#!/usr/bin/env python3
"""build_history.py: cut the Edinburgh rows of the national stage-roll,
population and opened/closed files for the demo (a one-off, like
build_demo.py; the build never runs it). Rows are copied byte for byte,
the header unchanged, so the files stay "as published" for the reader.

    python3 gis/edinburgh/build_history.py [SHARED_DATA_DIR]
"""
import csv
import io
import os
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "../../../shared/data/scotland")
OUT = os.path.dirname(os.path.abspath(__file__))


def cut(name, out, column, keep):
    with open(os.path.join(SRC, name), newline="", encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    header = next(csv.reader(io.StringIO(lines[0])))
    c = header.index(column)
    kept = [lines[0]]
    for line in lines[1:]:
        row = next(csv.reader(io.StringIO(line)))
        if keep(row[c]):
            kept.append(line)
    with open(os.path.join(OUT, out), "w", newline="", encoding="utf-8") as f:
        f.writelines(kept)
    print(out, len(kept) - 1, "rows")


def edinburgh(v):
    return "edinburgh" in v.lower()


for y in range(2019, 2024):
    cut("sg_school_level_summary_statistics_%d.csv" % y,
        "stage_rolls_%d.csv" % y, "Local Authority", edinburgh)
cut("sg_schools_opened_or_closed_2006_to_2024-10-31.csv",
    "schools_opened_closed.csv", "Local authority", edinburgh)
cut("nrs_sape_2020_dz2011_persons_by_single_year_age.csv",
    "population_2020.csv", "Council area name", edinburgh)
