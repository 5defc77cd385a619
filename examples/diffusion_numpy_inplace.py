#!/usr/bin/env python3
"""diffusion_numpy_inplace.py - 2-D diffusion with NumPy, no allocation per step.

The last of four versions (see diffusion_lists.py): the same arithmetic as
diffusion_numpy.py, but every operation writes into one of three arrays made
at the start (out= arguments, in-place operators, slices that are views), so
the steps allocate no array memory at all.

usage: diffusion_numpy_inplace.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("diffusion_numpy_inplace.py: needs NumPy (Debian: apt-get install python3-numpy)")

from diffusion_common import K, arguments, hot_square, report


def initial(n):
    grid = np.zeros((n, n))
    lo, hi = hot_square(n)
    grid[lo:hi, lo:hi] = 0.005
    return grid


def evolve(grid, out, scratch, k):
    """One step from grid into out. Each neighbour is added as two slices (the
    shifted body and the row or column that wraps around), in diffusion.c's
    order: up, down, left, right, minus four times the centre."""
    out[1:] = grid[:-1]                 # up
    out[0] = grid[-1]
    out[:-1] += grid[1:]                # down
    out[-1] += grid[0]
    out[:, 1:] += grid[:, :-1]          # left
    out[:, 0] += grid[:, -1]
    out[:, :-1] += grid[:, 1:]          # right
    out[:, -1] += grid[:, 0]
    np.multiply(grid, 4.0, out=scratch)
    out -= scratch
    out *= k
    out += grid


def main():
    n, steps = arguments()
    grid = initial(n)
    spare = np.empty_like(grid)
    scratch = np.empty_like(grid)
    for _ in range(steps):
        evolve(grid, spare, scratch, K)
        grid, spare = spare, grid
    report(n, steps, grid.ravel().tolist())


if __name__ == "__main__":
    main()
