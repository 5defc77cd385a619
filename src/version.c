/* version.c - what --version says: a bug report needs to know which libpfm4 resolved the names
 * and which PMUs the machine has, as much as hpstat's own release. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "event.h"
#include "event_sysfs.h"
#include "names.h"
#include "version.h"

/* The release in a library file's name: "4.13.0" of ".../libpfm.so.4.13.0"; "" if none. */
static const char *release_of(const char *file)
{
	const char *base = strrchr(file, '/'), *so = strstr(base ? base : file, ".so.");

	return so ? so + strlen(".so.") : "";
}

static void libpfm_line(FILE *out)
{
	char file[PATH_MAX], pmus[1024];
	struct hp_err err = { "" };

	if (event_libpfm_about(file, sizeof(file), pmus, sizeof(pmus), &err)) {
		fprintf(out, "libpfm4: none: %s\n", err.msg);
		return;
	}
	if (file[0])
		fprintf(out, "libpfm4 %s (%s)", release_of(file), file);
	else
		fputs("libpfm4 (linked into hpstat)", out);
	fprintf(out, ", PMUs it detects: %s\n", pmus[0] ? pmus : "none");
}

static void kernel_line(FILE *out)
{
	char core[256];
	struct names pmus = { 0 };
	size_t i;

	fputs("kernel PMUs:", out);
	if (names_read_dir(&pmus, event_sysfs_system.devices, NULL, NULL) == 0) {
		names_sort_unique(&pmus);
		for (i = 0; i < pmus.n; i++)
			fprintf(out, "%s %s", i ? "," : "", pmus.names[i]);
	}
	if (pmus.n == 0)
		fprintf(out, " none found in %s", event_sysfs_system.devices);
	names_release(&pmus);
	event_sysfs_core_pmu(&event_sysfs_system, core, sizeof(core));
	if (core[0])
		fprintf(out, "; core PMU: %s\n", core);
	else
		fputs("; no core PMU: hardware events are <not supported> here\n", out);
}

void version_print(FILE *out)
{
	fprintf(out, "hpstat %s\n", PACKAGE_VERSION);
	libpfm_line(out);
	kernel_line(out);
}
