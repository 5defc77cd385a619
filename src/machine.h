/* machine.h - facts about the machine a measurement ran on, for machine-readable reports. */
#ifndef HPSTAT_MACHINE_H
#define HPSTAT_MACHINE_H

#include <stddef.h>

#define MACHINE_MAX_PMUS 32

/* Plain data; empty strings where a fact could not be read. */
struct machine {
	char kernel[200];    /* uname: "Linux 6.18.44 x86_64" */
	char cpu_model[128]; /* /proc/cpuinfo "model name" (x86) or "CPU part" line (arm) */
	unsigned cpus_online;
	char pmus[MACHINE_MAX_PMUS][32]; /* kernel PMUs in /sys/bus/event_source/devices */
	size_t n_pmus;
};

/* Fills m from uname, /proc/cpuinfo and sysfs. Never fails: unknown facts stay empty. */
void machine_read(struct machine *m);

#endif
