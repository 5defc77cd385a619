/* fuzz_cpus.c - libFuzzer harness: cpu_list_parse must not crash or leak, and keeps its
 * contract: a failure leaves an empty list and a one-line message; a success means the text
 * was entries of digits or digits-digits (then trailing blanks), and gives exactly the CPUs a
 * plain reading of them names, ascending without repeats, which parse back the same once
 * written out as ranges and which keep_online keeps whole against themselves. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpus.h"
#include "fuzz_input.h"

/* Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_cpus.c src/cpus.c src/err.c -o fuzz_cpus
 * Run:   ./fuzz_cpus -max_total_time=60 -max_len=1024 corpus tests/fuzz/corpus/cpus */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The list in the kernel's shortest form, "0-3,8": at most 10 bytes a CPU. */
static char *list_write(const struct cpu_list *list)
{
	char *text = malloc(10 * list->n + 1), *p;
	size_t i, j;

	if (!text)
		return NULL;
	p = text;
	for (i = 0; i < list->n; i = j) {
		for (j = i + 1; j < list->n && list->cpus[j] == list->cpus[j - 1] + 1; j++)
			;
		p += sprintf(p, "%s%d", i ? "," : "", list->cpus[i]);
		if (j - i > 1)
			p += sprintf(p, "-%d", list->cpus[j - 1]);
	}
	*p = '\0';
	return text;
}

static const char *digits_skip(const char *p)
{
	if (*p < '0' || *p > '9')
		abort();
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

/* An accepted text, read the obvious way into want; aborts where it breaks the grammar. */
static void oracle_read(const char *text, bool *want)
{
	const char *p = text, *end = text + strlen(text);
	unsigned long lo, hi, cpu;

	while (end > text && strchr(" \t\r\n", end[-1]))
		end--;
	for (;;) {
		lo = hi = strtoul(p, NULL, 10);
		p = digits_skip(p);
		if (*p == '-') {
			hi = strtoul(p + 1, NULL, 10);
			p = digits_skip(p + 1);
		}
		if (lo > hi || hi >= CPUS_MAX)
			abort();
		for (cpu = lo; cpu <= hi; cpu++)
			want[cpu] = true;
		if (p == end)
			return;
		if (*p != ',')
			abort();
		p++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static bool want[CPUS_MAX];
	char *text = fuzz_input_text(data, size), *written;
	struct cpu_list list, again;
	struct hp_err err;
	size_t i, n_want = 0;

	if (!text)
		return 0;
	err.msg[0] = '\0';
	if (cpu_list_parse(&list, text, &err)) {
		if (list.cpus || list.n || !err.msg[0] || strchr(err.msg, '\n'))
			abort();
		free(text);
		return 0;
	}
	if (list.n == 0 || list.n > CPUS_MAX)
		abort();
	for (i = 0; i < list.n; i++)
		if (list.cpus[i] < 0 || list.cpus[i] >= CPUS_MAX ||
		    (i && list.cpus[i] <= list.cpus[i - 1]))
			abort();
	memset(want, 0, sizeof(want));
	oracle_read(text, want);
	for (i = 0; i < CPUS_MAX; i++)
		n_want += want[i];
	if (n_want != list.n)
		abort();
	for (i = 0; i < list.n; i++)
		if (!want[list.cpus[i]])
			abort();
	written = list_write(&list);
	if (written) {
		if (cpu_list_parse(&again, written, &err) || again.n != list.n ||
		    memcmp(again.cpus, list.cpus, list.n * sizeof(*list.cpus)) != 0)
			abort();
		if (cpu_list_keep_online(&again, &list) != 0 || again.n != list.n)
			abort();
		cpu_list_release(&again);
		free(written);
	}
	cpu_list_release(&list);
	free(text);
	return 0;
}
