#!/usr/bin/env bash
# Validates docker-compose.yml without a Docker engine:
#   1. with deploy/.env.example it resolves cleanly (schema, anchors, interpolation);
#   2. leaving out any one required variable (${VAR:?...}) makes it fail, so no secret can
#      silently fall back to a default or an empty value;
#   3. no service sets container_name (it would stop `--scale worker=N`).
# Needs docker-compose (Debian: apt-get install docker-compose) or the docker compose plugin.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

compose_file=docker-compose.yml
env_example=deploy/.env.example

if command -v docker-compose >/dev/null; then
  compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  echo "check-compose: needs docker-compose (apt-get install docker-compose) or the docker compose plugin" >&2
  exit 2
fi

# The secrets that must never get a default, plus any other ${VAR:?...} in the file.
secrets=(POSTGRES_PASSWORD APP_DB_PASSWORD TEMPORAL_DB_PASSWORD PAYLOAD_ENCRYPTION_KEYS AUTH_JWKS_URL AUTH_ISSUER AUTH_AUDIENCE)
required=($( { printf '%s\n' "${secrets[@]}"
  grep -oE '\$\{[A-Z_][A-Z0-9_]*:\?' "$compose_file" | sed -E 's/^\$\{//; s/:\?$//'; } | sort -u))
# The caller's environment overrides env files: clear the required variables so only the files count.
unset_required=()
for name in "${required[@]}"; do unset_required+=(-u "$name"); done
run_config() { env "${unset_required[@]}" "${compose[@]}" -f "$compose_file" --env-file "$1" config -q; }

failures=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "check-compose: ${compose[*]} -f $compose_file --env-file $env_example config -q"
if run_config "$env_example"; then
  echo "  ok: resolves with $env_example"
else
  echo "  FAIL: does not resolve with $env_example" >&2
  failures=$((failures + 1))
fi

for name in "${required[@]}"; do
  grep -vE "^${name}=" "$env_example" >"$tmp/env"
  if run_config "$tmp/env" 2>"$tmp/err"; then
    echo "  FAIL: resolves without $name (it must be required)" >&2
    failures=$((failures + 1))
  elif grep -q "set $name" "$tmp/err"; then
    echo "  ok: refuses to resolve without $name"
  else
    echo "  FAIL: without $name it fails for another reason:" >&2
    sed 's/^/    /' "$tmp/err" >&2
    failures=$((failures + 1))
  fi
done

if grep -qE '^[[:space:]]*container_name:' "$compose_file"; then
  echo "  FAIL: container_name is set; services with it cannot be scaled" >&2
  failures=$((failures + 1))
else
  echo "  ok: no container_name"
fi

if [[ $failures -gt 0 ]]; then
  echo "check-compose: $failures problem(s)" >&2
  exit 1
fi
echo "check-compose: ok"
