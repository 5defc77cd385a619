/* check_options.c - Check unit tests for the command-line parser (src/options.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"

#define RUNS_HINT "give a whole number from 1 to 1000000"

/* Parses a NULL-terminated argv; the error message starts empty so a stale one shows. */
static int parse(struct options *o, char **argv, struct hp_err *err)
{
	int argc = 0;

	while (argv[argc])
		argc++;
	err->msg[0] = '\0';
	return options_parse(o, argc, argv, err);
}

static void assert_fails(char **argv, const char *want)
{
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), -1);
	ck_assert_str_eq(err.msg, want);
	options_release(&o);
}

static void assert_runs(const char *value, unsigned want)
{
	char *argv[] = { "hpstat", "-r", (char *)value, "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_msg(parse(&o, argv, &err) == 0, "-r '%s': %s", value, err.msg);
	ck_assert_uint_eq(o.runs, want);
	options_release(&o);
}

START_TEST(test_defaults)
{
	char *argv[] = { "hpstat", "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_RUN);
	ck_assert_uint_eq(o.runs, 1);
	ck_assert_ptr_null(o.event_lists);
	ck_assert_uint_eq(o.n_event_lists, 0);
	ck_assert_ptr_null(o.output_path);
	ck_assert(!o.no_metrics);
	ck_assert_ptr_eq(o.command, argv + 1);
	ck_assert_str_eq(o.command[0], "true");
	ck_assert_ptr_null(o.command[1]);
	options_release(&o);
}
END_TEST

/* Every -e is kept, in order, pointing into argv; short, attached and long forms alike. */
START_TEST(test_event_repeated)
{
	char *argv[] = { "hpstat", "-e", "cycles,instructions", "-ebranches",
			 "--event", "{a,b}:u", "--event=page-faults", "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_uint_eq(o.n_event_lists, 4);
	ck_assert_ptr_eq(o.event_lists[0], argv[2]);
	ck_assert_str_eq(o.event_lists[1], "branches");
	ck_assert_str_eq(o.event_lists[2], "{a,b}:u");
	ck_assert_str_eq(o.event_lists[3], "page-faults");
	ck_assert_str_eq(o.command[0], "true");
	options_release(&o);
	ck_assert_ptr_null(o.event_lists);
	ck_assert_uint_eq(o.n_event_lists, 0);
}
END_TEST

START_TEST(test_runs_accepted)
{
	char *attached[] = { "hpstat", "-r7", "true", NULL };
	char *longer[] = { "hpstat", "--repeat=12", "true", NULL };
	struct options o;
	struct hp_err err;

	assert_runs("1", 1);
	assert_runs("1000000", 1000000);
	assert_runs("5", 5);
	assert_runs("007", 7);
	ck_assert_int_eq(parse(&o, attached, &err), 0);
	ck_assert_uint_eq(o.runs, 7);
	options_release(&o);
	ck_assert_int_eq(parse(&o, longer, &err), 0);
	ck_assert_uint_eq(o.runs, 12);
	options_release(&o);
}
END_TEST

START_TEST(test_runs_rejected)
{
	char *zero[] = { "hpstat", "-r", "0", "true", NULL };
	char *over[] = { "hpstat", "-r", "1000001", "true", NULL };
	char *huge[] = { "hpstat", "-r", "99999999999999", "true", NULL };
	char *beyond_ulong[] = { "hpstat", "-r", "99999999999999999999999", "true", NULL };
	char *negative[] = { "hpstat", "-r", "-3", "true", NULL };
	char *letters[] = { "hpstat", "-r", "abc", "true", NULL };
	char *empty[] = { "hpstat", "-r", "", "true", NULL };
	char *junk[] = { "hpstat", "-r", "5x", "true", NULL };
	char *space[] = { "hpstat", "-r", " 5", "true", NULL };
	char *plus[] = { "hpstat", "--repeat", "+5", "true", NULL };

	assert_fails(zero, "run count '0' out of range: " RUNS_HINT);
	assert_fails(over, "run count '1000001' out of range: " RUNS_HINT);
	assert_fails(huge, "run count '99999999999999' out of range: " RUNS_HINT);
	assert_fails(beyond_ulong, "run count '99999999999999999999999' out of range: " RUNS_HINT);
	assert_fails(negative, "invalid run count '-3': " RUNS_HINT);
	assert_fails(letters, "invalid run count 'abc': " RUNS_HINT);
	assert_fails(empty, "empty run count: " RUNS_HINT);
	assert_fails(junk, "invalid run count '5x': " RUNS_HINT);
	assert_fails(space, "invalid run count ' 5': " RUNS_HINT);
	assert_fails(plus, "invalid run count '+5': " RUNS_HINT);
}
END_TEST

START_TEST(test_output_and_no_metrics)
{
	char *argv[] = { "hpstat", "-o", "out.txt", "--no-metrics", "true", NULL };
	char *longer[] = { "hpstat", "--output=x.log", "true", NULL };
	char *empty[] = { "hpstat", "-o", "", "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_str_eq(o.output_path, "out.txt");
	ck_assert(o.no_metrics);
	options_release(&o);
	ck_assert_int_eq(parse(&o, longer, &err), 0);
	ck_assert_str_eq(o.output_path, "x.log");
	ck_assert(!o.no_metrics);
	options_release(&o);
	assert_fails(empty, "empty output file name after '-o'");
}
END_TEST

/* -h and -V act at once: no command is needed, and what follows is not looked at. */
START_TEST(test_help_and_version)
{
	char *h[] = { "hpstat", "-h", NULL };
	char *help[] = { "hpstat", "-r", "3", "--help", "--bogus", NULL };
	char *v[] = { "hpstat", "-V", NULL };
	char *version[] = { "hpstat", "--version", "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, h, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_HELP);
	options_release(&o);
	ck_assert_int_eq(parse(&o, help, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_HELP);
	options_release(&o);
	ck_assert_int_eq(parse(&o, v, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_VERSION);
	options_release(&o);
	ck_assert_int_eq(parse(&o, version, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_VERSION);
	options_release(&o);
	ck_assert_ptr_nonnull(strstr(options_usage(), "Usage: hpstat"));
}
END_TEST

/* Options end at the command: "-l" and "-e" after "ls" are ls's own. */
START_TEST(test_options_end_at_command)
{
	char *argv[] = { "hpstat", "-r", "2", "ls", "-l", "-e", "x", "--help", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_str_eq(err.msg, "");
	ck_assert_int_eq(o.action, OPTIONS_RUN);
	ck_assert_uint_eq(o.runs, 2);
	ck_assert_uint_eq(o.n_event_lists, 0);
	ck_assert_ptr_eq(o.command, argv + 3);
	ck_assert_str_eq(o.command[0], "ls");
	ck_assert_str_eq(o.command[1], "-l");
	ck_assert_str_eq(o.command[2], "-e");
	ck_assert_str_eq(o.command[4], "--help");
	ck_assert_ptr_null(o.command[5]);
	options_release(&o);
}
END_TEST

/* "--" ends the options, so a command may start with a dash; a later "--" is the command's. */
START_TEST(test_double_dash)
{
	char *argv[] = { "hpstat", "-e", "cycles", "--", "-weird", "--", "-h", NULL };
	char *only[] = { "hpstat", "--", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_RUN);
	ck_assert_uint_eq(o.n_event_lists, 1);
	ck_assert_ptr_eq(o.command, argv + 4);
	ck_assert_str_eq(o.command[0], "-weird");
	ck_assert_str_eq(o.command[1], "--");
	ck_assert_str_eq(o.command[2], "-h");
	options_release(&o);
	assert_fails(only, "no command given: usage is 'hpstat [OPTIONS] COMMAND [ARGS...]'");
}
END_TEST

START_TEST(test_missing_command)
{
	char *bare[] = { "hpstat", NULL };
	char *options_only[] = { "hpstat", "-e", "cycles", "-r", "3", NULL };

	assert_fails(bare, "no command given: usage is 'hpstat [OPTIONS] COMMAND [ARGS...]'");
	assert_fails(options_only,
		     "no command given: usage is 'hpstat [OPTIONS] COMMAND [ARGS...]'");
}
END_TEST

START_TEST(test_unknown_option)
{
	char *shortopt[] = { "hpstat", "-Z", "true", NULL };
	char *longopt[] = { "hpstat", "--bogus", "true", NULL };
	char *longval[] = { "hpstat", "--bogus=1", "true", NULL };

	assert_fails(shortopt, "unknown option '-Z'; see 'hpstat --help'");
	assert_fails(longopt, "unknown option '--bogus'; see 'hpstat --help'");
	/* The option's name, without the value the user attached to it. */
	assert_fails(longval, "unknown option '--bogus'; see 'hpstat --help'");
}
END_TEST

/* A value given to an option that takes none is named as the option the user wrote. getopt
 * reports it with optopt set to the option's val: 256 for --no-metrics (printed with %c it
 * would cut the message short), 'h' for --help (which would blame a "-h" never written). */
/* An option quoted in a message may hold a line break; the message stays one line. */
START_TEST(test_message_one_line)
{
	char *argv[] = { "hpstat", "--bo\ngus", "true", NULL };

	assert_fails(argv, "unknown option '--bo gus'; see 'hpstat --help'");
}
END_TEST

START_TEST(test_value_for_flag_option)
{
	char *no_metrics[] = { "hpstat", "--no-metrics=1", "true", NULL };
	char *help[] = { "hpstat", "--help=1", "true", NULL };
	char *version[] = { "hpstat", "--version=x", "true", NULL };

	assert_fails(no_metrics, "option '--no-metrics' takes no value");
	assert_fails(help, "option '--help' takes no value");
	assert_fails(version, "option '--version' takes no value");
}
END_TEST

/* What getopt is reading decides the message, not argv[optind - 1], which inside a cluster
 * of short options is still the word before it. Three cases, each told apart: an unknown
 * short option in a cluster, an unknown long option, a long option given a value it does not
 * take (abbreviated or not). */
START_TEST(test_unknown_in_cluster)
{
	char *after_long[] = { "hpstat", "--json", "-YV", "true", NULL };
	char *after_value[] = { "hpstat", "--output=x", "-lZ", "true", NULL };
	char *last_in_cluster[] = { "hpstat", "--csv", "-lY", "true", NULL };
	char *long_after_cluster[] = { "hpstat", "-l", "--bogus=2", NULL };
	char *abbreviated[] = { "hpstat", "-l", "--vers=2", "true", NULL };
	char *cluster_then_long[] = { "hpstat", "-lY", "--json=1", NULL };

	assert_fails(after_long, "unknown option '-Y'; see 'hpstat --help'");
	assert_fails(after_value, "unknown option '-Z'; see 'hpstat --help'");
	assert_fails(last_in_cluster, "unknown option '-Y'; see 'hpstat --help'");
	assert_fails(long_after_cluster, "unknown option '--bogus'; see 'hpstat --help'");
	assert_fails(abbreviated, "option '--version' takes no value");
	assert_fails(cluster_then_long, "unknown option '-Y'; see 'hpstat --help'");
}
END_TEST

/* A short option that needs a value is named alone, not with the cluster it ends. */
START_TEST(test_missing_value_in_cluster)
{
	char *cluster[] = { "hpstat", "--json", "-le", NULL };
	char *abbreviated[] = { "hpstat", "--rep", NULL };

	assert_fails(cluster, "option '-e' needs a value; see 'hpstat --help'");
	assert_fails(abbreviated, "option '--repeat' needs a value; see 'hpstat --help'");
}
END_TEST

START_TEST(test_option_missing_value)
{
	char *e[] = { "hpstat", "-e", NULL };
	char *r[] = { "hpstat", "-r", NULL };
	char *o[] = { "hpstat", "-o", NULL };
	char *repeat[] = { "hpstat", "--repeat", NULL };
	char *event[] = { "hpstat", "--event", NULL };

	assert_fails(e, "option '-e' needs a value; see 'hpstat --help'");
	assert_fails(r, "option '-r' needs a value; see 'hpstat --help'");
	assert_fails(o, "option '-o' needs a value; see 'hpstat --help'");
	assert_fails(repeat, "option '--repeat' needs a value; see 'hpstat --help'");
	assert_fails(event, "option '--event' needs a value; see 'hpstat --help'");
}
END_TEST

/* A required value is taken even when it looks like an option or a command. */
START_TEST(test_value_taken_verbatim)
{
	char *argv[] = { "hpstat", "-e", "-r", "-o", "--", "true", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_uint_eq(o.n_event_lists, 1);
	ck_assert_str_eq(o.event_lists[0], "-r");
	ck_assert_str_eq(o.output_path, "--");
	ck_assert_str_eq(o.command[0], "true");
	options_release(&o);
}
END_TEST

/* options_parse resets getopt's global state, so repeated calls (one per test, or a later
 * caller) do not see the previous argv. The hazard is a parse that stopped inside a cluster
 * of short options ("-hV", "-Zq"): getopt remembers where in that word it was. */
START_TEST(test_repeated_calls_independent)
{
	char *first[] = { "hpstat", "-r", "4", "-e", "a", "true", NULL };
	char *second[] = { "hpstat", "-e", "b", "false", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, first, &err), 0);
	ck_assert_uint_eq(o.runs, 4);
	options_release(&o);
	ck_assert_int_eq(parse(&o, second, &err), 0);
	ck_assert_uint_eq(o.runs, 1);
	ck_assert_uint_eq(o.n_event_lists, 1);
	ck_assert_str_eq(o.event_lists[0], "b");
	ck_assert_str_eq(o.command[0], "false");
	options_release(&o);
}
END_TEST

START_TEST(test_reset_after_stop_inside_cluster)
{
	char *help_cluster[] = { "hpstat", "-hV", NULL };
	char *bad_cluster[] = { "hpstat", "-Zq", "true", NULL };
	char *plain[] = { "hpstat", "-e", "x", "ls", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, help_cluster, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_HELP);
	options_release(&o);
	ck_assert_msg(parse(&o, plain, &err) == 0 && o.action == OPTIONS_RUN,
		      "after '-hV': action %d, error '%s'", (int)o.action, err.msg);
	options_release(&o);

	assert_fails(bad_cluster, "unknown option '-Z'; see 'hpstat --help'");
	ck_assert_msg(parse(&o, plain, &err) == 0 && o.action == OPTIONS_RUN,
		      "after '-Zq': error '%s'", err.msg);
	ck_assert_str_eq(o.command[0], "ls");
	options_release(&o);
}
END_TEST

START_TEST(test_attach_without_command)
{
	char *argv[] = { "hpstat", "-p", "12,34", "-p", "56", "-I", "250", "--interval-count",
			 "4", "--per-thread", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_msg(parse(&o, argv, &err) == 0, "%s", err.msg);
	ck_assert_ptr_null(o.command);
	ck_assert_uint_eq(o.n_pids, 3);
	ck_assert_int_eq(o.pids[0], 12);
	ck_assert_int_eq(o.pids[1], 34);
	ck_assert_int_eq(o.pids[2], 56);
	ck_assert_uint_eq(o.interval_ms, 250);
	ck_assert_uint_eq(o.interval_count, 4);
	ck_assert_int_eq(o.aggr, OPTIONS_AGGR_THREAD);
	ck_assert(options_attaching(&o));
	options_release(&o);
}
END_TEST

START_TEST(test_system_wide_with_command)
{
	char *argv[] = { "hpstat", "-C", "0,2-3", "-A", "-i", "-D", "-1", "--control", "env",
			 "--timeout", "1500", "--", "sleep", "1", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_msg(parse(&o, argv, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(o.cpu_list, "0,2-3");
	ck_assert_int_eq(o.aggr, OPTIONS_AGGR_CPU);
	ck_assert(o.no_inherit);
	ck_assert_int_eq(o.delay_ms, -1);
	ck_assert_str_eq(o.control, "env");
	ck_assert_uint_eq(o.timeout_ms, 1500);
	ck_assert_str_eq(o.command[0], "sleep");
	options_release(&o);
}
END_TEST

/* -G, --cgroup and --for-each-cgroup are one option: each list kept as given, in order (the
 * names are parsed where they are opened); system-wide, so no command is needed. */
START_TEST(test_cgroups)
{
	char *argv[] = { "hpstat", "-G", "system.slice/ssh.service,/user.slice", "--cgroup=A",
			 "--for-each-cgroup", "/", "-C", "1", "-I", "100", NULL };
	char *with_a[] = { "hpstat", "-a", "-GB", "--", "sleep", "1", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_msg(parse(&o, argv, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(o.n_cgroup_lists, 3);
	ck_assert_str_eq(o.cgroup_lists[0], "system.slice/ssh.service,/user.slice");
	ck_assert_str_eq(o.cgroup_lists[1], "A");
	ck_assert_str_eq(o.cgroup_lists[2], "/");
	ck_assert_str_eq(o.cpu_list, "1");
	ck_assert_ptr_null(o.command);
	ck_assert(options_attaching(&o));
	options_release(&o);
	ck_assert_msg(parse(&o, with_a, &err) == 0, "%s", err.msg);
	ck_assert(o.all_cpus);
	ck_assert_uint_eq(o.n_cgroup_lists, 1);
	ck_assert_str_eq(o.cgroup_lists[0], "B");
	ck_assert_str_eq(o.command[0], "sleep");
	options_release(&o);
}
END_TEST

START_TEST(test_cgroups_rejected)
{
	char *empty[] = { "hpstat", "-G", "", "true", NULL };
	char *empty_long[] = { "hpstat", "--for-each-cgroup=", "true", NULL };
	char *missing[] = { "hpstat", "true", "-G", NULL };
	char *with_pid[] = { "hpstat", "-G", "A", "-p", "1", NULL };
	char *with_tid[] = { "hpstat", "-t", "1", "--cgroup", "A", NULL };
	char *per_cpu[] = { "hpstat", "-G", "A", "-A", "true", NULL };
	char *per_socket[] = { "hpstat", "-G", "A", "--per-socket", "true", NULL };
	char *per_thread[] = { "hpstat", "-G", "A", "--per-thread", "true", NULL };
	char *null[] = { "hpstat", "-n", "-G", "A", "true", NULL };
	char *repeat[] = { "hpstat", "-G", "A", "-r", "2", NULL };
	char *no_value[] = { "hpstat", "-G", NULL };
	char *no_value_long[] = { "hpstat", "--for-each-cgroup", NULL };
	struct options o;
	struct hp_err err;

	assert_fails(empty, "empty cgroup list after '-G': give cgroup v2 names, as in "
		     "-G system.slice/ssh.service,user.slice");
	assert_fails(empty_long, "empty cgroup list after '--for-each-cgroup': give cgroup v2 "
		     "names, as in -G system.slice/ssh.service,user.slice");
	/* After the command, -G is the command's own. */
	ck_assert_msg(parse(&o, missing, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(o.n_cgroup_lists, 0);
	ck_assert_str_eq(o.command[1], "-G");
	options_release(&o);
	assert_fails(with_pid, "'-G' counts cgroups on whole CPUs: it cannot go with -p or -t (a "
		     "process moved into a cgroup is counted there)");
	assert_fails(with_tid, "'-G' counts cgroups on whole CPUs: it cannot go with -p or -t (a "
		     "process moved into a cgroup is counted there)");
	assert_fails(per_cpu, "'-G' gives a row per cgroup: it cannot also split them per CPU, "
		     "core or socket (-A, --per-core, --per-socket); with -C LIST they are counted "
		     "on those CPUs only");
	assert_fails(per_socket, "'-G' gives a row per cgroup: it cannot also split them per "
		     "CPU, core or socket (-A, --per-core, --per-socket); with -C LIST they are "
		     "counted on those CPUs only");
	assert_fails(per_thread, "'--per-thread' needs threads to count: add -p PID or -t TID");
	assert_fails(null, "'--null' counts nothing: it cannot go with -p, -t, -a, -C, -G, -I, "
		     "-D or --control");
	assert_fails(repeat, "'-r' repeats a command: give one, or count once");
	assert_fails(no_value, "option '-G' needs a value; see 'hpstat --help'");
	assert_fails(no_value_long, "option '--for-each-cgroup' needs a value; see 'hpstat "
		     "--help'");
}
END_TEST

START_TEST(test_counting_rejected)
{
	char *bad_pid[] = { "hpstat", "-p", "12,x", NULL };
	char *empty_pid[] = { "hpstat", "-p", "12,", NULL };
	char *pid_zero[] = { "hpstat", "-t", "0", NULL };
	char *both[] = { "hpstat", "-p", "1", "-a", NULL };
	char *a_and_c[] = { "hpstat", "-a", "-C", "1", NULL };
	char *aggr_twice[] = { "hpstat", "-a", "-A", "--per-core", NULL };
	char *per_cpu_alone[] = { "hpstat", "-A", "true", NULL };
	char *per_thread_cpus[] = { "hpstat", "-a", "--per-thread", NULL };
	char *short_interval[] = { "hpstat", "-I", "9", "true", NULL };
	char *long_interval[] = { "hpstat", "-I", "86400001", "true", NULL };
	char *bad_interval[] = { "hpstat", "-I", "1s", "true", NULL };
	char *count_alone[] = { "hpstat", "--interval-count", "3", "true", NULL };
	char *disabled_forever[] = { "hpstat", "-D", "-1", "true", NULL };
	char *bad_delay[] = { "hpstat", "-D", "-2", "true", NULL };
	char *delay_no_cmd[] = { "hpstat", "-a", "-D", "10", NULL };
	char *repeat_no_cmd[] = { "hpstat", "-a", "-r", "3", NULL };
	char *control_no_cmd[] = { "hpstat", "-a", "--control", "env", NULL };
	char *null_attach[] = { "hpstat", "-n", "-a", "true", NULL };
	char *compare_attach[] = { "hpstat", "--compare", "-I", "100", "true", "false", NULL };
	char *zero_timeout[] = { "hpstat", "--timeout", "0", "true", NULL };

	assert_fails(bad_pid, "invalid -p '12,x': 'x' is not a process id");
	assert_fails(empty_pid, "invalid -p '12,': give ids separated by commas, as in -p "
				"1234,5678");
	assert_fails(pid_zero, "invalid -t '0': '0' is not a process id");
	assert_fails(both, "'-p'/'-t' and '-a'/'-C' cannot be combined: CPUs already count "
			   "every process on them");
	assert_fails(a_and_c, "'-a' and '-C' both choose CPUs: give one");
	assert_fails(aggr_twice, "choose one of -A, --per-core, --per-socket and --per-thread");
	assert_fails(per_cpu_alone, "a row per CPU, core or socket needs CPUs to count: add -a "
				    "or -C LIST");
	assert_fails(per_thread_cpus, "'--per-thread' needs threads to count: add -p PID or "
				      "-t TID");
	assert_fails(short_interval, "interval 9 ms is too short: hpstat reads and prints every "
				     "counter each interval, which would perturb what it counts; "
				     "give -I 10 or more");
	/* the range named is the one taken: from 10, not 0 */
	assert_fails(long_interval, "interval (milliseconds) '86400001' out of range: give a "
				    "whole number from 10 to 86400000");
	assert_fails(bad_interval, "invalid interval (milliseconds) '1s': give a whole number "
				   "from 10 to 86400000");
	assert_fails(count_alone, "'--interval-count' counts intervals: add -I MSEC");
	assert_fails(disabled_forever, "'-D -1' starts counting disabled until an 'enable' "
				       "comes through --control: add --control");
	assert_fails(bad_delay, "invalid delay (milliseconds, or -1) '-2': give a whole number "
				"from 0 to 3600000");
	assert_fails(delay_no_cmd, "'-D' delays counting after a command starts: give a "
				   "command");
	assert_fails(repeat_no_cmd, "'-r' repeats a command: give one, or count once");
	assert_fails(control_no_cmd, "'--control' lets a command turn counting on and off: give "
				     "a command");
	assert_fails(null_attach, "'--null' counts nothing: it cannot go with -p, -t, -a, -C, "
				  "-G, -I, -D or --control");
	assert_fails(compare_attach, "-p, -t, -a, -C, -G, -A, --per-*, -I, -D, -i, --timeout "
				     "and --control are for one command's measurement, not a "
				     "comparison");
	assert_fails(zero_timeout, "timeout (milliseconds) '0' out of range: give a whole number "
				   "from 1 to 31536000000");
}
END_TEST

/* --doctor is an action like --list: text or --json, no command, nothing measured. */
START_TEST(test_doctor)
{
	char *text[] = { "hpstat", "--doctor", NULL };
	char *json[] = { "hpstat", "--json", "--doctor", NULL };
	struct options o;
	struct hp_err err;

	ck_assert_int_eq(parse(&o, text, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_DOCTOR);
	ck_assert_int_eq(o.format, OPTIONS_TEXT);
	ck_assert_ptr_null(o.command);
	options_release(&o);
	ck_assert_int_eq(parse(&o, json, &err), 0);
	ck_assert_int_eq(o.action, OPTIONS_DOCTOR);
	ck_assert_int_eq(o.format, OPTIONS_JSON);
	options_release(&o);
}
END_TEST

START_TEST(test_doctor_rejected)
{
	char *command[] = { "hpstat", "--doctor", "ls", "-l", NULL };
	char *event[] = { "hpstat", "--doctor", "-e", "cycles", NULL };
	char *runs[] = { "hpstat", "-r", "3", "--doctor", NULL };
	char *cpus[] = { "hpstat", "--doctor", "-a", NULL };
	char *no_aggr[] = { "hpstat", "--doctor", "-A", NULL };
	char *cgroup[] = { "hpstat", "--doctor", "-G", "A", NULL };
	char *csv[] = { "hpstat", "--doctor", "--csv", NULL };
	char *output[] = { "hpstat", "--doctor", "-o", "x", NULL };
	char *list[] = { "hpstat", "--list", "--doctor", NULL };
	char *list_after[] = { "hpstat", "--doctor", "-l", NULL };

	assert_fails(command, "'--doctor' runs no command: 'ls' is one too many");
	assert_fails(event, "'--doctor' counts no events: leave out -e, -M, --topdown and "
		     "--null");
	assert_fails(runs, "'--doctor' runs nothing: leave out -r and -w");
	assert_fails(cpus, "'--doctor' measures nothing: leave out -p, -t, -a, -C, -G, -A, "
		     "--per-*, -I, --interval-count, -i, -D, --timeout, --control, --compare and "
		     "--baseline");
	assert_fails(no_aggr, "'--doctor' measures nothing: leave out -p, -t, -a, -C, -G, -A, "
		     "--per-*, -I, --interval-count, -i, -D, --timeout, --control, --compare and "
		     "--baseline");
	assert_fails(cgroup, "'--doctor' measures nothing: leave out -p, -t, -a, -C, -G, -A, "
		     "--per-*, -I, --interval-count, -i, -D, --timeout, --control, --compare and "
		     "--baseline");
	assert_fails(csv, "'--doctor' prints text or '--json', not '--csv' or '-x'");
	assert_fails(output, "'--doctor' writes to standard output: leave out -o");
	assert_fails(list, "'--list' and '--doctor' are two things to do: give one");
	assert_fails(list_after, "'--list' and '--doctor' are two things to do: give one");
}
END_TEST

/* Parses argv, which must be accepted. */
static void parse_ok(struct options *o, char **argv)
{
	struct hp_err err;

	ck_assert_msg(parse(o, argv, &err) == 0, "%s: %s", argv[1], err.msg);
}

/* -L may repeat with other names; each name's list is kept with it, in order. */
START_TEST(test_parameter_lists)
{
	char *two[] = { "hpstat", "-L", "N", "1,2", "--parameter-list", "M", "a,b", "echo {N}{M}",
			NULL };
	char *twice[] = { "hpstat", "-L", "N", "1,2", "-L", "N", "3", "echo {N}", NULL };
	char *empty[] = { "hpstat", "-L", "", "1,2", "echo {N}", NULL };
	struct options o;

	parse_ok(&o, two);
	ck_assert(o.compare);
	ck_assert_uint_eq(o.n_params, 2);
	ck_assert_str_eq(o.param_names[0], "N");
	ck_assert_str_eq(o.param_values[0], "1,2");
	ck_assert_str_eq(o.param_names[1], "M");
	ck_assert_str_eq(o.param_values[1], "a,b");
	ck_assert_str_eq(o.command[0], "echo {N}{M}");
	options_release(&o);
	assert_fails(twice, "'-L N' is given twice: give each parameter one -L with all its "
		     "values, as in -L N 1,2,3");
	assert_fails(empty, "'-L' needs a name and a comma-separated list of values, as in -L N "
		     "64,256,1024");
}
END_TEST

/* With --compare an option among the command lines would be run as a command. */
START_TEST(test_option_among_lines)
{
	char *name[] = { "hpstat", "--compare", "--name", "a", "true", "--name", "b", "true 1",
			 NULL };
	char *joined[] = { "hpstat", "-L", "N", "1", "echo {N}", "--name=b", NULL };
	char *short_opt[] = { "hpstat", "--compare", "true", "-r", "3", NULL };
	char *dashes[] = { "hpstat", "--compare", "--", "--json", NULL };
	char *single[] = { "hpstat", "true", "--name", "x", NULL };
	char *unknown[] = { "hpstat", "--compare", "true", "--frobnicate", "-X", "-rr", NULL };
	struct options o;

	assert_fails(name, "option '--name' is among the command lines: give every option "
		     "before the first command line");
	assert_fails(joined, "option '--name=b' is among the command lines: give every option "
		     "before the first command line");
	assert_fails(short_opt, "option '-r' is among the command lines: give every option "
		     "before the first command line");
	assert_fails(dashes, "option '--json' is among the command lines: give every option "
		     "before the first command line");
	/* One command's own arguments stay its own, and words hpstat does not know are
	 * command lines (their run says what is wrong with them). */
	parse_ok(&o, single);
	ck_assert_str_eq(o.command[1], "--name");
	options_release(&o);
	parse_ok(&o, unknown);
	ck_assert_str_eq(o.command[1], "--frobnicate");
	options_release(&o);
}
END_TEST

/* Empty values that would name nothing or separate nothing say what to give instead. */
START_TEST(test_empty_values)
{
	char *name[] = { "hpstat", "--name", "", "--compare", "true", "false", NULL };
	char *sep[] = { "hpstat", "-x", "", "true", NULL };

	assert_fails(name, "empty --name: give a label, or leave out --name to name the command "
		     "by its line");
	assert_fails(sep, "empty field separator after '-x': give one or more characters, as in "
		     "-x, or -x ';'");
}
END_TEST

/* perf stat's spellings: -B, -j, --pre, -d, -S, --all-user... land where hpstat keeps them. */
START_TEST(test_perf_spellings)
{
	char *big[] = { "hpstat", "--no-big-num", "-B", "true", NULL };
	char *json[] = { "hpstat", "--json-output", "true", NULL };
	char *pre[] = { "hpstat", "--pre", "make", "--post", "rm x", "-S", "true", NULL };
	char *prepare[] = { "hpstat", "--prepare", "make", "true", NULL };
	char *detailed[] = { "hpstat", "-dd", "--detailed", "true", NULL };
	char *user[] = { "hpstat", "--all-user", "true", NULL };
	char *kernel[] = { "hpstat", "--all-kernel", "--all-kernel", "true", NULL };
	char *log[] = { "hpstat", "--log-fd", "3", "true", NULL };
	char *scale[] = { "hpstat", "--no-scale", "--scale", "true", NULL };
	char *no_scale[] = { "hpstat", "--scale", "--no-scale", "true", NULL };
	struct options o;

	parse_ok(&o, big);
	ck_assert(o.big_num);
	ck_assert_int_eq(o.log_fd, -1);
	ck_assert_int_eq(o.modes, OPTIONS_MODES_AS_NAMED);
	options_release(&o);
	parse_ok(&o, json);
	ck_assert_int_eq(o.format, OPTIONS_PERF_JSON);
	options_release(&o);
	parse_ok(&o, pre);
	ck_assert_str_eq(o.prepare, "make");
	ck_assert_str_eq(o.prepare_option, "--pre");
	ck_assert_str_eq(o.post, "rm x");
	ck_assert(o.sync);
	options_release(&o);
	parse_ok(&o, prepare);
	ck_assert_str_eq(o.prepare_option, "--prepare");
	ck_assert_ptr_null(o.post);
	options_release(&o);
	parse_ok(&o, detailed);
	ck_assert_uint_eq(o.detailed, 3);
	options_release(&o);
	parse_ok(&o, user);
	ck_assert_int_eq(o.modes, OPTIONS_MODES_USER);
	options_release(&o);
	parse_ok(&o, kernel);
	ck_assert_int_eq(o.modes, OPTIONS_MODES_KERNEL);
	options_release(&o);
	parse_ok(&o, log);
	ck_assert_int_eq(o.log_fd, 3);
	options_release(&o);
	parse_ok(&o, scale);
	ck_assert(!o.no_scale);
	options_release(&o);
	parse_ok(&o, no_scale);
	ck_assert(o.no_scale);
	options_release(&o);
}
END_TEST

/* -q is perf's: no report; it keeps the progress line away too, which --no-progress alone
 * does without silencing the report. */
START_TEST(test_quiet_and_progress)
{
	char *quiet[] = { "hpstat", "-q", "true", NULL };
	char *progress[] = { "hpstat", "--no-progress", "true", NULL };
	struct options o;

	parse_ok(&o, quiet);
	ck_assert(o.quiet && o.no_progress);
	options_release(&o);
	parse_ok(&o, progress);
	ck_assert(!o.quiet && o.no_progress);
	options_release(&o);
}
END_TEST

/* The report's shape: --table with runs, --metric-only, the -x total after -I. */
START_TEST(test_report_shapes)
{
	char *table[] = { "hpstat", "--table", "-r", "3", "true", NULL };
	char *metric_only[] = { "hpstat", "--metric-only", "-x,", "true", NULL };
	char *clear[] = { "hpstat", "-I", "100", "--interval-clear", "true", NULL };
	char *summary[] = { "hpstat", "-x,", "-I", "100", "--summary", "true", NULL };
	char *no_summary[] = { "hpstat", "-x,", "-I", "100", "--no-csv-summary", "--summary",
			       "true", NULL };
	struct options o;

	parse_ok(&o, table);
	ck_assert(o.table);
	options_release(&o);
	parse_ok(&o, metric_only);
	ck_assert(o.metric_only);
	ck_assert_int_eq(o.format, OPTIONS_PERF_CSV);
	options_release(&o);
	parse_ok(&o, clear);
	ck_assert(o.interval_clear);
	ck_assert_int_eq(o.summary, OPTIONS_SUMMARY_EMPTY);
	options_release(&o);
	parse_ok(&o, summary);
	ck_assert_int_eq(o.summary, OPTIONS_SUMMARY_WORD);
	options_release(&o);
	/* perf's --no-csv-summary wins over --summary, in either order. */
	parse_ok(&o, no_summary);
	ck_assert_int_eq(o.summary, OPTIONS_SUMMARY_NONE);
	options_release(&o);
}
END_TEST

/* perf stat's options hpstat does not have: refused by name with why, whatever follows. */
START_TEST(test_perf_options_refused)
{
	char *no_merge[] = { "hpstat", "--metric-no-merge", "true", NULL };
	char *cluster[] = { "hpstat", "-rv", "true", NULL };
	char *iostat[] = { "hpstat", "--iostat", "true", NULL };
	char *prefix[] = { "hpstat", "--per-d", "true", NULL };
	char *bpf_prog[] = { "hpstat", "-b", "42", "true", NULL };
	char *bpf_prog_long[] = { "hpstat", "--bpf-prog=42", "true", NULL };
	char *pfm_events[] = { "hpstat", "--pfm-events", "inst_retired", "true", NULL };

	assert_fails(no_merge, "perf stat's '--metric-no-merge' is not in hpstat: hpstat counts "
		     "an event that several chosen metrics share once");
	assert_fails(iostat, "perf stat's '--iostat' is not in hpstat: hpstat has no I/O "
		     "statistics of perf's x86 iostat PMUs");
	/* perf's -b (--bpf-prog ID): refused by name, its value ignored. */
	assert_fails(bpf_prog, "perf stat's '-b' (--bpf-prog) is not in hpstat: hpstat counts "
		     "processes, threads, CPUs and cgroups; a BPF program's events are not among "
		     "them");
	assert_fails(bpf_prog_long, "perf stat's '--bpf-prog' is not in hpstat: hpstat counts "
		     "processes, threads, CPUs and cgroups; a BPF program's events are not among "
		     "them");
	/* perf's --pfm-events LIST: libpfm4's names go in -e here. */
	assert_fails(pfm_events, "perf stat's '--pfm-events' is not in hpstat: hpstat takes "
		     "libpfm4's event names in -e itself: -e PMU::EVENT:UMASK, as in -e "
		     "amd64_fam19h_zen4::RETIRED_INSTRUCTIONS");
	/* -r takes "v" as its value: no refusal there, the value is refused. */
	assert_fails(cluster, "invalid run count 'v': give a whole number from 1 to 1000000");
	/* getopt's unique prefix finds the refused option too. */
	assert_fails(prefix, "perf stat's '--per-die' is not in hpstat: hpstat has rows per "
		     "CPU, core, socket and thread; use --per-socket or --per-core");
}
END_TEST

/* -M lists gather in order; --topdown is level 1, --td-level names the level. */
START_TEST(test_metric_groups)
{
	char *argv[] = { "hpstat", "-M", "TopdownL1", "--metrics=retiring,memory bound",
			 "--td-level", "2", "true", NULL };
	char *topdown[] = { "hpstat", "--td-level=2", "--topdown", "true", NULL };
	char *level0[] = { "hpstat", "--td-level", "0", "true", NULL };
	char *level3[] = { "hpstat", "--td-level=3", "true", NULL };
	char *null[] = { "hpstat", "-n", "--topdown", "true", NULL };
	struct options o;
	struct hp_err err = { .msg = "" };

	ck_assert_int_eq(parse(&o, argv, &err), 0);
	ck_assert_uint_eq(o.n_metric_lists, 2);
	ck_assert_str_eq(o.metric_lists[0], "TopdownL1");
	ck_assert_str_eq(o.metric_lists[1], "retiring,memory bound");
	ck_assert_uint_eq(o.topdown_level, 2);
	options_release(&o);
	/* --topdown after --td-level keeps the deeper level. */
	ck_assert_int_eq(parse(&o, topdown, &err), 0);
	ck_assert_uint_eq(o.topdown_level, 2);
	options_release(&o);
	assert_fails(level0, "top-down level '0' out of range: give a whole number from 1 to 2");
	assert_fails(level3, "top-down level '3' out of range: give a whole number from 1 to 2");
	assert_fails(null, "'--null' counts no events: leave out --topdown, or --null");
}
END_TEST

/* The new options' combinations that cannot mean anything, each said plainly. */
START_TEST(test_perf_options_conflicts)
{
	char *table_once[] = { "hpstat", "--table", "true", NULL };
	char *table_csv[] = { "hpstat", "--table", "-r", "2", "--csv", "true", NULL };
	char *detailed[] = { "hpstat", "-dddd", "true", NULL };
	char *modes[] = { "hpstat", "--all-user", "--all-kernel", "true", NULL };
	char *log_fd[] = { "hpstat", "--log-fd", "-1", "true", NULL };
	char *metric_json[] = { "hpstat", "--metric-only", "--json", "true", NULL };
	char *metric_none[] = { "hpstat", "--metric-only", "--no-metrics", "true", NULL };
	char *metric_stats[] = { "hpstat", "--metric-only", "--stats", "true", NULL };
	char *j_runs[] = { "hpstat", "-j", "--per-run", "true", NULL };
	char *j_x[] = { "hpstat", "-j", "-x,", "true", NULL };
	char *j_doctor[] = { "hpstat", "-j", "--doctor", NULL };
	char *null_modes[] = { "hpstat", "-n", "--all-kernel", "true", NULL };
	char *doctor_pre[] = { "hpstat", "--doctor", "--pre", "x", NULL };

	assert_fails(table_once, "'--table' shows each run of -r N: add -r 2 or more");
	assert_fails(table_csv, "'--table' is for the text report: --json always holds each "
		     "run's elapsed time, --csv with --per-run; leave out --table");
	assert_fails(detailed, "'-d' given more than 3 times: -ddd is the most detailed set");
	assert_fails(modes, "'--all-user' and '--all-kernel' cannot be combined: leave both out "
		     "to count both modes");
	assert_fails(log_fd, "invalid --log-fd descriptor '-1': give a whole number from 0 to "
		     "2147483647");
	assert_fails(metric_json, "'--metric-only' shapes the text, --csv, -x and -j reports: "
		     "--json always carries every metric");
	assert_fails(metric_none, "'--metric-only' prints only the derived metrics, which "
		     "'--no-metrics' turns off: give one");
	assert_fails(metric_stats, "'--metric-only' leaves the counts out: it does not go with "
		     "--stats");
	assert_fails(j_runs, "'--per-run' does not fit perf's -j format: use --csv or --json");
	assert_fails(j_x, "'-j' and '-x' cannot be combined: choose one output format");
	assert_fails(j_doctor, "'--doctor' prints text or '--json', not '-j'");
	assert_fails(null_modes, "'--null' counts no events: leave out --all-kernel, or --null");
	assert_fails(doctor_pre, "'--doctor' runs nothing: leave out --pre, --prepare, --post, "
		     "--cleanup and -S");
}
END_TEST

/* --prometheus and --openmetrics, with their labels in the order given. */
START_TEST(test_exposition_accepted)
{
	char *prom[] = { "hpstat", "--prometheus", "--label", "service=backup", "--label",
			 "Job_2=a=b \"c\"", "true", NULL };
	char *om[] = { "hpstat", "--openmetrics", "-a", "-I", "10000", "-o", "x.prom", NULL };
	struct options o;

	parse_ok(&o, prom);
	ck_assert_int_eq(o.format, OPTIONS_PROMETHEUS);
	ck_assert_uint_eq(o.n_labels, 2);
	ck_assert_str_eq(o.labels[0], "service=backup");
	ck_assert_str_eq(o.labels[1], "Job_2=a=b \"c\"");
	options_release(&o);
	parse_ok(&o, om);
	ck_assert_int_eq(o.format, OPTIONS_OPENMETRICS);
	ck_assert_uint_eq(o.interval_ms, 10000);
	options_release(&o);
}
END_TEST

#define LABEL_FAILS(text, want)                                                             \
	do {                                                                               \
		char *argv_[] = { "hpstat", "--prometheus", "--label", (text), "true", NULL };  \
		assert_fails(argv_, (want));                                               \
	} while (0)

/* A label name is Prometheus's grammar, neither Prometheus's own (__) nor hpstat's; a label
 * has one value, and not an empty one. */
START_TEST(test_label_rejected)
{
	char *twice[] = { "hpstat", "--prometheus", "--label", "a=1", "--label", "a=2", "true",
			  NULL };
	char *no_format[] = { "hpstat", "--label", "a=1", "--csv", "true", NULL };

	LABEL_FAILS("service", "invalid --label 'service': write KEY=VALUE, as in --label "
		    "service=backup");
	LABEL_FAILS("=x", "invalid --label '=x': write KEY=VALUE, as in --label service=backup");
	LABEL_FAILS("9lives=x", "invalid --label name '9lives': a label name is letters, digits "
		    "and '_', not starting with a digit");
	LABEL_FAILS("job-id=x", "invalid --label name 'job-id': a label name is letters, digits "
		    "and '_', not starting with a digit");
	LABEL_FAILS("__name__=x", "invalid --label name '__name__': names starting with '__' are "
		    "Prometheus's own");
	LABEL_FAILS("event=x", "invalid --label name 'event': hpstat sets that label itself; "
		    "choose another name");
	LABEL_FAILS("cpu=x", "invalid --label name 'cpu': hpstat sets that label itself; "
		    "choose another name");
	/* promtool refuses them on hpstat's counters and gauges. */
	LABEL_FAILS("le=0.5", "invalid --label name 'le': Prometheus keeps it for a histogram's "
		    "buckets; choose another name");
	LABEL_FAILS("quantile=0.9", "invalid --label name 'quantile': Prometheus keeps it for a "
		    "summary's quantiles; choose another name");
	LABEL_FAILS("team=", "invalid --label 'team=': give a value (an empty one is no label "
		    "to Prometheus)");
	assert_fails(twice, "--label 'a' given twice: a label takes one value");
	assert_fails(no_format, "'--label' labels the series of --prometheus, --openmetrics "
		     "and --push: add one of them");
	{
		char *job_alone[] = { "hpstat", "--push-job", "j", "true", NULL };
		char *group_own[] = { "hpstat", "--push", "http://gw", "--push-group", "event=x",
				      "true", NULL };
		char *label_job[] = { "hpstat", "--push", "http://gw", "--label", "job=nightly",
				      "true", NULL };
		char *label_instance[] = { "hpstat", "--push", "http://gw", "--label", "team=a",
					   "--label", "instance=ci-7", "true", NULL };
		char *group_le[] = { "hpstat", "--push", "http://gw", "--push-group", "le=1",
				     "true", NULL };
		char *group_label[] = { "hpstat", "--push", "http://gw", "--label", "team=a",
					"--push-group", "team=b", "true", NULL };
		char *group_job[] = { "hpstat", "--push", "http://gw", "--push-group", "job=x",
				      "true", NULL };
		char *list_push[] = { "hpstat", "--list", "--push", "http://gw", NULL };
		char *pushed[] = { "hpstat", "--push", "http://gw", "--label", "team=a",
				   "--push-job", "nightly", "--push-group", "branch=main", "true",
				   NULL };
		struct options o;
		struct hp_err e = { .msg = "" };

		assert_fails(job_alone, "'--push-job' names what --push sends: give --push URL too");
		assert_fails(group_own, "grouping label 'event': hpstat's series carry that label "
			     "themselves; choose another name");
		/* The gateway sets job itself; an instance is the grouping's. */
		assert_fails(label_job, "invalid --label name 'job' with --push: the gateway sets "
			     "job to the push's job; give --push-job nightly instead");
		assert_fails(label_instance, "invalid --label name 'instance' with --push: another "
			     "instance's push to the job would replace its series; give "
			     "--push-group instance=ci-7 instead");
		assert_fails(group_le, "grouping label 'le': Prometheus keeps it for a histogram's "
			     "buckets; choose another name");
		assert_fails(group_label, "'team' is both a --label and a --push-group: the gateway "
			     "takes a label once; give it as one of them");
		assert_fails(group_job, "'job=x' is no grouping label: write KEY=VALUE, KEY letters, "
			     "digits and '_' not starting with a digit or '__', and not 'job' "
			     "(--push-job names the job)");
		assert_fails(list_push, "'--list' measures nothing to push: leave out --push");
		/* --label goes with --push alone: the pushed series carry it. */
		ck_assert_int_eq(parse(&o, pushed, &e), 0);
		ck_assert_str_eq(o.push_url, "http://gw");
		ck_assert_str_eq(o.push_job, "nightly");
		ck_assert_uint_eq(o.n_push_groups, 1);
		ck_assert_str_eq(o.push_groups[0], "branch=main");
		options_release(&o);
	}
}
END_TEST

/* --csv --per-run is one table of the whole's runs: intervals or per-CPU rows would make a
 * second table in the stream. */
START_TEST(test_csv_per_run_is_one_table)
{
	char *intervals[] = { "hpstat", "--csv", "--per-run", "-I", "100", "true", NULL };
	char *cpus[] = { "hpstat", "--csv", "--per-run", "-A", "-a", NULL };

	assert_fails(intervals, "'--per-run' with --csv is a table of the runs of the whole, "
		     "which has no place for -I's intervals: use --json, which holds both");
	assert_fails(cpus, "'--per-run' with --csv is a table of the runs of the whole, which "
		     "has no place for rows per CPU, core, thread or cgroup: use --json, which "
		     "holds both");
}
END_TEST

/* --list lists by a pattern: an event list or -M is refused rather than ignored. */
START_TEST(test_list_takes_no_event_list)
{
	char *events[] = { "hpstat", "--list", "-e", "task-clock", NULL };
	char *metrics[] = { "hpstat", "--list", "-M", "IPC", NULL };

	assert_fails(events, "'--list' takes a pattern, not -e or -M: as in 'hpstat --list "
		     "task-clock'");
	assert_fails(metrics, "'--list' takes a pattern, not -e or -M: as in 'hpstat --list IPC'");
}
END_TEST

/* --append where the file would stop being one document: JSON and CSV. -x and -j (a
 * record, or an object, a line) and text take it. */
START_TEST(test_append_refused_where_it_breaks_the_file)
{
	char *json[] = { "hpstat", "--json", "--append", "-o", "f", "true", NULL };
	char *csv[] = { "hpstat", "--csv", "--append", "-o", "f", "true", NULL };
	char *perf_csv[] = { "hpstat", "-x,", "--append", "-o", "f", "true", NULL };
	char *perf_json[] = { "hpstat", "-j", "--append", "-o", "f", "true", NULL };
	struct options o;
	struct hp_err err;

	assert_fails(json, "'--append' would put two JSON documents in one file, which no JSON "
		     "reader takes: write each result to a file of its own (or use -j, a JSON "
		     "object a line)");
	assert_fails(csv, "'--append' would put a second header row in the middle of the CSV "
		     "records: write each result to a file of its own");
	ck_assert_int_eq(options_parse(&o, 6, perf_csv, &err), 0);
	options_release(&o);
	ck_assert_int_eq(options_parse(&o, 6, perf_json, &err), 0);
	options_release(&o);
}
END_TEST

/* What an exposition has no place for, and -I's file, said plainly. */
START_TEST(test_exposition_rejected)
{
	char *per_run[] = { "hpstat", "--openmetrics", "--per-run", "true", NULL };
	char *append[] = { "hpstat", "--prometheus", "--append", "-o", "f", "true", NULL };
	char *stdout_[] = { "hpstat", "--prometheus", "-a", "-I", "100", NULL };
	char *dash[] = { "hpstat", "--prometheus", "-a", "-I", "100", "-o", "-", NULL };
	char *repeat[] = { "hpstat", "--prometheus", "-I", "100", "-o", "f", "-r", "2", "true",
			   NULL };
	char *both[] = { "hpstat", "--prometheus", "--openmetrics", "true", NULL };
	char *list[] = { "hpstat", "--list", "--openmetrics", NULL };
	char *doctor[] = { "hpstat", "--doctor", "--prometheus", NULL };

	assert_fails(per_run, "'--per-run' does not go with --openmetrics: an exposition holds "
		     "counters summed over the runs, and every metric");
	assert_fails(append, "'--append' would make two expositions of one file, which no "
		     "scraper reads: leave it out, and --prometheus -o replaces the file");
	assert_fails(stdout_, "'-I' with --prometheus keeps a file up to date, replaced whole "
		     "each interval, for node_exporter's textfile collector: add -o FILE (not "
		     "standard output)");
	assert_fails(dash, "'-I' with --prometheus keeps a file up to date, replaced whole "
		     "each interval, for node_exporter's textfile collector: add -o FILE (not "
		     "standard output)");
	assert_fails(repeat, "'-I' with --prometheus keeps one measurement's counters in its "
		     "file: leave out -r");
	assert_fails(both, "'--prometheus' and '--openmetrics' cannot be combined: choose one "
		     "output format");
	assert_fails(list, "'--list' prints text, '--csv' or '--json', not '--openmetrics'");
	assert_fails(doctor, "'--doctor' prints text or '--json', not '--prometheus'");
}
END_TEST

static Suite *options_suite(void)
{
	Suite *s = suite_create("options");
	TCase *ok = tcase_create("accepted");
	TCase *bad = tcase_create("rejected");
	TCase *state = tcase_create("getopt-state");

	tcase_add_test(ok, test_defaults);
	tcase_add_test(ok, test_event_repeated);
	tcase_add_test(ok, test_runs_accepted);
	tcase_add_test(ok, test_output_and_no_metrics);
	tcase_add_test(ok, test_metric_groups);
	tcase_add_test(ok, test_help_and_version);
	tcase_add_test(ok, test_options_end_at_command);
	tcase_add_test(ok, test_double_dash);
	tcase_add_test(ok, test_value_taken_verbatim);
	tcase_add_test(ok, test_attach_without_command);
	tcase_add_test(ok, test_system_wide_with_command);
	tcase_add_test(ok, test_cgroups);
	tcase_add_test(ok, test_doctor);
	tcase_add_test(ok, test_perf_spellings);
	tcase_add_test(ok, test_quiet_and_progress);
	tcase_add_test(ok, test_report_shapes);
	tcase_add_test(ok, test_exposition_accepted);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_runs_rejected);
	tcase_add_test(bad, test_missing_command);
	tcase_add_test(bad, test_unknown_option);
	tcase_add_test(bad, test_value_for_flag_option);
	tcase_add_test(bad, test_message_one_line);
	tcase_add_test(bad, test_option_missing_value);
	tcase_add_test(bad, test_unknown_in_cluster);
	tcase_add_test(bad, test_missing_value_in_cluster);
	tcase_add_test(bad, test_counting_rejected);
	tcase_add_test(bad, test_cgroups_rejected);
	tcase_add_test(bad, test_doctor_rejected);
	tcase_add_test(bad, test_perf_options_refused);
	tcase_add_test(bad, test_label_rejected);
	tcase_add_test(bad, test_parameter_lists);
	tcase_add_test(bad, test_option_among_lines);
	tcase_add_test(bad, test_empty_values);
	tcase_add_test(bad, test_exposition_rejected);
	tcase_add_test(bad, test_append_refused_where_it_breaks_the_file);
	tcase_add_test(bad, test_list_takes_no_event_list);
	tcase_add_test(bad, test_csv_per_run_is_one_table);
	tcase_add_test(bad, test_perf_options_conflicts);
	suite_add_tcase(s, bad);

	tcase_add_test(state, test_repeated_calls_independent);
	tcase_add_test(state, test_reset_after_stop_inside_cluster);
	suite_add_tcase(s, state);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(options_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
