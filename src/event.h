/* event.h - event names resolved to perf_event_attr; the only module that knows libpfm4. */
#ifndef HPSTAT_EVENT_H
#define HPSTAT_EVENT_H

#include <linux/perf_event.h>
#include <stdbool.h>

#include "err.h"

#define EVENT_NO_GROUP (-1)

/* Privilege levels an event counts, as perf writes them after the name. */
enum event_mode {
	EVENT_MODE_ALL,    /* user and kernel */
	EVENT_MODE_USER,   /* :u */
	EVENT_MODE_KERNEL, /* :k */
};

struct event {
	char *name;          /* owned; as the user wrote it, or generated for an added partner */
	const char *generic; /* perf's canonical generic name ("cycles"), or NULL (static) */
	enum event_mode mode;
	struct perf_event_attr attr;
	int group;           /* EVENT_NO_GROUP, or the number shared by one group's members */
	bool added;          /* added by hpstat as a partner a derived metric needs */
};

/* Loads libpfm4's tables once; -1 with err set when libpfm4 cannot start. */
int event_lib_init(struct hp_err *err);

/* Resolves name (perf generic names and aliases, "pmu::EVENT:UMASK", modifiers :u :k,
 * case-insensitive) into ev. On failure returns -1 with an error naming the event, the
 * closest known names for a misspelling, or the modifier that was refused. */
int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err);

/* Resolves the generic event `generic` for the same privilege levels as anchor, named like
 * anchor ("instructions:u" beside "cycles:u"), marked as added. */
int event_resolve_partner(struct event *ev, const char *generic, const struct event *anchor,
			  int group, struct hp_err *err);

void event_release(struct event *ev);

#endif
