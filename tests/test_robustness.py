"""test_robustness.py - hpstat under conditions a review found mishandled: an ignored SIGHUP
(nohup), a command that catches Ctrl-C, a failed run with -o, a huge argument list, a group
bigger than any PMU, and an unprivileged user refused by a PMU."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

from e2e import copy_for_nobody

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")


def setUpModule():
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def run(args, **kw):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=60, **kw)


class Signals(unittest.TestCase):
    def test_ignored_sighup_stays_ignored(self):
        """Under nohup, SIGHUP is ignored: the command must inherit that, not a default."""
        def ignore_hup():
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
        proc = run(["-e", "task-clock", "grep", "^SigIgn", "/proc/self/status"],
                   preexec_fn=ignore_hup)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        mask = int(proc.stdout.split()[1], 16)
        self.assertTrue(mask & (1 << (signal.SIGHUP - 1)), proc.stdout)

    def test_command_that_catches_ctrl_c(self):
        """The command exits 0 on SIGINT: the run was still cut short, and hpstat says so."""
        catcher = ("import os, signal, sys, time\n"
                   "signal.signal(signal.SIGINT, lambda *a: sys.exit(0))\n"
                   "os.write(int(sys.argv[1]), b'ready')\n"
                   "time.sleep(60)\n")
        read_end, write_end = os.pipe()
        # SIGINT at its default action, as a terminal gives it: a background job of a
        # non-interactive shell would have it ignored, and hpstat keeps that.
        proc = subprocess.Popen([HPSTAT, "-r", "3", "-e", "task-clock", sys.executable, "-c",
                                 catcher, str(write_end)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, start_new_session=True,
                                pass_fds=(write_end,),
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        os.close(write_end)
        # The command says when its handler is in place: Ctrl-C goes then, not after a guess.
        with os.fdopen(read_end, "rb") as ready:
            self.assertEqual(ready.read(5), b"ready")
            os.killpg(proc.pid, signal.SIGINT)
            _, err = proc.communicate(timeout=30)
        self.assertEqual(proc.returncode, 130, err)
        self.assertIn("(1 of 3 runs, cut short)", err)


class Output(unittest.TestCase):
    def test_failed_run_keeps_last_report(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "report.txt")
            with open(path, "w") as f:
                f.write("the last report\n")
            proc = run(["-o", path, os.path.join(tmp, "no-such-command")])
            self.assertEqual(proc.returncode, 127, proc.stderr)
            with open(path) as f:
                self.assertEqual(f.read(), "the last report\n")
            proc = run(["-o", path, "-e", "task-clock", "true"])
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with open(path) as f:
                text = f.read()
            self.assertNotIn("the last report", text)
            self.assertIn("task-clock", text)


class Limits(unittest.TestCase):
    def test_huge_argument_list_to_a_script_without_shebang(self):
        """glibc runs such a script with /bin/sh, copying argv onto the child's stack."""
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "noshebang")
            with open(script, "w") as f:
                f.write('echo "$#"\n')
            os.chmod(script, 0o755)
            args = [str(i) for i in range(34000)]
            proc = run(["-e", "task-clock", "-o", os.path.join(tmp, "r"), script, *args])
            self.assertEqual(proc.returncode, 0, proc.stderr[-300:])
            self.assertEqual(proc.stdout.strip(), "34000")

    def test_group_larger_than_any_pmu(self):
        """Seventy software events in one group: read in one go after the run."""
        events = "{" + ",".join(["page-faults"] * 70) + "}"
        proc = run(["-x", ",", "-e", events, os.path.join(PROGS, "touch_pages"), "500"])
        self.assertEqual(proc.returncode, 0, proc.stderr[-300:])
        values = [int(line.split(",")[0]) for line in proc.stderr.splitlines() if line]
        self.assertEqual(len(values), 70)
        self.assertEqual(len(set(values)), 1, values[:5])
        self.assertTrue(500 <= values[0] <= 600, values[0])


class Descriptors(unittest.TestCase):
    """Three hundred counters need more descriptors than a soft limit of 100 allows."""
    EVENTS = ",".join(["page-faults"] * 300)

    def test_soft_limit_is_raised(self):
        import resource
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        if hard != resource.RLIM_INFINITY and hard < 400:
            self.fail("this test needs a hard open-file limit of at least 400, not %d" % hard)
        proc = run(["--no-metrics", "-x", ",", "-e", self.EVENTS, os.path.join(PROGS,
                    "touch_pages"), "100"],
                   preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (100, hard)))
        self.assertEqual(proc.returncode, 0, proc.stderr[-300:])
        values = [int(line.split(",")[0]) for line in proc.stderr.splitlines() if line]
        self.assertEqual(len(values), 300)
        self.assertTrue(all(100 <= v <= 200 for v in values), values[:5])

    def test_hard_limit_too_low(self):
        import resource
        proc = run(["--no-metrics", "-e", self.EVENTS, "true"],
                   preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_NOFILE, (100, 100)))
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        # 300 counters, the one page-faults counter held between runs, 64 others
        self.assertIn("300 counters need about 365 open files, but the limit is 100",
                      proc.stderr)


class Privileges(unittest.TestCase):
    def test_unprivileged_user_refused_by_msr(self):
        """The msr PMU takes no privilege filter: when kernel counting is refused, the user
        must hear about permissions, not see <not supported>."""
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to become an unprivileged user")
        if not os.path.isdir("/sys/bus/event_source/devices/msr"):
            self.skipTest("this machine has no msr PMU")
        with open("/proc/sys/kernel/perf_event_paranoid") as f:
            paranoid = int(f.read())
        with tempfile.TemporaryDirectory() as tmp:
            proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups", copy_for_nobody(tmp), "-e", "msr/tsc/",
                                   "true"],
                                  capture_output=True, text=True, timeout=60, cwd=tmp)
        if paranoid >= 2:
            self.assertEqual(proc.returncode, 125, proc.stderr)
            self.assertIn("perf_event_paranoid", proc.stderr)
        else:
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertNotIn("<not supported>", proc.stderr)


if __name__ == "__main__":
    unittest.main()
