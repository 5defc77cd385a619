/* numstyle.c - numbers for people, in the style of the user's LC_NUMERIC. */
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numstyle.h"

void numstyle_plain(struct numstyle *s)
{
	memset(s, 0, sizeof(*s));
	s->point[0] = '.';
}

void numstyle_classic(struct numstyle *s)
{
	numstyle_plain(s);
	s->thousands[0] = ',';
	s->grouping[0] = 3;
}

/* Copies a locale's string, or leaves dst "" when it does not fit: a half separator would be
 * worse than none. */
static void copy_text(char *dst, const char *src)
{
	size_t len = src ? strlen(src) : 0;

	dst[0] = '\0';
	if (len < NUMSTYLE_TEXT_MAX)
		memcpy(dst, src, len + 1);
}

bool numstyle_name_is_plain(const char *name)
{
	static const char *const plain[] = { "C", "POSIX", "C.UTF-8", "C.utf8", "C.utf-8",
					     "C.UTF8" };
	size_t i;

	if (!name || !name[0])
		return true;
	for (i = 0; i < sizeof(plain) / sizeof(plain[0]); i++)
		if (strcmp(name, plain[i]) == 0)
			return true;
	return false;
}

/* The name that decides LC_NUMERIC: the first of LC_ALL, LC_NUMERIC and LANG that is set and
 * not empty, or NULL. */
static const char *numeric_locale_name(void)
{
	static const char *const vars[] = { "LC_ALL", "LC_NUMERIC", "LANG" };
	size_t i;

	for (i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *value = getenv(vars[i]);

		if (value && value[0])
			return value;
	}
	return NULL;
}

void numstyle_from_environment(struct numstyle *s)
{
	locale_t loc;

	numstyle_plain(s);
	if (numstyle_name_is_plain(numeric_locale_name()))
		return;
	/* A locale object of its own: setlocale() would change how every strtod and printf of
	 * hpstat reads and writes numbers (formulas, JSON, -x), which must stay in C. */
	loc = newlocale(LC_NUMERIC_MASK, "", (locale_t)0);
	if (!loc)
		return;
	copy_text(s->point, nl_langinfo_l(RADIXCHAR, loc));
	if (!s->point[0])
		s->point[0] = '.';
	copy_text(s->thousands, nl_langinfo_l(THOUSEP, loc));
	copy_text(s->grouping, nl_langinfo_l(GROUPING, loc));
	freelocale(loc);
}

/* Whether a separator goes before the digit that has `left` integer digits to its right
 * (counted from the decimal point), under grouping g. */
static bool separator_before(const char *g, size_t left)
{
	size_t edge = 0, size = 0;

	if (!g[0])
		return false;
	for (;;) {
		/* CHAR_MAX: no more grouping (glibc may store it as -1 in a plain char). */
		if ((unsigned char)*g >= (unsigned char)CHAR_MAX)
			return false;
		if (*g)
			size = (size_t)*g++;
		if (size == 0)
			return false;
		edge += size;
		if (edge == left)
			return true;
		if (edge > left)
			return false;
	}
}

/* Appends text to buf, cut at cap. */
static void put(char *buf, size_t cap, size_t *used, const char *text)
{
	size_t len = strlen(text);

	if (*used + len >= cap)
		len = *used + 1 < cap ? cap - *used - 1 : 0;
	memcpy(buf + *used, text, len);
	*used += len;
	buf[*used] = '\0';
}

char *numstyle_format(const struct numstyle *s, char *buf, size_t cap, double value,
		      int decimals, bool group)
{
	struct numstyle classic;
	char plain[96], one[2] = "";
	const char *p, *digits;
	size_t n_int, i, used = 0;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	if (!s || !s->point[0]) {
		numstyle_classic(&classic);
		s = &classic;
	}
	snprintf(plain, sizeof(plain), "%.*f", decimals < 0 ? 0 : decimals > 9 ? 9 : decimals,
		 value);
	p = plain;
	if (*p == '-') {
		put(buf, cap, &used, "-");
		p++;
	}
	digits = p;
	n_int = strspn(digits, "0123456789");
	if (n_int == 0) { /* inf or nan: as printf wrote it */
		put(buf, cap, &used, digits);
		return buf;
	}
	for (i = 0; i < n_int; i++) {
		if (group && i > 0 && s->thousands[0] && separator_before(s->grouping, n_int - i))
			put(buf, cap, &used, s->thousands);
		one[0] = digits[i];
		put(buf, cap, &used, one);
	}
	/* Whatever printf used for a point (its locale's), the style's goes in its place. */
	p = digits + n_int;
	p += strcspn(p, "0123456789");
	if (*p) {
		put(buf, cap, &used, s->point);
		put(buf, cap, &used, p);
	}
	return buf;
}

size_t numstyle_width(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (((unsigned char)*text & 0xc0) != 0x80)
			n++;
	return n;
}

int numstyle_field(const char *text, int columns)
{
	return columns + (int)(strlen(text) - numstyle_width(text));
}

int numstyle_metric_decimals(double value)
{
	double magnitude = fabs(value);
	int d;

	if (!isfinite(value) || magnitude >= 1.0 || magnitude == 0.0)
		return 2;
	d = 2 - (int)floor(log10(magnitude));
	return d > 9 ? 9 : d;
}

int numstyle_count_mean_decimals(double mean)
{
	double magnitude = fabs(mean);
	int d;

	if (!isfinite(mean) || magnitude >= 100.0 ||
	    fabs(mean - nearbyint(mean)) <= 1e-9 * fmax(1.0, magnitude))
		return 0;
	if (magnitude >= 0.1)
		return 2;
	d = (int)ceil(-log10(magnitude)) + 1;
	return d > 9 ? 9 : d;
}
