/* control.c - the --control argument, a bounded line splitter and the control commands. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"

#define CONTROL_FORMS "write fifo:CTL[,ACK], fd:CTL[,ACK] or env"

/* ---- the --control argument -------------------------------------------------------------- */

static void spec_clear(struct control_spec *spec)
{
	spec->kind = CONTROL_ENV;
	spec->ctl_path = NULL;
	spec->ack_path = NULL;
	spec->ctl_fd = -1;
	spec->ack_fd = -1;
}

/* A descriptor number: s[0..len) all decimal digits, 0..INT_MAX. */
static int fd_parse(const char *s, size_t len, int *fd)
{
	long v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > INT_MAX)
			return -1;
	}
	*fd = (int)v;
	return 0;
}

static int spec_fd(struct control_spec *spec, const char *text, const char *list,
		   struct hp_err *err)
{
	const char *comma = strchr(list, ',');
	size_t ctl_len = comma ? (size_t)(comma - list) : strlen(list);

	if (fd_parse(list, ctl_len, &spec->ctl_fd))
		return err_set(err, "bad --control '%s': '%.*s' is not a descriptor number: "
			       CONTROL_FORMS, text, (int)ctl_len, list);
	if (comma && fd_parse(comma + 1, strlen(comma + 1), &spec->ack_fd))
		return err_set(err, "bad --control '%s': '%s' is not a descriptor number: "
			       CONTROL_FORMS, text, comma + 1);
	spec->kind = CONTROL_FD;
	return 0;
}

static int spec_fifo(struct control_spec *spec, const char *text, const char *list,
		     struct hp_err *err)
{
	const char *comma = strchr(list, ',');
	size_t ctl_len = comma ? (size_t)(comma - list) : strlen(list);

	if (ctl_len == 0 || (comma && comma[1] == '\0'))
		return err_set(err, "bad --control '%s': " CONTROL_FORMS, text);
	spec->ctl_path = strndup(list, ctl_len);
	if (!spec->ctl_path)
		return err_set(err, "out of memory");
	if (comma) {
		spec->ack_path = strdup(comma + 1);
		if (!spec->ack_path)
			return err_set(err, "out of memory");
	}
	spec->kind = CONTROL_FIFO;
	return 0;
}

int control_spec_parse(struct control_spec *spec, const char *text, struct hp_err *err)
{
	int rc;

	spec_clear(spec);
	if (strcmp(text, "env") == 0)
		return 0;
	if (strncmp(text, "fifo:", 5) == 0)
		rc = spec_fifo(spec, text, text + 5, err);
	else if (strncmp(text, "fd:", 3) == 0)
		rc = spec_fd(spec, text, text + 3, err);
	else
		rc = err_set(err, "bad --control '%s': " CONTROL_FORMS, text);
	if (rc)
		control_spec_release(spec);
	return rc;
}

void control_spec_release(struct control_spec *spec)
{
	free(spec->ctl_path);
	free(spec->ack_path);
	spec_clear(spec);
}

/* ---- lines from a non-blocking descriptor ------------------------------------------------ */

void control_reader_init(struct control_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void control_reader_feed(struct control_reader *r, const char *bytes, size_t len)
{
	r->in = bytes;
	r->in_len = len;
}

bool control_reader_next(struct control_reader *r, const char **line)
{
	while (r->in_len > 0) {
		char c = *r->in++;

		r->in_len--;
		if (c == '\n') {
			*line = r->overlong ? NULL : r->line;
			r->line[r->len] = '\0';
			r->len = 0;
			r->overlong = false;
			return true;
		}
		if (r->overlong)
			continue;
		/* Past the limit the line is dropped, not cut: a cut one could be a command. */
		if (r->len == CONTROL_LINE_MAX - 1) {
			r->overlong = true;
			continue;
		}
		r->line[r->len++] = c ? c : '\x7f';
	}
	return false;
}

/* ---- the commands ------------------------------------------------------------------------- */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '.' || c == ':' || c == '-';
}

static bool word_is(const char *word, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(word, want, len) == 0;
}

/* What a reply may quote of the line: short, and only printable ASCII. */
#define QUOTE_MAX 80

int control_parse(struct control_command *cmd, const char *line, struct hp_err *err)
{
	static const struct {
		const char *word;
		enum control_verb verb;
	} verbs[] = {
		{ "enable", CONTROL_ENABLE }, { "disable", CONTROL_DISABLE },
		{ "ping", CONTROL_PING },     { "start", CONTROL_START },
		{ "stop", CONTROL_STOP },
	};
	char quote[QUOTE_MAX];
	const char *verb, *arg;
	size_t verb_len, arg_len, end, v, i;

	if (!line)
		return err_set(err, "line longer than %d bytes: write one command per line",
			       CONTROL_LINE_MAX - 1);
	end = strlen(line);
	if (end > 0 && line[end - 1] == '\r')
		end--;
	while (end > 0 && is_blank(line[end - 1]))
		end--;
	for (verb = line; is_blank(*verb); verb++)
		;
	if (verb >= line + end)
		return 1;
	for (verb_len = 0; verb + verb_len < line + end && !is_blank(verb[verb_len]); verb_len++)
		;
	for (arg = verb + verb_len; arg < line + end && is_blank(*arg); arg++)
		;
	arg_len = (size_t)(line + end - arg);
	/* From the first word: a leading "..." would say text was cut where none was. */
	err_excerpt(quote, sizeof(quote), verb, (size_t)(line + end - verb), 0,
		    (size_t)(line + end - verb));

	for (v = 0; v < sizeof(verbs) / sizeof(verbs[0]); v++)
		if (word_is(verb, verb_len, verbs[v].word))
			break;
	if (v == sizeof(verbs) / sizeof(verbs[0]))
		return err_set(err, "unknown command '%s': write enable, disable, ping, "
			       "start NAME or stop NAME", quote);

	switch (verbs[v].verb) {
	case CONTROL_ENABLE:
	case CONTROL_DISABLE:
		if (arg_len)
			return err_set(err, "'%s': hpstat counts all its events or none: write "
				       "%s alone, or start NAME and stop NAME for a region",
				       quote, verbs[v].word);
		break;
	case CONTROL_PING:
		if (arg_len)
			return err_set(err, "'%s': write ping alone", quote);
		break;
	case CONTROL_START:
	case CONTROL_STOP:
		if (!arg_len)
			return err_set(err, "'%s' needs a region name: write %s NAME",
				       verbs[v].word, verbs[v].word);
		for (i = 0; i < arg_len && name_char(arg[i]); i++)
			;
		if (i < arg_len || arg_len > CONTROL_NAME_MAX) {
			err_excerpt(quote, sizeof(quote), arg, arg_len, 0, arg_len);
			return err_set(err, "bad region name '%s': use 1 to %d of "
				       "A-Z a-z 0-9 _ . : -", quote, CONTROL_NAME_MAX);
		}
		break;
	}
	cmd->verb = verbs[v].verb;
	memcpy(cmd->name, arg, arg_len);
	cmd->name[arg_len] = '\0';
	return 0;
}
