/* check_topdown.c - Check unit tests for the CPU families' top-down files: each parses, and
 * each metric gives the value worked out by hand from round counts. */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include "formula.h"
#include "preset.h"

#ifndef EVENTS_DIR
#error "EVENTS_DIR must name the source tree's events directory"
#endif

/* A count the formulas read by name (events, duration_time, pmu_slots). */
struct count {
	const char *name;
	double value;
};

/* A metric's value, worked by hand from a family's counts. */
struct expect {
	const char *metric;
	double value;
};

struct family {
	const char *preset;
	const struct count *counts;
	size_t n_counts;
	const struct expect *expects;
	size_t n_expects;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * topdown-intel: the four level-1 events sum to 1000 slots; slots itself says 1024, so a
 * share that divided by slots instead of the sum would be off.
 *   retiring        250 / 1000 = 25 %       heavy operations    50 / 1000 = 5 %
 *   bad speculation 100 / 1000 = 10 %       light operations    25 - 5    = 20 %
 *   frontend bound  150 / 1000 = 15 %       branch mispredicts  80 / 1000 = 8 %
 *   backend bound   500 / 1000 = 50 %       machine clears      10 - 8    = 2 %
 *                                           fetch latency       90 / 1000 = 9 %
 *                                           fetch bandwidth     15 - 9    = 6 %
 *                                           memory bound       300 / 1000 = 30 %
 *                                           core bound          50 - 30   = 20 %
 */
static const struct count intel_counts[] = {
	{ "slots", 1024 },
	{ "topdown-retiring", 250 },     { "topdown-bad-spec", 100 },
	{ "topdown-fe-bound", 150 },     { "topdown-be-bound", 500 },
	{ "topdown-heavy-ops", 50 },     { "topdown-br-mispredict", 80 },
	{ "topdown-fetch-lat", 90 },     { "topdown-mem-bound", 300 },
};
static const struct expect intel_expects[] = {
	{ "retiring", 25 },         { "bad speculation", 10 },  { "frontend bound", 15 },
	{ "backend bound", 50 },    { "heavy operations", 5 },  { "light operations", 20 },
	{ "branch mispredicts", 8 }, { "machine clears", 2 },   { "fetch latency", 9 },
	{ "fetch bandwidth", 6 },   { "memory bound", 30 },     { "core bound", 20 },
};

/*
 * topdown-intel-skylake: level 1 counts 1000 cycles, so 4000 slots.
 *   frontend bound   800 / 4000                    = 20 %
 *   retiring        1200 / 4000                    = 30 %
 *   bad speculation (1400 - 1200 + 4 * 50) / 4000  = 10 %
 *   backend bound   100 - 20 - 30 - 10             = 40 %
 * Level 2's own group counts 500 cycles (2000 slots) and 500 instructions:
 *   fetch latency    60 / 500                      = 12 %
 *   fetch bandwidth  20 - 12                       = 8 %
 *   heavy operations 30 + (100 - 500) / 2000 * 100 = 30 - 20 = 10 %
 *   light operations 30 - 10                       = 20 %
 *   branch mispredicts 10 * 30 / (30 + 10)         = 7.5 %
 *   machine clears   10 - 7.5                      = 2.5 %
 *   memory stalls (400 + 100) over (550 + 200 + 0.3 * 500 + 100 = 1000) = 0.5:
 *   memory bound     40 * 0.5                      = 20 %
 *   core bound       40 - 20                       = 20 %
 */
static const struct count skylake_counts[] = {
	{ "CPU_CLK_UNHALTED:THREAD_P", 1000 },
	{ "IDQ_UOPS_NOT_DELIVERED:CORE", 800 },
	{ "UOPS_ISSUED:ANY", 1400 },
	{ "UOPS_RETIRED:RETIRE_SLOTS", 1200 },
	{ "INT_MISC:RECOVERY_CYCLES", 50 },
	{ "cycles", 500 },
	{ "instructions", 500 },
	{ "IDQ_UOPS_NOT_DELIVERED:CYCLES_0_UOPS_DELIV_CORE", 60 },
	{ "r04c2", 100 },
	{ "BR_MISP_RETIRED:ALL_BRANCHES", 30 },
	{ "MACHINE_CLEARS:COUNT", 10 },
	{ "EXE_ACTIVITY:2_PORTS_UTIL", 500 },
	{ "CYCLE_ACTIVITY:STALLS_MEM_ANY", 400 },
	{ "EXE_ACTIVITY:BOUND_ON_STORES", 100 },
	{ "CYCLE_ACTIVITY:STALLS_TOTAL", 550 },
	{ "EXE_ACTIVITY:1_PORTS_UTIL", 200 },
};
static const struct expect skylake_expects[] = {
	{ "retiring", 30 },          { "bad speculation", 10 },  { "frontend bound", 20 },
	{ "backend bound", 40 },     { "heavy operations", 10 }, { "light operations", 20 },
	{ "branch mispredicts", 7.5 }, { "machine clears", 2.5 }, { "fetch latency", 12 },
	{ "fetch bandwidth", 8 },    { "memory bound", 20 },     { "core bound", 20 },
};

/*
 * topdown-amd (Zen 4, 6 slots a cycle). The first group counts 1000 cycles (6000 slots),
 * the second 500 (3000 slots):
 *   frontend bound 1200 / 6000 = 20 %     bad speculation (1200 - 900) / 3000 = 10 %
 *   backend bound  1800 / 6000 = 30 %     retiring        900 / 3000          = 30 %
 *   smt contention  600 / 6000 = 10 %     (the five add up to 100 %)
 *   fetch latency  6 * 100 / 6000 = 10 %, fetch bandwidth 20 - 10 = 10 %
 *   branch mispredicts 10 * 40 / (40 + 10) = 8 %, pipeline restarts 10 - 8 = 2 %
 *   memory bound 30 * 300 / 500 = 18 %, core bound 30 - 18 = 12 %
 *   microcode operations 30 * 90 / 900 = 3 %, fastpath operations 30 - 3 = 27 %
 */
static const struct count zen4_counts[] = {
	{ "CYCLES_NOT_IN_HALT", 1000 },
	{ "DISPATCH_STALLS_1:FE_NO_OPS", 1200 },
	{ "DISPATCH_STALLS_1:BE_STALLS", 1800 },
	{ "DISPATCH_STALLS_1:SMT_CONTENTION", 600 },
	{ "r1060001a0", 100 },
	{ "amd64_fam19h_zen4::CYCLES_NOT_IN_HALT", 500 },
	{ "OPS_SOURCE_DISPATCHED_FROM_DECODER:DECODER:OPCACHE:LOOP_BUFFER", 1200 },
	{ "RETIRED_OPS", 900 },
	{ "RETIRED_UCODE_OPS", 90 },
	{ "RETIRED_BRANCH_INSTRUCTIONS_MISPREDICTED", 40 },
	{ "RESYNCS", 10 },
	{ "CYCLES_NO_RETIRE:NOT_COMPLETE_MISSING_LOAD", 300 },
	{ "CYCLES_NO_RETIRE:NOT_COMPLETE_LOAD_AND_ALU", 500 },
};
static const struct expect zen4_expects[] = {
	{ "retiring", 30 },            { "bad speculation", 10 },     { "frontend bound", 20 },
	{ "backend bound", 30 },       { "smt contention", 10 },      { "fetch latency", 10 },
	{ "fetch bandwidth", 10 },     { "branch mispredicts", 8 },   { "pipeline restarts", 2 },
	{ "memory bound", 18 },        { "core bound", 12 },          { "microcode operations", 3 },
	{ "fastpath operations", 27 },
};

/*
 * topdown-amd-zen5 (8 slots a cycle). The first group counts 1000 cycles (8000 slots), the
 * second 500 (4000 slots):
 *   frontend bound 1600 / 8000 = 20 %     bad speculation (1600 - 1200) / 4000 = 10 %
 *   backend bound  2400 / 8000 = 30 %     retiring        1200 / 4000          = 30 %
 *   smt contention  800 / 8000 = 10 %
 *   fetch latency  8 * 100 / 8000 = 10 %, fetch bandwidth 20 - 10 = 10 %
 *   branch mispredicts 10 * 40 / (40 + 10) = 8 %, pipeline restarts 10 - 8 = 2 %
 *   memory bound 30 * 300 / 500 = 18 %, core bound 30 - 18 = 12 %
 *   microcode operations 30 * 120 / 1200 = 3 %, fastpath operations 30 - 3 = 27 %
 */
static const struct count zen5_counts[] = {
	{ "r0076", 1000 },      { "r1000001a0", 1600 }, { "r100001ea0", 2400 },
	{ "r1000060a0", 800 },  { "r1080001a0", 100 },  { "cycles", 500 },
	{ "instructions", 700 }, { "r07aa", 1600 },     { "r00c1", 1200 },
	{ "r1000000c2", 120 },  { "r00c3", 40 },        { "r019f", 10 },
	{ "ra2d6", 300 },       { "r02d6", 500 },
};
static const struct expect zen5_expects[] = {
	{ "retiring", 30 },            { "bad speculation", 10 },     { "frontend bound", 20 },
	{ "backend bound", 30 },       { "smt contention", 10 },      { "fetch latency", 10 },
	{ "fetch bandwidth", 10 },     { "branch mispredicts", 8 },   { "pipeline restarts", 2 },
	{ "memory bound", 18 },        { "core bound", 12 },          { "microcode operations", 3 },
	{ "fastpath operations", 27 },
};

/*
 * topdown-arm: 8 slots a cycle, 1000 cycles, so 8000 slots.
 *   frontend bound 1600 / 8000 = 20 %, backend bound 2400 / 8000 = 30 %
 *   slots that issued: 1 - 4000 / 8000 = 0.5; of the ops, 4000 / 5000 = 0.8 retired:
 *   retiring 0.8 * 0.5 = 40 %, bad speculation 0.2 * 0.5 = 10 %
 * Level 2's own group: 2000 cycles, 3000 instructions.
 *   frontend stalled cycles 500 / 2000 = 25 %, backend stalled cycles 700 / 2000 = 35 %
 *   branch mispredict ratio 6 / 600 = 1 %, branch MPKI 1000 * 6 / 3000 = 2
 */
static const struct count arm_counts[] = {
	{ "pmu_slots", 8 },
	{ "cpu_cycles", 1000 },      { "stall_slot_frontend", 1600 },
	{ "stall_slot_backend", 2400 }, { "stall_slot", 4000 },
	{ "op_spec", 5000 },         { "op_retired", 4000 },
	{ "cycles", 2000 },          { "instructions", 3000 },
	{ "stall_frontend", 500 },   { "stall_backend", 700 },
	{ "br_mis_pred_retired", 6 }, { "br_retired", 600 },
};
static const struct expect arm_expects[] = {
	{ "retiring", 40 },                { "bad speculation", 10 },
	{ "frontend bound", 20 },          { "backend bound", 30 },
	{ "frontend stalled cycles", 25 }, { "backend stalled cycles", 35 },
	{ "branch mispredict ratio", 1 },  { "branch MPKI", 2 },
};

static const struct family families[] = {
	{ "topdown-intel", intel_counts, N(intel_counts), intel_expects, N(intel_expects) },
	{ "topdown-intel-skylake", skylake_counts, N(skylake_counts), skylake_expects,
	  N(skylake_expects) },
	{ "topdown-amd", zen4_counts, N(zen4_counts), zen4_expects, N(zen4_expects) },
	{ "topdown-amd-zen5", zen5_counts, N(zen5_counts), zen5_expects, N(zen5_expects) },
	{ "topdown-arm", arm_counts, N(arm_counts), arm_expects, N(arm_expects) },
};

/* The counts a lookup answers from; `missing` (or NULL) is answered NaN, as an event that was
 * not counted is, and so is every name the table lacks. */
struct lookup {
	const struct count *counts;
	size_t n;
	const char *missing;
};

static double lookup_count(void *ctx, const char *name)
{
	const struct lookup *lk = ctx;
	size_t i;

	if (lk->missing && strcasecmp(name, lk->missing) == 0)
		return NAN;
	for (i = 0; i < lk->n; i++)
		if (strcasecmp(name, lk->counts[i].name) == 0)
			return lk->counts[i].value;
	return NAN;
}

static void load(const char *name, struct preset *p)
{
	struct hp_err err = { .msg = "" };

	ck_assert_msg(preset_load_from(name, EVENTS_DIR, p, &err) == 0, "%s: %s", name, err.msg);
}

static struct formula *parse(const struct preset *p, size_t i)
{
	struct hp_err err = { .msg = "" };
	struct formula *f = formula_parse(p->metrics[i].formula, &err);

	ck_assert_msg(f, "%s: metric '%s': %s", p->name, p->metrics[i].name, err.msg);
	return f;
}

static double eval(const struct preset *p, size_t i, const struct lookup *lk)
{
	struct formula *f = parse(p, i);
	double v = formula_eval(f, lookup_count, (void *)lk);

	formula_free(f);
	return v;
}

static const char *group_of(const struct preset *p, size_t i)
{
	return p->metrics[i].group == PRESET_NO_GROUP ? "" : p->groups[p->metrics[i].group].name;
}

static ssize_t find_metric(const struct preset *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n_metrics; i++)
		if (strcmp(p->metrics[i].name, name) == 0)
			return (ssize_t)i;
	return -1;
}

/* Every metric has its hand-worked value, and every hand-worked value a metric. */
START_TEST(test_values)
{
	const struct family *fam = &families[_i];
	struct lookup lk = { fam->counts, fam->n_counts, NULL };
	struct preset p;
	size_t e;

	load(fam->preset, &p);
	ck_assert_msg(p.n_metrics == fam->n_expects, "%s: %zu metrics, %zu worked by hand",
		      fam->preset, p.n_metrics, fam->n_expects);
	for (e = 0; e < fam->n_expects; e++) {
		ssize_t i = find_metric(&p, fam->expects[e].metric);
		double v;

		ck_assert_msg(i >= 0, "%s: no metric '%s'", fam->preset, fam->expects[e].metric);
		v = eval(&p, (size_t)i, &lk);
		ck_assert_msg(!isnan(v), "%s: '%s' is not available", fam->preset,
			      fam->expects[e].metric);
		ck_assert_double_eq_tol(v, fam->expects[e].value, 1e-9);
	}
	preset_release(&p);
}
END_TEST

/* Level 1 accounts for every slot: its shares add up to 100 %. */
START_TEST(test_level1_adds_up)
{
	const struct family *fam = &families[_i];
	struct lookup lk = { fam->counts, fam->n_counts, NULL };
	struct preset p;
	double sum = 0;
	size_t i, n = 0;

	load(fam->preset, &p);
	for (i = 0; i < p.n_metrics; i++)
		if (strcmp(group_of(&p, i), "TopdownL1") == 0) {
			ck_assert_str_eq(p.metrics[i].unit, "%");
			sum += eval(&p, i, &lk);
			n++;
		}
	ck_assert_uint_ge(n, 4);
	ck_assert_double_eq_tol(sum, 100.0, 1e-9);
	preset_release(&p);
}
END_TEST

/* A metric is not available when any event it reads was not counted: never 0, never a
 * number made of the inputs that were. */
START_TEST(test_missing_input_is_nan)
{
	const struct family *fam = &families[_i];
	struct preset p;
	size_t i, k;

	load(fam->preset, &p);
	for (i = 0; i < p.n_metrics; i++) {
		struct formula *f = parse(&p, i);

		ck_assert_uint_gt(formula_input_count(f), 0);
		for (k = 0; k < formula_input_count(f); k++) {
			struct lookup lk = { fam->counts, fam->n_counts, formula_input(f, k) };
			double v = formula_eval(f, lookup_count, &lk);

			ck_assert_msg(isnan(v), "%s: '%s' is %g without '%s'", fam->preset,
				      p.metrics[i].name, v, formula_input(f, k));
		}
		formula_free(f);
	}
	preset_release(&p);
}
END_TEST

/* What scripts and --topdown rely on across CPUs: the files say which CPUs they describe,
 * have TopdownL1 and TopdownL2, level 1's four names, and the bottleneck among the three
 * that are not retiring. */
START_TEST(test_shape)
{
	static const char *const l1[] = { "retiring", "bad speculation", "frontend bound",
					   "backend bound" };
	const struct family *fam = &families[_i];
	struct preset p;
	size_t i, g;
	bool have_l1 = false, have_l2 = false;

	load(fam->preset, &p);
	ck_assert_uint_ge(p.n_cpus, 1);
	for (g = 0; g < p.n_groups; g++) {
		have_l1 |= strcmp(p.groups[g].name, "TopdownL1") == 0;
		have_l2 |= strcmp(p.groups[g].name, "TopdownL2") == 0;
	}
	ck_assert_msg(have_l1 && have_l2, "%s: TopdownL1 and TopdownL2 wanted", fam->preset);
	for (i = 0; i < N(l1); i++) {
		ssize_t m = find_metric(&p, l1[i]);

		ck_assert_msg(m >= 0, "%s: no '%s'", fam->preset, l1[i]);
		ck_assert_str_eq(group_of(&p, (size_t)m), "TopdownL1");
		ck_assert_int_eq(p.metrics[m].bottleneck, strcmp(l1[i], "retiring") != 0);
	}
	for (i = 0; i < p.n_metrics; i++)
		ck_assert_msg(p.metrics[i].description[0] != '\0', "%s: '%s' undescribed",
			      fam->preset, p.metrics[i].name);
	preset_release(&p);
}
END_TEST

/* A kernel that does not publish caps/slots leaves every slot share unavailable; with 5
 * slots (Neoverse N2) the same counts give other, hand-worked shares. */
START_TEST(test_arm_slots)
{
	static const char *const l1[] = { "retiring", "bad speculation", "frontend bound",
					   "backend bound" };
	struct count counts[N(arm_counts)];
	struct lookup lk = { counts, N(counts), "pmu_slots" };
	struct preset p;
	size_t i;

	memcpy(counts, arm_counts, sizeof(counts));
	load("topdown-arm", &p);
	for (i = 0; i < N(l1); i++)
		ck_assert(isnan(eval(&p, (size_t)find_metric(&p, l1[i]), &lk)));
	/* The cycle and branch ratios of level 2 do not need the slots. */
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "branch MPKI"), &lk), 2, 1e-9);

	/* 5 slots, 1000 cycles: 5000 slots. frontend 1600 / 5000 = 32 %, backend 2400 / 5000
	 * = 48 %, issued 1 - 4000 / 5000 = 0.2: retiring 0.8 * 0.2 = 16 %, bad speculation
	 * 0.2 * 0.2 = 4 %. */
	ck_assert_str_eq(counts[0].name, "pmu_slots");
	counts[0].value = 5;
	lk.missing = NULL;
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "frontend bound"), &lk), 32,
				1e-9);
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "backend bound"), &lk), 48,
				1e-9);
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "retiring"), &lk), 16, 1e-9);
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "bad speculation"), &lk), 4,
				1e-9);
	preset_release(&p);
}
END_TEST

/* A child counted larger than its parent (the two are read at slightly different moments)
 * leaves the sibling at 0, not negative: 300 heavy-operation slots of 250 retiring. */
START_TEST(test_intel_sibling_floor)
{
	struct count counts[N(intel_counts)];
	struct lookup lk = { counts, N(counts), NULL };
	struct preset p;
	size_t i;

	memcpy(counts, intel_counts, sizeof(counts));
	for (i = 0; i < N(counts); i++)
		if (strcmp(counts[i].name, "topdown-heavy-ops") == 0)
			counts[i].value = 300;
	load("topdown-intel", &p);
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "heavy operations"), &lk), 30,
				1e-9);
	ck_assert_double_eq_tol(eval(&p, (size_t)find_metric(&p, "light operations"), &lk), 0,
				1e-9);
	preset_release(&p);
}
END_TEST

static Suite *topdown_suite(void)
{
	Suite *s = suite_create("topdown");
	TCase *files = tcase_create("files");
	TCase *cases = tcase_create("cases");

	tcase_add_loop_test(files, test_values, 0, (int)N(families));
	tcase_add_loop_test(files, test_level1_adds_up, 0, (int)N(families));
	tcase_add_loop_test(files, test_missing_input_is_nan, 0, (int)N(families));
	tcase_add_loop_test(files, test_shape, 0, (int)N(families));
	suite_add_tcase(s, files);

	tcase_add_test(cases, test_arm_slots);
	tcase_add_test(cases, test_intel_sibling_floor);
	suite_add_tcase(s, cases);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(topdown_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
