/* fixture.h - reports built through report_build from hand-made runs, for golden tests. */
#ifndef HPSTAT_TEST_FIXTURE_H
#define HPSTAT_TEST_FIXTURE_H

#include <stdbool.h>
#include <stddef.h>

#include "output.h"
#include "report.h"

/* A fixed machine, so machine-readable output is the same everywhere. */
extern const struct machine fixture_machine;

/* Builds r from n_runs runs of n_events events: counts[run * n_events + event] and runs[run].
 * metrics: whether to compute the built-in derived metrics. Aborts the test on failure.
 * Release with report_release(). */
void fixture_build(struct report *r, char *const command[], const struct report_event *events,
		   size_t n_events, const struct sample_count *counts,
		   const struct sample_run *runs, size_t n_runs, size_t runs_requested,
		   bool metrics);

/* Renders r with the backend into a malloc'd string (the caller frees it). */
char *fixture_render(output_write_fn write, const struct report *r,
		     const struct output_options *opts);

#endif
