/* push.c - one HTTP PUT to a Pushgateway through libcurl, loaded with dlopen when a push is
 * asked for: linking it would make every run load it and its dozen libraries. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "push.h"
#include "push_url.h"

#ifdef HPSTAT_HAVE_CURL
#include <curl/curl.h>

#define CURL_LIBRARY "libcurl.so.4"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	void (*easy_cleanup)(CURL *);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} curl;

static int curl_load(struct hp_err *err)
{
	void *lib = curl.easy_init ? NULL : dlopen(CURL_LIBRARY, RTLD_NOW | RTLD_LOCAL);

	if (curl.easy_init)
		return 0;
	if (!lib)
		return err_set(err, "cannot load libcurl (%s), which --push needs: install it "
			       "(Debian: libcurl4)", dlerror());
	/* POSIX lets a data pointer from dlsym become a function pointer this way. */
	*(void **)&curl.global_init = dlsym(lib, "curl_global_init");
	*(void **)&curl.easy_setopt = dlsym(lib, "curl_easy_setopt");
	*(void **)&curl.easy_perform = dlsym(lib, "curl_easy_perform");
	*(void **)&curl.easy_getinfo = dlsym(lib, "curl_easy_getinfo");
	*(void **)&curl.easy_cleanup = dlsym(lib, "curl_easy_cleanup");
	*(void **)&curl.easy_strerror = dlsym(lib, "curl_easy_strerror");
	*(void **)&curl.slist_append = dlsym(lib, "curl_slist_append");
	*(void **)&curl.slist_free_all = dlsym(lib, "curl_slist_free_all");
	*(void **)&curl.easy_init = dlsym(lib, "curl_easy_init");
	if (!curl.global_init || !curl.easy_setopt || !curl.easy_perform || !curl.easy_getinfo ||
	    !curl.easy_cleanup || !curl.easy_strerror || !curl.slist_append ||
	    !curl.slist_free_all || !curl.easy_init) {
		curl.easy_init = NULL;
		return err_set(err, "cannot use %s: a function is missing", CURL_LIBRARY);
	}
	if (curl.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		curl.easy_init = NULL;
		return err_set(err, "cannot initialize libcurl");
	}
	return 0;
}

/* The body being sent, handed out to libcurl as it asks. */
struct upload {
	const char *data;
	size_t left;
};

static size_t upload_read(char *buf, size_t size, size_t n, void *ctx)
{
	struct upload *up = ctx;
	size_t take = size * n < up->left ? size * n : up->left;

	memcpy(buf, up->data, take);
	up->data += take;
	up->left -= take;
	return take;
}

/* The gateway's answer: its first line is what an error message quotes. */
struct answer {
	char line[160];
	size_t len;
};

static size_t answer_write(char *data, size_t size, size_t n, void *ctx)
{
	struct answer *a = ctx;
	size_t i;

	for (i = 0; i < size * n && a->len + 1 < sizeof(a->line); i++) {
		if (data[i] == '\n' || data[i] == '\r')
			a->len = sizeof(a->line); /* the first line is all */
		else
			a->line[a->len++] = data[i];
	}
	if (a->len < sizeof(a->line))
		a->line[a->len] = '\0';
	else
		a->line[sizeof(a->line) - 1] = '\0';
	return size * n;
}

int push_send(const char *url, const char *body, size_t len, struct hp_err *err)
{
	struct upload up = { .data = body, .left = len };
	struct answer answer = { .line = "" };
	struct curl_slist *headers = NULL;
	char curl_error[CURL_ERROR_SIZE] = "", shown[256];
	long status = 0;
	CURLcode rc;
	CURL *h;

	if (curl_load(err))
		return -1;
	h = curl.easy_init();
	headers = curl.slist_append(NULL, "Content-Type: text/plain; version=0.0.4; "
					  "charset=utf-8");
	push_url_shown(url, shown, sizeof(shown));
	if (!h || !headers) {
		if (h)
			curl.easy_cleanup(h);
		return err_set(err, "cannot push to '%s': out of memory", shown);
	}
	curl.easy_setopt(h, CURLOPT_URL, url);
	curl.easy_setopt(h, CURLOPT_UPLOAD, 1L); /* PUT: the group is replaced whole */
	curl.easy_setopt(h, CURLOPT_READFUNCTION, upload_read);
	curl.easy_setopt(h, CURLOPT_READDATA, &up);
	curl.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)len);
	curl.easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, answer_write);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &answer);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, curl_error);
	curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)PUSH_TIMEOUT_MS);
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L); /* hpstat's signals stay its own */
#if LIBCURL_VERSION_NUM >= 0x075500
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	rc = curl.easy_perform(h);
	if (rc == CURLE_OK)
		curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	curl.slist_free_all(headers);
	curl.easy_cleanup(h);
	if (rc != CURLE_OK)
		return err_set(err, "cannot push to '%s': %s", shown,
			       curl_error[0] ? curl_error : curl.easy_strerror(rc));
	if (status < 200 || status > 299)
		return err_set(err, "cannot push to '%s': the gateway answered HTTP %ld%s%s", shown,
			       status, answer.line[0] ? ": " : "", answer.line);
	return 0;
}
#else
int push_send(const char *url, const char *body, size_t len, struct hp_err *err)
{
	char shown[256];

	(void)body, (void)len;
	push_url_shown(url, shown, sizeof(shown));
	return err_set(err, "cannot push to '%s': this hpstat was built without libcurl "
		       "(configure found no curl/curl.h: install libcurl4-openssl-dev and build "
		       "again)", shown);
}
#endif

int push_report(const struct options *opts, const char *command, const char *text, size_t len,
		struct hp_err *err)
{
	struct push_label group[OPTIONS_MAX_PUSH_GROUPS];
	const char *job = opts->push_job;
	char *url;
	size_t i;
	int ret;

	if (!job && command) {
		job = strrchr(command, '/');
		job = job ? job + 1 : command;
	}
	if (!job || !*job)
		job = "hpstat";
	if (opts->n_push_groups > OPTIONS_MAX_PUSH_GROUPS)
		return err_set(err, "more than %d --push-group labels", OPTIONS_MAX_PUSH_GROUPS);
	for (i = 0; i < opts->n_push_groups; i++)
		if (push_label_parse(opts->push_groups[i], &group[i], err))
			return -1;
	if (push_url(opts->push_url, job, group, opts->n_push_groups, &url, err))
		return -1;
	ret = push_send(url, text, len, err);
	free(url);
	return ret;
}
