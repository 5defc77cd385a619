/* family.c - which CPU family's preset describes this machine, and what of it to count. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/utsname.h>

#include "event.h"
#include "family.h"
#include "formula.h"

/* ---- the machine ---- */

static bool machine_has_event(void *ctx, const char *name)
{
	const struct family_machine *m = ctx;

	return m->core_pmu[0] && event_sysfs_pmu_publishes(m->paths, m->core_pmu, name);
}

static const char *machine_libpfm_pmu(void *ctx)
{
	(void)ctx;
	return event_libpfm_core_pmu();
}

void family_machine_from(struct family_machine *m, const struct family_cpu_id *id,
			 const struct event_sysfs_paths *paths)
{
	memset(m, 0, sizeof(*m));
	snprintf(m->arch, sizeof(m->arch), "%s", id->arch ? id->arch : "");
	snprintf(m->vendor, sizeof(m->vendor), "%s", id->vendor ? id->vendor : "");
	m->family = id->family;
	m->model = id->model;
	m->paths = paths;
	event_sysfs_core_pmu(paths, m->core_pmu, sizeof(m->core_pmu));
	m->pmu_slots = m->core_pmu[0] ? event_sysfs_pmu_slots(paths, m->core_pmu) : NAN;
	m->facts = (struct cpu_facts){ .arch = m->arch, .vendor = m->vendor, .family = m->family,
				       .model = m->model, .has_event = machine_has_event,
				       .libpfm_pmu = machine_libpfm_pmu, .ctx = m };
}

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>

/* CPUID leaf 0's vendor and leaf 1's family and model, with their extended parts added as
 * the vendors define them (the extended model counts from family 6 on Intel, 15 on AMD). */
static void cpu_id_read(char *vendor, size_t cap, int *family, int *model)
{
	unsigned a, b, c, d, base_family;
	char text[13];

	if (!__get_cpuid(0, &a, &b, &c, &d))
		return;
	memcpy(text, &b, 4);
	memcpy(text + 4, &d, 4);
	memcpy(text + 8, &c, 4);
	text[12] = '\0';
	snprintf(vendor, cap, "%s", text);
	if (!__get_cpuid(1, &a, &b, &c, &d))
		return;
	base_family = (a >> 8) & 0xf;
	*family = (int)(base_family + (base_family == 0xf ? (a >> 20) & 0xff : 0));
	*model = (int)(((a >> 4) & 0xf) |
		       (base_family == 0x6 || base_family == 0xf ? ((a >> 16) & 0xf) << 4 : 0));
}
#else
static void cpu_id_read(char *vendor, size_t cap, int *family, int *model)
{
	(void)vendor, (void)cap, (void)family, (void)model;
}
#endif

void family_machine_read(struct family_machine *m, const struct event_sysfs_paths *paths)
{
	struct family_cpu_id id = { .vendor = "", .family = -1, .model = -1 };
	char vendor[16] = "";
	struct utsname u;

	family_machine_from(m, &id, paths);
	if (!m->core_pmu[0])
		return; /* no family can count here: the identity is not needed */
	if (uname(&u) == 0)
		snprintf(m->arch, sizeof(m->arch), "%s", u.machine);
	cpu_id_read(vendor, sizeof(vendor), &m->family, &m->model);
	snprintf(m->vendor, sizeof(m->vendor), "%s", vendor);
	m->facts.family = m->family;
	m->facts.model = m->model;
}

/* ---- finding the family ---- */

static bool preset_describes(const struct preset *p, const struct family_machine *m)
{
	size_t i;

	for (i = 0; i < p->n_cpus; i++)
		if (cpu_match(&m->facts, p->cpus[i]))
			return true;
	return false;
}

int family_find(const struct family_machine *m, const char *search_path, struct preset *out,
		char *why, size_t why_cap, struct hp_err *err)
{
	char **names = NULL;
	size_t n = 0, i;
	int found = 0;

	/* Without a core PMU no family's events can count: no file need be read. */
	if (!m->core_pmu[0]) {
		snprintf(why, why_cap, "no hardware PMU in this machine");
		return 0;
	}
	if (preset_names(search_path, &names, &n, err))
		return -1;
	/* A file that does not parse is passed over: the user's preset with a typo must not stop
	 * every run that counts perf's default set. --list names it. */
	for (i = 0; i < n && !found; i++) {
		struct hp_err ignored;

		if (preset_load_from(names[i], search_path, out, &ignored) == 0) {
			if (out->n_cpus && preset_describes(out, m))
				found = 1;
			else
				preset_release(out);
		}
	}
	preset_names_free(names, n);
	if (found == 0 && m->family >= 0)
		snprintf(why, why_cap, "no family file for this CPU (%s family %d model 0x%x)",
			 m->vendor[0] ? m->vendor : m->arch, m->family, (unsigned)m->model);
	else if (found == 0)
		snprintf(why, why_cap, "no family file for this CPU (%s, PMU %s)", m->arch,
			 m->core_pmu);
	return found;
}

int family_of_this_cpu(const struct family_machine *m, struct preset *out, char *why,
		       size_t why_cap, struct hp_err *err)
{
	const char *forced = secure_getenv(FAMILY_ENV);

	if (forced && *forced) {
		struct hp_err why_not;
		char families[300];

		if (preset_load(forced, out, &why_not) != 0) {
			struct hp_err ignored;

			/* Not found: name the families, not every preset. */
			if (strncmp(why_not.msg, "unknown preset", 14) != 0 ||
			    preset_list(NULL, true, families, sizeof(families), NULL, &ignored) <= 0)
				return err_set(err, FAMILY_ENV "=%.60s: %s", forced, why_not.msg);
			return err_set(err, FAMILY_ENV "=%.60s: no CPU family file of that name; "
				       "the families are %s", forced, families);
		}
		if (out->n_cpus && out->n_groups)
			return 1;
		preset_release(out);
		return err_set(err, FAMILY_ENV "=%.60s: a preset, not a CPU family file (one with "
			       "cpu: and group: lines, such as topdown-intel)", forced);
	}
	return family_find(m, NULL, out, why, why_cap, err);
}

/* ---- choosing groups and metrics ---- */

static size_t group_index(const struct preset *p, const char *name, size_t len)
{
	size_t g;

	for (g = 0; g < p->n_groups; g++)
		if (strlen(p->groups[g].name) == len && strncasecmp(p->groups[g].name, name, len) == 0)
			return g;
	return PRESET_NO_GROUP;
}

static size_t metric_index(const struct preset *p, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < p->n_metrics; i++)
		if (strlen(p->metrics[i].name) == len &&
		    strncasecmp(p->metrics[i].name, name, len) == 0)
			return i;
	return (size_t)-1;
}

/* Whether events line l lists name (as written, without regard to case). */
static bool line_lists(const struct preset *p, size_t l, const char *name)
{
	size_t i;

	for (i = p->lines[l].first; i < p->lines[l].first + p->lines[l].n; i++)
		if (strcasecmp(p->spec.events[i].name, name) == 0)
			return true;
	return false;
}

/* The group whose events line lists name, first in the file; PRESET_NO_GROUP if none. */
static size_t group_counting(const struct preset *p, const char *name)
{
	size_t l;

	for (l = 0; l < p->n_lines; l++)
		if (line_lists(p, l, name))
			return p->lines[l].group;
	return PRESET_NO_GROUP;
}

/* Counts the groups whose events the chosen metrics read, beyond their own. */
static int add_read_groups(const struct preset *p, const bool *metrics, bool *counted,
			   struct hp_err *err)
{
	size_t i, k;

	for (i = 0; i < p->n_metrics; i++) {
		struct formula *f;
		bool has = false;

		if (!metrics[i])
			continue;
		if (!(f = formula_parse(p->metrics[i].formula, err)))
			return -1;
		for (k = 0; k < formula_input_count(f); k++) {
			const char *input = formula_input(f, k);
			size_t g, l;

			for (l = 0, has = false; l < p->n_lines && !has; l++)
				has = counted[p->lines[l].group] && line_lists(p, l, input);
			if (!has && (g = group_counting(p, input)) != PRESET_NO_GROUP)
				counted[g] = true;
		}
		formula_free(f);
	}
	return 0;
}

/* Whether line a is left out for line b: b is counted, longer, and lists all of a's events
 * (of equal lines, the later is left out). */
static bool line_covered(const struct preset *p, size_t a, size_t b)
{
	size_t i;

	if (a == b || p->lines[b].n < p->lines[a].n || (p->lines[b].n == p->lines[a].n && b > a))
		return false;
	for (i = p->lines[a].first; i < p->lines[a].first + p->lines[a].n; i++)
		if (!line_lists(p, b, p->spec.events[i].name))
			return false;
	return true;
}

static int join_lines(const struct preset *p, const bool *counted, char **out)
{
	size_t l, b, len = 1;
	bool *keep = calloc(p->n_lines ? p->n_lines : 1, sizeof(*keep));

	if (!keep)
		return -1;
	for (l = 0; l < p->n_lines; l++) {
		keep[l] = counted[p->lines[l].group];
		for (b = 0; b < p->n_lines && keep[l]; b++)
			if (counted[p->lines[b].group] && line_covered(p, l, b))
				keep[l] = false;
		if (keep[l])
			len += strlen(p->lines[l].text) + 1;
	}
	*out = malloc(len);
	if (*out) {
		(*out)[0] = '\0';
		for (l = 0; l < p->n_lines; l++)
			if (keep[l]) {
				if ((*out)[0])
					strcat(*out, ",");
				strcat(*out, p->lines[l].text);
			}
	}
	free(keep);
	return *out ? 0 : -1;
}

/* "TopdownL1, TopdownL2, retiring, ...": what p offers, for the message of a name it lacks. */
static void offered(const struct preset *p, char *out, size_t cap)
{
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; i < p->n_groups + p->n_metrics && len < cap; i++) {
		const char *name = i < p->n_groups ? p->groups[i].name :
						     p->metrics[i - p->n_groups].name;

		len += (size_t)snprintf(out + len, cap - len, "%s%s", len ? ", " : "", name);
	}
}

int family_choose(const struct preset *p, const char *names, struct family_choice *out,
		  struct hp_err *err)
{
	bool *counted = calloc(p->n_groups + 1, sizeof(*counted));
	const char *word = names;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (p->n_groups == 0) {
		free(counted);
		return err_set(err, "%s has no metric groups ('group:' lines)", p->description);
	}
	out->n_metrics = p->n_metrics;
	out->metrics = calloc(p->n_metrics + 1, sizeof(*out->metrics));
	if (!counted || !out->metrics) {
		err_set(err, "out of memory");
		goto fail;
	}
	while (*word) {
		size_t len = strcspn(word, ","), g, m;
		const char *start = word;

		while (len && isspace((unsigned char)*start))
			start++, len--;
		while (len && isspace((unsigned char)start[len - 1]))
			len--;
		if (len == 0) {
			err_set(err, "an empty name in the list '%.60s': name metric groups or "
				"metrics, separated by commas", names);
			goto fail;
		}
		if ((g = group_index(p, start, len)) != PRESET_NO_GROUP) {
			counted[g] = true;
			for (i = 0; i < p->n_metrics; i++)
				out->metrics[i] |= p->metrics[i].group == g;
		} else if ((m = metric_index(p, start, len)) != (size_t)-1 &&
			   p->metrics[m].group != PRESET_NO_GROUP) {
			counted[p->metrics[m].group] = true;
			out->metrics[m] = true;
		} else {
			char list[400];

			offered(p, list, sizeof(list));
			err_set(err, "'%.*s' is no metric group or metric of %s; it has %s",
				(int)(len > 60 ? 60 : len), start, p->description, list);
			goto fail;
		}
		word += strcspn(word, ",");
		word += *word == ',';
	}
	if (add_read_groups(p, out->metrics, counted, err))
		goto fail;
	if (join_lines(p, counted, &out->events)) {
		err_set(err, "out of memory");
		goto fail;
	}
	free(counted);
	return 0;
fail:
	free(counted);
	family_choice_release(out);
	return -1;
}

void family_choice_release(struct family_choice *c)
{
	free(c->events);
	free(c->metrics);
	memset(c, 0, sizeof(*c));
}

void family_topdown_names(unsigned level, char *out, size_t cap)
{
	size_t len = 0;
	unsigned l;

	out[0] = '\0';
	for (l = 1; l <= level && len < cap; l++)
		len += (size_t)snprintf(out + len, cap - len, "%s" FAMILY_TOPDOWN_PREFIX "%u",
					l > 1 ? "," : "", l);
}
