#!/usr/bin/env bash
# The web console's build: the API's OpenAPI document → its typed client (openapi-typescript) →
# a type check of the console against it → the bundle (vite) in dist/console, which the API serves.
# Skipped when nothing it is made from changed since the last build (`npm start` does not rebuild).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$PROJECT_ROOT"
stamp=dist/console/.built
if [[ -f "$stamp" ]] && [[ -z "$(find web src package-lock.json -newer "$stamp" -type f | head -1)" ]]; then
  printf '[console] dist/console is up to date\n' >&2
  exit 0
fi
printf '[console] building the web console into dist/console…\n' >&2
mkdir -p dist
node dist/src/bin/openapi.js >dist/openapi.json
npx --no-install openapi-typescript dist/openapi.json --output web/src/api/openapi.d.ts --silent
npx --no-install tsc -p web/tsconfig.json
npx --no-install vite build --config web/vite.config.mjs
touch "$stamp"
