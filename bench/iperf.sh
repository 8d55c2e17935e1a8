#!/usr/bin/env bash
# TCP throughput on loopback: the real iperf3 client against our iperf3 server and against the real
# iperf3 server, one and four streams, taking turns in one run; ratio = ours / iperf3 (target >= 0.90).
# Usage: bench/iperf.sh [seconds per test, default 5] [rounds, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -ntp -DskipTests install -pl bundles/api,bundles/bench-iperf -am
mvn -q -B -ntp -pl bundles/bench-iperf test-compile org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
  -Dexec.classpathScope=test -Dexec.mainClass=org.mobitopolo.bench.iperf.internal.IperfThroughput \
  -Dexec.args="${1:-5} ${2:-3}" 2>&1 | grep -v -E '^SLF4J|^\[main\] INFO'
echo "($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(iperf3 --version | head -1))"
