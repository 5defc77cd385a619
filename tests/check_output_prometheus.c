/* check_output_prometheus.c - Check tests for --prometheus and --openmetrics
 * (src/output_prometheus.c): reports built by hand, their expositions written out in full. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output.h" /* before fixture.h, which uses output_write_fn */
#include "comma_locale.h"
#include "fixture.h"
#include "options.h"


static char *command_prog[] = { "./bin/prog", "--flag", NULL };

/*
 * fixture.h's fixed runs, with their values worked by hand in check_output_csv.c, here
 * summed over the two runs and put in base units:
 *
 *   task-clock     8 + 12 msec = 0.02 s; CPUs utilized 0.5 (a gauge, as computed)
 *   page-faults    1000 + 1004 = 2004; its "K/sec" rate is left out (rate() says it)
 *   cycles         refused: supported 0, no count, no running ratio
 *   branches       scaled 3000 + 3600 = 6600, running 4000 of 6000 ns: 0.666666666666667
 *   branch-misses  30 + 36 = 66; 1 % of all branches: ratio 0.01
 *   pmu/event=1,umask=2/  never ran: supported 1, running 0, no count
 *   we"ird         shown as we"ird:u, counted in run 1 only: 7; running 100 of 200 ns: 0.5
 *   elapsed        18 + 22 ms = 0.04 s; user 5 + 7 ms = 0.012 s; sys 1 + 1 ms = 0.002 s
 *   max-rss        the larger of 1500 and 1700 KiB: 1740800 bytes
 *
 * And three named metrics: one in no group over the means (1002 / 3300 =
 * 0.303636363636364 faults per branch), a family's in percent (100 * 33 / 3300 = 1 %, the
 * ratio 0.01, with its group), one over the refused cycles (unavailable: no sample).
 */
/* The metric set of the report built last: its named metrics' strings are the report's. */
static struct metric_set *named_set;

/* r from the fixed runs with the built-in metrics and the named ones above. */
static void build_named(struct report *r)
{
	static const struct metric_group topdown = { .name = "TopdownL1",
						     .description = "level 1" };
	struct hp_err err = { .msg = "" };
	struct metric_set *set = named_set = metric_set_builtin(&err);
	struct samples s;
	struct report_input in;
	size_t run;

	ck_assert_msg(set != NULL, "metrics: %s", err.msg);
	ck_assert_int_eq(metric_set_add(set, "faults per branch", "faults/branch",
					"page-faults / branches", "", &err), 0);
	ck_assert_int_eq(metric_set_add_grouped(set, &topdown, "retiring", "%",
						"100 * branch-misses / branches", "", &err), 0);
	ck_assert_int_eq(metric_set_add(set, "cycles per fault", "", "cycles / page-faults", "",
					&err), 0);
	samples_init(&s, FIXTURE_FIXED_EVENTS);
	for (run = 0; run < 2; run++)
		ck_assert_int_eq(samples_add(&s, fixture_fixed_counts + run * FIXTURE_FIXED_EVENTS,
					     &fixture_fixed_runs[run], &err), 0);
	in = (struct report_input){ .command = command_prog, .version = "0.1.0",
				    .machine = &fixture_machine, .events = fixture_fixed_events,
				    .samples = &s, .runs_requested = 2, .metrics = set };
	ck_assert_msg(report_build(r, &in, &err) == 0, "report_build: %s", err.msg);
	samples_release(&s);
}

static void release_named(struct report *r)
{
	report_release(r);
	metric_set_free(named_set);
	named_set = NULL;
}

static const struct output_options fixed_style = { .command = "./bin/prog" };

static const char fixed_prometheus[] =
	"# HELP hpstat_run_info The hpstat release that measured; always 1.\n"
	"# TYPE hpstat_run_info gauge\n"
	"hpstat_run_info{command=\"prog\",version=\"0.1.0\"} 1\n"
	"# HELP hpstat_runs_total Runs of the command measured.\n"
	"# TYPE hpstat_runs_total counter\n"
	"hpstat_runs_total{command=\"prog\"} 2\n"
	"# HELP hpstat_elapsed_seconds_total Wall-clock time of the runs, summed.\n"
	"# TYPE hpstat_elapsed_seconds_total counter\n"
	"hpstat_elapsed_seconds_total{command=\"prog\"} 0.04\n"
	"# HELP hpstat_user_seconds_total CPU time in user mode of the runs, summed.\n"
	"# TYPE hpstat_user_seconds_total counter\n"
	"hpstat_user_seconds_total{command=\"prog\"} 0.012\n"
	"# HELP hpstat_system_seconds_total CPU time in the kernel of the runs, summed.\n"
	"# TYPE hpstat_system_seconds_total counter\n"
	"hpstat_system_seconds_total{command=\"prog\"} 0.002\n"
	"# HELP hpstat_max_rss_bytes Peak resident set size, the largest of the runs.\n"
	"# TYPE hpstat_max_rss_bytes gauge\n"
	"hpstat_max_rss_bytes{command=\"prog\"} 1740800\n"
	"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the kernel "
	"or PMU refused it.\n"
	"# TYPE hpstat_event_supported gauge\n"
	"hpstat_event_supported{command=\"prog\",event=\"task-clock\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"page-faults\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"cycles\"} 0\n"
	"hpstat_event_supported{command=\"prog\",event=\"branches\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"branch-misses\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"pmu/event=1,umask=2/\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"we\\\"ird:u\"} 1\n"
	"# HELP hpstat_events_total Event counts summed over the runs, scaled up where counters "
	"took turns.\n"
	"# TYPE hpstat_events_total counter\n"
	"hpstat_events_total{command=\"prog\",event=\"page-faults\"} 2004\n"
	"hpstat_events_total{command=\"prog\",event=\"branches\"} 6600\n"
	"hpstat_events_total{command=\"prog\",event=\"branch-misses\"} 66\n"
	"hpstat_events_total{command=\"prog\",event=\"we\\\"ird:u\"} 7\n"
	"# HELP hpstat_event_seconds_total Events that count time (task-clock, cpu-clock, "
	"duration_time, ...), summed over the runs.\n"
	"# TYPE hpstat_event_seconds_total counter\n"
	"hpstat_event_seconds_total{command=\"prog\",event=\"task-clock\"} 0.02\n"
	"# HELP hpstat_event_running_ratio Share of its enabled time the event had a counter "
	"(below 1: counters took turns).\n"
	"# TYPE hpstat_event_running_ratio gauge\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"task-clock\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"branches\"} 0.666666666666667\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"branch-misses\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"pmu/event=1,umask=2/\"} 0\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"we\\\"ird:u\"} 0.5\n"
	"# HELP hpstat_metric Derived metrics from the counts: a built-in's metric label names "
	"its unit, a named metric has a unit label where it has a unit.\n"
	"# TYPE hpstat_metric gauge\n"
	"hpstat_metric{command=\"prog\",metric=\"CPUs utilized\",event=\"task-clock\"} 0.5\n"
	"hpstat_metric{command=\"prog\",metric=\"faults per branch\",unit=\"faults/branch\"} "
	"0.303636363636364\n"
	"# HELP hpstat_metric_ratio Derived metrics that hpstat reports in percent, as ratios "
	"from 0 to 1.\n"
	"# TYPE hpstat_metric_ratio gauge\n"
	"hpstat_metric_ratio{command=\"prog\",metric=\"of all branches\",event=\"branch-misses\"} "
	"0.01\n"
	"hpstat_metric_ratio{command=\"prog\",metric=\"retiring\",group=\"TopdownL1\"} 0.01\n";
static const char fixed_openmetrics[] =
	"# HELP hpstat_run The hpstat release that measured; always 1.\n"
	"# TYPE hpstat_run info\n"
	"hpstat_run_info{command=\"prog\",version=\"0.1.0\",team=\"perf\"} 1\n"
	"# HELP hpstat_elapsed_seconds Wall-clock time of the runs, summed.\n"
	"# TYPE hpstat_elapsed_seconds counter\n"
	"# UNIT hpstat_elapsed_seconds seconds\n"
	"hpstat_elapsed_seconds_total{command=\"prog\",team=\"perf\"} 0.04\n"
	"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the kernel "
	"or PMU refused it.\n"
	"# TYPE hpstat_event_supported gauge\n"
	"hpstat_event_supported{command=\"prog\",event=\"task-clock\",team=\"perf\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"page-faults\",team=\"perf\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"cycles\",team=\"perf\"} 0\n"
	"hpstat_event_supported{command=\"prog\",event=\"branches\",team=\"perf\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"branch-misses\",team=\"perf\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"pmu/event=1,umask=2/\",team=\"perf\"} 1\n"
	"hpstat_event_supported{command=\"prog\",event=\"we\\\"ird:u\",team=\"perf\"} 1\n"
	"# HELP hpstat_events Event counts summed over the runs, scaled up where counters took "
	"turns.\n"
	"# TYPE hpstat_events counter\n"
	"hpstat_events_total{command=\"prog\",event=\"page-faults\",team=\"perf\"} 2004\n"
	"hpstat_events_total{command=\"prog\",event=\"branches\",team=\"perf\"} 6600\n"
	"hpstat_events_total{command=\"prog\",event=\"branch-misses\",team=\"perf\"} 66\n"
	"hpstat_events_total{command=\"prog\",event=\"we\\\"ird:u\",team=\"perf\"} 7\n"
	"# HELP hpstat_event_seconds Events that count time (task-clock, cpu-clock, duration_time,"
	" ...), summed over the runs.\n"
	"# TYPE hpstat_event_seconds counter\n"
	"# UNIT hpstat_event_seconds seconds\n"
	"hpstat_event_seconds_total{command=\"prog\",event=\"task-clock\",team=\"perf\"} 0.02\n"
	"# HELP hpstat_event_running_ratio Share of its enabled time the event had a counter "
	"(below 1: counters took turns).\n"
	"# TYPE hpstat_event_running_ratio gauge\n"
	"# UNIT hpstat_event_running_ratio ratio\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"task-clock\",team=\"perf\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\",team=\"perf\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"branches\",team=\"perf\"} "
	"0.666666666666667\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"branch-misses\",team=\"perf\"} 1\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"pmu/event=1,umask=2/\","
	"team=\"perf\"} 0\n"
	"hpstat_event_running_ratio{command=\"prog\",event=\"we\\\"ird:u\",team=\"perf\"} 0.5\n"
	"# HELP hpstat_metric Derived metrics from the counts: a built-in's metric label names "
	"its unit, a named metric has a unit label where it has a unit.\n"
	"# TYPE hpstat_metric gauge\n"
	"hpstat_metric{command=\"prog\",metric=\"CPUs utilized\",event=\"task-clock\","
	"team=\"perf\"} 0.5\n"
	"hpstat_metric{command=\"prog\",metric=\"faults per branch\",unit=\"faults/branch\","
	"team=\"perf\"} 0.303636363636364\n"
	"# HELP hpstat_metric_ratio Derived metrics that hpstat reports in percent, as ratios "
	"from 0 to 1.\n"
	"# TYPE hpstat_metric_ratio gauge\n"
	"# UNIT hpstat_metric_ratio ratio\n"
	"hpstat_metric_ratio{command=\"prog\",metric=\"of all branches\",event=\"branch-misses\","
	"team=\"perf\"} 0.01\n"
	"hpstat_metric_ratio{command=\"prog\",metric=\"retiring\",group=\"TopdownL1\","
	"team=\"perf\"} 0.01\n"
	"# EOF\n";

static void assert_render(output_write_fn write, const struct report *r,
			  const struct output_options *opts, const char *want)
{
	char *got = fixture_render(write, r, opts);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_prometheus)
{
	struct report r;

	build_named(&r);
	assert_render(output_prometheus_write, &r, &fixed_style, fixed_prometheus);
	release_named(&r);
}
END_TEST

/* An interval's exposition (what -I writes to its file): nothing that only a finished run
 * has, no runs, CPU times or peak RSS; the user's label after the series' own. */
static int openmetrics_interval(FILE *out, const struct report *r,
				const struct output_options *opts)
{
	return output_openmetrics_write_interval(out, r, 1.5, false, opts);
}

static const char *const team_label[] = { "team=perf" };

static const struct output_options labelled_style = {
	.command = "./bin/prog", .labels = team_label, .n_labels = 1,
};

START_TEST(test_openmetrics)
{
	struct report r;

	build_named(&r);
	assert_render(openmetrics_interval, &r, &labelled_style, fixed_openmetrics);
	release_named(&r);
}
END_TEST

/* ---------------------------------------------------------------- labels and parts */

/* One run of 1 s, 0.25 s of it in user mode, a peak RSS of 4 KiB: page-faults counted
 * `count` times. */
static void build_faults(struct report *r, uint64_t count)
{
	fixture_build_faults(r, command_prog, count,
			     (struct sample_run){ .user_ns = 250000000, .max_rss_kb = 4 });
}

static void part_add(struct report *whole, const char *kind, const char *label, uint64_t count)
{
	struct report part;
	struct hp_err err;

	build_faults(&part, count);
	ck_assert_int_eq(report_part_add(whole, kind, label, 0, &part, &err), 0);
}

/*
 * Counting what already runs, an interval of -I: no command label, nor the command's CPU
 * times and peak RSS; no run finished yet, so no runs either. The user's labels come last on
 * every series, their values escaped: the quote, the backslash and the line feed.
 */
START_TEST(test_no_command_in_progress)
{
	static const char *const labels[] = { "site=rack \"7\"\\\nrow", "team=perf" };
	const struct output_options style = { .labels = labels, .n_labels = 2 };
	struct report r;
	char *got = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&got, &len);

	build_faults(&r, 100);
	ck_assert_int_eq(output_prometheus_write_interval(mem, &r, 1.0, true, &style), 0);
	ck_assert_int_eq(fclose(mem), 0);
	ck_assert_str_eq(got,
		"# HELP hpstat_run_info The hpstat release that measured; always 1.\n"
		"# TYPE hpstat_run_info gauge\n"
		"hpstat_run_info{version=\"0.1.0\",site=\"rack \\\"7\\\"\\\\\\nrow\","
		"team=\"perf\"} 1\n"
		"# HELP hpstat_elapsed_seconds_total Wall-clock time of the runs, summed.\n"
		"# TYPE hpstat_elapsed_seconds_total counter\n"
		"hpstat_elapsed_seconds_total{site=\"rack \\\"7\\\"\\\\\\nrow\",team=\"perf\"} 1\n"
		"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the "
		"kernel or PMU refused it.\n"
		"# TYPE hpstat_event_supported gauge\n"
		"hpstat_event_supported{event=\"page-faults\",site=\"rack \\\"7\\\"\\\\\\nrow\","
		"team=\"perf\"} 1\n"
		"# HELP hpstat_events_total Event counts summed over the runs, scaled up where "
		"counters took turns.\n"
		"# TYPE hpstat_events_total counter\n"
		"hpstat_events_total{event=\"page-faults\",site=\"rack \\\"7\\\"\\\\\\nrow\","
		"team=\"perf\"} 100\n"
		"# HELP hpstat_event_running_ratio Share of its enabled time the event had a "
		"counter (below 1: counters took turns).\n"
		"# TYPE hpstat_event_running_ratio gauge\n"
		"hpstat_event_running_ratio{event=\"page-faults\",site=\"rack "
		"\\\"7\\\"\\\\\\nrow\",team=\"perf\"} 1\n");
	free(got);
	report_release(&r);
}
END_TEST

/*
 * A whole split into CPUs has its counts given per CPU only (sum() over them is the whole),
 * a CPU labelled by its number; a region inside the whole gets its own series; the whole's
 * support and times stay unlabelled.
 */
START_TEST(test_parts)
{
	const struct output_options style = { .command = "prog" };
	struct report r;

	build_faults(&r, 100);
	part_add(&r, "cpu", "CPU0", 60);
	part_add(&r, "cpu", "CPU1", 40);
	part_add(&r, "region", "step \"one\"", 25);
	assert_render(output_openmetrics_write, &r, &style,
		"# HELP hpstat_run The hpstat release that measured; always 1.\n"
		"# TYPE hpstat_run info\n"
		"hpstat_run_info{command=\"prog\",version=\"0.1.0\"} 1\n"
		"# HELP hpstat_runs Runs of the command measured.\n"
		"# TYPE hpstat_runs counter\n"
		"hpstat_runs_total{command=\"prog\"} 1\n"
		"# HELP hpstat_elapsed_seconds Wall-clock time of the runs, summed.\n"
		"# TYPE hpstat_elapsed_seconds counter\n"
		"# UNIT hpstat_elapsed_seconds seconds\n"
		"hpstat_elapsed_seconds_total{command=\"prog\"} 1\n"
		"# HELP hpstat_user_seconds CPU time in user mode of the runs, summed.\n"
		"# TYPE hpstat_user_seconds counter\n"
		"# UNIT hpstat_user_seconds seconds\n"
		"hpstat_user_seconds_total{command=\"prog\"} 0.25\n"
		"# HELP hpstat_system_seconds CPU time in the kernel of the runs, summed.\n"
		"# TYPE hpstat_system_seconds counter\n"
		"# UNIT hpstat_system_seconds seconds\n"
		"hpstat_system_seconds_total{command=\"prog\"} 0\n"
		"# HELP hpstat_max_rss_bytes Peak resident set size, the largest of the runs.\n"
		"# TYPE hpstat_max_rss_bytes gauge\n"
		"# UNIT hpstat_max_rss_bytes bytes\n"
		"hpstat_max_rss_bytes{command=\"prog\"} 4096\n"
		"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the "
		"kernel or PMU refused it.\n"
		"# TYPE hpstat_event_supported gauge\n"
		"hpstat_event_supported{command=\"prog\",event=\"page-faults\"} 1\n"
		"# HELP hpstat_events Event counts summed over the runs, scaled up where counters "
		"took turns.\n"
		"# TYPE hpstat_events counter\n"
		"hpstat_events_total{command=\"prog\",event=\"page-faults\",cpu=\"0\"} 60\n"
		"hpstat_events_total{command=\"prog\",event=\"page-faults\",cpu=\"1\"} 40\n"
		"hpstat_events_total{command=\"prog\",event=\"page-faults\",region=\"step "
		"\\\"one\\\"\"} 25\n"
		"# HELP hpstat_event_running_ratio Share of its enabled time the event had a "
		"counter (below 1: counters took turns).\n"
		"# TYPE hpstat_event_running_ratio gauge\n"
		"# UNIT hpstat_event_running_ratio ratio\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\",cpu=\"0\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\",cpu=\"1\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\",region=\"step "
		"\\\"one\\\"\"} 1\n"
		"# EOF\n");
	report_release(&r);
}
END_TEST

/*
 * Units: a clock in msec and a tool event in ns become seconds, a sysfs event in Joules
 * joules, one in MiB bytes; a unit of no family of its own keeps its values with a unit
 * label. An event counted twice (in two groups) is given once, as first counted.
 *
 *   cpu-clock      3e9 ns = 3000 msec -> 3 s
 *   duration_time  1.5e9 ns -> 1.5 s
 *   energy-pkg     40 counts * 0.25 = 10 Joules
 *   data_reads     32768 counts * 1/16384 MiB = 2 MiB = 2097152 bytes
 *   widgets        3 counts * 1 = 3 Widgets
 *   page-faults    5, then 6 in the second group: 5
 */
START_TEST(test_units)
{
	static const struct report_event events[] = {
		{ .name = "cpu-clock", .generic = "cpu-clock", .supported = true },
		{ .name = "duration_time", .generic = "duration_time", .supported = true,
		  .unit = "ns" },
		{ .name = "power/energy-pkg/", .supported = true, .scale = 0.25,
		  .unit = "Joules" },
		{ .name = "uncore_imc/data_reads/", .supported = true, .scale = 1.0 / 16384,
		  .unit = "MiB" },
		{ .name = "widgets", .supported = true, .unit = "Widgets" },
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
		{ .name = "page-faults", .generic = "page-faults", .supported = true,
		  .of_family = true },
	};
	static const struct sample_count counts[] = {
		{ 3000000000, 1, 1 }, { 1500000000, 1, 1 }, { 40, 1, 1 }, { 32768, 1, 1 },
		{ 3, 1, 1 }, { 5, 1, 1 }, { 6, 1, 1 },
	};
	static const struct sample_run runs[] = { { .wall_ns = 1500000000 } };
	const struct output_options style = { .command = "prog" };
	struct report r;

	fixture_build(&r, command_prog, events, 7, counts, runs, 1, 1, false);
	assert_render(output_prometheus_write, &r, &style,
		"# HELP hpstat_run_info The hpstat release that measured; always 1.\n"
		"# TYPE hpstat_run_info gauge\n"
		"hpstat_run_info{command=\"prog\",version=\"0.1.0\"} 1\n"
		"# HELP hpstat_runs_total Runs of the command measured.\n"
		"# TYPE hpstat_runs_total counter\n"
		"hpstat_runs_total{command=\"prog\"} 1\n"
		"# HELP hpstat_elapsed_seconds_total Wall-clock time of the runs, summed.\n"
		"# TYPE hpstat_elapsed_seconds_total counter\n"
		"hpstat_elapsed_seconds_total{command=\"prog\"} 1.5\n"
		"# HELP hpstat_user_seconds_total CPU time in user mode of the runs, summed.\n"
		"# TYPE hpstat_user_seconds_total counter\n"
		"hpstat_user_seconds_total{command=\"prog\"} 0\n"
		"# HELP hpstat_system_seconds_total CPU time in the kernel of the runs, summed.\n"
		"# TYPE hpstat_system_seconds_total counter\n"
		"hpstat_system_seconds_total{command=\"prog\"} 0\n"
		"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the "
		"kernel or PMU refused it.\n"
		"# TYPE hpstat_event_supported gauge\n"
		"hpstat_event_supported{command=\"prog\",event=\"cpu-clock\"} 1\n"
		"hpstat_event_supported{command=\"prog\",event=\"duration_time\"} 1\n"
		"hpstat_event_supported{command=\"prog\",event=\"power/energy-pkg/\"} 1\n"
		"hpstat_event_supported{command=\"prog\",event=\"uncore_imc/data_reads/\"} 1\n"
		"hpstat_event_supported{command=\"prog\",event=\"widgets\"} 1\n"
		"hpstat_event_supported{command=\"prog\",event=\"page-faults\"} 1\n"
		"# HELP hpstat_events_total Event counts summed over the runs, scaled up where "
		"counters took turns.\n"
		"# TYPE hpstat_events_total counter\n"
		"hpstat_events_total{command=\"prog\",event=\"page-faults\"} 5\n"
		"# HELP hpstat_event_seconds_total Events that count time (task-clock, cpu-clock, "
		"duration_time, ...), summed over the runs.\n"
		"# TYPE hpstat_event_seconds_total counter\n"
		"hpstat_event_seconds_total{command=\"prog\",event=\"cpu-clock\"} 3\n"
		"hpstat_event_seconds_total{command=\"prog\",event=\"duration_time\"} 1.5\n"
		"# HELP hpstat_event_joules_total Energy events, summed over the runs.\n"
		"# TYPE hpstat_event_joules_total counter\n"
		"hpstat_event_joules_total{command=\"prog\",event=\"power/energy-pkg/\"} 10\n"
		"# HELP hpstat_event_bytes_total Events that count bytes, summed over the runs.\n"
		"# TYPE hpstat_event_bytes_total counter\n"
		"hpstat_event_bytes_total{command=\"prog\",event=\"uncore_imc/data_reads/\"} "
		"2097152\n"
		"# HELP hpstat_event_values_total Events in another unit (the unit label), summed "
		"over the runs.\n"
		"# TYPE hpstat_event_values_total counter\n"
		"hpstat_event_values_total{command=\"prog\",event=\"widgets\",unit=\"Widgets\"} 3\n"
		"# HELP hpstat_event_running_ratio Share of its enabled time the event had a "
		"counter (below 1: counters took turns).\n"
		"# TYPE hpstat_event_running_ratio gauge\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"cpu-clock\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"duration_time\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"power/energy-pkg/\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"uncore_imc/data_reads/\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"widgets\"} 1\n"
		"hpstat_event_running_ratio{command=\"prog\",event=\"page-faults\"} 1\n");
	report_release(&r);
}
END_TEST

/* A comparison: one exposition, each command's series labelled with its name; a baseline's
 * entry, which ran nothing now, has none. */
START_TEST(test_comparison)
{
	const struct output_options style = { .command = "ignored" };
	static const char *const names[] = { "baseline", "old", "new \"fast\"" };
	static const char *const lines[] = { "", "prog 1", "prog 2" };
	struct report reports[3] = { 0 };
	const struct comparison_report c = { .n = 3, .names = names, .lines = lines,
					     .reports = reports, .version = "0.1.0" };
	char *got = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&got, &len);

	build_faults(&reports[1], 100);
	build_faults(&reports[2], 80);
	ck_assert_int_eq(output_openmetrics_write_comparison(mem, &c, &style), 0);
	ck_assert_int_eq(fclose(mem), 0);
	ck_assert_str_eq(got,
		"# HELP hpstat_run The hpstat release that measured; always 1.\n"
		"# TYPE hpstat_run info\n"
		"hpstat_run_info{command=\"old\",version=\"0.1.0\"} 1\n"
		"hpstat_run_info{command=\"new \\\"fast\\\"\",version=\"0.1.0\"} 1\n"
		"# HELP hpstat_runs Runs of the command measured.\n"
		"# TYPE hpstat_runs counter\n"
		"hpstat_runs_total{command=\"old\"} 1\n"
		"hpstat_runs_total{command=\"new \\\"fast\\\"\"} 1\n"
		"# HELP hpstat_elapsed_seconds Wall-clock time of the runs, summed.\n"
		"# TYPE hpstat_elapsed_seconds counter\n"
		"# UNIT hpstat_elapsed_seconds seconds\n"
		"hpstat_elapsed_seconds_total{command=\"old\"} 1\n"
		"hpstat_elapsed_seconds_total{command=\"new \\\"fast\\\"\"} 1\n"
		"# HELP hpstat_user_seconds CPU time in user mode of the runs, summed.\n"
		"# TYPE hpstat_user_seconds counter\n"
		"# UNIT hpstat_user_seconds seconds\n"
		"hpstat_user_seconds_total{command=\"old\"} 0.25\n"
		"hpstat_user_seconds_total{command=\"new \\\"fast\\\"\"} 0.25\n"
		"# HELP hpstat_system_seconds CPU time in the kernel of the runs, summed.\n"
		"# TYPE hpstat_system_seconds counter\n"
		"# UNIT hpstat_system_seconds seconds\n"
		"hpstat_system_seconds_total{command=\"old\"} 0\n"
		"hpstat_system_seconds_total{command=\"new \\\"fast\\\"\"} 0\n"
		"# HELP hpstat_max_rss_bytes Peak resident set size, the largest of the runs.\n"
		"# TYPE hpstat_max_rss_bytes gauge\n"
		"# UNIT hpstat_max_rss_bytes bytes\n"
		"hpstat_max_rss_bytes{command=\"old\"} 4096\n"
		"hpstat_max_rss_bytes{command=\"new \\\"fast\\\"\"} 4096\n"
		"# HELP hpstat_event_supported 1 when the event could be counted here, 0 when the "
		"kernel or PMU refused it.\n"
		"# TYPE hpstat_event_supported gauge\n"
		"hpstat_event_supported{command=\"old\",event=\"page-faults\"} 1\n"
		"hpstat_event_supported{command=\"new \\\"fast\\\"\",event=\"page-faults\"} 1\n"
		"# HELP hpstat_events Event counts summed over the runs, scaled up where counters "
		"took turns.\n"
		"# TYPE hpstat_events counter\n"
		"hpstat_events_total{command=\"old\",event=\"page-faults\"} 100\n"
		"hpstat_events_total{command=\"new \\\"fast\\\"\",event=\"page-faults\"} 80\n"
		"# HELP hpstat_event_running_ratio Share of its enabled time the event had a "
		"counter (below 1: counters took turns).\n"
		"# TYPE hpstat_event_running_ratio gauge\n"
		"# UNIT hpstat_event_running_ratio ratio\n"
		"hpstat_event_running_ratio{command=\"old\",event=\"page-faults\"} 1\n"
		"hpstat_event_running_ratio{command=\"new \\\"fast\\\"\",event=\"page-faults\"} 1\n"
		"# EOF\n");
	free(got);
	report_release(&reports[1]);
	report_release(&reports[2]);
}
END_TEST

/* Each label name the series carry, taken from expositions with every kind of part, is one
 * that --label refuses: a user's label can never collide with hpstat's own. */
START_TEST(test_own_labels_refused)
{
	static const char *const kinds[] = { "cpu", "core", "socket", "thread", "cgroup",
					     "region" };
	const struct output_options style = { .command = "prog" };
	struct report r, named;
	char *text[3];
	size_t i, checked = 0;

	build_faults(&r, 100);
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		part_add(&r, kinds[i], "x", 10);
	build_named(&named);
	text[0] = fixture_render(output_prometheus_write, &r, &style);
	text[1] = fixture_render(output_prometheus_write, &named, &style);
	{
		static const struct report_event odd[] = {
			{ .name = "widgets", .supported = true, .unit = "Widgets" },
		};
		static const struct sample_count one[] = { { 3, 1, 1 } };
		static const struct sample_run run[] = { { .wall_ns = 1 } };
		struct report other;

		fixture_build(&other, command_prog, odd, 1, one, run, 1, 1, false);
		text[2] = fixture_render(output_prometheus_write, &other, &style);
		report_release(&other);
	}
	for (i = 0; i < 3; i++) {
		const char *p = text[i];

		/* In a sample line, a label name follows '{' or ',' and ends at '='; its value is
		 * quoted, with backslash escapes. Comment lines hold no labels. */
		for (; *p; p++) {
			char key[64], arg[96];
			char *argv[] = { "hpstat", "--prometheus", "--label", arg, "true", NULL };
			struct options opts;
			struct hp_err err = { "" };
			size_t n;

			if (*p == '#') {
				p += strcspn(p, "\n");
				continue;
			}
			if (*p == '"') {
				for (p++; *p != '"'; p++)
					if (*p == '\\')
						p++;
				continue;
			}
			if (*p != '{' && *p != ',')
				continue;
			n = strcspn(p + 1, "=");
			ck_assert_uint_lt(n, sizeof(key));
			memcpy(key, p + 1, n);
			key[n] = '\0';
			snprintf(arg, sizeof(arg), "%s=x", key);
			ck_assert_msg(options_parse(&opts, 5, argv, &err) == -1,
				      "--label %s was taken", arg);
			ck_assert_msg(strstr(err.msg, "hpstat sets that label"), "%s", err.msg);
			options_release(&opts);
			checked++;
		}
		free(text[i]);
	}
	ck_assert_uint_gt(checked, 20);
	release_named(&named);
	report_release(&r);
}
END_TEST

/* ---------------------------------------------------------------- locale and errors */

/* Under a decimal-comma LC_NUMERIC the exposition is byte for byte the C locale's. */
START_TEST(test_comma_locale)
{
	struct report r;

	if (!comma_locale_set())
		fprintf(stderr, "check_output_prometheus: no decimal-comma locale installed or "
				"buildable; the C-locale goldens stand alone\n");
	build_named(&r);
	assert_render(output_prometheus_write, &r, &fixed_style, fixed_prometheus);
	assert_render(openmetrics_interval, &r, &labelled_style, fixed_openmetrics);
	release_named(&r);
	setlocale(LC_NUMERIC, "C");
}
END_TEST

/* A write error is reported, not lost. */
START_TEST(test_write_error)
{
	struct report r;

	build_faults(&r, 1);
	fixture_assert_write_fails(output_prometheus_write, &r, &fixed_style);
	fixture_assert_write_fails(output_openmetrics_write, &r, &fixed_style);
	report_release(&r);
}
END_TEST

static Suite *output_prometheus_suite(void)
{
	Suite *s = suite_create("output_prometheus");
	TCase *g = tcase_create("golden");
	TCase *l = tcase_create("locale");

	tcase_add_test(g, test_prometheus);
	tcase_add_test(g, test_openmetrics);
	tcase_add_test(g, test_no_command_in_progress);
	tcase_add_test(g, test_parts);
	tcase_add_test(g, test_units);
	tcase_add_test(g, test_comparison);
	tcase_add_test(g, test_own_labels_refused);
	tcase_add_test(g, test_write_error);
	suite_add_tcase(s, g);
	tcase_add_test(l, test_comma_locale);
	suite_add_tcase(s, l);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(output_prometheus_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
