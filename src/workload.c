/* workload.c - clone-and-exec of the measured command, signals, and wait4. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "workload.h"

/* The child's stack: execvp builds candidate paths on it, and for a script without "#!" a
 * copy of argv for /bin/sh, so it grows with the argument count. */
#define CHILD_STACK_BASE (256 * 1024)

static const int stop_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define N_STOP_SIGNALS (sizeof(stop_signals) / sizeof(stop_signals[0]))

static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int signo)
{
	stop_signal = signo;
}

int workload_signals_init(struct workload *w, struct hp_err *err)
{
	struct sigaction sa, old;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: wait4 must return so that a SIGTERM can be passed on. */
	for (i = 0; i < N_STOP_SIGNALS; i++) {
		if (sigaction(stop_signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
			w->ignored[i] = true;
			continue;
		}
		if (sigaction(stop_signals[i], &sa, NULL))
			return err_set(err, "cannot install a signal handler: %s", strerror(errno));
	}
	/* A reader that went away (hpstat -o - ... | head) must turn into a write error that
	 * hpstat reports, not a silent death; the child gets SIGPIPE's default back. */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int workload_stop_signal(void)
{
	return stop_signal;
}

void workload_init(struct workload *w)
{
	memset(w, 0, sizeof(*w));
	w->pid = -1;
}

void workload_release(struct workload *w)
{
	if (w->stack)
		munmap(w->stack, w->stack_size);
	workload_init(w);
}

/* A stack for the child with an inaccessible page below it, so an overflow faults in the child
 * instead of writing over hpstat's memory. */
static int stack_reserve(struct workload *w, char *const argv[], struct hp_err *err)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE), argc = 0, size;
	char *stack;

	while (argv[argc])
		argc++;
	size = CHILD_STACK_BASE + 2 * (argc + 2) * sizeof(char *);
	size = (size + page - 1) / page * page + page;
	if (w->stack && w->stack_size >= size)
		return 0;
	if (w->stack)
		munmap(w->stack, w->stack_size);
	w->stack = NULL;
	stack = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
		     -1, 0);
	if (stack == MAP_FAILED)
		return err_set(err, "cannot allocate a stack for the command: %s",
			       strerror(errno));
	if (mprotect(stack, page, PROT_NONE)) {
		munmap(stack, size);
		return err_set(err, "cannot protect the command's stack: %s", strerror(errno));
	}
	w->stack = stack;
	w->stack_size = size;
	return 0;
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

struct child_args {
	struct workload *w;
	char *const *argv;
	workload_hook_fn hook;
	void *ctx;
	const sigset_t *mask; /* hpstat's mask before it blocked everything for the clone */
};

/* The child. It runs on its own stack inside hpstat's memory while hpstat is suspended
 * (CLONE_VFORK), so its writes to *w are how it reports back. Async-signal-safe calls only. */
static int child_main(void *opaque)
{
	const struct child_args *a = opaque;
	struct sigaction dfl;
	size_t i;

	/* The command gets default dispositions and hpstat's original mask; until then every
	 * signal stays blocked so that hpstat's handlers never run on this stack. */
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (i = 0; i < N_STOP_SIGNALS; i++)
		if (!a->w->ignored[i])
			sigaction(stop_signals[i], &dfl, NULL);
	sigaction(SIGPIPE, &dfl, NULL); /* exec keeps an ignored signal ignored */
	if (a->hook(a->ctx)) {
		a->w->hook_failed = true;
		_exit(127);
	}
	sigprocmask(SIG_SETMASK, a->mask, NULL);
	if (caps_drop_for_exec() == 0) {
		struct rusage setup;

		/* wait4 will report the child's whole life; what it spent here is hpstat's. */
		if (getrusage(RUSAGE_SELF, &setup) == 0) {
			a->w->setup_user_ns = timeval_ns(&setup.ru_utime);
			a->w->setup_sys_ns = timeval_ns(&setup.ru_stime);
		}
		a->w->start_ns = now_ns();
		execvp(a->argv[0], a->argv);
	}
	a->w->exec_errno = errno ? errno : EPERM;
	_exit(127);
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

int workload_start(struct workload *w, char *const argv[], workload_hook_fn hook, void *ctx,
		   struct hp_err *err)
{
	sigset_t all, old;
	struct child_args args = { .w = w, .argv = argv, .hook = hook, .ctx = ctx, .mask = &old };
	int errnum;

	w->exec_errno = 0;
	w->hook_failed = false;
	w->start_ns = 0;
	w->setup_user_ns = w->setup_sys_ns = 0;
	if (stack_reserve(w, argv, err))
		return -1;
	/* CLONE_VM | CLONE_VFORK: no copy of hpstat's address space (whose page tables cost
	 * more to copy than the rest of a run), and hpstat sleeps until the child has exec'd.
	 * CLONE_FILES: the counters the hook opens land in hpstat's descriptor table; exec gives
	 * the child a private copy, so closing them on exec does not close hpstat's. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	w->pid = clone(child_main, w->stack + w->stack_size,
		       CLONE_VM | CLONE_VFORK | CLONE_FILES | SIGCHLD, &args);
	errnum = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (w->pid < 0)
		return err_set(err, "cannot start a process: %s", strerror(errnum));
	if (!w->hook_failed && !w->exec_errno)
		return 0;
	reap(w->pid);
	if (w->hook_failed)
		return -1;
	if (w->exec_errno == ENOENT)
		return err_set(err, "cannot run '%s': command not found", argv[0]);
	return err_set(err, "cannot run '%s': %s", argv[0], strerror(w->exec_errno));
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
	res->exec_reached = w->start_ns != 0;
	res->wall_ns = res->exec_reached ? now_ns() - w->start_ns : 0;
	res->user_ns = timeval_ns(&usage.ru_utime);
	res->sys_ns = timeval_ns(&usage.ru_stime);
	res->user_ns -= res->user_ns > w->setup_user_ns ? w->setup_user_ns : res->user_ns;
	res->sys_ns -= res->sys_ns > w->setup_sys_ns ? w->setup_sys_ns : res->sys_ns;
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
