/* permission.c - refusals of perf_event_open explained from the facts that decide them. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "permission.h"

/* A refusal that neither the paranoid level nor a capability explains. */
static int explain_other(const struct permission_facts *f, const char *what, int errnum,
			 struct hp_err *err)
{
	if (errnum == EPERM && f->seccomp_filter)
		return err_set(err, "no permission to count %s: hpstat runs under a seccomp filter "
			       "(a container?) that may forbid perf_event_open; allow it in the "
			       "container's profile (e.g. docker --security-opt seccomp=...), or run "
			       "hpstat outside", what);
	return err_set(err, "no permission to count %s (%s) although hpstat holds CAP_PERFMON: "
		       "a security module (SELinux, lockdown) may forbid it", what,
		       strerror(errnum));
}

int permission_explain_event(const struct permission_facts *f, const char *event, int errnum,
			     struct hp_err *err)
{
	char what[160];

	snprintf(what, sizeof(what), "'%s'", event);
	/* The function tracer's records: refused to everyone, root included. */
	if (strncmp(event, "ftrace:", 7) == 0)
		return err_set(err, "cannot count %s: the ftrace subsystem's records are the "
			       "function tracer's own, which perf_event_open does not count", what);
	if (f->perfmon || (errnum == EPERM && f->seccomp_filter))
		return explain_other(f, what, errnum, err);
	/* Level 2 and above: own processes in user mode only; 1 adds kernel mode. */
	return err_set(err, "no permission to count %s (perf_event_paranoid is %d, which %s): run "
		       "as root, give hpstat CAP_PERFMON ('make install-caps'), or lower the level "
		       "with 'sysctl kernel.perf_event_paranoid=%d'", what, f->paranoid,
		       f->paranoid >= 3 ? "forbids counting to users" :
		       f->paranoid == 2 ? "allows user mode only" : "allows your own processes only",
		       f->paranoid > 2 ? 2 : f->paranoid == 2 ? 1 : -1);
}

int permission_explain_task(const struct permission_facts *f, const char *what, int errnum,
			    struct hp_err *err)
{
	if (errnum == EPERM && f->seccomp_filter)
		return explain_other(f, what, errnum, err);
	if (f->perfmon)
		return err_set(err, "cannot count %s: not allowed (%s): this user may not inspect "
			       "it, and hpstat's CAP_PERFMON is for kernel events, not for other "
			       "users' processes", what, strerror(errnum));
	/* A distribution's level 3 refuses even the user's own processes. */
	if (f->paranoid >= 3)
		return err_set(err, "cannot count %s: not allowed (%s): perf_event_paranoid is %d, "
			       "which may forbid counting to users, and another user's process or a "
			       "set-user-ID program needs root at any level; run as root, or count "
			       "your own at 'sysctl kernel.perf_event_paranoid=2'", what,
			       strerror(errnum), f->paranoid);
	/* The kernel's ptrace check, which perf_event_paranoid does not relax. */
	return err_set(err, "cannot count %s: not allowed (%s): it is another user's, or runs a "
		       "set-user-ID program, and only root may count those (no "
		       "perf_event_paranoid level allows it)", what, strerror(errnum));
}

int permission_explain_cpu(const struct permission_facts *f, int cpu, int errnum,
			   struct hp_err *err)
{
	char what[32];

	snprintf(what, sizeof(what), "CPU %d", cpu);
	if (f->perfmon || (errnum == EPERM && f->seccomp_filter))
		return explain_other(f, what, errnum, err);
	/* Above level 0 only a privileged process may count a whole CPU. */
	return err_set(err, "no permission to count CPU %d (perf_event_paranoid is %d): whole "
		       "CPUs need root, CAP_PERFMON ('make install-caps'), or 'sysctl "
		       "kernel.perf_event_paranoid=0'", cpu, f->paranoid);
}
