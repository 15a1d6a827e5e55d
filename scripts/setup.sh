#!/usr/bin/env bash
# Installs what building, serving and testing Claimmark needs, and nothing that is already there.
# Everything comes from a package registry (crates.io, npm, Debian); Trunk never downloads.
# A second run installs nothing and takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
log() { printf '[setup] %s\n' "$*"; }

export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# The wasm-bindgen CLI must equal the wasm-bindgen library in Cargo.lock, or the build fails late.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1; }
if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" Trunk.toml; then
  echo "setup: Trunk.toml pins a wasm_bindgen other than Cargo.lock's $WASM_BINDGEN_VERSION" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

if [ "$(trunk --version 2>/dev/null)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 12 minutes on 2 cores, once)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 4 minutes, once)"
  # Not --locked: the CLI's own lockfile names a crate version the registry no longer serves.
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  log "installing Debian's chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# npm: wasm-opt (binaryen), playwright-core. Reinstall only when the lockfile changed.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.claimmark-lock; then
  log "installing npm packages (binaryen, playwright-core)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.claimmark-lock
fi

python3 -c 'import jsonschema' 2>/dev/null || { log "installing jsonschema"; pip install -q jsonschema; }

log "ready: $(trunk --version), wasm-bindgen $(wasm-bindgen --version | awk '{print $2}'), $(wasm-opt --version), $(chromium --version 2>/dev/null)"
