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
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every name is read and sorted before the list is cut to MACHINE_MAX_PMUS: directory order is
 * arbitrary, and keeping the first ones read would report an arbitrary subset, different
 * from one read to the next, on a machine with more PMUs than fit. */
void machine_read_pmus(struct machine *m, const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *d;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	m->n_pmus = 0;
	if (!dir)
		return;
	while ((d = readdir(dir))) {
		char *name;

		if (d->d_name[0] == '.')
			continue;
		if (n == cap) {
			size_t grown_cap = cap ? 2 * cap : 64;
			char **grown = realloc(names, grown_cap * sizeof(*grown));

			if (!grown)
				break; /* never fails: the names read so far will do */
			names = grown;
			cap = grown_cap;
		}
		name = strdup(d->d_name);
		if (!name)
			break;
		names[n++] = name;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), compare_names);
	for (i = 0; i < n; i++) {
		if (i < MACHINE_MAX_PMUS)
			snprintf(m->pmus[i], sizeof(m->pmus[0]), "%.31s", names[i]);
		free(names[i]);
	}
	free(names);
	m->n_pmus = n < MACHINE_MAX_PMUS ? n : MACHINE_MAX_PMUS;
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
	machine_read_pmus(m, "/sys/bus/event_source/devices");
}
