/* destination.c - the report's destination: standard error, standard output or a file. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
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

/* A new file beside d->path, named as no textfile collector reads it (".NAME.XXXXXX", no
 * ".prom" at the end), open on *fd; its name in tmp. -1 with errno. */
static int temporary_open(const struct destination *d, char *tmp, size_t cap, int *fd)
{
	const char *slash = strrchr(d->path, '/');
	int dir_len = slash ? (int)(slash - d->path + 1) : 0;

	if ((size_t)snprintf(tmp, cap, "%.*s.%s.XXXXXX", dir_len, d->path,
			     d->path + dir_len) >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	*fd = mkostemp(tmp, O_CLOEXEC);
	return *fd < 0 ? -1 : 0;
}

/* The file the symbolic link path names at the end of its chain, whether it exists yet or
 * not, into out: a relative target is taken from its link's directory, as the kernel takes
 * it. realpath() fails on a link whose target is still to be made. -1 with errno. */
static int link_target(const char *path, char *out, size_t cap)
{
	char target[PATH_MAX];
	struct stat st;
	int hops = 0;

	if ((size_t)snprintf(out, cap, "%s", path) >= cap)
		goto too_long;
	while (lstat(out, &st) == 0 && S_ISLNK(st.st_mode)) {
		const char *slash = strrchr(out, '/');
		size_t dir_len;
		ssize_t len;

		if (++hops > 40) { /* the kernel's own limit on a chain of links */
			errno = ELOOP;
			return -1;
		}
		len = readlink(out, target, sizeof(target) - 1);
		if (len < 0)
			return -1;
		target[len] = '\0';
		dir_len = slash && target[0] != '/' ? (size_t)(slash - out + 1) : 0;
		if ((size_t)snprintf(out + dir_len, cap - dir_len, "%s", target) >= cap - dir_len)
			goto too_long;
	}
	/* A target that is not there yet is made by the rename; another reason lstat()
	 * failed is said when the temporary file cannot be made beside it. */
	return 0;
too_long:
	errno = ENAMETOOLONG;
	return -1;
}

int destination_open_replacing(struct destination *d, const char *path, bool required,
			       struct hp_err *err)
{
	char tmp[PATH_MAX + 16];
	struct stat st;
	int fd;

	memset(d, 0, sizeof(*d));
	snprintf(d->label, sizeof(d->label), "'%s'", path);
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (required)
			return err_set(err, "cannot write the report to %s: it is no regular file, "
				       "which hpstat replaces whole at each write", d->label);
		return destination_open(d, path, false, NULL, NULL, err);
	}
	/* Renaming over a symbolic link would replace the link: the file it names is. */
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (link_target(path, d->path, sizeof(d->path)))
			return err_set(err, "cannot write the report to %s: %s", d->label,
				       strerror(errno));
	} else if ((size_t)snprintf(d->path, sizeof(d->path), "%s", path) >= sizeof(d->path)) {
		return err_set(err, "cannot write the report to %s: %s", d->label,
			       strerror(ENAMETOOLONG));
	}
	/* A directory that takes no file fails now, before anything is measured. */
	if (temporary_open(d, tmp, sizeof(tmp), &fd))
		return err_set(err, "cannot write the report to %s: cannot make a file in its "
			       "directory: %s", d->label, strerror(errno));
	close(fd);
	unlink(tmp);
	d->replace = true;
	return 0;
}

/* The mode a replacement of d->path gets: the file's own, or what open() would give a new
 * one. */
static mode_t replacement_mode(const struct destination *d)
{
	struct stat st;
	mode_t mask;

	if (stat(d->path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The whole text into a new file, synced, then renamed over d->path: a reader opens either
 * file whole. Killed midway, hpstat leaves the old file and at most a stray temporary one. */
static int replace_write(struct destination *d, const char *text, size_t len,
			 struct hp_err *err)
{
	char tmp[PATH_MAX + 16];
	size_t done = 0;
	int fd, saved;

	if (temporary_open(d, tmp, sizeof(tmp), &fd))
		return err_set(err, "cannot write the report to %s: cannot make a file in its "
			       "directory: %s", d->label, strerror(errno));
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			errno = EIO;
		if (n <= 0)
			goto fail;
		done += (size_t)n;
	}
	if (fchmod(fd, replacement_mode(d)) || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, d->path))
		goto fail;
	d->written = true;
	return 0;
fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return err_set(err, "cannot write the report to %s: %s", d->label, strerror(saved));
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
	if (d->replace)
		return replace_write(d, text, len, err);
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
