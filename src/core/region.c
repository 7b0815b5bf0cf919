/*
 * region.c: the region model's arrays and id maps, and the words estate
 * uses for sectors, denominations and grades.
 *
 * Invariant: school_ix / zone_ix / council_ix map every element's id to its
 * index; pop holds nzones * LE_NAGES values once region_pop_grow has run.
 *
 * Ownership: the region owns every string and geometry in its arrays;
 * loaders hand in borrowed ids (copied here) and fill the other fields in
 * place. Elements are referred to by index everywhere else (STYLE.md), so
 * an index handed out by region_add_* stays valid for the life of the
 * region, while a struct school * does not survive the next add (the array
 * moves when it grows).
 */
#include "core/core.h"

#include <stdlib.h>
#include <string.h>

void region_init(struct region *r, const char *crs)
{
	memset(r, 0, sizeof(*r));
	/* British National Grid is the default working CRS: metres, so
	 * distances and walking limits need no conversion anywhere in
	 * Scotland. */
	r->crs = xstrdup(crs ? crs : "EPSG:27700");
	strmap_init(&r->school_ix);
	strmap_init(&r->zone_ix);
	strmap_init(&r->council_ix);
	le_stages_scotland(&r->stages);
}

void region_release(struct region *r)
{
	int i;

	/* Accepts NULL and a region that failed half way through loading:
	 * every field is either set or still zero from region_init. */
	if (!r)
		return;
	for (i = 0; i < r->nschools; i++) {
		struct school *s = &r->schools[i];
		free(s->id);
		free(s->name);
		free(s->denom_text);
		free(s->zone_id);
		free(s->council_id);
		free(s->where);
		free(s->urban_rural);
	}
	for (i = 0; i < r->nzones; i++) {
		struct zone *z = &r->zones[i];
		free(z->id);
		free(z->name);
		free(z->council_id);
		free(z->where);
		le_geom_release(&z->geom);
		le_geom_release(&z->shape);
	}
	for (i = 0; i < r->ncouncils; i++) {
		free(r->councils[i].id);
		free(r->councils[i].name);
		le_geom_release(&r->councils[i].geom);
	}
	region_links_release(r);
	for (i = 0; i < r->nchanges; i++) {
		free(r->changes[i].seed);
		free(r->changes[i].name);
		free(r->changes[i].sector);
		free(r->changes[i].date);
		free(r->changes[i].details);
	}
	free(r->changes);
	free(r->schools);
	free(r->zones);
	free(r->councils);
	free(r->pop);
	free(r->crs);
	strmap_release(&r->school_ix);
	strmap_release(&r->zone_ix);
	strmap_release(&r->council_ix);
	memset(r, 0, sizeof(*r));
}

/* Arrays grow by doubling at powers of two, so no capacity field is kept. */
static void *grow(void *p, int n, size_t elem)
{
	/* Called before every append with the current count: the array
	 * holds 16 slots at first, then doubles each time the count
	 * reaches a power of two, so the size is always derivable from n. */
	if (n == 0)
		return xrealloc(p, 16 * elem);
	if (n >= 16 && (n & (n - 1)) == 0)
		return xrealloc(p, (size_t)n * 2 * elem);
	return p;
}

/*
 * The id map is checked first so that a duplicate adds nothing: loaders
 * report the duplicate against the first occurrence, which must stay as
 * it was read.
 */
int region_add_school(struct region *r, const char *id)
{
	struct school *s;

	if (strmap_put(&r->school_ix, id, r->nschools) >= 0)
		return -1;
	r->schools = grow(r->schools, r->nschools, sizeof(*r->schools));
	s = &r->schools[r->nschools];
	memset(s, 0, sizeof(*s));
	s->id = xstrdup(id);
	/* -1 means "not given", distinct from a real 0: the join pass
	 * warns on a missing capacity, and the readers keep the two apart. */
	s->capacity = -1;
	s->roll = -1;
	/* Filled by load_region's joins, once every layer is in. */
	s->zone = -1;
	s->council = -1;
	s->land = -1;
	return r->nschools++;
}

int region_add_zone(struct region *r, const char *id)
{
	struct zone *z;

	if (strmap_put(&r->zone_ix, id, r->nzones) >= 0)
		return -1;
	r->zones = grow(r->zones, r->nzones, sizeof(*r->zones));
	z = &r->zones[r->nzones];
	memset(z, 0, sizeof(*z));
	z->id = xstrdup(id);
	/* Set from the zone's council id by load_region's joins. */
	z->council = -1;
	z->land = -1;
	le_geom_init(&z->geom);
	le_geom_init(&z->shape);
	return r->nzones++;
}

int region_add_council(struct region *r, const char *id)
{
	struct council *c;

	if (strmap_put(&r->council_ix, id, r->ncouncils) >= 0)
		return -1;
	r->councils = grow(r->councils, r->ncouncils, sizeof(*r->councils));
	c = &r->councils[r->ncouncils];
	memset(c, 0, sizeof(*c));
	c->id = xstrdup(id);
	le_geom_init(&c->geom);
	return r->ncouncils++;
}

int region_school(const struct region *r, const char *id)
{
	return strmap_get(&r->school_ix, id);
}

int region_zone(const struct region *r, const char *id)
{
	return strmap_get(&r->zone_ix, id);
}

const struct le_geom *region_zone_polygon(const struct zone *zn)
{
	/* has_geom: the polygon is valid and in the working CRS. */
	if (zn->has_geom && zn->geom.npoints > 0)
		return &zn->geom;
	if (zn->is_point && zn->shape.npoints > 0)
		return &zn->shape;
	return NULL;
}

int region_zone_draw_type(const struct region *r)
{
	/* Points only when no zone has a polygon at all: a layer has one
	 * geometry type, and a boundary file given is the planner's
	 * choice of polygons. */
	return r->zone_points > 0 && r->zone_shapes == 0 ? LE_GEOM_POINT :
	       LE_GEOM_MULTIPOLYGON;
}

int region_council(const struct region *r, const char *id)
{
	return strmap_get(&r->council_ix, id);
}

void region_pop_grow(struct region *r)
{
	/* Zones come from the zones layer and then from the population
	 * layer (zones with residents but no polygon), so the population
	 * matrix is sized once both are read rather than grown per zone. */
	size_t old = (size_t)r->pop_nzones * LE_NAGES;
	size_t want = (size_t)r->nzones * LE_NAGES;

	/* Sized exactly; new zones start with no population. */
	if (r->pop && r->pop_nzones == r->nzones)
		return;
	r->pop = xrealloc(r->pop, sizeof(double) * (want ? want : 1));
	if (want > old)
		memset(r->pop + old, 0, sizeof(double) * (want - old));
	r->pop_nzones = r->nzones;
}

double region_pop(const struct region *r, int z, int age)
{
	/* Out-of-range questions get 0 rather than an assert: a zone known
	 * only from the zones layer simply has no residents. */
	if (!r->pop || z < 0 || z >= r->pop_nzones || age < 0 || age > LE_MAX_AGE)
		return 0;
	return r->pop[(size_t)z * LE_NAGES + (size_t)age];
}

/* The sector words are the ones study files map their own words onto
 * (`Primary` -> primary), so they are part of the file format. */
const char *le_sector_name(int sector)
{
	switch (sector) {
	case LE_PRIMARY: return "primary";
	case LE_SECONDARY: return "secondary";
	case LE_SPECIAL: return "special";
	default: return NULL;
	}
}

int le_sector_parse(const char *word)
{
	int i;

	/* Case-insensitive: councils spell the same word in several cases. */
	for (i = 0; i < LE_NSECTORS; i++)
		if (le_strcaseeq(word, le_sector_name(i)))
			return i;
	return -1;
}

/* Denomination matters because Scottish councils run Roman Catholic
 * schools as a separate stream: an RC pupil is allocated among RC schools,
 * and closing one sends its pupils to another RC school, not to the
 * nearest non-denominational one. */
const char *le_denom_name(int denom)
{
	switch (denom) {
	case LE_NONDENOM: return "non-denominational";
	case LE_RC: return "roman catholic";
	case LE_OTHER_DENOM: return "other";
	default: return NULL;
	}
}

/* The stream table: id, output spelling, label. One place, so that
 * travel.csv, demand.csv and zones.csv spell a stream the same way. */
static const struct {
	int id;
	const char *name, *label;
} streams[LE_NSTREAMS + 1] = {
	{ LE_STREAM_ND, "nd", "non-denominational" },
	{ LE_STREAM_RC, "rc", "Roman Catholic" },
	{ LE_STREAM_GM, "gaelic", "Gaelic-medium" },
	{ LE_STREAM_ALL, "all", "special (all pupils)" },
};

const char *le_stream_name(int stream)
{
	return stream >= 0 && stream <= LE_NSTREAMS ? streams[stream].name : "?";
}

const char *le_stream_label(int stream)
{
	return stream >= 0 && stream <= LE_NSTREAMS ? streams[stream].label : "?";
}

int le_stream_parse(const char *word)
{
	int i;

	/* The pupil streams only: "all" is the special schools' set,
	 * which no catchment holds. */
	for (i = 0; i < LE_NSTREAMS; i++)
		if (le_strcaseeq(word, streams[i].name) || le_strcaseeq(word, streams[i].label))
			return streams[i].id;
	return -1;
}

const char *le_stream_choices(void)
{
	return "nd (non-denominational), rc (Roman Catholic) or gaelic (Gaelic-medium)";
}

int le_stream_serves(const struct le_stages *st, int school_sector, unsigned stages,
		     int rc, int gaelic, int pupil_sector, int stream)
{
	unsigned want = le_stages_bits(st, pupil_sector == 0 ? LE_PRIMARY : LE_SECONDARY);

	if (school_sector == LE_SPECIAL || stream < 0 || stream >= LE_NSTREAMS)
		return 0;
	/* Stages decide (an all-through school serves both sectors);
	 * without them, the sector. */
	if (stages ? !(stages & want) : school_sector != pupil_sector)
		return 0;
	if (stream == LE_STREAM_GM)
		return gaelic != 0;
	return (rc != 0) == (stream == LE_STREAM_RC);
}

/* Condition and suitability are graded A (good) to D (bad) in the Scottish
 * school estate statistics. An empty field is "not surveyed"
 * (LE_GRADE_NONE), not an error; anything else but one letter is, and the
 * caller names the row. */
int le_grade_parse(const char *word)
{
	if (!word[0])
		return 0;
	if (word[1] == '\0') {
		switch (word[0]) {
		case 'A': case 'a': return LE_GRADE_A;
		case 'B': case 'b': return LE_GRADE_B;
		case 'C': case 'c': return LE_GRADE_C;
		case 'D': case 'd': return LE_GRADE_D;
		}
	}
	return -1;
}

const char *le_grade_name(int grade)
{
	static const char *names[] = { "", "A", "B", "C", "D" };
	return (grade >= 0 && grade <= 4) ? names[grade] : "";
}

const char *region_where(const char *where)
{
	return where ? where : "(no file)";
}
