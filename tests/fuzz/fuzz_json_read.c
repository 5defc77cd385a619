/* fuzz_json_read.c - libFuzzer harness: json_parse must not crash, leak or read past its input,
 * and keeps its contract. A failure leaves JSON_NULL and one whole line that names a position
 * of the input, before which everything was acceptable. A success is a tree no deeper than
 * JSON_MAX_DEPTH, of finite numbers, unique keys and strings of well-formed UTF-8 of their
 * recorded length; written back out as JSON, raw and with every non-ASCII character escaped,
 * it parses again to the same tree. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* Build: clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_json_read.c src/json_read.c src/err.c -o fuzz_json_read
 * Run:   ./fuzz_json_read -max_total_time=60 -max_len=4096 corpus tests/fuzz/corpus/json_read
 * json_parse takes a length, not a C string, so the harness hands it libFuzzer's own buffer,
 * which is exactly size bytes: AddressSanitizer sees any read past the end (fuzz_input.h's
 * NUL-terminated copy is for the parsers that need one). */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A growing text; on out of memory it stops growing and says so. */
struct text {
	char *bytes;
	size_t len, cap;
	bool failed;
};

static void text_put(struct text *t, const void *bytes, size_t n)
{
	if (t->failed)
		return;
	if (t->len + n > t->cap) {
		size_t cap = (t->len + n) * 2;
		char *grown = realloc(t->bytes, cap);

		if (!grown) {
			t->failed = true;
			return;
		}
		t->bytes = grown;
		t->cap = cap;
	}
	memcpy(t->bytes + t->len, bytes, n);
	t->len += n;
}

static void text_puts(struct text *t, const char *s)
{
	text_put(t, s, strlen(s));
}

/* The code point of the UTF-8 sequence at s[*i..len), *i moved past it; false when it is not
 * well-formed. Decoded bit by bit, then judged: a second opinion on json_read.c's tables. */
static bool utf8_next(const unsigned char *s, size_t len, size_t *i, unsigned long *cp)
{
	static const unsigned long least[] = { 0, 0, 0x80, 0x800, 0x10000 };
	unsigned char lead = s[*i];
	size_t n, k;

	if (lead < 0x80)
		n = 1;
	else if ((lead & 0xe0) == 0xc0)
		n = 2;
	else if ((lead & 0xf0) == 0xe0)
		n = 3;
	else if ((lead & 0xf8) == 0xf0)
		n = 4;
	else
		return false;
	if (len - *i < n)
		return false;
	*cp = n == 1 ? lead : lead & (0x7fu >> n);
	for (k = 1; k < n; k++) {
		if ((s[*i + k] & 0xc0) != 0x80)
			return false;
		*cp = *cp << 6 | (s[*i + k] & 0x3fu);
	}
	if (*cp < least[n] || *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return false;
	*i += n;
	return true;
}

static bool utf8_valid(const char *bytes, size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	unsigned long cp;
	size_t i = 0;

	while (i < len)
		if (!utf8_next(s, len, &i, &cp))
			return false;
	return true;
}

static bool string_sound(const struct json_string *s)
{
	return s->bytes && s->bytes[s->len] == '\0' && utf8_valid(s->bytes, s->len);
}

static bool string_equal(const struct json_string *a, const struct json_string *b)
{
	return a->len == b->len && memcmp(a->bytes, b->bytes, a->len) == 0;
}

/* Everything a successful parse promises about v, nested depth levels deep already. */
static bool tree_sound(const struct json_value *v, unsigned int depth)
{
	size_t i, j;

	switch (v->type) {
	case JSON_NULL:
	case JSON_FALSE:
	case JSON_TRUE:
		return true;
	case JSON_NUMBER:
		return isfinite(v->number);
	case JSON_STRING:
		return string_sound(&v->string);
	case JSON_ARRAY:
		if (depth >= JSON_MAX_DEPTH || (v->array.n && !v->array.items))
			return false;
		for (i = 0; i < v->array.n; i++)
			if (!tree_sound(&v->array.items[i], depth + 1))
				return false;
		return true;
	case JSON_OBJECT:
		if (depth >= JSON_MAX_DEPTH || (v->object.n && !v->object.members))
			return false;
		for (i = 0; i < v->object.n; i++) {
			const struct json_member *m = &v->object.members[i];

			if (!string_sound(&m->key) || !tree_sound(&m->value, depth + 1))
				return false;
			for (j = 0; j < i; j++)
				if (string_equal(&v->object.members[j].key, &m->key))
					return false;
			if (json_get(v, m->key.bytes) != &m->value &&
			    strlen(m->key.bytes) == m->key.len)
				return false;
		}
		return true;
	}
	return false;
}

static bool tree_equal(const struct json_value *a, const struct json_value *b)
{
	size_t i;

	if (a->type != b->type)
		return false;
	switch (a->type) {
	case JSON_NUMBER:
		/* bit for bit: -0 stays -0 */
		return a->number == b->number &&
		       (signbit(a->number) != 0) == (signbit(b->number) != 0);
	case JSON_STRING:
		return string_equal(&a->string, &b->string);
	case JSON_ARRAY:
		if (a->array.n != b->array.n)
			return false;
		for (i = 0; i < a->array.n; i++)
			if (!tree_equal(&a->array.items[i], &b->array.items[i]))
				return false;
		return true;
	case JSON_OBJECT:
		if (a->object.n != b->object.n)
			return false;
		for (i = 0; i < a->object.n; i++)
			if (!string_equal(&a->object.members[i].key, &b->object.members[i].key) ||
			    !tree_equal(&a->object.members[i].value, &b->object.members[i].value))
				return false;
		return true;
	default:
		return true;
	}
}

static void write_escape(struct text *t, unsigned long unit)
{
	char esc[8];

	snprintf(esc, sizeof(esc), "\\u%04lX", unit);
	text_puts(t, esc);
}

/* A string as JSON: quotes, backslashes and control bytes escaped, the rest raw; or, with
 * escape_all, every non-ASCII character as \u escapes (two, a surrogate pair, past U+FFFF). */
static void write_string(struct text *t, const struct json_string *s, bool escape_all)
{
	const unsigned char *b = (const unsigned char *)s->bytes;
	size_t i = 0;

	text_puts(t, "\"");
	while (i < s->len) {
		unsigned long cp;
		size_t at = i;

		if (!utf8_next(b, s->len, &i, &cp))
			abort(); /* tree_sound said otherwise */
		if (cp == '"' || cp == '\\') {
			text_puts(t, cp == '"' ? "\\\"" : "\\\\");
		} else if (cp < 0x20) {
			write_escape(t, cp);
		} else if (cp < 0x80 || !escape_all) {
			text_put(t, b + at, i - at);
		} else if (cp < 0x10000) {
			write_escape(t, cp);
		} else {
			write_escape(t, 0xd800 + ((cp - 0x10000) >> 10));
			write_escape(t, 0xdc00 + ((cp - 0x10000) & 0x3ff));
		}
	}
	text_puts(t, "\"");
}

static void write_value(struct text *t, const struct json_value *v, bool escape_all)
{
	char number[32];
	size_t i;

	switch (v->type) {
	case JSON_NULL:
		text_puts(t, "null");
		break;
	case JSON_FALSE:
		text_puts(t, "false");
		break;
	case JSON_TRUE:
		text_puts(t, "true");
		break;
	case JSON_NUMBER:
		/* 17 significant digits read back to the same double; the harness never sets a
		 * locale, so the point is '.'. */
		snprintf(number, sizeof(number), "%.17g", v->number);
		text_puts(t, number);
		break;
	case JSON_STRING:
		write_string(t, &v->string, escape_all);
		break;
	case JSON_ARRAY:
		text_puts(t, "[");
		for (i = 0; i < v->array.n; i++) {
			if (i)
				text_puts(t, ",");
			write_value(t, &v->array.items[i], escape_all);
		}
		text_puts(t, "]");
		break;
	case JSON_OBJECT:
		text_puts(t, "{");
		for (i = 0; i < v->object.n; i++) {
			if (i)
				text_puts(t, ",");
			write_string(t, &v->object.members[i].key, escape_all);
			text_puts(t, ":");
			write_value(t, &v->object.members[i].value, escape_all);
		}
		text_puts(t, "}");
		break;
	}
}

/* The tree written out and read back must be the same tree. */
static void check_round_trip(const struct json_value *v, bool escape_all)
{
	struct text t = { 0 };
	struct json_value again;
	struct hp_err err;

	write_value(&t, v, escape_all);
	if (!t.failed) {
		if (json_parse(&again, t.bytes, t.len, &err) || !tree_equal(v, &again))
			abort();
		json_free(&again);
	}
	free(t.bytes);
}

/* The text cut off at offset parses, or fails exactly at its end, which stands at line,
 * column. */
static bool cut_sound(const uint8_t *data, size_t offset, size_t line, size_t column)
{
	struct hp_err err;
	struct json_value cut;
	char want[64];

	if (json_parse(&cut, (const char *)data, offset, &err) == 0) {
		json_free(&cut);
		return true;
	}
	snprintf(want, sizeof(want), "invalid JSON at line %zu, column %zu: ", line, column);
	return strncmp(err.msg, want, strlen(want)) == 0;
}

/*
 * A failure must name a place in the input, and everything before that place must have been
 * acceptable: the text cut off there parses, or fails at its very end. (The errors shown
 * before their first bad byte, at a bad escape's backslash or a duplicate key, also start
 * where the text before them was still good.) The columns of a multi-byte character's bytes
 * coincide, so each offset at the named place is tried. Lines and columns as json_read.h
 * defines them: a line ends at LF, CRLF or a lone CR; a column counts characters (bytes
 * other than UTF-8 continuation bytes).
 */
static void check_failure(const uint8_t *data, size_t size, const struct hp_err *err)
{
	size_t line, column, l = 1, c = 1, offset;

	if (strchr(err->msg, '\n') || strlen(err->msg) + 1 >= sizeof(err->msg))
		abort();
	if (strcmp(err->msg, "out of memory while reading JSON") == 0)
		return;
	if (sscanf(err->msg, "invalid JSON at line %zu, column %zu: ", &line, &column) != 2)
		abort();
	for (offset = 0; offset <= size; offset++) {
		if (l == line && c == column) {
			if (offset == size || cut_sound(data, offset, line, column))
				return;
		}
		if (offset == size || (data[offset] == '\r' && offset + 1 < size &&
				       data[offset + 1] == '\n'))
			continue;
		if (data[offset] == '\n' || data[offset] == '\r') {
			l++;
			c = 1;
		} else if ((data[offset] & 0xc0) != 0x80) {
			c++;
		}
	}
	abort(); /* no such place, or the text before it was bad already */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct json_value v = { .type = JSON_ARRAY };
	struct hp_err err = { .msg = "" };

	if (json_parse(&v, (const char *)data, size, &err)) {
		if (v.type != JSON_NULL)
			abort();
		check_failure(data, size, &err);
		return 0;
	}
	if (!tree_sound(&v, 0))
		abort();
	check_round_trip(&v, false);
	check_round_trip(&v, true);
	json_free(&v);
	if (v.type != JSON_NULL)
		abort();
	return 0;
}
