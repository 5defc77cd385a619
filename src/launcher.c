/* launcher.c - the small process that starts each run's command (see launcher.h). */
#include <errno.h>
#include <fcntl.h>
#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "launcher.h"

extern char **environ;

/* The command's stack: execvp builds candidate paths on it, and for a script without "#!" a
 * copy of argv for /bin/sh, so it grows with the argument count: this, and room for as many
 * pointers as the shared mapping holds. Reserved, not committed. */
#define COMMAND_STACK_BASE (256 * 1024)
/* The launcher's own stack: a loop of read, clone and write (a sanitizer's interceptors
 * included). Reserved in hpstat, touched only by the launcher, in its copy. */
#define LAUNCHER_STACK (256 * 1024)
/* How long a launcher told to end may take before it is killed: closing the held software
 * counters takes it a millisecond or two; only a stopped or traced one takes longer. */
#define ENDING_MS 2000
/* The shared mapping: room for any command line and environment exec takes (ARG_MAX, a
 * quarter of the stack limit), within these bounds. Reserved, not committed: only the pages a
 * command line fills are ever memory. */
#define SHARED_MIN (256 * 1024)
#define SHARED_MAX (64 * 1024 * 1024)

/* The mapping hpstat, the launcher and the command's process all see. */
struct launch_shared {
	/* From the launcher and the command's process, for hpstat (pid_fd and open_failed are
	 * hpstat's to fill). */
	struct launch run;
	int clone_errno;
	/* The command's id from its creation to its exec (or end), when the kernel clears it
	 * and wakes hpstat's futex wait (CLONE_CHILD_SETTID, CLONE_CHILD_CLEARTID). */
	pid_t tid;
	/* From hpstat: the command line and the environment, pointers into this mapping (at
	 * the same address in all three: the launcher inherits it), the text after them. */
	char **argv, **envp;
	/* From hpstat, at the end: the descriptors whose last close the launcher takes
	 * (n_handed of them, in place of the strings), and whether a closer process does it. */
	size_t n_handed;
	bool handed_slow;
	char *slots[];
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void fd_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void pipe_close(int ends[2])
{
	fd_close(&ends[0]);
	fd_close(&ends[1]);
}

static void reap(pid_t pid)
{
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* pid <= 0 names no process of hpstat's: kill() and waitpid() would read it as "all". */
static void kill_reap(pid_t pid)
{
	if (pid <= 0)
		return;
	kill(pid, SIGKILL);
	reap(pid);
}

static int byte_write(int fd, char byte)
{
	ssize_t put;

	while ((put = write(fd, &byte, 1)) < 0 && errno == EINTR)
		;
	return put == 1 ? 0 : -1;
}

/* ---- the command's process: in the launcher's memory, until its exec ---------------------- */

/* Async-signal-safe calls only: it shares the launcher's memory, and the launcher waits in
 * read() meanwhile (it makes no process while this one may still run here). Every signal
 * stays blocked until the exec, as the launcher has them, so none is handled on this stack.
 * It ends by returning (clone then ends the process with that status), not by _exit(): a
 * sanitizer's bookkeeping before a noreturn call would take this stack for a corrupt one. */
static int command_main(void *opaque)
{
	const struct launcher *l = opaque;
	struct launch_shared *s = l->shared;
	struct rusage setup;
	char go = 0;

	s->run.pid = getpid();
	/* The command dies with hpstat, however hpstat ends. If hpstat is already gone, the
	 * parent-death signal would never come: then do not start at all. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != l->setup.hpstat_pid ||
	    caps_drop_for_exec())
		s->run.exec_errno = errno ? errno : EPERM;
	/* It always says it is made, so hpstat never waits for a process that ended; with an
	 * exec_errno it will not wait for hpstat's word: it ends. */
	if (byte_write(l->to_hpstat[1], 'c') || s->run.exec_errno)
		return 127;
	/* Made ahead of its run: it waits here until hpstat has the command line in place and
	 * its counters open. */
	while (read(l->to_command[0], &go, 1) < 0 && errno == EINTR)
		;
	if (go != 'g')
		return 127;
	s->run.exec_euid = geteuid();
	s->run.exec_egid = getegid();
	/* What hpstat started with, not what it set for itself (exec keeps an ignored signal
	 * ignored and resets handled ones). */
	sigaction(SIGPIPE, &l->setup.pipe_at_start, NULL);
	sigaction(SIGCHLD, &l->setup.chld_at_start, NULL);
	/* A Ctrl-C the terminal sent while it waited ends it here, before the clock starts:
	 * then no run began. */
	sigprocmask(SIG_SETMASK, &l->setup.mask_at_start, NULL);
	s->run.start_ns = now_ns();
	/* wait4 will report the process's whole life; what it spent until here is hpstat's.
	 * Read after the clock started, so that no CPU time of the process (a page fault of
	 * this first process of a fresh launcher, on a loaded machine) falls outside both the
	 * wall time and what is taken out: the command's CPU time never exceeds its wall time. */
	if (getrusage(RUSAGE_SELF, &setup) == 0)
		s->run.setup = cputime_of_rusage(&setup);
	execvpe(s->argv[0], s->argv, s->envp);
	s->run.exec_errno = errno;
	return 127;
}

/* ---- the launcher ---------------------------------------------------------------------- */

/* A stack for the command's process with an inaccessible page below it, so an overflow faults
 * there instead of writing over the launcher's memory. */
static int command_stack_reserve(struct launcher *l)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t size = COMMAND_STACK_BASE + 2 * l->shared_size;
	char *stack;

	size = (size + page - 1) / page * page + page;
	if (l->command_stack)
		return 0;
	stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (stack == MAP_FAILED)
		return -1;
	if (mprotect(stack, page, PROT_NONE)) {
		munmap(stack, size);
		return -1;
	}
	l->command_stack = stack;
	l->command_stack_size = size;
	return 0;
}

/* CLONE_VM: the process starts in the launcher's small memory (no copy of it). No
 * CLONE_VFORK: the launcher goes back to wait for the next request at once, and is not woken
 * at the exec to take the CPU from the command as it starts (a few percent of every run
 * here). The next request comes only once hpstat has reaped this process, so the command
 * stack is never used twice at a time. CLONE_PARENT: it is hpstat's child.
 * CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID: the word hpstat waits on for the end of a process
 * it did not let go to its exec. CLONE_PARENT_SETTID: its pid, for hpstat to reap it even if
 * the launcher is killed before the process has run (launcher_kill).
 * CLONE_FILES: the table hpstat shares; exec gives the command a private copy, so closing
 * descriptors on exec closes none of hpstat's. No CLONE_PIDFD: the launcher keeps the
 * open-file limit hpstat started with (the command's), which hpstat's counters may exceed in
 * the shared table; hpstat opens the pidfd itself. */
static void command_clone(struct launcher *l)
{
	struct launch_shared *s = l->shared;
	pid_t pid;

	if (command_stack_reserve(l)) {
		s->clone_errno = errno;
		return;
	}
	pid = clone(command_main, l->command_stack + l->command_stack_size,
		    CLONE_VM | CLONE_PARENT | CLONE_FILES | CLONE_PARENT_SETTID |
			    CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD,
		    l, &s->run.pid, NULL, &s->tid);
	if (pid < 0)
		s->clone_errno = errno;
}

static int fd_compare(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

/* Closes every descriptor but fds (sorted here), so that nothing of hpstat's (a pipe to a
 * reader waiting for the end of hpstat's output) stays open in this process. */
static void descriptors_keep_only(int *fds, size_t n)
{
	unsigned int from = 0;
	size_t i;

	qsort(fds, n, sizeof(*fds), fd_compare);
	for (i = 0; i < n; i++) {
		if ((unsigned int)fds[i] > from)
			close_range(from, (unsigned int)fds[i] - 1, 0);
		from = (unsigned int)fds[i] + 1;
	}
	close_range(from, ~0u, 0);
}

static void descriptors_close(const int *fds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		close(fds[i]);
}

/* The end ('e'): hpstat's table is its own by now, so this one is the launcher's alone. It
 * keeps only the handed descriptors and closes them, the last of their users: in a process
 * of its own when that is slow, so that the launcher ends at once for hpstat to reap. */
static void launcher_end(struct launcher *l)
{
	struct launch_shared *s = l->shared;
	int *fds = (int *)(void *)s->slots;

	descriptors_keep_only(fds, s->n_handed);
	if (s->handed_slow && fork() == 0) {
		descriptors_close(fds, s->n_handed);
		_exit(0);
	}
	if (!s->handed_slow)
		descriptors_close(fds, s->n_handed);
}

/* The launcher: a copy of hpstat (no CLONE_VM) sharing its descriptor table, with every
 * signal blocked. It makes one command process per request ('c' from the process says it is
 * made; 'd' from the launcher that it could not be), and ends when hpstat says so or
 * exits. */
static int launcher_main(void *opaque)
{
	struct launcher *l = opaque;
	char request;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != l->setup.hpstat_pid)
		return 0;
	/* hpstat opens every counter itself: a file capability has no use here, and this
	 * process lives as long as hpstat does. */
	caps_drop_all();
	for (;;) {
		ssize_t got = read(l->to_launcher[0], &request, 1);

		if (got < 0 && errno == EINTR)
			continue;
		if (got == 1 && request == 'e') {
			launcher_end(l);
			return 0;
		}
		if (got != 1 || request != 'r')
			return 0;
		command_clone(l);
		if (l->shared->clone_errno && byte_write(l->to_hpstat[1], 'd'))
			return 0;
	}
}

/* ---- hpstat's side --------------------------------------------------------------------- */

/* The bytes argv and envp take in the mapping: their pointers, NULL-ended, and their text. */
static size_t strings_size(char *const strings[], size_t *n)
{
	size_t size = sizeof(char *), i;

	for (i = 0; strings[i]; i++)
		size += sizeof(char *) + strlen(strings[i]) + 1;
	*n = i;
	return size;
}

/* Copies strings into the mapping: their pointers at *slot, their text at *text. */
static char **strings_store(char *const strings[], size_t n, char ***slot, char **text)
{
	char **first = *slot;
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = strlen(strings[i]) + 1;

		memcpy(*text, strings[i], len);
		(*slot)[i] = *text;
		*text += len;
	}
	(*slot)[n] = NULL;
	*slot += n + 1;
	return first;
}

/* The command line and hpstat's environment as it is now (what --control set included), or
 * -1 when they do not fit: more than exec itself would take. */
static int command_store(struct launcher *l, char *const argv[])
{
	struct launch_shared *s = l->shared;
	size_t argc, envc, room = l->shared_size - offsetof(struct launch_shared, slots);
	size_t need = strings_size(argv, &argc) + strings_size(environ, &envc);
	char **slot = s->slots, *text;

	if (need > room)
		return -1;
	text = (char *)&s->slots[argc + 1 + envc + 1];
	s->argv = strings_store(argv, argc, &slot, &text);
	s->envp = strings_store(environ, envc, &slot, &text);
	return 0;
}

static size_t shared_size(void)
{
	long arg_max = sysconf(_SC_ARG_MAX), page = sysconf(_SC_PAGESIZE);
	size_t size = arg_max < SHARED_MIN ? SHARED_MIN :
		      (size_t)arg_max > SHARED_MAX ? SHARED_MAX : (size_t)arg_max;

	size += offsetof(struct launch_shared, slots);
	return (size + (size_t)page - 1) / (size_t)page * (size_t)page;
}

static int launcher_make(struct launcher *l, struct hp_err *err)
{
	size_t size = shared_size();
	sigset_t all, old;
	void *shared, *stack;
	int errnum;

	shared = mmap(NULL, size, PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	stack = mmap(NULL, LAUNCHER_STACK, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (shared != MAP_FAILED) {
		l->shared = shared;
		l->shared_size = size;
	}
	if (stack != MAP_FAILED) {
		l->stack = stack;
		l->stack_size = LAUNCHER_STACK;
	}
	if (shared == MAP_FAILED || stack == MAP_FAILED || pipe2(l->to_launcher, O_CLOEXEC) ||
	    pipe2(l->to_hpstat, O_CLOEXEC) || pipe2(l->to_command, O_CLOEXEC))
		goto fail;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	l->pid = clone(launcher_main, l->stack + l->stack_size, CLONE_FILES | CLONE_PIDFD | SIGCHLD,
		       l, &l->pid_fd);
	errnum = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (l->pid < 0) {
		l->pid = -1;
		errno = errnum;
		goto fail;
	}
	l->requested = false;
	launcher_prepare(l);
	return 0;
fail:
	errnum = errno;
	launcher_close(l);
	return err_set(err, "cannot start a process: %s", strerror(errnum));
}

int launcher_open(struct launcher *l, const struct sigaction *pipe_at_start, struct hp_err *err)
{
	memset(l, 0, sizeof(*l));
	l->pid = -1;
	l->pid_fd = -1;
	l->stop_fd = -1;
	l->to_launcher[0] = l->to_launcher[1] = -1;
	l->to_hpstat[0] = l->to_hpstat[1] = -1;
	l->to_command[0] = l->to_command[1] = -1;
	l->setup.hpstat_pid = getpid();
	l->setup.pipe_at_start = *pipe_at_start;
	sigprocmask(SIG_SETMASK, NULL, &l->setup.mask_at_start);
	sigaction(SIGCHLD, NULL, &l->setup.chld_at_start);
	return launcher_make(l, err);
}

void launcher_prepare(struct launcher *l)
{
	if (l->pid <= 0 || l->requested)
		return;
	l->shared->run = (struct launch){ .pid = -1, .pid_fd = -1 };
	l->shared->clone_errno = 0;
	l->requested = byte_write(l->to_launcher[1], 'r') == 0;
}

void launcher_watch_stop(struct launcher *l, int stop_fd)
{
	l->stop_fd = stop_fd;
}

/* What message_next() returns when a stop signal came first, or the time ran out. */
#define MESSAGE_NONE 's'

/* The next byte from the command's process or the launcher, waiting at most timeout_ms (-1:
 * no limit); -1 when the launcher ended, MESSAGE_NONE when a stop signal is waiting (a
 * message already there comes first) or none came in time. */
static int message_next(struct launcher *l, int timeout_ms)
{
	struct pollfd fds[3] = { { .fd = l->to_hpstat[0], .events = POLLIN },
				 { .fd = l->pid_fd, .events = POLLIN },
				 { .fd = l->stop_fd, .events = POLLIN } };
	char byte;

	for (;;) {
		int ready = poll(fds, 3, timeout_ms);

		if (ready < 0 && errno == EINTR)
			continue;
		if (ready < 0)
			return -1;
		if (ready == 0)
			return MESSAGE_NONE;
		if (fds[0].revents) {
			ssize_t got = read(l->to_hpstat[0], &byte, 1);

			if (got == 1)
				return byte;
			if (got < 0 && errno == EINTR)
				continue;
			return -1;
		}
		if (fds[1].revents)
			return -1;
		if (fds[2].revents)
			return MESSAGE_NONE;
	}
}

/* Until the command's process has exec'd or ended (a few microseconds after its word). */
static void exec_wait(struct launch_shared *s)
{
	pid_t tid;

	while ((tid = __atomic_load_n(&s->tid, __ATOMIC_ACQUIRE)) != 0)
		syscall(SYS_futex, &s->tid, FUTEX_WAIT, tid, NULL, NULL, 0);
}

/* Kills and reaps the launcher, and the process it made for a request, if any: clone names
 * that in the mapping before it returns in the launcher (CLONE_PARENT_SETTID), so once the
 * launcher is reaped, a process that never ran is known too. */
static void launcher_kill(struct launcher *l)
{
	kill_reap(l->pid);
	l->pid = -1;
	if (l->requested && l->shared->run.pid > 0)
		kill_reap(l->shared->run.pid);
	l->requested = false;
}

/* A process made ahead for a run that will not come: told not to exec, and reaped. A
 * launcher that does not say it is made in time (stopped from outside) is killed: at once
 * when hpstat is stopping, when the stop signal it waits with may have been read already. */
static void prepared_dismiss(struct launcher *l, bool stopping)
{
	struct launch_shared *s = l->shared;
	int message = message_next(l, stopping ? 0 : ENDING_MS);

	if (message == MESSAGE_NONE) {
		launcher_kill(l);
		return;
	}
	l->requested = false;
	if (message != 'c') {
		/* The launcher ended: a process it made is hpstat's child still. */
		kill_reap(s->run.pid);
		return;
	}
	if (s->run.exec_errno || byte_write(l->to_command[1], 'x') == 0)
		exec_wait(s);
	kill_reap(s->run.pid);
}

void launcher_retire(struct launcher *l, bool stopping)
{
	if (l->pid > 0 && l->requested)
		prepared_dismiss(l, stopping);
}

int launcher_hand_over(struct launcher *l, const int *fds, size_t n, bool slow)
{
	struct launch_shared *s = l->shared;

	if (l->pid <= 0 || l->requested ||
	    n > (l->shared_size - offsetof(struct launch_shared, slots)) / sizeof(int))
		return -1;
	/* The launcher keeps the table they shared; hpstat goes on with a copy. */
	if (unshare(CLONE_FILES))
		return -1;
	memcpy(s->slots, fds, n * sizeof(int));
	s->n_handed = n;
	s->handed_slow = slow;
	/* hpstat's table holds the pipe's reading end too: the word is written even to a
	 * launcher killed during the last run. Then no copy of fds but hpstat's is left, and
	 * hpstat's close below is slow; launcher_close reaps the dead launcher. */
	if (byte_write(l->to_launcher[1], 'e')) {
		s->n_handed = 0;
		return -1;
	}
	l->ending = true;
	descriptors_close(fds, n);
	return 0;
}

void launcher_close(struct launcher *l)
{
	/* Told to end, it is not killed at once: killed before its closer process took the
	 * handed descriptors, it would close them in its exit, and hpstat would wait for
	 * that. It ends within milliseconds; one that does not (stopped, traced) is killed,
	 * so that hpstat never hangs on it. */
	if (l->pid > 0 && l->ending) {
		struct pollfd ended = { .fd = l->pid_fd, .events = POLLIN };

		while (poll(&ended, 1, ENDING_MS) < 0 && errno == EINTR)
			;
		if (!ended.revents)
			kill(l->pid, SIGKILL);
		reap(l->pid);
	} else if (l->pid > 0) {
		launcher_retire(l, false);
		kill_reap(l->pid); /* -1 (nothing) when retiring killed it */
	}
	l->ending = false;
	l->pid = -1;
	fd_close(&l->pid_fd);
	pipe_close(l->to_launcher);
	pipe_close(l->to_hpstat);
	pipe_close(l->to_command);
	if (l->shared)
		munmap(l->shared, l->shared_size);
	l->shared = NULL;
	l->shared_size = 0;
	if (l->stack)
		munmap(l->stack, l->stack_size);
	l->stack = NULL;
	l->stack_size = 0;
}

/* The launcher ended by itself (killed from outside): the command's process, if it was made,
 * goes too, and the next start makes a new launcher. */
static int launcher_lost(struct launcher *l, struct hp_err *err)
{
	if (l->shared->run.pid > 0)
		kill_reap(l->shared->run.pid);
	launcher_close(l);
	return err_set(err, "cannot start the command: the process that starts it ended "
		       "unexpectedly (killed from outside hpstat?)");
}

/* Tells the waiting process to exec ('g') or not ('x'); kills and reaps it when the word
 * cannot be written. */
static int command_tell(struct launcher *l, char word, struct hp_err *err)
{
	int errnum;

	if (byte_write(l->to_command[1], word) == 0)
		return 0;
	errnum = errno;
	kill_reap(l->shared->run.pid);
	return err_set(err, "cannot start the command: %s", strerror(errnum));
}

/* A process not let go to its exec (told not to, or its setup failed): once it has ended,
 * what it did. */
static int launch_ended(const struct launcher *l, int pid_fd, bool refused, struct launch *out)
{
	exec_wait(l->shared);
	out->pid = l->shared->run.pid;
	out->pid_fd = pid_fd;
	out->open_failed = refused;
	launcher_collect(l, out);
	return 0;
}

int launcher_start(struct launcher *l, char *const argv[], launcher_open_fn open, void *ctx,
		   struct launch *out, struct hp_err *err)
{
	struct launch_shared *s;
	int message, pid_fd;
	bool refused;

	*out = (struct launch){ .pid = -1, .pid_fd = -1 };
	/* Made when hpstat started (main), where it is smallest; again only if it was lost. */
	if (l->pid <= 0 && launcher_make(l, err))
		return -1;
	s = l->shared;
	if (command_store(l, argv)) {
		out->exec_errno = E2BIG; /* as exec would answer; no process was made */
		return 0;
	}
	launcher_prepare(l);
	if (!l->requested)
		return launcher_lost(l, err);
	/* Usually there already: the process was made while hpstat finished the last run. */
	message = message_next(l, -1);
	if (message == MESSAGE_NONE) {
		/* No run begins: the launcher may be stopped from outside, and waiting for it
		 * would hold hpstat and its Ctrl-C for good. A next start makes a new one. */
		launcher_kill(l);
		launcher_close(l);
		out->stopped = true;
		return 0;
	}
	l->requested = false;
	if (message == 'd')
		return err_set(err, "cannot start a process: %s", strerror(s->clone_errno));
	if (message != 'c')
		return launcher_lost(l, err);
	/* Its privilege drop failed: it ends by itself, without hpstat's word. */
	if (s->run.exec_errno)
		return launch_ended(l, -1, false, out);
	/* hpstat's child, not reaped yet: its id cannot name another process meanwhile. */
	pid_fd = (int)syscall(SYS_pidfd_open, s->run.pid, 0);
	if (pid_fd < 0) {
		int errnum = errno;

		kill_reap(s->run.pid);
		return err_set(err, "cannot watch the command: %s", strerror(errnum));
	}
	refused = open && open(ctx, s->run.pid) != 0;
	if (command_tell(l, refused ? 'x' : 'g', err)) {
		close(pid_fd);
		return -1;
	}
	if (refused)
		return launch_ended(l, pid_fd, true, out);
	/* Let go: hpstat does not wait for the exec (being woken then would take the CPU from
	 * the command as it starts); what the exec made of it is read once it ends
	 * (launcher_collect). */
	*out = (struct launch){ .pid = s->run.pid, .pid_fd = pid_fd, .running = true };
	return 0;
}

void launcher_exec_wait(const struct launcher *l)
{
	exec_wait(l->shared);
}

void launcher_collect(const struct launcher *l, struct launch *out)
{
	const struct launch *run = &l->shared->run;

	out->start_ns = run->start_ns;
	out->setup = run->setup;
	out->exec_euid = run->exec_euid;
	out->exec_egid = run->exec_egid;
	out->exec_errno = run->exec_errno;
}
