/*
 * ini.c: plain parameter files (models/<name>.ini) as a list of entries.
 *
 * The study reader (study.c) knows its keys and checks them while it
 * parses; a parameter file's keys belong to the module that reads it, so
 * this reader only splits lines and remembers where each entry was.
 * The syntax is the study's: '[section]', 'key = value' (or ':'), comments
 * from ';' / '#' at the start of a line and from ' ;' after a value.
 *
 * Invariants: entries and sections are in file order; an entry's
 * section_line is the line of its section header (0 before any), so two
 * sections of one name stay apart; after a failure ini is empty.
 */
#include "io/io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static void add(struct io_ini *ini, const char *sec, const char *key,
		const char *val, int line, int sec_line)
{
	ini->v = xrealloc(ini->v, sizeof(*ini->v) * ((size_t)ini->n + 1));
	ini->v[ini->n].section = xstrdup(sec);
	ini->v[ini->n].key = xstrdup(key);
	ini->v[ini->n].val = xstrdup(val);
	ini->v[ini->n].line = line;
	ini->v[ini->n].section_line = sec_line;
	ini->n++;
}

/* Cut an inline comment: ';' or '#' after white space, as inih does for
 * ';' (and '#' too, so that "0.85 # source" reads as planners expect). */
static void cut_comment(char *s)
{
	char *p;

	for (p = s + 1; *p; p++)
		if ((*p == ';' || *p == '#') && (p[-1] == ' ' || p[-1] == '\t')) {
			*p = '\0';
			return;
		}
}

int io_ini_read(const char *path, struct io_ini *ini, struct le_err *err)
{
	FILE *fp = NULL;
	char line[1024], *sec = xstrdup(""), *s, *eq;
	int lineno = 0, rc = LE_OK, sec_line = 0;
	size_t bad;

	memset(ini, 0, sizeof(*ini));
	ini->path = xstrdup(path);
	fp = fopen(path, "rb");
	if (!fp) {
		rc = le_errf(err, LE_EIO, "cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	while (fgets(line, sizeof(line), fp)) {
		lineno++;
		/* A line longer than the buffer would be split silently. */
		if (!strchr(line, '\n') && !feof(fp)) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: line is longer than %d characters",
				     path, lineno, (int)sizeof(line) - 2);
			goto done;
		}
		s = line;
		if (lineno == 1 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
			s += 3;
		/* Scenario names and descriptions reach the outputs, which
		 * declare UTF-8: the study file's rule (study.c). */
		if ((bad = io_utf8_bad(s, strlen(s))) < strlen(s)) {
			rc = le_errf(err, LE_EPARSE,
				     "%s:%d: text is not valid UTF-8 (byte 0x%02X, byte %zu of the line; save the file as UTF-8)",
				     path, lineno, (unsigned)(unsigned char)s[bad],
				     bad + 1 + (size_t)(s - line));
			goto done;
		}
		le_trim(s);
		if (!*s || *s == ';' || *s == '#')
			continue;
		cut_comment(s);
		le_trim(s);
		if (*s == '[') {
			char *close = strchr(s, ']');
			if (!close || close[1]) {
				rc = le_errf(err, LE_EPARSE, "%s:%d: expected 'key = value', a [section] or a comment, got '%s'",
					     path, lineno, s);
				goto done;
			}
			*close = '\0';
			free(sec);
			sec = xstrdup(le_trim(s + 1));
			sec_line = lineno;
			/* Kept even when empty: a reader whose sections are
			 * records (scenario changes) must see an empty one. */
			ini->secs = xrealloc(ini->secs, sizeof(*ini->secs) * ((size_t)ini->nsecs + 1));
			ini->secs[ini->nsecs].name = xstrdup(sec);
			ini->secs[ini->nsecs].line = lineno;
			ini->nsecs++;
			continue;
		}
		eq = strpbrk(s, "=:");
		if (!eq || eq == s) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: expected 'key = value', a [section] or a comment, got '%s'",
				     path, lineno, s);
			goto done;
		}
		*eq = '\0';
		le_trim(s);
		le_trim(eq + 1);
		if (!eq[1]) {
			rc = le_errf(err, LE_EPARSE, "%s:%d: '%s' has no value", path, lineno, s);
			goto done;
		}
		add(ini, sec, s, eq + 1, lineno, sec_line);
	}
	if (ferror(fp))
		rc = le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(errno));
done:
	if (fp)
		fclose(fp);
	free(sec);
	if (rc)
		io_ini_release(ini);
	return rc;
}

void io_ini_release(struct io_ini *ini)
{
	int i;

	if (!ini)
		return;
	for (i = 0; i < ini->n; i++) {
		free(ini->v[i].section);
		free(ini->v[i].key);
		free(ini->v[i].val);
	}
	free(ini->v);
	for (i = 0; i < ini->nsecs; i++)
		free(ini->secs[i].name);
	free(ini->secs);
	free(ini->path);
	memset(ini, 0, sizeof(*ini));
}

int io_ini_number(const struct io_ini *ini, const struct io_ini_entry *e,
		  double lo, double hi, const char *what, double *out,
		  struct le_err *err)
{
	if (le_parse_double(e->val, out) != 0 || *out < lo || *out > hi)
		return le_errf(err, LE_EPARSE, "%s:%d: [%s] %s must be %s, got '%s'",
			       ini->path, e->line, e->section, e->key, what, e->val);
	return LE_OK;
}
