/* output_prometheus.c - --prometheus and --openmetrics: the report as a Prometheus text
 * exposition (format 0.0.4) or OpenMetrics 1.0 text, counters summed over the runs, every
 * value in base units, event and metric names in label values. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output.h"
#include "output_csv.h"

/* Beyond 2^53 a double no longer holds every integer: such counts take the CSV layout. */
#define EXACT_INTEGERS 9007199254740992.0

/* One report and what its series are labelled with. */
struct source {
	const struct report *r;
	const char *command; /* the command label's value; NULL: no command label */
};

/* A label of a sample beyond the command and the user's: event, metric, group, scope. */
struct label {
	const char *key, *value;
};

#define MAX_LABELS 4

/* The exposition being written: family by family, each family's samples together. */
struct exposition {
	FILE *out;
	const struct output_options *opts;
	bool openmetrics;
	bool in_progress;           /* an interval's: no finished run to speak of yet */
	const struct family *family; /* the family written now */
	bool counting;              /* the first pass over a family: count its samples only */
	size_t n_samples;
};

enum family_type { COUNTER, GAUGE, INFO };

struct family {
	const char *name; /* the family's: a counter's samples add "_total", an info's "_info" */
	enum family_type type;
	const char *unit; /* OpenMetrics' UNIT (the name's last word), NULL for none */
	const char *help;
	void (*samples)(struct exposition *x, const struct source *src);
	int variant;      /* which of its samples' kind: an event unit's family, ratios or not */
};

/* ---- values and samples ---------------------------------------------------------------- */

/* Integers as integers (a count stays exact to the last digit), anything else with the 15
 * significant digits of --csv; a '.' whatever the locale either way. */
static void put_value(FILE *out, double v)
{
	char num[OUTPUT_CSV_NUMBER_MAX];

	if (v == 0)
		fputs("0", out); /* also -0 */
	else if (v == floor(v) && fabs(v) < EXACT_INTEGERS)
		fprintf(out, "%.0f", v);
	else
		fputs(output_csv_number(num, sizeof(num), v), out);
}

static void put_label(FILE *out, bool *first, const char *key, size_t key_len, const char *value)
{
	fprintf(out, "%s%.*s=", *first ? "{" : ",", (int)key_len, key);
	escape_label_value(out, value);
	*first = false;
}

/* One sample of the family being written: the command's label, then labels[], then the
 * user's --label pairs. A NaN value (undefined, unavailable) is no sample at all. */
static void sample(struct exposition *x, const struct source *src, const struct label *labels,
		   size_t n_labels, double value)
{
	static const char *const suffixes[] = { [COUNTER] = "_total", [GAUGE] = "",
						[INFO] = "_info" };
	bool first = true;
	size_t i;

	if (isnan(value))
		return;
	x->n_samples++;
	if (x->counting)
		return;
	fprintf(x->out, "%s%s", x->family->name, suffixes[x->family->type]);
	if (src->command)
		put_label(x->out, &first, "command", strlen("command"), src->command);
	for (i = 0; i < n_labels; i++)
		put_label(x->out, &first, labels[i].key, strlen(labels[i].key), labels[i].value);
	for (i = 0; i < x->opts->n_labels; i++) {
		const char *pair = x->opts->labels[i], *eq = strchr(pair, '=');

		if (eq)
			put_label(x->out, &first, pair, (size_t)(eq - pair), eq + 1);
	}
	fputs(first ? " " : "} ", x->out);
	put_value(x->out, value);
	fputc('\n', x->out);
}

/* The sum over the runs of a quantity whose statistics hold its mean. */
static double sum_of(const struct stats *s)
{
	return s->n ? stats_mean(s) * (double)s->n : NAN;
}

/* ---- the report's parts ------------------------------------------------------------------ */

/* A part's label: its kind is the key ("cpu", "core", "socket", "thread", "cgroup",
 * "region"); a CPU is its number, as node_exporter labels CPUs. */
static struct label scope_label(const struct report_part *part)
{
	const char *value = part->label;

	if (strcmp(part->kind, "cpu") == 0 && strncmp(value, "CPU", 3) == 0)
		value += 3;
	return (struct label){ part->kind, value };
}

/* Whether the report is split into parts that add up to it (CPUs, cores, sockets, threads,
 * cgroups): its counts are then given per part only, so that sum() is the whole. */
static bool split(const struct report *r)
{
	size_t p;

	for (p = 0; p < r->n_parts; p++)
		if (report_part_splits(&r->parts[p]))
			return true;
	return false;
}

/* Whether row i is the first of its name: an event counted twice (in two groups, say) is
 * given once, as two series of one name and labels would be no exposition at all. Two
 * different events of one name never get here: the selection refuses them. */
static bool first_of_name(const struct report *r, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(r->rows[j].name, r->rows[i].name) == 0)
			return false;
	return true;
}

typedef void (*rows_fn)(struct exposition *x, const struct source *src, const struct report *r,
			const struct label *scope);

/* each(x, src, set, scope) over the row sets of src: the whole (unless counts and it is split)
 * without a scope label, then each part with its own. */
static void each_row_set(struct exposition *x, const struct source *src, bool counts,
			 rows_fn each)
{
	const struct report *r = src->r;
	size_t p;

	if (!counts || !split(r))
		each(x, src, r, NULL);
	for (p = 0; p < r->n_parts; p++) {
		const struct label scope = scope_label(&r->parts[p]);

		each(x, src, &r->parts[p].report, &scope);
	}
}

/* Labels: the given ones, then the scope label when there is one. Returns their count. */
static size_t labels_with_scope(struct label *out, const struct label *given, size_t n,
				const struct label *scope)
{
	size_t i;

	for (i = 0; i < n; i++)
		out[i] = given[i];
	if (scope)
		out[n++] = *scope;
	return n;
}

/* ---- the runs ---------------------------------------------------------------------------- */

static void run_info_samples(struct exposition *x, const struct source *src)
{
	const struct label version = { "version", src->r->version };

	if (src->r->version)
		sample(x, src, &version, 1, 1);
}

static void runs_samples(struct exposition *x, const struct source *src)
{
	if (!x->in_progress)
		sample(x, src, NULL, 0, (double)src->r->runs_done);
}

static void elapsed_samples(struct exposition *x, const struct source *src)
{
	sample(x, src, NULL, 0, sum_of(&src->r->wall_s.stats));
}

/* The command's own resources: none without a command (counting what already runs). */
static bool has_resources(const struct exposition *x, const struct source *src)
{
	return !x->in_progress && src->command;
}

static void user_samples(struct exposition *x, const struct source *src)
{
	if (has_resources(x, src))
		sample(x, src, NULL, 0, sum_of(&src->r->user_s.stats));
}

static void system_samples(struct exposition *x, const struct source *src)
{
	if (has_resources(x, src))
		sample(x, src, NULL, 0, sum_of(&src->r->sys_s.stats));
}

/* The peak over the runs. */
static void max_rss_samples(struct exposition *x, const struct source *src)
{
	const struct stats *s = &src->r->max_rss_kb.stats;

	if (has_resources(x, src) && s->n && s->max > 0)
		sample(x, src, NULL, 0, s->max * 1024.0);
}

/* ---- events ------------------------------------------------------------------------------ */

/* How a row's unit becomes a family: the factor from the report's values (in the unit the
 * text report shows: msec for clocks, a sysfs unit after its scale) to the base unit. */
enum event_family { EVENTS, EVENT_SECONDS, EVENT_JOULES, EVENT_BYTES, EVENT_OTHER };

static const struct {
	const char *unit;
	enum event_family family;
	double to_base;
} event_units[] = {
	{ "", EVENTS, 1 },
	{ "msec", EVENT_SECONDS, 1e-3 },  /* task-clock, cpu-clock */
	{ "ns", EVENT_SECONDS, 1e-9 },    /* duration_time, user_time, system_time */
	{ "Joules", EVENT_JOULES, 1 },    /* power/energy-* */
	{ "MiB", EVENT_BYTES, 1048576 },  /* uncore memory controllers' data */
	{ "KiB", EVENT_BYTES, 1024 },
	{ "Bytes", EVENT_BYTES, 1 },
};

/* The family of a row's unit, and the factor to its base unit. */
static enum event_family event_family_of(const struct report_row *row, double *to_base)
{
	size_t i;

	for (i = 0; i < sizeof(event_units) / sizeof(event_units[0]); i++)
		if (strcmp(row->unit, event_units[i].unit) == 0) {
			*to_base = event_units[i].to_base;
			return event_units[i].family;
		}
	*to_base = 1;
	return EVENT_OTHER;
}

static void supported_samples(struct exposition *x, const struct source *src)
{
	const struct report *r = src->r;
	size_t i;

	for (i = 0; i < r->n_rows; i++) {
		const struct label event = { "event", r->rows[i].name };

		if (first_of_name(r, i))
			sample(x, src, &event, 1, r->rows[i].state != REPORT_NOT_SUPPORTED);
	}
}

/* The counted rows of one set whose unit belongs to the family written (its variant), in
 * its base unit; a unit of no family of its own also gets a unit label. */
static void count_rows(struct exposition *x, const struct source *src, const struct report *r,
		       const struct label *scope)
{
	const enum event_family family = (enum event_family)x->family->variant;
	struct label labels[MAX_LABELS];
	size_t i;

	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];
		const struct label given[] = { { "event", row->name }, { "unit", row->unit } };
		double to_base;

		if (row->state != REPORT_COUNTED || !first_of_name(r, i) ||
		    event_family_of(row, &to_base) != family)
			continue;
		sample(x, src, labels,
		       labels_with_scope(labels, given, family == EVENT_OTHER ? 2 : 1, scope),
		       sum_of(&row->stats) * to_base);
	}
}

static void count_samples(struct exposition *x, const struct source *src)
{
	each_row_set(x, src, true, count_rows);
}

/* How much of its enabled time each event that was opened had a counter. */
static void running_rows(struct exposition *x, const struct source *src, const struct report *r,
			 const struct label *scope)
{
	struct label labels[MAX_LABELS];
	size_t i;

	for (i = 0; i < r->n_rows; i++) {
		const struct label event = { "event", r->rows[i].name };

		if (r->rows[i].state != REPORT_NOT_SUPPORTED && first_of_name(r, i))
			sample(x, src, labels, labels_with_scope(labels, &event, 1, scope),
			       r->rows[i].running_pct / 100.0);
	}
}

static void running_samples(struct exposition *x, const struct source *src)
{
	each_row_set(x, src, true, running_rows);
}

/* ---- derived metrics --------------------------------------------------------------------- */

/* A metric's value in the family that takes it: percentages as ratios, the rest as computed;
 * NaN for the other family. perf's rate beside any count ("K/sec" of task-clock) is left
 * out: rate() over the counters says the same. */
static double metric_in(const struct metric_value *m, bool ratios)
{
	bool percent = m->percent || (m->name && strcmp(m->unit, "%") == 0);

	if (m->rate || percent != ratios)
		return NAN;
	return ratios ? m->value / 100.0 : m->value;
}

/* The metrics of one set that the family written takes: ratios (its variant) or the rest. */
static void metric_rows(struct exposition *x, const struct source *src, const struct report *r,
			const struct label *scope)
{
	const bool ratios = x->family->variant;
	struct label labels[MAX_LABELS];
	size_t i, j;

	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];

		if (row->state != REPORT_COUNTED || !first_of_name(r, i))
			continue;
		for (j = 0; j < row->n_metrics; j++) {
			const struct label given[] = { { "metric", row->metrics[j].unit },
						       { "event", row->name } };

			sample(x, src, labels, labels_with_scope(labels, given, 2, scope),
			       metric_in(&row->metrics[j], ratios));
		}
	}
	/* A named metric: its group when it has one, its unit when it is no ratio. */
	for (i = 0; i < r->n_named; i++) {
		const struct metric_value *m = &r->named[i];
		struct label given[3] = { { "metric", m->name } };
		size_t n = 1;

		if (m->group)
			given[n++] = (struct label){ "group", m->group };
		if (!ratios && m->unit[0])
			given[n++] = (struct label){ "unit", m->unit };
		sample(x, src, labels, labels_with_scope(labels, given, n, scope),
		       metric_in(m, ratios));
	}
}

static void metric_samples(struct exposition *x, const struct source *src)
{
	each_row_set(x, src, false, metric_rows);
}

/* ---- the exposition ---------------------------------------------------------------------- */

/* The order of the exposition; man/hpstat.1 (PROMETHEUS OUTPUT) describes each family. */
static const struct family families[] = {
	{ .name = "hpstat_run", .type = INFO, .help = "The hpstat release that measured; always 1.",
	  .samples = run_info_samples },
	{ .name = "hpstat_runs", .type = COUNTER, .help = "Runs of the command measured.",
	  .samples = runs_samples },
	{ .name = "hpstat_elapsed_seconds", .type = COUNTER, .unit = "seconds",
	  .help = "Wall-clock time of the runs, summed.", .samples = elapsed_samples },
	{ .name = "hpstat_user_seconds", .type = COUNTER, .unit = "seconds",
	  .help = "CPU time in user mode of the runs, summed.", .samples = user_samples },
	{ .name = "hpstat_system_seconds", .type = COUNTER, .unit = "seconds",
	  .help = "CPU time in the kernel of the runs, summed.", .samples = system_samples },
	{ .name = "hpstat_max_rss_bytes", .type = GAUGE, .unit = "bytes",
	  .help = "Peak resident set size, the largest of the runs.", .samples = max_rss_samples },
	{ .name = "hpstat_event_supported", .type = GAUGE,
	  .help = "1 when the event could be counted here, 0 when the kernel or PMU refused it.",
	  .samples = supported_samples },
	{ .name = "hpstat_events", .type = COUNTER,
	  .help = "Event counts summed over the runs, scaled up where counters took turns.",
	  .samples = count_samples, .variant = EVENTS },
	{ .name = "hpstat_event_seconds", .type = COUNTER, .unit = "seconds",
	  .help = "Events that count time (task-clock, cpu-clock, duration_time, ...), summed "
		  "over the runs.",
	  .samples = count_samples, .variant = EVENT_SECONDS },
	{ .name = "hpstat_event_joules", .type = COUNTER, .unit = "joules",
	  .help = "Energy events, summed over the runs.", .samples = count_samples,
	  .variant = EVENT_JOULES },
	{ .name = "hpstat_event_bytes", .type = COUNTER, .unit = "bytes",
	  .help = "Events that count bytes, summed over the runs.", .samples = count_samples,
	  .variant = EVENT_BYTES },
	{ .name = "hpstat_event_values", .type = COUNTER,
	  .help = "Events in another unit (the unit label), summed over the runs.",
	  .samples = count_samples, .variant = EVENT_OTHER },
	{ .name = "hpstat_event_running_ratio", .type = GAUGE, .unit = "ratio",
	  .help = "Share of its enabled time the event had a counter (below 1: counters took "
		  "turns).",
	  .samples = running_samples },
	{ .name = "hpstat_metric", .type = GAUGE,
	  .help = "Derived metrics from the counts: a built-in's metric label names its unit, a "
		  "named metric has a unit label where it has a unit.",
	  .samples = metric_samples, .variant = false },
	{ .name = "hpstat_metric_ratio", .type = GAUGE, .unit = "ratio",
	  .help = "Derived metrics that hpstat reports in percent, as ratios from 0 to 1.",
	  .samples = metric_samples, .variant = true },
};

static void family_header(struct exposition *x, const struct family *f)
{
	static const char *const types[] = { [COUNTER] = "counter", [GAUGE] = "gauge",
					     [INFO] = "info" };
	/* The 0.0.4 format names a family by its samples' name and has no info type. */
	const char *suffix = x->openmetrics || f->type == GAUGE ? "" :
			     f->type == COUNTER			? "_total" :
								  "_info";
	const char *type = x->openmetrics || f->type != INFO ? types[f->type] : "gauge";

	fprintf(x->out, "# HELP %s%s %s\n", f->name, suffix, f->help);
	fprintf(x->out, "# TYPE %s%s %s\n", f->name, suffix, type);
	if (x->openmetrics && f->unit)
		fprintf(x->out, "# UNIT %s %s\n", f->name, f->unit);
}

/* Every family that has samples, its header and then its samples from every source. */
static int exposition_write(FILE *out, const struct source *sources, size_t n,
			    const struct output_options *opts, bool openmetrics, bool in_progress)
{
	struct exposition x = { .out = out, .opts = opts, .openmetrics = openmetrics,
				.in_progress = in_progress };
	size_t f, i;

	for (f = 0; f < sizeof(families) / sizeof(families[0]); f++) {
		x.family = &families[f];
		x.counting = true;
		x.n_samples = 0;
		for (i = 0; i < n; i++)
			families[f].samples(&x, &sources[i]);
		if (x.n_samples == 0)
			continue;
		family_header(&x, &families[f]);
		x.counting = false;
		for (i = 0; i < n; i++)
			families[f].samples(&x, &sources[i]);
	}
	if (openmetrics)
		fputs("# EOF\n", out);
	return ferror(out) ? -1 : 0;
}

/* The command label: the base name of the command's first word. */
static const char *command_name(const char *command)
{
	const char *slash = command ? strrchr(command, '/') : NULL;

	return slash && slash[1] ? slash + 1 : command;
}

static int write_report(FILE *out, const struct report *r, const struct output_options *opts,
			bool openmetrics, bool in_progress)
{
	const struct source src = { r, command_name(opts->command) };

	return exposition_write(out, &src, 1, opts, openmetrics, in_progress);
}

int output_prometheus_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	return write_report(out, r, opts, false, false);
}

int output_openmetrics_write(FILE *out, const struct report *r,
			     const struct output_options *opts)
{
	return write_report(out, r, opts, true, false);
}

int output_prometheus_write_interval(FILE *out, const struct report *r, double time_s,
				     bool first, const struct output_options *opts)
{
	(void)time_s;
	(void)first;
	return write_report(out, r, opts, false, true);
}

int output_openmetrics_write_interval(FILE *out, const struct report *r, double time_s,
				      bool first, const struct output_options *opts)
{
	(void)time_s;
	(void)first;
	return write_report(out, r, opts, true, true);
}

/* Each command measured now (a baseline's entry has no runs), by its name. */
static int write_comparison(FILE *out, const struct comparison_report *c,
			    const struct output_options *opts, bool openmetrics)
{
	struct source *sources = malloc((c->n ? c->n : 1) * sizeof(*sources));
	size_t i, n = 0;
	int ret;

	if (!sources)
		return -1;
	for (i = 0; i < c->n; i++)
		if (c->reports[i].runs_done)
			sources[n++] = (struct source){ &c->reports[i], c->names[i] };
	ret = exposition_write(out, sources, n, opts, openmetrics, false);
	free(sources);
	return ret;
}

int output_prometheus_write_comparison(FILE *out, const struct comparison_report *c,
				       const struct output_options *opts)
{
	return write_comparison(out, c, opts, false);
}

int output_openmetrics_write_comparison(FILE *out, const struct comparison_report *c,
					const struct output_options *opts)
{
	return write_comparison(out, c, opts, true);
}
