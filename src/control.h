/* control.h - region-of-interest control: the --control argument, its lines, their commands. */
#ifndef HPSTAT_CONTROL_H
#define HPSTAT_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* ---- the --control argument -------------------------------------------------------------- */

enum control_kind {
	CONTROL_ENV,  /* hpstat makes two FIFOs and names them in HPSTAT_CONTROL(_ACK) */
	CONTROL_FIFO, /* fifo:CTL[,ACK]: FIFOs the user made (perf's form) */
	CONTROL_FD,   /* fd:CTL[,ACK]: descriptors hpstat inherited (perf's form) */
};

struct control_spec {
	enum control_kind kind;
	char *ctl_path; /* CONTROL_FIFO: malloc'd, never empty; NULL otherwise */
	char *ack_path; /* CONTROL_FIFO with ",ACK": malloc'd, never empty; NULL otherwise */
	int ctl_fd;     /* CONTROL_FD: 0..INT_MAX; -1 otherwise */
	int ack_fd;     /* CONTROL_FD with ",ACK": 0..INT_MAX; -1 otherwise */
};

/*
 * Reads a --control argument: "env", "fifo:CTL" or "fifo:CTL,ACK" (paths, split at the first
 * comma, neither empty), "fd:CTL" or "fd:CTL,ACK" (decimal digits only, at most INT_MAX).
 * On success spec owns its strings (control_spec_release). -1 with err, and spec left
 * releasable with nothing in it, for anything else; the message quotes text and shows the
 * accepted forms.
 */
int control_spec_parse(struct control_spec *spec, const char *text, struct hp_err *err);

/* Frees the strings and leaves spec as after a failed parse; safe to call twice. */
void control_spec_release(struct control_spec *spec);

/* ---- lines from a non-blocking descriptor ------------------------------------------------ */

/* The longest line a reader keeps, its '\n' not counted, is CONTROL_LINE_MAX - 1 bytes. */
#define CONTROL_LINE_MAX 256

/*
 * Splits bytes, as they come from read(2) in pieces of any size, into lines. Fixed size: a
 * writer cannot make it grow. Zero-initialised or control_reader_init() before use.
 */
struct control_reader {
	char line[CONTROL_LINE_MAX]; /* the line being gathered; NUL-terminated when yielded */
	size_t len;                  /* bytes gathered in line */
	bool overlong;               /* the current line passed the limit: dropping it */
	const char *in;              /* what control_reader_feed gave, not read yet */
	size_t in_len;
};

void control_reader_init(struct control_reader *r);

/*
 * Hands the reader len bytes. It keeps the pointer, not a copy: call control_reader_next
 * until it returns false before feeding again or reusing bytes.
 */
void control_reader_feed(struct control_reader *r, const char *bytes, size_t len);

/*
 * The next complete line of what was fed, without its '\n' (a '\r' before it stays: the
 * parser drops it). true with *line pointing into r, valid until the next call; false when
 * the bytes fed so far end inside a line, which is kept for the next feed. A NUL byte in a
 * line becomes 0x7f, so the line is never cut short and never parses as a command. A line
 * longer than CONTROL_LINE_MAX - 1 bytes is dropped up to its '\n' and yields *line == NULL
 * once: control_parse() turns that into its error reply.
 */
bool control_reader_next(struct control_reader *r, const char **line);

/* ---- the commands ------------------------------------------------------------------------- */

enum control_verb {
	CONTROL_ENABLE,  /* "enable": count from now on (perf's word) */
	CONTROL_DISABLE, /* "disable": stop counting, regions aside (perf's word) */
	CONTROL_PING,    /* "ping": nothing but the reply (perf's word) */
	CONTROL_START,   /* "start NAME": region NAME begins */
	CONTROL_STOP,    /* "stop NAME": region NAME ends */
};

/* A region name: 1 to CONTROL_NAME_MAX characters of A-Z a-z 0-9 _ . : - */
#define CONTROL_NAME_MAX 63

struct control_command {
	enum control_verb verb;
	char name[CONTROL_NAME_MAX + 1]; /* CONTROL_START and CONTROL_STOP; "" otherwise */
};

/*
 * Reads one line from control_reader_next (without its '\n'). Blanks (spaces, tabs) around
 * the words and a trailing '\r' are allowed; words are case-sensitive. Returns 0 with cmd
 * filled: act, then reply "ack". Returns 1 for a blank line: nothing to do and no reply.
 * Returns -1 with err for anything else (line NULL: the reader's overlong line), cmd
 * untouched: reply "err " and the message, which is one line quoting at most an excerpt of
 * the line, and otherwise ignore the line. "enable NAME" and "disable NAME", which perf
 * reads as one event's name, are errors here.
 */
int control_parse(struct control_command *cmd, const char *line, struct hp_err *err);

#endif
