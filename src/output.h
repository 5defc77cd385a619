/* output.h - the report's backends: one function each, the whole report at once. */
#ifndef HPSTAT_OUTPUT_H
#define HPSTAT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "err.h"
#include "options.h"
#include "report.h"

/* Choices the user made about presentation; each backend reads what applies to it. */
struct output_options {
	bool per_run;          /* every run's values (CSV/JSON rows, a text table) */
	bool stats;            /* text: stddev, min, median, max and the 95% CI columns */
	bool big_num;          /* text: thousands separators */
	const char *separator; /* perf -x format: the field separator */
};

/* Each writes the whole report to out. Returns 0, or -1 when out reports a write error. */
typedef int (*output_write_fn)(FILE *out, const struct report *r,
			       const struct output_options *opts);

int output_text_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_csv_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_json_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_perf_csv_write(FILE *out, const struct report *r,
			  const struct output_options *opts);

/* Renders the whole report in memory in the format opts chose, so that a destination sees
 * it in one write: no half report from a backend that fails midway. *text is malloc'd; -1
 * with err when memory runs out. */
int output_render(const struct report *report, const struct options *opts, char **text,
		  size_t *len, struct hp_err *err);

#endif
