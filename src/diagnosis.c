/* diagnosis.c - facts about counting on this machine turned into findings, as text or JSON. */
#include <stdarg.h>
#include <string.h>

#include "diagnosis.h"
#include "escape.h"

#define PERF_TYPE_RAW_CORE 4 /* PERF_TYPE_RAW: the type of the first core PMU registered */

void diagnosis_facts_init(struct diagnosis_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->num_counters = DIAGNOSIS_UNKNOWN;
	f->paranoid = DIAGNOSIS_UNKNOWN;
	f->seccomp = DIAGNOSIS_UNKNOWN;
	f->nmi_watchdog = DIAGNOSIS_UNKNOWN;
	f->smt_active = DIAGNOSIS_UNKNOWN;
	f->no_turbo = DIAGNOSIS_UNKNOWN;
	f->boost = DIAGNOSIS_UNKNOWN;
}

bool diagnosis_pmu_is_core(const char *name, int type)
{
	return strcmp(name, "cpu") == 0 || strcmp(name, "cpu_core") == 0 ||
	       strcmp(name, "cpu_atom") == 0 || strncmp(name, "armv7_", 6) == 0 ||
	       strncmp(name, "armv8_", 6) == 0 || type == PERF_TYPE_RAW_CORE;
}

const char *diagnosis_state_name(enum diagnosis_state state)
{
	static const char *const names[] = {
		[DIAGNOSIS_OK] = "ok", [DIAGNOSIS_INFO] = "info",
		[DIAGNOSIS_WARNING] = "warning", [DIAGNOSIS_PROBLEM] = "problem",
	};

	return names[state];
}

static void put(char *buf, size_t cap, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void put(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

#define FOUND(f, ...) put((f)->found, sizeof((f)->found), __VA_ARGS__)
#define FIX(f, ...) put((f)->fix, sizeof((f)->fix), __VA_ARGS__)

/* The next finding, its found and fix empty. There is room: the findings are a fixed set. */
static struct diagnosis_finding *finding_add(struct diagnosis *d, const char *name,
					      enum diagnosis_state state)
{
	struct diagnosis_finding *f = &d->findings[d->n++];

	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->state = state;
	return f;
}

/* Vendors whose DMI name means a virtual machine on any hardware. Not "Microsoft Corporation"
 * or "Amazon EC2": they make or rent bare metal too (and their guests have the cpuid flag). */
static bool vendor_virtual(const char *vendor)
{
	static const char *const vendors[] = { "QEMU", "VMware", "innotek GmbH", "Xen",
					       "Parallels", "Red Hat", "Bochs", "BHYVE" };
	size_t i;

	for (i = 0; i < sizeof(vendors) / sizeof(vendors[0]); i++)
		if (strncmp(vendor, vendors[i], strlen(vendors[i])) == 0)
			return true;
	return false;
}

static bool facts_virtual(const struct diagnosis_facts *f)
{
	return f->hypervisor_flag || f->hypervisor_type[0] || vendor_virtual(f->dmi_vendor);
}

/* CAP_PERFMON permitted is enough: hpstat raises it to open counters. */
static bool facts_privileged(const struct diagnosis_facts *f)
{
	return f->status_read && (f->perfmon_effective || f->perfmon_permitted ||
				  f->sys_admin_effective);
}

static void pmu_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	static const char refused[] = "hardware events (cycles, instructions, cache-misses) are "
				      "refused";
	const char *still = f->msr_pmu ? "software events, tracepoints and msr still count" :
					 "software events and tracepoints still count";
	struct diagnosis_finding *g;
	char names[4 * 36] = "";
	size_t i, len = 0;

	if (!f->pmus_read) {
		g = finding_add(d, "hardware_pmu", DIAGNOSIS_PROBLEM);
		FOUND(g, "cannot read /sys/bus/event_source/devices: sysfs is not mounted, or this "
		      "kernel has no perf events");
		FIX(g, "mount sysfs (mount -t sysfs sysfs /sys); use a kernel built with "
		    "CONFIG_PERF_EVENTS");
		return;
	}
	if (!f->n_core_pmus) {
		g = finding_add(d, "hardware_pmu", DIAGNOSIS_PROBLEM);
		if (facts_virtual(f)) {
			FOUND(g, "no hardware PMU in this virtual machine: %s; %s", refused, still);
			FIX(g, "enable the vPMU (e.g. KVM -cpu host, VMware 'virtualize CPU "
			    "performance counters')");
		} else {
			FOUND(g, "no hardware PMU: %s; %s", refused, still);
			FIX(g, "see 'dmesg | grep -i perf' for why the kernel has no PMU "
			    "driver for this CPU");
		}
		return;
	}
	for (i = 0; i < f->n_core_pmus && len < sizeof(names); i++)
		len += (size_t)snprintf(names + len, sizeof(names) - len, "%s'%.31s'",
					i ? ", " : "", f->core_pmus[i]);
	g = finding_add(d, "hardware_pmu", DIAGNOSIS_OK);
	if (f->num_counters == DIAGNOSIS_UNKNOWN)
		FOUND(g, "core PMU%s %s; general counters: unknown (sysfs does not say)",
		      f->n_core_pmus > 1 ? "s" : "", names);
	else if (f->n_core_pmus > 1)
		FOUND(g, "core PMUs %s; '%s' has %d general counters", names, f->core_pmus[0],
		      f->num_counters);
	else
		FOUND(g, "core PMU %s: %d general counters", names, f->num_counters);
}

static void virtual_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g = finding_add(d, "virtual_machine", DIAGNOSIS_INFO);
	size_t len;

	if (!facts_virtual(f)) {
		FOUND(g, "no sign of a hypervisor");
		return;
	}
	FOUND(g, "yes:");
	if (f->hypervisor_flag) {
		len = strlen(g->found);
		put(g->found + len, sizeof(g->found) - len, " hypervisor flag in /proc/cpuinfo;");
	}
	if (f->hypervisor_type[0]) {
		len = strlen(g->found);
		put(g->found + len, sizeof(g->found) - len, " type '%s' in /sys/hypervisor/type;",
		    f->hypervisor_type);
	}
	if (vendor_virtual(f->dmi_vendor)) {
		len = strlen(g->found);
		put(g->found + len, sizeof(g->found) - len, " DMI vendor '%s';", f->dmi_vendor);
	}
	g->found[strlen(g->found) - 1] = '\0'; /* the last ';' */
}

static const char *cap_holder(const struct diagnosis_facts *f)
{
	return f->perfmon_effective || f->perfmon_permitted ? "CAP_PERFMON" : "CAP_SYS_ADMIN";
}

static void paranoid_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	static const char give[] = "give hpstat CAP_PERFMON (make install-caps)";
	struct diagnosis_finding *g;
	const char *allows;
	enum diagnosis_state state;
	int level = f->paranoid;

	if (level == DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "perf_event_paranoid", DIAGNOSIS_PROBLEM);
		FOUND(g, "cannot read /proc/sys/kernel/perf_event_paranoid: this kernel may have "
		      "no perf events");
		FIX(g, "use a kernel built with CONFIG_PERF_EVENTS");
		return;
	}
	if (level >= 3) {
		allows = "no counting at all without CAP_PERFMON (a distribution's level)";
		state = DIAGNOSIS_PROBLEM;
	} else if (level == 2) {
		allows = "own processes, user mode only without CAP_PERFMON";
		state = DIAGNOSIS_WARNING;
	} else if (level == 1) {
		allows = "own processes, user and kernel mode; whole CPUs (-a, -C) need "
			 "CAP_PERFMON";
		state = DIAGNOSIS_INFO;
	} else if (level == 0) {
		allows = "own processes and whole CPUs, user and kernel mode";
		state = DIAGNOSIS_OK;
	} else {
		allows = "everything, for every user";
		state = DIAGNOSIS_OK;
	}
	if (facts_privileged(f) && state != DIAGNOSIS_OK) {
		g = finding_add(d, "perf_event_paranoid", DIAGNOSIS_OK);
		FOUND(g, "%d: %s; this process holds %s, so the level does not limit it", level,
		      allows, cap_holder(f));
		return;
	}
	g = finding_add(d, "perf_event_paranoid", state);
	FOUND(g, "%d: %s", level, allows);
	if (level >= 3)
		FIX(g, "sysctl kernel.perf_event_paranoid=2 (own processes, user mode), or %s",
		    give);
	else if (level == 2)
		FIX(g, "sysctl kernel.perf_event_paranoid=1 adds kernel mode, 0 whole CPUs; or %s",
		    give);
	else if (level == 1)
		FIX(g, "sysctl kernel.perf_event_paranoid=0 to count whole CPUs; or %s", give);
}

static const char *cap_sets(bool effective, bool permitted)
{
	if (effective && permitted)
		return "effective, permitted";
	if (effective)
		return "effective";
	if (permitted)
		return "permitted";
	return "none";
}

static void caps_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (!f->status_read) {
		g = finding_add(d, "capabilities", DIAGNOSIS_WARNING);
		FOUND(g, "cannot read /proc/self/status: capabilities unknown");
		FIX(g, "mount procfs (mount -t proc proc /proc)");
		return;
	}
	g = finding_add(d, "capabilities", facts_privileged(f) ? DIAGNOSIS_OK : DIAGNOSIS_INFO);
	FOUND(g, "%s; CAP_PERFMON: %s; CAP_SYS_ADMIN: %s",
	      f->euid == 0 ? "root" : "not root", cap_sets(f->perfmon_effective,
							   f->perfmon_permitted),
	      cap_sets(f->sys_admin_effective, f->sys_admin_permitted));
	if (facts_privileged(f) || f->paranoid <= 0)
		return;
	if (f->euid == 0)
		FIX(g, "root without CAP_PERFMON: the container runtime dropped it (docker run "
		    "--cap-add PERFMON)");
	else
		FIX(g, "to count beyond the perf_event_paranoid level: make install-caps (CAP_PERFMON "
		    "for a trusted group), or run as root");
}

static void seccomp_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (f->seccomp == DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "seccomp", DIAGNOSIS_INFO);
		FOUND(g, "unknown (no Seccomp line in /proc/self/status)");
	} else if (f->seccomp == 0) {
		g = finding_add(d, "seccomp", DIAGNOSIS_OK);
		FOUND(g, "0: off");
	} else if (f->seccomp == 2) {
		g = finding_add(d, "seccomp", DIAGNOSIS_WARNING);
		FOUND(g, "2: a filter is installed: a container's profile may block "
		      "perf_event_open");
		FIX(g, "if every counter is refused, allow perf_event_open in the seccomp profile "
		    "(docker run --security-opt seccomp=PROFILE)");
	} else {
		g = finding_add(d, "seccomp", DIAGNOSIS_WARNING);
		FOUND(g, "%d: strict mode: only read, write and exit are allowed", f->seccomp);
	}
}

static void watchdog_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (f->nmi_watchdog == DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "nmi_watchdog", DIAGNOSIS_INFO);
		FOUND(g, "unknown (no /proc/sys/kernel/nmi_watchdog)");
	} else if (f->nmi_watchdog == 0) {
		g = finding_add(d, "nmi_watchdog", DIAGNOSIS_OK);
		FOUND(g, "0: off");
	} else if (!f->n_core_pmus) {
		g = finding_add(d, "nmi_watchdog", DIAGNOSIS_INFO);
		FOUND(g, "%d: on, but without a hardware PMU it holds no counter", f->nmi_watchdog);
	} else {
		g = finding_add(d, "nmi_watchdog", DIAGNOSIS_WARNING);
		FOUND(g, "%d: on: it holds one hardware counter on every CPU", f->nmi_watchdog);
		FIX(g, "sysctl kernel.nmi_watchdog=0 frees one counter");
	}
}

static void hybrid_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	bool core = false, atom = false;
	struct diagnosis_finding *g;
	size_t i;

	for (i = 0; i < f->n_core_pmus; i++) {
		core |= strcmp(f->core_pmus[i], "cpu_core") == 0;
		atom |= strcmp(f->core_pmus[i], "cpu_atom") == 0;
	}
	g = finding_add(d, "hybrid_cpu", DIAGNOSIS_INFO);
	if (!core || !atom) {
		FOUND(g, "no");
		return;
	}
	FOUND(g, "yes: cpu_core and cpu_atom count apart, each on its own kind of core");
	FIX(g, "for comparable counts, keep the command on one kind of core (taskset -c CPUS)");
}

static void smt_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (f->smt_active == DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "smt", DIAGNOSIS_INFO);
		FOUND(g, "unknown (no /sys/devices/system/cpu/smt/active)");
	} else if (f->smt_active == 0) {
		g = finding_add(d, "smt", DIAGNOSIS_OK);
		FOUND(g, "off");
	} else {
		g = finding_add(d, "smt", DIAGNOSIS_INFO);
		FOUND(g, "on: a sibling thread shares the core, its caches and branch predictor");
		FIX(g, "for steadier counts, keep the siblings idle or turn SMT off (echo off > "
		    "/sys/devices/system/cpu/smt/control)");
	}
}

static void governor_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (!f->governor[0]) {
		g = finding_add(d, "cpu_governor", DIAGNOSIS_INFO);
		FOUND(g, "unknown (no cpufreq here)");
	} else if (strcmp(f->governor, "performance") == 0) {
		g = finding_add(d, "cpu_governor", DIAGNOSIS_OK);
		FOUND(g, "performance");
	} else {
		g = finding_add(d, "cpu_governor", DIAGNOSIS_WARNING);
		FOUND(g, "%s: the clock follows the load, so times vary from run to run",
		      f->governor);
		FIX(g, "cpupower frequency-set -g performance");
	}
}

static void turbo_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (f->no_turbo != DIAGNOSIS_UNKNOWN && f->no_turbo == 0) {
		g = finding_add(d, "turbo", DIAGNOSIS_WARNING);
		FOUND(g, "on (intel_pstate): the clock depends on temperature and busy cores");
		FIX(g, "echo 1 > /sys/devices/system/cpu/intel_pstate/no_turbo");
	} else if (f->no_turbo != DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "turbo", DIAGNOSIS_OK);
		FOUND(g, "off (intel_pstate)");
	} else if (f->boost != DIAGNOSIS_UNKNOWN && f->boost != 0) {
		g = finding_add(d, "turbo", DIAGNOSIS_WARNING);
		FOUND(g, "on (cpufreq boost): the clock depends on temperature and busy cores");
		FIX(g, "echo 0 > /sys/devices/system/cpu/cpufreq/boost");
	} else if (f->boost != DIAGNOSIS_UNKNOWN) {
		g = finding_add(d, "turbo", DIAGNOSIS_OK);
		FOUND(g, "off (cpufreq boost)");
	} else {
		g = finding_add(d, "turbo", DIAGNOSIS_INFO);
		FOUND(g, "unknown (no cpufreq here)");
	}
}

static void tracefs_add(struct diagnosis *d, const struct diagnosis_facts *f)
{
	struct diagnosis_finding *g;

	if (f->tracefs[0]) {
		g = finding_add(d, "tracefs", DIAGNOSIS_OK);
		FOUND(g, "%s/events is readable: tracepoints can be named", f->tracefs);
		return;
	}
	g = finding_add(d, "tracefs", DIAGNOSIS_WARNING);
	/* Mounted, but root's alone (mode 0700 by default): mounting it again would not help. */
	if (f->tracefs_denied[0]) {
		FOUND(g, "%s is mounted, but this user may not read it: tracepoints "
			 "(sched:sched_switch) cannot be named", f->tracefs_denied);
		FIX(g, "run as root, or let a group of this user's read it: mount -o "
		       "remount,gid=GROUP,mode=0750 %s", f->tracefs_denied);
		return;
	}
	FOUND(g, "no readable tracefs: tracepoints (sched:sched_switch) cannot be named");
	FIX(g, "mount -t tracefs nodev /sys/kernel/tracing (as root, or let this user read it)");
}

void diagnosis_make(struct diagnosis *d, const struct diagnosis_facts *f)
{
	d->n = 0;
	pmu_add(d, f);
	virtual_add(d, f);
	paranoid_add(d, f);
	caps_add(d, f);
	seccomp_add(d, f);
	watchdog_add(d, f);
	hybrid_add(d, f);
	smt_add(d, f);
	governor_add(d, f);
	turbo_add(d, f);
	tracefs_add(d, f);
}

int diagnosis_write_text(FILE *out, const struct diagnosis *d)
{
	size_t i, name_width = 0, counts[4] = { 0 };

	for (i = 0; i < d->n; i++) {
		size_t len = strlen(d->findings[i].name);

		name_width = len > name_width ? len : name_width;
	}
	for (i = 0; i < d->n; i++) {
		const struct diagnosis_finding *g = &d->findings[i];

		counts[g->state]++;
		fprintf(out, "%-*s  %-7s  ", (int)name_width, g->name,
			diagnosis_state_name(g->state));
		escape_terminal(out, g->found);
		fputc('\n', out);
		if (g->fix[0]) {
			fprintf(out, "%*s  fix:     ", (int)name_width, "");
			escape_terminal(out, g->fix);
			fputc('\n', out);
		}
	}
	fprintf(out, "%zu problem%s, %zu warning%s\n", counts[DIAGNOSIS_PROBLEM],
		counts[DIAGNOSIS_PROBLEM] == 1 ? "" : "s", counts[DIAGNOSIS_WARNING],
		counts[DIAGNOSIS_WARNING] == 1 ? "" : "s");
	return ferror(out) ? -1 : 0;
}

int diagnosis_write_json(FILE *out, const struct diagnosis *d)
{
	size_t i;

	fputs("{\"schema_version\":1,\"findings\":[", out);
	for (i = 0; i < d->n; i++) {
		const struct diagnosis_finding *g = &d->findings[i];

		fputs(i ? ",\n{\"name\":" : "\n{\"name\":", out);
		escape_json_string(out, g->name);
		fprintf(out, ",\"state\":\"%s\",\"found\":", diagnosis_state_name(g->state));
		escape_json_string(out, g->found);
		fputs(",\"fix\":", out);
		escape_json_string(out, g->fix[0] ? g->fix : NULL);
		fputc('}', out);
	}
	fputs(d->n ? "\n]}\n" : "]}\n", out);
	return ferror(out) ? -1 : 0;
}
