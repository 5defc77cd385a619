/* check_output_perf.c - Check unit tests for the --metric-only table (src/metric_table.c), its
 * four layouts (src/output_metric_only.c) and perf's -j lines (src/output_perf_json.c), from
 * reports built by report_build with the built-in metrics, against golden text. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fixture.h"
#include "metric_table.h"
#include "output.h"

#define USER 1   /* enum event_mode's EVENT_MODE_USER */
#define KERNEL 2 /* EVENT_MODE_KERNEL */

static char *command_true[] = { "true", NULL };

/*
 * One run of 4 ms: task-clock 2 ms (0.5 CPUs utilized), 4000 page faults (2,000,000 a second
 * of task-clock), 100 branches hpstat added (a rate nobody asked for), 5 branch-misses (5% of
 * all branches), cycles refused.
 */
static const struct report_event events[] = {
	{ .name = "task-clock", .generic = "task-clock", .supported = true },
	{ .name = "page-faults", .generic = "page-faults", .supported = true },
	{ .name = "branch-misses", .generic = "branch-misses", .supported = true },
	{ .name = "branches", .generic = "branches", .supported = true, .added = true },
	{ .name = "cycles", .generic = "cycles", .supported = false },
};

static void simple_report(struct report *r, size_t n_runs)
{
	const struct sample_count counts[] = {
		{ 2000000, 1, 1 }, { 4000, 1, 1 }, { 5, 1, 1 }, { 100, 1, 1 }, { 0, 0, 0 },
		{ 2000000, 1, 1 }, { 4000, 1, 1 }, { 5, 1, 1 }, { 100, 1, 1 }, { 0, 0, 0 },
	};
	const struct sample_run runs[] = { { .wall_ns = 4000000 }, { .wall_ns = 4000000 } };

	fixture_build(r, command_true, events, 5, counts, runs, n_runs, n_runs, true);
}

/* The CPU parts of a whole: CPU0 counted everything, CPU1's task-clock never ran. */
static void add_cpu(struct report *whole, const char *label, bool clock_ran)
{
	const struct sample_count counts[] = {
		{ clock_ran ? 2000000 : 0, 1, clock_ran ? 1 : 0 }, { 4000, 1, 1 }, { 5, 1, 1 },
		{ 100, 1, 1 }, { 0, 0, 0 },
	};
	const struct sample_run runs[] = { { .wall_ns = 4000000 } };
	struct report part;
	struct hp_err err;

	fixture_build(&part, command_true, events, 5, counts, runs, 1, 1, true);
	ck_assert_int_eq(report_part_add(whole, "cpu", label, 0, &part, &err), 0);
}

static void assert_column(const struct metric_table *t, size_t c, const char *title,
			  int decimals, bool percent)
{
	ck_assert_str_eq(t->columns[c].title, title);
	ck_assert_int_eq(t->columns[c].decimals, decimals);
	ck_assert_int_eq(t->columns[c].percent, percent);
}

/* ---------------------------------------------------------------- metric_table */

/* A column per metric in the rows' order; rates in events per second whatever their K or M;
 * "of all" shares named with their event as perf's --metric-only does; no rate for the
 * partner hpstat added, nothing for the refused event. */
START_TEST(test_table_columns)
{
	struct metric_table t;
	struct report r;
	struct hp_err err;

	simple_report(&r, 1);
	ck_assert_int_eq(metric_table_build(&t, &r, &err), 0);
	ck_assert_uint_eq(t.n_columns, 3);
	assert_column(&t, 0, "CPUs utilized", 3, false);
	assert_column(&t, 1, "page-faults/sec", 2, false);
	assert_column(&t, 2, "branch-misses of all branches", 2, true);
	ck_assert_uint_eq(t.n_lines, 1);
	ck_assert_ptr_null(t.lines[0].kind);
	ck_assert_str_eq(t.lines[0].label, "");
	ck_assert_double_eq_tol(t.lines[0].values[0], 0.5, 1e-12);
	ck_assert_double_eq_tol(t.lines[0].values[1], 2e6, 1e-6);
	ck_assert_double_eq_tol(t.lines[0].values[2], 5.0, 1e-12);
	metric_table_release(&t);
	report_release(&r);
}
END_TEST

/* Split per CPU: a line each; a metric one CPU lacks is NaN there, not a shifted column. */
START_TEST(test_table_parts)
{
	struct metric_table t;
	struct report r;
	struct hp_err err;

	simple_report(&r, 1);
	add_cpu(&r, "CPU0", false);
	add_cpu(&r, "CPU1", true);
	ck_assert_int_eq(metric_table_build(&t, &r, &err), 0);
	ck_assert_uint_eq(t.n_lines, 2);
	ck_assert_str_eq(t.lines[0].kind, "cpu");
	ck_assert_str_eq(t.lines[1].label, "CPU1");
	/* CPU0 has no clock: no rates and no utilization; they come with CPU1. */
	ck_assert_uint_eq(t.n_columns, 3);
	assert_column(&t, 0, "branch-misses of all branches", 2, true);
	assert_column(&t, 1, "CPUs utilized", 3, false);
	assert_column(&t, 2, "page-faults/sec", 2, false);
	ck_assert(isnan(t.lines[0].values[1]) && isnan(t.lines[0].values[2]));
	ck_assert_double_eq_tol(t.lines[1].values[1], 0.5, 1e-12);
	metric_table_release(&t);
	report_release(&r);
}
END_TEST

/* cycles:u and cycles:k both give an "insn per cycle": the second is told by its event. */
START_TEST(test_table_same_title_twice)
{
	static const struct report_event modes[] = {
		{ .name = "cycles:u", .generic = "cycles", .mode = USER, .supported = true },
		{ .name = "instructions:u", .generic = "instructions", .mode = USER,
		  .supported = true },
		{ .name = "cycles:k", .generic = "cycles", .mode = KERNEL, .supported = true },
		{ .name = "instructions:k", .generic = "instructions", .mode = KERNEL,
		  .supported = true },
	};
	const struct sample_count counts[] = { { 100, 1, 1 }, { 200, 1, 1 }, { 100, 1, 1 },
					       { 50, 1, 1 } };
	const struct sample_run runs[] = { { .wall_ns = 1000 } };
	struct metric_table t;
	struct report r;
	struct hp_err err;

	fixture_build(&r, command_true, modes, 4, counts, runs, 1, 1, true);
	ck_assert_int_eq(metric_table_build(&t, &r, &err), 0);
	ck_assert_uint_eq(t.n_columns, 2);
	assert_column(&t, 0, "insn per cycle", 2, false);
	assert_column(&t, 1, "insn per cycle (instructions:k)", 2, false);
	ck_assert_double_eq_tol(t.lines[0].values[0], 2.0, 1e-12);
	ck_assert_double_eq_tol(t.lines[0].values[1], 0.5, 1e-12);
	metric_table_release(&t);
	report_release(&r);
}
END_TEST

/* A preset's metrics follow, titled by name and unit, a column even when unavailable. */
START_TEST(test_table_named_metrics)
{
	static const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
		{ .name = "cycles", .generic = "cycles", .supported = false },
	};
	const struct sample_count counts[] = { { 4000, 1, 1 }, { 0, 0, 0 } };
	const struct sample_run run = { .wall_ns = 2000000 };
	struct hp_err err = { .msg = "" };
	struct metric_set *set = metric_set_builtin(&err);
	struct metric_table t;
	struct report_input in = { .command = command_true, .events = ev, .runs_requested = 1 };
	struct samples s;
	struct report r;

	ck_assert_ptr_nonnull(set);
	ck_assert_int_eq(metric_set_add(set, "faults per ms", "faults/msec",
					"page-faults / duration_time * 1000000", "", &err), 0);
	ck_assert_int_eq(metric_set_add(set, "per cycle", "", "page-faults / cycles", "", &err),
			 0);
	samples_init(&s, 2);
	ck_assert_int_eq(samples_add(&s, counts, &run, &err), 0);
	in.samples = &s;
	in.metrics = set;
	ck_assert_int_eq(report_build(&r, &in, &err), 0);
	ck_assert_int_eq(metric_table_build(&t, &r, &err), 0);
	ck_assert_uint_eq(t.n_columns, 2);
	assert_column(&t, 0, "faults per ms (faults/msec)", 2, false);
	assert_column(&t, 1, "per cycle", 2, false);
	ck_assert_double_eq_tol(t.lines[0].values[0], 2000.0, 1e-9);
	ck_assert(isnan(t.lines[0].values[1]));
	metric_table_release(&t);
	report_release(&r);
	samples_release(&s);
	metric_set_free(set);
}
END_TEST

/* ---------------------------------------------------------------- the four layouts */

static const struct output_options plain = { .big_num = true };

START_TEST(test_metric_only_text)
{
	struct report r;
	char *got;

	simple_report(&r, 1);
	got = fixture_render(output_text_write_metric_only, &r, &plain);
	ck_assert_str_eq(got,
		"\n"
		" Performance counter stats for 'true':\n"
		"\n"
		"   CPUs utilized  page-faults/sec  branch-misses of all branches\n"
		"           0.500     2,000,000.00                          5.00%\n"
		"\n"
		"       0.004000000 seconds time elapsed\n"
		"\n"
		"       0.000000000 seconds user\n"
		"       0.000000000 seconds sys\n"
		"\n"
		" [added]: counted by hpstat for a derived metric (--no-metrics leaves it out)\n"
		"\n");
	free(got);
	report_release(&r);
}
END_TEST

START_TEST(test_metric_only_text_parts)
{
	struct report r;
	char *got, *table;

	simple_report(&r, 1);
	add_cpu(&r, "CPU0", false);
	add_cpu(&r, "CPU1", true);
	got = fixture_render(output_text_write_metric_only, &r, &plain);
	table = strstr(got, "\n\n") + 2;
	ck_assert_msg(strstr(table,
			     " cpu   branch-misses of all branches  CPUs utilized  page-faults/sec\n"
			     " CPU0                          5.00%              -                -\n"
			     " CPU1                          5.00%          0.500     2,000,000.00\n"
			     "\n") == table, "got:\n%s", got);
	free(got);
	report_release(&r);
}
END_TEST

START_TEST(test_metric_only_csv)
{
	struct output_options scoped = { .scoped = true };
	struct report r;
	char *got;

	simple_report(&r, 1);
	got = fixture_render(output_csv_write_metric_only, &r, &plain);
	ck_assert_str_eq(got, "metric,value\n"
			      "CPUs utilized,0.5\n"
			      "page-faults/sec,2000000\n"
			      "branch-misses of all branches,5\n");
	free(got);
	add_cpu(&r, "CPU0", false);
	got = fixture_render(output_csv_write_metric_only, &r, &scoped);
	ck_assert_str_eq(got, "scope,metric,value\n"
			      "cpu:CPU0,branch-misses of all branches,5\n");
	free(got);
	report_release(&r);
}
END_TEST

START_TEST(test_metric_only_perf_csv)
{
	const struct output_options semicolon = { .separator = ";" };
	struct report r;
	char *got;

	simple_report(&r, 1);
	got = fixture_render(output_perf_csv_write_metric_only, &r, &semicolon);
	ck_assert_str_eq(got, "CPUs utilized;page-faults/sec;branch-misses of all branches\n"
			      "0.500;2000000.00;5.00\n");
	free(got);
	add_cpu(&r, "CPU0", false);
	add_cpu(&r, "CPU1", true);
	got = fixture_render(output_perf_csv_write_metric_only, &r, &semicolon);
	ck_assert_str_eq(got, ";branch-misses of all branches;CPUs utilized;page-faults/sec\n"
			      "CPU0;5.00;;\n"
			      "CPU1;5.00;0.500;2000000.00\n");
	free(got);
	report_release(&r);
}
END_TEST

START_TEST(test_metric_only_perf_json)
{
	struct report r, part;
	struct hp_err err;
	char *got;

	simple_report(&r, 1);
	got = fixture_render(output_perf_json_write_metric_only, &r, &plain);
	ck_assert_str_eq(got, "{\"CPUs utilized\" : \"0.500\", \"page-faults/sec\" : "
			      "\"2000000.00\", \"branch-misses of all branches\" : \"5.00\"}\n");
	free(got);
	/* A region is a line of its own after the whole, under hpstat's own key. */
	simple_report(&part, 1);
	ck_assert_int_eq(report_part_add(&r, "region", "step", 2, &part, &err), 0);
	got = fixture_render(output_perf_json_write_metric_only, &r, &plain);
	ck_assert_ptr_nonnull(strstr(got, "}\n{\"region\" : \"step\", \"CPUs utilized\" : "));
	free(got);
	report_release(&r);
}
END_TEST

/* ---------------------------------------------------------------- perf -j */

START_TEST(test_perf_json_single_run)
{
	struct report r;
	char *got;

	simple_report(&r, 1);
	got = fixture_render(output_perf_json_write, &r, &plain);
	ck_assert_str_eq(got,
		"{\"counter-value\" : \"2.000000\", \"unit\" : \"msec\", \"event\" : \"task-clock\", "
		"\"event-runtime\" : 1, \"pcnt-running\" : 100.00, \"metric-value\" : 0.500000, "
		"\"metric-unit\" : \"CPUs utilized\"}\n"
		"{\"counter-value\" : \"4000.000000\", \"unit\" : \"\", \"event\" : \"page-faults\", "
		"\"event-runtime\" : 1, \"pcnt-running\" : 100.00, \"metric-value\" : 2.000000, "
		"\"metric-unit\" : \"M/sec\"}\n"
		"{\"counter-value\" : \"5.000000\", \"unit\" : \"\", \"event\" : \"branch-misses\", "
		"\"event-runtime\" : 1, \"pcnt-running\" : 100.00, \"metric-value\" : 5.000000, "
		"\"metric-unit\" : \"of all branches\"}\n"
		"{\"counter-value\" : \"<not supported>\", \"unit\" : \"\", \"event\" : \"cycles\", "
		"\"event-runtime\" : 0, \"pcnt-running\" : 100.00, \"metric-value\" : 0.000000, "
		"\"metric-unit\" : \"\"}\n");
	free(got);
	report_release(&r);
}
END_TEST

/* With -r N: "variance" after "event", null where it cannot be told. */
START_TEST(test_perf_json_runs)
{
	struct report r;
	char *got, *cycles;

	simple_report(&r, 2);
	got = fixture_render(output_perf_json_write, &r, &plain);
	ck_assert_ptr_nonnull(strstr(got, "\"event\" : \"task-clock\", \"variance\" : 0.00, "
					  "\"event-runtime\" : 1, "));
	cycles = strstr(got, "\"event\" : \"cycles\"");
	ck_assert_ptr_nonnull(cycles);
	ck_assert_ptr_eq(strstr(cycles, "\"event\" : \"cycles\", \"variance\" : null, "), cycles);
	free(got);
	report_release(&r);
}
END_TEST

/* -I and -A: the interval first, then the CPU's number. */
START_TEST(test_perf_json_interval_per_cpu)
{
	struct report r;
	char *got = NULL;
	size_t len = 0;
	FILE *mem;

	simple_report(&r, 1);
	add_cpu(&r, "CPU1", true);
	mem = open_memstream(&got, &len);
	ck_assert_int_eq(output_perf_json_write_interval(mem, &r, 1.25, true, &plain), 0);
	fclose(mem);
	ck_assert_ptr_eq(strstr(got, "{\"interval\" : 1.250000000, \"cpu\" : \"1\", "
				    "\"counter-value\" : \"2.000000\", "), got);
	/* The partner hpstat added is left out, as in -x. */
	ck_assert_ptr_null(strstr(got, "\"event\" : \"branches\""));
	free(got);
	report_release(&r);
}
END_TEST

static Suite *output_perf_suite(void)
{
	Suite *s = suite_create("output_perf");
	TCase *t = tcase_create("metric_table");
	TCase *m = tcase_create("metric_only");
	TCase *j = tcase_create("perf_json");

	tcase_add_test(t, test_table_columns);
	tcase_add_test(t, test_table_parts);
	tcase_add_test(t, test_table_same_title_twice);
	tcase_add_test(t, test_table_named_metrics);
	suite_add_tcase(s, t);
	tcase_add_test(m, test_metric_only_text);
	tcase_add_test(m, test_metric_only_text_parts);
	tcase_add_test(m, test_metric_only_csv);
	tcase_add_test(m, test_metric_only_perf_csv);
	tcase_add_test(m, test_metric_only_perf_json);
	suite_add_tcase(s, m);
	tcase_add_test(j, test_perf_json_single_run);
	tcase_add_test(j, test_perf_json_runs);
	tcase_add_test(j, test_perf_json_interval_per_cpu);
	suite_add_tcase(s, j);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(output_perf_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
