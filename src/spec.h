/* spec.h - the event-list grammar of -e: names, commas, {groups} and @presets, no meaning
 * attached. */
#ifndef HPSTAT_SPEC_H
#define HPSTAT_SPEC_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define SPEC_NO_GROUP (-1)

/* Longest event name in a list, with its NUL. */
#define SPEC_MAX_NAME 1024

/* Longest preset name, without the '@'. */
#define SPEC_PRESET_NAME_MAX 64

struct spec_event {
	char *name;  /* owned; a group's trailing modifier is already appended (":u"); for a
		      * preset reference the preset's name without the '@' ("cache") */
	size_t own_len; /* name[0..own_len) is the event as written; a group's ":mods" follow */
	int group;   /* SPEC_NO_GROUP, or a group number shared by the members of one {...} */
	bool preset; /* "@name": a preset for the caller to expand (never in a group) */
	const char *origin; /* borrowed: where a preset's event was written ("FILE:LINE"), for
			     * messages; NULL for -e's own */
};

struct spec {
	struct spec_event *events;
	size_t n_events;
	int n_groups; /* group numbers in use are 0 .. n_groups-1 */
	char **group_names; /* perf's names before a '{' ("name{a,b}"), as given, for
			     * event_check_group_names */
	size_t n_group_names;
};

/* Grammar:   list  := item ("," item)*
 *            item  := name | "@" preset | "{" name ("," name)* "}" [":" modifiers]
 * A name runs to the next ',' or '}' outside a "pmu/.../" pair of slashes, so sysfs terms
 * (cpu/event=1,umask=2/) stay in one name; a slash in a preset name is no such pair.
 * Whitespace around names is dropped. A preset name is 1 to SPEC_PRESET_NAME_MAX of
 * [A-Za-z0-9_-]; it takes no modifier and stands outside any group (a preset brings its own
 * groups).
 * Appends the parsed events to spec (which starts zeroed); on error (empty list, empty name,
 * unbalanced or nested braces, a "pmu/" never closed that would swallow the ',' '{' or '}'
 * after it (one left open at the very end is a name, for the caller to refuse), a bad preset
 * name, a preset in a group) returns -1 with err set and leaves spec as it was. The message
 * names the problem first, then its column and at most 60 bytes of the list around it
 * ("empty event name at column 3 of event list 'a,,b'"), so it is whole however long the
 * list. */
int spec_parse(struct spec *spec, const char *text, struct hp_err *err);

/* True when name is a valid preset name (without the '@'). */
bool spec_preset_name_ok(const char *name);

/* Replaces spec->events[at] with copies of every event of insert (whose groups stay groups,
 * with new numbers), then renumbers all groups 0.. in order of first appearance, as
 * spec_parse numbers them. -1 with err set (out of memory, at out of range) leaves spec as it
 * was. This is how a preset reference is expanded. */
int spec_splice(struct spec *spec, size_t at, const struct spec *insert, struct hp_err *err);

/* Replaces spec->events[at] with n events named names[k] + suffix, each in at's group, their
 * own text names[k] plus the first own_suffix bytes of suffix (such as ":u" of ":u:k", where
 * ":k" is the group's). This is how a tracepoint glob becomes the tracepoints it matches. -1
 * with err (out of memory, at out of range, n == 0) leaves spec as it was. */
int spec_expand(struct spec *spec, size_t at, char *const *names, size_t n, const char *suffix,
		size_t own_suffix, struct hp_err *err);

void spec_release(struct spec *spec);

#endif
