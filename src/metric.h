/* metric.h - derived metrics as data: which row a formula annotates, its unit, its partners. */
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

/* perf's built-in set: CPUs utilized, GHz, IPC, stalled cycles, miss ratios. */
struct metric_set *metric_set_builtin(struct hp_err *err);
void metric_set_free(struct metric_set *set);

/* A counted quantity a formula may read: one row's mean, keyed by perf's generic name and the
 * privilege mode (metrics compare like with like: cycles:u with instructions:u). */
struct metric_operand {
	const char *generic; /* NULL for events without a generic name: never an input */
	int mode;
	double value;        /* NaN when not counted */
};

struct metric_value {
	double value;
	const char *unit; /* "insn per cycle", "of all branches", "K/sec", ... (static) */
	int decimals;
	bool percent;     /* printed as "12.34%" before the unit */
};

/* Computes the metrics shown beside ops[row] into out (at most METRIC_MAX_PER_ROW); a metric
 * whose inputs were not all counted, or whose value is undefined (a division by zero), is left
 * out. duration_ns (the mean elapsed time) is the formula name "duration_time". A counted row
 * with no metric of its own gets a rate per second of task-clock, as perf prints. */
size_t metric_compute(const struct metric_set *set, const struct metric_operand *ops,
		      size_t n_ops, size_t row, double duration_ns, struct metric_value *out);

/* One event of the list to count, as metric_add_partners() sees it. */
struct metric_slot {
	const char *generic; /* NULL: takes no part */
	int mode;
	int group;           /* METRIC_NO_GROUP or a group number */
	size_t anchor;       /* for an added slot: the slot whose metric needed it */
	bool added;
};

/* Completes slots[0..*n-1] with the partners the ratio metrics need (instructions beside
 * cycles, cache-references beside cache-misses, ...), each with its anchor's mode and marked
 * added, and puts every ratio's inputs into one group (the group one of them is already in,
 * else a new number from *n_groups up) so they are counted over the same intervals.
 * Returns 0, or -1 when more than cap slots would be needed. */
int metric_add_partners(const struct metric_set *set, struct metric_slot *slots, size_t *n,
			size_t cap, int *n_groups);

#endif
