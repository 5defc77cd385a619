/* pmu_format.h - perf's sysfs PMU grammar without the file system: names, terms, bit fields. */
#ifndef HPSTAT_PMU_FORMAT_H
#define HPSTAT_PMU_FORMAT_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/*
 * A kernel PMU describes its event encoding in sysfs: every file in
 * /sys/bus/event_source/devices/PMU/format names a term and says which bits of
 * perf_event_attr's config words it fills ("config:0-7", "config1:0-15", "config:0",
 * or split over several ranges, "config:8-15,32-35"); every file in .../events names an
 * event as a list of such terms ("event=0x3c,umask=0x01"). This module parses those texts
 * and the user's "pmu/terms/mods" names; event_sysfs.c reads the files.
 *
 * Every function that takes `what` quotes it as the event the user wrote in its messages.
 */

/* attr.config, attr.config1, attr.config2: the words a format may name. */
#define PMU_CONFIG_WORDS 3
#define PMU_FORMAT_MAX_RANGES 8
#define PMU_NAME_MAX 64 /* PMU, term and event names, with their NUL */

struct pmu_field_range {
	unsigned char word; /* 0 config, 1 config1, 2 config2 */
	unsigned char lo;   /* lowest bit, 0..63 */
	unsigned char hi;   /* highest bit, lo..63 */
};

/* One term's bit field; the value's low bits go into the first range, the next bits into the
 * second, and so on. */
struct pmu_format {
	struct pmu_field_range ranges[PMU_FORMAT_MAX_RANGES];
	size_t n_ranges;
	unsigned width_bits; /* sum of the ranges' widths, 1..64 */
};

/* Parses a format file's text: items separated by ',', each "configN:" RANGE or a bare RANGE
 * continuing the last word, RANGE being "LO-HI" or one bit "N"; surrounding whitespace (the
 * file's newline) is ignored. Words are config, config1, config2. -1 with err naming `term`
 * for anything else: no word first, a bit above 63, LO > HI, ranges that overlap, more than
 * PMU_FORMAT_MAX_RANGES ranges. */
int pmu_format_parse(struct pmu_format *f, const char *term, const char *text,
		     struct hp_err *err);

/* Reads a whole string as perf reads numbers in event names: decimal, or hex after 0x; a
 * leading 0 is no octal. -1 unless it is one such number below 2^64. */
int pmu_number_parse(const char *text, uint64_t *out);

/* The largest value the field holds: width_bits ones. */
uint64_t pmu_format_max(const struct pmu_format *f);

/* Clears the field's bits in config[] and writes value into them. -1 (config unchanged) when
 * value has a bit set above pmu_format_max(). */
int pmu_format_pack(const struct pmu_format *f, uint64_t value,
		    uint64_t config[PMU_CONFIG_WORDS]);

enum pmu_term_kind {
	PMU_TERM_BARE,        /* "tsc", "edge": a named event, or a one-bit flag set to 1 */
	PMU_TERM_VALUE,       /* "event=0x3c" */
	PMU_TERM_PLACEHOLDER, /* "umask=?" in an events file: the user must give the value */
};

struct pmu_term {
	char name[PMU_NAME_MAX];
	enum pmu_term_kind kind;
	uint64_t value; /* PMU_TERM_VALUE only */
};

#define PMU_MAX_TERMS 32

/* Parses "a=1,b=0x2,c" (an events file's content, or what the user wrote between the slashes)
 * into terms[0..*n). Values are decimal or 0x-hex and fit 64 bits; "?" is a placeholder,
 * allowed only when allow_placeholder (events files). Whitespace around items is ignored.
 * -1 with err quoting `what` on an empty item, an empty or bad value, a name longer than
 * PMU_NAME_MAX - 1 or with characters other than letters, digits, '_', '-', '.', or more
 * than PMU_MAX_TERMS items. */
int pmu_terms_parse(const char *text, bool allow_placeholder, const char *what,
		    struct pmu_term terms[PMU_MAX_TERMS], size_t *n, struct hp_err *err);

/* Index of config word `name` ("config" 0, "config1" 1, "config2" 2), or -1. */
int pmu_config_word(const char *name);

/* A user's sysfs event name split into its parts. */
struct pmu_name {
	char pmu[PMU_NAME_MAX];
	char terms[1024]; /* between the slashes */
	char mods[16];    /* after the last slash, ':' separators dropped: "u", "k", "" */
};

/* Splits "pmu/terms/" with optional modifiers after the closing slash, written perf's way
 * ("msr/tsc/u") or with a colon ("msr/tsc/:u", as a group's modifier arrives). The PMU name
 * is letters, digits, '_', '-', '.' (not "." or ".."); the terms part must not be empty.
 * -1 with err saying how to write it. */
int pmu_name_split(struct pmu_name *out, const char *name, struct hp_err *err);

/* perf's own terms, which every form with slashes takes beside a PMU's format terms. */
struct pmu_perf_terms {
	char name[128];         /* name=NAME: the row's name; "" when not given */
	char ignored[PMU_NAME_MAX]; /* the first sampling-only term given (period=, freq=...),
				 * accepted with no effect on counting; "" when none */
};

/* Removes perf's own terms from text (a comma-separated term list, edited in place) and
 * records them in out: name=NAME; the sampling-only terms period, freq, time, call-graph,
 * stack-size, max-stack, nr, overwrite, no-overwrite, branch_type, aux-output,
 * aux-sample-size, metric-id, inherit and percore, which change nothing a counter counts
 * here. -1 with err quoting `what` for an empty or overlong name, and for the terms hpstat
 * refuses (no-inherit: -i does that for all events; driver-config), saying why. */
int pmu_terms_take_perf(char *text, struct pmu_perf_terms *out, const char *what,
			struct hp_err *err);

/* Whether name is a raw code, perf's "rHEX" with optional ":mods": 1 with *config and *mods
 * (pointing into name, "" when none) set; 0 when name is not of that shape; -1 with err when
 * it is but the number does not fit 64 bits. */
int pmu_raw_parse(const char *name, uint64_t *config, const char **mods, struct hp_err *err);

/* Applies perf's privilege modifiers to attr: any mix of 'u' (user), 'k' (kernel) and 'h'
 * (hypervisor) counts only the levels named; ':' separators are ignored; "" changes nothing.
 * -1 with err quoting `what` on any other letter. */
int pmu_modifiers_apply(const char *mods, struct perf_event_attr *attr, const char *what,
			struct hp_err *err);

/* Parses a ".scale" file's number ("2.3283064365386962890625e-10\n") in the C locale,
 * whatever the process's locale. -1 unless it is a finite number above zero. */
int pmu_scale_parse(const char *text, double *scale);

/* Copies a ".unit" file's text without surrounding whitespace into out (truncating to cap-1
 * bytes). */
void pmu_unit_copy(char *out, size_t cap, const char *text);

/* Case-insensitive edit distance between two short names; SIZE_MAX when either is longer than
 * 62 characters. Used for "did you mean" hints. */
size_t pmu_name_distance(const char *a, const char *b);

#endif
