/* push.h - sending a rendered report to a Prometheus Pushgateway over HTTP. */
#ifndef HPSTAT_PUSH_H
#define HPSTAT_PUSH_H

#include <stddef.h>

#include "err.h"
#include "options.h"

/* How long one push may take, connection included, before it is given up. */
#define PUSH_TIMEOUT_MS 15000

/*
 * PUTs body (len bytes of Prometheus text exposition) to url (push_url()), replacing what the
 * gateway held for that job and grouping. libcurl is loaded on first need, so that no other
 * run pays for loading it. -1 with a one-line err naming the URL and what went wrong: libcurl
 * missing (how to install it), a connection refused or timed out, an HTTP status other than
 * 2xx with the first line the gateway answered.
 */
int push_send(const char *url, const char *body, size_t len, struct hp_err *err);

/* What a mode's report writer answers when the report was written but push_report() failed,
 * so that the mode exits HPSTAT_EXIT_PUSH_FAILED rather than as for an unwritten report. */
#define PUSH_REPORT_FAILED (-2)

/*
 * Sends an exposition (text, len bytes) to --push's gateway, under --push-job's job (else the
 * base name of command's first word, else "hpstat") and --push-group's labels. -1 with err
 * as push_url() and push_send() say; the caller exits HPSTAT_EXIT_PUSH_FAILED.
 */
int push_report(const struct options *opts, const char *command, const char *text, size_t len,
		struct hp_err *err);

#endif
