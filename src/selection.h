/* selection.h - the events a measurement counts: -e lists and presets parsed, every name
 * resolved, partner events added for the derived metrics. */
#ifndef HPSTAT_SELECTION_H
#define HPSTAT_SELECTION_H

#include <stddef.h>

#include "counter.h"
#include "err.h"
#include "event.h"
#include "metric.h"
#include "options.h"
#include "report.h"

struct selection {
	struct event *events;      /* in report order, partners right after their anchors */
	size_t n;
	struct metric_set *metrics; /* the built-in and preset metrics; NULL under --no-metrics */
	/* Why top-down analysis is missing from perf's default set here ("no hardware PMU in
	 * this machine"), said once in the report; "" when it is there or was not wanted. */
	char topdown_note[160];
	/* stalled-cycles-* was asked for on a CPU whose family has top-down analysis: where the
	 * kernel refuses them, the report points to --topdown. */
	bool stall_hint;
};

/* Resolves opts' -e lists (perf's default set when there are none). -1 with err naming the
 * first event or preset that fails; release sel either way. */
int selection_resolve(struct selection *sel, const struct options *opts, struct hp_err *err);
void selection_release(struct selection *sel);

/* report_build() for runs of these events: in's events and metrics come from sel and what
 * the kernel made of each event (counters, of the same selection); the rest is the caller's. */
int selection_report_build(struct report *r, const struct selection *sel,
			   const struct counter_set *counters, struct report_input in,
			   struct hp_err *err);

#endif
