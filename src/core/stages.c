/*
 * stages.c: a stage system in memory (struct le_stages, core.h): its
 * built-in default (Scotland's P1-S6), look-ups by name, the stage bits of
 * a sector, staying-on, the statutory walking distance of a stage, and
 * the parser of stage sets ("P1-P7", "R-Y6, Y12-Y13") every reader uses.
 *
 * Invariant (checked by the reader, load/stages.c, and kept by the
 * default): 1 <= n <= LE_MAX_STAGES, names unique and made of letters and
 * digits, primary stages first and then secondary ones, each sector's
 * stages consecutive, so a sector is the range first[sec] .. last[sec].
 * Stage s is bit s of a school's stage set.
 */
#include "core/core.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* 1 mile = 1,609.344 m (Weights and Measures Act 1985, sched. 1). */
#define MILE_M 1609.344

void le_stages_scotland(struct le_stages *st)
{
	static const char *const names[13] = {
		"P1", "P2", "P3", "P4", "P5", "P6", "P7",
		"S1", "S2", "S3", "S4", "S5", "S6"
	};
	int s;

	/* The values of models/stages.ini (see its comments for the
	 * sources): P1 is 4 or 5 at 30 June of the census year, 8 birth
	 * months of 12 at the younger age; S5 and S6 are post-compulsory. */
	memset(st, 0, sizeof(*st));
	st->n = 13;
	for (s = 0; s < st->n; s++) {
		snprintf(st->name[s], sizeof(st->name[s]), "%s", names[s]);
		st->sector[s] = s < 7 ? LE_PRIMARY : LE_SECONDARY;
		st->age[s] = 4 + s;
		st->stay[s] = 1.0;
	}
	st->stay[11] = 0.85;
	st->stay[12] = 0.65;
	st->younger_share = 8.0 / 12.0;
	st->entry = 1u << 0 | 1u << 7;
	st->walk_age = 8;
	st->walk_under_m = 2 * MILE_M;
	st->walk_from_m = 3 * MILE_M;
	le_stages_ranges(st);
}

int le_stages_ranges(struct le_stages *st)
{
	int s, sec;

	/* Primary stages first, then secondary: a sector is then one
	 * range, which the progression, the backtest and the stage-roll
	 * tables walk from its entry stage to its last. */
	st->first[0] = st->first[1] = st->last[0] = st->last[1] = -1;
	st->bits[0] = st->bits[1] = 0;
	for (s = 0; s < st->n; s++) {
		sec = st->sector[s];
		if (sec != LE_PRIMARY && sec != LE_SECONDARY)
			return -1;
		st->bits[sec] |= 1u << s;
		if (st->first[sec] < 0)
			st->first[sec] = s;
		else if (st->last[sec] != s - 1)
			return -1;
		st->last[sec] = s;
	}
	if (st->first[1] >= 0 && st->last[0] > st->first[1])
		return -1;
	return 0;
}

int le_stages_find(const struct le_stages *st, const char *name)
{
	int s;

	for (s = 0; s < st->n; s++)
		if (le_strcaseeq(name, st->name[s]))
			return s;
	return -1;
}

const char *le_stages_name(const struct le_stages *st, int s)
{
	return s >= 0 && s < st->n ? st->name[s] : "?";
}

/* Kept by le_stages_ranges: the serving rules ask this for every
 * school and key, and the loop over the stages it replaced was 4 % of a
 * Scotland run. */
unsigned le_stages_bits(const struct le_stages *st, int sector)
{
	return sector == LE_PRIMARY || sector == LE_SECONDARY ? st->bits[sector] : 0;
}

unsigned le_stages_all(const struct le_stages *st)
{
	return st->n >= 32 ? ~0u : (1u << st->n) - 1;
}

double le_stages_stay(const struct le_stages *st, int s)
{
	double f = 1.0;
	int i;

	/* Chained from the first stage: S6 is a share of S5, itself a
	 * share of S4. Multiplying the compulsory stages' 1.0 first keeps
	 * the product bit for bit what stay S5 x stay S6 gave before. */
	for (i = 0; i <= s && i < st->n; i++)
		f *= st->stay[i];
	return f;
}

double le_stages_walk_m(const struct le_stages *st, int s)
{
	/* age[s] is the younger mid-year age in the census year, so
	 * age[s] + 1 is the stage's age at the start of its school year
	 * (P1 5, P4 8; Reception 4, Y4 8: DfE's age at 31 August), the
	 * age the statute's "under 8" is read against for the stage. */
	return st->age[s] + 1 < st->walk_age ? st->walk_under_m : st->walk_from_m;
}

/* A stage name at p: the longest name of the system that p starts with
 * and that is followed by a separator (so "Y1" does not match "Y12").
 * Returns the stage and advances *p, or -1. */
static int name_at(const struct le_stages *st, const char **p)
{
	char word[LE_STAGE_NAME];
	size_t n = 0;
	const char *q = *p;
	int s;

	while (isalnum((unsigned char)*q)) {
		if (n + 1 >= sizeof(word))
			return -1;
		word[n++] = *q++;
	}
	word[n] = '\0';
	if (!n || (s = le_stages_find(st, word)) < 0)
		return -1;
	*p = q;
	return s;
}

int le_stages_parse(const struct le_stages *st, const char *text, unsigned *out)
{
	unsigned bits = 0;
	const char *p = text;

	while (*p) {
		int a, b;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		if ((a = name_at(st, &p)) < 0)
			return -1;
		b = a;
		while (*p == ' ')
			p++;
		if (*p == '-') {
			p++;
			while (*p == ' ')
				p++;
			if ((b = name_at(st, &p)) < 0)
				return -1;
		}
		/* A range runs in stage order: "P7-P1" is a typo, not a
		 * school with no stages. */
		if (a > b)
			return -1;
		for (; a <= b; a++)
			bits |= 1u << a;
	}
	if (!bits)
		return -1;
	*out = bits;
	return 0;
}

void le_stages_words(const struct le_stages *st, char *buf, size_t n)
{
	if (st->first[0] >= 0 && st->first[1] >= 0)
		snprintf(buf, n, "%s .. %s or %s .. %s", st->name[st->first[0]],
			 st->name[st->last[0]], st->name[st->first[1]], st->name[st->last[1]]);
	else
		snprintf(buf, n, "%s .. %s", le_stages_name(st, 0), le_stages_name(st, st->n - 1));
}

void le_stages_text(const struct le_stages *st, unsigned bits, struct buf *b)
{
	int a, e;

	buf_reset(b);
	for (a = 0; a < st->n; a = e + 1) {
		if (!(bits & (1u << a))) {
			e = a;
			continue;
		}
		for (e = a; e + 1 < st->n && (bits & (1u << (e + 1))); e++)
			;
		buf_addf(b, "%s%s", b->len ? ", " : "", st->name[a]);
		if (e > a)
			buf_addf(b, "-%s", st->name[e]);
	}
}
