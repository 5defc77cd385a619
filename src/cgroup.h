/* cgroup.h - the cgroup v2 groups -G names: the names, the cgroup2 mount found in mountinfo,
 * and the directory each name stands for. */
#ifndef HPSTAT_CGROUP_H
#define HPSTAT_CGROUP_H

#include <stddef.h>

#include "err.h"

/* Cgroups named on the command line, in order, none twice. Owned strings. */
struct cgroup_list {
	char **names; /* as given: the row labels ("system.slice/ssh.service", "/A", "/") */
	char **paths; /* each relative to the mount, no '/' at either end and none doubled:
		       * "system.slice/ssh.service", "A"; "" for the root */
	size_t n;
};

/*
 * Appends the comma-separated cgroup names of text to list (zeroed before the first call).
 * A name is a path below the cgroup v2 mount, a leading '/' allowed ("/" is the root); it
 * may not leave the mount. Pure: no I/O. -1 with err (the list keeps the names before) for
 * an empty name ("A,,B", "A,", ""), a "." or ".." part ("../x", "a/./b"), a cgroup named
 * twice ("A,/A/"), or when out of memory.
 */
int cgroup_list_parse(struct cgroup_list *list, const char *text, struct hp_err *err);
void cgroup_list_release(struct cgroup_list *list);

/*
 * From the text of a mountinfo file (proc(5)): the mount point of the first cgroup2 file
 * system, its escapes undone ("\040" is a space), into mount (cap bytes). Pure. -1 with err
 * when no cgroup2 file system is mounted (a cgroup v1 machine), when the perf_event
 * controller is mounted on a cgroup v1 hierarchy (the kernel then counts no cgroup of v2),
 * or when the mount point does not fit.
 */
int cgroup_mount_parse(const char *mountinfo, char *mount, size_t cap, struct hp_err *err);

/* The same, read from the file at mountinfo_path ("/proc/self/mountinfo"). */
int cgroup_mount_find(const char *mountinfo_path, char *mount, size_t cap, struct hp_err *err);

/* The directory of the cgroup at path (as in cgroup_list.paths; name is what the user wrote,
 * for the message) under mount: mount itself for the root. -1 with err when it does not fit
 * in cap bytes. */
int cgroup_path_join(char *out, size_t cap, const char *mount, const char *path, const char *name,
		     struct hp_err *err);

#endif
