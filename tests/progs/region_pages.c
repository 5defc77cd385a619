/* region_pages: fault in exactly N fresh pages inside a --control region, and more outside it. */
/* MAP_ANONYMOUS, MADV_NOHUGEPAGE and O_CLOEXEC are not declared under plain -std=c11 without
 * this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hpstat_region.h"
#include "progs_args.h"

/* Pages touched before the region: start-up noise that region counts must leave out. */
#define NOISE_PAGES 64

static _Noreturn void usage(void)
{
	fputs("usage: region_pages N [NAME]\n", stderr);
	exit(2);
}

/* Fresh anonymous pages, not yet touched: one fault each on first write. */
static volatile char *pages_map(unsigned long n, long psz)
{
	void *p;

	if (n == 0)
		return NULL;
	p = mmap(NULL, n * psz, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("region_pages: mmap");
		exit(1);
	}
#ifdef MADV_NOHUGEPAGE
	/* With THP "always" one fault could map 512 pages and break the count. */
	madvise(p, n * psz, MADV_NOHUGEPAGE);
#endif
	return p;
}

static void pages_touch(volatile char *p, unsigned long n, long psz)
{
	for (unsigned long i = 0; i < n; i++)
		p[i * psz] = 1;
}

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	char on[300] = "enable", off[300] = "disable";
	volatile char *noise, *region;
	unsigned long n;

	if (argc < 2 || argc > 3 ||
	    !progs_parse_count(argv[1], (unsigned long)-1 / (unsigned long)psz / 2, &n))
		usage();
	/* Whether NAME is a good region name is hpstat's to say: tests see its err reply. */
	if (argc == 3) {
		if (argv[2][0] == '\0' || strlen(argv[2]) > 255)
			usage();
		snprintf(on, sizeof(on), "start %s", argv[2]);
		snprintf(off, sizeof(off), "stop %s", argv[2]);
	}

	noise = pages_map(NOISE_PAGES, psz);
	pages_touch(noise, NOISE_PAGES, psz);
	/* Mapped before the region opens: only the touching is inside. */
	region = pages_map(n, psz);

	if (hpstat_control(on))
		return 1;
	pages_touch(region, n, psz);
	if (hpstat_control(off))
		return 1;
	return 0;
}
