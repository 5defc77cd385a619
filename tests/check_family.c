/* check_family.c - Check unit tests for CPU families: the machine facts read from fake sysfs
 * trees, the choice of groups and metrics, and the shipped family files resolved as each CPU
 * would (fake sysfs for the sysfs PMUs, LIBPFM_FORCE_PMU for libpfm4's names). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "event_sysfs.h"
#include "family.h"
#include "fake_tree.h"
#include "preset.h"

#ifndef EVENTS_DIR
#define EVENTS_DIR "events"
#endif

static char root[64], devices[128];

static const char intel_cpuinfo[] = "processor\t: 0\nvendor_id\t: GenuineIntel\n"
				    "cpu family\t: 6\nmodel\t\t: 143\nmodel name\t: Xeon\n";

static void put(const char *rel, const char *content)
{
	fake_tree_put(root, rel, content);
}

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/check_family.XXXXXX");
	ck_assert(mkdtemp(root) != NULL);
	snprintf(devices, sizeof(devices), "%s/devices", root);
	put("devices/software/type", "1\n");
	put("devices/breakpoint/type", "5\n");
}

static void teardown(void)
{
	fake_tree_remove(root);
}

static struct event_sysfs_paths paths(void)
{
	return (struct event_sysfs_paths){ .devices = devices, .tracefs = { NULL } };
}

/* Sapphire Rapids' core PMU: the fixed slots counter and the eight PERF_METRICS events. */
static void intel_cpu_pmu(bool level2)
{
	put("devices/cpu/type", "4\n");
	put("devices/cpu/format/event", "config:0-7\n");
	put("devices/cpu/format/umask", "config:8-15\n");
	put("devices/cpu/events/slots", "event=0x00,umask=0x4\n");
	put("devices/cpu/events/topdown-retiring", "event=0x00,umask=0x80\n");
	put("devices/cpu/events/topdown-bad-spec", "event=0x00,umask=0x81\n");
	put("devices/cpu/events/topdown-fe-bound", "event=0x00,umask=0x82\n");
	put("devices/cpu/events/topdown-be-bound", "event=0x00,umask=0x83\n");
	if (level2) {
		put("devices/cpu/events/topdown-heavy-ops", "event=0x00,umask=0x84\n");
		put("devices/cpu/events/topdown-br-mispredict", "event=0x00,umask=0x85\n");
		put("devices/cpu/events/topdown-fetch-lat", "event=0x00,umask=0x86\n");
		put("devices/cpu/events/topdown-mem-bound", "event=0x00,umask=0x87\n");
	}
}

/* A Neoverse V1's PMU as an ACPI machine names it, eight slots per cycle. */
static void arm_pmu(bool slots)
{
	put("devices/armv8_pmuv3_0/type", "10\n");
	put("devices/armv8_pmuv3_0/format/event", "config:0-15\n");
	put("devices/armv8_pmuv3_0/events/cpu_cycles", "event=0x0011\n");
	put("devices/armv8_pmuv3_0/events/br_mis_pred", "event=0x0010\n");
	put("devices/armv8_pmuv3_0/events/op_retired", "event=0x003a\n");
	put("devices/armv8_pmuv3_0/events/op_spec", "event=0x003b\n");
	put("devices/armv8_pmuv3_0/events/stall_slot_backend", "event=0x003d\n");
	put("devices/armv8_pmuv3_0/events/stall_slot_frontend", "event=0x003e\n");
	put("devices/armv8_pmuv3_0/events/stall_slot", "event=0x003f\n");
	if (slots)
		put("devices/armv8_pmuv3_0/caps/slots", "0x00000008\n");
}

/* ---- the machine ---- */

START_TEST(test_machine_intel)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;

	intel_cpu_pmu(true);
	family_machine_from(&m, "x86_64", intel_cpuinfo, &p);
	ck_assert_str_eq(m.arch, "x86_64");
	ck_assert_str_eq(m.vendor, "GenuineIntel");
	ck_assert_int_eq(m.family, 6);
	ck_assert_int_eq(m.model, 143);
	ck_assert_str_eq(m.core_pmu, "cpu");
	ck_assert(isnan(m.pmu_slots));
	ck_assert(cpu_match(&m.facts, "event=topdown-retiring event=topdown-heavy-ops"));
	ck_assert(!cpu_match(&m.facts, "event=stall_slot"));
	ck_assert(!cpu_match(&m.facts, "event=../cpu/type"));
}
END_TEST

START_TEST(test_machine_arm)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;

	arm_pmu(true);
	family_machine_from(&m, "aarch64", "processor\t: 0\nCPU part\t: 0xd40\n", &p);
	ck_assert_str_eq(m.core_pmu, "armv8_pmuv3_0");
	ck_assert_str_eq(m.vendor, "");
	ck_assert_int_eq(m.family, -1);
	ck_assert_double_eq(m.pmu_slots, 8.0);
	ck_assert(cpu_match(&m.facts, "arch=aarch64 event=stall_slot"));
}
END_TEST

/* No core PMU (a virtual machine): no family is looked for, and why says so. */
START_TEST(test_machine_no_pmu)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;
	struct preset out;
	struct hp_err err = { .msg = "" };
	char why[128];

	family_machine_from(&m, "x86_64", intel_cpuinfo, &p);
	ck_assert_str_eq(m.core_pmu, "");
	ck_assert_int_eq(family_find(&m, "/nonexistent", &out, why, sizeof(why), &err), 0);
	ck_assert_str_eq(why, "no hardware PMU in this machine");
}
END_TEST

/* ---- choosing ---- */

static const char chooser[] =
	"description: a test family\n"
	"define: total = a + b + c\n"
	"group: L1 | level one\n"
	"events: {a, b, c}\n"
	"metric: ra | % | 100 * a / total | a's share\n"
	"metric: rb | % | 100 * b / total | b's share\n"
	"group: L2 | level two, which counts level one again\n"
	"events: {a, b, c, d}\n"
	"metric: rd | % | 100 * d / total | d's share\n"
	"group: Extra | reads level one's events without counting them\n"
	"events: {e}\n"
	"metric: re | | e / a | e per a\n";

static void choose(const char *names, const char *events, const char *metrics)
{
	struct preset p;
	struct family_choice c;
	struct hp_err err = { .msg = "" };
	char shown[64] = "";
	size_t i;

	ck_assert_msg(preset_parse(chooser, "t.preset", &p, &err) == 0, "%s", err.msg);
	ck_assert_msg(family_choose(&p, names, &c, &err) == 0, "%s: %s", names, err.msg);
	ck_assert_str_eq(c.events, events);
	for (i = 0; i < c.n_metrics; i++)
		if (c.metrics[i])
			snprintf(shown + strlen(shown), sizeof(shown) - strlen(shown), "%s%s",
				 shown[0] ? "," : "", p.metrics[i].name);
	ck_assert_str_eq(shown, metrics);
	family_choice_release(&c);
	preset_release(&p);
}

START_TEST(test_choose)
{
	choose("L1", "{a, b, c}", "ra,rb");
	/* Level two's line holds level one's: counted once, by the longer line. */
	choose("L1,L2", "{a, b, c, d}", "ra,rb,rd");
	choose("l2", "{a, b, c, d}", "rd");
	/* One metric brings its group's events, not its group's other metrics. */
	choose(" RB ", "{a, b, c}", "rb");
	/* Extra reads a, counted only by L1: L1's events come too, not its metrics. */
	choose("Extra", "{a, b, c},{e}", "re");
	choose("Extra,L2", "{a, b, c, d},{e}", "rd,re");
}
END_TEST

START_TEST(test_choose_unknown)
{
	struct preset p;
	struct family_choice c;
	struct hp_err err = { .msg = "" };

	ck_assert(preset_parse(chooser, "t.preset", &p, &err) == 0);
	ck_assert_int_eq(family_choose(&p, "L1,L3", &c, &err), -1);
	ck_assert_str_eq(err.msg, "'L3' is no metric group or metric of a test family; it has "
			 "L1, L2, Extra, ra, rb, rd, re");
	ck_assert_ptr_null(c.events);
	preset_release(&p);
}
END_TEST

START_TEST(test_topdown_names)
{
	char names[64];

	family_topdown_names(1, names, sizeof(names));
	ck_assert_str_eq(names, "TopdownL1");
	family_topdown_names(2, names, sizeof(names));
	ck_assert_str_eq(names, "TopdownL1,TopdownL2");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("family");
	TCase *machine = tcase_create("machine"), *choosing = tcase_create("choose");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(machine, setup, teardown);
	tcase_add_test(machine, test_machine_intel);
	tcase_add_test(machine, test_machine_arm);
	tcase_add_test(machine, test_machine_no_pmu);
	suite_add_tcase(s, machine);
	tcase_add_test(choosing, test_choose);
	tcase_add_test(choosing, test_choose_unknown);
	tcase_add_test(choosing, test_topdown_names);
	suite_add_tcase(s, choosing);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
