/* kill_self: die from signal SIGNUM with its default action, for signal-exit tests. */
/* sigaction and setrlimit are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "progs_args.h"

/* Distinct from 0-2 so a test can tell "signal did not kill" from other outcomes. */
#define SURVIVED_EXIT	3

static _Noreturn void usage(void)
{
	fputs("usage: kill_self SIGNUM\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	struct rlimit nocore = { 0, 0 };
	struct sigaction sa;
	sigset_t set;
	unsigned long sig;

	/* 1..NSIG - 1, without a leading zero. */
	if (argc != 2 || argv[1][0] == '0' || !progs_parse_count(argv[1], NSIG - 1, &sig))
		usage();

	/* Core-dumping signals (SIGSEGV, SIGABRT...) must not litter the test's cwd. */
	if (setrlimit(RLIMIT_CORE, &nocore) == -1) {
		perror("kill_self: setrlimit");
		return 1;
	}

	/* The parent may have left the signal ignored or blocked; undo both. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction((int)sig, &sa, NULL);	/* fails harmlessly for SIGKILL/SIGSTOP */
	sigemptyset(&set);
	sigaddset(&set, (int)sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);

	raise((int)sig);

	/* Reached for signals whose default action is to ignore (SIGCHLD, SIGURG...). */
	fprintf(stderr, "kill_self: signal %lu did not terminate the process\n", sig);
	return SURVIVED_EXIT;
}
