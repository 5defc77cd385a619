/* check_preset.c - Check unit tests for preset files: the parser, the search, the expansion. */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "preset.h"

#define NG SPEC_NO_GROUP

/* ---- preset_parse ---- */

static void parse_ok(const char *text, struct preset *p)
{
	struct hp_err err = { .msg = "" };

	ck_assert_msg(preset_parse(text, "t.preset", p, &err) == 0, "parse failed: %s", err.msg);
}

static void assert_error(const char *text, const char *message)
{
	struct preset p;
	struct hp_err err = { .msg = "" };

	memset(&p, 0xa5, sizeof(p)); /* preset_parse must not read what out held */
	ck_assert_msg(preset_parse(text, "t.preset", &p, &err) == -1, "accepted:\n%s", text);
	ck_assert_str_eq(err.msg, message);
	ck_assert_ptr_null(p.description);
	ck_assert_ptr_null(p.metrics);
	ck_assert_ptr_null(p.spec.events);
	ck_assert_uint_eq(p.n_metrics, 0);
}

static void assert_event(const struct preset *p, size_t i, const char *name, int group)
{
	ck_assert_msg(i < p->spec.n_events, "only %zu events", p->spec.n_events);
	ck_assert_str_eq(p->spec.events[i].name, name);
	ck_assert_int_eq(p->spec.events[i].group, group);
	ck_assert(!p->spec.events[i].preset);
}

static void assert_metric(const struct preset *p, size_t i, const char *name, const char *unit,
			  const char *formula, const char *description, unsigned line)
{
	ck_assert_msg(i < p->n_metrics, "only %zu metrics", p->n_metrics);
	ck_assert_str_eq(p->metrics[i].name, name);
	ck_assert_str_eq(p->metrics[i].unit, unit);
	ck_assert_str_eq(p->metrics[i].formula, formula);
	ck_assert_str_eq(p->metrics[i].description, description);
	ck_assert_uint_eq(p->metrics[i].line, line);
}

/* Everything the format allows: comments, blank lines, indentation, CRLF, keys in any case,
 * blanks before the ':', several events lines (groups numbered across them), a group
 * modifier, a metric before the events it reads, an empty unit, '#' inside a value. */
START_TEST(test_full)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"   description:   L1 data cache, user space only   \n"
		"metric: L1d miss ratio | % | 100 * L1-dcache-load-misses:u / L1-dcache-loads:u "
		"| share of L1 data loads that missed\n"
		"\t# an indented comment\r\n"
		"events: {L1-dcache-loads, L1-dcache-load-misses}:u\r\n"
		"EVENTS : task-clock,{cycles,instructions}\n"
		"Metric:IPC||instructions/cycles|instructions per cycle (# of them)\n"
		"metric: rate | /sec | TASK-CLOCK / duration_time | busy share\n"
		"   \n";
	struct preset p;

	parse_ok(text, &p);
	ck_assert_ptr_null(p.name);
	ck_assert_ptr_null(p.path);
	ck_assert_str_eq(p.description, "L1 data cache, user space only");
	ck_assert_uint_eq(p.spec.n_events, 5);
	ck_assert_int_eq(p.spec.n_groups, 2);
	assert_event(&p, 0, "L1-dcache-loads:u", 0);
	assert_event(&p, 1, "L1-dcache-load-misses:u", 0);
	assert_event(&p, 2, "task-clock", NG);
	assert_event(&p, 3, "cycles", 1);
	assert_event(&p, 4, "instructions", 1);
	ck_assert_uint_eq(p.n_metrics, 3);
	assert_metric(&p, 0, "L1d miss ratio", "%",
		      "100 * L1-dcache-load-misses:u / L1-dcache-loads:u",
		      "share of L1 data loads that missed", 4);
	assert_metric(&p, 1, "IPC", "", "instructions/cycles", "instructions per cycle (# of them)",
		      8);
	assert_metric(&p, 2, "rate", "/sec", "TASK-CLOCK / duration_time", "busy share", 9);
	preset_release(&p);
	ck_assert_ptr_null(p.description);
	preset_release(&p); /* twice is harmless */
}
END_TEST

/* The smallest preset: a description and one event; metrics are optional; no final newline. */
START_TEST(test_minimal)
{
	struct preset p;

	parse_ok("description: x\nevents: r003c", &p);
	ck_assert_str_eq(p.description, "x");
	ck_assert_uint_eq(p.spec.n_events, 1);
	assert_event(&p, 0, "r003c", NG);
	ck_assert_uint_eq(p.n_metrics, 0);
	ck_assert_ptr_null(p.metrics);
	preset_release(&p);
}
END_TEST

/* Sysfs names keep their commas; tracepoints and pmu::EVENT:UMASK names are identifiers. */
START_TEST(test_event_kinds)
{
	struct preset p;

	parse_ok("description: d\n"
		 "events: msr/tsc/, cpu/event=0x3c,umask=0/, sched:sched_switch\n"
		 "events: {skx::UNC_C_CLOCKTICKS, r00c0}:k\n"
		 "metric: switches | /sec | sched:sched_switch / (duration_time / 1e9) | d\n"
		 "metric: raw | | r00c0:k / skx::unc_c_clockticks:K | d\n",
		 &p);
	ck_assert_uint_eq(p.spec.n_events, 5);
	assert_event(&p, 0, "msr/tsc/", NG);
	assert_event(&p, 1, "cpu/event=0x3c,umask=0/", NG);
	assert_event(&p, 2, "sched:sched_switch", NG);
	assert_event(&p, 3, "skx::UNC_C_CLOCKTICKS:k", 0);
	assert_event(&p, 4, "r00c0:k", 0);
	ck_assert_uint_eq(p.n_metrics, 2);
	preset_release(&p);
}
END_TEST

START_TEST(test_errors_keys)
{
	assert_error("description: d\nevents: a\nmetrc: m | | a | d\n",
		     "t.preset:3: unknown key 'metrc'; the keys are description, events, metric, "
		     "cpu, define, group and bottleneck");
	assert_error("description: d\ncycles:u\n",
		     "t.preset:2: unknown key 'cycles'; the keys are description, events, metric, "
		     "cpu, define, group and bottleneck");
	assert_error("# c\n\ncycles,instructions\n",
		     "t.preset:3: expected 'KEY: VALUE' with KEY description, events, metric, "
		     "cpu, define, group or bottleneck");
	assert_error("description d\n",
		     "t.preset:1: expected 'KEY: VALUE' with KEY description, events, metric, "
		     "cpu, define, group or bottleneck");
	assert_error(": d\n",
		     "t.preset:1: expected 'KEY: VALUE' with KEY description, events, metric, "
		     "cpu, define, group or bottleneck");
	assert_error("description: a\nevents: x\ndescription: b\n",
		     "t.preset:3: second 'description:' line (the first is line 1)");
	assert_error("events: x\ndescription:   \n", "t.preset:2: empty description");
}
END_TEST

START_TEST(test_errors_events)
{
	assert_error("description: d\nevents:\n",
		     "t.preset:2: empty 'events:' line; list at least one event");
	assert_error("description: d\n\nevents: {a,b\n",
		     "t.preset:3: missing '}' to close the group opened at column 1 of event "
		     "list '{a,b'");
	assert_error("description: d\nevents: a}\n",
		     "t.preset:2: '}' without a matching '{' at column 2 of event list 'a}'");
	assert_error("description: d\nevents: {a,{b}}\n",
		     "t.preset:2: '{' inside a group at column 4 of event list "
		     "'{a,{b}}'; groups cannot be nested");
	assert_error("description: d\nevents: a,,b\n",
		     "t.preset:2: empty event name at column 3 of event list 'a,,b'");
	assert_error("description: d\nevents: a\nevents: x,@cache\n",
		     "t.preset:3: '@cache': a preset cannot name another preset; list its events "
		     "instead");
	assert_error("description: d\nevents: {@cache}\n",
		     "t.preset:2: preset '@cache' inside a group at column 2 of event list "
		     "'{@cache}'; a preset brings its own groups, so name it outside the braces");
}
END_TEST

START_TEST(test_errors_metrics)
{
	assert_error("description: d\nevents: a,b\nmetric: r | | a / b\n",
		     "t.preset:3: a metric has 4 fields separated by '|' (name | unit | formula | "
		     "description), this one 3");
	assert_error("description: d\nevents: a,b\nmetric: r | | a | b | c\n",
		     "t.preset:3: a metric has 4 fields separated by '|' (name | unit | formula | "
		     "description), this one 5");
	assert_error("description: d\nevents: a\nmetric:\n",
		     "t.preset:3: a metric has 4 fields separated by '|' (name | unit | formula | "
		     "description), this one 1");
	assert_error("description: d\nevents: a\nmetric:  | % | a | d\n",
		     "t.preset:3: metric without a name");
	assert_error("description: d\nevents: a\nmetric: r | % |  | d\n",
		     "t.preset:3: metric 'r': empty formula");
	assert_error("description: d\nevents: a\nmetric: r | % | a |\n",
		     "t.preset:3: metric 'r': empty description");
	assert_error("description: d\nevents: a, b\nmetric: r |  | a / (b | d\n",
		     "t.preset:3: metric 'r': formula 'a / (b': missing ')' at column 7");
	assert_error("description: d\nevents: a, b\nmetric: r |  | a / 2x | d\n",
		     "t.preset:3: metric 'r': formula 'a / 2x': malformed number '2x' at column 5");
	assert_error("description: d\nevents: a\nmetric: R | | a | d\n# x\nmetric: r | | 2*a | d\n",
		     "t.preset:5: metric 'r' defined twice (the first is line 3)");
}
END_TEST

/* A formula may read only the preset's events (as written, group modifier included, in any
 * case) and duration_time; the error points at the metric's line even when the events line
 * comes later. */
START_TEST(test_errors_unknown_event)
{
	struct preset p;

	assert_error("description: d\nevents: cache-references\n"
		     "metric: miss | % | 100 * cache-misses / cache-references | d\n",
		     "t.preset:3: metric 'miss': formula names 'cache-misses', which is not among "
		     "the preset's events; add it to an 'events:' line");
	assert_error("description: d\nmetric: ipc | | instructions / cycles | d\n"
		     "events: {cycles,instructions}:u\n",
		     "t.preset:2: metric 'ipc': formula names 'instructions', which is not among "
		     "the preset's events; add it to an 'events:' line");
	assert_error("description: d\nevents: a\nmetric: t | | a / duration | d\n",
		     "t.preset:3: metric 't': formula names 'duration', which is not among "
		     "the preset's events; add it to an 'events:' line");
	parse_ok("description: d\nmetric: ipc | | INSTRUCTIONS:U / cycles:u | d\n"
		 "events: {cycles,instructions}:u\n", &p);
	preset_release(&p);
}
END_TEST

/* user_time and system_time are events: a formula reads them when the preset lists them,
 * as it reads any event; only duration_time needs no listing (it is always measured). */
START_TEST(test_tool_events_in_formulas)
{
	struct preset p;

	assert_error("description: d\nevents: task-clock\n"
		     "metric: user | % | 100 * user_time / duration_time | d\n",
		     "t.preset:3: metric 'user': formula names 'user_time', which is not among "
		     "the preset's events; add it to an 'events:' line");
	parse_ok("description: d\nevents: {task-clock,duration_time}, user_time, system_time\n"
		 "metric: cpu | % | 100 * (user_time + system_time) / duration_time | d\n", &p);
	assert_event(&p, 1, "duration_time", 0);
	assert_event(&p, 2, "user_time", NG);
	preset_release(&p);
}
END_TEST

START_TEST(test_errors_whole_file)
{
	assert_error("", "t.preset: no 'description:' line; say in one line what the preset "
			 "counts");
	assert_error("events: a\n# description: x\n",
		     "t.preset: no 'description:' line; say in one line what the preset counts");
	assert_error("description: d\n",
		     "t.preset: no 'events:' line; a preset counts at least one event");
	assert_error("description: d\nmetric: two | | 2 | d\n",
		     "t.preset: no 'events:' line; a preset counts at least one event");
}
END_TEST

/* ---- files: preset_load, preset_names, preset_expand ---- */

static char tmp_dir[32]; /* "/tmp/check_preset.XXXXXX" */

static void write_file(const char *dir, const char *name, const char *text, size_t len)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "%s: %s", path, strerror(errno));
	ck_assert_uint_eq(fwrite(text, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

static void put(const char *sub, const char *name, const char *text)
{
	char dir[128];

	snprintf(dir, sizeof(dir), "%s/%s", tmp_dir, sub);
	mkdir(dir, 0700);
	write_file(dir, name, text, strlen(text));
}

static void tmp_setup(void)
{
	snprintf(tmp_dir, sizeof(tmp_dir), "/tmp/check_preset.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmp_dir));
	put("a", "ipc.preset", "description: a's ipc\nevents: {cycles,instructions}\n"
			       "metric: IPC | | instructions / cycles | d\n");
	put("a", "only_a.preset", "description: only in a\nevents: task-clock\n");
	put("a", "notes.txt", "not a preset");
	put("a", "bad name.preset", "description: x\nevents: y\n");
	put("b", "ipc.preset", "description: b's ipc\nevents: cycles\n");
	put("b", "broken.preset", "description: x\n\nevents: {a,b\n");
	put("b", "mem-2.preset", "description: faults\nevents: page-faults,{x,y}:u\n");
	put("b", ".preset", "description: x\nevents: y\n");
	unsetenv(PRESET_PATH_ENV);
}

static void tmp_teardown(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmp_dir);
	ck_assert_int_eq(system(cmd), 0);
}

/* "DIR/a:DIR/b" and the like: entries relative to the temporary directory. */
static const char *path_of(const char *first, const char *second)
{
	static char path[256];

	if (second)
		snprintf(path, sizeof(path), "%s/%s:%s/%s", tmp_dir, first, tmp_dir, second);
	else
		snprintf(path, sizeof(path), "%s/%s", tmp_dir, first);
	return path;
}

/* ---- CPU families: cpu, define, group and bottleneck lines ---- */

static const char family_text[] =
	"description: a family\n"
	"cpu: arch=x86_64 vendor=GenuineIntel family=6 model=0x55,0x8e-0x9e\n"
	"cpu: arch=aarch64\n"
	"define: slots = 4 * cycles\n"
	"define: fe = fe-stalls / slots\n"
	"group: L1 | level one\n"
	"events: {cycles, fe-stalls, retired}\n"
	"metric: frontend bound | % | 100 * fe | share lost in front\n"
	"metric: retiring | % | 100 * retired / slots | share retired\n"
	"metric: backend bound | % | 100 * (1 - fe - retired / slots) | the rest\n"
	"bottleneck: frontend bound, Backend Bound\n"
	"group: L2 | level two\n"
	"events: {cycles, fetch-lat}\n"
	"metric: fetch latency | % | 100 * fetch-lat / slots * pmu_slots | from fetch\n";

/* Defines are written out in parentheses, nested ones too; each events line remembers its
 * text and group; bottleneck names are found without regard to case. */
START_TEST(test_family)
{
	struct preset p;

	parse_ok(family_text, &p);
	ck_assert_uint_eq(p.n_cpus, 2);
	ck_assert_str_eq(p.cpus[0], "arch=x86_64 vendor=GenuineIntel family=6 model=0x55,0x8e-0x9e");
	ck_assert_str_eq(p.cpus[1], "arch=aarch64");
	ck_assert_uint_eq(p.n_groups, 2);
	ck_assert_str_eq(p.groups[0].name, "L1");
	ck_assert_str_eq(p.groups[0].description, "level one");
	ck_assert_uint_eq(p.groups[1].line, 12);
	ck_assert_uint_eq(p.n_lines, 2);
	ck_assert_str_eq(p.lines[0].text, "{cycles, fe-stalls, retired}");
	ck_assert_uint_eq(p.lines[0].group, 0);
	ck_assert_uint_eq(p.lines[0].first, 0);
	ck_assert_uint_eq(p.lines[0].n, 3);
	ck_assert_uint_eq(p.lines[1].group, 1);
	ck_assert_uint_eq(p.lines[1].first, 3);
	ck_assert_uint_eq(p.lines[1].n, 2);
	assert_metric(&p, 0, "frontend bound", "%", "100 * (fe-stalls / (4 * cycles))",
		      "share lost in front", 8);
	assert_metric(&p, 1, "retiring", "%", "100 * retired / (4 * cycles)", "share retired", 9);
	assert_metric(&p, 2, "backend bound", "%",
		      "100 * (1 - (fe-stalls / (4 * cycles)) - retired / (4 * cycles))", "the rest",
		      10);
	assert_metric(&p, 3, "fetch latency", "%",
		      "100 * fetch-lat / (4 * cycles) * pmu_slots", "from fetch", 14);
	ck_assert_uint_eq(p.metrics[0].group, 0);
	ck_assert_uint_eq(p.metrics[3].group, 1);
	ck_assert(p.metrics[0].bottleneck);
	ck_assert(!p.metrics[1].bottleneck);
	ck_assert(p.metrics[2].bottleneck);
	ck_assert(!p.metrics[3].bottleneck);
	preset_release(&p);
}
END_TEST

/* A file without groups has none, and its lines belong to no group. */
START_TEST(test_no_groups)
{
	struct preset p;

	parse_ok("description: d\nevents: a, b\nmetric: r | | a / b | ratio\n", &p);
	ck_assert_uint_eq(p.n_groups, 0);
	ck_assert_uint_eq(p.n_cpus, 0);
	ck_assert_uint_eq(p.lines[0].group, PRESET_NO_GROUP);
	ck_assert_uint_eq(p.metrics[0].group, PRESET_NO_GROUP);
	preset_release(&p);
}
END_TEST

START_TEST(test_family_errors)
{
	const char *head = "description: d\n";
	static const struct {
		const char *text, *message;
	} cases[] = {
		{ "cpu: arch=x86_64 speed=3\nevents: a\n",
		  "t.preset:2: bad CPU condition 'speed=3': write arch=, vendor=, family=N, "
		  "model=LIST (0x55,0x8e-0x9e), event=NAME or libpfm=NAME[,NAME]" },
		{ "cpu: model=0x9e-0x55\nevents: a\n", "t.preset:2: bad CPU condition "
		  "'model=0x9e-0x55': write arch=, vendor=, family=N, model=LIST (0x55,0x8e-0x9e), "
		  "event=NAME or libpfm=NAME[,NAME]" },
		{ "cpu:  \nevents: a\n", "t.preset:2: empty 'cpu:' line; name at least one "
		  "condition such as arch=x86_64 or vendor=GenuineIntel" },
		{ "define: 2x = a\nevents: a\n", "t.preset:2: define name '2x': use letters, "
		  "digits and '_', starting with a letter" },
		{ "define: x a\nevents: a\n", "t.preset:2: a define is 'define: NAME = FORMULA'" },
		{ "define: x = a\ndefine: x = b\nevents: a\n", "t.preset:3: 'x' defined twice" },
		{ "define: pmu_slots = 8\nevents: a\n",
		  "t.preset:2: 'pmu_slots' is hpstat's own name; choose another" },
		{ "define: a = a + 1\nevents: b\n", "t.preset:2: define 'a' reads itself (directly, "
		  "or through a define that reads it); a define reads only what is defined above it" },
		{ "define: a = b\ndefine: b = a * 2\nevents: c\n", "t.preset:3: define 'b' reads "
		  "itself (directly, or through a define that reads it); a define reads only what is "
		  "defined above it" },
		{ "define: cycles = 2\nevents: cycles\n", "t.preset:2: define 'cycles' has the name "
		  "of an event the file counts, which its formulas could then not read; rename the "
		  "define" },
		{ "define: x = (a\nevents: a\n",
		  "t.preset:2: define 'x': formula '(a': missing ')' at column 3" },
		{ "group: g\nevents: a\n", "t.preset:2: a group is 'group: NAME | DESCRIPTION'" },
		{ "group: g h | x\nevents: a\n",
		  "t.preset:2: group name 'g h': use letters, digits, '_' and '-'" },
		{ "group: g | \nevents: a\n", "t.preset:2: group 'g': empty description" },
		{ "group: g | x\nevents: a\ngroup: G | y\n",
		  "t.preset:4: group 'G' defined twice (the first is line 2)" },
		{ "events: a\nbottleneck: r\n", "t.preset:3: 'bottleneck:' outside a group; put "
		  "it after the group's metrics" },
		{ "group: g | x\nevents: a\nbottleneck: r\nmetric: r | | a | d\n",
		  "t.preset:4: bottleneck 'r' is no metric of group 'g' defined above" },
		{ "events: a\ngroup: g | x\nevents: b\n", "t.preset: an 'events:' line comes "
		  "before the first 'group:' line; in a file with groups, each belongs to one" },
		{ "metric: r | | a | d\ngroup: g | x\nevents: a\n",
		  "t.preset:2: metric 'r' comes before the first 'group:' line; in a file with "
		  "groups, each metric belongs to one" },
		{ "group: g | x\nevents: a\nmetric: r | | b / a | d\ngroup: h | y\nevents: b\n",
		  "t.preset:4: metric 'r' reads 'b', which only a later group counts; list it in "
		  "group 'g' or one before it" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char text[512];

		snprintf(text, sizeof(text), "%s%s", head, cases[i].text);
		assert_error(text, cases[i].message);
	}
}
END_TEST


/* The first directory that has the file wins; empty entries are skipped. */
START_TEST(test_load_order)
{
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want_path[128], search[256];

	ck_assert_int_eq(preset_load_from("ipc", path_of("a", "b"), &p, &err), 0);
	ck_assert_str_eq(p.name, "ipc");
	ck_assert_str_eq(p.description, "a's ipc");
	snprintf(want_path, sizeof(want_path), "%s/a/ipc.preset", tmp_dir);
	ck_assert_str_eq(p.path, want_path);
	ck_assert_uint_eq(p.n_metrics, 1);
	preset_release(&p);

	ck_assert_int_eq(preset_load_from("ipc", path_of("b", "a"), &p, &err), 0);
	ck_assert_str_eq(p.description, "b's ipc");
	preset_release(&p);

	snprintf(search, sizeof(search), "::%s/nowhere::%s/b:", tmp_dir, tmp_dir);
	ck_assert_int_eq(preset_load_from("mem-2", search, &p, &err), 0);
	ck_assert_str_eq(p.description, "faults");
	ck_assert_uint_eq(p.spec.n_events, 3);
	preset_release(&p);
}
END_TEST

/* preset_load() reads HPSTAT_EVENTS_DIR first, a ':'-separated list. */
START_TEST(test_load_env)
{
	struct preset p;
	struct hp_err err = { .msg = "" };

	setenv(PRESET_PATH_ENV, path_of("b", "a"), 1);
	ck_assert_msg(preset_load("only_a", &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p.description, "only in a");
	preset_release(&p);
	ck_assert_int_eq(preset_load("ipc", &p, &err), 0);
	ck_assert_str_eq(p.description, "b's ipc");
	preset_release(&p);
	unsetenv(PRESET_PATH_ENV);
}
END_TEST

START_TEST(test_unknown_lists_available)
{
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want[1024];

	ck_assert_int_eq(preset_load_from("ipcc", path_of("a", "b"), &p, &err), -1);
	ck_assert_str_eq(err.msg, "unknown preset '@ipcc'; available: @broken, @ipc, @mem-2, "
				  "@only_a");
	ck_assert_int_eq(preset_load_from("notes", path_of("a", NULL), &p, &err), -1);
	ck_assert_str_eq(err.msg, "unknown preset '@notes'; available: @ipc, @only_a");
	/* A CPU family's file is no preset (-e @NAME refuses it): not offered as one. */
	put("c", "fam.preset", "description: f\ncpu: arch=aarch64\ngroup: G | g\nevents: cycles\n");
	ck_assert_int_eq(preset_load_from("x", path_of("c", NULL), &p, &err), -1);
	ck_assert_str_eq(err.msg, "unknown preset '@x'; there are only CPU families' files, "
				  "whose groups -M and --topdown count");
	put("c", "zz.preset", "description: z\nevents: task-clock\n");
	ck_assert_int_eq(preset_load_from("x", path_of("c", "a"), &p, &err), -1);
	ck_assert_str_eq(err.msg, "unknown preset '@x'; available: @ipc, @only_a, @zz");
	ck_assert_int_eq(preset_load_from("x", path_of("nowhere", "a/notes.txt"), &p, &err), -1);
	snprintf(want, sizeof(want),
		 "unknown preset '@x': no *.preset files in '%s/nowhere:%s/a/notes.txt': install "
		 "hpstat (make install), or set HPSTAT_EVENTS_DIR to a directory of presets, such "
		 "as the source tree's events/", tmp_dir, tmp_dir);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

/* The note --list shows when no directory holds a preset: the same words, on its own. */
START_TEST(test_none_found_names_the_variable)
{
	struct hp_err err = { .msg = "" };
	char want[1024];

	ck_assert_int_eq(preset_none_found(path_of("nowhere", NULL), &err), -1);
	snprintf(want, sizeof(want),
		 "no *.preset files in '%s/nowhere': install hpstat (make install), or set "
		 "HPSTAT_EVENTS_DIR to a directory of presets, such as the source tree's events/",
		 tmp_dir);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

/* Names are checked before any path is built: no '/', no '.', nothing empty. */
START_TEST(test_bad_names)
{
	static const char *const bad[] = { "", "../a/ipc", "a/ipc", ".", "ipc.preset",
					   "bad name", NULL };
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want[1024];
	size_t i;

	for (i = 0; bad[i]; i++) {
		ck_assert_int_eq(preset_load_from(bad[i], path_of("a", "b"), &p, &err), -1);
		snprintf(want, sizeof(want),
			 "bad preset name '@%s': use 1 to 64 letters, digits, '_' or '-'", bad[i]);
		ck_assert_str_eq(err.msg, want);
	}
}
END_TEST

/* A file's syntax error carries its full path and line. */
START_TEST(test_load_syntax_error)
{
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want[1024];

	ck_assert_int_eq(preset_load_from("broken", path_of("b", NULL), &p, &err), -1);
	snprintf(want, sizeof(want),
		 "%s/b/broken.preset:3: missing '}' to close the group opened at column 1 of "
		 "event list '{a,b'",
		 tmp_dir);
	ck_assert_str_eq(err.msg, want);
}
END_TEST

START_TEST(test_load_nul_and_size)
{
	static const char nul[] = "description: x\nevents: a\0b\n";
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want[1024], dir[128];
	char *big = malloc(1024 * 1024 + 1);

	snprintf(dir, sizeof(dir), "%s/a", tmp_dir);
	write_file(dir, "nul.preset", nul, sizeof(nul) - 1);
	ck_assert_int_eq(preset_load_from("nul", dir, &p, &err), -1);
	snprintf(want, sizeof(want), "preset file '%s/nul.preset' holds a NUL byte; is it a text "
		 "file?", dir);
	ck_assert_str_eq(err.msg, want);

	/* exactly 1 MiB is read; one byte more is refused */
	ck_assert_ptr_nonnull(big);
	memset(big, '#', 1024 * 1024 + 1);
	memcpy(big, "description: x\nevents: a\n", 25);
	write_file(dir, "big.preset", big, 1024 * 1024);
	ck_assert_msg(preset_load_from("big", dir, &p, &err) == 0, "%s", err.msg);
	preset_release(&p);
	write_file(dir, "big.preset", big, 1024 * 1024 + 1);
	ck_assert_int_eq(preset_load_from("big", dir, &p, &err), -1);
	snprintf(want, sizeof(want), "preset file '%s/big.preset' is larger than 1048576 bytes",
		 dir);
	ck_assert_str_eq(err.msg, want);
	free(big);
}
END_TEST

/* A FIFO named x.preset would block open() and read() until a writer came: it is refused,
 * like any file that is not a regular one, without waiting (alarm: a hang fails the test). */
START_TEST(test_load_not_regular)
{
	struct preset p;
	struct hp_err err = { .msg = "" };
	char want[1024], path[256];

	snprintf(path, sizeof(path), "%s/a/fifo.preset", tmp_dir);
	ck_assert_msg(mkfifo(path, 0600) == 0, "mkfifo %s: %s", path, strerror(errno));
	alarm(5);
	ck_assert_int_eq(preset_load_from("fifo", path_of("a", "b"), &p, &err), -1);
	alarm(0);
	snprintf(want, sizeof(want), "preset file '%s' is not a regular file (a FIFO)", path);
	ck_assert_str_eq(err.msg, want);

	snprintf(path, sizeof(path), "%s/a/dir.preset", tmp_dir);
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_int_eq(preset_load_from("dir", path_of("a", NULL), &p, &err), -1);
	snprintf(want, sizeof(want), "preset file '%s' is not a regular file (a directory)",
		 path);
	ck_assert_str_eq(err.msg, want);

	/* a symbolic link to a regular file is read through */
	snprintf(path, sizeof(path), "%s/a/link.preset", tmp_dir);
	ck_assert_int_eq(symlink("only_a.preset", path), 0);
	ck_assert_msg(preset_load_from("link", path_of("a", NULL), &p, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(p.description, "only in a");
	preset_release(&p);
}
END_TEST

START_TEST(test_names)
{
	static const char *const want[] = { "broken", "ipc", "mem-2", "only_a" };
	char **names;
	size_t n, i;
	struct hp_err err = { .msg = "" };

	ck_assert_int_eq(preset_names(path_of("b", "a"), &names, &n, &err), 0);
	ck_assert_uint_eq(n, 4);
	for (i = 0; i < n; i++)
		ck_assert_str_eq(names[i], want[i]);
	preset_names_free(names, n);
	ck_assert_int_eq(preset_names(path_of("nowhere", NULL), &names, &n, &err), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_ptr_null(names);
}
END_TEST

/* Each reference is replaced in place by the preset's events; groups are renumbered in order
 * of appearance; a preset named twice is loaded once and expanded twice. */
START_TEST(test_expand)
{
	static const struct {
		const char *name;
		int group;
	} want[] = {
		{ "page-faults", NG }, { "x:u", 0 }, { "y:u", 0 }, { "a", 1 }, { "b", 1 },
		{ "cycles", 2 }, { "instructions", 2 }, { "z", NG },
		{ "page-faults", NG }, { "x:u", 3 }, { "y:u", 3 },
	};
	struct spec spec = { 0 };
	struct preset_set loaded = { 0 };
	struct hp_err err = { .msg = "" };
	size_t i;

	ck_assert_int_eq(spec_parse(&spec, "@mem-2,{a,b},@ipc,z,@mem-2", &err), 0);
	ck_assert_msg(preset_expand(&spec, path_of("a", "b"), &loaded, &err) == 0, "%s",
		      err.msg);
	ck_assert_uint_eq(spec.n_events, sizeof(want) / sizeof(want[0]));
	ck_assert_int_eq(spec.n_groups, 4);
	for (i = 0; i < spec.n_events; i++) {
		ck_assert_str_eq(spec.events[i].name, want[i].name);
		ck_assert_int_eq(spec.events[i].group, want[i].group);
		ck_assert(!spec.events[i].preset);
	}
	ck_assert_uint_eq(loaded.n, 2);
	ck_assert_str_eq(loaded.presets[0].name, "mem-2");
	ck_assert_str_eq(loaded.presets[1].name, "ipc");
	ck_assert_str_eq(loaded.presets[1].metrics[0].name, "IPC");
	preset_set_release(&loaded);
	ck_assert_uint_eq(loaded.n, 0);
	spec_release(&spec);
}
END_TEST

START_TEST(test_expand_unknown)
{
	struct spec spec = { 0 };
	struct preset_set loaded = { 0 };
	struct hp_err err = { .msg = "" };

	ck_assert_int_eq(spec_parse(&spec, "task-clock,@ipc,@nope", &err), 0);
	ck_assert_int_eq(preset_expand(&spec, path_of("a", NULL), &loaded, &err), -1);
	ck_assert_str_eq(err.msg, "unknown preset '@nope'; available: @ipc, @only_a");
	ck_assert_uint_eq(loaded.n, 1);
	preset_set_release(&loaded);
	spec_release(&spec);
}
END_TEST

/* ---- the shipped presets, from the source tree ---- */

static const char *events_dir(void)
{
	static char dir[PATH_MAX];
	const char *srcdir = getenv("srcdir"); /* set by automake's test driver */

	snprintf(dir, sizeof(dir), "%s/events", srcdir && *srcdir ? srcdir : ".");
	return dir;
}

START_TEST(test_shipped)
{
	static const struct {
		const char *name;
		size_t n_events, n_metrics;
	} want[] = {
		{ "backend", 3, 3 }, { "branch", 3, 4 }, { "cache", 7, 4 }, { "default", 8, 5 },
		{ "frontend", 7, 4 }, { "ipc", 3, 3 }, { "memory", 5, 4 },
	};
	char **names;
	size_t n, i, k = 0;
	struct hp_err err = { .msg = "" };

	ck_assert_msg(preset_names(events_dir(), &names, &n, &err) == 0, "%s", err.msg);
	for (i = 0; i < n; i++) {
		struct preset p;

		/* through HPSTAT_EVENTS_DIR, as a user's own directory is found */
		setenv(PRESET_PATH_ENV, events_dir(), 1);
		ck_assert_msg(preset_load(names[i], &p, &err) == 0, "%s", err.msg);
		ck_assert(p.description[0] != '\0');
		/* A CPU family's file (cpu: lines) is check_topdown's to check. */
		if (p.n_cpus == 0) {
			ck_assert_msg(k < sizeof(want) / sizeof(want[0]), "unexpected preset '%s'",
				      names[i]);
			ck_assert_str_eq(names[i], want[k].name);
			ck_assert_uint_eq(p.spec.n_events, want[k].n_events);
			ck_assert_uint_eq(p.n_metrics, want[k].n_metrics);
			k++;
		}
		preset_release(&p);
	}
	ck_assert_msg(k == sizeof(want) / sizeof(want[0]), "%zu presets in %s", k, events_dir());
	preset_names_free(names, n);
	unsetenv(PRESET_PATH_ENV);
}
END_TEST

/* @default counts what hpstat counts without -e, in the same order. */
START_TEST(test_shipped_default)
{
	static const char *const want[] = { "task-clock", "context-switches", "cpu-migrations",
					    "page-faults", "cycles", "instructions", "branches",
					    "branch-misses" };
	struct preset p;
	struct hp_err err = { .msg = "" };
	size_t i;

	ck_assert_msg(preset_load_from("default", events_dir(), &p, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(p.spec.n_events, 8);
	for (i = 0; i < 8; i++)
		ck_assert_str_eq(p.spec.events[i].name, want[i]);
	preset_release(&p);
}
END_TEST

static Suite *preset_suite(void)
{
	Suite *s = suite_create("preset");
	TCase *parse = tcase_create("parse");
	TCase *files = tcase_create("files");
	TCase *shipped = tcase_create("shipped");

	tcase_add_test(parse, test_full);
	tcase_add_test(parse, test_minimal);
	tcase_add_test(parse, test_event_kinds);
	tcase_add_test(parse, test_errors_keys);
	tcase_add_test(parse, test_errors_events);
	tcase_add_test(parse, test_errors_metrics);
	tcase_add_test(parse, test_errors_unknown_event);
	tcase_add_test(parse, test_tool_events_in_formulas);
	tcase_add_test(parse, test_errors_whole_file);
	tcase_add_test(parse, test_family);
	tcase_add_test(parse, test_no_groups);
	tcase_add_test(parse, test_family_errors);
	suite_add_tcase(s, parse);

	tcase_add_checked_fixture(files, tmp_setup, tmp_teardown);
	tcase_add_test(files, test_load_order);
	tcase_add_test(files, test_load_env);
	tcase_add_test(files, test_unknown_lists_available);
	tcase_add_test(files, test_none_found_names_the_variable);
	tcase_add_test(files, test_bad_names);
	tcase_add_test(files, test_load_syntax_error);
	tcase_add_test(files, test_load_nul_and_size);
	tcase_add_test(files, test_load_not_regular);
	tcase_add_test(files, test_names);
	tcase_add_test(files, test_expand);
	tcase_add_test(files, test_expand_unknown);
	suite_add_tcase(s, files);

	tcase_add_test(shipped, test_shipped);
	tcase_add_test(shipped, test_shipped_default);
	suite_add_tcase(s, shipped);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(preset_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
