/* list.c - the --list mode: events, PMUs, tracepoints and presets, as text, CSV or JSON. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "counter.h"
#include "event.h"
#include "event_sysfs.h"
#include "family.h"
#include "list.h"
#include "listing.h"
#include "preset.h"
#include "spec.h"

/* Whether the pattern is in group g's name or one of its metrics' (shown with its group). */
static bool group_matches(const struct listing *l, const struct preset *family, size_t g)
{
	size_t i;

	if (listing_matches(l, family->groups[g].name))
		return true;
	for (i = 0; i < family->n_metrics; i++)
		if (family->metrics[i].group == g && listing_matches(l, family->metrics[i].name))
			return true;
	return false;
}

/* The metric groups of this CPU's family (-M, --topdown), or a note saying why there are
 * none. Other CPUs' family files are no presets to list. */
static int add_metric_groups(struct listing *l, struct hp_err *err)
{
	struct family_machine machine;
	struct preset family;
	char why[128], note[200];
	size_t g;
	int found;

	family_machine_read(&machine, &event_sysfs_system);
	found = family_of_this_cpu(&machine, &family, why, sizeof(why), err);
	if (found < 0)
		return -1;
	if (found == 0) {
		if (l->pattern)
			return 0;
		snprintf(note, sizeof(note), "no metric groups (-M, --topdown) on this CPU: %s",
			 why);
		return listing_add_note(l, note, err);
	}
	for (g = 0; g < family.n_groups && found == 1; g++)
		if (group_matches(l, &family, g) && listing_add_metric_group(l, &family, g, err))
			found = -1;
	preset_release(&family);
	return found < 0 ? -1 : 0;
}

int list(const struct options *opts, struct hp_err *err)
{
	event_probe_fn probe = opts->list_supported ? counter_probe : NULL;
	char **names = NULL, at_name[SPEC_PRESET_NAME_MAX + 2];
	size_t n_names = 0, i;
	struct listing l;
	int ret = -1;

	listing_init(&l, opts->list_pattern, probe != NULL);
	if (event_listing_collect(&l, probe, err) ||
	    preset_names(NULL, &names, &n_names, err))
		goto out;
	/* A build that was never installed finds no presets: the listing says why, not nothing. */
	if (n_names == 0) {
		struct hp_err why;

		preset_none_found(NULL, &why);
		if (listing_add_note(&l, why.msg, err))
			goto out;
	}
	for (i = 0; i < n_names; i++) {
		struct preset p;
		size_t n_open = 0;
		bool failed;

		snprintf(at_name, sizeof(at_name), "@%s", names[i]);
		if (!listing_matches(&l, at_name))
			continue;
		if (preset_load(names[i], &p, err)) {
			/* One broken file must not hide the other presets: say what is wrong. */
			if (listing_add_note(&l, err->msg, err))
				goto out;
			continue;
		}
		/* Under --supported a preset none of whose events opens is left out. */
		failed = p.n_cpus ? false : (probe && event_spec_probe(&p.spec, probe, &n_open, err)) ||
			 ((!probe || n_open) && listing_add_preset(&l, &p, n_open, err));
		preset_release(&p);
		if (failed)
			goto out;
	}
	if (add_metric_groups(&l, err))
		goto out;
	if (opts->format == OPTIONS_JSON)
		ret = listing_write_json(stdout, &l);
	else if (opts->format == OPTIONS_CSV)
		ret = listing_write_csv(stdout, &l);
	else
		ret = listing_write_text(stdout, &l, 100);
	if (ret)
		err_set(err, "cannot write the listing to standard output: %s", strerror(errno));
out:
	preset_names_free(names, n_names);
	listing_release(&l);
	return ret;
}
