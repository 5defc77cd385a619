/* cpu_match.h - the "cpu:" lines of a CPU family's preset: which CPUs it describes. */
#ifndef HPSTAT_CPU_MATCH_H
#define HPSTAT_CPU_MATCH_H

#include <stdbool.h>

#include "err.h"

/* What a "cpu:" line can ask about the machine. The cheap facts are plain data; the two that
 * cost something (a sysfs lookup, starting libpfm4) are asked for only when a line gets to
 * them, so a line that names the architecture or vendor first rules other machines out for
 * nothing. */
struct cpu_facts {
	const char *arch;    /* uname's machine: "x86_64", "aarch64" */
	const char *vendor;  /* x86 vendor_id ("GenuineIntel", "AuthenticAMD"); "" elsewhere */
	int family, model;   /* x86 "cpu family" and "model"; -1 when unknown */
	/* Whether the core PMU publishes event name in sysfs (its events/ directory). */
	bool (*has_event)(void *ctx, const char *name);
	/* libpfm4's name for the core PMU ("skl", "amd64_fam19h_zen4"), "" when it has none. */
	const char *(*libpfm_pmu)(void *ctx);
	void *ctx;
};

/*
 * A line is conditions separated by blanks, all of which must hold:
 *   arch=NAME        uname's machine
 *   vendor=NAME      the x86 vendor_id
 *   family=N         the x86 family (decimal, or hex with 0x)
 *   model=LIST       the x86 model: numbers and ranges, "0x55,0x8e-0x9e"
 *   event=NAME       the core PMU publishes NAME in sysfs
 *   libpfm=A[,B...]  libpfm4's name for the core PMU is one of these
 * Checks the syntax of a line: -1 with err naming the first bad condition and what is
 * allowed.
 */
int cpu_match_check(const char *line, struct hp_err *err);

/* Whether facts meet every condition of line (which cpu_match_check() accepted). */
bool cpu_match(const struct cpu_facts *facts, const char *line);

#endif
