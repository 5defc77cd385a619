/* sync_spy.so: preloaded into hpstat by tests/test_perf_options.py, it writes "sync\n" to the
 * file named by $SYNC_SPY_LOG for each sync() hpstat calls, then syncs, so that the test sees
 * that -S syncs before every run, and where among the --pre and --post commands. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <dlfcn.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

void sync(void)
{
	void (*real_sync)(void) = (void (*)(void))dlsym(RTLD_NEXT, "sync");
	const char *path = getenv("SYNC_SPY_LOG");
	int fd = path ? open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644) : -1;

	/* O_APPEND: the --pre and --post shells append to the same file between the syncs. */
	if (fd >= 0) {
		if (write(fd, "sync\n", 5) != 5)
			abort();
		close(fd);
	}
	if (real_sync)
		real_sync();
}
