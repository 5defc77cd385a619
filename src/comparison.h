/* comparison.h - several commands' results side by side: every quantity's change against a
 * reference with its interval, whether it is significant, and a ranking. Pure. */
#ifndef HPSTAT_COMPARISON_H
#define HPSTAT_COMPARISON_H

#include <stdbool.h>
#include <stddef.h>

#include "change.h"
#include "err.h"
#include "report.h"
#include "stats.h"

enum quantity_kind {
	QUANTITY_TIME,   /* elapsed, user, sys (seconds), max-rss (KiB) */
	QUANTITY_EVENT,  /* a counted event, in its shown unit */
	QUANTITY_METRIC, /* a derived metric, from each run's own counts */
};

enum quantity_direction {
	QUANTITY_LOWER_BETTER,  /* times, counts, miss ratios */
	QUANTITY_HIGHER_BETTER, /* instructions per cycle, GHz */
	QUANTITY_NEUTRAL,       /* no better or worse: CPUs utilized, a preset's own metric */
};

/* One quantity of one command over its runs. */
struct quantity {
	char *key;      /* what --sort and --fail-if name: the event as shown ("page-faults:u"),
			 * a metric's unit ("insn per cycle") or preset name ("IPC"), "elapsed" */
	char *label;    /* what the report shows: "insn per cycle (instructions)" */
	char unit[24];  /* "msec", "s", "KiB", "" */
	enum quantity_kind kind;
	enum quantity_direction direction;
	struct stats stats;
};

struct quantity_list {
	struct quantity *items;
	size_t n, cap;
};

/* Every quantity of a report worth comparing: the times, each counted event, each derived
 * metric but the per-second rates (a count over the time, both compared already). */
int quantity_list_from_report(struct quantity_list *l, const struct report *r,
			      struct hp_err *err);
/* Appends one (the strings are copied). */
int quantity_list_add(struct quantity_list *l, const char *key, const char *label,
		      const char *unit, enum quantity_kind kind,
		      enum quantity_direction direction, const struct stats *stats,
		      struct hp_err *err);
/* Appends a derived metric shown beside the event row_name: keyed by its unit and event, with
 * the direction the unit implies (more instructions per cycle is better). Per-second rates are
 * left out (returns 0): a count over the time, both compared already. */
int quantity_list_add_metric(struct quantity_list *l, const char *row_name, const char *unit,
			     bool percent, const struct stats *stats, struct hp_err *err);
void quantity_list_release(struct quantity_list *l);

enum comparison_verdict {
	VERDICT_REFERENCE,   /* the reference itself */
	VERDICT_UNKNOWN,     /* not measured on one side, or too few runs */
	VERDICT_SAME,        /* no significant change */
	VERDICT_BETTER,      /* significant, in the quantity's better direction */
	VERDICT_WORSE,
	VERDICT_CHANGED,     /* significant, for a quantity with no better or worse */
};

struct comparison_cell {
	bool measured;           /* the command has this quantity */
	struct stats stats;
	struct change change;    /* against the reference */
	enum comparison_verdict verdict;
};

struct comparison_row {
	char *key, *label;
	char unit[24];
	enum quantity_kind kind;
	enum quantity_direction direction;
	struct comparison_cell *cells; /* one per command */
};

struct comparison {
	size_t n_commands;
	size_t reference;
	double threshold_pct;         /* the noise band */
	struct comparison_row *rows;  /* in the order they first appear */
	size_t n_rows;
	size_t sort_row;              /* the row the ranking follows */
	size_t *ranking;              /* command indices, best first; unmeasured ones last */
	double *rank_ratio;           /* per ranking place: mean / the best's mean, */
	double *rank_ratio_se;        /* and its standard error */
};

/*
 * Compares lists[0..n-1] (one per command) against lists[reference]: a row for each key in
 * any list, a cell per command. A change is significant as change.h defines it, with
 * threshold_pct as the noise band. sort names the ranking's row (a key, or a metric's unit
 * when only one row has it); NULL ranks by elapsed time. -1 with err when sort names no row
 * (listing some that exist) or memory runs out.
 */
int comparison_build(struct comparison *c, const struct quantity_list *lists, size_t n,
		     size_t reference, double threshold_pct, const char *sort,
		     struct hp_err *err);
void comparison_release(struct comparison *c);

/* The row named by name (a key, or a metric unit that only one row has), or NULL. */
const struct comparison_row *comparison_find(const struct comparison *c, const char *name);

/* A --fail-if gate's judgment of one command against the reference, on one row. */
enum gate_result {
	GATE_PASSED,     /* not worse by more than the limit (or the command is the reference) */
	GATE_WORSE,      /* significantly worse by more than the limit; from a reference of
			  * 0, significantly worse at all (past any percentage) */
	GATE_NEUTRAL,    /* the row has no better or worse: no limit applies */
	GATE_UNMEASURED, /* the command or the reference lacks the quantity */
	GATE_ONE_RUN,    /* the command or the reference has one run: no interval */
};

/* Judges command i on row against a limit of max_worse_pct percent worse. A gate that cannot
 * judge (NEUTRAL, UNMEASURED, ONE_RUN) must not read as passed. */
enum gate_result comparison_gate(const struct comparison *c, const struct comparison_row *row,
				 size_t i, double max_worse_pct);

/* The verdict's name for machine output: "reference", "unknown", "same", "better"... */
const char *comparison_verdict_name(enum comparison_verdict v);

#endif
