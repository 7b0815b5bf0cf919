/*
 * strmap.c: string -> int hash map with open addressing and linear
 * probing (FNV-1a hash). The table is kept at most half full, so probes
 * stay short; it only grows (ids are never removed).
 *
 * Used for every id join (school ids, zone ids, council codes, CSV column
 * names, OSM node keys), so the map owns a private copy of each key:
 * callers may free or reuse the string they passed. Values are the
 * caller's indices into its flat arrays; -1 is the "absent" answer of get
 * and put, so a stored -1 cannot be told from a missing key.
 *
 * Invariants: cap is 0 or a power of two (slot() masks with cap - 1), and
 * the table is at most half full after every put, so a probe always meets
 * an empty slot and the loop in slot() terminates.
 */
#include "core/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* 64-bit FNV-1a: ids are short ASCII codes (S01008..., 5244438) that
 * differ in a few trailing characters, and FNV spreads those well at no
 * setup cost. */
static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void strmap_init(struct strmap *m)
{
	memset(m, 0, sizeof(*m));
}

void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		free(m->keys[i]);
	free(m->keys);
	free(m->vals);
	strmap_init(m);
}

static size_t slot(const struct strmap *m, const char *key)
{
	/* Only valid with cap > 0 and at least one empty slot: callers
	 * check cap, and grow() keeps the table half empty. */
	size_t i = (size_t)(hash(key) & (m->cap - 1));
	while (m->keys[i] && strcmp(m->keys[i], key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

int strmap_get(const struct strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return -1;
	i = slot(m, key);
	return m->keys[i] ? m->vals[i] : -1;
}

static void grow(struct strmap *m)
{
	/* Keys are moved, not copied: the new table takes over the old
	 * strings, so only the two arrays are freed below. */
	struct strmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 64;
	m->keys = xcalloc(m->cap, sizeof(*m->keys));
	m->vals = xcalloc(m->cap, sizeof(*m->vals));
	for (i = 0; i < old.cap; i++) {
		if (old.keys[i]) {
			size_t j = slot(m, old.keys[i]);
			m->keys[j] = old.keys[i];
			m->vals[j] = old.vals[i];
		}
	}
	free(old.keys);
	free(old.vals);
}

int strmap_put(struct strmap *m, const char *key, int val)
{
	size_t i;

	/* Grow before probing, even when the key turns out to be present:
	 * simpler than probing twice, and costs at most one early
	 * doubling. */
	if ((m->n + 1) * 2 > m->cap)
		grow(m);
	i = slot(m, key);
	/* An existing key keeps its first value and the caller gets that
	 * back: it is how readers detect a duplicate id without a separate
	 * lookup. */
	if (m->keys[i])
		return m->vals[i];
	m->keys[i] = xstrdup(key);
	m->vals[i] = val;
	m->n++;
	return -1;
}
