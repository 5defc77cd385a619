/* check_event_generic.c - perf's generic names resolved from hpstat's own table, without
 * libpfm4, must encode exactly as libpfm4 encodes them: libpfm4 itself is the oracle here for
 * the encoding (type, config words) and the user and kernel levels. The hypervisor and guest
 * bits follow perf, which libpfm4 does not (check_event_syntax holds perf's encodings). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h" /* first: <linux/perf_event.h> before libpfm4's copy */

#include <perfmon/pfmlib_perf_event.h>

/* The names of every generic event and alias hpstat's table holds (src/event.c), as perf
 * spells them. */
static const char *const names[] = {
	"cycles", "cpu-cycles", "instructions", "cache-references", "cache-misses", "branches",
	"branch-instructions", "branch-misses", "bus-cycles", "stalled-cycles-frontend",
	"idle-cycles-frontend", "stalled-cycles-backend", "idle-cycles-backend", "ref-cycles",
	"cpu-clock", "task-clock", "page-faults", "faults", "context-switches", "cs",
	"cpu-migrations", "migrations", "minor-faults", "major-faults", "alignment-faults",
	"emulation-faults", "L1-dcache-loads", "L1-dcache-load-misses", "L1-icache-loads",
	"L1-icache-load-misses", "LLC-loads", "LLC-load-misses", "dTLB-loads",
	"dTLB-load-misses", "iTLB-loads", "iTLB-load-misses", "branch-loads",
	"branch-load-misses",
};

/* Modifier spellings libpfm4 reads the same way as perf. */
static const char *const modifiers[] = { "", ":u", ":k", ":h", ":u:k", ":k:u" };

static void assert_same_as_libpfm(const char *name);

/* libpfm4 lacks these two software events that perf has: their encoding must be
 * page-faults' with their own config. */
static void assert_like_page_faults(const char *name, const char *mods, __u64 config)
{
	struct perf_event_attr want;
	pfm_perf_encode_arg_t arg;
	char faults[64];
	struct event ev;
	struct hp_err err = { "" };

	snprintf(faults, sizeof(faults), "page-faults%s", mods);
	memset(&want, 0, sizeof(want));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &want;
	arg.size = sizeof(arg);
	ck_assert_int_eq(pfm_get_os_event_encoding(faults, PFM_PLM0 | PFM_PLM3,
						   PFM_OS_PERF_EVENT_EXT, &arg), PFM_SUCCESS);
	want.size = sizeof(want);
	want.config = config;
	ck_assert_msg(event_resolve(&ev, name, EVENT_NO_GROUP, &err) == 0, "%s", err.msg);
	ck_assert_msg(ev.attr.type == want.type && ev.attr.config == want.config &&
		      ev.attr.exclude_user == want.exclude_user &&
		      ev.attr.exclude_kernel == want.exclude_kernel, "'%s' unlike page-faults",
		      name);
	event_release(&ev);
}

static void assert_same_as_libpfm(const char *name)
{
	struct perf_event_attr want;
	pfm_perf_encode_arg_t arg;
	struct event ev;
	struct hp_err err = { "" };
	int ret;

	memset(&want, 0, sizeof(want));
	memset(&arg, 0, sizeof(arg));
	arg.attr = &want;
	arg.size = sizeof(arg);
	ret = pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3, PFM_OS_PERF_EVENT_EXT, &arg);
	ck_assert_msg(event_resolve(&ev, name, EVENT_NO_GROUP, &err) == 0, "%s: %s", name,
		      err.msg);
	/* libpfm4 gives software events no hypervisor level; perf reads ":h" as "only the
	 * hypervisor" on any event, and so does hpstat. */
	if (ret == PFM_ERR_ATTR && strstr(name, ":h") && ev.attr.type == PERF_TYPE_SOFTWARE) {
		ck_assert(ev.attr.exclude_user && ev.attr.exclude_kernel && !ev.attr.exclude_hv);
		event_release(&ev);
		return;
	}
	ck_assert_msg(ret == PFM_SUCCESS, "libpfm4 does not know '%s'", name);
	ck_assert_msg(ev.attr.type == want.type && ev.attr.config == want.config &&
		      ev.attr.config1 == want.config1 && ev.attr.config2 == want.config2 &&
		      ev.attr.exclude_user == want.exclude_user &&
		      ev.attr.exclude_kernel == want.exclude_kernel,
		      "'%s': type %u config %#llx eu %d ek %d, libpfm4: type %u config %#llx eu %d "
		      "ek %d", name, ev.attr.type, (unsigned long long)ev.attr.config,
		      ev.attr.exclude_user, ev.attr.exclude_kernel, want.type,
		      (unsigned long long)want.config, want.exclude_user, want.exclude_kernel);
	ck_assert_ptr_nonnull(ev.generic);
	event_release(&ev);
}

START_TEST(test_every_name_and_modifier)
{
	char name[96];
	size_t i, m;

	ck_assert_int_eq(pfm_initialize(), PFM_SUCCESS);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		for (m = 0; m < sizeof(modifiers) / sizeof(modifiers[0]); m++) {
			snprintf(name, sizeof(name), "%s%s", names[i], modifiers[m]);
			bool unknown_to_libpfm = strcmp(names[i], "alignment-faults") == 0 ||
						 strcmp(names[i], "emulation-faults") == 0;

			/* page-faults:h, their model, is refused by libpfm4 (see above) */
			if (unknown_to_libpfm && strcmp(modifiers[m], ":h") == 0)
				continue;
			if (strcmp(names[i], "alignment-faults") == 0)
				assert_like_page_faults(name, modifiers[m],
							PERF_COUNT_SW_ALIGNMENT_FAULTS);
			else if (strcmp(names[i], "emulation-faults") == 0)
				assert_like_page_faults(name, modifiers[m],
							PERF_COUNT_SW_EMULATION_FAULTS);
			else
				assert_same_as_libpfm(name);
		}
}
END_TEST

/* Any case, and libpfm4's "perf::" prefix. */
START_TEST(test_case_and_prefix)
{
	ck_assert_int_eq(pfm_initialize(), PFM_SUCCESS);
	assert_same_as_libpfm("CYCLES");
	assert_same_as_libpfm("Task-Clock:u");
	assert_same_as_libpfm("perf::cycles");
	assert_same_as_libpfm("perf::page-faults:k");
}
END_TEST

/* perf's "uk" (one word) is perf's meaning, which libpfm4 refuses: the table reads it. */
START_TEST(test_perf_modifier_word)
{
	struct event ev;
	struct hp_err err = { "" };

	ck_assert_int_eq(event_resolve(&ev, "instructions:uk", EVENT_NO_GROUP, &err), 0);
	ck_assert_int_eq(ev.attr.type, PERF_TYPE_HARDWARE);
	ck_assert_int_eq(ev.attr.config, PERF_COUNT_HW_INSTRUCTIONS);
	ck_assert(!ev.attr.exclude_user && !ev.attr.exclude_kernel && ev.attr.exclude_hv);
	ck_assert(ev.attr.exclude_guest); /* perf: 'u' leaves guests out */
	event_release(&ev);
}
END_TEST

static Suite *event_generic_suite(void)
{
	Suite *s = suite_create("event_generic");
	TCase *tc = tcase_create("generic");

	tcase_add_test(tc, test_every_name_and_modifier);
	tcase_add_test(tc, test_case_and_prefix);
	tcase_add_test(tc, test_perf_modifier_word);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(event_generic_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
