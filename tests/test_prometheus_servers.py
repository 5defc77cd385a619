"""test_prometheus_servers.py - hpstat's counts reach real Prometheus servers.

Debian's prometheus-node-exporter (textfile collector) and prometheus-pushgateway are started
on loopback, Prometheus scrapes both (a config written here), and its query API must give
back the page faults hpstat measured for the page-touching program: written as a textfile,
and pushed with --push. Every wait is bounded by a deadline and watches the server's process,
so a server that cannot start fails the test with its log instead of hanging it."""
import json
import os
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

HPSTAT = os.environ.get("HPSTAT")
PROGS = os.environ.get("PROGS")
PAGES = 1000
# touch_pages N takes N faults for its pages and some 50 for starting (dynamic loader, libc,
# stack): measured 1050 here; the slack covers other C libraries.
START_FAULTS = 300
DEADLINE_S = 120

SERVERS = ("prometheus", "prometheus-pushgateway", "prometheus-node-exporter")


def setUpModule():
    for name, value in (("HPSTAT", HPSTAT), ("PROGS", PROGS)):
        if not value:
            raise RuntimeError(name + " is not set (make check sets it)")
    missing = [s for s in SERVERS if not any(
        os.access(os.path.join(d, s), os.X_OK) for d in os.environ["PATH"].split(":"))]
    if missing:
        raise RuntimeError("missing %s: apt-get install %s (.ci/run installs them)"
                           % (", ".join(missing), " ".join(missing)))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A server process on loopback, its output in a log file."""

    def __init__(self, tmp, name, args):
        self.name = name
        self.log_path = os.path.join(tmp, name + ".log")
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen([name] + args, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)

    def log_tail(self):
        self.log.flush()
        with open(self.log_path) as f:
            return "".join(f.readlines()[-15:])

    def wait_http(self, url, deadline):
        """Polls url until it answers 200; fails if the server dies or time runs out."""
        while True:
            if self.proc.poll() is not None:
                raise AssertionError("%s exited with %d:\n%s"
                                     % (self.name, self.proc.returncode, self.log_tail()))
            try:
                with urllib.request.urlopen(url, timeout=2) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, socket.timeout):
                pass
            if time.monotonic() > deadline:
                raise AssertionError("%s did not answer %s in time:\n%s"
                                     % (self.name, url, self.log_tail()))
            time.sleep(0.2)  # a poll interval under a deadline, not a synchronisation

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Servers(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.servers = []
        self.deadline = time.monotonic() + DEADLINE_S
        self.textfiles = os.path.join(self.tmp.name, "textfile")
        os.mkdir(self.textfiles)
        self.push_port, node_port, self.prom_port = free_port(), free_port(), free_port()
        self.gateway = self.start("prometheus-pushgateway",
                                  ["--web.listen-address=127.0.0.1:%d" % self.push_port])
        self.node = self.start("prometheus-node-exporter",
                               ["--web.listen-address=127.0.0.1:%d" % node_port,
                                "--collector.disable-defaults", "--collector.textfile",
                                "--collector.textfile.directory=" + self.textfiles])
        config = os.path.join(self.tmp.name, "prometheus.yml")
        with open(config, "w") as f:
            f.write("global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                    "scrape_configs:\n"
                    "  - job_name: node\n"
                    "    static_configs: [{targets: ['127.0.0.1:%d']}]\n"
                    "  - job_name: pushgateway\n"
                    "    honor_labels: true\n"
                    "    static_configs: [{targets: ['127.0.0.1:%d']}]\n"
                    % (node_port, self.push_port))
        self.prometheus = self.start("prometheus",
                                     ["--config.file=" + config,
                                      "--storage.tsdb.path=" + os.path.join(self.tmp.name, "db"),
                                      "--web.listen-address=127.0.0.1:%d" % self.prom_port])
        self.gateway.wait_http("http://127.0.0.1:%d/-/ready" % self.push_port, self.deadline)
        self.node.wait_http("http://127.0.0.1:%d/metrics" % node_port, self.deadline)
        self.prometheus.wait_http("http://127.0.0.1:%d/-/ready" % self.prom_port,
                                  self.deadline)

    def start(self, name, args):
        server = Server(self.tmp.name, name, args)
        self.servers.append(server)
        return server

    def tearDown(self):
        for server in self.servers:
            server.stop()
        self.tmp.cleanup()

    def query(self, promql):
        """Asks Prometheus until the query has one result; returns its value."""
        url = "http://127.0.0.1:%d/api/v1/query?%s" % (
            self.prom_port, urllib.parse.urlencode({"query": promql}))
        while True:
            with urllib.request.urlopen(url, timeout=5) as answer:
                result = json.load(answer)["data"]["result"]
            if result:
                self.assertEqual(len(result), 1, result)
                return float(result[0]["value"][1])
            if self.prometheus.proc.poll() is not None or time.monotonic() > self.deadline:
                self.fail("no result for %s; prometheus:\n%s"
                          % (promql, self.prometheus.log_tail()))
            time.sleep(0.5)  # the next scrape is due within a second

    def hpstat(self, args):
        return subprocess.run([HPSTAT] + args, capture_output=True, text=True, timeout=60)

    def test_textfile_and_push_reach_prometheus(self):
        touch = [os.path.join(PROGS, "touch_pages"), str(PAGES)]
        # The textfile collector: written whole, then scraped through node_exporter.
        done = self.hpstat(["--prometheus", "-o", os.path.join(self.textfiles, "hpstat.prom"),
                            "--label", "case=textfile", "-e", "page-faults", "--"] + touch)
        self.assertEqual(done.returncode, 0, done.stderr)
        # The Pushgateway: the same run's JSON report says what was measured.
        report = os.path.join(self.tmp.name, "pushed.json")
        done = self.hpstat(["--json", "-o", report, "--push",
                            "http://127.0.0.1:%d" % self.push_port, "--push-job", "hpstat_test",
                            "--push-group", "case=push", "-e", "page-faults", "--"] + touch)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(report) as f:
            measured = [e for e in json.load(f)["events"] if e["name"] == "page-faults"][0]
        pushed = self.query('hpstat_events_total{event="page-faults",job="hpstat_test",'
                            'case="push"}')
        self.assertEqual(pushed, measured["mean"])
        scraped = self.query('hpstat_events_total{event="page-faults",job="node",'
                             'case="textfile"}')
        for value in (pushed, scraped):
            self.assertGreaterEqual(value, PAGES)
            self.assertLessEqual(value, PAGES + START_FAULTS)

    def test_failed_push_keeps_the_report(self):
        closed = free_port()
        report = os.path.join(self.tmp.name, "kept.json")
        done = self.hpstat(["--json", "-o", report, "--push", "http://127.0.0.1:%d" % closed,
                            "-e", "page-faults", "true"])
        self.assertEqual(done.returncode, 121, done.stderr)
        self.assertEqual(done.stderr.count("\n"), 1, done.stderr)
        self.assertTrue(done.stderr.startswith(
            "hpstat: cannot push to 'http://127.0.0.1:%d/metrics/job/true': " % closed),
            done.stderr)
        with open(report) as f:
            self.assertTrue(json.load(f)["events"])
        # A gateway answering with an error status: said with the status and its own words.
        done = self.hpstat(["--json", "-o", report, "--push",
                            "http://127.0.0.1:%d/no/such/prefix" % self.push_port,
                            "-e", "page-faults", "true"])
        self.assertEqual(done.returncode, 121, done.stderr)
        self.assertIn("the gateway answered HTTP 404", done.stderr)
        self.assertEqual(done.stderr.count("\n"), 1, done.stderr)


if __name__ == "__main__":
    unittest.main()
