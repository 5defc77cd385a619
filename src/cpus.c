/* cpus.c - CPU lists parsed into sets, and the online CPUs and topology read from sysfs. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cpus.h"

/* A CPU set as a bitmap: 1 KiB on the stack, so that merging repeats and sorting cost nothing
 * and a range is a few word stores whatever its length. */
#define CPU_WORDS (CPUS_MAX / 64)

/* The online file of a machine with CPUS_MAX CPUs, worst case every third one offline
 * ("0-1,3-4,..."), is about 27 KiB. */
#define ONLINE_FILE_MAX (64 * 1024)

#define LIST_HINT "write CPUs as in '0,2-3'"

static bool is_trailing_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static void bits_set_range(uint64_t *bits, unsigned lo, unsigned hi)
{
	unsigned first = lo / 64, last = hi / 64, i;
	uint64_t lo_mask = ~UINT64_C(0) << (lo % 64), hi_mask = ~UINT64_C(0) >> (63 - hi % 64);

	if (first == last) {
		bits[first] |= lo_mask & hi_mask;
		return;
	}
	bits[first] |= lo_mask;
	for (i = first + 1; i < last; i++)
		bits[i] = ~UINT64_C(0);
	bits[last] |= hi_mask;
}

/* Reads the decimal digits at p (before end) into *value, which stops at CPUS_MAX so that
 * any number of digits is safe; NULL when there is no digit. */
static const char *number_read(const char *p, const char *end, unsigned *value)
{
	const char *start = p;
	unsigned v = 0;

	for (; p < end && *p >= '0' && *p <= '9'; p++)
		if (v < CPUS_MAX)
			v = v * 10 + (unsigned)(*p - '0');
	if (p == start)
		return NULL;
	*value = v < CPUS_MAX ? v : CPUS_MAX;
	return p;
}

/* The message for the entry [item, item_end) of the list quoted as list. */
static int entry_fail(const char *list, const char *item, const char *item_end, const char *what,
		      struct hp_err *err)
{
	char part[40];

	err_excerpt(part, sizeof(part), item, (size_t)(item_end - item), 0,
		    (size_t)(item_end - item));
	return err_set(err, "bad CPU list '%s': '%s' is not a CPU %s; " LIST_HINT, list, part,
		       what);
}

/*
 * Adds the CPUs of text[0..len) (trailing blanks already cut) to bits. The syntax only:
 * nothing is allocated, so a caller can word the failure its own way.
 */
static int bits_parse(uint64_t *bits, const char *text, size_t len, struct hp_err *err)
{
	const char *p = text, *end = text + len;
	char list[64];

	err_excerpt(list, sizeof(list), text, len, 0, len);
	if (len == 0)
		return err_set(err, "empty CPU list; " LIST_HINT);
	for (;;) {
		const char *item = p, *item_end = memchr(p, ',', (size_t)(end - p)), *q;
		unsigned lo, hi;

		if (!item_end)
			item_end = end;
		if (item == item_end)
			return err_set(err, "bad CPU list '%s': %s; " LIST_HINT, list,
				       item == text   ? "it starts with a comma"
				       : item == end ? "it ends with a comma"
						     : "two commas in a row");
		q = number_read(item, item_end, &lo);
		if (!q || (q < item_end && *q != '-'))
			return entry_fail(list, item, item_end, "number", err);
		hi = lo;
		if (q < item_end && number_read(q + 1, item_end, &hi) != item_end)
			return entry_fail(list, item, item_end, "range", err);
		if (lo >= CPUS_MAX || hi >= CPUS_MAX) {
			const char *big = lo >= CPUS_MAX ? item : q + 1;
			const char *big_end = lo >= CPUS_MAX ? q : item_end;
			char num[40];

			err_excerpt(num, sizeof(num), big, (size_t)(big_end - big), 0,
				    (size_t)(big_end - big));
			return err_set(err,
				       "bad CPU list '%s': CPU %s is past %d, the highest CPU number "
				       "hpstat handles",
				       list, num, CPUS_MAX - 1);
		}
		if (lo > hi)
			return err_set(err, "bad CPU list '%s': the range %u-%u runs backwards; "
					    "write it as %u-%u",
				       list, lo, hi, hi, lo);
		bits_set_range(bits, lo, hi);
		if (item_end == end)
			return 0;
		p = item_end + 1;
	}
}

/* Turns the bitmap into list's ascending array. */
static int list_from_bits(struct cpu_list *list, const uint64_t *bits, struct hp_err *err)
{
	size_t n = 0, k = 0, w;

	for (w = 0; w < CPU_WORDS; w++)
		n += (size_t)__builtin_popcountll(bits[w]);
	if (n == 0)
		return 0;
	list->cpus = malloc(n * sizeof(*list->cpus));
	if (!list->cpus)
		return err_set(err, "out of memory");
	for (w = 0; w < CPU_WORDS; w++) {
		uint64_t word = bits[w];

		while (word) {
			list->cpus[k++] = (int)(w * 64) + __builtin_ctzll(word);
			word &= word - 1;
		}
	}
	list->n = n;
	return 0;
}

static size_t trimmed_len(const char *text, size_t len)
{
	while (len > 0 && is_trailing_blank(text[len - 1]))
		len--;
	return len;
}

int cpu_list_parse(struct cpu_list *list, const char *text, struct hp_err *err)
{
	uint64_t bits[CPU_WORDS] = { 0 };

	list->cpus = NULL;
	list->n = 0;
	if (bits_parse(bits, text, trimmed_len(text, strlen(text)), err))
		return -1;
	return list_from_bits(list, bits, err);
}

void cpu_list_release(struct cpu_list *list)
{
	free(list->cpus);
	list->cpus = NULL;
	list->n = 0;
}

/* Reads the file at path whole into buf (cap bytes, NUL included); its length, or -1 with
 * errno (EFBIG when it does not fit). */
static ssize_t file_read_small(const char *path, char *buf, size_t cap)
{
	size_t used = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC), saved;

	if (fd < 0)
		return -1;
	for (;;) {
		got = read(fd, buf + used, cap - 1 - used);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		used += (size_t)got;
		if (used == cap - 1) {
			got = -1;
			errno = EFBIG;
			break;
		}
	}
	saved = errno;
	close(fd);
	if (got < 0) {
		errno = saved;
		return -1;
	}
	buf[used] = '\0';
	return (ssize_t)used;
}

int cpu_list_online(struct cpu_list *list, const char *sysfs_root, struct hp_err *err)
{
	uint64_t bits[CPU_WORDS] = { 0 };
	char path[PATH_MAX], held[40];
	char *text = NULL;
	ssize_t len;
	int ret = -1;

	list->cpus = NULL;
	list->n = 0;
	if (snprintf(path, sizeof(path), "%s/devices/system/cpu/online", sysfs_root) >=
	    (int)sizeof(path))
		return err_set(err, "cannot read the online CPUs: the sysfs path '%s' is too long",
			       sysfs_root);
	text = malloc(ONLINE_FILE_MAX);
	if (!text)
		return err_set(err, "out of memory");
	len = file_read_small(path, text, ONLINE_FILE_MAX);
	if (len < 0) {
		err_set(err, "cannot read the online CPUs from '%s': %s", path, strerror(errno));
		goto out;
	}
	len = (ssize_t)trimmed_len(text, (size_t)len);
	if (len == 0 || bits_parse(bits, text, (size_t)len, NULL)) {
		err_excerpt(held, sizeof(held), text, (size_t)len, 0, (size_t)len);
		err_set(err, "cannot read the online CPUs: '%s' holds '%s', not a list of CPUs",
			path, held);
		goto out;
	}
	ret = list_from_bits(list, bits, err);
out:
	free(text);
	return ret;
}

size_t cpu_list_keep_online(struct cpu_list *list, const struct cpu_list *online)
{
	size_t i, j = 0, kept = 0, dropped;

	/* Both ascending: one merge pass. */
	for (i = 0; i < list->n; i++) {
		while (j < online->n && online->cpus[j] < list->cpus[i])
			j++;
		if (j < online->n && online->cpus[j] == list->cpus[i])
			list->cpus[kept++] = list->cpus[i];
	}
	dropped = list->n - kept;
	list->n = kept;
	return dropped;
}

/* cpu<cpu>/topology/<name> as a non-negative int; -1 when missing, unreadable or not one. */
static int topology_value(const char *sysfs_root, int cpu, const char *name)
{
	char path[PATH_MAX], buf[32], *end;
	ssize_t len;
	long v;

	if (snprintf(path, sizeof(path), "%s/devices/system/cpu/cpu%d/topology/%s", sysfs_root,
		     cpu, name) >= (int)sizeof(path))
		return -1;
	len = file_read_small(path, buf, sizeof(buf));
	if (len <= 0 || buf[0] < '0' || buf[0] > '9')
		return -1;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || v > INT_MAX || (size_t)(end - buf) != trimmed_len(buf, (size_t)len))
		return -1;
	return (int)v;
}

void cpu_topology_read(const char *sysfs_root, int cpu, struct cpu_topology *topo)
{
	topo->socket = topo->die = topo->core = -1;
	if (cpu < 0 || cpu >= CPUS_MAX)
		return;
	topo->socket = topology_value(sysfs_root, cpu, "physical_package_id");
	topo->die = topology_value(sysfs_root, cpu, "die_id");
	topo->core = topology_value(sysfs_root, cpu, "core_id");
}
