/*
 * hash.c: incremental FNV-1a (64-bit) for cache keys, and XXH64 for
 * the bulk bytes that go into them (files) or are checked by them
 * (cached blobs). Numbers are hashed through fixed text forms so that
 * the key does not depend on padding bytes or on the machine's byte
 * order.
 */
#include "core/core.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bytes read at a time by le_hash_file (a multiple of XXH64's stripe). */
#define HASH_CHUNK (1 << 20)

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
	struct le_xxh64 x;
	unsigned char *chunk;
	ssize_t n = 0;
	uint64_t d[2];
	int fd, e = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(errno));
	/* read(2) into one buffer rather than stdio: no second copy. */
	chunk = xmalloc(HASH_CHUNK);
	le_xxh64_init(&x);
	while ((n = read(fd, chunk, HASH_CHUNK)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		le_xxh64_add(&x, chunk, (size_t)n);
	}
	free(chunk);
	close(fd);
	if (e)
		return le_errf(err, LE_EIO, "cannot read '%s': %s", path, strerror(e));
	/* The digest and the length go into the key: a fixed 16 bytes
	 * whatever the file's size. */
	d[0] = le_xxh64_digest(&x);
	d[1] = x.total;
	le_hash_add(h, d, sizeof(d));
	return LE_OK;
}

void le_hash_hex(const struct le_hash *h, char *out)
{
	snprintf(out, 17, "%016llx", h->h);
}

/* ---------------------------------------------------------------- xxh64
 *
 * Files and large blobs are hashed with XXH64 (Yann Collet's xxHash,
 * 64-bit, seed 0; the reference's test vectors are in test_core.c):
 * FNV-1a takes one multiply per byte, about 1 GB/s, where XXH64 takes
 * four independent lanes of 8 bytes, several GB/s. It runs on the road
 * file of every command that needs the network (a Scotland-size
 * GeoJSON is 360 MB), so its speed is the cache's floor.
 */

#define XXH_P1 0x9E3779B185EBCA87ULL
#define XXH_P2 0xC2B2AE3D27D4EB4FULL
#define XXH_P3 0x165667B19E3779F9ULL
#define XXH_P4 0x85EBCA77C2B2AE63ULL
#define XXH_P5 0x27D4EB2F165667C5ULL

static uint64_t rotl64(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

/* Little-endian loads whatever the machine: the digest is the
 * reference's everywhere. memcpy: no alignment assumed. */
static uint64_t read64le(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static uint32_t read32le(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static uint64_t xxh_round(uint64_t acc, uint64_t in)
{
	acc += in * XXH_P2;
	acc = rotl64(acc, 31);
	return acc * XXH_P1;
}

static uint64_t xxh_merge(uint64_t acc, uint64_t v)
{
	acc ^= xxh_round(0, v);
	return acc * XXH_P1 + XXH_P4;
}

void le_xxh64_init(struct le_xxh64 *s)
{
	memset(s, 0, sizeof(*s));
	s->v[0] = XXH_P1 + XXH_P2;
	s->v[1] = XXH_P2;
	s->v[2] = 0;
	s->v[3] = 0 - XXH_P1;
}

/* Whole 32-byte stripes from p; returns the bytes consumed. */
static size_t xxh_stripes(uint64_t *v, const unsigned char *p, size_t n)
{
	uint64_t v0 = v[0], v1 = v[1], v2 = v[2], v3 = v[3];
	size_t i;

	/* Four lanes in locals: independent multiplies the CPU overlaps. */
	for (i = 0; i + 32 <= n; i += 32) {
		v0 = xxh_round(v0, read64le(p + i));
		v1 = xxh_round(v1, read64le(p + i + 8));
		v2 = xxh_round(v2, read64le(p + i + 16));
		v3 = xxh_round(v3, read64le(p + i + 24));
	}
	v[0] = v0;
	v[1] = v1;
	v[2] = v2;
	v[3] = v3;
	return i;
}

void le_xxh64_add(struct le_xxh64 *s, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t k;

	s->total += n;
	/* Top up a partial stripe left by the previous call first. */
	if (s->nbuf) {
		k = 32 - s->nbuf < n ? 32 - s->nbuf : n;
		memcpy(s->buf + s->nbuf, p, k);
		s->nbuf += (unsigned)k;
		p += k;
		n -= k;
		if (s->nbuf < 32)
			return;
		xxh_stripes(s->v, s->buf, 32);
		s->nbuf = 0;
	}
	k = xxh_stripes(s->v, p, n);
	memcpy(s->buf, p + k, n - k);
	s->nbuf = (unsigned)(n - k);
}

uint64_t le_xxh64_digest(const struct le_xxh64 *s)
{
	const unsigned char *p = s->buf;
	size_t n = s->nbuf;
	uint64_t h;

	if (s->total >= 32) {
		h = rotl64(s->v[0], 1) + rotl64(s->v[1], 7) + rotl64(s->v[2], 12) +
		    rotl64(s->v[3], 18);
		h = xxh_merge(h, s->v[0]);
		h = xxh_merge(h, s->v[1]);
		h = xxh_merge(h, s->v[2]);
		h = xxh_merge(h, s->v[3]);
	} else {
		h = XXH_P5;
	}
	h += s->total;
	for (; n >= 8; p += 8, n -= 8) {
		h ^= xxh_round(0, read64le(p));
		h = rotl64(h, 27) * XXH_P1 + XXH_P4;
	}
	if (n >= 4) {
		h ^= (uint64_t)read32le(p) * XXH_P1;
		h = rotl64(h, 23) * XXH_P2 + XXH_P3;
		p += 4;
		n -= 4;
	}
	for (; n > 0; p++, n--) {
		h ^= *p * XXH_P5;
		h = rotl64(h, 11) * XXH_P1;
	}
	h ^= h >> 33;
	h *= XXH_P2;
	h ^= h >> 29;
	h *= XXH_P3;
	h ^= h >> 32;
	return h;
}

uint64_t le_xxh64(const void *data, size_t n)
{
	struct le_xxh64 s;

	le_xxh64_init(&s);
	le_xxh64_add(&s, data, n);
	return le_xxh64_digest(&s);
}
