/* err.c - formatting of the one error message a failing call leaves behind. */
#include <stdarg.h>
#include <stdio.h>

#include "err.h"

int err_set(struct hp_err *err, const char *fmt, ...)
{
	va_list ap;
	char *p;

	if (!err)
		return -1;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	/* A message is one line, even when it quotes a name or path holding a line break. */
	for (p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return -1;
}
