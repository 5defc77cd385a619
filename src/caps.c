/* caps.c - libcap and perf_event_paranoid: explaining refusals, dropping privileges. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/capability.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"

#ifndef CAP_PERFMON
#define CAP_PERFMON 38 /* since Linux 5.8; older libcap headers lack the name */
#endif

static int read_paranoid(void)
{
	FILE *f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	int level = 2; /* the kernel's default, if the file cannot be read */

	if (f) {
		if (fscanf(f, "%d", &level) != 1)
			level = 2;
		fclose(f);
	}
	return level;
}

static bool has_effective(cap_value_t cap)
{
	cap_t caps = cap_get_proc();
	cap_flag_value_t value = CAP_CLEAR;

	if (!caps)
		return false;
	if (cap_get_flag(caps, cap, CAP_EFFECTIVE, &value))
		value = CAP_CLEAR;
	cap_free(caps);
	return value == CAP_SET;
}

int caps_explain_denied(const char *event, int errnum, struct hp_err *err)
{
	int paranoid = read_paranoid();

	if (has_effective(CAP_PERFMON) || has_effective(CAP_SYS_ADMIN))
		return err_set(err, "no permission to count '%s' (%s) although hpstat holds "
			       "CAP_PERFMON: a security module (SELinux, lockdown) may forbid it",
			       event, strerror(errnum));
	return err_set(err, "no permission to count '%s' (perf_event_paranoid is %d): run as "
		       "root, give hpstat CAP_PERFMON, or lower the level with 'sysctl "
		       "kernel.perf_event_paranoid=%d'", event, paranoid, paranoid > 2 ? 2 : 1);
}

int caps_explain_denied_cpu(int cpu, int errnum, struct hp_err *err)
{
	if (has_effective(CAP_PERFMON) || has_effective(CAP_SYS_ADMIN))
		return err_set(err, "no permission to count CPU %d (%s) although hpstat holds "
			       "CAP_PERFMON: a security module (SELinux, lockdown) may forbid it",
			       cpu, strerror(errnum));
	/* Above level 0 only a privileged process may count a whole CPU. */
	return err_set(err, "no permission to count CPU %d (perf_event_paranoid is %d): whole "
		       "CPUs need root, CAP_PERFMON, or 'sysctl kernel.perf_event_paranoid=0'",
		       cpu, read_paranoid());
}

int caps_drop_for_exec(void)
{
	/* Raw capset rather than libcap: this runs in a child sharing hpstat's memory, where
	 * malloc is off limits. Version 3 headers take two data words (64 capabilities). */
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct none[2];

	/* Only privileges hpstat gained at its exec (setuid, file capabilities: what AT_SECURE
	 * says) are hpstat's to withhold; a user's own, root's or ambient ones, stay theirs. */
	if (!getauxval(AT_SECURE))
		return 0;
	if (setresgid(getgid(), getgid(), getgid()) || setresuid(getuid(), getuid(), getuid()))
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return -1;
	memset(none, 0, sizeof(none));
	return (int)syscall(SYS_capset, &header, none);
}
