/* check_cpus.c - Check unit tests for CPU lists and the sysfs CPU facts (src/cpus.c). */
/*
 * Lists are parsed from strings with their sets worked out by hand; the online list and the
 * topology are read from a fake sysfs tree built in a fresh temporary directory per test.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpus.h"
#include "fake_tree.h"

#define HINT "; write CPUs as in '0,2-3'"

static char root[64];

static void setup(void)
{
	snprintf(root, sizeof(root), "/tmp/check_cpus.XXXXXX");
	ck_assert(mkdtemp(root) != NULL);
}

static void teardown(void)
{
	fake_tree_remove(root);
}

/* Checks list against the n CPUs that follow. */
static void assert_cpus(const char *what, const struct cpu_list *list, size_t n, ...)
{
	va_list ap;
	size_t i;

	ck_assert_msg(list->n == n, "%s: %zu CPUs, want %zu", what, list->n, n);
	va_start(ap, n);
	for (i = 0; i < n; i++) {
		int want = va_arg(ap, int);

		ck_assert_msg(list->cpus[i] == want, "%s: CPU %zu is %d, want %d", what, i,
			      list->cpus[i], want);
	}
	va_end(ap);
}

static struct cpu_list parse_ok(const char *text)
{
	struct hp_err err = { "" };
	struct cpu_list list;

	ck_assert_msg(cpu_list_parse(&list, text, &err) == 0, "'%s': %s", text, err.msg);
	return list;
}

/* Parsing text fails with exactly the message want, and leaves the list empty. */
static void parse_fails(const char *text, const char *want)
{
	struct hp_err err = { "" };
	struct cpu_list list = { (int *)&err, 99 }; /* overwritten, even on failure */

	ck_assert_msg(cpu_list_parse(&list, text, &err) == -1, "'%s' parsed", text);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(list.cpus);
	ck_assert_uint_eq(list.n, 0);
}

START_TEST(test_parse_lists)
{
	struct cpu_list l;

	l = parse_ok("0");
	assert_cpus("0", &l, 1, 0);
	cpu_list_release(&l);
	ck_assert_ptr_null(l.cpus);
	ck_assert_uint_eq(l.n, 0);
	l = parse_ok("0,2-3");
	assert_cpus("0,2-3", &l, 3, 0, 2, 3);
	cpu_list_release(&l);
	l = parse_ok("3,1-2,2"); /* out of order, overlapping: merged and sorted */
	assert_cpus("3,1-2,2", &l, 3, 1, 2, 3);
	cpu_list_release(&l);
	l = parse_ok("0-3\n"); /* as sysfs writes it */
	assert_cpus("0-3\\n", &l, 4, 0, 1, 2, 3);
	cpu_list_release(&l);
	l = parse_ok("0-3,8-11");
	assert_cpus("0-3,8-11", &l, 8, 0, 1, 2, 3, 8, 9, 10, 11);
	cpu_list_release(&l);
	l = parse_ok("2-4,0-3 \t\r\n");
	assert_cpus("2-4,0-3", &l, 5, 0, 1, 2, 3, 4);
	cpu_list_release(&l);
	l = parse_ok("5-5,5,5");
	assert_cpus("5-5,5,5", &l, 1, 5);
	cpu_list_release(&l);
	l = parse_ok("007,010"); /* decimal, leading zeros and all */
	assert_cpus("007,010", &l, 2, 7, 10);
	cpu_list_release(&l);
	l = parse_ok("8191,0");
	assert_cpus("8191,0", &l, 2, 0, 8191);
	cpu_list_release(&l);
	/* Ranges that start, end and cross on 64-CPU boundaries. */
	l = parse_ok("63-64,127,128,191-193");
	assert_cpus("63-64,...", &l, 7, 63, 64, 127, 128, 191, 192, 193);
	cpu_list_release(&l);
}
END_TEST

START_TEST(test_parse_whole_range)
{
	struct cpu_list l = parse_ok("4096-8191,0-4095,100");
	size_t i;

	ck_assert_uint_eq(l.n, CPUS_MAX);
	for (i = 0; i < l.n; i++)
		ck_assert_int_eq(l.cpus[i], (int)i);
	cpu_list_release(&l);
	l = parse_ok("64-127");
	ck_assert_uint_eq(l.n, 64);
	ck_assert_int_eq(l.cpus[0], 64);
	ck_assert_int_eq(l.cpus[63], 127);
	cpu_list_release(&l);
}
END_TEST

START_TEST(test_parse_refused)
{
	parse_fails("", "empty CPU list" HINT);
	parse_fails(" \n", "empty CPU list" HINT);
	parse_fails("a", "bad CPU list 'a': 'a' is not a CPU number" HINT);
	parse_fails("0,x", "bad CPU list '0,x': 'x' is not a CPU number" HINT);
	parse_fails("0,x\n", "bad CPU list '0,x': 'x' is not a CPU number" HINT);
	parse_fails("1,,2", "bad CPU list '1,,2': two commas in a row" HINT);
	parse_fails(",1", "bad CPU list ',1': it starts with a comma" HINT);
	parse_fails(",", "bad CPU list ',': it starts with a comma" HINT);
	parse_fails("1,", "bad CPU list '1,': it ends with a comma" HINT);
	parse_fails("1,\n", "bad CPU list '1,': it ends with a comma" HINT);
	parse_fails("-1", "bad CPU list '-1': '-1' is not a CPU number" HINT);
	parse_fails("+1", "bad CPU list '+1': '+1' is not a CPU number" HINT);
	parse_fails("0x1", "bad CPU list '0x1': '0x1' is not a CPU number" HINT);
	parse_fails("1-", "bad CPU list '1-': '1-' is not a CPU range" HINT);
	parse_fails("0,1-2-3", "bad CPU list '0,1-2-3': '1-2-3' is not a CPU range" HINT);
	parse_fails("1--2", "bad CPU list '1--2': '1--2' is not a CPU range" HINT);
	parse_fails("2-x", "bad CPU list '2-x': '2-x' is not a CPU range" HINT);
	parse_fails("1-0", "bad CPU list '1-0': the range 1-0 runs backwards; write it as 0-1");
	parse_fails("0,12-03",
		    "bad CPU list '0,12-03': the range 12-3 runs backwards; write it as 3-12");
	/* Blanks only at the end; a line break inside is shown as '?', the message one line. */
	parse_fails(" 1", "bad CPU list ' 1': ' 1' is not a CPU number" HINT);
	parse_fails("0, 1", "bad CPU list '0, 1': ' 1' is not a CPU number" HINT);
	parse_fails("0 ,1", "bad CPU list '0 ,1': '0 ' is not a CPU number" HINT);
	parse_fails("1\n2", "bad CPU list '1?2': '1?2' is not a CPU number" HINT);
	parse_fails("8192",
		    "bad CPU list '8192': CPU 8192 is past 8191, the highest CPU number hpstat "
		    "handles");
	parse_fails("0-99999999999999999999",
		    "bad CPU list '0-99999999999999999999': CPU 99999999999999999999 is past "
		    "8191, the highest CPU number hpstat handles");
	parse_fails("9000-1",
		    "bad CPU list '9000-1': CPU 9000 is past 8191, the highest CPU number hpstat "
		    "handles");
}
END_TEST

/* A long list is quoted cut short; the bad part still shows whole. */
START_TEST(test_parse_long_refused)
{
	char text[400];
	struct hp_err err = { "" };
	struct cpu_list l;
	size_t i;

	text[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(text, "1,");
	strcat(text, "x");
	ck_assert_int_eq(cpu_list_parse(&l, text, &err), -1);
	/* The first 60 characters, thirty "1,", then "...". */
	ck_assert_str_eq(err.msg, "bad CPU list '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,"
				  "1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,...': 'x' is not a CPU number" HINT);
}
END_TEST

START_TEST(test_online_read)
{
	struct hp_err err = { "" };
	struct cpu_list l;

	fake_tree_put(root, "devices/system/cpu/online", "0-3,6\n");
	ck_assert_msg(cpu_list_online(&l, root, &err) == 0, "%s", err.msg);
	assert_cpus("online", &l, 5, 0, 1, 2, 3, 6);
	cpu_list_release(&l);
}
END_TEST

/* The longest online file a CPUS_MAX machine can write (every other CPU) fits. */
START_TEST(test_online_every_other)
{
	static char text[24 * 1024];
	struct hp_err err = { "" };
	struct cpu_list l;
	size_t len = 0, i;

	for (i = 0; i < CPUS_MAX; i += 2)
		len += (size_t)snprintf(text + len, sizeof(text) - len, "%s%zu", i ? "," : "", i);
	text[len++] = '\n';
	text[len] = '\0';
	fake_tree_put(root, "devices/system/cpu/online", text);
	ck_assert_msg(cpu_list_online(&l, root, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n, CPUS_MAX / 2);
	for (i = 0; i < l.n; i++)
		ck_assert_int_eq(l.cpus[i], (int)(2 * i));
	cpu_list_release(&l);
}
END_TEST

/* Reading the online CPUs fails with exactly before, the online file's path, after. */
static void online_fails(const char *before, const char *after)
{
	char want[512];
	struct hp_err err = { "" };
	struct cpu_list l = { (int *)&err, 99 };

	snprintf(want, sizeof(want), "%s%s/devices/system/cpu/online%s", before, root, after);
	ck_assert_int_eq(cpu_list_online(&l, root, &err), -1);
	ck_assert_str_eq(err.msg, want);
	ck_assert_ptr_null(l.cpus);
	ck_assert_uint_eq(l.n, 0);
}

START_TEST(test_online_refused)
{
	static char huge[70 * 1024];

	online_fails("cannot read the online CPUs from '", "': No such file or directory");
	fake_tree_put(root, "devices/system/cpu/online", "0-3,x\n");
	online_fails("cannot read the online CPUs: '", "' holds '0-3,x', not a list of CPUs");
	fake_tree_put(root, "devices/system/cpu/online", "\n");
	online_fails("cannot read the online CPUs: '", "' holds '', not a list of CPUs");
	fake_tree_put(root, "devices/system/cpu/online", "0-8192\n");
	online_fails("cannot read the online CPUs: '", "' holds '0-8192', not a list of CPUs");
	memset(huge, '0', sizeof(huge) - 1);
	fake_tree_put(root, "devices/system/cpu/online", huge);
	online_fails("cannot read the online CPUs from '", "': File too large");
}
END_TEST

START_TEST(test_keep_online)
{
	struct cpu_list online = parse_ok("0-3,6"), l, none = { NULL, 0 };

	l = parse_ok("0,2-3,5,7");
	ck_assert_uint_eq(cpu_list_keep_online(&l, &online), 2);
	assert_cpus("0,2-3,5,7", &l, 3, 0, 2, 3);
	cpu_list_release(&l);

	l = parse_ok("1,6");
	ck_assert_uint_eq(cpu_list_keep_online(&l, &online), 0);
	assert_cpus("1,6", &l, 2, 1, 6);
	cpu_list_release(&l);

	l = parse_ok("4-5,7-100");
	ck_assert_uint_eq(cpu_list_keep_online(&l, &online), 96);
	ck_assert_uint_eq(l.n, 0);
	cpu_list_release(&l);

	l = parse_ok("0-1");
	ck_assert_uint_eq(cpu_list_keep_online(&l, &none), 2);
	ck_assert_uint_eq(l.n, 0);
	cpu_list_release(&l);

	ck_assert_uint_eq(cpu_list_keep_online(&none, &online), 0);
	cpu_list_release(&online);
}
END_TEST

/* The online CPUs from sysfs, then the user's list cut down to them. */
START_TEST(test_keep_online_from_sysfs)
{
	struct hp_err err = { "" };
	struct cpu_list online, l = parse_ok("0-7");

	fake_tree_put(root, "devices/system/cpu/online", "0,2-3\n");
	ck_assert_msg(cpu_list_online(&online, root, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(cpu_list_keep_online(&l, &online), 5);
	assert_cpus("0-7", &l, 3, 0, 2, 3);
	cpu_list_release(&l);
	cpu_list_release(&online);
}
END_TEST

static void assert_topology(int cpu, int socket, int die, int core)
{
	struct cpu_topology t = { 7, 7, 7 };

	cpu_topology_read(root, cpu, &t);
	ck_assert_msg(t.socket == socket && t.die == die && t.core == core,
		      "cpu%d: socket %d die %d core %d, want %d %d %d", cpu, t.socket, t.die,
		      t.core, socket, die, core);
}

START_TEST(test_topology)
{
	/* Two sockets of two cores, no die_id (a kernel before 5.2, or an arm64 one). */
	static const struct {
		const char *cpu, *package, *core;
	} cpus[] = {
		{ "cpu0", "0\n", "0\n" },
		{ "cpu1", "0\n", "1\n" },
		{ "cpu2", "1\n", "0\n" },
		{ "cpu3", "1\n", "1\n" },
	};
	char rel[128];
	size_t i;

	for (i = 0; i < sizeof(cpus) / sizeof(cpus[0]); i++) {
		snprintf(rel, sizeof(rel), "devices/system/cpu/%s/topology/physical_package_id",
			 cpus[i].cpu);
		fake_tree_put(root, rel, cpus[i].package);
		snprintf(rel, sizeof(rel), "devices/system/cpu/%s/topology/core_id", cpus[i].cpu);
		fake_tree_put(root, rel, cpus[i].core);
	}
	assert_topology(0, 0, -1, 0);
	assert_topology(1, 0, -1, 1);
	assert_topology(2, 1, -1, 0);
	assert_topology(3, 1, -1, 1);
	/* A die where there is one; a value without its newline. */
	fake_tree_put(root, "devices/system/cpu/cpu3/topology/die_id", "2");
	assert_topology(3, 1, 2, 1);
	/* No such CPU, or one out of range: nothing known. */
	assert_topology(4, -1, -1, -1);
	assert_topology(-1, -1, -1, -1);
	assert_topology(CPUS_MAX, -1, -1, -1);
	/* What is not a non-negative number is not known either. */
	fake_tree_put(root, "devices/system/cpu/cpu5/topology/physical_package_id", "-1\n");
	fake_tree_put(root, "devices/system/cpu/cpu5/topology/die_id", "12abc\n");
	fake_tree_put(root, "devices/system/cpu/cpu5/topology/core_id", "\n");
	assert_topology(5, -1, -1, -1);
	fake_tree_put(root, "devices/system/cpu/cpu6/topology/physical_package_id",
		      "99999999999\n");
	fake_tree_put(root, "devices/system/cpu/cpu6/topology/core_id", "2147483647\n");
	assert_topology(6, -1, -1, 2147483647);
}
END_TEST

static Suite *cpus_suite(void)
{
	Suite *s = suite_create("cpus");
	TCase *parse = tcase_create("parse"), *sysfs = tcase_create("sysfs");

	tcase_add_test(parse, test_parse_lists);
	tcase_add_test(parse, test_parse_whole_range);
	tcase_add_test(parse, test_parse_refused);
	tcase_add_test(parse, test_parse_long_refused);
	tcase_add_test(parse, test_keep_online);
	suite_add_tcase(s, parse);
	tcase_add_checked_fixture(sysfs, setup, teardown);
	tcase_add_test(sysfs, test_online_read);
	tcase_add_test(sysfs, test_online_every_other);
	tcase_add_test(sysfs, test_online_refused);
	tcase_add_test(sysfs, test_keep_online_from_sysfs);
	tcase_add_test(sysfs, test_topology);
	suite_add_tcase(s, sysfs);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cpus_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
