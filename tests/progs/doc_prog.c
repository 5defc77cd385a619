/* doc_prog: the ./prog of the documentation's examples (tests/test_docs.py runs them): a small
 * fixed piece of work that takes no arguments, so that "hpstat ./prog" runs as the README
 * writes it. It faults in 64 fresh pages, sums in a loop for a few milliseconds and prints one
 * line, the same in every run. */
/* MAP_ANONYMOUS and MADV_NOHUGEPAGE are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define PAGES	64
#define STEPS	2000000UL

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	volatile char *p;
	volatile unsigned long sum = 0;

	(void)argv;
	if (argc != 1) {
		fputs("usage: prog\n", stderr);
		return 2;
	}
	p = mmap(NULL, PAGES * (size_t)psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		 -1, 0);
	if (p == MAP_FAILED) {
		perror("prog: mmap");
		return 1;
	}
#ifdef MADV_NOHUGEPAGE
	madvise((void *)p, PAGES * (size_t)psz, MADV_NOHUGEPAGE);
#endif
	for (unsigned long i = 0; i < PAGES; i++)
		p[i * (unsigned long)psz] = 1;
	for (unsigned long i = 0; i < STEPS; i++)
		sum += i ^ (i >> 3);
	printf("prog: %lu\n", (unsigned long)sum);
	return 0;
}
