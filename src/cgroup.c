/* cgroup.c - cgroup names as -G gives them, the cgroup2 mount, and the paths between them. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"

#define NAME_EXAMPLE "as in -G system.slice/ssh.service,user.slice"

/* The path below the mount that name[0..len) stands for: its parts joined by single '/'.
 * NULL with err for a "." or ".." part (which could leave the mount) or no memory. */
static char *name_path(const char *name, size_t len, struct hp_err *err)
{
	char *path = malloc(len + 1);
	size_t i = 0, used = 0;

	if (!path) {
		err_set(err, "out of memory");
		return NULL;
	}
	while (i < len) {
		size_t part;

		if (name[i] == '/') {
			i++;
			continue;
		}
		part = i;
		while (i < len && name[i] != '/')
			i++;
		if ((i - part == 1 && name[part] == '.') ||
		    (i - part == 2 && name[part] == '.' && name[part + 1] == '.')) {
			err_set(err, "cgroup name '%.*s' has a '%.*s' part: name a cgroup by its "
				"path below the cgroup v2 mount, " NAME_EXAMPLE, (int)len, name,
				(int)(i - part), name + part);
			free(path);
			return NULL;
		}
		if (used)
			path[used++] = '/';
		memcpy(path + used, name + part, i - part);
		used += i - part;
	}
	path[used] = '\0';
	return path;
}

static int list_add(struct cgroup_list *list, const char *name, size_t len, struct hp_err *err)
{
	char *path = name_path(name, len, err), **names, **paths;
	size_t i;

	if (!path)
		return -1;
	for (i = 0; i < list->n; i++)
		if (strcmp(list->paths[i], path) == 0) {
			free(path);
			return err_set(err, "cgroup '%.*s' is named twice (as '%s' and '%.*s'): "
				       "give each cgroup once", (int)len, name, list->names[i],
				       (int)len, name);
		}
	names = realloc(list->names, (list->n + 1) * sizeof(*names));
	if (names)
		list->names = names;
	paths = names ? realloc(list->paths, (list->n + 1) * sizeof(*paths)) : NULL;
	if (paths)
		list->paths = paths;
	if (!paths || !(names[list->n] = strndup(name, len))) {
		free(path);
		return err_set(err, "out of memory");
	}
	paths[list->n++] = path;
	return 0;
}

int cgroup_list_parse(struct cgroup_list *list, const char *text, struct hp_err *err)
{
	const char *p = text;

	for (;;) {
		size_t len = strcspn(p, ",");

		if (len == 0)
			return err_set(err, "empty cgroup name in '%s': give names separated by "
				       "commas, " NAME_EXAMPLE, text);
		if (list_add(list, p, len, err))
			return -1;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

void cgroup_list_release(struct cgroup_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->names[i]);
		free(list->paths[i]);
	}
	free(list->names);
	free(list->paths);
	memset(list, 0, sizeof(*list));
}

/* The next space-separated field of a mountinfo line at *p (the line ends at end): its start
 * and length; false when the line has no more. */
static bool field_next(const char **p, const char *end, const char **start, size_t *len)
{
	while (*p < end && **p == ' ')
		(*p)++;
	if (*p == end)
		return false;
	*start = *p;
	while (*p < end && **p != ' ')
		(*p)++;
	*len = (size_t)(*p - *start);
	return true;
}

static bool field_is(const char *start, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(start, word, len) == 0;
}

/* Whether the comma-separated options of a field hold word. */
static bool option_has(const char *start, size_t len, const char *word)
{
	const char *end = start + len;

	while (start < end) {
		const char *comma = memchr(start, ',', (size_t)(end - start));
		size_t n = (size_t)((comma ? comma : end) - start);

		if (field_is(start, n, word))
			return true;
		start += n + 1;
	}
	return false;
}

/* A mount point as mountinfo escapes it (space, tab, line break and backslash as \ooo),
 * unescaped into out. -1 when it does not fit. */
static int unescape(char *out, size_t cap, const char *start, size_t len)
{
	size_t i, used = 0;

	for (i = 0; i < len; i++) {
		char c = start[i];

		if (c == '\\' && i + 3 < len && start[i + 1] >= '0' && start[i + 1] <= '3' &&
		    start[i + 2] >= '0' && start[i + 2] <= '7' && start[i + 3] >= '0' &&
		    start[i + 3] <= '7') {
			c = (char)((start[i + 1] - '0') * 64 + (start[i + 2] - '0') * 8 +
				   (start[i + 3] - '0'));
			i += 3;
		}
		if (used + 1 >= cap)
			return -1;
		out[used++] = c;
	}
	out[used] = '\0';
	return 0;
}

/* One mountinfo line: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [TAGS...] - TYPE SOURCE
 * SUPEROPTIONS". Its mount point, type and super options; false when it has not that shape. */
struct mount_line {
	const char *point, *type, *super;
	size_t point_len, type_len, super_len;
};

static bool mount_line_parse(const char *line, const char *end, struct mount_line *m)
{
	const char *p = line, *start, *source;
	size_t len, source_len, i;

	for (i = 0; i < 6; i++) {
		if (!field_next(&p, end, &start, &len))
			return false;
		if (i == 4) {
			m->point = start;
			m->point_len = len;
		}
	}
	do
		if (!field_next(&p, end, &start, &len))
			return false;
	while (!field_is(start, len, "-"));
	if (!field_next(&p, end, &m->type, &m->type_len) ||
	    !field_next(&p, end, &source, &source_len))
		return false;
	if (!field_next(&p, end, &m->super, &m->super_len)) {
		m->super = "";
		m->super_len = 0;
	}
	return true;
}

int cgroup_mount_parse(const char *mountinfo, char *mount, size_t cap, struct hp_err *err)
{
	const char *line = mountinfo;
	char v1[256] = "";
	bool found = false;

	while (*line) {
		const char *end = strchr(line, '\n');
		struct mount_line m = { 0 };

		if (!end)
			end = line + strlen(line);
		if (mount_line_parse(line, end, &m)) {
			if (!found && field_is(m.type, m.type_len, "cgroup2")) {
				if (unescape(mount, cap, m.point, m.point_len))
					return err_set(err, "the cgroup v2 mount point is too long: "
						       "%zu bytes", m.point_len);
				found = true;
			} else if (!v1[0] && field_is(m.type, m.type_len, "cgroup") &&
				   option_has(m.super, m.super_len, "perf_event")) {
				if (unescape(v1, sizeof(v1), m.point, m.point_len))
					snprintf(v1, sizeof(v1), "a long path");
			}
		}
		line = *end ? end + 1 : end;
	}
	if (!found)
		return err_set(err, "no cgroup v2 file system is mounted (no cgroup2 in the "
			       "mount table): hpstat counts cgroup v2 groups only, and this machine "
			       "has cgroup v1 alone");
	if (v1[0])
		return err_set(err, "the perf_event controller is mounted on cgroup v1 at %s: the "
			       "kernel then counts no cgroup of v2 (%s); count the cgroup's "
			       "processes with -p, or unmount the v1 perf_event hierarchy", v1,
			       mount);
	return 0;
}

int cgroup_mount_find(const char *mountinfo_path, char *mount, size_t cap, struct hp_err *err)
{
	FILE *f = fopen(mountinfo_path, "re");
	char *text = NULL;
	size_t size = 0;
	ssize_t got;
	int ret;

	if (!f)
		return err_set(err, "cannot read '%s' to find the cgroup v2 mount: %s",
			       mountinfo_path, strerror(errno));
	/* Whole, however long (thousands of mounts on a container host): it holds no NUL. */
	got = getdelim(&text, &size, '\0', f);
	if (got < 0 && ferror(f)) {
		ret = err_set(err, "cannot read '%s' to find the cgroup v2 mount: %s",
			      mountinfo_path, strerror(errno));
	} else {
		ret = cgroup_mount_parse(got < 0 ? "" : text, mount, cap, err);
	}
	free(text);
	fclose(f);
	return ret;
}

int cgroup_path_join(char *out, size_t cap, const char *mount, const char *path, const char *name,
		     struct hp_err *err)
{
	int len = *path ? snprintf(out, cap, "%s%s%s", mount,
				   mount[0] && mount[strlen(mount) - 1] == '/' ? "" : "/", path) :
			  snprintf(out, cap, "%s", mount);

	if (len < 0 || (size_t)len >= cap)
		return err_set(err, "cgroup name '%s' is too long: its directory under %s would "
			       "take more than %zu bytes", name, mount, cap - 1);
	return 0;
}
