/* output.h - the report's backends: one function each, the whole report at once. */
#ifndef HPSTAT_OUTPUT_H
#define HPSTAT_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "comparison.h"
#include "err.h"
#include "numstyle.h"
#include "options.h"
#include "report.h"

/* Choices the user made about presentation; each backend reads what applies to it. */
struct output_options {
	bool per_run;          /* every run's values (CSV/JSON rows, a text table) */
	bool stats;            /* text: stddev, min, median, max and the 95% CI columns */
	bool big_num;          /* text: thousands separators */
	/* text: the locale's decimal point and grouping; zeroed: '.' and ',' between groups
	 * of three (the style the unit tests read) */
	struct numstyle digits;
	bool table;            /* text: each run's elapsed time and its difference from the mean */
	bool metric_only;      /* only the derived metrics, a column each */
	const char *separator; /* perf -x format: the field separator */
	enum options_summary summary; /* perf -x format: the time field of the total after -I */
	bool interval_clear;   /* text: clear the terminal before each interval */
	/* Measuring with intervals (-I): */
	bool intervals;        /* interval lines were printed before the total (CSV: a time
				* column, its header printed with the first interval) */
	bool scoped;           /* rows per CPU, core, socket, thread or region (CSV: a scope
				* column) */
	const char *json_intervals; /* JSON: the intervals' objects, comma-separated */
	/* --prometheus, --openmetrics: */
	const char *command;   /* the measured command's first word (its base name labels the
				* series), NULL when there is none (-a alone) */
	const char *const *labels; /* --label KEY=VALUE, each as given */
	size_t n_labels;
};

/* Each writes the whole report to out. Returns 0, or -1 when out reports a write error. */
typedef int (*output_write_fn)(FILE *out, const struct report *r,
			       const struct output_options *opts);

int output_text_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_csv_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_json_write(FILE *out, const struct report *r, const struct output_options *opts);
int output_perf_csv_write(FILE *out, const struct report *r,
			  const struct output_options *opts);
int output_perf_json_write(FILE *out, const struct report *r,
			   const struct output_options *opts);
/* --prometheus and --openmetrics (output_prometheus.c): an exposition of r, its counters the
 * sums over the runs, everything in base units. */
int output_prometheus_write(FILE *out, const struct report *r,
			    const struct output_options *opts);
int output_openmetrics_write(FILE *out, const struct report *r,
			     const struct output_options *opts);

/* --metric-only: the derived metrics alone, in the format of each (--json has none). */
int output_text_write_metric_only(FILE *out, const struct report *r,
				  const struct output_options *opts);
int output_csv_write_metric_only(FILE *out, const struct report *r,
				 const struct output_options *opts);
int output_perf_csv_write_metric_only(FILE *out, const struct report *r,
				      const struct output_options *opts);
int output_perf_json_write_metric_only(FILE *out, const struct report *r,
				       const struct output_options *opts);

/* A comparison of several commands, with what the backends print around it. */
struct comparison_report {
	const struct comparison *comparison;
	size_t n;                      /* commands */
	const char *const *names;      /* per command */
	const char *const *lines;      /* per command: the command line as run */
	const struct report *reports;  /* per command; a baseline's entry has runs_done 0 */
	const char *baseline;          /* the saved result compared against, or NULL */
	size_t baseline_runs;          /* the runs it saved */
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
/* One exposition, each command's series labelled with its name. */
int output_prometheus_write_comparison(FILE *out, const struct comparison_report *c,
				       const struct output_options *opts);
int output_openmetrics_write_comparison(FILE *out, const struct comparison_report *c,
					const struct output_options *opts);

/* One interval of -I: r holds it as one run (its parts: its CPUs, cores or threads); time_s
 * is its end from the start of counting; first says it is the first interval printed. */
typedef int (*output_interval_fn)(FILE *out, const struct report *r, double time_s, bool first,
				  const struct output_options *opts);

int output_text_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			       const struct output_options *opts);
int output_csv_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			      const struct output_options *opts);
int output_json_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			       const struct output_options *opts);
int output_perf_csv_write_interval(FILE *out, const struct report *r, double time_s,
				   bool first, const struct output_options *opts);
int output_perf_json_write_interval(FILE *out, const struct report *r, double time_s,
				    bool first, const struct output_options *opts);
/* An exposition of r while the measurement goes on: r holds the counts since counting began
 * (counters must only grow), and what only a finished run has (runs, CPU times, peak RSS) is
 * left out until the total. time_s and first change nothing. */
int output_prometheus_write_interval(FILE *out, const struct report *r, double time_s,
				     bool first, const struct output_options *opts);
int output_openmetrics_write_interval(FILE *out, const struct report *r, double time_s,
				      bool first, const struct output_options *opts);

/* Runs write(out, data) with the C locale in force for this thread, so that printf writes a
 * decimal point whatever LC_NUMERIC says (the machine formats are locale-free). -1 when out
 * reports a write error, or no C locale can be had. */
int output_in_c_locale(FILE *out, void (*write)(FILE *out, const void *data), const void *data);

/* -j's key and value for a part of the measurement, as perf writes them: "cpu" : "0" for
 * CPU0, "core" : "S0-D0-C1", "socket" : "S0", "thread" : "sleep-1234"; and hpstat's own
 * "region" : "NAME". */
void output_perf_json_scope(FILE *out, const char *kind, const char *label);

/* Whether -o FILE is replaced whole at each write (through a file renamed over it) instead of
 * written in place: an exposition, which a scraper may read at any moment. */
bool output_replaces_file(const struct options *opts);

/* The style the options ask for, the text's digits in the environment's LC_NUMERIC; the
 * mode sets intervals, scoped and json_intervals. */
struct output_options output_options_of(const struct options *opts);

/* Renders one interval in memory in the chosen format (JSON: one compact object, for the
 * document's "intervals" array). *text is malloc'd; -1 with err when memory runs out. */
int output_render_interval(const struct report *r, double time_s, bool first,
			   const struct options *opts, const struct output_options *style,
			   char **text, size_t *len, struct hp_err *err);

/* Renders the whole report in memory in the format opts chose, so that a destination sees
 * it in one write: no half report from a backend that fails midway. *text is malloc'd; -1
 * with err when memory runs out. */
int output_render(const struct report *report, const struct options *opts, char **text,
		  size_t *len, struct hp_err *err);
/* The same with a style the mode adjusted (intervals printed, scoped rows). */
int output_render_styled(const struct report *report, const struct options *opts,
			 const struct output_options *style, char **text, size_t *len,
			 struct hp_err *err);
/* The same for a comparison: text, --csv, --json, --prometheus or --openmetrics (-x and -j
 * were refused by the options). */
int output_render_comparison(const struct comparison_report *c, const struct options *opts,
			     char **text, size_t *len, struct hp_err *err);

#endif
