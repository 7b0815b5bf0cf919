#!/usr/bin/python3
"""peers_agree.py: estate's travel.csv against the scipy peer, per zone.

Usage: python3 peers_agree.py TRAVEL.csv PEER_ZONES.csv K

The peers' job: for each zone, the k-th smallest road distance to a
school of either sector (scipy_peer.py takes both sectors together).
estate keeps the sectors apart: travel.csv has, per zone, the k nearest
primary schools and the k nearest secondary schools (each a set, one
per sector and stream) for walking (ranked by distance) and driving. The
k nearest schools overall are among the union of the two lists (any
school among the overall k nearest is among the k nearest of its own
sector), so the k-th smallest of the union, one distance per school, is
exactly the peers' figure: no approximation, only the mapping. Driving
rows are ignored (the peers measure length only).

Prints one line: zones compared, the largest |estate - scipy| in metres
and its zone, how many zones differ by more than 0.1 m, the mean of
estate - scipy (rounding averages out near 0), estate's
checksum on the peers' definition (sum over zones, 0.1 m) and how many
walking rows were straight line rather than network (should be 0).
"""
import csv
import sys

travel, peer, k = sys.argv[1], sys.argv[2], int(sys.argv[3])
best = {}       # zone -> {school: distance}
straight = 0
with open(travel, newline="") as f:
    for r in csv.DictReader(f):
        if r["mode"] != "walk":
            continue
        if r["method"] != "network":
            straight += 1
        d = float(r["distance_m"])
        z = best.setdefault(r["zone_id"], {})
        s = r["school_id"]
        # A school in two sets (Gaelic provision) counts once.
        if s not in z or d < z[s]:
            z[s] = d
worst, worst_zone, over, n, total, missing, signed = 0.0, "", 0, 0, 0.0, 0, 0.0
with open(peer, newline="") as f:
    for r in csv.DictReader(f):
        ds = sorted(best.get(r["zone_id"], {}).values())
        if len(ds) < k:
            missing += 1
            continue
        e = ds[k - 1]
        diff = abs(e - float(r["kth_m"]))
        signed += e - float(r["kth_m"])
        n += 1
        total += e
        if diff > 0.1:
            over += 1
        if diff > worst:
            worst, worst_zone = diff, r["zone_id"]
# The mean signed difference tells rounding (near 0) from a difference
# of definition (one tool always longer).
print("zones %d, max |diff| %.3f m (zone %s), over 0.1 m %d, mean diff %+.4f m, "
      "estate checksum %.1f m, straight-line walk rows %d, zones without %d schools %d"
      % (n, worst, worst_zone or "-", over, signed / n if n else 0.0, total, straight, k, missing))
