"""test_privileges.py - hpstat installed with file capabilities (cap_perfmon=p) and run by an
ordinary user (nobody): the measured command gets no privilege at all, kernel mode counts,
other users' processes stay out of reach, and hpstat refuses to run set-user-ID.

Needs root (to give a copy of the binary its capability and to become nobody) and setcap
(libcap2-bin); without them the tests fail, saying so, rather than skip: CI has both.
"""
import os
import shutil
import stat
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, become_nobody, copy_for_nobody, has_pmu, require_environment

HANG_S = 60


def setUpModule():
    require_environment()


as_nobody = become_nobody


class WithoutPrivilege(unittest.TestCase):
    def test_user_mode_fallback_is_said(self):
        if os.geteuid() != 0:
            self.fail("this test needs root, to become nobody")
        with open("/proc/sys/kernel/perf_event_paranoid") as f:
            level = int(f.read())
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([copy_for_nobody(tmp), "-e", "page-faults", "/bin/true"],
                                 capture_output=True, text=True, timeout=HANG_S, cwd=tmp,
                                 preexec_fn=as_nobody)
        self.assertEqual(res.returncode, 0, res.stderr)
        note = "note: kernel mode was refused to this user, so events marked :u count"
        if level >= 2:  # kernel mode refused: the name says so, and one line says why
            self.assertIn("page-faults:u", res.stderr)
            self.assertIn(note, res.stderr)
        else:
            self.assertNotIn(note, res.stderr)

    def test_default_set_runs(self):
        """The default set counts for an ordinary user at any level below 3: hardware
        events are counted in user mode where there is a PMU, and are <not supported> where
        there is none (a virtual machine), never a permission error because kernel mode was
        refused first."""
        if os.geteuid() != 0:
            self.fail("this test needs root, to become nobody")
        with open("/proc/sys/kernel/perf_event_paranoid") as f:
            if int(f.read()) > 2:
                self.fail("perf_event_paranoid is above 2: no ordinary user counts anything; "
                          "set it to 2 (sysctl kernel.perf_event_paranoid=2) for this test")
        pmu = has_pmu()
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([copy_for_nobody(tmp), "-x,", "/bin/true"],
                                 capture_output=True, text=True, timeout=HANG_S, cwd=tmp,
                                 preexec_fn=as_nobody)
        self.assertEqual(res.returncode, 0, res.stderr)
        rows = {r.split(",")[2]: r.split(",")[0] for r in res.stderr.splitlines()
                if r.count(",") >= 2}
        for name in ("cycles", "instructions", "branches", "branch-misses"):
            if pmu:
                self.assertRegex(rows.get(name + ":u", ""), r"^\d+$", res.stderr)
            else:
                self.assertEqual(rows.get(name), "<not supported>", res.stderr)
        self.assertRegex(rows.get("page-faults:u", rows.get("page-faults", "")), r"^\d+$",
                         res.stderr)


class FileCapabilities(unittest.TestCase):
    def setUp(self):
        if os.geteuid() != 0:
            self.fail("these tests need root, to give hpstat a capability and become nobody")
        setcap = shutil.which("setcap") or "/usr/sbin/setcap"
        if not os.path.exists(setcap):
            self.fail("these tests need setcap (Debian: apt-get install libcap2-bin)")
        self.tmp = tempfile.mkdtemp()
        self.binary = copy_for_nobody(self.tmp)
        subprocess.run([setcap, "cap_perfmon=p", self.binary], check=True)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def run_as_nobody(self, *args, binary=None):
        return subprocess.run([binary or self.binary, *args], capture_output=True, text=True,
                              timeout=HANG_S, cwd=self.tmp, preexec_fn=as_nobody)

    def test_command_has_no_privilege(self):
        res = self.run_as_nobody("-e", "task-clock", "/bin/grep", "-E",
                                 "^(Cap(Inh|Prm|Eff|Amb)|NoNewPrivs):", "/proc/self/status")
        self.assertEqual(res.returncode, 0, res.stderr)
        fields = dict(line.split(":\t") for line in res.stdout.splitlines())
        self.assertEqual(fields, {"CapInh": "0000000000000000", "CapPrm": "0000000000000000",
                                  "CapEff": "0000000000000000", "CapAmb": "0000000000000000",
                                  "NoNewPrivs": "1"})

    def test_kernel_mode_counts(self):
        # page-faults in kernel mode: without the capability, a paranoid level of 2 would
        # leave only the user-mode fallback, named "page-faults:u"
        res = self.run_as_nobody("-e", "page-faults", "-x,", "/bin/true")
        self.assertEqual(res.returncode, 0, res.stderr)
        fields = res.stderr.strip().split(",")
        self.assertEqual(fields[2], "page-faults", res.stderr)
        self.assertGreater(int(fields[0]), 0)

    def test_own_child_counts(self):
        res = self.run_as_nobody("-e", "task-clock", "-x,", "/bin/sh", "-c", "/bin/true")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertGreater(float(res.stderr.split(",")[0]), 0)

    def test_other_users_process_refused(self):
        res = self.run_as_nobody("-p", "1", "-e", "task-clock", "--timeout", "100")
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertEqual(res.stderr, "hpstat: cannot count process 1: not allowed (Permission "
                         "denied): this user may not inspect it, and hpstat's CAP_PERFMON is "
                         "for kernel events, not for other users' processes\n")

    def test_output_file_opened_as_the_user(self):
        private = os.path.join(self.tmp, "private")
        os.mkdir(private, 0o700)
        res = self.run_as_nobody("-o", os.path.join(private, "report.txt"), "/bin/true")
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertIn("Permission denied", res.stderr)
        self.assertEqual(os.listdir(private), [])

    def test_presets_dir_from_the_environment_ignored(self):
        # a privileged hpstat must not read files the user names through HPSTAT_EVENTS_DIR
        fake = os.path.join(self.tmp, "events")
        os.mkdir(fake)
        with open(os.path.join(fake, "mine.preset"), "w") as f:
            f.write("page-faults\n")
        os.chmod(fake, 0o755)
        env = dict(os.environ, HPSTAT_EVENTS_DIR=fake)
        res = subprocess.run([self.binary, "-e", "@mine", "true"], capture_output=True,
                             text=True, timeout=HANG_S, cwd=self.tmp, env=env,
                             preexec_fn=as_nobody)
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertIn("mine", res.stderr)

    def test_set_user_id_refused(self):
        setuid = copy_for_nobody(self.tmp, "hpstat-suid")
        os.chmod(setuid, 0o755 | stat.S_ISUID)
        res = self.run_as_nobody("true", binary=setuid)
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertEqual(res.stderr.count("\n"), 1)
        self.assertIn("refusing to run set-user-ID or set-group-ID", res.stderr)
        self.assertIn("make install-caps", res.stderr)


if __name__ == "__main__":
    unittest.main()
