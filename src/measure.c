/* measure.c - the runs of one command: start, wait, read, close, keep. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "measure.h"

static bool setup_should_stop(void *w)
{
	return workload_child_stop_pending(w);
}

/* Runs in the command's child just before exec: the counters it opens on itself start at
 * the exec and stay open in hpstat (see workload_start). A long setup (thousands of events)
 * stops as soon as hpstat is asked to stop. */
static int open_counters_in_child(void *counters, struct workload *w)
{
	return counter_set_open(counters, 0, setup_should_stop, w);
}

/* One run: start the command with its counters, wait, read every counter, close them, and
 * keep the run unless a stop signal makes it no whole measurement. */
static int run_once(struct measurement *m, const struct event *events, char *const command[],
		    struct hp_err *err)
{
	struct workload_result res;
	struct sample_run run;

	if (workload_start(&m->workload, command, open_counters_in_child, &m->counters, err)) {
		counter_set_close(&m->counters);
		if (m->workload.setup_stopped)
			return 0; /* the caller sees the stop signal */
		if (m->workload.hook_failed)
			counter_set_explain_failure(&m->counters, events, err);
		if (m->workload.exec_errno)
			m->failed_status = m->workload.exec_errno == ENOENT ?
					    HPSTAT_EXIT_NOT_FOUND : HPSTAT_EXIT_CANNOT_EXEC;
		return -1;
	}
	if (workload_wait(&m->workload, &res, err) ||
	    counter_set_read(&m->counters, m->counts, err)) {
		counter_set_close(&m->counters);
		return -1;
	}
	counter_set_close(&m->counters);
	/* A run during which the stop signal came (however the command then ended: it may catch
	 * SIGINT and exit 0) is not a whole measurement of the command. It is kept only when no
	 * run completed, so that a single run still reports, and never when the command was
	 * killed before its exec: then nothing of it was measured. */
	if (workload_stop_signal(&m->workload)) {
		if (m->samples.n_runs > 0 || !res.exec_reached)
			return 0;
		m->partial_run = true;
	}
	/* The kernel detaches a task's counters when it execs a program that raises its
	 * privileges (set-user-ID, set-group-ID) for a user who may not count that: what they
	 * hold then is a few instructions of the exec, not the run. */
	if (res.counters_detached)
		memset(m->counts, 0, m->samples.n_events * sizeof(*m->counts));
	run = (struct sample_run){ .wall_ns = res.wall_ns, .user_ns = res.user_ns,
				   .sys_ns = res.sys_ns, .max_rss_kb = res.max_rss_kb,
				   .exit_code = workload_exit_code(res.wait_status),
				   .counters_detached = res.counters_detached };
	return samples_add(&m->samples, m->counts, &run, err);
}

int measure(struct measurement *m, const struct event *events, size_t n_events,
	    char *const command[], unsigned runs, const struct sigaction *pipe_at_start,
	    struct hp_err *err)
{
	unsigned run;
	int ret = 0;

	memset(m, 0, sizeof(*m));
	samples_init(&m->samples, n_events);
	if (workload_init(&m->workload, pipe_at_start, err) ||
	    counter_set_init(&m->counters, events, n_events, err))
		return -1;
	m->counts = calloc(n_events ? n_events : 1, sizeof(*m->counts));
	if (!m->counts)
		return err_set(err, "out of memory");
	for (run = 0; run < runs && !workload_stop_signal(&m->workload); run++) {
		if (run_once(m, events, command, err) == 0)
			continue;
		if (run > 0) {
			struct hp_err why = *err;

			err_set(err, "run %u of %u failed, so the report covers the %zu before it: "
				"%s", run + 1, runs, m->samples.n_runs, why.msg);
		}
		ret = -1;
		break;
	}
	m->stop_signal = workload_stop_signal(&m->workload);
	m->interrupted = m->stop_signal || m->samples.n_runs < runs;
	/* The session ends with the runs: a signal while the report is written acts as usual. */
	workload_release(&m->workload);
	return ret;
}

void measurement_release(struct measurement *m)
{
	workload_release(&m->workload);
	counter_set_release(&m->counters);
	samples_release(&m->samples);
	free(m->counts);
}
