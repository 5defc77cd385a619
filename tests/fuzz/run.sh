#!/bin/sh
# run.sh - `make fuzz`: one libFuzzer harness for a bounded time from its seeds; any finding fails.
#
# usage: run.sh FUZZER SECONDS WORKDIR [OPTION... ] SEED_DIR...
#
# The fuzzer starts from the seed directories (read only: they may be the source tree's) and
# keeps what it learns in WORKDIR/corpus, so a later run goes on from there. Its output goes to
# WORKDIR/fuzz.log; what is printed is one line, PASS or FAIL, and on a failure the report
# from the log. A crash, a leak, a sanitizer report, 25 s spent on one input or more than
# 2 GiB of memory is a failure; the input that caused it is left in WORKDIR/crashes/ for the
# fuzzer to replay (FUZZER WORKDIR/crashes/FILE).
set -u

if [ $# -lt 4 ]; then
	echo "usage: $0 FUZZER SECONDS WORKDIR [OPTION...] SEED_DIR..." >&2
	exit 2
fi
fuzzer=$1 seconds=$2 work=$3
shift 3
name=$(basename "$fuzzer")

# libFuzzer reads -max_total_time=0 as "no limit".
case $seconds in
'' | *[!0-9]* | 0*)
	echo "FAIL: $name: FUZZ_SECONDS must be a whole number of seconds from 1, not '$seconds'" >&2
	exit 2
	;;
esac
for dir in "$@"; do
	case $dir in
	-*) ;;
	*)
		if [ ! -d "$dir" ]; then
			echo "FAIL: $name: seed directory '$dir' does not exist" >&2
			exit 2
		fi
		;;
	esac
done

mkdir -p "$work/corpus" "$work/crashes" || exit 2
log=$work/fuzz.log
# The first directory named is where libFuzzer writes new inputs: ours, never a seed one
# (libFuzzer takes its -options wherever they stand).
"$fuzzer" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
	-artifact_prefix="$work/crashes/" "$work/corpus" "$@" >"$log" 2>&1 </dev/null
rc=$?
# libFuzzer's own summary: "Done 123456 runs in 60 second(s)".
done_line=$(grep -E '^Done [0-9]+ runs' "$log" | tail -n 1)
if [ "$rc" -ne 0 ]; then
	# The report from its first line (a sanitizer's ERROR, UBSan's "runtime error", a
	# deadly signal, a timeout or out-of-memory), else the end of the log.
	first=$(grep -n -m 1 -E 'ERROR: |runtime error|deadly signal|ALARM|out-of-memory' \
		"$log" | cut -d: -f1)
	echo "FAIL: $name (exit $rc), from $log:" >&2
	if [ -n "$first" ]; then
		tail -n "+$first" "$log" | head -n 80 >&2
	else
		tail -n 40 "$log" >&2
	fi
	echo "FAIL: $name: inputs that fail are in $work/crashes/" >&2
	exit 1
fi
echo "PASS: $name: ${done_line:-no summary (see $log)}, corpus $(ls "$work/corpus" | wc -l) inputs"
