/* change.c - Welch's comparison of two sets of runs: difference, percentage, ratio. */
#include <math.h>

#include "change.h"

/* A side can be compared at all: at least one run and a finite mean. */
static bool side_usable(const struct stats *s)
{
	return s->n >= 1 && isfinite(s->mean);
}

/* s^2 / n, the squared standard error of the mean; NaN below 2 runs. */
static double side_mean_variance(const struct stats *s)
{
	if (s->n < 2)
		return NAN;
	return s->m2 / (double)(s->n - 1) / (double)s->n;
}

/* Welch-Satterthwaite: (wa + wb)^2 / (wa^2 / (na - 1) + wb^2 / (nb - 1)), written with the
 * shares of the sum so that tiny or huge variances neither underflow nor overflow when
 * squared. 0/0 (no spread on either side) and NaN give NaN. */
static double welch_df(double wa, double wb, const struct stats *a, const struct stats *b)
{
	double sum = wa + wb, fa, fb;

	if (!(sum > 0.0))
		return NAN;
	fa = wa / sum;
	fb = wb / sum;
	return 1.0 / (fa * fa / (double)(a->n - 1) + fb * fb / (double)(b->n - 1));
}

/* centre -+ t * se. A zero se is the point itself even where t is undefined (df NaN). */
static void interval_set(double centre, double se, double t, double *low, double *high)
{
	if (se == 0.0) {
		*low = *high = centre;
		return;
	}
	*low = centre - t * se;
	*high = centre + t * se;
}

/* Scaling by 100 / mean_a turns the bounds around when mean_a is negative. */
static void pct_interval_set(struct change *c, double mean_a)
{
	double lo = 100.0 * c->diff_low / mean_a, hi = 100.0 * c->diff_high / mean_a;

	c->pct_low = fmin(lo, hi);
	c->pct_high = fmax(lo, hi);
	if (isnan(lo) || isnan(hi))
		c->pct_low = c->pct_high = NAN; /* fmin would pick the number */
}

/* First-order propagation, ratio * sqrt((sem_a/mean_a)^2 + (sem_b/mean_b)^2), rewritten as
 * hypot(ratio * sem_a, sem_b) / |mean_a| so that mean_b = 0 (ratio 0) needs no division by it. */
static double ratio_se(double ratio, double wa, double wb, double mean_a)
{
	return hypot(ratio * sqrt(wa), sqrt(wb)) / fabs(mean_a);
}

/* A low bound below what a nonnegative quantity allows is raised to it; NaN stays NaN. */
static void raise_to(double *bound, double least)
{
	if (*bound < least)
		*bound = least;
}

static void clamp_nonnegative(struct change *c, double mean_a)
{
	raise_to(&c->diff_low, -mean_a);
	raise_to(&c->pct_low, -100.0);
	raise_to(&c->ratio_low, 0.0);
}

static bool change_significant(const struct change *c, double threshold_pct)
{
	bool excludes_zero = c->pct_low > 0.0 || c->pct_high < 0.0;

	return excludes_zero && fabs(c->pct) >= threshold_pct;
}

void change_compute(struct change *c, const struct stats *a, const struct stats *b,
		    double threshold_pct, bool nonnegative)
{
	double wa, wb, t;

	*c = (struct change){ .diff = NAN, .diff_se = NAN, .df = NAN, .diff_low = NAN,
			      .diff_high = NAN, .pct = NAN, .pct_low = NAN, .pct_high = NAN,
			      .ratio = NAN, .ratio_se = NAN, .ratio_low = NAN, .ratio_high = NAN };
	if (!side_usable(a) || !side_usable(b))
		return;
	wa = side_mean_variance(a);
	wb = side_mean_variance(b);
	c->diff = b->mean - a->mean;
	c->diff_se = sqrt(wa + wb);
	c->df = welch_df(wa, wb, a, b);
	t = stats_t_quantile(0.975, c->df);
	interval_set(c->diff, c->diff_se, t, &c->diff_low, &c->diff_high);
	if (a->mean != 0.0) {
		c->pct = 100.0 * c->diff / a->mean;
		pct_interval_set(c, a->mean);
		c->ratio = b->mean / a->mean;
		c->ratio_se = ratio_se(c->ratio, wa, wb, a->mean);
		interval_set(c->ratio, c->ratio_se, t, &c->ratio_low, &c->ratio_high);
	}
	if (nonnegative)
		clamp_nonnegative(c, a->mean);
	c->significant = change_significant(c, threshold_pct);
}
