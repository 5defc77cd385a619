/*
 * spawnloop: run a command COUNT times, one after another, with posix_spawnp and waitpid.
 * It is the floor for overhead.sh: glibc's posix_spawn starts the child the vfork way
 * (it shares the parent's memory until exec instead of copying its page tables), the
 * cheapest standard way to start a process. It does still reset every signal handler in
 * the child, about a hundred rt_sigaction calls, which a tool with its own clone skips.
 * overhead.sh also runs a tool under it (COUNT single runs of `hpstat true`), so that
 * a shell's own cost per start does not hide the tool's.
 *
 * With -m it then prints the largest peak resident set of the commands it ran, in KiB
 * (getrusage RUSAGE_CHILDREN). A child's peak also counts the memory of the process it
 * was started from, at the moment of its exec; this loop is small, so what it prints is
 * the command's own, where a measurer like python3 would add its ~14 MiB to every child.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

extern char **environ;

static _Noreturn void usage(void)
{
	fputs("usage: spawnloop [-m] COUNT CMD [ARG...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count;
	char *end;
	int status;
	int peak = argc > 1 && strcmp(argv[1], "-m") == 0;

	argc -= peak;
	argv += peak;
	if (argc < 3 || argv[1][0] < '0' || argv[1][0] > '9')
		usage();
	errno = 0;
	count = strtoul(argv[1], &end, 10);
	if (errno || *end)
		usage();

	/*
	 * Exactly the per-run work a stat tool cannot avoid (start with a PATH lookup,
	 * exec, reap) and nothing else, so the difference to the tool is its own cost.
	 */
	for (unsigned long i = 0; i < count; i++) {
		pid_t pid;
		int err = posix_spawnp(&pid, argv[2], NULL, NULL, argv + 2, environ);

		/* glibc reports a failed exec here too, not as exit status 127. */
		if (err) {
			fprintf(stderr, "spawnloop: %s: %s\n", argv[2], strerror(err));
			return 1;
		}
		while (waitpid(pid, &status, 0) == -1) {
			if (errno != EINTR) {
				perror("spawnloop: waitpid");
				return 1;
			}
		}
		/* A failing command would make the floor meaningless; stop early. */
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "spawnloop: %s failed (status 0x%x)\n", argv[2], status);
			return 1;
		}
	}
	if (peak) {
		struct rusage ru;

		if (getrusage(RUSAGE_CHILDREN, &ru) == -1) {
			perror("spawnloop: getrusage");
			return 1;
		}
		/* ru_maxrss is in KiB on Linux. */
		printf("%ld\n", ru.ru_maxrss);
	}
	return 0;
}
