/* version.h - what --version says. */
#ifndef HPSTAT_VERSION_H
#define HPSTAT_VERSION_H

#include <stdio.h>

/* Writes hpstat's release, the libpfm4 it runs with (its release and the PMUs it detects),
 * and the kernel's PMUs with the core one named, a line each. Reads the machine: libpfm4 is
 * loaded and started. A write error shows in out's error flag. */
void version_print(FILE *out);

#endif
