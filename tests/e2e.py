"""e2e.py - what the end-to-end Python tests share: where hpstat and the test programs are
(make check says so in HPSTAT and PROGS), checked once per test module."""
import os
import select
import shutil
import subprocess
import sys

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


# A CPU family file over software events, which count on every machine, to stand in for a
# CPU's with HPSTAT_FAMILY. Shares of four software counts; touch_pages N takes about N page
# faults, so the biggest candidate is known: page-faults and minor-faults both far above the
# scheduling counts. Level 2 has an event no CPU has.
STAND_IN_FAMILY = """description: a stand-in family over software events
cpu: arch=nothing
define: total = page-faults + context-switches + cpu-migrations + minor-faults
group: TopdownL1 | level 1: where the stand-in slots went
events: {page-faults, context-switches, cpu-migrations, minor-faults}
metric: retiring | % | 100 * page-faults / total | faults
metric: bad speculation | % | 100 * context-switches / total | switches
metric: frontend bound | % | 100 * cpu-migrations / total | migrations
metric: backend bound | % | 100 * minor-faults / total | minor faults
bottleneck: bad speculation, frontend bound, backend bound
group: TopdownL2 | level 2: one deeper
events: {page-faults, context-switches, cpu-migrations, minor-faults, major-faults, no-such-event}
metric: memory bound | % | 100 * major-faults / total | major faults
metric: core bound | % | 100 * no-such-event / total | an event this CPU lacks
"""


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


def assert_whole_cpus_refused(test, res):
    """res: hpstat counting whole CPUs (-a, -C, -G) as an unprivileged user. Above
    perf_event_paranoid 0 it is refused in one line with the level and the fixes; at 0 and
    below it counts."""
    with open("/proc/sys/kernel/perf_event_paranoid") as f:
        level = int(f.read())
    if level <= 0:
        test.assertEqual(res.returncode, 0, res.stderr)
        return
    test.assertEqual(res.returncode, 125, res.stderr)
    test.assertRegex(res.stderr, r"^hpstat: no permission to count CPU \d+ "
                     r"\(perf_event_paranoid is %d\): whole CPUs need root, "
                     r"CAP_PERFMON \('make install-caps'\), or "
                     r"'sysctl kernel.perf_event_paranoid=0'\n$" % level)


def has_pmu():
    """Whether hardware events count on this machine, asked of perf stat (not of hpstat, which
    is under test); without perf, whether sysfs lists a core PMU."""
    perf = shutil.which("perf")
    if perf:
        p = subprocess.run([perf, "stat", "-x,", "-e", "instructions", "true"],
                           capture_output=True, text=True, timeout=60)
        return "<not supported>" not in p.stdout + p.stderr
    names = os.listdir("/sys/bus/event_source/devices")
    return any(n in ("cpu", "cpu_core", "cpu_atom") or n.startswith("armv") for n in names)


def locale_env(name):
    """os.environ with LC_ALL=name when that locale is installed here, else None: the caller
    skips, saying which locale is missing (.ci/run installs the ones the tests use)."""
    probe = subprocess.run([sys.executable, "-c", "import locale, sys; "
                            "locale.setlocale(locale.LC_ALL, sys.argv[1])", name],
                           capture_output=True, timeout=60)
    if probe.returncode != 0:
        return None
    env = dict(os.environ, LC_ALL=name)
    env.pop("LANGUAGE", None)
    return env


def start_ready(argv, env=None, hang_s=60, **popen):
    """Starts a program that writes "ready" to the descriptor HP_READY_FD names once it runs
    (tests/progs/waiter, say) and returns its Popen after that line came. A program that
    never says it, or says something else, is killed and fails the test."""
    read_end, write_end = os.pipe()
    proc = subprocess.Popen(argv, env=dict(os.environ if env is None else env,
                                           HP_READY_FD=str(write_end)),
                            pass_fds=(write_end,), **popen)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as ready:
        line = ready.readline() if select.select([ready], [], [], hang_s)[0] else None
    if line is None or not line.startswith(b"ready"):
        proc.kill()
        proc.wait()
        raise AssertionError("%s %s" % (argv[0], "never said it runs" if line is None else
                                        "did not start: %r" % line))
    return proc
