/* check_baseline.c - Check unit tests for reading a saved --json result back (src/baseline.c). */
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"

/* A one-command result cut to what baseline_parse reads: two runs, one counted event with a
 * metric, one event that never counted, a preset metric. */
static const char single[] =
	"{ \"command\": \"./prog 1\", \"events\": ["
	"  { \"name\": \"instructions\", \"state\": \"counted\", \"unit\": \"\","
	"    \"per_run\": [3000, 3100],"
	"    \"metrics\": [ { \"value\": 1.5, \"unit\": \"insn per cycle\", \"percent\": false,"
	"                   \"per_run\": [1.5, 1.55] } ] },"
	"  { \"name\": \"cycles\", \"state\": \"not-supported\", \"unit\": \"\", \"per_run\": [] }"
	"], \"metrics\": [ { \"name\": \"IPC\", \"value\": 1.5, \"unit\": \"\","
	"                  \"per_run\": [1.5, null] } ],"
	"\"runs\": [ { \"elapsed_s\": 1.0, \"user_s\": 0.5, \"sys_s\": 0.1, \"max_rss_kib\": 100 },"
	"          { \"elapsed_s\": 3.0, \"user_s\": 0.7, \"sys_s\": 0.1, \"max_rss_kib\": 300 } ] }";

static const struct quantity *find(const struct baseline *b, const char *key)
{
	size_t i;

	for (i = 0; i < b->quantities.n; i++)
		if (strcmp(b->quantities.items[i].key, key) == 0)
			return &b->quantities.items[i];
	return NULL;
}

START_TEST(test_single_result)
{
	struct baseline b;
	struct hp_err err = { "" };
	const struct quantity *q;

	ck_assert_msg(baseline_parse(&b, single, strlen(single), "b.json", &err) == 0, "%s",
		      err.msg);
	ck_assert_str_eq(b.command, "./prog 1");
	ck_assert_uint_eq(b.runs, 2);
	/* elapsed 1 and 3: mean 2, stddev sqrt(2) */
	q = find(&b, "elapsed");
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->stats.n, 2);
	ck_assert(fabs(stats_mean(&q->stats) - 2.0) < 1e-12);
	ck_assert(fabs(stats_stddev(&q->stats) - sqrt(2.0)) < 1e-12);
	ck_assert(fabs(stats_mean(&find(&b, "max-rss")->stats) - 200.0) < 1e-12);
	q = find(&b, "instructions");
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->kind, QUANTITY_EVENT);
	ck_assert(fabs(stats_mean(&q->stats) - 3050.0) < 1e-9);
	q = find(&b, "insn per cycle (instructions)");
	ck_assert_ptr_nonnull(q);
	ck_assert_int_eq(q->direction, QUANTITY_HIGHER_BETTER);
	ck_assert(fabs(stats_mean(&q->stats) - 1.525) < 1e-12);
	ck_assert_ptr_null(find(&b, "cycles")); /* never counted: nothing to compare */
	q = find(&b, "IPC");
	ck_assert_ptr_nonnull(q);
	ck_assert_uint_eq(q->stats.n, 1); /* the null run left out */
	baseline_release(&b);
}
END_TEST

START_TEST(test_comparison_result_gives_its_reference)
{
	static const char doc[] =
		"{ \"kind\": \"comparison\", \"reference\": 1, \"commands\": ["
		"  { \"result\": { \"command\": \"a\", \"events\": [], \"runs\": [ "
		"    { \"elapsed_s\": 9 } ] } },"
		"  { \"result\": { \"command\": \"b\", \"events\": [], \"runs\": [ "
		"    { \"elapsed_s\": 4 } ] } } ] }";
	struct baseline b;
	struct hp_err err = { "" };

	ck_assert_msg(baseline_parse(&b, doc, strlen(doc), "c.json", &err) == 0, "%s", err.msg);
	ck_assert_str_eq(b.command, "b");
	ck_assert(stats_mean(&find(&b, "elapsed")->stats) == 4.0);
	baseline_release(&b);
}
END_TEST

START_TEST(test_refused)
{
	static const char no_runs[] = "{ \"command\": \"a\", \"events\": [], \"runs\": [] }";
	struct baseline b;
	struct hp_err err = { "" };

	ck_assert_int_eq(baseline_parse(&b, "[1,", 3, "x.json", &err), -1);
	ck_assert_str_eq(err.msg, "cannot read the baseline 'x.json': invalid JSON at line 1, "
			 "column 4: expected a value, found the end of the input");
	baseline_release(&b);
	ck_assert_int_eq(baseline_parse(&b, "{\"a\": 1}", 8, "x.json", &err), -1);
	ck_assert_str_eq(err.msg, "'x.json' is not an hpstat --json result: give a file written "
			 "by 'hpstat --json -o FILE'");
	baseline_release(&b);
	ck_assert_int_eq(baseline_parse(&b, no_runs, strlen(no_runs), "x.json", &err), -1);
	ck_assert_str_eq(err.msg, "'x.json' holds no finished run to compare against");
	baseline_release(&b);
}
END_TEST

/* single[] with one text replaced: the result must not be read. */
static void assert_edit_refused(const char *from, const char *to, const char *want)
{
	char doc[sizeof(single) + 64];
	const char *at = strstr(single, from);
	struct baseline b;
	struct hp_err err = { "" };

	ck_assert_ptr_nonnull(at);
	snprintf(doc, sizeof(doc), "%.*s%s%s", (int)(at - single), single, to, at + strlen(from));
	ck_assert_int_eq(baseline_parse(&b, doc, strlen(doc), "e.json", &err), -1);
	ck_assert_str_eq(err.msg, want);
	baseline_release(&b);
}

/* Values no hpstat result holds: a negative count or time, a string for a number, one past
 * 2e19 (a change in percent from it would overflow), a metric value that is text, and a
 * per-run array shorter than the runs. A null (a run that did not count) stays fine, and a
 * metric may be negative. */
START_TEST(test_impossible_values_refused)
{
	static const char tail[] = " is no value an hpstat result holds (not a number, negative, "
				   "or too big): give a file written by 'hpstat --json -o FILE'";
	char want[512];

	snprintf(want, sizeof(want), "cannot read the baseline 'e.json': the per_run of "
		 "'instructions' of run 2%s", tail);
	assert_edit_refused("[3000, 3100]", "[3000, -3100]", want);
	assert_edit_refused("[3000, 3100]", "[3000, \"3100\"]", want);
	assert_edit_refused("[3000, 3100]", "[3000, 1e20]", want);
	snprintf(want, sizeof(want), "cannot read the baseline 'e.json': the elapsed_s of run 1%s",
		 tail);
	assert_edit_refused("\"elapsed_s\": 1.0", "\"elapsed_s\": -1.0", want);
	snprintf(want, sizeof(want), "cannot read the baseline 'e.json': the per_run of 'insn per "
		 "cycle' of 'instructions' of run 1%s", tail);
	assert_edit_refused("[1.5, 1.55]", "[\"x\", 1.55]", want);
	assert_edit_refused("[3000, 3100]", "[3000]",
			    "cannot read the baseline 'e.json': the per_run of 'instructions' has "
			    "1 values for 2 runs: give a file written by 'hpstat --json -o FILE'");
}
END_TEST

START_TEST(test_null_and_negative_metric_read)
{
	char doc[sizeof(single) + 16];
	const char *at = strstr(single, "[1.5, 1.55]");
	struct baseline b;
	struct hp_err err = { "" };

	snprintf(doc, sizeof(doc), "%.*s[-1.5, null]%s", (int)(at - single), single,
		 at + strlen("[1.5, 1.55]"));
	ck_assert_msg(baseline_parse(&b, doc, strlen(doc), "n.json", &err) == 0, "%s", err.msg);
	baseline_release(&b);
}
END_TEST

static Suite *baseline_suite(void)
{
	Suite *s = suite_create("baseline");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_single_result);
	tcase_add_test(tc, test_impossible_values_refused);
	tcase_add_test(tc, test_null_and_negative_metric_read);
	tcase_add_test(tc, test_comparison_result_gives_its_reference);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(baseline_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
