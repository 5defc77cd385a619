/* check_cpu_match.c - Check unit tests for the "cpu:" lines of CPU family presets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "suite_run.h"
#include "cpu_match.h"

/* A fake machine: the sysfs events it publishes, libpfm4's name for it, and how often the
 * costly facts were asked for. */
struct fake {
	const char *events[4];
	const char *libpfm;
	int event_asks, libpfm_asks;
};

static bool fake_has_event(void *ctx, const char *name)
{
	struct fake *f = ctx;
	size_t i;

	f->event_asks++;
	for (i = 0; f->events[i]; i++)
		if (strcmp(f->events[i], name) == 0)
			return true;
	return false;
}

static const char *fake_libpfm(void *ctx)
{
	struct fake *f = ctx;

	f->libpfm_asks++;
	return f->libpfm;
}

static struct fake skylake = { .events = { "slots-not-here", NULL }, .libpfm = "skl" };
static struct fake icelake = { .events = { "slots", "topdown-retiring", NULL }, .libpfm = "icl" };

static struct cpu_facts intel(struct fake *f, int model)
{
	return (struct cpu_facts){ .arch = "x86_64", .vendor = "GenuineIntel", .family = 6,
				   .model = model, .has_event = fake_has_event,
				   .libpfm_pmu = fake_libpfm, .ctx = f };
}

START_TEST(test_match)
{
	struct cpu_facts sky = intel(&skylake, 0x55), ice = intel(&icelake, 0x6a);
	struct cpu_facts arm = { .arch = "aarch64", .vendor = "", .family = -1, .model = -1 };

	ck_assert(cpu_match(&sky, "arch=x86_64"));
	ck_assert(!cpu_match(&arm, "arch=x86_64"));
	ck_assert(cpu_match(&arm, "arch=aarch64"));
	ck_assert(cpu_match(&sky, "vendor=GenuineIntel family=6 model=0x4e,0x55,0x8e-0x9e"));
	ck_assert(cpu_match(&sky, "family=0x6 model=85"));
	ck_assert(!cpu_match(&sky, "family=0x19"));
	ck_assert(!cpu_match(&ice, "model=0x4e,0x55,0x8e-0x9e"));
	sky.model = 0x8e;
	ck_assert(cpu_match(&sky, "model=0x8e-0x9e"));
	sky.model = 0x9e;
	ck_assert(cpu_match(&sky, "model=0x8e-0x9e"));
	sky.model = 0x9f;
	ck_assert(!cpu_match(&sky, "model=0x8e-0x9e"));
	sky.model = 0x55;
	ck_assert(cpu_match(&ice, "event=topdown-retiring"));
	ck_assert(!cpu_match(&sky, "event=topdown-retiring"));
	ck_assert(cpu_match(&sky, "libpfm=hsw,skl,skx"));
	ck_assert(!cpu_match(&sky, "libpfm=sk,skx"));
	ck_assert(!cpu_match(&ice, "libpfm=skl"));
	/* Unknown facts never match. */
	ck_assert(!cpu_match(&arm, "family=6"));
	ck_assert(!cpu_match(&arm, "model=0-0xffff"));
	ck_assert(!cpu_match(&arm, "event=cycles"));
	ck_assert(!cpu_match(&arm, "libpfm=arm_n1"));
}
END_TEST

/* The costly facts are asked for only when the conditions before them hold. */
START_TEST(test_lazy)
{
	struct fake f = { .events = { NULL }, .libpfm = "zen" };
	struct cpu_facts amd = { .arch = "x86_64", .vendor = "AuthenticAMD", .family = 0x19,
				 .model = 0x11, .has_event = fake_has_event,
				 .libpfm_pmu = fake_libpfm, .ctx = &f };

	ck_assert(!cpu_match(&amd, "vendor=GenuineIntel event=slots libpfm=zen"));
	ck_assert_int_eq(f.event_asks + f.libpfm_asks, 0);
	ck_assert(cpu_match(&amd, "vendor=AuthenticAMD libpfm=zen"));
	ck_assert_int_eq(f.libpfm_asks, 1);
}
END_TEST

START_TEST(test_check)
{
	static const char *const good[] = {
		"arch=x86_64", "  vendor=AuthenticAMD\tfamily=0x19  ", "model=1", "model=0-0xff,7",
		"event=topdown-retiring", "libpfm=amd64_fam19h_zen4,amd64_fam1ah_zen5",
	};
	static const char *const bad[] = {
		"arch", "arch=", "=x", "speed=3", "family=x", "family=6,7", "family=0x",
		"model=", "model=1,", "model=3-1", "model=0x10000", "model=1--2", "family=-1",
	};
	struct hp_err err = { .msg = "" };
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ck_assert_msg(cpu_match_check(good[i], &err) == 0, "'%s': %s", good[i], err.msg);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(cpu_match_check(bad[i], &err) == -1, "'%s' accepted", bad[i]);
	ck_assert_int_eq(cpu_match_check(" ", &err), -1);
	ck_assert_str_eq(err.msg, "empty 'cpu:' line; name at least one condition such as "
			 "arch=x86_64 or vendor=GenuineIntel");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("cpu_match");
	TCase *tc = tcase_create("cpu_match");

	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_lazy);
	tcase_add_test(tc, test_check);
	suite_add_tcase(s, tc);
	return suite_run(s);
}
