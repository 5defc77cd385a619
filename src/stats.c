/* stats.c - Welford accumulation and the statistics derived from it. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "stats.h"

void stats_init(struct stats *s)
{
	s->n = 0;
	s->mean = 0.0;
	s->m2 = 0.0;
	s->min = NAN;
	s->max = NAN;
}

void stats_add(struct stats *s, double x)
{
	double delta;

	s->n++;
	delta = x - s->mean;
	s->mean += delta / (double)s->n;
	s->m2 += delta * (x - s->mean);
	if (s->n == 1 || x < s->min)
		s->min = x;
	if (s->n == 1 || x > s->max)
		s->max = x;
}

double stats_mean(const struct stats *s)
{
	return s->n ? s->mean : NAN;
}

double stats_stddev(const struct stats *s)
{
	if (s->n < 2)
		return NAN;
	return sqrt(s->m2 / (double)(s->n - 1));
}

double stats_sem(const struct stats *s)
{
	if (s->n < 2)
		return NAN;
	return stats_stddev(s) / sqrt((double)s->n);
}

double stats_sem_pct(const struct stats *s)
{
	double sem = stats_sem(s);

	if (isnan(sem))
		return NAN;
	if (sem == 0.0)
		return 0.0;
	if (s->mean == 0.0)
		return NAN;
	return 100.0 * sem / fabs(s->mean);
}

/* The continued fraction of the incomplete beta function (Abramowitz & Stegun 26.5.8) converges
 * for x below (a + 1) / (a + b + 2) in at most about sqrt(max(a, b)) terms: the t distribution
 * here (a <= 5e4) takes at most about 60. The cap only bounds the work for the arbitrary a and b
 * that stats_ibeta takes; past it the partial value is returned. */
#define IBETA_MAX_TERMS 10000
#define IBETA_EPS 1e-16
/* Modified Lentz: a denominator that lands on zero is nudged instead of dividing by it. */
#define IBETA_TINY 1e-300

static double lentz_guard(double v)
{
	return fabs(v) < IBETA_TINY ? IBETA_TINY : v;
}

/* The fraction 1 / (1 + d1 / (1 + d2 / (1 + ...))) with d_2m = m (b - m) x / ((a + 2m - 1)
 * (a + 2m)) and d_2m+1 = -(a + m) (a + b + m) x / ((a + 2m) (a + 2m + 1)), folded from the
 * front so that no term is computed twice. */
static double ibeta_fraction(double a, double b, double x)
{
	double c = 1.0, d = 1.0 / lentz_guard(1.0 - (a + b) * x / (a + 1.0));
	double f = d;
	long m;

	for (m = 1; m <= IBETA_MAX_TERMS; m++) {
		double two_m = 2.0 * (double)m, step;
		double even = (double)m * (b - (double)m) * x / ((a + two_m - 1.0) * (a + two_m));
		double odd = -(a + (double)m) * (a + b + (double)m) * x /
			     ((a + two_m) * (a + two_m + 1.0));

		d = 1.0 / lentz_guard(1.0 + even * d);
		c = lentz_guard(1.0 + even / c);
		f *= c * d;
		d = 1.0 / lentz_guard(1.0 + odd * d);
		c = lentz_guard(1.0 + odd / c);
		step = c * d;
		f *= step;
		if (fabs(step - 1.0) < IBETA_EPS)
			break;
	}
	return f;
}

/* Stirling's series for lgamma(z) - ((z - 1/2) log z - z + log(2 pi) / 2) for z >= 10, where
 * the first term left out, 691 / (360360 z^11), is at most 2e-14. */
static double stirling_rest(double z)
{
	double r = 1.0 / z, r2 = r * r;

	return r * (1.0 / 12 - r2 * (1.0 / 360 - r2 * (1.0 / 1260 - r2 * (1.0 / 1680 -
										    r2 / 1188))));
}

/* log B(a, b). lgamma(a) - lgamma(a + b) for a large and b small subtracts two numbers near
 * a log a and keeps only their difference: at a = 5e4 (df 1e5) 6 of 16 digits are lost.
 * Stirling's formula takes the difference analytically instead. */
static double log_beta(double a, double b)
{
	double big = fmax(a, b), small = fmin(a, b);

	if (big < 10.0)
		return lgamma(a) + lgamma(b) - lgamma(a + b);
	return lgamma(small) - ((big - 0.5) * log1p(small / big) + small * log(big + small) -
				small + stirling_rest(big + small) - stirling_rest(big));
}

/* Where I_x(a, b) is taken: x and y = 1 - x with their logarithms, each formed by the caller
 * from its own terms. x^a with a in the millions needs log x to every digit, which log(x) of a
 * rounded x near 1 does not have; and x may be too small for a double while log x is not. */
struct beta_point {
	double x, y;
	double log_x, log_y;
};

/* I_x(a, b) by the fraction, for x on its fast side. */
static double ibeta_low(double a, double b, double x, double log_x, double log_y)
{
	if (log_x == -INFINITY)
		return 0.0;
	return exp(a * log_x + b * log_y - log_beta(a, b)) / a * ibeta_fraction(a, b, x);
}

static double ibeta_at(double a, double b, const struct beta_point *pt)
{
	/* The fraction converges fast only on the low side; the high side comes by symmetry,
	 * I_x(a, b) = 1 - I_y(b, a). */
	if (pt->x > (a + 1.0) / (a + b + 2.0))
		return 1.0 - ibeta_low(b, a, pt->y, pt->log_y, pt->log_x);
	return ibeta_low(a, b, pt->x, pt->log_x, pt->log_y);
}

double stats_ibeta(double a, double b, double x)
{
	struct beta_point pt = { x, 1.0 - x, log(x), log1p(-x) };

	if (!(a > 0.0 && b > 0.0 && x >= 0.0 && x <= 1.0) || isinf(a) || isinf(b))
		return NAN;
	return ibeta_at(a, b, &pt);
}

/* Above this df the continued fraction, which sees x = df / (df + t^2) as a double near 1,
 * loses digits in proportion to df (about 1e-16 df relative); there the Cornish-Fisher
 * expansion around the normal distribution is as exact as a double instead. */
#define T_DF_EXPANDED 1e5
/* ... as long as z^2 / df stays small. No double p has a normal quantile beyond 38.5 (the tail
 * of the smallest subnormal); past this t the tail is zero to a double either way. */
#define T_Z_EXPANDED 40.0

/* log(t^2 / df), which stays finite where t^2 overflows or underflows. */
static double t_log_ratio(double t, double df)
{
	return 2.0 * log(t) - log(df);
}

/* log(1 + q) from log q, keeping its digits where q overflows. */
static double log1p_of_log(double log_q)
{
	return log_q > 0.0 ? log_q + log1p(exp(-log_q)) : log1p(exp(log_q));
}

/* The point x = df / (df + t^2) = 1 / (1 + q), q = t^2 / df, and 1 - x = q / (1 + q). */
static struct beta_point t_beta_point(double t, double df)
{
	double log_q = t_log_ratio(t, df), q = exp(log_q), log_1q = log1p_of_log(log_q);
	struct beta_point pt = { exp(-log_1q), isinf(q) ? 1.0 : q / (1.0 + q), -log_1q,
				 log_q - log_1q };

	return pt;
}

/* Cornish-Fisher: the t quantile from the normal one, z + g1/df + ... + g4/df^4
 * (Abramowitz & Stegun 26.7.5). */
static double t_from_z(double z, double df)
{
	double z2 = z * z, r = 1.0 / df;
	double g1 = (z2 + 1.0) * z / 4.0;
	double g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
	double g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
	double g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z /
		    92160.0;

	return z + r * (g1 + r * (g2 + r * (g3 + r * g4)));
}

/* Its inverse, the normal quantile matching t, by a fixed-point iteration: t_from_z(z) - z is
 * below 1e-2 z with a slope below 1e-2 for df > T_DF_EXPANDED and |z| < T_Z_EXPANDED, so each
 * step gains two digits. */
static double z_from_t(double t, double df)
{
	double z = t;
	int i;

	for (i = 0; i < 10; i++)
		z = t - (t_from_z(z, df) - z);
	return z;
}

static bool t_expanded(double t, double df)
{
	return df > T_DF_EXPANDED && !isinf(df) && t < T_Z_EXPANDED;
}

/* P(T > t) for t >= 0. df = infinity is the normal distribution. */
static double t_upper_tail(double t, double df)
{
	struct beta_point pt;

	if (isinf(df) || t_expanded(t, df))
		return 0.5 * erfc((isinf(df) ? t : z_from_t(t, df)) / M_SQRT2);
	pt = t_beta_point(t, df);
	return 0.5 * ibeta_at(df / 2.0, 0.5, &pt);
}

/* P(0 < T < t) for t >= 0: the mass near the centre, computed directly (not as 0.5 - tail, which
 * would keep only the digits of the tail near one half). */
static double t_central(double t, double df)
{
	struct beta_point pt, swapped;

	if (isinf(df) || t_expanded(t, df))
		return 0.5 * erf((isinf(df) ? t : z_from_t(t, df)) / M_SQRT2);
	pt = t_beta_point(t, df);
	swapped = (struct beta_point){ pt.y, pt.x, pt.log_y, pt.log_x };
	return 0.5 * ibeta_at(0.5, df / 2.0, &swapped);
}

/* The density, for Newton's steps, from the same logarithms as the tail. */
static double t_density(double t, double df)
{
	if (isinf(df))
		return exp(-0.5 * t * t) / sqrt(2.0 * M_PI);
	return exp(-0.5 * log(df) - log_beta(df / 2.0, 0.5) -
		   (df + 1.0) / 2.0 * log1p_of_log(t_log_ratio(t, df)));
}

static bool t_df_valid(double df)
{
	return df > 0.0; /* infinity included: the normal distribution */
}

double stats_t_cdf(double t, double df)
{
	if (isnan(t) || !t_df_valid(df))
		return NAN;
	if (t < 0.0)
		return t_upper_tail(-t, df);
	return t < 1.0 ? 0.5 + t_central(t, df) : 1.0 - t_upper_tail(t, df);
}

/* What t_goal_solve looks for: the t > 0 whose upper tail (or, for a quantile near the median,
 * whose central mass) is mass. Near the median the tail is near one half, where a double has
 * lost the digits that place t; the central mass keeps them. */
struct t_goal {
	double df;
	double mass;
	bool central;
};

static double t_goal_mass(const struct t_goal *g, double t)
{
	return g->central ? t_central(t, g->df) : t_upper_tail(t, g->df);
}

/* How far t falls short of the goal, as a difference of logarithms: positive while t is too
 * small. Tails fall off like exp(-t^2 / 2) or t^-df, and Newton's method on their logarithm
 * takes full steps where on the tail itself it would crawl. */
static double t_goal_shortfall(const struct t_goal *g, double t, double *mass)
{
	double diff;

	*mass = t_goal_mass(g, t);
	diff = log(*mass) - log(g->mass);
	return g->central ? -diff : diff;
}

/* Smallest power of two at or past the goal: doubling from 1 reaches the largest double in at
 * most 1024 steps, however heavy the tails of a small df. */
static double t_goal_bracket(const struct t_goal *g)
{
	double hi = 1.0, mass;

	while (!isinf(hi) && t_goal_shortfall(g, hi, &mass) > 0.0)
		hi *= 2.0;
	return hi;
}

/* Safeguarded Newton inside [lo, hi], which always holds the root: a step that leaves the
 * bracket bisects instead (geometrically while the bracket spans decades, so that a quantile of
 * 1e30 comes as fast as one of 3). Quadratic convergence takes a handful of steps; the cap only
 * bounds the bisections of a pathological case. */
#define T_SOLVE_MAX_STEPS 200

/* The middle of [lo, hi]: geometric while it spans more than a factor of 4. */
static double bracket_middle(double lo, double hi)
{
	return lo > 0.0 && hi > 4.0 * lo ? sqrt(lo) * sqrt(hi) : lo + (hi - lo) / 2.0;
}

static double t_goal_solve(const struct t_goal *g, double lo, double hi)
{
	double t = lo > 0.0 ? lo : hi / 2.0;
	int i;

	for (i = 0; i < T_SOLVE_MAX_STEPS; i++) {
		double mass, short_by = t_goal_shortfall(g, t, &mass), next;

		if (short_by == 0.0)
			return t;
		if (short_by > 0.0)
			lo = t;
		else
			hi = t;
		/* d log(mass) / dt is -density / mass for a tail, +density / mass centrally. */
		next = t + short_by * mass / t_density(t, g->df);
		if (!(next > lo && next < hi))
			next = bracket_middle(lo, hi);
		if (fabs(next - t) <= 2.0 * DBL_EPSILON * t)
			return next;
		t = next;
	}
	return t;
}

/* The quantile above the median whose upper tail is tail (0 < tail < 1/2). */
static double t_upper_quantile(double tail, double df)
{
	/* Sterbenz: 0.5 - tail is exact for tail >= 1/4, so the central mass loses nothing. */
	struct t_goal g = { df, tail >= 0.25 ? 0.5 - tail : tail, tail >= 0.25 };
	double hi = t_goal_bracket(&g);

	if (isinf(hi))
		return INFINITY;
	return t_goal_solve(&g, hi / 2.0 >= 1.0 ? hi / 2.0 : 0.0, hi);
}

double stats_t_quantile(double p, double df)
{
	double tail, t;

	if (!(p > 0.0 && p < 1.0) || !t_df_valid(df))
		return NAN;
	if (p == 0.5)
		return 0.0;
	/* 1 - p is exact for p >= 1/2 (Sterbenz), so the tail keeps every digit p had. */
	tail = p < 0.5 ? p : 1.0 - p;
	if (df > T_DF_EXPANDED && !isinf(df))
		t = t_from_z(t_upper_quantile(tail, INFINITY), df);
	else
		t = t_upper_quantile(tail, df);
	return p < 0.5 ? -t : t;
}

/* The quantile's last bits come from the libm (lgamma, exp, log) and may differ between two
 * machines; rounded to 10 decimals, the intervals a report prints are the same digits
 * everywhere. 10 decimals are far beyond what an interval needs (the table had 3). */
double stats_t95(size_t df)
{
	if (df == 0)
		return NAN;
	return round(stats_t_quantile(0.975, (double)df) * 1e10) / 1e10;
}

void stats_ci95(const struct stats *s, double *low, double *high)
{
	double sem = stats_sem(s), half;

	if (isnan(sem)) {
		*low = *high = NAN;
		return;
	}
	half = stats_t95(s->n - 1) * sem;
	*low = s->mean - half;
	*high = s->mean + half;
}

/* fmax would turn a NaN bound into lowest; an undefined bound stays undefined. */
static double clamp_above(double bound, double lowest)
{
	return isnan(bound) || bound >= lowest ? bound : lowest;
}

void stats_ci95_clamped(const struct stats *s, double lowest, double *low, double *high)
{
	stats_ci95(s, low, high);
	*low = clamp_above(*low, lowest);
	*high = clamp_above(*high, lowest);
}

static int compare_doubles(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

double stats_median(double *values, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(values, n, sizeof(*values), compare_doubles);
	if (n % 2)
		return values[n / 2];
	return (values[n / 2 - 1] + values[n / 2]) / 2.0;
}
