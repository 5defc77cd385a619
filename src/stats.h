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

/* Student's t distribution with df degrees of freedom, df any real > 0 (Welch's df is not a
 * whole number); df = infinity is the standard normal distribution. stats_t_cdf is P(T <= t);
 * stats_t_quantile is its inverse, the t with P(T <= t) = p for 0 < p < 1, to about 1e-12
 * relative (+-infinity where that t is beyond a double, for df far below 1). Both NaN for NaN
 * arguments, df <= 0, and p outside (0, 1). */
double stats_t_cdf(double t, double df);
double stats_t_quantile(double p, double df);
/* The regularized incomplete beta function I_x(a, b) for a, b > 0 finite and 0 <= x <= 1,
 * NaN otherwise; what the t distribution is computed from. */
double stats_ibeta(double a, double b, double x);

/* Two-sided 95% quantile of Student's t distribution with df degrees of freedom (df >= 1),
 * stats_t_quantile(0.975, df) rounded to 10 decimals so that it is the same on every machine:
 * 12.7062047362 for df 1, 2.2621571628 for df 9, tending to 1.9599639845. NaN for df 0. */
double stats_t95(size_t df);
/* 95% confidence interval of the mean, mean -+ t95(n - 1) * sem; NaN bounds for n < 2. */
void stats_ci95(const struct stats *s, double *low, double *high);
/* The same interval for a quantity that cannot go below lowest (0 for times and counts): a bound
 * below it is raised to it, so that a noisy mean near zero reads [0, 0.82], not
 * [-0.21, 0.82]. NaN bounds stay NaN. */
void stats_ci95_clamped(const struct stats *s, double lowest, double *low, double *high);

/* Median of n values (NaN for n == 0); sorts values in place. */
double stats_median(double *values, size_t n);

#endif
