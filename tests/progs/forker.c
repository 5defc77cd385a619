/* forker: K children (or threads with -t) each fault in N fresh pages, to test inheritance. */
/* fork, MAP_ANONYMOUS and pthreads are not declared under plain -std=c11 without this. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "progs_args.h"

#define MAX_WORKERS	4096

static unsigned long npages;
static long page_size;

static _Noreturn void usage(void)
{
	fputs("usage: forker [-t] K N\n", stderr);
	exit(2);
}

/* Same as touch_pages: one fresh anonymous page per write, so one fault each. */
static int touch(void)
{
	volatile char *p;

	if (!npages)
		return 0;
	p = mmap(NULL, npages * page_size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
#ifdef MADV_NOHUGEPAGE
	madvise((void *)p, npages * page_size, MADV_NOHUGEPAGE);
#endif
	for (unsigned long i = 0; i < npages; i++)
		p[i * page_size] = 1;
	/* Unmap so K threads in one address space do not pile up memory. */
	munmap((void *)p, npages * page_size);
	return 0;
}

static void *thread_main(void *arg)
{
	(void)arg;
	return touch() ? (void *)1 : NULL;
}

static int run_threads(unsigned long k)
{
	pthread_t *tids = calloc(k ? k : 1, sizeof(*tids));
	unsigned long started = 0;
	int rc = 0;

	if (!tids) {
		perror("forker: calloc");
		return 1;
	}
	for (; started < k; started++) {
		int err = pthread_create(&tids[started], NULL, thread_main, NULL);

		if (err) {
			fprintf(stderr, "forker: pthread_create: %s\n", strerror(err));
			rc = 1;
			break;
		}
	}
	for (unsigned long i = 0; i < started; i++) {
		void *ret;

		if (pthread_join(tids[i], &ret) || ret) {
			fputs("forker: a thread failed to touch its pages\n", stderr);
			rc = 1;
		}
	}
	free(tids);
	return rc;
}

static int run_children(unsigned long k)
{
	unsigned long started = 0;
	int rc = 0, status;

	for (; started < k; started++) {
		pid_t pid = fork();

		if (pid == -1) {
			perror("forker: fork");
			rc = 1;
			break;
		}
		/* _exit: the child must not flush stdio buffers inherited from us. */
		if (pid == 0)
			_exit(touch() ? 1 : 0);
	}
	/* Wait for every child so the whole tree is finished when we exit. */
	while (started > 0) {
		if (wait(&status) == -1) {
			if (errno == EINTR)
				continue;
			perror("forker: wait");
			return 1;
		}
		started--;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fputs("forker: a child failed to touch its pages\n", stderr);
			rc = 1;
		}
	}
	return rc;
}

int main(int argc, char **argv)
{
	int threads = 0, argi = 1;
	unsigned long k;

	if (argc > 1 && !strcmp(argv[1], "-t")) {
		threads = 1;
		argi++;
	}
	page_size = sysconf(_SC_PAGESIZE);
	if (argc - argi != 2 || !progs_parse_count(argv[argi], MAX_WORKERS, &k) ||
	    !progs_parse_count(argv[argi + 1], (unsigned long)-1 / (unsigned long)page_size / 2,
			       &npages))
		usage();

	return threads ? run_threads(k) : run_children(k);
}
