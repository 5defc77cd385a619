/* baseline.h - an earlier --json result read back as the quantities to compare against. */
#ifndef HPSTAT_BASELINE_H
#define HPSTAT_BASELINE_H

#include <stddef.h>

#include "comparison.h"
#include "err.h"

struct baseline {
	struct quantity_list quantities; /* times, counted events, metrics: from each run's value */
	char *command;                   /* the command line it measured */
	size_t runs;
};

/*
 * Reads text (len bytes, the whole file named path, for messages) as hpstat's --json output:
 * a one-command result, or a comparison's, whose reference command is then the baseline.
 * Every statistic is rebuilt from the per-run values the document holds, so a change gets the
 * same interval as against commands measured now. -1 with err for text that is not JSON,
 * JSON that is not an hpstat result, or a result without runs.
 */
int baseline_parse(struct baseline *b, const char *text, size_t len, const char *path,
		   struct hp_err *err);
void baseline_release(struct baseline *b);

#endif
