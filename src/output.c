/* output.c - one report rendered by the backend the user chose. */
#include <stdlib.h>

#include "output.h"

static const output_write_fn writers[] = {
	[OPTIONS_TEXT] = output_text_write,
	[OPTIONS_CSV] = output_csv_write,
	[OPTIONS_JSON] = output_json_write,
	[OPTIONS_PERF_CSV] = output_perf_csv_write,
};

int output_render(const struct report *report, const struct options *opts, char **text,
		  size_t *len, struct hp_err *err)
{
	const struct output_options style = { .per_run = opts->per_run, .stats = opts->stats,
					      .big_num = opts->big_num,
					      .separator = opts->separator };
	FILE *mem = open_memstream(text, len);
	int ret;

	if (!mem)
		return err_set(err, "out of memory");
	ret = writers[opts->format](mem, report, &style);
	if (fclose(mem) || ret) {
		free(*text);
		*text = NULL;
		return err_set(err, "cannot format the report: out of memory");
	}
	return 0;
}
