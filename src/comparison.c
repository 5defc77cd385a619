/* comparison.c - quantities gathered per command, compared against a reference, ranked. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "comparison.h"

int quantity_list_add(struct quantity_list *l, const char *key, const char *label,
		      const char *unit, enum quantity_kind kind,
		      enum quantity_direction direction, const struct stats *stats,
		      struct hp_err *err)
{
	struct quantity *q;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		struct quantity *grown = realloc(l->items, cap * sizeof(*grown));

		if (!grown)
			return err_set(err, "out of memory");
		l->items = grown;
		l->cap = cap;
	}
	q = &l->items[l->n];
	memset(q, 0, sizeof(*q));
	q->key = strdup(key);
	q->label = strdup(label);
	if (!q->key || !q->label) {
		free(q->key);
		free(q->label);
		return err_set(err, "out of memory");
	}
	snprintf(q->unit, sizeof(q->unit), "%s", unit);
	q->kind = kind;
	q->direction = direction;
	q->stats = *stats;
	l->n++;
	return 0;
}

void quantity_list_release(struct quantity_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].key);
		free(l->items[i].label);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

/* Which way a built-in metric is better: more instructions per cycle, a higher clock; CPU
 * utilisation is neither; stalls and miss ratios are better lower. */
static enum quantity_direction metric_direction(const char *unit)
{
	if (strcmp(unit, "insn per cycle") == 0 || strcmp(unit, "GHz") == 0)
		return QUANTITY_HIGHER_BETTER;
	if (strcmp(unit, "CPUs utilized") == 0)
		return QUANTITY_NEUTRAL;
	return QUANTITY_LOWER_BETTER;
}

static bool is_rate(const char *unit)
{
	size_t len = strlen(unit);

	return len >= 4 && strcmp(unit + len - 4, "/sec") == 0;
}

static int add_times(struct quantity_list *l, const struct report *r, struct hp_err *err)
{
	return quantity_list_add(l, "elapsed", "elapsed", "s", QUANTITY_TIME,
				 QUANTITY_LOWER_BETTER, &r->wall_s.stats, err) ||
	       quantity_list_add(l, "user", "user", "s", QUANTITY_TIME, QUANTITY_LOWER_BETTER,
				 &r->user_s.stats, err) ||
	       quantity_list_add(l, "sys", "sys", "s", QUANTITY_TIME, QUANTITY_LOWER_BETTER,
				 &r->sys_s.stats, err) ||
	       quantity_list_add(l, "max-rss", "max-rss", "KiB", QUANTITY_TIME,
				 QUANTITY_LOWER_BETTER, &r->max_rss_kb.stats, err) ? -1 : 0;
}

int quantity_list_add_metric(struct quantity_list *l, const char *row_name, const char *unit,
			     bool percent, const struct stats *stats, struct hp_err *err)
{
	char label[256];

	if (is_rate(unit))
		return 0;
	snprintf(label, sizeof(label), "%s (%s)", unit, row_name);
	return quantity_list_add(l, label, label, percent ? "%" : "", QUANTITY_METRIC,
				 metric_direction(unit), stats, err);
}

static int add_row(struct quantity_list *l, const struct report_row *row, struct hp_err *err)
{
	size_t j;

	if (row->state != REPORT_COUNTED)
		return 0;
	if (quantity_list_add(l, row->name, row->name, row->unit, QUANTITY_EVENT,
			      QUANTITY_LOWER_BETTER, &row->stats, err))
		return -1;
	for (j = 0; j < row->n_metrics; j++)
		if (quantity_list_add_metric(l, row->name, row->metrics[j].unit,
					     row->metrics[j].percent, &row->metric_runs[j].stats,
					     err))
			return -1;
	return 0;
}

int quantity_list_from_report(struct quantity_list *l, const struct report *r,
			      struct hp_err *err)
{
	size_t i;

	if (add_times(l, r, err))
		return -1;
	for (i = 0; i < r->n_rows; i++)
		if (add_row(l, &r->rows[i], err))
			return -1;
	for (i = 0; r->named_runs && i < r->n_named; i++)
		if (quantity_list_add(l, r->named[i].name, r->named[i].name, r->named[i].unit,
				      QUANTITY_METRIC, QUANTITY_NEUTRAL, &r->named_runs[i].stats,
				      err))
			return -1;
	return 0;
}

/* ---- the comparison ------------------------------------------------------------------- */

static const char *metric_unit_of(const char *key)
{
	const char *paren = strstr(key, " (");

	return paren ? paren : key + strlen(key);
}

/* Whether name picks key: the key itself, or a metric's unit without its "(event)". */
static bool names_row(const char *key, const char *name)
{
	const char *end = metric_unit_of(key);

	return strcmp(key, name) == 0 ||
	       ((size_t)(end - key) == strlen(name) && strncasecmp(key, name, strlen(name)) == 0);
}

const struct comparison_row *comparison_find(const struct comparison *c, const char *name)
{
	const struct comparison_row *found = NULL;
	size_t i;

	for (i = 0; i < c->n_rows; i++) {
		if (strcmp(c->rows[i].key, name) == 0)
			return &c->rows[i];
		if (names_row(c->rows[i].key, name)) {
			if (found)
				return NULL; /* a unit shared by two metrics names neither */
			found = &c->rows[i];
		}
	}
	return found;
}

static struct comparison_row *row_for(struct comparison *c, const struct quantity *q,
				      struct hp_err *err)
{
	struct comparison_row *row;
	size_t i;

	for (i = 0; i < c->n_rows; i++)
		if (strcmp(c->rows[i].key, q->key) == 0)
			return &c->rows[i];
	row = &c->rows[c->n_rows];
	row->key = strdup(q->key);
	row->label = strdup(q->label);
	row->cells = calloc(c->n_commands, sizeof(*row->cells));
	c->n_rows++;
	if (!row->key || !row->label || !row->cells) {
		err_set(err, "out of memory");
		return NULL;
	}
	snprintf(row->unit, sizeof(row->unit), "%s", q->unit);
	row->kind = q->kind;
	row->direction = q->direction;
	return row;
}

static enum comparison_verdict verdict_of(const struct comparison_row *row,
					  const struct comparison_cell *cell)
{
	if (isnan(cell->change.pct_low) || isnan(cell->change.pct_high))
		return VERDICT_UNKNOWN;
	if (!cell->change.significant)
		return VERDICT_SAME;
	if (row->direction == QUANTITY_NEUTRAL)
		return VERDICT_CHANGED;
	return (cell->change.pct < 0) == (row->direction == QUANTITY_LOWER_BETTER) ?
		       VERDICT_BETTER : VERDICT_WORSE;
}

static void row_compare(struct comparison_row *row, size_t n, size_t reference,
			double threshold_pct)
{
	const struct comparison_cell *ref = &row->cells[reference];
	size_t i;

	for (i = 0; i < n; i++) {
		struct comparison_cell *cell = &row->cells[i];

		if (i == reference) {
			cell->verdict = cell->measured ? VERDICT_REFERENCE : VERDICT_UNKNOWN;
			continue;
		}
		if (!cell->measured || !ref->measured) {
			cell->verdict = VERDICT_UNKNOWN;
			continue;
		}
		change_compute(&cell->change, &ref->stats, &cell->stats, threshold_pct, true);
		cell->verdict = verdict_of(row, cell);
	}
}

/* Best first: the better direction's extreme mean; commands without the quantity last; a
 * tie keeps the order the commands were given (qsort alone need not). */
static int rank_order(const void *a, const void *b, void *opaque)
{
	const struct comparison_row *row = opaque;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	const struct comparison_cell *x = &row->cells[i], *y = &row->cells[j];
	double mx = stats_mean(&x->stats), my = stats_mean(&y->stats);
	int order;

	if (!x->measured || !y->measured)
		order = (int)y->measured - (int)x->measured;
	else if (row->direction == QUANTITY_HIGHER_BETTER)
		order = (mx < my) - (mx > my);
	else
		order = (mx > my) - (mx < my);
	return order ? order : (i > j) - (i < j);
}

static int rank(struct comparison *c, struct hp_err *err)
{
	const struct comparison_row *row = &c->rows[c->sort_row];
	const struct comparison_cell *best;
	size_t i;

	c->ranking = calloc(c->n_commands, sizeof(*c->ranking));
	c->rank_ratio = calloc(c->n_commands, sizeof(*c->rank_ratio));
	c->rank_ratio_se = calloc(c->n_commands, sizeof(*c->rank_ratio_se));
	if (!c->ranking || !c->rank_ratio || !c->rank_ratio_se)
		return err_set(err, "out of memory");
	for (i = 0; i < c->n_commands; i++)
		c->ranking[i] = i;
	qsort_r(c->ranking, c->n_commands, sizeof(*c->ranking), rank_order, (void *)row);
	best = &row->cells[c->ranking[0]];
	for (i = 0; i < c->n_commands; i++) {
		const struct comparison_cell *cell = &row->cells[c->ranking[i]];
		struct change vs_best;

		if (!cell->measured || !best->measured) {
			c->rank_ratio[i] = c->rank_ratio_se[i] = NAN;
			continue;
		}
		change_compute(&vs_best, &best->stats, &cell->stats, c->threshold_pct, true);
		c->rank_ratio[i] = vs_best.ratio;
		c->rank_ratio_se[i] = i == 0 ? 0.0 : vs_best.ratio_se;
	}
	return 0;
}

static int sort_row_find(struct comparison *c, const char *sort, struct hp_err *err)
{
	const struct comparison_row *row = comparison_find(c, sort ? sort : "elapsed");
	char known[200] = "";
	size_t i, len = 0;

	if (row) {
		c->sort_row = (size_t)(row - c->rows);
		return 0;
	}
	for (i = 0; i < c->n_rows && i < 6; i++)
		len += (size_t)snprintf(known + len, sizeof(known) - len, "%s'%s'", i ? ", " : "",
					c->rows[i].key);
	return err_set(err, "nothing named '%s' to sort by: name an event, a metric or a time, "
		       "as in %s", sort ? sort : "elapsed", known);
}

int comparison_build(struct comparison *c, const struct quantity_list *lists, size_t n,
		     size_t reference, double threshold_pct, const char *sort,
		     struct hp_err *err)
{
	size_t total = 0, i, j;

	memset(c, 0, sizeof(*c));
	c->n_commands = n;
	c->reference = reference;
	c->threshold_pct = threshold_pct;
	for (i = 0; i < n; i++)
		total += lists[i].n;
	c->rows = calloc(total ? total : 1, sizeof(*c->rows));
	if (!c->rows)
		return err_set(err, "out of memory");
	for (i = 0; i < n; i++) {
		for (j = 0; j < lists[i].n; j++) {
			struct comparison_row *row = row_for(c, &lists[i].items[j], err);

			if (!row)
				return -1;
			row->cells[i].measured = lists[i].items[j].stats.n > 0;
			row->cells[i].stats = lists[i].items[j].stats;
		}
	}
	for (i = 0; i < c->n_rows; i++)
		row_compare(&c->rows[i], n, reference, threshold_pct);
	if (sort_row_find(c, sort, err))
		return -1;
	return rank(c, err);
}

void comparison_release(struct comparison *c)
{
	size_t i;

	for (i = 0; c->rows && i < c->n_rows; i++) {
		free(c->rows[i].key);
		free(c->rows[i].label);
		free(c->rows[i].cells);
	}
	free(c->rows);
	free(c->ranking);
	free(c->rank_ratio);
	free(c->rank_ratio_se);
	memset(c, 0, sizeof(*c));
}

const char *comparison_verdict_name(enum comparison_verdict v)
{
	static const char *const names[] = {
		[VERDICT_REFERENCE] = "reference", [VERDICT_UNKNOWN] = "unknown",
		[VERDICT_SAME] = "same", [VERDICT_BETTER] = "better",
		[VERDICT_WORSE] = "worse", [VERDICT_CHANGED] = "changed",
	};

	return names[v];
}

enum gate_result comparison_gate(const struct comparison *c, const struct comparison_row *row,
				 size_t i, double max_worse_pct)
{
	const struct comparison_cell *cell = &row->cells[i], *ref = &row->cells[c->reference];
	double low, high;

	if (i == c->reference)
		return GATE_PASSED;
	if (row->direction == QUANTITY_NEUTRAL)
		return GATE_NEUTRAL;
	if (!cell->measured || !ref->measured)
		return GATE_UNMEASURED;
	if (cell->stats.n < 2 || ref->stats.n < 2)
		return GATE_ONE_RUN;
	if (cell->verdict == VERDICT_WORSE)
		return fabs(cell->change.pct) > max_worse_pct ? GATE_WORSE : GATE_PASSED;
	if (cell->verdict != VERDICT_UNKNOWN || stats_mean(&ref->stats) != 0.0)
		return GATE_PASSED;
	/* From 0 no percentage exists; more is worse past any limit once its interval is
	 * above 0 (a count never falls below 0, so HIGHER_BETTER cannot get worse). */
	stats_ci95(&cell->stats, &low, &high);
	return row->direction == QUANTITY_LOWER_BETTER && low > 0.0 ? GATE_WORSE : GATE_PASSED;
}
