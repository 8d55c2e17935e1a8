#!/usr/bin/env bash
# What the topology controller costs over launching the same VMs by hand (issue 15). For each size N:
#   direct:     the same N UML VMs launched straight from this script (bench/lib/uml-direct.sh, with
#               the node's NIC and address), until every console says ready: the floor;
#   rest:       the same N VMs with the platform's REST API and no controller: each POST /api/v1/vms,
#               then POST /api/v1/vms/NAME/start?wait=true, all N at once (bench/uml-boot.sh's way);
#   controller: one topology file of N UML nodes on one network, POST /api/v1/topologies, until the
#               run is COMPLETED (every VM ready); with TWO_HOSTS=1 (root), over two hosts, every other
#               node on host B in a network namespace (bench/lib/two-hosts.sh), the network stretched
#               by the tunnel the controller opens (no rest column then; direct is the same N VMs on
#               this machine, whose cores both hosts share);
# then the same file again (a reconcile with nothing to do: every VM's state asked of the host) and
# the destroy, until its run has ended (followed with ?wait=, one request). The three take turns, RUNS
# times each, after a first deploy that is timed apart.
# cpu: the CPU time this host's runtime (Karaf's JVM) spent during the deploy, on the cores the guests boot on.
# Target: controller / direct <= 1.2 (the ratio column); the unchanged file again < 1 s.
# VERBOSE=1 prints each run's steps (wave, kind, host, ms) on stderr.
# Usage: [TWO_HOSTS=1] [VERBOSE=1] bench/topology-deploy.sh [sizes="10 30 100"] [runs=1]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=${1:-10 30 100}; runs=${2:-1}
work=$(mktemp -d /tmp/mobi-topo-bench.XXXX)
home="$work/karaf"
two=${TWO_HOSTS:-0}
cleanup() {
  if [ "$two" = 1 ]; then
    two_hosts_cleanup
  else
    "$home/bin/stop" >/dev/null 2>&1 || true
    while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  fi
  pkill -f "uml_dir=$work/" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/one-host.sh
. bench/lib/uml-direct.sh
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

if [ "$two" = 1 ]; then # root: host B in a network namespace; the controller on A opens the tunnel
  . bench/lib/two-hosts.sh
  two_hosts_setup "$work/hosts" mobi-bench-t mbt 10.95.0
  for h in a b; do printf 'socketDir = %s/sock-%s\n' "$work" "$h" > "$TWO_WORK/$h/etc/org.mobitopolo.hypervisor.uml.cfg"; done
  two_hosts_start
  api=$A_API home=$TWO_WORK/a
  AUTH=("${auth_a[@]}")
  until curl "${auth_b[@]}" -sf "$B_API/vms" >/dev/null; do sleep 0.2; done
else
  one_host_start "$work" "$home"
fi
until curl "${AUTH[@]}" -sf "$api/topologies" >/dev/null; do sleep 0.2; done
kernel=$(curl "${AUTH[@]}" -sf "$api/host" | jq -r '[.hypervisors[] | select(.type == "uml" and .usable)][0].binary')

via_rest() { # N: prints ms until all N are ready, then deletes them
  local t0 i
  t0=$(now_ms)
  for i in $(seq 1 "$1"); do
    ( curl "${AUTH[@]}" -sSf -X POST -H 'Content-Type: application/json' "$api/vms" -d "{\"name\":\"r$i\",
        \"hypervisor\":\"uml\",\"memoryMb\":64,\"nics\":[{\"network\":\"rest\",
        \"mac\":\"$(printf '02:00:00:01:%02x:%02x' $((i / 256)) $((i % 256)))\"}],
        \"params\":{\"ip\":\"10.7.$((i / 250)).$((i % 250 + 1))/16\"}}" >/dev/null &&
      curl "${AUTH[@]}" -sSf -X POST "$api/vms/r$i/start?wait=true" >/dev/null ) &
  done
  wait
  echo $(( $(now_ms) - t0 ))
  for i in $(seq 1 "$1"); do curl "${AUTH[@]}" -sf -X DELETE "$api/vms/r$i" >/dev/null & done
  wait
}
curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' "$api/networks" -d '{"name": "rest"}' >/dev/null

topology() { # N: a file of N UML nodes on one network; with two hosts, every other one on B
  printf 'name: bench\n'
  [ "$two" = 1 ] && printf 'hosts:\n  a: local\n  b: %s\n' "$B_URL"
  printf 'networks:\n  lan: {subnet: 10.7.0.0/16}\nnodes:\n'
  for i in $(seq 1 "$1"); do
    printf '  n%d: {%snics: [{network: lan, address: 10.7.%d.%d/16}]}\n' "$i" \
      "$([ "$two" = 1 ] && echo "host: $([ $((i % 2)) = 1 ] && echo a || echo b), ")" $((i / 250)) $((i % 250 + 1))
  done
}
# POSTs or DELETEs, then follows the run; prints "ms state summary".
run() { # method [file]
  local t0 answer id state=RUNNING
  t0=$(now_ms)
  if [ "$1" = DELETE ]; then
    answer=$(curl "${AUTH[@]}" -sS -X DELETE "$api/topologies/bench")
  else
    answer=$(curl "${AUTH[@]}" -sS -X POST -H 'Content-Type: application/yaml' --data-binary "@$2" "$api/topologies")
  fi
  echo "$answer" | jq -e .id >/dev/null 2>&1 || { echo "bench: $1 refused: $answer" >&2; exit 1; }
  id=$(echo "$answer" | jq -r .id); state=$(echo "$answer" | jq -r .state)
  while [ "$state" = RUNNING ]; do # answered when the run ends
    answer=$(curl "${AUTH[@]}" -sf "$api/topologies/bench/runs/$id?wait=600")
    state=$(echo "$answer" | jq -r .state)
  done
  [ -n "${VERBOSE:-}" ] && echo "$answer" | jq -r '"\(.action) \(.id): " + ([.steps[] | "w\(.wave) \(.kind) \(.host) \(.millis)"] | join(", "))' >&2
  echo "$(( $(now_ms) - t0 )) $state $(echo "$answer" | jq -r .summary)"
}

echo "topology deploy vs direct launch; $(date -u '+%F %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)," \
  "commit $(git rev-parse --short=7 HEAD)$(git diff --quiet HEAD -- bundles || echo '+changes'), kernel $kernel"
printf '%-6s %-4s %10s %8s %14s %8s %8s %10s %12s\n' "VMs" "run" "direct ms" "rest ms" "controller ms" "cpu ms" "ratio" "again ms" \
  "destroy ms"
# The first deploys in a runtime make the default guest's image and run code the JIT compiles as it
# goes (on 2 cores its compiler threads take a good part of what a deploy costs): they are timed
# apart, on their own line, until a deploy and destroy leave fewer than WARM_COMPILES (100) methods
# newly compiled (jstat), as in a controller that has been up for a while; at most 12.
topology "${sizes%% *}" > "$work/bench.mobi.yml"
jvm=$(pgrep -f "karaf.home=$home" | head -1)
compiled() { jstat -compiler "$jvm" | awk 'NR == 2 { print $1 }'; }
ticks=$(getconf CLK_TCK)
jvm_cpu_ms() { awk -v t="$ticks" '{ print int(($14 + $15) * 1000 / t) }' "/proc/$jvm/stat"; } # user + system
first=""
for w in $(seq 1 12); do
  before=$(compiled)
  read -r ms _ _ < <(run POST "$work/bench.mobi.yml")
  run DELETE >/dev/null
  fresh=$(( $(compiled) - before ))
  first="$first $ms ($fresh compiled)"
  [ "$fresh" -lt "${WARM_COMPILES:-100}" ] && break
done
echo "first deploys in this runtime (${sizes%% *} VMs; the first makes the default guest image):$first ms"
image=$(ls "$home"/data/mobitopolo/uml/images/busybox.ext4)
medians=""
for n in $sizes; do
  topology "$n" > "$work/bench.mobi.yml"
  ratios=""
  for r in $(seq 1 "$runs"); do
    direct=$(UML_DIRECT_NIC=1 uml_direct "$n" "$kernel" "$image" "$work")
    rest=$([ "$two" = 1 ] && echo - || via_rest "$n")
    cpu0=$(jvm_cpu_ms)
    read -r deploy state summary < <(run POST "$work/bench.mobi.yml")
    cpu=$(( $(jvm_cpu_ms) - cpu0 )) # what this host's runtime spent of the cores the guests boot on
    read -r again _ again_summary < <(run POST "$work/bench.mobi.yml")
    read -r destroy _ _ < <(run DELETE)
    [ "$state" = COMPLETED ] || { echo "bench: the deploy of $n VMs ended $state" >&2; exit 1; }
    [ "$again_summary" = "no changes" ] || { echo "bench: the same file again planned: $again_summary" >&2; exit 1; }
    printf '%-6s %-4s %10s %8s %14s %8s %8s %10s %12s\n' "$n" "$r" "$direct" "$rest" "$deploy" "$cpu" \
      "$([ "$direct" = - ] && echo - || python3 -c "print('%.2f' % ($deploy / $direct))")" "$again" "$destroy"
    [ "$direct" = - ] || ratios="$ratios $(python3 -c "print($deploy / $direct)")"
  done
  medians="$medians $n: $(python3 -c "import statistics, sys; r = [float(x) for x in sys.argv[1:]]; print('%.2f' % statistics.median(r) if r else '-')" $ratios)"
done
echo "median controller / direct:$medians"
