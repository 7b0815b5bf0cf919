/*
 * test_io_csv.c: unit tests for io_csv_read. Inputs are written inline with
 * tu_write_tmp so each test shows the exact bytes it reads; messages are
 * compared in full because users see them verbatim.
 */
#include "testutil.h"

#include "io/io.h"

#include <stdlib.h>
#include <string.h>

/* Read text as a CSV file (see testutil.h). */
static int read_text(const char *text, struct io_table *t, struct le_err *err,
		     char **path_out)
{
	return tu_read_text(".csv", text, t, err, path_out);
}

static void expect_error(const char *text, int code, const char *suffix)
{
	tu_expect_read_error(".csv", text, code, suffix);
}

START_TEST(test_quotes_commas_newlines)
{
	struct io_table t;
	struct le_err err;
	char where[600], *path;

	ck_assert_int_eq(read_text("id,name,note\n"
				   "1,\"Smith, J\",\"said \"\"hi\"\"\"\n"
				   "2,\"two\nlines\nhere\",x\n"
				   "3,plain,\n",
				   &t, &err, &path), LE_OK);
	ck_assert_int_eq(t.ncols, 3);
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_int_eq(t.rowkind, IO_ROW_LINE);
	ck_assert_ptr_null(t.geoms);
	ck_assert_ptr_null(t.crs);
	ck_assert_str_eq(t.cols[0], "id");
	ck_assert_str_eq(t.cols[2], "note");
	ck_assert_str_eq(io_cell(&t, 0, 1), "Smith, J");
	ck_assert_str_eq(io_cell(&t, 0, 2), "said \"hi\"");
	ck_assert_str_eq(io_cell(&t, 1, 1), "two\nlines\nhere");
	ck_assert_str_eq(io_cell(&t, 2, 1), "plain");
	ck_assert_str_eq(io_cell(&t, 2, 2), "");
	/* Record 2 starts on line 3 and its quoted field runs to line 5, so
	 * record 3 is on line 6, not on its record number plus one. */
	ck_assert_int_eq(t.rowref[0], 2);
	ck_assert_int_eq(t.rowref[1], 3);
	ck_assert_int_eq(t.rowref[2], 6);
	io_where(&t, 2, where, sizeof(where));
	ck_assert_str_eq(where + strlen(path), ":6");
	ck_assert_int_eq(io_col(&t, "NAME"), 1);
	io_table_release(&t);
	free(path);
}
END_TEST

START_TEST(test_bom_crlf_no_final_newline)
{
	struct io_table t;
	struct le_err err;

	/* Excel style: BOM, quoted first name, CRLF, CRLF inside a field,
	 * blank lines (also one of spaces) and no newline at the very end. */
	ck_assert_int_eq(read_text("\xEF\xBB\xBF\"SeedCode\",Name\r\n"
				   "5520924,\"Abbey\r\nhill\"\r\n"
				   "\r\n"
				   "   \r\n"
				   "8212627,  Abbey  \r\n"
				   "9,last",
				   &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.ncols, 2);
	ck_assert_str_eq(t.cols[0], "SeedCode");
	ck_assert_int_eq(io_col(&t, "SeedCode"), 0);
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_str_eq(io_cell(&t, 0, 1), "Abbey\r\nhill");
	/* libcsv trims spaces around unquoted fields. */
	ck_assert_str_eq(io_cell(&t, 1, 1), "Abbey");
	ck_assert_str_eq(io_cell(&t, 2, 0), "9");
	ck_assert_str_eq(io_cell(&t, 2, 1), "last");
	ck_assert_int_eq(t.rowref[0], 2);
	ck_assert_int_eq(t.rowref[1], 6);
	ck_assert_int_eq(t.rowref[2], 7);
	io_table_release(&t);
}
END_TEST

START_TEST(test_header_only_and_utf8_text)
{
	struct io_table t;
	struct le_err err;

	ck_assert_int_eq(read_text("a,b\n", &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.ncols, 2);
	ck_assert_int_eq(t.nrows, 0);
	io_table_release(&t);

	/* Two-, three- and four-byte sequences are all accepted. */
	ck_assert_int_eq(read_text("name\nD\xC3\xB9n \xC3\x88ideann\n"
				   "\xE2\x82\xAC 5\n\xF0\x9F\x8F\xAB\n",
				   &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_str_eq(io_cell(&t, 0, 0), "D\xC3\xB9n \xC3\x88ideann");
	ck_assert_str_eq(io_cell(&t, 2, 0), "\xF0\x9F\x8F\xAB");
	io_table_release(&t);
}
END_TEST

/*
 * Lines of 16 bytes after a 17-byte header put a CR at byte 65535 and its
 * LF at 65536, i.e. across the reader's 64 KiB chunks: the line count must
 * still treat the pair as one newline.
 */
START_TEST(test_crlf_across_chunks)
{
	struct io_table t;
	struct le_err err;
	struct buf b;
	int i, n = 10000;

	buf_init(&b);
	buf_adds(&b, "aaaaaaaaaaaa,bb\r\n");
	for (i = 1; i <= n; i++)
		buf_addf(&b, "%05d,abcdefgh\r\n", i);
	/* A multi-line record at the very end checks the count is still on. */
	buf_adds(&b, "\"x\r\ny\",z\r\nlast,row\r\n");
	ck_assert_int_eq(read_text(b.s, &t, &err, NULL), LE_OK);
	ck_assert_int_eq(t.nrows, n + 2);
	for (i = 0; i < n; i++) {
		char want[16];
		snprintf(want, sizeof(want), "%05d", i + 1);
		ck_assert_str_eq(io_cell(&t, i, 0), want);
		ck_assert_int_eq(t.rowref[i], i + 2);
	}
	ck_assert_str_eq(io_cell(&t, n, 0), "x\r\ny");
	ck_assert_int_eq(t.rowref[n], n + 2);
	ck_assert_int_eq(t.rowref[n + 1], n + 4);
	io_table_release(&t);
	buf_release(&b);
}
END_TEST

START_TEST(test_ragged_rows)
{
	expect_error("a,b,c\n1,2,3\n4,5\n", LE_EPARSE,
		     ":3: row has 2 fields, the header has 3");
	/* Too many fields, after a multi-line field: the start line counts. */
	expect_error("a,b\n\"1\n2\",3\n\"4\n\",5,6\n", LE_EPARSE,
		     ":4: row has 3 fields, the header has 2");
	/* The last line without a newline is checked too. */
	expect_error("a,b\n1,2\n3", LE_EPARSE,
		     ":3: row has 1 fields, the header has 2");
}
END_TEST

START_TEST(test_quote_errors)
{
	/* Unterminated: reported at the line where the record starts. */
	expect_error("a,b\n1,2\n\n\"open,3\n4,5\n", LE_EPARSE,
		     ":4: a quote is not closed, or a field has text after"
		     " its closing quote (check the quotes on this line;"
		     " libcsv: error parsing data while strict checking enabled)");
	/* Stray quote inside an unquoted field. */
	expect_error("a,b\n1,2\nx\"y,3\n", LE_EPARSE,
		     ":3: a quote is not closed, or a field has text after"
		     " its closing quote (check the quotes on this line;"
		     " libcsv: error parsing data while strict checking enabled)");
	/* Text after a closing quote. */
	expect_error("a,b\n\"x\"y,3\n", LE_EPARSE,
		     ":2: a quote is not closed, or a field has text after"
		     " its closing quote (check the quotes on this line;"
		     " libcsv: error parsing data while strict checking enabled)");
}
END_TEST

START_TEST(test_header_errors)
{
	expect_error("id,name,ID,name\n1,2,3,4\n", LE_EPARSE,
		     ":1: column 'name' appears twice in the header");
	expect_error("id,,name\n1,2,3\n", LE_EPARSE,
		     ":1: column 2 of the header is empty");
	expect_error("id,name,\n1,2,3\n", LE_EPARSE,
		     ":1: column 3 of the header is empty");
	expect_error("", LE_EPARSE, ": empty file (expected a header line)");
	expect_error("\n\r\n  \n", LE_EPARSE, ": empty file (expected a header line)");
	expect_error("\xEF\xBB\xBF", LE_EPARSE, ": empty file (expected a header line)");
}
END_TEST

START_TEST(test_invalid_utf8)
{
	/* Latin-1 "é", as a spreadsheet saved in the wrong encoding. */
	expect_error("id,name\n1,ok\n2,Caf\xE9\n", LE_EPARSE,
		     ":3: column 'name': text is not valid UTF-8 but is valid Windows-1252 (\"Café\"), the encoding Excel and GIAS save CSV in: add 'encoding = windows-1252' to its section of the study file");
	/* Overlong "/" and a UTF-16 surrogate are not UTF-8 either. */
	expect_error("id,name\n\xC0\xAF,x\n", LE_EPARSE,
		     ":2: column 'id': text is not valid UTF-8 but is valid Windows-1252 (\"À¯\"), the encoding Excel and GIAS save CSV in: add 'encoding = windows-1252' to its section of the study file");
	expect_error("id,name\n1,\"a\n\xED\xA0\x80\"\n", LE_EPARSE,
		     ":2: column 'name': text is not valid UTF-8 but is valid Windows-1252, the encoding Excel and GIAS save CSV in: add 'encoding = windows-1252' to its section of the study file");
	/* A truncated sequence at the end of a field. */
	expect_error("id,name\n1,x\xE2\x82\n", LE_EPARSE,
		     ":2: column 'name': text is not valid UTF-8 but is valid Windows-1252 (\"xâ‚\"), the encoding Excel and GIAS save CSV in: add 'encoding = windows-1252' to its section of the study file");
	expect_error("id,n\xFFme\n1,x\n", LE_EPARSE,
		     ":1: column 2 of the header: text is not valid UTF-8 but is valid Windows-1252 (\"nÿme\"), the encoding Excel and GIAS save CSV in: add 'encoding = windows-1252' to its section of the study file");
	/* 0x81 is not Windows-1252 either: only UTF-8 is suggested. */
	expect_error("id,name\n1,ab\x81\n", LE_EPARSE,
		     ":2: column 'name': text is not valid UTF-8 (save the file as UTF-8, or name its encoding with 'encoding = ...' in its section of the study file)");
}
END_TEST

/*
 * io_utf8_bad, the one check every reader uses, on hand bytes: where the
 * first bad byte is, each rule of RFC 3629 on its own.
 */
START_TEST(test_utf8_bad_offsets)
{
	/* Valid: ASCII, 2-, 3- and 4-byte forms, and the edges of each
	 * range (U+0080, U+07FF, U+FFFF past the surrogates, U+10FFFF). */
	ck_assert_uint_eq(io_utf8_bad("", 0), 0);
	ck_assert_uint_eq(io_utf8_bad("Gh\xC3\xA0idhlig", 9), 9);
	ck_assert_uint_eq(io_utf8_bad("Mary\xE2\x80\x99s", 8), 8);
	ck_assert_uint_eq(io_utf8_bad("\xC2\x80\xDF\xBF\xEE\x80\x80\xEF\xBF\xBF\xF4\x8F\xBF\xBF", 14), 14);
	ck_assert_uint_eq(io_utf8_bad("\xF0\x9F\x8F\xAB", 4), 4);
	/* Latin-1 "à" (0xE0) then 'i': a lead byte whose second byte is
	 * out of range, counted at the lead byte. */
	ck_assert_uint_eq(io_utf8_bad("Gh\xE0idh", 6), 2);
	/* Windows-1252's apostrophe: a stray continuation byte. */
	ck_assert_uint_eq(io_utf8_bad("Mary\x92s", 6), 4);
	/* Overlong '/' (C0 AF), overlong 3-byte (E0 80 AF), a surrogate
	 * (ED A0 80), past U+10FFFF (F4 90 80 80), F5 and FF never lead. */
	ck_assert_uint_eq(io_utf8_bad("a\xC0\xAF", 3), 1);
	ck_assert_uint_eq(io_utf8_bad("\xE0\x80\xAF", 3), 0);
	ck_assert_uint_eq(io_utf8_bad("ab\xED\xA0\x80", 5), 2);
	ck_assert_uint_eq(io_utf8_bad("\xF4\x90\x80\x80", 4), 0);
	ck_assert_uint_eq(io_utf8_bad("\xF5\x80\x80\x80", 4), 0);
	ck_assert_uint_eq(io_utf8_bad("x\xFF", 2), 1);
	/* A sequence cut short by the end of the field, and one broken by
	 * ASCII in its third byte. */
	ck_assert_uint_eq(io_utf8_bad("abc\xE2\x80", 5), 3);
	ck_assert_uint_eq(io_utf8_bad("\xC3\xA9\xE2\x80" "A", 5), 2);
	/* Only n bytes count: a valid prefix of an invalid buffer. */
	ck_assert_uint_eq(io_utf8_bad("ok\x92", 2), 2);
	ck_assert_int_eq(io_utf8_valid("Gh\xC3\xA0", 4), 1);
	ck_assert_int_eq(io_utf8_valid("Gh\xE0", 3), 0);
}
END_TEST

START_TEST(test_cannot_open)
{
	struct io_table t;
	struct le_err err;
	char *dir = tu_tmpdir();
	char path[600], want[700];

	snprintf(path, sizeof(path), "%s/missing.csv", dir);
	io_table_init(&t);
	le_err_clear(&err);
	/* Through the dispatcher: .csv picks this reader. */
	ck_assert_int_eq(io_table_read(path, NULL, NULL, &t, &err), LE_EIO);
	snprintf(want, sizeof(want), "cannot open '%s': No such file or directory", path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(dir);
}
END_TEST

START_TEST(test_fixture_file)
{
	struct io_table t;
	struct le_err err;

	io_table_init(&t);
	le_err_clear(&err);
	ck_assert_int_eq(io_table_read(TDATA "io/schools_small.csv", NULL, NULL, &t, &err),
			 LE_OK);
	ck_assert_int_eq(t.ncols, 5);
	ck_assert_int_eq(t.nrows, 3);
	ck_assert_str_eq(t.cols[0], "SeedCode");
	ck_assert_str_eq(io_cell(&t, 0, 1), "Abbeyhill Primary School");
	ck_assert_str_eq(io_cell(&t, 1, 1), "St Mary's RC Primary School (Leith)");
	ck_assert_str_eq(io_cell(&t, 1, 4), "Leith, Edinburgh");
	ck_assert_str_eq(io_cell(&t, 2, 4), "Note: \"new\" building,\nopened 2023");
	ck_assert_str_eq(io_cell(&t, 2, 3), "");
	ck_assert_int_eq(t.rowref[0], 2);
	ck_assert_int_eq(t.rowref[1], 3);
	ck_assert_int_eq(t.rowref[2], 5);
	io_table_release(&t);
}
END_TEST

/* Write n bytes (which may hold NUL) to a temporary .csv and read it. */
static int read_bytes(const char *bytes, size_t n, struct io_table *t,
		      struct le_err *err, char **path_out)
{
	char *path = tu_write_tmp(".csv", "");
	FILE *fp = fopen(path, "wb");

	ck_assert_ptr_nonnull(fp);
	ck_assert_uint_eq(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
	io_table_init(t);
	le_err_clear(err);
	*path_out = path;
	return io_table_read(path, NULL, NULL, t, err);
}

START_TEST(test_nul_byte)
{
	/* "Leith\0 Academy" used to become "Leith" without a word. */
	static const char cell[] = "id,name\n1,ok\n2,Leith\0 Academy\n";
	static const char head[] = "id,na\0me\n1,x\n";
	static const char quoted[] = "id,name\n1,\"a\nb\0\"\n";
	struct io_table t;
	struct le_err err;
	char *path, want[700];

	ck_assert_int_eq(read_bytes(cell, sizeof(cell) - 1, &t, &err, &path), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s:3: column 'name': text holds a NUL byte at character 6 (the file is binary or damaged)",
		 path);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(t.nrows, 0);
	io_table_release(&t);
	free(path);

	ck_assert_int_eq(read_bytes(head, sizeof(head) - 1, &t, &err, &path), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s:1: column 2 of the header holds a NUL byte (the file is binary or damaged)",
		 path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(path);

	/* In a quoted field over two lines: the record's first line. */
	ck_assert_int_eq(read_bytes(quoted, sizeof(quoted) - 1, &t, &err, &path), LE_EPARSE);
	snprintf(want, sizeof(want),
		 "%s:2: column 'name': text holds a NUL byte at character 4 (the file is binary or damaged)",
		 path);
	ck_assert_str_eq(err.msg, want);
	io_table_release(&t);
	free(path);
}
END_TEST

START_TEST(test_huge_field)
{
	/*
	 * One 10 MB quoted field (with a newline in the middle), then a
	 * normal row. libcsv grew its buffer 128 bytes at a time, which
	 * took minutes under the sanitizers; with grow_field it is a
	 * handful of reallocs. The cell must come back whole.
	 */
	size_t big = 10u * 1024 * 1024, i, n;
	struct io_table t;
	struct le_err err;
	struct buf b;
	char *path;
	const char *c;

	buf_init(&b);
	buf_adds(&b, "id,text\n1,\"");
	for (i = 0; i < big; i++)
		buf_addc(&b, i == big / 2 ? '\n' : (char)('a' + i % 26));
	buf_adds(&b, "\"\n2,short\n");
	ck_assert_int_eq(read_bytes(b.s, b.len, &t, &err, &path), LE_OK);
	ck_assert_int_eq(t.nrows, 2);
	c = io_cell(&t, 0, 1);
	n = strlen(c);
	ck_assert_uint_eq(n, big);
	ck_assert_int_eq(c[0], 'a');
	ck_assert_int_eq(c[big / 2], '\n');
	ck_assert_int_eq(c[big - 1], (char)('a' + (big - 1) % 26));
	ck_assert_str_eq(io_cell(&t, 1, 1), "short");
	/* The field's newline moves the next record down one line. */
	ck_assert_int_eq(t.rowref[1], 4);
	io_table_release(&t);
	buf_release(&b);
	free(path);
}
END_TEST

/*
 * Read text (raw bytes) as a CSV file in encoding enc. Returns the code;
 * *path_out gets the file's path (free it).
 */
static int read_enc(const char *text, const char *enc, struct io_table *t,
		    struct le_err *err, char **path_out)
{
	char *path = tu_write_tmp(".csv", text);
	struct io_enc e;
	int rc;

	/* No key or section known: the advice names 'encoding'. */
	memset(&e, 0, sizeof(e));
	e.name = enc;
	io_table_init(t);
	le_err_clear(err);
	rc = io_csv_read_enc(path, &e, t, err);
	*path_out = path;
	return rc;
}

/* Expect enc reading of text to fail with code and "<path><suffix>",
 * leaving an empty table. */
static void expect_enc_error(const char *text, const char *enc, int code, const char *suffix)
{
	struct io_table t;
	struct le_err err;
	char *path, want[1200];

	ck_assert_int_eq(read_enc(text, enc, &t, &err, &path), code);
	snprintf(want, sizeof(want), "%s%s", path, suffix);
	ck_assert_str_eq(err.msg, want);
	ck_assert_int_eq(t.nrows, 0);
	ck_assert_int_eq(t.ncols, 0);
	io_table_release(&t);
	free(path);
}

START_TEST(test_encoding_windows1252)
{
	struct io_table t;
	struct le_err err;
	char *path;

	/* GIAS's bytes: 0x92 is the right single quote, 0xE9 e acute, 0x80
	 * the euro sign, 0xE0 a grave; the header is recoded too. */
	ck_assert_int_eq(read_enc("URN,EstablishmentName,Caf\xE9\n"
				  "1,St Mary\x92s,\x80 5\n"
				  "2,\"Sgoil Gh\xE0idhlig, \x93Ur\x94\",x\n",
				  "windows-1252", &t, &err, &path), LE_OK);
	ck_assert_int_eq(t.ncols, 3);
	ck_assert_int_eq(t.nrows, 2);
	ck_assert_str_eq(t.cols[2], "Caf\xC3\xA9");
	ck_assert_str_eq(io_cell(&t, 0, 1), "St Mary\xE2\x80\x99s");
	ck_assert_str_eq(io_cell(&t, 0, 2), "\xE2\x82\xAC 5");
	ck_assert_str_eq(io_cell(&t, 1, 1),
			 "Sgoil Gh\xC3\xA0idhlig, \xE2\x80\x9CUr\xE2\x80\x9D");
	ck_assert_int_eq(t.rowref[1], 3);
	io_table_release(&t);
	free(path);
	/* The same name as Latin-1: 0x92 is the C1 control U+0092, which
	 * is why the name of the encoding matters. */
	ck_assert_int_eq(read_enc("id,name\n1,St Mary\x92s\n", "latin1", &t, &err, &path),
			 LE_OK);
	ck_assert_str_eq(io_cell(&t, 0, 1), "St Mary\xC2\x92s");
	io_table_release(&t);
	free(path);
	/* utf-8 named explicitly is the default reader, BOM and all. */
	ck_assert_int_eq(read_enc("\xEF\xBB\xBFid,name\n1,St Mary\xE2\x80\x99s\n", "UTF-8",
				  &t, &err, &path), LE_OK);
	ck_assert_str_eq(t.cols[0], "id");
	ck_assert_str_eq(io_cell(&t, 0, 1), "St Mary\xE2\x80\x99s");
	io_table_release(&t);
	free(path);
}
END_TEST

START_TEST(test_encoding_errors)
{
	ck_assert_int_eq(io_csv_encoding(NULL), IO_ENC_OK);
	ck_assert_int_eq(io_csv_encoding("utf8"), IO_ENC_OK);
	ck_assert_int_eq(io_csv_encoding("windows-1252"), IO_ENC_OK);
	ck_assert_int_eq(io_csv_encoding("CP1252"), IO_ENC_OK);
	ck_assert_int_eq(io_csv_encoding("latin1"), IO_ENC_OK);
	ck_assert_int_eq(io_csv_encoding("windows-1999"), IO_ENC_UNKNOWN);
	ck_assert_int_eq(io_csv_encoding("UTF-16"), IO_ENC_NOT_ASCII);
	/* 0x81 is one of the five bytes Windows-1252 leaves undefined. */
	expect_enc_error("id,name\n1,ok\n2,ab\x81\x63\n", "windows-1252", LE_EPARSE,
			 ":3: column 'name': byte 0x81 (byte 3 of the field) is not valid windows-1252 text (check 'encoding = windows-1252' in the study file)");
	expect_enc_error("id,n\x8Dme\n", "windows-1252", LE_EPARSE,
			 ":1: column 2 of the header: byte 0x8D (byte 2 of the field) is not valid windows-1252 text (check 'encoding = windows-1252' in the study file)");
	/* A BOM says the file is UTF-8 whatever the study says. */
	expect_enc_error("\xEF\xBB\xBFid,name\n1,x\n", "windows-1252", LE_EPARSE,
			 ":1: the file starts with a UTF-8 byte order mark, so it is UTF-8, not windows-1252: remove 'encoding = windows-1252' from the study file");
	expect_enc_error("id\n1\n", "windows-1999", LE_EUSAGE,
			 ": unknown encoding 'windows-1999'");
	expect_enc_error("id\n1\n", "UTF-16", LE_EUSAGE,
			 ": encoding 'UTF-16' does not write ASCII as ASCII; the CSV reader needs one that does");
}
END_TEST

Suite *suite_io_csv(void)
{
	Suite *s = suite_create("io_csv");
	TCase *tc = tcase_create("read");

	tcase_add_test(tc, test_quotes_commas_newlines);
	tcase_add_test(tc, test_bom_crlf_no_final_newline);
	tcase_add_test(tc, test_header_only_and_utf8_text);
	tcase_add_test(tc, test_crlf_across_chunks);
	tcase_add_test(tc, test_ragged_rows);
	tcase_add_test(tc, test_quote_errors);
	tcase_add_test(tc, test_header_errors);
	tcase_add_test(tc, test_invalid_utf8);
	tcase_add_test(tc, test_utf8_bad_offsets);
	tcase_add_test(tc, test_encoding_windows1252);
	tcase_add_test(tc, test_encoding_errors);
	tcase_add_test(tc, test_cannot_open);
	tcase_add_test(tc, test_fixture_file);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_huge_field);
	suite_add_tcase(s, tc);
	return s;
}
