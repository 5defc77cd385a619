/* fuzz_words.c - libFuzzer harness: words_split must not crash or leak, and keeps its contract:
 * a failure leaves nothing behind; a success gives at least one word, and the words, each put
 * back in single quotes, split again into the very same words. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "words.h"

/* Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_words.c src/words.c src/err.c -o fuzz_words
 * Run:   ./fuzz_words -max_total_time=60 -max_len=512 corpus tests/fuzz/corpus/words */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The words as one line a shell would split back into them: each in single quotes, a single
 * quote inside written as '\'' (close, escaped quote, reopen). */
static char *quoted_line(char **words)
{
	size_t len = 1, i;
	char *line, *p;

	for (i = 0; words[i]; i++)
		len += 4 * strlen(words[i]) + 3;
	line = malloc(len);
	if (!line)
		return NULL;
	p = line;
	for (i = 0; words[i]; i++) {
		const char *c;

		*p++ = '\'';
		for (c = words[i]; *c; c++) {
			if (*c == '\'') {
				memcpy(p, "'\\''", 4);
				p += 4;
			} else {
				*p++ = *c;
			}
		}
		*p++ = '\'';
		*p++ = ' ';
	}
	*p = '\0';
	return line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_input_text(data, size), *line;
	char **words = NULL, **again = NULL;
	struct hp_err err;
	size_t i;

	if (!text)
		return 0;
	if (words_split(text, &words, &err)) {
		if (words != NULL || !err.msg[0])
			abort();
		free(text);
		return 0;
	}
	if (!words || !words[0])
		abort();
	line = quoted_line(words);
	if (line) {
		if (words_split(line, &again, &err))
			abort();
		for (i = 0; words[i] || again[i]; i++)
			if (!words[i] || !again[i] || strcmp(words[i], again[i]) != 0)
				abort();
		words_free(again);
		free(line);
	}
	words_free(words);
	free(text);
	return 0;
}
