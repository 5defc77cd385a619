/* check_spec.c - Check unit tests for the -e event-list grammar (src/spec.c). */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"

#define NG SPEC_NO_GROUP

struct want {
	const char *name;
	int group;
};

static void parse_ok(struct spec *s, const char *text)
{
	struct hp_err err = { .msg = "" };

	ck_assert_msg(spec_parse(s, text, &err) == 0, "'%s' failed: %s", text, err.msg);
}

/* Compares the whole spec with a table ending in { NULL }. A wanted name "@x" is preset x. */
static void assert_events(const struct spec *s, const struct want *want, int n_groups)
{
	size_t i;

	for (i = 0; want[i].name; i++) {
		bool preset = want[i].name[0] == '@';

		ck_assert_msg(i < s->n_events, "only %zu events, want more", s->n_events);
		ck_assert_str_eq(s->events[i].name, want[i].name + preset);
		ck_assert_msg(s->events[i].preset == preset, "'%s': preset %d", want[i].name,
			      s->events[i].preset);
		ck_assert_msg(s->events[i].group == want[i].group, "'%s' in group %d, want %d",
			      want[i].name, s->events[i].group, want[i].group);
	}
	ck_assert_uint_eq(s->n_events, i);
	ck_assert_int_eq(s->n_groups, n_groups);
}

static void assert_parse(const char *text, const struct want *want, int n_groups)
{
	struct spec s = { 0 };

	parse_ok(&s, text);
	assert_events(&s, want, n_groups);
	spec_release(&s);
}

static void assert_error(const char *text, const char *message)
{
	struct spec s = { 0 };
	struct hp_err err = { .msg = "" };

	ck_assert_msg(spec_parse(&s, text, &err) == -1, "'%s' was accepted", text);
	ck_assert_str_eq(err.msg, message);
	ck_assert_uint_eq(s.n_events, 0);
	ck_assert_int_eq(s.n_groups, 0);
	spec_release(&s);
}

START_TEST(test_single)
{
	static const struct want w[] = { { "cycles", NG }, { NULL, 0 } };

	assert_parse("cycles", w, 0);
}
END_TEST

START_TEST(test_list)
{
	static const struct want w[] = { { "a", NG }, { "b", NG }, { NULL, 0 } };
	static const struct want w3[] = { { "cycles:u", NG }, { "instructions", NG },
					  { "L1-dcache-load-misses", NG }, { NULL, 0 } };

	assert_parse("a,b", w, 0);
	assert_parse("cycles:u,instructions,L1-dcache-load-misses", w3, 0);
}
END_TEST

/* Whitespace around names goes; inside groups and around the braces too. */
START_TEST(test_whitespace)
{
	static const struct want w[] = { { "a", NG }, { "b", NG }, { NULL, 0 } };
	static const struct want g[] = { { "a", 0 }, { "b", 0 }, { "c", NG }, { NULL, 0 } };

	assert_parse("  a , b  ", w, 0);
	assert_parse("\ta,\nb", w, 0);
	assert_parse(" { a , b } , c ", g, 1);
}
END_TEST

/* perf's named groups: the name before '{' is accepted and dropped; own_len marks where a
 * member's own text ends and the group's modifier begins. */
START_TEST(test_named_group_and_own_len)
{
	static const struct want w[] = { { "a:u", 0 }, { "b:k:u", 0 }, { "c", NG },
					 { NULL, 0 } };
	struct spec s = { 0 };

	assert_parse("group1{a,b:k}:u,c", w, 1);
	parse_ok(&s, "grp{a,b:k}:u,c");
	ck_assert_uint_eq(s.events[0].own_len, 1);
	ck_assert_uint_eq(s.events[1].own_len, 3);
	ck_assert_uint_eq(s.events[2].own_len, 1);
	/* The name is kept, for a check that it is no event; an unnamed group has none. */
	parse_ok(&s, "{d},g2{e}");
	ck_assert_int_eq(s.n_groups, 3);
	ck_assert_uint_eq(s.n_group_names, 2);
	ck_assert_str_eq(s.group_names[0], "grp");
	ck_assert_str_eq(s.group_names[1], "g2");
	spec_release(&s);
}
END_TEST

/* A group's modifier goes to every member; they share one group number. */
START_TEST(test_group_modifier)
{
	static const struct want w[] = { { "a:u", 0 }, { "b:u", 0 }, { NULL, 0 } };
	static const struct want plain[] = { { "a", 0 }, { "b", 0 }, { NULL, 0 } };
	static const struct want mixed[] = { { "x", NG }, { "cycles:u", 0 },
					     { "instructions:u", 0 }, { "y", NG },
					     { NULL, 0 } };
	static const struct want two[] = { { "a:k", 0 }, { "b", 1 }, { "c", 1 },
					   { NULL, 0 } };
	static const struct want one[] = { { "a:uk", 0 }, { NULL, 0 } };

	assert_parse("{a,b}:u", w, 1);
	assert_parse("{a,b}", plain, 1);
	assert_parse("x,{cycles,instructions}:u,y", mixed, 1);
	assert_parse("{a}:k,{b,c}", two, 2);
	assert_parse("{ a }:uk", one, 1);
}
END_TEST

/* A modifier followed by spaces before the next comma: the spaces are not part of it. */
START_TEST(test_group_modifier_then_space)
{
	static const struct want w[] = { { "a:u", 0 }, { "b:u", 0 }, { "c", NG }, { NULL, 0 } };

	assert_parse("{a,b}:u , c", w, 1);
}
END_TEST

/* A modifier is letters after ':'; a stray '}' after it is an unbalanced brace, not part of
 * the modifier (the exact message is the parser's to choose). */
START_TEST(test_brace_after_modifier)
{
	struct spec s = { 0 };
	struct hp_err err = { .msg = "" };

	ck_assert_msg(spec_parse(&s, "{a,b}:u}", &err) == -1, "'{a,b}:u}' was accepted as "
		      "'%s'", s.n_events ? s.events[0].name : "");
	ck_assert_uint_eq(s.n_events, 0);
	spec_release(&s);
}
END_TEST

/* Group numbers continue across calls that append to one spec (one call per -e). */
START_TEST(test_groups_across_calls)
{
	static const struct want w[] = { { "a", 0 }, { "b", 0 }, { "c", NG }, { "d:u", 1 },
					 { "e:u", 1 }, { "f", 2 }, { NULL, 0 } };
	struct spec s = { 0 };

	parse_ok(&s, "{a,b}");
	parse_ok(&s, "c");
	parse_ok(&s, "{d,e}:u");
	parse_ok(&s, "{f}");
	assert_events(&s, w, 3);
	spec_release(&s);
	ck_assert_ptr_null(s.events);
	ck_assert_uint_eq(s.n_events, 0);
	ck_assert_int_eq(s.n_groups, 0);
}
END_TEST

/* Commas between the slashes of a sysfs event belong to it. */
START_TEST(test_sysfs_terms)
{
	static const struct want w[] = { { "pmu/a=1,b=2/", NG }, { NULL, 0 } };
	static const struct want w2[] = { { "cpu/event=0x3c,umask=0/", NG }, { "c", NG },
					  { NULL, 0 } };
	static const struct want g[] = { { "x", NG }, { "pmu/a=1,b=2/:u", 0 }, { "d:u", 0 },
					 { NULL, 0 } };

	assert_parse("pmu/a=1,b=2/", w, 0);
	assert_parse("cpu/event=0x3c,umask=0/,c", w2, 0);
	assert_parse("x,{pmu/a=1,b=2/,d}:u", g, 1);
}
END_TEST

/* "@name" is a preset reference: kept without the '@', outside any group, mixable. */
START_TEST(test_preset)
{
	static const struct want one[] = { { "@cache", NG }, { NULL, 0 } };
	static const struct want mixed[] = { { "@cache", NG }, { "task-clock", NG }, { NULL, 0 } };
	static const struct want all[] = { { "a", 0 }, { "b", 0 }, { "@my_set-2", NG },
					   { "@IPC", NG }, { "c:u", 1 }, { "@cache", NG },
					   { NULL, 0 } };
	char longest[2 + SPEC_PRESET_NAME_MAX];
	struct want w[] = { { longest, NG }, { NULL, 0 } };

	assert_parse("@cache", one, 0);
	assert_parse(" @cache ", one, 0);
	assert_parse("@cache,task-clock", mixed, 0);
	assert_parse("{a,b}, @my_set-2,@IPC ,{c}:u,@cache", all, 2);
	longest[0] = '@';
	memset(longest + 1, 'x', SPEC_PRESET_NAME_MAX);
	longest[1 + SPEC_PRESET_NAME_MAX] = '\0';
	assert_parse(longest, w, 0);
}
END_TEST

START_TEST(test_preset_errors)
{
	char too_long[3 + SPEC_PRESET_NAME_MAX], message[256];

	assert_error("@", "bad preset name '@' at column 1 of event list '@': use 1 to 64 "
			  "letters, digits, '_' or '-' after the '@'");
	assert_error("a,@ca.che", "bad preset name '@ca.che' at column 3 of event list "
				  "'a,@ca.che': use 1 to 64 letters, digits, '_' or '-' after "
				  "the '@'");
	assert_error("@../etc", "bad preset name '@../etc' at column 1 of event list '@../etc': "
				"use 1 to 64 letters, digits, '_' or '-' after the '@'");
	assert_error("@a b", "bad preset name '@a b' at column 1 of event list '@a b': use 1 to "
			     "64 letters, digits, '_' or '-' after the '@'");
	assert_error("@@x", "bad preset name '@@x' at column 1 of event list '@@x': use 1 to 64 "
			    "letters, digits, '_' or '-' after the '@'");
	assert_error("@cache:u", "a modifier cannot follow preset '@cache' at column 7 of event "
				 "list '@cache:u'; write modifiers in the preset's events");
	assert_error("{a,@cache}", "preset '@cache' inside a group at column 4 of event list "
				   "'{a,@cache}'; a preset brings its own groups, so name it "
				   "outside the braces");
	assert_error("{@cache}:u", "preset '@cache' inside a group at column 2 of event list "
				   "'{@cache}:u'; a preset brings its own groups, so name it "
				   "outside the braces");
	assert_error("@cache}", "'}' without a matching '{' at column 7 of event list '@cache}'");
	too_long[0] = '@';
	memset(too_long + 1, 'x', SPEC_PRESET_NAME_MAX + 1);
	too_long[2 + SPEC_PRESET_NAME_MAX] = '\0';
	snprintf(message, sizeof(message), "bad preset name '%s' at column 1 of event list "
		 "'%.60s...': use 1 to 64 letters, digits, '_' or '-' after the '@'", too_long,
		 too_long);
	assert_error(too_long, message);
}
END_TEST

START_TEST(test_preset_name_ok)
{
	ck_assert(spec_preset_name_ok("cache"));
	ck_assert(spec_preset_name_ok("A-b_9"));
	ck_assert(!spec_preset_name_ok(""));
	ck_assert(!spec_preset_name_ok("a.b"));
	ck_assert(!spec_preset_name_ok("a/b"));
	ck_assert(!spec_preset_name_ok("@a"));
	ck_assert(!spec_preset_name_ok("a:u"));
}
END_TEST

/* --- spec_splice --- */

static void splice_ok(const char *into, size_t at, const char *insert, const struct want *want,
		      int n_groups)
{
	struct spec s = { 0 }, ins = { 0 };
	struct hp_err err = { .msg = "" };

	parse_ok(&s, into);
	parse_ok(&ins, insert);
	ck_assert_msg(spec_splice(&s, at, &ins, &err) == 0, "%s", err.msg);
	assert_events(&s, want, n_groups);
	/* insert is copied, not moved */
	ck_assert_str_eq(ins.events[0].name, want[at].name + (want[at].name[0] == '@'));
	spec_release(&ins);
	spec_release(&s);
}

/* The inserted groups keep their members together; all groups end up numbered 0.. in order of
 * first appearance. */
START_TEST(test_splice)
{
	static const struct want middle[] = { { "a", 0 }, { "b", 0 }, { "x", NG }, { "c", 1 },
					      { "d", 1 }, { "y", 2 }, { "z", 2 }, { "e", 3 },
					      { NULL, 0 } };
	static const struct want first[] = { { "c", 0 }, { "d", 0 }, { "x", NG }, { "a", 1 },
					     { "b", 1 }, { NULL, 0 } };
	static const struct want last[] = { { "x", NG }, { "p", NG }, { NULL, 0 } };
	static const struct want only[] = { { "c:u", 0 }, { "d:u", 0 }, { "@q", NG },
					    { NULL, 0 } };

	splice_ok("{a,b},@p,{e}", 2, "x,{c,d},{y,z}", middle, 4);
	splice_ok("@p,{a,b}", 0, "{c,d},x", first, 2);
	splice_ok("x,@p", 1, "p", last, 0);
	splice_ok("@p", 0, "{c,d}:u,@q", only, 1);
}
END_TEST

/* A preset's group names come along with its events, so that one that is an event is
 * refused there too. */
START_TEST(test_splice_keeps_group_names)
{
	struct spec s = { 0 }, ins = { 0 };
	struct hp_err err = { .msg = "" };

	parse_ok(&s, "g1{a},@p");
	parse_ok(&ins, "x,g2{c,d}");
	ck_assert_int_eq(spec_splice(&s, 1, &ins, &err), 0);
	ck_assert_uint_eq(s.n_group_names, 2);
	ck_assert_str_eq(s.group_names[0], "g1");
	ck_assert_str_eq(s.group_names[1], "g2");
	spec_release(&ins);
	spec_release(&s);
}
END_TEST

START_TEST(test_splice_errors)
{
	static const struct want kept[] = { { "a", NG }, { NULL, 0 } };
	struct spec s = { 0 }, ins = { 0 }, empty = { 0 };
	struct hp_err err = { .msg = "" };

	parse_ok(&s, "a");
	parse_ok(&ins, "b");
	ck_assert_int_eq(spec_splice(&s, 1, &ins, &err), -1);
	ck_assert_str_eq(err.msg, "event 1 of a list of 1 to replace");
	assert_events(&s, kept, 0);
	/* an empty insert removes the reference */
	ck_assert_int_eq(spec_splice(&s, 0, &empty, &err), 0);
	ck_assert_uint_eq(s.n_events, 0);
	spec_release(&ins);
	spec_release(&s);
}
END_TEST

START_TEST(test_errors)
{
	char big[1101], message[256];

	assert_error("", "empty event list: name at least one event, e.g. '-e cycles'");
	assert_error("   ", "empty event list: name at least one event, e.g. '-e cycles'");
	assert_error(",,", "empty event name at column 1 of event list ',,'");
	assert_error("a,", "empty event name at column 3 of event list 'a,'");
	assert_error("a,,b", "empty event name at column 3 of event list 'a,,b'");
	assert_error("{a,{b}}", "'{' inside a group at column 4 of event list "
				"'{a,{b}}'; groups cannot be nested");
	assert_error("a:u{b}", "'{' after 'a:u' at column 4 of event list 'a:u{b}'; a group's "
			       "name (perf's name{a,b}) has only letters, digits, '_', '-' and '.': "
			       "put a ',' before '{' to start a group");
	assert_error("a {b}", "'{' after 'a' at column 3 of event list 'a {b}'; a group's name "
			      "(perf's name{a,b}) has only letters, digits, '_', '-' and '.': put a "
			      "',' before '{' to start a group");
	assert_error("x,{a,b", "missing '}' to close the group opened at column 3 of event list "
			       "'x,{a,b'");
	assert_error("a}", "'}' without a matching '{' at column 2 of event list 'a}'");
	assert_error("{}", "empty event name at column 2 of event list '{}'");
	assert_error("{a,}", "empty event name at column 4 of event list '{a,}'");
	assert_error("{a,b}:", "bad modifier after '}' at column 6 of event list '{a,b}:'");
	assert_error("{a,b}x", "expected ',' at column 6 of event list '{a,b}x'");
	/* a name too long for the scanner */
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	snprintf(message, sizeof(message), "event name longer than 1023 characters at column 1 "
		 "of event list '%.60s...'", big);
	assert_error(big, message);
	/* control bytes are shown as '?' */
	assert_error("a,\t,\001", "empty event name at column 4 of event list 'a,?,?'");
}
END_TEST

/* An unclosed "pmu/" does not swallow the rest of the list into one name. Left open at the
 * very end it swallows nothing: it is one name, for the event resolver to call malformed. */
START_TEST(test_unbalanced_slash)
{
	static const struct want open_end[] = { { "cycles", NG }, { "msr/tsc", NG },
						{ NULL, 0 } };
	char text[128], message[256];

	assert_parse("cycles,msr/tsc", open_end, 0);

	assert_error("msr/tsc,cycles", "missing '/' to close 'msr/...' at column 4 of event "
				       "list 'msr/tsc,cycles'");
	assert_error("cycles, cpu/event=1,umask=2", "missing '/' to close 'cpu/...' at column 12 "
						    "of event list 'cycles, cpu/event=1,umask=2'");
	assert_error("{a,msr/tsc}:u,b", "missing '/' to close 'msr/...' at column 7 of event "
					"list '{a,msr/tsc}:u,b'");
	assert_error("/x,y", "missing '/' to close '/...' at column 1 of event list '/x,y'");
	/* a long name before the open slash is quoted by its end */
	memset(text, 'p', 100);
	strcpy(text + 100, "/x,y");
	snprintf(message, sizeof(message), "missing '/' to close '...%.72s...' at column 101 of "
		 "event list '...%s'", text + 29, text + 44);
	assert_error(text, message);
	/* in a preset reference a slash is no pmu's: the name is bad, and ends at the ',' */
	assert_error("@../etc,cycles", "bad preset name '@../etc' at column 1 of event list "
				       "'@../etc,cycles': use 1 to 64 letters, digits, '_' or '-' "
				       "after the '@'");
}
END_TEST

/* Names e000,e001,... into text, with name number `empty` left empty (none: -1). */
static void long_list(char *text, const char *open, size_t n, long empty)
{
	char *p = text + sprintf(text, "%s", open);
	size_t i;

	for (i = 0; i < n; i++) {
		if (i)
			*p++ = ',';
		if ((long)i != empty)
			p += sprintf(p, "e%03zu", i);
	}
	*p = '\0';
}

/* Long lists: the diagnosis comes first, then at most 60 bytes of the list around the column
 * (a cut marked "..."), so the message is never cut short by its 512-byte buffer. */
START_TEST(test_errors_long_list)
{
	char text[600], message[sizeof(((struct hp_err *)0)->msg)];
	size_t len;

	/* "{e000,...,e095": 480 bytes and no '}' */
	long_list(text, "{", 96, -1);
	ck_assert_uint_eq(strlen(text), 480);
	snprintf(message, sizeof(message), "missing '}' to close the group opened at column 1 "
		 "of event list '%.60s...'", text);
	assert_error(text, message);

	/* an empty name in the middle, at column 241: 30 bytes before it, 30 from it */
	long_list(text, "", 96, 48);
	ck_assert_int_eq(text[239], ',');
	ck_assert_int_eq(text[240], ',');
	snprintf(message, sizeof(message), "empty event name at column 241 of event list "
		 "'...%.60s...'", text + 210);
	assert_error(text, message);

	/* an empty name at the very end: the list's last 60 bytes */
	long_list(text, "", 96, 95);
	len = strlen(text);
	snprintf(message, sizeof(message), "empty event name at column %zu of event list '...%s'",
		 len + 1, text + len - 60);
	assert_error(text, message);
}
END_TEST

/* A failed parse leaves what earlier calls built exactly as it was. */
START_TEST(test_failure_leaves_spec)
{
	static const struct want before[] = { { "a", 0 }, { "b", 0 }, { "c", NG },
					      { NULL, 0 } };
	static const struct want after[] = { { "a", 0 }, { "b", 0 }, { "c", NG }, { "d", 1 },
					     { NULL, 0 } };
	static const char *const bad[] = { "", ",,", "a,", "{a,{b}}", "{a,b", "a}",
					   "x,{y,z}:u,{w", "p,q,", NULL };
	struct spec s = { 0 };
	struct hp_err err;
	size_t i;

	parse_ok(&s, "{a,b},c");
	for (i = 0; bad[i]; i++) {
		ck_assert_msg(spec_parse(&s, bad[i], &err) == -1, "'%s' was accepted", bad[i]);
		assert_events(&s, before, 1);
	}
	/* and the next good list numbers its group as if nothing had failed */
	parse_ok(&s, "{d}");
	assert_events(&s, after, 2);
	spec_release(&s);
}
END_TEST

static Suite *spec_suite(void)
{
	Suite *s = suite_create("spec");
	TCase *ok = tcase_create("accepted");
	TCase *bad = tcase_create("rejected");

	tcase_add_test(ok, test_single);
	tcase_add_test(ok, test_list);
	tcase_add_test(ok, test_whitespace);
	tcase_add_test(ok, test_group_modifier);
	tcase_add_test(ok, test_named_group_and_own_len);
	tcase_add_test(ok, test_group_modifier_then_space);
	tcase_add_test(ok, test_groups_across_calls);
	tcase_add_test(ok, test_sysfs_terms);
	tcase_add_test(ok, test_preset);
	tcase_add_test(ok, test_preset_name_ok);
	tcase_add_test(ok, test_splice);
	tcase_add_test(ok, test_splice_keeps_group_names);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_errors);
	tcase_add_test(bad, test_unbalanced_slash);
	tcase_add_test(bad, test_errors_long_list);
	tcase_add_test(bad, test_brace_after_modifier);
	tcase_add_test(bad, test_failure_leaves_spec);
	tcase_add_test(bad, test_preset_errors);
	tcase_add_test(bad, test_splice_errors);
	suite_add_tcase(s, bad);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(spec_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
