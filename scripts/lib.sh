# Shared by the provisioning scripts: paths and a logger that writes to stderr,
# so a script's stdout carries only its result (a path or a URL).
set -euo pipefail
PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_DIR="${DACASE_TOOLS_DIR:-$PROJECT_ROOT/.tools}"
mkdir -p "$TOOLS_DIR"
log() { printf '[provision] %s\n' "$*" >&2; }
