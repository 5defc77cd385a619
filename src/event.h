/* event.h - event names resolved to perf_event_attr; the only module that knows libpfm4. */
#ifndef HPSTAT_EVENT_H
#define HPSTAT_EVENT_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define EVENT_NO_GROUP (-1)

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
	/* What one count is worth, from a sysfs event's .scale and .unit files: report
	 * count x scale, in unit ("Joules" for power/energy-pkg/, scale 2.3283e-10). scale is 1.0
	 * and unit "" for every other event (a plain count); unit is NUL-terminated, truncated
	 * to EVENT_UNIT_MAX - 1 bytes. The scaling by time running is separate (counter). */
	double scale;
	char unit[EVENT_UNIT_MAX];
};

/* Loads libpfm4's tables once; -1 with err set when libpfm4 cannot start. */
int event_lib_init(struct hp_err *err);

/*
 * Resolves name into ev, trying in this order:
 *   "PMU/EVENT/", "PMU/TERM=VALUE,.../" (a '/' in the name): a kernel PMU from
 *       /sys/bus/event_source/devices, perf's syntax; modifiers u, k, h after the last slash
 *       ("msr/tsc/u", or "msr/tsc/:u" as a group's modifier arrives). Sets scale and unit.
 *   "rHEX" (the whole name, optional ":u" ":k"): perf's raw code, PERF_TYPE_RAW.
 *   libpfm4: perf generic names and aliases, "pmu::EVENT:UMASK", modifiers :u :k,
 *       case-insensitive.
 *   "SUBSYSTEM:EVENT" (optional ":u"...): when libpfm4 has no such event, a tracepoint,
 *       PERF_TYPE_TRACEPOINT with the id from tracefs (/sys/kernel/tracing, then
 *       /sys/kernel/debug/tracing).
 * ev->name is a copy of name, ev->scale 1.0 and ev->unit "" unless a sysfs event says
 * otherwise. On failure returns -1 (ev holds nothing to release) with a one-line error naming
 * the event and what to do: the closest known names for a misspelling, the modifier that was
 * refused, the PMUs / terms / named events there are, the width of a term's bit field, the
 * subsystem's events, or how to mount tracefs. */
int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err);

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

#endif
