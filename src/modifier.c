/* modifier.c - perf's event modifier letters and what each does to perf_event_attr. */
#include "modifier.h"

#include <string.h>


/* 0 when text is modifier-shaped; else 1 for a letter outside the set, 2 for a letter
 * repeated too often (both in *letter), -1 for an empty or overlong string. */
static int letter_fault(const char *text, char *letter)
{
	size_t len = strlen(text), i, j;

	if (len == 0 || len > MODIFIER_MAX)
		return -1;
	for (i = 0; i < len; i++) {
		size_t times = 0;

		*letter = text[i];
		if (!strchr(MODIFIER_LETTERS, text[i]))
			return 1;
		for (j = 0; j < len; j++)
			times += text[j] == text[i];
		if (times > (text[i] == 'p' ? 3u : 1u))
			return 2;
	}
	return 0;
}

bool modifier_shaped(const char *text)
{
	char letter;

	return letter_fault(text, &letter) == 0;
}

int modifier_check(const char *text, const char *what, struct hp_err *err)
{
	char letter = '\0';

	switch (letter_fault(text, &letter)) {
	case 0:
		return 0;
	case 1:
		return err_set(err, "unknown modifier '%c' in event '%.120s': modifiers are u k h "
			       "(user, kernel, hypervisor), G H (guest, host), I (not idle), "
			       "D (pinned), e (exclusive), p pp ppp P S W b (accepted, no effect on "
			       "counting)", letter, what);
	case 2:
		if (letter == 'p')
			return err_set(err, "too many 'p' modifiers in event '%.120s': the precise "
				       "levels are p, pp and ppp", what);
		return err_set(err, "modifier '%c' given twice in event '%.120s': write each once",
			       letter, what);
	default:
		if (!*text)
			return err_set(err, "empty modifier in event '%.120s': remove the ':' or write "
				       "a modifier such as u (user) or k (kernel)", what);
		return err_set(err, "modifier '%.40s' in event '%.120s' is too long: perf's letters "
			       "are each written once", text, what);
	}
}

void modifier_default(struct perf_event_attr *attr)
{
	attr->exclude_user = 0;
	attr->exclude_kernel = 0;
	attr->exclude_hv = 0;
	attr->exclude_host = 0;
	attr->exclude_guest = 1;
}

void modifier_apply(const char *text, enum modifier_scope scope, struct perf_event_attr *attr,
		    bool *guest_host, struct modifier_notes *notes)
{
	bool own = scope == MODIFIER_OWN;
	/* Each level starts as the member has it (a group) or counted (an own modifier). */
	bool no_user = !own && attr->exclude_user, no_kernel = !own && attr->exclude_kernel;
	bool no_hv = !own && attr->exclude_hv;
	bool no_guest = !own && attr->exclude_guest, no_host = !own && attr->exclude_host;
	bool no_idle = !own && attr->exclude_idle;
	bool pinned = !own && attr->pinned, exclusive = !own && attr->exclusive;
	bool levels_named = no_user || no_kernel || no_hv;
	bool gh = !own && *guest_host;
	const char *p;

	for (p = text; *p; p++) {
		switch (*p) {
		case 'u':
		case 'k':
		case 'h':
			/* The first level named shuts out the others. */
			if (!levels_named)
				levels_named = no_user = no_kernel = no_hv = true;
			if (*p == 'u') {
				no_user = false;
				if (!gh)
					no_guest = true;
			} else if (*p == 'k') {
				no_kernel = false;
			} else {
				no_hv = false;
			}
			break;
		case 'G':
		case 'H':
			if (!gh)
				gh = no_guest = no_host = true;
			if (*p == 'G')
				no_guest = false;
			else
				no_host = false;
			break;
		case 'p':
			/* perf excludes guests for a precise event: a guest's addresses would not
			 * be precise. */
			if (!gh)
				no_guest = true;
			if (notes)
				notes->precise++;
			break;
		case 'I':
			no_idle = true;
			break;
		case 'D':
			pinned = true;
			break;
		case 'e':
			exclusive = true;
			break;
		case 'P':
			if (notes)
				notes->precise_max = true;
			break;
		case 'S':
			if (notes)
				notes->sample_read = true;
			break;
		case 'W':
			if (notes)
				notes->weak = true;
			break;
		case 'b':
			if (notes)
				notes->bpf = true;
			break;
		default:
			break; /* modifier_shaped() keeps other letters out */
		}
	}
	attr->exclude_user = no_user;
	attr->exclude_kernel = no_kernel;
	attr->exclude_hv = no_hv;
	attr->exclude_guest = no_guest;
	attr->exclude_host = no_host;
	attr->exclude_idle = no_idle;
	attr->pinned = pinned;
	attr->exclusive = exclusive;
	*guest_host = gh;
}
