/*
 * gjstream.c: io_geojson_stream, a GeoJSON FeatureCollection of lines
 * read feature by feature with a focused pull parser of our own, without
 * a jansson tree and without keeping any feature once it has been handed
 * to the caller.
 *
 * Why not jansson per feature (io_geojson_read): on a 1.8 M-feature road
 * file building and freeing one tree per feature was 68 % of the CPU,
 * and the io_table it fills holds every row before the roads are built.
 * Here the bytes go straight from a window on the file into a reused
 * geometry and the few property values the caller asked for.
 *
 * Contract: exactness or nothing. The stream only answers for files that
 * io_geojson_read would read without error AND whose shape it knows: a
 * top-level object with one "features" array of objects whose geometry
 * is null, a LineString or a MultiLineString (the "type" member before
 * "coordinates"), a "crs" member, if any, before "features". For such a
 * file every feature arrives with exactly the coordinates (the same
 * doubles: integers through long long, reals through strtod, as jansson
 * converts them) and exactly the cell texts io_geojson_read would give.
 * Anything else (invalid JSON of any kind, an integer or real jansson
 * would refuse, a UTF-8 BOM, a Polygon, a duplicate member, ...) returns
 * IO_GJS_FALLBACK at once, and the caller reads the file the old way,
 * which gives today's error message word for word. So no message is
 * worded twice, and the unit tests can compare the two readers.
 *
 * Invariants:
 *  - b[pos .. len) of the window is read but not consumed; b[pin ..) is
 *    kept across refills while pin >= 0 (the raw text of "crs").
 *  - line counts the newlines consumed before pos (JSON allows raw
 *    newlines only between tokens, so whitespace skipping counts them).
 *  - Property keys are numbered in order of first appearance over the
 *    whole file, as io_geojson_read adds columns; a wanted name resolves
 *    against the keys seen so far with io_col's rule (exact, else the
 *    one case-insensitive match).
 */
#include "io/io_int.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Initial window; it doubles only when one token does not fit. */
#define JX_WINDOW (1024 * 1024)
/* jansson refuses nesting deeper than 2048; stay well inside it (the
 * fallback reads anything deeper and says what jansson says). */
#define JX_MAX_DEPTH 2000

/* The window on the file and the parse position. */
struct jx {
	FILE *fp;
	char *b;
	size_t len, pos, cap;
	long pin;               /* keep b[pin ..) on refill; -1 = none */
	int eof, ioerr;
	long line;              /* line of b[pos], 1-based */
	long long base;         /* file offset of b[0] */
	struct le_progress *prog;
};

/* Read more input after b[len), keeping b[min(pos, pin) ..). Returns the
 * number of bytes read (0 at the end of the file or on an error). */
static size_t jx_more(struct jx *s)
{
	size_t keep = s->pos, n;

	if (s->eof)
		return 0;
	if (s->pin >= 0 && (size_t)s->pin < keep)
		keep = (size_t)s->pin;
	if (keep) {
		memmove(s->b, s->b + keep, s->len - keep);
		s->len -= keep;
		s->pos -= keep;
		if (s->pin >= 0)
			s->pin -= (long)keep;
		s->base += (long long)keep;
	}
	if (s->len == s->cap) {
		s->cap *= 2;
		s->b = xrealloc(s->b, s->cap);
	}
	n = fread(s->b + s->len, 1, s->cap - s->len, s->fp);
	if (n == 0) {
		s->eof = 1;
		s->ioerr = ferror(s->fp) != 0;
	}
	s->len += n;
	if (s->prog)
		le_progress_update(s->prog, (double)(s->base + (long long)s->pos));
	return n;
}

/* Make at least n unconsumed bytes available; 0 if the file ends first. */
static int jx_need(struct jx *s, size_t n)
{
	while (s->len - s->pos < n)
		if (jx_more(s) == 0)
			return 0;
	return 1;
}

/* The next byte that is not JSON whitespace (not consumed), or -1 at the
 * end of the input. Newlines skipped here are the only ones counted:
 * JSON has no raw newline anywhere else. */
static int jx_peek(struct jx *s)
{
	for (;;) {
		while (s->pos < s->len) {
			char c = s->b[s->pos];
			if (c == '\n')
				s->line++;
			else if (c != ' ' && c != '\t' && c != '\r')
				return (unsigned char)c;
			s->pos++;
		}
		if (jx_more(s) == 0)
			return -1;
	}
}

/* Consume c if it is the next non-space byte. */
static int jx_accept(struct jx *s, int c)
{
	if (jx_peek(s) != c)
		return 0;
	s->pos++;
	return 1;
}

/* ---------------------------------------------------------------- strings */

/* Append code point u as UTF-8. */
static void put_utf8(struct buf *o, unsigned long u)
{
	char t[4];

	if (u < 0x80) {
		buf_addc(o, (char)u);
	} else if (u < 0x800) {
		t[0] = (char)(0xC0 | (u >> 6));
		t[1] = (char)(0x80 | (u & 0x3F));
		buf_add(o, t, 2);
	} else if (u < 0x10000) {
		t[0] = (char)(0xE0 | (u >> 12));
		t[1] = (char)(0x80 | ((u >> 6) & 0x3F));
		t[2] = (char)(0x80 | (u & 0x3F));
		buf_add(o, t, 3);
	} else {
		t[0] = (char)(0xF0 | (u >> 18));
		t[1] = (char)(0x80 | ((u >> 12) & 0x3F));
		t[2] = (char)(0x80 | ((u >> 6) & 0x3F));
		t[3] = (char)(0x80 | (u & 0x3F));
		buf_add(o, t, 4);
	}
}

/* Four hex digits after "\u"; -1 if they are not. */
static long hex4(const char *p)
{
	long v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * Length of the valid UTF-8 sequence starting at p (lead byte >= 0x80),
 * or 0. The length follows from the lead byte; io_utf8_bad, the check
 * every reader shares, judges the sequence with the rules jansson applies
 * to its input (no overlong forms, no encoded surrogates, nothing beyond
 * U+10FFFF), so the stream and the tree reader cannot disagree.
 */
static int utf8_len(const unsigned char *p, size_t avail)
{
	size_t n = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : 2;

	if (n > avail || io_utf8_bad((const char *)p, n) != n)
		return 0;
	return (int)n;
}

/*
 * A string (the next byte must be '"'): its decoded bytes into o (NULL:
 * only checked). Returns 0, or -1 for anything jansson would refuse:
 * a raw control character, a bad escape, "\u0000", a lone surrogate,
 * invalid UTF-8, or the end of the input.
 */
static int jx_string(struct jx *s, struct buf *o)
{
	if (jx_peek(s) != '"')
		return -1;
	s->pos++;
	if (o)
		buf_reset(o);
	for (;;) {
		size_t i = s->pos;
		unsigned char c;

		/* The plain run up to the next quote, backslash or
		 * non-ASCII / control byte is copied in one go. */
		while (i < s->len) {
			c = (unsigned char)s->b[i];
			if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80)
				break;
			i++;
		}
		if (o && i > s->pos)
			buf_add(o, s->b + s->pos, i - s->pos);
		s->pos = i;
		if (i == s->len) {
			if (jx_more(s) == 0)
				return -1;
			continue;
		}
		c = (unsigned char)s->b[i];
		if (c == '"') {
			s->pos++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c >= 0x80) {
			int n;
			jx_need(s, 4);
			n = utf8_len((const unsigned char *)s->b + s->pos, s->len - s->pos);
			if (n == 0)
				return -1;
			if (o)
				buf_add(o, s->b + s->pos, (size_t)n);
			s->pos += (size_t)n;
			continue;
		}
		/* A backslash. */
		if (!jx_need(s, 2))
			return -1;
		c = (unsigned char)s->b[s->pos + 1];
		if (c == 'u') {
			long u, lo;
			if (!jx_need(s, 6) || (u = hex4(s->b + s->pos + 2)) < 0)
				return -1;
			s->pos += 6;
			if (u == 0 || (u >= 0xDC00 && u <= 0xDFFF))
				return -1;
			if (u >= 0xD800 && u <= 0xDBFF) {
				/* A high surrogate needs its low half next. */
				if (!jx_need(s, 6) || s->b[s->pos] != '\\' || s->b[s->pos + 1] != 'u' ||
				    (lo = hex4(s->b + s->pos + 2)) < 0xDC00 || lo > 0xDFFF)
					return -1;
				s->pos += 6;
				u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
			}
			if (o)
				put_utf8(o, (unsigned long)u);
			continue;
		}
		{
			static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
			const char *e = strchr(from, c);
			if (!e || c == '\0')
				return -1;
			if (o)
				buf_addc(o, to[e - from]);
			s->pos += 2;
		}
	}
}

/* ---------------------------------------------------------------- numbers */

/* Exact powers of ten: every one up to 1e22 is a double. */
static const double pow10_exact[] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
};

/*
 * A number: *v its value as jansson would hold it (json_number_value),
 * *is_int whether jansson would make it an integer; txt (if not NULL)
 * gets the bytes for a re-parse. Returns -1 on JSON it refuses: bad
 * grammar, an integer beyond long long, a real beyond a double.
 *
 * Integers are converted through long long as jansson does (so "-0" is
 * +0). Reals with at most 15 significant digits and a power of ten within
 * 1e22 are one exact multiplication or division (Clinger's fast path: the
 * IEEE operation rounds correctly, as strtod does); the rest go to
 * strtod, which is what jansson calls.
 */
static int jx_number(struct jx *s, double *v, int *is_int)
{
	char tmp[64];
	size_t i, start, n;
	unsigned long long m = 0;
	int ndig = 0, idig = 0, frac = 0, neg = 0, exp = 0, exp_neg = 0;
	const char *p;

	jx_peek(s);
	/* A number is short: have it all in the window (longer ones still
	 * parse, on the slow path below, if the window holds them). */
	jx_need(s, sizeof(tmp));
	start = s->pos;
	p = s->b;
	i = start;
	n = s->len;
	if (i < n && p[i] == '-') {
		neg = 1;
		i++;
	}
	if (i >= n || p[i] < '0' || p[i] > '9')
		return -1;
	if (p[i] == '0') {
		/* No leading zeros in JSON: "0" stands alone. */
		i++;
		if (i < n && p[i] >= '0' && p[i] <= '9')
			return -1;
	} else {
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, idig++)
			if (ndig++ < 19)
				m = m * 10 + (unsigned)(p[i] - '0');
	}
	*is_int = 1;
	if (i < n && p[i] == '.') {
		size_t f0 = ++i;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++, frac++)
			if (ndig++ < 19)
				m = m * 10 + (unsigned)(p[i] - '0');
		if (i == f0)
			return -1;
		*is_int = 0;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		size_t e0;
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			exp_neg = p[i++] == '-';
		e0 = i;
		for (; i < n && p[i] >= '0' && p[i] <= '9'; i++)
			if (exp < 100000)
				exp = exp * 10 + (p[i] - '0');
		if (i == e0)
			return -1;
		*is_int = 0;
	}
	if (i == n && !s->eof)
		return -1;      /* longer than the window holds: give up */
	s->pos = i;
	if (i - start >= sizeof(tmp)) {
		if (*is_int)
			return -1;  /* beyond long long anyway */
		/* A real with many digits: strtod on a heap copy. */
		{
			char *t = xmalloc(i - start + 1);
			memcpy(t, p + start, i - start);
			t[i - start] = '\0';
			errno = 0;
			*v = strtod(t, NULL);
			free(t);
		}
		goto check;
	}
	memcpy(tmp, p + start, i - start);
	tmp[i - start] = '\0';
	if (*is_int) {
		long long ll;
		if (idig <= 18) {
			ll = (long long)m;
			*v = (double)(neg ? -ll : ll);
			return 0;
		}
		errno = 0;
		ll = strtoll(tmp, NULL, 10);
		if (errno == ERANGE)
			return -1;      /* jansson: "too big integer" */
		*v = (double)ll;
		return 0;
	}
	if (ndig <= 19 && m <= (1ULL << 53)) {
		int e = (exp_neg ? -exp : exp) - frac;
		if (e >= 0 && e <= 22) {
			*v = (double)m * pow10_exact[e];
			*v = neg ? -*v : *v;
			return 0;
		}
		if (e < 0 && e >= -22) {
			*v = (double)m / pow10_exact[-e];
			*v = neg ? -*v : *v;
			return 0;
		}
	}
	errno = 0;
	*v = strtod(tmp, NULL);
check:
	/* jansson: "real number overflow"; underflow is accepted. */
	if (errno == ERANGE && (*v == HUGE_VAL || *v == -HUGE_VAL))
		return -1;
	return 0;
}

/* ---------------------------------------------------------------- values */

/* "true", "false" or "null" (the next byte is its first). */
static int jx_word(struct jx *s, const char *w)
{
	size_t n = strlen(w);

	if (!jx_need(s, n) || memcmp(s->b + s->pos, w, n) != 0)
		return -1;
	s->pos += n;
	return 0;
}

/* Check and skip one value of any kind. */
static int jx_skip(struct jx *s, int depth)
{
	double v;
	int c = jx_peek(s), is_int;

	if (depth > JX_MAX_DEPTH)
		return -1;
	switch (c) {
	case '"':
		return jx_string(s, NULL);
	case '{':
		s->pos++;
		if (jx_accept(s, '}'))
			return 0;
		do {
			if (jx_string(s, NULL) || !jx_accept(s, ':') || jx_skip(s, depth + 1))
				return -1;
		} while (jx_accept(s, ','));
		return jx_accept(s, '}') ? 0 : -1;
	case '[':
		s->pos++;
		if (jx_accept(s, ']'))
			return 0;
		do {
			if (jx_skip(s, depth + 1))
				return -1;
		} while (jx_accept(s, ','));
		return jx_accept(s, ']') ? 0 : -1;
	case 't':
		return jx_word(s, "true");
	case 'f':
		return jx_word(s, "false");
	case 'n':
		return jx_word(s, "null");
	default:
		return jx_number(s, &v, &is_int);
	}
}

/* ---------------------------------------------------------------- features */

/* A property key of the file, numbered in order of first appearance. */
struct gkey {
	char *name;
	int wanted;             /* matches a wanted name, ignoring case: 2
				 * its value is needed, 1 only its presence */
	long set_in;            /* feature whose value val holds; -1 none */
	struct buf val;
};

/* The stream's state: the window, the caller's options, the property
 * keys met so far (a road file has a handful) and one reusable feature. */
struct gs {
	struct jx s;
	const struct io_gjstream *o;
	struct gkey *keys;      /* nkeys, in order of first appearance */
	int nkeys;
	size_t keys_alloc;
	char **names;           /* the keys' names, for io_col_in */
	size_t names_alloc;
	int *pred, npred;       /* key at each place of the last properties */
	size_t pred_alloc;
	struct strmap key_ix;   /* name -> index in keys */
	int *res;               /* nwant: resolved key, -1 none yet */
	const char **val;       /* nwant: what the callback sees */
	struct buf kb, tb;      /* scratch: a key, a string value */
	/* The geometry being read, reused for every feature. */
	struct le_geom g;
	size_t xy_alloc, parts_alloc;
	/* Members met in the current feature / geometry: a second one
	 * would be jansson's "last wins", which the stream does not model. */
	int has_geom, has_props, has_type, has_coords;
	long fno, fline, nfeat; /* features[fno] starts on line fline */
};

/* The index of key name (a new column at its first appearance). A new
 * key may change what a wanted name resolves to: from nothing to it is
 * fine (earlier features saw no column), from one key to another is not
 * (earlier features were given the wrong column): fall back. */
static int key_index(struct gs *r, const char *name, int *changed)
{
	int k = strmap_get(&r->key_ix, name), w;

	if (k >= 0)
		return k;
	ALLOC_GROW(r->keys, (size_t)r->nkeys + 1, r->keys_alloc);
	ALLOC_GROW(r->names, (size_t)r->nkeys + 1, r->names_alloc);
	k = r->nkeys++;
	r->keys[k].name = r->names[k] = xstrdup(name);
	r->keys[k].wanted = 0;
	r->keys[k].set_in = -1;
	buf_init(&r->keys[k].val);
	strmap_put(&r->key_ix, name, k);
	for (w = 0; w < r->o->nwant; w++) {
		int nr;
		if (!le_strcaseeq(name, r->o->want[w]))
			continue;
		if (!r->o->presence_only || !r->o->presence_only[w])
			r->keys[k].wanted = 2;
		else if (!r->keys[k].wanted)
			r->keys[k].wanted = 1;
		nr = io_col_in(r->names, r->nkeys, r->o->want[w]);
		if (r->res[w] >= 0 && nr != r->res[w])
			*changed = 1;
		r->res[w] = nr;
	}
	return k;
}

/* A wanted property's value as io_geojson_read's cell text. */
static int prop_value(struct gs *r, struct buf *o)
{
	char num[40];
	double v;
	int c = jx_peek(&r->s), is_int;

	buf_reset(o);
	switch (c) {
	case '"':
		/* A "\u0000" cannot arrive (refused); the cell is the text. */
		return jx_string(&r->s, o);
	case 't':
		buf_adds(o, "true");
		return jx_word(&r->s, "true");
	case 'f':
		buf_adds(o, "false");
		return jx_word(&r->s, "false");
	case 'n':
		return jx_word(&r->s, "null");
	case '{':
	case '[':
		/* The table keeps such values as compact JSON text: not
		 * worth a second encoder here. */
		return -1;
	default:
		if (jx_number(&r->s, &v, &is_int))
			return -1;
		if (is_int) {
			snprintf(num, sizeof(num), "%lld", (long long)v);
		} else {
			snprintf(num, sizeof(num), "%.15g", v);
			if (strtod(num, NULL) != v)
				snprintf(num, sizeof(num), "%.17g", v);
		}
		buf_adds(o, num);
		return 0;
	}
}

/* "properties": null or an object; wanted keys' values are kept. */
static int read_props(struct gs *r)
{
	int changed = 0, npos = 0;

	if (jx_peek(&r->s) == 'n')
		return jx_word(&r->s, "null");
	if (!jx_accept(&r->s, '{'))
		return -1;
	if (jx_accept(&r->s, '}'))
		return 0;
	do {
		int k;
		if (jx_string(&r->s, &r->kb) || !jx_accept(&r->s, ':'))
			return -1;
		if (memchr(r->kb.s, '\0', r->kb.len))
			return -1;
		/* Features of one file mostly list the same keys in the same
		 * order: try the key that came at this place last time before
		 * the hash map. */
		k = npos < r->npred ? r->pred[npos] : -1;
		if (k < 0 || strcmp(r->names[k], r->kb.s) != 0) {
			k = key_index(r, r->kb.s, &changed);
			if (changed)
				return -1;
			ALLOC_GROW(r->pred, (size_t)npos + 1, r->pred_alloc);
			while (r->npred <= npos)
				r->pred[r->npred++] = -1;
			r->pred[npos] = k;
		}
		npos++;
		if (r->keys[k].wanted == 2) {
			if (prop_value(r, &r->keys[k].val))
				return -1;
			r->keys[k].set_in = r->fno;
		} else {
			if (jx_skip(&r->s, 3))
				return -1;
			if (r->keys[k].wanted) {
				buf_reset(&r->keys[k].val);
				r->keys[k].set_in = r->fno;
			}
		}
	} while (jx_accept(&r->s, ','));
	return jx_accept(&r->s, '}') ? 0 : -1;
}

/* One [x, y, ...] position; z, m and anything after are checked only. */
static int read_position(struct gs *r)
{
	struct le_geom *g = &r->g;
	double x, y;
	int is_int;

	if (!jx_accept(&r->s, '[') || jx_number(&r->s, &x, &is_int) ||
	    !jx_accept(&r->s, ',') || jx_number(&r->s, &y, &is_int))
		return -1;
	while (jx_accept(&r->s, ','))
		if (jx_skip(&r->s, 5))
			return -1;
	if (!jx_accept(&r->s, ']'))
		return -1;
	if ((size_t)g->npoints + 1 > r->xy_alloc) {
		r->xy_alloc = r->xy_alloc ? 2 * r->xy_alloc : 256;
		g->xy = xrealloc(g->xy, 2 * r->xy_alloc * sizeof(double));
	}
	g->xy[2 * g->npoints] = x;
	g->xy[2 * g->npoints + 1] = y;
	g->npoints++;
	return 0;
}

/*
 * The positions of one line, its '[' already consumed, as a new part of
 * the geometry. A line needs 2 positions; fewer is the reader's error
 * ("has 1 position, need at least 2"), so the stream gives up on it.
 */
static int read_positions(struct gs *r)
{
	struct le_geom *g = &r->g;
	int start = g->npoints;

	/* Room for this part's start and the closing offset. */
	if ((size_t)g->nparts + 2 > r->parts_alloc) {
		r->parts_alloc = r->parts_alloc ? 2 * r->parts_alloc : 16;
		g->part_start = xrealloc(g->part_start, r->parts_alloc * sizeof(int));
	}
	g->part_start[g->nparts++] = start;
	if (!jx_accept(&r->s, ']')) {
		do {
			if (read_position(r))
				return -1;
		} while (jx_accept(&r->s, ','));
		if (!jx_accept(&r->s, ']'))
			return -1;
	}
	return g->npoints - start >= 2 ? 0 : -1;
}

/* One line of a MultiLineString: '[' positions ']'. */
static int read_line(struct gs *r)
{
	return jx_accept(&r->s, '[') ? read_positions(r) : -1;
}

/* The geometry member: null, or an object with "type" (LineString or
 * MultiLineString) before "coordinates". */
static int read_geometry(struct gs *r)
{
	struct le_geom *g = &r->g;
	int type = -1;

	g->type = LE_GEOM_NONE;
	g->npoints = g->nparts = 0;
	if (jx_peek(&r->s) == 'n')
		return jx_word(&r->s, "null");
	if (!jx_accept(&r->s, '{'))
		return -1;
	r->has_type = r->has_coords = 0;
	if (jx_accept(&r->s, '}'))
		return -1;      /* no type: the reader's error */
	do {
		if (jx_string(&r->s, &r->kb) || !jx_accept(&r->s, ':'))
			return -1;
		if (!strcmp(r->kb.s, "type") && r->kb.len == 4) {
			if (r->has_type++ || jx_string(&r->s, &r->tb))
				return -1;
			if (!strcmp(r->tb.s, "LineString") && r->tb.len == 10)
				type = LE_GEOM_LINESTRING;
			else if (!strcmp(r->tb.s, "MultiLineString") && r->tb.len == 15)
				type = LE_GEOM_MULTILINESTRING;
			else
				return -1;
		} else if (!strcmp(r->kb.s, "coordinates") && r->kb.len == 11) {
			if (r->has_coords++ || type < 0 || !jx_accept(&r->s, '['))
				return -1;
			g->type = type;
			if (jx_accept(&r->s, ']')) {
				g->type = LE_GEOM_NONE;
				continue;
			}
			if (type == LE_GEOM_LINESTRING) {
				/* The '[' just read opens the line itself. */
				if (read_positions(r))
					return -1;
			} else {
				/* The '[' just read opens the list of lines. */
				do {
					if (read_line(r))
						return -1;
				} while (jx_accept(&r->s, ','));
				if (!jx_accept(&r->s, ']'))
					return -1;
			}
		} else if (jx_skip(&r->s, 3)) {
			return -1;
		}
	} while (jx_accept(&r->s, ','));
	if (!jx_accept(&r->s, '}') || !r->has_type || !r->has_coords)
		return -1;
	if (g->type == LE_GEOM_NONE)
		g->npoints = g->nparts = 0;
	else
		g->part_start[g->nparts] = g->npoints;
	return 0;
}

/* One feature object, handed to the callback. */
static int read_feature(struct gs *r)
{
	struct io_gjfeat f;
	int w;

	r->has_geom = r->has_props = 0;
	if (!jx_accept(&r->s, '{'))
		return -1;
	if (!jx_accept(&r->s, '}')) {
		do {
			if (jx_string(&r->s, &r->kb) || !jx_accept(&r->s, ':'))
				return -1;
			if (!strcmp(r->kb.s, "geometry") && r->kb.len == 8) {
				if (r->has_geom++ || read_geometry(r))
					return -1;
			} else if (!strcmp(r->kb.s, "properties") && r->kb.len == 10) {
				if (r->has_props++ || read_props(r))
					return -1;
			} else if (jx_skip(&r->s, 2)) {
				return -1;
			}
		} while (jx_accept(&r->s, ','));
		if (!jx_accept(&r->s, '}'))
			return -1;
	}
	if (!r->has_geom)
		return -1;      /* "no 'geometry' member": the reader says it */
	/* A key's value belongs to this feature only if it was set here;
	 * otherwise the cell is empty, as the table has it for a feature
	 * without the key. */
	for (w = 0; w < r->o->nwant; w++) {
		int k = r->res[w];
		r->val[w] = k < 0 ? NULL : r->keys[k].set_in == r->fno ? r->keys[k].val.s : "";
	}
	f.index = r->fno;
	f.line = r->fline;
	f.geom = &r->g;
	f.val = r->val;
	return r->o->feature(r->o->ctx, &f) ? -1 : 0;
}

/* The features array (pos after its '['). */
static int read_features(struct gs *r)
{
	/* An empty array is valid; the caller decides ("no lines"). */
	if (jx_accept(&r->s, ']'))
		return 0;
	for (r->fno = 0;; r->fno++) {
		/* A feature that is not an object is the reader's error. */
		if (jx_peek(&r->s) != '{')
			return -1;
		/* jx_peek stopped on the '{': its line is the feature's, the
		 * line io_geojson_read gives ("path:LINE: features[i]"). */
		r->fline = r->s.line;
		if (read_feature(r))
			return -1;
		r->nfeat++;
		if (jx_accept(&r->s, ','))
			continue;
		return jx_accept(&r->s, ']') ? 0 : -1;
	}
}

/*
 * The top-level object: "type" must say FeatureCollection (wherever it
 * is), "crs" must come before "features" (the caller converts as it
 * goes), each at most once; other members are checked and skipped.
 */
static int read_top(struct gs *r, const char *path, int *began)
{
	struct le_err e;
	char *crs = NULL;
	int has_crs = 0, has_features = 0, fc = 0, rc;

	/* A BOM is no JSON to jansson: the fallback says so. */
	if (!jx_accept(&r->s, '{') || jx_accept(&r->s, '}'))
		return -1;
	do {
		if (jx_string(&r->s, &r->kb) || !jx_accept(&r->s, ':'))
			return -1;
		if (!strcmp(r->kb.s, "type") && r->kb.len == 4) {
			/* jansson keeps the last of duplicate members. */
			if (jx_peek(&r->s) == '"') {
				if (jx_string(&r->s, &r->tb))
					return -1;
				fc = !strcmp(r->tb.s, "FeatureCollection") && r->tb.len == 17;
			} else {
				if (jx_skip(&r->s, 1))
					return -1;
				fc = 0;
			}
		} else if (!strcmp(r->kb.s, "crs") && r->kb.len == 3) {
			if (has_crs++ || has_features || jx_peek(&r->s) < 0)
				return -1;
			/* Keep its text for io_geojson_crs (jansson, as the
			 * reader does: one reading of the member, one place). */
			r->s.pin = (long)r->s.pos;
			rc = jx_skip(&r->s, 1);
			if (rc == 0) {
				le_err_clear(&e);
				rc = io_geojson_crs(path, r->s.b + r->s.pin,
						    r->s.pos - (size_t)r->s.pin, &crs, &e);
			}
			r->s.pin = -1;
			if (rc) {
				free(crs);
				return -1;
			}
		} else if (!strcmp(r->kb.s, "features") && r->kb.len == 8) {
			if (has_features++ || !jx_accept(&r->s, '['))
				goto fail;
			rc = r->o->begin ? r->o->begin(r->o->ctx, crs ? crs : "OGC:CRS84") : 0;
			*began = 1;
			if (rc || read_features(r))
				goto fail;
		} else if (jx_skip(&r->s, 1)) {
			goto fail;
		}
	} while (jx_accept(&r->s, ','));
	free(crs);
	if (!jx_accept(&r->s, '}') || jx_peek(&r->s) != -1 || r->s.ioerr || !fc ||
	    !has_features)
		return -1;
	return 0;
fail:
	free(crs);
	return -1;
}

int io_geojson_stream(const char *path, const struct io_gjstream *o,
		      struct io_gjstream_end *end)
{
	struct gs r;
	struct le_progress prog;
	int rc, began = 0, i, w;
	long long size = -1;

	memset(&r, 0, sizeof(r));
	memset(end, 0, sizeof(*end));
	r.s.fp = fopen(path, "rb");
	if (!r.s.fp)
		return IO_GJS_FALLBACK;     /* the reader words it */
	if (fseek(r.s.fp, 0, SEEK_END) == 0) {
		size = ftell(r.s.fp);
		rewind(r.s.fp);
	}
	/* The size only scales the progress report; a pipe has none. */
	r.s.cap = JX_WINDOW;
	r.s.b = xmalloc(r.s.cap);
	r.s.pin = -1;
	r.s.line = 1;
	r.o = o;
	le_progress_begin(&prog, o->what ? o->what : path, size > 0 ? (double)size : 0,
			  LE_PROGRESS_PERCENT);
	r.s.prog = &prog;
	strmap_init(&r.key_ix);
	buf_init(&r.kb);
	buf_init(&r.tb);
	le_geom_init(&r.g);
	r.res = xmalloc(sizeof(int) * ((size_t)o->nwant + 1));
	r.val = xcalloc((size_t)o->nwant + 1, sizeof(char *));
	for (w = 0; w < o->nwant; w++)
		r.res[w] = -1;

	/* Every "no" below read_top is a fallback: the reader says why. */
	rc = read_top(&r, path, &began) == 0 ? LE_OK : IO_GJS_FALLBACK;
	if (rc == LE_OK) {
		end->nfeatures = r.nfeat;
		for (w = 0; w < o->nwant && w < IO_GJS_MAX_WANT; w++)
			end->found[w] = r.res[w] >= 0;
	}
	le_progress_end(&prog, rc == LE_OK);
	end->began = began;
	for (i = 0; i < r.nkeys; i++) {
		free(r.keys[i].name);
		buf_release(&r.keys[i].val);
	}
	free(r.keys);
	free(r.names);
	free(r.pred);
	strmap_release(&r.key_ix);
	buf_release(&r.kb);
	buf_release(&r.tb);
	free(r.g.xy);
	free(r.g.part_start);
	free(r.res);
	free(r.val);
	free(r.s.b);
	fclose(r.s.fp);
	return rc;
}
