"""test_plot.py - hpstat-plot end to end: a real comparison drawn as PNG and SVG at the size
asked for, the quantities chosen, the changes labelled, and one line with status 2 for input
it cannot draw (a single command's result, a file that is not JSON, a missing file)."""
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")
PLOT = os.environ.get("HPSTAT_PLOT")

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def setUpModule():
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS), ("HPSTAT_PLOT", PLOT)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")


def need_matplotlib():
    """Drawing needs matplotlib: without it the test fails and says what to install,
    never skips (the error cases below run without it)."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        raise RuntimeError("hpstat-plot needs matplotlib and so does this test: install "
                           "python3-matplotlib (Debian, Ubuntu) or 'pip install matplotlib' "
                           "for %s" % sys.executable)


def touch(pages):
    return "%s %d" % (os.path.join(PROGS, "touch_pages"), pages)


def plot(*args, stdin=None):
    # The interpreter running this test, so that the matplotlib it checked is the one used.
    return subprocess.run([sys.executable, PLOT, *args], capture_output=True, text=True,
                          timeout=300, stdin=stdin)


def png_size(path):
    """(width, height) from the IHDR chunk, which must come first."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != PNG_SIGNATURE:
        raise AssertionError("%s does not start with the PNG signature: %r" % (path, head[:8]))
    length, chunk = struct.unpack(">I4s", head[8:16])
    if chunk != b"IHDR" or length != 13:
        raise AssertionError("%s: the first chunk is %r, not IHDR" % (path, chunk))
    return struct.unpack(">II", head[16:24])


class Render(unittest.TestCase):
    """touch_pages 1000 against 10000: about 1,051 and 10,051 page faults, +856%."""

    @classmethod
    def setUpClass(cls):
        need_matplotlib()
        cls.tmp = tempfile.TemporaryDirectory()
        cls.json = os.path.join(cls.tmp.name, "cmp.json")
        proc = subprocess.run([HPSTAT, "--json", "-r", "3", "-e", "page-faults,task-clock",
                               "-o", cls.json, "--compare", touch(1000), touch(10000)],
                              capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            raise AssertionError("hpstat --compare exited %d: %s"
                                 % (proc.returncode, proc.stderr))
        with open(cls.json) as f:
            cls.doc = json.load(f)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def draw(self, *args):
        proc = plot(*args, self.json)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return proc

    def page_fault_label(self):
        """The label hpstat-plot puts over the larger command's bar, from the document."""
        row = next(r for r in self.doc["comparisons"] if r["key"] == "page-faults")
        entry = row["entries"][1]
        self.assertTrue(entry["significant"], entry)
        self.assertTrue(800 < entry["change_pct"] < 900, entry)
        return "%+.0f%%" % entry["change_pct"]

    def test_png_at_the_size_asked(self):
        path = self.out("sized.png")
        self.draw("--size", "900x600", "-o", path)
        self.assertEqual(png_size(path), (900, 600))
        self.assertGreater(os.path.getsize(path), 20000)

    def test_png_default_size(self):
        path = self.out("default.png")
        self.draw("-o", path, "--title", "touch_pages")
        width, height = png_size(path)
        # Four panels (elapsed, page-faults, task-clock, CPUs utilized): two by two.
        self.assertTrue(500 <= width <= 2000 and 500 <= height <= 2000, (width, height))
        self.assertGreater(os.path.getsize(path), 20000)

    def test_default_output_name(self):
        """Without -o the chart goes next to the input, named like it."""
        with tempfile.TemporaryDirectory() as tmp:
            source = os.path.join(tmp, "result.json")
            with open(self.json, "rb") as src, open(source, "wb") as dst:
                dst.write(src.read())
            proc = plot(source)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            self.assertGreater(png_size(os.path.join(tmp, "result.png"))[0], 0)

    def test_svg(self):
        path = self.out("chart.svg")
        self.draw("-s", "1000x700", "-o", path)
        root = ElementTree.parse(path).getroot()
        self.assertEqual(root.tag, "{http://www.w3.org/2000/svg}svg")
        # 100 pixels an inch, in points.
        self.assertEqual((root.get("width"), root.get("height")), ("720pt", "504pt"))
        with open(path) as f:
            text = f.read()
        # matplotlib keeps each text drawn as paths in a comment beside it.
        for label in ("page-faults", "task-clock", "elapsed", self.page_fault_label(),
                      "[1] touch_pages 1000", "[2] touch_pages 10000", "reference"):
            self.assertIn("<!-- %s -->" % label, text)

    def test_chosen_quantities(self):
        path = self.out("chosen.svg")
        self.draw("--events", "page-faults", "-e", "max-rss", "-o", path)
        with open(path) as f:
            text = f.read()
        self.assertIn("<!-- page-faults -->", text)
        self.assertIn("<!-- max-rss -->", text)
        self.assertNotIn("<!-- task-clock -->", text)
        self.assertNotIn("<!-- elapsed -->", text)

    def test_user_mode_event_by_its_plain_name(self):
        """A user who may not count kernel mode gets "page-faults:u" (as --all-user gives
        here); "-e page-faults" still draws it."""
        doc = self.out("user.json")
        proc = subprocess.run([HPSTAT, "--json", "--all-user", "-e", "page-faults", "-o", doc,
                               "--compare", touch(1000), touch(2000)],
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        path = self.out("user.svg")
        proc = plot("-e", "page-faults", "-o", path, doc)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        with open(path) as f:
            self.assertIn("<!-- page-faults:u -->", f.read())

    def test_same_input_same_svg(self):
        first, again = self.out("a.svg"), self.out("b.svg")
        self.draw("-o", first)
        self.draw("-o", again)
        with open(first) as f, open(again) as g:
            self.assertEqual(f.read(), g.read())

    def test_from_standard_input(self):
        path = self.out("stdin.png")
        with open(self.json) as f:
            proc = plot("-o", path, "-", stdin=f)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertGreater(png_size(path)[0], 0)


class OneRun(unittest.TestCase):
    def test_caption_claims_no_interval(self):
        """One run each has no interval: the caption says so instead of promising whiskers."""
        need_matplotlib()
        with tempfile.TemporaryDirectory() as tmp:
            doc, svg = os.path.join(tmp, "one.json"), os.path.join(tmp, "one.svg")
            proc = subprocess.run([HPSTAT, "--json", "-e", "page-faults", "-o", doc,
                                   "--compare", touch(10), touch(100)],
                                  capture_output=True, text=True, timeout=120)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            proc = plot("-o", svg, doc)
            self.assertEqual(proc.returncode, 0, proc.stderr)
            with open(svg) as f:
                text = f.read()
        self.assertIn("<!-- Bars: one run each, no interval; ", text)
        self.assertNotIn("whiskers", text)


class Errors(unittest.TestCase):
    """Every error is one line on stderr, 'hpstat-plot: ...', status 2, no chart written."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.png = os.path.join(self.tmp.name, "out.png")

    def refused(self, *args, stdin=None):
        proc = plot(*args, stdin=stdin)
        self.assertEqual(proc.returncode, 2, proc.stderr)
        lines = proc.stderr.splitlines()
        self.assertEqual(len(lines), 1, proc.stderr)
        self.assertTrue(lines[0].startswith("hpstat-plot: "), lines[0])
        self.assertNotIn("Traceback", proc.stderr)
        self.assertFalse(os.path.exists(self.png))
        return lines[0]

    def write(self, name, data):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(data)
        return path

    def test_single_command_result(self):
        single = os.path.join(self.tmp.name, "single.json")
        proc = subprocess.run([HPSTAT, "--json", "-r", "2", "-e", "page-faults", "-o", single,
                               os.path.join(PROGS, "touch_pages"), "10"],
                              capture_output=True, text=True, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        line = self.refused("-o", self.png, single)
        self.assertIn("--compare", line)
        self.assertIn("one command", line)

    def test_not_json(self):
        line = self.refused("-o", self.png, self.write("junk.json", "page-faults 1051\n"))
        self.assertIn("is not JSON", line)

    def test_empty_file(self):
        """What hpstat -o leaves behind when the command was not found."""
        line = self.refused("-o", self.png, self.write("empty.json", ""))
        self.assertIn("is empty", line)

    def test_missing_file(self):
        line = self.refused("-o", self.png, os.path.join(self.tmp.name, "absent.json"))
        self.assertRegex(line, r"cannot read '.*absent\.json': No such file")

    def test_other_json(self):
        self.assertIn("not an hpstat result", self.refused("-o", self.png,
                                                            self.write("a.json", "[1, 2]")))
        self.assertIn("kind 'listing'", self.refused(
            "-o", self.png, self.write("b.json", '{"kind": "listing"}')))
        broken = {"kind": "comparison", "commands": [{"name": "a"}],
                  "comparisons": [{"key": "x", "label": "x"}]}
        self.assertIn("not a well-formed", self.refused(
            "-o", self.png, self.write("c.json", json.dumps(broken))))

    def test_usage(self):
        comparison = self.write("cmp.json", '{"kind": "comparison"}')
        self.assertIn("--help", self.refused())
        self.assertIn("--help", self.refused("--no-such-option", comparison))
        self.assertIn(".png or .svg", self.refused("-o", "chart.pdf", comparison))
        self.assertIn("WIDTHxHEIGHT", self.refused("-s", "big", "-o", self.png, comparison))
        with open(comparison) as f:
            self.assertIn("--output", self.refused("-", stdin=f))

    def test_unknown_quantity(self):
        doc = {"kind": "comparison", "reference": 0, "commands": [{"name": "a"}],
               "comparisons": [{"key": "page-faults", "label": "page-faults", "unit": "",
                                "kind": "event", "entries": [
                                    {"measured": True, "mean": 1, "ci95_low": 1,
                                     "ci95_high": 1, "change_pct": None, "ratio": None,
                                     "significant": False, "verdict": "reference"}]}]}
        line = self.refused("-e", "cycles", "-o", self.png,
                            self.write("one.json", json.dumps(doc)))
        self.assertIn("no quantity 'cycles'", line)
        self.assertIn("it has: page-faults", line)


def entry(mean, verdict="reference", runs=3, change=None, significant=False):
    return {"measured": True, "runs": runs, "mean": mean, "ci95_low": mean * 0.9,
            "ci95_high": mean * 1.1, "change_pct": change,
            "ratio": None if change is None else 1 + change / 100,
            "significant": significant, "verdict": verdict}


def document(names, rows, runs=3, interrupted=False):
    """A comparison as hpstat --json writes it, the parts hpstat-plot reads; rows are
    (key, unit, kind, entries)."""
    return {"kind": "comparison", "reference": 0, "runs_requested": runs,
            "threshold_pct": 1, "interrupted": interrupted,
            "commands": [{"name": name} for name in names],
            "comparisons": [{"key": key, "label": key, "unit": unit, "kind": kind,
                             "entries": entries} for key, unit, kind, entries in rows],
            "ranking": {"by": "elapsed", "best_first": [
                {"command": i, "ratio_to_best": 1 + i} for i in range(len(names))]}}


class HandMade(unittest.TestCase):
    """Documents written here, for what a measurement here cannot give."""

    def setUp(self):
        need_matplotlib()
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def svg(self, doc, *args):
        source = os.path.join(self.tmp.name, "doc.json")
        path = os.path.join(self.tmp.name, "chart.svg")
        with open(source, "w") as f:
            json.dump(doc, f)
        proc = plot("-o", path, *args, source)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        with open(path) as f:
            return f.read()

    def test_dollars_in_names_are_text(self):
        """--shell command lines have dollars: drawn as they are, not read as TeX math
        (which dropped them and set the rest in italics, or failed on '$\\')."""
        names = ["echo $HOME $PATH", "echo $\\ $ x", "a$b$c"]
        doc = document(names, [("elapsed", "s", "time", [
            entry(0.01), entry(0.02, "worse", change=100, significant=True),
            entry(0.01, "same", change=1)])])
        text = self.svg(doc)
        # The glyph of '$' (U+0024) is defined and drawn: a dollar is a dollar.
        self.assertTrue('id="DejaVuSans-24"' in text, "no '$' drawn")
        # Nothing is set in math italics (only the word 'reference' is italic here).
        self.assertFalse("DejaVuSans-Oblique-48" in text, "the H of $HOME in italics")
        for i, name in enumerate(names):
            self.assertIn("<!-- [%d] %s -->" % (i + 1, name), text[:20000])


    def caption(self, doc):
        # Wide enough for the caption to keep its first clause on one line.
        return re.search(r"<!-- (Bars: [^>]*) -->", self.svg(doc, "-s", "2000x600")).group(1)

    def test_caption_counts_the_runs_made(self):
        """Interrupted after two of five rounds: the means are of 2 runs, not the 5 asked
        for; after one round there is no interval at all."""
        doc = document(["a", "b"], [("elapsed", "s", "time", [
            entry(1.0, runs=2), entry(2.0, "worse", runs=2, change=100, significant=True)])],
            runs=5, interrupted=True)
        self.assertIn("Bars: mean of 2 runs, whiskers", self.caption(doc))
        for e in doc["comparisons"][0]["entries"]:
            e["runs"] = 1
        caption = self.caption(doc)
        self.assertIn("Bars: one run each, no interval", caption)
        self.assertNotIn("whiskers", caption)

    def test_caption_baseline_of_other_runs(self):
        """A saved baseline of 10 runs against 3 runs now."""
        doc = document(["baseline", "b"], [("elapsed", "s", "time", [
            entry(1.0, runs=10), entry(2.0, "worse", runs=3, change=100, significant=True)])])
        self.assertIn("Bars: mean of each command's runs (3 to 10), whiskers",
                      self.caption(doc))


    def test_out_of_range_and_unicode(self):
        """An integer past a float's range is no number (the bar is n/a), names in scripts
        the font lacks are drawn with its stand-in: no internal error, and no warning of
        matplotlib's on stderr (svg() checks it is empty)."""
        doc = document(["\u4e2d\u6587 \U0001F600", "b"], [("elapsed", "s", "time", [
            entry(1.0), entry(2.0, "worse", change=100, significant=True)])])
        doc["comparisons"][0]["entries"][1]["mean"] = 10 ** 400
        doc["ranking"]["best_first"][1]["ratio_to_best"] = 10 ** 400
        self.assertIn("n/a", self.svg(doc))

    def test_failed_write_keeps_the_old_chart(self):
        """A chart that cannot be written whole (its file system fills up) leaves the one
        that was there, and no stray file beside it."""
        if os.geteuid() != 0:
            self.skipTest("needs root to mount a small file system")
        small = os.path.join(self.tmp.name, "small")
        os.mkdir(small)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", small], check=True)
        self.addCleanup(subprocess.run, ["umount", small], check=True)
        chart = os.path.join(small, "chart.svg")
        with open(chart, "w") as f:
            f.write("the old chart")
        source = os.path.join(self.tmp.name, "doc.json")
        with open(source, "w") as f:
            json.dump(document(["a", "b"], [("elapsed", "s", "time", [
                entry(1.0), entry(2.0, "worse", change=100, significant=True)])]), f)
        proc = plot("-o", chart, source)
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stderr, "hpstat-plot: cannot write '%s': No space left on "
                         "device\n" % chart)
        with open(chart) as f:
            self.assertEqual(f.read(), "the old chart")
        self.assertEqual(os.listdir(small), ["chart.svg"])

    def test_log_axis_with_zeros(self):
        doc = document(["a", "b"], [("sys", "s", "time", [entry(0.0), entry(0.0, "same")])])
        self.svg(doc, "--log", "-a")


class Installed(unittest.TestCase):
    def test_script(self):
        """The built script runs by itself and knows its release."""
        self.assertTrue(os.access(PLOT, os.X_OK), PLOT)
        with open(PLOT) as f:
            # configure names the Python that has matplotlib; this test runs under it.
            self.assertEqual(f.readline().strip(), "#!" + sys.executable)
        proc = plot("--version")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        version = subprocess.run([HPSTAT, "--version"], capture_output=True,
                                 text=True).stdout.splitlines()[0].split()[-1]
        self.assertEqual(proc.stdout.strip(), "hpstat-plot " + version)
        proc = plot("--help")
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertTrue(re.match(r"usage: hpstat-plot ", proc.stdout), proc.stdout)


if __name__ == "__main__":
    unittest.main()
