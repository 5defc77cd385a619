/* check_cgroup.c - Check unit tests for -G's cgroup names, the cgroup2 mount found in mountinfo
 * text, and the directories the names stand for (src/cgroup.c). */
/*
 * Mount tables are fixed text in the kernel's mountinfo format: this machine's own shape
 * (cgroup v1 at /sys/fs/cgroup, v2 at /sys/fs/cgroup/unified), a pure v2 system's, a v1-only
 * one's, and one whose perf_event controller sits on v1. The file reader gets a temporary file.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"

#define EXAMPLE "as in -G system.slice/ssh.service,user.slice"

/* The mount table of a machine with both: v1 controllers at /sys/fs/cgroup, v2 beside them. */
static const char hybrid[] =
	"22 1 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu\n"
	"34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n"
	"39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n"
	"40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n";

/* A pure v2 system (systemd's default): optional tags before the separator. */
static const char pure_v2[] =
	"24 30 0:22 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw\n"
	"28 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 "
	"rw,nsdelegate,memory_recursiveprot\n"
	"35 24 0:30 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:13 - bpf bpf rw,mode=700\n";

/* cgroup v1 alone: perf_event among its controllers. */
static const char v1_only[] =
	"30 22 0:27 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"31 30 0:28 / /sys/fs/cgroup/systemd rw,relatime shared:10 - cgroup cgroup "
	"rw,xattr,name=systemd\n"
	"36 30 0:33 / /sys/fs/cgroup/perf_event rw,relatime shared:16 - cgroup cgroup "
	"rw,perf_event\n";

static void list_ok(struct cgroup_list *list, const char *text)
{
	struct hp_err err = { "" };

	ck_assert_msg(cgroup_list_parse(list, text, &err) == 0, "'%s': %s", text, err.msg);
}

static void list_fails(const char *text, const char *want)
{
	struct cgroup_list list = { 0 };
	struct hp_err err = { "" };

	ck_assert_msg(cgroup_list_parse(&list, text, &err) == -1, "'%s' was taken", text);
	ck_assert_str_eq(err.msg, want);
	cgroup_list_release(&list);
}

static void assert_name(const struct cgroup_list *list, size_t i, const char *name,
			const char *path)
{
	ck_assert_uint_gt(list->n, i);
	ck_assert_str_eq(list->names[i], name);
	ck_assert_str_eq(list->paths[i], path);
}

/* Names stay as given (they label the rows); paths lose the '/' at either end and doubled. */
START_TEST(test_names)
{
	struct cgroup_list list = { 0 };

	list_ok(&list, "system.slice/ssh.service,/user.slice/,/");
	list_ok(&list, "A//b..c/.d");
	ck_assert_uint_eq(list.n, 4);
	assert_name(&list, 0, "system.slice/ssh.service", "system.slice/ssh.service");
	assert_name(&list, 1, "/user.slice/", "user.slice");
	assert_name(&list, 2, "/", "");
	/* Dots inside a name are a name's, not a step up. */
	assert_name(&list, 3, "A//b..c/.d", "A/b..c/.d");
	cgroup_list_release(&list);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_ptr_null(list.names);
}
END_TEST

START_TEST(test_names_refused)
{
	struct cgroup_list list = { 0 };
	struct hp_err err = { "" };

	list_fails("", "empty cgroup name in '': give names separated by commas, " EXAMPLE);
	list_fails("A,,B", "empty cgroup name in 'A,,B': give names separated by commas, " EXAMPLE);
	list_fails("A,", "empty cgroup name in 'A,': give names separated by commas, " EXAMPLE);
	list_fails("../etc", "cgroup name '../etc' has a '..' part: name a cgroup by its path "
		   "below the cgroup v2 mount, " EXAMPLE);
	list_fails("A,system.slice/../../x", "cgroup name 'system.slice/../../x' has a '..' "
		   "part: name a cgroup by its path below the cgroup v2 mount, " EXAMPLE);
	list_fails("a/./b", "cgroup name 'a/./b' has a '.' part: name a cgroup by its path "
		   "below the cgroup v2 mount, " EXAMPLE);
	list_fails("/..", "cgroup name '/..' has a '..' part: name a cgroup by its path below "
		   "the cgroup v2 mount, " EXAMPLE);
	list_fails("A,/A/", "cgroup '/A/' is named twice (as 'A' and '/A/'): give each cgroup "
		   "once");
	list_fails("/,//", "cgroup '//' is named twice (as '/' and '//'): give each cgroup once");
	/* A second list is checked against the first. */
	list_ok(&list, "A");
	ck_assert_int_eq(cgroup_list_parse(&list, "B,A", &err), -1);
	ck_assert_str_eq(err.msg, "cgroup 'A' is named twice (as 'A' and 'A'): give each cgroup "
			 "once");
	ck_assert_uint_eq(list.n, 2); /* what came before the refusal stays, to be released */
	cgroup_list_release(&list);
}
END_TEST

static void mount_ok(const char *mountinfo, const char *want)
{
	struct hp_err err = { "" };
	char mount[256];

	ck_assert_msg(cgroup_mount_parse(mountinfo, mount, sizeof(mount), &err) == 0, "%s",
		      err.msg);
	ck_assert_str_eq(mount, want);
}

static void mount_fails(const char *mountinfo, const char *want)
{
	struct hp_err err = { "" };
	char mount[256];

	ck_assert_int_eq(cgroup_mount_parse(mountinfo, mount, sizeof(mount), &err), -1);
	ck_assert_str_eq(err.msg, want);
}

START_TEST(test_mount)
{
	mount_ok(hybrid, "/sys/fs/cgroup/unified");
	mount_ok(pure_v2, "/sys/fs/cgroup");
	/* Escapes undone; the first cgroup2 mount wins; no line break at the end. */
	mount_ok("1 0 0:1 / /a\\040b\\134c\\011 rw - cgroup2 none rw\n"
		 "2 0 0:2 / /second rw - cgroup2 none rw", "/a b\\c\t");
	/* The type is the field after the separator, wherever the tags end; a mount point
	 * named cgroup2, or a source of that name, is not the type. */
	mount_ok("1 0 0:1 / /cgroup2 rw - tmpfs cgroup2 rw\n"
		 "2 0 0:2 / /x rw shared:1 master:2 - cgroup2 cgroup2 rw\n", "/x");
	/* Lines not of the shape are passed over. */
	mount_ok("garbage\n\n1 0 0:1 / /y rw\n1 0 0:1 / /z rw - cgroup2 c rw\n", "/z");
	/* No super options at all. */
	mount_ok("1 0 0:1 / /w rw - cgroup2 c", "/w");
}
END_TEST

START_TEST(test_mount_refused)
{
	struct hp_err err = { "" };
	char small[8];

	mount_fails(v1_only, "no cgroup v2 file system is mounted (no cgroup2 in the mount "
		    "table): hpstat counts cgroup v2 groups only, and this machine has cgroup v1 "
		    "alone");
	mount_fails("", "no cgroup v2 file system is mounted (no cgroup2 in the mount table): "
		    "hpstat counts cgroup v2 groups only, and this machine has cgroup v1 alone");
	/* Beside v2, a v1 hierarchy with perf_event: v2's cgroups count nothing then. Not
	 * another controller named like it. */
	mount_ok("1 0 0:1 / /v1 rw - cgroup cgroup rw,perf_event_x\n"
		 "2 0 0:2 / /v2 rw - cgroup2 cgroup2 rw\n", "/v2");
	mount_fails("1 0 0:1 / /v2 rw - cgroup2 cgroup2 rw\n"
		    "2 0 0:2 / /sys/fs/cgroup/perf\\040event rw - cgroup cgroup rw,perf_event,x\n",
		    "the perf_event controller is mounted on cgroup v1 at /sys/fs/cgroup/perf "
		    "event: the kernel then counts no cgroup of v2 (/v2); count the cgroup's "
		    "processes with -p, or unmount the v1 perf_event hierarchy");
	ck_assert_int_eq(cgroup_mount_parse(hybrid, small, sizeof(small), &err), -1);
	ck_assert_str_eq(err.msg, "the cgroup v2 mount point is too long: 22 bytes");
}
END_TEST

/* The file reader: a mount table in a file, and a file that is not there. */
START_TEST(test_mount_file)
{
	char path[] = "/tmp/check_cgroup.XXXXXX", mount[256];
	struct hp_err err = { "" };
	int fd = mkstemp(path);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, hybrid, sizeof(hybrid) - 1), (int)sizeof(hybrid) - 1);
	close(fd);
	ck_assert_msg(cgroup_mount_find(path, mount, sizeof(mount), &err) == 0, "%s", err.msg);
	ck_assert_str_eq(mount, "/sys/fs/cgroup/unified");
	/* An empty table has no cgroup2 either. */
	ck_assert_int_eq(truncate(path, 0), 0);
	ck_assert_int_eq(cgroup_mount_find(path, mount, sizeof(mount), &err), -1);
	ck_assert_str_eq(err.msg, "no cgroup v2 file system is mounted (no cgroup2 in the mount "
			 "table): hpstat counts cgroup v2 groups only, and this machine has cgroup "
			 "v1 alone");
	unlink(path);
	ck_assert_int_eq(cgroup_mount_find(path, mount, sizeof(mount), &err), -1);
	ck_assert_msg(strstr(err.msg, "to find the cgroup v2 mount: No such file or directory"),
		      "%s", err.msg);
}
END_TEST

START_TEST(test_join)
{
	struct hp_err err = { "" };
	char out[32], tiny[12];

	ck_assert_int_eq(cgroup_path_join(out, sizeof(out), "/sys/fs/cgroup", "a/b", "/a/b", &err),
			 0);
	ck_assert_str_eq(out, "/sys/fs/cgroup/a/b");
	/* The root is the mount itself. */
	ck_assert_int_eq(cgroup_path_join(out, sizeof(out), "/sys/fs/cgroup", "", "/", &err), 0);
	ck_assert_str_eq(out, "/sys/fs/cgroup");
	/* A mount at / takes no second slash. */
	ck_assert_int_eq(cgroup_path_join(out, sizeof(out), "/", "A", "A", &err), 0);
	ck_assert_str_eq(out, "/A");
	/* Exactly full fits; one more byte does not. */
	ck_assert_int_eq(cgroup_path_join(tiny, sizeof(tiny), "/mnt", "abcdef", "x", &err), 0);
	ck_assert_str_eq(tiny, "/mnt/abcdef");
	ck_assert_int_eq(cgroup_path_join(tiny, sizeof(tiny), "/mnt", "abcdefg", "/abcdefg", &err),
			 -1);
	ck_assert_str_eq(err.msg, "cgroup name '/abcdefg' is too long: its directory under /mnt "
			 "would take more than 11 bytes");
}
END_TEST

static Suite *cgroup_suite(void)
{
	Suite *s = suite_create("cgroup");
	TCase *names = tcase_create("names"), *mounts = tcase_create("mounts");

	tcase_add_test(names, test_names);
	tcase_add_test(names, test_names_refused);
	tcase_add_test(names, test_join);
	suite_add_tcase(s, names);
	tcase_add_test(mounts, test_mount);
	tcase_add_test(mounts, test_mount_refused);
	tcase_add_test(mounts, test_mount_file);
	suite_add_tcase(s, mounts);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(cgroup_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
