/* check_report.c - Check unit tests for report_build (src/report.c), the text backend
 * (src/output_text.c) and perf's -x format (src/output_perf_csv.c), the backends against
 * golden text written out in full. */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "comma_locale.h"
#include "fixture.h"
#include "output_text.h"
#include "report.h"

#define ALL 0 /* enum event_mode's EVENT_MODE_ALL; report.c only passes it on */

#define assert_close(got, want)                                                            \
	do {                                                                               \
		double got_ = (got), want_ = (want);                                       \
		ck_assert_msg(fabs(got_ - want_) <= 1e-12 * fmax(1.0, fabs(want_)),        \
			      "%s = %.17g, want %.17g", #got, got_, want_);                \
	} while (0)

/* ---------------------------------------------------------------- report_build */

static char *command_true[] = { "true", NULL };

/* Appends one run whose counts are given as {value, enabled, running} triples. */
static void add_run(struct samples *s, const struct sample_count *counts, uint64_t wall_ns,
		    uint64_t user_ns, uint64_t sys_ns, long rss_kb, int exit_code)
{
	struct sample_run run = { .wall_ns = wall_ns, .user_ns = user_ns, .sys_ns = sys_ns,
				  .max_rss_kb = rss_kb, .exit_code = exit_code };
	struct hp_err err = { .msg = "" };

	ck_assert_msg(samples_add(s, counts, &run, &err) == 0, "samples_add: %s", err.msg);
}

static void build(struct report *r, char *const command[], const struct report_event *events,
		  const struct samples *s, size_t runs_requested, bool interrupted,
		  const struct metric_set *metrics)
{
	struct hp_err err = { .msg = "" };

	const struct report_input in = { .command = command, .events = events, .samples = s,
					 .runs_requested = runs_requested,
					 .interrupted = interrupted, .metrics = metrics };

	ck_assert_msg(report_build(r, &in, &err) == 0, "report_build: %s", err.msg);
}

/* Five runs of 1053 1052 1053 1053 1051 page faults, always on the counter: the mean of all
 * runs, 5262 / 5 = 1052.4 (not the last run, 1051, as perf 6.1 shows); median 1053. */
START_TEST(test_build_mean_over_runs)
{
	static const uint64_t faults[] = { 1053, 1052, 1053, 1053, 1051 };
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	char *command[] = { "sleep", "0.05", NULL };
	struct samples s;
	struct report r;
	size_t i;

	samples_init(&s, 1);
	for (i = 0; i < 5; i++) {
		struct sample_count c = { faults[i], 1000, 1000 };

		add_run(&s, &c, 50000000, 0, 0, 1000, 0);
	}
	build(&r, command, ev, &s, 5, false, NULL);
	ck_assert_str_eq(r.command, "sleep 0.05");
	ck_assert_uint_eq(r.runs_requested, 5);
	ck_assert_uint_eq(r.runs_done, 5);
	ck_assert(!r.interrupted);
	ck_assert_uint_eq(r.runs_failed, 0);
	ck_assert_uint_eq(r.n_rows, 1);
	ck_assert(!r.any_added);
	ck_assert_str_eq(r.rows[0].name, "page-faults");
	ck_assert_int_eq(r.rows[0].state, REPORT_COUNTED);
	ck_assert_str_eq(r.rows[0].unit, "");
	assert_close(r.rows[0].unit_scale, 1.0);
	ck_assert_uint_eq(r.rows[0].stats.n, 5);
	ck_assert_uint_eq(r.rows[0].runs_counted, 5);
	assert_close(stats_mean(&r.rows[0].stats), 1052.4);
	assert_close(stats_sem(&r.rows[0].stats), 0.4);
	assert_close(r.rows[0].median, 1053.0);
	assert_close(r.rows[0].running_pct, 100.0);
	ck_assert_uint_eq(r.rows[0].n_metrics, 0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/*
 * A multiplexed counter: run 1 counted 1000 while running 1000 of 2000 ns enabled -> 2000;
 * run 2 counted 3000 in 3000 of 4000 ns -> 4000. Mean (2000 + 4000) / 2 = 3000.
 * running_pct = 100 * (1000 + 3000) / (2000 + 4000) = 66.666...; a counter that ran all
 * the time is not scaled.
 */
START_TEST(test_build_scaling)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true },
		{ .name = "instructions", .generic = "instructions", .supported = true },
	};
	const struct sample_count run1[] = { { 1000, 2000, 1000 }, { 10, 2000, 2000 } };
	const struct sample_count run2[] = { { 3000, 4000, 3000 }, { 30, 4000, 4000 } };
	struct samples s;
	struct report r;

	samples_init(&s, 2);
	add_run(&s, run1, 1000, 0, 0, 0, 0);
	add_run(&s, run2, 1000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 2, false, NULL);
	assert_close(stats_mean(&r.rows[0].stats), 3000.0);
	assert_close(r.rows[0].stats.min, 2000.0);
	assert_close(r.rows[0].stats.max, 4000.0);
	assert_close(r.rows[0].running_pct, 200.0 / 3.0);
	assert_close(stats_mean(&r.rows[1].stats), 20.0);
	assert_close(r.rows[1].running_pct, 100.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/* Run 2 never put the counter on the PMU (running 0): it is left out of the statistics,
 * but its enabled time still counts against running_pct.
 * Runs 500 and 700: mean 600, median 600, runs_counted 2; running 2000 of 3000 ns. */
START_TEST(test_build_run_not_running_left_out)
{
	const struct report_event ev[] = {
		{ .name = "branches", .generic = "branches", .supported = true },
	};
	const struct sample_count c1 = { 500, 1000, 1000 }, c2 = { 0, 1000, 0 },
				  c3 = { 700, 1000, 1000 };
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	add_run(&s, &c1, 1000, 0, 0, 0, 0);
	add_run(&s, &c2, 1000, 0, 0, 0, 0);
	add_run(&s, &c3, 1000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 3, false, NULL);
	ck_assert_int_eq(r.rows[0].state, REPORT_COUNTED);
	ck_assert_uint_eq(r.runs_done, 3);
	ck_assert_uint_eq(r.rows[0].runs_counted, 2);
	ck_assert_uint_eq(r.rows[0].stats.n, 2);
	assert_close(stats_mean(&r.rows[0].stats), 600.0);
	assert_close(r.rows[0].median, 600.0);
	assert_close(r.rows[0].running_pct, 200.0 / 3.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/* Never on a counter in any run: not counted, no statistics, no metrics; an unsupported
 * event is not supported whatever its (zero) readings say. */
START_TEST(test_build_not_counted_and_not_supported)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true },
		{ .name = "instructions", .generic = "instructions", .supported = false },
		{ .name = "task-clock", .generic = "task-clock", .supported = true },
	};
	const struct sample_count run[] = { { 0, 5000, 0 }, { 0, 0, 0 }, { 2000000, 5000, 5000 } };
	struct hp_err err = { .msg = "" };
	struct metric_set *set = metric_set_builtin(&err);
	struct samples s;
	struct report r;

	ck_assert_ptr_nonnull(set);
	samples_init(&s, 3);
	add_run(&s, run, 4000000, 0, 0, 0, 0);
	add_run(&s, run, 4000000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 2, false, set);
	ck_assert_int_eq(r.rows[0].state, REPORT_NOT_COUNTED);
	ck_assert_uint_eq(r.rows[0].runs_counted, 0);
	ck_assert_uint_eq(r.rows[0].stats.n, 0);
	ck_assert(isnan(r.rows[0].median));
	assert_close(r.rows[0].running_pct, 0.0);
	ck_assert_uint_eq(r.rows[0].n_metrics, 0);
	ck_assert_int_eq(r.rows[1].state, REPORT_NOT_SUPPORTED);
	ck_assert_uint_eq(r.rows[1].n_metrics, 0);
	/* task-clock 2 ms of 4 ms elapsed = 0.5 CPUs utilized */
	ck_assert_int_eq(r.rows[2].state, REPORT_COUNTED);
	ck_assert_uint_eq(r.rows[2].n_metrics, 1);
	assert_close(r.rows[2].metrics[0].value, 0.5);
	report_release(&r);
	samples_release(&s);
	metric_set_free(set);
}
END_TEST

/* Kernel counting refused: the display name says so; added partners are flagged. */
START_TEST(test_build_user_only_and_added)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true, .user_only = true },
		{ .name = "instructions", .generic = "instructions", .supported = true,
		  .added = true },
	};
	const struct sample_count run[] = { { 100, 10, 10 }, { 250, 10, 10 } };
	struct hp_err err = { .msg = "" };
	struct metric_set *set = metric_set_builtin(&err);
	struct samples s;
	struct report r;

	ck_assert_ptr_nonnull(set);
	samples_init(&s, 2);
	add_run(&s, run, 1000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 1, false, set);
	ck_assert_str_eq(r.rows[0].name, "cycles:u");
	ck_assert(!r.rows[0].added);
	ck_assert_str_eq(r.rows[1].name, "instructions");
	ck_assert(r.rows[1].added);
	ck_assert(r.any_added);
	/* 250 / 100 = 2.5 insn per cycle (both of mode ALL as far as metrics go) */
	ck_assert_uint_eq(r.rows[1].n_metrics, 1);
	assert_close(r.rows[1].metrics[0].value, 2.5);
	ck_assert_str_eq(r.rows[1].metrics[0].unit, "insn per cycle");
	report_release(&r);
	samples_release(&s);
	metric_set_free(set);
}
END_TEST


/*
 * A quantity that cannot be negative never gets a negative bound: page faults 10, 10, 1000
 * (mean 340, stddev sqrt(((-330)^2 * 2 + 660^2) / 2) = sqrt(326700) = 571.58...), SEM
 * 571.58 / sqrt(3) = 330, t(0.975, 2) = 4.3027: 340 - 1419.9 < 0, so the low bound is 0 and
 * the high one 340 + 4.3027 * 330 = 1759.9. The elapsed time, 0.01, 0.01, 1.0 s, alike.
 */
START_TEST(test_ci_never_below_zero)
{
	const struct report_event ev[] = { { .name = "page-faults", .generic = "page-faults",
					     .supported = true } };
	const struct sample_count low[] = { { 10, 10, 10 } }, high[] = { { 1000, 10, 10 } };
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	add_run(&s, low, 10000000, 0, 0, 0, 0);
	add_run(&s, low, 10000000, 0, 0, 0, 0);
	add_run(&s, high, 1000000000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 3, false, NULL);
	ck_assert(r.rows[0].ci95_low == 0.0);
	ck_assert_msg(fabs(r.rows[0].ci95_high - (340 + 4.302652730 * 330)) < 0.01, "high %.6f",
		      r.rows[0].ci95_high);
	ck_assert(r.wall_s.ci95_low == 0.0);
	ck_assert(r.wall_s.ci95_high > 1.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/*
 * Each run's metric from its own counts, for comparisons: cycles 100 and 200, instructions
 * 150 and 200 give 1.5 and 1.0 insn per cycle (mean 1.25, stddev sqrt(0.125) = 0.35355...),
 * while the metric beside the row stays the ratio of the means, 175 / 150 = 1.1666...
 */
START_TEST(test_metric_per_run)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true },
		{ .name = "instructions", .generic = "instructions", .supported = true },
	};
	const struct sample_count run1[] = { { 100, 10, 10 }, { 150, 10, 10 } };
	const struct sample_count run2[] = { { 200, 10, 10 }, { 200, 10, 10 } };
	struct hp_err err = { .msg = "" };
	struct metric_set *set = metric_set_builtin(&err);
	struct samples s;
	struct report r;

	ck_assert_ptr_nonnull(set);
	samples_init(&s, 2);
	add_run(&s, run1, 1000, 0, 0, 0, 0);
	add_run(&s, run2, 1000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 2, false, set);
	ck_assert_uint_eq(r.rows[1].n_metrics, 1);
	assert_close(r.rows[1].metrics[0].value, 175.0 / 150.0);
	assert_close(r.rows[1].metric_runs[0].per_run[0], 1.5);
	assert_close(r.rows[1].metric_runs[0].per_run[1], 1.0);
	ck_assert_uint_eq(r.rows[1].metric_runs[0].stats.n, 2);
	assert_close(stats_mean(&r.rows[1].metric_runs[0].stats), 1.25);
	assert_close(stats_stddev(&r.rows[1].metric_runs[0].stats), sqrt(0.125));
	report_release(&r);
	samples_release(&s);
	metric_set_free(set);
}
END_TEST

/*
 * Run times in seconds: wall 1.0, 1.1, 1.2 s -> mean 1.1, stddev 0.1; user 0.5, 0.6, 0.7
 * -> 0.6; sys 0.01, 0.02, 0.03 -> 0.02. Peak RSS the largest, 2048. Exit codes 0, 1, 137
 * -> two runs failed.
 */
START_TEST(test_build_times_and_failures)
{
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	const struct sample_count c = { 1, 1, 1 };
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	add_run(&s, &c, 1000000000, 500000000, 10000000, 1024, 0);
	add_run(&s, &c, 1100000000, 600000000, 20000000, 2048, 1);
	add_run(&s, &c, 1200000000, 700000000, 30000000, 512, 137);
	build(&r, command_true, ev, &s, 5, true, NULL);
	ck_assert_uint_eq(r.runs_requested, 5);
	ck_assert_uint_eq(r.runs_done, 3);
	ck_assert(r.interrupted);
	ck_assert_uint_eq(r.runs_failed, 2);
	ck_assert_uint_eq(r.wall_s.stats.n, 3);
	assert_close(stats_mean(&r.wall_s.stats), 1.1);
	assert_close(stats_stddev(&r.wall_s.stats), 0.1);
	assert_close(stats_mean(&r.user_s.stats), 0.6);
	assert_close(stats_mean(&r.sys_s.stats), 0.02);
	assert_close(r.max_rss_kb.stats.max, 2048.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/* Clocks count ns and are shown in msec: 1500000 and 2500000 ns -> 1.5 and 2.5 msec, mean
 * 2.0 msec; cpu-clock likewise; other events keep their unit of 1. */
START_TEST(test_build_clock_in_msec)
{
	const struct report_event ev[] = {
		{ .name = "task-clock", .generic = "task-clock", .supported = true },
		{ .name = "cpu-clock", .generic = "cpu-clock", .supported = true },
		{ .name = "r003c", .generic = NULL, .supported = true },
	};
	const struct sample_count run1[] = { { 1500000, 9, 9 }, { 1000000, 9, 9 }, { 7, 9, 9 } };
	const struct sample_count run2[] = { { 2500000, 9, 9 }, { 3000000, 9, 9 }, { 9, 9, 9 } };
	struct samples s;
	struct report r;

	samples_init(&s, 3);
	add_run(&s, run1, 1000, 0, 0, 0, 0);
	add_run(&s, run2, 1000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 2, false, NULL);
	ck_assert_str_eq(r.rows[0].unit, "msec");
	assert_close(r.rows[0].unit_scale, 1e-6);
	assert_close(stats_mean(&r.rows[0].stats), 2.0);
	assert_close(r.rows[0].stats.min, 1.5);
	assert_close(r.rows[0].median, 2.0);
	ck_assert_str_eq(r.rows[1].unit, "msec");
	assert_close(stats_mean(&r.rows[1].stats), 2.0);
	ck_assert_str_eq(r.rows[2].unit, "");
	assert_close(stats_mean(&r.rows[2].stats), 8.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/* No runs at all (Ctrl-C before the first ended): an empty report, every row not counted. */
START_TEST(test_build_no_runs)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true },
	};
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	build(&r, command_true, ev, &s, 3, true, NULL);
	ck_assert_uint_eq(r.runs_done, 0);
	ck_assert_uint_eq(r.n_rows, 1);
	ck_assert_int_eq(r.rows[0].state, REPORT_NOT_COUNTED);
	ck_assert_uint_eq(r.wall_s.stats.n, 0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/* ---------------------------------------------------------------- output_text */

/* The text report as hpstat prints it by default. */
static char *render(const struct report *r)
{
	return fixture_render(output_text_write, r, &(struct output_options){ .big_num = true });
}

/* Compares line by line, so a failure names the first line that differs; frees got. */
static void assert_lines(char *got, const char *want)
{
	const char *g = got, *w = want;
	int line = 1;

	while (*g || *w) {
		size_t gl = strcspn(g, "\n"), wl = strcspn(w, "\n");

		ck_assert_msg(gl == wl && memcmp(g, w, gl) == 0 && g[gl] == w[wl],
			      "line %d:\n got: '%.*s'\nwant: '%.*s'", line, (int)gl, g, (int)wl,
			      w);
		g += gl + (g[gl] ? 1 : 0);
		w += wl + (w[wl] ? 1 : 0);
		line++;
	}
	free(got);
}

static void assert_text(const struct report *r, const char *want)
{
	assert_lines(render(r), want);
}

/* A fixed report, filled by hand: rows with their per-run values (in the shown unit). */
struct fixed_row {
	const char *name;
	enum report_state state;
	bool clock;
	const double *values;
	size_t n_values;
	double running_pct;
	bool added;
	struct metric_value metrics[METRIC_MAX_PER_ROW];
	size_t n_metrics;
};

#define ROW(name_, state_, clock_, values_, n_values_, running_pct_, added_)              \
	.name = (name_), .state = (state_), .clock = (clock_), .values = (values_),        \
	.n_values = (n_values_), .running_pct = (running_pct_), .added = (added_)

static void fixed_report(struct report *r, const char *command, size_t requested, bool interrupted,
			 const struct fixed_row *rows, size_t n_rows, const double *wall,
			 const double *user, const double *sys, size_t runs)
{
	size_t i, k;

	memset(r, 0, sizeof(*r));
	r->command = strdup(command);
	r->runs_requested = requested;
	r->runs_done = runs;
	r->interrupted = interrupted;
	stats_init(&r->wall_s.stats);
	stats_init(&r->user_s.stats);
	stats_init(&r->sys_s.stats);
	for (k = 0; k < runs; k++) {
		stats_add(&r->wall_s.stats, wall[k]);
		stats_add(&r->user_s.stats, user[k]);
		stats_add(&r->sys_s.stats, sys[k]);
	}
	r->rows = calloc(n_rows ? n_rows : 1, sizeof(*r->rows));
	r->n_rows = n_rows;
	for (i = 0; i < n_rows; i++) {
		struct report_row *row = &r->rows[i];

		row->name = strdup(rows[i].name);
		row->state = rows[i].state;
		row->added = rows[i].added;
		r->any_added |= rows[i].added;
		snprintf(row->unit, sizeof(row->unit), "%s", rows[i].clock ? "msec" : "");
		row->unit_scale = rows[i].clock ? 1e-6 : 1.0;
		stats_init(&row->stats);
		for (k = 0; k < rows[i].n_values; k++)
			stats_add(&row->stats, rows[i].values[k]);
		row->runs_counted = rows[i].n_values;
		row->running_pct = rows[i].running_pct;
		memcpy(row->metrics, rows[i].metrics, sizeof(row->metrics));
		row->n_metrics = rows[i].n_metrics;
	}
}

/*
 * Column rule (REFERENCE.md): value right-aligned in 18, a space, the unit in 4, a space,
 * the name, padded to 32 when a metric, noise or percentage follows; the metric (" # ",
 * number, unit) is padded to 35 when more follows, as perf's (see
 * test_text_noise_column_as_perf). Time lines right-align the seconds in 18, as perf's (see
 * test_text_elapsed_column_as_perf). Columns, 1-based:
 *
 *          1         2         3         4         5         6         7         8         9
 * 123456789012345678901234567890123456789012345678901234567890123456789012345678901
 *               0.52 msec task-clock                       #    0.347 CPUs utilized
 */

static const double one_wall[] = { 0.0015 }, one_user[] = { 0.000412 }, one_sys[] = { 0.0 };

/* One run: no noise column, elapsed with 9 decimals, then user and sys. task-clock 0.52 msec
 * in 1.5 ms elapsed = 0.347 CPUs; 45 faults in 0.52 ms = 86.538 K/sec; 1234567 branches. */
START_TEST(test_text_single_run)
{
	static const double tc[] = { 0.52 }, pf[] = { 45 }, br[] = { 1234567 }, cs[] = { 0 };
	const struct fixed_row rows[] = {
		{ ROW("task-clock", REPORT_COUNTED, true, tc, 1, 100.0, false),
		  .metrics = { { 0.34666666, "CPUs utilized", 3, false } }, .n_metrics = 1 },
		{ ROW("context-switches", REPORT_COUNTED, false, cs, 1, 100.0, false),
		  .metrics = { { 0.0, "/sec", 3, false } }, .n_metrics = 1 },
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 1, 100.0, false),
		  .metrics = { { 86.538461538, "K/sec", 3, false } }, .n_metrics = 1 },
		{ ROW("branches", REPORT_COUNTED, false, br, 1, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "true", 1, false, rows, 4, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'true':\n"
		    "\n"
		    "              0.52 msec task-clock                       #    0.347 CPUs utilized\n"
		    "                 0      context-switches                 #    0.000 /sec\n"
		    "                45      page-faults                      #   86.538 K/sec\n"
		    "         1,234,567      branches\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/*
 * Three runs with noise. page-faults 100 110 120: mean 110, stddev 10, SEM 10/sqrt(3) =
 * 5.7735, SEM% = 5.7735 / 110 * 100 = 5.2486 -> " 5.25". task-clock 2 2 2 msec: SEM 0 ->
 * " 0.00"; its metric padded to 36. Wall 1.0 1.1 1.2: mean 1.1, SEM 0.1/sqrt(3) = 0.057735;
 * -log10(0.0577) = 1.24 -> 2 + 2 = 4 decimals: "1.1000 +- 0.0577", SEM% 5.2486 -> " 5.25".
 * user 0.5 0.6 0.7 -> 0.6; sys 0.01 0.02 0.03 -> 0.02.
 */
START_TEST(test_text_three_runs)
{
	static const double tc[] = { 2, 2, 2 }, pf[] = { 100, 110, 120 };
	static const double wall[] = { 1.0, 1.1, 1.2 }, user[] = { 0.5, 0.6, 0.7 },
			    sys[] = { 0.01, 0.02, 0.03 };
	const struct fixed_row rows[] = {
		{ ROW("task-clock", REPORT_COUNTED, true, tc, 3, 100.0, false),
		  .metrics = { { 0.0018181818, "CPUs utilized", 3, false } }, .n_metrics = 1 },
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 3, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "sleep 1", 3, false, rows, 2, wall, user, sys, 3);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'sleep 1' (3 runs):\n"
		    "\n"
		    "              2.00 msec task-clock                       #    0.002 CPUs utilized            ( +-  0.00% )\n"
		    "               110      page-faults                                                          ( +-  5.25% )\n"
		    "\n"
		    "            1.1000 +- 0.0577 seconds time elapsed  ( +-  5.25% )\n"
		    "\n"
		    "       0.600000000 seconds user\n"
		    "       0.020000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* A counter that ran half the time it was enabled, in one run: the percentage follows the
 * padded metric (or an empty metric column). */
START_TEST(test_text_multiplexed)
{
	static const double cy[] = { 2000000 }, in[] = { 3000000 };
	const struct fixed_row rows[] = {
		{ ROW("cycles", REPORT_COUNTED, false, cy, 1, 50.0, false) },
		{ ROW("instructions", REPORT_COUNTED, false, in, 1, 50.0, false),
		  .metrics = { { 1.5, "insn per cycle", 2, false } }, .n_metrics = 1 },
	};
	struct report r;

	fixed_report(&r, "./a.out", 1, false, rows, 2, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for './a.out':\n"
		    "\n"
		    "         2,000,000      cycles                                                               (50.00%)\n"
		    "         3,000,000      instructions                     #     1.50 insn per cycle           (50.00%)\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* Not supported and not counted use the value field; a clock keeps its unit. */
START_TEST(test_text_not_supported)
{
	static const double pf[] = { 73 };
	const struct fixed_row rows[] = {
		{ ROW("cycles", REPORT_NOT_SUPPORTED, false, NULL, 0, 0.0, false) },
		{ ROW("task-clock", REPORT_NOT_COUNTED, true, NULL, 0, 0.0, false) },
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 1, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "ls -l", 1, false, rows, 3, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'ls -l':\n"
		    "\n"
		    "   <not supported>      cycles\n"
		    "     <not counted> msec task-clock\n"
		    "                73      page-faults\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* An added partner is marked after its name, inside the 32 columns, and explained once. */
START_TEST(test_text_added)
{
	static const double cy[] = { 1000 }, in[] = { 2500 };
	const struct fixed_row rows[] = {
		{ ROW("cycles", REPORT_COUNTED, false, cy, 1, 100.0, false) },
		{ ROW("instructions", REPORT_COUNTED, false, in, 1, 100.0, true),
		  .metrics = { { 2.5, "insn per cycle", 2, false } }, .n_metrics = 1 },
	};
	struct report r;

	fixed_report(&r, "true", 1, false, rows, 2, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'true':\n"
		    "\n"
		    "             1,000      cycles\n"
		    "             2,500      instructions [added]             #     2.50 insn per cycle\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n"
		    " [added]: counted by hpstat for a derived metric (--no-metrics leaves it out)\n"
		    "\n");
	report_release(&r);
}
END_TEST

/*
 * Ctrl-C during -r 5 after two runs: "(2 of 5 runs)". Faults 10 and 10: SEM 0 -> 0.00%.
 * Wall 0.5 and 0.8: mean 0.65, M2 = 2 * 0.15^2 = 0.045, stddev sqrt(0.045) = 0.212132,
 * SEM sqrt(0.045 / 2) = 0.15; -log10(0.15) = 0.82 -> 1 + 2 = 3 decimals; SEM% 100 * 0.15 /
 * 0.65 = 23.077. One run exited non-zero.
 */
START_TEST(test_text_interrupted)
{
	static const double pf[] = { 10, 10 };
	static const double wall[] = { 0.5, 0.8 }, user[] = { 0.25, 0.25 }, sys[] = { 0, 0 };
	const struct fixed_row rows[] = {
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 2, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "make -j8", 5, true, rows, 1, wall, user, sys, 2);
	r.runs_failed = 1;
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'make -j8' (2 of 5 runs):\n"
		    "\n"
		    "                10      page-faults                                                          ( +-  0.00% )\n"
		    "\n"
		    "             0.650 +- 0.150 seconds time elapsed  ( +- 23.08% )\n"
		    "\n"
		    "       0.250000000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n"
		    " 1 of 2 runs exited non-zero\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* Ctrl-C during the first of 5 runs: the cut-short run is all there is, and the header says
 * so rather than pass it off as a whole run. */
START_TEST(test_text_interrupted_first_run)
{
	static const double pf[] = { 7 };
	static const double wall[] = { 0.25 }, user[] = { 0.125 }, sys[] = { 0 };
	const struct fixed_row rows[] = {
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 1, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "make", 5, true, rows, 1, wall, user, sys, 1);
	r.partial_run = true;
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'make' (1 of 5 runs, cut short):\n"
		    "\n"
		    "                 7      page-faults\n"
		    "\n"
		    "       0.250000000 seconds time elapsed\n"
		    "\n"
		    "       0.125000000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* A single run stopped by Ctrl-C says "(interrupted)". */
START_TEST(test_text_interrupted_single)
{
	static const double pf[] = { 3 };
	const struct fixed_row rows[] = {
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 1, 100.0, false) },
	};
	struct report r;

	fixed_report(&r, "sleep 9", 1, true, rows, 1, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'sleep 9' (interrupted):\n"
		    "\n"
		    "                 3      page-faults\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* Percent metrics: "%7.2f%%" then the unit, so the % sits where %8.2f's last digit would;
 * a second metric goes on its own line under the first. 2.5% of all branches; IPC 2 and
 * 0.25 stalled cycles per insn. */
START_TEST(test_text_metric_percent)
{
	static const double bm[] = { 25 }, in[] = { 2000 };
	const struct fixed_row rows[] = {
		{ ROW("branch-misses", REPORT_COUNTED, false, bm, 1, 100.0, false),
		  .metrics = { { 2.5, "of all branches", 2, true } }, .n_metrics = 1 },
		{ ROW("instructions", REPORT_COUNTED, false, in, 1, 100.0, false),
		  .metrics = { { 2.0, "insn per cycle", 2, false },
			       { 0.25, "stalled cycles per insn", 2, false } },
		  .n_metrics = 2 },
	};
	struct report r;

	fixed_report(&r, "true", 1, false, rows, 2, one_wall, one_user, one_sys, 1);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'true':\n"
		    "\n"
		    "                25      branch-misses                    #    2.50% of all branches\n"
		    "             2,000      instructions                     #     2.00 insn per cycle\n"
		    "                                                         #     0.25 stalled cycles per insn\n"
		    "\n"
		    "       0.001500000 seconds time elapsed\n"
		    "\n"
		    "       0.000412000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* REFERENCE.md's perf line puts '(' of the noise at offset 93 (0-based): name ends at 56,
 * then 35 columns of metric and two spaces. */
START_TEST(test_text_noise_column_as_perf)
{
	static const double tc[] = { 1.20, 1.22, 1.24 };
	static const double wall[] = { 1, 1, 1 }, zero[] = { 0, 0, 0 };
	const struct fixed_row rows[] = {
		{ ROW("task-clock", REPORT_COUNTED, true, tc, 3, 100.0, false),
		  .metrics = { { 0.023, "CPUs utilized", 3, false } }, .n_metrics = 1 },
	};
	const char *perf = "              1.22 msec task-clock                       #    0.023 "
			   "CPUs utilized            ( +-  3.23% )";
	struct report r;
	char *text, *line;

	fixed_report(&r, "sleep 0.05", 3, false, rows, 1, wall, zero, zero, 3);
	text = render(&r);
	line = strstr(text, "task-clock") - 24;
	ck_assert_msg(strchr(line, '(') - line == strchr(perf, '(') - perf,
		      "noise '(' at %td, perf's at %td:\n'%.*s'\n'%s'", strchr(line, '(') - line,
		      strchr(perf, '(') - perf, (int)strcspn(line, "\n"), line, perf);
	free(text);
	report_release(&r);
}
END_TEST

/* perf right-aligns the elapsed seconds with the counts, ending at column 18:
 * "          0.052207 +- 0.000185 seconds time elapsed". */
START_TEST(test_text_elapsed_column_as_perf)
{
	static const double wall[] = { 0.002 }, zero[] = { 0 };
	struct report r;
	char *text;
	const char *line;

	fixed_report(&r, "true", 1, false, NULL, 0, wall, zero, zero, 1);
	text = render(&r);
	line = strstr(text, "0.002000000 seconds time elapsed");
	ck_assert_ptr_nonnull(line);
	ck_assert_msg(line - text >= 8 && strncmp(line - 8, "\n       ", 8) == 0,
		      "elapsed value does not end at column 18:\n%s", text);
	free(text);
	report_release(&r);
}
END_TEST

static void assert_digits(double value, int decimals, const char *want)
{
	char buf[64];

	ck_assert_str_eq(output_text_group_digits(buf, sizeof(buf), value, decimals), want);
}

START_TEST(test_group_digits)
{
	char buf[64];

	assert_digits(0, 0, "0");
	assert_digits(0, 2, "0.00");
	assert_digits(999, 0, "999");
	assert_digits(1000, 0, "1,000");
	assert_digits(999999, 0, "999,999");
	assert_digits(1000000, 0, "1,000,000");
	assert_digits(1234567.891, 2, "1,234,567.89");
	assert_digits(1234567.891, 0, "1,234,568");
	assert_digits(12345.5, 0, "12,346"); /* round half to even: 12345.5 -> 12346 */
	assert_digits(999.996, 2, "1,000.00");
	assert_digits(-1, 0, "-1");
	assert_digits(-999, 0, "-999");
	assert_digits(-1000, 0, "-1,000");
	assert_digits(-1234567.891, 2, "-1,234,567.89");
	assert_digits(-0.5, 2, "-0.50");
	assert_digits(1e15, 0, "1,000,000,000,000,000");
	ck_assert_ptr_eq(output_text_group_digits(buf, sizeof(buf), 5, 0), buf);
}
END_TEST

/* A derived metric set by hand, as metric_compute would give it. */
static struct metric_value metric(double value, const char *unit, int decimals, bool percent)
{
	return (struct metric_value){ .value = value, .unit = unit, .decimals = decimals,
				      .percent = percent };
}

/* ---------------------------------------------------------------- --stats, --per-run */

/*
 * Three runs through report_build, for the --stats and --per-run goldens:
 *   task-clock  2.0, 2.5, 3.0 msec: mean 2.5, stddev 0.5, SEM 0.5/sqrt(3) = 0.288675,
 *               SEM% 11.547 -> "11.55"; t95(2) = 4.3026527297 -> half 1.242069, CI [1.257931,
 *               3.742069]; two significant digits of 0.5 -> 2 decimals: [1.26, 3.74].
 *   page-faults 1050, 1053, 1056: mean 1053, stddev 3, SEM sqrt(3) = 1.732051, SEM% 0.1645
 *               -> "0.16"; half 4.3026527297 * 1.732051 = 7.452413, CI [1045.547587,
 *               1060.452413];
 *               stddev 3 -> 1 decimal: "3.0", [1,045.5, 1,060.5].
 *   cycles      not supported.
 *   branches    run 1: 1000 in 1000 of 2000 ns -> 2000; run 2 never ran; run 3: 3000 in
 *               2000 of 2000 -> 3000. Mean 2500, stddev 707.107, SEM 500 -> 20.00%;
 *               running 3000 of 6000 ns = 50.00%; t95(1) = 12.7062047362 -> half 6353.10, CI
 *               [-3853.10, 8853.10], its low bound raised to 0 (a count is never
 *               negative); stddev 707 -> 0 decimals: [0, 8853]. 2 of 3 runs
 *               counted.
 *   elapsed     1.0, 1.2, 1.4 s: mean 1.2, stddev 0.2, SEM 0.115470 -> 3 decimals:
 *               "1.200 +- 0.115", SEM% 9.6225 -> " 9.62"; half 4.3026527297 * 0.115470 =
 *               0.496828, CI [0.703172, 1.696828]; stddev 0.2 -> 2 decimals: [0.70, 1.70].
 *   user 0.5, 0.6, 0.7 -> 0.6; sys 0; exit codes 0, 1, 137 -> 2 of 3 runs failed.
 */
static const struct report_event stats_events[] = {
	{ .name = "task-clock", .generic = "task-clock", .supported = true },
	{ .name = "page-faults", .generic = "page-faults", .supported = true },
	{ .name = "cycles", .generic = "cycles", .supported = false },
	{ .name = "branches", .generic = "branches", .supported = true },
};

static void stats_report(struct report *r)
{
	static const struct sample_count counts[3][4] = {
		{ { 2000000, 2000000, 2000000 }, { 1050, 1000, 1000 }, { 0, 0, 0 },
		  { 1000, 2000, 1000 } },
		{ { 2500000, 2500000, 2500000 }, { 1053, 1000, 1000 }, { 0, 0, 0 },
		  { 0, 2000, 0 } },
		{ { 3000000, 3000000, 3000000 }, { 1056, 1000, 1000 }, { 0, 0, 0 },
		  { 3000, 2000, 2000 } },
	};
	static const int exits[] = { 0, 1, 137 };
	struct samples s;
	size_t run;

	samples_init(&s, 4);
	for (run = 0; run < 3; run++)
		add_run(&s, counts[run], 1000000000 + 200000000 * run, 500000000 + 100000000 * run,
			0, 1000, exits[run]);
	build(r, command_true, stats_events, &s, 3, false, NULL);
	samples_release(&s);
}

/* Compares got from the first occurrence of marker on; frees got. */
static void assert_from(char *got, const char *marker, const char *want)
{
	const char *at = strstr(got, marker);

	ck_assert_msg(at != NULL, "'%s' not in:\n%s", marker, got);
	assert_lines(strdup(at), want);
	free(got);
}

static const char stats_text_head[] =
	"\n"
	" Performance counter stats for 'true' (3 runs):\n"
	"\n";

START_TEST(test_text_stats)
{
	struct report r;

	stats_report(&r);
	assert_lines(
		fixture_render(output_text_write, &r,
			       &(struct output_options){ .stats = true, .big_num = true }),
		"\n"
		" Performance counter stats for 'true' (3 runs):\n"
		"\n"
		"              2.50 msec task-clock                                                           ( +- 11.55% )\n"
		"                        stddev 0.50  min 2.00  median 2.50  max 3.00  95% CI [1.26, 3.74]\n"
		"             1,053      page-faults                                                          ( +-  0.16% )\n"
		"                        stddev 3.0  min 1,050  median 1,053  max 1,056  95% CI [1,045.5, 1,060.5]\n"
		"   <not supported>      cycles\n"
		"             2,500      branches                                                             ( +- 20.00% )  (50.00%)\n"
		"                        stddev 707  min 2,000  median 2,500  max 3,000  95% CI [0, 8,853]  (2 of 3 runs)\n"
		"\n"
		"             1.200 +- 0.115 seconds time elapsed  ( +-  9.62% )\n"
		"                        stddev 0.20  min 1.00  median 1.20  max 1.40  95% CI [0.70, 1.70]\n"
		"\n"
		"       0.600000000 seconds user\n"
		"       0.000000000 seconds sys\n"
		"\n"
		" 2 of 3 runs exited non-zero\n"
		"\n"
		" warning: run times vary by 16.7% (relative standard deviation): too noisy to trust "
		"the mean; measure on a quiet machine or with more runs (-r)\n"
		"\n");
	report_release(&r);
}
END_TEST

/* One line per run: a counted event per column (its unit in the title), the run that did not
 * count branches shows "-", not-supported cycles has no column; elapsed with 6 decimals. */
static const char stats_per_run_table[] =
	"\n"
	" Per-run values:\n"
	"\n"
	" run  task-clock (msec)  page-faults  branches  elapsed (s)  exit\n"
	"   1               2.00        1,050     2,000     1.000000     0\n"
	"   2               2.50        1,053         -     1.200000     1\n"
	"   3               3.00        1,056     3,000     1.400000   137\n";

START_TEST(test_text_per_run)
{
	struct report r;
	char want[4096];

	stats_report(&r);
	snprintf(want, sizeof(want), "%s%s%s%s%s", stats_text_head,
		 "              2.50 msec task-clock                                                           ( +- 11.55% )\n"
		 "             1,053      page-faults                                                          ( +-  0.16% )\n"
		 "   <not supported>      cycles\n"
		 "             2,500      branches                                                             ( +- 20.00% )  (50.00%)\n"
		 "\n"
		 "             1.200 +- 0.115 seconds time elapsed  ( +-  9.62% )\n"
		 "\n"
		 "       0.600000000 seconds user\n"
		 "       0.000000000 seconds sys\n",
		 "\n"
		 " 2 of 3 runs exited non-zero\n"
		 "\n"
		 " warning: run times vary by 16.7% (relative standard deviation): too noisy to "
		 "trust the mean; measure on a quiet machine or with more runs (-r)\n",
		 stats_per_run_table, "\n");
	assert_lines(fixture_render(output_text_write, &r,
				    &(struct output_options){ .per_run = true, .big_num = true }),
		     want);
	report_release(&r);
}
END_TEST

/* --no-big-num: no separator anywhere, the stats line and the table included. */
START_TEST(test_text_no_big_num)
{
	struct report r;

	stats_report(&r);
	assert_lines(
		fixture_render(output_text_write, &r,
			       &(struct output_options){ .stats = true, .per_run = true }),
		"\n"
		" Performance counter stats for 'true' (3 runs):\n"
		"\n"
		"              2.50 msec task-clock                                                           ( +- 11.55% )\n"
		"                        stddev 0.50  min 2.00  median 2.50  max 3.00  95% CI [1.26, 3.74]\n"
		"              1053      page-faults                                                          ( +-  0.16% )\n"
		"                        stddev 3.0  min 1050  median 1053  max 1056  95% CI [1045.5, 1060.5]\n"
		"   <not supported>      cycles\n"
		"              2500      branches                                                             ( +- 20.00% )  (50.00%)\n"
		"                        stddev 707  min 2000  median 2500  max 3000  95% CI [0, 8853]  (2 of 3 runs)\n"
		"\n"
		"             1.200 +- 0.115 seconds time elapsed  ( +-  9.62% )\n"
		"                        stddev 0.20  min 1.00  median 1.20  max 1.40  95% CI [0.70, 1.70]\n"
		"\n"
		"       0.600000000 seconds user\n"
		"       0.000000000 seconds sys\n"
		"\n"
		" 2 of 3 runs exited non-zero\n"
		"\n"
		" warning: run times vary by 16.7% (relative standard deviation): too noisy to trust "
		"the mean; measure on a quiet machine or with more runs (-r)\n"
		"\n"
		" Per-run values:\n"
		"\n"
		" run  task-clock (msec)  page-faults  branches  elapsed (s)  exit\n"
		"   1               2.00         1050      2000     1.000000     0\n"
		"   2               2.50         1053         -     1.200000     1\n"
		"   3               3.00         1056      3000     1.400000   137\n"
		"\n");
	report_release(&r);
}
END_TEST

/*
 * Thousands everywhere, one run: 1234567 page faults with a (made-up) metric of 1234.5
 * M/sec, 1234.5 s elapsed, 1000.25 s user. With one run stddev and the CI are undefined
 * ("-"); min = median = max; the elapsed statistics keep its 9 decimals.
 */
static void big_report(struct report *r)
{
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	const struct sample_count c = { 1234567, 1000, 1000 };
	struct samples s;

	samples_init(&s, 1);
	add_run(&s, &c, 1234500000000, 1000250000000, 0, 1000, 0);
	build(r, command_true, ev, &s, 1, false, NULL);
	samples_release(&s);
	r->rows[0].metrics[0] = metric(1234.5, "M/sec", 3, false);
	r->rows[0].n_metrics = 1;
}

START_TEST(test_text_big_num_everywhere)
{
	const struct output_options both = { .stats = true, .per_run = true, .big_num = true };
	struct report r;

	big_report(&r);
	assert_lines(fixture_render(output_text_write, &r, &both),
		     "\n"
		     " Performance counter stats for 'true':\n"
		     "\n"
		     "         1,234,567      page-faults                      # 1,234.500 M/sec\n"
		     "                        stddev -  min 1,234,567  median 1,234,567  max 1,234,567  95% CI -\n"
		     "\n"
		     "   1,234.500000000 seconds time elapsed\n"
		     "                        stddev -  min 1,234.500000000  median 1,234.500000000  max 1,234.500000000  95% CI -\n"
		     "\n"
		     "   1,000.250000000 seconds user\n"
		     "       0.000000000 seconds sys\n"
		     "\n"
		     " Per-run values:\n"
		     "\n"
		     " run  page-faults   elapsed (s)  exit\n"
		     "   1    1,234,567  1,234.500000     0\n"
		     "\n");
	assert_lines(fixture_render(output_text_write, &r,
				    &(struct output_options){ .stats = true, .per_run = true }),
		     "\n"
		     " Performance counter stats for 'true':\n"
		     "\n"
		     "           1234567      page-faults                      # 1234.500 M/sec\n"
		     "                        stddev -  min 1234567  median 1234567  max 1234567  95% CI -\n"
		     "\n"
		     "    1234.500000000 seconds time elapsed\n"
		     "                        stddev -  min 1234.500000000  median 1234.500000000  max 1234.500000000  95% CI -\n"
		     "\n"
		     "    1000.250000000 seconds user\n"
		     "       0.000000000 seconds sys\n"
		     "\n"
		     " Per-run values:\n"
		     "\n"
		     " run  page-faults  elapsed (s)  exit\n"
		     "   1      1234567  1234.500000     0\n"
		     "\n");
	report_release(&r);
}
END_TEST

/*
 * Two runs of 1052 and 1053 faults: the mean 1052.5 rounds (to even) to "1,052" as the value
 * (a mean of 100 or more reads as a count), but the median of two whole counts keeps its
 * ".5". stddev 0.7071 -> 2 decimals "0.71";
 * SEM 0.5 -> 0.0475% -> " 0.05"; half 12.7062047362 * 0.5 = 6.353102, CI [1046.146898,
 * 1058.853102] -> [1,046.15, 1,058.85].
 * Wall 0.5 and 0.5 s: SEM 0, so 9 decimals, and a zero stddev keeps them.
 */
START_TEST(test_text_stats_median_between_counts)
{
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	const struct sample_count c1 = { 1052, 1, 1 }, c2 = { 1053, 1, 1 };
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	add_run(&s, &c1, 500000000, 0, 0, 0, 0);
	add_run(&s, &c2, 500000000, 0, 0, 0, 0);
	build(&r, command_true, ev, &s, 2, false, NULL);
	samples_release(&s);
	assert_lines(
		fixture_render(output_text_write, &r,
			       &(struct output_options){ .stats = true, .big_num = true }),
		"\n"
		" Performance counter stats for 'true' (2 runs):\n"
		"\n"
		"             1,052      page-faults                                                          ( +-  0.05% )\n"
		"                        stddev 0.71  min 1,052  median 1,052.5  max 1,053  95% CI [1,046.15, 1,058.85]\n"
		"\n"
		"       0.500000000 +- 0.000000000 seconds time elapsed  ( +-  0.00% )\n"
		"                        stddev 0.000000000  min 0.500000000  median 0.500000000  max 0.500000000  95% CI [0.500000000, 0.500000000]\n"
		"\n"
		"       0.000000000 seconds user\n"
		"       0.000000000 seconds sys\n"
		"\n");
	report_release(&r);
}
END_TEST

/* Eight events with long names, two runs: the columns that would pass 100 go to a second
 * block of the same runs. Widths: " run" 4, then 2 + 16, 14, 11, 12, 12, 16 -> 97; the next
 * (emulation-faults, 2 + 16) would make 115. */
START_TEST(test_text_per_run_wraps)
{
	static const char *const names[] = { "context-switches", "cpu-migrations",
					     "page-faults",	 "minor-faults",
					     "major-faults",	 "alignment-faults",
					     "emulation-faults" };
	struct report_event ev[7];
	struct sample_count c1[7], c2[7];
	struct samples s;
	struct report r;
	size_t i;

	for (i = 0; i < 7; i++) {
		ev[i] = (struct report_event){ .name = names[i], .generic = names[i],
					       .supported = true };
		c1[i] = (struct sample_count){ i, 10, 10 };
		c2[i] = (struct sample_count){ 10 * i, 10, 10 };
	}
	samples_init(&s, 7);
	add_run(&s, c1, 1000000000, 0, 0, 0, 0);
	add_run(&s, c2, 1200000000, 0, 0, 0, 3);
	build(&r, command_true, ev, &s, 2, false, NULL);
	samples_release(&s);
	assert_from(fixture_render(output_text_write, &r,
				   &(struct output_options){ .per_run = true, .big_num = true }),
		    "\n Per-run values:",
		    "\n"
		    " Per-run values:\n"
		    "\n"
		    " run  context-switches  cpu-migrations  page-faults  minor-faults  major-faults  alignment-faults\n"
		    "   1                 0               1            2             3             4                 5\n"
		    "   2                 0              10           20            30            40                50\n"
		    "\n"
		    " run  emulation-faults  elapsed (s)  exit\n"
		    "   1                 6     1.000000     0\n"
		    "   2                60     1.200000     3\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* 200 runs of 8 events with ten-digit counts: one line per run, every line within 100
 * columns. Widths: " run" 4, then 2 + 13 per event ("3,000,000,199") but 2 + 16 for
 * cache-references: six events make 97, so two blocks of 200 runs, the second holding the
 * last two events, elapsed and exit. */
START_TEST(test_text_per_run_many_runs)
{
	static const char *const names[] = { "cycles",  "instructions", "branches",
					     "branch-misses", "cache-references", "cache-misses",
					     "bus-cycles", "ref-cycles" };
	struct report_event ev[8];
	struct sample_count c[8];
	struct samples s;
	struct report r;
	size_t i, run, blocks = 0, run_lines = 0;
	char *text, *line, *save = NULL;

	for (i = 0; i < 8; i++)
		ev[i] = (struct report_event){ .name = names[i], .generic = names[i],
					       .supported = true };
	samples_init(&s, 8);
	for (run = 0; run < 200; run++) {
		for (i = 0; i < 8; i++)
			c[i] = (struct sample_count){ 3000000000u + run, 10, 10 };
		add_run(&s, c, 1000000, 0, 0, 0, 0);
	}
	build(&r, command_true, ev, &s, 200, false, NULL);
	samples_release(&s);
	text = fixture_render(output_text_write, &r,
			      &(struct output_options){ .per_run = true, .big_num = true });
	ck_assert_ptr_nonnull(strstr(text, "\n 200  3,000,000,199  3,000,000,199  3,000,000,199"
					   "  3,000,000,199     3,000,000,199  3,000,000,199\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n run     bus-cycles     ref-cycles  elapsed (s)"
					   "  exit\n"));
	ck_assert_ptr_nonnull(strstr(text, "\n 200  3,000,000,199  3,000,000,199     0.001000"
					   "     0\n"));
	line = strstr(text, "\n Per-run values:");
	ck_assert_ptr_nonnull(line);
	/* strtok_r cuts text into lines from here on */
	for (line = strtok_r(line, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned n;

		ck_assert_msg(strlen(line) <= 100, "line of %zu columns: '%s'", strlen(line), line);
		if (strncmp(line, " run  ", 6) == 0) {
			blocks++;
			run = 0;
		} else if (sscanf(line, "%u", &n) == 1) {
			ck_assert_uint_eq(n, ++run);
			run_lines++;
		}
	}
	ck_assert_uint_eq(blocks, 2);
	ck_assert_uint_eq(run_lines, 400);
	free(text);
	report_release(&r);
}
END_TEST

/* ---------------------------------------------------------------- output_perf_csv (-x) */

/*
 * One run, perf's seven fields: value, unit, event, run time ns, running %, metric value,
 * metric unit. task-clock 2.5 msec; page-faults 1053; cycles refused (perf: 0 ns, 100.00);
 * branches 1000 counted in 1000 of 3000 ns -> scaled 3000, running 33.33% (exact, where perf
 * would truncate to 33.00); branch-misses 30 with a percent metric, whose number goes without
 * its '%'; instructions enabled but never running -> not counted, 0 ns, 0.00. Metrics are
 * set by hand: 2.5 ms in 2 ms = 1.25 CPUs; 1053 / 2.5 ms = 421.2 K/sec; 30 / 3000 = 1%.
 */
static void perf_single_report(struct report *r, size_t runs_requested)
{
	const struct report_event ev[] = {
		{ .name = "task-clock", .generic = "task-clock", .supported = true },
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
		{ .name = "cycles", .generic = "cycles", .supported = false },
		{ .name = "branches", .generic = "branches", .supported = true },
		{ .name = "branch-misses", .generic = "branch-misses", .supported = true },
		{ .name = "instructions", .generic = "instructions", .supported = true },
	};
	const struct sample_count c[] = {
		{ 2500000, 2500000, 2500000 }, { 1053, 2500000, 2500000 }, { 0, 0, 0 },
		{ 1000, 3000, 1000 }, { 30, 2500000, 2500000 }, { 0, 2500000, 0 },
	};
	struct samples s;

	samples_init(&s, 6);
	add_run(&s, c, 2000000, 0, 0, 0, 0);
	build(r, command_true, ev, &s, runs_requested, runs_requested > 1, NULL);
	samples_release(&s);
	r->rows[0].metrics[0] = metric(1.25, "CPUs utilized", 3, false);
	r->rows[1].metrics[0] = metric(421.2, "K/sec", 3, false);
	r->rows[4].metrics[0] = metric(1.0, "of all branches", 2, true);
	r->rows[0].n_metrics = r->rows[1].n_metrics = r->rows[4].n_metrics = 1;
}

static const char perf_single_want[] =
	"2.50,msec,task-clock,2500000,100.00,1.250,CPUs utilized\n"
	"1053,,page-faults,2500000,100.00,421.200,K/sec\n"
	"<not supported>,,cycles,0,100.00,,\n"
	"3000,,branches,1000,33.33,,\n"
	"30,,branch-misses,2500000,100.00,1.00,of all branches\n"
	"<not counted>,,instructions,0,0.00,,\n";

static char *render_perf(const struct report *r, const char *sep)
{
	return fixture_render(output_perf_csv_write, r,
			      &(struct output_options){ .separator = sep, .big_num = true });
}

START_TEST(test_perf_csv_single_run)
{
	struct report r;

	perf_single_report(&r, 1);
	assert_lines(render_perf(&r, ","), perf_single_want);
	/* The separator is any string, as perf's; nothing else changes. */
	assert_lines(render_perf(&r, ";"),
		     "2.50;msec;task-clock;2500000;100.00;1.250;CPUs utilized\n"
		     "1053;;page-faults;2500000;100.00;421.200;K/sec\n"
		     "<not supported>;;cycles;0;100.00;;\n"
		     "3000;;branches;1000;33.33;;\n"
		     "30;;branch-misses;2500000;100.00;1.00;of all branches\n"
		     "<not counted>;;instructions;0;0.00;;\n");
	/* An event hpstat added for a metric is not printed: perf prints what was asked for. */
	r.rows[1].added = true;
	assert_lines(render_perf(&r, ","),
		     "2.50,msec,task-clock,2500000,100.00,1.250,CPUs utilized\n"
		     "<not supported>,,cycles,0,100.00,,\n"
		     "3000,,branches,1000,33.33,,\n"
		     "30,,branch-misses,2500000,100.00,1.00,of all branches\n"
		     "<not counted>,,instructions,0,0.00,,\n");
	report_release(&r);
}
END_TEST

/*
 * Three runs (stats_report): the variance field, perf's "+-" as a percentage, comes fourth;
 * empty for the refused event. Run time is the mean per run: task-clock (2 + 2.5 + 3) / 3
 * = 2.5 ms; branches (1000 + 0 + 2000) / 3 = 1000 ns, 3000 of 6000 ns = 50.00%. task-clock
 * carries a metric set by hand (2.5 ms in 1.2 s = 0.002 CPUs).
 */
START_TEST(test_perf_csv_three_runs)
{
	struct report r;

	stats_report(&r);
	r.rows[0].metrics[0] = metric(0.0020833, "CPUs utilized", 3, false);
	r.rows[0].n_metrics = 1;
	assert_lines(render_perf(&r, ","),
		     "2.50,msec,task-clock,11.55%,2500000,100.00,0.002,CPUs utilized\n"
		     "1053,,page-faults,0.16%,1000,100.00,,\n"
		     "<not supported>,,cycles,,0,100.00,,\n"
		     "2500,,branches,20.00%,1000,50.00,,\n");
	report_release(&r);
}
END_TEST

/* -r 3 stopped after one run: the variance field stays (the fields follow the options, not
 * the outcome), empty since one run has no spread. */
START_TEST(test_perf_csv_interrupted)
{
	struct report r;

	perf_single_report(&r, 3);
	assert_lines(render_perf(&r, ","),
		     "2.50,msec,task-clock,,2500000,100.00,1.250,CPUs utilized\n"
		     "1053,,page-faults,,2500000,100.00,421.200,K/sec\n"
		     "<not supported>,,cycles,,0,100.00,,\n"
		     "3000,,branches,,1000,33.33,,\n"
		     "30,,branch-misses,,2500000,100.00,1.00,of all branches\n"
		     "<not counted>,,instructions,,0,0.00,,\n");
	report_release(&r);
}
END_TEST

/* Machine output keeps its dot whatever locale the process is in. */
START_TEST(test_perf_csv_decimal_comma_locale)
{
	char probe[16];
	const char *name;
	char *got = NULL;
	struct report r;

	perf_single_report(&r, 1);
	name = comma_locale_set();
	if (name) {
		snprintf(probe, sizeof(probe), "%.2f", 2.5);
		got = render_perf(&r, ",");
		setlocale(LC_NUMERIC, "C");
	}
	report_release(&r);
	if (!name) {
		fprintf(stderr, "check_report: no decimal-comma locale installed and localedef "
				"failed: the -x locale test proved nothing here\n");
		return;
	}
	ck_assert_msg(strcmp(probe, "2,50") == 0, "locale %s prints 2.5 as '%s'", name, probe);
	assert_lines(got, perf_single_want);
}
END_TEST

/* ---------------------------------------------------------------- intervals and parts */

static char *faults_command[] = { "./prog", "--flag", NULL };

/* One run of 1 s in which page-faults counted count times, all of the time running. */
static void faults_report(struct report *r, uint64_t count)
{
	static const struct report_event faults[] = {
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .supported = true },
	};
	const struct sample_count counts[] = { { count, 1000000000, 1000000000 } };
	const struct sample_run runs[] = { { .wall_ns = 1000000000 } };

	fixture_build(r, faults_command, faults, 1, counts, runs, 1, 1, false);
}

static void faults_part(struct report *whole, const char *kind, const char *label,
			size_t calls, uint64_t count)
{
	struct report part;
	struct hp_err err;

	faults_report(&part, count);
	ck_assert_int_eq(report_part_add(whole, kind, label, calls, &part, &err), 0);
}

static char *render_interval(output_interval_fn write, const struct report *r, double time_s,
			     bool first, const struct output_options *opts)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);

	ck_assert_int_eq(write(mem, r, time_s, first, opts), 0);
	fclose(mem);
	return text;
}

/* Split per CPU, the text shows the parts' rows, each led by the time (15 wide, 9 decimals)
 * and the label (12 wide); the header names the columns once. */
START_TEST(test_text_interval_per_cpu)
{
	const struct output_options opts = { .big_num = true };
	struct report r;
	char *got;

	faults_report(&r, 100);
	faults_part(&r, "cpu", "CPU0", 0, 60);
	faults_part(&r, "cpu", "CPU1", 0, 40);
	got = render_interval(output_text_write_interval, &r, 0.5, true, &opts);
	ck_assert_str_eq(got,
		"#          time cpu                      counts unit events\n"
		"    0.500000000 CPU0                         60      page-faults\n"
		"    0.500000000 CPU1                         40      page-faults\n");
	free(got);
	got = render_interval(output_text_write_interval, &r, 12.25, false, &opts);
	ck_assert_str_eq(got,
		"   12.250000000 CPU0                         60      page-faults\n"
		"   12.250000000 CPU1                         40      page-faults\n");
	free(got);
	report_release(&r);
}
END_TEST

/* A region is a block after the whole: its calls, its rows, its time. */
START_TEST(test_text_region_block)
{
	struct report r;

	faults_report(&r, 100);
	faults_part(&r, "region", "step", 3, 40);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for './prog --flag':\n"
		    "\n"
		    "               100      page-faults\n"
		    "\n"
		    "       1.000000000 seconds time elapsed\n"
		    "\n"
		    "       0.000000000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n"
		    " Region 'step' (3 calls):\n"
		    "\n"
		    "                40      page-faults\n"
		    "\n"
		    "       1.000000000 seconds in the region\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* perf's -I and -A fields first: the time, then the CPU; after intervals the total's rows
 * have an empty time field, and a region's rows say "region:NAME". */
START_TEST(test_perf_csv_interval_and_total)
{
	const struct output_options opts = { .separator = ",", .intervals = true };
	struct report r, whole;
	char *got;

	faults_report(&r, 100);
	faults_part(&r, "cpu", "CPU0", 0, 60);
	got = render_interval(output_perf_csv_write_interval, &r, 0.5, true, &opts);
	ck_assert_str_eq(got, "0.500000000,CPU0,60,,page-faults,1000000000,100.00,,\n");
	free(got);
	faults_report(&whole, 100);
	faults_part(&whole, "region", "step", 3, 40);
	got = fixture_render(output_perf_csv_write, &whole, &opts);
	ck_assert_str_eq(got, ",100,,page-faults,1000000000,100.00,,\n"
			      ",region:step,40,,page-faults,1000000000,100.00,,\n");
	free(got);
	report_release(&r);
	report_release(&whole);
}
END_TEST

/* ---------------------------------------------------------------- perf's report options */

/* --no-scale: test_build_scaling's runs as read, 1000 and 3000 (not 2000 and 4000); the
 * share of the time it ran is still told. */
START_TEST(test_build_no_scale)
{
	const struct report_event ev[] = {
		{ .name = "cycles", .generic = "cycles", .supported = true },
	};
	const struct sample_count run1[] = { { 1000, 2000, 1000 } };
	const struct sample_count run2[] = { { 3000, 4000, 3000 } };
	struct report_input in = { .command = command_true, .events = ev, .runs_requested = 2,
				   .no_scale = true };
	struct hp_err err = { .msg = "" };
	struct samples s;
	struct report r;

	samples_init(&s, 1);
	add_run(&s, run1, 1000, 0, 0, 0, 0);
	add_run(&s, run2, 1000, 0, 0, 0, 0);
	in.samples = &s;
	ck_assert_msg(report_build(&r, &in, &err) == 0, "report_build: %s", err.msg);
	assert_close(stats_mean(&r.rows[0].stats), 2000.0);
	assert_close(r.rows[0].stats.min, 1000.0);
	assert_close(r.rows[0].per_run[1], 3000.0);
	assert_close(r.rows[0].running_pct, 200.0 / 3.0);
	report_release(&r);
	samples_release(&s);
}
END_TEST

/*
 * A count's mean below 100 that is not whole keeps its decimals, so that it never reads 0
 * beside a rate that is not: 0 1 0 migrations -> 0.33; one in 20 runs -> 0.05, two
 * significant digits below 0.1 -> "0.050"; a whole mean stays whole, and one of 100 or more
 * reads as a count (99, 100 and 101.5: 100.17 -> "100").
 */
START_TEST(test_text_mean_not_whole)
{
	static const double third[] = { 0, 1, 0 }, whole[] = { 4, 5, 6 };
	static const double big[] = { 99, 100, 101.5 };
	static const double wall[] = { 1, 1, 1 }, zero[] = { 0, 0, 0 };
	double twentieth[20] = { 1 }, wall20[20], zero20[20] = { 0 };
	const struct fixed_row rows[] = {
		{ ROW("cpu-migrations", REPORT_COUNTED, false, third, 3, 100.0, false),
		  .metrics = { { 22.313, "/sec", 3, false } }, .n_metrics = 1 },
		{ ROW("context-switches", REPORT_COUNTED, false, whole, 3, 100.0, false) },
		{ ROW("page-faults", REPORT_COUNTED, false, big, 3, 100.0, false) },
	};
	const struct fixed_row rare[] = {
		{ ROW("cpu-migrations", REPORT_COUNTED, false, twentieth, 20, 100.0, false) },
	};
	struct report r;
	char *text;
	size_t i;

	fixed_report(&r, "true", 3, false, rows, 3, wall, zero, zero, 3);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'true' (3 runs):\n"
		    "\n"
		    "              0.33      cpu-migrations                   #   22.313 /sec                     ( +- 100.00% )\n"
		    "                 5      context-switches                                                     ( +- 11.55% )\n"
		    "               100      page-faults                                                          ( +-  0.73% )\n"
		    "\n"
		    "       1.000000000 +- 0.000000000 seconds time elapsed  ( +-  0.00% )\n"
		    "\n"
		    "       0.000000000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
	for (i = 0; i < 20; i++)
		wall20[i] = 1;
	fixed_report(&r, "true", 20, false, rare, 1, wall20, zero20, zero20, 20);
	text = render(&r);
	ck_assert_ptr_nonnull(strstr(text, "\n             0.050      cpu-migrations"));
	free(text);
	report_release(&r);
}
END_TEST

/*
 * --table: runs of 1.0, 1.1 and 1.3 s. Mean 1.13333, SEM 0.0882 -> 4 decimals. Each run is
 * off the mean by -0.1333 (11.8%: 1 + 2 '#'), -0.0333 (2.9%: one) and +0.1667 (14.7%: 1 + 2).
 */
START_TEST(test_text_table)
{
	static const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	const struct sample_count counts[] = { { 7, 1, 1 }, { 7, 1, 1 }, { 7, 1, 1 } };
	const struct sample_run runs[] = { { .wall_ns = 1000000000 }, { .wall_ns = 1100000000 },
					   { .wall_ns = 1300000000 } };
	struct report r;
	char *text;

	fixture_build(&r, command_true, ev, 1, counts, runs, 3, 3, false);
	text = fixture_render(output_text_write, &r,
			      &(struct output_options){ .big_num = true, .table = true });
	assert_lines(text,
		     "\n"
		     " Performance counter stats for 'true' (3 runs):\n"
		     "\n"
		     "                 7      page-faults                                                          ( +-  0.00% )\n"
		     "\n"
		     "         # Table of individual measurements:\n"
		     "            1.0000 (-0.1333) ###\n"
		     "            1.1000 (-0.0333) #\n"
		     "            1.3000 (+0.1667) ###\n"
		     "\n"
		     "         # Final result:\n"
		     "            1.1333 +- 0.0882 seconds time elapsed  ( +-  7.78% )\n"
		     "\n"
		     "       0.000000000 seconds user\n"
		     "       0.000000000 seconds sys\n"
		     "\n"
		     " warning: run times vary by 13.5% (relative standard deviation): too noisy to "
		     "trust the mean; measure on a quiet machine or with more runs (-r)\n"
		     "\n");
	report_release(&r);
}
END_TEST

/*
 * A metric unit longer than the column ("of all dTLB cache accesses": " # " + 8 + 1 + 26 =
 * 38 > 35) widens the metric column for every line, so the noise stays in one column; and a
 * name longer than 32 widens the names' column for every line.
 */
START_TEST(test_text_long_units_keep_columns)
{
	static const double tc[] = { 2, 2, 2 }, miss[] = { 7, 7, 7 };
	static const double wall[] = { 1, 1, 1 }, zero[] = { 0, 0, 0 };
	const struct fixed_row rows[] = {
		{ ROW("task-clock", REPORT_COUNTED, true, tc, 3, 100.0, false),
		  .metrics = { { 0.002, "CPUs utilized", 3, false } }, .n_metrics = 1 },
		{ ROW("dTLB-load-misses", REPORT_COUNTED, false, miss, 3, 100.0, false),
		  .metrics = { { 70.0, "of all dTLB cache accesses", 2, true } }, .n_metrics = 1 },
		{ ROW("syscalls:sys_enter_clock_nanosleep", REPORT_COUNTED, false, miss, 3, 100.0,
		      false) },
	};
	struct report r;

	fixed_report(&r, "true", 3, false, rows, 3, wall, zero, zero, 3);
	assert_text(&r,
		    "\n"
		    " Performance counter stats for 'true' (3 runs):\n"
		    "\n"
		    "              2.00 msec task-clock                         #    0.002 CPUs utilized               ( +-  0.00% )\n"
		    "                 7      dTLB-load-misses                   #   70.00% of all dTLB cache accesses  ( +-  0.00% )\n"
		    "                 7      syscalls:sys_enter_clock_nanosleep                                        ( +-  0.00% )\n"
		    "\n"
		    "       1.000000000 +- 0.000000000 seconds time elapsed  ( +-  0.00% )\n"
		    "\n"
		    "       0.000000000 seconds user\n"
		    "       0.000000000 seconds sys\n"
		    "\n");
	report_release(&r);
}
END_TEST

/* The text in another locale's style: de_DE's dots between groups and its decimal comma, in
 * the counts, the metrics, the noise and the times alike; a metric wider than its 8 columns
 * ("1.000,046") widens the metric column, and the noise stays in line. */
START_TEST(test_text_locale_style)
{
	static const double tc[] = { 1234.5, 1234.5 }, pf[] = { 1234567, 1234567 };
	static const double wall[] = { 1.5, 1.5 }, zero[] = { 0, 0 };
	const struct fixed_row rows[] = {
		{ ROW("task-clock", REPORT_COUNTED, true, tc, 2, 100.0, false),
		  .metrics = { { 0.823, "CPUs utilized", 3, false } }, .n_metrics = 1 },
		{ ROW("page-faults", REPORT_COUNTED, false, pf, 2, 50.0, false),
		  .metrics = { { 1000.0463, "K/sec", 3, false } }, .n_metrics = 1 },
	};
	struct output_options opts = { .big_num = true };
	struct report r;

	snprintf(opts.digits.point, sizeof(opts.digits.point), ",");
	snprintf(opts.digits.thousands, sizeof(opts.digits.thousands), ".");
	opts.digits.grouping[0] = 3;
	fixed_report(&r, "true", 2, false, rows, 2, wall, zero, zero, 2);
	assert_lines(fixture_render(output_text_write, &r, &opts),
		     "\n"
		     " Performance counter stats for 'true' (2 runs):\n"
		     "\n"
		     "          1.234,50 msec task-clock                       #    0,823 CPUs utilized            ( +-  0,00% )\n"
		     "         1.234.567      page-faults                      # 1.000,046 K/sec                   ( +-  0,00% )  (50,00%)\n"
		     "\n"
		     "       1,500000000 +- 0,000000000 seconds time elapsed  ( +-  0,00% )\n"
		     "\n"
		     "       0,000000000 seconds user\n"
		     "       0,000000000 seconds sys\n"
		     "\n");
	report_release(&r);
}
END_TEST

/* --interval-clear: each interval starts with the terminal cleared and the titles again. */
START_TEST(test_text_interval_clear)
{
	const struct output_options opts = { .big_num = true, .interval_clear = true };
	struct report r;
	char *got;

	faults_report(&r, 100);
	got = render_interval(output_text_write_interval, &r, 0.5, false, &opts);
	ck_assert_str_eq(got, "\033[H\033[2J#          time             counts unit events\n"
			      "    0.500000000                100      page-faults\n");
	free(got);
	report_release(&r);
}
END_TEST

/* perf's -x total after intervals: an empty time field (hpstat's own), "summary" (perf's
 * --summary) or no time field (--no-csv-summary). */
START_TEST(test_perf_csv_summary)
{
	struct output_options opts = { .separator = ",", .intervals = true };
	struct report r;
	char *got;

	faults_report(&r, 100);
	got = fixture_render(output_perf_csv_write, &r, &opts);
	ck_assert_str_eq(got, ",100,,page-faults,1000000000,100.00,,\n");
	free(got);
	opts.summary = OPTIONS_SUMMARY_WORD;
	got = fixture_render(output_perf_csv_write, &r, &opts);
	ck_assert_str_eq(got, "summary,100,,page-faults,1000000000,100.00,,\n");
	free(got);
	opts.summary = OPTIONS_SUMMARY_NONE;
	got = fixture_render(output_perf_csv_write, &r, &opts);
	ck_assert_str_eq(got, "100,,page-faults,1000000000,100.00,,\n");
	free(got);
	report_release(&r);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *b = tcase_create("build");
	TCase *t = tcase_create("text");
	TCase *x = tcase_create("perf_csv");

	tcase_add_test(b, test_build_mean_over_runs);
	tcase_add_test(b, test_build_scaling);
	tcase_add_test(b, test_build_run_not_running_left_out);
	tcase_add_test(b, test_build_not_counted_and_not_supported);
	tcase_add_test(b, test_build_user_only_and_added);
	tcase_add_test(b, test_metric_per_run);
	tcase_add_test(b, test_ci_never_below_zero);
	tcase_add_test(b, test_build_times_and_failures);
	tcase_add_test(b, test_build_clock_in_msec);
	tcase_add_test(b, test_build_no_runs);
	tcase_add_test(b, test_build_no_scale);
	suite_add_tcase(s, b);

	tcase_add_test(t, test_text_single_run);
	tcase_add_test(t, test_text_three_runs);
	tcase_add_test(t, test_text_multiplexed);
	tcase_add_test(t, test_text_not_supported);
	tcase_add_test(t, test_text_added);
	tcase_add_test(t, test_text_interrupted);
	tcase_add_test(t, test_text_interrupted_single);
	tcase_add_test(t, test_text_metric_percent);
	tcase_add_test(t, test_text_interrupted_first_run);
	tcase_add_test(t, test_text_noise_column_as_perf);
	tcase_add_test(t, test_text_elapsed_column_as_perf);
	tcase_add_test(t, test_group_digits);
	tcase_add_test(t, test_text_stats);
	tcase_add_test(t, test_text_per_run);
	tcase_add_test(t, test_text_no_big_num);
	tcase_add_test(t, test_text_big_num_everywhere);
	tcase_add_test(t, test_text_stats_median_between_counts);
	tcase_add_test(t, test_text_per_run_wraps);
	tcase_add_test(t, test_text_per_run_many_runs);
	tcase_add_test(t, test_text_interval_per_cpu);
	tcase_add_test(t, test_text_region_block);
	tcase_add_test(t, test_text_mean_not_whole);
	tcase_add_test(t, test_text_table);
	tcase_add_test(t, test_text_long_units_keep_columns);
	tcase_add_test(t, test_text_locale_style);
	tcase_add_test(t, test_text_interval_clear);
	suite_add_tcase(s, t);

	tcase_add_test(x, test_perf_csv_single_run);
	tcase_add_test(x, test_perf_csv_three_runs);
	tcase_add_test(x, test_perf_csv_interrupted);
	tcase_add_test(x, test_perf_csv_decimal_comma_locale);
	tcase_add_test(x, test_perf_csv_interval_and_total);
	tcase_add_test(x, test_perf_csv_summary);
	suite_add_tcase(s, x);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
