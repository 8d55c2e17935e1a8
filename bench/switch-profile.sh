#!/usr/bin/env bash
# Where the switch's time goes under the 64-byte flood of bench/switch-throughput.sh: perf samples
# of the harness's switch run (JIT frames named by the JVM's perf map), the event loop's top frames.
# Usage: bench/switch-profile.sh [seconds, default 10] [frame bytes, default 64] (root; needs perf)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v perf >/dev/null || { echo "switch-profile: needs perf: apt-get install -y linux-perf" >&2; exit 1; }
secs=${1:-10}
bytes=${2:-64}
mvn -q -B -ntp -DskipTests install -pl bundles/api,bundles/transport-udp -am
mvn -q -B -ntp -pl bundles/transport-udp test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=/tmp/mobi-switch-cp.txt
work=$(mktemp -d /tmp/mobi-profile.XXXX)
trap 'rm -rf "$work"' EXIT
cp=bundles/transport-udp/target/test-classes:bundles/transport-udp/target/classes:$(cat /tmp/mobi-switch-cp.txt)
perf record -q -F 1999 -g -o "$work/perf.data" -- java -XX:+PreserveFramePointer -XX:+UnlockDiagnosticVMOptions \
  -XX:+DumpPerfMapAtExit -cp "$cp" org.mobitopolo.transport.udp.internal.SwitchThroughput "$secs" "" 1 "$bytes" \
  2>&1 | grep -v -E '^SLF4J|^\[main\] INFO'
echo "Top frames of the switch's event loop thread (self time), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs):"
perf report -i "$work/perf.data" --no-children --comm mobi-switch-1-1 --sort symbol --stdio 2>/dev/null \
  | grep -E '^ +[0-9]' | head -25
