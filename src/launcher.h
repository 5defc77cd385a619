/* launcher.h - the small process that starts each run's command, so that the command's peak
 * memory is its own.
 *
 * The kernel starts a process's peak resident set (ru_maxrss, what wait4 reports) at exec from
 * the peak of the address space it ran in until then. A command cloned inside hpstat's memory
 * would report at least hpstat's few MiB, which for a small command is most of the number. So
 * hpstat forks this launcher once, as it starts, before it has loaded or built anything (event
 * tables, libpfm4): a copy of hpstat that holds only the pages it copied then and the few it
 * touches, less than /bin/true's own. For each run the launcher clones the command's process
 * inside its own small address space, as hpstat's child (CLONE_PARENT: hpstat waits for it and
 * gets its exit status and resources, as before). The process is made ahead, while hpstat
 * finishes the run before, and waits on a pipe until hpstat has opened its counters on its pid
 * (perf stat's way), then execs. All three share one descriptor table (CLONE_FILES) until the
 * exec, so the command inherits exactly the descriptors hpstat has, and the counters hpstat
 * opens are its own; the command line and hpstat's environment of the moment travel in a shared
 * mapping. After the last run the launcher takes the held counters' slow last close with it
 * as it ends (launcher_hand_over), and hpstat reaps it before exiting (launcher_close).
 */
#ifndef HPSTAT_LAUNCHER_H
#define HPSTAT_LAUNCHER_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "cputime.h"
#include "err.h"

struct launch_shared;

/* What the command's process starts with, for every run of the session. */
struct launch_setup {
	pid_t hpstat_pid;
	sigset_t mask_at_start;                        /* the command's signal mask */
	struct sigaction pipe_at_start, chld_at_start; /* and these two dispositions */
};

struct launcher {
	pid_t pid;   /* the launcher process; -1 when none runs */
	int pid_fd;
	int to_launcher[2]; /* hpstat asks for a command ('r'), or the end ('e') */
	int to_hpstat[2];   /* the command is made and waits ('c'); the launcher is done ('d') */
	int to_command[2];  /* hpstat lets the command exec ('g') or not ('x') */
	struct launch_shared *shared; /* a shared mapping: the argv, and what happened */
	bool requested;               /* the launcher makes (or made) the next process */
	bool ending;                  /* told to end (launcher_hand_over) */
	int stop_fd;                  /* readable on a stop signal: waits for the launcher end */
	size_t shared_size;
	char *stack;                  /* the launcher's stack (it runs on its own copy) */
	size_t stack_size;
	char *command_stack;          /* the command's stack, in the launcher's memory only */
	size_t command_stack_size;
	struct launch_setup setup;
};

/* What one start made. The fields after pid_fd tell what the exec made of the process: known
 * once it has ended (launcher_collect), or at once when it was never let go. */
struct launch {
	pid_t pid;          /* the command's process, hpstat's child to reap; -1 if none */
	int pid_fd;         /* its pidfd, in hpstat's descriptor table; -1 if none */
	bool running;       /* let go to its exec: the rest comes when it has ended */
	uint64_t start_ns;  /* CLOCK_MONOTONIC just before exec; 0 if it never got there */
	struct cputime setup; /* its CPU time before exec: hpstat's, not the command's */
	uid_t exec_euid;    /* who it was when it exec'd */
	gid_t exec_egid;
	int exec_errno;     /* exec (or the privilege drop before it) failed */
	bool open_failed;   /* the open callback refused: it was told not to exec */
	bool stopped;       /* a stop signal came while hpstat waited for the launcher */
};

/* Called in hpstat while the command's process pid waits before its exec: opens what counts
 * it. Returns 0 to let it exec, -1 to have it exit (127) without running the command. */
typedef int (*launcher_open_fn)(void *ctx, pid_t pid);

/* Makes the launcher, as early as hpstat can, so that it is small: the commands will get the
 * signal mask and SIGCHLD disposition hpstat has now, and pipe_at_start for SIGPIPE. -1 with
 * err (the launcher is then closed). */
int launcher_open(struct launcher *l, const struct sigaction *pipe_at_start, struct hp_err *err);

/* While stop_fd (a signalfd of the stop signals; -1: none) is readable, hpstat does not wait
 * for the launcher: a launcher stopped from outside (SIGSTOP) would otherwise hold a Ctrl-C
 * of hpstat's unread. The descriptor stays the caller's. */
void launcher_watch_stop(struct launcher *l, int stop_fd);

/* Starts argv (a PATH search, as execvp) with hpstat's current environment through the
 * launcher, making the launcher first if none runs; calls open(ctx, pid) (unless open is NULL)
 * between the process's creation and its exec. Returns 0 once the process is let go to its
 * exec (out->running: whether the exec worked is known after it ends, launcher_collect), or
 * has ended without being let go (open refused, its setup failed: *out says which; with no
 * process at all and exec_errno E2BIG when argv and the environment are too long, or with
 * stopped when a stop signal came first: then no process is left, nor the launcher, and the
 * next start makes a new one). Returns -1
 * with err when the launcher could not be made or ended by itself (no command process is
 * left). */
int launcher_start(struct launcher *l, char *const argv[], launcher_open_fn open, void *ctx,
		   struct launch *out, struct hp_err *err);

/* Once the process of the last start has exec'd or ended (not necessarily reaped), before
 * the next start: fills in what its exec made of it (start_ns, setup, the ids, exec_errno). */
void launcher_collect(const struct launcher *l, struct launch *out);

/* Waits until the process of the last start has exec'd or ended: the kernel clears a word
 * then and wakes hpstat. */
void launcher_exec_wait(const struct launcher *l);

/* Has the launcher make the next command's process now, if it is not made yet: best called
 * as a run ends, so that the making overlaps hpstat's own work after the run instead of
 * delaying the next start. launcher_start() does it when nobody did. */
void launcher_prepare(struct launcher *l);

/* Once no command is to come: a process made ahead for a run that did not come is dismissed.
 * The launcher stays, idle; one that does not answer (stopped from outside) is killed, after
 * 2 s, or at once when stopping (hpstat is ending on a stop signal). */
void launcher_retire(struct launcher *l, bool stopping);

/* Once no command is to come: the launcher ends, and takes the last close of fds (the held
 * counters: it switches kernel hooks off, and waits a grace period per tracepoint) with it,
 * while hpstat writes its report. hpstat's descriptor table becomes its own (the launcher's
 * copy is left with descriptors hpstat holds, pipes to a reader among them, only until the
 * launcher has closed all but fds) and hpstat's copies of fds are closed. The launcher then
 * closes fds and exits; when slow, a process it forks closes them instead, one that may
 * outlive hpstat (a grace period is some 26 ms here, per tracepoint), and the launcher
 * exits at once. 0 when handed over; -1 when there is no launcher to take them, or it could
 * not be told: fds are then untouched, for hpstat to close. launcher_close() reaps it. */
int launcher_hand_over(struct launcher *l, const int *fds, size_t n, bool slow);

/* Ends the launcher (if it has not ended after launcher_hand_over) and reaps it, so that no
 * process of hpstat's is left for hpstat's parent to reap. Safe to call twice. */
void launcher_close(struct launcher *l);

#endif
