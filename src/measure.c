/* measure.c - rounds of runs over one or more commands: start, wait, read, close, keep. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "caps.h"
#include "measure.h"

void measure_plan_init(struct measure_plan *plan, const struct options *opts)
{
	memset(plan, 0, sizeof(*plan));
	plan->runs = opts->runs;
	plan->warmup = opts->warmup;
	plan->prepare = opts->prepare;
	plan->prepare_option = opts->prepare_option ? opts->prepare_option : "--prepare";
	plan->post = opts->post;
	plan->cleanup = opts->cleanup;
	plan->sync = opts->sync;
	plan->failure_stops = options_comparing(opts) && !opts->ignore_failure;
	plan->shuffle = opts->shuffle;
	plan->seed = opts->seed;
	if (!opts->shuffle || opts->seed_given)
		return;
	if (getrandom(&plan->seed, sizeof(plan->seed), GRND_NONBLOCK) != sizeof(plan->seed))
		plan->seed = (uint64_t)time(NULL) ^ (uint64_t)clock();
	/* A drawn seed fits a double exactly, so that any JSON reader (jq reads numbers as
	 * doubles) hands back the seed that replays the order. */
	plan->seed &= (UINT64_C(1) << 53) - 1;
}

/* What runs now, for the ticker. */
struct now_running {
	const struct measure_plan *plan;
	struct measure_progress progress;
};

static void on_tick(void *opaque)
{
	const struct now_running *now = opaque;

	now->plan->tick(now->plan->tick_ctx, &now->progress);
}

/* A --pre, --post or --cleanup command, through the shell; a stop signal during it is no
 * failure (the caller sees the signal). A failure stops the runs with its own status, never
 * a report of runs it left undone or unprepared (perf's zeros). */
static int run_shell(struct measurement *m, const char *option, const char *line,
		     struct hp_err *err)
{
	char *argv[] = { "/bin/sh", "-c", (char *)line, NULL };
	struct workload_result res;
	int code;

	if (workload_start(&m->workload, argv, NULL, NULL, err)) {
		if (m->workload.setup_stopped)
			return 0;
		m->failed_status = HPSTAT_EXIT_SETUP_FAILED;
		return -1;
	}
	if (workload_wait(&m->workload, &res, err)) {
		/* Its exec failed: the shell itself is missing or broken. */
		m->failed_status = m->workload.launch.exec_errno ? HPSTAT_EXIT_SETUP_FAILED :
								   HPSTAT_EXIT_ERROR;
		return -1;
	}
	code = workload_exit_code(res.wait_status);
	if (code == 0 || workload_stop_signal(&m->workload))
		return 0;
	m->failed_status = HPSTAT_EXIT_SETUP_FAILED;
	return err_set(err, "the %s command '%s' failed (exit status %d)", option, line, code);
}

/* How messages name a command: its label when comparing, else its program. */
static const char *target_name(const struct measurement *m, size_t target)
{
	return m->names ? m->names[target] : m->targets[target].argv[0];
}

/* A command that exited non-zero where that must stop the measurement. */
static int command_failed(struct measurement *m, size_t target, unsigned run, bool warmup,
			  unsigned runs, int code, struct hp_err *err)
{
	char how[96];
	int status = m->last_wait_status;

	m->failed_status = HPSTAT_EXIT_COMMAND_FAILED;
	m->failed_target = target;
	if (WIFSIGNALED(status))
		snprintf(how, sizeof(how), "was killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(how, sizeof(how), "exited with status %d", code);
	return err_set(err, "'%s' %s in %s run %u of %u; fix it, or measure it anyway with "
		       "--ignore-failure", target_name(m, target), how,
		       warmup ? "warmup" : "counted", run + 1, runs);
}

/* After a --pre or --post command failed: which run it was before or after, as "before run
 * 2 of 3", "after warmup run 1 of 1 of 'b.sh'". */
static int shell_failed(const struct measurement *m, size_t target, unsigned run, unsigned runs,
			bool warmup, const char *when, struct hp_err *err)
{
	struct hp_err why = *err;

	if (m->n_targets == 1)
		return err_set(err, "%s %s %srun %u of %u", why.msg, when, warmup ? "warmup " : "",
			       run + 1, runs);
	return err_set(err, "%s %s %srun %u of %u of '%s'", why.msg, when, warmup ? "warmup " : "",
		       run + 1, runs, target_name(m, target));
}

/* After a --cleanup command failed: which command's last run it followed, when several. */
static int cleanup_failed(const struct measurement *m, size_t target, struct hp_err *err)
{
	struct hp_err why = *err;

	if (m->n_targets == 1)
		return -1;
	return err_set(err, "%s after the last run of '%s'", why.msg, target_name(m, target));
}

/* After the command's run failed (it did not start, or its exit stops the runs): its --pre
 * ran, so --post still undoes it, and --cleanup follows, once, this being the last run. The
 * run's failure stays the message and the status; a failure of theirs is added to the
 * message. */
static int undo_after_failure(struct measurement *m, const struct measure_plan *plan,
			      struct hp_err *err)
{
	const char *const options[] = { "--post", "--cleanup" };
	const char *const lines[] = { plan->post, plan->cleanup };
	int status = m->failed_status;
	struct hp_err undo;
	size_t k;

	for (k = 0; k < 2; k++) {
		struct hp_err why = *err;

		if (!lines[k] || workload_stop_signal(&m->workload) ||
		    !run_shell(m, options[k], lines[k], &undo))
			continue;
		err_set(err, "%s; then %s", why.msg, undo.msg);
	}
	m->failed_status = status;
	return -1;
}

/* After a run failed: when others ran before it, says which run it was (their report is
 * written before this message). */
static int run_failed(const struct measurement *m, size_t target, unsigned run, unsigned runs,
		      bool others_ran, struct hp_err *err)
{
	struct hp_err why = *err;

	if (!others_ran)
		return -1;
	if (m->n_targets == 1)
		return err_set(err, "run %u of %u failed: %s", run + 1, runs, why.msg);
	return err_set(err, "run %u of %u of '%s' failed: %s", run + 1, runs,
		       target_name(m, target), why.msg);
}

/* A command stopped by --timeout (or the last interval of --interval-count) was stopped as
 * asked: its SIGTERM is no failure. */
static int exit_code_of(const struct workload_result *res)
{
	int code = workload_exit_code(res->wait_status);

	return res->ended_by_request && code == 128 + SIGTERM ? 0 : code;
}

/* The exit status for a command that never ran: not found, not runnable, or another failure. */
static int not_run_status(const struct measurement *m)
{
	int errnum = m->workload.launch.exec_errno;

	if (!errnum)
		return HPSTAT_EXIT_ERROR;
	return errnum == ENOENT ? HPSTAT_EXIT_NOT_FOUND : HPSTAT_EXIT_CANNOT_EXEC;
}

/* Starts the run: the command (its counters opened on it before its exec, or already open
 * on the places), or, with no command, the counting alone. */
static int run_start(struct measurement *m, struct measure_target *t, bool counted,
		     struct hp_err *err)
{
	workload_open_fn open = counted && counting_on_command(&t->counting) ?
					counting_command_open : NULL;

	if (!t->argv) {
		workload_begin(&m->workload);
		return 0;
	}
	if (workload_start(&m->workload, t->argv, open, &t->counting, err) == 0)
		return 0;
	if (m->workload.open_failed)
		counter_set_explain_failure(&t->counting.sets[0], t->events, err);
	m->failed_status = not_run_status(m);
	return -1;
}

/* Adds the run to the target's samples: the total, each unit's row, each region. */
static int run_keep(struct measure_target *t, const struct sample_run *run, bool detached,
		    struct hp_err *err)
{
	struct counting *c = &t->counting;
	size_t u, n = t->samples.n_events;

	/* The kernel detaches a task's counters when it execs a program that raises its
	 * privileges (set-user-ID, set-group-ID) for a user who may not count that: what they
	 * hold then is a few instructions of the exec, not the run. hpstat's own measures
	 * (the tool events) stand. */
	if (detached)
		counting_forget_counters(c);
	if (samples_add(&t->samples, c->reading, run, err))
		return -1;
	for (u = 0; u < t->n_units; u++)
		if (samples_add(&t->unit_samples[u], c->reading + (1 + u) * n, run, err))
			return -1;
	return counting_regions_keep(c, run, err);
}

/* One run of a target: start the command (with its counters unless it is a warmup), wait,
 * read every counter, close them, and keep the run unless a stop signal makes it no whole
 * measurement. Returns the command's exit code (>= 0), or -1 with err. */
static int run_once(struct measurement *m, struct measure_target *t, bool counted,
		    struct hp_err *err)
{
	struct workload_result res;
	struct sample_run run;
	int code;

	if (counted && counting_open(&t->counting, t->events, err)) {
		counting_close(&t->counting);
		m->failed_status = HPSTAT_EXIT_ERROR;
		return -1;
	}
	if (run_start(m, t, counted, err)) {
		counting_close(&t->counting);
		return m->workload.setup_stopped ? 0 : -1; /* a stop: the caller sees the signal */
	}
	m->sequence++;
	if ((counted && counting_begin(&t->counting, &m->workload, err)) ||
	    workload_wait(&m->workload, &res, err) ||
	    (counted && counting_end(&t->counting, &res, err))) {
		counting_close(&t->counting);
		/* Its exec may have failed: that shows only once it has ended. */
		m->failed_status = not_run_status(m);
		return -1;
	}
	m->last_wait_status = res.wait_status;
	code = t->argv ? exit_code_of(&res) : 0;
	if (!counted) {
		counting_close(&t->counting);
		return code;
	}
	/* A run during which the stop signal came (however the command then ended: it may catch
	 * SIGINT and exit 0) is not a whole measurement of the command. It is kept only when no
	 * run completed, so that a single run still reports, and never when the command was
	 * killed before its exec: then nothing of it was measured. Counting with no command
	 * ends at the stop signal: that is its whole measurement. */
	if (t->argv && workload_stop_signal(&m->workload)) {
		if (t->samples.n_runs > 0 || !res.exec_reached) {
			counting_close(&t->counting);
			return code;
		}
		t->partial_run = true;
	}
	run = (struct sample_run){ .wall_ns = counting_wall_ns(&t->counting, &res),
				   .user_ns = res.user_ns,
				   .sys_ns = res.sys_ns, .max_rss_kb = res.max_rss_kb,
				   .exit_code = code, .counters_detached = res.counters_detached,
				   .sequence = m->sequence - 1 };
	code = run_keep(t, &run, res.counters_detached, err) ? -1 : code;
	counting_close(&t->counting);
	return code;
}

/* splitmix64: a small, well-mixed generator, so that a seed printed in the report replays
 * the same order anywhere. */
static uint64_t random_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* The commands' order in one round: as given, or shuffled (Fisher-Yates). */
static void round_order(size_t *order, size_t n, bool shuffle, uint64_t *state)
{
	size_t i;

	for (i = 0; i < n; i++)
		order[i] = i;
	for (i = n; shuffle && i > 1; i--) {
		size_t j = (size_t)(random_next(state) % i), tmp = order[i - 1];

		order[i - 1] = order[j];
		order[j] = tmp;
	}
}

/* One round: each command once, in order. 0 to go on, 1 when a stop signal ended it, -1 on
 * failure. */
static int round_run(struct measurement *m, const struct measure_plan *plan, const size_t *order, unsigned run,
		     bool warmup, struct now_running *now, struct hp_err *err)
{
	size_t k;

	for (k = 0; k < m->n_targets; k++) {
		size_t i = order[k], started_before = m->sequence;
		int code;

		if (workload_stop_signal(&m->workload))
			return 1;
		if (plan->prepare && run_shell(m, plan->prepare_option, plan->prepare, err))
			return shell_failed(m, i, run, warmup ? plan->warmup : plan->runs, warmup,
					    "before", err);
		if (workload_stop_signal(&m->workload))
			return 1;
		/* After the prepare command, which may have written what sync() should flush. */
		if (plan->sync)
			sync();
		now->progress.command = i;
		now->progress.run = run;
		now->progress.warmup = warmup;
		now->progress.started = m->sequence + 1;
		code = run_once(m, &m->targets[i], !warmup, err);
		if (code < 0) {
			run_failed(m, i, run, warmup ? plan->warmup : plan->runs, started_before > 0,
				   err);
			return undo_after_failure(m, plan, err);
		}
		if (workload_stop_signal(&m->workload))
			return 1;
		/* A failure that stops the runs is the message; --post and --cleanup still undo
		 * the run, their own failures added to it. */
		if (code != 0 && plan->failure_stops) {
			command_failed(m, i, run, warmup, warmup ? plan->warmup : plan->runs, code,
				       err);
			return undo_after_failure(m, plan, err);
		}
		/* Whatever the command's status: --post undoes what --pre did. */
		if (plan->post && run_shell(m, "--post", plan->post, err))
			return shell_failed(m, i, run, warmup ? plan->warmup : plan->runs, warmup,
					    "after", err);
		/* Cleanup after the command's last counted run, before the next command runs. */
		if (!warmup && run + 1 == plan->runs && plan->cleanup &&
		    run_shell(m, "--cleanup", plan->cleanup, err))
			return cleanup_failed(m, i, err);
	}
	return 0;
}

static int targets_init(struct measurement *m, const struct event *events, size_t n_events,
			char *const *const commands[], size_t n_commands,
			const struct counting_plan *counting, struct hp_err *err)
{
	size_t i, u;

	m->targets = calloc(n_commands, sizeof(*m->targets));
	if (!m->targets)
		return err_set(err, "out of memory");
	m->n_targets = n_commands;
	for (i = 0; i < n_commands; i++) {
		struct measure_target *t = &m->targets[i];

		t->argv = commands[i];
		t->events = events;
		samples_init(&t->samples, n_events);
		t->unit_samples = calloc(counting->scope->n_units + 1, sizeof(*t->unit_samples));
		if (!t->unit_samples)
			return err_set(err, "out of memory");
		t->n_units = counting->scope->n_units;
		for (u = 0; u < t->n_units; u++)
			samples_init(&t->unit_samples[u], n_events);
		if (counting_init(&t->counting, counting, events, n_events, err))
			return -1;
	}
	return 0;
}

int measure(struct measurement *m, const struct event *events, size_t n_events,
	    char *const *const commands[], size_t n_commands, const struct measure_plan *plan,
	    struct launcher *launcher, struct hp_err *err)
{
	struct now_running now = {
		.plan = plan,
		.progress.total = (size_t)(plan->runs + plan->warmup) * n_commands,
	};
	static const struct scope no_scope = { 0 };
	static const struct counting_plan from_exec = { .scope = &no_scope, .inherit = true,
							.control_fd = -1, .ack_fd = -1 };
	const struct counting_plan *counting = plan->counting ? plan->counting : &from_exec;
	const struct scope *scope = counting->scope;
	/* -G holds each cgroup's directory and a cgroup clock on each CPU (counting.c) besides
	 * the counters. */
	size_t cgroup_fds = scope->cgroups ?
				    scope->n_cgroup_fds + scope->n_places / scope->n_cgroup_fds : 0;
	uint64_t state = plan->seed;
	size_t *order = calloc(n_commands ? n_commands : 1, sizeof(*order));
	unsigned run;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	m->names = plan->names;
	if (!order)
		return err_set(err, "out of memory");
	/* One command's counters are open at a time: each run closes them. */
	if (counter_room_ensure(n_events * (scope->n_places ? scope->n_places : 1),
				counter_hold_kinds(events, n_events) + cgroup_fds, err) ||
	    counter_hold_open(&m->hold, events, n_events, err) ||
	    workload_init(&m->workload, launcher, plan->mask_at_start, err) ||
	    targets_init(m, events, n_events, commands, n_commands, counting, err)) {
		free(order);
		m->failed_status = HPSTAT_EXIT_ERROR;
		return -1;
	}
	if (plan->tick)
		workload_set_ticker(&m->workload, plan->tick_ns, on_tick, &now);
	/* Each round starts every command, with its --pre and --post; --cleanup once each. */
	workload_expect_starts(&m->workload,
			       (uint64_t)n_commands * (plan->warmup + plan->runs) *
					       (1u + !!plan->prepare + !!plan->post) +
				       (plan->cleanup ? n_commands : 0));
	for (run = 0; ret == 0 && run < plan->warmup; run++) {
		round_order(order, n_commands, plan->shuffle, &state);
		ret = round_run(m, plan, order, run, true, &now, err);
	}
	for (run = 0; ret == 0 && run < plan->runs; run++) {
		round_order(order, n_commands, plan->shuffle, &state);
		ret = round_run(m, plan, order, run, false, &now, err);
	}
	free(order);
	/* Every counter is open by now, or was: the privilege to open them goes for good. */
	caps_drop_all();
	m->stop_signal = workload_stop_signal(&m->workload);
	m->interrupted = ret != 0;
	/* The session ends with the runs: a signal while the report is written acts as usual. */
	workload_release(&m->workload);
	/* The held counters' last close is slow (kernel hooks off, a grace period per
	 * tracepoint): the launcher takes it as it ends, while hpstat writes its report
	 * (launcher.h). Without a launcher, hpstat closes them now. */
	if (launcher_hand_over(launcher, m->hold.fd, m->hold.n, m->hold.n_tracepoints > 0) == 0)
		counter_hold_leave(&m->hold);
	else
		counter_hold_close(&m->hold);
	return ret < 0 ? -1 : 0;
}

void measurement_release(struct measurement *m)
{
	size_t i;

	workload_release(&m->workload);
	counter_hold_close(&m->hold);
	for (i = 0; i < m->n_targets; i++) {
		struct measure_target *t = &m->targets[i];
		size_t u;

		counting_release(&t->counting);
		samples_release(&t->samples);
		for (u = 0; u < t->n_units; u++)
			samples_release(&t->unit_samples[u]);
		free(t->unit_samples);
	}
	free(m->targets);
	memset(m, 0, sizeof(*m));
}
