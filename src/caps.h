/* caps.h - what the kernel allows hpstat to count, explained, and privileges kept from the
 * measured command. */
#ifndef HPSTAT_CAPS_H
#define HPSTAT_CAPS_H

#include <stdbool.h>

#include "err.h"

/* Writes into err why opening `event` was refused with errnum (EACCES or EPERM) and how to
 * fix it: the perf_event_paranoid level, whether hpstat holds CAP_PERFMON. Returns -1. */
int caps_explain_denied(const char *event, int errnum, struct hp_err *err);

/* The same for a process or thread named with -p or -t (`what`: "process 12"). */
int caps_explain_denied_task(const char *what, int errnum, struct hp_err *err);

/* The same for a counter on a whole CPU (-a, -C), which needs more than one on a process. */
int caps_explain_denied_cpu(int cpu, int errnum, struct hp_err *err);

/* Whether hpstat gained privileges at its own exec (file capabilities; the kernel's
 * AT_SECURE). Root running it by choice has not. */
bool caps_secure(void);

/* At start: refuses to run set-user-ID or set-group-ID (real and effective ids differ): every
 * file hpstat opens would be opened with the owner's rights. Under file capabilities, clears
 * the inheritable and ambient sets and keeps CAP_PERFMON permitted but not effective, so it
 * is raised only around perf_event_open. -1 with err saying how to install hpstat instead. */
int caps_init(struct hp_err *err);

/* Raises CAP_PERFMON into the effective set when it is permitted and hpstat gained it at exec
 * (nothing otherwise), and lowers it again. Async-signal-safe (raw capget/capset): the child
 * that opens the command's counters raises its own. */
void caps_perfmon_raise(void);
void caps_perfmon_lower(void);

/* Whether CAP_PERFMON (or CAP_SYS_ADMIN) is effective or can be raised: then the kernel skips
 * its own checks (ptrace for -p/-t, paranoid level), and hpstat must make them itself. */
bool caps_perfmon_held(void);

/* After the last counter is open: drops every capability from every set, for good. */
void caps_drop_all(void);

/* In the child, before exec: when hpstat gained privileges at its own exec (file capabilities:
 * the kernel's AT_SECURE), drops them all and sets no_new_privs, so the command never has
 * any (nor gains any from a set-user-ID program it runs); a user's own capabilities are left
 * alone. Async-signal-safe. Returns 0, or -1 with errno set when they could not be dropped
 * (the child must not exec). */
int caps_drop_for_exec(void);

#endif
