/*
 * workspace.c: the workspace database, a SQLite file beside the outputs
 * that caches results which are costly to compute (the travel table).
 *
 * Invariants: one cached travel table at a time, stored with the key it
 * was computed under; a put replaces it inside one transaction, so a
 * crash leaves either the old table or the new one, never a mixture. The
 * database is a cache: deleting it only costs time.
 */
#include "io/io_int.h"

#include <sqlite3.h>

#include <stdlib.h>
#include <string.h>

struct io_ws {
	sqlite3 *db;
	char *path;
};

static int db_error(struct io_ws *ws, const char *what, struct le_err *err)
{
	return le_errf(err, LE_EDB, "%s: %s: %s", ws->path, what, sqlite3_errmsg(ws->db));
}

int io_ws_open(const char *path, struct io_ws **out, struct le_err *err)
{
	static const char *schema =
		"PRAGMA journal_mode=DELETE;"
		"CREATE TABLE IF NOT EXISTS cache_keys("
		"  name TEXT PRIMARY KEY, key TEXT NOT NULL);"
		"CREATE TABLE IF NOT EXISTS travel("
		"  zone INTEGER NOT NULL, school INTEGER NOT NULL, mode INTEGER NOT NULL,"
		"  rank INTEGER NOT NULL, method INTEGER NOT NULL,"
		"  distance_m REAL NOT NULL, time_s REAL NOT NULL);";
	struct io_ws *ws = xcalloc(1, sizeof(*ws));
	int rc;

	*out = NULL;
	ws->path = xstrdup(path);
	if (sqlite3_open_v2(path, &ws->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		rc = le_errf(err, LE_EDB, "cannot open workspace '%s': %s", path,
			     ws->db ? sqlite3_errmsg(ws->db) : "out of memory");
		io_ws_close(ws);
		return rc;
	}
	/* A workspace written by another program is not ours to reuse. */
	if (sqlite3_exec(ws->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		rc = le_errf(err, LE_EDB,
			     "workspace '%s' is not usable (%s): delete it and run again",
			     path, sqlite3_errmsg(ws->db));
		io_ws_close(ws);
		return rc;
	}
	*out = ws;
	return LE_OK;
}

void io_ws_close(struct io_ws *ws)
{
	if (!ws)
		return;
	sqlite3_close(ws->db);
	free(ws->path);
	free(ws);
}

int io_ws_travel_get(struct io_ws *ws, const char *key, struct io_travel_row **rows,
		     size_t *n, int *found, struct le_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int rc = LE_OK, step;

	*rows = NULL;
	*n = 0;
	*found = 0;
	if (sqlite3_prepare_v2(ws->db, "SELECT key FROM cache_keys WHERE name = 'travel'",
			       -1, &st, NULL) != SQLITE_OK)
		return db_error(ws, "reading the cache key", err);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 0);
		*found = k && !strcmp(k, key);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (!*found)
		return LE_OK;
	/* Stored in insertion order (rowid), which is the order it was put. */
	if (sqlite3_prepare_v2(ws->db,
			       "SELECT zone, school, mode, rank, method, distance_m, time_s "
			       "FROM travel ORDER BY rowid", -1, &st, NULL) != SQLITE_OK)
		return db_error(ws, "reading the travel table", err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct io_travel_row *r;
		ALLOC_GROW(*rows, *n + 1, alloc);
		r = &(*rows)[(*n)++];
		r->zone = sqlite3_column_int(st, 0);
		r->school = sqlite3_column_int(st, 1);
		r->mode = sqlite3_column_int(st, 2);
		r->rank = sqlite3_column_int(st, 3);
		r->method = sqlite3_column_int(st, 4);
		r->dist_m = sqlite3_column_double(st, 5);
		r->time_s = sqlite3_column_double(st, 6);
	}
	if (step != SQLITE_DONE) {
		rc = db_error(ws, "reading the travel table", err);
		free(*rows);
		*rows = NULL;
		*n = 0;
		*found = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

int io_ws_travel_put(struct io_ws *ws, const char *key, const struct io_travel_row *rows,
		     size_t n, struct le_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc = LE_OK;

	if (sqlite3_exec(ws->db, "BEGIN; DELETE FROM travel; DELETE FROM cache_keys WHERE name = 'travel';",
			 NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_error(ws, "clearing the travel table", err);
		goto done;
	}
	if (sqlite3_prepare_v2(ws->db, "INSERT INTO travel VALUES (?, ?, ?, ?, ?, ?, ?)",
			       -1, &st, NULL) != SQLITE_OK) {
		rc = db_error(ws, "storing the travel table", err);
		goto done;
	}
	for (i = 0; i < n; i++) {
		sqlite3_bind_int(st, 1, rows[i].zone);
		sqlite3_bind_int(st, 2, rows[i].school);
		sqlite3_bind_int(st, 3, rows[i].mode);
		sqlite3_bind_int(st, 4, rows[i].rank);
		sqlite3_bind_int(st, 5, rows[i].method);
		sqlite3_bind_double(st, 6, rows[i].dist_m);
		sqlite3_bind_double(st, 7, rows[i].time_s);
		if (sqlite3_step(st) != SQLITE_DONE) {
			rc = db_error(ws, "storing the travel table", err);
			goto done;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(ws->db, "INSERT INTO cache_keys VALUES ('travel', ?)",
			       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT) != SQLITE_OK ||
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
