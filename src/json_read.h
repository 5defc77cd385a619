/* json_read.h - a strict JSON reader (RFC 8259): text in, a tree of plain structs out. */
#ifndef HPSTAT_JSON_READ_H
#define HPSTAT_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

#include "err.h"

/* Deepest nesting of arrays and objects json_parse accepts: "[[1]]" is depth 2. */
#define JSON_MAX_DEPTH 64

enum json_type {
	JSON_NULL,
	JSON_FALSE,
	JSON_TRUE,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

/* Decoded text: len bytes of well-formed UTF-8 (escapes resolved; "\u0000" gives a NUL byte,
 * so a string may hold NULs), then one more NUL that len does not count. Never NULL. */
struct json_string {
	char *bytes;
	size_t len;
};

struct json_member;

/* One value; the tree owns everything it points to. Only the member its type names is set. */
struct json_value {
	enum json_type type;
	union {
		double number;              /* JSON_NUMBER: always finite */
		struct json_string string;  /* JSON_STRING */
		struct {
			struct json_value *items;
			size_t n;
		} array;                    /* JSON_ARRAY: items in document order (NULL when n is 0) */
		struct {
			struct json_member *members;
			size_t n;
		} object;                   /* JSON_OBJECT: members in document order, keys unique */
	};
};

struct json_member {
	struct json_string key;
	struct json_value value;
};

/*
 * Parses the len bytes at text (no NUL needed; none is read past len) as exactly one JSON
 * value with only whitespace around it, into *out (need not be initialised). On success
 * returns 0 and the caller owns the tree: json_free(out).
 *
 * Strict RFC 8259: no comments, trailing commas, single quotes, leading zeros, '+' signs,
 * NaN or Infinity; whitespace is space, tab, CR and LF only; no byte order mark. Strings must
 * be well-formed UTF-8 without raw control bytes (below 0x20); every escape is decoded, and a
 * surrogate escape must be half of a high-low pair. Numbers are read the same in any locale
 * (the decimal point is '.'); one beyond the range of a double (1e999) is an error, one too
 * small for it (1e-999) becomes 0 or the nearest subnormal. Nesting deeper than
 * JSON_MAX_DEPTH is an error. An object that names the same key twice (compared after
 * decoding: "a" and "\u0061" are the same key) is an error rather than a guess at which one
 * was meant.
 *
 * On error returns -1, *out is JSON_NULL (nothing to free) and err holds one line:
 *   invalid JSON at line L, column C: what
 * L and C count from 1; a line ends at LF, CRLF or a lone CR; C counts characters (UTF-8
 * sequences), not bytes. The position is the first byte that cannot continue a valid
 * document (the end of the input when it is cut short), except that a bad escape is shown at
 * its backslash, a number out of range at its first character, a duplicate key at the repeat.
 * Out of memory is "out of memory while reading JSON".
 */
int json_parse(struct json_value *out, const char *text, size_t len, struct hp_err *err);

/* Frees everything v holds and leaves it JSON_NULL; v itself is the caller's. NULL is fine. */
void json_free(struct json_value *v);

/* The value of object's member named key (compared byte for byte with strlen(key) bytes), or
 * NULL when object is NULL, not an object, or has no such member. A linear search. */
const struct json_value *json_get(const struct json_value *object, const char *key);

/* Item i of array, or NULL when array is NULL, not an array, or has no item i. */
const struct json_value *json_at(const struct json_value *array, size_t i);

/* Typed reads: true and *out set when v is non-NULL and of that type, else false and *out
 * untouched. json_string_of also sets *len_out unless it is NULL; the bytes belong to the
 * tree (NUL-terminated, but they may hold NULs before len_out). */
bool json_number_of(const struct json_value *v, double *out);
bool json_bool_of(const struct json_value *v, bool *out);
bool json_string_of(const struct json_value *v, const char **out, size_t *len_out);

/* "null", "false", "true", "number", "string", "array", "object": for messages such as
 * "expected a number, found an array". */
const char *json_type_name(enum json_type type);

#endif
