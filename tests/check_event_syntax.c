/* check_event_syntax.c - every event form of perf's grammar that needs no PMU of this
 * machine, resolved to the perf_event_attr perf 6.1 opens for it. The expected fields were
 * read by hand from `perf stat -vv -e STRING true` (perf prints each attr it opens, leaving
 * out the fields that are zero) and written here; where hpstat differs on purpose, the
 * comment says why. */
#include <check.h>
#include <linux/hw_breakpoint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "spec.h"

/* Letters for the attr's one-bit fields: U exclude_user, K exclude_kernel, V exclude_hv,
 * G exclude_guest, H exclude_host, I exclude_idle, D pinned, E exclusive. */
struct want {
	const char *text;   /* one -e list */
	size_t index;       /* which of its events */
	unsigned type;
	unsigned long long config, config1, config2;
	const char *bits;
	unsigned bp_type;
	unsigned long long bp_addr, bp_len;
	const char *row;    /* the row's name, NULL: the text */
};

/* The table names the fields it needs; the rest are zero. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

static const struct want table[] = {
	/* Unmodified events count every level; only guests are left out. */
	{ "cycles", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "G" },
	{ "task-clock", 0, PERF_TYPE_SOFTWARE, 1, 0, 0, "G" },
	{ "cs", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CONTEXT_SWITCHES, 0, 0, "G" },
	{ "alignment-faults", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_ALIGNMENT_FAULTS, 0, 0, "G" },
	{ "emulation-faults", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_EMULATION_FAULTS, 0, 0, "G" },
	/* Privilege levels: the first named shuts out the others; 'u' also shuts out guests. */
	{ "cycles:k", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "UV" },
	{ "cycles:h", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "UK" },
	{ "cycles:uk", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "VG" },
	{ "instructions:uDp", 0, PERF_TYPE_HARDWARE, 1, 0, 0, "KVGD" },
	/* Guest and host: the first named shuts out the other; order decides u's guest bit. */
	{ "cycles:G", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "H" },
	{ "cycles:H", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "G" },
	{ "cycles:Gu", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "KVH" },
	{ "cycles:uG", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "KVH" },
	/* An own modifier replaces the default guest bit. */
	{ "cycles:I", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "I" },
	{ "task-clock:I", 0, PERF_TYPE_SOFTWARE, 1, 0, 0, "I" },
	{ "cycles:e", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "E" },
	{ "cycles:D", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "D" },
	/* Precision: perf sets precise_ip (1..3); hpstat leaves it 0, as it changes nothing a
	 * counter counts and would make some events refuse to open. p still leaves out guests. */
	{ "cycles:ppp", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "G" },
	{ "cycles:pk", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "UVG" },
	{ "cycles:P", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "" },
	{ "cycles:S", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "" },
	{ "cycles:W", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "" },
	/* Raw and numeric codes. */
	{ "r1a:kp", 0, PERF_TYPE_RAW, 0x1a, 0, 0, "UVG" },
	{ "1:1", 0, PERF_TYPE_SOFTWARE, 1, 0, 0, "G" },
	{ "4:0x6530160:k", 0, PERF_TYPE_RAW, 0x6530160, 0, 0, "UV" },
	/* Terms on generic events, raw codes and the software PMU; sampling terms are dropped
	 * (perf stat drops period= too). */
	{ "cycles/config2/", 0, PERF_TYPE_HARDWARE, 0, 0, 1, "G" },
	{ "cycles/config=0x5,config1=2/", 0, PERF_TYPE_HARDWARE, 5, 2, 0, "G" },
	{ "page-faults/period=1000,config1=3/", 0, PERF_TYPE_SOFTWARE, 2, 3, 0, "G" },
	{ "cycles//u", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "KVG" },
	{ "instructions/name=insn/", 0, PERF_TYPE_HARDWARE, 1, 0, 0, "G", .row = "insn" },
	{ "r1234/name=x/", 0, PERF_TYPE_RAW, 0x1234, 0, 0, "G", .row = "x" },
	{ "cycles/name='a:b=c,d'/Duk", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "VGD", .row = "a:b=c,d" },
	{ "software/r1a/", 0, PERF_TYPE_SOFTWARE, 0x1a, 0, 0, "G" },
	{ "software/config=2/k", 0, PERF_TYPE_SOFTWARE, 2, 0, 0, "UV" },
	/* Cache events in perf's other spellings. */
	{ "L1-dcache-load-miss", 0, PERF_TYPE_HW_CACHE, 0x10000, 0, 0, "G" },
	{ "l1d-store", 0, PERF_TYPE_HW_CACHE, 0x100, 0, 0, "G" },
	{ "LLC-prefetch-misses", 0, PERF_TYPE_HW_CACHE, 0x10202, 0, 0, "G" },
	{ "node-loads", 0, PERF_TYPE_HW_CACHE, 0x6, 0, 0, "G" },
	{ "L1-data-store-miss", 0, PERF_TYPE_HW_CACHE, 0x10100, 0, 0, "G" },
	{ "l1i-prefetches", 0, PERF_TYPE_HW_CACHE, 0x201, 0, 0, "G" },
	{ "LLC-Reference", 0, PERF_TYPE_HW_CACHE, 0x2, 0, 0, "G" },
	{ "Instruction-TLB-miss", 0, PERF_TYPE_HW_CACHE, 0x10004, 0, 0, "G" },
	{ "btb", 0, PERF_TYPE_HW_CACHE, 0x5, 0, 0, "G" },
	{ "node-speculative-read-miss", 0, PERF_TYPE_HW_CACHE, 0x10206, 0, 0, "G" },
	{ "l1d-misses-load", 0, PERF_TYPE_HW_CACHE, 0x10000, 0, 0, "G" },
	/* Breakpoints: read-write of 4 bytes unless said; x covers a pointer's width. */
	{ "mem:0", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "G", HW_BREAKPOINT_RW, 0, 4 },
	{ "mem:0:x", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "G", HW_BREAKPOINT_X, 0, sizeof(long) },
	{ "mem:0/1:w", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "G", HW_BREAKPOINT_W, 0, 1 },
	{ "mem:0x1000/8:r:u", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "KVG", HW_BREAKPOINT_R, 0x1000,
	  8 },
	{ "mem:0:rw:kp", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "UVG", HW_BREAKPOINT_RW, 0, 4 },
	{ "mem:0x10/2:w/name=watch/u", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "KVG", HW_BREAKPOINT_W,
	  0x10, 2, "watch" },
	{ "mem:0:xk", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "UV", HW_BREAKPOINT_X, 0, sizeof(long) },
	/* A leading 0 is no octal: perf reads 010 as ten. */
	{ "1:010", 0, PERF_TYPE_SOFTWARE, 10, 0, 0, "G" },
	{ "mem:010", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "G", HW_BREAKPOINT_RW, 10, 4 },
	{ "mem:0x1000:u:k", 0, PERF_TYPE_BREAKPOINT, 0, 0, 0, "VG", HW_BREAKPOINT_RW, 0x1000,
	  4 },
	/* Numeric codes with terms, raw terms written with 0x. */
	{ "1:1/config=2/", 0, PERF_TYPE_SOFTWARE, 2, 0, 0, "G" },
	{ "software/r0x1a/", 0, PERF_TYPE_SOFTWARE, 0x1a, 0, 0, "G" },
	{ "cycles:b", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "" },
	{ "dummy", 0, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_DUMMY, 0, 0, "G" },
	/* A named group: the name is dropped. */
	{ "grp{task-clock,page-faults}:k", 1, PERF_TYPE_SOFTWARE, 2, 0, 0, "UVG", .row =
	  "page-faults:k" },
	/* A group's modifier adds to each member's own. */
	{ "{task-clock,page-faults}:u", 0, PERF_TYPE_SOFTWARE, 1, 0, 0, "KVG", .row =
	  "task-clock:u" },
	{ "{task-clock,page-faults}:u", 1, PERF_TYPE_SOFTWARE, 2, 0, 0, "KVG", .row =
	  "page-faults:u" },
	{ "{task-clock:k,page-faults}:uI", 0, PERF_TYPE_SOFTWARE, 1, 0, 0, "VIG", .row =
	  "task-clock:k:uI" },
	{ "{task-clock:k,page-faults}:uI", 1, PERF_TYPE_SOFTWARE, 2, 0, 0, "KVIG", .row =
	  "page-faults:uI" },
	{ "{cycles:u,instructions}:k", 0, PERF_TYPE_HARDWARE, 0, 0, 0, "VG", .row =
	  "cycles:u:k" },
	/* A group member keeps perf's default guest bit under a group's k. */
	{ "{cycles:u,instructions}:k", 1, PERF_TYPE_HARDWARE, 1, 0, 0, "UVG", .row =
	  "instructions:k" },
};

static bool bit(const char *bits, char letter)
{
	return strchr(bits, letter) != NULL;
}

START_TEST(test_perf_encodings)
{
	const struct want *w = &table[_i];
	struct spec spec = { 0 };
	struct hp_err err = { "" };
	const struct perf_event_attr *a;
	struct event ev;

	ck_assert_msg(spec_parse(&spec, w->text, &err) == 0, "%s: %s", w->text, err.msg);
	ck_assert_uint_gt(spec.n_events, w->index);
	ck_assert_msg(event_resolve_spec(&ev, &spec.events[w->index], &err) == 0, "%s: %s",
		      w->text, err.msg);
	a = &ev.attr;
	/* A breakpoint's address and length share config1 and config2's place. */
	ck_assert_msg(a->type == w->type && a->config == w->config &&
		      (w->type == PERF_TYPE_BREAKPOINT ||
		       (a->config1 == w->config1 && a->config2 == w->config2)), "%s: type %u config %#llx %#llx %#llx", w->text,
		      a->type, (unsigned long long)a->config, (unsigned long long)a->config1,
		      (unsigned long long)a->config2);
	ck_assert_msg(a->exclude_user == bit(w->bits, 'U') &&
		      a->exclude_kernel == bit(w->bits, 'K') &&
		      a->exclude_hv == bit(w->bits, 'V') && a->exclude_guest == bit(w->bits, 'G') &&
		      a->exclude_host == bit(w->bits, 'H') && a->exclude_idle == bit(w->bits, 'I') &&
		      a->pinned == bit(w->bits, 'D') && a->exclusive == bit(w->bits, 'E'),
		      "%s[%zu]: want %s, got U%d K%d V%d G%d H%d I%d D%d E%d", w->text, w->index,
		      w->bits, a->exclude_user, a->exclude_kernel, a->exclude_hv, a->exclude_guest,
		      a->exclude_host, a->exclude_idle, a->pinned, a->exclusive);
	ck_assert_uint_eq(a->precise_ip, 0);
	ck_assert_uint_eq(a->sample_period, 0);
	if (w->type == PERF_TYPE_BREAKPOINT) {
		ck_assert_uint_eq(a->bp_type, w->bp_type);
		ck_assert_uint_eq(a->bp_addr, w->bp_addr);
		ck_assert_uint_eq(a->bp_len, w->bp_len);
	}
	ck_assert_str_eq(ev.name, w->row ? w->row : w->text);
	event_release(&ev);
	spec_release(&spec);
}
END_TEST

/* What the sampling letters asked for is kept for -v. */
START_TEST(test_notes)
{
	struct event ev;
	struct hp_err err = { "" };

	ck_assert_int_eq(event_resolve(&ev, "cycles:uppSPW", EVENT_NO_GROUP, &err), 0);
	ck_assert_uint_eq(ev.notes.precise, 2);
	ck_assert(ev.notes.precise_max && ev.notes.sample_read && ev.notes.weak);
	event_release(&ev);
	ck_assert_int_eq(event_resolve(&ev, "cycles/period=100000,config2/", EVENT_NO_GROUP,
				       &err), 0);
	ck_assert_str_eq(ev.ignored_term, "period");
	event_release(&ev);
}
END_TEST

struct refusal {
	const char *name;
	const char *message;
};

static const struct refusal refusals[] = {
	{ "cycles:uu", "modifier 'u' given twice in event 'cycles:uu': write each once" },
	{ "cycles:pppp", "too many 'p' modifiers in event 'cycles:pppp': the precise levels are "
			 "p, pp and ppp" },
	{ "L1-icache-stores", "cache event 'L1-icache-stores': the L1-icache cache has no store "
			      "operation; it has load, prefetch" },
	{ "iTLB-prefetches", "cache event 'iTLB-prefetches': the iTLB cache has no prefetch "
			     "operation; it has load" },
	{ "L1-dcache-load-store", "cache event 'L1-dcache-load-store' names two operations: "
				  "write one of load, store, prefetch" },
	{ "mem:", "malformed breakpoint 'mem:': the address must be a number below 2^64, "
		  "decimal or 0x-hex; write mem:ADDR[/LEN][:r|w|rw|x], as in mem:0x601040/8:w" },
	{ "mem:0/3", "malformed breakpoint 'mem:0/3': the length must be 1, 2, 4 or 8 bytes; "
		     "write mem:ADDR[/LEN][:r|w|rw|x], as in mem:0x601040/8:w" },
	{ "mem:0:rr", "malformed breakpoint 'mem:0:rr': the access is r, w, rw or x, each "
		      "letter once; write mem:ADDR[/LEN][:r|w|rw|x], as in mem:0x601040/8:w" },
	{ "mem:0:rx", "malformed breakpoint 'mem:0:rx': the access is r, w, rw or x, each "
		      "letter once; write mem:ADDR[/LEN][:r|w|rw|x], as in mem:0x601040/8:w" },
	{ "mem:0/period=1,event=2/", "unknown term 'event=2' in breakpoint "
				     "'mem:0/period=1,event=2/': a breakpoint takes name=NAME "
				     "between slashes" },
	{ "cycles/umask=1/", "unknown term 'umask' in event 'cycles/umask=1/': a generic or raw "
			     "event takes config, config1, config2, name and perf's sampling "
			     "terms" },
	{ "cycles/no-inherit/", "term 'no-inherit' in event 'cycles/no-inherit/' is not "
				"supported: hpstat sets inheritance for all events at once: use -i "
				"(--no-inherit)" },
	{ "cycles/name=/", "event 'cycles/name=/': name= needs a name of 1 to 127 characters" },
	{ "99999999999:1", "event '99999999999:1': the type must be a number below 2^32 and "
			   "the config one below 2^64, decimal or 0x-hex" },
	{ "cycles:uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"
	  "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu",
	  /* a long name is quoted shortened, so that the advice stays in the message */
	  "modifier 'uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu' in event 'cycles:uuuuuuu"
	  "uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu"
	  "uuuuuuuuuuuuuuuuuuuuuu' is too long: perf's letters are each written once" },
	{ "cycles:", "empty modifier in event 'cycles:': remove the ':' or write a modifier such "
		     "as u (user) or k (kernel)" },
	/* not perf's letters: one of libpfm4's own attributes, which --list shows */
	{ "perf::cycles:ANY", "unknown modifier 'ANY' in event 'perf::cycles:ANY': 'hpstat --list "
			      "perf::cycles' shows the event's own unit masks and modifiers" },
	/* a letter perf has no modifier for: the whole list, as for every other kind */
	{ "cycles:z", "unknown modifier 'z' in event 'cycles:z': modifiers are u k h (user, "
		      "kernel, hypervisor), G H (guest, host), I (not idle), D (pinned), e "
		      "(exclusive), p pp ppp P S W b (accepted, no effect on counting)" },
	{ "mem:0x1000/010", "malformed breakpoint 'mem:0x1000/010': the length must be 1, 2, 4 "
			    "or 8 bytes; write mem:ADDR[/LEN][:r|w|rw|x], as in mem:0x601040/8:w" },
};

START_TEST(test_refusals)
{
	const struct refusal *r = &refusals[_i];
	struct event ev;
	struct hp_err err = { "" };

	ck_assert_msg(event_resolve(&ev, r->name, EVENT_NO_GROUP, &err) == -1, "'%s' resolved",
		      r->name);
	ck_assert_str_eq(err.msg, r->message);
}
END_TEST

/* A group's name that is an event ("cycles{...}", a ',' forgotten) is refused, naming it;
 * other names, and no name, pass. */
START_TEST(test_group_named_as_an_event)
{
	static const char *const events[] = { "task-clock{page-faults}", "CS{a}",
					       "duration_time{a}", "L1-dcache-loads{a}" };
	static const char *const fine[] = { "grp{a,b}", "{a},{b}", "cyclesx{a}" };
	struct hp_err err = { "" };
	struct spec spec;
	size_t i;

	for (i = 0; i < sizeof(events) / sizeof(events[0]); i++) {
		char name[64], want[256];

		memset(&spec, 0, sizeof(spec));
		ck_assert_int_eq(spec_parse(&spec, events[i], &err), 0);
		ck_assert_int_eq(event_check_group_names(&spec, &err), -1);
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(events[i], "{"), events[i]);
		snprintf(want, sizeof(want), "'%s{' reads '%s' as the name of the group after it, "
			 "but it is an event: put a ',' before '{' to count it too", name, name);
		ck_assert_str_eq(err.msg, want);
		spec_release(&spec);
	}
	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		memset(&spec, 0, sizeof(spec));
		ck_assert_int_eq(spec_parse(&spec, fine[i], &err), 0);
		ck_assert_int_eq(event_check_group_names(&spec, &err), 0);
		spec_release(&spec);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("event_syntax");
	TCase *tc = tcase_create("syntax");
	SRunner *sr;
	int failed;

	tcase_add_loop_test(tc, test_perf_encodings, 0, sizeof(table) / sizeof(table[0]));
	tcase_add_test(tc, test_notes);
	tcase_add_test(tc, test_group_named_as_an_event);
	tcase_add_loop_test(tc, test_refusals, 0, sizeof(refusals) / sizeof(refusals[0]));
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
