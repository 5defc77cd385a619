/* main.c - hpstat: parses the options, runs the mode they ask for, says why it failed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "compare.h"
#include "doctor.h"
#include "escape.h"
#include "list.h"
#include "options.h"
#include "run.h"

/* Descriptors 0-2 that hpstat was started without would be taken by the first files it
 * opens (a counter, the -o file) and then written as if they were standard error. */
static void standard_descriptors_open(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			_exit(HPSTAT_EXIT_ERROR); /* no /dev/null: no way to say so either */
}

/* The one line hpstat says when it fails, with the user's words in it made safe to show. */
static void print_error(const struct hp_err *err)
{
	fputs("hpstat: ", stderr);
	escape_terminal(stderr, err->msg);
	fputc('\n', stderr);
	fflush(stderr);
}

/* --help and --version; a write error shows at the final flush of standard output. */
static void print_info(const struct options *opts)
{
	if (opts->action == OPTIONS_HELP)
		fputs(options_usage(), stdout);
	else
		printf("hpstat %s\n", PACKAGE_VERSION);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct hp_err err = { "" };
	struct sigaction ignore = { .sa_handler = SIG_IGN }, pipe_at_start;
	int status = HPSTAT_EXIT_ERROR, failed;

	standard_descriptors_open();
	if (caps_init(&err)) {
		print_error(&err);
		return HPSTAT_EXIT_ERROR;
	}
	/* A reader that went away (hpstat --list | head) must be a write error hpstat reports,
	 * not a silent death; the command gets SIGPIPE as hpstat got it. */
	sigaction(SIGPIPE, &ignore, &pipe_at_start);
	if (options_parse(&opts, argc, argv, &err)) {
		print_error(&err);
		options_release(&opts);
		return HPSTAT_EXIT_ERROR;
	}
	switch (opts.action) {
	case OPTIONS_HELP:
	case OPTIONS_VERSION:
		print_info(&opts);
		failed = 0;
		status = EXIT_SUCCESS;
		break;
	case OPTIONS_LIST:
		failed = list(&opts, &err);
		status = failed ? HPSTAT_EXIT_ERROR : EXIT_SUCCESS;
		break;
	case OPTIONS_DOCTOR:
		failed = doctor(&opts, &err);
		status = failed ? HPSTAT_EXIT_ERROR : EXIT_SUCCESS;
		break;
	default:
		if (options_comparing(&opts))
			failed = compare(&opts, &pipe_at_start, &status, &err);
		else
			failed = run(&opts, &pipe_at_start, &status, &err);
		break;
	}
	if (failed)
		print_error(&err);
	/* --help, --version, --list and -o - write to standard output: a full disk or a closed
	 * pipe there is a failure too. */
	if (fflush(stdout) || ferror(stdout)) {
		if (!failed) {
			err_set(&err, "cannot write to standard output: %s", strerror(errno));
			print_error(&err);
		}
		status = HPSTAT_EXIT_ERROR;
	}
	options_release(&opts);
	return status;
}
