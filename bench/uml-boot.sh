#!/usr/bin/env bash
# Create-to-ready time of UML VMs, 1 VM and N started together, and memory per idle VM; side by side:
#   direct:     `linux` processes launched straight from this script (the floor), same image and options;
#   mobitopolo: the same VMs created with POST /api/v1/vms?start=true on the distribution, until GET says RUNNING.
# Both use the UML kernel the plugin chose (GET /api/v1/host); where another kernel is installed and
# runs here too (Debian's /usr/bin/linux beside setup's build), its direct launches make a third column.
# Usage: bench/uml-boot.sh [N=10] [runs=3]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}; runs=${2:-3}
work=$(mktemp -d /tmp/mobi-bench.XXXX)
home="$work/karaf"
cleanup() {
  "$home/bin/stop" >/dev/null 2>&1 || true
  pkill -f "uml_dir=$work/" 2>/dev/null || true
  while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/one-host.sh
. bench/lib/uml-direct.sh

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
mem_available_kib() { awk '/MemAvailable/ {print $2}' /proc/meminfo; }

one_host_start "$work" "$home"
until curl "${AUTH[@]}" -sf "$api/vms" >/dev/null; do sleep 0.2; done
kernel=$(curl "${AUTH[@]}" -sf "$api/host" | json "[h['binary'] for h in d['hypervisors'] if h['type'] == 'uml' and h['usable']][0]")
other=""
for k in /usr/local/lib/mobitopolo/uml/linux /usr/bin/linux; do
  [ -x "$k" ] && [ "$k" != "$kernel" ] && other=$k && break
done

# Mobitopolo: create and start $1 VMs at once (each: POST /vms, then POST /vms/NAME/start?wait=true,
# which answers once the guest is ready); prints ms until the last one is ready.
via_rest() {
  local count=$1 t0 i
  t0=$(now_ms)
  for i in $(seq 1 "$count"); do
    ( curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' "$api/vms" \
        -d "{\"name\":\"b$i\",\"hypervisor\":\"uml\",\"memoryMb\":64}" >/dev/null &&
      curl "${AUTH[@]}" -sf -X POST "$api/vms/b$i/start?wait=true" >/dev/null ) &
  done
  wait
  echo $(( $(now_ms) - t0 ))
}
destroy_all() {
  for name in $(curl "${AUTH[@]}" -sf "$api/vms" | json "' '.join(v['spec']['name'] for v in d)"); do
    curl "${AUTH[@]}" -sf -X DELETE "$api/vms/$name" >/dev/null
  done
}

image=$(ls "$home"/data/mobitopolo/uml/images/busybox.ext4 2>/dev/null || true)
# Direct: kernel $2, the same image and options, launched by this script (bench/lib/uml-direct.sh).
direct() { uml_direct "$1" "$2" "$image" "$work"; sleep 1; }

declare -A best
for size in 1 "$n"; do
  for r in $(seq 1 "$runs"); do
    t=$(via_rest "$size"); destroy_all; sleep 1
    [ -z "$image" ] && image=$(ls "$home"/data/mobitopolo/uml/images/busybox.ext4)
    d=$(direct "$size" "$kernel")
    o=$([ -n "$other" ] && direct "$size" "$other" || echo -)
    echo "run $r, $size VM(s): mobitopolo $t ms, direct $d ms, direct on ${other:-no other kernel} $o ms" >&2
    best[m$size]=$(( ${best[m$size]:-999999} < t ? ${best[m$size]:-999999} : t ))
    best[d$size]=$(( ${best[d$size]:-999999} < d ? ${best[d$size]:-999999} : d ))
    [ "$o" = - ] || best[o$size]=$(( ${best[o$size]:-999999} < o ? ${best[o$size]:-999999} : o ))
  done
done

# Memory per idle VM: MemAvailable before and after $n VMs have booted and idled for 5 s.
before=$(mem_available_kib)
via_rest "$n" >/dev/null; sleep 5
after=$(mem_available_kib)
pss=$(curl "${AUTH[@]}" -sf "$api/vms" | json "sum(v['rssBytes'] for v in d)//len(d)//1024")
destroy_all

echo "UML create-to-ready, best of $runs runs, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "kernel used: $kernel $("$kernel" --version)${other:+; other: $other $("$other" --version)}"
printf '%-22s %12s %12s %8s %16s\n' "" "direct ms" "mobitopolo" "ratio" "other kernel ms"
for size in 1 "$n"; do
  printf '%-22s %12d %12d %8.2f %16s\n' "$size VM(s) together" "${best[d$size]}" "${best[m$size]}" \
    "$(echo "${best[m$size]} / ${best[d$size]}" | bc -l)" "${best[o$size]:--}"
done
echo "memory per idle 64 MiB VM: $(( (before - after) / n / 1024 )) MiB of MemAvailable, PSS $(( pss / 1024 )) MiB"
