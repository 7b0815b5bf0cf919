/*
 * csv.c: io_csv_read, an RFC 4180 reader on top of libcsv (strict mode).
 *
 * The file is fed to libcsv one physical line at a time (a line ends at
 * LF, CR or CRLF; quoted fields may span lines). libcsv does not say where
 * a record starts, so the reader tracks it itself: after a record ends,
 * the next line holding anything but blanks (space, tab, CR, LF: exactly
 * the bytes libcsv skips before a record) is where the next record starts.
 * That keeps row references right after a field with embedded newlines.
 *
 * Invariants:
 *  - rec_line is the 1-based line on which the record being parsed began;
 *    line is the line of the next byte to be fed.
 *  - The first record is the header; every later record becomes one row
 *    whose rowref is its rec_line. Once an error is recorded the callbacks
 *    ignore everything (libcsv cannot be stopped from inside a callback)
 *    and the feeding loop stops after the current line.
 *  - A UTF-8 byte-order mark is dropped before libcsv sees it, so that a
 *    quoted first header name still parses in strict mode.
 *  - Cells are copied into the table as they arrive (libcsv reuses its
 *    field buffer), so nothing points into libcsv after a callback.
 *  - Every cell and name is a C string without NUL bytes: a NUL inside
 *    a field is an error (line, column), never a value cut short.
 *  - With an encoding other than UTF-8 (encoding = windows-1252 in the
 *    study), each field is recoded to UTF-8 with iconv as libcsv hands it
 *    over, so the table only ever holds UTF-8. Field by field rather than
 *    the whole file first: a bad byte is then reported with its line,
 *    column and place in the field, and the delimiters libcsv looks for
 *    are the same bytes in every encoding this accepts (io_csv_encoding
 *    refuses those, such as UTF-16, that do not keep ASCII as ASCII).
 *
 * Speed: the 7,000 x 96 population file (1.9 MB) reads in ~35 ms with
 * -O2, one csv_parse call per line included. A 10 MB field costs a few
 * reallocs (grow_field), not one per 128 bytes.
 */
#include "io/io_int.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* Bytes read per fread; lines longer than this are fed in pieces. */
#define CSVR_CHUNK (64 * 1024)
/* Smallest field buffer grow_field hands libcsv. */
#define CSVR_FIELD_MIN 4096

/* Reader state, passed to the libcsv callbacks as their data pointer. */
struct csvr {
	const char *path;       /* as given, for messages */
	struct io_table *t;     /* the table being filled */
	struct le_err *err;     /* the caller's error slot */
	int failed;             /* LE_* code once an error is recorded;
				   callbacks then do nothing */
	long line;              /* line of the next byte fed */
	long rec_line;          /* line the current record started on */
	int want_start;         /* between records: next non-blank starts one */
	int prev_cr;            /* last byte fed was CR (CRLF is one newline) */
	int have_header;        /* the first record has been read */
	int nfield;             /* fields seen so far in the current record */
	int row;                /* table row of the current record, -1 if none */
	struct strmap names;    /* header names, to find duplicates */
	const char *enc;        /* declared encoding; NULL: UTF-8 */
	const struct io_enc *e; /* its key, for advice; may be NULL */
	iconv_t cd;             /* enc -> UTF-8, (iconv_t)-1 when UTF-8 */
	char *conv;             /* the recoded field (grown as needed) */
	size_t conv_cap;
};

/*
 * libcsv's field buffer grows by blk_size bytes per realloc (128 by
 * default), so one 10 MB field costs ~80,000 reallocs, each a full copy
 * under AddressSanitizer: minutes. libcsv still asks for 128 more bytes at
 * a time, but grow_field answers from a capacity it doubles, so the real
 * reallocs are logarithmic in the field's length. The capacity lives in a
 * header before the block that libcsv sees, which is why libcsv must free
 * the block with free_field, never free().
 */
union csvr_hdr {
	size_t cap;             /* bytes usable after the header */
	max_align_t align_;     /* keeps the block libcsv sees aligned */
};

static void *grow_field(void *p, size_t n)
{
	union csvr_hdr *h = p ? (union csvr_hdr *)p - 1 : NULL;
	size_t cap = h ? h->cap : 0;

	if (n <= cap)
		return p;
	cap = cap ? cap : CSVR_FIELD_MIN;
	while (cap < n)
		cap *= 2;
	/* xrealloc aborts on OOM like every allocation in estate; libcsv's
	 * own halving retry is then never needed. */
	h = xrealloc(h, sizeof(*h) + cap);
	h->cap = cap;
	return h + 1;
}

static void free_field(void *p)
{
	if (p)
		free((union csvr_hdr *)p - 1);
}

/*
 * The one UTF-8 check of every reader (CSV here, GeoPackage/SQLite in
 * db.c, GDAL's formats in ogr.c): the offset of the first byte of s[0..n)
 * that does not start a well-formed sequence (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or n when all of it is
 * UTF-8. Pure ASCII takes the fast path. A file saved as Latin-1 or
 * Windows-1252 (common for spreadsheets) fails here on its first
 * accented letter, which is the point: mis-decoded names would silently
 * fail to join later, and outputs that declare UTF-8 would carry them.
 */
size_t io_utf8_bad(const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i];
		size_t k, len;
		unsigned lo = 0x80, hi = 0xBF;

		if (c < 0x80) {
			i++;
			continue;
		}
		/* The second byte's range is what rules out overlong forms,
		 * surrogates and code points past U+10FFFF. */
		if (c >= 0xC2 && c <= 0xDF) {
			len = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			len = 3;
			if (c == 0xE0)
				lo = 0xA0;
			else if (c == 0xED)
				hi = 0x9F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			len = 4;
			if (c == 0xF0)
				lo = 0x90;
			else if (c == 0xF4)
				hi = 0x8F;
		} else {
			return i;
		}
		/* A sequence cut short or broken counts at its first byte:
		 * that is the byte a hex dump shows the user. */
		if (n - i < len)
			return i;
		if (s[i + 1] < lo || s[i + 1] > hi)
			return i;
		for (k = 2; k < len; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xBF)
				return i;
		i += len;
	}
	return n;
}

int io_utf8_valid(const char *text, size_t n)
{
	return io_utf8_bad(text, n) == n;
}

/* 1 when enc names UTF-8 itself (no recoding needed). */
static int enc_is_utf8(const char *enc)
{
	return !enc || !*enc || !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8");
}

/*
 * Recode s[0..n) from cd's encoding into *out (grown, NUL-terminated);
 * *outn is the length. Returns 0, or -1 with *bad the 0-based offset of
 * the first byte that is not valid in the encoding (a sequence cut short
 * at the end of the field counts as invalid at its start).
 */
static int recode(iconv_t cd, const char *s, size_t n, char **out, size_t *cap,
		  size_t *outn, size_t *bad)
{
	char *in = (char *)s, *o;
	size_t inleft = n, oleft, used;

	/* Four bytes of UTF-8 per input byte is the most any single- or
	 * multi-byte encoding can need; one more for the NUL. */
	if (*cap < 4 * n + 1) {
		*cap = 4 * n + 1;
		*out = xrealloc(*out, *cap);
	}
	o = *out;
	oleft = *cap - 1;
	iconv(cd, NULL, NULL, NULL, NULL);
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		*bad = (size_t)(in - s);
		return -1;
	}
	/* Flush a stateful encoding's shift sequence, if any. */
	if (iconv(cd, NULL, NULL, &o, &oleft) == (size_t)-1) {
		*bad = n;
		return -1;
	}
	used = (size_t)(o - *out);
	(*out)[used] = '\0';
	*outn = used;
	return 0;
}

int io_csv_encoding(const char *enc)
{
	/* The bytes libcsv and the line counter look for, and some text. */
	static const char probe[] = "\t\n\r \",09AZaz._-";
	char *out = NULL;
	size_t cap = 0, n = 0, bad;
	iconv_t cd;
	int rc;

	if (enc_is_utf8(enc))
		return IO_ENC_OK;
	cd = iconv_open("UTF-8", enc);
	if (cd == (iconv_t)-1)
		return IO_ENC_UNKNOWN;
	rc = recode(cd, probe, sizeof(probe) - 1, &out, &cap, &n, &bad) == 0 &&
		n == sizeof(probe) - 1 && memcmp(out, probe, n) == 0 ? IO_ENC_OK
		: IO_ENC_NOT_ASCII;
	free(out);
	iconv_close(cd);
	return rc;
}

/*
 * The advice for text that is not UTF-8 when no encoding was declared:
 * when the bytes read as Windows-1252 (what Excel and GIAS write), show
 * them so decoded and name the key; else only ask for UTF-8. Writes into
 * hint (size hn).
 */
static void not_utf8_hint(const struct io_enc *e, const char *s, size_t len,
			  char *hint, size_t hn)
{
	iconv_t cd = iconv_open("UTF-8", "WINDOWS-1252");
	char *out = NULL, shown[200] = "", place[64];
	size_t cap = 0, n, bad, i;

	if (e && e->no_key) {
		/* Advice to add a key that does not exist would send the
		 * planner to the wrong file. */
		snprintf(hint, hn, " (save the file as UTF-8, \"CSV UTF-8\" in Excel: no key names the encoding of this file)");
	} else if (cd != (iconv_t)-1 && recode(cd, s, len, &out, &cap, &n, &bad) == 0) {
		/* The decoded text lets the user see it is right ("St
		 * Mary's"); a long or multi-line field is not quoted. */
		for (i = 0; i < len && (unsigned char)s[i] >= 0x20; i++)
			;
		if (i == len && n <= 80)
			snprintf(shown, sizeof(shown), " (\"%s\")", out);
		snprintf(hint, hn,
			 " but is valid Windows-1252%s, the encoding Excel and GIAS save CSV in: add '%s = windows-1252' to %s",
			 shown, io_enc_key(e), io_enc_place(e, 1, place, sizeof(place)));
	} else {
		snprintf(hint, hn,
			 " (save the file as UTF-8, or name its encoding with '%s = ...' in %s)",
			 io_enc_key(e), io_enc_place(e, 1, place, sizeof(place)));
	}
	free(out);
	if (cd != (iconv_t)-1)
		iconv_close(cd);
}

/*
 * Text of a field as UTF-8: recoded from the declared encoding (*s and
 * *len then point at r->conv), else checked. where is "column 'name'"
 * or "column 3 of the header". Returns 0, or -1 with the error recorded.
 */
static int field_text(struct csvr *r, const char **s, size_t *len, const char *where)
{
	char hint[400], place[64];
	size_t n, bad;

	if (r->cd != (iconv_t)-1) {
		if (recode(r->cd, *s, *len, &r->conv, &r->conv_cap, &n, &bad) != 0) {
			r->failed = LE_EPARSE;
			le_errf(r->err, LE_EPARSE,
				"%s:%ld: %s: byte 0x%02X (byte %zu of the field) is not valid %s text (check '%s = %s' in %s)",
				r->path, r->rec_line, where,
				bad < *len ? (unsigned)(unsigned char)(*s)[bad] : 0u, bad + 1,
				r->enc, io_enc_key(r->e), r->enc, io_enc_place(r->e, 0, place, sizeof(place)));
			return -1;
		}
		*s = r->conv;
		*len = n;
		return 0;
	}
	if (!io_utf8_valid(*s, *len)) {
		not_utf8_hint(r->e, *s, *len, hint, sizeof(hint));
		r->failed = LE_EPARSE;
		le_errf(r->err, LE_EPARSE, "%s:%ld: %s: text is not valid UTF-8%s",
			r->path, r->rec_line, where, hint);
		return -1;
	}
	return 0;
}

/*
 * A header field: check it and add the column. Empty and duplicate names
 * are errors because fields are mapped by name in the study file: an
 * empty name cannot be mapped and a duplicate one would be ambiguous.
 */
static void header_field(struct csvr *r, const char *s, size_t len)
{
	int col = r->nfield + 1;
	char where[64];

	if (len == 0) {
		r->failed = LE_EPARSE;
		le_errf(r->err, LE_EPARSE, "%s:%ld: column %d of the header is empty",
			r->path, r->rec_line, col);
		return;
	}
	snprintf(where, sizeof(where), "column %d of the header", col);
	if (field_text(r, &s, &len, where) != 0)
		return;
	/* Names are C strings from here on: a NUL would cut one short. */
	if (memchr(s, '\0', len)) {
		r->failed = LE_EPARSE;
		le_errf(r->err, LE_EPARSE,
			"%s:%ld: column %d of the header holds a NUL byte (the file is binary or damaged)",
			r->path, r->rec_line, col);
		return;
	}
	if (strmap_put(&r->names, s, r->nfield) >= 0) {
		r->failed = LE_EPARSE;
		le_errf(r->err, LE_EPARSE, "%s:%ld: column '%s' appears twice in the header",
			r->path, r->rec_line, s);
		return;
	}
	io_table_add_col(r->t, s, len);
}

/* libcsv field callback: one field of the current record, s[len] == 0
 * thanks to CSV_APPEND_NULL. */
static void on_field(void *data, size_t len, void *ctx)
{
	struct csvr *r = ctx;
	const char *s = data;

	if (r->failed)
		return;
	if (!r->have_header) {
		header_field(r, s, len);
		r->nfield++;
		return;
	}
	/* The row is added on its first field; extra fields are only counted
	 * so that the ragged-row message can give the real number. */
	if (r->nfield == 0)
		r->row = io_table_add_row(r->t, r->rec_line);
	if (r->nfield < r->t->ncols && len > 0) {
		struct buf w;
		int bad;

		buf_init(&w);
		buf_addf(&w, "column '%s'", r->t->cols[r->nfield]);
		bad = field_text(r, &s, &len, w.s);
		buf_release(&w);
		if (bad)
			return;
		/* Cells are C strings: "Leith\0 Academy" would silently
		 * become "Leith". UTF-8 allows the byte, so it is checked
		 * on its own. */
		if (memchr(s, '\0', len)) {
			r->failed = LE_EPARSE;
			le_errf(r->err, LE_EPARSE,
				"%s:%ld: column '%s': text holds a NUL byte at character %zu (the file is binary or damaged)",
				r->path, r->rec_line, r->t->cols[r->nfield],
				(size_t)((const char *)memchr(s, '\0', len) - s) + 1);
			return;
		}
		io_table_set(r->t, r->row, r->nfield, s, len);
	}
	r->nfield++;
}

/*
 * libcsv record callback (c is the terminator, -1 from csv_fini). The
 * field count is checked here, not per field, so the message can give
 * the full count of a row that is too long.
 */
static void on_record(int c, void *ctx)
{
	struct csvr *r = ctx;

	(void)c;
	if (r->failed)
		return;
	if (!r->have_header) {
		r->have_header = 1;
	} else if (r->nfield != r->t->ncols) {
		r->failed = LE_EPARSE;
		le_errf(r->err, LE_EPARSE, "%s:%ld: row has %d fields, the header has %d",
			r->path, r->rec_line, r->nfield, r->t->ncols);
	}
	r->nfield = 0;
	r->row = -1;
	r->want_start = 1;
}

/*
 * The libcsv message for a strict-mode failure, with the record's line.
 * libcsv only says "error parsing data"; almost always it is a stray or
 * missing quote, hence the hint. The record's first line is given because
 * an unterminated quote is found only at the end of the file.
 */
static int parse_error(struct csvr *r, struct csv_parser *p)
{
	le_errf(r->err, LE_EPARSE,
		"%s:%ld: a quote is not closed, or a field has text after its closing quote (check the quotes on this line; libcsv: %s)",
		r->path, r->rec_line, csv_strerror(csv_error(p)));
	return r->failed = LE_EPARSE;
}

/*
 * Feed n bytes to libcsv, one line (or the tail of the chunk) at a time,
 * keeping line and rec_line up to date. Returns LE_OK or the error code.
 */
static int feed(struct csvr *r, struct csv_parser *p, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i, k;
		char last;

		/* Splitting at CR as well as LF keeps old Mac files (CR only)
		 * on the right line too. */
		while (j < n && s[j] != '\n' && s[j] != '\r')
			j++;
		if (j < n)
			j++;    /* the terminator goes with its line */
		/* The first byte libcsv does not skip starts the record. */
		if (r->want_start) {
			for (k = i; k < j; k++) {
				char c = s[k];
				if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
					r->rec_line = r->line;
					r->want_start = 0;
					break;
				}
			}
		}
		/* csv_parse consumes everything unless strict mode trips. */
		if (csv_parse(p, s + i, j - i, on_field, on_record, r) != j - i)
			return parse_error(r, p);
		if (r->failed)
			return r->failed;
		/* CR, LF and CRLF each end one line; the LF of a CRLF pair may
		 * arrive in the next piece, hence prev_cr. */
		last = s[j - 1];
		if (last == '\r') {
			r->line++;
			r->prev_cr = 1;
		} else if (last == '\n') {
			if (!r->prev_cr || j - i > 1)
				r->line++;
			r->prev_cr = 0;
		} else {
			r->prev_cr = 0;
		}
		i = j;
	}
	return LE_OK;
}

int io_csv_read(const char *path, struct io_table *t, struct le_err *err)
{
	return io_csv_read_enc(path, NULL, t, err);
}

int io_csv_read_enc(const char *path, const struct io_enc *e, struct io_table *t,
		    struct le_err *err)
{
	const char *enc = e ? e->name : NULL;
	struct csv_parser p;
	int have_parser = 0, first = 1, rc = LE_OK;
	struct csvr r;
	struct le_progress prog;
	char what[300], place[64];
	char *chunk = NULL;
	FILE *fp = NULL;
	size_t n;
	long long done_bytes = 0, size = 0;

	memset(&r, 0, sizeof(r));
	r.path = path;
	r.t = t;
	r.err = err;
	r.line = 1;
	r.rec_line = 1;
	r.want_start = 1;
	r.row = -1;
	r.cd = (iconv_t)-1;
	r.e = e;
	strmap_init(&r.names);
	io_table_begin(t, path, IO_ROW_LINE);
	/* The total is set once the file's size is known. */
	snprintf(what, sizeof(what), "reading %s", le_basename(path));
	le_progress_begin(&prog, what, 0, LE_PROGRESS_PERCENT);

	/* The study checks the name at its line (input/); this is for
	 * every other caller. */
	switch (io_csv_encoding(enc)) {
	case IO_ENC_UNKNOWN:
		rc = le_errf(err, LE_EUSAGE, "%s: unknown encoding '%s'", path, enc);
		goto done;
	case IO_ENC_NOT_ASCII:
		rc = le_errf(err, LE_EUSAGE,
			     "%s: encoding '%s' does not write ASCII as ASCII; the CSV reader needs one that does", path, enc);
		goto done;
	}
	if (!enc_is_utf8(enc)) {
		r.enc = enc;
		r.cd = iconv_open("UTF-8", enc);
	}
	fp = fopen(path, "rb");
	if (!fp) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	/* STRICT: stray quotes are errors, not text; STRICT_FINI: so is an
	 * unterminated quote at the end; APPEND_NULL: fields are C strings,
	 * which strmap and the messages need. csv_init allocates nothing
	 * in 3.0.3, so this failure is theoretical. */
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		rc = le_errf(err, LE_EIO, "%s: out of memory starting the CSV parser", path);
		goto done;
	}
	have_parser = 1;
	csv_set_realloc_func(&p, grow_field);
	csv_set_free_func(&p, free_field);
	chunk = xmalloc(CSVR_CHUNK);
	/* Progress by bytes: a 1 GB population file takes half a minute. */
	if (fseek(fp, 0, SEEK_END) == 0) {
		size = ftell(fp);
		rewind(fp);
	}
	prog.total = size > 0 ? (double)size : 0;
	while ((n = fread(chunk, 1, CSVR_CHUNK, fp)) > 0) {
		const char *s = chunk;

		done_bytes += (long long)n;
		le_progress_update(&prog, (double)done_bytes);

		/* Excel writes a BOM; it is not part of the first name. (A BOM
		 * split over two reads cannot happen: the first read is a
		 * full chunk or the whole file.) */
		if (first && n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			/* A BOM says UTF-8: read as Windows-1252 it would be
			 * three letters of the first name, and every accent
			 * after it would be mis-decoded without a word. */
			if (r.enc) {
				rc = le_errf(err, LE_EPARSE,
					     "%s:1: the file starts with a UTF-8 byte order mark, so it is UTF-8, not %s: remove '%s = %s' from %s",
					     path, r.enc, io_enc_key(e), r.enc,
					     io_enc_place(e, 0, place, sizeof(place)));
				goto done;
			}
			s += 3;
			n -= 3;
		}
		first = 0;
		rc = feed(&r, &p, s, n);
		if (rc != LE_OK)
			goto done;
	}
	if (ferror(fp)) {
		rc = le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	/* The last record, when the file does not end with a newline, and an
	 * unterminated quoted field both show up only here. */
	if (csv_fini(&p, on_field, on_record, &r) != 0) {
		rc = parse_error(&r, &p);
		goto done;
	}
	if (r.failed) {
		rc = r.failed;
		goto done;
	}
	if (!r.have_header) {
		rc = le_errf(err, LE_EPARSE, "%s: empty file (expected a header line)", path);
		goto done;
	}
	io_table_end(t);

done:
	le_progress_end(&prog, rc == LE_OK);
	if (rc != LE_OK)
		io_table_discard(t);
	if (have_parser)
		csv_free(&p);
	free(chunk);
	if (fp)
		fclose(fp);
	strmap_release(&r.names);
	if (r.cd != (iconv_t)-1)
		iconv_close(r.cd);
	free(r.conv);
	return rc;
}
