"""test_doctor.py - hpstat --doctor on this machine, as text and JSON, checked against what the
test reads of sysfs and procfs itself; and the same findings in every --json report's machine
block. Whether this machine has a hardware PMU chooses the expectation, both ways: no skip."""
import json
import os
import re
import subprocess
import tempfile
import unittest

from e2e import HPSTAT, become_nobody, copy_for_nobody, require_environment

HANG_S = 60
NAMES = ["hardware_pmu", "virtual_machine", "perf_event_paranoid", "capabilities", "seccomp",
         "nmi_watchdog", "hybrid_cpu", "smt", "cpu_governor", "turbo", "tracefs"]
STATES = {"ok", "info", "warning", "problem"}
DEVICES = "/sys/bus/event_source/devices"


def setUpModule():
    require_environment()


def hpstat(*args):
    return subprocess.run([HPSTAT, *args], capture_output=True, text=True, timeout=HANG_S)


def read(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except OSError:
        return None


def core_pmus():
    """The CPU's own PMUs, as the kernel names them (or types them: 4 is PERF_TYPE_RAW)."""
    names = sorted(os.listdir(DEVICES)) if os.path.isdir(DEVICES) else []
    by_name = [n for n in names if n in ("cpu", "cpu_core", "cpu_atom")
               or n.startswith(("armv7_", "armv8_"))]
    return by_name or [n for n in names if read(os.path.join(DEVICES, n, "type")) == "4"]


def virtual_machine():
    """The signs the test can read without DMI's vendor list: the cpuid flag, Xen's type."""
    flag = False
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("flags"):
                flag = "hypervisor" in line.split(":", 1)[1].split()
                break
    return flag or bool(read("/sys/hypervisor/type"))


def paranoid():
    return int(read("/proc/sys/kernel/perf_event_paranoid"))


class Doctor(unittest.TestCase):
    def doctor_json(self):
        out = hpstat("--doctor", "--json")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "")
        return json.loads(out.stdout)

    def test_text(self):
        out = hpstat("--doctor")
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stderr, "")
        lines = out.stdout.splitlines()
        findings = {}
        for line in lines[:-1]:
            if line.startswith(" "):
                # a fix, under what was found
                self.assertRegex(line, r"^ {21}fix: {5}\S")
                continue
            m = re.match(r"^(\S+) +(ok|info|warning|problem) +(.*)$", line)
            self.assertIsNotNone(m, line)
            # aligned: the state and what was found start at the same column on every line
            self.assertEqual(line.index(m.group(2), len(m.group(1))), 21, line)
            self.assertEqual(line.index(m.group(3), 21 + len(m.group(2))), 30, line)
            findings[m.group(1)] = (m.group(2), m.group(3))
        self.assertEqual(list(findings), NAMES)
        self.assertRegex(lines[-1], r"^\d+ problems?, \d+ warnings?$")

        state, found = findings["hardware_pmu"]
        pmus = core_pmus()
        if pmus:
            self.assertEqual(state, "ok")
            self.assertIn("core PMU", found)
            self.assertIn("'%s'" % pmus[0], found)
        else:
            self.assertEqual(state, "problem")
            where = " in this virtual machine" if virtual_machine() else ""
            self.assertTrue(found.startswith("no hardware PMU%s: hardware events (cycles, "
                                             "instructions, cache-misses) are refused" % where),
                            found)
        self.assertTrue(findings["perf_event_paranoid"][1].startswith("%d: " % paranoid()),
                        findings["perf_event_paranoid"])
        self.assertTrue(findings["capabilities"][1].startswith(
            "root;" if os.geteuid() == 0 else "not root;"), findings["capabilities"])
        if virtual_machine():
            self.assertTrue(findings["virtual_machine"][1].startswith("yes: "),
                            findings["virtual_machine"])

    def test_json(self):
        d = self.doctor_json()
        self.assertEqual(d["schema_version"], 1)
        self.assertEqual([f["name"] for f in d["findings"]], NAMES)
        for f in d["findings"]:
            self.assertEqual(sorted(f), ["fix", "found", "name", "state"])
            self.assertIn(f["state"], STATES)
            self.assertIsInstance(f["found"], str)
            if f["state"] in ("ok", "problem"):
                # ok needs no fix; a problem always has one
                self.assertEqual(f["fix"] is None, f["state"] == "ok", f)
        by_name = {f["name"]: f for f in d["findings"]}
        pmu = by_name["hardware_pmu"]
        if core_pmus():
            self.assertEqual(pmu["state"], "ok")
        else:
            self.assertEqual(pmu["state"], "problem")
            self.assertIn("no hardware PMU", pmu["found"])
            if virtual_machine():
                self.assertTrue(pmu["fix"].startswith("enable the vPMU"), pmu["fix"])
        self.assertTrue(by_name["perf_event_paranoid"]["found"].startswith("%d: " % paranoid()))

    def test_report_machine_has_findings(self):
        """Every --json report says the same as --doctor --json, in its machine block."""
        doctor = self.doctor_json()["findings"]
        out = hpstat("--json", "-e", "task-clock", "true")
        self.assertEqual(out.returncode, 0, out.stderr)
        machine = json.loads(out.stderr)["machine"]
        self.assertEqual(machine["findings"], doctor)
        out = hpstat("--json", "-e", "task-clock", "-o", "-", "--compare", "true", "true 1")
        self.assertEqual(out.returncode, 0, out.stderr)
        for command in json.loads(out.stdout)["commands"]:
            self.assertEqual(command["result"]["machine"]["findings"], doctor)

    def test_refusals(self):
        for args, message in (
                (["--doctor", "true"], "'--doctor' runs no command: 'true' is one too many"),
                (["--doctor", "-e", "cycles"], "'--doctor' counts no events: leave out -e, -M, "
                                               "--topdown and --null"),
                (["-r", "2", "--doctor"], "'--doctor' runs nothing: leave out -r and -w"),
                (["--doctor", "--csv"], "'--doctor' prints text or '--json', not '--csv' or "
                                        "'-x'")):
            out = hpstat(*args)
            self.assertEqual(out.returncode, 125, args)
            self.assertEqual(out.stdout, "")
            self.assertEqual(out.stderr, "hpstat: %s\n" % message)

    def test_tracefs_mounted_but_private(self):
        """tracefs mounted root's alone (mode 0700, the kernel's default): the fix for nobody
        is access, not a mount of what is mounted already."""
        mount = "/sys/kernel/tracing"
        if os.geteuid() != 0:
            self.fail("this test needs root, to become nobody")
        if not os.path.ismount(mount) or os.stat(mount).st_mode & 0o005 == 0o005:
            self.skipTest(mount + " is not mounted, or anyone may read it")
        with tempfile.TemporaryDirectory() as tmp:
            res = subprocess.run([copy_for_nobody(tmp), "--doctor", "--json"],
                                 capture_output=True, text=True, timeout=HANG_S,
                                 preexec_fn=become_nobody, cwd=tmp)
        self.assertEqual(res.returncode, 0, res.stderr)
        found = {g["name"]: g for g in json.loads(res.stdout)["findings"]}["tracefs"]
        self.assertEqual(found["state"], "warning")
        self.assertEqual(found["found"], mount + " is mounted, but this user may not read it: "
                         "tracepoints (sched:sched_switch) cannot be named")
        self.assertEqual(found["fix"], "run as root, or let a group of this user's read it: "
                         "mount -o remount,gid=GROUP,mode=0750 " + mount)

    def test_closed_output_is_an_error(self):
        with open("/dev/full", "w") as full:
            out = subprocess.run([HPSTAT, "--doctor"], stdout=full, stderr=subprocess.PIPE,
                                 text=True, timeout=HANG_S)
        self.assertEqual(out.returncode, 125)
        self.assertIn("standard output", out.stderr)


if __name__ == "__main__":
    unittest.main()
