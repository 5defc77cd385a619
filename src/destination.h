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
	bool replace;                 /* each write replaces path whole (file is NULL) */
	char path[PATH_MAX];          /* replace: the file replaced, symbolic links followed */
	char label[PATH_MAX + 16];    /* for messages: "standard error", "'report.txt'" */
};

/* path NULL: fallback, called fallback_label in messages ("standard error", the --log-fd
 * descriptor), or nowhere when fallback is NULL; "-": standard output; else the file,
 * created if need be but not yet emptied (a failed measurement leaves the last report in
 * place). -1 with err. */
int destination_open(struct destination *d, const char *path, bool append, FILE *fallback,
		     const char *fallback_label, struct hp_err *err);

/* -o FILE for what a reader may read at any moment (node_exporter's textfile collector reads
 * an exposition whenever it is scraped): each write makes a new file in FILE's directory,
 * syncs it and renames it over FILE, so a reader finds the last whole report, or the one
 * before, never a part of one. FILE keeps its permissions (a new one: 0666 less the umask);
 * a symbolic link is followed, and stays: its target is replaced, or made where the link
 * points when it is not there yet. Checked now: FILE must be a regular file or not exist, and
 * the directory of the file replaced must take a new file. Where FILE is no regular file (a pipe, a
 * device), it is opened as destination_open() does, unless required: then -1 with err. */
int destination_open_replacing(struct destination *d, const char *path, bool required,
			       struct hp_err *err);

/* Writes text[0..len) as the whole report: a regular file is emptied first unless
 * appending; nothing when the report goes nowhere. -1 with err on a write error. */
int destination_write(struct destination *d, const char *text, size_t len,
		      struct hp_err *err);

/* Closes an owned file; -1 with err when the close reports a write error. */
int destination_close(struct destination *d, struct hp_err *err);

#endif
