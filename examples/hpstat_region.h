/* hpstat_region.h - count only part of a C program under `hpstat --control env`: paste or include.
 *
 *	#include "hpstat_region.h"
 *
 *	hpstat_control("start solve");	// or "enable"
 *	solve();
 *	hpstat_control("stop solve");	// or "disable"
 *
 * Run it as `hpstat --control env -e task-clock,page-faults ./prog`: counting starts disabled
 * and is on only inside regions (start NAME ... stop NAME, NAME 1 to 63 of A-Z a-z 0-9 _ . : -)
 * or between enable and disable. hpstat_control() writes one command line to the FIFO named
 * in HPSTAT_CONTROL and waits for hpstat's reply on the one in HPSTAT_CONTROL_ACK, so when it
 * returns, hpstat has acted. It returns 0 on "ack"; 0 without doing anything when
 * HPSTAT_CONTROL is unset (not run under hpstat), so the program runs unchanged; -1 after
 * writing hpstat's "err ..." reply, or what failed, to stderr.
 *
 * Only open, read, write and string functions: no stdio, no malloc. Should hpstat be gone,
 * the write raises SIGPIPE (which ends the program unless ignored) or the read gets no
 * reply. The descriptors are opened on the first call and kept: include this in one file of
 * a program, and call it from one thread at a time.
 * Needs POSIX.1-2008 (O_CLOEXEC): build with -std=gnu11 or -D_POSIX_C_SOURCE=200809L.
 */
#ifndef HPSTAT_REGION_H
#define HPSTAT_REGION_H

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static inline void hpstat_control_say(const char *a, const char *b, const char *c,
				      const char *d)
{
	const char *parts[] = { "hpstat_control: ", a, b, c, d, "\n" };
	size_t i;

	for (i = 0; i < sizeof(parts) / sizeof(parts[0]); i++)
		if (write(2, parts[i], strlen(parts[i])) < 0)
			return;
}

/* All len bytes, whatever signals interrupt. */
static inline int hpstat_control_write(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		s += n;
		len -= (size_t)n;
	}
	return 0;
}

static inline int hpstat_control(const char *line)
{
	static int ctl = -1, ack = -1;
	char reply[128];
	size_t len = 0;
	const char *path;

	if (ctl < 0) {
		path = getenv("HPSTAT_CONTROL");
		if (!path || !*path)
			return 0;
		/* Control first, then ack: the order a perf --control writer uses. */
		ctl = open(path, O_WRONLY | O_CLOEXEC);
		if (ctl < 0) {
			hpstat_control_say("cannot open HPSTAT_CONTROL '", path, "': ",
					   strerror(errno));
			return -1;
		}
		path = getenv("HPSTAT_CONTROL_ACK");
		if (path && *path) {
			ack = open(path, O_RDONLY | O_CLOEXEC);
			if (ack < 0) {
				hpstat_control_say("cannot open HPSTAT_CONTROL_ACK '", path, "': ",
						   strerror(errno));
				close(ctl);
				ctl = -1;
				return -1;
			}
		}
	}
	if (hpstat_control_write(ctl, line, strlen(line)) || hpstat_control_write(ctl, "\n", 1)) {
		hpstat_control_say("cannot write '", line, "' to hpstat: ", strerror(errno));
		return -1;
	}
	if (ack < 0)
		return 0;
	/* Byte by byte up to the '\n': one reply per command, never read past it. */
	for (;;) {
		char c;
		ssize_t n = read(ack, &c, 1);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			hpstat_control_say("no reply from hpstat to '", line, "'", "");
			return -1;
		}
		if (c == '\n')
			break;
		if (len < sizeof(reply) - 1)
			reply[len++] = c;
	}
	if (len > 0 && reply[len - 1] == '\r')
		len--;
	reply[len] = '\0';
	if (strcmp(reply, "ack") == 0)
		return 0;
	hpstat_control_say("'", line, "': hpstat replied: ", reply);
	return -1;
}

#endif
