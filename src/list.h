/* list.h - the --list mode: what can be named here (with --supported, what opens). */
#ifndef HPSTAT_LIST_H
#define HPSTAT_LIST_H

#include "err.h"
#include "options.h"

/* Writes the listing to standard output as text, CSV or JSON. -1 with err on failure. */
int list(const struct options *opts, struct hp_err *err);

#endif
