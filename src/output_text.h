/* output_text.h - the human report, laid out as perf stat's so its users read it at a glance. */
#ifndef HPSTAT_OUTPUT_TEXT_H
#define HPSTAT_OUTPUT_TEXT_H

#include <stdio.h>

#include "report.h"

/* Writes the whole report. Returns 0, or -1 when the stream reports a write error. */
int output_text_write(FILE *out, const struct report *r);

/* Formats value with `decimals` decimals and a ',' between each three integer digits, into
 * buf (cap >= 40 is always enough); locale-independent. Returns buf. */
char *output_text_group_digits(char *buf, size_t cap, double value, int decimals);

#endif
