/* output_text.c - the text report: header, one line per event, times; --stats, --per-run. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "output_text.h"

#define VALUE_WIDTH 18
#define NAME_WIDTH 32
#define TIME_WIDTH 15  /* an interval's end, seconds with nanoseconds */
#define UNIT_WIDTH 12  /* a CPU's, core's or thread's label */
#define LABEL_WIDTH_MAX 160 /* the longest label that the columns after it wait for */
#define METRIC_WIDTH 35 /* " # " + value + unit, so the noise column lines up as perf's */
#define STATS_INDENT 24 /* a --stats line starts under the event name */
#define TABLE_WIDTH 100 /* the --per-run table wraps its columns to stay within this */
#define TABLE_GAP 2

char *output_text_group_digits(char *buf, size_t cap, double value, int decimals)
{
	return numstyle_format(NULL, buf, cap, value, decimals, true);
}

/* A number as the user asked for it: in the locale's digits, with or without the thousands
 * separators. */
static char *num(char *buf, size_t cap, double value, int decimals,
		 const struct output_options *opts)
{
	return numstyle_format(&opts->digits, buf, cap, value, decimals, opts->big_num);
}

/* A count (of runs) in the header and the footnotes. */
static char *count(char *buf, size_t cap, size_t n, const struct output_options *opts)
{
	return num(buf, cap, (double)n, 0, opts);
}

/* Decimals of the shown value: whole counts, two for milliseconds and scaled units. */
static int value_decimals(const struct report_row *row)
{
	return row->unit_scale == 1.0 ? 0 : 2;
}

/* Decimals of a mean: a count's as numstyle_count_mean_decimals() says, a scaled unit's two. */
static int mean_decimals(const struct report_row *row, double mean)
{
	return row->unit_scale != 1.0 ? value_decimals(row) : numstyle_count_mean_decimals(mean);
}

/* Column widths of one report's lines, so that a long unit, name or metric moves a column
 * for every line rather than pushing its own line out of line. The presets' metrics have
 * columns of their own, a long unit there ("misses/kinsn") taking from the names' width, so
 * that their '#' stays under the events'. */
struct layout {
	int unit;   /* the events': at least 4 */
	int name;   /* at least NAME_WIDTH */
	int metric; /* at least METRIC_WIDTH */
	int named_unit, named_name; /* the presets' metrics' */
};

static void metric_text(char *buf, size_t cap, const struct metric_value *m,
			const struct output_options *opts)
{
	char value[64];

	num(value, sizeof(value), m->value, m->decimals, opts);
	if (m->percent)
		snprintf(buf, cap, " # %*s%% %s", numstyle_field(value, 7), value, m->unit);
	else
		snprintf(buf, cap, " # %*s %s", numstyle_field(value, 8), value, m->unit);
}

static void widen(int *width, const char *text)
{
	int w = (int)numstyle_width(text);

	if (w > *width)
		*width = w;
}

/* Widens lay for the rows of r and of its parts. */
static void layout_add(struct layout *lay, const struct report *r,
		       const struct output_options *opts)
{
	char text[256];
	size_t i, m;

	for (i = 0; i < r->n_rows; i++) {
		const struct report_row *row = &r->rows[i];

		widen(&lay->unit, row->unit);
		snprintf(text, sizeof(text), "%s%s", row->name, row->added ? " [added]" : "");
		widen(&lay->name, text);
		for (m = 0; row->state == REPORT_COUNTED && m < row->n_metrics; m++) {
			metric_text(text, sizeof(text), &row->metrics[m], opts);
			widen(&lay->metric, text);
		}
	}
	for (i = 0; i < r->n_named; i++) {
		widen(&lay->named_unit, r->named[i].unit);
		widen(&lay->named_name, r->named[i].name);
	}
	for (i = 0; i < r->n_parts; i++)
		layout_add(lay, &r->parts[i].report, opts);
}

static struct layout layout_of(const struct report *r, const struct output_options *opts)
{
	struct layout lay = { .unit = 4, .name = NAME_WIDTH, .metric = METRIC_WIDTH,
			      .named_unit = 4 };

	layout_add(&lay, r, opts);
	if (lay.named_name < lay.unit + lay.name - lay.named_unit)
		lay.named_name = lay.unit + lay.name - lay.named_unit;
	return lay;
}

/* Enough decimals for two significant digits of a spread, as the elapsed line gives its
 * standard error; `otherwise` when the spread is zero or undefined. */
static int spread_decimals(double spread, int otherwise)
{
	int d;

	if (!(spread > 0) || isinf(spread))
		return otherwise;
	d = (int)ceil(-log10(spread)) + 1;
	return d < 0 ? 0 : d > 9 ? 9 : d;
}

/* Pads the metric to its column only when more follows, so lines carry no trailing blanks. */
static void print_metric(FILE *out, const struct metric_value *m, bool more_follows,
			 const struct layout *lay, const struct output_options *opts)
{
	char text[256];

	metric_text(text, sizeof(text), m, opts);
	fprintf(out, "%-*s", more_follows ? numstyle_field(text, lay->metric) : 0, text);
}

/* The value, unit and name columns; the name padded only when more follows. */
static void print_value_unit_name(FILE *out, const char *value, const char *unit,
				  const char *name, bool more_follows, const struct layout *lay)
{
	fprintf(out, "%*s %-*s %-*s", numstyle_field(value, VALUE_WIDTH), value,
		numstyle_field(unit, lay->unit), unit,
		more_follows ? numstyle_field(name, lay->name) : 0, name);
}

/* Between an interval's bounds: a comma, unless the numbers hold one (a decimal comma, as
 * de_DE writes "5.046,8"), where a semicolon keeps the two apart. */
static const char *bounds_separator(const struct output_options *opts)
{
	return strchr(opts->digits.point, ',') ? ";" : ",";
}

/*
 * The --stats line under a counted event or the elapsed time:
 *   stddev 1.2  min 2,050  median 2,051  max 2,053  95% CI [2,049.5, 2,052.5]
 * min, median and max take `decimals` (the value's); stddev and the interval bounds take
 * `spread_d`. A median halfway between two whole counts keeps its ".5". Undefined
 * statistics (one run) print as "-".
 */
static void print_stats(FILE *out, const struct stats *s, double median, double ci_low,
			double ci_high, int decimals, int spread_d, const char *suffix,
			const struct output_options *opts)
{
	char sd[64], lo[64], md[64], hi[64], cl[64], ch[64];
	double sd_value = stats_stddev(s);
	int median_d = decimals;

	if (decimals == 0 && median - floor(median) == 0.5)
		median_d = 1;
	if (isnan(sd_value))
		snprintf(sd, sizeof(sd), "-");
	else
		num(sd, sizeof(sd), sd_value, spread_d, opts);
	num(lo, sizeof(lo), s->min, decimals, opts);
	num(md, sizeof(md), median, median_d, opts);
	num(hi, sizeof(hi), s->max, decimals, opts);
	fprintf(out, "%*s stddev %s  min %s  median %s  max %s  95%% CI ", STATS_INDENT - 1, "",
		sd, lo, md, hi);
	if (isnan(ci_low) || isnan(ci_high))
		fputs("-", out);
	else
		fprintf(out, "[%s%s %s]", num(cl, sizeof(cl), ci_low, spread_d, opts),
			bounds_separator(opts), num(ch, sizeof(ch), ci_high, spread_d, opts));
	fprintf(out, "%s\n", suffix);
}

static void print_row_stats(FILE *out, const struct report *r, const struct report_row *row,
			    const struct output_options *opts)
{
	char suffix[96] = "", a[32], b[32];
	int d = value_decimals(row);

	/* Runs in which the counter never ran are not in its statistics: say how many are. */
	if (row->runs_counted < r->runs_done)
		snprintf(suffix, sizeof(suffix), "  (%s of %s runs)",
			 count(a, sizeof(a), row->runs_counted, opts),
			 count(b, sizeof(b), r->runs_done, opts));
	print_stats(out, &row->stats, row->median, row->ci95_low, row->ci95_high, d,
		    spread_decimals(stats_stddev(&row->stats), d), suffix, opts);
}

/* prefix: what each line of the row starts with (an interval's time, a CPU's label), or "". */
static void print_row(FILE *out, const struct report *r, const struct report_row *row,
		      const char *prefix, const struct layout *lay,
		      const struct output_options *opts)
{
	bool noise = r->runs_done > 1, partial = row->running_pct < 100.0;
	double mean = stats_mean(&row->stats);
	char value[64], name[160];
	size_t m;

	snprintf(name, sizeof(name), "%s%s", row->name, row->added ? " [added]" : "");
	fputs(prefix, out);
	if (row->state != REPORT_COUNTED) {
		print_value_unit_name(out,
				      row->state == REPORT_NOT_SUPPORTED ? "<not supported>" :
									   "<not counted>",
				      row->unit, name, false, lay);
		fputc('\n', out);
		return;
	}
	num(value, sizeof(value), mean, mean_decimals(row, mean), opts);
	if (!row->n_metrics && !noise && !partial) {
		print_value_unit_name(out, value, row->unit, name, false, lay);
		fputc('\n', out);
	} else {
		print_value_unit_name(out, value, row->unit, name, true, lay);
		if (row->n_metrics)
			print_metric(out, &row->metrics[0], noise || partial, lay, opts);
		else
			fprintf(out, "%-*s", lay->metric, "");
		if (noise) {
			double pct = stats_sem_pct(&row->stats);
			char text[64];

			/* Undefined only for a zero mean with a spread: say so, not nan. */
			if (isnan(pct))
				fprintf(out, "  ( +-     ? )");
			else
				fprintf(out, "  ( +- %5s%% )",
					num(text, sizeof(text), pct, 2, opts));
		}
		if (partial)
			fprintf(out, "  (%s%%)", num(value, sizeof(value), row->running_pct, 2, opts));
		fputc('\n', out);
	}
	for (m = 1; m < row->n_metrics; m++) {
		fputs(prefix, out);
		print_value_unit_name(out, "", "", "", true, lay);
		print_metric(out, &row->metrics[m], false, lay, opts);
		fputc('\n', out);
	}
	if (opts->stats)
		print_row_stats(out, r, row, opts);
}

/* The width of the labels of r's parts: UNIT_WIDTH, or the longest (a cgroup's path), so
 * that the columns after them line up. */
static int label_width(const struct report *r)
{
	size_t p, widest = UNIT_WIDTH;

	for (p = 0; p < r->n_parts; p++)
		if (strlen(r->parts[p].label) > widest)
			widest = strlen(r->parts[p].label);
	return widest > LABEL_WIDTH_MAX ? LABEL_WIDTH_MAX : (int)widest;
}

/* The rows of r: its own, or, when its parts split it (per CPU, core, socket, thread,
 * cgroup), each part's with the part's label in front, as perf -A does. */
static void print_rows(FILE *out, const struct report *r, const char *prefix,
		       const struct layout *lay, const struct output_options *opts)
{
	char labelled[LABEL_WIDTH_MAX + 64];
	size_t i, p;

	if (!r->n_parts || !report_part_splits(&r->parts[0])) {
		for (i = 0; i < r->n_rows; i++)
			print_row(out, r, &r->rows[i], prefix, lay, opts);
		return;
	}
	for (p = 0; p < r->n_parts; p++) {
		const struct report *part = &r->parts[p].report;

		snprintf(labelled, sizeof(labelled), "%s%-*s ", prefix, label_width(r),
			 r->parts[p].label);
		for (i = 0; i < part->n_rows; i++)
			print_row(out, part, &part->rows[i], labelled, lay, opts);
	}
}

/* A named region: its counts (the mean over the runs that entered it) and its time. */
static void print_region(FILE *out, const struct report *whole, const struct report_part *part,
			 const struct layout *lay, const struct output_options *opts)
{
	const struct report *r = &part->report;
	char a[32], b[32], mean[64];
	size_t i;

	fprintf(out, "\n Region '%s' (%s call%s", part->label,
		count(a, sizeof(a), part->calls, opts), part->calls == 1 ? "" : "s");
	if (whole->runs_done > 1)
		fprintf(out, " in %s of %s runs", count(a, sizeof(a), r->runs_done, opts),
			count(b, sizeof(b), whole->runs_done, opts));
	fprintf(out, "):\n\n");
	for (i = 0; i < r->n_rows; i++)
		print_row(out, r, &r->rows[i], "", lay, opts);
	fprintf(out, "\n%*s seconds in the region%s\n", VALUE_WIDTH,
		num(mean, sizeof(mean), stats_mean(&r->wall_s.stats), 9, opts),
		r->runs_done > 1 ? " per run" : "");
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

static void print_times(FILE *out, const struct report *r, const struct output_options *opts)
{
	const struct report_quantity *wall = &r->wall_s;
	char mean[64], sem_text[64], pct[64];
	int d = 9;

	if (r->runs_done > 1) {
		double sem = stats_sem(&wall->stats);

		d = elapsed_decimals(sem);
		fprintf(out, "%*s +- %s seconds time elapsed  ( +- %5s%% )\n", VALUE_WIDTH,
			num(mean, sizeof(mean), stats_mean(&wall->stats), d, opts),
			num(sem_text, sizeof(sem_text), sem, d, opts),
			num(pct, sizeof(pct), stats_sem_pct(&wall->stats), 2, opts));
	} else {
		fprintf(out, "%*s seconds time elapsed\n", VALUE_WIDTH,
			num(mean, sizeof(mean), stats_mean(&wall->stats), d, opts));
	}
	if (opts->stats) {
		int sd = spread_decimals(stats_stddev(&wall->stats), d);

		print_stats(out, &wall->stats, wall->median, wall->ci95_low, wall->ci95_high, sd,
			    sd, "", opts);
	}
	fputc('\n', out);
	fprintf(out, "%*s seconds user\n", VALUE_WIDTH,
		num(mean, sizeof(mean), stats_mean(&r->user_s.stats), 9, opts));
	fprintf(out, "%*s seconds sys\n", VALUE_WIDTH,
		num(mean, sizeof(mean), stats_mean(&r->sys_s.stats), 9, opts));
}

/*
 * The --per-run table: one line per run, so that 200 runs are 200 lines rather than 200
 * columns; one column per counted event (its unit in the title), then elapsed seconds and
 * the exit code. Columns that would pass TABLE_WIDTH go to a further block of the same runs,
 * each block led by the run number.
 */
enum { COL_ELAPSED = -1, COL_EXIT = -2 };

/* Column c: a counted row's index, COL_ELAPSED or COL_EXIT. */
static void cell_text(char *buf, size_t cap, const struct report *r, long c, size_t run,
		      const struct output_options *opts)
{
	if (c == COL_EXIT) {
		snprintf(buf, cap, "%d", r->runs[run].exit_code);
	} else if (c == COL_ELAPSED) {
		num(buf, cap, r->runs[run].wall_s, 6, opts);
	} else {
		const struct report_row *row = &r->rows[c];
		double v = row->per_run[run];

		if (isnan(v))
			snprintf(buf, cap, "-");
		else
			num(buf, cap, v, value_decimals(row), opts);
	}
}

static void column_title(char *buf, size_t cap, const struct report *r, long c)
{
	if (c == COL_EXIT)
		snprintf(buf, cap, "exit");
	else if (c == COL_ELAPSED)
		snprintf(buf, cap, "elapsed (s)");
	else if (r->rows[c].unit[0])
		snprintf(buf, cap, "%s (%s)", r->rows[c].name, r->rows[c].unit);
	else
		snprintf(buf, cap, "%s", r->rows[c].name);
}

static size_t column_width(const struct report *r, long c, const struct output_options *opts)
{
	char buf[200];
	size_t width, run, len;

	column_title(buf, sizeof(buf), r, c);
	width = strlen(buf);
	for (run = 0; run < r->runs_done; run++) {
		cell_text(buf, sizeof(buf), r, c, run, opts);
		len = strlen(buf);
		if (len > width)
			width = len;
	}
	return width;
}

static int print_per_run(FILE *out, const struct report *r, const struct output_options *opts)
{
	size_t n_cols = 0, i, first, end, used, run, run_width;
	long *cols = malloc((r->n_rows + 2) * sizeof(*cols));
	size_t *widths = malloc((r->n_rows + 2) * sizeof(*widths));
	char buf[200];
	int ret = -1;

	if (!cols || !widths)
		goto out;
	for (i = 0; i < r->n_rows; i++)
		if (r->rows[i].state == REPORT_COUNTED)
			cols[n_cols++] = (long)i;
	cols[n_cols++] = COL_ELAPSED;
	cols[n_cols++] = COL_EXIT;
	for (i = 0; i < n_cols; i++)
		widths[i] = column_width(r, cols[i], opts);
	run_width = strlen(count(buf, sizeof(buf), r->runs_done, opts));
	if (run_width < 3)
		run_width = 3;
	fprintf(out, "\n Per-run values:\n");
	for (first = 0; first < n_cols; first = end) {
		used = 1 + run_width;
		for (end = first; end < n_cols; end++) {
			if (end > first && used + TABLE_GAP + widths[end] > TABLE_WIDTH)
				break;
			used += TABLE_GAP + widths[end];
		}
		fprintf(out, "\n %*s", (int)run_width, "run");
		for (i = first; i < end; i++) {
			column_title(buf, sizeof(buf), r, cols[i]);
			fprintf(out, "%*s%*s", TABLE_GAP, "", (int)widths[i], buf);
		}
		fputc('\n', out);
		for (run = 0; run < r->runs_done; run++) {
			fprintf(out, " %*s", (int)run_width,
				count(buf, sizeof(buf), run + 1, opts));
			for (i = first; i < end; i++) {
				cell_text(buf, sizeof(buf), r, cols[i], run, opts);
				fprintf(out, "%*s%*s", TABLE_GAP, "", (int)widths[i], buf);
			}
			fputc('\n', out);
		}
	}
	ret = 0;
out:
	free(cols);
	free(widths);
	return ret;
}

/* The presets' metrics, after the counts, laid out like event lines: value, unit, name, and
 * the description where an event line has its metric. */
static void print_named_metrics(FILE *out, const struct report *r, const struct layout *rows,
				const struct output_options *opts)
{
	const struct layout named = { .unit = rows->named_unit, .name = rows->named_name },
			    *lay = &named;
	char value[64];
	size_t i;

	fputc('\n', out);
	for (i = 0; i < r->n_named; i++) {
		const struct metric_value *m = &r->named[i];

		/* A family's group (top-down's levels) under a heading of its own. */
		if (m->group && (i == 0 || !r->named[i - 1].group ||
				 strcmp(r->named[i - 1].group, m->group) != 0))
			fprintf(out, "%s %s: %s\n", i ? "\n" : "", m->group, m->group_description);
		if (isnan(m->value))
			snprintf(value, sizeof(value), "<not available>");
		else
			num(value, sizeof(value), m->value, m->decimals, opts);
		print_value_unit_name(out, value, m->unit, m->name, true, lay);
		fprintf(out, " # %s%s\n", m->bottleneck ? "<< bottleneck: " : "", m->description);
	}
}

/* Why perf's default set has no top-down analysis here, once. */
static void print_topdown_note(FILE *out, const struct report *r)
{
	if (r->topdown_note)
		fprintf(out, "\n note: no top-down analysis here: %s\n", r->topdown_note);
	if (r->topdown_hint)
		fprintf(out, "\n hint: this CPU counts no stalled cycles; it tells where the "
			"pipeline stalls by top-down analysis: use --topdown (--td-level 2 for "
			"more)\n");
}

/* " warning: ..." lines, each after prefix ("" or "[2] name: "), a blank line before them. */
static void print_advice(FILE *out, const struct advice *advice, size_t n, const char *prefix)
{
	char line[256];
	size_t i;

	for (i = 0; i < n; i++) {
		advice_message(&advice[i], line, sizeof(line));
		fprintf(out, "%s warning: %s%s\n", i ? "" : "\n", prefix, line);
	}
}

/* --table: each run's elapsed time and how far it is from the mean, as perf's table of
 * individual measurements, the mean then following as the final result. A '#' for each 5%
 * a run is off the mean (one at least) shows the outliers at a glance. */
#define TABLE_INDENT 9
#define TABLE_MAX_BARS 40

static void print_table(FILE *out, const struct report *r, const struct output_options *opts)
{
	double mean = stats_mean(&r->wall_s.stats);
	int d = elapsed_decimals(stats_sem(&r->wall_s.stats));
	char value[64], off_text[64];
	size_t run;

	fprintf(out, "%*s# Table of individual measurements:\n", TABLE_INDENT, "");
	for (run = 0; run < r->runs_done; run++) {
		double off = r->runs[run].wall_s - mean;
		int bars = mean > 0 ? 1 + (int)(fabs(100.0 * off / mean) / 5.0) : 1;

		num(value, sizeof(value), r->runs[run].wall_s, d, opts);
		num(off_text, sizeof(off_text), fabs(off), d, opts);
		/* The sign of the difference as shown: one that rounds to zero is no minus. */
		fprintf(out, "%*s (%c%s) ", numstyle_field(value, VALUE_WIDTH), value,
			nearbyint(off * pow(10, d)) < 0 ? '-' : '+', off_text);
		for (bars = bars > TABLE_MAX_BARS ? TABLE_MAX_BARS : bars; bars > 0; bars--)
			fputc('#', out);
		fputc('\n', out);
	}
	fprintf(out, "\n%*s# Final result:\n", TABLE_INDENT, "");
}

void output_text_title(FILE *out, const struct report *r, const struct output_options *opts)
{
	char a[32], b[32];

	/* The command line, like every name from the user, is escaped for the terminal: a
	 * quoted escape sequence must not move the cursor or recolour the report. */
	fputs("\n Performance counter stats for '", out);
	escape_terminal(out, r->command);
	fputc('\'', out);
	if (r->interrupted && r->runs_requested > 1)
		fprintf(out, " (%s of %s runs%s)", count(a, sizeof(a), r->runs_done, opts),
			count(b, sizeof(b), r->runs_requested, opts),
			r->partial_run ? ", cut short" : "");
	else if (r->interrupted)
		fprintf(out, " (interrupted)");
	else if (r->runs_requested > 1)
		fprintf(out, " (%s runs)", count(a, sizeof(a), r->runs_done, opts));
	fprintf(out, ":\n\n");
}

void output_text_times(FILE *out, const struct report *r, const struct output_options *opts)
{
	char a[32], b[32];

	if (opts->table && r->runs && r->runs_done > 1)
		print_table(out, r, opts);
	if (r->runs_done > 0)
		print_times(out, r, opts);
	if (r->runs_failed && r->runs_done > 1)
		fprintf(out, "\n %s of %s runs exited non-zero\n",
			count(a, sizeof(a), r->runs_failed, opts),
			count(b, sizeof(b), r->runs_done, opts));
	if (r->runs_detached)
		fprintf(out, "\n <not counted> in %s of %s runs: the command ran a set-user-ID or "
			"set-group-ID program, and the kernel stops counting a program that this user "
			"may not watch (count as root, or the program's owner)\n",
			count(a, sizeof(a), r->runs_detached, opts),
			count(b, sizeof(b), r->runs_done, opts));
	print_topdown_note(out, r);
	print_advice(out, r->advice, r->n_advice, "");
	if (r->any_user_only)
		fprintf(out, "\n note: kernel mode was refused to this user, so events marked :u "
			"count user mode only; run as root, with CAP_PERFMON, or at "
			"perf_event_paranoid 1 or below to count both (hpstat(1), PRIVILEGES)\n");
	if (r->any_added)
		fprintf(out, "\n [added]: counted by hpstat for a derived metric "
			"(--no-metrics leaves it out)\n");
}

int output_text_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	const struct layout lay = layout_of(r, opts);
	size_t i;

	output_text_title(out, r, opts);
	print_rows(out, r, "", &lay, opts);
	if (r->n_named)
		print_named_metrics(out, r, &lay, opts);
	/* Under the counts a blank line; with none (-n) the title's is the one. */
	if (r->n_rows || r->n_named)
		fputc('\n', out);
	output_text_times(out, r, opts);
	if (opts->per_run && r->runs_done > 0 && print_per_run(out, r, opts))
		return -1;
	for (i = 0; i < r->n_parts; i++)
		if (!report_part_splits(&r->parts[i]))
			print_region(out, r, &r->parts[i], &lay, opts);
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

/* The presets' and the CPU family's metrics of one interval, a line each after its counts
 * (top-down as it shifts), the bottleneck marked. */
static void print_interval_metrics(FILE *out, const struct report *r, const char *prefix,
				   const struct layout *rows, const struct output_options *opts)
{
	const struct layout lay = { .unit = rows->named_unit, .name = rows->named_name };
	char value[64];
	size_t i;

	for (i = 0; i < r->n_named; i++) {
		const struct metric_value *m = &r->named[i];

		if (isnan(m->value))
			snprintf(value, sizeof(value), "<not available>");
		else
			num(value, sizeof(value), m->value, m->decimals, opts);
		fputs(prefix, out);
		print_value_unit_name(out, value, m->unit, m->name, m->bottleneck, &lay);
		fputs(m->bottleneck ? "  << bottleneck\n" : "\n", out);
	}
}

/* --interval-clear: the terminal is cleared (cursor home, erase the screen) before each
 * interval, and the column titles come again at its top. */
#define CLEAR_SCREEN "\033[H\033[2J"

int output_text_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			       const struct output_options *opts)
{
	bool split = r->n_parts && report_part_splits(&r->parts[0]);
	const struct layout lay = layout_of(r, opts);
	char prefix[32];

	if (opts->interval_clear)
		fputs(CLEAR_SCREEN, out);
	if (first || opts->interval_clear)
		fprintf(out, "#%*s %-*s%s%*s %-*s %s\n", TIME_WIDTH - 1, "time",
			split ? label_width(r) : 0, split ? r->parts[0].kind : "", split ? " " : "",
			VALUE_WIDTH, "counts", lay.unit, "unit", "events");
	snprintf(prefix, sizeof(prefix), "%*.9f ", TIME_WIDTH, time_s);
	print_rows(out, r, prefix, &lay, opts);
	print_interval_metrics(out, r, prefix, &lay, opts);
	return ferror(out) ? -1 : 0;
}

/* ---- a comparison of commands ---------------------------------------------------------- */

#define COLOR_BETTER "\033[32m"
#define COLOR_WORSE "\033[31m"
#define COLOR_OFF "\033[0m"

/* Decimals for one quantity's values: seconds by their spread, clocks and scaled units two,
 * metrics two or three significant digits below 1 (as a report's named metrics); counts, KiB
 * and nanoseconds (the tool events) as a report's counts are. */
static int quantity_decimals(const struct comparison_row *row, const struct stats *s)
{
	if (row->kind == QUANTITY_TIME)
		return strcmp(row->unit, "s") == 0 ? spread_decimals(stats_sem(s), 6) :
						     numstyle_count_mean_decimals(stats_mean(s));
	if (row->kind == QUANTITY_EVENT)
		return row->unit[0] && strcmp(row->unit, "ns") != 0 ?
			       2 : numstyle_count_mean_decimals(stats_mean(s));
	return numstyle_metric_decimals(stats_mean(s));
}

/* A change in percent with its sign, "+12.34%". */
static char *signed_pct(char *buf, size_t cap, double pct, const struct output_options *opts)
{
	char digits[48];

	num(digits, sizeof(digits), pct, 2, opts);
	snprintf(buf, cap, "%s%.48s%%", digits[0] == '-' ? "" : "+", digits);
	return buf;
}

static void print_cell(FILE *out, const struct comparison_report *c,
		       const struct comparison_row *row, size_t i, const struct output_options *opts)
{
	char pct[64], low[64], high[64];
	const struct comparison_cell *cell = &row->cells[i];
	const char *word = "", *color = NULL;
	char value[64], noise[96] = "";
	double sem_pct = stats_sem_pct(&cell->stats);

	fprintf(out, "   [%zu] ", i + 1);
	if (!cell->measured) {
		/* A metric that reads an event not counted is not available, as in a report. */
		fprintf(out, "%*s\n", VALUE_WIDTH,
			row->kind == QUANTITY_METRIC ? "<not available>" : "<not counted>");
		return;
	}
	num(value, sizeof(value), stats_mean(&cell->stats), quantity_decimals(row, &cell->stats),
	    opts);
	if (!isnan(sem_pct))
		snprintf(noise, sizeof(noise), "  ( +- %5s%% )",
			 num(pct, sizeof(pct), sem_pct, 2, opts));
	fprintf(out, "%*s%s%s", numstyle_field(value, VALUE_WIDTH), value,
		strcmp(row->unit, "%") ? "" : "%", noise);
	switch (cell->verdict) {
	case VERDICT_BETTER:
		word = "better";
		color = COLOR_BETTER;
		break;
	case VERDICT_WORSE:
		word = "worse";
		color = COLOR_WORSE;
		break;
	case VERDICT_CHANGED:
		word = "changed";
		break;
	case VERDICT_SAME:
		word = "no significant change";
		break;
	case VERDICT_REFERENCE:
	case VERDICT_UNKNOWN:
		fputc('\n', out);
		return;
	}
	signed_pct(pct, sizeof(pct), cell->change.pct, opts);
	fprintf(out, "  %*s  [%s%s %s]  %s%s%s\n", numstyle_field(pct, 10), pct,
		signed_pct(low, sizeof(low), cell->change.pct_low, opts), bounds_separator(opts),
		signed_pct(high, sizeof(high), cell->change.pct_high, opts),
		c->color && color ? color : "", word, c->color && color ? COLOR_OFF : "");
}

static void print_comparison_header(FILE *out, const struct comparison_report *c,
				    const struct output_options *opts)
{
	char a[32];
	size_t i;

	fprintf(out, "\n Comparison of %zu command%s (%s run%s each", c->n, c->n == 1 ? "" : "s",
		count(a, sizeof(a), c->runs_requested, opts), c->runs_requested == 1 ? "" : "s");
	if (c->warmup)
		fprintf(out, " after %u warmup%s", c->warmup, c->warmup == 1 ? "" : "s");
	if (c->shuffled)
		fprintf(out, ", in random order from seed %llu", c->seed);
	else
		fputs(", interleaved", out);
	fprintf(out, "%s):\n\n", c->interrupted ? "; interrupted" : "");
	for (i = 0; i < c->n; i++) {
		fprintf(out, "   [%zu] ", i + 1);
		escape_terminal(out, c->names[i]);
		if (strcmp(c->names[i], c->lines[i]) != 0) {
			fputs(": ", out);
			escape_terminal(out, c->lines[i]);
		}
		if (i == c->comparison->reference && c->baseline &&
		    c->baseline_runs != c->runs_requested)
			fprintf(out, "  (the reference, saved: %zu run%s)", c->baseline_runs,
				c->baseline_runs == 1 ? "" : "s");
		else if (i == c->comparison->reference)
			fputs(c->baseline ? "  (the reference, saved)" : "  (the reference)", out);
		else if (c->reports[i].runs_done < c->runs_requested)
			fprintf(out, "  (%zu runs)", c->reports[i].runs_done);
		fputc('\n', out);
	}
	if (c->baseline)
		fprintf(out, "\n   The reference is the saved result in '%s'.\n", c->baseline);
}

static void print_ranking(FILE *out, const struct comparison_report *c,
			  const struct output_options *opts)
{
	char ratio[64];
	const struct comparison *cmp = c->comparison;
	const struct comparison_row *row = &cmp->rows[cmp->sort_row];
	size_t best = cmp->ranking[0], k;

	fprintf(out, "\n Ranking by %s, best first:\n", row->label);
	for (k = 0; k < c->n; k++) {
		size_t i = cmp->ranking[k];

		fprintf(out, "   %zu. [%zu] ", k + 1, i + 1);
		escape_terminal(out, c->names[i]);
		if (k > 0 && !isnan(cmp->rank_ratio[k])) {
			int d = spread_decimals(cmp->rank_ratio_se[k], 2);

			fprintf(out, "\n        %s",
				num(ratio, sizeof(ratio), cmp->rank_ratio[k], d, opts));
			if (!isnan(cmp->rank_ratio_se[k]))
				fprintf(out, " +- %s",
					num(ratio, sizeof(ratio), cmp->rank_ratio_se[k], d, opts));
			fprintf(out, " x the %s of [%zu]", row->label, best + 1);
		}
		fputc('\n', out);
	}
}

int output_text_write_comparison(FILE *out, const struct comparison_report *c,
				 const struct output_options *opts)
{
	const struct comparison *cmp = c->comparison;
	size_t r, i;

	print_comparison_header(out, c, opts);
	for (r = 0; r < cmp->n_rows; r++) {
		const struct comparison_row *row = &cmp->rows[r];

		fprintf(out, "\n %s", row->label);
		if (row->unit[0] && strcmp(row->unit, "%") != 0)
			fprintf(out, " (%s)", row->unit);
		fputc('\n', out);
		for (i = 0; i < c->n; i++)
			print_cell(out, c, row, i, opts);
	}
	print_ranking(out, c, opts);
	fprintf(out, "\n A change is significant when its 95%% interval excludes zero and it is "
		"at least %g%% (--threshold).\n", cmp->threshold_pct);
	for (i = 0; i < c->n; i++) {
		char prefix[64];

		snprintf(prefix, sizeof(prefix), "[%zu] ", i + 1);
		print_advice(out, c->reports[i].advice, c->reports[i].n_advice, prefix);
	}
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}
