/* workload.c - fork, corked exec, exec-error reporting and wait4 for the measured command. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "workload.h"

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int signo)
{
	stop_signal = signo;
}

int workload_signals_init(struct hp_err *err)
{
	static const int signals[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: wait4 must return so that a SIGTERM can be passed on. A handler
	 * (unlike SIG_IGN) is reset by exec, so the command gets the default behaviour. */
	for (i = 0; i < sizeof(signals) / sizeof(signals[0]); i++)
		if (sigaction(signals[i], &sa, NULL))
			return err_set(err, "cannot install a signal handler: %s", strerror(errno));
	return 0;
}

int workload_stop_signal(void)
{
	return stop_signal;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static uint64_t timeval_ns(const struct timeval *tv)
{
	return (uint64_t)tv->tv_sec * 1000000000u + (uint64_t)tv->tv_usec * 1000u;
}

/* The child: wait for the go byte, then exec; report an exec failure's errno through the
 * close-on-exec pipe (which closes unwritten when exec succeeds). Only async-signal-safe
 * calls and _exit from here on. */
static void child_run(int go_fd, int exec_fd, char *const argv[])
{
	char go;
	int errnum;

	if (read(go_fd, &go, 1) != 1)
		_exit(127); /* cancelled: the parent closed the pipe unwritten */
	close(go_fd);
	if (caps_drop_for_exec() == 0)
		execvp(argv[0], argv);
	errnum = errno;
	if (write(exec_fd, &errnum, sizeof(errnum)) < 0)
		_exit(127);
	_exit(127);
}

int workload_prepare(struct workload *w, char *const argv[], struct hp_err *err)
{
	int go_pipe[2], exec_pipe[2];

	if (pipe2(go_pipe, O_CLOEXEC))
		return err_set(err, "cannot create a pipe: %s", strerror(errno));
	if (pipe2(exec_pipe, O_CLOEXEC)) {
		close(go_pipe[0]);
		close(go_pipe[1]);
		return err_set(err, "cannot create a pipe: %s", strerror(errno));
	}
	w->pid = fork();
	if (w->pid < 0) {
		int errnum = errno;

		close(go_pipe[0]);
		close(go_pipe[1]);
		close(exec_pipe[0]);
		close(exec_pipe[1]);
		return err_set(err, "cannot fork: %s", strerror(errnum));
	}
	if (w->pid == 0) {
		close(go_pipe[1]);
		close(exec_pipe[0]);
		child_run(go_pipe[0], exec_pipe[1], argv);
	}
	close(go_pipe[0]);
	close(exec_pipe[1]);
	w->go_fd = go_pipe[1];
	w->exec_fd = exec_pipe[0];
	return 0;
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int workload_start(struct workload *w, const char *command, int *exec_errno,
		   struct hp_err *err)
{
	int errnum = 0;
	ssize_t got;

	*exec_errno = 0;
	w->start_ns = now_ns();
	if (write(w->go_fd, "g", 1) != 1) {
		errnum = errno;
		close(w->go_fd);
		close(w->exec_fd);
		reap(w->pid);
		return err_set(err, "cannot start '%s': %s", command, strerror(errnum));
	}
	close(w->go_fd);
	do
		got = read(w->exec_fd, &errnum, sizeof(errnum));
	while (got < 0 && errno == EINTR);
	close(w->exec_fd);
	if (got <= 0)
		return 0; /* closed unwritten: the exec succeeded */
	reap(w->pid);
	*exec_errno = errnum;
	if (errnum == ENOENT)
		return err_set(err, "cannot run '%s': command not found", command);
	return err_set(err, "cannot run '%s': %s", command, strerror(errnum));
}

void workload_cancel(struct workload *w)
{
	close(w->go_fd);
	close(w->exec_fd);
	reap(w->pid);
}

int workload_wait(struct workload *w, struct workload_result *res, struct hp_err *err)
{
	struct rusage usage;
	int forwarded = 0;

	for (;;) {
		pid_t got = wait4(w->pid, &res->wait_status, 0, &usage);

		if (got == w->pid)
			break;
		if (got < 0 && errno != EINTR)
			return err_set(err, "cannot wait for the command: %s", strerror(errno));
		if (stop_signal && stop_signal != SIGINT && !forwarded) {
			kill(w->pid, stop_signal);
			forwarded = 1;
		}
	}
	res->wall_ns = now_ns() - w->start_ns;
	res->user_ns = timeval_ns(&usage.ru_utime);
	res->sys_ns = timeval_ns(&usage.ru_stime);
	res->max_rss_kb = usage.ru_maxrss;
	return 0;
}

int workload_exit_code(int wait_status)
{
	if (WIFSIGNALED(wait_status))
		return 128 + WTERMSIG(wait_status);
	if (WIFEXITED(wait_status))
		return WEXITSTATUS(wait_status);
	return 125;
}
