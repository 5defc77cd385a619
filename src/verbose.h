/* verbose.h - -v: what each event became (the attr the kernel was given) and every fallback
 * hpstat took on the way, one line each. */
#ifndef HPSTAT_VERBOSE_H
#define HPSTAT_VERBOSE_H

#include <stdio.h>

#include "counter.h"
#include "event.h"

/*
 * Writes to out, for events[0..n) as counters (their counter set, after the runs) opened
 * them, lines that start "hpstat: -v: 'NAME'":
 *   - the encoding: perf_event_attr's fields that are set, as perf -vv names them (type,
 *     config, config1, config2, bp_type, bp_addr, bp_len, the exclude_* bits, pinned,
 *     exclusive, inherit), or that a tool event is measured by hpstat;
 *   - what the name asked for that changes nothing a counter counts (p, P, S, W, b, and
 *     perf's sampling terms such as period=);
 *   - every fallback: kernel counting refused (counted in user mode only), a PMU that
 *     cannot leave out guests (opened without exclude_guest), the kernel refusing the event
 *     (<not supported>), a partner added for a metric.
 */
void verbose_write(FILE *out, const struct event *events, size_t n,
		   const struct counter_set *counters);

#endif
