#!/usr/bin/env bash
# The experiment table of the Mobitopolo paper, one row per path: host throughput and latency beside
# VM throughput and latency on the same path (H-Th, VM-Th, H-La, VM-La), in one run on one distribution.
# Path here: one host. H-*: Mobitopolo's iperf3 client and latency probe against its iperf3 server on
# loopback (REST /bench/runs, /bench/latency). VM-*: two UML VMs on a virtual switch network, iperf3
# (the host's, shipped in the guest) and busybox ping between them.
# Usage: bench/paths.sh [seconds per throughput test=5]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
work=$(mktemp -d /tmp/mobi-paths.XXXX)
home="$work/karaf"
cleanup() {
  "$home/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap cleanup EXIT
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

mkdir -p "$home" && tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C "$home" --strip-components=1
port=$(free_port)
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
# VXLAN on any free port: another Mobitopolo on this machine may hold 4789.
echo "vxlanPort = 0" > "$home/etc/org.mobitopolo.transport.udp.cfg"
api="http://127.0.0.1:$port/api/v1"
post() { curl -sf -X POST -H 'Content-Type: application/json' "$api/$1" -d "$2"; }
"$home/bin/start"
until curl -sf "$api/vms" >/dev/null; do sleep 0.2; done
until curl -sf "$api/plugins" | grep -q '"uml"' && curl -sf "$api/plugins" | grep -q '"iperf3"' \
  && curl -sf "$api/networks" >/dev/null; do sleep 0.2; done

# Host path: our server on loopback, our client against it.
iperf_port=$(free_port)
curl -sf -X PUT -H 'Content-Type: application/json' "$api/bench/server" -d "{\"address\": \"127.0.0.1\", \"port\": $iperf_port}" >/dev/null
run=$(post bench/runs "{\"host\": \"127.0.0.1\", \"port\": $iperf_port, \"seconds\": $secs}" | json "d['id']")
until [ "$(curl -sf "$api/bench/runs/$run" | json "d['state']")" != running ]; do sleep 0.5; done
h_th=$(curl -sf "$api/bench/runs/$run" | json "'%.0f' % (d['result']['bitsPerSecond'] / 1e6)")
tcp_la=$(post bench/latency "{\"host\": \"127.0.0.1\", \"port\": $iperf_port, \"count\": 20, \"intervalMillis\": 50}" \
  | json "'%.3f' % d['meanMillis']")
# The same tool as in the guests for the table: busybox ping's average.
h_la=$(busybox ping -q -c 20 127.0.0.1 | tail -1 | sed -E 's|.*= [0-9.]+/([0-9.]+)/.*|\1|')

# VM path: two UML VMs on one network of the virtual switch.
post networks '{"name": "paths"}' >/dev/null
vm() { # name ip mac
  post vms "{\"name\": \"$1\", \"hypervisor\": \"uml\", \"memoryMb\": 128, \"params\": {\"ip\": \"$2\"},
    \"nics\": [{\"network\": \"paths\", \"mac\": \"$3\"}]}" >/dev/null
  curl -sf -X POST "$api/vms/$1/start?wait=true" >/dev/null
}
type_line() { post "vms/$1/console" "{\"line\": \"$2\"}" >/dev/null; }
await_line() { # vm prefix -> prints the line
  for _ in $(seq 1 $(( (secs + 30) * 10 ))); do
    line=$(curl -sf "$api/vms/$1/console?lines=40" | json "next((l for l in reversed(d) if l.startswith('$2')), '')")
    [ -n "$line" ] && { echo "$line"; return; }
    sleep 0.1
  done
  echo "timeout waiting for $2 on $1" >&2; exit 1
}
vm paths-a 10.9.0.1/24 02:00:00:09:00:01
vm paths-b 10.9.0.2/24 02:00:00:09:00:02
type_line paths-b "/usr/bin/iperf3 -s -D"
type_line paths-a "ping -c 3 10.9.0.2 >/dev/null; /usr/bin/iperf3 -c 10.9.0.2 -t $secs -f m | grep receiver | sed s/^/vmth-/"
vm_th=$(await_line paths-a vmth- | sed -E 's/.* ([0-9.]+) Mbits\/sec.*/\1/')
type_line paths-a "ping -c 20 10.9.0.2 | tail -1 | sed s/^/vmla-/"
vm_la=$(await_line paths-a vmla- | sed -E 's|.*= [0-9.]+/([0-9.]+)/.*|\1|')

echo "One host, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); throughput ${secs} s TCP, one stream"
printf '%-44s %10s %10s %10s %10s\n' path H-Th VM-Th H-La VM-La
printf '%-44s %10s %10s %10s %10s\n' "" "Mbit/s" "Mbit/s" "ms" "ms"
printf '%-44s %10s %10s %10s %10s\n' "one host: loopback / UML VMs on the switch" "$h_th" "$vm_th" "$h_la" "$vm_la"
echo "H-La and VM-La: ping's average of 20; Mobitopolo's TCP-connect probe on the host path: $tcp_la ms (mean of 20)."
