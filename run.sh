#!/usr/bin/env bash
# Sets up this machine, builds Mobitopolo and starts its Karaf distribution with the console.
# The REST endpoint answers on http://localhost:${MOBITOPOLO_HTTP_PORT:-8181}/api/v1 once it is up.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/setup.sh
mvn -B -q -ntp -DskipTests install

# A fresh runtime every time, under ./run (ignored by git).
rm -rf run && mkdir run
tar xzf karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz -C run --strip-components=1
port=${MOBITOPOLO_HTTP_PORT:-8181}
sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" run/etc/org.ops4j.pax.web.cfg

api="http://localhost:$port/api/v1"

# The demo topology, examples/demo.mobi.yml: a virtual network on the UDP switch with two UML VMs and
# a QEMU VM on it, demo-b serving HTTP, deployed by the topology controller once REST and the plugins
# are up, as the first administrator (its password: $MOBITOPOLO_ADMIN_PASSWORD if set, else the
# random one the first start writes to run/data/mobitopolo/admin.password); each step is logged in
# run/demo.log as it ends. MOBITOPOLO_DEMO=0 skips it.
demo() {
  local password_file=run/data/mobitopolo/admin.password token="" password
  until password=${MOBITOPOLO_ADMIN_PASSWORD:-$(cat "$password_file" 2>/dev/null)} && [ -n "$password" ] \
      && token=$(jq -n --arg p "$password" '{user: "admin", password: $p}' \
      | curl -sf -X POST -H 'Content-Type: application/json' "$api/sessions" -d @- | jq -r .token) \
      && [ -n "$token" ]; do sleep 0.5; done
  local auth=(-H "Authorization: Bearer $token")
  until curl -sf "${auth[@]}" "$api/plugins" | grep -q '"qemu"' && curl -sf "${auth[@]}" "$api/plugins" | grep -q '"uml"' \
      && curl -sf "${auth[@]}" "$api/topologies" >/dev/null; do sleep 0.5; done
  local run
  run=$(curl -sf "${auth[@]}" -X POST -H 'Content-Type: application/yaml' --data-binary @examples/demo.mobi.yml "$api/topologies")
  echo "$run" | jq -r '"demo: " + .summary'
  local state=RUNNING
  until [ "$state" != RUNNING ]; do
    sleep 1
    run=$(curl -sf "${auth[@]}" "$api/topologies/demo/runs/$(echo "$run" | jq -r .id)") || continue
    state=$(echo "$run" | jq -r .state)
  done
  echo "$run" | jq -r '.steps[] | "  \(.state | ascii_downcase)  \(.detail) (\(.millis) ms)\(if .error != "" then ": " + .error else "" end)"'
  echo "demo: $state"
}
if [ "${MOBITOPOLO_DEMO:-1}" != 0 ]; then
  demo > run/demo.log 2>&1 &
fi

echo "Mobitopolo: dashboard on http://localhost:$port/, REST on $api (try /api/v1/host, /api/v1/vms), console commands: mobi:<TAB>"
echo "Log in as admin with the password in run/data/mobitopolo/admin.password (or \$MOBITOPOLO_ADMIN_PASSWORD): README, Security"
echo "Demo: UML VMs demo-a (10.0.0.1) and demo-b (10.0.0.2, HTTP), QEMU VM demo-q (10.0.0.3) on network demo;"
echo "      try: mobi:topo-status demo, mobi:vm-type demo-a 'wget -qO- http://10.0.0.2/', mobi:vm-log demo-a"
if [ -t 0 ]; then
  exec run/bin/karaf            # interactive console; 'shutdown' or Ctrl-D stops it
else
  exec run/bin/karaf server     # no terminal: run headless until killed
fi
