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
};

struct options {
	enum options_action action;
	const char **event_lists; /* each -e argument, in order; NULL when none given */
	size_t n_event_lists;
	unsigned runs;            /* -r, >= 1 */
	const char *output_path;  /* -o, NULL for stderr */
	bool no_metrics;          /* --no-metrics: no derived metrics, no added partner events */
	char **command;           /* NULL-terminated argv of the measured command (points into argv) */
};

/* Parses argv. Options end at the first non-option argument (the command) or at "--".
 * The strings stay owned by argv; event_lists is allocated and freed by options_release().
 * Returns 0, or -1 with err set (bad option, bad value, missing command). */
int options_parse(struct options *opts, int argc, char **argv, struct hp_err *err);
void options_release(struct options *opts);

/* The --help text. */
const char *options_usage(void);

#endif
