/*
 * err.c: the error slot (first error wins) and the diagnostics list that
 * collects warnings and non-fatal errors for reports.
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

	buf_init(&b);
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	buf_adds(&b, tmp);
	ALLOC_GROW(d->v, d->n + 1, d->alloc);
	d->v[d->n].severity = severity;
	d->v[d->n].topic = xstrdup(topic ? topic : "");
	d->v[d->n].msg = buf_detach(&b);
	d->n++;
	buf_release(&b);
	if (severity == LE_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
}
