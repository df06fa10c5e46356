#!/usr/bin/env bash
# Everything the test suite needs, provisioned idempotently (cached under .tools/, git-ignored).
# Writes .tools/test-env.json with the resolved paths for the tests to read.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
here="$(dirname "${BASH_SOURCE[0]}")"
bash "$here/provision-system.sh"
bash "$here/provision-node-modules.sh"
cli="$(bash "$here/provision-temporal-cli.sh")"
test_server="$(bash "$here/provision-test-server.sh")"
database_url="$(bash "$here/provision-postgres.sh")"
chromium="$(bash "$here/provision-chromium.sh")"
cat >"$TOOLS_DIR/test-env.json" <<JSON
{ "temporalCliPath": "$cli", "timeSkippingServerPath": "$test_server", "databaseUrl": "$database_url", "chromiumPath": "$chromium" }
JSON
log "Temporal CLI: ${cli:-SDK download}; time-skipping server: $test_server; PostgreSQL: ready"
