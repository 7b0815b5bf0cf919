/*
 * cache.c: the one place that builds travel for a study and caches it.
 * Every command that needs travel (check, travel, project, run, export)
 * comes here, so all of them read the same [roads] settings (k,
 * snap_tolerance_m, detour_factor, speeds), build the same graph, snap
 * the same way and search the same sets: `estate run` and `estate
 * travel` cannot disagree, and one reuses what the other computed.
 *
 * The cache is the workspace database (io/workspace.c) in the command's
 * output folder, at two levels:
 *  - the network (net/store.c: the graph as net_graph_build made it,
 *    before any zone or school is snapped), keyed by the road file's
 *    bytes and the [roads] settings that shape the graph (graph_key);
 *  - the travel tables, keyed by the network's key, the options that act
 *    on the graph (k, snapping, detour) and the region's schools (id,
 *    position, sector, stream) and zones (id, point) (travel_key).
 * A command that finds its tables needs no graph at all; one that needs
 * the graph (estate check, a scenario's new schools, tables to compute)
 * loads it rather than reading the roads. Line numbers and comments of
 * the study enter neither key.
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
 * [roads] options that do not shape the graph: they act after it
 * (snapping and its rule, the searches, the threads running them), so
 * changing them keeps the cached network. speeds is the path of a file
 * whose values (o->speeds) are hashed instead. Any other option is
 * hashed: an option added later invalidates the network until it is
 * listed here.
 */
static int graph_neutral(const char *key)
{
	static const char *const keys[] = {
		"k", "detour_factor", "snap_tolerance_m", "snap", "threads", "speeds"
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

/*
 * The network's key: everything net_read_links and net_graph_build read.
 * The road file's content (XXH64 of its bytes: one fast pass, which every
 * command pays) and path (the reader's findings name it); the layer,
 * geometry column, CRS, field mapping, word maps and filters; the study
 * CRS; the merge tolerance and the speeds. The version string changes
 * whenever what the graph holds changes, so an older blob is not served.
 */
static int graph_key(const struct study *s, const struct net_travel_opts *o, char *key,
		     struct le_err *err)
{
	const struct study_layer *l = &s->layers[STUDY_ROADS];
	struct le_hash h;
	int i, m, c, rc;

	le_hash_init(&h);
	/* 2: the per-link arrays that snapping onto links needs. */
	le_hash_str(&h, "estate network 2");
	le_hash_str(&h, s->crs);
	le_hash_double(&h, o->merge_tol_m);
	for (m = 0; m < NET_NMODES; m++)
		for (c = 0; c < NET_NCLASSES; c++)
			le_hash_double(&h, o->speeds.kph[c][m]);
	le_hash_double(&h, o->speeds.ferry_kph);
	le_hash_int(&h, l->present);
	if (l->present) {
		le_hash_str(&h, l->file);
		le_hash_str(&h, l->layer);
		le_hash_str(&h, l->geometry);
		le_hash_str(&h, l->crs);
		hash_kvs(&h, l->fields, l->nfields);
		hash_kvs(&h, l->maps, l->nmaps);
		hash_kvs(&h, l->filters, l->nfilters);
		for (i = 0; i < l->nopts; i++)
			if (!graph_neutral(l->opts[i].key)) {
				le_hash_str(&h, l->opts[i].key);
				le_hash_str(&h, l->opts[i].val);
			}
		if ((rc = le_hash_file(&h, l->file, err)))
			return rc;
	}
	le_hash_hex(&h, key);
	return LE_OK;
}

/*
 * The tables' key: the network's (so the road file is hashed once), the
 * options that act on the graph (k, snapping, detour) and the region's
 * schools (id, position, sector, stream) and zones (id, point). The
 * version string changes whenever the meaning of a table changes (2:
 * zone-to-school direction, per-mode snapping; 4: keyed by the network;
 * 5: snapping onto links and each row's snap distances),
 * so an older workspace is never served.
 */
static void travel_key(const char *gkey, const struct region *r,
		       const struct net_travel_opts *o, char *key)
{
	struct le_hash h;
	int i, m;

	le_hash_init(&h);
	le_hash_str(&h, "estate travel 5");
	le_hash_str(&h, gkey);
	le_hash_int(&h, o->k);
	le_hash_int(&h, o->snap.to);
	le_hash_double(&h, o->snap.tol_m);
	le_hash_double(&h, o->snap.detour);
	le_hash_int(&h, o->snap.min_comp_nodes);
	le_hash_double(&h, o->snap.min_comp_frac);
	for (m = 0; m < NET_NMODES; m++)
		le_hash_double(&h, o->snap.offnet_kph[m]);
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

/*
 * The graph: from the workspace when its key matches (ws may be NULL),
 * else read the roads (when the study has them) and build it. Either
 * way the reader's findings go to info (kept with the network and the
 * tables) and to d.
 */
static int get_graph(struct net_graph *gr, const struct study *s, struct geo_ctx *g,
		     struct io_ws *ws, const struct net_travel_opts *o,
		     struct le_diags *d, struct net_travel_info *info, struct le_err *err)
{
	struct net_links links;
	int present = s->layers[STUDY_ROADS].present, rc = LE_OK, found = 0;
	size_t i, first = d->n;

	le_diags_release(&info->road_diags);
	le_diags_init(&info->road_diags);
	if (present && ws) {
		net_graph_load(ws, info->graph_key, gr, &info->road_km, &info->road_diags, &found);
		if (found) {
			info->graph = NET_GRAPH_CACHED;
			for (i = 0; i < info->road_diags.n; i++)
				le_diag_add(d, info->road_diags.v[i].severity,
					    info->road_diags.v[i].topic, "%s",
					    info->road_diags.v[i].msg);
			return LE_OK;
		}
	}
	net_links_init(&links);
	if (present)
		rc = net_read_links(s, g, &links, d, err);
	/* The reader's findings go into the cache with the network and the
	 * tables, so a command served from it reports them as a cold one
	 * does. */
	for (i = first; i < d->n; i++)
		le_diag_add(&info->road_diags, d->v[i].severity, d->v[i].topic, "%s", d->v[i].msg);
	if (!rc)
		info->road_km = net_links_length_m(&links) / 1000.0;
	if (!rc)
		rc = net_graph_build(gr, &links, &o->speeds, o->merge_tol_m, err);
	if (!rc && present)
		info->graph = NET_GRAPH_BUILT;
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
	struct net_graph gr;
	size_t nrows = 0, i;
	int rc, found = 0, tables = !(flags & NET_TRAVEL_NETWORK);

	memset(t, 0, sizeof(*t));
	memset(info, 0, sizeof(*info));
	memset(&gr, 0, sizeof(gr));
	le_diags_init(&info->road_diags);
	le_diags_init(&cached);
	info->flags = flags;
	if ((rc = net_travel_opts_read(s, &info->opts, err)))
		return rc;
	if ((rc = graph_key(s, &info->opts, info->graph_key, err)))
		return rc;
	travel_key(info->graph_key, r, &info->opts, info->key);
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
	if (info->ws_path && access(info->ws_path, F_OK) == 0) {
		if ((rc = io_ws_open(info->ws_path, &ws, err)))
			goto done;
		if (tables)
			io_ws_travel_get(ws, info->key, &rows, &nrows, &cached, &found, err);
	}
	if (found && !(flags & NET_TRAVEL_GRAPH)) {
		/* A hit skips the road file, the graph and the searches. */
		net_travel_sets(t, r, info->opts.k);
		if (from_rows(t, rows, nrows) == 0) {
			info->reused = 1;
			/* The road findings of the run that computed it. */
			for (i = 0; i < cached.n; i++)
				le_diag_add(d, cached.v[i].severity, cached.v[i].topic, "%s",
					    cached.v[i].msg);
			goto done;
		}
		/* Rows that do not fit the region: recompute, and say so. */
		io_ws_note_damage(ws, "its travel rows do not fit the study");
		net_travel_release(t);
		found = 0;
	}
	/* The graph is needed: for the tables, for a scenario's new schools
	 * (NET_TRAVEL_GRAPH), or for estate check. */
	if ((rc = get_graph(&gr, s, g, ws, &info->opts, d, info, err)))
		goto done;
	if ((rc = net_travel_snap(t, r, &gr, gr.nlinks > 0, &info->opts, err)))
		goto done;
	if (!tables)
		goto done;
	if (found) {
		if (from_rows(t, rows, nrows) == 0) {
			info->reused = 1;
			goto done;
		}
		io_ws_note_damage(ws, "its travel rows do not fit the study");
		/* from_rows filled some tables: start them again. */
		for (i = 0; i < (size_t)t->nsets; i++) {
			int m;

			for (m = 0; m < NET_NMODES; m++)
				net_table_release(&t->sets[i].table[m]);
		}
	}
	rc = net_travel_tables(t, r, &info->opts, err);
done:
	if (ws && io_ws_damage(ws) && !info->ws_damage)
		info->ws_damage = xstrdup(io_ws_damage(ws));
	io_ws_close(ws);
	net_graph_release(&gr);
	le_diags_release(&cached);
	free(rows);
	return rc;
}

int net_travel_store(const struct net_travel *t, const struct net_travel_info *info,
		     struct le_err *err)
{
	char *dir;
	int rc;

	if (!info->ws_path)
		return LE_OK;
	dir = xstrdup(info->ws_path);
	*strrchr(dir, '/') = '\0';
	rc = net_travel_store_at(t, info, dir, err);
	free(dir);
	return rc;
}

int net_travel_store_at(const struct net_travel *t, const struct net_travel_info *info,
			const char *ws_dir, struct le_err *err)
{
	struct io_travel_row *rows = NULL;
	struct io_ws *ws = NULL;
	struct buf path;
	size_t n = 0;
	int rc, put_tables = !info->reused && !(info->flags & NET_TRAVEL_NETWORK);

	/* Tables computed here (a check computes none), a network built. */
	if (!put_tables && info->graph != NET_GRAPH_BUILT)
		return LE_OK;
	if ((rc = io_mkdirs(ws_dir, err)))
		return rc;
	buf_init(&path);
	buf_addf(&path, "%s/workspace.sqlite", ws_dir);
	rc = io_ws_open(path.s, &ws, err);
	if (!rc && put_tables) {
		rows = net_travel_rows(t, &n);
		rc = io_ws_travel_put(ws, info->key, rows, n, info->road_diags.v,
				      info->road_diags.n, err);
	}
	if (!rc && info->graph == NET_GRAPH_BUILT)
		rc = net_graph_save(ws, info->graph_key, &t->graph, info->road_km,
				    &info->road_diags, err);
	io_ws_close(ws);
	buf_release(&path);
	free(rows);
	return rc;
}
