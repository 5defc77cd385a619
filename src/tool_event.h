/* tool_event.h - perf's tool events: duration_time, user_time and system_time, quantities
 * hpstat measures itself (a clock, the command's rusage), listed and reported beside the
 * kernel's counters but never opened with perf_event_open. */
#ifndef HPSTAT_TOOL_EVENT_H
#define HPSTAT_TOOL_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Which tool event an event is; EVENT_TOOL_NONE (0) for everything the kernel counts. */
enum event_tool {
	EVENT_TOOL_NONE = 0,
	EVENT_TOOL_DURATION, /* duration_time: wall-clock time, ns */
	EVENT_TOOL_USER,     /* user_time: CPU time in user mode, ns */
	EVENT_TOOL_SYSTEM,   /* system_time: CPU time in the kernel, ns */
};

#define TOOL_EVENT_COUNT 3
#define TOOL_EVENT_UNIT "ns"

/* The canonical name ("duration_time"), or NULL for EVENT_TOOL_NONE. */
const char *tool_event_name(enum event_tool tool);

/* One line for --list. NULL for EVENT_TOOL_NONE. */
const char *tool_event_description(enum event_tool tool);

/* The tool event whose whole name (no modifiers) is name, ignoring ASCII case; NONE when it
 * is none ("cycles", "duration_time:u", NULL). */
enum event_tool tool_event_kind(const char *name);

/*
 * Reads name as -e writes a tool event: NAME, "tool/NAME/" (newer perf's spelling), either
 * followed by ':' and perf's modifier letters (u k h p P G H S D I W e b, each at most once),
 * which hpstat accepts as perf does and ignores (nothing about a clock or an rusage is
 * per privilege level); NAME compared without regard to case.
 * Returns 1 with *tool set when name is a tool event; 0 when it is none (the caller resolves
 * it as a kernel event); -1 with a one-line error when it is a tool event written wrong:
 * terms ("duration_time/period=1/"), an unknown or repeated modifier, an empty one, or
 * "tool/.../" around anything but a tool event's name.
 */
int tool_event_parse(const char *name, enum event_tool *tool, struct hp_err *err);

struct event;

/*
 * Called first by event_resolve(): when name is a tool event (tool_event_parse), fills ev as
 * one: its tool kind, the name as written, perf's name as generic, mode all, unit "ns" at
 * scale 1, resolved "tool/NAME/", and an attr of a software event that never opens (the
 * group and PMU checks let a software event join any group; counters skip tool events). 1 when
 * it did, 0 when name is no tool event (ev untouched), -1 with err for a tool event written
 * wrong or out of memory (ev holds nothing to release).
 */
int tool_event_resolve(struct event *ev, const char *name, int group, struct hp_err *err);

struct listing;

/* Adds the tool events whose names match l's pattern to l, as LISTING_TOOL entries. They
 * need nothing of the machine, so with --supported they are there too. -1 with err when
 * memory runs out. */
int tool_event_list(struct listing *l, struct hp_err *err);

/* Whether the events ask for user_time or system_time. */
bool tool_event_any_cpu_time(const enum event_tool *tools, size_t n);

/* Whether events[0..n-1] can be measured as asked: user_time and system_time need a process
 * whose CPU time they are, the command's or those of -p and -t, which counting CPUs (-a, -C,
 * cpus_only) with no command (command false) lacks. -1 with a one-line error naming the
 * first such event and what to do. */
int tool_event_check_counting(const struct event *events, size_t n, bool command,
			      bool cpus_only, struct hp_err *err);

#endif
