# Sourced by the harnesses that start a distribution and call its REST API: every call but the login
# and GET /health carries a session.
#   Sourcing exports MOBITOPOLO_ADMIN_PASSWORD (a random one unless it is set already), so that a
#   fresh distribution started afterwards by bin/start creates its first administrator, admin, with it.
#   bench_login API [ARRAY [HOME]]  waits (BENCH_LOGIN_TIMEOUT s, default 120) until a login as admin
#                                   succeeds on API (http://HOST:PORT/api/v1), then sets the array
#                                   ARRAY (default AUTH) to curl's options for the session,
#                                   -H "Authorization: Bearer TOKEN", and BENCH_AUTH[API] to that header:
#                                     curl "${AUTH[@]}" -sf "$api/vms"
#                                     curl -H "${BENCH_AUTH[$api]}" -sf "$api/vms"
#                                   With HOME, the distribution's data/mobitopolo/admin.password is
#                                   the password where it exists (a distribution started before).
#   bench_token API [HOME]          one login attempt: prints the token, or fails at once.
if [ -z "${MOBITOPOLO_ADMIN_PASSWORD:-}" ]; then
  MOBITOPOLO_ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
fi
export MOBITOPOLO_ADMIN_PASSWORD
declare -gA BENCH_AUTH=()

bench_password() { # [home]
  local file=${1:+$1/data/mobitopolo/admin.password}
  if [ -n "$file" ] && [ -r "$file" ]; then head -1 "$file"; else echo "$MOBITOPOLO_ADMIN_PASSWORD"; fi
}

bench_token() { # api [home]; no Python here: startup.sh calls it every 50 ms while a runtime boots
  local pw resp
  pw=$(bench_password "${2:-}")
  pw=${pw//\\/\\\\}; pw=${pw//\"/\\\"}
  resp=$(curl -sf -m 10 -X POST -H 'Content-Type: application/json' \
    -d "{\"user\": \"admin\", \"password\": \"$pw\"}" "$1/sessions" 2>/dev/null) || return 1
  [[ $resp =~ \"token\"\ *:\ *\"([A-Za-z0-9_-]+)\" ]] || return 1
  echo "${BASH_REMATCH[1]}"
}

bench_login() { # api [array name] [home]
  local api=$1 deadline=$((SECONDS + ${BENCH_LOGIN_TIMEOUT:-120})) token=""
  local -n bench_auth_array=${2:-AUTH}
  until token=$(bench_token "$api" "${3:-}") && [ -n "$token" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "bench: no login as admin on $api within ${BENCH_LOGIN_TIMEOUT:-120} s" \
        "(last answer: $(curl -s -m 5 -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -d '{}' "$api/sessions"))" >&2
      return 1
    fi
    sleep 0.2
  done
  BENCH_AUTH[$api]="Authorization: Bearer $token"
  bench_auth_array=(-H "Authorization: Bearer $token")
}
