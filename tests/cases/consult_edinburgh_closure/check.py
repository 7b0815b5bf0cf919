"""Check the consultation pack of the Edinburgh demo closure (Hillwood
Primary, 5540526P, from 2025) against the CSVs `estate run` wrote in the
same folder: an independent path (per zone and year tables, not the
allocation the pack reads) for one pupil group, the Hillwood zones.

Expected, by hand from those tables:
  - the group: the zones whose baseline school is Hillwood in some year
    (one: S01008997, primary, non-denominational);
  - its pupils by stage in 2025 = Hillwood's baseline P1..P7 in 2025
    (its roll is the zone's demand);
  - before: the zone's walking distance / driving time to Hillwood
    (baseline zones.csv); after: to the school close-hillwood gives it
    (Ratho Primary, 5540623P), so median = worst = that one distance;
  - every pupil of the group changes school from 2025, none before;
  - beyond the 2-mile limit (3,218.688 m) before and after: none here;
  - CO2: a year's car km = pupils x km x 190 days x 2 trips x 25 % by
    car x 2 car km per pupil km (within the limit), bus pkm = 5 %;
    kg = car km x 0.168 + bus pkm x 0.102 (models/consult.ini);
  - the options: every scenario of the run whose schools.csv changes
    Hillwood's roll by half a pupil or more in some year, whose
    zones.csv sends the group's zone elsewhere, or whose file names the
    school; nothing else.
"""
import csv, glob, math, os, sys

out, scen = sys.argv[1], sys.argv[2]
pack = os.path.join(out, "consult-close-hillwood")
H, LIMIT = "5540526P", 3218.688


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def close(a, b, tol, what):
    if not abs(float(a) - float(b)) <= tol:
        sys.exit(f"{what}: pack {a}, expected {b} (tolerance {tol})")


base_z = rows(os.path.join(out, "baseline/zones.csv"))
prop_z = {(r["zone_id"], r["year"], r["sector"], r["stream"]): r
          for r in rows(os.path.join(out, "close-hillwood/zones.csv"))}
group = sorted({(r["zone_id"], r["sector"], r["stream"]) for r in base_z if r["school_id"] == H})
if group != [("S01008997", "primary", "nd")]:
    sys.exit(f"group from the run's zones.csv: {group}")
zone = group[0]
bz = {r["year"]: r for r in base_z if (r["zone_id"], r["sector"], r["stream"]) == zone}

travel = {(r["option"], r["year"]): r for r in rows(os.path.join(pack, "travel.csv"))}
carbon = {(r["option"], r["year"]): r for r in rows(os.path.join(pack, "carbon.csv"))}
for year in range(2023, 2039):
    y = str(year)
    b, p = bz[y], prop_z[zone[0], y, zone[1], zone[2]]
    tb, tp = travel["baseline", y], travel["close-hillwood", y]
    # Distances in zones.csv are whole metres, times whole seconds.
    for t in (tb, tp):
        close(t["pupils"], b["pupils"], 0.006, f"{y} pupils")
    close(tb["walk_median_m"], b["distance_m"], 1, f"{y} baseline walk median")
    close(tb["drive_median_s"], b["time_s"], 1, f"{y} baseline drive median")
    close(tp["walk_median_m"], p["distance_m"], 1, f"{y} proposal walk median")
    close(tp["walk_worst_m"], p["distance_m"], 1, f"{y} proposal walk worst")
    close(tp["drive_worst_s"], p["time_s"], 1, f"{y} proposal drive worst")
    moved = float(b["pupils"]) if p["school_id"] != b["school_id"] else 0
    close(tp["changing_school"], moved, 0.006, f"{y} changing school")
    close(tb["changing_school"], 0, 0, f"{y} baseline changing school")
    beyond = float(p["pupils"]) if float(p["distance_m"]) > LIMIT else 0
    close(tp["beyond_limit"], beyond, 0.006, f"{y} beyond the limit")
    if year < 2025 and p["school_id"] != H or year >= 2025 and p["school_id"] != "5540623P":
        sys.exit(f"{y}: close-hillwood sends the zone to {p['school_id']}")
    km = lambda r: float(r["pupils"]) * float(r["distance_m"]) / 1000 * 190 * 2
    car = (km(p) - km(b)) * 0.25 * 2
    bus = (km(p) - km(b)) * 0.05
    close(carbon["close-hillwood", y]["added_car_km"], car, 0.01 * abs(car) + 1, f"{y} added car km")
    close(carbon["close-hillwood", y]["added_bus_passenger_km"], bus, 0.01 * abs(bus) + 1, f"{y} added bus km")
    close(carbon["close-hillwood", y]["added_kg_co2e"], car * 0.168 + bus * 0.102,
          0.01 * abs(car * 0.168 + bus * 0.102) + 1, f"{y} added kg CO2e")

# Pupils by stage: Hillwood's baseline stage roll.
hs = {r["year"]: r for r in rows(os.path.join(out, "baseline/schools.csv")) if r["school_id"] == H}
st = {(r["option"], r["year"]): r for r in rows(os.path.join(pack, "pupils_by_stage.csv"))}
for y in ("2025", "2030", "2038"):
    for s in ("P1", "P2", "P3", "P4", "P5", "P6", "P7"):
        close(st["baseline", y][s], hs[y][s], 0.006, f"{y} {s}")
    if st["baseline", y]["S1"] != "":
        sys.exit("secondary stages filled for a primary group")

# The receiving school as the run's schools.csv has it.
rs = {r["year"]: r for r in rows(os.path.join(out, "close-hillwood/schools.csv")) if r["school_id"] == "5540623P"}
ps = {(r["option"], r["year"], r["school_id"]): r for r in rows(os.path.join(pack, "schools.csv"))}
for y in ("2025", "2038"):
    r = ps["close-hillwood", y, "5540623P"]
    close(r["roll"], rs[y]["roll"], 0.006, f"{y} Ratho roll")
    close(r["capacity"], rs[y]["capacity"], 0.5, f"{y} Ratho capacity")
    close(r["utilisation_pct"], rs[y]["utilisation_pct"], 0.006, f"{y} Ratho utilisation")
    if r["condition"] != rs[y]["condition"]:
        sys.exit(f"{y} Ratho condition {r['condition']}")
    close(r["affected_pupils"], bz[y]["pupils"], 0.006, f"{y} affected pupils at Ratho")
    if ps["close-hillwood", y, H]["status"] != "closed":
        sys.exit(f"{y}: Hillwood not closed in the pack")

# Costs: the running cost change is the run's KPI difference.
kb = {r["year"]: r for r in rows(os.path.join(out, "baseline/kpis.csv")) if r["council"] == "all"}
kp = {r["year"]: r for r in rows(os.path.join(out, "close-hillwood/kpis.csv")) if r["council"] == "all"}
co = {(r["option"], r["year"]): r for r in rows(os.path.join(pack, "costs.csv"))}
for y in ("2024", "2025", "2038"):
    close(co["close-hillwood", y]["region_running_change_gbp"],
          float(kp[y]["running_cost_gbp"]) - float(kb[y]["running_cost_gbp"]), 1, f"{y} running cost change")

# Every alternative that touches the school, and no other.
names = {}
for f in sorted(glob.glob(os.path.join(scen, "*.ini"))):
    text = open(f).read()
    if "[study]" in text:
        continue
    name = [l.split("=", 1)[1].strip() for l in text.splitlines() if l.startswith("name")][0]
    names[name] = text
want = set()
hb = {r["year"]: float(r["roll"]) for r in rows(os.path.join(out, "baseline/schools.csv")) if r["school_id"] == H}
for name, text in names.items():
    if name == "close-hillwood":
        continue
    zr = [r for r in rows(os.path.join(out, name, "zones.csv")) if (r["zone_id"], r["sector"], r["stream"]) == zone]
    so = {r["year"]: float(r["roll"]) for r in rows(os.path.join(out, name, "schools.csv")) if r["school_id"] == H}
    if H in text or any(r["school_id"] != bz[r["year"]]["school_id"] for r in zr) or \
       any(abs(so[y] - hb[y]) >= 0.5 for y in hb):
        want.add(name)
got = [r["option"] for r in rows(os.path.join(pack, "options.csv"))]
if got[:2] != ["baseline", "close-hillwood"] or set(got[2:]) != want:
    sys.exit(f"options {got}, expected baseline, close-hillwood and {sorted(want)}")

rural = rows(os.path.join(pack, "rural.csv"))
if [(r["school_id"], r["closed_by_proposal"], r["urban_rural_class"], r["rural"]) for r in rural] != \
        [(H, "yes", "Accessible Rural Areas", "yes")]:
    sys.exit(f"rural.csv: {rural}")

page = open(os.path.join(pack, "consultation.html")).read()
for must in ("1. The proposal", "2. Options assessed", "3. Pupils affected", "4. Educational benefits",
             "5. Travel effect", "6. Community effect", "7. Transport and running costs",
             "8. Rural school: the special factors (s.12A)", "(a) Viable alternatives to closure",
             "(c) Effect of different travelling arrangements", "Travel-related carbon"):
    if must not in page:
        sys.exit(f"page lacks '{must}'")
if page.count('<div class="officer">') < 8:
    sys.exit("fewer than 8 officer slots")
# The board page's stylesheet, not a copy that could drift.
summary = open(os.path.join(out, "summary.html")).read()
css = summary[summary.index("<style>") + 7:summary.index("</style>")]
if css[:200] not in page:
    sys.exit("the pack does not carry the board page's stylesheet")
print("consult pack checked against the run:", len(want), "alternative(s):", sorted(want))
