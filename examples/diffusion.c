/* diffusion: 2-D heat-equation workload whose two variants differ mainly in page faults. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

/*
 * Defaults: one grid is 256 * 256 doubles = 512 KiB = 128 pages, so "inplace"
 * faults in only ~256 data pages in total, while "alloc" faults in ~128 fresh
 * pages on every one of its 1000 steps. On a small x86-64 VM that is about
 * 0.27 s for "alloc" and 0.06 s for "inplace": the gap is the fault cost.
 */
#define DEFAULT_N	256
#define DEFAULT_STEPS	1000
#define MAX_N		16384

#define DIFF_D		1.0
#define DIFF_DT		0.1

static _Noreturn void usage(void)
{
	fputs("usage: diffusion alloc|inplace [N] [STEPS]\n", stderr);
	exit(2);
}

/* Strict decimal parse: rejects empty strings, signs, trailing junk and overflow. */
static long parse_count(const char *s, long min, long max)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		usage();
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		usage();
	return v;
}

static double *grid_alloc(size_t n)
{
	double *g = malloc(n * n * sizeof(*g));

	if (!g) {
		perror("diffusion: malloc");
		exit(1);
	}
	return g;
}

/* A hot square in the middle of a cold plate, so the field actually evolves. */
static void grid_init(double *g, size_t n)
{
	size_t lo = n * 2 / 5, hi = n * 3 / 5;

	memset(g, 0, n * n * sizeof(*g));
	for (size_t i = lo; i < hi; i++)
		for (size_t j = lo; j < hi; j++)
			g[i * n + j] = 0.005;
}

/*
 * One explicit Euler step of du/dt = D * laplacian(u), 5-point stencil, periodic
 * edges. The wrap-around is resolved per row and for the two edge columns only,
 * so the inner loop has no modulo and the compiler can vectorise it.
 */
static void evolve(const double *restrict in, double *restrict out, size_t n)
{
	const double k = DIFF_D * DIFF_DT;

	for (size_t i = 0; i < n; i++) {
		const double *up = in + ((i + n - 1) % n) * n;
		const double *dn = in + ((i + 1) % n) * n;
		const double *c = in + i * n;
		double *o = out + i * n;

		o[0] = c[0] + k * (up[0] + dn[0] + c[n - 1] + c[1] - 4.0 * c[0]);
		for (size_t j = 1; j < n - 1; j++)
			o[j] = c[j] + k * (up[j] + dn[j] + c[j - 1] + c[j + 1] - 4.0 * c[j]);
		o[n - 1] = c[n - 1] + k * (up[n - 1] + dn[n - 1] + c[n - 2] + c[0]
					   - 4.0 * c[n - 1]);
	}
}

int main(int argc, char **argv)
{
	size_t n = DEFAULT_N;
	long steps = DEFAULT_STEPS;
	double *grid, *next, sum = 0.0, sumsq = 0.0;
	int alloc_mode;

	if (argc < 2 || argc > 4)
		usage();
	if (!strcmp(argv[1], "alloc"))
		alloc_mode = 1;
	else if (!strcmp(argv[1], "inplace"))
		alloc_mode = 0;
	else
		usage();
	if (argc > 2)
		n = (size_t)parse_count(argv[2], 3, MAX_N);
	if (argc > 3)
		steps = parse_count(argv[3], 1, LONG_MAX);

#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
	/*
	 * glibc raises its mmap threshold to the size of the first mmapped block
	 * that is freed, after which our grids would be recycled from the heap
	 * and "alloc" would stop faulting. Pinning the threshold keeps every
	 * grid a fresh mmap, which is the behaviour this variant demonstrates.
	 */
	if (alloc_mode)
		mallopt(M_MMAP_THRESHOLD, 64 * 1024);
#endif

	grid = grid_alloc(n);
	grid_init(grid, n);
	next = alloc_mode ? NULL : grid_alloc(n);

	for (long s = 0; s < steps; s++) {
		if (alloc_mode) {
			/* Fresh, untouched memory every step: the point of this variant. */
			next = grid_alloc(n);
			evolve(grid, next, n);
			free(grid);
			grid = next;
		} else {
			double *t = grid;

			evolve(grid, next, n);
			grid = next;
			next = t;
		}
	}

	/* The plain sum is conserved by periodic diffusion; the sum of squares is not. */
	for (size_t i = 0; i < n * n; i++) {
		sum += grid[i];
		sumsq += grid[i] * grid[i];
	}
	printf("diffusion %s n=%zu steps=%ld checksum sum=%.12g sumsq=%.12g\n",
	       alloc_mode ? "alloc" : "inplace", n, steps, sum, sumsq);

	free(grid);
	if (!alloc_mode)
		free(next);
	return 0;
}
