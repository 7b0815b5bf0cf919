/*
 * sql.c: a new SQLite file written through plain SQL statements (io.h,
 * "sql"). The writer above it knows the schema; this file only owns the
 * connection, turns SQLite's errors into LE_EDB messages naming the file,
 * and makes the file appear atomically.
 *
 * Invariants: the database is always "<path>.tmp" until io_sql_commit
 * renames it; a failed write never leaves anything at path or at the tmp
 * name. The connection lives in one struct with its statements borrowed
 * from it: finalize every statement before commit or abort.
 */
#include "io/io_int.h"

#include <sqlite3.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct io_sql {
	sqlite3 *db;
	char *path, *tmp;
};

struct io_sql_stmt {
	struct io_sql *db;
	sqlite3_stmt *st;
};

static int db_error(struct io_sql *db, const char *what, struct le_err *err)
{
	return le_errf(err, LE_EDB, "%s: %s: %s", db->path, what,
		       db->db ? sqlite3_errmsg(db->db) : "out of memory");
}

int io_sql_create(const char *path, struct io_sql **out, struct le_err *err)
{
	struct io_sql *db = xcalloc(1, sizeof(*db));
	struct buf b;
	int rc;

	*out = NULL;
	buf_init(&b);
	buf_addf(&b, "%s.tmp", path);
	db->path = xstrdup(path);
	db->tmp = buf_detach(&b);
	buf_release(&b);
	/* A tmp file left by a crashed run would be opened, not replaced. */
	if (remove(db->tmp) != 0 && errno != ENOENT) {
		rc = le_errf(err, LE_EIO, "cannot write '%s': %s", path, strerror(errno));
		goto fail;
	}
	/* NOFOLLOW: a link planted at the tmp name after the remove is
	 * refused, not written through. */
	if (sqlite3_open_v2(db->tmp, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
			    SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK) {
		rc = db_error(db, "cannot create", err);
		goto fail;
	}
	/* No journal: the file is private until renamed, and a crash is
	 * handled by throwing the tmp file away. */
	if ((rc = io_sql_exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;", err)))
		goto fail;
	*out = db;
	return LE_OK;
fail:
	io_sql_abort(db);
	return rc;
}

static void sql_free(struct io_sql *db)
{
	free(db->path);
	free(db->tmp);
	free(db);
}

int io_sql_commit(struct io_sql *db, struct le_err *err)
{
	int rc = LE_OK;

	if (sqlite3_close(db->db) != SQLITE_OK) {
		rc = db_error(db, "cannot close", err);
		/* close_v2 lets SQLite free what it still holds. */
		sqlite3_close_v2(db->db);
		remove(db->tmp);
	} else if ((rc = io_out_hook(db->path, err)) != LE_OK) {
		remove(db->tmp);
	} else if (rename(db->tmp, db->path) != 0) {
		rc = le_errf(err, LE_EIO, "cannot write '%s': %s", db->path,
			     strerror(errno));
		remove(db->tmp);
	}
	sql_free(db);
	return rc;
}

void io_sql_abort(struct io_sql *db)
{
	if (!db)
		return;
	if (db->db)
		sqlite3_close_v2(db->db);
	remove(db->tmp);
	sql_free(db);
}

int io_sql_exec(struct io_sql *db, const char *sql, struct le_err *err)
{
	char *msg = NULL;
	int rc;

	if (sqlite3_exec(db->db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return LE_OK;
	rc = le_errf(err, LE_EDB, "%s: %s", db->path, msg ? msg : sqlite3_errmsg(db->db));
	sqlite3_free(msg);
	return rc;
}

int io_sql_prepare(struct io_sql *db, const char *sql, struct io_sql_stmt **out,
		   struct le_err *err)
{
	sqlite3_stmt *st = NULL;

	*out = NULL;
	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "bad statement", err);
	*out = xmalloc(sizeof(**out));
	(*out)->db = db;
	(*out)->st = st;
	return LE_OK;
}

void io_sql_finalize(struct io_sql_stmt *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->st);
	free(st);
}

/*
 * Bind errors (a bad index, out of memory) are programmer errors or fatal
 * anyway, and SQLite remembers them: the following step fails with the
 * reason, so the binders need no return value.
 */
void io_sql_bind_null(struct io_sql_stmt *st, int i)
{
	sqlite3_bind_null(st->st, i);
}

void io_sql_bind_int(struct io_sql_stmt *st, int i, long long v)
{
	sqlite3_bind_int64(st->st, i, (sqlite3_int64)v);
}

void io_sql_bind_real(struct io_sql_stmt *st, int i, double v)
{
	sqlite3_bind_double(st->st, i, v);
}

void io_sql_bind_text(struct io_sql_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st->st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st->st, i);
}

void io_sql_bind_blob(struct io_sql_stmt *st, int i, const void *v, size_t n)
{
	sqlite3_bind_blob64(st->st, i, v, (sqlite3_uint64)n, SQLITE_TRANSIENT);
}

int io_sql_step(struct io_sql_stmt *st, struct le_err *err)
{
	int rc = sqlite3_step(st->st), out = LE_OK;

	while (rc == SQLITE_ROW)
		rc = sqlite3_step(st->st);
	if (rc != SQLITE_DONE)
		out = db_error(st->db, "cannot write", err);
	sqlite3_reset(st->st);
	sqlite3_clear_bindings(st->st);
	return out;
}

/* text between quote characters q, each q inside doubled: the one rule
 * of SQL for identifiers ("...") and string literals ('...'). */
static void quoted(struct buf *b, const char *text, char q)
{
	const char *p;

	buf_addc(b, q);
	for (p = text; *p; p++) {
		if (*p == q)
			buf_addc(b, q);
		buf_addc(b, *p);
	}
	buf_addc(b, q);
}

void io_sql_ident(struct buf *b, const char *name)
{
	quoted(b, name, '"');
}

void io_sql_literal(struct buf *b, const char *text)
{
	quoted(b, text, '\'');
}
