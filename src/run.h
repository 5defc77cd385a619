/* run.h - the single-command mode: measure one command -r times, then report. */
#ifndef HPSTAT_RUN_H
#define HPSTAT_RUN_H

#include <signal.h>
#include <stdio.h>

#include "err.h"
#include "launcher.h"
#include "options.h"

/*
 * Resolves the events, measures opts->command opts->runs times and writes the report to the
 * -o destination. *status is what hpstat exits with: the command's status (the first failing
 * run's), 128 + N after stop signal N, or HPSTAT_EXIT_*. Returns -1 with err when there is a
 * message to print (after a report of the runs that finished, when a later run failed).
 * launcher: what starts the command (launcher.h), made as hpstat started. log: where
 * hpstat's messages go (standard error, or --log-fd's), and the report without -o; -q
 * keeps the report from it.
 */
int run(const struct options *opts, FILE *log, struct launcher *launcher,
	int *status,
	struct hp_err *err);

#endif
