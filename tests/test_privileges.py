"""test_privileges.py - hpstat installed with file capabilities (cap_perfmon=p) and run by an
ordinary user (nobody): the measured command gets no privilege at all, kernel mode counts,
other users' processes stay out of reach, and hpstat refuses to run set-user-ID.

Needs root (to give a copy of the binary its capability and to become nobody) and setcap
(libcap2-bin); without them the tests fail, saying so, rather than skip: CI has both.
"""
import ctypes
import os
import platform
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import unittest

from e2e import HPSTAT, become_nobody, copy_for_nobody, has_pmu, require_environment

HANG_S = 60


def setUpModule():
    require_environment()


as_nobody = become_nobody

# ptrace(2), through ctypes: to stop hpstat at one precise system call, so that a race is
# lost on purpose, every time, with no timing involved.
PTRACE_TRACEME, PTRACE_DETACH, PTRACE_SYSCALL = 0, 17, 24
PTRACE_SETOPTIONS, PTRACE_GET_SYSCALL_INFO = 0x4200, 0x420E
PTRACE_O_TRACESYSGOOD, PTRACE_O_EXITKILL = 0x1, 0x100000
PTRACE_SYSCALL_INFO_ENTRY = 1
PERF_EVENT_OPEN_NR = {"x86_64": 298, "aarch64": 241, "riscv64": 241, "ppc64le": 319,
                      "s390x": 331}
_libc = ctypes.CDLL(None, use_errno=True)
_libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
_libc.ptrace.restype = ctypes.c_long


class _SyscallInfo(ctypes.Structure):
    """struct ptrace_syscall_info, its entry member (the union is 64 bytes at most)."""
    _fields_ = [("op", ctypes.c_uint8), ("pad", ctypes.c_uint8 * 3),
                ("arch", ctypes.c_uint32), ("ip", ctypes.c_uint64), ("sp", ctypes.c_uint64),
                ("nr", ctypes.c_uint64), ("args", ctypes.c_uint64 * 6),
                ("rest", ctypes.c_uint64)]


def _ptrace(request, pid, addr=None, data=None):
    if _libc.ptrace(request, pid, addr, data) < 0:
        err = ctypes.get_errno()
        raise OSError(err, "ptrace %#x: %s" % (request, os.strerror(err)))


def traced_nobody():
    """For a preexec_fn: traced by the test (asked while still root, so that the exec still
    gains hpstat's file capability: the tracer is capable), then nobody."""
    _ptrace(PTRACE_TRACEME, 0)
    become_nobody()


def run_to_perf_event_open(pid, target, nth):
    """Runs the traced hpstat pid (stopped at its exec) to the entry of its nth
    perf_event_open(2) on process target and leaves it stopped there. False if it ended."""
    nr, seen, sig = PERF_EVENT_OPEN_NR[platform.machine()], 0, 0
    info = _SyscallInfo()
    _, status = os.waitpid(pid, 0)
    _ptrace(PTRACE_SETOPTIONS, pid, None, PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)
    while True:
        _ptrace(PTRACE_SYSCALL, pid, None, sig)
        _, status = os.waitpid(pid, 0)
        if not os.WIFSTOPPED(status):
            return False
        sig = 0
        if os.WSTOPSIG(status) != signal.SIGTRAP | 0x80:
            sig = os.WSTOPSIG(status)  # a signal for hpstat: it gets it
            continue
        _ptrace(PTRACE_GET_SYSCALL_INFO, pid, ctypes.sizeof(info), ctypes.byref(info))
        if (info.op == PTRACE_SYSCALL_INFO_ENTRY and info.nr == nr and
                ctypes.c_int32(info.args[1]).value == target):
            seen += 1
            if seen == nth:
                return True


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

    def test_private_tracefs_says_how_to_share_it(self):
        """tracefs is root's alone by default (mode 0700): a user naming a tracepoint is told
        that a group and a mode open it, not just gid= (which leaves it 0700)."""
        if os.geteuid() != 0:
            self.fail("this test needs root, to become nobody")
        mode = os.stat("/sys/kernel/tracing").st_mode
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([copy_for_nobody(tmp), "-e", "sched:sched_switch",
                                  "/bin/true"], capture_output=True, text=True,
                                 timeout=HANG_S, cwd=tmp, preexec_fn=as_nobody)
        if mode & 0o005:  # readable by all here: the tracepoint is found
            self.assertNotIn("cannot look up tracepoint", res.stderr)
            return
        self.assertEqual(res.returncode, 125, res.stderr)
        self.assertEqual(res.stderr, "hpstat: cannot look up tracepoint 'sched:sched_switch': "
                         "permission denied reading '/sys/kernel/tracing' (tracefs is root's "
                         "alone unless mounted with gid=GROUP,mode=0750 for a group of this "
                         "user's); run as root\n")

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

    def test_launcher_has_no_privilege(self):
        # the process that starts each command is hpstat's child too, and lives as long;
        # hpstat opens every counter itself, so it needs no capability
        res = self.run_as_nobody("-q", "-e", "task-clock", "/bin/sh", "-c",
                                 "for p in $(cat /proc/$PPID/task/*/children); do "
                                 "[ $p = $$ ] || grep ^CapPrm: /proc/$p/status; done")
        self.assertEqual(res.returncode, 0, res.stderr)
        self.assertEqual(res.stdout, "CapPrm:\t0000000000000000\n")

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

    def test_target_turned_privileged_before_the_open_refused(self):
        """-p checks the target as the user, then opens its counters with CAP_PERFMON (which
        skips the kernel's own check). A target that runs a set-user-ID program between the
        two must not be counted: hpstat is stopped at its first counter's open, after the
        check, while the target becomes root."""
        if platform.machine() not in PERF_EVENT_OPEN_NR:
            self.skipTest("perf_event_open's number on %s is not known here" %
                          platform.machine())
        cat = os.path.join(self.tmp, "cat-suid")  # root's, set-user-ID: echoes once it runs
        shutil.copy(shutil.which("cat"), cat)
        os.chmod(cat, 0o755 | stat.S_ISUID)
        target = subprocess.Popen(
            [sys.executable, "-c", "import os, sys; os.read(0, 3); os.execv(sys.argv[1], "
             "sys.argv[1:])", cat], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            preexec_fn=as_nobody)
        hpstat = subprocess.Popen([self.binary, "-p", str(target.pid), "-e", "task-clock"],
                                  stderr=subprocess.PIPE, text=True, cwd=self.tmp,
                                  preexec_fn=traced_nobody)
        try:
            # the first open on the target is the check as the user; the second, a counter
            self.assertTrue(run_to_perf_event_open(hpstat.pid, target.pid, 2),
                            "hpstat ended before opening a counter on the target")
            target.stdin.write(b"go\nran\n")
            target.stdin.flush()
            self.assertEqual(target.stdout.readline(), b"ran\n")
            with open("/proc/%d/status" % target.pid) as f:
                uids = [line.split()[1:] for line in f if line.startswith("Uid:")][0]
            self.assertEqual(uids[1], "0", "the set-user-ID copy of cat did not run as root "
                             "(%s mounted nosuid?)" % self.tmp)
            _ptrace(PTRACE_DETACH, hpstat.pid)
            target.stdin.close()
            _, err = hpstat.communicate(timeout=HANG_S)
        finally:
            if hpstat.poll() is None:
                hpstat.kill()
                hpstat.wait()
            target.kill()
            target.wait()
            target.stdin.close()
            target.stdout.close()
        self.assertEqual(hpstat.returncode, 125, err)
        self.assertEqual(err, "hpstat: cannot count process %d: not allowed (Permission "
                         "denied): this user may not inspect it, and hpstat's CAP_PERFMON is "
                         "for kernel events, not for other users' processes\n" % target.pid)

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
