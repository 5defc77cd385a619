/* breakpoint.c - "mem:ADDR/LEN:ACCESS" breakpoint events. */
#include "breakpoint.h"

#include <ctype.h>
#include <linux/hw_breakpoint.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "pmu_format.h"

static int malformed(const char *text, const char *why, struct hp_err *err)
{
	return err_set(err, "malformed breakpoint '%.120s': %s; write mem:ADDR[/LEN][:r|w|rw|x], as "
		       "in mem:0x601040/8:w", text, why);
}

/* Reads the access letters at p ("rw"); their HW_BREAKPOINT_* bits, 0 when p holds none,
 * -1 for a letter repeated or x beside r or w. */
static int access_of(const char *p, size_t len)
{
	int bits = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		int bit = p[i] == 'r' ? HW_BREAKPOINT_R : p[i] == 'w' ? HW_BREAKPOINT_W
			: p[i] == 'x' ? HW_BREAKPOINT_X : 0;

		if (!bit)
			return 0;
		if (bits & bit)
			return -1;
		bits |= bit;
	}
	if ((bits & HW_BREAKPOINT_X) && (bits & HW_BREAKPOINT_RW))
		return -1;
	return bits;
}

/* Reads the number at *p, up to a '/', ':' or the end, as perf reads one (decimal, or hex
 * after 0x) and moves *p past it. -1 when it is none. */
static int number_at(const char **p, uint64_t *value)
{
	size_t len = strcspn(*p, "/:");
	char digits[24];

	if (len == 0 || len >= sizeof(digits))
		return -1;
	memcpy(digits, *p, len);
	digits[len] = '\0';
	if (pmu_number_parse(digits, value))
		return -1;
	*p += len;
	return 0;
}

int breakpoint_parse(const char *text, struct perf_event_attr *attr, char *terms,
		     size_t terms_cap, char *mods, size_t mods_cap, struct hp_err *err)
{
	const char *p = text + 4;
	uint64_t addr, len = 0;
	int type = 0;
	bool glued = false; /* modifiers follow the access letters without a ':' */

	if (strncmp(text, "mem:", 4) != 0)
		return 0;
	terms[0] = mods[0] = '\0';
	if (number_at(&p, &addr))
		return malformed(text, "the address must be a number below 2^64, decimal or "
				 "0x-hex", err);
	if (*p == '/' && isdigit((unsigned char)p[1])) {
		p++;
		if (number_at(&p, &len) || (len != 1 && len != 2 && len != 4 && len != 8))
			return malformed(text, "the length must be 1, 2, 4 or 8 bytes", err);
	}
	if (*p == ':') {
		/* The access letters, perhaps run together with modifiers ("mem:0:xk"). */
		size_t n = strspn(p + 1, "rwx");

		type = access_of(p + 1, n);
		if (type < 0)
			return malformed(text, "the access is r, w, rw or x, each letter once",
					 err);
		if (n > 0) {
			p += 1 + n;
			glued = *p && *p != ':' && *p != '/';
		}
	}
	if (*p == '/') {
		const char *close = strchr(p + 1, '/');
		size_t n = close ? (size_t)(close - p - 1) : 0;

		if (!close)
			return malformed(text, "a '/' opens terms that no '/' closes", err);
		if (n >= terms_cap)
			return malformed(text, "too long between the slashes", err);
		memcpy(terms, p + 1, n);
		terms[n] = '\0';
		p = close + 1;
	}
	if (*p == ':')
		p++;
	else if (*p && p[-1] != '/' && !glued)
		return malformed(text, "unexpected text after the address", err);
	/* Modifier words after colons run together ("mem:0:u:k" is "uk"), as for other events. */
	{
		size_t used = 0;

		for (; *p; p++) {
			if (*p == ':')
				continue;
			if (used + 1 >= mods_cap)
				return malformed(text, "too many modifiers", err);
			mods[used++] = *p;
		}
		mods[used] = '\0';
	}
	if (!type)
		type = HW_BREAKPOINT_RW;
	if (!len)
		len = type == HW_BREAKPOINT_X ? sizeof(long) : HW_BREAKPOINT_LEN_4;
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->type = PERF_TYPE_BREAKPOINT;
	attr->bp_addr = addr;
	attr->bp_len = len;
	attr->bp_type = (unsigned)type;
	return 1;
}
