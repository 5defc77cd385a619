/* verbose.c - the -v lines: each event's encoding and the fallbacks taken. */
#include "verbose.h"

#include <linux/hw_breakpoint.h>
#include <string.h>

struct field {
	const char *name;
	unsigned long long value;
	bool hex;
};

/* attr's fields that are set, in perf -vv's names, written "name=value" after a space. */
static void write_attr(FILE *out, const struct perf_event_attr *a)
{
	const struct field fields[] = {
		{ "type", a->type, false },
		{ "config", a->config, true },
		{ "config1", a->type == PERF_TYPE_BREAKPOINT ? 0 : a->config1, true },
		{ "config2", a->type == PERF_TYPE_BREAKPOINT ? 0 : a->config2, true },
		{ "bp_type", a->type == PERF_TYPE_BREAKPOINT ? a->bp_type : 0, false },
		{ "bp_addr", a->type == PERF_TYPE_BREAKPOINT ? a->bp_addr : 0, true },
		{ "bp_len", a->type == PERF_TYPE_BREAKPOINT ? a->bp_len : 0, false },
		{ "inherit", a->inherit, false },
		{ "pinned", a->pinned, false },
		{ "exclusive", a->exclusive, false },
		{ "exclude_user", a->exclude_user, false },
		{ "exclude_kernel", a->exclude_kernel, false },
		{ "exclude_hv", a->exclude_hv, false },
		{ "exclude_idle", a->exclude_idle, false },
		{ "exclude_host", a->exclude_host, false },
		{ "exclude_guest", a->exclude_guest, false },
	};
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		/* type and config always: 0 is cycles. */
		if (!fields[i].value && i > 1)
			continue;
		fprintf(out, fields[i].hex ? " %s=%#llx" : " %s=%llu", fields[i].name,
			fields[i].value);
	}
}

static void write_notes(FILE *out, const struct event *ev)
{
	const struct modifier_notes *m = &ev->notes;

	if (m->precise || m->precise_max)
		fprintf(out, "hpstat: -v: '%s': modifier %s asks for precise sampled addresses, "
			"which counting has none of: ignored (precise_ip 0)\n", ev->name,
			m->precise_max ? "P" : m->precise == 1 ? "p" : m->precise == 2 ? "pp" : "ppp");
	if (m->sample_read)
		fprintf(out, "hpstat: -v: '%s': modifier S: hpstat reads every group through its "
			"leader already\n", ev->name);
	if (m->weak)
		fprintf(out, "hpstat: -v: '%s': modifier W (weak group): ignored; a group the "
			"kernel refuses is an error that says so\n", ev->name);
	if (m->bpf)
		fprintf(out, "hpstat: -v: '%s': modifier b (BPF counting): ignored; hpstat reads "
			"the counter itself\n", ev->name);
	if (ev->ignored_term[0])
		fprintf(out, "hpstat: -v: '%s': term '%s' changes nothing hpstat counts: ignored\n",
			ev->name, ev->ignored_term);
}

static void write_fallbacks(FILE *out, const struct event *ev, const struct counter_set *cs,
			    size_t i)
{
	if (ev->added)
		fprintf(out, "hpstat: -v: '%s': added as the partner a derived metric needs\n",
			ev->name);
	if (cs->unsupported[i]) {
		fprintf(out, "hpstat: -v: '%s': the kernel refused it here: <not supported>\n",
			ev->name);
		return;
	}
	if (cs->user_only[i])
		fprintf(out, "hpstat: -v: '%s': kernel-mode counting was refused "
			"(perf_event_paranoid): counted in user mode only\n", ev->name);
	if (ev->attr.exclude_guest && !cs->attr[i].exclude_guest)
		fprintf(out, "hpstat: -v: '%s': its PMU cannot leave guests out: opened without "
			"exclude_guest, as perf opens it\n", ev->name);
}

void verbose_write(FILE *out, const struct event *events, size_t n,
		   const struct counter_set *counters)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct event *ev = &events[i];

		if (ev->tool) {
			fprintf(out, "hpstat: -v: '%s': a tool event, measured by hpstat (no "
				"counter)\n", ev->name);
			continue;
		}
		if (ev->absent) {
			fprintf(out, "hpstat: -v: '%s': a CPU family's event that does not resolve "
				"here: <not supported>\n", ev->name);
			continue;
		}
		fprintf(out, "hpstat: -v: '%s' is %s:", ev->name, ev->resolved);
		write_attr(out, counters && i < counters->n ? &counters->attr[i] : &ev->attr);
		fputc('\n', out);
		write_notes(out, ev);
		if (counters && i < counters->n)
			write_fallbacks(out, ev, counters, i);
	}
}
