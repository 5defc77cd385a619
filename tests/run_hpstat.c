/* run_hpstat.c - the end-to-end tests' harness: running hpstat, scratch files, probes. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
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

#include "run_hpstat.h"

extern char **environ;

/* The test program's name, for the messages of what runs outside any test. */
static const char *run_who = "run_hpstat";

/* ---- environment ------------------------------------------------------------------------ */

const char *hpstat_path(void)
{
	const char *p = getenv("HPSTAT");

	ck_assert_msg(p && *p, "HPSTAT is not set: it must name the built src/hpstat");
	return p;
}

char *prog(const char *name)
{
	const char *dir = getenv("PROGS");
	char *path;

	ck_assert_msg(dir && *dir, "PROGS is not set: it must name the tests/progs build directory");
	ck_assert(asprintf(&path, "%s/%s", dir, name) > 0);
	return path;
}

/* Both variables must name something real, or the whole suite fails here, loudly. */
static bool env_ok(bool need_progs)
{
	const char *hp = getenv("HPSTAT"), *progs = getenv("PROGS");
	bool ok = true;

	if (!hp || !*hp || access(hp, X_OK) != 0) {
		fprintf(stderr, "%s: HPSTAT must name the built hpstat binary (got '%s')\n",
			run_who, hp ? hp : "(unset)");
		ok = false;
	}
	if (need_progs) {
		char *tp = NULL;

		/* asprintf leaves tp undefined when it fails. */
		if (!progs || !*progs || asprintf(&tp, "%s/touch_pages", progs) < 0)
			tp = NULL;
		if (!tp || access(tp, X_OK) != 0) {
			fprintf(stderr, "%s: PROGS must name the directory of the built "
				"tests/progs programs (got '%s')\n", run_who,
				progs ? progs : "(unset)");
			ok = false;
		}
		free(tp);
	}
	return ok;
}

int run_hpstat_main(const char *who, Suite *(*make_suite)(void), bool need_progs)
{
	SRunner *sr;
	int failed;

	run_who = who;
	if (!env_ok(need_progs))
		return EXIT_FAILURE;
	sr = srunner_create(make_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* ---- scratch files ---------------------------------------------------------------------- */

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

/*
 * Each test case gets one scratch directory, made and removed by an unchecked fixture: that
 * runs in the runner itself, so the directory goes away even when a test's process dies on
 * a failed assertion.
 */
static char *scratch_dir;

static void scratch_setup(void)
{
	const char *base = getenv("TMPDIR");

	if (asprintf(&scratch_dir, "%s/hpstat-check-XXXXXX", base && *base ? base : "/tmp") < 0 ||
	    !mkdtemp(scratch_dir)) {
		fprintf(stderr, "%s: cannot make a scratch directory: %s\n", run_who,
			strerror(errno));
		exit(EXIT_FAILURE);
	}
}

static void scratch_teardown(void)
{
	nftw(scratch_dir, remove_entry, 8, FTW_DEPTH | FTW_PHYS);
	free(scratch_dir);
	scratch_dir = NULL;
}

TCase *run_tcase_new(Suite *s, const char *name)
{
	TCase *tc = tcase_create(name);

	tcase_set_timeout(tc, TEST_TIMEOUT_S);
	tcase_add_unchecked_fixture(tc, scratch_setup, scratch_teardown);
	suite_add_tcase(s, tc);
	return tc;
}

char *temp_dir(void)
{
	char *dir;

	ck_assert(scratch_dir != NULL);
	ck_assert(asprintf(&dir, "%s/XXXXXX", scratch_dir) > 0);
	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	return dir;
}

bool file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* ---- running a command ------------------------------------------------------------------ */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void buf_append(char **buf, size_t *len, const char *data, size_t n)
{
	char *p = realloc(*buf, *len + n + 1);

	ck_assert(p != NULL);
	memcpy(p + *len, data, n);
	*len += n;
	p[*len] = '\0';
	*buf = p;
}

char *argv_text(char *const argv[])
{
	char *s = NULL;
	size_t len = 0;

	for (int i = 0; argv[i]; i++) {
		if (i)
			buf_append(&s, &len, " ", 1);
		buf_append(&s, &len, argv[i], strlen(argv[i]));
	}
	return s ? s : strdup("");
}

void run_cmd(struct run_result *r, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t none, defaults;
	int out_pipe[2], err_pipe[2];
	long long deadline;
	int status, rc;
	pid_t pid, w;

	memset(r, 0, sizeof(*r));
	r->out = strdup("");
	r->err = strdup("");
	ck_assert(r->out && r->err);
	ck_assert(pipe2(out_pipe, O_CLOEXEC) == 0);
	ck_assert(pipe2(err_pipe, O_CLOEXEC) == 0);

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, out_pipe[1], 1);
	posix_spawn_file_actions_adddup2(&fa, err_pipe[1], 2);

	/* Whatever Check or our caller did with signals must not leak into hpstat. */
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGQUIT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGALRM);
	sigaddset(&defaults, SIGCHLD);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
				 POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &defaults);

	rc = posix_spawnp(&pid, argv[0], &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	close(out_pipe[1]);
	close(err_pipe[1]);
	if (rc != 0) {
		close(out_pipe[0]);
		close(err_pipe[0]);
		r->spawn_failed = true;
		r->spawn_errno = rc;
		r->code = -1;
		return;
	}

	deadline = now_ms() + RUN_TIMEOUT_MS;
	struct pollfd pfd[2] = {
		{ .fd = out_pipe[0], .events = POLLIN },
		{ .fd = err_pipe[0], .events = POLLIN },
	};
	int open_fds = 2;

	while (open_fds > 0) {
		long long t = now_ms();
		long long wait = deadline - t;

		if (wait <= 0)
			break;
		if (poll(pfd, 2, (int)wait) < 0) {
			ck_assert_msg(errno == EINTR, "poll: %s", strerror(errno));
			continue;
		}
		for (int i = 0; i < 2; i++) {
			char chunk[4096];
			ssize_t n;

			if (pfd[i].fd < 0 || !pfd[i].revents)
				continue;
			n = read(pfd[i].fd, chunk, sizeof(chunk));
			if (n > 0) {
				if (i == 0)
					buf_append(&r->out, &r->out_len, chunk, (size_t)n);
				else
					buf_append(&r->err, &r->err_len, chunk, (size_t)n);
			} else if (n == 0 || errno != EINTR) {
				close(pfd[i].fd);
				pfd[i].fd = -1;
				open_fds--;
			}
		}
	}
	/*
	 * Both pipes closed (or time is up): wait for the exit within the deadline,
	 * but leave the zombie unreaped (WNOWAIT) so that its process group id
	 * cannot be reused before stragglers in the group are killed.
	 */
	for (;;) {
		siginfo_t info = { .si_pid = 0 };
		struct timespec ms = { 0, 1000000 };

		if (waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
		    info.si_pid == pid)
			break;
		if (now_ms() >= deadline) {
			char *cmd = argv_text(argv);

			kill(-pid, SIGKILL);
			waitpid(pid, &status, 0);
			ck_abort_msg("'%s' still running after %d ms: killed it (stderr so far: %s)",
				     cmd, RUN_TIMEOUT_MS, r->err);
		}
		nanosleep(&ms, NULL);
	}
	kill(-pid, SIGKILL);	/* stragglers left in the group, if any */
	w = waitpid(pid, &status, 0);
	ck_assert(w == pid);
	for (int i = 0; i < 2; i++)
		if (pfd[i].fd >= 0)
			close(pfd[i].fd);
	if (WIFEXITED(status))
		r->code = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		r->code = 128 + WTERMSIG(status);
	else
		r->code = -1;
}

void run_result_free(struct run_result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

/* ---- bad input -------------------------------------------------------------------------- */

#define MAX_REJECTED_ARGS	12

void expect_rejected(char *const args[], bool with_command, const char *const mentions[])
{
	char *dir = temp_dir();
	char *marker, *touch, *cmd, *argv[MAX_REJECTED_ARGS + 5];
	struct run_result r;
	int n = 0;

	ck_assert(asprintf(&marker, "%s/ran", dir) > 0);
	ck_assert(asprintf(&touch, "touch '%s'", marker) > 0);
	argv[n++] = (char *)hpstat_path();
	for (int i = 0; args[i]; i++) {
		ck_assert_msg(i < MAX_REJECTED_ARGS, "expect_rejected: more than %d args",
			      MAX_REJECTED_ARGS);
		argv[n++] = args[i];
	}
	if (with_command) {
		argv[n++] = "sh";
		argv[n++] = "-c";
		argv[n++] = touch;
	}
	argv[n] = NULL;
	cmd = argv_text(argv);
	run_cmd(&r, argv);
	ck_assert_msg(!r.spawn_failed, "cannot start hpstat: %s", strerror(r.spawn_errno));
	ck_assert_msg(r.code == 125, "'%s': exit %d, expected 125:\n%s", cmd, r.code, r.err);
	ck_assert_msg(strncmp(r.err, "hpstat: ", 8) == 0, "'%s': stderr does not start "
		      "'hpstat: ':\n%s", cmd, r.err);
	ck_assert_msg(strchr(r.err, '\n') == r.err + r.err_len - 1,
		      "'%s': stderr is not exactly one line:\n%s", cmd, r.err);
	ck_assert_msg(r.out_len == 0, "'%s': stdout not empty:\n%s", cmd, r.out);
	for (; mentions && *mentions; mentions++)
		ck_assert_msg(strstr(r.err, *mentions), "'%s': message does not mention "
			      "\"%s\":\n%s", cmd, *mentions, r.err);
	ck_assert_msg(!file_exists(marker), "'%s': the command was run", cmd);
	free(marker);
	free(touch);
	free(cmd);
	free(dir);
	run_result_free(&r);
}

/* ---- the machine ------------------------------------------------------------------------ */

bool perf_event_opens(uint32_t type, uint64_t config, bool user_only, const char *what)
{
	struct perf_event_attr attr;
	long fd;

	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = type;
	attr.config = config;
	attr.disabled = 1;
	attr.exclude_kernel = user_only;
	attr.exclude_hv = user_only;
	fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0L);
	if (fd >= 0) {
		close((int)fd);
		return true;
	}
	ck_assert_msg(errno == ENOENT || errno == EOPNOTSUPP || errno == ENODEV ||
		      errno == EINVAL || errno == ENXIO, "perf_event_open(%s) failed with %s: "
		      "cannot tell whether there is a PMU (permissions?)", what, strerror(errno));
	return false;
}
