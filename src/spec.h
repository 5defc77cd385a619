/* spec.h - the event-list grammar of -e: names, commas and {groups}, no meaning attached. */
#ifndef HPSTAT_SPEC_H
#define HPSTAT_SPEC_H

#include <stddef.h>

#include "err.h"

#define SPEC_NO_GROUP (-1)

struct spec_event {
	char *name; /* owned; a group's trailing modifier is already appended (":u") */
	int group;  /* SPEC_NO_GROUP, or a group number shared by the members of one {...} */
};

struct spec {
	struct spec_event *events;
	size_t n_events;
	int n_groups; /* group numbers in use are 0 .. n_groups-1 */
};

/* Grammar:   list  := item ("," item)*
 *            item  := name | "{" name ("," name)* "}" [":" modifiers]
 * A name runs to the next ',' or '}' outside a "pmu/.../" pair of slashes, so sysfs terms
 * (cpu/event=1,umask=2/) stay in one name. Whitespace around names is dropped.
 * Appends the parsed events to spec (which starts zeroed); on error (empty list, empty name,
 * unbalanced or nested braces) returns -1 with err set and leaves spec as it was. */
int spec_parse(struct spec *spec, const char *text, struct hp_err *err);
void spec_release(struct spec *spec);

#endif
