#!/usr/bin/env bash
# Finds or builds the Temporal CLI (dev server) and prints its path.
# Order: $TEMPORAL_CLI_PATH, `temporal` on PATH, the cached build in .tools/bin,
# `go install` of v1.5.1 (later tags carry a replace directive that go install refuses).
# Prints nothing when none is possible: the SDK then downloads the CLI itself (needs internet).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TEMPORAL_CLI_VERSION=v1.5.1
cached="$TOOLS_DIR/bin/temporal"

if [[ -n "${TEMPORAL_CLI_PATH:-}" ]]; then
  [[ -x "$TEMPORAL_CLI_PATH" ]] || { log "TEMPORAL_CLI_PATH=$TEMPORAL_CLI_PATH is not an executable file"; exit 1; }
  echo "$TEMPORAL_CLI_PATH"; exit 0
fi
if on_path="$(command -v temporal 2>/dev/null)"; then echo "$on_path"; exit 0; fi
if [[ -x "$cached" ]]; then echo "$cached"; exit 0; fi
if command -v go >/dev/null 2>&1; then
  log "building the Temporal CLI $TEMPORAL_CLI_VERSION with go install (first run only; uses Go's module and build caches)"
  GOBIN="$TOOLS_DIR/bin" GOFLAGS=-mod=mod go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION" >&2
  echo "$cached"; exit 0
fi
log "no Temporal CLI and no Go toolchain: the Temporal SDK will try to download the dev server itself"
