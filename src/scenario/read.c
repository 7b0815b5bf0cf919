/*
 * read.c: reading and validating a scenario file.
 *
 * The file is INI (io_ini_read: sections keep their header lines, so two
 * [close] sections stay two changes). [scenario] names the scenario; every
 * other section is one change named by its kind. Checks that need one
 * section are made while reading it (unknown key, school or zone, a
 * missing key, a year out of range, a negative number, a new school
 * outside the region); checks across sections (closed twice, a change to
 * a closed or not-yet-open school, capacity below zero) are made after,
 * in year order, so the file's order does not matter.
 *
 * A programme ([scenario] include = a, b) reads other scenario files into
 * the same scenario, depth first, each change keeping its own file and
 * line (ch->path); checks across its files (a school one project closes
 * and another changes, two new schools of one id, a cycle, a file twice)
 * name both places. Schools are named by id or unique name through one
 * lookup, scenario_school_find, which also offers the closest names.
 * [housing] file = a CSV goes through the study's housing reader
 * (model_housing_read), so a table row and a section are one change.
 *
 * Invariants: messages are "path:line: [section] what"; the line is the
 * key's when a value is wrong, the header's when a key is missing; on
 * failure the scenario is empty and the world is as it was.
 *
 * Why so strict: a scenario is an option put to a board (and, for a rural
 * closure, to statutory consultation under the Schools (Consultation)
 * (Scotland) Act 2010), so a change that silently does nothing (a misspelt
 * school, a year past the horizon) would make two options look different
 * when they are not. Every doubt is an error naming file, line and
 * section.
 *
 * Ownership: new schools are appended to the shared world (w->s) with
 * owner = this scenario's index, and their strings go to w->owned; other
 * scenarios see them as absent. sort_sc below is a static, so scenarios
 * are read from one thread only.
 */
#include "scenario/scenario.h"
#include "geo/geo.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const kind_names[SCENARIO_NKINDS] = {
	"close", "merge", "new", "extend", "reduce", "catchment", "refurbish", "housing"
};

/* Keys each kind takes; NULL-terminated; "year" for all. */
/* land_cost, demolition_cost, decant_cost: capital the change gives
 * (GBP) beyond its works, for the whole-life cost (cost.c). */
#define GIVEN_COSTS "land_cost", "demolition_cost", "decant_cost"
static const char *const kind_keys[SCENARIO_NKINDS][16] = {
	{ "year", "school", GIVEN_COSTS, NULL },
	{ "year", "schools", "site", "capacity", "phasing", GIVEN_COSTS, NULL },
	{ "year", "id", "name", "sector", "x", "y", "capacity", "denomination", "condition",
	  "cost", GIVEN_COSTS, NULL },
	{ "year", "school", "places", "cost", GIVEN_COSTS, NULL },
	{ "year", "school", "places", NULL },
	{ "year", "zones", "school", "phasing", "stream", NULL },
	{ "year", "school", "condition", "suitability", "cost", GIVEN_COSTS, NULL },
	{ "year", "id", "zone", "x", "y", "units", "dwelling", "discount", "file", NULL },
};

const char *scenario_kind_name(int kind)
{
	return kind >= 0 && kind < SCENARIO_NKINDS ? kind_names[kind] : "?";
}

const char *scenario_policy_name(int policy)
{
	static const char *const names[] = { "catchment", "nearest", "capacity" };

	return policy >= 0 && policy <= SCENARIO_CAPACITY ? names[policy] : "?";
}

const char *scenario_status_name(int status)
{
	static const char *const names[] = {
		"absent", "open", "closed", "new", "planned", "extended", "reduced"
	};

	return status >= 0 && status < SCENARIO_NSTATUS ? names[status] : "?";
}

/* Parsing state of one file. */
struct rd {
	const char *path;
	struct scenario_world *w;
	int index;              /* the scenario's position in the run */
	int nbefore;            /* w->n before this file (rollback) */
	int nowned_before;
	struct le_err *err;
	struct scenario *sc;    /* the scenario being read */
	int head;               /* line of the top file's [scenario] */
};

static char *own(struct scenario_world *w, const char *s)
{
	ALLOC_GROW(w->owned, w->nowned + 1, w->owned_alloc);
	return w->owned[w->nowned++] = xstrdup(s);
}

/* A school by id: the region's, or a new one of this same scenario. */
static int find_school(const struct rd *d, const char *id)
{
	/* Region schools first: a new school may not reuse an existing id
	 * (checked in read_change), so the two searches never both match. */
	int k = region_school(d->w->r, id);

	if (k >= 0)
		return k;
	for (k = d->w->nbase; k < d->w->n; k++)
		if (d->w->s[k].owner == d->index && strcmp(d->w->s[k].id, id) == 0)
			return k;
	return -1;
}

/* ---------------------------------------------------------------- names */

/* s lowercased (ASCII), runs of white space as one space, ends trimmed:
 * the form names are compared in, so "Lorne  primary school " is
 * "lorne primary school". malloc'd. */
static char *norm_name(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	int space = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
			space = o > out;
			continue;
		}
		if (space)
			*o++ = ' ';
		space = 0;
		*o++ = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	*o = '\0';
	return out;
}

/*
 * Edit distance (Levenshtein: insert, delete, replace one byte) from a
 * to b in *full, and in the return value the least distance from a to
 * any prefix of b. The prefix distance is what ranks suggestions: a
 * planner types the start of a name ("Lorn Primary" for "Lorne Primary
 * School"), so the words left off the end should not count against it.
 */
static size_t edit_distance(const char *a, const char *b, size_t *full)
{
	size_t la = strlen(a), lb = strlen(b), i, j, best;
	size_t *prev = xmalloc(sizeof(size_t) * (lb + 1));
	size_t *cur = xmalloc(sizeof(size_t) * (lb + 1)), *tmp;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t sub = prev[j - 1] + (a[i - 1] != b[j - 1]);
			size_t del = prev[j] + 1, ins = cur[j - 1] + 1;

			cur[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
		}
		tmp = prev;
		prev = cur;
		cur = tmp;
	}
	*full = prev[lb];
	best = prev[0];
	for (j = 1; j <= lb; j++)
		if (prev[j] < best)
			best = prev[j];
	free(prev);
	free(cur);
	return best;
}

/* May scenario `owner` name world school k? The region's schools, and
 * the new schools of that scenario (another's are absent from it). */
static int visible(const struct scenario_world *w, int owner, int k)
{
	return w->s[k].owner < 0 || w->s[k].owner == owner;
}

/* A suggestion: school k at (prefix distance, full distance). */
struct near {
	size_t d, full;
	int k;
};

static int near_cmp(const void *a, const void *b)
{
	const struct near *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	if (x->full != y->full)
		return x->full < y->full ? -1 : 1;
	return x->k < y->k ? -1 : x->k > y->k;
}

int scenario_school_find(const struct scenario_world *w, int owner,
			 const char *ref, struct buf *why)
{
	char *want = norm_name(ref);
	struct near *v = NULL;
	int k, found = -1, nmatch = 0, nv = 0, i;
	size_t limit;

	/* An id first, exactly as the school file writes it: ids are what
	 * the outputs and the other files use, and a school whose name is
	 * another's id would otherwise be reachable two ways. */
	for (k = 0; k < w->n; k++)
		if (visible(w, owner, k) && strcmp(w->s[k].id, ref) == 0) {
			found = k;
			goto done;
		}
	for (k = 0; k < w->n; k++) {
		char *name;

		if (!visible(w, owner, k) || !w->s[k].name)
			continue;
		name = norm_name(w->s[k].name);
		if (*want && strcmp(name, want) == 0) {
			if (!nmatch++)
				found = k;
		}
		free(name);
	}
	if (nmatch == 1)
		goto done;
	found = -1;
	if (nmatch > 1) {
		/* Two schools of one name (Edinburgh has two St Mary's
		 * primaries): guessing would change the wrong one. */
		buf_addf(why, "school name '%s' is ambiguous: it names", ref);
		for (k = 0, i = 0; k < w->n; k++) {
			char *name;

			if (!visible(w, owner, k) || !w->s[k].name)
				continue;
			name = norm_name(w->s[k].name);
			if (strcmp(name, want) == 0)
				buf_addf(why, "%s %s %s", i++ ? "," : "", w->s[k].id, w->s[k].name);
			free(name);
		}
		buf_adds(why, " (write the id)");
		goto done;
	}
	/* Unknown: the closest ids and names. A suggestion must be near
	 * enough to be the meant school (a third of the typed length, at
	 * least 2 edits); a word that resembles nothing gets none. */
	limit = strlen(want) / 3 > 2 ? strlen(want) / 3 : 2;
	v = xmalloc(sizeof(*v) * ((size_t)w->n + 1));
	for (k = 0; k < w->n; k++) {
		size_t fid, fname = (size_t)-1, did, dname = (size_t)-1;
		char *id, *name;

		if (!visible(w, owner, k))
			continue;
		/* An id is typed whole: its prefix distance would let "1"
		 * match every id starting with 1, so the full one counts. */
		id = norm_name(w->s[k].id);
		(void)edit_distance(want, id, &fid);
		did = fid;
		if (w->s[k].name) {
			name = norm_name(w->s[k].name);
			dname = edit_distance(want, name, &fname);
			free(name);
		}
		free(id);
		if (did < dname || (did == dname && fid < fname)) {
			dname = did;
			fname = fid;
		}
		if (dname <= limit) {
			v[nv].d = dname;
			v[nv].full = fname;
			v[nv++].k = k;
		}
	}
	qsort(v, (size_t)nv, sizeof(*v), near_cmp);
	/* Only those about as close as the closest: one edit away from
	 * "Lorne Primary School", a name four edits away is noise. */
	for (i = 1; i < nv; i++)
		if (v[i].d > (v[0].d > 0 ? 2 * v[0].d : 1))
			nv = i;
	buf_addf(why, "unknown school '%s'", ref);
	if (!nv)
		buf_adds(why, " (not an id or a name of the study's schools)");
	for (i = 0; i < nv && i < 3; i++) {
		const struct scenario_school *ks = &w->s[v[i].k];
		/* The name too, unless it only repeats the id. */
		int named = ks->name && strcmp(ks->name, ks->id) != 0;

		buf_addf(why, "%s%s%s%s", i == 0 ? ": did you mean " :
			 i == (nv < 3 ? nv : 3) - 1 ? " or " : ", ", ks->id,
			 named ? " " : "", named ? ks->name : "");
	}
	if (nv)
		buf_addc(why, '?');
done:
	free(v);
	free(want);
	return found;
}

static const struct io_ini_entry *get(const struct io_ini *ini, int sec_line,
				      const char *key)
{
	int i;

	for (i = 0; i < ini->n; i++)
		if (ini->v[i].section_line == sec_line && strcmp(ini->v[i].key, key) == 0)
			return &ini->v[i];
	return NULL;
}

/* `phasing = intake | all` of a [catchment] or [merge]: intake unless
 * the section says all (councils re-zone and merge for new intakes and
 * let the pupils already placed finish where they are). */
static int phasing_key(struct rd *d, const struct io_ini *ini,
		       const struct io_ini_section *sec, struct scenario_change *ch)
{
	const struct io_ini_entry *e = get(ini, sec->line, "phasing");

	ch->phasing = SCENARIO_PHASE_INTAKE;
	if (!e)
		return LE_OK;
	if (strcmp(e->val, "intake") == 0)
		return LE_OK;
	if (strcmp(e->val, "all") == 0) {
		ch->phasing = SCENARIO_PHASE_ALL;
		return LE_OK;
	}
	return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] phasing must be intake (new P1/S1 intakes from the year, "
		       "the other stages year by year) or all (every stage in the year), got '%s'",
		       d->path, e->line, sec->name, e->val);
}

/* `stream = ` of a [catchment]: the one stream it moves (le_stream_parse,
 * the study's names), which its school must serve; no key, every
 * stream the school serves (ch->streams 0). A Gaelic-medium unit's
 * catchment is drawn apart from its host school's, so without the key
 * a Gaelic catchment would move the host's English-medium pupils too. */
static int stream_key(struct rd *d, const struct io_ini *ini,
		      const struct io_ini_section *sec, struct scenario_change *ch)
{
	const struct io_ini_entry *e = get(ini, sec->line, "stream");
	int t, g, served = 0;

	ch->streams = 0;
	if (!e)
		return LE_OK;
	if ((t = le_stream_parse(e->val)) < 0)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] stream must be %s, got '%s'",
			       d->path, e->line, sec->name, le_stream_choices(), e->val);
	for (g = 0; g < d->w->grp.nkg; g++)
		served |= SCENARIO_GROUP_STREAM(g) == t && scenario_school_serves(d->w, &d->w->s[ch->school], g);
	/* A stream the school does not teach would move nobody: refused,
	 * not a change that silently does nothing. */
	if (!served)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' has no %s stream",
			       d->path, e->line, sec->name, d->w->s[ch->school].id, le_stream_label(t));
	ch->streams = 1u << t;
	return LE_OK;
}

static int need(const struct rd *d, const struct io_ini *ini,
		const struct io_ini_section *sec, const char *key,
		const struct io_ini_entry **out)
{
	if (!(*out = get(ini, sec->line, key)))
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] needs '%s = ...'",
			       d->path, sec->line, sec->name, key);
	return LE_OK;
}

/* A school key's value (an id or a unique name) to a world index, every
 * key through the one lookup so that names work wherever ids do. */
static int school_key(const struct rd *d, const struct io_ini_section *sec,
		      const struct io_ini_entry *e, const char *id, int *out)
{
	struct buf why;
	int rc;

	buf_init(&why);
	if ((*out = scenario_school_find(d->w, d->index, id, &why)) < 0) {
		rc = le_errf(d->err, LE_EDATA, "%s:%d: [%s] %s", d->path, e->line, sec->name, why.s);
		buf_release(&why);
		return rc;
	}
	buf_release(&why);
	if (d->w->s[*out].sector == LE_SPECIAL)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' is a special school: its pupils are not placed by geography, so closing or changing it is not modelled",
			       d->path, e->line, sec->name, d->w->s[*out].id);
	return LE_OK;
}

static int num(const struct rd *d, const struct io_ini_section *sec,
	       const struct io_ini_entry *e, const char *what, int nonneg,
	       double *out)
{
	if (le_parse_double(e->val, out) != 0)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] %s must be %s, got '%s'",
			       d->path, e->line, sec->name, e->key, what, e->val);
	/* LE_EDATA, not LE_EPARSE: the value is a number, but not a
	 * possible one. */
	if (nonneg && *out < 0)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] %s cannot be below zero, got '%s'",
			       d->path, e->line, sec->name, e->key, e->val);
	return LE_OK;
}

/* Split "a, b, c" into a malloc'd array of trimmed words (*n of them). */
static char **split(const char *s, int *n)
{
	char *copy = xstrdup(s), *p = copy, *c;
	char **v = NULL;

	*n = 0;
	for (;;) {
		c = strchr(p, ',');
		if (c)
			*c = '\0';
		v = xrealloc(v, sizeof(*v) * ((size_t)*n + 1));
		v[(*n)++] = xstrdup(le_trim(p));
		if (!c)
			break;
		p = c + 1;
	}
	free(copy);
	return v;
}

static void free_words(char **v, int n)
{
	int i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Is (x, y) inside the region: a zone polygon or a council boundary?
 * Without either, nothing can be said and the answer is yes. */
static int in_region(const struct scenario_world *w, double x, double y)
{
	if (!w->zone_ix && !w->council_ix)
		return 1;
	return (w->zone_ix && geo_index_find(w->zone_ix, x, y) >= 0) ||
	       (w->council_ix && geo_index_find(w->council_ix, x, y) >= 0);
}

/* The section of one change into ch. */
static int read_change(struct rd *d, const struct io_ini *ini,
		       const struct io_ini_section *sec, int kind,
		       struct scenario_change *ch)
{
	const struct model *m = d->w->m;
	const struct io_ini_entry *e;
	char **words = NULL;
	int nwords = 0, i, j, rc;
	long y;
	double v;

	memset(ch, 0, sizeof(*ch));
	ch->kind = kind;
	ch->path = d->path;
	ch->line = sec->line;
	/* -1 marks "not given" for school, places and cost, so the
	 * evaluation can fall back (cost from models/costs.ini rates when
	 * none is given). */
	ch->school = -1;
	ch->places = -1;
	ch->cost_gbp = -1;
	/* Unknown keys first: a misspelt key is likelier than a missing one. */
	for (i = 0; i < ini->n; i++) {
		if (ini->v[i].section_line != sec->line)
			continue;
		for (j = 0; kind_keys[kind][j]; j++)
			if (strcmp(kind_keys[kind][j], ini->v[i].key) == 0)
				break;
		if (!kind_keys[kind][j]) {
			struct buf b;

			buf_init(&b);
			for (j = 0; kind_keys[kind][j]; j++)
				buf_addf(&b, "%s%s", j ? ", " : "", kind_keys[kind][j]);
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [%s] unknown key '%s' (expected %s)",
				     d->path, ini->v[i].line, sec->name, ini->v[i].key, b.s);
			buf_release(&b);
			return rc;
		}
	}
	if ((rc = need(d, ini, sec, "year", &e)))
		return rc;
	if (le_parse_long(e->val, &y) != 0)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] year must be a year such as 2026, got '%s'",
			       d->path, e->line, sec->name, e->val);
	/* Changes are bounded by the projection: before the base year the
	 * past is observed data, after the horizon there is no roll to
	 * apply them to. */
	if (y < m->base_year)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] year %ld is before the base year %d",
			       d->path, e->line, sec->name, y, m->base_year);
	if (y > m->base_year + m->nyears - 1)
		return le_errf(d->err, LE_EDATA, "%s:%d: [%s] year %ld is after the horizon %d",
			       d->path, e->line, sec->name, y, m->base_year + m->nyears - 1);
	ch->year = (int)y;
	/* Costs a change may give whatever its kind (the key lists above
	 * say which kinds take them); 0 when not given. */
	if (((e = get(ini, sec->line, "land_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->land_gbp))) ||
	    ((e = get(ini, sec->line, "demolition_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->demolition_gbp))) ||
	    ((e = get(ini, sec->line, "decant_cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->decant_gbp))) ||
	    (kind == SCENARIO_NEW && (e = get(ini, sec->line, "cost")) &&
	     (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp))))
		return rc;

	switch (kind) {
	case SCENARIO_CLOSE:
	case SCENARIO_EXTEND:
	case SCENARIO_REDUCE:
	case SCENARIO_REFURBISH:
		if ((rc = need(d, ini, sec, "school", &e)) ||
		    (rc = school_key(d, sec, e, e->val, &ch->school)))
			return rc;
		if (kind == SCENARIO_EXTEND || kind == SCENARIO_REDUCE) {
			if ((rc = need(d, ini, sec, "places", &e)) ||
			    (rc = num(d, sec, e, "a number of places", 1, &ch->places)))
				return rc;
			if (kind == SCENARIO_EXTEND && (e = get(ini, sec->line, "cost")) &&
			    (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp)))
				return rc;
			/* Extending a school of unknown capacity would
			 * produce a capacity that is only the added
			 * places; refuse rather than invent a baseline. */
			if (d->w->s[ch->school].capacity < 0)
				return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' has no capacity to %s",
					       d->path, sec->line, sec->name, d->w->s[ch->school].id,
					       kind_names[kind]);
		}
		if (kind == SCENARIO_REFURBISH) {
			if ((rc = need(d, ini, sec, "condition", &e)))
				return rc;
			if ((ch->condition = le_grade_parse(e->val)) <= 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] condition must be a grade A, B, C or D, got '%s'",
					       d->path, e->line, sec->name, e->val);
			if ((e = get(ini, sec->line, "suitability")) &&
			    (ch->suitability = le_grade_parse(e->val)) <= 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] suitability must be a grade A, B, C or D, got '%s'",
					       d->path, e->line, sec->name, e->val);
			if ((e = get(ini, sec->line, "cost")) &&
			    (rc = num(d, sec, e, "an amount in GBP", 1, &ch->cost_gbp)))
				return rc;
		}
		break;
	case SCENARIO_MERGE:
		if ((rc = need(d, ini, sec, "schools", &e)))
			return rc;
		words = split(e->val, &nwords);
		if (nwords < 2) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [merge] schools must name two or more schools, comma-separated, got '%s'",
				     d->path, e->line, e->val);
			goto done;
		}
		ch->schools = xmalloc(sizeof(int) * (size_t)nwords);
		ch->nschools = nwords;
		for (i = 0; i < nwords; i++) {
			if ((rc = school_key(d, sec, e, words[i], &ch->schools[i])))
				goto done;
			for (j = 0; j < i; j++)
				if (ch->schools[j] == ch->schools[i]) {
					rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] school '%s' is named twice",
						     d->path, e->line, words[i]);
					goto done;
				}
			/* A merged school keeps one stream: merging an RC
			 * and a non-denominational school would move
			 * pupils across streams, which is a policy
			 * decision outside what a merge models. */
			if (d->w->s[ch->schools[i]].sector != d->w->s[ch->schools[0]].sector ||
			    d->w->s[ch->schools[i]].stream != d->w->s[ch->schools[0]].stream) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] '%s' and '%s' are not of one sector and denomination",
					     d->path, e->line, words[0], words[i]);
				goto done;
			}
		}
		/* The site (the school that stays open) defaults to the
		 * first named; the others close into it. */
		ch->school = ch->schools[0];
		if ((e = get(ini, sec->line, "site"))) {
			int site;

			/* Looked up like the schools, so the site may be
			 * named by id or name whichever way they were. */
			if ((rc = school_key(d, sec, e, e->val, &site)))
				goto done;
			for (i = 0; i < nwords && ch->schools[i] != site; i++)
				;
			if (i == nwords) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [merge] site '%s' is not one of the schools merged",
					     d->path, e->line, e->val);
				goto done;
			}
			ch->school = site;
		}
		if (((e = get(ini, sec->line, "capacity")) &&
		     (rc = num(d, sec, e, "a number of places", 1, &ch->places))) ||
		    (rc = phasing_key(d, ini, sec, ch)))
			goto done;
		break;
	case SCENARIO_NEW: {
		struct scenario_school ns;
		const struct io_ini_entry *ex, *ey;

		memset(&ns, 0, sizeof(ns));
		if ((rc = need(d, ini, sec, "id", &e)))
			return rc;
		if ((i = find_school(d, e->val)) >= 0) {
			/* Another [new] of this scenario (in a programme,
			 * maybe another project's): point at it. */
			for (j = 0; j < d->sc->n; j++)
				if (d->sc->v[j].kind == SCENARIO_NEW && d->sc->v[j].school == i)
					return le_errf(d->err, LE_EDATA, "%s:%d: [new] school id '%s' is already taken by the new school of %s:%d",
						       d->path, e->line, e->val, d->sc->v[j].path, d->sc->v[j].line);
			return le_errf(d->err, LE_EDATA, "%s:%d: [new] school id '%s' is already taken",
				       d->path, e->line, e->val);
		}
		ns.id = e->val;
		ns.name = (e = get(ini, sec->line, "name")) ? e->val : ns.id;
		if ((rc = need(d, ini, sec, "sector", &e)))
			return rc;
		ns.sector = le_sector_parse(e->val);
		/* Special schools are not placed by geography, so a new
		 * one has nothing to model. */
		if (ns.sector != LE_PRIMARY && ns.sector != LE_SECONDARY)
			return le_errf(d->err, LE_EPARSE, "%s:%d: [new] sector must be primary or secondary, got '%s'",
				       d->path, e->line, e->val);
		ns.stages = le_stages_bits(&d->w->r->stages, ns.sector);
		ns.stream = MODEL_ND;
		if ((e = get(ini, sec->line, "denomination"))) {
			if (le_strcaseeq(e->val, "roman catholic") || le_strcaseeq(e->val, "rc"))
				ns.stream = MODEL_RC;
			else if (!le_strcaseeq(e->val, "non-denominational"))
				return le_errf(d->err, LE_EPARSE, "%s:%d: [new] denomination must be non-denominational or roman catholic, got '%s'",
					       d->path, e->line, e->val);
		}
		if ((rc = need(d, ini, sec, "x", &ex)) || (rc = need(d, ini, sec, "y", &ey)) ||
		    (rc = num(d, sec, ex, "an easting in the study's CRS (metres)", 0, &ns.x)) ||
		    (rc = num(d, sec, ey, "a northing in the study's CRS (metres)", 0, &ns.y)))
			return rc;
		/* Coordinates outside the region are almost always a
		 * swapped x/y or a lon/lat pair; the school would snap to
		 * a far road and distort every KPI. */
		if (!in_region(d->w, ns.x, ns.y))
			return le_errf(d->err, LE_EGEO, "%s:%d: [new] school '%s' at (%.0f, %.0f) is outside the region (in no zone and no council boundary)",
				       d->path, ex->line, ns.id, ns.x, ns.y);
		if ((rc = need(d, ini, sec, "capacity", &e)) ||
		    (rc = num(d, sec, e, "a number of places", 1, &ns.capacity)))
			return rc;
		/* A new build is graded A unless the file says otherwise. */
		ns.condition = ns.suitability = LE_GRADE_A;
		if ((e = get(ini, sec->line, "condition")) &&
		    (ns.condition = le_grade_parse(e->val)) <= 0)
			return le_errf(d->err, LE_EPARSE, "%s:%d: [new] condition must be a grade A, B, C or D, got '%s'",
				       d->path, e->line, e->val);
		ns.council = d->w->council_ix ? geo_index_find(d->w->council_ix, ns.x, ns.y) : -1;
		ns.owner = d->index;
		ns.src_line = sec->line;
		/* ns.id and ns.name pointed into the INI buffer, which is
		 * released below: copy them into the world before it goes. */
		ns.id = own(d->w, ns.id);
		ns.name = own(d->w, ns.name);
		ALLOC_GROW(d->w->s, d->w->n + 1, d->w->alloc);
		ch->school = d->w->n;
		d->w->s[d->w->n++] = ns;
		break;
	}
	case SCENARIO_CATCHMENT_CHANGE:
		if ((rc = need(d, ini, sec, "school", &e)) ||
		    (rc = school_key(d, sec, e, e->val, &ch->school)) ||
		    (rc = phasing_key(d, ini, sec, ch)) ||
		    (rc = stream_key(d, ini, sec, ch)) ||
		    (rc = need(d, ini, sec, "zones", &e)))
			return rc;
		words = split(e->val, &nwords);
		ch->zones = xmalloc(sizeof(int) * (size_t)nwords);
		ch->nzones = nwords;
		for (i = 0; i < nwords; i++)
			if ((ch->zones[i] = region_zone(d->w->r, words[i])) < 0) {
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [catchment] unknown zone '%s'",
					     d->path, e->line, words[i]);
				goto done;
			}
		break;
	case SCENARIO_HOUSING: {
		struct model_site *st = &ch->site;
		const struct io_ini_entry *ex, *ey;

		st->year = ch->year;
		/* A housing site without an id is named by its section, so
		 * messages and the model's per-site output still name it. */
		st->id = xstrdup((e = get(ini, sec->line, "id")) ? e->val : sec->name);
		if ((e = get(ini, sec->line, "zone"))) {
			if ((st->zone = region_zone(d->w->r, e->val)) < 0)
				return le_errf(d->err, LE_EDATA, "%s:%d: [housing] unknown zone '%s'",
					       d->path, e->line, e->val);
		} else if ((ex = get(ini, sec->line, "x")) && (ey = get(ini, sec->line, "y"))) {
			double x, yy;

			if ((rc = num(d, sec, ex, "an easting (metres)", 0, &x)) ||
			    (rc = num(d, sec, ey, "a northing (metres)", 0, &yy)))
				return rc;
			/* Housing pupils are added to a zone's demand, so
			 * a site in no zone has nowhere to go: an error,
			 * not a silent loss of pupils. */
			if (!d->w->zone_ix || (st->zone = geo_index_find(d->w->zone_ix, x, yy)) < 0)
				return le_errf(d->err, LE_EGEO, "%s:%d: [housing] site at (%.0f, %.0f) is in no zone",
					       d->path, ex->line, x, yy);
		} else {
			return le_errf(d->err, LE_EPARSE, "%s:%d: [housing] needs 'zone = ...' or 'x = ...' and 'y = ...'",
				       d->path, sec->line);
		}
		if ((rc = need(d, ini, sec, "units", &e)) ||
		    (rc = num(d, sec, e, "a number of dwellings", 1, &v)))
			return rc;
		st->units = v;
		/* A delivery discount, as the tables have: the share of the
		 * units not expected to be built. */
		if ((e = get(ini, sec->line, "discount"))) {
			if ((rc = num(d, sec, e, "a delivery discount from 0 to 1", 1, &v)))
				return rc;
			if (v > 1)
				return le_errf(d->err, LE_EDATA, "%s:%d: [housing] discount must be a delivery discount from 0 to 1, got '%s'",
					       d->path, e->line, e->val);
			st->units *= 1 - v;
		}
		st->dwelling = MODEL_HOUSE;
		if ((e = get(ini, sec->line, "dwelling"))) {
			if (strcmp(e->val, "flat") == 0)
				st->dwelling = MODEL_FLAT;
			else if (strcmp(e->val, "house") != 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [housing] dwelling must be house or flat, got '%s'",
					       d->path, e->line, e->val);
		}
		break;
	}
	}
	rc = LE_OK;
done:
	free_words(words, nwords);
	return rc;
}

/*
 * [housing] file = sites.csv: a housing trajectory as a table rather
 * than one [housing] section per site and year (a council's housing land
 * audit runs to hundreds of rows). The file is relative to the scenario
 * file; its columns and checks are the study's housing input's
 * (model_housing_read: site, zone or x and y, year, units,
 * dwelling_type, optional discount), and each row becomes a [housing]
 * change of its year, the very change a section makes. Errors
 * "file:line: column 'x': expected ..., got '...'". [housing_trajectory]
 * file = is the older spelling of the same.
 */
static int read_housing_file(struct rd *d, const struct io_ini *ini,
			     const struct io_ini_section *sec, struct scenario *sc)
{
	const struct io_ini_entry *e = NULL;
	struct model_site *sites = NULL;
	struct le_diags diags;
	struct stat st;
	char *dir = NULL, *path = NULL;
	int i, n = 0, rc;

	for (i = 0; i < ini->n; i++)
		if (ini->v[i].section_line == sec->line) {
			if (strcmp(ini->v[i].key, "file") != 0)
				return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] with 'file = ...' takes no other key, got '%s' (the table gives each site's year, units and place)",
					       d->path, ini->v[i].line, sec->name, ini->v[i].key);
			e = &ini->v[i];
		}
	if (!e)
		return le_errf(d->err, LE_EPARSE, "%s:%d: [%s] needs 'file = ...'", d->path, sec->line, sec->name);
	dir = le_dirname(d->path);
	path = le_path_join(dir, e->val);
	le_diags_init(&diags);
	if (stat(path, &st) != 0) {
		rc = le_errf(d->err, LE_EIO, "%s:%d: [%s] no file '%s' (looked for %s)",
			     d->path, e->line, sec->name, e->val, path);
		goto done;
	}
	/* No study mapping: a scenario's table uses the documented column
	 * names (the study's mapping and filters are for its own input). */
	if ((rc = model_housing_read(d->w->m, NULL, path, 1, NULL, d->w->zone_ix,
				     &sites, &n, &diags, d->err)))
		goto done;
	for (i = 0; i < n; i++) {
		struct scenario_change *ch;

		sc->v = xrealloc(sc->v, sizeof(*sc->v) * ((size_t)sc->n + 1));
		ch = &sc->v[sc->n++];
		memset(ch, 0, sizeof(*ch));
		ch->kind = SCENARIO_HOUSING;
		ch->path = d->path;
		ch->line = sec->line;
		ch->school = -1;
		ch->places = -1;
		ch->cost_gbp = -1;
		ch->year = sites[i].year;
		/* The site (its id too) moves into the change. */
		ch->site = sites[i];
		sites[i].id = NULL;
	}
done:
	for (i = 0; i < n; i++)
		free(sites[i].id);
	free(sites);
	le_diags_release(&diags);
	free(dir);
	free(path);
	return rc;
}

/* Changes in year order (read order within a year: a file's own order,
 * and in a programme its includes' in include order), for the checks. */
static const struct scenario *sort_sc;
static int by_year(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	const struct scenario_change *x = &sort_sc->v[i];
	const struct scenario_change *y = &sort_sc->v[j];

	if (x->year != y->year)
		return x->year < y->year ? -1 : 1;
	return i < j ? -1 : i > j;
}

/* The schools change ch names: *n of them into the return value (borrowed
 * from ch, or one). Housing and new schools name none here. */
static const int *touched(const struct scenario_change *ch, int *n)
{
	if (ch->kind == SCENARIO_HOUSING || ch->kind == SCENARIO_NEW) {
		*n = 0;
		return NULL;
	}
	if (ch->kind == SCENARIO_MERGE) {
		*n = ch->nschools;
		return ch->schools;
	}
	*n = 1;
	return &ch->school;
}

/* Does ch close school k (a [close] of it, or a [merge] into another)? */
static int closes(const struct scenario_change *ch, int k)
{
	int i;

	if (ch->kind == SCENARIO_CLOSE)
		return ch->school == k;
	if (ch->kind == SCENARIO_MERGE)
		for (i = 0; i < ch->nschools; i++)
			if (ch->schools[i] == k)
				return k != ch->school;
	return 0;
}

/*
 * A programme's projects are independent proposals: if one closes a
 * school, another that changes it (closes it again, extends, refurbishes,
 * re-zones or merges it), in whatever year, was written for an estate
 * where it stays open, and adding them up gives a figure neither
 * project's author meant. Refused, naming both changes. Within one file
 * the year order decides (check_order).
 */
static int check_projects(struct rd *d, struct scenario *sc)
{
	int i, j, a, b, na, nb;

	/* One housing site in two projects (both read granton.csv, say)
	 * would count its homes twice. Sites are matched by id; an
	 * unnamed [housing] section's id is its section name, which says
	 * nothing, so it is left out. */
	for (i = 0; i < sc->n; i++) {
		const struct scenario_change *x = &sc->v[i];

		if (x->kind != SCENARIO_HOUSING || strcmp(x->site.id, "housing") == 0)
			continue;
		for (j = i + 1; j < sc->n; j++) {
			const struct scenario_change *y = &sc->v[j];

			if (y->kind == SCENARIO_HOUSING && y->path != x->path &&
			    strcmp(y->site.id, x->site.id) == 0)
				return le_errf(d->err, LE_EDATA, "%s:%d: [housing] site '%s' is also added by %s:%d, another project of the programme: its homes would count twice",
					       y->path, y->line, y->site.id, x->path, x->line);
		}
	}
	for (i = 0; i < sc->n; i++) {
		const int *ka = touched(&sc->v[i], &na);

		for (a = 0; a < na; a++) {
			if (!closes(&sc->v[i], ka[a]))
				continue;
			for (j = 0; j < sc->n; j++) {
				const struct scenario_change *ch = &sc->v[j];
				const int *kb = touched(ch, &nb);

				if (ch->path == sc->v[i].path)
					continue;
				for (b = 0; b < nb; b++)
					if (kb[b] == ka[a])
						return le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' is closed by %s:%d ([%s]), another project of the programme: the two cannot both apply",
							       ch->path, ch->line, kind_names[ch->kind],
							       d->w->s[ka[a]].id, sc->v[i].path, sc->v[i].line,
							       kind_names[sc->v[i].kind]);
			}
		}
	}
	return LE_OK;
}

/* Cross-section checks, walking the changes in year order. */
static int check_order(struct rd *d, struct scenario *sc)
{
	struct scenario_world *w = d->w;
	/* Sized w->n + 1 (and sc->n + 1) so empty worlds and scenarios
	 * still get valid allocations. cap replays capacity changes so a
	 * reduce is judged against the capacity after earlier extends and
	 * reduces. closer: the change that closed the school, -1 open. */
	int *order = xmalloc(sizeof(int) * ((size_t)sc->n + 1));
	int *closer = xmalloc(sizeof(int) * ((size_t)w->n + 1));
	int *open_year = xcalloc((size_t)w->n + 1, sizeof(int));
	double *cap = xmalloc(sizeof(double) * ((size_t)w->n + 1));
	int i, j, rc;

	if ((rc = check_projects(d, sc)))
		goto done;
	for (i = 0; i < w->n; i++) {
		cap[i] = w->s[i].capacity;
		closer[i] = -1;
	}
	for (i = 0; i < sc->n; i++) {
		order[i] = i;
		if (sc->v[i].kind == SCENARIO_NEW)
			open_year[sc->v[i].school] = sc->v[i].year;
	}
	sort_sc = sc;
	qsort(order, (size_t)sc->n, sizeof(int), by_year);
	for (i = 0; i < sc->n && !rc; i++) {
		struct scenario_change *ch = &sc->v[order[i]];
		const char *kn = kind_names[ch->kind];
		const int *ks;
		int n;

		/* Housing names no school; a new school's opening was
		 * recorded above as open_year, the year before which no
		 * change may touch it. */
		ks = touched(ch, &n);
		for (j = 0; j < n && !rc; j++) {
			int k = ks[j];

			if (closer[k] >= 0)
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' is already closed by the change on line %d",
					     ch->path, ch->line, kn, w->s[k].id, sc->v[closer[k]].line);
			else if (open_year[k] > ch->year)
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [%s] school '%s' opens only in %d",
					     ch->path, ch->line, kn, w->s[k].id, open_year[k]);
		}
		if (rc)
			break;
		/* Remembered so that the second close can point at the
		 * first. */
		for (j = 0; j < n; j++)
			if (closes(ch, ks[j]))
				closer[ks[j]] = order[i];
		if (ch->kind == SCENARIO_EXTEND)
			cap[ch->school] += ch->places;
		if (ch->kind == SCENARIO_REDUCE) {
			cap[ch->school] -= ch->places;
			if (cap[ch->school] < 0)
				rc = le_errf(d->err, LE_EDATA, "%s:%d: [reduce] capacity of school '%s' would fall below zero (%.0f places left, %.0f removed)",
					     ch->path, ch->line, w->s[ch->school].id,
					     cap[ch->school] + ch->places, ch->places);
		}
	}
done:
	free(order);
	free(closer);
	free(open_year);
	free(cap);
	return rc;
}

/* A file read into the scenario: where it is (device and inode, so two
 * spellings of one path are one file) and which include named it. */
struct seen {
	dev_t dev;
	ino_t ino;
	const char *path;       /* borrowed from the scenario */
	const char *by_path;    /* the including file and line; NULL: top */
	int by_line;
};

/* The state of one read: every file met, and the chain of includes being
 * read (for the cycle message). */
struct incl {
	struct seen *v;
	int n;
	const char **chain;
	int nchain;
};

/* The path an include word names, relative to the including file's
 * folder, ".ini" added when it does not end so (new-granton:
 * new-granton.ini beside it; ../projects/close-hillwood). malloc'd. */
static char *include_path(const char *from, const char *word)
{
	size_t len = strlen(word);
	char *dir = le_dirname(from), *p, *name = NULL;

	if (len < 4 || strcmp(word + len - 4, ".ini") != 0) {
		name = xmalloc(len + 5);
		memcpy(name, word, len);
		memcpy(name + len, ".ini", 5);
	}
	p = le_path_join(dir, name ? name : word);
	free(name);
	free(dir);
	return p;
}

static int read_file(struct rd *d, const char *path, struct scenario *sc,
		     struct incl *inc, int top);

/*
 * The file in dir whose [scenario] name is word (a scenario's name and
 * its file's name often differ: merge-abbeyhill is in
 * merge-abbeyhill-royalmile.ini). Returns the path (malloc'd), NULL if
 * none; *nfound counts the files of that name (2+: ambiguous, the first
 * two in name order into first and second, malloc'd).
 */
static char *by_scenario_name(const char *dir, const char *word, int *nfound,
			      char **second)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **names = NULL, *found = NULL;
	int n = 0, i, j;

	*nfound = 0;
	*second = NULL;
	if (!dp)
		return NULL;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);

		if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0)
			continue;
		names = xrealloc(names, sizeof(*names) * ((size_t)n + 1));
		names[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	/* Name order, so "ambiguous" names the same two files every time. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];

			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		char *path = le_path_join(dir, names[i]);
		struct io_ini ini;
		struct le_err e;
		int k, hit = 0;

		/* A file that is not INI is no scenario: its error is
		 * not the user's concern here. */
		le_err_clear(&e);
		if (io_ini_read(path, &ini, &e) == LE_OK) {
			for (k = 0; k < ini.n; k++)
				if (strcmp(ini.v[k].key, "name") == 0 && ini.v[k].section_line &&
				    strcmp(ini.v[k].val, word) == 0)
					for (j = 0; j < ini.nsecs; j++)
						hit |= ini.secs[j].line == ini.v[k].section_line &&
						       strcmp(ini.secs[j].name, "scenario") == 0;
			io_ini_release(&ini);
		}
		if (hit && ++*nfound == 1)
			found = path;
		else if (hit && *nfound == 2)
			*second = path;
		else
			free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return found;
}

/* [scenario] include = a, b: each file read into sc in turn (its
 * changes before the including file's own), e the key. */
static int read_includes(struct rd *d, const struct io_ini_entry *e,
			 struct scenario *sc, struct incl *inc)
{
	char **words, *dir = le_dirname(d->path), *alt = NULL, *second = NULL;
	int nwords, i, j, nfound, rc = LE_OK;

	words = split(e->val, &nwords);
	for (i = 0; i < nwords && !rc; i++) {
		char *p = include_path(d->path, words[i]);
		struct stat st;

		if (!*words[i]) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [scenario] include has an empty name in '%s'",
				     d->path, e->line, e->val);
		} else if (stat(p, &st) != 0 && !strchr(words[i], '/') &&
			   (alt = by_scenario_name(dir, words[i], &nfound, &second)) && nfound > 1) {
			rc = le_errf(d->err, LE_EDATA, "%s:%d: [scenario] include: '%s' is the name of more than one scenario (%s and %s): name the file",
				     d->path, e->line, words[i], alt, second);
		} else if (!alt && stat(p, &st) != 0) {
			rc = le_errf(d->err, LE_EIO, "%s:%d: [scenario] include: no scenario file '%s' (looked for %s, and for a [scenario] of that name in %s)",
				     d->path, e->line, words[i], p, dir);
		} else if (alt && stat(alt, &st) != 0) {
			rc = le_errf(d->err, LE_EIO, "%s:%d: [scenario] include: cannot read '%s'",
				     d->path, e->line, alt);
		} else {
			if (alt) {
				free(p);
				p = alt;
				alt = NULL;
			}
			for (j = 0; j < inc->n; j++)
				if (inc->v[j].dev == st.st_dev && inc->v[j].ino == st.st_ino)
					break;
			if (j < inc->n) {
				/* On the chain being read: a cycle, shown
				 * whole; else met before: its changes are
				 * in already, and twice would double them. */
				int c, on_chain = 0;

				for (c = 0; c < inc->nchain; c++)
					on_chain |= inc->chain[c] == inc->v[j].path;
				if (on_chain) {
					struct buf b;

					buf_init(&b);
					for (c = 0; c < inc->nchain; c++)
						if (b.len || inc->chain[c] == inc->v[j].path)
							buf_addf(&b, "%s includes ", inc->chain[c]);
					buf_adds(&b, p);
					rc = le_errf(d->err, LE_EDATA, "%s:%d: [scenario] include: a cycle: %s",
						     d->path, e->line, b.s);
					buf_release(&b);
				} else if (inc->v[j].by_path) {
					rc = le_errf(d->err, LE_EDATA, "%s:%d: [scenario] include: '%s' is already included by %s:%d (its changes would count twice)",
						     d->path, e->line, words[i], inc->v[j].by_path, inc->v[j].by_line);
				} else {
					rc = le_errf(d->err, LE_EDATA, "%s:%d: [scenario] include: '%s' is this programme itself",
						     d->path, e->line, words[i]);
				}
			} else {
				struct rd sub = *d;

				/* The path lives as long as the scenario:
				 * its changes point at it. */
				sc->files = xrealloc(sc->files, sizeof(*sc->files) * ((size_t)sc->nfiles + 1));
				sc->files[sc->nfiles++] = p;
				p = NULL;
				inc->v = xrealloc(inc->v, sizeof(*inc->v) * ((size_t)inc->n + 1));
				inc->v[inc->n].dev = st.st_dev;
				inc->v[inc->n].ino = st.st_ino;
				inc->v[inc->n].path = sc->files[sc->nfiles - 1];
				inc->v[inc->n].by_path = d->path;
				inc->v[inc->n++].by_line = e->line;
				sub.path = sc->files[sc->nfiles - 1];
				rc = read_file(&sub, sub.path, sc, inc, 0);
			}
		}
		free(p);
		free(alt);
		free(second);
		alt = second = NULL;
	}
	free_words(words, nwords);
	free(dir);
	return rc;
}

/*
 * One file into sc: its [scenario] keys (name, description and
 * allocation only when top: a programme's own; an included project's are
 * read for their checks and left), its includes, then its changes, each
 * with this file's path and its line.
 */
static int read_file(struct rd *d, const char *path, struct scenario *sc,
		     struct incl *inc, int top)
{
	struct io_ini ini;
	const struct io_ini_entry *include = NULL;
	char *name = NULL;
	int rc, i, j, kind, have_head = 0;

	if ((rc = io_ini_read(path, &ini, d->err)))
		return rc;
	for (i = 0; i < ini.n; i++)
		if (!ini.v[i].section_line) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: '%s' comes before any section (start the file with [scenario])",
				     path, ini.v[i].line, ini.v[i].key);
			goto done;
		}
	/* [scenario] first, wherever it stands: the includes' changes come
	 * before the file's own. */
	for (i = 0; i < ini.nsecs; i++) {
		const struct io_ini_section *sec = &ini.secs[i];

		if (strcmp(sec->name, "scenario") != 0)
			continue;
		if (have_head) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: [scenario] is given twice (first on line %d)",
				     path, sec->line, have_head);
			goto done;
		}
		have_head = sec->line;
		for (j = 0; j < ini.n; j++) {
			const struct io_ini_entry *e = &ini.v[j];
			int pol;

			if (e->section_line != sec->line)
				continue;
			if (strcmp(e->key, "name") == 0) {
				free(name);
				name = xstrdup(e->val);
			} else if (strcmp(e->key, "description") == 0) {
				if (top) {
					free(sc->description);
					sc->description = xstrdup(e->val);
				}
			} else if (strcmp(e->key, "allocation") == 0) {
				pol = strcmp(e->val, "catchment") == 0 ? SCENARIO_CATCHMENT :
				      strcmp(e->val, "nearest") == 0 ? SCENARIO_NEAREST :
				      strcmp(e->val, "capacity") == 0 ? SCENARIO_CAPACITY : -1;
				if (pol < 0) {
					rc = le_errf(d->err, LE_EPARSE, "%s:%d: [scenario] allocation must be catchment, nearest or capacity, got '%s'",
						     path, e->line, e->val);
					goto done;
				}
				if (top)
					sc->policy = pol;
			} else if (strcmp(e->key, "include") == 0) {
				include = e;
			} else {
				rc = le_errf(d->err, LE_EPARSE, "%s:%d: [scenario] unknown key '%s' (expected name, description, allocation or include)",
					     path, e->line, e->key);
				goto done;
			}
		}
	}
	if (!have_head) {
		rc = le_errf(d->err, LE_EPARSE, "%s: the file needs a [scenario] section with 'name = ...'", path);
		goto done;
	}
	if (!name) {
		rc = le_errf(d->err, LE_EPARSE, "%s:%d: [scenario] needs 'name = ...'", path, have_head);
		goto done;
	}
	if (include) {
		inc->chain = xrealloc(inc->chain, sizeof(*inc->chain) * ((size_t)inc->nchain + 1));
		inc->chain[inc->nchain++] = path;
		rc = read_includes(d, include, sc, inc);
		inc->nchain--;
		if (rc)
			goto done;
	}
	for (i = 0; i < ini.nsecs; i++) {
		const struct io_ini_section *sec = &ini.secs[i];

		if (strcmp(sec->name, "scenario") == 0)
			continue;
		/* The option's own parameters (override.c), from the file
		 * run only: a project's own assumptions would otherwise
		 * silently apply to the whole programme that includes it. */
		if (strcmp(sec->name, "model") == 0 || strcmp(sec->name, "costs") == 0) {
			if (!top) {
				rc = le_errf(d->err, LE_EPARSE, "%s:%d: [%s] in an included project: "
					     "a programme's own assumptions go in the file that includes it",
					     path, sec->line, sec->name);
				goto done;
			}
			if ((rc = scenario_override_read(path, &ini, sec, sc, d->err)))
				goto done;
			continue;
		}
		if (strcmp(sec->name, "housing_trajectory") == 0 ||
		    (strcmp(sec->name, "housing") == 0 && get(&ini, sec->line, "file"))) {
			if ((rc = read_housing_file(d, &ini, sec, sc)))
				goto done;
			continue;
		}
		for (kind = 0; kind < SCENARIO_NKINDS; kind++)
			if (strcmp(sec->name, kind_names[kind]) == 0)
				break;
		if (kind == SCENARIO_NKINDS) {
			rc = le_errf(d->err, LE_EPARSE, "%s:%d: unknown section '[%s]' (expected scenario, close, merge, new, extend, reduce, catchment, refurbish, housing, housing_trajectory, model or costs)",
				     path, sec->line, sec->name);
			goto done;
		}
		sc->v = xrealloc(sc->v, sizeof(*sc->v) * ((size_t)sc->n + 1));
		rc = read_change(d, &ini, sec, kind, &sc->v[sc->n]);
		sc->n++;   /* even on failure: release frees what it holds */
		if (rc)
			goto done;
	}
	if (top) {
		sc->name = name;
		name = NULL;
		d->head = have_head;
	}
done:
	free(name);
	io_ini_release(&ini);
	return rc;
}

int scenario_read(const char *path, struct scenario_world *w, int index,
		  struct scenario *sc, struct le_err *err)
{
	struct rd d;
	struct incl inc;
	struct stat st;
	int rc, i;

	memset(sc, 0, sizeof(*sc));
	memset(&inc, 0, sizeof(inc));
	/* -1: the study's allocation policy applies unless [scenario] sets
	 * one. */
	sc->policy = -1;
	sc->path = xstrdup(path);
	d.path = sc->path;
	d.w = w;
	d.index = index;
	d.nbefore = w->n;
	d.nowned_before = w->nowned;
	d.err = err;
	d.sc = sc;
	/* The programme itself is the first file met: including it is a
	 * cycle. A file that cannot be stat'ed is reported by the read. */
	if (stat(path, &st) == 0) {
		inc.v = xmalloc(sizeof(*inc.v));
		inc.v[0].dev = st.st_dev;
		inc.v[0].ino = st.st_ino;
		inc.v[0].path = sc->path;
		inc.v[0].by_path = NULL;
		inc.v[0].by_line = 0;
		inc.n = 1;
	}
	if ((rc = read_file(&d, sc->path, sc, &inc, 1)))
		goto done;
	/* The name becomes a folder: keep it to safe characters. */
	for (i = 0; sc->name[i]; i++) {
		char c = sc->name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_')) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] name '%s' may hold only letters, digits, '-' and '_' (it names the output folder)",
				     path, d.head, sc->name);
			goto done;
		}
	}
	if (strcmp(sc->name, "baseline") == 0) {
		rc = le_errf(err, LE_EPARSE, "%s:%d: [scenario] name 'baseline' is taken by the study without changes",
			     path, d.head);
		goto done;
	}
	rc = check_order(&d, sc);
done:
	free(inc.v);
	free(inc.chain);
	if (rc) {
		scenario_release(sc);
		/* Roll the world back: nothing of a failed file stays. */
		for (i = d.nowned_before; i < w->nowned; i++)
			free(w->owned[i]);
		w->nowned = d.nowned_before;
		w->n = d.nbefore;
	}
	return rc;
}

void scenario_release(struct scenario *sc)
{
	int i;

	if (!sc)
		return;
	for (i = 0; i < sc->n; i++) {
		free(sc->v[i].schools);
		free(sc->v[i].zones);
		free(sc->v[i].site.id);
	}
	free(sc->v);
	for (i = 0; i < sc->nfiles; i++)
		free(sc->files[i]);
	free(sc->files);
	scenario_override_release(sc);
	free(sc->path);
	free(sc->name);
	free(sc->description);
	memset(sc, 0, sizeof(*sc));
	sc->policy = -1;
}
