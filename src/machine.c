/* machine.c - uname, /proc/cpuinfo, the sysfs PMU list and the facts --doctor judges. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "machine.h"
#include "names.h"

/* The value of the first "key : value" line of /proc/cpuinfo whose key is one of keys. */
static void read_cpu_model(char *out, size_t cap)
{
	static const char *const keys[] = { "model name", "Model", "CPU part" };
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	size_t k;

	out[0] = '\0';
	if (!f)
		return;
	while (!out[0] && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strncmp(line, keys[k], strlen(keys[k])) != 0)
				continue;
			colon += strspn(colon + 1, " \t") + 1;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(out, cap, "%s", colon);
			break;
		}
	}
	fclose(f);
}

static bool visible(int dir_fd, const char *name, void *ctx)
{
	(void)dir_fd;
	(void)ctx;
	return name[0] != '.';
}

/* Every name is read and sorted before the list is cut to MACHINE_MAX_PMUS: directory order is
 * arbitrary, and keeping the first ones read would report an arbitrary subset, different
 * from one read to the next, on a machine with more PMUs than fit. */
void machine_read_pmus(struct machine *m, const char *path)
{
	struct names l = { 0 };
	size_t i;

	names_read_dir(&l, path, visible, NULL); /* out of memory: the names read so far do */
	names_sort_unique(&l);
	m->n_pmus = l.n < MACHINE_MAX_PMUS ? l.n : MACHINE_MAX_PMUS;
	for (i = 0; i < m->n_pmus; i++)
		snprintf(m->pmus[i], sizeof(m->pmus[0]), "%.31s", l.names[i]);
	names_release(&l);
}

/* The first line of root/rel without its newline; "" when the file cannot be read. */
static void read_line(const char *root, const char *rel, char *out, size_t cap)
{
	char path[512];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "%s%s", root, rel);
	f = fopen(path, "re");
	if (!f)
		return;
	if (!fgets(out, (int)cap, f))
		out[0] = '\0';
	out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

/* The integer root/rel starts with, or DIAGNOSIS_UNKNOWN. */
static int read_int(const char *root, const char *rel)
{
	char line[32], *end;
	long value;

	read_line(root, rel, line, sizeof(line));
	value = strtol(line, &end, 10);
	return end == line || value < -1000 || value > 1000000 ? DIAGNOSIS_UNKNOWN : (int)value;
}

/* The core PMUs by name, else (a CPU whose PMU has another name) by type; whether msr is
 * there. Types are read only in the second case: a server has dozens of uncore PMUs. */
static void read_pmus(struct diagnosis_facts *f, const char *root)
{
	static const char rel[] = "/sys/bus/event_source/devices";
	char dir[512], path[600];
	struct names l = { 0 };
	size_t i, pass;

	snprintf(dir, sizeof(dir), "%s%s", root, rel);
	f->pmus_read = access(dir, R_OK | X_OK) == 0;
	names_read_dir(&l, dir, visible, NULL); /* out of memory: the names read so far do */
	names_sort_unique(&l);
	for (pass = 0; pass < 2 && !f->n_core_pmus; pass++)
		for (i = 0; i < l.n && f->n_core_pmus < DIAGNOSIS_MAX_CORE_PMUS; i++) {
			int type = DIAGNOSIS_UNKNOWN;

			if (pass) {
				snprintf(path, sizeof(path), "%s/%s/type", rel, l.names[i]);
				type = read_int(root, path);
			}
			if (diagnosis_pmu_is_core(l.names[i], type))
				snprintf(f->core_pmus[f->n_core_pmus++], sizeof(f->core_pmus[0]),
					 "%.31s", l.names[i]);
		}
	for (i = 0; i < l.n; i++)
		f->msr_pmu |= strcmp(l.names[i], "msr") == 0;
	if (f->n_core_pmus) {
		snprintf(path, sizeof(path), "%s/%s/caps/num_counters", rel, f->core_pmus[0]);
		f->num_counters = read_int(root, path);
	}
	names_release(&l);
}

/* Whether the "flags" line of cpuinfo names the hypervisor bit (x86 guests). */
static bool read_hypervisor_flag(const char *root)
{
	char path[512], *line = NULL, *p;
	size_t cap = 0;
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "%s/proc/cpuinfo", root);
	f = fopen(path, "re");
	if (!f)
		return false;
	while (getline(&line, &cap, f) > 0) {
		if (strncmp(line, "flags", 5) != 0)
			continue;
		for (p = strstr(line, " hypervisor"); p; p = strstr(p + 1, " hypervisor"))
			if (p[11] == ' ' || p[11] == '\n' || p[11] == '\0')
				found = true;
		break; /* every CPU has the same flags */
	}
	free(line);
	fclose(f);
	return found;
}

/* Whether capability bit `cap` is set in a /proc/self/status mask such as "000001ffffffffff". */
static bool mask_has(const char *hex, unsigned cap)
{
	return (strtoull(hex, NULL, 16) >> cap) & 1;
}

/* euid, CAP_PERFMON and CAP_SYS_ADMIN, seccomp: all in /proc/self/status, which a test can
 * fake (libcap's cap_get_proc could not be), and one file read instead of a library call. */
static void read_status(struct diagnosis_facts *f, const char *root)
{
	enum { CAP_SYS_ADMIN_BIT = 21, CAP_PERFMON_BIT = 38 };
	char path[512], line[256];
	bool eff = false, prm = false, uid = false;
	FILE *s;

	snprintf(path, sizeof(path), "%s/proc/self/status", root);
	s = fopen(path, "re");
	if (!s)
		return;
	while (fgets(line, sizeof(line), s)) {
		char *value = strchr(line, ':');

		if (!value)
			continue;
		*value++ = '\0';
		value += strspn(value, " \t");
		if (strcmp(line, "Uid") == 0) {
			long real;

			uid = sscanf(value, "%ld %ld", &real, &f->euid) == 2;
		} else if (strcmp(line, "CapEff") == 0) {
			eff = true;
			f->perfmon_effective = mask_has(value, CAP_PERFMON_BIT);
			f->sys_admin_effective = mask_has(value, CAP_SYS_ADMIN_BIT);
		} else if (strcmp(line, "CapPrm") == 0) {
			prm = true;
			f->perfmon_permitted = mask_has(value, CAP_PERFMON_BIT);
			f->sys_admin_permitted = mask_has(value, CAP_SYS_ADMIN_BIT);
		} else if (strcmp(line, "Seccomp") == 0) {
			f->seccomp = atoi(value);
		}
	}
	fclose(s);
	f->status_read = eff && prm && uid;
}

void machine_read_facts(struct diagnosis_facts *f, const char *root)
{
	static const char *const tracefs[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	char path[512];
	size_t i;

	diagnosis_facts_init(f);
	read_pmus(f, root);
	f->hypervisor_flag = read_hypervisor_flag(root);
	read_line(root, "/sys/hypervisor/type", f->hypervisor_type, sizeof(f->hypervisor_type));
	read_line(root, "/sys/class/dmi/id/sys_vendor", f->dmi_vendor, sizeof(f->dmi_vendor));
	f->paranoid = read_int(root, "/proc/sys/kernel/perf_event_paranoid");
	read_status(f, root);
	f->nmi_watchdog = read_int(root, "/proc/sys/kernel/nmi_watchdog");
	f->smt_active = read_int(root, "/sys/devices/system/cpu/smt/active");
	read_line(root, "/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor", f->governor,
		  sizeof(f->governor));
	f->no_turbo = read_int(root, "/sys/devices/system/cpu/intel_pstate/no_turbo");
	f->boost = read_int(root, "/sys/devices/system/cpu/cpufreq/boost");
	for (i = 0; i < sizeof(tracefs) / sizeof(tracefs[0]) && !f->tracefs[0]; i++) {
		snprintf(path, sizeof(path), "%s%s/events", root, tracefs[i]);
		if (access(path, R_OK | X_OK) == 0)
			snprintf(f->tracefs, sizeof(f->tracefs), "%s", tracefs[i]);
		else if (errno == EACCES && !f->tracefs_denied[0])
			snprintf(f->tracefs_denied, sizeof(f->tracefs_denied), "%s", tracefs[i]);
	}
}

void machine_read(struct machine *m)
{
	struct diagnosis_facts facts;
	struct utsname u;
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	memset(m, 0, sizeof(*m));
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof(m->kernel), "%.64s %.64s %.64s", u.sysname, u.release,
			 u.machine);
	read_cpu_model(m->cpu_model, sizeof(m->cpu_model));
	m->cpus_online = online > 0 ? (unsigned)online : 0;
	machine_read_pmus(m, "/sys/bus/event_source/devices");
	machine_read_facts(&facts, "");
	diagnosis_make(&m->diagnosis, &facts);
}
