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

# The demo topology: a virtual network on the UDP switch with two UML VMs and a QEMU VM on it,
# demo-b serving HTTP. Created once REST and the plugins are up, as the first administrator (its
# password: $MOBITOPOLO_ADMIN_PASSWORD if set, else the random one the first start writes to
# run/data/mobitopolo/admin.password); MOBITOPOLO_DEMO=0 skips it.
demo() {
  local password_file=run/data/mobitopolo/admin.password token=""
  until [ -s "$password_file" ] && token=$(jq -n --arg p "$(cat "$password_file")" '{user: "admin", password: $p}' \
      | curl -sf -X POST -H 'Content-Type: application/json' "$api/sessions" -d @- | jq -r .token) \
      && [ -n "$token" ]; do sleep 0.5; done
  local auth=(-H "Authorization: Bearer $token")
  until curl -sf "${auth[@]}" "$api/plugins" | grep -q '"qemu"' && curl -sf "${auth[@]}" "$api/plugins" | grep -q '"uml"' \
      && curl -sf "${auth[@]}" "$api/networks" >/dev/null; do sleep 0.5; done
  curl -sf "${auth[@]}" -X POST -H 'Content-Type: application/json' "$api/networks" -d '{"name": "demo"}'; echo
  vm() { # name mac ip extra-params [hypervisor memory]
    curl -sf "${auth[@]}" -X POST -H 'Content-Type: application/json' "$api/vms?start=true" -d "{\"name\": \"$1\",
      \"hypervisor\": \"${5:-uml}\", \"memoryMb\": ${6:-64}, \"params\": {\"ip\": \"$3\" $4},
      \"nics\": [{\"network\": \"demo\", \"mac\": \"$2\"}]}"
    echo
  }
  vm demo-a 02:00:00:00:0a:01 10.0.0.1/24 ""
  vm demo-b 02:00:00:00:0a:02 10.0.0.2/24 ', "http": "80"'
  vm demo-q 52:54:00:00:0a:03 10.0.0.3/24 "" qemu 128
}
if [ "${MOBITOPOLO_DEMO:-1}" != 0 ]; then
  demo > run/demo.log 2>&1 &
fi

echo "Mobitopolo: REST on $api (try /api/v1/host, /api/v1/vms), console commands: mobi:<TAB>"
echo "Log in as admin with the password in run/data/mobitopolo/admin.password (or \$MOBITOPOLO_ADMIN_PASSWORD): README, Security"
echo "Demo: UML VMs demo-a (10.0.0.1) and demo-b (10.0.0.2, HTTP), QEMU VM demo-q (10.0.0.3) on network demo;"
echo "      try: mobi:vm-list, mobi:vm-type demo-a 'wget -qO- http://10.0.0.2/', mobi:vm-log demo-a"
if [ -t 0 ]; then
  exec run/bin/karaf            # interactive console; 'shutdown' or Ctrl-D stops it
else
  exec run/bin/karaf server     # no terminal: run headless until killed
fi
