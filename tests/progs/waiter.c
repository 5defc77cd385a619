/* waiter: tell the test it runs, then sleep; the tests of stop signals use it to send a signal
 * at a point they know, never after a guessed delay. */
/*
 * usage: waiter [-s] [-f FILE] MS
 *
 * Writes "ready PID\n" to the descriptor named by $HP_READY_FD (when set), then sleeps MS
 * milliseconds in all, however often a signal interrupts it.
 *   -s       stubborn: catch SIGINT, SIGTERM and SIGHUP, write "signal N\n" for each and
 *            sleep on, so that only SIGKILL ends it early
 *   -f FILE  when FILE does not exist, create it and exit at once after "ready": the first
 *            of several runs is quick, the later ones sleep
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progs_args.h"

static int ready_fd = -1;

static void say(const char *what, long value)
{
	char line[64];
	int len = snprintf(line, sizeof(line), "%s %ld\n", what, value);

	/* One write per line: the test reads whole lines from a pipe. */
	if (ready_fd >= 0 && write(ready_fd, line, (size_t)len) != len)
		_exit(3);
}

static void on_stop(int signo)
{
	say("signal", signo);
}

static _Noreturn void usage(void)
{
	fputs("usage: waiter [-s] [-f FILE] MS\n", stderr);
	exit(2);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	const char *fd_text = getenv("HP_READY_FD"), *first_file = NULL;
	unsigned long ms, fd;
	long long end;
	int opt, stubborn = 0;

	while ((opt = getopt(argc, argv, "sf:")) != -1) {
		if (opt == 's')
			stubborn = 1;
		else if (opt == 'f')
			first_file = optarg;
		else
			usage();
	}
	if (optind + 1 != argc || !progs_parse_count(argv[optind], 3600UL * 1000, &ms))
		usage();
	if (fd_text && *fd_text) {
		if (!progs_parse_count(fd_text, 1024, &fd))
			usage();
		ready_fd = (int)fd;
	}
	if (stubborn) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_stop;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
		sigaction(SIGHUP, &sa, NULL);
	}
	say("ready", (long)getpid());
	if (first_file) {
		int made = open(first_file, O_WRONLY | O_CREAT | O_EXCL, 0644);

		if (made >= 0) {
			close(made);
			return 0;
		}
	}
	end = now_ms() + (long long)ms;
	for (long long left = (long long)ms; left > 0; left = end - now_ms()) {
		struct timespec req = { .tv_sec = left / 1000, .tv_nsec = (left % 1000) * 1000000 };

		if (nanosleep(&req, NULL) == -1 && errno != EINTR) {
			perror("waiter: nanosleep");
			return 1;
		}
	}
	return 0;
}
