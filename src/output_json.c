/* output_json.c - --json: one pretty-printed JSON document with every statistic as a number. */
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output.h"

#define SCHEMA_VERSION 1

/* A writer for nested objects and arrays, laid out as Python's json.dumps(indent=2) does: one
 * member per line, two spaces per level, empty containers as {} and []. */
struct json {
	FILE *out;
	int depth;
	bool empty; /* nothing written yet in the innermost open container */
};

/* The fewest significant digits that read back as the same double (17 always do), so 1052.4
 * stays 1052.4 and a count stays an integer. Like Python's repr, an exponent appears only
 * below 1e-4 or from 1e16 on: 100 is "100", not %g's "1e+02". JSON has no NaN or infinity:
 * those are null. The caller has the C locale in force, so the decimal point is a dot. */
static void put_number(FILE *out, double x)
{
	char buf[40];
	const char *e;
	int digits, exponent;

	if (!isfinite(x)) {
		fputs("null", out);
		return;
	}
	for (digits = 1; digits < 17; digits++) {
		snprintf(buf, sizeof(buf), "%.*g", digits, x);
		if (strtod(buf, NULL) == x)
			break;
	}
	/* %g writes an exponent once it reaches the digit count: ask for the integer digits. */
	snprintf(buf, sizeof(buf), "%.*e", digits - 1, x);
	e = strchr(buf, 'e');
	exponent = e ? atoi(e + 1) : 0;
	if (exponent >= digits && exponent < 16)
		digits = exponent + 1;
	snprintf(buf, sizeof(buf), "%.*g", digits, x);
	fputs(buf, out);
}

/* Starts the next member of the open container: the comma after the previous one, a new line,
 * the indentation and, inside an object, the key. */
static void json_member(struct json *j, const char *key)
{
	if (!j->empty)
		fputc(',', j->out);
	fprintf(j->out, "\n%*s", 2 * j->depth, "");
	if (key) {
		escape_json_string(j->out, key);
		fputs(": ", j->out);
	}
	j->empty = false;
}

static void json_open(struct json *j, const char *key, char bracket)
{
	json_member(j, key);
	fputc(bracket, j->out);
	j->depth++;
	j->empty = true;
}

static void json_close(struct json *j, char bracket)
{
	j->depth--;
	if (!j->empty)
		fprintf(j->out, "\n%*s", 2 * j->depth, "");
	fputc(bracket, j->out);
	j->empty = false;
}

static void json_string(struct json *j, const char *key, const char *value)
{
	json_member(j, key);
	escape_json_string(j->out, value);
}

static void json_number(struct json *j, const char *key, double value)
{
	json_member(j, key);
	put_number(j->out, value);
}

static void json_size(struct json *j, const char *key, size_t value)
{
	json_member(j, key);
	fprintf(j->out, "%zu", value);
}

static void json_null(struct json *j, const char *key)
{
	json_member(j, key);
	fputs("null", j->out);
}

static void json_int(struct json *j, const char *key, long value)
{
	json_member(j, key);
	fprintf(j->out, "%ld", value);
}

static void json_bool(struct json *j, const char *key, bool value)
{
	json_member(j, key);
	fputs(value ? "true" : "false", j->out);
}

static void json_machine(struct json *j, const struct machine *m)
{
	size_t i;

	json_open(j, "machine", '{');
	json_string(j, "kernel", m->kernel);
	json_string(j, "cpu_model", m->cpu_model);
	json_size(j, "cpus_online", m->cpus_online);
	json_open(j, "pmus", '[');
	for (i = 0; i < m->n_pmus; i++)
		json_string(j, NULL, m->pmus[i]);
	json_close(j, ']');
	/* What --doctor says, so that a saved result tells why an event was not counted. */
	json_open(j, "findings", '[');
	for (i = 0; i < m->diagnosis.n; i++) {
		const struct diagnosis_finding *g = &m->diagnosis.findings[i];

		json_open(j, NULL, '{');
		json_string(j, "name", g->name);
		json_string(j, "state", diagnosis_state_name(g->state));
		json_string(j, "found", g->found);
		json_string(j, "fix", g->fix[0] ? g->fix : NULL);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
}

/* mean through max, in the order every quantity and event shares. */
static void json_spread(struct json *j, const struct stats *s, double median, double ci95_low,
			double ci95_high, bool with_sem_pct)
{
	json_number(j, "mean", stats_mean(s));
	json_number(j, "stddev", stats_stddev(s));
	json_number(j, "sem", stats_sem(s));
	if (with_sem_pct)
		json_number(j, "sem_pct", stats_sem_pct(s));
	json_number(j, "ci95_low", ci95_low);
	json_number(j, "ci95_high", ci95_high);
	/* stats keeps min and max NaN until a value comes; say so rather than trust that. */
	json_number(j, "min", s->n ? s->min : NAN);
	json_number(j, "median", median);
	json_number(j, "max", s->n ? s->max : NAN);
}

/* A "metrics" array: an event's derived metrics, or the presets' named ones, which also carry
 * a name and a description. */
/* The metrics from the means, each with its value in every run (runs may be NULL: none). */
static void json_metrics(struct json *j, const struct metric_value *metrics,
			 const struct report_metric_runs *runs, size_t n, size_t runs_done)
{
	size_t i, run;

	json_open(j, "metrics", '[');
	for (i = 0; i < n; i++) {
		json_open(j, NULL, '{');
		if (metrics[i].name)
			json_string(j, "name", metrics[i].name);
		json_number(j, "value", metrics[i].value);
		json_string(j, "unit", metrics[i].unit);
		json_bool(j, "percent", metrics[i].percent);
		if (metrics[i].description)
			json_string(j, "description", metrics[i].description);
		if (metrics[i].group) {
			json_string(j, "group", metrics[i].group);
			json_bool(j, "bottleneck", metrics[i].bottleneck);
		}
		json_open(j, "per_run", '[');
		for (run = 0; runs && runs[i].per_run && run < runs_done; run++)
			json_number(j, NULL, runs[i].per_run[run]);
		json_close(j, ']');
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void json_event(struct json *j, const struct report *r, const struct report_row *row)
{
	/* A refused event was never measured: every statistic is unknown, not zero. */
	bool known = row->state != REPORT_NOT_SUPPORTED;
	struct stats none;
	size_t i;

	stats_init(&none);
	json_open(j, NULL, '{');
	json_string(j, "name", row->name);
	json_string(j, "event", row->event);
	json_string(j, "resolved", row->resolved);
	json_string(j, "unit", row->unit);
	json_string(j, "state", report_state_name(row->state));
	json_bool(j, "added", row->added);
	json_size(j, "runs_counted", row->runs_counted);
	if (known)
		json_spread(j, &row->stats, row->median, row->ci95_low, row->ci95_high, true);
	else
		json_spread(j, &none, NAN, NAN, NAN, true);
	/* Over no enabled time (no runs) the percentage is 0 / 0, and a mean of no runs is none. */
	json_number(j, "running_pct", known && row->enabled_ns > 0 ? row->running_pct : NAN);
	json_number(j, "enabled_ns", known && r->runs_done ? row->enabled_ns : NAN);
	json_number(j, "running_ns", known && r->runs_done ? row->running_ns : NAN);
	json_metrics(j, row->metrics, row->metric_runs, row->n_metrics, r->runs_done);
	json_open(j, "per_run", '[');
	for (i = 0; i < r->runs_done; i++)
		json_number(j, NULL, known ? row->per_run[i] : NAN);
	json_close(j, ']');
	json_open(j, "per_run_running_pct", '[');
	for (i = 0; i < r->runs_done; i++)
		json_number(j, NULL, known ? row->per_run_running_pct[i] : NAN);
	json_close(j, ']');
	json_close(j, '}');
}

static void json_quantity(struct json *j, const char *key, const char *unit,
			  const struct report_quantity *q)
{
	json_open(j, key, '{');
	json_string(j, "unit", unit);
	json_spread(j, &q->stats, q->median, q->ci95_low, q->ci95_high, false);
	json_close(j, '}');
}

static void json_run(struct json *j, size_t index, const struct report_run *run)
{
	json_open(j, NULL, '{');
	json_size(j, "run", index + 1);
	json_number(j, "elapsed_s", run->wall_s);
	json_number(j, "user_s", run->user_s);
	json_number(j, "sys_s", run->sys_s);
	json_int(j, "max_rss_kib", run->max_rss_kb);
	json_int(j, "exit_code", run->exit_code);
	json_size(j, "sequence", run->sequence);
	json_close(j, '}');
}

/* The warnings about the run times, as the text report words them. */
static void json_advice(struct json *j, const struct report *r)
{
	char line[256];
	size_t i;

	json_open(j, "warnings", '[');
	for (i = 0; i < r->n_advice; i++) {
		advice_message(&r->advice[i], line, sizeof(line));
		json_string(j, NULL, line);
	}
	json_close(j, ']');
}

static void json_report(struct json *j, const struct report *r);

/* Each part as its own report's events and times under its kind and label. */
static void json_parts(struct json *j, const struct report *r)
{
	size_t p, i;

	json_open(j, "parts", '[');
	for (p = 0; p < r->n_parts; p++) {
		const struct report_part *part = &r->parts[p];

		json_open(j, NULL, '{');
		json_string(j, "kind", part->kind);
		json_string(j, "label", part->label);
		if (!report_part_splits(part))
			json_size(j, "calls", part->calls);
		json_size(j, "runs_done", part->report.runs_done);
		json_open(j, "events", '[');
		for (i = 0; i < part->report.n_rows; i++)
			json_event(j, &part->report, &part->report.rows[i]);
		json_close(j, ']');
		json_quantity(j, "elapsed", "s", &part->report.wall_s);
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* One interval's value of each event: its count over the interval, scaled. */
static void json_interval_events(struct json *j, const struct report *r)
{
	size_t i, m;

	json_open(j, "events", '[');
	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];
		bool counted = row->state == REPORT_COUNTED;

		json_open(j, NULL, '{');
		json_string(j, "name", row->name);
		json_string(j, "unit", row->unit);
		json_string(j, "state", report_state_name(row->state));
		json_number(j, "value", counted ? stats_mean(&row->stats) : NAN);
		json_number(j, "running_pct", counted ? row->running_pct : NAN);
		json_open(j, "metrics", '[');
		for (m = 0; counted && m < row->n_metrics; m++) {
			json_open(j, NULL, '{');
			json_number(j, "value", row->metrics[m].value);
			json_string(j, "unit", row->metrics[m].unit);
			json_close(j, '}');
		}
		json_close(j, ']');
		json_close(j, '}');
	}
	json_close(j, ']');
}

/* Writes with the C locale in force for this thread, whatever LC_ALL or setlocale() say, so
 * that numbers have a decimal point: write(j, data) with j at depth. */
static int json_in_c_locale(FILE *out, int depth, void (*write)(struct json *, const void *),
			    const void *data)
{
	struct json j = { .out = out, .depth = depth, .empty = true };
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t previous;

	if (!c_locale)
		return -1;
	previous = uselocale(c_locale);
	write(&j, data);
	uselocale(previous);
	freelocale(c_locale);
	return ferror(out) ? -1 : 0;
}

struct json_interval {
	const struct report *report;
	double time_s;
	bool first;
};

/* One interval as an object of the document's "intervals" array (its comma before it). */
static void json_interval(struct json *j, const void *data)
{
	const struct json_interval *iv = data;
	const struct report *r = iv->report;
	size_t p;

	if (!iv->first)
		fputc(',', j->out);
	json_open(j, NULL, '{');
	json_number(j, "time_s", iv->time_s);
	json_interval_events(j, r);
	json_metrics(j, r->named, NULL, r->n_named, 0);
	json_open(j, "parts", '[');
	for (p = 0; p < r->n_parts; p++) {
		json_open(j, NULL, '{');
		json_string(j, "kind", r->parts[p].kind);
		json_string(j, "label", r->parts[p].label);
		json_interval_events(j, &r->parts[p].report);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
}

int output_json_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			       const struct output_options *opts)
{
	const struct json_interval iv = { .report = r, .time_s = time_s, .first = first };

	(void)opts;
	return json_in_c_locale(out, 2, json_interval, &iv);
}

static void json_report(struct json *j, const struct report *r)
{
	size_t i;

	json_size(j, "schema_version", SCHEMA_VERSION);
	json_string(j, "hpstat_version", r->version);
	json_string(j, "command", r->command);
	json_open(j, "argv", '[');
	for (i = 0; r->argv && r->argv[i]; i++)
		json_string(j, NULL, r->argv[i]);
	json_close(j, ']');
	json_machine(j, &r->machine);
	json_size(j, "runs_requested", r->runs_requested);
	json_size(j, "runs_done", r->runs_done);
	json_bool(j, "interrupted", r->interrupted);
	/* Why: a stop signal, or a failure (the message hpstat exited with), so that the file
	 * alone tells why fewer runs were done than asked. */
	if (r->stop_signal)
		json_int(j, "stop_signal", r->stop_signal);
	else
		json_null(j, "stop_signal");
	if (r->failure)
		json_string(j, "failure", r->failure);
	else
		json_null(j, "failure");
	json_bool(j, "partial_run", r->partial_run);
	json_size(j, "runs_failed", r->runs_failed);
	json_size(j, "runs_detached", r->runs_detached);
	json_int(j, "exit_code", r->exit_code);
	json_open(j, "events", '[');
	for (i = 0; i < r->n_rows; i++)
		json_event(j, r, &r->rows[i]);
	json_close(j, ']');
	json_metrics(j, r->named, r->named_runs, r->n_named, r->runs_done);
	json_open(j, "time", '{');
	json_quantity(j, "elapsed", "s", &r->wall_s);
	json_quantity(j, "user", "s", &r->user_s);
	json_quantity(j, "sys", "s", &r->sys_s);
	json_close(j, '}');
	json_quantity(j, "max_rss", "KiB", &r->max_rss_kb);
	json_open(j, "runs", '[');
	for (i = 0; i < r->runs_done; i++)
		json_run(j, i, &r->runs[i]);
	json_close(j, ']');
	json_advice(j, r);
	if (r->n_parts)
		json_parts(j, r);
}

/* Per-run arrays are always written: opts->per_run changes nothing here, so a script reads
 * one shape whatever the options. Machine output ignores the locale: the C locale is put in
 * force for this thread while the document is written, whatever LC_ALL or setlocale() say. */
struct json_whole {
	const struct report *report;
	const char *intervals; /* the interval objects, comma-separated; NULL: none */
};

static void json_report_body(struct json *j, const void *data)
{
	const struct json_whole *whole = data;

	json_report(j, whole->report);
	if (whole->intervals) {
		json_member(j, "intervals");
		fprintf(j->out, "[%s\n  ]", whole->intervals);
	}
}

struct json_body {
	void (*body)(struct json *, const void *);
	const void *data;
};

static void json_braced(struct json *j, const void *data)
{
	const struct json_body *b = data;

	fputc('{', j->out);
	b->body(j, b->data);
	fputs("\n}\n", j->out);
}

/* Writes one document with body(j, data) inside its braces. */
static int json_document(FILE *out, void (*body)(struct json *, const void *), const void *data)
{
	const struct json_body b = { .body = body, .data = data };

	return json_in_c_locale(out, 1, json_braced, &b);
}

int output_json_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	const struct json_whole whole = { .report = r,
					  .intervals = opts->intervals ? opts->json_intervals : NULL };

	return json_document(out, json_report_body, &whole);
}

/* ---- a comparison of commands ---------------------------------------------------------- */

static const char *const kind_names[] = {
	[QUANTITY_TIME] = "time", [QUANTITY_EVENT] = "event", [QUANTITY_METRIC] = "metric",
};
static const char *const direction_names[] = {
	[QUANTITY_LOWER_BETTER] = "lower-better",
	[QUANTITY_HIGHER_BETTER] = "higher-better",
	[QUANTITY_NEUTRAL] = "neutral",
};

static void json_cell(struct json *j, size_t command, const struct comparison_cell *cell)
{
	const struct change *ch = &cell->change;
	bool compared = cell->verdict != VERDICT_REFERENCE && cell->verdict != VERDICT_UNKNOWN;
	double low, high;

	/* Every quantity compared is a count, a time, a size or a ratio of counts: >= 0. */
	stats_ci95_clamped(&cell->stats, 0.0, &low, &high);
	json_open(j, NULL, '{');
	json_size(j, "command", command);
	json_bool(j, "measured", cell->measured);
	json_size(j, "runs", cell->stats.n);
	json_number(j, "mean", stats_mean(&cell->stats));
	json_number(j, "stddev", stats_stddev(&cell->stats));
	json_number(j, "sem", stats_sem(&cell->stats));
	json_number(j, "ci95_low", low);
	json_number(j, "ci95_high", high);
	json_number(j, "change_pct", compared ? ch->pct : NAN);
	json_number(j, "change_ci95_low", compared ? ch->pct_low : NAN);
	json_number(j, "change_ci95_high", compared ? ch->pct_high : NAN);
	json_number(j, "ratio", compared ? ch->ratio : NAN);
	json_number(j, "ratio_se", compared ? ch->ratio_se : NAN);
	json_number(j, "df", compared ? ch->df : NAN);
	json_bool(j, "significant", compared && ch->significant);
	json_string(j, "verdict", comparison_verdict_name(cell->verdict));
	json_close(j, '}');
}

static void json_comparison_row(struct json *j, const struct comparison_row *row, size_t n)
{
	size_t i;

	json_open(j, NULL, '{');
	json_string(j, "key", row->key);
	json_string(j, "label", row->label);
	json_string(j, "unit", row->unit);
	json_string(j, "kind", kind_names[row->kind]);
	json_string(j, "direction", direction_names[row->direction]);
	json_open(j, "entries", '[');
	for (i = 0; i < n; i++)
		json_cell(j, i, &row->cells[i]);
	json_close(j, ']');
	json_close(j, '}');
}

static void json_commands(struct json *j, const struct comparison_report *c)
{
	size_t i;

	json_open(j, "commands", '[');
	for (i = 0; i < c->n; i++) {
		json_open(j, NULL, '{');
		json_size(j, "index", i);
		json_string(j, "name", c->names[i]);
		json_string(j, "command", c->lines[i]);
		if (c->baseline && i == c->comparison->reference) {
			json_string(j, "saved_in", c->baseline);
			json_null(j, "result");
		} else {
			json_open(j, "result", '{');
			json_report(j, &c->reports[i]);
			json_close(j, '}');
		}
		json_close(j, '}');
	}
	json_close(j, ']');
}

static void json_ranking(struct json *j, const struct comparison *cmp)
{
	size_t k;

	json_open(j, "ranking", '{');
	json_string(j, "by", cmp->rows[cmp->sort_row].key);
	json_open(j, "best_first", '[');
	for (k = 0; k < cmp->n_commands; k++) {
		json_open(j, NULL, '{');
		json_size(j, "command", cmp->ranking[k]);
		json_number(j, "ratio_to_best", cmp->rank_ratio[k]);
		json_number(j, "ratio_to_best_se", cmp->rank_ratio_se[k]);
		json_close(j, '}');
	}
	json_close(j, ']');
	json_close(j, '}');
}

static void json_comparison_body(struct json *j, const void *data)
{
	const struct comparison_report *c = data;
	const struct comparison *cmp = c->comparison;
	size_t i;

	json_size(j, "schema_version", SCHEMA_VERSION);
	json_string(j, "kind", "comparison");
	json_string(j, "hpstat_version", c->version);
	json_size(j, "runs_requested", c->runs_requested);
	json_size(j, "warmup", c->warmup);
	json_string(j, "order", c->shuffled ? "random" : "interleaved");
	if (c->shuffled) {
		json_member(j, "seed"); /* all 64 bits: a double would round it */
		fprintf(j->out, "%llu", c->seed);
	} else {
		json_null(j, "seed");
	}
	json_bool(j, "interrupted", c->interrupted);
	json_number(j, "threshold_pct", cmp->threshold_pct);
	json_size(j, "reference", cmp->reference);
	if (c->baseline)
		json_string(j, "baseline", c->baseline);
	else
		json_null(j, "baseline");
	json_commands(j, c);
	json_open(j, "comparisons", '[');
	for (i = 0; i < cmp->n_rows; i++)
		json_comparison_row(j, &cmp->rows[i], c->n);
	json_close(j, ']');
	json_ranking(j, cmp);
}

int output_json_write_comparison(FILE *out, const struct comparison_report *c,
				 const struct output_options *opts)
{
	(void)opts;
	return json_document(out, json_comparison_body, c);
}
