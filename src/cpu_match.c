/* cpu_match.c - reading and judging the "cpu:" lines of a CPU family's preset. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cpu_match.h"

#define CONDITION_MAX 256

enum cond_kind { COND_ARCH, COND_VENDOR, COND_FAMILY, COND_MODEL, COND_EVENT, COND_LIBPFM };

static const char *const cond_keys[] = {
	[COND_ARCH] = "arch",     [COND_VENDOR] = "vendor", [COND_FAMILY] = "family",
	[COND_MODEL] = "model",   [COND_EVENT] = "event",   [COND_LIBPFM] = "libpfm",
};

#define N_KEYS (sizeof(cond_keys) / sizeof(cond_keys[0]))

/* A number as the files write them: decimal (never octal) or 0x hex, at most 0xffff (x86
 * families and models are bytes; a little room does no harm). Returns the byte after it,
 * NULL if there is none. */
static const char *number_parse(const char *s, int *out)
{
	bool hex = strncasecmp(s, "0x", 2) == 0;
	const char *digits = hex ? s + 2 : s;
	char *end;
	long v;

	if (!(hex ? isxdigit((unsigned char)*digits) : isdigit((unsigned char)*digits)))
		return NULL;
	v = strtol(digits, &end, hex ? 16 : 10);
	if (v > 0xffff)
		return NULL;
	*out = (int)v;
	return end;
}

/* Whether s is one number and nothing else. */
static bool whole_number(const char *s, int *out)
{
	const char *end = number_parse(s, out);

	return end && *end == '\0';
}

/* "0x55,0x8e-0x9e": -1 when the list is malformed, else 0 with *in whether model is in it. */
static int model_list(const char *list, int model, bool *in)
{
	const char *p = list;

	*in = false;
	for (;;) {
		int lo, hi;

		if (!(p = number_parse(p, &lo)))
			return -1;
		hi = lo;
		if (*p == '-' && (!(p = number_parse(p + 1, &hi)) || hi < lo))
			return -1;
		if (model >= lo && model <= hi)
			*in = true;
		if (*p == '\0')
			return 0;
		if (*p != ',')
			return -1;
		p++;
	}
}

/* Whether name is one of the ','-separated words of list. */
static bool listed(const char *list, const char *name)
{
	size_t len = strlen(name);
	const char *p = list;

	while (*p) {
		size_t word = strcspn(p, ",");

		if (word == len && strncmp(p, name, len) == 0)
			return true;
		p += word + (p[word] == ',');
	}
	return false;
}

/* Splits one condition "key=value" (NUL-terminated, writable) and finds its key. */
static int cond_split(char *cond, char **value)
{
	char *eq = strchr(cond, '=');
	size_t k;

	if (!eq || eq[1] == '\0')
		return -1;
	*eq = '\0';
	*value = eq + 1;
	for (k = 0; k < N_KEYS; k++)
		if (strcmp(cond, cond_keys[k]) == 0)
			return (int)k;
	return -1;
}

/* Calls judge on each condition of line in turn until one returns false: 1 when all held, 0
 * when one did not, -1 for a malformed condition (copied to bad_out). */
static int cond_each(const char *line, bool (*judge)(int key, const char *value, void *ctx),
		     void *ctx, char *bad_out, size_t bad_cap)
{
	const char *p = line;

	for (;;) {
		char cond[CONDITION_MAX];
		char *value;
		size_t len;
		int key;
		bool unused;

		p += strspn(p, " \t");
		if (!*p)
			return 1;
		len = strcspn(p, " \t");
		snprintf(bad_out, bad_cap, "%.*s", (int)len, p);
		if (len >= sizeof(cond))
			return -1;
		memcpy(cond, p, len);
		cond[len] = '\0';
		p += len;
		key = cond_split(cond, &value);
		if (key < 0)
			return -1;
		if ((key == COND_FAMILY && !whole_number(value, &(int){ 0 })) ||
		    (key == COND_MODEL && model_list(value, -1, &unused)))
			return -1;
		if (!judge(key, value, ctx))
			return 0;
	}
}

static bool accept_all(int key, const char *value, void *ctx)
{
	(void)key, (void)value, (void)ctx;
	return true;
}

int cpu_match_check(const char *line, struct hp_err *err)
{
	char bad[CONDITION_MAX];

	if (line[strspn(line, " \t")] == '\0')
		return err_set(err, "empty 'cpu:' line; name at least one condition such as "
			       "arch=x86_64 or vendor=GenuineIntel");
	if (cond_each(line, accept_all, NULL, bad, sizeof(bad)) < 0)
		return err_set(err, "bad CPU condition '%.60s': write arch=, vendor=, family=N, "
			       "model=LIST (0x55,0x8e-0x9e), event=NAME or libpfm=NAME[,NAME]",
			       bad);
	return 0;
}

static bool judge(int key, const char *value, void *ctx)
{
	const struct cpu_facts *f = ctx;
	int number;
	bool in;

	switch ((enum cond_kind)key) {
	case COND_ARCH:
		return f->arch && strcmp(f->arch, value) == 0;
	case COND_VENDOR:
		return f->vendor && strcmp(f->vendor, value) == 0;
	case COND_FAMILY:
		return whole_number(value, &number) && f->family >= 0 && f->family == number;
	case COND_MODEL:
		return f->model >= 0 && model_list(value, f->model, &in) == 0 && in;
	case COND_EVENT:
		return f->has_event && f->has_event(f->ctx, value);
	case COND_LIBPFM:
		return f->libpfm_pmu && listed(value, f->libpfm_pmu(f->ctx));
	}
	return false;
}

bool cpu_match(const struct cpu_facts *facts, const char *line)
{
	char bad[CONDITION_MAX];

	return cond_each(line, judge, (void *)facts, bad, sizeof(bad)) == 1;
}
