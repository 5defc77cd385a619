/* push_url.h - where a Prometheus Pushgateway takes a group of series: the URL of a job and its
 * grouping labels. */
#ifndef HPSTAT_PUSH_URL_H
#define HPSTAT_PUSH_URL_H

#include <stddef.h>

#include "err.h"

/* One grouping label, "KEY=VALUE" as --push-group writes it: key points at the text (its
 * key ends at the '='), value after the '='. */
struct push_label {
	const char *key;
	const char *value;
};

/* url as messages show it: a password in it ("http://user:secret@host") masked as "***",
 * a URL too long for cap bytes cut with "...", into out. */
void push_url_shown(const char *url, char *out, size_t cap);

/* Whether key is a label name Prometheus takes: [a-zA-Z_][a-zA-Z0-9_]*, not starting with
 * "__" (reserved). */
int push_label_key_ok(const char *key);

/*
 * Splits "KEY=VALUE" (text, kept: out points into it) into out. -1 with err naming the text
 * and what a label is, for a missing '=', a key push_label_key_ok() refuses (or over 127
 * bytes), or the key "job" (the job is --push-job's).
 */
int push_label_parse(const char *text, struct push_label *out, struct hp_err *err);

/*
 * The URL to PUT a group to: gateway (http:// or https://, a trailing '/' dropped) then
 * "/metrics/job/JOB" and "/KEY/VALUE" for each grouping label, in order. A job or value that
 * holds a '/' or is empty is sent as the gateway's base64 form ("/job@base64/..."; an empty
 * value is "="), other bytes outside RFC 3986's unreserved set percent-encoded. The string is
 * malloc'd. -1 with err (its password masked): a gateway that is not an http(s) URL, names
 * no host, has a host name with a character no host holds, a '[' without its ']' or no IPv6
 * address between them, a port that is not 1 to 65535 in digits, a query, a fragment or a
 * push path (".../metrics/job/x": hpstat adds that); an empty job, a label key refused, a key
 * given twice, out of memory.
 */
int push_url(const char *gateway, const char *job, const struct push_label *group, size_t n,
	     char **out, struct hp_err *err);

#endif
