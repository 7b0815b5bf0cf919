/*
 * override.c: a scenario's own model parameters and costs, the [model]
 * and [costs] sections of a scenario file (issue 12, item 4).
 *
 * A sensitivity test used to need a second study whose results could not
 * sit beside the first; now an option can say "this option, with a
 * higher yield" or "under the high forecast" and be evaluated in the same
 * run, against the same baseline. What each section may hold:
 *
 *  [model]  the study's [model] keys that can differ between options
 *           without changing what the run shares between them (the
 *           zones, schools, travel tables and allocation):
 *             projection: stages, parameters, ppr, yield, forecast (a
 *               file), rc_share, gaelic_share: the option gets its own
 *               projection run (cli/, with the study's other keys);
 *             evaluation: transport, costs (files read over the study's
 *               values, key by key, as the study's files are over the
 *               defaults);
 *             forecast = low | central | high: the option is evaluated
 *               under that forecast variant (variant.c), whatever the
 *               run's --variants.
 *           Every other study key (method, allocation, candidates,
 *           housing ...) is refused with its line: it is the study's,
 *           and changing it per option would change what the options
 *           are compared on.
 *  [costs]  "section.key = value", a key of models/costs.ini or
 *           models/transport.ini (scenario_params_set: the one parser of
 *           those files), e.g. new_build.primary_gbp_per_place = 42000.
 *
 * Invariants: every key is checked when the file is read, with
 * "path:line: [section] ..." (a [costs] value is tried on default
 * parameters, so a typo cannot wait for the evaluation); entries keep
 * file order, and a key may be given once per section.
 */
#include "scenario/scenario.h"

#include <stdlib.h>
#include <string.h>

enum ov_kind { OV_PROJ_FILE, OV_PROJ_SHARE, OV_PARAMS_FILE };

/* The [model] keys a scenario may set (forecast: a file, or a variant). */
static const struct {
	const char *key;
	int kind;               /* enum ov_kind */
} model_keys[] = {
	{ "forecast", OV_PROJ_FILE },
	{ "stages", OV_PROJ_FILE },
	{ "parameters", OV_PROJ_FILE },
	{ "ppr", OV_PROJ_FILE },
	{ "yield", OV_PROJ_FILE },
	{ "rc_share", OV_PROJ_SHARE },
	{ "gaelic_share", OV_PROJ_SHARE },
	{ "transport", OV_PARAMS_FILE },
	{ "costs", OV_PARAMS_FILE },
};
#define NMODEL_KEYS ((int)(sizeof(model_keys) / sizeof(model_keys[0])))
#define MODEL_KEY_LIST "forecast, stages, parameters, ppr, yield, rc_share, gaelic_share, transport or costs"

/* The study's [model] keys that are the same for every option. */
static const char *const study_only[] = {
	"method", "allocation", "catchment", "flows", "housing", "history",
	"progression_years", "detour_factor", "catchment_outside",
	"population_previous", "population_previous_year", "simd",
	"candidates", "landmass_gap_m", "ferries", "cross_boundary",
	"stage_rolls", "stage_rolls_years", "school_changes", "births",
	"deprivation", "deprivation_name", NULL
};

/* Index of key in model_keys, -1 when a scenario may not set it. */
static int model_key(const char *key)
{
	int i;

	for (i = 0; i < NMODEL_KEYS; i++)
		if (strcmp(model_keys[i].key, key) == 0)
			return i;
	return -1;
}

/* A projection override: a [model] key other than the evaluation's files
 * and a forecast variant (which needs no run: variant.c derives it). */
static int is_projection(const struct scenario *sc, const struct scenario_own *o)
{
	int i;

	if (o->section != SCENARIO_OV_MODEL || (i = model_key(o->key)) < 0 ||
	    model_keys[i].kind == OV_PARAMS_FILE)
		return 0;
	return !(strcmp(o->key, "forecast") == 0 && sc->variant);
}

/* Append one entry (copies of key and val) in file order: the order
 * the parameters are applied in, and overrides.csv's. */
static int add(struct scenario *sc, int section, const char *key, const char *val, int line)
{
	struct scenario_own *o;

	sc->ov = xrealloc(sc->ov, sizeof(*sc->ov) * ((size_t)sc->nov + 1));
	o = &sc->ov[sc->nov++];
	o->section = section;
	o->key = xstrdup(key);
	o->val = xstrdup(val);
	o->line = line;
	return LE_OK;
}

/*
 * One [model] line: refused with a message that says which keys a
 * scenario may set, and why a study key is not one of them (the line a
 * planner copied from the study is the likeliest mistake).
 */
static int read_model_entry(const char *path, const struct io_ini_entry *e,
			    struct scenario *sc, struct le_err *err)
{
	int i = model_key(e->key), j;
	double v;

	if (i < 0) {
		for (j = 0; study_only[j]; j++)
			if (strcmp(study_only[j], e->key) == 0)
				return le_errf(err, LE_EPARSE, "%s:%d: [model] '%s' is the study's, the same for every option, and cannot be set by a scenario (a scenario may set " MODEL_KEY_LIST ")",
					       path, e->line, e->key);
		return le_errf(err, LE_EPARSE, "%s:%d: [model] unknown key '%s' (expected " MODEL_KEY_LIST ")",
			       path, e->line, e->key);
	}
	/* A variant is a word, not a file: low, central, high. */
	if (strcmp(e->key, "forecast") == 0 && scenario_variant_parse(e->val)) {
		sc->variant = scenario_variant_parse(e->val);
		return add(sc, SCENARIO_OV_MODEL, e->key, e->val, e->line);
	}
	if (model_keys[i].kind == OV_PROJ_SHARE) {
		if (le_parse_double(e->val, &v) != 0 || v < 0 || v > 1)
			return le_errf(err, LE_EPARSE, "%s:%d: [model] %s must be a share from 0 to 1, got '%s'",
				       path, e->line, e->key, e->val);
		return add(sc, SCENARIO_OV_MODEL, e->key, e->val, e->line);
	}
	{
		/* Files are named from the scenario's folder, as the
		 * study's are from the study's. */
		char *dir = le_dirname(path), *full = le_path_join(dir, e->val);

		add(sc, SCENARIO_OV_MODEL, e->key, full, e->line);
		free(full);
		free(dir);
	}
	return LE_OK;
}

/*
 * One [costs] line, "section.key = value": split at the first dot (the
 * files' sections have none) and handed to the files' own setter, so a
 * key accepted in models/costs.ini is accepted here and nothing else.
 */
static int read_costs_entry(const char *path, const struct io_ini_entry *e,
			    struct scenario *sc, struct le_err *err)
{
	const char *dot = strchr(e->key, '.');
	struct scenario_params p;
	struct le_err e2;
	char *section;
	int rc;

	if (!dot || dot == e->key || !dot[1])
		return le_errf(err, LE_EPARSE, "%s:%d: [costs] key '%s' must be section.key of models/costs.ini or models/transport.ini, such as new_build.primary_gbp_per_place",
			       path, e->line, e->key);
	/* Candidates and fallback speeds built the shared travel tables. */
	if (strncmp(e->key, "allocation.", 11) == 0 || strncmp(e->key, "travel.", 7) == 0)
		return le_errf(err, LE_EPARSE, "%s:%d: [costs] %s is the study's, the same for every option (the travel tables are shared)",
			       path, e->line, e->key);
	/* The setter is the parser of the files: tried now on defaults so
	 * that the line is known; applied on the run's parameters later. */
	section = xstrdup(e->key);
	section[dot - e->key] = '\0';
	scenario_params_default(&p);
	le_err_clear(&e2);
	rc = scenario_params_set(&p, section, dot + 1, e->val, &e2);
	scenario_params_release(&p);
	free(section);
	if (rc)
		return le_errf(err, rc, "%s:%d: [costs] %s", path, e->line, e2.msg);
	return add(sc, SCENARIO_OV_COSTS, e->key, e->val, e->line);
}

int scenario_override_read(const char *path, const struct io_ini *ini,
			   const struct io_ini_section *sec, struct scenario *sc,
			   struct le_err *err)
{
	int section = strcmp(sec->name, "costs") == 0 ? SCENARIO_OV_COSTS : SCENARIO_OV_MODEL;
	int i, j, rc = LE_OK;

	for (i = 0; i < ini->n && !rc; i++) {
		const struct io_ini_entry *e = &ini->v[i];

		if (e->section_line != sec->line)
			continue;
		/* Once per key, over every section of its name: two values
		 * would make the result depend on the file's order. */
		for (j = 0; j < sc->nov; j++)
			if (sc->ov[j].section == section && strcmp(sc->ov[j].key, e->key) == 0)
				return le_errf(err, LE_EPARSE, "%s:%d: [%s] '%s' is given twice (first on line %d)",
					       path, e->line, sec->name, e->key, sc->ov[j].line);
		rc = section == SCENARIO_OV_COSTS ? read_costs_entry(path, e, sc, err) :
		     read_model_entry(path, e, sc, err);
	}
	return rc;
}

void scenario_override_release(struct scenario *sc)
{
	int i;

	for (i = 0; i < sc->nov; i++) {
		free(sc->ov[i].key);
		free(sc->ov[i].val);
	}
	free(sc->ov);
	sc->ov = NULL;
	sc->nov = 0;
	sc->variant = SCENARIO_V_NONE;
}

int scenario_override_projection(const struct scenario *sc)
{
	int i;

	for (i = 0; sc && i < sc->nov; i++)
		if (is_projection(sc, &sc->ov[i]))
			return 1;
	return 0;
}

int scenario_override_same_projection(const struct scenario *a,
				      const struct scenario *b)
{
	int i, j, na = 0, nb = 0;

	/* Same set of projection keys with the same values (file order
	 * does not matter). */
	for (i = 0; i < a->nov; i++) {
		if (!is_projection(a, &a->ov[i]))
			continue;
		na++;
		for (j = 0; j < b->nov; j++)
			if (is_projection(b, &b->ov[j]) && strcmp(a->ov[i].key, b->ov[j].key) == 0 &&
			    strcmp(a->ov[i].val, b->ov[j].val) == 0)
				break;
		if (j == b->nov)
			return 0;
	}
	for (j = 0; j < b->nov; j++)
		nb += is_projection(b, &b->ov[j]);
	return na == nb;
}

int scenario_override_params_any(const struct scenario *sc)
{
	int i;

	for (i = 0; sc && i < sc->nov; i++)
		if (sc->ov[i].section == SCENARIO_OV_COSTS ||
		    (model_key(sc->ov[i].key) >= 0 && model_keys[model_key(sc->ov[i].key)].kind == OV_PARAMS_FILE))
			return 1;
	return 0;
}

/*
 * The study's [model] keys with the scenario's projection keys on top:
 * a key the study has is replaced in place (its position kept, so the
 * projection reads the keys in the same order), a new one is appended.
 */
void scenario_override_study(struct study *out, const struct study *s,
			     const struct scenario *sc)
{
	int i, j, n = s->model.nkv;

	*out = *s;
	out->model.kv = xmalloc(sizeof(*out->model.kv) * ((size_t)s->model.nkv + (size_t)sc->nov + 1));
	memcpy(out->model.kv, s->model.kv, sizeof(*out->model.kv) * (size_t)s->model.nkv);
	for (i = 0; i < sc->nov; i++) {
		const struct scenario_own *o = &sc->ov[i];

		if (!is_projection(sc, o))
			continue;
		for (j = 0; j < n; j++)
			if (strcmp(out->model.kv[j].key, o->key) == 0)
				break;
		if (j == n)
			n++;
		/* Borrowed: the copy lives no longer than the scenario. The
		 * line stays the study's when replacing (errors name the
		 * file, which is the scenario's). */
		out->model.kv[j].key = o->key;
		out->model.kv[j].val = o->val;
		out->model.kv[j].line = o->line;
	}
	out->model.nkv = n;
	out->model.present = 1;
}

void scenario_override_study_release(struct study *out)
{
	free(out->model.kv);
	out->model.kv = NULL;
	out->model.nkv = 0;
}

/*
 * In file order, so a [costs] key after a costs file wins over it, as a
 * later line of one file wins over an earlier one.
 */
int scenario_override_params(struct scenario_params *out,
			     const struct scenario_params *base,
			     const struct scenario *sc, struct le_err *err)
{
	int i, rc = LE_OK;

	scenario_params_copy(out, base);
	for (i = 0; i < sc->nov && !rc; i++) {
		const struct scenario_own *o = &sc->ov[i];

		if (o->section == SCENARIO_OV_COSTS) {
			char *section = xstrdup(o->key);
			struct le_err e2;

			section[strchr(o->key, '.') - o->key] = '\0';
			le_err_clear(&e2);
			if ((rc = scenario_params_set(out, section, strchr(o->key, '.') + 1, o->val, &e2)))
				le_errf(err, rc, "%s:%d: [costs] %s", sc->path, o->line, e2.msg);
			free(section);
		} else if (strcmp(o->key, "transport") == 0) {
			rc = scenario_params_read(out, o->val, NULL, err);
		} else if (strcmp(o->key, "costs") == 0) {
			rc = scenario_params_read(out, NULL, o->val, err);
		} else {
			continue;
		}
		/* The travel tables are built once for every option with the
		 * run's candidates and fallback speeds: an option cannot
		 * change them. */
		if (!rc && (out->k != base->k || out->walk_kph != base->walk_kph ||
			    out->drive_kph != base->drive_kph || out->detour != base->detour))
			rc = le_errf(err, LE_EPARSE, "%s:%d: [%s] %s: candidates, walk_kph and drive_kph are the study's, the same for every option (the travel tables are shared)",
				     sc->path, o->line, o->section == SCENARIO_OV_COSTS ? "costs" : "model", o->key);
	}
	if (rc)
		scenario_params_release(out);
	return rc;
}

char *scenario_override_describe(const struct scenario *sc)
{
	struct buf b;
	int i;

	buf_init(&b);
	for (i = 0; i < sc->nov; i++) {
		const struct scenario_own *o = &sc->ov[i];
		const char *v = o->val;

		if (b.len)
			buf_adds(&b, ", ");
		/* A file by its name: the folder is noise in a table. */
		if (o->section == SCENARIO_OV_MODEL && model_key(o->key) >= 0 &&
		    model_keys[model_key(o->key)].kind != OV_PROJ_SHARE && !(strcmp(o->key, "forecast") == 0 && sc->variant))
			v = le_basename(o->val);
		buf_addf(&b, "%s%s=%s", o->section == SCENARIO_OV_COSTS ? "costs " : "", o->key, v);
	}
	{
		/* buf_detach leaves b empty but allocated. */
		char *d = buf_detach(&b);

		buf_release(&b);
		return d;
	}
}
