#!/usr/bin/env bash
# The seed's protocol-handler experiment (issue 17, docs/EXPERIMENTS.md), run by one distribution of this
# build through POST /api/v1/experiments: the topology deployed, prepared and cut once, then every site
# (cell) deployed from that cut REPS times and measured in the guests. Prints the summary table (mean ±
# sd), then per cell and measurement the repeat-to-repeat spread (coefficient of variation), and copies
# results.csv, summary.csv and plot.png/svg to OUT.
# Usage: bench/experiment.sh [reps=24] [cells=all|tokyo,texas,...] [out=bench-experiment]
#        (build first: mvn -DskipTests install; the first run builds the ph-guest image: minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-24} cells=${2:-all} out=${3:-bench-experiment}
dir=examples/protocol-handler
work=$(mktemp -d /tmp/mobi-exp-bench.XXXX)
cleanup() {
  "$work/karaf/bin/stop" >/dev/null 2>&1 || true
  while pgrep -f "karaf.home=$work/karaf" >/dev/null; do sleep 0.2; done
  rm -rf "$work"
}
trap cleanup EXIT
. bench/lib/one-host.sh
one_host_start "$work" "$work/karaf"
until curl "${AUTH[@]}" -sf "$api/experiments" >/dev/null; do sleep 0.2; done

# the file as it is, keeping only the chosen cells (each cell is a "  - name: X" block)
experiment=$(awk -v keep=",$cells," '
  /^  - name: / { split($3, n, " "); on = (keep == ",all," || index(keep, "," n[1] ",") > 0) }
  /^[a-z]/ { on = 1 }
  on' "$dir/sites.experiment.yml")
body=$(jq -n --arg e "$experiment" --rawfile t "$dir/protocol-handler.mobi.yml" --argjson r "$reps" \
  '{experiment: $e, files: {"protocol-handler.mobi.yml": $t}, repetitions: $r}')

echo "protocol-handler experiment, $reps repetitions of cells: $cells; $(date -u '+%F %H:%M') UTC, $(nproc) cores," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), commit $(git rev-parse --short=7 HEAD)$(git diff --quiet HEAD -- bundles || echo '+changes')"
status=$(curl "${AUTH[@]}" -sS -X POST -H 'Content-Type: application/json' --data-binary "$body" "$api/experiments")
id=$(echo "$status" | jq -er .id) || { echo "bench: refused: $status" >&2; exit 1; }
t0=$SECONDS printed=0
while :; do
  status=$(curl "${AUTH[@]}" -sf "$api/experiments/$id?wait=60") || { sleep 5; continue; }
  lines=$(echo "$status" | jq .logLines)
  [ "$lines" -gt "$printed" ] && echo "$status" | jq -r --argjson n "$((lines - printed))" '.log[-$n:][]' | sed 's/^/  /'
  printed=$lines
  [ "$(echo "$status" | jq -r .state)" = RUNNING ] || break
done
echo "$(echo "$status" | jq -r .state) in $((SECONDS - t0)) s"
echo "$status" | jq -r .summary
mkdir -p "$out"
for f in results.csv summary.csv plot.png plot.svg; do
  curl "${AUTH[@]}" -sf "$api/experiments/$id/files/$f" -o "$out/$f" || echo "bench: no $f" >&2
done
echo "repeat-to-repeat spread (coefficient of variation, %; n = successful repetitions):"
awk -F, 'NR > 1 { cv[$1] = cv[$1] sprintf("  %s %s%% (n=%s)", $2, $9 == "" ? "-" : sprintf("%.1f", $9), $4) }
  END { for (c in cv) print "  " c ":" cv[c] }' "$out/summary.csv" | sort
echo "results in $out/"
