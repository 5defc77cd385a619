/* workload.c - the start of the measured command (through the launcher), and the one loop that
 * waits for it. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "launcher.h"
#include "script.h"
#include "workload.h"

/* How often hpstat, opening a command's counters, looks for a stop signal. */
#define STOP_CHECK_NS (10 * 1000 * 1000)

static const int stop_signals[WORKLOAD_N_STOP_SIGNALS] = { SIGINT, SIGTERM, SIGHUP };

uint64_t workload_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void run_reset(struct workload *w)
{
	w->launch = (struct launch){ .pid = -1, .pid_fd = -1 };
	w->end_requested = false;
	w->end_by_request = false;
	w->open_failed = false;
	w->setup_stopped = false;
}

/* The stop signals hpstat watches: those not ignored when it started (nohup's choice is
 * left alone: a blocked signal is queued even when ignored). */
static void stop_set_make(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < WORKLOAD_N_STOP_SIGNALS; i++) {
		struct sigaction now;

		if (sigaction(stop_signals[i], NULL, &now) == 0 && now.sa_handler != SIG_IGN)
			sigaddset(set, stop_signals[i]);
	}
}

void workload_block_stop_signals(sigset_t *old)
{
	sigset_t set;

	stop_set_make(&set);
	sigprocmask(SIG_BLOCK, &set, old);
}

int workload_init(struct workload *w, struct launcher *launcher, const sigset_t *mask_at_start,
		  struct hp_err *err)
{
	struct sigaction dfl;

	memset(w, 0, sizeof(*w));
	w->signal_fd = w->timer_fd = -1;
	run_reset(w);
	w->hpstat_pid = getpid();
	if (mask_at_start)
		w->mask_at_start = *mask_at_start;
	else
		sigprocmask(SIG_SETMASK, NULL, &w->mask_at_start);
	stop_set_make(&w->stop_set);
	/* Ignored SIGCHLD (or SA_NOCLDWAIT) makes the kernel reap children unasked, and with
	 * them their exit status and resource usage. */
	sigaction(SIGCHLD, NULL, &w->chld_at_start);
	w->launcher = launcher;
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &dfl, NULL);
	sigprocmask(SIG_BLOCK, &w->stop_set, NULL);
	w->signal_fd = signalfd(-1, &w->stop_set, SFD_NONBLOCK | SFD_CLOEXEC);
	w->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (w->signal_fd < 0 || w->timer_fd < 0) {
		err_set(err, "cannot watch for signals: %s", strerror(errno));
		workload_release(w);
		return -1;
	}
	if (launcher)
		launcher_watch_stop(launcher, w->signal_fd);
	return 0;
}

static int reap(pid_t pid)
{
	int status = 0;

	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

void workload_release(struct workload *w)
{
	struct signalfd_siginfo info;

	if (!w->hpstat_pid)
		return; /* never started, or released already */
	if (w->launch.pid > 0) {
		kill(w->launch.pid, SIGKILL);
		reap(w->launch.pid);
	}
	if (w->launch.pid_fd >= 0)
		close(w->launch.pid_fd);
	run_reset(w);
	/* No command comes after the session: a process made ahead goes; the launcher ends
	 * after the held counters are handed to it (measure), and main reaps it. */
	if (w->launcher) {
		launcher_retire(w->launcher, w->stop_signal != 0);
		launcher_watch_stop(w->launcher, -1);
	}
	if (w->signal_fd >= 0) {
		/* What was read is handled; what was not must not kill hpstat as it unblocks. */
		while (read(w->signal_fd, &info, sizeof(info)) == (ssize_t)sizeof(info))
			;
		close(w->signal_fd);
		w->signal_fd = -1;
		sigaction(SIGCHLD, &w->chld_at_start, NULL);
		sigprocmask(SIG_SETMASK, &w->mask_at_start, NULL);
	}
	if (w->timer_fd >= 0)
		close(w->timer_fd);
	w->timer_fd = -1;
	free(w->watches);
	w->watches = NULL;
	w->n_watches = w->cap_watches = 0;
	w->hpstat_pid = 0;
}

void workload_expect_starts(struct workload *w, uint64_t starts)
{
	w->starts_left = starts;
}

void workload_set_ticker(struct workload *w, uint64_t interval_ns, workload_tick_fn tick,
			 void *ctx)
{
	w->tick_ns = tick ? interval_ns : 0;
	w->next_tick_ns = tick ? workload_now_ns() + interval_ns : 0;
	w->tick = tick;
	w->tick_ctx = ctx;
}

int workload_watch_add(struct workload *w, struct workload_watch *watch, struct hp_err *err)
{
	if (w->n_watches == w->cap_watches) {
		size_t cap = w->cap_watches ? 2 * w->cap_watches : 8;
		struct workload_watch **grown = realloc(w->watches, cap * sizeof(*grown));

		if (!grown)
			return err_set(err, "out of memory");
		w->watches = grown;
		w->cap_watches = cap;
	}
	w->watches[w->n_watches++] = watch;
	return 0;
}

void workload_watches_clear(struct workload *w)
{
	w->n_watches = 0;
}

void workload_request_end(struct workload *w)
{
	if (w->end_requested)
		return;
	w->end_requested = true;
	if (w->launch.pid > 0) {
		/* Asked politely, as a timeout in a shell would; a stop signal after this one
		 * kills it (signals_read). */
		w->end_by_request = true;
		w->stop_forwarded = true;
		kill(w->launch.pid, SIGTERM);
	}
}

void workload_begin(struct workload *w)
{
	run_reset(w);
	w->stop_forwarded = false;
	w->launch.start_ns = workload_now_ns();
}

/* Whether the command still shares the process group that a terminal's Ctrl-C reached. */
static bool command_in_our_group(const struct workload *w)
{
	pid_t group = getpgid(w->launch.pid);

	return group >= 0 && group == getpgrp();
}

/* Reads every stop signal waiting on the signalfd. While a command runs, the first is passed
 * on to it and a later one kills it, so a command that ignores the first cannot hold hpstat. */
static void signals_read(struct workload *w)
{
	struct signalfd_siginfo info;

	while (read(w->signal_fd, &info, sizeof(info)) == (ssize_t)sizeof(info)) {
		int signo = (int)info.ssi_signo;

		if (!w->stop_signal)
			w->stop_signal = signo;
		if (w->launch.pid <= 0)
			continue;
		if (w->stop_forwarded) {
			kill(w->launch.pid, SIGKILL);
			continue;
		}
		w->stop_forwarded = true;
		/* A terminal sends Ctrl-C to its foreground process group (the kernel is the
		 * sender): a command still in hpstat's group has it already, and a second copy
		 * would read as a second Ctrl-C. */
		if (signo == SIGINT && info.ssi_code == SI_KERNEL && command_in_our_group(w))
			continue;
		kill(w->launch.pid, signo);
	}
}

int workload_stop_signal(struct workload *w)
{
	if (w->signal_fd >= 0)
		signals_read(w);
	return w->stop_signal;
}

bool workload_setup_stop_pending(struct workload *w)
{
	uint64_t now = workload_now_ns();

	if (now < w->next_stop_check_ns)
		return false;
	w->next_stop_check_ns = now + STOP_CHECK_NS;
	if (!workload_stop_signal(w))
		return false;
	w->setup_stopped = true;
	return true;
}

struct open_call {
	struct workload *w;
	workload_open_fn open;
	void *ctx;
};

/* Between the command's creation and its exec (launcher_open_fn): its counters, then a last
 * look for a stop signal, which the command must not outlive unstarted. */
static int open_before_exec(void *opaque, pid_t pid)
{
	struct open_call *call = opaque;

	if (call->open && call->open(call->ctx, call->w, pid))
		return -1;
	if (workload_stop_signal(call->w)) {
		call->w->setup_stopped = true;
		return -1;
	}
	return 0;
}

/* exec's ENOENT: the command is not there, or what it needs to start is not. */
static int not_found(const char *name, struct hp_err *err)
{
	char file[PATH_MAX], interpreter[PATH_MAX], *cr;

	if (!script_find(name, getenv("PATH"), file, sizeof(file)))
		return err_set(err, "cannot run '%s': command not found", name);
	if (!script_interpreter(file, interpreter, sizeof(interpreter)))
		return err_set(err, "cannot run '%s': %s is there, but not what it needs to start "
			       "(a program for another system, without its dynamic loader?)", name,
			       file);
	if ((cr = strchr(interpreter, '\r'))) {
		*cr = '\0';
		return err_set(err, "cannot run '%s': its #! line ends in a carriage return, so its "
			       "interpreter is '%s\\r', not found: give %s Unix line ends "
			       "(dos2unix)", name, interpreter, file);
	}
	/* The interpreter is there, so it lacks what it needs itself (a script's interpreter,
	 * a program's loader). */
	if (access(interpreter, F_OK) == 0)
		return err_set(err, "cannot run '%s': its interpreter %s (its #! line) is there, "
			       "but not what that needs to start", name, interpreter);
	return err_set(err, "cannot run '%s': its interpreter '%s' (its #! line) is not found",
		       name, interpreter);
}

/* The command did not run: its exec failed, or it was killed before it (status from its
 * reaping). -1 with err naming the command, or with setup_stopped and no err when a stop
 * signal killed it. */
static int not_run(struct workload *w, const char *name, int status, struct hp_err *err)
{
	int errnum = w->launch.exec_errno;
	struct stat st;

	/* "hpstat record ..." from a perf user: perf stat's subcommands, not a program. */
	if (errnum == ENOENT && (strcmp(name, "record") == 0 || strcmp(name, "report") == 0))
		return err_set(err, "cannot run '%s': command not found; perf stat's '%s' "
			       "subcommand is not in hpstat: save a result with --json -o FILE "
			       "and compare against it with --baseline FILE", name, name);
	if (errnum == ENOENT)
		return not_found(name, err);
	/* exec answers EACCES for a directory: say what it is. */
	if (errnum == EACCES && strchr(name, '/') && stat(name, &st) == 0 && S_ISDIR(st.st_mode))
		return err_set(err, "cannot run '%s': it is a directory", name);
	if (errnum)
		return err_set(err, "cannot run '%s': %s", name, strerror(errnum));
	/* Killed before its exec: by the Ctrl-C that reached hpstat too, or from outside. */
	if (workload_stop_signal(w)) {
		w->setup_stopped = true;
		return -1;
	}
	return err_set(err, "cannot run '%s': it was killed (%s) before it started", name,
		       WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "by its setup");
}

int workload_start(struct workload *w, char *const argv[], workload_open_fn open, void *ctx,
		   struct hp_err *err)
{
	struct open_call call = { .w = w, .open = open, .ctx = ctx };
	int status;

	run_reset(w);
	w->stop_forwarded = false;
	w->next_stop_check_ns = workload_now_ns() + STOP_CHECK_NS;
	if (w->starts_left)
		w->starts_left--;
	if (launcher_start(w->launcher, argv, open_before_exec, &call, &w->launch, err))
		return -1;
	if (w->launch.stopped) {
		/* A stop signal came before the launcher answered: no run began. */
		workload_stop_signal(w);
		w->setup_stopped = true;
		return -1;
	}
	w->open_failed = w->launch.open_failed && !w->setup_stopped;
	if (w->launch.running) {
		w->name = argv[0];
		return 0;
	}
	status = 0;
	if (w->launch.pid > 0)
		status = reap(w->launch.pid);
	if (w->launch.pid_fd >= 0)
		close(w->launch.pid_fd);
	w->launch.pid = w->launch.pid_fd = -1;
	if (w->open_failed || w->setup_stopped)
		return -1;
	return not_run(w, argv[0], status, err);
}

void workload_wait_exec(struct workload *w)
{
	if (!w->launch.running)
		return;
	launcher_exec_wait(w->launcher);
	launcher_collect(w->launcher, &w->launch);
}

/* Arms the timer for the earliest moment anything waits for (0: none). Absolute times: a
 * late wake-up does not push the next one later, so nothing drifts. */
static int timer_arm(const struct workload *w, uint64_t due_ns)
{
	struct itimerspec spec = { 0 };

	if (due_ns) {
		spec.it_value.tv_sec = (time_t)(due_ns / 1000000000u);
		spec.it_value.tv_nsec = (long)(due_ns % 1000000000u);
	}
	return timerfd_settime(w->timer_fd, due_ns ? TFD_TIMER_ABSTIME : 0, &spec, NULL);
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* The real and effective ids on a "Uid:" or "Gid:" line of a /proc status text. */
static bool status_ids(const char *text, const char *key, unsigned long *real,
		       unsigned long *effective)
{
	const char *line = strstr(text, key);

	return line && sscanf(line + strlen(key), "%lu %lu", real, effective) == 2;
}

/*
 * Whether the kernel detached the command's counters at an exec: it does when an exec leaves
 * a task's effective ids unlike its real ones (set-user-ID, set-group-ID), for a user who may
 * not count the result. A zombie keeps its credentials until it is reaped. The owner of its
 * /proc directory (its effective ids) answers the common case in one stat; only ids that
 * changed since the exec are looked at further, since a root command may also change them
 * itself (setpriv, runuser) and exec without losing its counters.
 */
static bool counters_detached(const struct workload *w)
{
	unsigned long ruid, euid, rgid, egid;
	char path[40], text[4096];
	struct stat st;
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d", (int)w->launch.pid);
	if (stat(path, &st) || (st.st_uid == w->launch.exec_euid && st.st_gid == w->launch.exec_egid))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/status", (int)w->launch.pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	got = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (got <= 0)
		return false;
	text[got] = '\0';
	if (!status_ids(text, "\nUid:", &ruid, &euid) || !status_ids(text, "\nGid:", &rgid, &egid))
		return false;
	return ruid != euid || rgid != egid;
}

/* Gives each watch its input and its moments, and the ticker its ticks, until now. */
static void watches_fire(struct workload *w, const struct pollfd *fds, uint64_t *next_tick_ns)
{
	uint64_t now = workload_now_ns();
	size_t i;

	if (*next_tick_ns && *next_tick_ns <= now) {
		w->tick(w->tick_ctx);
		while (*next_tick_ns <= now)
			*next_tick_ns += w->tick_ns;
	}
	for (i = 0; i < w->n_watches; i++) {
		struct workload_watch *watch = w->watches[i];

		if (fds[3 + i].revents)
			watch->fire(watch->ctx, watch, true, now);
		/* A watch late by several moments fires until it is no longer due: how far each
		 * firing moves it is the watch's to say. */
		while (watch->due_ns && watch->due_ns <= now && !w->end_requested) {
			uint64_t was = watch->due_ns;

			watch->fire(watch->ctx, watch, false, now);
			if (watch->due_ns == was)
				break;
		}
	}
}

int workload_wait(struct workload *w, struct workload_result *res, struct hp_err *err)
{
	struct pollfd *fds = calloc(3 + w->n_watches, sizeof(*fds));
	uint64_t expirations;
	bool alone = w->launch.pid <= 0;
	struct rusage usage = { 0 };
	struct cputime used;
	size_t i;
	int ret = -1;

	if (!fds)
		return err_set(err, "out of memory");
	fds[0] = (struct pollfd){ .fd = alone ? -1 : w->launch.pid_fd, .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = w->signal_fd, .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = w->timer_fd, .events = POLLIN };
	/* Signals that came while the child set up are read first: they are already due. */
	signals_read(w);
	for (;;) {
		uint64_t due = w->next_tick_ns;

		if (alone && (w->end_requested || w->stop_signal))
			break;
		for (i = 0; i < w->n_watches; i++) {
			fds[3 + i] = (struct pollfd){ .fd = w->watches[i]->fd, .events = POLLIN };
			due = earliest(due, w->watches[i]->due_ns);
		}
		if (timer_arm(w, due)) {
			err_set(err, "cannot start a timer: %s", strerror(errno));
			goto out;
		}
		if (poll(fds, 3 + w->n_watches, -1) < 0) {
			if (errno == EINTR)
				continue;
			err_set(err, "cannot wait for the command: %s", strerror(errno));
			goto out;
		}
		if (fds[1].revents)
			signals_read(w);
		if (fds[2].revents)
			(void)!read(w->timer_fd, &expirations, sizeof(expirations));
		watches_fire(w, fds, &w->next_tick_ns);
		if (fds[0].revents)
			break;
	}
	timer_arm(w, 0);
	memset(res, 0, sizeof(*res));
	if (alone) {
		res->exec_reached = true;
		res->wall_ns = workload_now_ns() - w->launch.start_ns;
		ret = 0;
		goto out;
	}
	/* It has ended: what its exec made of it is final now. */
	launcher_collect(w->launcher, &w->launch);
	res->counters_detached = counters_detached(w);
	while (wait4(w->launch.pid, &res->wait_status, 0, &usage) < 0) {
		if (errno != EINTR) {
			err_set(err, "cannot wait for the command: %s", strerror(errno));
			goto out;
		}
	}
	close(w->launch.pid_fd);
	w->launch.pid = w->launch.pid_fd = -1;
	res->exec_reached = w->launch.start_ns != 0 && !w->launch.exec_errno;
	/* A process killed by the stop signal before its exec is no run, and no failure. */
	if (!res->exec_reached && (w->launch.exec_errno || !workload_stop_signal(w))) {
		not_run(w, w->name, res->wait_status, err);
		goto out;
	}
	/* The next run's process is made while hpstat reads and keeps this run. */
	if (w->starts_left)
		launcher_prepare(w->launcher);
	res->wall_ns = res->exec_reached ? workload_now_ns() - w->launch.start_ns : 0;
	used = cputime_after(cputime_of_rusage(&usage), w->launch.setup);
	res->user_ns = used.user_ns;
	res->sys_ns = used.sys_ns;
	res->max_rss_kb = usage.ru_maxrss;
	res->ended_by_request = w->end_by_request;
	/* Signals that came with the end still count for the decision after this run. */
	signals_read(w);
	ret = 0;
out:
	free(fds);
	return ret;
}

int workload_exit_code(int wait_status)
{
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	return 125;
}
