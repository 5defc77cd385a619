/* destination.c - the report's destination: standard error, standard output or a file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "destination.h"

int destination_open(struct destination *d, const char *path, bool append, FILE *fallback,
		     const char *fallback_label, struct hp_err *err)
{
	int fd;

	memset(d, 0, sizeof(*d));
	d->append = append;
	if (!path) {
		d->file = fallback;
		snprintf(d->label, sizeof(d->label), "%s", fallback_label);
		return 0;
	}
	if (strcmp(path, "-") == 0) {
		d->file = stdout;
		snprintf(d->label, sizeof(d->label), "standard output");
		return 0;
	}
	snprintf(d->label, sizeof(d->label), "'%s'", path);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : 0), 0666);
	if (fd >= 0 && !(d->file = fdopen(fd, append ? "a" : "w")))
		close(fd);
	if (!d->file)
		return err_set(err, "cannot open output file %s: %s", d->label, strerror(errno));
	d->owned = true;
	return 0;
}

/* Empties the file when it is a regular one (a device or a pipe has nothing to empty). */
static int empty_if_file(FILE *f)
{
	struct stat st;

	if (fstat(fileno(f), &st))
		return -1;
	return S_ISREG(st.st_mode) ? ftruncate(fileno(f), 0) : 0;
}

int destination_write(struct destination *d, const char *text, size_t len,
		      struct hp_err *err)
{
	/* Emptied at the first write, not at the open: a run that fails before any report
	 * leaves the file as it was. Later writes (interval lines, then the total) add to it. */
	if (!d->file)
		return 0;
	if (d->owned && !d->append && !d->written && empty_if_file(d->file))
		return err_set(err, "cannot write the report to %s: %s", d->label,
			       strerror(errno));
	if (fwrite(text, 1, len, d->file) != len || fflush(d->file))
		return err_set(err, "cannot write the report to %s: %s", d->label,
			       strerror(errno));
	d->written = true;
	return 0;
}

int destination_close(struct destination *d, struct hp_err *err)
{
	int ret = 0;

	if (d->owned && fclose(d->file))
		ret = err_set(err, "cannot write the report to %s: %s", d->label, strerror(errno));
	d->file = NULL;
	return ret;
}
