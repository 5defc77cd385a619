/* check_control.c - Check unit tests for region-of-interest control (src/control.c): the
 * --control argument, lines split from pieces of input, and the commands and their replies. */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "control.h"

#define FORMS "write fifo:CTL[,ACK], fd:CTL[,ACK] or env"

/* ---- the --control argument -------------------------------------------------------------- */

START_TEST(test_spec_env)
{
	struct control_spec s;
	struct hp_err err = { "" };

	ck_assert_int_eq(control_spec_parse(&s, "env", &err), 0);
	ck_assert_int_eq(s.kind, CONTROL_ENV);
	ck_assert_ptr_null(s.ctl_path);
	ck_assert_ptr_null(s.ack_path);
	ck_assert_int_eq(s.ctl_fd, -1);
	ck_assert_int_eq(s.ack_fd, -1);
	control_spec_release(&s);
}
END_TEST

START_TEST(test_spec_fifo)
{
	struct control_spec s;
	struct hp_err err = { "" };

	ck_assert_int_eq(control_spec_parse(&s, "fifo:/tmp/ctl", &err), 0);
	ck_assert_int_eq(s.kind, CONTROL_FIFO);
	ck_assert_str_eq(s.ctl_path, "/tmp/ctl");
	ck_assert_ptr_null(s.ack_path);
	ck_assert_int_eq(s.ctl_fd, -1);
	ck_assert_int_eq(s.ack_fd, -1);
	control_spec_release(&s);

	/* Split at the first comma, as perf does: the ack path may hold more. */
	ck_assert_int_eq(control_spec_parse(&s, "fifo:ctl.fifo,ack,x fifo", &err), 0);
	ck_assert_int_eq(s.kind, CONTROL_FIFO);
	ck_assert_str_eq(s.ctl_path, "ctl.fifo");
	ck_assert_str_eq(s.ack_path, "ack,x fifo");
	control_spec_release(&s);
	/* Twice is harmless, and leaves nothing. */
	control_spec_release(&s);
	ck_assert_ptr_null(s.ctl_path);
	ck_assert_ptr_null(s.ack_path);
}
END_TEST

START_TEST(test_spec_fd)
{
	struct control_spec s;
	struct hp_err err = { "" };

	ck_assert_int_eq(control_spec_parse(&s, "fd:3", &err), 0);
	ck_assert_int_eq(s.kind, CONTROL_FD);
	ck_assert_int_eq(s.ctl_fd, 3);
	ck_assert_int_eq(s.ack_fd, -1);
	ck_assert_ptr_null(s.ctl_path);
	control_spec_release(&s);

	ck_assert_int_eq(control_spec_parse(&s, "fd:0,2147483647", &err), 0);
	ck_assert_int_eq(s.kind, CONTROL_FD);
	ck_assert_int_eq(s.ctl_fd, 0);
	ck_assert_int_eq(s.ack_fd, 2147483647);
	control_spec_release(&s);

	ck_assert_int_eq(control_spec_parse(&s, "fd:010,11", &err), 0);
	ck_assert_int_eq(s.ctl_fd, 10);
	ck_assert_int_eq(s.ack_fd, 11);
	control_spec_release(&s);
}
END_TEST

static void assert_spec_refused(const char *text, const char *message)
{
	struct control_spec s;
	struct hp_err err = { "" };

	ck_assert_msg(control_spec_parse(&s, text, &err) == -1, "'%s' was accepted", text);
	ck_assert_msg(strcmp(err.msg, message) == 0, "'%s': '%s', want '%s'", text, err.msg,
		      message);
	ck_assert_ptr_null(s.ctl_path);
	ck_assert_ptr_null(s.ack_path);
	ck_assert_int_eq(s.ctl_fd, -1);
	ck_assert_int_eq(s.ack_fd, -1);
	control_spec_release(&s);
}

START_TEST(test_spec_refused)
{
	assert_spec_refused("", "bad --control '': " FORMS);
	assert_spec_refused("fifo:", "bad --control 'fifo:': " FORMS);
	assert_spec_refused("fifo:,ack", "bad --control 'fifo:,ack': " FORMS);
	assert_spec_refused("fifo:ctl,", "bad --control 'fifo:ctl,': " FORMS);
	assert_spec_refused("fifo", "bad --control 'fifo': " FORMS);
	assert_spec_refused("FIFO:ctl", "bad --control 'FIFO:ctl': " FORMS);
	assert_spec_refused("env:x", "bad --control 'env:x': " FORMS);
	assert_spec_refused("envy", "bad --control 'envy': " FORMS);
	assert_spec_refused(" env", "bad --control ' env': " FORMS);
	assert_spec_refused("fd:", "bad --control 'fd:': '' is not a descriptor number: " FORMS);
	assert_spec_refused("fd:-1", "bad --control 'fd:-1': '-1' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd:+3", "bad --control 'fd:+3': '+3' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd: 3", "bad --control 'fd: 3': ' 3' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd:0x3", "bad --control 'fd:0x3': '0x3' is not a descriptor "
			    "number: " FORMS);
	assert_spec_refused("fd:3,", "bad --control 'fd:3,': '' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd:3,4,5", "bad --control 'fd:3,4,5': '4,5' is not a descriptor "
			    "number: " FORMS);
	assert_spec_refused("fd:,4", "bad --control 'fd:,4': '' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd:3,x", "bad --control 'fd:3,x': 'x' is not a descriptor number: "
			    FORMS);
	assert_spec_refused("fd:2147483648", "bad --control 'fd:2147483648': '2147483648' is "
			    "not a descriptor number: " FORMS);
	assert_spec_refused("fd:99999999999999999999999", "bad --control "
			    "'fd:99999999999999999999999': '99999999999999999999999' is not a "
			    "descriptor number: " FORMS);
	/* A line break typed into the argument stays out of the one-line message. */
	assert_spec_refused("fi\nfo", "bad --control 'fi fo': " FORMS);
}
END_TEST

/* ---- lines from pieces of input ---------------------------------------------------------- */

/*
 * Feeds each piece in turn (NULL ends the list), draining the reader after each, and checks
 * the lines that came out against want: lines separated by '|', an overlong line as '#'.
 */
static void assert_lines(const char *want, ...)
{
	struct control_reader r;
	char got[4096] = "";
	const char *piece, *line;
	size_t n = 0;
	va_list ap;

	control_reader_init(&r);
	va_start(ap, want);
	while ((piece = va_arg(ap, const char *))) {
		control_reader_feed(&r, piece, strlen(piece));
		while (control_reader_next(&r, &line)) {
			if (n++)
				strcat(got, "|");
			strcat(got, line ? line : "#");
		}
	}
	va_end(ap);
	ck_assert_str_eq(got, want);
}

START_TEST(test_reader_whole_lines)
{
	assert_lines("enable", "enable\n", NULL);
	assert_lines("enable|ping|disable", "enable\nping\ndisable\n", NULL);
	assert_lines("", "", NULL);
	/* Empty lines are lines: the parser says there is nothing to do. */
	assert_lines("||ping", "\n\nping\n", NULL);
	/* "\r\n": the '\r' stays for the parser to drop. */
	assert_lines("ping\r|start a\r", "ping\r\nstart a\r\n", NULL);
}
END_TEST

START_TEST(test_reader_pieces)
{
	/* A line split across reads comes out whole, once, when its '\n' arrives. */
	assert_lines("start step", "sta", "rt st", "ep", "\n", NULL);
	assert_lines("enable|ping|start x", "ena", "ble\npi", "ng\nstart ", "x\n", NULL);
	/* An unfinished line waits. */
	assert_lines("ping", "ping\nena", "ble", NULL);
	assert_lines("", "enable", NULL);
	/* One byte at a time. */
	assert_lines("ping|stop a", "p", "i", "n", "g", "\n", "s", "t", "o", "p", " ", "a", "\n",
		     NULL);
	/* Empty feeds change nothing. */
	assert_lines("ping", "", "pi", "", "ng\n", "", NULL);
}
END_TEST

START_TEST(test_reader_nul)
{
	struct control_reader r;
	const char *line;
	struct control_command cmd;
	struct hp_err err = { "" };

	control_reader_init(&r);
	control_reader_feed(&r, "ping\0x\n", 7);
	ck_assert(control_reader_next(&r, &line));
	ck_assert_uint_eq(strlen(line), 6);
	ck_assert_mem_eq(line, "ping\x7fx", 7);
	ck_assert(!control_reader_next(&r, &line));
	/* Never cut short into a command: the NUL shows as '?' in the reply. */
	ck_assert_int_eq(control_parse(&cmd, line, &err), -1);
	ck_assert_str_eq(err.msg, "unknown command 'ping?x': write enable, disable, ping, "
			 "start NAME or stop NAME");
}
END_TEST

START_TEST(test_reader_overlong)
{
	char longest[CONTROL_LINE_MAX + 1], over[CONTROL_LINE_MAX + 2], want[600];

	/* 255 bytes and '\n' fit exactly. */
	memset(longest, 'a', CONTROL_LINE_MAX - 1);
	longest[CONTROL_LINE_MAX - 1] = '\n';
	longest[CONTROL_LINE_MAX] = '\0';
	memcpy(want, longest, CONTROL_LINE_MAX - 1);
	strcpy(want + CONTROL_LINE_MAX - 1, "|ping");
	assert_lines(want, longest, "ping\n", NULL);

	/* 256 bytes: dropped whole, one overlong line, and the next line is intact. */
	memset(over, 'b', CONTROL_LINE_MAX);
	over[CONTROL_LINE_MAX] = '\n';
	over[CONTROL_LINE_MAX + 1] = '\0';
	assert_lines("#|ping", over, "ping\n", NULL);
	assert_lines("ping|#|enable", "ping\n", over, "enable\n", NULL);
	/* Over the limit in pieces: still one overlong line, however long it goes on. */
	over[CONTROL_LINE_MAX] = '\0';
	assert_lines("#|disable", over, over, over, "tail\ndisable\n", NULL);
	/* Unfinished, it yields nothing yet. */
	assert_lines("", over, over, NULL);
	/* The overlong start of a line never reads as a command. */
	memcpy(over, "enable ", 7);
	assert_lines("#", over, "x\n", NULL);
}
END_TEST

/* ---- the commands ------------------------------------------------------------------------- */

static void assert_command(const char *line, enum control_verb verb, const char *name)
{
	struct control_command cmd;
	struct hp_err err = { "" };

	memset(&cmd, 0x55, sizeof(cmd));
	ck_assert_msg(control_parse(&cmd, line, &err) == 0, "'%s': %s", line, err.msg);
	ck_assert_msg(cmd.verb == verb, "'%s': verb %d, want %d", line, cmd.verb, verb);
	ck_assert_msg(strcmp(cmd.name, name) == 0, "'%s': name '%s', want '%s'", line, cmd.name,
		      name);
}

START_TEST(test_commands)
{
	assert_command("enable", CONTROL_ENABLE, "");
	assert_command("disable", CONTROL_DISABLE, "");
	assert_command("ping", CONTROL_PING, "");
	assert_command("start step", CONTROL_START, "step");
	assert_command("stop step", CONTROL_STOP, "step");
	assert_command("start hot-loop", CONTROL_START, "hot-loop");
	assert_command("start A.z_0:9-x", CONTROL_START, "A.z_0:9-x");
	assert_command("start 1", CONTROL_START, "1");
	assert_command("stop 123456789012345678901234567890123456789012345678901234567890123",
		       CONTROL_STOP,
		       "123456789012345678901234567890123456789012345678901234567890123");
}
END_TEST

START_TEST(test_commands_tolerated)
{
	assert_command("enable\r", CONTROL_ENABLE, "");
	assert_command("start a\r", CONTROL_START, "a");
	assert_command("  ping", CONTROL_PING, "");
	assert_command("disable \t ", CONTROL_DISABLE, "");
	assert_command("ping \r", CONTROL_PING, "");
	assert_command("\tstart \t step  \r", CONTROL_START, "step");
}
END_TEST

START_TEST(test_blank)
{
	const char *blanks[] = { "", "\r", " ", "\t \t", "  \r" };
	struct control_command cmd;
	struct hp_err err = { "" };
	size_t i;

	cmd.verb = CONTROL_PING;
	strcpy(cmd.name, "kept");
	for (i = 0; i < sizeof(blanks) / sizeof(blanks[0]); i++) {
		ck_assert_int_eq(control_parse(&cmd, blanks[i], &err), 1);
		ck_assert_str_eq(err.msg, "");
	}
	ck_assert_int_eq(cmd.verb, CONTROL_PING);
	ck_assert_str_eq(cmd.name, "kept");
}
END_TEST

static void assert_reply(const char *line, const char *message)
{
	struct control_command cmd, before;
	struct hp_err err = { "" };

	memset(&cmd, 0x55, sizeof(cmd));
	before = cmd;
	ck_assert_msg(control_parse(&cmd, line, &err) == -1, "'%s' was accepted",
		      line ? line : "(overlong)");
	ck_assert_msg(strcmp(err.msg, message) == 0, "'%s': '%s', want '%s'",
		      line ? line : "(overlong)", err.msg, message);
	ck_assert(memcmp(&cmd, &before, sizeof(cmd)) == 0);
}

#define UNKNOWN(quoted) "unknown command '" quoted "': write enable, disable, ping, " \
	"start NAME or stop NAME"
#define BAD_NAME(quoted) "bad region name '" quoted "': use 1 to 63 of A-Z a-z 0-9 _ . : -"

START_TEST(test_replies)
{
	assert_reply(NULL, "line longer than 255 bytes: write one command per line");
	assert_reply("resume", UNKNOWN("resume"));
	assert_reply("Enable", UNKNOWN("Enable"));
	assert_reply("enabled", UNKNOWN("enabled"));
	assert_reply("snapshot", UNKNOWN("snapshot"));
	/* The quote starts at the first word and ends before the trailing blanks and '\r'. */
	assert_reply("  evlist -v \r", UNKNOWN("evlist -v"));
	assert_reply("enable\r\r", UNKNOWN("enable?"));
	assert_reply("ack", UNKNOWN("ack"));
	/* perf's per-event forms. */
	assert_reply("enable cycles", "'enable cycles': hpstat counts all its events or none: "
		     "write enable alone, or start NAME and stop NAME for a region");
	assert_reply("disable cycles,instructions", "'disable cycles,instructions': hpstat "
		     "counts all its events or none: write disable alone, or start NAME and "
		     "stop NAME for a region");
	assert_reply("ping pong", "'ping pong': write ping alone");
	/* perf record's bare "stop" is no region. */
	assert_reply("stop", "'stop' needs a region name: write stop NAME");
	assert_reply("start  \r", "'start' needs a region name: write start NAME");
	assert_reply("start a b", BAD_NAME("a b"));
	assert_reply("start a/b", BAD_NAME("a/b"));
	assert_reply("stop caf\xc3\xa9", BAD_NAME("caf??"));
	assert_reply("start a\tb", BAD_NAME("a?b"));
	assert_reply("start 1234567890123456789012345678901234567890123456789012345678901234",
		     BAD_NAME("1234567890123456789012345678901234567890123456789012345678901234"));
}
END_TEST

START_TEST(test_reply_excerpt)
{
	char line[CONTROL_LINE_MAX], want[200];

	/* Long text is quoted to 76 bytes and "...": a reply stays short. */
	memset(line, 'x', CONTROL_LINE_MAX - 1);
	line[CONTROL_LINE_MAX - 1] = '\0';
	strcpy(want, "unknown command '");
	memset(want + 17, 'x', 76);
	strcpy(want + 17 + 76, "...': write enable, disable, ping, start NAME or stop NAME");
	assert_reply(line, want);

	memcpy(line, "start ", 6);
	strcpy(want, "bad region name '");
	memset(want + 17, 'x', 76);
	strcpy(want + 17 + 76, "...': use 1 to 63 of A-Z a-z 0-9 _ . : -");
	assert_reply(line, want);
}
END_TEST

/* The whole path a channel's bytes take: reader, parser, replies. */
START_TEST(test_session)
{
	static const char *const pieces[] = {
		"enable\r\nst", "art init\n\n", "stop init\nbogus\n", "  \r\nping\ndisable\n",
	};
	struct control_reader r;
	struct control_command cmd;
	struct hp_err err;
	const char *line;
	char got[1024] = "";
	size_t i;

	control_reader_init(&r);
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		control_reader_feed(&r, pieces[i], strlen(pieces[i]));
		while (control_reader_next(&r, &line)) {
			switch (control_parse(&cmd, line, &err)) {
			case 0:
				strcat(got, cmd.verb == CONTROL_START ? "S:" :
					    cmd.verb == CONTROL_STOP ? "T:" :
					    cmd.verb == CONTROL_ENABLE ? "E" :
					    cmd.verb == CONTROL_DISABLE ? "D" : "P");
				strcat(got, cmd.name);
				strcat(got, " ack\n");
				break;
			case 1:
				break;
			default:
				strcat(got, "err ");
				strcat(got, err.msg);
				strcat(got, "\n");
			}
		}
	}
	ck_assert_str_eq(got, "E ack\nS:init ack\nT:init ack\nerr " UNKNOWN("bogus") "\n"
			 "P ack\nD ack\n");
}
END_TEST

static Suite *control_suite(void)
{
	Suite *s = suite_create("control");
	TCase *spec = tcase_create("spec"), *reader = tcase_create("reader"),
	      *parse = tcase_create("parse");

	tcase_add_test(spec, test_spec_env);
	tcase_add_test(spec, test_spec_fifo);
	tcase_add_test(spec, test_spec_fd);
	tcase_add_test(spec, test_spec_refused);
	suite_add_tcase(s, spec);
	tcase_add_test(reader, test_reader_whole_lines);
	tcase_add_test(reader, test_reader_pieces);
	tcase_add_test(reader, test_reader_nul);
	tcase_add_test(reader, test_reader_overlong);
	suite_add_tcase(s, reader);
	tcase_add_test(parse, test_commands);
	tcase_add_test(parse, test_commands_tolerated);
	tcase_add_test(parse, test_blank);
	tcase_add_test(parse, test_replies);
	tcase_add_test(parse, test_reply_excerpt);
	tcase_add_test(parse, test_session);
	suite_add_tcase(s, parse);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(control_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
