#!/usr/bin/env python3
# verify_styles.py PGHOST SCHEMA GPKG TABLE...: each TABLE of SCHEMA in
# the PostGIS database "estate" (socket folder PGHOST, user estate), opened
# in QGIS 3.22 headless (Debian's python3-qgis) as a planner adds it from
# the Browser, is drawn and labelled as the same layer of GPKG (the run's
# estate.gpkg, whose styles QGIS reads from its own layer_styles): the
# renderer and labelling of the two layers' default styles, as QGIS
# writes them out, are the same XML (a layer without a stored style gets
# QGIS's plain default, a single symbol of a random colour, which never
# equals estate's). Prints one line per table; exit 1 on the first
# difference, 77 when python3-qgis is missing.
import os
import sys

try:
    from qgis.core import QgsApplication, QgsVectorLayer, QgsWkbTypes
    from qgis.PyQt.QtXml import QDomDocument
except ImportError:
    print("verify_styles: python3-qgis is not installed (make deps installs it): skipped")
    sys.exit(77)

host, schema, gpkg, tables = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
app = QgsApplication([], False)
app.initQgis()


def drawn(layer):
    """The layer's renderer and labelling as QGIS saves them."""
    doc = QDomDocument()
    layer.exportNamedStyle(doc)
    root = doc.documentElement()
    parts = []
    for tag in ("renderer-v2", "labeling"):
        el = root.firstChildElement(tag)
        sub = QDomDocument()
        if not el.isNull():
            sub.appendChild(sub.importNode(el, True))
        parts.append(sub.toString())
    return "\n".join(parts)


bad = 0
for t in tables:
    gp = QgsVectorLayer("%s|layername=%s" % (gpkg, t), t, "ogr")
    # As the Browser adds it: with its geometry type and CRS, which QGIS
    # matches the style's type against.
    pg = QgsVectorLayer("dbname='estate' host=%s user='estate' key='fid' srid=%s type=%s"
                        " table=\"%s\".\"%s\" (geom)"
                        % (host, gp.crs().postgisSrid(), QgsWkbTypes.displayString(gp.wkbType()),
                           schema, t), t, "postgres")
    if not pg.isValid() or not gp.isValid():
        print("verify_styles: %s: layer not valid (postgis %s, gpkg %s)" % (t, pg.isValid(), gp.isValid()))
        bad = 1
        break
    a, b = drawn(pg), drawn(gp)
    if a != b:
        print("verify_styles: %s: drawn as %s from PostGIS, %s from estate.gpkg"
              % (t, pg.renderer().type(), gp.renderer().type()))
        bad = 1
        break
    print("%s %s %d" % (t, pg.renderer().type(), len(a)))
# Layers outlive exitQgis in the bindings (a crash at exit): leave at once.
sys.stdout.flush()
os._exit(bad)
