/* fuzz_pmu_format.c - libFuzzer harness: the sysfs PMU grammar of pmu_format.h must not
 * crash, leak or overrun, and keeps its documented contracts: a parsed format is well formed
 * and packing never touches a bit outside its fields, term lists hold exactly the decimal or
 * 0x-hex values they name, names and raw codes split as documented, and every error leaves a
 * non-empty one-line message. */
#include <ctype.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "pmu_format.h"

/* Build: clang -std=gnu11 -D_GNU_SOURCE -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *        tests/fuzz/fuzz_pmu_format.c src/pmu_format.c src/err.c -lm -o fuzz_pmu_format
 *        (tests/fuzz/fuzz_input.h, beside the harness, is found without a -I.)
 * Run:   ./fuzz_pmu_format -max_total_time=120 -max_len=512 corpus
 *        with corpus/ seeded with inputs such as "config:0-7\n|event=0x3c,umask=?|cpu/t/u|1e-3"
 *
 * The input is split on '|' into up to FUZZ_PIECES pieces (missing ones are ""). Every
 * one-string function runs on every piece; the multi-argument steps take them in order:
 * piece 0 is a format whose field packs the values of piece 1's terms, piece 2's raw code and
 * a few boundary values; pmu_name_distance compares neighbouring pieces; pmu_unit_copy gets a
 * capacity drawn from the input's length. */

#define FUZZ_SEPARATOR '|'
#define FUZZ_PIECES 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Whether text has a '\n' that is not part of its leading or trailing whitespace. */
static int inner_newline(const char *text)
{
	const char *start = text, *end = text + strlen(text);

	while (*start && isspace((unsigned char)*start))
		start++;
	while (end > start && isspace((unsigned char)end[-1]))
		end--;
	return memchr(start, '\n', (size_t)(end - start)) != NULL;
}

/* A failure's message: non-empty, terminated within msg, one line. A message may quote the
 * caller's text, so a '\n' is excused where the input has one of its own; where the grammar
 * ignores surrounding whitespace (ws_ignored: a sysfs file's trailing newline), only one
 * inside the text counts. */
static void check_message(const struct hp_err *err, const char *input, int ws_ignored)
{
	if (!memchr(err->msg, '\0', sizeof(err->msg)) || !err->msg[0])
		abort();
	if (strchr(err->msg, '\n') &&
	    !(ws_ignored ? inner_newline(input) : strchr(input, '\n') != NULL))
		abort();
}

static uint64_t ones(unsigned width)
{
	return width >= 64 ? UINT64_MAX : (UINT64_C(1) << width) - 1;
}

/* A fresh, non-trivial pattern in the config words, so that clobbered bits show. */
static void fill_config(uint64_t config[PMU_CONFIG_WORDS], uint64_t seed)
{
	int w;

	for (w = 0; w < PMU_CONFIG_WORDS; w++)
		config[w] = (seed + (uint64_t)w) * UINT64_C(0x9e3779b97f4a7c15) ^
			    UINT64_C(0xa5a5a5a55a5a5a5a);
}

/* Each range in bounds, no bit used twice, width_bits their sum in 1..64, max its ones;
 * mask[] receives the bits the field covers. */
static void check_format(const struct pmu_format *f, uint64_t mask[PMU_CONFIG_WORDS])
{
	unsigned width = 0;
	size_t i;

	memset(mask, 0, PMU_CONFIG_WORDS * sizeof(*mask));
	if (f->n_ranges < 1 || f->n_ranges > PMU_FORMAT_MAX_RANGES)
		abort();
	for (i = 0; i < f->n_ranges; i++) {
		const struct pmu_field_range *r = &f->ranges[i];
		uint64_t m;

		if (r->word >= PMU_CONFIG_WORDS || r->lo > r->hi || r->hi > 63)
			abort();
		m = ones((unsigned)(r->hi - r->lo + 1)) << r->lo;
		if (mask[r->word] & m)
			abort();
		mask[r->word] |= m;
		width += (unsigned)(r->hi - r->lo + 1);
	}
	if (width != f->width_bits || width < 1 || width > 64)
		abort();
	if (pmu_format_max(f) != ones(width))
		abort();
}

/* Reads the field's value back out of config, ranges in order, low bits first. */
static uint64_t unpack(const struct pmu_format *f, const uint64_t config[PMU_CONFIG_WORDS])
{
	uint64_t v = 0;
	unsigned shift = 0;
	size_t i;

	for (i = 0; i < f->n_ranges; i++) {
		const struct pmu_field_range *r = &f->ranges[i];
		unsigned width = (unsigned)(r->hi - r->lo + 1);

		v |= ((config[r->word] >> r->lo) & ones(width)) << shift;
		shift += width;
	}
	return v;
}

/* pmu_format_pack: fits exactly when value <= max; then only the field's bits change and
 * hold value; otherwise -1 with config untouched. */
static void check_pack(const struct pmu_format *f, const uint64_t mask[PMU_CONFIG_WORDS],
		       uint64_t value, uint64_t seed)
{
	uint64_t before[PMU_CONFIG_WORDS], config[PMU_CONFIG_WORDS];
	int w, ret;

	fill_config(before, seed);
	memcpy(config, before, sizeof(config));
	ret = pmu_format_pack(f, value, config);
	if (value > pmu_format_max(f)) {
		if (ret != -1 || memcmp(config, before, sizeof(config)) != 0)
			abort();
		return;
	}
	if (ret != 0)
		abort();
	for (w = 0; w < PMU_CONFIG_WORDS; w++)
		if ((config[w] ^ before[w]) & ~mask[w])
			abort();
	if (unpack(f, config) != value)
		abort();
}

/* Independent reading of one term value: decimal or 0x-hex digits only, fitting 64 bits. */
static int reference_u64(const char *s, size_t len, uint64_t *out)
{
	int hex = len > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	unsigned base = hex ? 16 : 10;
	uint64_t v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = hex ? 2 : 0; i < len; i++) {
		int c = tolower((unsigned char)s[i]);
		unsigned d;

		if (isdigit(c))
			d = (unsigned)(c - '0');
		else if (hex && c >= 'a' && c <= 'f')
			d = (unsigned)(c - 'a' + 10);
		else
			return -1;
		if (v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

static void trim(const char **start, const char **end)
{
	while (*start < *end && isspace((unsigned char)**start))
		(*start)++;
	while (*end > *start && isspace((unsigned char)(*end)[-1]))
		(*end)--;
}

/* pmu_terms_parse against an independent reading of the documented grammar: it must succeed
 * exactly when the reference does, with the same terms. */
static void check_terms(const char *text, int allow)
{
	struct pmu_term terms[PMU_MAX_TERMS];
	struct hp_err err = { .msg = "" };
	const char *p = text;
	size_t n = 0, i = 0;
	int ok = 1, ret;

	ret = pmu_terms_parse(text, allow, "ev", terms, &n, &err);
	for (;;) {
		const char *end = p + strcspn(p, ","), *eq = memchr(p, '=', (size_t)(end - p));
		const char *ns = p, *ne = eq ? eq : end, *c;

		trim(&ns, &ne);
		if (i == PMU_MAX_TERMS || ne == ns || (size_t)(ne - ns) >= PMU_NAME_MAX) {
			ok = 0;
			break;
		}
		for (c = ns; c < ne; c++)
			if (!isalnum((unsigned char)*c) && *c != '_' && *c != '-' && *c != '.')
				ok = 0;
		if (ok && ret == 0 && (strlen(terms[i].name) != (size_t)(ne - ns) ||
				       memcmp(terms[i].name, ns, (size_t)(ne - ns)) != 0))
			abort();
		if (ok && eq) {
			const char *vs = eq + 1, *ve = end;
			uint64_t v = 0;

			trim(&vs, &ve);
			/* A value is at most 127 characters, whatever it is worth: the parser says
			 * so rather than reading a number padded with 200 zeros. */
			if (ve - vs >= 128) {
				ok = 0;
			} else if (allow && ve - vs == 1 && *vs == '?') {
				if (ret == 0 && terms[i].kind != PMU_TERM_PLACEHOLDER)
					abort();
			} else if (reference_u64(vs, (size_t)(ve - vs), &v) == 0) {
				if (ret == 0 && (terms[i].kind != PMU_TERM_VALUE ||
						 terms[i].value != v))
					abort();
			} else {
				ok = 0;
			}
		} else if (ok && ret == 0 && terms[i].kind != PMU_TERM_BARE) {
			abort();
		}
		if (!ok)
			break;
		i++;
		if (*end == '\0')
			break;
		p = end + 1;
	}
	if (ret == 0) {
		if (!ok || n != i || n < 1 || n > PMU_MAX_TERMS)
			abort();
	} else {
		if (ret != -1 || ok)
			abort();
		check_message(&err, text, 1);
	}
}

/* pmu_name_split: pmu, terms and mods are what the documented shape says they are. */
static void check_name_split(const char *name)
{
	struct pmu_name parts;
	struct hp_err err = { .msg = "" };
	size_t i;

	if (pmu_name_split(&parts, name, &err)) {
		check_message(&err, name, 0);
		return;
	}
	/* Empty terms split ("cycles//u"); the resolvers decide what they mean. */
	if (!parts.pmu[0] || strcmp(parts.pmu, ".") == 0 ||
	    strcmp(parts.pmu, "..") == 0 || !memchr(parts.mods, '\0', sizeof(parts.mods)))
		abort();
	for (i = 0; parts.pmu[i]; i++)
		if (!isalnum((unsigned char)parts.pmu[i]) && !strchr("_-.", parts.pmu[i]))
			abort();
	if (strchr(parts.terms, '/') || !strstr(name, parts.terms) || !strstr(name, parts.pmu))
		abort();
	for (i = 0; parts.mods[i]; i++)
		if (!isalpha((unsigned char)parts.mods[i]))
			abort();
}

/* pmu_raw_parse: 1 only for "r" HEX [":" ...] with *config the hex value and *mods at the
 * end of the digits; 0 for anything else; -1 only when the digits are too many. */
static void check_raw(const char *name)
{
	struct hp_err err = { .msg = "" };
	const char *mods = NULL, *p = name + 1, *digits;
	uint64_t config = 0, v = 0;
	int shaped, ret = pmu_raw_parse(name, &config, &mods, &err);

	shaped = name[0] == 'r' && isxdigit((unsigned char)name[1]);
	while (shaped && isxdigit((unsigned char)*p))
		p++;
	shaped = shaped && (*p == '\0' || *p == ':');
	if (!shaped) {
		if (ret != 0)
			abort();
		return;
	}
	for (digits = name + 1; *digits == '0'; digits++)
		;
	if (p - digits > 16) {
		if (ret != -1)
			abort();
		check_message(&err, name, 0);
		return;
	}
	for (; digits < p; digits++) {
		int c = tolower((unsigned char)*digits);

		v = v << 4 | (uint64_t)(isdigit(c) ? c - '0' : c - 'a' + 10);
	}
	if (ret != 1 || config != v || mods != p)
		abort();
}

/* pmu_modifiers_apply: the levels named are counted, the others excluded; none, no change. */
static void check_modifiers(const char *mods, uint64_t seed)
{
	struct perf_event_attr attr, before;
	struct hp_err err = { .msg = "" };
	int any = strchr(mods, 'u') || strchr(mods, 'k') || strchr(mods, 'h');

	memset(&attr, 0, sizeof(attr));
	attr.exclude_user = seed & 1;
	attr.exclude_kernel = (seed >> 1) & 1;
	attr.exclude_hv = (seed >> 2) & 1;
	before = attr;
	if (pmu_modifiers_apply(mods, &attr, "ev", &err)) {
		if (mods[strspn(mods, ":ukh")] == '\0')
			abort();
		check_message(&err, mods, 0);
		return;
	}
	if (mods[strspn(mods, ":ukh")] != '\0')
		abort();
	if (!any) {
		if (memcmp(&attr, &before, sizeof(attr)) != 0)
			abort();
		return;
	}
	if (attr.exclude_user != !strchr(mods, 'u') || attr.exclude_kernel != !strchr(mods, 'k') ||
	    attr.exclude_hv != !strchr(mods, 'h'))
		abort();
}

/* pmu_unit_copy into exactly cap bytes (ASan sees an overrun): the trimmed text, cut to
 * cap - 1 bytes; cap 0 writes nothing. */
static void check_unit(const char *text, size_t cap)
{
	const char *start = text, *end = text + strlen(text);
	char *out = malloc(cap ? cap : 1);
	size_t len;

	if (!out)
		return;
	out[0] = 'Z';
	pmu_unit_copy(out, cap, text);
	if (cap == 0) {
		if (out[0] != 'Z')
			abort();
		free(out);
		return;
	}
	trim(&start, &end);
	len = (size_t)(end - start);
	if (len > cap - 1)
		len = cap - 1;
	if (strlen(out) != len || memcmp(out, start, len) != 0)
		abort();
	free(out);
}

static void check_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), d = pmu_name_distance(a, b);

	if (la > 62 || lb > 62) {
		if (d != SIZE_MAX)
			abort();
		return;
	}
	if (d > (la > lb ? la : lb) || d < (la > lb ? la - lb : lb - la) ||
	    d != pmu_name_distance(b, a) || pmu_name_distance(a, a) != 0)
		abort();
}

/* Every one-string function on one piece; the format is returned for packing. */
static int check_piece(const char *s, uint64_t seed, struct pmu_format *f,
		       uint64_t mask[PMU_CONFIG_WORDS])
{
	struct hp_err err = { .msg = "" };
	double scale = -1;
	int word, ok;

	ok = pmu_format_parse(f, "fld", s, &err) == 0;
	if (ok)
		check_format(f, mask);
	else
		check_message(&err, s, 1);
	check_terms(s, 0);
	check_terms(s, 1);
	check_name_split(s);
	check_raw(s);
	check_modifiers(s, seed);
	if (pmu_scale_parse(s, &scale) == 0 && !(isfinite(scale) && scale > 0))
		abort();
	check_unit(s, (size_t)(seed % (strlen(s) + 3)));
	word = pmu_config_word(s);
	if (word < -1 || word >= PMU_CONFIG_WORDS ||
	    (word >= 0) != (!strcmp(s, "config") || !strcmp(s, "config1") ||
			    !strcmp(s, "config2")))
		abort();
	return ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_input_text(data, size);
	char *piece[FUZZ_PIECES];
	struct pmu_format f[FUZZ_PIECES];
	uint64_t mask[FUZZ_PIECES][PMU_CONFIG_WORDS];
	int parsed[FUZZ_PIECES];
	uint64_t seed = size, v;
	size_t i, k;

	if (!text)
		return 0;
	for (i = 0; i < size && i < 8; i++)
		seed = seed << 8 | data[i];
	piece[0] = text;
	for (i = 1; i < FUZZ_PIECES; i++) {
		char *sep = piece[i - 1][0] ? strchr(piece[i - 1], FUZZ_SEPARATOR) : NULL;

		if (sep) {
			*sep = '\0';
			piece[i] = sep + 1;
		} else {
			piece[i] = piece[i - 1] + strlen(piece[i - 1]);
		}
	}
	for (i = 0; i < FUZZ_PIECES; i++) {
		parsed[i] = check_piece(piece[i], seed + i, &f[i], mask[i]);
		check_distance(piece[i], piece[(i + 1) % FUZZ_PIECES]);
	}
	if (parsed[0]) {
		struct pmu_term terms[PMU_MAX_TERMS];
		struct hp_err err;
		const char *mods;
		size_t n = 0;
		uint64_t max = pmu_format_max(&f[0]);
		const uint64_t fixed[] = { 0, 1, max, max + 1, max >> 1, UINT64_MAX, seed };

		for (k = 0; k < sizeof(fixed) / sizeof(fixed[0]); k++)
			check_pack(&f[0], mask[0], fixed[k], seed + k);
		if (pmu_terms_parse(piece[1], true, "ev", terms, &n, &err) == 0)
			for (k = 0; k < n; k++)
				if (terms[k].kind == PMU_TERM_VALUE)
					check_pack(&f[0], mask[0], terms[k].value, seed ^ k);
		if (pmu_raw_parse(piece[2], &v, &mods, &err) == 1)
			check_pack(&f[0], mask[0], v, ~seed);
	}
	free(text);
	return 0;
}
