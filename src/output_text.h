/* output_text.h - the human report, laid out as perf stat's so its users read it at a glance. */
#ifndef HPSTAT_OUTPUT_TEXT_H
#define HPSTAT_OUTPUT_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "output.h"

/* Formats value with `decimals` decimals and a ',' between each three integer digits, into
 * buf (cap >= 40 is always enough); locale-independent. Returns buf. */
char *output_text_group_digits(char *buf, size_t cap, double value, int decimals);

/* The parts of the report around its rows, for the layouts that share them (--metric-only):
 * the title line ("Performance counter stats for ..."), and what follows the rows: the
 * --table, the times, the failed and detached runs, warnings and notes. */
void output_text_title(FILE *out, const struct report *r, const struct output_options *opts);
void output_text_times(FILE *out, const struct report *r, const struct output_options *opts);

#endif
