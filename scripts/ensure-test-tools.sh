#!/usr/bin/env bash
# Installs the Debian tools some tests drive for real: chromium (status page), docker-compose (compose
# file check), systemd-analyze (unit check). Does nothing when they are already there.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v docker-compose >/dev/null || missing+=(docker-compose)
command -v systemd-analyze >/dev/null || missing+=(systemd)
[ ${#missing[@]} -eq 0 ] && { echo "test tools: all present"; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
  echo "test tools missing: ${missing[*]} — run: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "test tools: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
