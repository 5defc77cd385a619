/* err.c - formatting of the one error message a failing call leaves behind. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

int err_set(struct hp_err *err, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}
