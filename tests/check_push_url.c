/* check_push_url.c - Check unit tests for the Pushgateway's URLs and grouping labels. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suite_run.h"
#include "push_url.h"

static void assert_url(const char *gateway, const char *job, const char *const *labels,
		       size_t n, const char *expected)
{
	struct push_label group[8];
	struct hp_err err = { .msg = "" };
	char *url;
	size_t i;

	for (i = 0; i < n; i++)
		ck_assert_msg(push_label_parse(labels[i], &group[i], &err) == 0, "%s", err.msg);
	ck_assert_msg(push_url(gateway, job, group, n, &url, &err) == 0, "%s", err.msg);
	ck_assert_str_eq(url, expected);
	free(url);
}

START_TEST(test_urls)
{
	static const char *const plain[] = { "instance=ci-7", "branch=main" };
	static const char *const slashed[] = { "path=/srv/app", "empty=" };
	static const char *const odd[] = { "what=a b%c?d" };

	assert_url("http://localhost:9091", "diffusion", NULL, 0,
		   "http://localhost:9091/metrics/job/diffusion");
	/* A trailing slash is dropped; labels follow the job in order. */
	assert_url("http://gw:9091//", "build", plain, 2,
		   "http://gw:9091/metrics/job/build/instance/ci-7/branch/main");
	/* '/' or an empty value: the gateway's base64 form, URL-safe alphabet. "/srv/app" is
	 * L3Nydi9hcHA= by hand: "/sr" -> L3Ny, "v/a" -> di9h, "pp" -> cHA=. */
	assert_url("https://gw", "a/b", slashed, 2,
		   "https://gw/metrics/job@base64/YS9i/path@base64/L3Nydi9hcHA=/empty@base64/=");
	/* Bytes outside the unreserved set are percent-encoded. */
	assert_url("http://gw", "j~1.x-y_z", odd, 1,
		   "http://gw/metrics/job/j~1.x-y_z/what/a%20b%25c%3Fd");
}
END_TEST

/* A password never shows in a message; a URL without one shows as it is. */
START_TEST(test_shown)
{
	char shown[64];

	push_url_shown("http://user:secret@gw:9091/p/metrics/job/j", shown, sizeof(shown));
	ck_assert_str_eq(shown, "http://user:***@gw:9091/p/metrics/job/j");
	push_url_shown("http://user@gw:9091", shown, sizeof(shown));
	ck_assert_str_eq(shown, "http://user@gw:9091");
	push_url_shown("http://gw:9091/a@b:c", shown, sizeof(shown));
	ck_assert_str_eq(shown, "http://gw:9091/a@b:c");
}
END_TEST

START_TEST(test_refused)
{
	struct push_label group[2];
	struct hp_err err = { .msg = "" };
	char *url = (char *)"untouched";

	ck_assert_int_eq(push_url("localhost:9091", "j", NULL, 0, &url, &err), -1);
	ck_assert_ptr_null(url);
	ck_assert_str_eq(err.msg, "push gateway 'localhost:9091' is no http:// or https:// URL: "
			 "give the Pushgateway's address, as http://HOST:9091");
	ck_assert_int_eq(push_url("http://", "j", NULL, 0, &url, &err), -1);
	ck_assert_int_eq(push_url("http://gw:9091/?a=1", "j", NULL, 0, &url, &err), -1);
	ck_assert_str_eq(err.msg, "push gateway 'http://gw:9091/?a=1' has a query or fragment: "
			 "give the gateway's base address, as http://HOST:9091");
	ck_assert_int_eq(push_url("http://gw/metrics/job/x", "j", NULL, 0, &url, &err), -1);
	ck_assert_str_eq(err.msg, "push gateway 'http://gw/metrics/job/x' holds a push path: give "
			 "the gateway's base address, as http://HOST:9091; hpstat adds "
			 "/metrics/job/...");
	ck_assert_int_eq(push_url("http://gw/metrics", "j", NULL, 0, &url, &err), -1);
	ck_assert_int_eq(push_url("https://u:pw@gw x", "j", NULL, 0, &url, &err), -1);
	ck_assert_str_eq(err.msg, "push gateway 'https://u:***@gw x' is no http:// or https:// "
			 "URL: give the Pushgateway's address, as http://HOST:9091");
	ck_assert_int_eq(push_url("http://gw", "", NULL, 0, &url, &err), -1);
	ck_assert_str_eq(err.msg, "empty job name: --push-job names the job, such as the program "
			 "measured");
	ck_assert_int_eq(push_label_parse("job=x", &group[0], &err), -1);
	ck_assert_str_eq(err.msg, "'job=x' is no grouping label: write KEY=VALUE, KEY letters, "
			 "digits and '_' not starting with a digit or '__', and not 'job' "
			 "(--push-job names the job)");
	ck_assert_int_eq(push_label_parse("1a=x", &group[0], &err), -1);
	ck_assert_int_eq(push_label_parse("__a=x", &group[0], &err), -1);
	ck_assert_int_eq(push_label_parse("a-b=x", &group[0], &err), -1);
	ck_assert_int_eq(push_label_parse("novalue", &group[0], &err), -1);
	ck_assert_int_eq(push_label_parse("a=1", &group[0], &err), 0);
	ck_assert_int_eq(push_label_parse("a=2", &group[1], &err), 0);
	ck_assert_int_eq(push_url("http://gw", "j", group, 2, &url, &err), -1);
	ck_assert_str_eq(err.msg, "grouping label 'a' given twice");
}
END_TEST

/* gateway refused with exactly message want. */
static void assert_gateway_refused(const char *gateway, const char *want)
{
	struct hp_err err = { .msg = "" };
	char *url = (char *)"untouched";

	ck_assert_int_eq(push_url(gateway, "j", NULL, 0, &url, &err), -1);
	ck_assert_ptr_null(url);
	ck_assert_str_eq(err.msg, want);
}

/* A host, an IPv6 address in brackets, a port: what curl would take only to fail after the
 * measurement is refused before it, each problem named. */
START_TEST(test_authority_refused)
{
	static const char port[] = "has no port from 1 to 65535 after its ':': give the gateway's "
				   "port, as http://HOST:9091";
	static const char *const bad_ports[] = {
		"http://127.0.0.1:99999", "http://gw:65536", "http://gw:0", "http://gw:",
		"http://gw:9a", "http://gw:+1", "http://gw:-1", "http://gw:123456",
		"http://[::1]:", "http://[::1]:70000/p", "http://a:b:9091",
	};
	char want[256];
	size_t i;

	for (i = 0; i < sizeof(bad_ports) / sizeof(bad_ports[0]); i++) {
		snprintf(want, sizeof(want), "push gateway '%s' %s", bad_ports[i], port);
		assert_gateway_refused(bad_ports[i], want);
	}
	assert_gateway_refused("http://[::1", "push gateway 'http://[::1' has a '[' without its "
			       "']': write an IPv6 address in brackets, as http://[::1]:9091");
	assert_gateway_refused("http://[::1/p]", "push gateway 'http://[::1/p]' has a '[' "
			       "without its ']': write an IPv6 address in brackets, as "
			       "http://[::1]:9091");
	assert_gateway_refused("http://[]:9091", "push gateway 'http://[]:9091' has no IPv6 "
			       "address between its brackets: write one, as http://[::1]:9091");
	assert_gateway_refused("http://[1.2.3.4]", "push gateway 'http://[1.2.3.4]' has no IPv6 "
			       "address between its brackets: write one, as http://[::1]:9091");
	assert_gateway_refused("http://[::1]9091", "push gateway 'http://[::1]9091' has text "
			       "after its IPv6 address's ']': write http://[ADDRESS]:PORT");
	assert_gateway_refused("http://:9091", "push gateway 'http://:9091' names no host: give "
			       "the Pushgateway's address, as http://HOST:9091");
	assert_gateway_refused("http:///p", "push gateway 'http:///p' names no host: give the "
			       "Pushgateway's address, as http://HOST:9091");
	/* The password stays masked in these messages too. */
	assert_gateway_refused("https://u:pw@:9091", "push gateway 'https://u:***@:9091' names "
			       "no host: give the Pushgateway's address, as http://HOST:9091");
	assert_gateway_refused("http://g<w:9091", "push gateway 'http://g<w:9091' has a "
			       "character no host name holds: give the Pushgateway's address, as "
			       "http://HOST:9091");
	assert_gateway_refused("http://g[w", "push gateway 'http://g[w' has a character no host "
			       "name holds: give the Pushgateway's address, as http://HOST:9091");
}
END_TEST

/* The authorities that are fine: the edges of the port's range, IPv6 with and without a
 * port or zone, a user and password (whose ':' and '@' are no port). */
START_TEST(test_authority_taken)
{
	assert_url("http://gw:1", "j", NULL, 0, "http://gw:1/metrics/job/j");
	assert_url("http://gw:65535/", "j", NULL, 0, "http://gw:65535/metrics/job/j");
	assert_url("http://gw:09091", "j", NULL, 0, "http://gw:09091/metrics/job/j");
	assert_url("http://[::1]", "j", NULL, 0, "http://[::1]/metrics/job/j");
	assert_url("http://[::1]:9091/pre", "j", NULL, 0, "http://[::1]:9091/pre/metrics/job/j");
	assert_url("http://[fe80::1%25eth0]:9091", "j", NULL, 0,
		   "http://[fe80::1%25eth0]:9091/metrics/job/j");
	assert_url("https://user:p:w@gw.example.com:443", "j", NULL, 0,
		   "https://user:p:w@gw.example.com:443/metrics/job/j");
	assert_url("http://a@b@gw", "j", NULL, 0, "http://a@b@gw/metrics/job/j");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("push_url");
	TCase *tc = tcase_create("push_url");

	tcase_add_test(tc, test_urls);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_shown);
	tcase_add_test(tc, test_authority_refused);
	tcase_add_test(tc, test_authority_taken);
	suite_add_tcase(s, tc);
	return suite_run(s);
}
