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
#include "spec.h"

#ifndef EVENTS_DIR
#define EVENTS_DIR "events"
#endif

static char root[64], devices[128];

static const struct family_cpu_id intel_id = { "x86_64", "GenuineIntel", 6, 143 };
static const struct family_cpu_id arm_id = { "aarch64", "", -1, -1 };

static const struct family_cpu_id skylake_id = { "x86_64", "GenuineIntel", 6, 85 };
static const struct family_cpu_id zen4_id = { "x86_64", "AuthenticAMD", 25, 17 };

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
	put("devices/armv8_pmuv3_0/cpus", "0-7\n"); /* arm_pmu's own CPU list: a core PMU */
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
	family_machine_from(&m, &intel_id, &p);
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
	family_machine_from(&m, &arm_id, &p);
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

	family_machine_from(&m, &intel_id, &p);
	ck_assert_str_eq(m.core_pmu, "");
	ck_assert_int_eq(family_find(&m, "/nonexistent", &out, why, sizeof(why), &err), 0);
	ck_assert_str_eq(why, "no hardware PMU in this machine");
}
END_TEST

/* /proc/cpuinfo's value for key on the first CPU, as the oracle of CPUID's reading. */
static void cpuinfo_value(const char *key, char *out, size_t cap)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f))
		if (strncmp(line, key, strlen(key)) == 0 && strchr(line, ':')) {
			snprintf(out, cap, "%s", strchr(line, ':') + 2);
			out[strcspn(out, "\n")] = '\0';
			break;
		}
	if (f)
		fclose(f);
}

/* With a core PMU, the identity is read from the CPU itself: what /proc/cpuinfo says. */
START_TEST(test_machine_read_identity)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;
	char vendor[64], family[16], model[16];

	put("devices/cpu/type", "4\n");
	family_machine_read(&m, &p);
	ck_assert_str_eq(m.core_pmu, "cpu");
	cpuinfo_value("vendor_id", vendor, sizeof(vendor));
	cpuinfo_value("cpu family", family, sizeof(family));
	cpuinfo_value("model\t", model, sizeof(model));
#if defined(__x86_64__)
	ck_assert_str_eq(m.arch, "x86_64");
	ck_assert_str_eq(m.vendor, vendor);
	ck_assert_int_eq(m.family, atoi(family));
	ck_assert_int_eq(m.model, atoi(model));
#else
	ck_assert_int_eq(m.family, -1);
#endif
	/* Without one, nothing more is read. */
	fake_tree_remove(root);
	setup();
	family_machine_read(&m, &p);
	ck_assert_str_eq(m.core_pmu, "");
	ck_assert_str_eq(m.vendor, "");
}
END_TEST

/* A preset that does not parse (a user's typo) is passed over, not an error of every run. */
START_TEST(test_find_passes_broken_files)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;
	struct preset out;
	struct hp_err err = { .msg = "" };
	char dir[160], why[128] = "";

	intel_cpu_pmu(false);
	put("presets/a-typo.preset", "description: mine\nevents: cycles\nmetric: r | | cycels | x\n");
	put("presets/fam.preset", "description: fam\ncpu: event=topdown-retiring\n"
	    "group: TopdownL1 | one\nevents: slots\nmetric: s | | slots | slots\n");
	put("presets/other.preset", "description: other\ncpu: arch=aarch64\n"
	    "group: TopdownL1 | one\nevents: slots\nmetric: s | | slots | slots\n");
	snprintf(dir, sizeof(dir), "%s/presets", root);
	family_machine_from(&m, &intel_id, &p);
	ck_assert_int_eq(family_find(&m, dir, &out, why, sizeof(why), &err), 1);
	ck_assert_str_eq(out.name, "fam");
	preset_release(&out);
	m.facts.has_event = NULL; /* no event published: neither file describes it */
	ck_assert_int_eq(family_find(&m, dir, &out, why, sizeof(why), &err), 0);
	ck_assert_str_eq(why, "no family file for this CPU (GenuineIntel family 6 model 0x8f)");
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

/* ---- the shipped families, as each CPU resolves them ---- */

/* The family this machine finds in the shipped files, which must be `expected`. */
static void find_shipped(const struct family_machine *m, const char *expected, struct preset *p)
{
	struct hp_err err = { .msg = "" };
	char why[128] = "";

	ck_assert_msg(family_find(m, EVENTS_DIR, p, why, sizeof(why), &err) == 1, "%s %s",
		      why, err.msg);
	ck_assert_str_eq(p->name, expected);
}

/* The chosen groups' events, resolved as hpstat resolves a family's: a sysfs name through the
 * fake tree, anything else through libpfm4 (as forced). Returns how many resolved. */
static size_t resolve_choice(const struct preset *p, const char *names,
			     const struct event_sysfs_paths *paths, struct spec *spec,
			     struct event *events)
{
	struct family_choice c;
	struct hp_err err = { .msg = "" };
	size_t i, resolved = 0;

	ck_assert_msg(family_choose(p, names, &c, &err) == 0, "%s", err.msg);
	memset(spec, 0, sizeof(*spec));
	ck_assert_msg(spec_parse(spec, c.events, &err) == 0, "%s", err.msg);
	for (i = 0; i < spec->n_events; i++) {
		struct event_sysfs_alias alias;
		char slashed[300];
		int ok;

		if (event_sysfs_alias_find(paths, spec->events[i].name, &alias)) {
			snprintf(slashed, sizeof(slashed), "%s/%s/", alias.pmu, alias.event);
			memset(&events[i], 0, sizeof(events[i]));
			ok = event_sysfs_resolve(paths, &events[i], slashed, &err) == 0;
			events[i].name = NULL;
		} else {
			ok = event_resolve(&events[i], spec->events[i].name, spec->events[i].group,
					   &err) == 0;
			free(events[i].name);
			events[i].name = NULL;
		}
		events[i].group = spec->events[i].group;
		events[i].absent = !ok;
		resolved += ok;
	}
	family_choice_release(&c);
	return resolved;
}

/* A shipped family as the machine of the fake tree finds and resolves it. */
struct shipped {
	struct preset family;
	struct spec spec;
	struct event events[32];
	size_t resolved;
};

static void shipped_resolve(struct shipped *sh, const struct family_cpu_id *id,
			    const char *expected, const char *names)
{
	struct event_sysfs_paths p = paths();
	struct family_machine m;

	family_machine_from(&m, id, &p);
	find_shipped(&m, expected, &sh->family);
	sh->resolved = resolve_choice(&sh->family, names, &p, &sh->spec, sh->events);
}

static void shipped_release(struct shipped *sh)
{
	spec_release(&sh->spec);
	preset_release(&sh->family);
}

/* Intel's PERF_METRICS: one group, led by slots, of the fixed counter and the metric
 * pseudo-events only (event code 0: no general counter), levels 1 and 2 counted once. */
START_TEST(test_shipped_intel)
{
	struct shipped sh;
	size_t i;

	intel_cpu_pmu(true);
	shipped_resolve(&sh, &intel_id, "topdown-intel", "TopdownL1,TopdownL2");
	ck_assert_uint_eq(sh.resolved, 9);
	ck_assert_uint_eq(sh.spec.n_events, 9);
	ck_assert_str_eq(sh.spec.events[0].name, "slots");
	for (i = 0; i < sh.spec.n_events; i++) {
		ck_assert_int_eq(sh.spec.events[i].group, sh.spec.events[0].group);
		ck_assert_int_ne(sh.spec.events[i].group, SPEC_NO_GROUP);
		ck_assert_uint_eq(sh.events[i].attr.type, 4);
		ck_assert_uint_eq(sh.events[i].attr.config & 0xff, 0);
		ck_assert_uint_eq(sh.events[i].attr.config >> 8, i == 0 ? 0x4 : 0x7f + i);
	}
	shipped_release(&sh);
}
END_TEST

/* Ice Lake has level 1 only: level 2's events stay unresolved (hpstat carries them as
 * absent: <not supported>), level 1's resolve in the one slots group. */
START_TEST(test_shipped_intel_level1_only)
{
	struct shipped sh;
	size_t i;

	intel_cpu_pmu(false);
	shipped_resolve(&sh, &intel_id, "topdown-intel", "TopdownL1,TopdownL2");
	ck_assert_uint_eq(sh.resolved, 5);
	for (i = 0; i < sh.spec.n_events; i++)
		ck_assert_msg(sh.events[i].absent ==
				      (strncmp(sh.spec.events[i].name, "topdown-", 8) == 0 && i >= 5),
			      "%s", sh.spec.events[i].name);
	shipped_release(&sh);
}
END_TEST

/* An Arm core with the stall-slot events and 8 slots per cycle. */
START_TEST(test_shipped_arm)
{
	struct shipped sh;
	size_t i;

	arm_pmu(true);
	shipped_resolve(&sh, &arm_id, "topdown-arm", "TopdownL1");
	ck_assert_uint_eq(sh.resolved, 6);
	for (i = 0; i < sh.spec.n_events; i++) {
		ck_assert_uint_eq(sh.events[i].attr.type, 10);
		ck_assert_int_eq(sh.spec.events[i].group, sh.spec.events[0].group);
	}
	shipped_release(&sh);
}
END_TEST

/* The groups of a family of ordinary events: each ratio's inputs share a group, and no group
 * needs more counters than the CPU has (max_members, the fixed cycle counter included). */
static void check_ordinary_groups(const struct spec *spec, const struct event *events,
				  size_t max_members)
{
	int g;
	size_t i;

	for (i = 0; i < spec->n_events; i++) {
		ck_assert_msg(!events[i].absent, "'%s' does not resolve", spec->events[i].name);
		ck_assert_int_ne(spec->events[i].group, SPEC_NO_GROUP);
	}
	for (g = 0; g < spec->n_groups; g++) {
		size_t members = 0;

		for (i = 0; i < spec->n_events; i++)
			members += spec->events[i].group == g;
		ck_assert_msg(members <= max_members, "group %d has %zu events", g, members);
	}
}

/* A family of libpfm4 names on the CPU libpfm4 is forced to, with that CPU's identity. */
static void check_libpfm_family(const char *pmu, const struct family_cpu_id *id,
				const char *expected)
{
	struct shipped sh;

	setenv("LIBPFM_FORCE_PMU", pmu, 1);
	put("devices/cpu/type", "4\n");
	shipped_resolve(&sh, id, expected, "TopdownL1,TopdownL2");
	check_ordinary_groups(&sh.spec, sh.events, 5);
	shipped_release(&sh);
}

START_TEST(test_shipped_skylake)
{
	check_libpfm_family("skl", &skylake_id, "topdown-intel-skylake");
}
END_TEST

START_TEST(test_shipped_zen4)
{
	check_libpfm_family("amd64_fam19h_zen4", &zen4_id, "topdown-amd");
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
	tcase_add_test(machine, test_machine_read_identity);
	tcase_add_test(machine, test_find_passes_broken_files);
	tcase_add_test(machine, test_shipped_intel);
	tcase_add_test(machine, test_shipped_intel_level1_only);
	tcase_add_test(machine, test_shipped_arm);
	tcase_add_test(machine, test_shipped_skylake);
	tcase_add_test(machine, test_shipped_zen4);
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
