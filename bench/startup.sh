#!/usr/bin/env bash
# Startup of the Mobitopolo distribution to its first REST answer (GET /api/v1/host -> 200 in a
# session: the first login as admin, with bench/lib/login.sh's password, then the call with its token).
#   cold: a freshly unpacked distribution, whose first start resolves and installs every boot feature;
#   warm: a restart of an instance that has booted once.
# Usage: bench/startup.sh [runs]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
dist=$(ls karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz)
work=$(mktemp -d)
. bench/lib/login.sh
trap 'for d in "$work"/*/; do [ -x "$d/bin/stop" ] && "$d/bin/stop" >/dev/null 2>&1; done; rm -rf "$work"' EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts the instance in $1 and prints the milliseconds until GET /api/v1/host answers 200 in a session.
time_to_rest() {
  local home=$1 port=$2 api="http://127.0.0.1:$2/api/v1" start now token=""
  start=$(date +%s%N)
  "$home/bin/start"
  for _ in $(seq 1 1200); do
    [ -n "$token" ] || token=$(bench_token "$api" "$home") || token=""
    if [ -n "$token" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$api/host")" = 200 ]; then
      now=$(date +%s%N); echo $(( (now - start) / 1000000 )); return 0
    fi
    sleep 0.05
  done
  echo "no REST answer within 60 s from $home" >&2; return 1
}

stop() {
  "$1/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$1 " >/dev/null || pgrep -f -- "-Dkaraf.home=$1" >/dev/null; do sleep 0.1; done
}

stats() { sort -n | awk '{a[NR]=$1} END {printf "%d %d %d\n", a[1], a[int((NR+1)/2)], a[NR]}'; }

cold=() warm=()
for i in $(seq 1 "$runs"); do
  home="$work/run$i"; mkdir -p "$home"
  tar xzf "$dist" -C "$home" --strip-components=1
  port=$(free_port)
  sed -i "s/^org.osgi.service.http.port *=.*/org.osgi.service.http.port = $port/" "$home/etc/org.ops4j.pax.web.cfg"
  cold+=("$(time_to_rest "$home" "$port")"); stop "$home"
  warm+=("$(time_to_rest "$home" "$port")"); stop "$home"
  echo "run $i: cold ${cold[-1]} ms, warm ${warm[-1]} ms" >&2
done

read -r cmin cmed cmax < <(printf '%s\n' "${cold[@]}" | stats)
read -r wmin wmed wmax < <(printf '%s\n' "${warm[@]}" | stats)
echo "Startup to first REST answer, $runs runs, $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-28s %8s %8s %8s\n' "" "min ms" "median" "max ms"
printf '%-28s %8d %8d %8d\n' "cold (first boot)" "$cmin" "$cmed" "$cmax"
printf '%-28s %8d %8d %8d\n' "warm (restart)" "$wmin" "$wmed" "$wmax"
printf 'warm/cold median ratio: %.2f\n' "$(echo "$wmed / $cmed" | bc -l)"
