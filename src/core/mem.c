/*
 * mem.c: allocation that never returns NULL, and the growable string
 * buffer. Out of memory is not a condition estate can recover from in a
 * useful way, so it aborts with a message (as Redis and git do).
 *
 * Zero-size requests are bumped to one byte so that a successful call
 * never returns NULL (malloc(0) may), which lets callers treat NULL as
 * "never allocated" and empty arrays need no special case.
 *
 * struct buf invariant: s is always NUL-terminated and len < alloc, so b.s
 * can be handed to any string function at any time. A released buf has s
 * == NULL and must be buf_init()ed again before use; buf_detach() hands
 * the string to the caller (free() it) and leaves the buf usable.
 */
#include "core/core.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* The only place outside cli/ that writes to stderr: there is no caller
 * left to report to once memory is gone, and abort() leaves a core for a
 * developer. */
static void oom(size_t n)
{
	fprintf(stderr, "estate: out of memory allocating %zu bytes\n", n);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		/* May wrap for absurd sizes; only the message suffers,
		 * calloc itself checks the product. */
		oom(nmemb * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void buf_init(struct buf *b)
{
	/* Allocated at once so that b->s is a valid empty string from the
	 * start. */
	b->alloc = 64;
	b->len = 0;
	b->s = xmalloc(b->alloc);
	b->s[0] = '\0';
}

void buf_release(struct buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->alloc = 0;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->s[0] = '\0';
}

void buf_add(struct buf *b, const void *data, size_t n)
{
	/* + 1 for the terminator the invariant promises. */
	ALLOC_GROW(b->s, b->len + n + 1, b->alloc);
	memcpy(b->s + b->len, data, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	/* Try to format into the spare room first: most strings fit,
	 * saving a second vsnprintf pass. */
	n = vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
	va_end(ap);
	/* An encoding error: leave the buffer as it was (any partial write
	 * sits past len and is ignored). */
	if (n < 0)
		return;
	if ((size_t)n >= b->alloc - b->len) {
		/* Too small: grow to fit and format again. */
		ALLOC_GROW(b->s, b->len + (size_t)n + 1, b->alloc);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->alloc - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

char *buf_detach(struct buf *b)
{
	char *s = b->s;
	/* Re-initialised rather than zeroed so callers may keep using b,
	 * and a following buf_release() stays safe. */
	buf_init(b);
	return s;
}
