/* advice.h - warnings about a set of run times that a careful reader would raise: runs far from
 * the rest, a first run slower than all the others, a spread too wide to trust the mean. */
#ifndef HPSTAT_ADVICE_H
#define HPSTAT_ADVICE_H

#include <stddef.h>

/*
 * Outliers by Iglewicz and Hoaglin's modified Z-score, M = 0.6745 (x - median) / MAD, with MAD
 * the median of |x - median|: robust, as one slow run moves neither the median nor the MAD,
 * where it inflates the mean and standard deviation that would judge it. |M| > 3.5 is their
 * recommended cut-off ("How to Detect and Handle Outliers", ASQC, 1993). A MAD of 0 (over half
 * the runs identical, as with a coarse clock) calls no run an outlier.
 */
#define ADVICE_OUTLIER_SCORE 3.5
/* Relative standard deviation, 100 x stddev / mean, above which a mean is too noisy to trust:
 * its 95% interval is then about -+ 20% / sqrt(runs) wide, coarser than most changes. */
#define ADVICE_SPREAD_PCT 10.0

enum advice_kind {
	/* the first run is an outlier by the score against the others (at least 2 of them) and
	 * slower than every one of them: cold caches, page faults, a loader warming up */
	ADVICE_SLOW_FIRST,
	/* some runs are outliers by the score against all runs; a first run reported as
	 * ADVICE_SLOW_FIRST is not counted again */
	ADVICE_OUTLIERS,
	/* relative standard deviation above ADVICE_SPREAD_PCT, over at least 2 runs with a
	 * positive mean; a first run reported as ADVICE_SLOW_FIRST is left out of it */
	ADVICE_WIDE_SPREAD,
};

/* One warning. At most one of each kind, in the order of the enum. */
struct advice {
	enum advice_kind kind;
	size_t count; /* ADVICE_OUTLIERS: runs that are outliers */
	size_t runs;  /* how many runs were looked at */
	double value; /* ADVICE_SLOW_FIRST: first run / median of the others;
		       * ADVICE_WIDE_SPREAD: the relative standard deviation, percent */
};

#define ADVICE_MAX 3

/*
 * Looks at n run times (seconds, in run order) and writes up to cap warnings to out. Returns
 * how many there are, which may exceed cap; 0 for no runs or a value that is not finite.
 * scratch holds n doubles that it overwrites (the medians sort).
 */
size_t advice_check(const double *wall_s, size_t n, double *scratch, struct advice *out,
		    size_t cap);

/*
 * The warning as one line of English that says what to do, starting lowercase, for example
 * "first run 3.2x slower than the rest: caches warming up? try --warmup 1". Written into buf
 * (cap bytes, NUL included, truncated to fit) as snprintf does; returns the length the whole
 * line needs.
 */
size_t advice_message(const struct advice *a, char *buf, size_t cap);

#endif
