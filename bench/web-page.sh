#!/usr/bin/env bash
# The web dashboard in Debian's headless chromium, driven over WebDriver (chromedriver's HTTP API,
# spoken with curl) against this build's distribution:
#   list:  navigation to a rendered VM list of N VMs (the page's performance mark vms-rendered: from
#          navigation start to the list's rows in the DOM), R fresh loads, each in the session;
#   event: delay from a VM's state change to its row showing it (a MutationObserver's Date.now() minus
#          this script's clock just before POST /vms/X/freeze or /resume: the state changes, and the
#          OSGi event is posted, inside that request, so this is an upper bound on event to DOM), E changes.
# Usage: bench/web-page.sh [N=100] [R=5] [E=20]   (build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100}; loads=${2:-5}; changes=${3:-20}
work=$(mktemp -d /tmp/mobi-web.XXXX)
home="$work/karaf"
driver_pid=""
cleanup() {
  [ -z "$driver_pid" ] || { kill "$driver_pid" 2>/dev/null || true; wait "$driver_pid" 2>/dev/null || true; }
  "$home/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$home" >/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/one-host.sh

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
stats() { sort -n | awk '{a[NR]=$1} END {printf "min %d ms, median %d ms, max %d ms (%d)\n", a[1], a[int((NR+1)/2)], a[NR], NR}'; }

one_host_start "$work" "$home"
base=${api%/api/v1}
until curl "${AUTH[@]}" -sf "$api/vms" >/dev/null; do sleep 0.2; done
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD)"

# N VMs defined (not started: the list's size is what counts) and one running for the state changes
for i in $(seq -f '%03g' 1 "$n"); do
  curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' \
    -d "{\"name\": \"pv-$i\", \"hypervisor\": \"uml\", \"memoryMb\": 64}" "$api/vms" >/dev/null
done
curl "${AUTH[@]}" -sf -X POST -H 'Content-Type: application/json' \
  -d '{"name": "pv-live", "hypervisor": "uml", "memoryMb": 64}' "$api/vms?start=true" >/dev/null
until curl "${AUTH[@]}" -sf "$api/vms/pv-live" | grep -q '"state":"RUNNING"'; do sleep 0.2; done

# WebDriver: chromedriver on a free port, one session
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/chromedriver --port="$port" >"$work/chromedriver.log" 2>&1 &
driver_pid=$!
wd="http://127.0.0.1:$port"
until curl -sf "$wd/status" >/dev/null; do sleep 0.1; done
session=$(curl -sf -X POST -H 'Content-Type: application/json' "$wd/session" -d '{"capabilities": {"alwaysMatch": {
  "browserName": "chrome", "goog:chromeOptions": {"binary": "/usr/bin/chromium",
  "args": ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,800"]}}}}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["value"]["sessionId"])')
wd="$wd/session/$session"
trap 'curl -sf -X DELETE "$wd" >/dev/null || true; cleanup' EXIT

go() { curl -sf -X POST -H 'Content-Type: application/json' "$wd/url" -d "{\"url\": \"$1\"}" >/dev/null; }
# runs a script in the page; prints its value as JSON
js() {
  python3 -c 'import json,sys; print(json.dumps({"script": sys.argv[1], "args": []}))' "$1" \
    | curl -sf -X POST -H 'Content-Type: application/json' "$wd/execute/sync" -d @- \
    | python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["value"]))'
}
await_js() { # script [tries of 20 ms]: until it gives something other than null or false
  local v
  for _ in $(seq 1 "${2:-1500}"); do
    v=$(js "$1")
    [ "$v" = null ] || [ "$v" = false ] || { echo "$v"; return 0; }
    sleep 0.02
  done
  echo "bench: timed out waiting for: $1" >&2; return 1
}

go "$base/"
await_js "return !!document.getElementById('login-form') && !document.getElementById('login').hidden" >/dev/null
pw=$(bench_password "$home")
js "const f = document.getElementById('login-form'); f.user.value = 'admin'; f.password.value = $(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$pw"); f.requestSubmit(); return true" >/dev/null
await_js "return !document.getElementById('nav').hidden" >/dev/null

list=()
for r in $(seq 1 "$loads"); do
  go "$base/?load=$r#/vms"
  t=$(await_js "return document.querySelectorAll('#vm-rows tr').length === $((n + 1)) && performance.getEntriesByName('vms-rendered').length ? Math.round(performance.getEntriesByName('vms-rendered')[0].startTime) : null")
  list+=("$t")
done
echo "navigation to a rendered list of $((n + 1)) VMs, $loads loads: $(printf '%s\n' "${list[@]}" | stats)"

await_js "return document.getElementById('live').dataset.state === 'live'" >/dev/null
freeze_upper=() freeze_lower=() freeze_call=() resume_upper=() resume_lower=() resume_call=()
for c in $(seq 1 "$changes"); do
  if [ $((c % 2)) = 1 ]; then action=freeze want=FROZEN; else action=resume want=RUNNING; fi
  js "window.__seen = null; const row = document.querySelector(\"tr[data-vm='pv-live']\");
      new MutationObserver((m, o) => { if (row.dataset.state === '$want') { window.__seen = Date.now(); o.disconnect(); } })
        .observe(row, {attributes: true, attributeFilter: ['data-state']}); return true" >/dev/null
  t0=$(now_ms)
  curl "${AUTH[@]}" -sf -X POST "$api/vms/pv-live/$action" >/dev/null
  t1=$(now_ms)
  seen=$(await_js "return window.__seen")
  eval "${action}_upper+=($((seen - t0))) ${action}_lower+=($((seen - t1))) ${action}_call+=($((t1 - t0)))"
done
# the state changes, and its event is posted, between t0 and t1: the delay lies between seen - t1 and seen - t0
echo "state change to its row by the event stream, $changes changes:"
for action in resume freeze; do
  declare -n up=${action}_upper lo=${action}_lower call=${action}_call
  echo "  $action: request $(printf '%s\n' "${call[@]}" | stats)"
  echo "    delay at most (from sending it):   $(printf '%s\n' "${up[@]}" | stats)"
  echo "    delay at least (from its answer):  $(printf '%s\n' "${lo[@]}" | stats)"
  unset -n up lo call
done
