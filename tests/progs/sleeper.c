/* sleeper: block in nanosleep N times, giving about N voluntary context switches. */
/* nanosleep is not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "progs_args.h"

static _Noreturn void usage(void)
{
	fputs("usage: sleeper N [USEC]\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n, usec = 1000;
	struct timespec req, rem;

	if (argc < 2 || argc > 3 || !progs_parse_count(argv[1], (unsigned long)-1, &n) ||
	    (argc == 3 && !progs_parse_count(argv[2], 3600UL * 1000000UL, &usec)))
		usage();

	for (unsigned long i = 0; i < n; i++) {
		req.tv_sec = (time_t)(usec / 1000000);
		req.tv_nsec = (long)(usec % 1000000) * 1000;
		/* A signal (e.g. a stopped-then-continued run) must not shorten the count. */
		while (nanosleep(&req, &rem) == -1) {
			if (errno != EINTR) {
				perror("sleeper: nanosleep");
				return 1;
			}
			req = rem;
		}
	}
	return 0;
}
