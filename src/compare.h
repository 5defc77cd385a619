/* compare.h - the comparison mode: several commands, or one against a saved result, measured
 * in interleaved rounds, every quantity compared with the reference's, and a ranking. */
#ifndef HPSTAT_COMPARE_H
#define HPSTAT_COMPARE_H

#include <signal.h>
#include <stdio.h>

#include "err.h"
#include "launcher.h"
#include "options.h"

/*
 * Runs the commands of --compare / -L (or opts->command against --baseline FILE) and writes
 * the comparison to the -o destination. *status: 0; HPSTAT_EXIT_REGRESSION when a --fail-if
 * limit was passed; 128 + N after stop signal N; HPSTAT_EXIT_COMMAND_FAILED,
 * HPSTAT_EXIT_SETUP_FAILED or another HPSTAT_EXIT_* on failure. Returns -1 with err when there
 * is a message to print. log: where hpstat's messages go (standard error, or --log-fd's),
 * and the report without -o.
 */
int compare(const struct options *opts, FILE *log, struct launcher *launcher,
	    int *status,
	    struct hp_err *err);

#endif
