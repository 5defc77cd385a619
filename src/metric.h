/* metric.h - derived metrics as data: which row a formula annotates, its unit, its partners;
 * and named metrics (from presets), printed on lines of their own. */
#ifndef HPSTAT_METRIC_H
#define HPSTAT_METRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

#define METRIC_MAX_PER_ROW 2
#define METRIC_NO_GROUP (-1)

/* The metrics in force, their formulas parsed once. Input names handed out (in slots) live as
 * long as the set. */
struct metric_set;

/* perf's built-in set: CPUs utilized, GHz, IPC, stalled cycles, miss ratios. It has no
 * named metrics until metric_set_add() adds them. */
struct metric_set *metric_set_builtin(struct hp_err *err);
void metric_set_free(struct metric_set *set);

/*
 * Adds a named metric (a preset's): name ("IPC"), unit ("" for none, "%", "/sec"...), formula
 * (formula.h syntax; "duration_time" is the mean elapsed time in ns), a one-line description.
 * The strings are copied. Adding a metric whose name (compared without regard to case) is there
 * already, in no group, with the same formula does nothing (two presets may share one); with another
 * formula it is an error. -1 with err set: formula that does not parse (formula_parse's
 * message), duplicate name, empty name, out of memory; the set is left as it was.
 */
int metric_set_add(struct metric_set *set, const char *name, const char *unit,
		   const char *formula, const char *description, struct hp_err *err);

/* A CPU family's metric group ("TopdownL1") a named metric belongs to. */
struct metric_group {
	const char *name;        /* NULL: none, as for metric_set_add() */
	const char *description;
	bool bottleneck;         /* the metric is a candidate for the group's bottleneck */
};

/* metric_set_add() for a metric of a group: a name is one metric within its group, so a
 * preset's metric and a family's of the same name are two. The strings are copied. */
int metric_set_add_grouped(struct metric_set *set, const struct metric_group *group,
			   const char *name, const char *unit, const char *formula,
			   const char *description, struct hp_err *err);

/* Drops the named metrics from the nth on (those of a family left out after all). */
void metric_set_truncate(struct metric_set *set, size_t n);

/* A counted quantity a formula may read: one row's mean, keyed by perf's generic name and the
 * privilege mode (metrics compare like with like: cycles:u with instructions:u). */
struct metric_operand {
	const char *generic; /* NULL for events without a generic name: never an input to a
			      * built-in metric */
	int mode;
	double value;        /* NaN when not counted */
	const char *name;    /* the event as written ("cycles:u", "r003c"), or NULL; named
			      * metrics match it too */
	bool of_family;      /* counted for a CPU family's group: a family's metric reads it
			      * before a same-named event counted for another reason */
};

struct metric_value {
	double value;
	const char *unit;        /* "insn per cycle", "of all branches", "K/sec", ...: static for
				  * the built-ins; a named metric's as its preset writes it ("%",
				  * "" for none), owned by the set */
	int decimals;
	bool percent;            /* printed as "12.34%" before the unit (built-ins only) */
	const char *name;        /* named metrics: "IPC" (owned by the set); NULL for built-ins */
	const char *description; /* named metrics: one line; NULL for built-ins */
	const char *group;       /* a CPU family's metric group ("TopdownL1", owned by the set),
				  * NULL for others */
	const char *group_description;
	bool candidate;          /* named on its group's bottleneck line */
	bool bottleneck;         /* the biggest candidate of its group (metric_mark_bottlenecks) */
	bool rate;               /* the rate perf prints beside any count, in per_second events
				  * per second (value is the same in unit's K, M or G) */
	double per_second;
};

/* Marks in each group the candidate with the biggest value (the first of equals; never NaN,
 * nor a value of 0 or less: nothing lost is no bottleneck) as its bottleneck, clearing every
 * other mark. */
void metric_mark_bottlenecks(struct metric_value *values, size_t n);

/* Computes the metrics shown beside ops[row] into out (at most METRIC_MAX_PER_ROW); a metric
 * whose inputs were not all counted, or whose value is undefined (a division by zero), is left
 * out. duration_ns (the mean elapsed time) is the formula name "duration_time". A counted row
 * with no metric of its own gets a rate per second of task-clock, as perf prints, unless it
 * counts time: a clock (metric_is_clock) or a tool event (duration_time, user_time,
 * system_time, by their generic names), where perf's rate means nothing. */
size_t metric_compute(const struct metric_set *set, const struct metric_operand *ops,
		      size_t n_ops, size_t row, double duration_ns, struct metric_value *out);

/* Named metrics in the order added; each is shown once per report, not beside a row. */
size_t metric_named_count(const struct metric_set *set);

/*
 * Fills out with named metric i (i < metric_named_count()): name, unit, description, and its
 * value over ops. Each identifier of the formula reads the first operand whose event name as
 * written equals it (without regard to case), else the first whose generic name does; a CPU
 * family's metric looks among the operands counted for a family first (its own group's, not
 * a copy -e asked for outside it);
 * "duration_time" is duration_ns. decimals: 2, or enough for 3 significant digits below 1
 * (0.0123 -> 4), at most 9. Returns true when the value is a number; false, with value NaN,
 * when an input was not counted, is not in ops, or the formula divides by zero: the metric is
 * then unavailable, never inf or nan.
 */
bool metric_named_eval(const struct metric_set *set, size_t i, const struct metric_operand *ops,
		       size_t n_ops, double duration_ns, struct metric_value *out);

/* Named metric i's formula text (for listings), or NULL when i is out of range. */
const char *metric_named_formula(const struct metric_set *set, size_t i);

/* Whether a generic event counts time (task-clock, cpu-clock: nanoseconds) rather than
 * occurrences: shown in msec, and given no rate per second. NULL is no clock. */
bool metric_is_clock(const char *generic);

/* One event of the list to count, as metric_add_partners() sees it. */
struct metric_slot {
	const char *generic; /* NULL: takes no part */
	int mode;
	int group;           /* METRIC_NO_GROUP or a group number */
	size_t anchor;       /* for an added slot: the slot whose metric needed it */
	bool added;
};

/*
 * Completes slots[0..*n-1] with the partners the ratio metrics need (instructions beside
 * cycles, cache-references beside cache-misses, ...), each with its anchor's mode, marked
 * added and ungrouped, then groups each ratio's inputs so they are counted over the same
 * intervals, without ever growing a group the user wrote: the groups numbered below *n_groups
 * at the call are the user's, and an input in one stays there while its partners stay out of
 * it (a user's group of three miss counters would not fit the PMU with three more). Inputs
 * that are ungrouped are grouped together: in a group this call made that holds another of
 * the inputs, else in a new one numbered from *n_groups up when two or more are ungrouped; a
 * lone ungrouped input stays ungrouped. Returns 0, or -1 when more than cap slots would be
 * needed.
 */
int metric_add_partners(const struct metric_set *set, struct metric_slot *slots, size_t *n,
			size_t cap, int *n_groups);

#endif
