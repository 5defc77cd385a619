/* exit_with: exit with the given status, for testing how exit codes are passed through. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	char *end;
	long code;

	/* Only 0..255 survive wait(2) unchanged; anything else would test nothing. */
	if (argc == 2 && argv[1][0] >= '0' && argv[1][0] <= '9') {
		errno = 0;
		code = strtol(argv[1], &end, 10);
		if (!errno && !*end && code <= 255)
			return (int)code;
	}
	fputs("usage: exit_with CODE (0-255)\n", stderr);
	return 2;
}
