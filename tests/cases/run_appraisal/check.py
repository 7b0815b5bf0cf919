"""appraisal.csv of the hand region (tests/data/hand) with close-p2,
worked out by hand from models/costs.ini (2023 prices) and the
region's README: P1 primary B 200 places roll 150, P2 primary C 200
places roll 110, H1 secondary A 150 places roll 200; close-p2 closes P2
from 2024 (its 110 pupils to P1). Floor area: 200 x 8.5 = 1,700 m2 per
primary, 150 x 10.5 = 1,575 m2 for H1.

  lifecycle  P1 1,700 x 20 + P2 1,700 x 25 + H1 1,575 x 20 = 108,000
             (close-p2 from 2024: 34,000 + 31,500 = 65,500)
  backlog    P1 1,700 x 5 + P2 1,700 x 40 + H1 0 = 76,500 (8,500)
  running    P1 200,000 + 500 x 200 + 5,200 x 150 = 1,080,000
             P2 200,000 + 500 x 200 x 1.2 + 5,200 x 110 = 892,000
             H1 700,000 + 500 x 150 x 0.9 + 6,400 x 200 = 2,047,500
             = 4,019,500; close-p2 from 2024: P1 with 260 pupils
             1,652,000 + H1 = 3,699,500
  transport  55 primary pupils beyond Edinburgh's 1,600 m x 1,100 =
             60,500; close-p2 from 2024 110 x 1,100 = 121,000
  ASN        460 pupils x 1 % x 7,500 = 34,500
Years 2026-2034 (t 3-11) repeat 2025. Discount 1 / 1.035^t.
"""
import csv
import sys

rows = list(csv.DictReader(open(sys.argv[1])))
cols = ["option", "year", "t", "capital_gbp", "optimism_bias_gbp",
        "lifecycle_gbp", "backlog_gbp", "running_gbp",
        "transport_mainstream_gbp", "transport_asn_gbp", "total_gbp",
        "discount_factor", "discounted_total_gbp"]
assert list(rows[0].keys()) == cols, list(rows[0].keys())
base = dict(lifecycle=108000, backlog=76500, running=4019500,
            transport=60500, asn=34500)
closed = dict(lifecycle=65500, backlog=8500, running=3699500,
              transport=121000, asn=34500)
want = {}
for opt in ("baseline", "close-p2"):
    npc = 0.0
    for t in range(12):
        v = base if opt == "baseline" or t == 0 else closed
        total = sum(v.values())
        df = 1 / 1.035 ** t
        npc += total * df
        want[(opt, str(2023 + t))] = (v, total, df)
    want[(opt, "npc")] = npc
assert len(rows) == 2 * 13, len(rows)
for r in rows:
    key = (r["option"], r["year"])
    if r["year"] == "npc":
        assert abs(float(r["discounted_total_gbp"]) - want[key]) < 0.01, (key, r)
        continue
    v, total, df = want[key]
    assert r["t"] == str(int(r["year"]) - 2023)
    assert float(r["capital_gbp"]) == 0 and float(r["optimism_bias_gbp"]) == 0
    assert float(r["lifecycle_gbp"]) == v["lifecycle"], (key, r)
    assert float(r["backlog_gbp"]) == v["backlog"], (key, r)
    assert float(r["running_gbp"]) == v["running"], (key, r)
    assert float(r["transport_mainstream_gbp"]) == v["transport"], (key, r)
    assert float(r["transport_asn_gbp"]) == v["asn"], (key, r)
    assert float(r["total_gbp"]) == total, (key, r)
    assert abs(float(r["discount_factor"]) - df) < 5e-7, (key, r)
    assert abs(float(r["discounted_total_gbp"]) - total * df) < 0.006, (key, r)
print("appraisal.csv: %d rows as by hand; NPC baseline %.2f, close-p2 %.2f"
      % (len(rows), want[("baseline", "npc")], want[("close-p2", "npc")]))
