/* formula.h - derived-metric formulas over event names: parse once, evaluate many times. */
#ifndef HPSTAT_FORMULA_H
#define HPSTAT_FORMULA_H

#include <stddef.h>

#include "err.h"

/*
 * One syntax serves the built-in metrics and user preset files:
 *
 *   expr    := term { ('+' | '-') term }
 *   term    := unary { ('*' | '/') unary }
 *   unary   := ('-' | '+') unary | primary
 *   primary := number | identifier | identifier '(' args ')' | '(' expr ')'
 *   args    := [ expr { ',' expr } ]
 *
 * Binary operators are left associative; '*' and '/' bind tighter than '+' and '-'.
 * Whitespace (space, tab, newline, CR, VT, FF) may appear between any two tokens.
 *
 * Numbers: digits, then optionally '.' and digits, then optionally 'e' or 'E', an optional sign
 * and digits: 100, 0.5, 1e9, 2.5E-3. The decimal point is '.' whatever the process locale.
 * A number run straight into a letter, digit, '_' or '.' is malformed ("2x", "1.5.3", "1e").
 * A value too large for a double is an error; a too small one becomes 0.
 *
 * Identifiers name events. The first character is an ASCII letter or '_'; the following ones are
 * ASCII letters, digits, '_', '.', ':', and '-' when BOTH of its neighbours are letters or
 * digits. Hence "L1-dcache-load-misses", "stalled-cycles-frontend" and "cycles:u" are single
 * identifiers, and so are "a-b" and "a-1": perf event names use a dash between words, never as
 * arithmetic, so the lexer never splits them. To subtract, put a space on either side of the
 * '-': "a - b", "a -1", "a- 1". A '-' after '_', '.' or ':' always ends the identifier.
 *
 * Functions: an identifier followed (whitespace allowed) by '(' is a call. Known functions are
 * max(x, y) and min(x, y); names are case sensitive. An identifier that is not followed by '('
 * is an event even when it is spelled "max".
 *
 * Limits: 4096 bytes of text, and 64 levels of nesting, where every parenthesised group, every
 * function call and every unary sign opens one level ("--1" nests two deep).
 */

/* Opaque and immutable once parsed, so one formula may be evaluated from several threads. */
struct formula;

/*
 * Parses text (NUL terminated, not retained). Returns a formula owned by the caller, to be
 * released with formula_free(). On error returns NULL and, when err is not NULL, writes a
 * message naming the formula and the 1-based byte column of the problem, e.g.
 *   "formula 'a / (b': missing ')' at column 8"
 * Diagnosed: empty formula, invalid character, malformed number, number out of range,
 * unexpected token or end, missing ')', trailing input, unknown function, wrong argument count,
 * nesting deeper than 64, text longer than 4096 bytes. Out of memory is reported without column.
 */
struct formula *formula_parse(const char *text, struct hp_err *err);

/* Releases f and every string it owns; NULL is a no-op. */
void formula_free(struct formula *f);

/*
 * The distinct identifiers the formula reads, in order of first appearance; function names are
 * not included. The strings are owned by f and live as long as it. formula_input() returns NULL
 * when i is out of range.
 */
size_t formula_input_count(const struct formula *f);
const char *formula_input(const struct formula *f, size_t i);

/*
 * Returns the text that replaces identifier name (len bytes, not NUL-terminated) in
 * formula_substitute(), or NULL to keep the identifier.
 */
typedef const char *(*formula_define_fn)(void *ctx, const char *name, size_t len);

/*
 * Copies text with every identifier that define() knows replaced by "(" its text ")", so a
 * preset's named sub-expressions read as if written out. A function name (an identifier
 * followed by '(') is never replaced. The copy is malloc'd, the caller's to free. On error
 * returns NULL with formula_parse()'s message for text that does not lex, or "out of memory".
 * The replacement texts are not lexed here; formula_parse() of the result checks them.
 */
char *formula_substitute(const char *text, formula_define_fn define, void *ctx,
			 struct hp_err *err);

/*
 * Returns the value of the identifier name (a string owned by the formula), or NaN when the
 * event is unknown or was not counted. It may be called more than once for the same name
 * during one evaluation, so it should be cheap and free of side effects.
 */
typedef double (*formula_lookup_fn)(void *ctx, const char *name);

/*
 * Evaluates f, asking lookup (with ctx passed through) for each identifier. Never returns an
 * infinity: a lookup value that is not finite counts as NaN, and so does the result of any
 * operation that is not finite, division by zero included. NaN propagates through + - * / and
 * unary minus; max() and min() ignore one NaN argument like C's fmax()/fmin(), so a metric can
 * use whichever of two events was counted. Returns NaN when f is NULL; a NULL lookup makes
 * every identifier NaN.
 */
double formula_eval(const struct formula *f, formula_lookup_fn lookup, void *ctx);

#endif
