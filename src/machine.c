/* machine.c - uname, /proc/cpuinfo and the sysfs PMU list. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "machine.h"

/* The value of the first "key : value" line of /proc/cpuinfo whose key is one of keys. */
static void read_cpu_model(char *out, size_t cap)
{
	static const char *const keys[] = { "model name", "Model", "CPU part" };
	FILE *f = fopen("/proc/cpuinfo", "re");
	char line[512];
	size_t k;

	out[0] = '\0';
	if (!f)
		return;
	while (!out[0] && fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		for (k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strncmp(line, keys[k], strlen(keys[k])) != 0)
				continue;
			colon += strspn(colon + 1, " \t") + 1;
			colon[strcspn(colon, "\n")] = '\0';
			snprintf(out, cap, "%s", colon);
			break;
		}
	}
	fclose(f);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void read_pmus(struct machine *m)
{
	DIR *dir = opendir("/sys/bus/event_source/devices");
	struct dirent *d;

	m->n_pmus = 0;
	if (!dir)
		return;
	while ((d = readdir(dir)) && m->n_pmus < MACHINE_MAX_PMUS) {
		if (d->d_name[0] == '.')
			continue;
		snprintf(m->pmus[m->n_pmus++], sizeof(m->pmus[0]), "%.31s", d->d_name);
	}
	closedir(dir);
	/* Directory order is arbitrary; a report should not change between two reads. */
	qsort(m->pmus, m->n_pmus, sizeof(m->pmus[0]), compare_names);
}

void machine_read(struct machine *m)
{
	struct utsname u;
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	memset(m, 0, sizeof(*m));
	if (uname(&u) == 0)
		snprintf(m->kernel, sizeof(m->kernel), "%.64s %.64s %.64s", u.sysname, u.release,
			 u.machine);
	read_cpu_model(m->cpu_model, sizeof(m->cpu_model));
	m->cpus_online = online > 0 ? (unsigned)online : 0;
	read_pmus(m);
}
