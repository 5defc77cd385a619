/* measure.h - runs one command as many times as asked, counting each run from its exec. */
#ifndef HPSTAT_MEASURE_H
#define HPSTAT_MEASURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "counter.h"
#include "err.h"
#include "event.h"
#include "samples.h"
#include "workload.h"

struct measurement {
	struct workload workload;
	struct counter_set counters;
	struct samples samples;      /* the runs that count, in order */
	struct sample_count *counts; /* one run's readings */
	bool interrupted;            /* fewer runs than asked: a stop signal or a failed run */
	bool partial_run;            /* the only run kept was cut short by the stop signal */
	int stop_signal;             /* the stop signal that ended the runs, or 0 */
	int failed_status;           /* after a failed run: 126/127 when it could not exec,
				      * else 0 (hpstat's own error) */
};

/*
 * Runs command `runs` times (or until a stop signal) with the events counted from each exec,
 * into m->samples. pipe_at_start is SIGPIPE's disposition when hpstat started (the command
 * gets it back). A run in which the kernel detached the counters (the command exec'd a
 * set-user-ID program) is kept with its counters never enabled, so it reads as not counted.
 * Returns 0 when every run was done or a stop signal ended them (m->stop_signal); -1 with
 * err when a run failed, m->samples still holding the runs finished before it. Release m
 * with measurement_release() either way.
 */
int measure(struct measurement *m, const struct event *events, size_t n_events,
	    char *const command[], unsigned runs, const struct sigaction *pipe_at_start,
	    struct hp_err *err);

void measurement_release(struct measurement *m);

#endif
