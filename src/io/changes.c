/*
 * changes.c: the one reader of the Scottish Government list of schools
 * opened, closed and mothballed ([model] school_changes = FILE). Two
 * parts of estate use the list: the base-year data-quality check
 * (load/history.c: departments the roll and the list disagree about) and
 * the stage-roll history (model/history.c: a school merged into a study
 * school carries its rows to its successor). Both read it here, so the
 * list has one key, one column mapping and one set of errors.
 *
 * The columns are mapped like any [model] input, "school_changes.<field>
 * = COLUMN"; an unmapped field is looked for under the list's published
 * header (Seed Code, Status, Sector, Date opened, Date closed, Local
 * authority, School name, Further details). school, status, sector,
 * opened and closed are required; council, name and details may be
 * missing (their cells then read as empty), unless mapped.
 */
#include "io/io_int.h"

#include <stdio.h>
#include <string.h>

static const char *const ch_fields[IO_CH_N] = {
	"school", "status", "sector", "opened", "closed", "council", "name", "details"
};
/* The published header of each field: the default column. */
static const char *const ch_published[IO_CH_N] = {
	"Seed Code", "Status", "Sector", "Date opened", "Date closed", "Local authority",
	"School name", "Further details"
};

int io_changes_read(const struct study *s, struct io_changes *c, struct le_err *err)
{
	char key[64];
	struct io_enc enc;
	const char *e;
	int i, rc, eline = 0;

	memset(c, 0, sizeof(*c));
	io_table_init(&c->t);
	if (!(c->path = study_model_get(s, "school_changes", NULL)))
		return LE_OK;
	/* The list names schools ("Sgoil Ghàidhlig") and councils save it
	 * from Excel: school_changes.encoding, every [model] input's key,
	 * checked by io_enc_declare as a layer's encoding = is. */
	e = study_model_get(s, "school_changes.encoding", &eline);
	if ((rc = io_enc_declare(&enc, e, s->path, eline, "model", "school_changes.encoding",
				 c->path, 0, err)) ||
	    (rc = io_table_read_enc(c->path, NULL, NULL, &enc, &c->t, err)))
		return rc;
	for (i = 0; i < IO_CH_N; i++) {
		int line = 0;
		const char *m;

		snprintf(key, sizeof(key), "school_changes.%s", ch_fields[i]);
		m = study_model_get(s, key, &line);
		c->col[i] = io_col(&c->t, m ? m : ch_published[i]);
		if (c->col[i] >= 0 || (i >= IO_CH_COUNCIL && !m))
			continue;
		/* A mapped column that is not there, or a required one. */
		if (m)
			return le_errf(err, LE_EPARSE, "%s:%d: [model] %s = %s: %s has no column '%s'",
				       s->path, line, key, m, c->path, m);
		return le_errf(err, LE_EPARSE, "%s: no column '%s' for %s (map it with '%s = COLUMN' in [model])",
			       c->path, ch_published[i], ch_fields[i], key);
	}
	return LE_OK;
}

char *io_changes_cell(const struct io_changes *c, int row, int field)
{
	int col = c->col[field];

	return le_trim(xstrdup(col >= 0 ? io_cell(&c->t, row, col) : ""));
}

void io_changes_release(struct io_changes *c)
{
	io_table_release(&c->t);
	memset(c, 0, sizeof(*c));
}
