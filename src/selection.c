/* selection.c - from -e lists to resolved events, presets' metrics and partners. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <math.h>
#include <stdio.h>

#include "event_sysfs.h"
#include "family.h"
#include "formula.h"
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

/* perf's -d, -dd and -ddd: each level adds its events to the ones before. Each miss counter
 * comes with its loads, so its miss ratio is printed beside it (metric.c pairs them). */
static const char *const detailed_events[OPTIONS_MAX_DETAILED][7] = {
	{ "L1-dcache-loads", "L1-dcache-load-misses", "LLC-loads", "LLC-load-misses" },
	{ "L1-icache-loads", "L1-icache-load-misses", "dTLB-loads", "dTLB-load-misses",
	  "iTLB-loads", "iTLB-load-misses" },
	{ "L1-dcache-prefetches", "L1-dcache-prefetch-misses" },
};

/* Whether spec names event already (as written, without regard to case). */
static bool spec_names(const struct spec *spec, const char *event)
{
	size_t i;

	for (i = 0; i < spec->n_events; i++)
		if (strcasecmp(spec->events[i].name, event) == 0)
			return true;
	return false;
}

/* Adds the detailed sets up to level after the events there are, as perf adds them to -e's
 * events or to the default set; an event named already is not counted twice. */
static int add_detailed(struct spec *spec, unsigned level, struct hp_err *err)
{
	unsigned l;
	size_t i;

	for (l = 0; l < level; l++)
		for (i = 0; detailed_events[l][i]; i++)
			if (!spec_names(spec, detailed_events[l][i]) &&
			    spec_parse(spec, detailed_events[l][i], err))
				return -1;
	return 0;
}

/* --all-user, --all-kernel: every event counts one mode, set on the resolved events so that
 * it holds whatever form the name had. An event that names the other mode itself is a
 * contradiction, refused; one that counts both gets the mode and its name the suffix the
 * report shows modes with (":u", ":k"), so its partners and metrics follow it. */
static int modes_apply(struct selection *sel, enum options_modes modes, struct hp_err *err)
{
	const bool user = modes == OPTIONS_MODES_USER;
	const enum event_mode want = user ? EVENT_MODE_USER : EVENT_MODE_KERNEL;
	const char *suffix = user ? ":u" : ":k";
	size_t i;

	for (i = 0; modes != OPTIONS_MODES_AS_NAMED && i < sel->n; i++) {
		struct event *ev = &sel->events[i];
		size_t len = strlen(ev->name) + 3;
		char *name;

		if (ev->mode == want)
			continue;
		if (ev->mode != EVENT_MODE_ALL)
			return err_set(err, "event '%s' counts %s mode only, and '%s' asks for %s mode "
				       "only: leave out one of them", ev->name,
				       user ? "kernel" : "user", user ? "--all-user" : "--all-kernel",
				       user ? "user" : "kernel");
		name = malloc(len);
		if (!name)
			return err_set(err, "out of memory");
		snprintf(name, len, "%s%s", ev->name, suffix);
		free(ev->name);
		ev->name = name;
		ev->attr.exclude_user = !user;
		ev->attr.exclude_kernel = user;
		ev->attr.exclude_hv = 1;
		ev->mode = want;
		len = strlen(ev->resolved);
		snprintf(ev->resolved + len, sizeof(ev->resolved) - len, "%s", suffix);
	}
	return 0;
}

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

/* What of this CPU's family the options ask for: -M's lists, --topdown's levels, or (for
 * perf's default set) level 1 when it can be had. names "" when nothing; -1 with err when
 * the lists do not fit in cap (cut short, they would name other metrics or drop some). */
static int family_wanted(const struct options *opts, char *names, size_t cap, bool *quiet,
			 struct hp_err *err)
{
	char levels[64];
	size_t i, len = 0;

	names[0] = '\0';
	*quiet = false;
	levels[0] = '\0';
	if (opts->topdown_level)
		family_topdown_names(opts->topdown_level, levels, sizeof(levels));
	for (i = 0; i <= opts->n_metric_lists; i++) {
		const char *add = i < opts->n_metric_lists ? opts->metric_lists[i] : levels;
		int n;

		if (!add[0] && i < opts->n_metric_lists)
			return err_set(err, "-M '': name a metric group or metric ('hpstat --list' "
				       "shows this CPU's)");
		if (!add[0])
			break;
		n = snprintf(names + len, cap - len, "%s%s", len ? "," : "", add);
		if (n < 0 || (size_t)n >= cap - len)
			return err_set(err, "-M: the metric lists are longer than %zu bytes in all; "
				       "name groups (such as TopdownL1) rather than each metric",
				       cap - 1);
		len += (size_t)n;
	}
	if (!names[0] && opts->n_event_lists == 0 && opts->n_metric_lists == 0) {
		family_topdown_names(1, names, cap);
		*quiet = true;
	}
	return 0;
}

/* The family's formulas read pmu_slots: written out as the machine's number, or as a division
 * by zero, which no metric survives, where the PMU does not publish it. */
static const char *slots_text(void *ctx, const char *name, size_t len)
{
	const char *text = ctx;

	return len == strlen(PRESET_PMU_SLOTS) && strncmp(name, PRESET_PMU_SLOTS, len) == 0 ?
		       text : NULL;
}

static int add_family_metrics(struct metric_set *metrics, const struct preset *p,
			      const struct family_choice *choice, double pmu_slots,
			      struct hp_err *err)
{
	char slots[32];
	size_t i;

	if (isnan(pmu_slots))
		snprintf(slots, sizeof(slots), "0 / 0");
	else
		snprintf(slots, sizeof(slots), "%g", pmu_slots);
	for (i = 0; i < p->n_metrics; i++) {
		const struct preset_metric *pm = &p->metrics[i];
		char *formula;
		int ret;

		if (!choice->metrics[i])
			continue;
		formula = formula_substitute(pm->formula, slots_text, slots, err);
		if (!formula)
			return -1;
		ret = metric_set_add_grouped(metrics,
					     &(struct metric_group){
						     .name = p->groups[pm->group].name,
						     .description = p->groups[pm->group].description,
						     .bottleneck = pm->bottleneck },
					     pm->name, pm->unit, formula, pm->description, err);
		free(formula);
		if (ret)
			return -1;
	}
	return 0;
}

/*
 * Adds the events of this CPU's family that the options ask for to spec, and their metrics to
 * metrics; *n_added says how many events (the last of spec). Asked for by -M or --topdown, a
 * CPU no family describes is an error; for the default set it is a note.
 */
static int add_family(struct selection *sel, const struct options *opts, struct spec *spec,
		      struct metric_set *metrics, size_t *n_added, struct hp_err *err)
{
	struct family_machine machine;
	struct family_choice choice = { 0 };
	struct preset family;
	char names[1024], why[128];
	size_t before = spec->n_events;
	bool quiet;
	int found, ret = -1;

	*n_added = 0;
	if (family_wanted(opts, names, sizeof(names), &quiet, err))
		return -1;
	if (!names[0] || opts->null)
		return 0;
	family_machine_read(&machine, &event_sysfs_system);
	found = family_of_this_cpu(&machine, &family, why, sizeof(why), err);
	if (found <= 0) {
		if (found == 0 && quiet)
			snprintf(sel->topdown_note, sizeof(sel->topdown_note), "%s", why);
		else if (found == 0 && opts->n_metric_lists)
			err_set(err, "-M '%s': this CPU has no metric groups: %s",
				opts->metric_lists[0], why);
		else if (found == 0)
			err_set(err, "--topdown: top-down analysis is not available here: %s", why);
		return found == 0 && quiet ? 0 : -1;
	}
	if (family_choose(&family, names, &choice, err)) {
		if (quiet) {
			snprintf(sel->topdown_note, sizeof(sel->topdown_note),
				 "the family file '%s' has no group TopdownL1", family.name);
			ret = 0;
		} else if (opts->topdown_level && !opts->n_metric_lists) {
			char why_not[sizeof(err->msg)];

			snprintf(why_not, sizeof(why_not), "%s", err->msg);
			err_set(err, "--td-level %u: %s", opts->topdown_level, why_not);
		}
		goto out;
	}
	if (spec_parse(spec, choice.events, err)) {
		/* err->msg cannot be both the format's argument and its destination. */
		char why_not[sizeof(err->msg)];

		snprintf(why_not, sizeof(why_not), "%s", err->msg);
		err_set(err, "the CPU family file '%s': %s", family.path, why_not);
		goto out;
	}
	*n_added = spec->n_events - before;
	if (metrics && add_family_metrics(metrics, &family, &choice, machine.pmu_slots, err))
		goto out;
	ret = 0;
out:
	family_choice_release(&choice);
	preset_release(&family);
	return ret;
}

/*
 * Resolves the family's events, the last n_family of spec, into sel from `first`: one this
 * CPU does not have is carried as absent (<not supported>), so what reads it is not
 * available. In perf's default set top-down joins only whole: with one event missing, all
 * are left out, and the note says which.
 */
static int resolve_family_events(struct selection *sel, const struct spec *spec, size_t first,
				 bool whole_only, struct hp_err *err)
{
	size_t i;

	for (i = first; i < spec->n_events; i++, sel->n++) {
		const struct spec_event *se = &spec->events[i];
		struct hp_err why;

		if (event_resolve_spec(&sel->events[sel->n], se, &why) == 0) {
			sel->events[sel->n].of_family = true;
			continue;
		}
		if (whole_only) {
			snprintf(sel->topdown_note, sizeof(sel->topdown_note),
				 "this CPU's PMU lacks '%.60s'", se->name);
			while (sel->n > first)
				event_release(&sel->events[--sel->n]);
			return 1;
		}
		if (event_absent(&sel->events[sel->n], se->name, se->group, err))
			return -1;
		sel->events[sel->n].of_family = true;
	}
	return 0;
}

/* Whether this CPU's family has top-down's level 1: asked only when stalled-cycles-* is
 * counted, which today's CPUs refuse in favour of top-down. */
static bool stall_hint(const struct selection *sel)
{
	struct family_machine machine;
	struct preset family;
	struct hp_err ignored;
	char why[128];
	bool has = false;
	size_t i;

	for (i = 0; i < sel->n; i++)
		if (sel->events[i].generic && !sel->events[i].absent &&
		    strncmp(sel->events[i].generic, "stalled-cycles-", 15) == 0)
			break;
	if (i == sel->n)
		return false;
	family_machine_read(&machine, &event_sysfs_system);
	if (family_of_this_cpu(&machine, &family, why, sizeof(why), &ignored) != 1)
		return false;
	for (i = 0; i < family.n_groups; i++)
		has |= strcasecmp(family.groups[i].name, FAMILY_TOPDOWN_PREFIX "1") == 0;
	preset_release(&family);
	return has;
}

/* Whether a and b count the same: one encoding for the same privilege levels (an event
 * given twice, in two groups say), or the same tool event. */
static bool same_count(const struct event *a, const struct event *b)
{
	const struct perf_event_attr *x = &a->attr, *y = &b->attr;

	return a->tool == b->tool && a->absent == b->absent && x->type == y->type &&
	       x->config == y->config && x->config1 == y->config1 && x->config2 == y->config2 &&
	       x->bp_type == y->bp_type && x->exclude_user == y->exclude_user &&
	       x->exclude_kernel == y->exclude_kernel && x->exclude_hv == y->exclude_hv &&
	       x->exclude_idle == y->exclude_idle && x->exclude_host == y->exclude_host &&
	       x->exclude_guest == y->exclude_guest;
}

/* The option whose series name an event by its name alone, NULL when the report is none of
 * theirs. */
static const char *exposition_option(const struct options *opts)
{
	if (opts->format == OPTIONS_PROMETHEUS)
		return "--prometheus";
	if (opts->format == OPTIONS_OPENMETRICS)
		return "--openmetrics";
	return opts->push_url ? "--push" : NULL;
}

/* An exposition's series tell events apart by their names: an event counted twice is given
 * once, as first counted, but of two different events of one name (name= given twice) one
 * would be lost without a word. Refused before anything runs. */
static int check_series_names(const struct selection *sel, const struct options *opts,
			      struct hp_err *err)
{
	const char *option = exposition_option(opts);
	size_t i, j;

	for (i = 0; option && i < sel->n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(sel->events[i].name, sel->events[j].name) == 0 &&
			    !same_count(&sel->events[i], &sel->events[j]))
				return err_set(err, "events '%s' and '%s' are both named '%s', which "
					       "%s would give one series for both: give them "
					       "distinct name= values", sel->events[j].resolved,
					       sel->events[i].resolved, sel->events[i].name,
					       option);
	return 0;
}

static int resolve_events(struct selection *sel, const struct options *opts,
			  struct metric_set *metrics, struct hp_err *err)
{
	struct spec spec = { 0 };
	struct preset_set presets = { 0 };
	size_t i, n_family, n_named = metrics ? metric_named_count(metrics) : 0;
	int ret = -1;

	for (i = 0; i < opts->n_event_lists; i++)
		if (spec_parse(&spec, opts->event_lists[i], err))
			goto out;
	/* perf's default set, unless -M or --topdown said what to count. */
	if (opts->n_event_lists == 0 && opts->n_metric_lists == 0 && !opts->topdown_level &&
	    spec_parse(&spec, default_events, err))
		goto out;
	if (preset_expand(&spec, NULL, &presets, err) ||
	    (opts->detailed && add_detailed(&spec, opts->detailed, err)))
		goto out;
	if (metrics && add_preset_metrics(metrics, &presets, err))
		goto out;
	if (event_check_group_names(&spec, err) || event_expand_globs(&spec, err) ||
	    add_family(sel, opts, &spec, metrics, &n_family, err))
		goto out;
	sel->events = calloc(spec.n_events, sizeof(*sel->events));
	if (!sel->events) {
		err_set(err, "out of memory");
		goto out;
	}
	for (sel->n = 0; sel->n < spec.n_events - n_family; sel->n++)
		if (event_resolve_spec(&sel->events[sel->n], &spec.events[sel->n], err)) {
			/* A preset's event: its file and line, as its other errors have. */
			struct hp_err why = *err;

			if (spec.events[sel->n].origin)
				err_set(err, "%s: %s", spec.events[sel->n].origin, why.msg);
			goto out;
		}
	switch (resolve_family_events(sel, &spec, sel->n,
				      !opts->n_metric_lists && !opts->topdown_level, err)) {
	case -1:
		goto out;
	case 1: /* the default set without top-down: its metrics go too */
		if (metrics)
			metric_set_truncate(metrics, n_named);
		break;
	}
	if (modes_apply(sel, opts->modes, err) || event_check_group(sel->events, sel->n, err))
		goto out;
	sel->stall_hint = !opts->topdown_level && stall_hint(sel);
	if ((metrics && add_partners(sel, metrics, spec.n_groups, err)) ||
	    check_series_names(sel, opts, err))
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
						.of_family = ev->of_family,
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
	size_t i;
	int ret;

	if (!rev)
		return err_set(err, "out of memory");
	in.events = rev;
	in.metrics = sel->metrics;
	ret = report_build(r, &in, err);
	if (ret == 0 && sel->topdown_note[0])
		r->topdown_note = sel->topdown_note;
	for (i = 0; ret == 0 && sel->stall_hint && i < sel->n; i++)
		r->topdown_hint |= sel->events[i].generic && counters->unsupported[i] &&
				   strncmp(sel->events[i].generic, "stalled-cycles-", 15) == 0;
	free(rev);
	return ret;
}
