#!/usr/bin/env bash
# Provides a PostgreSQL server for the tests and prints a connection URL for a role that may
# create databases (each test file makes its own database and drops it afterwards).
# $DATABASE_URL, when set, is used as it is; otherwise the machine's PostgreSQL 15 cluster is
# started with pg_ctlcluster and a local role is created for the project.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [[ -n "${DATABASE_URL:-}" ]]; then echo "$DATABASE_URL"; exit 0; fi

PG_VERSION="${DACASE_PG_VERSION:-15}"
PG_CLUSTER="${DACASE_PG_CLUSTER:-main}"
ROLE=dacase_dev
command -v pg_ctlcluster >/dev/null || { log "no DATABASE_URL and no pg_ctlcluster: install postgresql-$PG_VERSION or set DATABASE_URL"; exit 1; }

status="$(pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}')"
[[ -n "$status" ]] || { log "PostgreSQL cluster $PG_VERSION/$PG_CLUSTER does not exist (pg_createcluster $PG_VERSION $PG_CLUSTER)"; exit 1; }
if [[ "$status" != online* ]]; then
  log "starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
  pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start >&2
fi
port="$(pg_lsclusters --no-header | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}')"

as_postgres() { if [[ "$(id -u)" == 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
# A development-only role on a loopback-only server; production uses DATABASE_URL.
as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
    CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD '$ROLE';
  END IF;
END \$\$;
-- DROP DATABASE ... WITH (FORCE) must end autovacuum workers on a test database too.
SET client_min_messages = warning; -- no notice when the role is a member already
GRANT pg_signal_backend TO $ROLE;
SQL
echo "postgres://$ROLE:$ROLE@127.0.0.1:$port/postgres"
