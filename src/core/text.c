/*
 * text.c: small string and path helpers: ASCII case-insensitive compare,
 * trimming, strict number parsing (the whole field must be the number, so
 * "12 pupils" or "1,200" is rejected rather than read as 12 or 1), and
 * path joining relative to a study file.
 */
#include "core/core.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int le_strcaseeq(const char *a, const char *b)
{
	while (*a && *b) {
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		a++;
		b++;
	}
	return *a == *b;
}

char *le_trim(char *s)
{
	size_t n = strlen(s), i = 0;

	while (n > 0 && isspace((unsigned char)s[n - 1]))
		s[--n] = '\0';
	while (isspace((unsigned char)s[i]))
		i++;
	if (i)
		memmove(s, s + i, n - i + 1);
	return s;
}

/* Copy s without surrounding spaces into tmp (size n); NULL if too long. */
static const char *trimmed(const char *s, char *tmp, size_t n)
{
	size_t len;

	while (isspace((unsigned char)*s))
		s++;
	len = strlen(s);
	while (len > 0 && isspace((unsigned char)s[len - 1]))
		len--;
	if (len >= n)
		return NULL;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return tmp;
}

int le_parse_double(const char *s, double *out)
{
	char tmp[64], *end;
	const char *t = trimmed(s, tmp, sizeof(tmp));
	double v;

	if (!t || !*t)
		return -1;
	errno = 0;
	v = strtod(t, &end);
	/* strtod takes "nan", "inf" and hex floats: a data file means none. */
	if (*end || errno == ERANGE || !isfinite(v))
		return -1;
	if (strpbrk(t, "xXnNiI"))
		return -1;
	*out = v;
	return 0;
}

int le_parse_long(const char *s, long *out)
{
	char tmp[64], *end;
	const char *t = trimmed(s, tmp, sizeof(tmp));
	long v;

	if (!t || !*t)
		return -1;
	errno = 0;
	v = strtol(t, &end, 10);
	if (*end || errno == ERANGE)
		return -1;
	*out = v;
	return 0;
}

char *le_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup(".");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
}

/*
 * Remove "./" and "dir/../" segments in place, so that messages show
 * "gis/edinburgh/schools.csv" rather than
 * "scenarios/edinburgh/../../gis/edinburgh/schools.csv". Purely lexical:
 * a leading "../" that cannot be resolved is kept.
 */
static void normalise(char *path)
{
	char *seg[256];
	size_t lens[256];
	int n = 0, i, absolute = path[0] == '/';
	char *p = path, *out;

	while (*p) {
		char *e;
		size_t len;
		while (*p == '/')
			p++;
		if (!*p)
			break;
		e = strchr(p, '/');
		len = e ? (size_t)(e - p) : strlen(p);
		if (len == 1 && p[0] == '.') {
			/* "." adds nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && n > 0 &&
			   !(lens[n - 1] == 2 && !strncmp(seg[n - 1], "..", 2))) {
			n--;
		} else if (n < 256) {
			seg[n] = p;
			lens[n++] = len;
		} else {
			return;   /* absurdly deep: leave the path as it is */
		}
		p += len;
	}
	out = path;
	if (absolute)
		*out++ = '/';
	for (i = 0; i < n; i++) {
		if (i)
			*out++ = '/';
		memmove(out, seg[i], lens[i]);
		out += lens[i];
	}
	if (out == path)
		*out++ = '.';
	*out = '\0';
}

char *le_path_join(const char *dir, const char *path)
{
	struct buf b;

	if (path[0] == '/' || !dir || !*dir || strcmp(dir, ".") == 0)
		return xstrdup(path);
	buf_init(&b);
	buf_adds(&b, dir);
	if (b.s[b.len - 1] != '/')
		buf_addc(&b, '/');
	buf_adds(&b, path);
	normalise(b.s);
	return b.s;
}

const char *le_basename(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}
