/* run_hpstat.h - the end-to-end tests' harness: run the built hpstat, capture what it says. */
/*
 * Shared by the Check programs that run the built binary (check_hpstat, check_events,
 * check_listing). The contract:
 *
 * Environment. `make check` sets HPSTAT (the built src/hpstat) and PROGS (the directory of
 * the built tests/progs programs). run_hpstat_main() refuses to run a suite without them, and
 * every helper below that needs one fails the test when it is unset: an integration suite
 * that silently skips proves nothing.
 *
 * Failing. Every helper asserts with Check (ck_assert...), so it must be called from inside a
 * test, where a failure ends that test with a message; nothing here returns an error code.
 *
 * Memory. Strings handed out (prog(), temp_dir(), argv_text(), a run_result's buffers) are
 * malloc'd and the caller frees them (run_result_free() for a run_result): a sanitizer build
 * (configure --enable-sanitizers) fails any test whose process ends with a leak. Only a
 * test that fails part-way leaves them to its process's exit.
 *
 * Scratch files. run_tcase_new() gives each test case one scratch directory under $TMPDIR
 * (or /tmp), made and removed by the runner itself, so it goes away even when a test dies;
 * temp_dir() hands out fresh directories inside it.
 */
#ifndef HPSTAT_TEST_RUN_HPSTAT_H
#define HPSTAT_TEST_RUN_HPSTAT_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* One run may take this long before it counts as a hang: it is killed and fails the test. */
#define RUN_TIMEOUT_MS	10000
/* Check kills a test that runs longer than this (seconds); run_tcase_new() sets it. */
#define TEST_TIMEOUT_S	30

/* ---- environment ------------------------------------------------------------------------ */

/* $HPSTAT; fails the test when it is unset or empty. */
const char *hpstat_path(void);

/* $PROGS/name, the path of a tests/progs program; fails the test when PROGS is unset. */
char *prog(const char *name);

/*
 * The whole of a test program's main(): checks the environment, then runs the suite that
 * make_suite() builds and returns main's exit status. who names the program in messages.
 * HPSTAT must name an executable; when need_progs, PROGS must name a directory holding the
 * built programs (its touch_pages is probed). Either missing: a message and EXIT_FAILURE
 * before any test runs.
 */
int run_hpstat_main(const char *who, Suite *(*make_suite)(void), bool need_progs);

/* A test case added to s with TEST_TIMEOUT_S and its own scratch directory (see above). */
TCase *run_tcase_new(Suite *s, const char *name);

/* ---- running a command ------------------------------------------------------------------ */

struct run_result {
	char *out;		/* captured stdout, NUL-terminated (never NULL) */
	char *err;		/* captured stderr, NUL-terminated (never NULL) */
	size_t out_len, err_len;
	int code;		/* exit code, 128 + signal, or -1 when it could not start */
	bool spawn_failed;	/* posix_spawn itself failed (errno in spawn_errno) */
	int spawn_errno;
};

/*
 * Runs argv (argv[0] searched in PATH) in its own process group, with stdin from /dev/null,
 * stdout and stderr captured apart, no signal blocked and the usual ones at their default
 * action. (Tests that signal hpstat, at a moment the command reports through a pipe, are in
 * tests/test_waitloop.py: a signal after a guessed delay races a loaded machine.) A run still
 * going after RUN_TIMEOUT_MS is
 * killed (the whole group) and fails the test; anything left in the group once the command
 * exits is killed too. A failed spawn is reported in r (spawn_failed), not asserted, so a
 * test can expect one; release r with run_result_free().
 */
void run_cmd(struct run_result *r, char *const argv[]);

void run_result_free(struct run_result *r);

/* argv joined with spaces, for messages. */
char *argv_text(char *const argv[]);

/* Runs $HPSTAT with the given arguments (char *, no NULL needed) into *r, failing the test
 * if it cannot start. */
#define HPSTAT_RUN(r, ...)								\
	do {										\
		char *argv_[] = { (char *)hpstat_path(), __VA_ARGS__, NULL };		\
		run_cmd((r), argv_);							\
		ck_assert_msg(!(r)->spawn_failed, "cannot start '%s': %s", argv_[0],	\
			      strerror((r)->spawn_errno));				\
	} while (0)

/*
 * Bad input, refused before anything runs: `hpstat ARGS... [sh -c 'touch MARKER']` (the
 * command only when with_command) must exit 125 with exactly one line on stderr, starting
 * "hpstat: " and holding each string of the NULL-terminated mentions (NULL: none asked),
 * print nothing on stdout, and never run the command. At most 12 args.
 */
void expect_rejected(char *const args[], bool with_command, const char *const mentions[]);

/* ---- files and the machine -------------------------------------------------------------- */

/* A fresh, empty directory inside the test case's scratch directory. */
char *temp_dir(void);

bool file_exists(const char *path);

/*
 * Whether this process may open a perf event of type and config on itself (counting user
 * mode only when user_only): whether the machine has what a test of it needs. A refusal
 * that does not mean "no such counter" (EACCES, EPERM...) fails the test, naming what.
 */
bool perf_event_opens(uint32_t type, uint64_t config, bool user_only, const char *what);

#endif
