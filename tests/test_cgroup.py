"""test_cgroup.py - counting cgroup v2 groups system-wide (-G, --for-each-cgroup): a row per
cgroup with what its processes did, nothing of anyone else's, and the refusals.

Each test makes two fresh cgroups under the cgroup2 mount and removes them however it ends.
The measured shell moves itself into one of them and then execs the program: that is how a
service's or a job's process gets counted, and the test needs no clock to know when it
happened. It needs root and a cgroup2 mount: without them it fails in CI (CI=true), saying
why, and is skipped elsewhere, saying why.
"""
import csv
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import tempfile
import unittest
import uuid

from e2e import (HPSTAT, assert_whole_cpus_refused, become_nobody, copy_for_nobody, prog,
                 require_environment)

HANG_S = 60
EXIT_ERROR = 125
PAGES = 2000


def setUpModule():
    require_environment()


def cgroup2_mount():
    """The first cgroup2 mount point in this process's mount table (escapes undone), and
    whether the perf_event controller is held by a cgroup v1 hierarchy; None when there is no
    cgroup2 mount."""
    mount, v1_perf = None, False
    with open("/proc/self/mountinfo") as f:
        for line in f:
            before, _, after = line.partition(" - ")
            fields, tail = before.split(), after.split()
            if len(fields) < 5 or len(tail) < 2:
                continue
            point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[4])
            if tail[0] == "cgroup2" and mount is None:
                mount = point
            elif tail[0] == "cgroup" and len(tail) > 2 and "perf_event" in tail[2].split(","):
                v1_perf = True
    return mount, v1_perf


def missing():
    """Why cgroups cannot be counted here, or None."""
    if os.geteuid() != 0:
        return "needs root to make cgroups and count whole CPUs"
    mount, v1_perf = cgroup2_mount()
    if mount is None:
        return "no cgroup2 file system is mounted (a cgroup v1 machine)"
    if v1_perf:
        return "the perf_event controller is mounted on cgroup v1"
    return None


def hpstat(*args):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S)


def mean(events, name):
    """The mean of the event called name in a --json events list."""
    found = [e for e in events if e["name"] == name]
    if len(found) != 1:
        raise AssertionError("no single %r in %r" % (name, events))
    return found[0]["mean"]


class Cgroups(unittest.TestCase):
    """Two empty cgroups, A and B (unique names), under the cgroup2 mount."""

    def setUp(self):
        self.mount = cgroup2_mount()[0]
        tag = "hpstat-test-%d-%s" % (os.getpid(), uuid.uuid4().hex[:8])
        self.a, self.b = tag + "-A", tag + "-B"
        reason = missing()
        for name in (self.a, self.b) if not reason else ():
            try:
                os.mkdir(os.path.join(self.mount, name))
            except OSError as e:
                reason = "cannot make a cgroup under %s: %s" % (self.mount, e.strerror)
                break
            self.addCleanup(self.remove, name)
        if reason and os.environ.get("CI") == "true":
            self.fail("cgroup counting is not tested: " + reason)
        if reason:
            self.skipTest(reason)

    def remove(self, name):
        """Removes the cgroup; a process left in it (a test that failed half-way) is moved
        to the mount's root first, as rmdir refuses a cgroup with processes."""
        path = os.path.join(self.mount, name)
        with open(os.path.join(path, "cgroup.procs")) as f:
            left = f.read().split()
        for pid in left:
            try:
                with open(os.path.join(self.mount, "cgroup.procs"), "w") as root:
                    root.write(pid)
            except OSError:
                pass  # it ended meanwhile
        os.rmdir(path)

    def moving_into(self, name, *argv):
        """The shell command that moves itself into cgroup name, then execs argv."""
        procs = os.path.join(self.mount, name, "cgroup.procs")
        return ["sh", "-c", "echo $$ > %s && exec %s"
                % (shlex.quote(procs), " ".join(shlex.quote(word) for word in argv))]

    def measured(self, *options, argv):
        """hpstat's --json report of -G A,B with options, while argv runs (moved into A)."""
        res = hpstat("-G", "%s,%s" % (self.a, self.b), *options, "--json", "-o", "-", "--",
                     *self.moving_into(self.a, *argv))
        self.assertEqual(res.returncode, 0, res.stderr)
        return json.loads(res.stdout)

    def alone(self, *argv):
        """The page faults of argv counted as a command of its own, from its exec."""
        res = hpstat("-e", "page-faults", "--json", "-o", "-", "--", *argv)
        self.assertEqual(res.returncode, 0, res.stderr)
        return mean(json.loads(res.stdout)["events"], "page-faults")


class Counting(Cgroups):
    def tolerance(self):
        """Cgroup A counts the program from its exec, as a run of it alone does, and besides
        that only what the shell does between its write to cgroup.procs and its exec (a
        handful of faults here). Half the faults of the shell's own start-up: what A would
        also hold if the shell were counted from before its move."""
        startup = self.alone("sh", "-c", "exit 0")
        self.assertGreater(startup, 10, "the shell's start-up takes more faults than that")
        return startup / 2

    def test_rows_count_each_cgroups_processes(self):
        touch = prog("touch_pages")
        report = self.measured("-e", "page-faults,task-clock", argv=[touch, str(PAGES)])
        parts = report["parts"]
        self.assertEqual([(p["kind"], p["label"]) for p in parts],
                         [("cgroup", self.a), ("cgroup", self.b)])
        a, b = parts[0]["events"], parts[1]["events"]
        alone, tolerance = self.alone(touch, str(PAGES)), self.tolerance()
        self.assertGreaterEqual(mean(a, "page-faults"), PAGES)
        self.assertLess(abs(mean(a, "page-faults") - alone), tolerance,
                        "cgroup A: %r page faults, the program alone %r"
                        % (mean(a, "page-faults"), alone))
        self.assertGreater(mean(a, "task-clock"), 0)
        # B had no process at all: it counted 0, and that is a count, not <not counted>.
        for event in b:
            self.assertEqual((event["name"], event["state"], event["mean"]),
                             (event["name"], "counted", 0))
        # The whole is the sum of the rows.
        self.assertEqual(mean(report["events"], "page-faults"), mean(a, "page-faults"))

    def test_each_row_is_its_cgroups(self):
        """A program in each cgroup, one after the other: each row holds its own program's
        faults, none of the other's."""
        touch = prog("touch_pages")
        first = " ".join(shlex.quote(w) for w in self.moving_into(self.a, touch, str(PAGES)))
        second = self.moving_into(self.b, touch, str(PAGES // 4))[2]
        res = hpstat("-G", "%s,%s" % (self.a, self.b), "-e", "page-faults", "--json", "-o",
                     "-", "--", "sh", "-c", first + " && " + second)
        self.assertEqual(res.returncode, 0, res.stderr)
        parts = json.loads(res.stdout)["parts"]
        tolerance = self.tolerance()
        for part, pages in zip(parts, (PAGES, PAGES // 4)):
            faults, alone = mean(part["events"], "page-faults"), self.alone(touch, str(pages))
            self.assertLess(abs(faults - alone), tolerance,
                            "cgroup %s: %r page faults, its program alone %r"
                            % (part["label"], faults, alone))

    def test_for_each_cgroup_is_the_same_option(self):
        res = hpstat("--for-each-cgroup", self.b, "-e", "page-faults", "-x,", "--",
                     *self.moving_into(self.a, prog("touch_pages"), "10"))
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = [line.split(",") for line in res.stderr.splitlines() if line]
        self.assertEqual([(r[0], r[1], r[3]) for r in rows], [(self.b, "0", "page-faults")])

    def test_text_rows(self):
        res = hpstat("-G", "%s,/%s" % (self.a, self.b), "-e", "page-faults", "--no-big-num",
                     "--", *self.moving_into(self.a, prog("touch_pages"), str(PAGES)))
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertIn("Performance counter stats for 'cgroups %s,/%s, while sh -c"
                      % (self.a, self.b), res.stderr)
        rows = re.findall(r"^(\S+) +(\d+) +page-faults", res.stderr, re.MULTILINE)
        self.assertEqual([label for label, _ in rows], [self.a, "/" + self.b], res.stderr)
        self.assertGreaterEqual(int(rows[0][1]), PAGES)
        self.assertEqual(rows[1][1], "0")

    def test_intervals_without_a_command(self):
        """Counting until --interval-count: a row per cgroup in each interval and in the
        total, an idle cgroup's 0 every time."""
        res = hpstat("-G", "%s,%s" % (self.a, self.b), "-e", "page-faults", "-I", "20",
                     "--interval-count", "2", "--csv")
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = [r for r in csv.DictReader(io.StringIO(res.stderr)) if r["type"] == "event"]
        want = ["", "cgroup:" + self.a, "cgroup:" + self.b]
        self.assertEqual([(r["scope"], r["event"], r["state"], r["mean"]) for r in rows],
                         [(scope, "page-faults", "counted", "0") for scope in want] * 3,
                         res.stderr)
        self.assertEqual([r["time"] for r in rows][-1], "")

    @unittest.skipUnless(shutil.which("perf"), "perf is not installed: nothing to compare with")
    def test_as_perf_counts(self):
        """perf stat -a --for-each-cgroup, on the same shape of run, counts what hpstat does
        in the cgroup (to the tolerance above: each run's shell is its own)."""
        touch = prog("touch_pages")
        res = subprocess.run(["perf", "stat", "-a", "--for-each-cgroup", self.a, "-e",
                              "page-faults", "-x,", "--",
                              *self.moving_into(self.a, touch, str(PAGES))],
                             capture_output=True, text=True, timeout=HANG_S)
        self.assertEqual(res.returncode, 0, res.stderr)
        fields = [line.split(",") for line in res.stderr.splitlines()
                  if ",page-faults," in line]
        self.assertEqual(len(fields), 1, res.stderr)
        self.assertEqual(fields[0][3], self.a)
        report = self.measured("-e", "page-faults", argv=[touch, str(PAGES)])
        ours = mean(report["parts"][0]["events"], "page-faults")
        self.assertLess(abs(ours - int(fields[0][0])), self.tolerance(),
                        "hpstat %r, perf %s" % (ours, fields[0][0]))


class Refused(Cgroups):
    def assert_refused(self, args, message):
        res = hpstat(*args)
        self.assertEqual((res.returncode, res.stderr), (EXIT_ERROR, "hpstat: " + message + "\n"))

    def test_a_cgroup_that_does_not_exist(self):
        name = self.b + "-none"
        self.assert_refused(["-G", "%s,%s" % (self.a, name), "true"],
                            "no cgroup '%s' under the cgroup v2 mount %s: %s is not there"
                            % (name, self.mount, os.path.join(self.mount, name)))

    def test_a_file_of_a_cgroup(self):
        name = self.a + "/cgroup.procs"
        self.assert_refused(["-G", name, "true"],
                            "no cgroup '%s' under the cgroup v2 mount %s: %s is not a directory"
                            % (name, self.mount, os.path.join(self.mount, name)))

    def test_nothing_above_the_mount(self):
        self.assert_refused(["-G", "%s/../.." % self.a, "true"],
                            "cgroup name '%s/../..' has a '..' part: name a cgroup by its path "
                            "below the cgroup v2 mount, as in -G "
                            "system.slice/ssh.service,user.slice" % self.a)

    def test_needs_the_privilege_of_whole_cpus(self):
        """As -a: an unprivileged user is refused with the paranoid level and the fixes."""
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([copy_for_nobody(tmp), "-G", self.a, "-e", "task-clock",
                                  "--timeout", "100"], capture_output=True, text=True,
                                 timeout=HANG_S, cwd=tmp, preexec_fn=become_nobody)
        assert_whole_cpus_refused(self, res)

    def test_with_processes(self):
        self.assert_refused(["-G", self.a, "-p", str(os.getpid())],
                            "'-G' counts cgroups on whole CPUs: it cannot go with -p or -t (a "
                            "process moved into a cgroup is counted there)")


if __name__ == "__main__":
    unittest.main()
