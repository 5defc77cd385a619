/* cpus.h - CPU lists ("0,2-3") and what sysfs says of each CPU: online, socket, die, core. */
#ifndef HPSTAT_CPUS_H
#define HPSTAT_CPUS_H

#include <stddef.h>

#include "err.h"

/* CPU numbers run from 0 to CPUS_MAX - 1 (the kernel's largest NR_CPUS on x86). */
#define CPUS_MAX 8192

/* A set of CPUs, ascending, no repeats. cpus is owned (NULL when n is 0 after a parse). */
struct cpu_list {
	int *cpus;
	size_t n;
};

/*
 * Parses the kernel's list syntax: comma-separated CPU numbers and ranges, "0", "0,2-3",
 * "0-3,8-11"; blanks and line breaks at the end are allowed (sysfs files end with "\n"),
 * nowhere else. Repeats and overlaps are merged: "3,1-2,2" is {1, 2, 3}. Pure: no I/O.
 * list is overwritten (release it first if it held CPUs); on failure it is left empty.
 * -1 with err naming the bad part for: an empty list, an empty entry ("1,,2", "1,"), a part
 * that is not a decimal number or range ("x", "-1", "1-", "1-2-3", " 1"), a range that runs
 * backwards ("3-1"), a CPU of CPUS_MAX or more; or when out of memory. E.g.
 * "bad CPU list '0,x': 'x' is not a CPU number; write CPUs as in '0,2-3'".
 */
int cpu_list_parse(struct cpu_list *list, const char *text, struct hp_err *err);

/* Frees the CPUs; the list is empty afterwards. */
void cpu_list_release(struct cpu_list *list);

/*
 * The online CPUs, from <sysfs_root>/devices/system/cpu/online (sysfs_root: "/sys" in
 * hpstat, a fake tree in tests). list is overwritten as by cpu_list_parse. -1 with err when
 * the file cannot be read, does not hold a CPU list, or holds an empty one.
 */
int cpu_list_online(struct cpu_list *list, const char *sysfs_root, struct hp_err *err);

/*
 * Keeps only the CPUs of list that are also in online, in order; returns how many were
 * dropped. Offline CPUs are skipped, never an error: the caller says so if it wants to.
 * The array is not shrunk; n may become 0.
 */
size_t cpu_list_keep_online(struct cpu_list *list, const struct cpu_list *online);

/* Where a CPU sits; -1 in a field that sysfs does not give (missing or unreadable file, a
 * kernel that has no dies, or a negative id such as an unknown package's -1). */
struct cpu_topology {
	int socket; /* physical_package_id */
	int die;    /* die_id */
	int core;   /* core_id: unique within its socket (and die), not across the machine */
};

/*
 * Reads <sysfs_root>/devices/system/cpu/cpu<cpu>/topology/{physical_package_id,die_id,
 * core_id} into topo. Never fails: what cannot be read is -1 (all three for a CPU outside
 * 0 .. CPUS_MAX - 1).
 */
void cpu_topology_read(const char *sysfs_root, int cpu, struct cpu_topology *topo);

#endif
