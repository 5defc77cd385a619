/* event.c - libpfm4 encoding of event names, perf's generic-name table, misspelling hints. */
/* event.h first: it brings <linux/perf_event.h>, which libpfm4's copy then defers to. */
#include "event.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <perfmon/pfmlib_perf_event.h>

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

/* Case-insensitive Levenshtein distance, capped for long inputs (names are short). */
static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j;
	size_t row[64];

	if (la >= 63 || lb >= 63)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;

			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			if (up + 1 < best)
				best = up + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* Writes up to three generic names close to name as "'a', 'b'" into out; empty if none. */
static void suggest(const char *name, char *out, size_t cap)
{
	size_t limit = strlen(name) / 3 + 1, used = 0, found = 0, i, k;

	out[0] = '\0';
	if (limit > 3)
		limit = 3;
	for (size_t dist = 0; dist <= limit && found < 3; dist++) {
		for (i = 0; i < N_GENERIC && found < 3; i++) {
			const char *words[2] = { generic_events[i].name, generic_events[i].alias };

			for (k = 0; k < 2 && found < 3; k++) {
				if (!words[k] || edit_distance(name, words[k]) != dist)
					continue;
				used += (size_t)snprintf(out + used, cap - used, "%s'%s'",
							 found ? ", " : "", words[k]);
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

static int encode(struct event *ev, const char *name, struct hp_err *err)
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
		return resolve_failure(name, ret, err);
	ev->attr.size = sizeof(ev->attr);
	ev->generic = generic_name_of(&ev->attr);
	ev->mode = mode_of(&ev->attr);
	return 0;
}

int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err)
{
	memset(ev, 0, sizeof(*ev));
	if (encode(ev, name, err))
		return -1;
	ev->name = strdup(name);
	if (!ev->name)
		return err_set(err, "out of memory");
	ev->group = group;
	return 0;
}

/* The modifiers after a name: ":u" in "cycles:u" or "perf::cycles:u", "" when none. */
static const char *modifier_suffix(const char *name)
{
	const char *pmu = strstr(name, "::");
	const char *colon = strchr(pmu ? pmu + 2 : name, ':');

	return colon ? colon : "";
}

int event_resolve_partner(struct event *ev, const char *generic, const struct event *anchor,
			  int group, struct hp_err *err)
{
	const char *suffix = modifier_suffix(anchor->name);
	size_t len = strlen(generic) + strlen(suffix) + 1;

	memset(ev, 0, sizeof(*ev));
	if (encode(ev, generic, err))
		return -1;
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
