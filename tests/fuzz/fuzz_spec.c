/* fuzz_spec.c - libFuzzer harness: spec_parse must not crash or leak, and keeps its contract:
 * a failure leaves the spec untouched with a message that fits struct hp_err whole, a success
 * adds only non-empty names. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "spec.h"

/* Build: clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_spec.c src/spec.c src/err.c -o fuzz_spec
 * (tests/fuzz/fuzz_input.h, beside the harness, is found without a -I.) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spec spec = { 0 };
	struct hp_err err;
	char *text = fuzz_input_text(data, size);
	size_t i;

	if (!text)
		return 0;
	/* A first list so that a failing second one must leave it exactly as it was. */
	if (spec_parse(&spec, "cycles,{a,b}:u", &err))
		abort();
	if (spec_parse(&spec, text, &err)) {
		if (spec.n_events != 3 || spec.n_groups != 1 || !err.msg[0])
			abort();
		/* a message filling the buffer was cut short: its end is lost */
		if (strlen(err.msg) + 1 >= sizeof(err.msg))
			abort();
	} else {
		for (i = 0; i < spec.n_events; i++)
			if (!spec.events[i].name[0] || spec.events[i].group >= spec.n_groups)
				abort();
	}
	spec_release(&spec);
	free(text);
	return 0;
}
