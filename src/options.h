/* options.h - the command line turned into a plain struct; no I/O, no exit(). */
#ifndef HPSTAT_OPTIONS_H
#define HPSTAT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define OPTIONS_MAX_RUNS 1000000u

enum options_action {
	OPTIONS_RUN,     /* measure the command */
	OPTIONS_HELP,    /* print options_usage() to stdout */
	OPTIONS_VERSION, /* print the version to stdout */
	OPTIONS_LIST,    /* --list [PATTERN]: the events and presets that can be named */
};

enum options_format {
	OPTIONS_TEXT,     /* perf stat's layout, for people */
	OPTIONS_CSV,      /* --csv: RFC 4180 with a header and fixed columns */
	OPTIONS_JSON,     /* --json: one document with every statistic */
	OPTIONS_PERF_CSV, /* -x SEP: perf stat -x's fields, for scripts written for perf */
};

struct options {
	enum options_action action;
	enum options_format format;
	const char *separator;    /* -x */
	bool per_run;             /* --per-run: every run's values too */
	bool stats;               /* --stats: the text report adds stddev, min, median, max, CI */
	bool big_num;             /* thousands separators in the text report (default on) */
	bool append;              /* --append: add to -o FILE instead of replacing it */
	const char **event_lists; /* each -e argument, in order; NULL when none given */
	size_t n_event_lists;
	unsigned runs;            /* -r, >= 1 */
	const char *output_path;  /* -o, NULL for stderr, "-" for stdout */
	bool no_metrics;          /* --no-metrics: no derived metrics, no added partner events */
	const char *list_pattern; /* --list PATTERN: only names containing it; NULL: all */
	bool list_supported;      /* --supported: only events that open on this machine */
	char **command;           /* NULL-terminated argv of the measured command (points into argv) */
};

/* Parses argv. Options end at the first non-option argument (the command) or at "--";
 * with --list, a remaining argument is the pattern and no command is needed.
 * The strings stay owned by argv; event_lists is allocated and freed by options_release().
 * Returns 0, or -1 with err set (bad option, bad value, missing command). */
int options_parse(struct options *opts, int argc, char **argv, struct hp_err *err);
void options_release(struct options *opts);

/* The --help text. */
const char *options_usage(void);

#endif
