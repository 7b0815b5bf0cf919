/*
 * err.c: the error slot (first error wins) and the diagnostics list that
 * collects warnings and non-fatal errors for reports.
 *
 * Two channels, on purpose. struct le_err carries the one error that stops
 * an operation (a file that cannot be parsed, a scenario naming an unknown
 * school); struct le_diags carries findings a planner should read but that
 * do not stop a load (a zone with population but no polygon, a school
 * without capacity, a repaired polygon). `estate check` prints the list
 * and exits 1 only when it holds errors, so councils can load imperfect
 * published data and still see every problem at once.
 *
 * Neither channel prints: library code never writes to stderr; cli/
 * reports, once.
 */
#include "core/core.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void le_err_clear(struct le_err *err)
{
	if (!err)
		return;
	err->code = LE_OK;
	err->msg[0] = '\0';
}

int le_errf(struct le_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	/* A NULL slot means the caller does not want the message, only the
	 * code. */
	if (!err)
		return code;
	/* The first error is the cause; later ones are usually consequences. */
	if (err->code != LE_OK)
		return err->code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

const char *le_code_name(int code)
{
	/* Indexed by the LE_* code values in core.h; the names are what
	 * the test cases' expected failures compare against, so keep the
	 * two in step. */
	static const char *names[] = {
		"LE_OK", "LE_EIO", "LE_EPARSE", "LE_EDATA",
		"LE_EGEO", "LE_EDB", "LE_EUSAGE"
	};
	if (code < 0 || code >= (int)(sizeof(names) / sizeof(names[0])))
		return "LE_E?";
	return names[code];
}

void le_diags_init(struct le_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void le_diags_release(struct le_diags *d)
{
	size_t i;

	if (!d)
		return;
	for (i = 0; i < d->n; i++) {
		free(d->v[i].topic);
		free(d->v[i].msg);
	}
	free(d->v);
	le_diags_init(d);
}

void le_diag_add(struct le_diags *d, int severity, const char *topic,
		 const char *fmt, ...)
{
	struct buf b;
	va_list ap;
	char tmp[1024];

	/* Formatted once into a fixed buffer: a diagnostic is a one-line
	 * message, and 1 KiB leaves room for a file path, an id and a
	 * value; longer text is truncated rather than failing. */
	buf_init(&b);
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_adds(&b, tmp);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	d->v[d->n].severity = severity;
	/* The topic names the kind of finding ("population without
	 * polygon", "repaired polygon"), which the check report groups
	 * and counts by; "" rather than NULL keeps the printers simple. */
	d->v[d->n].topic = xstrdup(topic ? topic : "");
	d->v[d->n].msg = buf_detach(&b);
	/* buf_detach left b holding a fresh empty buffer; the release
	 * below frees that, not the message now owned by the list. */
	d->n++;
	buf_release(&b);
	/* Counted as they are added so callers decide the exit code
	 * without scanning the list. */
	if (severity == LE_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}
