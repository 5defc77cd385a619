/* check_output_json.c - Check tests for the --json backend (src/output_json.c): whole documents
 * from fixed reports compared byte for byte with golden text worked out by hand, strings that
 * must be escaped, numbers that must read back exactly, and a decimal-comma locale. */
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output.h" /* before fixture.h, which uses output_write_fn without including it */
#include "comma_locale.h"
#include "fixture.h"

#define ALL 0 /* enum event_mode's EVENT_MODE_ALL; report.c only passes it on */
#define MS 1000000 /* enabled and running time of every counted fixture run, ns */

static const struct output_options plain = { .big_num = true };

/* Compares a document with its golden text and names the first line that differs: a whole
 * document is too long for a Check message. */
#define assert_doc(got, want) assert_doc_at(got, want, __LINE__)
static void assert_doc_at(const char *got, const char *want, int line)
{
	const char *g = got, *w = want;
	int n = 1;

	while (*g && *g == *w) {
		if (*g == '\n')
			n++;
		g++;
		w++;
	}
	if (*g == *w)
		return;
	while (g > got && g[-1] != '\n' && w > want && w[-1] != '\n') {
		g--;
		w--;
	}
	ck_abort_msg("line %d: document line %d is\n%.*s\nwant\n%.*s", line, n,
		     (int)strcspn(g, "\n"), g, (int)strcspn(w, "\n"), w);
}

/* ------------------------------------------------------------------- the fixtures */

/* Four runs of six events; the fourth run exits 3.
 *  - page-faults 1001 1001 1001 997: mean 1000; Welford's M2 is (-4) x (997 - 1000) = 12, so
 *    the sample variance is 12 / 3 = 4, stddev 2, sem 2 / sqrt(4) = 1, sem_pct 100 x 1 / 1000
 *    = 0.1; t95(3 df) = 3.1824463053 (the table's 3.182 to 10 decimals) gives the interval
 *    1000 -+ 3.1824463053 = 996.8175536947 .. 1003.1824463053; sorted
 *    997 1001 1001 1001 has median (1001 + 1001) / 2 = 1001.
 *  - cycles 2000 in every run: no spread, so stddev, sem, sem_pct are 0 and the interval is
 *    2000 .. 2000.
 *  - a name with a quote, a backslash, a control character, a valid e-acute (C3 A9) and three
 *    bytes that are not UTF-8 (FF, and C0 AF, an overlong '/'): not supported, so every
 *    statistic is null and no run has a value.
 *  - r003c, multiplexed: 500 counted in half its enabled time (1000), 1000 in all of it, never
 *    on the counter in run 3 (null, 0%), 250 in a quarter (1000): mean 1000 over 3 runs;
 *    running 0.5 + 1 + 0 + 0.25 = 1.75 of 4 ms = 43.75%, mean running time 437500 ns.
 *  - context-switches opened but never on a counter: not counted, running 0%.
 *  - instructions, added for cycles' partner: 3001 3001 3001 2997, mean 3000, stddev 2, sem 1,
 *    sem_pct 100 / 3000 = 0.0333..., interval 2996.8175536947 .. 3003.1824463053; the metric
 *    beside it is 3000 / 2000 = 1.5 insn per cycle, and in each run 3001 / 2000 = 1.5005
 *    (three times) and 2997 / 2000 = 1.4985.
 *  Runs take 0.625 0.625 0.625 0.125 s: mean 0.5, M2 (-0.5) x (0.125 - 0.5) = 0.1875, variance
 *  0.0625, stddev 0.25, sem 0.125, interval 0.5 -+ 3.1824463053 x 0.125 = 0.5 -+ 0.3978057881625
 *  = 0.1021942118375 .. 0.8978057881625. The low bound shows binary rounding: the double
 *  nearest 3.1824463053 is 5.6e-17 above it, and 0.5 - 1/8 of it is exact (Sterbenz), so the
 *  bound is 7e-18 below 0.1021942118375 and reads back only as 0.10219421183749999. User 0.25 s
 *  and sys 0.125 s every run; peak RSS 1001 1001 1001 997 KiB as page-faults above. */
static const char weird_name[] = "q\"b\\c\x01\xc3\xa9\xff\xc0\xafz";

static void build_four_runs(struct report *r)
{
	static char *command[] = { "./bench", "--size=2", "a b", NULL };
	const struct report_event ev[] = {
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .supported = true },
		{ .name = "cycles", .resolved = "cycles", .generic = "cycles", .supported = true },
		{ .name = weird_name, .resolved = weird_name, .supported = false },
		{ .name = "r003c", .resolved = "cpu/event=0x3c,umask=0x0/", .supported = true },
		{ .name = "context-switches", .resolved = "context-switches",
		  .generic = "context-switches", .supported = true },
		{ .name = "instructions", .resolved = "instructions", .generic = "instructions",
		  .added = true, .supported = true },
	};
	const struct sample_count counts[] = {
		{ 1001, MS, MS }, { 2000, MS, MS }, { 0, 0, 0 }, { 500, MS, MS / 2 },
		{ 0, MS, 0 }, { 3001, MS, MS },
		{ 1001, MS, MS }, { 2000, MS, MS }, { 0, 0, 0 }, { 1000, MS, MS },
		{ 0, MS, 0 }, { 3001, MS, MS },
		{ 1001, MS, MS }, { 2000, MS, MS }, { 0, 0, 0 }, { 0, MS, 0 },
		{ 0, MS, 0 }, { 3001, MS, MS },
		{ 997, MS, MS }, { 2000, MS, MS }, { 0, 0, 0 }, { 250, MS, MS / 4 },
		{ 0, MS, 0 }, { 2997, MS, MS },
	};
	const struct sample_run runs[] = {
		/* sequence 0, 2, 4, 6: as if interleaved with another command's runs. Wall times
		 * 0.625 s three times and 0.125 s: mean 0.5, stddev sqrt(0.1875 / 3) = 0.25, a
		 * relative spread of 50% that "warnings" names (the limit is 10%). */
		{ 625000000, 250000000, 125000000, 1001, 0, false, 0 },
		{ 625000000, 250000000, 125000000, 1001, 0, false, 2 },
		{ 625000000, 250000000, 125000000, 1001, 0, false, 4 },
		{ 125000000, 250000000, 125000000, 997, 3, false, 6 },
	};

	fixture_build(r, command, ev, 6, counts, runs, 4, 4, true);
}

static const char four_runs_json[] =
	"{\n"
	"  \"schema_version\": 1,\n"
	"  \"hpstat_version\": \"0.1.0\",\n"
	"  \"command\": \"./bench --size=2 a b\",\n"
	"  \"argv\": [\n"
	"    \"./bench\",\n"
	"    \"--size=2\",\n"
	"    \"a b\"\n"
	"  ],\n"
	"  \"machine\": {\n"
	"    \"kernel\": \"Linux 6.1.0-test x86_64\",\n"
	"    \"cpu_model\": \"Test CPU @ 2.00GHz\",\n"
	"    \"cpus_online\": 2,\n"
	"    \"pmus\": [\n"
	"      \"cpu\",\n"
	"      \"msr\",\n"
	"      \"software\",\n"
	"      \"tracepoint\"\n"
	"    ],\n"
	"    \"findings\": [\n"
	"      {\n"
	"        \"name\": \"hardware_pmu\",\n"
	"        \"state\": \"ok\",\n"
	"        \"found\": \"core PMU 'cpu': 8 general counters\",\n"
	"        \"fix\": null\n"
	"      },\n"
	"      {\n"
	"        \"name\": \"nmi_watchdog\",\n"
	"        \"state\": \"warning\",\n"
	"        \"found\": \"1: on: it holds one hardware counter on every CPU\",\n"
	"        \"fix\": \"sysctl kernel.nmi_watchdog=0 frees one counter\"\n"
	"      }\n"
	"    ]\n"
	"  },\n"
	"  \"runs_requested\": 4,\n"
	"  \"runs_done\": 4,\n"
	"  \"interrupted\": false,\n"
	"  \"stop_signal\": null,\n"
	"  \"failure\": null,\n"
	"  \"partial_run\": false,\n"
	"  \"runs_failed\": 1,\n"
	"  \"runs_detached\": 0,\n"
	"  \"exit_code\": 3,\n"
	"  \"events\": [\n"
	"    {\n"
	"      \"name\": \"page-faults\",\n"
	"      \"event\": \"page-faults\",\n"
	"      \"resolved\": \"page-faults\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 4,\n"
	"      \"mean\": 1000,\n"
	"      \"stddev\": 2,\n"
	"      \"sem\": 1,\n"
	"      \"sem_pct\": 0.1,\n"
	"      \"ci95_low\": 996.8175536947,\n"
	"      \"ci95_high\": 1003.1824463053,\n"
	"      \"min\": 997,\n"
	"      \"median\": 1001,\n"
	"      \"max\": 1001,\n"
	"      \"running_pct\": 100,\n"
	"      \"enabled_ns\": 1000000,\n"
	"      \"running_ns\": 1000000,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [\n"
	"        1001,\n"
	"        1001,\n"
	"        1001,\n"
	"        997\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        100,\n"
	"        100,\n"
	"        100,\n"
	"        100\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"cycles\",\n"
	"      \"event\": \"cycles\",\n"
	"      \"resolved\": \"cycles\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 4,\n"
	"      \"mean\": 2000,\n"
	"      \"stddev\": 0,\n"
	"      \"sem\": 0,\n"
	"      \"sem_pct\": 0,\n"
	"      \"ci95_low\": 2000,\n"
	"      \"ci95_high\": 2000,\n"
	"      \"min\": 2000,\n"
	"      \"median\": 2000,\n"
	"      \"max\": 2000,\n"
	"      \"running_pct\": 100,\n"
	"      \"enabled_ns\": 1000000,\n"
	"      \"running_ns\": 1000000,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [\n"
	"        2000,\n"
	"        2000,\n"
	"        2000,\n"
	"        2000\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        100,\n"
	"        100,\n"
	"        100,\n"
	"        100\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"q\\\"b\\\\c\\u0001\xc3\xa9\\ufffd\\ufffd\\ufffdz\",\n"
	"      \"event\": \"q\\\"b\\\\c\\u0001\xc3\xa9\\ufffd\\ufffd\\ufffdz\",\n"
	"      \"resolved\": \"q\\\"b\\\\c\\u0001\xc3\xa9\\ufffd\\ufffd\\ufffdz\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"not-supported\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 0,\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"sem_pct\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null,\n"
	"      \"running_pct\": null,\n"
	"      \"enabled_ns\": null,\n"
	"      \"running_ns\": null,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [\n"
	"        null,\n"
	"        null,\n"
	"        null,\n"
	"        null\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        null,\n"
	"        null,\n"
	"        null,\n"
	"        null\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"r003c\",\n"
	"      \"event\": \"r003c\",\n"
	"      \"resolved\": \"cpu/event=0x3c,umask=0x0/\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 3,\n"
	"      \"mean\": 1000,\n"
	"      \"stddev\": 0,\n"
	"      \"sem\": 0,\n"
	"      \"sem_pct\": 0,\n"
	"      \"ci95_low\": 1000,\n"
	"      \"ci95_high\": 1000,\n"
	"      \"min\": 1000,\n"
	"      \"median\": 1000,\n"
	"      \"max\": 1000,\n"
	"      \"running_pct\": 43.75,\n"
	"      \"enabled_ns\": 1000000,\n"
	"      \"running_ns\": 437500,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [\n"
	"        1000,\n"
	"        1000,\n"
	"        null,\n"
	"        1000\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        50,\n"
	"        100,\n"
	"        0,\n"
	"        25\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"context-switches\",\n"
	"      \"event\": \"context-switches\",\n"
	"      \"resolved\": \"context-switches\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"not-counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 0,\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"sem_pct\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null,\n"
	"      \"running_pct\": 0,\n"
	"      \"enabled_ns\": 1000000,\n"
	"      \"running_ns\": 0,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [\n"
	"        null,\n"
	"        null,\n"
	"        null,\n"
	"        null\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        0,\n"
	"        0,\n"
	"        0,\n"
	"        0\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"instructions\",\n"
	"      \"event\": \"instructions\",\n"
	"      \"resolved\": \"instructions\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": true,\n"
	"      \"runs_counted\": 4,\n"
	"      \"mean\": 3000,\n"
	"      \"stddev\": 2,\n"
	"      \"sem\": 1,\n"
	"      \"sem_pct\": 0.03333333333333333,\n"
	"      \"ci95_low\": 2996.8175536947,\n"
	"      \"ci95_high\": 3003.1824463053,\n"
	"      \"min\": 2997,\n"
	"      \"median\": 3001,\n"
	"      \"max\": 3001,\n"
	"      \"running_pct\": 100,\n"
	"      \"enabled_ns\": 1000000,\n"
	"      \"running_ns\": 1000000,\n"
	"      \"metrics\": [\n"
	"        {\n"
	"          \"value\": 1.5,\n"
	"          \"unit\": \"insn per cycle\",\n"
	"          \"percent\": false,\n"
	"          \"per_run\": [\n"
	"            1.5005,\n"
	"            1.5005,\n"
	"            1.5005,\n"
	"            1.4985\n"
	"          ]\n"
	"        }\n"
	"      ],\n"
	"      \"per_run\": [\n"
	"        3001,\n"
	"        3001,\n"
	"        3001,\n"
	"        2997\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        100,\n"
	"        100,\n"
	"        100,\n"
	"        100\n"
	"      ]\n"
	"    }\n"
	"  ],\n"
	"  \"metrics\": [],\n"
	"  \"time\": {\n"
	"    \"elapsed\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.5,\n"
	"      \"stddev\": 0.25,\n"
	"      \"sem\": 0.125,\n"
	"      \"ci95_low\": 0.10219421183749999,\n"
	"      \"ci95_high\": 0.8978057881625,\n"
	"      \"min\": 0.125,\n"
	"      \"median\": 0.625,\n"
	"      \"max\": 0.625\n"
	"    },\n"
	"    \"user\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.25,\n"
	"      \"stddev\": 0,\n"
	"      \"sem\": 0,\n"
	"      \"ci95_low\": 0.25,\n"
	"      \"ci95_high\": 0.25,\n"
	"      \"min\": 0.25,\n"
	"      \"median\": 0.25,\n"
	"      \"max\": 0.25\n"
	"    },\n"
	"    \"sys\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.125,\n"
	"      \"stddev\": 0,\n"
	"      \"sem\": 0,\n"
	"      \"ci95_low\": 0.125,\n"
	"      \"ci95_high\": 0.125,\n"
	"      \"min\": 0.125,\n"
	"      \"median\": 0.125,\n"
	"      \"max\": 0.125\n"
	"    }\n"
	"  },\n"
	"  \"max_rss\": {\n"
	"    \"unit\": \"KiB\",\n"
	"    \"mean\": 1000,\n"
	"    \"stddev\": 2,\n"
	"    \"sem\": 1,\n"
	"    \"ci95_low\": 996.8175536947,\n"
	"    \"ci95_high\": 1003.1824463053,\n"
	"    \"min\": 997,\n"
	"    \"median\": 1001,\n"
	"    \"max\": 1001\n"
	"  },\n"
	"  \"runs\": [\n"
	"    {\n"
	"      \"run\": 1,\n"
	"      \"elapsed_s\": 0.625,\n"
	"      \"user_s\": 0.25,\n"
	"      \"sys_s\": 0.125,\n"
	"      \"max_rss_kib\": 1001,\n"
	"      \"exit_code\": 0,\n"
	"      \"sequence\": 0\n"
	"    },\n"
	"    {\n"
	"      \"run\": 2,\n"
	"      \"elapsed_s\": 0.625,\n"
	"      \"user_s\": 0.25,\n"
	"      \"sys_s\": 0.125,\n"
	"      \"max_rss_kib\": 1001,\n"
	"      \"exit_code\": 0,\n"
	"      \"sequence\": 2\n"
	"    },\n"
	"    {\n"
	"      \"run\": 3,\n"
	"      \"elapsed_s\": 0.625,\n"
	"      \"user_s\": 0.25,\n"
	"      \"sys_s\": 0.125,\n"
	"      \"max_rss_kib\": 1001,\n"
	"      \"exit_code\": 0,\n"
	"      \"sequence\": 4\n"
	"    },\n"
	"    {\n"
	"      \"run\": 4,\n"
	"      \"elapsed_s\": 0.125,\n"
	"      \"user_s\": 0.25,\n"
	"      \"sys_s\": 0.125,\n"
	"      \"max_rss_kib\": 997,\n"
	"      \"exit_code\": 3,\n"
	"      \"sequence\": 6\n"
	"    }\n"
	"  ],\n"
	"  \"warnings\": [\n"
	"    \"run times vary by 50.0% (relative standard deviation): too noisy to trust the mean; measure on a quiet machine or with more runs (-r)\"\n"
	"  ]\n"
	"}\n";

/* One run, cut short by a signal after hpstat was asked for five: task-clock 2000000 ns shows
 * as 2 msec; page-faults 500. With one value there is no spread: stddev, sem, sem_pct and the
 * interval are null, min = median = max = the value. Metrics: task-clock / elapsed = 2 ms /
 * 4 ms = 0.5 CPUs utilized; 500 faults in 2 ms of task-clock = 250000/s = 250 K/sec. */
static void build_single_run(struct report *r)
{
	static char *command[] = { "sleep", "0.004", NULL };
	const struct report_event ev[] = {
		{ .name = "task-clock", .resolved = "task-clock", .generic = "task-clock",
		  .supported = true },
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .supported = true },
	};
	const struct sample_count counts[] = {
		{ 2000000, 2 * MS, 2 * MS }, { 500, 2 * MS, 2 * MS },
	};
	const struct sample_run runs[] = { { 4000000, 1000000, 500000, 2048, 130, false, 0 } };

	fixture_build(r, command, ev, 2, counts, runs, 1, 5, true);
	/* fixture_build has no say in these; main sets them from the workload the same way:
	 * a Ctrl-C cut the one run short. */
	r->interrupted = true;
	r->partial_run = true;
	r->stop_signal = 2;
}

static const char single_run_json[] =
	"{\n"
	"  \"schema_version\": 1,\n"
	"  \"hpstat_version\": \"0.1.0\",\n"
	"  \"command\": \"sleep 0.004\",\n"
	"  \"argv\": [\n"
	"    \"sleep\",\n"
	"    \"0.004\"\n"
	"  ],\n"
	"  \"machine\": {\n"
	"    \"kernel\": \"Linux 6.1.0-test x86_64\",\n"
	"    \"cpu_model\": \"Test CPU @ 2.00GHz\",\n"
	"    \"cpus_online\": 2,\n"
	"    \"pmus\": [\n"
	"      \"cpu\",\n"
	"      \"msr\",\n"
	"      \"software\",\n"
	"      \"tracepoint\"\n"
	"    ],\n"
	"    \"findings\": [\n"
	"      {\n"
	"        \"name\": \"hardware_pmu\",\n"
	"        \"state\": \"ok\",\n"
	"        \"found\": \"core PMU 'cpu': 8 general counters\",\n"
	"        \"fix\": null\n"
	"      },\n"
	"      {\n"
	"        \"name\": \"nmi_watchdog\",\n"
	"        \"state\": \"warning\",\n"
	"        \"found\": \"1: on: it holds one hardware counter on every CPU\",\n"
	"        \"fix\": \"sysctl kernel.nmi_watchdog=0 frees one counter\"\n"
	"      }\n"
	"    ]\n"
	"  },\n"
	"  \"runs_requested\": 5,\n"
	"  \"runs_done\": 1,\n"
	"  \"interrupted\": true,\n"
	"  \"stop_signal\": 2,\n"
	"  \"failure\": null,\n"
	"  \"partial_run\": true,\n"
	"  \"runs_failed\": 1,\n"
	"  \"runs_detached\": 0,\n"
	"  \"exit_code\": 130,\n"
	"  \"events\": [\n"
	"    {\n"
	"      \"name\": \"task-clock\",\n"
	"      \"event\": \"task-clock\",\n"
	"      \"resolved\": \"task-clock\",\n"
	"      \"unit\": \"msec\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 1,\n"
	"      \"mean\": 2,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"sem_pct\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": 2,\n"
	"      \"median\": 2,\n"
	"      \"max\": 2,\n"
	"      \"running_pct\": 100,\n"
	"      \"enabled_ns\": 2000000,\n"
	"      \"running_ns\": 2000000,\n"
	"      \"metrics\": [\n"
	"        {\n"
	"          \"value\": 0.5,\n"
	"          \"unit\": \"CPUs utilized\",\n"
	"          \"percent\": false,\n"
	"          \"per_run\": [\n"
	"            0.5\n"
	"          ]\n"
	"        }\n"
	"      ],\n"
	"      \"per_run\": [\n"
	"        2\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        100\n"
	"      ]\n"
	"    },\n"
	"    {\n"
	"      \"name\": \"page-faults\",\n"
	"      \"event\": \"page-faults\",\n"
	"      \"resolved\": \"page-faults\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 1,\n"
	"      \"mean\": 500,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"sem_pct\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": 500,\n"
	"      \"median\": 500,\n"
	"      \"max\": 500,\n"
	"      \"running_pct\": 100,\n"
	"      \"enabled_ns\": 2000000,\n"
	"      \"running_ns\": 2000000,\n"
	"      \"metrics\": [\n"
	"        {\n"
	"          \"value\": 250,\n"
	"          \"unit\": \"K/sec\",\n"
	"          \"percent\": false,\n"
	"          \"per_run\": [\n"
	"            250\n"
	"          ]\n"
	"        }\n"
	"      ],\n"
	"      \"per_run\": [\n"
	"        500\n"
	"      ],\n"
	"      \"per_run_running_pct\": [\n"
	"        100\n"
	"      ]\n"
	"    }\n"
	"  ],\n"
	"  \"metrics\": [],\n"
	"  \"time\": {\n"
	"    \"elapsed\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.004,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": 0.004,\n"
	"      \"median\": 0.004,\n"
	"      \"max\": 0.004\n"
	"    },\n"
	"    \"user\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.001,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": 0.001,\n"
	"      \"median\": 0.001,\n"
	"      \"max\": 0.001\n"
	"    },\n"
	"    \"sys\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": 0.0005,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": 0.0005,\n"
	"      \"median\": 0.0005,\n"
	"      \"max\": 0.0005\n"
	"    }\n"
	"  },\n"
	"  \"max_rss\": {\n"
	"    \"unit\": \"KiB\",\n"
	"    \"mean\": 2048,\n"
	"    \"stddev\": null,\n"
	"    \"sem\": null,\n"
	"    \"ci95_low\": null,\n"
	"    \"ci95_high\": null,\n"
	"    \"min\": 2048,\n"
	"    \"median\": 2048,\n"
	"    \"max\": 2048\n"
	"  },\n"
	"  \"runs\": [\n"
	"    {\n"
	"      \"run\": 1,\n"
	"      \"elapsed_s\": 0.004,\n"
	"      \"user_s\": 0.001,\n"
	"      \"sys_s\": 0.0005,\n"
	"      \"max_rss_kib\": 2048,\n"
	"      \"exit_code\": 130,\n"
	"      \"sequence\": 0\n"
	"    }\n"
	"  ],\n"
	"  \"warnings\": []\n"
	"}\n";

/* Interrupted before the first run ended: no runs, so every statistic is null and every
 * per-run array is empty; the machine is unknown (all empty). */
static void build_no_runs(struct report *r)
{
	static char *command[] = { "true", NULL };
	const struct report_event ev[] = {
		{ .name = "page-faults", .resolved = "page-faults", .generic = "page-faults",
		  .supported = true },
	};

	fixture_build(r, command, ev, 1, NULL, NULL, 0, 3, false);
	memset(&r->machine, 0, sizeof(r->machine));
	r->interrupted = true;
	r->failure = "cannot run 'true': \"quoted\"";
}

static const char no_runs_json[] =
	"{\n"
	"  \"schema_version\": 1,\n"
	"  \"hpstat_version\": \"0.1.0\",\n"
	"  \"command\": \"true\",\n"
	"  \"argv\": [\n"
	"    \"true\"\n"
	"  ],\n"
	"  \"machine\": {\n"
	"    \"kernel\": \"\",\n"
	"    \"cpu_model\": \"\",\n"
	"    \"cpus_online\": 0,\n"
	"    \"pmus\": [],\n"
	"    \"findings\": []\n"
	"  },\n"
	"  \"runs_requested\": 3,\n"
	"  \"runs_done\": 0,\n"
	"  \"interrupted\": true,\n"
	"  \"stop_signal\": null,\n"
	"  \"failure\": \"cannot run 'true': \\\"quoted\\\"\",\n"
	"  \"partial_run\": false,\n"
	"  \"runs_failed\": 0,\n"
	"  \"runs_detached\": 0,\n"
	"  \"exit_code\": 0,\n"
	"  \"events\": [\n"
	"    {\n"
	"      \"name\": \"page-faults\",\n"
	"      \"event\": \"page-faults\",\n"
	"      \"resolved\": \"page-faults\",\n"
	"      \"unit\": \"\",\n"
	"      \"state\": \"not-counted\",\n"
	"      \"added\": false,\n"
	"      \"runs_counted\": 0,\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"sem_pct\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null,\n"
	"      \"running_pct\": null,\n"
	"      \"enabled_ns\": null,\n"
	"      \"running_ns\": null,\n"
	"      \"metrics\": [],\n"
	"      \"per_run\": [],\n"
	"      \"per_run_running_pct\": []\n"
	"    }\n"
	"  ],\n"
	"  \"metrics\": [],\n"
	"  \"time\": {\n"
	"    \"elapsed\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null\n"
	"    },\n"
	"    \"user\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null\n"
	"    },\n"
	"    \"sys\": {\n"
	"      \"unit\": \"s\",\n"
	"      \"mean\": null,\n"
	"      \"stddev\": null,\n"
	"      \"sem\": null,\n"
	"      \"ci95_low\": null,\n"
	"      \"ci95_high\": null,\n"
	"      \"min\": null,\n"
	"      \"median\": null,\n"
	"      \"max\": null\n"
	"    }\n"
	"  },\n"
	"  \"max_rss\": {\n"
	"    \"unit\": \"KiB\",\n"
	"    \"mean\": null,\n"
	"    \"stddev\": null,\n"
	"    \"sem\": null,\n"
	"    \"ci95_low\": null,\n"
	"    \"ci95_high\": null,\n"
	"    \"min\": null,\n"
	"    \"median\": null,\n"
	"    \"max\": null\n"
	"  },\n"
	"  \"runs\": [],\n"
	"  \"warnings\": []\n"
	"}\n";

/* ------------------------------------------------------------------- whole documents */

START_TEST(test_four_runs)
{
	struct report r;
	char *text;

	build_four_runs(&r);
	text = fixture_render(output_json_write, &r, &plain);
	assert_doc(text, four_runs_json);
	free(text);
	report_release(&r);
}
END_TEST

START_TEST(test_single_run)
{
	struct report r;
	char *text;

	build_single_run(&r);
	text = fixture_render(output_json_write, &r, &plain);
	assert_doc(text, single_run_json);
	free(text);
	report_release(&r);
}
END_TEST

START_TEST(test_no_runs)
{
	struct report r;
	char *text;

	build_no_runs(&r);
	text = fixture_render(output_json_write, &r, &plain);
	assert_doc(text, no_runs_json);
	free(text);
	report_release(&r);
}
END_TEST

/* The per-run arrays are always there: --per-run and the text-only choices change nothing. */
START_TEST(test_options_change_nothing)
{
	const struct output_options all = { .per_run = true, .stats = true, .big_num = false,
					    .separator = ";" };
	struct report r;
	char *text;

	build_four_runs(&r);
	text = fixture_render(output_json_write, &r, &all);
	assert_doc(text, four_runs_json);
	free(text);
	report_release(&r);
}
END_TEST

/* ------------------------------------------------------------------- numbers and strings */

/* Each value is written with the fewest digits that read back as the same double, in fixed
 * notation from 1e-4 up to 1e16 (as Python's repr); what JSON cannot hold is null. */
START_TEST(test_numbers)
{
	static const double values[] = {
		0.1, 1052.4, 100, 1e15, 1e16, 123456789012345678.0, 9007199254740994.0, 1e-5,
		0.0001, 1.0 / 3, 5e-324, 1.7976931348623157e308, -0.0, -2.5, INFINITY, -INFINITY,
		NAN,
	};
	static const char expected[] =
		"      \"per_run\": [\n"
		"        0.1,\n"
		"        1052.4,\n"
		"        100,\n"
		"        1000000000000000,\n"
		"        1e+16,\n"
		"        1.2345678901234568e+17,\n"
		"        9007199254740994,\n"
		"        1e-05,\n"
		"        0.0001,\n"
		"        0.3333333333333333,\n"
		"        5e-324,\n"
		"        1.7976931348623157e+308,\n"
		"        -0,\n"
		"        -2.5,\n"
		"        null,\n"
		"        null,\n"
		"        null\n"
		"      ],\n";
	enum { N = sizeof(values) / sizeof(values[0]) };
	static char *command[] = { "true", NULL };
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	struct sample_count counts[N];
	struct sample_run runs[N];
	struct report r;
	char *text;
	size_t i;

	for (i = 0; i < N; i++) {
		counts[i] = (struct sample_count){ 1, MS, MS };
		runs[i] = (struct sample_run){ .wall_ns = MS };
	}
	fixture_build(&r, command, ev, 1, counts, runs, N, N, false);
	for (i = 0; i < N; i++)
		r.rows[0].per_run[i] = values[i];
	text = fixture_render(output_json_write, &r, &plain);
	ck_assert_msg(strstr(text, expected), "per_run not as expected in:\n%s", text);
	free(text);
	report_release(&r);
}
END_TEST

/* Whatever bytes a command holds, the document parses: controls as \u00XX, valid UTF-8 as it
 * is, one U+FFFD per byte that does not begin a valid sequence (cut short, surrogate, past
 * U+10FFFF, never a lead byte). */
START_TEST(test_strings)
{
	static char *command[] = {
		"tab\there", "nl\n", "\x1f\x7f", "euro \xe2\x82\xac", "cut \xe2\x82",
		"emoji \xf0\x9f\x98\x80", "surrogate \xed\xa0\x80", "too big \xf4\x90\x80\x80",
		"\xf5", "\\ and \" and /", NULL,
	};
	static const char expected[] =
		"  \"argv\": [\n"
		"    \"tab\\u0009here\",\n"
		"    \"nl\\u000a\",\n"
		"    \"\\u001f\\u007f\",\n"
		"    \"euro \xe2\x82\xac\",\n"
		"    \"cut \\ufffd\\ufffd\",\n"
		"    \"emoji \xf0\x9f\x98\x80\",\n"
		"    \"surrogate \\ufffd\\ufffd\\ufffd\",\n"
		"    \"too big \\ufffd\\ufffd\\ufffd\\ufffd\",\n"
		"    \"\\ufffd\",\n"
		"    \"\\\\ and \\\" and /\"\n"
		"  ],\n";
	static const char expected_command[] =
		"  \"command\": \"tab\\u0009here nl\\u000a \\u001f\\u007f euro \xe2\x82\xac cut "
		"\\ufffd\\ufffd emoji \xf0\x9f\x98\x80 surrogate \\ufffd\\ufffd\\ufffd too big "
		"\\ufffd\\ufffd\\ufffd\\ufffd \\ufffd \\\\ and \\\" and /\",\n";
	const struct report_event ev[] = {
		{ .name = "page-faults", .generic = "page-faults", .supported = true },
	};
	const struct sample_count counts[] = { { 1, MS, MS } };
	const struct sample_run runs[] = { { .wall_ns = MS } };
	struct report r;
	char *text;

	fixture_build(&r, command, ev, 1, counts, runs, 1, 1, false);
	text = fixture_render(output_json_write, &r, &plain);
	ck_assert_msg(strstr(text, expected), "argv not as expected in:\n%s", text);
	ck_assert_msg(strstr(text, expected_command), "command not as expected in:\n%s", text);
	free(text);
	report_release(&r);
}
END_TEST

/* ------------------------------------------------------------------- locale and errors */

/* Under a locale with a decimal comma (printf really writes 0,5) the documents are the same
 * bytes as under C. */
START_TEST(test_decimal_comma_locale)
{
	const char *name = comma_locale_set();
	struct report r;
	char probe[16];
	char *text;

	if (!name) {
		/* Loud, not silent: this machine cannot prove it. The backend puts the C locale in
		 * force with uselocale() around the whole document, so no setting can reach it. */
		fprintf(stderr, "check_output_json: WARNING: no decimal-comma locale installed and "
				"localedef could not build de_DE.UTF-8: locale independence is not "
				"tested here\n");
	} else {
		snprintf(probe, sizeof(probe), "%.1f", 0.5);
		ck_assert_msg(strcmp(probe, "0,5") == 0, "locale %s prints 0.5 as %s", name, probe);
	}
	build_four_runs(&r);
	text = fixture_render(output_json_write, &r, &plain);
	assert_doc(text, four_runs_json);
	free(text);
	report_release(&r);
	build_single_run(&r);
	text = fixture_render(output_json_write, &r, &plain);
	assert_doc(text, single_run_json);
	free(text);
	report_release(&r);
	/* And the caller's locale is left as it was. */
	if (name) {
		snprintf(probe, sizeof(probe), "%.1f", 0.5);
		ck_assert_str_eq(probe, "0,5");
	}
	setlocale(LC_NUMERIC, "C");
}
END_TEST

/* A full disk is reported, not a truncated document passed off as whole. */
START_TEST(test_write_error)
{
	struct report r;

	build_single_run(&r);
	fixture_assert_write_fails(output_json_write, &r, &plain);
	report_release(&r);
}
END_TEST

static Suite *json_suite(void)
{
	Suite *s = suite_create("output_json");
	TCase *g = tcase_create("golden");
	TCase *v = tcase_create("values");
	TCase *e = tcase_create("environment");

	tcase_add_test(g, test_four_runs);
	tcase_add_test(g, test_single_run);
	tcase_add_test(g, test_no_runs);
	tcase_add_test(g, test_options_change_nothing);
	suite_add_tcase(s, g);

	tcase_add_test(v, test_numbers);
	tcase_add_test(v, test_strings);
	suite_add_tcase(s, v);

	/* localedef takes about a second where no comma locale is installed. */
	tcase_set_timeout(e, 30);
	tcase_add_test(e, test_decimal_comma_locale);
	tcase_add_test(e, test_write_error);
	suite_add_tcase(s, e);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(json_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
