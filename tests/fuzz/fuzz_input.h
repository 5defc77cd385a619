/* fuzz_input.h - the libFuzzer harnesses' view of their input: a NUL-terminated string. */
#ifndef HPSTAT_FUZZ_INPUT_H
#define HPSTAT_FUZZ_INPUT_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * A malloc'd copy of the size bytes at data with a NUL after them (a NUL inside stays: the
 * parser then sees a shorter string), for parsers that take C strings. NULL when out of
 * memory: the harness returns 0 then. The caller frees it.
 */
static inline char *fuzz_input_text(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);

	if (!text)
		return NULL;
	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

#endif
