#!/usr/bin/env bash
# compare.sh: what comparing costs against measuring each command alone.
#
# Times `hpstat -r N --compare A B` against `hpstat -r N A` followed by `hpstat -r N B`, in
# alternating rounds, and prints the median ratio of the two (1.00: comparing costs nothing
# beyond the runs themselves). A and B are short commands, so hpstat's own cost shows.
#
# usage: bench/compare.sh [HPSTAT]     (or HPSTAT=...; RUNS=100 and ROUNDS=7 by default)
set -euo pipefail

RUNS=${RUNS:-100}
ROUNDS=${ROUNDS:-7}
prog=${0##*/}

die() {
	echo "$prog: $*" >&2
	exit 1
}

[[ $# -le 1 && ${1-} != -* ]] || { echo "usage: $prog [HPSTAT]  (env: HPSTAT, RUNS, ROUNDS)" >&2; exit 2; }
[[ $RUNS =~ ^[1-9][0-9]*$ && $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "RUNS and ROUNDS are counts"
[[ -n ${EPOCHREALTIME-} ]] || die "needs bash >= 5.0 for EPOCHREALTIME"
hpstat=${1:-${HPSTAT:-./src/hpstat}}
[[ -x $hpstat ]] || die "hpstat not found at '$hpstat' (build it, or set HPSTAT)"

a=(true)
b=(/bin/echo hello)
events=task-clock,page-faults

alone() {
	"$hpstat" -q -r "$RUNS" -e "$events" "${a[@]}" >/dev/null 2>&1
	"$hpstat" -q -r "$RUNS" -e "$events" "${b[@]}" >/dev/null 2>&1
}

together() {
	"$hpstat" -q -r "$RUNS" -e "$events" --compare "${a[*]}" "${b[*]}" >/dev/null 2>&1
}

# micros COMMAND...: the wall time of one call, in microseconds.
micros() {
	local start=${EPOCHREALTIME/./} end
	"$@"
	end=${EPOCHREALTIME/./}
	echo $((end - start))
}

alone || die "'$hpstat -r $RUNS ${a[*]}' failed"
together || die "'$hpstat --compare' failed"
ratios=()
for ((round = 0; round < ROUNDS; round++)); do
	if ((round % 2)); then
		t=$(micros together)
		s=$(micros alone)
	else
		s=$(micros alone)
		t=$(micros together)
	fi
	ratios+=("$(awk -v t="$t" -v s="$s" 'BEGIN { printf "%.3f", t / s }')")
	printf 'round %d: compare %.3f s, alone %.3f s, ratio %s\n' "$round" \
		"$(awk -v x="$t" 'BEGIN { print x / 1e6 }')" "$(awk -v x="$s" 'BEGIN { print x / 1e6 }')" \
		"${ratios[-1]}"
done
median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
echo "compare / alone, $RUNS runs of each of 2 commands, median of $ROUNDS rounds: $median"
