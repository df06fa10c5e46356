#!/usr/bin/env bash
# Provides a Chromium for the browser tests (they drive it with playwright-core): $CHROMIUM_PATH
# when set, else Debian's package, installed with apt-get when missing. Prints the browser's path.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -n "${CHROMIUM_PATH:-}" ]]; then
  [[ -x "$CHROMIUM_PATH" ]] || { log "CHROMIUM_PATH=$CHROMIUM_PATH is not executable"; exit 1; }
  echo "$CHROMIUM_PATH"; exit 0
fi
if ! command -v chromium >/dev/null; then
  [[ "$(id -u)" == 0 ]] || { log "chromium is missing: run as root, or apt-get install chromium, or set CHROMIUM_PATH"; exit 1; }
  log "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium >&2
fi
command -v chromium
