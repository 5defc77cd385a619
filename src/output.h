/* output.h - the report's backends: one function each, the whole report at once. */
#ifndef HPSTAT_OUTPUT_H
#define HPSTAT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "comparison.h"
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

/* A comparison of several commands, with what the backends print around it. */
struct comparison_report {
	const struct comparison *comparison;
	size_t n;                      /* commands */
	const char *const *names;      /* per command */
	const char *const *lines;      /* per command: the command line as run */
	const struct report *reports;  /* per command; a baseline's entry has runs_done 0 */
	const char *baseline;          /* the saved result compared against, or NULL */
	const char *version;           /* hpstat's */
	size_t runs_requested;
	unsigned warmup;
	bool shuffled;                 /* --order random, */
	unsigned long long seed;       /* from this seed */
	bool interrupted;              /* a stop signal ended the runs early */
	bool color;                    /* text: mark better and worse in colour */
};

int output_text_write_comparison(FILE *out, const struct comparison_report *c,
				 const struct output_options *opts);
int output_csv_write_comparison(FILE *out, const struct comparison_report *c,
				const struct output_options *opts);
int output_json_write_comparison(FILE *out, const struct comparison_report *c,
				 const struct output_options *opts);

/* Renders the whole report in memory in the format opts chose, so that a destination sees
 * it in one write: no half report from a backend that fails midway. *text is malloc'd; -1
 * with err when memory runs out. */
int output_render(const struct report *report, const struct options *opts, char **text,
		  size_t *len, struct hp_err *err);
/* The same for a comparison: text, --csv or --json (-x was refused by the options). */
int output_render_comparison(const struct comparison_report *c, const struct options *opts,
			     char **text, size_t *len, struct hp_err *err);

#endif
