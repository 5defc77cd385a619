/* event.c - event names to perf_event_attr: the lookup order, libpfm4, raw codes, groups. */
/* event.h first: it brings <linux/perf_event.h>, which libpfm4's copy then defers to. */
#include "event.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <perfmon/pfmlib_perf_event.h>

#include "event_sysfs.h"
#include "pmu_format.h"

#define CACHE_EVENT(id, op, result) \
	((id) | (PERF_COUNT_HW_CACHE_OP_##op << 8) | (PERF_COUNT_HW_CACHE_RESULT_##result << 16))

/* perf's generic events, by what they encode to: the key derived metrics use, whatever
 * spelling (alias, case, "perf::" prefix) the user chose. Also the word list for hints. */
static const struct generic_event {
	const char *name;
	const char *alias;
	__u32 type;
	__u64 config;
} generic_events[] = {
	{ "cycles", "cpu-cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", "branch-instructions", PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "stalled-cycles-frontend", "idle-cycles-frontend", PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend", "idle-cycles-backend", PERF_TYPE_HARDWARE,
	  PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles", NULL, PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "cpu-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults", NULL, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS },
	{ "L1-dcache-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, READ, ACCESS) },
	{ "L1-dcache-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, READ, MISS) },
	{ "L1-icache-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, READ, ACCESS) },
	{ "L1-icache-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, READ, MISS) },
	{ "LLC-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, READ, ACCESS) },
	{ "LLC-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, READ, MISS) },
	{ "dTLB-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, READ, ACCESS) },
	{ "dTLB-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, READ, MISS) },
	{ "iTLB-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_ITLB, READ, ACCESS) },
	{ "iTLB-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_ITLB, READ, MISS) },
	{ "branch-loads", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_BPU, READ, ACCESS) },
	{ "branch-load-misses", NULL, PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_BPU, READ, MISS) },
};

#define N_GENERIC (sizeof(generic_events) / sizeof(generic_events[0]))

int event_lib_init(struct hp_err *err)
{
	int ret = pfm_initialize();

	if (ret != PFM_SUCCESS)
		return err_set(err, "cannot initialize libpfm4: %s", pfm_strerror(ret));
	return 0;
}

static const char *generic_name_of(const struct perf_event_attr *attr)
{
	size_t i;

	for (i = 0; i < N_GENERIC; i++)
		if (generic_events[i].type == attr->type &&
		    generic_events[i].config == attr->config)
			return generic_events[i].name;
	return NULL;
}

static enum event_mode mode_of(const struct perf_event_attr *attr)
{
	if (attr->exclude_kernel && !attr->exclude_user)
		return EVENT_MODE_USER;
	if (attr->exclude_user && !attr->exclude_kernel)
		return EVENT_MODE_KERNEL;
	return EVENT_MODE_ALL;
}

/* The modifiers after a name: ":u" in "cycles:u" or "perf::cycles:u", "" when none. */
static const char *modifier_suffix(const char *name)
{
	const char *pmu = strstr(name, "::");
	const char *colon = strchr(pmu ? pmu + 2 : name, ':');

	return colon ? colon : "";
}

/* Writes up to three generic names close to name as "'a', 'b'" into out; empty if none. */
static void suggest(const char *name, char *out, size_t cap)
{
	const char *pmu = strstr(name, "::");
	const char *start = pmu ? pmu + 2 : name;
	const char *suffix = modifier_suffix(name);
	size_t len = *suffix ? (size_t)(suffix - start) : strlen(start);
	size_t used = 0, found = 0, i, k, limit;
	char base[64];

	out[0] = '\0';
	if (len >= sizeof(base))
		return;
	/* "cylces:u" is "cycles" misspelt: compare without the modifier (and without a
	 * "perf::" prefix), and keep the modifier in the hint. */
	memcpy(base, start, len);
	base[len] = '\0';
	limit = len / 3 + 1;
	if (limit > 3)
		limit = 3;
	for (size_t dist = 0; dist <= limit && found < 3; dist++) {
		for (i = 0; i < N_GENERIC && found < 3; i++) {
			const char *words[2] = { generic_events[i].name, generic_events[i].alias };

			for (k = 0; k < 2 && found < 3; k++) {
				if (!words[k] || pmu_name_distance(base, words[k]) != dist)
					continue;
				used += (size_t)snprintf(out + used, cap - used, "%s'%s%s'",
							 found ? ", " : "", words[k], suffix);
				found++;
				if (used >= cap)
					return;
				break; /* an alias of the same event adds nothing */
			}
		}
	}
}

static int resolve_failure(const char *name, int ret, struct hp_err *err)
{
	const char *modifier = strrchr(name, ':');
	char hint[200];

	switch (ret) {
	case PFM_ERR_NOTFOUND:
		suggest(name, hint, sizeof(hint));
		if (hint[0])
			return err_set(err, "unknown event '%s': did you mean %s?", name, hint);
		return err_set(err, "unknown event '%s': see 'man hpstat' for event names", name);
	case PFM_ERR_ATTR:
		return err_set(err, "unknown modifier '%s' in event '%s': use :u (user) or "
			       ":k (kernel)", modifier ? modifier + 1 : "", name);
	case PFM_ERR_ATTR_VAL:
		return err_set(err, "bad modifier value '%s' in event '%s'",
			       modifier ? modifier + 1 : "", name);
	case PFM_ERR_ATTR_SET:
		return err_set(err, "modifier given twice in event '%s'", name);
	case PFM_ERR_UMASK:
		return err_set(err, "event '%s' needs a valid unit mask (EVENT:UMASK)", name);
	default:
		return err_set(err, "cannot encode event '%s': %s", name, pfm_strerror(ret));
	}
}

/* libpfm4's encoding of name into ev->attr; PFM_SUCCESS or libpfm4's error code. */
static int encode(struct event *ev, const char *name)
{
	pfm_perf_encode_arg_t arg;
	int ret;

	memset(&ev->attr, 0, sizeof(ev->attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &ev->attr;
	arg.size = sizeof(arg);
	/* PLM0 | PLM3: user and kernel, as perf counts by default. */
	ret = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS)
		return ret;
	ev->attr.size = sizeof(ev->attr);
	ev->generic = generic_name_of(&ev->attr);
	return PFM_SUCCESS;
}

static int resolve_raw(struct event *ev, const char *name, uint64_t config, const char *mods,
		       struct hp_err *err)
{
	memset(&ev->attr, 0, sizeof(ev->attr));
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = PERF_TYPE_RAW;
	ev->attr.config = config;
	return pmu_modifiers_apply(mods, &ev->attr, name, err);
}

/* libpfm4 first; a name it does not know that has a tracepoint's shape is then looked up in
 * tracefs. libpfm4's own hints win when there is no such tracepoint subsystem, since
 * "cyclez:u" is far likelier a misspelling than a tracepoint. A libpfm4 event that shares
 * its name with a tracepoint subsystem reads "SUBSYSTEM:EVENT" as an unknown modifier: the
 * tracepoint is tried then too, and libpfm4's message kept when there is none. */
static int resolve_named(struct event *ev, const char *name, struct hp_err *err)
{
	enum event_tracepoint_status tp;
	char hint[200];
	int ret = encode(ev, name);

	if (ret == PFM_SUCCESS)
		return 0;
	if ((ret != PFM_ERR_NOTFOUND && ret != PFM_ERR_ATTR) || !event_tracepoint_shaped(name))
		return resolve_failure(name, ret, err);
	tp = event_tracepoint_resolve(&event_sysfs_system, ev, name, err);
	if (tp == EVENT_TRACEPOINT_FOUND)
		return 0;
	if (ret == PFM_ERR_ATTR)
		return resolve_failure(name, ret, err);
	if (tp == EVENT_TRACEPOINT_ERROR)
		return -1;
	suggest(name, hint, sizeof(hint));
	if (hint[0])
		return err_set(err, "unknown event '%s': did you mean %s?", name, hint);
	return -1; /* event_tracepoint_resolve said what is missing */
}

int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err)
{
	const char *mods;
	uint64_t raw;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->scale = 1.0;
	if (strchr(name, '/'))
		ret = event_sysfs_resolve(&event_sysfs_system, ev, name, err);
	else if ((ret = pmu_raw_parse(name, &raw, &mods, err)) != 0)
		ret = ret < 0 ? -1 : resolve_raw(ev, name, raw, mods, err);
	else
		ret = resolve_named(ev, name, err);
	if (ret)
		return -1;
	ev->mode = mode_of(&ev->attr);
	ev->name = strdup(name);
	if (!ev->name)
		return err_set(err, "out of memory");
	ev->group = group;
	return 0;
}

/* The PMU a group must share, as a number: the core PMU's generic, cache and raw events are
 * one (a hybrid CPU's generic event names its PMU in the config's high word). */
static uint64_t group_pmu_of(const struct perf_event_attr *attr)
{
	switch (attr->type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
		return attr->config >> 32 ? attr->config >> 32 : PERF_TYPE_RAW;
	default:
		return attr->type;
	}
}

/* Software-context events: the kernel lets them join a group of any PMU. */
static bool joins_any_group(const struct perf_event_attr *attr)
{
	return attr->type == PERF_TYPE_SOFTWARE || attr->type == PERF_TYPE_TRACEPOINT;
}

int event_check_group(const struct event *events, size_t n, struct hp_err *err)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct event *anchor = &events[i];
		char pmu[64], group_pmu[64];

		if (anchor->group == EVENT_NO_GROUP || joins_any_group(&anchor->attr))
			continue;
		for (j = 0; j < i; j++)
			if (events[j].group == anchor->group && !joins_any_group(&events[j].attr))
				break;
		if (j < i)
			continue; /* not the first hardware member: checked from that one */
		for (j = i + 1; j < n; j++) {
			const struct event *member = &events[j];

			if (member->group != anchor->group || joins_any_group(&member->attr) ||
			    group_pmu_of(&member->attr) == group_pmu_of(&anchor->attr))
				continue;
			event_sysfs_pmu_name(&event_sysfs_system,
					     (uint32_t)group_pmu_of(&member->attr), pmu, sizeof(pmu));
			event_sysfs_pmu_name(&event_sysfs_system,
					     (uint32_t)group_pmu_of(&anchor->attr), group_pmu,
					     sizeof(group_pmu));
			return err_set(err, "event '%s' cannot be in a group with '%s': it counts on "
				       "PMU '%s', the group on PMU '%s'; a group's events must share "
				       "a PMU (software events and tracepoints excepted): take it "
				       "out of the braces", member->name, anchor->name, pmu,
				       group_pmu);
		}
	}
	return 0;
}

int event_resolve_partner(struct event *ev, const char *generic, const struct event *anchor,
			  int group, struct hp_err *err)
{
	const char *suffix = modifier_suffix(anchor->name);
	size_t len = strlen(generic) + strlen(suffix) + 1;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->scale = 1.0;
	ret = encode(ev, generic);
	if (ret != PFM_SUCCESS)
		return resolve_failure(generic, ret, err);
	ev->attr.exclude_user = anchor->attr.exclude_user;
	ev->attr.exclude_kernel = anchor->attr.exclude_kernel;
	ev->attr.exclude_hv = anchor->attr.exclude_hv;
	ev->mode = anchor->mode;
	ev->name = malloc(len);
	if (!ev->name)
		return err_set(err, "out of memory");
	snprintf(ev->name, len, "%s%s", generic, suffix);
	ev->group = group;
	ev->added = true;
	return 0;
}

void event_release(struct event *ev)
{
	free(ev->name);
	ev->name = NULL;
}
