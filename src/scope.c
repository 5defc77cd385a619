/* scope.c - running processes, threads and CPUs as perf_event_open targets, and their rows. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/magic.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "cgroup.h"
#include "cpus.h"
#include "scope.h"

static int place_add(struct scope *scope, const struct scope_place *place, struct hp_err *err)
{
	struct scope_place *grown;
	size_t i;

	/* A task named twice (-p 12,12, or -p 12 -t 12) is counted once. */
	for (i = 0; i < scope->n_places; i++)
		if (scope->places[i].pid == place->pid && scope->places[i].cpu == place->cpu &&
		    scope->places[i].cgroup_fd == place->cgroup_fd)
			return 0;
	grown = realloc(scope->places, (scope->n_places + 1) * sizeof(*grown));
	if (!grown)
		return err_set(err, "out of memory");
	grown[scope->n_places++] = *place;
	scope->places = grown;
	return 0;
}

/* The row labelled label, added when new; its index in *unit. */
static int unit_find_or_add(struct scope *scope, const char *label, size_t *unit,
			    struct hp_err *err)
{
	char **grown;
	size_t i;

	for (i = 0; i < scope->n_units; i++)
		if (strcmp(scope->units[i], label) == 0) {
			*unit = i;
			return 0;
		}
	grown = realloc(scope->units, (scope->n_units + 1) * sizeof(*grown));
	if (!grown)
		return err_set(err, "out of memory");
	scope->units = grown;
	grown[scope->n_units] = strdup(label);
	if (!grown[scope->n_units])
		return err_set(err, "out of memory");
	*unit = scope->n_units++;
	return 0;
}

/* perf's labels: CPU3; S0-D0-C1 for a core; S0 for a socket. */
static void cpu_unit_label(char *buf, size_t cap, enum options_aggr aggr, int cpu,
			   const struct cpu_topology *t)
{
	if (aggr == OPTIONS_AGGR_CORE)
		snprintf(buf, cap, "S%d-D%d-C%d", t->socket, t->die < 0 ? 0 : t->die, t->core);
	else if (aggr == OPTIONS_AGGR_SOCKET)
		snprintf(buf, cap, "S%d", t->socket);
	else
		snprintf(buf, cap, "CPU%d", cpu);
}

/* The CPUs to count: -C's that are online, or every online one. */
static int cpus_wanted(struct cpu_list *wanted, const struct options *opts,
		       const char *sysfs_root, struct hp_err *err)
{
	struct cpu_list online = { 0 };
	int ret = -1;

	*wanted = (struct cpu_list){ 0 };
	if (cpu_list_online(&online, sysfs_root, err))
		goto out;
	if (!opts->cpu_list) {
		*wanted = online; /* -a: every online CPU */
		online = (struct cpu_list){ 0 };
	} else if (cpu_list_parse(wanted, opts->cpu_list, err)) {
		goto out;
	} else {
		/* Offline CPUs count nothing: they are skipped, never an error. */
		cpu_list_keep_online(wanted, &online);
	}
	if (wanted->n == 0) {
		err_set(err, "none of the CPUs '%s' is online: see /sys/devices/system/cpu/online",
			opts->cpu_list);
		goto out;
	}
	ret = 0;
out:
	cpu_list_release(&online);
	return ret;
}

static int cpus_add(struct scope *scope, const struct options *opts, const char *sysfs_root,
		    struct hp_err *err)
{
	struct cpu_list wanted;
	size_t i;
	int ret = -1;

	if (cpus_wanted(&wanted, opts, sysfs_root, err))
		goto out;
	scope->cpus = true;
	if (opts->aggr != OPTIONS_AGGR_ALL)
		scope->unit_kind = opts->aggr == OPTIONS_AGGR_CORE ? "core" :
				   opts->aggr == OPTIONS_AGGR_SOCKET ? "socket" : "cpu";
	for (i = 0; i < wanted.n; i++) {
		struct scope_place place = { .pid = -1, .cpu = wanted.cpus[i], .cgroup_fd = -1 };
		struct cpu_topology topo;
		char label[64];

		cpu_topology_read(sysfs_root, wanted.cpus[i], &topo);
		cpu_unit_label(label, sizeof(label), opts->aggr, wanted.cpus[i], &topo);
		if ((scope->unit_kind && unit_find_or_add(scope, label, &place.unit, err)) ||
		    place_add(scope, &place, err))
			goto out;
	}
	ret = 0;
out:
	cpu_list_release(&wanted);
	return ret;
}

/* The directory of one cgroup, open for perf_event_open; -1 with err naming the cgroup and
 * the mount where it is not a cgroup there. */
static int cgroup_dir_open(const char *mount, const char *path, const char *name,
			   struct hp_err *err)
{
	char dir[PATH_MAX];
	struct statfs fs;
	int fd;

	if (cgroup_path_join(dir, sizeof(dir), mount, path, name, err))
		return -1;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && (errno == ENOENT || errno == ENOTDIR))
		return err_set(err, "no cgroup '%s' under the cgroup v2 mount %s: %s is not %s",
			       name, mount, dir, errno == ENOENT ? "there" : "a directory");
	if (fd < 0)
		return err_set(err, "cannot open cgroup '%s' (%s): %s", name, dir, strerror(errno));
	/* A directory of another file system mounted inside the hierarchy is no cgroup. */
	if (fstatfs(fd, &fs) || fs.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		return err_set(err, "no cgroup '%s' under the cgroup v2 mount %s: %s is not on the "
			       "cgroup2 file system", name, mount, dir);
	}
	return fd;
}

/* -G: each cgroup on each CPU wanted, a row per cgroup labelled as the user named it. */
static int cgroups_add(struct scope *scope, const struct options *opts, const char *sysfs_root,
		       struct hp_err *err)
{
	struct cgroup_list list = { 0 };
	struct cpu_list wanted = { 0 };
	char mount[PATH_MAX];
	size_t i, g;
	int ret = -1;

	for (i = 0; i < opts->n_cgroup_lists; i++)
		if (cgroup_list_parse(&list, opts->cgroup_lists[i], err))
			goto out;
	if (cgroup_mount_find("/proc/self/mountinfo", mount, sizeof(mount), err) ||
	    cpus_wanted(&wanted, opts, sysfs_root, err))
		goto out;
	scope->cgroup_fds = calloc(list.n, sizeof(*scope->cgroup_fds));
	if (!scope->cgroup_fds) {
		err_set(err, "out of memory");
		goto out;
	}
	scope->cpus = scope->cgroups = true;
	scope->unit_kind = "cgroup";
	for (g = 0; g < list.n; g++) {
		int fd = cgroup_dir_open(mount, list.paths[g], list.names[g], err);
		size_t unit;

		if (fd < 0)
			goto out;
		scope->cgroup_fds[scope->n_cgroup_fds++] = fd;
		if (unit_find_or_add(scope, list.names[g], &unit, err))
			goto out;
		for (i = 0; i < wanted.n; i++) {
			struct scope_place place = { .pid = -1, .cpu = wanted.cpus[i],
						     .cgroup_fd = fd, .unit = unit };

			if (place_add(scope, &place, err))
				goto out;
		}
	}
	ret = 0;
out:
	cpu_list_release(&wanted);
	cgroup_list_release(&list);
	return ret;
}

/* The process a pidfd can watch for a thread id: its thread group. */
static pid_t thread_group_of(pid_t tid)
{
	char path[64], line[128];
	pid_t tgid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

/* A task's state letter from /proc (R, S, Z...), or 0 when it cannot be read. */
static char task_state(pid_t pid, pid_t tid)
{
	char path[64], line[512], *close_paren;
	char state = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	/* The name in parentheses may hold spaces and parentheses itself: the state follows the
	 * last ')'. */
	if (fgets(line, sizeof(line), f) && (close_paren = strrchr(line, ')')) &&
	    close_paren[1] == ' ')
		state = close_paren[2];
	fclose(f);
	return state;
}

static bool task_gone(pid_t pid, pid_t tid)
{
	char state = task_state(pid, tid);

	return state == 'Z' || state == 'X';
}

/* Whether any thread of process pid still runs: a leader that called pthread_exit() is a
 * zombie while its other threads go on. */
static bool process_gone(pid_t pid)
{
	char path[64];
	struct dirent *entry;
	bool gone = true;
	DIR *dir;

	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (!(dir = opendir(path)))
		return false; /* then the caller's own lookup says what is wrong */
	while (gone && (entry = readdir(dir))) {
		char *end;
		long tid = strtol(entry->d_name, &end, 10);

		if (entry->d_name[0] != '.' && *end == '\0' && tid > 0)
			gone = task_gone(pid, (pid_t)tid);
	}
	closedir(dir);
	return gone;
}

/* A task that has exited but is not reaped yet (a zombie) has nothing left to count: its
 * counters would read 0, not an error, and the report would look like an idle process. */
static int task_alive(pid_t pid, pid_t tid, const char *option, struct hp_err *err)
{
	if (pid == tid ? !process_gone(pid) : !task_gone(pid, tid))
		return 0;
	if (pid == tid)
		return err_set(err, "process %d (%s) has exited (a zombie its parent has not reaped): "
			       "nothing of it is left to count", (int)pid, option);
	return err_set(err, "thread %d (%s) has exited: nothing of it is left to count", (int)tid,
		       option);
}

static int pid_fd_add(struct scope *scope, pid_t pid, pid_t tid, const char *option,
		      struct hp_err *err)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0), *grown;
	struct scope_task *tasks;

	if (fd < 0 && errno == ESRCH)
		return err_set(err, "no process %d (%s): check the id, as with 'ps -p %d'",
			       (int)pid, option, (int)pid);
	if (fd < 0)
		return err_set(err, "cannot watch process %d: %s", (int)pid, strerror(errno));
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	tasks = realloc(scope->tasks, (scope->n_pid_fds + 1) * sizeof(*tasks));
	if (tasks)
		scope->tasks = tasks;
	grown = tasks ? realloc(scope->pid_fds, (scope->n_pid_fds + 1) * sizeof(*grown)) : NULL;
	if (!grown) {
		close(fd);
		return err_set(err, "out of memory");
	}
	tasks[scope->n_pid_fds] = (struct scope_task){ .pid = pid, .tid = tid };
	grown[scope->n_pid_fds++] = fd;
	scope->pid_fds = grown;
	return 0;
}

/* A thread's row label as perf writes it: its name, a dash, its id. */
static int thread_unit(struct scope *scope, pid_t pid, pid_t tid, size_t *unit,
		       struct hp_err *err)
{
	char path[64], comm[32] = "", label[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		got = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		comm[got > 0 ? got : 0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
	}
	snprintf(label, sizeof(label), "%s-%d", *comm ? comm : "?", (int)tid);
	return unit_find_or_add(scope, label, unit, err);
}

static int thread_add(struct scope *scope, const struct options *opts, pid_t pid, pid_t tid,
		      bool named, struct hp_err *err)
{
	struct scope_place place = { .pid = tid, .cpu = -1, .cgroup_fd = -1, .thread = named };

	if (opts->aggr == OPTIONS_AGGR_THREAD && thread_unit(scope, pid, tid, &place.unit, err))
		return -1;
	return place_add(scope, &place, err);
}

/* Every thread of a running process: its tasks at this moment. Threads it starts later are
 * counted by their parent thread's counters (inherit). */
static int process_add(struct scope *scope, const struct options *opts, pid_t pid,
		       struct hp_err *err)
{
	char path[64];
	struct dirent *entry;
	DIR *dir;
	int ret = 0;

	pid_t tgid = thread_group_of(pid);

	/* perf counts a thread's whole process for -p; saying so beats guessing. */
	if (tgid > 0 && tgid != pid)
		return err_set(err, "%d is a thread of process %d: give -p %d to count the process, "
			       "or -t %d for the thread alone", (int)pid, (int)tgid, (int)tgid,
			       (int)pid);
	if (pid_fd_add(scope, pid, 0, "-p", err) || task_alive(pid, pid, "-p", err))
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return err_set(err, "no process %d (-p): check the id, as with 'ps -p %d'",
			       (int)pid, (int)pid);
	while (ret == 0 && (entry = readdir(dir))) {
		char *end;
		long tid = strtol(entry->d_name, &end, 10);

		if (entry->d_name[0] != '.' && *end == '\0' && tid > 0)
			ret = thread_add(scope, opts, pid, (pid_t)tid, false, err);
	}
	closedir(dir);
	return ret;
}

int scope_build(struct scope *scope, const struct options *opts, const char *sysfs_root,
		struct hp_err *err)
{
	size_t i;

	memset(scope, 0, sizeof(*scope));
	if (opts->n_cgroup_lists)
		return cgroups_add(scope, opts, sysfs_root, err);
	if (opts->all_cpus || opts->cpu_list)
		return cpus_add(scope, opts, sysfs_root, err);
	if (opts->aggr == OPTIONS_AGGR_THREAD)
		scope->unit_kind = "thread";
	for (i = 0; i < opts->n_pids; i++)
		if (process_add(scope, opts, opts->pids[i], err))
			return -1;
	for (i = 0; i < opts->n_tids; i++) {
		pid_t tid = opts->tids[i], tgid = thread_group_of(tid);

		if (tgid < 0)
			return err_set(err, "no thread %d (-t): check the id, as with 'ls "
				       "/proc/*/task/%d'", (int)tid, (int)tid);
		if (pid_fd_add(scope, tgid, tid, "-t", err) || task_alive(tgid, tid, "-t", err) ||
		    thread_add(scope, opts, tgid, tid, true, err))
			return -1;
	}
	return 0;
}

void scope_release(struct scope *scope)
{
	size_t i;

	for (i = 0; i < scope->n_units; i++)
		free(scope->units[i]);
	for (i = 0; i < scope->n_pid_fds; i++)
		close(scope->pid_fds[i]);
	for (i = 0; i < scope->n_cgroup_fds; i++)
		close(scope->cgroup_fds[i]);
	free(scope->cgroup_fds);
	free(scope->units);
	free(scope->pid_fds);
	free(scope->tasks);
	free(scope->places);
	memset(scope, 0, sizeof(*scope));
}
