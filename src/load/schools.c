/*
 * schools.c: the [schools] layer: one row per school (or per department
 * of a shared campus, as the Scottish Government file has it), mapped to
 * struct school. The file's words for sector and denomination go through
 * the study's value mapping, then estate's own words; every value is
 * checked and a bad one is reported with its line and column.
 *
 * The school layer is the only compulsory layer: without schools there is
 * nothing to plan. Every value that drives allocation is strict (sector,
 * stages, denomination, Gaelic-medium, location), because a wrong one
 * would send children to the wrong school without any visible error.
 * Values the published data often lacks (capacity, roll, condition and
 * suitability grades) may be empty and stay "not given" (-1 / 0); the
 * joins in load.c warn about the ones planners need.
 *
 * Ownership: strings are copied into the region (which frees them);
 * nothing in this file keeps a pointer into the layer's table.
 */
#include "load/load_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* Column indices of the mapped fields (-1 = not in the file). */
struct school_cols {
	int id, name, sector, stages, denom, gaelic, x, y;
	int capacity, condition, suitability, roll, zone, council, urban_rural;
	int type, low_age, high_age;
};

/*
 * Phases of education: the sector column's words beyond the three sectors,
 * as England's GIAS (PhaseOfEducation) and Scotland's files write them. A
 * phase gives a school its sector and its default stages; "all-through"
 * and a middle school not "deemed" take the sector of most of their
 * stages (a tie, R-Y13 or Y5-Y8, secondary: DfE deems a 9-13 middle school
 * secondary), which matters for the sector tables only: the allocation
 * follows the stages. A middle school must give its stages (stages column
 * or statutory ages): middle schools span Y4-Y7, Y5-Y8 or Y6-Y8. Nursery
 * is refused: nursery pupils are not in the roll projected. "special" may
 * also come from a type column (England: special is a type of
 * establishment whatever the phase).
 */
enum phase {
	PH_SECTOR = 0,          /* a sector word: primary, secondary, special */
	PH_ALL_THROUGH,
	PH_MIDDLE,              /* sector by its stages */
	PH_MIDDLE_PRIMARY,
	PH_MIDDLE_SECONDARY,
	PH_SIXTH_FORM,          /* 16 plus: the post-compulsory stages */
	PH_NURSERY
};

static const struct {
	const char *word;
	int phase;
} phase_words[] = {
	{ "all-through", PH_ALL_THROUGH }, { "all through", PH_ALL_THROUGH },
	{ "middle", PH_MIDDLE },
	{ "middle deemed primary", PH_MIDDLE_PRIMARY },
	{ "middle deemed secondary", PH_MIDDLE_SECONDARY },
	{ "16 plus", PH_SIXTH_FORM }, { "sixth form", PH_SIXTH_FORM },
	{ "nursery", PH_NURSERY },
};

static int phase_parse(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(phase_words) / sizeof(phase_words[0]); i++)
		if (le_strcaseeq(w, phase_words[i].word))
			return phase_words[i].phase;
	return -1;
}

/* The sector of most of a school's stages, a tie secondary. */
static int stages_sector(const struct le_stages *st, unsigned bits)
{
	int s, n[2] = { 0, 0 };

	for (s = 0; s < st->n; s++)
		if (bits & 1u << s)
			n[st->sector[s]]++;
	return n[0] > n[1] ? LE_PRIMARY : LE_SECONDARY;
}

/*
 * Stages from statutory ages (GIAS StatutoryLowAge / StatutoryHighAge):
 * the stages whose age at the start of the school year (age + 1, the
 * system's younger mid-year age plus one: DfE's age at 31 August,
 * Reception 4) is at least low and whose pupils leave at most at high
 * (age + 2 <= high): 4-11 is R-Y6, 11-16 Y7-Y11, 11-18 Y7-Y13, 9-13
 * Y5-Y8. A low age below the first stage (a nursery class, 2 or 3)
 * starts at the first stage.
 */
static unsigned ages_stages(const struct le_stages *st, long low, long high)
{
	unsigned bits = 0;
	int s;

	for (s = 0; s < st->n; s++)
		if (st->age[s] + 1 >= low && st->age[s] + 2 <= high)
			bits |= 1u << s;
	return bits;
}

/*
 * Denomination words. The Scottish file says "Non-denominational" and
 * "Roman Catholic"; the allocation keeps RC places as their own stream, so
 * only that distinction matters to the model. Any other word (Episcopalian,
 * Jewish, Inter-denominational) is kept as text for reports.
 */
static int parse_denom(const char *w)
{
	/* An empty denomination is non-denominational: the SG file leaves
	 * it blank for most schools, and an unnamed denomination must not
	 * create an extra stream no pupil belongs to. */
	if (!*w || le_strcaseeq(w, "non-denominational") ||
	    le_strcaseeq(w, "nondenominational") || le_strcaseeq(w, "none"))
		return LE_NONDENOM;
	if (le_strcaseeq(w, "roman catholic") || le_strcaseeq(w, "rc") ||
	    le_strcaseeq(w, "catholic"))
		return LE_RC;
	return LE_OTHER_DENOM;
}

/* Yes / no words for flags such as Gaelic-medium; empty means no. */
static int parse_yesno(const char *w)
{
	if (!*w || le_strcaseeq(w, "no") || le_strcaseeq(w, "n") ||
	    le_strcaseeq(w, "false") || !strcmp(w, "0"))
		return 0;
	if (le_strcaseeq(w, "yes") || le_strcaseeq(w, "y") ||
	    le_strcaseeq(w, "true") || !strcmp(w, "1"))
		return 1;
	return -1;
}

/* A trimmed copy of cell (r, c); "" when c < 0. Caller frees. */
static char *cell(const struct layer *ly, int r, int c)
{
	return le_trim(xstrdup(c >= 0 ? io_cell(&ly->t, r, c) : ""));
}

static int opt_grade(struct layer *ly, int r, int c, const char *field,
		     int *grade, struct le_err *err)
{
	char where[600], *t;
	const char *w;
	int rc = LE_OK;

	/* 0 is LE_GRADE_NONE: no survey grade, which reports show as blank
	 * and the condition KPIs do not count as C/D. */
	*grade = 0;
	if (c < 0)
		return LE_OK;
	t = cell(ly, r, c);
	w = layer_map(ly, field, t);
	*grade = le_grade_parse(w);
	if (*grade < 0) {
		layer_where(ly, r, where, sizeof(where));
		rc = le_errf(err, LE_EPARSE, "%s: column '%s': %s grade must be A, B, C or D, got '%s'",
			     where, ly->t.cols[c], field, t);
	}
	free(t);
	return rc;
}

/*
 * Resolve every field's column once, before any row is read, so that a
 * wrong mapping is reported against the study file rather than as a bad
 * value on the first data line.
 */
static int find_cols(struct layer *ly, struct school_cols *c, struct le_err *err)
{
	int rc;

	if ((rc = layer_col(ly, "id", 1, "the column holding each school's unique id", &c->id, err)) ||
	    (rc = layer_col(ly, "name", 0, NULL, &c->name, err)) ||
	    (rc = layer_col(ly, "sector", 1, "the column saying primary, secondary or special", &c->sector, err)) ||
	    (rc = layer_col(ly, "stages", 0, NULL, &c->stages, err)) ||
	    (rc = layer_col(ly, "denomination", 0, NULL, &c->denom, err)) ||
	    (rc = layer_col(ly, "gaelic", 0, NULL, &c->gaelic, err)) ||
	    (rc = layer_col(ly, "x", 0, NULL, &c->x, err)) ||
	    (rc = layer_col(ly, "y", 0, NULL, &c->y, err)) ||
	    (rc = layer_col(ly, "capacity", 0, NULL, &c->capacity, err)) ||
	    (rc = layer_col(ly, "condition", 0, NULL, &c->condition, err)) ||
	    (rc = layer_col(ly, "suitability", 0, NULL, &c->suitability, err)) ||
	    (rc = layer_col(ly, "roll", 0, NULL, &c->roll, err)) ||
	    (rc = layer_col(ly, "zone", 0, NULL, &c->zone, err)) ||
	    (rc = layer_col(ly, "council", 0, NULL, &c->council, err)) ||
	    (rc = layer_col(ly, "urban_rural", 0, NULL, &c->urban_rural, err)) ||
	    (rc = layer_col(ly, "type", 0, NULL, &c->type, err)) ||
	    (rc = layer_col(ly, "low_age", 0, NULL, &c->low_age, err)) ||
	    (rc = layer_col(ly, "high_age", 0, NULL, &c->high_age, err)))
		return rc;
	/* Without a location a school cannot be snapped to the roads or
	 * placed in a zone: only a layer with its own point geometry may
	 * omit x/y. */
	if ((c->x < 0) != (c->y < 0) || (c->x < 0 && !ly->t.geoms))
		return le_errf(err, LE_EPARSE,
			       "%s: [schools] needs 'x = COLUMN' and 'y = COLUMN' for the school locations in %s (and 'crs = EPSG:4326' if they are longitude/latitude)",
			       ly->s->path, ly->l->file);
	return LE_OK;
}

/* Location of row r in the working CRS, from x/y columns or a point. */
static int locate(struct layer *ly, const struct school_cols *c, int r,
		  struct school *sc, struct le_err *err)
{
	char label[300];

	snprintf(label, sizeof(label), "school '%s'", sc->id);
	return layer_xy(ly, r, c->x, c->y, label, &sc->x, &sc->y, err);
}

/* The statutory ages of row r into stage bits; *given = 1 when both
 * cells hold ages (an empty cell leaves the phase's default). */
static int read_ages(struct layer *ly, const struct school_cols *c, int r,
		     const struct le_stages *st, struct school *sc, const char *where,
		     int *given, struct le_err *err)
{
	char *lo = cell(ly, r, c->low_age), *hi = cell(ly, r, c->high_age);
	long low, high;
	unsigned bits;
	int rc = LE_OK;

	if (*lo && *hi) {
		if (le_parse_long(lo, &low) || le_parse_long(hi, &high) || low < 0 ||
		    high <= low || high > LE_MAX_AGE)
			rc = le_errf(err, LE_EPARSE,
				     "%s: columns '%s', '%s': expected statutory ages such as 4 and 11 (low below high), got '%s' and '%s'",
				     where, ly->t.cols[c->low_age], ly->t.cols[c->high_age], lo, hi);
		else if (!(bits = ages_stages(st, low, high)))
			rc = le_errf(err, LE_EPARSE,
				     "%s: statutory ages %ld-%ld cover no stage (the stages run from %s, age %d at the start of its year, to %s, leaving at %d)",
				     where, low, high, st->name[0], st->age[0] + 1, st->name[st->n - 1],
				     st->age[st->n - 1] + 2);
		else {
			sc->stages = bits;
			*given = 1;
		}
	}
	free(lo);
	free(hi);
	return rc;
}

/*
 * The school's sector and stages: its type (special whatever the phase),
 * its sector or phase word, then its stages from the stages column, else
 * the statutory ages, else the phase's default.
 */
static int read_phase(struct layer *ly, const struct school_cols *c, int r,
		      const struct region *reg, struct school *sc, const char *where,
		      struct le_err *err)
{
	const struct le_stages *st = &reg->stages;
	int rc = LE_OK, phase = PH_SECTOR, special = 0, s;
	int given = 0;
	const char *w;
	char *t;

	if (c->type >= 0) {
		t = cell(ly, r, c->type);
		special = le_strcaseeq(layer_map(ly, "type", t), "special");
		free(t);
	}
	t = cell(ly, r, c->sector);
	w = layer_map(ly, "sector", t);
	sc->sector = le_sector_parse(w);
	if (sc->sector < 0 && (phase = phase_parse(w)) >= 0)
		sc->sector = phase == PH_MIDDLE_PRIMARY ? LE_PRIMARY : LE_SECONDARY;
	if (special)
		sc->sector = LE_SPECIAL;
	if (sc->sector < 0 && input_marker(&ly->marks, r, c->sector)) {
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': the sector is '%s', a missing-value marker of [schools] (a school's sector cannot be missing)",
			     where, ly->t.cols[c->sector], input_marker(&ly->marks, r, c->sector));
		free(t);
		return rc;
	}
	if (sc->sector < 0) {
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': '%s' is not a sector (expected primary, secondary or special; map the file's word with 'sector.%s = primary' in [schools])",
			     where, ly->t.cols[c->sector], t, t);
		free(t);
		return rc;
	}
	if (phase == PH_NURSERY && !special) {
		rc = le_errf(err, LE_EPARSE,
			     "%s: column '%s': '%s' is a nursery: nursery pupils are not in the roll the model projects (leave it out with 'filter.%s = ...' or map the word)",
			     where, ly->t.cols[c->sector], t, ly->t.cols[c->sector]);
		free(t);
		return rc;
	}
	free(t);
	/* Default stages by phase; special schools may teach any stage. */
	if (sc->sector == LE_SPECIAL || phase == PH_ALL_THROUGH || phase == PH_MIDDLE ||
	    phase == PH_MIDDLE_PRIMARY || phase == PH_MIDDLE_SECONDARY)
		sc->stages = le_stages_all(st);
	else if (phase == PH_SIXTH_FORM)
		for (sc->stages = 0, s = 0; s < st->n; s++)
			sc->stages |= st->stay[s] < 1 ? 1u << s : 0;
	else
		sc->stages = le_stages_bits(st, sc->sector);
	if (c->stages >= 0) {
		t = cell(ly, r, c->stages);
		/* Names and ranges of the study's stage system: "P1-P7"
		 * in Scotland, "R-Y6" or "Y7-Y13" in England; a range may
		 * cross sectors (all-through, middle and special schools). */
		if (*t && le_stages_parse(st, layer_map(ly, "stages", t), &sc->stages)) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: column '%s': expected stages such as %s-%s, %s-%s or %s-%s, got '%s'",
				     where, ly->t.cols[c->stages],
				     st->name[st->first[0]], st->name[st->last[0]],
				     st->name[st->first[1]], st->name[st->last[1]],
				     st->name[0], st->name[st->n - 1], t);
			free(t);
			return rc;
		}
		given = *t != 0;
		free(t);
	}
	if (!given && c->low_age >= 0 && c->high_age >= 0)
		if ((rc = read_ages(ly, c, r, st, sc, where, &given, err)))
			return rc;
	if (!given && (phase == PH_MIDDLE || phase == PH_MIDDLE_PRIMARY || phase == PH_MIDDLE_SECONDARY))
		return le_errf(err, LE_EPARSE,
			       "%s: school '%s' is a middle school: give its stages (map 'stages = COLUMN', e.g. Y5-Y8, or 'low_age' and 'high_age' for its statutory ages)",
			       where, sc->id);
	if (sc->sector != LE_SPECIAL && (phase == PH_ALL_THROUGH || phase == PH_MIDDLE))
		sc->sector = stages_sector(st, sc->stages);
	return LE_OK;
}

static int read_row(struct layer *ly, const struct school_cols *c, int r,
		    struct region *reg, struct le_err *err)
{
	char where[600], *id, *t;
	const char *w;
	struct school *sc;
	int k, rc = LE_OK, v;

	layer_where(ly, r, where, sizeof(where));
	id = cell(ly, r, c->id);
	if (!*id) {
		const char *mk = input_marker(&ly->marks, r, c->id);
		free(id);
		if (mk)
			return le_errf(err, LE_EDATA,
				       "%s: column '%s': school id is '%s', a missing-value marker of [schools] (an id cannot be missing)",
				       where, ly->t.cols[c->id], mk);
		return le_errf(err, LE_EDATA, "%s: column '%s': school id is empty",
			       where, ly->t.cols[c->id]);
	}
	/* A duplicate school id is an error, not a warning: scenarios
	 * and catchment tables name schools by id, so two rows with one id
	 * would make every change to that school ambiguous. (The SG file
	 * gives each department of a shared campus its own id.) */
	k = region_add_school(reg, id);
	if (k < 0) {
		int first = region_school(reg, id);
		char fw[200];
		/* Report the first occurrence too: the planner must pick one. */
		io_ref(ly->t.rowkind, reg->schools[first].src_row, 0, fw, sizeof(fw));
		rc = le_errf(err, LE_EDATA, "%s: school id '%s' appears twice (first %s %s)",
			     where, id, ly->t.rowkind == IO_ROW_LINE ? "on" : "as", fw);
		free(id);
		return rc;
	}
	free(id);
	sc = &reg->schools[k];
	sc->src_row = ly->t.rowref[r];
	sc->where = xstrdup(where);
	t = cell(ly, r, c->name);
	/* Reports always have a name to print; the id is the honest
	 * fallback. */
	sc->name = xstrdup(*t ? t : sc->id);
	free(t);

	if ((rc = read_phase(ly, c, r, reg, sc, where, err)))
		return rc;
	/* Denomination decides the stream: Roman Catholic schools are
	 * allocated their own pupils (RC demand) and a closed RC school's
	 * pupils go to another RC school, which is why this is read for
	 * every school even when the column is optional. */
	t = cell(ly, r, c->denom);
	w = layer_map(ly, "denomination", t);
	sc->denom = parse_denom(w);
	sc->denom_text = xstrdup(*w ? w : le_denom_name(LE_NONDENOM));
	free(t);
	/* Gaelic-medium places are a stream of their own: a GM pupil
	 * is only placed at a school with GM provision, so an unreadable
	 * flag is an error, not a "no". */
	if (c->gaelic >= 0) {
		t = cell(ly, r, c->gaelic);
		v = parse_yesno(layer_map(ly, "gaelic", t));
		if (v < 0) {
			rc = le_errf(err, LE_EPARSE,
				     "%s: column '%s': expected yes or no for Gaelic-medium provision, got '%s'",
				     where, ly->t.cols[c->gaelic], t);
			free(t);
			return rc;
		}
		sc->gaelic = v;
		free(t);
	}
	/* Capacity and roll may be empty (not published): -1, "not
	 * given", never 0; anything but a whole number in range is an
	 * error. load_schools reports the empty rolls. */
	sc->capacity = sc->roll = -1;
	if ((c->capacity >= 0 &&
	     (rc = layer_count(ly, r, c->capacity, "a number of places", LOAD_SCHOOL_MAX,
			       &sc->capacity, err))) ||
	    (c->roll >= 0 &&
	     (rc = layer_count(ly, r, c->roll, "a number of pupils", LOAD_SCHOOL_MAX,
			       &sc->roll, err))) ||
	    (rc = opt_grade(ly, r, c->condition, "condition", &sc->condition, err)) ||
	    (rc = opt_grade(ly, r, c->suitability, "suitability", &sc->suitability, err)))
		return rc;
	/* Zone and council ids are only stored here; load.c resolves them
	 * once every layer is in, so their order in the files does not
	 * matter. */
	t = cell(ly, r, c->zone);
	sc->zone_id = *t ? t : (free(t), NULL);
	t = cell(ly, r, c->council);
	sc->council_id = *t ? t : (free(t), NULL);
	/* Kept as the file words it: only estate consult reads it (a
	 * rural school brings the duties of s.12A of the Schools
	 * (Consultation) (Scotland) Act 2010). */
	t = cell(ly, r, c->urban_rural);
	sc->urban_rural = *t ? t : (free(t), NULL);
	/* Located last, after every field check, so a row's value errors
	 * are reported before a coordinate error on the same row. */
	return locate(ly, c, r, sc, err);
}

int load_schools(const struct study *s, struct geo_ctx *g, struct region *r,
		 struct le_diags *d, struct le_err *err)
{
	struct layer ly;
	struct school_cols c;
	struct buf lines;
	int rc, i, nmissing = 0;

	/* The join warnings about schools come from load.c; the empty
	 * rolls are reported here, where the lines are known. */
	buf_init(&lines);
	rc = layer_open(&ly, s, STUDY_SCHOOLS, g, d, err);
	if (rc)
		goto done;
	if ((rc = layer_need_rows(&ly, "school", err)) ||
	    (rc = find_cols(&ly, &c, err)) || (rc = layer_xform(&ly, err)))
		goto done;
	/* Filtered-out rows are never parsed: another council's odd values
	 * in a national file must not stop this council's study. */
	for (i = 0; i < ly.t.nrows; i++) {
		if (!ly.keep[i])
			continue;
		if ((rc = read_row(&ly, &c, i, r, err)))
			goto done;
		/* An empty roll cell is a missing roll, which the model and
		 * the reports treat as unknown; a planner who reads 0 pupils
		 * would close the school. Up to 10 rows are named. */
		if (c.roll >= 0 && r->schools[r->nschools - 1].roll < 0) {
			char ref[200];
			if (++nmissing <= 10)
				buf_addf(&lines, "%s%s", nmissing > 1 ? ", " : "",
					 io_ref(ly.t.rowkind, ly.t.rowref[i],
						ly.t.rowline ? ly.t.rowline[i] : 0, ref, sizeof(ref)));
		}
	}
	if (nmissing)
		le_diag_add(d, LE_WARNING, "school roll missing",
			    "%s: %d school%s an empty '%s' cell (%s%s): the roll is missing, not 0",
			    ly.l->file, nmissing, nmissing == 1 ? " has" : "s have",
			    ly.t.cols[c.roll], lines.s,
			    nmissing > 10 ? ", ..." : "");
done:
	buf_release(&lines);
	layer_close(&ly);
	return rc;
}
