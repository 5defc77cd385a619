/* caps.c - libcap and perf_event_paranoid: explaining refusals, dropping privileges. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/capability.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "permission.h"

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

/* Whether a seccomp filter confines this process ("Seccomp: 2"): a container's may refuse
 * perf_event_open whatever the paranoid level says. */
static bool under_seccomp_filter(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[128];
	int mode = 0;

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp: %d", &mode) == 1)
			break;
	fclose(f);
	return mode == 2;
}

static struct permission_facts facts_read(void)
{
	return (struct permission_facts){ .paranoid = read_paranoid(),
					  .perfmon = caps_perfmon_held(),
					  .seccomp_filter = under_seccomp_filter() };
}

int caps_explain_denied(const char *event, int errnum, struct hp_err *err)
{
	struct permission_facts f = facts_read();

	return permission_explain_event(&f, event, errnum, err);
}

int caps_explain_denied_task(const char *what, int errnum, struct hp_err *err)
{
	struct permission_facts f = facts_read();

	return permission_explain_task(&f, what, errnum, err);
}

int caps_explain_denied_cpu(int cpu, int errnum, struct hp_err *err)
{
	struct permission_facts f = facts_read();

	return permission_explain_cpu(&f, cpu, errnum, err);
}

bool caps_secure(void)
{
	return getauxval(AT_SECURE) != 0;
}

/* Raw capget and capset rather than libcap: they run in a child sharing hpstat's memory,
 * where malloc is off limits. Version 3 headers take two data words (64 capabilities). */
static int raw_get(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return (int)syscall(SYS_capget, &header, data);
}

static int raw_set(struct __user_cap_data_struct data[2])
{
	struct __user_cap_header_struct header = { .version = _LINUX_CAPABILITY_VERSION_3 };

	return (int)syscall(SYS_capset, &header, data);
}

#define CAP_WORD(cap) ((cap) / 32)
#define CAP_BIT(cap) (1u << ((cap) % 32))

extern char **environ;

/* Removes every environment variable whose name starts with prefix. */
static void env_scrub(const char *prefix)
{
	size_t len = strlen(prefix);
	char name[256];
	bool again = true;

	while (again) {
		char **e;

		again = false;
		for (e = environ; e && *e; e++) {
			size_t n = strcspn(*e, "=");

			if (strncmp(*e, prefix, len) != 0 || n >= sizeof(name))
				continue;
			memcpy(name, *e, n);
			name[n] = '\0';
			unsetenv(name); /* environ changes: start over */
			again = true;
			break;
		}
	}
}

int caps_init(struct hp_err *err)
{
	struct __user_cap_data_struct data[2];
	uid_t ruid, euid, suid;
	gid_t rgid, egid, sgid;

	if (getresuid(&ruid, &euid, &suid) || getresgid(&rgid, &egid, &sgid))
		return err_set(err, "cannot read hpstat's user and group ids: %s", strerror(errno));
	if (ruid != euid || rgid != egid)
		return err_set(err, "refusing to run set-user-ID or set-group-ID (hpstat would open "
			       "files with the owner's rights): remove the bit (chmod u-s,g-s) and "
			       "give it CAP_PERFMON instead ('make install-caps', see hpstat(1))");
	if (!caps_secure())
		return 0;
	/* A user must not steer the privileged process: libpfm4 reads LIBPFM_* (glibc already
	 * drops LD_* and friends; hpstat's own variables are read with secure_getenv). */
	env_scrub("LIBPFM_");
	/* Gained at exec (file capabilities): nothing passes on to what hpstat starts, and
	 * CAP_PERFMON is effective only while counters open. */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return err_set(err, "cannot clear the ambient capabilities: %s", strerror(errno));
	if (raw_get(data))
		return err_set(err, "cannot read hpstat's capabilities: %s", strerror(errno));
	data[0].inheritable = data[1].inheritable = 0;
	data[0].effective = data[1].effective = 0;
	if (raw_set(data))
		return err_set(err, "cannot lower hpstat's capabilities: %s", strerror(errno));
	return 0;
}

/* errno is left as it was: callers look at the errno of the open they wrap. */
static void perfmon_set(bool on)
{
	struct __user_cap_data_struct data[2];
	unsigned int word = CAP_WORD(CAP_PERFMON), bit = CAP_BIT(CAP_PERFMON);
	int saved = errno;

	if (caps_secure() && raw_get(data) == 0 && (data[word].permitted & bit)) {
		if (on)
			data[word].effective |= bit;
		else
			data[word].effective &= ~bit;
		raw_set(data);
	}
	errno = saved;
}

void caps_perfmon_raise(void)
{
	perfmon_set(true);
}

void caps_perfmon_lower(void)
{
	perfmon_set(false);
}

bool caps_perfmon_held(void)
{
	struct __user_cap_data_struct data[2];
	unsigned int pw = CAP_WORD(CAP_PERFMON), pb = CAP_BIT(CAP_PERFMON);
	unsigned int aw = CAP_WORD(CAP_SYS_ADMIN), ab = CAP_BIT(CAP_SYS_ADMIN);

	if (raw_get(data))
		return false;
	return (data[pw].effective & pb) || (data[aw].effective & ab) ||
	       (caps_secure() && (data[pw].permitted & pb));
}

void caps_drop_all(void)
{
	struct __user_cap_data_struct none[2];

	if (!caps_secure())
		return;
	memset(none, 0, sizeof(none));
	raw_set(none);
}

int caps_drop_for_exec(void)
{
	struct __user_cap_data_struct none[2];

	/* Only privileges hpstat gained at its exec (file capabilities: what AT_SECURE says) are
	 * hpstat's to withhold; a user's own, root's or ambient ones, stay theirs. */
	if (!caps_secure())
		return 0;
	if (setresgid(getgid(), getgid(), getgid()) || setresuid(getuid(), getuid(), getuid()))
		return -1;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL)
		return -1;
	memset(none, 0, sizeof(none));
	if (raw_set(none))
		return -1;
	/* Nor can the command gain any: a set-user-ID program it runs runs as the user. */
	return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
}
