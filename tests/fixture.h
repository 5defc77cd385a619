/* fixture.h - reports built through report_build from hand-made runs, for golden tests. */
#ifndef HPSTAT_TEST_FIXTURE_H
#define HPSTAT_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "output.h"
#include "report.h"

/* A fixed machine, so machine-readable output is the same everywhere. */
extern const struct machine fixture_machine;

/* The fixed runs of the --csv and --prometheus goldens, two of seven events: a clock, a
 * software count, an event the kernel refused, a partner hpstat added that ran two thirds of
 * the time, a miss count (1 % of those branches), an event that never ran (commas in its
 * name), a user-only one with a quote in its name that ran in the first run only.
 * check_output_csv.c works each value out by hand. */
#define FIXTURE_FIXED_EVENTS 7
extern const struct report_event fixture_fixed_events[FIXTURE_FIXED_EVENTS];
extern const struct sample_count fixture_fixed_counts[2 * FIXTURE_FIXED_EVENTS];
extern const struct sample_run fixture_fixed_runs[2];

/* Builds r from n_runs runs of n_events events: counts[run * n_events + event] and runs[run].
 * metrics: whether to compute the built-in derived metrics. Aborts the test on failure.
 * Release with report_release(). */
void fixture_build(struct report *r, char *const command[], const struct report_event *events,
		   size_t n_events, const struct sample_count *counts,
		   const struct sample_run *runs, size_t n_runs, size_t runs_requested,
		   bool metrics);

/* r from one run of 1 s (with run's other fields) in which page-faults counted count times,
 * all of the time running, without metrics. */
void fixture_build_faults(struct report *r, char *const command[], uint64_t count,
			  struct sample_run run);

/* Renders r with the backend into a malloc'd string (the caller frees it). */
char *fixture_render(output_write_fn write, const struct report *r,
		     const struct output_options *opts);

/* Asserts that write reports the write error of a full disk (/dev/full, unbuffered so that
 * it shows at once) rather than losing it. */
void fixture_assert_write_fails(output_write_fn write, const struct report *r,
				const struct output_options *opts);

#endif
