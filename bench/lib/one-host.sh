# Sourced by the harnesses that run one distribution of this build on this machine.
#   one_host_start WORK HOME  unpacks the distribution into HOME with its REST API on a free loopback
#                             port and its UML sockets under WORK/sock, starts it and logs in: sets
#                             api (http://127.0.0.1:PORT/api/v1) and the array AUTH (curl's options).
#                             Stopping it is the harness's (HOME/bin/stop).
. "$(dirname "${BASH_SOURCE[0]}")/login.sh"

one_host_start() {
  local work=$1 home=$2 port
  mkdir -p "$home" && tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C "$home" --strip-components=1
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  printf 'socketDir = %s/sock\n' "$work" > "$home/etc/org.mobitopolo.hypervisor.uml.cfg"
  api="http://127.0.0.1:$port/api/v1"
  "$home/bin/start"
  bench_login "$api" AUTH "$home"
}
