/* names.c - directory entries read into a growable list, sorted, deduplicated. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

static int names_push(struct names *l, const char *name)
{
	char *copy;

	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 32;
		char **grown = realloc(l->names, cap * sizeof(*grown));

		if (!grown)
			return -1;
		l->names = grown;
		l->cap = cap;
	}
	copy = strdup(name);
	if (!copy)
		return -1;
	l->names[l->n++] = copy;
	return 0;
}

int names_read_dir(struct names *l, const char *dir, names_keep_fn keep, void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return 0;
	while (ret == 0 && (de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (keep && !keep(dirfd(d), de->d_name, ctx))
			continue;
		ret = names_push(l, de->d_name);
	}
	closedir(d);
	return ret;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void names_sort_unique(struct names *l)
{
	size_t i, kept = 0;

	if (l->n)
		qsort(l->names, l->n, sizeof(*l->names), compare_names);
	for (i = 0; i < l->n; i++) {
		if (kept && strcmp(l->names[kept - 1], l->names[i]) == 0)
			free(l->names[i]);
		else
			l->names[kept++] = l->names[i];
	}
	l->n = kept;
}

void names_release(struct names *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->n = l->cap = 0;
}
