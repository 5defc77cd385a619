/* event.h - event names resolved to perf_event_attr; the only module that knows libpfm4. */
#ifndef HPSTAT_EVENT_H
#define HPSTAT_EVENT_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "listing.h"
#include "modifier.h"
#include "spec.h"
#include "tool_event.h"

#define EVENT_NO_GROUP (-1)
#define EVENT_RESOLVED_MAX 160

/* Privilege levels an event counts, as perf writes them after the name. */
enum event_mode {
	EVENT_MODE_ALL,    /* user and kernel */
	EVENT_MODE_USER,   /* :u */
	EVENT_MODE_KERNEL, /* :k */
};

#define EVENT_UNIT_MAX 16

struct event {
	char *name;          /* owned; as the user wrote it, or generated for an added partner */
	const char *generic; /* perf's canonical generic name ("cycles"), or NULL (static) */
	enum event_mode mode;
	struct perf_event_attr attr;
	int group;           /* EVENT_NO_GROUP, or the number shared by one group's members */
	bool added;          /* added by hpstat as a partner a derived metric needs */
	bool encoded;        /* the user wrote the encoding: a raw code or sysfs terms */
	bool of_family;      /* counted for a CPU family's metric group (-M, --topdown): the
			      * family's metrics read it before a same-named event of -e's */
	bool absent;         /* a CPU family's event that does not resolve here: never opened,
			      * reported <not supported>, so the metrics reading it are not
			      * available rather than wrong (family.h) */
	/* What one count is worth, from a sysfs event's .scale and .unit files: report
	 * count x scale, in unit ("Joules" for power/energy-pkg/, scale 2.3283e-10). scale is 1.0
	 * and unit "" for every other event (a plain count); unit is NUL-terminated, truncated
	 * to EVENT_UNIT_MAX - 1 bytes. The scaling by time running is separate (counter). */
	double scale;
	char unit[EVENT_UNIT_MAX];
	/* What the name resolved to, for machine output: the generic name with its mode
	 * ("cycles:u"), libpfm4's fully qualified "pmu::EVENT:UMASK", or the kernel's encoding
	 * ("type=14,config=0x0") for sysfs events, raw codes and tracepoints. */
	char resolved[EVENT_RESOLVED_MAX];
	/* What the user asked for that changes nothing a counter counts, for -v: sampling
	 * modifiers (p, P, S, W) and the first sampling term (period=...), "" when none. */
	struct modifier_notes notes;
	char ignored_term[64];
	/* A tool event (duration_time, user_time, system_time): hpstat measures it and no
	 * counter is opened for it (tool_event.h). EVENT_TOOL_NONE for every kernel event. */
	enum event_tool tool;
};

/*
 * Resolves name into ev, trying in this order:
 *   perf's tool events "duration_time", "user_time", "system_time" (tool_event_resolve()).
 *   "PMU/EVENT/", "PMU/TERM=VALUE,.../" (a '/' in the name): a kernel PMU from
 *       /sys/bus/event_source/devices, perf's syntax; modifiers u, k, h after the last slash
 *       ("msr/tsc/u", or "msr/tsc/:u" as a group's modifier arrives). Sets scale and unit.
 *   "rHEX" (the whole name, optional ":u" ":k"): perf's raw code, PERF_TYPE_RAW.
 *   perf's generic names and aliases ("cycles", "cs", "perf::cycles"), case-insensitive,
 *       with modifiers u, k, h ("cycles:u", "cycles:uk"): from hpstat's own table, encoded
 *       as libpfm4 encodes them, without starting libpfm4.
 *   "SUBSYSTEM:EVENT" (optional ":u"...): a tracepoint found in tracefs (/sys/kernel/tracing,
 *       then /sys/kernel/debug/tracing), PERF_TYPE_TRACEPOINT with its id.
 *   libpfm4 (started on first need): "pmu::EVENT:UMASK" and every other modifier; a name it
 *       does not know either gets the hints above.
 * ev->name is a copy of name, ev->scale 1.0 and ev->unit "" unless a sysfs event says
 * otherwise. On failure returns -1 (ev holds nothing to release) with a one-line error naming
 * the event and what to do: the closest known names for a misspelling, the modifier that was
 * refused, the PMUs / terms / named events there are, the width of a term's bit field, the
 * subsystem's events, or how to mount tracefs. */
int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err);

/* Replaces each tracepoint glob of spec ("sched:*", "syscalls:sys_enter_open*:u", in a group
 * or not) with every tracepoint it matches, in name order, each with the glob's modifiers
 * and group. -1 with err when one matches nothing or tracefs cannot be read. */
int event_expand_globs(struct spec *spec, struct hp_err *err);

/* perf's group name ("name{a,b}") must not be an event: "task-clock{page-faults}" is a ','
 * forgotten, and would drop task-clock unsaid. -1 with err naming it. */
int event_check_group_names(const struct spec *spec, struct hp_err *err);

/* event_resolve() for an event of an -e list: se->name[0..se->own_len) is the event as
 * written, with its own modifiers; a group's ":MODS" after it add to them as perf adds a
 * group's modifiers to each member's (see modifier.h). The row is named se->name, or by the
 * name= term when there is one. */
int event_resolve_spec(struct event *ev, const struct spec_event *se, struct hp_err *err);

/* Checks that the members of each group (same ev->group) count on one PMU, as the kernel
 * schedules a group on one PMU: generic hardware, cache and raw events count on the core PMU;
 * software events and tracepoints may join any group. -1 with an error naming the first member
 * that differs, its PMU and the group's. */
int event_check_group(const struct event *events, size_t n, struct hp_err *err);

/* Resolves the generic event `generic` for the same privilege levels as anchor, named like
 * anchor ("instructions:u" beside "cycles:u"), marked as added. */
int event_resolve_partner(struct event *ev, const char *generic, const struct event *anchor,
			  int group, struct hp_err *err);

void event_release(struct event *ev);

/* Whether attr counts on this machine: 1 it opened, 0 the kernel refused it, -1 with errno
 * when the probe itself failed. counter_probe() is the one hpstat uses. */
typedef int (*event_probe_fn)(const struct perf_event_attr *attr);

/*
 * Adds to l every event a user can name whose name (or a generic event's alias) contains
 * l->pattern, in this order: perf's generic events (hardware, software, cache); perf's tool
 * events (tool_event_list()); the events of every PMU libpfm4 detects here, each followed by
 * its unit masks (libpfm4's perf_raw pseudo-PMU is left out: raw codes are written rNNNN);
 * the named events of the kernel PMUs in
 * sysfs, with their .scale and .unit; tracepoints, as subsystems with their event counts, or,
 * with a pattern, as the SUBSYSTEM:EVENT names that match. Where a source cannot be read
 * (tracefs not mounted or not readable), a note says so and the rest is listed.
 *
 * With probe (--supported; l->probed must be set), only what opens is added. To stay fast
 * with thousands of names: a libpfm4 event's default encoding is opened once, and its unit
 * masks only when it opened or when it has no default; a sysfs event that needs a value
 * ("umask=?") cannot open as named and is left out; tracepoints are counted by the kernel's
 * tracing code, not a PMU, so one is opened for all of them (closing a tracepoint costs the
 * kernel an RCU grace period, ~40 ms: opening each would take minutes). When even task-clock
 * is refused for want of permission, a note says so.
 *
 * -1 with err when libpfm4 cannot start, memory runs out or probe fails.
 */
int event_listing_collect(struct listing *l, event_probe_fn probe, struct hp_err *err);

/* Counts in *n_open how many of spec's events resolve and open here (a preset reference, or a
 * name that does not resolve, counts as not opening). -1 with err when probe fails. */
int event_spec_probe(const struct spec *spec, event_probe_fn probe, size_t *n_open,
		     struct hp_err *err);

/* Makes ev the stand-in for a CPU family's event that does not resolve here (ev->absent):
 * named name, in group, never opened, reported <not supported>. -1 with err when out of
 * memory. */
int event_absent(struct event *ev, const char *name, int group, struct hp_err *err);

/* libpfm4's name for this CPU's core PMU ("skl", "amd64_fam19h_zen4"; LIBPFM_FORCE_PMU
 * chooses another), or "" when libpfm4 cannot start or knows none. Starts libpfm4. */
const char *event_libpfm_core_pmu(void);

/* For --version: the file libpfm4 was loaded from (its name carries the release,
 * "libpfm.so.4.13.0"), or "" when it is linked into hpstat; and the names of the PMUs it
 * detects on this machine, ", "-separated, into pmus (cap bytes, cut short if need be).
 * Starts libpfm4; -1 with err when it cannot start. */
int event_libpfm_about(char *file, size_t file_cap, char *pmus, size_t pmus_cap,
		       struct hp_err *err);

#endif
