/* output_csv.c - --csv: RFC 4180 records under a header row, fixed columns whatever the options. */
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"
#include "output.h"
#include "output_csv.h"

#define SIG_DIGITS 15 /* what a double holds faithfully; hides the last-bit noise of a mean */

/* The column lists are the contract with scripts (man/hpstat.1): append, never reorder. */
static const char summary_header[] =
	"type,event,resolved,unit,runs,mean,stddev,sem,ci95_low,ci95_high,min,median,max,"
	"running_pct,state,added,metric,metric_unit";
static const char per_run_header[] = "run,type,event,resolved,unit,value,running_pct,state";

/* A bounded appender: output_csv_number's layouts never outgrow OUTPUT_CSV_NUMBER_MAX, but a
 * short buffer from a caller truncates rather than overflows. */
struct text {
	char *buf;
	size_t cap, len;
};

static void text_put(struct text *t, char c)
{
	if (t->len + 1 < t->cap)
		t->buf[t->len++] = c;
	t->buf[t->len] = '\0';
}

static void text_repeat(struct text *t, char c, int n)
{
	while (n-- > 0)
		text_put(t, c);
}

char *output_csv_number_from_sci(char *buf, size_t cap, const char *sci)
{
	struct text t = { .buf = buf, .cap = cap };
	char digits[SIG_DIGITS + 1];
	const char *p = sci;
	int n = 0, exp = 0, exp_sign = 1, i;
	bool negative = false;

	if (cap == 0)
		return buf;
	buf[0] = '\0';
	if (*p == '-') {
		negative = true;
		p++;
	}
	/* Mantissa digits, skipping the decimal point whatever the locale made of it: ',' under
	 * de_DE, a multibyte U+066B under some others. */
	for (; *p && *p != 'e' && *p != 'E'; p++)
		if (*p >= '0' && *p <= '9' && n < SIG_DIGITS)
			digits[n++] = *p;
	if (*p) {
		p++;
		if (*p == '-' || *p == '+')
			exp_sign = *p++ == '-' ? -1 : 1;
		for (; *p >= '0' && *p <= '9'; p++)
			exp = exp * 10 + (*p - '0');
		exp *= exp_sign;
	}
	while (n > 1 && digits[n - 1] == '0')
		n--;
	if (n == 0 || (n == 1 && digits[0] == '0')) {
		text_put(&t, '0'); /* also -0: a sign on nothing would only puzzle a script */
		return buf;
	}
	if (negative)
		text_put(&t, '-');
	if (exp >= -5 && exp < 15) {
		if (exp < 0) {
			text_put(&t, '0');
			text_put(&t, '.');
			text_repeat(&t, '0', -exp - 1);
			for (i = 0; i < n; i++)
				text_put(&t, digits[i]);
			return buf;
		}
		for (i = 0; i <= exp; i++)
			text_put(&t, i < n ? digits[i] : '0');
		if (n > exp + 1) {
			text_put(&t, '.');
			for (i = exp + 1; i < n; i++)
				text_put(&t, digits[i]);
		}
		return buf;
	}
	text_put(&t, digits[0]);
	if (n > 1) {
		text_put(&t, '.');
		for (i = 1; i < n; i++)
			text_put(&t, digits[i]);
	}
	text_put(&t, 'e');
	text_put(&t, exp < 0 ? '-' : '+');
	if (exp < 0)
		exp = -exp;
	if (exp >= 100)
		text_put(&t, (char)('0' + exp / 100));
	text_put(&t, (char)('0' + exp / 10 % 10));
	text_put(&t, (char)('0' + exp % 10));
	return buf;
}

char *output_csv_number(char *buf, size_t cap, double value)
{
	char sci[64];

	if (!isfinite(value)) {
		if (cap)
			buf[0] = '\0';
		return buf;
	}
	/* printf's digits and exponent are the same in every locale; only its decimal point
	 * follows LC_NUMERIC, and the layout throws that away. So no setlocale/uselocale dance,
	 * and nothing to go wrong in a program that does switch locales. */
	snprintf(sci, sizeof(sci), "%.*e", SIG_DIGITS - 1, value);
	return output_csv_number_from_sci(buf, cap, sci);
}

/* One CSV record being written: fields are separated as they come. */
struct record {
	FILE *out;
	bool started;
};

static void record_begin(struct record *rec, FILE *out)
{
	rec->out = out;
	rec->started = false;
}

static void record_end(struct record *rec)
{
	fputc('\n', rec->out);
}

static void put_text(struct record *rec, const char *text)
{
	if (rec->started)
		fputc(',', rec->out);
	rec->started = true;
	escape_csv_field(rec->out, text);
}

static void put_number(struct record *rec, double value)
{
	char num[OUTPUT_CSV_NUMBER_MAX];

	put_text(rec, output_csv_number(num, sizeof(num), value));
}

/* Integers go through printf's integer conversions, which no locale touches without the "'"
 * flag. */
static void put_long(struct record *rec, long value)
{
	char num[32];

	snprintf(num, sizeof(num), "%ld", value);
	put_text(rec, num);
}

static void put_size(struct record *rec, size_t value)
{
	char num[32];

	snprintf(num, sizeof(num), "%zu", value);
	put_text(rec, num);
}

/* mean, stddev, sem, ci95_low, ci95_high, min, median, max: empty where undefined (stddev of a
 * single run) or when nothing was counted. */
static void put_statistics(struct record *rec, const struct stats *s, double median,
			   double ci95_low, double ci95_high)
{
	bool any = s->n > 0;

	put_number(rec, stats_mean(s));
	put_number(rec, stats_stddev(s));
	put_number(rec, stats_sem(s));
	put_number(rec, ci95_low);
	put_number(rec, ci95_high);
	put_number(rec, any ? s->min : NAN);
	put_number(rec, any ? median : NAN);
	put_number(rec, any ? s->max : NAN);
}

static void put_event_summary(struct record *rec, const struct report_row *row)
{
	const struct metric_value *metric = row->n_metrics ? &row->metrics[0] : NULL;
	bool counted = row->state == REPORT_COUNTED;

	put_text(rec, "event");
	put_text(rec, row->name);
	put_text(rec, row->resolved);
	put_text(rec, row->unit);
	put_size(rec, row->runs_counted);
	if (counted) {
		put_statistics(rec, &row->stats, row->median, row->ci95_low, row->ci95_high);
	} else {
		struct stats none;

		stats_init(&none);
		put_statistics(rec, &none, NAN, NAN, NAN);
	}
	/* Never enabled at all (refused by the kernel): there is no percentage to give. */
	put_number(rec, row->state == REPORT_NOT_SUPPORTED ? NAN : row->running_pct);
	put_text(rec, report_state_name(row->state));
	put_text(rec, row->added ? "1" : "0");
	if (metric && counted) {
		char unit[96];

		snprintf(unit, sizeof(unit), "%s%s", metric->percent ? "% " : "", metric->unit);
		put_number(rec, metric->value);
		put_text(rec, unit);
	} else {
		put_text(rec, "");
		put_text(rec, "");
	}
}

/* elapsed/user/sys and max-rss: found the way events are, with their event-only fields empty. */
static void put_quantity_summary(struct record *rec, const struct report *r, const char *type,
				 const char *name, const char *unit,
				 const struct report_quantity *q)
{
	put_text(rec, type);
	put_text(rec, name);
	put_text(rec, "");
	put_text(rec, unit);
	put_size(rec, r->runs_done);
	put_statistics(rec, &q->stats, q->median, q->ci95_low, q->ci95_high);
	put_text(rec, "");
	put_text(rec, r->runs_done ? "counted" : "not-counted");
	put_text(rec, "");
	put_text(rec, "");
	put_text(rec, "");
}

/* A preset's metric: its name, unit and value in the event columns, the statistics empty
 * (a metric is computed from the means, not per run). A CPU family's metric has its group in
 * the resolved column, and "bottleneck" in the added column when it is its group's. */
static void put_named_metric(struct record *rec, const struct report *r,
			     const struct metric_value *m)
{
	size_t i;

	put_text(rec, "metric");
	put_text(rec, m->name);
	put_text(rec, m->group ? m->group : "");
	put_text(rec, m->unit);
	put_size(rec, r->runs_done);
	put_number(rec, m->value);
	for (i = 0; i < 8; i++) /* stddev .. running_pct */
		put_text(rec, "");
	put_text(rec, isnan(m->value) ? "not-counted" : "counted");
	put_text(rec, m->bottleneck ? "bottleneck" : "");
	put_text(rec, "");
	put_text(rec, "");
}

/* With -I, a time column first (empty on the total's rows); with rows per CPU, core, socket,
 * thread or region, a scope column ("cpu:CPU0", "region:step"; empty for the whole). */
static void put_prefix(struct record *rec, const struct output_options *opts, double time_s,
		       const struct report_part *part)
{
	char scope[160];

	if (opts->intervals)
		put_number(rec, time_s);
	if (!opts->scoped)
		return;
	if (part)
		snprintf(scope, sizeof(scope), "%s:%s", part->kind, part->label);
	put_text(rec, part ? scope : "");
}

static void put_header(FILE *out, const struct output_options *opts)
{
	fprintf(out, "%s%s%s\n", opts->intervals ? "time," : "", opts->scoped ? "scope," : "",
		summary_header);
}

/* The event rows of r (time_s NAN: the total's), then those of each part. */
static void write_event_rows(FILE *out, const struct report *r, double time_s,
			     const struct output_options *opts)
{
	struct record rec;
	size_t i, p;

	for (i = 0; i < r->n_rows; i++) {
		record_begin(&rec, out);
		put_prefix(&rec, opts, time_s, NULL);
		put_event_summary(&rec, &r->rows[i]);
		record_end(&rec);
	}
	for (p = 0; p < r->n_parts; p++) {
		const struct report *part = &r->parts[p].report;

		for (i = 0; i < part->n_rows; i++) {
			record_begin(&rec, out);
			put_prefix(&rec, opts, time_s, &r->parts[p]);
			put_event_summary(&rec, &part->rows[i]);
			record_end(&rec);
		}
	}
}

int output_csv_write_interval(FILE *out, const struct report *r, double time_s, bool first,
			      const struct output_options *opts)
{
	struct record rec;
	size_t i;

	if (first)
		put_header(out, opts);
	write_event_rows(out, r, time_s, opts);
	/* The presets' and the CPU family's metrics of the interval: top-down as it shifts. */
	for (i = 0; i < r->n_named; i++) {
		record_begin(&rec, out);
		put_prefix(&rec, opts, time_s, NULL);
		put_named_metric(&rec, r, &r->named[i]);
		record_end(&rec);
	}
	return ferror(out) ? -1 : 0;
}

static void write_summary(FILE *out, const struct report *r, const struct output_options *opts)
{
	const struct {
		const char *type, *name, *unit;
		const struct report_quantity *q;
	} quantities[] = {
		{ "time", "elapsed", "s", &r->wall_s },
		{ "time", "user", "s", &r->user_s },
		{ "time", "sys", "s", &r->sys_s },
		{ "memory", "max-rss", "KiB", &r->max_rss_kb },
	};
	struct record rec;
	size_t i;

	/* After intervals the header is printed already: one table, one header. */
	if (!opts->intervals)
		put_header(out, opts);
	write_event_rows(out, r, NAN, opts);
	for (i = 0; i < r->n_named; i++) {
		record_begin(&rec, out);
		put_prefix(&rec, opts, NAN, NULL);
		put_named_metric(&rec, r, &r->named[i]);
		record_end(&rec);
	}
	for (i = 0; i < sizeof(quantities) / sizeof(quantities[0]); i++) {
		record_begin(&rec, out);
		put_prefix(&rec, opts, NAN, NULL);
		put_quantity_summary(&rec, r, quantities[i].type, quantities[i].name,
				     quantities[i].unit, quantities[i].q);
		record_end(&rec);
	}
}

/* The first five per-run columns: run, type, event, resolved, unit. */
static void put_run_key(struct record *rec, FILE *out, size_t run, const char *type,
			const char *name, const char *resolved, const char *unit)
{
	record_begin(rec, out);
	put_size(rec, run + 1);
	put_text(rec, type);
	put_text(rec, name);
	put_text(rec, resolved);
	put_text(rec, unit);
}

static void put_run_value(FILE *out, size_t run, const char *type, const char *name,
			  const char *unit, double value)
{
	struct record rec;

	put_run_key(&rec, out, run, type, name, "", unit);
	put_number(&rec, value);
	put_text(&rec, "");
	put_text(&rec, "counted");
	record_end(&rec);
}

/* Run by run: each event's value, then the run's times, peak RSS and exit code, so one run's
 * rows sit together. */
static void write_per_run(FILE *out, const struct report *r)
{
	struct record rec;
	size_t run, i;

	fprintf(out, "%s\n", per_run_header);
	for (run = 0; run < r->runs_done; run++) {
		const struct report_run *rr = &r->runs[run];

		for (i = 0; i < r->n_rows; i++) {
			const struct report_row *row = &r->rows[i];
			bool supported = row->state != REPORT_NOT_SUPPORTED;
			double value = supported ? row->per_run[run] : NAN;

			put_run_key(&rec, out, run, "event", row->name, row->resolved, row->unit);
			put_number(&rec, value);
			put_number(&rec, supported ? row->per_run_running_pct[run] : NAN);
			put_text(&rec, !supported     ? "not-supported" :
				       isnan(value) ? "not-counted" :
						      "counted");
			record_end(&rec);
		}
		put_run_value(out, run, "time", "elapsed", "s", rr->wall_s);
		put_run_value(out, run, "time", "user", "s", rr->user_s);
		put_run_value(out, run, "time", "sys", "s", rr->sys_s);
		put_run_key(&rec, out, run, "memory", "max-rss", "", "KiB");
		put_long(&rec, rr->max_rss_kb);
		put_text(&rec, "");
		put_text(&rec, "counted");
		record_end(&rec);
		put_run_key(&rec, out, run, "status", "exit-code", "", "");
		put_long(&rec, rr->exit_code);
		put_text(&rec, "");
		put_text(&rec, "counted");
		record_end(&rec);
	}
}

/* Lines end in LF alone (RFC 4180 says CRLF; every CSV reader takes LF, and Unix tools expect
 * it). Numbers are C-locale whatever LC_NUMERIC says: see output_csv_number(). */
int output_csv_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	if (opts->per_run)
		write_per_run(out, r);
	else
		write_summary(out, r, opts);
	return ferror(out) ? -1 : 0;
}

/* ---- a comparison of commands ---------------------------------------------------------- */

static const char comparison_header[] =
	"command,name,quantity,kind,unit,runs,mean,stddev,sem,change_pct,change_ci95_low,"
	"change_ci95_high,ratio,ratio_se,significant,verdict,rank";

/* The ranking place (1 = best) of each command, for the rank column of the ranked row. */
static size_t rank_of(const struct comparison *cmp, size_t command)
{
	size_t k;

	for (k = 0; k < cmp->n_commands; k++)
		if (cmp->ranking[k] == command)
			return k + 1;
	return 0;
}

static void put_comparison_cell(FILE *out, const struct comparison_report *c, size_t r,
				size_t i)
{
	static const char *const kinds[] = {
		[QUANTITY_TIME] = "time", [QUANTITY_EVENT] = "event", [QUANTITY_METRIC] = "metric",
	};
	const struct comparison *cmp = c->comparison;
	const struct comparison_row *row = &cmp->rows[r];
	const struct comparison_cell *cell = &row->cells[i];
	bool compared = cell->verdict != VERDICT_REFERENCE && cell->verdict != VERDICT_UNKNOWN;
	struct record rec;

	record_begin(&rec, out);
	put_size(&rec, i + 1);
	put_text(&rec, c->names[i]);
	put_text(&rec, row->key);
	put_text(&rec, kinds[row->kind]);
	put_text(&rec, row->unit);
	put_size(&rec, cell->stats.n);
	put_number(&rec, stats_mean(&cell->stats));
	put_number(&rec, stats_stddev(&cell->stats));
	put_number(&rec, stats_sem(&cell->stats));
	put_number(&rec, compared ? cell->change.pct : NAN);
	put_number(&rec, compared ? cell->change.pct_low : NAN);
	put_number(&rec, compared ? cell->change.pct_high : NAN);
	put_number(&rec, compared ? cell->change.ratio : NAN);
	put_number(&rec, compared ? cell->change.ratio_se : NAN);
	put_text(&rec, compared && cell->change.significant ? "true" : "false");
	put_text(&rec, comparison_verdict_name(cell->verdict));
	if (r == cmp->sort_row)
		put_size(&rec, rank_of(cmp, i));
	else
		put_text(&rec, "");
	record_end(&rec);
}

/* One record per quantity and command; the ranked quantity's records carry the rank. Per-run
 * values are in the --json document, with each run's place in the order the runs went. */
int output_csv_write_comparison(FILE *out, const struct comparison_report *c,
				const struct output_options *opts)
{
	size_t r, i;

	(void)opts;
	fprintf(out, "%s\n", comparison_header);
	for (r = 0; r < c->comparison->n_rows; r++)
		for (i = 0; i < c->n; i++)
			put_comparison_cell(out, c, r, i);
	return ferror(out) ? -1 : 0;
}
