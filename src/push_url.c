/* push_url.c - the Pushgateway's URL of a job and its grouping labels; text only, no I/O. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push_url.h"

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* value as one path segment, percent-encoded. */
static void put_escaped(FILE *t, const char *value)
{
	const unsigned char *p;

	for (p = (const unsigned char *)value; *p; p++)
		if (unreserved(*p))
			fputc(*p, t);
		else
			fprintf(t, "%%%02X", *p);
}

/* value in base64 with the URL-safe alphabet, '=' padded (the gateway reads both). */
static void put_base64(FILE *t, const char *value)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), i;

	if (len == 0) {
		fputs("=", t);
		return;
	}
	for (i = 0; i < len; i += 3) {
		unsigned long bits = (unsigned long)p[i] << 16 |
				     (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0) |
				     (i + 2 < len ? p[i + 2] : 0);
		char quad[4] = { digits[bits >> 18 & 63], digits[bits >> 12 & 63],
				 i + 1 < len ? digits[bits >> 6 & 63] : '=',
				 i + 2 < len ? digits[bits & 63] : '=' };

		fwrite(quad, 1, 4, t);
	}
}

/* "/KEY/VALUE", or "/KEY@base64/B64" where the value has a '/' or is empty. */
static void put_pair(FILE *t, const char *key, const char *value)
{
	if (!*value || strchr(value, '/')) {
		fprintf(t, "/%s@base64/", key);
		put_base64(t, value);
	} else {
		fprintf(t, "/%s/", key);
		put_escaped(t, value);
	}
}

void push_url_shown(const char *url, char *out, size_t cap)
{
	const char *host = strstr(url, "://"), *at, *colon;
	size_t end;

	host = host ? host + 3 : url;
	end = strcspn(host, "/?#");
	at = memchr(host, '@', end);
	colon = at ? memchr(host, ':', (size_t)(at - host)) : NULL;
	/* "http://user:secret@host" shows as "http://user:***@host"; snprintf cuts the rest. */
	if (colon)
		snprintf(out, cap, "%.*s***%s", (int)(colon + 1 - url), url, at);
	else
		snprintf(out, cap, "%s", url);
	if (strlen(url) >= cap && cap > 4)
		memcpy(out + cap - 4, "...", 4);
}

int push_label_key_ok(const char *key)
{
	const char *p = key;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_'))
		return 0;
	if (strncmp(key, "__", 2) == 0)
		return 0;
	for (p++; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_'))
			return 0;
	return 1;
}

/* The key of a label as its own string (text up to the '='). */
static int key_copy(const struct push_label *l, char *out, size_t cap, struct hp_err *err)
{
	const char *eq = strchr(l->key, '=');
	size_t len = eq ? (size_t)(eq - l->key) : strlen(l->key);

	if (len >= cap)
		return err_set(err, "label key '%.60s' is too long", l->key);
	memcpy(out, l->key, len);
	out[len] = '\0';
	return 0;
}

int push_label_parse(const char *text, struct push_label *out, struct hp_err *err)
{
	const char *eq = strchr(text, '=');
	char key[128];

	out->key = text;
	out->value = eq ? eq + 1 : "";
	if (!eq || key_copy(out, key, sizeof(key), err) || !push_label_key_ok(key) ||
	    strcmp(key, "job") == 0)
		return err_set(err, "'%.60s' is no grouping label: write KEY=VALUE, KEY letters, "
			       "digits and '_' not starting with a digit or '__', and not 'job' "
			       "(--push-job names the job)", text);
	return 0;
}

int push_url(const char *gateway, const char *job, const struct push_label *group, size_t n,
	     char **out, struct hp_err *err)
{
	size_t len = strlen(gateway), url_len = 0, i, j;
	char shown[128], *url = NULL;
	FILE *t;
	bool bad;

	*out = NULL;
	push_url_shown(gateway, shown, sizeof(shown));
	if ((strncmp(gateway, "http://", 7) != 0 && strncmp(gateway, "https://", 8) != 0) ||
	    len == (gateway[4] == 's' ? 8u : 7u) || strpbrk(gateway, " \t\n"))
		return err_set(err, "push gateway '%s' is no http:// or https:// URL: give the "
			       "Pushgateway's address, as http://HOST:9091", shown);
	if (strpbrk(gateway, "?#"))
		return err_set(err, "push gateway '%s' has a query or fragment: give the gateway's "
			       "base address, as http://HOST:9091", shown);
	if (strstr(gateway + 8, "/metrics/") || (len >= 8 && strcmp(gateway + len - 8,
								    "/metrics") == 0))
		return err_set(err, "push gateway '%s' holds a push path: give the gateway's base "
			       "address, as http://HOST:9091; hpstat adds /metrics/job/...", shown);
	if (!*job)
		return err_set(err, "empty job name: --push-job names the job, such as the "
			       "program measured");
	while (len > 0 && gateway[len - 1] == '/')
		len--;
	if (!(t = open_memstream(&url, &url_len)))
		return err_set(err, "out of memory");
	fprintf(t, "%.*s/metrics", (int)len, gateway);
	put_pair(t, "job", job);
	for (i = 0; i < n; i++) {
		char key[128], other[128];

		if (key_copy(&group[i], key, sizeof(key), err))
			goto fail;
		if (!push_label_key_ok(key) || strcmp(key, "job") == 0) {
			err_set(err, "grouping label '%.60s': its key must be letters, digits and "
				"'_', not start with a digit or '__', and not be 'job'", key);
			goto fail;
		}
		for (j = 0; j < i; j++)
			if (key_copy(&group[j], other, sizeof(other), err) == 0 &&
			    strcmp(key, other) == 0) {
				err_set(err, "grouping label '%s' given twice", key);
				goto fail;
			}
		put_pair(t, key, group[i].value);
	}
	bad = ferror(t);
	if ((fclose(t) != 0 || bad)) {
		free(url);
		return err_set(err, "out of memory");
	}
	*out = url;
	return 0;
fail:
	fclose(t);
	free(url);
	return -1;
}
