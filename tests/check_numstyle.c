/* check_numstyle.c - Check unit tests for the text report's numbers (src/numstyle.c): grouping
 * as localeconv describes it, decimal points, multibyte separators and their width. */
#include <check.h>
#include <math.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numstyle.h"

static struct numstyle style(const char *point, const char *thousands, const char *grouping)
{
	struct numstyle s;

	memset(&s, 0, sizeof(s));
	snprintf(s.point, sizeof(s.point), "%s", point);
	snprintf(s.thousands, sizeof(s.thousands), "%s", thousands);
	snprintf(s.grouping, sizeof(s.grouping), "%s", grouping);
	return s;
}

static void assert_format(const struct numstyle *s, double value, int decimals, bool group,
			  const char *want)
{
	char buf[64];

	ck_assert_str_eq(numstyle_format(s, buf, sizeof(buf), value, decimals, group), want);
}

START_TEST(test_classic)
{
	struct numstyle zeroed;

	memset(&zeroed, 0, sizeof(zeroed));
	assert_format(NULL, 0, 0, true, "0");
	assert_format(NULL, 999, 0, true, "999");
	assert_format(NULL, 1000, 0, true, "1,000");
	assert_format(NULL, 1234567.891, 2, true, "1,234,567.89");
	assert_format(NULL, -1234567.891, 2, true, "-1,234,567.89");
	assert_format(NULL, 1234567.891, 2, false, "1234567.89");
	assert_format(NULL, 999.996, 2, true, "1,000.00");
	/* A zeroed style (an output_options a test made) is the classic one. */
	assert_format(&zeroed, 1234.5, 1, true, "1,234.5");
}
END_TEST

/* The C locale groups nothing: perf's --big-num under LC_NUMERIC=C has no separators. */
START_TEST(test_plain)
{
	struct numstyle s;

	numstyle_plain(&s);
	assert_format(&s, 1234567.891, 2, true, "1234567.89");
	assert_format(&s, 5, 0, true, "5");
}
END_TEST

/* de_DE: '.' between groups, ',' for the point, which printf's own '.' gives way to. */
START_TEST(test_decimal_comma)
{
	const struct numstyle de = style(",", ".", "\3\3");

	assert_format(&de, 1234567.891, 2, true, "1.234.567,89");
	assert_format(&de, 1234567.891, 2, false, "1234567,89");
	assert_format(&de, 0.25, 3, true, "0,250");
	assert_format(&de, 999, 0, true, "999");
}
END_TEST

/* localeconv's grouping: the rightmost size first, the last one repeated (a final 0 byte),
 * CHAR_MAX to stop: hi_IN groups 3 then 2s; "\3\177" groups once. */
START_TEST(test_grouping_sizes)
{
	const struct numstyle indian = style(".", ",", "\3\2");
	const char once_grouping[] = { 3, CHAR_MAX, 0 };
	const struct numstyle once = style(".", ",", once_grouping);
	const struct numstyle none = style(".", ",", "");
	const struct numstyle no_separator = style(".", "", "\3");

	assert_format(&indian, 123456789, 0, true, "12,34,56,789");
	assert_format(&indian, 1234.5, 1, true, "1,234.5");
	assert_format(&once, 123456789, 0, true, "123456,789");
	assert_format(&none, 123456789, 0, true, "123456789");
	assert_format(&no_separator, 123456789, 0, true, "123456789");
}
END_TEST

/* fr_FR's separator is U+202F, three bytes in one column: widths count columns, and the
 * field width for printf counts the bytes it needs. */
START_TEST(test_multibyte_separator)
{
	const struct numstyle fr = style(",", "\xe2\x80\xaf", "\3");
	char buf[64];

	assert_format(&fr, 1234567.5, 1, true, "1\xe2\x80\xaf" "234\xe2\x80\xaf" "567,5");
	numstyle_format(&fr, buf, sizeof(buf), 1234567.5, 1, true);
	ck_assert_uint_eq(strlen(buf), 15);
	ck_assert_uint_eq(numstyle_width(buf), 11);
	ck_assert_int_eq(numstyle_field(buf, 18), 22);
	ck_assert_int_eq(numstyle_field("plain", 18), 18);
}
END_TEST

/* A short buffer cuts the number, never writes past it. */
START_TEST(test_short_buffer)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	numstyle_format(NULL, buf, 5, 1234567, 0, true);
	ck_assert_str_eq(buf, "1,23");
	ck_assert_int_eq(buf[5], 'x');
	ck_assert_ptr_eq(numstyle_format(NULL, buf, 0, 1, 0, true), buf);
}
END_TEST

/* The style after setting one variable of the environment. */
static struct numstyle style_with(const char *var, const char *value)
{
	struct numstyle s;

	setenv(var, value, 1);
	numstyle_from_environment(&s);
	return s;
}

static void assert_plain(const struct numstyle *s)
{
	ck_assert_str_eq(s->point, ".");
	ck_assert_str_eq(s->thousands, "");
}

/* The environment's LC_NUMERIC, read without setlocale: C has a '.' and no grouping; an
 * unknown locale is C; de_DE, where installed, has its comma and dots. */
START_TEST(test_from_environment)
{
	struct numstyle s = style_with("LC_ALL", "C");

	assert_plain(&s);
	s = style_with("LC_ALL", "xx_NOWHERE.UTF-8");
	assert_plain(&s);
	s = style_with("LC_ALL", "de_DE.UTF-8");
	if (strcmp(s.point, ",") != 0) {
		fputs("check_numstyle: de_DE.UTF-8 is not installed: its style is not checked\n",
		      stderr);
	} else {
		ck_assert_str_eq(s.thousands, ".");
		ck_assert_int_eq(s.grouping[0], 3);
	}
	unsetenv("LC_ALL");
}
END_TEST

/* The names that are C's numbers without loading a locale, and some that are not. */
START_TEST(test_name_is_plain)
{
	ck_assert(numstyle_name_is_plain(NULL));
	ck_assert(numstyle_name_is_plain(""));
	ck_assert(numstyle_name_is_plain("C"));
	ck_assert(numstyle_name_is_plain("POSIX"));
	ck_assert(numstyle_name_is_plain("C.UTF-8"));
	ck_assert(numstyle_name_is_plain("C.utf8"));
	ck_assert(!numstyle_name_is_plain("de_DE.UTF-8"));
	ck_assert(!numstyle_name_is_plain("en_US.UTF-8"));
	ck_assert(!numstyle_name_is_plain("C.ISO-8859-1"));
	ck_assert(!numstyle_name_is_plain("Cx"));
	ck_assert(!numstyle_name_is_plain("c"));
}
END_TEST

/* LC_ALL, then LC_NUMERIC, then LANG decide, the first set and not empty: a C name among
 * them before de_DE is C's style, one after it is not (where de_DE is installed). */
START_TEST(test_environment_order)
{
	struct numstyle s = style_with("LC_ALL", "de_DE.UTF-8");
	bool de_installed = strcmp(s.point, ",") == 0;

	setenv("LC_ALL", "", 1);
	setenv("LANG", "de_DE.UTF-8", 1);
	s = style_with("LC_NUMERIC", "C.UTF-8");
	assert_plain(&s);
	s = style_with("LC_NUMERIC", "");
	ck_assert_str_eq(s.point, de_installed ? "," : ".");
	s = style_with("LC_ALL", "POSIX");
	assert_plain(&s);
	unsetenv("LC_ALL");
	unsetenv("LC_NUMERIC");
	unsetenv("LANG");
	if (!de_installed)
		fputs("check_numstyle: de_DE.UTF-8 is not installed: LANG's turn is not checked\n",
		      stderr);
}
END_TEST

/* A count's mean: whole or from 100 on, none; below, two decimals (8/3 -> 2.67), or two
 * significant digits below 0.1 (1/30 -> 0.033, 1/3000 -> 0.00033). */
START_TEST(test_count_mean_decimals)
{
	ck_assert_int_eq(numstyle_count_mean_decimals(3.0), 0);
	ck_assert_int_eq(numstyle_count_mean_decimals(0.0), 0);
	ck_assert_int_eq(numstyle_count_mean_decimals(1234.5), 0);
	ck_assert_int_eq(numstyle_count_mean_decimals(100.5), 0);
	ck_assert_int_eq(numstyle_count_mean_decimals(99.5), 2);
	ck_assert_int_eq(numstyle_count_mean_decimals(8.0 / 3.0), 2);
	ck_assert_int_eq(numstyle_count_mean_decimals(-8.0 / 3.0), 2);
	ck_assert_int_eq(numstyle_count_mean_decimals(0.1), 2);
	ck_assert_int_eq(numstyle_count_mean_decimals(1.0 / 30.0), 3);
	ck_assert_int_eq(numstyle_count_mean_decimals(1.0 / 3000.0), 5);
	ck_assert_int_eq(numstyle_count_mean_decimals(1e-8), 9);
	ck_assert_int_eq(numstyle_count_mean_decimals(NAN), 0);
}
END_TEST

START_TEST(test_metric_decimals)
{
	ck_assert_int_eq(numstyle_metric_decimals(1.5), 2);
	ck_assert_int_eq(numstyle_metric_decimals(-250.0), 2);
	ck_assert_int_eq(numstyle_metric_decimals(0.0), 2);
	ck_assert_int_eq(numstyle_metric_decimals(0.5), 3);    /* 0.500 */
	ck_assert_int_eq(numstyle_metric_decimals(0.00632), 5); /* 0.00632 */
	ck_assert_int_eq(numstyle_metric_decimals(-0.0146), 4); /* -0.0146 */
	ck_assert_int_eq(numstyle_metric_decimals(1e-12), 9);
	ck_assert_int_eq(numstyle_metric_decimals(NAN), 2);
}
END_TEST

static Suite *numstyle_suite(void)
{
	Suite *s = suite_create("numstyle");
	TCase *t = tcase_create("format");

	tcase_add_test(t, test_classic);
	tcase_add_test(t, test_plain);
	tcase_add_test(t, test_decimal_comma);
	tcase_add_test(t, test_grouping_sizes);
	tcase_add_test(t, test_multibyte_separator);
	tcase_add_test(t, test_short_buffer);
	tcase_add_test(t, test_from_environment);
	tcase_add_test(t, test_name_is_plain);
	tcase_add_test(t, test_environment_order);
	tcase_add_test(t, test_count_mean_decimals);
	tcase_add_test(t, test_metric_decimals);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(numstyle_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
