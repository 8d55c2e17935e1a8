#!/usr/bin/env bash
# Distributed snapshots (issue 17): a 3-node topology (a QEMU node and two UML nodes on one network)
# deployed by the controller, then RUNS times, side by side:
#   deploy:   the topology from its file, until every node is ready (guests boot): the reference;
#   snapshot: mobi:topo-snapshot's run (every node frozen, each copied, all resumed), and how long the
#             nodes were frozen (the three waves' longest steps: the slowest node's freeze to its resume);
#   restore:  destroyed, then deployed from the snapshot, until every node runs (QEMU resumes from its
#             memory, UML boots from its snapshot disk). With TWO_HOSTS=1 (root) the nodes run on two
#             hosts (B in a network namespace) and the restore swaps them, so each host first fetches
#             the snapshots it lacks from the other: the restore column includes those transfers.
# Usage: [TWO_HOSTS=1] bench/topology-snapshot.sh [runs=3]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
work=$(mktemp -d /tmp/mobi-snap-bench.XXXX)
two=${TWO_HOSTS:-0}
cleanup() {
  if [ "$two" = 1 ]; then
    two_hosts_cleanup
  else
    "$work/karaf/bin/stop" >/dev/null 2>&1 || true
    while pgrep -f "karaf.home=$work/karaf" >/dev/null; do sleep 0.2; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/one-host.sh
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

if [ "$two" = 1 ]; then
  . bench/lib/two-hosts.sh
  two_hosts_setup "$work/hosts" mobi-bench-s mbs 10.94.0
  two_hosts_start
  api=$A_API AUTH=("${auth_a[@]}")
  hosts="hosts: {a: local, b: '$B_URL'}"
  swapped="hosts: {a: '$B_URL', b: local}"
  far=b
else
  one_host_start "$work" "$work/karaf"
  hosts="hosts: {a: local}"
  swapped=$hosts
  far=a
fi
until curl "${AUTH[@]}" -sf "$api/topologies" >/dev/null; do sleep 0.2; done
cat > "$work/snap.mobi.yml" <<YAML
name: snap
$hosts
networks:
  lan: {subnet: 10.8.0.0/24}
nodes:
  q: {host: a, hypervisor: qemu, memoryMb: 128, params: {heartbeat: '1'}, nics: [{network: lan, address: 10.8.0.1/24}]}
  u1: {host: a, nics: [{network: lan, address: 10.8.0.2/24}]}
  u2: {host: $far, nics: [{network: lan, address: 10.8.0.3/24}]}
YAML

follow() { # answer: prints the run as it ended
  local answer=$1 id
  echo "$answer" | jq -e .id >/dev/null 2>&1 || { echo "bench: refused: $answer" >&2; exit 1; }
  id=$(echo "$answer" | jq -r .id)
  while [ "$(echo "$answer" | jq -r .state)" = RUNNING ]; do
    answer=$(curl "${AUTH[@]}" -sf "$api/topologies/$(echo "$answer" | jq -r .topology)/runs/$id?wait=600")
  done
  [ "$(echo "$answer" | jq -r .state)" = COMPLETED ] || { echo "bench: run $id ended: $(echo "$answer" | jq -r .error)" >&2; exit 1; }
  echo "$answer"
}
post() { curl "${AUTH[@]}" -sS -X POST -H "Content-Type: $1" --data-binary "$2" "$api/$3"; }
timed() { # prints "ms run-json"
  local t0 run
  t0=$(now_ms); run=$(follow "$("$@")"); echo "$(( $(now_ms) - t0 )) $(echo "$run" | jq -c .)"
}

echo "distributed snapshot and restore, 3 nodes (1 QEMU 128 MiB TCG, 2 UML); $(date -u '+%F %H:%M') UTC, $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short=7 HEAD)$(git diff --quiet HEAD -- bundles || echo '+changes')," \
  "$([ "$two" = 1 ] && echo 'two hosts, restored swapped' || echo 'one host')"
printf '%-4s %10s %12s %10s %12s %10s %14s\n' run "deploy ms" "snapshot ms" "frozen ms" "restore ms" "fetched" "restore/deploy"
for r in $(seq 1 "$runs"); do
  read -r deploy _ < <(timed post application/yaml "@$work/snap.mobi.yml" topologies)
  read -r snap run < <(timed post application/json "{\"topology\": \"snap\", \"name\": \"cut$r\"}" topology-snapshots)
  frozen=$(echo "$run" | jq '[.steps | group_by(.wave)[] | map(.millis) | max] | add')
  follow "$(curl "${AUTH[@]}" -sS -X DELETE "$api/topologies/snap")" >/dev/null
  read -r restore run < <(timed post application/yaml "$(printf 'name: snap\nfrom-snapshot: cut%s\n%s\n' "$r" "$swapped")" topologies)
  fetched=$(echo "$run" | jq '[.steps[] | select(.kind == "FETCH_SNAPSHOT")] | length')
  printf '%-4s %10s %12s %10s %12s %10s %14s\n' "$r" "$deploy" "$snap" "$frozen" "$restore" "$fetched" \
    "$(python3 -c "print('%.2f' % ($restore / $deploy))")"
  follow "$(curl "${AUTH[@]}" -sS -X DELETE "$api/topologies/snap")" >/dev/null
  curl "${AUTH[@]}" -sf -X DELETE "$api/topology-snapshots/cut$r" >/dev/null
done
