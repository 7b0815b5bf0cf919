"""Check compare-A-B.csv and compare-A-B-totals.csv against estate run.

usage: check.py RUN_DIR COMPARE_DIR A B

Every KPI and year: a_value and b_value are byte for byte the values of
A's and B's kpis.csv (the same evaluation); a_minus_b is A - B within
the rounding of the two written values (one unit of the last decimal);
for the reported years, (A - baseline) - (B - baseline) from
comparison.csv's diff rows gives the same. Totals: the sum of the KPI
over every year of kpis.csv.
"""
import csv
import math
import sys

run, cmp, a, b = sys.argv[1:5]


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def kpis(name):
    return {r["year"]: r for r in rows(f"{run}/{name}/kpis.csv") if r["council"] == "all"}


def num(s):
    return math.nan if s == "n/a" else float(s)


def close(x, y, dec):
    if math.isnan(x) or math.isnan(y):
        return math.isnan(x) and math.isnan(y)
    return abs(x - y) <= 1.01 * 10 ** -dec


KA, KB = kpis(a), kpis(b)
diff = {}
for r in rows(f"{run}/comparison.csv"):
    if r["row"] == "diff" and r["council"] == "all":
        diff[(r["scenario"], r["year"])] = r
got = rows(f"{cmp}/compare-{a}-{b}.csv")
kpi_names = [k for k in next(iter(KA.values())) if k not in ("year", "council")]
assert len(got) == len(kpi_names) * len(KA), (len(got), len(kpi_names), len(KA))
bad = 0
checked_diff = 0
for r in got:
    y, k = r["year"], r["kpi"]
    assert r["a"] == a and r["b"] == b
    dec = len(r["a_minus_b"].split(".")[1]) if "." in r["a_minus_b"] else 0
    if r["a_value"] != KA[y][k] or r["b_value"] != KB[y][k]:
        print("value differs", y, k, r["a_value"], KA[y][k], r["b_value"], KB[y][k])
        bad += 1
    want = num(KA[y][k]) - num(KB[y][k])
    if not close(num(r["a_minus_b"]), want, dec):
        print("A - B differs", y, k, r["a_minus_b"], want)
        bad += 1
    # the baseline's own delta from itself is 0
    def delta(n):
        return 0.0 if n == "baseline" else num(diff[(n, y)][k])
    if all(n == "baseline" or (n, y) in diff for n in (a, b)):
        dd = delta(a) - delta(b)
        # two rounded deltas: two units of the last decimal
        if not (close(num(r["a_minus_b"]), dd, dec) or
                abs(num(r["a_minus_b"]) - dd) <= 2.01 * 10 ** -dec):
            print("delta difference differs", y, k, r["a_minus_b"], dd)
            bad += 1
        checked_diff += 1
    # favours: the option the difference is good for, by direction
    d = num(r["a_minus_b"])
    if r["better"] == "" or math.isnan(d):
        exp = ""
    elif d == 0:
        exp = "equal"
    else:
        exp = a if (d > 0) == (r["better"] == "higher") else b
    if r["favours"] != exp:
        print("favours", y, k, r["favours"], exp)
        bad += 1
assert checked_diff > 0, "no reported year checked against comparison.csv"
tot = {r["total"]: r for r in rows(f"{cmp}/compare-{a}-{b}-totals.csv")}
summed = {"beyond_limit_pupil_years": "beyond_limit_pupils",
          "cd_buildings_pupil_years": "pupils_in_cd_buildings",
          "short_place_years": "shortfall_places",
          "unplaced_pupil_years": "unplaced_pupils",
          "capital_gbp": "capital_cost_gbp",
          "running_gbp": "running_cost_gbp",
          "transport_gbp": "transport_cost_gbp"}
assert sorted(tot) == sorted(summed), sorted(tot)
for t, k in summed.items():
    for name, K, col in ((a, KA, "a_value"), (b, KB, "b_value")):
        s = sum(num(K[y][k]) for y in K)
        # each year written rounded: the sum within a unit per year
        if not close(num(tot[t][col]), s, 0 if k.endswith("gbp") else 2) and \
                abs(num(tot[t][col]) - s) > len(K) * (0.51 if k.endswith("gbp") else 0.0051):
            print("total", name, t, tot[t][col], s)
            bad += 1
# capital over the years is the horizon's capital to date
h = max(KA)
if num(tot["capital_gbp"]["a_value"]) != num(KA[h]["capital_cost_to_date_gbp"]):
    print("capital", tot["capital_gbp"]["a_value"], KA[h]["capital_cost_to_date_gbp"])
    bad += 1
# a hand-checked figure: extend-h1's 100 secondary places at 36,000 GBP
# a place (models/costs.ini [extend])
if b == "extend-h1" and num(tot["capital_gbp"]["b_value"]) != 3600000:
    print("extend-h1 capital", tot["capital_gbp"]["b_value"])
    bad += 1
sys.exit(1 if bad else 0)
