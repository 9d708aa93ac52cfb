#!/usr/bin/env bash
# Builds the guest `copyspec conformance` boots under QEMU, from Debian packages only:
#   the kernel of linux-image-amd64 (apt-get download), busybox-static, and nvme-batch.c and
#   scsi-batch.c compiled statically with Debian's gcc. Output, cached until this script, init or a
#   guest program change: DIR/vmlinuz, DIR/base.cpio.gz (busybox, the NVMe modules, the SCSI modules
#   — sg, LIO target_core_mod with tcm_loop, scsi_debug — nvme-batch, scsi-batch, init), DIR/stamp.
# Usage: build-guest.sh DIR   (DIR defaults to .cache/copyspec-guest in the checkout)
# Exit 2 when a tool is missing and cannot be installed (not root, or no apt-get).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../.cache/copyspec-guest}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp=$(cat "$here/build-guest.sh" "$here/init" "$here/nvme-batch.c" "$here/scsi-batch.c" | sha256sum | cut -d' ' -f1)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -f "$out/vmlinuz" ] && [ -f "$out/base.cpio.gz" ]; then
  exit 0
fi

need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
{ [ -x /bin/busybox ] && ! ldd /bin/busybox >/dev/null 2>&1; } || need+=(busybox-static) # static: the guest has no libc
command -v cpio >/dev/null || need+=(cpio)
command -v gcc >/dev/null || need+=(gcc)
[ -f /usr/lib/x86_64-linux-gnu/libc.a ] || need+=(libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "build-guest: missing ${need[*]}; install them: sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
# The kernel linux-image-amd64 currently points at (bookworm: 6.1).
pkg=$(apt-cache depends linux-image-amd64 | sed -n 's/.*Depends: \(linux-image-[0-9].*\)/\1/p' | head -n1)
[ -n "$pkg" ] || { echo "build-guest: apt-cache knows no linux-image-amd64 (run apt-get update)" >&2; exit 2; }
kver=${pkg#linux-image-}
apt-get download "$pkg" >/dev/null 2>&1 || { echo "build-guest: apt-get download $pkg failed" >&2; exit 2; }
dpkg -x linux-image-*.deb kpkg

mkdir -p root/bin root/sbin root/lib/modules root/proc root/sys root/dev root/tmp root/batch
cp /bin/busybox root/bin/busybox
for a in sh mount insmod rmmod mkdir ln cat echo sleep poweroff; do ln -s busybox "root/bin/$a"; done
# NVMe; then SCSI (conformance/scsi-boot.ts loads these): sg, configfs + LIO + tcm_loop, scsi_debug.
for m in crct10dif_common crct10dif_generic crc-t10dif crc64 crc64_rocksoft_generic crc64-rocksoft t10-pi nvme-core nvme \
  scsi_common scsi_mod sg configfs target_core_mod tcm_loop scsi_debug; do
  f=$(find "kpkg/lib/modules/$kver" -name "$m.ko*" | head -n1)
  [ -n "$f" ] || continue # built in, or absent from this kernel
  case "$f" in
    *.xz) xz -dc "$f" > "root/lib/modules/$m.ko" ;;
    *.zst) zstd -qdc "$f" > "root/lib/modules/$m.ko" ;;
    *) cp "$f" "root/lib/modules/$m.ko" ;;
  esac
done
gcc -O2 -static -o root/sbin/nvme-batch "$here/nvme-batch.c"
gcc -O2 -static -o root/sbin/scsi-batch "$here/scsi-batch.c"
install -m 755 "$here/init" root/init
(cd root && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) > base.cpio.gz
cp "kpkg/boot/vmlinuz-$kver" vmlinuz
mv vmlinuz base.cpio.gz "$out/"
echo "$kver" > "$out/kernel-version"
echo "$stamp" > "$out/stamp"
