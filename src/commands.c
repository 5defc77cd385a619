/* commands.c - from the options to the list of commands to run and their names. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "words.h"

/* One -L parameter: its key, its values, and where a line's expansion stands in them. */
struct param {
	char *key;      /* "{NAME}" */
	char **values;  /* from values_split: [0] holds them all */
	size_t n;
	bool used;      /* by the line being expanded */
	size_t at;      /* the value in use */
};

struct params {
	struct param *items;
	size_t n;
};

/* Writes text with every key of a used parameter replaced by its current value into out
 * (when not NULL) and returns the length. One pass from the left: a value that holds a key
 * ("{M}") is not replaced again, whatever the order of the -L options. */
static size_t keys_replace(char *out, const char *text, const struct params *ps)
{
	size_t len = 0, k, piece_len;
	const char *piece;

	while (*text) {
		piece = text;
		piece_len = 1;
		for (k = 0; k < ps->n; k++) {
			const struct param *p = &ps->items[k];

			if (p->used && strncmp(text, p->key, strlen(p->key)) == 0) {
				piece = p->values[p->at];
				piece_len = strlen(piece);
				text += strlen(p->key) - 1;
				break;
			}
		}
		text++;
		if (out)
			memcpy(out + len, piece, piece_len);
		len += piece_len;
	}
	if (out)
		out[len] = '\0';
	return len;
}

/* text with the used parameters' values put in (malloc'd). */
static char *substitute(const char *text, const struct params *ps)
{
	char *out = malloc(keys_replace(NULL, text, ps) + 1);

	if (out)
		keys_replace(out, text, ps);
	return out;
}

static int command_add(struct command_list *l, const char *line, const char *label,
		       const struct options *opts, const struct params *ps, struct hp_err *err)
{
	struct command *c, *grown = realloc(l->items, (l->n + 1) * sizeof(*grown));

	if (!grown)
		return err_set(err, "out of memory");
	l->items = grown;
	c = &l->items[l->n++];
	memset(c, 0, sizeof(*c));
	c->line = substitute(line, ps);
	c->name = substitute(label ? label : line, ps);
	if (!c->line || !c->name)
		return err_set(err, "out of memory");
	if (!opts->shell)
		return words_split(c->line, &c->argv, err);
	c->argv = calloc(4, sizeof(*c->argv));
	if (!c->argv || !(c->argv[0] = strdup("/bin/sh")) || !(c->argv[1] = strdup("-c")) ||
	    !(c->argv[2] = strdup(c->line)))
		return err_set(err, "out of memory");
	return 0;
}

/* The -L values split at commas: a malloc'd, NULL-terminated array whose [0] is the one
 * malloc'd copy of the list that holds them all. */
static char **values_split(const char *list, size_t *n, struct hp_err *err)
{
	size_t count = 1, i = 0;
	char **values, *copy;
	const char *p;

	for (p = list; *p; p++)
		count += *p == ',';
	values = calloc(count + 1, sizeof(*values));
	copy = strdup(list);
	if (!values || !copy) {
		free(values);
		free(copy);
		err_set(err, "out of memory");
		return NULL;
	}
	for (char *v = copy, *end; v; v = end) {
		end = strchr(v, ',');
		if (end)
			*end++ = '\0';
		values[i++] = v;
		if (!*v) {
			free(copy);
			free(values);
			err_set(err, "empty value in -L's list '%s': separate the values with "
				"single commas", list);
			return NULL;
		}
	}
	*n = count;
	return values;
}

static void params_release(struct params *ps)
{
	size_t k;

	for (k = 0; k < ps->n; k++) {
		free(ps->items[k].key);
		if (ps->items[k].values)
			free(ps->items[k].values[0]);
		free(ps->items[k].values);
	}
	free(ps->items);
	memset(ps, 0, sizeof(*ps));
}

static int params_build(struct params *ps, const struct options *opts, struct hp_err *err)
{
	size_t k;

	memset(ps, 0, sizeof(*ps));
	if (!opts->n_params)
		return 0;
	ps->items = calloc(opts->n_params, sizeof(*ps->items));
	if (!ps->items)
		return err_set(err, "out of memory");
	ps->n = opts->n_params;
	for (k = 0; k < ps->n; k++) {
		struct param *p = &ps->items[k];

		p->key = malloc(strlen(opts->param_names[k]) + 3);
		if (!p->key)
			return err_set(err, "out of memory");
		sprintf(p->key, "{%s}", opts->param_names[k]);
		p->values = values_split(opts->param_values[k], &p->n, err);
		if (!p->values)
			return -1;
	}
	return 0;
}

/* A parameter that no line uses would expand nothing: most likely its {NAME} is misspelt. */
static int params_all_used(const struct params *ps, char *const *lines, struct hp_err *err)
{
	size_t k, i;

	for (k = 0; k < ps->n; k++) {
		for (i = 0; lines[i] && !strstr(lines[i], ps->items[k].key); i++)
			;
		if (lines[i])
			continue;
		if (lines[0] && !lines[1])
			return err_set(err, "command line '%s' does not use -L's %s: write %s where "
				       "its values go", lines[0], ps->items[k].key, ps->items[k].key);
		return err_set(err, "no command line uses -L's %s: write %s where its values go",
			       ps->items[k].key, ps->items[k].key);
	}
	return 0;
}

/* A label names the commands of its line: a parameter only the label holds would name one
 * command several ways, one the line varies but the label leaves out would give several
 * commands one name. */
static int label_check(const char *line, const char *label, const struct params *ps,
		       struct hp_err *err)
{
	size_t k;

	for (k = 0; label && k < ps->n; k++) {
		const struct param *p = &ps->items[k];
		bool in_label = strstr(label, p->key) != NULL;

		if (in_label && !p->used)
			return err_set(err, "--name '%s' uses %s, which its command line '%s' does "
				       "not: leave %s out of the label", label, p->key, line, p->key);
		if (!in_label && p->used && p->n > 1)
			return err_set(err, "--name '%s' leaves out %s, which its command line '%s' "
				       "varies: put %s in the label to tell its commands apart",
				       label, p->key, line, p->key);
	}
	return 0;
}

/* Steps to the next combination of the used parameters' values, the last -L fastest, as
 * loops nested in the order the -L options were given; false after the last combination. */
static bool combination_next(struct params *ps)
{
	size_t k;

	for (k = ps->n; k-- > 0;) {
		struct param *p = &ps->items[k];

		if (!p->used)
			continue;
		if (++p->at < p->n)
			return true;
		p->at = 0;
	}
	return false;
}

/* One command per combination of the values of the parameters the line uses; a line that
 * uses none is one command, measured once rather than once per value. */
static int line_expand(struct command_list *l, const struct options *opts, size_t i,
		       struct params *ps, struct hp_err *err)
{
	const char *line = opts->command[i], *label = i < opts->n_names ? opts->names[i] : NULL;
	size_t k;

	for (k = 0; k < ps->n; k++) {
		ps->items[k].used = strstr(line, ps->items[k].key) != NULL;
		ps->items[k].at = 0;
	}
	if (label_check(line, label, ps, err))
		return -1;
	do {
		if (command_add(l, line, label, opts, ps, err))
			return -1;
	} while (combination_next(ps));
	return 0;
}

static int names_unique(const struct command_list *l, struct hp_err *err)
{
	size_t i, j;

	for (i = 0; i < l->n; i++)
		for (j = 0; j < i; j++)
			if (strcmp(l->items[i].name, l->items[j].name) == 0)
				return err_set(err, "two commands are named '%s': give each its own "
					       "--name", l->items[i].name);
	return 0;
}

static int reference_find(struct command_list *l, const char *wanted, struct hp_err *err)
{
	size_t i;

	l->reference = 0;
	if (!wanted)
		return 0;
	for (i = 0; i < l->n; i++)
		if (strcmp(l->items[i].name, wanted) == 0 || strcmp(l->items[i].line, wanted) == 0) {
			l->reference = i;
			return 0;
		}
	return err_set(err, "no command is named '%s' for --reference: use a --name or the "
		       "command line as given", wanted);
}

static int single_build(struct command_list *l, const struct options *opts, struct hp_err *err)
{
	struct command *c;
	size_t len = 1, i;

	l->items = calloc(1, sizeof(*l->items));
	if (!l->items)
		return err_set(err, "out of memory");
	c = &l->items[0];
	l->n = 1;
	for (i = 0; opts->command[i]; i++)
		len += strlen(opts->command[i]) + 1;
	c->line = calloc(len, 1);
	c->argv = calloc(i + 1, sizeof(*c->argv));
	if (!c->line || !c->argv)
		return err_set(err, "out of memory");
	for (i = 0; opts->command[i]; i++) {
		if (i)
			strcat(c->line, " ");
		strcat(c->line, opts->command[i]);
		if (!(c->argv[i] = strdup(opts->command[i])))
			return err_set(err, "out of memory");
	}
	c->name = strdup(opts->n_names ? opts->names[0] : c->line);
	return c->name ? 0 : err_set(err, "out of memory");
}

int command_list_build(struct command_list *l, const struct options *opts, struct hp_err *err)
{
	size_t n_lines = 0, line;
	struct params ps;
	int ret = -1;

	memset(l, 0, sizeof(*l));
	if (!opts->compare)
		return single_build(l, opts, err);
	while (opts->command[n_lines])
		n_lines++;
	if (opts->n_names > n_lines)
		return err_set(err, "%zu --name labels for %zu command line%s: give at most one "
			       "per command line", opts->n_names, n_lines, n_lines == 1 ? "" : "s");
	if (params_build(&ps, opts, err) || params_all_used(&ps, opts->command, err))
		goto out;
	for (line = 0; line < n_lines; line++)
		if (line_expand(l, opts, line, &ps, err))
			goto out;
	if (names_unique(l, err) || reference_find(l, opts->reference, err))
		goto out;
	ret = 0;
out:
	params_release(&ps);
	return ret;
}

void command_list_release(struct command_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].line);
		words_free(l->items[i].argv);
	}
	free(l->items);
	memset(l, 0, sizeof(*l));
}

char *const **command_list_argvs(const struct command_list *l)
{
	char *const **argvs = calloc(l->n ? l->n : 1, sizeof(*argvs));
	size_t i;

	for (i = 0; argvs && i < l->n; i++)
		argvs[i] = l->items[i].argv;
	return argvs;
}
