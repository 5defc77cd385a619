/* report.c - from per-run samples to rows of statistics and derived metrics. */
#include <math.h>
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

static bool is_clock(const char *generic)
{
	return generic && (strcmp(generic, "task-clock") == 0 ||
			   strcmp(generic, "cpu-clock") == 0);
}

/* The count of one run corrected for multiplexing; NaN when the counter never ran. */
static double scaled(const struct sample_count *c)
{
	if (c->running_ns == 0)
		return NAN;
	if (c->running_ns >= c->enabled_ns)
		return (double)c->value;
	return (double)c->value * ((double)c->enabled_ns / (double)c->running_ns);
}

static int build_row(struct report_row *row, const struct report_event *ev,
		     const struct samples *s, size_t index, double *scratch, struct hp_err *err)
{
	double enabled = 0, running = 0;
	size_t run, len = strlen(ev->name) + 3;

	row->name = malloc(len);
	if (!row->name)
		return err_set(err, "out of memory");
	strcpy(row->name, ev->name);
	if (ev->user_only)
		strcat(row->name, ":u");
	row->added = ev->added;
	row->unit = is_clock(ev->generic) ? "msec" : "";
	row->unit_scale = is_clock(ev->generic) ? 1e-6 : 1.0;
	stats_init(&row->stats);
	for (run = 0; run < s->n_runs; run++) {
		const struct sample_count *c = samples_count(s, run, index);
		double value = scaled(c);

		enabled += (double)c->enabled_ns;
		running += (double)c->running_ns;
		if (isnan(value))
			continue;
		stats_add(&row->stats, value * row->unit_scale);
		scratch[row->runs_counted++] = value * row->unit_scale;
	}
	row->median = stats_median(scratch, row->runs_counted);
	row->running_pct = enabled > 0 ? 100.0 * running / enabled : 0.0;
	if (!ev->supported)
		row->state = REPORT_NOT_SUPPORTED;
	else if (row->runs_counted == 0)
		row->state = REPORT_NOT_COUNTED;
	else
		row->state = REPORT_COUNTED;
	return 0;
}

static void add_metrics(struct report *r, const struct report_event *events,
			const struct metric_set *metrics)
{
	struct metric_operand *ops = calloc(r->n_rows ? r->n_rows : 1, sizeof(*ops));
	size_t i;

	if (!ops)
		return; /* metrics are an annotation: without memory, the counts still stand */
	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];

		ops[i].generic = events[i].generic;
		ops[i].mode = events[i].mode;
		ops[i].value = row->state == REPORT_COUNTED ?
				       stats_mean(&row->stats) / row->unit_scale : NAN;
	}
	for (i = 0; i < r->n_rows; i++)
		r->rows[i].n_metrics = metric_compute(metrics, ops, r->n_rows, i,
						      stats_mean(&r->wall_s) * 1e9,
						      r->rows[i].metrics);
	free(ops);
}

int report_build(struct report *r, char *const command[], const struct report_event *events,
		 const struct samples *s, size_t runs_requested, bool interrupted,
		 bool partial_run, const struct metric_set *metrics, struct hp_err *err)
{
	double *scratch;
	size_t i, run;

	memset(r, 0, sizeof(*r));
	r->command = join_words(command);
	r->rows = calloc(s->n_events ? s->n_events : 1, sizeof(*r->rows));
	scratch = malloc((s->n_runs ? s->n_runs : 1) * sizeof(*scratch));
	if (!r->command || !r->rows || !scratch) {
		free(scratch);
		report_release(r);
		return err_set(err, "out of memory");
	}
	r->runs_requested = runs_requested;
	r->runs_done = s->n_runs;
	r->interrupted = interrupted;
	r->partial_run = partial_run;
	stats_init(&r->wall_s);
	stats_init(&r->user_s);
	stats_init(&r->sys_s);
	for (run = 0; run < s->n_runs; run++) {
		const struct sample_run *sr = &s->runs[run];

		stats_add(&r->wall_s, (double)sr->wall_ns / 1e9);
		stats_add(&r->user_s, (double)sr->user_ns / 1e9);
		stats_add(&r->sys_s, (double)sr->sys_ns / 1e9);
		if ((double)sr->max_rss_kb > r->max_rss_kb)
			r->max_rss_kb = (double)sr->max_rss_kb;
		if (sr->exit_code != 0)
			r->runs_failed++;
	}
	for (i = 0; i < s->n_events; i++, r->n_rows++) {
		if (build_row(&r->rows[i], &events[i], s, i, scratch, err)) {
			free(scratch);
			report_release(r);
			return -1;
		}
		r->any_added |= events[i].added;
	}
	free(scratch);
	if (metrics)
		add_metrics(r, events, metrics);
	return 0;
}

void report_release(struct report *r)
{
	size_t i;

	for (i = 0; i < r->n_rows; i++)
		free(r->rows[i].name);
	free(r->rows);
	free(r->command);
	memset(r, 0, sizeof(*r));
}
