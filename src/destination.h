/* destination.h - where a report goes (-o): opened before anything runs, written in one
 * piece at the end, so a bad path costs no measurement and a failure leaves no half file. */
#ifndef HPSTAT_DESTINATION_H
#define HPSTAT_DESTINATION_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"

struct destination {
	FILE *file;                   /* the fallback stream, stdout, or the -o file (owned);
				       * NULL: the report goes nowhere (--quiet) */
	bool owned;                   /* file is the -o file, closed here */
	bool append;                  /* --append: add to the file instead of replacing it */
	bool written;                 /* something was written: later writes add to it */
	char label[PATH_MAX + 16];    /* for messages: "standard error", "'report.txt'" */
};

/* path NULL: fallback, called fallback_label in messages ("standard error", the --log-fd
 * descriptor), or nowhere when fallback is NULL; "-": standard output; else the file,
 * created if need be but not yet emptied (a failed measurement leaves the last report in
 * place). -1 with err. */
int destination_open(struct destination *d, const char *path, bool append, FILE *fallback,
		     const char *fallback_label, struct hp_err *err);

/* Writes text[0..len) as the whole report: a regular file is emptied first unless
 * appending; nothing when the report goes nowhere. -1 with err on a write error. */
int destination_write(struct destination *d, const char *text, size_t len,
		      struct hp_err *err);

/* Closes an owned file; -1 with err when the close reports a write error. */
int destination_close(struct destination *d, struct hp_err *err);

#endif
