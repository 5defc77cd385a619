/* progress.h - the one-line progress display on a terminal while runs go on. */
#ifndef HPSTAT_PROGRESS_H
#define HPSTAT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "measure.h"

/* How often the display is redrawn, and how long runs go on before it first shows: a short
 * measurement never flickers a line it would erase at once. */
#define PROGRESS_TICK_NS (200 * 1000 * 1000ull)
#define PROGRESS_DELAY_NS (1000 * 1000 * 1000ull)

/* Writes the line for where the runs are into buf (cap bytes, NUL included), as in
 * "hpstat: [2/3] python3 b.py  run 4 of 5  ~12 s left", at most width columns (the name is
 * cut to fit, never the counts). n_commands 1 leaves out the "[k/n]"; seconds_left < 0 the
 * estimate. Pure. */
void progress_format(char *buf, size_t cap, size_t width, const struct measure_progress *p,
		     size_t n_commands, const char *name, unsigned runs, unsigned warmup,
		     double seconds_left);

struct progress {
	FILE *out;                 /* the terminal, or NULL: no display */
	const char *const *names;  /* per command */
	size_t n_commands;
	unsigned runs, warmup;
	uint64_t start_ns;
	bool shown;                /* a line is on the terminal and must be erased */
};

/* Sets p up to draw on out when out is a terminal and quiet is false; else p draws nothing.
 * Starts the clock of the time-left estimate. */
void progress_init(struct progress *p, FILE *out, bool quiet, const char *const *names,
		   size_t n_commands, unsigned runs, unsigned warmup);

/* Makes plan tick p while commands run, when p draws at all. */
void progress_attach(struct progress *p, struct measure_plan *plan);

/* The measure_plan's tick: redraws the line once the runs have gone on PROGRESS_DELAY_NS. */
void progress_tick(void *p, const struct measure_progress *where);

/* Erases the line, if one is shown, before anything else is written to the terminal. */
void progress_clear(struct progress *p);

#endif
