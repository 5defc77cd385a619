#!/usr/bin/env python3
"""diffusion_numpy.py - 2-D diffusion with NumPy, new arrays every step.

The third of four versions (see diffusion_lists.py): whole-array arithmetic
instead of a Python loop per cell. Written the natural way, every np.roll and
every operator returns a fresh array, so one step allocates about ten arrays
the size of the grid.

usage: diffusion_numpy.py [N] [STEPS]    (default 128 x 128, 40 steps)
"""
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("diffusion_numpy.py: needs NumPy (Debian: apt-get install python3-numpy)")

from diffusion_common import K, arguments, hot_square, report


def initial(n):
    grid = np.zeros((n, n))
    lo, hi = hot_square(n)
    grid[lo:hi, lo:hi] = 0.005
    return grid


def evolve(grid, k):
    """One step; rolling by +1 along an axis brings the upper (left) neighbour
    to each cell. The terms are added in diffusion.c's order."""
    laplacian = (np.roll(grid, 1, axis=0) + np.roll(grid, -1, axis=0)
                 + np.roll(grid, 1, axis=1) + np.roll(grid, -1, axis=1) - 4.0 * grid)
    return grid + k * laplacian


def main():
    n, steps = arguments()
    grid = initial(n)
    for _ in range(steps):
        grid = evolve(grid, K)
    report(n, steps, grid.ravel().tolist())


if __name__ == "__main__":
    main()
