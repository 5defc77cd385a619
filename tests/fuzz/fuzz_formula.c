/* fuzz_formula.c - libFuzzer harness: formula_parse/eval must not crash, leak or yield inf. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "fuzz_input.h"

/* Build: clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_formula.c src/formula.c src/err.c -lm -o fuzz_formula
 * (tests/fuzz/fuzz_input.h, beside the harness, is found without a -I.) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Mixes ordinary values, zero and NaN so that every evaluation path is taken. */
static double lookup_hash(void *ctx, const char *name)
{
	static const double values[] = { 0, 2, -3.5, 1e308, NAN };
	size_t h = 0;

	(void)ctx;
	for (; *name; name++)
		h = h * 131 + (unsigned char)*name;
	return values[h % (sizeof(values) / sizeof(values[0]))];
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hp_err err = { .msg = "" };
	struct formula *f;
	char *text = fuzz_input_text(data, size);
	size_t i;

	if (!text)
		return 0;

	f = formula_parse(text, &err);
	if (!f) {
		if (strncmp(err.msg, "formula '", 9) != 0)
			abort();
	} else {
		for (i = 0; i < formula_input_count(f); i++) {
			if (!formula_input(f, i))
				abort();
		}
		if (isinf(formula_eval(f, lookup_hash, NULL)))
			abort();
		formula_free(f);
	}
	free(text);
	return 0;
}
