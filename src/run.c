/* run.c - the single-command mode, and counting what runs already (-p, -t, -a, -C): events,
 * where and when to count, runs (their intervals as they end), report, in that order. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "destination.h"
#include "push.h"
#include "machine.h"
#include "measure.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "run.h"
#include "scope.h"
#include "selection.h"
#include "verbose.h"

#define NS_PER_MS 1000000ull

/* --prometheus and --openmetrics with -I: the counts since counting began, each interval's
 * added as it ends, so that the file's counters only grow. Each interval's count is scaled
 * up on its own, as its interval line would be, and the scaled counts summed: scaling the
 * sums instead could shrink a count when a later interval had its counter longer. */
struct since_start {
	struct sample_count *counts; /* 1 + n_units rows of n_events: the whole, each unit */
	size_t n_events, n_units;
	uint64_t wall_ns;            /* the intervals' lengths, summed */
};

/* Everything a run of this mode holds. */
struct session {
	const struct options *opts;
	struct selection sel;
	struct destination dest;
	struct scope scope;
	struct control_spec control;
	struct channel channel;
	struct counting_plan counting;
	struct output_options style;
	char *const *label;        /* what the report says was measured */
	char *label_words[2];
	char label_text[256];
	const struct measurement *measurement; /* while it runs: the kernel's answers per event */
	struct machine machine;    /* read once: each interval's report needs it too */
	size_t intervals_printed;
	char *json_intervals;      /* --json with -I: the intervals' objects so far */
	size_t json_len;
	bool cumulative;           /* each interval writes the counts since the start */
	struct since_start since;
};

/* "process 1234", "CPUs 0-3", "system wide", "cgroups A,B", with the command when there is
 * one. */
static void label_make(struct session *s)
{
	const struct options *opts = s->opts;
	char what[160] = "";
	size_t i, len = 0;

	s->label = opts->command;
	if (!options_attaching(opts))
		return;
	if (opts->n_cgroup_lists) {
		for (i = 0; i < opts->n_cgroup_lists && len < sizeof(what) - 16; i++)
			len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%s",
						i ? "," : "cgroups ", opts->cgroup_lists[i]);
		if (opts->cpu_list && len < sizeof(what) - 16)
			snprintf(what + len, sizeof(what) - len, " on CPUs %s", opts->cpu_list);
	} else if (opts->all_cpus) {
		snprintf(what, sizeof(what), "system wide");
	} else if (opts->cpu_list) {
		snprintf(what, sizeof(what), "CPUs %s", opts->cpu_list);
	}
	for (i = 0; i < opts->n_pids && len < sizeof(what) - 16; i++)
		len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%d",
					i ? "," : opts->n_pids > 1 ? "processes " : "process ",
					opts->pids[i]);
	for (i = 0; i < opts->n_tids && len < sizeof(what) - 16; i++)
		len += (size_t)snprintf(what + len, sizeof(what) - len, "%s%d",
					i ? "," : len ? ", threads " : "thread ", opts->tids[i]);
	len = (size_t)snprintf(s->label_text, sizeof(s->label_text), "%s%s", what,
			       opts->command ? ", while" : "");
	for (i = 0; opts->command && opts->command[i] && len < sizeof(s->label_text); i++)
		len += (size_t)snprintf(s->label_text + len, sizeof(s->label_text) - len, " %s",
					opts->command[i]);
	s->label_words[0] = s->label_text;
	s->label_words[1] = NULL;
	s->label = s->label_words;
}

/* Whether the report prints each run's values: --json always does, others with --per-run;
 * --table prints each run's time. */
static bool keeps_runs(const struct options *opts)
{
	return opts->per_run || opts->table || opts->format == OPTIONS_JSON;
}

/* One report from samples, each count scaled up by its enabled / running time when scale
 * (else taken as it is: read with --no-scale, or scaled already); its parts come after. */
static int report_scaled_of(struct session *s, struct report *r, const struct samples *samples,
			    size_t runs_requested, bool interrupted, bool partial, bool scale,
			    struct hp_err *err)
{
	return selection_report_build(r, &s->sel,
				      counting_template(&s->measurement->targets[0].counting),
				      (struct report_input){ .command = s->label,
							     .version = PACKAGE_VERSION,
							     .machine = &s->machine,
							     .samples = samples,
							     .runs_requested = runs_requested,
							     .interrupted = interrupted,
							     .partial_run = partial,
							     .summary_only = !keeps_runs(s->opts),
							     .no_scale = !scale },
				      err);
}

/* One report from samples as counted; its parts come after. */
static int report_of(struct session *s, struct report *r, const struct samples *samples,
		     size_t runs_requested, bool interrupted, bool partial, struct hp_err *err)
{
	return report_scaled_of(s, r, samples, runs_requested, interrupted, partial,
				!s->opts->no_scale, err);
}

/* A count scaled up for the time its counter did not run (unless --no-scale). */
static uint64_t count_scaled(const struct sample_count *c, bool no_scale)
{
	if (c->running_ns == 0)
		return 0;
	if (no_scale || c->running_ns >= c->enabled_ns)
		return c->value;
	return (uint64_t)llround((double)c->value * (double)c->enabled_ns /
				 (double)c->running_ns);
}

static int since_start_add(struct since_start *since, const struct counting_interval *iv,
			   bool no_scale, struct hp_err *err)
{
	size_t n = (1 + iv->n_units) * iv->n_events, i;

	if (!since->counts && !(since->counts = calloc(n ? n : 1, sizeof(*since->counts))))
		return err_set(err, "out of memory");
	since->n_events = iv->n_events;
	since->n_units = iv->n_units;
	for (i = 0; i < n; i++) {
		const struct sample_count *c = i < iv->n_events ? &iv->total[i] :
								  &iv->units[i - iv->n_events];
		struct sample_count *sum = &since->counts[i];

		sum->value += count_scaled(c, no_scale);
		sum->enabled_ns += c->enabled_ns;
		sum->running_ns += c->running_ns;
	}
	since->wall_ns += iv->length_ns;
	return 0;
}

/* The report of the counts since the start, as one run (run: its times, peak RSS and exit;
 * its elapsed time never less than the intervals'), with a part per unit. */
static int since_start_report(struct session *s, struct report *r, struct sample_run run,
			      bool interrupted, bool partial, struct hp_err *err)
{
	size_t n_events = s->since.n_events, u;
	struct samples one;
	int ret;

	if (run.wall_ns < s->since.wall_ns)
		run.wall_ns = s->since.wall_ns;
	samples_init(&one, n_events);
	ret = samples_add(&one, s->since.counts, &run, err) ||
	      report_scaled_of(s, r, &one, s->opts->runs, interrupted, partial, false, err);
	samples_release(&one);
	for (u = 0; ret == 0 && u < s->since.n_units; u++) {
		struct report part = { 0 };

		samples_init(&one, n_events);
		ret = samples_add(&one, s->since.counts + (1 + u) * n_events, &run, err) ||
		      report_scaled_of(s, &part, &one, s->opts->runs, interrupted, partial, false,
				       err) ||
		      report_part_add(r, s->scope.unit_kind, s->scope.units[u], 0, &part, err);
		samples_release(&one);
	}
	return ret ? -1 : 0;
}

/* The intervals' report: each count is the interval's change, as one run of its length. */
static int interval_report(struct session *s, struct report *r,
			   const struct counting_interval *iv, struct hp_err *err)
{
	struct sample_run run = { .wall_ns = iv->length_ns };
	struct samples one;
	size_t u;
	int ret;

	samples_init(&one, iv->n_events);
	/* As many runs asked for as the total's: -x then gives interval and total lines the same
	 * fields. */
	ret = samples_add(&one, iv->total, &run, err) ||
	      report_of(s, r, &one, s->opts->runs, false, false, err);
	samples_release(&one);
	for (u = 0; ret == 0 && u < iv->n_units; u++) {
		struct report part = { 0 };

		samples_init(&one, iv->n_events);
		ret = samples_add(&one, iv->units + u * iv->n_events, &run, err) ||
		      report_of(s, &part, &one, s->opts->runs, false, false, err) ||
		      report_part_add(r, s->scope.unit_kind, s->scope.units[u], 0, &part, err);
		samples_release(&one);
	}
	return ret ? -1 : 0;
}

/* Called as each interval ends: its lines go out at once (JSON: kept for the document). */
static int interval_write(void *ctx, const struct counting_interval *iv, struct hp_err *err)
{
	struct session *s = ctx;
	struct report r = { 0 };
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (s->cumulative ? since_start_add(&s->since, iv, s->opts->no_scale, err) ||
				    since_start_report(s, &r, (struct sample_run){ 0 }, false,
						       false, err) :
			    interval_report(s, &r, iv, err)) {
		report_release(&r);
		return -1;
	}
	ret = output_render_interval(&r, iv->time_s, s->intervals_printed == 0, s->opts,
				     &s->style, &text, &len, err);
	report_release(&r);
	if (ret == 0 && s->opts->format == OPTIONS_JSON) {
		char *grown = realloc(s->json_intervals, s->json_len + len + 1);

		if (!grown) {
			free(text);
			return err_set(err, "out of memory");
		}
		memcpy(grown + s->json_len, text, len);
		s->json_len += len;
		grown[s->json_len] = '\0';
		s->json_intervals = grown;
	} else if (ret == 0) {
		ret = destination_write(&s->dest, text, len, err);
	}
	free(text);
	s->intervals_printed++;
	return ret;
}

/* Parts of the whole: each unit's row set (unless given already), each named region. */
static int parts_add(struct session *s, struct report *whole, const struct measure_target *t,
		     bool interrupted, bool units, struct hp_err *err)
{
	const struct counting *c = &t->counting;
	size_t i;

	for (i = 0; units && i < t->n_units; i++) {
		struct report part = { 0 };

		if (report_of(s, &part, &t->unit_samples[i], s->opts->runs, interrupted,
			      t->partial_run, err) ||
		    report_part_add(whole, s->scope.unit_kind, s->scope.units[i], 0, &part, err))
			return -1;
	}
	for (i = 0; i < c->n_regions; i++) {
		struct report part = { 0 };

		if (c->regions[i].samples.n_runs == 0)
			continue;
		if (report_of(s, &part, &c->regions[i].samples, s->opts->runs, interrupted, false,
			      err) ||
		    report_part_add(whole, "region", c->regions[i].name, c->regions[i].calls, &part,
				    err))
			return -1;
	}
	return 0;
}

/* Writes the report of the runs measured; nothing when none finished. */
/* --push: the report as a Prometheus exposition, to the gateway. */
static int push_of(struct session *s, const struct report *report, struct hp_err *err)
{
	struct options exposition = *s->opts;
	char *text = NULL;
	size_t len = 0;
	int ret;

	exposition.format = OPTIONS_PROMETHEUS;
	if (output_render(report, &exposition, &text, &len, err))
		return -1;
	ret = push_report(s->opts, s->opts->command ? s->opts->command[0] : NULL, text, len, err);
	free(text);
	return ret;
}

/* failure: why the runs ended early (the message hpstat exits with), or NULL. */
static int report_write(struct session *s, const struct measurement *m, const char *failure,
			struct hp_err *err)
{
	const struct measure_target *t = m->n_targets ? &m->targets[0] : NULL;
	struct report report = { 0 };
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (!t || t->samples.n_runs == 0)
		return 0; /* nothing ran, or the measurement could not even begin */
	/* After intervals of counts since the start, the total is the last of them: a
	 * counter in the file never shrinks, even where counters took turns. */
	if ((s->since.counts ? since_start_report(s, &report, t->samples.runs[0],
						  m->interrupted, t->partial_run, err) :
			       report_of(s, &report, &t->samples, s->opts->runs, m->interrupted,
					 t->partial_run, err)) ||
	    parts_add(s, &report, t, m->interrupted, !s->since.counts, err)) {
		report_release(&report);
		return -1;
	}
	report.stop_signal = m->stop_signal;
	report.failure = failure;
	s->style.intervals = s->intervals_printed > 0;
	s->style.json_intervals = s->json_intervals ? s->json_intervals : "";
	ret = output_render_styled(&report, s->opts, &s->style, &text, &len, err);
	if (ret == 0)
		ret = destination_write(&s->dest, text, len, err);
	free(text);
	/* The report is written first: a push that fails loses nothing. */
	if (ret == 0 && s->opts->push_url && push_of(s, &report, err))
		ret = PUSH_REPORT_FAILED;
	report_release(&report);
	return ret;
}

/* Where, when and how long the counters count, from the options. */
static int counting_plan_make(struct session *s, struct hp_err *err)
{
	const struct options *opts = s->opts;

	s->channel.ctl_fd = s->channel.ack_fd = -1;
	if (scope_build(&s->scope, opts, "/sys", err))
		return -1;
	if (opts->control && (control_spec_parse(&s->control, opts->control, err) ||
			      channel_open(&s->channel, &s->control, err)))
		return -1;
	s->counting = (struct counting_plan){
		.scope = &s->scope,
		.inherit = !opts->no_inherit,
		/* --control: counting waits for the command's word, as with -D -1. */
		.delay_ms = opts->control && opts->delay_ms == 0 ? -1 : opts->delay_ms,
		.interval_ns = opts->interval_ms * NS_PER_MS,
		.interval_count = opts->interval_count,
		.timeout_ns = opts->timeout_ms * NS_PER_MS,
		.control_fd = s->channel.ctl_fd,
		.ack_fd = s->channel.ack_fd,
		.interval = interval_write,
		.interval_ctx = s,
	};
	s->style = output_options_of(opts);
	/* Intervals print their CSV header with the first line: it must have the scope column
	 * already when there are units, or may be regions (none has begun then). One shape
	 * for scripts: with --control the column is there, regions or not; and parts come
	 * only from units or regions. */
	s->style.scoped = s->scope.n_units > 0 || opts->control;
	s->style.intervals = opts->interval_ms > 0;
	s->cumulative = opts->interval_ms > 0 && (opts->format == OPTIONS_PROMETHEUS ||
						  opts->format == OPTIONS_OPENMETRICS);
	return 0;
}

int run(const struct options *opts, FILE *log, struct launcher *launcher,
	int *status, struct hp_err *err)
{
	struct session s = { .opts = opts };
	struct measurement m = { 0 };
	struct hp_err failure = { "" };
	char *const *commands[] = { opts->command };
	struct measure_plan plan;
	struct progress progress;
	sigset_t mask_at_start;
	int ret = -1, failed;

	*status = HPSTAT_EXIT_ERROR;
	/* A stop signal from here on waits for the measurement to read it: hpstat makes
	 * things to clean up (the --control FIFOs) before the measurement starts. */
	workload_block_stop_signals(&mask_at_start);
	label_make(&s);
	/* Only --json prints the machine; reading it costs a short run a good part of a ms. */
	if (opts->format == OPTIONS_JSON)
		machine_read(&s.machine);
	if (selection_resolve(&s.sel, opts, err) || counting_plan_make(&s, err) ||
	    tool_event_check_counting(s.sel.events, s.sel.n, opts->command != NULL,
				      s.scope.cpus, err) ||
	    (output_replaces_file(opts) ?
		     destination_open_replacing(&s.dest, opts->output_path, s.cumulative, err) :
		     destination_open(&s.dest, opts->output_path, opts->append,
				      opts->quiet ? NULL : log,
				      opts->log_fd >= 0 ? "the --log-fd descriptor" :
							  "standard error",
				      err)))
		goto out;
	measure_plan_init(&plan, opts);
	plan.counting = &s.counting;
	plan.mask_at_start = &mask_at_start;
	s.measurement = &m;
	/* No progress line over interval lines, nor while counting what runs already. */
	progress_init(&progress, log, opts->no_progress || opts->interval_ms || !opts->command,
		      (const char *const *)s.label, 1, opts->runs, opts->warmup);
	progress_attach(&progress, &plan);
	failed = measure(&m, s.sel.events, s.sel.n, commands, 1, &plan, launcher, &failure);
	progress_clear(&progress);
	if (opts->verbose && !opts->quiet && m.n_targets)
		verbose_write(log, s.sel.events, s.sel.n,
			      counting_template(&m.targets[0].counting));
	if (failed) {
		/* The runs finished before the failure are reported, then why the rest is not. */
		if (report_write(&s, &m, failure.msg, err))
			goto out;
		*err = failure;
		*status = m.failed_status;
		goto out;
	}
	if ((failed = report_write(&s, &m, NULL, err)) != 0) {
		if (failed == PUSH_REPORT_FAILED)
			*status = HPSTAT_EXIT_PUSH_FAILED;
		goto out;
	}
	/* A stop signal ends hpstat as it would have ended the command; else the runs decide. */
	*status = m.stop_signal ? 128 + m.stop_signal : samples_exit_code(&m.targets[0].samples);
	ret = 0;
out:
	if (destination_close(&s.dest, ret ? NULL : err) && ret == 0) {
		*status = HPSTAT_EXIT_ERROR;
		ret = -1;
	}
	measurement_release(&m);
	channel_close(&s.channel);
	/* The measurement gave the mask back already; not when it never began. */
	sigprocmask(SIG_SETMASK, &mask_at_start, NULL);
	control_spec_release(&s.control);
	scope_release(&s.scope);
	selection_release(&s.sel);
	free(s.json_intervals);
	free(s.since.counts);
	return ret;
}
