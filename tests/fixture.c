/* fixture.c - builds reports from hand-made runs and renders them to strings. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>

#include "output.h"
#include "fixture.h"

const struct machine fixture_machine = {
	.kernel = "Linux 6.1.0-test x86_64",
	.cpu_model = "Test CPU @ 2.00GHz",
	.cpus_online = 2,
	.pmus = { "cpu", "msr", "software", "tracepoint" },
	.n_pmus = 4,
	.diagnosis = {
		.findings = {
			{ .name = "hardware_pmu", .state = DIAGNOSIS_OK,
			  .found = "core PMU 'cpu': 8 general counters" },
			{ .name = "nmi_watchdog", .state = DIAGNOSIS_WARNING,
			  .found = "1: on: it holds one hardware counter on every CPU",
			  .fix = "sysctl kernel.nmi_watchdog=0 frees one counter" },
		},
		.n = 2,
	},
};

void fixture_build(struct report *r, char *const command[], const struct report_event *events,
		   size_t n_events, const struct sample_count *counts,
		   const struct sample_run *runs, size_t n_runs, size_t runs_requested,
		   bool metrics)
{
	struct metric_set *set = NULL;
	struct samples s;
	struct hp_err err = { .msg = "" };
	struct report_input in;
	size_t run;

	samples_init(&s, n_events);
	for (run = 0; run < n_runs; run++)
		ck_assert_msg(samples_add(&s, counts + run * n_events, &runs[run], &err) == 0,
			      "samples_add: %s", err.msg);
	if (metrics)
		ck_assert_msg((set = metric_set_builtin(&err)) != NULL, "metrics: %s", err.msg);
	in = (struct report_input){ .command = command, .version = "0.1.0",
				    .machine = &fixture_machine, .events = events, .samples = &s,
				    .runs_requested = runs_requested, .metrics = set };
	ck_assert_msg(report_build(r, &in, &err) == 0, "report_build: %s", err.msg);
	metric_set_free(set);
	samples_release(&s);
}

char *fixture_render(output_write_fn write, const struct report *r,
		     const struct output_options *opts)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(mem);
	ck_assert_int_eq(write(mem, r, opts), 0);
	ck_assert_int_eq(fclose(mem), 0);
	return text;
}
