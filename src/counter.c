/* counter.c - the perf_event_open system call and the life of one run's counters. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "counter.h"

/* Descriptors hpstat holds besides the counters: standard streams, the -o file, the signal,
 * timer and pidfd descriptors, libraries' own, with room to spare. */
#define OTHER_DESCRIPTORS 64

int counter_room_ensure(size_t n, size_t held, struct hp_err *err)
{
	rlim_t need = (rlim_t)n + (rlim_t)held + OTHER_DESCRIPTORS;
	struct rlimit lim;

	if (getrlimit(RLIMIT_NOFILE, &lim) || lim.rlim_cur >= need)
		return 0;
	if (lim.rlim_max != RLIM_INFINITY && lim.rlim_max < need)
		return err_set(err, "%zu counters need about %llu open files, but the limit is %llu: "
			       "raise it (as root: 'ulimit -Hn %llu' before 'ulimit -n %llu', or "
			       "LimitNOFILE= for a service) or count fewer events", n,
			       (unsigned long long)need, (unsigned long long)lim.rlim_max,
			       (unsigned long long)need, (unsigned long long)need);
	lim.rlim_cur = need;
	if (setrlimit(RLIMIT_NOFILE, &lim))
		return err_set(err, "cannot raise the open-file limit to %llu for %zu counters: %s",
			       (unsigned long long)need, n, strerror(errno));
	return 0;
}

int counter_set_init(struct counter_set *cs, const struct event *events, size_t n,
		     struct hp_err *err)
{
	size_t i;

	memset(cs, 0, sizeof(*cs));
	cs->n = n;
	for (i = 0; i < n; i++)
		if (events[i].group >= cs->n_groups)
			cs->n_groups = events[i].group + 1;
	cs->attr = calloc(n ? n : 1, sizeof(*cs->attr));
	cs->group = calloc(n ? n : 1, sizeof(*cs->group));
	cs->fd = calloc(n ? n : 1, sizeof(*cs->fd));
	cs->unsupported = calloc(n ? n : 1, sizeof(*cs->unsupported));
	cs->encoded = calloc(n ? n : 1, sizeof(*cs->encoded));
	cs->user_only = calloc(n ? n : 1, sizeof(*cs->user_only));
	cs->tool = calloc(n ? n : 1, sizeof(*cs->tool));
	cs->leader_fd = calloc(cs->n_groups ? (size_t)cs->n_groups : 1, sizeof(*cs->leader_fd));
	cs->group_size = calloc(cs->n_groups ? (size_t)cs->n_groups : 1, sizeof(*cs->group_size));
	cs->group_slot = calloc(n ? n : 1, sizeof(*cs->group_slot));
	/* A group read returns nr, enabled, running and one value per member: n + 3 words
	 * always suffice, so no group is too big to read after its run. */
	cs->group_buf = calloc(n + 3, sizeof(*cs->group_buf));
	if (!cs->attr || !cs->group || !cs->fd || !cs->unsupported || !cs->encoded || !cs->user_only ||
	    !cs->tool || !cs->leader_fd || !cs->group_size || !cs->group_slot || !cs->group_buf) {
		counter_set_release(cs);
		return err_set(err, "out of memory");
	}
	for (i = 0; i < n; i++) {
		cs->attr[i] = events[i].attr;
		cs->attr[i].read_format = PERF_FORMAT_TOTAL_TIME_ENABLED |
					  PERF_FORMAT_TOTAL_TIME_RUNNING;
		if (events[i].group != EVENT_NO_GROUP)
			cs->attr[i].read_format |= PERF_FORMAT_GROUP;
		cs->attr[i].inherit = 1;
		cs->group[i] = events[i].group;
		cs->encoded[i] = events[i].encoded;
		cs->tool[i] = events[i].tool != EVENT_TOOL_NONE;
		cs->unsupported[i] = events[i].absent;
		cs->fd[i] = -1;
	}
	cs->enable_on_exec = true;
	return 0;
}

void counter_set_configure(struct counter_set *cs, bool inherit, bool enable_on_exec)
{
	size_t i;

	for (i = 0; i < cs->n; i++)
		cs->attr[i].inherit = inherit;
	cs->enable_on_exec = enable_on_exec;
}

void counter_set_release(struct counter_set *cs)
{
	counter_set_close(cs);
	free(cs->attr);
	free(cs->group);
	free(cs->fd);
	free(cs->unsupported);
	free(cs->encoded);
	free(cs->user_only);
	free(cs->tool);
	free(cs->leader_fd);
	free(cs->group_size);
	free(cs->group_slot);
	free(cs->group_buf);
	memset(cs, 0, sizeof(*cs));
}

/* flags: PERF_FLAG_PID_CGROUP when pid is a cgroup's directory, else 0. */
static int sys_perf_event_open(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			       unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, attr, pid, cpu, group_fd,
			    PERF_FLAG_FD_CLOEXEC | flags);
}

/* perf leaves guests out of every event by default, but a PMU that cannot tell a guest from
 * its host (msr, most uncore PMUs) refuses that with EINVAL. Such a PMU counts the host
 * anyway, so the event opens without the request, as perf opens it. */
static int open_event(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
		      unsigned long flags)
{
	int fd = sys_perf_event_open(attr, pid, cpu, group_fd, flags);

	if (fd >= 0 || errno != EINVAL || !attr->exclude_guest || attr->exclude_host)
		return fd;
	attr->exclude_guest = 0;
	fd = sys_perf_event_open(attr, pid, cpu, group_fd, flags);
	if (fd < 0)
		attr->exclude_guest = 1;
	return fd;
}

static int is_not_supported(int errnum)
{
	return errnum == ENOENT || errnum == EOPNOTSUPP || errnum == ENODEV ||
	       errnum == EINVAL || errnum == ENOSYS || errnum == ENXIO;
}

/* perf_event_open, and where the paranoid level forbids kernel counting, a second try in user
 * mode, as perf does: the user-mode part rather than nothing (the report names the event
 * ":u"). On failure errno is the refusal that matters: a PMU that takes no privilege filter
 * (msr) answers the retry with EINVAL, but the first answer, a permission, is the reason. */
static int open_with_fallback(struct perf_event_attr *attr, pid_t pid, int cpu, int group_fd,
			      unsigned long flags, bool *user_only)
{
	int fd = open_event(attr, pid, cpu, group_fd, flags), refusal;

	if (fd >= 0 || (errno != EACCES && errno != EPERM) || attr->exclude_kernel ||
	    attr->exclude_user)
		return fd;
	refusal = errno;
	attr->exclude_kernel = 1;
	attr->exclude_hv = 1;
	fd = open_event(attr, pid, cpu, group_fd, flags);
	if (fd >= 0) {
		*user_only = true;
		return fd;
	}
	attr->exclude_kernel = attr->exclude_hv = 0;
	/* ENOENT: no PMU here takes the event in any mode (a hardware event in a virtual
	 * machine), so it is not supported, whoever asks. Any other "not supported" may be the
	 * PMU refusing user mode alone (msr, tracepoints): then the refusal is the answer. */
	if (is_not_supported(errno) && errno != ENOENT)
		errno = refusal;
	return -1;
}

/* Opens counter i. The first member of a group that opens leads it, so a group whose first
 * member is unsupported still counts the others together. Only leaders wait for the exec. */
static int open_one(struct counter_set *cs, size_t i, pid_t pid, int cpu, unsigned long flags)
{
	struct perf_event_attr *attr = &cs->attr[i];
	int *leader = cs->group[i] == EVENT_NO_GROUP ? NULL : &cs->leader_fd[cs->group[i]];
	int group_fd = leader ? *leader : -1;
	int fd;

	attr->disabled = group_fd == -1;
	attr->enable_on_exec = group_fd == -1 && cs->enable_on_exec;
	/* The kernel takes pinned (D) and exclusive (e) from a group's leader, for the whole
	 * group, and refuses a member that asks for them. */
	if (group_fd != -1)
		attr->pinned = attr->exclusive = 0;
	fd = open_with_fallback(attr, pid, cpu, group_fd, flags, &cs->user_only[i]);
	if (fd < 0) {
		if (is_not_supported(errno) && !(errno == EINVAL && cs->encoded[i])) {
			cs->unsupported[i] = true;
			return 0;
		}
		cs->failed = i;
		cs->failed_errno = errno;
		return -1;
	}
	cs->fd[i] = fd;
	if (leader) {
		if (*leader == -1)
			*leader = fd;
		cs->group_slot[i] = cs->group_size[cs->group[i]]++;
	}
	return 0;
}

static int set_open(struct counter_set *cs, pid_t pid, int cpu, unsigned long flags,
		    counter_cancel_fn cancel, void *ctx)
{
	size_t i;
	int g;

	for (g = 0; g < cs->n_groups; g++) {
		cs->leader_fd[g] = -1;
		cs->group_size[g] = 0;
	}
	caps_perfmon_raise();
	for (i = 0; i < cs->n; i++) {
		if (cs->unsupported[i] || cs->tool[i])
			continue;
		if (cancel && cancel(ctx)) {
			counter_set_close(cs);
			cs->failed = i;
			cs->failed_errno = ECANCELED;
			goto fail;
		}
		if (open_one(cs, i, pid, cpu, flags)) {
			counter_set_close(cs);
			goto fail;
		}
	}
	caps_perfmon_lower();
	return 0;
fail:
	caps_perfmon_lower();
	return -1;
}

int counter_set_open(struct counter_set *cs, pid_t pid, int cpu, counter_cancel_fn cancel,
		     void *ctx)
{
	return set_open(cs, pid, cpu, 0, cancel, ctx);
}

int counter_set_open_cgroup(struct counter_set *cs, int cgroup_fd, int cpu)
{
	return set_open(cs, cgroup_fd, cpu, PERF_FLAG_PID_CGROUP, NULL, NULL);
}

int counter_set_explain_failure(const struct counter_set *cs, const struct event *events,
				struct hp_err *err)
{
	const char *name = events[cs->failed].name;
	int errnum = cs->failed_errno;

	if (errnum == EACCES || errnum == EPERM)
		return caps_explain_denied(name, errnum, err);
	if (errnum == EMFILE)
		return err_set(err, "cannot open event '%s': too many open files; raise the limit "
			       "with 'ulimit -n' or count fewer events", name);
	if (errnum == EINVAL)
		return err_set(err, "cannot count '%s': the PMU rejected its encoding (%s) as "
			       "invalid; check the event code, unit mask and modifiers against the "
			       "PMU's documentation (perf list, /sys/bus/event_source/devices)",
			       name, events[cs->failed].resolved);
	if (errnum == EBUSY)
		return err_set(err, "cannot open event '%s': the PMU is busy (another tool holds "
			       "it exclusively)", name);
	return err_set(err, "cannot open event '%s': %s", name, strerror(errnum));
}

/* An ioctl on each counter that leads (a group's leader, or one alone): members follow their
 * leader. Without PERF_IOC_FLAG_GROUP the kernel applies it to the inherited copies too. */
static int leaders_ioctl(const struct counter_set *cs, unsigned long request)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (cs->fd[i] < 0 || (cs->group[i] != EVENT_NO_GROUP && cs->group_slot[i] != 0))
			continue;
		if (ioctl(cs->fd[i], request, 0))
			return -1;
	}
	return 0;
}

int counter_set_enable(const struct counter_set *cs)
{
	return leaders_ioctl(cs, PERF_EVENT_IOC_ENABLE);
}

int counter_set_disable(const struct counter_set *cs)
{
	return leaders_ioctl(cs, PERF_EVENT_IOC_DISABLE);
}

/* One read of a group leader: nr, time enabled, time running, then each member's value in
 * the order the members were opened. */
static int read_group(const struct counter_set *cs, size_t leader, struct sample_count *out,
		      struct hp_err *err)
{
	size_t g = (size_t)cs->group[leader], n = cs->group_size[g], i;
	uint64_t *buf = cs->group_buf;
	ssize_t want = (ssize_t)((3 + n) * sizeof(buf[0])), got;

	got = read(cs->fd[leader], buf, (size_t)want);
	if (got != want || buf[0] != n)
		return err_set(err, "cannot read the group led by counter %zu: %s", leader,
			       got < 0 ? strerror(errno) : "the kernel returned another size");
	for (i = 0; i < cs->n; i++) {
		if (cs->fd[i] < 0 || cs->group[i] != (int)g)
			continue;
		out[i].value = buf[3 + cs->group_slot[i]];
		out[i].enabled_ns = buf[1];
		out[i].running_ns = buf[2];
	}
	return 0;
}

int counter_set_read(const struct counter_set *cs, struct sample_count *out,
		     struct hp_err *err)
{
	uint64_t buf[3];
	size_t i;

	memset(out, 0, cs->n * sizeof(*out));
	for (i = 0; i < cs->n; i++) {
		if (cs->fd[i] < 0)
			continue;
		if (cs->group[i] != EVENT_NO_GROUP) {
			if (cs->group_slot[i] == 0 && read_group(cs, i, out, err))
				return -1;
			continue;
		}
		if (read(cs->fd[i], buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			return err_set(err, "cannot read counter %zu: %s", i, strerror(errno));
		out[i].value = buf[0];
		out[i].enabled_ns = buf[1];
		out[i].running_ns = buf[2];
	}
	return 0;
}

void counter_set_close(struct counter_set *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		if (cs->fd && cs->fd[i] >= 0) {
			close(cs->fd[i]);
			cs->fd[i] = -1;
		}
	}
}

/* Whether events[i] is of a kind worth holding: a software event or a tracepoint that no
 * event before it already is. */
static bool kind_first(const struct event *events, size_t i)
{
	const struct perf_event_attr *attr = &events[i].attr;
	size_t j;

	if (events[i].tool || (attr->type != PERF_TYPE_SOFTWARE &&
			       attr->type != PERF_TYPE_TRACEPOINT))
		return false;
	for (j = 0; j < i; j++)
		if (!events[j].tool && events[j].attr.type == attr->type &&
		    events[j].attr.config == attr->config)
			return false;
	return true;
}

size_t counter_hold_kinds(const struct event *events, size_t n)
{
	size_t i, kinds = 0;

	for (i = 0; i < n; i++)
		kinds += kind_first(events, i);
	return kinds;
}

int counter_hold_open(struct counter_hold *hold, const struct event *events, size_t n,
		      struct hp_err *err)
{
	size_t i;

	memset(hold, 0, sizeof(*hold));
	hold->fd = calloc(n ? n : 1, sizeof(*hold->fd));
	if (!hold->fd)
		return err_set(err, "out of memory");
	caps_perfmon_raise();
	for (i = 0; i < n; i++) {
		struct perf_event_attr attr = events[i].attr;
		int fd;

		if (!kind_first(events, i))
			continue;
		attr.size = sizeof(attr);
		attr.disabled = 1;
		attr.inherit = 0;
		attr.enable_on_exec = 0;
		attr.read_format = 0;
		/* A software counter in user mode only is never refused for the paranoid level,
		 * and holds the kernel's hook all the same; tracepoints are kernel events. */
		if (attr.type == PERF_TYPE_SOFTWARE)
			attr.exclude_kernel = attr.exclude_hv = 1;
		fd = sys_perf_event_open(&attr, 0, -1, -1, 0);
		if (fd < 0)
			continue;
		hold->fd[hold->n++] = fd;
		hold->n_tracepoints += attr.type == PERF_TYPE_TRACEPOINT;
	}
	caps_perfmon_lower();
	return 0;
}

void counter_hold_close(struct counter_hold *hold)
{
	size_t i;

	for (i = 0; i < hold->n; i++)
		close(hold->fd[i]);
	counter_hold_leave(hold);
}

void counter_hold_leave(struct counter_hold *hold)
{
	free(hold->fd);
	memset(hold, 0, sizeof(*hold));
}

int counter_probe(const struct perf_event_attr *attr)
{
	struct perf_event_attr probe = *attr;
	bool user_only = false;
	int fd;

	probe.size = sizeof(probe);
	probe.disabled = 1;
	probe.inherit = 0;
	probe.enable_on_exec = 0;
	probe.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
	caps_perfmon_raise();
	fd = open_with_fallback(&probe, 0, -1, -1, 0, &user_only);
	caps_perfmon_lower();
	if (fd >= 0) {
		close(fd);
		return 1;
	}
	if (is_not_supported(errno) || errno == EACCES || errno == EPERM || errno == EBUSY)
		return 0;
	return -1;
}

int counter_probe_task(pid_t pid)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					.config = PERF_COUNT_SW_TASK_CLOCK, .disabled = 1,
					.exclude_kernel = 1, .exclude_hv = 1 };
	int fd = sys_perf_event_open(&attr, pid, -1, -1, 0);

	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

int counter_cgroup_clock_open(int cgroup_fd, int cpu)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_SOFTWARE,
					.config = PERF_COUNT_SW_DUMMY };
	int fd;

	caps_perfmon_raise();
	fd = sys_perf_event_open(&attr, cgroup_fd, cpu, -1, PERF_FLAG_PID_CGROUP);
	caps_perfmon_lower();
	return fd;
}
