"""e2e.py - what the end-to-end Python tests share: where hpstat and the test programs are
(make check says so in HPSTAT and PROGS), checked once per test module."""
import os
import shutil

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


NOBODY = 65534


def become_nobody():
    """For a preexec_fn: the ids of nobody, with no supplementary group."""
    os.setgroups([])
    os.setgid(NOBODY)
    os.setuid(NOBODY)


def copy_for_nobody(directory, name="hpstat"):
    """A copy of hpstat in directory (made readable and searchable) that nobody may run:
    the build tree itself may be private. Returns its path."""
    os.chmod(directory, 0o755)
    binary = os.path.join(directory, name)
    shutil.copy(HPSTAT, binary)
    os.chmod(binary, 0o755)
    return binary
