#!/usr/bin/env bash
# overhead.sh: compare the wall time of hpstat -r 200 with a bare spawn loop and with perf stat.
#
# usage: bench/overhead.sh [HPSTAT]     (or HPSTAT=... bench/overhead.sh; ROUNDS=5 by default)
set -euo pipefail

RUNS=200
ROUNDS=${ROUNDS:-5}
TARGET=1.15
prog=${0##*/}

usage() {
	echo "usage: $prog [HPSTAT]  (env: HPSTAT, ROUNDS, CC)" >&2
	exit 2
}

die() {
	echo "$prog: $*" >&2
	exit 1
}

[[ $# -le 1 ]] || usage
[[ ${1-} != -* ]] || usage
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || usage
# EPOCHREALTIME (bash >= 5) gives microsecond timestamps without forking date(1).
[[ -n ${EPOCHREALTIME-} ]] || die "needs bash >= 5.0 for EPOCHREALTIME"

hpstat=${1:-${HPSTAT:-./src/hpstat}}
if [[ $hpstat == */* ]]; then
	[[ -f $hpstat && -x $hpstat ]] ||
		die "hpstat not found at '$hpstat' (build it, or set HPSTAT)"
else
	command -v -- "$hpstat" >/dev/null || die "hpstat '$hpstat' not found in PATH"
fi

# The baseline is compiled C, not a shell loop: a loop in bash would add its own
# fork and bookkeeping cost per run and make hpstat look cheaper than it is.
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
"${CC:-cc}" -O2 -o "$tmp/spawnloop" "$here/spawnloop.c" || die "cannot compile $here/spawnloop.c"

# run_one NAME COUNT: one measurement; all tools resolve `true` through PATH alike.
run_one() {
	case $1 in
	plain)	"$tmp/spawnloop" "$2" true ;;
	hpstat)	"$hpstat" -r "$2" -e task-clock true ;;
	perf)	perf stat -r "$2" -e task-clock true ;;
	esac
}

# Warm-up: loads binaries into the page cache and tells us whether each tool works.
tools=(plain hpstat)
run_one plain 10 >/dev/null 2>&1 || die "the plain spawn loop failed"
run_one hpstat 10 >/dev/null 2>&1 || die "'$hpstat -r 10 -e task-clock true' failed"
perf_note=""
if ! command -v perf >/dev/null; then
	perf_note="not installed (skipped)"
elif ! run_one perf 10 >/dev/null 2>&1; then
	perf_note="installed, but 'perf stat' failed (skipped)"
else
	tools+=(perf)
fi

declare -A samples=()
elapsed=0
# Sets $elapsed to the wall time of one measurement in microseconds.
time_one() {
	local t0 t1
	t0=${EPOCHREALTIME//[!0-9]/}
	run_one "$1" "$RUNS" >/dev/null 2>&1 || die "$1 failed during measurement"
	t1=${EPOCHREALTIME//[!0-9]/}
	elapsed=$((t1 - t0))
}

# Interleave and rotate the order each round, so slow phases of a noisy machine
# and "who runs first" effects hit every tool about equally.
n=${#tools[@]}
for ((r = 0; r < ROUNDS; r++)); do
	for ((i = 0; i < n; i++)); do
		t=${tools[(i + r) % n]}
		time_one "$t"
		samples[$t]+="$elapsed "
	done
done

median() {
	# shellcheck disable=SC2086 # word splitting of the sample list is intended
	printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 }
		END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

m_plain=$(median "${samples[plain]}")
m_hpstat=$(median "${samples[hpstat]}")
m_perf=""
[[ -z $perf_note ]] && m_perf=$(median "${samples[perf]}")

LC_ALL=C awk -v runs="$RUNS" -v rounds="$ROUNDS" -v target="$TARGET" \
	-v hp="$hpstat" -v pl="$m_plain" -v hs="$m_hpstat" -v pf="$m_perf" \
	-v pnote="$perf_note" '
function line(name, us, what) {
	printf "  %-13s %7.3f s  %6.3f ms/run  %s\n", name, us / 1e6, us / 1e3 / runs, what
}
BEGIN {
	printf "%d runs of true each; median wall time of %d interleaved rounds\n", runs, rounds
	line("plain", pl, "fork+execvp+waitpid loop")
	line("hpstat", hs, hp " -r " runs " -e task-clock")
	if (pnote == "")
		line("perf", pf, "perf stat -r " runs " -e task-clock")
	else
		printf "  %-13s %s\n", "perf", pnote
	r = hs / pl
	printf "  %-13s %7.3f\n", "hpstat/plain", r
	if (pnote == "")
		printf "  %-13s %7.3f\n", "perf/plain", pf / pl
	printf "target: hpstat/plain <= %s  (%s)\n", target, r <= target ? "met" : "NOT met"
}'
