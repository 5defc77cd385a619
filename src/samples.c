/* samples.c - growable per-run storage. */
#include <stdlib.h>
#include <string.h>

#include "samples.h"

void samples_init(struct samples *s, size_t n_events)
{
	memset(s, 0, sizeof(*s));
	s->n_events = n_events;
}

void samples_release(struct samples *s)
{
	free(s->counts);
	free(s->runs);
	memset(s, 0, sizeof(*s));
}

int samples_add(struct samples *s, const struct sample_count *counts,
		const struct sample_run *run, struct hp_err *err)
{
	if (s->n_runs == s->cap_runs) {
		size_t cap = s->cap_runs ? 2 * s->cap_runs : 16;
		struct sample_count *c = realloc(s->counts, cap * (s->n_events ? s->n_events : 1) *
						 sizeof(*c));
		struct sample_run *r;

		if (!c)
			return err_set(err, "out of memory");
		s->counts = c;
		r = realloc(s->runs, cap * sizeof(*r));
		if (!r)
			return err_set(err, "out of memory");
		s->runs = r;
		s->cap_runs = cap;
	}
	if (s->n_events)
		memcpy(&s->counts[s->n_runs * s->n_events], counts,
		       s->n_events * sizeof(*counts));
	s->runs[s->n_runs++] = *run;
	return 0;
}

int samples_exit_code(const struct samples *s)
{
	size_t i;

	for (i = 0; i < s->n_runs; i++)
		if (s->runs[i].exit_code != 0)
			return s->runs[i].exit_code;
	return 0;
}
