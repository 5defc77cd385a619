/* channel.h - the --control channel: the FIFOs or descriptors a command turns counting on
 * and off through, opened for hpstat's wait loop. */
#ifndef HPSTAT_CHANNEL_H
#define HPSTAT_CHANNEL_H

#include "control.h"
#include "err.h"

struct channel {
	int ctl_fd;       /* lines in (non-blocking); -1: no channel */
	int ack_fd;       /* replies out (non-blocking); -1: none */
	char *dir;        /* --control env: the private directory of the two FIFOs */
	char *ctl_path, *ack_path;
	char *python_path_was; /* PYTHONPATH before hpstat added its helper's directory */
	bool python_path_set;
};

/* Opens the channel spec describes. For env, makes two FIFOs in a new private directory and
 * names them in HPSTAT_CONTROL and HPSTAT_CONTROL_ACK, and puts the directory of hpstat's
 * Python helper (HPSTAT_PYTHON_DIR, else the installed one) first in PYTHONPATH, for the
 * command to inherit. -1 with err naming what could not be opened. */
int channel_open(struct channel *ch, const struct control_spec *spec, struct hp_err *err);

/* For --control fd:CTL[,ACK] (control: the option's text, or NULL): whether the descriptors
 * are open, checked as hpstat starts, before it opens any of its own, which could otherwise
 * take a closed descriptor's number and be read as the channel. -1 with err when not. */
int channel_fds_inherited(const char *control, struct hp_err *err);

/* Closes the descriptors hpstat opened and removes what it made. Safe to call twice. */
void channel_close(struct channel *ch);

#endif
