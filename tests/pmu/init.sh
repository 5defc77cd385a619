#!/bin/busybox sh
# shellcheck shell=sh
# /init of the check-pmu initramfs (busybox sh, runs as root, pid 1).
# Mounts the pseudo file systems, runs the guest checks, prints the end
# marker the host waits for, and powers the machine off so qemu exits.
/bin/busybox --install -s /bin
PATH=/bin
export PATH
mount -t devtmpfs devtmpfs /dev 2>/dev/null
# Works even without a /dev/console node in the archive (non-root builds).
exec </dev/console >/dev/console 2>&1
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t tmpfs tmpfs /tmp
cd /pmu || echo "PMU-CHECK FAIL init: no /pmu directory"
sh /pmu/guest-checks.sh
echo "PMU-CHECKS-DONE status=$?"
sync
poweroff -f
