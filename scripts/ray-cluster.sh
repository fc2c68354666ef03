#!/usr/bin/env bash
# A one-node Ray head on loopback for the Ray pool's tests, from the pinned ray[default] of the test venv.
#
#   scripts/ray-cluster.sh start   makes the venv when missing (scripts/python-env.sh), then starts
#                                  `ray start --head --block`; reuses a head this script started
#   scripts/ray-cluster.sh stop    stops that head: every process of its session and their children
#                                  (the jobs' entrypoints have sessions of their own), by its recorded pid
#   scripts/ray-cluster.sh status  exit 0 when the head's Jobs API answers
#   scripts/ray-cluster.sh env     prints `SKILLBOARD_TEST_RAY_ADDRESS=…` (the dashboard, i.e. the Jobs API)
#                                  and `SKILLBOARD_TEST_RAY_TOKEN=…` (its auth token)
#
# Everything lives in $SKILLBOARD_RAY_DIR (default /tmp/skillboard-ray): Ray's --temp-dir, the ports,
# the token, the pid and the head's output. The head has 2 CPUs, no GPUs, a 200 MB object store, and
# every port Ray opens is a free one picked at start (so it stands beside any other Ray on the machine).
# Token authentication is on (RAY_AUTH_MODE=token): the Jobs API answers 401 without
# `Authorization: Bearer <token>`, which is how the pool's `headers` are tested.
# `ray stop` is never used: it stops every Ray process on the machine, not only this head's.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${SKILLBOARD_RAY_DIR:-/tmp/skillboard-ray}"
venv="$root/.venv"
ray="$venv/bin/ray"

log() { echo "ray-cluster: $*" >&2; }

pid_alive() { [ -f "$dir/head.pid" ] && kill -0 "$(cat "$dir/head.pid")" 2>/dev/null; }

address() { echo "http://127.0.0.1:$(sed -n 's/^dashboard=//p' "$dir/ports" 2>/dev/null)"; }

# The head counts as up once its Jobs API answers and its node is alive (a job submitted before then would wait).
answers() {
  pid_alive || return 1
  local token
  token="$(cat "$dir/token" 2>/dev/null)"
  curl -sf --max-time 10 -H "Authorization: Bearer $token" "$(address)/api/version" >/dev/null || return 1
  curl -sf --max-time 10 -H "Authorization: Bearer $token" "$(address)/api/v0/nodes" 2>/dev/null | grep -q '"state": "ALIVE"'
}

wait_ready() {
  for _ in $(seq 1 "$1"); do
    answers && return 0
    pid_alive || return 1
    sleep 0.5
  done
  return 1
}

# Free TCP ports on 127.0.0.1, one per name, into $dir/ports: the previous start's ports when they are
# all still free (a head stopped and started again keeps its address, as a restarted cluster head does).
pick_ports() {
  "$venv/bin/python" - "$dir/ports" "$@" <<'PY'
import os, socket, sys
path, names = sys.argv[1], sys.argv[2:]
def free(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers bind: a port in TIME_WAIT is free to them
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()
old = dict(l.strip().split("=", 1) for l in open(path) if "=" in l) if os.path.exists(path) else {}
if all(n in old and free(int(old[n])) for n in names):
    ports = {n: int(old[n]) for n in names}
else:
    socks, ports = [], {}
    for n in names:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports[n] = s.getsockname()[1]
with open(path + ".new", "w") as f:
    f.writelines(f"{n}={p}\n" for n, p in ports.items())
os.replace(path + ".new", path)
PY
}

start() {
  # A running head is reused as it is, never restarted: other test files may have jobs on it.
  if pid_alive; then
    if wait_ready 240; then log "already running ($(address))"; return 0; fi
    log "the running head does not answer; restarting it"
  fi
  stop_head quiet
  [ -x "$ray" ] || bash "$root/scripts/python-env.sh" >/dev/null || { log "could not make the test venv (scripts/python-env.sh)"; return 1; }
  rm -rf "$dir/tmp"
  mkdir -p "$dir/tmp"
  pick_ports gcs dashboard agent agent_grpc runtime_env metrics client node_manager object_manager || return 1
  port() { sed -n "s/^$1=//p" "$dir/ports"; }
  [ -s "$dir/token" ] || { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/token"; chmod 0600 "$dir/token"; }
  log "starting a Ray head ($("$ray" --version 2>/dev/null)) in $dir…"
  # setsid: the head and everything it starts share one session, which is how `stop` finds them.
  # 9>&-: the head must not inherit the lock's descriptor, or it holds the lock for its whole life.
  RAY_AUTH_MODE=token RAY_AUTH_TOKEN="$(cat "$dir/token")" RAY_USAGE_STATS_ENABLED=0 \
    setsid "$ray" start --head --block \
    --node-ip-address 127.0.0.1 --port "$(port gcs)" \
    --dashboard-host 127.0.0.1 --dashboard-port "$(port dashboard)" \
    --dashboard-agent-listen-port "$(port agent)" --dashboard-agent-grpc-port "$(port agent_grpc)" \
    --runtime-env-agent-port "$(port runtime_env)" --metrics-export-port "$(port metrics)" \
    --ray-client-server-port "$(port client)" --node-manager-port "$(port node_manager)" \
    --object-manager-port "$(port object_manager)" \
    --num-cpus 2 --num-gpus 0 --object-store-memory 200000000 \
    --include-log-monitor false --disable-usage-stats --temp-dir "$dir/tmp" \
    >"$dir/head.log" 2>&1 </dev/null 9>&- &
  echo $! >"$dir/head.pid"
  # Ray's first start on a busy 2-core machine takes up to a minute or two.
  if wait_ready 600; then log "up: $(address) (2 CPUs, pid $(cat "$dir/head.pid"))"; return 0; fi
  log "the head did not come up; the end of its output:"
  tail -n 30 "$dir/head.log" >&2 2>/dev/null
  stop_head quiet
  return 1
}

# The head's session and every descendant of its processes (a job's entrypoint runs in a session of its own).
head_pids() {
  local pid="$1"
  ps -e -o pid=,ppid=,sid= | awk -v root="$pid" '
    { parent[$1] = $2; sid[$1] = $3; pids[NR] = $1 }
    END {
      for (i in pids) if (sid[pids[i]] == root || pids[i] == root) mine[pids[i]] = 1
      do {
        added = 0
        for (i in pids) { p = pids[i]; if (!(p in mine) && (parent[p] in mine)) { mine[p] = 1; added = 1 } }
      } while (added)
      for (p in mine) print p
    }'
}

stop_head() {
  pid_alive || { rm -f "$dir/head.pid"; return 0; }
  local pid pids left
  pid="$(cat "$dir/head.pid")"
  pids="$(head_pids "$pid")"
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null
  for _ in $(seq 1 20); do
    left=""
    for p in $pids; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
    [ -z "$left" ] && break
    sleep 0.25
  done
  # shellcheck disable=SC2086
  [ -n "$left" ] && kill -KILL $left 2>/dev/null
  rm -f "$dir/head.pid"
  [ "${1:-}" = quiet ] || log "stopped the Ray head ($pid) and its $(echo "$pids" | wc -w) processes"
}

# Test files running at once may all ask for the head: one start or stop at a time.
lock() { mkdir -p "$dir"; exec 9>"$dir.lock"; flock 9; }

case "${1:-}" in
  start) lock; start ;;
  stop) lock; stop_head ;;
  status) answers ;;
  env) echo "SKILLBOARD_TEST_RAY_ADDRESS=$(address)"; echo "SKILLBOARD_TEST_RAY_TOKEN=$(cat "$dir/token" 2>/dev/null)" ;;
  *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
esac
