/* run.c - the single-command mode: events, runs, report, in that order. */
#include <stdlib.h>

#include "destination.h"
#include "machine.h"
#include "measure.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "run.h"
#include "selection.h"

/* Writes the report of the runs measured; nothing when none finished. */
static int report_write(struct destination *dest, const struct selection *sel,
			const struct measurement *m, const struct options *opts,
			struct hp_err *err)
{
	const struct measure_target *t = m->n_targets ? &m->targets[0] : NULL;
	struct machine machine;
	struct report report;
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (!t || t->samples.n_runs == 0)
		return 0; /* nothing ran, or the measurement could not even begin */
	machine_read(&machine);
	if (selection_report_build(&report, sel, &t->counters,
				   (struct report_input){ .command = opts->command,
							  .version = PACKAGE_VERSION,
							  .machine = &machine,
							  .samples = &t->samples,
							  .runs_requested = opts->runs,
							  .interrupted = m->interrupted,
							  .partial_run = t->partial_run },
				   err))
		return -1;
	ret = output_render(&report, opts, &text, &len, err);
	report_release(&report);
	if (ret == 0)
		ret = destination_write(dest, text, len, err);
	free(text);
	return ret;
}

int run(const struct options *opts, const struct sigaction *pipe_at_start, int *status,
	struct hp_err *err)
{
	struct selection sel = { 0 };
	struct destination dest = { 0 };
	struct measurement m = { 0 };
	struct hp_err failure = { "" };
	char *const *commands[] = { opts->command };
	struct measure_plan plan;
	struct progress progress;
	int ret = -1, failed;

	*status = HPSTAT_EXIT_ERROR;
	if (selection_resolve(&sel, opts, err) ||
	    destination_open(&dest, opts->output_path, opts->append, err))
		goto out;
	measure_plan_init(&plan, opts);
	progress_init(&progress, stderr, opts->quiet, (const char *const *)opts->command, 1,
		      opts->runs, opts->warmup);
	progress_attach(&progress, &plan);
	failed = measure(&m, sel.events, sel.n, commands, 1, &plan, pipe_at_start, &failure);
	progress_clear(&progress);
	if (failed) {
		/* The runs finished before the failure are reported, then why the rest is not. */
		if (report_write(&dest, &sel, &m, opts, err))
			goto out;
		*err = failure;
		*status = m.failed_status;
		goto out;
	}
	if (report_write(&dest, &sel, &m, opts, err))
		goto out;
	/* A stop signal ends hpstat as it would have ended the command; else the runs decide. */
	*status = m.stop_signal ? 128 + m.stop_signal : samples_exit_code(&m.targets[0].samples);
	ret = 0;
out:
	if (destination_close(&dest, ret ? NULL : err) && ret == 0) {
		*status = HPSTAT_EXIT_ERROR;
		ret = -1;
	}
	measurement_release(&m);
	selection_release(&sel);
	return ret;
}
