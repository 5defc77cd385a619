/* scope.h - where counters go besides the command's own tasks: running processes and
 * threads (-p, -t) or CPUs (-a, -C), and which row (unit) each place's counts belong to. */
#ifndef HPSTAT_SCOPE_H
#define HPSTAT_SCOPE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "err.h"
#include "options.h"

/* One perf_event_open target: a thread (cpu -1), a CPU (pid -1), or a cgroup's tasks on a
 * CPU (pid -1, cgroup_fd its directory). */
struct scope_place {
	pid_t pid;
	int cpu;
	int cgroup_fd;          /* -1: not a cgroup's */
	size_t unit;            /* its row among scope.units; 0 when not split */
	bool thread;            /* named by -t (a thread), not found under a -p process */
};

struct scope {
	struct scope_place *places; /* none: the command's own tasks, counted from its exec */
	size_t n_places;
	char **units;               /* row labels ("CPU0", "S0-D0-C1", "S0", "sleep-1234", a
				     * cgroup's name as given); none when the counts are all added
				     * into one row per event */
	size_t n_units;
	const char *unit_kind;      /* "cpu", "core", "socket", "thread", "cgroup"; NULL without
				     * units */
	bool cpus;                  /* the places are CPUs (system-wide): no inherit */
	bool cgroups;               /* and each counts one cgroup's tasks there (-G): a unit each */
	int *cgroup_fds;            /* -G: each cgroup's directory, open for reading (an O_PATH
				     * descriptor is not one that perf_event_open takes) */
	size_t n_cgroup_fds;
	int *pid_fds;               /* -p / -t: the processes whose end ends the counting */
	size_t n_pid_fds;
	/* Beside each pid_fd, what it stands for: a -p process (tid 0), or a -t thread and
	 * its process. user_time and system_time read their CPU time. */
	struct scope_task {
		pid_t pid;
		pid_t tid;
	} *tasks;
};

/* Builds the scope the options ask for (-p, -t, -a, -C, -G and the aggregation); an empty
 * scope when none of them is given. sysfs_root is "/sys" (a fake tree in tests). A process or
 * a cgroup that does not exist is an error naming it. -1 with err; release either way. */
int scope_build(struct scope *scope, const struct options *opts, const char *sysfs_root,
		struct hp_err *err);
void scope_release(struct scope *scope);

#endif
