/* options.c - getopt_long over argv into struct options, with strict value checks. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "push_url.h"

enum {
	OPT_NO_METRICS = 256,
	OPT_CSV,
	OPT_JSON,
	OPT_PER_RUN,
	OPT_STATS,
	OPT_APPEND,
	OPT_NO_BIG_NUM,
	OPT_SUPPORTED,
	OPT_COMPARE,
	OPT_SHELL,
	OPT_NAME,
	OPT_PREPARE,
	OPT_CLEANUP,
	OPT_IGNORE_FAILURE,
	OPT_ORDER,
	OPT_SEED,
	OPT_REFERENCE,
	OPT_THRESHOLD,
	OPT_SORT,
	OPT_BASELINE,
	OPT_FAIL_IF,
	OPT_QUIET,
	OPT_COLOR,
	OPT_PER_CORE,
	OPT_PER_SOCKET,
	OPT_PER_THREAD,
	OPT_FOR_EACH_CGROUP,
	OPT_INTERVAL_COUNT,
	OPT_TIMEOUT,
	OPT_CONTROL,
	OPT_DOCTOR,
	OPT_TABLE,
	OPT_METRIC_ONLY,
	OPT_SCALE,
	OPT_NO_SCALE,
	OPT_NO_PROGRESS,
	OPT_PRE,
	OPT_POST,
	OPT_ALL_USER,
	OPT_ALL_KERNEL,
	OPT_LOG_FD,
	OPT_INTERVAL_CLEAR,
	OPT_SUMMARY,
	OPT_NO_CSV_SUMMARY,
	OPT_TOPDOWN,
	OPT_TD_LEVEL,
	OPT_PUSH,
	OPT_PUSH_JOB,
	OPT_PUSH_GROUP,
	OPT_PROMETHEUS,
	OPT_OPENMETRICS,
	OPT_LABEL,
	/* perf stat's options that hpstat refuses: OPT_REFUSED + their index in refused[] */
	OPT_REFUSED = 1000,
};

static const struct option long_options[] = {
	{ .name = "event", .has_arg = required_argument, .val = 'e' },
	{ .name = "repeat", .has_arg = required_argument, .val = 'r' },
	{ .name = "output", .has_arg = required_argument, .val = 'o' },
	{ .name = "no-metrics", .has_arg = no_argument, .val = OPT_NO_METRICS },
	{ .name = "null", .has_arg = no_argument, .val = 'n' },
	{ .name = "csv", .has_arg = no_argument, .val = OPT_CSV },
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "field-separator", .has_arg = required_argument, .val = 'x' },
	{ .name = "per-run", .has_arg = no_argument, .val = OPT_PER_RUN },
	{ .name = "stats", .has_arg = no_argument, .val = OPT_STATS },
	{ .name = "append", .has_arg = no_argument, .val = OPT_APPEND },
	{ .name = "big-num", .has_arg = no_argument, .val = 'B' },
	{ .name = "no-big-num", .has_arg = no_argument, .val = OPT_NO_BIG_NUM },
	{ .name = "list", .has_arg = no_argument, .val = 'l' },
	{ .name = "supported", .has_arg = no_argument, .val = OPT_SUPPORTED },
	{ .name = "doctor", .has_arg = no_argument, .val = OPT_DOCTOR },
	{ .name = "compare", .has_arg = no_argument, .val = OPT_COMPARE },
	{ .name = "shell", .has_arg = no_argument, .val = OPT_SHELL },
	{ .name = "name", .has_arg = required_argument, .val = OPT_NAME },
	{ .name = "parameter-list", .has_arg = required_argument, .val = 'L' },
	{ .name = "warmup", .has_arg = required_argument, .val = 'w' },
	{ .name = "prepare", .has_arg = required_argument, .val = OPT_PREPARE },
	{ .name = "cleanup", .has_arg = required_argument, .val = OPT_CLEANUP },
	{ .name = "ignore-failure", .has_arg = no_argument, .val = OPT_IGNORE_FAILURE },
	{ .name = "order", .has_arg = required_argument, .val = OPT_ORDER },
	{ .name = "seed", .has_arg = required_argument, .val = OPT_SEED },
	{ .name = "reference", .has_arg = required_argument, .val = OPT_REFERENCE },
	{ .name = "threshold", .has_arg = required_argument, .val = OPT_THRESHOLD },
	{ .name = "sort", .has_arg = required_argument, .val = OPT_SORT },
	{ .name = "baseline", .has_arg = required_argument, .val = OPT_BASELINE },
	{ .name = "fail-if", .has_arg = required_argument, .val = OPT_FAIL_IF },
	{ .name = "quiet", .has_arg = no_argument, .val = 'q' },
	{ .name = "color", .has_arg = required_argument, .val = OPT_COLOR },
	{ .name = "pid", .has_arg = required_argument, .val = 'p' },
	{ .name = "tid", .has_arg = required_argument, .val = 't' },
	{ .name = "all-cpus", .has_arg = no_argument, .val = 'a' },
	{ .name = "cpu", .has_arg = required_argument, .val = 'C' },
	{ .name = "cgroup", .has_arg = required_argument, .val = 'G' },
	{ .name = "for-each-cgroup", .has_arg = required_argument, .val = OPT_FOR_EACH_CGROUP },
	{ .name = "no-aggr", .has_arg = no_argument, .val = 'A' },
	{ .name = "per-core", .has_arg = no_argument, .val = OPT_PER_CORE },
	{ .name = "per-socket", .has_arg = no_argument, .val = OPT_PER_SOCKET },
	{ .name = "per-thread", .has_arg = no_argument, .val = OPT_PER_THREAD },
	{ .name = "interval-print", .has_arg = required_argument, .val = 'I' },
	{ .name = "interval-count", .has_arg = required_argument, .val = OPT_INTERVAL_COUNT },
	{ .name = "no-inherit", .has_arg = no_argument, .val = 'i' },
	{ .name = "delay", .has_arg = required_argument, .val = 'D' },
	{ .name = "timeout", .has_arg = required_argument, .val = OPT_TIMEOUT },
	{ .name = "control", .has_arg = required_argument, .val = OPT_CONTROL },
	{ .name = "json-output", .has_arg = no_argument, .val = 'j' },
	{ .name = "table", .has_arg = no_argument, .val = OPT_TABLE },
	{ .name = "metric-only", .has_arg = no_argument, .val = OPT_METRIC_ONLY },
	{ .name = "scale", .has_arg = no_argument, .val = OPT_SCALE },
	{ .name = "no-scale", .has_arg = no_argument, .val = OPT_NO_SCALE },
	{ .name = "no-progress", .has_arg = no_argument, .val = OPT_NO_PROGRESS },
	{ .name = "verbose", .has_arg = no_argument, .val = 'v' },
	{ .name = "pre", .has_arg = required_argument, .val = OPT_PRE },
	{ .name = "post", .has_arg = required_argument, .val = OPT_POST },
	{ .name = "detailed", .has_arg = no_argument, .val = 'd' },
	{ .name = "metrics", .has_arg = required_argument, .val = 'M' },
	{ .name = "topdown", .has_arg = no_argument, .val = OPT_TOPDOWN },
	{ .name = "td-level", .has_arg = required_argument, .val = OPT_TD_LEVEL },
	{ .name = "push", .has_arg = required_argument, .val = OPT_PUSH },
	{ .name = "push-job", .has_arg = required_argument, .val = OPT_PUSH_JOB },
	{ .name = "push-group", .has_arg = required_argument, .val = OPT_PUSH_GROUP },
	{ .name = "all-user", .has_arg = no_argument, .val = OPT_ALL_USER },
	{ .name = "all-kernel", .has_arg = no_argument, .val = OPT_ALL_KERNEL },
	{ .name = "log-fd", .has_arg = required_argument, .val = OPT_LOG_FD },
	{ .name = "sync", .has_arg = no_argument, .val = 'S' },
	{ .name = "interval-clear", .has_arg = no_argument, .val = OPT_INTERVAL_CLEAR },
	{ .name = "summary", .has_arg = no_argument, .val = OPT_SUMMARY },
	{ .name = "no-csv-summary", .has_arg = no_argument, .val = OPT_NO_CSV_SUMMARY },
	{ .name = "prometheus", .has_arg = no_argument, .val = OPT_PROMETHEUS },
	{ .name = "openmetrics", .has_arg = no_argument, .val = OPT_OPENMETRICS },
	{ .name = "label", .has_arg = required_argument, .val = OPT_LABEL },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = "version", .has_arg = no_argument, .val = 'V' },
	{ 0 },
};

/*
 * perf stat's options that hpstat does not have, on purpose: each is refused by its name with
 * why and what to use instead, never as an unknown option, so that a perf user learns at once
 * what to write. getopt takes every one of them without a value (a short one) or with an
 * optional one (a long one): the refusal comes first, whatever follows.
 */
static const struct refused_option {
	const char *name;  /* the long name */
	char letter;       /* the short one, or 0 */
	const char *why;
} refused[] = {
	{ "metric-no-group", 0, "hpstat groups a metric's events as its CPU family's file "
	  "does (hpstat-events(5)), so that its ratios come from the same intervals" },
	{ "metric-no-merge", 0, "hpstat counts an event that several chosen metrics share "
	  "once" },
	{ "transaction", 'T', "hpstat has no transactional-memory statistics; name the CPU's "
	  "own TSX events with -e ('hpstat --list' shows them)" },
	{ "smi-cost", 0, "hpstat does not freeze counters around SMIs; count them with -e "
	  "msr/smi/" },
	{ "iostat", 0, "hpstat has no I/O statistics of perf's x86 iostat PMUs" },
	{ "bpf-prog", 'b', "hpstat counts processes, threads, CPUs and cgroups; a BPF "
	  "program's events are not among them" },
	{ "bpf-counters", 0, "hpstat counts with perf_event_open only, each run's counters "
	  "opened at its exec" },
	{ "bpf-attr-map", 0, "hpstat counts with perf_event_open only, each run's counters "
	  "opened at its exec" },
	{ "cputype", 0, "hpstat does not pick one kind of core of a hybrid CPU for you; name "
	  "each PMU's event, as in -e cpu_core/cycles/,cpu_atom/cycles/" },
	{ "hybrid-merge", 0, "hpstat never merges the rows of a hybrid CPU's PMUs: each event "
	  "you name is its own row" },
	{ "no-merge", 0, "hpstat never merges events: each event you name is its own row "
	  "already" },
	{ "per-die", 0, "hpstat has rows per CPU, core, socket and thread; use --per-socket "
	  "or --per-core" },
	{ "per-node", 0, "hpstat has no rows per NUMA node; count a node's CPUs with -C "
	  "(/sys/devices/system/node/nodeN/cpulist lists them), or use --per-socket" },
	{ "percore-show-thread", 0, "it goes with perf's 'percore' event modifier, which hpstat "
	  "does not have; use --per-core" },
	{ "group", 'g', "hpstat groups events written in braces: -e '{cycles,instructions}'" },
	{ "filter", 0, "hpstat has no tracepoint filters; a tracepoint counts every hit" },
	{ "pfm-events", 0, "hpstat takes libpfm4's event names in -e itself: -e "
	  "PMU::EVENT:UMASK, as in -e amd64_fam19h_zen4::RETIRED_INSTRUCTIONS" },
};

#define N_LONG (sizeof(long_options) / sizeof(long_options[0]) - 1)
#define N_REFUSED (sizeof(refused) / sizeof(refused[0]))

/* long_options and the refused ones, for getopt_long. */
static void all_long_options(struct option *all)
{
	size_t i;

	memcpy(all, long_options, N_LONG * sizeof(*all));
	for (i = 0; i < N_REFUSED; i++)
		all[N_LONG + i] = (struct option){ .name = refused[i].name,
						   .has_arg = optional_argument,
						   .val = OPT_REFUSED + (int)i };
	all[N_LONG + N_REFUSED] = (struct option){ 0 };
}

/* The refused option that getopt returned as c (its letter, or OPT_REFUSED + index), when it
 * is one; word is what the user typed. */
static int refuse(int c, const char *word, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < N_REFUSED; i++) {
		const struct refused_option *r = &refused[i];

		if (c != OPT_REFUSED + (int)i && !(r->letter && c == r->letter))
			continue;
		if (c == r->letter && strncmp(word, "--", 2) != 0)
			return err_set(err, "perf stat's '-%c' (--%s) is not in hpstat: %s",
				       r->letter, r->name, r->why);
		return err_set(err, "perf stat's '--%s' is not in hpstat: %s", r->name, r->why);
	}
	return 0;
}

const char *options_usage(void)
{
	return "Usage: hpstat [OPTIONS] [--] COMMAND [ARGS...]\n"
	       "       hpstat -p PID | -t TID | -a | -C CPUS | -G CGROUPS [OPTIONS]\n"
	       "              [[--] COMMAND [ARGS...]]\n"
	       "       hpstat --compare [OPTIONS] 'COMMAND LINE' 'COMMAND LINE'...\n"
	       "Run COMMAND, count hardware and software events while it runs, and report\n"
	       "the mean of all runs with its spread and derived metrics (like perf stat);\n"
	       "or compare several commands and rank them.\n"
	       "\n"
	       "Options:\n"
	       "  -e, --event LIST   events to count, comma-separated; may repeat; {a,b} is a\n"
	       "                     group, @name a preset (see hpstat-events(5));\n"
	       "                     duration_time, user_time, system_time: the run's\n"
	       "                     elapsed and CPU times in ns, measured by hpstat\n"
	       "                     (default: task-clock,context-switches,cpu-migrations,\n"
	       "                     page-faults,cycles,instructions,branches,branch-misses)\n"
	       "  -d, --detailed     add perf's detailed events: L1-dcache and LLC loads and\n"
	       "                     misses; -dd also L1-icache, dTLB and iTLB; -ddd also\n"
	       "                     L1-dcache prefetches (to -e's events, or the default)\n"
	       "  -M, --metrics LIST metric groups or metrics of this CPU's family, counted\n"
	       "                     with the events they need (hpstat --list shows them)\n"
	       "      --topdown      top-down analysis: where the pipeline slots went\n"
	       "                     (retiring, bad speculation, frontend, backend bound)\n"
	       "      --td-level N   top-down down to level N (1 or 2; 2 splits each one)\n"
	       "      --all-user     every event counts user mode only (its name gets :u)\n"
	       "      --all-kernel   every event counts kernel mode only (its name gets :k)\n"
	       "  -r, --repeat N     run COMMAND N times and report the mean (default 1)\n"
	       "  -w, --warmup N     run each command N times first, uncounted\n"
	       "      --pre CMD, --prepare CMD\n"
	       "                     run the shell command CMD before every run\n"
	       "      --post CMD     run the shell command CMD after every run\n"
	       "      --cleanup CMD  run the shell command CMD after each command's last run\n"
	       "  -S, --sync         call sync() before every run\n"
	       "  -o, --output FILE  write the report to FILE instead of stderr ('-': stdout)\n"
	       "      --append       add the report to FILE instead of replacing it (text,\n"
	       "                     -x and -j; not --json or --csv)\n"
	       "      --log-fd N     write hpstat's messages, and the report unless -o says\n"
	       "                     otherwise, to open descriptor N instead of stderr\n"
	       "      --no-metrics   no derived metrics and no added partner events\n"
	       "  -n, --null         no counters: only the times and peak memory\n"
	       "      --no-scale     counts as read: not scaled up by enabled / running time\n"
	       "                     when counters took turns (--scale, the default, does)\n"
	       "  -q, --quiet        print no report, warning or progress line: only errors\n"
	       "                     and the exit status tell (a report -o asks for is written)\n"
	       "      --no-progress  no progress line on the terminal\n"
	       "  -v, --verbose      say what each event became (its perf_event_attr) and\n"
	       "                     every fallback taken (user mode only, no guest filter)\n"
	       "\n"
	       "What and when:\n"
	       "  -p, --pid PIDS     count these running processes (comma-separated) until\n"
	       "                     they exit, Ctrl-C, or COMMAND ends if one is given\n"
	       "  -t, --tid TIDS     count these running threads\n"
	       "  -a, --all-cpus     count every online CPU (all processes)\n"
	       "  -C, --cpu LIST     count these CPUs, as in 0,2-3\n"
	       "  -G, --cgroup LIST  a row per cgroup v2 group in LIST (paths below the\n"
	       "                     cgroup2 mount, as system.slice/ssh.service): each\n"
	       "                     counts every event of its processes, on every CPU or\n"
	       "                     -C's (--for-each-cgroup LIST is the same)\n"
	       "  -A, --no-aggr      a row per CPU\n"
	       "      --per-core     a row per core;  --per-socket: a row per socket\n"
	       "      --per-thread   a row per thread of -p or -t\n"
	       "  -I, --interval-print MSEC\n"
	       "                     print the counts every MSEC milliseconds (10 or more),\n"
	       "                     then the total\n"
	       "      --interval-count N  stop after N intervals\n"
	       "      --interval-clear    clear the terminal before each interval (text)\n"
	       "      --summary      -x: mark the total after the intervals 'summary';\n"
	       "                     --no-csv-summary: leave its time field out\n"
	       "  -i, --no-inherit   leave out the tasks COMMAND starts\n"
	       "  -D, --delay MSEC   start counting MSEC after COMMAND starts; -1: only when\n"
	       "                     enabled through --control\n"
	       "      --timeout MSEC stop COMMAND (SIGTERM), or the counting, after MSEC\n"
	       "      --control env|fifo:CTL[,ACK]|fd:CTL[,ACK]\n"
	       "                     count only what COMMAND enables: 'enable', 'disable',\n"
	       "                     'start NAME', 'stop NAME' lines (env: the FIFO's path is\n"
	       "                     in HPSTAT_CONTROL; Python: import hpstat)\n"
	       "\n"
	       "Comparing:\n"
	       "      --compare      each argument after the options is one command line\n"
	       "      --shell        run the command lines with /bin/sh -c (pipes, variables)\n"
	       "      --name NAME    a label for the next command line; may repeat\n"
	       "  -L, --parameter-list NAME V1,V2,...\n"
	       "                     one command per value, {NAME} replaced in each line;\n"
	       "                     several -L: every combination, the first slowest\n"
	       "      --order interleaved|random\n"
	       "                     runs in rounds A B C A B C (default), or each round\n"
	       "                     shuffled; --seed N replays a random order\n"
	       "      --reference NAME   compare against this command (default: the first)\n"
	       "      --baseline FILE    compare against an earlier --json result\n"
	       "      --threshold PCT    changes below PCT percent are noise (default 1)\n"
	       "      --sort QUANTITY    rank by an event, a metric or a time (default elapsed)\n"
	       "      --fail-if QUANTITY:+PCT\n"
	       "                     exit 122 when QUANTITY got significantly worse by more\n"
	       "                     than PCT percent (needs -r 2 or more); may repeat\n"
	       "      --ignore-failure   measure commands that exit non-zero anyway\n"
	       "      --color auto|always|never   mark better and worse (default auto)\n"
	       "\n"
	       "Output:\n"
	       "      --csv          CSV with a header row and fixed columns (RFC 4180)\n"
	       "      --json         one JSON document with every statistic\n"
	       "  -x, --field-separator SEP\n"
	       "                     perf stat -x's fields, separated by SEP\n"
	       "  -j, --json-output  perf stat -j's JSON lines: an object per event\n"
	       "      --prometheus   Prometheus text exposition (0.0.4): counters summed over\n"
	       "                     the runs in base units (seconds, bytes, ratios); with\n"
	       "                     -I MSEC and -o FILE, FILE is replaced whole each\n"
	       "                     interval (node_exporter's textfile collector)\n"
	       "      --openmetrics  the same as OpenMetrics 1.0 text\n"
	       "      --label KEY=VALUE  a label on every series of --prometheus,\n"
	       "                     --openmetrics and --push; may repeat\n"
	       "      --push URL     after the report, send the result (or comparison) to the\n"
	       "                     Prometheus Pushgateway at URL (exit 121 if it fails)\n"
	       "      --push-job NAME  its job (default: the command's name)\n"
	       "      --push-group KEY=VALUE  a grouping label of the push; may repeat\n"
	       "      --per-run      every run's values too (a table in the text report)\n"
	       "      --stats        text report: add stddev, min, median, max, 95% CI\n"
	       "      --table        text report with -r: each run's elapsed time and its\n"
	       "                     difference from the mean\n"
	       "      --metric-only  only the derived metrics, a column each (text, --csv,\n"
	       "                     -x, -j)\n"
	       "  -B, --big-num      thousands separators in the text report, as LC_NUMERIC\n"
	       "                     groups digits (default)\n"
	       "      --no-big-num   no thousands separators\n"
	       "\n"
	       "Listing:\n"
	       "  -l, --list [PATTERN]\n"
	       "                     list the events and presets that can be named (those\n"
	       "                     containing PATTERN); with --csv or --json as data\n"
	       "      --supported    with --list: only events that count on this machine\n"
	       "      --doctor       what this machine allows for counting, why, and the\n"
	       "                     fixes (PMU, perf_event_paranoid, capabilities, ...);\n"
	       "                     with --json as data\n"
	       "\n"
	       "  -h, --help         show this help and exit\n"
	       "  -V, --version      show the version, the libpfm4 release it runs with and\n"
	       "                     the PMUs it detects, and exit\n"
	       "\n"
	       "Options end at COMMAND: 'hpstat ls -l' passes -l to ls. perf stat options\n"
	       "hpstat does not have (-T, -g, --per-die, ...) are\n"
	       "refused with the reason and what to use instead.\n"
	       "Exit status: COMMAND's own; 128+N if it was killed by signal N (or hpstat\n"
	       "was stopped by it); 126 if it cannot be executed, 127 if it is not found;\n"
	       "125 for hpstat's own errors; 121 if the report was written but --push\n"
	       "failed; 123 if a --pre, --post or --cleanup command\n"
	       "failed; comparing: 122 past a --fail-if limit, 124 a command failed.\n"
	       "See hpstat(1).\n";
}

/* Accepts only a plain decimal number in [min, max]: strtoull alone would take "-3"
 * (wrapping it), leading spaces and trailing junk. what names the value in messages. */
static int parse_count(unsigned long long *out, const char *text, const char *what,
		       unsigned long long min, unsigned long long max, struct hp_err *err)
{
	unsigned long long value;
	const char *p;

	for (p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return err_set(err, "invalid %s '%s': give a whole number from %llu to %llu",
				       what, text, min, max);
	if (!*text)
		return err_set(err, "empty %s: give a whole number from %llu to %llu", what, min,
			       max);
	errno = 0;
	value = strtoull(text, NULL, 10);
	if (errno || value < min || value > max)
		return err_set(err, "%s '%s' out of range: give a whole number from %llu to %llu",
			       what, text, min, max);
	*out = value;
	return 0;
}

static int parse_runs(unsigned *out, const char *text, const char *what, unsigned min,
		      struct hp_err *err)
{
	unsigned long long value;

	if (parse_count(&value, text, what, min, OPTIONS_MAX_RUNS, err))
		return -1;
	*out = (unsigned)value;
	return 0;
}

/* A percentage: digits with at most one '.', a '%' after them allowed; 0 to 1e6. */
static int parse_percent(double *out, const char *text, const char *what, struct hp_err *err)
{
	size_t digits = strspn(text, "0123456789"), frac = 0, len;

	if (text[digits] == '.')
		frac = 1 + strspn(text + digits + 1, "0123456789");
	len = digits + frac;
	if (digits + (frac > 1 ? frac - 1 : 0) == 0 || (text[len] && strcmp(text + len, "%")))
		return err_set(err, "invalid %s '%s': give a percentage such as 2 or 0.5", what,
			       text);
	*out = strtod(text, NULL);
	if (*out > 1e6)
		return err_set(err, "%s '%s' out of range: give at most 1000000 percent", what, text);
	return 0;
}

/* Appends a comma-separated list of process or thread ids ("1234,5678"). */
static int add_ids(int **ids, size_t *n, const char *text, const char *option,
		   struct hp_err *err)
{
	const char *p = text;

	for (;;) {
		size_t len = strcspn(p, ",");
		unsigned long long id;
		char word[24];
		int *grown;

		if (len == 0 || len >= sizeof(word))
			return err_set(err, "invalid %s '%s': give ids separated by commas, as in "
				       "%s 1234,5678", option, text, option);
		memcpy(word, p, len);
		word[len] = '\0';
		if (parse_count(&id, word, "process id", 1, 4194304, err))
			return err_set(err, "invalid %s '%s': '%s' is not a process id", option, text,
				       word);
		grown = realloc(*ids, (*n + 1) * sizeof(*grown));
		if (!grown)
			return err_set(err, "out of memory");
		grown[(*n)++] = (int)id;
		*ids = grown;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

static int set_aggr(struct options *opts, enum options_aggr aggr, struct hp_err *err)
{
	if (opts->aggr != OPTIONS_AGGR_ALL && opts->aggr != aggr)
		return err_set(err, "choose one of -A, --per-core, --per-socket and --per-thread");
	opts->aggr = aggr;
	return 0;
}

/* -D MSEC: 0 to one hour, or -1. */
static int parse_delay(long *out, const char *text, struct hp_err *err)
{
	unsigned long long ms;

	if (strcmp(text, "-1") == 0) {
		*out = -1;
		return 0;
	}
	if (parse_count(&ms, text, "delay (milliseconds, or -1)", 0, 3600000, err))
		return -1;
	*out = (long)ms;
	return 0;
}

/* The long option whose val is opt (getopt's optopt for a long option it found), or NULL. */
static const struct option *long_option_of(int opt)
{
	const struct option *o;

	for (o = long_options; opt && o->name; o++)
		if (o->val == opt)
			return o;
	return NULL;
}

/*
 * getopt's complaint c ('?' or ':') as a message. word is the argument getopt was reading when
 * it complained, not argv[optind - 1]: inside a cluster of short options ("-qV") optind has not
 * moved on, and argv[optind - 1] is the word before the cluster. A word starting with "--" is
 * a long option: optopt is then its val when getopt found it (a value it takes none of, or a
 * missing value), 0 when the name is unknown (or an ambiguous prefix). Otherwise optopt is the
 * short option's letter.
 */
static int bad_option(int c, const char *word, int opt, struct hp_err *err)
{
	const struct option *o;
	size_t len;

	if (strncmp(word, "--", 2) != 0) {
		if (c == ':')
			return err_set(err, "option '-%c' needs a value; see 'hpstat --help'", opt);
		return err_set(err, "unknown option '-%c'; see 'hpstat --help'", opt);
	}
	/* named in full: "--vers=1" is --version's value, and "--help=1" is no "-h" */
	o = long_option_of(opt);
	if (o && c == ':')
		return err_set(err, "option '--%s' needs a value; see 'hpstat --help'", o->name);
	if (o)
		return err_set(err, "option '--%s' takes no value", o->name);
	/* unknown: quoted as written, without the value attached to it */
	len = strcspn(word + 2, "=");
	return err_set(err, "unknown option '%.*s'; see 'hpstat --help'", (int)len + 2, word);
}

static int set_format(struct options *opts, enum options_format format, const char *option,
		      struct hp_err *err)
{
	static const char *const names[] = {
		[OPTIONS_CSV] = "--csv", [OPTIONS_JSON] = "--json", [OPTIONS_PERF_CSV] = "-x",
		[OPTIONS_PERF_JSON] = "-j", [OPTIONS_PROMETHEUS] = "--prometheus",
		[OPTIONS_OPENMETRICS] = "--openmetrics",
	};

	if (opts->format != OPTIONS_TEXT && opts->format != format)
		return err_set(err, "'%s' and '%s' cannot be combined: choose one output format",
			       names[opts->format], option);
	opts->format = format;
	return 0;
}

/* Appends one string to a growable array of them. */
static int add_string(const char ***items, size_t *n, const char *item, struct hp_err *err)
{
	const char **grown = realloc(*items, (*n + 1) * sizeof(*grown));

	if (!grown)
		return err_set(err, "out of memory");
	grown[(*n)++] = item;
	*items = grown;
	return 0;
}

/* -L NAME VALUES, which may repeat for other names (every combination is run). One name
 * twice is refused: whether its lists should add up or the last win would be a guess. */
static int param_add(struct options *opts, const char *name, const char *values,
		     struct hp_err *err)
{
	size_t k;

	if (!*name || !*values)
		return err_set(err, "'-L' needs a name and a comma-separated list of values, as "
			       "in -L N 64,256,1024");
	for (k = 0; k < opts->n_params; k++)
		if (strcmp(opts->param_names[k], name) == 0)
			return err_set(err, "'-L %s' is given twice: give each parameter one -L with "
				       "all its values, as in -L %s %s,%s", name, name,
				       opts->param_values[k], values);
	k = opts->n_params; /* the two arrays grow together: the count moves with the second */
	if (add_string(&opts->param_names, &k, name, err))
		return -1;
	return add_string(&opts->param_values, &opts->n_params, values, err);
}

/* QUANTITY:+PCT (the '+' and a '%' may be left out). The quantity is split at the last
 * colon, since event names hold colons themselves (sched:sched_switch, cycles:u). */
static int add_fail_if(struct options *opts, const char *text, struct hp_err *err)
{
	const char *colon = strrchr(text, ':'), *pct;
	struct options_fail_if *grown, *gate;

	if (!colon || colon == text)
		return err_set(err, "invalid --fail-if '%s': write QUANTITY:+PCT, as in "
			       "'cycles:+5' (fail when cycles got significantly worse by over 5%%)",
			       text);
	pct = colon[1] == '+' ? colon + 2 : colon + 1;
	grown = realloc(opts->fail_if, (opts->n_fail_if + 1) * sizeof(*grown));
	if (!grown)
		return err_set(err, "out of memory");
	opts->fail_if = grown;
	gate = &grown[opts->n_fail_if];
	if (parse_percent(&gate->max_worse_pct, pct, "--fail-if limit", err))
		return -1;
	gate->quantity = strndup(text, (size_t)(colon - text));
	if (!gate->quantity)
		return err_set(err, "out of memory");
	opts->n_fail_if++;
	return 0;
}

/* The labels hpstat's --prometheus and --openmetrics series carry of their own
 * (src/output_prometheus.c): a --label may not take one of these names. */
static const char *const own_labels[] = {
	"command", "version", "event", "metric", "group", "unit",
	"cpu", "core", "socket", "thread", "cgroup", "region",
};

/* Whether the key_len bytes of key name a label hpstat writes itself (own_labels[k] as
 * *which). */
static bool own_label(const char *key, size_t key_len, const char **which)
{
	size_t k;

	for (k = 0; k < sizeof(own_labels) / sizeof(own_labels[0]); k++)
		if (strlen(own_labels[k]) == key_len && strncmp(key, own_labels[k], key_len) == 0) {
			*which = own_labels[k];
			return true;
		}
	return false;
}

/* The label names Prometheus gives a meaning of its own on some types: le on a histogram's
 * buckets, quantile on a summary's. On hpstat's counters and gauges promtool refuses them.
 * NULL for any other name, else what the name is for. */
static const char *reserved_label(const char *key, size_t key_len)
{
	if (key_len == 2 && strncmp(key, "le", 2) == 0)
		return "a histogram's buckets";
	if (key_len == 8 && strncmp(key, "quantile", 8) == 0)
		return "a summary's quantiles";
	return NULL;
}

/* --label KEY=VALUE: KEY a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*) that is neither
 * Prometheus's (a leading "__", le, quantile) nor hpstat's own, given once; VALUE not empty
 * (an empty value is no label at all to Prometheus). */
static int add_label(struct options *opts, const char *text, struct hp_err *err)
{
	const char *own, *reserved;
	size_t key_len = strcspn(text, "="), i;
	const char *p;

	if (!text[key_len] || key_len == 0)
		return err_set(err, "invalid --label '%s': write KEY=VALUE, as in --label "
			       "service=backup", text);
	for (p = text; p < text + key_len; p++)
		if (!(*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (p > text && *p >= '0' && *p <= '9')))
			return err_set(err, "invalid --label name '%.*s': a label name is letters, "
				       "digits and '_', not starting with a digit", (int)key_len,
				       text);
	if (strncmp(text, "__", 2) == 0)
		return err_set(err, "invalid --label name '%.*s': names starting with '__' are "
			       "Prometheus's own", (int)key_len, text);
	if (own_label(text, key_len, &own))
		return err_set(err, "invalid --label name '%s': hpstat sets that label itself; "
			       "choose another name", own);
	if ((reserved = reserved_label(text, key_len)))
		return err_set(err, "invalid --label name '%.*s': Prometheus keeps it for %s; "
			       "choose another name", (int)key_len, text, reserved);
	if (!text[key_len + 1])
		return err_set(err, "invalid --label '%s': give a value (an empty one is no "
			       "label to Prometheus)", text);
	for (i = 0; i < opts->n_labels; i++)
		if (strncmp(opts->labels[i], text, key_len + 1) == 0)
			return err_set(err, "--label '%.*s' given twice: a label takes one value",
				       (int)key_len, text);
	return add_string(&opts->labels, &opts->n_labels, text, err);
}

/* The index of text among choices; listed says them all in a message. */
static int set_choice(int *out, const char *text, const char *option,
		      const char *const choices[], size_t n, const char *listed,
		      struct hp_err *err)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(text, choices[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	return err_set(err, "invalid %s '%s': choose %s", option, text, listed);
}

/* Applies option c (from getopt_long, which was reading word) to opts: 0 to go on, 1 to stop
 * parsing (help, version), -1 with err set. */
static int apply_option(struct options *opts, int c, const char *word, struct hp_err *err)
{
	switch (c) {
	case 'e':
		if (add_string(&opts->event_lists, &opts->n_event_lists, optarg, err))
			return -1;
		break;
	case 'r':
		if (parse_runs(&opts->runs, optarg, "run count", 1, err))
			return -1;
		break;
	case 'w':
		if (parse_runs(&opts->warmup, optarg, "warmup count", 0, err))
			return -1;
		break;
	case 'o':
		if (!*optarg)
			return err_set(err, "empty output file name after '-o'");
		opts->output_path = optarg;
		break;
	case OPT_NO_METRICS:
		opts->no_metrics = true;
		break;
	case 'n':
		opts->null = true;
		break;
	case OPT_CSV:
		if (set_format(opts, OPTIONS_CSV, "--csv", err))
			return -1;
		break;
	case OPT_JSON:
		if (set_format(opts, OPTIONS_JSON, "--json", err))
			return -1;
		break;
	case 'x':
		if (!*optarg)
			return err_set(err, "empty field separator after '-x': give one or more "
				       "characters, as in -x, or -x ';'");
		if (set_format(opts, OPTIONS_PERF_CSV, "-x", err))
			return -1;
		opts->separator = optarg;
		break;
	case OPT_PER_RUN:
		opts->per_run = true;
		break;
	case OPT_STATS:
		opts->stats = true;
		break;
	case OPT_TABLE:
		opts->table = true;
		break;
	case OPT_METRIC_ONLY:
		opts->metric_only = true;
		break;
	case OPT_SCALE:
	case OPT_NO_SCALE:
		opts->no_scale = c == OPT_NO_SCALE;
		break;
	case OPT_SUMMARY:
		if (opts->summary != OPTIONS_SUMMARY_NONE)
			opts->summary = OPTIONS_SUMMARY_WORD;
		break;
	case OPT_NO_CSV_SUMMARY:
		/* perf's --no-csv-summary takes the word away whether or not --summary came. */
		opts->summary = OPTIONS_SUMMARY_NONE;
		break;
	case OPT_INTERVAL_CLEAR:
		opts->interval_clear = true;
		break;
	case 'j':
		if (set_format(opts, OPTIONS_PERF_JSON, "-j", err))
			return -1;
		break;
	case OPT_PROMETHEUS:
		if (set_format(opts, OPTIONS_PROMETHEUS, "--prometheus", err))
			return -1;
		break;
	case OPT_OPENMETRICS:
		if (set_format(opts, OPTIONS_OPENMETRICS, "--openmetrics", err))
			return -1;
		break;
	case OPT_LABEL:
		if (add_label(opts, optarg, err))
			return -1;
		break;
	case 'M':
		if (add_string(&opts->metric_lists, &opts->n_metric_lists, optarg, err))
			return -1;
		break;
	case OPT_TOPDOWN:
		if (!opts->topdown_level)
			opts->topdown_level = 1;
		break;
	case OPT_PUSH:
		opts->push_url = optarg;
		break;
	case OPT_PUSH_JOB:
		opts->push_job = optarg;
		break;
	case OPT_PUSH_GROUP:
		if (opts->n_push_groups == OPTIONS_MAX_PUSH_GROUPS)
			return err_set(err, "more than %d --push-group labels: group by fewer",
				       OPTIONS_MAX_PUSH_GROUPS);
		if (add_string(&opts->push_groups, &opts->n_push_groups, optarg, err))
			return -1;
		break;
	case OPT_TD_LEVEL: {
		unsigned long long level;

		if (parse_count(&level, optarg, "top-down level", 1, OPTIONS_MAX_TOPDOWN_LEVEL,
				err))
			return -1;
		opts->topdown_level = (unsigned)level;
		break;
	}
	case 'd':
		if (opts->detailed == OPTIONS_MAX_DETAILED)
			return err_set(err, "'-d' given more than %d times: -ddd is the most detailed "
				       "set", OPTIONS_MAX_DETAILED);
		opts->detailed++;
		break;
	case OPT_ALL_USER:
	case OPT_ALL_KERNEL: {
		enum options_modes modes = c == OPT_ALL_USER ? OPTIONS_MODES_USER :
							       OPTIONS_MODES_KERNEL;

		if (opts->modes != OPTIONS_MODES_AS_NAMED && opts->modes != modes)
			return err_set(err, "'--all-user' and '--all-kernel' cannot be combined: "
				       "leave both out to count both modes");
		opts->modes = modes;
		break;
	}
	case OPT_LOG_FD: {
		unsigned long long fd;

		if (parse_count(&fd, optarg, "--log-fd descriptor", 0, INT_MAX, err))
			return -1;
		opts->log_fd = (int)fd;
		break;
	}
	case OPT_APPEND:
		opts->append = true;
		break;
	case 'B':
		opts->big_num = true;
		break;
	case OPT_NO_BIG_NUM:
		opts->big_num = false;
		break;
	case 'l':
		if (opts->action == OPTIONS_DOCTOR)
			return err_set(err, "'--list' and '--doctor' are two things to do: "
				       "give one");
		opts->action = OPTIONS_LIST;
		break;
	case OPT_DOCTOR:
		if (opts->action == OPTIONS_LIST)
			return err_set(err, "'--list' and '--doctor' are two things to do: "
				       "give one");
		opts->action = OPTIONS_DOCTOR;
		break;
	case OPT_SUPPORTED:
		opts->list_supported = true;
		break;
	case OPT_COMPARE:
		opts->compare = true;
		break;
	case OPT_SHELL:
		opts->shell = true;
		break;
	case OPT_NAME:
		if (!*optarg) /* an empty label would leave the report's line unnamed */
			return err_set(err, "empty --name: give a label, or leave out --name to "
				       "name the command by its line");
		if (add_string(&opts->names, &opts->n_names, optarg, err))
			return -1;
		break;
	case OPT_PREPARE:
	case OPT_PRE:
		opts->prepare = optarg;
		opts->prepare_option = c == OPT_PRE ? "--pre" : "--prepare";
		break;
	case OPT_POST:
		opts->post = optarg;
		break;
	case 'S':
		opts->sync = true;
		break;
	case OPT_CLEANUP:
		opts->cleanup = optarg;
		break;
	case OPT_IGNORE_FAILURE:
		opts->ignore_failure = true;
		break;
	case OPT_ORDER: {
		static const char *const orders[] = { "interleaved", "random" };
		int order = 0;

		if (set_choice(&order, optarg, "--order", orders, 2, "interleaved or random", err))
			return -1;
		opts->shuffle = order == 1;
		break;
	}
	case OPT_SEED:
		if (parse_count(&opts->seed, optarg, "seed", 0, ~0ull, err))
			return -1;
		opts->seed_given = true;
		break;
	case OPT_REFERENCE:
		opts->reference = optarg;
		break;
	case OPT_THRESHOLD:
		opts->threshold_given = true;
		if (parse_percent(&opts->threshold_pct, optarg, "--threshold", err))
			return -1;
		break;
	case OPT_SORT:
		opts->sort = optarg;
		break;
	case OPT_BASELINE:
		opts->baseline = optarg;
		break;
	case OPT_FAIL_IF:
		if (add_fail_if(opts, optarg, err))
			return -1;
		break;
	case 'q':
		opts->quiet = opts->no_progress = true;
		break;
	case 'v':
		opts->verbose = true;
		break;
	case OPT_NO_PROGRESS:
		opts->no_progress = true;
		break;
	case OPT_COLOR: {
		static const char *const colors[] = { "auto", "always", "never" };
		int color = 0;

		if (set_choice(&color, optarg, "--color", colors, 3, "auto, always or never", err))
			return -1;
		opts->color = (enum options_color)color;
		break;
	}
	case 'p':
		return add_ids(&opts->pids, &opts->n_pids, optarg, "-p", err);
	case 't':
		return add_ids(&opts->tids, &opts->n_tids, optarg, "-t", err);
	case 'a':
		opts->all_cpus = true;
		break;
	case 'C':
		if (!*optarg)
			return err_set(err, "empty CPU list after '-C': give CPUs as in -C 0,2-3");
		opts->cpu_list = optarg;
		break;
	case 'G':
	case OPT_FOR_EACH_CGROUP:
		/* perf's -G pairs each cgroup with the event before it; hpstat's counts every
		 * event in each cgroup, as perf's --for-each-cgroup does. */
		if (!*optarg)
			return err_set(err, "empty cgroup list after '%.*s': give cgroup v2 names, "
				       "as in -G system.slice/ssh.service,user.slice",
				       (int)strcspn(word, "="), word);
		return add_string(&opts->cgroup_lists, &opts->n_cgroup_lists, optarg, err);
	case 'A':
		return set_aggr(opts, OPTIONS_AGGR_CPU, err);
	case OPT_PER_CORE:
		return set_aggr(opts, OPTIONS_AGGR_CORE, err);
	case OPT_PER_SOCKET:
		return set_aggr(opts, OPTIONS_AGGR_SOCKET, err);
	case OPT_PER_THREAD:
		return set_aggr(opts, OPTIONS_AGGR_THREAD, err);
	case 'I': {
		unsigned long long ms;

		/* Each interval reads every counter and prints a block: shorter ones would be
		 * hpstat's own work more than the command's. A number below the least says so;
		 * anything else out of range names the range that is taken. */
		if (parse_count(&ms, optarg, "interval (milliseconds)", OPTIONS_MIN_INTERVAL_MS,
				86400000, err)) {
			if (parse_count(&ms, optarg, "", 0, OPTIONS_MIN_INTERVAL_MS - 1,
					&(struct hp_err){ 0 }) == 0)
				return err_set(err, "interval %llu ms is too short: hpstat reads and "
					       "prints every counter each interval, which would perturb "
					       "what it counts; give -I %u or more", ms,
					       OPTIONS_MIN_INTERVAL_MS);
			return -1;
		}
		opts->interval_ms = (unsigned)ms;
		break;
	}
	case OPT_INTERVAL_COUNT:
		if (parse_runs(&opts->interval_count, optarg, "interval count", 1, err))
			return -1;
		break;
	case 'i':
		opts->no_inherit = true;
		break;
	case 'D':
		return parse_delay(&opts->delay_ms, optarg, err);
	case OPT_TIMEOUT: {
		unsigned long long ms;

		if (parse_count(&ms, optarg, "timeout (milliseconds)", 1, 86400000ull * 365, err))
			return -1;
		opts->timeout_ms = (unsigned)ms;
		break;
	}
	case OPT_CONTROL:
		if (!*optarg)
			return err_set(err, "empty '--control': write env, fifo:CTL[,ACK] or "
				       "fd:CTL[,ACK]");
		opts->control = optarg;
		break;
	case 'h':
		opts->action = OPTIONS_HELP;
		return 1;
	case 'V':
		opts->action = OPTIONS_VERSION;
		return 1;
	default: /* a refused option, or '?' or ':' */
		if (refuse(c, word, err))
			return -1;
		return bad_option(c, word, optopt, err);
	}
	return 0;
}

/* '+': stop at the first non-option, so the command's own options stay its own. */
#define SHORT_OPTIONS "+:e:r:o:x:L:w:nqlhVp:t:aC:G:AI:iD:BjdSM:Tgvb"

static int check_comparing(struct options *opts, struct hp_err *err);
static int check_lines(char *const *lines, struct hp_err *err);
static int check_output(const struct options *opts, struct hp_err *err);
static int check_doctor(const struct options *opts, const char *word, struct hp_err *err);
static int check_counting(struct options *opts, bool has_command, struct hp_err *err);

int options_parse(struct options *opts, int argc, char **argv, struct hp_err *err)
{
	struct option all[N_LONG + N_REFUSED + 1];
	int c, ret, word;

	memset(opts, 0, sizeof(*opts));
	all_long_options(all);
	opts->runs = 1;
	opts->big_num = true;
	opts->log_fd = -1;
	opts->prepare_option = "--prepare";
	opts->threshold_pct = 1.0;
	opterr = 0;  /* getopt's own messages would not follow our format */
	optind = 0;  /* 0, not 1: glibc then also forgets a half-read cluster such as -hV */
	for (;;) {
		/* The word getopt reads now: with '+' it permutes nothing, and inside a cluster
		 * optind stays on the cluster until its last letter is read. */
		word = optind ? optind : 1;
		c = getopt_long(argc, argv, SHORT_OPTIONS, all, NULL);
		if (c == -1) {
			/* --list runs no command: its one word, the pattern, may stand among the
			 * options ("--list cache --csv"), so parsing goes on after it. */
			if (opts->action == OPTIONS_LIST && optind < argc && !opts->list_pattern) {
				opts->list_pattern = argv[optind++];
				continue;
			}
			break;
		}
		if (c == 'L') {
			/* -L NAME VALUES: getopt knows one value; the second is the next word. */
			if (optind >= argc)
				return err_set(err, "option '-L' needs a name and a comma-separated "
					       "list of values, as in -L N 64,256,1024");
			if (param_add(opts, optarg, argv[optind++], err))
				return -1;
			continue;
		}
		ret = apply_option(opts, c, word < argc ? argv[word] : "", err);
		if (ret)
			return ret < 0 ? -1 : 0;
	}
	if (check_output(opts, err))
		return -1;
	if (opts->list_supported && opts->action != OPTIONS_LIST)
		return err_set(err, "'--supported' goes with '--list'");
	if (opts->action == OPTIONS_LIST) {
		if (!opts->list_pattern && optind < argc)
			opts->list_pattern = argv[optind++]; /* after "--" */
		if (optind < argc)
			return err_set(err, "'--list' takes one pattern: '%s' is one too many",
				       argv[optind]);
		if (opts->format == OPTIONS_PERF_CSV)
			return err_set(err, "'--list' prints text, '--csv' or '--json', not '-x'");
		if (opts->format == OPTIONS_PERF_JSON)
			return err_set(err, "'--list' prints text, '--csv' or '--json', not '-j'");
		if (opts->format == OPTIONS_PROMETHEUS || opts->format == OPTIONS_OPENMETRICS)
			return err_set(err, "'--list' prints text, '--csv' or '--json', not %s",
				       opts->format == OPTIONS_PROMETHEUS ? "'--prometheus'" :
				       "'--openmetrics'");
		if (opts->quiet)
			return err_set(err, "'--list' prints the listing asked for: leave out -q");
		if (opts->push_url)
			return err_set(err, "'--list' measures nothing to push: leave out --push");
		if (opts->n_event_lists || opts->n_metric_lists)
			return err_set(err, "'--list' takes a pattern, not -e or -M: as in 'hpstat "
				       "--list %s'", opts->n_event_lists ? opts->event_lists[0] :
				       opts->metric_lists[0]);
		return 0;
	}
	if (opts->action == OPTIONS_DOCTOR)
		return check_doctor(opts, optind < argc ? argv[optind] : NULL, err);
	if (check_comparing(opts, err) || check_counting(opts, optind < argc, err))
		return -1;
	if (optind >= argc && options_attaching(opts))
		return 0; /* counting what runs already, until it ends or Ctrl-C */
	if (optind >= argc && opts->compare)
		return err_set(err, "no commands given: usage is 'hpstat --compare [OPTIONS] "
			       "'COMMAND LINE' 'COMMAND LINE'...'");
	if (optind >= argc)
		return err_set(err, "no command given: usage is 'hpstat [OPTIONS] COMMAND [ARGS...]'");
	opts->command = argv + optind;
	return opts->compare ? check_lines(opts->command, err) : 0;
}

/* Whether word is one of hpstat's own options as it would be written: -e, --name or
 * --name=VALUE. */
static bool is_option(const char *word)
{
	size_t i, len;

	if (word[0] == '-' && word[1] && word[1] != '-' && word[1] != ':' && word[1] != '+' &&
	    !word[2])
		return strchr(SHORT_OPTIONS, word[1]) != NULL;
	if (strncmp(word, "--", 2) != 0)
		return false;
	len = strcspn(word + 2, "=");
	for (i = 0; i < N_LONG; i++)
		if (strlen(long_options[i].name) == len &&
		    strncmp(long_options[i].name, word + 2, len) == 0)
			return true;
	return false;
}

/* Options end at the first command line: with --compare an option among the lines ("A
 * --name b B") would be run as a command called --name, so it is refused up front. */
static int check_lines(char *const *lines, struct hp_err *err)
{
	size_t i;

	for (i = 0; lines[i]; i++)
		if (is_option(lines[i]))
			return err_set(err, "option '%s' is among the command lines: give every "
				       "option before the first command line", lines[i]);
	return 0;
}

/* The null run counts nothing: options about events are refused, not ignored. */
static int check_null(const struct options *opts, struct hp_err *err)
{
	const char *option = opts->n_event_lists		   ? "-e" :
			     opts->detailed			   ? "-d" :
			     opts->modes == OPTIONS_MODES_USER	   ? "--all-user" :
			     opts->modes == OPTIONS_MODES_KERNEL   ? "--all-kernel" :
			     opts->no_scale			   ? "--no-scale" :
			     opts->metric_only			   ? "--metric-only" :
			     opts->n_metric_lists		   ? "-M" :
			     opts->topdown_level > 1		   ? "--td-level" :
			     opts->topdown_level		   ? "--topdown" :
								     NULL;

	if (option)
		return err_set(err, "'--null' counts no events: leave out %s, or --null", option);
	if (opts->format == OPTIONS_PERF_CSV || opts->format == OPTIONS_PERF_JSON)
		return err_set(err, "'--null' leaves perf's %s format nothing to print (it has no "
			       "times): use --csv or --json",
			       opts->format == OPTIONS_PERF_CSV ? "-x" : "-j");
	return 0;
}

/* --metric-only: one table of the derived metrics of the whole measurement. */
static int check_metric_only(const struct options *opts, struct hp_err *err)
{
	if (opts->format == OPTIONS_JSON)
		return err_set(err, "'--metric-only' shapes the text, --csv, -x and -j reports: "
			       "--json always carries every metric");
	if (opts->no_metrics)
		return err_set(err, "'--metric-only' prints only the derived metrics, which "
			       "'--no-metrics' turns off: give one");
	if (opts->interval_ms)
		return err_set(err, "'--metric-only' prints one table for the whole measurement, "
			       "not -I intervals (their columns could change from one to the next)");
	if (opts->per_run || opts->stats)
		return err_set(err, "'--metric-only' leaves the counts out: it does not go with "
			       "%s", opts->per_run ? "--per-run" : "--stats");
	return 0;
}

/* --prometheus and --openmetrics: one exposition of sums over the runs, which a scraper reads
 * whole; with -I, a file kept up to date for node_exporter's textfile collector. */
static int check_exposition(const struct options *opts, struct hp_err *err)
{
	const char *format = opts->format == OPTIONS_PROMETHEUS ? "--prometheus" :
								  "--openmetrics";

	if (opts->per_run || opts->stats || opts->metric_only)
		return err_set(err, "'%s' does not go with %s: an exposition holds counters "
			       "summed over the runs, and every metric", opts->per_run ?
			       "--per-run" : opts->stats ? "--stats" : "--metric-only", format);
	if (opts->append)
		return err_set(err, "'--append' would make two expositions of one file, which no "
			       "scraper reads: leave it out, and %s -o replaces the file", format);
	if (!opts->interval_ms)
		return 0;
	if (!opts->output_path || strcmp(opts->output_path, "-") == 0)
		return err_set(err, "'-I' with %s keeps a file up to date, replaced whole each "
			       "interval, for node_exporter's textfile collector: add -o FILE "
			       "(not standard output)", format);
	if (opts->runs > 1)
		return err_set(err, "'-I' with %s keeps one measurement's counters in its file: "
			       "leave out -r", format);
	return 0;
}

/* The output options: what cannot go together, said plainly instead of ignored. */
static int check_output(const struct options *opts, struct hp_err *err)
{
	const char *perf_format = opts->format == OPTIONS_PERF_CSV  ? "-x" :
				  opts->format == OPTIONS_PERF_JSON ? "-j" :
								      NULL;
	bool exposition = opts->format == OPTIONS_PROMETHEUS ||
			  opts->format == OPTIONS_OPENMETRICS;

	if (opts->append && !opts->output_path)
		return err_set(err, "'--append' needs '-o FILE' to append to");
	/* A second document after the first is no JSON, and a second header row in the
	 * middle of the records is no CSV table: no reader takes either file. */
	if (opts->append && opts->format == OPTIONS_JSON)
		return err_set(err, "'--append' would put two JSON documents in one file, which "
			       "no JSON reader takes: write each result to a file of its own "
			       "(or use -j, a JSON object a line)");
	if (opts->append && opts->format == OPTIONS_CSV)
		return err_set(err, "'--append' would put a second header row in the middle of the "
			       "CSV records: write each result to a file of its own");
	if (opts->n_labels && !exposition && !opts->push_url)
		return err_set(err, "'--label' labels the series of --prometheus, --openmetrics "
			       "and --push: add one of them");
	if (exposition && check_exposition(opts, err))
		return -1;
	/* The machine formats always carry every statistic; perf's formats have no place for
	 * per-run values. */
	if (opts->stats && opts->format == OPTIONS_PERF_JSON)
		return err_set(err, "'--stats' is for the text report: --csv and --json always "
			       "carry every statistic, -j has no place for them");
	if (opts->stats && opts->format != OPTIONS_TEXT)
		return err_set(err, "'--stats' is for the text report: --csv and --json always "
			       "carry every statistic, -x has no place for them");
	if (opts->per_run && perf_format)
		return err_set(err, "'--per-run' does not fit perf's %s format: use --csv or --json",
			       perf_format);
	/* --csv --per-run is its own table, of the whole's runs: one table a file. */
	if (opts->per_run && opts->format == OPTIONS_CSV &&
	    (opts->interval_ms || opts->aggr != OPTIONS_AGGR_ALL || opts->n_cgroup_lists))
		return err_set(err, "'--per-run' with --csv is a table of the runs of the whole, "
			       "which has no place for %s: use --json, which holds both",
			       opts->interval_ms ? "-I's intervals" : "rows per CPU, core, thread "
			       "or cgroup");
	if (opts->null && check_null(opts, err))
		return -1;
	if (opts->table && opts->format != OPTIONS_TEXT)
		return err_set(err, "'--table' is for the text report: --json always holds each "
			       "run's elapsed time, --csv with --per-run; %s", perf_format ?
			       "perf's formats have no place for it" : "leave out --table");
	if (opts->table && opts->runs < 2)
		return err_set(err, "'--table' shows each run of -r N: add -r 2 or more");
	if (opts->metric_only && check_metric_only(opts, err))
		return -1;
	if (opts->interval_clear && !opts->interval_ms)
		return err_set(err, "'--interval-clear' clears the terminal between intervals: add "
			       "-I MSEC");
	if (opts->interval_clear && opts->format != OPTIONS_TEXT)
		return err_set(err, "'--interval-clear' is for the text report, not --csv, --json, "
			       "-x or -j");
	if (opts->summary == OPTIONS_SUMMARY_WORD && !opts->interval_ms)
		return err_set(err, "'--summary' goes with -I: the total follows the intervals "
			       "(hpstat prints it anyway; -x then marks it 'summary')");
	if (opts->summary == OPTIONS_SUMMARY_NONE &&
	    (opts->format != OPTIONS_PERF_CSV || !opts->interval_ms))
		return err_set(err, "'--no-csv-summary' shapes perf's -x lines of the total after "
			       "-I intervals: add -x SEP and -I MSEC");
	return 0;
}

bool options_attaching(const struct options *opts)
{
	return opts->n_pids || opts->n_tids || opts->all_cpus || opts->cpu_list ||
	       opts->n_cgroup_lists;
}

/* The Pushgateway sets job on every series it holds to the push's job, over what the series
 * carried: a --label job= would be lost silently. An instance belongs in the grouping: as a
 * label only, the push of another instance to the same job replaces this one's series whole
 * (the gateway keeps one group per job and grouping). */
static int check_push_labels(const struct options *opts, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < opts->n_labels; i++) {
		const char *label = opts->labels[i];

		if (strncmp(label, "job=", 4) == 0)
			return err_set(err, "invalid --label name 'job' with --push: the gateway "
				       "sets job to the push's job; give --push-job %s instead",
				       label + 4);
		if (strncmp(label, "instance=", 9) == 0)
			return err_set(err, "invalid --label name 'instance' with --push: another "
				       "instance's push to the job would replace its series; give "
				       "--push-group %s instead", label);
	}
	return 0;
}

/* --push and its company: the job and grouping labels only with a gateway to send to. */
static int check_push(const struct options *opts, struct hp_err *err)
{
	struct push_label label;
	const char *own;
	size_t i;
	char *url;

	if (!opts->push_url && (opts->push_job || opts->n_push_groups))
		return err_set(err, "'%s' names what --push sends: give --push URL too",
			       opts->push_job ? "--push-job" : "--push-group");
	if (!opts->push_url)
		return 0;
	if (opts->push_job && !*opts->push_job)
		return err_set(err, "empty --push-job: name the job, or leave it out for the "
			       "command's name");
	/* A typo in the gateway's address is said now, not after a long measurement. */
	if (push_url(opts->push_url, "hpstat", NULL, 0, &url, err))
		return -1;
	free(url);
	for (i = 0; i < opts->n_push_groups; i++) {
		size_t key_len = strcspn(opts->push_groups[i], "="), k;

		if (push_label_parse(opts->push_groups[i], &label, err))
			return -1;
		/* The gateway refuses series that carry a label of their grouping. */
		if (own_label(label.key, key_len, &own))
			return err_set(err, "grouping label '%s': hpstat's series carry that "
				       "label themselves; choose another name", own);
		if ((own = reserved_label(label.key, key_len)))
			return err_set(err, "grouping label '%.*s': Prometheus keeps it for %s; "
				       "choose another name", (int)key_len, label.key, own);
		for (k = 0; k < opts->n_labels; k++)
			if (strncmp(opts->labels[k], label.key, key_len + 1) == 0)
				return err_set(err, "'%.*s' is both a --label and a --push-group: the "
					       "gateway takes a label once; give it as one of them",
					       (int)key_len, label.key);
	}
	return check_push_labels(opts, err);
}

/* What, where and when to count: combinations that cannot mean anything, said plainly. */
static int check_counting(struct options *opts, bool has_command, struct hp_err *err)
{
	bool threads = opts->n_pids || opts->n_tids,
	     cpus = opts->all_cpus || opts->cpu_list || opts->n_cgroup_lists;

	if (check_push(opts, err))
		return -1;

	if (opts->no_metrics && (opts->n_metric_lists || opts->topdown_level))
		return err_set(err, "'%s' is for the metrics '--no-metrics' turns off: give one",
			       opts->n_metric_lists ? "-M" : "--topdown");

	if (threads && opts->n_cgroup_lists)
		return err_set(err, "'-G' counts cgroups on whole CPUs: it cannot go with -p or -t "
			       "(a process moved into a cgroup is counted there)");
	/* A part is one label of one kind in every format: a cgroup's row cannot be split by
	 * CPU as well. */
	if (opts->n_cgroup_lists && opts->aggr != OPTIONS_AGGR_ALL &&
	    opts->aggr != OPTIONS_AGGR_THREAD)
		return err_set(err, "'-G' gives a row per cgroup: it cannot also split them per "
			       "CPU, core or socket (-A, --per-core, --per-socket); with -C LIST they "
			       "are counted on those CPUs only");
	if (threads && cpus)
		return err_set(err, "'-p'/'-t' and '-a'/'-C' cannot be combined: CPUs already "
			       "count every process on them");
	if (opts->all_cpus && opts->cpu_list)
		return err_set(err, "'-a' and '-C' both choose CPUs: give one");
	if ((opts->aggr == OPTIONS_AGGR_CPU || opts->aggr == OPTIONS_AGGR_CORE ||
	     opts->aggr == OPTIONS_AGGR_SOCKET) && !cpus)
		return err_set(err, "a row per CPU, core or socket needs CPUs to count: add -a "
			       "or -C LIST");
	if (opts->aggr == OPTIONS_AGGR_THREAD && !threads)
		return err_set(err, "'--per-thread' needs threads to count: add -p PID or -t TID");
	if (opts->interval_count && !opts->interval_ms)
		return err_set(err, "'--interval-count' counts intervals: add -I MSEC");
	if (opts->delay_ms == -1 && !opts->control)
		return err_set(err, "'-D -1' starts counting disabled until an 'enable' comes "
			       "through --control: add --control");
	if (!has_command && !threads && !cpus)
		return 0; /* "no command given" says it */
	if (opts->delay_ms && !has_command)
		return err_set(err, "'-D' delays counting after a command starts: give a command");
	if (opts->control && !has_command)
		return err_set(err, "'--control' lets a command turn counting on and off: give a "
			       "command");
	if (!has_command && opts->runs > 1)
		return err_set(err, "'-r' repeats a command: give one, or count once");
	if (opts->null && (threads || cpus || opts->interval_ms || opts->control ||
			   opts->delay_ms))
		return err_set(err, "'--null' counts nothing: it cannot go with -p, -t, -a, -C, "
			       "-G, -I, -D or --control");
	if (options_comparing(opts) && (threads || cpus || opts->interval_ms || opts->control ||
					opts->delay_ms || opts->aggr != OPTIONS_AGGR_ALL ||
					opts->timeout_ms || opts->no_inherit))
		return err_set(err, "-p, -t, -a, -C, -G, -A, --per-*, -I, -D, -i, --timeout and "
			       "--control are for one command's measurement, not a comparison");
	return 0;
}

/* --doctor reads the machine and measures nothing: what would measure is refused, not
 * ignored. word is the first word after the options, NULL when there is none. */
static int check_doctor(const struct options *opts, const char *word, struct hp_err *err)
{
	if (word)
		return err_set(err, "'--doctor' runs no command: '%s' is one too many", word);
	if (opts->n_event_lists || opts->null || opts->n_metric_lists || opts->topdown_level)
		return err_set(err, "'--doctor' counts no events: leave out -e, -M, --topdown and "
			       "--null");
	if (opts->detailed || opts->modes != OPTIONS_MODES_AS_NAMED || opts->no_scale ||
	    opts->metric_only)
		return err_set(err, "'--doctor' counts no events: leave out -d, --all-user, "
			       "--all-kernel, --no-scale and --metric-only");
	if (opts->runs > 1 || opts->warmup)
		return err_set(err, "'--doctor' runs nothing: leave out -r and -w");
	if (opts->prepare || opts->post || opts->cleanup || opts->sync)
		return err_set(err, "'--doctor' runs nothing: leave out --pre, --prepare, --post, "
			       "--cleanup and -S");
	if (opts->quiet)
		return err_set(err, "'--doctor' prints its findings: leave out -q");
	if (opts->push_url)
		return err_set(err, "'--doctor' measures nothing to push: leave out --push");
	if (options_attaching(opts) || options_comparing(opts) || opts->interval_ms ||
	    opts->interval_count || opts->control || opts->delay_ms || opts->timeout_ms ||
	    opts->aggr != OPTIONS_AGGR_ALL || opts->no_inherit)
		return err_set(err, "'--doctor' measures nothing: leave out -p, -t, -a, -C, -G, "
			       "-A, --per-*, -I, --interval-count, -i, -D, --timeout, --control, "
			       "--compare and --baseline");
	if (opts->format == OPTIONS_CSV || opts->format == OPTIONS_PERF_CSV)
		return err_set(err, "'--doctor' prints text or '--json', not '--csv' or '-x'");
	if (opts->format == OPTIONS_PERF_JSON)
		return err_set(err, "'--doctor' prints text or '--json', not '-j'");
	if (opts->format == OPTIONS_PROMETHEUS || opts->format == OPTIONS_OPENMETRICS)
		return err_set(err, "'--doctor' prints text or '--json', not %s",
			       opts->format == OPTIONS_PROMETHEUS ? "'--prometheus'" :
			       "'--openmetrics'");
	if (opts->output_path)
		return err_set(err, "'--doctor' writes to standard output: leave out -o");
	return 0;
}

bool options_comparing(const struct options *opts)
{
	return opts->compare || opts->n_params || opts->baseline;
}

/* What only makes sense when comparing, or only alone, said plainly instead of ignored. */
static int check_comparing(struct options *opts, struct hp_err *err)
{
	static const char *const need_several[] = { "--reference", "--sort", "--shell",
						    "--name", "--order random", "--threshold",
						    "--ignore-failure" };
	const bool given[] = { opts->reference, opts->sort, opts->shell, opts->n_names,
			       opts->shuffle, opts->threshold_given, opts->ignore_failure };
	size_t i;

	if (opts->n_params)
		opts->compare = true; /* each word after the options is a command line to expand */
	if (opts->seed_given && !opts->shuffle)
		return err_set(err, "'--seed' chooses a random order: add '--order random'");
	if (!options_comparing(opts)) {
		for (i = 0; i < sizeof(given) / sizeof(given[0]); i++)
			if (given[i])
				return err_set(err, "'%s' is for comparing commands: add --compare "
					       "(or -L, or --baseline FILE)", need_several[i]);
		if (opts->n_fail_if)
			return err_set(err, "'--fail-if' needs something to compare with: "
				       "--baseline FILE, or --compare");
		return 0;
	}
	/* A gate that cannot judge must not pass: one run has no interval. */
	if (opts->n_fail_if && opts->runs < 2)
		return err_set(err, "'--fail-if' needs -r 2 or more: one run gives no interval "
			       "to judge a change by");
	if (opts->format == OPTIONS_PERF_CSV)
		return err_set(err, "perf's -x format has no place for a comparison: use --csv "
			       "or --json");
	if (opts->format == OPTIONS_PERF_JSON)
		return err_set(err, "perf's -j format has no place for a comparison: use --csv "
			       "or --json");
	if (opts->table || opts->metric_only)
		return err_set(err, "'%s' is for one command's report: a comparison's --json holds "
			       "every run and every metric of every command",
			       opts->table ? "--table" : "--metric-only");
	if (opts->per_run && opts->format != OPTIONS_JSON)
		return err_set(err, "'--per-run' with a comparison: its --json holds every run of "
			       "every command, in the order they ran");
	if (opts->stats)
		return err_set(err, "'--stats' is for one command's report: a comparison shows each "
			       "mean's standard error and each change's interval already");
	if (opts->reference && opts->baseline)
		return err_set(err, "'--reference' and '--baseline' both choose what to compare "
			       "against: give one");
	return 0;
}

void options_release(struct options *opts)
{
	size_t i;

	for (i = 0; i < opts->n_fail_if; i++)
		free(opts->fail_if[i].quantity);
	free(opts->fail_if);
	free(opts->event_lists);
	free(opts->metric_lists);
	free(opts->push_groups);
	free(opts->labels);
	free(opts->names);
	free(opts->param_names);
	free(opts->param_values);
	free(opts->pids);
	free(opts->tids);
	free(opts->cgroup_lists);
	memset(opts, 0, sizeof(*opts));
}
