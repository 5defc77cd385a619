/* output_json.c - placeholder until the backend lands in this series; refuses to write. */
#include "output.h"

int output_json_write(FILE *out, const struct report *r, const struct output_options *opts)
{
	(void)out;
	(void)r;
	(void)opts;
	return -1;
}
