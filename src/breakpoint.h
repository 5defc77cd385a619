/* breakpoint.h - perf's hardware breakpoint events, "mem:ADDR[/LEN][:ACCESS]", as a
 * perf_event_attr. Pure. */
#ifndef HPSTAT_BREAKPOINT_H
#define HPSTAT_BREAKPOINT_H

#include <linux/perf_event.h>
#include <stddef.h>

#include "err.h"

/*
 * Parses mem:ADDR[/LEN][:ACCESS][/TERMS/][MODS]:
 *   ADDR    the address watched, decimal or 0x-hex;
 *   LEN     how many bytes from it: 1, 2, 4 or 8 (default 4; for x the size of a pointer,
 *           as an instruction breakpoint covers one);
 *   ACCESS  r, w, x, or rw / wr (default rw): count reads, writes or executions;
 *   TERMS   perf's terms between slashes (name=NAME), copied into terms for the caller;
 *   MODS    modifiers after ':' ("mem:0:rw:u", "mem:0:u") or right after the closing slash,
 *           copied into mods.
 * 1 with attr's type, bp_addr, bp_len and bp_type set (the rest zero); 0 when text does not
 * start with "mem:"; -1 with err quoting text when it does but is malformed.
 */
int breakpoint_parse(const char *text, struct perf_event_attr *attr, char *terms,
		     size_t terms_cap, char *mods, size_t mods_cap, struct hp_err *err);

#endif
