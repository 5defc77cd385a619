/* counting.c - one run's counters while it runs: enabling, intervals, regions, control. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "counting.h"

#define NS_PER_MS 1000000u

int counting_init(struct counting *c, const struct counting_plan *plan,
		  const struct event *events, size_t n_events, struct hp_err *err)
{
	const struct scope *scope = plan->scope;
	size_t i, rows;

	memset(c, 0, sizeof(*c));
	c->plan = plan;
	c->n_events = n_events;
	c->n_units = scope->n_units;
	c->n_sets = scope->n_places ? scope->n_places : 1;
	rows = (1 + c->n_units) * (n_events ? n_events : 1);
	c->sets = calloc(c->n_sets, sizeof(*c->sets));
	c->reading = calloc(rows, sizeof(*c->reading));
	c->previous = calloc(rows, sizeof(*c->previous));
	c->one = calloc(n_events ? n_events : 1, sizeof(*c->one));
	c->delta = calloc(rows, sizeof(*c->delta));
	c->pid_watches = calloc(scope->n_pid_fds ? scope->n_pid_fds : 1, sizeof(*c->pid_watches));
	c->tools = calloc(n_events ? n_events : 1, sizeof(*c->tools));
	c->cpu.start = calloc(scope->n_pid_fds ? scope->n_pid_fds : 1, sizeof(*c->cpu.start));
	c->cpu.last = calloc(scope->n_pid_fds ? scope->n_pid_fds : 1, sizeof(*c->cpu.last));
	c->cpu.alive = calloc(scope->n_pid_fds ? scope->n_pid_fds : 1, sizeof(*c->cpu.alive));
	c->cgroup_clocks = calloc(scope->n_places ? scope->n_places : 1, sizeof(*c->cgroup_clocks));
	if (!c->sets || !c->reading || !c->previous || !c->one || !c->delta || !c->pid_watches ||
	    !c->tools || !c->cpu.start || !c->cpu.last || !c->cpu.alive || !c->cgroup_clocks)
		return err_set(err, "out of memory");
	for (i = 0; i < n_events; i++) {
		c->tools[i] = events[i].tool;
		c->any_tool |= events[i].tool != EVENT_TOOL_NONE;
	}
	c->cpu_time = tool_event_any_cpu_time(c->tools, n_events);
	c->cpu.tick_ns = 1000000000u / (uint64_t)(sysconf(_SC_CLK_TCK) > 0 ? sysconf(_SC_CLK_TCK) :
								       100);
	control_reader_init(&c->reader);
	for (i = 0; i < c->n_sets; i++) {
		/* Counted from the exec unless something else decides when counting starts. */
		bool at_exec = !scope->n_places && plan->delay_ms == 0 && plan->control_fd < 0;

		if (counter_set_init(&c->sets[i], events, n_events, err))
			return -1;
		counter_set_configure(&c->sets[i], plan->inherit && !scope->cpus, at_exec);
	}
	return 0;
}

static void regions_free(struct counting *c)
{
	size_t i;

	for (i = 0; i < c->n_regions; i++) {
		samples_release(&c->regions[i].samples);
		free(c->regions[i].start);
		free(c->regions[i].sum);
	}
	c->n_regions = 0;
}

void counting_release(struct counting *c)
{
	size_t i;

	for (i = 0; c->sets && i < c->n_sets; i++)
		counter_set_release(&c->sets[i]);
	regions_free(c);
	free(c->sets);
	free(c->reading);
	free(c->previous);
	free(c->one);
	free(c->delta);
	free(c->pid_watches);
	free(c->tools);
	free(c->cpu.start);
	free(c->cpu.last);
	free(c->cpu.alive);
	free(c->cgroup_clocks);
	memset(c, 0, sizeof(*c));
}

const struct counter_set *counting_template(const struct counting *c)
{
	return &c->sets[0];
}

bool counting_on_command(const struct counting *c)
{
	return c->plan->scope->n_places == 0;
}

static bool setup_should_stop(void *w)
{
	return workload_setup_stop_pending(w);
}

/* Opens the counters on the command's process while it waits for its exec: they start at the
 * exec (or when enabled), and its children inherit them. A long setup (thousands of events)
 * stops as soon as hpstat is asked to stop. */
int counting_command_open(void *counting, struct workload *w, pid_t pid)
{
	struct counting *c = counting;

	return counter_set_open(&c->sets[0], pid, -1, setup_should_stop, w);
}

static int sets_enable(struct counting *c, bool on)
{
	size_t i;

	for (i = 0; i < c->n_sets; i++)
		if (on ? counter_set_enable(&c->sets[i]) : counter_set_disable(&c->sets[i]))
			return -1;
	c->on = on;
	return 0;
}

/* A task this user may not count; with CAP_PERFMON held, hpstat's own check said so. */
static int task_refused(const struct scope_place *place, int errnum, struct hp_err *err)
{
	char what[40];

	snprintf(what, sizeof(what), "%s %d", place->thread ? "thread" : "process",
		 (int)place->pid);
	return caps_explain_denied_task(what, errnum, err);
}

static int places_checked(const struct counting *c, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	for (i = 0; i < scope->n_places; i++)
		if (scope->places[i].pid > 0 && !counter_probe_task(scope->places[i].pid) &&
		    errno != ESRCH)
			return task_refused(&scope->places[i], errno, err);
	return 0;
}

static int places_alive(const struct counting *c, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	for (i = 0; i < scope->n_pid_fds; i++)
		if (syscall(SYS_pidfd_send_signal, scope->pid_fds[i], 0, NULL, 0) && errno == ESRCH)
			return err_set(err, "a process to count ended while hpstat attached to it: "
				       "its id may name another process now; attach again");
	return 0;
}

/* -G: a cgroup clock on each CPU (counter_cgroup_clock_open), before any counter there is
 * enabled; the first one also says at once whether this kernel counts cgroups at all, and
 * whether this user may count whole CPUs. The places of the first cgroup are each CPU once. */
static int cgroup_clocks_open(struct counting *c, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	for (i = 0; i < scope->n_places && scope->places[i].cgroup_fd == scope->cgroup_fds[0];
	     i++) {
		const struct scope_place *place = &scope->places[i];
		int fd = counter_cgroup_clock_open(place->cgroup_fd, place->cpu);

		if (fd >= 0) {
			c->cgroup_clocks[c->n_cgroup_clocks++] = fd;
			continue;
		}
		if (errno == EACCES || errno == EPERM)
			return caps_explain_denied_cpu(place->cpu, errno, err);
		return err_set(err, "cannot count cgroup '%s' on CPU %d: %s; counting cgroups "
			       "needs a kernel built with CONFIG_CGROUP_PERF",
			       scope->units[place->unit], place->cpu, strerror(errno));
	}
	return 0;
}

int counting_open(struct counting *c, const struct event *events, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	c->intervals = 0;
	c->started_ns = c->window_ns = 0;
	c->user_enabled = false;
	c->regions_open = 0;
	c->failed = false;
	c->on = counting_on_command(c) && c->sets[0].enable_on_exec;
	/* With CAP_PERFMON the kernel skips its check that this user may inspect a process:
	 * hpstat makes it, as the user, before it opens anything there. */
	if (scope->n_places && caps_perfmon_held() && places_checked(c, err))
		return -1;
	if (scope->cgroups && cgroup_clocks_open(c, err))
		return -1;
	for (i = 0; i < scope->n_places; i++) {
		const struct scope_place *place = &scope->places[i];

		if ((place->cgroup_fd >= 0 ?
		     counter_set_open_cgroup(&c->sets[i], place->cgroup_fd, place->cpu) :
		     counter_set_open(&c->sets[i], place->pid, place->cpu, NULL, NULL)) == 0)
			continue;
		/* A thread that ended between the listing and now counts nothing: skip it. */
		if (c->sets[i].failed_errno == ESRCH && place->pid > 0)
			continue;
		if (c->sets[i].failed_errno == ESRCH)
			return err_set(err, "cannot count CPU %d: it went offline", place->cpu);
		if (place->cpu >= 0 && (c->sets[i].failed_errno == EACCES ||
					c->sets[i].failed_errno == EPERM))
			return caps_explain_denied_cpu(place->cpu, c->sets[i].failed_errno, err);
		if (place->pid > 0 && (c->sets[i].failed_errno == EACCES ||
				       c->sets[i].failed_errno == EPERM))
			return task_refused(place, c->sets[i].failed_errno, err);
		return counter_set_explain_failure(&c->sets[i], events, err);
	}
	/* Checked again, now that the counters are open: a target that ran a set-user-ID
	 * program between the first check and the opens got its counters through CAP_PERFMON
	 * all the same (the kernel skips its own check then). Once they are open, such an exec
	 * takes them away, so what passes this check stays the user's to count. */
	if (scope->n_places && caps_perfmon_held() && places_checked(c, err))
		return -1;
	/* The processes checked must be the ones counted: a process that ended meanwhile may
	 * have left its id to another one. Its pidfd knows. */
	if (scope->n_pid_fds && caps_perfmon_held() && places_alive(c, err))
		return -1;
	/* A command counted system-wide or with processes already running starts counting
	 * before it starts, as perf does: the clone is a few microseconds of hpstat. */
	if (scope->n_places && c->plan->delay_ms == 0 && c->plan->control_fd < 0) {
		c->started_ns = workload_now_ns();
		if (sets_enable(c, true))
			return err_set(err, "cannot start the counters: %s", strerror(errno));
	}
	return 0;
}

/* ---- tool events ------------------------------------------------------------------------ */

static struct cputime cputime_max(struct cputime a, struct cputime b)
{
	return (struct cputime){ .user_ns = a.user_ns > b.user_ns ? a.user_ns : b.user_ns,
				 .sys_ns = a.sys_ns > b.sys_ns ? a.sys_ns : b.sys_ns };
}

/* A -p process with the children it waited for (as rusage counts a command), or one -t
 * thread. */
static int task_cpu_read(const struct scope_task *task, struct cputime *out)
{
	return cputime_read(task->pid, task->tid, task->tid == 0, out);
}

static void cpu_task_update(struct counting *c, size_t i)
{
	struct cputime now;

	/* One that ended keeps its last reading: its end, when its end was seen in time. */
	if (c->cpu.alive[i] && task_cpu_read(&c->plan->scope->tasks[i], &now) == 0)
		c->cpu.last[i] = cputime_max(c->cpu.last[i], now);
}

/* Reads the CPU time of what is counted, since counting began, into c->cpu.total. Readings
 * only grow: /proc rounds to clock ticks. */
static void cpu_update(struct counting *c)
{
	const struct scope *scope = c->plan->scope;
	const struct launch *run = &c->workload->launch;
	struct cputime now;
	size_t i;

	if (!c->cpu.known)
		return;
	if (scope->n_pid_fds) {
		c->cpu.total = (struct cputime){ 0, 0 };
		for (i = 0; i < scope->n_pid_fds; i++) {
			cpu_task_update(c, i);
			c->cpu.total.user_ns += c->cpu.last[i].user_ns - c->cpu.start[i].user_ns;
			c->cpu.total.sys_ns += c->cpu.last[i].sys_ns - c->cpu.start[i].sys_ns;
		}
		return;
	}
	if (run->pid > 0 && cputime_read(run->pid, 0, true, &now) == 0) {
		/* As the rusage at the end: what the child spent before its exec was hpstat's. */
		c->cpu.command = cputime_max(c->cpu.command, cputime_after(now, run->setup));
	}
	c->cpu.total = c->cpu.command;
}

/* At the start of counting: where user_time and system_time will come from, and the -p and
 * -t tasks' times so far. */
static int cpu_begin(struct counting *c, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	c->cpu.known = false;
	c->cpu.command = c->cpu.total = (struct cputime){ 0, 0 };
	if (!c->cpu_time)
		return 0;
	for (i = 0; i < scope->n_pid_fds; i++) {
		const struct scope_task *task = &scope->tasks[i];

		c->cpu.start[i] = (struct cputime){ 0, 0 };
		c->cpu.alive[i] = task_cpu_read(task, &c->cpu.start[i]) == 0;
		/* Gone already: it ends the counting, and its id may soon be another's. */
		if (!c->cpu.alive[i] && errno != ENOENT && errno != ESRCH)
			return err_set(err, "cannot read the CPU time of %s %d for user_time and "
				       "system_time (%s): leave them out of -e",
				       task->tid ? "thread" : "process",
				       (int)(task->tid ? task->tid : task->pid), strerror(errno));
		c->cpu.last[i] = c->cpu.start[i];
	}
	/* Counting CPUs with no command has nothing to read: the options refuse that. */
	c->cpu.known = scope->n_pid_fds > 0 || c->workload->launch.pid > 0;
	return 0;
}

/* A process attached to is reaped by its own parent, often at once, and its /proc file goes
 * with it: its CPU time is read every clock tick (the file's own resolution), so that what
 * one that ends adds is at most a tick short. */
static void on_cpu_tick(void *ctx, struct workload_watch *watch, bool input, uint64_t now_ns)
{
	struct counting *c = ctx;

	(void)input;
	watch->due_ns = now_ns + c->cpu.tick_ns; /* no catching up: one look is as good */
	cpu_update(c);
}

static void tool_set(struct sample_count *count, uint64_t value, uint64_t time_ns)
{
	count->value = value;
	count->enabled_ns = count->running_ns = time_ns;
}

uint64_t counting_wall_ns(const struct counting *c, const struct workload_result *res)
{
	return c->window_ns ? c->window_ns : res->wall_ns;
}

/* The tool events' readings at now_ns, in every row: duration_time the time since counting
 * began (each unit counted all of it); user_time and system_time the CPU time since then,
 * in the total only (whose CPU a process's time was, hpstat cannot tell), not counted where
 * there is nothing to read. At the end of a run, the run's own measures: its elapsed time,
 * and for a command its rusage. */
static void tools_fill(struct counting *c, uint64_t now_ns)
{
	uint64_t elapsed = now_ns > c->start_ns ? now_ns - c->start_ns : 0;
	size_t e, u;

	if (!c->any_tool)
		return;
	if (c->ending && counting_wall_ns(c, c->ending))
		elapsed = counting_wall_ns(c, c->ending);
	if (c->ending && !c->plan->scope->n_pid_fds && c->cpu.known)
		c->cpu.total = c->cpu.command = cputime_max(c->cpu.command,
			(struct cputime){ c->ending->user_ns, c->ending->sys_ns });
	else
		cpu_update(c);
	for (e = 0; e < c->n_events; e++) {
		switch (c->tools[e]) {
		case EVENT_TOOL_NONE:
			break;
		case EVENT_TOOL_DURATION:
			for (u = 0; u <= c->n_units; u++)
				tool_set(&c->reading[u * c->n_events + e], elapsed, elapsed);
			break;
		case EVENT_TOOL_USER:
		case EVENT_TOOL_SYSTEM:
			if (c->cpu.known)
				tool_set(&c->reading[e], c->tools[e] == EVENT_TOOL_USER ?
					 c->cpu.total.user_ns : c->cpu.total.sys_ns, elapsed);
			break;
		}
	}
}

/* In the total that the run keeps, the run's measures exactly: the elapsed time the report
 * prints (the counters' window where they started before the command), and the command's
 * rusage (the readings before may have been larger by a clock tick's rounding). */
static void tools_final(struct counting *c)
{
	const struct workload_result *res = c->ending;
	bool command = c->cpu.known && !c->plan->scope->n_pid_fds;
	uint64_t wall = counting_wall_ns(c, res);
	size_t e;

	if (!c->any_tool || !wall)
		return;
	for (e = 0; e < c->n_events; e++) {
		struct sample_count *total = &c->reading[e];

		if (c->tools[e] == EVENT_TOOL_DURATION)
			tool_set(total, wall, wall);
		else if (c->tools[e] == EVENT_TOOL_USER && command)
			tool_set(total, res->user_ns, wall);
		else if (c->tools[e] == EVENT_TOOL_SYSTEM && command)
			tool_set(total, res->sys_ns, wall);
	}
}

void counting_forget_counters(struct counting *c)
{
	size_t rows = 1 + c->n_units, r, e;

	for (r = 0; r < rows; r++)
		for (e = 0; e < c->n_events; e++)
			if (c->tools[e] == EVENT_TOOL_NONE)
				memset(&c->reading[r * c->n_events + e], 0, sizeof(*c->reading));
}

/* ---- readings --------------------------------------------------------------------------- */

/* Reads every set into c->reading: the total in row 0, each unit's in row 1 + unit. Counts
 * and times add up across places (perf's aggregation), so scaling stays right for each. The
 * tool events' values are those at now_ns. */
static int reading_take(struct counting *c, uint64_t now_ns, struct hp_err *err)
{
	const struct scope *scope = c->plan->scope;
	size_t rows = 1 + c->n_units, s, e;
	struct sample_count *one = c->one;

	memset(c->reading, 0, rows * c->n_events * sizeof(*c->reading));
	for (s = 0; s < c->n_sets; s++) {
		size_t unit_row = scope->n_places && c->n_units ? 1 + scope->places[s].unit : 0;

		if (counter_set_read(&c->sets[s], one, err))
			return -1;
		for (e = 0; e < c->n_events; e++) {
			struct sample_count *sums[2] = { &c->reading[e],
							 &c->reading[unit_row * c->n_events + e] };
			size_t k;

			for (k = 0; k < (unit_row ? 2u : 1u); k++) {
				sums[k]->value += one[e].value;
				sums[k]->enabled_ns += one[e].enabled_ns;
				sums[k]->running_ns += one[e].running_ns;
			}
		}
	}
	tools_fill(c, now_ns);
	return 0;
}

static void counts_subtract(struct sample_count *out, const struct sample_count *now,
			    const struct sample_count *before, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].value = now[i].value - before[i].value;
		out[i].enabled_ns = now[i].enabled_ns - before[i].enabled_ns;
		out[i].running_ns = now[i].running_ns - before[i].running_ns;
	}
}

static void counts_add(struct sample_count *sum, const struct sample_count *add, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sum[i].value += add[i].value;
		sum[i].enabled_ns += add[i].enabled_ns;
		sum[i].running_ns += add[i].running_ns;
	}
}

/* A task's counter has no enabled time while its task sleeps: over an interval in which the
 * task never ran it counted nothing, which is a count of 0, not "never counted", once it has
 * counted at all, or from the start for a thread attached to (it was there all along). Its
 * times are then the interval's, so that nothing scales. A cgroup's counter is the same: its
 * time runs only while one of its tasks runs on the CPU, and a cgroup none of whose tasks ran
 * counted 0 (perf says <not counted>). A CPU's counter (-a, -C) is another matter: its time
 * runs whenever it is enabled and its CPU online, so an interval without any is one in which
 * it could not count (the CPU went offline, or counting was off): <not counted>, as perf
 * says, never a 0 that reads as an idle CPU. */
static void idle_as_counted(const struct counting *c, struct sample_count *delta,
			    const struct sample_count *total, size_t n, uint64_t length_ns)
{
	const struct scope *scope = c->plan->scope;
	size_t i;

	if (scope->cpus && !scope->cgroups)
		return;
	/* What is left: the command's own tasks, and (n_places) the threads attached to and
	 * cgroups, which were there from the start. */
	for (i = 0; i < n; i++)
		if (delta[i].enabled_ns == 0 && delta[i].value == 0 &&
		    c->tools[i % c->n_events] == EVENT_TOOL_NONE &&
		    (total[i].running_ns > 0 || scope->n_places))
			delta[i].enabled_ns = delta[i].running_ns = length_ns;
}

/* Something failed inside the wait loop: keep the first message and end the wait. */
static void fail(struct counting *c, const struct hp_err *err)
{
	if (!c->failed)
		c->failure = *err;
	c->failed = true;
	workload_request_end(c->workload);
}

/* Prints the interval that ends now: the change of every count since the last one. */
static int interval_emit(struct counting *c, uint64_t now_ns, struct hp_err *err)
{
	size_t rows = (1 + c->n_units) * c->n_events;
	struct sample_count *delta = c->delta;
	struct counting_interval iv;

	if (reading_take(c, now_ns, err))
		return -1;
	counts_subtract(delta, c->reading, c->previous, rows);
	idle_as_counted(c, delta, c->reading, rows, now_ns - c->last_interval_ns);
	memcpy(c->previous, c->reading, rows * sizeof(*delta));
	iv = (struct counting_interval){ .time_s = (double)(now_ns - c->start_ns) / 1e9,
					 .length_ns = now_ns - c->last_interval_ns,
					 .total = delta,
					 .units = delta + c->n_events,
					 .n_events = c->n_events,
					 .n_units = c->n_units };
	c->last_interval_ns = now_ns;
	return c->plan->interval(c->plan->interval_ctx, &iv, err);
}

static void on_interval(void *ctx, struct workload_watch *watch, bool input, uint64_t now_ns)
{
	struct counting *c = ctx;
	struct hp_err err = { "" };

	(void)input;
	/* The Nth interval ends N intervals after the start, however late this one is printed:
	 * the due time moves by whole intervals, never from "now". One printed more than an
	 * interval late covers the deadlines it missed (its length says so): catching them up
	 * at this same moment would print intervals of no length. */
	do
		watch->due_ns += c->plan->interval_ns;
	while (watch->due_ns <= now_ns);
	if (interval_emit(c, now_ns, &err)) {
		fail(c, &err);
		return;
	}
	if (c->plan->interval_count && ++c->intervals >= c->plan->interval_count) {
		watch->due_ns = 0;
		workload_request_end(c->workload);
	}
}

static void on_delay(void *ctx, struct workload_watch *watch, bool input, uint64_t now_ns)
{
	struct counting *c = ctx;
	struct hp_err err = { "" };

	(void)input;
	(void)now_ns;
	watch->due_ns = 0;
	c->user_enabled = true;
	if (!c->on && sets_enable(c, true)) {
		err_set(&err, "cannot start the counters: %s", strerror(errno));
		fail(c, &err);
	}
}

static void on_timeout(void *ctx, struct workload_watch *watch, bool input, uint64_t now_ns)
{
	struct counting *c = ctx;

	(void)input;
	(void)now_ns;
	watch->due_ns = 0;
	workload_request_end(c->workload);
}

static void on_process_end(void *ctx, struct workload_watch *watch, bool input,
			   uint64_t now_ns)
{
	struct counting *c = ctx;

	(void)input;
	(void)now_ns;
	/* Its CPU time while /proc still has it (until its parent reaps it), and no more:
	 * its id may be another process's soon. */
	if (c->cpu.known && c->plan->scope->n_pid_fds) {
		size_t i = (size_t)(watch - c->pid_watches);

		cpu_task_update(c, i);
		c->cpu.alive[i] = false;
	}
	watch->fd = -1; /* ended: poll it no more */
	if (c->pids_running && --c->pids_running == 0 && c->workload->launch.pid <= 0)
		workload_request_end(c->workload);
}

static struct counting_region *region_find(struct counting *c, const char *name, bool add,
					   struct hp_err *err)
{
	struct counting_region *r;
	size_t i;

	for (i = 0; i < c->n_regions; i++)
		if (strcmp(c->regions[i].name, name) == 0)
			return &c->regions[i];
	if (!add) {
		err_set(err, "region '%s' is not started", name);
		return NULL;
	}
	if (c->n_regions == COUNTING_MAX_REGIONS) {
		err_set(err, "too many regions: at most %d names", COUNTING_MAX_REGIONS);
		return NULL;
	}
	r = &c->regions[c->n_regions];
	memset(r, 0, sizeof(*r));
	snprintf(r->name, sizeof(r->name), "%s", name);
	samples_init(&r->samples, c->n_events);
	r->start = calloc(c->n_events ? c->n_events : 1, sizeof(*r->start));
	r->sum = calloc(c->n_events ? c->n_events : 1, sizeof(*r->sum));
	if (!r->start || !r->sum) {
		samples_release(&r->samples);
		free(r->start);
		free(r->sum);
		err_set(err, "out of memory");
		return NULL;
	}
	c->n_regions++;
	return r;
}

/* Counting is on while the command has enabled it or is inside a region. */
static int switch_to(struct counting *c, struct hp_err *err)
{
	bool want = c->user_enabled || c->regions_open > 0;

	if (want != c->on && sets_enable(c, want))
		return err_set(err, "cannot %s the counters: %s", want ? "start" : "stop",
			       strerror(errno));
	return 0;
}

static int region_start(struct counting *c, const char *name, uint64_t now_ns,
			struct hp_err *err)
{
	struct counting_region *r = region_find(c, name, true, err);

	if (!r)
		return -1;
	if (r->open)
		return err_set(err, "region '%s' is already started", name);
	/* Read, then on; at the stop, off, then read: whatever the counters count while the
	 * region keeps them on is the region's, however the command's own steps around its
	 * start and stop lines fall (a page fault between its line and its wait for the
	 * reply). Counters on only for regions then count exactly their sum. */
	if (reading_take(c, now_ns, err))
		return -1;
	memcpy(r->start, c->reading, c->n_events * sizeof(*r->start));
	r->open = true;
	c->regions_open++;
	if (switch_to(c, err))
		return -1;
	r->start_ns = now_ns;
	r->run_calls++;
	return 0;
}

static int region_stop(struct counting *c, struct counting_region *r, uint64_t now_ns,
		       struct hp_err *err)
{
	r->open = false;
	c->regions_open--;
	if (switch_to(c, err) || reading_take(c, now_ns, err))
		return -1;
	counts_subtract(c->delta, c->reading, r->start, c->n_events);
	counts_add(r->sum, c->delta, c->n_events);
	r->sum_ns += now_ns - r->start_ns;
	return 0;
}

/* Acts on one control line; the reply goes to the ack channel. */
static void control_line(struct counting *c, const char *line, uint64_t now_ns)
{
	struct control_command cmd;
	struct counting_region *r;
	struct hp_err err = { "" };
	char reply[sizeof(err.msg) + 8];
	int parsed = control_parse(&cmd, line, &err), failed = parsed < 0;

	if (parsed == 1)
		return; /* a blank line: nothing to do, nothing to say */
	if (!failed) {
		switch (cmd.verb) {
		case CONTROL_ENABLE:
		case CONTROL_DISABLE:
			c->user_enabled = cmd.verb == CONTROL_ENABLE;
			failed = switch_to(c, &err);
			break;
		case CONTROL_PING:
			break;
		case CONTROL_START:
			failed = region_start(c, cmd.name, now_ns, &err);
			break;
		case CONTROL_STOP:
			r = region_find(c, cmd.name, false, &err);
			failed = !r || (r->open ? region_stop(c, r, now_ns, &err) :
					err_set(&err, "region '%s' is not started", cmd.name));
			break;
		}
	}
	if (c->plan->ack_fd < 0)
		return;
	if (failed)
		snprintf(reply, sizeof(reply), "err %s\n", err.msg);
	else
		snprintf(reply, sizeof(reply), "ack\n");
	/* A reader that is not reading must not stall the counting: the reply is dropped. */
	(void)!write(c->plan->ack_fd, reply, strlen(reply));
}

/* Reads what the control channel has and acts on every whole line; at most 64 KiB at a
 * time, so that a writer that never stops cannot keep the wait loop from its signals. */
static void control_drain(struct counting *c, uint64_t now_ns)
{
	const char *line;
	char buf[512];
	ssize_t got;
	int reads = 128;

	while (reads-- > 0 && (got = read(c->plan->control_fd, buf, sizeof(buf))) > 0) {
		control_reader_feed(&c->reader, buf, (size_t)got);
		while (control_reader_next(&c->reader, &line))
			control_line(c, line, now_ns);
	}
}

static void on_control(void *ctx, struct workload_watch *watch, bool input, uint64_t now_ns)
{
	(void)watch;
	if (input)
		control_drain(ctx, now_ns);
}

static int watch_add(struct counting *c, struct workload_watch *watch, int fd, uint64_t due_ns,
		     workload_watch_fn fire, struct hp_err *err)
{
	*watch = (struct workload_watch){ .fd = fd, .due_ns = due_ns, .fire = fire, .ctx = c };
	return workload_watch_add(c->workload, watch, err);
}

int counting_begin(struct counting *c, struct workload *w, struct hp_err *err)
{
	const struct counting_plan *plan = c->plan;
	const struct scope *scope = plan->scope;
	size_t i;

	c->workload = w;
	c->ending = NULL;
	/* What is timed during the run counts from the command's own start, as its elapsed
	 * time does; with nothing timed, that start is taken at the end (counting_end). */
	c->timed = plan->interval_ns || plan->delay_ms > 0 || plan->timeout_ns ||
		   plan->control_fd >= 0 || scope->n_pid_fds;
	if (c->timed)
		workload_wait_exec(w);
	c->start_ns = c->started_ns ? c->started_ns : w->launch.start_ns;
	if (!c->start_ns)
		c->start_ns = workload_now_ns();
	c->last_interval_ns = c->start_ns;
	memset(c->previous, 0, (1 + c->n_units) * c->n_events * sizeof(*c->previous));
	if (cpu_begin(c, err))
		return -1;
	workload_watches_clear(w);
	if (plan->interval_ns &&
	    watch_add(c, &c->interval_watch, -1, c->start_ns + plan->interval_ns, on_interval, err))
		return -1;
	if (plan->delay_ms > 0 &&
	    watch_add(c, &c->delay_watch, -1, c->start_ns + (uint64_t)plan->delay_ms * NS_PER_MS,
		      on_delay, err))
		return -1;
	if (plan->timeout_ns &&
	    watch_add(c, &c->timeout_watch, -1, c->start_ns + plan->timeout_ns, on_timeout, err))
		return -1;
	if (c->cpu.known && scope->n_pid_fds &&
	    watch_add(c, &c->cpu_watch, -1, c->start_ns + c->cpu.tick_ns, on_cpu_tick, err))
		return -1;
	if (plan->control_fd >= 0 &&
	    watch_add(c, &c->control_watch, plan->control_fd, 0, on_control, err))
		return -1;
	c->pids_running = scope->n_pid_fds;
	for (i = 0; i < scope->n_pid_fds; i++)
		if (watch_add(c, &c->pid_watches[i], scope->pid_fds[i], 0, on_process_end, err))
			return -1;
	return 0;
}

int counting_end(struct counting *c, const struct workload_result *res, struct hp_err *err)
{
	uint64_t now;
	size_t i;

	if (c->failed) {
		*err = c->failure;
		return -1;
	}
	if (c->started_ns) {
		/* Counters started before the command stop before the clock is read, so that
		 * their window, the run's, holds all they counted: -a never shows more CPUs
		 * utilized than there are. */
		if (c->on)
			(void)sets_enable(c, false);
		now = workload_now_ns();
		c->window_ns = now - c->start_ns;
	} else {
		now = workload_now_ns();
		/* A run that timed nothing did not wait for the command's exec: its start is
		 * known now, and duration_time counts from it as the elapsed time does. */
		if (!c->timed && c->workload->launch.start_ns)
			c->start_ns = c->last_interval_ns = c->workload->launch.start_ns;
		/* The run ended when its elapsed time says: the last interval and the regions
		 * still open end then too, so that every duration_time adds up to the elapsed
		 * time. */
		if (res->wall_ns && c->start_ns + res->wall_ns >= c->last_interval_ns &&
		    c->start_ns + res->wall_ns <= now)
			now = c->start_ns + res->wall_ns;
	}
	c->ending = res;
	/* Lines the command wrote just before it ended still count. */
	if (c->plan->control_fd >= 0)
		control_drain(c, now);
	for (i = 0; i < c->n_regions; i++) {
		struct hp_err ignored;

		if (c->regions[i].open && region_stop(c, &c->regions[i], now, &ignored))
			break;
	}
	/* The last interval, cut short by the end: with it the intervals add up to the total.
	 * After the last of --interval-count, the total is the reading taken with it. */
	if (c->plan->interval_count && c->intervals >= c->plan->interval_count) {
		memcpy(c->reading, c->previous,
		       (1 + c->n_units) * c->n_events * sizeof(*c->reading));
	} else if (c->plan->interval_ns && now > c->last_interval_ns) {
		if (interval_emit(c, now, err))
			return -1;
	} else if (reading_take(c, now, err)) {
		return -1;
	}
	/* A thread attached to that slept all along counted 0, as over an idle interval. */
	idle_as_counted(c, c->reading, c->reading, (1 + c->n_units) * c->n_events,
			now - c->start_ns);
	tools_final(c);
	c->ending = NULL;
	workload_watches_clear(c->workload);
	return 0;
}

int counting_regions_keep(struct counting *c, const struct sample_run *run, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < c->n_regions; i++) {
		struct counting_region *r = &c->regions[i];
		struct sample_run region_run = *run;

		if (!r->run_calls)
			continue;
		region_run.wall_ns = r->sum_ns;
		region_run.user_ns = region_run.sys_ns = 0;
		if (samples_add(&r->samples, r->sum, &region_run, err))
			return -1;
		r->calls += r->run_calls;
		r->run_calls = 0;
		r->sum_ns = 0;
		memset(r->sum, 0, c->n_events * sizeof(*r->sum));
	}
	return 0;
}

void counting_close(struct counting *c)
{
	size_t i;

	for (i = 0; c->sets && i < c->n_sets; i++)
		counter_set_close(&c->sets[i]);
	for (i = 0; i < c->n_cgroup_clocks; i++)
		close(c->cgroup_clocks[i]);
	c->n_cgroup_clocks = 0;
	for (i = 0; i < c->n_regions; i++) {
		c->regions[i].open = false;
		c->regions[i].run_calls = 0;
		c->regions[i].sum_ns = 0;
		memset(c->regions[i].sum, 0, c->n_events * sizeof(*c->regions[i].sum));
	}
	c->regions_open = 0;
}
