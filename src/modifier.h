/* modifier.h - perf's event modifiers ("cycles:uDp", "{a,b}:S", "cpu/event=1/k"): which
 * letters a modifier string may hold, and what each does to a perf_event_attr. Pure. */
#ifndef HPSTAT_MODIFIER_H
#define HPSTAT_MODIFIER_H

#include <linux/perf_event.h>
#include <stdbool.h>

#include "err.h"

/* Longest modifier string perf accepts: every letter once, 'p' three times. */
#define MODIFIER_MAX 16

/* Every letter a modifier string may hold. */
#define MODIFIER_LETTERS "ukhGHIDepPSWb"

/*
 * The letters, with perf's meaning:
 *   u k h  count only the privilege levels named (user, kernel, hypervisor)
 *   G H    count only in guests / only on the host
 *   I      leave out the idle task
 *   D      pinned: the event keeps its counter or is not counted at all
 *   e      exclusive: no other event shares the PMU while it counts
 *   p pp ppp, P   precision of sampled addresses: no effect on counting
 *   S      read a group through its leader (hpstat always does)
 *   W      a weak group (hpstat keeps a group whole or reports why not)
 *   b      aggregate through BPF (hpstat reads its counters directly)
 */

/* Whether text is a modifier string as perf writes one: 1 to MODIFIER_MAX letters from the
 * set above, each at most once but 'p' up to three times. */
bool modifier_shaped(const char *text);

/* Like modifier_shaped(), but -1 with a one-line error quoting `what` (the event as the user
 * wrote it) that names the letter at fault and lists the letters there are. */
int modifier_check(const char *text, const char *what, struct hp_err *err);

/* What a modifier string asked for that the attr does not carry: for -v and the docs. */
struct modifier_notes {
	unsigned precise; /* number of 'p', 0..3 */
	bool precise_max; /* 'P' */
	bool sample_read; /* 'S' */
	bool weak;        /* 'W' */
	bool bpf;         /* 'b' */
};

/* Where a modifier string is written, which decides where perf starts from. */
enum modifier_scope {
	MODIFIER_OWN,   /* on the event itself: the bits it names are computed afresh */
	MODIFIER_GROUP, /* after a group's '}': added to what each member already has */
};

/*
 * Applies a modifier string that modifier_shaped() accepts to attr, as perf 6.1 does:
 *   - naming any of u, k, h first excludes all three levels, then lets each named one in
 *     (from a member's own exclusions when the scope is MODIFIER_GROUP);
 *   - G and H likewise for guest and host; *guest_host records that one was named, since
 *     then 'u' and 'p' leave exclude_guest alone;
 *   - 'u' and 'p' exclude guests unless G or H came first;
 *   - an event's own modifiers replace perf's default exclude_guest; a group's keep it;
 *   - I, D and e set exclude_idle, pinned and exclusive.
 * Sampling precision is not set (it changes nothing a counter counts, and a precise event
 * may be refused where a plain one counts); notes, when not NULL, records what was asked.
 */
void modifier_apply(const char *text, enum modifier_scope scope, struct perf_event_attr *attr,
		    bool *guest_host, struct modifier_notes *notes);

/* perf's default for an event without modifiers: every privilege level, guests excluded. */
void modifier_default(struct perf_event_attr *attr);

#endif
