/* counter.h - perf_event_open, read and close for one set of events on one process. */
#ifndef HPSTAT_COUNTER_H
#define HPSTAT_COUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "event.h"
#include "samples.h"

/* The counters of one event list. What the kernel refused (not supported) and what it allowed
 * only in user mode is learned on the first open and kept for later runs, so a refused event
 * costs nothing after the first run and every run counts the same way. */
struct counter_set {
	size_t n;
	struct perf_event_attr *attr; /* per counter; exclude_kernel set after a fallback */
	int *group;                   /* per counter: EVENT_NO_GROUP or a group number */
	int *fd;                      /* per counter; -1 when closed or not supported */
	bool *unsupported;            /* the kernel or PMU refused it: shown as <not supported> */
	bool *encoded;                /* the user wrote its encoding (raw code, sysfs terms) */
	bool *user_only;              /* kernel counting was refused, so it counts user mode only */
	bool *tool;                   /* a tool event: hpstat measures it, nothing is opened (fd
				       * -1, never in a group's read; counting fills its values) */
	int *leader_fd;               /* per group number, during an open */
	size_t *group_slot;           /* per counter: its place among its group's opened members
				       * (0: the leader), the order of a group read's values */
	size_t *group_size;           /* per group number: members opened */
	uint64_t *group_buf;          /* room for one group read of the largest group */
	int n_groups;
	bool enable_on_exec;          /* leaders start at the exec (default); else when enabled */
	size_t failed;                /* after a failed open: which counter, */
	int failed_errno;             /* and why */
};

/*
 * One disabled counter of each software kind and each tracepoint that events use, open on
 * hpstat itself for the whole invocation. The kernel switches machine-wide hooks on when the
 * first counter of such a kind opens and off when the last one closes (a tracepoint's close
 * waits a grace period); holding one keeps them on between runs. They never count (disabled,
 * not inherited, on hpstat) and close on exec, so no run and no command sees them.
 */
struct counter_hold {
	int *fd;
	size_t n;
	size_t n_tracepoints;  /* of them: closing these is slow (see counter_hold_close) */
};

/* Opens what it can; an event the kernel refuses is simply not held. -1 only when memory
 * runs out (with err). */
int counter_hold_open(struct counter_hold *hold, const struct event *events, size_t n,
		      struct hp_err *err);

/* How many counters counter_hold_open() would hold at most for these events. */
size_t counter_hold_kinds(const struct event *events, size_t n);
/* Closes them, in hpstat's time: a tracepoint's last close waits a grace period (some 26 ms
 * here, one after another). For when the launcher could not take them (launcher.h). */
void counter_hold_close(struct counter_hold *hold);
/* Forgets them: another took their closing over. */
void counter_hold_leave(struct counter_hold *hold);

/* Makes room for n counters open at once, besides held ones and the descriptors hpstat holds
 * anyway: raises
 * the soft RLIMIT_NOFILE towards the hard limit when it is too low (as perf does), and says,
 * when even the hard limit is too low, how many descriptors are needed and how to allow them.
 * -1 with err then. */
int counter_room_ensure(size_t n, size_t held, struct hp_err *err);

/* Copies the events' attributes; the events may be released afterwards. Tool events keep
 * their place, so that counts stay in the events' order, but are never opened: a group
 * with one is the group of its other members. */
int counter_set_init(struct counter_set *cs, const struct event *events, size_t n,
		     struct hp_err *err);
void counter_set_release(struct counter_set *cs);

/* How the counters follow their task: inherit (default) also counts the children and
 * threads it starts; enable_on_exec (default) starts the leaders at the task's exec, else they
 * stay disabled until counter_set_enable(). Counters on a CPU (not a task) take inherit
 * false. Call before counter_set_open(). */
void counter_set_configure(struct counter_set *cs, bool inherit, bool enable_on_exec);

/* Asked between two opens; true stops the opening (see counter_set_open). */
typedef bool (*counter_cancel_fn)(void *ctx);

/* Opens every counter on pid (0: the calling process; -1: every task) and cpu (-1: any),
 * disabled, group leaders with enable_on_exec unless configured otherwise, all with inherit
 * (so that the command's children and threads count too) unless configured otherwise.
 * Refusals that mean "not supported" (ENOENT, EOPNOTSUPP, ENODEV, EINVAL, ENOSYS, ENXIO) mark
 * the counter and continue, except EINVAL for an encoding the user wrote: that says the
 * encoding is wrong, not that the machine lacks the event. A refusal of kernel counting falls
 * back to user mode; anything else closes what was opened, records which counter failed and
 * why, and returns -1. When cancel (may be NULL) returns true between two opens, everything
 * is closed and -1 returned with failed_errno ECANCELED.
 * Async-signal-safe: it runs in the command's child just before exec. */
int counter_set_open(struct counter_set *cs, pid_t pid, int cpu, counter_cancel_fn cancel,
		     void *ctx);

/* counter_set_open() for the tasks of one cgroup (cgroup_fd: its directory, open) on one
 * CPU: the counters count while one of its tasks runs there (PERF_FLAG_PID_CGROUP), disabled
 * until counter_set_enable(); configure them with inherit false. Fails as counter_set_open()
 * does. */
int counter_set_open_cgroup(struct counter_set *cs, int cgroup_fd, int cpu);

/* Starts or stops every open counter (and the copies its task's children inherited) at
 * once. Returns 0, or -1 with errno. */
int counter_set_enable(const struct counter_set *cs);
int counter_set_disable(const struct counter_set *cs);

/* After counter_set_open() failed: an error naming the event and what to do. Returns -1. */
int counter_set_explain_failure(const struct counter_set *cs, const struct event *events,
				struct hp_err *err);

/* Reads every open counter's raw value and enabled/running times into out[0..n-1] (zeros for
 * the unsupported) before anything is closed: closing a leader first would split its group.
 * A group is read in one go from its leader (PERF_FORMAT_GROUP), so its members' counts and
 * times come from the same instant. Scaling for multiplexing is the report's business. */
int counter_set_read(const struct counter_set *cs, struct sample_count *out,
		     struct hp_err *err);

/* Closes every open counter; safe to call twice. */
void counter_set_close(struct counter_set *cs);

/*
 * Whether attr counts here: opens it on the calling process (pid 0, any CPU, disabled, no
 * inherit) and closes it at once. Where the kernel refuses kernel-mode counting it tries user
 * mode alone, as counter_set_open() does. Returns 1 when it opened; 0 when the kernel refused
 * it, errno telling why: not supported (the errors counter_set_open() marks so), EACCES or EPERM
 * (not for this user at this perf_event_paranoid level: it would not count for them), EBUSY
 * (the PMU is held exclusively just now); -1 with errno for anything else (EMFILE, ENOMEM).
 * An event type: event_probe_fn.
 */
int counter_probe(const struct perf_event_attr *attr);

/* Whether this user may count task pid by the kernel's own check: a disabled user-mode
 * task-clock opened on it without raising any capability (CAP_PERFMON in effect would make
 * the kernel skip the check). 1 it may; 0 with errno when refused. */
int counter_probe_task(pid_t pid);

/*
 * An enabled dummy event (it counts nothing) on the tasks of a cgroup on cpu, to hold open
 * while cgroup counters on that CPU are enabled and count. The kernel keeps each cgroup's
 * clock on a CPU only while an enabled cgroup event is there: the first counter enabled
 * without one took a stale clock and reported more enabled time than it had (seconds, from
 * an earlier perf session, for a cgroup with a task running), which scaled its count.
 * Opened with CAP_PERFMON raised, as counters are. Its descriptor (close-on-exec), or -1 with
 * errno: EACCES or EPERM (no privilege to count a CPU), EINVAL (no cgroup counting in this
 * kernel), ENOENT or EBADF (not a cgroup of the perf_event controller's hierarchy).
 */
int counter_cgroup_clock_open(int cgroup_fd, int cpu);

#endif
