/* check_formula.c - Check unit tests for the formula parser and evaluator (src/formula.c). */
#include <check.h>
#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

struct var {
	const char *name;
	double value;
};

/* Looks names up in a NULL-terminated table; anything absent was "not counted". */
static double lookup_vars(void *ctx, const char *name)
{
	const struct var *v;

	for (v = ctx; v && v->name; v++) {
		if (strcmp(v->name, name) == 0)
			return v->value;
	}
	return NAN;
}

static struct formula *parse_ok(const char *text)
{
	struct hp_err err = { .msg = "" };
	struct formula *f = formula_parse(text, &err);

	ck_assert_msg(f != NULL, "'%s' failed to parse: %s", text, err.msg);
	return f;
}

static double eval_text(const char *text, struct var *vars)
{
	struct formula *f = parse_ok(text);
	double v = formula_eval(f, lookup_vars, vars);

	formula_free(f);
	return v;
}

static void assert_value(const char *text, struct var *vars, double want)
{
	double got = eval_text(text, vars);

	ck_assert_msg(fabs(got - want) <= 1e-12 * fmax(1.0, fabs(want)),
		      "'%s' = %.17g, want %.17g", text, got, want);
}

static void assert_nan(const char *text, struct var *vars)
{
	double got = eval_text(text, vars);

	ck_assert_msg(isnan(got), "'%s' = %.17g, want NaN", text, got);
}

static void assert_parse_error(const char *text, const char *want)
{
	struct hp_err err = { .msg = "" };
	struct formula *f = formula_parse(text, &err);

	ck_assert_msg(f == NULL, "'%s' parsed but should fail with: %s", text, want);
	ck_assert_str_eq(err.msg, want);
}

struct value_case {
	const char *text;
	double want;
};

static const struct value_case precedence_cases[] = {
	{ .text = "1 + 2 * 3", .want = 7 },
	{ .text = "(1 + 2) * 3", .want = 9 },
	{ .text = "8 / 4 / 2", .want = 1 },
	{ .text = "2 - 3 - 4", .want = -5 },
	{ .text = "1 - 2 + 3", .want = 2 },
	{ .text = "12 / 4 * 3", .want = 9 },
	{ .text = "2 * 3 + 4 * 5", .want = 26 },
	{ .text = "2 * (3 + 4) * 5", .want = 70 },
	{ .text = "100", .want = 100 },
	{ .text = "1e9", .want = 1e9 },
	{ .text = "0.5", .want = 0.5 },
	{ .text = "2.5E-3", .want = 2.5e-3 },
	{ .text = "1e+2 / 4", .want = 25 },
	{ .text = "007", .want = 7 },
	{ .text = "1e-999", .want = 0 },
	{ .text = "2-1", .want = 1 },
};

START_TEST(test_precedence)
{
	assert_value(precedence_cases[_i].text, NULL, precedence_cases[_i].want);
}
END_TEST

static const struct value_case unary_cases[] = {
	{ .text = "-2 * -3", .want = 6 },
	{ .text = "--1", .want = 1 },
	{ .text = "-+-1", .want = 1 },
	{ .text = "+5", .want = 5 },
	{ .text = "-(2 + 3)", .want = -5 },
	{ .text = "2 - -3", .want = 5 },
	{ .text = "2--3", .want = 5 },
	{ .text = "- 2", .want = -2 },
	{ .text = "-2 * 3 + 1", .want = -5 },
	{ .text = "-max(1, 2)", .want = -2 },
};

START_TEST(test_unary)
{
	assert_value(unary_cases[_i].text, NULL, unary_cases[_i].want);
}
END_TEST

START_TEST(test_whitespace)
{
	struct var vars[] = { { .name = "a", .value = 6 }, { .name = "b", .value = 3 }, { 0 } };

	assert_value(" \t1\n+\r2 *\v3\f ", NULL, 7);
	assert_value("(1+2)*3", NULL, 9);
	assert_value("max ( 1 , 2 )", NULL, 2);
	assert_value("max(1,2)", NULL, 2);
	assert_value("\ta/b\n", vars, 2);
	assert_value("  a  /  b  ", vars, 2);
}
END_TEST

struct ident_case {
	const char *text;
	size_t count;
	const char *names[3];
};

static const struct ident_case ident_cases[] = {
	{ .text = "L1-dcache-load-misses / L1-dcache-loads", .count = 2,
	  .names = { "L1-dcache-load-misses", "L1-dcache-loads" } },
	{ .text = "stalled-cycles-frontend", .count = 1, .names = { "stalled-cycles-frontend" } },
	{ .text = "cycles:u / instructions:k", .count = 2,
	  .names = { "cycles:u", "instructions:k" } },
	{ .text = "uncore_imc.cas_count_read*64", .count = 1,
	  .names = { "uncore_imc.cas_count_read" } },
	{ .text = "_x1 + x_2", .count = 2, .names = { "_x1", "x_2" } },
	{ .text = "a-1", .count = 1, .names = { "a-1" } },
	{ .text = "a-b", .count = 1, .names = { "a-b" } },
	{ .text = "a - b", .count = 2, .names = { "a", "b" } },
	{ .text = "a -1", .count = 1, .names = { "a" } },
	{ .text = "a- 1", .count = 1, .names = { "a" } },
	{ .text = "a_-1", .count = 1, .names = { "a_" } },
	{ .text = "x.-y", .count = 2, .names = { "x.", "y" } },
	{ .text = "a--b", .count = 2, .names = { "a", "b" } },
	{ .text = "max + min", .count = 2, .names = { "max", "min" } },
	{ .text = "max(cycles, cpu-cycles)", .count = 2, .names = { "cycles", "cpu-cycles" } },
	{ .text = "1 + 2", .count = 0 },
};

START_TEST(test_identifiers)
{
	const struct ident_case *c = &ident_cases[_i];
	struct formula *f = parse_ok(c->text);
	size_t i;

	ck_assert_uint_eq(formula_input_count(f), c->count);
	for (i = 0; i < c->count; i++)
		ck_assert_str_eq(formula_input(f, i), c->names[i]);
	ck_assert_ptr_null(formula_input(f, c->count));
	formula_free(f);
}
END_TEST

START_TEST(test_identifier_values)
{
	struct var vars[] = {
		{ .name = "L1-dcache-load-misses", .value = 25 },
		{ .name = "L1-dcache-loads", .value = 100 },
		{ .name = "a", .value = 10 },
		{ .name = "b", .value = 4 },
		{ .name = "a-1", .value = 1000 },
		{ .name = "a_", .value = 7 },
		{ 0 },
	};

	assert_value("L1-dcache-load-misses / L1-dcache-loads", vars, 0.25);
	assert_value("a - b", vars, 6);
	assert_value("a -1", vars, 9);
	assert_value("a-1", vars, 1000);
	assert_value("a_-1", vars, 6);
	assert_value("a--b", vars, 14);
}
END_TEST

START_TEST(test_division_by_zero)
{
	struct var vars[] = { { .name = "a", .value = 5 }, { .name = "z", .value = 0 }, { 0 } };

	assert_nan("1 / 0", NULL);
	assert_nan("-1 / 0", NULL);
	assert_nan("0 / 0", NULL);
	assert_nan("1 / (2 - 2)", NULL);
	assert_nan("a / z", vars);
	assert_nan("a / -z", vars);
	assert_nan("(a / z) * 0", vars);
	/* Overflow is not division by zero, but must not leak an infinity either. */
	assert_nan("1e300 * 1e300", NULL);
	assert_nan("-1e308 - 1e308", NULL);
	assert_value("0 / a", vars, 0);
}
END_TEST

static double lookup_inf(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "pos") == 0 ? INFINITY : -INFINITY;
}

START_TEST(test_nan_propagation)
{
	struct var vars[] = { { .name = "a", .value = 2 }, { .name = "n", .value = NAN }, { 0 } };
	struct formula *f;

	assert_nan("u + 1", vars);
	assert_nan("u * 0", vars);
	assert_nan("0 * u", vars);
	assert_nan("-u", vars);
	assert_nan("(u)", vars);
	assert_nan("u / 1", vars);
	assert_nan("1 / u", vars);
	assert_nan("a - n", vars);
	assert_nan("a + a * (a - n)", vars);
	assert_value("a * a", vars, 4);

	/* A NULL lookup makes every input unavailable; constants still evaluate. */
	f = parse_ok("a + 1");
	ck_assert(isnan(formula_eval(f, NULL, NULL)));
	formula_free(f);
	f = parse_ok("1 + 1");
	ck_assert(formula_eval(f, NULL, NULL) == 2);
	formula_free(f);
	ck_assert(isnan(formula_eval(NULL, lookup_vars, vars)));

	/* Infinite lookups count as unavailable. */
	f = parse_ok("pos + 1");
	ck_assert(isnan(formula_eval(f, lookup_inf, NULL)));
	formula_free(f);
	f = parse_ok("max(neg, 3)");
	ck_assert(formula_eval(f, lookup_inf, NULL) == 3);
	formula_free(f);
}
END_TEST

START_TEST(test_max_min)
{
	struct var vars[] = {
		{ .name = "a", .value = 2 },
		{ .name = "b", .value = 3 },
		{ .name = "n", .value = NAN },
		{ 0 },
	};

	assert_value("max(a, b)", vars, 3);
	assert_value("min(a, b)", vars, 2);
	assert_value("max(n, b)", vars, 3);
	assert_value("max(a, n)", vars, 2);
	assert_value("min(n, b)", vars, 3);
	assert_value("min(a, unknown)", vars, 2);
	assert_nan("max(n, unknown)", vars);
	assert_nan("min(n, n)", vars);
	/* NaN from a sub-expression is ignored the same way, division by zero included. */
	assert_value("max(1 / 0, 4)", vars, 4);
	assert_value("min(a * n, b + 1)", vars, 4);
	/* Outside the function NaN still propagates. */
	assert_nan("max(a, b) + n", vars);
	assert_nan("max(a, b) / (a - a)", vars);
	assert_value("max(min(a, b), max(n, 1)) * 10", vars, 20);
	assert_value("max(-a, -b)", vars, -2);
}
END_TEST

START_TEST(test_inputs_dedup_order)
{
	struct formula *f = parse_ok("b + a * b - c / a + max(b, d) + c");

	ck_assert_uint_eq(formula_input_count(f), 4);
	ck_assert_str_eq(formula_input(f, 0), "b");
	ck_assert_str_eq(formula_input(f, 1), "a");
	ck_assert_str_eq(formula_input(f, 2), "c");
	ck_assert_str_eq(formula_input(f, 3), "d");
	ck_assert_ptr_null(formula_input(f, 4));
	ck_assert_ptr_null(formula_input(f, (size_t)-1));
	formula_free(f);

	/* A name that is a prefix of another is still a different input. */
	f = parse_ok("cycles + cycles:u + cycles + cycle");
	ck_assert_uint_eq(formula_input_count(f), 3);
	ck_assert_str_eq(formula_input(f, 0), "cycles");
	ck_assert_str_eq(formula_input(f, 1), "cycles:u");
	ck_assert_str_eq(formula_input(f, 2), "cycle");
	formula_free(f);

	ck_assert_uint_eq(formula_input_count(NULL), 0);
	ck_assert_ptr_null(formula_input(NULL, 0));
}
END_TEST

struct error_case {
	const char *text;
	const char *msg;
};

static const struct error_case error_cases[] = {
	{ "", "formula '': empty formula at column 1" },
	{ "   ", "formula '   ': empty formula at column 4" },
	{ "a +", "formula 'a +': unexpected end of formula at column 4" },
	{ "-", "formula '-': unexpected end of formula at column 2" },
	{ "cycles\n/", "formula 'cycles?/': unexpected end of formula at column 9" },
	{ "a * / b", "formula 'a * / b': unexpected '/' at column 5" },
	{ "()", "formula '()': unexpected ')' at column 2" },
	{ "max(a, )", "formula 'max(a, )': unexpected ')' at column 8" },
	{ "a / (b", "formula 'a / (b': missing ')' at column 7" },
	{ "(a b)", "formula '(a b)': missing ')' at column 4" },
	{ "max(a b)", "formula 'max(a b)': missing ')' at column 7" },
	{ "max(a, b", "formula 'max(a, b': missing ')' at column 9" },
	{ "a b", "formula 'a b': trailing input 'b' at column 3" },
	{ "(a))", "formula '(a))': trailing input ')' at column 4" },
	{ "1, 2", "formula '1, 2': trailing input ',' at column 2" },
	{ "foo(a)", "formula 'foo(a)': unknown function 'foo' at column 1" },
	{ "1 + MAX(a, b)", "formula '1 + MAX(a, b)': unknown function 'MAX' at column 5" },
	{ "max(a)", "formula 'max(a)': function 'max' takes 2 arguments, got 1 at column 1" },
	{ "min()", "formula 'min()': function 'min' takes 2 arguments, got 0 at column 1" },
	{ "2 * min(a, b, c)",
	  "formula '2 * min(a, b, c)': function 'min' takes 2 arguments, got 3 at column 5" },
	{ "1e999", "formula '1e999': number '1e999' out of range at column 1" },
	{ "x / 2e400", "formula 'x / 2e400': number '2e400' out of range at column 5" },
	{ "2x", "formula '2x': malformed number '2x' at column 1" },
	{ "1.5.3", "formula '1.5.3': malformed number '1.5.3' at column 1" },
	{ "3 * 1e", "formula '3 * 1e': malformed number '1e' at column 5" },
	{ "1e+", "formula '1e+': malformed number '1e' at column 1" },
	{ "a $ b", "formula 'a $ b': invalid character '$' at column 3" },
	{ ".5", "formula '.5': invalid character '.' at column 1" },
	{ "a\x01", "formula 'a?': invalid byte 0x01 at column 2" },
	{ "a / \xc3\xa9", "formula 'a / ?" "?': invalid byte 0xc3 at column 5" },
};

START_TEST(test_errors)
{
	assert_parse_error(error_cases[_i].text, error_cases[_i].msg);
}
END_TEST

START_TEST(test_error_without_err)
{
	struct hp_err err = { .msg = "" };

	ck_assert_ptr_null(formula_parse("(", NULL));
	ck_assert_ptr_null(formula_parse(NULL, NULL));
	ck_assert_ptr_null(formula_parse(NULL, &err));
	ck_assert_str_eq(err.msg, "formula: no text given");
	formula_free(NULL);
}
END_TEST

/* Returns a malloc'd string of n copies of open, then mid, then n copies of close. */
static char *nested(size_t n, const char *open, const char *mid, const char *close)
{
	size_t lo = strlen(open), lm = strlen(mid), lc = strlen(close);
	char *s = malloc(n * (lo + lc) + lm + 1);
	char *p = s;
	size_t i;

	ck_assert_ptr_nonnull(s);
	for (i = 0; i < n; i++, p += lo)
		memcpy(p, open, lo);
	memcpy(p, mid, lm);
	p += lm;
	for (i = 0; i < n; i++, p += lc)
		memcpy(p, close, lc);
	*p = '\0';
	return s;
}

static void assert_nesting_error(const char *text, size_t column)
{
	char want[256];

	snprintf(want, sizeof(want), "formula '%.60s%s': nesting deeper than 64 at column %zu",
		 text, strlen(text) > 60 ? "..." : "", column);
	assert_parse_error(text, want);
}

START_TEST(test_nesting)
{
	char *s;

	s = nested(64, "(", "1", ")");
	assert_value(s, NULL, 1);
	free(s);
	s = nested(65, "(", "1", ")");
	assert_nesting_error(s, 65);
	free(s);
	/* Far deeper than the limit but within the length limit: rejected, not a crash. */
	s = nested(2000, "(", "1", ")");
	assert_nesting_error(s, 65);
	free(s);

	s = nested(64, "-", "1", "");
	assert_value(s, NULL, 1);
	free(s);
	s = nested(4000, "-", "1", "");
	assert_nesting_error(s, 65);
	free(s);

	s = nested(64, "max(1, ", "2", ")");
	assert_value(s, NULL, 2);
	free(s);
	s = nested(65, "max(1, ", "2", ")");
	assert_nesting_error(s, 65 * 7 - 6);
	free(s);

	/* Most operands waiting at every level: the evaluator's fixed stack must hold them. */
	s = nested(64, "1+1*max(1,1+1*", "1", ")");
	assert_value(s, NULL, 129);
	free(s);
	s = nested(63, "-(1+1*max(1,1+1*", "1", "))");
	assert_nesting_error(s, 21 * 16 + 2);
	free(s);
}
END_TEST

START_TEST(test_length_limit)
{
	char *s = malloc(4098);
	char want[256];
	size_t i;

	ck_assert_ptr_nonnull(s);
	/* "1+1+...+1" padded with a space to exactly 4096 bytes. */
	for (i = 0; i < 4095; i++)
		s[i] = i % 2 ? '+' : '1';
	s[4095] = ' ';
	s[4096] = '\0';
	assert_value(s, NULL, 2048);

	s[4096] = '1';
	s[4097] = '\0';
	snprintf(want, sizeof(want),
		 "formula '%.60s...': longer than 4096 bytes at column 4097", s);
	assert_parse_error(s, want);

	/* Long chains evaluate without recursion, and long names survive intact. */
	for (i = 0; i < 4000; i++)
		s[i] = 'e';
	s[4000] = '\0';
	{
		struct formula *f = parse_ok(s);

		ck_assert_uint_eq(strlen(formula_input(f, 0)), 4000);
		formula_free(f);
	}
	free(s);
}
END_TEST

START_TEST(test_locale_independent)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8", "ru_RU.UTF-8",
	};
	size_t i;

	for (i = 0; i < sizeof(locales) / sizeof(locales[0]); i++) {
		if (setlocale(LC_NUMERIC, locales[i]))
			break;
	}
	/* Only meaningful where a comma-decimal locale is installed; passes either way. */
	assert_value("0.5 + 1.25e1", NULL, 13);
	setlocale(LC_NUMERIC, "C");
}
END_TEST

/* xorshift64: a fixed sequence on every libc, so any failure reproduces. */
static uint64_t rng_next(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return x;
}

static double lookup_noisy(void *ctx, const char *name)
{
	static const double values[] = { 0, 1, -1, 3.5, 1e300, -1e-300, NAN };
	size_t h = strlen(name);

	(void)ctx;
	for (; *name; name++)
		h = h * 31 + (unsigned char)*name;
	return values[h % (sizeof(values) / sizeof(values[0]))];
}

static void fuzz_one(const char *text)
{
	struct hp_err err = { .msg = "" };
	struct formula *f = formula_parse(text, &err);
	size_t i, n;
	double v;

	if (!f) {
		ck_assert_msg(strncmp(err.msg, "formula '", 9) == 0, "bad message: %s", err.msg);
		ck_assert_msg(strstr(err.msg, " at column ") != NULL, "no column: %s", err.msg);
		return;
	}
	n = formula_input_count(f);
	for (i = 0; i < n; i++)
		ck_assert_ptr_nonnull(formula_input(f, i));
	v = formula_eval(f, lookup_noisy, NULL);
	ck_assert_msg(!isinf(v), "'%s' evaluated to infinity", text);
	formula_free(f);
}

START_TEST(test_fuzz)
{
	/* Grammar-heavy alphabet so that many inputs get deep into the parser. */
	static const char alphabet[] = "()()+-*/,  \t0123456789.eE_:-abxyz max( min( L1-dcache";
	static const char *const seeds[] = {
		"L1-dcache-load-misses / L1-dcache-loads",
		"max(a, b) * 1e9 / (cycles - -stalled-cycles-frontend)",
		"min(x:u, 2.5e-3) + ((1))",
	};
	uint64_t rng = 0x9e3779b97f4a7c15u;
	char buf[129];
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		size_t len = rng_next(&rng) % 128;
		size_t i;

		for (i = 0; i < len; i++) {
			uint64_t r = rng_next(&rng);

			if (r % 4 == 0)
				buf[i] = (char)(1 + (r >> 8) % 255);
			else
				buf[i] = alphabet[(r >> 8) % (sizeof(alphabet) - 1)];
		}
		buf[len] = '\0';
		fuzz_one(buf);
	}

	/* Mutations of valid formulas reach the deeper error paths more often. */
	for (iter = 0; iter < 10000; iter++) {
		const char *seed = seeds[iter % 3];
		size_t len = strlen(seed);
		int flips = 1 + (int)(rng_next(&rng) % 3);

		memcpy(buf, seed, len + 1);
		while (flips-- > 0) {
			uint64_t r = rng_next(&rng);

			buf[r % len] = alphabet[(r >> 16) % (sizeof(alphabet) - 1)];
		}
		fuzz_one(buf);
	}
}
END_TEST

#define N_CASES(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- formula_substitute ---- */

static const char *test_defines(void *ctx, const char *name, size_t len)
{
	(void)ctx;
	if (len == 5 && strncmp(name, "slots", 5) == 0)
		return "4 * cycles";
	if (len == 3 && strncmp(name, "max", 3) == 0)
		return "WRONG";
	return NULL;
}

static void assert_substituted(const char *text, const char *expected)
{
	struct hp_err err = { .msg = "" };
	char *out = formula_substitute(text, test_defines, NULL, &err);

	ck_assert_msg(out, "'%s' failed: %s", text, err.msg);
	ck_assert_str_eq(out, expected);
	free(out);
}

/* Whole identifiers only, never a function name, the rest copied byte for byte. */
START_TEST(test_substitute)
{
	assert_substituted("slots", "(4 * cycles)");
	assert_substituted("a/slots+ slots", "a/(4 * cycles)+ (4 * cycles)");
	assert_substituted("slots2 + slots:u + x.slots + slots-x", "slots2 + slots:u + x.slots + slots-x");
	assert_substituted("max(slots, max)", "max((4 * cycles), (WRONG))");
	assert_substituted("  1e3 *\tslots  ", "  1e3 *\t(4 * cycles)  ");
	assert_substituted("", "");
}
END_TEST

START_TEST(test_substitute_errors)
{
	struct hp_err err = { .msg = "" };
	char *big = malloc(5000);

	ck_assert_ptr_null(formula_substitute("slots $ 2", test_defines, NULL, &err));
	ck_assert_str_eq(err.msg, "formula 'slots $ 2': invalid character '$' at column 7");
	memset(big, 'a', 4999);
	big[4999] = '\0';
	ck_assert_ptr_null(formula_substitute(big, test_defines, NULL, &err));
	ck_assert(strstr(err.msg, "longer than 4096 bytes at column 4097"));
	free(big);
}
END_TEST

static Suite *formula_suite(void)
{
	Suite *s = suite_create("formula");
	TCase *tc = tcase_create("core");

	/* Generous, since valgrind runs slow the fuzz test down a lot. */
	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_precedence, 0, N_CASES(precedence_cases));
	tcase_add_loop_test(tc, test_unary, 0, N_CASES(unary_cases));
	tcase_add_test(tc, test_whitespace);
	tcase_add_loop_test(tc, test_identifiers, 0, N_CASES(ident_cases));
	tcase_add_test(tc, test_identifier_values);
	tcase_add_test(tc, test_division_by_zero);
	tcase_add_test(tc, test_nan_propagation);
	tcase_add_test(tc, test_max_min);
	tcase_add_test(tc, test_inputs_dedup_order);
	tcase_add_loop_test(tc, test_errors, 0, N_CASES(error_cases));
	tcase_add_test(tc, test_error_without_err);
	tcase_add_test(tc, test_nesting);
	tcase_add_test(tc, test_length_limit);
	tcase_add_test(tc, test_locale_independent);
	tcase_add_test(tc, test_fuzz);
	tcase_add_test(tc, test_substitute);
	tcase_add_test(tc, test_substitute_errors);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(formula_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
