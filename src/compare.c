/* compare.c - the comparison mode: commands, interleaved runs, reports, the comparison. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "baseline.h"
#include "commands.h"
#include "compare.h"
#include "push.h"
#include "comparison.h"
#include "destination.h"
#include "machine.h"
#include "measure.h"
#include "output.h"
#include "progress.h"
#include "report.h"
#include "selection.h"

/* Everything the mode holds, released in one place. The entries compared are the commands
 * measured now, after the baseline when there is one. */
struct comparing {
	struct selection sel;
	struct command_list commands;
	struct baseline baseline;
	bool has_baseline;
	size_t n;                         /* entries: the commands, and the baseline first */
	size_t first;                     /* the entry of the first command: 1 after a baseline */
	size_t reference;                 /* the entry the others are compared with */
	struct destination dest;
	struct measurement m;
	struct report *reports;           /* per entry; the baseline's is empty */
	struct quantity_list *quantities; /* per entry */
	struct comparison comparison;
	const char **names, **lines;      /* per entry */
};

static void comparing_release(struct comparing *c)
{
	size_t i;

	for (i = 0; c->reports && i < c->n; i++)
		report_release(&c->reports[i]);
	for (i = 0; c->quantities && i < c->n; i++)
		quantity_list_release(&c->quantities[i]);
	baseline_release(&c->baseline);
	free(c->reports);
	free(c->quantities);
	free(c->names);
	free(c->lines);
	comparison_release(&c->comparison);
	measurement_release(&c->m);
	command_list_release(&c->commands);
	selection_release(&c->sel);
}

/* The whole of a file, NUL-terminated, into *text (malloc'd). */
static int file_read(const char *path, char **text, size_t *len, struct hp_err *err)
{
	FILE *f = fopen(path, "re");
	size_t cap = 1 << 16;
	char *buf = NULL, *grown;

	*len = 0;
	if (!f)
		return err_set(err, "cannot open the baseline '%s': %s", path, strerror(errno));
	for (;;) {
		grown = cap <= (256u << 20) ? realloc(buf, cap + 1) : NULL;
		if (!grown) {
			free(buf);
			fclose(f);
			return err_set(err, "cannot read the baseline '%s': too big, or out of memory",
				       path);
		}
		buf = grown;
		*len += fread(buf + *len, 1, cap - *len, f);
		if (*len < cap)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return err_set(err, "cannot read the baseline '%s': %s", path, strerror(errno));
	}
	fclose(f);
	buf[*len] = '\0';
	*text = buf;
	return 0;
}

static int baseline_load(struct comparing *c, const char *path, struct hp_err *err)
{
	char *text = NULL;
	size_t len;
	int ret;

	if (file_read(path, &text, &len, err))
		return -1;
	ret = baseline_parse(&c->baseline, text, len, path, err);
	free(text);
	c->has_baseline = ret == 0;
	return ret;
}

/* The entries: the baseline (when there is one) and the commands, with their names and lines
 * as the progress line and the backends take them. */
static int entries_list(struct comparing *c, const struct options *opts, struct hp_err *err)
{
	size_t i;

	if (opts->baseline && baseline_load(c, opts->baseline, err))
		return -1;
	c->first = c->has_baseline ? 1 : 0;
	c->n = c->first + c->commands.n;
	c->reference = c->has_baseline ? 0 : c->commands.reference;
	c->names = calloc(c->n, sizeof(*c->names));
	c->lines = calloc(c->n, sizeof(*c->lines));
	if (!c->names || !c->lines)
		return err_set(err, "out of memory");
	if (c->has_baseline) {
		c->names[0] = "baseline";
		c->lines[0] = c->baseline.command;
	}
	for (i = 0; i < c->commands.n; i++) {
		c->names[c->first + i] = c->commands.items[i].name;
		c->lines[c->first + i] = c->commands.items[i].line;
	}
	return 0;
}

/* Each command's report and the quantities it offers for comparing. */
static int reports_build(struct comparing *c, const struct options *opts, struct hp_err *err)
{
	struct machine machine;
	size_t i;

	c->reports = calloc(c->n, sizeof(*c->reports));
	c->quantities = calloc(c->n, sizeof(*c->quantities));
	if (!c->reports || !c->quantities)
		return err_set(err, "out of memory");
	if (c->has_baseline) {
		/* The baseline's quantities move over; its report stays empty (no runs now). */
		c->quantities[0] = c->baseline.quantities;
		memset(&c->baseline.quantities, 0, sizeof(c->baseline.quantities));
	}
	/* Only --json prints the machine, and reading it is some 20 file reads. */
	if (opts->format == OPTIONS_JSON)
		machine_read(&machine);
	for (i = 0; i < c->commands.n; i++) {
		const struct measure_target *t = &c->m.targets[i];
		size_t e = c->first + i;

		if (selection_report_build(&c->reports[e], &c->sel, counting_template(&t->counting),
					   (struct report_input){
						   .command = c->commands.items[i].argv,
						   .version = PACKAGE_VERSION,
						   .machine = opts->format == OPTIONS_JSON ?
							   &machine : NULL,
						   .samples = &t->samples,
						   .runs_requested = opts->runs,
						   .interrupted = c->m.interrupted,
						   .partial_run = t->partial_run,
						   .no_scale = opts->no_scale },
					   err) ||
		    quantity_list_from_report(&c->quantities[e], &c->reports[e], err))
			return -1;
	}
	return 0;
}

/* --fail-if: 1 with the first limit a command passed said in err, 0 when none was, -1 with
 * err when a gate names nothing measured or cannot judge a command (it must not pass
 * silently). */
static int gates_check(const struct comparing *c, const struct options *opts,
		       struct hp_err *err)
{
	const struct comparison *cmp = &c->comparison;
	size_t g, i, ref = cmp->reference;

	for (g = 0; g < opts->n_fail_if; g++) {
		const struct options_fail_if *gate = &opts->fail_if[g];
		const struct comparison_row *row = comparison_find(cmp, gate->quantity);

		if (!row)
			return err_set(err, "--fail-if names '%s', which was not measured: name an "
				       "event, a metric or a time of the report", gate->quantity);
		for (i = 0; i < cmp->n_commands; i++) {
			const struct comparison_cell *cell = &row->cells[i];
			size_t lacking = row->cells[ref].measured ? i : ref;

			switch (comparison_gate(cmp, row, i, gate->max_worse_pct)) {
			case GATE_PASSED:
				continue;
			case GATE_NEUTRAL:
				return err_set(err, "--fail-if names '%s', which is neither better nor "
					       "worse when it changes: gate a time, a count or a metric "
					       "with a direction", row->label);
			case GATE_UNMEASURED:
				return err_set(err, "--fail-if cannot judge '%s' for [%zu] %s: [%zu] %s "
					       "has no '%s' (measure the same events on both sides)",
					       row->label, i + 1, c->names[i], lacking + 1,
					       c->names[lacking], row->label);
			case GATE_ONE_RUN:
				return err_set(err, "--fail-if cannot judge '%s' for [%zu] %s: one run "
					       "gives no interval (save and measure with -r 2 or more)",
					       row->label, i + 1, c->names[i]);
			case GATE_WORSE:
				break;
			}
			if (isnan(cell->change.pct))
				err_set(err, "'%s' got worse from 0 to %g in [%zu] %s against [%zu] %s, "
					"past any --fail-if limit", row->label,
					stats_mean(&cell->stats), i + 1, c->names[i], ref + 1,
					c->names[ref]);
			else
				err_set(err, "'%s' got worse by %+.2f%% [%+.2f%%, %+.2f%%] in [%zu] %s "
					"against [%zu] %s, past the --fail-if limit of %g%%", row->label,
					cell->change.pct, cell->change.pct_low, cell->change.pct_high,
					i + 1, c->names[i], ref + 1, c->names[ref],
					gate->max_worse_pct);
			return 1;
		}
	}
	return 0;
}

/* --color auto colours a text report going to a terminal, unless NO_COLOR is set (and not
 * empty, as no-color.org asks); --color always and never decide alone. */
static bool use_color(const struct options *opts, FILE *out)
{
	const char *no_color = getenv("NO_COLOR");

	if (!out || opts->format != OPTIONS_TEXT || opts->color == OPTIONS_COLOR_NEVER)
		return false; /* no text, or no report at all (-q) */
	if (opts->color == OPTIONS_COLOR_ALWAYS)
		return true;
	return isatty(fileno(out)) && !(no_color && *no_color);
}

static int comparison_write(struct comparing *c, const struct options *opts,
			    const struct measure_plan *plan, struct hp_err *err)
{
	const struct comparison_report report = {
		.comparison = &c->comparison, .n = c->n, .names = c->names,
		.lines = c->lines, .reports = c->reports, .version = PACKAGE_VERSION,
		.baseline = c->has_baseline ? opts->baseline : NULL,
		.baseline_runs = c->has_baseline ? c->baseline.runs : 0,
		.runs_requested = opts->runs, .warmup = opts->warmup, .shuffled = plan->shuffle,
		.seed = plan->seed, .interrupted = c->m.interrupted,
		.color = use_color(opts, c->dest.file),
	};
	char *text = NULL;
	size_t len = 0;
	int ret;

	if (output_render_comparison(&report, opts, &text, &len, err))
		return -1;
	ret = destination_write(&c->dest, text, len, err);
	free(text);
	/* --push: the comparison as one exposition, each command's series by its name; after
	 * the report is written, so that a push that fails loses nothing. */
	if (ret == 0 && opts->push_url) {
		struct options exposition = *opts;

		exposition.format = OPTIONS_PROMETHEUS;
		if (output_render_comparison(&report, &exposition, &text, &len, err) ||
		    push_report(opts, NULL, text, len, err))
			ret = PUSH_REPORT_FAILED;
		free(text);
	}
	return ret;
}

int compare(const struct options *opts, FILE *log, struct launcher *launcher,
	    int *status, struct hp_err *err)
{
	struct comparing c;
	struct measure_plan plan;
	struct progress progress;
	char *const **argvs = NULL;
	int ret = -1, failed;

	memset(&c, 0, sizeof(c));
	*status = HPSTAT_EXIT_ERROR;
	if (selection_resolve(&c.sel, opts, err) ||
	    command_list_build(&c.commands, opts, err) || entries_list(&c, opts, err) ||
	    (output_replaces_file(opts) ?
		     destination_open_replacing(&c.dest, opts->output_path, false, err) :
		     destination_open(&c.dest, opts->output_path, opts->append,
				      opts->quiet ? NULL : log,
				      opts->log_fd >= 0 ? "the --log-fd descriptor" :
							  "standard error",
				      err)))
		goto out;
	argvs = command_list_argvs(&c.commands);
	if (!argvs) {
		err_set(err, "out of memory");
		goto out;
	}
	measure_plan_init(&plan, opts);
	plan.names = (const char *const *)(c.names + c.first);
	progress_init(&progress, log, opts->no_progress, c.names + c.first, c.commands.n,
		      opts->runs, opts->warmup);
	progress_attach(&progress, &plan);
	failed = measure(&c.m, c.sel.events, c.sel.n, argvs, c.commands.n, &plan, launcher, err);
	progress_clear(&progress);
	if (failed) {
		*status = c.m.failed_status;
		goto out;
	}
	if (reports_build(&c, opts, err) ||
	    comparison_build(&c.comparison, c.quantities, c.n, c.reference, opts->threshold_pct,
			     opts->sort, err))
		goto out;
	if ((failed = comparison_write(&c, opts, &plan, err)) != 0) {
		if (failed == PUSH_REPORT_FAILED)
			*status = HPSTAT_EXIT_PUSH_FAILED;
		goto out;
	}
	*status = c.m.stop_signal ? 128 + c.m.stop_signal : 0;
	ret = 0;
	if (!c.m.stop_signal) {
		int tripped = gates_check(&c, opts, err);

		if (tripped)
			*status = tripped > 0 ? HPSTAT_EXIT_REGRESSION : HPSTAT_EXIT_ERROR;
		ret = tripped ? -1 : 0;
	}
out:
	if (destination_close(&c.dest, ret ? NULL : err) && ret == 0) {
		*status = HPSTAT_EXIT_ERROR;
		ret = -1;
	}
	free(argvs);
	comparing_release(&c);
	return ret;
}
