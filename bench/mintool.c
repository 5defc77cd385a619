/*
 * mintool: the least a counting tool can do to run a command, for overhead.sh. It is no tool:
 * it shows what this machine allows hpstat to cost, so that a target below it reads as the
 * machine's limit, not hpstat's.
 *
 * One run (case d) keeps what a correct single run cannot do without:
 *  - the command starts from a fork of this small program, not from a clone of a larger
 *    one, so that its peak memory is its own (hpstat's launcher, for the same reason);
 *  - the default set's eight events are opened on the waiting child before its exec
 *    (enable_on_exec, inherit), the four software ones counting, the four hardware ones
 *    tried (refused where there is no PMU, as hpstat tries them);
 *  - the child is let go, waited for with wait4 (its times and peak memory), its counters
 *    read and printed.
 * With -r N (cases a and b) it runs the command N times the way a tool larger than the
 * command must, for each command's peak memory to be its own: a small launcher, forked at
 * the start, makes each run's process inside its own memory; the tool opens the counters on
 * it, lets it exec, waits, reads and closes them; one disabled counter of each software kind
 * is held for all the runs (hpstat's held counters). The launcher's process is made while the
 * tool reads the run before, as hpstat does.
 * What it leaves out is everything else hpstat does: names, options, statistics, metrics,
 * a report worth reading.
 *
 * usage: mintool [-r N] [-1] CMD [ARG...]   (a PATH search, as hpstat does; -1: task-clock
 * alone instead of the default set)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/perf_event.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

struct event {
	uint32_t type;
	uint64_t config;
	const char *name;
};

static const struct event events[] = {
	{ PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, "task-clock" },
	{ PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, "context-switches" },
	{ PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS, "cpu-migrations" },
	{ PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, "page-faults" },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, "cycles" },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, "instructions" },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS, "branches" },
	{ PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES, "branch-misses" },
};

#define N_EVENTS (sizeof(events) / sizeof(events[0]))
#define STACK_SIZE (256 * 1024)

static size_t n_events = N_EVENTS; /* -1: the first alone */

/* A counter of e on pid (0: this process): for the command, disabled until its exec and
 * inherited by its children; held, only disabled. */
static int counter_open(const struct event *e, pid_t pid, bool held)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = e->type;
	attr.config = e->config;
	attr.disabled = 1;
	attr.enable_on_exec = !held;
	attr.inherit = !held;
	attr.exclude_guest = 1;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	return (int)syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

static void counters_open(int *fds, pid_t pid)
{
	for (size_t i = 0; i < n_events; i++)
		fds[i] = counter_open(&events[i], pid, false);
}

/* Adds what each counter counted to sums[], and closes it. */
static void counters_take(int *fds, uint64_t *sums)
{
	for (size_t i = 0; i < n_events; i++) {
		uint64_t value[3];

		if (fds[i] < 0)
			continue;
		if (read(fds[i], value, sizeof(value)) == sizeof(value))
			sums[i] += value[0];
		close(fds[i]);
	}
}

static void report(const int *fds, const uint64_t *sums, unsigned long runs, long peak_kb)
{
	for (size_t i = 0; i < n_events; i++) {
		if (fds[i] >= 0)
			fprintf(stderr, "%20llu  %s\n", (unsigned long long)(sums[i] / runs),
				events[i].name);
		else
			fprintf(stderr, "%20s  %s\n", "<not supported>", events[i].name);
	}
	fprintf(stderr, "%20ld  KiB peak\n", peak_kb);
}

static int fail(const char *what)
{
	perror(what);
	return 1;
}

static int run_once(char **argv)
{
	int fds[N_EVENTS], go[2], status;
	uint64_t sums[N_EVENTS] = { 0 };
	struct rusage usage;
	pid_t pid;
	char byte = 'g';

	if (pipe2(go, O_CLOEXEC))
		return fail("mintool: pipe");
	pid = fork();
	if (pid < 0)
		return fail("mintool: fork");
	if (pid == 0) {
		/* Waits for the counters, then becomes the command. */
		close(go[1]);
		if (read(go[0], &byte, 1) == 1)
			execvp(argv[0], argv);
		_exit(127);
	}
	counters_open(fds, pid);
	if (write(go[1], &byte, 1) != 1 || wait4(pid, &status, 0, &usage) != pid)
		return fail("mintool: the command");
	counters_take(fds, sums);
	report(fds, sums, 1, usage.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

/* ---- -r N: through a launcher -------------------------------------------------------- */

static char **command;
static int to_launcher[2], to_tool[2], to_command[2];

/* The run's process, in the launcher's memory: says it is made, waits for its counters. */
static int command_main(void *unused)
{
	pid_t self = getpid();
	char byte;

	(void)unused;
	if (write(to_tool[1], &self, sizeof(self)) != sizeof(self) ||
	    read(to_command[0], &byte, 1) != 1)
		return 127;
	execvp(command[0], command);
	return 127;
}

/* Makes one process per request byte, as the tool's child (CLONE_PARENT), sharing the
 * descriptor table, until the tool closes the pipe. */
static _Noreturn void launcher_main(void)
{
	char *stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	char byte;

	if (stack == MAP_FAILED)
		_exit(1);
	/* The end of the requests is the tool's close of this pipe: hold no writer of it. */
	close(to_launcher[1]);
	while (read(to_launcher[0], &byte, 1) == 1)
		if (clone(command_main, stack + STACK_SIZE,
			  CLONE_VM | CLONE_PARENT | CLONE_FILES | SIGCHLD, NULL) < 0)
			_exit(1);
	_exit(0);
}

static int run_many(char **argv, unsigned long runs)
{
	int fds[N_EVENTS], held[N_EVENTS], status = 0;
	uint64_t sums[N_EVENTS] = { 0 };
	long peak = 0;
	pid_t launcher;

	command = argv;
	for (size_t i = 0; i < n_events; i++)
		held[i] = events[i].type == PERF_TYPE_SOFTWARE ? counter_open(&events[i], 0, true)
							       : -1;
	if (pipe2(to_launcher, O_CLOEXEC) || pipe2(to_tool, O_CLOEXEC) ||
	    pipe2(to_command, O_CLOEXEC))
		return fail("mintool: pipe");
	launcher = fork();
	if (launcher < 0)
		return fail("mintool: fork");
	if (launcher == 0)
		launcher_main();
	if (write(to_launcher[1], "r", 1) != 1)
		return fail("mintool: the launcher");
	for (unsigned long k = 0; k < runs; k++) {
		struct rusage usage;
		pid_t pid;

		if (read(to_tool[0], &pid, sizeof(pid)) != sizeof(pid))
			return fail("mintool: the launcher");
		counters_open(fds, pid);
		if (write(to_command[1], "g", 1) != 1 || wait4(pid, &status, 0, &usage) != pid)
			return fail("mintool: the command");
		if (k + 1 < runs && write(to_launcher[1], "r", 1) != 1)
			return fail("mintool: the launcher");
		counters_take(fds, sums);
		if (usage.ru_maxrss > peak)
			peak = usage.ru_maxrss;
	}
	close(to_launcher[1]);
	waitpid(launcher, NULL, 0);
	for (size_t i = 0; i < n_events; i++)
		if (held[i] >= 0)
			close(held[i]);
	report(fds, sums, runs, peak);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv)
{
	unsigned long runs = 0;
	bool bad = false;
	int opt;

	while ((opt = getopt(argc, argv, "+r:1")) != -1) {
		if (opt == 'r')
			bad |= (runs = strtoul(optarg, NULL, 10)) == 0;
		else if (opt == '1')
			n_events = 1;
		else
			bad = true;
	}
	if (bad || optind >= argc) {
		fputs("usage: mintool [-r N] [-1] CMD [ARG...]\n", stderr);
		return 2;
	}
	return runs ? run_many(argv + optind, runs) : run_once(argv + optind);
}
