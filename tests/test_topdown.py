"""test_topdown.py - -M, --topdown and --td-level end to end.

A family file of software events (which count on every machine) stands in for a CPU's, chosen
with HPSTAT_FAMILY: each metric printed must equal its formula worked from the counts printed
beside it, the bottleneck must be the biggest candidate, and an event the CPU lacks must leave
its metrics not available. The shipped families are then resolved as each CPU would resolve
them: libpfm4's names with LIBPFM_FORCE_PMU, sysfs names as this machine has them."""
import json
import os
import subprocess
import tempfile
import unittest

from e2e import STAND_IN_FAMILY as FAKE

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")
EVENTS_DIR = os.environ.get("HPSTAT_EVENTS_DIR")


def setUpModule():
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS), ("HPSTAT_EVENTS_DIR", EVENTS_DIR)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def core_pmu():
    """Whether this machine has a CPU PMU in sysfs (x86 type 4, or an Arm PMU)."""
    base = "/sys/bus/event_source/devices"
    for name in os.listdir(base):
        try:
            with open(os.path.join(base, name, "type")) as f:
                if f.read().strip() == "4":
                    return True
        except OSError:
            pass
        if name.startswith(("armv8", "armv9")):
            return True
    return False


def hpstat(args, env=None, timeout=60):
    return subprocess.run([HPSTAT] + args, capture_output=True, text=True, env=env,
                          timeout=timeout)


class StandIn(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        with open(os.path.join(self.tmp.name, "fake.preset"), "w") as f:
            f.write(FAKE)
        self.env = dict(os.environ, HPSTAT_EVENTS_DIR=self.tmp.name, HPSTAT_FAMILY="fake")

    def tearDown(self):
        self.tmp.cleanup()

    def run_json(self, args):
        proc = hpstat(["--json", "-o", "-"] + args + [os.path.join(PROGS, "touch_pages"), "300"],
                      self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def test_level1_from_the_counts(self):
        doc = self.run_json(["--topdown"])
        means = {e["name"]: e["mean"] for e in doc["events"]}
        # --topdown alone counts the family's events, not perf's default set.
        self.assertEqual(sorted(means), ["context-switches", "cpu-migrations", "minor-faults",
                                         "page-faults"])
        total = sum(means.values())
        self.assertGreater(means["page-faults"], 250)
        expected = {"retiring": 100 * means["page-faults"] / total,
                    "bad speculation": 100 * means["context-switches"] / total,
                    "frontend bound": 100 * means["cpu-migrations"] / total,
                    "backend bound": 100 * means["minor-faults"] / total}
        got = {m["name"]: m for m in doc["metrics"]}
        self.assertEqual(sorted(got), sorted(expected))
        for name, value in expected.items():
            self.assertAlmostEqual(got[name]["value"], value, places=9)
            self.assertEqual(got[name]["group"], "TopdownL1")
        self.assertAlmostEqual(sum(m["value"] for m in got.values()), 100.0, places=9)
        # The biggest of the three candidates; retiring, though bigger, is none.
        marked = [name for name, m in got.items() if m["bottleneck"]]
        self.assertEqual(marked, ["backend bound"])

    def test_level2_counts_each_event_once(self):
        doc = self.run_json(["--td-level", "2"])
        names = [e["name"] for e in doc["events"]]
        self.assertEqual(len(names), len(set(names)), names)
        self.assertEqual(len(names), 6)
        rows = {e["name"]: e for e in doc["events"]}
        self.assertEqual(rows["no-such-event"]["state"], "not-supported")
        self.assertEqual(rows["no-such-event"]["resolved"], "not on this CPU")
        got = {m["name"]: m for m in doc["metrics"]}
        self.assertEqual(len(got), 6)
        self.assertIsNone(got["core bound"]["value"])
        self.assertIsNotNone(got["memory bound"]["value"])
        self.assertEqual(got["memory bound"]["group"], "TopdownL2")

    def test_text_report(self):
        proc = hpstat(["--td-level", "2", os.path.join(PROGS, "touch_pages"), "300"],
                      self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        out = proc.stderr
        self.assertEqual(out.count(" TopdownL1: level 1: where the stand-in slots went\n"), 1,
                         out)
        self.assertEqual(out.count(" TopdownL2: level 2: one deeper\n"), 1, out)
        lines = [l for l in out.splitlines() if "<< bottleneck: " in l]
        self.assertEqual(len(lines), 1, out)
        self.assertIn("backend bound", lines[0])
        core = [l for l in out.splitlines() if "core bound" in l]
        self.assertEqual(len(core), 1, out)
        self.assertIn("<not available>", core[0])
        self.assertNotIn("no top-down analysis here", out)

    def test_compared_metric_not_available(self):
        """A metric that reads an event the CPU lacks is not available in a comparison too,
        in the words of a report of one command: it was not left uncounted."""
        touch = os.path.join(PROGS, "touch_pages")
        proc = hpstat(["--td-level", "2", "--compare", touch + " 100", touch + " 200"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        block = proc.stderr.split("\n core bound\n")[1].splitlines()[:2]
        self.assertEqual([line.split(None, 1) for line in block],
                         [["[1]", "<not available>"], ["[2]", "<not available>"]], proc.stderr)

    def test_each_interval(self):
        """-I: each interval's shares are worked from that interval's counts."""
        proc = hpstat(["--json", "-o", "-", "-I", "20", "--topdown", "--",
                       os.path.join(PROGS, "touch_pages"), "3000"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        intervals = json.loads(proc.stdout)["intervals"]
        self.assertGreaterEqual(len(intervals), 1)
        for iv in intervals:
            values = {e["name"]: e["value"] for e in iv["events"]}
            total = sum(values.values())
            got = {m["name"]: m["value"] for m in iv["metrics"]}
            if total == 0:
                self.assertIsNone(got["backend bound"], iv)
                continue
            self.assertAlmostEqual(got["backend bound"], 100 * values["minor-faults"] / total,
                                   places=9)
            self.assertAlmostEqual(got["retiring"], 100 * values["page-faults"] / total,
                                   places=9)
        proc = hpstat(["--csv", "-o", "-", "-I", "20", "--topdown", "--",
                       os.path.join(PROGS, "touch_pages"), "3000"], self.env)
        rows = [l.split(",") for l in proc.stdout.splitlines()[1:]]
        timed = [r for r in rows if r[1] == "metric" and r[0]]
        self.assertEqual(len(timed) % 4, 0)
        self.assertTrue(timed)
        self.assertEqual({r[3] for r in timed}, {"TopdownL1"})

    def test_perf_formats(self):
        """-x and -j: each metric a line of its own, as perf prints its metric-only lines."""
        proc = hpstat(["-x", ";", "-o", "-", "--td-level", "2", "true"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        lines = proc.stdout.splitlines()
        metric_lines = [l for l in lines if l.startswith(";;;;;")]
        self.assertEqual([l.split(";")[6] for l in metric_lines],
                         ["% retiring", "% bad speculation", "% frontend bound",
                          "% backend bound", "% memory bound", "% core bound"])
        self.assertEqual(metric_lines[-1], ";;;;;;% core bound")  # not available: empty
        event = [l for l in lines if ";page-faults;" in l][0]
        self.assertEqual(len(event.split(";")), len(metric_lines[0].split(";")))
        proc = hpstat(["-j", "-o", "-", "--td-level", "2", "true"], self.env)
        objects = [json.loads(l) for l in proc.stdout.splitlines()]
        named = [o for o in objects if "event" not in o]
        self.assertEqual(named[-1], {"metric-value": None, "metric-unit": "% core bound"})
        self.assertEqual(named[0]["metric-unit"], "% retiring")

    def test_preset_and_family_share_a_name(self):
        """@backend's "backend bound" and top-down's are two metrics, each under its heading."""
        env = dict(self.env, HPSTAT_EVENTS_DIR=self.tmp.name + ":" + EVENTS_DIR)
        proc = hpstat(["--json", "-o", "-", "-e", "@backend", "--topdown", "true"], env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        backend = [m for m in json.loads(proc.stdout)["metrics"] if m["name"] == "backend bound"]
        self.assertEqual([m.get("group") for m in backend], [None, "TopdownL1"])

    def test_refusals(self):
        for args, env, message in (
                (["-M", "", "true"], self.env, "-M '': name a metric group or metric "
                 "('hpstat --list' shows this CPU's)"),
                (["-M", "TopdownL1,,retiring", "true"], self.env, "an empty name in the list "
                 "'TopdownL1,,retiring': name metric groups or metrics, separated by commas"),
                (["--no-metrics", "-M", "TopdownL1", "true"], self.env, "'-M' is for the "
                 "metrics '--no-metrics' turns off: give one"),
                (["--topdown", "true"], dict(self.env, HPSTAT_FAMILY="nope"),
                 "HPSTAT_FAMILY=nope: no CPU family file of that name; the families are "
                 "fake"),
                (["--topdown", "true"], dict(os.environ, HPSTAT_FAMILY="ipc"),
                 "HPSTAT_FAMILY=ipc: a preset, not a CPU family file (one with cpu: and "
                 "group: lines, such as topdown-intel)"),
                (["--td-level", "2", "true"],
                 dict(os.environ, HPSTAT_FAMILY="fake", HPSTAT_EVENTS_DIR=self.level1_only()),
                 "--td-level 2: 'TopdownL2' is no metric group or metric of a family with one "
                 "level; it has TopdownL1, r")):
            with self.subTest(args=args):
                proc = hpstat(args, env)
                self.assertEqual(proc.returncode, 125, proc.stderr)
                self.assertEqual(proc.stderr, "hpstat: " + message + "\n")

    def level1_only(self):
        path = os.path.join(self.tmp.name, "one")
        os.makedirs(path, exist_ok=True)
        with open(os.path.join(path, "fake.preset"), "w") as f:
            f.write("description: a family with one level\ncpu: arch=nothing\n"
                    "group: TopdownL1 | one\nevents: page-faults\n"
                    "metric: r | | page-faults | faults\n")
        return path

    def test_reads_its_own_group(self):
        """-e page-faults beside --topdown: the shares read the family's page-faults, counted
        in its group, not the copy -e asked for. Only a family copy can be in a group."""
        proc = hpstat(["--json", "-o", "-", "-e", "page-faults:k", "-e", "page-faults",
                       "--topdown", os.path.join(PROGS, "touch_pages"), "300"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        doc = json.loads(proc.stdout)
        rows = [e for e in doc["events"] if e["name"] == "page-faults"]
        self.assertEqual(len(rows), 2)
        family = rows[1]
        means = {e["name"]: e["mean"] for e in doc["events"][2:]}
        total = sum(means.values())
        got = {m["name"]: m["value"] for m in doc["metrics"]}
        self.assertAlmostEqual(got["retiring"], 100 * family["mean"] / total, places=9)

    def test_one_metric(self):
        doc = self.run_json(["-M", "Memory Bound"])
        self.assertEqual([m["name"] for m in doc["metrics"]], ["memory bound"])

    def test_long_metric_lists_refused_whole(self):
        # 101 names and a padded last one make 1023 bytes: --topdown's ",TopdownL1" must not
        # be written past the end, and a list cut short must never drop a name silently.
        head = "TopdownL1," * 101
        for args in (["-M", head + "    TopdownL1", "--topdown"],
                     ["-M", head + "TopdownL1   ,memory bound"]):
            proc = hpstat(args + ["true"], self.env)
            self.assertEqual(proc.returncode, 125, proc.stderr)
            self.assertIn("-M: the metric lists are longer than", proc.stderr)
        proc = hpstat(["-M", "TopdownL1", "-M", "memory bound", "--td-level", "2", "--csv",
                       "-o", "-", "true"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("metric,memory bound,", proc.stdout)

    def test_family_events_error_is_not_garbled(self):
        # A group that counts no events of its own (its metric reads only duration_time):
        # the message quotes the parser's, which must survive being quoted.
        with open(os.path.join(self.tmp.name, "noevents.preset"), "w") as f:
            f.write("description: no events\ncpu: arch=nothing\ngroup: A | a\n"
                    "events: page-faults\nmetric: pf | | page-faults | faults\n"
                    "group: B | b\nmetric: secs | s | duration_time / 1e9 | seconds\n")
        env = dict(self.env, HPSTAT_FAMILY="noevents")
        proc = hpstat(["-M", "B", "true"], env)
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertEqual(proc.stderr.count("the CPU family file"), 1, proc.stderr)
        self.assertIn("empty event list", proc.stderr)

    def test_csv(self):
        proc = hpstat(["--csv", "-o", "-", "--topdown", "true"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        metrics = [l.split(",") for l in proc.stdout.splitlines() if l.startswith("metric,")]
        self.assertEqual([m[1] for m in metrics], ["retiring", "bad speculation",
                                                   "frontend bound", "backend bound"])
        self.assertEqual({m[2] for m in metrics}, {"TopdownL1"})
        self.assertLessEqual(sum(m[15] == "bottleneck" for m in metrics), 1)

    def test_unknown_name(self):
        proc = hpstat(["-M", "TopdownL9", "true"], self.env)
        self.assertEqual(proc.returncode, 125)
        self.assertEqual(proc.stderr, "hpstat: 'TopdownL9' is no metric group or metric of a "
                         "stand-in family over software events; it has TopdownL1, TopdownL2, "
                         "retiring, bad speculation, frontend bound, backend bound, memory "
                         "bound, core bound\n")

    def test_list_by_metric_name(self):
        proc = hpstat(["--list", "MEMORY BOUND"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("  TopdownL2  ", proc.stdout)
        self.assertNotIn("TopdownL1", proc.stdout.split("from @fake")[1])

    def test_list(self):
        proc = hpstat(["--list"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("\nMetric groups of this CPU (-M NAME; --topdown is TopdownL1), from "
                      "@fake\n  TopdownL1  ", proc.stdout)
        self.assertNotIn("@fake ", proc.stdout)  # not among the presets
        proc = hpstat(["--list", "topdownl2", "--csv"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stdout.splitlines(), [
            "kind,name,pmu,description,supported",
            "metricgroup,TopdownL2,fake,level 2: one deeper,",
            "metric,memory bound,TopdownL2,\"major faults, in %: 100 * major-faults / "
            "(page-faults + context-switches + cpu-migrations + minor-faults)\",",
            "metric,core bound,TopdownL2,\"an event this CPU lacks, in %: 100 * no-such-event / "
            "(page-faults + context-switches + cpu-migrations + minor-faults)\","])

    def test_stall_hint(self):
        proc = hpstat(["-e", "stalled-cycles-frontend", "true"], self.env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        refused = "<not supported>      stalled-cycles-frontend" in proc.stderr
        self.assertEqual("use --topdown" in proc.stderr, refused, proc.stderr)


class ThisMachine(unittest.TestCase):
    """Without HPSTAT_FAMILY: what this machine's CPU offers."""

    def test_topdown(self):
        proc = hpstat(["--topdown", "true"])
        if core_pmu():
            self.assertNotIn("no hardware PMU", proc.stderr)
        else:
            self.assertEqual(proc.returncode, 125)
            self.assertEqual(proc.stderr, "hpstat: --topdown: top-down analysis is not "
                             "available here: no hardware PMU in this machine\n")

    def test_default_says_so_once(self):
        proc = hpstat(["-r", "2", "true"])
        self.assertEqual(proc.returncode, 0, proc.stderr)
        if not core_pmu():
            self.assertEqual(proc.stderr.count("no top-down analysis here"), 1, proc.stderr)
            self.assertIn(" note: no top-down analysis here: no hardware PMU in this machine\n",
                          proc.stderr)
            proc = hpstat(["--list"])
            self.assertIn("no metric groups (-M, --topdown) on this CPU: no hardware PMU",
                          proc.stdout)


class ShippedFamilies(unittest.TestCase):
    """Each shipped family counted as its CPU would resolve it. On this machine the kernel
    refuses what resolves (<not supported>) unless it has that PMU; every metric is then
    not available, never a number made of zeros."""

    def run_family(self, family, libpfm=None, level="2"):
        env = dict(os.environ, HPSTAT_FAMILY=family)
        if libpfm:
            env["LIBPFM_FORCE_PMU"] = libpfm
        proc = hpstat(["--json", "-o", "-", "--td-level", level, "true"], env)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return json.loads(proc.stdout)

    def check_unavailable(self, doc, resolvable):
        self.assertTrue(doc["events"])
        for event in doc["events"]:
            if resolvable:
                self.assertNotEqual(event["resolved"], "not on this CPU", event)
            if event["state"] == "not-supported":
                continue
            return  # this machine counts them: nothing to say about availability here
        names = [m["name"] for m in doc["metrics"]]
        for level1 in ("retiring", "bad speculation", "frontend bound", "backend bound"):
            self.assertIn(level1, names)
        for metric in doc["metrics"]:
            self.assertIsNone(metric["value"], metric)
            self.assertFalse(metric["bottleneck"], metric)

    def test_libpfm4_families(self):
        for family, pmu in (("topdown-intel-skylake", "skl"),
                            ("topdown-intel-skylake", "skx"),
                            ("topdown-amd", "amd64_fam19h_zen4"),
                            ("topdown-amd-zen5", "amd64_fam1ah_zen5")):
            with self.subTest(family=family, pmu=pmu):
                self.check_unavailable(self.run_family(family, pmu), resolvable=True)

    def test_sysfs_families(self):
        for family in ("topdown-intel", "topdown-arm"):
            with self.subTest(family=family):
                self.check_unavailable(self.run_family(family), resolvable=False)


if __name__ == "__main__":
    unittest.main()
