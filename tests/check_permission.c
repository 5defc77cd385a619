/* check_permission.c - Check tests for the explanations of refused counters
 * (src/permission.c): each fact set and errno gives its cause and fix, word for word. */
#include <check.h>
#include <errno.h>
#include <stdlib.h>

#include "permission.h"

static void assert_event(struct permission_facts f, int errnum, const char *want)
{
	struct hp_err err = { "" };

	ck_assert_int_eq(permission_explain_event(&f, "cycles", errnum, &err), -1);
	ck_assert_str_eq(err.msg, want);
}

static void assert_cpu(struct permission_facts f, int errnum, const char *want)
{
	struct hp_err err = { "" };

	ck_assert_int_eq(permission_explain_cpu(&f, 3, errnum, &err), -1);
	ck_assert_str_eq(err.msg, want);
}

START_TEST(test_paranoid_levels)
{
	assert_event((struct permission_facts){ .paranoid = 2 }, EACCES,
		     "no permission to count 'cycles' (perf_event_paranoid is 2, which allows "
		     "user mode only): run as root, give hpstat CAP_PERFMON ('make install-caps'), "
		     "or lower the level with 'sysctl kernel.perf_event_paranoid=1'");
	assert_event((struct permission_facts){ .paranoid = 4 }, EACCES,
		     "no permission to count 'cycles' (perf_event_paranoid is 4, which forbids "
		     "counting to users): run as root, give hpstat CAP_PERFMON ('make "
		     "install-caps'), or lower the level with 'sysctl kernel.perf_event_paranoid=2'");
	assert_event((struct permission_facts){ .paranoid = 1 }, EACCES,
		     "no permission to count 'cycles' (perf_event_paranoid is 1, which allows your "
		     "own processes only): run as root, give hpstat CAP_PERFMON ('make "
		     "install-caps'), or lower the level with 'sysctl kernel.perf_event_paranoid=-1'");
}
END_TEST

/* Held CAP_PERFMON: the level is no longer the reason, something else is. */
START_TEST(test_capability_held)
{
	assert_event((struct permission_facts){ .paranoid = 2, .perfmon = true }, EACCES,
		     "no permission to count 'cycles' (Permission denied) although hpstat holds "
		     "CAP_PERFMON: a security module (SELinux, lockdown) may forbid it");
	assert_cpu((struct permission_facts){ .paranoid = 2, .perfmon = true }, EPERM,
		   "no permission to count CPU 3 (Operation not permitted) although hpstat holds "
		   "CAP_PERFMON: a security module (SELinux, lockdown) may forbid it");
}
END_TEST

/* The function tracer's records are refused to everyone: no advice about privileges. */
START_TEST(test_ftrace_records)
{
	struct hp_err err = { "" };

	ck_assert_int_eq(permission_explain_event(&(struct permission_facts){ .perfmon = true },
						  "ftrace:function", EPERM, &err), -1);
	ck_assert_str_eq(err.msg, "cannot count 'ftrace:function': the ftrace subsystem's records "
			 "are the function tracer's own, which perf_event_open does not count");
}
END_TEST

/* EPERM under a seccomp filter names the filter, whatever the level or capability. */
START_TEST(test_seccomp)
{
	const char *want = "no permission to count 'cycles': hpstat runs under a seccomp filter "
			   "(a container?) that may forbid perf_event_open; allow it in the "
			   "container's profile (e.g. docker --security-opt seccomp=...), or run "
			   "hpstat outside";

	assert_event((struct permission_facts){ .paranoid = 2, .seccomp_filter = true }, EPERM,
		     want);
	assert_event((struct permission_facts){ .paranoid = -1, .perfmon = true,
						.seccomp_filter = true }, EPERM, want);
	/* EACCES is the kernel's own refusal, not seccomp's errno: the level explains it */
	assert_event((struct permission_facts){ .paranoid = 2, .seccomp_filter = true }, EACCES,
		     "no permission to count 'cycles' (perf_event_paranoid is 2, which allows "
		     "user mode only): run as root, give hpstat CAP_PERFMON ('make install-caps'), "
		     "or lower the level with 'sysctl kernel.perf_event_paranoid=1'");
}
END_TEST

START_TEST(test_whole_cpu)
{
	assert_cpu((struct permission_facts){ .paranoid = 1 }, EACCES,
		   "no permission to count CPU 3 (perf_event_paranoid is 1): whole CPUs need root, "
		   "CAP_PERFMON ('make install-caps'), or 'sysctl kernel.perf_event_paranoid=0'");
}
END_TEST

static void assert_task(struct permission_facts f, int errnum, const char *want)
{
	struct hp_err err = { "" };

	ck_assert_int_eq(permission_explain_task(&f, "process 12", errnum, &err), -1);
	ck_assert_str_eq(err.msg, want);
}

/* -p and -t: another user's process needs root at every level below 3, so the level is no
 * advice there; at 3 and above it may be the reason even for one's own. */
START_TEST(test_task)
{
	const char *others = "cannot count process 12: not allowed (Permission denied): it is "
			     "another user's, or runs a set-user-ID program, and only root may "
			     "count those (no perf_event_paranoid level allows it)";

	assert_task((struct permission_facts){ .paranoid = 2 }, EACCES, others);
	assert_task((struct permission_facts){ .paranoid = -1 }, EACCES, others);
	assert_task((struct permission_facts){ .paranoid = 3 }, EACCES,
		    "cannot count process 12: not allowed (Permission denied): "
		    "perf_event_paranoid is 3, which may forbid counting to users, and another "
		    "user's process or a set-user-ID program needs root at any level; run as "
		    "root, or count your own at 'sysctl kernel.perf_event_paranoid=2'");
	assert_task((struct permission_facts){ .paranoid = 2, .perfmon = true }, EACCES,
		    "cannot count process 12: not allowed (Permission denied): this user may not "
		    "inspect it, and hpstat's CAP_PERFMON is for kernel events, not for other "
		    "users' processes");
	assert_task((struct permission_facts){ .paranoid = 2, .seccomp_filter = true }, EPERM,
		    "no permission to count process 12: hpstat runs under a seccomp filter (a "
		    "container?) that may forbid perf_event_open; allow it in the container's "
		    "profile (e.g. docker --security-opt seccomp=...), or run hpstat outside");
}
END_TEST

static Suite *permission_suite(void)
{
	Suite *s = suite_create("permission");
	TCase *tc = tcase_create("explanations");

	tcase_add_test(tc, test_paranoid_levels);
	tcase_add_test(tc, test_capability_held);
	tcase_add_test(tc, test_ftrace_records);
	tcase_add_test(tc, test_seccomp);
	tcase_add_test(tc, test_whole_cpu);
	tcase_add_test(tc, test_task);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(permission_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
