/* family.h - the CPU's own metrics: which family preset describes this CPU, and which of its
 * metric groups (top-down's TopdownL1, TopdownL2, ...) a measurement counts. */
#ifndef HPSTAT_FAMILY_H
#define HPSTAT_FAMILY_H

#include <stdbool.h>
#include <stddef.h>

#include "cpu_match.h"
#include "err.h"
#include "event_sysfs.h"
#include "preset.h"

/* The environment variable naming the family preset to use instead of the one detected: for a
 * CPU no "cpu:" line knows yet, and for tests (with LIBPFM_FORCE_PMU). */
#define FAMILY_ENV "HPSTAT_FAMILY"

/* The metric group --topdown counts; --td-level N counts "TopdownL1" to "TopdownLN". */
#define FAMILY_TOPDOWN_PREFIX "TopdownL"

/* What hpstat knows of this machine's CPU, read once: the facts cpu_match judges, the core
 * PMU's sysfs directory and its pipeline slots per cycle. */
struct family_machine {
	char arch[72];
	char vendor[32];
	int family, model;          /* -1 when unknown */
	char core_pmu[64];          /* the core PMU's directory name; "" when there is none */
	double pmu_slots;           /* caps/slots of the core PMU; NaN when not published */
	const struct event_sysfs_paths *paths;
	struct cpu_facts facts;     /* over the fields above */
};

/* The CPU's identity: uname's machine, and on x86 CPUID's vendor, family and model. */
struct family_cpu_id {
	const char *arch;    /* "x86_64", "aarch64" */
	const char *vendor;  /* "GenuineIntel", "AuthenticAMD"; "" elsewhere */
	int family, model;   /* -1 elsewhere */
};

/* Reads paths' PMUs (event_sysfs_system for this machine), and where there is a core PMU the
 * CPU's identity (uname, CPUID: no /proc/cpuinfo, whose reading costs a virtual machine a
 * millisecond). The core PMU is event_sysfs_core_pmu()'s. Never fails: what cannot be read
 * stays unknown. */
void family_machine_read(struct family_machine *m, const struct event_sysfs_paths *paths);

/* The same with a given identity (tests). */
void family_machine_from(struct family_machine *m, const struct family_cpu_id *id,
			 const struct event_sysfs_paths *paths);

/*
 * Finds the preset in search_path (NULL: preset.h's default) one of whose "cpu:" lines m
 * meets; presets are tried in name order and the first match wins. Returns 1 with *out
 * loaded, 0 when no family describes this CPU (why says so in a few words: "no hardware PMU
 * in this machine", "no family file for GenuineIntel family 6 model 0x2a"), -1 with err when
 * the preset directories cannot be listed. A file that does not parse is passed over.
 */
int family_find(const struct family_machine *m, const char *search_path, struct preset *out,
		char *why, size_t why_cap, struct hp_err *err);

/* family_find() in the default preset path, unless $HPSTAT_FAMILY names the preset to use. */
int family_of_this_cpu(const struct family_machine *m, struct preset *out, char *why,
		       size_t why_cap, struct hp_err *err);

/* What a measurement counts of a family: the chosen groups' events and metrics. */
struct family_choice {
	char *events;   /* the events lines of the groups chosen, joined by ',' (-e grammar) */
	bool *metrics;  /* per preset metric: shown */
	size_t n_metrics;
};

/*
 * Chooses from p by names, a ','-separated list of group and metric names (without regard to
 * case): a group brings all its metrics, a metric only itself; either brings its group's
 * events, and the events of the earlier groups its formulas read. An events line whose events
 * a longer chosen line lists already is left out, so a level-2 group that counts level 1's
 * events too does not count them twice. -1 with err for a name p does not have (listing those
 * it has).
 */
int family_choose(const struct preset *p, const char *names, struct family_choice *out,
		  struct hp_err *err);
void family_choice_release(struct family_choice *c);

/* The groups --td-level asks for: "TopdownL1,...,TopdownL<level>" into out. */
void family_topdown_names(unsigned level, char *out, size_t cap);

#endif
