/* check_metric.c - Check unit tests for the derived metrics, built-in and named (src/metric.c). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metric.h"

/* The privilege modes as event.h numbers them (enum event_mode); metric.c only compares. */
#define ALL 0
#define USER 1
#define NG METRIC_NO_GROUP

static struct metric_set *set;

static void setup(void)
{
	struct hp_err err = { .msg = "" };

	set = metric_set_builtin(&err);
	ck_assert_msg(set != NULL, "metric_set_builtin: %s", err.msg);
}

static void teardown(void)
{
	metric_set_free(set);
	set = NULL;
}

#define N(ops) (sizeof(ops) / sizeof((ops)[0]))

/* Metrics of ops[row]; the output slots start poisoned so a missing write shows. */
static size_t compute(const struct metric_operand *ops, size_t n_ops, size_t row,
		      double duration_ns, struct metric_value *out)
{
	size_t i;

	for (i = 0; i < METRIC_MAX_PER_ROW; i++)
		out[i] = (struct metric_value){ .value = -12345.0, .unit = "poison",
						.decimals = -1, .percent = true };
	return metric_compute(set, ops, n_ops, row, duration_ns, out);
}

static void assert_metric(const struct metric_value *m, double value, const char *unit,
			  int decimals, bool percent)
{
	ck_assert_msg(fabs(m->value - value) <= 1e-12 * fmax(1.0, fabs(value)),
		      "'%s' = %.17g, want %.17g", m->unit, m->value, value);
	ck_assert_str_eq(m->unit, unit);
	ck_assert_int_eq(m->decimals, decimals);
	ck_assert_int_eq(m->percent, percent);
}

/* 2500 instructions / 1000 cycles = 2.5 insn per cycle; cycles gets no GHz without
 * task-clock and no rate either. */
START_TEST(test_ipc)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 1000, NULL, false },
		{ "instructions", ALL, 2500, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, NAN, out), 1);
	assert_metric(&out[0], 2.5, "insn per cycle", 2, false);
	ck_assert_uint_eq(compute(ops, N(ops), 0, NAN, out), 0);
}
END_TEST

/* cycles:u does not pair with instructions counted in all modes, only with instructions:u:
 * 3000 / 1200 = 2.5 for the user pair, nothing for the mode-ALL instructions. */
START_TEST(test_ipc_mode_matching)
{
	const struct metric_operand ops[] = {
		{ "cycles", USER, 1200, NULL, false },
		{ "instructions", ALL, 5000, NULL, false },
		{ "instructions", USER, 3000, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, NAN, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 2, NAN, out), 1);
	assert_metric(&out[0], 2.5, "insn per cycle", 2, false);
}
END_TEST

/* Miss ratios in percent: 100 * 25 / 1000 = 2.5; 100 * 300 / 1200 = 25;
 * 100 * 50 / 2000 = 2.5; 100 * 1 / 8 = 12.5; 100 * 3 / 4 = 75; 100 * 7 / 10 = 70;
 * 100 * 9 / 9 = 100. The totals themselves get no ratio. */
START_TEST(test_miss_ratios)
{
	const struct metric_operand ops[] = {
		{ "branch-misses", ALL, 25, NULL, false },
		{ "branches", ALL, 1000, NULL, false },
		{ "cache-misses", ALL, 300, NULL, false },
		{ "cache-references", ALL, 1200, NULL, false },
		{ "L1-dcache-load-misses", ALL, 50, NULL, false },
		{ "L1-dcache-loads", ALL, 2000, NULL, false },
		{ "L1-icache-load-misses", ALL, 1, NULL, false },
		{ "L1-icache-loads", ALL, 8, NULL, false },
		{ "LLC-load-misses", ALL, 3, NULL, false },
		{ "LLC-loads", ALL, 4, NULL, false },
		{ "dTLB-load-misses", ALL, 7, NULL, false },
		{ "dTLB-loads", ALL, 10, NULL, false },
		{ "iTLB-load-misses", ALL, 9, NULL, false },
		{ "iTLB-loads", ALL, 9, NULL, false },
	};
	static const struct {
		size_t row;
		double value;
		const char *unit;
	} want[] = {
		{ 0, 2.5, "of all branches" },
		{ 2, 25.0, "of all cache refs" },
		{ 4, 2.5, "of all L1-dcache accesses" },
		{ 6, 12.5, "of all L1-icache accesses" },
		{ 8, 75.0, "of all LL-cache accesses" },
		{ 10, 70.0, "of all dTLB cache accesses" },
		{ 12, 100.0, "of all iTLB cache accesses" },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];
	size_t i;

	for (i = 0; i < N(want); i++) {
		ck_assert_uint_eq(compute(ops, N(ops), want[i].row, NAN, out), 1);
		assert_metric(&out[0], want[i].value, want[i].unit, 2, true);
		/* no task-clock: the totals get neither a ratio nor a rate */
		ck_assert_uint_eq(compute(ops, N(ops), want[i].row + 1, NAN, out), 0);
	}
}
END_TEST

/* CPUs utilized = task-clock ns / elapsed ns: 1.5e9 / 2e9 = 0.75; cpu-clock likewise,
 * 3e8 / 2e9 = 0.15. Without an elapsed time a clock shows nothing (no rate of itself). */
START_TEST(test_cpus_utilized)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1.5e9, NULL, false },
		{ "cpu-clock", ALL, 3e8, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 0, 2e9, out), 1);
	assert_metric(&out[0], 0.75, "CPUs utilized", 3, false);
	ck_assert_uint_eq(compute(ops, N(ops), 1, 2e9, out), 1);
	assert_metric(&out[0], 0.15, "CPUs utilized", 3, false);
	ck_assert_uint_eq(compute(ops, N(ops), 0, NAN, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 0, 0.0, out), 0);
}
END_TEST

/* GHz = cycles / task-clock ns: 3e9 cycles in 1.5e9 ns = 2 GHz. */
START_TEST(test_ghz)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1.5e9, NULL, false },
		{ "cycles", ALL, 3e9, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, 2e9, out), 1);
	assert_metric(&out[0], 2.0, "GHz", 3, false);
}
END_TEST

/* cycles:u beside a task-clock of every level still gets its GHz, as perf shows it:
 * 3e9 user cycles in 1.5e9 ns = 2 GHz. */
START_TEST(test_ghz_user_cycles)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1.5e9, NULL, false },
		{ "cycles", USER, 3e9, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, 2e9, out), 1);
	assert_metric(&out[0], 2.0, "GHz", 3, false);
}
END_TEST

/* With only the frontend stall counter: instructions gets IPC 2000 / 1000 = 2 and then
 * 500 / 2000 = 0.25 stalled cycles per insn; the stall row gets 100 * 500 / 1000 = 50%. */
START_TEST(test_stalls_one_counter)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 1000, NULL, false },
		{ "instructions", ALL, 2000, NULL, false },
		{ "stalled-cycles-frontend", ALL, 500, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, NAN, out), 2);
	assert_metric(&out[0], 2.0, "insn per cycle", 2, false);
	assert_metric(&out[1], 0.25, "stalled cycles per insn", 2, false);
	ck_assert_uint_eq(compute(ops, N(ops), 2, NAN, out), 1);
	assert_metric(&out[0], 50.0, "frontend cycles idle", 2, true);
}
END_TEST

/* Backend only, and both: the larger stall counts, max(500, 800) / 2000 = 0.4;
 * backend idle 100 * 800 / 1000 = 80%. */
START_TEST(test_stalls_backend_and_both)
{
	const struct metric_operand backend[] = {
		{ "instructions", ALL, 2000, NULL, false },
		{ "stalled-cycles-backend", ALL, 800, NULL, false },
		{ "cycles", ALL, 1000, NULL, false },
	};
	const struct metric_operand both[] = {
		{ "stalled-cycles-frontend", ALL, 500, NULL, false },
		{ "stalled-cycles-backend", ALL, 800, NULL, false },
		{ "instructions", ALL, 2000, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(backend, N(backend), 0, NAN, out), 2);
	assert_metric(&out[0], 2.0, "insn per cycle", 2, false);
	assert_metric(&out[1], 0.4, "stalled cycles per insn", 2, false);
	ck_assert_uint_eq(compute(backend, N(backend), 1, NAN, out), 1);
	assert_metric(&out[0], 80.0, "backend cycles idle", 2, true);
	/* no cycles here: no IPC, so the stall metric comes first */
	ck_assert_uint_eq(compute(both, N(both), 2, NAN, out), 1);
	assert_metric(&out[0], 0.4, "stalled cycles per insn", 2, false);
}
END_TEST

/* A zero denominator leaves the metric out (no inf, no nan printed). */
START_TEST(test_zero_denominator)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 0, NULL, false },
		{ "instructions", ALL, 100, NULL, false },
		{ "branch-misses", ALL, 0, NULL, false },
		{ "branches", ALL, 0, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 1, NAN, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 2, NAN, out), 0);
}
END_TEST

/*
 * Rows with no metric of their own get count / task-clock seconds. task-clock 2e9 ns = 2 s:
 * 10 -> 5 /sec; 1998 -> 999 /sec (just below the step); 2000 -> 1000/s = 1.000 K/sec;
 * 4e6 -> 2e6/s = 2.000 M/sec; 6e9 -> 3e9/s = 3.000 G/sec; 4e12 -> 2e12/s = 2000 G/sec
 * (G is the last unit). A raw event with no generic name gets a rate too: 5000 ->
 * 2500/s = 2.5 K/sec.
 */
START_TEST(test_rate_per_second)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 2e9, NULL, false },
		{ "context-switches", ALL, 10, NULL, false },
		{ "page-faults", ALL, 1998, NULL, false },
		{ "page-faults", USER, 2000, NULL, false },
		{ "minor-faults", ALL, 4e6, NULL, false },
		{ "branches", ALL, 6e9, NULL, false },
		{ "major-faults", ALL, 4e12, NULL, false },
		{ NULL, ALL, 5000, NULL, false },
	};
	static const struct {
		double value;
		const char *unit;
	} want[] = {
		{ 5.0, "/sec" }, { 999.0, "/sec" }, { 1.0, "K/sec" }, { 2.0, "M/sec" },
		{ 3.0, "G/sec" }, { 2000.0, "G/sec" }, { 2.5, "K/sec" },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];
	size_t i;

	for (i = 0; i < N(want); i++) {
		ck_assert_uint_eq(compute(ops, N(ops), i + 1, 3e9, out), 1);
		assert_metric(&out[0], want[i].value, want[i].unit, 3, false);
		/* --metric-only's one unit for a column: events per second, whatever K, M, G. */
		ck_assert(out[0].rate);
		ck_assert_double_eq_tol(out[0].per_second, ops[i + 1].value / 2.0,
					1e-9 * ops[i + 1].value);
	}
	/* A ratio is no rate. */
	ck_assert_uint_eq(compute(ops, N(ops), 0, 3e9, out), 1);
	ck_assert(!out[0].rate);
}
END_TEST

/* No rate without a counted, positive task-clock. */
START_TEST(test_rate_needs_task_clock)
{
	const struct metric_operand uncounted[] = {
		{ "task-clock", ALL, NAN, NULL, false },
		{ "context-switches", ALL, 10, NULL, false },
	};
	const struct metric_operand zero[] = {
		{ "task-clock", ALL, 0, NULL, false },
		{ "context-switches", ALL, 10, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(uncounted, N(uncounted), 1, 1e9, out), 0);
	ck_assert_uint_eq(compute(zero, N(zero), 1, 1e9, out), 0);
}
END_TEST

/* perf's tool events count time, as the clocks do: no rate of them per second of task-clock
 * (perf prints "duration_time ... # 1.157 G/sec"), while a count beside them keeps its own.
 * 10 context switches in 2 s of task-clock: 5 /sec. */
START_TEST(test_no_rate_of_tool_events)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 2e9, NULL, false },
		{ "duration_time", ALL, 3e9, "duration_time", false },
		{ "user_time", ALL, 1.5e9, "user_time:u", false },
		{ "system_time", ALL, 5e8, "SYSTEM_TIME", false },
		{ "context-switches", ALL, 10, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];
	size_t i;

	for (i = 1; i <= 3; i++)
		ck_assert_uint_eq(compute(ops, N(ops), i, 3e9, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 4, 3e9, out), 1);
	assert_metric(&out[0], 5.0, "/sec", 3, false);
	/* and task-clock's CPUs utilized still reads the elapsed time: 2e9 / 3e9 */
	ck_assert_uint_eq(compute(ops, N(ops), 0, 3e9, out), 1);
	assert_metric(&out[0], 2.0 / 3.0, "CPUs utilized", 3, false);
}
END_TEST

/* An uncounted row gets nothing, neither its metric nor a rate. */
START_TEST(test_uncounted_row)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1e9, NULL, false },
		{ "cycles", ALL, 1000, NULL, false },
		{ "instructions", ALL, NAN, NULL, false },
		{ "page-faults", ALL, NAN, NULL, false },
		{ NULL, ALL, NAN, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(ops, N(ops), 2, 2e9, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 3, 2e9, out), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 4, 2e9, out), 0);
	/* and cycles, whose partner was not counted, still gets its GHz: 1000 / 1e9 ns */
	ck_assert_uint_eq(compute(ops, N(ops), 1, 2e9, out), 1);
	assert_metric(&out[0], 1e-6, "GHz", 3, false);
}
END_TEST

/* Built-in values carry no name or description. */
START_TEST(test_builtin_unnamed)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1e9, NULL, false },
		{ "cycles", ALL, 1000, NULL, false },
		{ "instructions", ALL, 2000, NULL, false },
		{ "page-faults", ALL, 10, NULL, false },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(metric_named_count(set), 0);
	ck_assert_uint_eq(compute(ops, N(ops), 2, NAN, out), 1);
	ck_assert_ptr_null(out[0].name);
	ck_assert_ptr_null(out[0].description);
	ck_assert_uint_eq(compute(ops, N(ops), 3, NAN, out), 1); /* a rate */
	ck_assert_ptr_null(out[0].name);
	ck_assert_ptr_null(out[0].description);
}
END_TEST

/* --- named metrics (presets) --- */

static void add_ok(const char *name, const char *unit, const char *formula,
		   const char *description)
{
	struct hp_err err = { .msg = "" };

	ck_assert_msg(metric_set_add(set, name, unit, formula, description, &err) == 0, "%s",
		      err.msg);
}

static bool named(size_t i, const struct metric_operand *ops, size_t n_ops, double duration_ns,
		  struct metric_value *out)
{
	*out = (struct metric_value){ .value = -12345.0, .unit = "poison", .decimals = -1,
				      .percent = true, .name = "poison",
				      .description = "poison" };
	return metric_named_eval(set, i, ops, n_ops, duration_ns, out);
}

static void assert_named(const struct metric_value *m, double value, int decimals,
			 const char *name, const char *unit, const char *description)
{
	if (isnan(value))
		ck_assert_msg(isnan(m->value), "'%s' = %.17g, want NaN", name, m->value);
	else
		ck_assert_msg(fabs(m->value - value) <= 1e-12 * fmax(1.0, fabs(value)),
			      "'%s' = %.17g, want %.17g", name, m->value, value);
	ck_assert_int_eq(m->decimals, decimals);
	ck_assert_str_eq(m->name, name);
	ck_assert_str_eq(m->unit, unit);
	ck_assert_str_eq(m->description, description);
	ck_assert(!m->percent);
}

/* IPC 2500 / 1000 = 2.5; CPI 1000 / 2500 = 0.4 (3 significant digits: 3 decimals); the
 * strings were copied: the caller's buffers are gone. */
START_TEST(test_named_basic)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 1000, "cycles", false },
		{ "instructions", ALL, 2500, "instructions", false },
	};
	char name[] = "IPC", unit[] = "insn/cycle", formula[] = "instructions / cycles",
	     description[] = "instructions per cycle";
	struct metric_value out;

	add_ok(name, unit, formula, description);
	memset(name, 'x', sizeof(name) - 1);
	memset(unit, 'x', sizeof(unit) - 1);
	memset(formula, 'x', sizeof(formula) - 1);
	memset(description, 'x', sizeof(description) - 1);
	add_ok("CPI", "", "cycles / instructions", "cycles per instruction");
	ck_assert_uint_eq(metric_named_count(set), 2);
	ck_assert(named(0, ops, N(ops), NAN, &out));
	assert_named(&out, 2.5, 2, "IPC", "insn/cycle", "instructions per cycle");
	ck_assert(named(1, ops, N(ops), NAN, &out));
	assert_named(&out, 0.4, 3, "CPI", "", "cycles per instruction");
	ck_assert_str_eq(metric_named_formula(set, 0), "instructions / cycles");
	ck_assert_str_eq(metric_named_formula(set, 1), "cycles / instructions");
	ck_assert_ptr_null(metric_named_formula(set, 2));
}
END_TEST

/* An identifier matches the event as written first, then a generic name, both without regard
 * to case; the mode plays no part. r003c / cpu-cycles = 50 / 1000 = 0.05. */
START_TEST(test_named_matching)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 1000, "cpu-cycles", false },
		{ NULL, ALL, 50, "r003c", false },
		{ "instructions", USER, 300, "instructions:u", false },
		{ "instructions", ALL, 500, "INSTRUCTIONS", false },
		{ "branches", USER, 7, NULL, false },
	};
	struct metric_value out;

	add_ok("by name", "", "r003c / cpu-cycles", "d");
	add_ok("by generic", "", "R003C / Cycles", "d");
	add_ok("name first", "", "instructions", "d");
	add_ok("modifier", "", "instructions:u", "d");
	add_ok("generic any mode", "", "branches", "d");
	ck_assert(named(0, ops, N(ops), NAN, &out));
	assert_named(&out, 0.05, 4, "by name", "", "d");
	ck_assert(named(1, ops, N(ops), NAN, &out));
	assert_named(&out, 0.05, 4, "by generic", "", "d");
	ck_assert(named(2, ops, N(ops), NAN, &out));
	assert_named(&out, 500, 2, "name first", "", "d");
	ck_assert(named(3, ops, N(ops), NAN, &out));
	assert_named(&out, 300, 2, "modifier", "", "d");
	ck_assert(named(4, ops, N(ops), NAN, &out));
	assert_named(&out, 7, 2, "generic any mode", "", "d");
}
END_TEST

/* duration_time is the elapsed time in ns: 2000 faults in 4e9 ns = 500 per second. */
START_TEST(test_named_duration)
{
	const struct metric_operand ops[] = { { "page-faults", ALL, 2000, "page-faults", false } };
	struct metric_value out;

	add_ok("fault rate", "/sec", "page-faults / (duration_time / 1e9)", "faults per second");
	ck_assert(named(0, ops, N(ops), 4e9, &out));
	assert_named(&out, 500, 2, "fault rate", "/sec", "faults per second");
	/* without an elapsed time the rate is unavailable */
	ck_assert(!named(0, ops, N(ops), NAN, &out));
	assert_named(&out, NAN, 2, "fault rate", "/sec", "faults per second");
}
END_TEST

/* user_time and system_time are events like any other in a formula, read from their rows
 * (in ns) by the name as written or the generic name; duration_time is the elapsed time.
 * 100 * (1.5e9 + 5e8) / 4e9 = 50; without the rows the share is unavailable. */
START_TEST(test_named_tool_events)
{
	const struct metric_operand ops[] = {
		{ "user_time", ALL, 1.5e9, "user_time:u", false },
		{ "system_time", ALL, 5e8, "system_time", false },
	};
	struct metric_value out;

	add_ok("CPU share", "%", "100 * (user_time + system_time) / duration_time", "on a CPU");
	ck_assert(named(0, ops, N(ops), 4e9, &out));
	assert_named(&out, 50, 2, "CPU share", "%", "on a CPU");
	ck_assert(!named(0, ops, 0, 4e9, &out));
}
END_TEST

/* Unavailable, never inf or nan for a number: an input not in ops, one not counted, a
 * division by zero; name, unit and description are filled all the same. */
START_TEST(test_named_unavailable)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 0, "cycles", false },
		{ "instructions", ALL, 100, "instructions", false },
		{ "branches", ALL, NAN, "branches", false },
	};
	struct metric_value out;

	add_ok("missing", "%", "100 * cache-misses / instructions", "d1");
	add_ok("uncounted", "", "branches / instructions", "d2");
	add_ok("by zero", "", "instructions / cycles", "d3");
	add_ok("zero by", "", "cycles / instructions", "d4");
	ck_assert(!named(0, ops, N(ops), 1e9, &out));
	assert_named(&out, NAN, 2, "missing", "%", "d1");
	ck_assert(!named(1, ops, N(ops), 1e9, &out));
	assert_named(&out, NAN, 2, "uncounted", "", "d2");
	ck_assert(!named(2, ops, N(ops), 1e9, &out));
	assert_named(&out, NAN, 2, "by zero", "", "d3");
	/* 0 / 100 = 0 is a value: 2 decimals */
	ck_assert(named(3, ops, N(ops), 1e9, &out));
	assert_named(&out, 0, 2, "zero by", "", "d4");
	/* no operands at all */
	ck_assert(!named(2, NULL, 0, 1e9, &out));
}
END_TEST

/* Two decimals from 1 up; below 1 enough for three significant digits, at most 9. */
START_TEST(test_named_decimals)
{
	static const struct {
		const char *formula;
		double value;
		int decimals;
	} want[] = {
		{ "123456.789", 123456.789, 2 }, { "1", 1, 2 }, { "0.999", 0.999, 3 },
		{ "0.5", 0.5, 3 }, { "0.1", 0.1, 3 }, { "0.0999", 0.0999, 4 },
		{ "0.0123", 0.0123, 4 }, { "-0.05", -0.05, 4 }, { "-3", -3, 2 },
		{ "1e-7", 1e-7, 9 }, { "1e-12", 1e-12, 9 },
	};
	struct metric_value out;
	char name[16];
	size_t i;

	for (i = 0; i < N(want); i++) {
		snprintf(name, sizeof(name), "m%zu", i);
		add_ok(name, "", want[i].formula, "d");
		ck_assert(named(i, NULL, 0, NAN, &out));
		ck_assert_msg(out.decimals == want[i].decimals, "%s: %d decimals, want %d",
			      want[i].formula, out.decimals, want[i].decimals);
		assert_named(&out, want[i].value, want[i].decimals, name, "", "d");
	}
}
END_TEST

START_TEST(test_named_add_errors)
{
	struct hp_err err = { .msg = "" };

	ck_assert_int_eq(metric_set_add(set, "r", "", "a / (b", "d", &err), -1);
	ck_assert_str_eq(err.msg, "formula 'a / (b': missing ')' at column 7");
	ck_assert_int_eq(metric_set_add(set, "", "", "a", "d", &err), -1);
	ck_assert_str_eq(err.msg, "metric with formula 'a': empty name");
	ck_assert_uint_eq(metric_named_count(set), 0);

	/* the same metric twice (two presets sharing it) is kept once; NULL unit and
	 * description read as empty */
	add_ok("IPC", NULL, "instructions / cycles", NULL);
	add_ok("ipc", "insn/cycle", "instructions / cycles", "other words");
	ck_assert_uint_eq(metric_named_count(set), 1);
	ck_assert_int_eq(metric_set_add(set, "Ipc", "", "cycles / instructions", "d", &err), -1);
	ck_assert_str_eq(err.msg, "metric 'Ipc' defined twice, as 'instructions / cycles' and as "
				  "'cycles / instructions'; rename one");
	ck_assert_uint_eq(metric_named_count(set), 1);
}
END_TEST

/* Named metrics neither annotate rows nor pull in partners. */
START_TEST(test_named_apart_from_rows)
{
	const struct metric_operand ops[] = {
		{ "cycles", ALL, 1000, "cycles", false },
		{ "cache-misses", ALL, 10, "cache-misses", false },
	};
	struct metric_slot slots[8] = { { "cycles", ALL, NG, 0, false } };
	struct metric_value out[METRIC_MAX_PER_ROW];
	size_t n = 1;
	int n_groups = 0;

	add_ok("cycles", "", "cache-misses / cycles", "d");
	ck_assert_uint_eq(compute(ops, N(ops), 0, NAN, out), 0);
	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_str_eq(slots[1].generic, "instructions");
}
END_TEST

/* --- metric_add_partners --- */

static void assert_slot(const struct metric_slot *s, const char *generic, int mode, int group,
			bool added)
{
	if (generic)
		ck_assert_str_eq(s->generic, generic);
	else
		ck_assert_ptr_null(s->generic);
	ck_assert_int_eq(s->mode, mode);
	ck_assert_int_eq(s->group, group);
	ck_assert_int_eq(s->added, added);
}

/* cycles alone: instructions is added with cycles' mode, both in new group 0; the stall
 * counters are not (only a stall row asks for cycles, not the reverse). */
START_TEST(test_partner_cycles)
{
	struct metric_slot slots[8] = { { "cycles", ALL, NG, 0, false } };
	size_t n = 1;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 1);
	assert_slot(&slots[0], "cycles", ALL, 0, false);
	assert_slot(&slots[1], "instructions", ALL, 0, true);
	ck_assert_uint_eq(slots[1].anchor, 0);
}
END_TEST

START_TEST(test_partner_mode_follows_anchor)
{
	struct metric_slot slots[8] = { { "cycles", USER, NG, 0, false } };
	size_t n = 1;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	assert_slot(&slots[1], "instructions", USER, 0, true);
}
END_TEST

/* cycles,cache-misses: two ratios, two groups: {cycles, instructions} and
 * {cache-misses, cache-references}; each added slot's anchor is its seed. */
START_TEST(test_partner_two_groups)
{
	struct metric_slot slots[8] = {
		{ "cycles", ALL, NG, 0, false },
		{ "cache-misses", ALL, NG, 0, false },
	};
	size_t n = 2;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(n_groups, 2);
	assert_slot(&slots[0], "cycles", ALL, 0, false);
	assert_slot(&slots[1], "cache-misses", ALL, 1, false);
	assert_slot(&slots[2], "instructions", ALL, 0, true);
	assert_slot(&slots[3], "cache-references", ALL, 1, true);
	ck_assert_uint_eq(slots[2].anchor, 0);
	ck_assert_uint_eq(slots[3].anchor, 1);
}
END_TEST

/* Partners never grow a group the user wrote (numbers below the n_groups passed in): a
 * partner of an event in user group 3 is added ungrouped, and an input the user left
 * ungrouped does not join its partner's user group either. No group is made for a lone
 * ungrouped input. */
START_TEST(test_partner_spares_user_group)
{
	struct metric_slot slots[8] = {
		{ "page-faults", ALL, NG, 0, false },
		{ "branch-misses", ALL, 3, 0, false },
	};
	struct metric_slot listed[8] = {
		{ "instructions", ALL, NG, 0, false },
		{ "cycles", ALL, 2, 0, false },
	};
	size_t n = 2;
	int n_groups = 4;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(n_groups, 4);
	assert_slot(&slots[0], "page-faults", ALL, NG, false);
	assert_slot(&slots[1], "branch-misses", ALL, 3, false);
	assert_slot(&slots[2], "branches", ALL, NG, true);
	ck_assert_uint_eq(slots[2].anchor, 1);

	n = 2;
	n_groups = 3;
	ck_assert_int_eq(metric_add_partners(set, listed, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 3);
	assert_slot(&listed[0], "instructions", ALL, NG, false);
	assert_slot(&listed[1], "cycles", ALL, 2, false);
}
END_TEST

/* -e '{branch-misses,cache-misses,L1-dcache-load-misses}': the user's group keeps its three
 * events (six would not fit the PMU, and the group would never run); the three partners are
 * added outside it. */
START_TEST(test_partner_full_user_group)
{
	struct metric_slot slots[8] = {
		{ "branch-misses", ALL, 0, 0, false },
		{ "cache-misses", ALL, 0, 0, false },
		{ "L1-dcache-load-misses", ALL, 0, 0, false },
	};
	size_t n = 3, i, in_group0 = 0;
	int n_groups = 1;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 6);
	for (i = 0; i < n; i++)
		in_group0 += slots[i].group == 0;
	ck_assert_uint_eq(in_group0, 3);
	ck_assert_int_eq(n_groups, 1);
	assert_slot(&slots[3], "branches", ALL, NG, true);
	assert_slot(&slots[4], "cache-references", ALL, NG, true);
	assert_slot(&slots[5], "L1-dcache-loads", ALL, NG, true);
}
END_TEST

/* Ungrouped inputs join a group hpstat made for another ratio: both stall counters share
 * the group made for the first one's cycles, numbered after the user's group 0. A stall
 * counter whose cycles is in a user group stays out of it. */
START_TEST(test_partner_joins_auto_group)
{
	struct metric_slot slots[8] = {
		{ "page-faults", ALL, 0, 0, false },
		{ "stalled-cycles-frontend", ALL, NG, 0, false },
		{ "stalled-cycles-backend", ALL, NG, 0, false },
	};
	struct metric_slot user[8] = {
		{ "cycles", ALL, 0, 0, false },
		{ "instructions", ALL, 0, 0, false },
		{ "stalled-cycles-frontend", ALL, NG, 0, false },
	};
	size_t n = 3;
	int n_groups = 1;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(n_groups, 2);
	assert_slot(&slots[0], "page-faults", ALL, 0, false);
	assert_slot(&slots[1], "stalled-cycles-frontend", ALL, 1, false);
	assert_slot(&slots[2], "stalled-cycles-backend", ALL, 1, false);
	assert_slot(&slots[3], "cycles", ALL, 1, true);

	n = 3;
	n_groups = 1;
	ck_assert_int_eq(metric_add_partners(set, user, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(n_groups, 1);
	assert_slot(&user[0], "cycles", ALL, 0, false);
	assert_slot(&user[1], "instructions", ALL, 0, false);
	assert_slot(&user[2], "stalled-cycles-frontend", ALL, NG, false);
}
END_TEST

/*
 * perf's default set with -ddd's events after it (selection.c's order): every ratio's inputs
 * are there, so nothing is added, and each miss counter is grouped with its loads, so that
 * its ratio beside it divides counts of the same intervals. The groups are numbered in the
 * order of the metric table: IPC 0, branches 1, then L1-dcache 2, L1-icache 3, LLC 4,
 * dTLB 5, iTLB 6; the prefetches have no ratio and stay out of every group.
 */
START_TEST(test_partner_detailed_sets)
{
	static const char *const names[] = {
		"task-clock", "context-switches", "cpu-migrations", "page-faults", "cycles",
		"instructions", "branches", "branch-misses", "L1-dcache-loads",
		"L1-dcache-load-misses", "LLC-loads", "LLC-load-misses", "L1-icache-loads",
		"L1-icache-load-misses", "dTLB-loads", "dTLB-load-misses", "iTLB-loads",
		"iTLB-load-misses", "L1-dcache-prefetches", "L1-dcache-prefetch-misses",
	};
	static const int groups[] = { NG, NG, NG, NG, 0, 0, 1, 1, 2, 2, 4, 4, 3, 3, 5, 5, 6, 6,
				      NG, NG };
	struct metric_slot slots[40];
	size_t n = N(names), i;
	int n_groups = 0;

	for (i = 0; i < n; i++)
		slots[i] = (struct metric_slot){ names[i], ALL, NG, 0, false };
	ck_assert_int_eq(metric_add_partners(set, slots, &n, N(slots), &n_groups), 0);
	ck_assert_uint_eq(n, N(names));
	ck_assert_int_eq(n_groups, 7);
	for (i = 0; i < n; i++)
		assert_slot(&slots[i], names[i], ALL, groups[i], false);
}
END_TEST

/* instructions already there is not added again, whichever comes first. */
START_TEST(test_partner_present_not_duplicated)
{
	struct metric_slot slots[8] = {
		{ "cycles", ALL, NG, 0, false },
		{ "instructions", ALL, NG, 0, false },
	};
	struct metric_slot reversed[8] = {
		{ "instructions", ALL, NG, 0, false },
		{ "cycles", ALL, NG, 0, false },
	};
	size_t n = 2;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 1);
	assert_slot(&slots[0], "cycles", ALL, 0, false);
	assert_slot(&slots[1], "instructions", ALL, 0, false);

	n = 2;
	n_groups = 0;
	ck_assert_int_eq(metric_add_partners(set, reversed, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 1);
}
END_TEST

/* A stall counter pulls in cycles; the added cycles asks for nothing more (no
 * instructions), and a mode-USER instructions does not satisfy a mode-ALL cycles. */
START_TEST(test_partner_added_does_not_seed)
{
	struct metric_slot slots[8] = { { "stalled-cycles-frontend", ALL, NG, 0, false } };
	struct metric_slot modes[8] = {
		{ "cycles", ALL, NG, 0, false },
		{ "instructions", USER, NG, 0, false },
	};
	size_t n = 1;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	assert_slot(&slots[1], "cycles", ALL, 0, true);

	n = 2;
	n_groups = 0;
	ck_assert_int_eq(metric_add_partners(set, modes, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(n_groups, 2);
	assert_slot(&modes[2], "instructions", ALL, 0, true);
	assert_slot(&modes[3], "cycles", USER, 1, true);
	assert_slot(&modes[1], "instructions", USER, 1, false);
}
END_TEST

/* Slots without a generic name take no part and keep their group; new groups are numbered
 * after the user's. */
START_TEST(test_partner_non_generic_untouched)
{
	struct metric_slot slots[8] = {
		{ NULL, ALL, NG, 0, false },
		{ "cycles", ALL, NG, 0, false },
		{ NULL, USER, 5, 0, false },
	};
	size_t n = 3;
	int n_groups = 6;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_int_eq(n_groups, 7);
	assert_slot(&slots[0], NULL, ALL, NG, false);
	assert_slot(&slots[1], "cycles", ALL, 6, false);
	assert_slot(&slots[2], NULL, USER, 5, false);
	assert_slot(&slots[3], "instructions", ALL, 6, true);
}
END_TEST

/* Events with no ratio (page-faults, task-clock) add nothing and make no group. */
START_TEST(test_partner_nothing_to_add)
{
	struct metric_slot slots[4] = {
		{ "task-clock", ALL, NG, 0, false },
		{ "page-faults", ALL, NG, 0, false },
	};
	size_t n = 2;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, slots, &n, 2, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 0);
	assert_slot(&slots[0], "task-clock", ALL, NG, false);
}
END_TEST

/* cycles needs 2 slots; cycles,cache-misses needs 4: a cap of 3 is one too few. */
START_TEST(test_partner_cap)
{
	struct metric_slot one[4] = { { "cycles", ALL, NG, 0, false } };
	struct metric_slot two[4] = {
		{ "cycles", ALL, NG, 0, false },
		{ "cache-misses", ALL, NG, 0, false },
	};
	size_t n = 1;
	int n_groups = 0;

	ck_assert_int_eq(metric_add_partners(set, one, &n, 1, &n_groups), -1);
	n = 2;
	n_groups = 0;
	ck_assert_int_eq(metric_add_partners(set, two, &n, 3, &n_groups), -1);
	ck_assert_msg(n <= 3, "n = %zu beyond the cap", n);
	n = 2;
	n_groups = 0;
	ck_assert_int_eq(metric_add_partners(set, two, &n, 4, &n_groups), 0);
	ck_assert_uint_eq(n, 4);
}
END_TEST

/* ---- a family's metric groups: the bottleneck mark ---- */

START_TEST(test_bottlenecks)
{
	struct metric_value v[] = {
		{ .value = 40, .group = "L1", .candidate = false }, /* retiring: never marked */
		{ .value = 10, .group = "L1", .candidate = true },
		{ .value = 30, .group = "L1", .candidate = true },
		{ .value = 20, .group = "L1", .candidate = true, .bottleneck = true },
		{ .value = 5, .group = "L2", .candidate = true },
		{ .value = 5, .group = "L2", .candidate = true },
		{ .value = NAN, .group = "L3", .candidate = true },
		{ .value = 99, .group = NULL, .candidate = true },
		{ .value = 0, .group = "L4", .candidate = true },
		{ .value = 0, .group = "L4", .candidate = true },
	};

	metric_mark_bottlenecks(v, sizeof(v) / sizeof(v[0]));
	ck_assert(!v[0].bottleneck);
	ck_assert(!v[1].bottleneck);
	ck_assert(v[2].bottleneck);
	ck_assert(!v[3].bottleneck); /* an old mark is cleared */
	ck_assert(v[4].bottleneck);  /* the first of equals */
	ck_assert(!v[5].bottleneck);
	ck_assert(!v[6].bottleneck); /* not available: nothing to mark */
	ck_assert(!v[7].bottleneck);
	ck_assert(!v[8].bottleneck); /* nothing lost: no bottleneck */
	ck_assert(!v[9].bottleneck);
	/* A NaN beside numbers is passed over. */
	v[4].value = NAN;
	metric_mark_bottlenecks(v, sizeof(v) / sizeof(v[0]));
	ck_assert(v[5].bottleneck);
}
END_TEST

START_TEST(test_group_and_truncate)
{
	struct hp_err err = { .msg = "" };
	struct metric_set *named = metric_set_builtin(&err);
	struct metric_operand ops[] = { { .name = "a", .value = 3 }, { .name = "b", .value = 1 } };
	struct metric_value v;

	ck_assert_ptr_nonnull(named);
	const struct metric_group l1 = { "L1", "level one", true }, l2 = { "L2", "two", false };

	ck_assert_int_eq(metric_set_add_grouped(named, &l1, "ra", "%", "100 * a / (a + b)",
						"a's share", &err), 0);
	ck_assert_int_eq(metric_set_add(named, "rb", "%", "100 * b / (a + b)", "b's share", &err), 0);
	/* The same name in another group, or in none, is another metric; in the same group it is
	 * the same one, refused with another formula. */
	ck_assert_int_eq(metric_set_add(named, "RA", "%", "a", "a preset's", &err), 0);
	ck_assert_int_eq(metric_set_add_grouped(named, &l2, "ra", "%", "b", "level two's", &err),
			 0);
	ck_assert_int_eq(metric_set_add_grouped(named, &l1, "RA", "%", "b", "x", &err), -1);
	ck_assert_str_eq(err.msg, "metric 'RA' defined twice, as '100 * a / (a + b)' and as 'b'; "
			 "rename one");
	ck_assert_uint_eq(metric_named_count(named), 4);
	ck_assert(metric_named_eval(named, 0, ops, 2, 1e9, &v));
	ck_assert_double_eq(v.value, 75.0);
	ck_assert_str_eq(v.group, "L1");
	ck_assert_str_eq(v.group_description, "level one");
	ck_assert(v.candidate);
	ck_assert(metric_named_eval(named, 1, ops, 2, 1e9, &v));
	ck_assert_ptr_null(v.group);
	/* A family's metric reads the family's copy of an event before -e's; others, the first. */
	{
		const struct metric_operand twice[] = { { NULL, ALL, 1, "a", false },
							{ NULL, ALL, 5, "a", true },
							{ NULL, ALL, 4, "b", false } };

		ck_assert(metric_named_eval(named, 0, twice, 3, 1e9, &v)); /* L1's ra */
		ck_assert_double_eq(v.value, 100.0 * 5 / 9);
		ck_assert(metric_named_eval(named, 2, twice, 3, 1e9, &v)); /* the preset's RA */
		ck_assert_double_eq(v.value, 1.0);
	}
	ck_assert(metric_named_eval(named, 3, ops, 2, 1e9, &v));
	ck_assert_str_eq(v.group, "L2");
	ck_assert(!v.candidate);
	metric_set_truncate(named, 1);
	ck_assert_uint_eq(metric_named_count(named), 1);
	metric_set_free(named);
}
END_TEST

static Suite *metric_suite(void)
{
	Suite *s = suite_create("metric");
	TCase *compute_tc = tcase_create("compute");
	TCase *named_tc = tcase_create("named");
	TCase *partners = tcase_create("partners");

	tcase_add_checked_fixture(compute_tc, setup, teardown);
	tcase_add_test(compute_tc, test_ipc);
	tcase_add_test(compute_tc, test_ipc_mode_matching);
	tcase_add_test(compute_tc, test_miss_ratios);
	tcase_add_test(compute_tc, test_cpus_utilized);
	tcase_add_test(compute_tc, test_ghz);
	tcase_add_test(compute_tc, test_ghz_user_cycles);
	tcase_add_test(compute_tc, test_stalls_one_counter);
	tcase_add_test(compute_tc, test_stalls_backend_and_both);
	tcase_add_test(compute_tc, test_zero_denominator);
	tcase_add_test(compute_tc, test_rate_per_second);
	tcase_add_test(compute_tc, test_rate_needs_task_clock);
	tcase_add_test(compute_tc, test_no_rate_of_tool_events);
	tcase_add_test(compute_tc, test_uncounted_row);
	tcase_add_test(compute_tc, test_builtin_unnamed);
	suite_add_tcase(s, compute_tc);

	tcase_add_checked_fixture(named_tc, setup, teardown);
	tcase_add_test(named_tc, test_named_basic);
	tcase_add_test(named_tc, test_named_matching);
	tcase_add_test(named_tc, test_named_duration);
	tcase_add_test(named_tc, test_named_tool_events);
	tcase_add_test(named_tc, test_named_unavailable);
	tcase_add_test(named_tc, test_named_decimals);
	tcase_add_test(named_tc, test_named_add_errors);
	tcase_add_test(named_tc, test_named_apart_from_rows);
	suite_add_tcase(s, named_tc);

	tcase_add_checked_fixture(partners, setup, teardown);
	tcase_add_test(partners, test_partner_cycles);
	tcase_add_test(partners, test_partner_mode_follows_anchor);
	tcase_add_test(partners, test_partner_two_groups);
	tcase_add_test(partners, test_partner_spares_user_group);
	tcase_add_test(partners, test_partner_full_user_group);
	tcase_add_test(partners, test_partner_joins_auto_group);
	tcase_add_test(partners, test_partner_present_not_duplicated);
	tcase_add_test(partners, test_partner_detailed_sets);
	tcase_add_test(partners, test_partner_added_does_not_seed);
	tcase_add_test(partners, test_partner_non_generic_untouched);
	tcase_add_test(partners, test_partner_nothing_to_add);
	tcase_add_test(partners, test_partner_cap);
	tcase_add_test(partners, test_bottlenecks);
	tcase_add_test(partners, test_group_and_truncate);
	suite_add_tcase(s, partners);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(metric_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
