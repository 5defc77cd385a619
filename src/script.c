/* script.c - a script's interpreter, for the message when it is missing (see script.h). */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "script.h"

static bool regular_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool script_find(const char *name, const char *path_list, char *out, size_t cap)
{
	const char *dir = path_list ? path_list : "/bin:/usr/bin";

	if (!*name)
		return false;
	if (strchr(name, '/')) {
		if ((size_t)snprintf(out, cap, "%s", name) >= cap)
			return false;
		return regular_file(out);
	}
	for (;;) {
		size_t len = strcspn(dir, ":");
		int n = len ? snprintf(out, cap, "%.*s/%s", (int)len, dir, name) :
			      snprintf(out, cap, "%s", name);

		if (n > 0 && (size_t)n < cap && regular_file(out))
			return true;
		if (!dir[len])
			return false;
		dir += len + 1;
	}
}

bool script_interpreter(const char *file, char *out, size_t cap)
{
	char line[256];
	ssize_t got;
	size_t start = 2, end;
	int fd;

	if (cap == 0 || (fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	got = read(fd, line, sizeof(line) - 1);
	close(fd);
	if (got < 2 || line[0] != '#' || line[1] != '!')
		return false;
	line[got] = '\0';
	/* The kernel skips blanks after "#!"; the interpreter ends at a blank or the line's end
	 * (a carriage return stays part of it, as for the kernel). */
	while (line[start] == ' ' || line[start] == '\t')
		start++;
	end = start + strcspn(line + start, " \t\n");
	if (end == start)
		return false;
	snprintf(out, cap, "%.*s", (int)(end - start), line + start);
	return true;
}
