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

/* Whether the len bytes at p are a port curl and the gateway take: digits only, 1 to 65535
 * (an empty port, or one out of range, is a typo rather than a default). */
static bool port_ok(const char *p, size_t len)
{
	unsigned long port = 0;
	size_t i;

	if (len == 0 || len > 5)
		return false;
	for (i = 0; i < len; i++) {
		if (p[i] < '0' || p[i] > '9')
			return false;
		port = port * 10 + (unsigned long)(p[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* Whether c may stand in a host name: RFC 3986's reg-name (unreserved, sub-delims, '%'), and
 * bytes beyond ASCII, which curl takes as an internationalized name. */
static bool host_char(unsigned char c)
{
	return unreserved(c) || c >= 0x80 || (c && strchr("!$&'()*+,;=%", c));
}

/* Whether c may stand between an IPv6 address's brackets: hex digits, ':', '.' (a v4 tail),
 * and after a '%' its zone ("%25eth0"). */
static bool ipv6_char(unsigned char c)
{
	return unreserved(c) || c == ':' || c == '%';
}

/*
 * The gateway's authority (after "scheme://", up to the path): a user and password before an
 * '@' are passed over; then a host name, or an IPv6 address in brackets, and an optional
 * ":PORT". -1 with err (the URL as shown) naming what is wrong: curl would take many of these
 * only to fail after the measurement, or send the push elsewhere.
 */
static int authority_check(const char *gateway, const char *shown, struct hp_err *err)
{
	const char *start = strstr(gateway, "://") + 3, *host = start, *end, *p, *close;
	size_t len = strcspn(start, "/");

	end = start + len;
	for (p = start; p < end; p++)
		if (*p == '@')
			host = p + 1;
	if (host == end || *host == ':')
		return err_set(err, "push gateway '%s' names no host: give the Pushgateway's "
			       "address, as http://HOST:9091", shown);
	if (*host == '[') {
		close = memchr(host, ']', (size_t)(end - host));
		if (!close)
			return err_set(err, "push gateway '%s' has a '[' without its ']': write an "
				       "IPv6 address in brackets, as http://[::1]:9091", shown);
		for (p = host + 1; p < close; p++)
			if (!ipv6_char((unsigned char)*p))
				break;
		if (close == host + 1 || p < close || !memchr(host, ':', (size_t)(close - host)))
			return err_set(err, "push gateway '%s' has no IPv6 address between its "
				       "brackets: write one, as http://[::1]:9091", shown);
		p = close + 1;
		if (p < end && *p != ':')
			return err_set(err, "push gateway '%s' has text after its IPv6 address's ']': "
				       "write http://[ADDRESS]:PORT", shown);
	} else {
		for (p = host; p < end && *p != ':'; p++)
			if (!host_char((unsigned char)*p))
				return err_set(err, "push gateway '%s' has a character no host name "
					       "holds: give the Pushgateway's address, as "
					       "http://HOST:9091", shown);
	}
	if (p < end && !port_ok(p + 1, (size_t)(end - p - 1)))
		return err_set(err, "push gateway '%s' has no port from 1 to 65535 after its ':': "
			       "give the gateway's port, as http://HOST:9091", shown);
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
	if (authority_check(gateway, shown, err))
		return -1;
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
