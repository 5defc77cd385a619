/* options.h - the command line turned into a plain struct; no I/O, no exit(). */
#ifndef HPSTAT_OPTIONS_H
#define HPSTAT_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define OPTIONS_MAX_RUNS 1000000u

enum options_action {
	OPTIONS_RUN,     /* measure the command */
	OPTIONS_HELP,    /* print options_usage() to stdout */
	OPTIONS_VERSION, /* print the version to stdout */
	OPTIONS_LIST,    /* --list [PATTERN]: the events and presets that can be named */
	OPTIONS_DOCTOR,  /* --doctor: what this machine allows for counting, and why */
};

enum options_color {
	OPTIONS_COLOR_AUTO,   /* on a terminal, unless NO_COLOR is set */
	OPTIONS_COLOR_ALWAYS,
	OPTIONS_COLOR_NEVER,
};

enum options_format {
	OPTIONS_TEXT,     /* perf stat's layout, for people */
	OPTIONS_CSV,      /* --csv: RFC 4180 with a header and fixed columns */
	OPTIONS_JSON,     /* --json: one document with every statistic */
	OPTIONS_PERF_CSV, /* -x SEP: perf stat -x's fields, for scripts written for perf */
	OPTIONS_PERF_JSON, /* -j: perf stat -j's JSON lines, one object per event */
	OPTIONS_PROMETHEUS, /* --prometheus: Prometheus text exposition format 0.0.4 */
	OPTIONS_OPENMETRICS, /* --openmetrics: OpenMetrics 1.0 text */
};

/* --all-user, --all-kernel: one privilege mode for every event, whatever its name says. */
enum options_modes {
	OPTIONS_MODES_AS_NAMED, /* each event's own (cycles, cycles:u) */
	OPTIONS_MODES_USER,     /* --all-user */
	OPTIONS_MODES_KERNEL,   /* --all-kernel */
};

/* What perf's -x format puts in the time field of the total after -I intervals. */
enum options_summary {
	OPTIONS_SUMMARY_EMPTY, /* an empty field (hpstat's default) */
	OPTIONS_SUMMARY_WORD,  /* --summary: the word "summary", as perf --summary writes */
	OPTIONS_SUMMARY_NONE,  /* --no-csv-summary: no time field at all, as perf writes */
};

#define OPTIONS_MAX_DETAILED 3
/* --push-group: at most this many grouping labels. */
#define OPTIONS_MAX_PUSH_GROUPS 16
/* --td-level: the deepest top-down level the CPU families define. */
#define OPTIONS_MAX_TOPDOWN_LEVEL 2

/* How counts of several places (CPUs, threads) are put together into rows. */
enum options_aggr {
	OPTIONS_AGGR_ALL,    /* one row per event (default) */
	OPTIONS_AGGR_CPU,    /* -A, --no-aggr: a row per CPU */
	OPTIONS_AGGR_CORE,   /* --per-core */
	OPTIONS_AGGR_SOCKET, /* --per-socket */
	OPTIONS_AGGR_THREAD, /* --per-thread: a row per thread of -p / -t */
};

#define OPTIONS_MIN_INTERVAL_MS 10u

/* --fail-if QUANTITY:+PCT: fail when QUANTITY got significantly worse by more than PCT. */
struct options_fail_if {
	char *quantity;           /* owned: an event name, a metric's name, or "elapsed" */
	double max_worse_pct;     /* >= 0 */
};

struct options {
	enum options_action action;
	enum options_format format;
	const char *separator;    /* -x */
	bool per_run;             /* --per-run: every run's values too */
	bool stats;               /* --stats: the text report adds stddev, min, median, max, CI */
	bool big_num;             /* -B: thousands separators in the text report (default on) */
	bool table;               /* --table: each run's elapsed time after the text report */
	bool metric_only;         /* --metric-only: only the derived metrics, a column each */
	bool no_scale;            /* --no-scale: counts as read, not scaled up by enabled /
				   * running time when the PMU took turns */
	enum options_summary summary; /* --summary, --no-csv-summary */
	bool interval_clear;      /* --interval-clear: clear the terminal before each interval */
	bool append;              /* --append: add to -o FILE instead of replacing it */
	const char **labels;      /* --label KEY=VALUE, each as given (checked: KEY a label name
				   * of the user's own, VALUE not empty), in order; NULL: none */
	size_t n_labels;
	const char **event_lists; /* each -e argument, in order; NULL when none given */
	size_t n_event_lists;
	const char **metric_lists; /* each -M argument (metric groups and metrics of this CPU's
				    * family, family.h), in order; NULL when none given */
	size_t n_metric_lists;
	const char *push_url;     /* --push: the Pushgateway the result is sent to, or NULL */
	const char *push_job;     /* --push-job: the job's name; NULL: the command's basename */
	const char **push_groups; /* each --push-group KEY=VALUE, in order */
	size_t n_push_groups;
	unsigned topdown_level;   /* --topdown (1) or --td-level N: the top-down levels to
				   * count; 0 when neither was given */
	unsigned runs;            /* -r, >= 1 */
	const char *output_path;  /* -o, NULL for stderr, "-" for stdout */
	bool no_metrics;          /* --no-metrics: no derived metrics, no added partner events */
	bool null;                /* -n, --null: no counters at all, only the times and memory */
	unsigned detailed;        /* -d given this many times (0 to OPTIONS_MAX_DETAILED): perf's
				   * detailed cache and TLB events added */
	enum options_modes modes; /* --all-user, --all-kernel */
	const char *list_pattern; /* --list PATTERN: only names containing it; NULL: all */
	bool list_supported;      /* --supported: only events that open on this machine */
	char **command;           /* NULL-terminated argv of the measured command (points into
				   * argv); with --compare or -L, one whole command line a word;
				   * NULL when -p, -t, -a or -C count without a command */

	/* Several commands (--compare, -L, --baseline) and how runs go. */
	bool compare;             /* --compare: each word after the options is one command line */
	bool shell;               /* --shell: command lines run through /bin/sh -c */
	const char **names;       /* --name, in order: labels for the commands */
	size_t n_names;
	const char **param_names; /* -L NAME VALUES, in order: {NAME} replaced by each value */
	const char **param_values;/* comma-separated, one list per name */
	size_t n_params;
	unsigned warmup;          /* -w: uncounted runs of each command first */
	const char *prepare;      /* --prepare or --pre: a shell command before every run */
	const char *prepare_option; /* "--prepare" or "--pre", as given, for messages */
	const char *post;         /* --post: a shell command after every run */
	bool sync;                /* -S, --sync: sync() before every run */
	const char *cleanup;      /* --cleanup: a shell command after each command's last run */
	bool ignore_failure;      /* --ignore-failure: a command's non-zero exit does not stop */
	bool shuffle;             /* --order random (default: interleaved, A B C A B C) */
	bool seed_given;          /* --seed N */
	unsigned long long seed;
	const char *reference;    /* --reference NAME: compare against it; default the first */
	double threshold_pct;     /* --threshold: the noise band, percent (default 1) */
	bool threshold_given;
	const char *sort;         /* --sort QUANTITY: rank by it; NULL: elapsed time */
	const char *baseline;     /* --baseline FILE: an earlier --json result to compare with */
	struct options_fail_if *fail_if; /* --fail-if QUANTITY:+PCT, in order */
	size_t n_fail_if;
	bool quiet;               /* -q, --quiet: no report, warnings or progress (errors still
				   * print); a report -o asks for is written */
	bool no_progress;         /* --no-progress (and -q): no progress line */
	bool verbose;             /* -v: each event's encoding and the fallbacks taken */
	int log_fd;               /* --log-fd N: hpstat's messages (and the report without -o)
				   * go to descriptor N; -1: standard error */

	/* What is counted, and when. */
	int *pids;                /* -p: processes already running (each -p list, in order) */
	size_t n_pids;
	int *tids;                /* -t: threads already running */
	size_t n_tids;
	bool all_cpus;            /* -a: every online CPU */
	const char *cpu_list;     /* -C LIST: these CPUs ("0,2-3"); NULL: none given */
	const char **cgroup_lists; /* -G, --cgroup, --for-each-cgroup: each list of cgroup v2
				    * names given, in order (every event counted in each cgroup,
				    * on the CPUs); NULL: none given */
	size_t n_cgroup_lists;
	enum options_aggr aggr;
	unsigned interval_ms;     /* -I: print the counts every interval_ms; 0: no intervals */
	unsigned interval_count;  /* --interval-count: stop after this many; 0: no limit */
	bool no_inherit;          /* -i: the command's children and new threads not counted */
	long delay_ms;            /* -D: counting starts this long after the start; -1: when
				   * enabled through --control; 0: at once */
	unsigned timeout_ms;      /* --timeout: stop after this long; 0: never */
	const char *control;      /* --control SPEC, NULL: none */
	enum options_color color; /* --color */
};

/* Whether opts counts places other than the command's own tasks: -p, -t, -a, -C or -G. */
bool options_attaching(const struct options *opts);

/* Whether opts asks to compare (several commands, a parameter scan or a baseline). */
bool options_comparing(const struct options *opts);

/* Parses argv. Options end at the first non-option argument (the command) or at "--";
 * with --list, a remaining argument is the pattern and no command is needed.
 * The strings stay owned by argv; event_lists is allocated and freed by options_release().
 * Returns 0, or -1 with err set (bad option, bad value, missing command). */
int options_parse(struct options *opts, int argc, char **argv, struct hp_err *err);
void options_release(struct options *opts);

/* The --help text. */
const char *options_usage(void);

#endif
