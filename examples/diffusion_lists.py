#!/usr/bin/env python3
"""diffusion_lists.py - 2-D diffusion in pure Python lists, a new grid every step.

The first of four versions of one stencil (examples/diffusion.c is the C one):
each step builds a fresh list of lists for the result, so the interpreter
allocates and frees n*n float objects and n lists per step.

usage: diffusion_lists.py [N] [STEPS]    (grid N x N, default 128 x 128, 40 steps)
"""
from diffusion_common import K, arguments, hot_square, report


def initial(n):
    """A hot square in the middle of a cold plate, as in diffusion.c."""
    lo, hi = hot_square(n)
    return [[0.005 if lo <= i < hi and lo <= j < hi else 0.0 for j in range(n)]
            for i in range(n)]


def evolve(grid, n, k):
    """One explicit Euler step with periodic edges, into a new grid.

    The neighbours are added in the order diffusion.c adds them, so every
    version computes the same doubles; grid[i - 1] and c[j - 1] wrap around
    by themselves (index -1 is the last)."""
    new = []
    for i in range(n):
        up, c, dn = grid[i - 1], grid[i], grid[(i + 1) % n]
        new.append([c[j] + k * (up[j] + dn[j] + c[j - 1] + c[(j + 1) % n] - 4.0 * c[j])
                    for j in range(n)])
    return new


def main():
    n, steps = arguments()
    grid = initial(n)
    for _ in range(steps):
        grid = evolve(grid, n, K)
    report(n, steps, [x for row in grid for x in row])


if __name__ == "__main__":
    main()
