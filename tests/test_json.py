#!/usr/bin/env python3
"""test_json.py - end-to-end tests of hpstat --json: real runs, parsed with Python's json module.

Environment (as for tests/check_hpstat):
  HPSTAT  path of the built src/hpstat
  PROGS   directory holding the built tests/progs programs
"""
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import unittest

HPSTAT = os.environ.get("HPSTAT", "")
PROGS = os.environ.get("PROGS", "")

STAT_KEYS = ["mean", "stddev", "sem", "sem_pct", "ci95_low", "ci95_high", "min", "median", "max"]


def setUpModule():
    if not HPSTAT or not os.access(HPSTAT, os.X_OK):
        raise RuntimeError("HPSTAT is not set to an executable: it must name the built src/hpstat")
    if not PROGS or not os.path.isdir(PROGS):
        raise RuntimeError("PROGS is not set to a directory: it must name tests/progs in the build")


def prog(name):
    return os.path.join(PROGS, name)


def hpstat(*args, env=None):
    """Runs hpstat; returns the CompletedProcess with text stdout and stderr."""
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, env=env, timeout=120)


def close(got, want, rel=1e-9):
    return math.isclose(got, want, rel_tol=rel, abs_tol=0.0)


def have_pmu():
    """Whether hardware events can be counted here, asked of perf (not of hpstat, which is
    under test); without perf, whether the kernel lists a core PMU."""
    if shutil.which("perf"):
        out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                             capture_output=True, text=True)
        text = out.stdout + out.stderr
        if "<not supported>" in text:
            return False
        for line in text.splitlines():
            fields = line.split(",")
            if len(fields) > 2 and fields[2].startswith("instructions"):
                return fields[0].replace(".", "", 1).isdigit()
    devices = "/sys/bus/event_source/devices"
    names = os.listdir(devices) if os.path.isdir(devices) else []
    return any(n in ("cpu", "cpu_core", "cpu_atom") or n.startswith("armv") for n in names)


def comma_locale_env():
    """An environment whose LC_ALL has a decimal comma, or None. Where de_DE.UTF-8 is not
    installed, it is built with localedef into a temporary LOCPATH (the system's locales are
    left alone). coreutils' printf must then print 0.5 as 0,5, or the locale is not in force."""
    env = dict(os.environ, LC_ALL="de_DE.UTF-8")
    printf = shutil.which("printf") or "/usr/bin/printf"

    def works(e):
        try:
            out = subprocess.run([printf, "%.1f", "0.5"], capture_output=True, text=True, env=e)
        except OSError:
            return False
        return out.stdout == "0,5"

    if works(env):
        return env
    if not shutil.which("localedef"):
        return None
    tmp = tempfile.mkdtemp(prefix="hpstat-locale-")
    subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8", os.path.join(tmp, "de_DE.UTF-8")],
                   capture_output=True)
    env["LOCPATH"] = tmp
    env["HPSTAT_TEST_LOCALE_DIR"] = tmp  # for the caller's cleanup
    if works(env):
        return env
    shutil.rmtree(tmp, ignore_errors=True)
    return None


class FiveRuns(unittest.TestCase):
    """hpstat --json -r 5 -o FILE -e page-faults,task-clock,cycles touch_pages 2000."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="hpstat-json-")
        cls.path = os.path.join(cls.tmp, "out.json")
        cls.argv = [prog("touch_pages"), "2000"]
        cls.proc = hpstat("--json", "-r", "5", "-o", cls.path, "-e",
                          "page-faults,task-clock,cycles", *cls.argv)
        with open(cls.path, encoding="utf-8") as f:
            cls.doc = json.load(f)
        cls.events = {e["name"]: e for e in cls.doc["events"]}

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_exit_and_quiet(self):
        self.assertEqual(self.proc.returncode, 0, self.proc.stderr)
        self.assertEqual(self.proc.stderr, "")
        self.assertEqual(self.proc.stdout, "")

    def test_header(self):
        d = self.doc
        self.assertEqual(d["schema_version"], 1)
        self.assertIsInstance(d["hpstat_version"], str)
        self.assertEqual(d["argv"], self.argv)
        self.assertEqual(d["command"], " ".join(self.argv))
        self.assertEqual((d["runs_requested"], d["runs_done"], d["runs_failed"]), (5, 5, 0))
        self.assertEqual((d["interrupted"], d["partial_run"], d["exit_code"]), (False, False, 0))
        self.assertEqual((d["stop_signal"], d["failure"]), (None, None))
        self.assertIsInstance(d["machine"]["kernel"], str)
        self.assertGreaterEqual(d["machine"]["cpus_online"], 1)
        self.assertIn("software", d["machine"]["pmus"])

    def test_runs(self):
        runs = self.doc["runs"]
        self.assertEqual([r["run"] for r in runs], [1, 2, 3, 4, 5])
        for r in runs:
            self.assertEqual(r["exit_code"], 0)
            self.assertGreater(r["elapsed_s"], 0)
            self.assertGreater(r["max_rss_kib"], 2000 * 4)  # 2000 pages of at least 4 KiB
        elapsed = self.doc["time"]["elapsed"]
        values = [r["elapsed_s"] for r in runs]
        self.assertEqual(elapsed["unit"], "s")
        self.assertTrue(close(elapsed["mean"], statistics.fmean(values)))
        self.assertEqual((elapsed["min"], elapsed["max"]), (min(values), max(values)))
        self.assertTrue(close(elapsed["median"], statistics.median(values)))
        rss = self.doc["max_rss"]
        self.assertEqual(rss["unit"], "KiB")
        self.assertTrue(close(rss["mean"], statistics.fmean(r["max_rss_kib"] for r in runs)))

    def test_page_faults_per_run(self):
        e = self.events["page-faults"]
        values = e["per_run"]
        self.assertEqual((e["state"], e["runs_counted"], e["added"]), ("counted", 5, False))
        self.assertEqual(len(values), 5)
        for v in values:
            self.assertTrue(2000 <= v <= 2100, f"page faults {v} outside [2000, 2100]")
        self.assertEqual(e["per_run_running_pct"], [100] * 5)
        self.assertTrue(close(e["mean"], statistics.fmean(values)), (e["mean"], values))
        self.assertTrue(close(e["stddev"], statistics.stdev(values)) or
                        (e["stddev"] == 0 and len(set(values)) == 1))
        self.assertTrue(close(e["sem"], e["stddev"] / math.sqrt(5), 1e-12) or e["sem"] == 0)
        self.assertEqual((e["min"], e["max"]), (min(values), max(values)))
        self.assertEqual(e["median"], statistics.median(values))
        self.assertTrue(e["ci95_low"] <= e["mean"] <= e["ci95_high"])
        self.assertEqual(e["running_pct"], 100)

    def test_task_clock_and_metrics(self):
        tc, pf = self.events["task-clock"], self.events["page-faults"]
        self.assertEqual((tc["state"], tc["unit"]), ("counted", "msec"))
        self.assertGreater(tc["mean"], 0)
        self.assertTrue(close(tc["mean"], statistics.fmean(tc["per_run"])))
        # The numbers agree among themselves: faults per second of task-clock, in K/sec, and
        # task-clock over elapsed time.
        self.assertEqual(pf["metrics"][0]["unit"], "K/sec")
        self.assertTrue(close(pf["metrics"][0]["value"], pf["mean"] / (tc["mean"] / 1e3) / 1e3,
                              1e-6))
        self.assertEqual(tc["metrics"][0]["unit"], "CPUs utilized")
        elapsed = self.doc["time"]["elapsed"]["mean"]
        self.assertTrue(close(tc["metrics"][0]["value"], tc["mean"] / 1e3 / elapsed, 1e-6))

    def test_cycles(self):
        e = self.events["cycles"]
        if have_pmu():
            self.assertEqual(e["state"], "counted")
            self.assertGreater(e["mean"], 0)
        else:
            self.assertEqual(e["state"], "not-supported")
            self.assertEqual(e["runs_counted"], 0)
            for key in STAT_KEYS + ["running_pct", "enabled_ns", "running_ns"]:
                self.assertIsNone(e[key], key)
            self.assertEqual(e["per_run"], [None] * 5)
        # The per-run arrays exist for every row, one entry a run, without --per-run.
        for row in self.doc["events"]:
            self.assertEqual(len(row["per_run"]), 5, row["name"])
            self.assertEqual(len(row["per_run_running_pct"]), 5, row["name"])


class PresetMetrics(unittest.TestCase):
    """-e @memory: the preset's metrics are computed from the reported means."""

    def test_memory_preset(self):
        if not os.environ.get("HPSTAT_EVENTS_DIR"):
            self.fail("HPSTAT_EVENTS_DIR must name the source tree's events/ (make check sets it)")
        proc = hpstat("--json", "-o", "-", "-r", "3", "-e", "@memory", prog("touch_pages"), "1000")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        events = {e["name"]: e for e in doc["events"]}
        metrics = {m["name"]: m for m in doc["metrics"]}
        faults = events["page-faults"]["mean"]
        self.assertTrue(1000 <= faults <= 1100, faults)
        # page-faults / (duration_time / 1e9): per second of mean elapsed time.
        rate = metrics["page fault rate"]
        self.assertEqual(rate["unit"], "/sec")
        self.assertTrue(close(rate["value"], faults / doc["time"]["elapsed"]["mean"], 1e-9),
                        (rate, faults, doc["time"]["elapsed"]))
        self.assertEqual(metrics["major fault share"]["value"],
                         100 * events["major-faults"]["mean"] / faults)
        dtlb = metrics["dTLB miss ratio"]
        if events["dTLB-loads"]["state"] == "counted" and events["dTLB-loads"]["mean"]:
            self.assertIsNotNone(dtlb["value"])
        else:
            self.assertIsNone(dtlb["value"])


class Behaviour(unittest.TestCase):
    def test_exit_status_passed_through(self):
        p = hpstat("--json", "-o", "-", "-e", "page-faults", prog("exit_with"), "3")
        self.assertEqual(p.returncode, 3, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual((d["exit_code"], d["runs_failed"]), (3, 1))
        self.assertEqual([r["exit_code"] for r in d["runs"]], [3])

    def test_why_the_runs_ended_early(self):
        """The file alone says why fewer runs were done: the failure hpstat exited with, or
        the stop signal. Run 1 removes the script, so run 2 cannot start."""
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "once.sh")
            with open(script, "w") as f:
                f.write('#!/bin/sh\nrm -f "$0"\n')
            os.chmod(script, 0o755)
            p = hpstat("--json", "-o", "-", "-r", "3", "-e", "page-faults", script)
        self.assertEqual(p.returncode, 127, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual((d["runs_done"], d["interrupted"], d["stop_signal"]), (1, True, None))
        self.assertEqual(d["failure"], "run 2 of 3 failed: cannot run '%s': command not found"
                         % script)
        self.assertEqual(p.stderr, "hpstat: %s\n" % d["failure"])

    def test_stdout_and_clean_stderr(self):
        p = hpstat("--json", "-o", "-", "-e", "page-faults", prog("touch_pages"), "10")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertEqual(json.loads(p.stdout)["runs_done"], 1)

    def test_default_is_stderr(self):
        p = hpstat("--json", "-e", "page-faults", prog("touch_pages"), "10")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout, "")
        self.assertEqual(json.loads(p.stderr)["schema_version"], 1)

    def test_argv_kept_exactly(self):
        words = ["sh", "-c", "exit 0", "x", "a,b", 'q"uote', "back\\slash", "tab\there",
                 "caf\u00e9"]
        p = hpstat("--json", "-o", "-", "-e", "page-faults", *words)
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        self.assertEqual(d["argv"], words)
        self.assertEqual(d["command"], " ".join(words))

    def test_per_run_option_same_shape(self):
        def shape(doc):
            return sorted(doc), sorted(doc["events"][0]), len(doc["events"][0]["per_run"])

        a = hpstat("--json", "-o", "-", "-r", "2", "-e", "page-faults", prog("touch_pages"), "10")
        b = hpstat("--json", "--per-run", "-o", "-", "-r", "2", "-e", "page-faults",
                   prog("touch_pages"), "10")
        self.assertEqual(shape(json.loads(a.stdout)), shape(json.loads(b.stdout)))

    def test_decimal_comma_locale(self):
        env = comma_locale_env()
        if env is None:
            self.skipTest("no de_DE.UTF-8 locale and localedef cannot build one")
        try:
            p = hpstat("--json", "-o", "-", "-r", "2", "-e", "task-clock", prog("touch_pages"),
                       "100", env=env)
        finally:
            if "HPSTAT_TEST_LOCALE_DIR" in env:
                shutil.rmtree(env["HPSTAT_TEST_LOCALE_DIR"], ignore_errors=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        d = json.loads(p.stdout)
        tc = d["events"][0]
        self.assertIsInstance(tc["mean"], float)  # msec: fractional, so a decimal point
        self.assertTrue(close(tc["mean"], statistics.fmean(tc["per_run"])))
        self.assertIsInstance(d["time"]["elapsed"]["mean"], float)


if __name__ == "__main__":
    unittest.main(verbosity=2)
