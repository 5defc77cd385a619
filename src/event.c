/* event.c - event names to perf_event_attr: the lookup order, libpfm4, raw codes, groups. */
/* event.h first: it brings <linux/perf_event.h>, which libpfm4's copy then defers to. */
#include "event.h"

#include <ctype.h>
#include <linux/hw_breakpoint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <perfmon/pfmlib_perf_event.h>

#include "breakpoint.h"
#include "cache_name.h"
#include "event_sysfs.h"
#include "modifier.h"
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
	{ "dummy", NULL, "counts nothing: a placeholder perf uses for side-band records",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY },
	{ "bpf-output", NULL, "output of BPF programs (counts nothing for a command)",
	  PERF_TYPE_SOFTWARE, PERF_COUNT_SW_BPF_OUTPUT },
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
	{ "L1-dcache-stores", NULL, "level 1 data cache stores",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, WRITE, ACCESS) },
	{ "L1-dcache-store-misses", NULL, "level 1 data cache stores that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, WRITE, MISS) },
	{ "L1-dcache-prefetches", NULL, "level 1 data cache prefetches",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, PREFETCH, ACCESS) },
	{ "L1-dcache-prefetch-misses", NULL, "level 1 data cache prefetches that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1D, PREFETCH, MISS) },
	{ "L1-icache-prefetches", NULL, "level 1 instruction cache prefetches",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, PREFETCH, ACCESS) },
	{ "L1-icache-prefetch-misses", NULL, "level 1 instruction cache prefetches that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_L1I, PREFETCH, MISS) },
	{ "LLC-stores", NULL, "last-level cache stores",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, WRITE, ACCESS) },
	{ "LLC-store-misses", NULL, "last-level cache stores that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, WRITE, MISS) },
	{ "LLC-prefetches", NULL, "last-level cache prefetches",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, PREFETCH, ACCESS) },
	{ "LLC-prefetch-misses", NULL, "last-level cache prefetches that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_LL, PREFETCH, MISS) },
	{ "dTLB-stores", NULL, "data TLB lookups for stores",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, WRITE, ACCESS) },
	{ "dTLB-store-misses", NULL, "data TLB lookups for stores that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, WRITE, MISS) },
	{ "dTLB-prefetches", NULL, "data TLB lookups for prefetches",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, PREFETCH, ACCESS) },
	{ "dTLB-prefetch-misses", NULL, "data TLB lookups for prefetches that missed",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_DTLB, PREFETCH, MISS) },
	{ "node-loads", NULL, "loads from memory of any NUMA node",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, READ, ACCESS) },
	{ "node-load-misses", NULL, "loads served by another NUMA node's memory",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, READ, MISS) },
	{ "node-stores", NULL, "stores to memory of any NUMA node",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, WRITE, ACCESS) },
	{ "node-store-misses", NULL, "stores to another NUMA node's memory",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, WRITE, MISS) },
	{ "node-prefetches", NULL, "prefetches from memory of any NUMA node",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, PREFETCH, ACCESS) },
	{ "node-prefetch-misses", NULL, "prefetches from another NUMA node's memory",
	  PERF_TYPE_HW_CACHE,
	  CACHE_EVENT(PERF_COUNT_HW_CACHE_NODE, PREFETCH, MISS) },
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

static bool perf_letters_shaped(const char *text)
{
	size_t len = strlen(text);

	return len > 0 && strspn(text, "abcdefghijklmnopqrstuvwxyz") == len;
}

static int resolve_failure(const char *name, int ret, struct hp_err *err)
{
	const char *modifier = strrchr(name, ':');
	char hint[200];

	switch (ret) {
	case PFM_ERR_NOTFOUND:
		suggest(name, hint, sizeof(hint));
		if (hint[0])
			return err_set(err, "unknown event '%.120s': did you mean %s?", name, hint);
		return err_set(err, "unknown event '%.120s': see 'man hpstat' for event names", name);
	case PFM_ERR_ATTR:
		/* A lowercase suffix is most likely perf's letters, one of them wrong: the
		 * one list every kind of event names. Otherwise it is one of the event's own
		 * libpfm4 unit masks or attributes ("ANYP"), which --list shows. */
		if (modifier && perf_letters_shaped(modifier + 1) &&
		    modifier_check(modifier + 1, name, err))
			return -1;
		return err_set(err, "unknown modifier '%.40s' in event '%.120s': 'hpstat --list "
			       "%.*s' shows the event's own unit masks and modifiers",
			       modifier ? modifier + 1 : "", name,
			       (int)(modifier ? (size_t)(modifier - name) : strlen(name)), name);
	case PFM_ERR_ATTR_VAL:
		return err_set(err, "bad modifier value '%.40s' in event '%.120s'",
			       modifier ? modifier + 1 : "", name);
	case PFM_ERR_ATTR_SET:
		return err_set(err, "modifier given twice in event '%.120s'", name);
	case PFM_ERR_UMASK:
		return err_set(err, "event '%.120s' needs a valid unit mask (EVENT:UMASK)", name);
	default:
		if (ret == PFM_ERR_NOINIT)
			return pfm_start(err);
		return err_set(err, "cannot encode event '%.120s': %s", name, pfm.strerror(ret));
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
	const char *suffix = mode_suffix(ev->mode);

	if (a->type == PERF_TYPE_BREAKPOINT) {
		snprintf(base, sizeof(base), "breakpoint addr=0x%llx,len=%llu,access=%s%s%s",
			 (unsigned long long)a->bp_addr, (unsigned long long)a->bp_len,
			 a->bp_type & HW_BREAKPOINT_R ? "r" : "", a->bp_type & HW_BREAKPOINT_W ? "w" : "",
			 a->bp_type & HW_BREAKPOINT_X ? "x" : "");
	} else if (ev->generic) {
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
	/* "msr/tsc/u", as perf writes a PMU event's modifiers, not "msr/tsc/:u". */
	if (*suffix && base[0] && base[strlen(base) - 1] == '/')
		suffix++;
	snprintf(ev->resolved, sizeof(ev->resolved), "%.150s%s", base, suffix);
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

/* Starts ev's encoding afresh as perf's type and config; generic names the generic event they
 * encode, if any (numeric "1:1" is task-clock). */
static void encode_as(struct event *ev, uint32_t type, uint64_t config)
{
	memset(&ev->attr, 0, sizeof(ev->attr));
	ev->attr.size = sizeof(ev->attr);
	ev->attr.type = type;
	ev->attr.config = config;
	ev->generic = generic_name_of(&ev->attr);
}

/* A generic hardware, software or cache event by any of perf's spellings ("cycles",
 * "perf::cs", "l1d-load-miss"): 1 with attr's type and config set and ev->generic naming it,
 * 0 when base is none, -1 with err for a cache event that names an operation its cache has
 * not. No modifiers: the caller applies those. */
static int resolve_generic(struct event *ev, const char *base, struct hp_err *err)
{
	const char *name = strncasecmp(base, "perf::", 6) == 0 ? base + 6 : base;
	const struct generic_event *g = generic_find(name, strlen(name));
	uint64_t cache;
	int ret;

	if (g) {
		encode_as(ev, g->type, g->config);
		return 1;
	}
	ret = cache_name_parse(name, strlen(name), &cache, err);
	if (ret > 0)
		encode_as(ev, PERF_TYPE_HW_CACHE, cache);
	return ret;
}

/* Whether s[0..len) looks like a number perf writes: a digit first, then digits or hex. */
static bool number_shaped(const char *s, size_t len)
{
	return len > 0 && isdigit((unsigned char)s[0]) &&
	       strspn(s, "0123456789xXabcdefABCDEF") >= len;
}

/* perf's TYPE:CONFIG ("4:0x6530160"): 1 with attr set; 0 when base is not two numbers. */
static int resolve_numeric(struct event *ev, const char *base, struct hp_err *err)
{
	const char *colon = strchr(base, ':');
	char type_text[32];
	uint64_t type, config;

	if (!colon || (size_t)(colon - base) >= sizeof(type_text) ||
	    !number_shaped(base, (size_t)(colon - base)) ||
	    !number_shaped(colon + 1, strlen(colon + 1)))
		return 0;
	memcpy(type_text, base, (size_t)(colon - base));
	type_text[colon - base] = '\0';
	if (pmu_number_parse(type_text, &type) || pmu_number_parse(colon + 1, &config) ||
	    type > UINT32_MAX)
		return err_set(err, "event '%s': the type must be a number below 2^32 and the "
			       "config one below 2^64, decimal or 0x-hex", base);
	encode_as(ev, (uint32_t)type, config);
	return 1;
}

/* Applies the config terms left after pmu_terms_take_perf() to a generic or raw event
 * ("cycles/config2=1/"): config, config1, config2, each whole, a bare one set to 1. */
static int apply_config_terms(struct event *ev, const char *terms, const char *what,
			      struct hp_err *err)
{
	struct pmu_term t[PMU_MAX_TERMS];
	__u64 *words[PMU_CONFIG_WORDS] = { &ev->attr.config, &ev->attr.config1,
					   &ev->attr.config2 };
	size_t n, i;

	if (!terms[0])
		return 0;
	if (pmu_terms_parse(terms, false, what, t, &n, err))
		return -1;
	for (i = 0; i < n; i++) {
		int word = pmu_config_word(t[i].name);

		if (word < 0)
			return err_set(err, "unknown term '%s' in event '%s': a generic or raw event "
				       "takes config, config1, config2, name and perf's sampling "
				       "terms", t[i].name, what);
		*words[word] = t[i].kind == PMU_TERM_VALUE ? t[i].value : 1;
	}
	return 0;
}

/* "PREFIX/TERMS/MODS": a generic event or raw code with terms ("cycles/config2/",
 * "r1234/name=x/"), else a kernel PMU's event. The row takes name= when given. */
static int resolve_slashed(struct event *ev, const char *text, char *mods, size_t mods_cap,
			   char *row_name, size_t row_cap, struct hp_err *err)
{
	struct pmu_perf_terms perf_terms;
	struct pmu_name parts;
	const char *raw_mods;
	uint64_t raw;
	int ret;

	const char *slash = strchr(text, '/');
	char numeric[64];
	int is_numeric = 0;
	bool had_terms;

	/* "1:1/config=2/": perf's TYPE:CONFIG takes terms too; the split reads a stand-in. */
	if ((size_t)(slash - text) < sizeof(numeric)) {
		snprintf(numeric, sizeof(numeric), "%.*s", (int)(slash - text), text);
		is_numeric = resolve_numeric(ev, numeric, err);
		if (is_numeric < 0)
			return -1;
	}
	if (is_numeric) {
		char stand_in[SPEC_MAX_NAME + 2];

		snprintf(stand_in, sizeof(stand_in), "n%s", slash);
		if (pmu_name_split(&parts, stand_in, err))
			return -1;
	} else if (pmu_name_split(&parts, text, err)) {
		return -1;
	}
	had_terms = parts.terms[0] != '\0';
	if (pmu_terms_take_perf(parts.terms, &perf_terms, text, err))
		return -1;
	snprintf(mods, mods_cap, "%s", parts.mods);
	snprintf(row_name, row_cap, "%s", perf_terms.name);
	snprintf(ev->ignored_term, sizeof(ev->ignored_term), "%s", perf_terms.ignored);
	ret = is_numeric ? 1 : resolve_generic(ev, parts.pmu, err);
	if (ret < 0)
		return -1;
	if (ret == 0 && pmu_raw_parse(parts.pmu, &raw, &raw_mods, err) == 1 && !*raw_mods) {
		encode_as(ev, PERF_TYPE_RAW, raw);
		ev->encoded = true;
		ret = 1;
	}
	if (ret == 1) {
		if (apply_config_terms(ev, parts.terms, text, err))
			return -1;
		ev->generic = generic_name_of(&ev->attr); /* the terms may make it another */
		return 0;
	}
	{
		char bare[sizeof(parts.pmu) + sizeof(parts.terms) + 3];

		/* "msr/period=1/": perf's terms alone leave the PMU's event 0. */
		snprintf(bare, sizeof(bare), "%s/%s/", parts.pmu,
			 parts.terms[0] || !had_terms ? parts.terms : "config=0");
		ev->encoded = strchr(parts.terms, '=') != NULL;
		if (event_sysfs_resolve(&event_sysfs_system, ev, bare, err))
			return -1;
		/* "software/config=1/" is task-clock, as "1:1" is: its unit and ratios too. */
		ev->generic = generic_name_of(&ev->attr);
		return 0;
	}
}

/* "EVENT:WORD..." where EVENT is a sysfs PMU's event by its bare name ("tsc:z", "tsc:u:z"):
 * -1 with err naming the first word that is no modifier, which is what is wrong, not a
 * tracepoint or libpfm4 name to suggest another for; 0 when EVENT is no such name. */
static int alias_modifier_fault(const char *name, const char *shown, struct hp_err *err)
{
	const char *colon = strchr(name, ':');
	struct event_sysfs_alias alias;
	char head[SPEC_MAX_NAME], words[SPEC_MAX_NAME];
	char *word, *rest;

	if (!colon || colon == name || (size_t)(colon - name) >= sizeof(head) ||
	    strlen(colon) >= sizeof(words))
		return 0;
	snprintf(head, sizeof(head), "%.*s", (int)(colon - name), name);
	if (strchr(head, '=') || !event_sysfs_alias_find(&event_sysfs_system, head, &alias))
		return 0;
	snprintf(words, sizeof(words), "%s", colon + 1);
	for (word = strtok_r(words, ":", &rest); word; word = strtok_r(NULL, ":", &rest))
		if (modifier_check(word, shown, err))
			return -1;
	return modifier_check("", shown, err); /* "tsc::u": an empty word */
}

/* shown is the name as the user wrote it, with its modifiers, for messages and hints. */
/* libpfm4 first; a name it does not know that has a tracepoint's shape is then looked up in
 * tracefs. libpfm4's own hints win when there is no such tracepoint subsystem, since
 * "cyclez:u" is far likelier a misspelling than a tracepoint. A libpfm4 event that shares
 * its name with a tracepoint subsystem reads "SUBSYSTEM:EVENT" as an unknown modifier: the
 * tracepoint is tried then too, and libpfm4's message kept when there is none. */
static int resolve_named(struct event *ev, const char *name, const char *shown,
			 struct hp_err *err)
{
	enum event_tracepoint_status tp;
	struct hp_err quiet;
	char hint[200];
	int ret;

	/* Without libpfm4 where it is not needed: tracepoints that exist. */
	if (event_tracepoint_shaped(name) &&
	    event_tracepoint_resolve(&event_sysfs_system, ev, name, &quiet) ==
		    EVENT_TRACEPOINT_FOUND)
		return 0;
	ret = encode(ev, name);
	if (ret == PFM_SUCCESS)
		return 0;
	if ((ret != PFM_ERR_NOTFOUND && ret != PFM_ERR_ATTR) || !event_tracepoint_shaped(name))
		return resolve_failure(shown, ret, err);
	tp = event_tracepoint_resolve(&event_sysfs_system, ev, name, err);
	if (tp == EVENT_TRACEPOINT_FOUND)
		return 0;
	if (ret == PFM_ERR_ATTR)
		return resolve_failure(shown, ret, err);
	if (tp == EVENT_TRACEPOINT_ERROR)
		return -1;
	if (alias_modifier_fault(name, shown, err))
		return -1;
	suggest(shown, hint, sizeof(hint));
	if (hint[0])
		return err_set(err, "unknown event '%s': did you mean %s?", shown, hint);
	return -1; /* event_tracepoint_resolve said what is missing */
}

/* "mem:ADDR/LEN:ACCESS" with perf's terms (name=) and modifiers. */
static int resolve_breakpoint(struct event *ev, const char *text, char *mods, size_t mods_cap,
			      char *row_name, size_t row_cap, struct hp_err *err)
{
	struct pmu_perf_terms perf_terms;
	char terms[256];

	if (breakpoint_parse(text, &ev->attr, terms, sizeof(terms), mods, mods_cap, err) < 0)
		return -1;
	if (pmu_terms_take_perf(terms, &perf_terms, text, err))
		return -1;
	if (terms[0])
		return err_set(err, "unknown term '%s' in breakpoint '%s': a breakpoint takes "
			       "name=NAME between slashes", terms, text);
	snprintf(row_name, row_cap, "%s", perf_terms.name);
	snprintf(ev->ignored_term, sizeof(ev->ignored_term), "%s", perf_terms.ignored);
	return 0;
}

/* Splits the trailing ":MODS" words off name into mods ("cycles:u:k" gives "uk") when they are
 * made of perf's modifier letters (modifier_check() then judges repeats) and something
 * stands before them; base gets the rest. */
static void split_modifiers(const char *name, char *base, size_t base_cap, char *mods,
			    size_t mods_cap)
{
	size_t end = strlen(name), cut = end, used = 0;

	mods[0] = '\0';
	for (;;) {
		const char *colon = memrchr(name, ':', cut);
		size_t len;

		if (!colon || colon == name || colon[-1] == ':')
			break;
		len = cut - (size_t)(colon - name) - 1;
		if (len == 0 || strspn(colon + 1, MODIFIER_LETTERS) < len || used + len >= mods_cap)
			break;
		cut = (size_t)(colon - name);
		used += len;
	}
	/* mods in the order written: the words between cut and the end, colons dropped. */
	used = 0;
	for (size_t i = cut; i < end && used + 1 < mods_cap; i++)
		if (name[i] != ':')
			mods[used++] = name[i];
	mods[used] = '\0';
	snprintf(base, base_cap, "%.*s", (int)(cut < base_cap ? cut : base_cap - 1), name);
}

/* A name that a sysfs PMU publishes among its events ("tsc", "topdown-retiring",
 * "inst_retired"), which perf looks up once a bare name is none of its own; here before
 * libpfm4 too, which costs more to start and does not know most of them. Resolved as
 * "PMU/EVENT/" (scale and unit included), which ev->resolved then shows: 1 when found, 0 when
 * no PMU publishes base, -1 with err when the kernel's definition does not resolve. A name with
 * ':' or '=' is a tracepoint's or libpfm4's, never an events file's. */
static int resolve_alias(struct event *ev, const char *base, struct hp_err *err)
{
	struct event_sysfs_alias alias;
	char slashed[sizeof(alias.pmu) + sizeof(alias.event) + 2];

	if (strpbrk(base, ":=") || !event_sysfs_alias_find(&event_sysfs_system, base, &alias))
		return 0;
	snprintf(slashed, sizeof(slashed), "%s/%s/", alias.pmu, alias.event);
	if (event_sysfs_resolve(&event_sysfs_system, ev, slashed, err))
		return -1;
	snprintf(ev->resolved, sizeof(ev->resolved), "%s", slashed);
	return 1;
}

/* A name without slashes: generic (any spelling), raw, numeric, a sysfs PMU's named event,
 * tracepoint, then libpfm4. base is name without the modifiers split off into mods; when
 * libpfm4 knows neither base nor any tracepoint by it, the whole name is tried there (its own
 * ":u=1" attributes), and mods is emptied when that worked. */
static int resolve_unslashed(struct event *ev, const char *name, const char *base, char *mods,
			     struct hp_err *err)
{
	const char *raw_mods;
	uint64_t raw;
	int ret;

	if ((ret = resolve_generic(ev, base, err)) != 0)
		return ret < 0 ? -1 : 0;
	if ((ret = pmu_raw_parse(base, &raw, &raw_mods, err)) != 0) {
		if (ret < 0)
			return -1;
		if (*raw_mods) {
			if (modifier_check(raw_mods + 1, name, err) == 0)
				err_set(err, "malformed raw event '%s': write rHEX with its "
					"modifiers after one ':'", name);
			return -1;
		}
		encode_as(ev, PERF_TYPE_RAW, raw);
		ev->encoded = true;
		return 0;
	}
	if ((ret = resolve_numeric(ev, base, err)) != 0)
		return ret < 0 ? -1 : 0;
	if ((ret = resolve_alias(ev, base, err)) != 0)
		return ret < 0 ? -1 : 0;
	ret = resolve_named(ev, base, name, err);
	if (ret == 0 || !*mods)
		return ret;
	/* "pmu::EVENT:UMASK:k" whose last word libpfm4 reads as its own. */
	if (resolve_named(ev, name, name, &(struct hp_err){ 0 }) == 0) {
		mods[0] = '\0';
		return 0;
	}
	return -1;
}

int event_resolve_spec(struct event *ev, const struct spec_event *se, struct hp_err *err)
{
	const char *group_mods = se->name + se->own_len;
	char own[SPEC_MAX_NAME], base[SPEC_MAX_NAME], mods[MODIFIER_MAX + 8];
	char row_name[sizeof(((struct pmu_perf_terms *)0)->name)] = "";
	bool guest_host = false;
	bool libpfm_own;

	int tool = tool_event_resolve(ev, se->name, se->group, err);

	if (tool)
		return tool < 0 ? -1 : 0;
	memset(ev, 0, sizeof(*ev));
	ev->scale = 1.0;
	if (se->own_len >= sizeof(own))
		return err_set(err, "event name '%.60s...' is too long", se->name);
	memcpy(own, se->name, se->own_len);
	own[se->own_len] = '\0';
	if (se->own_len > 1 && own[se->own_len - 1] == ':' && own[se->own_len - 2] != ':' &&
	    strncmp(own, "mem:", 4) != 0)
		return modifier_check("", own, err); /* "cycles:": the modifier left out */
	if (strncmp(own, "mem:", 4) == 0) {
		if (resolve_breakpoint(ev, own, mods, sizeof(mods), row_name, sizeof(row_name),
				       err))
			return -1;
	} else if (strchr(own, '/')) {
		if (resolve_slashed(ev, own, mods, sizeof(mods), row_name, sizeof(row_name), err))
			return -1;
	} else {
		split_modifiers(own, base, sizeof(base), mods, sizeof(mods));
		if (resolve_unslashed(ev, own, base, mods, err))
			return -1;
	}
	/* libpfm4 sets the privilege levels its own name asked for; every other path counts
	 * what perf counts by default until a modifier says otherwise. */
	libpfm_own = ev->resolved[0] && !mods[0] && strchr(own, '=');
	if (!libpfm_own)
		modifier_default(&ev->attr);
	if (mods[0]) {
		if (modifier_check(mods, own, err))
			return -1;
		modifier_apply(mods, MODIFIER_OWN, &ev->attr, &guest_host, &ev->notes);
	}
	if (*group_mods) {
		if (modifier_check(group_mods + 1, se->name, err))
			return -1;
		modifier_apply(group_mods + 1, MODIFIER_GROUP, &ev->attr, &guest_host, &ev->notes);
	}
	ev->mode = mode_of(&ev->attr);
	set_resolved(ev);
	ev->name = strdup(row_name[0] ? row_name : se->name);
	if (!ev->name)
		return err_set(err, "out of memory");
	ev->group = se->group == SPEC_NO_GROUP ? EVENT_NO_GROUP : se->group;
	return 0;
}

int event_expand_globs(struct spec *spec, struct hp_err *err)
{
	size_t i;

	for (i = 0; i < spec->n_events; i++) {
		const struct spec_event *se = &spec->events[i];
		char own[SPEC_MAX_NAME], base[SPEC_MAX_NAME], mods[MODIFIER_MAX + 8];
		struct names matches = { 0 };
		int ret;

		if (se->preset || se->own_len >= sizeof(own))
			continue;
		memcpy(own, se->name, se->own_len);
		own[se->own_len] = '\0';
		split_modifiers(own, base, sizeof(base), mods, sizeof(mods));
		if (!event_tracepoint_globbed(base))
			continue;
		ret = event_tracepoint_glob(&event_sysfs_system, base, &matches, err);
		if (ret == 0)
			ret = spec_expand(spec, i, matches.names, matches.n,
					  se->name + strlen(base), se->own_len - strlen(base), err);
		if (ret == 0)
			i += matches.n - 1;
		names_release(&matches);
		if (ret)
			return -1;
	}
	return 0;
}

int event_check_group_names(const struct spec *spec, struct hp_err *err)
{
	size_t g;

	for (g = 0; g < spec->n_group_names; g++) {
		const char *name = spec->group_names[g];

		if (generic_find(name, strlen(name)) || tool_event_kind(name))
			return err_set(err, "'%s{' reads '%s' as the name of the group after it, but "
				       "it is an event: put a ',' before '{' to count it too", name,
				       name);
	}
	return 0;
}

int event_resolve(struct event *ev, const char *name, int group, struct hp_err *err)
{
	struct spec_event se = { .name = (char *)name, .own_len = strlen(name), .group = group };

	return event_resolve_spec(ev, &se, err);
}

/* The PMU a group must share, as a number: the core PMU's generic, cache and raw events are
 * one (a hybrid CPU's generic event names its PMU in the config's high word). An Arm core's
 * PMU has a type given out at boot, yet the kernel counts the generic events on it: its own
 * events ("armv8_pmuv3_0/stall_frontend/") group with "cycles". */
static uint64_t group_pmu_of(const struct perf_event_attr *attr)
{
	char name[64];

	switch (attr->type) {
	case PERF_TYPE_HARDWARE:
	case PERF_TYPE_HW_CACHE:
		return attr->config >> 32 ? attr->config >> 32 : PERF_TYPE_RAW;
	default:
		if (attr->type < PERF_TYPE_MAX)
			return attr->type;
		event_sysfs_pmu_name(&event_sysfs_system, attr->type, name, sizeof(name));
		return strncmp(name, "armv8", 5) == 0 || strncmp(name, "armv9", 5) == 0 ?
			       PERF_TYPE_RAW : attr->type;
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
	const char *suffix = mode_suffix(anchor->mode);
	size_t len = strlen(generic) + strlen(suffix) + 1;
	int ret;

	memset(ev, 0, sizeof(*ev));
	ev->scale = 1.0;
	/* A partner is a generic name: the table has it, libpfm4 only if not. */
	ret = resolve_generic(ev, generic, err);
	if (ret < 0)
		return -1;
	if (ret == 0) {
		ret = encode(ev, generic);
		if (ret != PFM_SUCCESS)
			return resolve_failure(generic, ret, err);
	}
	/* Counted where its anchor counts, so that their ratio means something. */
	ev->attr.exclude_user = anchor->attr.exclude_user;
	ev->attr.exclude_kernel = anchor->attr.exclude_kernel;
	ev->attr.exclude_hv = anchor->attr.exclude_hv;
	ev->attr.exclude_guest = anchor->attr.exclude_guest;
	ev->attr.exclude_host = anchor->attr.exclude_host;
	ev->attr.exclude_idle = anchor->attr.exclude_idle;
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

int event_absent(struct event *ev, const char *name, int group, struct hp_err *err)
{
	memset(ev, 0, sizeof(*ev));
	ev->name = strdup(name);
	if (!ev->name)
		return err_set(err, "out of memory");
	ev->group = group;
	ev->absent = true;
	ev->scale = 1.0;
	/* Never opened; as a software event it takes no part in the checks of a group's PMU. */
	ev->attr.type = PERF_TYPE_SOFTWARE;
	ev->attr.size = sizeof(ev->attr);
	ev->attr.config = PERF_COUNT_SW_DUMMY;
	snprintf(ev->resolved, sizeof(ev->resolved), "not on this CPU");
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

const char *event_libpfm_core_pmu(void)
{
	struct hp_err ignored;
	pfm_pmu_t p;

	if (pfm_start(&ignored))
		return "";
	pfm_for_all_pmus(p) {
		pfm_pmu_info_t pmu = { .size = sizeof(pmu) };

		if (pfm.get_pmu_info(p, &pmu) == PFM_SUCCESS && pmu.is_present &&
		    pmu.type == PFM_PMU_TYPE_CORE)
			return pmu.name;
	}
	return "";
}

int event_libpfm_about(char *file, size_t file_cap, char *pmus, size_t pmus_cap,
		       struct hp_err *err)
{
	size_t used = 0;
	pfm_pmu_t p;

	file[0] = pmus[0] = '\0';
	if (pfm_start(err))
		return -1;
#ifdef HPSTAT_LAZY_PFM
	{
		Dl_info where;

		/* The loader's answer for one of its functions: the path of the file it mapped. */
		if (dladdr(*(void **)&pfm.initialize, &where) && where.dli_fname) {
			char *real = realpath(where.dli_fname, NULL);

			snprintf(file, file_cap, "%s", real ? real : where.dli_fname);
			free(real);
		}
	}
#else
	(void)file_cap;
#endif
	pfm_for_all_pmus(p) {
		pfm_pmu_info_t pmu = { .size = sizeof(pmu) };
		int w;

		if (pfm.get_pmu_info(p, &pmu) != PFM_SUCCESS || !pmu.is_present || used >= pmus_cap)
			continue;
		w = snprintf(pmus + used, pmus_cap - used, "%s%s", used ? ", " : "", pmu.name);
		if (w > 0)
			used += (size_t)w;
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
