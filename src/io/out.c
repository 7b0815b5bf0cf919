/*
 * out.c: atomic output files. Everything estate writes goes to
 * "<name>.tmp" first and is renamed over the real name only when complete,
 * so a failed run leaves the previous results intact and never a
 * half-written file.
 */
#include "io/io.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int io_out_open(struct io_out *o, const char *path, struct le_err *err)
{
	struct buf b;

	memset(o, 0, sizeof(*o));
	buf_init(&b);
	buf_addf(&b, "%s.tmp", path);
	o->fp = fopen(b.s, "wb");
	if (!o->fp) {
		int e = errno;
		buf_release(&b);
		return le_errf(err, LE_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	o->path = xstrdup(path);
	o->tmp = b.s;
	return LE_OK;
}

int io_out_commit(struct io_out *o, struct le_err *err)
{
	int bad = ferror(o->fp);

	/* fclose flushes: its failure (disk full) is a write failure too. */
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (bad) {
		remove(o->tmp);
		le_errf(err, LE_EIO, "cannot write '%s': write failed", o->path);
	} else if (rename(o->tmp, o->path) != 0) {
		int e = errno;
		remove(o->tmp);
		bad = 1;
		le_errf(err, LE_EIO, "cannot write '%s': %s", o->path, strerror(e));
	}
	free(o->path);
	free(o->tmp);
	o->path = o->tmp = NULL;
	return bad ? LE_EIO : LE_OK;
}

void io_out_abort(struct io_out *o)
{
	if (o->fp) {
		fclose(o->fp);
		remove(o->tmp);
	}
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof(*o));
}

int io_mkdirs(const char *dir, struct le_err *err)
{
	char *p = xstrdup(dir), *s;
	int rc = LE_OK;

	/* Create each prefix in turn; an existing folder is fine. */
	for (s = p + 1; ; s++) {
		if (*s == '/' || *s == '\0') {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				rc = le_errf(err, LE_EIO, "cannot create folder '%s': %s",
					     p, strerror(errno));
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}
