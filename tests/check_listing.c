/* check_listing.c - `hpstat --list`: the printers on fixed entries, the sysfs/tracefs half on a
 * fake tree, and the real binary end to end. */
/*
 * The end-to-end cases need HPSTAT (the built src/hpstat) in the environment, as `make check`
 * sets it; without it they fail rather than skip. They also need python3, which the suite's
 * Python tests need anyway: it reads the CSV and JSON listings with real parsers.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "event_sysfs.h"
#include "fake_tree.h"
#include "listing.h"
#include "preset.h"

#define TEST_TIMEOUT_S 60

/* ---- helpers -------------------------------------------------------------------------- */

/* What a printer wrote into memory, NUL-terminated; the caller frees it. */
typedef int (*printer_fn)(FILE *out, const struct listing *l);

static char *print_to_string(printer_fn print, const struct listing *l)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	ck_assert(f != NULL);
	ck_assert_int_eq(print(f, l), 0);
	ck_assert_int_eq(fclose(f), 0);
	return text;
}

static int print_text_100(FILE *out, const struct listing *l)
{
	return listing_write_text(out, l, 100);
}

static void add(struct listing *l, const struct listing_entry *e)
{
	struct hp_err err = { "" };

	ck_assert_msg(listing_add(l, e, &err) == 0, "%s", err.msg);
}

/* The fixture: one entry of every kind, and a preset. Descriptions with commas, quotes and a
 * long one that wraps. */
static void fill(struct listing *l, bool probed, const char *pattern)
{
	static char ev1[] = "instructions", ev2[] = "cycles:u";
	static char m1n[] = "IPC", m1u[] = "", m1f[] = "instructions / cycles:u";
	static char m1d[] = "instructions per cycle";
	static char m2n[] = "busy", m2u[] = "%", m2f[] = "100 * cycles:u / cycles:u";
	static char m2d[] = "share, \"busy\"";
	static char pname[] = "ipc", pdesc[] = "instructions and cycles";
	static char ppath[] = "/usr/share/hpstat/events/ipc.preset";
	struct spec_event events[] = { { .name = ev1, .group = 0 }, { .name = ev2, .group = 0 } };
	struct preset_metric metrics[] = {
		{ .name = m1n, .unit = m1u, .formula = m1f, .description = m1d, .line = 3 },
		{ .name = m2n, .unit = m2u, .formula = m2f, .description = m2d, .line = 4 },
	};
	struct preset p = { .name = pname, .description = pdesc, .path = ppath,
			    .spec = { .events = events, .n_events = 2, .n_groups = 1 },
			    .metrics = metrics, .n_metrics = 2 };
	struct hp_err err = { "" };

	listing_init(l, pattern, probed);
	add(l, &(struct listing_entry){ .kind = LISTING_HARDWARE, .name = "cycles",
					.alias = "cpu-cycles", .description = "CPU cycles" });
	add(l, &(struct listing_entry){ .kind = LISTING_SOFTWARE, .name = "task-clock",
					.description = "time the task ran on a CPU (ns)" });
	add(l, &(struct listing_entry){ .kind = LISTING_CACHE, .name = "L1-dcache-loads",
					.description = "level 1 data cache loads" });
	add(l, &(struct listing_entry){
		       .kind = LISTING_LIBPFM4, .name = "zen::RETIRED_SSE_AVX_FLOPS", .pmu = "zen",
		       .pmu_description = "AMD64 Zen",
		       .description = "This is a retire-based event. The number of retired SSE/AVX "
				      "FLOPS. The number of events logged per cycle can vary "
				      "from 0 to 64." });
	add(l, &(struct listing_entry){ .kind = LISTING_LIBPFM4_UMASK,
					.name = "zen::RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS",
					.pmu = "zen", .pmu_description = "AMD64 Zen",
					.description = "Add, subtract, \"and\" ops" });
	add(l, &(struct listing_entry){ .kind = LISTING_LIBPFM4, .name = "other::EV",
					.pmu = "other", .pmu_description = "" });
	add(l, &(struct listing_entry){ .kind = LISTING_SYSFS, .name = "power/energy-pkg/",
					.pmu = "power", .description = "event=0x02",
					.unit = "Joules", .scale = 2.3283064365386962890625e-10 });
	add(l, &(struct listing_entry){ .kind = LISTING_SYSFS, .name = "msr/tsc/", .pmu = "msr",
					.description = "event=0x00" });
	add(l, &(struct listing_entry){ .kind = LISTING_TRACEPOINT_SUBSYSTEM, .name = "sched",
					.n_events = 25 });
	add(l, &(struct listing_entry){ .kind = LISTING_TRACEPOINT_SUBSYSTEM, .name = "avc",
					.n_events = 1 });
	add(l, &(struct listing_entry){ .kind = LISTING_TRACEPOINT, .name = "sched:sched_switch",
					.pmu = "sched" });
	ck_assert_msg(listing_add_preset(l, &p, 1, &err) == 0, "%s", err.msg);
	ck_assert_msg(listing_add_note(l, "tracefs is not mounted", &err) == 0, "%s", err.msg);
}

/* ---- the printers --------------------------------------------------------------------- */

static const char golden_text[] =
	"Hardware events (perf's generic names):\n"
	"  cycles OR cpu-cycles                    CPU cycles\n"
	"\n"
	"Software events:\n"
	"  task-clock                              time the task ran on a CPU (ns)\n"
	"\n"
	"Cache events (perf's generic names):\n"
	"  L1-dcache-loads                         level 1 data cache loads\n"
	"\n"
	"libpfm4 PMU zen (AMD64 Zen): PMU::EVENT, PMU::EVENT:UMASK\n"
	"  zen::RETIRED_SSE_AVX_FLOPS              This is a retire-based event. The number of retired\n"
	"                                          SSE/AVX FLOPS. The number of events logged per cycle can\n"
	"                                          vary from 0 to 64.\n"
	"    zen::RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS\n"
	"                                          Add, subtract, \"and\" ops\n"
	"\n"
	"libpfm4 PMU other: PMU::EVENT, PMU::EVENT:UMASK\n"
	"  other::EV\n"
	"\n"
	"Kernel PMU events (sysfs): PMU/EVENT/\n"
	"  power/energy-pkg/                       event=0x02 [Joules, scale 2.3283064365387e-10]\n"
	"  msr/tsc/                                event=0x00\n"
	"\n"
	"Tracepoint subsystems: SUBSYSTEM:EVENT ('hpstat --list SUBSYSTEM:' lists the events)\n"
	"  sched                                   25 events\n"
	"  avc                                     1 event\n"
	"\n"
	"Tracepoints: SUBSYSTEM:EVENT\n"
	"  sched:sched_switch\n"
	"\n"
	"Presets: @NAME, with their metrics\n"
	"  @ipc                                    instructions and cycles\n"
	"    IPC                                   instructions per cycle: instructions / cycles:u\n"
	"    busy                                  share, \"busy\", in %: 100 * cycles:u / cycles:u\n"
	"\n"
	"note: tracefs is not mounted\n";

START_TEST(text_golden)
{
	struct listing l;
	char *text;

	fill(&l, false, NULL);
	text = print_to_string(print_text_100, &l);
	ck_assert_str_eq(text, golden_text);
	free(text);
	listing_release(&l);
}
END_TEST

static const char golden_csv[] =
	"kind,name,pmu,description,supported\n"
	"hardware,cycles,,CPU cycles (alias: cpu-cycles),\n"
	"software,task-clock,,time the task ran on a CPU (ns),\n"
	"cache,L1-dcache-loads,,level 1 data cache loads,\n"
	"libpfm4,zen::RETIRED_SSE_AVX_FLOPS,zen,This is a retire-based event. The number of retired "
	"SSE/AVX FLOPS. The number of events logged per cycle can vary from 0 to 64.,\n"
	"libpfm4_umask,zen::RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS,zen,"
	"\"Add, subtract, \"\"and\"\" ops\",\n"
	"libpfm4,other::EV,other,,\n"
	"sysfs,power/energy-pkg/,power,\"event=0x02 [Joules, scale 2.3283064365387e-10]\",\n"
	"sysfs,msr/tsc/,msr,event=0x00,\n"
	"tracepoint_subsystem,sched,,25 events,\n"
	"tracepoint_subsystem,avc,,1 event,\n"
	"tracepoint,sched:sched_switch,sched,,\n"
	"preset,@ipc,,instructions and cycles,\n"
	"metric,IPC,@ipc,instructions per cycle: instructions / cycles:u,\n"
	"metric,busy,@ipc,\"share, \"\"busy\"\", in %: 100 * cycles:u / cycles:u\",\n"
	"note,,,tracefs is not mounted,\n";

START_TEST(csv_golden)
{
	struct listing l;
	char *text;

	fill(&l, false, NULL);
	text = print_to_string(listing_write_csv, &l);
	ck_assert_str_eq(text, golden_csv);
	free(text);
	listing_release(&l);
}
END_TEST

START_TEST(csv_probed_says_supported)
{
	struct listing l;
	char *text;

	fill(&l, true, NULL);
	text = print_to_string(listing_write_csv, &l);
	ck_assert_ptr_nonnull(strstr(text, "\nsoftware,task-clock,,time the task ran on a CPU "
					   "(ns),yes\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nsysfs,msr/tsc/,msr,event=0x00,yes\n"));
	/* one of its two events opened */
	ck_assert_ptr_nonnull(strstr(text, "\npreset,@ipc,,instructions and cycles,partial\n"));
	ck_assert_ptr_nonnull(strstr(text, "\nnote,,,tracefs is not mounted,\n"));
	free(text);
	listing_release(&l);
}
END_TEST

static const char golden_json[] =
	"{\"schema_version\":1,\"pattern\":null,\"supported_only\":false,\n"
	"\"events\":[\n"
	"{\"kind\":\"hardware\",\"name\":\"cycles\",\"alias\":\"cpu-cycles\",\"pmu\":null,"
	"\"description\":\"CPU cycles\",\"unit\":null,\"scale\":null,\"events\":null,"
	"\"supported\":null},\n"
	"{\"kind\":\"software\",\"name\":\"task-clock\",\"alias\":null,\"pmu\":null,"
	"\"description\":\"time the task ran on a CPU (ns)\",\"unit\":null,\"scale\":null,"
	"\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"cache\",\"name\":\"L1-dcache-loads\",\"alias\":null,\"pmu\":null,"
	"\"description\":\"level 1 data cache loads\",\"unit\":null,\"scale\":null,"
	"\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"libpfm4\",\"name\":\"zen::RETIRED_SSE_AVX_FLOPS\",\"alias\":null,"
	"\"pmu\":\"zen\",\"description\":\"This is a retire-based event. The number of retired "
	"SSE/AVX FLOPS. The number of events logged per cycle can vary from 0 to 64.\","
	"\"unit\":null,\"scale\":null,\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"libpfm4_umask\",\"name\":\"zen::RETIRED_SSE_AVX_FLOPS:ADD_SUB_FLOPS\","
	"\"alias\":null,\"pmu\":\"zen\",\"description\":\"Add, subtract, \\\"and\\\" ops\","
	"\"unit\":null,\"scale\":null,\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"libpfm4\",\"name\":\"other::EV\",\"alias\":null,\"pmu\":\"other\","
	"\"description\":\"\",\"unit\":null,\"scale\":null,\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"sysfs\",\"name\":\"power/energy-pkg/\",\"alias\":null,\"pmu\":\"power\","
	"\"description\":\"event=0x02\",\"unit\":\"Joules\",\"scale\":2.3283064365387e-10,"
	"\"events\":null,\"supported\":null},\n"
	"{\"kind\":\"sysfs\",\"name\":\"msr/tsc/\",\"alias\":null,\"pmu\":\"msr\","
	"\"description\":\"event=0x00\",\"unit\":null,\"scale\":null,\"events\":null,"
	"\"supported\":null},\n"
	"{\"kind\":\"tracepoint_subsystem\",\"name\":\"sched\",\"alias\":null,\"pmu\":null,"
	"\"description\":\"\",\"unit\":null,\"scale\":null,\"events\":25,\"supported\":null},\n"
	"{\"kind\":\"tracepoint_subsystem\",\"name\":\"avc\",\"alias\":null,\"pmu\":null,"
	"\"description\":\"\",\"unit\":null,\"scale\":null,\"events\":1,\"supported\":null},\n"
	"{\"kind\":\"tracepoint\",\"name\":\"sched:sched_switch\",\"alias\":null,"
	"\"pmu\":\"sched\",\"description\":\"\",\"unit\":null,\"scale\":null,\"events\":null,"
	"\"supported\":null}\n"
	"],\n"
	"\"presets\":[\n"
	"{\"name\":\"ipc\",\"description\":\"instructions and cycles\","
	"\"path\":\"/usr/share/hpstat/events/ipc.preset\",\"metric_group_of\":null,"
	"\"events\":[\"instructions\","
	"\"cycles:u\"],\"events_supported\":null,\"metrics\":[{\"name\":\"IPC\",\"unit\":\"\","
	"\"formula\":\"instructions / cycles:u\",\"description\":\"instructions per cycle\"},"
	"{\"name\":\"busy\",\"unit\":\"%\",\"formula\":\"100 * cycles:u / cycles:u\","
	"\"description\":\"share, \\\"busy\\\"\"}]}\n"
	"],\n"
	"\"notes\":[\"tracefs is not mounted\"]}\n";

/* A metric group of this CPU's family: a section of its own in text, "metricgroup" rows in
 * CSV with the family in the pmu column, and metric_group_of in JSON. */
static const char family_text[] =
	"description: a family\n"
	"define: total = a + b\n"
	"group: L1 | level one\n"
	"events: {a, b}\n"
	"metric: ra | % | 100 * a / total | a's share\n"
	"group: L2 | level two\n"
	"events: {a, b, c}\n"
	"metric: rc | % | 100 * c / total | c's share\n";

START_TEST(metric_groups)
{
	struct listing l;
	struct preset p;
	struct hp_err err = { "" };
	char *text;

	ck_assert_int_eq(preset_parse(family_text, "fam.preset", &p, &err), 0);
	p.name = strdup("fam");
	listing_init(&l, NULL, false);
	ck_assert_int_eq(listing_add_metric_group(&l, &p, 1, &err), 0);
	text = print_to_string(print_text_100, &l);
	ck_assert_str_eq(text, "Metric groups of this CPU (-M NAME; --topdown is TopdownL1), "
			 "from @fam\n"
			 "  L2                                      level two\n"
			 "    rc                                    c's share, in %: 100 * c / (a + b)\n");
	free(text);
	text = print_to_string(listing_write_csv, &l);
	ck_assert_str_eq(text, "kind,name,pmu,description,supported\n"
			 "metricgroup,L2,fam,level two,\n"
			 "metric,rc,L2,\"c's share, in %: 100 * c / (a + b)\",\n");
	free(text);
	text = print_to_string(listing_write_json, &l);
	ck_assert(strstr(text, "{\"name\":\"L2\",\"description\":\"level two\",\"path\":null,"
			       "\"metric_group_of\":\"fam\",\"events\":[\"a\",\"b\",\"c\"]"));
	free(text);
	listing_release(&l);
	preset_release(&p);
}
END_TEST

START_TEST(json_golden)
{
	struct listing l;
	char *text;

	fill(&l, false, NULL);
	text = print_to_string(listing_write_json, &l);
	ck_assert_str_eq(text, golden_json);
	free(text);
	listing_release(&l);
}
END_TEST

static const char golden_json_empty_probed[] =
	"{\"schema_version\":1,\"pattern\":\"zz\\\"z\",\"supported_only\":true,\n"
	"\"events\":[],\n"
	"\"presets\":[],\n"
	"\"notes\":[]}\n";

START_TEST(json_empty_probed)
{
	struct listing l;
	char *text;

	listing_init(&l, "zz\"z", true);
	text = print_to_string(listing_write_json, &l);
	ck_assert_str_eq(text, golden_json_empty_probed);
	free(text);
	listing_release(&l);
}
END_TEST

START_TEST(json_probed_fields)
{
	struct listing l;
	char *text;

	fill(&l, true, NULL);
	text = print_to_string(listing_write_json, &l);
	ck_assert_ptr_nonnull(strstr(text, "\"events\":null,\"supported\":true}"));
	ck_assert_ptr_null(strstr(text, "\"supported\":null"));
	ck_assert_ptr_nonnull(strstr(text, "\"events_supported\":1,"));
	free(text);
	listing_release(&l);
}
END_TEST

/* Names and descriptions come from sysfs and libpfm4: whatever bytes they hold, the JSON must
 * parse. */
START_TEST(json_escapes_any_bytes)
{
	struct listing l;
	char *text;

	listing_init(&l, NULL, false);
	add(&l, &(struct listing_entry){ .kind = LISTING_SYSFS, .name = "a\\b\"c/",
					.pmu = "p\tq", .description = "\x01 caf\xc3\xa9 \xff\xc3" });
	text = print_to_string(listing_write_json, &l);
	ck_assert_ptr_nonnull(strstr(text, "\"name\":\"a\\\\b\\\"c/\",\"alias\":null,"
					   "\"pmu\":\"p\\u0009q\","
					   "\"description\":\"\\u0001 caf\xc3\xa9 \\ufffd\\ufffd\""));
	free(text);
	listing_release(&l);
}
END_TEST

START_TEST(text_nothing_matches)
{
	struct listing l;
	char *text;

	listing_init(&l, "zzz", false);
	text = print_to_string(print_text_100, &l);
	ck_assert_str_eq(text, "No event or preset name contains 'zzz'.\n");
	free(text);
	listing_release(&l);

	listing_init(&l, "zzz", true);
	text = print_to_string(print_text_100, &l);
	ck_assert_str_eq(text, "No event that opens here or preset name contains 'zzz'.\n");
	free(text);
	listing_release(&l);
}
END_TEST

/* A probed preset with only some events open says how many; one with all says nothing. */
START_TEST(text_probed_preset)
{
	struct listing l;
	char *text;

	fill(&l, true, NULL);
	text = print_to_string(print_text_100, &l);
	ck_assert_ptr_nonnull(strstr(text, "\n  @ipc                                    "
					   "instructions and cycles [1 of 2 events open here]\n"));
	free(text);
	listing_release(&l);
}
END_TEST

/* A narrow terminal still gets 20 columns of description; a word longer than that overflows
 * rather than being cut. */
START_TEST(text_narrow_width)
{
	struct listing l;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	listing_init(&l, NULL, false);
	add(&l, &(struct listing_entry){ .kind = LISTING_SOFTWARE, .name = "x",
					.description = "aaaa bbbb cccc dddd eeee "
						       "ffffffffffffffffffffffffff g" });
	f = open_memstream(&text, &len);
	ck_assert_int_eq(listing_write_text(f, &l, 10), 0);
	fclose(f);
	ck_assert_str_eq(text, "Software events:\n"
			       "  x                                       aaaa bbbb cccc dddd\n"
			       "                                          eeee\n"
			       "                                          ffffffffffffffffffffffffff\n"
			       "                                          g\n");
	free(text);
	listing_release(&l);
}
END_TEST

START_TEST(write_error_is_reported)
{
	struct listing l;
	FILE *full = fopen("/dev/full", "w");

	ck_assert_ptr_nonnull(full);
	fill(&l, false, NULL);
	ck_assert_int_eq(listing_write_text(full, &l, 100), -1);
	ck_assert_int_eq(listing_write_csv(full, &l), -1);
	ck_assert_int_eq(listing_write_json(full, &l), -1);
	fclose(full);
	listing_release(&l);
}
END_TEST

START_TEST(matches_ignore_case)
{
	struct listing l;

	listing_init(&l, NULL, false);
	ck_assert(listing_matches(&l, "anything"));
	listing_release(&l);
	listing_init(&l, "CaChE", false);
	ck_assert(listing_matches(&l, "L1-dcache-loads"));
	ck_assert(listing_matches(&l, "perf::PERF_COUNT_HW_CACHE_MISSES"));
	ck_assert(!listing_matches(&l, "cycles"));
	ck_assert(!listing_matches(&l, "cach"));
	listing_release(&l);
}
END_TEST

/* Many entries: the blocks that hold the strings grow without moving what they hold. */
START_TEST(many_entries)
{
	struct listing l;
	char name[64], *big = malloc(100000);
	size_t i;

	ck_assert_ptr_nonnull(big);
	memset(big, 'd', 99999);
	big[99999] = '\0';
	listing_init(&l, NULL, false);
	for (i = 0; i < 20000; i++) {
		snprintf(name, sizeof(name), "pmu::EVENT_%zu", i);
		add(&l, &(struct listing_entry){ .kind = LISTING_LIBPFM4, .name = name,
						.pmu = "pmu", .description = i == 7 ? big : "d" });
	}
	ck_assert_uint_eq(l.n_entries, 20000);
	ck_assert_str_eq(l.entries[0].name, "pmu::EVENT_0");
	ck_assert_str_eq(l.entries[19999].name, "pmu::EVENT_19999");
	ck_assert_str_eq(l.entries[7].description, big);
	listing_release(&l);
	free(big);
}
END_TEST

/* ---- the sysfs and tracefs half, on a fake tree --------------------------------------- */

static char root[64];
static char devices[128], tracing[128], unmounted[128];

static void put(const char *rel, const char *content)
{
	fake_tree_put(root, rel, content);
}

static void tree_setup(void)
{
	snprintf(root, sizeof(root), "/tmp/check_listing.XXXXXX");
	ck_assert(mkdtemp(root) != NULL);
	snprintf(devices, sizeof(devices), "%s/devices", root);
	snprintf(tracing, sizeof(tracing), "%s/tracing", root);
	snprintf(unmounted, sizeof(unmounted), "%s/unmounted", root);

	fake_tree_power_pmu(root);
	put("devices/msr/type", "9\n");
	put("devices/msr/format/event", "config:0-63\n");
	put("devices/msr/events/tsc", "event=0x00\n");
	put("devices/cpu/type", "4\n");
	put("devices/cpu/format/event", "config:0-7\n");
	put("devices/cpu/format/umask", "config:8-15\n");
	put("devices/cpu/events/needs-umask", "event=0x3c,umask=?\n");
	put("devices/software/type", "1\n");
	put("tracing/events/enable", "0\n");
	put("tracing/events/sched/enable", "0\n");
	put("tracing/events/sched/sched_switch/id", "316\n");
	put("tracing/events/sched/sched_wakeup/id", "317\n");
	put("tracing/events/irq/irq_handler_entry/id", "40\n");
	put("tracing/events/empty/", NULL);
	/* What --supported leaves out: a tracepoint without an id, and the ftrace subsystem
	 * (the function tracer's records, which perf_event_open never counts). */
	put("tracing/events/sched/sched_noid/format", "name: sched_noid\n");
	put("tracing/events/ftrace/function/id", "1\n");
	put("tracing/events/ftrace/print/format", "name: print\n");
}

static void tree_teardown(void)
{
	fake_tree_remove(root);
}

/* A fake probe: msr and kernel-mode software counters open, nothing else; counts its calls
 * and keeps the last attributes. */
static int probe_calls;
static struct perf_event_attr probed;

static int fake_probe(const struct perf_event_attr *attr)
{
	probe_calls++;
	probed = *attr;
	if (attr->type == 9 || (attr->type == PERF_TYPE_SOFTWARE && !attr->exclude_kernel))
		return 1;
	errno = ENOENT;
	return 0;
}

static int failing_probe(const struct perf_event_attr *attr)
{
	(void)attr;
	errno = ENOMEM;
	return -1;
}

static int refusing_probe(const struct perf_event_attr *attr)
{
	(void)attr;
	probe_calls++;
	errno = EACCES;
	return 0;
}

static struct event_sysfs_paths fake_paths(const char *tracefs)
{
	struct event_sysfs_paths p = { .devices = devices, .tracefs = { tracefs, NULL } };

	return p;
}

START_TEST(sysfs_lists_named_events)
{
	struct event_sysfs_paths paths = fake_paths(tracing);
	struct hp_err err = { "" };
	struct listing l;

	listing_init(&l, NULL, false);
	ck_assert_msg(event_sysfs_list(&paths, &l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 4);
	/* PMUs and their events in name order */
	ck_assert_str_eq(l.entries[0].name, "cpu/needs-umask/");
	ck_assert_str_eq(l.entries[0].description, "event=0x3c,umask=?");
	ck_assert_str_eq(l.entries[1].name, "msr/tsc/");
	ck_assert_str_eq(l.entries[1].pmu, "msr");
	ck_assert_ptr_null(l.entries[1].unit);
	ck_assert(l.entries[1].scale == 0);
	ck_assert_str_eq(l.entries[2].name, "power/energy-cores/");
	ck_assert_str_eq(l.entries[3].name, "power/energy-pkg/");
	ck_assert_str_eq(l.entries[3].unit, "Joules");
	ck_assert(l.entries[3].scale == 2.3283064365386962890625e-10);
	ck_assert_int_eq(l.entries[3].kind, LISTING_SYSFS);
	listing_release(&l);
}
END_TEST

START_TEST(sysfs_pattern_and_probe)
{
	struct event_sysfs_paths paths = fake_paths(tracing);
	struct hp_err err = { "" };
	struct listing l;

	listing_init(&l, "ENERGY", false);
	ck_assert_msg(event_sysfs_list(&paths, &l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 2);
	listing_release(&l);

	/* the placeholder event cannot open as named: never probed, left out */
	probe_calls = 0;
	listing_init(&l, NULL, true);
	ck_assert_msg(event_sysfs_list(&paths, &l, fake_probe, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 1);
	ck_assert_str_eq(l.entries[0].name, "msr/tsc/");
	ck_assert_int_eq(probe_calls, 3);
	listing_release(&l);

	listing_init(&l, NULL, true);
	ck_assert_int_eq(event_sysfs_list(&paths, &l, failing_probe, &err), -1);
	ck_assert_ptr_nonnull(strstr(err.msg, "cannot open event 'msr/tsc/' to see whether it "
					      "counts here"));
	listing_release(&l);
}
END_TEST

START_TEST(tracepoints_as_subsystems)
{
	struct event_sysfs_paths paths = fake_paths(tracing);
	struct hp_err err = { "" };
	struct listing l;

	listing_init(&l, NULL, false);
	ck_assert_msg(event_tracepoint_list(&paths, &l, NULL, &err) == 0, "%s", err.msg);
	/* "empty" has no events: not listed; all that are there are, unprobed */
	ck_assert_uint_eq(l.n_entries, 3);
	ck_assert_str_eq(l.entries[0].name, "ftrace");
	ck_assert_uint_eq(l.entries[0].n_events, 2);
	ck_assert_str_eq(l.entries[1].name, "irq");
	ck_assert_uint_eq(l.entries[1].n_events, 1);
	ck_assert_str_eq(l.entries[2].name, "sched");
	ck_assert_uint_eq(l.entries[2].n_events, 3);
	ck_assert_int_eq(l.entries[2].kind, LISTING_TRACEPOINT_SUBSYSTEM);
	listing_release(&l);
	/* --supported: only those with an id, outside ftrace. */
	listing_init(&l, NULL, true);
	ck_assert_msg(event_tracepoint_list(&paths, &l, fake_probe, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 2);
	ck_assert_str_eq(l.entries[0].name, "irq");
	ck_assert_str_eq(l.entries[1].name, "sched");
	ck_assert_uint_eq(l.entries[1].n_events, 2);
	listing_release(&l);
}
END_TEST

START_TEST(tracepoints_by_pattern)
{
	struct event_sysfs_paths paths = fake_paths(tracing);
	struct hp_err err = { "" };
	struct listing l;

	listing_init(&l, "SCHED:", false);
	ck_assert_msg(event_tracepoint_list(&paths, &l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 3);
	ck_assert_str_eq(l.entries[0].name, "sched:sched_noid");
	ck_assert_str_eq(l.entries[1].name, "sched:sched_switch");
	ck_assert_str_eq(l.entries[1].pmu, "sched");
	ck_assert_int_eq(l.entries[1].kind, LISTING_TRACEPOINT);
	ck_assert_str_eq(l.entries[2].name, "sched:sched_wakeup");
	listing_release(&l);
}
END_TEST

/* No tracepoint is opened (closing one costs an RCU grace period): one kernel-mode
 * software counter says whether tracepoints count, for all of them. */
START_TEST(tracepoints_probed_once)
{
	struct event_sysfs_paths paths = fake_paths(tracing);
	struct hp_err err = { "" };
	struct listing l;

	probe_calls = 0;
	listing_init(&l, "_", true);
	ck_assert_msg(event_tracepoint_list(&paths, &l, fake_probe, &err) == 0, "%s", err.msg);
	ck_assert_int_eq(probe_calls, 1);
	ck_assert_int_eq(probed.type, PERF_TYPE_SOFTWARE);
	ck_assert_int_eq(probed.config, PERF_COUNT_SW_TASK_CLOCK);
	ck_assert(probed.exclude_user && !probed.exclude_kernel);
	ck_assert_uint_eq(l.n_entries, 3);
	listing_release(&l);

	probe_calls = 0;
	listing_init(&l, NULL, true);
	ck_assert_msg(event_tracepoint_list(&paths, &l, refusing_probe, &err) == 0, "%s",
		      err.msg);
	ck_assert_int_eq(probe_calls, 1);
	ck_assert_uint_eq(l.n_entries, 0);
	listing_release(&l);
}
END_TEST

START_TEST(tracefs_missing_is_a_note)
{
	struct event_sysfs_paths paths = fake_paths(unmounted);
	struct hp_err err = { "" };
	struct listing l;

	listing_init(&l, NULL, false);
	ck_assert_msg(event_tracepoint_list(&paths, &l, NULL, &err) == 0, "%s", err.msg);
	ck_assert_uint_eq(l.n_entries, 0);
	ck_assert_uint_eq(l.n_notes, 1);
	ck_assert_str_eq(l.notes[0], "tracepoints are not listed: tracefs is not mounted (mount "
				     "it with 'mount -t tracefs nodev /sys/kernel/tracing')");
	listing_release(&l);
}
END_TEST

/* ---- end to end ----------------------------------------------------------------------- */

struct result {
	char *out, *err;
	int code;
};

static char *slurp(int fd)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	ssize_t got;

	ck_assert(lseek(fd, 0, SEEK_SET) == 0);
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? 2 * cap : 65536;
			buf = realloc(buf, cap + 1);
			ck_assert_ptr_nonnull(buf);
		}
		got = read(fd, buf + len, cap - len);
		ck_assert(got >= 0);
		if (got == 0)
			break;
		len += (size_t)got;
	}
	buf[len] = '\0';
	close(fd);
	return buf;
}

static int temp_file(void)
{
	char path[] = "/tmp/check_listing.out.XXXXXX";
	int fd = mkstemp(path);

	ck_assert(fd >= 0);
	unlink(path);
	return fd;
}

/* Runs argv with stdout and stderr captured (and stdin from `input`, when not NULL). */
static void run_argv(struct result *r, char *const argv[], const char *input)
{
	int out = temp_file(), err = temp_file(), in = -1, status;
	pid_t pid;

	if (input) {
		in = temp_file();
		ck_assert(write(in, input, strlen(input)) == (ssize_t)strlen(input));
		ck_assert(lseek(in, 0, SEEK_SET) == 0);
	}
	pid = fork();
	ck_assert(pid >= 0);
	if (pid == 0) {
		dup2(out, 1);
		dup2(err, 2);
		if (in >= 0)
			dup2(in, 0);
		execv(argv[0], argv);
		_exit(127);
	}
	ck_assert(waitpid(pid, &status, 0) == pid);
	r->code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	r->out = slurp(out);
	r->err = slurp(err);
	if (in >= 0)
		close(in);
}

static const char *hpstat_path(void)
{
	const char *p = getenv("HPSTAT");

	ck_assert_msg(p && *p, "HPSTAT is not set: it must name the built src/hpstat");
	return p;
}

/* hpstat with up to five arguments, expecting exit status 0 and nothing on stderr. */
static void hpstat_ok(struct result *r, const char *a1, const char *a2, const char *a3,
		      const char *a4)
{
	char *argv[] = { (char *)hpstat_path(), (char *)a1, (char *)a2, (char *)a3, (char *)a4,
			 NULL };

	run_argv(r, argv, NULL);
	ck_assert_msg(r->code == 0, "hpstat %s %s %s exited %d: %s", a1, a2 ? a2 : "",
		      a3 ? a3 : "", r->code, r->err);
	ck_assert_str_eq(r->err, "");
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

/* Whether this machine counts hardware events at all: the test asserts the branch it is on. */
static bool have_pmu(void)
{
	struct perf_event_attr attr = { .size = sizeof(attr), .type = PERF_TYPE_HARDWARE,
					.config = PERF_COUNT_HW_INSTRUCTIONS, .disabled = 1,
					.exclude_kernel = 1, .exclude_hv = 1 };
	int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);

	if (fd < 0)
		return false;
	close(fd);
	return true;
}

/* A tiny RFC 4180 reader: the CSV's records, fields split and unquoted. */
struct csv {
	char ***rows;  /* rows[i][j] */
	size_t *n_fields;
	size_t n_rows;
};

static void csv_parse(struct csv *c, const char *text)
{
	const char *p = text;
	size_t cap_rows = 0;

	memset(c, 0, sizeof(*c));
	while (*p) {
		char **fields = NULL;
		size_t n = 0;

		for (;;) {
			char *field = malloc(strlen(p) + 1);
			size_t len = 0;

			ck_assert_ptr_nonnull(field);
			if (*p == '"') {
				for (p++;; p++) {
					ck_assert_msg(*p, "unterminated quoted field");
					if (*p == '"' && p[1] == '"') {
						field[len++] = '"';
						p++;
					} else if (*p == '"') {
						p++;
						break;
					} else {
						field[len++] = *p;
					}
				}
				ck_assert_msg(*p == ',' || *p == '\n',
					      "text after a closing quote: '%.20s'", p);
			} else {
				while (*p && *p != ',' && *p != '\n') {
					ck_assert_msg(*p != '"', "quote inside an unquoted field");
					field[len++] = *p++;
				}
			}
			field[len] = '\0';
			fields = realloc(fields, (n + 1) * sizeof(*fields));
			fields[n++] = field;
			if (*p == ',') {
				p++;
				continue;
			}
			ck_assert_msg(*p == '\n', "record without its newline");
			p++;
			break;
		}
		if (c->n_rows == cap_rows) {
			cap_rows = cap_rows ? 2 * cap_rows : 64;
			c->rows = realloc(c->rows, cap_rows * sizeof(*c->rows));
			c->n_fields = realloc(c->n_fields, cap_rows * sizeof(*c->n_fields));
		}
		c->rows[c->n_rows] = fields;
		c->n_fields[c->n_rows++] = n;
	}
}

static void csv_free(struct csv *c)
{
	size_t i, j;

	for (i = 0; i < c->n_rows; i++) {
		for (j = 0; j < c->n_fields[i]; j++)
			free(c->rows[i][j]);
		free(c->rows[i]);
	}
	free(c->rows);
	free(c->n_fields);
}

/* Checks the header and the width of every record; returns the row index of name, or -1. */
static long csv_find(const struct csv *c, const char *name)
{
	size_t i;

	for (i = 1; i < c->n_rows; i++)
		if (strcmp(c->rows[i][1], name) == 0)
			return (long)i;
	return -1;
}

static void csv_check_shape(const struct csv *c)
{
	size_t i;

	ck_assert_uint_ge(c->n_rows, 1);
	ck_assert_uint_eq(c->n_fields[0], 5);
	ck_assert_str_eq(c->rows[0][0], "kind");
	ck_assert_str_eq(c->rows[0][1], "name");
	ck_assert_str_eq(c->rows[0][2], "pmu");
	ck_assert_str_eq(c->rows[0][3], "description");
	ck_assert_str_eq(c->rows[0][4], "supported");
	for (i = 1; i < c->n_rows; i++)
		ck_assert_msg(c->n_fields[i] == 5, "record %zu has %zu fields", i, c->n_fields[i]);
}

/* python3 reads text with module `module` (csv or json) and runs `check` on it. */
static void python_check(const char *text, const char *check)
{
	char *argv[] = { "/usr/bin/env", "python3", "-c", (char *)check, NULL };
	struct result r;

	run_argv(&r, argv, text);
	ck_assert_msg(r.code == 0, "python3 check failed (%d): %s", r.code, r.err);
	result_free(&r);
}

/* A line of the text listing that names `name` in its name column. */
static bool text_names(const char *text, const char *name)
{
	const char *p = text;
	size_t len = strlen(name);

	while ((p = strstr(p, name))) {
		bool starts = p - text >= 2 && p[-1] == ' ' && p[-2] == ' ' &&
			      (p - text == 2 || p[-3] == '\n');
		if (starts && (p[len] == ' ' || p[len] == '\n'))
			return true;
		p += len;
	}
	return false;
}

static char *presets_dir;

static void presets_setup(void)
{
	char dir[] = "/tmp/check_listing.presets.XXXXXX";
	char path[128];
	FILE *f;

	ck_assert(mkdtemp(dir) != NULL);
	presets_dir = strdup(dir);
	snprintf(path, sizeof(path), "%s/zzlisttest.preset", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("description: a preset for the listing test\n"
	      "events: task-clock, cycles\n"
	      "metric: clock | GHz | cycles / task-clock | cycles per nanosecond\n", f);
	ck_assert_int_eq(fclose(f), 0);
	snprintf(path, sizeof(path), "%s/zzbroken.preset", dir);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs("description: broken\nevents: {task-clock\n", f);
	ck_assert_int_eq(fclose(f), 0);
	setenv("HPSTAT_EVENTS_DIR", dir, 1);
}

static void presets_teardown(void)
{
	if (presets_dir)
		fake_tree_remove(presets_dir);
	free(presets_dir);
	presets_dir = NULL;
}

START_TEST(e2e_list_has_every_section)
{
	struct result r;

	hpstat_ok(&r, "--list", NULL, NULL, NULL);
	ck_assert_msg(text_names(r.out, "task-clock"), "no task-clock in:\n%.2000s", r.out);
	ck_assert(text_names(r.out, "cycles"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nTool events (measured by hpstat, not counted by "
					    "the kernel):\n"));
	ck_assert(text_names(r.out, "duration_time"));
	ck_assert(text_names(r.out, "user_time"));
	ck_assert(text_names(r.out, "system_time"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nlibpfm4 PMU "));
	ck_assert(text_names(r.out, "msr/tsc/"));
	ck_assert_ptr_nonnull(strstr(r.out, "\nTracepoint subsystems: "));
	ck_assert(text_names(r.out, "sched"));
	ck_assert(text_names(r.out, "@zzlisttest"));
	/* the broken preset does not hide the rest: a note names the file and line */
	ck_assert_ptr_nonnull(strstr(r.out, "\nnote: "));
	ck_assert_ptr_nonnull(strstr(r.out, "zzbroken.preset:2"));
	result_free(&r);
}
END_TEST

START_TEST(e2e_supported_csv)
{
	bool pmu = have_pmu();
	struct result r;
	struct csv c;
	long row;
	size_t i;

	hpstat_ok(&r, "--list", "--supported", "--csv", NULL);
	csv_parse(&c, r.out);
	csv_check_shape(&c);
	row = csv_find(&c, "task-clock");
	ck_assert_msg(row > 0, "task-clock is not in --list --supported");
	ck_assert_str_eq(c.rows[row][0], "software");
	ck_assert_str_eq(c.rows[row][4], "yes");
	/* This is what --supported is for: on a machine without a PMU, cycles goes. */
	ck_assert_msg((csv_find(&c, "cycles") > 0) == pmu, "cycles %s listed as supported, but "
		      "this machine %s a PMU", pmu ? "is not" : "is", pmu ? "has" : "has no");
	ck_assert(csv_find(&c, "msr/tsc/") > 0);
	/* hpstat measures the tool events itself: they count on any machine */
	row = csv_find(&c, "duration_time");
	ck_assert(row > 0);
	ck_assert_str_eq(c.rows[row][0], "tool");
	ck_assert_str_eq(c.rows[row][4], "yes");
	row = csv_find(&c, "@zzlisttest");
	ck_assert(row > 0);
	ck_assert_str_eq(c.rows[row][4], pmu ? "yes" : "partial");
	for (i = 1; i < c.n_rows; i++) {
		const char *kind = c.rows[i][0];

		if (strcmp(kind, "metric") && strcmp(kind, "note") && strcmp(kind, "preset"))
			ck_assert_msg(strcmp(c.rows[i][4], "yes") == 0, "%s is not 'yes'",
				      c.rows[i][1]);
	}
	python_check(r.out, "import csv, sys\n"
			    "rows = list(csv.reader(sys.stdin))\n"
			    "assert rows[0] == ['kind', 'name', 'pmu', 'description', 'supported']\n"
			    "assert all(len(r) == 5 for r in rows), 'ragged'\n"
			    "assert any(r[1] == 'task-clock' for r in rows)\n");
	csv_free(&c);
	result_free(&r);
}
END_TEST

/* Without --supported nothing is probed: hardware events are listed, supported is empty. */
START_TEST(e2e_unprobed_csv)
{
	struct result r;
	struct csv c;
	long row;

	hpstat_ok(&r, "--list", "--csv", NULL, NULL);
	csv_parse(&c, r.out);
	csv_check_shape(&c);
	row = csv_find(&c, "cycles");
	ck_assert(row > 0);
	ck_assert_str_eq(c.rows[row][0], "hardware");
	ck_assert_str_eq(c.rows[row][4], "");
	csv_free(&c);
	result_free(&r);
}
END_TEST

START_TEST(e2e_pattern_filters_names)
{
	struct result r;
	struct csv c;
	size_t i, named = 0;

	hpstat_ok(&r, "--list", "--csv", "cache", NULL);
	csv_parse(&c, r.out);
	csv_check_shape(&c);
	for (i = 1; i < c.n_rows; i++) {
		/* a metric is listed with its preset, whatever its own name */
		if (strcmp(c.rows[i][0], "metric") == 0 || strcmp(c.rows[i][0], "note") == 0)
			continue;
		ck_assert_msg(strcasestr(c.rows[i][1], "cache"), "'%s' does not contain 'cache'",
			      c.rows[i][1]);
		named++;
	}
	ck_assert_uint_ge(named, 3);
	ck_assert(csv_find(&c, "cache-misses") > 0);
	ck_assert(csv_find(&c, "L1-dcache-loads") > 0);
	ck_assert(csv_find(&c, "task-clock") < 0);
	csv_free(&c);
	result_free(&r);
}
END_TEST

START_TEST(e2e_tracepoints_by_subsystem)
{
	struct result r;

	hpstat_ok(&r, "--list", "sched:sched_switch", NULL, NULL);
	ck_assert_str_eq(r.out, "Tracepoints: SUBSYSTEM:EVENT\n  sched:sched_switch\n");
	result_free(&r);
}
END_TEST

START_TEST(e2e_json_parses)
{
	struct result r;

	hpstat_ok(&r, "--list", "--supported", "--json", NULL);
	python_check(r.out, "import json, sys\n"
			    "d = json.load(sys.stdin)\n"
			    "assert d['schema_version'] == 1 and d['supported_only'] is True\n"
			    "names = [e['name'] for e in d['events']]\n"
			    "assert 'task-clock' in names\n"
			    "assert all(e['supported'] is True for e in d['events'])\n"
			    "p = [p for p in d['presets'] if p['name'] == 'zzlisttest'][0]\n"
			    "assert p['events'] == ['task-clock', 'cycles']\n"
			    "assert p['metrics'][0]['formula'] == 'cycles / task-clock'\n");
	result_free(&r);
}
END_TEST

START_TEST(e2e_two_patterns_rejected)
{
	char *argv[] = { (char *)hpstat_path(), "--list", "a", "b", NULL };
	struct result r;

	run_argv(&r, argv, NULL);
	ck_assert_int_eq(r.code, 125);
	ck_assert_str_eq(r.out, "");
	ck_assert_msg(strncmp(r.err, "hpstat: ", 8) == 0, "stderr: %s", r.err);
	ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1, "not one line: %s",
		      r.err);
	result_free(&r);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------ */

static Suite *listing_suite(void)
{
	Suite *s = suite_create("listing");
	TCase *tc = tcase_create("printers");
	TCase *tree = tcase_create("sysfs");
	TCase *e2e = tcase_create("end_to_end");

	tcase_add_test(tc, text_golden);
	tcase_add_test(tc, csv_golden);
	tcase_add_test(tc, csv_probed_says_supported);
	tcase_add_test(tc, json_golden);
	tcase_add_test(tc, metric_groups);
	tcase_add_test(tc, json_empty_probed);
	tcase_add_test(tc, json_probed_fields);
	tcase_add_test(tc, json_escapes_any_bytes);
	tcase_add_test(tc, text_nothing_matches);
	tcase_add_test(tc, text_probed_preset);
	tcase_add_test(tc, text_narrow_width);
	tcase_add_test(tc, write_error_is_reported);
	tcase_add_test(tc, matches_ignore_case);
	tcase_add_test(tc, many_entries);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(tree, tree_setup, tree_teardown);
	tcase_add_test(tree, sysfs_lists_named_events);
	tcase_add_test(tree, sysfs_pattern_and_probe);
	tcase_add_test(tree, tracepoints_as_subsystems);
	tcase_add_test(tree, tracepoints_by_pattern);
	tcase_add_test(tree, tracepoints_probed_once);
	tcase_add_test(tree, tracefs_missing_is_a_note);
	suite_add_tcase(s, tree);

	tcase_set_timeout(e2e, TEST_TIMEOUT_S);
	tcase_add_checked_fixture(e2e, presets_setup, presets_teardown);
	tcase_add_test(e2e, e2e_list_has_every_section);
	tcase_add_test(e2e, e2e_supported_csv);
	tcase_add_test(e2e, e2e_unprobed_csv);
	tcase_add_test(e2e, e2e_pattern_filters_names);
	tcase_add_test(e2e, e2e_tracepoints_by_subsystem);
	tcase_add_test(e2e, e2e_json_parses);
	tcase_add_test(e2e, e2e_two_patterns_rejected);
	suite_add_tcase(s, e2e);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(listing_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
