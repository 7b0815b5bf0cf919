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
#include <stdio.h>
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

/* Powers of ten, exact in a double up to 1e22: 10^dec for le_fmt_fixed. */
static const double fmt_pow10[10] = {
	1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9
};

int le_fmt_fixed(double v, int dec, char *out)
{
	double a, fl, frac;
	unsigned long long q;
	char dig[32];
	int nd = 0, len = 0, i;

	/* Only finite values of at most 2^40 once scaled take the fast path:
	 * the product a = |v| x 10^dec is one correctly rounded multiply
	 * (10^dec is exact), so it is within half an ulp of the true value,
	 * and below 2^40 an ulp is at most 2^-12. */
	if (dec < 0 || dec > 9 || !isfinite(v))
		return snprintf(out, 32, "%.*f", dec, v);
	a = fabs(v) * fmt_pow10[dec];
	if (!(a < 1099511627776.0))
		return snprintf(out, 32, "%.*f", dec, v);
	fl = floor(a);
	frac = a - fl;
	/* printf rounds the exact binary value to nearest, ties to even. If
	 * the computed fraction is more than 2^-10 from one half, the true
	 * fraction (off by at most 2^-13) is on the same side, so rounding
	 * up or down is decided; otherwise (a tie or nearly) printf decides.
	 * Fractions near 0 or 1 need no care: both neighbours round to the
	 * same integer. */
	if (fabs(frac - 0.5) <= 1.0 / 1024)
		return snprintf(out, 32, "%.*f", dec, v);
	q = (unsigned long long)fl + (frac > 0.5);
	/* The digits of q, least significant first, at least dec + 1 of
	 * them so that there is a 0 before the point ("0.05"). */
	do {
		dig[nd++] = (char)('0' + q % 10);
		q /= 10;
	} while (q);
	while (nd < dec + 1)
		dig[nd++] = '0';
	/* printf keeps the sign of a negative value that rounds to zero
	 * ("-0.00") and of -0.0: callers that mind strip it themselves. */
	if (signbit(v))
		out[len++] = '-';
	for (i = nd - 1; i >= 0; i--) {
		out[len++] = dig[i];
		if (i == dec && dec > 0)
			out[len++] = '.';
	}
	out[len] = '\0';
	return len;
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
