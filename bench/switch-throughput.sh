#!/usr/bin/env bash
# Frames per second and Mbit/s through the virtual switch for 64- and 1400-byte frames, beside a
# direct socket-to-socket UDP path on loopback (the limit) and the C relay bench/relay.c (the cheapest
# user-space hop), in the same run; each case RUNS times in turn (single runs swing by a third here),
# with the median of each ratio.
# Usage: bench/switch-throughput.sh [seconds per case, default 3] [runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests install -pl bundles/api,bundles/transport-udp -am
relay=$(mktemp /tmp/mobi-relay.XXXX)
trap 'rm -f "$relay"' EXIT
gcc -O2 -o "$relay" bench/relay.c
mvn -q -B -ntp -pl bundles/transport-udp test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.mobitopolo.transport.udp.internal.SwitchThroughput \
  -Dexec.args="${1:-3} $relay ${2:-3}" 2>&1 | grep -v -E '^SLF4J|^\[main\] INFO'
echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
