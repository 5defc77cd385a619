/* numstyle.h - how the text report writes a number: the locale's decimal point, thousands
 * separator and grouping, as perf's --big-num takes them from LC_NUMERIC. */
#ifndef HPSTAT_NUMSTYLE_H
#define HPSTAT_NUMSTYLE_H

#include <stdbool.h>
#include <stddef.h>

#define NUMSTYLE_TEXT_MAX 8

struct numstyle {
	char point[NUMSTYLE_TEXT_MAX];     /* the decimal point: "." or "," (UTF-8, NUL-ended) */
	char thousands[NUMSTYLE_TEXT_MAX]; /* between groups of digits; "" for none */
	/* Group sizes as localeconv() gives them: the first is the rightmost group's, a 0 byte
	 * repeats the last size for every group further left, CHAR_MAX ends the grouping. "" (or
	 * an empty thousands) means no grouping. */
	char grouping[NUMSTYLE_TEXT_MAX];
};

/* The C locale's style: a '.', no grouping. */
void numstyle_plain(struct numstyle *s);

/* hpstat's classic style, which en_US has too: a '.', ',' between groups of three. */
void numstyle_classic(struct numstyle *s);

/* The style of LC_NUMERIC as the environment sets it (LC_ALL, then LC_NUMERIC, then LANG),
 * read without changing the process's locale. A locale that is not installed is the C
 * locale, as setlocale() would make it. */
void numstyle_from_environment(struct numstyle *s);

/* Whether a locale name (as LC_ALL, LC_NUMERIC or LANG give it; NULL or "" when none is set)
 * is the C locale's numbers by definition: C, POSIX and glibc's built-in C.UTF-8 (also
 * spelled C.utf8). Those need no locale loaded: loading one reads the locale archive, a
 * good part of a short run's millisecond. */
bool numstyle_name_is_plain(const char *name);

/* Formats value with `decimals` decimals (0 to 9) in style s (NULL, or one zeroed: the
 * classic style),
 * grouping the integer digits when group is true; rounding and sign as printf's "%.*f".
 * Returns buf; cap >= 64 holds any finite value below 1e30 (a shorter buf is cut, never
 * overrun). */
char *numstyle_format(const struct numstyle *s, char *buf, size_t cap, double value,
		      int decimals, bool group);

/* Decimals that show the mean of a count over runs: none for a whole mean or one of 100 or
 * more (rounding moves it by less than 0.5%, and a scaled estimate gets no false
 * precision); two below 100 (1 migration in 3 runs reads 0.33), or two significant digits
 * below 0.1, so that it never reads 0 beside a rate that is not. */
int numstyle_count_mean_decimals(double mean);

/* Decimals that show a derived metric: two, or three significant digits for a magnitude
 * below 1 (0.00512 CPUs utilized, never 0.00), at most nine. */
int numstyle_metric_decimals(double value);

/* Columns text takes on a terminal: UTF-8 continuation bytes take none, so a separator such
 * as U+202F (fr_FR's) counts once. */
size_t numstyle_width(const char *text);

/* The printf field width that right-aligns text in `columns` columns (it counts bytes). */
int numstyle_field(const char *text, int columns);

#endif
