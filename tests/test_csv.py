#!/usr/bin/env python3
"""test_csv.py - hpstat --csv end to end: the real binary on a real program, read back with
Python's csv module.

Environment (as for check_hpstat; `make check` sets both):
  HPSTAT  path of the built src/hpstat
  PROGS   directory holding the built tests/progs programs
"""
import csv
import io
import os
import re
import shutil
import subprocess
import tempfile
import unittest

SUMMARY_COLUMNS = [
    "type", "event", "resolved", "unit", "runs", "mean", "stddev", "sem", "ci95_low",
    "ci95_high", "min", "median", "max", "running_pct", "state", "added", "metric",
    "metric_unit",
]
SUMMARY_NUMERIC = ["runs", "mean", "stddev", "sem", "ci95_low", "ci95_high", "min", "median",
                   "max", "running_pct", "metric"]
PER_RUN_COLUMNS = ["run", "type", "event", "resolved", "unit", "value", "running_pct", "state"]
PER_RUN_NUMERIC = ["run", "value", "running_pct"]

PAGES = 2000
# touch_pages N takes one fault per page it touches, plus the program's own start-up faults
# (about 50 here); 100 leaves room for a different libc.
PAGE_FAULTS = (PAGES, PAGES + 100)
RUNS = 5
EVENTS = "page-faults,task-clock,cycles"

HPSTAT = os.environ.get("HPSTAT", "")
PROGS = os.environ.get("PROGS", "")


def setUpModule():
    if not HPSTAT or not os.access(HPSTAT, os.X_OK):
        raise RuntimeError("HPSTAT is not set to an executable: it must name the built "
                           "src/hpstat (got %r)" % HPSTAT)
    if not PROGS or not os.access(os.path.join(PROGS, "touch_pages"), os.X_OK):
        raise RuntimeError("PROGS is not set to a directory holding the built tests/progs "
                           "programs (got %r)" % PROGS)


def machine_has_pmu():
    """Whether hardware events count here, asked of perf (or, without perf, of sysfs)."""
    perf = shutil.which("perf")
    if perf:
        p = subprocess.run([perf, "stat", "-x,", "-e", "instructions", "true"],
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                           timeout=60)
        for line in p.stderr.splitlines():
            if line.endswith("instructions") or ",instructions," in line:
                if line.startswith("<not supported>"):
                    return False
                if line[:1].isdigit():
                    return True
        raise AssertionError("cannot tell from perf whether this machine has a PMU:\n"
                             + p.stderr)
    devices = "/sys/bus/event_source/devices"
    return any(name in ("cpu", "cpu_core", "cpu_atom") or name.startswith("armv")
               for name in os.listdir(devices))


def comma_locale_env():
    """An environment whose locale has a decimal comma: an installed one, else de_DE built with
    localedef into a temporary LOCPATH. Returns (env, tmpdir or None); env is None when no such
    locale can be had."""
    env = dict(os.environ)
    env.pop("LC_ALL", None)
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    except OSError:
        names = []
    for name in names:
        if re.match(r"(de_DE|fr_FR|nl_NL|es_ES|it_IT|ru_RU)\.(utf8|UTF-8)$", name):
            env["LC_ALL"] = name
            return env, None
    if shutil.which("localedef") and os.path.exists("/usr/share/i18n/locales/de_DE"):
        tmp = tempfile.mkdtemp(prefix="test_csv_locale.")
        p = subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                            os.path.join(tmp, "de_DE.UTF-8")], capture_output=True)
        if p.returncode == 0:
            env["LOCPATH"] = tmp
            env["LC_ALL"] = "de_DE.UTF-8"
            return env, tmp
        shutil.rmtree(tmp, ignore_errors=True)
    return None, None


class CsvTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="test_csv.")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def hpstat(self, args, env=None):
        """Runs hpstat with args; returns (rc, stdout, stderr)."""
        p = subprocess.run([HPSTAT] + args, capture_output=True, text=True, env=env,
                           timeout=120)
        return p.returncode, p.stdout, p.stderr

    def csv_run(self, options, env=None):
        """hpstat OPTIONS -o FILE on touch_pages; returns (header, rows) read by csv."""
        path = os.path.join(self.tmp, "out.csv")
        rc, _, err = self.hpstat(options + ["-o", path, "-r", str(RUNS), "-e", EVENTS,
                                            os.path.join(PROGS, "touch_pages"), str(PAGES)],
                                 env)
        self.assertEqual(rc, 0, err)
        with open(path, newline="") as f:
            raw = f.read()
        # LF line ends (documented), a header and whole records.
        self.assertTrue(raw.endswith("\n"), raw)
        self.assertNotIn("\r", raw)
        reader = csv.DictReader(raw.splitlines(keepends=True))
        rows = list(reader)
        for row in rows:
            self.assertNotIn(None, row, "a record with more fields than the header")
            self.assertNotIn(None, row.values(), "a record with fewer fields than the header")
        return reader.fieldnames, rows

    def find(self, rows, **key):
        found = [r for r in rows if all(r[k] == v for k, v in key.items())]
        self.assertTrue(found, "no row with %r" % key)
        return found

    def assert_numbers(self, rows, columns):
        """Every numeric field is empty or a number with a '.' decimal point."""
        for row in rows:
            for col in columns:
                text = row[col]
                if text == "":
                    continue
                self.assertNotIn(",", text, "%s in %r" % (col, row))
                float(text)

    def test_summary(self):
        header, rows = self.csv_run(["--csv"])
        self.assertEqual(header, SUMMARY_COLUMNS)
        self.assert_numbers(rows, SUMMARY_NUMERIC)
        # Events first, as asked (partners hpstat added follow), then the times and peak RSS.
        types = [r["type"] for r in rows]
        self.assertEqual(types[-4:], ["time", "time", "time", "memory"])
        self.assertEqual(set(types[:-4]), {"event"})
        self.assertEqual([r["event"] for r in rows[:3]], EVENTS.split(","))

        faults, = self.find(rows, type="event", event="page-faults")
        self.assertEqual(faults["state"], "counted")
        self.assertEqual(faults["resolved"], "page-faults")
        self.assertEqual(faults["unit"], "")
        self.assertEqual(int(faults["runs"]), RUNS)
        self.assertEqual(faults["added"], "0")
        mean = float(faults["mean"])
        self.assertGreaterEqual(mean, PAGE_FAULTS[0])
        self.assertLessEqual(mean, PAGE_FAULTS[1])
        lo, med, hi = float(faults["min"]), float(faults["median"]), float(faults["max"])
        self.assertTrue(PAGE_FAULTS[0] <= lo <= med <= hi <= PAGE_FAULTS[1], faults)
        self.assertTrue(lo <= mean <= hi, faults)
        self.assertTrue(float(faults["ci95_low"]) <= mean <= float(faults["ci95_high"]), faults)
        self.assertAlmostEqual(float(faults["sem"]), float(faults["stddev"]) / RUNS ** 0.5,
                               delta=1e-9 * max(1.0, float(faults["stddev"])))
        self.assertEqual(float(faults["running_pct"]), 100.0)
        self.assertTrue(faults["metric_unit"].endswith("/sec"), faults)

        clock, = self.find(rows, type="event", event="task-clock")
        self.assertEqual(clock["unit"], "msec")
        self.assertGreater(float(clock["mean"]), 0)
        self.assertEqual(clock["metric_unit"], "CPUs utilized")

        elapsed, = self.find(rows, type="time", event="elapsed")
        self.assertEqual((elapsed["unit"], elapsed["state"], int(elapsed["runs"])),
                         ("s", "counted", RUNS))
        self.assertGreater(float(elapsed["mean"]), 0)
        self.assertGreater(float(elapsed["min"]), 0)
        for name in ("user", "sys"):
            row, = self.find(rows, type="time", event=name)
            self.assertEqual(row["unit"], "s")
            self.assertGreaterEqual(float(row["mean"]), 0)
        # The program's own time: elapsed covers what it ran on the CPU (one thread).
        self.assertGreaterEqual(float(elapsed["mean"]) * 1000 * 1.05, float(clock["mean"]))
        rss, = self.find(rows, type="memory", event="max-rss")
        self.assertEqual((rss["unit"], int(rss["runs"])), ("KiB", RUNS))
        # 2000 pages of 4 KiB or more were resident at once.
        self.assertGreater(float(rss["mean"]), PAGES * 4)
        for row in rows[-4:]:
            self.assertEqual((row["resolved"], row["running_pct"], row["added"], row["metric"],
                              row["metric_unit"]), ("", "", "", "", ""))

    def test_cycles_as_the_pmu_allows(self):
        _, rows = self.csv_run(["--csv"])
        cycles, = self.find(rows, type="event", event="cycles")
        if machine_has_pmu():
            self.assertEqual(cycles["state"], "counted")
            self.assertEqual(int(cycles["runs"]), RUNS)
            self.assertGreater(float(cycles["mean"]), 0)
        else:
            self.assertEqual(cycles["state"], "not-supported")
            self.assertEqual(int(cycles["runs"]), 0)
            for col in SUMMARY_NUMERIC[1:]:
                self.assertEqual(cycles[col], "", col)

    def test_per_run(self):
        header, rows = self.csv_run(["--csv", "--per-run"])
        self.assertEqual(header, PER_RUN_COLUMNS)
        self.assert_numbers(rows, PER_RUN_NUMERIC)
        faults = self.find(rows, type="event", event="page-faults")
        self.assertEqual([int(r["run"]) for r in faults], list(range(1, RUNS + 1)))
        for r in faults:
            value = float(r["value"])
            self.assertEqual(value, int(value), r)  # an unscaled count is whole
            self.assertTrue(PAGE_FAULTS[0] <= value <= PAGE_FAULTS[1], r)
            self.assertEqual((r["state"], float(r["running_pct"])), ("counted", 100.0))
        for run in range(1, RUNS + 1):
            mine = [r for r in rows if int(r["run"]) == run]
            # The run's rows sit together: its events, then elapsed, user, sys, max-rss, exit.
            self.assertEqual([(r["type"], r["event"]) for r in mine[-5:]],
                             [("time", "elapsed"), ("time", "user"), ("time", "sys"),
                              ("memory", "max-rss"), ("status", "exit-code")])
            self.assertEqual([r["type"] for r in mine[:-5]], ["event"] * (len(mine) - 5))
            self.assertEqual([r["event"] for r in mine[:3]], EVENTS.split(","))
            self.assertGreater(float(mine[-5]["value"]), 0)
            self.assertGreater(float(mine[-2]["value"]), PAGES * 4)
            self.assertEqual(mine[-1]["value"], "0")
        self.assertEqual(rows[0]["run"], "1")
        self.assertEqual(rows[-1]["run"], str(RUNS))

    def test_agrees_with_text_report(self):
        # Two invocations count a little differently (start-up faults vary by a few), so
        # agreement is within the expected range, not exact.
        rc, _, err = self.hpstat(["-r", str(RUNS), "-e", "page-faults",
                                  os.path.join(PROGS, "touch_pages"), str(PAGES)])
        self.assertEqual(rc, 0, err)
        m = re.search(r"^\s*([\d,.]+)\s+page-faults\b", err, re.M)
        self.assertTrue(m, err)
        text_mean = float(m.group(1).replace(",", ""))
        _, rows = self.csv_run(["--csv"])
        faults, = self.find(rows, type="event", event="page-faults")
        csv_mean = float(faults["mean"])
        for mean in (text_mean, csv_mean):
            self.assertTrue(PAGE_FAULTS[0] <= mean <= PAGE_FAULTS[1], (text_mean, csv_mean))
        self.assertLessEqual(abs(text_mean - csv_mean), 20, (text_mean, csv_mean))

    def test_decimal_comma_locale(self):
        env, tmp = comma_locale_env()
        if tmp:
            self.addCleanup(shutil.rmtree, tmp, True)
        if env is None:
            # Without such a locale the environment cannot change anything: still read the
            # output under a German locale name, which the C library then ignores.
            env = dict(os.environ, LC_ALL="de_DE.UTF-8")
        else:
            probe = subprocess.run(
                ["python3", "-c", "import locale; locale.setlocale(locale.LC_ALL, ''); "
                 "print(locale.localeconv()['decimal_point'], end='')"],
                capture_output=True, text=True, env=env)
            self.assertEqual(probe.stdout, ",", "the locale has no decimal comma: "
                             + probe.stderr)
        for opts, numeric in ((["--csv"], SUMMARY_NUMERIC),
                              (["--csv", "--per-run"], PER_RUN_NUMERIC)):
            for var in ("LC_ALL", "LC_NUMERIC"):
                e = dict(env)
                if var == "LC_NUMERIC":
                    e["LC_NUMERIC"] = e.pop("LC_ALL")
                _, rows = self.csv_run(opts, e)
                self.assert_numbers(rows, numeric)
                self.assertTrue(any("." in r[numeric[1]] for r in rows), rows)


class ResolvedColumn(unittest.TestCase):
    """The resolved column says what a name became: aliases to perf's generic name (with the
    mode), kernel PMUs, tracepoints and raw codes to the kernel's type and config."""

    def test_resolved_names(self):
        names = ["faults", "cycles:u", "sched:sched_switch", "r003c"]
        if os.path.isdir("/sys/bus/event_source/devices/msr"):
            names.append("msr/tsc/")
        proc = subprocess.run([HPSTAT, "--csv", "--no-metrics", "-e", ",".join(names), "true"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        rows = {r["event"]: r for r in csv.DictReader(io.StringIO(proc.stderr))}
        self.assertEqual(rows["faults"]["resolved"], "page-faults")
        self.assertEqual(rows["cycles:u"]["resolved"], "cycles:u")
        with open("/sys/kernel/tracing/events/sched/sched_switch/id") as f:
            tp_id = int(f.read())
        self.assertEqual(rows["sched:sched_switch"]["resolved"],
                         "type=2,config=0x%x" % tp_id)
        self.assertEqual(rows["r003c"]["resolved"], "type=4,config=0x3c")
        if "msr/tsc/" in rows:
            with open("/sys/bus/event_source/devices/msr/type") as f:
                msr_type = int(f.read())
            self.assertEqual(rows["msr/tsc/"]["resolved"], "type=%d,config=0x0" % msr_type)


if __name__ == "__main__":
    unittest.main(verbosity=2)
