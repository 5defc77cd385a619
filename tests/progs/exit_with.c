/* exit_with: exit with the given status, for testing how exit codes are passed through. */
#include <stdio.h>

#include "progs_args.h"

int main(int argc, char **argv)
{
	unsigned long code;

	/* Only 0..255 survive wait(2) unchanged; anything else would test nothing. */
	if (argc == 2 && progs_parse_count(argv[1], 255, &code))
		return (int)code;
	fputs("usage: exit_with CODE (0-255)\n", stderr);
	return 2;
}
