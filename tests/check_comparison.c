/* check_comparison.c - Check unit tests for comparing commands' quantities (src/comparison.c):
 * rows gathered from several lists, verdicts, the noise band, ranking, names. Every expected
 * value is worked out by hand in the comment above its test. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "comparison.h"

static struct stats stats_of(const double *values, size_t n)
{
	struct stats s;
	size_t i;

	stats_init(&s);
	for (i = 0; i < n; i++)
		stats_add(&s, values[i]);
	return s;
}

static void add(struct quantity_list *l, const char *key, enum quantity_kind kind,
		enum quantity_direction direction, const double *values, size_t n)
{
	struct stats s = stats_of(values, n);
	struct hp_err err = { "" };

	ck_assert_msg(quantity_list_add(l, key, key, "", kind, direction, &s, &err) == 0, "%s",
		      err.msg);
}

static const struct comparison_row *row(const struct comparison *c, const char *key)
{
	const struct comparison_row *r = comparison_find(c, key);

	ck_assert_msg(r != NULL, "no row '%s'", key);
	return r;
}

/*
 * Three commands. elapsed: A 1.0 1.1 1.2 (mean 1.1), B 2.0 2.2 2.4 (mean 2.2: +100%, far
 * beyond noise: worse), C the same runs as A (+0%: same). page-faults: A 100 100 100, B 50 50
 * 50 (-50%, no spread on either side: the interval is the point, significant, and fewer
 * faults are better), C 100.5 100.5 100.5 (+0.5%: below the 1% noise band, so the same
 * although the interval is the point). insn per cycle, higher is better: A 1 1 1, B 2 2 2
 * (+100%: better), C 0.5 0.5 0.5 (-50%: worse). CPUs utilized, neutral: A 1 1 1, B 2 2 2:
 * changed; C has none. Ranking by elapsed: A and C tie at 1.1 and keep the order given, then
 * B at 2.2 / 1.1 = 2.
 */
START_TEST(test_verdicts_and_ranking)
{
	static const double a_el[] = { 1.0, 1.1, 1.2 }, b_el[] = { 2.0, 2.2, 2.4 };
	static const double a_pf[] = { 100, 100, 100 }, b_pf[] = { 50, 50, 50 },
			    c_pf[] = { 100.5, 100.5, 100.5 };
	static const double one[] = { 1, 1, 1 }, two[] = { 2, 2, 2 }, half[] = { .5, .5, .5 };
	struct quantity_list lists[3] = { { 0 } };
	struct comparison c;
	struct hp_err err = { "" };
	const struct comparison_row *r;
	size_t i;

	add(&lists[0], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, a_el, 3);
	add(&lists[1], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, b_el, 3);
	add(&lists[2], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, a_el, 3);
	add(&lists[0], "page-faults", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, a_pf, 3);
	add(&lists[1], "page-faults", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, b_pf, 3);
	add(&lists[2], "page-faults", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, c_pf, 3);
	add(&lists[0], "insn per cycle (instructions)", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER,
	    one, 3);
	add(&lists[1], "insn per cycle (instructions)", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER,
	    two, 3);
	add(&lists[2], "insn per cycle (instructions)", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER,
	    half, 3);
	add(&lists[0], "CPUs utilized (task-clock)", QUANTITY_METRIC, QUANTITY_NEUTRAL, one, 3);
	add(&lists[1], "CPUs utilized (task-clock)", QUANTITY_METRIC, QUANTITY_NEUTRAL, two, 3);
	ck_assert_msg(comparison_build(&c, lists, 3, 0, 1.0, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(c.n_rows, 4);

	r = row(&c, "elapsed");
	ck_assert_int_eq(r->cells[0].verdict, VERDICT_REFERENCE);
	ck_assert_int_eq(r->cells[1].verdict, VERDICT_WORSE);
	ck_assert(fabs(r->cells[1].change.pct - 100.0) < 1e-9);
	ck_assert_int_eq(r->cells[2].verdict, VERDICT_SAME);

	r = row(&c, "page-faults");
	ck_assert_int_eq(r->cells[1].verdict, VERDICT_BETTER);
	ck_assert(fabs(r->cells[1].change.pct + 50.0) < 1e-9);
	ck_assert_int_eq(r->cells[2].verdict, VERDICT_SAME);
	ck_assert(fabs(r->cells[2].change.pct - 0.5) < 1e-9);

	/* A metric is found by its unit alone when one row has it. */
	r = row(&c, "insn per cycle");
	ck_assert_str_eq(r->key, "insn per cycle (instructions)");
	ck_assert_int_eq(r->cells[1].verdict, VERDICT_BETTER);
	ck_assert_int_eq(r->cells[2].verdict, VERDICT_WORSE);

	r = row(&c, "CPUs utilized");
	ck_assert_int_eq(r->cells[1].verdict, VERDICT_CHANGED);
	ck_assert(!r->cells[2].measured);
	ck_assert_int_eq(r->cells[2].verdict, VERDICT_UNKNOWN);

	ck_assert_str_eq(c.rows[c.sort_row].key, "elapsed");
	ck_assert_uint_eq(c.ranking[0], 0);
	ck_assert_uint_eq(c.ranking[1], 2);
	ck_assert_uint_eq(c.ranking[2], 1);
	ck_assert(fabs(c.rank_ratio[2] - 2.0) < 1e-9);
	ck_assert(c.rank_ratio[0] == 1.0 && c.rank_ratio_se[0] == 0.0);
	comparison_release(&c);
	for (i = 0; i < 3; i++)
		quantity_list_release(&lists[i]);
}
END_TEST

/*
 * Ranking by a quantity that is better higher, with B as the reference: IPC 1, 2, 0.5 ranks B
 * (2) first, then A (1, half of B's: ratio 0.5), then C (0.25).
 */
START_TEST(test_rank_higher_is_better)
{
	static const double one[] = { 1, 1 }, two[] = { 2, 2 }, half[] = { .5, .5 };
	struct quantity_list lists[3] = { { 0 } };
	struct comparison c;
	struct hp_err err = { "" };
	size_t i;

	add(&lists[0], "IPC", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, one, 2);
	add(&lists[1], "IPC", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, two, 2);
	add(&lists[2], "IPC", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, half, 2);
	ck_assert_msg(comparison_build(&c, lists, 3, 1, 1.0, "IPC", &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(c.reference, 1);
	ck_assert_uint_eq(c.ranking[0], 1);
	ck_assert_uint_eq(c.ranking[1], 0);
	ck_assert_uint_eq(c.ranking[2], 2);
	ck_assert(fabs(c.rank_ratio[1] - 0.5) < 1e-12);
	ck_assert(fabs(c.rank_ratio[2] - 0.25) < 1e-12);
	ck_assert(c.rank_ratio_se[1] == 0.0); /* no spread on either side */
	comparison_release(&c);
	for (i = 0; i < 3; i++)
		quantity_list_release(&lists[i]);
}
END_TEST

/* A sort key that names nothing is an error that lists what there is. */
START_TEST(test_sort_names_nothing)
{
	static const double v[] = { 1, 2 };
	struct quantity_list lists[2] = { { 0 } };
	struct comparison c;
	struct hp_err err = { "" };

	add(&lists[0], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, v, 2);
	add(&lists[1], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, v, 2);
	add(&lists[0], "page-faults", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, v, 2);
	ck_assert_int_eq(comparison_build(&c, lists, 2, 0, 1.0, "cyclez", &err), -1);
	ck_assert_str_eq(err.msg, "nothing named 'cyclez' to sort by: name an event, a metric or "
			 "a time, as in 'elapsed', 'page-faults'");
	comparison_release(&c);
	quantity_list_release(&lists[0]);
	quantity_list_release(&lists[1]);
}
END_TEST

/* Two metrics with one unit: the unit alone names neither, each full key names its own. */
START_TEST(test_find_ambiguous_unit)
{
	static const double v[] = { 1, 2 };
	struct quantity_list l = { 0 };
	struct comparison c;
	struct hp_err err = { "" };

	add(&l, "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, v, 2);
	add(&l, "insn per cycle (instructions)", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, v, 2);
	add(&l, "insn per cycle (instructions:u)", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, v, 2);
	ck_assert_msg(comparison_build(&c, &l, 1, 0, 1.0, NULL, &err) == 0, "%s", err.msg);
	ck_assert_ptr_null(comparison_find(&c, "insn per cycle"));
	ck_assert_ptr_nonnull(comparison_find(&c, "insn per cycle (instructions:u)"));
	ck_assert_ptr_null(comparison_find(&c, "cycles"));
	comparison_release(&c);
	quantity_list_release(&l);
}
END_TEST

/* Per-second rates are left out of the comparison; other metrics get their direction. */
START_TEST(test_metric_rows)
{
	static const double v[] = { 1, 2 };
	struct stats s = stats_of(v, 2);
	struct quantity_list l = { 0 };
	struct hp_err err = { "" };

	ck_assert_int_eq(quantity_list_add_metric(&l, "page-faults", "K/sec", false, &s, &err), 0);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_int_eq(quantity_list_add_metric(&l, "branch-misses", "of all branches", true,
						  &s, &err), 0);
	ck_assert_int_eq(quantity_list_add_metric(&l, "instructions", "insn per cycle", false, &s,
						  &err), 0);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0].key, "of all branches (branch-misses)");
	ck_assert_str_eq(l.items[0].unit, "%");
	ck_assert_int_eq(l.items[0].direction, QUANTITY_LOWER_BETTER);
	ck_assert_int_eq(l.items[1].direction, QUANTITY_HIGHER_BETTER);
	quantity_list_release(&l);
}
END_TEST

/*
 * --fail-if's judgment. elapsed: A (the reference) 1.0 1.1 1.2, B 2.0 2.2 2.4 (+100%,
 * worse): past a 50% limit, within 150%; C the same as A. migrations: A 0 0 0; B 2 2 2 (from
 * 0 no percentage exists: its interval [2, 2] is above 0, worse past any limit); C 0 0 0;
 * D 0 1 0 (mean 1/3, sem 1/3, t95(2) = 4.303: the interval reaches below 0, so not shown
 * worse). ipc, higher is better: A 0 0 0, B 1 1 1: more is never worse. util, neutral: no
 * limit applies. only_a: B lacks it. single: A one run.
 */
START_TEST(test_gate)
{
	static const double a_el[] = { 1.0, 1.1, 1.2 }, b_el[] = { 2.0, 2.2, 2.4 };
	static const double zeros[] = { 0, 0, 0 }, twos[] = { 2, 2, 2 }, ones[] = { 1, 1, 1 };
	static const double d_mig[] = { 0, 1, 0 }, five[] = { 5 }, five_six[] = { 5, 6 };
	struct quantity_list lists[4] = { { 0 } };
	struct comparison c;
	struct hp_err err = { "" };
	size_t i;

	add(&lists[0], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, a_el, 3);
	add(&lists[1], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, b_el, 3);
	add(&lists[2], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, a_el, 3);
	add(&lists[3], "elapsed", QUANTITY_TIME, QUANTITY_LOWER_BETTER, a_el, 3);
	add(&lists[0], "migrations", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, zeros, 3);
	add(&lists[1], "migrations", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, twos, 3);
	add(&lists[2], "migrations", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, zeros, 3);
	add(&lists[3], "migrations", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, d_mig, 3);
	add(&lists[0], "ipc", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, zeros, 3);
	add(&lists[1], "ipc", QUANTITY_METRIC, QUANTITY_HIGHER_BETTER, ones, 3);
	add(&lists[0], "util", QUANTITY_METRIC, QUANTITY_NEUTRAL, ones, 3);
	add(&lists[1], "util", QUANTITY_METRIC, QUANTITY_NEUTRAL, twos, 3);
	add(&lists[0], "only_a", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, ones, 3);
	add(&lists[0], "single", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, five, 1);
	add(&lists[1], "single", QUANTITY_EVENT, QUANTITY_LOWER_BETTER, five_six, 2);
	ck_assert_msg(comparison_build(&c, lists, 4, 0, 1.0, NULL, &err) == 0, "%s", err.msg);

	ck_assert_int_eq(comparison_gate(&c, row(&c, "elapsed"), 0, 0), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "elapsed"), 1, 50), GATE_WORSE);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "elapsed"), 1, 150), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "elapsed"), 2, 0), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "migrations"), 1, 1000), GATE_WORSE);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "migrations"), 2, 0), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "migrations"), 3, 0), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "ipc"), 1, 0), GATE_PASSED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "util"), 1, 5), GATE_NEUTRAL);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "only_a"), 1, 5), GATE_UNMEASURED);
	ck_assert_int_eq(comparison_gate(&c, row(&c, "single"), 1, 5), GATE_ONE_RUN);
	comparison_release(&c);
	for (i = 0; i < 4; i++)
		quantity_list_release(&lists[i]);
}
END_TEST

static Suite *comparison_suite(void)
{
	Suite *s = suite_create("comparison");
	TCase *tc = tcase_create("compare");

	tcase_add_test(tc, test_verdicts_and_ranking);
	tcase_add_test(tc, test_rank_higher_is_better);
	tcase_add_test(tc, test_sort_names_nothing);
	tcase_add_test(tc, test_find_ambiguous_unit);
	tcase_add_test(tc, test_metric_rows);
	tcase_add_test(tc, test_gate);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(comparison_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
