#!/usr/bin/env bash
# `npm start`'s build: only what runs (src/; no tests), incremental, and
# skipped outright when no source is newer than the last build (tsc alone takes seconds to see that).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_ROOT"
stamp=dist/.tsbuildinfo-build
if [[ -f "$stamp" && -f dist/src/bin/all-in-one.js ]] &&
  [[ -z "$(find src tsconfig.json tsconfig.build.json package-lock.json -newer "$stamp" -name '*.ts' -o -newer "$stamp" -name '*.json' | head -1)" ]]; then
  printf '[start] dist/ is up to date\n' >&2
  exit 0
fi
printf '[start] compiling src/ into dist/ (incremental: only what changed)…\n' >&2
npx --no-install tsc -p tsconfig.build.json
touch "$stamp"
