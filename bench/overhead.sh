#!/usr/bin/env bash
# overhead.sh: what hpstat costs per run, beside perf stat and beside the floor (a compiled
# posix_spawnp+waitpid loop, bench/spawnloop.c: starting the command and nothing else).
#
# One run prints everything, as medians of ROUNDS interleaved rounds:
#   a. one event:        -r 200 -e task-clock true     (floor: 200 spawns of true)
#   b. the default set:  -r 200 true                   (floor: 200 spawns of true)
#                        Beside a and b, bench/mintool.c -r 200: the least a tool does when
#                        its runs start from a small launcher, as a tool larger than the
#                        command must for the command's peak memory to be its own.
#   c. 64 tracepoints:   -r 5 -e syscalls:sys_enter_...,... true  (needs a readable tracefs)
#   d. a single run:     50 starts of `hpstat true`, one after another, by the spawn loop,
#                        against 50 starts of `true`; per start. Beside them, 50 starts of
#                        bench/mintool.c: the least any tool does for one correct run (a small
#                        fork, the default set's counters, exec, wait, read, print), so that a
#                        target below what this machine allows shows as such.
#   e. hpstat's own peak resident memory at -r PEAK_RUNS with the default set (once)
# each row with its spread over the rounds (how far to trust a ratio on this machine), then
# the ratios and the targets, each met or NOT met. It is a report: the exit status is
# 0 whatever the targets say, and not 0 only when a tool fails to run.
#
# usage: bench/overhead.sh [HPSTAT]   (or HPSTAT=...; env: ROUNDS=5, PEAK_RUNS=10000, CC)
set -euo pipefail

RUNS=200        # cases a and b
TP_COUNT=64     # case c: how many tracepoints
TP_RUNS=5       # case c: -r
SINGLE=50       # case d: starts of one command
ROUNDS=${ROUNDS:-5}
PEAK_RUNS=${PEAK_RUNS:-10000}
# The targets; they live here and nowhere else.
T_RATIO=1.05    # a and b: hpstat's wall time over the floor's, at most
T_TP=0.1        # c: seconds for all of hpstat -r 5 with 64 tracepoints, under
T_SINGLE=3      # d: one `hpstat true` over one `true`, under
T_PEAK=6144     # e: KiB (6 MiB) at -r 10000, under
prog=${0##*/}

usage() {
	echo "usage: $prog [HPSTAT]  (env: HPSTAT, ROUNDS, PEAK_RUNS, CC)" >&2
	exit 2
}

die() {
	echo "$prog: $*" >&2
	exit 1
}

[[ $# -le 1 ]] || usage
[[ ${1-} != -* ]] || usage
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || usage
[[ $PEAK_RUNS =~ ^[1-9][0-9]*$ ]] || usage
# EPOCHREALTIME (bash >= 5) gives microsecond timestamps without forking date(1).
[[ -n ${EPOCHREALTIME-} ]] || die "needs bash >= 5.0 for EPOCHREALTIME"

hpstat=${1:-${HPSTAT:-./src/hpstat}}
if [[ $hpstat == */* ]]; then
	[[ -f $hpstat && -x $hpstat ]] ||
		die "hpstat not found at '$hpstat' (build it, or set HPSTAT)"
else
	command -v -- "$hpstat" >/dev/null || die "hpstat '$hpstat' not found in PATH"
fi

# The floor is compiled C, not a shell loop: a loop in bash would add its own fork and
# bookkeeping per run and make every tool look cheaper against it than it is.
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT
spawn=$tmp/spawnloop
"${CC:-cc}" -O2 -o "$spawn" "$here/spawnloop.c" || die "cannot compile $here/spawnloop.c"
mintool=$tmp/mintool
"${CC:-cc}" -O2 -o "$mintool" "$here/mintool.c" || die "cannot compile $here/mintool.c"

# Case c's events: the first TP_COUNT syscall entry tracepoints in name order, from the
# first tracefs that is mounted and readable, of the two places hpstat and perf look.
tp_events=""
tp_note=""
tp_dir=""
for d in /sys/kernel/tracing /sys/kernel/debug/tracing; do
	if [[ -d $d/events && -r $d/events && -x $d/events ]]; then
		tp_dir=$d
		break
	fi
done
if [[ -z $tp_dir ]]; then
	tp_note="tracefs is not mounted, or not readable, at /sys/kernel/tracing or /sys/kernel/debug/tracing"
elif [[ ! -d $tp_dir/events/syscalls || ! -r $tp_dir/events/syscalls ]]; then
	tp_note="$tp_dir/events/syscalls is missing or not readable (a kernel without syscall tracepoints?)"
else
	tps=()
	for path in "$tp_dir"/events/syscalls/sys_enter_*; do
		# A tracepoint whose id cannot be read cannot be opened; leave it out (this also
		# drops the pattern itself when nothing matches).
		if [[ -r $path/id ]]; then
			tps+=("syscalls:${path##*/}")
		fi
		((${#tps[@]} < TP_COUNT)) || break
	done
	if ((${#tps[@]} < TP_COUNT)); then
		tp_note="only ${#tps[@]} readable syscall entry tracepoints in $tp_dir, not $TP_COUNT"
	else
		tp_events=$(IFS=,; echo "${tps[*]}")
	fi
fi

# run_one CASE TOOL [COUNT]: one measurement, all its output thrown away; every tool
# resolves `true` through PATH alike. COUNT (for a shorter warm-up) replaces the case's.
run_one() {
	local n
	case $1 in
	one | default) n=${3:-$RUNS} ;;
	tp) n=${3:-$TP_RUNS} ;;
	single) n=${3:-$SINGLE} ;;
	esac
	case $1/$2 in
	one/hpstat) "$hpstat" -r "$n" -e task-clock true ;;
	one/perf) perf stat -r "$n" -e task-clock true ;;
	default/hpstat) "$hpstat" -r "$n" true ;;
	default/perf) perf stat -r "$n" true ;;
	tp/hpstat) "$hpstat" -r "$n" -e "$tp_events" true ;;
	tp/perf) perf stat -r "$n" -e "$tp_events" true ;;
	single/hpstat) "$spawn" "$n" "$hpstat" true ;;
	single/perf) "$spawn" "$n" perf stat true ;;
	single/least) "$spawn" "$n" "$mintool" true ;;
	one/least) "$mintool" -r "$n" -1 true ;;
	default/least) "$mintool" -r "$n" true ;;
	*/floor) "$spawn" "$n" true ;;
	esac >/dev/null 2>&1
}

# Warm-up: loads the binaries into the page cache and finds out what works here. hpstat
# and the floor must work; perf is only a comparison and is left out where it fails.
cases=(one default single)
if [[ -z $tp_note ]]; then
	cases=(one default tp single)
fi
run_one one floor 10 || die "the spawn loop failed to run true"
run_one one hpstat 10 || die "'$hpstat -r 10 -e task-clock true' failed"
run_one default hpstat 10 || die "'$hpstat -r 10 true' failed"
run_one single hpstat 2 || die "'$hpstat true' failed"
run_one single least 2 || die "'bench/mintool.c true' failed"
run_one default least 10 || die "'bench/mintool.c -r 10 true' failed"
if [[ -z $tp_note ]] && ! run_one tp hpstat 1; then
	die "'$hpstat -r 1 -e <$TP_COUNT syscall tracepoints> true' failed"
fi
perf_note=""
perf_tp_note=""
if ! command -v perf >/dev/null; then
	perf_note="not installed (skipped)"
elif ! perf stat -e task-clock true >/dev/null 2>&1; then
	perf_note="installed, but 'perf stat -e task-clock true' fails here (skipped)"
elif [[ -z $tp_note ]] && ! run_one tp perf 1; then
	perf_tp_note="perf stat fails with these tracepoints here (skipped)"
fi
declare -A tools=()
for c in "${cases[@]}"; do
	tools[$c]="hpstat floor"
	if [[ -z $perf_note && ($c != tp || -z $perf_tp_note) ]]; then
		tools[$c]="hpstat perf floor"
	fi
done
for c in one default single; do
	tools[$c]="${tools[$c]/floor/least floor}"
done

declare -A samples=()
elapsed=0
# Sets $elapsed to the wall time of one measurement in microseconds.
time_one() {
	local t0 t1
	t0=${EPOCHREALTIME//[!0-9]/}
	run_one "$1" "$2" || die "$2 failed during measurement (case $1)"
	t1=${EPOCHREALTIME//[!0-9]/}
	elapsed=$((t1 - t0))
}

# Interleave, and rotate the order of the tools each round, so slow phases of a noisy
# machine and "who runs first" effects hit every tool about equally.
for ((r = 0; r < ROUNDS; r++)); do
	for c in "${cases[@]}"; do
		read -ra ts <<<"${tools[$c]}"
		n=${#ts[@]}
		for ((i = 0; i < n; i++)); do
			t=${ts[(i + r) % n]}
			time_one "$c" "$t"
			samples[$c/$t]+="$elapsed "
		done
	done
done

# stats SAMPLES: "MEDIAN MIN MAX" of a list of microseconds.
stats() {
	# shellcheck disable=SC2086 # word splitting of the sample list is intended
	printf '%s\n' $1 | sort -n | awk '{ v[NR] = $1 }
		END { print ((NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[1], v[NR] }'
}

# Case e, once: memory does not vary from round to round the way time does. GNU time(1)
# where it is installed, else the spawn loop's -m; not python3's wait4, because a child's
# peak counts the memory of the process it was started from, and python3's is ~14 MiB.
if /usr/bin/time -f %M -o "$tmp/rss" true 2>/dev/null && [[ $(<"$tmp/rss") =~ ^[0-9]+$ ]]; then
	peak_how="/usr/bin/time -f %M"
	peak_true=$(<"$tmp/rss")
	/usr/bin/time -f %M -o "$tmp/rss" "$hpstat" -r "$PEAK_RUNS" true 2>/dev/null ||
		die "'$hpstat -r $PEAK_RUNS true' failed"
	peak=$(<"$tmp/rss")
else
	peak_how="spawnloop -m, getrusage(RUSAGE_CHILDREN) (no GNU time at /usr/bin/time)"
	peak_true=$("$spawn" -m 1 true 2>/dev/null) || die "'spawnloop -m 1 true' failed"
	peak=$("$spawn" -m 1 "$hpstat" -r "$PEAK_RUNS" true 2>/dev/null) ||
		die "'$hpstat -r $PEAK_RUNS true' failed"
	peak=${peak##*$'\n'}
fi
[[ $peak =~ ^[0-9]+$ ]] || die "could not read a peak from $peak_how: '$peak'"

# "CASE TOOL MEDIAN MIN MAX" lines (microseconds), for the report.
for c in "${cases[@]}"; do
	for t in ${tools[$c]}; do
		echo "$c $t $(stats "${samples[$c/$t]}")"
	done
done >"$tmp/medians"

echo "hpstat: $hpstat; floor: posix_spawnp+waitpid loop (bench/spawnloop.c); $(nproc) CPUs, Linux $(uname -r)"
echo "wall times: medians of $ROUNDS interleaved rounds; spread: (slowest - fastest) / median"
[[ -z $perf_note ]] || echo "perf: $perf_note"
LC_ALL=C awk -v runs="$RUNS" -v tp_runs="$TP_RUNS" -v tp_count="$TP_COUNT" -v single="$SINGLE" \
	-v tp_note="$tp_note" -v perf_tp_note="$perf_tp_note" -v tp_dir="$tp_dir" \
	-v t_ratio="$T_RATIO" -v t_tp="$T_TP" -v t_single="$T_SINGLE" -v t_peak="$T_PEAK" \
	-v peak="$peak" -v peak_true="$peak_true" -v peak_how="$peak_how" -v peak_runs="$PEAK_RUNS" '
{ m[$1 "/" $2] = $3; spread[$1 "/" $2] = ($5 - $4) / $3 }
function row(c, t, n, what,   us) {
	if (!((c "/" t) in m))
		return
	us = m[c "/" t]
	printf "    %-6s %7.3f s %8.3f ms per run", t, us / 1e6, us / 1e3 / n
	if (t != "floor")
		printf "  %6.2fx %-5s", us / m[c "/floor"], c == "single" ? "true" : "floor"
	else
		printf "  %13s", ""
	printf "  spread %3.0f%%  %s\n", 100 * spread[c "/" t], what
}
function block(c, n, title, hp, pf, fl, lt) {
	print title
	row(c, "hpstat", n, hp)
	row(c, "perf", n, pf)
	row(c, "least", n, lt)
	row(c, "floor", n, fl)
}
# least(WHAT, VALUE): what mintool measured beside a target: a target below it is out of
# reach on this machine for a tool built that way.
function least(what, value) {
	printf "  %-34s %8.3f  (what this machine allows: a target below it is out of reach here)\n",
		what, value
}
# target(WHAT, VALUE, OP, LIMIT, UNIT, FMT): one line; OP is "<" or "<=".
function target(what, value, op, limit, unit, fmt,   ok) {
	ok = op == "<" ? value < limit : value <= limit
	printf "  %-34s " fmt "  (target %s %s%s)  %s\n", what, value, op, limit, unit,
		ok ? "met" : "NOT met"
}
END {
	block("one", runs, "a. one event: -r " runs " -e task-clock true",
		"hpstat -r " runs " -e task-clock true", "perf stat -r " runs " -e task-clock true",
		runs " spawns of true", "bench/mintool.c -r " runs " -1 true: the least through a launcher")
	block("default", runs, "b. the default set: -r " runs " true",
		"hpstat -r " runs " true", "perf stat -r " runs " true", runs " spawns of true",
		"bench/mintool.c -r " runs " true: the least through a launcher")
	if (tp_note != "")
		print "c. " tp_count " tracepoints: SKIPPED, " tp_note
	else {
		block("tp", tp_runs, "c. " tp_count " tracepoints, the first syscalls:sys_enter_* of " \
			tp_dir ": -r " tp_runs, "hpstat -r " tp_runs " -e <" tp_count "> true",
			"perf stat -r " tp_runs " -e <the same " tp_count "> true",
			tp_runs " spawns of true")
		if (perf_tp_note != "")
			print "    perf   " perf_tp_note
	}
	block("single", single, "d. a single run: " single " starts one after another by the spawn loop; per start",
		"hpstat true", "perf stat true", "true",
		"bench/mintool.c true: the least a tool does for one run")
	printf "e. peak resident memory of hpstat -r %d true (default set, report to /dev/null)\n",
		peak_runs
	printf "    hpstat %7d KiB (%.2f MiB), by %s; true alone by the same: %d KiB\n",
		peak, peak / 1024, peak_how, peak_true

	print "targets:"
	target("a. one event, hpstat/floor", m["one/hpstat"] / m["one/floor"], "<=", t_ratio,
		"x", "%8.3f")
	least("   the least through a launcher", m["one/least"] / m["one/floor"])
	target("b. default set, hpstat/floor", m["default/hpstat"] / m["default/floor"], "<=",
		t_ratio, "x", "%8.3f")
	least("   the least through a launcher", m["default/least"] / m["default/floor"])
	if (tp_note != "")
		printf "  %-34s %8s  (target < %s s)  SKIPPED (no usable tracefs)\n",
			"c. " tp_count " tracepoints, -r " tp_runs, "-", t_tp
	else
		target("c. " tp_count " tracepoints, -r " tp_runs, m["tp/hpstat"] / 1e6, "<", t_tp,
			" s", "%8.3f")
	target("d. single run, (hpstat true)/true", m["single/hpstat"] / m["single/floor"], "<",
		t_single, "x", "%8.3f")
	least("   the least a tool does, /true", m["single/least"] / m["single/floor"])
	if (peak_runs == 10000)
		target("e. peak at -r " peak_runs, peak, "<", t_peak, " KiB", "%8d")
	else
		printf "  %-34s %8d  (target < %d KiB is for -r 10000; not judged)\n",
			"e. peak at -r " peak_runs, peak, t_peak
}' "$tmp/medians"
