/*
 * world.c: the schools every scenario of a run can name (the region's,
 * then each scenario's new ones), the point-in-polygon indices that tell
 * whether a new school lies in the region, the stage groups the keys are
 * made of (scenario_groups_build), and the optional zone SIMD.
 *
 * Invariants: w->s[0 .. nbase) mirror the region's schools in order (a
 * world index below nbase is the region's index); new schools follow in
 * the order the scenario files are read; strings of new schools are owned
 * by w->owned and freed with the world.
 */
#include "scenario/scenario.h"
#include "geo/geo.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int scenario_school_serves(const struct scenario_world *w, const struct scenario_school *s, int g)
{
	const struct scenario_groups *gr = &w->grp;

	/* Stages 0: the sector decides (le_stream_serves). Otherwise the
	 * school teaches the whole group or none of it (the partition's
	 * rule), so one common stage is the test; for Scotland's one
	 * group per sector it is le_stream_serves' own. */
	return le_stream_serves(&w->r->stages, s->sector, s->stages, s->stream == MODEL_RC, s->gaelic,
				SCENARIO_GROUP_SECTOR(gr, g), SCENARIO_GROUP_STREAM(g)) &&
	       (!s->stages || (s->stages & SCENARIO_GROUP_STAGES(gr, g)));
}

int scenario_school_group(const struct scenario_world *w, const struct scenario_school *s)
{
	const struct scenario_groups *gr = &w->grp;
	int sec = s->sector == LE_SECONDARY, j;

	if (s->sector != LE_PRIMARY && s->sector != LE_SECONDARY)
		return -1;
	for (j = 0; j < gr->n; j++)
		if (gr->sector[j] == sec && (!s->stages || (s->stages & gr->stages[j])))
			return SCENARIO_GROUP(j, s->stream);
	return -1;
}

/*
 * The atoms of the sets the schools teach: each sector starts as one
 * part, and every school's stages cut each part they cross into the
 * stages it teaches and the rest. The result does not depend on the
 * schools' order (the atoms of a family of sets are its atoms), and is
 * sorted by first stage, so equal inputs give equal keys.
 */
void scenario_groups_build(struct scenario_groups *gr, const struct le_stages *st,
			   const unsigned *stages, int n)
{
	unsigned part[2][LE_MAX_STAGES];
	int np[2] = { 0, 0 }, sec, i, j, x, s;

	memset(gr, 0, sizeof(*gr));
	for (sec = 0; sec < 2; sec++) {
		unsigned all = le_stages_bits(st, sec == 0 ? LE_PRIMARY : LE_SECONDARY);

		if (all)
			part[sec][np[sec]++] = all;
		for (i = 0; i < n; i++) {
			unsigned m = stages[i] & all;

			for (j = 0; m && j < np[sec]; j++) {
				unsigned in = part[sec][j] & m;

				if (!in || in == part[sec][j])
					continue;
				/* Parts never exceed the sector's stages, so
				 * there is room for the new one. */
				part[sec][np[sec]++] = part[sec][j] & ~in;
				part[sec][j] = in;
			}
		}
		/* By lowest stage: insertion sort, a handful of parts. */
		for (i = 1; i < np[sec]; i++)
			for (x = i; x > 0 && (part[sec][x] & -part[sec][x]) < (part[sec][x - 1] & -part[sec][x - 1]); x--) {
				unsigned t = part[sec][x];

				part[sec][x] = part[sec][x - 1];
				part[sec][x - 1] = t;
			}
		for (i = 0; i < np[sec]; i++) {
			gr->sector[gr->n] = sec;
			gr->stages[gr->n++] = part[sec][i];
		}
		gr->nsec[sec] = np[sec];
	}
	gr->nkg = gr->n * MODEL_NSTREAMS;
	for (s = 0; s < LE_MAX_STAGES; s++)
		gr->of[s] = -1;
	for (j = 0; j < gr->n; j++)
		for (s = 0; s < st->n; s++)
			if (gr->stages[j] & (1u << s))
				gr->of[s] = j;
}

void scenario_groups_label(const struct scenario_groups *gr, const struct le_stages *st,
			   int j, struct buf *b)
{
	struct buf t;

	buf_reset(b);
	buf_addf(b, "%s", gr->sector[j] ? "secondary" : "primary");
	if (gr->nsec[gr->sector[j]] < 2)
		return;
	/* le_stages_text writes from the start of its buffer. */
	buf_init(&t);
	le_stages_text(st, gr->stages[j], &t);
	buf_addf(b, " %s", t.s);
	buf_release(&t);
}

int scenario_change_moves(const struct scenario_world *w, const struct scenario_change *ch, int g)
{
	if (ch->kind != SCENARIO_CATCHMENT_CHANGE || !scenario_school_serves(w, &w->s[ch->school], g))
		return 0;
	/* A Gaelic unit's catchment is not its host school's: a change
	 * naming a stream leaves the school's other streams where they
	 * are. */
	return !ch->streams || (ch->streams & 1u << SCENARIO_GROUP_STREAM(g)) != 0;
}

int scenario_world_init(struct scenario_world *w, const struct region *r,
			const struct model *m, struct geo_ctx *g,
			struct le_err *err)
{
	struct le_geom *polys = NULL;
	int k, i, n = 0, rc = LE_OK;

	memset(w, 0, sizeof(*w));
	w->r = r;
	w->m = m;
	w->alloc = r->nschools + 16;
	w->s = xcalloc((size_t)w->alloc, sizeof(*w->s));
	for (k = 0; k < r->nschools; k++) {
		const struct school *sc = &r->schools[k];
		struct scenario_school *ws = &w->s[k];

		ws->id = sc->id;
		ws->name = sc->name ? sc->name : sc->id;
		ws->sector = sc->sector;
		ws->stages = sc->stages;
		ws->stream = sc->denom == LE_RC ? MODEL_RC : MODEL_ND;
		ws->gaelic = sc->gaelic;
		ws->x = sc->x;
		ws->y = sc->y;
		ws->capacity = sc->capacity;
		ws->condition = sc->condition;
		ws->suitability = sc->suitability;
		ws->council = sc->council;
		ws->owner = -1;
		ws->src_line = (int)sc->src_row;
	}
	w->n = w->nbase = r->nschools;
	/* The stage groups of the non-special schools: a special school
	 * takes no key's pupils (le_stream_serves), so it cuts nothing. */
	{
		unsigned *bits = xmalloc(sizeof(unsigned) * ((size_t)r->nschools + 1));

		for (k = 0, n = 0; k < r->nschools; k++)
			if (r->schools[k].sector != LE_SPECIAL)
				bits[n++] = r->schools[k].stages;
		scenario_groups_build(&w->grp, &r->stages, bits, n);
		free(bits);
		n = 0;
	}
	if (!g)
		return LE_OK;
	/* Indices only over what exists: a region without polygons cannot
	 * say "outside", so the check is skipped rather than always failing. */
	polys = xcalloc((size_t)r->nzones + (size_t)r->ncouncils + 1, sizeof(*polys));
	for (i = 0; i < r->nzones; i++)
		if (r->zones[i].has_geom && r->zones[i].geom.npoints)
			n++;
	if (n) {
		for (i = 0; i < r->nzones; i++)
			polys[i] = r->zones[i].geom;
		if (!(w->zone_ix = geo_index_new(g, polys, r->nzones, err))) {
			rc = err->code;
			goto done;
		}
	}
	n = 0;
	for (i = 0; i < r->ncouncils; i++)
		if (r->councils[i].geom.npoints)
			n++;
	if (n) {
		for (i = 0; i < r->ncouncils; i++)
			polys[i] = r->councils[i].geom;
		if (!(w->council_ix = geo_index_new(g, polys, r->ncouncils, err)))
			rc = err->code;
	}
done:
	/* polys held shallow copies of the region's geometries. */
	free(polys);
	if (rc)
		scenario_world_release(w);
	return rc;
}

void scenario_world_release(struct scenario_world *w)
{
	int i;

	if (!w)
		return;
	for (i = 0; i < w->nowned; i++)
		free(w->owned[i]);
	free(w->owned);
	free(w->s);
	free(w->simd_rank);
	geo_index_free(w->zone_ix);
	geo_index_free(w->council_ix);
	memset(w, 0, sizeof(*w));
}

/* ---------------------------------------------------------------- SIMD */

/*
 * One index, two keys (struct scenario_dep in scenario.h). The labels of
 * SIMD are written out as they always were, not built from a pattern:
 * "SIMD20" is the name Scottish papers use, and byte-identical outputs
 * for Scottish studies are the test that nothing moved.
 */
void scenario_dep_init(struct scenario_dep *dep, const struct study *s)
{
	const char *name = s ? study_model_get(s, "deprivation_name", NULL) : NULL;

	memset(dep, 0, sizeof(*dep));
	if (s && (dep->path = study_model_get(s, "deprivation", NULL))) {
		dep->key = "deprivation";
	} else {
		dep->key = "simd";
		dep->path = s ? study_model_get(s, "simd", NULL) : NULL;
	}
	/* io_study_read caps the name's length; the copy is the guard. */
	snprintf(dep->name, sizeof(dep->name), "%s", name ? name : "SIMD");
	dep->simd = strcmp(dep->name, "SIMD") == 0;
	if (dep->simd) {
		snprintf(dep->mean_label, sizeof(dep->mean_label), "SIMD20 mean walk km");
		snprintf(dep->beyond_label, sizeof(dep->beyond_label), "SIMD20 beyond limit %%");
		snprintf(dep->pupils_desc, sizeof(dep->pupils_desc),
			 "pupils living in the 20 %% most deprived data zones (SIMD)");
	} else {
		snprintf(dep->mean_label, sizeof(dep->mean_label),
			 "%s most deprived 20 %% mean walk km", dep->name);
		snprintf(dep->beyond_label, sizeof(dep->beyond_label),
			 "%s most deprived 20 %% beyond limit %%", dep->name);
		snprintf(dep->pupils_desc, sizeof(dep->pupils_desc),
			 "pupils living in the 20 %% most deprived zones by %s", dep->name);
	}
}

const char *scenario_dep_board_label(const struct scenario_dep *dep, int kpi,
				     const char *label)
{
	/* A world set up without scenario_dep_init (zeroed) is SIMD. */
	if (!dep || !*dep->mean_label)
		return label;
	return kpi == SK_SIMD_DIST_MEAN_M ? dep->mean_label :
	       kpi == SK_SIMD_BEYOND_PCT ? dep->beyond_label : label;
}

const char *scenario_dep_kpi_desc(const struct scenario_dep *dep, int kpi,
				  const char *desc)
{
	return dep && *dep->pupils_desc && kpi == SK_SIMD_PUPILS ? dep->pupils_desc : desc;
}

/* The measures a SIMD file may give, 1 = most deprived, and the count of
 * classes of each (0: a rank, 1 .. the number of zones ranked). */
static const char *const simd_measures[] = { "rank", "quintile", "decile", "vigintile", NULL };
static const int nclass[] = { 0, 5, 10, 20 };

/* Which measure column: the one mapped ("simd.rank = SIMD2020v2_Rank"),
 * else the first present under its own name. Two mapped is ambiguous:
 * an error at the second's study line. */
static int simd_measure(struct model_src *src, const struct scenario_dep *dep,
			int *col, int *which, struct le_err *err)
{
	char key[32];
	const char *first = NULL;
	int i, line = 0, rc;

	*which = -1;
	for (i = 0; simd_measures[i]; i++) {
		snprintf(key, sizeof(key), "%s.%s", dep->key, simd_measures[i]);
		if (!src->s || !study_model_get(src->s, key, &line))
			continue;
		if (first)
			return le_errf(err, LE_EPARSE, "%s:%d: [model] %s: the %s measure is already mapped by %s.%s (map one of rank, quintile, decile or vigintile)",
				       src->s->path, line, key, dep->name, dep->key, first);
		first = simd_measures[i];
		if ((rc = model_src_col(src, simd_measures[i], 1, col, err)))
			return rc;
		*which = i;
	}
	for (i = 0; *which < 0 && simd_measures[i]; i++)
		if ((*col = io_col(&src->t, simd_measures[i])) >= 0)
			*which = i;
	if (*which < 0) {
		struct buf b;

		buf_init(&b);
		io_column_list(&src->t, &b);
		rc = le_errf(err, LE_EPARSE, "%s: has no column rank, quintile, decile or vigintile (columns: %s; map yours with '%s.rank = COLUMN' (or %s.quintile, .decile, .vigintile) in [model])",
			     src->t.path, b.s, dep->key, dep->key);
		buf_release(&b);
		return rc;
	}
	return LE_OK;
}

/*
 * The reader keeps only the zone and one measure of what may be a wide
 * national file (SIMD 2020 v2 has 49 columns, some "8%" or "*"): nothing
 * else of it is parsed, so a suppressed indicator can never fail a run.
 * It goes through model_src, the [model] inputs' one mapping and filter
 * helper, so its errors read like every other input's.
 */
int scenario_simd_read(const struct study *s, const char *path,
		       const struct region *r, double **out,
		       struct le_diags *d, struct le_err *err)
{
	struct model_src src;
	struct scenario_dep dep;
	char where[600];
	int rc, i, cz = -1, cm = -1, which = -1, nmiss = 0, npop = 0, first = -1;
	long v, maxrank = 0;
	long *val = NULL;
	double *simd = NULL;

	/* Which key the file came under decides its mapping's prefix. */
	scenario_dep_init(&dep, s);
	if ((rc = model_src_open(&src, s, dep.key, path, 0, err)))
		goto done;
	if ((rc = model_src_col(&src, "zone", 1, &cz, err)) ||
	    (rc = simd_measure(&src, &dep, &cm, &which, err)))
		goto done;
	/* Every row is checked, kept or not: a wrong measure column (a
	 * percentile mapped as a quintile) fails at its first bad row. */
	val = xcalloc((size_t)src.t.nrows + 1, sizeof(long));
	for (i = 0; i < src.t.nrows; i++) {
		v = 0;
		if (le_parse_long(io_cell(&src.t, i, cm), &v) != 0 || v < 1 ||
		    (nclass[which] && v > nclass[which])) {
			io_where(&src.t, i, where, sizeof(where));
			rc = le_errf(err, LE_EPARSE, "%s: column '%s': %s must be a whole number from 1%s, got '%s'",
				     where, src.t.cols[cm], simd_measures[which],
				     nclass[which] == 5 ? " to 5" :
				     nclass[which] == 10 ? " to 10" : nclass[which] == 20 ? " to 20" : "",
				     io_cell(&src.t, i, cm));
			goto done;
		}
		val[i] = v;
		/* Over every row, filtered or not: a national file filtered
		 * to one council keeps the national scale of its ranks. */
		if (v > maxrank)
			maxrank = v;
	}
	simd = xmalloc(sizeof(double) * ((size_t)r->nzones + 1));
	for (i = 0; i < r->nzones; i++)
		simd[i] = -1;
	for (i = 0; i < src.t.nrows; i++) {
		int z = src.keep[i] ? region_zone(r, io_cell(&src.t, i, cz)) : -1;
		int most;

		if (z < 0)
			continue;   /* zones of other councils: a national file */
		/* The most deprived 20 %: quintile 1, deciles 1-2, vigintiles
		 * 1-4; for a rank, the lowest fifth of the ranks given. */
		most = nclass[which] ? val[i] * 5 <= nclass[which] : val[i] * 5 <= maxrank;
		simd[z] = most;
	}
	/* Partial coverage is a warning, not an error: the pupils of a zone
	 * without a row count in neither group of the equity KPIs. */
	for (i = 0; i < r->nzones; i++) {
		if (!r->zones[i].has_pop)
			continue;
		npop++;
		if (simd[i] < 0 && nmiss++ == 0)
			first = i;
	}
	if (nmiss)
		le_diag_add(d, LE_WARNING, dep.key,
			    "%s: %d of the study's %d zones with population have no %s row (the first '%s'): their pupils count in neither group of the equity (%s) KPIs",
			    path, nmiss, npop, dep.name, r->zones[first].id, dep.name);
	/* Replaces an earlier reading; on failure *out is left as it was. */
	free(*out);
	*out = simd;
	simd = NULL;
done:
	free(simd);
	free(val);
	model_src_close(&src);
	return rc;
}

/* The base year's stage-roll file ([model] stage_rolls, one file per
 * stage_rolls_years entry, or a {year} pattern), malloc'd; NULL when the
 * study has none for its base year. */
static char *census_file(const struct study *s)
{
	/* The same two keys the stage-roll history reads (model/history.c):
	 * the census of the base year is the one the school file's roll is,
	 * so the two sides of the check describe the same September. */
	const char *files = study_model_get(s, "stage_rolls", NULL);
	const char *years = study_model_get(s, "stage_rolls_years", NULL);
	char *yc, *fc, *tok, *save = NULL, *out = NULL;
	int f = 0, at = -1;
	long y;

	if (!files || !years)
		return NULL;
	yc = xstrdup(years);
	for (tok = strtok_r(yc, ",", &save); tok; tok = strtok_r(NULL, ",", &save), f++)
		if (le_parse_long(le_trim(tok), &y) == 0 && y == s->base_year)
			at = f;
	free(yc);
	if (at < 0)
		return NULL;
	if (strstr(files, "{year}")) {
		const char *p = strstr(files, "{year}");
		struct buf b;

		buf_init(&b);
		buf_add(&b, files, (size_t)(p - files));
		buf_addf(&b, "%d%s", s->base_year, p + 6);
		out = xstrdup(b.s);
		buf_release(&b);
		return out;
	}
	fc = xstrdup(files);
	save = NULL;
	for (f = 0, tok = strtok_r(fc, ",", &save); tok; tok = strtok_r(NULL, ",", &save), f++)
		if (f == at)
			out = xstrdup(le_trim(tok));
	free(fc);
	return out;
}

/* The study school of the sector whose id is code or code + one letter
 * (SchUID), the stage-roll history's join. */
static int census_school(const struct region *r, const char *code, const char *type)
{
	size_t n = strlen(code);
	int k, sec = le_strcaseeq(type, "primary") ? LE_PRIMARY :
		le_strcaseeq(type, "secondary") ? LE_SECONDARY :
		le_strcaseeq(type, "special") ? LE_SPECIAL : -1;

	for (k = 0; n && k < r->nschools; k++) {
		const char *id = r->schools[k].id;

		if (r->schools[k].sector != sec || strncmp(id, code, n) != 0)
			continue;
		if (id[n] == '\0' || (isalpha((unsigned char)id[n]) && id[n + 1] == '\0'))
			return k;
	}
	return -1;
}

int scenario_simd_census(const struct study *s, const struct region *r,
			 const double *simd, struct scenario_simd_check *c,
			 struct le_diags *d, struct le_err *err)
{
	struct model_src src;
	const char *pre = study_model_get(s, "stage_rolls.simd_quintile", NULL);
	const char *sk = study_model_get(s, "stage_rolls.school", NULL);
	const char *tk = study_model_get(s, "stage_rolls.type", NULL);
	char *path = census_file(s);
	struct scenario_dep dep;
	int rc = LE_OK, q, i, z, a, cq[6], cs, ct;
	size_t plen;

	memset(c, 0, sizeof(*c));
	memset(&src, 0, sizeof(src));
	scenario_dep_init(&dep, s);
	snprintf(c->name, sizeof(c->name), "%s", dep.name);
	/* The model's side: children of school age (5-17) by the SIMD of
	 * their zone, the population the KPIs place. */
	for (z = 0; z < r->nzones; z++)
		for (a = 5; a <= 17 && simd[z] >= 0; a++) {
			c->children += region_pop(r, z, a);
			if (simd[z] > 0)
				c->children_q1 += region_pop(r, z, a);
		}
	c->children_pct = c->children > 0 ? c->children_q1 / c->children * 100 : NAN;
	if (!path)
		goto done;
	if ((rc = model_src_open(&src, s, "stage_rolls", path, 0, err)))
		goto done;
	cs = io_col(&src.t, sk ? sk : "SeedCode");
	ct = io_col(&src.t, tk ? tk : "School Type");
	/* "SIMD Quintile 1 [Note 6]": the published header with its note;
	 * the column is the first that starts with the prefix and q. */
	pre = pre ? pre : "SIMD Quintile";
	plen = strlen(pre);
	for (q = 1; q <= 5; q++) {
		cq[q] = -1;
		for (i = 0; i < src.t.ncols && cq[q] < 0; i++) {
			const char *h = src.t.cols[i];

			if (strncmp(h, pre, plen) == 0 && h[plen] == ' ' && h[plen + 1] == '0' + q &&
			    !isdigit((unsigned char)h[plen + 2]))
				cq[q] = i;
		}
		if (cq[q] < 0)
			break;
	}
	/* A census file without the columns (another publication, older
	 * years) cannot check the SIMD file: said, not an error. The rows
	 * are joined to the study's schools as the stage-roll history joins
	 * them (seed code and type), so only the study's pupils count. */
	if (cs < 0 || ct < 0 || q <= 5)
		goto done;
	c->file = path;
	path = NULL;
	c->year = s->base_year;
	for (i = 0; i < src.t.nrows; i++) {
		double v;

		if (!src.keep[i] ||
		    census_school(r, io_cell(&src.t, i, cs), io_cell(&src.t, i, ct)) < 0)
			continue;
		c->schools++;
		for (q = 1; q <= 5; q++) {
			if (le_parse_double(io_cell(&src.t, i, cq[q]), &v) == 0 && v >= 0) {
				c->pupils += v;
				if (q == 1)
					c->pupils_q1 += v;
			} else if (*io_cell(&src.t, i, cq[q])) {
				c->suppressed++;   /* 1-4 pupils: c or * */
			}
		}
	}
	if (!c->schools || c->pupils <= 0)
		goto done;
	c->pupils_pct = c->pupils_q1 / c->pupils * 100;
	if (!isnan(c->children_pct) &&
	    fabs(c->pupils_pct - c->children_pct) > SCENARIO_SIMD_CHECK_PTS)
		le_diag_add(d, LE_WARNING, dep.key,
			    "%s: %.1f %% of the study's children aged 5-17 live in the most deprived fifth of zones by the %s file, but %.1f %% of its schools' pupils by the %d census (%s, %.0f of %.0f pupils in quintile 1): more than %d points apart; check the %s file's zone codes and its measure column",
			    dep.path, c->children_pct, dep.name, c->pupils_pct, c->year,
			    c->file, c->pupils_q1, c->pupils, SCENARIO_SIMD_CHECK_PTS, dep.name);
done:
	free(path);
	model_src_close(&src);
	return rc;
}

void scenario_simd_check_release(struct scenario_simd_check *c)
{
	if (c)
		free(c->file);
}

/* One line for check and run: both shares with their counts and files,
 * so a planner sees what was compared, not only a verdict. */
void scenario_simd_print(FILE *fp, const struct scenario_simd_check *c)
{
	const char *name = *c->name ? c->name : "SIMD";

	if (isnan(c->children_pct))
		return;
	/* SIMD's wording as it always was; another name may not take "a". */
	if (!strcmp(name, "SIMD"))
		fprintf(fp, "SIMD: %.1f %% of the children aged 5-17 in zones with a SIMD row live in the most deprived fifth (%.0f of %.0f)",
			c->children_pct, c->children_q1, c->children);
	else
		fprintf(fp, "%s: %.1f %% of the children aged 5-17 in the zones the %s file gives live in the most deprived fifth (%.0f of %.0f)",
			name, c->children_pct, name, c->children_q1, c->children);
	if (c->file)
		fprintf(fp, "; the %d census puts %.1f %% of the study schools' pupils there (%s, %s quintile 1: %.0f of %.0f pupils of %d departments, %d cells suppressed): %s %d points\n",
			c->year, c->pupils_pct, c->file, name, c->pupils_q1, c->pupils, c->schools, c->suppressed,
			fabs(c->pupils_pct - c->children_pct) > SCENARIO_SIMD_CHECK_PTS ?
			"MORE than" : "within", SCENARIO_SIMD_CHECK_PTS);
	else
		fprintf(fp, "; no base-year census counts by %s quintile to check it against\n", name);
}
