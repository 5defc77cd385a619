/* measure.h - the runs of one or more commands, each counted from its exec: warmups, the
 * --prepare and --cleanup commands, rounds in interleaved or shuffled order, stop signals. */
#ifndef HPSTAT_MEASURE_H
#define HPSTAT_MEASURE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "counter.h"
#include "counting.h"
#include "err.h"
#include "event.h"
#include "options.h"
#include "samples.h"
#include "workload.h"

/* Where the runs are, for a progress display. */
struct measure_progress {
	size_t command;           /* the command running now */
	unsigned run;             /* its run, from 0 */
	bool warmup;              /* a warmup run (run counts warmups) */
	size_t started;           /* runs started so far, this one too, all commands */
	size_t total;             /* runs there will be, warmups too */
};

/* How the runs go. */
struct measure_plan {
	unsigned runs;            /* counted runs of each command */
	unsigned warmup;          /* runs of each command before those, not counted */
	const char *prepare;      /* a shell command before every run, warmups too; NULL: none */
	const char *prepare_option; /* "--prepare" or "--pre", for its message */
	const char *post;         /* a shell command after every run, warmups too; NULL: none */
	const char *cleanup;      /* a shell command after each command's last run; NULL: none */
	bool sync;                /* sync() before every run, after the prepare command */
	bool failure_stops;       /* a command that exits non-zero ends the measurement (an
				   * error); else its exit status is recorded like any other */
	bool shuffle;             /* each round in a random order drawn from seed, not A B C */
	uint64_t seed;
	/* While a command runs, called every tick_ns (0: never) with where the runs are. */
	uint64_t tick_ns;
	void (*tick)(void *ctx, const struct measure_progress *progress);
	void *tick_ctx;
	/* Where and when the counters count; NULL: the command's own tasks, from its exec. */
	const struct counting_plan *counting;
	/* The signal mask the commands get (NULL: the current one): see
	 * workload_block_stop_signals(). */
	const sigset_t *mask_at_start;
	/* How messages name each command (a comparison's labels); NULL: its argv[0]. */
	const char *const *names;
};

/* The plan the options ask for: -r, -w, --pre, --post, --cleanup, -S, --order, --seed (a random
 * order without --seed draws its seed here, for the report to print). A non-zero exit stops
 * the runs when comparing, unless --ignore-failure. */
void measure_plan_init(struct measure_plan *plan, const struct options *opts);

/* One command's runs. */
struct measure_target {
	char *const *argv;           /* NULL: no command (counting what already runs) */
	const struct event *events;  /* borrowed: what is counted */
	struct counting counting;    /* its counters, and its named regions' samples */
	struct samples samples;      /* the counted runs that count, in order */
	struct samples *unit_samples; /* per row of the scope's units (CPU, core, thread) */
	size_t n_units;
	bool partial_run;            /* its only run kept was cut short by the stop signal */
};

struct measurement {
	struct workload workload;
	struct counter_hold hold;    /* the kernel's hooks kept on from the first run to the last */
	struct measure_target *targets;
	size_t n_targets;
	const char *const *names;    /* the plan's, or NULL */
	int last_wait_status;        /* the last run's, as wait reported it */
	size_t sequence;             /* runs started so far, all commands together */
	bool interrupted;            /* fewer runs than planned: a stop signal or a failure */
	int stop_signal;             /* the stop signal that ended the runs, or 0 */
	/* After a failure: */
	int failed_status;           /* HPSTAT_EXIT_*: why hpstat exits */
	size_t failed_target;
};

/*
 * Runs each of the n_commands commands plan->runs times (after plan->warmup uncounted runs
 * each), round by round, with the events counted from each exec, into the targets' samples.
 * A run in which the kernel detached the counters (the command exec'd a set-user-ID program)
 * is kept with its counters never enabled, so it reads as not counted. launcher starts the
 * commands (launcher.h).
 * Returns 0 when every run was done or a stop signal ended them (m->stop_signal); -1 with err
 * when a run, a --pre, --post or --cleanup command failed (m->failed_status), the runs
 * finished before it still in the samples (a run its --post failed after, too). Release m
 * with measurement_release() either way.
 */
int measure(struct measurement *m, const struct event *events, size_t n_events,
	    char *const *const commands[], size_t n_commands, const struct measure_plan *plan,
	    struct launcher *launcher, struct hp_err *err);

void measurement_release(struct measurement *m);

#endif
