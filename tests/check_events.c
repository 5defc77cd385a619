/* check_events.c - integration tests: sysfs PMU events, tracepoints, raw codes and groups. */
/*
 * Runs the built hpstat (HPSTAT) on the tests/progs programs (PROGS), as check_hpstat does,
 * with -x ';' output (one line per event: value;unit;event;...). Needs what counting the
 * kernel's own events needs: the msr PMU (x86), tracefs readable (root), and
 * perf_event_paranoid allowing kernel-mode counts (root or CAP_PERFMON). Without HPSTAT and
 * PROGS every test fails: an integration suite that silently skips proves nothing. Running
 * hpstat and the scratch files: tests/run_hpstat.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <check.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "run_hpstat.h"

#define SEP ";" /* not ',', which sysfs names hold */

/* ---- the -x report --------------------------------------------------------------------- */

enum state { COUNTED, NOT_SUPPORTED, NOT_COUNTED };

struct line {
	enum state state;
	double value;
	double running_pct;
};

/* The line for event `name` in an -x SEP report; fails the test when there is none. */
static struct line find_line(const struct run_result *r, const char *name)
{
	const char *p = r->err;
	struct line l = { COUNTED, 0, 0 };

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char buf[1024], *field[8];
		int n = 0;
		char *save = NULL, *tok;

		if (len < sizeof(buf)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			/* strsep keeps empty fields (an empty unit). */
			for (save = buf; n < 8 && (tok = strsep(&save, SEP)); )
				field[n++] = tok;
			if (n >= 5 && strcmp(field[2], name) == 0) {
				if (strcmp(field[0], "<not supported>") == 0)
					l.state = NOT_SUPPORTED;
				else if (strcmp(field[0], "<not counted>") == 0)
					l.state = NOT_COUNTED;
				else
					l.value = strtod(field[0], NULL);
				l.running_pct = strtod(field[4], NULL);
				return l;
			}
		}
		p = nl ? nl + 1 : p + len;
	}
	ck_abort_msg("no line for '%s' in the report:\n%s", name, r->err);
	return l;
}

static double counted(const struct run_result *r, const char *name)
{
	struct line l = find_line(r, name);

	ck_assert_msg(l.state == COUNTED, "'%s' was not counted:\n%s", name, r->err);
	return l.value;
}

/* hpstat -x ';' -e EVENTS PROG ARG must exit 0; the result is left in r. */
static void report(struct run_result *r, const char *events, const char *program, const char *arg)
{
	char *path = prog(program);

	HPSTAT_RUN(r, "-x", SEP, "-e", (char *)events, path, (char *)arg);
	free(path);
	ck_assert_msg(r->code == 0, "hpstat -e '%s' %s %s exited %d:\n%s", events, program, arg,
		      r->code, r->err);
}

/* ---- sysfs PMU events ------------------------------------------------------------------ */

START_TEST(msr_tsc_counts)
{
	struct run_result r;

	report(&r, "msr/tsc/", "sleeper", "3");
	ck_assert_msg(counted(&r, "msr/tsc/") > 0, "msr/tsc/ counted 0:\n%s", r.err);
	run_result_free(&r);
	/* The same counter through its format term. */
	report(&r, "msr/event=0x0/", "sleeper", "3");
	ck_assert_msg(counted(&r, "msr/event=0x0/") > 0, "msr/event=0x0/ counted 0:\n%s", r.err);
	run_result_free(&r);
}
END_TEST

/* ---- tracepoints ----------------------------------------------------------------------- */

START_TEST(sched_switch_counts_sleeps)
{
	const double n = 100;
	struct run_result r;
	double v;

	report(&r, "sched:sched_switch", "sleeper", "100");
	v = counted(&r, "sched:sched_switch");
	ck_assert_msg(v >= n && v <= n + n / 10 + 5, "sleeper 100: sched:sched_switch %.0f, "
		      "expected %.0f..%.0f:\n%s", v, n, n + n / 10 + 5, r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(sys_enter_write_counts_writes)
{
	static const char *const ns[] = { "0", "7", "1000" };
	struct run_result r;

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		double v;

		report(&r, "syscalls:sys_enter_write", "writer", ns[i]);
		v = counted(&r, "syscalls:sys_enter_write");
		ck_assert_msg(v == strtod(ns[i], NULL), "writer %s: syscalls:sys_enter_write "
			      "%.0f:\n%s", ns[i], v, r.err);
		run_result_free(&r);
	}
}
END_TEST

/* ---- raw codes ------------------------------------------------------------------------- */

/* Whether this process may count raw event 0x3c (unhalted cycles on x86) on itself. */
static bool raw_3c_opens(void)
{
	return perf_event_opens(PERF_TYPE_RAW, 0x3c, false, "raw 0x3c");
}

START_TEST(raw_code_resolves)
{
	bool opens = raw_3c_opens();
	struct run_result r;

	report(&r, "r003c,r3C:u,page-faults", "sleeper", "1");
	ck_assert_msg(counted(&r, "page-faults") > 0, "page-faults 0 beside raw codes:\n%s",
		      r.err);
	if (opens) {
		ck_assert_msg(counted(&r, "r003c") > 0, "r003c counted 0:\n%s", r.err);
		ck_assert_msg(counted(&r, "r3C:u") > 0, "r3C:u counted 0:\n%s", r.err);
	} else {
		ck_assert_msg(find_line(&r, "r003c").state == NOT_SUPPORTED,
			      "the kernel refuses raw 0x3c, yet r003c is not <not supported>:\n%s",
			      r.err);
		ck_assert_msg(find_line(&r, "r3C:u").state == NOT_SUPPORTED,
			      "the kernel refuses raw 0x3c, yet r3C:u is not <not supported>:\n%s",
			      r.err);
	}
	run_result_free(&r);
}
END_TEST

/* ---- groups ---------------------------------------------------------------------------- */

START_TEST(software_group_reads_together)
{
	struct run_result r;
	struct line tc, pf;

	report(&r, "{task-clock,page-faults}", "touch_pages", "1000");
	tc = find_line(&r, "task-clock");
	pf = find_line(&r, "page-faults");
	ck_assert_msg(tc.state == COUNTED && tc.value > 0, "task-clock in the group:\n%s", r.err);
	ck_assert_msg(pf.state == COUNTED && pf.value >= 1000 && pf.value <= 1100,
		      "touch_pages 1000: page-faults %.0f in the group:\n%s", pf.value, r.err);
	ck_assert_msg(tc.running_pct == 100 && pf.running_pct == 100,
		      "a software group did not run all the time:\n%s", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(software_joins_other_pmu_group)
{
	struct run_result r;

	report(&r, "{task-clock,msr/tsc/},{sched:sched_switch,msr/event=0/}", "sleeper", "5");
	ck_assert_msg(counted(&r, "task-clock") > 0, "task-clock 0:\n%s", r.err);
	ck_assert_msg(counted(&r, "msr/tsc/") > 0, "msr/tsc/ 0 in a group:\n%s", r.err);
	ck_assert_msg(counted(&r, "sched:sched_switch") >= 5, "sched_switch below 5:\n%s", r.err);
	ck_assert_msg(counted(&r, "msr/event=0/") > 0, "msr/event=0/ 0 in a group:\n%s", r.err);
	run_result_free(&r);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------- */

/* hpstat -e EVENTS sh -c 'touch MARKER' is refused (see expect_rejected), with a message
 * mentioning each of the other arguments. */
#define REJECTED(events, ...)								\
	do {										\
		char *args_[] = { "-e", (char *)(events), NULL };			\
		static const char *const mentions_[] = { __VA_ARGS__, NULL };		\
		expect_rejected(args_, true, mentions_);				\
	} while (0)

START_TEST(mixed_pmu_group_refused)
{
	REJECTED("{msr/tsc/,cycles}", "'cycles'", "'msr/tsc/'", "PMU 'cpu'", "PMU 'msr'");
	REJECTED("{task-clock,cycles,msr/tsc/}", "'msr/tsc/'", "PMU 'msr'");
	REJECTED("page-faults,{r003c,msr/tsc/}", "'msr/tsc/'", "'r003c'");
}
END_TEST

START_TEST(bad_sysfs_events)
{
	REJECTED("nopmu/x/", "unknown PMU 'nopmu'", "msr", "software");
	REJECTED("msr/foo=1/", "unknown term 'foo'", "event", "config1");
	REJECTED("msr/tscc/", "unknown event 'tscc'", "tsc");
	REJECTED("uprobe/retprobe=2/", "too wide", "'retprobe'", "1 bit");
	REJECTED("msr/event=0x10000000000000000/", "bad value");
	REJECTED("msr/tsc", "malformed event");
	REJECTED("msr//", "nothing between the slashes");
	REJECTED("msr/tsc/x", "unknown modifier 'x'");
	/* A PMU's event by its bare name, with a word that is no modifier after it. */
	REJECTED("tsc:z", "unknown modifier 'z' in event 'tsc:z'");
	REJECTED("tsc:u:z", "unknown modifier 'z' in event 'tsc:u:z'");
	REJECTED("msr/config/", "needs a value");
}
END_TEST

START_TEST(bad_tracepoints)
{
	REJECTED("sched:sched_swich", "unknown tracepoint 'sched:sched_swich'", "sched_switch");
	REJECTED("syscalls:sys_enter_wirte", "sys_enter_write");
	REJECTED("nosub:x", "'nosub:x'", "no subsystem 'nosub'");
	REJECTED("sched:sched_switch:q", "unknown modifier 'q'");
	REJECTED("cylces:u", "did you mean 'cycles:u'");
}
END_TEST

START_TEST(bad_raw_codes)
{
	REJECTED("r10000000000000000", "wider than 64 bits");
	REJECTED("r3c:x", "unknown modifier 'x'");
}
END_TEST

/* ---- suite ----------------------------------------------------------------------------- */

static Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc;

	tc = run_tcase_new(s, "counts");
	tcase_add_test(tc, msr_tsc_counts);
	tcase_add_test(tc, sched_switch_counts_sleeps);
	tcase_add_test(tc, sys_enter_write_counts_writes);
	tcase_add_test(tc, raw_code_resolves);

	tc = run_tcase_new(s, "groups");
	tcase_add_test(tc, software_group_reads_together);
	tcase_add_test(tc, software_joins_other_pmu_group);
	tcase_add_test(tc, mixed_pmu_group_refused);

	tc = run_tcase_new(s, "bad-input");
	tcase_add_test(tc, bad_sysfs_events);
	tcase_add_test(tc, bad_tracepoints);
	tcase_add_test(tc, bad_raw_codes);
	return s;
}

int main(void)
{
	return run_hpstat_main("check_events", events_suite, true);
}
