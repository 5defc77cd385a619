/* check_machine.c - Check unit tests for the machine facts (src/machine.c): the PMU list. */
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "machine.h"

static char tmp_dir[32]; /* "/tmp/check_machine.XXXXXX" */

static void tmp_setup(void)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/check_machine.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
}

static void tmp_teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	ck_assert_int_eq(system(cmd), 0);
}

static void add_pmu(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "%s/%s", tmp_dir, name);
	ck_assert_msg(mkdir(path, 0700) == 0, "mkdir %s: %s", path, strerror(errno));
}

/* More PMUs than fit: the first MACHINE_MAX_PMUS in name order, whatever the directory order,
 * so two reads of one machine report the same list. Created in a scrambled order. */
START_TEST(test_pmus_sorted_then_cut)
{
	struct machine m;
	char name[32];
	unsigned i;

	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "pmu_%03u", (i * 77) % 200); /* 77 is prime to 200 */
		add_pmu(name);
	}
	add_pmu(".hidden");
	machine_read_pmus(&m, tmp_dir);
	for (i = 0; i < m.n_pmus; i++) {
		snprintf(name, sizeof(name), "pmu_%03u", i);
		ck_assert_str_eq(m.pmus[i], name);
	}
	ck_assert_int_eq(MACHINE_MAX_PMUS, 64);
	ck_assert_uint_eq(m.n_pmus, MACHINE_MAX_PMUS);
}
END_TEST

/* Fewer than fit: all of them, sorted; a missing directory gives none. */
START_TEST(test_pmus_few)
{
	static const char *const want[] = { "breakpoint", "cpu", "msr", "software", "tracepoint" };
	struct machine m;
	size_t i;

	add_pmu("tracepoint");
	add_pmu("cpu");
	add_pmu("software");
	add_pmu("msr");
	add_pmu("breakpoint");
	machine_read_pmus(&m, tmp_dir);
	ck_assert_uint_eq(m.n_pmus, 5);
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(m.pmus[i], want[i]);
	machine_read_pmus(&m, "/nonexistent/check_machine");
	ck_assert_uint_eq(m.n_pmus, 0);
}
END_TEST

static Suite *machine_suite(void)
{
	Suite *s = suite_create("machine");
	TCase *pmus = tcase_create("pmus");

	tcase_add_checked_fixture(pmus, tmp_setup, tmp_teardown);
	tcase_add_test(pmus, test_pmus_sorted_then_cut);
	tcase_add_test(pmus, test_pmus_few);
	suite_add_tcase(s, pmus);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(machine_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
