/* check_escape.c - Check unit tests for text made safe for JSON, CSV and a terminal
 * (src/escape.c). Expected strings are written out by hand, byte by byte. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

/* What writer(text) writes, as a string the caller frees. */
static char *written(void (*writer)(FILE *, const char *), const char *text)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert(f != NULL);
	writer(f, text);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

#define assert_written(writer, text, want)                                                 \
	do {                                                                               \
		char *got_ = written((writer), (text));                                    \
		ck_assert_msg(strcmp(got_, (want)) == 0, "%s(\"%s\") wrote \"%s\", want \"%s\"", \
			      #writer, #text, got_, (want));                               \
		free(got_);                                                                \
	} while (0)

START_TEST(test_terminal_plain_text_unchanged)
{
	assert_written(escape_terminal, "unknown event 'cyclez'", "unknown event 'cyclez'");
	assert_written(escape_terminal, "", "");
}
END_TEST

START_TEST(test_terminal_control_bytes)
{
	/* ESC [ 3 1 m: the colour change the issue reproduced. */
	assert_written(escape_terminal, "x\x1b[31m", "x\\x1b[31m");
	assert_written(escape_terminal, "a\tb\rc\x7f", "a\\x09b\\x0dc\\x7f");
	assert_written(escape_terminal, "\x01", "\\x01");
}
END_TEST

START_TEST(test_terminal_c1_controls)
{
	/* U+009B (CSI) is C2 9B in UTF-8: both bytes shown. U+00A0 is the first non-control. */
	assert_written(escape_terminal, "\xc2\x9b", "\\xc2\\x9b");
	assert_written(escape_terminal, "\xc2\x80", "\\xc2\\x80");
	assert_written(escape_terminal, "\xc2\xa0", "\xc2\xa0");
}
END_TEST

START_TEST(test_terminal_invalid_utf8)
{
	assert_written(escape_terminal, "x\xff", "x\\xff");
	/* A lead byte without its continuation, then an overlong '/' (C0 AF). */
	assert_written(escape_terminal, "\xe2\x82", "\\xe2\\x82");
	assert_written(escape_terminal, "\xc0\xaf", "\\xc0\\xaf");
	/* A surrogate half (ED A0 80) is not UTF-8. */
	assert_written(escape_terminal, "\xed\xa0\x80", "\\xed\\xa0\\x80");
}
END_TEST

START_TEST(test_terminal_valid_utf8_kept)
{
	/* café, €, and U+1F600 (four bytes). */
	assert_written(escape_terminal, "caf\xc3\xa9", "caf\xc3\xa9");
	assert_written(escape_terminal, "\xe2\x82\xac", "\xe2\x82\xac");
	assert_written(escape_terminal, "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80");
}
END_TEST

START_TEST(test_terminal_backslash_x_doubled)
{
	/* The user's own "\x1b" text must not read as an escape of a real ESC byte. */
	assert_written(escape_terminal, "a\\x1b", "a\\\\x1b");
	assert_written(escape_terminal, "a\\n", "a\\n");
}
END_TEST

START_TEST(test_json_and_csv)
{
	assert_written(escape_json_string, "a\"b\\c\n\x1b", "\"a\\\"b\\\\c\\u000a\\u001b\"");
	assert_written(escape_json_string, "x\xff", "\"x\\ufffd\"");
	assert_written(escape_csv_field, "cpu/event=1,umask=2/", "\"cpu/event=1,umask=2/\"");
	assert_written(escape_csv_field, "say \"hi\"", "\"say \"\"hi\"\"\"");
	assert_written(escape_csv_field, "plain", "plain");
}
END_TEST

/* Prometheus and OpenMetrics label values: only \\, \" and \n are escapes there; other
 * control bytes pass as they are, and what is not UTF-8 becomes U+FFFD (EF BF BD). */
START_TEST(test_label_value)
{
	assert_written(escape_label_value, "page-faults", "\"page-faults\"");
	assert_written(escape_label_value, "a\"b\\c\nd", "\"a\\\"b\\\\c\\nd\"");
	assert_written(escape_label_value, "tab\there\r", "\"tab\there\r\"");
	assert_written(escape_label_value, "caf\xc3\xa9", "\"caf\xc3\xa9\"");
	assert_written(escape_label_value, "x\xff\xe2\x82",
		       "\"x\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
	assert_written(escape_label_value, "", "\"\"");
	assert_written(escape_label_value, NULL, "\"\"");
}
END_TEST

static Suite *escape_suite(void)
{
	Suite *s = suite_create("escape");
	TCase *terminal = tcase_create("terminal"), *machine = tcase_create("machine");

	tcase_add_test(terminal, test_terminal_plain_text_unchanged);
	tcase_add_test(terminal, test_terminal_control_bytes);
	tcase_add_test(terminal, test_terminal_c1_controls);
	tcase_add_test(terminal, test_terminal_invalid_utf8);
	tcase_add_test(terminal, test_terminal_valid_utf8_kept);
	tcase_add_test(terminal, test_terminal_backslash_x_doubled);
	suite_add_tcase(s, terminal);
	tcase_add_test(machine, test_json_and_csv);
	tcase_add_test(machine, test_label_value);
	suite_add_tcase(s, machine);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(escape_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
