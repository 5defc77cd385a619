/* event_sysfs.h - the event module's file-system half: sysfs PMUs and tracefs tracepoints. */
#ifndef HPSTAT_EVENT_SYSFS_H
#define HPSTAT_EVENT_SYSFS_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "event.h"
#include "names.h"
#include "pmu_format.h"

/* Where the kernel publishes PMUs and tracepoints; tests point these at a fake tree. */
struct event_sysfs_paths {
	const char *devices;     /* holds one directory per PMU, with type, format/, events/ */
	const char *tracefs[3];  /* tracefs mount points to try in order, NULL-terminated */
};

/* /sys/bus/event_source/devices; /sys/kernel/tracing, then /sys/kernel/debug/tracing. */
extern const struct event_sysfs_paths event_sysfs_system;

/* Resolves perf's "pmu/event/", "pmu/term=value,.../" (modifiers after the last slash) into
 * ev->attr and the named event's ev->scale and ev->unit (left as they are when the event has
 * no .scale/.unit file); ev->mode, ev->name and ev->group are the caller's. -1 with a one-line
 * error for a malformed name, an unknown PMU (listing those there are), an unknown term
 * (listing the PMU's terms), an unknown named event (listing the PMU's events), a value too
 * wide for its bit field, a placeholder term ("umask=?") left without a value. */
int event_sysfs_resolve(const struct event_sysfs_paths *paths, struct event *ev,
			const char *name, struct hp_err *err);

/* The named event of a sysfs PMU that a bare name stands for. */
struct event_sysfs_alias {
	char pmu[PMU_NAME_MAX];
	char event[PMU_NAME_MAX]; /* as the kernel spells it, whatever case the name used */
};

/*
 * Finds a PMU in paths->devices that publishes name as one of its events/ ("tsc",
 * "topdown-retiring", "inst_retired", "energy-pkg"), as perf looks up a bare name that is not
 * one of its generic, cache or raw names. Case-insensitive, as perf compares them ("TSC" is
 * msr's "tsc"), though a PMU that has the exact spelling wins over one that has it in another
 * case. When several PMUs publish the name, the core PMU wins: the one whose type is 4
 * (PERF_TYPE_RAW: "cpu", a hybrid's "cpu_core"), then one perf takes for a core PMU (named
 * "cpu", or with a cpus file: a hybrid's "cpu_atom", Arm's "armv8_pmuv3_0"), then the first
 * by name. A name that cannot be an events file is never found: empty, PMU_NAME_MAX bytes
 * or longer, starting with '.', with characters other than letters, digits, '_', '-' and '.'
 * (so no '/'), or a companion file (".scale", ".unit", ".per-pkg", ".snapshot"). true with
 * *found set; false when no PMU has it (directories that cannot be read are passed over).
 */
bool event_sysfs_alias_find(const struct event_sysfs_paths *paths, const char *name,
			    struct event_sysfs_alias *found);

/* The core PMU's directory name into out ("" when there is none, as in a virtual machine
 * without a PMU): the one of type 4 (PERF_TYPE_RAW: "cpu", hybrid "cpu_core"), else one perf
 * calls a core PMU ("cpu", or a cpus file: Arm's "armv8_pmuv3_0"), the first by name. */
void event_sysfs_core_pmu(const struct event_sysfs_paths *paths, char *out, size_t cap);

/* Whether PMU pmu publishes event name (spelt exactly) in its events/. */
bool event_sysfs_pmu_publishes(const struct event_sysfs_paths *paths, const char *pmu,
			       const char *name);

/* PMU pmu's pipeline slots per cycle (caps/slots, on Arm), NaN when it publishes none. */
double event_sysfs_pmu_slots(const struct event_sysfs_paths *paths, const char *pmu);

/* Whether name has a tracepoint's shape: "subsystem:event" with optional ":mods", the two
 * parts free of '/' and not "." or "..". */
bool event_tracepoint_shaped(const char *name);

enum event_tracepoint_status {
	EVENT_TRACEPOINT_FOUND = 0,
	EVENT_TRACEPOINT_ERROR = -1,        /* err set: the subsystem exists, the event does not,
					       or tracefs cannot be read */
	EVENT_TRACEPOINT_NO_SUBSYSTEM = 1,  /* err set to say so; the name may be a misspelt
					       libpfm4 name, so the caller chooses the message */
	EVENT_TRACEPOINT_NO_TRACEFS = 2,    /* err set: tracefs is not mounted, how to mount it */
};

/* Resolves a tracepoint-shaped name through the id file of the first tracefs that is
 * mounted: PERF_TYPE_TRACEPOINT, config = the id, modifiers applied. */
enum event_tracepoint_status event_tracepoint_resolve(const struct event_sysfs_paths *paths,
						      struct event *ev, const char *name,
						      struct hp_err *err);

/* Whether a tracepoint-shaped name holds a glob ('*', '?' or '[') in either part. */
bool event_tracepoint_globbed(const char *name);

/* Expands a globbed "SUBSYSTEM:EVENT" (each part a shell pattern, "sched:*",
 * "syscalls:sys_enter_open*") into every tracepoint of the first tracefs mounted that
 * matches, as sorted "subsystem:event" names appended to out. -1 with err when tracefs
 * cannot be read, memory runs out, or nothing matches. */
int event_tracepoint_glob(const struct event_sysfs_paths *paths, const char *pattern,
			  struct names *out, struct hp_err *err);

/* For --list (see event_listing_collect()): adds the named events of every PMU in
 * paths->devices as "pmu/event/" entries whose name contains l->pattern, the kernel's terms
 * as the description, with the event's .scale and .unit when it has them; with probe, only
 * those that resolve and open. A PMU whose events cannot be read is skipped. -1 with err when
 * memory runs out or probe fails. */
int event_sysfs_list(const struct event_sysfs_paths *paths, struct listing *l,
		     event_probe_fn probe, struct hp_err *err);

/* For --list: adds the tracepoint subsystems of the first tracefs mounted, each with how many
 * events it has; with a pattern, each SUBSYSTEM:EVENT that contains it instead. With probe,
 * the first tracepoint is opened for all: when it does not open, none is added. When tracefs
 * is not mounted or cannot be read, adds a note saying so (and how to mount it) and returns 0.
 * -1 with err when memory runs out or probe fails. */
int event_tracepoint_list(const struct event_sysfs_paths *paths, struct listing *l,
			  event_probe_fn probe, struct hp_err *err);

/* Writes the name of the PMU counting events of perf type `type` into out: "cpu" for the
 * core PMU's generic, cache and raw types, "software", "tracepoint", "breakpoint", the sysfs
 * directory whose type file holds `type`, or "type N". */
void event_sysfs_pmu_name(const struct event_sysfs_paths *paths, uint32_t type, char *out,
			  size_t cap);

#endif
