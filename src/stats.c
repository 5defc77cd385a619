/* stats.c - Welford accumulation and the statistics derived from it. */
#include <math.h>
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

double stats_t95(size_t df)
{
	/* Quantiles t(0.975, df) for df 1..30, from the standard tables. */
	static const double small[] = {
		12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
		2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
		2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
	};
	double x;

	if (df == 0)
		return NAN;
	if (df <= sizeof(small) / sizeof(small[0]))
		return small[df - 1];
	/* Beyond the table, the Cornish-Fisher expansion around the normal quantile is good
	 * to about 1e-4 (df 31: 2.0395, df 120: 1.9799). */
	x = 1.959964;
	return x + (x * x * x + x) / (4.0 * (double)df) +
	       (5 * pow(x, 5) + 16 * pow(x, 3) + 3 * x) / (96.0 * (double)df * (double)df);
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
