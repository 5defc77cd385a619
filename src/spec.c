/* spec.c - a small hand-written scanner for the -e event-list grammar. */
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"



/* The most of the list an error message quotes, around the column it names, and the most of
 * a name: with them every message fits struct hp_err whole, however long the list. */
#define SPEC_EXCERPT_MAX 60
#define SPEC_QUOTE_NAME_MAX 72

struct scanner {
	const char *text; /* the whole list, for messages */
	const char *p;
	bool in_group;
};

/* perf's group names ("name{a,b}"): letters, digits, '_', '-', '.'. */
static bool group_name_ok(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_-.", name[i]))
			return false;
	return len > 0;
}

/* "DIAGNOSIS at column N of event list 'EXCERPT'HINT": the diagnosis first, then at most
 * SPEC_EXCERPT_MAX bytes of the list around byte pos (0-based), so the message ends whole. */
static int list_fail(struct hp_err *err, const char *text, size_t pos, const char *hint,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int list_fail(struct hp_err *err, const char *text, size_t pos, const char *hint,
		     const char *fmt, ...)
{
	char what[256], quoted[SPEC_EXCERPT_MAX + 7];
	size_t len = strlen(text), from = 0, to;
	va_list ap;

	if (pos > SPEC_EXCERPT_MAX / 2)
		from = pos - SPEC_EXCERPT_MAX / 2;
	if (from + SPEC_EXCERPT_MAX > len)
		from = len > SPEC_EXCERPT_MAX ? len - SPEC_EXCERPT_MAX : 0;
	to = len - from > SPEC_EXCERPT_MAX ? from + SPEC_EXCERPT_MAX : len;
	err_excerpt(quoted, sizeof(quoted), text, len, from, to);
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(err, "%s at column %zu of event list '%s'%s", what, pos + 1, quoted, hint);
}

/* A name (len bytes at s) for a message: its first SPEC_QUOTE_NAME_MAX bytes, or with
 * keep_end its last ones. */
static const char *quote_name(char buf[SPEC_QUOTE_NAME_MAX + 7], const char *s, size_t len,
			      bool keep_end)
{
	const size_t cap = SPEC_QUOTE_NAME_MAX + 7;

	if (len <= SPEC_QUOTE_NAME_MAX)
		err_excerpt(buf, cap, s, len, 0, len);
	else if (keep_end)
		err_excerpt(buf, cap, s, len, len - SPEC_QUOTE_NAME_MAX, len);
	else
		err_excerpt(buf, cap, s, len, 0, SPEC_QUOTE_NAME_MAX);
	return buf;
}

static void skip_space(struct scanner *s)
{
	while (isspace((unsigned char)*s->p))
		s->p++;
}

/* Reads one name, up to ',' '{' '}' or the end, and sets *at to its offset in the list;
 * commas between the slashes of a sysfs "pmu/term=1,term=2/" name belong to the name (not
 * the slash of a breakpoint's length, "mem:0x10/8:w"), so a
 * slash left open to the end of a list that goes on after it is an error rather than a name
 * that swallowed the rest of the list. In "@preset" a slash is just a bad character. */
static int scan_name(struct scanner *s, char *out, size_t cap, size_t *at, struct hp_err *err)
{
	const char *start, *end, *open = NULL;
	char quoted[SPEC_QUOTE_NAME_MAX + 7];
	size_t len;

	skip_space(s);
	start = s->p;
	*at = (size_t)(start - s->text);
	for (; *s->p; s->p++) {
		/* A breakpoint's "mem:ADDR/LEN" slash opens nothing. */
		bool length = !open && strncmp(start, "mem:", 4) == 0 &&
			      isdigit((unsigned char)s->p[1]);

		if (*s->p == '/' && *start != '@' && !length) /* no slash in a preset's name */
			open = open ? NULL : s->p;
		else if (!open && (*s->p == ',' || *s->p == '{' || *s->p == '}'))
			break;
	}
	/* Only a slash that swallowed list punctuation is the list's to report: "msr/tsc" alone
	 * is one name, which the event resolver calls malformed. */
	if (open && strpbrk(open, ",{}"))
		return list_fail(err, s->text, (size_t)(open - s->text), "",
				 "missing '/' to close '%s...'",
				 quote_name(quoted, start, (size_t)(open - start) + 1, true));
	end = s->p;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - start);
	if (*s->p == '{' && s->in_group)
		return list_fail(err, s->text, (size_t)(s->p - s->text),
				 "; groups cannot be nested", "'{' inside a group");
	if (*s->p == '{' && (end != s->p || !group_name_ok(start, len)))
		return list_fail(err, s->text, (size_t)(s->p - s->text),
				 "; a group's name (perf's name{a,b}) has only letters, digits, '_', "
				 "'-' and '.': put a ',' before '{' to start a group",
				 "'{' after '%s'", quote_name(quoted, start, len, true));
	if (len == 0)
		return list_fail(err, s->text, *at, "", "empty event name");
	if (len >= cap)
		return list_fail(err, s->text, *at, "", "event name longer than %zu characters",
				 cap - 1);
	memcpy(out, start, len);
	out[len] = '\0';
	return 0;
}

static int push_event(struct spec *spec, const char *name, const char *suffix, int group,
		      bool preset, struct hp_err *err)
{
	struct spec_event *grown;
	size_t len = strlen(name) + strlen(suffix) + 1;
	char *copy;

	grown = realloc(spec->events, (spec->n_events + 1) * sizeof(*grown));
	if (!grown)
		return err_set(err, "out of memory");
	spec->events = grown;
	copy = malloc(len);
	if (!copy)
		return err_set(err, "out of memory");
	strcpy(copy, name);
	strcat(copy, suffix);
	spec->events[spec->n_events++] = (struct spec_event){
		.name = copy, .own_len = strlen(copy), .group = group, .preset = preset };
	return 0;
}

bool spec_preset_name_ok(const char *name)
{
	size_t len = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				  "0123456789_-");

	return len > 0 && len <= SPEC_PRESET_NAME_MAX && name[len] == '\0';
}

/* name is "@preset" as scanned, at offset `at` of text; the preset's name goes in without
 * the '@'. */
static int push_preset(struct spec *spec, const char *text, size_t at, const char *name,
		       struct hp_err *err)
{
	const char *colon = strchr(name, ':');
	char quoted[SPEC_QUOTE_NAME_MAX + 7], hint[96];

	if (colon && colon > name + 1) {
		char base[SPEC_MAX_NAME];

		memcpy(base, name, (size_t)(colon - name));
		base[colon - name] = '\0';
		if (spec_preset_name_ok(base + 1))
			return list_fail(err, text, at + (size_t)(colon - name),
					 "; write modifiers in the preset's events",
					 "a modifier cannot follow preset '%s'", base);
	}
	if (!spec_preset_name_ok(name + 1)) {
		snprintf(hint, sizeof(hint), ": use 1 to %d letters, digits, '_' or '-' after the "
			 "'@'", SPEC_PRESET_NAME_MAX);
		return list_fail(err, text, at, hint, "bad preset name '%s'",
				 quote_name(quoted, name, strlen(name), false));
	}
	return push_event(spec, name + 1, "", SPEC_NO_GROUP, true, err);
}

/* Parses "{a,b}" plus an optional ":mods"; the modifiers apply to every member. */
static int scan_group(struct scanner *s, struct spec *spec, struct hp_err *err)
{
	char name[SPEC_MAX_NAME], mods[64] = "";
	char quoted[SPEC_QUOTE_NAME_MAX + 7];
	size_t first = spec->n_events, opened = (size_t)(s->p - s->text), at, i;
	int group = spec->n_groups;

	s->p++; /* '{' */
	s->in_group = true;
	for (;;) {
		if (scan_name(s, name, sizeof(name), &at, err))
			return -1;
		if (name[0] == '@')
			return list_fail(err, s->text, at, "; a preset brings its own groups, so "
					 "name it outside the braces", "preset '%s' inside a group",
					 quote_name(quoted, name, strlen(name), false));
		if (push_event(spec, name, "", group, false, err))
			return -1;
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (*s->p == '}')
			break;
		return list_fail(err, s->text, opened, "",
				 "missing '}' to close the group opened");
	}
	s->p++; /* '}' */
	s->in_group = false;
	if (*s->p == ':') {
		/* The modifier ends where the list goes on; what follows must then be a ',', so
		 * "{a,b}:u}" is refused by the caller rather than read as modifier "u}". */
		size_t len = strcspn(s->p + 1, ", \t\n{}");

		if (len == 0 || len >= sizeof(mods) - 1)
			return list_fail(err, s->text, (size_t)(s->p - s->text), "",
					 "bad modifier after '}'");
		mods[0] = ':';
		memcpy(mods + 1, s->p + 1, len);
		mods[len + 1] = '\0';
		s->p += len + 1;
		for (i = first; i < spec->n_events; i++) {
			char *old = spec->events[i].name;
			char *with = malloc(strlen(old) + strlen(mods) + 1);

			if (!with)
				return err_set(err, "out of memory");
			strcpy(with, old);
			strcat(with, mods);
			free(old);
			spec->events[i].name = with;
		}
	}
	spec->n_groups++;
	return 0;
}

static void spec_truncate(struct spec *spec, size_t n_events, int n_groups)
{
	while (spec->n_events > n_events)
		free(spec->events[--spec->n_events].name);
	spec->n_groups = n_groups;
}

static int group_name_keep(struct spec *spec, const char *name, struct hp_err *err)
{
	char **grown = realloc(spec->group_names, (spec->n_group_names + 1) * sizeof(*grown));

	if (!grown)
		return err_set(err, "out of memory");
	spec->group_names = grown;
	if (!(grown[spec->n_group_names] = strdup(name)))
		return err_set(err, "out of memory");
	spec->n_group_names++;
	return 0;
}

int spec_parse(struct spec *spec, const char *text, struct hp_err *err)
{
	struct scanner s = { .text = text, .p = text };
	size_t old_events = spec->n_events;
	int old_groups = spec->n_groups;
	char name[SPEC_MAX_NAME];
	size_t at;

	skip_space(&s);
	if (!*s.p)
		return err_set(err, "empty event list: name at least one event, e.g. '-e cycles'");
	for (;;) {
		skip_space(&s);
		if (*s.p == '{') {
			if (scan_group(&s, spec, err))
				goto fail;
		} else {
			if (scan_name(&s, name, sizeof(name), &at, err))
				goto fail;
			/* "name{a,b}": perf's named group; hpstat shows no group names, but keeps
			 * them to refuse one that is an event (a ',' forgotten before '{'). */
			if (*s.p == '{') {
				if (scan_group(&s, spec, err) || group_name_keep(spec, name, err))
					goto fail;
				goto next;
			}
			if (*s.p == '}') {
				list_fail(err, text, (size_t)(s.p - text), "",
					  "'}' without a matching '{'");
				goto fail;
			}
			if (name[0] == '@' ? push_preset(spec, text, at, name, err) :
					     push_event(spec, name, "", SPEC_NO_GROUP, false, err))
				goto fail;
		}
next:
		skip_space(&s);
		if (!*s.p)
			return 0;
		if (*s.p != ',') {
			list_fail(err, text, (size_t)(s.p - text), "", "expected ','");
			goto fail;
		}
		s.p++;
	}
fail:
	spec_truncate(spec, old_events, old_groups);
	return -1;
}

/* Group numbers 0.. in order of first appearance; map (n_old entries) is scratch space. */
static void spec_renumber(struct spec *spec, int *map, int n_old)
{
	int next = 0, g;
	size_t i;

	for (g = 0; g < n_old; g++)
		map[g] = SPEC_NO_GROUP;
	for (i = 0; i < spec->n_events; i++) {
		g = spec->events[i].group;
		if (g == SPEC_NO_GROUP)
			continue;
		if (map[g] == SPEC_NO_GROUP)
			map[g] = next++;
		spec->events[i].group = map[g];
	}
	spec->n_groups = next;
}

int spec_splice(struct spec *spec, size_t at, const struct spec *insert, struct hp_err *err)
{
	size_t n = spec->n_events - 1 + insert->n_events, i, k = 0;
	int n_old = spec->n_groups + insert->n_groups;
	struct spec_event *events;
	int *map;

	if (at >= spec->n_events)
		return err_set(err, "event %zu of a list of %zu to replace", at, spec->n_events);
	/* The inserted list's group names come along, for event_check_group_names. */
	for (i = 0; i < insert->n_group_names; i++)
		if (group_name_keep(spec, insert->group_names[i], err))
			return -1;
	events = calloc(n ? n : 1, sizeof(*events));
	map = calloc(n_old ? (size_t)n_old : 1, sizeof(*map));
	if (!events || !map)
		goto oom;
	for (i = 0; i < insert->n_events; i++) {
		const struct spec_event *src = &insert->events[i];

		events[at + i] = (struct spec_event){
			.name = strdup(src->name), .own_len = src->own_len, .preset = src->preset,
			.origin = src->origin,
			.group = src->group == SPEC_NO_GROUP ? SPEC_NO_GROUP
							     : spec->n_groups + src->group,
		};
		if (!events[at + i].name)
			goto oom;
	}
	/* Nothing can fail from here: spec's own events move over. */
	for (i = 0; i < spec->n_events; i++) {
		if (i == at) {
			free(spec->events[i].name);
			k += insert->n_events;
			continue;
		}
		events[k++] = spec->events[i];
	}
	free(spec->events);
	spec->events = events;
	spec->n_events = n;
	spec_renumber(spec, map, n_old);
	free(map);
	return 0;
oom:
	if (events)
		for (i = 0; i < insert->n_events; i++)
			free(events[at + i].name);
	free(events);
	free(map);
	return err_set(err, "out of memory");
}

int spec_expand(struct spec *spec, size_t at, char *const *names, size_t n, const char *suffix,
		size_t own_suffix, struct hp_err *err)
{
	struct spec_event *events, *fresh;
	size_t i;

	if (at >= spec->n_events || n == 0)
		return err_set(err, "event %zu of a list of %zu to expand into %zu", at,
			       spec->n_events, n);
	fresh = calloc(n, sizeof(*fresh));
	if (!fresh)
		return err_set(err, "out of memory");
	for (i = 0; i < n; i++) {
		size_t len = strlen(names[i]) + strlen(suffix) + 1;

		fresh[i] = (struct spec_event){ .name = malloc(len),
						.own_len = strlen(names[i]) + own_suffix,
						.group = spec->events[at].group,
						.origin = spec->events[at].origin };
		if (!fresh[i].name)
			goto oom;
		snprintf(fresh[i].name, len, "%s%s", names[i], suffix);
	}
	events = realloc(spec->events, (spec->n_events - 1 + n) * sizeof(*events));
	if (!events)
		goto oom;
	free(events[at].name);
	memmove(&events[at + n], &events[at + 1], (spec->n_events - at - 1) * sizeof(*events));
	memcpy(&events[at], fresh, n * sizeof(*events));
	free(fresh);
	spec->events = events;
	spec->n_events += n - 1;
	return 0;
oom:
	for (i = 0; i < n; i++)
		free(fresh[i].name);
	free(fresh);
	return err_set(err, "out of memory");
}

void spec_release(struct spec *spec)
{
	spec_truncate(spec, 0, 0);
	free(spec->events);
	spec->events = NULL;
	while (spec->n_group_names)
		free(spec->group_names[--spec->n_group_names]);
	free(spec->group_names);
	spec->group_names = NULL;
}
