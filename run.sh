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

echo "Mobitopolo: REST on http://localhost:$port/api/v1 (try /api/v1/host), console commands: mobi:<TAB>"
if [ -t 0 ]; then
  exec run/bin/karaf            # interactive console; 'shutdown' or Ctrl-D stops it
else
  exec run/bin/karaf server     # no terminal: run headless until killed
fi
