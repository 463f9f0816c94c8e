#!/bin/sh
# As the upstream image: `docker run nats -js` runs `nats-server -js`.
# Debian's nats-server is 2.9, which has no `--sync_interval` (it starts at 2.10): the stand-in drops
# it and says so (docs/decisions.md, "sync_interval: always").
set -e
case "${1:-}" in -*) set -- nats-server "$@" ;; esac
if [ "$1" = nats-server ]; then
  for arg; do
    shift
    if [ -n "${skip:-}" ]; then skip=; continue; fi
    case "$arg" in
      --sync_interval|-sync_interval) skip=1; echo "stand-in nats-server $(nats-server --version): no --sync_interval before 2.10; option dropped" >&2 ;;
      --sync_interval=*|-sync_interval=*) echo "stand-in nats-server: no --sync_interval before 2.10; option dropped" >&2 ;;
      *) set -- "$@" "$arg" ;;
    esac
  done
fi
exec "$@"
