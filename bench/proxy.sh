#!/usr/bin/env bash
# Requests per second and p99 latency through the embedded proxy (without and with its cache) and
# through tinyproxy, side by side in one run: same origin (a small Netty server), same load generator
# (wrk, absolute-URI requests as a proxy client sends them), small and 1 MiB responses, 1 and 64
# connections. The origin's own figures are the ceiling.
# Usage: bench/proxy.sh [seconds per case, default 5]   (MAVEN_REPO=path to use another local repository)
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-5}
ORIGIN=8860 NETTY=8861 TINY=8862 CACHED=8863
for tool in wrk tinyproxy java mvn; do
  command -v $tool >/dev/null || { echo "bench: $tool missing (scripts/setup.sh installs it)" >&2; exit 1; }
done
MVN=(mvn -q -B -ntp)
[ -n "${MAVEN_REPO:-}" ] && MVN+=("-Dmaven.repo.local=$MAVEN_REPO")
"${MVN[@]}" -DskipTests install -pl bundles/api,bundles/proxy-netty -am
"${MVN[@]}" -pl bundles/proxy-netty test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP=bundles/proxy-netty/target/classes:bundles/proxy-netty/target/test-classes:$(cat bundles/proxy-netty/target/bench.classpath)

tmp=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
JAVA=(java -Xms256m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP")
"${JAVA[@]}" org.mobitopolo.proxy.netty.internal.BenchOrigin $ORIGIN & pids+=($!)
"${JAVA[@]}" org.mobitopolo.proxy.netty.internal.BenchProxy $NETTY 0 & pids+=($!)
"${JAVA[@]}" org.mobitopolo.proxy.netty.internal.BenchProxy $CACHED $((256 << 20)) & pids+=($!)
# tinyproxy as it ships, with room for 64 clients and no per-request log line (neither has one here).
cat > "$tmp/tinyproxy.conf" <<CONF
Port $TINY
Listen 127.0.0.1
Timeout 30
MaxClients 1024
LogFile "$tmp/tinyproxy.log"
LogLevel Warning
CONF
tinyproxy -d -c "$tmp/tinyproxy.conf" & pids+=($!)
for port in $ORIGIN $NETTY $CACHED $TINY; do
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
done

# wrk speaks to the proxy; the script turns its requests into proxy requests for the origin.
cat > "$tmp/proxy.lua" <<'LUA'
wrk.path = os.getenv("TARGET")
wrk.headers["Host"] = os.getenv("TARGET_HOST")
LUA

# One case: prints "rps p99ms errors".
measure() { # port path connections seconds
  local port=$1 path=$2 conns=$3 secs=$4 threads=1 out
  [ "$conns" -gt 1 ] && threads=2
  if [ "$port" = $ORIGIN ]; then
    out=$(wrk -t$threads -c"$conns" -d"${secs}s" --latency "http://127.0.0.1:$ORIGIN$path")
  else
    out=$(TARGET="http://127.0.0.1:$ORIGIN$path" TARGET_HOST="127.0.0.1:$ORIGIN" \
      wrk -t$threads -c"$conns" -d"${secs}s" --latency -s "$tmp/proxy.lua" "http://127.0.0.1:$port")
  fi
  echo "$out" | awk '
    /Requests\/sec/ { rps = $2 }
    /^ +99%/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v);
               p99 = (u == "us") ? v / 1000 : (u == "s") ? v * 1000 : (u == "m") ? v * 60000 : v }
    /Non-2xx/ { err += $NF }
    # Read errors are connections the server closed after a complete response (tinyproxy does after each).
    /Socket errors/ { gsub(/,/, ""); err += $4 + $8 + $10 }
    END { printf "%.0f %.2f %d\n", rps, p99, err }'
}

# The JIT compiles the proxy's hot paths in the first seconds of load: warm both JVM proxies up first.
for port in $NETTY $CACHED; do
  measure $port /small 64 8 >/dev/null
  measure $port /1m 64 4 >/dev/null
done

printf '%-6s %5s | %-16s | %-16s | %-16s | %-16s | %s\n' size conns "origin direct" "tinyproxy" "embedded" \
  "embedded+cache" "embedded/tinyproxy"
printf '%-6s %5s | %-16s | %-16s | %-16s | %-16s | %s\n' "" "" "rps   p99 ms" "rps   p99 ms" "rps   p99 ms" \
  "rps   p99 ms" "rps x, p99 x"
for path in /small /1m; do
  for conns in 1 64; do
    row=()
    for port in $ORIGIN $TINY $NETTY $CACHED; do
      measure $port $path $conns 2 >/dev/null   # warm-up (JIT, cache fill, connection pools)
      read -r rps p99 err < <(measure $port $path $conns "$DURATION")
      [ "$err" -gt 0 ] && rps="$rps!$err"
      row+=("$rps" "$p99")
    done
    ratio=$(awk -v a="${row[4]%%!*}" -v b="${row[2]%%!*}" -v pa="${row[5]}" -v pb="${row[3]}" \
      'BEGIN { printf "%.2f, %.2f", a / b, pa / pb }')
    printf '%-6s %5s | %8s %7s | %8s %7s | %8s %7s | %8s %7s | %s\n' "${path#/}" "$conns" "${row[@]}" "$ratio"
  done
done
echo "(rps!N: N failed connections or non-2xx answers; tinyproxy closes each client connection after its response;"
echo " the embedded proxy keeps them (and its origin connections) alive; wrk ${DURATION}s per case after 2s of warm-up; $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(tinyproxy -v 2>&1 | head -1); $(java -version 2>&1 | head -1))"
