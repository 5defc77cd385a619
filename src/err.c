/* err.c - formatting of the one error message a failing call leaves behind. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

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

void err_excerpt(char *buf, size_t cap, const char *s, size_t len, size_t from, size_t to)
{
	size_t lead = from > 0 ? 3 : 0, n = to - from, i;

	if (lead + n + 4 > cap) /* leave room for a trailing "..." and the NUL */
		n = cap - lead - 4;
	if (lead)
		memcpy(buf, "...", 3);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[from + i];

		buf[lead + i] = c < 0x20 || c >= 0x7f ? '?' : (char)c;
	}
	if (from + n < len) {
		memcpy(buf + lead + n, "...", 3);
		n += 3;
	}
	buf[lead + n] = '\0';
}
