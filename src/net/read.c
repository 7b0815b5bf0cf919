/*
 * read.c: the study's [roads] layer into net_links (net_read_links), and
 * the speed table models/network.ini (net_read_speeds).
 *
 * Two sources of links:
 *  - a line table (GeoJSON, SpatiaLite, GeoPackage) read by io/, with
 *    OS Open Roads attributes or none at all;
 *  - an OpenStreetMap file read by io/osm.c, whose ways are cut at
 *    junctions here.
 *
 * Invariants:
 *  - the field lookup, filters, missing-value markers, join and CRS
 *    handling are input/'s, the one helper load/ uses for the other
 *    layers, so the roads get the same keys and messages.
 *  - Links are appended with links_add only, so first_pt / npts always
 *    index the owning net_links' xy.
 *  - Node numbers (start_node / end_node) are dense, 0.., in order of
 *    first appearance in the file: the same file always gives the same
 *    numbers, whatever the hash map's layout.
 *  - Every point is in the working CRS once it is in out->xy.
 */
#include "net/net.h"

#include "geo/geo.h"
#include "input/input.h"
#include "io/io.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Our class names, in enum net_class order (the speed file's keys). */
static const char *const class_names[NET_NCLASSES] = {
	"motorway", "trunk", "primary", "secondary", "tertiary",
	"unclassified", "residential", "service", "path", "ferry"
};

/* Reader state shared by the table and OSM paths. */
struct rd {
	const struct study *s;
	const struct study_layer *l;
	const char *path;          /* the roads file, for messages */
	struct geo_ctx *g;
	struct geo_xform *xf;
	const char *src_crs;       /* borrowed */
	struct net_links *out;
	struct le_diags *d;
	struct le_err *err;
	struct input_map map;      /* [roads], for input/ */
	struct strmap warned;      /* warnings already given, by text */
	long lazy_index, lazy_line; /* the stream's feature: where is written
				     * only when a warning needs it (>= 0) */
	char last_unknown[64];     /* the last class word warned about: a file
				    * of one unknown word checks it once */
	char where[720];           /* the row or way being read: a warning
				    * names where a word first appears */
	struct strmap nodes;       /* node key -> dense number */
	int nnodes;
	char **node_keys;          /* dense number -> node key (messages) */
	size_t node_keys_alloc;
};

/* ---------------------------------------------------------------- helpers */

/*
 * Append a link with the attributes of proto and the points xy (npts
 * pairs). Private to the readers: the graph owns net_links' lifetime.
 */
static void links_add(struct net_links *l, const struct net_link *proto,
		      const double *xy, int npts)
{
	struct net_link *k;

	ALLOC_GROW(l->v, (size_t)l->n + 1, l->alloc);
	ALLOC_GROW(l->xy, 2 * ((size_t)l->npts + (size_t)npts), l->pts_alloc);
	k = &l->v[l->n++];
	*k = *proto;
	k->first_pt = l->npts;
	k->npts = npts;
	memcpy(l->xy + 2 * (size_t)l->npts, xy, 2 * (size_t)npts * sizeof(double));
	l->npts += npts;
}

/* A link with no attributes yet: unclassified, both modes, no ids. */
static void link_proto(struct net_link *k)
{
	memset(k, 0, sizeof(*k));
	k->cls = NET_UNCLASSIFIED;
	k->flags = NET_WALK_OK | NET_DRIVE_OK;
	k->start_node = k->end_node = -1;
}

/* Warn once per distinct key (e.g. one unknown class word), however many
 * rows repeat it: a thousand identical lines help nobody. The one line
 * names the row or way where the key first appears (r->where). */
static void warn_once(struct rd *r, const char *key, const char *topic,
		      const char *msg)
{
	if (strmap_get(&r->warned, key) >= 0)
		return;
	strmap_put(&r->warned, key, 1);
	if (r->lazy_index >= 0)
		snprintf(r->where, sizeof(r->where), "%s:%ld: features[%ld]", r->path,
			 r->lazy_line, r->lazy_index);
	le_diag_add(r->d, LE_WARNING, topic, "%s: %s (and any later row with the same value)",
		    r->where[0] ? r->where : r->path, msg);
}

/* Dense node number for a source key, in order of first appearance. */
static int node_number(struct rd *r, const char *key)
{
	int v = strmap_get(&r->nodes, key);

	if (v < 0) {
		ALLOC_GROW(r->node_keys, (size_t)r->nnodes + 1, r->node_keys_alloc);
		r->node_keys[r->nnodes] = xstrdup(key);
		v = r->nnodes++;
		strmap_put(&r->nodes, key, v);
	}
	return v;
}

/*
 * How far apart two link ends naming the same source node may lie before
 * the id is doubted: 1 m. The ends of the links at an OS Open Roads node
 * are that node's vertex, equal to the centimetre in the product and
 * within 0.2 m after a GeoJSON export rounded to 6 decimal degrees and a
 * Helmert transform; a real junction's arms are metres to kilometres
 * apart (the wrong id of issue 9 joined places 1,835 m apart). A metre
 * of doubt moves no school trip measurably.
 */
#define NODE_TOL_M 1.0

/* One end of a link: link index and which end (0 start, 1 end). */
struct lend {
	int link, end;
};

static const double *end_xy(const struct net_links *l, const struct lend *e)
{
	const struct net_link *k = &l->v[e->link];

	return l->xy + 2 * ((size_t)k->first_pt + (e->end ? (size_t)k->npts - 1 : 0));
}

/*
 * Check the source's node ids against the geometry (links first..n-1 of
 * the table; row[j - first] is link j's table row). For each node, the
 * end shared by most others within NODE_TOL_M (the first on ties) is its
 * place; an end farther than that is a wrong id: a warning names both
 * links, and the end loses its id, so the graph joins it where its
 * geometry ends (net_graph_build's rule for ends without ids). The
 * geometry wins because it is what the distances are measured on.
 *
 * t = NULL (the stream, which keeps no rows to name): nothing is changed
 * or said, and the return is 1 at the first wrong id (the caller then
 * reads the file as a table, which says it), else 0.
 */
static int check_nodes(struct rd *r, const struct io_table *t, int c_id, int first,
		       const int *row)
{
	struct net_links *l = r->out;
	int n = l->n - first, nn = r->nnodes, i, j, a, *start, *fill, wrong = 0;
	struct lend *ends;

	if (n <= 0 || nn <= 0)
		return 0;
	/* Ends grouped by node id (counting sort, link order kept). */
	start = xcalloc((size_t)nn + 2, sizeof(int));
	for (i = first; i < l->n; i++) {
		if (l->v[i].start_node >= 0)
			start[l->v[i].start_node + 1]++;
		if (l->v[i].end_node >= 0)
			start[l->v[i].end_node + 1]++;
	}
	for (i = 0; i < nn; i++)
		start[i + 1] += start[i];
	ends = xmalloc(sizeof(*ends) * ((size_t)start[nn] + 1));
	fill = xmalloc(sizeof(int) * ((size_t)nn + 1));
	memcpy(fill, start, sizeof(int) * (size_t)nn);
	for (i = first; i < l->n; i++) {
		if (l->v[i].start_node >= 0)
			ends[fill[l->v[i].start_node]++] = (struct lend){ i, 0 };
		if (l->v[i].end_node >= 0)
			ends[fill[l->v[i].end_node]++] = (struct lend){ i, 1 };
	}
	for (i = 0; i < nn; i++) {
		int best = start[i], best_near = -1;

		if (start[i + 1] - start[i] < 2)
			continue;
		/* Quadratic per node, but a node has a handful of ends. */
		for (a = start[i]; a < start[i + 1]; a++) {
			const double *pa = end_xy(l, &ends[a]);
			int near = 0;

			for (j = start[i]; j < start[i + 1]; j++) {
				const double *pb = end_xy(l, &ends[j]);

				near += j != a && hypot(pa[0] - pb[0], pa[1] - pb[1]) <= NODE_TOL_M;
			}
			if (near > best_near) {
				best_near = near;
				best = a;
			}
		}
		for (a = start[i]; a < start[i + 1]; a++) {
			const double *pa = end_xy(l, &ends[a]), *pb = end_xy(l, &ends[best]);
			double d = hypot(pa[0] - pb[0], pa[1] - pb[1]);
			struct net_link *k = &l->v[ends[a].link];
			char w1[300], w2[300];

			if (d <= NODE_TOL_M)
				continue;
			if (!t) {
				wrong = 1;
				goto done;
			}
			io_where(t, row[ends[a].link - first], w1, sizeof(w1));
			io_where(t, row[ends[best].link - first], w2, sizeof(w2));
			le_diag_add(r->d, LE_WARNING, "road node id",
				    "%s: road link '%s' (%s) gives %s '%s', which road link '%s' (%s) puts %.0f m away: the id is ignored and the link joins where its geometry ends",
				    r->path, c_id >= 0 ? io_cell(t, row[ends[a].link - first], c_id) : "",
				    w1, ends[a].end ? "endNode" : "startNode", r->node_keys[i],
				    c_id >= 0 ? io_cell(t, row[ends[best].link - first], c_id) : "",
				    w2, d);
			if (ends[a].end)
				k->end_node = -1;
			else
				k->start_node = -1;
		}
	}
done:
	free(fill);
	free(ends);
	free(start);
	return wrong;
}

/*
 * A speed: "50" (km/h), "50 km/h", "50 kph", "50 kmh", "30 mph". Returns 0
 * and *kph, or -1 when the text is not one of those forms.
 */
static int parse_speed(const char *text, double *kph)
{
	char num[64], *unit;
	size_t n = strlen(text);
	double v;

	if (n == 0 || n >= sizeof(num))
		return -1;
	memcpy(num, text, n + 1);
	/* Split the number from a trailing unit word. */
	unit = num;
	while (*unit && (*unit == ' ' || *unit == '.' || *unit == '-' || *unit == '+' ||
			 (*unit >= '0' && *unit <= '9')))
		unit++;
	if (*unit) {
		char u[32];
		size_t un = strlen(unit);
		if (un >= sizeof(u))
			return -1;
		memcpy(u, unit, un + 1);
		*unit = '\0';
		le_trim(u);
		if (le_parse_double(num, &v) != 0)
			return -1;
		if (le_strcaseeq(u, "mph"))
			v *= 1.609344;
		else if (!le_strcaseeq(u, "km/h") && !le_strcaseeq(u, "kph") &&
			 !le_strcaseeq(u, "kmh"))
			return -1;
	} else if (le_parse_double(num, &v) != 0) {
		return -1;
	}
	if (!(v > 0) || !isfinite(v))
		return -1;
	*kph = v;
	return 0;
}

/* Our class for a name ("primary"), or -1. */
static int class_by_name(const char *w)
{
	int c;

	for (c = 0; c < NET_NCLASSES; c++)
		if (le_strcaseeq(w, class_names[c]))
			return c;
	return -1;
}

/* "motorway, trunk, ..." for messages. */
static void class_list(struct buf *b, int with_ferry)
{
	int c;

	for (c = 0; c < NET_NCLASSES; c++) {
		if (c == NET_FERRY_ROUTE && !with_ferry)
			continue;
		buf_addf(b, "%s%s", c ? ", " : "", class_names[c]);
	}
}

/* ---------------------------------------------------------------- tables */

/*
 * OS Open Roads class words (models/network.ini documents the choice).
 * "Not Classified" roads are local streets without a council class;
 * "Unknown" are mostly private and restricted-access roads.
 */
static const struct { const char *word; int cls; } os_classes[] = {
	{ "Motorway", NET_MOTORWAY },
	{ "A Road", NET_PRIMARY },
	{ "B Road", NET_SECONDARY },
	{ "Classified Unnumbered", NET_TERTIARY },
	{ "Unclassified", NET_UNCLASSIFIED },
	{ "Not Classified", NET_RESIDENTIAL },
	{ "Unknown", NET_SERVICE },
};

/*
 * OS Open Roads formOfWay words and the modes they allow. Open Roads has
 * no direction of travel, so none of them is one-way here.
 */
static const struct { const char *word; unsigned flags; } os_forms[] = {
	{ "Single Carriageway", NET_WALK_OK | NET_DRIVE_OK },
	{ "Dual Carriageway", NET_WALK_OK | NET_DRIVE_OK },
	{ "Collapsed Dual Carriageway", NET_WALK_OK | NET_DRIVE_OK },
	{ "Roundabout", NET_WALK_OK | NET_DRIVE_OK },
	{ "Traffic Island Link", NET_WALK_OK | NET_DRIVE_OK },
	{ "Traffic Island Link At Junction", NET_WALK_OK | NET_DRIVE_OK },
	{ "Enclosed Traffic Area", NET_WALK_OK | NET_DRIVE_OK },
	{ "Shared Use Carriageway", NET_WALK_OK | NET_DRIVE_OK },
	/* Slip roads rarely have a footway; walkers use the road they join. */
	{ "Slip Road", NET_DRIVE_OK },
	/* Buses only: neither a car nor a walker may use it. */
	{ "Guided Busway", 0 },
};

/* The table being read and its mapped columns (-1 = not in the file). */
struct tab {
	struct io_table t;
	int c_id, c_class, c_form, c_len, c_start, c_end, c_oneway, c_speed;
};

/*
 * Column of field `field`: the study's mapping (an error naming the study
 * line when the file lacks it), else the first of the field's own name and
 * its aliases (OS Open Roads names) that exists, else -1.
 */
static int find_col(struct rd *r, struct tab *tb, const char *field,
		    const char *alias, int *col)
{
	return input_col(&r->map, &tb->t, field, alias, 0, NULL, col, r->err);
}

/* Mark the rows that pass every filter.<column> of the section. */
static int apply_filters(struct rd *r, struct tab *tb, char *keep)
{
	return input_filter(&r->map, &tb->t, keep, NULL, r->err);
}

/* Transform from the layer's CRS (study crs key, else the file's, else
 * the working CRS) to the working CRS; messages as load/'s. */
static int make_xform(struct rd *r, const char *file_crs)
{
	return input_xform(&r->map, r->g, NULL, file_crs, &r->xf, &r->src_crs, r->err);
}

/* Message for a point that cannot be brought into the working CRS. */
static int point_error(struct rd *r, const char *where, int check, double x,
		       double y)
{
	double a[4];

	geo_xform_area(r->xf, a);
	if (check == GEO_SWAPPED)
		return le_errf(r->err, LE_EGEO,
			       "%s (%.6g, %.6g) looks like x and y swapped (latitude given as longitude?)",
			       where, x, y);
	if (check == GEO_OUTSIDE)
		return le_errf(r->err, LE_EGEO,
			       "%s (%.6g, %.6g) in %s lies outside the area of %s (longitude %.2f to %.2f, latitude %.2f to %.2f)",
			       where, x, y, r->src_crs, r->s->crs, a[0], a[2], a[1], a[3]);
	return le_errf(r->err, LE_EGEO, "%s (%.6g, %.6g) cannot be converted from %s to %s",
		       where, x, y, r->src_crs, r->s->crs);
}

/* The class of a row: study value map, OS word, our name, else a warning. */
static int row_class(struct rd *r, const char *raw, int *cls)
{
	size_t i;
	int m;
	char msg[400];

	/* Cells keep their spaces; a word list never has them at the ends. */
	while (*raw == ' ')
		raw++;
	if (*raw == '\0') {
		*cls = NET_UNCLASSIFIED;
		return LE_OK;
	}
	/* The unknown word warned about last time (a file of one unknown
	 * word, e.g. a synthetic region's "local"): the same answer, and
	 * the warning is given already. */
	if (strcmp(raw, r->last_unknown) == 0) {
		*cls = NET_UNCLASSIFIED;
		return LE_OK;
	}
	for (m = 0; m < r->l->nmaps; m++) {
		const struct study_kv *kv = &r->l->maps[m];
		if (strncmp(kv->key, "class.", 6) != 0 || !le_strcaseeq(kv->key + 6, raw))
			continue;
		*cls = class_by_name(kv->val);
		if (*cls >= 0)
			return LE_OK;
		{
			struct buf b;
			buf_init(&b);
			class_list(&b, 1);
			le_errf(r->err, LE_EPARSE,
				"%s:%d: [roads] %s = %s: unknown road class '%s' (expected %s)",
				r->s->path, kv->line, kv->key, kv->val, kv->val, b.s);
			buf_release(&b);
			return r->err->code;
		}
	}
	for (i = 0; i < sizeof(os_classes) / sizeof(os_classes[0]); i++)
		if (le_strcaseeq(raw, os_classes[i].word)) {
			*cls = os_classes[i].cls;
			return LE_OK;
		}
	*cls = class_by_name(raw);
	if (*cls >= 0)
		return LE_OK;
	*cls = NET_UNCLASSIFIED;
	if (strlen(raw) < sizeof(r->last_unknown))
		memcpy(r->last_unknown, raw, strlen(raw) + 1);
	snprintf(msg, sizeof(msg),
		 "road class '%s' is not known: taken as unclassified (map it with 'class.%s = <class>' in [roads])",
		 raw, raw);
	warn_once(r, msg, "road class", msg);
	return LE_OK;
}

/* Modes allowed by a formOfWay word; unknown words warn and allow both. */
static unsigned row_form(struct rd *r, const char *raw)
{
	size_t i;
	char msg[400];

	if (*raw == '\0')
		return NET_WALK_OK | NET_DRIVE_OK;
	for (i = 0; i < sizeof(os_forms) / sizeof(os_forms[0]); i++)
		if (le_strcaseeq(raw, os_forms[i].word))
			return os_forms[i].flags;
	snprintf(msg, sizeof(msg),
		 "form of way '%s' is not known: taken as open to walking and driving", raw);
	warn_once(r, msg, "road form", msg);
	return NET_WALK_OK | NET_DRIVE_OK;
}

/* Oneway flags of a word (OSM conventions); unknown words warn. */
static unsigned oneway_flags(struct rd *r, const char *raw)
{
	char msg[400];

	if (*raw == '\0' || le_strcaseeq(raw, "no") || le_strcaseeq(raw, "false") ||
	    strcmp(raw, "0") == 0)
		return 0;
	if (le_strcaseeq(raw, "yes") || le_strcaseeq(raw, "true") || strcmp(raw, "1") == 0)
		return NET_ONEWAY;
	if (strcmp(raw, "-1") == 0 || le_strcaseeq(raw, "reverse"))
		return NET_ONEWAY_REV;
	snprintf(msg, sizeof(msg),
		 "oneway value '%s' is not known: taken as two-way (expected yes, no or -1)", raw);
	warn_once(r, msg, "road oneway", msg);
	return 0;
}

/*
 * The mapped fields of a road row, in one order for both readers: the
 * table reader takes their cells from its columns, the stream from the
 * feature's wanted properties. A NULL cell means the file has no such
 * column.
 */
enum { F_ID, F_CLASS, F_FORM, F_LEN, F_START, F_END, F_ONEWAY, F_SPEED, NFIELDS };

/* Field names and the OS Open Roads aliases tried when unmapped. */
static const struct { const char *name, *alias; } fields[NFIELDS] = {
	{ "id", "identifier" }, { "class", NULL }, { "form", "formOfWay" },
	{ "length", NULL }, { "start_node", "startNode" }, { "end_node", "endNode" },
	{ "oneway", NULL }, { "speed", NULL },
};

/* Attributes of one row (cells per field) into k (geometry not touched). */
static int row_attrs(struct rd *r, const char *const *cell, const char *where,
		     struct net_link *k)
{
	int rc;

	if (r->lazy_index < 0)
		snprintf(r->where, sizeof(r->where), "%s", where);
	link_proto(k);
	if (cell[F_CLASS] && (rc = row_class(r, cell[F_CLASS], &k->cls)))
		return rc;
	if (cell[F_FORM])
		k->flags = row_form(r, cell[F_FORM]);
	/* Motorways are closed to walkers whatever their form. */
	if (k->cls == NET_MOTORWAY)
		k->flags &= ~(unsigned)NET_WALK_OK;
	if (cell[F_LEN]) {
		const char *v = cell[F_LEN];
		if (*v && le_parse_double(v, &k->len_m) != 0)
			return le_errf(r->err, LE_EPARSE,
				       "%s: road length '%s' is not a number", where, v);
		if (k->len_m < 0)
			return le_errf(r->err, LE_EPARSE,
				       "%s: road length '%s' is negative", where, v);
	}
	if (cell[F_ONEWAY] && (k->flags & NET_DRIVE_OK))
		k->flags |= oneway_flags(r, cell[F_ONEWAY]);
	if (cell[F_SPEED]) {
		const char *v = cell[F_SPEED];
		if (*v && parse_speed(v, &k->speed_kph[NET_DRIVE]) != 0)
			return le_errf(r->err, LE_EPARSE,
				       "%s: road speed '%s' is not a speed (expected km/h, or 'N mph')",
				       where, v);
	}
	if (cell[F_START]) {
		const char *a = cell[F_START];
		const char *b = cell[F_END];
		if (!*a || !*b)
			return le_errf(r->err, LE_EDATA, "%s: road has no %s", where,
				       *a ? "end node" : "start node");
		k->start_node = node_number(r, a);
		k->end_node = node_number(r, b);
	}
	return LE_OK;
}

/* Do the parts of a multi-line follow on from each other end to start? */
static int parts_touch(const struct le_geom *gm)
{
	int p;

	for (p = 1; p < gm->nparts; p++) {
		int last = gm->part_start[p] - 1, first = gm->part_start[p];
		if (gm->xy[2 * last] != gm->xy[2 * first] ||
		    gm->xy[2 * last + 1] != gm->xy[2 * first + 1])
			return 0;
	}
	return 1;
}

/* One feature's links: one when its parts join up, else one per part. */
static int row_links(struct rd *r, struct le_geom *gm, const char *where,
		     struct net_link *k, int *disjoint)
{
	int p;

	if (gm->nparts <= 1) {
		/* One line: its points as they are (nothing to join). */
		if (gm->npoints < 2)
			return le_errf(r->err, LE_EGEO, "%s: road has only one point", where);
		links_add(r->out, k, gm->xy, gm->npoints);
		return LE_OK;
	}
	if (parts_touch(gm)) {
		double *xy = xmalloc(2 * (size_t)gm->npoints * sizeof(double));
		int n = 0, q;
		/* Drop the repeated joint point between parts. */
		for (q = 0; q < gm->npoints; q++) {
			if (n && xy[2 * n - 2] == gm->xy[2 * q] &&
			    xy[2 * n - 1] == gm->xy[2 * q + 1] && q > 0 &&
			    gm->nparts > 1)
				continue;
			xy[2 * n] = gm->xy[2 * q];
			xy[2 * n + 1] = gm->xy[2 * q + 1];
			n++;
		}
		if (n < 2) {
			free(xy);
			return le_errf(r->err, LE_EGEO, "%s: road has only one point", where);
		}
		links_add(r->out, k, xy, n);
		free(xy);
		return LE_OK;
	}
	/* Parts that do not touch cannot carry the feature's two end nodes or
	 * its length: each joins the network by its own end points. */
	(*disjoint)++;
	k->start_node = k->end_node = -1;
	k->len_m = 0;
	for (p = 0; p < gm->nparts; p++) {
		int a = gm->part_start[p], n = gm->part_start[p + 1] - a;
		if (n < 2)
			return le_errf(r->err, LE_EGEO, "%s: road part %d has only one point",
				       where, p + 1);
		links_add(r->out, k, gm->xy + 2 * a, n);
	}
	return LE_OK;
}

static int read_table(struct rd *r)
{
	struct tab tb;
	char *keep = NULL;
	char where[700];
	int rc, i, nkept = 0, disjoint = 0, first_disjoint = 0, first = r->out->n;
	int *row = NULL, nrow = 0;
	size_t row_alloc = 0;
	struct input_marks marks;

	memset(&tb, 0, sizeof(tb));
	io_table_init(&tb.t);
	input_marks_init(&marks);
	rc = input_read(&r->map, &tb.t, &marks, r->err);
	if (rc)
		goto done;
	if (!tb.t.geoms && tb.t.nrows > 0) {
		rc = le_errf(r->err, LE_EPARSE, "%s: [roads] %s has no geometry (expected lines)",
			     r->s->path, r->path);
		goto done;
	}
	if ((rc = find_col(r, &tb, fields[F_ID].name, fields[F_ID].alias, &tb.c_id)) ||
	    (rc = find_col(r, &tb, fields[F_CLASS].name, NULL, &tb.c_class)) ||
	    (rc = find_col(r, &tb, fields[F_FORM].name, fields[F_FORM].alias, &tb.c_form)) ||
	    (rc = find_col(r, &tb, fields[F_LEN].name, NULL, &tb.c_len)) ||
	    (rc = find_col(r, &tb, fields[F_START].name, fields[F_START].alias, &tb.c_start)) ||
	    (rc = find_col(r, &tb, fields[F_END].name, fields[F_END].alias, &tb.c_end)) ||
	    (rc = find_col(r, &tb, fields[F_ONEWAY].name, NULL, &tb.c_oneway)) ||
	    (rc = find_col(r, &tb, fields[F_SPEED].name, NULL, &tb.c_speed)))
		goto done;
	/* One end without the other cannot make topology. */
	if ((tb.c_start >= 0) != (tb.c_end >= 0)) {
		rc = le_errf(r->err, LE_EPARSE,
			     "%s: [roads] %s has a %s column but no %s column (map both or neither)",
			     r->s->path, r->path, tb.c_start >= 0 ? "start_node" : "end_node",
			     tb.c_start >= 0 ? "end_node" : "start_node");
		goto done;
	}
	keep = xmalloc((size_t)tb.t.nrows + 1);
	memset(keep, 1, (size_t)tb.t.nrows + 1);
	if ((rc = apply_filters(r, &tb, keep)))
		goto done;
	for (i = 0; i < tb.t.nrows; i++)
		nkept += keep[i];
	input_report(&r->map, &tb.t, keep, &marks, r->d);
	if (nkept == 0) {
		rc = le_errf(r->err, LE_EDATA, "%s: the roads layer has no lines", r->path);
		goto done;
	}
	/* The file's own CRS against its coordinates, unless the study
	 * overrides it (same rule as load/'s layers). */
	if ((!r->l->crs && (rc = io_table_check_crs(&tb.t, "roads", r->err))) ||
	    (rc = make_xform(r, tb.t.crs)))
		goto done;

	for (i = 0; i < tb.t.nrows; i++) {
		struct le_geom *gm = &tb.t.geoms[i];
		struct net_link k;
		size_t wn;
		int check, bad = 0, before = disjoint;

		if (!keep[i])
			continue;
		io_where(&tb.t, i, where, sizeof(where));
		wn = strlen(where);
		if (gm->npoints == 0) {
			rc = le_errf(r->err, LE_EGEO, "%s: road has no geometry", where);
			goto done;
		}
		if (gm->type != LE_GEOM_LINESTRING && gm->type != LE_GEOM_MULTILINESTRING) {
			rc = le_errf(r->err, LE_EGEO,
				     "%s: road is a %s (expected LineString or MultiLineString)",
				     where, le_geom_type_name(gm->type));
			goto done;
		}
		{
			const int cols[NFIELDS] = { tb.c_id, tb.c_class, tb.c_form, tb.c_len,
						    tb.c_start, tb.c_end, tb.c_oneway, tb.c_speed };
			const char *cell[NFIELDS];
			int f;
			for (f = 0; f < NFIELDS; f++)
				cell[f] = cols[f] >= 0 ? io_cell(&tb.t, i, cols[f]) : NULL;
			if ((rc = row_attrs(r, cell, where, &k)))
				goto done;
		}
		check = geo_xform_geom(r->xf, gm, &bad);
		if (check != GEO_OK) {
			snprintf(where + wn, sizeof(where) - wn, ": road vertex %d", bad + 1);
			rc = point_error(r, where, check, gm->xy[2 * bad], gm->xy[2 * bad + 1]);
			goto done;
		}
		if ((rc = row_links(r, gm, where, &k, &disjoint)))
			goto done;
		/* Which row each new link came from, for check_nodes. */
		ALLOC_GROW(row, (size_t)(r->out->n - first), row_alloc);
		while (nrow < r->out->n - first)
			row[nrow++] = i;
		if (disjoint == 1 && before == 0)
			first_disjoint = i;
	}
	if (tb.c_start >= 0)
		check_nodes(r, &tb.t, tb.c_id, first, row);
	if (disjoint) {
		io_where(&tb.t, first_disjoint, where, sizeof(where));
		le_diag_add(r->d, LE_WARNING, "road parts",
			    "%s: %d roads are multi-lines whose parts do not touch (the first at %s); each part joins the network by its own end points",
			    r->path, disjoint, where);
	}
done:
	free(row);
	free(keep);
	input_marks_release(&marks);
	io_table_release(&tb.t);
	return rc;
}

/* ---------------------------------------------------------------- stream */

/*
 * The streaming road reader: a GeoJSON road file goes feature by feature
 * from io_geojson_stream straight into the links, with the same rules as
 * read_table, in the same order, so the links, node numbers and warnings
 * are the same bytes. No table is built: on the Scotland-size synthetic
 * region (1.8 M features) reading fell from 11-13 s and 697 MB to the
 * figures in the README.
 *
 * What needs the whole file (a mapped column that no feature has, the
 * file's CRS against its coordinates, no kept row, a column that first
 * appears after features were read without it, a wrong node id) and
 * every error are not worded here: the stream stops, everything it added
 * is undone, and read_table reads the file and says what it always said.
 */
struct srd {
	struct rd *r;
	const char *want[IO_GJS_MAX_WANT];
	unsigned char presence[IO_GJS_MAX_WANT];
	int nwant;
	int main_w[NFIELDS], alias_w[NFIELDS];  /* wanted index, -1 none */
	int mapped[NFIELDS];                    /* the study names a column */
	unsigned used[NFIELDS];                 /* 1 << source used: 0 none,
						 * 1 the field's name, 2 alias */
	int filter_w0;                          /* filters' first wanted index */
	int geographic, crs_checked, any_in, any_out;
	long nkept;
	int disjoint;
	char first_disjoint[700];
};

static int stream_begin(void *ctx, const char *crs)
{
	struct srd *x = ctx;

	x->crs_checked = !x->r->l->crs;
	x->geographic = io_crs_geographic(crs);
	return make_xform(x->r, crs) != LE_OK;
}

static int stream_feature(void *ctx, const struct io_gjfeat *f)
{
	struct srd *x = ctx;
	struct rd *r = x->r;
	struct le_geom *gm = f->geom;
	const char *cell[NFIELDS];
	char where[1];
	struct net_link k;
	int i, check, bad = 0, before = x->disjoint;

	/* io_table_check_crs looks at every row, kept or not. */
	if (x->crs_checked)
		for (i = 0; i < gm->npoints; i++) {
			if (io_in_degrees(gm->xy[2 * i], gm->xy[2 * i + 1])) {
				x->any_in = 1;
			} else {
				if (x->geographic)
					return 1;       /* degrees that are not */
				x->any_out = 1;
			}
		}
	for (i = 0; i < r->l->nfilters; i++) {
		const char *v = f->val[x->filter_w0 + i];
		if (!io_in_list(v ? v : "", r->l->filters[i].val))
			return 0;
	}
	x->nkept++;
	/* Messages of errors are read_table's (the stream stops); warnings
	 * write where themselves, when one is given (lazy_index). */
	where[0] = '\0';
	r->lazy_index = f->index;
	r->lazy_line = f->line;
	if (gm->npoints == 0)
		return 1;
	for (i = 0; i < NFIELDS; i++) {
		const char *v = f->val[x->main_w[i]];
		unsigned src = v ? 1 : 0;
		if (!v && x->alias_w[i] >= 0 && (v = f->val[x->alias_w[i]]))
			src = 2;
		cell[i] = v;
		x->used[i] |= 1u << src;
	}
	/* One end without the other: read_table's error, or a column that
	 * appears later. */
	if (!cell[F_START] != !cell[F_END])
		return 1;
	if (row_attrs(r, cell, where, &k))
		return 1;
	check = geo_xform_geom(r->xf, gm, &bad);
	if (check != GEO_OK)
		return 1;
	if (row_links(r, gm, where, &k, &x->disjoint))
		return 1;
	if (x->disjoint == 1 && before == 0)
		snprintf(x->first_disjoint, sizeof(x->first_disjoint), "%s:%ld: features[%ld]",
			 r->path, f->line, f->index);
	return 0;
}

/* Forget everything a stopped stream added, back to link `first`. */
static void stream_undo(struct rd *r, int first, int first_pt, size_t ndiags)
{
	struct le_diags *d = r->d;
	int i;

	r->out->n = first;
	r->out->npts = first_pt;
	while (d->n > ndiags) {
		struct le_diag *g = &d->v[--d->n];
		if (g->severity == LE_ERROR)
			d->nerrors--;
		else
			d->nwarnings--;
		free(g->topic);
		free(g->msg);
	}
	strmap_release(&r->warned);
	strmap_init(&r->warned);
	strmap_release(&r->nodes);
	strmap_init(&r->nodes);
	for (i = 0; i < r->nnodes; i++)
		free(r->node_keys[i]);
	r->nnodes = 0;
	geo_xform_free(r->xf);
	r->xf = NULL;
}

/* Number of features the last net_read_links took from the stream (0:
 * the table reader read the file), for the tests. */
static long streamed_features;

long net_read_streamed(void)
{
	return streamed_features;
}

/*
 * LE_OK when the stream read the file, with everything read_table would
 * have made; IO_GJS_FALLBACK (nothing added) when read_table must read it.
 */
static int read_stream(struct rd *r)
{
	struct srd x;
	struct io_gjstream o;
	struct io_gjstream_end end;
	struct le_err *err = r->err, e2;
	char what[300];
	int first = r->out->n, first_pt = r->out->npts, i, f, rc;
	size_t ndiags = r->d->n;

	memset(&x, 0, sizeof(x));
	x.r = r;
	for (f = 0; f < NFIELDS; f++) {
		const char *name = study_get(r->l, fields[f].name);
		x.mapped[f] = name != NULL;
		x.main_w[f] = x.nwant;
		x.want[x.nwant++] = name ? name : fields[f].name;
		x.alias_w[f] = -1;
		if (!name && fields[f].alias) {
			x.alias_w[f] = x.nwant;
			x.want[x.nwant++] = fields[f].alias;
		}
	}
	if (x.nwant + r->l->nfilters > IO_GJS_MAX_WANT)
		return IO_GJS_FALLBACK;
	x.filter_w0 = x.nwant;
	for (i = 0; i < r->l->nfilters; i++)
		x.want[x.nwant++] = r->l->filters[i].key;
	memset(&o, 0, sizeof(o));
	o.want = x.want;
	o.nwant = x.nwant;
	/* The id names links only in read_table's node-id warnings, which
	 * the stream leaves to it: whether the column exists is enough. */
	x.presence[x.main_w[F_ID]] = 1;
	if (x.alias_w[F_ID] >= 0)
		x.presence[x.alias_w[F_ID]] = 1;
	o.presence_only = x.presence;
	o.begin = stream_begin;
	o.feature = stream_feature;
	o.ctx = &x;
	snprintf(what, sizeof(what), "reading %s", le_basename(r->path));
	o.what = what;
	/* Any error on the way means "read it as a table": keep the
	 * caller's slot clean for read_table's message. */
	le_err_clear(&e2);
	r->err = &e2;
	rc = io_geojson_stream(r->path, &o, &end);
	if (rc == LE_OK) {
		/* What only the whole file tells (read_table's checks). */
		if (x.nkept == 0 || (x.crs_checked && !x.geographic && !x.any_out && x.any_in))
			rc = IO_GJS_FALLBACK;
		for (i = 0; i < r->l->nfilters; i++)
			if (!end.found[x.filter_w0 + i])
				rc = IO_GJS_FALLBACK;
		for (f = 0; f < NFIELDS && rc == LE_OK; f++) {
			unsigned fin = end.found[x.main_w[f]] ? 1
				       : x.alias_w[f] >= 0 && end.found[x.alias_w[f]] ? 2 : 0;
			/* A mapped column must exist; a row read before its
			 * column appeared is the same as an empty cell, except
			 * for node ids (an empty one is an error) and an alias
			 * taken where the field's own name came later. */
			if ((x.mapped[f] && fin != 1) || (x.used[f] & ~(1u << fin) & ~1u) ||
			    ((f == F_START || f == F_END) && fin && (x.used[f] & 1u)))
				rc = IO_GJS_FALLBACK;
		}
		if (rc == LE_OK && r->nnodes > 0 && check_nodes(r, NULL, -1, first, NULL))
			rc = IO_GJS_FALLBACK;
	}
	r->err = err;
	r->lazy_index = -1;
	r->last_unknown[0] = '\0';
	if (rc != LE_OK) {
		stream_undo(r, first, first_pt, ndiags);
		streamed_features = 0;
		return IO_GJS_FALLBACK;
	}
	if (x.disjoint)
		le_diag_add(r->d, LE_WARNING, "road parts",
			    "%s: %d roads are multi-lines whose parts do not touch (the first at %s); each part joins the network by its own end points",
			    r->path, x.disjoint, x.first_disjoint);
	streamed_features = end.nfeatures;
	return LE_OK;
}

/* ---------------------------------------------------------------- osm */

/*
 * OSM highway values that make roads, with our class and the modes they
 * allow before access tags. Other values (construction, proposed,
 * platform, raceway, bus_guideway, ...) are not roads and are skipped.
 */
static const struct { const char *hw; int cls; unsigned flags; } osm_highways[] = {
	{ "motorway", NET_MOTORWAY, NET_DRIVE_OK },
	{ "motorway_link", NET_MOTORWAY, NET_DRIVE_OK },
	{ "trunk", NET_TRUNK, NET_WALK_OK | NET_DRIVE_OK },
	{ "trunk_link", NET_TRUNK, NET_WALK_OK | NET_DRIVE_OK },
	{ "primary", NET_PRIMARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "primary_link", NET_PRIMARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "secondary", NET_SECONDARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "secondary_link", NET_SECONDARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "tertiary", NET_TERTIARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "tertiary_link", NET_TERTIARY, NET_WALK_OK | NET_DRIVE_OK },
	{ "unclassified", NET_UNCLASSIFIED, NET_WALK_OK | NET_DRIVE_OK },
	{ "road", NET_UNCLASSIFIED, NET_WALK_OK | NET_DRIVE_OK },
	{ "residential", NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK },
	{ "living_street", NET_RESIDENTIAL, NET_WALK_OK | NET_DRIVE_OK },
	{ "service", NET_SERVICE, NET_WALK_OK | NET_DRIVE_OK },
	/* Tracks are farm and forest roads: open to walkers, not to cars
	 * unless motor_vehicle says so (which access tags cannot widen). */
	{ "track", NET_PATH, NET_WALK_OK },
	{ "pedestrian", NET_PATH, NET_WALK_OK },
	{ "footway", NET_PATH, NET_WALK_OK },
	{ "path", NET_PATH, NET_WALK_OK },
	{ "steps", NET_PATH, NET_WALK_OK },
	{ "cycleway", NET_PATH, NET_WALK_OK },
	{ "bridleway", NET_PATH, NET_WALK_OK },
};

static int word_in(const char *v, const char *const *list)
{
	if (!v)
		return 0;
	for (; *list; list++)
		if (le_strcaseeq(v, *list))
			return 1;
	return 0;
}

static const char *const closed_words[] = { "no", "private", NULL };
static const char *const open_words[] = {
	"yes", "designated", "permissive", "destination", NULL
};

/*
 * Modes after the access tags: access=no/private closes both; foot and
 * motor_vehicle then close or reopen their own mode (the more specific
 * tag wins, as in OSM), but never open a mode the class itself lacks.
 */
static unsigned osm_access(const struct io_osm *o, int w, unsigned base)
{
	const char *acc = io_osm_tag(o, w, IO_OSM_ACCESS);
	const char *foot = io_osm_tag(o, w, IO_OSM_FOOT);
	const char *mv = io_osm_tag(o, w, IO_OSM_MOTOR_VEHICLE);
	unsigned f = base;

	if (word_in(acc, closed_words))
		f = 0;
	if (word_in(foot, closed_words))
		f &= ~(unsigned)NET_WALK_OK;
	else if (word_in(foot, open_words))
		f |= base & NET_WALK_OK;
	if (word_in(mv, closed_words))
		f &= ~(unsigned)NET_DRIVE_OK;
	else if (word_in(mv, open_words))
		f |= base & NET_DRIVE_OK;
	return f;
}

/* Longest ferry duration taken as given: the longest Scottish crossing
 * (Aberdeen - Lerwick) is about 13 hours; anything beyond a day is a
 * typo, not a timetable. */
#define FERRY_MAX_S (24.0 * 3600)

/*
 * Ferry crossing time from duration: "HH:MM", "HH:MM:SS" or minutes.
 * Returns 0 and *sec; -1 if the text is none of those; -2 if it is longer
 * than FERRY_MAX_S. Digits are read by hand, at most 9 per field, so that
 * "99999999999:00" can neither overflow a long nor come out negative
 * (sscanf's %ld is undefined on overflow).
 */
static int parse_duration(const char *v, double *sec)
{
	double part[3] = { 0, 0, 0 }, min;
	const char *p = v;
	int n = 0, digits;

	/* One to three colon-separated runs of digits. */
	while (n < 3) {
		for (digits = 0; *p >= '0' && *p <= '9'; p++, digits++)
			if (digits < 9)
				part[n] = part[n] * 10 + (*p - '0');
		if (digits == 0 || digits > 9)
			break;
		n++;
		if (*p != ':')
			break;
		p++;
	}
	if (n >= 2 && *p == '\0' && p[-1] != ':') {
		/* Minutes and seconds below 60; hours free, but capped. */
		if (part[1] >= 60 || (n == 3 && part[2] >= 60))
			return -1;
		*sec = part[0] * 3600 + part[1] * 60 + (n == 3 ? part[2] : 0);
		return *sec > FERRY_MAX_S ? -2 : 0;
	}
	if (le_parse_double(v, &min) == 0 && min > 0 && isfinite(min)) {
		if (min * 60 > FERRY_MAX_S)
			return -2;
		*sec = min * 60;
		return 0;
	}
	return -1;
}

/*
 * The link attributes of way w, or 0 when the way is not a road for
 * either mode (not a road class, or closed by access tags).
 */
static int osm_way_proto(struct rd *r, const struct io_osm *o, int w,
			 struct net_link *k)
{
	const char *hw = io_osm_tag(o, w, IO_OSM_HIGHWAY);
	const char *route = io_osm_tag(o, w, IO_OSM_ROUTE);
	const char *v;
	char msg[400];
	size_t i;
	int bad;

	link_proto(k);
	if (route && strcmp(route, "ferry") == 0) {
		k->cls = NET_FERRY_ROUTE;
		k->flags = osm_access(o, w, NET_WALK_OK | NET_DRIVE_OK);
		if (!k->flags)
			return 0;
		k->flags |= NET_FERRY;
		v = io_osm_tag(o, w, IO_OSM_DURATION);
		if (v && (bad = parse_duration(v, &k->ferry_s)) != 0) {
			/* %.60s: a tag value can be any length; the message
			 * must still fit and name the way. */
			snprintf(msg, sizeof(msg),
				 bad == -2 ? "%s: way %lld: ferry duration '%.60s' is longer than 24 hours: the crossing time comes from its length"
					   : "%s: way %lld: ferry duration '%.60s' is not HH:MM, HH:MM:SS or minutes: the crossing time comes from its length",
				 r->path, o->ways[w].id, v);
			le_diag_add(r->d, LE_WARNING, "ferry duration", "%s", msg);
			k->ferry_s = 0;
		}
		return 1;
	}
	if (!hw)
		return 0;
	for (i = 0; i < sizeof(osm_highways) / sizeof(osm_highways[0]); i++)
		if (strcmp(hw, osm_highways[i].hw) == 0)
			break;
	if (i == sizeof(osm_highways) / sizeof(osm_highways[0]))
		return 0;
	k->cls = osm_highways[i].cls;
	k->flags = osm_access(o, w, osm_highways[i].flags);
	if (!k->flags)
		return 0;
	if (k->flags & NET_DRIVE_OK) {
		const char *ow = io_osm_tag(o, w, IO_OSM_ONEWAY);
		const char *jn = io_osm_tag(o, w, IO_OSM_JUNCTION);
		/* Roundabouts and motorways are one-way unless tagged otherwise. */
		if (!ow && ((jn && (strcmp(jn, "roundabout") == 0 ||
				    strcmp(jn, "circular") == 0)) ||
			    k->cls == NET_MOTORWAY))
			k->flags |= NET_ONEWAY;
		else if (ow)
			k->flags |= oneway_flags(r, ow);
		v = io_osm_tag(o, w, IO_OSM_MAXSPEED);
		if (v && parse_speed(v, &k->speed_kph[NET_DRIVE]) != 0) {
			/* "signals", "GB:nsl_single" ...: the class speed will do. */
			snprintf(msg, sizeof(msg),
				 "maxspeed '%s' is not understood: the class speed is used", v);
			warn_once(r, msg, "maxspeed", msg);
			k->speed_kph[NET_DRIVE] = 0;
		}
	}
	return 1;
}

/*
 * Vertices: every point of a kept way gets the number of its position.
 * GDAL gives a way coordinates, not node ids, and a node reads back
 * bit for bit the same in every way that uses it (io.h), so points with
 * equal coordinates are one node. The converse joins two distinct nodes
 * at the very same position (to 1e-7 degree, about 1 cm): OSM's
 * validators flag such "duplicate nodes" as errors, and a mapper who
 * left two ways touching there meant them to meet. Ways that cross
 * without a shared node (a bridge over a road) stay apart, as before.
 */
struct osm_pt {
	double lon, lat;
	int p;                  /* index in io_osm.lonlat */
};

/* By (lon, lat), then index: a total order, so the numbering is the same
 * on every run whatever qsort does with ties. */
static int osm_pt_cmp(const void *a, const void *b)
{
	const struct osm_pt *x = a, *y = b;

	if (x->lon != y->lon)
		return x->lon < y->lon ? -1 : 1;
	if (x->lat != y->lat)
		return x->lat < y->lat ? -1 : 1;
	return (x->p > y->p) - (x->p < y->p);
}

/*
 * vid[p] for every point p of the kept ways (others -1): one number per
 * distinct position, 0 .. *nv - 1.
 */
static int *osm_vertices(const struct io_osm *o, const char *keep, int *nv)
{
	struct osm_pt *order;
	int *vid, w, j, n = 0, v = -1;

	order = xmalloc(((size_t)o->npts + 1) * sizeof(*order));
	vid = xmalloc(((size_t)o->npts + 1) * sizeof(*vid));
	for (j = 0; j < o->npts; j++)
		vid[j] = -1;
	for (w = 0; w < o->nways; w++)
		if (keep[w])
			for (j = 0; j < o->ways[w].npts; j++, n++) {
				order[n].p = o->ways[w].first_pt + j;
				order[n].lon = o->lonlat[2 * order[n].p];
				order[n].lat = o->lonlat[2 * order[n].p + 1];
			}
	qsort(order, (size_t)n, sizeof(*order), osm_pt_cmp);
	for (j = 0; j < n; j++) {
		if (j == 0 || order[j].lon != order[j - 1].lon || order[j].lat != order[j - 1].lat)
			v++;
		vid[order[j].p] = v;
	}
	free(order);
	*nv = v + 1;
	return vid;
}

/* Working-CRS position of vertex v (point p of way w), transformed on
 * first use. */
static int osm_vertex_xy(struct rd *r, const struct io_osm *o, int w, int p, int v,
			 double *xy, char *done)
{
	char where[600];
	double lon = o->lonlat[2 * p], lat = o->lonlat[2 * p + 1];
	int check;

	if (done[v])
		return LE_OK;
	xy[2 * v] = lon;
	xy[2 * v + 1] = lat;
	check = geo_xform_point(r->xf, &xy[2 * v], &xy[2 * v + 1]);
	if (check != GEO_OK) {
		snprintf(where, sizeof(where), "%s: way %lld", r->path, o->ways[w].id);
		return point_error(r, where, check, lon, lat);
	}
	done[v] = 1;
	return LE_OK;
}

/* Dense number of vertex v as a link end, in order of first use. */
static long long osm_end(int *numb, int *next, int v)
{
	if (numb[v] < 0)
		numb[v] = (*next)++;
	return numb[v];
}

/*
 * Ways to links. A vertex used by two kept ways (or twice by one) is a
 * junction and every way is cut there, so links meet only at their ends.
 * Ferries are never cut: their crossing time belongs to the whole way,
 * but their end vertices count as uses so the roads they land on are cut.
 */
static int read_osm(struct rd *r)
{
	struct io_osm o;
	struct net_link *protos = NULL;
	char *keep = NULL, *done = NULL;
	int *vid = NULL, *uses = NULL, *numb = NULL;
	double *xy = NULL, *pts = NULL;
	int rc, w, j, nv = 0, next = 0, nlinks, missing_ways = 0;
	long long missing_first = 0;

	io_osm_init(&o);
	if ((rc = io_osm_read(r->path, &o, r->err)))
		goto done;
	protos = xcalloc((size_t)o.nways + 1, sizeof(*protos));
	keep = xcalloc((size_t)o.nways + 1, 1);
	nlinks = 0;
	for (w = 0; w < o.nways; w++) {
		snprintf(r->where, sizeof(r->where), "%s: way %lld", r->path, o.ways[w].id);
		keep[w] = (char)osm_way_proto(r, &o, w, &protos[w]);
		nlinks += keep[w];
		if (keep[w] && o.ways[w].missing && missing_ways++ == 0)
			missing_first = o.ways[w].id;
	}
	if (nlinks == 0) {
		rc = le_errf(r->err, LE_EDATA, "%s: the roads layer has no lines", r->path);
		goto done;
	}
	vid = osm_vertices(&o, keep, &nv);
	uses = xcalloc((size_t)nv + 1, sizeof(*uses));
	numb = xmalloc(((size_t)nv + 1) * sizeof(*numb));
	done = xcalloc((size_t)nv + 1, 1);
	xy = xmalloc(2 * ((size_t)nv + 1) * sizeof(*xy));
	pts = xmalloc(2 * ((size_t)o.npts + 1) * sizeof(*pts));
	for (j = 0; j < nv; j++)
		numb[j] = -1;
	for (w = 0; w < o.nways; w++) {
		const struct io_osm_way *wy = &o.ways[w];
		if (!keep[w])
			continue;
		for (j = 0; j < wy->npts; j++) {
			int p = wy->first_pt + j;
			if (!(protos[w].flags & NET_FERRY) || j == 0 || j == wy->npts - 1)
				uses[vid[p]]++;
			if ((rc = osm_vertex_xy(r, &o, w, p, vid[p], xy, done)))
				goto done;
		}
	}

	for (w = 0; w < o.nways; w++) {
		const struct io_osm_way *wy = &o.ways[w];
		const int *wv = vid + wy->first_pt;
		int npts = 0, first = -1;

		if (!keep[w])
			continue;
		/* Walk the way; a junction (or the last point) ends a link. */
		for (j = 0; j < wy->npts; j++) {
			int v = wv[j];
			int last = j == wy->npts - 1;
			if (npts == 0)
				first = v;
			pts[2 * npts] = xy[2 * v];
			pts[2 * npts + 1] = xy[2 * v + 1];
			npts++;
			if (npts >= 2 && (last || (uses[v] >= 2 && !(protos[w].flags & NET_FERRY)))) {
				struct net_link k = protos[w];
				k.start_node = osm_end(numb, &next, first);
				k.end_node = osm_end(numb, &next, v);
				links_add(r->out, &k, pts, npts);
				/* The junction starts the next link. */
				pts[0] = pts[2 * npts - 2];
				pts[1] = pts[2 * npts - 1];
				npts = 1;
				first = v;
			}
		}
	}
	if (missing_ways)
		le_diag_add(r->d, LE_WARNING, "osm extract",
			    "%s: %d %s to nodes that are not in the file (first: way %lld), as in an extract cut at its edge; GDAL joins the nodes that are there, so such a way may cut a corner where nodes are missing: extract with complete ways (osmium extract's default strategy)",
			    r->path, missing_ways, missing_ways == 1 ? "way refers" : "ways refer",
			    missing_first);
done:
	free(pts);
	free(xy);
	free(done);
	free(numb);
	free(uses);
	free(vid);
	free(keep);
	free(protos);
	io_osm_release(&o);
	return rc;
}

/* ---------------------------------------------------------------- entry */

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && le_strcaseeq(s + n - m, suffix);
}

/* Both entries: table_only skips the stream (the tests' oracle). */
static int read_links(const struct study *s, struct geo_ctx *g, struct net_links *out,
		      struct le_diags *d, struct le_err *err, int table_only)
{
	const struct study_layer *l = &s->layers[STUDY_ROADS];
	struct rd r;
	int rc, i;

	if (!l->present || !l->file)
		return le_errf(err, LE_EUSAGE, "%s: the study has no [roads] section naming a file",
			       s->path);
	memset(&r, 0, sizeof(r));
	r.s = s;
	r.l = l;
	r.path = l->file;
	r.map.s = s;
	r.map.l = l;
	r.map.section = "roads";
	r.g = g;
	r.out = out;
	r.d = d;
	r.err = err;
	r.lazy_index = -1;
	strmap_init(&r.warned);
	strmap_init(&r.nodes);
	if (ends_with(l->file, ".osm") || ends_with(l->file, ".pbf")) {
		/* OSM coordinates are always WGS84 longitude / latitude. */
		if ((rc = make_xform(&r, "EPSG:4326")) == LE_OK)
			rc = read_osm(&r);
	} else {
		streamed_features = 0;
		rc = IO_GJS_FALLBACK;
		if (!table_only && (ends_with(l->file, ".geojson") || ends_with(l->file, ".json")))
			rc = read_stream(&r);
		if (rc == IO_GJS_FALLBACK)
			rc = read_table(&r);
	}
	/* The arrays grew by half again each time: give the slack back (a
	 * third of ~170 MB for a Scotland-size file), since they live as
	 * long as the network. */
	if (out->n > 0 && (size_t)out->alloc > (size_t)out->n) {
		out->v = xrealloc(out->v, sizeof(*out->v) * (size_t)out->n);
		out->alloc = out->n;
	}
	if (out->npts > 0 && out->pts_alloc > out->npts) {
		out->xy = xrealloc(out->xy, 2 * sizeof(double) * (size_t)out->npts);
		out->pts_alloc = out->npts;
	}
	geo_xform_free(r.xf);
	strmap_release(&r.nodes);
	strmap_release(&r.warned);
	for (i = 0; i < r.nnodes; i++)
		free(r.node_keys[i]);
	free(r.node_keys);
	return rc;
}

int net_read_links(const struct study *s, struct geo_ctx *g,
		   struct net_links *out, struct le_diags *d,
		   struct le_err *err)
{
	return read_links(s, g, out, d, err, 0);
}

int net_read_links_table(const struct study *s, struct geo_ctx *g,
			 struct net_links *out, struct le_diags *d,
			 struct le_err *err)
{
	return read_links(s, g, out, d, err, 1);
}

/* ---------------------------------------------------------------- speeds */

enum { SEC_NONE = -1, SEC_FERRY = NET_NMODES };

int net_read_speeds(const char *path, double kph[][NET_NMODES],
		    double *ferry_kph, struct le_err *err)
{
	static const char *const sec_names[] = { "walk", "drive", "ferry" };
	int seen[NET_NCLASSES][NET_NMODES], ferry_line = 0;
	char line[1024];
	FILE *fp;
	int lineno = 0, sec = SEC_NONE, rc = LE_OK, c, m;

	fp = fopen(path, "r");
	if (!fp)
		return le_errf(err, LE_EIO, "%s: cannot open: %s", path, strerror(errno));
	memset(seen, 0, sizeof(seen));
	while (fgets(line, sizeof(line), fp)) {
		char *p, *eq, *key, *val;
		double v;

		lineno++;
		if (!strchr(line, '\n') && !feof(fp)) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: line longer than %d characters",
				     path, lineno, (int)sizeof(line) - 2);
			goto done;
		}
		/* Comments may follow a value: "motorway = 96 ; assumption". */
		if ((p = strpbrk(line, ";#")))
			*p = '\0';
		p = le_trim(line);
		if (*p == '\0')
			continue;
		if (*p == '[') {
			size_t n = strlen(p);
			if (p[n - 1] != ']') {
				rc = le_errf(err, LE_EPARSE, "%s:%d: section '%s' has no closing ']'",
					     path, lineno, p);
				goto done;
			}
			p[n - 1] = '\0';
			key = le_trim(p + 1);
			for (sec = 0; sec <= SEC_FERRY; sec++)
				if (strcmp(key, sec_names[sec]) == 0)
					break;
			if (sec > SEC_FERRY) {
				rc = le_errf(err, LE_EPARSE,
					     "%s:%d: unknown section '[%s]' (expected walk, drive or ferry)",
					     path, lineno, key);
				goto done;
			}
			continue;
		}
		eq = strchr(p, '=');
		if (!eq) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: expected 'key = value' or '[section]', got '%s'",
				     path, lineno, p);
			goto done;
		}
		*eq = '\0';
		key = le_trim(p);
		val = le_trim(eq + 1);
		if (sec == SEC_NONE) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' before any section (expected [walk], [drive] or [ferry])",
				     path, lineno, key);
			goto done;
		}
		if (le_parse_double(val, &v) != 0 || !isfinite(v)) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: speed '%s' for '%s' is not a number (km/h)",
				     path, lineno, val, key);
			goto done;
		}
		if (v < 0) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: speed '%s' for '%s' is negative",
				     path, lineno, val, key);
			goto done;
		}
		if (sec == SEC_FERRY) {
			if (strcmp(key, "speed") != 0) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [ferry] (expected speed)",
					     path, lineno, key);
				goto done;
			}
			/* Ferries without a duration cost length / speed. */
			if (v == 0) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: ferry speed must be more than 0",
					     path, lineno);
				goto done;
			}
			if (ferry_line) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: ferry speed given twice (first on line %d)",
					     path, lineno, ferry_line);
				goto done;
			}
			ferry_line = lineno;
			*ferry_kph = v;
			continue;
		}
		c = class_by_name(key);
		if (c < 0 || c == NET_FERRY_ROUTE) {
			struct buf b;
			buf_init(&b);
			class_list(&b, 0);
			rc = le_errf(err, LE_EPARSE, "%s:%d: unknown road class '%s' (expected %s; ferries take [ferry] speed)",
				     path, lineno, key, b.s);
			buf_release(&b);
			goto done;
		}
		if (seen[c][sec]) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: speed for '%s' given twice in [%s] (first on line %d)",
				     path, lineno, key, sec_names[sec], seen[c][sec]);
			goto done;
		}
		seen[c][sec] = lineno;
		kph[c][sec] = v;
	}
	if (ferror(fp)) {
		rc = le_errf(err, LE_EIO, "%s: read error: %s", path, strerror(errno));
		goto done;
	}
	/* A class left out would silently be unusable: make it an error. */
	for (m = 0; m < NET_NMODES; m++)
		for (c = 0; c < NET_NCLASSES; c++)
			if (c != NET_FERRY_ROUTE && !seen[c][m]) {
				rc = le_errf(err, LE_EPARSE, "%s: [%s] has no speed for '%s'",
					     path, sec_names[m], class_names[c]);
				goto done;
			}
	if (!ferry_line) {
		rc = le_errf(err, LE_EPARSE, "%s: [ferry] has no speed", path);
		goto done;
	}
	for (m = 0; m < NET_NMODES; m++)
		kph[NET_FERRY_ROUTE][m] = *ferry_kph;
done:
	fclose(fp);
	return rc;
}
