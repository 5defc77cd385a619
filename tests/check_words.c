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

	const char *param_names[] = { "N" }, *param_values[] = { "64,256,1024" };

	o.param_names = param_names;
	o.param_values = param_values;
	o.n_params = 1;
	o.names = names;
	o.n_names = 1;
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n, 3);
	ck_assert_str_eq(l.items[0].line, "./diffusion 64 64x");
	ck_assert_str_eq(l.items[2].line, "./diffusion 1024 1024x");
	ck_assert_str_eq(l.items[2].argv[2], "1024x");
	ck_assert_str_eq(l.items[1].name, "n=256");
	command_list_release(&l);
}
END_TEST

/* Builds the list from lines, labels and -L pairs (name, values, ..., NULL) and checks every
 * command's line and name against want: line, name, line, name, ..., NULL. */
static void assert_scan(char **lines, const char **labels, size_t n_labels, const char **params,
			const char **want)
{
	const char *names[4], *values[4];
	struct options o = compare_options(lines);
	struct command_list l;
	struct hp_err err = { "" };
	size_t i;

	for (i = 0; params[2 * i]; i++) {
		names[i] = params[2 * i];
		values[i] = params[2 * i + 1];
	}
	o.param_names = names;
	o.param_values = values;
	o.n_params = i;
	o.names = labels;
	o.n_names = n_labels;
	ck_assert_msg(command_list_build(&l, &o, &err) == 0, "%s", err.msg);
	for (i = 0; want[2 * i]; i++) {
		ck_assert_msg(i < l.n, "command %zu missing, want '%s'", i, want[2 * i]);
		ck_assert_str_eq(l.items[i].line, want[2 * i]);
		ck_assert_str_eq(l.items[i].name, want[2 * i + 1]);
	}
	ck_assert_uint_eq(l.n, i);
	command_list_release(&l);
}

/* Several -L: every combination, the first -L's values varying slowest; a line is expanded
 * only over the parameters it uses, and one that uses none runs once. */
START_TEST(test_parameter_product)
{
	char *lines[] = { "echo {N}{M}", "echo {M}", "echo x", NULL };
	const char *labels[] = { "n={N} m={M}" };
	const char *params[] = { "N", "1,2", "M", "a,b", NULL };
	const char *want[] = { "echo 1a", "n=1 m=a", "echo 1b", "n=1 m=b", "echo 2a", "n=2 m=a",
			       "echo 2b", "n=2 m=b", "echo a", "echo a", "echo b", "echo b",
			       "echo x", "echo x", NULL };
	char *three[] = { "./p {C} {B} {A}", NULL };
	const char *abc[] = { "A", "1,2", "B", "x", "C", "p,q", NULL };
	const char *abc_want[] = { "./p p x 1", "./p p x 1", "./p q x 1", "./p q x 1",
				   "./p p x 2", "./p p x 2", "./p q x 2", "./p q x 2", NULL };
	/* A value that holds another parameter's key is put in as it is, not replaced again. */
	char *nested[] = { "echo {A}{B}", NULL };
	const char *ab[] = { "A", "{B}", "B", "z", NULL };
	const char *nested_want[] = { "echo {B}z", "echo {B}z", NULL };

	assert_scan(lines, labels, 1, params, want);
	assert_scan(three, NULL, 0, abc, abc_want);
	assert_scan(nested, NULL, 0, ab, nested_want);
}
END_TEST

/* Builds the list, which must be refused with message. */
static void assert_scan_refused(char **lines, const char **labels, size_t n_labels,
				const char *name, const char *values, const char *message)
{
	struct options o = compare_options(lines);
	struct command_list l;
	struct hp_err err = { "" };

	o.param_names = &name;
	o.param_values = &values;
	o.n_params = 1;
	o.names = labels;
	o.n_names = n_labels;
	ck_assert_int_eq(command_list_build(&l, &o, &err), -1);
	ck_assert_str_eq(err.msg, message);
	command_list_release(&l);
}

/* An -L whose {NAME} no line holds, and labels that do not match their line's parameters,
 * are named as such (they used to show as two commands with one name). */
START_TEST(test_parameter_refused)
{
	char *other[] = { "echo {M}", NULL }, *two[] = { "echo {M}", "echo x", NULL };
	char *used[] = { "echo {N}", "echo x", NULL };
	const char *fast[] = { "fast" }, *base[] = { "n={N}", "base {N}" };

	assert_scan_refused(other, NULL, 0, "N", "1,2", "command line 'echo {M}' does not use "
			    "-L's {N}: write {N} where its values go");
	assert_scan_refused(two, NULL, 0, "N", "1,2", "no command line uses -L's {N}: write {N} "
			    "where its values go");
	assert_scan_refused(used, fast, 1, "N", "1,2", "--name 'fast' leaves out {N}, which its "
			    "command line 'echo {N}' varies: put {N} in the label to tell its "
			    "commands apart");
	assert_scan_refused(used, base, 2, "N", "1,2", "--name 'base {N}' uses {N}, which its "
			    "command line 'echo x' does not: leave {N} out of the label");
}
END_TEST

/* A label without the parameter is fine when the parameter has one value. */
START_TEST(test_parameter_one_value)
{
	char *lines[] = { "echo {N}", "echo x", NULL };
	const char *labels[] = { "new", "old" };
	const char *params[] = { "N", "7", NULL };
	const char *want[] = { "echo 7", "new", "echo x", "old", NULL };

	assert_scan(lines, labels, 2, params, want);
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
	char *scan[] = { "echo {N}", NULL };
	const char *names[] = { "x", "y", "z" }, *param_name = "N", *param_values = "1,,2";
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
	o.param_names = &param_name;
	o.param_values = &param_values;
	o.n_params = 1;
	o.command = scan;
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
	tcase_add_test(list, test_parameter_product);
	tcase_add_test(list, test_parameter_refused);
	tcase_add_test(list, test_parameter_one_value);
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
