#!/bin/bash
# tests/pmu/setup.sh - prepare a Debian 12 (x86-64) machine for `make check-pmu`.
#
# Installs what is missing (qemu for aarch64, the aarch64 cross compiler and
# C library, arm64 builds of libpfm4 and libcap) and fetches an arm64 Debian
# kernel and a static arm64 busybox into a cache directory.  Safe to run
# again: it only acts on what is missing, and runs apt-get update only when
# a package it needs cannot be found in the current package lists.
#
# Usage: tests/pmu/setup.sh [--check]
#   --check   change nothing; exit 1 (saying what is missing) unless ready.
# Environment:
#   PMU_CACHE    cache directory (default: tests/pmu/.cache beside this script)
#   PMU_REFRESH  set to 1 to fetch the kernel and busybox again
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cache=${PMU_CACHE:-$here/.cache}
check_only=0
case ${1:-} in
	--check) check_only=1 ;;
	'') ;;
	*) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

say() { printf 'setup-pmu: %s\n' "$*"; }
die() { printf 'setup-pmu: error: %s\n' "$*" >&2; exit 1; }

# Host (amd64) packages, then the arm64 libraries hpstat links statically.
host_pkgs="qemu-system-arm gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	binutils-aarch64-linux-gnu cpio gzip make pkg-config"
arm64_pkgs="libpfm4-dev:arm64 libcap-dev:arm64"
# Fetched into the cache (never installed: busybox-static:arm64 would
# replace the host's busybox, and the kernel is only booted under qemu).
kernel_meta="linux-image-arm64:arm64"
busybox_pkg="busybox-static:arm64"

SUDO=
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi
fi

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

missing=
for p in $host_pkgs $arm64_pkgs; do
	installed "$p" || missing="$missing $p"
done
have_arm64=0
dpkg --print-foreign-architectures | grep -qx arm64 && have_arm64=1
have_cache=0
[ -s "$cache/vmlinuz" ] && [ -x "$cache/busybox" ] && have_cache=1
[ "${PMU_REFRESH:-0}" = 1 ] && have_cache=0

if [ "$check_only" = 1 ]; then
	bad=0
	[ "$have_arm64" = 1 ] || { say "dpkg architecture arm64 is not enabled"; bad=1; }
	[ -z "$missing" ] || { say "missing packages:$missing"; bad=1; }
	[ "$have_cache" = 1 ] || { say "no kernel/busybox in $cache"; bad=1; }
	if [ "$bad" = 1 ]; then
		say "run tests/pmu/setup.sh (as root) to install them"
		exit 1
	fi
	say "ready (cache: $cache, kernel $(cat "$cache/kernel.version" 2>/dev/null))"
	exit 0
fi

if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ] &&
   { [ -n "$missing" ] || [ "$have_arm64" = 0 ]; }; then
	die "need root (or sudo) to install:$missing"
fi

updated=0
apt_update() {
	if [ "$updated" = 0 ]; then
		say "apt-get update"
		$SUDO apt-get update -q >/dev/null || die "apt-get update failed"
		updated=1
	fi
}

if [ "$have_arm64" = 0 ]; then
	say "enabling dpkg architecture arm64"
	$SUDO dpkg --add-architecture arm64 || die "dpkg --add-architecture arm64 failed"
	apt_update
fi

if [ -n "$missing" ]; then
	for p in $missing; do
		# No candidate in the current lists (fresh machine): update once.
		if ! apt-cache show "$p" >/dev/null 2>&1; then apt_update; break; fi
	done
	say "installing:$missing"
	# shellcheck disable=SC2086  # word splitting of the package list is wanted
	$SUDO env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -q --no-install-recommends $missing >/dev/null ||
		die "apt-get install failed for:$missing"
else
	say "packages: all present"
fi

if [ "$have_cache" = 1 ]; then
	say "cache: kernel $(cat "$cache/kernel.version" 2>/dev/null) and busybox present in $cache"
	exit 0
fi

mkdir -p "$cache" || die "cannot create $cache"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/setup-pmu.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# apt-get download drops privileges to _apt; let it write there.
chmod 755 "$tmp"
if [ "$(id -u)" -eq 0 ] && id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi

kernel_pkg() {
	apt-cache depends "$kernel_meta" 2>/dev/null |
		awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

# fetch PKG DIR: download PKG's .deb and unpack it into DIR.
fetch() {
	say "downloading $1"
	if ! (cd "$tmp" && apt-get download -q "$1" >/dev/null 2>&1); then
		# The lists may name a version the archive has since dropped.
		apt_update
		(cd "$tmp" && apt-get download -q "$1" >/dev/null) ||
			die "apt-get download $1 failed"
	fi
	deb=$(ls "$tmp"/"${1%%:*}"_*.deb) || die "no .deb for $1"
	mkdir -p "$2"
	dpkg-deb -x "$deb" "$2" || die "cannot unpack $deb"
	rm -f "$deb"
}

kpkg=$(kernel_pkg)
if [ -z "$kpkg" ]; then
	apt_update
	kpkg=$(kernel_pkg)
fi
[ -n "$kpkg" ] || die "cannot resolve $kernel_meta to a kernel package"
fetch "$kpkg" "$tmp/kernel"
img=$(ls "$tmp"/kernel/boot/vmlinuz-*) || die "$kpkg has no boot/vmlinuz-*"
grep -qx 'CONFIG_ARM_PMU=y' "$tmp"/kernel/boot/config-* ||
	die "$kpkg is not built with CONFIG_ARM_PMU=y"
cp "$img" "$cache/vmlinuz.new" && mv "$cache/vmlinuz.new" "$cache/vmlinuz"
basename "$img" | sed 's/^vmlinuz-//' > "$cache/kernel.version"
say "kernel $(cat "$cache/kernel.version") -> $cache/vmlinuz"

fetch "$busybox_pkg" "$tmp/busybox"
[ -x "$tmp/busybox/bin/busybox" ] || die "$busybox_pkg has no bin/busybox"
cp "$tmp/busybox/bin/busybox" "$cache/busybox.new" &&
	mv "$cache/busybox.new" "$cache/busybox"
say "busybox -> $cache/busybox"
say "done"
