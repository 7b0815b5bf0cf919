/*
 * input.c: the one input-mapping helper (input.h): reading a layer's
 * file with its join and missing-value markers, filters, column and
 * value mapping, and the CRS into the working CRS.
 *
 * Why markers become empty cells: every loader already treats an empty
 * cell as "not given" (an empty capacity is a school without capacity,
 * an empty roll a missing roll, never 0) and refuses it where a value is
 * required. Blanking the published markers ("NA", "z", "c", "*") at the
 * source gives them exactly that meaning in every loader and every
 * format at once; input_marker keeps the marker for the messages that
 * refuse a required value, so the planner reads "got 'NA' (a missing-
 * value marker)" rather than "an empty cell".
 *
 * Invariants: mk's blanked cells are in row-major order (input_marker
 * searches them); keep flags are never set back to 1.
 */
#include "input/input.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The key prefix of a [model] input ("housing."), "" for a layer. */
#define PREFIX(m) ((m)->prefix)

/* At most this many ids in a join warning: enough to see the pattern. */
enum { INPUT_LIST_MAX = 5 };

void input_marks_init(struct input_marks *mk)
{
	memset(mk, 0, sizeof(*mk));
	mk->enc_row = -1;
}

void input_marks_release(struct input_marks *mk)
{
	int i;

	if (!mk)
		return;
	for (i = 0; i < mk->nmarkers; i++)
		free(mk->markers[i]);
	free(mk->markers);
	free(mk->row);
	free(mk->col);
	free(mk->which);
	free(mk->hit);
	free(mk->lost);
	free(mk->enc_other);
	memset(mk, 0, sizeof(*mk));
	mk->enc_row = -1;
}

/* Append kv to a view's array (the strings stay the study's). */
static void view_add(struct study_kv **v, int *n, const char *key, const char *val, int line)
{
	*v = xrealloc(*v, sizeof(**v) * (size_t)(*n + 1));
	(*v)[*n].key = (char *)key;
	(*v)[*n].val = (char *)val;
	(*v)[*n].line = line;
	(*n)++;
}

void input_model_map(struct input_map *m, struct study_layer *view,
		     const struct study *s, const char *input, const char *path)
{
	size_t n = strlen(input);
	int j;

	memset(view, 0, sizeof(*view));
	memset(m, 0, sizeof(*m));
	view->present = 1;
	view->file = (char *)path;
	m->s = s;
	m->l = view;
	m->section = "model";
	snprintf(m->prefix, sizeof(m->prefix), "%s.", input);
	for (j = 0; s && j < s->model.nkv; j++) {
		const struct study_kv *kv = &s->model.kv[j];
		const char *k = kv->key + n + 1;
		if (strncmp(kv->key, input, n) != 0 || kv->key[n] != '.')
			continue;
		if (strncmp(k, "filter.", 7) == 0)
			view_add(&view->filters, &view->nfilters, k + 7, kv->val, kv->line);
		else if (strcmp(k, "layer") == 0 || strcmp(k, "geometry") == 0 ||
			 strcmp(k, "encoding") == 0)
			view_add(&view->opts, &view->nopts, k, kv->val, kv->line);
		else if (strcmp(k, "crs") == 0) {
			view->crs = kv->val;
			view->crs_line = kv->line;
			view_add(&view->opts, &view->nopts, k, kv->val, kv->line);
		} else
			view_add(&view->fields, &view->nfields, k, kv->val, kv->line);
	}
	view->layer = (char *)study_get(view, "layer");
	view->geometry = (char *)study_get(view, "geometry");
}

void input_model_release(struct study_layer *view)
{
	/* Only the arrays are the view's; the strings are the study's. */
	free(view->fields);
	free(view->filters);
	free(view->opts);
	memset(view, 0, sizeof(*view));
}

/* The comma-separated items of list, trimmed, empty ones dropped. */
static void split_list(const char *list, char ***out, int *n)
{
	char *copy = xstrdup(list), *p = copy, *e;
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	for (;;) {
		e = strchr(p, ',');
		if (e)
			*e = '\0';
		le_trim(p);
		if (*p) {
			ALLOC_GROW(*out, (size_t)*n + 1, alloc);
			(*out)[(*n)++] = xstrdup(p);
		}
		if (!e)
			break;
		p = e + 1;
	}
	free(copy);
}

/* Column `name` of table t for the join key, or an error naming the
 * study's join_on line and the file's columns. */
static int join_col(const struct input_map *m, const struct io_table *t,
		    const char *name, const char *path, int *col, struct le_err *err)
{
	struct buf b;

	if ((*col = io_col(t, name)) >= 0)
		return LE_OK;
	buf_init(&b);
	io_column_list(t, &b);
	le_errf(err, LE_EPARSE, "%s:%d: [%s] join_on = %s: %s has no column '%s' (columns: %s)",
		m->s->path, study_line(m->l, "join_on"), m->section,
		study_get(m->l, "join_on"), path, name, b.s);
	buf_release(&b);
	return err->code;
}

/*
 * The encoding the study declares for path under `key` (encoding or
 * join_encoding of a layer, encoding of a [model] input), checked at its
 * line by io_enc_declare; without the key *e still names it, for the
 * readers' advice. csv: path is read as CSV whatever its suffix.
 */
static int declared_encoding(const struct input_map *m, const char *key, const char *path,
			     int csv, struct io_enc *e, struct le_err *err)
{
	char full[64];

	/* Without a study (a scenario's housing table) there is no key to
	 * name, and the [model] input's key would not reach this file. */
	if (!m->s) {
		memset(e, 0, sizeof(*e));
		e->no_key = 1;
		return LE_OK;
	}
	snprintf(full, sizeof(full), "%s%s", PREFIX(m), key);
	return io_enc_declare(e, study_get(m->l, key), m->s->path,
			      study_line(m->l, key), m->section, full, path, csv, err);
}

int input_model_read(const struct input_map *m, int spatial, struct io_table *t,
		     struct le_err *err)
{
	struct io_enc enc;
	int rc;

	if ((rc = declared_encoding(m, "encoding", m->l->file, !spatial, &enc, err)))
		return rc;
	/* The input's layer and geometry keys, as a layer's. */
	if (spatial)
		return io_table_read_enc(m->l->file, m->l->layer, m->l->geometry, &enc, t, err);
	return io_csv_read_enc(m->l->file, &enc, t, err);
}

/*
 * id with every run of bytes beyond ASCII made one 0x01 byte (malloc'd):
 * what survives of an id read in any other encoding that keeps ASCII as
 * ASCII, which is every one the readers take (io_csv_encoding). "Sgoil
 * Ghàidhlig" read right, read as Windows-1252 from UTF-8 ("GhÃ idhlig")
 * and from DOS code page 850 ("Gh…idhlig") all fold to "Sgoil Gh\1idhlig".
 */
static char *fold_ascii(const char *id)
{
	char *f = xmalloc(strlen(id) + 1), *o = f;

	for (; *id; id++) {
		if ((unsigned char)*id < 0x80)
			*o++ = *id;
		else if (o == f || o[-1] != '\x01')
			*o++ = '\x01';
	}
	*o = '\0';
	return f;
}

/*
 * The encoding hint's pair (mk->enc_row, mk->enc_other): the first row
 * of t without partner whose id folds (fold_ascii) to the fold of an id
 * of o that no row uses. Ids are trimmed, as io_table_join compares them.
 * Why look: with a wrong encoding on either file, the ids in plain ASCII
 * (codes, most names) still join and only the accented ones fail, so
 * the planner sees a few empty capacities and no reason.
 */
static void encoding_pair(const struct io_table *t, const struct io_table *o, int ko,
			  const char *ohit, struct input_marks *mk)
{
	struct strmap ix;
	char ref[200];
	int r, orow = -1;

	strmap_init(&ix);
	for (r = 0; r < o->nrows; r++) {
		char *k, *f;

		if (ohit[r])
			continue;
		k = le_trim(xstrdup(io_cell(o, r, ko)));
		f = fold_ascii(k);
		/* Only an id beyond ASCII can be read differently. */
		if (strcmp(f, k) != 0)
			strmap_put(&ix, f, r);
		free(f);
		free(k);
	}
	for (r = 0; r < t->nrows && orow < 0 && ix.n; r++) {
		char *k, *f;

		if (mk->hit[r])
			continue;
		k = le_trim(xstrdup(io_cell(t, r, mk->kt)));
		f = fold_ascii(k);
		if (strcmp(f, k) != 0 && (orow = strmap_get(&ix, f)) >= 0) {
			char *ok = le_trim(xstrdup(io_cell(o, orow, ko)));
			struct buf b;

			buf_init(&b);
			buf_addf(&b, "'%s' (%s)", ok,
				 io_ref(o->rowkind, o->rowref[orow], o->rowline ? o->rowline[orow] : 0,
					ref, sizeof(ref)));
			mk->enc_row = r;
			mk->enc_other = buf_detach(&b);
			buf_release(&b);
			free(ok);
		}
		free(f);
		free(k);
	}
	strmap_release(&ix);
}

/*
 * join = FILE, join_on = KEY (the column both files share) or
 * join_on = KEY, KEY2 (the layer's column, then the joined file's).
 */
static int do_join(const struct input_map *m, struct io_table *t,
		   struct input_marks *mk, struct le_err *err)
{
	const char *path = study_get(m->l, "join"), *on = study_get(m->l, "join_on");
	struct io_enc enc;
	struct io_table o;
	char **keys = NULL, *ohit = NULL, ref[200];
	int nkeys = 0, ko, rc, i;
	struct buf b;

	io_table_init(&o);
	buf_init(&b);
	if (!on) {
		rc = le_errf(err, LE_EPARSE,
			     "%s:%d: [%s] join = %s needs 'join_on = COLUMN' (the id column both files share, or 'join_on = COLUMN, JOINED_COLUMN')",
			     m->s->path, study_line(m->l, "join"), m->section, path);
		goto done;
	}
	split_list(on, &keys, &nkeys);
	if (nkeys < 1 || nkeys > 2) {
		rc = le_errf(err, LE_EPARSE,
			     "%s:%d: [%s] join_on must name one column (in both files) or two (this file's, then the joined file's), got '%s'",
			     m->s->path, study_line(m->l, "join_on"), m->section, on);
		goto done;
	}
	if ((rc = join_col(m, t, keys[0], m->l->file, &mk->kt, err)))
		goto done;
	if ((rc = declared_encoding(m, "join_encoding", path, 0, &enc, err)) ||
	    (rc = io_table_read_enc(path, study_get(m->l, "join_layer"), NULL, &enc, &o, err)))
		goto done;
	if ((rc = join_col(m, &o, keys[nkeys - 1], path, &ko, err)) ||
	    (rc = io_table_join(t, &o, mk->kt, ko, &mk->hit, &ohit, err)))
		goto done;
	mk->join_path = (char *)path;
	encoding_pair(t, &o, ko, ohit, mk);
	/* The joined file's rows without a partner are known now: they do
	 * not depend on the layer's filters. */
	for (i = 0; i < o.nrows; i++) {
		if (ohit[i])
			continue;
		if (mk->nlost++ < INPUT_LIST_MAX)
			buf_addf(&b, "%s'%s' (%s)", mk->nlost > 1 ? ", " : "", io_cell(&o, i, ko),
				 io_ref(o.rowkind, o.rowref[i], o.rowline ? o.rowline[i] : 0, ref,
					sizeof(ref)));
	}
	mk->lost = xstrdup(b.s ? b.s : "");
done:
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	free(ohit);
	buf_release(&b);
	io_table_release(&o);
	return rc;
}

/* Blank every cell that is one of the markers, remembering which. */
static void blank_markers(struct io_table *t, struct input_marks *mk)
{
	int r, c, k;

	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *v = io_cell(t, r, c);
			size_t n;
			if (!*v)
				continue;
			/* Compared trimmed, exactly otherwise: markers are
			 * codes ("z" is not "Z" in every publication). */
			while (*v == ' ' || *v == '\t')
				v++;
			n = strlen(v);
			while (n && (v[n - 1] == ' ' || v[n - 1] == '\t'))
				n--;
			for (k = 0; k < mk->nmarkers; k++)
				if (strlen(mk->markers[k]) == n && memcmp(mk->markers[k], v, n) == 0)
					break;
			if (k == mk->nmarkers)
				continue;
			if ((size_t)mk->n + 1 > mk->alloc) {
				size_t na = mk->alloc ? 2 * mk->alloc : 16;
				mk->row = xrealloc(mk->row, na * sizeof(int));
				mk->col = xrealloc(mk->col, na * sizeof(int));
				mk->which = xrealloc(mk->which, na);
				mk->alloc = na;
			}
			mk->row[mk->n] = r;
			mk->col[mk->n] = c;
			mk->which[mk->n] = (unsigned char)k;
			mk->n++;
			io_table_blank(t, r, c);
		}
}

int input_read(const struct input_map *m, struct io_table *t,
	       struct input_marks *mk, struct le_err *err)
{
	const char *missing = study_get(m->l, "missing");
	struct io_enc enc;
	int rc;

	input_marks_init(mk);
	if ((rc = declared_encoding(m, "encoding", m->l->file, 0, &enc, err)) ||
	    (rc = io_table_read_enc(m->l->file, m->l->layer, m->l->geometry, &enc, t, err)))
		return rc;
	/* Join first: a filter or a field may name a joined column. */
	if (study_get(m->l, "join") && (rc = do_join(m, t, mk, err)))
		return rc;
	if (missing) {
		split_list(missing, &mk->markers, &mk->nmarkers);
		/* 255 markers is far beyond any publication's list; the
		 * index is kept in a byte. */
		if (mk->nmarkers > 255)
			return le_errf(err, LE_EPARSE, "%s:%d: [%s] missing lists more than 255 markers",
				       m->s->path, study_line(m->l, "missing"), m->section);
		blank_markers(t, mk);
	}
	return LE_OK;
}

int input_filter(const struct input_map *m, const struct io_table *t,
		 char *keep, int *nkept, struct le_err *err)
{
	int f, i;

	for (f = 0; f < m->l->nfilters; f++) {
		const struct study_kv *kv = &m->l->filters[f];
		int c = io_col(t, kv->key);
		/* A filter on a column the file lacks would keep or drop
		 * every row silently; name the study line and list the
		 * columns instead. */
		if (c < 0) {
			struct buf b;
			buf_init(&b);
			io_column_list(t, &b);
			le_errf(err, LE_EPARSE,
				"%s:%d: [%s] %sfilter.%s: %s has no column '%s' (columns: %s)",
				m->s->path, kv->line, m->section, PREFIX(m), kv->key,
				m->l->file, kv->key, b.s);
			buf_release(&b);
			return err->code;
		}
		/* Several filters combine with AND (council and sector);
		 * the values of one filter are a list, combined with OR
		 * (the eight Northern Alliance LACodes). */
		for (i = 0; i < t->nrows; i++)
			if (keep[i] && !io_in_list(io_cell(t, i, c), kv->val))
				keep[i] = 0;
	}
	if (nkept) {
		*nkept = 0;
		for (i = 0; i < t->nrows; i++)
			*nkept += keep[i];
	}
	return LE_OK;
}

/* Our field mapped to column c (by key, or by its own name), or NULL. */
static const char *field_of(const struct input_map *m, const struct io_table *t, int c)
{
	int i;

	for (i = 0; i < m->l->nfields; i++)
		if (io_col(t, m->l->fields[i].val) == c)
			return m->l->fields[i].key;
	return NULL;
}

/* "join_encoding = windows-1252", or "join_encoding (not given)". */
static void key_state(const struct input_map *m, const char *key, struct buf *b)
{
	const char *v = study_get(m->l, key);

	if (v)
		buf_addf(b, "%s = %s", key, v);
	else
		buf_addf(b, "%s (not given)", key);
}

/*
 * "; 'Sgoil Ghàidhlig' (line 3) and names.csv's 'Sgoil GhÃ idhlig'
 * (line 2) differ only in their letters beyond ASCII, ...": the pair
 * encoding_pair found, and the two keys that decide how each file is
 * read, as the study gives them. Which file is wrong cannot be told
 * from the ids alone, so both are named.
 */
static void enc_hint(const struct input_map *m, const struct io_table *t,
		     const struct input_marks *mk, struct buf *hint)
{
	char ref[200], *id = le_trim(xstrdup(io_cell(t, mk->enc_row, mk->kt)));
	int r = mk->enc_row;

	buf_addf(hint, "; '%s' (%s) and %s's %s differ only in their letters beyond ASCII, as when a file is read in the wrong encoding: check ",
		 id, io_ref(t->rowkind, t->rowref[r], t->rowline ? t->rowline[r] : 0, ref, sizeof(ref)),
		 mk->join_path, mk->enc_other);
	key_state(m, "join_encoding", hint);
	buf_adds(hint, " and ");
	key_state(m, "encoding", hint);
	buf_addf(hint, " in [%s]", m->section);
	free(id);
}

void input_report(const struct input_map *m, const struct io_table *t,
		  const char *keep, const struct input_marks *mk,
		  struct le_diags *d)
{
	struct buf b, hint;
	char ref[200];
	int i, c, total = 0, nlist = 0, *count;

	if (!d)
		return;
	buf_init(&b);
	buf_init(&hint);
	if (mk->n) {
		count = xcalloc((size_t)t->ncols + 1, sizeof(int));
		for (i = 0; i < mk->n; i++)
			if (keep[mk->row[i]]) {
				count[mk->col[i]]++;
				total++;
			}
		for (c = 0; c < t->ncols; c++) {
			const char *f;
			if (!count[c])
				continue;
			f = field_of(m, t, c);
			/* A wide file (one column per age) would list 91
			 * columns: the first ten say enough. */
			if (nlist++ < 10)
				buf_addf(&b, "%s'%s'%s%s%s %d", nlist > 1 ? ", " : "", t->cols[c],
					 f ? " (" : "", f ? f : "", f ? ")" : "", count[c]);
		}
		if (nlist > 10)
			buf_addf(&b, " and %d more columns", nlist - 10);
		free(count);
		if (total) {
			struct buf ml;
			buf_init(&ml);
			for (i = 0; i < mk->nmarkers; i++)
				buf_addf(&ml, "%s%s", i ? ", " : "", mk->markers[i]);
			le_diag_add(d, LE_WARNING, "missing values",
				    "%s: %d cell%s given as missing (markers %s) read as missing, never 0: %s",
				    m->l->file, total, total == 1 ? "" : "s", ml.s, b.s);
			buf_release(&ml);
		}
		buf_reset(&b);
	}
	if (mk->hit) {
		int n = 0;
		for (i = 0; i < t->nrows; i++) {
			if (!keep[i] || mk->hit[i])
				continue;
			if (n++ < INPUT_LIST_MAX)
				buf_addf(&b, "%s'%s' (%s)", n > 1 ? ", " : "", io_cell(t, i, mk->kt),
					 io_ref(t->rowkind, t->rowref[i], t->rowline ? t->rowline[i] : 0,
						ref, sizeof(ref)));
		}
		if (n && mk->enc_other && keep[mk->enc_row])
			enc_hint(m, t, mk, &hint);
		if (n)
			le_diag_add(d, LE_WARNING, "join",
				    "%s: %d row%s no partner in %s (join_on %s): %s%s; the joined columns are empty for them%s",
				    m->l->file, n, n == 1 ? " has" : "s have", mk->join_path,
				    study_get(m->l, "join_on"), b.s, n > INPUT_LIST_MAX ? ", ..." : "",
				    hint.s ? hint.s : "");
		if (mk->nlost)
			le_diag_add(d, LE_WARNING, "join",
				    "%s: %d row%s no partner in %s (join_on %s): %s%s; not used",
				    mk->join_path, mk->nlost, mk->nlost == 1 ? " has" : "s have",
				    m->l->file, study_get(m->l, "join_on"), mk->lost,
				    mk->nlost > INPUT_LIST_MAX ? ", ..." : "");
	}
	buf_release(&hint);
	buf_release(&b);
}

int input_col(const struct input_map *m, const struct io_table *t,
	      const char *field, const char *alias, int required,
	      const char *what, int *col, struct le_err *err)
{
	const char *name = study_get(m->l, field);
	struct buf b;

	*col = -1;
	/* An explicit mapping naming a missing column is always an error,
	 * even for an optional field: the planner asked for it, so a typo
	 * must not pass as "field not given". */
	if (name) {
		*col = io_col(t, name);
		if (*col >= 0)
			return LE_OK;
		buf_init(&b);
		io_column_list(t, &b);
		le_errf(err, LE_EPARSE, "%s:%d: [%s] %s%s = %s: %s has no column '%s' (columns: %s)",
			m->s->path, study_line(m->l, field), m->section, PREFIX(m), field,
			name, m->l->file, name, b.s);
		buf_release(&b);
		return err->code;
	}
	/* Unmapped: a column named like the field itself (or its alias,
	 * OS Open Roads' own names) will do. */
	*col = io_col(t, field);
	if (*col < 0 && alias)
		*col = io_col(t, alias);
	if (*col >= 0 || !required)
		return LE_OK;
	/* A [model] input has no "what": its fields are listed in the
	 * README by input, and the file's columns are the useful hint. */
	if (m->prefix[0]) {
		buf_init(&b);
		io_column_list(t, &b);
		le_errf(err, LE_EPARSE,
			"%s: has no column '%s' (columns: %s; map yours with '%s%s = COLUMN' in [model])",
			m->l->file, field, b.s, m->prefix, field);
		buf_release(&b);
		return err->code;
	}
	return le_errf(err, LE_EPARSE,
		       "%s: [%s] needs '%s = COLUMN' naming %s in %s",
		       m->s->path, m->section, field, what, m->l->file);
}

/*
 * Value mappings are few (a handful per layer), so a linear scan is
 * cheaper than building a map; the file's word compares without case
 * because exports vary ("PRIMARY", "Primary").
 */
const char *input_value(const struct input_map *m, const char *field,
			const char *raw)
{
	size_t fn = strlen(field);
	int i;

	for (i = 0; i < m->l->nmaps; i++) {
		const char *k = m->l->maps[i].key;
		if (strncmp(k, field, fn) == 0 && k[fn] == '.' &&
		    le_strcaseeq(k + fn + 1, raw))
			return m->l->maps[i].val;
	}
	return raw;
}

const char *input_marker(const struct input_marks *mk, int r, int c)
{
	int lo = 0, hi = mk->n;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (mk->row[mid] < r || (mk->row[mid] == r && mk->col[mid] < c))
			lo = mid + 1;
		else if (mk->row[mid] == r && mk->col[mid] == c)
			return mk->markers[mk->which[mid]];
		else
			hi = mid;
	}
	return NULL;
}

/*
 * The study's crs key wins over the file's own: some exports declare no
 * CRS or a wrong one, and the planner who knows better must be able to
 * say so. A plain table (CSV) with no crs key is in the working CRS.
 */
int input_xform(const struct input_map *m, struct geo_ctx *g,
		const struct io_table *t, const char *file_crs,
		struct geo_xform **xf, const char **src_crs, struct le_err *err)
{
	const char *crs = m->l->crs ? m->l->crs : file_crs;
	struct le_err e2;
	int rc;

	/* CSV has no CRS of its own; assuming the working CRS matches the
	 * common case of easting/northing columns from a council GIS. */
	if (!crs)
		crs = m->s->crs;
	/* The file's own CRS against its coordinates: degrees labelled
	 * EPSG:27700 would otherwise land at sea off Cornwall without a
	 * word. A crs key in the study overrides the file, so then the
	 * planner's word is taken (and checked point by point). */
	if (t && !m->l->crs && (rc = io_table_check_crs(t, m->section, err)))
		return rc;
	*src_crs = crs;
	le_err_clear(&e2);
	rc = geo_xform_new(g, crs, m->s->crs, xf, &e2);
	if (rc) {
		if (m->l->crs)
			return le_errf(err, rc, "%s:%d: [%s] %scrs: %s", m->s->path,
				       m->l->crs_line, m->section, PREFIX(m), e2.msg);
		return le_errf(err, rc, "%s: %s", m->l->file, e2.msg);
	}
	return LE_OK;
}
