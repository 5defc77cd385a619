/* page_loop: fault in fresh pages over and over until killed, for tests that attach to a
 * process that is already running and must see its counts grow. */
/*
 * usage: page_loop
 *
 * Writes "ready PID\n" to the descriptor named by $HP_READY_FD (when set), then maps, touches
 * and unmaps 16 fresh pages again and again. It never ends by itself: the test kills it, or
 * closes its standard input when it was started with -e (then it exits 0 at once).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGES 16

int main(int argc, char **argv)
{
	const char *fd_text = getenv("HP_READY_FD");
	long page = sysconf(_SC_PAGESIZE);
	int stdin_ends = argc == 2 && strcmp(argv[1], "-e") == 0;
	char line[64];

	if (argc > 2 || (argc == 2 && !stdin_ends)) {
		fputs("usage: page_loop [-e]\n", stderr);
		return 2;
	}
	if (fd_text) {
		int fd = atoi(fd_text), len = snprintf(line, sizeof(line), "ready %d\n", (int)getpid());

		if (write(fd, line, (size_t)len) != len)
			return 1;
		close(fd);
	}
	for (;;) {
		char *p = mmap(NULL, (size_t)page * PAGES, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		struct pollfd in = { .fd = 0, .events = POLLIN };
		long i;

		if (p == MAP_FAILED)
			return 1;
		for (i = 0; i < PAGES; i++)
			p[i * page] = 1;
		munmap(p, (size_t)page * PAGES);
		/* -e: the test closing (or writing to) stdin ends the loop */
		if (stdin_ends && poll(&in, 1, 0) > 0)
			return 0;
	}
}
