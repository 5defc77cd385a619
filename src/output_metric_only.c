/* output_metric_only.c - --metric-only: the derived metrics as a table, a column each, in
 * text, --csv, -x and -j. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "metric_table.h"
#include "output.h"
#include "output_csv.h"
#include "output_text.h"

#define TEXT_WIDTH 100 /* columns past this go to a further block of the same lines */
#define TEXT_GAP 2

/* A line's label as text and -x print it: the part's own, "all" for the whole beside regions. */
static const char *line_label(const struct metric_line *line)
{
	return line->kind ? line->label : "all";
}

/* Whether the lines need a label: more than one, or one of a part. */
static bool labelled(const struct metric_table *t)
{
	return t->n_lines > 1 || (t->n_lines && t->lines[0].kind);
}

/* ---- text ------------------------------------------------------------------------------ */

static void text_cell(char *buf, size_t cap, const struct metric_column *c, double value,
		      const struct output_options *opts)
{
	char digits[64];

	if (isnan(value)) {
		snprintf(buf, cap, "-");
		return;
	}
	numstyle_format(&opts->digits, digits, sizeof(digits), value, c->decimals, opts->big_num);
	snprintf(buf, cap, "%s%s", digits, c->percent ? "%" : "");
}

static size_t text_width(const struct metric_table *t, size_t c,
			 const struct output_options *opts)
{
	size_t width = numstyle_width(t->columns[c].title), l, w;
	char buf[96];

	for (l = 0; l < t->n_lines; l++) {
		text_cell(buf, sizeof(buf), &t->columns[c], t->lines[l].values[c], opts);
		w = numstyle_width(buf);
		if (w > width)
			width = w;
	}
	return width;
}

/* One block of columns [first, end): the titles, then each line's values under them. */
static void text_block(FILE *out, const struct metric_table *t, size_t first, size_t end,
		       const size_t *widths, int label_width, const char *label_title,
		       const struct output_options *opts)
{
	char buf[96];
	size_t l, c;

	fprintf(out, " %-*s", label_width, label_title);
	for (c = first; c < end; c++)
		fprintf(out, "%*s%*s", TEXT_GAP, "",
			numstyle_field(t->columns[c].title, (int)widths[c]), t->columns[c].title);
	fputc('\n', out);
	for (l = 0; l < t->n_lines; l++) {
		const char *label = label_width ? line_label(&t->lines[l]) : "";

		fprintf(out, " %-*s", numstyle_field(label, label_width), label);
		for (c = first; c < end; c++) {
			text_cell(buf, sizeof(buf), &t->columns[c], t->lines[l].values[c], opts);
			fprintf(out, "%*s%*s", TEXT_GAP, "", numstyle_field(buf, (int)widths[c]), buf);
		}
		fputc('\n', out);
	}
}

static void text_table(FILE *out, const struct metric_table *t, size_t *widths,
		       const struct output_options *opts)
{
	const char *label_title = "";
	size_t c, l, first, end, used, label_width = 0;

	if (labelled(t)) {
		for (l = 0; l < t->n_lines; l++) {
			size_t w = numstyle_width(line_label(&t->lines[l]));

			if (t->lines[l].kind && !label_title[0])
				label_title = t->lines[l].kind;
			if (w > label_width)
				label_width = w;
		}
		if (strlen(label_title) > label_width)
			label_width = strlen(label_title);
	}
	for (c = 0; c < t->n_columns; c++)
		widths[c] = text_width(t, c, opts);
	if (!t->n_columns) {
		fputs("   (no derived metric: each needs events that were not counted here, as a "
		      "rate needs task-clock\n    or a ratio its partner event)\n", out);
		return;
	}
	for (first = 0; first < t->n_columns; first = end) {
		used = 1 + label_width;
		for (end = first; end < t->n_columns; end++) {
			if (end > first && used + TEXT_GAP + widths[end] > TEXT_WIDTH)
				break;
			used += TEXT_GAP + widths[end];
		}
		if (first)
			fputc('\n', out);
		text_block(out, t, first, end, widths, (int)label_width, label_title, opts);
	}
}

int output_text_write_metric_only(FILE *out, const struct report *r,
				  const struct output_options *opts)
{
	struct metric_table t;
	size_t *widths;

	if (metric_table_build(&t, r, NULL))
		return -1;
	widths = calloc(t.n_columns ? t.n_columns : 1, sizeof(*widths));
	if (!widths) {
		metric_table_release(&t);
		return -1;
	}
	output_text_title(out, r, opts);
	text_table(out, &t, widths, opts);
	fputc('\n', out);
	output_text_times(out, r, opts);
	fputc('\n', out);
	free(widths);
	metric_table_release(&t);
	return ferror(out) ? -1 : 0;
}

/* ---- --csv ----------------------------------------------------------------------------- */

/* One record per line and metric, as the CSV report has one per event:
 * [scope,]metric,value; the scope "cpu:CPU0", "region:step", or empty for the whole. */
int output_csv_write_metric_only(FILE *out, const struct report *r,
				 const struct output_options *opts)
{
	char num[OUTPUT_CSV_NUMBER_MAX];
	struct metric_table t;
	size_t l, c;

	if (metric_table_build(&t, r, NULL))
		return -1;
	fprintf(out, "%smetric,value\n", opts->scoped ? "scope," : "");
	for (l = 0; l < t.n_lines; l++) {
		const struct metric_line *line = &t.lines[l];

		for (c = 0; c < t.n_columns; c++) {
			if (opts->scoped) {
				if (line->kind)
					fprintf(out, "%s:", line->kind);
				escape_csv_field(out, line->label);
				fputc(',', out);
			}
			escape_csv_field(out, t.columns[c].title);
			fprintf(out, ",%s\n", output_csv_number(num, sizeof(num), line->values[c]));
		}
	}
	metric_table_release(&t);
	return ferror(out) ? -1 : 0;
}

/* ---- -x and -j: perf's shapes, in the C locale ------------------------------------------ */

struct perf_table {
	const struct metric_table *t;
	const struct output_options *opts;
};

/* perf -x --metric-only: a line of titles, then a line of values each; a label first when
 * there are parts (its title empty). An unavailable value is an empty field. */
static void perf_csv_table(FILE *out, const void *data)
{
	const struct perf_table *pt = data;
	const struct metric_table *t = pt->t;
	const char *sep = pt->opts->separator ? pt->opts->separator : ",";
	bool label = labelled(t);
	size_t l, c;

	for (c = 0; c < t->n_columns; c++)
		fprintf(out, "%s%s", c || label ? sep : "", t->columns[c].title);
	fputc('\n', out);
	for (l = 0; l < t->n_lines; l++) {
		if (label)
			fputs(line_label(&t->lines[l]), out);
		for (c = 0; c < t->n_columns; c++) {
			double v = t->lines[l].values[c];

			if (c || label)
				fputs(sep, out);
			if (!isnan(v))
				fprintf(out, "%.*f", t->columns[c].decimals, v);
		}
		fputc('\n', out);
	}
}

/* perf -j --metric-only: an object per line, each metric's title a key and its value a
 * string, as perf writes them; an unavailable one is left out. */
static void perf_json_table(FILE *out, const void *data)
{
	const struct perf_table *pt = data;
	const struct metric_table *t = pt->t;
	char value[64];
	size_t l, c;

	for (l = 0; l < t->n_lines; l++) {
		const struct metric_line *line = &t->lines[l];
		bool first = true;

		fputc('{', out);
		if (line->kind) {
			output_perf_json_scope(out, line->kind, line->label);
			first = false;
		}
		for (c = 0; c < t->n_columns; c++) {
			if (isnan(line->values[c]))
				continue;
			fputs(first ? "" : ", ", out);
			first = false;
			escape_json_string(out, t->columns[c].title);
			snprintf(value, sizeof(value), "%.*f", t->columns[c].decimals,
				 line->values[c]);
			fputs(" : ", out);
			escape_json_string(out, value);
		}
		fputs("}\n", out);
	}
}

static int perf_write(FILE *out, const struct report *r, const struct output_options *opts,
		      void (*write)(FILE *, const void *))
{
	struct metric_table t;
	int ret;

	if (metric_table_build(&t, r, NULL))
		return -1;
	ret = output_in_c_locale(out, write, &(struct perf_table){ .t = &t, .opts = opts });
	metric_table_release(&t);
	return ret;
}

int output_perf_csv_write_metric_only(FILE *out, const struct report *r,
				      const struct output_options *opts)
{
	return perf_write(out, r, opts, perf_csv_table);
}

int output_perf_json_write_metric_only(FILE *out, const struct report *r,
				       const struct output_options *opts)
{
	return perf_write(out, r, opts, perf_json_table);
}
