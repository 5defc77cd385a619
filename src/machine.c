/* machine.c - uname, /proc/cpuinfo and the sysfs PMU list. */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "machine.h"
#include "names.h"

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

static bool visible(int dir_fd, const char *name, void *ctx)
{
	(void)dir_fd;
	(void)ctx;
	return name[0] != '.';
}

/* Every name is read and sorted before the list is cut to MACHINE_MAX_PMUS: directory order is
 * arbitrary, and keeping the first ones read would report an arbitrary subset, different
 * from one read to the next, on a machine with more PMUs than fit. */
void machine_read_pmus(struct machine *m, const char *path)
{
	struct names l = { 0 };
	size_t i;

	names_read_dir(&l, path, visible, NULL); /* out of memory: the names read so far do */
	names_sort_unique(&l);
	m->n_pmus = l.n < MACHINE_MAX_PMUS ? l.n : MACHINE_MAX_PMUS;
	for (i = 0; i < m->n_pmus; i++)
		snprintf(m->pmus[i], sizeof(m->pmus[0]), "%.31s", l.names[i]);
	names_release(&l);
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
