/* diagnosis.h - what this machine allows for counting and why: raw facts in, findings out. */
#ifndef HPSTAT_DIAGNOSIS_H
#define HPSTAT_DIAGNOSIS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define DIAGNOSIS_MAX_CORE_PMUS 4
#define DIAGNOSIS_UNKNOWN (-99) /* an integer fact whose file could not be read */

/*
 * The raw facts, as read from procfs and sysfs (machine_read_facts) or written by hand in a
 * test. Plain data: strings empty and integers DIAGNOSIS_UNKNOWN where a file was missing.
 */
struct diagnosis_facts {
	bool pmus_read;      /* /sys/bus/event_source/devices could be read */
	char core_pmus[DIAGNOSIS_MAX_CORE_PMUS][32]; /* the CPU's own PMUs, in name order */
	size_t n_core_pmus;
	int num_counters;    /* the first core PMU's caps/num_counters, or DIAGNOSIS_UNKNOWN */
	bool msr_pmu;        /* the "msr" PMU exists (TSC, APERF, MPERF count without a PMU) */

	bool hypervisor_flag;    /* "hypervisor" among the /proc/cpuinfo flags */
	char hypervisor_type[32]; /* /sys/hypervisor/type ("xen"), or "" */
	char dmi_vendor[64];      /* /sys/class/dmi/id/sys_vendor, or "" */

	int paranoid;        /* /proc/sys/kernel/perf_event_paranoid */

	bool status_read;    /* /proc/self/status could be read: the next five are known */
	long euid;
	bool perfmon_effective, perfmon_permitted;     /* CAP_PERFMON (38) */
	bool sys_admin_effective, sys_admin_permitted; /* CAP_SYS_ADMIN (21) */
	int seccomp;         /* its "Seccomp:" line: 0 off, 1 strict, 2 filter */

	int nmi_watchdog;    /* /proc/sys/kernel/nmi_watchdog */
	int smt_active;      /* /sys/devices/system/cpu/smt/active */
	char governor[32];   /* cpu0's cpufreq scaling_governor, or "" */
	int no_turbo;        /* /sys/devices/system/cpu/intel_pstate/no_turbo */
	int boost;           /* /sys/devices/system/cpu/cpufreq/boost */
	char tracefs[40];    /* the tracefs whose events/ is readable, or "" */
	char tracefs_denied[40]; /* one mounted that this user may not read (EACCES), or "" */
};

/* Facts that are all unknown: what a reader starts from. */
void diagnosis_facts_init(struct diagnosis_facts *f);

/* Whether the PMU called name, of perf type `type` (DIAGNOSIS_UNKNOWN when not read), is the
 * CPU's own: "cpu", "cpu_core", "cpu_atom", "armv7_*", "armv8_*", or type 4 (PERF_TYPE_RAW,
 * which the kernel gives the first core PMU it registers). */
bool diagnosis_pmu_is_core(const char *name, int type);

enum diagnosis_state {
	DIAGNOSIS_OK,
	DIAGNOSIS_INFO,    /* a fact worth knowing, neither good nor bad */
	DIAGNOSIS_WARNING, /* counting works, but less of it or less steadily */
	DIAGNOSIS_PROBLEM, /* something will be refused */
};

#define DIAGNOSIS_MAX_FINDINGS 12

struct diagnosis_finding {
	char name[24];                /* "hardware_pmu": a short identifier */
	enum diagnosis_state state;
	char found[320];              /* what was found, one line */
	char fix[240];                /* what a user can do, one line; "" when nothing to do */
};

/* Plain data, copied by value into every report. */
struct diagnosis {
	struct diagnosis_finding findings[DIAGNOSIS_MAX_FINDINGS];
	size_t n;
};

/* Turns facts into findings, always in the same order: hardware_pmu, virtual_machine,
 * perf_event_paranoid, capabilities, seccomp, nmi_watchdog, hybrid_cpu, smt, cpu_governor,
 * turbo, tracefs. */
void diagnosis_make(struct diagnosis *d, const struct diagnosis_facts *f);

/* "ok", "info", "warning", "problem". */
const char *diagnosis_state_name(enum diagnosis_state state);

/*
 * Text, for people: a finding a line (name, state, what was found, in aligned columns), its
 * fix on the next line under what was found, then a line counting problems and warnings.
 * JSON, one document:
 *   {"schema_version":1,"findings":[{"name","state","found","fix"}...]}
 * with fix null where there is none. Both return 0, or -1 when out reports a write error.
 */
int diagnosis_write_text(FILE *out, const struct diagnosis *d);
int diagnosis_write_json(FILE *out, const struct diagnosis *d);

#endif
