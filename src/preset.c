/* preset.c - preset files: a pure line parser, and the one place that finds and reads them. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpu_match.h"
#include "formula.h"
#include "names.h"
#include "hpstat_paths.h" /* HPSTAT_PRESET_DIR: the installed presets' directory */
#include "preset.h"

#define PRESET_MAX_BYTES (1024 * 1024)

/* ---- the parser: text in, struct preset out, no I/O ---- */

/* "define: NAME = FORMULA", its formula already written out in the defines before it. */
struct define {
	char *name;
	char *text;
	unsigned line;
};

struct parser {
	const char *file;
	unsigned line;
	unsigned description_line;
	size_t group;  /* the group the lines belong to: the last "group:" seen */
	struct define *defines;
	size_t n_defines;
	struct preset *out;
	struct hp_err *err;
};

static char *trim(char *s)
{
	char *end;

	while (isspace((unsigned char)*s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	*end = '\0';
	return s;
}

static int fail(const struct parser *ps, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "FILE:LINE: " and the message. */
static int fail(const struct parser *ps, const char *fmt, ...)
{
	char what[sizeof(ps->err->msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return err_set(ps->err, "%s:%u: %s", ps->file, ps->line, what);
}

static int parse_description(struct parser *ps, const char *value)
{
	if (ps->description_line)
		return fail(ps, "second 'description:' line (the first is line %u)",
			    ps->description_line);
	if (!*value)
		return fail(ps, "empty description");
	ps->out->description = strdup(value);
	if (!ps->out->description)
		return err_set(ps->err, "out of memory");
	ps->description_line = ps->line;
	return 0;
}

/* Splits "name | unit | formula | description" in place; returns the number of fields seen. */
static size_t split_fields(char *value, char **fields, size_t max)
{
	size_t n = 0;
	char *p = value;

	for (;;) {
		char *bar = strchr(p, '|');

		if (n < max)
			fields[n] = p;
		n++;
		if (!bar)
			break;
		*bar = '\0';
		p = bar + 1;
	}
	return n;
}

static int parse_events(struct parser *ps, const char *value)
{
	struct spec *spec = &ps->out->spec;
	size_t first = spec->n_events, i;
	struct hp_err inner;

	struct preset_events_line *grown, *line;

	if (!*value)
		return fail(ps, "empty 'events:' line; list at least one event");
	if (spec_parse(spec, value, &inner))
		return fail(ps, "%s", inner.msg);
	for (i = first; i < spec->n_events; i++)
		if (spec->events[i].preset)
			return fail(ps, "'@%s': a preset cannot name another preset; list its "
				    "events instead", spec->events[i].name);
	grown = realloc(ps->out->lines, (ps->out->n_lines + 1) * sizeof(*grown));
	if (!grown)
		return err_set(ps->err, "out of memory");
	ps->out->lines = grown;
	grown[ps->out->n_lines] = (struct preset_events_line){
		.text = strdup(value), .group = ps->group, .first = first,
		.n = spec->n_events - first };
	line = &grown[ps->out->n_lines++];
	if (!line->text || asprintf(&line->where, "%s:%u", ps->file, ps->line) < 0) {
		line->where = NULL;
		return err_set(ps->err, "out of memory");
	}
	for (i = first; i < spec->n_events; i++)
		spec->events[i].origin = line->where;
	return 0;
}

/* The text a define's name stands for, for formula_substitute(). */
static const char *define_text(void *ctx, const char *name, size_t len)
{
	const struct parser *ps = ctx;
	size_t i;

	for (i = 0; i < ps->n_defines; i++)
		if (strlen(ps->defines[i].name) == len &&
		    strncmp(ps->defines[i].name, name, len) == 0)
			return ps->defines[i].text;
	return NULL;
}

/* A formula with the defines written out, checked to parse; NULL after fail(). */
static char *formula_written_out(struct parser *ps, const char *what, const char *text)
{
	struct hp_err inner;
	struct formula *f;
	char *out = formula_substitute(text, define_text, ps, &inner);

	if (!out) {
		fail(ps, "%s: %s", what, inner.msg);
		return NULL;
	}
	f = formula_parse(out, &inner);
	if (!f) {
		/* A define's text is checked where it is defined, so this names the line's own. */
		fail(ps, "%s: %s", what, inner.msg);
		free(out);
		return NULL;
	}
	formula_free(f);
	return out;
}

/* Whether the formula text (which parses) reads identifier name. */
static bool formula_reads(const char *text, const char *name)
{
	struct formula *f = formula_parse(text, NULL);
	bool reads = false;
	size_t i;

	for (i = 0; f && i < formula_input_count(f); i++)
		reads |= strcmp(formula_input(f, i), name) == 0;
	formula_free(f);
	return reads;
}

static bool identifier_ok(const char *s)
{
	if (!isalpha((unsigned char)*s))
		return false;
	return s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")] ==
	       '\0';
}

static int parse_define(struct parser *ps, char *value)
{
	char *eq = strchr(value, '='), *name, *text, what[128];
	struct define *grown;

	if (!eq)
		return fail(ps, "a define is 'define: NAME = FORMULA'");
	*eq = '\0';
	name = trim(value);
	if (!identifier_ok(name))
		return fail(ps, "define name '%.60s': use letters, digits and '_', starting with a "
			    "letter", name);
	if (define_text(ps, name, strlen(name)))
		return fail(ps, "'%s' defined twice", name);
	if (strcmp(name, PRESET_PMU_SLOTS) == 0 || strcmp(name, "duration_time") == 0)
		return fail(ps, "'%s' is hpstat's own name; choose another", name);
	snprintf(what, sizeof(what), "define '%s'", name);
	if (!(text = formula_written_out(ps, what, trim(eq + 1))))
		return -1;
	if (formula_reads(text, name)) {
		free(text);
		return fail(ps, "define '%s' reads itself (directly, or through a define that reads "
			    "it); a define reads only what is defined above it", name);
	}
	grown = realloc(ps->defines, (ps->n_defines + 1) * sizeof(*grown));
	if (!grown || !(name = strdup(name))) {
		free(text);
		if (grown)
			ps->defines = grown;
		return err_set(ps->err, "out of memory");
	}
	ps->defines = grown;
	grown[ps->n_defines++] = (struct define){ .name = name, .text = text, .line = ps->line };
	return 0;
}

static int parse_cpu(struct parser *ps, const char *value)
{
	struct preset *out = ps->out;
	struct hp_err inner;
	char **grown;

	if (cpu_match_check(value, &inner))
		return fail(ps, "%s", inner.msg);
	grown = realloc(out->cpus, (out->n_cpus + 1) * sizeof(*grown));
	if (!grown)
		return err_set(ps->err, "out of memory");
	out->cpus = grown;
	if (!(grown[out->n_cpus] = strdup(value)))
		return err_set(ps->err, "out of memory");
	out->n_cpus++;
	return 0;
}

static int parse_group(struct parser *ps, char *value)
{
	struct preset *out = ps->out;
	struct preset_group *grown;
	char *fields[2];
	size_t i;

	if (split_fields(value, fields, 2) != 2)
		return fail(ps, "a group is 'group: NAME | DESCRIPTION'");
	fields[0] = trim(fields[0]);
	fields[1] = trim(fields[1]);
	if (!*fields[0] || fields[0][strspn(fields[0], "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
					    "abcdefghijklmnopqrstuvwxyz0123456789_-")])
		return fail(ps, "group name '%.60s': use letters, digits, '_' and '-'", fields[0]);
	if (!*fields[1])
		return fail(ps, "group '%s': empty description", fields[0]);
	for (i = 0; i < out->n_groups; i++)
		if (strcasecmp(out->groups[i].name, fields[0]) == 0)
			return fail(ps, "group '%s' defined twice (the first is line %u)",
				    fields[0], out->groups[i].line);
	grown = realloc(out->groups, (out->n_groups + 1) * sizeof(*grown));
	if (!grown)
		return err_set(ps->err, "out of memory");
	out->groups = grown;
	grown[out->n_groups] = (struct preset_group){ .name = strdup(fields[0]),
						      .description = strdup(fields[1]),
						      .line = ps->line };
	ps->group = out->n_groups++;
	if (!grown[ps->group].name || !grown[ps->group].description)
		return err_set(ps->err, "out of memory");
	return 0;
}

static int parse_bottleneck(struct parser *ps, char *value)
{
	struct preset *out = ps->out;
	char *name = value, *comma;

	if (ps->group == PRESET_NO_GROUP)
		return fail(ps, "'bottleneck:' outside a group; put it after the group's metrics");
	do {
		size_t i;

		comma = strchr(name, ',');
		if (comma)
			*comma = '\0';
		name = trim(name);
		for (i = 0; i < out->n_metrics; i++)
			if (out->metrics[i].group == ps->group &&
			    strcasecmp(out->metrics[i].name, name) == 0)
				break;
		if (i == out->n_metrics)
			return fail(ps, "bottleneck '%.60s' is no metric of group '%s' defined above",
				    name, out->groups[ps->group].name);
		out->metrics[i].bottleneck = true;
		if (comma)
			name = comma + 1;
	} while (comma);
	return 0;
}

static int parse_metric(struct parser *ps, char *value)
{
	struct preset *out = ps->out;
	struct preset_metric m = { .line = ps->line, .group = ps->group }, *grown;
	char *fields[4], what[128], *formula;
	size_t n = split_fields(value, fields, 4), i;

	if (n != 4)
		return fail(ps, "a metric has 4 fields separated by '|' (name | unit | formula | "
			    "description), this one %zu", n);
	for (i = 0; i < 4; i++)
		fields[i] = trim(fields[i]);
	if (!*fields[0])
		return fail(ps, "metric without a name");
	if (!*fields[2])
		return fail(ps, "metric '%s': empty formula", fields[0]);
	if (!*fields[3])
		return fail(ps, "metric '%s': empty description", fields[0]);
	for (i = 0; i < out->n_metrics; i++)
		if (strcasecmp(out->metrics[i].name, fields[0]) == 0)
			return fail(ps, "metric '%s' defined twice (the first is line %u)",
				    fields[0], out->metrics[i].line);
	snprintf(what, sizeof(what), "metric '%.60s'", fields[0]);
	if (!(formula = formula_written_out(ps, what, fields[2])))
		return -1;
	grown = realloc(out->metrics, (out->n_metrics + 1) * sizeof(*grown));
	if (!grown) {
		free(formula);
		return err_set(ps->err, "out of memory");
	}
	out->metrics = grown;
	m.name = strdup(fields[0]);
	m.unit = strdup(fields[1]);
	m.formula = formula;
	m.description = strdup(fields[3]);
	out->metrics[out->n_metrics++] = m; /* released with out, complete or not */
	if (!m.name || !m.unit || !m.formula || !m.description)
		return err_set(ps->err, "out of memory");
	return 0;
}

/* One line, already cut out and NUL-terminated (and so writable). */
static int parse_line(struct parser *ps, char *line)
{
	char *p = trim(line), *key_end, *value;
	size_t key_len;

	if (!*p || *p == '#')
		return 0;
	key_len = strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	key_end = p + key_len;
	value = key_end;
	while (*value == ' ' || *value == '\t')
		value++;
	if (key_len == 0 || *value != ':')
		return fail(ps, "expected 'KEY: VALUE' with KEY description, events, metric, cpu, "
			    "define, group or bottleneck");
	*key_end = '\0';
	value = trim(value + 1);
	if (strcasecmp(p, "description") == 0)
		return parse_description(ps, value);
	if (strcasecmp(p, "events") == 0)
		return parse_events(ps, value);
	if (strcasecmp(p, "metric") == 0)
		return parse_metric(ps, value);
	if (strcasecmp(p, "cpu") == 0)
		return parse_cpu(ps, value);
	if (strcasecmp(p, "define") == 0)
		return parse_define(ps, value);
	if (strcasecmp(p, "group") == 0)
		return parse_group(ps, value);
	if (strcasecmp(p, "bottleneck") == 0)
		return parse_bottleneck(ps, value);
	return fail(ps, "unknown key '%s'; the keys are description, events, metric, cpu, "
		    "define, group and bottleneck", p);
}

/* Whether an events line of a group up to `group` (any line without groups) lists name. */
static bool preset_lists(const struct preset *p, size_t group, const char *name)
{
	size_t l, i;

	for (l = 0; l < p->n_lines; l++) {
		const struct preset_events_line *line = &p->lines[l];

		if (group != PRESET_NO_GROUP && line->group > group)
			continue;
		for (i = line->first; i < line->first + line->n; i++)
			if (strcasecmp(p->spec.events[i].name, name) == 0)
				return true;
	}
	return false;
}

/* In a file with groups, every events and metric line belongs to one. */
static int check_grouped(struct parser *ps)
{
	const struct preset *out = ps->out;
	size_t i;

	if (out->n_groups == 0)
		return 0;
	for (i = 0; i < out->n_metrics; i++)
		if (out->metrics[i].group == PRESET_NO_GROUP) {
			ps->line = out->metrics[i].line;
			return fail(ps, "metric '%s' comes before the first 'group:' line; in a file "
				    "with groups, each metric belongs to one", out->metrics[i].name);
		}
	for (i = 0; i < out->n_lines; i++)
		if (out->lines[i].group == PRESET_NO_GROUP)
			return err_set(ps->err, "%s: an 'events:' line comes before the first "
				       "'group:' line; in a file with groups, each belongs to one",
				       ps->file);
	return 0;
}

/* Every formula reads only events the preset counts (in a group, its own group's or an
 * earlier one's): checked once all lines are in, since an events line may follow the metric
 * that uses it. */
static int check_inputs(struct parser *ps)
{
	const struct preset *out = ps->out;
	size_t m, i;

	if (check_grouped(ps))
		return -1;
	for (m = 0; m < ps->n_defines; m++)
		if (preset_lists(out, PRESET_NO_GROUP, ps->defines[m].name)) {
			ps->line = ps->defines[m].line;
			return fail(ps, "define '%s' has the name of an event the file counts, which "
				    "its formulas could then not read; rename the define",
				    ps->defines[m].name);
		}
	for (m = 0; m < out->n_metrics; m++) {
		const struct preset_metric *pm = &out->metrics[m];
		struct formula *f = formula_parse(pm->formula, ps->err);

		if (!f)
			return -1; /* only out of memory: every formula parsed once already */
		ps->line = pm->line;
		for (i = 0; i < formula_input_count(f); i++) {
			const char *input = formula_input(f, i);

			if (strcmp(input, "duration_time") == 0 ||
			    strcmp(input, PRESET_PMU_SLOTS) == 0 ||
			    preset_lists(out, pm->group, input))
				continue;
			if (pm->group != PRESET_NO_GROUP && preset_lists(out, PRESET_NO_GROUP, input))
				fail(ps, "metric '%s' reads '%s', which only a later group counts; "
				     "list it in group '%s' or one before it", pm->name, input,
				     out->groups[pm->group].name);
			else
				fail(ps, "metric '%s': formula names '%s', which is not among the "
				     "preset's events; add it to an 'events:' line", pm->name, input);
			formula_free(f);
			return -1;
		}
		formula_free(f);
	}
	return 0;
}

int preset_parse(const char *text, const char *file_for_messages, struct preset *out,
		 struct hp_err *err)
{
	struct parser ps = { .file = file_for_messages, .group = PRESET_NO_GROUP, .out = out,
			     .err = err };
	const char *p = text;
	char *line = NULL;
	int ret = -1;
	size_t i;

	memset(out, 0, sizeof(*out));
	while (*p) {
		size_t len = strcspn(p, "\n");

		ps.line++;
		line = malloc(len + 1);
		if (!line) {
			err_set(err, "out of memory");
			goto out;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		if (parse_line(&ps, line))
			goto out;
		free(line);
		line = NULL;
		p += len;
		if (*p == '\n')
			p++;
	}
	if (!ps.description_line) {
		err_set(err, "%s: no 'description:' line; say in one line what the preset counts",
			file_for_messages);
		goto out;
	}
	if (out->spec.n_events == 0) {
		err_set(err, "%s: no 'events:' line; a preset counts at least one event",
			file_for_messages);
		goto out;
	}
	ret = check_inputs(&ps);
out:
	free(line);
	for (i = 0; i < ps.n_defines; i++) {
		free(ps.defines[i].name);
		free(ps.defines[i].text);
	}
	free(ps.defines);
	if (ret)
		preset_release(out);
	return ret;
}

void preset_release(struct preset *p)
{
	size_t i;

	for (i = 0; i < p->n_metrics; i++) {
		free(p->metrics[i].name);
		free(p->metrics[i].unit);
		free(p->metrics[i].formula);
		free(p->metrics[i].description);
	}
	free(p->metrics);
	for (i = 0; i < p->n_cpus; i++)
		free(p->cpus[i]);
	free(p->cpus);
	for (i = 0; i < p->n_groups; i++) {
		free(p->groups[i].name);
		free(p->groups[i].description);
	}
	free(p->groups);
	for (i = 0; i < p->n_lines; i++) {
		free(p->lines[i].text);
		free(p->lines[i].where);
	}
	free(p->lines);
	free(p->name);
	free(p->path);
	free(p->description);
	spec_release(&p->spec);
	memset(p, 0, sizeof(*p));
}

/* ---- finding and reading files: the only I/O in this module ---- */

/* The search path in force: the caller's, or $HPSTAT_EVENTS_DIR then the installed
 * directory. Returns an allocated string. */
static char *search_path_dup(const char *search_path)
{
	const char *env = secure_getenv(PRESET_PATH_ENV);
	char *path;

	if (search_path)
		return strdup(search_path);
	if (!env || !*env)
		return strdup(HPSTAT_PRESET_DIR);
	path = malloc(strlen(env) + 1 + strlen(HPSTAT_PRESET_DIR) + 1);
	if (path)
		sprintf(path, "%s:%s", env, HPSTAT_PRESET_DIR);
	return path;
}

/* The next non-empty ':'-separated entry of *cursor (cut in place), or NULL. */
static char *next_dir(char **cursor)
{
	char *dir;

	while (*cursor) {
		dir = *cursor;
		*cursor = strchr(dir, ':');
		if (*cursor)
			*(*cursor)++ = '\0';
		if (*dir)
			return dir;
	}
	return NULL;
}

/* What a file that is not a regular one is, for the message. */
static const char *file_kind(mode_t mode)
{
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	return "not a plain file";
}

/* Reads the regular file open as fd, whole, into an allocated NUL-terminated *text. */
static int read_file(const char *path, int fd, char **text, struct hp_err *err)
{
	char *buf;
	struct stat st;
	size_t len = 0;

	if (fstat(fd, &st) != 0)
		return err_set(err, "cannot read preset file '%s': %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return err_set(err, "preset file '%s' is not a regular file (%s)", path,
			       file_kind(st.st_mode));
	buf = malloc(PRESET_MAX_BYTES + 1);
	if (!buf)
		return err_set(err, "out of memory");
	while (len <= PRESET_MAX_BYTES) {
		ssize_t got = read(fd, buf + len, PRESET_MAX_BYTES + 1 - len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err_set(err, "cannot read preset file '%s': %s", path, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		len += (size_t)got;
	}
	if (len > PRESET_MAX_BYTES) {
		err_set(err, "preset file '%s' is larger than %d bytes", path, PRESET_MAX_BYTES);
		goto fail;
	}
	buf[len] = '\0';
	if (strlen(buf) != len) {
		err_set(err, "preset file '%s' holds a NUL byte; is it a text file?", path);
		goto fail;
	}
	*text = buf;
	return 0;
fail:
	free(buf);
	return -1;
}

int preset_none_found(const char *search_path, struct hp_err *err)
{
	char *path = search_path_dup(search_path);

	err_set(err, "no *%s files in '%s': install hpstat (make install), or set %s to a "
		"directory of presets, such as the source tree's events/", PRESET_SUFFIX,
		path ? path : HPSTAT_PRESET_DIR, PRESET_PATH_ENV);
	free(path);
	return -1;
}

int preset_list(const char *search_path, bool families, char *out, size_t cap, size_t *n_files,
		struct hp_err *err)
{
	char **names = NULL;
	size_t n = 0, i, used = 0;
	int listed = 0;

	out[0] = '\0';
	if (preset_names(search_path, &names, &n, err))
		return -1;
	for (i = 0; i < n && used < cap; i++) {
		struct preset p;
		struct hp_err ignored;
		bool family = false;
		int w;

		if (preset_load_from(names[i], search_path, &p, &ignored) == 0) {
			family = p.n_cpus > 0;
			preset_release(&p);
		}
		if (family != families)
			continue;
		w = snprintf(out + used, cap - used, "%s%s%s", listed ? ", " : "",
			     families ? "" : "@", names[i]);
		if (w < 0)
			break;
		used += (size_t)w;
		listed++;
	}
	preset_names_free(names, n);
	if (n_files)
		*n_files = n;
	return listed;
}

/* The "unknown preset" message, listing what there is: the presets, not the CPU families'
 * files, which -e @NAME refuses. */
static int unknown_preset(const char *name, const char *search_path, struct hp_err *err)
{
	char list[sizeof(err->msg)], why[sizeof(err->msg)];
	size_t n;
	int listed = preset_list(search_path, false, list, sizeof(list), &n, err);

	if (listed < 0)
		return -1;
	if (n == 0) {
		preset_none_found(search_path, err);
		snprintf(why, sizeof(why), "%s", err->msg);
		return err_set(err, "unknown preset '@%s': %s", name, why);
	}
	if (listed == 0)
		return err_set(err, "unknown preset '@%s'; there are only CPU families' files, "
			       "whose groups -M and --topdown count", name);
	return err_set(err, "unknown preset '@%s'; available: %s", name, list);
}

int preset_load_from(const char *name, const char *search_path, struct preset *out,
		     struct hp_err *err)
{
	char *path = NULL, *cursor, *dir, *file = NULL, *text = NULL;
	int fd = -1, ret = -1;

	memset(out, 0, sizeof(*out));
	if (!spec_preset_name_ok(name))
		return err_set(err, "bad preset name '@%s': use 1 to %d letters, digits, '_' or "
			       "'-'", name, SPEC_PRESET_NAME_MAX);
	path = search_path_dup(search_path);
	if (!path) {
		err_set(err, "out of memory");
		goto out;
	}
	for (cursor = path; fd < 0 && (dir = next_dir(&cursor));) {
		free(file);
		file = malloc(strlen(dir) + 1 + strlen(name) + sizeof(PRESET_SUFFIX));
		if (!file) {
			err_set(err, "out of memory");
			goto out;
		}
		sprintf(file, "%s/%s%s", dir, name, PRESET_SUFFIX);
		/* O_NONBLOCK: a FIFO named NAME.preset must not block the open (read_file then
		 * refuses it); it changes nothing for a regular file. */
		fd = open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && errno != ENOENT && errno != ENOTDIR) {
			err_set(err, "cannot open preset file '%s': %s", file, strerror(errno));
			goto out;
		}
	}
	if (fd < 0) {
		unknown_preset(name, search_path, err);
		goto out;
	}
	if (read_file(file, fd, &text, err) || preset_parse(text, file, out, err))
		goto out;
	out->name = strdup(name);
	out->path = file;
	file = NULL;
	if (!out->name) {
		preset_release(out);
		err_set(err, "out of memory");
		goto out;
	}
	ret = 0;
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(file);
	free(path);
	return ret;
}

int preset_load(const char *name, struct preset *out, struct hp_err *err)
{
	return preset_load_from(name, NULL, out, err);
}

/* A file entry that names a preset: NAME.preset with NAME of the allowed characters. */
static bool is_preset_file(int dir_fd, const char *entry, void *ctx)
{
	size_t len = strlen(entry), suffix = strlen(PRESET_SUFFIX);
	char stem[SPEC_PRESET_NAME_MAX + 1];

	(void)dir_fd;
	(void)ctx;
	if (len <= suffix || len - suffix > SPEC_PRESET_NAME_MAX ||
	    strcmp(entry + len - suffix, PRESET_SUFFIX) != 0)
		return false;
	memcpy(stem, entry, len - suffix);
	stem[len - suffix] = '\0';
	return spec_preset_name_ok(stem);
}

int preset_names(const char *search_path, char ***names, size_t *n, struct hp_err *err)
{
	char *path = search_path_dup(search_path), *cursor = path, *dir;
	struct names l = { 0 };
	size_t i;
	int ret = 0;

	*names = NULL;
	*n = 0;
	if (!path)
		return err_set(err, "out of memory");
	/* A directory that is not there has no presets. */
	while (ret == 0 && (dir = next_dir(&cursor)))
		ret = names_read_dir(&l, dir, is_preset_file, NULL);
	free(path);
	if (ret) {
		names_release(&l);
		return err_set(err, "out of memory");
	}
	for (i = 0; i < l.n; i++) /* the file names become preset names */
		l.names[i][strlen(l.names[i]) - strlen(PRESET_SUFFIX)] = '\0';
	/* A preset in several directories is listed once (the first one found is loaded). */
	names_sort_unique(&l);
	*names = l.names;
	*n = l.n;
	return 0;
}

void preset_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int preset_expand(struct spec *spec, const char *search_path, struct preset_set *loaded,
		  struct hp_err *err)
{
	size_t i = 0, k;

	while (i < spec->n_events) {
		const char *name = spec->events[i].name;

		if (!spec->events[i].preset) {
			i++;
			continue;
		}
		for (k = 0; k < loaded->n; k++)
			if (strcmp(loaded->presets[k].name, name) == 0)
				break;
		if (k == loaded->n) {
			struct preset *grown = realloc(loaded->presets,
						       (loaded->n + 1) * sizeof(*grown));

			if (!grown)
				return err_set(err, "out of memory");
			loaded->presets = grown;
			if (preset_load_from(name, search_path, &loaded->presets[k], err))
				return -1;
			loaded->n++;
		}
		/* A family's events are chosen by group, and optional where the CPU lacks them;
		 * spliced whole they would be neither. */
		if (loaded->presets[k].n_cpus)
			return err_set(err, "'@%s' describes a CPU family: count its groups with -M "
				       "or --topdown (HPSTAT_FAMILY=%s chooses it on another CPU)",
				       name, name);
		if (spec_splice(spec, i, &loaded->presets[k].spec, err))
			return -1;
		i += loaded->presets[k].spec.n_events;
	}
	return 0;
}

void preset_set_release(struct preset_set *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		preset_release(&set->presets[i]);
	free(set->presets);
	set->presets = NULL;
	set->n = 0;
}
