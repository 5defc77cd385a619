/* listing.c - the --list entries kept as plain data, and printed as text, CSV or JSON. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "listing.h"
#include "output_csv.h"

#define BLOCK_BYTES (64 * 1024)
#define DESCRIPTION_COLUMN LISTING_TEXT_DESCRIPTION_COLUMN

/* The strings and arrays of a listing, in blocks that never move, freed all at once. */
struct listing_block {
	struct listing_block *next;
	size_t used, cap;
	alignas(max_align_t) unsigned char data[];
};

static void *block_alloc(struct listing *l, size_t size)
{
	const size_t align = alignof(max_align_t);
	struct listing_block *b = l->blocks;
	void *p;

	size = (size + align - 1) / align * align;
	if (!b || b->cap - b->used < size) {
		size_t cap = size > BLOCK_BYTES ? size : BLOCK_BYTES;

		b = malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->next = l->blocks;
		b->used = 0;
		b->cap = cap;
		l->blocks = b;
	}
	p = b->data + b->used;
	b->used += size;
	return p;
}

/* A copy in l of s; NULL for NULL. *ok becomes false when memory runs out. */
static const char *block_strdup(struct listing *l, const char *s, bool *ok)
{
	size_t len;
	char *copy;

	if (!s)
		return NULL;
	len = strlen(s) + 1;
	copy = block_alloc(l, len);
	if (!copy) {
		*ok = false;
		return NULL;
	}
	return memcpy(copy, s, len);
}

/* Grows *array (of *cap elements of size `size`) so that one more fits after n. */
static bool grow(void *array, size_t *cap, size_t n, size_t size)
{
	void **p = array;
	size_t new_cap;
	void *grown;

	if (n < *cap)
		return true;
	new_cap = *cap ? 2 * *cap : 64;
	grown = realloc(*p, new_cap * size);
	if (!grown)
		return false;
	*p = grown;
	*cap = new_cap;
	return true;
}

void listing_init(struct listing *l, const char *pattern, bool probed)
{
	bool ok = true;

	memset(l, 0, sizeof(*l));
	l->probed = probed;
	l->pattern = block_strdup(l, pattern, &ok);
	if (!ok)
		l->pattern = pattern;
}

void listing_release(struct listing *l)
{
	struct listing_block *b = l->blocks, *next;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	free(l->entries);
	free(l->presets);
	free(l->notes);
	memset(l, 0, sizeof(*l));
}

bool listing_matches(const struct listing *l, const char *name)
{
	return !l->pattern || strcasestr(name, l->pattern) != NULL;
}

int listing_add(struct listing *l, const struct listing_entry *e, struct hp_err *err)
{
	struct listing_entry *copy;
	bool ok = true;

	if (!grow(&l->entries, &l->cap_entries, l->n_entries, sizeof(*l->entries)))
		return err_set(err, "out of memory");
	copy = &l->entries[l->n_entries];
	*copy = *e;
	copy->name = block_strdup(l, e->name, &ok);
	copy->alias = block_strdup(l, e->alias, &ok);
	copy->pmu = block_strdup(l, e->pmu, &ok);
	copy->pmu_description = block_strdup(l, e->pmu_description, &ok);
	copy->description = block_strdup(l, e->description ? e->description : "", &ok);
	copy->unit = block_strdup(l, e->unit, &ok);
	if (!ok)
		return err_set(err, "out of memory");
	l->n_entries++;
	return 0;
}

static int add_preset(struct listing *l, const struct preset *p, const char *family,
		      size_t n_open, struct hp_err *err);

int listing_add_preset(struct listing *l, const struct preset *p, size_t n_open,
		       struct hp_err *err)
{
	return add_preset(l, p, NULL, n_open, err);
}

int listing_add_metric_group(struct listing *l, const struct preset *p, size_t g,
			     struct hp_err *err)
{
	struct preset view = { .name = p->groups[g].name, .path = p->path,
			       .description = p->groups[g].description };
	size_t i;

	/* A group's events lines and metrics follow its "group:" line, so each is one run of
	 * the family's arrays: the view borrows them. */
	for (i = 0; i < p->n_lines; i++)
		if (p->lines[i].group == g) {
			if (!view.spec.events)
				view.spec.events = &p->spec.events[p->lines[i].first];
			view.spec.n_events += p->lines[i].n;
		}
	for (i = 0; i < p->n_metrics; i++)
		if (p->metrics[i].group == g) {
			if (!view.metrics)
				view.metrics = &p->metrics[i];
			view.n_metrics++;
		}
	return add_preset(l, &view, p->name ? p->name : "", 0, err);
}

static int add_preset(struct listing *l, const struct preset *p, const char *family,
		      size_t n_open, struct hp_err *err)
{
	struct listing_metric *metrics;
	struct listing_preset *copy;
	const char **events;
	bool ok = true;
	size_t i;

	if (!grow(&l->presets, &l->cap_presets, l->n_presets, sizeof(*l->presets)))
		return err_set(err, "out of memory");
	events = block_alloc(l, (p->spec.n_events ? p->spec.n_events : 1) * sizeof(*events));
	metrics = block_alloc(l, (p->n_metrics ? p->n_metrics : 1) * sizeof(*metrics));
	if (!events || !metrics)
		return err_set(err, "out of memory");
	for (i = 0; i < p->spec.n_events; i++)
		events[i] = block_strdup(l, p->spec.events[i].name, &ok);
	for (i = 0; i < p->n_metrics; i++) {
		metrics[i].name = block_strdup(l, p->metrics[i].name, &ok);
		metrics[i].unit = block_strdup(l, p->metrics[i].unit ? p->metrics[i].unit : "",
					       &ok);
		metrics[i].formula = block_strdup(l, p->metrics[i].formula, &ok);
		metrics[i].description = block_strdup(l, p->metrics[i].description, &ok);
	}
	copy = &l->presets[l->n_presets];
	*copy = (struct listing_preset){
		.name = block_strdup(l, p->name ? p->name : "", &ok),
		.description = block_strdup(l, p->description ? p->description : "", &ok),
		.path = block_strdup(l, p->path, &ok),
		.events = events,
		.n_events = p->spec.n_events,
		.n_open = l->probed ? n_open : 0,
		.metrics = metrics,
		.n_metrics = p->n_metrics,
		.family = family ? block_strdup(l, family, &ok) : NULL,
	};
	if (!ok)
		return err_set(err, "out of memory");
	l->n_presets++;
	return 0;
}

int listing_add_note(struct listing *l, const char *note, struct hp_err *err)
{
	bool ok = true;

	if (!grow(&l->notes, &l->cap_notes, l->n_notes, sizeof(*l->notes)))
		return err_set(err, "out of memory");
	l->notes[l->n_notes] = block_strdup(l, note, &ok);
	if (!ok)
		return err_set(err, "out of memory");
	l->n_notes++;
	return 0;
}

/* ---- what every format says the same way ---------------------------------------------- */

static const char *const kind_names[] = {
	[LISTING_HARDWARE] = "hardware",
	[LISTING_SOFTWARE] = "software",
	[LISTING_CACHE] = "cache",
	[LISTING_TOOL] = "tool",
	[LISTING_LIBPFM4] = "libpfm4",
	[LISTING_LIBPFM4_UMASK] = "libpfm4_umask",
	[LISTING_SYSFS] = "sysfs",
	[LISTING_TRACEPOINT_SUBSYSTEM] = "tracepoint_subsystem",
	[LISTING_TRACEPOINT] = "tracepoint",
};

/* An entry's description with what has no column of its own in text and CSV, allocated:
 * the alias (CSV only: text shows it beside the name), a sysfs unit and scale, a subsystem's
 * count. NULL when out of memory. */
static char *entry_description(const struct listing_entry *e, bool with_alias)
{
	char scale[OUTPUT_CSV_NUMBER_MAX], *text = NULL;
	const char *d = e->description ? e->description : "";
	const char *sep = *d ? " " : "";
	int len;

	if (e->kind == LISTING_TRACEPOINT_SUBSYSTEM)
		len = asprintf(&text, "%zu event%s", e->n_events, e->n_events == 1 ? "" : "s");
	else if (with_alias && e->alias)
		len = asprintf(&text, "%s%s(alias: %s)", d, sep, e->alias);
	else if (e->unit && *e->unit && e->scale > 0)
		len = asprintf(&text, "%s%s[%s, scale %s]", d, sep, e->unit,
			       output_csv_number(scale, sizeof(scale), e->scale));
	else if (e->unit && *e->unit)
		len = asprintf(&text, "%s%s[%s]", d, sep, e->unit);
	else if (e->scale > 0)
		len = asprintf(&text, "%s%s[scale %s]", d, sep,
			       output_csv_number(scale, sizeof(scale), e->scale));
	else
		len = asprintf(&text, "%s", d);
	return len < 0 ? NULL : text;
}

static char *metric_description(const struct listing_metric *m)
{
	char *text = NULL;
	int len;

	if (m->unit && *m->unit)
		len = asprintf(&text, "%s, in %s: %s", m->description, m->unit, m->formula);
	else
		len = asprintf(&text, "%s: %s", m->description, m->formula);
	return len < 0 ? NULL : text;
}

/* Empty when not probed; "yes" when all opened, "partial" when some did. */
static const char *preset_support(const struct listing *l, const struct listing_preset *p)
{
	if (!l->probed)
		return "";
	return p->n_open >= p->n_events ? "yes" : "partial";
}

/* ---- text ----------------------------------------------------------------------------- */

static void put_spaces(FILE *out, int n)
{
	while (n-- > 0)
		fputc(' ', out);
}

/* One row: the name indented, the description from `column` (on the next line when the name
 * reaches it), wrapped at word boundaries to width (at least 20 columns of it; an overlong
 * word overflows rather than being cut). */
static void text_row(FILE *out, int indent, const char *name, const char *desc, int column,
		     unsigned width)
{
	size_t avail = width > column + 20u ? width - (unsigned)column : 20u, used = 0;
	int printed;

	put_spaces(out, indent);
	printed = indent + fprintf(out, "%s", name);
	if (!desc || !*desc) {
		fputc('\n', out);
		return;
	}
	if (printed >= column) {
		fputc('\n', out);
		printed = 0;
	}
	put_spaces(out, column - printed);
	while (*desc) {
		size_t len;

		desc += strspn(desc, " \t\r\n");
		len = strcspn(desc, " \t\r\n");
		if (!len)
			break;
		if (used && used + 1 + len > avail) {
			fputc('\n', out);
			put_spaces(out, column);
			used = 0;
		}
		if (used) {
			fputc(' ', out);
			used++;
		}
		fwrite(desc, 1, len, out);
		used += len;
		desc += len;
	}
	fputc('\n', out);
}

/* Whether e starts a new section after prev. */
static bool new_section(const struct listing_entry *prev, const struct listing_entry *e)
{
	bool prev_pfm, pfm;

	if (!prev)
		return true;
	prev_pfm = prev->kind == LISTING_LIBPFM4 || prev->kind == LISTING_LIBPFM4_UMASK;
	pfm = e->kind == LISTING_LIBPFM4 || e->kind == LISTING_LIBPFM4_UMASK;
	if (prev_pfm && pfm)
		return strcmp(prev->pmu ? prev->pmu : "", e->pmu ? e->pmu : "") != 0;
	return prev->kind != e->kind;
}

static void text_heading(FILE *out, const struct listing_entry *e, bool first)
{
	if (!first)
		fputc('\n', out);
	switch (e->kind) {
	case LISTING_HARDWARE:
		fputs("Hardware events (perf's generic names):\n", out);
		break;
	case LISTING_SOFTWARE:
		fputs("Software events:\n", out);
		break;
	case LISTING_CACHE:
		fputs("Cache events (perf's generic names):\n", out);
		break;
	case LISTING_TOOL:
		fputs("Tool events (measured by hpstat, not counted by the kernel):\n", out);
		break;
	case LISTING_LIBPFM4:
	case LISTING_LIBPFM4_UMASK:
		fprintf(out, "libpfm4 PMU %s", e->pmu ? e->pmu : "?");
		if (e->pmu_description && *e->pmu_description)
			fprintf(out, " (%s)", e->pmu_description);
		fputs(": PMU::EVENT, PMU::EVENT:UMASK\n", out);
		break;
	case LISTING_SYSFS:
		fputs("Kernel PMU events (sysfs): PMU/EVENT/\n", out);
		break;
	case LISTING_TRACEPOINT_SUBSYSTEM:
		fputs("Tracepoint subsystems: SUBSYSTEM:EVENT ('hpstat --list SUBSYSTEM:' lists "
		      "the events)\n", out);
		break;
	case LISTING_TRACEPOINT:
		fputs("Tracepoints: SUBSYSTEM:EVENT\n", out);
		break;
	}
}

int listing_write_text(FILE *out, const struct listing *l, unsigned width)
{
	const struct listing_entry *prev = NULL;
	bool first = true;
	size_t i, j;

	for (i = 0; i < l->n_entries; i++) {
		const struct listing_entry *e = &l->entries[i];
		char *desc = entry_description(e, false);
		char *name = NULL;

		if (new_section(prev, e)) {
			text_heading(out, e, first);
			first = false;
		}
		prev = e;
		if (e->alias && asprintf(&name, "%s OR %s", e->name, e->alias) < 0)
			name = NULL;
		text_row(out, e->kind == LISTING_LIBPFM4_UMASK ? 4 : 2, name ? name : e->name,
			 desc ? desc : e->description, DESCRIPTION_COLUMN, width);
		free(name);
		free(desc);
	}
	for (i = 0; i < l->n_presets; i++) {
		const struct listing_preset *p = &l->presets[i];
		char *name = NULL, *desc = NULL;

		if (i == 0 || !p->family != !l->presets[i - 1].family) {
			fputs(first ? "" : "\n", out);
			if (p->family)
				fprintf(out, "Metric groups of this CPU (-M NAME; --topdown is "
					"TopdownL1), from @%s\n", p->family);
			else
				fputs("Presets: @NAME, with their metrics\n", out);
			first = false;
		}
		if (asprintf(&name, p->family ? "%s" : "@%s", p->name) < 0)
			name = NULL;
		if (l->probed && p->n_open < p->n_events &&
		    asprintf(&desc, "%s [%zu of %zu events open here]", p->description, p->n_open,
			     p->n_events) < 0)
			desc = NULL;
		text_row(out, 2, name ? name : p->name, desc ? desc : p->description,
			 DESCRIPTION_COLUMN, width);
		free(name);
		free(desc);
		for (j = 0; j < p->n_metrics; j++) {
			desc = metric_description(&p->metrics[j]);
			text_row(out, 4, p->metrics[j].name,
				 desc ? desc : p->metrics[j].description, DESCRIPTION_COLUMN, width);
			free(desc);
		}
	}
	if (l->n_entries == 0 && l->n_presets == 0) {
		if (l->pattern)
			fprintf(out, "No %s name contains '%s'.\n",
				l->probed ? "event that opens here or preset" : "event or preset",
				l->pattern);
		else
			fprintf(out, "No %s.\n", l->probed ? "event opens here" : "events");
	}
	for (i = 0; i < l->n_notes; i++) {
		fputs(i == 0 ? "\n" : "", out);
		text_row(out, 0, "note:", l->notes[i], 6, width);
	}
	return fflush(out) || ferror(out) ? -1 : 0;
}

/* ---- CSV ------------------------------------------------------------------------------ */

static void csv_field(FILE *out, const char *text, bool last)
{
	escape_csv_field(out, text);
	fputc(last ? '\n' : ',', out);
}

static void csv_record(FILE *out, const char *kind, const char *name, const char *pmu,
		       const char *description, const char *supported)
{
	csv_field(out, kind, false);
	csv_field(out, name, false);
	csv_field(out, pmu, false);
	csv_field(out, description, false);
	csv_field(out, supported, true);
}

int listing_write_csv(FILE *out, const struct listing *l)
{
	const char *yes = l->probed ? "yes" : "";
	char preset_name[SPEC_PRESET_NAME_MAX + 2];
	size_t i, j;

	fputs("kind,name,pmu,description,supported\n", out);
	for (i = 0; i < l->n_entries; i++) {
		const struct listing_entry *e = &l->entries[i];
		char *desc = entry_description(e, true);

		csv_record(out, kind_names[e->kind], e->name, e->pmu,
			   desc ? desc : e->description, yes);
		free(desc);
	}
	for (i = 0; i < l->n_presets; i++) {
		const struct listing_preset *p = &l->presets[i];

		snprintf(preset_name, sizeof(preset_name), p->family ? "%s" : "@%s", p->name);
		csv_record(out, p->family ? "metricgroup" : "preset", preset_name, p->family,
			   p->description, preset_support(l, p));
		for (j = 0; j < p->n_metrics; j++) {
			char *desc = metric_description(&p->metrics[j]);

			csv_record(out, "metric", p->metrics[j].name, preset_name,
				   desc ? desc : p->metrics[j].description, "");
			free(desc);
		}
	}
	for (i = 0; i < l->n_notes; i++)
		csv_record(out, "note", NULL, NULL, l->notes[i], "");
	return fflush(out) || ferror(out) ? -1 : 0;
}

/* ---- JSON ----------------------------------------------------------------------------- */

static void json_key(FILE *out, const char *key, const char *value, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
	escape_json_string(out, value);
}

int listing_write_json(FILE *out, const struct listing *l)
{
	char num[OUTPUT_CSV_NUMBER_MAX];
	size_t i, j;

	fputs("{\"schema_version\":1,\"pattern\":", out);
	escape_json_string(out, l->pattern);
	fprintf(out, ",\"supported_only\":%s,\n\"events\":[", l->probed ? "true" : "false");
	for (i = 0; i < l->n_entries; i++) {
		const struct listing_entry *e = &l->entries[i];

		fputs(i ? ",\n{" : "\n{", out);
		json_key(out, "kind", kind_names[e->kind], true);
		json_key(out, "name", e->name, false);
		json_key(out, "alias", e->alias, false);
		json_key(out, "pmu", e->pmu, false);
		json_key(out, "description", e->description, false);
		json_key(out, "unit", e->unit, false);
		fputs(",\"scale\":", out);
		output_csv_number(num, sizeof(num), e->scale);
		fputs(e->scale > 0 && num[0] ? num : "null", out);
		if (e->kind == LISTING_TRACEPOINT_SUBSYSTEM)
			fprintf(out, ",\"events\":%zu", e->n_events);
		else
			fputs(",\"events\":null", out);
		fprintf(out, ",\"supported\":%s}", l->probed ? "true" : "null");
	}
	fputs(l->n_entries ? "\n],\n\"presets\":[" : "],\n\"presets\":[", out);
	for (i = 0; i < l->n_presets; i++) {
		const struct listing_preset *p = &l->presets[i];

		fputs(i ? ",\n{" : "\n{", out);
		json_key(out, "name", p->name, true);
		json_key(out, "description", p->description, false);
		json_key(out, "path", p->path, false);
		if (p->family)
			json_key(out, "metric_group_of", p->family, false);
		else
			fputs(",\"metric_group_of\":null", out);
		fputs(",\"events\":[", out);
		for (j = 0; j < p->n_events; j++) {
			fputs(j ? "," : "", out);
			escape_json_string(out, p->events[j]);
		}
		if (l->probed)
			fprintf(out, "],\"events_supported\":%zu", p->n_open);
		else
			fputs("],\"events_supported\":null", out);
		fputs(",\"metrics\":[", out);
		for (j = 0; j < p->n_metrics; j++) {
			const struct listing_metric *m = &p->metrics[j];

			fputs(j ? ",{" : "{", out);
			json_key(out, "name", m->name, true);
			json_key(out, "unit", m->unit, false);
			json_key(out, "formula", m->formula, false);
			json_key(out, "description", m->description, false);
			fputc('}', out);
		}
		fputs("]}", out);
	}
	fputs(l->n_presets ? "\n],\n\"notes\":[" : "],\n\"notes\":[", out);
	for (i = 0; i < l->n_notes; i++) {
		fputs(i ? "," : "", out);
		escape_json_string(out, l->notes[i]);
	}
	fputs("]}\n", out);
	return fflush(out) || ferror(out) ? -1 : 0;
}
