#!/usr/bin/env bash
# Installs what is missing, then serves Claimmark on http://127.0.0.1:8080 (sample article loaded).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
echo "Claimmark: http://127.0.0.1:8080 (Ctrl+C stops it)"
exec trunk serve --no-autoreload "$@"
