/*
 * workspace.c: the workspace database, a SQLite file beside the outputs
 * that caches results which are costly to compute (the travel table, and
 * as named binary blobs the built road network).
 *
 * Invariants: one cached travel table at a time, stored with the key it
 * was computed under, its row count and a checksum of its rows; a put
 * replaces it inside one transaction, so a crash leaves either the old
 * table or the new one, never a mixture. The database is a cache:
 * deleting it only costs time, so a file that is damaged (garbage,
 * truncated, a table dropped, rows lost or changed) is never trusted nor
 * an error: a read misses, and the file is rebuilt empty (io_ws_damage
 * says why, for the command to tell the user).
 *
 * Blobs: one row per name (blobs table), with the key it was made under.
 * The workspace keeps bytes only: what is inside, and whether it is
 * whole (a header with sizes and a checksum), is the writer's format
 * (net/store.c), checked by its reader. Blobs are read and written in
 * pieces (SQLite's incremental blob I/O), so a 150 MB network is never
 * held twice in memory.
 */
#include "io/io_int.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct io_ws {
	sqlite3 *db;
	char *path;
	char *damage;           /* why it was found unusable, or NULL */
	int last_code;          /* SQLite's code of the last failure */
};

/* Our schema's version (PRAGMA user_version): any other value, a file
 * of another program or of an older estate, is not ours to trust. */
#define WS_VERSION 5

static int db_error(struct io_ws *ws, const char *what, struct le_err *err)
{
	ws->last_code = sqlite3_errcode(ws->db);
	return le_errf(err, LE_EDB, "%s: %s: %s", ws->path, what, sqlite3_errmsg(ws->db));
}

/* Remember the first reason the workspace could not be trusted. */
static void note_damage(struct io_ws *ws, const char *why)
{
	if (!ws->damage)
		ws->damage = xstrdup(why);
}

/*
 * Is SQLite's error a sign of a damaged or foreign file (rebuild it), as
 * opposed to a file in use by another estate, a full disk or a folder
 * without permission (report it: deleting would not help, and deleting
 * a file another process is writing would lose its work)?
 */
static int is_damage(int code)
{
	switch (code & 0xff) {
	case SQLITE_BUSY: case SQLITE_LOCKED: case SQLITE_FULL: case SQLITE_READONLY:
	case SQLITE_IOERR: case SQLITE_CANTOPEN: case SQLITE_PERM: case SQLITE_NOMEM:
	case SQLITE_AUTH:
		return 0;
	default:
		return 1;
	}
}

/* How long to wait for another estate writing the same workspace. */
#define WS_BUSY_MS 10000

/* Open and check the file: 0 when it is a workspace of ours (or a new,
 * empty file, then given the schema), -1 when it is not. */
static int try_open(struct io_ws *ws)
{
	static const char *schema =
		"PRAGMA journal_mode=DELETE;"
		"CREATE TABLE IF NOT EXISTS cache_keys("
		"  name TEXT PRIMARY KEY, key TEXT NOT NULL,"
		"  nrows INTEGER NOT NULL, checksum TEXT NOT NULL);"
		"CREATE TABLE IF NOT EXISTS travel("
		"  zone INTEGER NOT NULL, travel_set INTEGER NOT NULL,"
		"  school INTEGER NOT NULL, mode INTEGER NOT NULL,"
		"  rank INTEGER NOT NULL, method INTEGER NOT NULL,"
		"  distance_m REAL NOT NULL, time_s REAL NOT NULL,"
		"  zone_snap_m REAL NOT NULL, school_snap_m REAL NOT NULL);"
		"CREATE TABLE IF NOT EXISTS travel_diags("
		"  severity INTEGER NOT NULL, topic TEXT NOT NULL, msg TEXT NOT NULL);"
		/* Added to version 4 without a bump: older files get it
		 * here, empty, and an older estate ignores it. */
		"CREATE TABLE IF NOT EXISTS blobs("
		"  name TEXT PRIMARY KEY, key TEXT NOT NULL, data BLOB NOT NULL);";
	sqlite3_stmt *st = NULL;
	int version = -1, ntables = -1;

	if (sqlite3_open_v2(ws->path, &ws->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK)
		return -1;
	sqlite3_busy_timeout(ws->db, WS_BUSY_MS);
	/* Large pages for a new file (a no-op on an existing one): a
	 * blob of 150 MB is then 2,400 overflow pages, not 37,000. */
	sqlite3_exec(ws->db, "PRAGMA page_size = 65536", NULL, NULL, NULL);
	/* No memory map (PRAGMA mmap_size): it saved no measurable time
	 * on a 137 MB network blob, and its pages count in the peak RSS
	 * beside the arrays they are copied into. */
	/* Reading the header and the schema is where garbage and most
	 * truncations show ("file is not a database", "malformed"). */
	if (sqlite3_prepare_v2(ws->db, "SELECT (SELECT user_version FROM pragma_user_version),"
			       " (SELECT count(*) FROM sqlite_master)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW) {
		version = sqlite3_column_int(st, 0);
		ntables = sqlite3_column_int(st, 1);
	}
	sqlite3_finalize(st);
	if (version < 0 || ntables < 0)
		return -1;
	if (ntables == 0) {
		char pragma[64];

		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", WS_VERSION);
		if (sqlite3_exec(ws->db, schema, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(ws->db, pragma, NULL, NULL, NULL) != SQLITE_OK)
			return -1;
		return 0;
	}
	if (version != WS_VERSION)
		return -1;
	/* Ours: make sure both tables are there (one may have been
	 * dropped); a missing one is recreated empty, and the row count
	 * kept with the key then disagrees, so the cache misses. */
	return sqlite3_exec(ws->db, schema, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

/* The workspace is only a cache: start again from an empty file. */
static int reset(struct io_ws *ws, struct le_err *err)
{
	struct buf j;

	sqlite3_close(ws->db);
	ws->db = NULL;
	buf_init(&j);
	buf_addf(&j, "%s-journal", ws->path);
	/* A hot journal beside a replaced file would be rolled back into
	 * the new one: it goes too. */
	unlink(j.s);
	buf_release(&j);
	if (unlink(ws->path) != 0 && errno != ENOENT)
		return le_errf(err, LE_EIO, "cannot remove the damaged workspace '%s': %s",
			       ws->path, strerror(errno));
	if (try_open(ws) != 0)
		return le_errf(err, LE_EDB, "cannot create workspace '%s': %s", ws->path,
			       ws->db ? sqlite3_errmsg(ws->db) : "out of memory");
	return LE_OK;
}

int io_ws_open(const char *path, struct io_ws **out, struct le_err *err)
{
	struct io_ws *ws = xcalloc(1, sizeof(*ws));
	int rc = LE_OK;

	*out = NULL;
	ws->path = xstrdup(path);
	if (try_open(ws) != 0) {
		if (!ws->db || (sqlite3_errcode(ws->db) != SQLITE_OK &&
				!is_damage(sqlite3_errcode(ws->db)))) {
			rc = le_errf(err, LE_EDB, "cannot use workspace '%s': %s", path,
				     ws->db ? sqlite3_errmsg(ws->db) : "out of memory");
		} else {
			/* SQLite's words when it failed ("file is not a
			 * database", "database disk image is malformed");
			 * when it read the file well, it is not ours. */
			note_damage(ws, ws->db && sqlite3_errcode(ws->db) != SQLITE_OK ?
				    sqlite3_errmsg(ws->db) :
				    "not a workspace of this version of estate");
			rc = reset(ws, err);
		}
	}
	if (rc) {
		io_ws_close(ws);
		return rc;
	}
	*out = ws;
	return LE_OK;
}

const char *io_ws_damage(const struct io_ws *ws)
{
	return ws ? ws->damage : NULL;
}

void io_ws_close(struct io_ws *ws)
{
	if (!ws)
		return;
	sqlite3_close(ws->db);
	free(ws->path);
	free(ws->damage);
	free(ws);
}

/* A checksum of the rows and findings as stored, kept with the key: a
 * table whose rows were changed or lost behind SQLite's back does not
 * match it. */
static void rows_checksum(const struct io_travel_row *rows, size_t n,
			  const struct le_diag *dg, size_t ndg, char *hex)
{
	struct le_hash h;
	size_t i;

	le_hash_init(&h);
	le_hash_int(&h, (long long)ndg);
	for (i = 0; i < ndg; i++) {
		le_hash_int(&h, dg[i].severity);
		le_hash_str(&h, dg[i].topic);
		le_hash_str(&h, dg[i].msg);
	}
	for (i = 0; i < n; i++) {
		long long v[6] = { rows[i].zone, rows[i].set, rows[i].school,
				   rows[i].mode, rows[i].rank, rows[i].method };
		le_hash_add(&h, v, sizeof(v));
		le_hash_add(&h, &rows[i].dist_m, sizeof(double));
		le_hash_add(&h, &rows[i].time_s, sizeof(double));
		le_hash_add(&h, &rows[i].zone_snap_m, sizeof(double));
		le_hash_add(&h, &rows[i].school_snap_m, sizeof(double));
	}
	le_hash_hex(&h, hex);
}

/*
 * Any failure to read is a miss, never an error nor a partial table: the
 * workspace is a cache, and the table is recomputed (and stored anew).
 */
int io_ws_travel_get(struct io_ws *ws, const char *key, struct io_travel_row **rows,
		     size_t *n, struct le_diags *diags, int *found, struct le_err *err)
{
	sqlite3_stmt *st = NULL;
	struct le_diags dg;
	size_t alloc = 0, i;
	long long want = -1;
	char sum[17], *want_sum = NULL;
	int step, ok = 0;

	(void)err;
	le_diags_init(&dg);
	*rows = NULL;
	*n = 0;
	*found = 0;
	if (sqlite3_prepare_v2(ws->db, "SELECT key, nrows, checksum FROM cache_keys WHERE name = 'travel'",
			       -1, &st, NULL) != SQLITE_OK) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		return LE_OK;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		const char *c = (const char *)sqlite3_column_text(st, 2);

		if (k && !strcmp(k, key) && c) {
			want = sqlite3_column_int64(st, 1);
			want_sum = xstrdup(c);
		}
	} else if (step != SQLITE_DONE) {
		note_damage(ws, sqlite3_errmsg(ws->db));
	}
	sqlite3_finalize(st);
	st = NULL;
	if (want < 0)
		goto done;
	/* Stored in insertion order (rowid), which is the order it was put. */
	if (sqlite3_prepare_v2(ws->db,
			       "SELECT zone, travel_set, school, mode, rank, method, distance_m, time_s,"
			       " zone_snap_m, school_snap_m "
			       "FROM travel ORDER BY rowid", -1, &st, NULL) != SQLITE_OK) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW && (long long)*n < want) {
		struct io_travel_row *r;
		ALLOC_GROW(*rows, *n + 1, alloc);
		r = &(*rows)[(*n)++];
		r->zone = sqlite3_column_int(st, 0);
		r->set = sqlite3_column_int(st, 1);
		r->school = sqlite3_column_int(st, 2);
		r->mode = sqlite3_column_int(st, 3);
		r->rank = sqlite3_column_int(st, 4);
		r->method = sqlite3_column_int(st, 5);
		r->dist_m = sqlite3_column_double(st, 6);
		r->time_s = sqlite3_column_double(st, 7);
		r->zone_snap_m = sqlite3_column_double(st, 8);
		r->school_snap_m = sqlite3_column_double(st, 9);
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		goto done;
	}
	/* One row more than the key promised (step still on a row), or
	 * fewer, or other values: the table is not the one stored. */
	if (step == SQLITE_ROW || (long long)*n != want) {
		note_damage(ws, "the travel table's row count disagrees with its key");
		goto done;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* The findings of reading the roads, so a command served from the
	 * cache reports what a cold one does. */
	if (sqlite3_prepare_v2(ws->db, "SELECT severity, topic, msg FROM travel_diags ORDER BY rowid",
			       -1, &st, NULL) != SQLITE_OK) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		goto done;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 1);
		const char *m = (const char *)sqlite3_column_text(st, 2);

		le_diag_add(&dg, sqlite3_column_int(st, 0), t ? t : "", "%s", m ? m : "");
	}
	if (step != SQLITE_DONE) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		goto done;
	}
	rows_checksum(*rows, *n, dg.v, dg.n, sum);
	if (strcmp(sum, want_sum) != 0) {
		note_damage(ws, "the travel table's rows disagree with their checksum");
		goto done;
	}
	ok = 1;
	for (i = 0; diags && i < dg.n; i++)
		le_diag_add(diags, dg.v[i].severity, dg.v[i].topic, "%s", dg.v[i].msg);
done:
	sqlite3_finalize(st);
	le_diags_release(&dg);
	free(want_sum);
	if (!ok) {
		free(*rows);
		*rows = NULL;
		*n = 0;
	}
	*found = ok;
	return LE_OK;
}

/*
 * Store with one write step, once more on an empty file if the first
 * attempt found the file damaged where the reads did not look (a free
 * page, an index, a table's inner pages). A failure that is not damage
 * (busy, full, read-only) is reported and the file kept: deleting it
 * would not help, and would lose another estate's work. The one sequence
 * of every put (the travel table, the blobs); once(ws, arg, err) is one
 * whole transaction, rolled back on failure.
 */
static int put_retrying(struct io_ws *ws,
			int (*once)(struct io_ws *ws, const void *arg, struct le_err *err),
			const void *arg, struct le_err *err)
{
	struct le_err first;

	le_err_clear(&first);
	if (once(ws, arg, &first) == LE_OK)
		return LE_OK;
	if (!is_damage(ws->last_code))
		return le_errf(err, first.code, "%s", first.msg);
	note_damage(ws, first.msg);
	if (reset(ws, err) != LE_OK)
		return err->code;
	return once(ws, arg, err);
}

/* What io_ws_travel_put stores, for its write step. */
struct travel_put {
	const char *key;
	const struct io_travel_row *rows;
	size_t n;
	const struct le_diag *dg;
	size_t ndg;
};

/* One attempt at storing the travel table (a struct travel_put). */
static int travel_put_once(struct io_ws *ws, const void *arg, struct le_err *err)
{
	const struct travel_put *tp = arg;
	const struct io_travel_row *rows = tp->rows;
	const struct le_diag *dg = tp->dg;
	size_t n = tp->n, ndg = tp->ndg;
	const char *key = tp->key;
	sqlite3_stmt *st = NULL;
	char sum[17];
	size_t i;
	int rc = LE_OK;

	if (sqlite3_exec(ws->db, "BEGIN; DELETE FROM travel; DELETE FROM travel_diags;"
			 " DELETE FROM cache_keys WHERE name = 'travel';",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(ws, "clearing the travel table", err);
		goto done;
	}
	if (sqlite3_prepare_v2(ws->db, "INSERT INTO travel VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(ws, "storing the travel table", err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, rows[i].zone);
		sqlite3_bind_int(st, 2, rows[i].set);
		sqlite3_bind_int(st, 3, rows[i].school);
		sqlite3_bind_int(st, 4, rows[i].mode);
		sqlite3_bind_int(st, 5, rows[i].rank);
		sqlite3_bind_int(st, 6, rows[i].method);
		sqlite3_bind_double(st, 7, rows[i].dist_m);
		sqlite3_bind_double(st, 8, rows[i].time_s);
		sqlite3_bind_double(st, 9, rows[i].zone_snap_m);
		sqlite3_bind_double(st, 10, rows[i].school_snap_m);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(ws, "storing the travel table", err);
			goto done;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(ws->db, "INSERT INTO travel_diags VALUES (?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(ws, "storing the travel findings", err);
		goto done;
	}
	for (i = 0; i < ndg; i++) {
		sqlite3_bind_int(st, 1, dg[i].severity);
		sqlite3_bind_text(st, 2, dg[i].topic, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, dg[i].msg, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(ws, "storing the travel findings", err);
			goto done;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	rows_checksum(rows, n, dg, ndg, sum);
	if (sqlite3_prepare_v2(ws->db, "INSERT INTO cache_keys VALUES ('travel', ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 2, (sqlite3_int64)n) != SQLITE_OK ||
	    sqlite3_bind_text(st, 3, sum, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(ws, "storing the cache key", err);
		goto done;
	}
	if (sqlite3_exec(ws->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(ws, "committing the travel table", err);
done:
	sqlite3_finalize(st);
	if (rc)
		sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int io_ws_travel_put(struct io_ws *ws, const char *key, const struct io_travel_row *rows,
		     size_t n, const struct le_diag *diags, size_t ndiags, struct le_err *err)
{
	const struct travel_put tp = { key, rows, n, diags, ndiags };

	return put_retrying(ws, travel_put_once, &tp, err);
}

/* ---------------------------------------------------------------- blobs */

struct io_ws_blob {
	struct io_ws *ws;
	sqlite3_blob *b;
	size_t size;
};

int io_ws_blob_open(struct io_ws *ws, const char *name, const char *key,
		    struct io_ws_blob **out, size_t *size, struct le_err *err)
{
	sqlite3_stmt *st = NULL;
	sqlite3_blob *b = NULL;
	sqlite3_int64 rowid = 0;
	int step, have = 0;

	(void)err;
	*out = NULL;
	*size = 0;
	if (sqlite3_prepare_v2(ws->db, "SELECT rowid, key FROM blobs WHERE name = ?", -1, &st,
			       NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		goto done;
	}
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 1);

		/* Another key: an older network, simply not ours to use. */
		if (k && !strcmp(k, key)) {
			rowid = sqlite3_column_int64(st, 0);
			have = 1;
		}
	} else if (step != SQLITE_DONE) {
		note_damage(ws, sqlite3_errmsg(ws->db));
	}
	if (!have)
		goto done;
	if (sqlite3_blob_open(ws->db, "main", "blobs", "data", rowid, 0, &b) != SQLITE_OK) {
		note_damage(ws, sqlite3_errmsg(ws->db));
		sqlite3_blob_close(b);
		goto done;
	}
	*out = xcalloc(1, sizeof(**out));
	(*out)->ws = ws;
	(*out)->b = b;
	(*out)->size = (size_t)sqlite3_blob_bytes(b);
	*size = (*out)->size;
done:
	sqlite3_finalize(st);
	return LE_OK;
}

int io_ws_blob_read(struct io_ws_blob *b, void *dst, size_t n, size_t off)
{
	/* SQLite counts in int: a blob is at most SQLITE_MAX_LENGTH (1e9
	 * bytes by default), so offsets fit, but n is split to be safe. */
	const size_t step = (size_t)1 << 28;
	char *p = dst;

	if (off > b->size || n > b->size - off) {
		note_damage(b->ws, "a blob is shorter than its header says");
		return -1;
	}
	while (n > 0) {
		size_t k = n < step ? n : step;

		if (sqlite3_blob_read(b->b, p, (int)k, (int)off) != SQLITE_OK) {
			note_damage(b->ws, sqlite3_errmsg(b->ws->db));
			return -1;
		}
		p += k;
		off += k;
		n -= k;
	}
	return 0;
}

void io_ws_blob_close(struct io_ws_blob *b)
{
	if (!b)
		return;
	sqlite3_blob_close(b->b);
	free(b);
}

void io_ws_note_damage(struct io_ws *ws, const char *why)
{
	note_damage(ws, why);
}

/* What io_ws_blob_put stores, for its write step. */
struct blob_put {
	const char *name, *key;
	const void *const *part;
	const size_t *len;
	int nparts;
};

/* One attempt at storing a blob from its parts (a struct blob_put). */
static int blob_put_once(struct io_ws *ws, const void *arg, struct le_err *err)
{
	const struct blob_put *bp = arg;
	const char *name = bp->name, *key = bp->key;
	const void *const *part = bp->part;
	const size_t *len = bp->len;
	int nparts = bp->nparts;
	sqlite3_stmt *st = NULL;
	sqlite3_blob *b = NULL;
	sqlite3_int64 total = 0;
	size_t off = 0;
	int i, rc = LE_OK;

	for (i = 0; i < nparts; i++)
		total += (sqlite3_int64)len[i];
	if (sqlite3_exec(ws->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(ws, "storing a blob", err);
		goto done;
	}
	/* The row first, zero-filled at its final size, then the parts
	 * written into it in place: the whole never exists in memory. */
	if (sqlite3_prepare_v2(ws->db, "INSERT OR REPLACE INTO blobs VALUES (?, ?, zeroblob(?))",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC) != SQLITE_OK ||
	    sqlite3_bind_int64(st, 3, total) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_DONE) {
		rc = db_error(ws, "storing a blob", err);
		goto done;
	}
	if (sqlite3_blob_open(ws->db, "main", "blobs", "data", sqlite3_last_insert_rowid(ws->db),
			      1, &b) != SQLITE_OK) {
		rc = db_error(ws, "storing a blob", err);
		goto done;
	}
	for (i = 0; i < nparts; i++) {
		const char *p = part[i];
		size_t n = len[i];

		while (n > 0) {
			size_t k = n < ((size_t)1 << 28) ? n : ((size_t)1 << 28);

			if (sqlite3_blob_write(b, p, (int)k, (int)off) != SQLITE_OK) {
				rc = db_error(ws, "storing a blob", err);
				goto done;
			}
			p += k;
			off += k;
			n -= k;
		}
	}
	sqlite3_blob_close(b);
	b = NULL;
	if (sqlite3_exec(ws->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		rc = db_error(ws, "committing a blob", err);
done:
	sqlite3_blob_close(b);
	sqlite3_finalize(st);
	if (rc)
		sqlite3_exec(ws->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

int io_ws_blob_put(struct io_ws *ws, const char *name, const char *key,
		   const void *const *part, const size_t *len, int nparts,
		   struct le_err *err)
{
	const struct blob_put bp = { name, key, part, len, nparts };
	sqlite3_int64 total = 0;
	int i;

	for (i = 0; i < nparts; i++)
		total += (sqlite3_int64)len[i];
	/* Larger than SQLite takes (1e9 bytes by default): not kept, and
	 * not an error: the next command builds it again. */
	if (total > sqlite3_limit(ws->db, SQLITE_LIMIT_LENGTH, -1))
		return LE_OK;
	return put_retrying(ws, blob_put_once, &bp, err);
}
