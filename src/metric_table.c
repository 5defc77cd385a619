/* metric_table.c - the derived metrics of a report laid out as columns, one line a part. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metric_table.h"

/* The column titled title, added (with no value in any line) when there is none yet. -1 when
 * memory runs out. */
static long column_find_or_add(struct metric_table *t, const char *title, int decimals,
			       bool percent)
{
	struct metric_column *grown;
	size_t i, l;

	for (i = 0; i < t->n_columns; i++)
		if (strcmp(t->columns[i].title, title) == 0)
			break;
	if (i == t->n_columns) {
		grown = realloc(t->columns, (t->n_columns + 1) * sizeof(*grown));
		if (!grown)
			return -1;
		t->columns = grown;
		memset(&grown[i], 0, sizeof(grown[i]));
		snprintf(grown[i].title, sizeof(grown[i].title), "%s", title);
		grown[i].percent = percent;
		/* Every line gets the new column, unknown until its metric comes. */
		for (l = 0; l < t->n_lines; l++) {
			double *values = realloc(t->lines[l].values, (i + 1) * sizeof(*values));

			if (!values)
				return -1;
			values[i] = NAN;
			t->lines[l].values = values;
		}
		t->n_columns++;
	}
	if (decimals > t->columns[i].decimals)
		t->columns[i].decimals = decimals;
	return (long)i;
}

/* Puts value in line's column titled title; a title the line holds already is told apart by
 * the event after it. */
static int put(struct metric_table *t, struct metric_line *line, const char *title,
	       const char *event, double value, int decimals, bool percent)
{
	char qualified[METRIC_TABLE_TITLE_MAX];
	long c = column_find_or_add(t, title, decimals, percent);

	if (c >= 0 && !isnan(line->values[c]) && event) {
		snprintf(qualified, sizeof(qualified), "%.60s (%.32s)", title, event);
		c = column_find_or_add(t, qualified, decimals, percent);
	}
	if (c < 0)
		return -1;
	line->values[c] = value;
	return 0;
}

/* The metrics of one row into line. */
static int put_row(struct metric_table *t, struct metric_line *line,
		   const struct report_row *row)
{
	char title[METRIC_TABLE_TITLE_MAX];
	size_t m;

	for (m = 0; row->state == REPORT_COUNTED && m < row->n_metrics; m++) {
		const struct metric_value *v = &row->metrics[m];
		double value = v->value;

		if (v->rate) {
			/* A partner's rate is no metric anyone asked for. One unit for the whole
			 * column: the K, M or G of the text report may differ from line to line. */
			if (row->added)
				continue;
			snprintf(title, sizeof(title), "%s/sec", row->name);
			value = v->per_second;
		} else if (strncmp(v->unit, "of all", 6) == 0) {
			snprintf(title, sizeof(title), "%s %s", row->name, v->unit);
		} else {
			snprintf(title, sizeof(title), "%s", v->unit);
		}
		if (put(t, line, title, row->name, value, v->rate ? 2 : v->decimals, v->percent))
			return -1;
	}
	return 0;
}

/* A line for report r (kind NULL: the whole), with its metrics. */
static int add_line(struct metric_table *t, const struct report *r, const char *kind,
		    const char *label)
{
	char title[METRIC_TABLE_TITLE_MAX];
	struct metric_line *grown = realloc(t->lines, (t->n_lines + 1) * sizeof(*grown)), *line;
	size_t i;

	if (!grown)
		return -1;
	t->lines = grown;
	line = &grown[t->n_lines];
	*line = (struct metric_line){ .kind = kind, .label = label };
	line->values = malloc((t->n_columns ? t->n_columns : 1) * sizeof(*line->values));
	if (!line->values)
		return -1;
	t->n_lines++;
	for (i = 0; i < t->n_columns; i++)
		line->values[i] = NAN;
	for (i = 0; i < r->n_rows; i++)
		if (put_row(t, line, &r->rows[i]))
			return -1;
	for (i = 0; i < r->n_named; i++) {
		const struct metric_value *v = &r->named[i];

		if (v->unit[0])
			snprintf(title, sizeof(title), "%s (%s)", v->name, v->unit);
		else
			snprintf(title, sizeof(title), "%s", v->name);
		if (put(t, line, title, NULL, v->value, v->decimals, false))
			return -1;
	}
	return 0;
}

int metric_table_build(struct metric_table *t, const struct report *r, struct hp_err *err)
{
	bool split = r->n_parts && report_part_splits(&r->parts[0]);
	size_t p;
	int ret = 0;

	memset(t, 0, sizeof(*t));
	if (!split)
		ret = add_line(t, r, NULL, "");
	for (p = 0; ret == 0 && p < r->n_parts; p++)
		ret = add_line(t, &r->parts[p].report, r->parts[p].kind, r->parts[p].label);
	if (ret) {
		metric_table_release(t);
		return err_set(err, "out of memory");
	}
	return 0;
}

void metric_table_release(struct metric_table *t)
{
	size_t l;

	for (l = 0; l < t->n_lines; l++)
		free(t->lines[l].values);
	free(t->lines);
	free(t->columns);
	memset(t, 0, sizeof(*t));
}
