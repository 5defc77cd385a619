/* words.c - shell-like word splitting for --compare's command lines, without a shell. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "words.h"

struct splitter {
	char **argv;
	size_t n, cap;
	char *word;       /* the word being built: at most strlen(line) bytes */
	size_t len;
	bool in_word;     /* a word has begun (even an empty one: '') */
};

static int word_end(struct splitter *s, struct hp_err *err)
{
	char **grown;

	if (!s->in_word)
		return 0;
	if (s->n + 2 > s->cap) {
		s->cap = s->cap ? 2 * s->cap : 8;
		grown = realloc(s->argv, s->cap * sizeof(*grown));
		if (!grown)
			return err_set(err, "out of memory");
		s->argv = grown;
	}
	s->argv[s->n] = strndup(s->word, s->len);
	if (!s->argv[s->n])
		return err_set(err, "out of memory");
	s->argv[++s->n] = NULL;
	s->len = 0;
	s->in_word = false;
	return 0;
}

static void word_add(struct splitter *s, char c)
{
	s->word[s->len++] = c;
	s->in_word = true;
}

/* Reads a quoted part from after its opening quote to after its closing one. Inside "..."
 * sh still expands $ and ` (variables, command substitutions): run without a shell they would
 * reach the command as literal text, so they are refused as unquoted ones are. */
static int quoted(struct splitter *s, const char **pp, char quote, const char *line,
		  struct hp_err *err)
{
	const char *p = *pp;

	s->in_word = true;
	for (; *p && *p != quote; p++) {
		if (quote == '"' && *p == '\\' && p[1] && strchr("\\\"$`\n", p[1])) {
			p++;
			if (*p == '\n')
				continue;
		} else if (quote == '"' && (*p == '$' || *p == '`')) {
			return err_set(err, "command line '%s' uses the shell's '%c' inside double "
				       "quotes: add --shell to run it through /bin/sh, or single-quote "
				       "it", line, *p);
		}
		word_add(s, *p);
	}
	if (!*p)
		return err_set(err, "unterminated %s quote in command line '%s'",
			       quote == '"' ? "double" : "single", line);
	*pp = p + 1;
	return 0;
}

static int split(struct splitter *s, const char *line, struct hp_err *err)
{
	const char *p = line;

	while (*p) {
		if (*p == ' ' || *p == '\t' || *p == '\n') {
			if (word_end(s, err))
				return -1;
			p++;
		} else if (*p == '\'' || *p == '"') {
			char quote = *p++;

			if (quoted(s, &p, quote, line, err))
				return -1;
		} else if (*p == '\\') {
			if (!p[1])
				return err_set(err, "command line '%s' ends in a backslash", line);
			if (p[1] != '\n')
				word_add(s, p[1]);
			p += 2;
		} else if (strchr("|&;<>()$`", *p)) {
			return err_set(err, "command line '%s' uses the shell's '%c': add --shell to "
				       "run it through /bin/sh, or quote it", line, *p);
		} else {
			word_add(s, *p++);
		}
	}
	if (word_end(s, err))
		return -1;
	if (s->n == 0)
		return err_set(err, "empty command line: give a command to run");
	return 0;
}

int words_split(const char *line, char ***argv, struct hp_err *err)
{
	struct splitter s = { 0 };

	*argv = NULL;
	s.word = malloc(strlen(line) + 1);
	if (!s.word)
		return err_set(err, "out of memory");
	if (split(&s, line, err)) {
		free(s.word);
		words_free(s.argv);
		return -1;
	}
	free(s.word);
	*argv = s.argv;
	return 0;
}

void words_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}
