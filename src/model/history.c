/*
 * history.c: the stage-roll history as the Scottish Government publishes
 * it ("School level summary statistics", one file per census year), read
 * without editing the files: [model] stage_rolls = FILE, FILE, ... and
 * stage_rolls_years = YEAR, YEAR, ...; the columns and markers that
 * change wording between years are the study's mapping
 * (stage_rolls.school, .type, .roll, .suppressed, .not_applicable).
 *
 * What is done with the quirks, and why:
 *  - a row is one school department, keyed by (SeedCode, School Type);
 *    it joins the study school of that sector whose id is the code or the
 *    code plus one letter (SchUID), since SeedCode alone repeats on
 *    two-department campuses;
 *  - a suppressed cell (1-4 pupils) is estimated: the department's roll
 *    minus its known stages, spread over its suppressed stages by the
 *    study's stage shares of that year, each kept within 1 .. 4; a
 *    not-applicable marker or an empty cell of the sector's stages is 0;
 *  - a school that closed or merged inside the history is not silently
 *    dropped: when the opened/closed list (school_changes) names a study
 *    school as its successor (a seed code in "Further details", or an
 *    opened school's "Merger of A 1234567 and B ..."), its rows are added
 *    to the successor's, so that the successor's ratios compare like with
 *    like; a school that opened inside the history simply has no earlier
 *    years (cells stay -1 and every ratio leaves those years out).
 * Invariants: pupils[MODEL_H(h, k, y, s)], r->stages.n stages per school
 * and year, -1 = not given; est flags the same cells; every file is read
 * whole before any is kept.
 */
#include "model/model_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define HIST_MAXFILES 64

double model_history_at(const struct model_history *h, int k, int s, int year)
{
	int yi = year - h->year0;

	if (!h->has || k < 0 || k >= h->nschools || !h->has[k] || yi < 0 ||
	    yi >= h->nyears)
		return -1;
	return h->pupils[MODEL_H(h, k, yi, s)];
}

void model_history_release(struct model_history *h)
{
	if (!h)
		return;
	free(h->pupils);
	free(h->has);
	free(h->est);
	memset(h, 0, sizeof(*h));
}

/* Split "a, b, c" into at most max trimmed words (out points into buf). */
static int split_list(char *buf, char **out, int max)
{
	char *tok, *save = NULL;
	int n = 0;

	for (tok = strtok_r(buf, ",", &save); tok && n < max; tok = strtok_r(NULL, ",", &save))
		out[n++] = le_trim(tok);
	return n;
}

/* The first column of the list (study mapping or default) present in t. */
static int col_of_list(const struct io_table *t, const char *list)
{
	char *copy = xstrdup(list), *w[16];
	int n = split_list(copy, w, 16), i, c = -1;

	for (i = 0; i < n && c < 0; i++)
		c = io_col(t, w[i]);
	free(copy);
	return c;
}

/* Sector of a "School Type" word; -1 for anything else. */
static int type_sector(const char *w)
{
	if (le_strcaseeq(w, "primary"))
		return LE_PRIMARY;
	if (le_strcaseeq(w, "secondary"))
		return LE_SECONDARY;
	if (le_strcaseeq(w, "special"))
		return LE_SPECIAL;
	return -1;
}

/* The study school of the sector whose id is code or code + one letter. */
static int join_school(const struct region *r, const char *code, int sector)
{
	size_t n = strlen(code);
	int k;

	if (!n)
		return -1;
	for (k = 0; k < r->nschools; k++) {
		const char *id = r->schools[k].id;

		if (r->schools[k].sector != sector || strncmp(id, code, n) != 0)
			continue;
		if (id[n] == '\0' || (isalpha((unsigned char)id[n]) && id[n + 1] == '\0'))
			return k;
	}
	return -1;
}

/* Seven-digit seed codes in free text, in order (at most max). */
static int seed_codes(const char *text, char out[][8], int max)
{
	int n = 0;
	const char *p = text;

	while (*p && n < max) {
		size_t len = 0;

		while (isdigit((unsigned char)p[len]))
			len++;
		if (len == 7) {
			memcpy(out[n], p, 7);
			out[n++][7] = '\0';
		}
		p += len ? len : 1;
	}
	return n;
}

/* Successors from the opened/closed list: succ_code[i] -> to_code[i]. */
struct succ {
	char (*from)[8], (*to)[8];
	int *line;
	int n;
};

static void succ_add(struct succ *sc, const char *from, const char *to, int line)
{
	if (strcmp(from, to) == 0)
		return;
	sc->from = xrealloc(sc->from, sizeof(*sc->from) * (size_t)(sc->n + 1));
	sc->to = xrealloc(sc->to, sizeof(*sc->to) * (size_t)(sc->n + 1));
	sc->line = xrealloc(sc->line, sizeof(int) * (size_t)(sc->n + 1));
	snprintf(sc->from[sc->n], 8, "%s", from);
	snprintf(sc->to[sc->n], 8, "%s", to);
	sc->line[sc->n++] = line;
}

/*
 * The successors in the opened/closed list (io/changes.c reads it, with
 * the study's school_changes.<field> mapping): a closed school whose
 * details name one seed code merged into it; an opened school whose
 * details name seed codes replaced them.
 */
static int read_changes(const struct study *s, struct succ *sc, struct le_err *err)
{
	struct io_changes c;
	int rc, i;

	if ((rc = io_changes_read(s, &c, err)))
		goto done;
	for (i = 0; i < c.t.nrows; i++) {
		char codes[8][8], self[16];
		char *details = io_changes_cell(&c, i, IO_CH_DETAILS);
		char *status = io_changes_cell(&c, i, IO_CH_STATUS);
		char *seed = io_changes_cell(&c, i, IO_CH_SCHOOL);
		int n = seed_codes(details, codes, 8), j;

		snprintf(self, sizeof(self), "%s", seed);
		if (strncmp(status, "Closed", 6) == 0 && n == 1)
			succ_add(sc, self, codes[0], (int)c.t.rowref[i]);
		else if (strncmp(status, "Opened", 6) == 0)
			for (j = 0; j < n; j++)
				succ_add(sc, codes[j], self, (int)c.t.rowref[i]);
		free(details);
		free(status);
		free(seed);
	}
done:
	io_changes_release(&c);
	return rc;
}

/* Is the cell one of the marker words (a comma-separated list)? */
static int is_marker(const char *cell, const char *list)
{
	return *cell && io_in_list(cell, list);
}

/* One parsed row: stages of the school's sector, known or suppressed. */
struct row {
	int school, year, sector;
	double v[LE_MAX_STAGES];
	char supp[LE_MAX_STAGES];
	double roll;            /* < 0 when not a number */
	int carried;            /* from a merged school */
};

/*
 * Estimate the suppressed cells of one row: remainder = roll - known,
 * spread by the stage shares w (study total of each stage that year),
 * each within 1 .. 4. Without a roll every suppressed cell is 2.5, the
 * middle of 1 .. 4.
 */
static void estimate(const struct le_stages *stg, struct row *w, const double *share)
{
	int s, first = stg->first[w->sector], last = stg->last[w->sector];
	double known = 0, wsum = 0, rem;

	for (s = first; s <= last; s++) {
		if (w->supp[s])
			wsum += share[s] > 0 ? share[s] : 1;
		else
			known += w->v[s];
	}
	rem = w->roll >= 0 ? w->roll - known : -1;
	for (s = first; s <= last; s++) {
		double e;

		if (!w->supp[s])
			continue;
		e = rem >= 0 && wsum > 0 ? rem * (share[s] > 0 ? share[s] : 1) / wsum : 2.5;
		w->v[s] = e < 1 ? 1 : e > 4 ? 4 : e;
	}
}

int model_history_read_sg(struct model_history *h, const struct study *s,
			  const struct region *r, int max_year,
			  struct le_diags *d, struct le_err *err)
{
	const char *files = study_model_get(s, "stage_rolls", NULL);
	const char *yv;
	char *fbuf = NULL, *ybuf = NULL, *fw[HIST_MAXFILES], *yw[HIST_MAXFILES];
	int nf, ny, i, j, f, rc = LE_OK, line = 0, ymin = 99999, ymax = 0;
	int years[HIST_MAXFILES];
	struct succ sc;
	struct row *rows = NULL;
	int nrows = 0;
	double *share = NULL;

	memset(h, 0, sizeof(*h));
	memset(&sc, 0, sizeof(sc));
	if (!files)
		return le_errf(err, LE_EUSAGE, "%s: no 'stage_rolls = FILE, ...' in [model]", s->path);
	study_model_get(s, "stage_rolls", &line);
	if (!(yv = study_model_get(s, "stage_rolls_years", NULL)))
		return le_errf(err, LE_EPARSE, "%s:%d: stage_rolls needs 'stage_rolls_years = YEAR, ...' in [model] (the census year of each file, in the same order)",
			       s->path, line);
	ybuf = xstrdup(yv);
	ny = split_list(ybuf, yw, HIST_MAXFILES);
	study_model_get(s, "stage_rolls_years", &line);
	if (strstr(files, "{year}")) {
		/* One pattern for every year: "stage_rolls_{year}.csv". */
		struct buf b;
		const char *at = strstr(files, "{year}");

		buf_init(&b);
		for (f = 0; f < ny; f++) {
			if (f)
				buf_adds(&b, ", ");
			buf_add(&b, files, (size_t)(at - files));
			buf_adds(&b, yw[f]);
			buf_adds(&b, at + 6);
		}
		fbuf = buf_detach(&b);
		buf_release(&b);   /* detach leaves b valid (allocated) */
	} else {
		fbuf = xstrdup(files);
	}
	nf = split_list(fbuf, fw, HIST_MAXFILES);
	{
		/* More files than the table holds would be dropped silently. */
		const char *c;
		int commas = 0;

		for (c = yv; *c; c++)
			commas += *c == ',';
		if (commas >= HIST_MAXFILES) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: stage_rolls_years: at most %d years",
				     s->path, line, HIST_MAXFILES);
			goto done;
		}
	}
	if (nf != ny) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: stage_rolls_years gives %d years for %d stage_rolls files",
			     s->path, line, ny, nf);
		goto done;
	}
	for (f = 0; f < nf; f++) {
		long y;

		if (le_parse_long(yw[f], &y) || y < 1990 || y > 2200) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: stage_rolls_years: expected a census year such as 2019, got '%s'",
				     s->path, line, yw[f]);
			goto done;
		}
		for (j = 0; j < f; j++)
			if (years[j] == (int)y) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: stage_rolls_years: %ld is given twice",
					     s->path, line, y);
				goto done;
			}
		years[f] = (int)y;
	}
	/* The successors first: a merged school's rows are recognised while
	 * its file is read, not after. */
	if ((rc = read_changes(s, &sc, err)))
		goto done;

	for (f = 0; f < nf; f++) {
		struct model_src src;
		int c_school, c_type, c_roll, c_st[LE_MAX_STAGES], st;
		const char *supp = study_model_get(s, "stage_rolls.suppressed", NULL);
		const char *na = study_model_get(s, "stage_rolls.not_applicable", NULL);
		const char *rl = study_model_get(s, "stage_rolls.roll", NULL);
		const char *sk = study_model_get(s, "stage_rolls.school", NULL);
		const char *tk = study_model_get(s, "stage_rolls.type", NULL);

		/* Later years are the backtest's answers, not history. */
		if (years[f] > max_year)
			continue;
		/* Both marker sets by default: SG used * and # to 2020, c and
		 * z since, and a study may mix years of both. */
		supp = supp ? supp : "c, *";
		na = na ? na : "z, #";
		if ((rc = model_src_open(&src, s, "stage_rolls", fw[f], 0, err)))
			goto done;
		c_school = io_col(&src.t, sk ? sk : "SeedCode");
		c_type = io_col(&src.t, tk ? tk : "School Type");
		c_roll = col_of_list(&src.t, rl ? rl : "Pupil roll, Pupil roll(1)");
		for (st = 0; st < r->stages.n && c_school >= 0 && c_type >= 0; st++)
			if ((c_st[st] = io_col(&src.t, r->stages.name[st])) < 0)
				break;
		if (c_school < 0 || c_type < 0 || c_roll < 0 || st < r->stages.n) {
			struct buf b;

			buf_init(&b);
			io_column_list(&src.t, &b);
			rc = le_errf(err, LE_EPARSE, "%s: needs the school, type and roll columns (map them with stage_rolls.school, .type, .roll = COLUMN) and %s .. %s (columns: %s)",
				     fw[f], r->stages.name[0], r->stages.name[r->stages.n - 1], b.s);
			buf_release(&b);
			model_src_close(&src);
			goto done;
		}
		for (i = 0; i < src.t.nrows; i++) {
			const char *code = io_cell(&src.t, i, c_school);
			int sec = type_sector(io_cell(&src.t, i, c_type)), k, carried = 0;
			struct row w;

			/* Special schools have no stage split to progress. */
			if (!src.keep[i] || (sec != LE_PRIMARY && sec != LE_SECONDARY))
				continue;
			k = join_school(r, code, sec);
			/* Not a study school: is it one that merged into one? */
			for (j = 0; k < 0 && j < sc.n; j++)
				if (strcmp(sc.from[j], code) == 0 &&
				    (k = join_school(r, sc.to[j], sec)) >= 0) {
					carried = 1;
					le_diag_add(d, LE_WARNING, "stage_rolls",
						    "%s: '%s' (%s) %d rows added to '%s': merged or replaced, per %s line %d",
						    fw[f], io_cell(&src.t, i, io_col(&src.t, "School Name") >= 0 ? io_col(&src.t, "School Name") : c_school),
						    code, years[f], r->schools[k].id,
						    study_model_get(s, "school_changes", NULL), sc.line[j]);
				}
			if (k < 0)
				continue;
			memset(&w, 0, sizeof(w));
			w.school = k;
			w.year = years[f];
			w.sector = sec;
			w.carried = carried;
			/* A suppressed or missing roll only limits the estimate
			 * of suppressed stages (2.5 each), it is not an error. */
			if (le_parse_double(io_cell(&src.t, i, c_roll), &w.roll) || w.roll < 0)
				w.roll = -1;
			for (st = 0; st < r->stages.n; st++) {
				const char *cell = io_cell(&src.t, i, c_st[st]);

				if (r->stages.sector[st] != sec)
					continue;
				if (is_marker(cell, supp)) {
					w.supp[st] = 1;
				} else if (!*cell || is_marker(cell, na)) {
					w.v[st] = 0;
				} else if (le_parse_double(cell, &w.v[st]) || w.v[st] < 0) {
					char where[600];

					io_where(&src.t, i, where, sizeof(where));
					rc = le_errf(err, LE_EPARSE, "%s: column '%s': expected a number of pupils, a suppressed marker (%s) or a not-applicable marker (%s), got '%s'",
						     where, r->stages.name[st], supp, na, cell);
					model_src_close(&src);
					goto done;
				}
			}
			rows = xrealloc(rows, sizeof(*rows) * (size_t)(nrows + 1));
			rows[nrows++] = w;
			if (years[f] < ymin)
				ymin = years[f];
			if (years[f] > ymax)
				ymax = years[f];
		}
		model_src_close(&src);
	}
	if (!nrows) {
		rc = le_errf(err, LE_EDATA, "%s: stage_rolls: no row of a study school in a census year up to %d",
			     s->path, max_year);
		goto done;
	}
	/* A year missing inside the range (no file given for it) leaves its
	 * cells at -1: every ratio then skips it. */
	h->year0 = ymin;
	h->nyears = ymax - ymin + 1;
	h->nschools = r->nschools;
	h->nst = r->stages.n;
	{
		size_t n = MODEL_H(h, h->nschools, 0, 0), c;

		h->pupils = xmalloc(sizeof(double) * (n + 1));
		h->est = xcalloc(n + 1, 1);
		for (c = 0; c < n; c++)
			h->pupils[c] = -1;
	}
	h->has = xcalloc((size_t)r->nschools + 1, 1);
	/* Stage shares per year: the study's known cells (suppressed cells
	 * are small, leaving them out barely moves the shares). */
	share = xcalloc((size_t)h->nyears * (size_t)h->nst, sizeof(double));
	for (i = 0; i < nrows; i++)
		for (j = 0; j < h->nst; j++)
			if (!rows[i].supp[j])
				share[(size_t)(rows[i].year - ymin) * (size_t)h->nst + (size_t)j] += rows[i].v[j];
	for (i = 0; i < nrows; i++) {
		struct row *w = &rows[i];
		size_t base = MODEL_H(h, w->school, w->year - ymin, 0);
		int first = r->stages.first[w->sector], last = r->stages.last[w->sector], st;

		estimate(&r->stages, w, &share[(size_t)(w->year - ymin) * (size_t)h->nst]);
		/* Added, not set: a successor's cell sums its own row and the
		 * rows of the schools merged into it. */
		for (st = first; st <= last; st++) {
			double *cell = &h->pupils[base + (size_t)st];

			*cell = (*cell < 0 ? 0 : *cell) + w->v[st];
			if (w->supp[st])
				h->est[base + (size_t)st] |= 1;
			if (w->carried)
				h->est[base + (size_t)st] |= 2;
		}
		h->has[w->school] = 1;
	}
done:
	if (rc)
		model_history_release(h);
	free(share);
	free(rows);
	free(sc.from);
	free(sc.to);
	free(sc.line);
	free(fbuf);
	free(ybuf);
	return rc;
}

/* ---------------------------------------------------------------- forecast.ini */

void model_forecast_default(struct model_forecast *f)
{
	f->recency = 0.7;
	f->years = 4;
	f->prior_min = 20;
	f->growth_prior = 50;
	f->range_level = 0.8;
	f->range_noise = 0.6;
	f->range_floor = 0.0003;
	f->range_hpow = 0.6;
}

/*
 * models/forecast.ini: a table of the keys with their ranges, so that a
 * value out of range or a misspelt key is an error at its line rather
 * than a default silently kept (the rule of params.c).
 */
int model_forecast_read(struct model_forecast *f, const char *path,
			struct le_err *err)
{
	static const struct {
		const char *sec, *key;
		double lo, hi;
	} keys[] = {
		{ "survival", "recency", 0.01, 1 },
		{ "survival", "years", 1, 20 },
		{ "survival", "prior_min", 0, 10000 },
		{ "survival", "growth_prior", 0, 100000 },
		{ "ranges", "level", 0.05, 0.99 },
		{ "ranges", "noise", 0, 100 },
		{ "ranges", "floor", 0, 1 },
		{ "ranges", "growth", 0, 2 },
	};
	struct io_ini ini;
	int rc, i, j;

	if ((rc = io_ini_read(path, &ini, err)))
		return rc;
	for (i = 0; i < ini.n && !rc; i++) {
		const struct io_ini_entry *e = &ini.v[i];
		double v;

		for (j = 0; j < (int)(sizeof(keys) / sizeof(keys[0])); j++)
			if (strcmp(e->section, keys[j].sec) == 0 && strcmp(e->key, keys[j].key) == 0)
				break;
		if (j == (int)(sizeof(keys) / sizeof(keys[0]))) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: unknown key '%s' in [%s] (expected [survival] recency, years, prior_min, growth_prior or [ranges] level, noise, floor, growth)",
				     path, e->line, e->key, e->section);
			break;
		}
		if (le_parse_double(e->val, &v) || v < keys[j].lo || v > keys[j].hi) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: %s: expected a number from %g to %g, got '%s'",
				     path, e->line, e->key, keys[j].lo, keys[j].hi, e->val);
			break;
		}
		switch (j) {
		case 0: f->recency = v; break;
		case 1: f->years = (int)v; break;
		case 2: f->prior_min = v; break;
		case 3: f->growth_prior = v; break;
		case 4: f->range_level = v; break;
		case 5: f->range_noise = v; break;
		case 6: f->range_floor = v; break;
		default: f->range_hpow = v; break;
		}
	}
	io_ini_release(&ini);
	return rc;
}
