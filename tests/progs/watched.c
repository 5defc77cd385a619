/* watched.c - writes one variable a known number of times, for breakpoint events.
 *   watched --address   prints the variable's address (fixed: the program is not PIE)
 *   watched --probe N   writes it N times under a breakpoint it opens on itself and prints
 *                       the count, 0 where the machine does not deliver breakpoints
 *   watched N           writes it N times */
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

volatile long watched;

static void write_times(long n)
{
	for (long i = 0; i < n; i++)
		watched = i;
}

static int probe(long n)
{
	struct perf_event_attr attr;
	long long count = -1;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_BREAKPOINT;
	attr.bp_type = HW_BREAKPOINT_W;
	attr.bp_addr = (uintptr_t)&watched;
	attr.bp_len = sizeof(watched);
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	if (fd < 0) {
		perror("watched: perf_event_open");
		return 1;
	}
	write_times(n);
	if (read(fd, &count, sizeof(count)) != sizeof(count)) {
		perror("watched: read");
		return 1;
	}
	printf("%lld\n", count);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--address") == 0) {
		printf("%#lx\n", (unsigned long)(uintptr_t)&watched);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "--probe") == 0)
		return probe(atol(argv[2]));
	if (argc != 2) {
		fprintf(stderr, "usage: watched --address | --probe N | N\n");
		return 2;
	}
	write_times(atol(argv[1]));
	return 0;
}
