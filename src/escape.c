/* escape.c - JSON strings and Prometheus label values with UTF-8 validation, RFC 4180
 * quoting, text for a terminal. */
#include <stdbool.h>
#include <string.h>

#include "escape.h"

/* Length of the well-formed UTF-8 sequence at s, 0 when it is not one (a stray continuation
 * byte, an overlong form, a surrogate, a code point past U+10FFFF, a sequence cut short). The
 * string ends in NUL, which no continuation test accepts, so no read passes the end. */
static size_t utf8_length(const unsigned char *s)
{
	unsigned char lo = 0x80, hi = 0xbf;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		return (s[1] & 0xc0) == 0x80 ? 2 : 0;
	if (s[0] >= 0xe0 && s[0] <= 0xef) {
		if (s[0] == 0xe0)
			lo = 0xa0; /* below: overlong */
		else if (s[0] == 0xed)
			hi = 0x9f; /* above: UTF-16 surrogates */
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 ? 3 : 0;
	}
	if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		if (s[0] == 0xf0)
			lo = 0x90; /* below: overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* above: past U+10FFFF */
		return s[1] >= lo && s[1] <= hi && (s[2] & 0xc0) == 0x80 &&
			       (s[3] & 0xc0) == 0x80 ? 4 : 0;
	}
	return 0;
}

/* Writes text between double quotes, well-formed UTF-8 sequences whole: a byte that
 * escape() writes escaped (returning true) goes out so, a byte that begins no UTF-8 as
 * invalid. */
static void quoted_utf8(FILE *out, const char *text, bool (*escape)(FILE *out, unsigned char c),
			const char *invalid)
{
	const unsigned char *s = (const unsigned char *)text;

	fputc('"', out);
	while (*s) {
		size_t len = utf8_length(s);

		if (escape(out, *s)) {
			s++;
		} else if (len == 0) {
			fputs(invalid, out);
			s++;
		} else {
			fwrite(s, 1, len, out);
			s += len;
		}
	}
	fputc('"', out);
}

/* JSON: a backslash before the quote and the backslash, control bytes as \u00XX. */
static bool json_escape(FILE *out, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(out, "\\%c", c);
	else if (c < 0x20 || c == 0x7f)
		fprintf(out, "\\u%04x", c);
	else
		return false;
	return true;
}

void escape_json_string(FILE *out, const char *text)
{
	if (!text)
		fputs("null", out);
	else
		quoted_utf8(out, text, json_escape, "\\ufffd");
}

/* Prometheus and OpenMetrics: the quote, the backslash and the line feed, nothing else. */
static bool label_escape(FILE *out, unsigned char c)
{
	if (c == '"' || c == '\\')
		fprintf(out, "\\%c", c);
	else if (c == '\n')
		fputs("\\n", out);
	else
		return false;
	return true;
}

void escape_label_value(FILE *out, const char *text)
{
	quoted_utf8(out, text ? text : "", label_escape, "\xef\xbf\xbd"); /* U+FFFD */
}

void escape_csv_field(FILE *out, const char *text)
{
	const char *c;

	if (!text)
		return;
	if (text[strcspn(text, ",\"\r\n")] == '\0') {
		fputs(text, out);
		return;
	}
	fputc('"', out);
	for (c = text; *c; c++) {
		if (*c == '"')
			fputc('"', out);
		fputc(*c, out);
	}
	fputc('"', out);
}

void escape_terminal(FILE *out, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		size_t len = utf8_length(s);

		/* C0 controls, DEL, and C1 controls (U+0080..U+009F, which some terminals obey
		 * as escape sequences): shown, never sent. */
		bool c1 = len == 2 && s[0] == 0xc2 && s[1] < 0xa0;

		if (*s < 0x20 || *s == 0x7f || len == 0 || c1) {
			fprintf(out, "\\x%02x", *s);
			s++;
			continue;
		}
		if (*s == '\\' && s[1] == 'x')
			fputc('\\', out); /* a literal "\x" stays distinguishable from an escape */
		fwrite(s, 1, len, out);
		s += len;
	}
}
