/* fake_tree.c - writes the fake sysfs and tracefs trees the resolver and listing tests read. */
#include <check.h>
#include <ftw.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "fake_tree.h"

void fake_tree_put(const char *root, const char *rel, const char *content)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	/* mkdir -p of the parent */
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = strchr(dir + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		ck_assert_msg(mkdir(dir, 0755) == 0 || errno == EEXIST, "mkdir %s: %s", dir,
			      strerror(errno));
		*slash = '/';
	}
	if (!content)
		return;
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "cannot create %s", path);
	fputs(content, f);
	ck_assert(fclose(f) == 0);
}

void fake_tree_power_pmu(const char *root)
{
	fake_tree_put(root, "devices/power/type", "23\n");
	fake_tree_put(root, "devices/power/format/event", "config:0-7\n");
	fake_tree_put(root, "devices/power/events/energy-pkg", "event=0x02\n");
	fake_tree_put(root, "devices/power/events/energy-pkg.scale",
		      "2.3283064365386962890625e-10\n");
	fake_tree_put(root, "devices/power/events/energy-pkg.unit", "Joules\n");
	fake_tree_put(root, "devices/power/events/energy-cores", "event=0x01\n");
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)type;
	(void)ftw;
	return remove(path);
}

void fake_tree_remove(const char *root)
{
	nftw(root, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}
