/* writer: make exactly N one-byte write(2) calls to /dev/null, for syscall-tracepoint tests. */
/* write and O_CLOEXEC are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "progs_args.h"

static _Noreturn void usage(void)
{
	fputs("usage: writer N\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n;
	int fd;

	if (argc != 2 || !progs_parse_count(argv[1], (unsigned long)-1, &n))
		usage();

	fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (fd == -1) {
		perror("writer: open /dev/null");
		return 1;
	}
	/*
	 * Raw write(2), and nothing at all printed on success, so the process
	 * issues exactly N write syscalls, no more from stdio buffers.
	 */
	for (unsigned long i = 0; i < n; i++) {
		if (write(fd, "x", 1) != 1) {
			perror("writer: write");
			return 1;
		}
	}
	return 0;
}
