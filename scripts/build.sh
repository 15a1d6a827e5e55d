#!/usr/bin/env bash
# Writes the release build to dist/: static files any web server (or a USB stick) can host.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
trunk build --release
bash scripts/bundle_size.sh
