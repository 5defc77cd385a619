/* tool_event.c - the names of perf's tool events, how -e may write them, and the struct event
 * that stands for one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "event.h"
#include "listing.h"
#include "tool_event.h"

static const struct tool_def {
	enum event_tool tool;
	const char *name;
	const char *description;
} tools[TOOL_EVENT_COUNT] = {
	{ EVENT_TOOL_DURATION, "duration_time",
	  "elapsed time of the run, or of each interval (ns)" },
	{ EVENT_TOOL_USER, "user_time", "CPU time in user mode, as 'seconds user' (ns)" },
	{ EVENT_TOOL_SYSTEM, "system_time", "CPU time in the kernel, as 'seconds sys' (ns)" },
};

/* perf's modifier letters (perf 6.1 takes each at most once); none means anything here. */
static const char modifier_letters[] = "ukhpPGHSDIWeb";

static const struct tool_def *def_of(enum event_tool tool)
{
	size_t i;

	for (i = 0; i < TOOL_EVENT_COUNT; i++)
		if (tools[i].tool == tool)
			return &tools[i];
	return NULL;
}

const char *tool_event_name(enum event_tool tool)
{
	const struct tool_def *d = def_of(tool);

	return d ? d->name : NULL;
}

const char *tool_event_description(enum event_tool tool)
{
	const struct tool_def *d = def_of(tool);

	return d ? d->description : NULL;
}

/* The tool event named by s[0..len), ignoring case. */
static enum event_tool find(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < TOOL_EVENT_COUNT; i++)
		if (strlen(tools[i].name) == len && strncasecmp(tools[i].name, s, len) == 0)
			return tools[i].tool;
	return EVENT_TOOL_NONE;
}

enum event_tool tool_event_kind(const char *name)
{
	return name ? find(name, strlen(name)) : EVENT_TOOL_NONE;
}

/* The letters after the ':' (mods, whole event name for messages). Further colons may
 * separate them, as a group's modifier arrives after a member's own ("user_time:k:u"); a
 * letter twice in one word is refused, as perf refuses it. */
static int check_modifiers(const char *mods, const char *name, struct hp_err *err)
{
	const char *p, *word = mods;

	if (!mods[strspn(mods, ":")])
		return err_set(err, "empty modifier after ':' in event '%s': drop the ':'", name);
	for (p = mods; *p; p++) {
		if (*p == ':') {
			word = p + 1;
			continue;
		}
		if (!strchr(modifier_letters, *p))
			return err_set(err, "unknown modifier '%c' in event '%s': a tool event "
				       "takes perf's modifiers (u, k, h, p, ...) only to ignore "
				       "them, so leave them out", *p, name);
		if (memchr(word, *p, (size_t)(p - word)))
			return err_set(err, "modifier '%c' given twice in event '%s'", *p, name);
	}
	return 0;
}

int tool_event_parse(const char *name, enum event_tool *tool, struct hp_err *err)
{
	enum event_tool found;
	const char *rest;
	size_t len;

	if (strncasecmp(name, "tool/", 5) == 0) {
		/* "tool/NAME/": the PMU newer perf files these under (the kernel has none of
		 * that name). Modifiers may follow the slash with or without a ':', as for
		 * "msr/tsc/u". */
		const char *base = name + 5;

		len = strcspn(base, "/");
		if (base[len] != '/' || (found = find(base, len)) == EVENT_TOOL_NONE)
			return err_set(err, "event '%s': the tool PMU has duration_time, user_time "
				       "and system_time, which take no terms: write "
				       "'tool/duration_time/', or 'duration_time' alone", name);
		rest = base + len + 1;
		if (*rest == ':')
			rest++;
		else if (!*rest)
			rest = NULL;
	} else {
		len = strcspn(name, ":/");
		found = find(name, len);
		if (found == EVENT_TOOL_NONE)
			return 0;
		if (name[len] == '/')
			return err_set(err, "event '%s': %s is measured by hpstat, not counted by "
				       "a kernel PMU, so it takes no terms; write '%s'", name,
				       tool_event_name(found), tool_event_name(found));
		rest = name[len] == ':' ? name + len + 1 : NULL;
	}
	if (rest && check_modifiers(rest, name, err))
		return -1;
	*tool = found;
	return 1;
}

int tool_event_resolve(struct event *ev, const char *name, int group, struct hp_err *err)
{
	enum event_tool tool = EVENT_TOOL_NONE;
	int ret = tool_event_parse(name, &tool, err);

	if (ret <= 0)
		return ret;
	memset(ev, 0, sizeof(*ev));
	ev->tool = tool;
	ev->generic = tool_event_name(tool);
	ev->mode = EVENT_MODE_ALL;
	/* Never opened. Should anything look at it, it is a software event that counts
	 * nothing, and a software event may join any group. */
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = PERF_TYPE_SOFTWARE;
	ev->attr.config = PERF_COUNT_SW_DUMMY;
	ev->group = group;
	ev->scale = 1.0;
	snprintf(ev->unit, sizeof(ev->unit), "%s", TOOL_EVENT_UNIT);
	snprintf(ev->resolved, sizeof(ev->resolved), "tool/%s/", tool_event_name(tool));
	ev->name = strdup(name);
	if (!ev->name)
		return err_set(err, "out of memory");
	return 1;
}

int tool_event_list(struct listing *l, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < TOOL_EVENT_COUNT; i++) {
		struct listing_entry e = { .kind = LISTING_TOOL, .name = tools[i].name,
					   .description = tools[i].description };

		if (listing_matches(l, tools[i].name) && listing_add(l, &e, err))
			return -1;
	}
	return 0;
}

int tool_event_check_counting(const struct event *events, size_t n, bool command,
			      bool cpus_only, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < n && cpus_only && !command; i++)
		if (events[i].tool == EVENT_TOOL_USER || events[i].tool == EVENT_TOOL_SYSTEM)
			return err_set(err, "event '%s' is the CPU time of the command or of the "
				       "processes of -p and -t, and counting CPUs with no command "
				       "has neither: add a command, or leave it out",
				       events[i].name);
	return 0;
}

bool tool_event_any_cpu_time(const enum event_tool *kinds, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (kinds[i] == EVENT_TOOL_USER || kinds[i] == EVENT_TOOL_SYSTEM)
			return true;
	return false;
}
