/* commands.c - from the options to the list of commands to run and their names. */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "words.h"

/* text with every "{name}" replaced by value (malloc'd); a copy when there is no name. */
static char *substitute(const char *text, const char *name, const char *value)
{
	size_t key_len = name ? strlen(name) + 2 : 0, len = 0, cap = strlen(text) + 1;
	char *key = NULL, *out;
	const char *p = text;

	if (!name)
		return strdup(text);
	key = malloc(key_len + 1);
	if (!key)
		return NULL;
	key[0] = '{';
	memcpy(key + 1, name, key_len - 2);
	memcpy(key + key_len - 1, "}", 2);
	for (const char *q = text; (q = strstr(q, key)); q += key_len)
		cap += strlen(value);
	out = malloc(cap);
	while (out && *p) {
		if (strncmp(p, key, key_len) == 0) {
			memcpy(out + len, value, strlen(value));
			len += strlen(value);
			p += key_len;
		} else {
			out[len++] = *p++;
		}
	}
	if (out)
		out[len] = '\0';
	free(key);
	return out;
}

static int command_add(struct command_list *l, const char *line, const char *label,
		       const struct options *opts, const char *value, struct hp_err *err)
{
	struct command *c = &l->items[l->n];

	memset(c, 0, sizeof(*c));
	l->n++;
	c->line = substitute(line, opts->param_name, value);
	c->name = substitute(label ? label : line, opts->param_name, value);
	c->value = value ? strdup(value) : NULL;
	if (!c->line || !c->name || (value && !c->value))
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
	size_t n_lines = 0, n_values = 1, line, v;
	char **values = NULL;
	int ret = -1;

	memset(l, 0, sizeof(*l));
	if (!opts->compare)
		return single_build(l, opts, err);
	while (opts->command[n_lines])
		n_lines++;
	if (opts->n_names > n_lines)
		return err_set(err, "%zu --name labels for %zu command line%s: give at most one "
			       "per command line", opts->n_names, n_lines, n_lines == 1 ? "" : "s");
	if (opts->param_name && !(values = values_split(opts->param_values, &n_values, err)))
		return -1;
	l->items = calloc(n_lines * n_values, sizeof(*l->items));
	if (!l->items) {
		err_set(err, "out of memory");
		goto out;
	}
	for (line = 0; line < n_lines; line++)
		for (v = 0; v < n_values; v++)
			if (command_add(l, opts->command[line],
					line < opts->n_names ? opts->names[line] : NULL, opts,
					values ? values[v] : NULL, err))
				goto out;
	if (names_unique(l, err) || reference_find(l, opts->reference, err))
		goto out;
	ret = 0;
out:
	if (values)
		free(values[0]);
	free(values);
	return ret;
}

void command_list_release(struct command_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].name);
		free(l->items[i].line);
		free(l->items[i].value);
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
