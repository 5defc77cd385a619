/* main.c - hpstat: wires options, events, counters, the workload and the report together. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "counter.h"
#include "escape.h"
#include "event.h"
#include "listing.h"
#include "machine.h"
#include "measure.h"
#include "metric.h"
#include "options.h"
#include "preset.h"
#include "output.h"
#include "report.h"
#include "samples.h"
#include "spec.h"

/* Exit statuses of hpstat itself; otherwise it exits with the command's status. */
enum {
	EXIT_HPSTAT_ERROR = 125, /* bad usage, unknown event, counters that cannot be opened */
	EXIT_CANNOT_EXEC = 126,
	EXIT_NOT_FOUND = 127,
};

/* Group numbers pass from the spec to the events to the metric slots unchanged, so the three
 * modules must agree on the number that means "in no group". */
_Static_assert(SPEC_NO_GROUP == EVENT_NO_GROUP && EVENT_NO_GROUP == METRIC_NO_GROUP,
	       "one value means 'no group' in every module");

static const char default_events[] =
	"task-clock,context-switches,cpu-migrations,page-faults,"
	"cycles,instructions,branches,branch-misses";

struct event_list {
	struct event *events;
	size_t n;
};

static void event_list_release(struct event_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		event_release(&list->events[i]);
	free(list->events);
	list->events = NULL;
	list->n = 0;
}

/* Adds the partner events the derived metrics need, each right after the event that asked
 * for it, and groups each ratio's inputs (never growing a group the user wrote). */
static int add_partners(struct event_list *list, const struct metric_set *metrics, int n_groups,
			struct hp_err *err)
{
	size_t cap = 4 * list->n + 16, n = list->n, i, j, out = 0;
	struct metric_slot *slots = calloc(cap, sizeof(*slots));
	struct event *merged = calloc(cap, sizeof(*merged));
	int ret = -1;

	if (!slots || !merged) {
		err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < list->n; i++)
		slots[i] = (struct metric_slot){ .generic = list->events[i].generic,
						 .mode = list->events[i].mode,
						 .group = list->events[i].group };
	if (metric_add_partners(metrics, slots, &n, cap, &n_groups)) {
		err_set(err, "too many events for their derived metrics; try --no-metrics");
		goto out;
	}
	for (i = 0; i < list->n; i++) {
		merged[out] = list->events[i];
		merged[out++].group = slots[i].group;
		for (j = list->n; j < n; j++) {
			if (slots[j].anchor != i)
				continue;
			if (event_resolve_partner(&merged[out], slots[j].generic, &list->events[i],
						  slots[j].group, err))
				goto out;
			out++;
		}
	}
	free(list->events);
	list->events = merged;
	list->n = out;
	merged = NULL;
	ret = 0;
out:
	if (merged) {
		for (i = 0; i < out; i++)
			if (merged[i].added)
				event_release(&merged[i]);
		free(merged);
	}
	free(slots);
	return ret;
}

/* A preset's metrics join the built-ins, so one mechanism computes and prints them all. */
static int add_preset_metrics(struct metric_set *metrics, const struct preset_set *presets,
			      struct hp_err *err)
{
	size_t p, m;

	for (p = 0; p < presets->n; p++) {
		const struct preset *preset = &presets->presets[p];

		for (m = 0; m < preset->n_metrics; m++) {
			const struct preset_metric *pm = &preset->metrics[m];
			struct hp_err why;

			if (metric_set_add(metrics, pm->name, pm->unit, pm->formula,
					   pm->description, &why))
				return err_set(err, "preset '@%s': %s", preset->name, why.msg);
		}
	}
	return 0;
}

static int resolve_events(struct event_list *list, const struct options *opts,
			  struct metric_set *metrics, struct hp_err *err)
{
	struct spec spec = { 0 };
	struct preset_set presets = { 0 };
	size_t i;
	int ret = -1;

	for (i = 0; i < opts->n_event_lists; i++)
		if (spec_parse(&spec, opts->event_lists[i], err))
			goto out;
	if (opts->n_event_lists == 0 && spec_parse(&spec, default_events, err))
		goto out;
	if (preset_expand(&spec, NULL, &presets, err))
		goto out;
	if (metrics && add_preset_metrics(metrics, &presets, err))
		goto out;
	if (event_lib_init(err))
		goto out;
	list->events = calloc(spec.n_events, sizeof(*list->events));
	if (!list->events) {
		err_set(err, "out of memory");
		goto out;
	}
	for (list->n = 0; list->n < spec.n_events; list->n++)
		if (event_resolve(&list->events[list->n], spec.events[list->n].name,
				  spec.events[list->n].group, err))
			goto out;
	if (event_check_group(list->events, list->n, err))
		goto out;
	if (metrics && add_partners(list, metrics, spec.n_groups, err))
		goto out;
	ret = 0;
out:
	preset_set_release(&presets);
	spec_release(&spec);
	return ret;
}

/* Empties the -o destination when it is a regular file (a device or a pipe has nothing to
 * empty); -1 with errno set on failure. */
static int empty_if_file(FILE *out)
{
	struct stat st;

	if (fstat(fileno(out), &st))
		return -1;
	return S_ISREG(st.st_mode) ? ftruncate(fileno(out), 0) : 0;
}

/* The -o file, created if need be but not yet emptied; NULL with errno set on failure. */
static FILE *open_output(const char *path, bool append)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : 0), 0666);
	FILE *f;

	if (fd < 0)
		return NULL;
	f = fdopen(fd, append ? "a" : "w");
	if (!f)
		close(fd);
	return f;
}

static const output_write_fn writers[] = {
	[OPTIONS_TEXT] = output_text_write,
	[OPTIONS_CSV] = output_csv_write,
	[OPTIONS_JSON] = output_json_write,
	[OPTIONS_PERF_CSV] = output_perf_csv_write,
};

/* Renders the whole report in memory first, so a destination sees it in one write: no half
 * report from a backend that fails midway, and one place to catch a write error. */
static int render(const struct report *report, const struct options *opts, char **text,
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

static int write_report(FILE *out, const char *path, const struct event_list *list,
			const struct measurement *m, const struct options *opts,
			const struct metric_set *metrics, struct hp_err *err)
{
	char *text = NULL;
	size_t len = 0;
	struct report_event *rev = calloc(list->n ? list->n : 1, sizeof(*rev));
	struct report_input in;
	struct machine machine;
	struct report report;
	size_t i;
	int ret;

	if (!rev)
		return err_set(err, "out of memory");
	for (i = 0; i < list->n; i++)
		rev[i] = (struct report_event){ .name = list->events[i].name,
						.resolved = list->events[i].resolved,
						.generic = list->events[i].generic,
						.mode = list->events[i].mode,
						.added = list->events[i].added,
						.supported = !m->counters.unsupported[i],
						.scale = list->events[i].scale,
						.unit = list->events[i].unit[0] ?
								list->events[i].unit : NULL,
						.user_only = m->counters.user_only[i] };
	machine_read(&machine);
	in = (struct report_input){ .command = opts->command, .version = PACKAGE_VERSION,
				    .machine = &machine, .events = rev, .samples = &m->samples,
				    .runs_requested = opts->runs, .interrupted = m->interrupted,
				    .partial_run = m->partial_run, .metrics = metrics };
	ret = report_build(&report, &in, err);
	free(rev);
	if (ret)
		return -1;
	ret = render(&report, opts, &text, &len, err);
	report_release(&report);
	if (ret)
		return -1;
	if (!opts->append && out != stdout && out != stderr && empty_if_file(out))
		return err_set(err, "cannot write the report to %s: %s", path, strerror(errno));
	ret = fwrite(text, 1, len, out) != len || fflush(out);
	free(text);
	if (ret)
		return err_set(err, "cannot write the report to %s: %s", path, strerror(errno));
	return 0;
}

/* --list: what can be named here (with --supported, what opens), as text, CSV or JSON. */
static int list_events(const struct options *opts, struct hp_err *err)
{
	event_probe_fn probe = opts->list_supported ? counter_probe : NULL;
	char **names = NULL, at_name[SPEC_PRESET_NAME_MAX + 2];
	size_t n_names = 0, i;
	struct listing l;
	int ret = -1;

	listing_init(&l, opts->list_pattern, probe != NULL);
	if (event_lib_init(err) || event_listing_collect(&l, probe, err) ||
	    preset_names(NULL, &names, &n_names, err))
		goto out;
	for (i = 0; i < n_names; i++) {
		struct preset p;
		size_t n_open = 0;
		bool failed;

		snprintf(at_name, sizeof(at_name), "@%s", names[i]);
		if (!listing_matches(&l, at_name))
			continue;
		if (preset_load(names[i], &p, err)) {
			/* One broken file must not hide the other presets: say what is wrong. */
			if (listing_add_note(&l, err->msg, err))
				goto out;
			continue;
		}
		/* Under --supported a preset none of whose events opens is left out. */
		failed = (probe && event_spec_probe(&p.spec, probe, &n_open, err)) ||
			 ((!probe || n_open) && listing_add_preset(&l, &p, n_open, err));
		preset_release(&p);
		if (failed)
			goto out;
	}
	if (opts->format == OPTIONS_JSON)
		ret = listing_write_json(stdout, &l);
	else if (opts->format == OPTIONS_CSV)
		ret = listing_write_csv(stdout, &l);
	else
		ret = listing_write_text(stdout, &l, 100);
	if (ret)
		err_set(err, "cannot write the listing to standard output: %s", strerror(errno));
out:
	preset_names_free(names, n_names);
	listing_release(&l);
	return ret;
}

/* Descriptors 0-2 that hpstat was started without would be taken by the first files it
 * opens (a counter, the -o file) and then written as if they were standard error. */
static void standard_descriptors_open(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			_exit(EXIT_HPSTAT_ERROR); /* no /dev/null: no way to say so either */
}

/* The one line hpstat says when it fails, with the user's words in it made safe to show. */
static void print_error(const struct hp_err *err)
{
	fputs("hpstat: ", stderr);
	escape_terminal(stderr, err->msg);
	fputc('\n', stderr);
	fflush(stderr);
}

/* Writes the report unless nothing was measured; -1 with err when it cannot be written. */
static int report_runs(FILE *out, const char *out_path, const struct event_list *list,
		       const struct measurement *m, const struct options *opts,
		       const struct metric_set *metrics, struct hp_err *err)
{
	if (m->samples.n_runs == 0)
		return 0;
	return write_report(out, out_path, list, m, opts, metrics, err);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct event_list list = { 0 };
	struct measurement m = { 0 };
	struct metric_set *metrics = NULL; /* NULL under --no-metrics */
	struct hp_err err = { "" }, failure = { "" };
	struct sigaction ignore = { .sa_handler = SIG_IGN }, pipe_at_start;
	const char *out_path = "standard error";
	char quoted_path[PATH_MAX + 2];
	FILE *out = stderr;
	int status = EXIT_HPSTAT_ERROR;

	standard_descriptors_open();
	/* A reader that went away (hpstat --list | head) must be a write error hpstat reports,
	 * not a silent death; the command gets SIGPIPE as hpstat got it. */
	sigaction(SIGPIPE, &ignore, &pipe_at_start);
	if (options_parse(&opts, argc, argv, &err))
		goto fail;
	if (opts.action == OPTIONS_HELP) {
		fputs(options_usage(), stdout);
		status = EXIT_SUCCESS;
		goto out;
	}
	if (opts.action == OPTIONS_VERSION) {
		printf("hpstat %s\n", PACKAGE_VERSION);
		status = EXIT_SUCCESS;
		goto out;
	}
	if (opts.action == OPTIONS_LIST) {
		if (list_events(&opts, &err))
			goto fail;
		status = EXIT_SUCCESS;
		goto out;
	}
	if (!opts.no_metrics && !(metrics = metric_set_builtin(&err)))
		goto fail;
	if (resolve_events(&list, &opts, metrics, &err))
		goto fail;
	if (opts.output_path && strcmp(opts.output_path, "-") == 0) {
		out = stdout;
		out_path = "standard output";
	} else if (opts.output_path) {
		snprintf(quoted_path, sizeof(quoted_path), "'%s'", opts.output_path);
		out_path = quoted_path;
		/* Opened before anything runs, so a bad path costs no measurement, but emptied only
		 * when the report is written: a failed run leaves the last report in place. */
		out = open_output(opts.output_path, opts.append);
		if (!out) {
			err_set(&err, "cannot open output file %s: %s", out_path, strerror(errno));
			goto fail;
		}
	}
	if (measure(&m, list.events, list.n, opts.command, opts.runs, &pipe_at_start,
		    &failure)) {
		/* The runs finished before the failure are reported, then why the rest is not. */
		if (report_runs(out, out_path, &list, &m, &opts, metrics, &err))
			goto fail;
		err = failure;
		status = m.failed_status ? m.failed_status : EXIT_HPSTAT_ERROR;
		goto fail;
	}
	if (report_runs(out, out_path, &list, &m, &opts, metrics, &err))
		goto fail;
	/* A stop signal ends hpstat as it would have ended the command; else the runs decide. */
	status = m.stop_signal ? 128 + m.stop_signal : samples_exit_code(&m.samples);
	goto out;
fail:
	print_error(&err);
out:
	if (out && out != stderr && out != stdout && fclose(out) && status != EXIT_HPSTAT_ERROR) {
		err_set(&err, "cannot write the report to %s: %s", out_path, strerror(errno));
		print_error(&err);
		status = EXIT_HPSTAT_ERROR;
	}
	/* --help, --version, --list and -o - write to standard output: a full disk or a closed
	 * pipe there is a failure too. */
	if (fflush(stdout) || ferror(stdout)) {
		if (status != EXIT_HPSTAT_ERROR) {
			err_set(&err, "cannot write to standard output: %s", strerror(errno));
			print_error(&err);
		}
		status = EXIT_HPSTAT_ERROR;
	}
	measurement_release(&m);
	event_list_release(&list);
	metric_set_free(metrics);
	options_release(&opts);
	return status;
}
