"""test_waitloop.py - hpstat's one wait loop end to end: stop signals at every moment of a
measurement, the command's signal state and its death with hpstat, SIGCHLD and closed
descriptors at start, counters the kernel took away, invalid encodings, a later run that
fails, user input in messages, and write errors.

No test waits by the clock: the command under test (tests/progs/waiter) writes a line to a
pipe when it runs, and tests/progs/setup_gate.so holds hpstat's child inside the counter
setup until the test has sent its signal. A timeout here only turns a hang into a failure.
"""
import os
import select
import shutil
import signal
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, prog, require_environment
HANG_S = 30  # what counts as a hang


def setUpModule():
    require_environment()


def default_signals(then=None):
    """A preexec_fn: the stop signals at their default action, then `then`. A test run from a
    background job of a non-interactive shell inherits SIGINT and SIGQUIT ignored, and hpstat
    rightly keeps an ignored stop signal ignored, which is not what these tests test."""
    def setup():
        for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(signo, signal.SIG_DFL)
        if then:
            then()
    return setup


class Session:
    """hpstat running in its own process group, with a pipe its command reports on
    (HP_READY_FD) and, optionally, the setup gate preloaded."""

    def __init__(self, args, preexec_fn=None, gate_at=None, stderr=subprocess.PIPE):
        self.lines = b""
        read_end, write_end = os.pipe()
        env = dict(os.environ, HP_READY_FD=str(write_end))
        fds = [write_end]
        self.go = None
        if gate_at is not None:
            go_read, self.go = os.pipe()
            env.update(LD_PRELOAD=prog("setup_gate.so"), GATE_AT=str(gate_at),
                       GATE_FD=str(write_end), GATE_GO_FD=str(go_read))
            # A sanitizer build wants its runtime first; the gate comes before it here.
            env["ASAN_OPTIONS"] = (env.get("ASAN_OPTIONS", "") +
                                   ":verify_asan_link_order=0").lstrip(":")
            fds.append(go_read)
        self.proc = subprocess.Popen([HPSTAT, *args], stdout=subprocess.PIPE, stderr=stderr,
                                     env=env, pass_fds=fds, start_new_session=True,
                                     preexec_fn=default_signals(preexec_fn))
        for fd in fds:
            os.close(fd)
        self.reader = read_end

    def line(self):
        """The next line the command (or the gate) wrote; fails on a hang or EOF."""
        while b"\n" not in self.lines:
            ready, _, _ = select.select([self.reader], [], [], HANG_S)
            if not ready:
                raise AssertionError("nothing on the ready pipe in %d s" % HANG_S)
            chunk = os.read(self.reader, 256)
            if not chunk:
                raise AssertionError("the ready pipe closed; read so far: %r" % self.lines)
            self.lines += chunk
        first, self.lines = self.lines.split(b"\n", 1)
        return first.decode()

    def release_gate(self):
        os.write(self.go, b"g")

    def finish(self):
        try:
            out, err = self.proc.communicate(timeout=HANG_S)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.communicate()
            raise AssertionError("hpstat still running after %d s" % HANG_S)
        finally:
            os.close(self.reader)
            if self.go is not None:
                os.close(self.go)
        return self.proc.returncode, out.decode(errors="replace"), \
            (err or b"").decode(errors="replace")


def run(args, preexec_fn=None, **kw):
    if "stdout" not in kw and "stderr" not in kw:
        kw["capture_output"] = True
    return subprocess.run([HPSTAT, *args], timeout=HANG_S, preexec_fn=default_signals(preexec_fn),
                          **kw)


def row_value(report, event):
    """The value column of event's row in a text report, as a string."""
    for line in report.splitlines():
        fields = line.split()
        if len(fields) >= 2 and event in fields[1:3]:
            return fields[0] if not line.strip().startswith("<") else \
                line.strip().split(">")[0] + ">"
    raise AssertionError("no row for %s in:\n%s" % (event, report))


class StopSignals(unittest.TestCase):
    def test_sigterm_during_counter_setup(self):
        """SIGTERM while the child of run 2 opens counters: run 2's command never starts.
        hpstat starts with SIGTERM blocked, so the command does too: had it started, the
        SIGTERM passed on to it could not stop it from writing its line."""
        def block_term():
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "runs")
            s = Session(["--no-metrics", "-e", "page-faults", "-e", "context-switches",
                         "-r", "3", "sh", "-c", 'echo run >> "$1"', "sh", marker],
                        # calls 1-2: the counters hpstat holds on itself, one of each kind;
                        # 3-4: run 1's; 5: the first counter of run 2
                        gate_at=5, preexec_fn=block_term)
            self.assertEqual(s.line(), "gate")
            os.kill(s.proc.pid, signal.SIGTERM)
            s.release_gate()
            code, _, err = s.finish()
            with open(marker) as f:
                runs = f.read().count("run")
        self.assertEqual(code, 143, err)
        self.assertEqual(runs, 1, "the command ran again after SIGTERM:\n" + err)
        self.assertIn("(1 of 3 runs)", err)

    def test_stop_signal_pending_at_start(self):
        """A SIGTERM that reached hpstat before it could look: nothing runs."""
        def term_pending():
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGTERM])
            os.kill(os.getpid(), signal.SIGTERM)
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "ran")
            proc = run(["-e", "page-faults", "touch", marker], preexec_fn=term_pending)
            self.assertEqual(proc.returncode, 143, proc.stderr)
            self.assertFalse(os.path.exists(marker))

    def test_sigint_to_hpstat_alone_reaches_the_command(self):
        s = Session(["-e", "page-faults", prog("waiter"), "60000"])
        self.assertTrue(s.line().startswith("ready"))
        os.kill(s.proc.pid, signal.SIGINT)
        code, _, err = s.finish()
        self.assertEqual(code, 130, err)
        self.assertIn("(interrupted)", err)
        self.assertNotIn("<", row_value(err, "page-faults"))

    def test_ctrl_c_when_the_command_left_the_group(self):
        s = Session(["-e", "page-faults", "setsid", prog("waiter"), "60000"])
        self.assertTrue(s.line().startswith("ready"))
        os.killpg(s.proc.pid, signal.SIGINT)
        code, _, err = s.finish()
        self.assertEqual(code, 130, err)

    def test_sigterm_and_sighup_passed_on(self):
        for signo in (signal.SIGTERM, signal.SIGHUP):
            s = Session(["-e", "page-faults", prog("waiter"), "60000"])
            self.assertTrue(s.line().startswith("ready"))
            os.kill(s.proc.pid, signo)
            code, _, err = s.finish()
            self.assertEqual(code, 128 + signo, err)
            self.assertIn("Performance counter stats", err)

    def test_second_stop_signal_kills_a_stubborn_command(self):
        s = Session(["-e", "page-faults", prog("waiter"), "-s", "60000"])
        self.assertTrue(s.line().startswith("ready"))
        os.kill(s.proc.pid, signal.SIGTERM)
        self.assertEqual(s.line(), "signal %d" % signal.SIGTERM)  # passed on, and ignored
        os.kill(s.proc.pid, signal.SIGTERM)
        code, _, err = s.finish()
        self.assertEqual(code, 143, err)
        self.assertIn("(interrupted)", err)

    def test_ctrl_c_keeps_the_finished_runs(self):
        """Ctrl-C (to the whole group) during run 2 of 50: run 1 is the report."""
        with tempfile.TemporaryDirectory() as tmp:
            s = Session(["-e", "page-faults", "-r", "50", prog("waiter"), "-f",
                         os.path.join(tmp, "first"), "60000"])
            self.assertTrue(s.line().startswith("ready"))  # run 1, which ends at once
            self.assertTrue(s.line().startswith("ready"))  # run 2, which sleeps
            os.killpg(s.proc.pid, signal.SIGINT)
            code, _, err = s.finish()
        self.assertEqual(code, 130, err)
        self.assertIn("(1 of 50 runs)", err)
        self.assertNotIn("<", row_value(err, "page-faults"))

    def test_ctrl_c_on_a_single_run(self):
        s = Session(["-e", "page-faults", prog("waiter"), "60000"])
        self.assertTrue(s.line().startswith("ready"))
        os.killpg(s.proc.pid, signal.SIGINT)
        code, _, err = s.finish()
        self.assertEqual(code, 130, err)
        self.assertIn("(interrupted)", err)
        self.assertNotIn("<", row_value(err, "page-faults"))


class CommandState(unittest.TestCase):
    def status_of_command(self, preexec_fn):
        proc = run(["-e", "task-clock", "grep", "-E", "^Sig(Blk|Ign)", "/proc/self/status"],
                   preexec_fn=preexec_fn, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return {line.split(":")[0]: int(line.split()[1], 16)
                for line in proc.stdout.splitlines()}

    def test_sigchld_ignored_at_start(self):
        def ignore_chld():
            signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        proc = run(["-r", "3", "-e", "page-faults", prog("touch_pages"), "100"],
                   preexec_fn=ignore_chld, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("(3 runs)", proc.stderr)
        self.assertGreaterEqual(float(row_value(proc.stderr, "page-faults")), 100)
        # ... and the command gets SIGCHLD as hpstat got it.
        state = self.status_of_command(ignore_chld)
        self.assertTrue(state["SigIgn"] & 1 << (signal.SIGCHLD - 1))

    def test_sigchld_blocked_at_start(self):
        def block_chld():
            signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGCHLD])
        proc = run(["-e", "page-faults", prog("exit_with"), "3"], preexec_fn=block_chld)
        self.assertEqual(proc.returncode, 3, proc.stderr)
        state = self.status_of_command(block_chld)
        self.assertTrue(state["SigBlk"] & 1 << (signal.SIGCHLD - 1))
        # hpstat's own blocking of the stop signals is not the command's.
        for signo in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            self.assertFalse(state["SigBlk"] & 1 << (signo - 1), hex(state["SigBlk"]))

    def test_command_dies_with_hpstat(self):
        s = Session(["-e", "page-faults", prog("waiter"), "60000"])
        pid = int(s.line().split()[1])
        pidfd = os.pidfd_open(pid)
        try:
            s.proc.kill()
            s.finish()
            ready, _, _ = select.select([pidfd], [], [], HANG_S)
            self.assertTrue(ready, "the command outlived hpstat")
        finally:
            os.close(pidfd)


class Descriptors(unittest.TestCase):
    def test_closed_stderr_keeps_errors_out_of_the_report(self):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "report")
            proc = run(["-o", report, "-e", "page-faults", os.path.join(tmp, "nothing")],
                       preexec_fn=lambda: os.close(2))
            self.assertEqual(proc.returncode, 127)
            with open(report) as f:
                self.assertNotIn("hpstat:", f.read())
            proc = run(["-o", report, "-e", "page-faults", "true"],
                       preexec_fn=lambda: os.close(2))
            self.assertEqual(proc.returncode, 0)
            with open(report) as f:
                self.assertIn("page-faults", f.read())

    def test_closed_stdin_and_stdout(self):
        def close_both():
            os.close(0)
            os.close(1)
        proc = run(["-e", "page-faults", "true"], preexec_fn=close_both, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("page-faults", proc.stderr)


class DetachedCounters(unittest.TestCase):
    def test_set_user_id_command_is_not_counted(self):
        """An unprivileged user's command that execs a set-user-ID program: the kernel
        takes the counters away at the exec, so the count is unknown, not 0."""
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to make a set-user-ID program")
        with tempfile.TemporaryDirectory() as tmp:
            os.chmod(tmp, 0o755)
            binary, suid = os.path.join(tmp, "hpstat"), os.path.join(tmp, "suid_exit")
            shutil.copy(HPSTAT, binary)
            shutil.copy(prog("exit_with"), suid)
            os.chown(suid, 0, 0)
            os.chmod(binary, 0o755)
            os.chmod(suid, 0o4755)
            proc = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534",
                                   "--clear-groups", binary, "-e", "page-faults", suid, "0"],
                                  capture_output=True, text=True, timeout=HANG_S, cwd=tmp)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(row_value(proc.stderr, "page-faults:u"), "<not counted>",
                         proc.stderr)
        self.assertIn("set-user-ID", proc.stderr)

    def test_root_command_that_changes_user_is_counted(self):
        """root's command may become another user and exec: the kernel keeps the counters
        (the ids are not set-user-ID ones), so hpstat must too."""
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            self.skipTest("needs root and setpriv to change users")
        proc = run(["-e", "page-faults", "setpriv", "--reuid=65534", "--regid=65534",
                    "--clear-groups", prog("touch_pages"), "500"], text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertGreaterEqual(float(row_value(proc.stderr, "page-faults")), 500)
        self.assertNotIn("set-user-ID", proc.stderr)


class Encodings(unittest.TestCase):
    def test_invalid_encoding_is_an_error(self):
        if not os.path.isdir("/sys/bus/event_source/devices/msr"):
            proc = run(["-e", "msr/event=0x99/", "true"], text=True)
            self.assertIn("unknown PMU 'msr'", proc.stderr)
            return
        with tempfile.TemporaryDirectory() as tmp:
            marker = os.path.join(tmp, "ran")
            proc = run(["-e", "msr/event=0x99/", "touch", marker], text=True)
            self.assertEqual(proc.returncode, 125, proc.stderr)
            self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
            self.assertIn("rejected its encoding (type=", proc.stderr)
            self.assertIn("config=0x99", proc.stderr)
            self.assertFalse(os.path.exists(marker))


class FailedRun(unittest.TestCase):
    def test_later_run_that_cannot_start(self):
        """Run 1 removes the script, so run 2 cannot start: run 1 is reported, then why."""
        with tempfile.TemporaryDirectory() as tmp:
            script = os.path.join(tmp, "once")
            with open(script, "w") as f:
                f.write('#!/bin/sh\nrm -f "$0"\n')
            os.chmod(script, 0o755)
            proc = run(["-r", "3", "-e", "page-faults", script], text=True)
        self.assertEqual(proc.returncode, 127, proc.stderr)
        self.assertIn("(1 of 3 runs)", proc.stderr)
        self.assertNotIn("<", row_value(proc.stderr, "page-faults"))
        last = proc.stderr.strip().splitlines()[-1]
        self.assertTrue(last.startswith("hpstat: run 2 of 3 failed"), last)
        self.assertIn("command not found", last)


def executable(path, content):
    """Writes content (bytes) to path, executable; returns path."""
    with open(path, "wb") as f:
        f.write(content)
    os.chmod(path, 0o755)
    return path


class NotAProgram(unittest.TestCase):
    def test_a_directory_is_named_so(self):
        """exec says 'Permission denied' for a directory; the line says what it is."""
        with tempfile.TemporaryDirectory() as tmp:
            proc = run(["-e", "task-clock", tmp], text=True)
        self.assertEqual(proc.returncode, 126, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: cannot run '%s': it is a directory\n" % tmp)


class MissingInterpreter(unittest.TestCase):
    """exec answers "not found" for a script whose interpreter is missing, and for a program
    whose dynamic loader is: the one line names what is missing, not the command."""

    def failed_line(self, tmp, name, content, *args):
        path = executable(os.path.join(tmp, name), content)
        proc = run([*args, "-e", "task-clock", path], text=True)
        self.assertEqual(proc.returncode, 127, proc.stderr)
        self.assertEqual(proc.stderr.count("\n"), 1, proc.stderr)
        return proc.stderr

    def test_interpreter_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            line = self.failed_line(tmp, "script", b"#!  /nonexistent/interp -e\necho hi\n")
            self.assertIn("its interpreter '/nonexistent/interp' (its #! line) is not found",
                          line)
            line = self.failed_line(tmp, "script", b"#!/nonexistent/interp\n", "-r", "3")
            self.assertIn("its interpreter '/nonexistent/interp'", line)

    def test_interpreter_there_but_not_starting(self):
        with tempfile.TemporaryDirectory() as tmp:
            inner = executable(os.path.join(tmp, "inner"), b"#!/nonexistent/interp\n")
            line = self.failed_line(tmp, "outer", b"#!" + inner.encode() + b"\n")
            self.assertIn("its interpreter %s (its #! line) is there, but not what that "
                          "needs to start" % inner, line)

    def test_carriage_return_named(self):
        with tempfile.TemporaryDirectory() as tmp:
            line = self.failed_line(tmp, "dos.sh", b"#!/bin/sh\r\necho hi\r\n")
            self.assertIn("carriage return, so its interpreter is '/bin/sh\\r'", line)
            self.assertIn("dos2unix", line)

    def test_found_through_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            executable(os.path.join(tmp, "inpath"), b"#!/nonexistent/interp\n")
            proc = run(["-e", "task-clock", "inpath"], text=True,
                       env=dict(os.environ, PATH="/nonexistent-dir:" + tmp))
            self.assertEqual(proc.returncode, 127, proc.stderr)
            self.assertIn("'inpath': its interpreter '/nonexistent/interp'", proc.stderr)

    def test_dynamic_loader_missing(self):
        with open("/bin/true", "rb") as f:
            program = f.read()
        at = program.find(b"ld-linux")
        self.assertGreater(at, 0, "no dynamic loader named in /bin/true")
        with tempfile.TemporaryDirectory() as tmp:
            line = self.failed_line(tmp, "prog", program[:at] + b"ld-nonex" + program[at + 8:])
            self.assertIn("is there, but not what it needs to start", line)
            self.assertIn("dynamic loader", line)

    def test_command_not_there(self):
        proc = run(["-e", "task-clock", "no-such-command-anywhere"], text=True)
        self.assertEqual(proc.returncode, 127, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat: cannot run 'no-such-command-anywhere': "
                         "command not found\n")


class Messages(unittest.TestCase):
    def test_control_bytes_and_bad_utf8_escaped(self):
        proc = run(["-e", b"x\x1b[31m\xff\xc2\x9b", "true"])
        self.assertEqual(proc.returncode, 125)
        self.assertIn(b"x\\x1b[31m\\xff\\xc2\\x9b", proc.stderr)
        self.assertNotIn(b"\x1b", proc.stderr)
        self.assertNotIn(b"\xff", proc.stderr)

    def test_valid_utf8_kept(self):
        proc = run(["-e", "caf\u00e9", "true"])
        self.assertIn("'caf\u00e9'".encode(), proc.stderr)


class WriteErrors(unittest.TestCase):
    def full_stdout(self, args):
        with open("/dev/full", "w") as full:
            proc = run(args, stdout=full, stderr=subprocess.PIPE, text=True)
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("standard output", proc.stderr)
        self.assertIn("No space left", proc.stderr)

    def test_full_disk_in_every_mode(self):
        self.full_stdout(["--help"])
        self.full_stdout(["--version"])
        self.full_stdout(["--list"])
        self.full_stdout(["-o", "-", "-e", "page-faults", "true"])

    def test_closed_pipe(self):
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            proc = run(["--list", "--json"], stdout=write_end, stderr=subprocess.PIPE,
                       text=True)
        finally:
            os.close(write_end)
        self.assertEqual(proc.returncode, 125, proc.stderr)
        self.assertIn("Broken pipe", proc.stderr)


if __name__ == "__main__":
    unittest.main()
