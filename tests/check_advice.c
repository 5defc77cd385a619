/* check_advice.c - Check unit tests for src/advice.c: outliers by the modified Z-score, a slow
 * first run, a wide spread, and their messages, on run times worked by hand. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "advice.h"

#define assert_rel(got, want, rel)                                                         \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= (rel) * fabs(want_),                   \
			      "%s = %.17g, want %.17g", #got, got_, want_);                \
	} while (0)

/* The warnings for xs, with room for every kind. */
struct found {
	size_t n;
	struct advice a[ADVICE_MAX];
};

static struct found check_of(const double *xs, size_t n)
{
	double scratch[32];
	struct found f;

	ck_assert(n <= 32);
	f.n = advice_check(xs, n, scratch, f.a, ADVICE_MAX);
	ck_assert(f.n <= ADVICE_MAX);
	return f;
}

#define CHECK_OF(xs) check_of(xs, sizeof(xs) / sizeof(xs[0]))

/* The warning of that kind, or NULL. */
static const struct advice *find(const struct found *f, enum advice_kind kind)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->a[i].kind == kind)
			return &f->a[i];
	return NULL;
}

/* ---------------------------------------------------------------- outliers */

/*
 * 2 2.25 1.75 2 2.125 1.875 8: sorted 1.75 1.875 2 2 2.125 2.25 8, median 2; distances
 * 0 .25 .25 0 .125 .125 6, sorted 0 0 .125 .125 .25 .25 6, MAD 0.125. Scores 0.6745 (x - 2) /
 * 0.125: 2.25 and 1.75 give -+1.349, 8 gives 32.4: one outlier. The first run (2) is not slow.
 * Sum 20, mean 20/7; sum of squares 88.15625, M2 88.15625 - 400/7, relative standard deviation
 * 100 sqrt(M2 / 6) / (20/7) = 79.57%: too wide as well.
 */
START_TEST(test_one_outlier)
{
	static const double xs[] = { 2, 2.25, 1.75, 2, 2.125, 1.875, 8 };
	struct found f = CHECK_OF(xs);

	ck_assert_uint_eq(f.n, 2);
	ck_assert(f.a[0].kind == ADVICE_OUTLIERS);
	ck_assert_uint_eq(f.a[0].count, 1);
	ck_assert_uint_eq(f.a[0].runs, 7);
	ck_assert(f.a[1].kind == ADVICE_WIDE_SPREAD);
	assert_rel(f.a[1].value, 100 * sqrt((88.15625 - 400.0 / 7) / 6) / (20.0 / 7), 1e-12);
	ck_assert_uint_eq(f.a[1].runs, 7);
}
END_TEST

/*
 * The cut-off, 3.5, at the scale of 20 s runs so that the spread stays small (about 1.6%):
 * 20 20.25 19.75 20 20.125 19.875 plus a seventh run. Median 20 and MAD 0.125 either way (the
 * seventh distance is the largest). 20.625: 0.6745 x 0.625 / 0.125 = 3.3725, inside;
 * 20.75: 0.6745 x 0.75 / 0.125 = 4.047, an outlier.
 */
START_TEST(test_outlier_cutoff)
{
	static const double inside[] = { 20, 20.25, 19.75, 20, 20.125, 19.875, 20.625 };
	static const double beyond[] = { 20, 20.25, 19.75, 20, 20.125, 19.875, 20.75 };
	struct found f = CHECK_OF(inside);

	ck_assert_uint_eq(f.n, 0);
	f = CHECK_OF(beyond);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_OUTLIERS);
	ck_assert_uint_eq(f.a[0].count, 1);
}
END_TEST

/* A first run faster than the rest is an outlier like any other: 0.5 among runs near 1
 * (median 1, MAD 0.03125) scores 0.6745 x -0.5 / 0.03125 = -10.8. */
START_TEST(test_fast_outlier)
{
	static const double xs[] = { 0.5, 1, 1.0625, 0.9375, 1, 1.03125, 0.96875 };
	struct found f = CHECK_OF(xs);

	ck_assert(find(&f, ADVICE_SLOW_FIRST) == NULL);
	ck_assert(find(&f, ADVICE_OUTLIERS) != NULL);
	ck_assert_uint_eq(find(&f, ADVICE_OUTLIERS)->count, 1);
}
END_TEST

/*
 * 1 1 1 1 2: median 1, distances 0 0 0 0 1, MAD 0. Over half the runs alike (a coarse clock,
 * a cached result) leave no spread to score against: no outlier, though 2 stands out. The
 * spread still shows it: mean 1.2, M2 4 x 0.04 + 0.64 = 0.8, stddev sqrt 0.2, 37.27%.
 */
START_TEST(test_mad_zero)
{
	static const double xs[] = { 1, 1, 1, 1, 2 };
	struct found f = CHECK_OF(xs);

	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_WIDE_SPREAD);
	assert_rel(f.a[0].value, 100 * sqrt(0.2) / 1.2, 1e-12);
}
END_TEST

/* ------------------------------------------------------------- slow first run */

/*
 * 3.2 then 1 1.0625 0.9375 1 1.03125 0.96875. The others: sorted 0.9375 0.96875 1 1 1.03125
 * 1.0625, median 1; distances .0625 .03125 0 0 .03125 .0625, MAD (.03125 + .03125) / 2 =
 * .03125; the first scores 0.6745 x 2.2 / 0.03125 = 47.5 and is above all of them: 3.2x the
 * median. It is not counted again as an outlier, and the spread of the others is small: M2
 * 2 x .0625^2 + 2 x .03125^2 = 0.009765625, variance / 5 = 0.001953125, 4.42% of their mean 1.
 */
START_TEST(test_slow_first)
{
	static const double xs[] = { 3.2, 1, 1.0625, 0.9375, 1, 1.03125, 0.96875 };
	struct found f = CHECK_OF(xs);

	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_SLOW_FIRST);
	assert_rel(f.a[0].value, 3.2, 1e-15);
	ck_assert_uint_eq(f.a[0].runs, 7);
}
END_TEST

/* Three runs are enough: 5 then 1 1.125 (median 1.0625, MAD 0.0625, score 42.5): 5 / 1.0625
 * = 4.70588235294118x. Two are not: 5 1 is only a wide spread, 100 x (4 / sqrt 2) / 3 =
 * 94.28%, and with a median of 3 and a MAD of 2 neither run is an outlier. */
START_TEST(test_slow_first_run_counts)
{
	static const double three[] = { 5, 1, 1.125 }, two[] = { 5, 1 };
	struct found f = CHECK_OF(three);

	ck_assert(find(&f, ADVICE_SLOW_FIRST) != NULL);
	assert_rel(find(&f, ADVICE_SLOW_FIRST)->value, 5 / 1.0625, 1e-15);
	f = CHECK_OF(two);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_WIDE_SPREAD);
	assert_rel(f.a[0].value, 100 * (4 / sqrt(2)) / 3, 1e-12);
}
END_TEST

/*
 * A slow first run that some later run outdoes is no warm-up effect: 3.2 ... 4. Scored against
 * all: sorted 0.9375 1 1 1.03125 1.0625 3.2 4, median 1.03125; distances sorted 0 .03125
 * .03125 .03125 .09375 2.16875 2.96875, MAD .03125: 3.2 and 4 are outliers (46.8 and 64.1),
 * 0.9375 is not (0.6745 x 3 = 2.02). The mean, 12.23125 / 7, hides a wide spread.
 */
START_TEST(test_first_not_slowest)
{
	static const double xs[] = { 3.2, 1, 1.0625, 0.9375, 1, 1.03125, 4 };
	struct found f = CHECK_OF(xs);

	ck_assert(find(&f, ADVICE_SLOW_FIRST) == NULL);
	ck_assert(find(&f, ADVICE_OUTLIERS) != NULL);
	ck_assert_uint_eq(find(&f, ADVICE_OUTLIERS)->count, 2);
	ck_assert(find(&f, ADVICE_WIDE_SPREAD) != NULL);
}
END_TEST

/* 3 then 1 1 1: the others have MAD 0, so by the same rule as for outliers the first is not
 * scored; the spread (mean 1.5, stddev 1: 66.7%) still says something is off. */
START_TEST(test_slow_first_mad_zero)
{
	static const double xs[] = { 3, 1, 1, 1 };
	struct found f = CHECK_OF(xs);

	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_WIDE_SPREAD);
	assert_rel(f.a[0].value, 100.0 / 1.5, 1e-12);
	ck_assert_uint_eq(f.a[0].runs, 4);
}
END_TEST

/* ------------------------------------------------------------------ spread */

/* Two runs: 1 and 1.14 vary by 100 x (0.14 / sqrt 2) / 1.07 = 9.25%, under the 10% limit;
 * 1 and 1.16 by 100 x (0.16 / sqrt 2) / 1.08 = 10.48%, over it. One run has no spread. */
START_TEST(test_spread_limit)
{
	static const double under[] = { 1, 1.14 }, over[] = { 1, 1.16 }, one[] = { 7 };
	struct found f = CHECK_OF(under);

	ck_assert_uint_eq(f.n, 0);
	f = CHECK_OF(over);
	ck_assert_uint_eq(f.n, 1);
	ck_assert(f.a[0].kind == ADVICE_WIDE_SPREAD);
	assert_rel(f.a[0].value, 100 * 0.16 / sqrt(2) / 1.08, 1e-12);
	ck_assert_uint_eq(f.a[0].runs, 2);
	f = CHECK_OF(one);
	ck_assert_uint_eq(f.n, 0);
}
END_TEST

/* ------------------------------------------------------------ the interface */

/* Nothing to say about no runs or runs that are not numbers. */
START_TEST(test_no_or_bad_runs)
{
	static const double with_nan[] = { 1, NAN, 5 }, with_inf[] = { 1, INFINITY, 1 };
	double scratch[1];

	ck_assert_uint_eq(advice_check(NULL, 0, scratch, NULL, 0), 0);
	ck_assert_uint_eq(CHECK_OF(with_nan).n, 0);
	ck_assert_uint_eq(CHECK_OF(with_inf).n, 0);
}
END_TEST

/* Like snprintf, the count is of all warnings, whatever fits: the outlier and the spread of
 * test_one_outlier, with room for one, and for none. */
START_TEST(test_cap)
{
	static const double xs[] = { 2, 2.25, 1.75, 2, 2.125, 1.875, 8 };
	double scratch[7];
	struct advice one[1];

	ck_assert_uint_eq(advice_check(xs, 7, scratch, one, 1), 2);
	ck_assert(one[0].kind == ADVICE_OUTLIERS);
	ck_assert_uint_eq(advice_check(xs, 7, scratch, NULL, 0), 2);
}
END_TEST

/* The input stays as it was: only scratch is reordered. */
START_TEST(test_input_untouched)
{
	double xs[] = { 3.2, 1, 1.0625, 0.9375, 1, 1.03125, 0.96875 };
	static const double copy[] = { 3.2, 1, 1.0625, 0.9375, 1, 1.03125, 0.96875 };
	double scratch[7];
	struct advice out[ADVICE_MAX];

	advice_check(xs, 7, scratch, out, ADVICE_MAX);
	ck_assert(memcmp(xs, copy, sizeof(xs)) == 0);
}
END_TEST

/* -------------------------------------------------------------- messages */

START_TEST(test_messages)
{
	static const struct {
		struct advice a;
		const char *want;
	} cases[] = {
		{ { .kind = ADVICE_SLOW_FIRST, .runs = 7, .value = 3.2 },
		  "first run 3.2x slower than the rest: caches warming up? try --warmup 1" },
		{ { .kind = ADVICE_SLOW_FIRST, .runs = 7, .value = 1.5 },
		  "first run 50% slower than the rest: caches warming up? try --warmup 1" },
		{ { .kind = ADVICE_OUTLIERS, .count = 1, .runs = 7 },
		  "1 of 7 runs is an outlier: was something else running? measure on a quiet "
		  "machine" },
		{ { .kind = ADVICE_OUTLIERS, .count = 3, .runs = 20 },
		  "3 of 20 runs are outliers: was something else running? measure on a quiet "
		  "machine" },
		{ { .kind = ADVICE_WIDE_SPREAD, .runs = 7, .value = 79.5732 },
		  "run times vary by 79.6% (relative standard deviation): too noisy to trust the "
		  "mean; measure on a quiet machine or with more runs (-r)" },
	};
	char buf[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ck_assert_uint_eq(advice_message(&cases[i].a, buf, sizeof(buf)),
				  strlen(cases[i].want));
		ck_assert_str_eq(buf, cases[i].want);
	}
}
END_TEST

/* A short buffer gets what fits, terminated; the length is still the whole line's. */
START_TEST(test_message_truncated)
{
	const struct advice a = { .kind = ADVICE_SLOW_FIRST, .runs = 7, .value = 3.2 };
	char buf[11];

	ck_assert_uint_eq(advice_message(&a, buf, sizeof(buf)),
			  strlen("first run 3.2x slower than the rest: caches warming up? "
				 "try --warmup 1"));
	ck_assert_str_eq(buf, "first run ");
	ck_assert_uint_eq(advice_message(&a, NULL, 0), 70);
}
END_TEST

/* The messages of a whole check, end to end. */
START_TEST(test_check_then_message)
{
	static const double xs[] = { 3.2, 1, 1.0625, 0.9375, 1, 1.03125, 0.96875 };
	struct found f = CHECK_OF(xs);
	char buf[128];

	ck_assert_uint_eq(f.n, 1);
	advice_message(&f.a[0], buf, sizeof(buf));
	ck_assert_str_eq(buf, "first run 3.2x slower than the rest: caches warming up? "
			      "try --warmup 1");
}
END_TEST

static Suite *advice_suite(void)
{
	Suite *s = suite_create("advice");
	TCase *outliers = tcase_create("outliers");
	TCase *first = tcase_create("first_run");
	TCase *spread = tcase_create("spread");
	TCase *api = tcase_create("interface");

	tcase_add_test(outliers, test_one_outlier);
	tcase_add_test(outliers, test_outlier_cutoff);
	tcase_add_test(outliers, test_fast_outlier);
	tcase_add_test(outliers, test_mad_zero);
	suite_add_tcase(s, outliers);

	tcase_add_test(first, test_slow_first);
	tcase_add_test(first, test_slow_first_run_counts);
	tcase_add_test(first, test_first_not_slowest);
	tcase_add_test(first, test_slow_first_mad_zero);
	suite_add_tcase(s, first);

	tcase_add_test(spread, test_spread_limit);
	suite_add_tcase(s, spread);

	tcase_add_test(api, test_no_or_bad_runs);
	tcase_add_test(api, test_cap);
	tcase_add_test(api, test_input_untouched);
	tcase_add_test(api, test_messages);
	tcase_add_test(api, test_message_truncated);
	tcase_add_test(api, test_check_then_message);
	suite_add_tcase(s, api);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(advice_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
