/* check_events.c - integration tests: sysfs PMU events, tracepoints, raw codes and groups. */
/*
 * Runs the built hpstat (HPSTAT) on the tests/progs programs (PROGS), as check_hpstat does,
 * with -x ';' output (one line per event: value;unit;event;...). Needs what counting the
 * kernel's own events needs: the msr PMU (x86), tracefs readable (root), and
 * perf_event_paranoid allowing kernel-mode counts (root or CAP_PERFMON). Without HPSTAT and
 * PROGS every test fails: an integration suite that silently skips proves nothing.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define RUN_TIMEOUT_MS 10000
#define TEST_TIMEOUT_S 30
#define SEP ";" /* not ',', which sysfs names hold */

/* ---- environment and running hpstat ---------------------------------------------------- */

static const char *hpstat_path(void)
{
	const char *p = getenv("HPSTAT");

	ck_assert_msg(p && *p, "HPSTAT is not set: it must name the built src/hpstat");
	return p;
}

static char *prog(const char *name)
{
	const char *dir = getenv("PROGS");
	char *path;

	ck_assert_msg(dir && *dir, "PROGS is not set: it must name the tests/progs build directory");
	ck_assert(asprintf(&path, "%s/%s", dir, name) > 0);
	return path;
}

struct result {
	char *out, *err; /* captured, NUL-terminated */
	size_t out_len, err_len;
	int code;        /* exit code, or 128 + signal */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void append(char **buf, size_t *len, const char *data, size_t n)
{
	char *p = realloc(*buf, *len + n + 1);

	ck_assert(p != NULL);
	memcpy(p + *len, data, n);
	*len += n;
	p[*len] = '\0';
	*buf = p;
}

/* Runs argv with stdin from /dev/null and stdout, stderr captured; a run longer than
 * RUN_TIMEOUT_MS is killed and fails the test. */
static void run_cmd(struct result *r, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int out_pipe[2], err_pipe[2], status, rc;
	long long deadline = now_ms() + RUN_TIMEOUT_MS;
	struct pollfd pfd[2];
	int open_fds = 2;
	pid_t pid;

	memset(r, 0, sizeof(*r));
	append(&r->out, &r->out_len, "", 0);
	append(&r->err, &r->err_len, "", 0);
	ck_assert(pipe2(out_pipe, O_CLOEXEC) == 0 && pipe2(err_pipe, O_CLOEXEC) == 0);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);
	rc = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(out_pipe[1]);
	close(err_pipe[1]);
	ck_assert_msg(rc == 0, "cannot start '%s': %s", argv[0], strerror(rc));
	pfd[0] = (struct pollfd){ .fd = out_pipe[0], .events = POLLIN };
	pfd[1] = (struct pollfd){ .fd = err_pipe[0], .events = POLLIN };
	while (open_fds > 0) {
		long long left = deadline - now_ms();

		if (left <= 0) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			ck_abort_msg("'%s' still running after %d ms: killed it", argv[0],
				     RUN_TIMEOUT_MS);
		}
		if (poll(pfd, 2, (int)left) < 0)
			continue;
		for (int i = 0; i < 2; i++) {
			char chunk[4096];
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				if (i == 0)
					append(&r->out, &r->out_len, chunk, (size_t)n);
				else
					append(&r->err, &r->err_len, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

#define HPSTAT_RUN(r, ...)								\
	do {										\
		char *argv_[] = { (char *)hpstat_path(), __VA_ARGS__, NULL };		\
		run_cmd((r), argv_);							\
	} while (0)

/* ---- the -x report --------------------------------------------------------------------- */

enum state { COUNTED, NOT_SUPPORTED, NOT_COUNTED };

struct line {
	enum state state;
	double value;
	double running_pct;
};

/* The line for event `name` in an -x SEP report; fails the test when there is none. */
static struct line find_line(const struct result *r, const char *name)
{
	const char *p = r->err;
	struct line l = { COUNTED, 0, 0 };

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char buf[1024], *field[8];
		int n = 0;
		char *save = NULL, *tok;

		if (len < sizeof(buf)) {
			memcpy(buf, p, len);
			buf[len] = '\0';
			/* strsep keeps empty fields (an empty unit). */
			for (save = buf; n < 8 && (tok = strsep(&save, SEP)); )
				field[n++] = tok;
			if (n >= 5 && strcmp(field[2], name) == 0) {
				if (strcmp(field[0], "<not supported>") == 0)
					l.state = NOT_SUPPORTED;
				else if (strcmp(field[0], "<not counted>") == 0)
					l.state = NOT_COUNTED;
				else
					l.value = strtod(field[0], NULL);
				l.running_pct = strtod(field[4], NULL);
				return l;
			}
		}
		p = nl ? nl + 1 : p + len;
	}
	ck_abort_msg("no line for '%s' in the report:\n%s", name, r->err);
	return l;
}

static double counted(const struct result *r, const char *name)
{
	struct line l = find_line(r, name);

	ck_assert_msg(l.state == COUNTED, "'%s' was not counted:\n%s", name, r->err);
	return l.value;
}

/* hpstat -x ';' -e EVENTS PROG ARG must exit 0; the result is left in r. */
static void report(struct result *r, const char *events, const char *program, const char *arg)
{
	HPSTAT_RUN(r, "-x", SEP, "-e", (char *)events, prog(program), (char *)arg);
	ck_assert_msg(r->code == 0, "hpstat -e '%s' %s %s exited %d:\n%s", events, program, arg,
		      r->code, r->err);
}

/* ---- sysfs PMU events ------------------------------------------------------------------ */

START_TEST(msr_tsc_counts)
{
	struct result r;

	report(&r, "msr/tsc/", "sleeper", "3");
	ck_assert_msg(counted(&r, "msr/tsc/") > 0, "msr/tsc/ counted 0:\n%s", r.err);
	result_free(&r);
	/* The same counter through its format term. */
	report(&r, "msr/event=0x0/", "sleeper", "3");
	ck_assert_msg(counted(&r, "msr/event=0x0/") > 0, "msr/event=0x0/ counted 0:\n%s", r.err);
	result_free(&r);
}
END_TEST

/* ---- tracepoints ----------------------------------------------------------------------- */

START_TEST(sched_switch_counts_sleeps)
{
	const double n = 100;
	struct result r;
	double v;

	report(&r, "sched:sched_switch", "sleeper", "100");
	v = counted(&r, "sched:sched_switch");
	ck_assert_msg(v >= n && v <= n + n / 10 + 5, "sleeper 100: sched:sched_switch %.0f, "
		      "expected %.0f..%.0f:\n%s", v, n, n + n / 10 + 5, r.err);
	result_free(&r);
}
END_TEST

START_TEST(sys_enter_write_counts_writes)
{
	static const char *const ns[] = { "0", "7", "1000" };
	struct result r;

	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		double v;

		report(&r, "syscalls:sys_enter_write", "writer", ns[i]);
		v = counted(&r, "syscalls:sys_enter_write");
		ck_assert_msg(v == strtod(ns[i], NULL), "writer %s: syscalls:sys_enter_write "
			      "%.0f:\n%s", ns[i], v, r.err);
		result_free(&r);
	}
}
END_TEST

/* ---- raw codes ------------------------------------------------------------------------- */

/* Whether this process may count raw event 0x3c (unhalted cycles on x86) on itself. */
static bool raw_3c_opens(void)
{
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_RAW;
	attr.config = 0x3c;
	attr.disabled = 1;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0L);
	if (fd >= 0) {
		close((int)fd);
		return true;
	}
	ck_assert_msg(errno == ENOENT || errno == EOPNOTSUPP || errno == ENODEV ||
		      errno == EINVAL || errno == ENXIO, "perf_event_open(raw 0x3c) failed with "
		      "%s: cannot tell whether there is a PMU (permissions?)", strerror(errno));
	return false;
}

START_TEST(raw_code_resolves)
{
	bool opens = raw_3c_opens();
	struct result r;

	report(&r, "r003c,r3C:u,page-faults", "sleeper", "1");
	ck_assert_msg(counted(&r, "page-faults") > 0, "page-faults 0 beside raw codes:\n%s",
		      r.err);
	if (opens) {
		ck_assert_msg(counted(&r, "r003c") > 0, "r003c counted 0:\n%s", r.err);
		ck_assert_msg(counted(&r, "r3C:u") > 0, "r3C:u counted 0:\n%s", r.err);
	} else {
		ck_assert_msg(find_line(&r, "r003c").state == NOT_SUPPORTED,
			      "the kernel refuses raw 0x3c, yet r003c is not <not supported>:\n%s",
			      r.err);
		ck_assert_msg(find_line(&r, "r3C:u").state == NOT_SUPPORTED,
			      "the kernel refuses raw 0x3c, yet r3C:u is not <not supported>:\n%s",
			      r.err);
	}
	result_free(&r);
}
END_TEST

/* ---- groups ---------------------------------------------------------------------------- */

START_TEST(software_group_reads_together)
{
	struct result r;
	struct line tc, pf;

	report(&r, "{task-clock,page-faults}", "touch_pages", "1000");
	tc = find_line(&r, "task-clock");
	pf = find_line(&r, "page-faults");
	ck_assert_msg(tc.state == COUNTED && tc.value > 0, "task-clock in the group:\n%s", r.err);
	ck_assert_msg(pf.state == COUNTED && pf.value >= 1000 && pf.value <= 1100,
		      "touch_pages 1000: page-faults %.0f in the group:\n%s", pf.value, r.err);
	ck_assert_msg(tc.running_pct == 100 && pf.running_pct == 100,
		      "a software group did not run all the time:\n%s", r.err);
	result_free(&r);
}
END_TEST

START_TEST(software_joins_other_pmu_group)
{
	struct result r;

	report(&r, "{task-clock,msr/tsc/},{sched:sched_switch,msr/event=0/}", "sleeper", "5");
	ck_assert_msg(counted(&r, "task-clock") > 0, "task-clock 0:\n%s", r.err);
	ck_assert_msg(counted(&r, "msr/tsc/") > 0, "msr/tsc/ 0 in a group:\n%s", r.err);
	ck_assert_msg(counted(&r, "sched:sched_switch") >= 5, "sched_switch below 5:\n%s", r.err);
	ck_assert_msg(counted(&r, "msr/event=0/") > 0, "msr/event=0/ 0 in a group:\n%s", r.err);
	result_free(&r);
}
END_TEST

/* ---- bad input ------------------------------------------------------------------------- */

/* hpstat -e EVENTS sh -c 'touch MARKER' must exit 125 with one "hpstat: " line mentioning
 * each of the NULL-terminated mentions, print nothing on stdout, and never run the command. */
static void check_rejected(const char *events, const char *const *mentions)
{
	char dir[] = "/tmp/check_events.XXXXXX", *marker, *touch;
	struct stat st;
	struct result r;

	ck_assert(mkdtemp(dir) != NULL);
	ck_assert(asprintf(&marker, "%s/ran", dir) > 0);
	ck_assert(asprintf(&touch, "touch '%s'", marker) > 0);
	HPSTAT_RUN(&r, "-e", (char *)events, "/bin/sh", "-c", touch);
	ck_assert_msg(r.code == 125, "-e '%s': exit %d, expected 125:\n%s", events, r.code, r.err);
	ck_assert_msg(strncmp(r.err, "hpstat: ", 8) == 0, "-e '%s': stderr does not start with "
		      "'hpstat: ':\n%s", events, r.err);
	ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1, "-e '%s': stderr is not "
		      "exactly one line:\n%s", events, r.err);
	ck_assert_msg(r.out_len == 0, "-e '%s': stdout not empty:\n%s", events, r.out);
	for (; *mentions; mentions++)
		ck_assert_msg(strstr(r.err, *mentions), "-e '%s': message does not mention "
			      "\"%s\":\n%s", events, *mentions, r.err);
	ck_assert_msg(stat(marker, &st) != 0, "-e '%s': the command was run", events);
	rmdir(dir);
	free(marker);
	free(touch);
	result_free(&r);
}

#define REJECTED(events, ...)								\
	do {										\
		static const char *const mentions_[] = { __VA_ARGS__, NULL };		\
		check_rejected((events), mentions_);					\
	} while (0)

START_TEST(mixed_pmu_group_refused)
{
	REJECTED("{msr/tsc/,cycles}", "'cycles'", "'msr/tsc/'", "PMU 'cpu'", "PMU 'msr'");
	REJECTED("{task-clock,cycles,msr/tsc/}", "'msr/tsc/'", "PMU 'msr'");
	REJECTED("page-faults,{r003c,msr/tsc/}", "'msr/tsc/'", "'r003c'");
}
END_TEST

START_TEST(bad_sysfs_events)
{
	REJECTED("nopmu/x/", "unknown PMU 'nopmu'", "msr", "software");
	REJECTED("msr/foo=1/", "unknown term 'foo'", "event", "config1");
	REJECTED("msr/tscc/", "unknown event 'tscc'", "tsc");
	REJECTED("uprobe/retprobe=2/", "too wide", "'retprobe'", "1 bit");
	REJECTED("msr/event=0x10000000000000000/", "bad value");
	REJECTED("msr/tsc", "malformed event");
	REJECTED("msr//", "nothing between the slashes");
	REJECTED("msr/tsc/x", "unknown modifier 'x'");
	REJECTED("msr/config/", "needs a value");
}
END_TEST

START_TEST(bad_tracepoints)
{
	REJECTED("sched:sched_swich", "unknown tracepoint 'sched:sched_swich'", "sched_switch");
	REJECTED("syscalls:sys_enter_wirte", "sys_enter_write");
	REJECTED("nosub:x", "'nosub:x'", "no subsystem 'nosub'");
	REJECTED("sched:sched_switch:q", "unknown modifier 'q'");
	REJECTED("cylces:u", "did you mean 'cycles:u'");
}
END_TEST

START_TEST(bad_raw_codes)
{
	REJECTED("r10000000000000000", "wider than 64 bits");
	REJECTED("r3c:x", "unknown modifier 'x'");
}
END_TEST

/* ---- suite ----------------------------------------------------------------------------- */

static TCase *tcase_new(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TEST_TIMEOUT_S);
	suite_add_tcase(s, tc);
	return tc;
}

static Suite *events_suite(void)
{
	Suite *s = suite_create("events");
	TCase *tc;

	tc = tcase_new(s, "counts");
	tcase_add_test(tc, msr_tsc_counts);
	tcase_add_test(tc, sched_switch_counts_sleeps);
	tcase_add_test(tc, sys_enter_write_counts_writes);
	tcase_add_test(tc, raw_code_resolves);

	tc = tcase_new(s, "groups");
	tcase_add_test(tc, software_group_reads_together);
	tcase_add_test(tc, software_joins_other_pmu_group);
	tcase_add_test(tc, mixed_pmu_group_refused);

	tc = tcase_new(s, "bad-input");
	tcase_add_test(tc, bad_sysfs_events);
	tcase_add_test(tc, bad_tracepoints);
	tcase_add_test(tc, bad_raw_codes);
	return s;
}

int main(void)
{
	const char *hp = getenv("HPSTAT"), *progs = getenv("PROGS");
	SRunner *sr;
	int failed;

	if (!hp || access(hp, X_OK) != 0 || !progs || !*progs) {
		fprintf(stderr, "check_events: HPSTAT must name the built hpstat and PROGS the "
			"tests/progs directory (got '%s', '%s')\n", hp ? hp : "(unset)",
			progs ? progs : "(unset)");
		return EXIT_FAILURE;
	}
	sr = srunner_create(events_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
