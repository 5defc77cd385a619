/* output_perf_csv.c - perf stat -x: its fields in its order, so scripts written for perf work. */
#include <math.h>
#include <stdio.h>

#include "output.h"

/* perf's order as it really prints it (its man page lists another): value, unit, event,
 * [variance when runs > 1], run time ns, running %, metric value, metric unit. Unlike perf, the
 * value is the mean of all runs and numbers ignore the locale. */
static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const char *sep)
{
	const struct metric_value *metric = row->n_metrics ? &row->metrics[0] : NULL;

	if (row->state == REPORT_COUNTED)
		fprintf(out, "%.*f", row->unit_scale == 1.0 ? 0 : 2, stats_mean(&row->stats));
	else
		fputs(row->state == REPORT_NOT_SUPPORTED ? "<not supported>" : "<not counted>",
		      out);
	fprintf(out, "%s%s%s%s", sep, row->unit, sep, row->name);
	if (r->runs_done > 1) {
		double pct = stats_sem_pct(&row->stats);

		fputs(sep, out);
		if (row->state == REPORT_COUNTED && !isnan(pct))
			fprintf(out, "%.2f%%", pct);
	}
	fprintf(out, "%s%.0f%s%.2f%s", sep, row->running_ns, sep,
		row->state == REPORT_NOT_SUPPORTED ? 100.0 : row->running_pct, sep);
	if (metric)
		fprintf(out, "%.*f%s%s", metric->decimals, metric->value, sep, metric->unit);
	else
		fputs(sep, out);
	fputc('\n', out);
}

int output_perf_csv_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	size_t i;

	for (i = 0; i < r->n_rows; i++)
		print_row(out, r, &r->rows[i], opts->separator ? opts->separator : ",");
	return ferror(out) ? -1 : 0;
}
