/* spawnloop: run a command COUNT times with fork+execvp+waitpid, the baseline for overhead.sh. */
/* fork and execvp are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static _Noreturn void usage(void)
{
	fputs("usage: spawnloop COUNT CMD [ARG...]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long count;
	char *end;
	int status;

	if (argc < 3 || argv[1][0] < '0' || argv[1][0] > '9')
		usage();
	errno = 0;
	count = strtoul(argv[1], &end, 10);
	if (errno || *end)
		usage();

	/*
	 * Exactly the per-run work a stat tool cannot avoid (fork, PATH lookup,
	 * exec, reap) and nothing else, so the difference to hpstat is its own cost.
	 */
	for (unsigned long i = 0; i < count; i++) {
		pid_t pid = fork();

		if (pid == -1) {
			perror("spawnloop: fork");
			return 1;
		}
		if (pid == 0) {
			execvp(argv[2], argv + 2);
			perror("spawnloop: execvp");
			_exit(127);
		}
		while (waitpid(pid, &status, 0) == -1) {
			if (errno != EINTR) {
				perror("spawnloop: waitpid");
				return 1;
			}
		}
		/* A failing command would make the baseline meaningless; stop early. */
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "spawnloop: %s failed (status 0x%x)\n", argv[2], status);
			return 1;
		}
	}
	return 0;
}
