#!/usr/bin/env bash
# Rebinding after a live move, per strategy: how long new connections by name fail, and the longest
# gap an open connection sees. Two Mobitopolo hosts (this distribution twice: host A here, host B in a
# network namespace joined by a veth pair, as in bench/migration.sh). On A: a router VM between
# site-a (10.1.0.0/24) and site-b (10.2.0.0/24, served on B, reaching A over the tunnel), and two
# client VMs, one on site-a, one on lan (10.3.0.0/24, served on A, stretched to B). Each move starts a
# QEMU server (128 MiB, TCG) on A, has its client open a connection to it by name that carries a
# command every 100 ms, and try a new connection by name every 100 ms, then moves the server to B:
#   arp          on lan, stretched: it keeps its address; gratuitous ARP from its new port
#   dns          site-a -> site-b: a new address by DHCP, its name updated (TTL 5 s) on A's zone
#   dns,forward  the same, and a forward from site-a on A while connections last (grace 10 s here)
# Both figures are taken in the client, on its own clock: "new" is the longest run without a
# successful new connection around the move (switchover until the first success there, plus the
# pause of the last copy), "old" the longest gap between answers on the open connection ("failed"
# when answers stopped for good). Every move has a server of its own name and MAC.
# Usage: bench/rebind.sh [moves per strategy, default 10] [strategies, default "arp dns dns,forward"]
#        (root; build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
moves=${1:-10}
strategies=${2:-"arp dns dns,forward"}
. bench/lib/two-hosts.sh
trap two_hosts_cleanup EXIT
two_hosts_setup "$(mktemp -d /tmp/mobi-rebind.XXXX)" mobi-bench-r mbr 10.96.0
work=$TWO_WORK ns=$TWO_NS a=$A_API b=$B_API
# A's DNS port on the link too (B updates A's zone), on a port of its own; short forwards
printf 'dnsAddress = 0.0.0.0\ndnsPort = 10153\nttlSeconds = 5\nleaseSeconds = 3600\n' > "$work/a/etc/org.mobitopolo.netservices.cfg"
printf 'graceSeconds = 10\nidleSeconds = 20\nbindAddress = 0.0.0.0\n' > "$work/a/etc/org.mobitopolo.rebind.forward.cfg"
two_hosts_start
for api in $a $b; do
  until curl -H "${BENCH_AUTH[$api]}" -sf "$api/plugins" 2>/dev/null | grep -q '"forward"' \
    && curl -H "${BENCH_AUTH[$api]}" -sf "$api/dns" >/dev/null 2>&1; do sleep 0.5; done
done
call() { # api method path [body]; a refusal is shown on stderr
  local api=$1 method=$2 path=$3 out
  if ! out=$(curl -H "${BENCH_AUTH[$api]}" -sS --fail-with-body -X "$method" -H 'Content-Type: application/json' \
      ${4:+-d "$4"} "$api$path"); then
    echo "$method $path: $out" >&2
    return 1
  fi
  echo "$out"
}
call "$a" POST /networks '{"name": "site-a", "subnet": "10.1.0.0/24", "dhcp": true, "dns": "site-a.mobi", "router": "10.1.0.254"}' >/dev/null
call "$a" POST /networks '{"name": "lan", "subnet": "10.3.0.0/24", "dhcp": true, "dns": "lan.mobi"}' >/dev/null
call "$a" POST /networks '{"name": "site-b"}' >/dev/null
call "$b" POST /networks '{"name": "site-b", "subnet": "10.2.0.0/24", "dhcp": true, "dns": "site-b.mobi", "router": "10.2.0.254"}' >/dev/null
call "$b" POST /networks '{"name": "lan"}' >/dev/null
call "$a" POST /tunnels '{"host": "10.96.0.2", "port": 4789}' >/dev/null
call "$b" POST /tunnels '{"host": "10.96.0.1", "port": 4789}' >/dev/null
key=$(call "$a" GET /dns/zones/site-a.mobi/key)
echo "servers=[ \"10.96.0.1:10153 site-a.mobi $(echo "$key" | jq -r .name) hmac-sha256 $(echo "$key" | jq -r .secret)\" ]" \
  > "$work/b/etc/org.mobitopolo.rebind.dns.config"

console() { # vm line
  call "$a" POST "/vms/$1/console" "$(jq -cn --arg l "$2" '{line: $l}')" >/dev/null
}
ready() { # api vm
  until call "$1" GET "/vms/$2/console?lines=300" 2>/dev/null | grep -q MOBITOPOLO-READY; do sleep 0.5; done
}
call "$a" POST '/vms?start=true' '{"name": "router", "hypervisor": "uml", "memoryMb": 64,
  "params": {"ip": "10.1.0.254/24", "ip1": "10.2.0.254/24", "forward": "1"},
  "nics": [{"network": "site-a", "mac": "02:00:00:0e:00:fe"}, {"network": "site-b", "mac": "02:00:00:0e:00:fd"}]}' >/dev/null
n=0
for c in site-a lan; do
  n=$((n + 1))
  call "$a" POST '/vms?start=true' "{\"name\": \"client-$c\", \"hypervisor\": \"uml\", \"memoryMb\": 64,
    \"params\": {\"ip\": \"dhcp\"}, \"nics\": [{\"network\": \"$c\", \"mac\": \"02:00:00:0e:00:0$n\"}]}" >/dev/null
done
for vm in router client-site-a client-lan; do ready "$a" "$vm"; done

run=0
move() { # strategy; appends "NEW_MS OLD_MS" to $work/STRATEGY.txt, each "failed" when connections stopped for good
  local strategy=$1 net=site-a networks='{"site-a": "site-b"}' client srv mac id error stats
  [ "$strategy" = arp ] && net=lan networks='{}'
  client=client-$net
  run=$((run + 1)); srv=srv$run; mac=52:54:00:0e:01:$(printf %02x $run)
  call "$a" POST '/vms?start=true' "{\"name\": \"$srv\", \"hypervisor\": \"qemu\", \"memoryMb\": 128,
    \"params\": {\"ip\": \"dhcp\", \"shell\": \"2323\"}, \"nics\": [{\"network\": \"$net\", \"mac\": \"$mac\"}]}" >/dev/null
  ready "$a" "$srv"
  until call "$a" GET "/networks/$net/leases" | grep -q "$mac"; do sleep 0.2; done
  console "$client" "rm -f /tmp/stop /tmp/old /tmp/new"
  console "$client" "(while [ ! -e /tmp/stop ]; do echo echo t; sleep 0.1; done) | nc $srv 2323 | while read l; do cut -d' ' -f1 /proc/uptime; done > /tmp/old &"
  console "$client" "(while [ ! -e /tmp/stop ]; do echo 'echo n' | nc -w 1 $srv 2323 | grep -q n && cut -d' ' -f1 /proc/uptime; sleep 0.1; done) > /tmp/new &"
  sleep 5
  id=$(call "$a" POST /migrations "{\"vm\": \"$srv\", \"target\": \"http://10.96.0.2:8181\", \"rebind\": \"$strategy\",
    \"networks\": $networks}" | jq -r .request.id)
  until [ "$(call "$a" GET "/migrations/$id" | jq -r '.report != null or .error != ""')" = true ]; do sleep 0.5; done
  error=$(call "$a" GET "/migrations/$id" | jq -r .error)
  [ -n "${VERBOSE:-}" ] && call "$a" GET "/migrations/$id" | jq -c .report >&2
  sleep 5 # both loops stop well before a forward's grace ends
  # the stamp of the stop, then per loop its longest gap and its last answer
  console "$client" "touch /tmp/stop; echo rebind-stats-$run \$(cut -d' ' -f1 /proc/uptime) \$(awk 'NR > 1 && \$1 - p > g { g = \$1 - p } { p = \$1 } END { printf \"%d %s\", g * 1000, p + 0 }' /tmp/new) \$(awk 'NR > 1 && \$1 - p > g { g = \$1 - p } { p = \$1 } END { printf \"%d %s\", g * 1000, p + 0 }' /tmp/old)"
  until stats=$(call "$a" GET "/vms/$client/console?lines=20" | jq -r '.[]' | grep "^rebind-stats-$run " | tail -1) && [ -n "$stats" ]; do
    sleep 0.5
  done
  if [ -n "$error" ]; then # a failed move leaves the server running on A
    error="$error; on A it is $(call "$a" GET "/vms/$srv" | jq -r .state)"
  fi
  call "$b" DELETE "/vms/$srv" >/dev/null 2>&1 || call "$a" DELETE "/vms/$srv" >/dev/null 2>&1 || true
  until [ "$(call "$a" GET /forwards | jq length)" = 0 ]; do sleep 0.5; done
  if [ -n "$error" ]; then
    echo "$strategy move $run did not move: $error" >&2
    echo "- -" >> "$work/$strategy.txt"
    return
  fi
  # a loop whose last answer came well before the stop had stopped for good
  echo "$stats" | awk '{ printf "%s %s\n", ($4 < $2 - 2.5 ? "failed" : $3), ($6 < $2 - 2.5 ? "failed" : $5) }' | tee -a "$work/$strategy.txt" \
    | sed "s/^/$strategy move $run: new, old (ms): /" >&2
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo "Rebinding after a live move (QEMU 128 MiB, TCG), $moves moves per strategy; $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%F)"
echo "| strategy | new connections by name, longest gap: median | max | open connection's longest gap: median | max | moves failed, new connections failed, open connection lost |"
echo "|---|---|---|---|---|---|"
for s in $strategies; do
  : > "$work/$s.txt"
  for i in $(seq "$moves"); do move "$s"; done
  ok() { awk -v c="$1" '$c ~ /^[0-9]+$/ { print $c }' "$work/$s.txt"; }
  count() { awk -v c="$1" -v w="$2" '$c == w' "$work/$s.txt" | wc -l; }
  printf '| %s | %s | %s | %s | %s | %d, %d, %d of %d |\n' "$s" "$(ok 1 | median) ms" "$(ok 1 | sort -n | tail -1) ms" \
    "$(ok 2 | median) ms" "$(ok 2 | sort -n | tail -1) ms" "$(count 1 -)" "$(count 1 failed)" "$(count 2 failed)" "$moves"
done
