"""test_presets.py - every shipped preset runs on this machine: software members count, hardware
members are <not supported> where there is no PMU (and counted where there is one)."""
import glob
import json
import os
import subprocess
import unittest

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")
EVENTS_DIR = os.environ.get("HPSTAT_EVENTS_DIR")

SOFTWARE = {"task-clock", "cpu-clock", "page-faults", "minor-faults", "major-faults",
            "context-switches", "cpu-migrations"}


def setUpModule():
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS), ("HPSTAT_EVENTS_DIR", EVENTS_DIR)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def have_pmu():
    """Asks the kernel through perf, not hpstat (which is under test)."""
    out = subprocess.run(["perf", "stat", "-x,", "-e", "instructions", "true"],
                         capture_output=True, text=True)
    return "<not supported>" not in out.stdout + out.stderr


class ShippedPresets(unittest.TestCase):
    def test_every_preset_runs(self):
        presets = sorted(glob.glob(os.path.join(EVENTS_DIR, "*.preset")))
        names = {os.path.basename(p)[:-len(".preset")] for p in presets}
        self.assertTrue({"default", "cache", "branch", "memory", "frontend", "backend",
                         "ipc"} <= names, names)
        pmu = have_pmu()
        for name in sorted(names):
            if name.startswith("topdown-"):
                continue  # CPU families: test_topdown.py runs them through -M
            with self.subTest(preset=name):
                proc = subprocess.run([HPSTAT, "--json", "-o", "-", "-e", "@" + name,
                                       os.path.join(PROGS, "touch_pages"), "100"],
                                      capture_output=True, text=True, timeout=60)
                self.assertEqual(proc.returncode, 0, proc.stderr)
                doc = json.loads(proc.stdout)
                self.assertTrue(doc["events"])
                for event in doc["events"]:
                    if event["resolved"] in SOFTWARE:
                        self.assertEqual(event["state"], "counted", event)
                    elif not pmu:
                        self.assertEqual(event["state"], "not-supported", event)
                for metric in doc["metrics"]:
                    self.assertIn("name", metric)


class PresetErrors(unittest.TestCase):
    def test_family_is_no_preset(self):
        proc = subprocess.run([HPSTAT, "-e", "@topdown-intel", "true"], capture_output=True,
                              text=True)
        self.assertEqual(proc.returncode, 125)
        self.assertEqual(proc.stderr, "hpstat: '@topdown-intel' describes a CPU family: count "
                         "its groups with -M or --topdown (HPSTAT_FAMILY=topdown-intel chooses "
                         "it on another CPU)\n")

    def test_unknown_preset_lists_the_real_ones(self):
        proc = subprocess.run([HPSTAT, "-e", "@cach", "true"], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 125)
        self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        self.assertIn("@cache", proc.stderr)

    def test_unknown_event_in_a_preset_names_its_line(self):
        """An event no machine has, in a preset: the message names the file and line, as
        the preset's other errors do."""
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "typo.preset")
            with open(path, "w") as f:
                f.write("description: one typo\nevents: page-faults\n"
                        "events: task-clock,nosuchevent\n")
            proc = subprocess.run([HPSTAT, "-e", "page-faults,@typo", "true"],
                                  capture_output=True, text=True,
                                  env=dict(os.environ, HPSTAT_EVENTS_DIR=tmp))
        self.assertEqual(proc.returncode, 125)
        self.assertEqual(proc.stderr, "hpstat: %s:3: unknown event 'nosuchevent': see 'man "
                         "hpstat' for event names\n" % path)

    def test_own_preset_directory(self):
        """A user's own preset in their own directory, with a syntax error and then fixed."""
        import tempfile
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "mine.preset")
            with open(path, "w") as f:
                f.write("description: mine\nevents: page-faults,task-clock\n"
                        "metric: faults per ms | /ms | page-faults / (task-clock / 1e6 | x\n")
            env = dict(os.environ, HPSTAT_EVENTS_DIR=tmp)
            proc = subprocess.run([HPSTAT, "-e", "@mine", "true"], capture_output=True,
                                  text=True, env=env)
            self.assertEqual(proc.returncode, 125)
            self.assertIn("mine.preset:3:", proc.stderr)
            self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
            with open(path, "w") as f:
                f.write("description: mine\nevents: page-faults,task-clock\n"
                        "metric: faults per ms | /ms | page-faults / (task-clock / 1e6) | x\n")
            proc = subprocess.run([HPSTAT, "--json", "-o", "-", "-e", "@mine",
                                   os.path.join(PROGS, "touch_pages"), "500"],
                                  capture_output=True, text=True, env=env)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            doc = json.loads(proc.stdout)
            events = {e["name"]: e for e in doc["events"]}
            want = events["page-faults"]["mean"] / events["task-clock"]["mean"]  # msec already
            got = doc["metrics"][0]["value"]
            self.assertAlmostEqual(got, want, delta=abs(want) * 1e-9)


if __name__ == "__main__":
    unittest.main()
