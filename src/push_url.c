/* push_url.c - the Pushgateway's URL of a job and its grouping labels; text only, no I/O. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push_url.h"

/* A growing string; ok turns false for good when memory runs out. */
struct text {
	char *s;
	size_t len, cap;
	bool ok;
};

static void text_put(struct text *t, const char *s, size_t len)
{
	if (!t->ok)
		return;
	if (t->len + len + 1 > t->cap) {
		size_t cap = 2 * (t->len + len + 1);
		char *grown = realloc(t->s, cap);

		if (!grown) {
			t->ok = false;
			return;
		}
		t->s = grown;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, len);
	t->len += len;
	t->s[t->len] = '\0';
}

static void text_puts(struct text *t, const char *s)
{
	text_put(t, s, strlen(s));
}

static bool unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '.' || c == '_' || c == '~';
}

/* value as one path segment, percent-encoded. */
static void put_escaped(struct text *t, const char *value)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p;

	for (p = (const unsigned char *)value; *p; p++) {
		char enc[3] = { '%', hex[*p >> 4], hex[*p & 0xf] };

		if (unreserved(*p))
			text_put(t, (const char *)p, 1);
		else
			text_put(t, enc, 3);
	}
}

/* value in base64 with the URL-safe alphabet, '=' padded (the gateway reads both). */
static void put_base64(struct text *t, const char *value)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const unsigned char *p = (const unsigned char *)value;
	size_t len = strlen(value), i;

	if (len == 0) {
		text_puts(t, "=");
		return;
	}
	for (i = 0; i < len; i += 3) {
		unsigned long bits = (unsigned long)p[i] << 16 |
				     (i + 1 < len ? (unsigned long)p[i + 1] << 8 : 0) |
				     (i + 2 < len ? p[i + 2] : 0);
		char quad[4] = { digits[bits >> 18 & 63], digits[bits >> 12 & 63],
				 i + 1 < len ? digits[bits >> 6 & 63] : '=',
				 i + 2 < len ? digits[bits & 63] : '=' };

		text_put(t, quad, 4);
	}
}

/* "/KEY/VALUE", or "/KEY@base64/B64" where the value has a '/' or is empty. */
static void put_pair(struct text *t, const char *key, const char *value)
{
	text_puts(t, "/");
	text_puts(t, key);
	if (!*value || strchr(value, '/')) {
		text_puts(t, "@base64/");
		put_base64(t, value);
	} else {
		text_puts(t, "/");
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
	if (!colon) {
		snprintf(out, cap, "%.*s%s", (int)(cap > 64 ? cap - 4 : cap), url,
			 strlen(url) > cap - 4 ? "..." : "");
		return;
	}
	/* "http://user:secret@host" shows as "http://user:***@host". */
	snprintf(out, cap, "%.*s***%.*s", (int)(colon + 1 - url), url, (int)(cap / 2), at);
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
	struct text t = { .ok = true };
	size_t len = strlen(gateway), i, j;

	char shown[128];

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
	text_put(&t, gateway, len);
	text_puts(&t, "/metrics");
	put_pair(&t, "job", job);
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
		put_pair(&t, key, group[i].value);
	}
	if (!t.ok) {
		err_set(err, "out of memory");
		goto fail;
	}
	*out = t.s;
	return 0;
fail:
	free(t.s);
	return -1;
}
