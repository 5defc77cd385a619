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

#define ALL 0 /* enum event_mode's EVENT_MODE_ALL; report.c only passes it on */

const struct report_event fixture_fixed_events[FIXTURE_FIXED_EVENTS] = {
	{ .name = "task-clock", .resolved = "task-clock", .generic = "task-clock",
	  .mode = ALL, .supported = true },
	{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
	  .mode = ALL, .supported = true },
	{ .name = "cycles", .resolved = "cycles", .generic = "cycles", .mode = ALL,
	  .supported = false },
	{ .name = "branches", .resolved = "branches", .generic = "branches", .mode = ALL,
	  .added = true, .supported = true },
	{ .name = "branch-misses", .resolved = "branch-misses", .generic = "branch-misses",
	  .mode = ALL, .supported = true },
	{ .name = "pmu/event=1,umask=2/", .resolved = "cpu/event=0x1,umask=0x2/", .mode = ALL,
	  .supported = true },
	{ .name = "we\"ird", .resolved = "we\"ird", .mode = ALL, .supported = true,
	  .user_only = true },
};

const struct sample_count fixture_fixed_counts[2 * FIXTURE_FIXED_EVENTS] = {
	/* run 1: { value, enabled ns, running ns } per event */
	{ 8000000, 8000000, 8000000 }, { 1000, 8000000, 8000000 }, { 0, 0, 0 },
	{ 2000, 3000, 2000 }, { 30, 3000, 3000 }, { 5, 1000, 0 }, { 7, 100, 100 },
	/* run 2 */
	{ 12000000, 12000000, 12000000 }, { 1004, 12000000, 12000000 }, { 0, 0, 0 },
	{ 2400, 3000, 2000 }, { 36, 3000, 3000 }, { 5, 1000, 0 }, { 9, 100, 0 },
};

const struct sample_run fixture_fixed_runs[2] = {
	{ .wall_ns = 18000000, .user_ns = 5000000, .sys_ns = 1000000, .max_rss_kb = 1500,
	  .exit_code = 0 },
	{ .wall_ns = 22000000, .user_ns = 7000000, .sys_ns = 1000000, .max_rss_kb = 1700,
	  .exit_code = 3 },
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

void fixture_build_faults(struct report *r, char *const command[], uint64_t count,
			  struct sample_run run)
{
	static const struct report_event faults[] = {
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .mode = ALL, .supported = true },
	};
	const struct sample_count counts[] = { { count, 1000000000, 1000000000 } };

	run.wall_ns = 1000000000;
	fixture_build(r, command, faults, 1, counts, &run, 1, 1, false);
}

void fixture_assert_write_fails(output_write_fn write, const struct report *r,
				const struct output_options *opts)
{
	FILE *full = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(full);
	setvbuf(full, NULL, _IONBF, 0);
	ck_assert_int_eq(write(full, r, opts), -1);
	fclose(full);
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
