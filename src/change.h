/* change.h - the change between two sets of runs of one quantity: difference, percentage and
 * ratio of their means, each with a 95% interval, and whether the change is significant. */
#ifndef HPSTAT_CHANGE_H
#define HPSTAT_CHANGE_H

#include <stdbool.h>

#include "stats.h"

/* The noise band callers use unless told otherwise, in percent of the reference mean. */
#define CHANGE_THRESHOLD_PCT 1.0

/*
 * Candidate B against reference A. Every interval is two-sided 95%: the estimate -+ t * its
 * standard error, with Student's t at Welch's degrees of freedom.
 *
 * significant: the percent interval excludes zero AND |pct| >= the noise band (threshold_pct).
 * The first says the change is not run-to-run noise; the second that it is big enough to
 * matter: with enough runs, a 0.2% difference is real yet not worth a reader's attention.
 *
 * Undefined values are NaN, and a NaN never makes a change significant:
 *  - no run on either side, or a mean that is NaN or infinite: everything;
 *  - fewer than 2 runs on either side (no spread to estimate): the standard errors, df and
 *    every interval; diff, pct and ratio remain;
 *  - mean_a == 0: pct and ratio with their intervals and ratio_se.
 * No spread on either side (every run alike) makes both standard errors 0, every interval the
 * point itself, and df NaN (Welch's formula is 0/0); the change is then significant when
 * pct != 0 and |pct| >= threshold_pct.
 */
struct change {
	double diff;                  /* mean_b - mean_a */
	double diff_se;               /* sqrt(s_a^2 / n_a + s_b^2 / n_b) */
	double df;                    /* Welch-Satterthwaite degrees of freedom, real */
	double diff_low, diff_high;
	double pct;                   /* 100 * diff / mean_a */
	double pct_low, pct_high;     /* the diff interval times 100 / mean_a, low <= high */
	double ratio;                 /* mean_b / mean_a */
	double ratio_se;              /* ratio * sqrt((sem_a/mean_a)^2 + (sem_b/mean_b)^2) */
	double ratio_low, ratio_high; /* ratio -+ t * ratio_se */
	bool significant;
};

/*
 * Fills c from the Welford accumulators of A and B. threshold_pct is the noise band
 * (CHANGE_THRESHOLD_PCT unless the user chose one). nonnegative says the quantity cannot be
 * negative (counts, times): B's true mean is then at least 0, so diff_low is raised to at least
 * -mean_a, pct_low to at least -100 and ratio_low to at least 0.
 */
void change_compute(struct change *c, const struct stats *a, const struct stats *b,
		    double threshold_pct, bool nonnegative);

#endif
