/* preset.h - ready-made event sets with named metrics: the file format and where files live. */
#ifndef HPSTAT_PRESET_H
#define HPSTAT_PRESET_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"
#include "spec.h"

/* File name of preset NAME: NAME PRESET_SUFFIX ("cache.preset"). */
#define PRESET_SUFFIX ".preset"

/* The environment variable naming the user's preset directories (':'-separated), searched
 * before the installed one. */
#define PRESET_PATH_ENV "HPSTAT_EVENTS_DIR"


/* Index of no metric group: the metric or events line of a preset without "group:" lines. */
#define PRESET_NO_GROUP ((size_t)-1)

/* The identifier a formula reads the core PMU's pipeline slots per cycle by (sysfs caps/slots). */
#define PRESET_PMU_SLOTS "pmu_slots"

struct preset_metric {
	char *name;        /* "cache miss ratio" */
	char *unit;        /* "%", or "" for a plain number */
	char *formula;     /* formula.h syntax over the preset's event names, duration_time and
			    * pmu_slots; the file's defines already written out */
	char *description; /* one line */
	unsigned line;     /* where the file defines it */
	size_t group;      /* index into preset.groups, or PRESET_NO_GROUP */
	bool bottleneck;   /* named on its group's "bottleneck:" line */
};

/* A metric group ("group: TopdownL1 | ..."): the events and metrics lines after it. */
struct preset_group {
	char *name;
	char *description;
	unsigned line;
};

/* One "events:" line as written, so a choice of groups can be counted without the rest. */
struct preset_events_line {
	char *text;
	char *where;       /* "FILE:LINE", its events' origin */
	size_t group;      /* index into preset.groups, or PRESET_NO_GROUP */
	size_t first, n;   /* its events in preset.spec */
};

/* One preset, every string owned. */
struct preset {
	char *name;        /* "cache" (preset_load); NULL after preset_parse alone */
	char *path;        /* the file it came from (preset_load); NULL after preset_parse */
	char *description;
	struct spec spec;  /* its events, groups numbered 0.. within the preset; no presets */
	struct preset_metric *metrics;
	size_t n_metrics;
	char **cpus;       /* its "cpu:" lines (the CPUs it describes; cpu_match.h), as written */
	size_t n_cpus;
	struct preset_group *groups;
	size_t n_groups;
	struct preset_events_line *lines;
	size_t n_lines;
};

/*
 * The format, line by line (see hpstat-events(5)); leading and trailing blanks are ignored:
 *   # comment                                   (and blank lines)
 *   description: TEXT                           exactly once
 *   events: EVENT-LIST                          the -e grammar, groups allowed; once or more
 *   metric: NAME | UNIT | FORMULA | DESCRIPTION  any number; UNIT may be empty
 *   cpu: COND [COND ...]                        the CPUs the file describes (cpu_match.h)
 *   define: NAME = FORMULA                      a sub-expression later formulas use by NAME
 *   group: NAME | DESCRIPTION                   a metric group: the events, metric and
 *                                               bottleneck lines up to the next group
 *   bottleneck: METRIC, METRIC, ...             the group's metrics whose biggest is marked
 * Keys are case-insensitive. Every identifier of a formula must be a define, an event the
 * preset lists (as spec_parse writes it, a group's modifier included, compared without regard
 * to case), duration_time or pmu_slots; a metric of a group reads the events of its own group
 * and of the groups before it. In a file with groups, every events and metric line is in one.
 *
 * Parses text (NUL-terminated, not retained) into out (zeroed first: out need not be
 * initialised). file_for_messages names the text in errors. On error returns -1 with a
 * one-line message "FILE:LINE: what" (or "FILE: what" for what is missing from the whole file)
 * and out holds nothing to release.
 */
int preset_parse(const char *text, const char *file_for_messages, struct preset *out,
		 struct hp_err *err);

/*
 * Finds NAME.preset in each directory of search_path (':'-separated; empty entries skipped),
 * the first found winning, and parses it. search_path NULL means the default: the entries of
 * $HPSTAT_EVENTS_DIR (when set and not empty), then HPSTAT_PRESET_DIR. Errors: a name that is
 * not 1 to SPEC_PRESET_NAME_MAX of [A-Za-z0-9_-] (no paths), a preset found nowhere (the
 * message lists the ones there are: "unknown preset '@cach'; available: @branch, @cache"), a
 * file that cannot be read, is over 1 MiB or is no regular file (a FIFO, a directory: refused
 * without waiting on it, and the search stops there), and preset_parse's errors.
 */
int preset_load_from(const char *name, const char *search_path, struct preset *out,
		     struct hp_err *err);
int preset_load(const char *name, struct preset *out, struct hp_err *err);

/* Names (without '@') of the presets in search_path (NULL: the default), sorted, each once;
 * directories that do not exist are skipped. Free with preset_names_free(). */
int preset_names(const char *search_path, char ***names, size_t *n, struct hp_err *err);

/* Sets err to the one line that says a search path (NULL: the one in force) holds no preset
 * and what to do: install hpstat or set HPSTAT_EVENTS_DIR. Returns -1. */
int preset_none_found(const char *search_path, struct hp_err *err);
void preset_names_free(char **names, size_t n);

/* For a message, the files in search_path (NULL: the default) of one kind, ", " between
 * them, cut to out's cap: the presets as "@cache, @memory", or with families the CPU
 * families' files (cpu: lines; -M and --topdown count them, -e @NAME refuses them) as
 * "topdown-amd, topdown-arm". A file that does not parse counts as a preset, whose name is
 * still worth offering. Returns how many are listed, *n_files (unless NULL) how many files
 * there are of either kind; -1 with err when the directories cannot be read. */
int preset_list(const char *search_path, bool families, char *out, size_t cap, size_t *n_files,
		struct hp_err *err);

void preset_release(struct preset *p);

/* The presets an event list named, each loaded once. */
struct preset_set {
	struct preset *presets;
	size_t n;
};

/*
 * Replaces every preset reference in spec (spec_event.preset) with the preset's events, in
 * place, loading from search_path (NULL: the default). A preset named twice is expanded twice
 * but loaded, and added to loaded, once. A family's preset (one with "cpu:" lines) is refused:
 * its groups are counted with -M (family.h). On error returns -1 with err set; spec may then be
 * partly expanded, and loaded holds what was loaded (release both either way).
 */
int preset_expand(struct spec *spec, const char *search_path, struct preset_set *loaded,
		  struct hp_err *err);
void preset_set_release(struct preset_set *set);

#endif
