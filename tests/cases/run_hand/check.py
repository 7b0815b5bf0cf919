"""check.py OUT: the outputs of `estate run` on tests/data/hand against
figures computed by hand (the arithmetic is in the comments).

The region (tests/data/hand/README.md): zone points at x = 320500,
321500, 322500, 323500 (y equal); P1 at x 320300 (cap 200, roll 150, B),
P2 at 323900 (cap 200, roll 110, C), H1 at 322500 (cap 150, roll 200,
A). Every zone has the same children, so calibration splits each
school's roll evenly over the zones it serves, and every year equals
the base year. No roads: walking distance = straight line x 1.3,
driving time = that distance / (32 km/h / 3.6) = distance x 0.1125 s/m.

Nearest primary: Z1 -> P1 (200 m), Z2 -> P1 (1,200 m), Z3 -> P2 (1,400 m;
P1 is 2,200 m), Z4 -> P2 (400 m). So per zone: Z1, Z2 75 primary pupils
(150 / 2), Z3, Z4 55 (110 / 2), and 50 secondary pupils each (200 / 4).
Walking: primary Z1 260, Z2 1,560, Z3 1,820, Z4 520; secondary (H1 at
Z3's point) Z1 2,600, Z2 1,300, Z3 0, Z4 1,300.
Council S12000036 has a primary limit of 1,600 m (transport.ini), so only
Z3's primary pupils are beyond it; with the statutory 3,218.688 m none
would be. SIMD deciles 1, 2, 3, 10: Z1 and Z2 are the most deprived 20 %.

close-p2 closes P2 from 2024: Z3 and Z4 go to P1 (2,200 m -> 2,860 m
walking; 3,200 m -> 4,160 m), P1's roll becomes 150 + 110 = 260.
"""
import csv
import re
import sqlite3
import sys

out = sys.argv[1]
fails = []


def near(got, want, tol):
    return abs(float(got) - want) <= tol


def check(what, got, want, tol=0.006):
    """want: a number (compared within tol) or a string (exactly)."""
    if want is None or isinstance(want, (str, list)):
        ok = got == want
    else:
        try:
            ok = near(got, want, tol)
        except (TypeError, ValueError):
            ok = False
    if not ok:
        fails.append("%s: got %r, expected %r" % (what, got, want))


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# ------------------------------------------------------------ KPIs
# Baseline, every year (2023, 2024, 2025).
BASE = {
    "pupils": 460,                       # 150 + 110 + 200
    "capacity": 550,                     # 200 + 200 + 150
    "utilisation_pct": 83.64,            # 460 / 550 x 100 = 83.636
    "schools_open": 3,
    "schools_util_le40": 0,
    "schools_util_41_60": 1,             # P2 110 / 200 = 55 %
    "schools_util_61_80": 1,             # P1 150 / 200 = 75 %
    "schools_util_81_100": 0,
    "schools_util_over100": 1,           # H1 200 / 150 = 133.33 %
    "surplus_places": 140,               # (200 - 150) + (200 - 110)
    "shortfall_places": 50,              # 200 - 150 at H1
    "schools_over_capacity": 1,          # H1
    "unplaced_pupils": 0,
    "beyond_limit_pupils": 55,           # Z3 primary: 1,820 > 1,600 (council)
    "transport_cost_gbp": 60500,         # 55 x GBP 1,100
    # (75 x 260 + 75 x 1560 + 55 x 1820 + 55 x 520 + 50 x (2600 + 1300
    #  + 0 + 1300)) / 460 = 525,200 / 460 = 1,141.739
    "distance_mean_m": 1141.74,
    # by distance: 0 (50), 260 (75: 125), 520 (55: 180), 1300 (100: 280)
    # reaches 230 = half of 460 -> 1,300
    "distance_median_m": 1300,
    # 95 % of 460 = 437: ... 1560 (75: 355), 1820 (55: 410), 2600 (460)
    "distance_p95_m": 2600,
    "time_mean_s": 128.45,               # 1,141.739 x 0.1125 = 128.446
    "time_median_s": 146.25,             # 1,300 x 0.1125
    "time_p95_s": 292.50,                # 2,600 x 0.1125
    "pupils_in_cd_buildings": 110,       # P2 is grade C
    "capital_cost_gbp": 0,
    "capital_cost_to_date_gbp": 0,
    "simd20_pupils": 250,                # Z1 + Z2: 2 x (75 + 50)
    # (75 x 260 + 50 x 2600 + 75 x 1560 + 50 x 1300) / 250 = 331,500 / 250
    "simd20_distance_mean_m": 1326.00,
    # (55 x 1820 + 50 x 0 + 55 x 520 + 50 x 1300) / 210 = 193,700 / 210
    "other_distance_mean_m": 922.38,
    "simd20_beyond_limit_pct": 0,        # no Z1 / Z2 pupil beyond 1,600 m
    "other_beyond_limit_pct": 26.19,     # 55 / 210 x 100 = 26.190
    "pupils_straight_line": 460,         # no roads: every pupil
}
# close-p2 from 2024: P2 closed, P1 260 pupils on 200 places.
CLOSED = dict(BASE)
CLOSED.update({
    "capacity": 350,                     # 200 + 150
    "utilisation_pct": 131.43,           # 460 / 350 x 100 = 131.429
    "schools_open": 2,
    "schools_util_41_60": 0,
    "schools_util_61_80": 0,
    "schools_util_over100": 2,           # P1 260 / 200 = 130 %, H1 133.33 %
    "surplus_places": 0,
    "shortfall_places": 110,             # (260 - 200) + (200 - 150)
    "schools_over_capacity": 2,
    # Z3 2,860 and Z4 4,160 are both beyond 1,600 m: 55 + 55
    "beyond_limit_pupils": 110,
    "transport_cost_gbp": 121000,        # 110 x 1,100
    # 525,200 - 55 x 1820 - 55 x 520 + 55 x 2860 + 55 x 4160 = 782,600;
    # / 460 = 1,701.304
    "distance_mean_m": 1701.30,
    # 0 (50), 260 (125), 1300 (225), 1560 (75: 300) reaches 230
    "distance_median_m": 1560,
    # 2600 (350), 2860 (405), 4160 (460) reaches 437
    "distance_p95_m": 4160,
    "time_mean_s": 191.40,               # 1,701.304 x 0.1125 = 191.397
    "time_median_s": 175.50,             # 1,560 x 0.1125
    "time_p95_s": 468.00,                # 4,160 x 0.1125
    "pupils_in_cd_buildings": 0,         # the C school is closed
    # others: (55 x 2860 + 55 x 4160 + 50 x 0 + 50 x 1300) / 210
    #       = 451,100 / 210 = 2,148.095
    "other_distance_mean_m": 2148.10,
    "other_beyond_limit_pct": 52.38,     # 110 / 210 x 100 = 52.381
})

for scen, years in (("baseline", {2023: BASE, 2024: BASE, 2025: BASE}),
                    ("close-p2", {2023: BASE, 2024: CLOSED, 2025: CLOSED})):
    got = {int(r["year"]): r for r in rows("%s/%s/kpis.csv" % (out, scen))}
    check("%s kpis.csv years" % scen, sorted(got), sorted(years))
    for y, want in years.items():
        for k, v in want.items():
            check("%s/kpis.csv %d %s" % (scen, y, k), got.get(y, {}).get(k), v)

# comparison.csv: the base year and the horizon (2025), a value row per
# scenario and a diff row (scenario - baseline) for close-p2.
comp = {(r["scenario"], int(r["year"]), r["row"]): r for r in rows(out + "/comparison.csv")}
check("comparison.csv rows", sorted(comp), sorted([
    ("baseline", 2023, "value"), ("baseline", 2025, "value"),
    ("close-p2", 2023, "value"), ("close-p2", 2023, "diff"),
    ("close-p2", 2025, "value"), ("close-p2", 2025, "diff")]))
for k in BASE:
    check("comparison baseline 2025 " + k, comp.get(("baseline", 2025, "value"), {}).get(k), BASE[k])
    check("comparison close-p2 2025 " + k, comp.get(("close-p2", 2025, "value"), {}).get(k), CLOSED[k])
    check("comparison close-p2 2023 diff " + k, comp.get(("close-p2", 2023, "diff"), {}).get(k), 0)
    # Differences come from the unrounded values: 131.4286 - 83.6364
    # = 47.79 for utilisation, the others are exact.
    check("comparison close-p2 2025 diff " + k, comp.get(("close-p2", 2025, "diff"), {}).get(k),
          CLOSED[k] - BASE[k], 0.011)
for scen in ("baseline", "close-p2"):
    check("comparison %s policy" % scen, comp.get((scen, 2025, "value"), {}).get("policy"), "nearest")

# ------------------------------------------------------------ zones.csv
# (zone, sector) -> (pupils, school, distance m, time s rounded, beyond)
ZB = {
    ("Z1", "primary"): (75, "P1", "260", "29", 0),        # 260 x 0.1125 = 29.25
    ("Z2", "primary"): (75, "P1", "1560", "176", 0),      # 175.5
    ("Z3", "primary"): (55, "P2", "1820", "205", 55),     # 204.75; 1,820 > 1,600
    ("Z4", "primary"): (55, "P2", "520", "58", 0),        # 58.5 -> 58 (half to even)
    ("Z1", "secondary"): (50, "H1", "2600", "292", 0),    # 292.5; limit 4,828
    ("Z2", "secondary"): (50, "H1", "1300", "146", 0),
    ("Z3", "secondary"): (50, "H1", "0", "0", 0),
    ("Z4", "secondary"): (50, "H1", "1300", "146", 0),
}
ZC = dict(ZB)
ZC[("Z3", "primary")] = (55, "P1", "2860", "322", 55)     # 321.75
ZC[("Z4", "primary")] = (55, "P1", "4160", "468", 55)     # 4,160 > 1,600
for scen, want_by_year in (("baseline", {2023: ZB, 2025: ZB}), ("close-p2", {2023: ZB, 2025: ZC})):
    got = rows("%s/%s/zones.csv" % (out, scen))
    check("%s zones.csv rows" % scen, len(got), 8 * 3)
    idx = {(r["zone_id"], int(r["year"]), r["sector"]): r for r in got}
    for y, want in want_by_year.items():
        for (z, sec), (p, sch, d, t, b) in want.items():
            r = idx.get((z, y, sec), {})
            w = "%s/zones.csv %s %d %s " % (scen, z, y, sec)
            check(w + "pupils", r.get("pupils"), p)
            check(w + "school_id", r.get("school_id"), sch)
            check(w + "distance_m", r.get("distance_m"), d)
            check(w + "time_s", r.get("time_s"), t)
            check(w + "beyond_limit_pupils", r.get("beyond_limit_pupils"), b)
            check(w + "unplaced_pupils", r.get("unplaced_pupils"), 0)
            check(w + "measured", r.get("measured"), "straight line")

# ------------------------------------------------------------ schools.csv
# Stage rolls: a primary's roll over 7 equal stages; H1's 200 over
# S1-S4 10 each, S5 10 x 0.85 = 8.5, S6 10 x 0.85 x 0.65 = 5.525 (of
# 54.025): S1-S4 200 x 10 / 54.025 = 37.02, S5 31.47, S6 20.45.
H1_STAGES = {"S1": 37.02, "S2": 37.02, "S3": 37.02, "S4": 37.02, "S5": 31.47, "S6": 20.45}


def p_stages(roll):
    return {"P%d" % i: roll / 7 for i in range(1, 8)}


SB = {  # school -> (status, capacity, roll, utilisation %, grade, stages)
    "P1": ("open", 200, 150, 75.00, "B", p_stages(150)),     # 21.43 each
    "P2": ("open", 200, 110, 55.00, "C", p_stages(110)),     # 15.71
    "H1": ("open", 150, 200, 133.33, "A", H1_STAGES),        # 200 / 150
}
SC = dict(SB)
SC["P1"] = ("open", 200, 260, 130.00, "B", p_stages(260))    # 37.14 each
del SC["P2"]                                                 # closed: below
for scen, want_by_year in (("baseline", {2023: SB, 2025: SB}), ("close-p2", {2023: SB, 2025: SC})):
    got = rows("%s/%s/schools.csv" % (out, scen))
    idx = {(r["school_id"], int(r["year"])): r for r in got}
    for y, want in want_by_year.items():
        for k, (st, cap, roll, util, grade, stages) in want.items():
            r = idx.get((k, y), {})
            w = "%s/schools.csv %s %d " % (scen, k, y)
            check(w + "status", r.get("status"), st)
            check(w + "capacity", r.get("capacity"), cap)
            check(w + "roll", r.get("roll"), roll)
            # A percentage (75.00), never a fraction (0.75).
            check(w + "utilisation_pct", r.get("utilisation_pct"), util)
            check(w + "condition", r.get("condition"), grade)
            for s in ("P1", "P2", "P3", "P4", "P5", "P6", "P7", "S1", "S2", "S3", "S4", "S5", "S6"):
                if s in stages:
                    check(w + s, r.get(s), stages[s])
                else:
                    check(w + s, r.get(s), "")      # not taught: empty
# The closed school: closed, no pupils from 2024.
for y in (2024, 2025):
    r = {(r["school_id"], int(r["year"])): r for r in rows(out + "/close-p2/schools.csv")}.get(("P2", y), {})
    check("close-p2 P2 %d status" % y, r.get("status"), "closed")
    check("close-p2 P2 %d roll" % y, r.get("roll"), 0)

# ------------------------------------------------------------ GeoPackage
db = sqlite3.connect(out + "/estate.gpkg")
q = ("SELECT scenario, school_id, status, roll_2023, capacity_2023, utilisation_pct_2023,"
     " roll, capacity, utilisation_pct, condition FROM schools ORDER BY fid")
GS = [  # horizon 2025 = roll, capacity, utilisation_pct
    ("baseline", "P1", "open", 150, 200, 75.0, 150, 200, 75.0, "B"),
    ("baseline", "P2", "open", 110, 200, 55.0, 110, 200, 55.0, "C"),
    ("baseline", "H1", "open", 200, 150, 133.3, 200, 150, 133.3, "A"),  # stored as shown, one decimal
    ("close-p2", "P1", "open", 150, 200, 75.0, 260, 200, 130.0, "B"),
    ("close-p2", "P2", "closed", 110, 200, 55.0, 0, None, None, "C"),
    ("close-p2", "H1", "open", 200, 150, 133.3, 200, 150, 133.3, "A"),
]
got = db.execute(q).fetchall()
check("gpkg schools rows", len(got), len(GS))
for g, w in zip(got, GS):
    for i, (a, b) in enumerate(zip(g, w)):
        name = "gpkg schools %s %s field %d" % (w[0], w[1], i)
        check(name, a, b, 1e-6)
q = ("SELECT scenario, zone_id, year, pupils, school_id, distance_m, time_s, beyond_limit, unplaced,"
     " straight_line, secondary_pupils, secondary_school_id, secondary_distance_m, secondary_time_s,"
     " secondary_beyond_limit FROM zones ORDER BY fid")
GZ = []
# Reals are stored as the text outputs print them: distances and times in
# whole metres and seconds (29.25 m is stored as 29), pupils to 0.1.
def stored(v, decimals):
    return float("%.*f" % (decimals, float(v)))
for scen, want in (("baseline", ZB), ("close-p2", ZC)):
    for z in ("Z1", "Z2", "Z3", "Z4"):
        p, s = want[(z, "primary")], want[(z, "secondary")]
        GZ.append((scen, z, 2025, p[0], p[1], stored(p[2], 0), stored(float(p[2]) * 0.1125, 0), p[4], 0, 1,
                   s[0], s[1], stored(s[2], 0), stored(float(s[2]) * 0.1125, 0), s[4]))
got = db.execute(q).fetchall()
check("gpkg zones rows", len(got), len(GZ))
for g, w in zip(got, GZ):
    for i, (a, b) in enumerate(zip(g, w)):
        check("gpkg zones %s %s field %d" % (w[0], w[1], i), a, b, 1e-6)
db.close()

# ------------------------------------------------------------ summary.html
page = open(out + "/summary.html", encoding="utf-8").read()
# The comparison table of the horizon: measure, baseline, close-p2, diff.
PAGE = [
    ("pupils", "460", "460", "0"),
    ("capacity (places)", "550", "350", "-200"),
    ("utilisation %", "83.6", "131.4", "+47.8"),
    ("schools open", "3", "2", "-1"),
    ("schools 41-60 %", "1", "0", "-1"),
    ("schools 61-80 %", "1", "0", "-1"),
    ("schools &gt; 100 %", "1", "2", "+1"),
    ("surplus places", "140", "0", "-140"),
    ("shortfall places", "50", "110", "+60"),
    ("beyond walking limit", "55", "110", "+55"),
    ("transport GBP k/yr", "61", "121", "+61"),     # 60.5 and 121.0 thousand
    ("mean walk km", "1.14", "1.70", "+0.56"),
    ("median walk km", "1.30", "1.56", "+0.26"),
    ("p95 walk km", "2.60", "4.16", "+1.56"),
    ("mean drive min", "2.1", "3.2", "+1.0"),       # 128.45 s, 191.40 s
    ("p95 drive min", "4.9", "7.8", "+2.9"),        # 292.5 s, 468 s
    ("SIMD20 mean walk km", "1.33", "1.33", "0.00"),
    ("SIMD20 beyond limit %", "0.0", "0.0", "0.0"),
]
# Annex A's rows: measure, which way is better, baseline, option, diff.
for m, b, s, d in PAGE:
    pat = r"<tr><th scope=\"row\">%s</th><td class=\"text\">[^<]*</td><td>%s</td><td>%s</td><td class=\"[a-z]+\">%s</td></tr>" % (
        re.escape(m), re.escape(b), re.escape(s), re.escape(d))
    if not re.search(pat, page):
        line = re.search(r"<tr><th scope=\"row\">%s</th>.*?</tr>" % re.escape(m), page)
        fails.append("summary.html row %r: expected %s / %s / %s, got %s" % (
            m, b, s, d, line.group(0) if line else "no row"))
# Differences are coloured by the measure's direction, not their sign:
# 140 fewer surplus places is better, 55 more pupils beyond the walking
# limit worse, 200 fewer places neither.
for m, cls, d in (("surplus places", "better", "-140"), ("beyond walking limit", "worse", "+55"),
                  ("capacity (places)", "diff", "-200")):
    pat = r"<tr><th scope=\"row\">%s</th><td class=\"text\">[^<]*</td><td>[^<]*</td><td>[^<]*</td><td class=\"%s\">%s</td></tr>" % (
        re.escape(m), cls, re.escape(d))
    if not re.search(pat, page):
        fails.append("summary.html row %r: expected class %s for %s" % (m, cls, d))
# The baseline map colours the schools by band (ColorBrewer PuOr): P1 75 %
# (61-80, #f7f7f7), P2 55 % (41-60, #b2abd2), H1 133 % (> 100, #e66101),
# in school order.
maps = re.findall(r'<figure class="map">(.*?)</figure>', page, re.S)
fills = re.findall(r'<circle [^>]*fill="(#[0-9a-f]{6})" fill-opacity', maps[0]) if maps else []
check("summary.html baseline school colours", ",".join(fills), "#f7f7f7,#b2abd2,#e66101")

if fails:
    print("\n".join(fails[:40]))
    print("%d checks failed" % len(fails))
    sys.exit(1)
