/* output_perf_json.c - perf stat -j: one JSON object per event per line, perf's keys in perf's
 * order, so that scripts written for perf's JSON read hpstat's. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "output.h"

/*
 * The keys, in perf 6.1's order: "interval" (with -I), the part ("cpu", "core", "socket",
 * "thread"; hpstat's "region" too), "counter-value" (a string: the value with six decimals,
 * or "<not supported>" / "<not counted>"), "unit", "event", "variance" (with -r N > 1: the
 * standard error in percent of the mean), "event-runtime" (ns), "pcnt-running",
 * "metric-value", "metric-unit". Where hpstat differs on purpose, as in its -x format:
 * - the value is the mean of all runs, not the last run's;
 * - "variance" is null where the standard error is undefined, where perf prints 0.00;
 * - only the first derived metric is printed (perf adds a line of its own for a second); a
 *   row without one has "metric-value" 0 and "metric-unit" "", as perf's;
 * - events hpstat added for a metric are left out;
 * - a preset's or CPU family's metric (top-down's shares) is an object of its own line, as
 *   perf prints its metric-only lines: "metric-value" (null when not available) and
 *   "metric-unit" ("UNIT NAME"), after "interval" with -I;
 * - perf's "aggregate-number" (CPUs in a core or socket) is not given;
 * - the total after -I intervals follows them, without an "interval" key;
 * - numbers never follow the locale, and -o FILE gets no "# started on" line.
 */
struct rows {
	const struct report *r;
	const char *interval; /* "0.100245446" with -I, NULL for the total */
};

static void put_key(FILE *out, const char *key)
{
	escape_json_string(out, key);
	fputs(" : ", out);
}

static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const char *interval, const struct report_part *part)
{
	const struct metric_value *metric = row->n_metrics ? &row->metrics[0] : NULL;
	bool counted = row->state == REPORT_COUNTED;
	char value[64];

	fputc('{', out);
	if (interval)
		fprintf(out, "\"interval\" : %s, ", interval);
	if (part) {
		output_perf_json_scope(out, part->kind, part->label);
		fputs(", ", out);
	}
	if (counted)
		snprintf(value, sizeof(value), "%f", stats_mean(&row->stats));
	else
		snprintf(value, sizeof(value), "%s",
			 row->state == REPORT_NOT_SUPPORTED ? "<not supported>" : "<not counted>");
	put_key(out, "counter-value");
	escape_json_string(out, value);
	fputs(", ", out);
	put_key(out, "unit");
	escape_json_string(out, row->unit);
	fputs(", ", out);
	put_key(out, "event");
	escape_json_string(out, row->name);
	if (r->runs_requested > 1) {
		double pct = stats_sem_pct(&row->stats);

		if (counted && !isnan(pct))
			fprintf(out, ", \"variance\" : %.2f", pct);
		else
			fputs(", \"variance\" : null", out);
	}
	/* perf shows a refused event as never run for all of its (zero) time: 0 ns, 100%. */
	if (row->state == REPORT_NOT_SUPPORTED)
		fputs(", \"event-runtime\" : 0, \"pcnt-running\" : 100.00", out);
	else
		fprintf(out, ", \"event-runtime\" : %.0f, \"pcnt-running\" : %.2f", row->running_ns,
			row->running_pct);
	fprintf(out, ", \"metric-value\" : %f, ", counted && metric ? metric->value : 0.0);
	put_key(out, "metric-unit");
	escape_json_string(out, counted && metric ? metric->unit : "");
	fputs("}\n", out);
}

static void print_named(FILE *out, const struct metric_value *m, const char *interval)
{
	char unit[256];

	fputc('{', out);
	if (interval)
		fprintf(out, "\"interval\" : %s, ", interval);
	if (isnan(m->value))
		fputs("\"metric-value\" : null, ", out);
	else
		fprintf(out, "\"metric-value\" : %f, ", m->value);
	put_key(out, "metric-unit");
	snprintf(unit, sizeof(unit), "%s%s%s", m->unit, m->unit[0] ? " " : "", m->name);
	escape_json_string(out, unit);
	fputs("}\n", out);
}

/* The rows of r, or of each part when the parts split it, then each region's; then the named
 * metrics. */
static void print_rows(FILE *out, const void *data)
{
	const struct rows *rows = data;
	const struct report *r = rows->r;
	bool split = r->n_parts && report_part_splits(&r->parts[0]);
	size_t i, p;

	for (i = 0; !split && i < r->n_rows; i++)
		if (!r->rows[i].added)
			print_row(out, r, &r->rows[i], rows->interval, NULL);
	for (p = 0; p < r->n_parts; p++) {
		const struct report *part = &r->parts[p].report;

		for (i = 0; i < part->n_rows; i++)
			if (!part->rows[i].added)
				print_row(out, part, &part->rows[i], rows->interval, &r->parts[p]);
	}
	for (i = 0; i < r->n_named; i++)
		print_named(out, &r->named[i], rows->interval);
}

void output_perf_json_scope(FILE *out, const char *kind, const char *label)
{
	if (strcmp(kind, "cpu") == 0 && strncmp(label, "CPU", 3) == 0)
		label += 3;
	put_key(out, kind);
	escape_json_string(out, label);
}

int output_perf_json_write_interval(FILE *out, const struct report *r, double time_s,
				    bool first, const struct output_options *opts)
{
	unsigned long long ns = (unsigned long long)(time_s * 1e9 + 0.5);
	char interval[32];

	(void)first;
	(void)opts;
	/* Whole seconds and nanoseconds as integers: no locale can touch them. */
	snprintf(interval, sizeof(interval), "%llu.%09llu", ns / 1000000000ull,
		 ns % 1000000000ull);
	return output_in_c_locale(out, print_rows, &(struct rows){ .r = r, .interval = interval });
}

int output_perf_json_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	(void)opts;
	return output_in_c_locale(out, print_rows, &(struct rows){ .r = r });
}
