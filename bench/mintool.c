/*
 * mintool: the least a counting tool can do for one run of a command, for overhead.sh's
 * case d. It is no tool: it shows what this machine allows a single `hpstat true` to cost,
 * so that a target below it reads as the machine's limit, not hpstat's.
 *
 * What it keeps is what a correct single run cannot do without:
 *  - the command starts from a fork of this small program, not from a clone of a larger
 *    one, so that its peak memory is its own (hpstat's launcher, for the same reason);
 *  - the default set's eight events are opened on the waiting child before its exec
 *    (enable_on_exec, inherit), the four software ones counting, the four hardware ones
 *    tried (refused where there is no PMU, as hpstat tries them);
 *  - the child is let go, waited for with wait4 (its times and peak memory), its counters
 *    read and printed.
 * What it leaves out is everything else hpstat does: names, options, statistics, metrics,
 * held counters, the launcher's later runs, a report worth reading.
 *
 * usage: mintool CMD [ARG...]   (a PATH search, as hpstat does)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
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

static int counter_open(const struct event *e, pid_t pid)
{
	struct perf_event_attr attr;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = e->type;
	attr.config = e->config;
	attr.disabled = 1;
	attr.enable_on_exec = 1;
	attr.inherit = 1;
	attr.exclude_guest = 1;
	attr.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	return (int)syscall(SYS_perf_event_open, &attr, pid, -1, -1, PERF_FLAG_FD_CLOEXEC);
}

int main(int argc, char **argv)
{
	int fds[N_EVENTS], go[2], status;
	struct rusage usage;
	pid_t pid;
	size_t i;
	char byte = 'g';

	if (argc < 2) {
		fputs("usage: mintool CMD [ARG...]\n", stderr);
		return 2;
	}
	if (pipe2(go, O_CLOEXEC)) {
		perror("mintool: pipe");
		return 1;
	}
	pid = fork();
	if (pid < 0) {
		perror("mintool: fork");
		return 1;
	}
	if (pid == 0) {
		/* Waits for the counters, then becomes the command. */
		close(go[1]);
		if (read(go[0], &byte, 1) == 1)
			execvp(argv[1], argv + 1);
		_exit(127);
	}
	for (i = 0; i < N_EVENTS; i++)
		fds[i] = counter_open(&events[i], pid);
	if (write(go[1], &byte, 1) != 1 || wait4(pid, &status, 0, &usage) != pid) {
		perror("mintool: the command");
		return 1;
	}
	for (i = 0; i < N_EVENTS; i++) {
		uint64_t value[3];

		if (fds[i] >= 0 && read(fds[i], value, sizeof(value)) == sizeof(value))
			fprintf(stderr, "%20llu  %s\n", (unsigned long long)value[0], events[i].name);
		else
			fprintf(stderr, "%20s  %s\n", "<not supported>", events[i].name);
	}
	fprintf(stderr, "%20ld  KiB peak\n", usage.ru_maxrss);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
