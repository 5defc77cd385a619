"""test_locale.py - the text report's numbers as perf writes them: digits grouped as LC_NUMERIC
groups them (none under C, commas under en_US, dots under de_DE, whose decimal point is a
comma), -B and --no-big-num, the machine formats in C whatever the locale; a count's mean
that is not whole keeps its decimals; a long metric unit moves its column for every line.

A test that needs a locale skips, naming it, only where it is not installed; .ci/run
installs en_US.UTF-8 and de_DE.UTF-8."""
import os
import re
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, locale_env, prog, require_environment

HANG_S = 120
PAGES = 2000
FAULTS = (PAGES, PAGES + 100)


def setUpModule():
    require_environment()


def hpstat(*args, env):
    p = subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S,
                       env=env)
    if p.returncode != 0:
        raise AssertionError("hpstat %s exited %d: %s" % (args, p.returncode, p.stderr))
    return p.stderr


def touch():
    return [prog("touch_pages"), str(PAGES)]


def value_of(report, event):
    """The value field of event's line in a text report."""
    m = re.search(r"^ *(\S+) +(msec )?" + re.escape(event) + r"\b", report, re.M)
    if not m:
        raise AssertionError("no line for %s in:\n%s" % (event, report))
    return m.group(1)


class Grouping(unittest.TestCase):
    def env(self, name):
        env = locale_env(name)
        if env is None:
            self.skipTest("the %s locale is not installed here (.ci/run installs it)" % name)
        return env

    def test_c_has_no_separators(self):
        env = dict(os.environ, LC_ALL="C")
        self.assertRegex(value_of(hpstat("-e", "page-faults", *touch(), env=env),
                                  "page-faults"), r"^20\d\d$")

    def test_en_us_commas(self):
        env = self.env("en_US.UTF-8")
        for flags in ([], ["-B"], ["--big-num"], ["--no-big-num", "-B"]):
            with self.subTest(flags=flags):
                report = hpstat(*flags, "-e", "page-faults,task-clock", *touch(), env=env)
                self.assertRegex(value_of(report, "page-faults"), r"^2,0\d\d$")
                self.assertRegex(value_of(report, "task-clock"), r"^\d+\.\d\d$")
        report = hpstat("--no-big-num", "-e", "page-faults", *touch(), env=env)
        self.assertRegex(value_of(report, "page-faults"), r"^20\d\d$")

    def test_de_de_dots_and_a_decimal_comma(self):
        env = self.env("de_DE.UTF-8")
        report = hpstat("-r", "2", "-e", "page-faults,task-clock", *touch(), env=env)
        self.assertRegex(value_of(report, "page-faults"), r"^2\.0\d\d(,\d\d)?$")
        self.assertRegex(value_of(report, "task-clock"), r"^\d+,\d\d$")
        self.assertRegex(report, r"\d+,\d+ \+- \d+,\d+ seconds time elapsed  \( \+- +\d+,\d\d% \)")
        self.assertRegex(report, r"# +\d+,\d{3} CPUs utilized")
        # An interval's bounds hold decimal commas: a semicolon keeps them apart.
        report = hpstat("-r", "3", "--stats", "-e", "task-clock", *touch(), env=env)
        self.assertRegex(report, r"95% CI \[\d+,\d+; \d+,\d+\]")

    def test_machine_formats_stay_in_c(self):
        env = self.env("de_DE.UTF-8")
        fields = hpstat("-x;", "-e", "task-clock,page-faults", *touch(), env=env).split(";")
        self.assertRegex(fields[0], r"^\d+\.\d\d$")
        csv = hpstat("--csv", "-e", "task-clock", *touch(), env=env)
        self.assertRegex(csv, r"\nevent,task-clock,task-clock,msec,1,\d+\.\d+,")
        lines = hpstat("-j", "-e", "task-clock", *touch(), env=env)
        self.assertRegex(lines, r'"counter-value" : "\d+\.\d{6}"')


class Decimals(unittest.TestCase):
    def test_a_mean_that_is_no_whole_count(self):
        # The tracepoint counts the command's nanosleeps: 1 in the first run, 0 in the other
        # two (sh sleeps only through the program), so the mean is exactly 1/3.
        if not os.path.exists("/sys/kernel/tracing/events/syscalls/sys_enter_clock_nanosleep"):
            self.skipTest("tracefs with syscalls:sys_enter_clock_nanosleep is not mounted at "
                          "/sys/kernel/tracing (.ci/run mounts it)")
        with tempfile.TemporaryDirectory() as tmp:
            first = os.path.join(tmp, "first")
            script = ('if [ -e "$1" ]; then exec "$2" 0; fi; : > "$1"; exec "$2" 1 1')
            report = hpstat("-r", "3", "-e", "task-clock,syscalls:sys_enter_clock_nanosleep",
                            "sh", "-c", script, "sh", first, prog("sleeper"),
                            env=dict(os.environ, LC_ALL="C"))
        line = next(l for l in report.splitlines() if "sys_enter_clock_nanosleep" in l)
        self.assertRegex(line, r"^ +0\.33 +syscalls:sys_enter_clock_nanosleep +# +\d+\.\d{3} "
                               r"K?/sec")
        self.assertNotRegex(line, r"#  +0\.000 ")


class Columns(unittest.TestCase):
    PRESET = """description: a metric with a long unit, over software events
events: task-clock, page-faults
metric: faults per CPU ms | faults/msec-on-CPU | page-faults / task-clock * 1000000 | page faults per millisecond on a CPU
"""

    def test_a_long_unit_keeps_the_columns(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "long.preset"), "w") as f:
                f.write(self.PRESET)
            env = dict(os.environ, LC_ALL="C", HPSTAT_EVENTS_DIR=tmp)
            report = hpstat("-r", "2", "-e", "@long,context-switches", *touch(), env=env)
        lines = [l for l in report.splitlines() if " # " in l]
        self.assertEqual(len(lines), 4, report)
        # The '#' of every metric in one column, the noise after it in another.
        self.assertEqual(len({l.index(" # ") for l in lines}), 1, report)
        noise = [l for l in lines if "( +-" in l]
        self.assertEqual(len(noise), 3, report)
        self.assertEqual(len({l.index("( +-") for l in noise}), 1, report)
        named = lines[-1]
        self.assertRegex(named, r"^ +\d+\.\d\d faults/msec-on-CPU faults per CPU ms +# page "
                                r"faults per millisecond on a CPU$")


if __name__ == "__main__":
    unittest.main()
