#!/usr/bin/env python3
"""make_fixture.py: writes the hand-made England fixture (tests/data/england).

No real data: an invented local authority ("Exampleshire", LA code 990) of
six 1 km LSOAs in a 3 x 2 grid (EPSG:27700), eight GIAS rows, a January
census by national curriculum year, the ONS mid-year population by single
year of age, IMD 2019 File 1 and a tiny road network. Each file copies
the layout of the file it stands in for (column names, order, quoting,
markers), so a study reads it as it would read the published one.
Every figure is chosen so that a test can work it out by hand
(tests/data/README.md, "england/"). Run from this folder:
    python3 make_fixture.py
Output is deterministic (same bytes every run).
"""
import csv
import json

# ------------------------------------------------------------------ LSOAs
# code, name, x0, y0 (south-west corner of a 1 km square), children per
# single year of age 0-17, IMD 2019 rank and decile (1 = most deprived).
LSOAS = [
    ("E01099901", "Exampleshire 001A", 440000, 330000, 20, 1520, 1),
    ("E01099902", "Exampleshire 001B", 441000, 330000, 25, 4871, 2),
    ("E01099903", "Exampleshire 001C", 442000, 330000, 15, 14990, 5),
    ("E01099904", "Exampleshire 002A", 440000, 331000, 18, 8012, 3),
    ("E01099905", "Exampleshire 002B", 441000, 331000, 22, 27410, 9),
    ("E01099906", "Exampleshire 002C", 442000, 331000, 30, 31877, 10),
]
ADULT = 15      # people per single year of age 18-89, every LSOA
OLDEST = 8      # people aged 90 and over, every LSOA
LA_CODE, LA_NAME, LA_GSS = "990", "Exampleshire", "E06099990"


def ages(children):
    """Counts for ages 0..89 and 90+ (91 values)."""
    return [children] * 18 + [ADULT] * 72 + [OLDEST]


def population():
    # ONS "Lower layer Super Output Area population estimates" (SAPE23DT2,
    # mid-2020, persons), the data table saved as CSV: bare age columns.
    head = ["LA Code (2018 boundaries)", "LA name (2018 boundaries)",
            "LA Code (2021 boundaries)", "LA name (2021 boundaries)",
            "LSOA Code", "LSOA Name", "All Ages"]
    head += [str(a) for a in range(90)] + ["90+"]
    with open("sape23dt2_mid2020_lsoa.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        for code, name, _x, _y, c, _r, _d in LSOAS:
            v = ages(c)
            w.writerow([LA_GSS, LA_NAME, LA_GSS, LA_NAME, code, name, sum(v)] + v)


def boundaries():
    # ONS LSOA (December 2011) boundaries, GeoJSON in British National Grid.
    feats = []
    for code, name, x, y, *_ in LSOAS:
        ring = [[x, y], [x + 1000, y], [x + 1000, y + 1000], [x, y + 1000], [x, y]]
        feats.append({"type": "Feature",
                      "properties": {"LSOA11CD": code, "LSOA11NM": name},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    write_geojson("lsoa2011_boundaries.geojson", feats)


def write_geojson(path, feats):
    with open(path, "w") as f:
        f.write('{"type": "FeatureCollection", "crs": {"type": "name", '
                '"properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},\n"features": [\n')
        f.write(",\n".join(json.dumps(ft) for ft in feats))
        f.write("\n]}\n")


def imd():
    # MHCLG English Indices of Deprivation 2019, File 1 (IMD), sheet
    # "IMD2019" saved as CSV; two LSOAs of a neighbouring authority too
    # (rows the study does not use).
    head = ["LSOA code (2011)", "LSOA name (2011)",
            "Local Authority District code (2019)",
            "Local Authority District name (2019)",
            "Index of Multiple Deprivation (IMD) Rank",
            "Index of Multiple Deprivation (IMD) Decile"]
    rows = [(c, n, LA_GSS, LA_NAME, r, d) for c, n, _x, _y, _ch, r, d in LSOAS]
    rows += [("E01099951", "Otherborough 001A", "E06099991", "Otherborough", 2210, 1),
             ("E01099952", "Otherborough 001B", "E06099991", "Otherborough", 20001, 7)]
    with open("imd2019_file1.csv", "w", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        w.writerows(rows)


# ---------------------------------------------------------------- schools
# The GIAS "all establishment data" header (edubasealldata*.csv), in order.
GIAS = ["URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName",
        "TypeOfEstablishment (code)", "TypeOfEstablishment (name)",
        "EstablishmentTypeGroup (code)", "EstablishmentTypeGroup (name)",
        "EstablishmentStatus (code)", "EstablishmentStatus (name)",
        "ReasonEstablishmentOpened (code)", "ReasonEstablishmentOpened (name)", "OpenDate",
        "ReasonEstablishmentClosed (code)", "ReasonEstablishmentClosed (name)", "CloseDate",
        "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge",
        "StatutoryHighAge", "Boarders (code)", "Boarders (name)", "NurseryProvision (name)",
        "OfficialSixthForm (code)", "OfficialSixthForm (name)", "Gender (code)",
        "Gender (name)", "ReligiousCharacter (code)", "ReligiousCharacter (name)",
        "ReligiousEthos (name)", "Diocese (code)", "Diocese (name)",
        "AdmissionsPolicy (code)", "AdmissionsPolicy (name)", "SchoolCapacity",
        "SpecialClasses (code)", "SpecialClasses (name)", "CensusDate", "NumberOfPupils",
        "NumberOfBoys", "NumberOfGirls", "PercentageFSM", "TrustSchoolFlag (code)",
        "TrustSchoolFlag (name)", "Trusts (code)", "Trusts (name)",
        "SchoolSponsorFlag (name)", "SchoolSponsors (name)", "FederationFlag (name)",
        "Federations (code)", "Federations (name)", "UKPRN", "FEHEIdentifier",
        "FurtherEducationType (name)", "OfstedLastInsp", "OfstedSpecialMeasures (code)",
        "OfstedSpecialMeasures (name)", "LastChangedDate", "Street", "Locality",
        "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite", "TelephoneNum",
        "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle",
        "BSOInspectorateName (name)", "InspectorateReport", "DateOfLastInspectionVisit",
        "NextInspectionVisit", "TeenMoth (name)", "TeenMothPlaces", "CCF (name)",
        "SENPRU (name)", "EBD (name)", "PlacesPRU", "FTProv (name)", "EdByOther (name)",
        "Section41Approved (name)"] + ["SEN%d (name)" % i for i in range(1, 14)] + [
        "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll",
        "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity", "GOR (code)",
        "GOR (name)", "DistrictAdministrative (code)", "DistrictAdministrative (name)",
        "AdministrativeWard (code)", "AdministrativeWard (name)",
        "ParliamentaryConstituency (code)", "ParliamentaryConstituency (name)",
        "UrbanRural (code)", "UrbanRural (name)", "GSSLACode (name)", "Easting", "Northing",
        "CensusAreaStatisticWard (name)", "MSOA (name)", "LSOA (name)",
        "InspectorateName (name)", "SENStat", "SENNoStat", "BoardingEstablishment (name)",
        "PropsName", "PreviousLA (code)", "PreviousLA (name)", "PreviousEstablishmentNumber",
        "OfstedRating (name)", "RSCRegion (name)", "Country (name)", "UPRN", "SiteName",
        "QABName (code)", "QABName (name)", "EstablishmentAccredited (code)",
        "EstablishmentAccredited (name)", "QABReport", "CHNumber", "MSOA (code)",
        "LSOA (code)"]

# URN, estab no, name, type (code, name), type group (code, name), status
# (code, name), close date, phase (code, name), low, high age, sixth form,
# religious character (code, name), capacity, pupils, easting, northing, LSOA.
SCHOOLS = [
    (990001, "2001", "Northfield Primary School", "01", "Community school",
     "4", "Local authority maintained schools", "1", "Open", "", "2", "Primary", 4, 11,
     "Does not have a sixth form", "00", "Does not apply", 420, 398, 440420, 331610, 3),
    # GIAS writes the name with a right single quote (0x92 in its
    # Windows-1252), which is what encoding = windows-1252 is for.
    (990002, "3301", "St Anne\u2019s Church of England Primary School", "02",
     "Voluntary aided school", "4", "Local authority maintained schools", "1", "Open", "",
     "2", "Primary", 4, 11, "Does not have a sixth form", "02", "Church of England",
     210, 196, 442580, 330350, 2),
    (990003, "3302", "St Thomas More Catholic Primary School", "02",
     "Voluntary aided school", "4", "Local authority maintained schools", "1", "Open", "",
     "2", "Primary", 4, 11, "Does not have a sixth form", "03", "Roman Catholic",
     315, 287, 441650, 331300, 4),
    (990004, "4001", "Southgate Academy", "34", "Academy converter", "10", "Academies",
     "1", "Open", "", "4", "Secondary", 11, 16, "Does not have a sixth form", "00",
     "Does not apply", 900, 842, 441300, 330450, 1),
    (990005, "4002", "Riverside Academy", "28", "Academy sponsor led", "10", "Academies",
     "1", "Open", "", "7", "All-through", 4, 18, "Has a sixth form", "00",
     "Does not apply", 1500, 1371, 442450, 331700, 5),
    (990006, "4003", "Exampleshire Sixth Form Academy", "45", "Academy 16-19 converter",
     "10", "Academies", "1", "Open", "", "6", "16 plus", 16, 19, "Has a sixth form",
     "00", "Does not apply", 600, 548, 441500, 330700, 1),
    (990007, "7001", "Brookside School", "07", "Community special school", "5",
     "Special schools", "1", "Open", "", "0", "Not applicable", 2, 19,
     "Has a sixth form", "00", "Does not apply", 120, 104, 440700, 330300, 0),
    (990008, "2002", "Old Mill Primary School", "01", "Community school", "4",
     "Local authority maintained schools", "2", "Closed", "31-08-2021", "2", "Primary",
     4, 11, "Does not have a sixth form", "00", "Does not apply", 210, "", 440300,
     330600, 0),
]


def gias():
    # Windows-1252, as GIAS publishes it (the study says encoding =).
    with open("edubasealldata20240119.csv", "w", newline="", encoding="cp1252") as f:
        # GIAS quotes every text cell and leaves the numbers it stores
        # as numbers (URN, ages, capacity, easting, northing) bare.
        w = csv.writer(f, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
        w.writerow(GIAS)
        for (urn, estab, name, tcode, tname, gcode, gname, scode, sname, closed,
             pcode, pname, lo, hi, sixth, rcode, rname, cap, pupils, x, y, z) in SCHOOLS:
            code, lname = LSOAS[z][0], LSOAS[z][1]
            row = {k: "" for k in GIAS}
            row.update({
                "URN": urn, "LA (code)": LA_CODE, "LA (name)": LA_NAME,
                "EstablishmentNumber": estab, "EstablishmentName": name,
                "TypeOfEstablishment (code)": tcode, "TypeOfEstablishment (name)": tname,
                "EstablishmentTypeGroup (code)": gcode,
                "EstablishmentTypeGroup (name)": gname,
                "EstablishmentStatus (code)": scode, "EstablishmentStatus (name)": sname,
                "ReasonEstablishmentOpened (code)": "00",
                "ReasonEstablishmentOpened (name)": "Not applicable",
                "ReasonEstablishmentClosed (code)": "00" if not closed else "99",
                "ReasonEstablishmentClosed (name)": "Not applicable" if not closed else "Other",
                "CloseDate": closed, "PhaseOfEducation (code)": pcode,
                "PhaseOfEducation (name)": pname, "StatutoryLowAge": lo,
                "StatutoryHighAge": hi, "Boarders (code)": "1",
                "Boarders (name)": "No boarders",
                "NurseryProvision (name)": "No Nursery Classes",
                "OfficialSixthForm (code)": "1" if sixth.startswith("Has") else "2",
                "OfficialSixthForm (name)": sixth, "Gender (code)": "3",
                "Gender (name)": "Mixed", "ReligiousCharacter (code)": rcode,
                "ReligiousCharacter (name)": rname,
                "ReligiousEthos (name)": "Does not apply" if rcode == "00" else rname,
                "AdmissionsPolicy (code)": "0", "AdmissionsPolicy (name)": "Not applicable",
                "SchoolCapacity": cap,
                "CensusDate": "" if pupils == "" else "18-01-2024",
                "NumberOfPupils": "" if pupils == "" else str(pupils),
                "Town": "Exampleton", "GOR (code)": "F", "GOR (name)": "East Midlands",
                "UrbanRural (code)": "C1", "UrbanRural (name)": "(England/Wales) Urban city and town",
                "GSSLACode (name)": LA_GSS, "Easting": x, "Northing": y,
                "LSOA (name)": lname, "LSOA (code)": code,
                "Country (name)": "United Kingdom",
            })
            w.writerow([row[k] for k in GIAS])


# January 2024 school census pupils by national curriculum year (R, 1-13):
# the layout of DfE "Schools, pupils and their characteristics" school-level
# tables (snake_case, one row per school); 'z' where the school has no
# such year group (not applicable), as DfE marks it.
CENSUS = {
    990001: {"r": 58, 1: 57, 2: 56, 3: 57, 4: 56, 5: 57, 6: 57},
    990002: {"r": 28, 1: 28, 2: 29, 3: 27, 4: 28, 5: 28, 6: 28},
    990003: {"r": 41, 1: 42, 2: 40, 3: 41, 4: 41, 5: 40, 6: 42},
    990004: {7: 170, 8: 169, 9: 168, 10: 168, 11: 167},
    990005: {"r": 60, 1: 60, 2: 59, 3: 60, 4: 58, 5: 59, 6: 60, 7: 150, 8: 148,
             9: 149, 10: 147, 11: 146, 12: 108, 13: 107},
    990006: {12: 280, 13: 268},
    990007: {"r": 4, 1: 5, 2: 6, 3: 7, 4: 8, 5: 8, 6: 8, 7: 9, 8: 9, 9: 10, 10: 10,
             11: 10, 12: 5, 13: 5},
}


def census():
    years = ["r"] + list(range(1, 14))
    head = ["time_period", "time_identifier", "urn", "school_name", "headcount_pupils"]
    head += ["ncyear_%s" % y for y in years]
    names = {s[0]: s[2] for s in SCHOOLS}
    # UTF-8, as explore-education-statistics publishes it.
    with open("spc_school_level_ncyear_202324.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(head)
        for urn, by in CENSUS.items():
            row = ["202324", "Academic year", urn, names[urn], sum(by.values())]
            row += [by.get(y, "z") for y in years]
            w.writerow(row)


# ------------------------------------------------------------------ roads
# OS Open Roads road_link as GeoJSON (the old "identifier/class/formOfWay"
# property names): a 3 km east-west road along y = 331,000 and three
# north-south streets at x = 440,500, 441,500 and 442,500 (2 km each),
# split at the crossings; lengths are the geometric lengths.
def roads():
    nodes = {}

    def node(x, y):
        return nodes.setdefault((x, y), "N%02d" % (len(nodes) + 1))
    links = []
    xs = [440000, 440500, 441500, 442500, 443000]
    for a, b in zip(xs, xs[1:]):
        links.append(((a, 331000), (b, 331000), "B Road", "B6540", "Mill Lane"))
    for x in (440500, 441500, 442500):
        links.append(((x, 330000), (x, 331000), "Not Classified", "", "South Street"))
        links.append(((x, 331000), (x, 332000), "Not Classified", "", "North Street"))
    feats = []
    for i, (p, q, cls, num, nm) in enumerate(links, 1):
        length = abs(p[0] - q[0]) + abs(p[1] - q[1])
        feats.append({"type": "Feature", "properties": {
            "identifier": "EX%04d" % i, "class": cls, "roadNumber": num,
            "name1": nm, "formOfWay": "Single Carriageway", "length": length,
            "startNode": node(*p), "endNode": node(*q),
            "function": "B Road" if cls == "B Road" else "Local Road"},
            "geometry": {"type": "LineString", "coordinates": [list(p), list(q)]}})
    write_geojson("roads.geojson", feats)


if __name__ == "__main__":
    population()
    boundaries()
    imd()
    gias()
    census()
    roads()
