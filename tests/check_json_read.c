/* check_json_read.c - Check unit tests for the strict JSON reader (src/json_read.c). Expected
 * values are worked out by hand: bytes of UTF-8 written out, positions counted from 1. */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "comma_locale.h"
#include "json_read.h"

/* Parses a C string literal that must be good JSON. */
static void parse_ok(struct json_value *v, const char *text, size_t len)
{
	struct hp_err err = { .msg = "" };

	ck_assert_msg(json_parse(v, text, len, &err) == 0, "'%s' failed: %s", text, err.msg);
}

#define PARSE_OK(v, text) parse_ok((v), (text), sizeof(text) - 1)

/* The len bytes at text must fail with exactly the message want, leaving nothing behind. */
static void check_error(const char *text, size_t len, const char *want, const char *label)
{
	struct hp_err err = { .msg = "" };
	struct json_value v = { .type = JSON_ARRAY };

	ck_assert_msg(json_parse(&v, text, len, &err) == -1, "%s was accepted", label);
	ck_assert_int_eq(v.type, JSON_NULL);
	ck_assert_msg(strcmp(err.msg, want) == 0, "%s:\n got '%s'\nwant '%s'", label, err.msg,
		      want);
}

/* text is a literal: NULs inside it count. */
#define assert_error(text, want) check_error((text), sizeof(text) - 1, (want), #text)

/* Exact comparison: each expected double below is the one nearest its decimal text. */
#define assert_number(text, want)                                                          \
	do {                                                                               \
		struct json_value v_;                                                      \
		PARSE_OK(&v_, text);                                                       \
		ck_assert_int_eq(v_.type, JSON_NUMBER);                                    \
		ck_assert_msg(v_.number == (want) &&                                       \
			      (signbit(v_.number) != 0) == (signbit(want) != 0),      \
			      "%s gave %.17g, want %.17g", text, v_.number, (double)(want)); \
		json_free(&v_);                                                            \
	} while (0)

/* text must be one string of exactly the len bytes at want (then a NUL). */
#define assert_string(text, want, want_len)                                                \
	do {                                                                               \
		struct json_value v_;                                                      \
		PARSE_OK(&v_, text);                                                       \
		ck_assert_int_eq(v_.type, JSON_STRING);                                    \
		ck_assert_uint_eq(v_.string.len, (want_len));                              \
		ck_assert_msg(memcmp(v_.string.bytes, (want), (want_len)) == 0,            \
			      "%s decoded to other bytes", text);                          \
		ck_assert_int_eq(v_.string.bytes[v_.string.len], '\0');                    \
		json_free(&v_);                                                            \
	} while (0)

START_TEST(test_literals)
{
	struct json_value v;

	PARSE_OK(&v, "null");
	ck_assert_int_eq(v.type, JSON_NULL);
	PARSE_OK(&v, "true");
	ck_assert_int_eq(v.type, JSON_TRUE);
	PARSE_OK(&v, "false");
	ck_assert_int_eq(v.type, JSON_FALSE);
	/* All four whitespace bytes, on both sides. */
	PARSE_OK(&v, " \t\r\n true \n\r\t ");
	ck_assert_int_eq(v.type, JSON_TRUE);
}
END_TEST

START_TEST(test_numbers)
{
	assert_number("0", 0.0);
	assert_number("-0", -0.0);
	assert_number("7", 7.0);
	assert_number("-17.25", -17.25);
	assert_number("1.5e3", 1500.0);
	assert_number("1E-2", 0.01);
	assert_number("2e+2", 200.0);
	assert_number("0.5", 0.5);
	assert_number("-0.0e0", -0.0);
	/* 2^53 + 1 is not a double: the tie goes to the even neighbour, 2^53. */
	assert_number("9007199254740993", 9007199254740992.0);
	/* 12345678901234567890 lies between the doubles ...67168 and ...69216 (spacing 2048),
	 * nearer the first. */
	assert_number("12345678901234567890", 12345678901234567168.0);
	assert_number("1.7976931348623157e308", 1.7976931348623157e308);
	assert_number("-1.7976931348623157e308", -1.7976931348623157e308);
	/* Too small for a double: the nearest subnormal, or zero. */
	assert_number("4.9406564584124654e-324", 4.9406564584124654e-324);
	assert_number("1e-400", 0.0);
	assert_number("-1e-400", -0.0);
	/* A number longer than the reader's buffer on the stack. */
	assert_number("1.00000000000000000000000000000000000000000000000000000000000000000000001",
		      1.0);
}
END_TEST

START_TEST(test_number_stops_at_len)
{
	struct json_value v;

	/* The text need not end in NUL: nothing past len is read. */
	parse_ok(&v, "1234", 2);
	ck_assert(v.number == 12.0);
	parse_ok(&v, "[1] garbage", 3);
	ck_assert_uint_eq(v.array.n, 1);
	json_free(&v);
}
END_TEST

START_TEST(test_strings)
{
	assert_string("\"\"", "", 0);
	assert_string("\"plain text\"", "plain text", 10);
	/* Every two-character escape, in the order RFC 8259 lists them. */
	assert_string("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8);
	assert_string("\"\\u0041\"", "A", 1);
	/* U+00E9, U+20AC, U+FFFF: two and three bytes, hex digits in either case. */
	assert_string("\"\\u00e9\\u00E9\"", "\xc3\xa9\xc3\xa9", 4);
	assert_string("\"\\u20ac\"", "\xe2\x82\xac", 3);
	assert_string("\"\\uFFFF\"", "\xef\xbf\xbf", 3);
	/* U+1F600 as a surrogate pair: D83D DE00 -> F0 9F 98 80. */
	assert_string("\"\\ud83d\\ude00\"", "\xf0\x9f\x98\x80", 4);
	assert_string("\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4);
	/* An escaped NUL is a byte of the string, counted by len. */
	assert_string("\"\\u0000\"", "\0", 1);
	assert_string("\"a\\u0000b\"", "a\0b", 3);
	/* Raw UTF-8 of each length passes through; DEL is not a control byte for JSON. */
	assert_string("\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f\"",
		      "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\x7f", 10);
	/* and the edges just inside the ranges: U+07FF, U+D7FF, U+E000, U+10FFFF */
	assert_string("\"\xdf\xbf\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf\"",
		      "\xdf\xbf\xed\x9f\xbf\xee\x80\x80\xf4\x8f\xbf\xbf", 12);
}
END_TEST

START_TEST(test_nested)
{
	static const char text[] = "{\"a\": [1, {\"b\": null}], \"c\": {\"d\": [true, false]},\n"
				   " \"e\": [], \"f\": {}, \"\": \"empty key\"}";
	const struct json_value *a, *d;
	const char *s;
	struct json_value v;
	double x = 0;
	bool flag = true;
	size_t len = 0;

	parse_ok(&v, text, sizeof(text) - 1);
	ck_assert_int_eq(v.type, JSON_OBJECT);
	ck_assert_uint_eq(v.object.n, 5);
	/* Members in document order. */
	ck_assert_str_eq(v.object.members[0].key.bytes, "a");
	ck_assert_str_eq(v.object.members[1].key.bytes, "c");
	ck_assert_str_eq(v.object.members[2].key.bytes, "e");
	ck_assert_str_eq(v.object.members[3].key.bytes, "f");
	ck_assert_uint_eq(v.object.members[4].key.len, 0);

	a = json_get(&v, "a");
	ck_assert_ptr_nonnull(a);
	ck_assert_int_eq(a->type, JSON_ARRAY);
	ck_assert_uint_eq(a->array.n, 2);
	ck_assert(json_number_of(json_at(a, 0), &x));
	ck_assert(x == 1.0);
	ck_assert_int_eq(json_get(json_at(a, 1), "b")->type, JSON_NULL);
	ck_assert_ptr_null(json_at(a, 2));

	d = json_get(json_get(&v, "c"), "d");
	ck_assert(json_bool_of(json_at(d, 0), &flag));
	ck_assert(flag);
	ck_assert(json_bool_of(json_at(d, 1), &flag));
	ck_assert(!flag);

	ck_assert_int_eq(json_get(&v, "e")->type, JSON_ARRAY);
	ck_assert_uint_eq(json_get(&v, "e")->array.n, 0);
	ck_assert_int_eq(json_get(&v, "f")->type, JSON_OBJECT);
	ck_assert_uint_eq(json_get(&v, "f")->object.n, 0);
	ck_assert(json_string_of(json_get(&v, ""), &s, &len));
	ck_assert_str_eq(s, "empty key");
	ck_assert_uint_eq(len, 9);

	/* Absent keys, wrong types and NULL give NULL or false, and leave *out alone. */
	ck_assert_ptr_null(json_get(&v, "b"));
	ck_assert_ptr_null(json_get(a, "a"));
	ck_assert_ptr_null(json_at(&v, 0));
	ck_assert_ptr_null(json_get(NULL, "a"));
	ck_assert_ptr_null(json_at(NULL, 0));
	x = 3;
	ck_assert(!json_number_of(a, &x));
	ck_assert(!json_number_of(NULL, &x));
	ck_assert(x == 3.0);
	ck_assert(!json_bool_of(json_get(&v, "a"), &flag));
	ck_assert(!json_string_of(a, &s, NULL));

	json_free(&v);
	ck_assert_int_eq(v.type, JSON_NULL);
	json_free(&v);
	json_free(NULL);
}
END_TEST

START_TEST(test_depth_limit)
{
	char text[2 * JSON_MAX_DEPTH + 2];
	struct json_value v;
	const struct json_value *inner;
	size_t i;

	/* 64 levels: accepted, and as deep as it says. */
	for (i = 0; i < JSON_MAX_DEPTH; i++) {
		text[i] = '[';
		text[2 * JSON_MAX_DEPTH - 1 - i] = ']';
	}
	parse_ok(&v, text, 2 * JSON_MAX_DEPTH);
	for (inner = &v, i = 1; i < JSON_MAX_DEPTH; i++)
		inner = json_at(inner, 0);
	ck_assert_int_eq(inner->type, JSON_ARRAY);
	ck_assert_uint_eq(inner->array.n, 0);
	json_free(&v);

	/* 65: refused at the 65th bracket, whatever its kind. */
	for (i = 0; i < JSON_MAX_DEPTH; i++) {
		text[i] = '[';
		text[2 * JSON_MAX_DEPTH + 1 - i] = ']';
	}
	text[JSON_MAX_DEPTH] = '{';
	text[JSON_MAX_DEPTH + 1] = '}';
	check_error(text, sizeof(text), "invalid JSON at line 1, column 65: arrays and objects "
		    "nested deeper than 64 levels", "65 levels");
}
END_TEST

START_TEST(test_duplicate_keys)
{
	assert_error("{\"a\":1,\"b\":2,\"a\":3}",
		     "invalid JSON at line 1, column 14: duplicate key 'a' in an object "
		     "(first at line 1, column 2)");
	/* Compared after decoding. */
	assert_error("{\"a\":1,\n\"\\u0061\":2}",
		     "invalid JSON at line 2, column 1: duplicate key 'a' in an object "
		     "(first at line 1, column 2)");
	/* Past the pairwise check: the earliest repeat is named, not the first in key order. */
	assert_error("{\"k0\":0,\"k1\":1,\"k2\":2,\"k3\":3,\"k4\":4,\"k5\":5,\"k6\":6,\"k7\":7,"
		     "\"z\":8,\"b\":9,\"k7\":10,\"z\":11,\"a\":12,\"a\":13}",
		     "invalid JSON at line 1, column 70: duplicate key 'k7' in an object "
		     "(first at line 1, column 51)");
	/* Keys that differ only after a NUL are different. */
	{
		struct json_value v;

		PARSE_OK(&v, "{\"a\":1,\"a\\u0000\":2}");
		ck_assert_uint_eq(v.object.n, 2);
		ck_assert_uint_eq(v.object.members[1].key.len, 2);
		json_free(&v);
	}
	/* Equal keys in different objects are no duplicates. */
	{
		struct json_value v;

		PARSE_OK(&v, "[{\"a\":1},{\"a\":2,\"b\":{\"a\":3}}]");
		json_free(&v);
	}
}
END_TEST

START_TEST(test_error_trailing_comma)
{
	assert_error("[1,\n 2,\n]", "invalid JSON at line 3, column 1: trailing comma before ']'");
	assert_error("{\"a\": 1,}", "invalid JSON at line 1, column 9: trailing comma before '}'");
	assert_error("[,]", "invalid JSON at line 1, column 2: expected a value, found ','");
}
END_TEST

START_TEST(test_error_leading_zero)
{
	assert_error("[01]", "invalid JSON at line 1, column 3: leading zero in a number");
	assert_error("-00", "invalid JSON at line 1, column 3: leading zero in a number");
}
END_TEST

START_TEST(test_error_number_grammar)
{
	assert_error("-", "invalid JSON at line 1, column 2: expected a digit after '-', found "
			  "the end of the input");
	assert_error("[-x]", "invalid JSON at line 1, column 3: expected a digit after '-', "
			     "found 'x'");
	assert_error("1.", "invalid JSON at line 1, column 3: expected a digit after the decimal "
			   "point, found the end of the input");
	assert_error("1.e5", "invalid JSON at line 1, column 3: expected a digit after the "
			     "decimal point, found 'e'");
	assert_error("1e+", "invalid JSON at line 1, column 4: expected a digit in the exponent, "
			    "found the end of the input");
	assert_error("+1", "invalid JSON at line 1, column 1: a number cannot start with '+'");
	assert_error(".5", "invalid JSON at line 1, column 1: a number needs a digit before its "
			   "decimal point");
	assert_error("[NaN]", "invalid JSON at line 1, column 2: 'NaN' is not a JSON number");
	assert_error("Infinity", "invalid JSON at line 1, column 1: 'Infinity' is not a JSON "
				 "number");
	assert_error("-Infinity", "invalid JSON at line 1, column 2: expected a digit after "
				  "'-', found 'I'");
	assert_error("0x10", "invalid JSON at line 1, column 2: expected only whitespace after "
			     "the value, found 'x'");
}
END_TEST

START_TEST(test_error_out_of_range)
{
	assert_error("[1, 1e999]", "invalid JSON at line 1, column 5: number '1e999' is out of "
				   "the range of a double");
	assert_error("-1.8e308", "invalid JSON at line 1, column 1: number '-1.8e308' is out "
				 "of the range of a double");
}
END_TEST

START_TEST(test_error_bad_escape)
{
	assert_error("\"ab\\x\"", "invalid JSON at line 1, column 4: invalid escape in a string: "
				  "a backslash followed by 'x'");
	assert_error("\"\\u12G4\"", "invalid JSON at line 1, column 2: invalid escape in a "
				    "string: '\\u' takes four hex digits");
	assert_error("\"\\U0041\"", "invalid JSON at line 1, column 2: invalid escape in a "
				    "string: a backslash followed by 'U'");
	assert_error("\"\\\x01\"", "invalid JSON at line 1, column 2: invalid escape in a "
				   "string: a backslash followed by byte 0x01");
}
END_TEST

START_TEST(test_error_lone_surrogate)
{
	assert_error("[\"\\ud800\"]", "invalid JSON at line 1, column 3: lone surrogate "
				      "'\\ud800' in a string: a high surrogate must be followed by "
				      "a low one (\\udc00 to \\udfff)");
	assert_error("\"x\\ud83d\\u0041\"", "invalid JSON at line 1, column 3: lone surrogate "
					    "'\\ud83d' in a string: a high surrogate must be "
					    "followed by a low one (\\udc00 to \\udfff)");
	/* Two highs: the first is alone. */
	assert_error("\"\\ud83d\\ud83d\\ude00\"", "invalid JSON at line 1, column 2: lone "
						  "surrogate '\\ud83d' in a string: a high "
						  "surrogate must be followed by a low one "
						  "(\\udc00 to \\udfff)");
	assert_error("\"\\uDE00\"", "invalid JSON at line 1, column 2: lone surrogate '\\ude00' "
				    "in a string: a low surrogate must follow a high one (\\ud800 "
				    "to \\udbff)");
}
END_TEST

START_TEST(test_error_control_byte)
{
	assert_error("\"a\tb\"", "invalid JSON at line 1, column 3: raw control byte 0x09 in a "
				 "string; write it as the escape \\u0009");
	assert_error("[\"line\nbreak\"]", "invalid JSON at line 1, column 7: raw control byte "
					  "0x0a in a string; write it as the escape \\u000a");
	/* A NUL byte is as raw as any: the length, not a terminator, ends the text. */
	assert_error("\"a\0\"", "invalid JSON at line 1, column 3: raw control byte 0x00 in a "
				"string; write it as the escape \\u0000");
	assert_error("1\0", "invalid JSON at line 1, column 2: expected only whitespace after the "
			    "value, found byte 0x00");
}
END_TEST

START_TEST(test_error_invalid_utf8)
{
	/* A lead byte with a bad continuation; a stray continuation after a good 'e'-acute (so
	 * the column counts characters: the string's first one is column 2, its second 3). */
	assert_error("\"\xc3\x28\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a "
				     "string: no well-formed sequence starts at byte 0xc3");
	assert_error("\"\xc3\xa9\xa9\"", "invalid JSON at line 1, column 3: invalid UTF-8 in a "
					 "string: no well-formed sequence starts at byte 0xa9");
	/* Overlong '/', an encoded surrogate (U+D800), past U+10FFFF, 0xff. */
	assert_error("\"\xc0\xaf\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a "
				     "string: no well-formed sequence starts at byte 0xc0");
	assert_error("\"\xed\xa0\x80\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a "
					 "string: no well-formed sequence starts at byte 0xed");
	assert_error("\"\xf4\x90\x80\x80\"", "invalid JSON at line 1, column 2: invalid UTF-8 "
					     "in a string: no well-formed sequence starts at byte "
					     "0xf4");
	assert_error("\"\xff\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a string: "
				 "no well-formed sequence starts at byte 0xff");
	/* The edges of each range: overlong two-, three- and four-byte forms, a lead past F4. */
	assert_error("\"\xc1\xbf\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a "
				     "string: no well-formed sequence starts at byte 0xc1");
	assert_error("\"\xe0\x9f\xbf\"", "invalid JSON at line 1, column 2: invalid UTF-8 in a "
					 "string: no well-formed sequence starts at byte 0xe0");
	assert_error("\"\xf0\x8f\xbf\xbf\"", "invalid JSON at line 1, column 2: invalid UTF-8 "
					     "in a string: no well-formed sequence starts at byte "
					     "0xf0");
	assert_error("\"\xf5\x80\x80\x80\"", "invalid JSON at line 1, column 2: invalid UTF-8 "
					     "in a string: no well-formed sequence starts at byte "
					     "0xf5");
	/* Cut short by the end of the input. */
	assert_error("\"\xe2\x82", "invalid JSON at line 1, column 2: invalid UTF-8 in a string: "
				   "no well-formed sequence starts at byte 0xe2");
	/* Outside a string, any non-ASCII byte is out of place. */
	assert_error("[\xc3\xa9]", "invalid JSON at line 1, column 2: expected a value, found "
				   "byte 0xc3");
}
END_TEST

START_TEST(test_error_trailing_garbage)
{
	assert_error("{} x", "invalid JSON at line 1, column 4: expected only whitespace after "
			     "the value, found 'x'");
	assert_error("1 2", "invalid JSON at line 1, column 3: expected only whitespace after "
			    "the value, found '2'");
	assert_error("[]\n]", "invalid JSON at line 2, column 1: expected only whitespace after "
			      "the value, found ']'");
}
END_TEST

START_TEST(test_error_empty)
{
	assert_error("", "invalid JSON at line 1, column 1: the input is empty; expected a value");
	assert_error(" \n\t", "invalid JSON at line 2, column 2: expected a value, found the end "
			      "of the input");
}
END_TEST

START_TEST(test_error_truncated)
{
	assert_error("{\"a\": [1, 2", "invalid JSON at line 1, column 12: expected ',' or ']' "
				      "after an array item, found the end of the input");
	assert_error("{\"a\"", "invalid JSON at line 1, column 5: expected ':' after an object "
			       "key, found the end of the input");
	assert_error("{\"a\":", "invalid JSON at line 1, column 6: expected a value, found the "
				"end of the input");
	assert_error("[\n\"abc", "invalid JSON at line 2, column 5: the input ends inside the "
				 "string that opens at line 2, column 1");
	assert_error("\"\\u12", "invalid JSON at line 1, column 6: the input ends inside the "
				"string that opens at line 1, column 1");
	assert_error("\"\\ud83d", "invalid JSON at line 1, column 8: the input ends inside the "
				  "string that opens at line 1, column 1");
	assert_error("tr", "invalid JSON at line 1, column 3: expected 'true', found the end of "
			   "the input");
}
END_TEST

START_TEST(test_error_other)
{
	/* The shape of the message the brief for --baseline quotes. */
	assert_error("{\n  \"a\": 1,\n  \"bb\": 22 \"c\": 3\n}",
		     "invalid JSON at line 3, column 12: expected ',' or '}' after an object "
		     "member, found '\"'");
	assert_error("{\"a\" 1}", "invalid JSON at line 1, column 6: expected ':' after an object "
				  "key, found '1'");
	assert_error("{1: 2}", "invalid JSON at line 1, column 2: expected a string key or '}', "
			       "found '1'");
	assert_error("{\"a\": 1, 2}", "invalid JSON at line 1, column 10: expected a string key "
				      "after ',', found '2'");
	assert_error("{'a': 1}", "invalid JSON at line 1, column 2: expected a string key or '}', "
				 "found a single quote");
	assert_error("['a']", "invalid JSON at line 1, column 2: strings take double quotes, not "
			      "single ones");
	assert_error("[1 // one\n]", "invalid JSON at line 1, column 4: expected ',' or ']' after "
				     "an array item, found '/'");
	assert_error("/* c */ 1", "invalid JSON at line 1, column 1: comments are not allowed in "
				  "JSON");
	assert_error("trUe", "invalid JSON at line 1, column 3: expected 'true', found 'U'");
	assert_error("nul", "invalid JSON at line 1, column 4: expected 'null', found the end of "
			    "the input");
	assert_error("\xef\xbb\xbf{}", "invalid JSON at line 1, column 1: a byte order mark "
				       "(U+FEFF) is not allowed before the value");
	/* Form feed and vertical tab are not JSON whitespace. */
	assert_error("[1,\f2]", "invalid JSON at line 1, column 4: expected a value, found byte "
				"0x0c");
}
END_TEST

/* CRLF is one line break, a lone CR is one too; columns count characters. */
START_TEST(test_error_positions)
{
	assert_error("[\r\n1,\r\n]", "invalid JSON at line 3, column 1: trailing comma before ']'");
	assert_error("[\r1,\r]", "invalid JSON at line 3, column 1: trailing comma before ']'");
	assert_error("[\"\xe2\x82\xac\xf0\x9f\x98\x80\", x]",
		     "invalid JSON at line 1, column 8: expected a value, found 'x'");
}
END_TEST

/* 100,000 items, keys, or string bytes read right. No clock is asserted (a sanitizer build or
 * a loaded machine is slow, and speed belongs in a benchmark): linear work takes milliseconds,
 * while a quadratic step in growth or the duplicate check would take minutes and end the test
 * at its time limit. */
START_TEST(test_large_inputs)
{
	enum { N = 100000 };
	char *text = malloc((size_t)N * 24 + 16);
	struct json_value v;
	size_t len, i;

	ck_assert_ptr_nonnull(text);
	len = 0;
	text[len++] = '[';
	for (i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "%s%zu.5", i ? "," : "", i);
	text[len++] = ']';
	parse_ok(&v, text, len);
	ck_assert_uint_eq(v.array.n, N);
	ck_assert(v.array.items[N - 1].number == N - 1 + 0.5);
	json_free(&v);

	len = 0;
	text[len++] = '{';
	for (i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "%s\"k%zu\":%zu", i ? "," : "", N - i, i);
	text[len++] = '}';
	parse_ok(&v, text, len);
	ck_assert_uint_eq(v.object.n, N);
	ck_assert(json_get(&v, "k1")->number == N - 1);
	json_free(&v);

	len = 0;
	text[len++] = '"';
	for (i = 0; i < N; i++)
		len += (size_t)sprintf(text + len, "ab\\n\\u00e9");
	text[len++] = '"';
	parse_ok(&v, text, len);
	ck_assert_uint_eq(v.string.len, (size_t)N * 5);
	json_free(&v);

	free(text);
}
END_TEST

START_TEST(test_type_names)
{
	ck_assert_str_eq(json_type_name(JSON_NULL), "null");
	ck_assert_str_eq(json_type_name(JSON_FALSE), "false");
	ck_assert_str_eq(json_type_name(JSON_TRUE), "true");
	ck_assert_str_eq(json_type_name(JSON_NUMBER), "number");
	ck_assert_str_eq(json_type_name(JSON_STRING), "string");
	ck_assert_str_eq(json_type_name(JSON_ARRAY), "array");
	ck_assert_str_eq(json_type_name(JSON_OBJECT), "object");
}
END_TEST

/*
 * Allocation failure, injected. This program is linked with --wrap for malloc, realloc and
 * free (Makefile.am), so every call to them, json_read.c's included, comes here first. Armed
 * with a count, the wrappers let that many allocations succeed and fail the next ones; they
 * keep count of the blocks alive, so that a failed parse can be seen to leave none behind.
 */
void *__real_malloc(size_t size);
void *__real_realloc(void *p, size_t size);
void __real_free(void *p);
void *__wrap_malloc(size_t size);
void *__wrap_realloc(void *p, size_t size);
void __wrap_free(void *p);

static long allocations_left = -1; /* -1: never fail */
static long blocks_alive;
static bool failure_injected;

static bool allocation_fails(void)
{
	if (allocations_left < 0)
		return false;
	if (allocations_left == 0) {
		failure_injected = true;
		return true;
	}
	allocations_left--;
	return false;
}

void *__wrap_malloc(size_t size)
{
	void *p = allocation_fails() ? NULL : __real_malloc(size);

	if (p)
		blocks_alive++;
	return p;
}

void *__wrap_realloc(void *p, size_t size)
{
	void *q = allocation_fails() ? NULL : __real_realloc(p, size);

	if (q && !p)
		blocks_alive++;
	return q;
}

void __wrap_free(void *p)
{
	if (p)
		blocks_alive--;
	__real_free(p);
}

/* Each allocation in turn fails: every failure is reported, and frees what was allocated. */
START_TEST(test_out_of_memory)
{
	/* Keys, items, strings, a number longer than the stack buffer, an object big enough
	 * to be sorted for its duplicate check. */
	static const char text[] =
		"{\"a\": [1, \"two\", {\"b\": [true, null, \"\\u00e9\"]}, []],"
		" \"n\": 1.000000000000000000000000000000000000000000000000000000000000000001,"
		" \"k0\": 0, \"k1\": 1, \"k2\": 2, \"k3\": 3, \"k4\": 4, \"k5\": 5,"
		" \"k6\": 6, \"k7\": 7, \"k8\": {}}";
	struct hp_err err = { .msg = "" };
	struct json_value v;
	long k, alive;
	size_t n = 0;
	int rc;

	for (k = 0;; k++) {
		ck_assert_msg(k < 1000, "still failing after 1000 allocations");
		blocks_alive = 0;
		failure_injected = false;
		allocations_left = k;
		rc = json_parse(&v, text, sizeof(text) - 1, &err);
		allocations_left = -1;
		/* Read before any assertion: Check's own (libc's asprintf, then free) skew it. */
		if (rc == 0) {
			n = v.type == JSON_OBJECT ? v.object.n : 0;
			json_free(&v);
		}
		alive = blocks_alive;
		if (rc == 0) {
			ck_assert_uint_eq(n, 11);
			ck_assert_int_eq(alive, 0);
			/* A failure to shrink an array to its size changes nothing; done when
			 * no allocation failed at all. */
			if (!failure_injected)
				break;
			continue;
		}
		ck_assert_str_eq(err.msg, "out of memory while reading JSON");
		ck_assert_int_eq(v.type, JSON_NULL);
		ck_assert_msg(alive == 0, "failing allocation %ld left %ld blocks", k, alive);
	}
	ck_assert_int_gt(k, 20);
}
END_TEST

/* JSON's decimal point is '.' in every locale: a baseline written in one reads the same in
 * another. */
START_TEST(test_decimal_comma_locale)
{
	char probe[16] = "";
	struct hp_err err = { .msg = "" };
	struct json_value v = { .type = JSON_NULL }, bad = { .type = JSON_NULL };
	const char *name = comma_locale_set();
	int rc = -1, rc_bad = 0;

	if (name) {
		snprintf(probe, sizeof(probe), "%.1f", 1.5);
		rc = json_parse(&v, "[1.5, -2.25e1, 1e-2]", 20, &err);
		/* and the locale's own form is no JSON number */
		rc_bad = json_parse(&bad, "[1,5]", 5, &err) == 0 && bad.array.n == 2 ? 0 : -1;
		setlocale(LC_NUMERIC, "C");
	}
	if (!name) {
		fprintf(stderr, "check_json_read: no decimal-comma locale installed and localedef "
				"failed: the locale test proved nothing here\n");
		return;
	}
	ck_assert_msg(strcmp(probe, "1,5") == 0, "locale %s prints 1.5 as '%s'", name, probe);
	ck_assert_msg(rc == 0, "under %s: %s", name, err.msg);
	ck_assert(v.array.items[0].number == 1.5);
	ck_assert(v.array.items[1].number == -22.5);
	ck_assert(v.array.items[2].number == 0.01);
	ck_assert_int_eq(rc_bad, 0); /* two numbers, 1 and 5 */
	ck_assert(bad.array.items[0].number == 1.0);
	json_free(&v);
	json_free(&bad);
}
END_TEST

static Suite *json_read_suite(void)
{
	Suite *s = suite_create("json_read");
	TCase *ok = tcase_create("accepted");
	TCase *bad = tcase_create("refused");
	TCase *big = tcase_create("large");

	tcase_add_test(ok, test_literals);
	tcase_add_test(ok, test_numbers);
	tcase_add_test(ok, test_number_stops_at_len);
	tcase_add_test(ok, test_strings);
	tcase_add_test(ok, test_nested);
	tcase_add_test(ok, test_depth_limit);
	tcase_add_test(ok, test_type_names);
	tcase_add_test(ok, test_decimal_comma_locale);
	suite_add_tcase(s, ok);

	tcase_add_test(bad, test_duplicate_keys);
	tcase_add_test(bad, test_error_trailing_comma);
	tcase_add_test(bad, test_error_leading_zero);
	tcase_add_test(bad, test_error_number_grammar);
	tcase_add_test(bad, test_error_out_of_range);
	tcase_add_test(bad, test_error_bad_escape);
	tcase_add_test(bad, test_error_lone_surrogate);
	tcase_add_test(bad, test_error_control_byte);
	tcase_add_test(bad, test_error_invalid_utf8);
	tcase_add_test(bad, test_error_trailing_garbage);
	tcase_add_test(bad, test_error_empty);
	tcase_add_test(bad, test_error_truncated);
	tcase_add_test(bad, test_error_other);
	tcase_add_test(bad, test_error_positions);
	tcase_add_test(bad, test_out_of_memory);
	suite_add_tcase(s, bad);

	tcase_add_test(big, test_large_inputs);
	suite_add_tcase(s, big);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_read_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
