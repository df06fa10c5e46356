#!/usr/bin/env bash
# Installs the machine packages the test suite needs when they are missing: Java 17 and Maven (the
# time-skipping test server) and PostgreSQL 15, from Debian's packages. As root with apt-get this
# is automatic; otherwise it names what to install and stops. Set DATABASE_URL to use a
# PostgreSQL of your own instead of the machine's.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

missing=()
command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || missing+=(maven)
command -v pg_ctlcluster >/dev/null || [[ -n "${DATABASE_URL:-}" ]] || missing+=(postgresql-15)
for package in "$@"; do missing+=("$package"); done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
  log "missing system packages: ${missing[*]}"
  log "install them (Debian: sudo apt-get install ${missing[*]}) and run again"
  exit 1
fi
log "installing ${missing[*]} with apt-get (first run only, about a minute)"
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
