/* stats.h - running statistics of one quantity over runs: mean, spread, extremes. */
#ifndef HPSTAT_STATS_H
#define HPSTAT_STATS_H

#include <stddef.h>

/* Welford's online accumulator: numerically stable for counts in the billions, where the
 * textbook sum-of-squares formula cancels catastrophically. */
struct stats {
	size_t n;
	double mean;
	double m2; /* sum of squared deviations from the running mean */
	double min, max;
};

void stats_init(struct stats *s);
void stats_add(struct stats *s, double x);

/* NaN when there are no values. */
double stats_mean(const struct stats *s);
/* Sample standard deviation (divides by n - 1): the spread of single runs. NaN for n < 2. */
double stats_stddev(const struct stats *s);
/* Standard error of the mean, stddev / sqrt(n): how far the mean itself may be off; this is
 * what perf's "+-" shows. NaN for n < 2. */
double stats_sem(const struct stats *s);
/* 100 * sem / |mean|; 0 when sem is 0, NaN when undefined (n < 2 or a zero mean). */
double stats_sem_pct(const struct stats *s);

/* Two-sided 95% quantile of Student's t distribution with df degrees of freedom (df >= 1):
 * 12.706 for df 1, 2.262 for df 9, tending to 1.960. */
double stats_t95(size_t df);
/* 95% confidence interval of the mean, mean -+ t95(n - 1) * sem; NaN bounds for n < 2. */
void stats_ci95(const struct stats *s, double *low, double *high);

/* Median of n values (NaN for n == 0); sorts values in place. */
double stats_median(double *values, size_t n);

#endif
