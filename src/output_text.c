/* output_text.c - the text report: header, one line per event, elapsed/user/sys times. */
#include <math.h>
#include <stdbool.h>
#include <string.h>

#include "output_text.h"

#define VALUE_WIDTH 18
#define NAME_WIDTH 32
#define METRIC_WIDTH 35 /* " # " + value + unit, so the noise column lines up as perf's */

char *output_text_group_digits(char *buf, size_t cap, double value, int decimals)
{
	char plain[64];
	const char *digits, *dot;
	size_t n_int, i, used = 0;

	snprintf(plain, sizeof(plain), "%.*f", decimals, value);
	digits = plain[0] == '-' ? plain + 1 : plain;
	dot = strchr(digits, '.');
	n_int = dot ? (size_t)(dot - digits) : strlen(digits);
	if (plain[0] == '-' && used + 1 < cap)
		buf[used++] = '-';
	for (i = 0; i < n_int && used + 2 < cap; i++) {
		if (i > 0 && (n_int - i) % 3 == 0)
			buf[used++] = ',';
		buf[used++] = digits[i];
	}
	buf[used] = '\0';
	if (dot)
		snprintf(buf + used, cap - used, "%s", dot);
	return buf;
}

/* Pads the metric to its column only when more follows, so lines carry no trailing blanks. */
static void print_metric(FILE *out, const struct metric_value *m, bool more_follows)
{
	char text[96];

	if (m->percent)
		snprintf(text, sizeof(text), " # %7.*f%% %s", m->decimals, m->value, m->unit);
	else
		snprintf(text, sizeof(text), " # %8.*f %s", m->decimals, m->value, m->unit);
	fprintf(out, "%-*s", more_follows ? METRIC_WIDTH : 0, text);
}

static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const struct output_options *opts)
{
	bool noise = r->runs_done > 1, partial = row->running_pct < 100.0;
	char value[64], name[160];
	size_t m;

	snprintf(name, sizeof(name), "%s%s", row->name, row->added ? " [added]" : "");
	if (row->state != REPORT_COUNTED) {
		fprintf(out, "%*s %-4s %s\n", VALUE_WIDTH,
			row->state == REPORT_NOT_SUPPORTED ? "<not supported>" : "<not counted>",
			row->unit, name);
		return;
	}
	if (opts->big_num)
		output_text_group_digits(value, sizeof(value), stats_mean(&row->stats),
					 row->unit_scale == 1.0 ? 0 : 2);
	else
		snprintf(value, sizeof(value), "%.*f", row->unit_scale == 1.0 ? 0 : 2,
			 stats_mean(&row->stats));
	if (!row->n_metrics && !noise && !partial) {
		fprintf(out, "%*s %-4s %s\n", VALUE_WIDTH, value, row->unit, name);
		return;
	}
	fprintf(out, "%*s %-4s %-*s", VALUE_WIDTH, value, row->unit, NAME_WIDTH, name);
	if (row->n_metrics)
		print_metric(out, &row->metrics[0], noise || partial);
	else
		fprintf(out, "%-*s", METRIC_WIDTH, "");
	if (noise) {
		double pct = stats_sem_pct(&row->stats);

		/* Undefined only for a zero mean with a spread: say so rather than print nan. */
		if (isnan(pct))
			fprintf(out, "  ( +-     ? )");
		else
			fprintf(out, "  ( +- %5.2f%% )", pct);
	}
	if (partial)
		fprintf(out, "  (%.2f%%)", row->running_pct);
	fputc('\n', out);
	for (m = 1; m < row->n_metrics; m++) {
		fprintf(out, "%*s %-4s %-*s", VALUE_WIDTH, "", "", NAME_WIDTH, "");
		print_metric(out, &row->metrics[m], false);
		fputc('\n', out);
	}
}

/* As many decimals as the standard error needs to show two significant digits. */
static int elapsed_decimals(double sem)
{
	int d;

	if (!(sem > 0))
		return 9;
	d = (int)ceil(-log10(sem)) + 2;
	return d < 1 ? 1 : d > 9 ? 9 : d;
}

static void print_times(FILE *out, const struct report *r)
{
	if (r->runs_done > 1) {
		double sem = stats_sem(&r->wall_s.stats);
		int d = elapsed_decimals(sem);

		fprintf(out, "%*.*f +- %.*f seconds time elapsed  ( +- %5.2f%% )\n", VALUE_WIDTH,
			d, stats_mean(&r->wall_s.stats), d, sem, stats_sem_pct(&r->wall_s.stats));
	} else {
		fprintf(out, "%*.9f seconds time elapsed\n", VALUE_WIDTH,
			stats_mean(&r->wall_s.stats));
	}
	fputc('\n', out);
	fprintf(out, "%*.9f seconds user\n", VALUE_WIDTH, stats_mean(&r->user_s.stats));
	fprintf(out, "%*.9f seconds sys\n", VALUE_WIDTH, stats_mean(&r->sys_s.stats));
}

int output_text_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	size_t i;

	fprintf(out, "\n Performance counter stats for '%s'", r->command);
	if (r->interrupted && r->runs_requested > 1)
		fprintf(out, " (%zu of %zu runs%s)", r->runs_done, r->runs_requested,
			r->partial_run ? ", cut short" : "");
	else if (r->interrupted)
		fprintf(out, " (interrupted)");
	else if (r->runs_requested > 1)
		fprintf(out, " (%zu runs)", r->runs_done);
	fprintf(out, ":\n\n");
	for (i = 0; i < r->n_rows; i++)
		print_row(out, r, &r->rows[i], opts);
	fputc('\n', out);
	if (r->runs_done > 0)
		print_times(out, r);
	if (r->runs_failed && r->runs_done > 1)
		fprintf(out, "\n %zu of %zu runs exited non-zero\n", r->runs_failed, r->runs_done);
	if (r->any_added)
		fprintf(out, "\n [added]: counted by hpstat for a derived metric "
			"(--no-metrics leaves it out)\n");
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
