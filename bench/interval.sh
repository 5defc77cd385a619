#!/usr/bin/env bash
# interval.sh: hpstat's own CPU time per interval line when it watches the whole machine
# (-a -I MSEC), as a fraction of one CPU; perf stat's beside it when perf works.
#
# usage: bench/interval.sh [HPSTAT]   (env: HPSTAT, SECONDS_EACH=5, MSEC=100)
set -euo pipefail

SECONDS_EACH=${SECONDS_EACH:-5}
MSEC=${MSEC:-100}
prog=${0##*/}

die() {
	echo "$prog: $*" >&2
	exit 1
}

[[ $# -le 1 && ${1-} != -* ]] || { echo "usage: $prog [HPSTAT]" >&2; exit 2; }
[[ $SECONDS_EACH =~ ^[1-9][0-9]*$ && $MSEC =~ ^[1-9][0-9]*$ ]] || die "bad SECONDS_EACH or MSEC"
hpstat=${1:-${HPSTAT:-./src/hpstat}}
[[ -x $hpstat ]] || command -v -- "$hpstat" >/dev/null || die "hpstat not found at '$hpstat'"

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

# cpu_of CMD...: the user+sys seconds of CMD itself (its report goes to a file, which counts:
# printing is part of the cost), measured by the kernel through getrusage of the child; the
# watched command is `sleep`, so nearly all of it is the counting tool's.
cpu_of() {
	python3 - "$@" <<'PY'
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.6f" % (u.ru_utime + u.ru_stime))
PY
}

lines_of() {
	grep -c '^ *[0-9]' "$1" || true
}

# The default events, each interval read on every CPU and printed.
hp_cpu=$(cpu_of "$hpstat" -a -I "$MSEC" -o "$tmp/hp.txt" sleep "$SECONDS_EACH")
hp_lines=$(grep -c '^ *[0-9][0-9]*[.,][0-9]\{9\} ' "$tmp/hp.txt" || true)
intervals=$(( SECONDS_EACH * 1000 / MSEC ))
cpus=$(getconf _NPROCESSORS_ONLN)

printf 'hpstat -a -I %s for %s s on %s CPUs: %s interval lines, %.4f s of CPU\n' \
	"$MSEC" "$SECONDS_EACH" "$cpus" "$hp_lines" "$hp_cpu"
python3 - "$hp_cpu" "$hp_lines" "$intervals" "$SECONDS_EACH" <<'PY'
import sys
cpu, lines, intervals, secs = float(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print("  per interval:   %.1f us of CPU" % (1e6 * cpu / max(intervals, 1)))
print("  per line:       %.1f us of CPU" % (1e6 * cpu / max(lines, 1)))
print("  share of 1 CPU: %.3f%%" % (100 * cpu / secs))
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
