#!/usr/bin/env bash
# Live migration over an emulated WAN, the seed's cases: a 128 MiB QEMU VM moved between two
# Mobitopolo hosts (this distribution twice: host A here, host B in a network namespace joined by a
# veth pair). The link's rate is limited with tbf on both veth ends; 100 ms each way (200 ms RTT) is
# added by the migration engine's own relay (this kernel has no netem). An idle guest and a
# memory-busy one (rewriting 4 MiB every second), each moved under each policy in one run:
#   ours:  copy rate capped at 90% of the link (so no queue builds up in socket buffers and the
#          last copy is not stuck behind it), downtime budget 300 ms, the guest throttled when it
#          dirties faster than the link (auto-converge), the budget doubled every round after
#          the 30th; the QEMU plugin sends pages sent before as XBZRLE deltas on a capped move
#   raise: the same, but the budget doubled every round after the 10th instead of throttling
#   plain: QEMU's defaults: no cap below its 128 MiB/s, 300 ms, never raised
# Every move is given up after GIVE_UP seconds (default 480; the VM then runs on at A).
# VERBOSE=1 prints the progress of each move every second on stderr.
# Usage: bench/migration.sh [rates in Mbit/s, default "6.2 8"] [guests, default "idle busy"] [policies, default "ours plain"]
#        (root; build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
rates=${1:-"6.2 8"}
loads=${2:-"idle busy"}
modes=${3:-"ours plain"}
give_up=${GIVE_UP:-480}
. bench/lib/two-hosts.sh
trap two_hosts_cleanup EXIT
two_hosts_setup "$(mktemp -d /tmp/mobi-mig.XXXX)" mobi-bench-b mbv 10.97.0
work=$TWO_WORK ns=$TWO_NS a=$A_API b=$B_API
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
echo "emulatedDelayMillis = 100" > "$work/a/etc/org.mobitopolo.migration.precopy.cfg"
# Each host has its own store, so its own session; A moves VMs to B with a peer token B issued for it.
two_hosts_start
for api in $a $b; do
  until curl -H "${BENCH_AUTH[$api]}" -sf "$api/plugins" 2>/dev/null | grep -q '"qemu"' \
    && curl -H "${BENCH_AUTH[$api]}" -sf "$api/plugins" | grep -q '"precopy"'; do sleep 0.5; done
done

shape() { # Mbit/s
  for dev in "mbv-a" "netns:mbv-b"; do
    if [ "${dev%%:*}" = netns ]; then
      ip netns exec "$ns" tc qdisc replace dev "${dev#netns:}" root tbf rate "${1}mbit" burst 32kbit latency 400ms
    else
      tc qdisc replace dev "$dev" root tbf rate "${1}mbit" burst 32kbit latency 400ms
    fi
  done
}

run=0
move() { # rate load mode -> one table row
  local rate=$1 load=$2 mode=$3 vm policy id m
  run=$((run + 1)); vm=mig-$run
  curl "${auth_a[@]}" -sf -X POST -H 'Content-Type: application/json' "$a/vms?start=true" \
    -d "{\"name\": \"$vm\", \"hypervisor\": \"qemu\", \"memoryMb\": 128, \"params\": {\"heartbeat\": \"1\"}}" >/dev/null
  until [ "$(curl "${auth_a[@]}" -sf "$a/vms/$vm" | json "d['state']")" = RUNNING ]; do sleep 0.2; done
  if [ "$load" = busy ]; then
    curl "${auth_a[@]}" -sf -X POST -H 'Content-Type: application/json' "$a/vms/$vm/console" \
      -d '{"line": "while true; do dd if=/dev/urandom of=/tmp/busy bs=1M count=4 2>/dev/null; sleep 1; done &"}'
  fi
  sleep 3
  cap=$(echo "$rate" | awk '{printf "%d", $1 * 1e6 / 8 * 0.9}')
  if [ "$mode" = ours ]; then
    policy="{\"bandwidthBytesPerSecond\": $cap,
      \"downtimeBudgetMillis\": 300, \"maxRounds\": 30, \"maxTimeMillis\": $((give_up * 1000)), \"onNoConvergence\": \"THROTTLE_GUEST\"}"
  elif [ "$mode" = raise ]; then
    policy="{\"bandwidthBytesPerSecond\": $cap,
      \"downtimeBudgetMillis\": 300, \"maxRounds\": 10, \"maxTimeMillis\": $((give_up * 1000)), \"onNoConvergence\": \"RAISE_DOWNTIME\"}"
  else
    policy='{"downtimeBudgetMillis": 300, "maxRounds": 1000000, "maxTimeMillis": '$((give_up * 1000))', "onNoConvergence": "ABORT"}'
  fi
  id=$(curl "${auth_a[@]}" -sf -X POST -H 'Content-Type: application/json' "$a/migrations" \
    -d "{\"vm\": \"$vm\", \"target\": \"http://10.97.0.2:8181\", \"policy\": $policy}" | json "d['request']['id']")
  while true; do
    m=$(curl "${auth_a[@]}" -sf "$a/migrations/$id")
    [ "$(echo "$m" | json "d['report'] is not None or d['error'] != ''")" = True ] && break
    [ -n "${VERBOSE:-}" ] && echo "$m" | json "'%s %s round %d, %.1f MB sent, dirtying %.0f kB/s, %d ms down now' % (
      '$(date +%T)', d['progress']['phase'], d['progress']['round'], d['progress']['bytesSent'] / 1e6,
      d['progress']['dirtyBytesPerSecond'] / 1e3, d['progress']['expectedDowntimeMillis'])" >&2
    sleep 1
  done
  echo "$m" | json "'| %s Mbit/s | %s | %s | ' % ('$rate', '$load', '$mode') + (
    '%.1f s | %d ms | %d | %.1f MB | %.2f |' % (d['report']['totalMillis'] / 1e3, d['report']['downtimeMillis'],
      d['report']['rounds'], d['report']['bytes'] / 1e6,
      d['report']['totalMillis'] / 1e3 / (d['report']['bytes'] * 8 / ($rate * 1e6)))
    if d['report'] else 'did not move: %s | | | %.1f MB | |' % (d['error'][:70], d['progress']['bytesSent'] / 1e6))"
  curl "${auth_a[@]}" -sf -X DELETE "$a/vms/$vm" >/dev/null 2>&1 || true
  curl "${auth_b[@]}" -sf -X DELETE "$b/vms/$vm" >/dev/null 2>&1 || true
}

echo "QEMU VM (128 MiB, TCG) moved between two hosts over tbf-limited veth + 100 ms each way; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "| link | guest | policy | total | downtime | rounds | bytes | total / (bytes / rate) |"
echo "|---|---|---|---|---|---|---|---|"
for rate in $rates; do
  shape "$rate"
  for load in $loads; do
    for mode in $modes; do
      move "$rate" "$load" "$mode"
    done
  done
done
