/* check_pmu_format.c - unit tests of the sysfs PMU grammar: format fields, packing, terms. */
#include <check.h>
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pmu_format.h"

static struct pmu_format parse_ok(const char *text)
{
	struct pmu_format f;
	struct hp_err err = { "" };

	ck_assert_msg(pmu_format_parse(&f, "t", text, &err) == 0, "'%s': %s", text, err.msg);
	return f;
}

static void parse_fails(const char *text, const char *needle)
{
	struct pmu_format f;
	struct hp_err err = { "" };

	ck_assert_msg(pmu_format_parse(&f, "umask", text, &err) == -1, "'%s' parsed", text);
	ck_assert_msg(strstr(err.msg, needle), "'%s': message '%s' lacks '%s'", text, err.msg,
		      needle);
	ck_assert_msg(strstr(err.msg, "'umask'"), "message '%s' does not name the term", err.msg);
}

/* Packs value into zeroed config words; returns pmu_format_pack's result. */
static int pack(const char *format, uint64_t value, uint64_t config[PMU_CONFIG_WORDS])
{
	struct pmu_format f = parse_ok(format);

	memset(config, 0, PMU_CONFIG_WORDS * sizeof(*config));
	return pmu_format_pack(&f, value, config);
}

START_TEST(format_single_range)
{
	struct pmu_format f = parse_ok("config:0-7\n");

	ck_assert_uint_eq(f.n_ranges, 1);
	ck_assert_uint_eq(f.ranges[0].word, 0);
	ck_assert_uint_eq(f.ranges[0].lo, 0);
	ck_assert_uint_eq(f.ranges[0].hi, 7);
	ck_assert_uint_eq(f.width_bits, 8);
	ck_assert_uint_eq(pmu_format_max(&f), 0xff);
}
END_TEST

START_TEST(format_one_bit_and_words)
{
	struct pmu_format f = parse_ok("config:0");

	ck_assert_uint_eq(f.width_bits, 1);
	ck_assert_uint_eq(pmu_format_max(&f), 1);
	f = parse_ok("config1:0-15");
	ck_assert_uint_eq(f.ranges[0].word, 1);
	ck_assert_uint_eq(f.width_bits, 16);
	f = parse_ok("config2:63");
	ck_assert_uint_eq(f.ranges[0].word, 2);
	ck_assert_uint_eq(f.ranges[0].lo, 63);
	f = parse_ok("config:0-63");
	ck_assert_uint_eq(f.width_bits, 64);
	ck_assert(pmu_format_max(&f) == UINT64_MAX);
}
END_TEST

START_TEST(format_split_ranges)
{
	struct pmu_format f = parse_ok("config:8-15,32-35");

	ck_assert_uint_eq(f.n_ranges, 2);
	ck_assert_uint_eq(f.ranges[1].word, 0);
	ck_assert_uint_eq(f.ranges[1].lo, 32);
	ck_assert_uint_eq(f.ranges[1].hi, 35);
	ck_assert_uint_eq(f.width_bits, 12);
	f = parse_ok(" config:0-7, config1:0-3 \n");
	ck_assert_uint_eq(f.n_ranges, 2);
	ck_assert_uint_eq(f.ranges[1].word, 1);
	ck_assert_uint_eq(f.width_bits, 12);
}
END_TEST

START_TEST(format_errors)
{
	parse_fails("", "cannot parse");
	parse_fails("0-7", "cannot parse");
	parse_fails("config:", "cannot parse");
	parse_fails("config:7-0", "cannot parse");
	parse_fails("config:0-64", "cannot parse");
	parse_fails("config:64", "cannot parse");
	parse_fails("config:0-7x", "cannot parse");
	parse_fails("config:0-7,", "cannot parse");
	parse_fails("config3:0-7", "not config, config1 or config2");
	parse_fails("cfg:0-7", "not config, config1 or config2");
	parse_fails("config:0-7,4-9", "twice");
	parse_fails("config:0-63,config1:0", "wider than 64 bits");
	parse_fails("config:0,1,2,3,4,5,6,7,8", "more than 8");
}
END_TEST

START_TEST(pack_exact_values)
{
	uint64_t c[PMU_CONFIG_WORDS];

	ck_assert_int_eq(pack("config:0-7", 0x3c, c), 0);
	ck_assert_uint_eq(c[0], 0x3c);
	ck_assert_int_eq(pack("config:8-15", 1, c), 0);
	ck_assert_uint_eq(c[0], 0x100);
	/* Value bits fill the field's bits from the lowest up, as perf packs them: 0x23 into
	 * bits 0-7, the remaining 0x1 into bits 32-35. */
	ck_assert_int_eq(pack("config:0-7,32-35", 0x123, c), 0);
	ck_assert_uint_eq(c[0], 0x100000023ULL);
	ck_assert_int_eq(pack("config1:0-15", 0xbeef, c), 0);
	ck_assert_uint_eq(c[0], 0);
	ck_assert_uint_eq(c[1], 0xbeef);
	ck_assert_int_eq(pack("config2:4-11", 0xab, c), 0);
	ck_assert_uint_eq(c[2], 0xab0);
	ck_assert_int_eq(pack("config:0-63", UINT64_MAX, c), 0);
	ck_assert(c[0] == UINT64_MAX);
	ck_assert_int_eq(pack("config:63", 1, c), 0);
	ck_assert(c[0] == UINT64_C(1) << 63);
	/* Across words: low 8 bits into config, the next 4 into config1 bits 16..19. */
	ck_assert_int_eq(pack("config:0-7,config1:16-19", 0xa5f, c), 0);
	ck_assert_uint_eq(c[0], 0x5f);
	ck_assert_uint_eq(c[1], 0xa0000);
}
END_TEST

START_TEST(pack_rejects_too_wide)
{
	uint64_t c[PMU_CONFIG_WORDS];

	ck_assert_int_eq(pack("config:0-7", 0xff, c), 0);
	ck_assert_int_eq(pack("config:0-7", 0x100, c), -1);
	ck_assert_uint_eq(c[0], 0); /* unchanged */
	ck_assert_int_eq(pack("config:0", 2, c), -1);
	ck_assert_int_eq(pack("config:0-7,32-35", 0x1000, c), -1);
	ck_assert_int_eq(pack("config:0-7,32-35", 0xfff, c), 0);
	ck_assert_uint_eq(c[0], 0xf000000ffULL);
}
END_TEST

START_TEST(pack_replaces_the_field_only)
{
	struct pmu_format f = parse_ok("config:8-15");
	uint64_t c[PMU_CONFIG_WORDS] = { 0xffffffffULL, 7, 9 };

	ck_assert_int_eq(pmu_format_pack(&f, 0x12, c), 0);
	ck_assert_uint_eq(c[0], 0xffff12ffULL);
	ck_assert_uint_eq(c[1], 7);
	ck_assert_uint_eq(c[2], 9);
}
END_TEST

START_TEST(config_words)
{
	ck_assert_int_eq(pmu_config_word("config"), 0);
	ck_assert_int_eq(pmu_config_word("config1"), 1);
	ck_assert_int_eq(pmu_config_word("config2"), 2);
	ck_assert_int_eq(pmu_config_word("config3"), -1);
	ck_assert_int_eq(pmu_config_word("event"), -1);
}
END_TEST

START_TEST(terms_parse)
{
	struct pmu_term t[PMU_MAX_TERMS];
	struct hp_err err = { "" };
	size_t n;

	ck_assert_int_eq(pmu_terms_parse("event=0x3c, umask=1,edge ,cmask=?\n", true, "x", t, &n,
					 &err), 0);
	ck_assert_uint_eq(n, 4);
	ck_assert_str_eq(t[0].name, "event");
	ck_assert_int_eq(t[0].kind, PMU_TERM_VALUE);
	ck_assert_uint_eq(t[0].value, 0x3c);
	ck_assert_str_eq(t[1].name, "umask");
	ck_assert_uint_eq(t[1].value, 1);
	ck_assert_str_eq(t[2].name, "edge");
	ck_assert_int_eq(t[2].kind, PMU_TERM_BARE);
	ck_assert_str_eq(t[3].name, "cmask");
	ck_assert_int_eq(t[3].kind, PMU_TERM_PLACEHOLDER);
	ck_assert_int_eq(pmu_terms_parse("energy-pkg", false, "x", t, &n, &err), 0);
	ck_assert_uint_eq(n, 1);
	ck_assert_str_eq(t[0].name, "energy-pkg");
	ck_assert_int_eq(pmu_terms_parse("config=18446744073709551615", false, "x", t, &n, &err),
			 0);
	ck_assert(t[0].value == UINT64_MAX);
	ck_assert_int_eq(pmu_terms_parse("config=0XFFFFFFFFFFFFFFFF", false, "x", t, &n, &err),
			 0);
	ck_assert(t[0].value == UINT64_MAX);
}
END_TEST

static void terms_fail(const char *text, bool placeholders, const char *needle)
{
	struct pmu_term t[PMU_MAX_TERMS];
	struct hp_err err = { "" };
	size_t n;

	ck_assert_msg(pmu_terms_parse(text, placeholders, "cpu/x/", t, &n, &err) == -1,
		      "'%s' parsed", text);
	ck_assert_msg(strstr(err.msg, needle), "'%s': message '%s' lacks '%s'", text, err.msg,
		      needle);
	ck_assert_msg(strstr(err.msg, "'cpu/x/'"), "message '%s' does not quote the event",
		      err.msg);
	ck_assert_msg(!strchr(err.msg, '\n'), "message '%s' is not one line", err.msg);
}

START_TEST(terms_errors)
{
	char many[200] = "a";

	terms_fail("", false, "empty term");
	terms_fail("a,,b", false, "empty term");
	terms_fail("a,", false, "empty term");
	terms_fail("=1", false, "empty term");
	terms_fail("event=", false, "needs a value");
	terms_fail("event=zz", false, "bad value 'zz'");
	terms_fail("event=-1", false, "bad value");
	terms_fail("event=0x", false, "bad value");
	terms_fail("event=18446744073709551616", false, "bad value");
	terms_fail("event=0x10000000000000000", false, "bad value");
	terms_fail("umask=?", false, "bad value '?'");
	terms_fail("ev ent=1", false, "bad character ' '");
	terms_fail("ev/x", false, "bad character '/'");
	for (int i = 0; i < PMU_MAX_TERMS; i++)
		strcat(many, ",a");
	terms_fail(many, false, "more than 32 terms");
}
END_TEST

START_TEST(name_split)
{
	struct pmu_name pn;
	struct hp_err err = { "" };

	ck_assert_int_eq(pmu_name_split(&pn, "msr/tsc/", &err), 0);
	ck_assert_str_eq(pn.pmu, "msr");
	ck_assert_str_eq(pn.terms, "tsc");
	ck_assert_str_eq(pn.mods, "");
	ck_assert_int_eq(pmu_name_split(&pn, "cpu/event=0x3c,umask=0x01/uk", &err), 0);
	ck_assert_str_eq(pn.pmu, "cpu");
	ck_assert_str_eq(pn.terms, "event=0x3c,umask=0x01");
	ck_assert_str_eq(pn.mods, "uk");
	ck_assert_int_eq(pmu_name_split(&pn, "uncore_imc_0/cas_count_read/:u", &err), 0);
	ck_assert_str_eq(pn.pmu, "uncore_imc_0");
	ck_assert_str_eq(pn.mods, "u");
}
END_TEST

START_TEST(name_split_errors)
{
	static const char *const bad[] = { "msr/tsc", "/tsc/", "msr/tsc/u/", "msr/tsc/1",
					   "../x/", "./x/", "a b/x/", "msr/tsc/u k" };
	struct pmu_name pn;
	struct hp_err err = { "" };
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_msg(pmu_name_split(&pn, bad[i], &err) == -1, "'%s' split", bad[i]);
		ck_assert_msg(strstr(err.msg, "malformed event"), "'%s': %s", bad[i], err.msg);
	}
	/* Empty terms split: "cycles//u" is a generic event with none; a PMU refuses them
	 * (check_event_sysfs). */
	ck_assert_int_eq(pmu_name_split(&pn, "cycles//u", &err), 0);
	ck_assert_str_eq(pn.pmu, "cycles");
	ck_assert_str_eq(pn.terms, "");
	ck_assert_str_eq(pn.mods, "u");
}
END_TEST

START_TEST(raw_codes)
{
	struct hp_err err = { "" };
	const char *mods;
	uint64_t config;

	ck_assert_int_eq(pmu_raw_parse("r003c", &config, &mods, &err), 1);
	ck_assert_uint_eq(config, 0x3c);
	ck_assert_str_eq(mods, "");
	ck_assert_int_eq(pmu_raw_parse("r1A2b:u", &config, &mods, &err), 1);
	ck_assert_uint_eq(config, 0x1a2b);
	ck_assert_str_eq(mods, ":u");
	ck_assert_int_eq(pmu_raw_parse("rffffffffffffffff", &config, &mods, &err), 1);
	ck_assert(config == UINT64_MAX);
	ck_assert_int_eq(pmu_raw_parse("r0000000000000000001", &config, &mods, &err), 1);
	ck_assert_uint_eq(config, 1);
	/* Not raw codes: libpfm4 names. */
	ck_assert_int_eq(pmu_raw_parse("ref-cycles", &config, &mods, &err), 0);
	ck_assert_int_eq(pmu_raw_parse("r", &config, &mods, &err), 0);
	ck_assert_int_eq(pmu_raw_parse("rx1", &config, &mods, &err), 0);
	ck_assert_int_eq(pmu_raw_parse("R12", &config, &mods, &err), 0);
	ck_assert_int_eq(pmu_raw_parse("cycles", &config, &mods, &err), 0);
	ck_assert_int_eq(pmu_raw_parse("r10000000000000000", &config, &mods, &err), -1);
	ck_assert_str_eq(err.msg, "raw event 'r10000000000000000': the code is wider than 64 "
			 "bits");
}
END_TEST

START_TEST(modifiers)
{
	struct perf_event_attr a;
	struct hp_err err = { "" };

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(pmu_modifiers_apply("", &a, "e", &err), 0);
	ck_assert(!a.exclude_user && !a.exclude_kernel && !a.exclude_hv);
	ck_assert_int_eq(pmu_modifiers_apply(":u", &a, "e", &err), 0);
	ck_assert(!a.exclude_user && a.exclude_kernel && a.exclude_hv);
	ck_assert_int_eq(pmu_modifiers_apply("k", &a, "e", &err), 0);
	ck_assert(a.exclude_user && !a.exclude_kernel && a.exclude_hv);
	ck_assert_int_eq(pmu_modifiers_apply("uk", &a, "e", &err), 0);
	ck_assert(!a.exclude_user && !a.exclude_kernel && a.exclude_hv);
	ck_assert_int_eq(pmu_modifiers_apply("u:k:h", &a, "e", &err), 0);
	ck_assert(!a.exclude_user && !a.exclude_kernel && !a.exclude_hv);
	ck_assert_int_eq(pmu_modifiers_apply("up", &a, "msr/tsc/up", &err), -1);
	ck_assert_str_eq(err.msg, "unknown modifier 'p' in event 'msr/tsc/up': use u (user), "
			 "k (kernel) or h (hypervisor)");
}
END_TEST

START_TEST(scale_and_unit)
{
	double s = 0;
	char unit[16];

	ck_assert_int_eq(pmu_scale_parse("2.3283064365386962890625e-10\n", &s), 0);
	ck_assert(s == 2.3283064365386962890625e-10);
	ck_assert_int_eq(pmu_scale_parse("1", &s), 0);
	ck_assert(s == 1.0);
	ck_assert_int_eq(pmu_scale_parse("", &s), -1);
	ck_assert_int_eq(pmu_scale_parse("x", &s), -1);
	ck_assert_int_eq(pmu_scale_parse("0", &s), -1);
	ck_assert_int_eq(pmu_scale_parse("-1", &s), -1);
	ck_assert_int_eq(pmu_scale_parse("1.5 J", &s), -1);
	ck_assert_int_eq(pmu_scale_parse("inf", &s), -1);
	/* A decimal-comma locale must not change how sysfs's '.' reads. */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8")) {
		ck_assert_int_eq(pmu_scale_parse("0.5", &s), 0);
		ck_assert(s == 0.5);
		setlocale(LC_NUMERIC, "C");
	}
	pmu_unit_copy(unit, sizeof(unit), "Joules\n");
	ck_assert_str_eq(unit, "Joules");
	pmu_unit_copy(unit, sizeof(unit), "  MiB ");
	ck_assert_str_eq(unit, "MiB");
	pmu_unit_copy(unit, sizeof(unit), "a-very-long-unit-name\n");
	ck_assert_str_eq(unit, "a-very-long-uni");
}
END_TEST

START_TEST(distance)
{
	ck_assert_uint_eq(pmu_name_distance("tsc", "tsc"), 0);
	ck_assert_uint_eq(pmu_name_distance("TSC", "tsc"), 0);
	ck_assert_uint_eq(pmu_name_distance("sched_swich", "sched_switch"), 1);
	ck_assert_uint_eq(pmu_name_distance("", "abc"), 3);
	ck_assert(pmu_name_distance("a", "0123456789012345678901234567890123456789012345678901"
				    "234567890123") == SIZE_MAX);
}
END_TEST

static Suite *pmu_format_suite(void)
{
	Suite *s = suite_create("pmu_format");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, format_single_range);
	tcase_add_test(tc, format_one_bit_and_words);
	tcase_add_test(tc, format_split_ranges);
	tcase_add_test(tc, format_errors);
	tcase_add_test(tc, pack_exact_values);
	tcase_add_test(tc, pack_rejects_too_wide);
	tcase_add_test(tc, pack_replaces_the_field_only);
	tcase_add_test(tc, config_words);
	tcase_add_test(tc, terms_parse);
	tcase_add_test(tc, terms_errors);
	tcase_add_test(tc, name_split);
	tcase_add_test(tc, name_split_errors);
	tcase_add_test(tc, raw_codes);
	tcase_add_test(tc, modifiers);
	tcase_add_test(tc, scale_and_unit);
	tcase_add_test(tc, distance);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pmu_format_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
