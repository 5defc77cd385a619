/* metric.c - the built-in derived metrics (perf's set), their partner events, and the named
 * metrics presets add. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "formula.h"
#include "metric.h"
#include "numstyle.h"
#include "tool_event.h"

struct metric_def {
	const char *annotates; /* generic name of the row it is printed beside */
	const char *formula;   /* over generic names, same mode as the row; duration_time in ns */
	const char *unit;
	int decimals;
	bool percent;
	bool partners;         /* a ratio: add the missing inputs and count them as one group */
	const char *seeded_by; /* besides `annotates`, the event that asks for the partners */
};

#define MISS_RATIO(misses, total, what)                                                  \
	{ .annotates = misses, .formula = "100 * " misses " / " total, .unit = what,      \
	  .decimals = 2, .percent = true, .partners = true }

static const struct metric_def metric_defs[] = {
	{ .annotates = "task-clock", .formula = "task-clock / duration_time",
	  .unit = "CPUs utilized", .decimals = 3 },
	{ .annotates = "cpu-clock", .formula = "cpu-clock / duration_time",
	  .unit = "CPUs utilized", .decimals = 3 },
	/* task-clock counts nanoseconds, so cycles per task-clock is cycles per ns: GHz. */
	{ .annotates = "cycles", .formula = "cycles / task-clock", .unit = "GHz",
	  .decimals = 3 },
	{ .annotates = "instructions", .formula = "instructions / cycles",
	  .unit = "insn per cycle", .decimals = 2, .partners = true, .seeded_by = "cycles" },
	/* max() takes whichever stall counter was counted, both when both were. */
	{ .annotates = "instructions",
	  .formula = "max(stalled-cycles-frontend, stalled-cycles-backend) / instructions",
	  .unit = "stalled cycles per insn", .decimals = 2 },
	{ .annotates = "stalled-cycles-frontend",
	  .formula = "100 * stalled-cycles-frontend / cycles", .unit = "frontend cycles idle",
	  .decimals = 2, .percent = true, .partners = true },
	{ .annotates = "stalled-cycles-backend",
	  .formula = "100 * stalled-cycles-backend / cycles", .unit = "backend cycles idle",
	  .decimals = 2, .percent = true, .partners = true },
	MISS_RATIO("branch-misses", "branches", "of all branches"),
	MISS_RATIO("cache-misses", "cache-references", "of all cache refs"),
	MISS_RATIO("L1-dcache-load-misses", "L1-dcache-loads", "of all L1-dcache accesses"),
	MISS_RATIO("L1-icache-load-misses", "L1-icache-loads", "of all L1-icache accesses"),
	MISS_RATIO("LLC-load-misses", "LLC-loads", "of all LL-cache accesses"),
	MISS_RATIO("dTLB-load-misses", "dTLB-loads", "of all dTLB cache accesses"),
	MISS_RATIO("iTLB-load-misses", "iTLB-loads", "of all iTLB cache accesses"),
};

#define N_METRICS (sizeof(metric_defs) / sizeof(metric_defs[0]))

/* A preset's metric: shown on a line of its own, not beside a row. */
struct metric_named {
	char *name;
	char *unit;
	char *text; /* the formula as written */
	char *description;
	struct formula *formula;
	char *group;             /* a family's metric group, or NULL */
	char *group_description;
	bool candidate;          /* one of its group's possible bottlenecks */
};

static void named_release(struct metric_named *m)
{
	free(m->name);
	free(m->unit);
	free(m->text);
	free(m->description);
	free(m->group);
	free(m->group_description);
	formula_free(m->formula);
}

struct metric_set {
	const struct metric_def *defs;
	struct formula **formulas; /* parsed once; their input names outlive every slot */
	size_t n;
	struct metric_named *named;
	size_t n_named;
};

struct metric_set *metric_set_builtin(struct hp_err *err)
{
	struct metric_set *set = calloc(1, sizeof(*set));

	if (!set || !(set->formulas = calloc(N_METRICS, sizeof(*set->formulas)))) {
		free(set);
		err_set(err, "out of memory");
		return NULL;
	}
	set->defs = metric_defs;
	for (set->n = 0; set->n < N_METRICS; set->n++) {
		set->formulas[set->n] = formula_parse(metric_defs[set->n].formula, err);
		if (!set->formulas[set->n]) {
			metric_set_free(set);
			return NULL;
		}
	}
	return set;
}

void metric_set_free(struct metric_set *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		formula_free(set->formulas[i]);
	free(set->formulas);
	for (i = 0; i < set->n_named; i++)
		named_release(&set->named[i]);
	free(set->named);
	free(set);
}

void metric_set_truncate(struct metric_set *set, size_t n)
{
	while (set->n_named > n)
		named_release(&set->named[--set->n_named]);
}

/* Whether value a is the candidate its group marks: no other beats it, nor equals it first. */
static bool group_biggest(const struct metric_value *values, size_t n, size_t a)
{
	size_t j;

	for (j = 0; j < n; j++) {
		const struct metric_value *v = &values[j];

		if (j == a || !v->group || !v->candidate || isnan(v->value) ||
		    strcmp(v->group, values[a].group) != 0)
			continue;
		if (v->value > values[a].value || (v->value == values[a].value && j < a))
			return false;
	}
	return true;
}

void metric_mark_bottlenecks(struct metric_value *values, size_t n)
{
	size_t i;

	/* Nothing lost is no bottleneck: an emulated PMU's stalls all count 0. */
	for (i = 0; i < n; i++)
		values[i].bottleneck = values[i].group && values[i].candidate &&
				       values[i].value > 0 && group_biggest(values, n, i);
}

int metric_set_add(struct metric_set *set, const char *name, const char *unit,
		   const char *formula, const char *description, struct hp_err *err)
{
	return metric_set_add_grouped(set, &(struct metric_group){ NULL, NULL, false }, name,
				      unit, formula, description, err);
}

static bool same_group(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcasecmp(a, b) == 0);
}

int metric_set_add_grouped(struct metric_set *set, const struct metric_group *group,
			   const char *name, const char *unit, const char *formula,
			   const char *description, struct hp_err *err)
{
	struct metric_named m = { .candidate = group->bottleneck }, *grown;
	size_t i;

	if (!name || !name[0])
		return err_set(err, "metric with formula '%s': empty name", formula);
	/* A name is one metric within its group: a preset's "backend bound" and top-down's are
	 * two, each shown under its own heading. */
	for (i = 0; i < set->n_named; i++) {
		if (strcasecmp(set->named[i].name, name) != 0 ||
		    !same_group(set->named[i].group, group->name))
			continue;
		if (strcmp(set->named[i].text, formula) == 0)
			return 0;
		return err_set(err, "metric '%s' defined twice, as '%s' and as '%s'; rename one",
			       name, set->named[i].text, formula);
	}
	m.formula = formula_parse(formula, err);
	if (!m.formula)
		return -1;
	m.name = strdup(name);
	m.unit = strdup(unit ? unit : "");
	m.text = strdup(formula);
	m.description = strdup(description ? description : "");
	m.group = group->name ? strdup(group->name) : NULL;
	m.group_description = group->description ? strdup(group->description) : NULL;
	grown = realloc(set->named, (set->n_named + 1) * sizeof(*grown));
	if (!m.name || !m.unit || !m.text || !m.description || !grown ||
	    (group->name && !m.group) || (group->description && !m.group_description)) {
		if (grown)
			set->named = grown;
		named_release(&m);
		return err_set(err, "out of memory");
	}
	set->named = grown;
	set->named[set->n_named++] = m;
	return 0;
}

size_t metric_named_count(const struct metric_set *set)
{
	return set->n_named;
}

const char *metric_named_formula(const struct metric_set *set, size_t i)
{
	return i < set->n_named ? set->named[i].text : NULL;
}

struct lookup_ctx {
	const struct metric_operand *ops;
	size_t n_ops;
	int mode;
	double duration_ns;
	bool family_first;  /* a family's metric: its own group's events before -e's */
};

static const struct metric_operand *find_operand(const struct metric_operand *ops, size_t n,
						 const char *generic, int mode)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ops[i].generic && ops[i].mode == mode && strcmp(ops[i].generic, generic) == 0)
			return &ops[i];
	return NULL;
}

static double lookup_operand(void *opaque, const char *name)
{
	const struct lookup_ctx *ctx = opaque;
	const struct metric_operand *op;

	if (strcmp(name, "duration_time") == 0)
		return ctx->duration_ns;
	op = find_operand(ctx->ops, ctx->n_ops, name, ctx->mode);
	/* The task's time is its time whatever level a counter beside it counts: perf shows
	 * cycles:u beside task-clock in GHz too. */
	if (!op && (strcmp(name, "task-clock") == 0 || strcmp(name, "cpu-clock") == 0))
		op = find_operand(ctx->ops, ctx->n_ops, name, 0 /* every level */);
	return op ? op->value : NAN;
}

/* A preset names events as it writes them, or by perf's generic name. */
static double lookup_named(void *opaque, const char *name)
{
	const struct lookup_ctx *ctx = opaque;
	size_t i;

	if (strcmp(name, "duration_time") == 0)
		return ctx->duration_ns;
	for (i = 0; ctx->family_first && i < ctx->n_ops; i++)
		if (ctx->ops[i].of_family && ctx->ops[i].name &&
		    strcasecmp(ctx->ops[i].name, name) == 0)
			return ctx->ops[i].value;
	for (i = 0; i < ctx->n_ops; i++)
		if (ctx->ops[i].name && strcasecmp(ctx->ops[i].name, name) == 0)
			return ctx->ops[i].value;
	for (i = 0; i < ctx->n_ops; i++)
		if (ctx->ops[i].generic && strcasecmp(ctx->ops[i].generic, name) == 0)
			return ctx->ops[i].value;
	return NAN;
}

bool metric_named_eval(const struct metric_set *set, size_t i, const struct metric_operand *ops,
		       size_t n_ops, double duration_ns, struct metric_value *out)
{
	const struct metric_named *m = &set->named[i];
	struct lookup_ctx ctx = { .ops = ops, .n_ops = n_ops, .duration_ns = duration_ns,
				  .family_first = m->group != NULL };

	out->value = formula_eval(m->formula, lookup_named, &ctx);
	out->unit = m->unit;
	out->name = m->name;
	out->description = m->description;
	out->group = m->group;
	out->group_description = m->group_description;
	out->candidate = m->candidate;
	out->bottleneck = false;
	out->percent = false;
	out->rate = false;
	out->per_second = 0;
	out->decimals = numstyle_metric_decimals(out->value);
	return !isnan(out->value);
}

bool metric_is_clock(const char *generic)
{
	return generic && (strcmp(generic, "task-clock") == 0 || strcmp(generic, "cpu-clock") == 0);
}

/* perf's fallback annotation: events per second of task-clock, scaled to K, M or G. */
static size_t rate_per_second(const struct metric_operand *ops, size_t n_ops, size_t row,
			      struct metric_value *out)
{
	static const char *const units[] = { "/sec", "K/sec", "M/sec", "G/sec" };
	const struct metric_operand *clock = NULL;
	double rate;
	size_t i, u = 0;

	/* A time is no occurrence: "ns of elapsed time per second of CPU time" says nothing. */
	if (metric_is_clock(ops[row].generic) || tool_event_kind(ops[row].generic))
		return 0;
	for (i = 0; i < n_ops && !clock; i++)
		if (ops[i].generic && strcmp(ops[i].generic, "task-clock") == 0 &&
		    !isnan(ops[i].value))
			clock = &ops[i];
	if (!clock || clock->value <= 0 || isnan(ops[row].value))
		return 0;
	rate = ops[row].value / (clock->value / 1e9);
	out->rate = true;
	out->per_second = rate;
	while (rate >= 1000.0 && u + 1 < sizeof(units) / sizeof(units[0])) {
		rate /= 1000.0;
		u++;
	}
	out->value = rate;
	out->unit = units[u];
	out->decimals = 3;
	out->percent = false;
	out->name = NULL;
	out->description = NULL;
	return 1;
}

size_t metric_compute(const struct metric_set *set, const struct metric_operand *ops,
		      size_t n_ops, size_t row, double duration_ns, struct metric_value *out)
{
	struct lookup_ctx ctx = { .ops = ops, .n_ops = n_ops, .mode = ops[row].mode,
				  .duration_ns = duration_ns };
	size_t i, n = 0;

	if (isnan(ops[row].value))
		return 0;
	for (i = 0; ops[row].generic && i < set->n && n < METRIC_MAX_PER_ROW; i++) {
		const struct metric_def *def = &set->defs[i];
		double value;

		if (strcmp(def->annotates, ops[row].generic) != 0)
			continue;
		value = formula_eval(set->formulas[i], lookup_operand, &ctx);
		if (isnan(value))
			continue;
		out[n].value = value;
		out[n].unit = def->unit;
		out[n].decimals = def->decimals;
		out[n].percent = def->percent;
		out[n].name = NULL;
		out[n].description = NULL;
		out[n].rate = false;
		out[n].per_second = 0;
		n++;
	}
	if (n == 0)
		n = rate_per_second(ops, n_ops, row, out);
	return n;
}

static long find_slot(const struct metric_slot *slots, size_t n, const char *generic, int mode)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (slots[i].generic && slots[i].mode == mode &&
		    strcmp(slots[i].generic, generic) == 0)
			return (long)i;
	return -1;
}

/*
 * Completes one ratio metric for one mode whose inputs include slot `seed`, and groups its
 * inputs where that takes no group the user wrote (numbers below user_groups): the ones left
 * ungrouped join a group hpstat made that holds another of them, else a new group when two
 * or more are ungrouped. An input in a user group stays where it is and its partners stay
 * out: a full user group (three miss counters) must not grow past what the PMU can count.
 */
static int complete_ratio(const struct formula *f, struct metric_slot *slots, size_t *n,
			  size_t cap, int *n_groups, int user_groups, size_t seed)
{
	size_t members[8], n_members = 0, n_loose = 0, i, j, k = formula_input_count(f);
	int mode = slots[seed].mode, group = METRIC_NO_GROUP;

	for (i = 0; i < k && n_members < 8; i++) {
		const char *input = formula_input(f, i);
		long at = find_slot(slots, *n, input, mode);

		if (at < 0) {
			if (*n >= cap)
				return -1;
			at = (long)(*n)++;
			slots[at] = (struct metric_slot){ .generic = input, .mode = mode,
							  .group = METRIC_NO_GROUP,
							  .anchor = seed, .added = true };
		}
		for (j = 0; j < n_members && members[j] != (size_t)at; j++)
			;
		if (j == n_members)
			members[n_members++] = (size_t)at;
	}
	for (i = 0; i < n_members; i++) {
		int g = slots[members[i]].group;

		if (g == METRIC_NO_GROUP)
			n_loose++;
		else if (g >= user_groups && group == METRIC_NO_GROUP)
			group = g;
	}
	if (group == METRIC_NO_GROUP && n_loose >= 2)
		group = (*n_groups)++;
	if (group == METRIC_NO_GROUP)
		return 0;
	for (i = 0; i < n_members; i++)
		if (slots[members[i]].group == METRIC_NO_GROUP)
			slots[members[i]].group = group;
	return 0;
}

int metric_add_partners(const struct metric_set *set, struct metric_slot *slots, size_t *n,
			size_t cap, int *n_groups)
{
	int user_groups = *n_groups;
	size_t m, s;

	for (m = 0; m < set->n; m++) {
		const struct metric_def *def = &set->defs[m];
		const struct formula *f = set->formulas[m];
		int ret = 0;

		if (!def->partners)
			continue;
		/* A ratio is asked for by the event it annotates (and IPC by cycles too), named
		 * by the user: cycles alone must not pull in the stall counters. */
		for (s = 0; s < *n && ret == 0; s++) {
			const char *g = slots[s].generic;

			if (!g || slots[s].added || find_slot(slots, s, g, slots[s].mode) >= 0)
				continue;
			if (strcmp(g, def->annotates) == 0 ||
			    (def->seeded_by && strcmp(g, def->seeded_by) == 0))
				ret = complete_ratio(f, slots, n, cap, n_groups, user_groups,
						     s);
		}
		if (ret)
			return -1;
	}
	return 0;
}
