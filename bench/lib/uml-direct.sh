# Sourced by harnesses that compare with UML VMs launched straight from the shell (the floor): the
# same kernel, image and options the UML plugin uses, no platform in between.
#   uml_direct COUNT KERNEL IMAGE DIR   starts COUNT VMs at once (working directories and mconsole
#                                       sockets under DIR), prints ms until every console says ready,
#                                       or "-" if one has not within 60 s plus 2 s per VM (a kernel that
#                                       cannot run user space here); then kills them.
uml_direct() {
  local count=$1 k=$2 image=$3 dir=$4 t0 i d limit
  limit=$(( 60000 + 2000 * count ))
  t0=$(( $(date +%s%N) / 1000000 ))
  for i in $(seq 1 "$count"); do
    d="$dir/direct/d$i"; mkdir -p "$d" "$dir/sock"; rm -f "$d/disk.cow" "$d/console.log"
    ( cd "$d" && exec "$k" mem=64M umid="d$i-$$" uml_dir="$dir/sock" con=null con0=fd:0,fd:1 \
        ubd0="$d/disk.cow,$image" root=/dev/ubda rw init=/init mobi.hostname="d$i" \
        </dev/null >"$d/console.log" 2>&1 ) &
  done
  local result=""
  for i in $(seq 1 "$count"); do
    until grep -q MOBITOPOLO-READY "$dir/direct/d$i/console.log" 2>/dev/null; do
      [ $(( $(date +%s%N) / 1000000 - t0 )) -gt "$limit" ] && result="-" && break 2
      sleep 0.01
    done
  done
  echo "${result:-$(( $(date +%s%N) / 1000000 - t0 ))}"
  pkill -f "umid=d[0-9]*-$$" || true
  while pgrep -f "umid=d[0-9]*-$$" >/dev/null; do sleep 0.2; done
}
