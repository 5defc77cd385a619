/* baseline.c - a saved --json result turned back into per-quantity statistics. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "baseline.h"
#include "json_read.h"

/* The largest value a saved count or time may hold: above any 64-bit count (1.8e19), far
 * below where a change in percent overflows. */
#define VALUE_MAX 2e19

/* Where a value was read, for the message when it is none a result can hold. */
struct place {
	const char *path, *what; /* the file; "per_run of 'page-faults'", "elapsed_s" */
};

static int value_refused(const struct place *at, size_t run, struct hp_err *err)
{
	return err_set(err, "cannot read the baseline '%s': the %s of run %zu is no value an hpstat "
		       "result holds (not a number, negative, or too big): give a file written by "
		       "'hpstat --json -o FILE'", at->path, at->what, run + 1);
}

/* Adds v to s: null (a run that did not count) is left out; anything else must be a finite
 * number, not negative for counts and times (nonnegative), at most VALUE_MAX. */
static int value_add(struct stats *s, const struct json_value *v, bool nonnegative,
		     const struct place *at, size_t run, struct hp_err *err)
{
	double x;

	if (!v || v->type == JSON_NULL)
		return 0;
	if (!json_number_of(v, &x) || fabs(x) > VALUE_MAX || (nonnegative && x < 0))
		return value_refused(at, run, err);
	stats_add(s, x);
	return 0;
}

/* Welford over a per-run array, one value per run. */
static int stats_of_runs(struct stats *s, const struct json_value *per_run, size_t runs,
			 bool nonnegative, const struct place *at, struct hp_err *err)
{
	size_t i;

	stats_init(s);
	if (!per_run || per_run->type != JSON_ARRAY || per_run->array.n != runs)
		return err_set(err, "cannot read the baseline '%s': the %s has %zu values for %zu "
			       "runs: give a file written by 'hpstat --json -o FILE'", at->path,
			       at->what, per_run && per_run->type == JSON_ARRAY ?
			       per_run->array.n : 0, runs);
	for (i = 0; i < runs; i++)
		if (value_add(s, json_at(per_run, i), nonnegative, at, i, err))
			return -1;
	return 0;
}

static const char *string_or(const struct json_value *v, const char *otherwise)
{
	const char *text;

	return json_string_of(v, &text, NULL) ? text : otherwise;
}

/* The per-run times from runs[].field, as the report's time quantities. */
static int add_time(struct baseline *b, const struct json_value *runs, const char *field,
		    const char *key, const char *unit, const char *path, struct hp_err *err)
{
	const struct place at = { path, field };
	struct stats s;
	size_t i;

	stats_init(&s);
	for (i = 0; i < b->runs; i++)
		if (value_add(&s, json_get(json_at(runs, i), field), true, &at, i, err))
			return -1;
	return quantity_list_add(&b->quantities, key, key, unit, QUANTITY_TIME,
				 QUANTITY_LOWER_BETTER, &s, err);
}

static int add_event(struct baseline *b, const struct json_value *event, const char *path,
		     struct hp_err *err)
{
	const char *name = string_or(json_get(event, "name"), NULL);
	const struct json_value *metrics = json_get(event, "metrics"), *m;
	char what[160];
	struct place at = { path, what };
	struct stats s;
	bool percent = false;
	size_t i;

	if (!name || strcmp(string_or(json_get(event, "state"), ""), "counted") != 0)
		return 0;
	snprintf(what, sizeof(what), "per_run of '%.100s'", name);
	if (stats_of_runs(&s, json_get(event, "per_run"), b->runs, true, &at, err) ||
	    quantity_list_add(&b->quantities, name, name,
			      string_or(json_get(event, "unit"), ""), QUANTITY_EVENT,
			      QUANTITY_LOWER_BETTER, &s, err))
		return -1;
	for (i = 0; (m = json_at(metrics, i)); i++) {
		const char *unit = string_or(json_get(m, "unit"), NULL);

		json_bool_of(json_get(m, "percent"), &percent);
		snprintf(what, sizeof(what), "per_run of '%.60s' of '%.60s'", unit ? unit : "?",
			 name);
		if (stats_of_runs(&s, json_get(m, "per_run"), b->runs, false, &at, err))
			return -1;
		if (unit && s.n && quantity_list_add_metric(&b->quantities, name, unit, percent, &s,
							    err))
			return -1;
	}
	return 0;
}

/* A preset's own metrics, from the document's top-level "metrics". */
static int add_named(struct baseline *b, const struct json_value *metrics, const char *path,
		     struct hp_err *err)
{
	const struct json_value *m;
	char what[160];
	const struct place at = { path, what };
	struct stats s;
	size_t i;

	for (i = 0; (m = json_at(metrics, i)); i++) {
		const char *name = string_or(json_get(m, "name"), NULL);

		snprintf(what, sizeof(what), "per_run of '%.100s'", name ? name : "?");
		if (stats_of_runs(&s, json_get(m, "per_run"), b->runs, false, &at, err))
			return -1;
		if (name && s.n &&
		    quantity_list_add(&b->quantities, name, name,
				      string_or(json_get(m, "unit"), ""), QUANTITY_METRIC,
				      QUANTITY_NEUTRAL, &s, err))
			return -1;
	}
	return 0;
}

/* The one-command result inside doc: doc itself, or a comparison's reference command's. */
static const struct json_value *result_of(const struct json_value *doc)
{
	double reference = 0;

	if (strcmp(string_or(json_get(doc, "kind"), ""), "comparison") != 0)
		return doc;
	json_number_of(json_get(doc, "reference"), &reference);
	return json_get(json_at(json_get(doc, "commands"), (size_t)reference), "result");
}

static int result_read(struct baseline *b, const struct json_value *result, const char *path,
		       struct hp_err *err)
{
	const struct json_value *runs = json_get(result, "runs"), *ev;
	size_t i;

	if (!json_get(result, "events") || !runs || runs->type != JSON_ARRAY)
		return err_set(err, "'%s' is not an hpstat --json result: give a file written by "
			       "'hpstat --json -o FILE'", path);
	b->runs = runs->array.n;
	if (b->runs == 0)
		return err_set(err, "'%s' holds no finished run to compare against", path);
	b->command = strdup(string_or(json_get(result, "command"), "?"));
	if (!b->command)
		return err_set(err, "out of memory");
	if (add_time(b, runs, "elapsed_s", "elapsed", "s", path, err) ||
	    add_time(b, runs, "user_s", "user", "s", path, err) ||
	    add_time(b, runs, "sys_s", "sys", "s", path, err) ||
	    add_time(b, runs, "max_rss_kib", "max-rss", "KiB", path, err))
		return -1;
	for (i = 0; (ev = json_at(json_get(result, "events"), i)); i++)
		if (add_event(b, ev, path, err))
			return -1;
	return add_named(b, json_get(result, "metrics"), path, err);
}

int baseline_parse(struct baseline *b, const char *text, size_t len, const char *path,
		   struct hp_err *err)
{
	struct json_value doc;
	struct hp_err why;
	int ret;

	memset(b, 0, sizeof(*b));
	if (json_parse(&doc, text, len, &why))
		return err_set(err, "cannot read the baseline '%s': %s", path, why.msg);
	ret = result_read(b, result_of(&doc), path, err);
	json_free(&doc);
	return ret;
}

void baseline_release(struct baseline *b)
{
	quantity_list_release(&b->quantities);
	free(b->command);
	memset(b, 0, sizeof(*b));
}
