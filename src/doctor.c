/* doctor.c - the --doctor mode: procfs and sysfs facts, judged, printed as text or JSON. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "diagnosis.h"
#include "doctor.h"
#include "machine.h"

int doctor(const struct options *opts, struct hp_err *err)
{
	struct diagnosis_facts facts;
	struct diagnosis d;
	int ret;

	machine_read_facts(&facts, "");
	diagnosis_make(&d, &facts);
	if (opts->format == OPTIONS_JSON)
		ret = diagnosis_write_json(stdout, &d);
	else
		ret = diagnosis_write_text(stdout, &d);
	if (ret)
		return err_set(err, "cannot write the findings to standard output: %s",
			       strerror(errno));
	return 0;
}
