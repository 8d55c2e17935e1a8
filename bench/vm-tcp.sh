#!/usr/bin/env bash
# TCP between two UML VMs: through the virtual switch, beside two UML VMs peered directly (each NIC
# sending straight to the other's UDP port), in one run on one distribution. The measure is the real
# iperf3 inside the guests (TCP, one stream, the receiver's figure), the pairs taking turns. A third
# pair talks through bench/relay.c, the cheapest user-space hop, as a yardstick for the switch.
# Usage: bench/vm-tcp.sh [seconds=10] [runs=3]   (build first: mvn -DskipTests install)
#   SPIN_US=N sets the spinMicros of the switch and the relay (how long they poll after traffic
#   before they sleep; default 1000, the switch's own default).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}; runs=${2:-3}
work=$(mktemp -d /tmp/mobi-tcp.XXXX)
home="$work/karaf"
cleanup() {
  pkill -f "$work/relay" || true
  "$home/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/login.sh
json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

mkdir -p "$home" && tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C "$home" --strip-components=1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
[ -n "${SPIN_US:-}" ] && echo "spinMicros = $SPIN_US" >> "$home/etc/org.mobitopolo.transport.udp.cfg"
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
api="http://127.0.0.1:$port/api/v1"
"$home/bin/start"
bench_login "$api" AUTH "$home"
until curl "${AUTH[@]}" -sf "$api/vms" >/dev/null; do sleep 0.2; done
# The REST endpoint answers before every plugin is up: wait for the UML hypervisor and the switch.
until curl "${AUTH[@]}" -sf "$api/plugins" | grep -q '"uml"' && curl "${AUTH[@]}" -sf "$api/networks" >/dev/null; do sleep 0.2; done
curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' "$api/networks" -d '{"name": "bench"}' >/dev/null

udp() { python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
vm() { # name ip nic-json extra-params
  curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' "$api/vms" -d "{\"name\": \"$1\", \"hypervisor\": \"uml\",
    \"memoryMb\": 128, \"params\": {\"ip\": \"$2\" $4}, \"nics\": [$3]}" >/dev/null
  curl "${AUTH[@]}" -sf -X POST "$api/vms/$1/start?wait=true" >/dev/null
}
type_line() { curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' "$api/vms/$1/console" -d "{\"line\": \"$2\"}"; }
await_line() { # vm prefix -> prints the line
  for _ in $(seq 1 600); do
    line=$(curl "${AUTH[@]}" -sf "$api/vms/$1/console?lines=40" | json "next((l for l in reversed(d) if l.startswith('$2')), '')")
    [ -n "$line" ] && { echo "$line"; return; }
    sleep 0.1
  done
  echo "timeout waiting for $2 on $1" >&2; exit 1
}
gcc -O2 -o "$work/relay" bench/relay.c
p1=$(udp); p2=$(udp); p3=$(udp); p4=$(udp); r1=$(udp); r2=$(udp)
"$work/relay" "$r1" "$p4" "$r2" "$p3" "${SPIN_US:-1000}" &
vm relay-a 10.6.0.1/24 "{\"network\": \"\", \"mac\": \"02:00:00:06:00:01\", \"local\": {\"host\": \"127.0.0.1\", \"port\": $p3}, \"remote\": {\"host\": \"127.0.0.1\", \"port\": $r1}}" ""
vm relay-b 10.6.0.2/24 "{\"network\": \"\", \"mac\": \"02:00:00:06:00:02\", \"local\": {\"host\": \"127.0.0.1\", \"port\": $p4}, \"remote\": {\"host\": \"127.0.0.1\", \"port\": $r2}}" ""
vm direct-a 10.7.0.1/24 "{\"network\": \"\", \"mac\": \"02:00:00:07:00:01\", \"local\": {\"host\": \"127.0.0.1\", \"port\": $p1}, \"remote\": {\"host\": \"127.0.0.1\", \"port\": $p2}}" ""
vm direct-b 10.7.0.2/24 "{\"network\": \"\", \"mac\": \"02:00:00:07:00:02\", \"local\": {\"host\": \"127.0.0.1\", \"port\": $p2}, \"remote\": {\"host\": \"127.0.0.1\", \"port\": $p1}}" ""
vm switch-a 10.8.0.1/24 '{"network": "bench", "mac": "02:00:00:08:00:01"}' ""
vm switch-b 10.8.0.2/24 '{"network": "bench", "mac": "02:00:00:08:00:02"}' ""
for b in direct-b relay-b switch-b; do
  type_line "$b" "/usr/bin/iperf3 -s -D; echo up-\$((1 + 1))"
  await_line "$b" up-2 >/dev/null
done

# CPU seconds (user + system) used so far by the processes whose command line matches a pattern.
cpu() {
  local ticks=0
  for pid in $(pgrep -f "$1"); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$ticks $(getconf CLK_TCK)" | awk '{printf "%.2f", $1 / $2}'
}
measure() { # client server-ip tag -> Mbit/s; CPU seconds of the client VM, the server VM, the switch (JVM) and the relay to stderr
  local c0 s0 j0 r0
  c0=$(cpu "umid=$1-"); s0=$(cpu "umid=${1%-a}-b-"); j0=$(cpu "karaf.home=$home"); r0=$(cpu "$work/relay")
  type_line "$1" "/usr/bin/iperf3 -c $2 -t $secs -f m | grep receiver | sed s/^/$3-/"
  sleep "$secs"; line=$(await_line "$1" "$3-")
  echo "  $3 CPU s: client VM $(echo "$(cpu "umid=$1-") $c0" | awk '{print $1 - $2}'), server VM $(echo "$(cpu "umid=${1%-a}-b-") $s0" | awk '{print $1 - $2}'), Karaf/switch $(echo "$(cpu "karaf.home=$home") $j0" | awk '{print $1 - $2}'), relay $(echo "$(cpu "$work/relay") $r0" | awk '{print $1 - $2}')" >&2
  # e.g. "d1-[  5]   0.00-10.00  sec  3.52 GBytes  3021 Mbits/sec                  receiver"
  echo "$line" | sed -E 's/.* ([0-9.]+) Mbits\/sec.*/\1/'
}
best_d=0; best_r=0; best_s=0
max() { echo "$1 $2" | awk '{print ($1 > $2) ? $1 : $2}'; }
for r in $(seq 1 "$runs"); do
  d=$(measure direct-a 10.7.0.2 d$r); y=$(measure relay-a 10.6.0.2 r$r); s=$(measure switch-a 10.8.0.2 s$r)
  echo "run $r: direct $d Mbit/s, C relay $y Mbit/s, switch $s Mbit/s" >&2
  best_d=$(max "$d" "$best_d"); best_r=$(max "$y" "$best_r"); best_s=$(max "$s" "$best_s")
done
ping_avg() { # client server-ip tag -> busybox ping's average RTT in ms over 20 pings
  type_line "$1" "ping -c 20 -i ${PING_INTERVAL:-0.2} $2 | tail -1 | sed s/^/$3-/" >/dev/null
  sleep 4; await_line "$1" "$3-" | sed -E 's|.*= [0-9.]+/([0-9.]+)/.*|\1|'
}
echo "ping (ms, average of 20): direct $(ping_avg direct-a 10.7.0.2 pd), C relay $(ping_avg relay-a 10.6.0.2 pr), switch $(ping_avg switch-a 10.8.0.2 ps)"
echo "UML VM to VM over TCP (iperf3, $secs s), best of $runs, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-40s %10s\n' "two UML VMs peered directly" "$best_d Mbit/s"
printf '%-40s %10s\n' "through a minimal C relay (bench/relay.c)" "$best_r Mbit/s"
printf '%-40s %10s\n' "through the virtual switch" "$best_s Mbit/s"
echo "$best_s $best_r $best_d" | awk '{printf "switch/direct: %.2f   relay/direct: %.2f   switch/relay: %.2f\n", $1 / $3, $2 / $3, $1 / $2}'
echo "switch ports: $(curl "${AUTH[@]}" -sf "$api/networks/bench/ports" | json "'; '.join(p['owner'] + ' rx ' + str(p['rxFrames']) + ' tx ' + str(p['txFrames']) + ' drops ' + str(p['drops']) for p in d)")"
