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
		      struct hp_err *err)
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
	spec->n_events++;
	return 0;
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
		if (push_event(spec, name, "", group, err))
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
			if (push_event(spec, name, "", SPEC_NO_GROUP, err))
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

void spec_release(struct spec *spec)
{
	spec_truncate(spec, 0, 0);
	free(spec->events);
	spec->events = NULL;
}
