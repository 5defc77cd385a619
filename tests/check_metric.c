/* check_metric.c - Check unit tests for the built-in derived metrics (src/metric.c). */
#include <check.h>
#include <math.h>
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
		{ "cycles", ALL, 1000 },
		{ "instructions", ALL, 2500 },
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
		{ "cycles", USER, 1200 },
		{ "instructions", ALL, 5000 },
		{ "instructions", USER, 3000 },
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
		{ "branch-misses", ALL, 25 },
		{ "branches", ALL, 1000 },
		{ "cache-misses", ALL, 300 },
		{ "cache-references", ALL, 1200 },
		{ "L1-dcache-load-misses", ALL, 50 },
		{ "L1-dcache-loads", ALL, 2000 },
		{ "L1-icache-load-misses", ALL, 1 },
		{ "L1-icache-loads", ALL, 8 },
		{ "LLC-load-misses", ALL, 3 },
		{ "LLC-loads", ALL, 4 },
		{ "dTLB-load-misses", ALL, 7 },
		{ "dTLB-loads", ALL, 10 },
		{ "iTLB-load-misses", ALL, 9 },
		{ "iTLB-loads", ALL, 9 },
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
		{ "task-clock", ALL, 1.5e9 },
		{ "cpu-clock", ALL, 3e8 },
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
		{ "task-clock", ALL, 1.5e9 },
		{ "cycles", ALL, 3e9 },
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
		{ "cycles", ALL, 1000 },
		{ "instructions", ALL, 2000 },
		{ "stalled-cycles-frontend", ALL, 500 },
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
		{ "instructions", ALL, 2000 },
		{ "stalled-cycles-backend", ALL, 800 },
		{ "cycles", ALL, 1000 },
	};
	const struct metric_operand both[] = {
		{ "stalled-cycles-frontend", ALL, 500 },
		{ "stalled-cycles-backend", ALL, 800 },
		{ "instructions", ALL, 2000 },
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
		{ "cycles", ALL, 0 },
		{ "instructions", ALL, 100 },
		{ "branch-misses", ALL, 0 },
		{ "branches", ALL, 0 },
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
		{ "task-clock", ALL, 2e9 },
		{ "context-switches", ALL, 10 },
		{ "page-faults", ALL, 1998 },
		{ "page-faults", USER, 2000 },
		{ "minor-faults", ALL, 4e6 },
		{ "branches", ALL, 6e9 },
		{ "major-faults", ALL, 4e12 },
		{ NULL, ALL, 5000 },
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
	}
}
END_TEST

/* No rate without a counted, positive task-clock. */
START_TEST(test_rate_needs_task_clock)
{
	const struct metric_operand uncounted[] = {
		{ "task-clock", ALL, NAN },
		{ "context-switches", ALL, 10 },
	};
	const struct metric_operand zero[] = {
		{ "task-clock", ALL, 0 },
		{ "context-switches", ALL, 10 },
	};
	struct metric_value out[METRIC_MAX_PER_ROW];

	ck_assert_uint_eq(compute(uncounted, N(uncounted), 1, 1e9, out), 0);
	ck_assert_uint_eq(compute(zero, N(zero), 1, 1e9, out), 0);
}
END_TEST

/* An uncounted row gets nothing, neither its metric nor a rate. */
START_TEST(test_uncounted_row)
{
	const struct metric_operand ops[] = {
		{ "task-clock", ALL, 1e9 },
		{ "cycles", ALL, 1000 },
		{ "instructions", ALL, NAN },
		{ "page-faults", ALL, NAN },
		{ NULL, ALL, NAN },
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

/* An event the user put in group 3 pulls its partner into group 3; no new group is made.
 * A partner already listed but ungrouped joins its ratio's group too. */
START_TEST(test_partner_joins_user_group)
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
	assert_slot(&slots[2], "branches", ALL, 3, true);
	ck_assert_uint_eq(slots[2].anchor, 1);

	n = 2;
	n_groups = 3;
	ck_assert_int_eq(metric_add_partners(set, listed, &n, 8, &n_groups), 0);
	ck_assert_uint_eq(n, 2);
	ck_assert_int_eq(n_groups, 3);
	assert_slot(&listed[0], "instructions", ALL, 2, false);
	assert_slot(&listed[1], "cycles", ALL, 2, false);
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

static Suite *metric_suite(void)
{
	Suite *s = suite_create("metric");
	TCase *compute_tc = tcase_create("compute");
	TCase *partners = tcase_create("partners");

	tcase_add_checked_fixture(compute_tc, setup, teardown);
	tcase_add_test(compute_tc, test_ipc);
	tcase_add_test(compute_tc, test_ipc_mode_matching);
	tcase_add_test(compute_tc, test_miss_ratios);
	tcase_add_test(compute_tc, test_cpus_utilized);
	tcase_add_test(compute_tc, test_ghz);
	tcase_add_test(compute_tc, test_stalls_one_counter);
	tcase_add_test(compute_tc, test_stalls_backend_and_both);
	tcase_add_test(compute_tc, test_zero_denominator);
	tcase_add_test(compute_tc, test_rate_per_second);
	tcase_add_test(compute_tc, test_rate_needs_task_clock);
	tcase_add_test(compute_tc, test_uncounted_row);
	suite_add_tcase(s, compute_tc);

	tcase_add_checked_fixture(partners, setup, teardown);
	tcase_add_test(partners, test_partner_cycles);
	tcase_add_test(partners, test_partner_mode_follows_anchor);
	tcase_add_test(partners, test_partner_two_groups);
	tcase_add_test(partners, test_partner_joins_user_group);
	tcase_add_test(partners, test_partner_present_not_duplicated);
	tcase_add_test(partners, test_partner_added_does_not_seed);
	tcase_add_test(partners, test_partner_non_generic_untouched);
	tcase_add_test(partners, test_partner_nothing_to_add);
	tcase_add_test(partners, test_partner_cap);
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
