/*
 * land.c: land and sea for a study whose [model] gives landmass_gap_m
 * (and optionally ferries = FILE): the landmasses of the zone polygons
 * (geo_landmasses), each zone and school tagged with its landmass, the
 * ferry and fixed links read and joined to the landmasses of their ports,
 * and every landmass with residents but no reachable school of a sector
 * flagged "no school on this island: hostel or ferry".
 *
 * Why here and opt-in: the pairing rule (core/land.c, region_trip) then
 * applies to every straight-line trip of the projection and the
 * scenarios, and a study without the key (Edinburgh) keeps its plain
 * straight lines: a mainland study with gaps in its zone polygons (8
 * Edinburgh zones are missing) must not strand zones on false islands.
 *
 * The links file is read like any [model] input: "ferries.<field> =
 * COLUMN" maps columns (name, from_x, from_y, to_x, to_y, minutes,
 * sailings, operator, source), "ferries.filter.<column>" keeps rows,
 * "ferries.crs" is the CRS of the port points (default the study's).
 * sailings: sailings per school day, a number above 0 (a ferry: the mean
 * wait is half the headway of a 12-hour school travel day), or empty /
 * "fixed" for a bridge or causeway longer than the gap (no wait).
 * A bad value is an error naming file:line and column.
 *
 * Invariant: on success with the key given, r->nland > 0, every zone
 * with a polygon and every school has land >= 0, and the links' paths
 * are ready (region_links_ready).
 */
#include "load/load_int.h"

#include <stdlib.h>
#include <string.h>

/* Ports farther than this from every zone polygon are reported. */
#define PORT_WARN_M 2000.0
/* Schools farther than this from every polygon are reported. */
#define SCHOOL_WARN_M 2000.0

struct links_file {
	const struct study *s;
	const char *path;
	struct io_table t;
	int col[9];
	struct input_map map;      /* ferries.<key> as a section (input/) */
	struct study_layer view;
};

static const char *const link_fields[] = {
	"name", "from_x", "from_y", "to_x", "to_y", "minutes", "sailings",
	"operator", "source"
};
enum { LF_NAME, LF_FX, LF_FY, LF_TX, LF_TY, LF_MIN, LF_SAIL, LF_OP, LF_SRC };

/* The column of field i through input/ (the layers' helper, the
 * [model] ferries.<field> keys seen as a section); the first six are
 * required. */
static int link_col(struct links_file *f, int i, struct le_err *err)
{
	return input_col(&f->map, &f->t, link_fields[i], NULL, i <= LF_MIN, NULL,
			 &f->col[i], err);
}

static int number(struct links_file *f, int r, int i, double lo, double *v,
		  struct le_err *err)
{
	const char *cell = io_cell(&f->t, r, f->col[i]);
	char where[600];

	if (le_parse_double(cell, v) == 0 && *v >= lo)
		return LE_OK;
	io_where(&f->t, r, where, sizeof(where));
	return le_errf(err, LE_EPARSE, "%s: column '%s': expected %s, got '%s'", where,
		       f->t.cols[f->col[i]],
		       i == LF_MIN ? "the crossing time in minutes (0 or more)" :
		       "a coordinate (a number)", cell);
}

/* Read the links (ports not yet on landmasses: la = lb = -1). */
static int read_links(const struct study *s, struct geo_ctx *g, const char *path,
		      struct le_link **out, int *nout, struct le_err *err)
{
	struct links_file f;
	struct geo_xform *xf = NULL;
	const char *crs = study_model_get(s, "ferries.crs", NULL);
	char where[600], *keep = NULL;
	int rc, i, n = 0;
	struct le_link *v = NULL;

	memset(&f, 0, sizeof(f));
	f.s = s;
	f.path = path;
	io_table_init(&f.t);
	input_model_map(&f.map, &f.view, s, "ferries", path);
	if ((rc = input_model_read(&f.map, 1, &f.t, err)))
		goto done;
	for (i = 0; i < 9; i++)
		if ((rc = link_col(&f, i, err)))
			goto done;
	if (crs && strcmp(crs, s->crs) != 0 &&
	    (rc = geo_xform_new(g, crs, s->crs, &xf, err)))
		goto done;
	/* Filters: the rule of a layer's filter (AND of columns). */
	keep = xmalloc((size_t)f.t.nrows + 1);
	memset(keep, 1, (size_t)f.t.nrows + 1);
	if ((rc = input_filter(&f.map, &f.t, keep, NULL, err)))
		goto done;
	v = xcalloc((size_t)f.t.nrows + 1, sizeof(*v));
	for (i = 0; i < f.t.nrows; i++) {
		struct le_link *l = &v[n];
		const char *sail = f.col[LF_SAIL] >= 0 ? io_cell(&f.t, i, f.col[LF_SAIL]) : "";
		double mins, xy[4];
		int k;

		if (!keep[i])
			continue;
		io_where(&f.t, i, where, sizeof(where));
		for (k = 0; k < 4; k++)
			if ((rc = number(&f, i, LF_FX + k, -1e300, &xy[k], err)))
				goto done;
		if ((rc = number(&f, i, LF_MIN, 0, &mins, err)))
			goto done;
		l->crossing_s = mins * 60;
		if (!*sail || le_strcaseeq(sail, "fixed")) {
			l->sailings = 0;
		} else if (le_parse_double(sail, &l->sailings) != 0 || l->sailings <= 0) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: column '%s': expected sailings per school day (a number above 0, or empty or 'fixed' for a bridge or causeway), got '%s'",
				     where, f.t.cols[f.col[LF_SAIL]], sail);
			goto done;
		} else {
			/* A pupil turns up at random in the day: on average
			 * half the headway. */
			l->wait_s = 0.5 * LE_SCHOOL_DAY_MIN / l->sailings * 60;
		}
		for (k = 0; k < 4 && xf; k += 2)
			if (geo_xform_point(xf, &xy[k], &xy[k + 1]) != GEO_OK) {
				rc = le_errf(err, LE_EGEO, "%s: %s port (%s, %s) is outside the area of %s",
					     where, k ? "to" : "from",
					     io_cell(&f.t, i, f.col[LF_FX + k]),
					     io_cell(&f.t, i, f.col[LF_FY + k]), s->crs);
				goto done;
			}
		l->ax = xy[0];
		l->ay = xy[1];
		l->bx = xy[2];
		l->by = xy[3];
		l->la = l->lb = -1;
		l->name = xstrdup(io_cell(&f.t, i, f.col[LF_NAME]));
		l->operator_name = xstrdup(f.col[LF_OP] >= 0 ? io_cell(&f.t, i, f.col[LF_OP]) : "");
		l->source = xstrdup(f.col[LF_SRC] >= 0 ? io_cell(&f.t, i, f.col[LF_SRC]) : "");
		l->src_row = f.t.rowref[i];
		n++;
	}
	*out = v;
	*nout = n;
	v = NULL;
done:
	if (v) {
		for (i = 0; i < n; i++) {
			free(v[i].name);
			free(v[i].operator_name);
			free(v[i].source);
		}
		free(v);
	}
	geo_xform_free(xf);
	free(keep);
	input_model_release(&f.view);
	io_table_release(&f.t);
	return rc;
}

/* Stream of a school for the flags: 1 Roman Catholic, 0 the rest. */
static int rc_stream(const struct school *sc)
{
	return sc->denom == LE_RC;
}

/*
 * Flag every landmass with residents of school age whose sector (and, where
 * its council has RC schools of the sector, RC stream) has no school on a
 * landmass the links reach: the count of zones and children in the message.
 */
static void flag_islands(const struct region *r, struct le_diags *d)
{
	static const struct { int sector, lo, hi; } sec[] = {
		{ LE_PRIMARY, 4, 11 }, { LE_SECONDARY, 12, 17 }
	};
	int nl = r->nland, l, i, z, k, st;
	char *reach = xcalloc((size_t)nl * nl + 1, 1);
	int *stack = xmalloc(sizeof(int) * ((size_t)nl + 1));

	/* Reachability over the links (a few dozen landmasses). */
	for (l = 0; l < nl; l++) {
		int top = 0;
		reach[(size_t)l * nl + l] = 1;
		stack[top++] = l;
		while (top) {
			int u = stack[--top];
			for (i = 0; i < r->nlinks; i++) {
				int a = r->links[i].la, b = r->links[i].lb, o = -1;
				if (a == u)
					o = b;
				else if (b == u)
					o = a;
				if (o >= 0 && !reach[(size_t)l * nl + o]) {
					reach[(size_t)l * nl + o] = 1;
					stack[top++] = o;
				}
			}
		}
	}
	for (l = 0; l < nl; l++)
		for (k = 0; k < 2; k++)
			for (st = 0; st < 2; st++) {
				int nz = 0, first = -1, ok = 0, wanted = 0;
				double kids = 0;

				for (i = 0; i < r->nschools && !ok; i++) {
					const struct school *sc = &r->schools[i];
					if (sc->sector != sec[k].sector || rc_stream(sc) != st || sc->land < 0)
						continue;
					ok = reach[(size_t)l * nl + sc->land];
				}
				if (ok)
					continue;
				for (z = 0; z < r->nzones; z++) {
					const struct zone *zn = &r->zones[z];
					double c = 0;
					int a;
					if (zn->land != l || !zn->has_pop)
						continue;
					/* RC pupils only where the zone's council
					 * has RC schools of the sector. */
					if (st == 1) {
						int has = 0;
						for (i = 0; i < r->nschools && !has; i++)
							has = r->schools[i].sector == sec[k].sector &&
							      rc_stream(&r->schools[i]) &&
							      r->schools[i].council_id && zn->council_id &&
							      !strcmp(r->schools[i].council_id, zn->council_id);
						if (!has)
							continue;
					}
					for (a = sec[k].lo; a <= sec[k].hi; a++)
						c += region_pop(r, z, a);
					if (c <= 0)
						continue;
					wanted = 1;
					kids += c;
					if (first < 0)
						first = z;
					nz++;
				}
				if (!wanted)
					continue;
				le_diag_add(d, LE_WARNING, "no school on this island: hostel or ferry",
					    "landmass %d (zone '%s'%s%s%s, %d zone%s, %.0f children aged %d-%d): no %s%s school on it or reachable by a ferry link: hostel or ferry",
					    l, r->zones[first].id, r->zones[first].name ? " " : "",
					    r->zones[first].name ? r->zones[first].name : "",
					    nz > 1 ? " and others" : "", nz, nz == 1 ? "" : "s",
					    kids, sec[k].lo, sec[k].hi, st ? "Roman Catholic " : "",
					    le_sector_name(sec[k].sector));
			}
	free(stack);
	free(reach);
}

int load_land(const struct study *s, struct geo_ctx *g, struct region *r,
	      struct le_diags *d, struct le_err *err)
{
	const char *gap_text = study_model_get(s, "landmass_gap_m", NULL);
	const char *links_path = study_model_get(s, "ferries", NULL);
	struct le_geom *polys = NULL;
	struct le_link *links = NULL;
	double *zpt = NULL, *pts = NULL, *off = NULL, gap = 0;
	int *zl = NULL, *pl = NULL, nlinks = 0, rc = LE_OK, i, npts;

	const char *cross = study_model_get(s, "cross_boundary", NULL);

	/* Councils plan their own estates: placing across a boundary is
	 * the study's choice, off by default (checked yes / no by io/). */
	r->cross_boundary = cross && strcmp(cross, "yes") == 0;
	if (!gap_text && !links_path)
		return LE_OK;
	/* Landmasses are the zone polygons grouped by the gaps between them:
	 * point zones give no land to group, and would silently leave every
	 * zone off every landmass. */
	if (r->zone_points)
		return le_errf(err, LE_EDATA,
			       "%s: [model] %s needs zone polygons, but %d zones of %s are points: give the zones as polygons, or leave out landmass_gap_m and ferries",
			       s->path, gap_text ? "landmass_gap_m" : "ferries", r->zone_points,
			       s->layers[STUDY_ZONES].file);
	/* Checked by io/study.c when read; a ferries file alone uses no
	 * gap at all (pieces join only where they touch). */
	if (gap_text)
		le_parse_double(gap_text, &gap);
	if (links_path && (rc = read_links(s, g, links_path, &links, &nlinks, err)))
		return rc;
	npts = r->nschools + 2 * nlinks;
	polys = xmalloc(sizeof(*polys) * ((size_t)r->nzones + 1));
	zpt = xmalloc(sizeof(double) * (2 * (size_t)r->nzones + 1));
	zl = xmalloc(sizeof(int) * ((size_t)r->nzones + 1));
	pts = xmalloc(sizeof(double) * (2 * (size_t)npts + 1));
	pl = xmalloc(sizeof(int) * ((size_t)npts + 1));
	off = xmalloc(sizeof(double) * ((size_t)npts + 1));
	for (i = 0; i < r->nzones; i++) {
		/* A shallow copy: geo_landmasses only reads. */
		polys[i] = r->zones[i].geom;
		zpt[2 * i] = r->zones[i].px;
		zpt[2 * i + 1] = r->zones[i].py;
	}
	for (i = 0; i < r->nschools; i++) {
		pts[2 * i] = r->schools[i].x;
		pts[2 * i + 1] = r->schools[i].y;
	}
	for (i = 0; i < nlinks; i++) {
		double *p = pts + 2 * (r->nschools + 2 * i);
		p[0] = links[i].ax;
		p[1] = links[i].ay;
		p[2] = links[i].bx;
		p[3] = links[i].by;
	}
	r->land_gap_m = gap;
	if ((rc = geo_landmasses(g, polys, zpt, r->nzones, pts, npts, gap, zl, pl, off,
				 &r->nland, err)))
		goto done;
	for (i = 0; i < r->nzones; i++) {
		r->zones[i].land = zl[i];
		/* Moved when the zone lies over several landmasses. */
		r->zones[i].px = zpt[2 * i];
		r->zones[i].py = zpt[2 * i + 1];
	}
	for (i = 0; i < r->nschools; i++) {
		r->schools[i].land = pl[i];
		if (off[i] > SCHOOL_WARN_M)
			le_diag_add(d, LE_WARNING, "school off the land",
				    "school '%s' (%s) lies %.1f km from the nearest zone polygon: taken to be on landmass %d",
				    r->schools[i].id, r->schools[i].name, off[i] / 1000, pl[i]);
	}
	for (i = 0; i < nlinks; i++) {
		int a = r->nschools + 2 * i, b = a + 1;
		links[i].la = pl[a];
		links[i].lb = pl[b];
		if (off[a] > PORT_WARN_M || off[b] > PORT_WARN_M)
			le_diag_add(d, LE_WARNING, "link port off the land",
				    "%s:%ld: link '%s': the %s port lies %.1f km from the nearest zone polygon: check its coordinates",
				    links_path, links[i].src_row, links[i].name,
				    off[a] > PORT_WARN_M ? "from" : "to",
				    (off[a] > PORT_WARN_M ? off[a] : off[b]) / 1000);
		if (pl[a] == pl[b])
			le_diag_add(d, LE_WARNING, "link within one landmass",
				    "%s:%ld: link '%s' joins landmass %d to itself (the %.0f m gap already joins its ends): it changes nothing",
				    links_path, links[i].src_row, links[i].name, pl[a], gap);
		region_add_link(r, &links[i]);
	}
	region_links_ready(r);
	flag_islands(r, d);
done:
	for (i = 0; i < nlinks; i++) {
		free(links[i].name);
		free(links[i].operator_name);
		free(links[i].source);
	}
	free(links);
	free(off);
	free(pl);
	free(pts);
	free(zl);
	free(zpt);
	free(polys);
	return rc;
}
