/* cputime.h - the CPU time a running task has used, from /proc: what user_time and
 * system_time read while a command runs and of processes attached to. */
#ifndef HPSTAT_CPUTIME_H
#define HPSTAT_CPUTIME_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/resource.h>
#include <sys/types.h>

struct cputime {
	uint64_t user_ns;
	uint64_t sys_ns;
};

/*
 * Reads the text of a /proc/PID/stat or /proc/PID/task/TID/stat file: utime and stime
 * (fields 14 and 15, in clock ticks), with cutime and cstime (16 and 17: the children it
 * waited for, as wait4's rusage adds them) when children is true, converted to ns with
 * ticks_per_s (sysconf(_SC_CLK_TCK)). The command name (field 2) may hold blanks and
 * parentheses: fields are counted from its last ')'. 0, or -1 when text is no such line or
 * ticks_per_s is not positive.
 */
int cputime_parse_stat(const char *text, long ticks_per_s, bool children, struct cputime *out);

/* A rusage's user and system time, in ns. */
struct cputime cputime_of_rusage(const struct rusage *ru);

/* total less before, each part on its own and never below 0: a command's CPU time without
 * what its process spent before its exec (hpstat's setup). */
struct cputime cputime_after(struct cputime total, struct cputime before);

/* Reads /proc/PID/stat (the whole process, tid 0) or /proc/PID/task/TID/stat (one thread).
 * 0, or -1 with errno (ENOENT or ESRCH: the task has gone; EACCES: not readable here). */
int cputime_read(pid_t pid, pid_t tid, bool children, struct cputime *out);

#endif
