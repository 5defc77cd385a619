/* output_perf_csv.c - perf stat -x: its fields in its order, so scripts written for perf work. */
#include <locale.h>
#include <math.h>
#include <stdio.h>

#include "numstyle.h"
#include "output.h"

/*
 * perf's order as it really prints it (its man page lists another): value, unit, event,
 * [variance], run time ns, running %, metric value, metric unit. One line per event, no
 * header, no quoting, as perf's. Where hpstat differs on purpose:
 * - the value is the mean of all runs, not the last run's;
 * - the variance field is there whenever more than one run was asked for (-r N, N > 1), so
 *   the fields do not shift when Ctrl-C leaves one run; it is empty where the standard error
 *   is undefined (not counted, not supported, fewer than two runs counted), where perf
 *   prints 0.00%;
 * - the running percentage is exact (perf truncates 83.33 to 83.00);
 * - only the first derived metric is printed (perf starts a line of its own for a second);
 * - a preset's or CPU family's metric (top-down's shares) is a line of its own, as perf
 *   prints its metric-only lines: the event's fields empty, then the value (empty when not
 *   available) and "UNIT NAME";
 * - events hpstat added for a metric are left out: perf prints only what was asked for, and
 *   a script may count on that;
 * - numbers never follow the locale.
 */
static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const char *prefix, const char *sep)
{
	const struct metric_value *metric = row->n_metrics ? &row->metrics[0] : NULL;
	bool counted = row->state == REPORT_COUNTED;

	fputs(prefix, out);
	if (counted)
		fprintf(out, "%.*f",
			row->unit_scale == 1.0 ? numstyle_count_mean_decimals(stats_mean(&row->stats)) : 2,
			stats_mean(&row->stats));
	else
		fputs(row->state == REPORT_NOT_SUPPORTED ? "<not supported>" : "<not counted>",
		      out);
	fprintf(out, "%s%s%s%s", sep, row->unit, sep, row->name);
	if (r->runs_requested > 1) {
		double pct = stats_sem_pct(&row->stats);

		fputs(sep, out);
		if (counted && !isnan(pct))
			fprintf(out, "%.2f%%", pct);
	}
	/* perf shows a refused event as never run for all of its (zero) time: 0 ns, 100%. */
	if (row->state == REPORT_NOT_SUPPORTED)
		fprintf(out, "%s0%s100.00%s", sep, sep, sep);
	else
		fprintf(out, "%s%.0f%s%.2f%s", sep, row->running_ns, sep, row->running_pct, sep);
	if (counted && metric)
		fprintf(out, "%.*f%s%s", metric->decimals, metric->value, sep, metric->unit);
	else
		fputs(sep, out);
	fputc('\n', out);
}

/* The named metrics, each on a line of its own after the rows, their fields before the
 * metric's empty. */
static void print_named(FILE *out, const struct report *r, const char *prefix, const char *sep)
{
	size_t i, k, fields = r->runs_requested > 1 ? 6 : 5;

	for (i = 0; i < r->n_named; i++) {
		const struct metric_value *m = &r->named[i];

		fputs(prefix, out);
		for (k = 0; k < fields; k++)
			fputs(sep, out);
		if (!isnan(m->value))
			fprintf(out, "%.*f", m->decimals, m->value);
		fprintf(out, "%s%s%s%s\n", sep, m->unit, m->unit[0] ? " " : "", m->name);
	}
}

/* perf's leading fields: with -I the time (time NULL: none), with -A (or per core, socket, thread) the label;
 * a region's rows are led by "region:NAME". Rows hpstat added are left out. */
static void print_rows(FILE *out, const struct report *r, const char *time, const char *sep)
{
	bool split = r->n_parts && report_part_splits(&r->parts[0]);
	char prefix[192];
	size_t i, p;

	snprintf(prefix, sizeof(prefix), "%s%s", time ? time : "", time ? sep : "");
	for (i = 0; !split && i < r->n_rows; i++)
		if (!r->rows[i].added)
			print_row(out, r, &r->rows[i], prefix, sep);
	print_named(out, r, prefix, sep);
	for (p = 0; p < r->n_parts; p++) {
		const struct report_part *part = &r->parts[p];

		if (report_part_splits(part))
			snprintf(prefix, sizeof(prefix), "%s%s%s%s", time ? time : "",
				 time ? sep : "", part->label, sep);
		else
			snprintf(prefix, sizeof(prefix), "%s%sregion:%s%s", time ? time : "",
				 time ? sep : "", part->label, sep);
		for (i = 0; i < part->report.n_rows; i++)
			if (!part->report.rows[i].added)
				print_row(out, &part->report, &part->report.rows[i], prefix, sep);
	}
}

/* Writes with a decimal point whatever the locale: printf follows the calling thread's
 * locale, so this thread uses "C" while it writes. */
static int write_in_c_locale(FILE *out, const struct report *r, const char *time,
			     const char *sep)
{
	locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t previous;

	if (!c_locale)
		return -1;
	previous = uselocale(c_locale);
	print_rows(out, r, time, sep);
	uselocale(previous);
	freelocale(c_locale);
	return ferror(out) ? -1 : 0;
}

int output_perf_csv_write_interval(FILE *out, const struct report *r, double time_s,
				   bool first, const struct output_options *opts)
{
	unsigned long long ns = (unsigned long long)(time_s * 1e9 + 0.5);
	char time[32];

	(void)first;
	/* Whole seconds and nanoseconds as integers: no locale can touch them. */
	snprintf(time, sizeof(time), "%llu.%09llu", ns / 1000000000ull, ns % 1000000000ull);
	return write_in_c_locale(out, r, time, opts->separator ? opts->separator : ",");
}

int output_perf_csv_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	static const char *const total_time[] = {
		[OPTIONS_SUMMARY_EMPTY] = "", [OPTIONS_SUMMARY_WORD] = "summary",
		[OPTIONS_SUMMARY_NONE] = NULL,
	};

	/* perf prints no total after its intervals unless --summary; hpstat always does, as the
	 * same rows with an empty time field, so that a script can tell them apart; --summary
	 * puts perf's word there, --no-csv-summary leaves the field out as perf does. */
	return write_in_c_locale(out, r, opts->intervals ? total_time[opts->summary] : NULL,
				 opts->separator ? opts->separator : ",");
}
