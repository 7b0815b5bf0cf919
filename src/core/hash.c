/*
 * hash.c: incremental FNV-1a (64-bit) for cache keys. Numbers are hashed
 * through fixed text forms so that the key does not depend on padding
 * bytes or on the machine's byte order.
 */
#include "core/core.h"

#include <errno.h>
#include <string.h>

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

void le_hash_init(struct le_hash *h)
{
	h->h = FNV_OFFSET;
}

void le_hash_add(struct le_hash *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	unsigned long long x = h->h;
	size_t i;

	for (i = 0; i < n; i++) {
		x ^= p[i];
		x *= FNV_PRIME;
	}
	h->h = x;
}

void le_hash_str(struct le_hash *h, const char *s)
{
	/* The NUL separates "ab"+"c" from "a"+"bc". */
	le_hash_add(h, s ? s : "", strlen(s ? s : "") + 1);
}

void le_hash_double(struct le_hash *h, double v)
{
	char tmp[40];
	/* %.17g round-trips every double exactly. */
	snprintf(tmp, sizeof(tmp), "%.17g", v);
	le_hash_str(h, tmp);
}

void le_hash_int(struct le_hash *h, long long v)
{
	char tmp[32];
	snprintf(tmp, sizeof(tmp), "%lld", v);
	le_hash_str(h, tmp);
}

int le_hash_file(struct le_hash *h, const char *path, struct le_err *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int bad;

	if (!fp)
		return le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		le_hash_add(h, chunk, n);
	bad = ferror(fp);
	fclose(fp);
	if (bad)
		return le_errf(err, LE_EIO, "cannot read '%s': read error", path);
	return LE_OK;
}

void le_hash_hex(const struct le_hash *h, char *out)
{
	snprintf(out, 17, "%016llx", h->h);
}
