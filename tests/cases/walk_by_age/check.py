"""check.py OUT: walking limits by stage on the hand region.

tests/data/hand/README.md: 10 residents at every age in every zone, so
each stage of a zone's key has the same pupils. close-p2 closes P2 from
2024: Z4's 55 primary pupils walk 4,160 m to P1 (520 m before), Z3's 55
walk 2,860 m (1,820 m before); secondary pupils stay within 2,600 m.

- scotland: no transport.ini, so each stage has the statutory limit of
  its age: P1-P3 (under 8) 2 miles = 3,218.688 m, P4-P7 3 miles =
  4,828.032 m. 4,160 m lies between: Z4's P1-P3 share, 3 of 7 stages,
  is beyond: 55 x 3 / 7 = 23.571; transport 23.571 x 1,100 = 25,928.6;
  all of them movers newly beyond. Z3 at 2,860 m: none. Baseline: none.
  (With the 2-mile policy of transport.ini, all 55 would be.)
- england: models/stages-england.ini, primary R-Y6; R-Y3 (under 8) 2
  miles, Y4-Y6 3 miles: 55 x 4 / 7 = 31.429; GBP 34,571.4.
- over: a policy of 3 miles for primary is above the statute for P1-P3,
  which keep 2 miles (the run warns): the same 23.571 as scotland.
"""
import csv
import sys

out = sys.argv[1]
fails = []


def kpis(run, year):
    with open("%s/%s/close-p2/kpis.csv" % (out, run), newline="") as f:
        for r in csv.DictReader(f):
            if r["year"] == year:
                return r
    return {}


def zone(run, z, sector, year):
    with open("%s/%s/close-p2/zones.csv" % (out, run), newline="") as f:
        for r in csv.DictReader(f):
            if (r["zone_id"], r["sector"], r["year"]) == (z, sector, year):
                return r
    return {}


def check(what, got, want, tol):
    if got is None or abs(float(got) - want) > tol:
        fails.append("%s: got %r, expected %r" % (what, got, want))


for run, beyond in (("scotland", 55 * 3 / 7), ("england", 55 * 4 / 7), ("over", 55 * 3 / 7)):
    k = kpis(run, "2023")
    check(run + " 2023 beyond_limit_pupils", k.get("beyond_limit_pupils"), 0, 0.006)
    for y in ("2024", "2025"):
        k = kpis(run, y)
        check(run + " " + y + " beyond_limit_pupils", k.get("beyond_limit_pupils"), beyond, 0.006)
        check(run + " " + y + " transport_cost_gbp", k.get("transport_cost_gbp"), beyond * 1100, 0.5)
    check(run + " 2024 moved_newly_beyond_limit", kpis(run, "2024").get("moved_newly_beyond_limit"),
          beyond, 0.006)
    check(run + " Z4 primary 2024", zone(run, "Z4", "primary", "2024").get("beyond_limit_pupils"),
          beyond, 0.006)
    check(run + " Z3 primary 2024", zone(run, "Z3", "primary", "2024").get("beyond_limit_pupils"), 0, 0.006)
    check(run + " Z1 secondary 2024", zone(run, "Z1", "secondary", "2024").get("beyond_limit_pupils"),
          0, 0.006)

if fails:
    print("\n".join(fails))
    sys.exit(1)
