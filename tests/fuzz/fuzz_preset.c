/* fuzz_preset.c - libFuzzer harness: preset_parse must not crash or leak, and keeps its
 * contract: a failure leaves nothing behind and says where, a success holds a complete preset
 * whose formulas parse and read only its own events (a group's: its own group's or an earlier
 * one's), whose events lines cover its events in order, and whose cpu: lines check. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu_match.h"
#include "formula.h"
#include "fuzz_input.h"
#include "preset.h"

/* Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_preset.c src/preset.c src/cpu_match.c src/spec.c src/formula.c \
 *        src/names.c \
 *        src/err.c -lm -o fuzz_preset
 *        (tests/fuzz/fuzz_input.h, beside the harness, is found without a -I.)
 *        `make fuzz` of a configure --enable-fuzzing build does this and the run below.
 * Run:   ./fuzz_preset -max_total_time=60 -max_len=12000 corpus events
 *        with corpus/ empty (new inputs go there) and the shipped presets in events/ as seeds. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether a formula of group `group` may read name. */
static int listed(const struct preset *p, size_t group, const char *name)
{
	size_t l, i;

	for (l = 0; l < p->n_lines; l++)
		for (i = p->lines[l].first; i < p->lines[l].first + p->lines[l].n; i++)
			if (strcasecmp(p->spec.events[i].name, name) == 0 &&
			    (group == PRESET_NO_GROUP || p->lines[l].group <= group))
				return 1;
	return strcmp(name, "duration_time") == 0 || strcmp(name, PRESET_PMU_SLOTS) == 0;
}

/* The events lines tile the events in order; groups and cpu lines are whole. */
static void check_family(const struct preset *p)
{
	size_t i, next = 0;

	for (i = 0; i < p->n_lines; i++) {
		if (p->lines[i].first != next || p->lines[i].n == 0 || !p->lines[i].text[0] ||
		    (p->n_groups ? p->lines[i].group >= p->n_groups :
				   p->lines[i].group != PRESET_NO_GROUP))
			abort();
		next += p->lines[i].n;
	}
	if (next != p->spec.n_events)
		abort();
	for (i = 0; i < p->n_groups; i++)
		if (!p->groups[i].name[0] || !p->groups[i].description[0])
			abort();
	for (i = 0; i < p->n_cpus; i++)
		if (cpu_match_check(p->cpus[i], NULL) != 0)
			abort();
	for (i = 0; i < p->n_metrics; i++)
		if ((p->n_groups ? p->metrics[i].group >= p->n_groups :
				   p->metrics[i].group != PRESET_NO_GROUP) ||
		    (p->metrics[i].bottleneck && !p->n_groups))
			abort();
}

static void check_preset(const struct preset *p)
{
	size_t i, k;

	if (!p->description || !p->description[0] || p->spec.n_events == 0 || p->name || p->path)
		abort();
	for (i = 0; i < p->spec.n_events; i++)
		if (p->spec.events[i].preset || !p->spec.events[i].name[0] ||
		    p->spec.events[i].group >= p->spec.n_groups)
			abort();
	for (i = 0; i < p->n_metrics; i++) {
		const struct preset_metric *m = &p->metrics[i];
		struct formula *f;

		if (!m->name[0] || !m->formula[0] || !m->description[0] || !m->unit ||
		    strchr(m->name, '|') || m->line == 0)
			abort();
		f = formula_parse(m->formula, NULL);
		if (!f)
			abort();
		for (k = 0; k < formula_input_count(f); k++)
			if (!listed(p, m->group, formula_input(f, k)))
				abort();
		formula_free(f);
	}
	check_family(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct preset p;
	struct hp_err err = { .msg = "" };
	char *text = fuzz_input_text(data, size);

	if (!text)
		return 0;
	if (preset_parse(text, "f.preset", &p, &err)) {
		if (strncmp(err.msg, "f.preset", 8) != 0 && strcmp(err.msg, "out of memory") != 0)
			abort();
		if (p.description || p.metrics || p.n_metrics || p.spec.events || p.spec.n_events)
			abort();
	} else {
		check_preset(&p);
		preset_release(&p);
	}
	free(text);
	return 0;
}
