/* fuzz_baseline.c - libFuzzer harness: baseline_parse must not crash, leak or read past its
 * input, and keeps its contract. A failure is one line; a success holds at least one run, and
 * every quantity it rebuilt has a finite mean within the bounds a saved value may take, so
 * that no comparison against it can print an infinite or undefined change. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"

/* Build: clang -std=c11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_baseline.c src/baseline.c src/comparison.c src/change.c \
 *        src/stats.c src/json_read.c src/err.c -lm -o fuzz_baseline
 * Run:   ./fuzz_baseline -max_total_time=60 -max_len=4096 corpus tests/fuzz/corpus/baseline
 * baseline_parse takes a length: the harness hands it libFuzzer's own buffer, exactly size
 * bytes, so that AddressSanitizer sees any read past the end. */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct baseline b;
	struct hp_err err = { .msg = "" };
	size_t i;

	if (baseline_parse(&b, (const char *)data, size, "f.json", &err)) {
		if (!err.msg[0] || strchr(err.msg, '\n'))
			abort();
		baseline_release(&b);
		return 0;
	}
	if (b.runs == 0 || !b.command)
		abort();
	for (i = 0; i < b.quantities.n; i++) {
		const struct stats *s = &b.quantities.items[i].stats;

		if (s->n > b.runs || (s->n && !(fabs(stats_mean(s)) <= 2e19)))
			abort();
	}
	baseline_release(&b);
	return 0;
}
