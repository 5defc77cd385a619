/* check_tool_event.c - Check unit tests for perf's tool events (src/tool_event.c): how -e may
 * write them, the event that stands for one, where they are refused, and the CPU times read
 * from /proc (src/cputime.c). */
#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cputime.h"
#include "event.h"
#include "listing.h"
#include "tool_event.h"

/* ---- names ------------------------------------------------------------------------------ */

START_TEST(test_names)
{
	ck_assert_str_eq(tool_event_name(EVENT_TOOL_DURATION), "duration_time");
	ck_assert_str_eq(tool_event_name(EVENT_TOOL_USER), "user_time");
	ck_assert_str_eq(tool_event_name(EVENT_TOOL_SYSTEM), "system_time");
	ck_assert_ptr_null(tool_event_name(EVENT_TOOL_NONE));
	ck_assert_ptr_null(tool_event_description(EVENT_TOOL_NONE));
	ck_assert_ptr_nonnull(tool_event_description(EVENT_TOOL_USER));
	ck_assert_int_eq(tool_event_kind("duration_time"), EVENT_TOOL_DURATION);
	ck_assert_int_eq(tool_event_kind("USER_TIME"), EVENT_TOOL_USER);
	ck_assert_int_eq(tool_event_kind("System_Time"), EVENT_TOOL_SYSTEM);
	/* whole names only: a modifier, a prefix, another event */
	ck_assert_int_eq(tool_event_kind("duration_time:u"), EVENT_TOOL_NONE);
	ck_assert_int_eq(tool_event_kind("duration"), EVENT_TOOL_NONE);
	ck_assert_int_eq(tool_event_kind("task-clock"), EVENT_TOOL_NONE);
	ck_assert_int_eq(tool_event_kind(""), EVENT_TOOL_NONE);
	ck_assert_int_eq(tool_event_kind(NULL), EVENT_TOOL_NONE);
}
END_TEST

/* ---- parsing ---------------------------------------------------------------------------- */

static void assert_parses(const char *name, enum event_tool want)
{
	struct hp_err err = { "untouched" };
	enum event_tool got = EVENT_TOOL_NONE;

	ck_assert_msg(tool_event_parse(name, &got, &err) == 1, "'%s': %s", name, err.msg);
	ck_assert_msg(got == want, "'%s' is %d, want %d", name, (int)got, (int)want);
	ck_assert_str_eq(err.msg, "untouched");
}

static void assert_not_tool(const char *name)
{
	struct hp_err err = { "untouched" };
	enum event_tool got = EVENT_TOOL_NONE;

	ck_assert_msg(tool_event_parse(name, &got, &err) == 0, "'%s' taken as a tool event", name);
	ck_assert_int_eq(got, EVENT_TOOL_NONE);
	ck_assert_str_eq(err.msg, "untouched");
}

static void assert_refused(const char *name, const char *message)
{
	struct hp_err err = { "" };
	enum event_tool got = EVENT_TOOL_NONE;

	ck_assert_msg(tool_event_parse(name, &got, &err) == -1, "'%s' was not refused", name);
	ck_assert_str_eq(err.msg, message);
	ck_assert_int_eq(got, EVENT_TOOL_NONE);
}

START_TEST(test_parse_spellings)
{
	assert_parses("duration_time", EVENT_TOOL_DURATION);
	assert_parses("user_time", EVENT_TOOL_USER);
	assert_parses("system_time", EVENT_TOOL_SYSTEM);
	assert_parses("DURATION_TIME", EVENT_TOOL_DURATION);
	assert_parses("tool/user_time/", EVENT_TOOL_USER);
	assert_parses("TOOL/System_Time/", EVENT_TOOL_SYSTEM);
}
END_TEST

/* perf 6.1 takes its modifier letters after a tool event and ignores them; so does hpstat.
 * A group's modifier arrives the same way ("{task-clock,duration_time}:u"). */
START_TEST(test_parse_modifiers)
{
	assert_parses("duration_time:u", EVENT_TOOL_DURATION);
	assert_parses("user_time:k", EVENT_TOOL_USER);
	assert_parses("system_time:ukhpPGHSDIWeb", EVENT_TOOL_SYSTEM);
	assert_parses("tool/duration_time/u", EVENT_TOOL_DURATION);
	assert_parses("tool/duration_time/:uk", EVENT_TOOL_DURATION);
	/* a group's modifier after the member's own, each word on its own */
	assert_parses("user_time:k:u", EVENT_TOOL_USER);
	assert_parses("user_time:uk:ku", EVENT_TOOL_USER);
}
END_TEST

START_TEST(test_parse_other_events)
{
	assert_not_tool("cycles");
	assert_not_tool("task-clock:u");
	assert_not_tool("duration_timex");
	assert_not_tool("duration");
	assert_not_tool("user_time2:u");
	assert_not_tool("sched:sched_switch");
	assert_not_tool("msr/tsc/");
	assert_not_tool("cpu/duration_time/");
	assert_not_tool("r003c");
	assert_not_tool("");
}
END_TEST

START_TEST(test_parse_errors)
{
	assert_refused("duration_time/period=1/",
		       "event 'duration_time/period=1/': duration_time is measured by hpstat, not "
		       "counted by a kernel PMU, so it takes no terms; write 'duration_time'");
	assert_refused("User_Time/",
		       "event 'User_Time/': user_time is measured by hpstat, not counted by a "
		       "kernel PMU, so it takes no terms; write 'user_time'");
	assert_refused("duration_time:x",
		       "unknown modifier 'x' in event 'duration_time:x': a tool event takes perf's "
		       "modifiers (u, k, h, p, ...) only to ignore them, so leave them out");
	assert_refused("system_time:u:y",
		       "unknown modifier 'y' in event 'system_time:u:y': a tool event takes perf's "
		       "modifiers (u, k, h, p, ...) only to ignore them, so leave them out");
	assert_refused("duration_time:uku",
		       "modifier 'u' given twice in event 'duration_time:uku'");
	assert_refused("duration_time:",
		       "empty modifier after ':' in event 'duration_time:': drop the ':'");
	assert_refused("duration_time::",
		       "empty modifier after ':' in event 'duration_time::': drop the ':'");
	assert_refused("tool/user_time/:",
		       "empty modifier after ':' in event 'tool/user_time/:': drop the ':'");
	assert_refused("tool/cycles/",
		       "event 'tool/cycles/': the tool PMU has duration_time, user_time and "
		       "system_time, which take no terms: write 'tool/duration_time/', or "
		       "'duration_time' alone");
	assert_refused("tool/user_time,period=1/",
		       "event 'tool/user_time,period=1/': the tool PMU has duration_time, "
		       "user_time and system_time, which take no terms: write "
		       "'tool/duration_time/', or 'duration_time' alone");
	assert_refused("tool/user_time",
		       "event 'tool/user_time': the tool PMU has duration_time, user_time and "
		       "system_time, which take no terms: write 'tool/duration_time/', or "
		       "'duration_time' alone");
}
END_TEST

/* ---- the event -------------------------------------------------------------------------- */

/* Through event_resolve(), whose first step it is. */
START_TEST(test_resolve)
{
	struct hp_err err = { "" };
	struct event ev;

	ck_assert_msg(event_resolve(&ev, "Duration_Time:u", 3, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(ev.tool, EVENT_TOOL_DURATION);
	ck_assert_str_eq(ev.name, "Duration_Time:u");
	ck_assert_str_eq(ev.generic, "duration_time");
	ck_assert_str_eq(ev.resolved, "tool/duration_time/");
	ck_assert_str_eq(ev.unit, "ns");
	ck_assert(ev.scale == 1.0);
	ck_assert_int_eq(ev.mode, EVENT_MODE_ALL);
	ck_assert_int_eq(ev.group, 3);
	ck_assert(!ev.added && !ev.encoded);
	ck_assert_int_eq(ev.attr.type, PERF_TYPE_SOFTWARE);
	ck_assert_int_eq(ev.attr.config, PERF_COUNT_SW_DUMMY);
	event_release(&ev);

	ck_assert_msg(event_resolve(&ev, "tool/system_time/", EVENT_NO_GROUP, &err) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(ev.tool, EVENT_TOOL_SYSTEM);
	ck_assert_str_eq(ev.resolved, "tool/system_time/");
	event_release(&ev);

	/* every other event is not one */
	ck_assert_msg(event_resolve(&ev, "task-clock", EVENT_NO_GROUP, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(ev.tool, EVENT_TOOL_NONE);
	event_release(&ev);

	ck_assert_int_eq(event_resolve(&ev, "duration_time/period=1/", EVENT_NO_GROUP, &err), -1);
	ck_assert_str_eq(err.msg, "event 'duration_time/period=1/': duration_time is measured by "
			 "hpstat, not counted by a kernel PMU, so it takes no terms; write "
			 "'duration_time'");
}
END_TEST

/* An event of a PMU of its own, as a sysfs event resolves (type 99: no such PMU here). */
static struct event other_pmu(int group)
{
	struct event ev = { .name = "other/ev/", .group = group, .scale = 1.0 };

	ev.attr.size = sizeof(ev.attr);
	ev.attr.type = 99;
	return ev;
}

/* The kernel never sees a tool event, so it joins a group of any PMU and no group check
 * counts it: {cycles,duration_time} and {duration_time,other/ev/} stand, while
 * {cycles,other/ev/} is refused as ever. */
START_TEST(test_group_check_passes_tool_events)
{
	struct hp_err err = { "" };
	struct event ev[4];

	ck_assert_int_eq(event_resolve(&ev[0], "cycles", 0, &err), 0);
	ck_assert_int_eq(event_resolve(&ev[1], "duration_time", 0, &err), 0);
	ck_assert_int_eq(event_resolve(&ev[2], "user_time:u", 1, &err), 0);
	ev[3] = other_pmu(1);
	ck_assert_msg(event_check_group(ev, 4, &err) == 0, "%s", err.msg);
	ev[3].group = 0;
	ck_assert_int_eq(event_check_group(ev, 4, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "event 'other/ev/' cannot be in a group with "
					      "'cycles'"));
	event_release(&ev[0]);
	event_release(&ev[1]);
	event_release(&ev[2]);
}
END_TEST

/* ---- where they cannot be measured ------------------------------------------------------ */

START_TEST(test_check_counting)
{
	struct hp_err err = { "" };
	struct event ev[2];

	ck_assert_int_eq(event_resolve(&ev[0], "duration_time", EVENT_NO_GROUP, &err), 0);
	ck_assert_int_eq(event_resolve(&ev[1], "system_time:k", EVENT_NO_GROUP, &err), 0);
	/* a command, or no CPUs counted: there is a process to read */
	ck_assert_int_eq(tool_event_check_counting(ev, 2, true, true, &err), 0);
	ck_assert_int_eq(tool_event_check_counting(ev, 2, false, false, &err), 0);
	ck_assert_int_eq(tool_event_check_counting(ev, 2, true, false, &err), 0);
	/* duration_time alone always stands: it is the counting's time */
	ck_assert_int_eq(tool_event_check_counting(ev, 1, false, true, &err), 0);
	ck_assert_int_eq(tool_event_check_counting(ev, 2, false, true, &err), -1);
	ck_assert_str_eq(err.msg, "event 'system_time:k' is the CPU time of the command or of "
			 "the processes of -p and -t, and counting CPUs with no command has "
			 "neither: add a command, or leave it out");
	event_release(&ev[0]);
	event_release(&ev[1]);
}
END_TEST

START_TEST(test_any_cpu_time)
{
	const enum event_tool none[] = { EVENT_TOOL_NONE, EVENT_TOOL_DURATION };
	const enum event_tool user[] = { EVENT_TOOL_NONE, EVENT_TOOL_USER };
	const enum event_tool sys[] = { EVENT_TOOL_SYSTEM };

	ck_assert(!tool_event_any_cpu_time(none, 2));
	ck_assert(tool_event_any_cpu_time(user, 2));
	ck_assert(tool_event_any_cpu_time(sys, 1));
	ck_assert(!tool_event_any_cpu_time(NULL, 0));
}
END_TEST

/* ---- --list ----------------------------------------------------------------------------- */

START_TEST(test_list)
{
	struct hp_err err = { "" };
	struct listing l;
	char *text = NULL;
	size_t len = 0;
	FILE *out;

	listing_init(&l, NULL, false);
	ck_assert_int_eq(tool_event_list(&l, &err), 0);
	ck_assert_uint_eq(l.n_entries, 3);
	ck_assert_str_eq(l.entries[0].name, "duration_time");
	ck_assert_str_eq(l.entries[1].name, "user_time");
	ck_assert_str_eq(l.entries[2].name, "system_time");
	ck_assert_int_eq(l.entries[2].kind, LISTING_TOOL);
	out = open_memstream(&text, &len);
	ck_assert_int_eq(listing_write_text(out, &l, 100), 0);
	fclose(out);
	ck_assert_str_eq(text,
		"Tool events (measured by hpstat, not counted by the kernel):\n"
		"  duration_time                           elapsed time of the run, or of each "
		"interval (ns)\n"
		"  user_time                               CPU time in user mode, as "
		"'seconds user' (ns)\n"
		"  system_time                             CPU time in the kernel, as "
		"'seconds sys' (ns)\n");
	free(text);
	listing_release(&l);

	listing_init(&l, "SYSTEM", true);
	ck_assert_int_eq(tool_event_list(&l, &err), 0);
	ck_assert_uint_eq(l.n_entries, 1);
	out = open_memstream(&text, &len);
	ck_assert_int_eq(listing_write_csv(out, &l), 0);
	fclose(out);
	ck_assert_str_eq(text, "kind,name,pmu,description,supported\n"
			       "tool,system_time,,\"CPU time in the kernel, as 'seconds sys' "
			       "(ns)\",yes\n");
	free(text);
	listing_release(&l);
}
END_TEST

/* ---- CPU time from /proc ---------------------------------------------------------------- */

/* A stat line as Linux writes it, with a command name that holds blanks and parentheses:
 * utime 150, stime 25, cutime 7, cstime 3 (fields 14 to 17). */
static const char stat_line[] =
	"4242 (a) b (c)) S 1 4242 4242 0 -1 4194304 120 0 0 0 150 25 7 3 20 0 1 0 1234 "
	"1000000 200 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

START_TEST(test_parse_stat)
{
	struct cputime t = { 1, 1 };

	/* 100 ticks a second: 10 ms each */
	ck_assert_int_eq(cputime_parse_stat(stat_line, 100, false, &t), 0);
	ck_assert_uint_eq(t.user_ns, 1500000000u);
	ck_assert_uint_eq(t.sys_ns, 250000000u);
	/* with the children waited for, as rusage counts them */
	ck_assert_int_eq(cputime_parse_stat(stat_line, 100, true, &t), 0);
	ck_assert_uint_eq(t.user_ns, 1570000000u);
	ck_assert_uint_eq(t.sys_ns, 280000000u);
	/* another tick rate; 157 / 3 s = 52.333333333 s, truncated to the ns */
	ck_assert_int_eq(cputime_parse_stat(stat_line, 250, false, &t), 0);
	ck_assert_uint_eq(t.user_ns, 600000000u);
	ck_assert_uint_eq(t.sys_ns, 100000000u);
	ck_assert_int_eq(cputime_parse_stat(stat_line, 3, true, &t), 0);
	ck_assert_uint_eq(t.user_ns, 52333333333u);
	ck_assert_uint_eq(t.sys_ns, 9333333333u);
}
END_TEST

START_TEST(test_rusage_and_setup)
{
	struct rusage ru = { .ru_utime = { 2, 500 }, .ru_stime = { 0, 999999 } };
	struct cputime t = cputime_of_rusage(&ru), left;

	/* 2 s 500 us, 999999 us */
	ck_assert_uint_eq(t.user_ns, 2000500000u);
	ck_assert_uint_eq(t.sys_ns, 999999000u);
	/* each part less its own setup */
	left = cputime_after(t, (struct cputime){ 500000, 999000 });
	ck_assert_uint_eq(left.user_ns, 2000000000u);
	ck_assert_uint_eq(left.sys_ns, 999000000u);
	/* a setup above a part leaves that part 0, and the other part whole */
	left = cputime_after(t, (struct cputime){ 3000000000u, 0 });
	ck_assert_uint_eq(left.user_ns, 0);
	ck_assert_uint_eq(left.sys_ns, 999999000u);
}
END_TEST

START_TEST(test_parse_stat_refuses)
{
	struct cputime t = { 1, 2 };

	ck_assert_int_eq(cputime_parse_stat("", 100, false, &t), -1);
	ck_assert_int_eq(cputime_parse_stat("4242 no parenthesis S 1 2 3", 100, false, &t), -1);
	ck_assert_int_eq(cputime_parse_stat("4242 (a) S 1 4242 4242 0 -1 4194304 120 0 0 0 150",
					    100, false, &t), -1);
	ck_assert_int_eq(cputime_parse_stat("4242 (a) S 1 4242 4242 0 -1 4194304 120 0 0 0 x 25 "
					    "7 3 20\n", 100, false, &t), -1);
	ck_assert_int_eq(cputime_parse_stat("4242 (a) S 1 4242 4242 0 -1 4194304 120 0 0 0 15x 25 "
					    "7 3 20\n", 100, false, &t), -1);
	ck_assert_int_eq(cputime_parse_stat(stat_line, 0, false, &t), -1);
	/* nothing written on failure */
	ck_assert_uint_eq(t.user_ns, 1);
	ck_assert_uint_eq(t.sys_ns, 2);
}
END_TEST

/* This process's own file reads, in whole clock ticks; a task that is gone does not. */
START_TEST(test_read_proc)
{
	uint64_t tick_ns = 1000000000u / (uint64_t)sysconf(_SC_CLK_TCK);
	struct cputime t;
	pid_t child = fork();
	int status;

	ck_assert_int_ge(child, 0);
	if (child == 0)
		_exit(0);
	ck_assert_int_eq(cputime_read(getpid(), 0, true, &t), 0);
	ck_assert_uint_eq(t.user_ns % tick_ns, 0);
	ck_assert_uint_eq(t.sys_ns % tick_ns, 0);
	ck_assert_int_eq(cputime_read(getpid(), getpid(), false, &t), 0);
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	errno = 0;
	ck_assert_int_eq(cputime_read(child, 0, false, &t), -1);
	ck_assert_int_eq(errno, ENOENT);
}
END_TEST

static Suite *tool_event_suite(void)
{
	Suite *s = suite_create("tool_event");
	TCase *names = tcase_create("names");
	TCase *event = tcase_create("event");
	TCase *cpu = tcase_create("cputime");

	tcase_add_test(names, test_names);
	tcase_add_test(names, test_parse_spellings);
	tcase_add_test(names, test_parse_modifiers);
	tcase_add_test(names, test_parse_other_events);
	tcase_add_test(names, test_parse_errors);
	tcase_add_test(names, test_list);
	suite_add_tcase(s, names);
	tcase_add_test(event, test_resolve);
	tcase_add_test(event, test_group_check_passes_tool_events);
	tcase_add_test(event, test_check_counting);
	tcase_add_test(event, test_any_cpu_time);
	suite_add_tcase(s, event);
	tcase_add_test(cpu, test_parse_stat);
	tcase_add_test(cpu, test_parse_stat_refuses);
	tcase_add_test(cpu, test_rusage_and_setup);
	tcase_add_test(cpu, test_read_proc);
	suite_add_tcase(s, cpu);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tool_event_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
