/* check_words.c - Check unit tests for shell-like word splitting (src/words.c) and the
 * command list built from the options (src/commands.c). */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "words.h"

/* Splits line and checks the words against the NULL-terminated expected list. */
static void assert_words(const char *line, ...)
{
	struct hp_err err = { "" };
	char **argv = NULL;
	const char *want;
	size_t i = 0;
	va_list ap;

	ck_assert_msg(words_split(line, &argv, &err) == 0, "'%s': %s", line, err.msg);
	va_start(ap, line);
	while ((want = va_arg(ap, const char *))) {
		ck_assert_msg(argv[i] != NULL, "'%s': word %zu missing, want '%s'", line, i, want);
		ck_assert_msg(strcmp(argv[i], want) == 0, "'%s': word %zu is '%s', want '%s'", line,
			      i, argv[i], want);
		i++;
	}
	va_end(ap);
	ck_assert_msg(argv[i] == NULL, "'%s': extra word '%s'", line, argv[i]);
	words_free(argv);
}

static void assert_refused(const char *line, const char *message)
{
	struct hp_err err = { "" };
	char **argv = (char **)1;

	ck_assert_msg(words_split(line, &argv, &err) == -1, "'%s' was accepted", line);
	ck_assert(argv == NULL);
	ck_assert_msg(strcmp(err.msg, message) == 0, "'%s': '%s', want '%s'", line, err.msg,
		      message);
}

START_TEST(test_blanks_separate)
{
	assert_words("python3 a.py", "python3", "a.py", NULL);
	assert_words("  ./prog \t 1\n2  ", "./prog", "1", "2", NULL);
}
END_TEST

START_TEST(test_quotes)
{
	assert_words("echo 'a b' \"c d\"", "echo", "a b", "c d", NULL);
	assert_words("echo 'it''s'", "echo", "its", NULL);
	assert_words("echo '' \"\"", "echo", "", "", NULL);
	assert_words("echo a'b'\"c\"d", "echo", "abcd", NULL);
	/* Single quotes keep everything, double quotes the shell's specials too. */
	assert_words("echo '$HOME | x' \"a;b\"", "echo", "$HOME | x", "a;b", NULL);
}
END_TEST

START_TEST(test_backslashes)
{
	assert_words("echo a\\ b", "echo", "a b", NULL);
	assert_words("echo \\|", "echo", "|", NULL);
	assert_words("echo \"a\\\"b\" \"c\\d\"", "echo", "a\"b", "c\\d", NULL);
	assert_words("echo 'a\\b'", "echo", "a\\b", NULL);
	assert_words("echo a\\\nb", "echo", "ab", NULL);
}
END_TEST

START_TEST(test_refused)
{
	assert_refused("echo 'a", "unterminated single quote in command line 'echo 'a'");
	assert_refused("echo \"a", "unterminated double quote in command line 'echo \"a'");
	assert_refused("echo a\\", "command line 'echo a\\' ends in a backslash");
	assert_refused("   ", "empty command line: give a command to run");
	assert_refused("a | b", "command line 'a | b' uses the shell's '|': add --shell to run "
		       "it through /bin/sh, or quote it");
	assert_refused("echo $HOME", "command line 'echo $HOME' uses the shell's '$': add "
		       "--shell to run it through /bin/sh, or quote it");
	assert_refused("a>b", "command line 'a>b' uses the shell's '>': add --shell to run it "
		       "through /bin/sh, or quote it");
}
END_TEST

/* sh expands $ and ` inside double quotes; without a shell they would run as literal text. */
START_TEST(test_double_quotes_expand)
{
	assert_refused("echo \"$(id -u)\"", "command line 'echo \"$(id -u)\"' uses the shell's "
		       "'$' inside double quotes: add --shell to run it through /bin/sh, or "
		       "single-quote it");
	assert_refused("echo \"`id -u`\"", "command line 'echo \"`id -u`\"' uses the shell's "
		       "'`' inside double quotes: add --shell to run it through /bin/sh, or "
		       "single-quote it");
	assert_refused("echo \"a ${HOME}\"", "command line 'echo \"a ${HOME}\"' uses the "
		       "shell's '$' inside double quotes: add --shell to run it through /bin/sh, "
		       "or single-quote it");
	/* The first expansion is the one named, even after a quoted one that is fine. */
	assert_refused("echo \"a\" \"b$X\" \"`c`\"", "command line 'echo \"a\" \"b$X\" "
		       "\"`c`\"' uses the shell's '$' inside double quotes: add --shell to run it "
		       "through /bin/sh, or single-quote it");
	/* Escaped, single-quoted or backslashed outside quotes, they are the characters. */
	assert_words("echo \"\\$HOME\" \"\\`id\\`\" \"a\\\\b\"", "echo", "$HOME", "`id`",
		     "a\\b", NULL);
	assert_words("echo '$(id -u)' '`id -u`' '${HOME}'", "echo", "$(id -u)", "`id -u`",
		     "${HOME}", NULL);
	assert_words("echo \\$HOME \\`", "echo", "$HOME", "`", NULL);
	assert_words("echo \"a\\\nb\"", "echo", "ab", NULL);
}
END_TEST

/* ---- the command list ------------------------------------------------------------------ */

static struct options compare_options(char **lines)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	o.compare = true;
	o.command = lines;
	return o;
}

START_TEST(test_compare_lines)
{
	char *lines[] = { "python3 a.py", "python3 'b c.py'", NULL };
	const char *names[] = { "first" };
	struct options o = compare_options(lines);
	struct command_list l;
	struct hp_err err = { "" };

	o.names = names;
	o.n_names = 1;
	o.reference = "python3 'b c.py'";
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n, 2);
	ck_assert_str_eq(l.items[0].name, "first");
	ck_assert_str_eq(l.items[1].name, "python3 'b c.py'");
	ck_assert_str_eq(l.items[1].argv[1], "b c.py");
	ck_assert_ptr_null(l.items[1].argv[2]);
	ck_assert_uint_eq(l.reference, 1);
	command_list_release(&l);
}
END_TEST

START_TEST(test_parameter_scan)
{
	char *lines[] = { "./diffusion {N} {N}x", NULL };
	const char *names[] = { "n={N}" };
	struct options o = compare_options(lines);
	struct command_list l;
	struct hp_err err = { "" };

	o.param_name = "N";
	o.param_values = "64,256,1024";
	o.names = names;
	o.n_names = 1;
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.items[0].line, "./diffusion 64 64x");
	ck_assert_str_eq(l.items[2].line, "./diffusion 1024 1024x");
	ck_assert_str_eq(l.items[2].argv[2], "1024x");
	ck_assert_str_eq(l.items[1].name, "n=256");
	ck_assert_str_eq(l.items[1].value, "256");
	command_list_release(&l);
}
END_TEST

START_TEST(test_shell_lines)
{
	char *lines[] = { "a | b", NULL };
	struct options o = compare_options(lines);
	struct command_list l;
	struct hp_err err = { "" };

	o.shell = true;
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(l.items[0].argv[0], "/bin/sh");
	ck_assert_str_eq(l.items[0].argv[1], "-c");
	ck_assert_str_eq(l.items[0].argv[2], "a | b");
	ck_assert_ptr_null(l.items[0].argv[3]);
	command_list_release(&l);
}
END_TEST

START_TEST(test_list_refused)
{
	char *same[] = { "true", "true", NULL }, *two[] = { "true", "false", NULL };
	const char *names[] = { "x", "y", "z" };
	struct options o = compare_options(same);
	struct command_list l;
	struct hp_err err = { "" };

	ck_assert_int_eq(command_list_build(&l, &o, &err), -1);
	ck_assert_str_eq(err.msg, "two commands are named 'true': give each its own --name");
	command_list_release(&l);
	o = compare_options(two);
	o.names = names;
	o.n_names = 3;
	ck_assert_int_eq(command_list_build(&l, &o, &err), -1);
	ck_assert_str_eq(err.msg, "3 --name labels for 2 command lines: give at most one per "
			 "command line");
	command_list_release(&l);
	o.n_names = 0;
	o.reference = "nothing";
	ck_assert_int_eq(command_list_build(&l, &o, &err), -1);
	ck_assert_str_eq(err.msg, "no command is named 'nothing' for --reference: use a --name "
			 "or the command line as given");
	command_list_release(&l);
	o.reference = NULL;
	o.param_name = "N";
	o.param_values = "1,,2";
	ck_assert_int_eq(command_list_build(&l, &o, &err), -1);
	ck_assert_str_eq(err.msg, "empty value in -L's list '1,,2': separate the values with "
			 "single commas");
	command_list_release(&l);
}
END_TEST

START_TEST(test_single_command)
{
	char *argv[] = { "./prog", "a b", NULL };
	struct options o;
	struct command_list l;
	struct hp_err err = { "" };

	memset(&o, 0, sizeof(o));
	o.command = argv;
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.items[0].argv[1], "a b"); /* never split again */
	ck_assert_str_eq(l.items[0].line, "./prog a b");
	command_list_release(&l);
}
END_TEST

static Suite *words_suite(void)
{
	Suite *s = suite_create("words");
	TCase *split = tcase_create("split"), *list = tcase_create("commands");

	tcase_add_test(split, test_blanks_separate);
	tcase_add_test(split, test_quotes);
	tcase_add_test(split, test_backslashes);
	tcase_add_test(split, test_refused);
	tcase_add_test(split, test_double_quotes_expand);
	suite_add_tcase(s, split);
	tcase_add_test(list, test_compare_lines);
	tcase_add_test(list, test_parameter_scan);
	tcase_add_test(list, test_shell_lines);
	tcase_add_test(list, test_list_refused);
	tcase_add_test(list, test_single_command);
	suite_add_tcase(s, list);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(words_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
