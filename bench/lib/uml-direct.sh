# Sourced by harnesses that compare with UML VMs launched straight from the shell (the floor): the
# same kernel, image and options the UML plugin uses, no platform in between.
#   uml_direct COUNT KERNEL IMAGE DIR   starts COUNT VMs at once (working directories and mconsole
#                                       sockets under DIR), prints ms until every console says ready,
#                                       or "-" if one has not within 60 s plus 2 s per VM (a kernel that
#                                       cannot run user space here); then kills them.
#   UML_DIRECT_NIC=1                    gives each VM what a node with one NIC and an address has on
#                                       the platform: a vector NIC (L2TPv3 over UDP on loopback, sent to
#                                       a port where nothing listens) and mobi.ip=10.7.X.Y/16, which its
#                                       init configures before it says ready.
uml_direct() {
  local count=$1 k=$2 image=$3 dir=$4 t0 i d limit base
  limit=$(( 60000 + 2000 * count ))
  base=$(( 40000 + RANDOM % 10000 )) # VM i's NIC sends from base+i to base
  local -a nics=()
  t0=$(( $(date +%s%N) / 1000000 ))
  for i in $(seq 1 "$count"); do
    d="$dir/direct/d$i"; mkdir -p "$d" "$dir/sock"; rm -f "$d/disk.cow" "$d/console.log"
    [ "${UML_DIRECT_NIC:-0}" = 1 ] && nics=("vec0:transport=l2tpv3,udp=1,src=127.0.0.1,srcport=$((base + i)),dst=127.0.0.1,dstport=$base,rx_session=1,tx_session=1,mac=$(printf '02:00:00:02:%02x:%02x' $((i / 256)) $((i % 256)))" "mobi.ip=10.7.$((i / 250)).$((i % 250 + 1))/16")
    ( cd "$d" && exec "$k" mem=64M umid="d$i-$$" uml_dir="$dir/sock" con=null con0=fd:0,fd:1 \
        ubd0="$d/disk.cow,$image" root=/dev/ubda rw init=/init "${nics[@]}" mobi.hostname="d$i" \
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
