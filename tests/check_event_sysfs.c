/* check_event_sysfs.c - sysfs PMU and tracepoint lookup against a fake sysfs/tracefs tree. */
/*
 * The tree is built in a fresh temporary directory for every test, so these tests need no
 * privileges and no particular kernel: a RAPL-like "power" PMU with a scaled event in Joules,
 * a core-like "cpu" PMU with split fields and placeholder terms, and a tracefs with ids.
 */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event_sysfs.h"
#include "fake_tree.h"

static char root[64];
static char devices[128], tracing[128], tracing_debug[128], no_tracefs[128];

static void put(const char *rel, const char *content)
{
	fake_tree_put(root, rel, content);
}

static void setup(void)
{
	static const char *const syscalls[] = {
		"sys_enter_write", "sys_exit_write", "sys_enter_writev", "sys_enter_read",
		"sys_exit_read", "sys_enter_open", "sys_exit_open", "sys_enter_close",
		"sys_exit_close", "sys_enter_mmap", "sys_exit_mmap", "sys_enter_brk",
	};
	char rel[128];
	size_t i;

	snprintf(root, sizeof(root), "/tmp/check_event_sysfs.XXXXXX");
	ck_assert(mkdtemp(root) != NULL);
	snprintf(devices, sizeof(devices), "%s/devices", root);
	snprintf(tracing, sizeof(tracing), "%s/tracing", root);
	snprintf(tracing_debug, sizeof(tracing_debug), "%s/debug/tracing", root);
	snprintf(no_tracefs, sizeof(no_tracefs), "%s/unmounted", root);

	fake_tree_power_pmu(root);

	put("devices/cpu/type", "4\n");
	put("devices/cpu/format/event", "config:0-7\n");
	put("devices/cpu/format/umask", "config:8-15\n");
	put("devices/cpu/format/edge", "config:18\n");
	put("devices/cpu/format/cmask", "config:24-31\n");
	put("devices/cpu/format/ldlat", "config1:0-15\n");
	put("devices/cpu/format/split", "config:32-35,40-43\n");
	put("devices/cpu/events/mem-loads", "event=0xcd,umask=0x1,ldlat=3\n");
	put("devices/cpu/events/needs-umask", "event=0x3c,umask=?\n");
	put("devices/cpu/events/bad-term", "event=0x3c,nosuch=1\n");

	put("devices/msr/type", "9\n");
	put("devices/msr/format/event", "config:0-63\n");
	put("devices/msr/events/tsc", "event=0x00\n");

	put("tracing/events/sched/sched_switch/id", "372\n");
	put("tracing/events/sched/sched_wakeup/id", "370\n");
	put("tracing/events/sched/enable", "0\n");
	put("tracing/events/ftrace/print/format", "name: print\n");
	for (i = 0; i < sizeof(syscalls) / sizeof(syscalls[0]); i++) {
		snprintf(rel, sizeof(rel), "tracing/events/syscalls/%s/id", syscalls[i]);
		put(rel, "600\n");
	}
	put("debug/tracing/events/only_debug/ev/id", "42\n");
	put("unmounted/", NULL);
}

static void teardown(void)
{
	fake_tree_remove(root);
}

static struct event_sysfs_paths paths(void)
{
	return (struct event_sysfs_paths){ .devices = devices,
					   .tracefs = { tracing, tracing_debug, NULL } };
}

static struct event resolve_ok(const char *name)
{
	struct event_sysfs_paths p = paths();
	struct hp_err err = { "" };
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ev.scale = 1.0;
	ck_assert_msg(event_sysfs_resolve(&p, &ev, name, &err) == 0, "%s: %s", name, err.msg);
	ck_assert_uint_eq(ev.attr.size, sizeof(ev.attr));
	return ev;
}

/* Resolution fails with a one-line message containing needle. */
static void resolve_fails(const char *name, const char *needle)
{
	struct event_sysfs_paths p = paths();
	struct hp_err err = { "" };
	struct event ev;

	memset(&ev, 0, sizeof(ev));
	ck_assert_msg(event_sysfs_resolve(&p, &ev, name, &err) == -1, "'%s' resolved", name);
	ck_assert_msg(strstr(err.msg, needle), "'%s': message '%s' lacks '%s'", name, err.msg,
		      needle);
	ck_assert_msg(!strchr(err.msg, '\n'), "'%s': message is not one line", name);
}

START_TEST(named_event_with_scale_and_unit)
{
	struct event ev = resolve_ok("power/energy-pkg/");

	ck_assert_uint_eq(ev.attr.type, 23);
	ck_assert_uint_eq(ev.attr.config, 2);
	ck_assert(ev.scale == 2.3283064365386962890625e-10);
	ck_assert_str_eq(ev.unit, "Joules");
	ck_assert(!ev.attr.exclude_user && !ev.attr.exclude_kernel && !ev.attr.exclude_hv);
	ev = resolve_ok("power/energy-cores/");
	ck_assert_uint_eq(ev.attr.config, 1);
	ck_assert(ev.scale == 1.0);
	ck_assert_str_eq(ev.unit, "");
}
END_TEST

START_TEST(named_event_terms_and_overrides)
{
	struct event ev = resolve_ok("cpu/mem-loads/");

	ck_assert_uint_eq(ev.attr.type, 4);
	ck_assert_uint_eq(ev.attr.config, 0x1cd);
	ck_assert_uint_eq(ev.attr.config1, 3);
	ev = resolve_ok("cpu/ldlat=7,mem-loads/"); /* the user's term wins, wherever written */
	ck_assert_uint_eq(ev.attr.config, 0x1cd);
	ck_assert_uint_eq(ev.attr.config1, 7);
	ev = resolve_ok("cpu/needs-umask,umask=2/");
	ck_assert_uint_eq(ev.attr.config, 0x23c);
	ev = resolve_ok("msr/tsc/");
	ck_assert_uint_eq(ev.attr.type, 9);
	ck_assert_uint_eq(ev.attr.config, 0);
}
END_TEST

START_TEST(explicit_terms)
{
	struct event ev = resolve_ok("cpu/event=0x3c,umask=0x01,edge/");

	ck_assert_uint_eq(ev.attr.config, 0x3c | 0x100 | 1 << 18);
	ev = resolve_ok("cpu/ event=60 , cmask=255 /");
	ck_assert_uint_eq(ev.attr.config, 0xff00003c);
	ev = resolve_ok("cpu/split=0xab/");
	ck_assert_uint_eq(ev.attr.config, 0xa0b00000000ULL);
	ev = resolve_ok("cpu/config=0x1234,config1=5,config2=0xffffffffffffffff/");
	ck_assert_uint_eq(ev.attr.config, 0x1234);
	ck_assert_uint_eq(ev.attr.config1, 5);
	ck_assert(ev.attr.config2 == UINT64_MAX);
	ev = resolve_ok("msr/event=0xffffffffffffffff/");
	ck_assert(ev.attr.config == UINT64_MAX);
}
END_TEST

START_TEST(modifiers_after_the_slash)
{
	struct event ev = resolve_ok("power/energy-pkg/u");

	ck_assert(!ev.attr.exclude_user && ev.attr.exclude_kernel && ev.attr.exclude_hv);
	ev = resolve_ok("cpu/event=1/:k");
	ck_assert(ev.attr.exclude_user && !ev.attr.exclude_kernel);
	resolve_fails("cpu/event=1/p", "unknown modifier 'p' in event 'cpu/event=1/p'");
}
END_TEST

START_TEST(errors_name_the_problem)
{
	struct event_sysfs_paths p = paths();
	struct hp_err err = { "" };
	struct event ev;

	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "nopmu/x/", &err), -1);
	ck_assert_str_eq(err.msg, "unknown PMU 'nopmu' in event 'nopmu/x/': the PMUs here are "
			 "cpu, msr, power");
	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "cpu/nosuch=1/", &err), -1);
	ck_assert_str_eq(err.msg, "unknown term 'nosuch' for PMU 'cpu' in event 'cpu/nosuch=1/': "
			 "its terms are cmask, edge, event, ldlat, split, umask, config, "
			 "config1, config2");
	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "power/energy-pkgg/", &err), -1);
	ck_assert_str_eq(err.msg, "unknown event 'energy-pkgg' for PMU 'power' in "
			 "'power/energy-pkgg/': its events are energy-cores, energy-pkg");
	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "cpu/event=0x100/", &err), -1);
	ck_assert_str_eq(err.msg, "value 0x100 is too wide for term 'event' of PMU 'cpu' in event "
			 "'cpu/event=0x100/': the field has 8 bits (config:0-7), at most 0xff");
	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "cpu/edge=2/", &err), -1);
	ck_assert_str_eq(err.msg, "value 0x2 is too wide for term 'edge' of PMU 'cpu' in event "
			 "'cpu/edge=2/': the field has 1 bit (config:18), at most 0x1");
	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "cpu/needs-umask/", &err), -1);
	ck_assert_str_eq(err.msg, "event 'cpu/needs-umask/' needs a value for term 'umask': write "
			 "cpu/needs-umask,umask=VALUE/");
	resolve_fails("cpu/bad-term/", "defines it with term 'nosuch'");
	resolve_fails("cpu/mem-loads,needs-umask/", "names two events");
	resolve_fails("cpu/config/", "needs a value");
	resolve_fails("cpu/event=zz/", "bad value 'zz'");
	resolve_fails("cpu/event", "malformed event");
	resolve_fails("cpu//", "nothing between the slashes");
	resolve_fails("../x/", "malformed event");
	resolve_fails("cpu/../", "unknown event '..'");
	resolve_fails("cpu/event=1,,umask=1/", "empty term");
}
END_TEST

START_TEST(no_sysfs)
{
	struct event_sysfs_paths p = { .devices = no_tracefs, .tracefs = { NULL } };
	struct hp_err err = { "" };
	struct event ev;

	ck_assert_int_eq(event_sysfs_resolve(&p, &ev, "msr/tsc/", &err), -1);
	ck_assert_msg(strstr(err.msg, "no PMUs are listed in"), "%s", err.msg);
}
END_TEST

START_TEST(pmu_names)
{
	struct event_sysfs_paths p = paths();
	char name[64];

	event_sysfs_pmu_name(&p, 23, name, sizeof(name));
	ck_assert_str_eq(name, "power");
	event_sysfs_pmu_name(&p, 9, name, sizeof(name));
	ck_assert_str_eq(name, "msr");
	event_sysfs_pmu_name(&p, PERF_TYPE_HARDWARE, name, sizeof(name));
	ck_assert_str_eq(name, "cpu");
	event_sysfs_pmu_name(&p, PERF_TYPE_SOFTWARE, name, sizeof(name));
	ck_assert_str_eq(name, "software");
	event_sysfs_pmu_name(&p, PERF_TYPE_TRACEPOINT, name, sizeof(name));
	ck_assert_str_eq(name, "tracepoint");
	event_sysfs_pmu_name(&p, 77, name, sizeof(name));
	ck_assert_str_eq(name, "type 77");
}
END_TEST

/* The PMU and the kernel's spelling that a bare name is found as, "" when none. */
static const char *alias(const char *name)
{
	static char out[2 * PMU_NAME_MAX + 2];
	struct event_sysfs_paths p = paths();
	struct event_sysfs_alias found;

	memset(&found, 'x', sizeof(found));
	if (!event_sysfs_alias_find(&p, name, &found))
		return "";
	snprintf(out, sizeof(out), "%s/%s", found.pmu, found.event);
	return out;
}

/* A bare name and what alias() finds for it. */
struct alias_case {
	const char *name;
	const char *want;
};

static void assert_aliases(const struct alias_case *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ck_assert_msg(strcmp(alias(cases[i].name), cases[i].want) == 0,
			      "'%s' found as '%s', not '%s'", cases[i].name, alias(cases[i].name),
			      cases[i].want);
}

START_TEST(alias_found_in_its_pmu)
{
	static const struct alias_case cases[] = {
		{ "mem-loads", "cpu/mem-loads" },
		{ "tsc", "msr/tsc" },
		{ "energy-pkg", "power/energy-pkg" },
		/* A placeholder left to fill is still the PMU's event (resolving says why). */
		{ "needs-umask", "cpu/needs-umask" },
		/* Any case, as perf compares them: the kernel's spelling comes back. */
		{ "TSC", "msr/tsc" },
		{ "Energy-Pkg", "power/energy-pkg" },
	};

	assert_aliases(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(alias_prefers_the_core_pmu)
{
	/* "aaa" sorts first and publishes it too; the type-4 PMU wins. */
	put("devices/aaa/type", "17\n");
	put("devices/aaa/events/mem-loads", "event=0x1\n");
	ck_assert_str_eq(alias("mem-loads"), "cpu/mem-loads");
	/* A hybrid: cpu_atom sorts before cpu_core, which has type 4. */
	put("devices/cpu_atom/type", "10\n");
	put("devices/cpu_atom/cpus", "16-23\n");
	put("devices/cpu_atom/events/topdown-retiring", "event=0xc2,umask=0x2\n");
	put("devices/cpu_core/type", "4\n");
	put("devices/cpu_core/cpus", "0-15\n");
	put("devices/cpu_core/events/topdown-retiring", "event=0x00,umask=0x82\n");
	ck_assert_str_eq(alias("topdown-retiring"), "cpu_core/topdown-retiring");
	/* No type 4 (Arm): a PMU with a cpus file is a core PMU, before an uncore one
	 * (cpumask) that sorts first. */
	put("devices/arm_cmn_0/type", "11\n");
	put("devices/arm_cmn_0/cpumask", "0\n");
	put("devices/arm_cmn_0/events/inst_retired", "event=0x8\n");
	put("devices/armv8_pmuv3_0/type", "8\n");
	put("devices/armv8_pmuv3_0/cpus", "0-7\n");
	put("devices/armv8_pmuv3_0/events/inst_retired", "event=0x8\n");
	ck_assert_str_eq(alias("inst_retired"), "armv8_pmuv3_0/inst_retired");
	/* No core PMU publishes it: the first by name. */
	put("devices/uncore_b/type", "20\n");
	put("devices/uncore_b/events/clockticks", "event=0xff\n");
	put("devices/uncore_a/type", "21\n");
	put("devices/uncore_a/events/clockticks", "event=0xff\n");
	ck_assert_str_eq(alias("clockticks"), "uncore_a/clockticks");
	/* The exact spelling anywhere before another case in a PMU that sorts first. */
	put("devices/aaa/events/TSC", "event=0x2\n");
	ck_assert_str_eq(alias("tsc"), "msr/tsc");
	ck_assert_str_eq(alias("TSC"), "aaa/TSC");
}
END_TEST

START_TEST(alias_not_found)
{
	struct event_sysfs_paths none = { .devices = no_tracefs, .tracefs = { NULL } };
	struct event_sysfs_alias found;

	ck_assert_str_eq(alias("nosuch"), "");
	ck_assert_str_eq(alias("mem-load"), "");
	ck_assert_str_eq(alias("cpu"), "");      /* a PMU is not one of its events */
	ck_assert_str_eq(alias("event"), "");    /* nor is a format term */
	ck_assert(!event_sysfs_alias_find(&none, "tsc", &found));
	/* An events/ entry that is a directory is no event. */
	put("devices/msr/events/subdir/", NULL);
	ck_assert_str_eq(alias("subdir"), "");
}
END_TEST

START_TEST(alias_refuses_bad_names)
{
	static const struct alias_case cases[] = {
		{ ".hidden", "" }, { "", "" }, { ".", "" }, { "..", "" },
		{ "msr/tsc", "" }, { "../msr/events/tsc", "" }, { "/tsc", "" },
		{ "tsc ", "" }, { "tsc:u", "" },
		/* The companions of an event are not events. */
		{ "energy-pkg.scale", "" }, { "energy-pkg.unit", "" },
		/* Longer than "PMU/EVENT/" can carry (PMU_NAME_MAX bytes or more). */
		{ "a123456789b123456789c123456789d123456789e123456789f123456789g123", "" },
	};

	put("devices/msr/events/.hidden", "event=0x1\n");
	put("devices/msr/events/a123456789b123456789c123456789d123456789e123456789f123456789"
	    "g123", "event=0x1\n");
	assert_aliases(cases, sizeof(cases) / sizeof(cases[0]));
}
END_TEST

START_TEST(tracepoint_shape)
{
	ck_assert(event_tracepoint_shaped("sched:sched_switch"));
	ck_assert(event_tracepoint_shaped("sched:sched_switch:u"));
	ck_assert(event_tracepoint_shaped("syscalls:sys_enter_write"));
	ck_assert(!event_tracepoint_shaped("cycles"));
	ck_assert(!event_tracepoint_shaped(":x"));
	ck_assert(!event_tracepoint_shaped("x:"));
	ck_assert(!event_tracepoint_shaped("a/b:c"));
	ck_assert(!event_tracepoint_shaped("..:x"));
	ck_assert(!event_tracepoint_shaped("sched:.."));
	ck_assert(!event_tracepoint_shaped("sched:sched_switch:u1"));
}
END_TEST

static enum event_tracepoint_status tp(const struct event_sysfs_paths *p, const char *name,
				       struct event *ev, struct hp_err *err)
{
	memset(ev, 0, sizeof(*ev));
	return event_tracepoint_resolve(p, ev, name, err);
}

START_TEST(tracepoints)
{
	struct event_sysfs_paths p = paths();
	struct hp_err err = { "" };
	struct event ev;

	ck_assert_int_eq(tp(&p, "sched:sched_switch", &ev, &err), EVENT_TRACEPOINT_FOUND);
	ck_assert_uint_eq(ev.attr.type, PERF_TYPE_TRACEPOINT);
	ck_assert_uint_eq(ev.attr.config, 372);
	ck_assert_uint_eq(ev.attr.size, sizeof(ev.attr));
	ck_assert(!ev.attr.exclude_kernel);
	ck_assert_int_eq(tp(&p, "sched:sched_wakeup:u", &ev, &err), EVENT_TRACEPOINT_FOUND);
	ck_assert_uint_eq(ev.attr.config, 370);
	ck_assert(ev.attr.exclude_kernel && !ev.attr.exclude_user);
	/* Only the first tracefs mounted answers; the debugfs copy is a fallback for when
	 * tracefs is not mounted, not a second place to look. */
	ck_assert_int_eq(tp(&p, "only_debug:ev", &ev, &err), EVENT_TRACEPOINT_NO_SUBSYSTEM);
}
END_TEST

START_TEST(tracepoint_errors)
{
	struct event_sysfs_paths p = paths();
	struct event_sysfs_paths unmounted = { .devices = devices,
					      .tracefs = { no_tracefs, NULL } };
	struct event_sysfs_paths fallback = { .devices = devices,
					     .tracefs = { no_tracefs, tracing_debug, NULL } };
	struct hp_err err = { "" };
	struct event ev;

	ck_assert_int_eq(tp(&p, "sched:nope", &ev, &err), EVENT_TRACEPOINT_ERROR);
	ck_assert_str_eq(err.msg, "unknown tracepoint 'sched:nope': subsystem 'sched' has "
			 "sched_switch, sched_wakeup");
	ck_assert_int_eq(tp(&p, "syscalls:sys_enter_wirte", &ev, &err), EVENT_TRACEPOINT_ERROR);
	ck_assert_msg(strstr(err.msg, "subsystem 'syscalls' has sys_enter_write, "), "%s", err.msg);
	ck_assert_msg(strstr(err.msg, "(12 in all)"), "%s", err.msg);
	ck_assert_int_eq(tp(&p, "ftrace:print", &ev, &err), EVENT_TRACEPOINT_ERROR);
	ck_assert_msg(strstr(err.msg, "tracepoint 'ftrace:print' cannot be counted: '"), "%s",
		      err.msg);
	ck_assert_msg(strstr(err.msg, "/tracing/events/ftrace/print' has no id, which "
			      "perf_event_open needs"), "%s", err.msg);
	ck_assert_int_eq(tp(&p, "nosub:x", &ev, &err), EVENT_TRACEPOINT_NO_SUBSYSTEM);
	ck_assert_msg(strstr(err.msg, "no subsystem 'nosub'"), "%s", err.msg);
	ck_assert_int_eq(tp(&p, "sched:sched_switch:q", &ev, &err), EVENT_TRACEPOINT_ERROR);
	ck_assert_msg(strstr(err.msg, "unknown modifier 'q'"), "%s", err.msg);
	ck_assert_int_eq(tp(&unmounted, "sched:sched_switch", &ev, &err),
			 EVENT_TRACEPOINT_NO_TRACEFS);
	ck_assert_msg(strstr(err.msg, "tracefs is not mounted (mount it with 'mount -t tracefs "
			      "nodev /sys/kernel/tracing')"), "%s", err.msg);
	ck_assert_int_eq(tp(&fallback, "only_debug:ev", &ev, &err), EVENT_TRACEPOINT_FOUND);
	ck_assert_uint_eq(ev.attr.config, 42);
}
END_TEST

static Suite *event_sysfs_suite(void)
{
	Suite *s = suite_create("event_sysfs");
	TCase *tc = tcase_create("fake tree");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, named_event_with_scale_and_unit);
	tcase_add_test(tc, named_event_terms_and_overrides);
	tcase_add_test(tc, explicit_terms);
	tcase_add_test(tc, modifiers_after_the_slash);
	tcase_add_test(tc, errors_name_the_problem);
	tcase_add_test(tc, no_sysfs);
	tcase_add_test(tc, pmu_names);
	tcase_add_test(tc, alias_found_in_its_pmu);
	tcase_add_test(tc, alias_prefers_the_core_pmu);
	tcase_add_test(tc, alias_not_found);
	tcase_add_test(tc, alias_refuses_bad_names);
	tcase_add_test(tc, tracepoint_shape);
	tcase_add_test(tc, tracepoints);
	tcase_add_test(tc, tracepoint_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(event_sysfs_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
