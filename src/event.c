/* event.c - event names to perf_event_attr: the lookup order, libpfm4, raw codes, groups. */
/* event.h first: it brings <linux/perf_event.h>, which libpfm4's copy then defers to. */
#include "event.h"

#include <ctype.h>
#include <errno.h>
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
	const char *description; /* for --list */
	__u32 type;
	__u64 config;
} generic_events[] = {
	{ "cycles", "cpu-cycles", "CPU cycles (core clock ticks while the task runs)",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES },
	{ "instructions", NULL, "instructions retired",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS },
	{ "cache-references", NULL, "cache accesses, usually at the last-level cache",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES },
	{ "cache-misses", NULL, "cache accesses that missed, usually at the last-level cache",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES },
	{ "branches", "branch-instructions", "branch instructions retired",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_INSTRUCTIONS },
	{ "branch-misses", NULL, "branch instructions mispredicted",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES },
	{ "bus-cycles", NULL, "bus cycles",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_BUS_CYCLES },
	{ "stalled-cycles-frontend", "idle-cycles-frontend",
	  "cycles the front end issued no micro-operations",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_FRONTEND },
	{ "stalled-cycles-backend", "idle-cycles-backend",
	  "cycles the back end retired no micro-operations",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_STALLED_CYCLES_BACKEND },
	{ "ref-cycles", NULL, "reference cycles, at a constant rate whatever the frequency",
	  PERF_TYPE_HARDWARE, PERF_COUNT_HW_REF_CPU_CYCLES },
	{ "cpu-clock", NULL, "time on a CPU, from the kernel's clock (ns)",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK },
	{ "task-clock", NULL, "time the task ran on a CPU (ns)",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK },
	{ "page-faults", "faults", "page faults, minor and major",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS },
	{ "context-switches", "cs", "context switches",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES },
	{ "cpu-migrations", "migrations", "moves of the task from one CPU to another",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_MIGRATIONS },
	{ "minor-faults", NULL, "page faults served without I/O",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MIN },
	{ "major-faults", NULL, "page faults that needed I/O",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS_MAJ },
	{ "alignment-faults", NULL, "alignment faults the kernel fixed up",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS },
	{ "emulation-faults", NULL, "instructions the kernel emulated",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS },
	{ "L1-dcache-loads", NULL, "level 1 data cache loads",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, READ, ACCESS) },
	{ "L1-dcache-load-misses", NULL, "level 1 data cache loads that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, READ, MISS) },
	{ "L1-icache-loads", NULL, "level 1 instruction cache reads",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, READ, ACCESS) },
	{ "L1-icache-load-misses", NULL, "level 1 instruction cache reads that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, READ, MISS) },
	{ "LLC-loads", NULL, "last-level cache loads",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, READ, ACCESS) },
	{ "LLC-load-misses", NULL, "last-level cache loads that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, READ, MISS) },
	{ "dTLB-loads", NULL, "data TLB lookups for loads",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, READ, ACCESS) },
	{ "dTLB-load-misses", NULL, "data TLB lookups for loads that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, READ, MISS) },
	{ "iTLB-loads", NULL, "instruction TLB lookups",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_ITLB, READ, ACCESS) },
	{ "iTLB-load-misses", NULL, "instruction TLB lookups that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_ITLB, READ, MISS) },
	{ "branch-loads", NULL, "branch prediction unit lookups",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_BPU, READ, ACCESS) },
	{ "branch-load-misses", NULL, "branch prediction unit lookups that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_BPU, READ, MISS) },
};

#define N_GENERIC (sizeof(generic_events) / sizeof(generic_events[0]))

/*
 * libpfm4, started on first need. Loading it costs the dynamic loader some 40,000
 * relocations of its tables, and pfm_initialize() reads the CPU's identity (hundreds of
 * CPUID instructions, each a trap in a virtual machine): together more than a short run.
 * Names that do not need it never pay for it. Where the build allows (HPSTAT_LAZY_PFM), the
 * library itself is loaded then (dlopen); a static build links it. Its state is
 * process-wide, and so is this record of it.
 */
static struct {
	int (*initialize)(void);
	const char *(*strerror)(int);
	int (*get_os_event_encoding)(const char *, int, pfm_os_t, void *);
	int (*get_event_info)(int, pfm_os_t, pfm_event_info_t *);
	int (*get_event_attr_info)(int, int, pfm_os_t, pfm_event_attr_info_t *);
	int (*get_pmu_info)(pfm_pmu_t, pfm_pmu_info_t *);
	int (*get_event_next)(int);
	bool started;
} pfm;

#ifdef HPSTAT_LAZY_PFM
#include <dlfcn.h>

#define PFM_LIBRARY "libpfm.so.4"

static int pfm_load(struct hp_err *err)
{
	void *lib = dlopen(PFM_LIBRARY, RTLD_NOW | RTLD_LOCAL);
	const char *why;

	if (!lib)
		return err_set(err, "cannot load libpfm4 (%s), which names like this one need: "
			       "install it (Debian: libpfm4)", dlerror());
	/* POSIX lets a data pointer from dlsym become a function pointer this way. */
	*(void **)&pfm.initialize = dlsym(lib, "pfm_initialize");
	*(void **)&pfm.strerror = dlsym(lib, "pfm_strerror");
	*(void **)&pfm.get_os_event_encoding = dlsym(lib, "pfm_get_os_event_encoding");
	*(void **)&pfm.get_event_info = dlsym(lib, "pfm_get_event_info");
	*(void **)&pfm.get_event_attr_info = dlsym(lib, "pfm_get_event_attr_info");
	*(void **)&pfm.get_pmu_info = dlsym(lib, "pfm_get_pmu_info");
	*(void **)&pfm.get_event_next = dlsym(lib, "pfm_get_event_next");
	why = dlerror();
	if (why || !pfm.initialize || !pfm.strerror || !pfm.get_os_event_encoding ||
	    !pfm.get_event_info || !pfm.get_event_attr_info || !pfm.get_pmu_info ||
	    !pfm.get_event_next)
		return err_set(err, "cannot use %s: %s", PFM_LIBRARY,
			       why ? why : "a function is missing");
	return 0;
}
#else
static int pfm_load(struct hp_err *err)
{
	(void)err;
	pfm.initialize = pfm_initialize;
	pfm.strerror = pfm_strerror;
	pfm.get_os_event_encoding = pfm_get_os_event_encoding;
	pfm.get_event_info = pfm_get_event_info;
	pfm.get_event_attr_info = pfm_get_event_attr_info;
	pfm.get_pmu_info = pfm_get_pmu_info;
	pfm.get_event_next = pfm_get_event_next;
	return 0;
}
#endif

/* Why libpfm4 could not start, for a name that needed it. */
static struct hp_err pfm_failure;

static int pfm_start(struct hp_err *err)
{
	int ret;

	if (pfm.started)
		return 0;
	if (pfm_failure.msg[0]) {
		*err = pfm_failure;
		return -1;
	}
	if (pfm_load(&pfm_failure))
		goto failed;
	ret = pfm.initialize();
	if (ret != PFM_SUCCESS) {
		err_set(&pfm_failure, "cannot initialize libpfm4: %s", pfm.strerror(ret));
		goto failed;
	}
	pfm.started = true;
	return 0;
failed:
	*err = pfm_failure;
	return -1;
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
		if (ret == PFM_ERR_NOINIT)
			return pfm_start(err);
		return err_set(err, "cannot encode event '%s': %s", name, pfm.strerror(ret));
	}
}

/* libpfm4's full name ("pmu::EVENT:UMASK:k=1:u=1:...") without its attribute settings, which
 * the mode suffix says more plainly. */
static void qualified_name(char *out, size_t cap, const char *fstr)
{
	const char *p = strstr(fstr, "::");
	size_t used = 0;

	p = p ? p + 2 : fstr;
	used = (size_t)(p - fstr) < cap ? (size_t)(p - fstr) : cap - 1;
	memcpy(out, fstr, used);
	out[used] = '\0';
	while (*p) {
		size_t len = strcspn(p, ":");

		if (!memchr(p, '=', len) && used + len + 2 < cap) {
			if (used > 0 && out[used - 1] != ':')
				out[used++] = ':';
			memcpy(out + used, p, len);
			used += len;
			out[used] = '\0';
		}
		p += len + (p[len] == ':');
	}
}

/* libpfm4's encoding of name into ev->attr; PFM_SUCCESS or libpfm4's error code (its own
 * PFM_ERR_INIT when it cannot start). */
static int encode(struct event *ev, const char *name)
{
	pfm_perf_encode_arg_t arg;
	struct hp_err ignored;
	char *fstr = NULL;
	int ret;

	if (pfm_start(&ignored))
		return PFM_ERR_NOINIT;
	memset(&ev->attr, 0, sizeof(ev->attr));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &ev->attr;
	arg.size = sizeof(arg);
	arg.fstr = &fstr;
	/* PLM0 | PLM3: user and kernel, as perf counts by default. */
	ret = pfm.get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	if (ret != PFM_SUCCESS)
		return ret;
	ev->attr.size = sizeof(ev->attr);
	ev->generic = generic_name_of(&ev->attr);
	if (fstr)
		qualified_name(ev->resolved, sizeof(ev->resolved), fstr);
	free(fstr);
	return PFM_SUCCESS;
}

static const char *mode_suffix(enum event_mode mode)
{
	return mode == EVENT_MODE_USER ? ":u" : mode == EVENT_MODE_KERNEL ? ":k" : "";
}

/* Fills ev->resolved once attr and mode are final (see event.h). */
static void set_resolved(struct event *ev)
{
	char base[EVENT_RESOLVED_MAX];
	const struct perf_event_attr *a = &ev->attr;

	if (ev->generic) {
		snprintf(base, sizeof(base), "%s", ev->generic);
	} else if (ev->resolved[0]) {
		snprintf(base, sizeof(base), "%s", ev->resolved); /* libpfm4's qualified name */
	} else {
		int len = snprintf(base, sizeof(base), "type=%u,config=0x%llx", a->type,
				   (unsigned long long)a->config);

		if (a->config1 && len > 0 && (size_t)len < sizeof(base))
			len += snprintf(base + len, sizeof(base) - (size_t)len, ",config1=0x%llx",
					(unsigned long long)a->config1);
		if (a->config2 && len > 0 && (size_t)len < sizeof(base))
			snprintf(base + len, sizeof(base) - (size_t)len, ",config2=0x%llx",
				 (unsigned long long)a->config2);
	}
	snprintf(ev->resolved, sizeof(ev->resolved), "%.150s%s", base, mode_suffix(ev->mode));
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

/* The generic event named base[0..len) (name or alias, any case), or NULL. */
static const struct generic_event *generic_find(const char *base, size_t len)
{
	size_t i;

	for (i = 0; i < N_GENERIC; i++) {
		const char *alias = generic_events[i].alias;

		if ((strlen(generic_events[i].name) == len &&
		     strncasecmp(generic_events[i].name, base, len) == 0) ||
		    (alias && strlen(alias) == len && strncasecmp(alias, base, len) == 0))
			return &generic_events[i];
	}
	return NULL;
}

/*
 * perf's generic names from the table, encoded as libpfm4 encodes them (user and kernel,
 * not the hypervisor; the host, not a guest), so that counts are the same whichever path
 * resolved a name. 1 when it did; 0 when name is no generic name with perf's u/k/h
 * modifiers (libpfm4 then has its say: other modifiers, PMU events).
 */
static int resolve_generic(struct event *ev, const char *name)
{
	const char *base = strncasecmp(name, "perf::", 6) == 0 ? name + 6 : name;
	const char *mods = strchr(base, ':');
	size_t len = mods ? (size_t)(mods - base) : strlen(base);
	const struct generic_event *g = generic_find(base, len);
	struct hp_err ignored;

	if (!g)
		return 0;
	memset(&ev->attr, 0, sizeof(ev->attr));
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = g->type;
	ev->attr.config = g->config;
	ev->attr.exclude_hv = 1;
	ev->attr.exclude_guest = 1;
	if (mods && pmu_modifiers_apply(mods + 1, &ev->attr, name, &ignored))
		return 0;
	ev->generic = g->name;
	return 1;
}

/* libpfm4 first; a name it does not know that has a tracepoint's shape is then looked up in
 * tracefs. libpfm4's own hints win when there is no such tracepoint subsystem, since
 * "cyclez:u" is far likelier a misspelling than a tracepoint. A libpfm4 event that shares
 * its name with a tracepoint subsystem reads "SUBSYSTEM:EVENT" as an unknown modifier: the
 * tracepoint is tried then too, and libpfm4's message kept when there is none. */
static int resolve_named(struct event *ev, const char *name, struct hp_err *err)
{
	enum event_tracepoint_status tp;
	struct hp_err quiet;
	char hint[200];
	int ret;

	/* Without libpfm4 where it is not needed: generic names, and tracepoints that exist. */
	if (resolve_generic(ev, name))
		return 0;
	if (event_tracepoint_shaped(name) &&
	    event_tracepoint_resolve(&event_sysfs_system, ev, name, &quiet) ==
		    EVENT_TRACEPOINT_FOUND)
		return 0;
	ret = encode(ev, name);
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
	bool raw_code = false;
	int ret = tool_event_resolve(ev, name, group, err);

	if (ret)
		return ret < 0 ? -1 : 0;
	memset(ev, 0, sizeof(*ev));
	ev->scale = 1.0;
	if (strchr(name, '/'))
		ret = event_sysfs_resolve(&event_sysfs_system, ev, name, err);
	else if ((ret = pmu_raw_parse(name, &raw, &mods, err)) != 0) {
		raw_code = ret > 0;
		ret = ret < 0 ? -1 : resolve_raw(ev, name, raw, mods, err);
	}
	else
		ret = resolve_named(ev, name, err);
	if (ret)
		return -1;
	/* "pmu/term=value/" and "rNNNN" spell out the encoding; "pmu/event/" is the kernel's. */
	ev->encoded = strchr(name, '/') ? strchr(name, '=') != NULL : raw_code;
	ev->mode = mode_of(&ev->attr);
	set_resolved(ev);
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
	/* A partner is a generic name: the table has it, libpfm4 only if not. */
	if (!resolve_generic(ev, generic)) {
		ret = encode(ev, generic);
		if (ret != PFM_SUCCESS)
			return resolve_failure(generic, ret, err);
	}
	ev->attr.exclude_user = anchor->attr.exclude_user;
	ev->attr.exclude_kernel = anchor->attr.exclude_kernel;
	ev->attr.exclude_hv = anchor->attr.exclude_hv;
	ev->mode = anchor->mode;
	set_resolved(ev);
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

/* ---- --list ---------------------------------------------------------------------------- */

/* probe(attr) for the event called name: 1 opens, 0 does not, -1 with err. */
static int probe_named(event_probe_fn probe, const struct perf_event_attr *attr,
		       const char *name, struct hp_err *err)
{
	int ret = probe(attr);

	if (ret < 0)
		return err_set(err, "cannot open event '%s' to see whether it counts here: %s",
			       name, strerror(errno));
	return ret;
}

static enum listing_kind generic_kind(const struct generic_event *g)
{
	switch (g->type) {
	case PERF_TYPE_HARDWARE:
		return LISTING_HARDWARE;
	case PERF_TYPE_SOFTWARE:
		return LISTING_SOFTWARE;
	default:
		return LISTING_CACHE;
	}
}

static int collect_generic(struct listing *l, event_probe_fn probe, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < N_GENERIC; i++) {
		const struct generic_event *g = &generic_events[i];
		struct perf_event_attr attr = { .size = sizeof(attr), .type = g->type,
						.config = g->config };
		struct listing_entry e = { .kind = generic_kind(g), .name = g->name,
					   .alias = g->alias, .description = g->description };
		int opens = 1;

		if (!listing_matches(l, g->name) && !(g->alias && listing_matches(l, g->alias)))
			continue;
		if (probe && (opens = probe_named(probe, &attr, g->name, err)) < 0)
			return -1;
		if (opens && listing_add(l, &e, err))
			return -1;
	}
	return 0;
}

/* Whether libpfm4's name opens: 1 yes, 0 no, 2 when it has no default encoding (an event
 * that needs a unit mask), -1 with err. */
static int probe_pfm(event_probe_fn probe, const char *name, struct hp_err *err)
{
	struct event ev;
	int ret = encode(&ev, name);

	if (ret == PFM_ERR_UMASK)
		return 2;
	if (ret != PFM_SUCCESS)
		return 0;
	return probe_named(probe, &ev.attr, name, err);
}

/* One libpfm4 event and its unit masks. */
static int collect_pfm_event(struct listing *l, const pfm_pmu_info_t *pmu, int idx,
			     event_probe_fn probe, struct hp_err *err)
{
	pfm_event_info_t info = { .size = sizeof(info) };
	struct listing_entry e = { .kind = LISTING_LIBPFM4, .pmu = pmu->name,
				   .pmu_description = pmu->desc };
	char name[512], umask[1024];
	int opens = 1, a;

	if (pfm.get_event_info(idx, PFM_OS_NONE, &info) != PFM_SUCCESS)
		return 0;
	snprintf(name, sizeof(name), "%s::%s", pmu->name, info.name);
	if (probe && (opens = probe_pfm(probe, name, err)) < 0)
		return -1;
	if (opens == 0)
		return 0; /* nor will its unit masks */
	e.name = name;
	e.description = info.desc;
	if (opens == 1 && listing_matches(l, name) && listing_add(l, &e, err))
		return -1;
	for (a = 0; a < info.nattrs; a++) {
		pfm_event_attr_info_t attr = { .size = sizeof(attr) };
		int umask_opens = 1;

		if (pfm.get_event_attr_info(idx, a, PFM_OS_NONE, &attr) != PFM_SUCCESS ||
		    attr.type != PFM_ATTR_UMASK)
			continue;
		snprintf(umask, sizeof(umask), "%s:%s", name, attr.name);
		if (!listing_matches(l, umask))
			continue;
		if (probe && (umask_opens = probe_pfm(probe, umask, err)) < 0)
			return -1;
		if (umask_opens != 1)
			continue;
		e.kind = LISTING_LIBPFM4_UMASK;
		e.name = umask;
		e.description = attr.desc;
		if (listing_add(l, &e, err))
			return -1;
	}
	return 0;
}

static int collect_pfm(struct listing *l, event_probe_fn probe, struct hp_err *err)
{
	pfm_pmu_t p;
	int idx;

	if (pfm_start(err))
		return -1;
	pfm_for_all_pmus(p) {
		pfm_pmu_info_t pmu = { .size = sizeof(pmu) };

		if (pfm.get_pmu_info(p, &pmu) != PFM_SUCCESS || !pmu.is_present ||
		    strcmp(pmu.name, "perf_raw") == 0)
			continue;
		for (idx = pmu.first_event; idx != -1; idx = pfm.get_event_next(idx))
			if (collect_pfm_event(l, &pmu, idx, probe, err))
				return -1;
	}
	return 0;
}

int event_listing_collect(struct listing *l, event_probe_fn probe, struct hp_err *err)
{
	if (collect_generic(l, probe, err) || tool_event_list(l, err) ||
	    collect_pfm(l, probe, err) ||
	    event_sysfs_list(&event_sysfs_system, l, probe, err) ||
	    event_tracepoint_list(&event_sysfs_system, l, probe, err))
		return -1;
	if (probe) {
		struct perf_event_attr task_clock = { .size = sizeof(task_clock),
						      .type = PERF_TYPE_SOFTWARE,
						      .config = PERF_COUNT_SW_TASK_CLOCK };

		if (probe(&task_clock) == 0 && (errno == EACCES || errno == EPERM) &&
		    listing_add_note(l, "the kernel refuses even task-clock to this user "
				     "(kernel.perf_event_paranoid, CAP_PERFMON): nothing counts; "
				     "'hpstat true' says why and what to change", err))
			return -1;
	}
	return 0;
}

int event_spec_probe(const struct spec *spec, event_probe_fn probe, size_t *n_open,
		     struct hp_err *err)
{
	size_t i;

	*n_open = 0;
	for (i = 0; i < spec->n_events; i++) {
		const struct spec_event *se = &spec->events[i];
		struct hp_err ignored;
		struct event ev;
		int opens;

		if (se->preset || event_resolve(&ev, se->name, EVENT_NO_GROUP, &ignored))
			continue;
		opens = ev.tool ? 1 : probe_named(probe, &ev.attr, se->name, err);
		event_release(&ev);
		if (opens < 0)
			return -1;
		*n_open += (size_t)opens;
	}
	return 0;
}
