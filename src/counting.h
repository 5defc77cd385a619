/* counting.h - one run's counters while it runs: where they are open (the command's child,
 * or threads and CPUs), when they count (at the exec, after a delay, when the command says
 * so through --control), what each interval and each named region counted. */
#ifndef HPSTAT_COUNTING_H
#define HPSTAT_COUNTING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "control.h"
#include "counter.h"
#include "cputime.h"
#include "err.h"
#include "event.h"
#include "samples.h"
#include "scope.h"
#include "workload.h"

#define COUNTING_MAX_REGIONS 64

/* What one interval counted: each count is the change since the interval before. */
struct counting_interval {
	double time_s;                    /* its end, from the start of counting */
	uint64_t length_ns;               /* its length */
	const struct sample_count *total; /* n_events: every place added */
	const struct sample_count *units; /* n_units rows of n_events (none without units) */
	size_t n_events, n_units;
};

typedef int (*counting_interval_fn)(void *ctx, const struct counting_interval *interval,
				    struct hp_err *err);

/* When and how the counters count, for every run. */
struct counting_plan {
	const struct scope *scope;  /* no places: the command's own tasks */
	bool inherit;               /* the command's children and threads count too */
	long delay_ms;              /* 0: from the start; > 0: that long after; -1: when enabled */
	uint64_t interval_ns;       /* 0: no intervals */
	unsigned interval_count;    /* stop after this many intervals; 0: no limit */
	uint64_t timeout_ns;        /* stop after this long; 0: never */
	int control_fd, ack_fd;     /* --control: lines in, replies out; -1: none */
	counting_interval_fn interval;
	void *interval_ctx;
};

/* A named region's counts within one run, and over the runs. */
struct counting_region {
	char name[CONTROL_NAME_MAX + 1];
	struct samples samples;        /* one row per run in which it was entered */
	size_t calls;                  /* times entered, every run together */
	/* this run */
	struct sample_count *start, *sum;
	uint64_t start_ns, sum_ns;
	size_t run_calls;
	bool open;
};

/* Where user_time and system_time come from while a run goes on: the command's /proc stat
 * file (its children waited for included, hpstat's setup before the exec taken out), or each
 * -p process's and -t thread's; wait4's rusage of the command at its end. */
struct counting_cpu {
	struct cputime *start;         /* per scope task: at the start of counting */
	struct cputime *last;          /* per scope task: the last reading that worked */
	bool *alive;                   /* per scope task: read it again (its id is still its:
					* it was there at the start and its end not yet seen) */
	uint64_t tick_ns;              /* how often the tasks' /proc times change */
	struct cputime command;        /* the command's, read last */
	struct cputime total;          /* since counting began: what the readings put in */
	bool known;                    /* there is a source (a command, or tasks) */
};

struct counting {
	const struct counting_plan *plan;
	size_t n_events, n_units;
	enum event_tool *tools;        /* per event: a tool event's kind, or EVENT_TOOL_NONE */
	bool any_tool, cpu_time;       /* tool events at all; user_time or system_time */
	struct counting_cpu cpu;
	/* At the end of a run: its elapsed time and the command's rusage, exact. */
	const struct workload_result *ending;
	struct counter_set *sets;      /* one per place, or the one opened in the command's child */
	size_t n_sets;
	int *cgroup_clocks;            /* -G, while open: one per CPU (counter_cgroup_clock_open) */
	size_t n_cgroup_clocks;
	struct workload *workload;     /* during a run */
	struct sample_count *reading;  /* (1 + n_units) rows of n_events: the total, then units */
	struct sample_count *previous; /* the reading at the last interval */
	struct sample_count *one;      /* n_events: one set's reading, while they are added */
	struct sample_count *delta;    /* like reading: a change since an earlier reading */
	uint64_t start_ns, last_interval_ns;
	bool timed;      /* something is timed while the command runs: start_ns is its start */
	/* Counters of places (-a, -C, -p, -t) started as they opened, before the command: when
	 * (0 otherwise), and after the run the time from then to their reading. That window,
	 * not the command's life, is what they counted: the run's elapsed time (perf's too). */
	uint64_t started_ns, window_ns;
	unsigned intervals;
	bool on, user_enabled;
	size_t regions_open;
	struct counting_region regions[COUNTING_MAX_REGIONS];
	size_t n_regions;
	struct control_reader reader;
	struct workload_watch delay_watch, interval_watch, timeout_watch, control_watch;
	struct workload_watch cpu_watch; /* -p, -t with user_time or system_time: a look at
					  * their CPU time every clock tick */
	struct workload_watch *pid_watches;
	size_t pids_running;
	struct hp_err failure;         /* what went wrong inside the wait loop */
	bool failed;
};

int counting_init(struct counting *c, const struct counting_plan *plan,
		  const struct event *events, size_t n_events, struct hp_err *err);
void counting_release(struct counting *c);

/* The set whose kernel answers (not supported, user mode only) the report shows. */
const struct counter_set *counting_template(const struct counting *c);

/* Whether the counters are opened on the command's process, between its creation and its exec
 * (with counting_command_open), rather than on places before the run. */
bool counting_on_command(const struct counting *c);

/* The open callback (workload_open_fn) of a command when counting_on_command(). */
int counting_command_open(void *counting, struct workload *w, pid_t pid);

/* Before the run's start: opens the counters on the places (none for counting_on_command) and,
 * for a command counted from its start, enables them. -1 with err. */
int counting_open(struct counting *c, const struct event *events, struct hp_err *err);

/* Right after the start (the exec, or workload_begin()): adds the watches for the delay,
 * intervals, timeout, control channel and watched processes, and enables what waited. */
int counting_begin(struct counting *c, struct workload *w, struct hp_err *err);

/*
 * After the wait: takes the last control lines, reads every counter into c->reading, prints
 * the last (partial) interval, closes regions still open and the counters. res is the run's
 * (its wall time and rusage): the tool events' values in the total are those, exactly:
 * duration_time the elapsed time, user_time and system_time the command's rusage (of the -p
 * processes and -t threads: their CPU time from /proc over the counting). -1 with err.
 */
int counting_end(struct counting *c, const struct workload_result *res, struct hp_err *err);

/* The run's elapsed time, once counting_end() took it: the counters' window where they started
 * before the command (started_ns), else res's, the command's own. */
uint64_t counting_wall_ns(const struct counting *c, const struct workload_result *res);

/* Zeroes every counter's reading, keeping the tool events' (hpstat measured those): a run
 * whose counters the kernel detached. */
void counting_forget_counters(struct counting *c);

/* Adds the run's regions to their samples (run carries times and exit code). */
int counting_regions_keep(struct counting *c, const struct sample_run *run, struct hp_err *err);

/* Closes the counters (after a failure too). */
void counting_close(struct counting *c);

#endif
