/* script.h - what an exec that answered "not found" could not find, when the command itself
 * is there: a script's interpreter. execve() says ENOENT for both. */
#ifndef HPSTAT_SCRIPT_H
#define HPSTAT_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

/* The file execvp() would try for name: name itself when it has a '/', else the first regular
 * file of that name in path_list (a PATH value; NULL: execvp's default, "/bin:/usr/bin"; an
 * empty entry: the current directory). false when there is none. */
bool script_find(const char *name, const char *path_list, char *out, size_t cap);

/* The interpreter a script's first line names ("#!/bin/sh -e" gives "/bin/sh"), carriage
 * return included when the line has one. false when the file cannot be read or does not
 * start with "#!". */
bool script_interpreter(const char *file, char *out, size_t cap);

#endif
