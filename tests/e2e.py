"""e2e.py - what the end-to-end Python tests share: where hpstat and the test programs are
(make check says so in HPSTAT and PROGS), checked once per test module."""
import os

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")


def require_environment():
    """For a test module's setUpModule: fail at once, and plainly, outside make check."""
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def prog(name):
    """The path of a program built in tests/progs."""
    return os.path.join(PROGS, name)
