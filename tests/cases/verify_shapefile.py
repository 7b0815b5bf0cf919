#!/usr/bin/env python3
# verify_shapefile.py GPKG FIELDMAP
# A Shapefile round trip keeps every field's meaning: `ogr2ogr -f "ESRI
# Shapefile"` of every feature table of GPKG, then for each table
#  - the DBF's field names are, in order, the shapefile_field column of
#    FIELDMAP (estate's <stem>_shapefile_fields.csv) and unique;
#  - every value of every row read back under its Shapefile name equals
#    the GeoPackage's value of the field the map names (reals to 1e-6,
#    text to dBase's 254 characters; null and '' alike, but a null
#    number must not come back as 0).
# So capacity_1 is capacity_2028, whatever GDAL's renaming did.
# Needs GDAL's Python bindings (/usr/bin/python3, python3-gdal).
import csv, sqlite3, subprocess, sys, tempfile

from osgeo import ogr

gpkg, fmap = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(fmap, newline="")))
tables = []
for r in rows:
    if r["layer"] not in tables:
        tables.append(r["layer"])
out = tempfile.mkdtemp()
subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", out, gpkg] + tables, check=True,
               stderr=subprocess.DEVNULL)
db = sqlite3.connect(gpkg)
checked = 0
for t in tables:
    m = [(r["field"], r["shapefile_field"]) for r in rows if r["layer"] == t]
    ds = ogr.Open("%s/%s.dbf" % (out, t))
    lyr = ds.GetLayer()
    d = lyr.GetLayerDefn()
    names = [d.GetFieldDefn(i).GetName() for i in range(d.GetFieldCount())]
    want = [s for _, s in m]
    assert names == want, "%s: Shapefile fields %s, field map says %s" % (t, names, want)
    assert len({n.lower() for n in names}) == len(names), t + ": duplicate names"
    cols = ", ".join('"%s"' % f for f, _ in m)
    src = db.execute("SELECT %s FROM %s ORDER BY fid" % (cols, t)).fetchall()
    assert lyr.GetFeatureCount() == len(src), "%s: %d features, %d rows" % (t, lyr.GetFeatureCount(), len(src))
    for i, feat in enumerate(lyr):
        for j, (f, s) in enumerate(m):
            a, b = src[i][j], feat.GetField(s)
            if a is None or a == "":
                assert b is None or b == "", "%s row %d %s: %r became %r" % (t, i, f, a, b)
            elif isinstance(a, str):
                assert b == a[:254], "%s row %d %s (%s): %r became %r" % (t, i, f, s, a, b)
            else:
                assert b is not None and abs(float(b) - a) <= 1e-6 * max(1, abs(a)), \
                    "%s row %d %s (%s): %r became %r" % (t, i, f, s, a, b)
            checked += 1
print("verify_shapefile: %d tables, %d values kept their meaning" % (len(tables), checked))
