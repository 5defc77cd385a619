/* progs_args.h - the strict count parser the tests/progs programs share for their arguments. */
#ifndef HPSTAT_TEST_PROGS_ARGS_H
#define HPSTAT_TEST_PROGS_ARGS_H

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

/*
 * Reads s as a decimal count 0..max into *v: digits only, from the first character to the
 * last (no sign, no space, no hex), no overflow. Returns false, leaving *v alone, for
 * anything else, so that a mistyped test argument ends in the program's usage message
 * instead of a count the test did not mean.
 */
static inline bool progs_parse_count(const char *s, unsigned long max, unsigned long *v)
{
	unsigned long n;
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || n > max)
		return false;
	*v = n;
	return true;
}

#endif
