/* formula.c - recursive-descent parser compiling formulas to postfix code, and the evaluator. */
#include "formula.h"

#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	FORMULA_MAX_LEN = 4096,
	FORMULA_MAX_DEPTH = 64,
	/*
	 * Each nesting level keeps at most three operands waiting on the stack (the left side of
	 * a '+', the left side of a '*', a function's first argument), so capping the nesting caps
	 * the stack as well and the evaluator can use a fixed array instead of allocating.
	 */
	FORMULA_MAX_STACK = 3 * (FORMULA_MAX_DEPTH + 1) + 1,
	/* Messages stay readable and within struct hp_err even for a 4096-byte formula. */
	QUOTE_TEXT_MAX = 60,
	QUOTE_TOKEN_MAX = 32,
};

enum op_kind {
	OP_NUM,
	OP_INPUT,
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_MAX,
	OP_MIN,
};

/* How many operands each instruction leaves on the stack, net. */
static const signed char op_stack_effect[] = {
	[OP_NUM] = 1,
	[OP_INPUT] = 1,
	[OP_NEG] = 0,
	[OP_ADD] = -1,
	[OP_SUB] = -1,
	[OP_MUL] = -1,
	[OP_DIV] = -1,
	[OP_MAX] = -1,
	[OP_MIN] = -1,
};

struct op {
	enum op_kind kind;
	union {
		double num;	/* OP_NUM */
		size_t input;	/* OP_INPUT: index into formula.inputs */
	} u;
};

/* Postfix code: evaluation is a loop over a flat array, with no recursion on deep trees. */
struct formula {
	struct op *ops;
	size_t n_ops;
	char **inputs;
	size_t n_inputs;
};

struct func {
	const char *name;
	enum op_kind op;
	size_t arity;
};

static const struct func funcs[] = {
	{ .name = "max", .op = OP_MAX, .arity = 2 },
	{ .name = "min", .op = OP_MIN, .arity = 2 },
};

enum tok_kind {
	TOK_NONE,	/* zero, so unlisted bytes in punct_tokens[] read as invalid */
	TOK_END,
	TOK_NUM,
	TOK_IDENT,
	TOK_PLUS,
	TOK_MINUS,
	TOK_STAR,
	TOK_SLASH,
	TOK_LPAREN,
	TOK_RPAREN,
	TOK_COMMA,
};

static const enum tok_kind punct_tokens[UCHAR_MAX + 1] = {
	['+'] = TOK_PLUS,
	['-'] = TOK_MINUS,
	['*'] = TOK_STAR,
	['/'] = TOK_SLASH,
	['('] = TOK_LPAREN,
	[')'] = TOK_RPAREN,
	[','] = TOK_COMMA,
};

struct token {
	enum tok_kind kind;
	size_t pos;
	size_t len;
	double num;
};

struct parser {
	const char *text;
	size_t len;
	size_t pos;		/* first byte not yet lexed */
	struct token tok;	/* one token of lookahead */
	unsigned int depth;
	size_t stack;		/* operands the code emitted so far leaves on the stack */
	size_t cap_ops;
	size_t cap_inputs;
	/* strtod() obeys LC_NUMERIC. hpstat itself never calls setlocale(), so its process stays
	 * in the C locale; but a program linking this parser may have set another (where the
	 * decimal point is ','), and so may a later hpstat. A formula must read the same
	 * everywhere, so numbers are converted in a C locale of their own. */
	locale_t c_locale;
	struct formula *f;
	struct hp_err *err;
};

/* Character classes are ASCII only: isalpha() and friends vary with the locale. */
static bool is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(unsigned char c)
{
	return is_alpha(c) || is_digit(c);
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

/* At most max bytes of s for a message (see err_excerpt). */
static void quote_bytes(char *buf, size_t size, const char *s, size_t len, size_t max)
{
	err_excerpt(buf, size, s, len, 0, len < max ? len : max);
}

static __attribute__((format(printf, 3, 4)))
int parser_fail(const struct parser *p, size_t pos, const char *fmt, ...)
{
	char what[256];
	char quoted[QUOTE_TEXT_MAX + 4];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	quote_bytes(quoted, sizeof(quoted), p->text, p->len, QUOTE_TEXT_MAX);
	return err_set(p->err, "formula '%s': %s at column %zu", quoted, what, pos + 1);
}

static int parser_oom(const struct parser *p)
{
	char quoted[QUOTE_TEXT_MAX + 4];

	quote_bytes(quoted, sizeof(quoted), p->text, p->len, QUOTE_TEXT_MAX);
	return err_set(p->err, "formula '%s': out of memory", quoted);
}

static int fail_token(const struct parser *p, const char *what)
{
	const struct token *t = &p->tok;
	char quoted[QUOTE_TOKEN_MAX + 4];

	if (t->kind == TOK_END)
		return parser_fail(p, t->pos, "%s end of formula", what);
	quote_bytes(quoted, sizeof(quoted), p->text + t->pos, t->len, QUOTE_TOKEN_MAX);
	return parser_fail(p, t->pos, "%s '%s'", what, quoted);
}

static int lex_number(struct parser *p, size_t start)
{
	const char *s = p->text;
	size_t len = p->len;
	size_t end = start;
	char quoted[QUOTE_TOKEN_MAX + 4];
	char *stop;
	double v;

	while (end < len && is_digit(s[end]))
		end++;
	if (end + 1 < len && s[end] == '.' && is_digit(s[end + 1])) {
		end += 2;
		while (end < len && is_digit(s[end]))
			end++;
	}
	if (end < len && (s[end] == 'e' || s[end] == 'E')) {
		size_t exp = end + 1;

		if (exp < len && (s[exp] == '+' || s[exp] == '-'))
			exp++;
		if (exp < len && is_digit(s[exp])) {
			end = exp;
			while (end < len && is_digit(s[end]))
				end++;
		}
	}
	if (end < len && (is_alnum(s[end]) || s[end] == '_' || s[end] == '.')) {
		while (end < len && (is_alnum(s[end]) || s[end] == '_' || s[end] == '.'))
			end++;
		quote_bytes(quoted, sizeof(quoted), s + start, end - start, QUOTE_TOKEN_MAX);
		return parser_fail(p, start, "malformed number '%s'", quoted);
	}

	if (!p->c_locale) {
		p->c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!p->c_locale)
			return parser_oom(p);
	}
	errno = 0;
	v = strtod_l(s + start, &stop, p->c_locale);
	quote_bytes(quoted, sizeof(quoted), s + start, end - start, QUOTE_TOKEN_MAX);
	/* The syntax was checked above, so strtod stopping elsewhere would be our bug. */
	if (stop != s + end)
		return parser_fail(p, start, "malformed number '%s'", quoted);
	if (isinf(v))
		return parser_fail(p, start, "number '%s' out of range", quoted);

	p->tok = (struct token){ .kind = TOK_NUM, .pos = start, .len = end - start, .num = v };
	p->pos = end;
	return 0;
}

static bool ident_continues(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];

	if (is_alnum(c) || c == '_' || c == '.' || c == ':')
		return true;
	/* Only a dash between two alphanumerics joins words of an event name. */
	return c == '-' && is_alnum(s[i - 1]) && i + 1 < len && is_alnum(s[i + 1]);
}

static int lex_next(struct parser *p)
{
	const char *s = p->text;
	size_t i = p->pos;
	unsigned char c;
	enum tok_kind kind;

	while (i < p->len && is_space(s[i]))
		i++;
	if (i >= p->len) {
		p->tok = (struct token){ .kind = TOK_END, .pos = i };
		p->pos = i;
		return 0;
	}

	c = (unsigned char)s[i];
	if (is_digit(c))
		return lex_number(p, i);
	if (is_alpha(c) || c == '_') {
		size_t end = i + 1;

		while (end < p->len && ident_continues(s, p->len, end))
			end++;
		p->tok = (struct token){ .kind = TOK_IDENT, .pos = i, .len = end - i };
		p->pos = end;
		return 0;
	}

	kind = punct_tokens[c];
	if (kind == TOK_NONE) {
		if (c < 0x20 || c >= 0x7f)
			return parser_fail(p, i, "invalid byte 0x%02x", c);
		return parser_fail(p, i, "invalid character '%c'", c);
	}
	p->tok = (struct token){ .kind = kind, .pos = i, .len = 1 };
	p->pos = i + 1;
	return 0;
}

static int emit(struct parser *p, struct op op)
{
	struct formula *f = p->f;

	if (f->n_ops == p->cap_ops) {
		size_t cap = p->cap_ops ? 2 * p->cap_ops : 16;
		struct op *ops = realloc(f->ops, cap * sizeof(*ops));

		if (!ops)
			return parser_oom(p);
		f->ops = ops;
		p->cap_ops = cap;
	}
	f->ops[f->n_ops++] = op;

	if (op_stack_effect[op.kind] < 0)
		p->stack -= (size_t)-op_stack_effect[op.kind];
	else
		p->stack += (size_t)op_stack_effect[op.kind];
	/* Unreachable while FORMULA_MAX_STACK matches the nesting limit; eval relies on it. */
	if (p->stack > FORMULA_MAX_STACK)
		return parser_fail(p, p->tok.pos, "formula too complex");
	return 0;
}

static int emit_input(struct parser *p, const struct token *t)
{
	struct formula *f = p->f;
	const char *name = p->text + t->pos;
	size_t i;

	for (i = 0; i < f->n_inputs; i++) {
		if (strncmp(f->inputs[i], name, t->len) == 0 && f->inputs[i][t->len] == '\0')
			return emit(p, (struct op){ .kind = OP_INPUT, .u.input = i });
	}

	if (f->n_inputs == p->cap_inputs) {
		size_t cap = p->cap_inputs ? 2 * p->cap_inputs : 4;
		char **inputs = realloc(f->inputs, cap * sizeof(*inputs));

		if (!inputs)
			return parser_oom(p);
		f->inputs = inputs;
		p->cap_inputs = cap;
	}
	f->inputs[f->n_inputs] = strndup(name, t->len);
	if (!f->inputs[f->n_inputs])
		return parser_oom(p);
	f->n_inputs++;
	return emit(p, (struct op){ .kind = OP_INPUT, .u.input = i });
}

/* Recursion goes through here, so this bounds the C stack as well as the operand stack. */
static int nest_enter(struct parser *p, size_t pos)
{
	if (++p->depth > FORMULA_MAX_DEPTH)
		return parser_fail(p, pos, "nesting deeper than %d", FORMULA_MAX_DEPTH);
	return 0;
}

static int parse_expr(struct parser *p);

static const struct func *func_find(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		if (strlen(funcs[i].name) == len && memcmp(funcs[i].name, name, len) == 0)
			return &funcs[i];
	}
	return NULL;
}

/* Called with the '(' after the function name as the current token. */
static int parse_call(struct parser *p, const struct token *name)
{
	const struct func *fn = func_find(p->text + name->pos, name->len);
	char quoted[QUOTE_TOKEN_MAX + 4];
	size_t argc = 0;

	if (!fn) {
		quote_bytes(quoted, sizeof(quoted), p->text + name->pos, name->len,
			    QUOTE_TOKEN_MAX);
		return parser_fail(p, name->pos, "unknown function '%s'", quoted);
	}
	if (nest_enter(p, name->pos) || lex_next(p))
		return -1;

	if (p->tok.kind != TOK_RPAREN) {
		for (;;) {
			size_t mark_ops = p->f->n_ops;
			size_t mark_stack = p->stack;

			if (parse_expr(p))
				return -1;
			/* Surplus arguments are only counted, so they cannot grow the stack. */
			if (++argc > fn->arity) {
				p->f->n_ops = mark_ops;
				p->stack = mark_stack;
			}
			if (p->tok.kind != TOK_COMMA)
				break;
			if (lex_next(p))
				return -1;
		}
	}
	if (p->tok.kind != TOK_RPAREN)
		return parser_fail(p, p->tok.pos, "missing ')'");
	if (argc != fn->arity)
		return parser_fail(p, name->pos, "function '%s' takes %zu arguments, got %zu",
				   fn->name, fn->arity, argc);
	if (emit(p, (struct op){ .kind = fn->op }))
		return -1;
	p->depth--;
	return lex_next(p);
}

static int parse_primary(struct parser *p)
{
	struct token t = p->tok;

	switch (t.kind) {
	case TOK_NUM:
		if (emit(p, (struct op){ .kind = OP_NUM, .u.num = t.num }))
			return -1;
		return lex_next(p);
	case TOK_IDENT:
		if (lex_next(p))
			return -1;
		if (p->tok.kind == TOK_LPAREN)
			return parse_call(p, &t);
		return emit_input(p, &t);
	case TOK_LPAREN:
		if (nest_enter(p, t.pos) || lex_next(p) || parse_expr(p))
			return -1;
		if (p->tok.kind != TOK_RPAREN)
			return parser_fail(p, p->tok.pos, "missing ')'");
		p->depth--;
		return lex_next(p);
	default:
		return fail_token(p, "unexpected");
	}
}

static int parse_unary(struct parser *p)
{
	enum tok_kind kind = p->tok.kind;

	if (kind != TOK_MINUS && kind != TOK_PLUS)
		return parse_primary(p);
	if (nest_enter(p, p->tok.pos) || lex_next(p) || parse_unary(p))
		return -1;
	p->depth--;
	return kind == TOK_MINUS ? emit(p, (struct op){ .kind = OP_NEG }) : 0;
}

static int parse_term(struct parser *p)
{
	if (parse_unary(p))
		return -1;
	while (p->tok.kind == TOK_STAR || p->tok.kind == TOK_SLASH) {
		enum op_kind op = p->tok.kind == TOK_STAR ? OP_MUL : OP_DIV;

		if (lex_next(p) || parse_unary(p) || emit(p, (struct op){ .kind = op }))
			return -1;
	}
	return 0;
}

static int parse_expr(struct parser *p)
{
	if (parse_term(p))
		return -1;
	while (p->tok.kind == TOK_PLUS || p->tok.kind == TOK_MINUS) {
		enum op_kind op = p->tok.kind == TOK_PLUS ? OP_ADD : OP_SUB;

		if (lex_next(p) || parse_term(p) || emit(p, (struct op){ .kind = op }))
			return -1;
	}
	return 0;
}

static int parse_formula(struct parser *p)
{
	if (p->len > FORMULA_MAX_LEN)
		return parser_fail(p, FORMULA_MAX_LEN, "longer than %d bytes", FORMULA_MAX_LEN);
	if (lex_next(p))
		return -1;
	if (p->tok.kind == TOK_END)
		return parser_fail(p, p->tok.pos, "empty formula");
	if (parse_expr(p))
		return -1;
	if (p->tok.kind != TOK_END)
		return fail_token(p, "trailing input");
	return 0;
}

struct formula *formula_parse(const char *text, struct hp_err *err)
{
	struct parser p = { .text = text, .err = err };
	int rc;

	if (!text) {
		err_set(err, "formula: no text given");
		return NULL;
	}
	/* Bounded so an absurdly long string is rejected without reading all of it. */
	p.len = strnlen(text, FORMULA_MAX_LEN + 1);
	p.f = calloc(1, sizeof(*p.f));
	if (!p.f) {
		parser_oom(&p);
		return NULL;
	}

	rc = parse_formula(&p);
	if (p.c_locale)
		freelocale(p.c_locale);
	if (rc) {
		formula_free(p.f);
		return NULL;
	}
	return p.f;
}

char *formula_substitute(const char *text, formula_define_fn define, void *ctx,
			 struct hp_err *err)
{
	struct parser p = { .text = text, .err = err };
	char *out = NULL;
	size_t out_len = 0, copied = 0;
	FILE *mem = open_memstream(&out, &out_len);
	int ret = -1;

	p.len = strnlen(text, FORMULA_MAX_LEN + 1);
	if (!mem)
		return parser_oom(&p), NULL;
	if (p.len > FORMULA_MAX_LEN) {
		parser_fail(&p, FORMULA_MAX_LEN, "longer than %d bytes", FORMULA_MAX_LEN);
		goto out;
	}
	if (lex_next(&p))
		goto out;
	/* Copy the text between identifiers as it is, so columns in later messages stay near
	 * what the author wrote. */
	while (p.tok.kind != TOK_END) {
		struct token ident = p.tok;
		const char *with;

		if (lex_next(&p))
			goto out;
		if (ident.kind != TOK_IDENT || p.tok.kind == TOK_LPAREN ||
		    !(with = define(ctx, text + ident.pos, ident.len)))
			continue;
		fprintf(mem, "%.*s(%s)", (int)(ident.pos - copied), text + copied, with);
		copied = ident.pos + ident.len;
	}
	fprintf(mem, "%.*s", (int)(p.len - copied), text + copied);
	ret = 0;
out:
	if (p.c_locale)
		freelocale(p.c_locale);
	/* A stream that could not grow says so by its error flag or at its close. */
	if ((ferror(mem) | fclose(mem)) != 0 && ret == 0) {
		parser_oom(&p);
		ret = -1;
	}
	if (ret) {
		free(out);
		return NULL;
	}
	return out;
}

void formula_free(struct formula *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->n_inputs; i++)
		free(f->inputs[i]);
	free(f->inputs);
	free(f->ops);
	free(f);
}

size_t formula_input_count(const struct formula *f)
{
	return f ? f->n_inputs : 0;
}

const char *formula_input(const struct formula *f, size_t i)
{
	return f && i < f->n_inputs ? f->inputs[i] : NULL;
}

static double finite_or_nan(double v)
{
	return isfinite(v) ? v : NAN;
}

double formula_eval(const struct formula *f, formula_lookup_fn lookup, void *ctx)
{
	double stack[FORMULA_MAX_STACK];
	size_t sp = 0;
	size_t i;

	if (!f)
		return NAN;
	for (i = 0; i < f->n_ops; i++) {
		const struct op *op = &f->ops[i];
		double a, b, r;

		switch (op->kind) {
		case OP_NUM:
			stack[sp++] = op->u.num;
			continue;
		case OP_INPUT:
			r = lookup ? lookup(ctx, f->inputs[op->u.input]) : NAN;
			stack[sp++] = finite_or_nan(r);
			continue;
		case OP_NEG:
			stack[sp - 1] = -stack[sp - 1];
			continue;
		default:
			break;
		}

		b = stack[--sp];
		a = stack[sp - 1];
		switch (op->kind) {
		case OP_ADD:
			r = a + b;
			break;
		case OP_SUB:
			r = a - b;
			break;
		case OP_MUL:
			r = a * b;
			break;
		case OP_DIV:
			r = b == 0.0 ? NAN : a / b;
			break;
		case OP_MAX:
			r = fmax(a, b);
			break;
		case OP_MIN:
			r = fmin(a, b);
			break;
		default:
			r = NAN;
			break;
		}
		stack[sp - 1] = finite_or_nan(r);
	}
	return sp == 1 ? stack[0] : NAN;
}
