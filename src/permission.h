/* permission.h - why the kernel refused a counter, and what to do, from the facts that decide
 * it (pure: the facts are read elsewhere). */
#ifndef HPSTAT_PERMISSION_H
#define HPSTAT_PERMISSION_H

#include <stdbool.h>

#include "err.h"

struct permission_facts {
	int paranoid;        /* kernel.perf_event_paranoid */
	bool perfmon;        /* CAP_PERFMON or CAP_SYS_ADMIN held (effective, or raised at need) */
	bool seccomp_filter; /* a seccomp filter confines the process (a container's, often) */
};

/* Why opening `event` on a process was refused with errnum (EACCES or EPERM), and the fix.
 * Returns -1 with err set. */
int permission_explain_event(const struct permission_facts *f, const char *event, int errnum,
			     struct hp_err *err);

/* The same for a counter on a whole CPU (-a, -C). Returns -1 with err set. */
int permission_explain_cpu(const struct permission_facts *f, int cpu, int errnum,
			   struct hp_err *err);

/* The same for a process or thread named with -p or -t (`what`: "process 12"). Without
 * CAP_PERFMON the kernel refused: the task is another user's, or undumpable (a set-user-ID
 * program), which no paranoid level changes. With it, hpstat's own check as the user did.
 * Returns -1 with err set. */
int permission_explain_task(const struct permission_facts *f, const char *what, int errnum,
			    struct hp_err *err);

#endif
