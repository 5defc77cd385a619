/* commands.h - the commands a measurement runs, from the options: one command's argv, or
 * --compare's command lines, expanded by -L and split into words (or given to the shell). */
#ifndef HPSTAT_COMMANDS_H
#define HPSTAT_COMMANDS_H

#include <stddef.h>

#include "err.h"
#include "options.h"

struct command {
	char *name;   /* --name (with -L's values put in), else the command line */
	char *line;   /* the command line as the report shows it, -L's values put in */
	char **argv;  /* NULL-terminated, what is executed */
};

struct command_list {
	struct command *items;
	size_t n;
	size_t reference; /* the command the others are compared with (--reference) */
};

/*
 * Builds the list: without --compare or -L, opts->command is one command; with them each
 * word after the options is a command line. Each -L NAME V1,V2 replaces every {NAME} (in
 * --name labels too); a line is one command per combination of the values of the
 * parameters it uses, lines in order, the first -L's values varying slowest; a line that
 * uses none is one command. Lines are split into words (words_split) unless --shell gives
 * them to /bin/sh -c. -1 with err for a line that cannot be split, more --name labels than
 * command lines, an -L that no line uses, a label that does not match its line's
 * parameters, two commands with one name, an empty -L value, or a --reference that names
 * no command.
 */
int command_list_build(struct command_list *l, const struct options *opts, struct hp_err *err);
void command_list_release(struct command_list *l);

/* The argv of every command, for measure(): an array of l->n pointers, malloc'd. */
char *const **command_list_argvs(const struct command_list *l);

#endif
