/* main.c - hpstat: parses the options, runs the mode they ask for, says why it failed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "caps.h"
#include "channel.h"
#include "compare.h"
#include "doctor.h"
#include "escape.h"
#include "launcher.h"
#include "list.h"
#include "options.h"
#include "run.h"
#include "version.h"

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

/* The one line hpstat says when it fails, with the user's words in it made safe to show;
 * -q never silences it: an error must not pass for a success. */
static void print_error(FILE *log, const struct hp_err *err)
{
	fputs("hpstat: ", log);
	escape_terminal(log, err->msg);
	fputc('\n', log);
	fflush(log);
}

/* --log-fd N: a stream of hpstat's own on descriptor N, which must be open for writing. It
 * writes through a close-on-exec copy, so that the command gets N only as the shell gave it,
 * and closing the stream leaves N itself open. NULL with err when N cannot be written. */
static FILE *log_open(int fd, struct hp_err *err)
{
	int flags = fcntl(fd, F_GETFL), copy = -1;
	FILE *log = NULL;

	if (flags < 0)
		err_set(err, "--log-fd %d: descriptor %d is not open (%s); open it in the shell, "
			"as in 'hpstat --log-fd 3 ... 3>hpstat.log'", fd, fd, strerror(errno));
	else if ((flags & O_ACCMODE) == O_RDONLY)
		err_set(err, "--log-fd %d: descriptor %d is open for reading only; open it for "
			"writing, as in 3>hpstat.log", fd, fd);
	else if ((copy = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0 || !(log = fdopen(copy, "w")))
		err_set(err, "--log-fd %d: %s", fd, strerror(errno));
	if (!log && copy >= 0)
		close(copy);
	return log;
}

/* --help and --version; a write error shows at the final flush of standard output. */
static void print_info(const struct options *opts)
{
	if (opts->action == OPTIONS_HELP)
		fputs(options_usage(), stdout);
	else
		version_print(stdout);
}

int main(int argc, char **argv)
{
	struct options opts;
	struct hp_err err = { "" };
	struct sigaction ignore = { .sa_handler = SIG_IGN }, pipe_at_start;
	struct launcher launcher;
	int status = HPSTAT_EXIT_ERROR, failed;
	FILE *log = stderr;

	standard_descriptors_open();
	if (caps_init(&err)) {
		print_error(stderr, &err);
		return HPSTAT_EXIT_ERROR;
	}
	/* A reader that went away (hpstat --list | head) must be a write error hpstat reports,
	 * not a silent death; the command gets SIGPIPE as hpstat got it. */
	sigaction(SIGPIPE, &ignore, &pipe_at_start);
	if (options_parse(&opts, argc, argv, &err) ||
	    channel_fds_inherited(opts.control, &err) ||
	    (opts.log_fd >= 0 && !(log = log_open(opts.log_fd, &err)))) {
		print_error(stderr, &err);
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
		/* Before anything is resolved or loaded: the commands start from its small copy of
		 * hpstat, so their peak memory is their own (launcher.h). */
		failed = launcher_open(&launcher, &pipe_at_start, &err);
		if (failed)
			break;
		if (options_comparing(&opts))
			failed = compare(&opts, log, &launcher, &status, &err);
		else
			failed = run(&opts, log, &launcher, &status, &err);
		/* Reaped, so that no process of hpstat's is left to hpstat's parent. By now it
		 * has mostly ended by itself (launcher_hand_over, in measure). */
		launcher_close(&launcher);
		break;
	}
	if (failed)
		print_error(log, &err);
	/* --help, --version, --list and -o - write to standard output: a full disk or a closed
	 * pipe there is a failure too. */
	if (fflush(stdout) || ferror(stdout)) {
		if (!failed) {
			err_set(&err, "cannot write to standard output: %s", strerror(errno));
			print_error(log, &err);
		}
		status = HPSTAT_EXIT_ERROR;
	}
	if (log != stderr)
		fclose(log);
	options_release(&opts);
	return status;
}
