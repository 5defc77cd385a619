/* workload.h - the measured command: forked, held at a pipe until its counters are open,
 * released into exec, waited for with its resource usage. */
#ifndef HPSTAT_WORKLOAD_H
#define HPSTAT_WORKLOAD_H

#include <stdint.h>
#include <sys/types.h>

#include "err.h"

struct workload {
	pid_t pid;
	int go_fd;      /* write end: one byte releases the child, closing it cancels */
	int exec_fd;    /* read end of the child's close-on-exec pipe carrying an exec errno */
	uint64_t start_ns;
};

struct workload_result {
	int wait_status;  /* as from wait4 */
	uint64_t wall_ns; /* from the release to the child's end */
	uint64_t user_ns;
	uint64_t sys_ns;
	long max_rss_kb;
};

/* Installs the handlers for SIGINT, SIGTERM and SIGHUP that make hpstat stop after the
 * current run instead of dying with it. Call once before the first workload_prepare(). */
int workload_signals_init(struct hp_err *err);
/* The signal that asked hpstat to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
int workload_stop_signal(void);

/* Forks the child, which waits until workload_start() or workload_cancel(). */
int workload_prepare(struct workload *w, char *const argv[], struct hp_err *err);

/* Releases the child into exec. Returns 0 once the exec succeeded; otherwise reaps the child
 * and returns -1 with *exec_errno set (ENOENT: not found) and err naming the command. */
int workload_start(struct workload *w, const char *command, int *exec_errno,
		   struct hp_err *err);

/* Makes the child exit without running the command and reaps it. */
void workload_cancel(struct workload *w);

/* Waits for the child to end; retries across signals, passing SIGTERM and SIGHUP on to it
 * (a terminal's Ctrl-C reaches it directly, as it shares hpstat's process group). */
int workload_wait(struct workload *w, struct workload_result *res, struct hp_err *err);

/* The exit status a shell would show for wait_status: the code, or 128 + signal. */
int workload_exit_code(int wait_status);

#endif
