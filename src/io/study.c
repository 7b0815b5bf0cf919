/*
 * study.c: reading a study file (INI) into a struct study.
 *
 * inih does the INI syntax (sections, "key = value", comments); this file
 * feeds it the text line by line through its own reader, which is how we
 * know line numbers (Debian's inih is built without INI_HANDLER_LINENO)
 * and how we keep inih's two traps away from planners:
 *  - inih reads at most INI_MAX_LINE - 1 bytes of a line and silently
 *    treats the rest as a new line; the reader measures every line and
 *    reports a long one instead of letting it be cut;
 *  - inih treats an indented line as the continuation of the previous
 *    value, so an indented key would vanish into the key above it; the
 *    reader strips indentation, so indented keys are plain keys and no
 *    value continues over lines.
 * Section headers are seen by the reader too (inih reports no event for
 * them), so an empty or unknown section is reported at its own line.
 *
 * Values: inih strips an inline comment that starts with ';' after white
 * space, so a value cannot contain " ;". '#' starts a comment only at the
 * start of a line. A key ends at the first '=' or ':', so keys (column
 * names in filter.<column>) cannot contain either.
 *
 * Invariants:
 *  - after io_study_read fails, *s is zeroed (nothing to release);
 *  - every string in a study is owned by it and freed by io_study_release;
 *  - a key appears once per section: a second one is an error naming the
 *    first line, never a silent override;
 *  - layer options (file, layer, geometry, crs, year, age_columns) are
 *    kept in opts as written, and file/layer/geometry/crs also in their
 *    own members (file resolved against the study's directory).
 */
#include "io/io.h"

#include <ini.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Section index used while parsing: the layers, then [study], [model]. */
enum { SEC_NONE = -1, SEC_STUDY = STUDY_NLAYERS, SEC_MODEL, SEC_OUTPUT };

static const char *const layer_names[STUDY_NLAYERS] = {
	"schools", "zones", "population", "boundaries", "roads",
	"zone_boundaries"
};

/* Known fields per layer; NULL-terminated. Order = order in messages. */
static const char *const schools_fields[] = {
	"id", "name", "sector", "stages", "denomination", "gaelic", "x", "y",
	"capacity", "condition", "suitability", "roll", "zone", "council",
	"urban_rural", "type", "low_age", "high_age", NULL
};
static const char *const zones_fields[] = { "id", "name", "council", "x", "y", NULL };
static const char *const population_fields[] = {
	"zone", "age", "count", "total", "council", NULL
};
static const char *const boundaries_fields[] = { "id", "name", NULL };
/* [zone_boundaries]: the polygons point zones are drawn with, joined to
 * the zones by id (load/areas.c). */
static const char *const zone_boundaries_fields[] = { "id", NULL };
static const char *const roads_fields[] = {
	"id", "class", "form", "length", "start_node", "end_node", "oneway",
	"speed", NULL
};
static const char *const *const layer_fields[STUDY_NLAYERS] = {
	schools_fields, zones_fields, population_fields, boundaries_fields,
	roads_fields, zone_boundaries_fields
};

/* Options every layer takes, then the population-only ones. */
static const char *const common_opts[] = {
	"file", "layer", "geometry", "crs", "missing", "join", "join_on",
	"join_layer", "encoding", "join_encoding", NULL
};
static const char *const population_opts[] = { "year", "age_columns", NULL };
/*
 * Travel options of [roads]: k nearest schools kept per zone, the detour
 * factor and snapping tolerance of straight-line fallbacks, the speed
 * table (a path, resolved against the study's folder), and where points
 * join the roads (snap = link | node).
 */
static const char *const roads_opts[] = {
	"k", "detour_factor", "snap_tolerance_m", "speeds", "snap", NULL
};
/* Options of each layer beyond the common ones (NULL: none). */
static const char *const *const layer_opts[STUDY_NLAYERS] = {
	NULL, NULL, population_opts, NULL, roads_opts, NULL
};

/* scenarios: which files `estate run` evaluates (cli/cmd_run.c expands
 * the list; kept here as written, with its line for the messages). */
static const char *const study_keys[] = {
	"name", "crs", "base_year", "horizon_years", "output",
	"recommendation", "recommendation_file", "illustrative", "attribution",
	"scenarios", "threads", NULL
};

/*
 * [model] keys: the projection's choices and the files it reads. The words
 * and numbers are checked here, while the line is known; the files are
 * read by model/. Paths are resolved against the study's folder.
 */
static const char *const model_keys[] = {
	"method", "allocation", "stages", "parameters", "ppr", "catchment",
	"flows", "housing", "history", "progression_years", "detour_factor",
	"rc_share", "gaelic_share", "catchment_outside", "population_previous",
	"population_previous_year", "transport", "costs", "simd", "candidates",
	"landmass_gap_m", "ferries", "cross_boundary",
	"stage_rolls", "stage_rolls_years", "school_changes", "forecast",
	"births", "yield", "appraisal_years", "criteria", "consult",
	"deprivation", "deprivation_name", NULL
};
static const char *const model_path_keys[] = {
	"stages", "parameters", "ppr", "catchment", "flows", "housing",
	"history", "population_previous", "transport", "costs", "simd",
	"ferries", "school_changes", "forecast", "yield", "criteria", "consult",
	"deprivation", NULL
};
/*
 * Column mapping of the input tables, "<input>.<field> = COLUMN", the
 * same idea as a layer's "<field> = COLUMN": a council names its own
 * columns instead of renaming them. Each input's fields (the default
 * column names, used when a field is not mapped) are listed here so that
 * a misspelt field is caught at its line; "<input>.filter.<column> =
 * v1, v2" keeps rows as a layer's filter does. catchment also takes the
 * layer options of a polygon file (layer, geometry, crs).
 */
static const char *const housing_fields[] = {
	"site", "year", "units", "dwelling_type", "zone", "x", "y",
	"discount", NULL
};
static const char *const history_fields[] = {
	"school", "year", "stage", "pupils", NULL
};
static const char *const catchment_fields[] = {
	"zone", "school", "layer", "geometry", "crs", NULL
};
static const char *const flows_fields[] = {
	"zone", "school", "share", NULL
};
/* Ferry and fixed links between landmasses (load/land.c); crs: of the
 * port points, default the study's. */
static const char *const ferries_fields[] = {
	"name", "from_x", "from_y", "to_x", "to_y", "minutes", "sailings",
	"operator", "source", "crs", NULL
};
/* The Scottish Government list of schools opened and closed (io/changes.c),
 * for the data-quality report and the stage-roll history's mergers. */
static const char *const school_changes_fields[] = {
	"school", "status", "sector", "opened", "closed", "council", "name",
	"details", NULL
};
/* The published stage-roll tables (one file per census year): the key
 * columns and the markers, which change wording between years. */
static const char *const stage_rolls_fields[] = {
	"school", "type", "roll", "suppressed", "not_applicable",
	"simd_quintile", NULL
};
/* Zone deprivation (scenario/world.c): the zone and one of the measures,
 * 1 = most deprived. One input under two keys: simd = FILE (Scotland's
 * index, named SIMD) or deprivation = FILE with deprivation_name (any
 * other index, such as England's IMD); the same fields map either.
 * simd_quintile of stage_rolls is the prefix of the census's "pupils by
 * SIMD quintile" columns, the check of the file. */
static const char *const deprivation_fields[] = {
	"zone", "rank", "quintile", "decile", "vigintile", NULL
};
/* Options every [model] input takes, "<input>.encoding = windows-1252"
 * (the file's encoding, as a layer's encoding =; read by input/ or
 * io/changes.c through io_enc_declare). */
static const char *const model_input_opts[] = { "encoding", NULL };
static const char *const model_inputs[] = {
	"housing", "history", "catchment", "flows", "ferries",
	"school_changes", "stage_rolls", "simd", "deprivation", NULL
};
static const char *const *const model_input_fields[] = {
	housing_fields, history_fields, catchment_fields, flows_fields,
	ferries_fields, school_changes_fields, stage_rolls_fields,
	deprivation_fields, deprivation_fields
};

/* Parsing state shared by the reader and the handler. */
struct parse {
	const char *path;
	struct study *s;
	const char *text;       /* the whole file, NUL-terminated */
	size_t pos, len;
	int lineno;             /* line last handed to inih */
	int sec;                /* SEC_NONE, a layer kind or SEC_STUDY */
	int study_line;         /* line of [study], 0 if absent */
	int study_key_line[12]; /* line of each study_keys entry, 0 if absent */
	int output_line;        /* line of [output], 0 if absent */
	struct le_err err;      /* our first error ... */
	int err_line;           /* ... and its line (0 = none) */
};

/* ---------------------------------------------------------------- helpers */

static int in_list(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (strcmp(*list, word) == 0)
			return 1;
	return 0;
}

/* Record the first error of the parse with its line; returns 0 so that the
 * handler can `return fail(...)` (0 tells inih the line failed). */
static int fail(struct parse *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int fail(struct parse *p, const char *fmt, ...)
{
	va_list ap;

	if (p->err.code)
		return 0;
	p->err.code = LE_EPARSE;
	va_start(ap, fmt);
	vsnprintf(p->err.msg, sizeof(p->err.msg), fmt, ap);
	va_end(ap);
	p->err_line = p->lineno;
	return 0;
}

static void kv_add(struct study_kv **v, int *n, const char *key,
		   const char *val, int line)
{
	*v = xrealloc(*v, sizeof(**v) * ((size_t)*n + 1));
	(*v)[*n].key = xstrdup(key);
	(*v)[*n].val = xstrdup(val);
	(*v)[*n].line = line;
	(*n)++;
}

static const struct study_kv *kv_find(const struct study_kv *v, int n,
				      const char *key)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].key, key) == 0)
			return &v[i];
	return NULL;
}

static void kv_free(struct study_kv *v, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].val);
	}
	free(v);
}

/* Line of key anywhere in a layer section (every key lands in one of the
 * four lists), 0 if not yet given: the "given twice" check. */
static int layer_key_line(const struct study_layer *l, const char *key)
{
	const struct study_kv *kv;

	/* filters are keyed by column: "filter.LACode" is stored as "LACode". */
	if (strncmp(key, "filter.", 7) == 0)
		kv = kv_find(l->filters, l->nfilters, key + 7);
	else if (!(kv = kv_find(l->fields, l->nfields, key)) &&
		 !(kv = kv_find(l->maps, l->nmaps, key)))
		kv = kv_find(l->opts, l->nopts, key);
	if (kv)
		return kv->line;
	return 0;
}

/* "a, b, c" for messages: the words a planner may write instead. */
static void list_words(struct buf *b, const char *const *list)
{
	int i;

	for (i = 0; list[i]; i++) {
		if (i > 0)
			buf_adds(b, ", ");
		buf_adds(b, list[i]);
	}
}

/* ---------------------------------------------------------------- reader */

/*
 * Section header seen by the reader: remember where it is and check the
 * name now, so that an unknown or repeated section is reported at its own
 * line even when no key follows it. line is the text without indentation.
 */
static void section_start(struct parse *p, const char *line)
{
	const char *close = strchr(line, ']');
	char *name;
	int k, *seen;

	/* No ']': inih reports the line as a syntax error. */
	if (!close)
		return;
	name = le_trim(xstrndup(line + 1, (size_t)(close - line - 1)));
	p->sec = SEC_NONE;
	if (strcmp(name, "study") == 0) {
		p->sec = SEC_STUDY;
		seen = &p->study_line;
	} else if (strcmp(name, "model") == 0) {
		p->sec = SEC_MODEL;
		p->s->model.present = 1;
		seen = &p->s->model.line;
	} else if (strcmp(name, "output") == 0) {
		p->sec = SEC_OUTPUT;
		seen = &p->output_line;
	} else {
		for (k = 0; k < STUDY_NLAYERS; k++)
			if (strcmp(name, layer_names[k]) == 0)
				break;
		if (k == STUDY_NLAYERS) {
			fail(p, "%s:%d: unknown section '[%s]' (expected study, "
			     "schools, zones, population, boundaries, roads, "
			     "zone_boundaries, model or output)",
			     p->path, p->lineno, name);
			free(name);
			return;
		}
		p->sec = k;
		p->s->layers[k].present = 1;
		seen = &p->s->layers[k].line;
	}
	/* A second [schools] would silently merge into the first one. */
	if (*seen)
		fail(p, "%s:%d: [%s] is given twice (first on line %d)",
		     p->path, p->lineno, name, *seen);
	else
		*seen = p->lineno;
	free(name);
}

/*
 * inih's reader (fgets-like): copy the next line into str (size num),
 * without its line end and indentation. Returns NULL at the end of the
 * text, or to stop the parse after an error.
 */
static char *read_line(char *str, int num, void *stream)
{
	struct parse *p = stream;
	const char *line, *nl;
	size_t n, bad;

	if (p->err.code || p->pos >= p->len)
		return NULL;
	line = p->text + p->pos;
	nl = memchr(line, '\n', p->len - p->pos);
	n = nl ? (size_t)(nl - line) : p->len - p->pos;
	p->pos += n + (nl ? 1 : 0);
	p->lineno++;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	/* The length limit counts the line as written, indentation included,
	 * so that the message agrees with what an editor shows. */
	if (n > (size_t)num - 1) {
		fail(p, "%s:%d: line is longer than %d characters (shorten the "
		     "value or its path; a study line holds at most %d)",
		     p->path, p->lineno, num - 1, num - 1);
		return NULL;
	}
	/* A UTF-8 byte order mark (Windows editors) would hide a first
	 * "[study]" from section_start; inih would skip it, so do we. */
	if (p->lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
		line += 3;
		n -= 3;
	}
	/* Values reach the outputs (a study's name heads summary.html,
	 * file names and column names are quoted in messages): bytes in
	 * another encoding would make them invalid UTF-8 there. */
	if ((bad = io_utf8_bad(line, n)) < n) {
		fail(p, "%s:%d: text is not valid UTF-8 (byte 0x%02X, byte %zu of the line; save the file as UTF-8)",
		     p->path, p->lineno, (unsigned)(unsigned char)line[bad], bad + 1);
		return NULL;
	}
	while (n > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		n--;
	}
	memcpy(str, line, n);
	str[n] = '\0';
	if (str[0] == '[')
		section_start(p, str);
	return str;
}

/* ---------------------------------------------------------------- handler */

static int slurp(const char *path, char **out, size_t *len, struct le_err *err);

/* A [study] key. */
static int study_key(struct parse *p, const char *key, const char *val)
{
	struct study *s = p->s;
	long v;
	int i;

	for (i = 0; study_keys[i]; i++)
		if (strcmp(study_keys[i], key) == 0)
			break;
	if (!study_keys[i])
		return fail(p, "%s:%d: unknown key '%s' in [study] (expected "
			    "name, crs, base_year, horizon_years, output, recommendation, "
			    "recommendation_file, illustrative, attribution, scenarios or threads)",
			    p->path, p->lineno, key);
	/* attribution is a list: one line per data source, in file order. */
	if (strcmp(key, "attribution") == 0) {
		s->attribution = xrealloc(s->attribution, sizeof(char *) *
					  ((size_t)s->nattribution + 1));
		s->attribution[s->nattribution++] = xstrdup(val);
		return 1;
	}
	/* Twice is an error, not "last one wins": a planner editing a long
	 * file would otherwise change a value that a later line overrides.
	 * The recommendation comes from one of its two keys, not both. */
	if ((strcmp(key, "recommendation") == 0 || strcmp(key, "recommendation_file") == 0) &&
	    (p->study_key_line[5] || p->study_key_line[6]))
		return fail(p, "%s:%d: the recommendation is given twice in [study] (first "
			    "on line %d): use recommendation or recommendation_file",
			    p->path, p->lineno,
			    p->study_key_line[5] ? p->study_key_line[5] : p->study_key_line[6]);
	if (p->study_key_line[i])
		return fail(p, "%s:%d: '%s' is given twice in [study] (first "
			    "on line %d)", p->path, p->lineno, key,
			    p->study_key_line[i]);
	p->study_key_line[i] = p->lineno;

	if (strcmp(key, "name") == 0) {
		s->name = xstrdup(val);
	} else if (strcmp(key, "crs") == 0) {
		free(s->crs);   /* replaces the default */
		s->crs = xstrdup(val);
	} else if (strcmp(key, "base_year") == 0) {
		if (le_parse_long(val, &v) != 0)
			return fail(p, "%s:%d: base_year must be a year such as "
				    "2023, got '%s'", p->path, p->lineno, val);
		if (v < 1990 || v > 2100)
			return fail(p, "%s:%d: base_year must be between 1990 and "
				    "2100, got '%s'", p->path, p->lineno, val);
		s->base_year = (int)v;
	} else if (strcmp(key, "horizon_years") == 0) {
		if (le_parse_long(val, &v) != 0 || v < 1 || v > 50)
			return fail(p, "%s:%d: horizon_years must be a whole number "
				    "of years from 1 to 50, got '%s'",
				    p->path, p->lineno, val);
		s->horizon_years = (int)v;
	} else if (strcmp(key, "recommendation") == 0) {
		s->recommendation = xstrdup(val);
	} else if (strcmp(key, "recommendation_file") == 0) {
		/* Read now, while the line is known: a missing file is this
		 * line's error, not a surprise when the page is written. */
		char *path = le_path_join(s->dir, val), *text = NULL;
		size_t len = 0;
		struct le_err e;

		le_err_clear(&e);
		if (slurp(path, &text, &len, &e)) {
			free(text);
			free(path);
			return fail(p, "%s:%d: recommendation_file: %s", p->path, p->lineno, e.msg);
		}
		free(path);
		if (!text)
			text = xstrdup("");
		while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r' ||
				   text[len - 1] == ' ' || text[len - 1] == '\t'))
			text[--len] = '\0';
		s->recommendation = text;
	} else if (strcmp(key, "illustrative") == 0) {
		s->illustrative = xstrdup(val);
	} else if (strcmp(key, "scenarios") == 0) {
		s->scenarios = xstrdup(val);
		s->scenarios_line = p->lineno;
	} else if (strcmp(key, "threads") == 0) {
		/* A process setting, not a [roads] one: it changes how long
		 * the searches take, never their result, so it must stay out
		 * of the travel cache's key (which hashes [roads]). */
		if (le_threads_parse(val, &s->threads) != 0)
			return fail(p, "%s:%d: threads must be a whole number of threads "
				    "from 1 to %d, got '%s'", p->path, p->lineno,
				    LE_THREADS_MAX, val);
		s->threads_line = p->lineno;
	} else {
		/* output: relative to the study file, like the layer files. */
		free(s->output);
		s->output = le_path_join(s->dir, val);
	}
	return 1;
}

/*
 * An [output] key: database = PG:... (the PostGIS store of `estate run`,
 * kept as written: a connection, not a path) or schema = NAME (its
 * schema, instead of the one made from the study's name). Checked for
 * form here, while the line is known; io/pg.c checks the schema name.
 */
static int output_key(struct parse *p, const char *key, const char *val)
{
	struct study *s = p->s;
	char **slot;
	int *line;

	if (strcmp(key, "database") == 0) {
		slot = &s->database;
		line = &s->database_line;
	} else if (strcmp(key, "schema") == 0) {
		slot = &s->schema;
		line = &s->schema_line;
	} else {
		return fail(p, "%s:%d: unknown key '%s' in [output] (expected database or schema)",
			    p->path, p->lineno, key);
	}
	if (*line)
		return fail(p, "%s:%d: '%s' is given twice in [output] (first on line %d)",
			    p->path, p->lineno, key, *line);
	if (slot == &s->database && strncmp(val, "PG:", 3) != 0)
		/* The value is not echoed: it may hold a password. */
		return fail(p, "%s:%d: database must be a PostGIS connection starting "
			    "with 'PG:', such as 'PG:dbname=estate host=gis'", p->path, p->lineno);
	*slot = xstrdup(val);
	*line = p->lineno;
	return 1;
}

/*
 * A dotted [model] key: "<input>.<field> = COLUMN" or "<input>.filter.
 * <column> = values". Kept as written (model/ reads the tables); checked
 * here only for the input and field names, while the line is known.
 */
static int model_map_key(struct parse *p, const char *key, const char *val)
{
	struct study_model *m = &p->s->model;
	const struct study_kv *first = kv_find(m->kv, m->nkv, key);
	const char *dot = strchr(key, '.'), *field = dot + 1;
	char *input = xstrndup(key, (size_t)(dot - key));
	int i;
	struct buf b;

	for (i = 0; model_inputs[i]; i++)
		if (strcmp(model_inputs[i], input) == 0)
			break;
	free(input);
	buf_init(&b);
	if (!model_inputs[i]) {
		list_words(&b, model_inputs);
		fail(p, "%s:%d: unknown key '%s' in [model] (a column mapping "
		     "is <input>.<field> = COLUMN, input one of: %s)", p->path,
		     p->lineno, key, b.s);
		buf_release(&b);
		return 0;
	}
	if (strncmp(field, "filter.", 7) == 0 && field[7]) {
		/* Any column of the file: checked against the file by model/. */
	} else if (!in_list(model_input_fields[i], field) && !in_list(model_input_opts, field)) {
		list_words(&b, model_input_fields[i]);
		fail(p, "%s:%d: unknown field '%s' of %s in [model] (expected "
		     "%s.<field> with field one of: %s; or %s.encoding, "
		     "%s.filter.<column>)",
		     p->path, p->lineno, field, model_inputs[i], model_inputs[i],
		     b.s, model_inputs[i], model_inputs[i]);
		buf_release(&b);
		return 0;
	}
	buf_release(&b);
	if (first)
		return fail(p, "%s:%d: '%s' is given twice in [model] (first "
			    "on line %d)", p->path, p->lineno, key, first->line);
	kv_add(&m->kv, &m->nkv, key, val, p->lineno);
	return 1;
}

/* A [model] key: known, given once, its word or number in range. */
static int model_key(struct parse *p, const char *key, const char *val)
{
	struct study_model *m = &p->s->model;
	const struct study_kv *first = kv_find(m->kv, m->nkv, key);
	double v;
	long n;

	/* The opened/closed list had two keys; one now (io/changes.c). */
	if (strcmp(key, "closures") == 0 || strncmp(key, "closures.", 9) == 0)
		return fail(p, "%s:%d: [model] %s: the key is now school_changes "
			    "(the same opened/closed list; map its columns with "
			    "school_changes.<field> = COLUMN)", p->path, p->lineno, key);
	if (strchr(key, '.'))
		return model_map_key(p, key, val);
	if (!in_list(model_keys, key)) {
		struct buf b;

		buf_init(&b);
		list_words(&b, model_keys);
		fail(p, "%s:%d: unknown key '%s' in [model] (expected one of: "
		     "%s)", p->path, p->lineno, key, b.s);
		buf_release(&b);
		return 0;
	}
	if (first)
		return fail(p, "%s:%d: '%s' is given twice in [model] (first "
			    "on line %d)", p->path, p->lineno, key, first->line);
	if (strcmp(key, "method") == 0 && strcmp(val, "demand") != 0 &&
	    strcmp(val, "progression") != 0 && strcmp(val, "survival") != 0)
		return fail(p, "%s:%d: method must be demand, progression or "
			    "survival, got '%s'", p->path, p->lineno, val);
	/* capacity is estate run's policy; the projection calibrates with
	 * nearest under it (model.c). */
	if (strcmp(key, "allocation") == 0 && strcmp(val, "catchment") != 0 &&
	    strcmp(val, "nearest") != 0 && strcmp(val, "observed") != 0 &&
	    strcmp(val, "capacity") != 0)
		return fail(p, "%s:%d: allocation must be catchment, nearest, "
			    "observed or capacity, got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "candidates") == 0 &&
	    (le_parse_long(val, &n) != 0 || n < 1 || n > 32))
		return fail(p, "%s:%d: candidates must be a whole number from 1 "
			    "to 32 (schools per zone, sector and stream), got '%s'",
			    p->path, p->lineno, val);
	/* The whole-life cost's period (scenario/cost.c): the Green Book
	 * rates are tabled to 75 years. */
	if (strcmp(key, "appraisal_years") == 0 &&
	    (le_parse_long(val, &n) != 0 || n < 1 || n > 75))
		return fail(p, "%s:%d: appraisal_years must be a whole number "
			    "of years from 1 to 75, got '%s'", p->path,
			    p->lineno, val);
	if (strcmp(key, "progression_years") == 0 &&
	    (le_parse_long(val, &n) != 0 || n < 1 || n > 20))
		return fail(p, "%s:%d: progression_years must be a whole number "
			    "of years from 1 to 20, got '%s'", p->path,
			    p->lineno, val);
	if (strcmp(key, "detour_factor") == 0 &&
	    (le_parse_double(val, &v) != 0 || v < 1 || v > 5))
		return fail(p, "%s:%d: detour_factor must be a number from 1 to "
			    "5 (road distance over straight-line distance), got "
			    "'%s'", p->path, p->lineno, val);
	if (strcmp(key, "cross_boundary") == 0 && strcmp(val, "yes") != 0 &&
	    strcmp(val, "no") != 0)
		return fail(p, "%s:%d: cross_boundary must be yes or no (may pupils "
			    "be placed in another council's schools), got '%s'",
			    p->path, p->lineno, val);
	if (strcmp(key, "landmass_gap_m") == 0 &&
	    (le_parse_double(val, &v) != 0 || v < 0 || v > 5000))
		return fail(p, "%s:%d: landmass_gap_m must be a distance in metres "
			    "from 0 to 5000 (zone polygons closer than this are one "
			    "landmass), got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "rc_share") == 0 &&
	    (le_parse_double(val, &v) != 0 || v < 0 || v > 1))
		return fail(p, "%s:%d: rc_share must be a share from 0 to 1, "
			    "got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "gaelic_share") == 0 &&
	    (le_parse_double(val, &v) != 0 || v < 0 || v > 1))
		return fail(p, "%s:%d: gaelic_share must be a share from 0 to 1, "
			    "got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "births") == 0 && strcmp(val, "hold") != 0 &&
	    strcmp(val, "trend") != 0)
		return fail(p, "%s:%d: births must be hold or trend, got '%s'",
			    p->path, p->lineno, val);
	if (strcmp(key, "catchment_outside") == 0 && strcmp(val, "nearest") != 0 &&
	    strcmp(val, "error") != 0)
		return fail(p, "%s:%d: catchment_outside must be nearest or error, "
			    "got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "population_previous_year") == 0 &&
	    (le_parse_long(val, &n) != 0 || n < 1900 || n > 2100))
		return fail(p, "%s:%d: population_previous_year must be a year "
			    "such as 2020, got '%s'", p->path, p->lineno, val);
	if (strcmp(key, "stage_rolls") == 0) {
		/* A list of files, one per census year: each resolved against
		 * the study's folder, kept as "path, path, ...". */
		struct buf b;
		char *copy = xstrdup(val), *tok, *save = NULL;

		buf_init(&b);
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *path = le_path_join(p->s->dir, le_trim(tok));

			if (b.len)
				buf_adds(&b, ", ");
			buf_adds(&b, path);
			free(path);
		}
		kv_add(&m->kv, &m->nkv, key, b.s ? b.s : "", p->lineno);
		buf_release(&b);
		free(copy);
	} else if (in_list(model_path_keys, key)) {
		char *path = le_path_join(p->s->dir, val);

		kv_add(&m->kv, &m->nkv, key, path, p->lineno);
		free(path);
	} else {
		kv_add(&m->kv, &m->nkv, key, val, p->lineno);
	}
	return 1;
}

/* "unknown field" message: the layer's fields, then its options. */
static int unknown_field(struct parse *p, int kind, const char *key)
{
	struct buf b;

	buf_init(&b);
	/* Fields first: a misspelt key is most often a field. The options
	 * follow so that "fiel = x" also shows the word meant. */
	list_words(&b, layer_fields[kind]);
	buf_adds(&b, "; or an option: ");
	list_words(&b, common_opts);
	if (layer_opts[kind]) {
		buf_adds(&b, ", ");
		list_words(&b, layer_opts[kind]);
	}
	buf_adds(&b, ", filter.<column> or <field>.<value>");
	fail(p, "%s:%d: unknown field '%s' in [%s] (expected one of: %s)",
	     p->path, p->lineno, key, layer_names[kind], b.s);
	buf_release(&b);
	return 0;
}

/* A key of a layer section. */
static int layer_key(struct parse *p, int kind, const char *key,
		     const char *val)
{
	struct study_layer *l = &p->s->layers[kind];
	const char *dot = strchr(key, '.');
	int first = layer_key_line(l, key);
	long v;

	if (first)
		return fail(p, "%s:%d: '%s' is given twice in [%s] (first on "
			    "line %d)", p->path, p->lineno, key,
			    layer_names[kind], first);

	/*
	 * A dot makes a key one of two forms: filter.<column>, where the
	 * column is the file's and may be anything, or <field>.<word>, a
	 * value map, where the part before the dot must be our field (so a
	 * misspelt field is caught here too).
	 */
	if (dot) {
		size_t flen = (size_t)(dot - key);

		if (flen == 6 && strncmp(key, "filter", 6) == 0) {
			if (!dot[1])
				return fail(p, "%s:%d: '%s' needs a column name "
					    "(filter.<column> = value, value)",
					    p->path, p->lineno, key);
			/* Kept as written: the loader splits on commas. */
			kv_add(&l->filters, &l->nfilters, dot + 1, val, p->lineno);
			return 1;
		}
		{
			char *field = xstrndup(key, flen);
			int known = in_list(layer_fields[kind], field);

			free(field);
			if (!known)
				return unknown_field(p, kind, key);
		}
		if (!dot[1])
			return fail(p, "%s:%d: '%s' needs the file's word after "
				    "the dot (<field>.<word in the file> = <our "
				    "word>)", p->path, p->lineno, key);
		kv_add(&l->maps, &l->nmaps, key, val, p->lineno);
		return 1;
	}

	if (in_list(layer_fields[kind], key)) {
		kv_add(&l->fields, &l->nfields, key, val, p->lineno);
		return 1;
	}
	if (!in_list(common_opts, key) &&
	    !(layer_opts[kind] && in_list(layer_opts[kind], key)))
		return unknown_field(p, kind, key);
	{
		/* Travel numbers are checked here, while the line is known. */
		double d;
		if (strcmp(key, "k") == 0 &&
		    (le_parse_long(val, &v) != 0 || v < 1 || v > 50))
			return fail(p, "%s:%d: k must be a whole number of schools from 1 to 50, got '%s'",
				    p->path, p->lineno, val);
		if (strcmp(key, "detour_factor") == 0 &&
		    (le_parse_double(val, &d) != 0 || d < 1 || d > 5))
			return fail(p, "%s:%d: detour_factor must be a number from 1 to 5 (straight line to road distance), got '%s'",
				    p->path, p->lineno, val);
		if (strcmp(key, "snap_tolerance_m") == 0 &&
		    (le_parse_double(val, &d) != 0 || d < 0))
			return fail(p, "%s:%d: snap_tolerance_m must be a distance in metres (0 or more), got '%s'",
				    p->path, p->lineno, val);
		if (strcmp(key, "snap") == 0 && strcmp(val, "link") != 0 && strcmp(val, "node") != 0)
			return fail(p, "%s:%d: snap must be link (the nearest point of a road) or node (the nearest junction), got '%s'",
				    p->path, p->lineno, val);
	}

	/* year is checked now, while the line is known; age_columns and the
	 * CRS are names, checked by load/ and geo/ against the data. */
	if (strcmp(key, "year") == 0 &&
	    (le_parse_long(val, &v) != 0 || v < 1900 || v > 2100))
		return fail(p, "%s:%d: year must be a year such as 2021, got "
			    "'%s'", p->path, p->lineno, val);
	kv_add(&l->opts, &l->nopts, key, val, p->lineno);
	if (strcmp(key, "file") == 0) {
		l->file_given = xstrdup(val);
		/* A database connection (PG:dbname=...) is not a path. */
		l->file = strncmp(val, "PG:", 3) == 0 ? xstrdup(val) : le_path_join(p->s->dir, val);
		l->file_line = p->lineno;
	} else if (strcmp(key, "join") == 0 && strncmp(val, "PG:", 3) != 0) {
		/* Stored resolved, like file. */
		struct study_kv *kv = &l->opts[l->nopts - 1];
		free(kv->val);
		kv->val = le_path_join(p->s->dir, val);
	} else if (strcmp(key, "layer") == 0) {
		l->layer = xstrdup(val);
	} else if (strcmp(key, "geometry") == 0) {
		l->geometry = xstrdup(val);
	} else if (strcmp(key, "crs") == 0) {
		l->crs = xstrdup(val);
		l->crs_line = p->lineno;
	} else if (strcmp(key, "speeds") == 0) {
		/* Stored resolved, like file, so users name it as they see it. */
		struct study_kv *kv = &l->opts[l->nopts - 1];
		free(kv->val);
		kv->val = le_path_join(p->s->dir, val);
	}
	return 1;
}

/* inih calls this for every "key = value"; returning 0 marks an error. */
static int handler(void *user, const char *section, const char *key,
		   const char *val)
{
	struct parse *p = user;

	(void)section;  /* the reader tracks sections, with their lines */
	/* After our first error inih still calls us for the rest of the line
	 * it holds; the reader stops it at the next line. */
	if (p->err.code)
		return 0;
	/* An empty value would mean "no column" for some keys and be an
	 * error for others; refusing it everywhere keeps one rule: leave the
	 * line out (or comment it out) instead. */
	if (!*val)
		return fail(p, "%s:%d: '%s' has no value (write '%s = ...' or "
			    "leave the line out)", p->path, p->lineno, key, key);
	if (p->sec == SEC_NONE)
		return fail(p, "%s:%d: '%s' comes before any section (start "
			    "the file with [study])", p->path, p->lineno, key);
	if (p->sec == SEC_STUDY)
		return study_key(p, key, val);
	if (p->sec == SEC_MODEL)
		return model_key(p, key, val);
	if (p->sec == SEC_OUTPUT)
		return output_key(p, key, val);
	return layer_key(p, p->sec, key, val);
}

/* ---------------------------------------------------------------- file */

/* The whole file as one NUL-terminated string (malloc'd) in *out. */
static int slurp(const char *path, char **out, size_t *len,
		 struct le_err *err)
{
	FILE *fp = fopen(path, "rb");
	struct buf b;
	char chunk[4096];
	size_t n;
	int rc = LE_OK;

	buf_init(&b);
	if (!fp) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path,
			     strerror(errno));
		goto done;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(fp))
		rc = le_errf(err, LE_EIO, "cannot read '%s': %s", path,
			     strerror(errno));
done:
	if (fp)
		fclose(fp);
	/* The buffer's string is handed over as is (buf_detach would leave a
	 * fresh empty buffer behind to free). */
	*len = b.len;
	*out = b.s;
	return rc;
}

/* Text of line `lineno` (1-based) without indentation or line end, for the
 * syntax error message; malloc'd. */
static char *line_text(const char *text, size_t len, int lineno)
{
	const char *a = text, *end = text + len, *nl;
	int i;

	for (i = 1; i < lineno && a < end; i++) {
		nl = memchr(a, '\n', (size_t)(end - a));
		a = nl ? nl + 1 : end;
	}
	nl = memchr(a, '\n', (size_t)(end - a));
	return le_trim(xstrndup(a, nl ? (size_t)(nl - a) : (size_t)(end - a)));
}

/*
 * The zone deprivation input is one: simd = FILE or deprivation = FILE,
 * not both (which would the equity KPIs count?). deprivation needs the
 * index's name, which every label of the deprived fifth carries ("IMD
 * 2019 most deprived 20 %"); a name with no input names nothing.
 */
static int check_deprivation(const char *path, const struct study *s,
			     struct le_err *err)
{
	const struct study_model *m = &s->model;
	const struct study_kv *simd = kv_find(m->kv, m->nkv, "simd");
	const struct study_kv *dep = kv_find(m->kv, m->nkv, "deprivation");
	const struct study_kv *name = kv_find(m->kv, m->nkv, "deprivation_name");

	if (simd && dep)
		return le_errf(err, LE_EPARSE, "%s:%d: [model] simd and deprivation "
			       "both name a deprivation file (the other on line %d): "
			       "give one of the two", path,
			       simd->line > dep->line ? simd->line : dep->line,
			       simd->line > dep->line ? dep->line : simd->line);
	if (dep && !name)
		return le_errf(err, LE_EPARSE, "%s:%d: [model] deprivation needs "
			       "deprivation_name = NAME, the index's name in the "
			       "reports (e.g. IMD 2019)", path, dep->line);
	if (name && !dep && !simd)
		return le_errf(err, LE_EPARSE, "%s:%d: [model] deprivation_name "
			       "without a deprivation file (add deprivation = FILE)",
			       path, name->line);
	/* Labels are built in fixed buffers and must stay readable in a
	 * table: a name is a short title, not a sentence. */
	if (name && (!*name->val || strlen(name->val) > STUDY_DEP_NAME_MAX))
		return le_errf(err, LE_EPARSE, "%s:%d: [model] deprivation_name must "
			       "be 1 to %d characters (the index's name in the reports, "
			       "e.g. IMD 2019), got '%s'", path, name->line,
			       STUDY_DEP_NAME_MAX, name->val);
	return LE_OK;
}

/* The checks that need the whole file: required keys and sections. */
static int check_required(const char *path, struct study *s,
			  struct le_err *err)
{
	const struct study_layer *l, *first = NULL;
	int k;

	if (!s->base_year)
		return le_errf(err, LE_EPARSE, "%s: [study] needs base_year (the "
			       "census year of the school roll, e.g. 2023)", path);
	if (!s->layers[STUDY_SCHOOLS].present)
		return le_errf(err, LE_EPARSE, "%s: the study needs a [schools] "
			       "section naming the school file", path);
	/* Of the layers without a file, report the one highest in the file. */
	for (k = 0; k < STUDY_NLAYERS; k++) {
		l = &s->layers[k];
		if (l->present && !l->file && (!first || l->line < first->line))
			first = l;
	}
	if (first)
		return le_errf(err, LE_EPARSE, "%s:%d: [%s] needs 'file = ...'",
			       path, first->line,
			       layer_names[first - s->layers]);
	return check_deprivation(path, s, err);
}

int io_study_read(const char *path, struct study *s, struct le_err *err)
{
	struct parse p;
	char *text = NULL, *bad;
	size_t len;
	int rc, ret;

	memset(s, 0, sizeof(*s));
	memset(&p, 0, sizeof(p));
	rc = slurp(path, &text, &len, err);
	if (rc)
		goto done;
	s->path = xstrdup(path);
	s->dir = le_dirname(path);
	s->crs = xstrdup("EPSG:27700");
	s->horizon_years = 15;

	p.path = path;
	p.s = s;
	p.text = text;
	p.len = len;
	p.sec = SEC_NONE;
	ret = ini_parse_stream(read_line, &p, handler, &p);
	/*
	 * ret is the first line inih found wrong: a syntax error of its own
	 * or a line our handler refused. Our message is better when it is
	 * ours; a syntax error on an earlier line comes first, though.
	 */
	if (ret > 0 && (!p.err.code || ret < p.err_line)) {
		bad = line_text(text, len, ret);
		rc = le_errf(err, LE_EPARSE, "%s:%d: expected 'key = value', a "
			     "[section] or a comment, got '%s'", path, ret, bad);
		free(bad);
		goto done;
	}
	if (ret < 0) {
		/* Only possible when inih cannot allocate its line buffer. */
		rc = le_errf(err, LE_EIO, "cannot read '%s': out of memory", path);
		goto done;
	}
	if (p.err.code) {
		rc = le_errf(err, p.err.code, "%s", p.err.msg);
		goto done;
	}
	if (!s->output)
		s->output = le_path_join(s->dir, "output");
	rc = check_required(path, s, err);
done:
	free(text);
	if (rc)
		io_study_release(s);
	return rc;
}

void io_study_release(struct study *s)
{
	int k;

	if (!s)
		return;
	for (k = 0; k < STUDY_NLAYERS; k++) {
		struct study_layer *l = &s->layers[k];

		free(l->file);
		free(l->file_given);
		free(l->layer);
		free(l->geometry);
		free(l->crs);
		kv_free(l->fields, l->nfields);
		kv_free(l->maps, l->nmaps);
		kv_free(l->filters, l->nfilters);
		kv_free(l->opts, l->nopts);
	}
	kv_free(s->model.kv, s->model.nkv);
	free(s->path);
	free(s->dir);
	free(s->name);
	free(s->crs);
	free(s->output);
	free(s->database);
	free(s->schema);
	free(s->recommendation);
	free(s->illustrative);
	for (k = 0; k < s->nattribution; k++)
		free(s->attribution[k]);
	free(s->attribution);
	free(s->scenarios);
	memset(s, 0, sizeof(*s));
}

const char *study_layer_name(int kind)
{
	return kind >= 0 && kind < STUDY_NLAYERS ? layer_names[kind] : NULL;
}

const char *study_get(const struct study_layer *l, const char *key)
{
	const struct study_kv *kv;

	/* file: the resolved path, the one a reader opens. */
	if (strcmp(key, "file") == 0)
		return l->file;
	if ((kv = kv_find(l->fields, l->nfields, key)) ||
	    (kv = kv_find(l->opts, l->nopts, key)))
		return kv->val;
	return NULL;
}

int study_line(const struct study_layer *l, const char *key)
{
	const struct study_kv *kv;

	if ((kv = kv_find(l->fields, l->nfields, key)) ||
	    (kv = kv_find(l->opts, l->nopts, key)))
		return kv->line;
	return 0;
}

const char *study_model_get(const struct study *s, const char *key, int *line)
{
	const struct study_kv *kv = kv_find(s->model.kv, s->model.nkv, key);

	if (line)
		*line = kv ? kv->line : 0;
	return kv ? kv->val : NULL;
}
