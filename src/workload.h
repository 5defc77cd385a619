/* workload.h - the measured command: started with its counters opened on it just before its
 * exec, and the one loop that waits for it, for stop signals and for the ticker. */
#ifndef HPSTAT_WORKLOAD_H
#define HPSTAT_WORKLOAD_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "err.h"
#include "launcher.h"

struct workload;

/* Runs in hpstat between the creation of the command's process (pid) and its exec, which
 * waits meanwhile: opens what counts it. A long open should ask workload_setup_stop_pending()
 * between steps. Returns 0 to exec, -1 to have the process exit without running the command. */
typedef int (*workload_open_fn)(void *ctx, struct workload *w, pid_t pid);

/* Called from the wait loop each time the ticker fires, while the command runs. */
typedef void (*workload_tick_fn)(void *ctx);

struct workload_watch;

/* Called from the wait loop when the watch's descriptor has input (input true) or its moment
 * has come (input false). It moves due_ns on (or sets it to 0), and may end the wait with
 * workload_request_end(). */
typedef void (*workload_watch_fn)(void *ctx, struct workload_watch *watch, bool input,
				  uint64_t now_ns);

/* Something more the wait loop waits for: input on a descriptor, a moment, or both. */
struct workload_watch {
	int fd;            /* polled for input; -1: none */
	uint64_t due_ns;   /* a CLOCK_MONOTONIC moment; 0: none */
	workload_watch_fn fire;
	void *ctx;
};

#define WORKLOAD_N_STOP_SIGNALS 3 /* SIGINT, SIGTERM, SIGHUP */

/*
 * One measurement session: from workload_init() to workload_release() the stop signals
 * (SIGINT, SIGTERM, SIGHUP) are blocked and read from a signalfd, so none can slip in between
 * a check and a wait, whenever it comes: before a run, while hpstat opens the command's
 * counters, during a run or between runs. A stop signal that was ignored when hpstat started
 * (nohup) stays ignored, for hpstat and the command.
 */
struct workload {
	/* The session. */
	int signal_fd;
	int timer_fd;
	pid_t hpstat_pid;
	sigset_t mask_at_start;       /* the command gets this mask (and hpstat it back) */
	struct sigaction chld_at_start; /* SIGCHLD's disposition, hpstat's to get back */
	sigset_t stop_set;            /* the stop signals hpstat watches */
	struct launcher *launcher;    /* starts the commands (borrowed) */
	uint64_t starts_left;         /* workload_expect_starts(): the starts still to come */
	int stop_signal;              /* the first stop signal received, 0 if none */
	bool stop_forwarded;
	uint64_t tick_ns;             /* 0: no ticker */
	uint64_t next_tick_ns;        /* across runs: many short runs still tick */
	workload_tick_fn tick;
	void *tick_ctx;
	struct workload_watch **watches; /* borrowed, until workload_watches_clear() */
	size_t n_watches, cap_watches;
	bool end_requested;           /* a watch ended the wait (a timeout, the last interval) */
	bool end_by_request;          /* and the command was stopped for it (SIGTERM) */

	/* The current run: what the launcher made (pid -1 when none runs; start_ns set by
	 * workload_begin() when no command runs), and the command's name for errors. */
	struct launch launch;
	const char *name;
	uint64_t next_stop_check_ns; /* hpstat's next look at its signals while it opens the
				      * command's counters */
	bool open_failed;   /* the open callback refused (not for a stop): the command did not
			     * run */
	bool setup_stopped; /* a stop signal came during the setup: the command did not exec */
};

struct workload_result {
	int wait_status;  /* as from wait4 */
	bool exec_reached; /* false: killed before exec (a Ctrl-C as it started): no run */
	/* The command exec'd a set-user-ID or set-group-ID program (its effective ids are not
	 * its real ones), and the kernel detached its counters then. */
	bool counters_detached;
	uint64_t wall_ns; /* from the exec to the child's end */
	uint64_t user_ns; /* the command's and its children's, hpstat's setup taken out */
	uint64_t sys_ns;
	long max_rss_kb;  /* the command's peak resident set, or its children's if larger */
	bool ended_by_request; /* the command was stopped by workload_request_end() */
};

/* Starts the session (see struct workload). launcher starts the commands (launcher.h: they
 * get the signal state hpstat started with); mask_at_start is the signal mask hpstat gets
 * back at the end (NULL: the current one). SIGCHLD ignored at start is reset to its default for
 * hpstat, so its children can be waited for. -1 with err when a descriptor cannot be made. */
int workload_init(struct workload *w, struct launcher *launcher, const sigset_t *mask_at_start,
		  struct hp_err *err);

/* Blocks the stop signals that are not ignored, before the session starts, for a caller that
 * makes something to clean up first (a stop signal would otherwise end hpstat there and
 * then); *old gets the mask before, for workload_init()'s mask_at_start. Signals that come
 * meanwhile wait, and the session reads them. */
void workload_block_stop_signals(sigset_t *old);

/* Ends the session: kills and reaps a command still running, forgets the stop signals
 * already read, and restores the signal mask hpstat started with. Safe to call twice. */
void workload_release(struct workload *w);

/* How many workload_start() calls the session will make at most: the launcher makes the next
 * command's process as a run ends only while one is still to come (a process made for nothing
 * costs hpstat's exit its making and its dismissal). Without it, none is made ahead. */
void workload_expect_starts(struct workload *w, uint64_t starts);

/* Calls tick(ctx) every interval_ns while the command runs (0: never). */
void workload_set_ticker(struct workload *w, uint64_t interval_ns, workload_tick_fn tick,
			 void *ctx);

/* Adds a watch (kept by pointer) to the wait loop, for this and later waits. */
int workload_watch_add(struct workload *w, struct workload_watch *watch, struct hp_err *err);
void workload_watches_clear(struct workload *w);

/* From a watch: ends the wait. A command still running is sent SIGTERM (a stop signal after
 * that kills it) and the wait ends when it does; with no command the wait ends at once. */
void workload_request_end(struct workload *w);

/* The clock of the wait loop (CLOCK_MONOTONIC), in nanoseconds. */
uint64_t workload_now_ns(void);

/* Starts a wait with no command (counting processes already running, or CPUs): the wait
 * ends at a stop signal or an end request; its wall time is counted from here. */
void workload_begin(struct workload *w);

/* Reads the stop signals that came since the last look; returns the first of the session
 * (SIGINT, SIGTERM, SIGHUP), or 0. Call between runs: a run must not start after one. */
int workload_stop_signal(struct workload *w);

/* From the open callback: whether a stop signal has come. It looks at most every 10 ms, so a
 * short setup never pays for it. When it returns true the callback should undo its work and
 * fail: the command will not run. */
bool workload_setup_stop_pending(struct workload *w);

/*
 * Starts argv through the launcher (launcher.h): the command's process dies with hpstat, and
 * waits while hpstat runs open(ctx, w, pid) unless open is NULL; it drops privileges its real
 * user lacks, takes the signal mask and dispositions hpstat started with, and execs. Returns
 * 0 once it is let go to its exec: hpstat does not wait for the exec, and an exec that fails
 * is workload_wait()'s to report. Returns -1, with the process already reaped, when open
 * refused (w->open_failed; err not set: the callback's owner knows why), a stop signal came
 * during the setup (w->setup_stopped; err not set), the setup before the exec failed
 * (w->launch.exec_errno, and err names the command), or no process could be started (err).
 */
int workload_start(struct workload *w, char *const argv[], workload_open_fn open, void *ctx,
		   struct hp_err *err);

/* For a caller that times things from the command's start while it runs (intervals, a
 * delay, a timeout): waits until the command has exec'd (or ended), so that launch.start_ns
 * is its start, the moment its wall time counts from. A plain run never waits: being woken
 * at the exec would take the CPU from the command as it starts. */
void workload_wait_exec(struct workload *w);

/*
 * Waits for the command to end, and meanwhile for the stop signals, the ticker and the
 * watches. The first stop signal is passed on to the command, unless it is a Ctrl-C that the
 * terminal already gave the command (it shares hpstat's process group); a second one kills
 * the command. With no command (workload_begin()), waits for a stop signal or an end request;
 * res then has only the wall time. -1 with err when the command never ran: its exec failed
 * (w->launch.exec_errno) or something killed it before (a stop signal that did is no
 * failure: res->exec_reached is false then).
 */
int workload_wait(struct workload *w, struct workload_result *res, struct hp_err *err);

/* The exit status a shell would show for wait_status: the code, or 128 + signal. */
int workload_exit_code(int wait_status);

#endif
