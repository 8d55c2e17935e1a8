#!/usr/bin/env bash
# Page weight of the web dashboard: every file the page loads (index.html, then what it links and
# what each module imports, followed as a browser does), fetched as a browser fetches it
# (Accept-Encoding: gzip), the bytes on the wire summed. The files need no session: no login here.
# Usage: bench/web-weight.sh [BASE_URL]   (default: start this build's distribution on a free port;
#                                          build first: mvn -DskipTests install)
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-}
work=$(mktemp -d)
body=$work/body
if [ -z "$base" ]; then
  . bench/lib/one-host.sh
  trap '"$work/home/bin/stop" >/dev/null 2>&1 || true; while pgrep -f -- "karaf.home=$work/home" >/dev/null; do sleep 0.2; done; rm -rf "$work"' EXIT
  one_host_start "$work" "$work/home" >/dev/null
  base=${api%/api/v1}
else
  trap 'rm -rf "$work"' EXIT
fi

echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short HEAD), $base"
declare -A seen=()
queue=("index.html")
total_raw=0 total_wire=0
printf '%-16s %9s %9s\n' file bytes gzip
while [ ${#queue[@]} -gt 0 ]; do
  file=${queue[0]}; queue=("${queue[@]:1}")
  [ -z "${seen[$file]:-}" ] || continue
  seen[$file]=1
  path=$file; [ "$file" = index.html ] && path=""
  raw=$(curl -sf "$base/$path" -o "$body" -w '%{size_download}')
  wire=$(curl -sf -H 'Accept-Encoding: gzip' "$base/$path" -o /dev/null -w '%{size_download}')
  printf '%-16s %9d %9d\n' "$file" "$raw" "$wire"
  total_raw=$((total_raw + raw)) total_wire=$((total_wire + wire))
  # what this file makes the browser fetch next: src/href of the page, module imports of a script
  # (also those loaded on first use, import('./x.js'): a view that draws with them fetches them)
  for next in $(grep -oE "(src|href)=\"[a-z0-9-]+\.(js|css)\"|from '\./[a-z0-9-]+\.js'|import\('\./[a-z0-9-]+\.js'\)" "$body" \
                | grep -oE "[a-z0-9-]+\.(js|css)"); do
    queue+=("$next")
  done
done
printf '%-16s %9d %9d\n' total "$total_raw" "$total_wire"
printf 'page weight: %d files, %.1f KB compressed (target < 300 KB), %.1f KB uncompressed\n' \
  "${#seen[@]}" "$(echo "$total_wire / 1000" | bc -l)" "$(echo "$total_raw / 1000" | bc -l)"
