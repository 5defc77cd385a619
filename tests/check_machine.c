/* check_machine.c - Check unit tests for the machine facts (src/machine.c): the PMU list and
 * the facts --doctor judges, read from fake procfs and sysfs trees. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_tree.h"
#include "machine.h"

static char tmp_dir[32]; /* "/tmp/check_machine.XXXXXX" */

static void tmp_setup(void)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/check_machine.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

static void tmp_teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void add_pmu(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
	ck_assert_msg(mkdir(path, 0700) == 0, "mkdir %s: %s", path, strerror(errno));
}

/* More PMUs than fit: the first MACHINE_MAX_PMUS in name order, whatever the directory order,
 * so two reads of one machine report the same list. Created in a scrambled order. */
START_TEST(test_pmus_sorted_then_cut)
{
	struct machine m;
	char name[32];
	unsigned i;

	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "pmu_%03u", (i * 77) % 200); /* 77 is prime to 200 */
		add_pmu(name);
	}
	add_pmu(".hidden");
	machine_read_pmus(&m, tmp_dir);
	for (i = 0; i < m.n_pmus; i++) {
		snprintf(name, sizeof(name), "pmu_%03u", i);
		ck_assert_str_eq(m.pmus[i], name);
	}
	ck_assert_int_eq(MACHINE_MAX_PMUS, 64);
	ck_assert_uint_eq(m.n_pmus, MACHINE_MAX_PMUS);
}
END_TEST

/* Fewer than fit: all of them, sorted; a missing directory gives none. */
START_TEST(test_pmus_few)
{
	static const char *const want[] = { "breakpoint", "cpu", "msr", "software", "tracepoint" };
	struct machine m;
	size_t i;

	add_pmu("tracepoint");
	add_pmu("cpu");
	add_pmu("software");
	add_pmu("msr");
	add_pmu("breakpoint");
	machine_read_pmus(&m, tmp_dir);
	ck_assert_uint_eq(m.n_pmus, 5);
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(m.pmus[i], want[i]);
	machine_read_pmus(&m, "/nonexistent/check_machine");
	ck_assert_uint_eq(m.n_pmus, 0);
}
END_TEST

#define STATUS_HEAD "Name:\tcheck_machine\nUmask:\t0022\nState:\tR (running)\n"

/* The VM this project is developed on: PMUs without a core one, the hypervisor flag, root with
 * every capability, no cpufreq, tracefs at its own place. */
START_TEST(test_facts_vm)
{
	struct diagnosis_facts f;

	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/breakpoint/type", "5\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/msr/type", "9\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/software/type", "1\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/tracepoint/type", "2\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/uprobe/type", "8\n");
	fake_tree_put(tmp_dir, "proc/cpuinfo",
		      "processor\t: 0\nmodel name\t: Some CPU\n"
		      "flags\t\t: fpu vme sse2 hypervisor lahf_lm\n\n"
		      "processor\t: 1\nflags\t\t: fpu\n");
	fake_tree_put(tmp_dir, "proc/sys/kernel/perf_event_paranoid", "2\n");
	fake_tree_put(tmp_dir, "proc/self/status",
		      STATUS_HEAD "Uid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n"
		      "CapInh:\t0000000000000000\nCapPrm:\t000001fffeffffff\n"
		      "CapEff:\t000001fffeffffff\nCapBnd:\t000001fffeffffff\n"
		      "Seccomp:\t0\nSeccomp_filters:\t0\n");
	fake_tree_put(tmp_dir, "proc/sys/kernel/nmi_watchdog", "0\n");
	fake_tree_put(tmp_dir, "sys/devices/system/cpu/smt/active", "0\n");
	fake_tree_put(tmp_dir, "sys/kernel/tracing/events/sched/enable", "0\n");
	machine_read_facts(&f, tmp_dir);
	ck_assert(f.pmus_read);
	ck_assert_uint_eq(f.n_core_pmus, 0);
	ck_assert_int_eq(f.num_counters, DIAGNOSIS_UNKNOWN);
	ck_assert(f.msr_pmu);
	ck_assert(f.hypervisor_flag);
	ck_assert_str_eq(f.hypervisor_type, "");
	ck_assert_str_eq(f.dmi_vendor, "");
	ck_assert_int_eq(f.paranoid, 2);
	ck_assert(f.status_read);
	ck_assert_int_eq(f.euid, 0);
	ck_assert(f.perfmon_effective && f.perfmon_permitted);
	ck_assert(f.sys_admin_effective && f.sys_admin_permitted);
	ck_assert_int_eq(f.seccomp, 0);
	ck_assert_int_eq(f.nmi_watchdog, 0);
	ck_assert_int_eq(f.smt_active, 0);
	ck_assert_str_eq(f.governor, "");
	ck_assert_int_eq(f.no_turbo, DIAGNOSIS_UNKNOWN);
	ck_assert_int_eq(f.boost, DIAGNOSIS_UNKNOWN);
	ck_assert_str_eq(f.tracefs, "/sys/kernel/tracing");
}
END_TEST

/* A hybrid desktop for an unprivileged user in a container: both core PMUs (and an uncore one
 * that is not), counters, CAP_PERFMON only permitted, a seccomp filter, the watchdog on, cpufreq
 * with boost, tracefs only under debugfs. "hypervisor" inside another flag's name is no flag. */
START_TEST(test_facts_hybrid_container)
{
	struct diagnosis_facts f;

	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/cpu_core/type", "4\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/cpu_core/caps/num_counters", "8\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/cpu_atom/type", "10\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/cpu_atom/caps/num_counters", "6\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/uncore_imc_0/type", "12\n");
	fake_tree_put(tmp_dir, "sys/class/dmi/id/sys_vendor", "Dell Inc.\n");
	fake_tree_put(tmp_dir, "proc/cpuinfo", "flags\t\t: fpu not_hypervisor_x\n");
	fake_tree_put(tmp_dir, "proc/sys/kernel/perf_event_paranoid", "-1\n");
	fake_tree_put(tmp_dir, "proc/self/status",
		      STATUS_HEAD "Uid:\t1000\t1000\t1000\t1000\n"
		      "CapPrm:\t0000004000000000\nCapEff:\t0000000000000000\n"
		      "Seccomp:\t2\n");
	fake_tree_put(tmp_dir, "proc/sys/kernel/nmi_watchdog", "1\n");
	fake_tree_put(tmp_dir, "sys/devices/system/cpu/smt/active", "1\n");
	fake_tree_put(tmp_dir, "sys/devices/system/cpu/cpu0/cpufreq/scaling_governor",
		      "powersave\n");
	fake_tree_put(tmp_dir, "sys/devices/system/cpu/cpufreq/boost", "1\n");
	fake_tree_put(tmp_dir, "sys/kernel/tracing/", NULL); /* not mounted: no events */
	fake_tree_put(tmp_dir, "sys/kernel/debug/tracing/events/sched/enable", "0\n");
	machine_read_facts(&f, tmp_dir);
	ck_assert(f.pmus_read);
	ck_assert_uint_eq(f.n_core_pmus, 2);
	ck_assert_str_eq(f.core_pmus[0], "cpu_atom");
	ck_assert_str_eq(f.core_pmus[1], "cpu_core");
	ck_assert_int_eq(f.num_counters, 6);
	ck_assert(!f.msr_pmu);
	ck_assert(!f.hypervisor_flag);
	ck_assert_str_eq(f.dmi_vendor, "Dell Inc.");
	ck_assert_int_eq(f.paranoid, -1);
	ck_assert(f.status_read);
	ck_assert_int_eq(f.euid, 1000);
	ck_assert(!f.perfmon_effective && f.perfmon_permitted);
	ck_assert(!f.sys_admin_effective && !f.sys_admin_permitted);
	ck_assert_int_eq(f.seccomp, 2);
	ck_assert_int_eq(f.nmi_watchdog, 1);
	ck_assert_int_eq(f.smt_active, 1);
	ck_assert_str_eq(f.governor, "powersave");
	ck_assert_int_eq(f.no_turbo, DIAGNOSIS_UNKNOWN);
	ck_assert_int_eq(f.boost, 1);
	ck_assert_str_eq(f.tracefs, "/sys/kernel/debug/tracing");
}
END_TEST

/* A core PMU of another name is found by its type, PERF_TYPE_RAW; an empty tree is all
 * unknown, and unreadable PMUs say so. */
START_TEST(test_facts_by_type_and_empty)
{
	struct diagnosis_facts f;

	machine_read_facts(&f, tmp_dir);
	ck_assert(!f.pmus_read);
	ck_assert_uint_eq(f.n_core_pmus, 0);
	ck_assert(!f.hypervisor_flag);
	ck_assert_int_eq(f.paranoid, DIAGNOSIS_UNKNOWN);
	ck_assert(!f.status_read);
	ck_assert_int_eq(f.seccomp, DIAGNOSIS_UNKNOWN);
	ck_assert_int_eq(f.nmi_watchdog, DIAGNOSIS_UNKNOWN);
	ck_assert_int_eq(f.smt_active, DIAGNOSIS_UNKNOWN);
	ck_assert_str_eq(f.tracefs, "");

	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/software/type", "1\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/riscv_pmu/type", "4\n");
	fake_tree_put(tmp_dir, "sys/bus/event_source/devices/riscv_pmu/caps/num_counters",
		      "junk\n");
	machine_read_facts(&f, tmp_dir);
	ck_assert(f.pmus_read);
	ck_assert_uint_eq(f.n_core_pmus, 1);
	ck_assert_str_eq(f.core_pmus[0], "riscv_pmu");
	ck_assert_int_eq(f.num_counters, DIAGNOSIS_UNKNOWN);
}
END_TEST

static Suite *machine_suite(void)
{
	Suite *s = suite_create("machine");
	TCase *pmus = tcase_create("pmus");
	TCase *facts = tcase_create("facts");

	tcase_add_checked_fixture(pmus, tmp_setup, tmp_teardown);
	tcase_add_test(pmus, test_pmus_sorted_then_cut);
	tcase_add_test(pmus, test_pmus_few);
	suite_add_tcase(s, pmus);
	tcase_add_checked_fixture(facts, tmp_setup, tmp_teardown);
	tcase_add_test(facts, test_facts_vm);
	tcase_add_test(facts, test_facts_hybrid_container);
	tcase_add_test(facts, test_facts_by_type_and_empty);
	suite_add_tcase(s, facts);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(machine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
