#!/usr/bin/env python3
"""build.py: the national layers of gis/scotland/, for the Northern Alliance
study (scenarios/northern-alliance/) and any other council or collaborative.

A one-off script, kept so that the files can be rebuilt and checked; the
build never runs it. It reads the real open data described in
shared/data/SOURCES.md (default: ../shared/data next to the repository, or
the folder given as the first argument) and writes, beside itself, WHOLE
NATIONAL FILES (no council is cut out: a study keeps its councils with
`filter.` keys):

  schools_2023.csv      sg_school_roll_2023.csv, every row, column, header
                        and quote as published, plus three last columns,
                        Capacity, Condition and Suitability: ILLUSTRATIVE
  datazones_2011.geojson  dz2011_boundaries_scotland_simplified_wgs84.geojson,
                        byte for byte (6,976 data zones, no council code)
  population_2021.csv   nrs_sape_2021_dz2011_persons_by_single_year_age.csv,
                        byte for byte
  councils_2023.geojson scotland_council_areas_2023_simplified.geojson,
                        byte for byte
  schools_opened_closed_2006_2024.csv
                        sg_schools_opened_or_closed_2006_to_2024-10-31.csv,
                        byte for byte
  stage_rolls_2019.csv .. stage_rolls_2023.csv
                        sg_school_level_summary_statistics_2019.csv ..
                        _2023.csv, byte for byte
  population_2020.csv   nrs_sape_2020_dz2011_persons_by_single_year_age.csv,
                        byte for byte
  simd2020v2.csv        simd2020v2_withinds.csv, byte for byte (SIMD 2020 v2,
                        all 6,976 data zones; a study maps its columns:
                        simd.zone = Data_Zone, simd.rank = SIMD2020v2_Rank)

Capacity (ILLUSTRATIVE, not a published figure; Scotland publishes none),
the rule of gis/edinburgh/build_demo.py applied to every school, so the
Edinburgh rows get the same values there and here:
  factor   = 0.8 + 1.0 * ((SeedCode mod 97) / 96)      (0.8 .. 1.8)
  capacity = roll * factor, rounded half up to the nearest 10,
             at least 30 (primary, secondary) or 10 (special);
  a school with roll 0 gets the median capacity of the other schools of
  its council and sector (rounded half up to the nearest 10).
Condition and Suitability (ILLUSTRATIVE grades A-D):
  h = (SeedCode * 7919) mod 100
  Condition   = A if h < 15, B if h < 70, C if h < 95, else D
  h2 = (SeedCode * 104729) mod 100
  Suitability = A if h2 < 20, B if h2 < 75, C if h2 < 95, else D
"""
import csv
import math
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
COPIES = {
    "dz2011_boundaries_scotland_simplified_wgs84.geojson": "datazones_2011.geojson",
    "nrs_sape_2021_dz2011_persons_by_single_year_age.csv": "population_2021.csv",
    "scotland_council_areas_2023_simplified.geojson": "councils_2023.geojson",
    "sg_schools_opened_or_closed_2006_to_2024-10-31.csv": "schools_opened_closed_2006_2024.csv",
    "nrs_sape_2020_dz2011_persons_by_single_year_age.csv": "population_2020.csv",
    "simd2020v2_withinds.csv": "simd2020v2.csv",
}
# The stage-roll history, one file per September census.
COPIES.update({"sg_school_level_summary_statistics_%d.csv" % y: "stage_rolls_%d.csv" % y
               for y in range(2019, 2024)})


def round10(x):
    """Half up to the nearest 10 (Python's round() rounds half to even)."""
    return int(math.floor(x / 10.0 + 0.5)) * 10


def grade(h, cuts):
    for letter, cut in zip("ABC", cuts):
        if h < cut:
            return letter
    return "D"


def schools(src, dst):
    # The rows are written back as the original lines, so every published
    # value and quote is unchanged; only the three columns are appended.
    with open(os.path.join(src, "sg_school_roll_2023.csv"), newline="",
              encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    eol = "\r\n" if "\r\n" in text else "\n"
    if lines and lines[-1] == "":
        lines.pop()
    rows = list(csv.reader(lines))
    head, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(head)}
    minimum = {"Primary": 30, "Secondary": 30, "Special": 10}
    caps = []
    for r in body:
        roll = float(r[col["PupilRoll"]])
        factor = 0.8 + 1.0 * ((int(r[col["SeedCode"]]) % 97) / 96.0)
        cap = max(round10(roll * factor), minimum[r[col["SchoolType"]]])
        caps.append(None if roll == 0 else cap)
    for i, r in enumerate(body):
        if caps[i] is not None:
            continue
        key = (r[col["LACode"]], r[col["SchoolType"]])
        given = sorted(c for q, c in zip(body, caps) if c is not None and
                       (q[col["LACode"]], q[col["SchoolType"]]) == key)
        n = len(given)
        median = (given[n // 2] if n % 2 else
                  (given[n // 2 - 1] + given[n // 2]) / 2.0) if n else minimum[key[1]]
        caps[i] = -round10(median)      # negative: fill after the loop
    caps = [abs(c) for c in caps]
    seed = [int(r[col["SeedCode"]]) for r in body]
    cond = [grade((s * 7919) % 100, (15, 70, 95)) for s in seed]
    suit = [grade((s * 104729) % 100, (20, 75, 95)) for s in seed]
    out = [lines[0] + ",Capacity,Condition,Suitability"]
    for line, c, g, u in zip(lines[1:], caps, cond, suit):
        out.append("%s,%d,%s,%s" % (line, c, g, u))
    with open(os.path.join(dst, "schools_2023.csv"), "w", newline="",
              encoding="utf-8") as f:
        f.write(eol.join(out) + eol)
    return len(body)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
    src = os.path.join(src, "scotland")
    print("schools_2023.csv:", schools(src, HERE))
    for a, b in sorted(COPIES.items()):
        shutil.copyfile(os.path.join(src, a), os.path.join(HERE, b))
        print(b + ": copied")


if __name__ == "__main__":
    main()
