#!/usr/bin/env bash
# interval.sh: hpstat's own CPU time per interval line when it watches the whole machine
# (-a -I MSEC), as a fraction of one CPU; perf stat's beside it when perf works.
#
# usage: bench/interval.sh [HPSTAT]   (env: HPSTAT, SECONDS_EACH=5, MSEC=100, ROUNDS=3)
set -euo pipefail

SECONDS_EACH=${SECONDS_EACH:-5}
ROUNDS=${ROUNDS:-3}
MSEC=${MSEC:-100}
prog=${0##*/}

die() {
	echo "$prog: $*" >&2
	exit 1
}

[[ $# -le 1 && ${1-} != -* ]] || { echo "usage: $prog [HPSTAT]" >&2; exit 2; }
[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ && $MSEC =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] ||
	die "bad SECONDS_EACH, MSEC or ROUNDS"
hpstat=${1:-${HPSTAT:-./src/hpstat}}
[[ -x $hpstat ]] || command -v -- "$hpstat" >/dev/null || die "hpstat not found at '$hpstat'"

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# cpu_of CMD...: the median over ROUNDS runs of the user+sys seconds of CMD and its
# children, from wait4 (the kernel's accounting, no sampling); the report goes to a file,
# which counts: printing is part of the cost. The watched command is `sleep`, so nearly all
# of it is the counting tool's.
cpu_of() {
	python3 - "$ROUNDS" "$@" <<'PY'
import os, statistics, subprocess, sys
rounds, argv = int(sys.argv[1]), sys.argv[2:]
times = []
for _ in range(rounds):
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        sys.exit("failed: " + " ".join(argv))
    times.append(usage.ru_utime + usage.ru_stime)
print("%.6f" % statistics.median(times))
PY
}

# The default events, each interval read on every CPU and printed.
hp_cpu=$(cpu_of "$hpstat" -a -I "$MSEC" -o "$tmp/hp.txt" sleep "$SECONDS_EACH")
# The same without intervals: what starting, opening and the total cost, to take out.
base_cpu=$(cpu_of "$hpstat" -a -o "$tmp/base.txt" sleep "$SECONDS_EACH")
hp_lines=$(grep -c '^ *[0-9][0-9]*[.,][0-9]\{9\} ' "$tmp/hp.txt" || true)
intervals=$(( SECONDS_EACH * 1000 / MSEC ))
cpus=$(getconf _NPROCESSORS_ONLN)

printf 'hpstat -a -I %s for %s s on %s CPUs: %s interval lines, %.4f s of CPU\n' \
	"$MSEC" "$SECONDS_EACH" "$cpus" "$hp_lines" "$hp_cpu"
python3 - "$hp_cpu" "$base_cpu" "$hp_lines" "$intervals" "$SECONDS_EACH" <<'PY'
import sys
cpu, base, lines, intervals, secs = (float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]),
                                     int(sys.argv[4]), float(sys.argv[5]))
extra = max(cpu - base, 0.0)
print("  without -I:     %.4f s of CPU (start, open, total)" % base)
print("  per interval:   %.1f us of CPU more (%.1f us per line)"
      % (1e6 * extra / max(intervals, 1), 1e6 * extra / max(lines, 1)))
print("  share of 1 CPU: %.3f%% in all, %.3f%% for the intervals" % (100 * cpu / secs,
                                                                    100 * extra / secs))
PY
if command -v perf >/dev/null && perf stat -a -I "$MSEC" -o "$tmp/perf.txt" true >/dev/null 2>&1; then
	perf_cpu=$(cpu_of perf stat -a -I "$MSEC" -o "$tmp/perf.txt" sleep "$SECONDS_EACH")
	python3 - "$hp_cpu" "$perf_cpu" "$SECONDS_EACH" <<'PY'
import sys
hp, perf, secs = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
print("perf stat -a -I: %.4f s of CPU (%.3f%% of 1 CPU); hpstat/perf = %.2f"
      % (perf, 100 * perf / secs, hp / perf if perf > 0 else float("nan")))
PY
else
	echo "perf stat -a -I: not available here (skipped)"
fi
