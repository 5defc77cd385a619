/* event_sysfs.c - reading sysfs PMU directories and tracefs ids to encode events. */
#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "event_sysfs.h"
#include "names.h"
#include "pmu_format.h"

#define MOUNT_TRACEFS "mount -t tracefs nodev /sys/kernel/tracing"
#define LIST_ALL_UP_TO 10 /* a directory with more names shows only the closest ones */
#define LIST_CLOSEST 5

const struct event_sysfs_paths event_sysfs_system = {
	.devices = "/sys/bus/event_source/devices",
	.tracefs = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing", NULL },
};

/* snprintf that says whether everything fit (the paths here are built from short names). */
static bool format_into(char *out, size_t cap, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool format_into(char *out, size_t cap, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(out, cap, fmt, ap);
	va_end(ap);
	return len >= 0 && (size_t)len < cap;
}

/* A name that is safe to append to a directory path. */
static bool is_component(const char *name)
{
	return name[0] && !strchr(name, '/') && strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Reads a small sysfs file whole into buf as a string; -1 with errno on failure. */
static int read_small_file(const char *path, char *buf, size_t cap)
{
	size_t used = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while (used + 1 < cap && (got = read(fd, buf + used, cap - 1 - used)) != 0) {
		if (got < 0) {
			int saved = errno;

			if (saved == EINTR)
				continue;
			close(fd);
			errno = saved;
			return -1;
		}
		used += (size_t)got;
	}
	close(fd);
	buf[used] = '\0';
	return 0;
}

/* A file that is not there (as opposed to one that cannot be read). */
static bool is_missing(int errnum)
{
	return errnum == ENOENT || errnum == ENOTDIR || errnum == EISDIR;
}

static bool is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* ---- directory listings for messages -------------------------------------------------- */

enum entry_kind {
	ENTRY_DIRS,   /* PMUs (symbolic links to directories), tracepoint subsystems and events */
	ENTRY_FILES,  /* format terms */
	ENTRY_EVENTS, /* named events: files, without their .scale/.unit/... companions */
};

static bool ends_with(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);

	return ls > lx && strcmp(s + ls - lx, suffix) == 0;
}

/* An events file's companion (its scale, unit, ...), not an event. */
static bool is_companion(const char *name)
{
	return ends_with(name, ".scale") || ends_with(name, ".unit") ||
	       ends_with(name, ".per-pkg") || ends_with(name, ".snapshot");
}

static bool wanted_entry(int dir_fd, const char *name, void *ctx)
{
	enum entry_kind kind = *(const enum entry_kind *)ctx;
	struct stat st;

	if (name[0] == '.' || fstatat(dir_fd, name, &st, 0) != 0)
		return false;
	if (kind == ENTRY_DIRS)
		return S_ISDIR(st.st_mode);
	if (!S_ISREG(st.st_mode))
		return false;
	return kind == ENTRY_FILES || !is_companion(name);
}

/* The sorted names in dir of one kind; an unreadable directory gives an empty list, and so
 * does a lack of memory (these lists only make messages and listings fuller). */
static void name_list_read(struct names *l, const char *dir, enum entry_kind kind)
{
	memset(l, 0, sizeof(*l));
	names_read_dir(l, dir, wanted_entry, &kind);
	names_sort_unique(l);
}

static void append(char *out, size_t cap, const char *separator, const char *s)
{
	size_t used = strlen(out);

	if (used < cap)
		snprintf(out + used, cap - used, "%s%s", separator, s);
}

/* "a, b, c" when the list is short; else a few names, those closest to want when some are
 * close (a misspelling), then "... (N in all)". */
static void name_list_describe(const struct names *l, const char *want, char *out,
			       size_t cap)
{
	size_t close_enough = strlen(want) / 3 + 1, best = SIZE_MAX, shown = 0, i;

	out[0] = '\0';
	if (l->n <= LIST_ALL_UP_TO) {
		for (i = 0; i < l->n; i++)
			append(out, cap, i ? ", " : "", l->names[i]);
		return;
	}
	/* The nearest names and those one edit further; the lists hold hundreds at most. */
	for (i = 0; i < l->n; i++) {
		size_t d = pmu_name_distance(want, l->names[i]);

		if (d < best)
			best = d;
	}
	if (best + 1 < close_enough)
		close_enough = best + 1;
	for (size_t dist = best; shown < LIST_CLOSEST && dist <= close_enough; dist++) {
		for (i = 0; i < l->n && shown < LIST_CLOSEST; i++) {
			if (pmu_name_distance(want, l->names[i]) != dist)
				continue;
			append(out, cap, shown ? ", " : "", l->names[i]);
			shown++;
		}
	}
	for (i = 0; i < l->n && shown == 0 && i < LIST_CLOSEST; i++)
		append(out, cap, i ? ", " : "", l->names[i]);
	if (strlen(out) + 40 < cap)
		snprintf(out + strlen(out), cap - strlen(out), ", ... (%zu in all)", l->n);
}

/* ---- sysfs PMUs ----------------------------------------------------------------------- */

struct pmu_ctx {
	const char *what;      /* the event as the user wrote it */
	const char *pmu;       /* its PMU's name */
	char dir[PATH_MAX];    /* the PMU's sysfs directory */
	uint64_t config[PMU_CONFIG_WORDS];
};

static int unknown_pmu(const struct event_sysfs_paths *paths, const char *pmu, const char *what,
		       struct hp_err *err)
{
	struct names l;
	char names[300];

	name_list_read(&l, paths->devices, ENTRY_DIRS);
	name_list_describe(&l, pmu, names, sizeof(names));
	names_release(&l);
	if (!names[0])
		return err_set(err, "unknown PMU '%s' in event '%s': no PMUs are listed in '%s' "
			       "(is sysfs mounted?)", pmu, what, paths->devices);
	return err_set(err, "unknown PMU '%s' in event '%s': the PMUs here are %s", pmu, what,
		       names);
}

static int unknown_term(const struct pmu_ctx *c, const char *term, struct hp_err *err)
{
	struct names l;
	char path[PATH_MAX + 16], names[300];

	format_into(path, sizeof(path), "%s/format", c->dir);
	name_list_read(&l, path, ENTRY_FILES);
	name_list_describe(&l, term, names, sizeof(names));
	names_release(&l);
	return err_set(err, "unknown term '%s' for PMU '%s' in event '%s': its terms are %s%s"
		       "config, config1, config2", term, c->pmu, c->what, names,
		       names[0] ? ", " : "");
}

static int unknown_named_event(const struct pmu_ctx *c, const char *event, struct hp_err *err)
{
	struct names l;
	char path[PATH_MAX + 16], names[300];

	format_into(path, sizeof(path), "%s/events", c->dir);
	name_list_read(&l, path, ENTRY_EVENTS);
	name_list_describe(&l, event, names, sizeof(names));
	names_release(&l);
	if (!names[0])
		return err_set(err, "unknown event '%s' for PMU '%s' in '%s': it has no named "
			       "events; give terms instead (%s/TERM=VALUE/)", event, c->pmu, c->what,
			       c->pmu);
	return err_set(err, "unknown event '%s' for PMU '%s' in '%s': its events are %s", event,
		       c->pmu, c->what, names);
}

/* Reads the PMU's file dir/sub/name into buf: 1 when it is there, 0 when it is not, -1 with
 * err when it cannot be read. */
static int read_pmu_file(const struct pmu_ctx *c, const char *sub, const char *name, char *buf,
			 size_t cap, struct hp_err *err)
{
	char path[PATH_MAX + 2 * PMU_NAME_MAX];

	if (!is_component(name))
		return 0;
	if (!format_into(path, sizeof(path), "%s/%s/%s", c->dir, sub, name))
		return 0;
	if (read_small_file(path, buf, cap) == 0)
		return 1;
	if (is_missing(errno))
		return 0;
	return err_set(err, "cannot read '%s' for event '%s': %s", path, c->what, strerror(errno));
}

/* Sets one term: a format field of the PMU, else config/config1/config2 whole. A bare term
 * is a flag set to 1. Returns 1 when the term is neither. */
static int apply_term(struct pmu_ctx *c, const struct pmu_term *t, struct hp_err *err)
{
	uint64_t value = t->kind == PMU_TERM_VALUE ? t->value : 1;
	struct pmu_format f;
	char text[256];
	int found, word;

	found = read_pmu_file(c, "format", t->name, text, sizeof(text), err);
	if (found < 0)
		return -1;
	if (found) {
		char field[128];

		if (pmu_format_parse(&f, t->name, text, err))
			return -1;
		if (pmu_format_pack(&f, value, c->config) == 0)
			return 0;
		pmu_unit_copy(field, sizeof(field), text);
		return err_set(err, "value 0x%llx is too wide for term '%s' of PMU '%s' in event "
			       "'%s': the field has %u bit%s (%s), at most 0x%llx",
			       (unsigned long long)value, t->name, c->pmu, c->what, f.width_bits,
			       f.width_bits == 1 ? "" : "s", field,
			       (unsigned long long)pmu_format_max(&f));
	}
	word = pmu_config_word(t->name);
	if (word < 0 && t->kind == PMU_TERM_BARE) {
		/* "software/r1a/": perf's raw code as a term sets the whole config. */
		const char *mods;
		uint64_t raw;
		struct hp_err ignored;

		char code[PMU_NAME_MAX + 1];

		/* perf takes "r0x1a" there too. */
		snprintf(code, sizeof(code), "r%s", t->name + (strncasecmp(t->name, "r0x", 3) == 0
								? 3 : 1));
		if (t->name[0] == 'r' &&
		    pmu_raw_parse(code, &raw, &mods, &ignored) == 1 && !*mods) {
			c->config[0] = raw;
			return 0;
		}
	}
	if (word < 0)
		return 1;
	if (t->kind != PMU_TERM_VALUE)
		return err_set(err, "term '%s' in event '%s' needs a value: %s=0x...", t->name,
			       c->what, t->name);
	c->config[word] = t->value;
	return 0;
}

static bool user_gives(const struct pmu_term *terms, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (terms[i].kind == PMU_TERM_VALUE && strcmp(terms[i].name, name) == 0)
			return true;
	return false;
}

/* Applies the terms of named event `event` (its file's text) and reads its scale and unit.
 * Placeholders ("umask=?") must be among the user's terms, which are applied after. */
static int apply_named_event(struct pmu_ctx *c, struct event *ev, const char *event,
			     const char *text, const struct pmu_term *user, size_t n_user,
			     struct hp_err *err)
{
	struct pmu_term terms[PMU_MAX_TERMS];
	char what[PMU_NAME_MAX + 128], buf[128], name[PMU_NAME_MAX + 16];
	size_t n, i;
	int found;

	format_into(what, sizeof(what), "%s/%s/ (as the kernel defines it)", c->pmu, event);
	if (pmu_terms_parse(text, true, what, terms, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		if (terms[i].kind == PMU_TERM_PLACEHOLDER) {
			if (!user_gives(user, n_user, terms[i].name))
				return err_set(err, "event '%s' needs a value for term '%s': write "
					       "%s/%s,%s=VALUE/", c->what, terms[i].name, c->pmu,
					       event, terms[i].name);
			continue;
		}
		found = apply_term(c, &terms[i], err);
		if (found == 1)
			return err_set(err, "event '%s': the kernel defines it with term '%s', "
				       "which PMU '%s' has no format for", c->what, terms[i].name,
				       c->pmu);
		if (found < 0)
			return -1;
	}
	format_into(name, sizeof(name), "%s.scale", event);
	found = read_pmu_file(c, "events", name, buf, sizeof(buf), err);
	if (found < 0)
		return -1;
	if (found && pmu_scale_parse(buf, &ev->scale))
		return err_set(err, "event '%s': cannot parse its scale '%s' in %s/events/%s",
			       c->what, buf, c->dir, name);
	format_into(name, sizeof(name), "%s.unit", event);
	found = read_pmu_file(c, "events", name, buf, sizeof(buf), err);
	if (found < 0)
		return -1;
	if (found)
		pmu_unit_copy(ev->unit, sizeof(ev->unit), buf);
	return 0;
}

static int read_type(const char *dir, const char *what, uint32_t *type, struct hp_err *err)
{
	char path[PATH_MAX + 8], buf[32], *end;
	unsigned long v;

	format_into(path, sizeof(path), "%s/type", dir);
	if (read_small_file(path, buf, sizeof(buf)))
		return err_set(err, "cannot read the type of the PMU of event '%s' from '%s': %s",
			       what, path, strerror(errno));
	errno = 0;
	v = strtoul(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n') || v > UINT32_MAX)
		return err_set(err, "cannot parse the type of the PMU of event '%s' in '%s'", what,
			       path);
	*type = (uint32_t)v;
	return 0;
}

int event_sysfs_resolve(const struct event_sysfs_paths *paths, struct event *ev,
			const char *name, struct hp_err *err)
{
	struct pmu_term terms[PMU_MAX_TERMS];
	bool consumed[PMU_MAX_TERMS] = { false };
	const char *named = NULL;
	struct pmu_name parts;
	struct pmu_ctx c;
	uint32_t type;
	size_t n, i;
	int found;

	if (pmu_name_split(&parts, name, err))
		return -1;
	if (!parts.terms[0])
		return err_set(err, "event '%s': nothing between the slashes; write %s/EVENT/ or "
			       "%s/TERM=VALUE/", name, parts.pmu, parts.pmu);
	memset(&c, 0, sizeof(c));
	c.what = name;
	c.pmu = parts.pmu;
	if (!format_into(c.dir, sizeof(c.dir), "%s/%s", paths->devices, parts.pmu))
		return err_set(err, "event '%s': path too long", name);
	if (!is_dir(c.dir))
		return unknown_pmu(paths, parts.pmu, name, err);
	if (read_type(c.dir, name, &type, err))
		return -1;
	if (pmu_terms_parse(parts.terms, false, name, terms, &n, err))
		return -1;

	/* The named event first, so that the user's own terms override its fields. */
	for (i = 0; i < n; i++) {
		char text[512];

		if (terms[i].kind != PMU_TERM_BARE)
			continue;
		found = read_pmu_file(&c, "events", terms[i].name, text, sizeof(text), err);
		if (found < 0)
			return -1;
		if (!found)
			continue;
		if (named)
			return err_set(err, "event '%s' names two events, '%s' and '%s': count them "
				       "as two events", name, named, terms[i].name);
		named = terms[i].name;
		consumed[i] = true;
		if (apply_named_event(&c, ev, named, text, terms, n, err))
			return -1;
	}
	for (i = 0; i < n; i++) {
		if (consumed[i])
			continue;
		found = apply_term(&c, &terms[i], err);
		if (found < 0)
			return -1;
		if (found == 1 && terms[i].kind == PMU_TERM_BARE)
			return unknown_named_event(&c, terms[i].name, err);
		if (found == 1)
			return unknown_term(&c, terms[i].name, err);
	}

	memset(&ev->attr, 0, sizeof(ev->attr));
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = type;
	ev->attr.config = c.config[0];
	ev->attr.config1 = c.config[1];
	ev->attr.config2 = c.config[2];
	return pmu_modifiers_apply(parts.mods, &ev->attr, name, err);
}

void event_sysfs_pmu_name(const struct event_sysfs_paths *paths, uint32_t type, char *out,
			  size_t cap)
{
	struct names l;
	size_t i;

	switch (type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
	case PERF_TYPE_RAW:
		snprintf(out, cap, "cpu");
		return;
	case PERF_TYPE_SOFTWARE:
		snprintf(out, cap, "software");
		return;
	case PERF_TYPE_TRACEPOINT:
		snprintf(out, cap, "tracepoint");
		return;
	case PERF_TYPE_BREAKPOINT:
		snprintf(out, cap, "breakpoint");
		return;
	}
	snprintf(out, cap, "type %u", type);
	name_list_read(&l, paths->devices, ENTRY_DIRS);
	for (i = 0; i < l.n; i++) {
		char dir[PATH_MAX];
		uint32_t t;

		format_into(dir, sizeof(dir), "%s/%s", paths->devices, l.names[i]);
		if (read_type(dir, "", &t, NULL) == 0 && t == type) {
			snprintf(out, cap, "%s", l.names[i]);
			break;
		}
	}
	names_release(&l);
}

/* ---- bare names of sysfs events ------------------------------------------------------- */

/* A name that can be a PMU's or an events file's, and that "PMU/EVENT/" can carry. */
static bool alias_shaped(const char *name)
{
	size_t len = strlen(name);

	return len > 0 && len < PMU_NAME_MAX && name[0] != '.' &&
	       strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") ==
		       len;
}

/* Whether the PMU directory dir publishes name among its events, spelt exactly or, with fold,
 * in any case; spelling gets the kernel's. */
static bool pmu_publishes(const char *dir, const char *name, bool fold, char *spelling)
{
	enum entry_kind kind = ENTRY_EVENTS;
	char events[PATH_MAX];
	struct names l;
	bool found = false;
	size_t i;

	if (!format_into(events, sizeof(events), "%s/events", dir))
		return false;
	if (!fold) {
		/* One stat per PMU: the spelling users write, and the cheap common case. */
		char path[PATH_MAX + PMU_NAME_MAX];
		struct stat st;

		if (!format_into(path, sizeof(path), "%s/%s", events, name) ||
		    stat(path, &st) != 0 || !S_ISREG(st.st_mode))
			return false;
		memcpy(spelling, name, strlen(name) + 1);
		return true;
	}
	memset(&l, 0, sizeof(l));
	names_read_dir(&l, events, wanted_entry, &kind);
	for (i = 0; i < l.n && !found; i++) {
		if (strcasecmp(l.names[i], name) == 0) { /* as long as name: it fits */
			memcpy(spelling, l.names[i], strlen(l.names[i]) + 1);
			found = true;
		}
	}
	names_release(&l);
	return found;
}

/* How much a PMU is the core PMU, as a rank (lower wins): 0 for type 4 (PERF_TYPE_RAW, which
 * the kernel gives the first core PMU to register), 1 for one perf calls a core PMU ("cpu", or
 * a cpus file, which uncore PMUs have as cpumask instead), 2 for the rest. */
static int core_rank(const char *dir, const char *pmu)
{
	char path[PATH_MAX + 8];
	uint32_t type;

	if (read_type(dir, "", &type, NULL) == 0 && type == PERF_TYPE_RAW)
		return 0;
	if (strcmp(pmu, "cpu") == 0 ||
	    (format_into(path, sizeof(path), "%s/cpus", dir) && access(path, F_OK) == 0))
		return 1;
	return 2;
}

bool event_sysfs_alias_find(const struct event_sysfs_paths *paths, const char *name,
			    struct event_sysfs_alias *found)
{
	int best = INT_MAX;
	struct names pmus;
	size_t i;

	if (!alias_shaped(name) || is_companion(name))
		return false;
	name_list_read(&pmus, paths->devices, ENTRY_DIRS);
	/* The exact spelling in every PMU first; only then in any case. */
	for (int fold = 0; fold < 2 && best == INT_MAX; fold++) {
		for (i = 0; i < pmus.n && best > 0; i++) {
			char dir[PATH_MAX], spelling[PMU_NAME_MAX];
			int rank;

			if (!alias_shaped(pmus.names[i]) ||
			    !format_into(dir, sizeof(dir), "%s/%s", paths->devices, pmus.names[i]) ||
			    !pmu_publishes(dir, name, fold, spelling))
				continue;
			rank = core_rank(dir, pmus.names[i]);
			if (rank < best) { /* ties: the first by name stays */
				best = rank;
				memcpy(found->pmu, pmus.names[i], strlen(pmus.names[i]) + 1);
				memcpy(found->event, spelling, strlen(spelling) + 1);
			}
		}
	}
	names_release(&pmus);
	return best != INT_MAX;
}

void event_sysfs_core_pmu(const struct event_sysfs_paths *paths, char *out, size_t cap)
{
	int best = 2; /* the core PMU ranks 0 or 1: never one of the rest */
	struct names pmus;
	size_t i;

	out[0] = '\0';
	name_list_read(&pmus, paths->devices, ENTRY_DIRS);
	for (i = 0; i < pmus.n && best > 0; i++) {
		char dir[PATH_MAX];
		int rank;

		if (!alias_shaped(pmus.names[i]) ||
		    !format_into(dir, sizeof(dir), "%s/%s", paths->devices, pmus.names[i]))
			continue;
		rank = core_rank(dir, pmus.names[i]);
		if (rank < best) {
			best = rank;
			snprintf(out, cap, "%s", pmus.names[i]);
		}
	}
	names_release(&pmus);
}

bool event_sysfs_pmu_publishes(const struct event_sysfs_paths *paths, const char *pmu,
			       const char *name)
{
	char dir[PATH_MAX], spelling[PMU_NAME_MAX];

	return alias_shaped(pmu) && alias_shaped(name) && !is_companion(name) &&
	       format_into(dir, sizeof(dir), "%s/%s", paths->devices, pmu) &&
	       pmu_publishes(dir, name, false, spelling);
}

double event_sysfs_pmu_slots(const struct event_sysfs_paths *paths, const char *pmu)
{
	char path[PATH_MAX], buf[32], *end;
	unsigned long v;

	if (!alias_shaped(pmu) ||
	    !format_into(path, sizeof(path), "%s/%s/caps/slots", paths->devices, pmu) ||
	    read_small_file(path, buf, sizeof(buf)))
		return NAN;
	v = strtoul(buf, &end, 0); /* the kernel writes it in hex: "0x00000008" */
	return end != buf && v > 0 && v < 1024 ? (double)v : NAN;
}

/* ---- tracepoints ---------------------------------------------------------------------- */

struct tracepoint_name {
	char subsystem[PMU_NAME_MAX * 2];
	char event[PMU_NAME_MAX * 2];
	const char *mods; /* into the name, "" when none */
};

static bool tracepoint_split(const char *name, struct tracepoint_name *tp)
{
	const char *colon = strchr(name, ':');
	const char *second = colon ? strchr(colon + 1, ':') : NULL;
	size_t sub_len, ev_len;
	const char *m;

	if (!colon || strpbrk(name, "/ \t\n"))
		return false;
	sub_len = (size_t)(colon - name);
	ev_len = second ? (size_t)(second - colon - 1) : strlen(colon + 1);
	if (sub_len == 0 || ev_len == 0 || sub_len >= sizeof(tp->subsystem) ||
	    ev_len >= sizeof(tp->event))
		return false;
	memcpy(tp->subsystem, name, sub_len);
	tp->subsystem[sub_len] = '\0';
	memcpy(tp->event, colon + 1, ev_len);
	tp->event[ev_len] = '\0';
	tp->mods = second ? second : "";
	for (m = tp->mods; *m; m++)
		if (*m != ':' && !((*m >= 'a' && *m <= 'z') || (*m >= 'A' && *m <= 'Z')))
			return false;
	return is_component(tp->subsystem) && is_component(tp->event);
}

bool event_tracepoint_shaped(const char *name)
{
	struct tracepoint_name tp;

	return tracepoint_split(name, &tp);
}

/* The events directory of the first tracefs mounted, or NULL with err set. */
static const char *tracefs_events(const struct event_sysfs_paths *paths, const char *name,
				  char *out, size_t cap, enum event_tracepoint_status *status,
				  struct hp_err *err)
{
	size_t i;

	for (i = 0; paths->tracefs[i]; i++) {
		struct stat st;

		if (!format_into(out, cap, "%s/events", paths->tracefs[i]))
			continue;
		if (stat(out, &st) == 0 && S_ISDIR(st.st_mode))
			return out;
		if (errno == EACCES) {
			*status = EVENT_TRACEPOINT_ERROR;
			err_set(err, "cannot look up tracepoint '%s': permission denied reading "
				"'%s' (tracefs is root's alone unless mounted with "
				"gid=GROUP,mode=0750 for a group of this user's); run as root",
				name, paths->tracefs[i]);
			return NULL;
		}
	}
	*status = EVENT_TRACEPOINT_NO_TRACEFS;
	err_set(err, "unknown event '%s': not a libpfm4 event, and tracepoints cannot be looked "
		"up: tracefs is not mounted (mount it with '" MOUNT_TRACEFS "')", name);
	return NULL;
}

enum event_tracepoint_status event_tracepoint_resolve(const struct event_sysfs_paths *paths,
						      struct event *ev, const char *name,
						      struct hp_err *err)
{
	enum event_tracepoint_status status = EVENT_TRACEPOINT_ERROR;
	char events[PATH_MAX], dir[PATH_MAX + 2 * sizeof(((struct tracepoint_name *)0)->event)];
	char path[sizeof(dir) + 8], buf[32], *end;
	struct tracepoint_name tp;
	unsigned long long id;

	if (!tracepoint_split(name, &tp)) {
		err_set(err, "malformed tracepoint '%s': write it as SUBSYSTEM:EVENT", name);
		return EVENT_TRACEPOINT_ERROR;
	}
	if (!tracefs_events(paths, name, events, sizeof(events), &status, err))
		return status;
	format_into(dir, sizeof(dir), "%s/%s", events, tp.subsystem);
	if (!is_dir(dir)) {
		err_set(err, "unknown event '%s': neither a libpfm4 event nor a tracepoint (no "
			"subsystem '%s' in '%s')", name, tp.subsystem, events);
		return EVENT_TRACEPOINT_NO_SUBSYSTEM;
	}
	format_into(path, sizeof(path), "%s/%s/id", dir, tp.event);
	if (read_small_file(path, buf, sizeof(buf))) {
		struct names l;
		char names[300];

		if (!is_missing(errno)) {
			err_set(err, "cannot read tracepoint '%s' from '%s': %s", name, path,
				strerror(errno));
			return EVENT_TRACEPOINT_ERROR;
		}
		format_into(path, sizeof(path), "%s/%s", dir, tp.event);
		if (is_dir(path)) {
			err_set(err, "tracepoint '%s' cannot be counted: '%s' has no id, which "
				"perf_event_open needs (the ftrace subsystem's records are the "
				"function tracer's own)", name, path);
			return EVENT_TRACEPOINT_ERROR;
		}
		name_list_read(&l, dir, ENTRY_DIRS);
		name_list_describe(&l, tp.event, names, sizeof(names));
		names_release(&l);
		err_set(err, "unknown tracepoint '%s': subsystem '%s' has %s", name, tp.subsystem,
			names[0] ? names : "no events");
		return EVENT_TRACEPOINT_ERROR;
	}
	errno = 0;
	id = strtoull(buf, &end, 10);
	if (errno || end == buf || (*end && *end != '\n')) {
		err_set(err, "cannot parse the id of tracepoint '%s' in '%s'", name, path);
		return EVENT_TRACEPOINT_ERROR;
	}
	memset(&ev->attr, 0, sizeof(ev->attr));
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = PERF_TYPE_TRACEPOINT;
	ev->attr.config = id;
	if (pmu_modifiers_apply(tp.mods, &ev->attr, name, err))
		return EVENT_TRACEPOINT_ERROR;
	return EVENT_TRACEPOINT_FOUND;
}

/* ---- listing -------------------------------------------------------------------------- */

/* Reads dir/name's first line, without surrounding whitespace, into out; "" when it cannot. */
static void read_trimmed(const char *dir, const char *name, char *out, size_t cap)
{
	char path[PATH_MAX + 2 * PMU_NAME_MAX], buf[512];

	out[0] = '\0';
	if (format_into(path, sizeof(path), "%s/%s", dir, name) &&
	    read_small_file(path, buf, sizeof(buf)) == 0)
		pmu_unit_copy(out, cap, buf);
}

/* One PMU's named events. */
static int list_pmu_events(const struct event_sysfs_paths *paths, const char *pmu,
			   struct listing *l, event_probe_fn probe, struct hp_err *err)
{
	char dir[PATH_MAX], name[3 * PMU_NAME_MAX], file[2 * PMU_NAME_MAX];
	char terms[512], unit[EVENT_UNIT_MAX], scale_text[128];
	struct names events;
	int ret = 0;
	size_t i;

	if (!format_into(dir, sizeof(dir), "%s/%s/events", paths->devices, pmu))
		return 0;
	name_list_read(&events, dir, ENTRY_EVENTS);
	for (i = 0; i < events.n && ret == 0; i++) {
		const char *ev_name = events.names[i];
		struct listing_entry e = { .kind = LISTING_SYSFS, .pmu = pmu };
		struct hp_err ignored;
		struct event ev = { .scale = 1.0 };

		if (!format_into(name, sizeof(name), "%s/%s/", pmu, ev_name) ||
		    !listing_matches(l, name))
			continue;
		if (probe) {
			/* A placeholder ("umask=?") cannot be opened as named: left out. */
			if (event_sysfs_resolve(paths, &ev, name, &ignored))
				continue;
			ret = probe(&ev.attr);
			if (ret < 0) {
				err_set(err, "cannot open event '%s' to see whether it counts "
					"here: %s", name, strerror(errno));
				break;
			}
			if (ret == 0)
				continue;
			ret = 0;
		}
		read_trimmed(dir, ev_name, terms, sizeof(terms));
		format_into(file, sizeof(file), "%s.unit", ev_name);
		read_trimmed(dir, file, unit, sizeof(unit));
		format_into(file, sizeof(file), "%s.scale", ev_name);
		read_trimmed(dir, file, scale_text, sizeof(scale_text));
		if (!scale_text[0] || pmu_scale_parse(scale_text, &e.scale))
			e.scale = 0;
		e.name = name;
		e.description = terms;
		e.unit = unit[0] ? unit : NULL;
		ret = listing_add(l, &e, err);
	}
	names_release(&events);
	return ret;
}

int event_sysfs_list(const struct event_sysfs_paths *paths, struct listing *l,
		     event_probe_fn probe, struct hp_err *err)
{
	struct names pmus;
	int ret = 0;
	size_t i;

	name_list_read(&pmus, paths->devices, ENTRY_DIRS);
	for (i = 0; i < pmus.n && ret == 0; i++)
		ret = list_pmu_events(paths, pmus.names[i], l, probe, err);
	names_release(&pmus);
	return ret;
}

/* Whether a tracepoint can count, as far as its files tell: it has an id, and it is not one
 * of the ftrace subsystem's, the function tracer's own records, which perf_event_open
 * refuses to count even to root (those that have an id at all). */
static bool tracepoint_countable(const char *dir, const char *subsystem, const char *event)
{
	char path[PATH_MAX + 2 * PMU_NAME_MAX], buf[32];

	return strcmp(subsystem, "ftrace") != 0 &&
	       format_into(path, sizeof(path), "%s/%s/id", dir, event) &&
	       read_small_file(path, buf, sizeof(buf)) == 0;
}

/* Drops from tps, under --supported, the tracepoints that cannot count (tracepoint_countable). */
static void tracepoints_countable_only(struct names *tps, const char *dir, const char *subsystem)
{
	size_t i, kept = 0;

	for (i = 0; i < tps->n; i++) {
		if (tracepoint_countable(dir, subsystem, tps->names[i]))
			tps->names[kept++] = tps->names[i];
		else
			free(tps->names[i]);
	}
	tps->n = kept;
}

/*
 * Whether tracepoints count here, without opening one: closing a tracepoint's counter waits
 * an RCU grace period. Counting (not sampling) a tracepoint needs what counting kernel mode
 * needs, and an id to read: so the first tracepoint id there is (in name order) is read,
 * and a kernel-mode software counter is probed. 1 they count, 0 they do not or there is
 * none, -1 with err.
 */
static int probe_tracepoints(const char *events, const struct names *subsystems,
			     event_probe_fn probe, struct hp_err *err)
{
	struct perf_event_attr kernel_clock = { .size = sizeof(kernel_clock),
						.type = PERF_TYPE_SOFTWARE,
						.config = PERF_COUNT_SW_TASK_CLOCK,
						.exclude_user = 1 };
	char dir[PATH_MAX], path[PATH_MAX + 2 * PMU_NAME_MAX], buf[32], *end;
	bool found = false;
	int ret = 0;
	size_t i, j;

	for (i = 0; i < subsystems->n && !found; i++) {
		struct names tps;

		if (!format_into(dir, sizeof(dir), "%s/%s", events, subsystems->names[i]))
			continue;
		name_list_read(&tps, dir, ENTRY_DIRS);
		for (j = 0; j < tps.n && !found; j++) {
			if (!format_into(path, sizeof(path), "%s/%s/id", dir, tps.names[j]) ||
			    read_small_file(path, buf, sizeof(buf)))
				continue;
			errno = 0;
			strtoull(buf, &end, 10);
			found = !errno && end != buf;
		}
		names_release(&tps);
	}
	if (!found)
		return 0;
	ret = probe(&kernel_clock);
	if (ret < 0)
		err_set(err, "cannot open a kernel-mode counter to see whether tracepoints count "
			"here: %s", strerror(errno));
	return ret;
}

int event_tracepoint_list(const struct event_sysfs_paths *paths, struct listing *l,
			  event_probe_fn probe, struct hp_err *err)
{
	char events[PATH_MAX], dir[PATH_MAX], name[4 * PMU_NAME_MAX], note[PATH_MAX + 200];
	struct names subsystems;
	struct stat st;
	int ret = 0;
	size_t i, j;

	for (i = 0; paths->tracefs[i]; i++) {
		if (!format_into(events, sizeof(events), "%s/events", paths->tracefs[i]))
			continue;
		if (stat(events, &st) == 0 && S_ISDIR(st.st_mode))
			break;
		if (errno == EACCES) {
			format_into(note, sizeof(note), "tracepoints are not listed: '%s' cannot "
				    "be read (tracefs is root's alone unless mounted with "
				    "gid=GROUP,mode=0750 for a group of this user's)", paths->tracefs[i]);
			return listing_add_note(l, note, err);
		}
	}
	if (!paths->tracefs[i])
		return listing_add_note(l, "tracepoints are not listed: tracefs is not mounted "
					"(mount it with '" MOUNT_TRACEFS "')", err);
	name_list_read(&subsystems, events, ENTRY_DIRS);
	if (probe && (ret = probe_tracepoints(events, &subsystems, probe, err)) <= 0) {
		names_release(&subsystems);
		return ret;
	}
	ret = 0;
	for (i = 0; i < subsystems.n && ret == 0; i++) {
		const char *sub = subsystems.names[i];
		struct names tps;

		if (!format_into(dir, sizeof(dir), "%s/%s", events, sub))
			continue;
		name_list_read(&tps, dir, ENTRY_DIRS);
		if (probe)
			tracepoints_countable_only(&tps, dir, sub);
		if (!l->pattern && tps.n)
			ret = listing_add(l, &(struct listing_entry){
						  .kind = LISTING_TRACEPOINT_SUBSYSTEM,
						  .name = sub, .n_events = tps.n }, err);
		for (j = 0; l->pattern && j < tps.n && ret == 0; j++) {
			if (!format_into(name, sizeof(name), "%s:%s", sub, tps.names[j]) ||
			    !listing_matches(l, name))
				continue;
			ret = listing_add(l, &(struct listing_entry){ .kind = LISTING_TRACEPOINT,
								       .name = name, .pmu = sub },
					  err);
		}
		names_release(&tps);
	}
	names_release(&subsystems);
	return ret;
}

bool event_tracepoint_globbed(const char *name)
{
	struct tracepoint_name tp;

	return strpbrk(name, "*?[") && tracepoint_split(name, &tp);
}

static bool matching_dir(int dir_fd, const char *name, void *ctx)
{
	const char *pattern = ctx;
	struct stat st;

	return fnmatch(pattern, name, 0) == 0 && fstatat(dir_fd, name, &st, 0) == 0 &&
	       S_ISDIR(st.st_mode);
}

/* An event directory with an id: one perf can open (ftrace's internal events have none). */
static bool matching_event(int dir_fd, const char *name, void *ctx)
{
	char id[PMU_NAME_MAX * 2 + 4];
	struct stat st;

	return matching_dir(dir_fd, name, ctx) &&
	       format_into(id, sizeof(id), "%s/id", name) && fstatat(dir_fd, id, &st, 0) == 0;
}

/* Appends "subsystem:event" to out. */
static int push_tracepoint(struct names *out, const char *subsystem, const char *event)
{
	size_t len = strlen(subsystem) + strlen(event) + 2;
	char *full = malloc(len);

	if (full && out->n == out->cap) {
		size_t cap = out->cap * 2 + 16;
		char **grown = realloc(out->names, cap * sizeof(*grown));

		if (grown) {
			out->names = grown;
			out->cap = cap;
		}
	}
	if (!full || out->n == out->cap) {
		free(full);
		return -1;
	}
	snprintf(full, len, "%s:%s", subsystem, event);
	out->names[out->n++] = full;
	return 0;
}

int event_tracepoint_glob(const struct event_sysfs_paths *paths, const char *pattern,
			  struct names *out, struct hp_err *err)
{
	enum event_tracepoint_status status;
	struct tracepoint_name tp;
	struct names subsystems = { 0 }, evs = { 0 };
	char events[PATH_MAX], dir[PATH_MAX + sizeof(tp.subsystem)];
	size_t i, j, before = out->n;

	if (!tracepoint_split(pattern, &tp) || *tp.mods)
		return err_set(err, "malformed tracepoint pattern '%s': write SUBSYSTEM:EVENT with "
			       "'*' or '?' in either part", pattern);
	if (!tracefs_events(paths, pattern, events, sizeof(events), &status, err))
		return -1;
	if (names_read_dir(&subsystems, events, matching_dir, tp.subsystem))
		goto oom;
	names_sort_unique(&subsystems);
	for (i = 0; i < subsystems.n; i++) {
		/* ftrace's own events (function, print, ...) are the tracer's, and the kernel
		 * refuses them to perf_event_open: a pattern over subsystems leaves them out. */
		if (strpbrk(tp.subsystem, "*?[") && strcmp(subsystems.names[i], "ftrace") == 0)
			continue;
		format_into(dir, sizeof(dir), "%s/%s", events, subsystems.names[i]);
		if (names_read_dir(&evs, dir, matching_event, tp.event))
			goto oom;
		names_sort_unique(&evs);
		for (j = 0; j < evs.n; j++)
			if (push_tracepoint(out, subsystems.names[i], evs.names[j]))
				goto oom;
		names_release(&evs);
	}
	names_release(&subsystems);
	if (out->n == before)
		return err_set(err, "no tracepoint matches '%s' in '%s'", pattern, events);
	return 0;
oom:
	names_release(&evs);
	names_release(&subsystems);
	return err_set(err, "out of memory");
}
