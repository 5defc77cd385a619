/* json_read.c - a strict JSON reader: recursive descent over a byte span into a tree, no I/O. */
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_read.h"

/* Objects with at most this many members are checked for duplicate keys pair by pair; larger
 * ones are sorted, so that a big object costs n log n, not n squared. */
#define JSON_PAIRWISE_KEYS 8

/* Longest number quoted in a message; err_excerpt marks the cut. */
#define JSON_QUOTE_MAX 40

struct reader {
	const unsigned char *s;
	size_t len;
	size_t pos;		/* the next byte to read */
	unsigned int depth;	/* arrays and objects open around pos */
	/* strtod() obeys LC_NUMERIC, and a program linking this reader (a later hpstat too) may
	 * have set a locale whose decimal point is ','. JSON's is always '.', so numbers are
	 * converted in a C locale of their own, made when the first number needs it. */
	locale_t c_locale;
	struct hp_err *err;
};

/* A key of the object being read, where it stands, for the duplicate check. */
struct key_ref {
	const char *bytes;
	size_t len;
	size_t index;	/* its member's index: document order */
	size_t offset;	/* its opening quote */
};

static int reader_value(struct reader *r, struct json_value *out);

static bool is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static bool is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The byte at pos, or -1 at the end of the input. */
static int reader_peek(const struct reader *r)
{
	return r->pos < r->len ? r->s[r->pos] : -1;
}

static void reader_skip_space(struct reader *r)
{
	while (r->pos < r->len && is_space(r->s[r->pos]))
		r->pos++;
}

/* Line and column of offset, both from 1. Columns count UTF-8 sequences: everything before
 * an error offset has been accepted, so it is well-formed, and counting the bytes that are
 * not continuation bytes counts its characters. */
static void reader_where(const struct reader *r, size_t offset, size_t *line, size_t *column)
{
	size_t i;

	*line = 1;
	*column = 1;
	for (i = 0; i < offset && i < r->len; i++) {
		unsigned char c = r->s[i];

		if (c == '\r' && i + 1 < r->len && r->s[i + 1] == '\n')
			continue; /* CRLF: the LF ends the line */
		if (c == '\n' || c == '\r') {
			++*line;
			*column = 1;
		} else if ((c & 0xc0) != 0x80) {
			++*column;
		}
	}
}

static int __attribute__((format(printf, 3, 4)))
reader_fail_at(struct reader *r, size_t offset, const char *fmt, ...)
{
	char what[400];
	size_t line, column;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	reader_where(r, offset, &line, &column);
	return err_set(r->err, "invalid JSON at line %zu, column %zu: %s", line, column, what);
}

static int reader_oom(struct reader *r)
{
	return err_set(r->err, "out of memory while reading JSON");
}

/* What stands at offset, for a message's "found ...". */
static void reader_found(const struct reader *r, size_t offset, char *buf, size_t cap)
{
	unsigned char c;

	if (offset >= r->len) {
		snprintf(buf, cap, "the end of the input");
		return;
	}
	c = r->s[offset];
	if (c == '\'')
		snprintf(buf, cap, "a single quote");
	else if (c > 0x20 && c < 0x7f)
		snprintf(buf, cap, "'%c'", c);
	else
		snprintf(buf, cap, "byte 0x%02x", c);
}

/* Fails at pos with "expected WHAT, found ...". */
static int reader_expected(struct reader *r, const char *what)
{
	char found[32];

	reader_found(r, r->pos, found, sizeof(found));
	return reader_fail_at(r, r->pos, "expected %s, found %s", what, found);
}

/* Length of the well-formed UTF-8 sequence that starts s[0..avail), 0 when none does: a stray
 * continuation byte, an overlong form, an encoded surrogate, a code point past U+10FFFF, or a
 * sequence cut short by the end of the input. */
static size_t utf8_sequence_length(const unsigned char *s, size_t avail)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		if (s[0] == 0xe0)
			lo = 0xa0; /* below: overlong */
		else if (s[0] == 0xed)
			hi = 0x9f; /* above: UTF-16 surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		if (s[0] == 0xf0)
			lo = 0x90; /* below: overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f; /* above: past U+10FFFF */
	} else {
		return 0;
	}
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* Writes code point cp (a scalar value) as UTF-8 at dst, when dst is not NULL; returns the
 * number of bytes it takes. */
static size_t utf8_put(char *dst, unsigned long cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xc0 | cp >> 6);
		b[1] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xe0 | cp >> 12);
		b[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		b[0] = (unsigned char)(0xf0 | cp >> 18);
		b[1] = (unsigned char)(0x80 | (cp >> 12 & 0x3f));
		b[2] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
		b[3] = (unsigned char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	if (dst)
		memcpy(dst, b, n);
	return n;
}

/* What the two-character escape \c stands for, 0 when there is none (\u aside). */
static unsigned char escape_byte(unsigned char c)
{
	switch (c) {
	case '"':
	case '\\':
	case '/':
		return c;
	case 'b':
		return '\b';
	case 'f':
		return '\f';
	case 'n':
		return '\n';
	case 'r':
		return '\r';
	case 't':
		return '\t';
	default:
		return 0;
	}
}

static int reader_unterminated(struct reader *r, size_t open)
{
	size_t line, column;

	reader_where(r, open, &line, &column);
	return reader_fail_at(r, r->len,
			      "the input ends inside the string that opens at line %zu, column %zu",
			      line, column);
}

/* The four hex digits of the \u escape whose backslash is at esc. */
static int reader_hex4(struct reader *r, size_t esc, size_t open, unsigned int *out)
{
	unsigned int v = 0;
	size_t i;

	for (i = esc + 2; i < esc + 6; i++) {
		unsigned char c;

		if (i >= r->len)
			return reader_unterminated(r, open);
		c = r->s[i];
		if (c >= '0' && c <= '9')
			v = v << 4 | (unsigned int)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v << 4 | (unsigned int)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v << 4 | (unsigned int)(c - 'A' + 10);
		else
			return reader_fail_at(r, esc, "invalid escape in a string: '\\u' takes four "
						      "hex digits");
	}
	*out = v;
	return 0;
}

/* The \u escape at pos (its backslash), and for a high surrogate the low one that must come
 * right after it: *cp is the code point they stand for; pos moves past them. */
static int reader_unicode_escape(struct reader *r, size_t open, unsigned long *cp)
{
	size_t esc = r->pos;
	unsigned int hi, lo;

	if (reader_hex4(r, esc, open, &hi))
		return -1;
	if (hi >= 0xdc00 && hi <= 0xdfff)
		return reader_fail_at(r, esc, "lone surrogate '\\u%04x' in a string: a low "
					      "surrogate must follow a high one (\\ud800 to \\udbff)", hi);
	if (hi < 0xd800 || hi > 0xdbff) {
		*cp = hi;
		r->pos = esc + 6;
		return 0;
	}
	if (esc + 7 >= r->len)
		return reader_unterminated(r, open);
	if (r->s[esc + 6] != '\\' || r->s[esc + 7] != 'u')
		goto lone;
	if (reader_hex4(r, esc + 6, open, &lo))
		return -1;
	if (lo < 0xdc00 || lo > 0xdfff)
		goto lone;
	*cp = 0x10000 + ((unsigned long)(hi - 0xd800) << 10) + (lo - 0xdc00);
	r->pos = esc + 12;
	return 0;
lone:
	return reader_fail_at(r, esc, "lone surrogate '\\u%04x' in a string: a high surrogate "
				      "must be followed by a low one (\\udc00 to \\udfff)", hi);
}

/*
 * One pass over the string whose opening quote is at pos, leaving pos after its closing
 * quote. With dst NULL it checks the string and counts the bytes it decodes to in *n_out;
 * with dst (room for *n_out bytes) it writes them, the string being known good by then.
 * Two passes, so that the string is allocated once at its size, and an error found by the
 * first is reported at the first bad byte, whatever follows it.
 */
static int reader_string_pass(struct reader *r, char *dst, size_t *n_out)
{
	size_t open = r->pos, n = 0;

	r->pos++;
	for (;;) {
		unsigned long cp = 0;
		size_t seq;
		unsigned char c;

		if (r->pos >= r->len)
			return reader_unterminated(r, open);
		c = r->s[r->pos];
		if (c == '"')
			break;
		if (c < 0x20)
			return reader_fail_at(r, r->pos,
					      "raw control byte 0x%02x in a string; write it as the "
					      "escape \\u%04x", c, c);
		if (c != '\\') {
			seq = utf8_sequence_length(r->s + r->pos, r->len - r->pos);
			if (!seq)
				return reader_fail_at(r, r->pos,
						      "invalid UTF-8 in a string: no well-formed "
						      "sequence starts at byte 0x%02x", c);
			if (dst)
				memcpy(dst + n, r->s + r->pos, seq);
			n += seq;
			r->pos += seq;
			continue;
		}
		if (r->pos + 1 >= r->len)
			return reader_unterminated(r, open);
		if (r->s[r->pos + 1] == 'u') {
			if (reader_unicode_escape(r, open, &cp))
				return -1;
		} else {
			cp = escape_byte(r->s[r->pos + 1]);
			if (!cp) {
				char found[32];

				reader_found(r, r->pos + 1, found, sizeof(found));
				return reader_fail_at(r, r->pos, "invalid escape in a string: a "
								 "backslash followed by %s", found);
			}
			r->pos += 2;
		}
		n += utf8_put(dst ? dst + n : NULL, cp);
	}
	r->pos++;
	*n_out = n;
	return 0;
}

static int reader_string(struct reader *r, struct json_string *out)
{
	size_t open = r->pos, n;

	if (reader_string_pass(r, NULL, &n))
		return -1;
	out->bytes = malloc(n + 1);
	if (!out->bytes)
		return reader_oom(r);
	r->pos = open;
	reader_string_pass(r, out->bytes, &n);
	out->bytes[n] = '\0';
	out->len = n;
	return 0;
}

/* Checks the grammar of RFC 8259 before strtod sees the number: strtod takes more (hex,
 * "inf", leading '+', ".5"). */
static int reader_number(struct reader *r, struct json_value *out)
{
	size_t start = r->pos, n;
	char small[64], *copy = small, *stop;
	char quoted[JSON_QUOTE_MAX];
	double v;
	int rc = -1;

	if (reader_peek(r) == '-')
		r->pos++;
	if (reader_peek(r) == '0') {
		r->pos++;
		if (is_digit(reader_peek(r)))
			return reader_fail_at(r, r->pos, "leading zero in a number");
	} else if (is_digit(reader_peek(r))) {
		while (is_digit(reader_peek(r)))
			r->pos++;
	} else {
		return reader_expected(r, "a digit after '-'");
	}
	if (reader_peek(r) == '.') {
		r->pos++;
		if (!is_digit(reader_peek(r)))
			return reader_expected(r, "a digit after the decimal point");
		while (is_digit(reader_peek(r)))
			r->pos++;
	}
	if (reader_peek(r) == 'e' || reader_peek(r) == 'E') {
		r->pos++;
		if (reader_peek(r) == '+' || reader_peek(r) == '-')
			r->pos++;
		if (!is_digit(reader_peek(r)))
			return reader_expected(r, "a digit in the exponent");
		while (is_digit(reader_peek(r)))
			r->pos++;
	}

	n = r->pos - start;
	if (n >= sizeof(small)) {
		copy = malloc(n + 1);
		if (!copy)
			return reader_oom(r);
	}
	memcpy(copy, r->s + start, n);
	copy[n] = '\0';
	if (!r->c_locale) {
		r->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!r->c_locale) {
			reader_oom(r);
			goto out;
		}
	}
	errno = 0;
	v = strtod_l(copy, &stop, r->c_locale);
	err_excerpt(quoted, sizeof(quoted), (const char *)r->s + start, n, 0, n);
	/* The grammar was checked above: strtod stopping early would be our bug. */
	if (stop != copy + n) {
		reader_fail_at(r, start, "number '%s' could not be converted", quoted);
		goto out;
	}
	/* ERANGE also comes with an underflow, which gives 0 or a subnormal: kept. */
	if (isinf(v)) {
		reader_fail_at(r, start, "number '%s' is out of the range of a double", quoted);
		goto out;
	}
	out->type = JSON_NUMBER;
	out->number = v;
	rc = 0;
out:
	if (copy != small)
		free(copy);
	return rc;
}

static int reader_literal(struct reader *r, const char *word, enum json_type type,
			  struct json_value *out)
{
	size_t i;

	for (i = 0; word[i]; i++) {
		if (r->pos + i >= r->len || r->s[r->pos + i] != (unsigned char)word[i]) {
			char found[32];

			reader_found(r, r->pos + i, found, sizeof(found));
			return reader_fail_at(r, r->pos + i, "expected '%s', found %s", word, found);
		}
	}
	r->pos += i;
	out->type = type;
	return 0;
}

/* Starts an array or object at pos: one level deeper, if that is allowed. */
static int reader_open(struct reader *r)
{
	if (r->depth >= JSON_MAX_DEPTH)
		return reader_fail_at(r, r->pos, "arrays and objects nested deeper than %d levels",
				      JSON_MAX_DEPTH);
	r->depth++;
	r->pos++;
	reader_skip_space(r);
	return 0;
}

/* Doubles *cap (from 4) for one more element of size bytes at *items. */
static int reader_grow(struct reader *r, void **items, size_t *cap, size_t size)
{
	size_t want = *cap ? *cap * 2 : 4;
	void *grown;

	if (want > SIZE_MAX / size)
		return reader_oom(r);
	grown = realloc(*items, want * size);
	if (!grown)
		return reader_oom(r);
	*items = grown;
	*cap = want;
	return 0;
}

/* The tree is complete after each step, so that the caller's json_free releases a partial
 * one: an item is counted before it is read. */
static int reader_array(struct reader *r, struct json_value *out)
{
	size_t cap = 0;
	void *items;

	out->type = JSON_ARRAY;
	out->array.items = NULL;
	out->array.n = 0;
	if (reader_open(r))
		return -1;
	if (reader_peek(r) == ']')
		goto close;
	for (;;) {
		if (out->array.n == cap) {
			items = out->array.items;
			if (reader_grow(r, &items, &cap, sizeof(*out->array.items)))
				return -1;
			out->array.items = items;
		}
		out->array.items[out->array.n].type = JSON_NULL;
		out->array.n++;
		if (reader_value(r, &out->array.items[out->array.n - 1]))
			return -1;
		reader_skip_space(r);
		if (reader_peek(r) == ']')
			break;
		if (reader_peek(r) != ',')
			return reader_expected(r, "',' or ']' after an array item");
		r->pos++;
		reader_skip_space(r);
		if (reader_peek(r) == ']')
			return reader_fail_at(r, r->pos, "trailing comma before ']'");
	}
	/* Give back what the doubling left over; a failure to shrink changes nothing. */
	items = realloc(out->array.items, out->array.n * sizeof(*out->array.items));
	if (items)
		out->array.items = items;
close:
	r->pos++;
	r->depth--;
	return 0;
}

static int key_ref_compare(const void *a, const void *b)
{
	const struct key_ref *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->bytes, y->bytes, n);

	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static bool key_ref_equal(const struct key_ref *x, const struct key_ref *y)
{
	return x->len == y->len && memcmp(x->bytes, y->bytes, x->len) == 0;
}

/* Fails when two of the n keys are the same, at the earliest key that repeats one before
 * it. Sorts refs. */
static int reader_unique_keys(struct reader *r, struct key_ref *refs, size_t n)
{
	const struct key_ref *first = NULL, *repeat = NULL;
	char quoted[JSON_QUOTE_MAX];
	size_t line, column, i, j;

	if (n <= JSON_PAIRWISE_KEYS) {
		for (j = 1; j < n && !repeat; j++)
			for (i = 0; i < j && !repeat; i++)
				if (key_ref_equal(&refs[i], &refs[j])) {
					first = &refs[i];
					repeat = &refs[j];
				}
	} else {
		/* Sorted by key, then by place: in each run of equal keys the first is the
		 * original and the second its first repeat. */
		qsort(refs, n, sizeof(*refs), key_ref_compare);
		for (i = 1; i < n; i++)
			if (key_ref_equal(&refs[i - 1], &refs[i]) &&
			    (i < 2 || !key_ref_equal(&refs[i - 2], &refs[i - 1])) &&
			    (!repeat || refs[i].index < repeat->index)) {
				first = &refs[i - 1];
				repeat = &refs[i];
			}
	}
	if (!repeat)
		return 0;
	err_excerpt(quoted, sizeof(quoted), first->bytes, first->len, 0, first->len);
	reader_where(r, first->offset, &line, &column);
	return reader_fail_at(r, repeat->offset,
			      "duplicate key '%s' in an object (first at line %zu, column %zu)",
			      quoted, line, column);
}

static int reader_object(struct reader *r, struct json_value *out)
{
	struct key_ref *refs = NULL;
	size_t cap = 0, cap_refs = 0, key_at;
	struct json_member *m;
	void *items;
	int rc = -1;

	out->type = JSON_OBJECT;
	out->object.members = NULL;
	out->object.n = 0;
	if (reader_open(r))
		return -1;
	if (reader_peek(r) == '}')
		goto close;
	for (;;) {
		if (reader_peek(r) != '"') {
			reader_expected(r, out->object.n ? "a string key after ','"
							 : "a string key or '}'");
			goto out;
		}
		if (out->object.n == cap) {
			items = out->object.members;
			if (reader_grow(r, &items, &cap, sizeof(*out->object.members)))
				goto out;
			out->object.members = items;
			items = refs;
			if (reader_grow(r, &items, &cap_refs, sizeof(*refs)))
				goto out;
			refs = items;
		}
		key_at = r->pos;
		m = &out->object.members[out->object.n++];
		m->key.bytes = NULL;
		m->value.type = JSON_NULL;
		if (reader_string(r, &m->key))
			goto out;
		refs[out->object.n - 1] = (struct key_ref){
			.bytes = m->key.bytes,
			.len = m->key.len,
			.index = out->object.n - 1,
			.offset = key_at,
		};
		reader_skip_space(r);
		if (reader_peek(r) != ':') {
			reader_expected(r, "':' after an object key");
			goto out;
		}
		r->pos++;
		reader_skip_space(r);
		if (reader_value(r, &m->value))
			goto out;
		reader_skip_space(r);
		if (reader_peek(r) == '}')
			break;
		if (reader_peek(r) != ',') {
			reader_expected(r, "',' or '}' after an object member");
			goto out;
		}
		r->pos++;
		reader_skip_space(r);
		if (reader_peek(r) == '}') {
			reader_fail_at(r, r->pos, "trailing comma before '}'");
			goto out;
		}
	}
	if (reader_unique_keys(r, refs, out->object.n))
		goto out;
	items = realloc(out->object.members, out->object.n * sizeof(*out->object.members));
	if (items)
		out->object.members = items;
close:
	r->pos++;
	r->depth--;
	rc = 0;
out:
	free(refs);
	return rc;
}

static int reader_value(struct reader *r, struct json_value *out)
{
	static const char *const not_numbers[] = { "NaN", "Infinity" };
	size_t i;

	out->type = JSON_NULL;
	switch (reader_peek(r)) {
	case '{':
		return reader_object(r, out);
	case '[':
		return reader_array(r, out);
	case '"':
		if (reader_string(r, &out->string))
			return -1;
		out->type = JSON_STRING;
		return 0;
	case 't':
		return reader_literal(r, "true", JSON_TRUE, out);
	case 'f':
		return reader_literal(r, "false", JSON_FALSE, out);
	case 'n':
		return reader_literal(r, "null", JSON_NULL, out);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return reader_number(r, out);
	case '/':
		return reader_fail_at(r, r->pos, "comments are not allowed in JSON");
	case '\'':
		return reader_fail_at(r, r->pos, "strings take double quotes, not single ones");
	case '+':
		return reader_fail_at(r, r->pos, "a number cannot start with '+'");
	case '.':
		return reader_fail_at(r, r->pos, "a number needs a digit before its decimal point");
	}
	for (i = 0; i < sizeof(not_numbers) / sizeof(not_numbers[0]); i++) {
		size_t n = strlen(not_numbers[i]);

		if (r->len - r->pos >= n && memcmp(r->s + r->pos, not_numbers[i], n) == 0)
			return reader_fail_at(r, r->pos, "'%s' is not a JSON number",
					      not_numbers[i]);
	}
	return reader_expected(r, "a value");
}

int json_parse(struct json_value *out, const char *text, size_t len, struct hp_err *err)
{
	struct reader r = { .s = (const unsigned char *)text, .len = len, .err = err };
	int rc = -1;

	out->type = JSON_NULL;
	if (len == 0) {
		reader_fail_at(&r, 0, "the input is empty; expected a value");
		goto out;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		reader_fail_at(&r, 0, "a byte order mark (U+FEFF) is not allowed before the value");
		goto out;
	}
	reader_skip_space(&r);
	if (reader_value(&r, out))
		goto out;
	reader_skip_space(&r);
	if (r.pos < len) {
		reader_expected(&r, "only whitespace after the value");
		goto out;
	}
	rc = 0;
out:
	if (rc)
		json_free(out);
	if (r.c_locale)
		freelocale(r.c_locale);
	return rc;
}

void json_free(struct json_value *v)
{
	size_t i;

	if (!v)
		return;
	switch (v->type) {
	case JSON_STRING:
		free(v->string.bytes);
		break;
	case JSON_ARRAY:
		for (i = 0; i < v->array.n; i++)
			json_free(&v->array.items[i]);
		free(v->array.items);
		break;
	case JSON_OBJECT:
		for (i = 0; i < v->object.n; i++) {
			free(v->object.members[i].key.bytes);
			json_free(&v->object.members[i].value);
		}
		free(v->object.members);
		break;
	default:
		break;
	}
	v->type = JSON_NULL;
}

const struct json_value *json_get(const struct json_value *object, const char *key)
{
	size_t len, i;

	if (!object || object->type != JSON_OBJECT || !key)
		return NULL;
	len = strlen(key);
	for (i = 0; i < object->object.n; i++) {
		const struct json_member *m = &object->object.members[i];

		if (m->key.len == len && memcmp(m->key.bytes, key, len) == 0)
			return &m->value;
	}
	return NULL;
}

const struct json_value *json_at(const struct json_value *array, size_t i)
{
	if (!array || array->type != JSON_ARRAY || i >= array->array.n)
		return NULL;
	return &array->array.items[i];
}

bool json_number_of(const struct json_value *v, double *out)
{
	if (!v || v->type != JSON_NUMBER)
		return false;
	*out = v->number;
	return true;
}

bool json_bool_of(const struct json_value *v, bool *out)
{
	if (!v || (v->type != JSON_TRUE && v->type != JSON_FALSE))
		return false;
	*out = v->type == JSON_TRUE;
	return true;
}

bool json_string_of(const struct json_value *v, const char **out, size_t *len_out)
{
	if (!v || v->type != JSON_STRING)
		return false;
	*out = v->string.bytes;
	if (len_out)
		*len_out = v->string.len;
	return true;
}

const char *json_type_name(enum json_type type)
{
	static const char *const names[] = {
		[JSON_NULL] = "null",	  [JSON_FALSE] = "false",   [JSON_TRUE] = "true",
		[JSON_NUMBER] = "number", [JSON_STRING] = "string", [JSON_ARRAY] = "array",
		[JSON_OBJECT] = "object",
	};

	if ((size_t)type >= sizeof(names) / sizeof(names[0]))
		return "unknown";
	return names[type];
}
