/* output.c - one report rendered by the backend the user chose. */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "output.h"

static const output_write_fn writers[] = {
	[OPTIONS_TEXT] = output_text_write,
	[OPTIONS_CSV] = output_csv_write,
	[OPTIONS_JSON] = output_json_write,
	[OPTIONS_PERF_CSV] = output_perf_csv_write,
	[OPTIONS_PERF_JSON] = output_perf_json_write,
	[OPTIONS_PROMETHEUS] = output_prometheus_write,
	[OPTIONS_OPENMETRICS] = output_openmetrics_write,
};

/* --metric-only: the options refuse it with --json, --prometheus and --openmetrics, whose
 * entries are their whole reports. */
static const output_write_fn metric_only_writers[] = {
	[OPTIONS_TEXT] = output_text_write_metric_only,
	[OPTIONS_CSV] = output_csv_write_metric_only,
	[OPTIONS_JSON] = output_json_write,
	[OPTIONS_PERF_CSV] = output_perf_csv_write_metric_only,
	[OPTIONS_PERF_JSON] = output_perf_json_write_metric_only,
	[OPTIONS_PROMETHEUS] = output_prometheus_write,
	[OPTIONS_OPENMETRICS] = output_openmetrics_write,
};

static const output_interval_fn interval_writers[] = {
	[OPTIONS_TEXT] = output_text_write_interval,
	[OPTIONS_CSV] = output_csv_write_interval,
	[OPTIONS_JSON] = output_json_write_interval,
	[OPTIONS_PERF_CSV] = output_perf_csv_write_interval,
	[OPTIONS_PERF_JSON] = output_perf_json_write_interval,
	[OPTIONS_PROMETHEUS] = output_prometheus_write_interval,
	[OPTIONS_OPENMETRICS] = output_openmetrics_write_interval,
};

typedef int (*output_comparison_fn)(FILE *out, const struct comparison_report *c,
				    const struct output_options *opts);

/* -x and -j: the options refuse them with a comparison. */
static const output_comparison_fn comparison_writers[] = {
	[OPTIONS_TEXT] = output_text_write_comparison,
	[OPTIONS_CSV] = output_csv_write_comparison,
	[OPTIONS_JSON] = output_json_write_comparison,
	[OPTIONS_PERF_CSV] = output_text_write_comparison,
	[OPTIONS_PERF_JSON] = output_text_write_comparison,
	[OPTIONS_PROMETHEUS] = output_prometheus_write_comparison,
	[OPTIONS_OPENMETRICS] = output_openmetrics_write_comparison,
};

bool output_replaces_file(const struct options *opts)
{
	return (opts->format == OPTIONS_PROMETHEUS || opts->format == OPTIONS_OPENMETRICS) &&
	       opts->output_path && strcmp(opts->output_path, "-") != 0;
}

struct output_options output_options_of(const struct options *opts)
{
	struct output_options style = {
		.per_run = opts->per_run, .stats = opts->stats, .big_num = opts->big_num,
		.table = opts->table, .metric_only = opts->metric_only,
		.separator = opts->separator, .summary = opts->summary,
		.interval_clear = opts->interval_clear,
		.command = opts->command ? opts->command[0] : NULL,
		.labels = opts->labels, .n_labels = opts->n_labels,
	};

	numstyle_from_environment(&style.digits);
	return style;
}

/* The writer of the report in the format and shape the style asks for. */
static output_write_fn writer_of(enum options_format format, const struct output_options *style)
{
	return style->metric_only ? metric_only_writers[format] : writers[format];
}

int output_in_c_locale(FILE *out, void (*write)(FILE *out, const void *data), const void *data)
{
	locale_t c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	locale_t previous;

	if (!c_locale)
		return -1;
	previous = uselocale(c_locale);
	write(out, data);
	uselocale(previous);
	freelocale(c_locale);
	return ferror(out) ? -1 : 0;
}

/* Ends a rendering into an open_memstream. */
static int rendered(FILE *mem, int ret, char **text, struct hp_err *err)
{
	if (fclose(mem) || ret) {
		free(*text);
		*text = NULL;
		return err_set(err, "cannot format the report: out of memory");
	}
	return 0;
}

int output_render(const struct report *report, const struct options *opts, char **text,
		  size_t *len, struct hp_err *err)
{
	const struct output_options style = output_options_of(opts);
	FILE *mem = open_memstream(text, len);

	if (!mem)
		return err_set(err, "out of memory");
	return rendered(mem, writer_of(opts->format, &style)(mem, report, &style), text, err);
}

int output_render_styled(const struct report *report, const struct options *opts,
			 const struct output_options *style, char **text, size_t *len,
			 struct hp_err *err)
{
	FILE *mem = open_memstream(text, len);

	if (!mem)
		return err_set(err, "out of memory");
	return rendered(mem, writer_of(opts->format, style)(mem, report, style), text, err);
}

int output_render_interval(const struct report *r, double time_s, bool first,
			   const struct options *opts, const struct output_options *style,
			   char **text, size_t *len, struct hp_err *err)
{
	FILE *mem = open_memstream(text, len);

	if (!mem)
		return err_set(err, "out of memory");
	return rendered(mem, interval_writers[opts->format](mem, r, time_s, first, style), text,
			err);
}

int output_render_comparison(const struct comparison_report *c, const struct options *opts,
			     char **text, size_t *len, struct hp_err *err)
{
	const struct output_options style = output_options_of(opts);
	FILE *mem = open_memstream(text, len);

	if (!mem)
		return err_set(err, "out of memory");
	return rendered(mem, comparison_writers[opts->format](mem, c, &style), text, err);
}
