/* cputime.c - a task's CPU time from its /proc stat file. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cputime.h"

#define NS_PER_S 1000000000ull

/* ticks at hz per second, in ns, without overflow for any CPU time a machine can have. */
static uint64_t ticks_ns(unsigned long long ticks, long hz)
{
	uint64_t per = (uint64_t)hz;

	return (uint64_t)(ticks / per) * NS_PER_S + (uint64_t)(ticks % per) * NS_PER_S / per;
}

/* The next blank-separated field as an unsigned number; -1 when there is none. cutime and
 * cstime are printed signed, but are never negative. */
static int field_number(const char **p, unsigned long long *value)
{
	char *end;

	while (**p == ' ')
		(*p)++;
	if (**p < '0' || **p > '9')
		return -1;
	errno = 0;
	*value = strtoull(*p, &end, 10);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
		return -1;
	*p = end;
	return 0;
}

/* Skips one blank-separated field. */
static int field_skip(const char **p)
{
	while (**p == ' ')
		(*p)++;
	if (!**p || **p == '\n')
		return -1;
	*p += strcspn(*p, " \n");
	return 0;
}

int cputime_parse_stat(const char *text, long ticks_per_s, bool children, struct cputime *out)
{
	const char *p = strrchr(text, ')');
	unsigned long long t[4] = { 0, 0, 0, 0 };
	int i;

	if (!p || ticks_per_s <= 0)
		return -1;
	p++;
	/* Fields 3 (state) to 13 (cmajflt), then utime, stime, cutime, cstime. */
	for (i = 3; i <= 13; i++)
		if (field_skip(&p))
			return -1;
	for (i = 0; i < 4; i++)
		if (field_number(&p, &t[i]))
			return -1;
	out->user_ns = ticks_ns(t[0] + (children ? t[2] : 0), ticks_per_s);
	out->sys_ns = ticks_ns(t[1] + (children ? t[3] : 0), ticks_per_s);
	return 0;
}

int cputime_read(pid_t pid, pid_t tid, bool children, struct cputime *out)
{
	char path[64], buf[2048];
	ssize_t got;
	int fd, saved;

	if (tid > 0)
		snprintf(path, sizeof(path), "/proc/%d/task/%d/stat", (int)pid, (int)tid);
	else
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	got = read(fd, buf, sizeof(buf) - 1);
	saved = errno;
	close(fd);
	if (got <= 0) {
		/* A task that ended between the open and the read reads as nothing. */
		errno = got < 0 ? saved : ESRCH;
		return -1;
	}
	buf[got] = '\0';
	if (cputime_parse_stat(buf, sysconf(_SC_CLK_TCK), children, out)) {
		errno = EINVAL;
		return -1;
	}
	return 0;
}

struct cputime cputime_of_rusage(const struct rusage *ru)
{
	return (struct cputime){
		(uint64_t)ru->ru_utime.tv_sec * 1000000000u + (uint64_t)ru->ru_utime.tv_usec * 1000u,
		(uint64_t)ru->ru_stime.tv_sec * 1000000000u + (uint64_t)ru->ru_stime.tv_usec * 1000u
	};
}

struct cputime cputime_after(struct cputime total, struct cputime before)
{
	return (struct cputime){
		total.user_ns > before.user_ns ? total.user_ns - before.user_ns : 0,
		total.sys_ns > before.sys_ns ? total.sys_ns - before.sys_ns : 0
	};
}
