/* options.c - getopt_long over argv into struct options, with strict value checks. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

enum {
	OPT_NO_METRICS = 256,
	OPT_CSV,
	OPT_JSON,
	OPT_PER_RUN,
	OPT_STATS,
	OPT_APPEND,
	OPT_BIG_NUM,
	OPT_NO_BIG_NUM,
	OPT_SUPPORTED,
};

static const struct option long_options[] = {
	{ .name = "event", .has_arg = required_argument, .val = 'e' },
	{ .name = "repeat", .has_arg = required_argument, .val = 'r' },
	{ .name = "output", .has_arg = required_argument, .val = 'o' },
	{ .name = "no-metrics", .has_arg = no_argument, .val = OPT_NO_METRICS },
	{ .name = "csv", .has_arg = no_argument, .val = OPT_CSV },
	{ .name = "json", .has_arg = no_argument, .val = OPT_JSON },
	{ .name = "field-separator", .has_arg = required_argument, .val = 'x' },
	{ .name = "per-run", .has_arg = no_argument, .val = OPT_PER_RUN },
	{ .name = "stats", .has_arg = no_argument, .val = OPT_STATS },
	{ .name = "append", .has_arg = no_argument, .val = OPT_APPEND },
	{ .name = "big-num", .has_arg = no_argument, .val = OPT_BIG_NUM },
	{ .name = "no-big-num", .has_arg = no_argument, .val = OPT_NO_BIG_NUM },
	{ .name = "list", .has_arg = no_argument, .val = 'l' },
	{ .name = "supported", .has_arg = no_argument, .val = OPT_SUPPORTED },
	{ .name = "help", .has_arg = no_argument, .val = 'h' },
	{ .name = "version", .has_arg = no_argument, .val = 'V' },
	{ 0 },
};

const char *options_usage(void)
{
	return "Usage: hpstat [OPTIONS] [--] COMMAND [ARGS...]\n"
	       "Run COMMAND, count hardware and software events while it runs, and report\n"
	       "the mean of all runs with its spread and derived metrics (like perf stat).\n"
	       "\n"
	       "Options:\n"
	       "  -e, --event LIST   events to count, comma-separated; may repeat; {a,b} is a\n"
	       "                     group, @name a preset (see hpstat-events(5))\n"
	       "                     (default: task-clock,context-switches,cpu-migrations,\n"
	       "                     page-faults,cycles,instructions,branches,branch-misses)\n"
	       "  -r, --repeat N     run COMMAND N times and report the mean (default 1)\n"
	       "  -o, --output FILE  write the report to FILE instead of stderr ('-': stdout)\n"
	       "      --append       add the report to FILE instead of replacing it\n"
	       "      --no-metrics   no derived metrics and no added partner events\n"
	       "\n"
	       "Output:\n"
	       "      --csv          CSV with a header row and fixed columns (RFC 4180)\n"
	       "      --json         one JSON document with every statistic\n"
	       "  -x, --field-separator SEP\n"
	       "                     perf stat -x's fields, separated by SEP\n"
	       "      --per-run      every run's values too (a table in the text report)\n"
	       "      --stats        text report: add stddev, min, median, max, 95% CI\n"
	       "      --big-num      thousands separators in the text report (default)\n"
	       "      --no-big-num   no thousands separators\n"
	       "\n"
	       "Listing:\n"
	       "  -l, --list [PATTERN]\n"
	       "                     list the events and presets that can be named (those\n"
	       "                     containing PATTERN); with --csv or --json as data\n"
	       "      --supported    with --list: only events that count on this machine\n"
	       "\n"
	       "  -h, --help         show this help and exit\n"
	       "  -V, --version      show the version and exit\n"
	       "\n"
	       "Options end at COMMAND: 'hpstat ls -l' passes -l to ls.\n"
	       "Exit status: COMMAND's own; 128+N if it was killed by signal N; 126 if it\n"
	       "cannot be executed, 127 if it is not found; 125 for hpstat's own errors;\n"
	       "130 after Ctrl-C. See hpstat(1).\n";
}

/* Accepts only a plain decimal number in [1, OPTIONS_MAX_RUNS]: strtoul alone would take
 * "-3" (wrapping it), leading spaces and trailing junk. */
static int parse_runs(unsigned *runs, const char *text, struct hp_err *err)
{
	const char *p;
	unsigned long value;
	char *end;

	for (p = text; *p; p++)
		if (*p < '0' || *p > '9')
			return err_set(err, "invalid run count '%s': give a whole number from 1 to %u",
				       text, OPTIONS_MAX_RUNS);
	if (!*text)
		return err_set(err, "empty run count: give a whole number from 1 to %u",
			       OPTIONS_MAX_RUNS);
	errno = 0;
	value = strtoul(text, &end, 10);
	if (errno || value < 1 || value > OPTIONS_MAX_RUNS)
		return err_set(err, "run count '%s' out of range: give a whole number from 1 to %u",
			       text, OPTIONS_MAX_RUNS);
	*runs = (unsigned)value;
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
	};

	if (opts->format != OPTIONS_TEXT && opts->format != format)
		return err_set(err, "'%s' and '%s' cannot be combined: choose one output format",
			       names[opts->format], option);
	opts->format = format;
	return 0;
}

static int add_event_list(struct options *opts, const char *list, struct hp_err *err)
{
	const char **grown;

	grown = realloc(opts->event_lists, (opts->n_event_lists + 1) * sizeof(*grown));
	if (!grown)
		return err_set(err, "out of memory");
	grown[opts->n_event_lists++] = list;
	opts->event_lists = grown;
	return 0;
}

/* Applies option c (from getopt_long, which was reading word) to opts: 0 to go on, 1 to stop
 * parsing (help, version), -1 with err set. */
static int apply_option(struct options *opts, int c, const char *word, struct hp_err *err)
{
	switch (c) {
	case 'e':
		if (add_event_list(opts, optarg, err))
			return -1;
		break;
	case 'r':
		if (parse_runs(&opts->runs, optarg, err))
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
			return err_set(err, "empty field separator after '-x'");
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
	case OPT_APPEND:
		opts->append = true;
		break;
	case OPT_BIG_NUM:
		opts->big_num = true;
		break;
	case OPT_NO_BIG_NUM:
		opts->big_num = false;
		break;
	case 'l':
		opts->action = OPTIONS_LIST;
		break;
	case OPT_SUPPORTED:
		opts->list_supported = true;
		break;
	case 'h':
		opts->action = OPTIONS_HELP;
		return 1;
	case 'V':
		opts->action = OPTIONS_VERSION;
		return 1;
	default: /* '?' or ':' */
		return bad_option(c, word, optopt, err);
	}
	return 0;
}

int options_parse(struct options *opts, int argc, char **argv, struct hp_err *err)
{
	int c, ret, word;

	memset(opts, 0, sizeof(*opts));
	opts->runs = 1;
	opts->big_num = true;
	opterr = 0;  /* getopt's own messages would not follow our format */
	optind = 0;  /* 0, not 1: glibc then also forgets a half-read cluster such as -hV */
	/* '+': stop at the first non-option, so the command's own options stay its own. */
	for (;;) {
		/* The word getopt reads now: with '+' it permutes nothing, and inside a cluster
		 * optind stays on the cluster until its last letter is read. */
		word = optind ? optind : 1;
		c = getopt_long(argc, argv, "+:e:r:o:x:lhV", long_options, NULL);
		if (c == -1) {
			/* --list runs no command: its one word, the pattern, may stand among the
			 * options ("--list cache --csv"), so parsing goes on after it. */
			if (opts->action == OPTIONS_LIST && optind < argc && !opts->list_pattern) {
				opts->list_pattern = argv[optind++];
				continue;
			}
			break;
		}
		ret = apply_option(opts, c, word < argc ? argv[word] : "", err);
		if (ret)
			return ret < 0 ? -1 : 0;
	}
	if (opts->append && !opts->output_path)
		return err_set(err, "'--append' needs '-o FILE' to append to");
	/* Said plainly rather than ignored: the machine formats always carry every statistic,
	 * and perf's -x format has no place for per-run values. */
	if (opts->stats && opts->format != OPTIONS_TEXT)
		return err_set(err, "'--stats' is for the text report: --csv and --json always "
			       "carry every statistic, -x has no place for them");
	if (opts->per_run && opts->format == OPTIONS_PERF_CSV)
		return err_set(err, "'--per-run' does not fit perf's -x format: use --csv or --json");
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
		return 0;
	}
	if (optind >= argc)
		return err_set(err, "no command given: usage is 'hpstat [OPTIONS] COMMAND [ARGS...]'");
	opts->command = argv + optind;
	return 0;
}

void options_release(struct options *opts)
{
	free(opts->event_lists);
	opts->event_lists = NULL;
	opts->n_event_lists = 0;
}
