/*
 * cache.c: the one place that builds travel for a study and caches it.
 * Every command that needs travel (check, travel, project, run, export)
 * comes here, so all of them read the same [roads] settings (k,
 * snap_tolerance_m, detour_factor, speeds), build the same graph, snap
 * the same way and search the same sets: `estate run` and `estate
 * travel` cannot disagree, and one reuses what the other computed.
 *
 * The cache is the workspace database (io/workspace.c) in the command's
 * output folder. Its key is a hash of everything the tables depend on:
 * the road file's bytes, the [roads] section, the options as resolved,
 * the region's schools (id, position, sector, stream) and zones (id,
 * point). Line numbers and comments of the study do not enter it.
 *
 * Invariants: rows go to the cache in travel.csv order (zone, set, mode,
 * rank) and come back in the same order, so a cached and a computed
 * table give byte-identical outputs; a cached table that does not fit
 * the region (a row out of range, a gap in a zone's ranks) is not used
 * but recomputed: the workspace is only a cache.
 */
#include "net/net.h"
#include "io/io.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void hash_kvs(struct le_hash *h, const struct study_kv *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		le_hash_str(h, v[i].key);
		le_hash_str(h, v[i].val);
	}
}

/*
 * The cache key. The version string changes whenever the meaning of a
 * table changes (2: zone-to-school direction, per-mode snapping; 4:
 * snapping onto links, and the snap distances of every row), so an
 * older workspace is never served.
 */
static int travel_key(const struct study *s, const struct region *r,
		      const struct net_travel_opts *o, char *key, struct le_err *err)
{
	const struct study_layer *l = &s->layers[STUDY_ROADS];
	struct le_hash h;
	int i, m, c, rc;

	le_hash_init(&h);
	le_hash_str(&h, "estate travel 4");
	le_hash_int(&h, o->snap.to);
	le_hash_str(&h, s->crs);
	le_hash_int(&h, o->k);
	le_hash_double(&h, o->merge_tol_m);
	le_hash_double(&h, o->snap.tol_m);
	le_hash_double(&h, o->snap.detour);
	le_hash_int(&h, o->snap.min_comp_nodes);
	le_hash_double(&h, o->snap.min_comp_frac);
	for (m = 0; m < NET_NMODES; m++) {
		le_hash_double(&h, o->snap.offnet_kph[m]);
		for (c = 0; c < NET_NCLASSES; c++)
			le_hash_double(&h, o->speeds.kph[c][m]);
	}
	le_hash_double(&h, o->speeds.ferry_kph);
	if (l->present) {
		hash_kvs(&h, l->fields, l->nfields);
		hash_kvs(&h, l->maps, l->nmaps);
		hash_kvs(&h, l->filters, l->nfilters);
		hash_kvs(&h, l->opts, l->nopts);
		if ((rc = le_hash_file(&h, l->file, err)))
			return rc;
	}
	for (i = 0; i < r->nschools; i++) {
		const struct school *sc = &r->schools[i];
		le_hash_str(&h, sc->id);
		le_hash_double(&h, sc->x);
		le_hash_double(&h, sc->y);
		le_hash_int(&h, sc->sector * 100 + sc->denom * 10 + sc->gaelic);
		le_hash_int(&h, (long long)sc->stages);
	}
	for (i = 0; i < r->nzones; i++) {
		le_hash_str(&h, r->zones[i].id);
		le_hash_int(&h, r->zones[i].has_geom);
		le_hash_double(&h, r->zones[i].px);
		le_hash_double(&h, r->zones[i].py);
	}
	le_hash_hex(&h, key);
	return LE_OK;
}

struct io_travel_row *net_travel_rows(const struct net_travel *t, size_t *n)
{
	struct io_travel_row *rows = NULL;
	size_t alloc = 0;
	int z, i, m, j;

	*n = 0;
	for (z = 0; z < t->nzones; z++)
		for (i = 0; i < t->nsets; i++)
			for (m = 0; m < NET_NMODES; m++) {
				const struct net_table *tb = &t->sets[i].table[m];
				for (j = 0; j < tb->n[z]; j++) {
					const struct net_pair *p = &tb->v[(size_t)z * (size_t)tb->k + (size_t)j];
					ALLOC_GROW(rows, *n + 1, alloc);
					rows[*n].zone = z;
					rows[*n].set = i;
					rows[*n].school = t->sets[i].school[p->school];
					rows[*n].mode = m;
					rows[*n].rank = j + 1;
					rows[*n].method = p->method;
					rows[*n].dist_m = p->dist_m;
					rows[*n].time_s = p->time_s;
					rows[*n].zone_snap_m = p->zone_snap_m;
					rows[*n].school_snap_m = p->school_snap_m;
					(*n)++;
				}
			}
	return rows;
}

/*
 * Put cached rows back into the empty tables of t's sets. A row names its
 * set and a region school; a school may be in several sets (a school with
 * Gaelic provision also serves its denomination's English-medium pupils:
 * le_stream_serves), so its position is looked up per set. Returns 0, or
 * -1 when a row does not fit the region or the ranks of a zone are not
 * 1, 2, ... in order: a damaged cache, which must be recomputed rather
 * than half used.
 */
static int from_rows(struct net_travel *t, const struct io_travel_row *rows, size_t n)
{
	size_t ns = (size_t)(t->nschools ? t->nschools : 1);
	int *pos_of = xmalloc(sizeof(int) * ns * (size_t)(t->nsets ? t->nsets : 1));
	int i, j, m, bad = 0;
	size_t r;

	for (r = 0; r < ns * (size_t)(t->nsets ? t->nsets : 1); r++)
		pos_of[r] = -1;
	for (i = 0; i < t->nsets; i++) {
		for (j = 0; j < t->sets[i].nschools; j++)
			pos_of[(size_t)i * ns + (size_t)t->sets[i].school[j]] = j;
		for (m = 0; m < NET_NMODES; m++) {
			struct net_table *tb = &t->sets[i].table[m];
			tb->mode = m;
			tb->k = t->k;
			tb->nzones = t->nzones;
			tb->n = xcalloc((size_t)(t->nzones ? t->nzones : 1), sizeof(int));
			tb->v = xcalloc((size_t)(t->nzones ? t->nzones : 1) * (size_t)t->k,
					sizeof(*tb->v));
		}
	}
	for (r = 0; r < n && !bad; r++) {
		const struct io_travel_row *w = &rows[r];
		struct net_table *tb;
		struct net_pair *p;

		if (w->set < 0 || w->set >= t->nsets || w->school < 0 ||
		    w->school >= t->nschools ||
		    pos_of[(size_t)w->set * ns + (size_t)w->school] < 0 ||
		    w->zone < 0 || w->zone >= t->nzones || w->mode < 0 ||
		    w->mode >= NET_NMODES || w->rank < 1 || w->rank > t->k ||
		    (w->method != NET_BY_NETWORK && w->method != NET_BY_STRAIGHT_LINE)) {
			bad = 1;
			break;
		}
		tb = &t->sets[w->set].table[w->mode];
		/* Ranks arrive in order: a gap means rows went missing. */
		if (tb->n[w->zone] != w->rank - 1) {
			bad = 1;
			break;
		}
		p = &tb->v[(size_t)w->zone * (size_t)t->k + (size_t)(w->rank - 1)];
		p->school = pos_of[(size_t)w->set * ns + (size_t)w->school];
		p->dist_m = w->dist_m;
		p->time_s = w->time_s;
		p->method = w->method;
		p->zone_snap_m = w->zone_snap_m;
		p->school_snap_m = w->school_snap_m;
		tb->n[w->zone] = w->rank;
	}
	free(pos_of);
	return bad ? -1 : 0;
}

/* Read the links (when the study has roads) and build what flags ask. */
static int compute(struct net_travel *t, const struct study *s, struct geo_ctx *g,
		   const struct region *r, const struct net_travel_opts *o,
		   int tables, struct le_diags *d, struct net_travel_info *info,
		   struct le_err *err)
{
	struct net_links links;
	int present = s->layers[STUDY_ROADS].present, rc = LE_OK;
	size_t i, first = d->n;

	net_links_init(&links);
	if (present)
		rc = net_read_links(s, g, &links, d, err);
	/* The reader's findings go into the cache with the tables, so a
	 * command served from it reports them as a cold one does. */
	le_diags_release(&info->road_diags);
	le_diags_init(&info->road_diags);
	for (i = first; i < d->n; i++)
		le_diag_add(&info->road_diags, d->v[i].severity, d->v[i].topic, "%s", d->v[i].msg);
	if (!rc)
		info->road_km = net_links_length_m(&links) / 1000.0;
	if (!rc)
		rc = net_travel_network(t, r, present ? &links : NULL, o, err);
	if (!rc && tables)
		rc = net_travel_tables(t, r, o, err);
	net_links_release(&links);
	return rc;
}

void net_travel_info_release(struct net_travel_info *info)
{
	if (!info)
		return;
	free(info->ws_path);
	free(info->ws_damage);
	le_diags_release(&info->road_diags);
	memset(info, 0, sizeof(*info));
}

int net_travel_get(struct net_travel *t, const struct study *s, struct geo_ctx *g,
		   const struct region *r, const char *ws_dir, unsigned flags,
		   struct le_diags *d, struct net_travel_info *info,
		   struct le_err *err)
{
	struct io_travel_row *rows = NULL;
	struct io_ws *ws = NULL;
	struct le_diags cached;
	size_t nrows = 0, i;
	int rc, found = 0;

	memset(t, 0, sizeof(*t));
	memset(info, 0, sizeof(*info));
	le_diags_init(&info->road_diags);
	if ((rc = net_travel_opts_read(s, &info->opts, err)))
		return rc;
	if (flags & NET_TRAVEL_NETWORK)
		return compute(t, s, g, r, &info->opts, 0, d, info, err);
	if ((rc = travel_key(s, r, &info->opts, info->key, err)))
		return rc;
	if (ws_dir) {
		struct buf p;

		buf_init(&p);
		buf_addf(&p, "%s/workspace.sqlite", ws_dir);
		info->ws_path = xstrdup(p.s);
		buf_release(&p);
	}
	/* An existing workspace is consulted; a new one is made only by
	 * net_travel_store, once the command has succeeded. A damaged one
	 * is rebuilt empty by io_ws_open and simply misses. */
	le_diags_init(&cached);
	if (info->ws_path && access(info->ws_path, F_OK) == 0) {
		rc = io_ws_open(info->ws_path, &ws, err);
		if (!rc)
			rc = io_ws_travel_get(ws, info->key, &rows, &nrows, &cached, &found, err);
		if (!rc && io_ws_damage(ws))
			info->ws_damage = xstrdup(io_ws_damage(ws));
		io_ws_close(ws);
		if (rc)
			goto done;
	}
	if (found) {
		/* A hit skips the road file, the graph and the searches,
		 * unless the caller needs the graph itself (new schools of a
		 * scenario are searched on it). */
		if (flags & NET_TRAVEL_GRAPH)
			rc = compute(t, s, g, r, &info->opts, 0, d, info, err);
		else
			net_travel_sets(t, r, info->opts.k);
		if (!rc && from_rows(t, rows, nrows) == 0) {
			info->reused = 1;
			/* The road findings of the run that computed the
			 * table (a graph rebuilt here has just made them). */
			for (i = 0; !(flags & NET_TRAVEL_GRAPH) && i < cached.n; i++)
				le_diag_add(d, cached.v[i].severity, cached.v[i].topic, "%s",
					    cached.v[i].msg);
			goto done;
		}
		if (rc)
			goto done;
		/* Rows that do not fit the region: recompute, and say so. */
		if (!info->ws_damage)
			info->ws_damage = xstrdup("its travel rows do not fit the study");
		net_travel_release(t);
	}
	rc = compute(t, s, g, r, &info->opts, 1, d, info, err);
done:
	le_diags_release(&cached);
	free(rows);
	return rc;
}

int net_travel_store(const struct net_travel *t, const struct net_travel_info *info,
		     struct le_err *err)
{
	struct io_travel_row *rows;
	struct io_ws *ws = NULL;
	size_t n;
	char *dir;
	int rc;

	if (!info->ws_path || info->reused)
		return LE_OK;
	dir = xstrdup(info->ws_path);
	*strrchr(dir, '/') = '\0';
	rc = io_mkdirs(dir, err);
	free(dir);
	if (rc)
		return rc;
	rows = net_travel_rows(t, &n);
	rc = io_ws_open(info->ws_path, &ws, err);
	if (!rc)
		rc = io_ws_travel_put(ws, info->key, rows, n, info->road_diags.v,
				      info->road_diags.n, err);
	io_ws_close(ws);
	free(rows);
	return rc;
}
