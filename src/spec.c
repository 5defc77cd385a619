/* spec.c - a small hand-written scanner for the -e event-list grammar. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define SPEC_MAX_NAME 1024

struct scanner {
	const char *text; /* the whole list, for messages */
	const char *p;
};

static void skip_space(struct scanner *s)
{
	while (isspace((unsigned char)*s->p))
		s->p++;
}

/* Reads one name, up to ',' '{' '}' or the end; commas between the slashes of a sysfs
 * "pmu/term=1,term=2/" name belong to the name. */
static int scan_name(struct scanner *s, char *out, size_t cap, struct hp_err *err)
{
	const char *start, *end;
	int slashes = 0;
	size_t len;

	skip_space(s);
	start = s->p;
	for (; *s->p; s->p++) {
		if (*s->p == '/')
			slashes++;
		else if (slashes % 2 == 0 && (*s->p == ',' || *s->p == '{' || *s->p == '}'))
			break;
	}
	end = s->p;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	len = (size_t)(end - start);
	if (*s->p == '{')
		return err_set(err, "event list '%s': '{' inside a name or a group; groups cannot "
			       "be nested", s->text);
	if (len == 0)
		return err_set(err, "event list '%s': empty event name at column %zu", s->text,
			       (size_t)(start - s->text) + 1);
	if (len >= cap)
		return err_set(err, "event list '%s': event name longer than %zu characters",
			       s->text, cap - 1);
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
	spec->events[spec->n_events].name = copy;
	spec->events[spec->n_events].group = group;
	spec->events[spec->n_events].preset = preset;
	spec->n_events++;
	return 0;
}

bool spec_preset_name_ok(const char *name)
{
	size_t len = strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
				  "0123456789_-");

	return len > 0 && len <= SPEC_PRESET_NAME_MAX && name[len] == '\0';
}

/* name is "@preset" as scanned; the preset's name goes in without the '@'. */
static int push_preset(struct spec *spec, const char *text, const char *name,
		       struct hp_err *err)
{
	const char *colon = strchr(name, ':');

	if (colon && colon > name + 1) {
		char base[SPEC_MAX_NAME];

		memcpy(base, name, (size_t)(colon - name));
		base[colon - name] = '\0';
		if (spec_preset_name_ok(base + 1))
			return err_set(err, "event list '%s': a modifier cannot follow preset "
				       "'%s'; write modifiers in the preset's events", text, base);
	}
	if (!spec_preset_name_ok(name + 1))
		return err_set(err, "event list '%s': bad preset name '%s': use 1 to %d letters, "
			       "digits, '_' or '-' after the '@'", text, name,
			       SPEC_PRESET_NAME_MAX);
	return push_event(spec, name + 1, "", SPEC_NO_GROUP, true, err);
}

/* Parses "{a,b}" plus an optional ":mods"; the modifiers apply to every member. */
static int scan_group(struct scanner *s, struct spec *spec, struct hp_err *err)
{
	char name[SPEC_MAX_NAME], mods[64] = "";
	size_t first = spec->n_events, i;
	int group = spec->n_groups;

	s->p++; /* '{' */
	for (;;) {
		if (scan_name(s, name, sizeof(name), err))
			return -1;
		if (name[0] == '@')
			return err_set(err, "event list '%s': preset '%s' inside a group; a preset "
				       "brings its own groups, so name it outside the braces",
				       s->text, name);
		if (push_event(spec, name, "", group, false, err))
			return -1;
		if (*s->p == ',') {
			s->p++;
			continue;
		}
		if (*s->p == '}')
			break;
		return err_set(err, "event list '%s': missing '}' to close the group", s->text);
	}
	s->p++; /* '}' */
	if (*s->p == ':') {
		/* The modifier ends where the list goes on; what follows must then be a ',', so
		 * "{a,b}:u}" is refused by the caller rather than read as modifier "u}". */
		size_t len = strcspn(s->p + 1, ", \t\n{}");

		if (len == 0 || len >= sizeof(mods) - 1)
			return err_set(err, "event list '%s': bad modifier after '}'", s->text);
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

int spec_parse(struct spec *spec, const char *text, struct hp_err *err)
{
	struct scanner s = { .text = text, .p = text };
	size_t old_events = spec->n_events;
	int old_groups = spec->n_groups;
	char name[SPEC_MAX_NAME];

	skip_space(&s);
	if (!*s.p)
		return err_set(err, "empty event list: name at least one event, e.g. '-e cycles'");
	for (;;) {
		skip_space(&s);
		if (*s.p == '{') {
			if (scan_group(&s, spec, err))
				goto fail;
		} else {
			if (scan_name(&s, name, sizeof(name), err))
				goto fail;
			if (*s.p == '}') {
				err_set(err, "event list '%s': '}' without a matching '{'", text);
				goto fail;
			}
			if (name[0] == '@' ? push_preset(spec, text, name, err) :
					     push_event(spec, name, "", SPEC_NO_GROUP, false, err))
				goto fail;
		}
		skip_space(&s);
		if (!*s.p)
			return 0;
		if (*s.p != ',') {
			err_set(err, "event list '%s': expected ',' at column %zu", text,
				(size_t)(s.p - text) + 1);
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
	events = calloc(n ? n : 1, sizeof(*events));
	map = calloc(n_old ? (size_t)n_old : 1, sizeof(*map));
	if (!events || !map)
		goto oom;
	for (i = 0; i < insert->n_events; i++) {
		const struct spec_event *src = &insert->events[i];

		events[at + i] = (struct spec_event){
			.name = strdup(src->name), .preset = src->preset,
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

void spec_release(struct spec *spec)
{
	spec_truncate(spec, 0, 0);
	free(spec->events);
	spec->events = NULL;
}
