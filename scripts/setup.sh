#!/usr/bin/env bash
# Installs the Debian packages Mobitopolo uses; idempotent, so both README commands call it.
set -euo pipefail

PACKAGES=(user-mode-linux busybox-static uml-utilities qemu-system-x86 qemu-utils
          iperf3 tinyproxy wrk iproute2 ethtool curl e2fsprogs tcpdump maven postgresql)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q
  # Packages like tinyproxy, iperf3 and postgresql ship daemons; we run our own instances, never the
  # system ones (the store's tests start a PostgreSQL cluster of their own with initdb and pg_ctl).
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The QEMU guests' kernel: Debian's cloud kernel with the virtio modules it lacks built in,
# extracted from its package (not installed: the host keeps its own kernel).
QEMU_GUEST=/usr/local/lib/mobitopolo/qemu
QEMU_MODULES="virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci failover net_failover virtio_net virtio_blk"
if [ ! -f "$QEMU_GUEST/vmlinuz" ]; then
  echo "setup: extracting the QEMU guest kernel into $QEMU_GUEST"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$pkg" ] || { $SUDO apt-get update -q; pkg=$(apt-cache depends linux-image-cloud-amd64 | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'); }
  tmp=$(mktemp -d)
  chmod 777 "$tmp"   # apt's download sandbox user writes here
  (cd "$tmp" && { apt-get download -q "$pkg" || { $SUDO apt-get update -q && apt-get download -q "$pkg"; }; } && dpkg -x ./*.deb root)
  $SUDO mkdir -p "$QEMU_GUEST/modules"
  for m in $QEMU_MODULES; do
    $SUDO cp "$(find "$tmp/root/lib/modules" -name "$m.ko" | head -1)" "$QEMU_GUEST/modules/"
  done
  $SUDO cp "$tmp"/root/boot/vmlinuz-* "$QEMU_GUEST/vmlinuz.tmp"
  $SUDO mv "$QEMU_GUEST/vmlinuz.tmp" "$QEMU_GUEST/vmlinuz"   # last: its presence means the guest is complete
  rm -rf "$tmp"
fi

command -v java >/dev/null || { echo "setup: a JDK 17 is required (java not found)" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major%%.*}" -ge 17 ] || { echo "setup: JDK 17 or newer required, found $java_major" >&2; exit 1; }
echo "setup: ok"
