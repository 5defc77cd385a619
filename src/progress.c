/* progress.c - a progress line on a terminal, redrawn in place and erased before the report. */
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

/* The line goes to a terminal: a control byte of a command's name (an escape sequence,
 * quoted on the command line) shows as '?' instead of moving the cursor. */
static void control_bytes_hide(char *text)
{
	for (; *text; text++)
		if ((unsigned char)*text < 0x20 || *text == 0x7f)
			*text = '?';
}

void progress_format(char *buf, size_t cap, size_t width, const struct measure_progress *p,
		     size_t n_commands, const char *name, unsigned runs, unsigned warmup,
		     double seconds_left)
{
	char which[48] = "", counts[96], left[32] = "";
	size_t fixed, room;

	if (n_commands > 1)
		snprintf(which, sizeof(which), "[%zu/%zu] ", p->command + 1, n_commands);
	snprintf(counts, sizeof(counts), "  %s %u of %u", p->warmup ? "warmup" : "run",
		 p->run + 1, p->warmup ? warmup : runs);
	if (seconds_left >= 0)
		snprintf(left, sizeof(left), "  ~%.0f s left", seconds_left);
	fixed = strlen("hpstat: ") + strlen(which) + strlen(counts) + strlen(left);
	room = width > fixed ? width - fixed : 0;
	snprintf(buf, cap, "hpstat: %s%.*s%s%s", which, (int)(strlen(name) < room ? strlen(name) :
								room), name, counts, left);
	control_bytes_hide(buf);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void progress_init(struct progress *p, FILE *out, bool quiet, const char *const *names,
		   size_t n_commands, unsigned runs, unsigned warmup)
{
	memset(p, 0, sizeof(*p));
	if (!quiet && isatty(fileno(out)))
		p->out = out;
	p->names = names;
	p->n_commands = n_commands;
	p->runs = runs;
	p->warmup = warmup;
	p->start_ns = now_ns();
}

void progress_attach(struct progress *p, struct measure_plan *plan)
{
	if (!p->out)
		return;
	plan->tick = progress_tick;
	plan->tick_ctx = p;
	plan->tick_ns = PROGRESS_TICK_NS;
}

static size_t terminal_width(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 10)
		return ws.ws_col - 1; /* the last column would wrap on some terminals */
	return 79;
}

void progress_tick(void *opaque, const struct measure_progress *where)
{
	struct progress *p = opaque;
	uint64_t spent = now_ns() - p->start_ns;
	double left = -1;
	char line[512];

	if (!p->out || spent < PROGRESS_DELAY_NS)
		return;
	/* The runs finished so far, at their mean pace, for those still to come. */
	if (where->started > 1)
		left = (double)spent / 1e9 / (double)(where->started - 1) *
		       (double)(where->total - where->started + 1);
	progress_format(line, sizeof(line), terminal_width(p->out), where, p->n_commands,
			p->names[where->command], p->runs, p->warmup, left);
	fprintf(p->out, "\r%s\033[K", line);
	fflush(p->out);
	p->shown = true;
}

void progress_clear(struct progress *p)
{
	if (!p->shown)
		return;
	fputs("\r\033[K", p->out);
	fflush(p->out);
	p->shown = false;
}
