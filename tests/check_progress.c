/* check_progress.c - Check unit tests for the progress line's text (src/progress.c). */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "progress.h"

START_TEST(test_one_command)
{
	const struct measure_progress p = { .command = 0, .run = 3, .started = 4, .total = 5 };
	char line[256];

	progress_format(line, sizeof(line), 79, &p, 1, "./diffusion alloc", 5, 0, 12.4);
	ck_assert_str_eq(line, "hpstat: ./diffusion alloc  run 4 of 5  ~12 s left");
	progress_format(line, sizeof(line), 79, &p, 1, "./diffusion alloc", 5, 0, -1);
	ck_assert_str_eq(line, "hpstat: ./diffusion alloc  run 4 of 5");
}
END_TEST

START_TEST(test_several_commands_and_warmups)
{
	const struct measure_progress p = { .command = 1, .run = 0, .warmup = true };
	char line[256];

	progress_format(line, sizeof(line), 79, &p, 3, "python3 b.py", 5, 2, 0.4);
	ck_assert_str_eq(line, "hpstat: [2/3] python3 b.py  warmup 1 of 2  ~0 s left");
}
END_TEST

START_TEST(test_name_cut_to_the_width)
{
	const struct measure_progress p = { .command = 0, .run = 0 };
	char line[256];

	/* "hpstat: " 8 + "  run 1 of 9" 12 = 20 columns fixed: 10 left for the name. */
	progress_format(line, sizeof(line), 30, &p, 1, "abcdefghijklmnop", 9, 0, -1);
	ck_assert_str_eq(line, "hpstat: abcdefghij  run 1 of 9");
	ck_assert_uint_eq(strlen(line), 30);
	/* Too narrow even for the counts: the name goes, the counts stay. */
	progress_format(line, sizeof(line), 10, &p, 1, "abc", 9, 0, -1);
	ck_assert_str_eq(line, "hpstat:   run 1 of 9");
}
END_TEST

/* A name's control bytes (an escape sequence, a tab, DEL) show as '?': the line is drawn on
 * a terminal. */
START_TEST(test_control_bytes_hidden)
{
	const struct measure_progress p = { .command = 0, .run = 0 };
	char line[256];

	progress_format(line, sizeof(line), 79, &p, 1, "\033[31mred\tx\177", 1, 0, -1);
	ck_assert_str_eq(line, "hpstat: ?[31mred?x?  run 1 of 1");
}
END_TEST

static Suite *progress_suite(void)
{
	Suite *s = suite_create("progress");
	TCase *tc = tcase_create("format");

	tcase_add_test(tc, test_one_command);
	tcase_add_test(tc, test_several_commands_and_warmups);
	tcase_add_test(tc, test_name_cut_to_the_width);
	tcase_add_test(tc, test_control_bytes_hidden);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(progress_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
