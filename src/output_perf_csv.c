/* output_perf_csv.c - perf stat -x: its fields in its order, so scripts written for perf work. */
#include <locale.h>
#include <math.h>
#include <stdio.h>

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
 * - events hpstat added for a metric are left out: perf prints only what was asked for, and
 *   a script may count on that;
 * - numbers never follow the locale.
 */
static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const char *sep)
{
	const struct metric_value *metric = row->n_metrics ? &row->metrics[0] : NULL;
	bool counted = row->state == REPORT_COUNTED;

	if (counted)
		fprintf(out, "%.*f", row->unit_scale == 1.0 ? 0 : 2, stats_mean(&row->stats));
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

int output_perf_csv_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	const char *sep = opts->separator ? opts->separator : ",";
	/* Whatever locale the process runs under, a decimal point: printf follows the calling
	 * thread's locale, so this thread uses "C" while it writes. */
	locale_t c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	locale_t previous = c_locale ? uselocale(c_locale) : (locale_t)0;
	size_t i;

	if (!c_locale)
		return -1;
	for (i = 0; i < r->n_rows; i++)
		if (!r->rows[i].added)
			print_row(out, r, &r->rows[i], sep);
	uselocale(previous);
	freelocale(c_locale);
	return ferror(out) ? -1 : 0;
}
