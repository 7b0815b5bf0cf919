#!/usr/bin/env python3
# verify_qgis.py GPKG PNG [THEME...]
# Opens the QGIS project stored in GPKG the way a planner does (QGIS 3.22
# headless, Debian's python3-qgis), from a copy (QGIS switches the file to
# WAL mode, which changes its bytes), and checks:
#  - the project reads from "geopackage:<copy>?projectName=estate";
#  - its map themes are exactly THEME... (one per option, in order);
#  - every layer is valid and reads the copy itself (the relative path
#    was resolved against the GeoPackage), and each option's filtered
#    layers count the rows of that option (gpkg_ogr_contents is there);
#  - the project CRS is the data's (EPSG:27700), the schools layers are
#    labelled by school_name from 1:50,000 inwards;
#  - the last theme renders (QgsMapRendererParallelJob) to PNG with
#    pixels that are not background, and zoomed in to 1:20,000 around a
#    school its labels are placed.
# Exit 77 with a message when python3-qgis is missing (the case then
# reports it); make test installs it.
import os, shutil, sqlite3, sys, tempfile

try:
    from qgis.core import (QgsApplication, QgsProject, QgsMapSettings,
                           QgsMapRendererParallelJob, QgsRectangle)
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor
except ImportError:
    print("verify_qgis: python3-qgis is not installed (make deps installs it): skipped")
    sys.exit(77)


def fail(msg):
    print("verify_qgis: " + msg, file=sys.stderr)
    sys.exit(1)


src, png, themes = sys.argv[1], sys.argv[2], sys.argv[3:]
tmp = tempfile.mkdtemp()
gpkg = os.path.join(tmp, "estate.gpkg")
shutil.copy(src, gpkg)
db = sqlite3.connect(src)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
QgsApplication.setPrefixPath("/usr", True)
app = QgsApplication([], False)
app.initQgis()
proj = QgsProject.instance()
if not proj.read("geopackage:%s?projectName=estate" % gpkg):
    fail("QGIS cannot read the project: " + proj.error())

got = proj.mapThemeCollection().mapThemes()
if got != themes:
    fail("themes %s, expected %s" % (got, themes))

layers = proj.mapLayers().values()
if not layers:
    fail("no layers")
for lyr in layers:
    if not lyr.isValid():
        fail("layer %s is not valid: %s" % (lyr.name(), lyr.source()))
    path = lyr.source().split("|")[0]
    if os.path.realpath(path) != os.path.realpath(gpkg):
        fail("layer %s reads %s, not the GeoPackage itself" % (lyr.name(), path))
    sub = lyr.subsetString()
    table = lyr.source().split("layername=")[1].split("|")[0]
    if sub:
        sc = sub.split("= '", 1)[1][:-1].replace("''", "'")
        want = db.execute("SELECT count(*) FROM %s WHERE scenario = ?" % table, (sc,)).fetchone()[0]
    else:
        want = db.execute("SELECT count(*) FROM %s" % table).fetchone()[0]
    n = sum(1 for _ in lyr.getFeatures())
    # featureCount() is what the legend shows (1,001 for 125 before
    # gpkg_ogr_contents, issue 13).
    if n != want or lyr.featureCount() != want:
        fail("layer %s: %d features, featureCount() %d, expected %d"
             % (lyr.name(), n, lyr.featureCount(), want))

# The zones' secondary view is a second style of every zones layer of a
# run (Layer > Styles), and switching to it changes the renderer's rules.
for lyr in layers:
    if not themes or not lyr.name().startswith("zones"):
        continue
    sm = lyr.styleManager()
    if sorted(sm.styles()) != ["default", "secondary"]:
        fail("layer %s: styles %s" % (lyr.name(), sm.styles()))
    if not sm.setCurrentStyle("secondary") or \
            "secondary_pupils" not in lyr.renderer().rootRule().children()[0].filterExpression():
        fail("layer %s: the secondary style does not apply" % lyr.name())
    sm.setCurrentStyle("default")
    if "secondary" in lyr.renderer().rootRule().children()[0].filterExpression():
        fail("layer %s: the default style does not come back" % lyr.name())
if proj.crs().authid() != "EPSG:27700":
    fail("project CRS %r, expected EPSG:27700" % proj.crs().authid())
for lyr in layers:
    if not lyr.name().startswith("schools"):
        continue
    st = lyr.labeling().settings() if lyr.labelsEnabled() and lyr.labeling() else None
    if not st or st.fieldName != "school_name" or not st.scaleVisibility or st.minimumScale != 50000:
        fail("layer %s: no school_name labels shown from 1:50,000" % lyr.name())

coll = proj.mapThemeCollection()
for t in themes:
    vis = coll.mapThemeVisibleLayers(t)
    if not vis:
        fail("theme %s shows no layer" % t)
    for lyr in vis:
        sub = lyr.subsetString()
        if sub and not sub.endswith("'%s'" % t.replace("'", "''")):
            fail("theme %s shows layer %s of another option" % (t, lyr.name()))

# Render the last theme (the one furthest from the default view); with
# no themes (a region export), the layers the legend shows.
theme = themes[-1] if themes else "(legend)"
ms = QgsMapSettings()
if themes:
    ms.setLayers(coll.mapThemeVisibleLayers(theme))
    ms.setLayerStyleOverrides(coll.mapThemeStyleOverrides(theme))
else:
    ms.setLayers(proj.layerTreeRoot().checkedLayers())
ms.setDestinationCrs(proj.crs())
ext = None
for lyr in ms.layers():
    e = lyr.extent()
    if e.isEmpty():
        continue
    if ext is None:
        ext = e
    else:
        ext.combineExtentWith(e)
ms.setExtent(ext.buffered(ext.width() * 0.05 + 1))
ms.setOutputSize(QSize(600, 600))
ms.setBackgroundColor(QColor(255, 255, 255))
job = QgsMapRendererParallelJob(ms)
job.start()
job.waitForFinished()
img = job.renderedImage()
if not img.save(png, "PNG"):
    fail("cannot write " + png)
drawn = 0
for y in range(0, img.height(), 3):
    for x in range(0, img.width(), 3):
        if img.pixelColor(x, y) != QColor(255, 255, 255):
            drawn += 1
if drawn < 50:
    fail("theme %s renders blank (%d drawn pixels sampled)" % (theme, drawn))
# Zoomed in on the first school: labels are placed.
sch = [l for l in ms.layers() if l.name().startswith("schools")][0]
pt = next(sch.getFeatures()).geometry().asPoint()
ms.setExtent(QgsRectangle(pt.x() - 1500, pt.y() - 1500, pt.x() + 1500, pt.y() + 1500))
job = QgsMapRendererParallelJob(ms)
job.start()
job.waitForFinished()
nlab = len(job.takeLabelingResults().allLabels())
if not 1000 < ms.scale() < 50000 or nlab == 0:
    fail("theme %s at 1:%.0f: %d labels placed" % (theme, ms.scale(), nlab))
print("verify_qgis: %d labels at 1:%.0f" % (nlab, ms.scale()))
print("verify_qgis: %d themes, %d layers, theme %s drawn (%d of %d sampled pixels)"
      % (len(themes), len(layers), theme, drawn, (img.height() // 3 + 1) * (img.width() // 3 + 1)))
app.exitQgis()
shutil.rmtree(tmp)
