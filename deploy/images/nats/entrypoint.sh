#!/bin/sh
# As the upstream image: `docker run nats -js` runs `nats-server -js`.
set -e
case "${1:-}" in -*) set -- nats-server "$@" ;; esac
exec "$@"
