/* doctor.h - the --doctor mode: what this machine allows for counting, and why. */
#ifndef HPSTAT_DOCTOR_H
#define HPSTAT_DOCTOR_H

#include "err.h"
#include "options.h"

/* Reads the machine's facts (files only: no counter is opened) and writes the findings to
 * standard output as text or, with --json, JSON. -1 with err when that write fails. */
int doctor(const struct options *opts, struct hp_err *err);

#endif
