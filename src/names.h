/* names.h - the entries of directories, as a sorted list of owned strings. */
#ifndef HPSTAT_NAMES_H
#define HPSTAT_NAMES_H

#include <stdbool.h>
#include <stddef.h>

struct names {
	char **names; /* owned, each and the array */
	size_t n;
	size_t cap;
};

/* Whether to keep entry name of the directory open as dir_fd. */
typedef bool (*names_keep_fn)(int dir_fd, const char *name, void *ctx);

/* Appends the entries of dir that keep accepts (NULL keeps all but "." and ".."); a directory
 * that is missing or unreadable adds nothing. Returns 0, or -1 when out of memory (the names
 * read so far stay in the list). */
int names_read_dir(struct names *l, const char *dir, names_keep_fn keep, void *ctx);

/* Sorts the list by strcmp and drops repeated names. */
void names_sort_unique(struct names *l);

/* Frees every name and the array; the list is empty afterwards. */
void names_release(struct names *l);

#endif
