/* caps.h - what the kernel allows hpstat to count, explained, and privileges kept from the
 * measured command. */
#ifndef HPSTAT_CAPS_H
#define HPSTAT_CAPS_H

#include "err.h"

/* Writes into err why opening `event` was refused with errnum (EACCES or EPERM) and how to
 * fix it: the perf_event_paranoid level, whether hpstat holds CAP_PERFMON. Returns -1. */
int caps_explain_denied(const char *event, int errnum, struct hp_err *err);

/* The same for a counter on a whole CPU (-a, -C), which needs more than one on a process. */
int caps_explain_denied_cpu(int cpu, int errnum, struct hp_err *err);

/* In the child, before exec: when hpstat gained privileges at its own exec (file capabilities,
 * setuid: the kernel's AT_SECURE), drops them all so the command never inherits them; a
 * user's own capabilities are left alone. Async-signal-safe.
 * Returns 0, or -1 with errno set when they could not be dropped (the child must not exec). */
int caps_drop_for_exec(void);

#endif
