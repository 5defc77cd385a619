/* fuzz_control.c - libFuzzer harness: the control channel's reader and parser, and the
 * --control argument, must not crash or leak, and keep their contracts: the input split in
 * pieces (sizes taken from its first byte) gives the same lines as the input whole; no line
 * holds '\n' or NUL or passes the limit; each parse acts, stays quiet on a blank line or
 * replies with one non-empty line; a parsed --control argument holds what its kind says. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"
#include "fuzz_input.h"

/* Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_control.c src/control.c src/err.c -o fuzz_control
 * Run:   ./fuzz_control -max_total_time=60 -max_len=2048 corpus tests/fuzz/corpus/control */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool name_ok(const char *name)
{
	size_t n = strlen(name), i;

	if (n < 1 || n > CONTROL_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-",
			    name[i]))
			return false;
	return true;
}

static void line_check(const char *line)
{
	struct control_command cmd;
	struct hp_err err;
	int rc;

	if (line && (strlen(line) >= CONTROL_LINE_MAX || strchr(line, '\n')))
		abort();
	err.msg[0] = '\0';
	rc = control_parse(&cmd, line, &err);
	if (rc == -1) {
		if (!err.msg[0] || strchr(err.msg, '\n') || strchr(err.msg, '\r'))
			abort();
	} else if (rc == 1) {
		if (!line || line[strspn(line, " \t\r")] != '\0')
			abort();
	} else if (rc == 0) {
		if (cmd.verb == CONTROL_START || cmd.verb == CONTROL_STOP) {
			if (!name_ok(cmd.name))
				abort();
		} else if (cmd.verb > CONTROL_STOP || cmd.name[0]) {
			abort();
		}
	} else {
		abort();
	}
}

/* Every line the reader gives for data fed in pieces of at most piece bytes, each followed
 * by a NUL, an overlong line written as a lone NUL: lines never hold one. */
static char *lines_of(const char *data, size_t size, size_t piece, size_t *out_len)
{
	struct control_reader r;
	const char *line;
	char *out = malloc(size + 1), *p = out;
	size_t at, n;

	if (!out)
		return NULL;
	control_reader_init(&r);
	for (at = 0; at < size; at += n) {
		n = size - at < piece ? size - at : piece;
		control_reader_feed(&r, data + at, n);
		while (control_reader_next(&r, &line)) {
			if (line) {
				if (strlen(line) >= CONTROL_LINE_MAX)
					abort();
				memcpy(p, line, strlen(line));
				p += strlen(line);
			}
			*p++ = '\0';
		}
	}
	*out_len = (size_t)(p - out);
	return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct control_reader r;
	struct control_spec spec;
	struct hp_err err;
	char *text, *whole, *pieces;
	size_t whole_len, pieces_len, piece, at;
	const char *line;

	if (size == 0)
		return 0;
	piece = data[0] % 64 + 1;
	data++;
	size--;

	whole = lines_of((const char *)data, size, size ? size : 1, &whole_len);
	pieces = lines_of((const char *)data, size, piece, &pieces_len);
	if (whole && pieces &&
	    (whole_len != pieces_len || memcmp(whole, pieces, whole_len) != 0))
		abort();
	free(whole);
	free(pieces);

	control_reader_init(&r);
	for (at = 0; at < size; at += piece) {
		size_t n = size - at < piece ? size - at : piece;

		control_reader_feed(&r, (const char *)data + at, n);
		while (control_reader_next(&r, &line))
			line_check(line);
	}

	text = fuzz_input_text(data, size);
	if (!text)
		return 0;
	line_check(strlen(text) < CONTROL_LINE_MAX && !strchr(text, '\n') ? text : NULL);
	err.msg[0] = '\0';
	if (control_spec_parse(&spec, text, &err) == 0) {
		if (spec.kind == CONTROL_ENV &&
		    (strcmp(text, "env") || spec.ctl_path || spec.ctl_fd != -1))
			abort();
		if (spec.kind == CONTROL_FIFO &&
		    (!spec.ctl_path || !spec.ctl_path[0] || strchr(spec.ctl_path, ',') ||
		     (spec.ack_path && !spec.ack_path[0]) || spec.ctl_fd != -1))
			abort();
		if (spec.kind == CONTROL_FD &&
		    (spec.ctl_fd < 0 || spec.ack_fd < -1 || spec.ctl_path))
			abort();
	} else if (!err.msg[0] || strchr(err.msg, '\n') || spec.ctl_path || spec.ack_path) {
		abort();
	}
	control_spec_release(&spec);
	free(text);
	return 0;
}
