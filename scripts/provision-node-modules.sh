#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than the lockfile, so that
# `npm start` and `npm test` work on a fresh clone.
# `npm install` leaves the complete lockfile as it is.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_ROOT"
marker=node_modules/.package-lock.json
if [[ ! -f "$marker" || package-lock.json -nt "$marker" ]]; then
  log "installing npm dependencies (first run only)"
  npm install --no-audit --no-fund >&2
fi
