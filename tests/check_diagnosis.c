/* check_diagnosis.c - Check unit tests for the --doctor findings (src/diagnosis.c). */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diagnosis.h"

/* A quiet bare-metal machine that lets an unprivileged user count its own processes: one core
 * PMU with 8 counters, paranoid 2, no capabilities, everything steady. */
static void facts_bare_metal(struct diagnosis_facts *f)
{
	diagnosis_facts_init(f);
	f->pmus_read = true;
	snprintf(f->core_pmus[0], sizeof(f->core_pmus[0]), "cpu");
	f->n_core_pmus = 1;
	f->num_counters = 8;
	f->msr_pmu = true;
	f->paranoid = 2;
	f->status_read = true;
	f->euid = 1000;
	f->seccomp = 0;
	f->nmi_watchdog = 0;
	f->smt_active = 0;
	snprintf(f->governor, sizeof(f->governor), "performance");
	f->no_turbo = 1;
	snprintf(f->tracefs, sizeof(f->tracefs), "/sys/kernel/tracing");
}

/* The virtual machine this project is developed on: no core PMU, the hypervisor flag, root
 * with every capability, no cpufreq. */
static void facts_vm_without_pmu(struct diagnosis_facts *f)
{
	facts_bare_metal(f);
	f->n_core_pmus = 0;
	f->num_counters = DIAGNOSIS_UNKNOWN;
	f->hypervisor_flag = true;
	f->euid = 0;
	f->perfmon_effective = f->perfmon_permitted = true;
	f->sys_admin_effective = f->sys_admin_permitted = true;
	f->governor[0] = '\0';
	f->no_turbo = DIAGNOSIS_UNKNOWN;
}

static const struct diagnosis_finding *find(const struct diagnosis *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->findings[i].name, name) == 0)
			return &d->findings[i];
	ck_abort_msg("no finding '%s'", name);
	return NULL;
}

static void assert_finding(const struct diagnosis *d, const char *name,
			   enum diagnosis_state state, const char *found, const char *fix)
{
	const struct diagnosis_finding *g = find(d, name);

	ck_assert_str_eq(diagnosis_state_name(g->state), diagnosis_state_name(state));
	ck_assert_str_eq(g->found, found);
	ck_assert_str_eq(g->fix, fix);
}

typedef int (*write_fn)(FILE *, const struct diagnosis *);

static char *written(write_fn write, const struct diagnosis *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(write(f, d), 0);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

START_TEST(test_core_pmu_names)
{
	ck_assert(diagnosis_pmu_is_core("cpu", DIAGNOSIS_UNKNOWN));
	ck_assert(diagnosis_pmu_is_core("cpu_core", 4));
	ck_assert(diagnosis_pmu_is_core("cpu_atom", 10));
	ck_assert(diagnosis_pmu_is_core("armv8_pmuv3_0", 8));
	ck_assert(diagnosis_pmu_is_core("armv7_cortex_a15", DIAGNOSIS_UNKNOWN));
	ck_assert(diagnosis_pmu_is_core("riscv_pmu", 4)); /* PERF_TYPE_RAW */
	ck_assert(!diagnosis_pmu_is_core("msr", 9));
	ck_assert(!diagnosis_pmu_is_core("software", 1));
	ck_assert(!diagnosis_pmu_is_core("breakpoint", 5));
	ck_assert(!diagnosis_pmu_is_core("uncore_imc_0", DIAGNOSIS_UNKNOWN));
	ck_assert(!diagnosis_pmu_is_core("cpufreq", DIAGNOSIS_UNKNOWN));
}
END_TEST

/* The whole text report of the VM without a PMU: aligned columns, the fix under what was found,
 * the count at the end. */
START_TEST(test_text_vm_without_pmu)
{
	static const char want[] =
		"hardware_pmu         problem  no hardware PMU in this virtual machine: hardware "
		"events (cycles, instructions, cache-misses) are refused; software events, "
		"tracepoints and msr still count\n"
		"                     fix:     enable the vPMU (e.g. KVM -cpu host, VMware "
		"'virtualize CPU performance counters')\n"
		"virtual_machine      info     yes: hypervisor flag in /proc/cpuinfo\n"
		"perf_event_paranoid  ok       2: own processes, user mode only without "
		"CAP_PERFMON; this process holds CAP_PERFMON, so the level does not limit it\n"
		"capabilities         ok       root; CAP_PERFMON: effective, permitted; "
		"CAP_SYS_ADMIN: effective, permitted\n"
		"seccomp              ok       0: off\n"
		"nmi_watchdog         ok       0: off\n"
		"hybrid_cpu           info     no\n"
		"smt                  ok       off\n"
		"cpu_governor         info     unknown (no cpufreq here)\n"
		"turbo                info     unknown (no cpufreq here)\n"
		"tracefs              ok       /sys/kernel/tracing/events is readable: tracepoints "
		"can be named\n"
		"1 problem, 0 warnings\n";
	struct diagnosis_facts f;
	struct diagnosis d;
	char *text;

	facts_vm_without_pmu(&f);
	diagnosis_make(&d, &f);
	ck_assert_uint_eq(d.n, 11);
	text = written(diagnosis_write_text, &d);
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

/* The same as JSON: every finding has the four keys, fix null where there is nothing to do. */
START_TEST(test_json_vm_without_pmu)
{
	static const char want[] =
		"{\"schema_version\":1,\"findings\":[\n"
		"{\"name\":\"hardware_pmu\",\"state\":\"problem\",\"found\":\"no hardware PMU in "
		"this virtual machine: hardware events (cycles, instructions, cache-misses) are "
		"refused; software events, tracepoints and msr still count\",\"fix\":\"enable the "
		"vPMU (e.g. KVM -cpu host, VMware 'virtualize CPU performance counters')\"},\n"
		"{\"name\":\"virtual_machine\",\"state\":\"info\",\"found\":\"yes: hypervisor flag "
		"in /proc/cpuinfo\",\"fix\":null},\n"
		"{\"name\":\"perf_event_paranoid\",\"state\":\"ok\",\"found\":\"2: own processes, "
		"user mode only without CAP_PERFMON; this process holds CAP_PERFMON, so the level "
		"does not limit it\",\"fix\":null},\n"
		"{\"name\":\"capabilities\",\"state\":\"ok\",\"found\":\"root; CAP_PERFMON: "
		"effective, permitted; CAP_SYS_ADMIN: effective, permitted\",\"fix\":null},\n"
		"{\"name\":\"seccomp\",\"state\":\"ok\",\"found\":\"0: off\",\"fix\":null},\n"
		"{\"name\":\"nmi_watchdog\",\"state\":\"ok\",\"found\":\"0: off\",\"fix\":null},\n"
		"{\"name\":\"hybrid_cpu\",\"state\":\"info\",\"found\":\"no\",\"fix\":null},\n"
		"{\"name\":\"smt\",\"state\":\"ok\",\"found\":\"off\",\"fix\":null},\n"
		"{\"name\":\"cpu_governor\",\"state\":\"info\",\"found\":\"unknown (no cpufreq "
		"here)\",\"fix\":null},\n"
		"{\"name\":\"turbo\",\"state\":\"info\",\"found\":\"unknown (no cpufreq here)\","
		"\"fix\":null},\n"
		"{\"name\":\"tracefs\",\"state\":\"ok\",\"found\":\"/sys/kernel/tracing/events is "
		"readable: tracepoints can be named\",\"fix\":null}\n"
		"]}\n";
	struct diagnosis_facts f;
	struct diagnosis d;
	char *text;

	facts_vm_without_pmu(&f);
	diagnosis_make(&d, &f);
	text = written(diagnosis_write_json, &d);
	ck_assert_str_eq(text, want);
	free(text);
	d.n = 0;
	text = written(diagnosis_write_json, &d);
	ck_assert_str_eq(text, "{\"schema_version\":1,\"findings\":[]}\n");
	free(text);
}
END_TEST

/* A guest whose vPMU is on counts like bare metal; a guest seen only through DMI or
 * /sys/hypervisor says which; bare metal without a PMU gets another fix than a guest. */
START_TEST(test_pmu_and_virtual_machine)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	f.hypervisor_flag = true;
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_OK, "core PMU 'cpu': 8 general counters", "");
	assert_finding(&d, "virtual_machine", DIAGNOSIS_INFO,
		       "yes: hypervisor flag in /proc/cpuinfo", "");

	facts_bare_metal(&f);
	f.num_counters = DIAGNOSIS_UNKNOWN;
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_OK,
		       "core PMU 'cpu'; general counters: unknown (sysfs does not say)", "");
	assert_finding(&d, "virtual_machine", DIAGNOSIS_INFO, "no sign of a hypervisor", "");

	facts_bare_metal(&f);
	f.n_core_pmus = 0;
	f.msr_pmu = false;
	snprintf(f.dmi_vendor, sizeof(f.dmi_vendor), "Dell Inc.");
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_PROBLEM,
		       "no hardware PMU: hardware events (cycles, instructions, cache-misses) are "
		       "refused; software events and tracepoints still count",
		       "see 'dmesg | grep -i perf' for why the kernel has no PMU driver for this "
		       "CPU");
	assert_finding(&d, "virtual_machine", DIAGNOSIS_INFO, "no sign of a hypervisor", "");

	snprintf(f.dmi_vendor, sizeof(f.dmi_vendor), "QEMU");
	snprintf(f.hypervisor_type, sizeof(f.hypervisor_type), "xen");
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_PROBLEM,
		       "no hardware PMU in this virtual machine: hardware events (cycles, "
		       "instructions, cache-misses) are refused; software events and tracepoints "
		       "still count",
		       "enable the vPMU (e.g. KVM -cpu host, VMware 'virtualize CPU performance "
		       "counters')");
	assert_finding(&d, "virtual_machine", DIAGNOSIS_INFO,
		       "yes: type 'xen' in /sys/hypervisor/type; DMI vendor 'QEMU'", "");

	f.pmus_read = false;
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_PROBLEM,
		       "cannot read /sys/bus/event_source/devices: sysfs is not mounted, or this "
		       "kernel has no perf events",
		       "mount sysfs (mount -t sysfs sysfs /sys); use a kernel built with "
		       "CONFIG_PERF_EVENTS");
}
END_TEST

/* A hybrid CPU: both core PMUs named, the first one's counters, the hint to pin. */
START_TEST(test_hybrid)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	snprintf(f.core_pmus[0], sizeof(f.core_pmus[0]), "cpu_atom");
	snprintf(f.core_pmus[1], sizeof(f.core_pmus[1]), "cpu_core");
	f.n_core_pmus = 2;
	f.num_counters = 6;
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_OK,
		       "core PMUs 'cpu_atom', 'cpu_core'; 'cpu_atom' has 6 general counters", "");
	assert_finding(&d, "hybrid_cpu", DIAGNOSIS_INFO,
		       "yes: cpu_core and cpu_atom count apart, each on its own kind of core",
		       "for comparable counts, keep the command on one kind of core (taskset -c "
		       "CPUS)");
	f.num_counters = DIAGNOSIS_UNKNOWN;
	diagnosis_make(&d, &f);
	assert_finding(&d, "hardware_pmu", DIAGNOSIS_OK,
		       "core PMUs 'cpu_atom', 'cpu_core'; general counters: unknown (sysfs does "
		       "not say)", "");
}
END_TEST

#define GIVE "give hpstat CAP_PERFMON (make install-caps)"

/* Each level for an unprivileged user: what it allows, how bad that is, the fix. */
START_TEST(test_paranoid_levels)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_WARNING,
		       "2: own processes, user mode only without CAP_PERFMON",
		       "sysctl kernel.perf_event_paranoid=1 adds kernel mode, 0 whole CPUs; or "
		       GIVE);
	f.paranoid = 1;
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_INFO,
		       "1: own processes, user and kernel mode; whole CPUs (-a, -C) need "
		       "CAP_PERFMON",
		       "sysctl kernel.perf_event_paranoid=0 to count whole CPUs; or " GIVE);
	f.paranoid = 0;
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_OK,
		       "0: own processes and whole CPUs, user and kernel mode", "");
	f.paranoid = -1;
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_OK, "-1: everything, for every user",
		       "");
	f.paranoid = 3;
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_PROBLEM,
		       "3: no counting at all without CAP_PERFMON (a distribution's level)",
		       "sysctl kernel.perf_event_paranoid=2 (own processes, user mode), or " GIVE);
	f.paranoid = DIAGNOSIS_UNKNOWN;
	diagnosis_make(&d, &f);
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_PROBLEM,
		       "cannot read /proc/sys/kernel/perf_event_paranoid: this kernel may have no "
		       "perf events",
		       "use a kernel built with CONFIG_PERF_EVENTS");
}
END_TEST

/* Capability sets: CAP_PERFMON effective or only permitted (hpstat raises it), CAP_SYS_ADMIN,
 * none; with them the paranoid level is no limit. */
START_TEST(test_capabilities)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_INFO,
		       "not root; CAP_PERFMON: none; CAP_SYS_ADMIN: none",
		       "to count beyond the perf_event_paranoid level: make install-caps (CAP_PERFMON "
		       "for a trusted group), or run as root");

	f.perfmon_permitted = true;
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_OK,
		       "not root; CAP_PERFMON: permitted; CAP_SYS_ADMIN: none", "");
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_OK,
		       "2: own processes, user mode only without CAP_PERFMON; this process holds "
		       "CAP_PERFMON, so the level does not limit it", "");

	f.perfmon_permitted = false;
	f.sys_admin_effective = true;
	f.paranoid = 3;
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_OK,
		       "not root; CAP_PERFMON: none; CAP_SYS_ADMIN: effective", "");
	assert_finding(&d, "perf_event_paranoid", DIAGNOSIS_OK,
		       "3: no counting at all without CAP_PERFMON (a distribution's level); this "
		       "process holds CAP_SYS_ADMIN, so the level does not limit it", "");

	/* CAP_SYS_ADMIN only permitted: hpstat raises CAP_PERFMON alone, so it does not count */
	f.sys_admin_effective = false;
	f.sys_admin_permitted = true;
	f.paranoid = 0;
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_INFO,
		       "not root; CAP_PERFMON: none; CAP_SYS_ADMIN: permitted", "");

	/* root without its capabilities (a container's bounding set) is not privileged */
	facts_bare_metal(&f);
	f.euid = 0;
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_INFO,
		       "root; CAP_PERFMON: none; CAP_SYS_ADMIN: none",
		       "root without CAP_PERFMON: the container runtime dropped it (docker run "
		       "--cap-add PERFMON)");

	f.status_read = false;
	diagnosis_make(&d, &f);
	assert_finding(&d, "capabilities", DIAGNOSIS_WARNING,
		       "cannot read /proc/self/status: capabilities unknown",
		       "mount procfs (mount -t proc proc /proc)");
}
END_TEST

START_TEST(test_seccomp)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	f.seccomp = 2;
	diagnosis_make(&d, &f);
	assert_finding(&d, "seccomp", DIAGNOSIS_WARNING,
		       "2: a filter is installed: a container's profile may block perf_event_open",
		       "if every counter is refused, allow perf_event_open in the seccomp profile "
		       "(docker run --security-opt seccomp=PROFILE)");
	f.seccomp = 1;
	diagnosis_make(&d, &f);
	assert_finding(&d, "seccomp", DIAGNOSIS_WARNING,
		       "1: strict mode: only read, write and exit are allowed", "");
	f.seccomp = DIAGNOSIS_UNKNOWN;
	diagnosis_make(&d, &f);
	assert_finding(&d, "seccomp", DIAGNOSIS_INFO,
		       "unknown (no Seccomp line in /proc/self/status)", "");
}
END_TEST

/* The watchdog takes a counter only where there are counters. */
START_TEST(test_nmi_watchdog)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	f.nmi_watchdog = 1;
	diagnosis_make(&d, &f);
	assert_finding(&d, "nmi_watchdog", DIAGNOSIS_WARNING,
		       "1: on: it holds one hardware counter on every CPU",
		       "sysctl kernel.nmi_watchdog=0 frees one counter");
	facts_vm_without_pmu(&f);
	f.nmi_watchdog = 1;
	diagnosis_make(&d, &f);
	assert_finding(&d, "nmi_watchdog", DIAGNOSIS_INFO,
		       "1: on, but without a hardware PMU it holds no counter", "");
	f.nmi_watchdog = DIAGNOSIS_UNKNOWN;
	diagnosis_make(&d, &f);
	assert_finding(&d, "nmi_watchdog", DIAGNOSIS_INFO,
		       "unknown (no /proc/sys/kernel/nmi_watchdog)", "");
}
END_TEST

/* SMT, governor, turbo (intel_pstate first, then cpufreq boost) and tracefs. */
/* A tracefs mounted, but root's alone: the fix is access, not a mount. */
static void assert_private_tracefs(struct diagnosis_facts f)
{
	static const char found[] = "/sys/kernel/tracing is mounted, but this user may not "
				    "read it: tracepoints (sched:sched_switch) cannot be named";
	static const char fix[] = "run as root, or let a group of this user's read it: mount -o "
				  "remount,gid=GROUP,mode=0750 /sys/kernel/tracing";
	struct diagnosis d;

	snprintf(f.tracefs_denied, sizeof(f.tracefs_denied), "/sys/kernel/tracing");
	diagnosis_make(&d, &f);
	assert_finding(&d, "tracefs", DIAGNOSIS_WARNING, found, fix);
}

START_TEST(test_steadiness_and_tracefs)
{
	struct diagnosis_facts f;
	struct diagnosis d;

	facts_bare_metal(&f);
	diagnosis_make(&d, &f);
	assert_finding(&d, "cpu_governor", DIAGNOSIS_OK, "performance", "");
	assert_finding(&d, "turbo", DIAGNOSIS_OK, "off (intel_pstate)", "");
	assert_finding(&d, "tracefs", DIAGNOSIS_OK,
		       "/sys/kernel/tracing/events is readable: tracepoints can be named", "");
	f.smt_active = 1;
	snprintf(f.governor, sizeof(f.governor), "powersave");
	f.no_turbo = 0;
	snprintf(f.tracefs, sizeof(f.tracefs), "/sys/kernel/debug/tracing");
	diagnosis_make(&d, &f);
	assert_finding(&d, "smt", DIAGNOSIS_INFO,
		       "on: a sibling thread shares the core, its caches and branch predictor",
		       "for steadier counts, keep the siblings idle or turn SMT off (echo off > "
		       "/sys/devices/system/cpu/smt/control)");
	assert_finding(&d, "cpu_governor", DIAGNOSIS_WARNING,
		       "powersave: the clock follows the load, so times vary from run to run",
		       "cpupower frequency-set -g performance");
	assert_finding(&d, "turbo", DIAGNOSIS_WARNING,
		       "on (intel_pstate): the clock depends on temperature and busy cores",
		       "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo");
	assert_finding(&d, "tracefs", DIAGNOSIS_OK,
		       "/sys/kernel/debug/tracing/events is readable: tracepoints can be named",
		       "");
	f.no_turbo = DIAGNOSIS_UNKNOWN;
	f.boost = 1;
	f.smt_active = DIAGNOSIS_UNKNOWN;
	f.tracefs[0] = '\0';
	diagnosis_make(&d, &f);
	assert_finding(&d, "turbo", DIAGNOSIS_WARNING,
		       "on (cpufreq boost): the clock depends on temperature and busy cores",
		       "echo 0 > /sys/devices/system/cpu/cpufreq/boost");
	assert_finding(&d, "smt", DIAGNOSIS_INFO,
		       "unknown (no /sys/devices/system/cpu/smt/active)", "");
	assert_finding(&d, "tracefs", DIAGNOSIS_WARNING,
		       "no readable tracefs: tracepoints (sched:sched_switch) cannot be named",
		       "mount -t tracefs nodev /sys/kernel/tracing (as root, or let this user read "
		       "it)");
	assert_private_tracefs(f);
	f.boost = 0;
	diagnosis_make(&d, &f);
	assert_finding(&d, "turbo", DIAGNOSIS_OK, "off (cpufreq boost)", "");
}
END_TEST

/* A bare-metal machine for an unprivileged user, in full: the warnings and their count. */
START_TEST(test_text_bare_metal)
{
	static const char want[] =
		"hardware_pmu         ok       core PMU 'cpu': 8 general counters\n"
		"virtual_machine      info     no sign of a hypervisor\n"
		"perf_event_paranoid  warning  2: own processes, user mode only without "
		"CAP_PERFMON\n"
		"                     fix:     sysctl kernel.perf_event_paranoid=1 adds kernel "
		"mode, 0 whole CPUs; or " GIVE "\n"
		"capabilities         info     not root; CAP_PERFMON: none; CAP_SYS_ADMIN: none\n"
		"                     fix:     to count beyond the perf_event_paranoid level: "
		"make install-caps (CAP_PERFMON for a trusted group), or run as root\n"
		"seccomp              warning  2: a filter is installed: a container's profile may "
		"block perf_event_open\n"
		"                     fix:     if every counter is refused, allow perf_event_open "
		"in the seccomp profile (docker run --security-opt seccomp=PROFILE)\n"
		"nmi_watchdog         warning  1: on: it holds one hardware counter on every CPU\n"
		"                     fix:     sysctl kernel.nmi_watchdog=0 frees one counter\n"
		"hybrid_cpu           info     no\n"
		"smt                  ok       off\n"
		"cpu_governor         ok       performance\n"
		"turbo                ok       off (intel_pstate)\n"
		"tracefs              ok       /sys/kernel/tracing/events is readable: tracepoints "
		"can be named\n"
		"0 problems, 3 warnings\n";
	struct diagnosis_facts f;
	struct diagnosis d;
	char *text;

	facts_bare_metal(&f);
	f.seccomp = 2;
	f.nmi_watchdog = 1;
	diagnosis_make(&d, &f);
	text = written(diagnosis_write_text, &d);
	ck_assert_str_eq(text, want);
	free(text);
}
END_TEST

/* What a fact holds goes to a terminal escaped, and into JSON escaped. */
START_TEST(test_escaped)
{
	struct diagnosis_facts f;
	struct diagnosis d;
	char *text;

	facts_bare_metal(&f);
	snprintf(f.governor, sizeof(f.governor), "a\033[2J\"b");
	diagnosis_make(&d, &f);
	text = written(diagnosis_write_text, &d);
	ck_assert_ptr_nonnull(strstr(text,
				     "cpu_governor         warning  a\\x1b[2J\"b: the clock"));
	free(text);
	text = written(diagnosis_write_json, &d);
	ck_assert_ptr_nonnull(strstr(text, "\"found\":\"a\\u001b[2J\\\"b: the clock"));
	free(text);
}
END_TEST

static Suite *diagnosis_suite(void)
{
	Suite *s = suite_create("diagnosis");
	TCase *t = tcase_create("findings");

	tcase_add_test(t, test_core_pmu_names);
	tcase_add_test(t, test_text_vm_without_pmu);
	tcase_add_test(t, test_json_vm_without_pmu);
	tcase_add_test(t, test_pmu_and_virtual_machine);
	tcase_add_test(t, test_hybrid);
	tcase_add_test(t, test_paranoid_levels);
	tcase_add_test(t, test_capabilities);
	tcase_add_test(t, test_seccomp);
	tcase_add_test(t, test_nmi_watchdog);
	tcase_add_test(t, test_steadiness_and_tracefs);
	tcase_add_test(t, test_text_bare_metal);
	tcase_add_test(t, test_escaped);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(diagnosis_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
