#!/usr/bin/env python3
# roads_to_osm.py ROADS.geojson OUT.osm: a road GeoJSON in WGS84 (lon, lat;
# convert a BNG file first with `ogr2ogr -t_srs EPSG:4326`) written as
# OpenStreetMap XML, for timing and comparing the OSM reader on a real
# street pattern (README "Road sources"; tests/bench/osm_read.sh).
#
# Every line (each part of a MultiLineString) becomes a way; its vertices
# become nodes, one node per distinct position at OSM's precision of 1e-7
# degrees, so lines that meet at a vertex share that node as OSM ways do.
# Tags come from the line's index by fixed strides so that every rule of
# the reader is exercised (classes, oneway both ways, maxspeed, access,
# foot=no, roundabouts, a few ferries with a duration); the output is the
# same bytes for the same input. Nodes come first, sorted by id, then the
# ways, as osmium and the OSM API write them.
import json
import sys

CLASSES = ["residential", "residential", "tertiary", "secondary", "primary",
           "unclassified", "service", "footway", "path", "track",
           "primary_link", "living_street", "cycleway", "trunk"]


def tags(i):
    """The tags of the i-th way, by stride (primes, so they mix)."""
    if i % 211 == 5:
        return [("route", "ferry"), ("duration", "00:07")]
    t = [("highway", CLASSES[i % len(CLASSES)])]
    if i % 13 == 0:
        t.append(("oneway", "yes"))
    if i % 29 == 0:
        t.append(("oneway", "-1"))
    if i % 7 == 0:
        t.append(("maxspeed", "20 mph"))
    if i % 31 == 0:
        t.append(("access", "private"))
    if i % 37 == 0:
        t.append(("foot", "no"))
    if i % 41 == 0:
        t.append(("junction", "roundabout"))
    if i % 43 == 0:
        t.append(("motor_vehicle", "no"))
    if i % 17 == 0:
        t.append(("name", "Street & <%d>" % i))
    return t


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def main():
    src, dst = sys.argv[1], sys.argv[2]
    lines = []
    for f in json.load(open(src))["features"]:
        g = f.get("geometry") or {}
        if g.get("type") == "LineString":
            lines.append(g["coordinates"])
        elif g.get("type") == "MultiLineString":
            lines.extend(g["coordinates"])
    ids = {}
    ways = []
    for line in lines:
        refs = []
        for p in line:
            key = (round(p[0] * 1e7), round(p[1] * 1e7))
            if key not in ids:
                ids[key] = len(ids) + 1
            if not refs or refs[-1] != ids[key]:
                refs.append(ids[key])
        if len(refs) >= 2:
            ways.append(refs)
    with open(dst, "w") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write('<osm version="0.6" generator="roads_to_osm.py">\n')
        for (x, y), n in sorted(ids.items(), key=lambda kv: kv[1]):
            out.write('  <node id="%d" version="1" lat="%.7f" lon="%.7f"/>\n'
                      % (n, y / 1e7, x / 1e7))
        for i, refs in enumerate(ways):
            out.write('  <way id="%d" version="1">\n' % (1000000 + i))
            for r in refs:
                out.write('    <nd ref="%d"/>\n' % r)
            for k, v in tags(i):
                out.write('    <tag k="%s" v="%s"/>\n' % (k, esc(v)))
            out.write("  </way>\n")
        out.write("</osm>\n")


main()
