#!/usr/bin/env python3
"""hpstat-plot - draw an hpstat --compare result: one panel per quantity, a bar per command.

Reads the JSON document of `hpstat --json --compare ...` and writes a PNG or SVG
chart. Every statistic it shows is already in the document (means, 95% intervals,
verdicts); nothing is recomputed here. Needs only Python 3 and matplotlib.
"""
import argparse
import json
import logging
import math
import os
import re
import sys
import tempfile
import textwrap
import warnings

PROG = "hpstat-plot"
VERSION = "@VERSION@"  # filled in by make; left as is when run from the source tree

DPI = 100
FORMATS = {".png": "png", ".svg": "svg"}
# Names longer than this are shortened on the axis.
NAME_WIDTH = 28
COLORS = ["#4c72b0", "#dd8452", "#55a868", "#8172b3", "#937860",
          "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd", "#c44e52"]
VERDICT_COLORS = {"worse": "#c0392b", "better": "#1e8449", "changed": "#222222"}


class Failure(Exception):
    """An error to print as one line; status 2 for the user's input, 1 otherwise."""

    def __init__(self, message, status=2):
        super().__init__(message)
        self.status = status


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise Failure("%s (see %s --help)" % (message, PROG))


def parse_args(argv):
    p = Parser(
        prog=PROG,
        usage="%(prog)s [OPTIONS] COMPARISON.json",
        description="Draw the result of 'hpstat --json --compare ...': one panel per "
                    "quantity, a bar per command (its mean) with the 95% interval of "
                    "the mean, the reference hatched and every significant change "
                    "labelled.",
        epilog="Example: hpstat --json -r 5 -o cmp.json --compare './a' './b' && "
               "%s -o cmp.png cmp.json. Exit status: 0 when the chart is written, 2 for "
               "bad usage or input, 1 when it cannot be drawn or written. "
               "See hpstat-plot(1)." % PROG)
    p.add_argument("input", metavar="COMPARISON.json",
                   help="the JSON document of hpstat --json --compare ('-': standard input)")
    p.add_argument("-e", "--events", metavar="LIST", action="append", default=[],
                   help="the quantities to draw, by key or label, comma-separated; may "
                        "repeat (default: every event and metric, elapsed, and what the "
                        "ranking is by)")
    p.add_argument("-a", "--all", action="store_true",
                   help="draw every quantity, user, sys and max-rss too")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="the chart, PNG or SVG by its extension (default: the input's "
                        "name with .png)")
    p.add_argument("-t", "--title", metavar="TEXT", help="the chart's title")
    p.add_argument("-s", "--size", metavar="WxH",
                   help="the chart's size in pixels (default: from the number of panels "
                        "and commands); an SVG gets the same size at %d pixels an inch"
                        % DPI)
    p.add_argument("--log", action="store_true", help="logarithmic value axes")
    p.add_argument("-V", "--version", action="version", version="%s %s" % (
        PROG, "(source tree)" if VERSION.startswith("@") else VERSION))
    return p.parse_args(argv)


# ---- reading and checking the document ------------------------------------------------

def shown(path):
    return "standard input" if path == "-" else "'%s'" % path


def read_document(path):
    try:
        if path == "-":
            text = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                text = f.read()
    except OSError as e:
        raise Failure("cannot read '%s': %s" % (path, e.strerror or e))
    if not text.strip():
        # What hpstat -o leaves when the measurement ended without a result.
        raise Failure("%s is empty: no result was written to it (see the exit status of "
                      "the hpstat that was to write it)" % shown(path))
    try:
        return json.loads(text.decode("utf-8"))
    except UnicodeDecodeError:
        raise Failure("%s is not JSON: it is not UTF-8 text" % shown(path))
    except ValueError as e:
        raise Failure("%s is not JSON: %s" % (shown(path), e))


class Malformed(Exception):
    pass


def get(obj, key, kinds, where, optional=False):
    """obj[key], checked to be one of kinds (None allowed when optional)."""
    if not isinstance(obj, dict):
        raise Malformed("%s is not an object" % where)
    if key not in obj:
        raise Malformed("%s has no \"%s\"" % (where, key))
    value = obj[key]
    if value is None and optional:
        return None
    kinds = kinds if isinstance(kinds, tuple) else (kinds,)
    # bool is an int in Python; a count or a mean is never true or false.
    if isinstance(value, bool) and bool not in kinds:
        raise Malformed("%s.%s has the wrong type" % (where, key))
    if not isinstance(value, kinds):
        raise Malformed("%s.%s has the wrong type" % (where, key))
    if float in kinds and isinstance(value, int):
        # An integer past a float's range (10**400 in an edited file) is no number to draw.
        try:
            return float(value)
        except OverflowError:
            return math.inf
    return value


NUMBER = (int, float)


def check_comparison(doc, path):
    """The parts of the document the chart uses, as plain dicts; Failure if it is not a
    comparison."""
    name = shown(path)
    if not isinstance(doc, dict):
        raise Failure("%s is not an hpstat result: hpstat-plot needs the JSON of "
                      "hpstat --json --compare" % name)
    kind = doc.get("kind")
    if kind is None:
        if "events" in doc or "runs" in doc:
            raise Failure("%s holds one command's result: hpstat-plot needs a --compare "
                          "result (hpstat --json -o FILE --compare 'cmd a' 'cmd b')" % name)
        raise Failure("%s is not an hpstat result (no \"kind\"): hpstat-plot needs the "
                      "JSON of hpstat --json --compare" % name)
    if kind != "comparison":
        raise Failure("%s is an hpstat result of kind '%s': hpstat-plot needs a --compare "
                      "result" % (name, kind))
    try:
        commands = []
        for i, c in enumerate(get(doc, "commands", list, "the document")):
            where = "commands[%d]" % i
            commands.append({"name": get(c, "name", str, where)})
        if not commands:
            raise Malformed("it lists no commands")
        rows = []
        for i, r in enumerate(get(doc, "comparisons", list, "the document")):
            where = "comparisons[%d]" % i
            row = {
                "key": get(r, "key", str, where),
                "label": get(r, "label", str, where),
                "unit": get(r, "unit", str, where),
                "kind": get(r, "kind", str, where),
                "entries": [],
            }
            entries = get(r, "entries", list, where)
            if len(entries) != len(commands):
                raise Malformed("%s has %d entries for %d commands"
                                % (where, len(entries), len(commands)))
            for j, e in enumerate(entries):
                at = "%s.entries[%d]" % (where, j)
                entry = {
                    "measured": get(e, "measured", bool, at),
                    "mean": get(e, "mean", NUMBER, at, optional=True),
                    "low": get(e, "ci95_low", NUMBER, at, optional=True),
                    "high": get(e, "ci95_high", NUMBER, at, optional=True),
                    "change_pct": get(e, "change_pct", NUMBER, at, optional=True),
                    "ratio": get(e, "ratio", NUMBER, at, optional=True),
                    "significant": get(e, "significant", bool, at),
                    "verdict": get(e, "verdict", str, at),
                    # The runs made: fewer than asked when interrupted, and a saved
                    # baseline's own number (absent from documents that predate it).
                    "runs": e.get("runs") if isinstance(e, dict) else None,
                }
                # Numbers JSON cannot hold (NaN, Infinity) count as absent.
                for k in ("mean", "low", "high", "change_pct", "ratio"):
                    if entry[k] is not None and not math.isfinite(entry[k]):
                        entry[k] = None
                if entry["mean"] is None:
                    entry["measured"] = False
                row["entries"].append(entry)
            rows.append(row)
        reference = get(doc, "reference", int, "the document")
        if not 0 <= reference < len(commands):
            raise Malformed("its reference %d is not one of its commands" % reference)
        ranking = doc.get("ranking")
        by = None
        best = []
        if isinstance(ranking, dict):
            by = get(ranking, "by", str, "ranking")
            for k, b in enumerate(get(ranking, "best_first", list, "ranking")):
                at = "ranking.best_first[%d]" % k
                index = get(b, "command", int, at)
                if not 0 <= index < len(commands):
                    raise Malformed("%s names no command" % at)
                ratio = get(b, "ratio_to_best", NUMBER, at, optional=True)
                best.append((index, ratio if ratio is not None and math.isfinite(ratio)
                             else None))
    except Malformed as e:
        raise Failure("%s is not a well-formed hpstat comparison: %s" % (name, e))
    runs = doc.get("runs_requested")
    made = {e["runs"] for r in rows for e in r["entries"] if e["measured"] and
            isinstance(e["runs"], int) and not isinstance(e["runs"], bool) and e["runs"] > 0}
    return {
        "commands": commands,
        "rows": rows,
        "reference": reference,
        "ranking_by": by,
        "best_first": best,
        "runs": runs if isinstance(runs, int) and not isinstance(runs, bool) else None,
        "runs_made": (min(made), max(made)) if made else None,
        "threshold_pct": doc.get("threshold_pct"),
        "interrupted": doc.get("interrupted") is True,
    }


def choose_rows(cmp, wanted, everything, path):
    rows = cmp["rows"]
    if wanted:
        chosen = []
        for name in wanted:
            # An event counted in user mode only, because kernel mode was refused to the
            # user, is named "page-faults:u": "-e page-faults" still means it.
            row = next((r for r in rows if r["key"] == name), None) or \
                next((r for r in rows if r["label"] == name), None) or \
                next((r for r in rows if r["key"] == name + ":u"), None)
            if row is None:
                raise Failure("no quantity '%s' in %s; it has: %s"
                              % (name, shown(path), ", ".join(r["key"] for r in rows)))
            if row not in chosen:
                chosen.append(row)
        return chosen
    if everything:
        chosen = list(rows)
    else:
        chosen = [r for r in rows if r["kind"] in ("event", "metric")
                  or r["key"] in ("elapsed", cmp["ranking_by"])]
        # A quantity no command has (an event the machine cannot count) draws nothing.
        chosen = [r for r in chosen if any(e["measured"] for e in r["entries"])]
    if not chosen:
        raise Failure("%s has no quantity to draw" % shown(path))
    return chosen


# ---- words and numbers on the chart ---------------------------------------------------

def short_names(names, width=NAME_WIDTH):
    """The commands' names fit for an axis: directories dropped from words that are
    paths; when that is not enough, the leading words all names share (an interpreter,
    say) dropped too; then the middle of what is still too long elided."""
    split = [[w.rstrip("/").rsplit("/", 1)[-1] if "/" in w.rstrip("/") else w
              for w in name.split()] or [name] for name in names]
    if any(len(" ".join(words)) > width for words in split):
        while all(len(words) > 1 and words[0] == split[0][0] for words in split):
            split = [words[1:] for words in split]
    short = []
    for words in split:
        text = " ".join(words)
        if len(text) > width:
            tail = (width - 1) // 2
            text = text[:width - 1 - tail] + "\u2026" + text[len(text) - tail:]
        short.append(text)
    return short


def change_text(entry):
    """+857%, or past a factor of ten the factor (-98% and -99.5% look alike)."""
    pct, ratio = entry["change_pct"], entry["ratio"]
    if ratio is not None and ratio > 0 and (ratio >= 10 or ratio <= 0.1):
        factor = ratio if ratio >= 10 else 1 / ratio
        text = ("%.0f" if factor >= 100 else "%.3g") % factor
        return ("\u00d7" if ratio >= 10 else "\u00f7") + text
    if pct is None or not math.isfinite(pct):
        return None
    text = "%+.0f%%" % pct if abs(pct) >= 10 else "%+.1f%%" % pct
    return text.replace("-", "\u2212")


def display_unit(unit, top):
    """(factor, label) that put the values on a readable scale."""
    if unit == "s" and top < 1:
        return 1e3, "ms"
    if unit == "msec":
        return (1e-3, "s") if top >= 2000 else (1.0, "ms")
    if unit == "KiB" and top >= 10240:
        return 1 / 1024, "MiB"
    return 1.0, unit


def parse_size(text):
    m = re.fullmatch(r"\s*(\d{1,6})\s*[xX]\s*(\d{1,6})\s*", text)
    if not m:
        raise Failure("--size wants WIDTHxHEIGHT in pixels, like 1200x800, not '%s'" % text)
    w, h = int(m.group(1)), int(m.group(2))
    if not (100 <= w <= 20000 and 100 <= h <= 20000):
        raise Failure("--size: each side must be 100 to 20000 pixels, not %dx%d" % (w, h))
    return w, h


def output_of(args):
    path = args.output
    if path is None:
        if args.input == "-":
            raise Failure("reading standard input: name the chart with --output")
        base, ext = os.path.splitext(args.input)
        path = (base if ext.lower() == ".json" else args.input) + ".png"
    fmt = FORMATS.get(os.path.splitext(path)[1].lower())
    if fmt is None:
        raise Failure("cannot tell the format of '%s': name it .png or .svg" % path)
    return path, fmt


# ---- drawing ---------------------------------------------------------------------------

def import_matplotlib():
    # matplotlib's warnings (a glyph the font lacks, nothing positive on a log axis) are
    # several lines of Python each, about a chart that is written all the same.
    warnings.simplefilter("ignore")
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    try:
        import matplotlib
        matplotlib.use("Agg")  # no display needed, none used
        from matplotlib.figure import Figure
        from matplotlib.ticker import EngFormatter
    except ImportError as e:
        raise Failure("needs matplotlib (Debian: apt-get install python3-matplotlib; "
                      "or pip install matplotlib): %s" % e, status=1)
    matplotlib.rcParams["svg.hashsalt"] = PROG  # the same SVG for the same input
    # Names are command lines: a shell's "$HOME $PATH" is text, not TeX math between dollars
    # (which would drop the dollars, set the rest in italics, or fail on "$\\").
    global _escape_dollars
    if "text.parse_math" in matplotlib.rcParams:
        matplotlib.rcParams["text.parse_math"] = False
    else:  # before matplotlib 3.5: an escaped dollar is a dollar
        _escape_dollars = True
    return Figure, EngFormatter


_escape_dollars = False


def plain(text):
    """Text as it is to be drawn, every dollar sign a dollar sign (see import_matplotlib)."""
    return text.replace("$", "\\$") if _escape_dollars else text


def layout(n_panels, n_commands):
    """(columns, rows, panel width, panel height) in pixels: up to three panels in a row
    (two when the bars are many), rows as even as can be."""
    most = 3 if n_commands <= 4 else 2
    columns = n_panels if n_panels <= most else (2 if n_panels == 4 else most)
    rows = -(-n_panels // columns)
    return columns, rows, max(340, 70 * n_commands + 150), 320


def draw_panel(ax, row, cmp, names, log, EngFormatter):
    entries = row["entries"]
    ref = cmp["reference"]
    top = max((max(e["high"] if e["high"] is not None else e["mean"], e["mean"])
               for e in entries if e["measured"]), default=0.0)
    factor, unit = display_unit(row["unit"], top)
    xs = range(len(entries))
    ax.set_title(plain(row["label"]), fontsize=11, fontweight="bold")
    if unit:
        ax.set_ylabel(plain(unit))
    elif row["kind"] == "event" and top >= 1000:
        ax.yaxis.set_major_formatter(EngFormatter(sep=""))  # 250k, 1.5M
    if log:
        ax.set_yscale("log")
    ax.set_xticks(list(xs))
    ax.set_xticklabels([plain(n) for n in names], rotation=20 if len(entries) > 2 else 0,
                       ha="right" if len(entries) > 2 else "center", fontsize=9)
    ax.grid(axis="y", color="#dddddd", linewidth=0.8)
    ax.set_axisbelow(True)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    if not any(e["measured"] for e in entries):
        ax.text(0.5, 0.5, "not measured", transform=ax.transAxes, ha="center",
                va="center", color="#888888")
        return
    for x, e in zip(xs, entries):
        if not e["measured"]:
            ax.text(x, 0, "n/a", ha="center", va="bottom", color="#888888", fontsize=9)
            continue
        mean = e["mean"] * factor
        low = (e["low"] if e["low"] is not None else e["mean"]) * factor
        high = (e["high"] if e["high"] is not None else e["mean"]) * factor
        is_ref = x == ref
        ax.bar(x, mean, width=0.7, color=COLORS[x % len(COLORS)],
               edgecolor="#333333" if is_ref else "none", linewidth=1.0,
               hatch="//" if is_ref else None, alpha=0.9)
        ax.errorbar(x, mean, yerr=[[max(mean - low, 0)], [max(high - mean, 0)]],
                    fmt="none", ecolor="#222222", elinewidth=1.2, capsize=5)
        label, color, style = None, "#888888", "normal"
        if is_ref:
            label, style = "reference", "italic"
        elif e["significant"]:
            label = change_text(e)
            color = VERDICT_COLORS.get(e["verdict"], "#222222")
        elif e["verdict"] == "same":
            label = "n.s."
        if label:
            ax.annotate(label, (x, max(mean, high)), xytext=(0, 4),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=9, color=color, fontstyle=style,
                        fontweight="bold" if e["significant"] else "normal")
    if entries[ref]["measured"]:
        ax.axhline(entries[ref]["mean"] * factor, color="#555555", linewidth=0.8,
                   linestyle="--", zorder=0.5)
    # Room above the highest whisker for its label (two lines for large factors).
    if log:
        ax.margins(y=0.3)
    elif top > 0:
        ax.set_ylim(0, top * factor * 1.22)


def ranking_line(cmp):
    if not cmp["ranking_by"] or not cmp["best_first"]:
        return None
    parts = []
    for index, ratio in cmp["best_first"]:
        parts.append("[%d] %s" % (index + 1, "\u00d7%.3g" % ratio if ratio is not None
                                  else "\u2013"))
    return "best first by %s: %s" % (cmp["ranking_by"], ",  ".join(parts))


def caption(cmp):
    # The runs each mean is of: those made, which an interrupted comparison or a saved
    # baseline makes other than the runs asked for.
    fewest, most = cmp["runs_made"] or (cmp["runs"], cmp["runs"])
    if most == 1:
        # One run has no interval: no whiskers, and no change is called significant.
        bars = "Bars: one run each, no interval"
    elif fewest != most:
        bars = "Bars: mean of each command's runs (%d to %d), whiskers: its 95%% interval" % (
            fewest, most)
    else:
        bars = "Bars: mean of %s, whiskers: its 95%% interval" % (
            "%d runs" % most if most else "all runs")
    text = ("%s; dashed: the reference [%d] (hatched). Labels: the changes against it that "
            "are significant (their 95%% interval excludes 0" % (bars, cmp["reference"] + 1))
    if isinstance(cmp["threshold_pct"], (int, float)) and cmp["threshold_pct"] > 0:
        text += " and they reach %g%%" % cmp["threshold_pct"]
    text += "); n.s.: no significant change."
    if cmp["interrupted"]:
        text += " Interrupted: not every run was made."
    return text


def draw(cmp, rows, args, size, path, fmt):
    Figure, EngFormatter = import_matplotlib()
    n = len(cmp["commands"])
    columns, nrows, pw, ph = layout(len(rows), n)
    width, height = size or (columns * pw, nrows * ph + 130)
    # Agg truncates the pixel size: a quarter pixel more keeps WxH exact.
    pad = 0.25 if fmt == "png" else 0.0
    fig = Figure(figsize=((width + pad) / DPI, (height + pad) / DPI), dpi=DPI,
                 layout="constrained")
    title = args.title if args.title is not None else \
        "hpstat: %d commands compared" % n
    ranking = ranking_line(cmp)
    fig.suptitle(plain(title + ("\n" + ranking if ranking else "")), fontsize=13)
    names = ["[%d] %s" % (i + 1, name)
             for i, name in enumerate(short_names([c["name"] for c in cmp["commands"]]))]
    axes = fig.subplots(nrows, columns, squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k < len(rows):
            draw_panel(ax, rows[k], cmp, names, args.log, EngFormatter)
        else:
            ax.set_visible(False)
    # Wrapped here: constrained layout keeps room only for the lines it is given.
    fig.supxlabel(textwrap.fill(caption(cmp), max(40, width // 6)), fontsize=8,
                  color="#555555")
    metadata = {"Software": PROG} if fmt == "png" else {"Date": None, "Creator": PROG}
    write_chart(fig, path, fmt, metadata)


def replacement_mode(path):
    """The mode a replacement of path gets: the file's own, or what open() gives a new one."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_chart(fig, path, fmt, metadata):
    """Draws into a new file beside the chart and renames it over the chart once whole: a
    draw that fails, or is killed, leaves the chart that was there, never a half-written
    one. A symbolic link keeps its place (the file it names is replaced); what is no
    regular file (a pipe, /dev/stdout) is written in place."""
    target = os.path.realpath(path) if os.path.islink(path) else path
    if os.path.exists(target) and not os.path.isfile(target):
        try:
            f = open(path, "wb")
        except OSError as e:
            raise Failure("cannot write '%s': %s" % (path, e.strerror or e), status=1)
        with f:
            save(fig, f, fmt, metadata, path)
        return
    directory, name = os.path.split(target)
    try:
        fd, temporary = tempfile.mkstemp(prefix="." + name + ".", dir=directory or ".")
    except OSError as e:
        raise Failure("cannot write '%s': cannot make a file in its directory: %s"
                      % (path, e.strerror or e), status=1)
    try:
        with os.fdopen(fd, "wb") as f:
            os.fchmod(f.fileno(), replacement_mode(target))
            save(fig, f, fmt, metadata, path)
        os.replace(temporary, target)
    except BaseException as e:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(e, OSError):
            raise Failure("cannot write '%s': %s" % (path, e.strerror or e), status=1)
        raise


def save(fig, f, fmt, metadata, shown):
    """The chart into the open file f; a Failure naming shown when it cannot be."""
    try:
        fig.savefig(f, format=fmt, dpi=DPI, metadata=metadata)
    except OSError as e:
        raise Failure("cannot write '%s': %s" % (shown, e.strerror or e), status=1)
    except Exception as e:
        raise Failure("cannot draw '%s': %s" % (shown, e), status=1)


def main(argv):
    args = parse_args(argv)
    path, fmt = output_of(args)
    size = parse_size(args.size) if args.size else None
    cmp = check_comparison(read_document(args.input), args.input)
    wanted = [w.strip() for arg in args.events for w in arg.split(",") if w.strip()]
    rows = choose_rows(cmp, wanted, args.all, args.input)
    draw(cmp, rows, args, size, path, fmt)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Failure as e:
        sys.stderr.write("%s: %s\n" % (PROG, str(e).replace("\n", " ")))
        sys.exit(e.status)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as e:  # never a traceback: one line, and a way to report it
        sys.stderr.write("%s: internal error: %s: %s (please report it)\n"
                         % (PROG, type(e).__name__, e))
        sys.exit(1)
