/* workload.h - the measured command: started with a hook that runs in the child just before
 * exec, waited for with its resource usage. */
#ifndef HPSTAT_WORKLOAD_H
#define HPSTAT_WORKLOAD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"

/* Runs in the child between its creation and exec. The child shares hpstat's memory and file
 * descriptor table while hpstat waits, so what the hook writes and the descriptors it opens
 * are hpstat's; it must call only async-signal-safe functions. Returns 0 to exec, -1 to have
 * the child exit without running the command. */
typedef int (*workload_hook_fn)(void *ctx);

struct workload {
	pid_t pid;
	uint64_t start_ns;  /* taken by the child right before exec; 0 if it never got there */
	uint64_t setup_user_ns, setup_sys_ns; /* the child's CPU time before exec: hpstat's */
	int exec_errno;     /* set when exec failed (ENOENT: not found) */
	bool hook_failed;   /* the hook refused: the command did not run */
	bool ignored[3];    /* per stop signal: ignored when hpstat started (nohup), so left so */
	char *stack;        /* the child's stack (mmap'd, a guard page below), kept for reuse */
	size_t stack_size;
};

struct workload_result {
	int wait_status;  /* as from wait4 */
	bool exec_reached; /* false: killed before exec (a Ctrl-C as it started): no run */
	uint64_t wall_ns; /* from the exec to the child's end */
	uint64_t user_ns; /* the command's and its children's, hpstat's setup taken out */
	uint64_t sys_ns;
	long max_rss_kb;  /* at least hpstat's own size: the child starts in hpstat's memory */
};

void workload_init(struct workload *w);
void workload_release(struct workload *w);

/* Installs the handlers for SIGINT, SIGTERM and SIGHUP that make hpstat stop after the
 * current run instead of dying with it; a signal that was ignored when hpstat started (as
 * under nohup) stays ignored, for hpstat and the command. Call once before the first
 * workload_start(). */
int workload_signals_init(struct workload *w, struct hp_err *err);
/* The signal that asked hpstat to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
int workload_stop_signal(void);

/* Starts argv: the child runs hook(ctx), drops privileges its real user lacks, and execs.
 * Returns once the exec has happened (0). Returns -1, with the child already reaped, when
 * the hook refused (w->hook_failed; err not set: the hook's owner knows why) or the exec
 * failed (w->exec_errno, and err names the command). */
int workload_start(struct workload *w, char *const argv[], workload_hook_fn hook, void *ctx,
		   struct hp_err *err);

/* Waits for the child to end; retries across signals, passing SIGTERM and SIGHUP on to it
 * (a terminal's Ctrl-C reaches it directly, as it shares hpstat's process group). */
int workload_wait(struct workload *w, struct workload_result *res, struct hp_err *err);

/* The exit status a shell would show for wait_status: the code, or 128 + signal. */
int workload_exit_code(int wait_status);

#endif
