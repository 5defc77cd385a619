/* touch_pages: fault in exactly N fresh anonymous pages, for page-fault counting tests. */
/* MAP_ANONYMOUS and MADV_NOHUGEPAGE are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "progs_args.h"

static _Noreturn void usage(void)
{
	fputs("usage: touch_pages N\n", stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long n;
	volatile char *p;

	if (argc != 2 ||
	    !progs_parse_count(argv[1], (unsigned long)-1 / (unsigned long)psz / 2, &n))
		usage();
	if (n == 0)
		return 0;	/* lets tests measure the program's own baseline */

	/*
	 * No MAP_POPULATE: the whole point is that each first write takes one
	 * fault. Anonymous memory gets no fault-around, so it is one page per
	 * fault.
	 */
	p = mmap(NULL, n * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("touch_pages: mmap");
		return 1;
	}
#ifdef MADV_NOHUGEPAGE
	/* With THP "always" one fault could map 512 pages and break the count. */
	madvise((void *)p, n * psz, MADV_NOHUGEPAGE);
#endif
	/* volatile: the stores must really happen even though nothing reads them. */
	for (unsigned long i = 0; i < n; i++)
		p[i * psz] = 1;
	return 0;
}
