/* check_hpstat.c - integration tests: run the built hpstat on the tests/progs programs. */
/*
 * Needs two environment variables, set by `make check`:
 *   HPSTAT  path of the built src/hpstat
 *   PROGS   directory holding the built tests/progs programs
 * Without them every test fails: an integration suite that silently skips
 * proves nothing. Running hpstat and the scratch files: tests/run_hpstat.h.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <check.h>
#include <errno.h>
#include <linux/perf_event.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "run_hpstat.h"

#define MAX_ROWS	64

/* ---- parsing the text report ---------------------------------------------------------- */

enum row_state { ROW_COUNTED, ROW_NOT_SUPPORTED, ROW_NOT_COUNTED };

struct row {
	char name[64];
	enum row_state state;
	double value;		/* thousands separators removed; msec for clocks */
	bool added;		/* " [added]" after the name */
	bool noise;		/* "( +-  x.xx% )" column present */
	bool user_only;		/* shown as "name:u": the kernel allowed user mode only */
	char rest[256];		/* everything after the name: the metric text */
};

struct report {
	bool found;		/* a "Performance counter stats for" header was seen */
	bool interrupted;	/* "(interrupted)" or "(k of N runs)" */
	int runs_done, runs_total;
	int n_rows;
	struct row rows[MAX_ROWS];
	int failed, failed_of;	/* "F of N runs exited non-zero"; -1 when absent */
	bool elapsed;		/* a "seconds time elapsed" line */
};

static void header_parse(struct report *rep, const char *line)
{
	const char *paren;
	int k, n;

	rep->found = true;
	rep->runs_done = rep->runs_total = 1;
	/* The command itself may hold parentheses: the run count is the last group. */
	paren = strrchr(line, '(');
	if (!paren || !strstr(paren, "):"))
		return;
	if (strncmp(paren, "(interrupted)", 13) == 0) {
		rep->interrupted = true;
	} else if (sscanf(paren, "(%d of %d runs)", &k, &n) == 2) {
		rep->interrupted = true;
		rep->runs_done = k;
		rep->runs_total = n;
	} else if (sscanf(paren, "(%d runs)", &n) == 1) {
		rep->runs_done = rep->runs_total = n;
	}
}

/* One event line; returns false when the line is not one. */
static bool row_parse(struct row *row, const char *line)
{
	const char *p = line + strspn(line, " ");
	char num[64];
	size_t len = 0, n;

	memset(row, 0, sizeof(*row));
	if (strncmp(p, "<not supported>", 15) == 0) {
		row->state = ROW_NOT_SUPPORTED;
		p += 15;
	} else if (strncmp(p, "<not counted>", 13) == 0) {
		row->state = ROW_NOT_COUNTED;
		p += 13;
	} else {
		if (*p < '0' || *p > '9')
			return false;
		for (; (*p >= '0' && *p <= '9') || *p == ',' || *p == '.'; p++) {
			if (*p != ',' && len + 1 < sizeof(num))
				num[len++] = *p;
		}
		num[len] = '\0';
		if (*p != ' ')
			return false;
		row->state = ROW_COUNTED;
		row->value = strtod(num, NULL);
	}
	p += strspn(p, " ");
	if (strncmp(p, "msec ", 5) == 0)
		p += 5 + strspn(p + 5, " ");
	n = strcspn(p, " \n");
	if (n == 0 || n >= sizeof(row->name))
		return false;
	memcpy(row->name, p, n);
	row->name[n] = '\0';
	/* Not an event line: the elapsed/user/sys lines and "F of N runs exited non-zero". */
	if (strcmp(row->name, "seconds") == 0 || strcmp(row->name, "+-") == 0 ||
	    strcmp(row->name, "of") == 0)
		return false;
	p += n;
	/*
	 * Where perf_event_paranoid allows unprivileged users only user-mode
	 * counting, hpstat (like perf) shows "page-faults:u": the same event.
	 */
	if (n > 2 && strcmp(row->name + n - 2, ":u") == 0) {
		row->name[n - 2] = '\0';
		row->user_only = true;
	}
	if (strncmp(p, " [added]", 8) == 0) {
		row->added = true;
		p += 8;
	}
	n = strcspn(p, "\n");
	if (n >= sizeof(row->rest))
		n = sizeof(row->rest) - 1;
	memcpy(row->rest, p, n);
	row->rest[n] = '\0';
	row->noise = strstr(row->rest, "( +-") != NULL;
	return true;
}

/* Parses a whole text report (the first one in text). */
static void report_parse(struct report *rep, const char *text)
{
	const char *line = text;

	memset(rep, 0, sizeof(*rep));
	rep->failed = rep->failed_of = -1;
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char buf[1024];
		int f, of;

		if (len >= sizeof(buf))
			len = sizeof(buf) - 1;
		memcpy(buf, line, len);
		buf[len] = '\0';
		line = nl ? nl + 1 : NULL;

		if (strstr(buf, "Performance counter stats for '")) {
			if (rep->found)
				break;
			header_parse(rep, buf);
		} else if (!rep->found) {
			continue;
		} else if (strstr(buf, "seconds time elapsed")) {
			rep->elapsed = true;
		} else if (sscanf(buf, " %d of %d runs exited non-zero", &f, &of) == 2) {
			rep->failed = f;
			rep->failed_of = of;
		} else if (rep->n_rows < MAX_ROWS &&
			   row_parse(&rep->rows[rep->n_rows], buf)) {
			rep->n_rows++;
		}
	}
}

static const struct row *report_row(const struct report *rep, const char *name)
{
	for (int i = 0; i < rep->n_rows; i++)
		if (strcmp(rep->rows[i].name, name) == 0)
			return &rep->rows[i];
	return NULL;
}

/* The row for name, which must be there and counted. */
static const struct row *counted_row(const struct report *rep, const char *name,
				     const char *text)
{
	const struct row *row = report_row(rep, name);

	ck_assert_msg(row != NULL, "no '%s' line in the report:\n%s", name, text);
	ck_assert_msg(row->state == ROW_COUNTED, "'%s' was not counted:\n%s", name, text);
	return row;
}

/* Runs hpstat with the given args and returns the parsed stderr report, checking exit 0. */
#define HPSTAT_REPORT(r, rep, ...)							\
	do {										\
		HPSTAT_RUN((r), __VA_ARGS__);						\
		ck_assert_msg((r)->code == 0, "hpstat exited %d:\n%s", (r)->code,	\
			      (r)->err);						\
		report_parse((rep), (r)->err);						\
		ck_assert_msg((rep)->found, "no report on stderr:\n%s", (r)->err);	\
	} while (0)

/* ---- medians -------------------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- counts that are known ------------------------------------------------------------ */

static void check_touch_pages(const char *n_text, double n)
{
	char *touch_pages = prog("touch_pages");
	struct run_result r;
	struct report rep;
	const struct row *pf;

	HPSTAT_REPORT(&r, &rep, "-e", "page-faults", touch_pages, (char *)n_text);
	pf = counted_row(&rep, "page-faults", r.err);
	ck_assert_msg(pf->value >= n && pf->value <= n + 100,
		      "touch_pages %s: page-faults %.0f, expected %.0f..%.0f", n_text,
		      pf->value, n, n + 100);
	run_result_free(&r);
	free(touch_pages);
}

START_TEST(touch_pages_1000)
{
	check_touch_pages("1000", 1000);
}
END_TEST

START_TEST(touch_pages_5000)
{
	check_touch_pages("5000", 5000);
}
END_TEST

/* Median page-faults over runs runs of argv (which counts page-faults of /bin/true). */
static double median_true_faults(char *const argv[], int runs, const char *missing_hint)
{
	double v[9];

	ck_assert(runs <= 9);
	for (int i = 0; i < runs; i++) {
		struct run_result r;
		struct report rep;

		run_cmd(&r, argv);
		ck_assert_msg(!r.spawn_failed, "cannot start '%s': %s%s", argv[0],
			      strerror(r.spawn_errno), r.spawn_errno == ENOENT && missing_hint ?
			      missing_hint : "");
		ck_assert_msg(r.code == 0, "'%s' exited %d:\n%s", argv[0], r.code, r.err);
		report_parse(&rep, r.err);
		v[i] = counted_row(&rep, "page-faults", r.err)->value;
		run_result_free(&r);
	}
	return median(v, runs);
}

START_TEST(setup_not_counted)
{
	char *perf_argv[] = { "perf", "stat", "-e", "page-faults", "/bin/true", NULL };
	char *hp_argv[] = { (char *)hpstat_path(), "-e", "page-faults", "/bin/true", NULL };
	double perf = median_true_faults(perf_argv, 5, ": perf is this test's reference and "
					 "must be in PATH (Debian: apt-get install linux-perf)");
	double hp = median_true_faults(hp_argv, 5, NULL);

	ck_assert_msg(hp >= perf - 5 && hp <= perf + 5,
		      "/bin/true page-faults: hpstat median %.1f, perf median %.1f "
		      "(hpstat counts its own setup?)", hp, perf);
}
END_TEST

START_TEST(sleeper_context_switches)
{
	const double n = 100;
	char *sleeper = prog("sleeper");
	struct run_result r;
	struct report rep;
	const struct row *cs;

	HPSTAT_REPORT(&r, &rep, "-e", "context-switches", sleeper, "100");
	cs = counted_row(&rep, "context-switches", r.err);
	ck_assert_msg(!cs->user_only, "context-switches counted in user mode only (':u', "
		      "perf_event_paranoid >= 2 without CAP_PERFMON): switches happen in the "
		      "kernel, so the count is %.0f; run as root or with "
		      "kernel.perf_event_paranoid <= 1", cs->value);
	ck_assert_msg(cs->value >= n && cs->value <= n + n / 10 + 5,
		      "sleeper 100: context-switches %.0f, expected %.0f..%.0f", cs->value, n,
		      n + n / 10 + 5);
	run_result_free(&r);
	free(sleeper);
}
END_TEST

static void check_forker(bool threads)
{
	const double k = 4, n = 500;
	char *forker = prog("forker");
	struct run_result r;
	struct report rep;
	const struct row *pf;

	if (threads)
		HPSTAT_REPORT(&r, &rep, "-e", "page-faults", forker, "-t", "4", "500");
	else
		HPSTAT_REPORT(&r, &rep, "-e", "page-faults", forker, "4", "500");
	pf = counted_row(&rep, "page-faults", r.err);
	ck_assert_msg(pf->value >= k * n,
		      "forker %s4 500: page-faults %.0f < %.0f: %s not counted", threads ? "-t " : "",
		      pf->value, k * n, threads ? "threads" : "children");
	run_result_free(&r);
	free(forker);
}

START_TEST(forker_processes)
{
	check_forker(false);
}
END_TEST

START_TEST(forker_threads)
{
	check_forker(true);
}
END_TEST

/* ---- exit status ---------------------------------------------------------------------- */

static void check_status_with_report(const char *name, const char *arg, int want)
{
	char *program = prog(name);
	struct run_result r;
	struct report rep;

	HPSTAT_RUN(&r, "-e", "page-faults", program, (char *)arg);
	ck_assert_msg(r.code == want, "%s %s: hpstat exited %d, expected %d:\n%s", name, arg,
		      r.code, want, r.err);
	report_parse(&rep, r.err);
	ck_assert_msg(rep.found, "%s %s: no report:\n%s", name, arg, r.err);
	counted_row(&rep, "page-faults", r.err);
	run_result_free(&r);
	free(program);
}

START_TEST(exit_code_passed)
{
	check_status_with_report("exit_with", "3", 3);
}
END_TEST

START_TEST(signal_exit_128_plus)
{
	check_status_with_report("kill_self", "11", 128 + 11);
}
END_TEST

/* An exec failure: the given status, one "hpstat: " line, no report. */
static void check_exec_failure(char *cmd, int want)
{
	struct run_result r;

	HPSTAT_RUN(&r, "-e", "page-faults", cmd);
	ck_assert_msg(r.code == want, "'%s': hpstat exited %d, expected %d:\n%s", cmd, r.code,
		      want, r.err);
	ck_assert_msg(strncmp(r.err, "hpstat: ", 8) == 0 && strchr(r.err, '\n') &&
		      strchr(r.err, '\n') == r.err + r.err_len - 1,
		      "'%s': expected one line starting 'hpstat: ', got:\n%s", cmd, r.err);
	ck_assert_msg(!strstr(r.err, "Performance counter stats"), "'%s': a report was printed",
		      cmd);
	ck_assert_msg(r.out_len == 0, "'%s': stdout not empty: %s", cmd, r.out);
	run_result_free(&r);
}

START_TEST(missing_command_127)
{
	char *dir = temp_dir();
	char *cmd;

	ck_assert(asprintf(&cmd, "%s/no-such-command", dir) > 0);
	check_exec_failure(cmd, 127);
	/*
	 * A bare name is searched in PATH. PATH is only the empty temporary
	 * directory here: a PATH entry this user cannot search would turn the
	 * search's answer into EACCES (126), as it does for env(1).
	 */
	char *path = getenv("PATH") ? strdup(getenv("PATH")) : NULL;

	ck_assert(setenv("PATH", dir, 1) == 0);
	check_exec_failure("hpstat-check-no-such-command", 127);
	/* Only matters under CK_FORK=no, where the next test runs in this process. */
	if (path)
		setenv("PATH", path, 1);
	free(path);
	free(cmd);
	free(dir);
}
END_TEST

START_TEST(not_executable_126)
{
	char *dir = temp_dir();
	char *path;
	FILE *f;

	ck_assert(asprintf(&path, "%s/not-executable", dir) > 0);
	f = fopen(path, "w");
	ck_assert(f != NULL);
	fputs("#!/bin/sh\nexit 0\n", f);
	ck_assert(fclose(f) == 0);
	ck_assert(chmod(path, 0644) == 0);
	check_exec_failure(path, 126);
	free(path);
	free(dir);
}
END_TEST

/* ---- repeated runs -------------------------------------------------------------------- */

START_TEST(repeat_mean_and_noise)
{
	char *touch_pages = prog("touch_pages");
	struct run_result r;
	struct report rep;
	const struct row *pf;

	HPSTAT_REPORT(&r, &rep, "-e", "page-faults", "-r", "5", touch_pages, "2000");
	ck_assert_msg(strstr(r.err, "(5 runs):"), "header lacks '(5 runs)':\n%s", r.err);
	ck_assert_msg(rep.runs_done == 5 && !rep.interrupted, "header runs %d:\n%s",
		      rep.runs_done, r.err);
	pf = counted_row(&rep, "page-faults", r.err);
	ck_assert_msg(pf->noise, "no '( +- x.xx%% )' column on page-faults:\n%s", r.err);
	ck_assert_msg(pf->value >= 2000 && pf->value <= 2100,
		      "mean page-faults %.0f, expected 2000..2100", pf->value);
	ck_assert_msg(strstr(r.err, " +- ") && rep.elapsed, "no 'X +- Y seconds time elapsed':\n%s",
		      r.err);
	run_result_free(&r);
	free(touch_pages);
}
END_TEST

START_TEST(repeat_some_runs_fail)
{
	char *dir = temp_dir();
	char *counter;
	struct run_result r;
	struct report rep;
	/* Run k (from 1) exits k + 4 when k is even: runs 2 and 4 fail, with 6 and 8. */
	char *script = "n=$(cat \"$1\" 2>/dev/null || echo 0); n=$((n + 1)); "
		       "echo $n > \"$1\"; [ $((n % 2)) -eq 0 ] && exit $((n + 4)); exit 0";

	ck_assert(asprintf(&counter, "%s/count", dir) > 0);
	HPSTAT_RUN(&r, "-e", "page-faults", "-r", "5", "sh", "-c", script, "x", counter);
	ck_assert_msg(r.code == 6, "exit %d, expected 6 (the first failing run's):\n%s", r.code,
		      r.err);
	report_parse(&rep, r.err);
	ck_assert_msg(rep.found && rep.runs_done == 5, "no 5-run report:\n%s", r.err);
	ck_assert_msg(rep.failed == 2 && rep.failed_of == 5,
		      "expected '2 of 5 runs exited non-zero':\n%s", r.err);
	run_result_free(&r);
	free(counter);
	free(dir);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------ */

/* hpstat ARGS... sh -c 'touch MARKER' is refused (see expect_rejected); mention, when not
 * NULL, must appear in the message. */
#define REJECTED(mention, ...)							\
	do {									\
		char *args_[] = { __VA_ARGS__, NULL };				\
		const char *const mentions_[] = { (mention), NULL };		\
		expect_rejected(args_, true, mentions_);			\
	} while (0)

START_TEST(bad_repeat_counts)
{
	REJECTED("'0'", "-r", "0");
	REJECTED("'-3'", "-r", "-3");
	REJECTED("'abc'", "-r", "abc");
	REJECTED("'99999999999999'", "-r", "99999999999999");
}
END_TEST

START_TEST(bad_event_lists)
{
	REJECTED(NULL, "-e", "");
	REJECTED(NULL, "-e", ",,");
	REJECTED(NULL, "-e", "page-faults", "-e", "");
}
END_TEST

START_TEST(unknown_event_suggests)
{
	REJECTED("'cycles'", "-e", "cylces");
}
END_TEST

START_TEST(bad_modifier_named)
{
	REJECTED("'x'", "-e", "cycles:x");
}
END_TEST

START_TEST(no_command)
{
	char *none[] = { NULL };
	char *only_opts[] = { "-e", "page-faults", NULL };
	char *dashdash[] = { "-r", "2", "--", NULL };

	expect_rejected(none, false, NULL);
	expect_rejected(only_opts, false, NULL);
	expect_rejected(dashdash, false, NULL);
}
END_TEST

/* ---- options and output --------------------------------------------------------------- */

START_TEST(options_end_at_command)
{
	struct run_result r;
	struct report rep;

	/* -l and -e after the command are the command's: sh prints them. */
	HPSTAT_REPORT(&r, &rep, "sh", "-c", "echo \"$@\"", "x", "-l", "-e");
	ck_assert_msg(strcmp(r.out, "-l -e\n") == 0, "command's stdout: '%s', expected '-l -e'",
		      r.out);
	run_result_free(&r);

	HPSTAT_REPORT(&r, &rep, "-e", "page-faults", "--", "sh", "-c", "echo \"$@\"", "x", "-r",
		      "0");
	ck_assert_msg(strcmp(r.out, "-r 0\n") == 0, "command's stdout: '%s', expected '-r 0'",
		      r.out);
	counted_row(&rep, "page-faults", r.err);
	run_result_free(&r);
}
END_TEST

START_TEST(output_file)
{
	char *dir = temp_dir();
	char *touch_pages = prog("touch_pages");
	char *path, text[8192];
	struct run_result r;
	struct report rep;
	size_t n;
	FILE *f;

	ck_assert(asprintf(&path, "%s/report.txt", dir) > 0);
	HPSTAT_RUN(&r, "-e", "page-faults", "-o", path, touch_pages, "100");
	ck_assert_msg(r.code == 0, "exit %d:\n%s", r.code, r.err);
	ck_assert_msg(r.err_len == 0, "stderr not empty with -o:\n%s", r.err);
	ck_assert_msg(r.out_len == 0, "stdout not empty with -o:\n%s", r.out);
	f = fopen(path, "r");
	ck_assert_msg(f != NULL, "-o %s: file not written", path);
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	report_parse(&rep, text);
	ck_assert_msg(rep.found, "no report in the -o file:\n%s", text);
	ck_assert_msg(counted_row(&rep, "page-faults", text)->value >= 100,
		      "page-faults below 100 in the -o file:\n%s", text);
	run_result_free(&r);
	free(path);
	free(touch_pages);
	free(dir);
}
END_TEST

START_TEST(output_file_bad_dir)
{
	char *dir = temp_dir();
	char *path;

	ck_assert(asprintf(&path, "%s/no-such-dir/report.txt", dir) > 0);
	REJECTED(NULL, "-e", "page-faults", "-o", path);
	free(path);
	free(dir);
}
END_TEST

START_TEST(default_event_set)
{
	static const char *const want[] = {
		"task-clock", "context-switches", "cpu-migrations", "page-faults",
		"cycles", "instructions", "branches", "branch-misses",
	};
	const int n_want = (int)(sizeof(want) / sizeof(want[0]));
	char *touch_pages = prog("touch_pages");
	struct run_result r;
	struct report rep;

	HPSTAT_REPORT(&r, &rep, touch_pages, "10");
	ck_assert_msg(rep.n_rows == n_want, "%d event lines, expected %d:\n%s", rep.n_rows,
		      n_want, r.err);
	for (int i = 0; i < n_want; i++) {
		ck_assert_msg(strcmp(rep.rows[i].name, want[i]) == 0,
			      "line %d is '%s', expected '%s':\n%s", i + 1, rep.rows[i].name,
			      want[i], r.err);
		ck_assert_msg(!rep.rows[i].added, "'%s' marked [added]:\n%s", want[i], r.err);
	}
	ck_assert_msg(counted_row(&rep, "task-clock", r.err)->value > 0, "task-clock 0:\n%s",
		      r.err);
	ck_assert_msg(counted_row(&rep, "page-faults", r.err)->value >= 10, "page-faults < 10:\n%s",
		      r.err);
	run_result_free(&r);
	free(touch_pages);
}
END_TEST

/* ---- hardware events: both worlds ----------------------------------------------------- */

/* Whether the kernel lets this process count instructions: a hardware PMU is there. */
static bool have_pmu(void)
{
	return perf_event_opens(PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, true,
				"instructions");
}

START_TEST(hardware_events)
{
	char *touch_pages = prog("touch_pages");
	struct run_result r;
	struct report rep;
	const struct row *row;
	static const char *const hw[] = { "cycles", "instructions", "cache-misses",
					  "cache-references" };

	HPSTAT_REPORT(&r, &rep, "-e", "cycles,cache-misses,page-faults", touch_pages, "10");
	for (int i = 0; i < 4; i++) {
		row = report_row(&rep, hw[i]);
		ck_assert_msg(row != NULL, "no '%s' line:\n%s", hw[i], r.err);
		/* instructions and cache-references were not asked for: metric partners. */
		ck_assert_msg(row->added == (i % 2 == 1), "'%s' %s marked [added]:\n%s", hw[i],
			      row->added ? "wrongly" : "not", r.err);
	}
	ck_assert_msg(counted_row(&rep, "page-faults", r.err)->value > 0,
		      "page-faults 0 beside the hardware events:\n%s", r.err);
	if (!have_pmu()) {
		for (int i = 0; i < 4; i++)
			ck_assert_msg(report_row(&rep, hw[i])->state == ROW_NOT_SUPPORTED,
				      "no PMU, yet '%s' is not <not supported>:\n%s", hw[i],
				      r.err);
	} else {
		ck_assert_msg(counted_row(&rep, "cycles", r.err)->value > 0, "cycles 0:\n%s",
			      r.err);
		row = counted_row(&rep, "instructions", r.err);
		ck_assert_msg(row->value > 0, "instructions 0:\n%s", r.err);
		ck_assert_msg(strstr(row->rest, "insn per cycle"), "no 'insn per cycle':\n%s",
			      r.err);
	}
	run_result_free(&r);
	free(touch_pages);
}
END_TEST

START_TEST(no_metrics_adds_nothing)
{
	char *touch_pages = prog("touch_pages");
	struct run_result r;
	struct report rep;

	HPSTAT_REPORT(&r, &rep, "-e", "cycles", "--no-metrics", touch_pages, "10");
	ck_assert_msg(rep.n_rows == 1 && strcmp(rep.rows[0].name, "cycles") == 0,
		      "expected only 'cycles' with --no-metrics:\n%s", r.err);
	ck_assert_msg(!strstr(r.err, "[added]"), "[added] with --no-metrics:\n%s", r.err);
	run_result_free(&r);
	free(touch_pages);
}
END_TEST

/* ---- suite ---------------------------------------------------------------------------- */

static Suite *hpstat_suite(void)
{
	Suite *s = suite_create("hpstat");
	TCase *tc;

	tc = run_tcase_new(s, "counts");
	tcase_add_test(tc, touch_pages_1000);
	tcase_add_test(tc, touch_pages_5000);
	tcase_add_test(tc, setup_not_counted);
	tcase_add_test(tc, sleeper_context_switches);
	tcase_add_test(tc, forker_processes);
	tcase_add_test(tc, forker_threads);

	tc = run_tcase_new(s, "exit");
	tcase_add_test(tc, exit_code_passed);
	tcase_add_test(tc, signal_exit_128_plus);
	tcase_add_test(tc, missing_command_127);
	tcase_add_test(tc, not_executable_126);

	tc = run_tcase_new(s, "repeat");
	tcase_add_test(tc, repeat_mean_and_noise);
	tcase_add_test(tc, repeat_some_runs_fail);

	tc = run_tcase_new(s, "bad-input");
	tcase_add_test(tc, bad_repeat_counts);
	tcase_add_test(tc, bad_event_lists);
	tcase_add_test(tc, unknown_event_suggests);
	tcase_add_test(tc, bad_modifier_named);
	tcase_add_test(tc, no_command);

	tc = run_tcase_new(s, "options");
	tcase_add_test(tc, options_end_at_command);
	tcase_add_test(tc, output_file);
	tcase_add_test(tc, output_file_bad_dir);
	tcase_add_test(tc, default_event_set);

	tc = run_tcase_new(s, "hardware");
	tcase_add_test(tc, hardware_events);
	tcase_add_test(tc, no_metrics_adds_nothing);
	return s;
}

int main(void)
{
	return run_hpstat_main("check_hpstat", hpstat_suite, true);
}
