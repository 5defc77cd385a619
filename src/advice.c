/* advice.c - outliers, a slow first run and a wide spread among run times. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "advice.h"
#include "stats.h"

/* The centre and spread the modified Z-score measures against. */
struct robust {
	double median;
	double mad;
};

static struct robust robust_of(const double *xs, size_t n, double *scratch)
{
	struct robust r;
	size_t i;

	memcpy(scratch, xs, n * sizeof(*xs));
	r.median = stats_median(scratch, n);
	for (i = 0; i < n; i++)
		scratch[i] = fabs(xs[i] - r.median);
	r.mad = stats_median(scratch, n);
	return r;
}

/* 0.6745 is the normal distribution's quartile: it makes the MAD of normal data estimate its
 * standard deviation, so that M reads like an ordinary Z-score. */
static bool robust_outlier(const struct robust *r, double x)
{
	return r->mad > 0.0 && fabs(0.6745 * (x - r->median) / r->mad) > ADVICE_OUTLIER_SCORE;
}

/* The first run against the others only: scored against all runs, a slow first run of three
 * would pull the MAD up and hide itself. */
static bool first_run_slow(const double *xs, size_t n, double *scratch, double *factor)
{
	struct robust r;
	size_t i;

	if (n < 3)
		return false;
	for (i = 1; i < n; i++)
		if (xs[i] >= xs[0])
			return false;
	r = robust_of(xs + 1, n - 1, scratch);
	if (!robust_outlier(&r, xs[0]))
		return false;
	*factor = xs[0] / r.median;
	return true;
}

static size_t outlier_count(const double *xs, size_t n, double *scratch, bool skip_first)
{
	struct robust r = robust_of(xs, n, scratch);
	size_t i, count = 0;

	for (i = skip_first ? 1 : 0; i < n; i++)
		count += robust_outlier(&r, xs[i]);
	return count;
}

/* 100 x stddev / mean, NaN when undefined (fewer than 2 runs, a mean that is not positive). */
static double spread_pct(const double *xs, size_t n)
{
	struct stats s;
	size_t i;

	stats_init(&s);
	for (i = 0; i < n; i++)
		stats_add(&s, xs[i]);
	if (s.n < 2 || !(s.mean > 0.0))
		return NAN;
	return 100.0 * stats_stddev(&s) / s.mean;
}

static bool all_finite(const double *xs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isfinite(xs[i]))
			return false;
	return true;
}

/* Appends a where there is room; counts it either way. */
static void advice_push(struct advice *out, size_t cap, size_t *k, struct advice a)
{
	if (*k < cap)
		out[*k] = a;
	(*k)++;
}

size_t advice_check(const double *wall_s, size_t n, double *scratch, struct advice *out,
		    size_t cap)
{
	double factor = NAN, rsd;
	size_t k = 0, outliers, skip;
	bool slow;

	if (n == 0 || !all_finite(wall_s, n))
		return 0;
	slow = first_run_slow(wall_s, n, scratch, &factor);
	if (slow)
		advice_push(out, cap, &k, (struct advice){ .kind = ADVICE_SLOW_FIRST,
							   .runs = n, .value = factor });
	outliers = outlier_count(wall_s, n, scratch, slow);
	if (outliers)
		advice_push(out, cap, &k, (struct advice){ .kind = ADVICE_OUTLIERS,
							   .count = outliers, .runs = n });
	/* Once a slow first run is reported, the spread that matters is the one a warm-up
	 * leaves: one cause, one warning. */
	skip = slow ? 1 : 0;
	rsd = spread_pct(wall_s + skip, n - skip);
	if (rsd > ADVICE_SPREAD_PCT)
		advice_push(out, cap, &k, (struct advice){ .kind = ADVICE_WIDE_SPREAD,
							   .runs = n - skip, .value = rsd });
	return k;
}

/* "3.2x slower" reads well from twice as slow up; below, "40% slower" does. */
static int slow_first_message(double factor, char *buf, size_t cap)
{
	if (factor >= 2.0)
		return snprintf(buf, cap,
				"first run %.1fx slower than the rest: caches warming up? "
				"try --warmup 1",
				factor);
	return snprintf(buf, cap,
			"first run %.0f%% slower than the rest: caches warming up? try --warmup 1",
			100.0 * (factor - 1.0));
}

size_t advice_message(const struct advice *a, char *buf, size_t cap)
{
	int len = 0;

	if (cap)
		buf[0] = '\0';
	switch (a->kind) {
	case ADVICE_SLOW_FIRST:
		len = slow_first_message(a->value, buf, cap);
		break;
	case ADVICE_OUTLIERS:
		len = snprintf(buf, cap,
			       "%zu of %zu runs %s: was something else running? measure on a "
			       "quiet machine",
			       a->count, a->runs, a->count == 1 ? "is an outlier" : "are outliers");
		break;
	case ADVICE_WIDE_SPREAD:
		len = snprintf(buf, cap,
			       "run times vary by %.1f%% (relative standard deviation): too noisy "
			       "to trust the mean; measure on a quiet machine or with more runs "
			       "(-r)",
			       a->value);
		break;
	}
	return len > 0 ? (size_t)len : 0;
}
