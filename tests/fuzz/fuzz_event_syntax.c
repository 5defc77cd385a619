/* fuzz_event_syntax.c - libFuzzer harness: perf's event grammar outside the file system
 * (modifier.h, cache_name.h, breakpoint.h, pmu_terms_take_perf) must not crash, leak or
 * overrun, and keeps its documented contracts: modifier_check() agrees with
 * modifier_shaped() and modifier_apply() lets in exactly the levels named; a cache name
 * encodes a real cache, operation and result the cache has; a breakpoint has a length of
 * 1, 2, 4 or 8 and one valid access; perf's own terms leave a list no longer than before and
 * without them; every error is a non-empty one-line message.
 *
 * Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_event_syntax.c src/modifier.c src/cache_name.c src/breakpoint.c \
 *        src/pmu_format.c src/err.c -lm -o fuzz_event_syntax
 * Run:   ./fuzz_event_syntax -max_total_time=60 -max_len=256 corpus
 */
#include <linux/hw_breakpoint.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "breakpoint.h"
#include "cache_name.h"
#include "fuzz_input.h"
#include "modifier.h"
#include "pmu_format.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_message(const struct hp_err *err, const char *input)
{
	if (!memchr(err->msg, '\0', sizeof(err->msg)) || !err->msg[0])
		abort();
	if (strchr(err->msg, '\n') && !strchr(input, '\n'))
		abort();
}

static void fuzz_modifiers(const char *text)
{
	struct perf_event_attr attr;
	struct modifier_notes notes;
	struct hp_err err = { "" };
	bool shaped = modifier_shaped(text), gh = false;
	bool levels;

	if ((modifier_check(text, "e", &err) == 0) != shaped)
		abort();
	if (!shaped) {
		check_message(&err, text);
		return;
	}
	memset(&attr, 0, sizeof(attr));
	memset(&notes, 0, sizeof(notes));
	modifier_default(&attr);
	modifier_apply(text, MODIFIER_OWN, &attr, &gh, &notes);
	levels = strpbrk(text, "ukh") != NULL;
	if (levels && (attr.exclude_user != !strchr(text, 'u') ||
		       attr.exclude_kernel != !strchr(text, 'k') ||
		       attr.exclude_hv != !strchr(text, 'h')))
		abort();
	if (!levels && (attr.exclude_user || attr.exclude_kernel || attr.exclude_hv))
		abort();
	if (attr.pinned != (strchr(text, 'D') != NULL) || attr.precise_ip || notes.precise > 3)
		abort();
	/* A group's modifier only adds levels to what a member counts. */
	{
		struct perf_event_attr member = attr;

		modifier_apply(text, MODIFIER_GROUP, &member, &gh, NULL);
		if ((member.exclude_user && !attr.exclude_user) ||
		    (member.exclude_kernel && !attr.exclude_kernel) ||
		    (member.exclude_hv && !attr.exclude_hv))
			abort();
	}
}

static void fuzz_cache(const char *text)
{
	struct hp_err err = { "" };
	uint64_t config = UINT64_MAX;
	int ret = cache_name_parse(text, strlen(text), &config, &err);

	if (ret < 0)
		check_message(&err, text);
	if (ret == 1 && ((config & 0xff) >= PERF_COUNT_HW_CACHE_MAX ||
			 (config >> 8 & 0xff) >= PERF_COUNT_HW_CACHE_OP_MAX ||
			 (config >> 16) >= PERF_COUNT_HW_CACHE_RESULT_MAX))
		abort();
}

static void fuzz_breakpoint(const char *text)
{
	struct perf_event_attr attr;
	struct hp_err err = { "" };
	char terms[64], mods[8];
	int ret = breakpoint_parse(text, &attr, terms, sizeof(terms), mods, sizeof(mods), &err);

	if (ret < 0)
		check_message(&err, text);
	if (ret == 0 && strncmp(text, "mem:", 4) == 0)
		abort();
	if (ret != 1)
		return;
	if (attr.type != PERF_TYPE_BREAKPOINT || !memchr(terms, '\0', sizeof(terms)) ||
	    !memchr(mods, '\0', sizeof(mods)))
		abort();
	if (attr.bp_len != 1 && attr.bp_len != 2 && attr.bp_len != 4 && attr.bp_len != 8)
		abort();
	if (attr.bp_type != HW_BREAKPOINT_R && attr.bp_type != HW_BREAKPOINT_W &&
	    attr.bp_type != HW_BREAKPOINT_RW && attr.bp_type != HW_BREAKPOINT_X)
		abort();
}

static void fuzz_terms(const char *text)
{
	struct pmu_perf_terms perf_terms;
	struct hp_err err = { "" };
	char *copy = strdup(text);
	size_t before = strlen(text);

	if (!copy)
		return;
	if (pmu_terms_take_perf(copy, &perf_terms, "e", &err)) {
		check_message(&err, text);
	} else {
		const char *p;

		if (strlen(copy) > before || !memchr(perf_terms.name, '\0', sizeof(perf_terms.name)))
			abort();
		/* A quoted value may hold commas, so items split on ',' only without quotes. */
		for (p = strpbrk(text, "'\"") ? NULL : copy; p;
		     p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
			size_t key = strcspn(p, "=,");

			if ((key == 4 && strncmp(p, "name", 4) == 0 && p[4] == '=') ||
			    (key == 6 && strncmp(p, "period", 6) == 0))
				abort();
		}
	}
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_input_text(data, size);

	if (!text)
		return 0;
	fuzz_modifiers(text);
	fuzz_cache(text);
	fuzz_breakpoint(text);
	fuzz_terms(text);
	free(text);
	return 0;
}
