/* report.c - from per-run samples to rows of statistics and derived metrics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static char *join_words(char *const words[])
{
	size_t len = 1, i;
	char *out;

	for (i = 0; words[i]; i++)
		len += strlen(words[i]) + 1;
	out = malloc(len);
	if (!out)
		return NULL;
	out[0] = '\0';
	for (i = 0; words[i]; i++) {
		if (i)
			strcat(out, " ");
		strcat(out, words[i]);
	}
	return out;
}

/* The count of one run corrected for multiplexing (unless no_scale); NaN when the counter
 * never ran. */
static double scaled(const struct sample_count *c, bool no_scale)
{
	if (c->running_ns == 0)
		return NAN;
	if (no_scale || c->running_ns >= c->enabled_ns)
		return (double)c->value;
	return (double)c->value * ((double)c->enabled_ns / (double)c->running_ns);
}

static void set_unit(struct report_row *row, const struct report_event *ev)
{
	const char *unit = "";

	row->unit_scale = ev->scale > 0 ? ev->scale : 1.0;
	if (metric_is_clock(ev->generic)) {
		unit = "msec";
		row->unit_scale = 1e-6; /* clocks count nanoseconds */
	} else if (ev->unit) {
		unit = ev->unit;
	}
	snprintf(row->unit, sizeof(row->unit), "%s", unit);
}

static char *copy_string(const char *text)
{
	return strdup(text ? text : "");
}

static int build_row(struct report_row *row, const struct report_event *ev,
		     const struct samples *s, size_t index, bool keep_runs, bool no_scale,
		     double *scratch, struct hp_err *err)
{
	double enabled = 0, running = 0;
	size_t run, len = strlen(ev->name) + 3;

	row->name = malloc(len);
	row->event = copy_string(ev->name);
	row->resolved = copy_string(ev->resolved);
	if (keep_runs) {
		row->per_run = calloc(s->n_runs ? s->n_runs : 1, sizeof(*row->per_run));
		row->per_run_running_pct = calloc(s->n_runs ? s->n_runs : 1,
						  sizeof(*row->per_run_running_pct));
	}
	if (!row->name || !row->event || !row->resolved ||
	    (keep_runs && (!row->per_run || !row->per_run_running_pct)))
		return err_set(err, "out of memory");
	snprintf(row->name, len, "%s%s", ev->name, ev->user_only ? ":u" : "");
	row->added = ev->added;
	set_unit(row, ev);
	stats_init(&row->stats);
	for (run = 0; run < s->n_runs; run++) {
		const struct sample_count *c = samples_count(s, run, index);
		double value = scaled(c, no_scale) * row->unit_scale;

		enabled += (double)c->enabled_ns;
		running += (double)c->running_ns;
		if (keep_runs) {
			row->per_run[run] = value;
			row->per_run_running_pct[run] =
				c->enabled_ns ? 100.0 * (double)c->running_ns / (double)c->enabled_ns :
						NAN;
		}
		if (isnan(value))
			continue;
		stats_add(&row->stats, value);
		scratch[row->runs_counted++] = value;
	}
	row->median = stats_median(scratch, row->runs_counted);
	stats_ci95_clamped(&row->stats, 0.0, &row->ci95_low, &row->ci95_high);
	row->running_pct = enabled > 0 ? 100.0 * running / enabled : 0.0;
	row->enabled_ns = s->n_runs ? enabled / (double)s->n_runs : 0.0;
	row->running_ns = s->n_runs ? running / (double)s->n_runs : 0.0;
	if (!ev->supported)
		row->state = REPORT_NOT_SUPPORTED;
	else if (row->runs_counted == 0)
		row->state = REPORT_NOT_COUNTED;
	else
		row->state = REPORT_COUNTED;
	return 0;
}

/* The operands of the metric formulas: each row's mean, or one run's count. */
static void operands_fill(struct metric_operand *ops, const struct report *r,
			  const struct report_event *events, long run)
{
	size_t i;

	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];
		double shown = run < 0 ? stats_mean(&row->stats) : row->per_run[run];

		ops[i].generic = events[i].generic;
		ops[i].name = events[i].name;
		ops[i].of_family = events[i].of_family;
		ops[i].mode = events[i].mode;
		ops[i].value = row->state == REPORT_COUNTED ? shown / row->unit_scale : NAN;
	}
}

static int metric_runs_alloc(struct report_metric_runs *mr, size_t n_runs)
{
	stats_init(&mr->stats);
	mr->per_run = malloc((n_runs ? n_runs : 1) * sizeof(*mr->per_run));
	return mr->per_run ? 0 : -1;
}

static void metric_runs_set(struct report_metric_runs *mr, size_t run, double value)
{
	mr->per_run[run] = value;
	if (!isnan(value))
		stats_add(&mr->stats, value);
}

/* One run's value of each row's metrics: a metric is found by its unit, which the built-ins
 * keep in static strings (a run whose inputs were not all counted has fewer). */
static void row_metrics_of_run(struct report_row *row, const struct metric_set *metrics,
			       const struct metric_operand *ops, size_t n_ops, size_t index,
			       size_t run, double wall_ns)
{
	struct metric_value got[METRIC_MAX_PER_ROW];
	size_t n = metric_compute(metrics, ops, n_ops, index, wall_ns, got), j, k;

	for (j = 0; j < row->n_metrics; j++) {
		double value = NAN;

		for (k = 0; k < n; k++)
			if (got[k].unit == row->metrics[j].unit)
				value = got[k].value;
		metric_runs_set(&row->metric_runs[j], run, value);
	}
}

/* Each metric's value in each run, for the comparison of commands. */
static int add_metric_runs(struct report *r, const struct report_event *events,
			   const struct metric_set *metrics, struct metric_operand *ops)
{
	size_t i, j, run;

	for (i = 0; i < r->n_rows; i++)
		for (j = 0; j < r->rows[i].n_metrics; j++)
			if (metric_runs_alloc(&r->rows[i].metric_runs[j], r->runs_done))
				return -1;
	r->named_runs = calloc(r->n_named ? r->n_named : 1, sizeof(*r->named_runs));
	if (!r->named_runs)
		return -1;
	for (j = 0; j < r->n_named; j++)
		if (metric_runs_alloc(&r->named_runs[j], r->runs_done))
			return -1;
	for (run = 0; run < r->runs_done; run++) {
		double wall_ns = r->runs[run].wall_s * 1e9;

		operands_fill(ops, r, events, (long)run);
		for (i = 0; i < r->n_rows; i++)
			row_metrics_of_run(&r->rows[i], metrics, ops, r->n_rows, i, run, wall_ns);
		for (j = 0; j < r->n_named; j++) {
			struct metric_value v;

			metric_named_eval(metrics, j, ops, r->n_rows, wall_ns, &v);
			metric_runs_set(&r->named_runs[j], run, v.value);
		}
	}
	return 0;
}

static int add_metrics(struct report *r, const struct report_event *events,
		       const struct metric_set *metrics, bool keep_runs, struct hp_err *err)
{
	struct metric_operand *ops = calloc(r->n_rows ? r->n_rows : 1, sizeof(*ops));
	double duration_ns = stats_mean(&r->wall_s.stats) * 1e9;
	size_t i;
	int ret;

	if (!ops)
		return err_set(err, "out of memory");
	operands_fill(ops, r, events, -1);
	for (i = 0; i < r->n_rows; i++)
		r->rows[i].n_metrics = metric_compute(metrics, ops, r->n_rows, i, duration_ns,
						      r->rows[i].metrics);
	r->n_named = metric_named_count(metrics);
	r->named = calloc(r->n_named ? r->n_named : 1, sizeof(*r->named));
	if (!r->named) {
		free(ops);
		return err_set(err, "out of memory");
	}
	for (i = 0; i < r->n_named; i++)
		metric_named_eval(metrics, i, ops, r->n_rows, duration_ns, &r->named[i]);
	metric_mark_bottlenecks(r->named, r->n_named);
	ret = keep_runs ? add_metric_runs(r, events, metrics, ops) : 0;
	free(ops);
	return ret ? err_set(err, "out of memory") : 0;
}

/* Statistics of values[0..n-1], which it reorders (the median sorts). */
static void quantity_fill(struct report_quantity *q, double *values, size_t n)
{
	size_t i;

	stats_init(&q->stats);
	for (i = 0; i < n; i++)
		stats_add(&q->stats, values[i]);
	q->median = stats_median(values, n);
	stats_ci95_clamped(&q->stats, 0.0, &q->ci95_low, &q->ci95_high);
}

/* Warnings about the run times, as hyperfine gives them: outliers, a slow first run, a wide
 * spread. scratch holds n_runs doubles. */
static void add_advice(struct report *r, const struct samples *s, double *scratch)
{
	double *wall = malloc((s->n_runs ? s->n_runs : 1) * sizeof(*wall));
	size_t run, n;

	if (!wall)
		return; /* warnings are a courtesy: without memory the report still stands */
	for (run = 0; run < s->n_runs; run++)
		wall[run] = (double)s->runs[run].wall_ns / 1e9;
	n = advice_check(wall, s->n_runs, scratch, r->advice, ADVICE_MAX);
	r->n_advice = n < ADVICE_MAX ? n : ADVICE_MAX;
	free(wall);
}

static void fill_time_quantities(struct report *r, const struct samples *s, double *scratch)
{
	size_t run, n = s->n_runs;

	for (run = 0; run < n; run++)
		scratch[run] = (double)s->runs[run].wall_ns / 1e9;
	quantity_fill(&r->wall_s, scratch, n);
	add_advice(r, s, scratch);
	for (run = 0; run < n; run++)
		scratch[run] = (double)s->runs[run].user_ns / 1e9;
	quantity_fill(&r->user_s, scratch, n);
	for (run = 0; run < n; run++)
		scratch[run] = (double)s->runs[run].sys_ns / 1e9;
	quantity_fill(&r->sys_s, scratch, n);
	for (run = 0; run < n; run++)
		scratch[run] = (double)s->runs[run].max_rss_kb;
	quantity_fill(&r->max_rss_kb, scratch, n);
}

static int add_runs(struct report *r, const struct samples *s, bool keep_runs, double *scratch,
		    struct hp_err *err)
{
	size_t run;

	if (keep_runs) {
		r->runs = calloc(s->n_runs ? s->n_runs : 1, sizeof(*r->runs));
		if (!r->runs)
			return err_set(err, "out of memory");
	}
	for (run = 0; run < s->n_runs; run++) {
		const struct sample_run *sr = &s->runs[run];

		if (keep_runs)
			r->runs[run] = (struct report_run){
				.wall_s = (double)sr->wall_ns / 1e9,
				.user_s = (double)sr->user_ns / 1e9,
				.sys_s = (double)sr->sys_ns / 1e9,
				.max_rss_kb = sr->max_rss_kb,
				.exit_code = sr->exit_code,
				.sequence = sr->sequence,
			};
		if (sr->exit_code != 0)
			r->runs_failed++;
		if (sr->counters_detached)
			r->runs_detached++;
	}
	r->exit_code = samples_exit_code(s);
	fill_time_quantities(r, s, scratch);
	return 0;
}

int report_build(struct report *r, const struct report_input *in, struct hp_err *err)
{
	const struct samples *s = in->samples;
	double *scratch;
	size_t i;

	memset(r, 0, sizeof(*r));
	r->command = join_words(in->command);
	r->rows = calloc(s->n_events ? s->n_events : 1, sizeof(*r->rows));
	scratch = malloc((s->n_runs ? s->n_runs : 1) * sizeof(*scratch));
	if (!r->command || !r->rows || !scratch) {
		err_set(err, "out of memory");
		goto fail;
	}
	r->argv = in->command;
	r->version = in->version;
	if (in->machine)
		r->machine = *in->machine;
	r->runs_requested = in->runs_requested;
	r->runs_done = s->n_runs;
	r->interrupted = in->interrupted;
	r->partial_run = in->partial_run;
	if (add_runs(r, s, !in->summary_only, scratch, err))
		goto fail;
	for (i = 0; i < s->n_events; i++) {
		r->n_rows++;
		if (build_row(&r->rows[i], &in->events[i], s, i, !in->summary_only, in->no_scale,
			      scratch, err))
			goto fail;
		r->any_added |= in->events[i].added;
		r->any_user_only |= in->events[i].user_only && in->events[i].supported;
	}
	free(scratch);
	if (in->metrics && add_metrics(r, in->events, in->metrics, !in->summary_only, err)) {
		report_release(r);
		return -1;
	}
	return 0;
fail:
	free(scratch);
	report_release(r);
	return -1;
}

void report_release(struct report *r)
{
	size_t i, j;

	for (i = 0; i < r->n_rows; i++) {
		for (j = 0; j < METRIC_MAX_PER_ROW; j++)
			free(r->rows[i].metric_runs[j].per_run);
		free(r->rows[i].name);
		free(r->rows[i].event);
		free(r->rows[i].resolved);
		free(r->rows[i].per_run);
		free(r->rows[i].per_run_running_pct);
	}
	free(r->rows);
	free(r->runs);
	for (j = 0; r->named_runs && j < r->n_named; j++)
		free(r->named_runs[j].per_run);
	free(r->named_runs);
	free(r->named);
	free(r->command);
	for (i = 0; i < r->n_parts; i++) {
		report_release(&r->parts[i].report);
		free(r->parts[i].label);
	}
	free(r->parts);
	memset(r, 0, sizeof(*r));
}

bool report_part_splits(const struct report_part *part)
{
	return strcmp(part->kind, "region") != 0;
}

int report_part_add(struct report *r, const char *kind, const char *label, size_t calls,
		    struct report *part, struct hp_err *err)
{
	struct report_part *grown = realloc(r->parts, (r->n_parts + 1) * sizeof(*grown));
	char *copy = strdup(label);

	if (grown)
		r->parts = grown;
	if (!grown || !copy) {
		free(copy);
		report_release(part);
		return err_set(err, "out of memory");
	}
	grown[r->n_parts++] = (struct report_part){ .kind = kind, .label = copy, .calls = calls,
						    .report = *part };
	memset(part, 0, sizeof(*part));
	return 0;
}

const char *report_state_name(enum report_state state)
{
	switch (state) {
	case REPORT_COUNTED:
		return "counted";
	case REPORT_NOT_COUNTED:
		return "not-counted";
	case REPORT_NOT_SUPPORTED:
		break;
	}
	return "not-supported";
}
