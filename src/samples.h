/* samples.h - what each run measured, kept whole: raw counter readings and run times. */
#ifndef HPSTAT_SAMPLES_H
#define HPSTAT_SAMPLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

struct sample_count {
	uint64_t value;
	uint64_t enabled_ns;
	uint64_t running_ns;
};

struct sample_run {
	uint64_t wall_ns;
	uint64_t user_ns;
	uint64_t sys_ns;
	long max_rss_kb;
	int exit_code; /* as a shell shows it: the code, or 128 + signal */
	bool counters_detached; /* the kernel took the counters away: they read as never run */
	size_t sequence; /* its place among all runs of all commands, from 0: the order they ran */
};

struct samples {
	size_t n_events;
	size_t n_runs;
	size_t cap_runs;
	struct sample_count *counts; /* n_runs rows of n_events */
	struct sample_run *runs;
};

void samples_init(struct samples *s, size_t n_events);
void samples_release(struct samples *s);

/* Appends one run: counts[0..n_events-1] and its run record (both copied). */
int samples_add(struct samples *s, const struct sample_count *counts,
		const struct sample_run *run, struct hp_err *err);

/* The exit code of the first run that failed (as the command alone would have exited under
 * -r), or 0 when every run succeeded. */
int samples_exit_code(const struct samples *s);

static inline const struct sample_count *samples_count(const struct samples *s, size_t run,
							size_t event)
{
	return &s->counts[run * s->n_events + event];
}

#endif
