# Sourced by the harnesses that need two Mobitopolo hosts on this machine (root): this distribution
# twice, host A here, host B in a network namespace joined to A by a veth pair.
#   two_hosts_setup WORK NS VETH NET  unpacks the distribution into WORK/a and WORK/b; A is NET.1 on
#                                     VETH-a, B NET.2 on VETH-b in namespace NS (NET like 10.97.0);
#                                     A's REST API on port 18181 of loopback and NET.1, B's on NET.2:8181.
#                                     Sets A_API, A_URL (as B reaches A), B_API and B_URL. Configuration
#                                     goes into WORK/a/etc, WORK/b/etc after this, before two_hosts_start.
#   two_hosts_start                   starts both, logs in to each (the arrays auth_a and auth_b, and
#                                     BENCH_AUTH[$A_API], BENCH_AUTH[$B_API]), and gives A a peer token
#                                     B issued for it, so that A calls B as a peer (moves, the controller),
#                                     and B one A issued (B fetches snapshots from A).
#   two_hosts_cleanup                 stops both, removes the namespace, the veth pair and WORK (a trap).
. "$(dirname "${BASH_SOURCE[0]}")/login.sh"

two_hosts_setup() {
  TWO_WORK=$1 TWO_NS=$2 TWO_VETH=$3
  local net=$4 h
  ip netns add "$TWO_NS"
  ip link add "$TWO_VETH-a" type veth peer name "$TWO_VETH-b"
  ip link set "$TWO_VETH-b" netns "$TWO_NS"
  ip addr add "$net.1/24" dev "$TWO_VETH-a" && ip link set "$TWO_VETH-a" up
  ip netns exec "$TWO_NS" ip addr add "$net.2/24" dev "$TWO_VETH-b"
  ip netns exec "$TWO_NS" ip link set "$TWO_VETH-b" up
  ip netns exec "$TWO_NS" ip link set lo up
  for h in a b; do
    mkdir -p "$TWO_WORK/$h" && tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C "$TWO_WORK/$h" --strip-components=1
  done
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = 18181/" "$TWO_WORK/a/etc/org.ops4j.pax.web.cfg"
  # loopback first: the controller on A calls A there
  sed -i "s/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = 127.0.0.1,$net.1/" \
    "$TWO_WORK/a/etc/org.ops4j.pax.web.cfg"
  # A calls B on its address on the link (a distribution listens on loopback only by default)
  sed -i "s/^org.ops4j.pax.web.listening.addresses *=.*/org.ops4j.pax.web.listening.addresses = $net.2/" \
    "$TWO_WORK/b/etc/org.ops4j.pax.web.cfg"
  A_API=http://127.0.0.1:18181/api/v1
  A_URL=http://$net.1:18181
  B_URL=http://$net.2:8181
  B_API=$B_URL/api/v1
}

two_hosts_start() {
  local peer_token
  "$TWO_WORK/a/bin/start"
  ip netns exec "$TWO_NS" "$TWO_WORK/b/bin/start"
  bench_login "$A_API" auth_a "$TWO_WORK/a"
  bench_login "$B_API" auth_b "$TWO_WORK/b"
  peer_token=$(curl "${auth_b[@]}" -sf -X POST -H 'Content-Type: application/json' -d '{"name": "bench-a"}' \
    "$B_API/peers/tokens" | jq -r .token)
  curl "${auth_a[@]}" -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"url\": \"$B_URL\", \"token\": \"$peer_token\"}" "$A_API/peers"
  peer_token=$(curl "${auth_a[@]}" -sf -X POST -H 'Content-Type: application/json' -d '{"name": "bench-b"}' \
    "$A_API/peers/tokens" | jq -r .token)
  curl "${auth_b[@]}" -sf -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d "{\"url\": \"$A_URL\", \"token\": \"$peer_token\"}" "$B_API/peers"
}

two_hosts_cleanup() {
  [ -n "${TWO_WORK:-}" ] || return 0
  "$TWO_WORK/a/bin/stop" >/dev/null 2>&1 || true
  ip netns exec "$TWO_NS" "$TWO_WORK/b/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$TWO_WORK" >/dev/null; do sleep 0.2; done
  pkill -f "uml_dir=$TWO_WORK/" 2>/dev/null || true
  ip link del "$TWO_VETH-a" 2>/dev/null || true
  ip netns del "$TWO_NS" 2>/dev/null || true
  rm -rf "$TWO_WORK"
}
