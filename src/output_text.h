/* output_text.h - the human report, laid out as perf stat's so its users read it at a glance. */
#ifndef HPSTAT_OUTPUT_TEXT_H
#define HPSTAT_OUTPUT_TEXT_H

#include <stddef.h>

#include "output.h"

/* Formats value with `decimals` decimals and a ',' between each three integer digits, into
 * buf (cap >= 40 is always enough); locale-independent. Returns buf. */
char *output_text_group_digits(char *buf, size_t cap, double value, int decimals);

#endif
