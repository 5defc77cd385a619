#!/bin/bash
# tests/pmu/run.sh - hardware-event tests of hpstat on an emulated arm64 PMU.
#
# Cross-builds hpstat (statically, for aarch64) and the test programs from
# the project's sources, packs them with busybox into an initramfs, boots a
# Debian arm64 kernel under qemu (cortex-a57, then neoverse-n1, both with
# -icount shift=0 so counts are exact), runs guest-checks.sh there, and
# reports each PMU-CHECK line as a test result, ending with the line
# "N passed, N failed".  Exits non-zero if anything failed.
#
# Usage: tests/pmu/run.sh [--srcdir DIR] [--builddir DIR]
#   --srcdir DIR    hpstat source tree (default: two levels above this script)
#   --builddir DIR  scratch directory (default: ./tests/pmu/.build)
# Environment:
#   PMU_CACHE       kernel/busybox cache made by setup.sh (default tests/pmu/.cache)
#   PMU_CPUS        qemu CPU models to boot (default "cortex-a57 neoverse-n1")
#   PMU_TIMEOUT     seconds allowed for one boot (default 300)
#   PMU_CONFIGURE_FLAGS  extra arguments for the cross configure
#                   (default "--without-check")
#                   (develops this machinery without the real hpstat)
#   CC_FOR_PMU      aarch64 compiler (default aarch64-linux-gnu-gcc)
#   PMU_VERBOSE=1   the guest logs every hpstat report (boot-CPU.log), not
#                   only those of failed checks
set -u

here=$(cd "$(dirname "$0")" && pwd)
srcdir=${PMU_SRCDIR:-$(cd "$here/../.." && pwd)}
builddir=${PMU_BUILDDIR:-$PWD/tests/pmu/.build}
while [ $# -gt 0 ]; do
	case $1 in
		--srcdir) srcdir=$2; shift 2 ;;
		--builddir) builddir=$2; shift 2 ;;
		--srcdir=*) srcdir=${1#*=}; shift ;;
		--builddir=*) builddir=${1#*=}; shift ;;
		*) echo "usage: $0 [--srcdir DIR] [--builddir DIR]" >&2; exit 2 ;;
	esac
done
srcdir=$(cd "$srcdir" && pwd) || exit 2
mkdir -p "$builddir" && builddir=$(cd "$builddir" && pwd) || exit 2
export PMU_CACHE=${PMU_CACHE:-$here/.cache}
cpus=${PMU_CPUS:-cortex-a57 neoverse-n1}
boot_timeout=${PMU_TIMEOUT:-300}
host=aarch64-linux-gnu
cc=${CC_FOR_PMU:-$host-gcc}
configure_flags=${PMU_CONFIGURE_FLAGS---without-check}
start=$(date +%s)

say() { printf 'check-pmu: %s\n' "$*"; }
die() {
	printf 'check-pmu: error: %s\n' "$*" >&2
	echo "0 passed, 1 failed"
	exit 1
}

"$here/setup.sh" --check >/dev/null ||
	die "tests/pmu is not set up: run tests/pmu/setup.sh (as root) first"

guest=$builddir/guest
rm -rf "$guest"
mkdir -p "$guest"

# --- hpstat, cross-built statically from the project's sources ------------
# A source tree configured in place cannot host an out-of-tree build
# ("source directory already configured"): then build from a clean copy.
build_hpstat() {
	local src=$srcdir obj=$builddir/hpstat log=$builddir/build.log
	if [ ! -x "$srcdir/configure" ]; then
		die "$srcdir/configure is missing: run autoreconf -i there first"
	fi
	if [ -f "$srcdir/config.status" ]; then
		src=$builddir/src-copy
		say "source tree is configured in place; building from a copy in $src"
		{ rm -rf "$src" && mkdir -p "$src"; } || die "cannot create $src"
		tar -C "$srcdir" --exclude=./.git --exclude=./tests/pmu/.cache \
			--exclude=./tests/pmu/.build --exclude="./${builddir#"$srcdir"/}" \
			-cf - . | tar -C "$src" -xf - || die "cannot copy $srcdir"
		(cd "$src" && { make distclean >/dev/null 2>&1 || rm -f config.status; }) ||
			die "cannot clean the copy in $src"
	fi
	mkdir -p "$obj"
	if [ ! -f "$obj/Makefile" ] || [ "$src/configure" -nt "$obj/config.status" ]; then
		say "configuring hpstat for $host (log: $log)"
		# Only arm64 .pc files may answer pkg-config for the target.
		# shellcheck disable=SC2086  # configure_flags is a list of words
		(cd "$obj" && "$src/configure" --host=$host CC="$cc" LDFLAGS=-static \
			PKG_CONFIG_LIBDIR=/usr/lib/$host/pkgconfig:/usr/share/pkgconfig \
			$configure_flags) >"$log" 2>&1 ||
			{ tail -n 25 "$log" >&2; die "cross configure failed (see $log)"; }
	fi
	say "building hpstat"
	if [ -f "$obj/src/Makefile" ]; then
		make -C "$obj/src" hpstat >>"$log" 2>&1
	else
		make -C "$obj" src/hpstat >>"$log" 2>&1
	fi || { tail -n 25 "$log" >&2; die "cross build of hpstat failed (see $log)"; }
	cp "$obj/src/hpstat" "$guest/hpstat" || die "no $obj/src/hpstat"
}

build_hpstat

# Refuse anything but a static aarch64 executable: a dynamic one would die
# in the guest with a confusing "not found".
elf=$($host-readelf -hl "$guest/hpstat" 2>/dev/null)
grep -q 'Machine:.*AArch64' <<<"$elf" || die "hpstat is not an aarch64 executable"
! grep -q 'Requesting program interpreter' <<<"$elf" ||
	die "hpstat is dynamically linked (configure must honour LDFLAGS=-static)"

say "building the test programs"
"$cc" -static -nostdlib -o "$guest/loop" "$here/loop.S" || die "cannot build loop.S"

# --- initramfs ------------------------------------------------------------
say "packing the initramfs"
root=$builddir/initramfs
rm -rf "$root"
mkdir -p "$root"/bin "$root"/dev "$root"/proc "$root"/sys "$root"/tmp "$root"/pmu
cp "$PMU_CACHE/busybox" "$root/bin/busybox"
cp "$here/init.sh" "$root/init"
cp "$here/guest-checks.sh" "$guest/hpstat" "$guest/loop" "$root/pmu/"
# The presets and CPU family files, where the guest's hpstat looks for them.
mkdir -p "$root/pmu/events"
cp "$srcdir"/events/*.preset "$root/pmu/events/"
chmod 755 "$root/init" "$root/bin/busybox" "$root/pmu/hpstat" "$root/pmu/loop"
# A console node lets the kernel give /init its stdio; without root,
# init.sh falls back to devtmpfs.
mknod "$root/dev/console" c 5 1 2>/dev/null || true
initrd=$builddir/initrd.cpio.gz
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -1) \
	>"$initrd" || die "cannot build $initrd"

# --- boots ----------------------------------------------------------------
pmu_model() {
	case $1 in
		cortex-a57) echo arm_ac57 ;;
		cortex-a53) echo arm_ac53 ;;
		cortex-a72) echo arm_ac72 ;;
		neoverse-n1) echo arm_n1 ;;
		*) echo unknown ;;
	esac
}

npass=0
nfail=0
results=$builddir/results.txt
: >"$results"
for cpu in $cpus; do
	log=$builddir/boot-$cpu.log
	say "booting $cpu (log: $log)"
	t0=$(date +%s)
	timeout "$boot_timeout" qemu-system-aarch64 -M virt -cpu "$cpu" -m 1024 \
		-nographic -nodefaults -serial stdio -no-reboot -icount shift=0 \
		-kernel "$PMU_CACHE/vmlinuz" -initrd "$initrd" \
		-append "console=ttyAMA0 rdinit=/init quiet panic=-1 hpstat_pmu.cpu=$cpu hpstat_pmu.model=$(pmu_model "$cpu") hpstat_pmu.verbose=${PMU_VERBOSE:-0}" \
		</dev/null >"$log.raw" 2>&1
	qrc=$?
	tr -d '\r' <"$log.raw" >"$log" && rm -f "$log.raw"
	say "$cpu: qemu exit $qrc after $(($(date +%s) - t0)) s"
	n=0
	while IFS= read -r line; do
		case $line in
			"PMU-CHECK PASS "*)
				echo "PASS: $cpu/${line#PMU-CHECK PASS }" | tee -a "$results"
				npass=$((npass + 1)); n=$((n + 1)) ;;
			"PMU-CHECK FAIL "*)
				echo "FAIL: $cpu/${line#PMU-CHECK FAIL }" | tee -a "$results"
				nfail=$((nfail + 1)); n=$((n + 1)) ;;
		esac
	done < <(grep -a '^PMU-CHECK \(PASS\|FAIL\) ' "$log")
	why=
	if ! grep -aq '^PMU-CHECKS-DONE' "$log"; then
		why="guest did not finish"
		[ "$qrc" = 124 ] && why="$why (timed out after $boot_timeout s)"
	elif [ "$n" = 0 ]; then
		why="guest ran no checks"
	else
		# guest-checks.sh ends with its own tally: a script that died
		# half-way has none, or one that disagrees with what was seen.
		tally=$(grep -a '^pmu-guest: [0-9]* passed, [0-9]* failed' "$log" |
			awk '{ print $2 + $4; exit }')
		[ "$tally" = "$n" ] ||
			why="guest checks ended early (saw $n results, guest tally '${tally:-none}')"
	fi
	if [ -n "$why" ]; then
		echo "FAIL: $cpu/boot: $why; last lines of $log:" | tee -a "$results"
		tail -n 15 "$log" | sed 's/^/    /'
		nfail=$((nfail + 1))
	fi
done

say "done in $(($(date +%s) - start)) s; results in $results"
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
