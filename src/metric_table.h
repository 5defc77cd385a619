/* metric_table.h - --metric-only: a report's derived metrics as one table, a column per
 * metric and a line per part of the measurement, for every format to print. */
#ifndef HPSTAT_METRIC_TABLE_H
#define HPSTAT_METRIC_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "report.h"

#define METRIC_TABLE_TITLE_MAX 96

struct metric_column {
	/* Its title, which also keys it across lines:
	 *   a rate per second:   the event and "/sec"          ("page-faults/sec")
	 *   a share "of all ...": the event and the unit, as perf ("branch-misses of all
	 *                         branches")
	 *   another built-in:     its unit                      ("insn per cycle", "GHz")
	 *   a preset's metric:    its name, its unit after it   ("cache MPKI (misses/kinsn)")
	 * A title that one line would hold twice (cycles:u and cycles:k both give "GHz") gets
	 * the event after it the second time: "GHz (cycles:k)". */
	char title[METRIC_TABLE_TITLE_MAX];
	int decimals;  /* the most any of its values has */
	bool percent;  /* a percentage: text shows "3.72%" */
};

struct metric_line {
	const char *kind;  /* NULL: the whole measurement; else its part's ("cpu", "core",
			    * "socket", "thread", "region") */
	const char *label; /* the part's ("CPU0", "S0", a region's name); "" for the whole */
	double *values;    /* one per column; NaN where this line has no such metric */
};

struct metric_table {
	struct metric_column *columns; /* in the order they first appear */
	size_t n_columns;
	struct metric_line *lines;
	size_t n_lines;
};

/*
 * The table of r: one line for the whole, then one per named region; or, when r's parts
 * split it (per CPU, core, socket or thread), one per part. A line's metrics are its rows'
 * (the rates only of rows the user asked for, not of partners hpstat added) and then the
 * presets' named metrics, which are a column even where unavailable (NaN). Strings point into
 * r, which must outlive t. -1 with err when memory runs out.
 */
int metric_table_build(struct metric_table *t, const struct report *r, struct hp_err *err);
void metric_table_release(struct metric_table *t);

#endif
