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
