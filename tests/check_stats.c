/* check_stats.c - Check unit tests for src/stats.c: the Welford accumulator, the median,
 * Student's t distribution and the confidence intervals. */
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

/* ------------------------------------------------------- Student's t distribution */

/* Within a relative tolerance: the closed forms below are as exact as libm makes them. */
#define assert_rel(got, want, rel)                                                         \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= (rel) * fabs(want_),                   \
			      "%s = %.17g, want %.17g", #got, got_, want_);                \
	} while (0)

/* A printed table value agrees when it is the quantile rounded to its 3 decimals. */
#define assert_table(got, want)                                                            \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= 0.0005, "%s = %.6f, the table says %.3f", \
			      #got, got_, want_);                                          \
	} while (0)

/*
 * t(0.975, df) for df 1..30, as printed (3 decimals) in NIST/SEMATECH e-Handbook of Statistical
 * Methods, section 1.3.6.7.2, "Critical Values of the Student's t Distribution", column 0.025
 * (upper tail); the same numbers as Biometrika Tables for Statisticians, vol. 1, table 12.
 */
static const double t975_table[] = {
	12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
	2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
	2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
};

START_TEST(test_t975_table)
{
	size_t df;

	for (df = 1; df <= 30; df++) {
		assert_table(stats_t_quantile(0.975, (double)df), t975_table[df - 1]);
		assert_table(stats_t95(df), t975_table[df - 1]);
	}
}
END_TEST

/*
 * Larger df and the other columns, 0.05 (p 0.95) and 0.005 (p 0.995). NIST (as above): df 40,
 * 60, 100 and infinity. df 120, which NIST leaves out, from Fisher & Yates, Statistical Tables
 * for Biological, Agricultural and Medical Research, table III: 1.658, 1.980, 2.617.
 */
START_TEST(test_t_table_large_df)
{
	static const struct {
		double df, t95, t975, t995;
	} rows[] = {
		{ 40, 1.684, 2.021, 2.704 },
		{ 60, 1.671, 2.000, 2.660 },
		{ 100, 1.660, 1.984, 2.626 },
		{ 120, 1.658, 1.980, 2.617 },
		{ INFINITY, 1.645, 1.960, 2.576 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_table(stats_t_quantile(0.95, rows[i].df), rows[i].t95);
		assert_table(stats_t_quantile(0.975, rows[i].df), rows[i].t975);
		assert_table(stats_t_quantile(0.995, rows[i].df), rows[i].t995);
	}
	assert_table(stats_t95(40), 2.021);
	assert_table(stats_t95(120), 1.980);
}
END_TEST

/* NIST (as above), columns 0.05 and 0.005, for a few small df. */
START_TEST(test_t_table_other_columns)
{
	static const struct {
		double df, t95, t995;
	} rows[] = {
		{ 1, 6.314, 63.657 }, { 2, 2.920, 9.925 }, { 3, 2.353, 5.841 },
		{ 5, 2.015, 4.032 },  { 10, 1.812, 3.169 }, { 20, 1.725, 2.845 },
		{ 30, 1.697, 2.750 },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		assert_table(stats_t_quantile(0.95, rows[i].df), rows[i].t95);
		assert_table(stats_t_quantile(0.995, rows[i].df), rows[i].t995);
		/* Below the median by symmetry. */
		assert_table(stats_t_quantile(0.05, rows[i].df), -rows[i].t95);
		assert_table(stats_t_quantile(0.005, rows[i].df), -rows[i].t995);
	}
}
END_TEST

/*
 * Closed forms, worked from the densities: df 1 is the Cauchy distribution, CDF 1/2 +
 * atan(t) / pi, so the p-quantile is tan(pi (p - 1/2)); df 2 has CDF 1/2 + t / (2 sqrt(2 + t^2)),
 * so the quantile is (2p - 1) / sqrt(2 p (1 - p)). At p = 0.975: tan(0.475 pi) =
 * 12.7062047361747 and 0.95 / sqrt(0.04875) = 4.30265272974946 (the table's 12.706, 4.303).
 */
START_TEST(test_t_closed_forms)
{
	static const double ps[] = { 1e-9, 0.01, 0.2, 0.499, 0.6, 0.975, 0.995, 1 - 1e-9 };
	double theta;
	size_t i;

	assert_rel(stats_t_quantile(0.975, 1), 12.7062047361747, 1e-14);
	assert_rel(stats_t_quantile(0.975, 2), 4.30265272974946, 1e-14);
	for (i = 0; i < sizeof(ps) / sizeof(ps[0]); i++) {
		double p = ps[i];
		/* tan(pi (p - 1/2)) = -1 / tan(pi p): the rounding of p - 1/2 near a pole of tan
		 * would cost the reference its digits. */
		double cauchy = p < 0.5 ? -1 / tan(M_PI * p) : 1 / tan(M_PI * (1 - p));

		assert_rel(stats_t_quantile(p, 1), cauchy, 1e-12);
		assert_rel(stats_t_quantile(p, 2), (2 * p - 1) / sqrt(2 * p * (1 - p)), 1e-12);
	}
	/* df 3: CDF 1/2 + (theta + sin theta cos theta) / pi with theta = atan(t / sqrt 3); its
	 * root at 0.975 is 3.18244630528371. */
	theta = atan(stats_t_quantile(0.975, 3) / sqrt(3));
	assert_rel(0.5 + (theta + sin(theta) * cos(theta)) / M_PI, 0.975, 1e-15);
	assert_rel(stats_t_quantile(0.975, 3), 3.18244630528371, 1e-14);
	/* stats_t95 gives these to 10 decimals. */
	assert_close(stats_t95(1), 12.7062047362);
	assert_close(stats_t95(2), 4.3026527297);
	assert_close(stats_t95(3), 3.1824463053);
	/* atan(1) = pi/4: 1/2 + 1/4. At t = 1 with df 2: 1/2 + 1 / (2 sqrt 3). */
	assert_rel(stats_t_cdf(1, 1), 0.75, 1e-15);
	assert_rel(stats_t_cdf(-1, 1), 0.25, 1e-15);
	assert_rel(stats_t_cdf(1, 2), 0.5 + 1 / (2 * sqrt(3)), 1e-15);
	assert_rel(stats_t_cdf(-3, 2), 0.5 - 3 / (2 * sqrt(11)), 1e-14);
}
END_TEST

/*
 * The normal limit, df = infinity: the quantiles printed to 12 decimals in the table of the
 * Wikipedia article "Normal distribution" (section "Standard deviation and coverage"):
 * 1.644853626951 (p 0.95), 1.959963984540 (0.975), 2.575829303549 (0.995), 3.290526731492
 * (0.9995).
 */
START_TEST(test_t_normal_limit)
{
	assert_rel(stats_t_quantile(0.95, INFINITY), 1.644853626951, 1e-12);
	assert_rel(stats_t_quantile(0.975, INFINITY), 1.959963984540, 1e-12);
	assert_rel(stats_t_quantile(0.995, INFINITY), 2.575829303549, 1e-12);
	assert_rel(stats_t_quantile(0.9995, INFINITY), 3.290526731492, 1e-12);
	assert_rel(stats_t_cdf(1.959963984540, INFINITY), 0.975, 1e-12);
	/* Past 1e5 df the quantile comes from the normal one by Cornish-Fisher's expansion: it
	 * keeps falling with df, from either side of the switch, towards the normal value. */
	ck_assert(stats_t_quantile(0.975, 99999) > stats_t_quantile(0.975, 100001));
	ck_assert(stats_t_quantile(0.975, 100001) > stats_t_quantile(0.975, 1e9));
	ck_assert(stats_t_quantile(0.975, 1e9) > stats_t_quantile(0.975, INFINITY));
	assert_rel(stats_t_quantile(0.975, 1e12), 1.959963984540, 1e-11);
}
END_TEST

/* Symmetry: the quantile below the median mirrors the one above. 0.025 and 1 - 0.975 are
 * different doubles (the latter is 0.025000000000000022), hence a tolerance. */
START_TEST(test_t_symmetric)
{
	static const double dfs[] = { 0.5, 1, 2.5, 7.3, 30, 1000, 1e6 };
	size_t i;

	for (i = 0; i < sizeof(dfs) / sizeof(dfs[0]); i++) {
		double upper = stats_t_quantile(0.975, dfs[i]);

		assert_rel(stats_t_quantile(0.025, dfs[i]), -upper, 1e-13);
		assert_rel(stats_t_cdf(-2, dfs[i]), 1 - stats_t_cdf(2, dfs[i]), 1e-13);
		ck_assert(stats_t_quantile(0.5, dfs[i]) == 0.0);
		ck_assert(stats_t_cdf(0, dfs[i]) == 0.5);
	}
}
END_TEST

/* Welch's df is not a whole number: t(0.975, 2.5) lies strictly between the table's df 2 and
 * df 3 (4.303 > t > 3.182), t(0.975, 7.3) between df 7 and 8 (2.365 > t > 2.306). */
START_TEST(test_t_fractional_df)
{
	double t25 = stats_t_quantile(0.975, 2.5), t73 = stats_t_quantile(0.975, 7.3);

	ck_assert_msg(t25 < 4.303 - 0.0005 && t25 > 3.182 + 0.0005, "t(2.5) = %.6f", t25);
	ck_assert_msg(t73 < 2.365 - 0.0005 && t73 > 2.306 + 0.0005, "t(7.3) = %.6f", t73);
	ck_assert(stats_t_quantile(0.975, 2.5) < stats_t_quantile(0.975, 2.4));
	ck_assert(stats_t_quantile(0.975, 0.5) > stats_t_quantile(0.975, 1));
}
END_TEST

/* The quantile and the CDF invert each other, tails included, for whole and fractional df
 * (with df 0.8 the quantile at 1e-200 is near -1e250). */
START_TEST(test_t_round_trip)
{
	static const double dfs[] = { 0.8, 1, 2.5, 7.3, 24.5, 150.25, 5e4, 1e7 };
	static const double ps[] = { 1e-200, 1e-8, 0.001, 0.025, 0.3, 0.5 - 1e-9, 0.5 + 1e-9,
				     0.8, 0.975, 0.999, 1 - 1e-12 };
	size_t i, j;

	for (i = 0; i < sizeof(dfs) / sizeof(dfs[0]); i++) {
		for (j = 0; j < sizeof(ps) / sizeof(ps[0]); j++) {
			double t = stats_t_quantile(ps[j], dfs[i]), cdf = stats_t_cdf(t, dfs[i]);
			double tail = ps[j] < 0.5 ? cdf : 1 - cdf;

			ck_assert_msg(isfinite(t), "t(%g, %g) = %g", ps[j], dfs[i], t);
			/* Compared on the side where the probability keeps its digits. */
			if (ps[j] < 0.5)
				assert_rel(tail, ps[j], 1e-9);
			else
				assert_rel(tail, 1 - ps[j], 1e-9);
			assert_rel(stats_t_quantile(cdf, dfs[i]), t, 1e-9);
		}
	}
}
END_TEST

/* A df far below 1 has tails so heavy that a central quantile is beyond any double. */
START_TEST(test_t_beyond_doubles)
{
	ck_assert(stats_t_quantile(0.975, 0.001) == INFINITY);
	ck_assert(stats_t_quantile(0.025, 0.001) == -INFINITY);
	ck_assert(stats_t_cdf(INFINITY, 3) == 1.0);
	ck_assert(stats_t_cdf(-INFINITY, 3) == 0.0);
	/* P(T < -1e300) with df 1/2 is about 1e-150: tiny, but a double holds it. */
	ck_assert(stats_t_cdf(-1e300, 0.5) > 0.0 && stats_t_cdf(-1e300, 0.5) < 1e-140);
}
END_TEST

START_TEST(test_t_invalid)
{
	assert_nan(stats_t_quantile(0, 5));
	assert_nan(stats_t_quantile(1, 5));
	assert_nan(stats_t_quantile(-0.5, 5));
	assert_nan(stats_t_quantile(1.5, 5));
	assert_nan(stats_t_quantile(NAN, 5));
	assert_nan(stats_t_quantile(0.975, 0));
	assert_nan(stats_t_quantile(0.975, -3));
	assert_nan(stats_t_quantile(0.975, NAN));
	assert_nan(stats_t_cdf(NAN, 5));
	assert_nan(stats_t_cdf(1, 0));
	assert_nan(stats_t_cdf(1, -1));
	assert_nan(stats_t_cdf(1, NAN));
	assert_nan(stats_t95(0));
}
END_TEST

/*
 * The regularized incomplete beta function against closed forms worked from its integral
 * I_x(a, b) = int_0^x u^(a-1) (1-u)^(b-1) du / B(a, b):
 *   b = 1: x^a, so I_0.5(3, 1) = 1/8;  a = 1: 1 - (1-x)^b, so I_0.5(1, 3) = 7/8;
 *   a = b = 2: B = 1/6, integral x^2/2 - x^3/3, so I_x = 3x^2 - 2x^3 and I_0.25 = 3/16 - 2/64
 *   = 0.15625;  a = b = 1/2: (2/pi) asin(sqrt x), so I_0.25 = (2/pi)(pi/6) = 1/3;
 *   a = b: symmetric about 1/2, so I_0.5(a, a) = 1/2.
 */
START_TEST(test_ibeta_closed_forms)
{
	assert_rel(stats_ibeta(3, 1, 0.5), 0.125, 1e-15);
	assert_rel(stats_ibeta(1, 3, 0.5), 0.875, 1e-15);
	assert_rel(stats_ibeta(2, 2, 0.25), 0.15625, 1e-15);
	assert_rel(stats_ibeta(0.5, 0.5, 0.25), 1.0 / 3.0, 1e-14);
	assert_rel(stats_ibeta(1, 1, 0.3), 0.3, 1e-15);
	assert_rel(stats_ibeta(0.5, 0.5, 0.5), 0.5, 1e-15);
	assert_rel(stats_ibeta(7.5, 7.5, 0.5), 0.5, 1e-14);
	assert_rel(stats_ibeta(400, 400, 0.5), 0.5, 1e-12);
	ck_assert(stats_ibeta(2, 3, 0) == 0.0);
	ck_assert(stats_ibeta(2, 3, 1) == 1.0);
	assert_nan(stats_ibeta(0, 1, 0.5));
	assert_nan(stats_ibeta(1, -1, 0.5));
	assert_nan(stats_ibeta(1, 1, 1.5));
	assert_nan(stats_ibeta(1, 1, NAN));
	assert_nan(stats_ibeta(INFINITY, 1, 0.5));
}
END_TEST

/* ------------------------------------------------------------- intervals */

/*
 * 0.25 and 0.75 s: mean 0.5, stddev |0.75 - 0.25| / sqrt 2, sem 0.5 / 2 = 0.25; with one df
 * t95 is tan(0.475 pi) = 12.70620473617... to 10 decimals, 12.7062047362, and the interval
 * 0.5 -+ 3.17655118405, whose low bound -2.67655118405 s no run time can have.
 */
START_TEST(test_ci95_clamped)
{
	static const double xs[] = { 0.25, 0.75 };
	struct stats s;
	double low, high;

	add_all(&s, xs, 2);
	assert_close(stats_t95(1), 12.7062047362);
	stats_ci95(&s, &low, &high);
	assert_close(low, -2.67655118405);
	assert_close(high, 3.67655118405);
	stats_ci95_clamped(&s, 0.0, &low, &high);
	ck_assert(low == 0.0);
	assert_close(high, 3.67655118405);
	/* A floor above both bounds raises both; one below both changes neither. */
	stats_ci95_clamped(&s, 5.0, &low, &high);
	ck_assert(low == 5.0 && high == 5.0);
	stats_ci95_clamped(&s, -10.0, &low, &high);
	assert_close(low, -2.67655118405);
	/* One run: no interval, and the floor does not invent one. */
	add_all(&s, xs, 1);
	stats_ci95_clamped(&s, 0.0, &low, &high);
	assert_nan(low);
	assert_nan(high);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *welford = tcase_create("welford");
	TCase *median = tcase_create("median");
	TCase *student = tcase_create("student_t");
	TCase *interval = tcase_create("interval");

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

	tcase_add_test(student, test_t975_table);
	tcase_add_test(student, test_t_table_large_df);
	tcase_add_test(student, test_t_table_other_columns);
	tcase_add_test(student, test_t_closed_forms);
	tcase_add_test(student, test_t_normal_limit);
	tcase_add_test(student, test_t_symmetric);
	tcase_add_test(student, test_t_fractional_df);
	tcase_add_test(student, test_t_round_trip);
	tcase_add_test(student, test_t_beyond_doubles);
	tcase_add_test(student, test_t_invalid);
	tcase_add_test(student, test_ibeta_closed_forms);
	suite_add_tcase(s, student);

	tcase_add_test(interval, test_ci95_clamped);
	suite_add_tcase(s, interval);
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
