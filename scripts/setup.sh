#!/usr/bin/env bash
# Installs the Debian packages Mobitopolo uses and a UML kernel that runs user space on this CPU;
# idempotent, so both README commands call it.
#   --uml-from-source   build the UML kernel from Debian's sources even where the packaged one works
#                       (the tests do, so that the replacement is proven on every CPU)
set -euo pipefail
cd "$(dirname "$0")"

UML_FROM_SOURCE=0
for arg in "$@"; do
  case "$arg" in
    --uml-from-source) UML_FROM_SOURCE=1 ;;
    *) echo "setup: unknown option $arg (known: --uml-from-source)" >&2; exit 2 ;;
  esac
done
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive

PACKAGES=(user-mode-linux busybox-static uml-utilities qemu-system-x86 qemu-utils
          iperf3 tinyproxy wrk iproute2 ethtool curl jq e2fsprogs tcpdump maven postgresql graphviz bind9-dnsutils bind9
          mmdebstrap gnuplot-nox chromium chromium-driver)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
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

# A UML kernel that runs user space on this CPU. Debian 12's (6.1) and 13's (6.12) panic at the
# first user-space instruction on hosts whose XSAVE area is large (Intel AMX): "ptrace set fp regs
# failed, errno = 14". Where the packaged kernel fails (or --uml-from-source asks), one is built
# from the newest Debian linux-source package (trixie-backports, else unstable) with bookworm's gcc
# and installed as $UML_KERNEL; the UML plugin prefers it and probes it again at start.
UML_KERNEL=/usr/local/lib/mobitopolo/uml/linux
probe_uml() { # kernel: boots it on a busybox root for a moment; true if it reached user space
  local kernel=$1 dir ok=1
  [ -x "$kernel" ] || return 1
  dir=$(mktemp -d /tmp/mobi-uml-probe.XXXX)
  mkdir -p "$dir/root/bin" && cp /bin/busybox "$dir/root/bin/"
  printf '#!/bin/busybox sh\n/bin/busybox echo MOBITOPOLO-PROBE-USERSPACE\n/bin/busybox poweroff -f\n' > "$dir/root/init"
  chmod +x "$dir/root/init"
  timeout 30 "$kernel" mem=64M umid="setup-probe-$$" uml_dir="$dir" con=null con0=fd:0,fd:1 rootfstype=hostfs \
      rootflags="$dir/root" rw init=/init </dev/null >"$dir/log" 2>&1 || true
  pkill -9 -f "rootflags=$dir/root" 2>/dev/null || true
  grep -q MOBITOPOLO-PROBE-USERSPACE "$dir/log" && ok=0
  [ $ok -eq 0 ] || grep -m2 -E 'failed|panic' "$dir/log" | sed "s|^|setup: $kernel: |" >&2 || true
  rm -rf "$dir"
  return $ok
}
build_uml() {
  local t0=$SECONDS tmp suite pkg
  echo "setup: building a UML kernel from Debian's sources into $UML_KERNEL (about 5 minutes on 2 cores)"
  local tools=(build-essential flex bison bc xz-utils)
  $SUDO apt-get install -y -q --no-install-recommends "${tools[@]}" >/dev/null 2>&1 \
    || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q --no-install-recommends "${tools[@]}" >/dev/null; }
  tmp=$(mktemp -d /tmp/mobi-uml-build.XXXX)
  chmod 777 "$tmp"   # apt's download sandbox user writes here
  mkdir -p "$tmp/apt/lists/partial" "$tmp/apt/cache/archives/partial"
  for suite in trixie-backports sid; do
    echo "deb http://deb.debian.org/debian $suite main" > "$tmp/apt/sources.list"
    # Another suite's package lists, read without touching this system's sources.
    local apt=(-o Dir::Etc::sourcelist="$tmp/apt/sources.list" -o Dir::Etc::sourceparts=- \
               -o Dir::State::Lists="$tmp/apt/lists" -o Dir::Cache="$tmp/apt/cache" -o Dir::State::status=/dev/null)
    apt-get "${apt[@]}" update -q >/dev/null || continue
    pkg=$(apt-cache "${apt[@]}" depends linux-source | awk '/Depends: linux-source-[0-9]/ {print $2; exit}')
    [ -n "$pkg" ] && (cd "$tmp" && apt-get "${apt[@]}" download -q "$pkg" >/dev/null) && break
    pkg=""
  done
  [ -n "$pkg" ] || { echo "setup: no linux-source package found in trixie-backports or sid" >&2; exit 1; }
  (cd "$tmp" && dpkg -x ./"$pkg"_*.deb pkg && tar xJf pkg/usr/src/"$pkg".tar.xz && rm -rf pkg ./*.deb)
  local src=$tmp/$pkg
  make -s -C "$src" ARCH=um defconfig >/dev/null
  cat "$PWD/uml-kernel.config" >> "$src/.config"   # the later line wins
  make -s -C "$src" ARCH=um olddefconfig >/dev/null 2>&1
  grep -q '^CONFIG_UML_NET_VECTOR=y' "$src/.config" || { echo "setup: $pkg has no UML vector NIC" >&2; exit 1; }
  make -s -C "$src" ARCH=um -j"$(nproc)" linux >"$tmp/build.log" 2>&1 \
    || { tail -20 "$tmp/build.log" >&2; echo "setup: building UML from $pkg failed" >&2; exit 1; }
  $SUDO mkdir -p "$(dirname "$UML_KERNEL")"
  $SUDO strip -o "$UML_KERNEL.tmp" "$src/linux"
  probe_uml "$UML_KERNEL.tmp" || { echo "setup: the kernel built from $pkg does not run user space here either" >&2; exit 1; }
  $SUDO mv "$UML_KERNEL.tmp" "$UML_KERNEL"
  echo "$pkg $("$UML_KERNEL" --version), built $(date -u +%FT%TZ)" | $SUDO tee "$UML_KERNEL.source" >/dev/null
  rm -rf "$tmp"
  echo "setup: UML kernel $("$UML_KERNEL" --version) from $pkg installed in $((SECONDS - t0)) s"
}
if [ -x "$UML_KERNEL" ] && probe_uml "$UML_KERNEL"; then
  :   # built before and still runs user space here
elif [ $UML_FROM_SOURCE = 1 ]; then
  build_uml
elif probe_uml /usr/bin/linux; then
  :   # the packaged kernel runs user space on this CPU
else
  echo "setup: Debian's UML kernel $(/usr/bin/linux --version) cannot run user space on this CPU"
  build_uml
fi

command -v java >/dev/null || { echo "setup: a JDK 17 is required (java not found)" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major%%.*}" -ge 17 ] || { echo "setup: JDK 17 or newer required, found $java_major" >&2; exit 1; }
echo "setup: ok"
