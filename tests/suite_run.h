/* suite_run.h - the end of every Check program's main(): run the suite, exit with the verdict. */
#ifndef HPSTAT_SUITE_RUN_H
#define HPSTAT_SUITE_RUN_H

#include <check.h>
#include <stdlib.h>

static inline int suite_run(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
