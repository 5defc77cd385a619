/* report.h - everything an output backend prints, already computed from the samples. */
#ifndef HPSTAT_REPORT_H
#define HPSTAT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "metric.h"
#include "samples.h"
#include "stats.h"

enum report_state {
	REPORT_COUNTED,
	REPORT_NOT_COUNTED,   /* opened, but never on a counter in any run */
	REPORT_NOT_SUPPORTED, /* the kernel or PMU refused the event */
};

/* What the report needs to know of each event (filled by main from the events). */
struct report_event {
	const char *name;    /* as the user wrote it */
	const char *generic; /* perf's generic name, or NULL */
	int mode;
	bool added;          /* a partner hpstat added for a metric */
	bool supported;
	bool user_only;      /* kernel counting was refused: the name gets ":u" */
};

struct report_row {
	char *name;             /* owned: the display name */
	enum report_state state;
	bool added;
	const char *unit;       /* "msec" for clocks, else "" */
	double unit_scale;      /* shown value = count * unit_scale */
	struct stats stats;     /* of the scaled per-run counts, in the shown unit */
	double median;
	double running_pct;     /* 100 * total running / total enabled */
	size_t runs_counted;    /* runs in which the counter ran at all */
	struct metric_value metrics[METRIC_MAX_PER_ROW];
	size_t n_metrics;
};

struct report {
	char *command;           /* owned: the command line, words joined by spaces */
	size_t runs_requested;
	size_t runs_done;        /* runs in the statistics */
	bool interrupted;        /* stopped early by a signal */
	bool partial_run;        /* the one run reported was itself cut short */
	size_t runs_failed;      /* runs that exited non-zero or were killed */
	struct stats wall_s, user_s, sys_s;
	double max_rss_kb;       /* the largest peak RSS of any run */
	struct report_row *rows;
	size_t n_rows;
	bool any_added;
};

/* Builds the report. Per run, a count is scaled by enabled / running (multiplexing); runs in
 * which a counter never ran do not enter its statistics. metrics may be NULL: no metrics. */
int report_build(struct report *r, char *const command[], const struct report_event *events,
		 const struct samples *samples, size_t runs_requested, bool interrupted,
		 bool partial_run, const struct metric_set *metrics, struct hp_err *err);
void report_release(struct report *r);

#endif
