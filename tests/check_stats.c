/* check_stats.c - Check unit tests for the Welford accumulator and median (src/stats.c). */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "stats.h"

/* Relative closeness: the expected values below are worked out by hand, exact in decimal,
 * so only the last bits of double rounding may differ. */
#define assert_close(got, want)                                                            \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= 1e-12 * fmax(1.0, fabs(want_)),        \
			      "%s = %.17g, want %.17g", #got, got_, want_);                \
	} while (0)

#define assert_nan(got)                                                                    \
	do {                                                                               \
		double got_ = (got);                                                       \
		ck_assert_msg(isnan(got_), "%s = %.17g, want NaN", #got, got_);            \
	} while (0)

static void add_all(struct stats *s, const double *xs, size_t n)
{
	size_t i;

	stats_init(s);
	for (i = 0; i < n; i++)
		stats_add(s, xs[i]);
}

/*
 * 2 4 4 4 5 5 7 9: sum 40, n 8, mean 5.
 * Deviations -3 -1 -1 -1 0 0 2 4, squares 9 1 1 1 0 0 4 16, sum (M2) 32.
 * Sample variance 32/7; stddev sqrt(32/7) = 2.1380899352993950.
 * SEM = sqrt(32/7 / 8) = sqrt(4/7) = 0.75592894601845445.
 * SEM% = 100 * sqrt(4/7) / 5 = 20 * sqrt(4/7) = 15.118578920369089.
 */
START_TEST(test_textbook_sequence)
{
	static const double xs[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	struct stats s;

	add_all(&s, xs, 8);
	ck_assert_uint_eq(s.n, 8);
	assert_close(stats_mean(&s), 5.0);
	assert_close(s.m2, 32.0);
	assert_close(stats_stddev(&s), sqrt(32.0 / 7.0));
	assert_close(stats_stddev(&s), 2.1380899352993950);
	assert_close(stats_sem(&s), sqrt(4.0 / 7.0));
	assert_close(stats_sem(&s), 0.75592894601845445);
	assert_close(stats_sem_pct(&s), 15.118578920369089);
	assert_close(s.min, 2.0);
	assert_close(s.max, 9.0);
}
END_TEST

/*
 * REFERENCE.md's page faults, 1053 1052 1053 1053 1051: sum 5262, mean 1052.4.
 * Deviations 0.6 -0.4 0.6 0.6 -1.4, squares 0.36 0.16 0.36 0.36 1.96, M2 = 3.2.
 * Sample variance 3.2/4 = 0.8, stddev sqrt(0.8) = 0.89442719099991588.
 * SEM = sqrt(0.8 / 5) = sqrt(0.16) = 0.4 exactly.
 * SEM% = 100 * 0.4 / 1052.4 = 40 / 1052.4 = 0.038008361839604713 (relative to the mean;
 * perf 6.1 divided by the last run, 1051, and showed 0.038059...).
 */
START_TEST(test_page_fault_example)
{
	static const double xs[] = { 1053, 1052, 1053, 1053, 1051 };
	struct stats s;

	add_all(&s, xs, 5);
	assert_close(stats_mean(&s), 1052.4);
	assert_close(s.m2, 3.2);
	assert_close(stats_stddev(&s), 0.89442719099991588);
	assert_close(stats_sem(&s), 0.4);
	assert_close(stats_sem_pct(&s), 40.0 / 1052.4);
	assert_close(stats_sem_pct(&s), 0.038008361839604713);
	assert_close(s.min, 1051.0);
	assert_close(s.max, 1053.0);
}
END_TEST

START_TEST(test_empty_is_nan)
{
	struct stats s;

	stats_init(&s);
	ck_assert_uint_eq(s.n, 0);
	assert_nan(stats_mean(&s));
	assert_nan(stats_stddev(&s));
	assert_nan(stats_sem(&s));
	assert_nan(stats_sem_pct(&s));
}
END_TEST

/* One value: its mean is itself; no spread can be estimated from it. */
START_TEST(test_single_value)
{
	struct stats s;

	stats_init(&s);
	stats_add(&s, 42.5);
	assert_close(stats_mean(&s), 42.5);
	assert_nan(stats_stddev(&s));
	assert_nan(stats_sem(&s));
	assert_nan(stats_sem_pct(&s));
	assert_close(s.min, 42.5);
	assert_close(s.max, 42.5);
}
END_TEST

/* Identical runs: zero spread, and 0% (not NaN) even for a zero mean. */
START_TEST(test_no_spread)
{
	static const double sevens[] = { 7, 7, 7 }, zeros[] = { 0, 0 };
	struct stats s;

	add_all(&s, sevens, 3);
	assert_close(stats_mean(&s), 7.0);
	ck_assert(stats_stddev(&s) == 0.0);
	ck_assert(stats_sem(&s) == 0.0);
	ck_assert(stats_sem_pct(&s) == 0.0);

	add_all(&s, zeros, 2);
	ck_assert(stats_sem_pct(&s) == 0.0);
}
END_TEST

/* -1 and 1: mean 0, M2 = 1 + 1 = 2, variance 2/1 = 2, SEM sqrt(2/2) = 1; a percentage of a
 * zero mean is undefined. */
START_TEST(test_zero_mean_with_spread)
{
	static const double xs[] = { -1, 1 };
	struct stats s;

	add_all(&s, xs, 2);
	assert_close(stats_mean(&s), 0.0);
	assert_close(stats_stddev(&s), sqrt(2.0));
	assert_close(stats_sem(&s), 1.0);
	assert_nan(stats_sem_pct(&s));
}
END_TEST

/* Negative values: -10 -30 -20, mean -20, M2 100 + 100 + 0 = 200, variance 100, stddev 10,
 * SEM 10 / sqrt(3) = 5.7735026918962576, SEM% relative to |mean| = 28.867513459481288. */
START_TEST(test_negative_values_and_extremes)
{
	static const double xs[] = { -10, -30, -20 };
	struct stats s;

	add_all(&s, xs, 3);
	assert_close(stats_mean(&s), -20.0);
	assert_close(stats_stddev(&s), 10.0);
	assert_close(stats_sem(&s), 5.7735026918962576);
	assert_close(stats_sem_pct(&s), 28.867513459481288);
	assert_close(s.min, -30.0);
	assert_close(s.max, -10.0);
}
END_TEST

/* The extremes follow the order seen: max first, then min, then values in between. */
START_TEST(test_min_max_any_order)
{
	static const double xs[] = { 9, 3, 5, 1, 12, 4 };
	struct stats s;

	add_all(&s, xs, 6);
	assert_close(s.min, 1.0);
	assert_close(s.max, 12.0);
}
END_TEST

/*
 * Counts in the billions with small differences: 1e9 + {4, 7, 13, 16}.
 * Mean 1e9 + 10; deviations -6 -3 3 6, squares 36 9 9 36, M2 90, variance 30,
 * stddev sqrt(30) = 5.4772255750516612, SEM sqrt(30/4) = sqrt(7.5) = 2.7386127875258306.
 * The sum-of-squares formula loses all of it: sum x^2 ~ 4e18 where a double's step is 512.
 */
START_TEST(test_stable_for_large_counts)
{
	static const double xs[] = { 1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16 };
	struct stats s;

	add_all(&s, xs, 4);
	assert_close(stats_mean(&s), 1e9 + 10);
	ck_assert_msg(fabs(s.m2 - 90.0) < 1e-6, "m2 = %.17g, want 90", s.m2);
	ck_assert_msg(fabs(stats_stddev(&s) - 5.4772255750516612) < 1e-8, "stddev = %.17g",
		      stats_stddev(&s));
	ck_assert_msg(fabs(stats_sem(&s) - 2.7386127875258306) < 1e-8, "sem = %.17g",
		      stats_sem(&s));
}
END_TEST

/* The same deviations around 1e12, a thousand times further out. Welford keeps the variance
 * to well under a part in a thousand; here every value is an exact double. */
START_TEST(test_stable_for_huge_counts)
{
	static const double xs[] = { 1e12 + 4, 1e12 + 7, 1e12 + 13, 1e12 + 16 };
	struct stats s;

	add_all(&s, xs, 4);
	assert_close(stats_mean(&s), 1e12 + 10);
	ck_assert_msg(fabs(stats_stddev(&s) * stats_stddev(&s) - 30.0) < 1e-3,
		      "variance = %.17g, want 30", stats_stddev(&s) * stats_stddev(&s));
}
END_TEST

/* Odd count: the middle of the sorted values, 1051 1052 1053 1053 1053 -> 1053; the array
 * comes back sorted. */
START_TEST(test_median_odd)
{
	double xs[] = { 1053, 1052, 1053, 1053, 1051 };

	assert_close(stats_median(xs, 5), 1053.0);
	assert_close(xs[0], 1051.0);
	assert_close(xs[1], 1052.0);
	assert_close(xs[4], 1053.0);
}
END_TEST

/* Even count: the mean of the two middle values, 2 4 4 [4 5] 5 7 9 -> 4.5. */
START_TEST(test_median_even)
{
	double xs[] = { 9, 5, 4, 2, 7, 4, 5, 4 };
	double pair[] = { 10, -2 };

	assert_close(stats_median(xs, 8), 4.5);
	/* (-2 + 10) / 2 = 4 */
	assert_close(stats_median(pair, 2), 4.0);
}
END_TEST

START_TEST(test_median_small)
{
	double one[] = { 3.25 };

	assert_close(stats_median(one, 1), 3.25);
	assert_nan(stats_median(NULL, 0));
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *welford = tcase_create("welford");
	TCase *median = tcase_create("median");

	tcase_add_test(welford, test_textbook_sequence);
	tcase_add_test(welford, test_page_fault_example);
	tcase_add_test(welford, test_empty_is_nan);
	tcase_add_test(welford, test_single_value);
	tcase_add_test(welford, test_no_spread);
	tcase_add_test(welford, test_zero_mean_with_spread);
	tcase_add_test(welford, test_negative_values_and_extremes);
	tcase_add_test(welford, test_min_max_any_order);
	tcase_add_test(welford, test_stable_for_large_counts);
	tcase_add_test(welford, test_stable_for_huge_counts);
	suite_add_tcase(s, welford);

	tcase_add_test(median, test_median_odd);
	tcase_add_test(median, test_median_even);
	tcase_add_test(median, test_median_small);
	suite_add_tcase(s, median);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
