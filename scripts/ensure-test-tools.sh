#!/usr/bin/env bash
# Installs the Debian tools some tests drive for real: chromium (status page), docker-compose (compose
# file check, container e2e test), systemd-analyze (unit check), docker.io and mmdebstrap (the container
# engine and scripts/container-images.sh). Starts dockerd when no engine answers, and records that it
# did; `--stop` stops only a dockerd this script started (.ci/run calls it when it ends).
set -euo pipefail
PIDFILE=${LC_DOCKERD_PIDFILE:-/run/lc-test-dockerd.pid}
LOG=${LC_DOCKERD_LOG:-/var/log/lc-test-dockerd.log}

engine_answers() { command -v docker >/dev/null && timeout 10 docker info >/dev/null 2>&1; }

if [ "${1:-}" = --stop ]; then
  [ -f "$PIDFILE" ] || { echo "test tools: no dockerd of ours to stop"; exit 0; }
  pid=$(cat "$PIDFILE")
  if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]; then
    kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { echo "test tools: dockerd $pid did not stop" >&2; exit 1; }
    echo "test tools: stopped dockerd $pid (started by this script)"
  fi
  rm -f "$PIDFILE"
  exit 0
fi

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v systemd-analyze >/dev/null || missing+=(systemd)
command -v dockerd >/dev/null || missing+=(docker.io)
command -v mmdebstrap >/dev/null || missing+=(mmdebstrap)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "test tools missing: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "test tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "test tools: all present"
fi

if engine_answers; then
  echo "test tools: a container engine answers"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "test tools: no container engine answers and only root starts dockerd here: the integration tests" \
    "use the local services and the container e2e test says it did not run" >&2
  exit 0
fi
# No systemd here: dockerd in the background (it starts its own containerd), its pid recorded for --stop.
setsid dockerd >"$LOG" 2>&1 < /dev/null &
echo $! > "$PIDFILE"
for _ in $(seq 1 60); do engine_answers && { echo "test tools: started dockerd $(cat "$PIDFILE") (log $LOG)"; exit 0; }; sleep 0.5; done
echo "test tools: dockerd did not answer within 30 s; its log:" >&2
tail -20 "$LOG" >&2
exit 1
