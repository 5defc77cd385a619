/* check_change.c - Check unit tests for src/change.c: Welch's comparison of two sets of runs on
 * published examples and examples worked by hand, the noise band, the non-negative clamp and
 * every undefined case. */
#include <check.h>
#include <math.h>
#include <stdlib.h>

#include "change.h"

#define assert_rel(got, want, rel)                                                         \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= (rel) * fabs(want_),                   \
			      "%s = %.17g, want %.17g", #got, got_, want_);                \
	} while (0)

/* A published value agrees when the computed one rounds to it: |got - want| <= half a unit of
 * its last printed digit. */
#define assert_printed(got, want, half_unit)                                               \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= (half_unit), "%s = %.10g, printed as %.10g", \
			      #got, got_, want_);                                          \
	} while (0)

#define assert_nan(got)                                                                    \
	do {                                                                               \
		double got_ = (got);                                                       \
		ck_assert_msg(isnan(got_), "%s = %.17g, want NaN", #got, got_);            \
	} while (0)

static struct stats stats_of(const double *xs, size_t n)
{
	struct stats s;
	size_t i;

	stats_init(&s);
	for (i = 0; i < n; i++)
		stats_add(&s, xs[i]);
	return s;
}

#define STATS_OF(xs) stats_of(xs, sizeof(xs) / sizeof(xs[0]))

/* Two-sided p-value of Welch's t: 2 P(T < -|t|). */
static double welch_p(const struct change *c)
{
	return 2.0 * stats_t_cdf(-fabs(c->diff / c->diff_se), c->df);
}

/* ---------------------------------------------------------- published examples */

/*
 * The three examples of the Wikipedia article "Welch's t-test" (section "Examples"), which
 * prints Welch's t, df and p as -2.46, 25.0, 0.021; -1.57, 9.9, 0.149; -2.22, 24.5, 0.036.
 * Its t is (mean of A1 - mean of A2) / se, so A2 is the reference here and A1 the candidate.
 * Rosetta Code's task "Welch's t-test" uses the same data and prints p to 15 digits:
 * 0.021378001462867, 0.148841696605328, 0.0359722710297968; and two more pairs below.
 */
static const double ex1_a1[] = { 27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1,
				 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4 };
static const double ex1_a2[] = { 27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0,
				 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4 };
static const double ex2_a1[] = { 17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8 };
static const double ex2_a2[] = { 21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8,
				 20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8 };
static const double ex3_a1[] = { 19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0 };
static const double ex3_a2[] = { 28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7,
				 23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 24.0, 13.2 };

START_TEST(test_wikipedia_examples)
{
	static const struct {
		const double *a1, *a2;
		size_t n1, n2;
		double t, df, p, p15;
	} ex[] = {
		{ ex1_a1, ex1_a2, 15, 15, -2.46, 25.0, 0.021, 0.021378001462867 },
		{ ex2_a1, ex2_a2, 10, 20, -1.57, 9.9, 0.149, 0.148841696605328 },
		{ ex3_a1, ex3_a2, 10, 20, -2.22, 24.5, 0.036, 0.0359722710297968 },
	};
	size_t i;

	for (i = 0; i < sizeof(ex) / sizeof(ex[0]); i++) {
		struct stats a = stats_of(ex[i].a2, ex[i].n2), b = stats_of(ex[i].a1, ex[i].n1);
		struct change c;

		change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
		assert_printed(c.diff / c.diff_se, ex[i].t, 0.005);
		assert_printed(c.df, ex[i].df, 0.05);
		assert_printed(welch_p(&c), ex[i].p, 0.0005);
		assert_rel(welch_p(&c), ex[i].p15, 1e-10);
		/* The 95% interval excludes zero exactly when p < 0.05: examples 1 and 3. */
		ck_assert((c.diff_high < 0.0) == (ex[i].p < 0.05));
		ck_assert(c.significant == (ex[i].p < 0.05));
	}
}
END_TEST

/* Rosetta Code's two further pairs, p 0.090773324285671 and 0.0107515611497845. */
START_TEST(test_rosetta_examples)
{
	static const double x7[] = { 30.02, 29.99, 30.11, 29.97, 30.01, 29.99 };
	static const double x8[] = { 29.89, 29.93, 29.72, 29.98, 30.02, 29.98 };
	static const double x[] = { 3.0, 4.0, 1.0, 2.1 }, y[] = { 490.2, 340.0, 433.9 };
	struct stats a = STATS_OF(x8), b = STATS_OF(x7);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(welch_p(&c), 0.090773324285671, 1e-10);
	a = STATS_OF(y);
	b = STATS_OF(x);
	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(welch_p(&c), 0.0107515611497845, 1e-10);
}
END_TEST

/*
 * An interval printed by R's t.test (Welch, its default) in a Cross Validated answer on
 * Welch's confidence interval: ts1 = 11 9 10 11 10 12 9 11 12 9, ts2 = 11 13 10 13 12 9 11 12
 * 12 11 give "t = -1.8325, df = 17.9, p-value = 0.08356" and the 95 percent confidence interval
 * -2.1469104 0.1469104 of mean(ts1) - mean(ts2) = 10.4 - 11.4. Zero is inside: not significant.
 */
START_TEST(test_r_interval)
{
	static const double ts1[] = { 11, 9, 10, 11, 10, 12, 9, 11, 12, 9 };
	static const double ts2[] = { 11, 13, 10, 13, 12, 9, 11, 12, 12, 11 };
	struct stats a = STATS_OF(ts2), b = STATS_OF(ts1);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.diff, -1.0, 1e-14);
	assert_printed(c.diff / c.diff_se, -1.8325, 0.00005);
	assert_printed(c.df, 17.9, 0.05);
	assert_printed(welch_p(&c), 0.08356, 0.000005);
	assert_printed(c.diff_low, -2.1469104, 0.00000005);
	assert_printed(c.diff_high, 0.1469104, 0.00000005);
	ck_assert(!c.significant);
}
END_TEST

/* ------------------------------------------------------------- worked by hand */

/*
 * A = 98 102, B = 103 107: means 100 and 105, each variance 8 (deviations -+2, 8 / 1), so
 * s^2 / n = 4 on both sides. diff 5, se sqrt(4 + 4) = sqrt 8; df = 8^2 / (4^2 / 1 + 4^2 / 1)
 * = 2, where t(0.975, 2) = 0.95 / sqrt(2 x 0.975 x 0.025) = 4.30265272974946 (closed form), so
 * the interval is 5 -+ 4.30265272974946 sqrt 8 = 5 -+ 12.1697396891866 = [-7.1697396891866,
 * 17.1697396891866]. pct 100 x 5 / 100 = 5, its interval the same numbers (x 100 / 100).
 * ratio 1.05, sem 2 on both sides: ratio_se = sqrt((1.05 x 2)^2 + 2^2) / 100 = sqrt(8.41) / 100
 * = 0.029; ratio interval 1.05 -+ 4.30265272974946 x 0.029. Zero inside: not significant.
 */
START_TEST(test_hand_equal_sizes)
{
	static const double xa[] = { 98, 102 }, xb[] = { 103, 107 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	const double t2 = 0.95 / sqrt(0.04875);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.diff, 5.0, 1e-15);
	assert_rel(c.diff_se, sqrt(8.0), 1e-15);
	assert_rel(c.df, 2.0, 1e-15);
	assert_rel(c.diff_low, 5.0 - t2 * sqrt(8.0), 1e-12);
	assert_rel(c.diff_high, 5.0 + t2 * sqrt(8.0), 1e-12);
	assert_rel(c.diff_low, -7.1697396891866, 1e-12);
	assert_rel(c.pct, 5.0, 1e-15);
	assert_rel(c.pct_low, -7.1697396891866, 1e-12);
	assert_rel(c.pct_high, 17.1697396891866, 1e-12);
	assert_rel(c.ratio, 1.05, 1e-15);
	assert_rel(c.ratio_se, 0.029, 1e-14);
	assert_rel(c.ratio_low, 1.05 - t2 * 0.029, 1e-12);
	assert_rel(c.ratio_high, 1.05 + t2 * 0.029, 1e-12);
	ck_assert(!c.significant);
}
END_TEST

/*
 * Unequal sizes and spreads. A = 9 10 11: mean 10, variance 2 / 2 = 1, s^2 / n = 1/3.
 * B = 10 12 14 16 18: mean 14, variance (16 + 4 + 0 + 4 + 16) / 4 = 10, s^2 / n = 2.
 * diff 4, se sqrt(7/3) = 1.52752523165195; df = (7/3)^2 / ((1/3)^2 / 2 + 2^2 / 4)
 * = (49/9) / (19/18) = 98/19 = 5.15789473684211, between the table's df 5 and 6, so t lies
 * between 2.447 and 2.571 and the interval within 4 -+ 3.93 excludes zero: significant (40%).
 * ratio 1.4, ratio_se sqrt((1.4^2 / 3) + 2) / 10 = sqrt(7.96 / 3) / 10 = 0.162890556304942.
 */
START_TEST(test_hand_unequal)
{
	static const double xa[] = { 9, 10, 11 }, xb[] = { 10, 12, 14, 16, 18 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;
	double t;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.diff, 4.0, 1e-15);
	assert_rel(c.diff_se, sqrt(7.0 / 3.0), 1e-15);
	assert_rel(c.df, 98.0 / 19.0, 1e-14);
	t = (c.diff_high - c.diff) / c.diff_se;
	ck_assert_msg(t > 2.447 && t < 2.571, "t = %g", t);
	assert_rel(t, stats_t_quantile(0.975, 98.0 / 19.0), 1e-14);
	assert_rel(c.diff - c.diff_low, c.diff_high - c.diff, 1e-14);
	assert_rel(c.pct, 40.0, 1e-15);
	assert_rel(c.pct_low, 10.0 * c.diff_low, 1e-14);
	assert_rel(c.ratio, 1.4, 1e-15);
	assert_rel(c.ratio_se, sqrt(7.96 / 3.0) / 10.0, 1e-14);
	ck_assert(c.diff_low > 0.0);
	ck_assert(c.significant);
}
END_TEST

/* B slower or faster is the same arithmetic with the sign turned: A and B swapped above. */
START_TEST(test_hand_swapped)
{
	static const double xa[] = { 9, 10, 11 }, xb[] = { 10, 12, 14, 16, 18 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &b, &a, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.diff, -4.0, 1e-15);
	assert_rel(c.df, 98.0 / 19.0, 1e-14);
	assert_rel(c.pct, -100.0 * 4.0 / 14.0, 1e-14);
	ck_assert(c.diff_high < 0.0);
	ck_assert(c.significant);
}
END_TEST

/* ------------------------------------------------------------- the noise band */

/*
 * Four runs each side, A with mean 100 and M2 0.0625 (say 99.875 100.125 99.875 100.125: M2
 * 4 x 0.125^2), so s^2 / n = 0.0625 / 3 / 4 = 0.0625 / 12; B = A + d has the same spread. se =
 * sqrt(0.0625 / 6) = 0.102062072615966 and df = (2w)^2 / (2 w^2 / 3) = 6, t(0.975, 6) = 2.447
 * (table): half width 0.2497. d = 0.5: interval [0.2503, 0.7497] excludes zero, yet 0.5% < 1%
 * is noise. d = 1: 1% exactly is on the band and counts; d = 2: 2%, significant. The
 * accumulators are written out so that the means are exact and 1% is exactly 1.
 */
START_TEST(test_noise_band)
{
	static const double steps[] = { 0.5, 1, 2 };
	static const bool want[] = { false, true, true };
	const struct stats a = { .n = 4, .mean = 100, .m2 = 0.0625, .min = 99.875, .max = 100.125 };
	size_t i;

	for (i = 0; i < 3; i++) {
		struct stats b = a;
		struct change c;

		b.mean += steps[i];
		change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
		ck_assert(c.pct == steps[i]);
		assert_rel(c.df, 6.0, 1e-14);
		assert_rel(c.diff_se, 0.102062072615966, 1e-14);
		assert_printed((c.pct_high - c.pct) / 0.102062072615966, 2.447, 0.0005);
		ck_assert(c.pct_low > 0.0);
		ck_assert_msg(c.significant == want[i], "%g%% significant: %d", steps[i],
			      c.significant);
	}
}
END_TEST

/* With no band, any interval that excludes zero is significant; a wide band hides 0.5%. */
START_TEST(test_noise_band_chosen)
{
	static const double xa[] = { 99.875, 100.125, 99.875, 100.125 };
	static const double xb[] = { 100.375, 100.625, 100.375, 100.625 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, 0.0, false);
	assert_rel(c.pct, 0.5, 1e-13);
	ck_assert(c.significant);
	change_compute(&c, &a, &b, 5.0, false);
	ck_assert(!c.significant);
}
END_TEST

/* --------------------------------------------------------- the non-negative clamp */

/*
 * A = 10 10.5 9.5: mean 10, variance 0.25, s^2 / n = 1/12. B = 0 0 0 12: mean 3, deviations
 * -3 -3 -3 9, M2 108, variance 36, s^2 / n = 9. diff -7, se sqrt(9 + 1/12) = 3.01385688...;
 * df = (109/12)^2 / ((1/12)^2 / 2 + 81 / 3) = 3.0554..., t about 3.15, so the interval
 * reaches about -16.5: -165% of A, a candidate mean below zero. ratio 0.3, ratio_se
 * sqrt((0.3^2 / 12) + 9) / 10 = 0.300124..., low bound about -0.65.
 * A count or a time cannot go below zero: clamped, the bounds are -10 (= -mean_a), -100% and 0;
 * the high bounds and the estimates stay as they are.
 */
START_TEST(test_nonnegative_clamp)
{
	static const double xa[] = { 10, 10.5, 9.5 }, xb[] = { 0, 0, 0, 12 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change raw, c;

	change_compute(&raw, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(raw.diff, -7.0, 1e-15);
	assert_rel(raw.diff_se, sqrt(9.0 + 1.0 / 12.0), 1e-15);
	assert_rel(raw.df, (109.0 / 12 * 109.0 / 12) / (1.0 / 288 + 27.0), 1e-14);
	ck_assert_msg(raw.pct_low < -150.0, "pct_low %g", raw.pct_low);
	ck_assert_msg(raw.ratio_low < -0.5, "ratio_low %g", raw.ratio_low);
	ck_assert(raw.diff_low < -10.0);

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	ck_assert(c.diff_low == -10.0);
	ck_assert(c.pct_low == -100.0);
	ck_assert(c.ratio_low == 0.0);
	ck_assert(c.diff_high == raw.diff_high);
	ck_assert(c.pct_high == raw.pct_high);
	ck_assert(c.ratio_high == raw.ratio_high);
	ck_assert(c.pct == raw.pct && c.ratio == raw.ratio);
	assert_rel(c.pct, -70.0, 1e-14);
	assert_rel(c.ratio_se, sqrt(0.09 / 12.0 + 9.0) / 10.0, 1e-14);
	/* The interval holds zero either way: not significant. */
	ck_assert(!raw.significant && !c.significant);
}
END_TEST

/* A reference near zero with a wide spread: the percentages are large, the low bound still
 * -100% at worst. A = 0.01 0.01 0.01 2 (mean 0.5075), B = 0.02 0.02 0.02 0.02. */
START_TEST(test_nonnegative_small_reference)
{
	static const double xa[] = { 0.01, 0.01, 0.01, 2 }, xb[] = { 0.02, 0.02, 0.02, 0.02 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	ck_assert(c.pct_low >= -100.0);
	ck_assert(c.ratio_low >= 0.0);
	ck_assert(c.diff_low >= -0.5075);
	ck_assert(c.pct_high > 0.0);
}
END_TEST

/* ------------------------------------------------------------- undefined cases */

/* One run of A: no spread to estimate, so no interval and never significant, however large
 * the difference; the point estimates stand. */
START_TEST(test_single_run)
{
	static const double xa[] = { 100 }, xb[] = { 200, 201, 202 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	assert_rel(c.diff, 101.0, 1e-15);
	assert_rel(c.pct, 101.0, 1e-15);
	assert_rel(c.ratio, 2.01, 1e-15);
	assert_nan(c.diff_se);
	assert_nan(c.df);
	assert_nan(c.diff_low);
	assert_nan(c.diff_high);
	assert_nan(c.pct_low);
	assert_nan(c.pct_high);
	assert_nan(c.ratio_se);
	assert_nan(c.ratio_low);
	assert_nan(c.ratio_high);
	ck_assert(!c.significant);
	/* And the other way round. */
	change_compute(&c, &b, &a, CHANGE_THRESHOLD_PCT, true);
	assert_nan(c.pct_low);
	ck_assert(!c.significant);
}
END_TEST

/* No run at all on one side: nothing to compare. */
START_TEST(test_no_runs)
{
	static const double xb[] = { 1, 2 };
	struct stats a, b = STATS_OF(xb);
	struct change c;

	stats_init(&a);
	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_nan(c.diff);
	assert_nan(c.pct);
	assert_nan(c.ratio);
	assert_nan(c.diff_low);
	ck_assert(!c.significant);
}
END_TEST

/*
 * Every run alike on both sides: se 0, and Welch's df is 0/0. The intervals are the points:
 * 100 100 100 against 102 102 is +2 exactly, [2, 2], 2% -> significant at 1%; against
 * 100.5 100.5 it is 0.5%, inside the band; against 100 100 it is no change.
 */
START_TEST(test_no_spread)
{
	static const double xa[] = { 100, 100, 100 };
	static const double x2[] = { 102, 102 }, xh[] = { 100.5, 100.5 }, x0[] = { 100, 100 };
	struct stats a = STATS_OF(xa), b = STATS_OF(x2);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	ck_assert(c.diff_se == 0.0);
	assert_nan(c.df);
	ck_assert(c.diff_low == 2.0 && c.diff_high == 2.0);
	ck_assert(c.pct_low == 2.0 && c.pct_high == 2.0 && c.pct == 2.0);
	ck_assert(c.ratio_se == 0.0);
	ck_assert(c.ratio_low == 1.02 && c.ratio_high == 1.02);
	ck_assert(c.significant);

	b = STATS_OF(xh);
	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	ck_assert(c.pct_low == 0.5 && c.pct_high == 0.5);
	ck_assert(!c.significant);
	change_compute(&c, &a, &b, 0.5, true);
	ck_assert(c.significant);

	b = STATS_OF(x0);
	change_compute(&c, &a, &b, 0.0, true);
	ck_assert(c.pct == 0.0 && c.pct_low == 0.0 && c.pct_high == 0.0);
	ck_assert(!c.significant);
}
END_TEST

/* One side without spread: Welch's df is the other side's n - 1. A = 100 x 3, B = 101 103
 * (s^2 / n = 2 / 2 = 1): df 1, interval 2 -+ tan(0.475 pi) x 1. */
START_TEST(test_one_side_no_spread)
{
	static const double xa[] = { 100, 100, 100 }, xb[] = { 101, 103 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.df, 1.0, 1e-15);
	assert_rel(c.diff_se, 1.0, 1e-15);
	assert_rel(c.diff_high, 2.0 + tan(0.475 * M_PI), 1e-12);
	ck_assert(!c.significant);
}
END_TEST

/* A reference mean of zero: a percentage or ratio of it is undefined; the difference is not.
 * A = -1 1 (mean 0, s^2 / n = 2 / 2 = 1), B = 1 3 (mean 2, s^2 / n = 1): diff 2, se sqrt 2,
 * df 2. */
START_TEST(test_zero_reference)
{
	static const double xa[] = { -1, 1 }, xb[] = { 1, 3 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	assert_rel(c.diff, 2.0, 1e-15);
	assert_rel(c.diff_se, sqrt(2.0), 1e-15);
	assert_rel(c.df, 2.0, 1e-15);
	assert_rel(c.diff_high, 2.0 + 0.95 / sqrt(0.04875) * sqrt(2.0), 1e-12);
	assert_nan(c.pct);
	assert_nan(c.pct_low);
	assert_nan(c.pct_high);
	assert_nan(c.ratio);
	assert_nan(c.ratio_se);
	assert_nan(c.ratio_low);
	ck_assert(!c.significant);
	/* The clamp needs no percentage: -mean_a is 0. */
	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	ck_assert(c.diff_low == 0.0);
	assert_nan(c.pct_low);
}
END_TEST

/* A candidate mean of zero: ratio 0, and its standard error needs no division by it.
 * A = 9 11 (sem 1), B = -1 1 (sem 1): ratio_se = sqrt((0 x 1)^2 + 1^2) / 10 = 0.1. */
START_TEST(test_zero_candidate)
{
	static const double xa[] = { 9, 11 }, xb[] = { -1, 1 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, false);
	ck_assert(c.ratio == 0.0);
	assert_rel(c.ratio_se, 0.1, 1e-15);
	assert_rel(c.pct, -100.0, 1e-15);
}
END_TEST

/* NaN in the runs makes the mean NaN (Welford carries it); a hand-made accumulator may hold
 * an infinite one. Neither compares. */
START_TEST(test_nan_inputs)
{
	static const double xa[] = { 1, NAN, 3 }, xb[] = { 1, 2, 3 };
	struct stats a = STATS_OF(xa), b = STATS_OF(xb);
	struct stats inf = { .n = 3, .mean = INFINITY, .m2 = 0, .min = 0, .max = INFINITY };
	struct change c;

	change_compute(&c, &a, &b, CHANGE_THRESHOLD_PCT, true);
	assert_nan(c.diff);
	assert_nan(c.pct);
	assert_nan(c.pct_low);
	assert_nan(c.ratio_low);
	ck_assert(!c.significant);
	change_compute(&c, &b, &a, CHANGE_THRESHOLD_PCT, true);
	assert_nan(c.diff);
	ck_assert(!c.significant);
	change_compute(&c, &inf, &b, CHANGE_THRESHOLD_PCT, false);
	assert_nan(c.diff);
	ck_assert(!c.significant);
	/* A NaN noise band never lets a change through. */
	a = STATS_OF(xb);
	b.mean += 100;
	change_compute(&c, &a, &b, NAN, false);
	ck_assert(!c.significant);
}
END_TEST

static Suite *change_suite(void)
{
	Suite *s = suite_create("change");
	TCase *published = tcase_create("published");
	TCase *hand = tcase_create("hand");
	TCase *band = tcase_create("band");
	TCase *undefined = tcase_create("undefined");

	tcase_add_test(published, test_wikipedia_examples);
	tcase_add_test(published, test_rosetta_examples);
	tcase_add_test(published, test_r_interval);
	suite_add_tcase(s, published);

	tcase_add_test(hand, test_hand_equal_sizes);
	tcase_add_test(hand, test_hand_unequal);
	tcase_add_test(hand, test_hand_swapped);
	suite_add_tcase(s, hand);

	tcase_add_test(band, test_noise_band);
	tcase_add_test(band, test_noise_band_chosen);
	tcase_add_test(band, test_nonnegative_clamp);
	tcase_add_test(band, test_nonnegative_small_reference);
	suite_add_tcase(s, band);

	tcase_add_test(undefined, test_single_run);
	tcase_add_test(undefined, test_no_runs);
	tcase_add_test(undefined, test_no_spread);
	tcase_add_test(undefined, test_one_side_no_spread);
	tcase_add_test(undefined, test_zero_reference);
	tcase_add_test(undefined, test_zero_candidate);
	tcase_add_test(undefined, test_nan_inputs);
	suite_add_tcase(s, undefined);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(change_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
