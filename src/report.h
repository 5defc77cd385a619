/* report.h - everything an output backend prints, already computed from the samples. */
#ifndef HPSTAT_REPORT_H
#define HPSTAT_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "advice.h"
#include "err.h"
#include "machine.h"
#include "metric.h"
#include "samples.h"
#include "stats.h"

enum report_state {
	REPORT_COUNTED,
	REPORT_NOT_COUNTED,   /* opened, but never on a counter in any run */
	REPORT_NOT_SUPPORTED, /* the kernel or PMU refused the event */
};

/* What the report needs to know of each event (filled by main from the events). */
struct report_event {
	const char *name;     /* as the user wrote it */
	const char *resolved; /* what it resolved to ("cycles", "pmu::EVENT:UMASK", "msr/tsc/") */
	const char *generic;  /* perf's generic name, or NULL */
	int mode;
	bool added;           /* a partner hpstat added for a metric */
	bool of_family;       /* counted for a CPU family's metric group */
	bool supported;
	bool user_only;       /* kernel counting was refused: the name gets ":u" */
	double scale;         /* count -> value in unit (sysfs .scale); 0 means 1 */
	const char *unit;     /* sysfs .unit, or NULL */
};

/* A derived metric over the runs: its value from each run's own counts, for comparisons. */
struct report_metric_runs {
	struct stats stats;   /* of the per-run values that are numbers */
	double *per_run;      /* runs_done values; NaN where a run left it undefined */
};

struct report_row {
	char *name;             /* display name: as written, ":u" added after a fallback */
	char *event;            /* as the user wrote it */
	char *resolved;
	enum report_state state;
	bool added;
	char unit[16];          /* "msec" for clocks, a sysfs unit, else "" */
	double unit_scale;      /* shown value = count * unit_scale */
	struct stats stats;     /* of the scaled per-run values, in the shown unit */
	double median;
	double ci95_low, ci95_high;
	double running_pct;     /* 100 * total running / total enabled */
	double enabled_ns;      /* mean per run */
	double running_ns;      /* mean per run */
	size_t runs_counted;    /* runs in which the counter ran at all */
	double *per_run;        /* runs_done values in the shown unit; NaN where it never ran
				 * (NULL: summary only, as the next three) */
	double *per_run_running_pct;
	struct metric_value metrics[METRIC_MAX_PER_ROW]; /* from the means */
	struct report_metric_runs metric_runs[METRIC_MAX_PER_ROW];
	size_t n_metrics;
};

/* One quantity over runs with every statistic the backends print. */
struct report_quantity {
	struct stats stats;
	double median;
	double ci95_low, ci95_high;
};

struct report_run {
	double wall_s, user_s, sys_s;
	long max_rss_kb;
	int exit_code;          /* as a shell shows it: the code, or 128 + signal */
	size_t sequence;        /* its place among all runs of all commands, from 0 */
};

struct report_part;

struct report {
	char *command;           /* owned: the command line, words joined by spaces */
	char *const *argv;       /* borrowed: the command's words, NULL-terminated */
	const char *version;     /* hpstat's */
	struct machine machine;  /* zeroed when unknown */
	size_t runs_requested;
	size_t runs_done;        /* runs in the statistics */
	bool interrupted;        /* stopped early: a stop signal, or a run that failed */
	bool partial_run;        /* the one run reported was itself cut short */
	size_t runs_failed;      /* runs that exited non-zero or were killed */
	size_t runs_detached;    /* runs whose counters the kernel took away (set-user-ID exec) */
	int exit_code;           /* the first failing run's exit code, else 0 */
	int stop_signal;         /* the stop signal that ended the runs, else 0 (run.c sets it) */
	const char *failure;     /* borrowed: why the runs ended early, the message hpstat exits
				  * with; NULL when they did not fail (run.c sets it) */
	struct report_quantity wall_s, user_s, sys_s, max_rss_kb; /* over runs */
	struct report_run *runs; /* runs_done of them */
	struct report_row *rows;
	size_t n_rows;
	bool any_added;
	bool any_user_only;      /* kernel counting was refused for some event (its ":u") */
	struct advice advice[ADVICE_MAX]; /* warnings about the run times */
	size_t n_advice;
	struct metric_value *named; /* the presets' metrics, in order; value NaN if unavailable */
	const char *topdown_note;   /* borrowed: why perf's default set has no top-down here, or
				     * NULL */
	bool topdown_hint;          /* the kernel refused stalled-cycles-* on a CPU with top-down
				     * analysis: the report points to --topdown */
	struct report_metric_runs *named_runs;
	size_t n_named;
	/* Parts reported beside the whole: a row set per CPU, core, socket or thread (the whole
	 * is their sum), or per named region (counted inside the whole). Owned. */
	struct report_part *parts;
	size_t n_parts;
};

struct report_part {
	const char *kind;      /* "cpu", "core", "socket", "thread" or "region" */
	char *label;           /* owned: "CPU0", "S0-D0-C1", "S0", "sleep-1234", a region name */
	size_t calls;          /* a region: times it was entered, all runs together */
	struct report report;
};

/* Whether a part splits the whole (a CPU, core, socket, thread) rather than being a region
 * inside it. */
bool report_part_splits(const struct report_part *part);

/* Adds part (its report moved in: the caller no longer releases it) to r. -1 with err. */
int report_part_add(struct report *r, const char *kind, const char *label, size_t calls,
		    struct report *part, struct hp_err *err);

struct report_input {
	char *const *command;              /* NULL-terminated */
	const char *version;
	const struct machine *machine;     /* NULL: unknown */
	const struct report_event *events; /* one per samples column */
	const struct samples *samples;
	size_t runs_requested;
	bool interrupted;
	bool partial_run;
	const struct metric_set *metrics;  /* NULL: no derived metrics */
	/* Keep no run's own values (rows' per_run and per_run_running_pct, metric_runs, runs
	 * are then NULL): what a summary needs is computed as it is built, and memory stays
	 * flat in -r for reports that print no run of their own. */
	bool summary_only;
	/* --no-scale: each count as read, not scaled up by enabled / running time when the PMU
	 * took turns (running_pct still says how long it ran). */
	bool no_scale;
};

/* Builds the report. Per run, a count is scaled by enabled / running (multiplexing) unless
 * in->no_scale; runs in which a counter never ran do not enter its statistics. */
int report_build(struct report *r, const struct report_input *in, struct hp_err *err);
void report_release(struct report *r);

/* The state as machine formats write it: "counted", "not-counted", "not-supported". */
const char *report_state_name(enum report_state state);

#endif
