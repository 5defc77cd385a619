/* err.h - one error message, written once by the code that knows what failed. */
#ifndef HPSTAT_ERR_H
#define HPSTAT_ERR_H

#include <stddef.h>

/* The exit statuses of hpstat's own failures; otherwise it exits with the command's status. */
enum hpstat_exit {
	HPSTAT_EXIT_PUSH_FAILED = 121,    /* the report was written, but --push could not send it */
	HPSTAT_EXIT_REGRESSION = 122,     /* a --fail-if limit was passed */
	HPSTAT_EXIT_SETUP_FAILED = 123,   /* a --prepare or --cleanup command failed */
	HPSTAT_EXIT_COMMAND_FAILED = 124, /* a compared command exited non-zero */
	HPSTAT_EXIT_ERROR = 125,      /* bad usage, unknown event, a report that cannot be written */
	HPSTAT_EXIT_CANNOT_EXEC = 126, /* the command was found but cannot be executed */
	HPSTAT_EXIT_NOT_FOUND = 127,   /* the command was not found */
};

/* Messages start lowercase, quote their subject, and say what to do where a user can act.
 * Only main.c prints them, prefixed with "hpstat: ". */
struct hp_err {
	char msg[512];
};

/* Formats the message into err (when err is not NULL) and returns -1, so that a failing
 * function can end with `return err_set(err, ...)`. Line breaks quoted from user input
 * become spaces: a message is always one line. */
int err_set(struct hp_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Writes s[from..to) of a string of len bytes into buf (cap bytes, NUL included) for quoting in
 * a message: control and non-ASCII bytes shown as '?', and "..." where the excerpt cuts the
 * string, at either end (also where cap is too small for the whole span). */
void err_excerpt(char *buf, size_t cap, const char *s, size_t len, size_t from, size_t to);

#endif
