/* machine.h - facts about the machine a measurement ran on, for machine-readable reports. */
#ifndef HPSTAT_MACHINE_H
#define HPSTAT_MACHINE_H

#include <stddef.h>

#include "diagnosis.h"

#define MACHINE_MAX_PMUS 64

/* Plain data; empty strings where a fact could not be read. */
struct machine {
	char kernel[200];    /* uname: "Linux 6.18.44 x86_64" */
	char cpu_model[128]; /* /proc/cpuinfo "model name" (x86) or "CPU part" line (arm) */
	unsigned cpus_online;
	char pmus[MACHINE_MAX_PMUS][32]; /* kernel PMUs in /sys/bus/event_source/devices: the
					  * first MACHINE_MAX_PMUS in name order */
	size_t n_pmus;
	struct diagnosis diagnosis; /* what counting may do here: file reads only, no probes */
};

/* Fills m from uname, /proc/cpuinfo, procfs and sysfs. Never fails: unknown facts stay
 * empty. Reads files only (some 20 small ones): it opens no counter. */
void machine_read(struct machine *m);

/* Sets m->pmus and m->n_pmus from the entries of dir (machine_read's is
 * /sys/bus/event_source/devices), leaving out those starting with '.': all are read and
 * sorted, then the first MACHINE_MAX_PMUS kept, so the list does not depend on directory
 * order. */
void machine_read_pmus(struct machine *m, const char *dir);

/* Reads the facts diagnosis_make judges from the procfs and sysfs under root ("" for this
 * machine's own; a scratch tree in tests): the PMUs, /proc/cpuinfo's hypervisor flag, the
 * paranoid level, this process's capabilities, seccomp mode and euid (/proc/self/status), the
 * NMI watchdog, SMT, cpufreq and tracefs. Never fails: what cannot be read stays unknown. */
void machine_read_facts(struct diagnosis_facts *f, const char *root);

#endif
