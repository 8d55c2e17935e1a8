#!/usr/bin/env bash
# The experiment table of the Mobitopolo paper, one row per path: host throughput and latency beside
# VM throughput and latency on the same path (H-Th, VM-Th, H-La, VM-La), in one run on one distribution.
#   one host:  H-*: Mobitopolo's iperf3 client against its iperf3 server on loopback (REST /bench/runs);
#              VM-*: two UML VMs on a network of the switch, iperf3 (the host's, shipped in the guest)
#              and busybox ping between them, typed on their consoles.
#   two hosts: this distribution twice, host B in the network namespace mpaths-b joined by a veth pair.
#              H-*: host A's iperf3 client against host B's iperf3 server over the veth; VM-*: a UML VM
#              on each host, on one network joined by a VXLAN tunnel between the two switches.
#   host-VM:   the kernel's IP stack (namespace mpaths-h, veth to host A) joins the VMs' network with a
#              Linux vxlan device peered with a tunnel on host A's switch; the real iperf3 and ping there
#              against a guest on host A. Only the VM-* columns: one end is the host, the other a VM.
# Latency is busybox ping's average of 20 everywhere. Throughput: TCP, one stream.
# Usage: bench/paths.sh [seconds per throughput test=5]   (root, ethtool; build first: mvn -DskipTests install)
#   SPIN_US=N sets the switches' spinMicros.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-5}
work=$(mktemp -d /tmp/mpaths.XXXX)
ns_b=mpaths-b ns_h=mpaths-h
# Addresses of no one else's: the veths are 10.98.0.0/24 (A-B) and 10.98.1.0/30 (A-kernel peer).
host_a=10.98.0.1 host_b=10.98.0.2 peer_a=10.98.1.1 peer_h=10.98.1.2
apis=()
cleanup() {
  set +e
  for api in "${apis[@]}"; do # the VMs first, so that no guest outlives its Karaf
    for vm in $(curl ${BENCH_AUTH[$api]:+-H "${BENCH_AUTH[$api]}"} -sf -m 5 "$api/vms" | python3 -c 'import json,sys; print(" ".join(v["name"] for v in json.load(sys.stdin)))' 2>/dev/null); do
      curl ${BENCH_AUTH[$api]:+-H "${BENCH_AUTH[$api]}"} -sf -m 20 -X DELETE "$api/vms/$vm" >/dev/null 2>&1
    done
  done
  "$work/a/bin/stop" >/dev/null 2>&1
  ip netns exec "$ns_b" "$work/b/bin/stop" >/dev/null 2>&1
  for _ in $(seq 1 100); do pgrep -f "karaf.home=$work/" >/dev/null || break; sleep 0.2; done
  for pid in $(pgrep -f "$work/"); do kill -9 "$pid" 2>/dev/null; done # whatever is left of ours: by PID
  ip link del mpaths-ab 2>/dev/null # takes its peer in the namespace with it
  ip link del mpaths-ha 2>/dev/null
  ip netns del "$ns_b" 2>/dev/null
  ip netns del "$ns_h" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/login.sh
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
free_port() { # [namespace]
  ${1:+ip netns exec "$1"} python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0",0)); print(s.getsockname()[1])'
}
ping_avg() { sed -E 's|.*= [0-9.]+/([0-9.]+)/.*|\1|'; }
mbits() { python3 -c "print('%.0f' % (float('$1')))"; }

# The namespaces: host B, and the kernel peer of the host-to-VM path. MTU 1600 on the veths so a
# 1500-byte guest frame fits once tunnelled (the switch drops what would not, never fragments).
ip netns add "$ns_b"
ip netns add "$ns_h"
ip link add mpaths-ab mtu 1600 type veth peer name mpaths-ba mtu 1600
ip link add mpaths-ha mtu 1600 type veth peer name mpaths-hb mtu 1600
ip link set mpaths-ba netns "$ns_b"
ip link set mpaths-hb netns "$ns_h"
ip addr add "$host_a/24" dev mpaths-ab && ip link set mpaths-ab up
ip addr add "$peer_a/30" dev mpaths-ha && ip link set mpaths-ha up
ip netns exec "$ns_b" ip addr add "$host_b/24" dev mpaths-ba
ip netns exec "$ns_h" ip addr add "$peer_h/30" dev mpaths-hb
for ns in "$ns_b" "$ns_h"; do
  ip netns exec "$ns" ip link set "$([ "$ns" = "$ns_b" ] && echo mpaths-ba || echo mpaths-hb)" up
  ip netns exec "$ns" ip link set lo up
done

karaf() { # home namespace -> HTTP port; every listening port free (another Mobitopolo may run here),
  # VXLAN on any free port: never 4789
  local home=$1 ns=$2 port
  mkdir -p "$home" && tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C "$home" --strip-components=1
  port=$(free_port "$ns")
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  # host A reaches host B on its address on the link (the distribution listens on loopback only by default)
  sed -i "s/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = 0.0.0.0/" \
    "$home/etc/org.ops4j.pax.web.cfg"
  sed -i "s/^sshPort *=.*/sshPort = $(free_port "$ns")/" "$home/etc/org.apache.karaf.shell.cfg"
  sed -i -e "s/^rmiRegistryPort *=.*/rmiRegistryPort = $(free_port "$ns")/" \
    -e "s/^rmiServerPort *=.*/rmiServerPort = $(free_port "$ns")/" "$home/etc/org.apache.karaf.management.cfg"
  # The tunnels' MTU is the veths': a guest's 1514-byte frame plus 36 bytes of VXLAN in IPv4 fits.
  printf 'vxlanPort = 0\ntunnelMtu = 1600\n' > "$home/etc/org.mobitopolo.transport.udp.cfg"
  [ -n "${SPIN_US:-}" ] && echo "spinMicros = $SPIN_US" >> "$home/etc/org.mobitopolo.transport.udp.cfg"
  ${ns:+ip netns exec "$ns"} "$home/bin/start" >"$home/start.out" 2>&1
  echo "$port"
}
a="http://127.0.0.1:$(karaf "$work/a" "")/api/v1"
b="http://$host_b:$(karaf "$work/b" "$ns_b")/api/v1"
apis=("$a" "$b")
# Each host has its own store, so its own session: the calls to an API carry ${BENCH_AUTH[$api]}.
bench_login "$a" auth_a "$work/a"
bench_login "$b" auth_b "$work/b"
for api in "$a" "$b"; do
  until curl -H "${BENCH_AUTH[$api]}" -sf "$api/plugins" 2>/dev/null | grep -q '"uml"' \
    && curl -H "${BENCH_AUTH[$api]}" -sf "$api/plugins" | grep -q '"iperf3"' \
    && curl -H "${BENCH_AUTH[$api]}" -sf "$api/networks" >/dev/null \
    && curl -H "${BENCH_AUTH[$api]}" -sf "$api/tunnels/local" >/dev/null; do sleep 0.5; done
done
post() { curl -H "${BENCH_AUTH[$1]}" -sf -X POST -H 'Content-Type: application/json' "$1/$2" -d "$3"; }

# The host paths: Mobitopolo's iperf3 server and client over REST, and its TCP-connect probe beside
# ping (noted under the table; it times a whole connect from Java, so the table compares by ping).
host_path() { # client-api server-api server-address -> "Mbit/s probe-ms"
  local port run th
  port=$(free_port "$([ "$2" = "$b" ] && echo "$ns_b")")
  curl -H "${BENCH_AUTH[$2]}" -sf -X PUT -H 'Content-Type: application/json' "$2/bench/server" -d "{\"address\": \"$3\", \"port\": $port}" >/dev/null
  run=$(post "$1" bench/runs "{\"host\": \"$3\", \"port\": $port, \"seconds\": $secs}" | json "d['id']")
  until [ "$(curl -H "${BENCH_AUTH[$1]}" -sf "$1/bench/runs/$run" | json "d['state']")" != running ]; do sleep 0.5; done
  th=$(curl -H "${BENCH_AUTH[$1]}" -sf "$1/bench/runs/$run" | json "'%.0f' % (d['result']['bitsPerSecond'] / 1e6)")
  echo "$th $(post "$1" bench/latency "{\"host\": \"$3\", \"port\": $port, \"count\": 20, \"intervalMillis\": 50}" \
    | json "'%.3f' % d['meanMillis']")"
  curl -H "${BENCH_AUTH[$2]}" -sf -X DELETE "$2/bench/server" >/dev/null || true
}
h1=$(host_path "$a" "$a" 127.0.0.1) h1_th=${h1% *} h1_probe=${h1#* }
h1_la=$(busybox ping -q -c 20 127.0.0.1 | tail -1 | ping_avg)
h2=$(host_path "$a" "$b" "$host_b") h2_th=${h2% *} h2_probe=${h2#* }
h2_la=$(busybox ping -q -c 20 "$host_b" | tail -1 | ping_avg)

# The VMs: paths-a and paths-b on host A, paths-c on host B, all on network "paths".
for api in "$a" "$b"; do post "$api" networks '{"name": "paths"}' >/dev/null; done
vm() { # api name ip mac
  post "$1" vms "{\"name\": \"$2\", \"hypervisor\": \"uml\", \"memoryMb\": 128, \"params\": {\"ip\": \"$3\"},
    \"nics\": [{\"network\": \"paths\", \"mac\": \"$4\"}]}" >/dev/null
  curl -H "${BENCH_AUTH[$1]}" -sf -X POST "$1/vms/$2/start?wait=true" >/dev/null
}
type_line() { post "$1" "vms/$2/console" "{\"line\": \"$3\"}" >/dev/null; }
await_line() { # api vm prefix -> prints the line
  for _ in $(seq 1 $(( (secs + 40) * 10 ))); do
    line=$(curl -H "${BENCH_AUTH[$1]}" -sf "$1/vms/$2/console?lines=40" | json "next((l for l in reversed(d) if l.startswith('$3')), '')")
    [ -n "$line" ] && { echo "$line"; return; }
    sleep 0.1
  done
  echo "timeout waiting for $3 on $2" >&2; exit 1
}
guest_th() { # api vm target-ip tag -> Mbit/s, iperf3 in the guest against a guest's server
  type_line "$1" "$2" "ping -c 3 $3 >/dev/null; /usr/bin/iperf3 -c $3 -t $secs -f m | grep receiver | sed s/^/$4-/"
  await_line "$1" "$2" "$4-" | sed -E 's/.* ([0-9.]+) Mbits\/sec.*/\1/'
}
guest_la() { # api vm target-ip tag -> ms
  type_line "$1" "$2" "ping -c 20 $3 | tail -1 | sed s/^/$4-/"
  await_line "$1" "$2" "$4-" | ping_avg
}
vm "$a" paths-a 10.9.0.1/24 02:00:00:09:00:01
vm "$a" paths-b 10.9.0.2/24 02:00:00:09:00:02
type_line "$a" paths-a "/usr/bin/iperf3 -s -D"
type_line "$a" paths-b "/usr/bin/iperf3 -s -D"
vm1_th=$(guest_th "$a" paths-a 10.9.0.2 th1)
vm1_la=$(guest_la "$a" paths-a 10.9.0.2 la1)

# Two hosts: a tunnel each way between the switches, to where each receives VXLAN.
vx_a=$(curl "${auth_a[@]}" -sf "$a/tunnels/local" | json "d['port']")
vx_b=$(curl "${auth_b[@]}" -sf "$b/tunnels/local" | json "d['port']")
post "$a" tunnels "{\"host\": \"$host_b\", \"port\": $vx_b}" >/dev/null
post "$b" tunnels "{\"host\": \"$host_a\", \"port\": $vx_a}" >/dev/null
vm "$b" paths-c 10.9.0.3/24 02:00:00:09:00:03
type_line "$b" paths-c "/usr/bin/iperf3 -s -D"
vm2_th=$(guest_th "$a" paths-a 10.9.0.3 th2)
vm2_la=$(guest_la "$a" paths-a 10.9.0.3 la2)

# Host to VM: the kernel's vxlan device on the network's VNI, at host A's switch's VXLAN port (it
# listens on the same port in its namespace, where host A's tunnel to it points).
vni=$(curl "${auth_a[@]}" -sf "$a/networks" | json "next(n['vni'] for n in d if n['name'] == 'paths')")
ip netns exec "$ns_h" ip link add mpaths-vx mtu 1500 type vxlan id "$vni" local "$peer_h" remote "$peer_a" \
  dstport "$vx_a" dev mpaths-hb
# Checksums in software: over a veth nothing fills in what the kernel left to the NIC, and the switch
# would carry TCP segments with half-made checksums that the guest drops.
ip netns exec "$ns_h" ethtool -K mpaths-vx tx off >/dev/null
ip netns exec "$ns_h" ip addr add 10.9.0.9/24 dev mpaths-vx
ip netns exec "$ns_h" ip link set mpaths-vx up
post "$a" tunnels "{\"host\": \"$peer_h\", \"port\": $vx_a}" >/dev/null
ip netns exec "$ns_h" busybox ping -q -c 3 -W 5 10.9.0.1 >/dev/null
kernel_iperf() { # extra iperf3 flags -> Mbit/s received
  ip netns exec "$ns_h" iperf3 -c 10.9.0.1 -t "$secs" -J "$@" | json "'%.0f' % (d['end']['sum_received']['bits_per_second'] / 1e6)"
}
hv_th=$(kernel_iperf)
vh_th=$(kernel_iperf -R)
hv_la=$(ip netns exec "$ns_h" busybox ping -q -c 20 10.9.0.1 | tail -1 | ping_avg)

r() { python3 -c "print('%.3f' % ($1 / $2))"; }
echo "$(date -u '+%F %H:%M') UTC, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r);" \
  "throughput ${secs} s TCP, one stream; latency busybox ping's average of 20"
printf '%-52s %9s %9s %9s %9s %9s %9s\n' path H-Th VM-Th H-La VM-La VM/H-Th VM/H-La
printf '%-52s %9s %9s %9s %9s\n' "" "Mbit/s" "Mbit/s" "ms" "ms"
printf '%-52s %9s %9s %9s %9s %9s %9s\n' "one host: loopback / 2 UML VMs on the switch" \
  "$h1_th" "$(mbits "$vm1_th")" "$h1_la" "$vm1_la" "$(r "$vm1_th" "$h1_th")" "$(r "$vm1_la" "$h1_la")"
printf '%-52s %9s %9s %9s %9s %9s %9s\n' "two hosts: veth / UML VM on each, VXLAN tunnel" \
  "$h2_th" "$(mbits "$vm2_th")" "$h2_la" "$vm2_la" "$(r "$vm2_th" "$h2_th")" "$(r "$vm2_la" "$h2_la")"
printf '%-52s %9s %9s %9s %9s\n' "host-VM: kernel vxlan peer -> UML VM on the switch" "-" "$hv_th" "-" "$hv_la"
echo "Mobitopolo's TCP-connect probe (mean of 20): one host $h1_probe ms, two hosts $h2_probe ms."
echo "host-VM: VM-Th is the host's iperf3 sending to the guest's server; the guest sending (-R): $vh_th Mbit/s."
