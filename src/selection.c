/* selection.c - from -e lists to resolved events, presets' metrics and partners. */
#include <stdlib.h>
#include <string.h>

#include "preset.h"
#include "selection.h"
#include "spec.h"

/* Group numbers pass from the spec to the events to the metric slots unchanged, so the three
 * modules must agree on the number that means "in no group". */
_Static_assert(SPEC_NO_GROUP == EVENT_NO_GROUP && EVENT_NO_GROUP == METRIC_NO_GROUP,
	       "one value means 'no group' in every module");

static const char default_events[] =
	"task-clock,context-switches,cpu-migrations,page-faults,"
	"cycles,instructions,branches,branch-misses";

/* Adds the partner events the derived metrics need, each right after the event that asked
 * for it, and groups each ratio's inputs (never growing a group the user wrote). */
static int add_partners(struct selection *sel, const struct metric_set *metrics, int n_groups,
			struct hp_err *err)
{
	size_t cap = 4 * sel->n + 16, n = sel->n, i, j, out = 0;
	struct metric_slot *slots = calloc(cap, sizeof(*slots));
	struct event *merged = calloc(cap, sizeof(*merged));
	int ret = -1;

	if (!slots || !merged) {
		err_set(err, "out of memory");
		goto out;
	}
	for (i = 0; i < sel->n; i++)
		slots[i] = (struct metric_slot){ .generic = sel->events[i].generic,
						 .mode = sel->events[i].mode,
						 .group = sel->events[i].group };
	if (metric_add_partners(metrics, slots, &n, cap, &n_groups)) {
		err_set(err, "too many events for their derived metrics; try --no-metrics");
		goto out;
	}
	for (i = 0; i < sel->n; i++) {
		merged[out] = sel->events[i];
		merged[out++].group = slots[i].group;
		for (j = sel->n; j < n; j++) {
			if (slots[j].anchor != i)
				continue;
			if (event_resolve_partner(&merged[out], slots[j].generic, &sel->events[i],
						  slots[j].group, err))
				goto out;
			out++;
		}
	}
	free(sel->events);
	sel->events = merged;
	sel->n = out;
	merged = NULL;
	ret = 0;
out:
	if (merged) {
		for (i = 0; i < out; i++)
			if (merged[i].added)
				event_release(&merged[i]);
		free(merged);
	}
	free(slots);
	return ret;
}

/* A preset's metrics join the built-ins, so one mechanism computes and prints them all. */
static int add_preset_metrics(struct metric_set *metrics, const struct preset_set *presets,
			      struct hp_err *err)
{
	size_t p, m;

	for (p = 0; p < presets->n; p++) {
		const struct preset *preset = &presets->presets[p];

		for (m = 0; m < preset->n_metrics; m++) {
			const struct preset_metric *pm = &preset->metrics[m];
			struct hp_err why;

			if (metric_set_add(metrics, pm->name, pm->unit, pm->formula,
					   pm->description, &why))
				return err_set(err, "preset '@%s': %s", preset->name, why.msg);
		}
	}
	return 0;
}

static int resolve_events(struct selection *sel, const struct options *opts,
			  struct metric_set *metrics, struct hp_err *err)
{
	struct spec spec = { 0 };
	struct preset_set presets = { 0 };
	size_t i;
	int ret = -1;

	for (i = 0; i < opts->n_event_lists; i++)
		if (spec_parse(&spec, opts->event_lists[i], err))
			goto out;
	if (opts->n_event_lists == 0 && spec_parse(&spec, default_events, err))
		goto out;
	if (preset_expand(&spec, NULL, &presets, err))
		goto out;
	if (metrics && add_preset_metrics(metrics, &presets, err))
		goto out;
	if (event_expand_globs(&spec, err))
		goto out;
	sel->events = calloc(spec.n_events, sizeof(*sel->events));
	if (!sel->events) {
		err_set(err, "out of memory");
		goto out;
	}
	for (sel->n = 0; sel->n < spec.n_events; sel->n++)
		if (event_resolve_spec(&sel->events[sel->n], &spec.events[sel->n], err))
			goto out;
	if (event_check_group(sel->events, sel->n, err))
		goto out;
	if (metrics && add_partners(sel, metrics, spec.n_groups, err))
		goto out;
	ret = 0;
out:
	preset_set_release(&presets);
	spec_release(&spec);
	return ret;
}

int selection_resolve(struct selection *sel, const struct options *opts, struct hp_err *err)
{
	memset(sel, 0, sizeof(*sel));
	if (opts->null)
		return 0; /* no events: the runs are timed, nothing else */
	if (!opts->no_metrics && !(sel->metrics = metric_set_builtin(err)))
		return -1;
	return resolve_events(sel, opts, sel->metrics, err);
}

void selection_release(struct selection *sel)
{
	size_t i;

	for (i = 0; i < sel->n; i++)
		event_release(&sel->events[i]);
	free(sel->events);
	metric_set_free(sel->metrics);
	memset(sel, 0, sizeof(*sel));
}

/* The report's view of each event: what it is, and what the kernel made of it. */
static struct report_event *report_events(const struct selection *sel,
					  const struct counter_set *counters)
{
	struct report_event *rev = calloc(sel->n ? sel->n : 1, sizeof(*rev));
	size_t i;

	for (i = 0; rev && i < sel->n; i++) {
		const struct event *ev = &sel->events[i];

		rev[i] = (struct report_event){ .name = ev->name, .resolved = ev->resolved,
						.generic = ev->generic, .mode = ev->mode,
						.added = ev->added,
						.supported = !counters->unsupported[i],
						.scale = ev->scale,
						.unit = ev->unit[0] ? ev->unit : NULL,
						.user_only = counters->user_only[i] };
	}
	return rev;
}

int selection_report_build(struct report *r, const struct selection *sel,
			   const struct counter_set *counters, struct report_input in,
			   struct hp_err *err)
{
	struct report_event *rev = report_events(sel, counters);
	int ret;

	if (!rev)
		return err_set(err, "out of memory");
	in.events = rev;
	in.metrics = sel->metrics;
	ret = report_build(r, &in, err);
	free(rev);
	return ret;
}
