/* channel.c - the --control FIFOs and descriptors, made or opened for the wait loop. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "channel.h"
#include "hpstat_paths.h" /* HPSTAT_PYTHON_DIR: the installed Python helper's directory */

/* O_RDWR on a FIFO: the open never waits for the other end, and the control FIFO never reads
 * as ended when a writer closes it (hpstat is a writer too), so one channel serves every run
 * and every writer. */
static int fifo_open(const char *path, const char *what, struct hp_err *err)
{
	struct stat st;
	int fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		return err_set(err, "cannot open the --control %s FIFO '%s': %s (make it with "
			       "mkfifo)", what, path, strerror(errno));
	if (fstat(fd, &st) || !S_ISFIFO(st.st_mode)) {
		close(fd);
		return err_set(err, "--control %s '%s' is not a FIFO: name a FIFO, made with "
			       "mkfifo", what, path);
	}
	return fd;
}

static int fd_check(int fd, const char *what, struct hp_err *err)
{
	int flags = fcntl(fd, F_GETFL);
	struct stat st;

	if (flags < 0)
		return err_set(err, "--control %s descriptor %d is not open: open it for hpstat, "
			       "as in 'hpstat --control fd:3 ... 3<>ctl.fifo'", what, fd);
	/* A file or a device (/dev/zero) would never run dry or wait for a writer. */
	if (fstat(fd, &st) || !(S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		return err_set(err, "--control %s descriptor %d is not a FIFO or a socket: give a "
			       "FIFO (mkfifo) or a pipe", what, fd);
	fcntl(fd, F_SETFL, flags | O_NONBLOCK);
	return fd;
}

static char *path_in(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);

	if (path)
		snprintf(path, len, "%s/%s", dir, name);
	return path;
}

/* Where `import hpstat` finds its helper: first on the command's PYTHONPATH. */
static int python_path_add(struct channel *ch, struct hp_err *err)
{
	const char *dir = secure_getenv("HPSTAT_PYTHON_DIR"), *was = getenv("PYTHONPATH");
	char *value;
	size_t len;

	if (!dir || !*dir)
		dir = HPSTAT_PYTHON_DIR;
	if (was && !(ch->python_path_was = strdup(was)))
		return err_set(err, "out of memory");
	len = strlen(dir) + (was ? strlen(was) + 1 : 0) + 1;
	value = malloc(len);
	if (!value)
		return err_set(err, "out of memory");
	snprintf(value, len, "%s%s%s", dir, was && *was ? ":" : "", was ? was : "");
	ch->python_path_set = setenv("PYTHONPATH", value, 1) == 0;
	free(value);
	return 0;
}

static int env_open(struct channel *ch, struct hp_err *err)
{
	const char *tmp = secure_getenv("TMPDIR");
	char *template = path_in(tmp && *tmp ? tmp : "/tmp", "hpstat-control.XXXXXX");

	if (!template)
		return err_set(err, "out of memory");
	if (!mkdtemp(template)) {
		err_set(err, "cannot make a directory for the --control FIFOs in '%s': %s",
			tmp && *tmp ? tmp : "/tmp", strerror(errno));
		free(template);
		return -1;
	}
	ch->dir = template;
	ch->ctl_path = path_in(ch->dir, "control");
	ch->ack_path = path_in(ch->dir, "ack");
	if (!ch->ctl_path || !ch->ack_path)
		return err_set(err, "out of memory");
	if (mkfifo(ch->ctl_path, 0600) || mkfifo(ch->ack_path, 0600))
		return err_set(err, "cannot make the --control FIFOs in '%s': %s", ch->dir,
			       strerror(errno));
	if ((ch->ctl_fd = fifo_open(ch->ctl_path, "control", err)) < 0 ||
	    (ch->ack_fd = fifo_open(ch->ack_path, "ack", err)) < 0)
		return -1;
	if (setenv("HPSTAT_CONTROL", ch->ctl_path, 1) ||
	    setenv("HPSTAT_CONTROL_ACK", ch->ack_path, 1))
		return err_set(err, "cannot set HPSTAT_CONTROL: %s", strerror(errno));
	return python_path_add(ch, err);
}

int channel_fds_inherited(const char *control, struct hp_err *err)
{
	struct control_spec spec;
	int ret = 0;

	if (!control || strncmp(control, "fd:", 3) != 0)
		return 0;
	if (control_spec_parse(&spec, control, err))
		return -1;
	if (fd_check(spec.ctl_fd, "control", err) < 0 ||
	    (spec.ack_fd >= 0 && fd_check(spec.ack_fd, "ack", err) < 0))
		ret = -1;
	control_spec_release(&spec);
	return ret;
}

/* The same FIFO (or pipe) for lines in and replies out: hpstat would read its own replies
 * as lines, and answer them, for good. One socket both ways is fine: what hpstat writes goes
 * to its peer. */
static int channel_distinct(const struct channel *ch, struct hp_err *err)
{
	struct stat ctl, ack;

	if (ch->ack_fd < 0 || fstat(ch->ctl_fd, &ctl) || fstat(ch->ack_fd, &ack) ||
	    !S_ISFIFO(ctl.st_mode) || ctl.st_dev != ack.st_dev || ctl.st_ino != ack.st_ino)
		return 0;
	return err_set(err, "--control's control and ack are one FIFO: hpstat would read its own "
		       "replies as commands; give two FIFOs, as in fifo:ctl.fifo,ack.fifo");
}

int channel_open(struct channel *ch, const struct control_spec *spec, struct hp_err *err)
{
	memset(ch, 0, sizeof(*ch));
	ch->ctl_fd = ch->ack_fd = -1;
	switch (spec->kind) {
	case CONTROL_ENV:
		return env_open(ch, err);
	case CONTROL_FIFO:
		if ((ch->ctl_fd = fifo_open(spec->ctl_path, "control", err)) < 0)
			return -1;
		if (spec->ack_path && (ch->ack_fd = fifo_open(spec->ack_path, "ack", err)) < 0)
			return -1;
		return channel_distinct(ch, err);
	case CONTROL_FD:
		if (fd_check(spec->ctl_fd, "control", err) < 0 ||
		    (spec->ack_fd >= 0 && fd_check(spec->ack_fd, "ack", err) < 0))
			return -1;
		/* dup'd: closing the channel leaves the caller's descriptors alone */
		ch->ctl_fd = fcntl(spec->ctl_fd, F_DUPFD_CLOEXEC, 3);
		ch->ack_fd = spec->ack_fd >= 0 ? fcntl(spec->ack_fd, F_DUPFD_CLOEXEC, 3) : -1;
		if (ch->ctl_fd < 0 || (spec->ack_fd >= 0 && ch->ack_fd < 0))
			return err_set(err, "cannot use the --control descriptors: %s",
				       strerror(errno));
		return channel_distinct(ch, err);
	}
	return err_set(err, "unknown --control kind");
}

void channel_close(struct channel *ch)
{
	if (ch->ctl_fd >= 0)
		close(ch->ctl_fd);
	if (ch->ack_fd >= 0)
		close(ch->ack_fd);
	ch->ctl_fd = ch->ack_fd = -1;
	if (ch->ctl_path && ch->dir)
		unlink(ch->ctl_path);
	if (ch->ack_path && ch->dir)
		unlink(ch->ack_path);
	if (ch->dir)
		rmdir(ch->dir);
	if (ch->python_path_set) {
		if (ch->python_path_was)
			setenv("PYTHONPATH", ch->python_path_was, 1);
		else
			unsetenv("PYTHONPATH");
	}
	free(ch->dir);
	free(ch->ctl_path);
	free(ch->ack_path);
	free(ch->python_path_was);
	ch->dir = ch->ctl_path = ch->ack_path = ch->python_path_was = NULL;
	ch->python_path_set = false;
}
