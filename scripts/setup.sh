#!/usr/bin/env bash
# Installs the Debian packages Mobitopolo uses; idempotent, so both README commands call it.
set -euo pipefail

PACKAGES=(user-mode-linux busybox-static uml-utilities qemu-system-x86 qemu-utils
          iperf3 tinyproxy iproute2 curl e2fsprogs maven)

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
  # Packages like tinyproxy and iperf3 ship daemons; we run our own instances, never the system ones.
  $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

command -v java >/dev/null || { echo "setup: a JDK 17 is required (java not found)" >&2; exit 1; }
java_major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
[ "${java_major%%.*}" -ge 17 ] || { echo "setup: JDK 17 or newer required, found $java_major" >&2; exit 1; }
echo "setup: ok"
