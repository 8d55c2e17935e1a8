#!/usr/bin/env bash
# What sessions cost the REST endpoint (issue 14): GET /api/v1/vms with a bearer token, requests/s and
# p50/p99 with wrk at 16 clients, side by side in one run with the same call on the distribution built
# from the last commit before the security work (BEFORE_COMMIT, default a1ed2ba, which has no
# sessions and ignores the header; wrk sends it the same bytes). Both distributions run at once on
# their own ports, with the same three UML VMs defined (not started), and take turns: a warm-up each,
# then ROUNDS rounds, which of the two goes first alternating. On "after" every request is
# authenticated (a refused one would show as non-2xx). Beside requests/s, the CPU
# time of each JVM per request, which the load of other processes on the machine moves far less.
# Then the login itself: POST /api/v1/sessions with the right password, p50/p99 at 1 and 16 clients.
# Target: after at least 0.9 of before's requests/s.
# Usage: bench/rest-auth.sh [seconds per wrk run=10] [rounds=3]
#   The "after" distribution is karaf-distro/target's (built with -pl karaf-distro -am package if
#   missing). The "before" one is built once in a git worktree under target/bench-rest-auth and its
#   tarball kept there; BEFORE_DIST=path.tar.gz uses a prebuilt one instead. MAVEN_REPO=path: another
#   local Maven repository for the builds. WARMUP=seconds of warm-up per distribution (default 40, in
#   turns of 10 s: on 2 cores the JIT takes ~35 s of this load to reach a steady rate).
set -euo pipefail
[ -n "${BEFORE_DIST:-}" ] && BEFORE_DIST=$(realpath -m "$BEFORE_DIST")
cd "$(dirname "$0")/.."
secs=${1:-10}; rounds=${2:-3}; warmup=${WARMUP:-40}
before_commit=${BEFORE_COMMIT:-a1ed2ba}
work=$PWD/target/bench-rest-auth
load0=$(cut -d' ' -f1-3 /proc/loadavg) # before this harness adds its own
for tool in wrk curl python3 java mvn git; do
  command -v $tool >/dev/null || { echo "bench: $tool missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
. bench/lib/login.sh
MVN=(mvn -q -B -ntp)
[ -n "${MAVEN_REPO:-}" ] && MVN+=("-Dmaven.repo.local=$MAVEN_REPO")
mkdir -p "$work"

# The distributions. Both builds only package (never install), so neither replaces the other's
# artifacts of the same version in the local repository.
after_dist=$(ls karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz 2>/dev/null | head -1 || true)
if [ -z "$after_dist" ]; then
  echo "bench: building the distribution of this tree" >&2
  "${MVN[@]}" -DskipTests -pl karaf-distro -am package >&2
  after_dist=$(ls karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz)
fi
before_id=$(git rev-parse --short=7 --verify "$before_commit^{commit}")
before_dist=${BEFORE_DIST:-$work/before-$before_id.tar.gz}
if [ ! -f "$before_dist" ]; then
  [ -n "${BEFORE_DIST:-}" ] && { echo "bench: BEFORE_DIST=$BEFORE_DIST does not exist" >&2; exit 1; }
  src=$work/before-src
  git worktree prune
  [ -d "$src" ] || git worktree add -q --detach "$src" "$before_id"
  echo "bench: building the distribution of $before_id in $src (once; kept as $before_dist)" >&2
  (cd "$src" && "${MVN[@]}" -DskipTests -pl karaf-distro -am package >&2)
  cp "$src"/karaf-distro/target/mobitopolo-karaf-distro-*.tar.gz "$before_dist.tmp"
  mv "$before_dist.tmp" "$before_dist"
  git worktree remove --force "$src"
fi
# Same version on both sides: make sure "before" is what it claims (no security bundle in it).
if tar tzf "$before_dist" | grep -q 'system/org/mobitopolo/mobitopolo-security/'; then
  echo "bench: $before_dist contains the security bundle: not a distribution from before sessions" >&2; exit 1
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
set_prop() { # file key value: replaces the key's line, or appends one
  if grep -q "^$2 *=" "$1" 2>/dev/null; then sed -i "s|^$2 *=.*|$2 = $3|" "$1"; else echo "$2 = $3" >> "$1"; fi
}
home_b=$work/run/before home_a=$work/run/after
homes=("$home_b" "$home_a")
cleanup() {
  set +e
  for home in "${homes[@]}"; do "$home/bin/stop" >/dev/null 2>&1; done
  for home in "${homes[@]}"; do
    for _ in $(seq 1 150); do pgrep -f "karaf.home=$home" >/dev/null || break; sleep 0.2; done
    for pid in $(pgrep -f "karaf.home=$home"); do kill -9 "$pid" 2>/dev/null; done # what did not stop: by PID
  done
}
trap cleanup EXIT

# Unpacks a distribution into $work/run/NAME with every port of its own (HTTP, SSH, RMI, the
# switch's VXLAN port), listening on loopback only, and starts it; prints its API's base URL.
start() { # tarball name
  local home=$work/run/$2 port
  rm -rf "$home" && mkdir -p "$home"
  tar xzf "$1" -C "$home" --strip-components=1
  port=$(free_port)
  set_prop "$home/etc/org.ops4j.pax.web.cfg" org.osgi.service.http.port "$port"
  set_prop "$home/etc/org.ops4j.pax.web.cfg" org.ops4j.pax.web.listening.addresses 127.0.0.1
  set_prop "$home/etc/org.apache.karaf.shell.cfg" sshPort "$(free_port)"
  set_prop "$home/etc/org.apache.karaf.shell.cfg" sshHost 127.0.0.1
  set_prop "$home/etc/org.apache.karaf.management.cfg" rmiRegistryPort "$(free_port)"
  set_prop "$home/etc/org.apache.karaf.management.cfg" rmiServerPort "$(free_port)"
  set_prop "$home/etc/org.mobitopolo.transport.udp.cfg" vxlanPort "$(free_port)"
  "$home/bin/start" >"$home/start.out" 2>&1
  echo "http://127.0.0.1:$port/api/v1"
}
await() { # seconds description command...: runs the command until it succeeds
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && { echo "bench: $what not within the deadline" >&2; exit 1; }
    sleep 0.2
  done
}
has_uml() { curl -sf "$@" | grep -q '"uml"'; }

b=$(start "$before_dist" before)
a=$(start "$after_dist" after)
await 120 "before: GET /vms" curl -sf "$b/vms"
await 120 "after: GET /health" curl -sf "$a/health"
bench_login "$a" AUTH "$home_a"
token=${AUTH[1]#Authorization: Bearer }
await 60 "before: the UML plugin" has_uml "$b/plugins"
await 60 "after: the UML plugin" has_uml "${AUTH[@]}" "$a/plugins"
no_token=$(curl -s -o /dev/null -w '%{http_code}' "$a/vms")
[ "$no_token" = 401 ] || { echo "bench: after answers GET /vms without a token with $no_token, not 401" >&2; exit 1; }

# The same three VMs, defined and not started, on both.
for i in 1 2 3; do
  spec="{\"name\": \"rest-auth-$i\", \"hypervisor\": \"uml\", \"memoryMb\": 64}"
  curl -sf -X POST -H 'Content-Type: application/json' "$b/vms" -d "$spec" >/dev/null
  curl -sf "${AUTH[@]}" -X POST -H 'Content-Type: application/json' "$a/vms" -d "$spec" >/dev/null
done
size_b=$(curl -sf -o /dev/null -w '%{size_download}' "${AUTH[@]}" "$b/vms")
size_a=$(curl -sf -o /dev/null -w '%{size_download}' "${AUTH[@]}" "$a/vms")
echo "GET /vms: before $size_b bytes, after $size_a bytes (3 UML VMs defined, not started); after without a token: $no_token" >&2
python3 -c "import sys; sys.exit(abs($size_a - $size_b) > 0.1 * $size_b)" \
  || echo "bench: WARNING: the two bodies differ in size by more than 10%" >&2

# CPU seconds (user + system) used so far by a distribution's JVM: per request, a figure that
# other engineers' load on the machine moves far less than requests/s.
cpu_ticks() { # home
  local ticks=0 pid
  for pid in $(pgrep -f "karaf.home=$1"); do
    ticks=$((ticks + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$ticks"
}
# One wrk run: prints "rps p50ms p99ms errors cpu-us-per-request" (the CPU of the JVM at HOME).
measure() { # home url seconds connections [wrk options...]
  local home=$1 url=$2 s=$3 c=$4 t=2 c0 out; shift 4
  [ "$c" -gt 1 ] || t=1
  c0=$(cpu_ticks "$home")
  out=$(wrk -t$t -c"$c" -d"${s}s" --latency "$@" "$url")
  echo "$out" | awk -v ticks=$(( $(cpu_ticks "$home") - c0 )) -v hz="$(getconf CLK_TCK)" '
    function ms(v,  u) { u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
                         return (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
    / requests in / { n = $1 }
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = ms($2) }
    /^ +99%/ { p99 = ms($2) }
    /Non-2xx/ { err += $NF }
    /Socket errors/ { gsub(/,/, ""); err += $4 + $6 + $8 + $10 }
    END { printf "%.0f %.3f %.3f %d %.0f\n", rps, p50, p99, err, n ? ticks / hz * 1e6 / n : 0 }'
}
vms() { measure "$1" "$2/vms" "$3" 16 -H "Authorization: Bearer $token"; }
cell() { # rps p50 p99 errors cpu
  printf '%7s %8s %8s %6s' "$1$([ "$4" -gt 0 ] && echo "!$4")" "$2" "$3" "$5"
}
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

logins_before=$(grep -c "login of user 'admin'" "$home_a"/data/log/karaf.log || true)
echo "warm-up: ${warmup} s each, in turns" >&2
for ((w = warmup; w > 0; w -= 10)); do
  vms "$home_b" "$b" $((w < 10 ? w : 10)) >/dev/null
  vms "$home_a" "$a" $((w < 10 ? w : 10)) >/dev/null
done

echo "GET /api/v1/vms, wrk -t2 -c16 -d${secs}s, Authorization: Bearer to both; $(date -u '+%F %H:%M') UTC, $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(java -version 2>&1 | head -1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "before: $before_id ($(basename "$before_dist")); after: $(git rev-parse --short=7 HEAD)$(git diff --quiet HEAD -- bundles features karaf-distro || echo '+changes')"
echo "load average before the distributions started: $load0 (wrk and the JVM under load add ~4 to it)"
printf '%-8s | %-32s | %-32s | %s\n' round "before" "after" "after/before"
printf '%-8s | %7s %8s %8s %6s | %7s %8s %8s %6s | %s\n' "" "req/s" "p50 ms" "p99 ms" "CPU" "req/s" "p50 ms" "p99 ms" "CPU" \
  "req/s, CPU"
declare -a rb pb qb cb ra pa qa ca rr rc
for r in $(seq 1 "$rounds"); do
  if [ $((r % 2)) = 1 ]; then
    read -r r_b p_b q_b e_b c_b < <(vms "$home_b" "$b" "$secs"); read -r r_a p_a q_a e_a c_a < <(vms "$home_a" "$a" "$secs")
  else
    read -r r_a p_a q_a e_a c_a < <(vms "$home_a" "$a" "$secs"); read -r r_b p_b q_b e_b c_b < <(vms "$home_b" "$b" "$secs")
  fi
  rb+=("$r_b"); pb+=("$p_b"); qb+=("$q_b"); cb+=("$c_b"); ra+=("$r_a"); pa+=("$p_a"); qa+=("$q_a"); ca+=("$c_a")
  rr+=("$(ratio "$r_a" "$r_b")"); rc+=("$(ratio "$c_a" "$c_b")")
  printf '%-8s | %s | %s | %s, %s\n' "$r$([ $((r % 2)) = 1 ] && echo ' (b, a)' || echo ' (a, b)')" \
    "$(cell "$r_b" "$p_b" "$q_b" "$e_b" "$c_b")" "$(cell "$r_a" "$p_a" "$q_a" "$e_a" "$c_a")" "${rr[-1]}" "${rc[-1]}"
done
# The ratio column of the median row is the median of the rounds' ratios: each round compares the two
# back to back, so a slow spell of the machine moves both sides of one ratio rather than one median.
printf '%-8s | %s | %s | %s, %s\n' median "$(cell "$(median "${rb[@]}")" "$(median "${pb[@]}")" "$(median "${qb[@]}")" 0 "$(median "${cb[@]}")")" \
  "$(cell "$(median "${ra[@]}")" "$(median "${pa[@]}")" "$(median "${qa[@]}")" 0 "$(median "${ca[@]}")")" \
  "$(median "${rr[@]}")" "$(median "${rc[@]}")"
logins_after=$(grep -c "login of user 'admin'" "$home_a"/data/log/karaf.log || true)
echo "(CPU: µs of the distribution's JVM, user + system, per request; req/s!N: N non-2xx answers or socket errors;"
echo " logins on after during the GET runs: $((logins_after - logins_before)))"

# The login: POST /api/v1/sessions with the right password (each one a new session in the store).
login_body=$(BENCH_PW=$(bench_password "$home_a") python3 -c \
  'import json,os; print(json.dumps({"user": "admin", "password": os.environ["BENCH_PW"]}))')
cat > "$work/login.lua" <<'LUA'
wrk.method = "POST"
wrk.body = os.getenv("LOGIN_BODY")
wrk.headers["Content-Type"] = "application/json"
LUA
echo
echo "POST /api/v1/sessions on after (right password), wrk -d${secs}s"
printf '%-12s %7s %8s %8s %6s\n' clients "req/s" "p50 ms" "p99 ms" "CPU"
for c in 1 16; do
  read -r r p q e u < <(LOGIN_BODY=$login_body measure "$home_a" "$a/sessions" "$secs" "$c" -s "$work/login.lua")
  printf '%-12s %s\n' "$c" "$(cell "$r" "$p" "$q" "$e" "$u")"
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
