/* listing.h - what `hpstat --list` shows, as plain entries, and its text, CSV and JSON printers. */
#ifndef HPSTAT_LISTING_H
#define HPSTAT_LISTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "err.h"
#include "preset.h"

/* What an entry names; the order here is the order of the sections in the text listing. */
enum listing_kind {
	LISTING_HARDWARE,             /* a perf generic hardware event: "cycles" */
	LISTING_SOFTWARE,             /* a perf generic software event: "task-clock" */
	LISTING_CACHE,                /* a perf generic cache event: "L1-dcache-loads" */
	LISTING_TOOL,                 /* a perf tool event hpstat measures: "duration_time" */
	LISTING_LIBPFM4,              /* a libpfm4 event: "pmu::EVENT" */
	LISTING_LIBPFM4_UMASK,        /* one of its unit masks: "pmu::EVENT:UMASK" */
	LISTING_SYSFS,                /* a kernel PMU's named event: "pmu/event/" */
	LISTING_TRACEPOINT_SUBSYSTEM, /* "sched", with how many events it has */
	LISTING_TRACEPOINT,           /* "sched:sched_switch" */
};

/*
 * One name a user can give to -e. Every string points into the listing that holds the entry
 * (listing_add copies them there); NULL where the field does not apply.
 */
struct listing_entry {
	enum listing_kind kind;
	const char *name;            /* exactly what -e accepts */
	const char *alias;           /* generic events: another spelling ("cpu-cycles"), or NULL */
	const char *pmu;             /* libpfm4 or sysfs PMU, a tracepoint's subsystem; NULL for
					generic events and subsystems */
	const char *pmu_description; /* libpfm4: the PMU's own description, for the heading */
	const char *description;     /* one line or a paragraph; "" when there is none */
	const char *unit;            /* sysfs: the event's .unit ("Joules"), or NULL */
	double scale;                /* sysfs: the event's .scale, 0 when it has none */
	size_t n_events;             /* LISTING_TRACEPOINT_SUBSYSTEM: its events */
};

struct listing_metric {
	const char *name, *unit, *formula, *description; /* unit "" for a plain number */
};

/* A preset as the listing shows it; strings and arrays live in the listing. */
struct listing_preset {
	const char *name;        /* without the '@' */
	const char *description;
	const char *path;        /* the file it was read from, or NULL */
	const char **events;     /* its event names, groups flattened, in order */
	size_t n_events;
	size_t n_open;           /* when the listing is probed: how many of them open here */
	const struct listing_metric *metrics;
	size_t n_metrics;
	const char *family;      /* a metric group of this CPU's family (-M NAME): the family
				  * preset's name; NULL for a preset */
};

struct listing_block; /* the storage behind every string */

/*
 * Everything --list found. When `probed` (--supported), what it holds was opened on this
 * machine and did open: entries that did not were never added. The printers show every entry,
 * preset and note in the order added, and filter nothing.
 */
struct listing {
	const char *pattern; /* as given to listing_init (copied); NULL: everything */
	bool probed;
	struct listing_entry *entries;
	size_t n_entries, cap_entries;
	struct listing_preset *presets;
	size_t n_presets, cap_presets;
	const char **notes;  /* one line each: why something is missing ("tracefs ...") */
	size_t n_notes, cap_notes;
	struct listing_block *blocks;
};

/* An empty listing for names containing pattern (NULL: all), probed or not. Cannot fail: a
 * pattern that cannot be copied is kept as the caller's pointer. */
void listing_init(struct listing *l, const char *pattern, bool probed);
void listing_release(struct listing *l);

/* Whether name contains l->pattern, ignoring ASCII case (always, without a pattern). This is
 * the only filter: --list matches names, never descriptions. */
bool listing_matches(const struct listing *l, const char *name);

/* Copies e and its strings into l. -1 with err only when out of memory. */
int listing_add(struct listing *l, const struct listing_entry *e, struct hp_err *err);

/* Copies preset p (name, description, path, event names, metrics) into l; n_open is kept
 * only when l->probed. -1 with err when out of memory. */
int listing_add_preset(struct listing *l, const struct preset *p, size_t n_open,
		       struct hp_err *err);

/* Copies one line saying why part of the listing is missing. */
/* Adds group g of family preset p (this CPU's) as a metric group: its name, description,
 * events and metrics. -1 with err when out of memory. */
int listing_add_metric_group(struct listing *l, const struct preset *p, size_t g,
			     struct hp_err *err);

int listing_add_note(struct listing *l, const char *note, struct hp_err *err);

/*
 * The printers write the whole listing at once and return 0, or -1 when out reports a write
 * error.
 *
 * Text, for people: one section per kind (one per PMU for libpfm4), a heading each, names in a
 * column and descriptions beside them from column LISTING_TEXT_DESCRIPTION_COLUMN, wrapped at
 * word boundaries to `width` columns (a name too long for its column puts its description on
 * the next line). Presets follow with their metrics, then the notes.
 */
#define LISTING_TEXT_DESCRIPTION_COLUMN 42
int listing_write_text(FILE *out, const struct listing *l, unsigned width);

/*
 * CSV (RFC 4180, CRLF-free: records end in "\n"): the header kind,name,pmu,description,supported
 * and one record per entry, then per preset and per preset metric, then per note. kind is
 * hardware, software, cache, tool, libpfm4, libpfm4_umask, sysfs, tracepoint_subsystem,
 * tracepoint, preset, metric or note. pmu is the libpfm4 or sysfs PMU, the tracepoint's
 * subsystem, for a metric its preset ("@cache"), else empty. description carries what has no
 * column of its own: the alias ("(alias: cpu-cycles)"), a sysfs event's unit and scale, a
 * subsystem's event count ("25 events"), a metric's unit and formula. supported is "yes"
 * for what opened when the listing is probed ("partial" for a preset of which only some
 * events open), empty otherwise.
 */
int listing_write_csv(FILE *out, const struct listing *l);

/*
 * JSON, one document:
 *   {"schema_version":1,"pattern":STRING|null,"supported_only":BOOL,
 *    "events":[{"kind","name","alias","pmu","description","unit","scale","events",
 *               "supported"}...],
 *    "presets":[{"name","description","path","events":[...],"events_supported",
 *                "metrics":[{"name","unit","formula","description"}...]}...],
 *    "notes":[...]}
 * Every event object has every key, null where it does not apply; kind as in CSV; "events" is
 * a subsystem's count; "supported" is true when probed, null when not; "events_supported" is
 * null when not probed.
 */
int listing_write_json(FILE *out, const struct listing *l);

#endif
