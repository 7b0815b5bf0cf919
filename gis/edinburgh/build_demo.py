#!/usr/bin/env python3
"""build_demo.py: build the bundled Edinburgh demo layers in gis/edinburgh/.

A one-off script, kept so that the demo can be rebuilt and checked; the
build never runs it. It reads the real open data described in
shared/data/SOURCES.md (default: ../shared/data next to the repository,
or the folder given as the first argument) and writes, beside itself:

  schools.csv       rows of sg_school_roll_2023.csv with LACode S12000036,
                    same header and quoting, plus an ILLUSTRATIVE Capacity
  zones.geojson     Edinburgh's data zone polygons from
                    lothian_fife_datazones_2011_simplified.geojson, with
                    DataZoneName and CouncilCode added from the lookup
  population.csv    Edinburgh's rows of the NRS 2021 population estimates
  council.geojson   the City of Edinburgh feature of the council areas
  roads.geojson     edinburgh_6km_os_open_roads_links_bng.geojson as is

Coordinates are copied as text (never parsed and re-printed), so no value
is re-rounded.

Capacity (ILLUSTRATIVE, not a published figure; Scotland publishes none):
  factor   = 0.8 + 1.0 * ((SeedCode mod 97) / 96)      (0.8 .. 1.8)
  capacity = roll * factor, rounded half up to the nearest 10,
             at least 30 (primary, secondary) or 10 (special);
  a school with roll 0 gets the median capacity of the other schools of
  its sector (rounded half up to the nearest 10).

Condition and Suitability (ILLUSTRATIVE grades A-D; councils publish
their core facts surveys, the open school file has none):
  h = (SeedCode * 7919) mod 100
  Condition   = A if h < 15, B if h < 70, C if h < 95, else D
  h2 = (SeedCode * 104729) mod 100
  Suitability = A if h2 < 20, B if h2 < 75, C if h2 < 95, else D
  (roughly the national shares: most schools B, a quarter or so C/D).
"""
import csv
import io
import json
import math
import os
import shutil
import sys

COUNCIL = "S12000036"  # City of Edinburgh
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))


def round10(x):
    """Half up to the nearest 10 (Python's round() rounds half to even)."""
    return int(math.floor(x / 10.0 + 0.5)) * 10


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def write_csv(path, rows):
    # The sources end lines with CRLF and quote only where needed; so do we.
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def schools(src, dst):
    rows = read_csv(os.path.join(src, "sg_school_roll_2023.csv"))
    head, body = rows[0], rows[1:]
    col = {name: i for i, name in enumerate(head)}
    mine = [r for r in body if r[col["LACode"]] == COUNCIL]
    minimum = {"Primary": 30, "Secondary": 30, "Special": 10}
    caps = []
    for r in mine:
        roll = float(r[col["PupilRoll"]])
        # Up to 1.8 rather than 1.6: with 1.6 no school falls under 60 %
        # use, and the demo should show both surplus and shortfall.
        factor = 0.8 + 1.0 * ((int(r[col["SeedCode"]]) % 97) / 96.0)
        cap = max(round10(roll * factor), minimum[r[col["SchoolType"]]])
        caps.append(None if roll == 0 else cap)
    for sector in minimum:
        given = sorted(c for r, c in zip(mine, caps)
                       if c is not None and r[col["SchoolType"]] == sector)
        n = len(given)
        median = (given[n // 2] if n % 2 else
                  (given[n // 2 - 1] + given[n // 2]) / 2.0)
        for i, r in enumerate(mine):
            if caps[i] is None and r[col["SchoolType"]] == sector:
                caps[i] = round10(median)
    def grade(h, cuts):
        for letter, cut in zip("ABC", cuts):
            if h < cut:
                return letter
        return "D"
    cond = [grade((int(r[col["SeedCode"]]) * 7919) % 100, (15, 70, 95)) for r in mine]
    suit = [grade((int(r[col["SeedCode"]]) * 104729) % 100, (20, 75, 95)) for r in mine]
    write_csv(os.path.join(dst, "schools.csv"),
              [head + ["Capacity", "Condition", "Suitability"]] +
              [r + [str(c), g, u] for r, c, g, u in zip(mine, caps, cond, suit)])
    return len(mine)


def population(src, dst):
    rows = read_csv(os.path.join(src,
                    "nrs_sape_2021_dz2011_persons_by_single_year_age.csv"))
    ca = rows[0].index("Council area code")
    mine = [r for r in rows[1:] if r[ca] == COUNCIL]
    write_csv(os.path.join(dst, "population.csv"), [rows[0]] + mine)
    return len(mine)


def feature_lines(path):
    """The source GeoJSON files hold one feature per line (ogr2ogr style):
    yield (line, parsed feature or None for the framing lines)."""
    with open(path, encoding="utf-8", newline="") as f:
        for line in f:
            text = line.rstrip("\r\n").rstrip(",")
            if text.startswith('{ "type": "Feature"'):
                yield line, json.loads(text)
            else:
                yield line, None


def rewrite(path, out, keep, edit=lambda line, feat: line):
    """Copy path to out keeping the framing and the features keep() wants;
    commas between features are redone so the JSON stays valid."""
    head, feats, tail = [], [], []
    for line, feat in feature_lines(path):
        if feat is None:
            (tail if feats else head).append(line)
        elif keep(feat):
            feats.append(edit(line, feat).rstrip("\r\n").rstrip(","))
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("".join(head))
        f.write(",\n".join(feats) + "\n")
        f.write("".join(tail))
    json.load(open(out, encoding="utf-8"))  # still valid JSON
    return len(feats)


def zones(src, dst):
    lookup = {r[0]: r for r in read_csv(
        os.path.join(src, "dz2011_geography_lookup.csv"))[1:]}

    def keep(feat):
        row = lookup.get(feat["properties"]["DataZone"])
        return row is not None and row[4] == COUNCIL

    def edit(line, feat):
        dz = feat["properties"]["DataZone"]
        old = '"properties": { "DataZone": "%s" }' % dz
        new = ('"properties": { "DataZone": "%s", "DataZoneName": %s, '
               '"CouncilCode": "%s" }' % (dz, json.dumps(lookup[dz][1],
                                                         ensure_ascii=False),
                                         COUNCIL))
        assert line.count(old) == 1, dz
        return line.replace(old, new)

    return rewrite(os.path.join(src, "lothian_fife_datazones_2011_simplified.geojson"),
                   os.path.join(dst, "zones.geojson"), keep, edit)


def council(src, dst):
    return rewrite(os.path.join(src, "scotland_council_areas_2023_simplified.geojson"),
                   os.path.join(dst, "council.geojson"),
                   lambda feat: feat["properties"]["LAD23CD"] == COUNCIL)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "..", "shared", "data")
    src = os.path.join(src, "scotland")
    print("schools.csv:", schools(src, HERE))
    print("population.csv:", population(src, HERE))
    print("zones.geojson:", zones(src, HERE))
    print("council.geojson:", council(src, HERE))
    shutil.copyfile(os.path.join(src, "edinburgh_6km_os_open_roads_links_bng.geojson"),
                    os.path.join(HERE, "roads.geojson"))
    print("roads.geojson: copied")


if __name__ == "__main__":
    main()
