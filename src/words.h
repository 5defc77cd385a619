/* words.h - a command line split into words the way a POSIX shell quotes, expanding nothing. */
#ifndef HPSTAT_WORDS_H
#define HPSTAT_WORDS_H

#include "err.h"

/*
 * Splits line into a NULL-terminated, malloc'd argv (free with words_free()). Words are
 * separated by blanks (space, tab, newline). Inside '...' everything is literal; inside "..."
 * a backslash escapes only \ " $ ` and a newline; elsewhere a backslash escapes the next
 * character and a backslash-newline vanishes. Nothing is expanded: no variables, globs or ~.
 * -1 with err for an unterminated quote, a trailing backslash, no word at all, an
 * unquoted character only a shell gives meaning to (| & ; < > ( ) $ `), or a $ or ` inside
 * "..." (sh expands those there): such a line wants --shell.
 */
int words_split(const char *line, char ***argv, struct hp_err *err);

void words_free(char **argv);

#endif
