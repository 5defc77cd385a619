/* check_output_csv.c - Check tests for the --csv backend (src/output_csv.c): its number format,
 * and golden output written out in full for fixed reports, in the C locale and a comma one. */
#include <check.h>
#include <dirent.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h" /* before fixture.h, which uses output_write_fn */
#include "comma_locale.h"
#include "fixture.h"
#include "output_csv.h"

#define ALL 0 /* enum event_mode's EVENT_MODE_ALL; report.c only passes it on */

/* ---------------------------------------------------------------- numbers */

static void assert_number(double value, const char *want)
{
	char buf[OUTPUT_CSV_NUMBER_MAX];

	ck_assert_str_eq(output_csv_number(buf, sizeof(buf), value), want);
}

START_TEST(test_number_format)
{
	assert_number(1052.4, "1052.4");
	assert_number(0.00025, "0.00025");
	assert_number(129188, "129188");
	assert_number(200.0 / 3.0, "66.6666666666667"); /* 15 significant digits, rounded */
	assert_number(0.1 + 0.2, "0.3");                /* 0.30000000000000004: noise dropped */
	assert_number(-2.5, "-2.5");
	assert_number(-15.412, "-15.412");
	assert_number(0.0, "0");
	assert_number(-0.0, "0");
	assert_number(1, "1");
	assert_number(100, "100");
	/* Positional from 1e-5 up to 1e15, exponent form outside. */
	assert_number(1e-5, "0.00001");
	assert_number(1.5e-5, "0.000015");
	assert_number(9.5e-6, "9.5e-06");
	assert_number(999999999999999.0, "999999999999999");
	assert_number(1e15, "1e+15");
	assert_number(123456789012345678.0, "1.23456789012346e+17");
	assert_number(-1e300, "-1e+300");
	assert_number(5e-324, "4.94065645841247e-324");
	/* Unavailable: an empty field, never "nan" or "inf". */
	assert_number(NAN, "");
	assert_number(INFINITY, "");
	assert_number(-INFINITY, "");
}
END_TEST

/* The layout reads printf's digits and exponent and drops its decimal point, whatever it is:
 * here a decimal comma and U+066B (as some locales have), fed without any locale. */
START_TEST(test_number_any_decimal_point)
{
	char buf[OUTPUT_CSV_NUMBER_MAX];

	ck_assert_str_eq(output_csv_number_from_sci(buf, sizeof(buf), "1,05240000000000e+03"),
			 "1052.4");
	ck_assert_str_eq(output_csv_number_from_sci(buf, sizeof(buf),
						    "6\xd9\xab" "66666666666667e+01"),
			 "66.6666666666667");
	ck_assert_str_eq(output_csv_number_from_sci(buf, sizeof(buf), "-2,50000000000000e-03"),
			 "-0.0025");
	ck_assert_str_eq(output_csv_number_from_sci(buf, sizeof(buf), "1,50000000000000e+20"),
			 "1.5e+20");
	ck_assert_str_eq(output_csv_number_from_sci(buf, sizeof(buf), "0,00000000000000e+00"),
			 "0");
}
END_TEST

START_TEST(test_number_short_buffer)
{
	char buf[5];

	/* Truncated, terminated, never overrun. */
	ck_assert_str_eq(output_csv_number(buf, sizeof(buf), 1052.4), "1052");
	ck_assert_ptr_eq(output_csv_number(buf, sizeof(buf), 1), buf);
}
END_TEST

/* ---------------------------------------------------------------- the fixed report */

static char *command_prog[] = { "./prog", "--flag", NULL };

/*
 * fixture.h's fixed runs, two of seven events, each row worked by hand below. With n = 2 and values a, b:
 * mean (a + b) / 2, stddev |a - b| / sqrt 2, sem = stddev / sqrt 2 = |a - b| / 2, and the
 * 95% CI is mean -+ t95(1) * sem = mean -+ 12.7062047362 * |a - b| / 2, a low bound below 0
 * raised to 0 since no count or time is negative (t95(1) is
 * tan(0.475 pi) = 12.70620473617..., rounded by stats_t95 to 10 decimals). The median of two
 * is their mean.
 *
 *   task-clock     8e6, 12e6 ns -> 8, 12 msec: mean 10, stddev sqrt 8 = 2.82842712474619(03),
 *                  sem 2, CI 10 -+ 25.4124094724; CPUs utilized 10 ms / 20 ms elapsed = 0.5
 *   page-faults    1000, 1004: mean 1002, sem 2, CI 1002 -+ 25.4124094724 = 976.5875905276,
 *                  1027.4124094724;
 *                  1002 / 0.010 s of task-clock = 100200/sec = 100.2 K/sec
 *   cycles         refused by the kernel: not-supported, nothing enabled, so no running_pct
 *   branches       added for branch-misses; ran 2000 of 3000 ns in each run (multiplexed):
 *                  2000 * 3/2 = 3000 and 2400 * 3/2 = 3600, mean 3300, stddev sqrt 180000 =
 *                  424.264068711929 (424.26406871192853 rounds up), sem 300,
 *                  CI 3300 -+ 3811.86142086;
 *                  running 4000 of 6000 ns = 66.6666666666667 %; 3300 / 0.01 s = 330 K/sec
 *   branch-misses  30, 36: mean 33, stddev sqrt 18 = 4.24264068711928 (the double is
 *                  4.2426406871192847...), sem 3, CI 33 -+ 38.1186142086; 100 * 33 / 3300 =
 *                  1 %. The low bound shows cancellation: in binary the sem is sqrt 18 /
 *                  sqrt 2 = 2.9999999999999996 and 33 - 12.7062047362 * sem =
 *                  -5.118614208599993, which 15 digits faithfully give as -5.11861420859999
 *                  (no more is left in the double)
 *   pmu/event=1,umask=2/  enabled, never running: not-counted, running_pct 0; name and
 *                  resolved name hold commas and are quoted
 *   we"ird         counted in run 1 only (7), user-only so shown as we"ird:u, quotes doubled;
 *                  one value: stddev, sem and CI empty; running 100 of 200 ns = 50 %;
 *                  7 / 0.01 s = 700 /sec
 *   elapsed        18 and 22 ms: mean 0.02, stddev 0.00282842712474619, sem 0.002,
 *                  CI 0.02 -+ 0.0254124094724; the low bound cancels likewise (mean
 *                  0.019999999999999997, sem 0.002000000000000001): -0.005412409472400015 ->
 *                  -0.00541240947240001
 *   user           5 and 7 ms: mean 0.006, stddev sqrt 2e-6 = 0.0014142135623731(0), sem 0.001,
 *                  CI 0.006 -+ 0.0127062047362
 *   sys            1 ms both: stddev 0, CI 0.001 both ways
 *   max-rss        1500 and 1700 KiB: mean 1600, stddev sqrt 20000 = 141.42135623731(0),
 *                  sem 100, CI 1600 -+ 1270.62047362
 */
static const char fixed_summary[] =
	"type,event,resolved,unit,runs,mean,stddev,sem,ci95_low,ci95_high,min,median,max,"
	"running_pct,state,added,metric,metric_unit\n"
	"event,task-clock,task-clock,msec,2,10,2.82842712474619,2,0,35.4124094724,"
	"8,10,12,100,counted,0,0.5,CPUs utilized\n"
	"event,page-faults,page-faults,,2,1002,2.82842712474619,2,976.5875905276,1027.4124094724,"
	"1000,1002,1004,100,counted,0,100.2,K/sec\n"
	"event,cycles,cycles,,0,,,,,,,,,,not-supported,0,,\n"
	"event,branches,branches,,2,3300,424.264068711929,300,0,7111.86142086,3000,"
	"3300,3600,66.6666666666667,counted,1,330,K/sec\n"
	"event,branch-misses,branch-misses,,2,33,4.24264068711928,3,0,"
	"71.1186142086,30,33,36,100,counted,0,1,% of all branches\n"
	"event,\"pmu/event=1,umask=2/\",\"cpu/event=0x1,umask=0x2/\",,0,,,,,,,,,0,not-counted,"
	"0,,\n"
	"event,\"we\"\"ird:u\",\"we\"\"ird\",,1,7,,,,,7,7,7,50,counted,0,700,/sec\n"
	"time,elapsed,,s,2,0.02,0.00282842712474619,0.002,0,0.0454124094724,"
	"0.018,0.02,0.022,,counted,,,\n"
	"time,user,,s,2,0.006,0.0014142135623731,0.001,0,0.0187062047362,0.005,"
	"0.006,0.007,,counted,,,\n"
	"time,sys,,s,2,0.001,0,0,0.001,0.001,0.001,0.001,0.001,,counted,,,\n"
	"memory,max-rss,,KiB,2,1600,141.42135623731,100,329.37952638,2870.62047362,1500,1600,"
	"1700,,counted,,,\n";

/* Run by run: the events (NaN per-run values empty), then elapsed/user/sys, max-rss and the
 * exit code. we"ird did not run in run 2: empty value, running 0 %, not-counted. */
static const char fixed_per_run[] =
	"run,type,event,resolved,unit,value,running_pct,state\n"
	"1,event,task-clock,task-clock,msec,8,100,counted\n"
	"1,event,page-faults,page-faults,,1000,100,counted\n"
	"1,event,cycles,cycles,,,,not-supported\n"
	"1,event,branches,branches,,3000,66.6666666666667,counted\n"
	"1,event,branch-misses,branch-misses,,30,100,counted\n"
	"1,event,\"pmu/event=1,umask=2/\",\"cpu/event=0x1,umask=0x2/\",,,0,not-counted\n"
	"1,event,\"we\"\"ird:u\",\"we\"\"ird\",,7,100,counted\n"
	"1,time,elapsed,,s,0.018,,counted\n"
	"1,time,user,,s,0.005,,counted\n"
	"1,time,sys,,s,0.001,,counted\n"
	"1,memory,max-rss,,KiB,1500,,counted\n"
	"1,status,exit-code,,,0,,counted\n"
	"2,event,task-clock,task-clock,msec,12,100,counted\n"
	"2,event,page-faults,page-faults,,1004,100,counted\n"
	"2,event,cycles,cycles,,,,not-supported\n"
	"2,event,branches,branches,,3600,66.6666666666667,counted\n"
	"2,event,branch-misses,branch-misses,,36,100,counted\n"
	"2,event,\"pmu/event=1,umask=2/\",\"cpu/event=0x1,umask=0x2/\",,,0,not-counted\n"
	"2,event,\"we\"\"ird:u\",\"we\"\"ird\",,,0,not-counted\n"
	"2,time,elapsed,,s,0.022,,counted\n"
	"2,time,user,,s,0.007,,counted\n"
	"2,time,sys,,s,0.001,,counted\n"
	"2,memory,max-rss,,KiB,1700,,counted\n"
	"2,status,exit-code,,,3,,counted\n";

static void build_fixed(struct report *r)
{
	fixture_build(r, command_prog, fixture_fixed_events, FIXTURE_FIXED_EVENTS,
		      fixture_fixed_counts, fixture_fixed_runs, 2, 2, true);
}

static void assert_render(const struct report *r, const struct output_options *opts,
			  const char *want)
{
	char *got = fixture_render(output_csv_write, r, opts);

	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_summary)
{
	const struct output_options opts = { 0 };
	struct report r;

	build_fixed(&r);
	assert_render(&r, &opts, fixed_summary);
	report_release(&r);
}
END_TEST

START_TEST(test_per_run)
{
	const struct output_options opts = { .per_run = true };
	struct report r;

	build_fixed(&r);
	assert_render(&r, &opts, fixed_per_run);
	report_release(&r);
}
END_TEST

/* The columns are fixed whatever the options: the text report's --stats, --big-num and -x's
 * separator change nothing here. */
START_TEST(test_options_change_nothing)
{
	const struct output_options opts = { .stats = true, .big_num = true, .separator = ";" };
	struct report r;

	build_fixed(&r);
	assert_render(&r, &opts, fixed_summary);
	report_release(&r);
}
END_TEST

/*
 * One run: a standard deviation, a standard error and a CI need two, so they are empty (the
 * report holds NaN), while min = median = max = the value. No metrics asked for. A name with
 * CR and LF is quoted with the line breaks kept inside the quotes.
 */
START_TEST(test_single_run)
{
	static const struct report_event ev[] = {
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .mode = ALL, .supported = true },
		{ .name = "two\r\nlines", .resolved = "two\r\nlines", .mode = ALL,
		  .supported = false },
	};
	static const struct sample_count counts[] = { { 1052, 500, 500 }, { 0, 0, 0 } };
	static const struct sample_run run = { .wall_ns = 1234567, .user_ns = 0,
					       .sys_ns = 1000000, .max_rss_kb = 129188 };
	static const char want[] =
		"type,event,resolved,unit,runs,mean,stddev,sem,ci95_low,ci95_high,min,median,"
		"max,running_pct,state,added,metric,metric_unit\n"
		"event,page-faults,page-faults,,1,1052,,,,,1052,1052,1052,100,counted,0,,\n"
		"event,\"two\r\nlines\",\"two\r\nlines\",,0,,,,,,,,,,not-supported,0,,\n"
		"time,elapsed,,s,1,0.001234567,,,,,0.001234567,0.001234567,0.001234567,,"
		"counted,,,\n"
		"time,user,,s,1,0,,,,,0,0,0,,counted,,,\n"
		"time,sys,,s,1,0.001,,,,,0.001,0.001,0.001,,counted,,,\n"
		"memory,max-rss,,KiB,1,129188,,,,,129188,129188,129188,,counted,,,\n";
	static const char want_per_run[] =
		"run,type,event,resolved,unit,value,running_pct,state\n"
		"1,event,page-faults,page-faults,,1052,100,counted\n"
		"1,event,\"two\r\nlines\",\"two\r\nlines\",,,,not-supported\n"
		"1,time,elapsed,,s,0.001234567,,counted\n"
		"1,time,user,,s,0,,counted\n"
		"1,time,sys,,s,0.001,,counted\n"
		"1,memory,max-rss,,KiB,129188,,counted\n"
		"1,status,exit-code,,,0,,counted\n";
	const struct output_options summary = { 0 }, per_run = { .per_run = true };
	struct report r;

	fixture_build(&r, command_prog, ev, 2, counts, &run, 1, 1, false);
	assert_render(&r, &summary, want);
	assert_render(&r, &per_run, want_per_run);
	report_release(&r);
}
END_TEST

/* ---------------------------------------------------------------- the locale */

static bool decimal_comma(void)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%.1f", 1.5);
	return strcmp(localeconv()->decimal_point, ",") == 0 && strcmp(buf, "1,5") == 0;
}

/*
 * Under a decimal-comma LC_NUMERIC, where printf itself writes "1,5", the output is byte for
 * byte the C-locale golden. Where no such locale exists or can be made, the fake decimal
 * points of test_number_any_decimal_point carry the proof, and this says so on stderr.
 */
START_TEST(test_comma_locale)
{
	const struct output_options summary = { 0 }, per_run = { .per_run = true };
	struct report r;

	if (!comma_locale_set()) {
		fprintf(stderr, "check_output_csv: no decimal-comma locale installed or buildable; "
				"the fake decimal points alone prove the format\n");
		ck_assert(!decimal_comma());
	} else {
		char buf[OUTPUT_CSV_NUMBER_MAX];

		ck_assert(decimal_comma());
		ck_assert_str_eq(output_csv_number(buf, sizeof(buf), 1052.4), "1052.4");
		ck_assert_str_eq(output_csv_number(buf, sizeof(buf), 2.5e-6), "2.5e-06");
	}
	build_fixed(&r);
	assert_render(&r, &summary, fixed_summary);
	assert_render(&r, &per_run, fixed_per_run);
	report_release(&r);
	setlocale(LC_NUMERIC, "C");
}
END_TEST

/* ---------------------------------------------------------------- errors */

/* A write error is reported, not lost. */
START_TEST(test_write_error)
{
	const struct output_options opts = { 0 };
	struct report r;

	build_fixed(&r);
	fixture_assert_write_fails(output_csv_write, &r, &opts);
	report_release(&r);
}
END_TEST

/* ---------------------------------------------------------------- intervals and parts */

/* One event, one run of 1 s: page-faults counted 100 times (a part 60, a region 40), all of
 * the time running. One run leaves stddev, sem and the CI empty; min = median = max = mean. */
static void build_faults(struct report *r, uint64_t count)
{
	fixture_build_faults(r, command_prog, count, (struct sample_run){ 0 });
}

static void part_add(struct report *whole, const char *kind, const char *label, size_t calls,
		     uint64_t count)
{
	struct report part;
	struct hp_err err;

	build_faults(&part, count);
	ck_assert_int_eq(report_part_add(whole, kind, label, calls, &part, &err), 0);
}

/* The first interval brings the header, with the time and scope columns first. */
START_TEST(test_interval_with_units)
{
	const struct output_options opts = { .intervals = true, .scoped = true };
	struct report r;
	char *got = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&got, &len);

	build_faults(&r, 100);
	part_add(&r, "cpu", "CPU0", 0, 60);
	ck_assert_int_eq(output_csv_write_interval(mem, &r, 0.5, true, &opts), 0);
	ck_assert_int_eq(output_csv_write_interval(mem, &r, 1.25, false, &opts), 0);
	fclose(mem);
	ck_assert_str_eq(got,
		"time,scope,type,event,resolved,unit,runs,mean,stddev,sem,ci95_low,ci95_high,min,"
		"median,max,running_pct,state,added,metric,metric_unit\n"
		"0.5,,event,page-faults,page-faults,,1,100,,,,,100,100,100,100,counted,0,,\n"
		"0.5,cpu:CPU0,event,page-faults,page-faults,,1,60,,,,,60,60,60,100,counted,0,,\n"
		"1.25,,event,page-faults,page-faults,,1,100,,,,,100,100,100,100,counted,0,,\n"
		"1.25,cpu:CPU0,event,page-faults,page-faults,,1,60,,,,,60,60,60,100,counted,0,,\n");
	free(got);
	report_release(&r);
}
END_TEST

/* After intervals the total has no header of its own and an empty time; a region's rows are
 * scoped "region:NAME". */
START_TEST(test_total_after_intervals_with_region)
{
	const struct output_options opts = { .intervals = true, .scoped = true };
	struct report r;

	build_faults(&r, 100);
	part_add(&r, "region", "step", 3, 40);
	assert_render(&r, &opts,
		",,event,page-faults,page-faults,,1,100,,,,,100,100,100,100,counted,0,,\n"
		",region:step,event,page-faults,page-faults,,1,40,,,,,40,40,40,100,counted,0,,\n"
		",,time,elapsed,,s,1,1,,,,,1,1,1,,counted,,,\n"
		",,time,user,,s,1,0,,,,,0,0,0,,counted,,,\n"
		",,time,sys,,s,1,0,,,,,0,0,0,,counted,,,\n"
		",,memory,max-rss,,KiB,1,0,,,,,0,0,0,,counted,,,\n");
	report_release(&r);
}
END_TEST

static Suite *output_csv_suite(void)
{
	Suite *s = suite_create("output_csv");
	TCase *n = tcase_create("number");
	TCase *g = tcase_create("golden");
	TCase *l = tcase_create("locale");

	tcase_add_test(n, test_number_format);
	tcase_add_test(n, test_number_any_decimal_point);
	tcase_add_test(n, test_number_short_buffer);
	suite_add_tcase(s, n);

	tcase_add_test(g, test_summary);
	tcase_add_test(g, test_per_run);
	tcase_add_test(g, test_options_change_nothing);
	tcase_add_test(g, test_single_run);
	tcase_add_test(g, test_write_error);
	tcase_add_test(g, test_interval_with_units);
	tcase_add_test(g, test_total_after_intervals_with_region);
	suite_add_tcase(s, g);

	tcase_add_test(l, test_comma_locale);
	suite_add_tcase(s, l);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(output_csv_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
